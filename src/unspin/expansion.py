"""Term-aware expansion: the spun variants of every standard term.

A spinner's thesaurus swaps words, not terms, so one substitution ("learning" ->
"studying") damages every term that contains the word ("machine learning", "deep
learning", "learning rate"). Crossing the term lexicon with the substitution table
covers all of them from two small lists. A variant that is itself a known term, an
allowed phrase or a curated entry is dropped: those are normal English or better
described elsewhere.
"""
from __future__ import annotations

import re
from itertools import combinations, product

from .findings import TORTURED
from .morph import inflect_phrase
from .lists import Context, Entry, Example, Lists, Substitution, slug
from .textnorm import fold_phrase

MAX_SWAPS = 2  # a term with more swapped words than this is rarely still recognisable
_SEP = re.compile(r"[ -]")


def substitution_table(subs: list[Substitution]) -> dict[str, list[tuple[str, Substitution]]]:
    table: dict[str, list[tuple[str, Substitution]]] = {}
    for sub in subs:
        for spun in sub.spun:
            if spun != sub.word:
                table.setdefault(sub.word, [])
                if all(s != spun for s, _ in table[sub.word]):
                    table[sub.word].append((spun, sub))
    return table


def expand(lists: Lists, blocked: set[str]) -> list[Entry]:
    """Generated entries for every term x substitution variant not in ``blocked``."""
    table = substitution_table(lists.substitutions)
    known_terms = {fold_phrase(t) for terms in lists.terms.values() for t in terms}
    blocked = set(blocked) | known_terms | set(lists.allow)
    seen: set[str] = set()
    out: list[Entry] = []
    for domain, terms in lists.terms.items():
        for term in terms:
            folded = fold_phrase(term)
            # the words of a hyphenated compound are swapped too ("long-term" -> "long-time period")
            words, seps = _SEP.split(folded), _SEP.findall(folded)
            if len(words) < 2:
                continue  # a lone word is ordinary English far too often to flag bare
            singular = inflect_phrase(folded, "NN", "noun")
            if singular != folded and singular in known_terms:
                continue  # a plural term: its singular's variants already cover it, inflected
            slots = [i for i, w in enumerate(words) if w in table]
            for n in range(1, min(MAX_SWAPS, len(slots)) + 1):
                for chosen in combinations(slots, n):
                    for picks in product(*(table[words[i]] for i in chosen)):
                        variant = list(words)
                        for i, (spun, _) in zip(chosen, picks):
                            variant[i] = spun
                        text = variant[0] + "".join(sep + w for sep, w in zip(seps, variant[1:]))
                        if text in blocked or text in seen:
                            continue
                        seen.add(text)
                        swaps = ", ".join(f"{words[i]} -> {spun}" for i, (spun, _) in zip(chosen, picks))
                        by_slot = dict(zip(chosen, (sub for _, sub in picks)))
                        first, last = by_slot.get(0), by_slot.get(len(words) - 1)
                        not_prev = first.not_prev if first else ()
                        not_next = last.not_next if last else ()
                        out.append(Entry(
                            id=f"{domain}/term/{slug(term)}", spun=(text,), fix=(term,), kind=TORTURED,
                            pos="noun", domains=(domain,), examples=(Example(f"We looked at {text} today."),),
                            context=Context(not_prev=not_prev, not_next=not_next) if not_prev or not_next else None,
                            source=picks[0][1].source, origin="generated",
                            reason=f"spun variant of the term '{term}' ({swaps})",
                        ))
    return out
