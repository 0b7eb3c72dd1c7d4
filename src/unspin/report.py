"""Turn findings into what people and machines read: text lines and the JSON report.

The JSON shape is a contract (DEVELOPERS.md): offsets are code points of the
decoded file, line and column are 1-based.
"""
from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass

from .findings import Finding, SpinScore


@dataclass
class FileResult:
    path: str
    text: str
    findings: list[Finding]
    score: SpinScore


def line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def line_col(starts: list[int], offset: int) -> tuple[int, int]:
    i = bisect_right(starts, offset) - 1
    return i + 1, offset - starts[i] + 1


def finding_record(f: Finding, starts: list[int]) -> dict:
    line, col = line_col(starts, f.start)
    return {"start": f.start, "end": f.end, "line": line, "column": col, "text": f.text,
            "suggestion": f.suggestion, "rule": f.rule, "kind": f.kind, "confidence": f.confidence,
            "applicability": f.applicability}


def file_record(r: FileResult) -> dict:
    starts = line_starts(r.text)
    return {"path": r.path, "words": r.score.words, "spin_score": r.score.score, "verdict": r.score.verdict,
            "findings": [finding_record(f, starts) for f in r.findings]}


def to_json(results: list[FileResult]) -> str:
    return json.dumps({"files": [file_record(r) for r in results]}, ensure_ascii=False, indent=1)


def _one_line(s: str) -> str:
    return " ".join(s.split())


def to_text(results: list[FileResult]) -> str:
    lines = []
    for r in results:
        starts = line_starts(r.text)
        for f in r.findings:
            line, col = line_col(starts, f.start)
            sugg = repr(_one_line(f.suggestion)) if f.suggestion is not None else "(no suggestion)"
            lines.append(f"{r.path}:{line}:{col}: {f.kind}: {_one_line(f.text)!r} -> {sugg} ({f.rule})")
        s = r.score
        lines.append(f"{r.path}: {s.findings} finding{'s' if s.findings != 1 else ''} ({s.strong} strong) "
                     f"in {s.words} words, spin score {s.score:.2f}: {s.verdict}")
    return "\n".join(lines)
