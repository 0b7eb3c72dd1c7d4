"""unspin's numpy tagger and tokenizer must give spaCy's tokens and tags exactly: the
word lists' part-of-speech conditions were written and tested against spaCy's."""
import json
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin import nlp
from unspin import tagger as numpy_tagger

CASES = Path(__file__).parent / "cases"

AWKWARD = [
    "Don't e-mail me at jo.smith@example.co.uk or visit https://example.com/a?b=1 before 5 p.m.",
    "U.S. rates rose 0.25% vs. last yr.; Dr. O'Neil's co-authors can't agree :-) ...",
    "We'll pay £1,200/mo. (approx.) for a 2-bed flat in St. Albans, e.g. near Jan. 3rd's sale!",
    "It's the 1990s' 'hit' — re-released on 12/05/2021 at 10:30am by AT&T & Co.",
    "  Two spaces before,\ta tab, a\nnew line and\n\n two more   then the end.  ",
    "(e.g., i.e.) a.m., Let's LET'S y'all ain't ’s “quoted” naïve café ϵ 😀 ½ °C x86-64 C++",
    "",
    " ",
    "\n",
]

PIECES = ["Don't", "e-mail", "a@b.co", "https://x.org/p?q=1", "5", "p.m.", "U.S.", "0.25%", "vs.",
          "Dr.", "O'Neil's", "co-op", "can't", ":-)", "...", "£1,200/mo.", "(approx.)", "St.", "e.g.",
          "(e.g.,", "i.e.)", ":)", "<3", "a.m.,", "’s", "“q”", "naïve", "ϵ", "😀", "Mr.", "(", ")",
          "[1]", "#tag", "@me", "C++", "½", "10km", "'em", "Let's", "o'clock", "-", "--", "?!",
          "A/B", "1st", "Inc.", "lovin'", "skin", "The", "dry", "X", "x", "NOUN"]
SEPARATORS = [" ", " ", "", "  ", "\n", "\t", ", ", ". ", " \n "]


@pytest.fixture(scope="module")
def spacy_nlp():
    return nlp.spacy_tagger()


@pytest.fixture(scope="module")
def ours(spacy_nlp):
    return numpy_tagger.Tagger(numpy_tagger.export(spacy_nlp))


def spacy_tags(spacy_nlp, texts):
    return [[(t.idx, t.idx + len(t.text), t.tag_) for t in doc] for doc in spacy_nlp.pipe(texts)]


def test_string_ids_are_spacys(spacy_nlp, ours):
    from spacy.strings import hash_string
    for s in ["hello", "a", "", "naïve café, a string longer than eight bytes", "😀", "Xxxxx"]:
        assert numpy_tagger.hash_string(s) == hash_string(s)
    for s in ["X", "x", "NOUN", "dd", "hello"]:  # spaCy's symbols keep their small ids
        assert ours._id(s) == spacy_nlp.vocab.strings.add(s)


def test_row_keys_are_thincs():
    from thinc.api import NumpyOps
    ids = np.random.default_rng(3).integers(0, 2**63, size=200, dtype=np.uint64)
    ids[:3] = [0, 1, 2**64 - 1]
    for seed in (8, 13, 4000000000):
        assert (numpy_tagger.row_keys(ids, seed) == NumpyOps().hash(ids, seed)).all()


def test_word_shape_is_spacys():
    from spacy.lang.lex_attrs import word_shape
    for s in ["Hello", "HELLO", "hello1234", "C++", "ϵ", "12/05/2021", "x" * 120, "", "Ünïcode"]:
        assert numpy_tagger.word_shape(s) == word_shape(s)


def test_awkward_text_is_tokenized_and_tagged_as_spacy_does(spacy_nlp, ours):
    assert ours.tag(AWKWARD) == spacy_tags(spacy_nlp, AWKWARD)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=12))
def test_any_mix_of_awkward_pieces_is_tagged_as_spacy_does(spacy_nlp, ours, parts):
    text = "".join(p + sep for p, sep in parts)
    assert ours.tag([text]) == spacy_tags(spacy_nlp, [text])


def test_real_articles_are_tagged_as_spacy_does(spacy_nlp, ours):
    """Some 30,000 words of the clean test articles, a paragraph a sentence."""
    paragraphs = []
    with open(CASES / "clean-articles.jsonl", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % 7 == 0:
                paragraphs.extend(p for p in json.loads(line)["text"].split("\n") if p.strip())
    assert sum(len(p.split()) for p in paragraphs) > 25000
    assert ours.tag(paragraphs) == spacy_tags(spacy_nlp, paragraphs)


def test_a_warm_cache_tags_without_importing_spacy():
    """The point of the numpy tagger: once exported, tagging never loads spaCy."""
    expected = nlp.tag_sentences(["The skin is dry."])
    code = ("import sys, json; from unspin import nlp; "
            "print(json.dumps([nlp.tag_sentences(['The skin is dry.']), 'spacy' in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    tags, spacy_loaded = json.loads(out)
    assert [[tuple(t) for t in s] for s in tags] == expected
    assert spacy_loaded is False


def test_a_model_it_cannot_export_is_tagged_by_spacy(monkeypatch):
    def unsupported(nlp_):
        raise ValueError("unsupported tok2vec architecture for unspin's tagger")

    monkeypatch.setenv("UNSPIN_CACHE_DIR", "off")
    monkeypatch.setattr(numpy_tagger, "export", unsupported)
    nlp.tagger.cache_clear()
    try:
        fallback = nlp.tagger()
        assert isinstance(fallback, nlp._SpacyTags)
        assert [p for _, _, p in nlp.tag_sentences(["The skin is dry."])[0]] == [
            "DET", "NOUN", "AUX", "ADJ", "PUNCT"]
    finally:
        nlp.tagger.cache_clear()


def test_a_damaged_export_in_the_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("UNSPIN_CACHE_DIR", str(tmp_path))
    name = f"tagger-{numpy_tagger.FORMAT}-{nlp.model_key()}.pickle"
    (tmp_path / name).write_bytes(b"not a pickle")
    nlp.tagger.cache_clear()
    try:
        assert isinstance(nlp.tagger(), numpy_tagger.Tagger)
        assert numpy_tagger.Tagger(pickle.loads((tmp_path / name).read_bytes()))
    finally:
        nlp.tagger.cache_clear()
