"""JSON Lines for data pipelines: one record in, one record out, in order.

``clean`` replaces the chosen field with its repaired text and adds an ``unspin``
object (score, verdict, the changes with offsets into the original field);
``check`` leaves the field alone and adds the score, verdict and findings. A line
that is not a JSON object carrying the field as a string is passed through
unchanged and reported on stderr, so the output always lines up with the input.
Records travel to worker processes in chunks, and standard input is streamed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Iterator

from .documents import TEXT, analyse, analyse_many, repair
from .engine import BATCH, Unspinner
from . import policy
from .findings import UNSAFE
from .report import finding_record, line_starts

CHUNK = BATCH  # records read, analysed and written together


@dataclass(frozen=True)
class Settings:
    field: str = "text"
    mode: str = "clean"  # clean | check
    fmt: str = TEXT      # format of the field's text
    unsafe: bool = False
    fail_on: str = "spun"            # the failing policy of ``check`` (unspin.policy)
    min_score: float | None = None


@dataclass(frozen=True)
class Record:
    """What became of one input line."""

    line: bytes          # the output line, without its line break
    error: str | None = None
    spun: bool = False
    changes: int = 0
    fails: bool = False  # the record fails the check policy (--fail-on, --min-score)


def process_line(engine: Unspinner, raw: bytes, s: Settings) -> Record:
    parsed = _parse(raw, s)
    if isinstance(parsed, Record):
        return parsed
    record, text = parsed
    return _process(engine, record, text, analyse(engine, text, s.fmt), s)


def _parse(raw: bytes, s: Settings):
    """(record, text of the field), or the Record that passes a bad line through."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Record(raw, error=f"not UTF-8 (invalid byte at offset {exc.start})")
    try:
        record = json.loads(line)
    except ValueError as exc:
        return Record(raw, error=f"not valid JSON ({exc.msg}, column {exc.colno})")
    if not isinstance(record, dict):
        return Record(raw, error="not a JSON object")
    if s.field not in record:
        return Record(raw, error=f"no {s.field!r} field")
    text = record[s.field]
    if not isinstance(text, str):
        return Record(raw, error=f"field {s.field!r} is {type(text).__name__}, not a string")
    return record, text


def _process(engine: Unspinner, record: dict, text: str, a, s: Settings) -> Record:
    info = {"spin_score": a.score.score, "verdict": a.score.verdict, "words": a.score.words}
    changes = 0
    if s.mode == "clean":
        rep = repair(engine, text, s.fmt, unsafe=s.unsafe, analysis=a)
        record[s.field] = rep.text
        info["changes"] = [{"start": c.start, "end": c.end, "text": c.old, "replacement": c.new, "rule": c.rule}
                           for c in rep.changes]
        held = sum(1 for f in rep.held_back if f.applicability == UNSAFE)
        if held:
            info["unsafe_held_back"] = held
        changes = len(rep.changes)
    else:
        starts = line_starts(text)
        info["findings"] = [finding_record(f, starts) for f in a.findings]
    record["unspin"] = info
    out = json.dumps(record, ensure_ascii=False).encode("utf-8", errors="surrogatepass")
    return Record(out, spun=a.score.verdict == "spun", changes=changes,
                  fails=s.mode == "check" and policy.fails(a, s.fail_on, s.min_score))


def process_chunk(engine: Unspinner, chunk: list[tuple[int, bytes]], s: Settings) -> list[tuple[int, Record]]:
    """The records of a chunk of lines, analysed together (their tagging is batched)."""
    parsed = [_parse(line, s) for _, line in chunk]
    good = [p for p in parsed if not isinstance(p, Record)]
    analyses = iter(analyse_many(engine, [text for _, text in good], s.fmt))
    return [(number, p if isinstance(p, Record) else _process(engine, p[0], p[1], next(analyses), s))
            for (number, _), p in zip(chunk, parsed)]


def chunks(lines: Iterable[bytes], size: int = CHUNK) -> Iterator[list[tuple[int, bytes]]]:
    """(line number, line without its line break) for non-blank lines, ``size`` at a time.

    JSON Lines are UTF-8; a byte-order mark at the start is dropped."""
    batch: list[tuple[int, bytes]] = []
    for number, line in enumerate(lines, 1):
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        line = line.rstrip(b"\r\n")
        if line.strip():
            batch.append((number, line))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# ------------------------------------------------------------------ files and streams

@dataclass
class Stats:
    records: int = 0
    changed: int = 0
    changes: int = 0
    spun: int = 0
    fails: int = 0
    errors: int = 0

    def summary(self, name: str, mode: str) -> str:
        base = f"{name}: {self.records} record{'s' if self.records != 1 else ''}"
        if mode == "clean":
            base += f", {self.changed} changed ({self.changes} change{'s' if self.changes != 1 else ''})"
        else:
            base += f", {self.spun} spun"
        if self.errors:
            base += f", {self.errors} passed through with errors"
        return base


def process_lines(engine: Unspinner, lines: Iterable[bytes], name: str, s: Settings, write, err, *,
                  jobs: int = 1, factory=None) -> Stats:
    """Feed ``lines`` through, calling ``write(bytes)`` for each output line in order and
    ``err(message)`` for each record passed through unchanged."""
    from .batch import ordered_map

    stats = Stats()
    for batch in ordered_map(process_chunk, engine, chunks(lines), (s,), jobs=jobs, factory=factory):
        for number, rec in batch:
            stats.records += 1
            if rec.error:
                stats.errors += 1
                err(f"{name}:{number}: {rec.error}; record passed through unchanged")
            stats.spun += rec.spun
            stats.fails += rec.fails
            stats.changes += rec.changes
            stats.changed += bool(rec.changes)
            write(rec.line + b"\n")
    return stats
