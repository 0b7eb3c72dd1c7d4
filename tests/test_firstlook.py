"""The batch first look (``unspin.firstlook``) gives exactly what the engine's own
first look gives, text by text: it is only a faster road to the same candidates."""
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import unspin.engine as engine_mod
from unspin import Unspinner, firstlook
from unspin.textnorm import Normalized

CASES = Path(__file__).parent / "cases"

WORDS = ["pores and skin", "strains", "effective strains", "sort", "skin sort", "however", "keep", "each",
         "help", "bank card", "steadiness", "re-establish", "co-author", "crow's toes", "crow’s toes",
         "accurate", "rate", "rates", "scale back", "coronary heart", "ﬁne", "İstanbul", "ß", "🙂", "x\u0301",
         "naïve", "Ελλάδα", "дом", "_", "under_score", "don't", "o'clock", "'s", "It", "The", "1990s",
         # ambiguous forms and the words their gates look for next to them
         "steadiness", "credit", "card", "sheet", "transfer", "keep", "brief", "each", "children", "children's",
         "merchandise", "cleansing", "help", "usb", "credit's", "sheet's", "usb-c"]
LONG = st.text(alphabet="abcdefghij", min_size=30, max_size=60)
SEPS = [" ", "  ", "\n", "\r\n", "\t", ", ", ". ", "; ", "-", "(", ")", "\"", "’", "'", "\u00a0", "", "—", "\x00"]
texts = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(SEPS), st.text(max_size=8), LONG),
                 max_size=60).map("".join)


@pytest.fixture(scope="module")
def engine():
    return Unspinner()


def reference(engine, text, full):
    """The engine's own look, one text at a time."""
    norm = Normalized(text)
    raw = engine.index.scan(norm.text)
    if not raw:
        return [], None if full else [], [], []
    return engine._first_look(norm.text, raw, full)


def as_lists(look):
    return [None if part is None else [list(x) for x in part] for part in look]


def batch(engine, texts, full, monkeypatch):
    monkeypatch.setattr(engine_mod, "_LOOK_MIN_CHARS", 0)
    return engine._looks(texts, full)


def assert_same(engine, texts, monkeypatch):
    for full in (False, True):
        looks = batch(engine, texts, full, monkeypatch)
        for text, (norm, look) in zip(texts, looks):
            assert norm.text == Normalized(text).text
            if look is None:  # left to the engine (empty, or holding the separator)
                assert not norm.text or "\x00" in norm.text
                continue
            assert as_lists(look) == as_lists(reference(engine, text, full)), text


def corpus_texts() -> list[str]:
    with open(CASES / "clean-articles.jsonl", encoding="utf-8") as fh:
        clean = [json.loads(line)["text"] for line in fh][:150]
    cases = [c for name in ("synthetic.yml", "negative.yml", "known-failures.yml")
             for c in yaml.safe_load((CASES / name).read_text(encoding="utf-8"))]
    # spun articles, and the one-line negatives joined into paragraphs
    spun = [c["spun"] for c in cases if isinstance(c, dict)]
    lines = [c for c in cases if isinstance(c, str)]
    return clean + spun + [" ".join(lines[i:i + 8]) for i in range(0, len(lines), 8)]


def test_batch_look_matches_the_engine_on_articles(engine, monkeypatch):
    texts = corpus_texts()
    assert len(texts) > 150
    assert_same(engine, texts, monkeypatch)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.lists(texts, min_size=1, max_size=6))
def test_batch_look_matches_the_engine_on_any_text(engine, monkeypatch, batch_texts):
    assert_same(engine, batch_texts, monkeypatch)


def test_batch_look_at_the_edges_of_the_windows(engine, monkeypatch):
    """Tokens that end just inside or just past the engine's short window, tokens with an
    apostrophe after a supporting word, marks next to the match."""
    texts = []
    for k in range(40, 56):
        texts += [f"the steadiness {'x' * k} due", f"{'y' * k} steadiness sheet", f"{'t' * k} steadiness.",
                  f"s {'t' * k} steadiness.", f"a{'z' * k}steadiness", f"credit {'w' * (k - 40)}steadiness",
                  f"(steadiness) {'v' * k}", f"{'u' * k}-steadiness"]
    texts += ["Check the steadiness sheet's totals.", "The credit's steadiness.", "steadiness, sheet",
              "steadiness sheet", "Steadiness—sheet", "“steadiness” sheet", "children's steadiness"]
    assert_same(engine, texts, monkeypatch)


def test_detect_many_gives_detect_for_each(engine, monkeypatch):
    """End to end: the batch road (detect_many over many texts) and the one-text road
    (detect with the batch turned off) find the same findings."""
    texts = corpus_texts()[140:]
    together = engine.detect_many(texts)
    monkeypatch.setattr(engine_mod, "_LOOK_MIN_CHARS", 10 ** 12)
    alone = [engine.detect(t) for t in texts]
    assert together == alone
    assert sum(map(len, together)) > 50


def test_long_texts_are_looked_at_in_groups(engine, monkeypatch):
    """Texts longer than the group size are left to the engine; the others are grouped."""
    monkeypatch.setattr(engine_mod, "_LOOK_MAX_CHARS", 400)
    texts = ["Your pores and skin will thank you. " * 20, "Use a mild cleanser on oily pores and skin.",
             "Fine strains fade. " * 3]
    looks = batch(engine, texts, False, monkeypatch)
    assert looks[0][1] is None  # 720 characters: too long for a group of 400
    for text, (_, look) in zip(texts[1:], looks[1:]):
        assert as_lists(look) == as_lists(reference(engine, text, False))



@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_character_classes_of_any_text_are_each_characters_own(text):
    """The table is read by each code point's low 16 bits; astral characters (emoji,
    old scripts) are classed one by one, so every class is ``char_class`` of its character."""
    cp, cls = firstlook.classes(text + "\U0001F600a\U00010041")
    assert cls.tolist() == [firstlook.char_class(c) for c in text + "\U0001F600a\U00010041"]
