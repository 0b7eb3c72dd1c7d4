"""Glob patterns for paths, as in .gitignore: what ``include``/``exclude`` mean, in the
configuration file and on the command line alike.

``*`` and ``?`` stay inside one folder, ``**`` crosses folders, ``[...]`` is a set; a
pattern without ``/`` matches a name in any folder, one with ``/`` matches from the
root it is relative to; either kind also matches everything under a folder it names.
"""
from __future__ import annotations

import re

_GLOB_CACHE: dict[str, re.Pattern] = {}


def glob_regex(pattern: str) -> re.Pattern:
    rx = _GLOB_CACHE.get(pattern)
    if rx is not None:
        return rx
    p = pattern.strip().replace("\\", "/")
    anchored = "/" in p.rstrip("/")
    p = p.lstrip("/").rstrip("/") if anchored else p.rstrip("/")
    if p.startswith("./"):
        p = p[2:]
    out, i = [], 0
    while i < len(p):
        c = p[i]
        if p.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif p.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = p.find("]", i + 1)
            if j == -1:
                out.append(re.escape(c))
                i += 1
            else:
                body = p[i + 1:j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    body = "".join(out)
    # a pattern without '/' matches a name in any folder; either kind also matches
    # everything under a folder it names
    prefix = "" if anchored else "(?:.*/)?"
    rx = re.compile(f"^{prefix}{body}(?:/.*)?$")
    _GLOB_CACHE[pattern] = rx
    return rx


def glob_match(pattern: str, rel: str) -> bool:
    return bool(glob_regex(pattern).match(rel))
