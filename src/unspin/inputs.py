"""Turn command-line arguments (files, folders, globs, '-') into a list of inputs.

Folders are walked recursively in a stable (sorted) order. Hidden files and folders
(a name starting with '.') are skipped, as are backups (``*.bak``, ``*~``...) and
files that look binary, so pointing
unspin at a site's content folder does what an editor expects. A file named
explicitly is always processed, whatever its name, and a problem with it is
reported, not skipped.
"""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .globs import glob_match

STDIN = "-"
_GLOB_CHARS = set("*?[")
_SNIFF = 8192
# Editor and tool leftovers: never an article, and cleaning a backup would defeat it.
BACKUP_SUFFIXES = ("~", ".bak", ".orig", ".rej", ".swp", ".unspin-tmp")


@dataclass(frozen=True)
class Input:
    """One file to process. ``rel`` is its name relative to the folder it was found in
    (the file name for a file given directly), used to mirror folders under ``-o``."""

    path: str
    rel: str
    explicit: bool = True


@dataclass
class Expansion:
    inputs: list[Input]
    errors: list[str]    # one line each: a missing path, a glob that matched nothing
    warnings: list[str]  # a folder with no matching files


def looks_binary(path: str | os.PathLike) -> bool:
    """NUL bytes in the first 8 KiB (and no UTF-16 byte-order mark): an image, an archive..."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(_SNIFF)
    except OSError:
        return False  # let the reader report it
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return b"\x00" in head


def _matches(rel: str, patterns: tuple[str, ...]) -> bool:
    """A pattern (see ``globs``) matches the path relative to the folder, or any
    suffix of it, so ``drafts/*`` also matches ``blog/drafts/x.md``: a command-line
    pattern is written against the folder named, with no configuration file's root."""
    parts = PurePosixPath(rel).parts
    tails = ["/".join(parts[i:]) for i in range(len(parts))]
    return any(glob_match(p, t) for p in patterns for t in tails)


def _excluded_dir(rel: str, patterns: tuple[str, ...]) -> bool:
    return bool(patterns) and (_matches(rel, patterns) or _matches(rel + "/", patterns))


def _walk(root: str, include: tuple[str, ...], exclude: tuple[str, ...], skip_suffixes: tuple[str, ...]):
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/")
        keep = []
        for d in sorted(dirnames):
            rel = f"{rel_dir}/{d}" if rel_dir else d
            if d.startswith(".") or _excluded_dir(rel, exclude):
                continue
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if name.endswith(BACKUP_SUFFIXES) or (skip_suffixes and name.endswith(skip_suffixes)):
                continue
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if include and not _matches(rel, include):
                continue
            if exclude and _matches(rel, exclude):
                continue
            full = os.path.join(dirpath, name)
            if not os.path.isfile(full) or looks_binary(full):
                continue
            yield Input(full, rel, explicit=False)


def expand(args: tuple[str, ...] | list[str], include: tuple[str, ...] = (), exclude: tuple[str, ...] = (),
           skip_suffixes: tuple[str, ...] = ()) -> Expansion:
    """Inputs in argument order, each file once. ``include``/``exclude`` are globs that
    filter files found in folders (files named directly are always taken)."""
    out: list[Input] = []
    errors: list[str] = []
    warnings: list[str] = []
    seen: set[str] = set()

    def add(item: Input) -> None:
        key = item.path if item.path == STDIN else os.path.realpath(item.path)
        if key not in seen:
            seen.add(key)
            out.append(item)

    for arg in args:
        if arg == STDIN:
            add(Input(STDIN, STDIN))
            continue
        if os.path.isdir(arg):
            found = list(_walk(arg, tuple(include), tuple(exclude), tuple(skip_suffixes)))
            if not found:
                warnings.append(f"{arg}: no matching text files in this folder")
            for item in found:
                add(item)
            continue
        if not os.path.lexists(arg) and _GLOB_CHARS & set(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                errors.append(f"{arg}: no file matches this pattern")
            for m in matches:
                if os.path.isdir(m):
                    for item in _walk(m, tuple(include), tuple(exclude), tuple(skip_suffixes)):
                        add(item)
                elif not Path(m).name.startswith("."):
                    add(Input(m, Path(m).name, explicit=True))
            continue
        add(Input(arg, Path(arg).name, explicit=True))  # missing or unreadable: the reader says so
    return Expansion(out, errors, warnings)
