"""The per-file steps in-process: byte-exact round trips, races, inputs, progress."""
import codecs
import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspin import Unspinner
from unspin import batch
from unspin.batch import IN_PLACE, CleanPlan, ReadOptions, check_one, clean_one
from unspin.fileio import InputError
from unspin.inputs import Input, expand

LIST = """domain: filetest
entries:
- spun: pores and skin
  fix: skin
  pos: noun
  examples: [Dry pores and skin.]
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("lists") / "filetest.yml"
    path.write_text(LIST)
    return Unspinner(builtin=False, wordlists=[str(path)])


LINES = ["# Dry pores and skin", "Plain line.", "Use `pores and skin` here.", "Pores and skin care, é ✓.", "",
         "```", "pores and skin", "```", "<p title=\"pores and skin\">dry pores and skin</p>"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.sampled_from(LINES), min_size=1, max_size=12),
       endings=st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=12, max_size=12),
       final=st.booleans(),
       enc=st.sampled_from([("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
                            ("utf-16-be", codecs.BOM_UTF16_BE)]),
       ext=st.sampled_from([".md", ".html", ".txt"]))
def test_property_in_place_round_trips_bytes(engine, tmp_path, lines, endings, final, enc, ext):
    codec, bom = enc
    text = "".join(line + endings[i] for i, line in enumerate(lines))
    if not final:
        text = text[:-len(endings[len(lines) - 1])]
    if not text:
        return
    path = tmp_path / f"doc{ext}"
    path.write_bytes(bom + text.encode(codec))
    res = clean_one(engine, Input(str(path), path.name), ReadOptions(), CleanPlan(mode=IN_PLACE))
    data = path.read_bytes()
    assert data.startswith(bom)
    new = data[len(bom):].decode(codec)
    # line endings are exactly those of the input, line by line
    assert [l[len(l.rstrip("\r\n")):] for l in new.splitlines(keepends=True)] == \
        [l[len(l.rstrip("\r\n")):] for l in text.splitlines(keepends=True)]
    assert (new == text) == (res.changes == 0)
    # idempotent: a second run changes nothing
    again = clean_one(engine, Input(str(path), path.name), ReadOptions(), CleanPlan(mode=IN_PLACE))
    assert again.changes == 0 and path.read_bytes() == data
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".unspin-tmp")]


class _Meddler:
    """An engine that edits the file on disk while it is being analysed."""

    def __init__(self, engine, path):
        self.engine, self.path = engine, path

    def detect(self, text, **kw):
        self.path.write_text("Someone else's edit.\n")
        return self.engine.detect(text, **kw)

    def detect_many(self, texts, **kw):
        self.path.write_text("Someone else's edit.\n")
        return self.engine.detect_many(texts, **kw)

    def __getattr__(self, name):
        return getattr(self.engine, name)


def test_file_changed_on_disk_is_not_overwritten(engine, tmp_path):
    path = tmp_path / "race.md"
    path.write_text("Dry pores and skin.\n")
    with pytest.raises(InputError, match="changed on disk"):
        clean_one(_Meddler(engine, path), Input(str(path), path.name), ReadOptions(), CleanPlan(mode=IN_PLACE))
    assert path.read_text() == "Someone else's edit.\n"


def test_backup_keeps_original_bytes(engine, tmp_path):
    path = tmp_path / "a.md"
    data = codecs.BOM_UTF8 + "Dry pores and skin.\r\n".encode()
    path.write_bytes(data)
    res = clean_one(engine, Input(str(path), "a.md"), ReadOptions(), CleanPlan(mode=IN_PLACE, backup=".bak"))
    assert res.changes == 1 and (tmp_path / "a.md.bak").read_bytes() == data
    assert path.read_bytes() == codecs.BOM_UTF8 + b"Dry skin.\r\n"


def test_check_one_is_the_single_result_step(engine, tmp_path):
    path = tmp_path / "p.md"
    path.write_text("Use `pores and skin`; dry pores and skin.\n")
    r = check_one(engine, str(path), ReadOptions())
    assert r.path == str(path) and r.text == path.read_text()
    assert [(f.start, f.text) for f in r.findings] == [(26, "pores and skin")]
    assert check_one(engine, str(path), ReadOptions(format_in="text")).findings[0].start == 5


def test_expand_inputs(tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "a.md").write_text("x")
    (tmp_path / "d" / "sub" / "b.txt").write_text("x")
    (tmp_path / "d" / "sub" / "c.bin").write_bytes(b"\x00x")
    (tmp_path / "d" / "u16.txt").write_bytes(codecs.BOM_UTF16_LE + "x".encode("utf-16-le"))
    (tmp_path / "d" / "a.md~").write_text("x")
    (tmp_path / "empty").mkdir()
    exp = expand([str(tmp_path / "d"), "-", str(tmp_path / "d" / "a.md"), str(tmp_path / "empty")])
    assert [i.rel for i in exp.inputs] == ["a.md", "u16.txt", "sub/b.txt", "-"]  # a.md once; UTF-16 is text
    assert exp.warnings == [f"{tmp_path / 'empty'}: no matching text files in this folder"]
    explicit = expand([str(tmp_path / "d" / "sub" / "c.bin")])
    assert [i.path for i in explicit.inputs] == [str(tmp_path / "d" / "sub" / "c.bin")]  # named: the reader reports it


def test_progress_only_on_a_terminal(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert not batch.progress_wanted(quiet=False)
    monkeypatch.setattr("sys.stderr", Tty())
    assert batch.progress_wanted(quiet=False) and not batch.progress_wanted(quiet=True)
    bar = batch._bar(100, True, "files")
    assert type(bar).__name__ == "tqdm"
    bar.close()
    assert isinstance(batch._bar(100, False, "files"), batch._NoBar)


def test_run_keeps_order_in_processes(engine, tmp_path):
    paths = []
    for i in range(30):
        p = tmp_path / f"f{i:02d}.txt"
        p.write_text("Dry pores and skin.\n" * (i % 4 + 1) if i != 7 else "")
        paths.append(Input(str(p), p.name))
    out = list(batch.run(batch.clean_one, engine, paths, (ReadOptions(), CleanPlan(mode="dry-run")), jobs=2))
    assert [i.path for i, _ in out] == [p.path for p in paths]
    assert batch.is_failure(out[7][1]) and out[7][1].message.endswith("empty file")
    assert [r.changes for i, r in out if not batch.is_failure(r)] == [i % 4 + 1 for i in range(30) if i != 7]
