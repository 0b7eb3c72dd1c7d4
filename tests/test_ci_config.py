"""Configuration from the repository: discovery, keys, errors, precedence, ``unspin config``."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from unspin import config as cfgmod
from unspin.globs import glob_match

LIST = """\
domain: cicfg
entries:
- spun: pores and skin
  fix: skin
  examples: [Rub the cream into dry pores and skin.]
- spun: coronary heart
  fix: heart
  examples: [Exercise keeps the coronary heart strong.]
"""
ONE = "Rub the lotion into dry pores and skin before bed.\n"          # one tortured finding: not spun
TWO = "Dry pores and skin and a tired coronary heart need rest.\n"   # spun


def unspin(*args, cwd):
    p = subprocess.run([sys.executable, "-m", "unspin", *map(str, args)], capture_output=True, text=True,
                       cwd=cwd)
    assert "Traceback" not in p.stderr, p.stderr
    return p


@pytest.fixture()
def repo(tmp_path):
    """A content repository: lists/, content/ with posts, drafts/, a pyproject with [tool.unspin]."""
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "cicfg.yml").write_text(LIST, encoding="utf-8")
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / "drafts").mkdir()
    (content / "posts" / "one.md").write_text(ONE, encoding="utf-8")
    (content / "drafts" / "two.md").write_text(TWO, encoding="utf-8")
    (content / "notes.txt").write_text(ONE, encoding="utf-8")
    return tmp_path


def write_pyproject(repo: Path, body: str) -> Path:
    p = repo / "pyproject.toml"
    p.write_text('[project]\nname = "blog"\n\n[tool.unspin]\n' + body, encoding="utf-8")
    return p


def test_discovery_walks_up_from_the_checked_path(repo):
    write_pyproject(repo, 'fail-on = "tortured"\nwordlists = ["lists/cicfg.yml"]\n')
    # run from a sibling folder: the config is found from the checked file, not the cwd
    elsewhere = repo.parent / (repo.name + "-elsewhere")
    elsewhere.mkdir()
    p = unspin("check", "--no-builtin", "-j", "1", repo / "content" / "posts" / "one.md", cwd=elsewhere)
    assert p.returncode == 1, p.stderr  # fail-on tortured from [tool.unspin]; the list path resolved from it
    assert "cicfg/pores-and-skin" in p.stdout
    assert unspin("check", "--no-builtin", "--no-config", "--wordlist", repo / "lists" / "cicfg.yml", "-j", "1",
                  repo / "content" / "posts" / "one.md", cwd=elsewhere).returncode == 0
    assert cfgmod.discover(repo / "content" / "posts") == repo / "pyproject.toml"


def test_dot_unspin_toml_wins_over_pyproject_and_nearest_wins(repo):
    write_pyproject(repo, 'fail-on = "never"\n')
    (repo / "content" / ".unspin.toml").write_text('fail-on = "tortured"\nwordlists = ["../lists/cicfg.yml"]\n',
                                                  encoding="utf-8")
    assert cfgmod.discover(repo / "content" / "posts" / "one.md") == repo / "content" / ".unspin.toml"
    p = unspin("check", "--no-builtin", "-j", "1", "content/posts/one.md", cwd=repo)
    assert p.returncode == 1, p.stderr
    # a pyproject without [tool.unspin] is not a configuration
    (repo / "content" / ".unspin.toml").unlink()
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert cfgmod.discover(repo / "content") is None or cfgmod.discover(repo / "content") != repo / "pyproject.toml"


def test_config_option_overrides_discovery_and_no_config_ignores(repo):
    write_pyproject(repo, 'fail-on = "never"\nwordlists = ["lists/cicfg.yml"]\n')
    other = repo / "strict.toml"
    other.write_text('fail-on = "tortured"\nwordlists = ["lists/cicfg.yml"]\n', encoding="utf-8")
    assert unspin("check", "--no-builtin", "-j", "1", "content/posts/one.md", cwd=repo).returncode == 0
    assert unspin("check", "--no-builtin", "-j", "1", "--config", other, "content/posts/one.md",
                  cwd=repo).returncode == 1
    # command line beats the file
    assert unspin("check", "--no-builtin", "-j", "1", "--config", other, "--fail-on", "never",
                  "content/posts/one.md", cwd=repo).returncode == 0


def test_include_exclude_and_no_paths(repo):
    write_pyproject(repo, 'fail-on = "tortured"\nwordlists = ["lists/cicfg.yml"]\n'
                          'include = ["content/**/*.md"]\nexclude = ["content/drafts"]\n')
    p = unspin("check", "--no-builtin", "-j", "1", "--format", "json", cwd=repo)
    paths = [f["path"] for f in json.loads(p.stdout)["files"]]
    assert paths == [str(Path("content/posts/one.md"))]
    assert p.returncode == 1
    # files named explicitly are filtered too (pre-commit passes every changed file)
    p = unspin("check", "--no-builtin", "-j", "1", "--format", "json", "content/drafts/two.md",
               "content/notes.txt", "content/posts/one.md", cwd=repo)
    assert [f["path"] for f in json.loads(p.stdout)["files"]] == ["content/posts/one.md"]
    p = unspin("check", "--no-builtin", "-j", "1", "content/drafts/two.md", cwd=repo)
    assert p.returncode == 0 and "no files to check" in p.stderr


def test_no_paths_without_include_is_a_usage_error(repo):
    p = unspin("check", "--no-config", cwd=repo)
    assert p.returncode == 2 and "no files given" in p.stderr


@pytest.mark.parametrize("body,needle", [
    ('fial-on = "never"\n', "unknown key 'fial-on'"),
    ('fail-on = "sometimes"\n', "'fail-on' must be one of"),
    ('min-score = 2\n', "'min-score' must be a number from 0 to 1"),
    ('min-score = true\n', "'min-score'"),
    ('include = "content"\n', "'include' must be a list"),
    ('domains = [1, 2]\n', "'domains' must be a list"),
    ('format = "xml"\n', "'format' must be one of"),
    ('fail-on = \n', "invalid TOML"),
])
def test_bad_configuration_names_the_key_and_the_file(repo, body, needle):
    path = write_pyproject(repo, body)
    for cmd in (["check", "content/posts/one.md"], ["config"]):
        p = unspin(*cmd, cwd=repo)
        assert p.returncode == 2, p.stdout
        err = p.stderr.strip()
        assert needle in err and str(path) in err
        assert len(err.splitlines()) == 1


def test_unknown_domain_is_an_error(repo):
    write_pyproject(repo, 'domains = ["skincar"]\n')
    p = unspin("check", "content/posts/one.md", cwd=repo)
    assert p.returncode == 2
    assert "unknown domain 'skincar'" in p.stderr and "skincare" in p.stderr


def test_domains_allow_and_wordlists_map_onto_the_engine(repo):
    write_pyproject(repo, 'wordlists = ["lists/cicfg.yml"]\nallow = ["dry pores and skin"]\nfail-on = "tortured"\n'
                          'domains = ["cicfg"]\n')
    p = unspin("check", "--no-builtin", "-j", "1", "--format", "json", "content/posts/one.md", cwd=repo)
    assert json.loads(p.stdout)["files"][0]["findings"] == []  # allowed phrase
    assert p.returncode == 0
    cfg = cfgmod.load(["content/posts/one.md"], config=str(repo / "pyproject.toml"))
    assert cfg["wordlists"] == [str(repo / "lists" / "cicfg.yml")]
    assert cfg["domains"] == ["cicfg"] and cfg["allow"] == ["dry pores and skin"]


def test_unspin_config_prints_values_and_sources(repo):
    py = write_pyproject(repo, 'fail-on = "tortured"\nformat = "github"\nbaseline = "unspin-baseline.json"\n')
    p = unspin("config", cwd=repo / "content")
    assert p.returncode == 0, p.stderr
    lines = {ln.split("=")[0].strip(): ln for ln in p.stdout.splitlines() if "=" in ln and not ln.startswith("#")}
    assert '"tortured"' in lines["fail-on"] and f"{py} [tool.unspin]" in lines["fail-on"]
    assert '"github"' in lines["format"]
    assert "default" in lines["include"]
    assert str(py) in p.stdout.splitlines()[0]
    data = json.loads(unspin("config", "--format", "json", cwd=repo).stdout)
    assert data["config_file"] == str(py)
    assert data["values"]["baseline"]["value"] == str(repo / "unspin-baseline.json")
    assert data["values"]["min-score"] == {"value": None, "source": "default"}
    none = json.loads(unspin("config", "--no-config", "--format", "json", cwd=repo).stdout)
    assert none["config_file"] is None and none["values"]["fail-on"]["value"] == "spun"


def test_glob_patterns():
    m = glob_match
    assert m("*.md", "a.md") and m("*.md", "content/posts/a.md")
    assert m("content/**/*.md", "content/a.md") and m("content/**/*.md", "content/x/y/a.md")
    assert not m("content/**/*.md", "other/content/a.md")
    assert m("drafts", "content/drafts/a.md") and m("content/drafts", "content/drafts/x/a.md")
    assert not m("content/drafts", "content/draftsy/a.md")
    assert m("/CHANGELOG.md", "CHANGELOG.md") and not m("/CHANGELOG.md", "docs/CHANGELOG.md")
    assert m("post-[0-9].md", "post-7.md") and not m("post-[0-9].md", "post-x.md")


def test_readme_configuration_example_is_valid(tmp_path):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Configuration", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "pyproject.toml").write_text(block, encoding="utf-8")
    cfg = cfgmod.load(config=str(tmp_path / "pyproject.toml"))
    assert cfg.sources["fail-on"].endswith("[tool.unspin]")
    assert all(src != "default" for src in cfg.sources.values())  # the example shows every key
