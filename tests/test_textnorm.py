"""The normalised text and its way back to the original offsets.

``Normalized`` takes a fast road (str.replace and a literal search) for what a regex
over every character used to do; these tests hold it to that plain definition."""
import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.textnorm import MOJIBAKE_APOSTROPHES, ODD_SPACES, Normalized, fold

# the definition: every run of whitespace is one space, a mis-decoded apostrophe is "'"
_RUN = re.compile(r"\s+|" + "|".join(MOJIBAKE_APOSTROPHES))


def reference(text):
    folded = fold(text)
    out, origin, pos = [], [], 0
    for m in _RUN.finditer(folded):
        out.append(folded[pos:m.start()])
        origin.extend(range(pos, m.start()))
        out.append(" " if m.group().isspace() else "'")
        origin.append(m.start())
        pos = m.end()
    out.append(folded[pos:])
    origin.extend(range(pos, len(folded)))
    return "".join(out), origin


def test_odd_spaces_are_every_whitespace_character_but_the_space():
    assert ODD_SPACES == "".join(chr(i) for i in range(sys.maxunicode + 1) if chr(i).isspace() and chr(i) != " ")


PIECES = ["a", "b", "é", "İ", " ", "  ", "\n", "\r\n", "\n\n", "\t", "\u00a0", "\u2028", "\u3000", "\x85", "'",
          "\u2019", "\u00e2\u20ac\u2122", "\u0e42\u20ac\u2122", "\u20ac", "\u2122", ".", "x"]
texts = st.one_of(st.lists(st.sampled_from(PIECES), max_size=30).map("".join), st.text(max_size=60))


@settings(max_examples=500, deadline=None)
@given(texts)
def test_normalized_text_and_offsets_follow_the_definition(text):
    norm = Normalized(text)
    want, origin = reference(text)
    assert norm.text == want
    assert norm.word_count() == len(text.split())
    for i, ch in enumerate(want):
        if ch != " " and ch != "'":
            assert norm.to_original(i) == origin[i]
            assert fold(text[origin[i]]) == ch


def test_paragraph_breaks_and_line_breaks_collapse_in_ascii_and_unicode_text():
    for text in ("pores and\n\nskin", "pores and\u00a0\u00a0skin \u2014 ok"):
        norm = Normalized(text)
        assert norm.text.startswith("pores and skin")
        start, end = norm.span_to_original(0, len("pores and skin"))
        assert text[start:end].split() == ["pores", "and", "skin"]
