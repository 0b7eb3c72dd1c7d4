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


def test_compiled_index_round_trips_whole(tmp_path):
    """The cache stores the slots as tuples and the entries' documentation as a blob:
    every field of the index must come back."""
    import pickle
    lst = tmp_path / "l.yml"
    lst.write_text("domain: t\nentries:\n"
                   "- spun: [zorp blat, zorp blats]\n  fix: [widget, gadget]\n  pos: noun\n  ambiguous: true\n"
                   "  context: {prev: [a], not_next: [of], next_pos: [VERB]}\n"
                   "  examples: [A zorp blat., {text: a zorp blat, fixed: a widget}]\n"
                   "  counter: [No zorp blat of mine.]\n  note: invented\n")
    eng = Unspinner(builtin=False, wordlists=[lst])
    back = pickle.loads(pickle.dumps(eng.index))
    assert back.entries == eng.index.entries and back.entries[0].context == eng.index.entries[0].context
    # detection's entries leave the documentation out; documented() brings it back
    assert back.entries[0].examples == () and back.entries[0].note == ""
    assert back.documented() == eng.index.documented()
    assert back.documented()[0].examples[1].fixed == "a widget" and back.documented()[0].note == "invented"
    assert back.documented()[0].counter == ("No zorp blat of mine.",)
    assert back.slots == eng.index.slots and back.longest_phrase == eng.index.longest_phrase
    assert back.patterns == eng.index.patterns and back.automaton is not None


def test_entries_load_one_by_one_and_pickle_again(tmp_path):
    """Entries come back from the cache unread and are unpickled as the engine asks for
    them; an index with some of them read pickles again whole (a process pool's worker)."""
    import pickle

    from unspin.index import LazyEntries
    lst = tmp_path / "l.yml"
    lst.write_text("domain: t\nentries:\n- {spun: zorp blat, fix: widget, examples: [A zorp blat.]}\n"
                   "- {spun: quux frob, fix: gadget, examples: [A quux frob.]}\n")
    eng = Unspinner(builtin=False, wordlists=[lst])
    back = pickle.loads(pickle.dumps(eng.index))
    assert isinstance(back.entries, LazyEntries) and back.entries._items == [None, None]
    assert back.entries[1].fix == ("gadget",) and back.entries._items[0] is None
    again = pickle.loads(pickle.dumps(back))
    assert again.entries == eng.index.entries == list(eng.index.entries)
    assert [e.id for e in again.entries[0:2]] == [e.id for e in eng.index.entries]


def test_the_key_covers_unspins_own_code_but_not_the_lists(tmp_path, monkeypatch):
    """Compiling is code too: a changed compiler gets a new key, even for the same lists."""
    lst = tmp_path / "l.yml"
    write_list(lst, "widget")
    key = cache.fingerprint([lst], "o")
    assert key == cache.fingerprint([lst], "o") and len(cache.code_digest()) == 64
    monkeypatch.setattr(cache, "code_digest", lambda: "another compiler")
    assert cache.fingerprint([lst], "o") != key


def test_code_digest_reads_the_modules_and_leaves_the_lists_to_the_key(tmp_path, monkeypatch):
    pkg = tmp_path / "unspin"
    (pkg / "wordlists").mkdir(parents=True)
    (pkg / "data").mkdir()
    (pkg / "cache.py").write_text("x = 1\n")
    (pkg / "data" / "wordfit.yml").write_text("a: 1\n")
    (pkg / "wordlists" / "general.yml").write_text("entries: []\n")
    monkeypatch.setattr(cache, "__file__", str(pkg / "cache.py"))

    def digest():
        cache.code_digest.cache_clear()
        return cache.code_digest()
    try:
        first = digest()
        (pkg / "wordlists" / "general.yml").write_text("entries: [1]\n")
        assert digest() == first
        (pkg / "data" / "wordfit.yml").write_text("a: 2\n")
        second = digest()
        assert second != first
        (pkg / "cache.py").write_text("x = 2\n")
        assert digest() != second
    finally:
        monkeypatch.undo()
        cache.code_digest.cache_clear()
