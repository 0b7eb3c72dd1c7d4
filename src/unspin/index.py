"""Compile word lists into one Aho-Corasick automaton over folded text.

Every surface form (each inflection of each spun phrase, each generated term
variant, each allowed phrase) becomes one pattern; a slot per pattern says which
entries it belongs to and with which inflection tag. One scan of the text finds
every candidate, whatever the size of the lists.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import ahocorasick_rs

from .expansion import expand
from .morph import VERB_TAGS, NOUN_TAGS, forms, inflect_phrase
from .lists import Entry, Lists
from .textnorm import fold_phrase


CONTAIN, TOUCH = 1, 2


@dataclass
class Slot:
    entries: list[tuple[int, str]] = field(default_factory=list)  # (entry index, Penn tag or "")
    allow: int = 0  # 0: not allowed; CONTAIN: drops candidates inside it; TOUCH: drops any overlapping one


@dataclass
class Index:
    entries: list[Entry]
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

    def fix_for(self, ei: int, tag: str) -> str | None:
        entry = self.entries[ei]
        if not entry.fix:
            return None
        return self.fix_forms.get(ei, {}).get(tag, entry.fix[0])

    def __getstate__(self):
        state = dict(self.__dict__)
        state["automaton"] = None  # rebuilt from the patterns: the automaton does not pickle
        # the slots (one per surface form, tens of thousands) load three times faster as
        # tuples than as objects with a dict each: 0.1 s of a warm start
        state["slots"] = [(tuple(s.entries), s.allow) for s in self.slots]
        return state

    def __setstate__(self, state):
        state["slots"] = [Slot(list(e), a) for e, a in state["slots"]]
        self.__dict__.update(state)
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
                      substitutions=lists.substitutions, allow=lists.allow, user_allow=lists.user_allow,
                      settings=lists.settings)
    generated = expand(lists, curated_forms)
    entries = curated + generated
    table: dict[str, Slot] = {}
    fix_forms: dict[int, dict[str, str]] = {}
    for ei, entry in enumerate(entries):
        for spun in entry.spun:
            for surface, tag in forms(spun, entry.pos).items():
                slot = table.setdefault(surface, Slot())
                slot.entries.append((ei, tag))
        if entry.fix and entry.pos in ("noun", "verb"):
            tags = NOUN_TAGS if entry.pos == "noun" else VERB_TAGS
            fix_forms[ei] = {t: inflect_phrase(entry.fix[0], t, entry.pos) for t in tags}
    for phrase in lists.allow:
        table.setdefault(phrase, Slot()).allow = CONTAIN
    for phrase in lists.user_allow:
        table.setdefault(phrase, Slot()).allow = TOUCH
    patterns = list(table)
    automaton = ahocorasick_rs.AhoCorasick(patterns) if patterns else None
    return Index(entries=entries, patterns=patterns, slots=[table[p] for p in patterns],
                 automaton=automaton, settings=lists.settings, generated=len(generated), fix_forms=fix_forms,
                 terms=frozenset(fold_phrase(t) for ts in lists.terms.values() for t in ts), substitutions=list(lists.substitutions))
