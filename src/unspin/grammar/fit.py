"""Keep repairs grammatical: check each candidate repair in its sentence and adjust it.

A repair is simulated in its sentence and the sentence is checked before and after.
An issue that the repair introduces next to it (an article that no longer fits, a
verb that no longer agrees, a doubled word, a lost capital) is folded into the same
finding, so the grammar fix and the repair are one change. An introduced issue with
no fix makes the finding display-only: reported, not applied.
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter
from typing import Sequence

from ..findings import DISPLAY_ONLY, Finding
from .base import GrammarChecker, Issue, sentence_bounds
from .builtin import BuiltinChecker, agreement_fix

_BUILTIN = BuiltinChecker()
# "next to a repair": only white space, or up to two words, between ("skin often looks")
_NEAR_LEFT = re.compile(r"^\s*(?:[\w'’\-]+\s+){0,2}$")
_NEAR_RIGHT = re.compile(r"^(?:\s+[\w'’\-]+){0,2}\s*$")


def _applicable(f: Finding) -> bool:
    return f.suggestion is not None and f.suggestion != f.text and f.applicability != DISPLAY_ONLY


def fit(text: str, findings: Sequence[Finding], checker: GrammarChecker | None = None) -> list[Finding]:
    """``findings`` with each repair adjusted to its sentence (same order, same count)."""
    findings = list(findings)
    if not any(_applicable(f) for f in findings):
        return findings
    findings = _agreement(text, findings)
    return _check(text, findings, checker or _BUILTIN)


def _overlaps_other(findings: list[Finding], i: int, start: int, end: int) -> bool:
    return any(j != i and g.start < end and start < g.end for j, g in enumerate(findings))


def _agreement(text: str, findings: list[Finding]) -> list[Finding]:
    out = list(findings)
    for i, f in enumerate(findings):
        if not _applicable(f):
            continue
        fix = agreement_fix(text, f.start, f.end, f.text, f.suggestion)
        if fix is None:
            continue
        ns, ne, repl = fix
        if _overlaps_other(out, i, min(ns, f.start), max(ne, f.end)):
            continue
        if ns >= f.end:
            start, end, sugg = f.start, ne, f.suggestion + text[f.end:ns] + repl
        else:
            start, end, sugg = ns, f.end, repl + text[ne:f.start] + f.suggestion
        out[i] = dataclasses.replace(f, start=start, end=end, text=text[start:end], suggestion=sugg,
                                     reason=f.reason + f"; '{text[ns:ne].strip() or text[ns:ne]}' made to agree "
                                                       f"with '{f.suggestion}'")
    return out


def _check(text: str, findings: list[Finding], checker: GrammarChecker) -> list[Finding]:
    idx = sorted((i for i, f in enumerate(findings) if _applicable(f)), key=lambda i: findings[i].start)
    # one passage per run of sentences holding repairs, grown to whole findings (a finding
    # may reach past a sentence break); a single sweep, so long documents stay linear
    groups: list[list] = []  # [start, end, members]
    for i in idx:
        f = findings[i]
        s0, s1 = sentence_bounds(text, f.start, f.end)
        s0, s1 = min(s0, f.start), max(s1, f.end)
        if groups and s0 < groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], s1)
            groups[-1][2].append(i)
        else:
            groups.append([s0, s1, [i]])
    passages, layout = [], []
    for a, b, members in groups:
        pieces, spans, pos, shift = [], {}, a, 0
        for i in members:
            f = findings[i]
            pieces.append(text[pos:f.start])
            r0 = f.start - a + shift
            pieces.append(f.suggestion)
            spans[i] = (r0, r0 + len(f.suggestion))
            shift += len(f.suggestion) - (f.end - f.start)
            pos = f.end
        pieces.append(text[pos:b])
        passages += [text[a:b], "".join(pieces)]
        layout.append((a, b, spans))
    if not passages:
        return findings
    results = checker.check_texts(passages)
    out = list(findings)
    for n, (a, b, spans) in enumerate(layout):
        before, after = results[2 * n], results[2 * n + 1]
        rep = passages[2 * n + 1]
        for i, issues in _introduced(before, after, rep, spans).items():
            out[i] = _adjust(text, out, i, spans, rep, issues)
    return out


def _key(issue: Issue) -> tuple:
    # the message names the neighbouring word ("'an skin'"), so an error that a repair
    # moves onto a new word counts as introduced
    return issue.rule, issue.text.lower(), issue.suggestion, issue.message


def _introduced(before: list[Issue], after: list[Issue], rep: str, spans: dict) -> dict[int, list[Issue]]:
    """Issues of the repaired passage that the original did not have, by the finding they touch."""
    seen = Counter(_key(x) for x in before)
    out: dict[int, list[Issue]] = {}
    for issue in sorted(after, key=lambda x: x.start):
        k = _key(issue)
        if seen[k]:
            seen[k] -= 1
            continue
        touched = [i for i, (r0, r1) in spans.items() if (issue.start < r1 and r0 < issue.end) or (
            issue.end <= r0 and _NEAR_LEFT.match(rep[issue.end:r0])) or (
            issue.start >= r1 and _NEAR_RIGHT.match(rep[r1:issue.start]))]
        if len(touched) == 1:  # between two repairs ("skin skin"): neither owns it, leave it
            out.setdefault(touched[0], []).append(issue)
    return out


def _adjust(text: str, findings: list[Finding], i: int, spans: dict, rep: str, issues: list[Issue]) -> Finding:
    f = findings[i]
    r0, r1 = spans[i]
    unfixable = [x for x in issues if x.suggestion is None]
    if unfixable:
        x = unfixable[0]
        return dataclasses.replace(f, applicability=DISPLAY_ONLY,
                                   reason=f.reason + f"; not applied automatically: the repair would leave a "
                                                     f"grammar error ({x.message})")
    chosen, end = [], -1
    for x in issues:
        if x.start >= end:
            chosen.append(x)
            end = x.end
    u0 = min([r0] + [x.start for x in chosen])
    u1 = max([r1] + [x.end for x in chosen])
    others = [s for j, s in spans.items() if j != i]
    if any(s0 < u1 and u0 < s1 for s0, s1 in others):
        return dataclasses.replace(f, applicability=DISPLAY_ONLY,
                                   reason=f.reason + "; not applied automatically: the grammar fix it needs "
                                                     "touches another repair")
    pieces, pos = [], u0
    for x in chosen:
        pieces += [rep[pos:x.start], x.suggestion]
        pos = x.end
    pieces.append(rep[pos:u1])
    start, end = f.start - (r0 - u0), f.end + (u1 - r1)
    what = ", ".join(f"'{x.text}' -> '{x.suggestion}'" for x in chosen)
    return dataclasses.replace(f, start=start, end=end, text=text[start:end], suggestion="".join(pieces),
                               reason=f.reason + f"; grammar adjusted ({what})")


def merge_adjacent(text: str, findings: Sequence[Finding], detected: Sequence[Finding] = ()) -> list[Finding]:
    """Join a grammar fix and a repair separated only by white space into one change. A
    grammar finding that was ``detected`` on its own (a stray capital next to a repaired
    word) stays its own change: every change is one finding's span."""
    apart = set(detected)
    out: list[Finding] = []
    for f in sorted(findings, key=lambda f: f.start):
        if out:
            p = out[-1]
            gap = text[p.end:f.start]
            grammar, main = (p, f) if p.rule.startswith("grammar/") else (f, p)
            if p.end <= f.start and not gap.strip() and "\n" not in gap and grammar not in apart and (
                    grammar.rule.startswith("grammar/") and not main.rule.startswith("grammar/")):
                out[-1] = dataclasses.replace(main, start=p.start, end=f.end, text=text[p.start:f.end],
                                              suggestion=p.suggestion + gap + f.suggestion,
                                              reason=main.reason + "; with the grammar fix next to it")
                continue
        out.append(f)
    return out
