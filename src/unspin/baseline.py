"""A baseline: the findings a team has accepted, so that only new ones fail CI.

Findings are keyed by content, not by line number: the rule, the flagged words and
a few words on either side within the same sentence. Edits elsewhere in the file, moved paragraphs and
re-wrapped lines leave the key alone; editing the sentence around a finding makes
it new. Identical keys in one file are counted, so a baseline with one "pores and
skin" does not excuse a second one added later.

The file is JSON, one finding per line, sorted, so that it diffs well in review.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .fileio import write_atomic
from .findings import Finding

FORMAT_VERSION = 1
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_CONTEXT_WORDS = 4
_CONTEXT_CHARS = 160


class BaselineError(ValueError):
    """A baseline file that cannot be read; the message names the file."""


def _words(s: str) -> list[str]:
    return [w.casefold().replace("’", "'") for w in _WORD.findall(s)]


_BREAK = re.compile(r"[.!?](?=\s)|\n[ \t]*\r?\n")


def fingerprint(text: str, f: Finding) -> str:
    """A stable key for a finding of ``text``: rule, flagged words, neighbouring words
    of the same sentence (so edits to the next sentence or paragraph do not touch it)."""
    head = text[max(0, f.start - _CONTEXT_CHARS):f.start]
    cuts = list(_BREAK.finditer(head))
    if cuts:
        head = head[cuts[-1].end():]
    tail = text[f.end:f.end + _CONTEXT_CHARS]
    cut = _BREAK.search(tail)
    if cut:
        tail = tail[:cut.start()]
    before = _words(head)[-_CONTEXT_WORDS:]
    after = _words(tail)[:_CONTEXT_WORDS]
    key = "\x1f".join([f.rule, " ".join(_words(f.text)), " ".join(before), " ".join(after)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def path_key(path: str, base: Path) -> str:
    """``path`` as the baseline stores it: relative to the baseline's folder, with '/'."""
    if path == "-":
        return "<stdin>"
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
    return Path(rel).as_posix()


@dataclass
class Baseline:
    path: Path
    entries: dict[str, Counter] = field(default_factory=dict)  # path key -> fingerprint counts
    _used: dict[str, Counter] = field(default_factory=dict)

    @property
    def base(self) -> Path:
        return self.path.parent

    @classmethod
    def load(cls, path: str | Path) -> "Baseline":
        p = Path(path)
        try:
            raw = p.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise BaselineError(f"{p}: no such baseline file (create it with --write-baseline)") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BaselineError(f"{p}: cannot read baseline: {getattr(exc, 'strerror', None) or exc}") from None
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise BaselineError(f"{p}: baseline is not valid JSON: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
            raise BaselineError(f"{p}: not an unspin baseline (expected an object with 'findings')")
        version = data.get("unspin_baseline")
        if version != FORMAT_VERSION:
            raise BaselineError(f"{p}: unsupported baseline version {version!r} (expected {FORMAT_VERSION})")
        entries: dict[str, Counter] = {}
        for i, item in enumerate(data["findings"]):
            if not (isinstance(item, dict) and isinstance(item.get("path"), str)
                    and isinstance(item.get("fingerprint"), str)):
                raise BaselineError(f"{p}: finding {i + 1}: needs 'path' and 'fingerprint' strings")
            entries.setdefault(item["path"], Counter())[item["fingerprint"]] += 1
        return cls(p, entries)

    def split(self, path: str, text: str, findings: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
        """(new, known): findings of one file, those in the baseline set apart."""
        key = path_key(path, self.base)
        allowed = self.entries.get(key)
        findings = list(findings)
        if not allowed:
            return findings, []
        used = self._used.setdefault(key, Counter())
        new, known = [], []
        for f in findings:
            fp = fingerprint(text, f)
            if used[fp] < allowed[fp]:
                used[fp] += 1
                known.append(f)
            else:
                new.append(f)
        return new, known


def records(path: str, text: str, findings: Iterable[Finding], base: Path) -> list[dict]:
    key = path_key(path, base)
    return [{"path": key, "rule": f.rule, "text": " ".join(f.text.split()), "fingerprint": fingerprint(text, f)}
            for f in findings]


def dumps(recs: list[dict]) -> str:
    recs = sorted(recs, key=lambda r: (r["path"], r["rule"], r["text"], r["fingerprint"]))
    lines = ",\n".join("  " + json.dumps(r, ensure_ascii=False, sort_keys=False) for r in recs)
    body = f"[\n{lines}\n ]" if recs else "[]"
    return f'{{"unspin_baseline": {FORMAT_VERSION},\n "findings": {body}}}\n'


def write(path: str | Path, recs: list[dict]) -> None:
    write_atomic(path, dumps(recs).encode("utf-8"))
