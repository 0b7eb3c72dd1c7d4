"""Carry the case pattern of the spun text over to its replacement.

'Pores and skin' -> 'Skin', 'GOOD STRAINS' -> 'FINE LINES', 'Good Strains' ->
'Fine Lines'. A replacement that carries its own capitals ('MRI', 'Americans')
keeps them.
"""
from __future__ import annotations

SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to vs with".split())


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _cap_parts(word: str) -> str:
    """'pay-per-click' -> 'Pay-Per-Click', 'step-by-step' -> 'Step-by-Step'."""
    parts = word.split("-")
    return "-".join(_cap(p) if i == 0 or p not in SMALL_WORDS else p for i, p in enumerate(parts))


def title_like(source: str, replacement: str = "") -> bool:
    """Is ``source`` written in Title Case? Spinners paste lower-case words into a
    heading ("Life Insurance coverage", "Credit score Rating"), so two capitalised
    content words, the first among them, are enough; a capital after a hyphen
    ("Pay-Per-Click", "Brief-Time period") is one too. A word the replacement spells
    the same ("WordPress", "Wi-Fi") is a name, which says nothing about the title."""
    names = set(replacement.split())
    words = [w for w in source.split() if w[:1].isalpha()]
    content = [w for w in words if w.lower() not in SMALL_WORDS]
    if not content or not content[0][:1].isupper():
        return False
    if any(p[:1].isupper() for w in words if w not in names for p in w.split("-")[1:]):
        return True
    caps = sum(1 for w in content if w[:1].isupper() and w not in names)
    return len(words) > 1 and (caps == len(content) or caps >= 2)


def match_case(source: str, replacement: str) -> str:
    if source.islower() or not replacement:  # the common case: nothing to carry over
        return replacement
    letters = [c for c in source if c.isalpha()]
    if not letters:
        return replacement
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    # Title Case needs a capital on a content word: "as of" is not a title
    if title_like(source, replacement):
        # hyphenated words in a title are capitalised part by part ("Step-by-Step"),
        # unless the source writes a part in lower case ("Well-being Tips")
        hyphens = not any(p[:1].islower() for w in source.split() for p in w.split("-")[1:])
        out = []
        for i, w in enumerate(replacement.split(" ")):
            if i and w in SMALL_WORDS:
                out.append(w)
            else:
                out.append(_cap_parts(w) if hyphens else _cap(w))
        return " ".join(out)
    if source[:1].isupper():
        return _cap(replacement)
    return replacement
