"""Which grammar backend to use: ``--languagetool``, then ``UNSPIN_LANGUAGETOOL_URL``, then the
configuration's ``languagetool`` key, then ``off`` (the built-in checks alone)."""
from __future__ import annotations

import os
from typing import Callable, Sequence

from .base import GrammarChecker
from .builtin import BuiltinChecker
from .languagetool import ENV_URL, LOCAL, OFF, LanguageToolChecker, is_url

MODES_HELP = "off, local, an http(s) URL of a LanguageTool server, or a folder holding a LanguageTool jar"


def check_mode(value: str) -> str:
    """``value`` if it names a backend; ValueError (one line) if not."""
    v = (value or "").strip()
    if v.lower() in (OFF, LOCAL):
        return v.lower()
    if is_url(v) or (v and os.path.isdir(v)):
        return v
    raise ValueError(f"expected {MODES_HELP}, not {value!r}")


def resolve_mode(option: str | None = None, config_value: str | None = None,
                 config_source: str = "configuration") -> tuple[str, str]:
    """(mode, where it came from)."""
    if option:
        return check_mode(option), "--languagetool"
    env = os.environ.get(ENV_URL, "").strip()
    if env:
        try:
            return check_mode(env), ENV_URL
        except ValueError as exc:
            raise ValueError(f"{ENV_URL}: {exc}") from None
    if config_value:
        try:
            return check_mode(config_value), config_source
        except ValueError as exc:
            raise ValueError(f"{config_source}: 'languagetool' {exc}") from None
    return OFF, "default"


def checker(mode: str = OFF, *, categories: Sequence[str] | None = None, timeout: float | None = None,
            warn: Callable[[str], None] | None = None) -> GrammarChecker:
    """The backend for ``mode``: ``off`` -> the built-in checks; ``local``, a URL or a jar
    folder -> LanguageTool (falling back to the built-in checks if it fails)."""
    mode = check_mode(mode)
    if mode == OFF:
        return BuiltinChecker()
    return LanguageToolChecker(mode, categories=categories, timeout=timeout, warn=warn)
