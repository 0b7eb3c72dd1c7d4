"""Streaming huge plain-text files: chunks cut at paragraph breaks, offsets exact,
reports and repairs equal to the whole-file ones, errors as one line."""
from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from unspin import Unspinner
from unspin.report import FileResult, file_record
from unspin.streaming import Totals, check_file, chunks, clean_file, read_chunks

# No context conditions and no ambiguous entries: a finding never depends on text
# beyond its paragraph, so streamed and whole-file results must agree exactly.
LIST = (Path(__file__).parent / "data" / "scale-list.yml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def wl(tmp_path_factory):
    p = tmp_path_factory.mktemp("stream") / "list.yml"
    p.write_text(LIST, encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def engine(wl):
    return Unspinner(builtin=False, wordlists=[wl])


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "unspin", *map(str, args)], input=stdin, capture_output=True)


WORDS = ["pores and skin", "Pores And Skin", "coronary heart", "mystery phrase", "tomato", "ünïcode", "🌿",
         "café", "and", "skin", "the", "pores", "heart,", "İstanbul", "word"]


@st.composite
def documents(draw):
    paras = []
    for _ in range(draw(st.integers(1, 12))):
        lines = []
        for _ in range(draw(st.integers(1, 3))):
            lines.append(" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12))) + ".")
        paras.append(draw(st.sampled_from(["\n", "\r\n"])).join(lines))
    seps = [draw(st.sampled_from(["\n\n", "\r\n\r\n", "\n\n\n", "\n"])) for _ in paras]
    return "".join(p + s for p, s in zip(paras, seps))


@given(text=documents(), size=st.integers(8, 200))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_chunks_cover_the_text_with_exact_positions(text, size):
    pieces = [text[i:i + 7] for i in range(0, len(text), 7)]  # arriving in small reads
    got = list(chunks(iter(pieces), size))
    assert "".join(c.text for c in got) == text
    for c in got:
        assert len(c.text) <= size
        assert c.start == sum(len(x.text) for x in got if x.start < c.start)
        before = text[:c.start]
        assert c.line == before.count("\n") + 1
        assert c.column == len(before) - (before.rfind("\n") + 1) + 1
        # a cut falls at a paragraph break whenever the chunk holds one
        if c.start + len(c.text) < len(text) and ("\n\n" in c.text[:-2] or "\n\r\n" in c.text[:-3]):
            assert c.text.endswith(("\n\n", "\n\r\n"))


@given(text=documents(), size=st.integers(30, 300))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_streamed_check_and_clean_equal_whole_file(engine, tmp_path_factory, text, size):
    # a line longer than a chunk is cut at white space, which may split a phrase: real
    # chunks are a million code points, here every line fits
    size = max(size, max(len(line) for line in text.split("\n")) + 2)
    folder = tmp_path_factory.mktemp("prop")
    path = folder / "doc.txt"
    path.write_bytes(text.encode("utf-8"))
    out: list[str] = []
    score, kinds = check_file(engine, str(path), out.append, fmt="json", chunk_chars=size)
    entry = json.loads("".join(out))
    findings = engine.detect(text)
    whole = file_record(FileResult(str(path), text, findings, engine.score(text, findings)))
    assert entry["findings"] == whole["findings"]
    for rec in entry["findings"]:
        assert text[rec["start"]:rec["end"]] == rec["text"]
    assert (entry["words"], entry["spin_score"], entry["verdict"]) == \
        (whole["words"], whole["spin_score"], whole["verdict"])
    target = folder / "out.txt"
    clean_file(engine, str(path), output=str(target), chunk_chars=size)
    assert target.read_bytes() == engine.repair(text).text.encode("utf-8")


def test_totals_score_matches_engine_score(engine):
    text = "Dry pores and skin. " * 3 + "A mystery phrase here. " + "plain words " * 40
    findings = engine.detect(text)
    t = Totals()
    t.add(len(text.split()), findings)
    assert t.score(engine) == engine.score(text, findings)


def test_totals_keep_word_fit_words_as_a_set_across_chunks():
    """A word word fit flags in two chunks counts once, as it would in the whole file."""
    import unspin
    engine = unspin.default()
    text = ("Designers satisfactory-tune the layout procedure early. Our commercial enterprise desires clear goals, "
            "so we map personal expectancies before launch. Good planning gives higher effects in the development "
            "cycle. Our content material is written in house.")
    findings = engine.detect(text, evidence=True)
    fitted = [f for f in findings if f.rule.startswith("word-fit/")]
    assert len(fitted) >= 3
    t = Totals()
    t.add(20, findings)
    t.add(15, fitted)  # the same words again in a second chunk
    assert t.fitted == {f.rule.split("/", 1)[1] for f in fitted}
    whole = engine.score_totals(35, len(findings) + len(fitted), t.strong, t.strong_weight, t.weak_weight,
                                listed=len(t.listed), fitted=len(fitted))
    assert t.score(engine) == whole


def test_utf16_bom_and_crlf_survive_streamed_clean(engine, tmp_path):
    text = "Line one has pores and skin.\r\n\r\nCoronary heart — ünïcode 🌿\r\n" * 50
    p = tmp_path / "u16.txt"
    p.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    os.chmod(p, 0o640)
    n, held = clean_file(engine, str(p), in_place=True, chunk_chars=64)
    assert n == 100 and held == 0
    data = p.read_bytes()
    assert data.startswith(codecs.BOM_UTF16_LE)
    assert data[2:].decode("utf-16-le") == text.replace("pores and skin", "skin").replace("Coronary heart", "Heart")
    assert (p.stat().st_mode & 0o777) == 0o640
    codec, bom, parts = read_chunks(str(p), chunk_chars=64)
    assert (codec, bom) == ("utf-16-le", codecs.BOM_UTF16_LE)
    assert all(len(c.text) <= 64 for c in parts)


def test_cli_check_stream_json_equals_normal_report(wl, tmp_path):
    text = ("Dry pores and skin.\n\nA mystery phrase here.\n\n" + "Plain words here. " * 30 + "\n\n") * 20
    p = tmp_path / "big.txt"
    p.write_text(text, encoding="utf-8")
    normal = run("check", "--no-config", "--no-builtin", "--wordlist", wl, "--format", "json", p)
    streamed = run("check", "--stream", "--no-config", "--no-builtin", "--wordlist", wl, "--format", "json", p)
    assert normal.returncode == streamed.returncode == 1
    assert json.loads(normal.stdout) == json.loads(streamed.stdout)
    text_out = run("check", "--stream", "--no-config", "--no-builtin", "--wordlist", wl, p)
    assert text_out.stdout == run("check", "--no-config", "--no-builtin", "--wordlist", wl, "--color", "never",
                                  p).stdout
    clean = tmp_path / "clean.txt"
    clean.write_text("Nothing to see here.\n", encoding="utf-8")
    ok = run("check", "--stream", "--no-config", "--no-builtin", "--wordlist", wl, clean)
    assert ok.returncode == 0, ok.stderr


def test_cli_stream_errors_are_one_line_and_the_run_goes_on(wl, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Dry pores and skin.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"  # valid UTF-8 for a while, then a stray byte
    bad.write_bytes(("Dry pores and skin.\n\n" * 3000).encode() + b"\xff tail\n")
    r = run("check", "--stream", "--no-config", "--no-builtin", "--wordlist", wl, "--format", "json",
            tmp_path / "missing.txt", bad, good)
    assert r.returncode == 2
    err = r.stderr.decode().strip().splitlines()
    assert len(err) == 2 and "missing.txt: no such file" in err[0] and "bad.txt: cannot decode as utf-8" in err[1]
    report = json.loads(r.stdout)  # still valid JSON
    assert [f["path"] for f in report["files"]] == [str(bad), str(good)]
    assert "error" in report["files"][0] and report["files"][1]["verdict"] in ("spun", "clean")
    assert b"Traceback" not in r.stderr
    binary = tmp_path / "img.txt"
    binary.write_bytes(b"\x89PNG\x00\x00" * 10)
    r = run("clean", "--stream", "--no-builtin", "--wordlist", wl, "--in-place", binary)
    assert r.returncode == 2 and r.stderr.decode().count("\n") == 1 and b"binary" in r.stderr
    assert binary.read_bytes() == b"\x89PNG\x00\x00" * 10


def test_cli_clean_stream_outputs(wl, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Dry pores and skin.\n\nKeep this.\n", encoding="utf-8")
    r = run("clean", "--stream", "--no-builtin", "--wordlist", wl, p)
    assert r.returncode == 0 and r.stdout == b"Dry skin.\n\nKeep this.\n"
    assert "1 change" in r.stderr.decode()
    out = tmp_path / "out.txt"
    r = run("clean", "--stream", "--no-builtin", "--wordlist", wl, "-o", out, p)
    assert r.returncode == 0 and out.read_bytes() == b"Dry skin.\n\nKeep this.\n"
    assert p.read_text(encoding="utf-8") == "Dry pores and skin.\n\nKeep this.\n"
    r = run("clean", "--stream", "--no-builtin", "--wordlist", wl, "-", stdin=b"The coronary heart.\n")
    assert r.stdout == b"The heart.\n"
    for bad in (["--diff"], ["--dry-run"], ["--jsonl"], ["--format-in", "markdown"], ["-o", out, "--in-place"]):
        r = run("clean", "--stream", "--no-builtin", "--wordlist", wl, *bad, p)
        assert r.returncode == 2 and b"Traceback" not in r.stderr, bad
    r = run("check", "--stream", "--no-config", "--no-builtin", "--wordlist", wl, "--format", "sarif", p)
    assert r.returncode == 2 and b"--stream" in r.stderr
    assert p.read_text(encoding="utf-8") == "Dry pores and skin.\n\nKeep this.\n"
