"""Two repairs in a row as one: the second pass's changes mapped back onto the input.

A repair that applies the safe words inside a held-back phrase can leave a phrase a list
knows ("clever techniques" -> "intelligent techniques", itself a spun "intelligent
systems"); the engine then repairs again. Users and the report still see one repair of
the input, with offsets into the input and changes that reproduce the output exactly.
"""
from __future__ import annotations

from bisect import bisect_right

from .findings import Change, Repair


def compose(text: str, first: Repair, second: Repair) -> Repair:
    """``second`` (a repair of ``first.text``) applied after ``first`` (a repair of
    ``text``), as one repair of ``text``. Changes that overlap across the two passes
    become one change, whose rule names both rules. A fix held back in the first pass
    is no longer held back once the second pass changed its span."""
    back = _mapper(first.changes, forward=False)  # from the first output to the input
    later = [(back(c.start, False), back(c.end, True), len(c.new) - len(c.old), c.rule) for c in second.changes]
    spans = sorted([(c.start, c.end, len(c.new) - len(c.old), c.rule) for c in first.changes] + later)
    groups: list[list] = []  # [start, end, lengthening, rules], disjoint spans of the input
    for s, e, d, rule in spans:
        if groups and (s < groups[-1][1] or s == groups[-1][0]):
            g = groups[-1]
            g[1] = max(g[1], e)
            g[2] += d
            if rule not in g[3]:
                g[3].append(rule)
        else:
            groups.append([s, e, d, [rule]])
    changes, shift = [], 0
    for s, e, d, rules in groups:
        out_start, out_end = s + shift, e + shift + d
        changes.append(Change(s, e, out_start, out_end, text[s:e], second.text[out_start:out_end], "+".join(rules)))
        shift += d
    held = tuple(f for f in first.held_back if not any(s < f.end and f.start < e for s, e, _, _ in later))
    return Repair(text=second.text, changes=tuple(changes), findings=first.findings, held_back=held)


def to_output(changes: tuple[Change, ...], start: int, end: int) -> tuple[int, int]:
    """The output span of a repair under the input span ``start:end``; a position
    inside a change takes in the whole of its new text."""
    at = _mapper(changes, forward=True)
    return at(start, False), at(end, True)


def _mapper(changes: tuple[Change, ...], forward: bool):
    """A position of one side of a repair (the input when ``forward``) on the other; a
    start inside a change goes to the change's start, an end to its end."""
    keys = [c.start if forward else c.out_start for c in changes]

    def at(pos: int, is_end: bool) -> int:
        i = bisect_right(keys, pos) - 1
        if i < 0:
            return pos  # before every change
        c = changes[i]
        a_start, a_end, b_start, b_end = ((c.start, c.end, c.out_start, c.out_end) if forward
                                          else (c.out_start, c.out_end, c.start, c.end))
        if pos == a_start:
            return b_start
        if pos < a_end:
            return b_end if is_end else b_start
        return b_end + (pos - a_end)

    return at
