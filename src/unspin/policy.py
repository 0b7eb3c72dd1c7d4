"""When does a check fail? The failing policy behind ``unspin check``'s exit code.

``fail_on`` names the least serious thing that fails a file: ``tortured`` (any
tortured phrase), ``awkward`` (any finding at all), ``spun`` (the document
verdict, the default) or ``never``. ``min_score``, when set, also fails any file
whose spin score is at least that high. Errors (unreadable files, bad input)
always win: exit 2.
"""
from __future__ import annotations

from typing import Iterable

from .findings import AWKWARD, TORTURED

FAIL_ON = ("tortured", "awkward", "spun", "never")
DEFAULT_FAIL_ON = "spun"

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


def fails(result, fail_on: str = DEFAULT_FAIL_ON, min_score: float | None = None) -> bool:
    """Does this file (a ``report.FileResult``) fail the policy?"""
    if fail_on not in FAIL_ON:
        raise ValueError(f"fail_on must be one of {', '.join(FAIL_ON)}")
    if min_score is not None and result.score.score >= min_score:
        return True
    if fail_on == "tortured":
        return any(f.kind == TORTURED for f in result.findings)
    if fail_on == "awkward":
        return any(f.kind in (TORTURED, AWKWARD) for f in result.findings)
    if fail_on == "spun":
        return result.score.verdict == "spun"
    return False


def exit_code(results: Iterable, errors: int, fail_on: str = DEFAULT_FAIL_ON,
              min_score: float | None = None) -> int:
    if errors:
        return EXIT_ERROR
    return EXIT_FAIL if any(fails(r, fail_on, min_score) for r in results) else EXIT_OK
