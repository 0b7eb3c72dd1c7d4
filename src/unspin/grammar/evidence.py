"""Grammar damage as spin evidence: stray capitals as findings in spun documents, and
how much each grammar rule weighs in the document spin score.

Spinners paste thesaurus entries with their capitals ("delivers A variety of",
"boosts Total garden health"). In a document that already shows spin, such a
capital is reported like any other spinner damage. A grammar finding is never
strong, so it can raise a spun document's score but never make one "spun" alone.
"""
from __future__ import annotations

from bisect import bisect_right

from ..findings import SAFE, TORTURED, Finding
from ..wordfit import by_word_fit
from .base import data
from .builtin import STRAY_CAPITAL, stray_capitals

GRAMMAR_KIND = "grammar"


def damage_findings(text: str, taken: list[Finding], evidence_note: str) -> list[Finding]:
    """Stray capitals in a document with spin evidence, outside ``taken``.

    The fix is safe: lower-casing a common word in mid-sentence, outside any Title
    Case run, cannot change what a sentence says."""
    out = []
    # sorted spans and the furthest end so far: "inside a taken finding?" in O(log n)
    spans = sorted((f.start, f.end) for f in taken)
    starts = [a for a, _ in spans]
    reach, best = [], -1
    for _, b in spans:
        best = max(best, b)
        reach.append(best)
    function = data()["function_words"]
    for issue in stray_capitals(text, content=True):
        i = bisect_right(starts, issue.start)
        if i and reach[i - 1] > issue.start:
            continue
        is_function = issue.suggestion in function
        out.append(Finding(start=issue.start, end=issue.end, text=issue.text, suggestion=issue.suggestion,
                           rule=STRAY_CAPITAL, kind=TORTURED, confidence=0.7 if is_function else 0.6,
                           reason=f"{issue.message}; {evidence_note}",
                           applicability=SAFE, strong=False))
    return out


def from_lists(f: Finding) -> bool:
    """Did the word lists make this finding (not a grammar check)? Only those count
    towards the verdict's "many findings": grammar damage alone never makes a text spun,
    and word fit and same swaps run only once a text has evidence, so they must not add to it."""
    return not f.rule.startswith(("grammar/", "languagetool/")) and not by_word_fit(f.rule)


def list_entries(findings) -> set[str]:
    """The list entries (rules) that made ``findings`` (see ``from_lists``): the verdict
    counts different entries, since a writer repeats a topic word and a spinner leaves
    different forms."""
    return {f.rule for f in findings if from_lists(f)}


def fitted_words(findings) -> set[str]:
    """The different words word fit and same swaps flagged (``word-fit/crew`` and
    ``same-swap/crew`` are one word): with the list entries, what the verdict's "many
    forms with word fit" counts. Word fit runs only in a document that has evidence, so
    these words never make evidence; they only measure how much of it there is."""
    return {f.rule.split("/", 1)[1] for f in findings if by_word_fit(f.rule)}


def weight(f: Finding) -> float:
    """What a non-strong finding adds to the spin score: its confidence, except for
    grammar findings (kind ``grammar``), which add the weight ``data/grammar.yml`` gives
    their rule (spinner damage counts, ordinary typos do not)."""
    if f.kind != GRAMMAR_KIND:
        return f.confidence
    weights = data()["evidence_weight"]
    rule = f.rule if f.rule in weights else f.rule.split("/")[0]
    return float(weights.get(rule, 0.0))
