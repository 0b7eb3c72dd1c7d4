"""Choose "a" or "an" by how the next word sounds, and spot spinner damage like "A Innovative".

Spinners swap the word after an article without touching the article ("a easy
instance", "an pores and skin"), and repairs can do the same. The exceptions
that make spelling a poor guide live in ``data/articles.yml``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")


@lru_cache(maxsize=1)
def _data() -> dict:
    text = resources.files("unspin.data").joinpath("articles.yml").read_text(encoding="utf-8")
    d = yaml.safe_load(text)
    return {
        "cons_prefixes": tuple(d["consonant_sound_prefixes"]),
        "vowel_exc": tuple(d["vowel_sound_exceptions"]),
        "vowel_words": frozenset(d["vowel_sound_words"]),
        "vowel_letters": frozenset(d["vowel_sound_letters"]),
        "word_acronyms": frozenset(d["acronyms_read_as_words"]),
        "max_spelled": int(d["max_spelled_length"]),
        "labels": frozenset(d["label_words"]),
        "no_article": frozenset(d["no_article_words"]),
    }


def article_for(word: str) -> str | None:
    """'a' or 'an' for ``word``, or None when unsure (digits, symbols, empty)."""
    m = _WORD.match(word)
    if not m:
        return None
    w = m.group(0)
    d = _data()
    low = w.lower().replace("’", "'")
    core = low.split("-")[0].split("'")[0]
    if word[m.end():m.end() + 1].isdigit() and any(c.isupper() for c in w[1:]):
        # letters, a capital inside and a digit: a code read letter by letter ("an HbA1c", "a NaCl2")
        return "an" if low[0] in d["vowel_letters"] else "a"
    if is_spelled_acronym(w):
        return "an" if core[0] in d["vowel_letters"] else "a"
    if len(core) == 1:  # a single letter, alone or before a hyphen: "an F", "a U-Net", "an X-ray"
        return "an" if core in d["vowel_letters"] else "a"
    if core in d["vowel_words"]:
        return "an"
    if core[0] in "aeiou":
        if core.startswith(d["vowel_exc"]):
            return "an"
        if core.startswith(d["cons_prefixes"]):
            return "a"
        return "an"
    return "a"


def is_spelled_acronym(word: str) -> bool:
    """Is ``word`` an all-caps acronym read letter by letter ("FIU", "UAE", "LLP")? Spinners
    swap words, not acronyms: "a FIU" on a spun page is the writer's slip over how the letters
    sound (all seven such a/an findings on our annotated real pages were off the gold), not
    the trace of a swap."""
    m = _WORD.match(word)
    if not m or not m.group(0).isupper():
        return False
    core = m.group(0).lower().replace("’", "'").split("-")[0].split("'")[0]
    d = _data()
    return 1 < len(core) <= d["max_spelled"] and core not in d["word_acronyms"]


def is_label(previous_word: str) -> bool:
    return previous_word.lower() in _data()["labels"]


def with_article(article_text: str, word: str) -> str | None:
    """The article ``article_text`` corrected for ``word`` (case kept), or None if right/unsure
    (or if no article can stand before ``word``)."""
    if word.lower() in _data()["no_article"]:
        return None
    want = article_for(word)
    have = article_text.lower()
    if want is None or have == want:
        return None
    if article_text.isupper() and len(article_text) > 1:
        return want.upper()
    if article_text[:1].isupper():
        return want.capitalize()
    return want
