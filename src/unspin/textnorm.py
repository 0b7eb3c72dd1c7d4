"""Normalise text for matching while keeping a way back to the original offsets.

Matching is case-insensitive, treats curly and straight apostrophes alike and is
tolerant of line breaks and repeated spaces inside a phrase. The normalised text
is built with C-speed string operations; only the (rare) runs of several
whitespace characters need an offset map, so the map stays sparse.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

CURLY_APOSTROPHES = ("\u2019", "\u2018", "\u02bc", "\uff07")
# Whitespace that is not exactly one ASCII space: what collapsing changes; and a right
# single quote that was decoded with the wrong code page (scraped spun articles carry
# them: "doesnâ€™t", "hereโ€™s"), read as the apostrophe it was.
_ODD_SPACE = re.compile(r"[^\S ]\s*| \s+|[\u00e2\u0e42]\u20ac\u2122")
MOJIBAKE_APOSTROPHES = ("\u00e2\u20ac\u2122", "\u0e42\u20ac\u2122")
# The fast road to the same result: every whitespace character but the space (what
# str.isspace() accepts; a test keeps the list complete) becomes a space in place, and
# only runs of spaces need the offset map. Python's regex engine steps through every
# character of _ODD_SPACE's alternation; str.replace and a literal "  +" search run at C
# speed (about 5x faster on article text). Mis-decoded apostrophes take the slow road.
ODD_SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
              "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_SPACE_RUN = re.compile("  +")
TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*|[^\w\s]")


def fold(text: str) -> str:
    """Lower-case and unify apostrophes without changing the length of ``text``."""
    low = text.lower()
    if len(low) != len(text):  # e.g. 'İ' lower-cases to two code points
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    # str.replace runs at memchr speed; translate() would look up every character
    for curly in CURLY_APOSTROPHES:
        if curly in low:
            low = low.replace(curly, "'")
    return low


def fold_phrase(phrase: str) -> str:
    """Normal form of a list phrase: folded, single-spaced."""
    return " ".join(fold(phrase).split())


class Normalized:
    """Folded text with whitespace runs collapsed to one space (and mis-decoded
    apostrophes read as one), plus the offset map.

    Most texts have runs (a paragraph break is one), and most clean texts never need an
    offset mapped back: the runs are collapsed by ``re.sub`` at C speed, and the map is
    made from the uncollapsed text the first time an offset is asked for (building it
    run by run in Python was a sixth of checking clean articles)."""

    __slots__ = ("text", "_uncollapsed", "_norm_breaks", "_shift")

    def __init__(self, original: str):
        folded = fold(original)
        self._norm_breaks: list[int] | None = []
        self._shift: list[int] = []
        self._uncollapsed: str | None = None
        if "\u20ac\u2122" in folded:
            pieces, pos = [], 0
            for s, e in self._map_runs(_ODD_SPACE.finditer(folded)):
                pieces.append(folded[pos:s])
                pieces.append("'" if folded[s:e] in MOJIBAKE_APOSTROPHES else " ")
                pos = e
            pieces.append(folded[pos:])
            self.text = "".join(pieces)
            return
        for odd in ODD_SPACES if not folded.isascii() else ODD_SPACES[:9]:
            if odd in folded:
                folded = folded.replace(odd, " ")
        if "  " in folded:
            self.text = _SPACE_RUN.sub(" ", folded)
            self._uncollapsed, self._norm_breaks = folded, None
        else:
            self.text = folded

    def _map_runs(self, runs) -> list[tuple[int, int]]:
        """Record the offset map of ``runs`` (each made one character); their spans."""
        spans, removed = [], 0
        breaks, shift = self._norm_breaks, self._shift
        for m in runs:
            s, e = m.span()
            spans.append((s, e))
            removed += e - s - 1
            # from this normalised index on, original offsets are ``removed`` further
            breaks.append(e - removed)
            shift.append(removed)
        return spans

    def _offset_map(self) -> list[int]:
        if self._norm_breaks is None:
            self._norm_breaks = []
            self._map_runs(_SPACE_RUN.finditer(self._uncollapsed))
            self._uncollapsed = None
        return self._norm_breaks

    def word_count(self) -> int:
        """``word_count`` of the original text: every run of whitespace is one space
        here, so counting spaces (at C speed, with no list of words made) is enough."""
        t = self.text
        return t.count(" ") + 1 - (t[:1] == " ") - (t[-1:] == " ") if t else 0

    def to_original(self, index: int) -> int:
        """Map a normalised index of a non-space character back to the original text."""
        breaks = self._norm_breaks if self._norm_breaks is not None else self._offset_map()
        if not breaks:
            return index
        i = bisect_right(breaks, index)
        return index + (self._shift[i - 1] if i else 0)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.to_original(start), self.to_original(end - 1) + 1


def tokens(text: str) -> list[str]:
    """Words and punctuation marks of ``text`` (already folded)."""
    return TOKEN.findall(text)


def word_count(text: str) -> int:
    return len(text.split())


def _script(c: str) -> str:
    if c.isascii():
        return "LATIN"
    name = unicodedata.name(c, "")
    return name.split(" ", 1)[0] if name else ""


def is_boundary(text: str, index: int) -> bool:
    """True when ``index`` (a position between characters) is not inside a word.

    Letters of two different scripts meet at a boundary: mis-decoded punctuation
    ("curiosityโ€”" for "curiosity—") must not glue itself to the word before it."""
    if index <= 0 or index >= len(text):
        return True
    a, b = text[index - 1], text[index]
    if not (a.isalnum() and b.isalnum()):
        return True
    if a.isascii() and b.isascii():
        return False
    return _script(a) != _script(b)


def after_bound_prefix(folded: str, hyphen: int, prefixes: frozenset) -> bool:
    """Is the hyphen at ``hyphen`` the end of a prefix such as "re-" or "co-", so that what
    follows is the rest of one word ("re-establishes")?"""
    i = hyphen
    while i > 0 and folded[i - 1].isalpha():
        i -= 1
    return (i == 0 or not folded[i - 1].isalnum()) and folded[i:hyphen] in prefixes
