"""Integrations: the repository's pre-commit hooks (run by pre-commit itself, offline,
against a temporary content repository) and the example GitHub Actions workflow
(its shell steps run on a temporary pull-request branch)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / ".pre-commit-hooks.yaml"
WORKFLOW = ROOT / "examples" / "github-actions-unspin.yml"

SPUN_MD = "# Care\n\nRub the serum into dry pores and skin every night.\n"
CLEAN_MD = "# Walks\n\nA short walk after lunch clears the head.\n"


def _git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false",
                    "-c", "init.defaultBranch=main", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture()
def env(tmp_path):
    """PATH with an ``unspin`` that runs this interpreter's unspin; pre-commit's cache in tmp."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "unspin"
    exe.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m unspin "$@"\n', encoding="utf-8")
    exe.chmod(0o755)
    e = dict(os.environ)
    e["PATH"] = f"{bin_dir}{os.pathsep}{os.path.dirname(sys.executable)}{os.pathsep}{e.get('PATH', '')}"
    e["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-cache")
    e["GIT_CONFIG_NOSYSTEM"] = "1"
    e.pop("PRE_COMMIT", None)
    return e


def test_hooks_manifest():
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    by_id = {h["id"]: h for h in hooks}
    assert set(by_id) == {"unspin"}
    for h in hooks:
        assert h["language"] == "python" and h["entry"].startswith("unspin ")
        assert {"markdown", "html", "plain-text"} <= set(h["types_or"])
    assert by_id["unspin"]["entry"] == "unspin check"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_try_repo(tmp_path, env):
    """``pre-commit try-repo`` with the repository's own hook definitions, offline: the
    language is switched to 'system' (a python hook would build a virtualenv from the
    package index); everything else (entry, file types, config discovery) is the hook's."""
    hook_repo = tmp_path / "hooks"
    hook_repo.mkdir()
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    for h in hooks:
        h["language"] = "system"
    (hook_repo / ".pre-commit-hooks.yaml").write_text(yaml.safe_dump(hooks), encoding="utf-8")
    _git(hook_repo, "init", "-q")
    _git(hook_repo, "add", ".")
    _git(hook_repo, "commit", "-q", "-m", "hooks")

    content = tmp_path / "content"
    content.mkdir()
    (content / "spun.md").write_text(SPUN_MD, encoding="utf-8")
    (content / "clean.md").write_text(CLEAN_MD, encoding="utf-8")
    (content / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0")  # not a text type: never passed to unspin
    # the repository's policy: any tortured phrase fails (so one spun phrase is enough)
    (content / "pyproject.toml").write_text('[tool.unspin]\nfail-on = "tortured"\n', encoding="utf-8")
    _git(content, "init", "-q")
    _git(content, "add", ".")

    def try_repo(hook, *files):
        return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), hook, "--verbose",
                               "--files", *files], cwd=content, env=env, capture_output=True, text=True)

    p = try_repo("unspin", "spun.md")
    assert p.returncode == 1, p.stdout + p.stderr
    assert "Failed" in p.stdout and "pores and skin" in p.stdout
    p = try_repo("unspin", "clean.md")
    assert p.returncode == 0, p.stdout + p.stderr
    assert "Passed" in p.stdout
    p = try_repo("unspin", "clean.md", "picture.png")
    assert p.returncode == 0, p.stdout + p.stderr
    # an inline suppression in the file lets the commit through
    (content / "spun.md").write_text("<!-- unspin-disable-next-line -->\n" + SPUN_MD.split("\n\n", 1)[1],
                                     encoding="utf-8")
    p = try_repo("unspin", "spun.md", "clean.md")
    assert p.returncode == 0, p.stdout + p.stderr


def test_github_workflow_steps(tmp_path, env):
    """Run the workflow's shell steps on a pull-request branch: annotations for the
    changed Markdown file, a valid SARIF file, and the check fails the job."""
    wf = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = wf["jobs"]["unspin"]["steps"]
    names = [s.get("name", s.get("uses", "")) for s in steps]
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("github/codeql-action/upload-sarif") for u in uses)
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert upload["with"]["sarif_file"] == "unspin.sarif"
    assert wf["permissions"]["security-events"] == "write"
    assert any("pip install" in s.get("run", "") for s in steps)
    run_steps = {s["name"]: s for s in steps if "run" in s and "pip install" not in s["run"]}
    assert any("--format github" in s["run"] for s in run_steps.values()), names

    origin = tmp_path / "origin"
    origin.mkdir()
    (origin / "old.md").write_text(SPUN_MD, encoding="utf-8")     # already on main: not part of the PR
    (origin / "README.txt").write_text("pores and skin\n", encoding="utf-8")
    _git(origin, "init", "-q")
    _git(origin, "add", ".")
    _git(origin, "commit", "-q", "-m", "base")
    work = tmp_path / "work"
    _git(tmp_path, "clone", "-q", str(origin), str(work))
    _git(work, "checkout", "-q", "-b", "pr")
    (work / "new post.md").write_text(SPUN_MD + "\nA coronary heart and good strains.\n", encoding="utf-8")
    (work / "fine.md").write_text(CLEAN_MD, encoding="utf-8")
    (work / "notes.txt").write_text("pores and skin\n", encoding="utf-8")
    (work / "pyproject.toml").write_text('[tool.unspin]\nfail-on = "tortured"\n', encoding="utf-8")
    _git(work, "add", ".")
    _git(work, "commit", "-q", "-m", "pr")

    gh_output = tmp_path / "gh_output"
    gh_output.write_text("", encoding="utf-8")
    step_env = dict(env, GITHUB_OUTPUT=str(gh_output))
    outputs: dict[str, str] = {}
    results = {}
    for name, step in run_steps.items():
        cond = step.get("if", "")
        if "steps.changed.outputs.any == 'true'" in cond and outputs.get("any") != "true":
            continue
        e = dict(step_env)
        for k, v in (step.get("env") or {}).items():
            e[k] = "main" if "github.base_ref" in str(v) else str(v)
        p = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step["run"]], cwd=work, env=e,
                           capture_output=True, text=True)
        results[name] = p
        for line in gh_output.read_text(encoding="utf-8").splitlines():
            k, _, v = line.partition("=")
            outputs[k] = v
    assert outputs.get("any") == "true"
    check = next(p for n, p in results.items() if "--format github" in run_steps[n]["run"])
    assert check.returncode == 1, check.stdout + check.stderr  # fails the job
    files = {line.split("file=")[1].split(",")[0] for line in check.stdout.splitlines() if "file=" in line}
    assert files == {"new post.md"}  # only the changed Markdown file with findings
    assert any(line.startswith("::error ") for line in check.stdout.splitlines())
    sarif = json.loads((work / "unspin.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    sarif_step = next(p for n, p in results.items() if "--format sarif" in run_steps[n]["run"])
    assert sarif_step.returncode == 0
