"""unspin's grammar layer: built-in checks and LanguageTool behind one small interface.

    >>> from unspin.grammar import BuiltinChecker
    >>> [i.suggestion for i in BuiltinChecker().check("It is a example.")]
    ['an']

``checker(mode)`` builds the backend for ``off`` (built-in checks only), ``local``
(a LanguageTool started from an installed jar) or a server URL; ``fit`` adjusts
repairs to their sentences; ``grammar_findings`` is what ``check --grammar`` adds.
"""
from __future__ import annotations

from .base import GrammarChecker, GrammarWarning, Issue
from .builtin import BuiltinChecker
from .languagetool import LanguageToolChecker
from .select import checker, resolve_mode

__all__ = ["Issue", "GrammarChecker", "GrammarWarning", "BuiltinChecker", "LanguageToolChecker", "checker",
           "resolve_mode"]
