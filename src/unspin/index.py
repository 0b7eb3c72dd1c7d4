"""Compile word lists into one Aho-Corasick automaton over folded text.

Every surface form (each inflection of each spun phrase, each generated term
variant, each allowed phrase) becomes one pattern; a slot per pattern says which
entries it belongs to and with which inflection tag. One scan of the text finds
every candidate, whatever the size of the lists.
"""
from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field

import ahocorasick_rs

from . import wordfit
from .expansion import expand
from .morph import VERB_TAGS, NOUN_TAGS, forms, inflect_phrase
from .lists import Entry, Lists
from .textnorm import fold_phrase


CONTAIN, TOUCH = 1, 2


# A slot, one per pattern, is a plain tuple (entries, allow):
#   entries: ((entry index, Penn tag or ""), ...) the pattern is a surface form of;
#   allow: 0 (not allowed), CONTAIN (drops candidates inside it) or TOUCH (drops any overlapping one).
# Plain tuples, not named ones: tens of thousands of them are unpickled at every start,
# and building a named tuple for each cost a twentieth of a second.
Slot = tuple[tuple[tuple[int, str], ...], int]


# what only documentation and list checks read: kept out of the entries detection uses
_DOC_FIELDS = ("examples", "counter", "note")


class LazyEntries(Sequence):
    """The entries, each unpickled the first time it is read. A document touches a few
    hundred of sixteen thousand, and unpickling all of them was most of loading the
    compiled lists (a fifth of a second of every start)."""

    __slots__ = ("blobs", "_items")

    def __init__(self, blobs: list[bytes]):
        self.blobs = blobs
        self._items: list[Entry | None] = [None] * len(blobs)

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        e = self._items[i]
        if e is None:
            e = self._items[i] = pickle.loads(self.blobs[i])
        return e

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __eq__(self, other) -> bool:
        return isinstance(other, (list, tuple, LazyEntries)) and list(self) == list(other)

    __hash__ = None


@dataclass
class Index:
    entries: list[Entry] | LazyEntries
    patterns: list[str]
    slots: list[Slot]
    automaton: object
    settings: dict
    generated: int = 0
    # entry index -> Penn tag -> the fix in that form, computed once so that detection
    # needs no morphology library at run time
    fix_forms: dict[int, dict[str, str]] = field(default_factory=dict)
    # the lexicon and the thesaurus, kept for discovery (``unspin suggest``)
    terms: frozenset = frozenset()
    substitutions: list = field(default_factory=list)
    # the longest context phrase any entry uses (in tokens): context windows must hold it
    longest_phrase: int = 1
    # each entry's examples, counter-examples and note, as (examples, counter, note)
    # tuples, or pickled: detection never reads them, and unpickling tens of thousands
    # of example objects was a fifth of a warm start
    docs: list | bytes = field(default_factory=list)
    # word fit (``wordfit``): spun word -> the words it may stand for, and each source's
    # word-pair counts about them (pickled: read only once a document has evidence)
    word_swaps: dict = field(default_factory=dict)
    word_blocks: dict = field(default_factory=dict)  # (spun, original) -> words around that rule the pair out
    word_counts: object = ()

    def documented(self) -> list[Entry]:
        """The entries with their examples, counter-examples and notes (for rule help
        and list tooling; ``entries`` leaves them out)."""
        if isinstance(self.docs, bytes):
            self.docs = pickle.loads(self.docs)
        if not self.docs:
            return list(self.entries)
        return [dataclasses.replace(e, **dict(zip(_DOC_FIELDS, d))) for e, d in zip(self.entries, self.docs)]

    def counts(self) -> tuple:
        """Word fit's word-pair counts, one per source, unpickled on first use (none: no
        source installed)."""
        if isinstance(self.word_counts, bytes):
            self.word_counts = pickle.loads(self.word_counts)
        return self.word_counts

    def fix_for(self, ei: int, tag: str) -> str | None:
        entry = self.entries[ei]
        if not entry.fix:
            return None
        return self.fix_forms.get(ei, {}).get(tag, entry.fix[0])

    def __getstate__(self):
        state = dict(self.__dict__)
        state["automaton"] = None  # rebuilt from the patterns: the automaton does not pickle
        # one pickle per entry, read on demand (LazyEntries)
        state["entries"] = self.entries.blobs if isinstance(self.entries, LazyEntries) else [
            pickle.dumps(e, protocol=pickle.HIGHEST_PROTOCOL) for e in self.entries]
        if not isinstance(self.docs, bytes):  # read only on demand: a bytes blob loads at memcpy speed
            state["docs"] = pickle.dumps(self.docs, protocol=pickle.HIGHEST_PROTOCOL)
        if not isinstance(self.word_counts, bytes):
            state["word_counts"] = pickle.dumps(self.word_counts, protocol=pickle.HIGHEST_PROTOCOL)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.entries = LazyEntries(state["entries"])
        self.automaton = ahocorasick_rs.AhoCorasick(self.patterns) if self.patterns else None

    def scan(self, folded: str):
        """(slot, start, end) for every pattern occurrence in ``folded``, overlaps included."""
        if not self.patterns:
            return []
        return self.automaton.find_matches_as_indexes(folded, overlapping=True)


def compile_lists(lists: Lists, domains: set[str] | None = None) -> Index:
    curated = [e for e in lists.entries if domains is None or e.origin == "user" or set(e.domains) & domains
               or "general" in e.domains]
    user_forms = {s for e in curated if e.origin == "user" for s in e.spun}
    # user entries override built-in ones with the same spun form
    curated = [e for e in curated if e.origin == "user" or not (set(e.spun) & user_forms)]
    curated_forms = {s for e in curated for s in e.spun}
    if domains is not None:
        lists = Lists(entries=lists.entries, terms={d: t for d, t in lists.terms.items() if d in domains or d == "general"},
                      substitutions=lists.substitutions, swaps=lists.swaps, allow=lists.allow,
                      user_allow=lists.user_allow,
                      settings=lists.settings)
    generated = expand(lists, curated_forms)
    entries = curated + generated
    table: dict[str, list[tuple[int, str]]] = {}
    allow: dict[str, int] = {}
    fix_forms: dict[int, dict[str, str]] = {}
    for ei, entry in enumerate(entries):
        for spun in entry.spun:
            for surface, tag in forms(spun, entry.pos).items():
                table.setdefault(surface, []).append((ei, tag))
        if entry.fix and entry.pos in ("noun", "verb"):
            tags = NOUN_TAGS if entry.pos == "noun" else VERB_TAGS
            fix_forms[ei] = {t: inflect_phrase(entry.fix[0], t, entry.pos) for t in tags}
    for phrase in lists.allow:
        allow[phrase] = CONTAIN
        table.setdefault(phrase, [])
    for phrase in lists.user_allow:
        allow[phrase] = TOUCH
        table.setdefault(phrase, [])
    patterns = list(table)
    automaton = ahocorasick_rs.AhoCorasick(patterns) if patterns else None
    longest = max((len(item) for e in entries if e.context is not None
                   for items in (e.context.prev, e.context.next, e.context.not_prev, e.context.not_next)
                   for item in items), default=1)
    docs = [tuple(getattr(e, f) for f in _DOC_FIELDS) for e in entries]
    min_entries = int(lists.settings.get("word_fit", {}).get("min_entries", 2))
    word_swaps = wordfit.swap_table(
        [(spun, sub.word, sub.pos) for sub in lists.substitutions for spun in sub.spun]
        + [(spun, sw.word, sw.pos) for sw in lists.swaps if not sw.blocked for spun in sw.spun]
        + [(spun, e.fix[0], e.pos) for e in curated if e.fix for spun in e.spun]
        + (wordfit.mined_pairs(((fold_phrase(spun), fold_phrase(e.fix[0]), e.pos) for e in curated if e.fix
                                for spun in e.spun), min_entries) if min_entries else []),
        blocked=set(lists.allow) | set(lists.user_allow),
        blocked_pairs=[(spun, sw.word, sw.pos) for sw in lists.swaps if sw.blocked for spun in sw.spun])
    word_blocks = wordfit.swap_blocks((spun, sw.word, sw.pos, sw.not_prev, sw.not_next) for sw in lists.swaps
                                      if not sw.blocked and (sw.not_prev or sw.not_next) for spun in sw.spun)
    vocabulary = set(word_swaps) | {o for origs in word_swaps.values() for o in origs}
    # and the outer words of the forms that need context and of their fixes (``wordfit.edge_gain``);
    # not function words: every pair with "the" or "of" would load, half as many pairs again,
    # and the language model still speaks for them
    function_words = wordfit.data()[0]
    vocabulary |= {w for e in curated if e.needs_context and e.fix for phrase in (*e.spun, *e.fix)
                   for w in wordfit.edge_words(phrase) if w not in function_words}
    word_counts = wordfit.load_counts(vocabulary) if word_swaps else ()
    lean = [dataclasses.replace(e, examples=(), counter=(), note="") for e in entries]
    return Index(entries=lean, patterns=patterns, slots=[(tuple(table[p]), allow.get(p, 0)) for p in patterns],
                 automaton=automaton, settings=lists.settings, generated=len(generated), fix_forms=fix_forms,
                 terms=frozenset(fold_phrase(t) for ts in lists.terms.values() for t in ts),
                 substitutions=list(lists.substitutions), longest_phrase=longest, docs=docs,
                 word_swaps=word_swaps, word_counts=word_counts, word_blocks=word_blocks)
