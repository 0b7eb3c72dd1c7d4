"""The unspin command, run as a user runs it: a subprocess, exit codes checked."""
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

SPUN = "Dry pores and skin needs care.\r\nPores and skin care matters; the pores and skin’s barrier.\r\n"
CLEAN = "Dry skin needs care. Moisturise twice a day and drink water.\n"


CORE_LIST = str(Path(__file__).parent / "data" / "core-list.yml")
CASES = Path(__file__).parent / "cases"


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "unspin", *args], input=stdin, capture_output=True)


def run_core(cmd, *args, stdin=None):
    """The command with only the small test list, so findings do not move as the lists grow."""
    return run(cmd, "--no-builtin", "--wordlist", CORE_LIST, *args, stdin=stdin)


def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_check_text_output_and_exit_codes(tmp_path):
    spun, clean = write(tmp_path, "spun.txt", SPUN), write(tmp_path, "clean.txt", CLEAN)
    r = run_core("check", str(spun))
    assert r.returncode == 1
    out = r.stdout.decode()
    assert f"{spun}:1:5: tortured: 'pores and skin' -> 'skin' (" in out
    assert f"{spun}:2:1: tortured: 'Pores and skin' -> 'Skin' (" in out
    assert "spun" in out.splitlines()[-1]
    assert run_core("check", str(clean)).returncode == 0


def test_check_json_contract(tmp_path):
    spun = write(tmp_path, "spun.txt", SPUN)
    r = run_core("check", "--format", "json", str(spun), str(write(tmp_path, "clean.txt", CLEAN)))
    assert r.returncode == 1
    report = json.loads(r.stdout)
    f0, f1 = report["files"]
    assert set(f0) == {"path", "words", "spin_score", "verdict", "findings"}
    assert f0["verdict"] == "spun" and f1["verdict"] == "clean" and f1["findings"] == []
    text = spun.read_bytes().decode("utf-8")
    for f in f0["findings"]:
        assert {"start", "end", "line", "column", "text", "suggestion", "rule", "kind", "confidence"} <= set(f)
        assert text[f["start"]:f["end"]] == f["text"]
        line_start = sum(len(l) for l in text.splitlines(keepends=True)[:f["line"] - 1])
        assert f["start"] - line_start + 1 == f["column"]
        assert f["kind"] in ("tortured", "awkward")


def test_check_stdin_and_errors(tmp_path):
    r = run("check", "-", stdin=SPUN.encode())
    assert r.returncode == 1 and b"<stdin>" not in r.stderr
    missing = tmp_path / "nope.txt"
    r = run("check", str(missing), str(write(tmp_path, "clean.txt", CLEAN)))
    assert r.returncode == 2
    assert r.stderr.decode().strip() == f"unspin: {missing}: no such file"
    assert b"Traceback" not in r.stderr
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02pores and skin")
    r = run("check", str(binary))
    assert r.returncode == 2 and b"binary" in r.stderr
    latin = write(tmp_path, "latin.txt", "Caf\u00e9 pores and skin", "latin-1")
    r = run("check", str(latin))
    assert r.returncode == 2 and b"--encoding" in r.stderr
    assert run("check", "--encoding", "latin-1", str(latin)).returncode in (0, 1)
    assert run("check").returncode == 2
    assert run("check", "--format", "xml", str(latin)).returncode == 2


def test_clean_stdout_preserves_bytes(tmp_path):
    spun = write(tmp_path, "spun.txt", "\ufeff" + SPUN)
    r = run_core("clean", str(spun))
    assert r.returncode == 0
    assert r.stdout == ("\ufeff" + SPUN.replace("pores and skin", "skin").replace("Pores and skin", "Skin")).encode()
    assert b"3 changes" in r.stderr


def test_clean_output_file_and_in_place(tmp_path):
    spun = write(tmp_path, "spun.txt", SPUN)
    os.chmod(spun, 0o640)
    out = tmp_path / "out.txt"
    assert run_core("clean", str(spun), "-o", str(out)).returncode == 0
    assert out.read_bytes() == SPUN.replace("pores and skin", "skin").replace("Pores and skin", "Skin").encode()
    assert spun.read_bytes() == SPUN.encode()  # the input is untouched
    assert run_core("clean", "--in-place", str(spun)).returncode == 0
    assert spun.read_bytes() == out.read_bytes()
    assert stat.S_IMODE(spun.stat().st_mode) == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".unspin-tmp")]


def test_clean_diff_changes_nothing(tmp_path):
    spun = write(tmp_path, "spun.txt", SPUN)
    r = run_core("clean", "--diff", str(spun))
    assert r.returncode == 0
    assert b"-Dry pores and skin needs care." in r.stdout and b"+Dry skin needs care." in r.stdout
    assert spun.read_bytes() == SPUN.encode()


def test_clean_utf16_round_trip(tmp_path):
    spun = write(tmp_path, "u16.txt", "\ufeff" + SPUN, "utf-16-le")
    assert run_core("clean", "--in-place", str(spun)).returncode == 0
    data = spun.read_bytes()
    assert data.startswith(b"\xff\xfe")
    assert data.decode("utf-16-le") == "\ufeff" + SPUN.replace("pores and skin", "skin").replace("Pores and skin", "Skin")


def test_lists_check_passes_and_counts_domains():
    r = run("lists", "check", "--verbose")
    assert r.returncode == 0, r.stdout.decode()[-3000:]
    assert b"all lists OK" in r.stdout and b"skincare" in r.stdout
    # a counter-example is a writer's ordinary sentence: another entry that flags it is a
    # false alarm, unless it was reviewed and listed (tests/cases/counter-hits-accepted.txt)
    accepted = {line for line in (CASES / "counter-hits-accepted.txt").read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#")}
    flagged = [line[len("counter-example flagged: "):] for line in r.stdout.decode().splitlines()
               if line.startswith("counter-example flagged: ")]
    new = [hit for hit in flagged if not any(hit.startswith(key + ": ") for key in accepted)]
    assert not new, "counter-examples other entries flag (fix the entry, or list a reviewed one):\n" + "\n".join(new)


def test_lists_check_reports_bad_entries(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("domain: t\nentries:\n- spun: zorp blat\n  fix: zorp\n  examples: [Nothing spun in here.]\n"
                   "- spun: skin\n  fix: pores and skin\n  examples: [Dry skin.]\n"
                   "- spun: pores and skin\n  fix: skin\n  examples: [Dry pores and skin.]\n")
    # --no-builtin: only the user's lists (the full check of the built-in ones is the test above)
    r = run("lists", "check", "--no-builtin", "--wordlist", str(bad))
    assert r.returncode == 1
    out = r.stdout.decode()
    assert "example did not fire" in out and "is itself a spun form" in out
    assert "3 curated entries" in out
    broken = tmp_path / "broken.yml"
    broken.write_text("domain: t\nentries:\n- spun: x\n  fixx: y\n")
    r = run("lists", "check", "--wordlist", str(broken))
    assert r.returncode == 2 and b"unknown key(s): fixx" in r.stderr and b"Traceback" not in r.stderr
    r = run("lists", "check", "--no-builtin")
    assert r.returncode == 2 and b"--no-builtin needs" in r.stderr and b"Traceback" not in r.stderr


def test_version_and_module_entry():
    r = run("--version")
    assert r.returncode == 0 and b"unspin" in r.stdout


def test_clean_honours_inline_suppressions(tmp_path):
    doc = tmp_path / "a.md"
    doc.write_text("# Notes\n\n<!-- unspin-disable-next-line -->\nDry pores and skin is our product name.\n\n"
                   "Dry pores and skin needs care.\n", encoding="utf-8")
    r = run_core("clean", str(doc))
    assert r.returncode == 0
    assert r.stdout.decode() == ("# Notes\n\n<!-- unspin-disable-next-line -->\nDry pores and skin is our product "
                                 "name.\n\nDry skin needs care.\n")


def test_command_runs_numpy_with_one_blas_thread(tmp_path):
    code = ("import os\nfrom unspin.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "print(os.environ.get('OPENBLAS_NUM_THREADS'))")
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split()[-1] == "1"
    env["OPENBLAS_NUM_THREADS"] = "2"  # the user's own setting is kept
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split()[-1] == "2"


def test_a_broken_settings_file_is_a_one_line_error(tmp_path):
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "settings.yml").write_text("word_fit:\n  min_gain: high\n", encoding="utf-8")
    text = write(tmp_path, "a.txt", CLEAN)
    r = run("check", "--wordlist", str(lists), str(text))
    err = r.stderr.decode().strip()
    assert r.returncode == 2 and "Traceback" not in err and len(err.splitlines()) == 1
    assert "word_fit.min_gain' must be a number" in err and "settings.yml" in err
