"""An on-disk cache of compiled word lists, keyed by the hash of their content.

Parsing thousands of YAML entries and inflecting every phrase costs about a second
(and the morphology library drags in spaCy); a process that only checks one file
should not pay that each time. The key covers unspin's version, the bytes of its own
code and data (compiling is code too: a changed compiler must not be served what the
old one made) and every byte of every list file, so an edited list is recompiled, never
served stale. Set
``UNSPIN_CACHE_DIR`` to move the cache, or to ``off`` to disable it.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from . import __version__ as VERSION  # noqa: N812

FORMAT = 15  # 3: slots pickled as tuples; 4: entries carry `lowercase`; 5: entry docs apart;
# 6: context items tokenised as the text is; 7: one pickle per entry, read on demand;
# 8: an entry with a key twice was read (the last value won); now refused; 9: word-fit table and counts;
# 10: swaps files' not_swaps take pairs out of the word-fit table; 11: substitutions' blocks; 12: swaps' blocks;
# 13: the words of hyphenated terms expanded; 14: hyphenated nouns and verbs inflected;
# 15: word-fit counts also for the outer content words of forms that need context
KEEP = 16  # compiled list sets kept (several engines with user lists may alternate)


def cache_dir() -> Path | None:
    env = os.environ.get("UNSPIN_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "no", "false") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "unspin"


def list_files(root: Path | None, extra: list[Path]) -> list[Path]:
    files: list[Path] = []
    if root is not None:
        files.extend(sorted(root.rglob("*.yml")))
    for p in extra:
        files.extend(sorted(p.rglob("*.yml")) if p.is_dir() else [p])
    return files


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of the package's modules and data files, the word lists aside (the key reads
    those file by file). Read once a process: about 450 KB, a few milliseconds."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).parts
        if p.suffix not in (".py", ".yml") or "__pycache__" in rel or rel[0] == "wordlists":
            continue
        try:
            h.update("/".join(rel).encode() + b"\0" + p.read_bytes())
        except OSError:
            continue  # (an unreadable file of our own: the version and the format still key it)
    return h.hexdigest()


def fingerprint(files: list[Path], options: str) -> str | None:
    h = hashlib.sha256(f"{VERSION}\0{FORMAT}\0{code_digest()}\0{options}\0".encode())
    for p in files:
        try:
            data = p.read_bytes()
        except OSError:
            return None  # let the loader report the unreadable file
        h.update(str(p).encode("utf-8", "surrogateescape") + b"\0" + len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


def load(key: str | None):
    return None if key is None else load_file(f"lists-{key}.pickle")


def store(key: str | None, value) -> None:
    if key is not None and store_file(f"lists-{key}.pickle", value):
        prune("lists-*.pickle")


def load_file(name: str):
    """The object pickled under ``name`` in the cache, or None."""
    d = cache_dir()
    if d is None:
        return None
    try:
        with open(d / name, "rb") as fh:
            return pickle.load(fh)
    except Exception:  # missing, truncated, or from an incompatible version: rebuild
        return None


def store_file(name: str, value) -> bool:
    """Pickle ``value`` under ``name``, atomically; False when the cache cannot be written."""
    d = cache_dir()
    if d is None:
        return False
    try:
        d.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=d, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, d / name)
        return True
    except OSError:
        return False  # a read-only home is no reason to fail: we just build it next time too


def prune(pattern: str, keep: int = KEEP) -> None:
    """Drop all but the newest files matching ``pattern``: each list edit (or model
    upgrade) leaves an old one behind."""
    d = cache_dir()
    if d is None:
        return
    try:
        old = sorted(d.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)[keep:]
    except OSError:
        return
    for p in old:
        try:
            p.unlink()
        except OSError:
            pass
