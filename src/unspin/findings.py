"""The value types unspin hands to its users: findings, changes, repairs, scores.

They are plain frozen dataclasses so that they can cross process boundaries
(multiprocessing, datatrove workers) and be compared in tests.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields

TORTURED = "tortured"
AWKWARD = "awkward"
KINDS = (TORTURED, AWKWARD)

SAFE = "safe"
UNSAFE = "unsafe"
DISPLAY_ONLY = "display-only"
APPLICABILITIES = (SAFE, UNSAFE, DISPLAY_ONLY)


@dataclass(frozen=True)
class Finding:
    """One spun span of the input.

    ``start``/``end`` are code-point offsets into the text given to ``detect``
    (``text[start:end] == finding.text``). ``applicability`` follows ruff: only
    ``safe`` suggestions are applied by default.
    """

    start: int
    end: int
    text: str
    suggestion: str | None
    rule: str
    kind: str
    confidence: float
    reason: str
    applicability: str = SAFE
    strong: bool = False
    # Findings inside this one that lost the overlap to it but carry a surer fix: a repair
    # that holds this fix back applies them instead, so that holding back an uncertain
    # phrase never hides a safe word in it (which the next pass would otherwise fix).
    fallback: tuple[Finding, ...] = field(default=(), compare=False, repr=False)

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "fallback"}


@dataclass(frozen=True)
class Change:
    """One applied replacement, with its place in the input and in the output."""

    start: int
    end: int
    out_start: int
    out_end: int
    old: str
    new: str
    rule: str


@dataclass(frozen=True)
class SpinScore:
    """Document-level verdict: is this text spun?"""

    words: int
    findings: int
    strong: int
    per_1000_words: float
    score: float
    verdict: str
    threshold: float


@dataclass(frozen=True)
class Repair:
    """The result of ``repair``: the cleaned text and what was done to get it."""

    text: str
    changes: tuple[Change, ...] = ()
    findings: tuple[Finding, ...] = ()
    held_back: tuple[Finding, ...] = field(default=())

    @property
    def changed(self) -> bool:
        return bool(self.changes)
