"""The file-handling half of ``unspin check`` and ``unspin clean``: options, and the runs.

``cli`` keeps the commands and the report side; this module expands the inputs,
runs the per-file steps of ``batch`` (on all cores for many files) and the JSON
Lines mode, and reports each input problem as one line on stderr.
"""
from __future__ import annotations

import sys

import click

from . import batch, jsonl
from .batch import (DIFF, DRY_RUN, IN_PLACE, OUTPUT, STDOUT, CleanPlan, ReadOptions, check_one, clean_one,
                    is_failure)
from .documents import FORMATS
from .fileio import InputError, read_file, write_atomic
from .inputs import STDIN, expand
from .report import FileResult


def _err(msg: str) -> None:
    click.echo(f"unspin: {msg}", err=True)


_options = [
    click.option("--format-in", type=click.Choice(FORMATS), default=None,
                 help="Input format (default: by extension: .md/.markdown Markdown, .html/.htm HTML, "
                      "anything else plain text)."),
    click.option("--include", multiple=True, metavar="GLOB",
                 help="In folders, only files matching this glob (e.g. '*.md'); repeatable."),
    click.option("--exclude", multiple=True, metavar="GLOB",
                 help="In folders, skip files and folders matching this glob; repeatable."),
    click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
                 help="Worker processes for many files (default: all cores)."),
    click.option("--jsonl", is_flag=True, help="Inputs are JSON Lines: process one field of each record."),
    click.option("--field", default="text", show_default=True, help="With --jsonl: the field holding the text."),
]


def file_options(f):
    """Decorate a command with the file-handling options (shared by check and clean)."""
    for opt in reversed(_options):
        f = opt(f)
    return f


def _inputs(files, include, exclude, skip_suffixes=()):
    exp = expand(files, tuple(include), tuple(exclude), tuple(skip_suffixes))
    for w in exp.warnings:
        _err(w)
    for e in exp.errors:
        _err(e)
    return exp.inputs, bool(exp.errors)


def collect_results(engine, files, *, encoding, max_size, format_in, include, exclude, jobs, quiet
                    ) -> tuple[list[FileResult], bool]:
    """Check every input: (results in input order, whether any input failed).

    Each failure has already been reported on stderr as one line."""
    inputs, failed = _inputs(files, include, exclude)
    opts = ReadOptions(encoding, max_size, format_in)
    results = []
    for item, res in batch.run(_check_item, engine, inputs, (opts,), jobs=jobs or batch.default_jobs(),
                               progress=batch.progress_wanted(quiet), desc="files"):
        if is_failure(res):
            _err(res.message)
            failed = True
        else:
            results.append(res)
    return results, failed


def _check_item(engine, item, opts):
    return check_one(engine, item.path, opts)


def run_clean(engine, files, *, output, in_place, show_diff, dry_run, backup, unsafe, quiet, encoding,
              max_size, format_in, include, exclude, jobs) -> bool:
    """Clean every input as asked; True when some input failed."""
    from pathlib import Path

    if sum(bool(x) for x in (output, in_place, show_diff, dry_run)) > 1:
        raise click.UsageError("choose one of -o, --in-place, --diff and --dry-run")
    if backup and not in_place:
        raise click.UsageError("--backup only applies with --in-place")
    if backup is not None and (not backup or "/" in backup or backup in (".", "..")):
        raise click.UsageError("--backup needs a file-name suffix such as .bak")
    if in_place and STDIN in files:
        raise click.UsageError("--in-place cannot rewrite standard input")
    inputs, failed = _inputs(files, include, exclude, skip_suffixes=(backup,) if backup else ())
    if not inputs:
        return failed
    out_dir = False
    if output:
        several = len(inputs) > 1 or any(not i.explicit for i in inputs)
        if several or Path(output).is_dir():
            out_dir = True
            if not Path(output).is_dir():
                raise click.UsageError(f"-o {output}: with several files, -o must be an existing folder")
    if not (output or in_place or show_diff or dry_run) and len(inputs) > 1:
        raise click.UsageError("several files: use --in-place, --diff, --dry-run or -o FOLDER")
    mode = IN_PLACE if in_place else OUTPUT if output else DIFF if show_diff else DRY_RUN if dry_run else STDOUT
    plan = CleanPlan(mode=mode, unsafe=unsafe, backup=backup, output=output, out_dir=out_dir)
    opts = ReadOptions(encoding, max_size, format_in)
    progress = batch.progress_wanted(quiet) and mode not in (STDOUT, DIFF)
    bar_note = _note_writer(progress)
    done = changed = changes = 0
    for item, res in batch.run(clean_one, engine, inputs, (opts, plan), jobs=jobs or batch.default_jobs(),
                               progress=progress, desc="files"):
        if is_failure(res):
            bar_note(f"unspin: {res.message}")
            failed = True
            continue
        if mode == DIFF:
            sys.stdout.write(res.diff)
            sys.stdout.flush()
        elif mode == STDOUT:
            sys.stdout.flush()
            sys.stdout.buffer.write(res.data)
            sys.stdout.buffer.flush()
        done += 1
        changed += bool(res.changes)
        changes += res.changes
        if not quiet and (res.changes or res.held_back or len(inputs) == 1 or dry_run):
            bar_note(f"unspin: {res.summary()}")
    if not quiet and len(inputs) > 1:
        verb = "would change" if dry_run else "changed"
        _err(f"{done} file{'s' if done != 1 else ''} processed, {changed} {verb} "
             f"({changes} change{'s' if changes != 1 else ''})")
    return failed


def _note_writer(progress: bool):
    """A stderr line that does not tear the progress bar."""
    if not progress:
        return lambda msg: click.echo(msg, err=True)
    from tqdm import tqdm
    return lambda msg: tqdm.write(msg, file=sys.stderr)


# ------------------------------------------------------------------ JSON Lines

def run_jsonl(engine, files, *, mode, field, format_in, unsafe=False, output=None, in_place=False,
              dry_run=False, quiet=False, max_size, jobs, fail_on="spun", min_score=None) -> tuple[bool, bool]:
    """JSON Lines through check or clean: (some input failed, some record spun / fails
    the check policy ``fail_on`` and ``min_score``)."""
    from pathlib import Path

    if in_place and STDIN in files:
        raise click.UsageError("--in-place cannot rewrite standard input")
    if sum(bool(x) for x in (output, in_place, dry_run)) > 1:
        raise click.UsageError("choose one of -o, --in-place and --dry-run")
    settings = jsonl.Settings(field=field, mode=mode, fmt=format_in or "text", unsafe=unsafe, fail_on=fail_on,
                              min_score=min_score)
    inputs, failed = _inputs(files, (), ())
    jobs = jobs or batch.default_jobs()
    spun = False
    sink: list[bytes] | None = [] if output else None
    for item in inputs:
        name = "<stdin>" if item.path == STDIN else item.path
        try:
            if item.path == STDIN:
                lines, original = sys.stdin.buffer, None
            else:
                original = _read_bytes(item.path, max_size)
                lines = original.splitlines(keepends=True)
        except InputError as exc:
            _err(str(exc))
            failed = True
            continue
        collected: list[bytes] = []
        if in_place or dry_run:
            write = collected.append
        elif sink is not None:
            write = sink.append
        else:
            def write(b, _out=sys.stdout.buffer):
                _out.write(b)
                if item.path == STDIN:
                    _out.flush()  # a pipeline downstream sees each record as it is done
        stats = jsonl.process_lines(engine, lines, name, settings, write, _err, jobs=jobs)
        failed |= bool(stats.errors)
        spun |= bool(stats.fails if mode == "check" else stats.spun)
        if in_place and stats.changes:
            try:
                write_atomic(item.path, b"".join(collected), expect_unchanged=original)
            except (InputError, OSError) as exc:
                _err(str(exc) if isinstance(exc, InputError) else f"{name}: cannot write: {exc.strerror or exc}")
                failed = True
                continue
        if not quiet:
            _err(stats.summary(name, mode))
    if sink is not None:
        try:
            write_atomic(Path(output), b"".join(sink))
        except OSError as exc:
            _err(f"{output}: cannot write: {exc.strerror or exc}")
            failed = True
    sys.stdout.flush()
    return failed, spun


def _read_bytes(path: str, max_size: int) -> bytes:
    """The raw bytes of a JSON Lines file, with the same checks as any other input."""
    # Latin-1 maps every byte to one code point and back: the usual checks (missing,
    # a folder, over the size limit, empty) without decoding; lines are decoded one by one.
    return read_file(path, "latin-1", max_size).text.encode("latin-1")
