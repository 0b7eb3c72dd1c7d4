"""Inline suppressions (each form, in plain text, Markdown and HTML) and the baseline."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from unspin import Unspinner
from unspin.baseline import Baseline, fingerprint, records
from unspin.findings import Finding
from unspin.suppress import directives, partition, suppress

LIST = """\
domain: cisup
entries:
- spun: pores and skin
  fix: skin
  examples: [Rub the cream into dry pores and skin.]
- spun: coronary heart
  fix: heart
  examples: [Exercise keeps the coronary heart strong.]
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    p = tmp_path_factory.mktemp("cisup") / "cisup.yml"
    p.write_text(LIST, encoding="utf-8")
    return Unspinner(builtin=False, wordlists=[p])


def kept_lines(engine, text):
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    out = []
    for f in suppress(text, engine.detect(text)):
        out.append(sum(1 for s in starts if s <= f.start))
    return out


# ---------------------------------------------------------------- each form

def test_plain_text_disable_enable(engine):
    text = ("pores and skin one\n"
            "# unspin-disable\n"
            "pores and skin two\n"
            "coronary heart three\n"
            "# unspin-enable\n"
            "pores and skin four\n")
    assert kept_lines(engine, text) == [1, 6]


def test_plain_text_next_line_and_slash_comment(engine):
    text = ("// unspin-disable-next-line\n"
            "pores and skin one\n"
            "pores and skin two\n")
    assert kept_lines(engine, text) == [3]


def test_markdown_comments(engine):
    text = ("# Title\n\n"
            "<!-- unspin-disable-next-line -->\n"
            "Our Pores and Skin Clinic opens soon.\n\n"
            "A coronary heart check. <!-- unspin-disable-line -->\n"
            "pores and skin again.\n"
            "<!-- unspin-disable -->\n"
            "| pores and skin | coronary heart |\n"
            "<!-- unspin-enable -->\n"
            "Last pores and skin.\n")
    assert kept_lines(engine, text) == [7, 11]


def test_html_comments_and_case(engine):
    text = ("<p>pores and skin <!-- UNSPIN-DISABLE --> coronary heart</p>\n"
            "<p>coronary heart</p><!--unspin-enable-->\n"
            "<p>pores and skin</p>\n")
    kept = suppress(text, engine.detect(text))
    # the region starts where the comment ends, mid-line
    assert [f.text for f in kept] == ["pores and skin", "pores and skin"]
    assert kept[0].start == 3


def test_rule_specific_directives(engine):
    text = ("<!-- unspin-disable cisup/pores-and-skin -->\n"
            "pores and skin and coronary heart\n"
            "<!-- unspin-enable cisup/pores-and-skin -->\n"
            "<!-- unspin-disable-next-line cisup/* -->\n"
            "pores and skin and coronary heart\n"
            "<!-- unspin-disable -->\n"
            "<!-- unspin-enable cisup/coronary-heart -->\n"
            "pores and skin and coronary heart\n")
    kept = suppress(text, engine.detect(text))
    assert [(f.rule, text.count("\n", 0, f.start) + 1) for f in kept] == [
        ("cisup/coronary-heart", 2), ("cisup/coronary-heart", 8)]


def test_directives_in_fenced_code_are_examples(engine):
    text = ("Use it like this:\n\n```md\n<!-- unspin-disable -->\n```\n\n"
            "pores and skin stays flagged.\n")
    assert directives(text) == []
    assert kept_lines(engine, text) == [7]


def test_no_directive_keeps_everything(engine):
    text = "pores and skin, coronary heart; # unspin-disable is not on a line of its own\n"
    fs = engine.detect(text)
    assert suppress(text, fs) == fs and len(fs) == 2


_FINDINGS = st.lists(st.tuples(st.integers(0, 200), st.integers(1, 8), st.sampled_from(["a/x", "b/y"])),
                     max_size=8)
_PIECES = st.lists(st.sampled_from(["<!-- unspin-disable -->", "<!-- unspin-enable -->", "\n",
                                    "# unspin-disable-next-line\n", "<!-- unspin-disable-line a/x -->",
                                    "<!-- unspin-disable b/* -->", "```\n", "words ", "é😀 ", "\r\n"]),
                   max_size=30)


@settings(max_examples=200, deadline=None)
@given(_PIECES, _FINDINGS)
def test_partition_is_a_split_of_the_findings(pieces, spans):
    text = "".join(pieces)
    fs = [Finding(min(s, len(text)), min(s + n, len(text)), "", None, rule, "tortured", 0.9, "")
          for s, n, rule in spans]
    kept, off = partition(text, fs)
    assert sorted(kept + off, key=id) == sorted(fs, key=id)
    if "unspin-" not in text:
        assert off == []


# ---------------------------------------------------------------- baseline

def test_fingerprint_survives_unrelated_edits(engine):
    text = "Intro.\n\nWe rub it into dry pores and skin every night.\n"
    edited = ("A brand new opening paragraph.\n\nIntro, rewritten.\n\n"
              "We rub it into dry pores and\nskin every night.\n")
    f1, = engine.detect(text)
    f2, = engine.detect(edited)
    assert fingerprint(text, f1) == fingerprint(edited, f2)
    changed = "Intro.\n\nThey rub it into oily pores and skin every night.\n"
    f3, = engine.detect(changed)
    assert fingerprint(changed, f3) != fingerprint(text, f1)


def test_baseline_counts_identical_findings(engine, tmp_path):
    text = "so so so so pores and skin so so so so pores and skin so so so so\n"
    f1, f2 = engine.detect(text)
    assert fingerprint(text, f1) == fingerprint(text, f2)  # same words around both
    recs = records(str(tmp_path / "a.md"), text, [f1], tmp_path)
    (tmp_path / "b.json").write_text(json.dumps({"unspin_baseline": 1, "findings": recs}), encoding="utf-8")
    base = Baseline.load(tmp_path / "b.json")
    new, known = base.split(str(tmp_path / "a.md"), text, engine.detect(text))
    assert len(known) == 1 and len(new) == 1


def unspin(*args, cwd):
    p = subprocess.run([sys.executable, "-m", "unspin", *map(str, args)], capture_output=True, text=True,
                       cwd=cwd)
    assert "Traceback" not in p.stderr, p.stderr
    return p


def test_baseline_through_the_command(tmp_path):
    (tmp_path / "cisup.yml").write_text(LIST, encoding="utf-8")
    (tmp_path / "post.md").write_text("# Post\n\nDry pores and skin and a weak coronary heart.\n", encoding="utf-8")
    (tmp_path / "other.md").write_text("Nothing to see.\n", encoding="utf-8")
    opts = ["--no-config", "--no-builtin", "--wordlist", "cisup.yml", "-j", "1", "--fail-on", "tortured"]
    assert unspin("check", *opts, "post.md", "other.md", cwd=tmp_path).returncode == 1
    p = unspin("check", *opts, "--write-baseline", "ci/baseline.json", "post.md", "other.md", cwd=tmp_path)
    assert p.returncode == 2  # the folder for the baseline does not exist: an error, nothing half-written
    (tmp_path / "ci").mkdir()
    p = unspin("check", *opts, "--write-baseline", "ci/baseline.json", "post.md", "other.md", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    data = json.loads((tmp_path / "ci" / "baseline.json").read_text(encoding="utf-8"))
    assert [(r["path"], r["rule"]) for r in data["findings"]] == [
        ("../post.md", "cisup/coronary-heart"), ("../post.md", "cisup/pores-and-skin")]
    p = unspin("check", *opts, "--baseline", "ci/baseline.json", "post.md", "other.md", cwd=tmp_path)
    assert p.returncode == 0, p.stdout
    assert "2 findings in the baseline" in p.stderr
    # unrelated edits: new text above, the sentence re-wrapped -> still baselined
    (tmp_path / "post.md").write_text("# Post\n\nA new first paragraph.\n\nDry pores and skin and a weak\n"
                                      "coronary heart.\n", encoding="utf-8")
    assert unspin("check", *opts, "--baseline", "ci/baseline.json", "post.md", cwd=tmp_path).returncode == 0
    # a new finding fails, and only it is reported
    with open(tmp_path / "post.md", "a", encoding="utf-8") as fh:
        fh.write("\nAlso: sensitive pores and skin.\n")
    p = unspin("check", *opts, "--baseline", "ci/baseline.json", "--format", "json", "post.md", cwd=tmp_path)
    assert p.returncode == 1
    found = json.loads(p.stdout)["files"][0]["findings"]
    assert [f["text"] for f in found] == ["pores and skin"] and found[0]["line"] == 8
    # run from another folder: paths are keyed relative to the baseline file
    sub = tmp_path / "ci"
    p = unspin("check", "--no-config", "--no-builtin", "--wordlist", "../cisup.yml", "-j", "1", "--fail-on",
               "tortured", "--baseline", "baseline.json", "--format", "json", "../post.md", cwd=sub)
    assert len(json.loads(p.stdout)["files"][0]["findings"]) == 1


def test_baseline_from_configuration_and_bad_baselines(tmp_path):
    (tmp_path / "cisup.yml").write_text(LIST, encoding="utf-8")
    (tmp_path / "post.txt").write_text("Dry pores and skin.\n", encoding="utf-8")
    (tmp_path / ".unspin.toml").write_text('wordlists = ["cisup.yml"]\nfail-on = "tortured"\n'
                                           'baseline = ".unspin-baseline.json"\n', encoding="utf-8")
    p = unspin("check", "--no-builtin", "-j", "1", "post.txt", cwd=tmp_path)
    assert p.returncode == 2 and "no such baseline file" in p.stderr
    p = unspin("check", "--no-builtin", "-j", "1", "--write-baseline", ".unspin-baseline.json", "post.txt",
               cwd=tmp_path)
    assert p.returncode == 0 and (tmp_path / ".unspin-baseline.json").is_file()
    assert unspin("check", "--no-builtin", "-j", "1", "post.txt", cwd=tmp_path).returncode == 0
    (tmp_path / ".unspin-baseline.json").write_text("{not json", encoding="utf-8")
    p = unspin("check", "--no-builtin", "-j", "1", "post.txt", cwd=tmp_path)
    assert p.returncode == 2 and ".unspin-baseline.json" in p.stderr and "not valid JSON" in p.stderr


def test_inline_suppression_through_the_command(tmp_path):
    (tmp_path / "cisup.yml").write_text(LIST, encoding="utf-8")
    (tmp_path / "a.txt").write_text("# unspin-disable-next-line\nDry pores and skin.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("<!-- unspin-disable -->\nDry pores and skin.\n", encoding="utf-8")
    for name in ("a.txt", "b.md"):
        p = unspin("check", "--no-config", "--no-builtin", "--wordlist", "cisup.yml", "-j", "1", "--fail-on",
                   "tortured", name, cwd=tmp_path)
        assert p.returncode == 0, (name, p.stdout)
        assert "1 finding suppressed inline" in p.stderr
