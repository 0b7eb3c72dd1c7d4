"""Compiled lists are cached by content: an edited list is recompiled, never stale."""
from unspin import Unspinner, cache


def write_list(path, fix):
    path.write_text(f"domain: t\nentries:\n- {{spun: zorp blat, fix: {fix}, examples: [A zorp blat.]}}\n")


def test_cache_hit_and_invalidation(tmp_path, monkeypatch):
    monkeypatch.setenv("UNSPIN_CACHE_DIR", str(tmp_path / "cache"))
    lst = tmp_path / "l.yml"
    write_list(lst, "widget")
    assert Unspinner(builtin=False, wordlists=[lst]).repair("a zorp blat").text == "a widget"
    assert len(list((tmp_path / "cache").glob("lists-*.pickle"))) == 1
    # a second engine is served from the cache and behaves the same
    assert Unspinner(builtin=False, wordlists=[lst]).repair("a zorp blat").text == "a widget"
    write_list(lst, "gadget")
    assert Unspinner(builtin=False, wordlists=[lst]).repair("a zorp blat").text == "a gadget"


def test_cache_can_be_disabled_and_survives_garbage(tmp_path, monkeypatch):
    monkeypatch.setenv("UNSPIN_CACHE_DIR", "off")
    assert cache.cache_dir() is None
    d = tmp_path / "c"
    monkeypatch.setenv("UNSPIN_CACHE_DIR", str(d))
    lst = tmp_path / "l.yml"
    write_list(lst, "widget")
    Unspinner(builtin=False, wordlists=[lst])
    for p in d.glob("lists-*.pickle"):
        p.write_bytes(b"not a pickle")
    assert Unspinner(builtin=False, wordlists=[lst]).repair("a zorp blat").text == "a widget"
