"""The failing policy of ``unspin check``: --fail-on, --min-score and the exit codes
(0 pass, 1 findings that fail the policy, 2 errors), through the command and the
pure function."""
from __future__ import annotations

import subprocess
import sys

import pytest

from unspin.findings import Finding, SpinScore
from unspin.policy import exit_code, fails
from unspin.report import FileResult

LIST = """\
domain: cipol
entries:
- spun: pores and skin
  fix: skin
  examples: [Rub the cream into dry pores and skin.]
- spun: coronary heart
  fix: heart
  examples: [Exercise keeps the coronary heart strong.]
- spun: scale back
  fix: reduce
  kind: awkward
  context: {next: [the]}
  examples: [We scale back the sugar at night.]
"""

TEXTS = {
    "clean.txt": "A plain note about breakfast and a walk in the park.\n",
    "one.txt": "Rub the lotion into dry pores and skin before bed.\n",            # 1 tortured: score ~0.53, clean
    "awkward.txt": "At night we scale back the sugar a little.\n",                # 1 awkward: low score, clean
    "spun.txt": "Dry pores and skin and a tired coronary heart need rest.\n",   # 2 tortured: spun
}


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    d = tmp_path_factory.mktemp("cipol")
    (d / "cipol.yml").write_text(LIST, encoding="utf-8")
    for name, text in TEXTS.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


def check(work, *args):
    p = subprocess.run([sys.executable, "-m", "unspin", "check", "--no-config", "--no-builtin", "--wordlist",
                        str(work / "cipol.yml"), "-j", "1", "--format", "json", *map(str, args)],
                       capture_output=True, text=True, cwd=work)
    assert "Traceback" not in p.stderr
    return p


@pytest.mark.parametrize("fail_on,name,code", [
    ("spun", "clean.txt", 0), ("spun", "one.txt", 0), ("spun", "spun.txt", 1),
    ("tortured", "clean.txt", 0), ("tortured", "awkward.txt", 0), ("tortured", "one.txt", 1),
    ("awkward", "clean.txt", 0), ("awkward", "awkward.txt", 1), ("awkward", "one.txt", 1),
    ("never", "spun.txt", 0), ("never", "clean.txt", 0),
])
def test_fail_on(work, fail_on, name, code):
    p = check(work, "--fail-on", fail_on, name)
    assert p.returncode == code, (p.stdout, p.stderr)


def test_default_policy_is_the_spun_verdict(work):
    assert check(work, "one.txt").returncode == 0
    assert check(work, "spun.txt").returncode == 1
    assert check(work, "clean.txt", "spun.txt").returncode == 1


def test_min_score(work):
    import json

    score = json.loads(check(work, "one.txt").stdout)["files"][0]["spin_score"]
    assert 0 < score < 1
    assert check(work, "--fail-on", "never", "--min-score", score, "one.txt").returncode == 1
    assert check(work, "--fail-on", "never", "--min-score", min(1.0, score + 0.01), "one.txt").returncode == 0
    # min-score adds to --fail-on: the spun file still fails under the default policy
    assert check(work, "--min-score", 1, "spun.txt").returncode == 1


def test_errors_win_and_bad_options_exit_2(work):
    p = check(work, "--fail-on", "never", "clean.txt", "missing.txt")
    assert p.returncode == 2
    assert "missing.txt" in p.stderr
    assert check(work, "--min-score", "1.5", "clean.txt").returncode == 2
    assert check(work, "--fail-on", "sometimes", "clean.txt").returncode == 2


def _result(kinds, verdict="clean", score=0.1):
    fs = [Finding(i, i + 1, "x", "y", "r", k, 0.9, "") for i, k in enumerate(kinds)]
    return FileResult("a", "x" * 10, fs, SpinScore(100, len(fs), 0, 0.0, score, verdict, 0.5))


def test_policy_function():
    assert not fails(_result([]), "awkward")
    assert fails(_result(["awkward"]), "awkward") and not fails(_result(["awkward"]), "tortured")
    assert fails(_result(["tortured"]), "tortured")
    assert fails(_result([], "spun", 0.9), "spun") and not fails(_result([], "spun", 0.9), "never")
    assert fails(_result([], score=0.7), "never", min_score=0.7)
    assert exit_code([_result(["tortured"])], 0, "never") == 0
    assert exit_code([_result(["tortured"])], 0, "tortured") == 1
    assert exit_code([], 1, "never") == 2
    with pytest.raises(ValueError):
        fails(_result([]), "sometimes")
