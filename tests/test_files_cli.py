"""unspin check / clean on real files and folders, run as a user runs it (subprocesses)."""
import json
from pathlib import Path
import os
import signal
import stat
import subprocess
import sys
import time

import pytest

LIST = (Path(__file__).parent / "data" / "two-entry-list.yml").read_text(encoding="utf-8")

SPUN = "Dry pores and skin needs care; pay with a bank card.\n"
FIXED = "Dry skin needs care; pay with a credit card.\n"


@pytest.fixture
def wl(tmp_path):
    p = tmp_path / "filetest-list.yml"
    p.write_text(LIST)
    return ["--no-builtin", "--wordlist", str(p)]


def run(*args, stdin=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "unspin", *map(str, args)], input=stdin, capture_output=True,
                          cwd=cwd)


def err_lines(r):
    return [l for l in r.stderr.decode().splitlines() if l.strip()]


# ---------------------------------------------------------------- Markdown and HTML files

MD = """---
title: dry pores and skin
---
# Dry pores and skin

Pay with a bank card. See [pores and skin](https://example.com/pores-and-skin).

```
pores and skin
```
"""


def test_markdown_file_keeps_code_url_and_front_matter(tmp_path, wl):
    md = tmp_path / "post.md"
    md.write_bytes(MD.encode())
    r = run("clean", "--in-place", md, *wl)
    assert r.returncode == 0, r.stderr
    assert md.read_text() == MD.replace("# Dry pores and skin", "# Dry skin").replace(
        "a bank card", "a credit card").replace("[pores and skin]", "[skin]")
    r = run("check", "--format", "json", md, *wl)
    assert r.returncode == 0
    assert json.loads(r.stdout)["files"][0]["findings"] == []


def test_markdown_report_offsets_refer_to_original_file(tmp_path, wl):
    md = tmp_path / "post.md"
    md.write_bytes(("\ufeff" + MD).replace("\n", "\r\n").encode())
    r = run("check", "--format", "json", md, *wl)
    assert r.returncode == 1
    text = md.read_bytes().decode("utf-8-sig")
    findings = json.loads(r.stdout)["files"][0]["findings"]
    assert [f["text"] for f in findings] == ["pores and skin", "bank card", "pores and skin"]
    for f in findings:
        assert text[f["start"]:f["end"]] == f["text"]
        line = text.split("\n")[f["line"] - 1]
        assert line[f["column"] - 1:].startswith(f["text"])
    assert [f["line"] for f in findings] == [4, 6, 6]


HTML = """<html><head><title>Dry pores and skin</title>
<script>var note = "pores and skin";</script><style>/* bank card */</style></head>
<body><p class="pores and skin" data-x="bank card">Pay with a bank card &amp; more.</p>
<img alt="pores and skin" src="pores-and-skin.png"><!-- pores and skin --><code>bank card</code>
</body></html>
"""


def test_html_file_keeps_attributes_scripts_comments(tmp_path, wl):
    page = tmp_path / "page.html"
    page.write_text(HTML)
    r = run("clean", "--in-place", page, *wl)
    assert r.returncode == 0, r.stderr
    assert page.read_text() == HTML.replace("<title>Dry pores and skin", "<title>Dry skin").replace(
        "Pay with a bank card &amp;", "Pay with a credit card &amp;")


def test_format_in_overrides_extension(tmp_path, wl):
    notes = tmp_path / "notes.txt"
    notes.write_text("Use `pores and skin` here.\n")
    assert run("clean", notes, *wl).stdout == b"Use `skin` here.\n"
    assert run("clean", "--format-in", "markdown", notes, *wl).stdout == b"Use `pores and skin` here.\n"
    page = tmp_path / "page.md"
    page.write_text("<b>pores and skin</b>")
    assert run("clean", "--format-in", "html", page, *wl).stdout == b"<b>skin</b>"
    assert run("clean", "--format-in", "rst", page, *wl).returncode == 2


# ---------------------------------------------------------------- folders

def make_site(root):
    (root / "posts" / "2024").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "_drafts").mkdir()
    (root / "posts" / "a.md").write_text(SPUN)
    (root / "posts" / "2024" / "b.markdown").write_text(SPUN)
    (root / "posts" / "c.html").write_text(f"<p>{SPUN}</p>")
    (root / "notes.txt").write_text(SPUN)
    (root / ".hidden.md").write_text(SPUN)
    (root / ".git" / "config.md").write_text(SPUN)
    (root / "_drafts" / "d.md").write_text(SPUN)
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR pores and skin")
    (root / "old.md.bak").write_text(SPUN)


def test_folder_recursive_skips_hidden_binary_and_backups(tmp_path, wl):
    site = tmp_path / "site"
    make_site(site)
    r = run("check", "--format", "json", site, *wl)
    assert r.returncode == 1, r.stderr
    paths = [os.path.relpath(f["path"], site) for f in json.loads(r.stdout)["files"]]
    assert paths == ["notes.txt", "_drafts/d.md", "posts/a.md", "posts/c.html", "posts/2024/b.markdown"]
    assert err_lines(r) == []


def test_folder_include_exclude(tmp_path, wl):
    site = tmp_path / "site"
    make_site(site)
    r = run("check", "--format", "json", "--include", "*.md", "--include", "*.markdown", "--exclude", "_drafts",
            site, *wl)
    paths = sorted(os.path.relpath(f["path"], site) for f in json.loads(r.stdout)["files"])
    assert paths == ["posts/2024/b.markdown", "posts/a.md"]
    r = run("check", "--format", "json", "--exclude", "posts/2024/*", "--exclude", "*.txt", site, *wl)
    paths = sorted(os.path.relpath(f["path"], site) for f in json.loads(r.stdout)["files"])
    assert paths == ["_drafts/d.md", "posts/a.md", "posts/c.html"]
    # the configuration file's glob rules: '*' stays in one folder, '**' crosses folders
    r = run("check", "--format", "json", "--include", "posts/*.m*", site, *wl)
    paths = sorted(os.path.relpath(f["path"], site) for f in json.loads(r.stdout)["files"])
    assert paths == ["posts/a.md"]
    r = run("check", "--format", "json", "--include", "posts/**/*.m*", "--exclude", "2024", site, *wl)
    paths = sorted(os.path.relpath(f["path"], site) for f in json.loads(r.stdout)["files"])
    assert paths == ["posts/a.md"]


def test_glob_argument_is_expanded(tmp_path, wl):
    site = tmp_path / "site"
    make_site(site)
    r = run("check", "--format", "json", str(site / "posts" / "**" / "*.m*"), *wl)
    paths = sorted(os.path.relpath(f["path"], site) for f in json.loads(r.stdout)["files"])
    assert paths == ["posts/2024/b.markdown", "posts/a.md"]
    r = run("check", str(site / "*.nothing"), *wl)
    assert r.returncode == 2 and "no file matches" in r.stderr.decode()


def test_clean_folder_in_place_with_backup(tmp_path, wl):
    site = tmp_path / "site"
    make_site(site)
    os.chmod(site / "posts" / "a.md", 0o604)
    r = run("clean", "--in-place", "--backup", ".orig-unspin", site, *wl)
    assert r.returncode == 0, r.stderr
    assert (site / "posts" / "a.md").read_text() == FIXED
    assert (site / "posts" / "a.md.orig-unspin").read_text() == SPUN
    assert stat.S_IMODE((site / "posts" / "a.md").stat().st_mode) == 0o604
    assert (site / "posts" / "c.html").read_text() == f"<p>{FIXED}</p>"
    assert (site / ".hidden.md").read_text() == SPUN and (site / ".git" / "config.md").read_text() == SPUN
    assert "5 files processed, 5 changed" in r.stderr.decode()
    # a second run leaves the backups alone and changes nothing
    r = run("clean", "--in-place", "--backup", ".orig-unspin", site, *wl)
    assert r.returncode == 0 and (site / "posts" / "a.md.orig-unspin").read_text() == SPUN
    assert "0 changed" in r.stderr.decode()


def test_clean_folder_to_output_folder_mirrors_tree(tmp_path, wl):
    site = tmp_path / "site"
    make_site(site)
    out = tmp_path / "out"
    out.mkdir()
    r = run("clean", "-o", out, site, *wl)
    assert r.returncode == 0, r.stderr
    assert (out / "posts" / "2024" / "b.markdown").read_text() == FIXED
    assert (site / "posts" / "2024" / "b.markdown").read_text() == SPUN
    r = run("clean", "-o", tmp_path / "missing-folder", site, *wl)
    assert r.returncode == 2 and "existing folder" in r.stderr.decode()


def test_dry_run_and_diff_change_nothing(tmp_path, wl):
    site = tmp_path / "site"
    make_site(site)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    r = run("clean", "--dry-run", site, *wl)
    assert r.returncode == 0 and "would make 2 changes" in r.stderr.decode()
    r = run("clean", "--diff", site, *wl)
    assert r.returncode == 0 and b"+Dry skin needs care; pay with a credit card." in r.stdout
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_thousand_files_with_two_jobs(tmp_path, wl):
    site = tmp_path / "many"
    site.mkdir()
    for i in range(1000):
        body = SPUN if i % 3 == 0 else "Nothing to see here.\n"
        (site / f"post-{i:04d}.md").write_text(f"# Post {i}\n\n{body}")
    r = run("check", "--format", "json", "--jobs", "2", site, *wl)
    assert r.returncode == 1, r.stderr[-2000:]
    files = json.loads(r.stdout)["files"]
    assert [f["path"] for f in files] == [str(site / f"post-{i:04d}.md") for i in range(1000)]  # input order
    assert sum(f["verdict"] == "spun" for f in files) == 334
    r = run("clean", "--in-place", "--jobs", "2", site, *wl)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "1000 files processed, 334 changed (668 changes)" in r.stderr.decode()
    assert (site / "post-0999.md").read_text() == f"# Post 999\n\n{FIXED}"
    assert (site / "post-0998.md").read_text() == "# Post 998\n\nNothing to see here.\n"
    assert not [p for p in site.iterdir() if p.name.startswith(".")]


def test_no_progress_bar_when_not_a_terminal(tmp_path, wl):
    site = tmp_path / "site"
    make_site(site)
    r = run("check", "--jobs", "2", site, *wl)
    assert b"\r" not in r.stderr and b"files/s" not in r.stderr


# ---------------------------------------------------------------- safe writes

def test_in_place_keeps_encoding_bom_and_line_endings(tmp_path, wl):
    cases = {
        "lf.md": ("utf-8", "", "\n"),
        "crlf.md": ("utf-8", "\ufeff", "\r\n"),
        "mixed.txt": ("utf-8", "", None),
        "u16le.md": ("utf-16-le", "\ufeff", "\r\n"),
        "u16be.html": ("utf-16-be", "\ufeff", "\n"),
    }
    for name, (enc, bom, nl) in cases.items():
        text = ("Dry pores and skin.\r\nA bank card\nand pores and skin.\r\n" if nl is None
                else f"Dry pores and skin.{nl}A bank card{nl}end{nl}")
        (tmp_path / name).write_bytes((bom + text).encode(enc))
    r = run("clean", "--in-place", *[tmp_path / n for n in cases], *wl)
    assert r.returncode == 0, r.stderr
    for name, (enc, bom, nl) in cases.items():
        text = ("Dry skin.\r\nA credit card\nand skin.\r\n" if nl is None
                else f"Dry skin.{nl}A credit card{nl}end{nl}")
        assert (tmp_path / name).read_bytes() == (bom + text).encode(enc), name


def test_latin1_needs_encoding_and_round_trips(tmp_path, wl):
    latin = tmp_path / "café.txt"
    data = "Café: dry pores and skin.\n".encode("latin-1")
    latin.write_bytes(data)
    r = run("clean", "--in-place", latin, *wl)
    assert r.returncode == 2
    assert err_lines(r) == [f"unspin: {latin}: not UTF-8 text (invalid byte at offset 3); "
                            f"pass --encoding, e.g. --encoding latin-1"]
    assert latin.read_bytes() == data
    r = run("clean", "--in-place", "--encoding", "latin-1", latin, *wl)
    assert r.returncode == 0
    assert latin.read_bytes() == "Café: dry skin.\n".encode("latin-1")


def test_bad_inputs_each_get_one_line_and_the_run_goes_on(tmp_path, wl):
    good = tmp_path / "good.txt"
    good.write_text(SPUN)
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x00\x01pores and skin\x00")
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    big = tmp_path / "big.txt"
    big.write_text(SPUN * 100)
    missing = tmp_path / "missing.md"
    r = run("clean", "--in-place", "--max-size", "1000", binary, empty, big, missing, good, *wl)
    assert r.returncode == 2
    lines = err_lines(r)
    assert lines[:4] == [f"unspin: {binary}: binary file (contains NUL bytes), skipped",
                         f"unspin: {empty}: empty file",
                         f"unspin: {big}: file is 5,300 bytes, over the 1,000-byte limit (--max-size)",
                         f"unspin: {missing}: no such file"]
    assert good.read_text() == FIXED  # the good file was still cleaned
    assert big.read_text() == SPUN * 100 and binary.read_bytes() == b"\x00\x01pores and skin\x00"
    assert b"Traceback" not in r.stderr
    r = run("check", binary, good, *wl)
    assert r.returncode == 2 and "binary" in r.stderr.decode()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path, wl):
    locked = tmp_path / "locked.md"
    locked.write_text(SPUN)
    os.chmod(locked, 0)
    r = run("check", locked, *wl)
    assert r.returncode == 2 and err_lines(r) == [f"unspin: {locked}: cannot read: Permission denied"]


def test_unwritable_folder_is_one_line(tmp_path, wl):
    out = tmp_path / "out.md"
    src = tmp_path / "in.md"
    src.write_text(SPUN)
    r = run("clean", "-o", tmp_path / "no" / "such" / "dir" / "x.md", src, *wl)
    assert r.returncode == 2 and len(err_lines(r)) == 1 and "cannot write" in r.stderr.decode()
    assert not out.exists()


def test_backup_needs_in_place(tmp_path, wl):
    src = tmp_path / "in.md"
    src.write_text(SPUN)
    assert run("clean", "--backup", ".bak", src, *wl).returncode == 2
    assert run("clean", "--in-place", "--backup", "", src, *wl).returncode == 2
    assert run("clean", "--in-place", "--dry-run", src, *wl).returncode == 2
    assert src.read_text() == SPUN


def _wait_for(predicate, limit=120.0):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_interrupted_in_place_run_leaves_each_file_old_or_new(tmp_path, wl, sig):
    site = tmp_path / "site"
    site.mkdir()
    old = ("Dry pores and skin, a bank card.\n" * 200)
    new = ("Dry skin, a credit card.\n" * 200)
    paths = [site / f"article-{i:03d}.md" for i in range(40)]
    for p in paths:
        p.write_text(old)
    proc = subprocess.Popen([sys.executable, "-m", "unspin", "clean", "--in-place", "--jobs", "2", str(site), *wl],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # stop it once some files are rewritten (or at worst when it ends)
    _wait_for(lambda: proc.poll() is not None or sum(p.read_text() == new for p in paths) >= 2)
    if proc.poll() is None:
        proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=300)
    contents = [p.read_text() for p in paths]
    assert all(c in (old, new) for c in contents)
    assert any(c == new for c in contents)
    if sig != signal.SIGKILL:
        assert b"Traceback" not in stderr
        if proc.returncode != 0:  # it was interrupted, not finished
            assert proc.returncode == 130 and b"interrupted" in stderr
            assert not [p for p in site.iterdir() if p.name.endswith(".unspin-tmp")]
    if sig == signal.SIGKILL:  # even after the hardest stop, a second run finishes the job
        assert run("clean", "--in-place", "--jobs", "2", site, *wl).returncode == 0
        assert all(p.read_text() == new for p in paths)


# ---------------------------------------------------------------- JSON Lines

def test_jsonl_clean_from_stdin_one_record_out_per_record_in(wl):
    records = [{"id": i, "text": SPUN if i % 2 else "Clean text.", "meta": {"é": "ü"}} for i in range(200)]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(5, "{not json")
    lines.insert(9, json.dumps({"id": "x", "body": "no text field"}))
    data = ("\n".join(lines) + "\n\n").encode()
    r = run("clean", "--jsonl", "--field", "text", "--jobs", "2", "-", *wl, stdin=data)
    assert r.returncode == 2  # two records could not be processed
    out = r.stdout.decode().splitlines()
    assert len(out) == len(lines)
    assert out[5] == "{not json" and json.loads(out[9]) == {"id": "x", "body": "no text field"}
    got = [json.loads(l) for i, l in enumerate(out) if i not in (5, 9)]
    assert [g["id"] for g in got] == list(range(200))
    for g in got:
        assert g["text"] == (FIXED if g["id"] % 2 else "Clean text.") and g["meta"] == {"é": "ü"}
        assert set(g["unspin"]) >= {"spin_score", "verdict", "changes"}
    odd = got[1]["unspin"]["changes"]
    assert [(c["start"], c["end"], c["text"], c["replacement"]) for c in odd] == [
        (4, 18, "pores and skin", "skin"), (42, 51, "bank card", "credit card")]
    errs = err_lines(r)
    assert "unspin: <stdin>:6: not valid JSON" in errs[0] and "unspin: <stdin>:10: no 'text' field" in errs[1]


def test_jsonl_check_and_in_place(tmp_path, wl):
    data = tmp_path / "docs.jsonl"
    data.write_text(json.dumps({"content": SPUN}) + "\n" + json.dumps({"content": "All fine."}) + "\n")
    r = run("check", "--jsonl", "--field", "content", data, *wl)
    assert r.returncode == 1
    first, second = [json.loads(l) for l in r.stdout.decode().splitlines()]
    assert first["content"] == SPUN and second["unspin"]["findings"] == []
    f = first["unspin"]["findings"][0]
    assert SPUN[f["start"]:f["end"]] == f["text"] and f["line"] == 1
    assert data.read_text().count("pores and skin") == 1  # check never writes
    r = run("clean", "--jsonl", "--field", "content", "--in-place", data, *wl)
    assert r.returncode == 0, r.stderr
    first, second = [json.loads(l) for l in data.read_text().splitlines()]
    assert first["content"] == FIXED and second["content"] == "All fine."


def test_jsonl_check_follows_the_failing_policy(tmp_path, wl):
    data = tmp_path / "docs.jsonl"
    data.write_text(json.dumps({"text": SPUN}) + "\n" + json.dumps({"text": "All fine."}) + "\n")
    assert run("check", "--jsonl", data, *wl).returncode == 1  # default: a spun record fails
    assert run("check", "--jsonl", "--fail-on", "never", data, *wl).returncode == 0
    assert run("check", "--jsonl", "--fail-on", "never", "--min-score", "0.01", data, *wl).returncode == 1
    data.write_text(json.dumps({"text": "All fine."}) + "\n")
    assert run("check", "--jsonl", "--fail-on", "tortured", data, *wl).returncode == 0
