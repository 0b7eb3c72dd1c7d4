"""The cached lemma table answers exactly as lemminflect does, and is stored once."""
import random

import lemminflect

from unspin import lexicon


def test_same_answers_as_lemminflect_for_lower_case_words():
    words = sorted(w for w in lexicon._table() if w == w.lower())
    sample = random.Random(7).sample(words, 3000) + ["cats", "skin", "runs", "data", "ph", "minoxidil", "zzzq"]
    for w in sample:
        assert lexicon.lemmas(w) == lemminflect.getAllLemmas(w), w


def test_table_is_read_back_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("UNSPIN_CACHE_DIR", str(tmp_path))
    lexicon._table.cache_clear()
    try:
        assert lexicon.lemmas("cats")["NOUN"] == ("cat",)
        stored = list(tmp_path.glob("lemmas-*.pickle"))
        assert len(stored) == 1
        lexicon._table.cache_clear()
        # a second process (here: a cleared memo) reads the stored table, not lemminflect's file
        monkeypatch.setattr("lemminflect.core.Lemmatizer.Lemmatizer._getLemmaDict",
                            lambda self: (_ for _ in ()).throw(AssertionError("table parsed again")))
        assert lexicon.lemmas("dogs")["NOUN"] == ("dog",)
    finally:
        lexicon._table.cache_clear()


def test_works_without_a_cache(monkeypatch):
    monkeypatch.setenv("UNSPIN_CACHE_DIR", "off")
    lexicon._table.cache_clear()
    try:
        assert lexicon.lemmas("geese")["NOUN"] == ("goose",)
    finally:
        lexicon._table.cache_clear()
