"""What every grammar backend returns, the one small interface they share, and the data file.

A backend looks at given sentences of a text and returns ``Issue``s with offsets
into that text. The built-in checks and LanguageTool both fit behind
``GrammarChecker``, so the repair step and ``check --grammar`` do not care which
one answered.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Protocol, Sequence

import yaml

Region = tuple[int, int]


@dataclass(frozen=True)
class Issue:
    """One grammar problem: ``text[start:end]`` should read ``suggestion`` (None: no fix known)."""

    start: int
    end: int
    text: str
    suggestion: str | None
    rule: str          # grammar/a-an, grammar/repeated-word, ..., languagetool/EN_A_VS_AN
    message: str
    category: str      # unspin category: articles, repetition, casing, agreement, grammar, typos, ...
    source: str = "builtin"


class GrammarChecker(Protocol):
    """A grammar backend: the issues of each of ``texts`` (sentences or short passages),
    with offsets into that text. Backends batch the texts as they see fit."""

    name: str

    def check_texts(self, texts: Sequence[str]) -> list[list[Issue]]:
        ...


class GrammarWarning(UserWarning):
    """A grammar backend failed and unspin fell back to the built-in checks."""


def _words(items) -> frozenset:
    return frozenset(str(x).lower() for x in items or ())


@lru_cache(maxsize=1)
def data() -> dict:
    """``data/grammar.yml``, with word lists as frozensets."""
    raw = yaml.safe_load(resources.files("unspin.data").joinpath("grammar.yml").read_text(encoding="utf-8"))
    out = dict(raw)
    for key in ("function_words", "name_words", "capital_after_words", "repeated_ok", "abbreviations",
                "lowercase_words", "plural_nouns", "singular_nouns", "prepositions", "eponym_nouns",
                "auxiliaries", "between_auxiliary_and_participle"):
        out[key] = _words(raw.get(key))
    out["verb_number"] = {str(k).lower(): str(v).lower() for k, v in raw["verb_number"].items()}
    out["determiner_number"] = {str(k).lower(): str(v or "").lower() for k, v in raw["determiner_number"].items()}
    return out


# ------------------------------------------------------------------ sentences

_BREAK = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+|\n")


def sentence_bounds(text: str, start: int, end: int, reach: int = 400) -> Region:
    """The sentence (or line) holding ``text[start:end]``, looking at most ``reach`` characters out."""
    lo = max(0, start - reach)
    s0 = _last_break_end(text, lo, start)
    m = _BREAK.search(text, end, min(len(text), end + reach))
    s1 = m.start() if m else min(len(text), end + reach)
    if s1 < end:
        s1 = end
    return s0, s1


_NEAR = 96


def _last_break_end(text: str, lo: int, start: int) -> int:
    """Where the last sentence break in ``text[lo:start]`` ends (``lo`` if none).

    Scanning 400 characters for every repair cost more than the repairs: a break in
    the last hundred characters is the same break, unless its match may have begun
    before them (then the whole reach is scanned)."""
    near = max(lo, start - _NEAR)
    last = None
    for last in _BREAK.finditer(text, near, start):
        pass
    if last is not None and (near == lo or (last.start() > near and not text[last.start() - 1].isspace())):
        return last.end()
    s0 = lo
    for m in _BREAK.finditer(text, lo, start):
        s0 = m.end()
    return s0


def merge_regions(regions) -> list[Region]:
    out: list[list[int]] = []
    for a, b in sorted(regions):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]
