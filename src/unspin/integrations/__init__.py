"""Integrations of unspin with data-processing engines (optional dependencies).

``unspin.integrations.datatrove``: filter and formatter steps for datatrove pipelines.
Engines are built lazily and shared per worker process (``shared_engine``), so
list loading is paid once per process, never per document or per task.
"""
from __future__ import annotations

import os
from threading import Lock

from ..engine import Unspinner

_ENGINES: dict[tuple, Unspinner] = {}
_LOCK = Lock()


def engine_key(wordlists=(), allow=(), domains=None, builtin=True) -> tuple:
    """A hashable description of an engine: what a pipeline step carries instead of the engine.

    List paths are made absolute: a worker may start in another folder."""
    if isinstance(wordlists, (str, os.PathLike)):
        wordlists = [wordlists]
    if isinstance(allow, str):
        allow = [allow]
    return (tuple(os.path.abspath(str(w)) for w in wordlists), tuple(allow), tuple(sorted(domains)) if domains else None,
            bool(builtin))


def shared_engine(key: tuple) -> Unspinner:
    """The process-wide engine for ``key``, built on first use in each process."""
    engine = _ENGINES.get(key)
    if engine is None:
        with _LOCK:
            engine = _ENGINES.get(key)
            if engine is None:
                wordlists, allow, domains, builtin = key
                engine = Unspinner(wordlists=list(wordlists), allow=list(allow), domains=domains, builtin=builtin)
                _ENGINES[key] = engine
    return engine


def is_loaded(key: tuple) -> bool:
    """Has this process already built (or inherited) the engine for ``key``?"""
    return key in _ENGINES
