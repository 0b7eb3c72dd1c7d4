"""Check and clean plain-text files of any size in constant memory.

A corpus dump or a log of scraped pages can be far larger than memory. The file is
read incrementally, decoded as ``fileio`` would decode it (BOM, encoding, no newline
translation), and cut into chunks of about ``CHUNK_CHARS`` code points (64 Ki, a
long article) at paragraph breaks (a blank line), so each chunk is a run of whole
paragraphs; a chunk with no blank line for a long stretch is cut at a line break,
and failing that at white space. Each chunk is checked as a document of its own (document evidence is judged
per chunk, which suits a file of many concatenated documents); offsets, lines and
columns are carried across chunks, so every finding refers to the whole file
exactly as a non-streaming check would. The report is written as findings arrive;
the file's score is computed from totals over all chunks with the engine's formula.
"""
from __future__ import annotations

import codecs
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator

from .engine import Unspinner
from .grammar import evidence as grammar_evidence
from .fileio import InputError
from .findings import UNSAFE, SpinScore
from .report import finding_record, line_starts

CHUNK_CHARS = 1 << 16  # small enough that per-document costs that grow faster than the text stay bounded
READ_BYTES = 1 << 20
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_SNIFF = 8192


@dataclass(frozen=True)
class Chunk:
    text: str
    start: int  # code-point offset of the chunk in the decoded file
    line: int   # 1-based line number of the chunk's first character
    column: int  # 1-based column of the chunk's first character


# ------------------------------------------------------------------ reading


def _open_decoder(fh: BinaryIO, name: str, encoding: str | None):
    """(incremental decoder, codec, BOM bytes, the bytes read so far that belong to the text)."""
    head = fh.read(_SNIFF)
    if not head:
        raise InputError(f"{name}: empty file")
    bom, codec = b"", None
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise InputError(f"{name}: unknown encoding {encoding!r}") from None
        if codec == "utf-8" and head.startswith(codecs.BOM_UTF8):
            bom = codecs.BOM_UTF8
        codec = encoding
    else:
        for b, c in _BOMS:
            if head.startswith(b):
                bom, codec = b, c
                break
        else:
            if b"\x00" in head:
                raise InputError(f"{name}: binary file (contains NUL bytes), skipped")
            codec = "utf-8"
    return codecs.getincrementaldecoder(codec)(errors="strict"), codec, bom, head[len(bom):]


def _decoded_pieces(fh: BinaryIO, name: str, encoding: str | None, read_bytes: int):
    decoder, codec, bom, first = _open_decoder(fh, name, encoding)
    consumed = len(bom)
    yield codec, bom

    def feed(data: bytes, final: bool) -> str:
        try:
            return decoder.decode(data, final)
        except UnicodeDecodeError as exc:
            hint = "; pass --encoding, e.g. --encoding latin-1" if codec == "utf-8" and not encoding else ""
            raise InputError(f"{name}: cannot decode as {codec} (byte {consumed + exc.start}){hint}") from None

    text = feed(first, False)
    consumed += len(first)
    yield text
    while True:
        data = fh.read(read_bytes)
        if not data:
            break
        text = feed(data, False)
        consumed += len(data)
        yield text
    yield feed(b"", True)


def _cut(buf: str, limit: int) -> int:
    """Where to end a chunk of ``buf`` (at most ``limit`` code points; more only when
    ``buf`` has no break at all): after the last blank line, else the last line break,
    else the last white space."""
    window = buf[:limit]
    best = max(window.rfind("\n\n"), window.rfind("\n\r\n"))
    if best >= 0:
        return best + (2 if window[best + 1] == "\n" else 3)
    nl = window.rfind("\n")
    if nl >= 0:
        return nl + 1
    for i in range(len(window) - 1, -1, -1):
        if window[i].isspace():
            return i + 1
    return min(limit, len(buf))


def chunks(pieces: Iterator[str], chunk_chars: int = CHUNK_CHARS) -> Iterator[Chunk]:
    """Cut decoded text (arriving in pieces) into ``Chunk``s of whole paragraphs."""
    buf, start, line, column = "", 0, 1, 1
    for piece in pieces:
        buf += piece
        while len(buf) >= 2 * chunk_chars:
            cut = _cut(buf, chunk_chars)
            yield Chunk(buf[:cut], start, line, column)
            start, line, column = _advance(buf[:cut], start, line, column)
            buf = buf[cut:]
    while buf:
        cut = _cut(buf, chunk_chars) if len(buf) > chunk_chars else len(buf)
        yield Chunk(buf[:cut], start, line, column)
        start, line, column = _advance(buf[:cut], start, line, column)
        buf = buf[cut:]


def _advance(text: str, start: int, line: int, column: int) -> tuple[int, int, int]:
    newlines = text.count("\n")
    if newlines:
        return start + len(text), line + newlines, len(text) - text.rfind("\n")
    return start + len(text), line, column + len(text)


def read_chunks(path: str, encoding: str | None = None, chunk_chars: int = CHUNK_CHARS,
                read_bytes: int = READ_BYTES):
    """(codec, BOM, iterator of ``Chunk``) for a file read incrementally; ``-`` is standard input."""
    name = "<stdin>" if path == "-" else path
    if path == "-":
        fh = sys.stdin.buffer
    else:
        try:
            if os.path.isdir(path):
                raise InputError(f"{name}: is a directory")
            fh = open(path, "rb")
        except FileNotFoundError:
            raise InputError(f"{name}: no such file") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot read: {exc.strerror}") from None
    pieces = _decoded_pieces(fh, name, encoding, read_bytes)
    try:
        codec, bom = next(pieces)
    except BaseException:
        if fh is not sys.stdin.buffer:
            fh.close()
        raise

    def gen():
        try:
            yield from chunks(pieces, chunk_chars)
        finally:
            if fh is not sys.stdin.buffer:
                fh.close()
    return codec, bom, gen()


# ------------------------------------------------------------------ scoring


@dataclass
class Totals:
    """What the document score needs, summed over chunks (findings are not kept)."""

    words: int = 0
    findings: int = 0
    listed: set = field(default_factory=set)  # the list entries that made findings (see ``score_totals``)
    fitted: set = field(default_factory=set)  # the words word fit and same swaps flagged
    strong: int = 0
    strong_weight: float = 0.0
    weak_weight: float = 0.0

    def add(self, words: int, findings) -> None:
        self.words += words
        self.findings += len(findings)
        self.listed |= grammar_evidence.list_entries(findings)
        self.fitted |= grammar_evidence.fitted_words(findings)
        for f in findings:
            if f.strong:
                self.strong += 1
                self.strong_weight += f.confidence
            else:
                self.weak_weight += grammar_evidence.weight(f)

    def score(self, engine: Unspinner) -> SpinScore:
        """``Unspinner.score`` over the whole file, from the totals."""
        return engine.score_totals(self.words, self.findings, self.strong, self.strong_weight, self.weak_weight,
                                   listed=len(self.listed), fitted=len(self.fitted))


def _records(chunk: Chunk, findings) -> list[dict]:
    starts = line_starts(chunk.text)
    out = []
    for f in findings:
        rec = finding_record(f, starts)
        if rec["line"] == 1:
            rec["column"] += chunk.column - 1
        rec["line"] += chunk.line - 1
        rec["start"] += chunk.start
        rec["end"] += chunk.start
        out.append(rec)
    return out


# ------------------------------------------------------------------ check


def _one_line(s: str) -> str:
    return " ".join(s.split())


def _fails(score: SpinScore, kinds: set, fail_on: str, min_score: float | None) -> bool:
    from types import SimpleNamespace

    from .policy import fails
    return fails(SimpleNamespace(score=score, findings=[SimpleNamespace(kind=k) for k in sorted(kinds)]),
                 fail_on, min_score)


def check_file(engine: Unspinner, path: str, write, *, fmt: str = "text", encoding: str | None = None,
               chunk_chars: int = CHUNK_CHARS, first: bool = True) -> tuple[SpinScore, set]:
    """Check one file chunk by chunk, calling ``write(str)`` with its part of the report as
    findings arrive: (the file's score, the kinds of finding seen).

    ``fmt`` is ``text`` (the usual lines, then the summary line) or ``json`` (one
    element of the report's ``files`` array; ``first`` says whether it is the first)."""
    from .textnorm import word_count

    name = "<stdin>" if path == "-" else path
    _, _, parts = read_chunks(path, encoding, chunk_chars)  # a file that cannot be opened: nothing written
    totals, kinds, n = Totals(), set(), 0
    if fmt == "json":
        write(("" if first else ",\n") + "{\"path\": " + json.dumps(name, ensure_ascii=False) + ", \"findings\": [")
    try:
        for chunk in parts:
            findings = engine.detect(chunk.text)
            totals.add(word_count(chunk.text), findings)
            kinds.update(f.kind for f in findings)
            for rec in _records(chunk, findings):
                if fmt == "json":
                    write(("" if n == 0 else ",") + "\n  " + json.dumps(rec, ensure_ascii=False))
                else:
                    sugg = repr(_one_line(rec["suggestion"])) if rec["suggestion"] is not None else "(no suggestion)"
                    write(f"{name}:{rec['line']}:{rec['column']}: {rec['kind']}: {_one_line(rec['text'])!r} -> "
                          f"{sugg} ({rec['rule']})\n")
                n += 1
    except InputError as exc:
        if fmt == "json":  # keep the report valid JSON: close the entry, saying why it stops short
            write("], \"error\": " + json.dumps(str(exc), ensure_ascii=False) + "}")
        raise
    s = totals.score(engine)
    if fmt == "json":
        write(f"], \"words\": {s.words}, \"spin_score\": {json.dumps(s.score)}, \"verdict\": "
              f"{json.dumps(s.verdict)}}}")
    else:
        write(f"{name}: {s.findings} finding{'s' if s.findings != 1 else ''} ({s.strong} strong) "
              f"in {s.words} words, spin score {s.score:.2f}: {s.verdict}\n")
    return s, kinds


def check_files(engine: Unspinner, paths, *, fmt: str = "text", encoding: str | None = None,
                fail_on: str = "spun", min_score: float | None = None, out=None,
                chunk_chars: int = CHUNK_CHARS) -> int:
    """``unspin check --stream``: the report on ``out`` (standard output), the exit code.

    A file that cannot be read gets one line on stderr and exit code 2; the others are
    still checked. The JSON report is the usual one (keys in another order)."""
    from .policy import EXIT_ERROR, EXIT_FAIL, EXIT_OK

    out = out or sys.stdout
    failed = errors = wrote_any = False
    if fmt == "json":
        out.write("{\"files\": [\n")
    for path in paths:
        state = {"started": False}

        def write(text, _out=out, _state=state):
            _state["started"] = True
            _out.write(text)
        try:
            score, kinds = check_file(engine, path, write, fmt=fmt, encoding=encoding, chunk_chars=chunk_chars,
                                      first=not wrote_any)
        except InputError as exc:
            _err(str(exc))
            errors = True
            wrote_any |= state["started"]
            continue
        wrote_any = True
        failed |= _fails(score, kinds, fail_on, min_score)
    if fmt == "json":
        out.write("\n]}\n")
    out.flush()
    return EXIT_ERROR if errors else EXIT_FAIL if failed else EXIT_OK


def _err(msg: str) -> None:
    print(f"unspin: {msg}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ clean


def clean_file(engine: Unspinner, path: str, *, output: str | None = None, in_place: bool = False,
               unsafe: bool = False, encoding: str | None = None, chunk_chars: int = CHUNK_CHARS
               ) -> tuple[int, int]:
    """Repair one file chunk by chunk: to ``output``, over itself (``in_place``, atomically)
    or to standard output. (changes made, unsafe fixes held back)."""
    import tempfile

    name = "<stdin>" if path == "-" else path
    if in_place and path == "-":
        raise InputError("--in-place cannot rewrite standard input")
    before = None if path == "-" else _stamp(path)
    codec, bom, parts = read_chunks(path, encoding, chunk_chars)
    target = Path(path if in_place else output) if (in_place or output) else None
    tmp = None
    if target is not None:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".unspin-tmp", dir=str(target.parent) or ".")
        sink = os.fdopen(fd, "wb")
    else:
        sink = sys.stdout.buffer
    changes = held = 0
    try:
        encoder = codecs.getincrementalencoder(codec)()
        sink.write(bom)
        for chunk in parts:
            rep = engine.repair(chunk.text, unsafe=unsafe)
            changes += len(rep.changes)
            held += sum(1 for f in rep.held_back if f.applicability == UNSAFE)
            sink.write(encoder.encode(rep.text))
        sink.write(encoder.encode("", True))
        sink.flush()
        if tmp is not None:
            os.fsync(sink.fileno())
            sink.close()
            if in_place:
                if _stamp(path) != before:
                    raise InputError(f"{name}: changed on disk while being processed; not overwritten")
                if not changes:
                    os.unlink(tmp)
                    return changes, held
                os.chmod(tmp, before[2])
            elif target.exists():
                os.chmod(tmp, os.stat(target).st_mode & 0o7777)
            os.replace(tmp, target)
            tmp = None
    except OSError as exc:
        raise InputError(f"{name}: cannot write: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            try:
                sink.close()
            except OSError:
                pass
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return changes, held


def _stamp(path: str):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_mode & 0o7777


def clean_files(engine: Unspinner, paths, *, output: str | None = None, in_place: bool = False,
                unsafe: bool = False, encoding: str | None = None, quiet: bool = False,
                chunk_chars: int = CHUNK_CHARS) -> int:
    """``unspin clean --stream``: the exit code (2 when some file failed, else 0)."""
    if output and len(paths) > 1:
        raise InputError("--stream with -o takes one file (use --in-place for several)")
    if not (output or in_place) and len(paths) > 1:
        raise InputError("--stream with several files: use --in-place")
    errors = False
    for path in paths:
        try:
            n, held = clean_file(engine, path, output=output, in_place=in_place, unsafe=unsafe, encoding=encoding,
                                 chunk_chars=chunk_chars)
        except InputError as exc:
            _err(str(exc))
            errors = True
            continue
        if not quiet:
            msg = f"{'<stdin>' if path == '-' else path}: {n} change{'s' if n != 1 else ''}"
            if held:
                msg += f", {held} unsafe fix{'es' if held != 1 else ''} held back (--unsafe-fixes applies them)"
            _err(msg)
    sys.stdout.flush()
    return 2 if errors else 0


# ------------------------------------------------------------------ the command-line hook

def _set_stream(ctx, _param, value):
    ctx.meta["unspin.stream"] = value


def stream_option(f):
    """``--stream`` for check and clean (kept out of the commands' signatures)."""
    import click

    return click.option("--stream", is_flag=True, expose_value=False, callback=_set_stream,
                        help="Plain-text files of any size: read and process in chunks cut at paragraph "
                             "breaks, in constant memory (formats text and json; no suppressions or "
                             "baseline).")(f)


def requested() -> bool:
    import click

    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get("unspin.stream"))


def _stream_inputs(files, include=(), exclude=()):
    from .inputs import expand

    exp = expand(tuple(files), tuple(include), tuple(exclude), ())
    for line in exp.warnings + exp.errors:
        _err(line)
    return [i.path for i in exp.inputs], bool(exp.errors)


def run_check(run, *, encoding=None, jsonl=False, format_in=None, include=(), exclude=()) -> int:
    """``unspin check --stream``, from the command's ``CheckRun``: the exit code."""
    import click

    from .policy import EXIT_ERROR

    if jsonl:
        raise click.UsageError("--stream and --jsonl do not go together (--jsonl already streams)")
    if format_in not in (None, "text"):
        raise click.UsageError("--stream reads plain text only")
    if run.fmt not in ("text", "json"):
        raise click.UsageError(f"--stream writes the text and json formats, not {run.fmt}")
    if run.write_baseline or run.baseline is not None:
        raise click.UsageError("--stream does not apply a baseline")
    paths, bad = _stream_inputs(run.files, include, exclude)
    code = check_files(run.engine, paths, fmt=run.fmt, encoding=encoding, fail_on=run.cfg["fail-on"],
                       min_score=run.cfg["min-score"])
    return EXIT_ERROR if bad else code


def run_clean(engine, files, *, output=None, in_place=False, unsafe=False, encoding=None, quiet=False,
              jsonl=False, format_in=None, include=(), exclude=(), other_modes=False) -> int:
    """``unspin clean --stream``: the exit code."""
    import click

    if jsonl:
        raise click.UsageError("--stream and --jsonl do not go together (--jsonl already streams)")
    if format_in not in (None, "text"):
        raise click.UsageError("--stream reads plain text only")
    if other_modes:
        raise click.UsageError("--stream writes to standard output, -o FILE or --in-place (no --diff, "
                               "--dry-run or --backup)")
    if output and in_place:
        raise click.UsageError("choose one of -o and --in-place")
    paths, bad = _stream_inputs(files, include, exclude)
    try:
        code = clean_files(engine, paths, output=output, in_place=in_place, unsafe=unsafe, encoding=encoding,
                           quiet=quiet)
    except InputError as exc:
        raise click.UsageError(str(exc)) from None
    return 2 if bad else code
