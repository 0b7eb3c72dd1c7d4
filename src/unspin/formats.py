"""Report formats that CI systems read: SARIF 2.1.0, GitHub workflow commands, reviewdog
rdjson, and coloured text for a terminal.

The JSON report (``report.to_json``) stays the stable contract; these formats are
translations of the same findings. Positions: SARIF columns are Unicode code
points (declared with ``columnKind``), GitHub columns are characters, rdjson
columns are UTF-8 bytes as reviewdog's Position requires. End positions are
exclusive everywhere.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

import click

from . import __version__
from .baseline import fingerprint
from .findings import AWKWARD, DISPLAY_ONLY, TORTURED, Finding
from .lists import Entry
from .report import FileResult, line_col, line_starts, to_json, to_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {TORTURED: "error", AWKWARD: "warning"}
_BUILTIN_RULES = {
    "grammar/a-an": ("The article does not fit the next word",
                     "'a' before a vowel sound or 'an' before a consonant sound, typical of a word "
                     "swapped in by an article spinner. Use the article that fits the word after it."),
}
# rules named by a prefix and the word they flagged ("word-fit/worth")
_PREFIX_RULES = {
    "word-fit/": ("A spinner's one-word swap, given away by its neighbours",
                  "A word article spinners swap in for another, where word-pair counts of English say the "
                  "original fits between the neighbouring words many times better. Checked only in a "
                  "document that already shows spin; the fix is unsafe: read the sentence before you accept it."),
    "same-swap/": ("A word this document's spinner swapped elsewhere",
                   "The same word was found swapped elsewhere in this document, and a dictionary spinner swaps "
                   "a word the same way wherever it occurs; the words next to it here do not favour it. The fix "
                   "is unsafe: read the sentence before you accept it."),
}


def _builtin_rule(rule_id: str) -> tuple[str, str]:
    if rule_id in _BUILTIN_RULES:
        return _BUILTIN_RULES[rule_id]
    for prefix, (short, long) in _PREFIX_RULES.items():
        if rule_id.startswith(prefix):
            return f"{short} ('{rule_id[len(prefix):]}')", long
    return f"Spun wording ({rule_id})", "Spun wording found by unspin."


def _one_line(s: str) -> str:
    return " ".join(s.split())


def message(f: Finding) -> str:
    """One line a reviewer reads: what is spun and what to write instead."""
    spun = _one_line(f.text)
    if f.suggestion is None:
        return f"'{spun}' looks like spun wording ({f.kind}); no reliable replacement"
    return f"'{spun}' is spun wording ({f.kind}); write '{_one_line(f.suggestion)}'"


# ---------------------------------------------------------------- text

def text(results: list[FileResult], color: bool = False) -> str:
    """The default report; with ``color``, the same lines styled for a terminal."""
    if not color:
        return to_text(results)
    lines = []
    for r in results:
        starts = line_starts(r.text)
        for f in r.findings:
            line, col = line_col(starts, f.start)
            kind = click.style(f.kind, fg="red" if f.kind == TORTURED else "yellow", bold=True)
            sugg = (click.style(repr(_one_line(f.suggestion)), fg="green") if f.suggestion is not None
                    else click.style("(no suggestion)", dim=True))
            lines.append(f"{click.style(f'{r.path}:{line}:{col}:', bold=True)} {kind}: "
                         f"{_one_line(f.text)!r} -> {sugg} {click.style(f'({f.rule})', dim=True)}")
        s = r.score
        verdict = click.style(s.verdict, fg="red" if s.verdict == "spun" else "green", bold=True)
        lines.append(f"{click.style(r.path + ':', bold=True)} {s.findings} finding{'s' if s.findings != 1 else ''} "
                     f"({s.strong} strong) in {s.words} words, spin score {s.score:.2f}: {verdict}")
    return "\n".join(lines)


# ---------------------------------------------------------------- SARIF

def _uri(path: str) -> tuple[str, str | None]:
    """(uri, uriBaseId) for a checked path: relative paths stay relative to %SRCROOT%."""
    if path == "-":
        return "stdin", None
    if os.path.isabs(path):
        return Path(path).as_uri(), None
    posix = Path(os.path.normpath(path)).as_posix()
    return quote(posix, safe="/"), "%SRCROOT%"


def _artifact(path: str) -> dict:
    uri, base = _uri(path)
    loc = {"uri": uri}
    if base:
        loc["uriBaseId"] = base
    return loc


def _region(starts: list[int], start: int, end: int, snippet: str | None = None) -> dict:
    sl, sc = line_col(starts, start)
    el, ec = line_col(starts, end)
    region = {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec}
    if snippet is not None:
        region["snippet"] = {"text": snippet}
    return region


def _rule_descriptor(rule_id: str, entry: Entry | None, kind: str) -> dict:
    level = _LEVEL.get(kind, "warning")
    if entry is not None:
        forms = ", ".join(f"'{s}'" for s in entry.spun[:6])
        if entry.fix:
            short = f"'{entry.spun[0]}' is a spun form of '{entry.fix[0]}'"
            advice = f"Write '{entry.fix[0]}'" + (f" (or {', '.join(repr(x) for x in entry.fix[1:])})"
                                                  if len(entry.fix) > 1 else "") + "."
        else:
            short = f"'{entry.spun[0]}' is probably spun wording"
            advice = "No single replacement is reliable; reword by hand."
        kind_text = ("a tortured phrase: an article spinner swapped a standard term for a thesaurus synonym"
                     if entry.kind == TORTURED else
                     "an awkward phrase: fluent, but probably swapped in by an article spinner")
        help_text = f"{forms} is {kind_text}. {advice}"
        if entry.note:
            help_text += f" Note: {entry.note}"
        examples = [e.text for e in entry.examples[:2]]
        md = f"**{short}.**\n\nThis is {kind_text}. {advice}"
        if examples:
            md += "\n\nExamples:\n" + "\n".join(f"- {_one_line(x)}" for x in examples)
        md += "\n\nAccept it where it is right with `<!-- unspin-disable-next-line " + rule_id + " -->`."
        props = {"tags": ["spin", entry.kind, *entry.domains], "domain": entry.domain, "origin": entry.origin}
    else:
        short, long = _builtin_rule(rule_id)
        help_text, md = long, long
        props = {"tags": ["spin", kind]}
    return {"id": rule_id, "name": rule_id, "shortDescription": {"text": short},
            "fullDescription": {"text": help_text}, "help": {"text": help_text, "markdown": md},
            "defaultConfiguration": {"level": level}, "properties": props}


def sarif(results: list[FileResult], rules: dict[str, Entry] | None = None,
          errors: list[tuple[str, str]] = ()) -> str:
    """A SARIF 2.1.0 log: one rule per word-list rule that fired, results with regions
    and fixes (replacements) for findings that carry a suggestion."""
    rules = rules or {}
    descriptors: list[dict] = []
    index: dict[str, int] = {}
    out_results = []
    for r in results:
        starts = line_starts(r.text)
        loc = _artifact(r.path)
        for f in r.findings:
            if f.rule not in index:
                index[f.rule] = len(descriptors)
                descriptors.append(_rule_descriptor(f.rule, rules.get(f.rule), f.kind))
            res = {"ruleId": f.rule, "ruleIndex": index[f.rule], "kind": "fail",
                   "level": _LEVEL.get(f.kind, "warning"), "message": {"text": message(f)},
                   "locations": [{"physicalLocation": {"artifactLocation": dict(loc),
                                                       "region": _region(starts, f.start, f.end, f.text)}}],
                   "partialFingerprints": {"unspinContent/v1": fingerprint(r.text, f)},
                   "properties": {"kind": f.kind, "confidence": f.confidence, "applicability": f.applicability,
                                  "reason": f.reason}}
            if f.suggestion is not None and f.applicability != DISPLAY_ONLY:
                res["fixes"] = [{"description": {"text": f"Replace '{_one_line(f.text)}' with "
                                                         f"'{_one_line(f.suggestion)}' ({f.applicability} fix)"},
                                 "artifactChanges": [{"artifactLocation": dict(loc), "replacements": [
                                     {"deletedRegion": _region(starts, f.start, f.end),
                                      "insertedContent": {"text": f.suggestion}}]}],
                                 "properties": {"applicability": f.applicability}}]
            out_results.append(res)
    invocation = {"executionSuccessful": not errors}
    if errors:
        invocation["toolExecutionNotifications"] = [
            dict({"level": "error", "message": {"text": msg}},
                 **({"locations": [{"physicalLocation": {"artifactLocation": _artifact(path)}}]} if path else {}))
            for path, msg in errors]
    run = {
        "tool": {"driver": {"name": "unspin", "version": __version__, "semanticVersion": __version__,
                            "shortDescription": {"text": "Finds and repairs synonym-spun text."},
                            "rules": descriptors}},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
        "results": out_results,
        "properties": {"files": [{"path": r.path, "words": r.score.words, "spin_score": r.score.score,
                                  "verdict": r.score.verdict} for r in results]},
    }
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, indent=1, ensure_ascii=False)


# ---------------------------------------------------------------- GitHub

def _gh_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def github(results: list[FileResult]) -> str:
    """GitHub Actions workflow commands: ``::error`` for tortured findings, ``::warning``
    for awkward ones, and a ``::notice`` for each document judged spun."""
    lines = []
    for r in results:
        starts = line_starts(r.text)
        path = _gh_prop(r.path)
        for f in r.findings:
            sl, sc = line_col(starts, f.start)
            el, ec = line_col(starts, f.end)
            cmd = "error" if f.kind == TORTURED else "warning"
            title = _gh_prop(f"unspin {f.rule}")
            lines.append(f"::{cmd} file={path},line={sl},col={sc},endLine={el},endColumn={ec},"
                         f"title={title}::{_gh_data(message(f))}")
        if r.score.verdict == "spun":
            s = r.score
            lines.append(f"::notice file={path},title={_gh_prop('unspin verdict')}::"
                         + _gh_data(f"document judged spun: spin score {s.score:.2f}, "
                                    f"{s.findings} findings ({s.strong} strong) in {s.words} words"))
    return "\n".join(lines)


# ---------------------------------------------------------------- reviewdog

def _rd_position(r_text: str, starts: list[int], offset: int) -> dict:
    line, col = line_col(starts, offset)
    line_start = starts[line - 1]
    return {"line": line, "column": len(r_text[line_start:offset].encode("utf-8", "surrogatepass")) + 1}


def rdjson(results: list[FileResult]) -> str:
    """reviewdog's rdjson (a DiagnosticResult): one diagnostic per finding, with the
    repair as a suggestion so reviewdog can post it as a suggested change."""
    diags = []
    for r in results:
        starts = line_starts(r.text)
        if r.path == "-":
            path = "<stdin>"
        elif os.path.isabs(r.path):
            path = r.path
        else:
            path = Path(os.path.normpath(r.path)).as_posix()
        for f in r.findings:
            rng = {"start": _rd_position(r.text, starts, f.start), "end": _rd_position(r.text, starts, f.end)}
            d = {"message": message(f), "location": {"path": path, "range": rng},
                 "severity": "ERROR" if f.kind == TORTURED else "WARNING",
                 "code": {"value": f.rule}}
            if f.suggestion is not None and f.applicability != DISPLAY_ONLY:
                d["suggestions"] = [{"range": rng, "text": f.suggestion}]
            diags.append(d)
    return json.dumps({"source": {"name": "unspin"}, "severity": "WARNING", "diagnostics": diags},
                      indent=1, ensure_ascii=False)


def render(fmt: str, results: list[FileResult], *, rules: dict[str, Entry] | None = None,
           errors: list[tuple[str, str]] = (), color: bool = False) -> str:
    if fmt == "json":
        return to_json(results)
    if fmt == "sarif":
        return sarif(results, rules, errors)
    if fmt == "github":
        return github(results)
    if fmt == "rdjson":
        return rdjson(results)
    return text(results, color)
