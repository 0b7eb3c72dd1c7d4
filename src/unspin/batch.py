"""Process many files: one function per input, run in order or on all cores.

``check_one`` is the single step from one input to a ``FileResult`` (path, decoded
text, findings with offsets into that text, score); every report format and the exit
code are built from those results. ``clean_one`` reads, repairs and writes one file.
``run`` maps either over the inputs, in worker processes when there are many, and
yields results in input order, with a progress bar on a terminal.

Workers are forked after the engine is built, so they share its compiled lists
instead of loading them again; where fork is unavailable an engine factory is sent.
"""
from __future__ import annotations

import difflib
import multiprocessing
import os
import signal
import sys
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .documents import analyse, format_for, repair
from .engine import Unspinner
from .fileio import DEFAULT_MAX_BYTES, Decoded, InputError, decode, encode, read_file, write_atomic
from .findings import UNSAFE
from .inputs import STDIN, Input
from .report import FileResult


@dataclass(frozen=True)
class ReadOptions:
    encoding: str | None = None
    max_size: int = DEFAULT_MAX_BYTES
    format_in: str | None = None  # text | markdown | html; None: by extension


def display_name(path: str) -> str:
    return "<stdin>" if path == STDIN else path


def read_input(path: str, opts: ReadOptions) -> Decoded:
    """Decode one input; an ``InputError`` (one line naming it) when it cannot be."""
    if path == STDIN:
        data = sys.stdin.buffer.read()
        if len(data) > opts.max_size:
            raise InputError(f"<stdin>: input is {len(data):,} bytes, over the {opts.max_size:,}-byte limit "
                             f"(--max-size)")
        if not data:
            raise InputError("<stdin>: empty input")
        return decode(data, "<stdin>", opts.encoding)
    return read_file(path, opts.encoding, opts.max_size)


def check_one(engine: Unspinner, path: str, opts: ReadOptions = ReadOptions()) -> FileResult:
    """One input to its result: the function every report (text, JSON, others) consumes."""
    decoded = read_input(path, opts)
    # check's CI layer applies (and counts) inline suppressions itself
    a = analyse(engine, decoded.text, format_for(path, opts.format_in), suppressions=False)
    return FileResult(path, decoded.text, list(a.findings), a.score)


# ------------------------------------------------------------------ clean

STDOUT, DIFF, IN_PLACE, OUTPUT, DRY_RUN = "stdout", "diff", "in-place", "output", "dry-run"


@dataclass(frozen=True)
class CleanPlan:
    mode: str = STDOUT
    unsafe: bool = False
    backup: str | None = None       # --backup SUFFIX, with --in-place
    output: str | None = None       # -o FILE, or -o FOLDER (with out_dir=True)
    out_dir: bool = False


@dataclass
class CleanResult:
    path: str
    changes: int = 0
    held_back: int = 0
    data: bytes | None = None       # the repaired file, for standard output
    diff: str = ""
    written: str | None = None      # where the repaired file went
    extra: dict = field(default_factory=dict)

    def summary(self) -> str:
        n = self.changes
        msg = f"{display_name(self.path)}: {'would make ' if self.extra.get('dry_run') else ''}" \
              f"{n} change{'s' if n != 1 else ''}"
        if self.held_back:
            msg += (f", {self.held_back} unsafe fix{'es' if self.held_back != 1 else ''} held back "
                    f"(--unsafe-fixes applies them)")
        if self.written and self.extra.get("backup"):
            msg += f" (original kept as {self.extra['backup']})"
        return msg


def clean_one(engine: Unspinner, item: Input, opts: ReadOptions, plan: CleanPlan) -> CleanResult:
    decoded = read_input(item.path, opts)
    try:
        return _clean_decoded(engine, item, decoded, opts, plan)
    except OSError as exc:
        raise InputError(f"{display_name(item.path)}: cannot write: {exc.strerror or exc}") from None


def _clean_decoded(engine: Unspinner, item: Input, decoded: Decoded, opts: ReadOptions,
                   plan: CleanPlan) -> CleanResult:
    original = encode(decoded, decoded.text)
    rep = repair(engine, decoded.text, format_for(item.path, opts.format_in), unsafe=plan.unsafe)
    new = encode(decoded, rep.text) if rep.changes else original
    res = CleanResult(item.path, len(rep.changes), sum(1 for f in rep.held_back if f.applicability == UNSAFE))
    if plan.mode == DIFF:
        name = display_name(item.path)
        res.diff = "".join(difflib.unified_diff(decoded.text.splitlines(keepends=True),
                                                rep.text.splitlines(keepends=True), fromfile=name, tofile=name))
    elif plan.mode == DRY_RUN:
        res.extra["dry_run"] = True
    elif plan.mode == STDOUT:
        res.data = new
    elif plan.mode == IN_PLACE:
        if rep.changes:
            if plan.backup:
                backup = item.path + plan.backup
                write_atomic(backup, original)
                res.extra["backup"] = backup
            # refuses (InputError) when the file changed on disk since it was read
            write_atomic(item.path, new, expect_unchanged=original)
            res.written = item.path
    elif plan.mode == OUTPUT:
        target = Path(plan.output)
        if plan.out_dir:
            target = target / (item.rel if item.path != STDIN else "stdin.txt")
            target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, new)
        res.written = str(target)
    return res


# ------------------------------------------------------------------ running

_ENGINE: Unspinner | None = None


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _worker_init(factory: Callable[[], Unspinner] | None) -> None:
    global _ENGINE
    # Ctrl-C reaches the whole process group: the main process alone decides to stop,
    # and a worker finishes the file it is writing (each write is atomic anyway).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _watch_parent()
    if _ENGINE is None and factory is not None:
        _ENGINE = factory()


def _watch_parent() -> None:
    """Exit when the main process is gone (killed with SIGKILL, say): the pool's pipes
    stay open between sibling workers, so they would otherwise wait forever."""
    import threading
    import time

    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(0.25)
        os._exit(1)

    threading.Thread(target=watch, name="unspin-parent-watch", daemon=True).start()


def _call(fn, item, args):
    """Run ``fn(engine, item, *args)``; an input problem comes back as its one-line message."""
    try:
        return fn(_ENGINE, item, *args)
    except InputError as exc:
        return _Failure(str(exc))
    except OSError as exc:
        name = getattr(item, "path", item)
        return _Failure(f"{display_name(str(name))}: {exc.strerror or exc}")


@dataclass(frozen=True)
class _Failure:
    message: str


def is_failure(result) -> bool:
    return isinstance(result, _Failure)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def progress_wanted(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()


def run(fn, engine: Unspinner, items: list, args: tuple = (), *, jobs: int = 1, progress: bool = False,
        factory: Callable[[], Unspinner] | None = None, desc: str = "files",
        min_parallel: int = 4) -> Iterator[tuple[object, object]]:
    """(item, result or failure) for each item, in order. Failures have ``.message``.

    Runs in ``jobs`` worker processes when there are at least ``min_parallel`` items
    (and none is standard input), in this process otherwise.
    """
    global _ENGINE
    _ENGINE = engine
    parallel = jobs > 1 and len(items) >= min_parallel and not any(
        getattr(i, "path", i) == STDIN for i in items)
    bar = _bar(len(items), progress, desc)
    previous = signal.signal(signal.SIGTERM, _interrupt) if _main_thread() else None
    try:
        if not parallel:
            for item in items:
                result = _call(fn, item, args)
                bar.update(1)
                yield item, result
            return
        yield from _parallel(fn, items, args, jobs, factory, bar)
    finally:
        bar.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main_thread() -> bool:
    import threading
    return threading.current_thread() is threading.main_thread()


def _parallel(fn, items, args, jobs, factory, bar):
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        ctx, init_arg = multiprocessing.get_context("fork"), None
    elif factory is not None:
        ctx, init_arg = multiprocessing.get_context("spawn"), factory
    else:  # nothing to build an engine from in a fresh process
        for item in items:
            result = _call(fn, item, args)
            bar.update(1)
            yield item, result
        return
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init, initargs=(init_arg,))
    window: deque = deque()
    it = iter(items)
    try:
        for item in it:
            window.append((item, pool.submit(_call, fn, item, args)))
            if len(window) >= jobs * 8:
                break
        while window:
            item, fut = window.popleft()
            result = fut.result()
            bar.update(1)
            nxt = next(it, None)
            if nxt is not None:
                window.append((nxt, pool.submit(_call, fn, nxt, args)))
            yield item, result
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def ordered_map(fn, engine: Unspinner, chunks: Iterable, args: tuple = (), *, jobs: int = 1,
                factory: Callable[[], Unspinner] | None = None) -> Iterator[object]:
    """Results of ``fn(engine, chunk, *args)`` in order, streaming: at most a few chunks per
    worker are in flight, so an endless standard input is processed as it arrives."""
    global _ENGINE
    _ENGINE = engine
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods() and factory is None:
        for chunk in chunks:
            yield fn(engine, chunk, *args)
        return
    for _, result in _parallel(fn, chunks, args, jobs, factory, _bar(0, False, "")):
        if is_failure(result):
            raise InputError(result.message)
        yield result


class _NoBar:
    def update(self, n):
        pass

    def close(self):
        pass


def _bar(total: int, progress: bool, desc: str):
    if not progress or total < 2:
        return _NoBar()
    from tqdm import tqdm
    # delay: short runs finish before a bar would even appear
    return tqdm(total=total, unit=" " + desc, file=sys.stderr, delay=1.0, dynamic_ncols=True, leave=False)
