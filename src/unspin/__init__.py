"""unspin: find and repair synonym-spun text.

    >>> import unspin
    >>> unspin.repair("Apply it to dry pores and skin.").text
    'Apply it to dry skin.'

``detect``, ``repair`` and ``score`` use a shared default ``Unspinner`` built on first
use; build your own ``Unspinner(wordlists=..., allow=..., domains=...)`` for custom lists.
"""
from __future__ import annotations

from threading import Lock

__version__ = "1.0.0"  # before the imports below: cache.py keys compiled lists on it

from .engine import Unspinner
from .findings import Change, Finding, Repair, SpinScore
from .lists import WordlistError

__all__ = ["Unspinner", "Finding", "Change", "Repair", "SpinScore", "WordlistError",
           "detect", "repair", "score", "default"]
_default: Unspinner | None = None
_lock = Lock()


def default() -> Unspinner:
    """The shared engine behind the module-level functions (built once per process)."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = Unspinner()
    return _default


def detect(text: str, **options) -> list[Finding]:
    """Spun spans of ``text`` with suggestions; see ``Unspinner.detect``."""
    return default().detect(text, **options)


def repair(text: str, **options) -> Repair:
    """``text`` with safe suggestions applied; ``unsafe=True`` applies unsafe ones too."""
    return default().repair(text, **options)


def score(text: str) -> SpinScore:
    """Document spin score (0..1) and verdict (``spun``/``clean``)."""
    return default().score(text)
