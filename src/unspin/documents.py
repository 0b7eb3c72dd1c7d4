"""Detect, score and repair a whole document, in its own format.

Plain text goes to the engine as it is. For Markdown and HTML the engine sees a
view of the document of the same length in which everything but prose is blanked
out (see ``markup``), so every finding's offsets are offsets into the original
file, and a repair splices suggestions into the original text: the bytes outside
the repaired prose spans are never rebuilt.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import PurePath
from typing import Iterable

from .engine import Unspinner
from .findings import DISPLAY_ONLY, Finding, Repair, SpinScore
from .markup import BARRIER, SPACE, classify, mask
from .suppress import suppress

TEXT, MARKDOWN, HTML = "text", "markdown", "html"
FORMATS = (TEXT, MARKDOWN, HTML)
_EXTENSIONS = {".md": MARKDOWN, ".markdown": MARKDOWN, ".mdown": MARKDOWN, ".mkd": MARKDOWN,
               ".html": HTML, ".htm": HTML, ".xhtml": HTML}


def format_for(path: str | None, override: str | None = None) -> str:
    """The input format: ``override`` when given, else by extension; plain text otherwise."""
    if override:
        if override not in FORMATS:
            raise ValueError(f"unknown input format {override!r} (choose from {', '.join(FORMATS)})")
        return override
    if not path or path == "-":
        return TEXT
    return _EXTENSIONS.get(PurePath(path).suffix.lower(), TEXT)


@dataclass(frozen=True)
class Analysis:
    """One document: its text, format, findings (offsets into ``text``) and score."""

    text: str
    fmt: str
    findings: tuple[Finding, ...]
    score: SpinScore


def analyse(engine: Unspinner, text: str, fmt: str = TEXT, *, suppressions: bool = True) -> Analysis:
    """``suppressions=False`` keeps findings that inline directives switch off, for a
    caller that reports them itself (``check`` counts what was suppressed)."""
    return analyse_many(engine, [text], fmt, suppressions=suppressions)[0]


def analyse_many(engine: Unspinner, texts: Iterable[str], fmt: str = TEXT, *,
                 suppressions: bool = True) -> list[Analysis]:
    """``analyse`` for several documents of one format at once: the engine tags the
    sentences all of them need in shared batches (``Unspinner.detect_many``)."""
    texts = list(texts)
    if fmt == TEXT:
        out = []
        for text, findings, words in zip(texts, *engine._detect_counted(texts, None)):
            findings = suppress(text, findings) if suppressions else findings
            out.append(Analysis(text, fmt, tuple(findings), engine.score(text, findings, words=words)))
        return out
    layouts = [classify(text, fmt) for text in texts]
    views = [mask(text, kinds) for text, kinds in zip(texts, layouts)]
    found = engine.detect_many([view for view, _ in views])
    return [_markup_analysis(engine, text, fmt, kinds, words_view, findings, suppressions)
            for text, kinds, (_, words_view), findings in zip(texts, layouts, views, found)]


def _markup_analysis(engine: Unspinner, text: str, fmt: str, kinds: bytearray, words_view: str,
                     detected: list[Finding], suppressions: bool) -> Analysis:
    findings = [f for f in (_in_markup(text, kinds, f) for f in detected) if f is not None]
    # inline directives (<!-- unspin-disable --> ...) hold for clean as for check
    if suppressions:
        findings = suppress(text, findings)
    return Analysis(text, fmt, tuple(findings), engine.score(words_view, findings))


def _in_markup(text: str, kinds: bytearray, f: Finding) -> Finding | None:
    """``f`` (found in the masked view) with the document's own text, or None when it
    crosses a code span, a block boundary, a tag ...: then it is not a phrase."""
    inside = kinds[f.start:f.end]
    if BARRIER in inside:
        return None
    fallback = tuple(x for x in (_in_markup(text, kinds, x) for x in f.fallback) if x is not None)
    f = dataclasses.replace(f, text=text[f.start:f.end], fallback=fallback)
    if SPACE in inside and _markup_inside(text, kinds, f.start, f.end):
        # e.g. "**pores** and skin": report it, but a replacement would eat the markup
        f = dataclasses.replace(f, applicability=DISPLAY_ONLY,
                                reason=f.reason + "; spans markup, so it is reported but not repaired")
    return f


def _markup_inside(text: str, kinds: bytearray, start: int, end: int) -> bool:
    """True when a non-prose character inside the span is more than white space."""
    return any(k == SPACE and not text[i].isspace() for i, k in enumerate(kinds[start:end], start))


def repair(engine: Unspinner, text: str, fmt: str = TEXT, *, unsafe: bool = False,
           analysis: Analysis | None = None) -> Repair:
    """``text`` with the applicable suggestions spliced in; markup is never touched."""
    if analysis is None:
        analysis = analyse(engine, text, fmt)
    return engine.repair(text, unsafe=unsafe, findings=list(analysis.findings),
                         redetect=lambda again: list(analyse(engine, again, fmt).findings))
