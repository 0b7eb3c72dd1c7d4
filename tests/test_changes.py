"""Composing two repairs into one (``unspin.changes``): offsets into the input, changes
that reproduce the output, and the two passes' overlapping changes joined."""
from hypothesis import given, settings, strategies as st

from unspin.changes import compose, to_output
from unspin.findings import Change, Finding, Repair


def make(text, edits, name="r"):
    """A Repair of ``text`` from disjoint (start, end, new) edits."""
    out, changes, pos, shift = [], [], 0, 0
    for s, e, new in sorted(edits):
        out.append(text[pos:s])
        changes.append(Change(s, e, s + shift, s + shift + len(new), text[s:e], new, f"{name}{s}"))
        out.append(new)
        shift += len(new) - (e - s)
        pos = e
    out.append(text[pos:])
    return Repair(text="".join(out), changes=tuple(changes))


def apply(text, changes):
    out, pos = [], 0
    for c in changes:
        out.append(text[pos:c.start])
        out.append(c.new)
        pos = c.end
    out.append(text[pos:])
    return "".join(out)


@st.composite
def edits(draw, text):
    # disjoint, non-empty spans, as a repair's findings are (they may touch)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8, unique=True)))
    out = []
    for s, e in zip(cuts[::2], cuts[1::2]):
        out.append((s, e, draw(st.text(alphabet="xyzé ", max_size=5))))
    return out


@st.composite
def two_passes(draw):
    text = draw(st.text(alphabet="abcd é\n", max_size=30))
    first = make(text, draw(edits(text)))
    second = make(first.text, draw(edits(first.text)))
    return text, first, second


@settings(max_examples=500, deadline=None)
@given(two_passes())
def test_composed_changes_reproduce_the_output_from_the_input(case):
    text, first, second = case
    rep = compose(text, first, second)
    assert rep.text == second.text
    assert apply(text, rep.changes) == second.text
    for c in rep.changes:
        assert text[c.start:c.end] == c.old
        assert rep.text[c.out_start:c.out_end] == c.new
    starts = [c.start for c in rep.changes]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(rep.changes, rep.changes[1:]))


def test_a_second_change_inside_a_first_one_joins_it():
    text = "the clever techniques work"
    first = make(text, [(4, 10, "intelligent")])
    second = make(first.text, [(16, 26, "systems")])
    assert second.text == "the intelligent systems work"
    rep = compose(text, first, second)
    assert [(c.start, c.end, c.old, c.new) for c in rep.changes] == [
        (4, 10, "clever", "intelligent"), (11, 21, "techniques", "systems")]
    third = make(first.text, [(4, 26, "smart systems")], name="s")
    rep = compose(text, first, third)
    assert [(c.old, c.new, c.rule) for c in rep.changes] == [("clever techniques", "smart systems", "r4+s4")]


def test_a_held_back_fix_whose_span_the_second_pass_changed_is_no_longer_held_back():
    text = "the clever techniques work"
    held = Finding(4, 21, "clever techniques", "intelligent systems", "p", "tortured", 0.6, "", "unsafe")
    first = Repair(**{**make(text, [(4, 10, "intelligent")]).__dict__, "held_back": (held,)})
    assert compose(text, first, make(first.text, [])).held_back == (held,)
    assert compose(text, first, make(first.text, [(16, 26, "systems")])).held_back == ()


def test_to_output_takes_in_the_whole_change():
    rep = make("aa bb cc", [(3, 5, "xyz")])
    assert to_output(rep.changes, 3, 5) == (3, 6)
    assert to_output(rep.changes, 4, 8) == (3, 9)
    assert to_output(rep.changes, 0, 2) == (0, 2)
