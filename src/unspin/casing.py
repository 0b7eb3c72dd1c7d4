"""Carry the case pattern of the spun text over to its replacement.

'Pores and skin' -> 'Skin', 'GOOD STRAINS' -> 'FINE LINES', 'Good Strains' ->
'Fine Lines'. A replacement that carries its own capitals ('MRI', 'Americans')
keeps them.
"""
from __future__ import annotations

SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to vs with".split())


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def match_case(source: str, replacement: str) -> str:
    if source.islower() or not replacement:  # the common case: nothing to carry over
        return replacement
    letters = [c for c in source if c.isalpha()]
    if not letters:
        return replacement
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    words = [w for w in source.split() if w[:1].isalpha()]
    content = [w for w in words if w.lower() not in SMALL_WORDS]
    # Title Case needs a capital on a content word: "as of" is not a title
    if len(words) > 1 and content and all(w[:1].isupper() for w in content):
        out = []
        for i, w in enumerate(replacement.split(" ")):
            out.append(w if (i and w in SMALL_WORDS) else _cap(w))
        return " ".join(out)
    if source[:1].isupper():
        return _cap(replacement)
    return replacement
