"""Inflected forms of list phrases, so one entry covers 'strain', 'strains', 'strained'.

A ``noun`` phrase inflects its last word, a ``verb`` phrase its first; the fix is
inflected with the same Penn tag, which is how 'scaled back' becomes 'reduced'.
"""
from __future__ import annotations

from functools import lru_cache

NOUN_TAGS = ("NN", "NNS")
VERB_TAGS = ("VB", "VBZ", "VBD", "VBG", "VBN")
BASE_TAG = {"noun": "NN", "verb": "VB"}


@lru_cache(maxsize=None)
def _lemminflect():
    import lemminflect  # imported lazily: only list compilation needs it
    return lemminflect


def _fallback(word: str, tag: str) -> str:
    if tag == "NNS":
        if word.endswith(("s", "x", "z", "ch", "sh")):
            return word + "es"
        if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
            return word[:-1] + "ies"
        return word + "s"
    if tag == "VBZ":
        return _fallback(word, "NNS")
    if tag in ("VBD", "VBN"):
        return word + "d" if word.endswith("e") else word + "ed"
    if tag == "VBG":
        return (word[:-1] if word.endswith("e") and not word.endswith("ee") else word) + "ing"
    return word


@lru_cache(maxsize=None)
def lemma(word: str, pos: str) -> str:
    upos = "NOUN" if pos == "noun" else "VERB"
    found = _lemminflect().getLemma(word, upos=upos, lemmatize_oov=True)
    return found[0] if found else word


@lru_cache(maxsize=None)
def inflect_word(word: str, tag: str, pos: str) -> str:
    if not word.isalpha():
        # a hyphenated compound inflects its last part: "check-ins", "follow-ups",
        # "double-checked" (a spinner's "test-ins" is as plural as its "test-in")
        first, dash, last = word.rpartition("-")
        if dash and first and last.isalpha():
            return f"{first}-{inflect_word(last, tag, pos)}"
        return word
    # list phrases are written uninflected, so a verb is its own base form ("lay" is not
    # the past of "lie" here); a noun may be written plural ("fine strains")
    base = lemma(word, pos) if pos == "noun" else word
    if tag in ("NN", "VB"):
        return base
    found = _lemminflect().getInflection(base, tag=tag)
    return found[0] if found else _fallback(base, tag)


def inflect_phrase(phrase: str, tag: str, pos: str) -> str:
    """Put the head word of ``phrase`` into form ``tag`` (keeping the rest)."""
    words = phrase.split(" ")
    if pos == "noun":
        i = len(words) - 1
    elif pos == "verb":
        i = 0
    else:
        return phrase
    head = words[i]
    low = head.lower()
    new = inflect_word(low, tag, pos)
    if head != low:  # a fix like 'Americans' keeps its capital
        new = new[:1].upper() + new[1:] if head[:1].isupper() else new
    words[i] = new
    return " ".join(words)


def forms(phrase: str, pos: str) -> dict[str, str]:
    """Surface form -> Penn tag for every inflection of a (folded) spun phrase."""
    if pos not in BASE_TAG:
        return {phrase: ""}
    tags = NOUN_TAGS if pos == "noun" else VERB_TAGS
    out: dict[str, str] = {}
    for tag in tags:
        out.setdefault(inflect_phrase(phrase, tag, pos), tag)
    # the phrase as written maps to the fix as written: a spinner's "physique fats" is
    # "body fat", not a plural to carry over
    out[phrase] = ""
    return out
