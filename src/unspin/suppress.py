"""Inline suppressions: comments in a checked file that turn checking off and on.

A team accepts a phrase where it stands (a product name, a quotation) without
turning the check off for the whole file. The directives are read from the
original text, so the same function serves plain text, Markdown and HTML:

    <!-- unspin-disable -->              Markdown / HTML comment, anywhere in a line
    # unspin-disable                     plain text: a line of its own, after '#' or '//'

    unspin-disable [RULE ...]            off from here (for all rules, or only these)
    unspin-enable [RULE ...]             on again
    unspin-disable-next-line [RULE ...]  off for the line after the directive's line
    unspin-disable-line [RULE ...]       off for the directive's own line

Rules are rule ids as printed in reports (``skincare/pores-and-skin``); a trailing
``/*`` or ``*`` matches a prefix (``skincare/*``). A finding is suppressed when it
starts inside a disabled region. Directives inside Markdown fenced code blocks
are examples, not directives, and are ignored.
"""
from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Iterable, Sequence

from .findings import Finding

_VERBS = r"disable-next-line|disable-line|disable|enable"
_HTML = re.compile(r"<!--[ \t]*unspin-(" + _VERBS + r")\b([^>]*?)[ \t]*-->", re.IGNORECASE)
_PLAIN = re.compile(r"^[ \t]*(?:#|//)[ \t]*unspin-(" + _VERBS + r")\b([^\n]*?)[ \t]*\r?$",
                    re.IGNORECASE | re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
_RULE_SPLIT = re.compile(r"[\s,]+")


@dataclass(frozen=True)
class Directive:
    verb: str            # disable | enable | disable-next-line | disable-line
    rules: tuple[str, ...]  # empty: every rule
    start: int           # offsets of the whole comment in the text
    end: int


def directives(text: str) -> list[Directive]:
    """Every suppression directive in ``text``, in order (those in fenced code skipped)."""
    if "unspin-" not in text and "UNSPIN-" not in text.upper():
        return []
    fenced = _fenced_ranges(text)
    found = []
    for rx in (_HTML, _PLAIN):
        for m in rx.finditer(text):
            if any(a <= m.start() < b for a, b in fenced):
                continue
            rules = tuple(r for r in _RULE_SPLIT.split(m.group(2).strip()) if r and r != "--")
            found.append(Directive(m.group(1).lower(), rules, m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    return found


def _fenced_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of Markdown fenced code blocks: ``` or ~~~ fences."""
    if "```" not in text and "~~~" not in text:
        return []
    out, open_at, fence = [], None, ""
    for m in _FENCE.finditer(text):
        mark = m.group(1)
        if open_at is None:
            open_at, fence = m.start(), mark
        elif mark[0] == fence[0] and len(mark) >= len(fence):
            out.append((open_at, m.end()))
            open_at = None
    if open_at is not None:
        out.append((open_at, len(text)))
    return out


def _matches(rule: str, patterns: Sequence[str]) -> bool:
    for p in patterns:
        if p == rule or (p.endswith("/*") and rule.startswith(p[:-1])) or \
                (any(c in p for c in "*?[") and fnmatchcase(rule, p)):
            return True
    return False


class _State:
    """What is switched off at one point of the text."""

    def __init__(self):
        self.all_off = False
        self.off: list[str] = []       # rule patterns switched off one by one
        self.back_on: list[str] = []   # rules switched on again while all are off

    def apply(self, d: Directive) -> None:
        if d.verb == "disable":
            if d.rules:
                self.off.extend(d.rules)
                self.back_on = [r for r in self.back_on if r not in d.rules]
            else:
                self.all_off, self.off, self.back_on = True, [], []
        elif d.verb == "enable":
            if d.rules:
                self.off = [r for r in self.off if r not in d.rules]
                if self.all_off:
                    self.back_on.extend(d.rules)
            else:
                self.all_off, self.off, self.back_on = False, [], []

    def suppresses(self, rule: str) -> bool:
        if self.all_off:
            return not _matches(rule, self.back_on)
        return _matches(rule, self.off)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer(r"\n", text))
    return starts


def partition(text: str, findings: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(kept, suppressed): the findings of ``text`` split by its inline directives.

    ``text`` is the original file text and the findings' offsets point into it.
    """
    findings = list(findings)
    ds = directives(text) if findings else []
    if not ds:
        return findings, []
    starts = _line_starts(text)

    def line_of(offset: int) -> int:
        return bisect_right(starts, offset) - 1

    line_rules: dict[int, list[tuple[str, ...]]] = {}
    regional = []
    for d in ds:
        if d.verb == "disable-next-line":
            line_rules.setdefault(line_of(max(d.end - 1, d.start)) + 1, []).append(d.rules)
        elif d.verb == "disable-line":
            for ln in range(line_of(d.start), line_of(max(d.end - 1, d.start)) + 1):
                line_rules.setdefault(ln, []).append(d.rules)
        else:
            regional.append(d)

    kept, suppressed = [], []
    state, di = _State(), 0
    for f in sorted(findings, key=lambda f: f.start):
        while di < len(regional) and regional[di].end <= f.start:
            state.apply(regional[di])
            di += 1
        hit = state.suppresses(f.rule)
        if not hit:
            for rules in line_rules.get(line_of(f.start), ()):
                if not rules or _matches(f.rule, rules):
                    hit = True
                    break
        if not hit and f.fallback:  # what a held-back fix would apply instead obeys the directives too
            f = dataclasses.replace(f, fallback=tuple(partition(text, f.fallback)[0]))
        (suppressed if hit else kept).append(f)
    return kept, suppressed


def suppress(text: str, findings: Iterable[Finding]) -> list[Finding]:
    """The findings of ``text`` that no inline directive switches off."""
    return partition(text, findings)[0]
