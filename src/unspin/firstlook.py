"""The first look at the automaton's matches, for many documents at once.

Most matches on clean text never become candidates: they sit inside a longer word
("rate" in "accurate"), or they are everyday words whose entries are ambiguous and
whose supporting words are not next to them ("keep", "each"). Deciding that one match
at a time in Python took about a third of the time of checking clean text (one match
every eight words), so here the documents of a batch are scanned as one string and the
common cases are decided with numpy over all matches together; Python still looks up
the tokens next to an ambiguous match in its gate's words.

What numpy cannot tell exactly (letters of two scripts meeting, a hyphen that may end
a prefix, a token with an apostrophe or a mark next to it) goes back to the engine's
one-match-at-a-time code, so the result is exactly what that code gives (tests/test_firstlook.py
compares the two on articles, on window edges and on generated text).
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .textnorm import TOKEN

# character classes, one bit each
ALNUM, WORD, ASCII, SPACE = 1, 2, 4, 8
_TABLE: np.ndarray | None = None
_SEP = "\x00"  # between documents: no pattern holds it, so no match crosses it
_APOSTROPHE = ord("'")
_HYPHEN = ord("-")
_TOKENS = TOKEN.findall

# what the gate of a match is: not looked up yet, none (always judged), a gate
_UNKNOWN, _NONE, _GATED = 0, 1, 2


def char_class(c: str) -> int:
    return ((ALNUM | WORD) if c.isalnum() else WORD if c == "_" else 0) | (
        ASCII if c.isascii() else 0) | (SPACE if c.isspace() else 0)


def _table() -> np.ndarray:
    global _TABLE
    if _TABLE is None:
        _TABLE = np.fromiter((char_class(chr(i)) for i in range(0x10000)), dtype=np.uint8, count=0x10000)
    return _TABLE


def classes(text: str) -> tuple[np.ndarray, np.ndarray]:
    """(code points, their classes) of ``text``."""
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    # by the low 16 bits of each code point ("wrap"): astral ones are put right below.
    # np.take runs about twice as fast as indexing the table with the array
    cls = np.take(_table(), cp, mode="wrap")
    astral = np.flatnonzero(cp > 0xFFFF)
    if len(astral):
        cls[astral] = [char_class(text[i]) for i in astral.tolist()]
    return cp, cls


class Rows:
    """A document's matches as (pattern, start, end) rows of Python ints, made from the
    batch's array the first time they are read."""

    __slots__ = ("_rows", "array")

    def __init__(self, array: np.ndarray):
        self.array = array
        self._rows: list | None = None

    def rows(self) -> list:
        if self._rows is None:
            self._rows = self.array.tolist()
        return self._rows

    def __iter__(self):
        return iter(self.rows())


class BatchLook:
    """The engine's first look (``Unspinner._first_look``) over a batch of documents.

    ``slots``: the index's slots; ``gates``: the engine's pattern -> gate (or None)
    cache, which ``slot_gate(si)`` fills for pattern ``si``; ``look_one(folded, hits, full)``: the engine's own first look, used for the
    matches numpy cannot decide; ``near_tokens(folded, ns, ne)``: the engine's look at
    the tokens next to a match, ``unsure`` what it gives for a token that may reach past
    ``short`` characters from the match."""

    def __init__(self, automaton, slots, gates: dict, slot_gate: Callable, look_one: Callable,
                 near_tokens: Callable, unsure: object, short: int):
        self.automaton = automaton
        self.allow = np.array([a for _, a in slots], dtype=np.int8)
        self.has_entries = np.array([bool(e) for e, _ in slots], dtype=bool)
        self.state = np.zeros(len(slots), dtype=np.int8)  # each pattern's gate: unknown, none, a gate
        self.gates = gates
        self.slot_gate = slot_gate
        self.look_one = look_one
        self.near_tokens = near_tokens
        self.unsure = unsure
        self.short = short

    def looks(self, texts: list[str], full: bool) -> list[tuple[list, list | None, list, list]]:
        """(hits, likely, allowed, kept_whole) for each folded text, as ``look_one`` gives
        them for all of its matches. No text may hold the separator (NUL)."""
        n_docs = len(texts)
        empty = [([], None if full else [], [], []) for _ in texts]
        if not n_docs or self.automaton is None:
            return empty
        big = _SEP + _SEP.join(texts) + _SEP + _SEP
        lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n_docs)
        offs = np.empty(n_docs, dtype=np.int64)
        offs[0] = 1
        np.cumsum(lengths[:-1] + 1, out=offs[1:])
        offs[1:] += 1
        raw = self.automaton.find_matches_as_indexes(big, overlapping=True)
        if not raw:
            return empty
        h = np.array(raw, dtype=np.int64).reshape(-1, 3)
        doc = np.searchsorted(offs, h[:, 1], side="right") - 1
        order = np.argsort(doc, kind="stable")  # by document, each document's matches in the scan's order
        h, doc = h[order], doc[order]
        si, ns, ne = h[:, 0], h[:, 1], h[:, 2]
        nsl, nel = ns - offs[doc], ne - offs[doc]
        cp, cls = classes(big)

        # inside a longer word: two letters or digits meet across the match's edge
        def inside(a, b):
            ca, cb = cls[a], cls[b]
            both = (ca & cb & ALNUM) != 0
            ascii_ = (ca & cb & ASCII) != 0
            return both & ascii_, both & ~ascii_  # (surely inside, ask the engine)
        left_in, left_ask = inside(ns - 1, ns)
        right_in, right_ask = inside(ne - 1, ne)
        keep = ~(left_in | right_in)
        ask = keep & (left_ask | right_ask | ((cp[ns - 1] == _HYPHEN) & (nsl > 1)))
        allow = self.allow[si]
        is_hit = keep & self.has_entries[si]
        likely = None
        if not full:
            likely = self._likely(texts, big, cp, cls, is_hit & ~ask, si, ns, ne, nsl, nel, doc, offs)
        allow_kind = np.where(keep, allow, 0)
        # the matches numpy could not decide: the engine looks at each
        for k in np.flatnonzero(ask).tolist():
            d = int(doc[k])
            one = (int(si[k]), int(nsl[k]), int(nel[k]))
            hits1, likely1, allowed1, kept1 = self.look_one(texts[d], [one], full)
            is_hit[k] = bool(hits1)
            if likely is not None:
                likely[k] = bool(likely1)
            allow_kind[k] = 1 if allowed1 else 2 if kept1 else 0

        # back to each document's lists, in the scan's order
        triples = np.stack([si, nsl, nel], axis=1)

        def bounds(mask) -> list[int]:
            return [0] + np.cumsum(np.bincount(doc[mask], minlength=n_docs)).tolist()

        def per_doc(mask) -> list[list]:
            rows, at = triples[mask].tolist(), bounds(mask)
            return [rows[at[d]:at[d + 1]] for d in range(n_docs)]

        def spans(mask) -> list[list]:
            return [[(s, e) for _, s, e in rows] for rows in per_doc(mask)]
        # all hits are needed only where a likely one turns out decided: a few documents in
        # twenty of clean text; the others never turn their rows into Python lists
        hit_rows, at = triples[is_hit], bounds(is_hit)
        hits = [Rows(hit_rows[at[d]:at[d + 1]]) for d in range(n_docs)]
        likelies = per_doc(likely) if likely is not None else [None] * n_docs
        allowed = spans(allow_kind == 1)
        kept = spans(allow_kind == 2)
        return list(zip(hits, likelies, allowed, kept))

    def _gate_states(self, slots: np.ndarray) -> np.ndarray:
        """Each slot's gate state, looking up the gates not known yet."""
        states = self.state[slots]
        for s in np.unique(slots[states == _UNKNOWN]).tolist():
            gate = self.gates[s] if s in self.gates else self.slot_gate(s)
            self.state[s] = _NONE if gate is None else _GATED
        return self.state[slots]

    def _likely(self, texts, big, cp, cls, sure, si, ns, ne, nsl, nel, doc, offs) -> np.ndarray:
        """Which of the ``sure`` hits may be supported by the tokens next to them (as the
        engine's gates say); the others are not likely."""
        likely = np.zeros(len(si), dtype=bool)
        idx = np.flatnonzero(sure)
        if not len(idx):
            return likely
        states = self._gate_states(si[idx])
        likely[idx[states == _NONE]] = True
        g = idx[states == _GATED]
        if not len(g):
            return likely
        gs, gns, gne, gnsl = si[g], ns[g], ne[g], nsl[g]
        # the token before: after a single space, from the space before it
        # positions of the characters that are not letters or digits; spaces, separators
        # and the characters that end a word are among them
        marks = np.flatnonzero((cls & ALNUM) == 0)
        mark_cp = cp[marks]
        seps = marks[(mark_cp == 32) | (mark_cp == 0)]
        before = cp[gns - 1]
        j = gns - 1
        q = seps[np.maximum(np.searchsorted(seps, j) - 1, 0)]
        short = self.short
        lo_l = np.maximum(gnsl - short, 0)
        q_in = q >= offs[doc[g]] + lo_l
        # plain: the token before is all letters and digits (no mark from q + 1 up to j)
        first_mark = marks[np.minimum(np.searchsorted(marks, q + 1), len(marks) - 1)]
        plain = ((j - q - 1) == 1) | (first_mark >= j) | (first_mark < q + 1)
        # 0 none, 1 unsure, 2 the chunk, 3 the chunk's last token, 4 ask the engine
        pk = np.full(len(g), 4, dtype=np.int8)
        spaced = (before == 32) & (gnsl >= 2) & (cp[gns - 2] != 32)
        pk[spaced & ~q_in & (lo_l > 0)] = 1
        pk[spaced & (q_in | (lo_l == 0))] = np.where(plain, 2, 3)[spaced & (q_in | (lo_l == 0))]
        pk[gnsl == 0] = 0
        # the token after: the word (or mark) after a single space, or a mark right after
        c0, c1 = cp[gne], cp[gne + 1]
        k0, k1 = cls[gne], cls[gne + 1]
        nonword = marks[(cls[marks] & WORD) == 0]
        r = nonword[np.minimum(np.searchsorted(nonword, gne + 1), len(nonword) - 1)]
        nk = np.full(len(g), 4, dtype=np.int8)
        nb = np.zeros(len(g), dtype=np.int64)
        word_after = (c0 == 32) & ((k1 & WORD) != 0) & (cp[r] != _APOSTROPHE)
        nk[word_after] = np.where(r - gne > short, 1, 2)[word_after]
        nb[word_after] = r[word_after]
        mark_after = (c0 == 32) & ((k1 & (WORD | SPACE)) == 0) & (c1 != 0)
        nk[mark_after] = 2
        nb[mark_after] = (gne + 2)[mark_after]
        mark_here = ((k0 & (WORD | SPACE)) == 0) & (c0 != 0)
        nk[mark_here] = 2
        nb[mark_here] = (gne + 1)[mark_here]
        nk[(c0 == 0) | ((c0 == 32) & (c1 == 0))] = 0
        na = np.where(mark_here, gne, gne + 1)
        unsure = self.unsure
        gates = self.gates
        near = self.near_tokens
        out = []
        for s, p_kind, a, b, n_kind, c, e, d, x, y in zip(
                gs.tolist(), pk.tolist(), (q + 1).tolist(), j.tolist(), nk.tolist(), na.tolist(), nb.tolist(),
                doc[g].tolist(), gnsl.tolist(), nel[g].tolist()):
            if p_kind == 4 or n_kind == 4:
                prev, nxt = near(texts[d], x, y)
            else:
                prev = None if p_kind == 0 else unsure if p_kind == 1 else (
                    big[a:b] if p_kind == 2 else _TOKENS(big[a:b])[-1])
                nxt = None if n_kind == 0 else unsure if n_kind == 1 else big[c:e]
            out.append(gates[s].admits(prev, nxt))
        likely[g] = out
        return likely
