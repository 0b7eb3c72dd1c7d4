"""The grammar side of the command line: ``--grammar``, ``--languagetool`` and ``unspin doctor``.

``cli`` stays a list of options; this module builds the backend from the option,
``UNSPIN_LANGUAGETOOL_URL`` and the configuration, adds grammar findings (kind
``grammar``) to ``check`` results, and writes the doctor's report.
"""
from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import subprocess

import click

from ..findings import DISPLAY_ONLY, SAFE, UNSAFE, Finding
from .base import GrammarChecker, merge_regions, sentence_bounds
from .builtin import BuiltinChecker
from .evidence import GRAMMAR_KIND
from .languagetool import ENV_URL, LOCAL, OFF, LanguageToolChecker, find_jar, find_java, is_url, probe
from .select import MODES_HELP, check_mode, checker as make_checker, resolve_mode

_BUILTIN = BuiltinChecker()


def _warn(message: str) -> None:
    click.echo(f"unspin: warning: {message}", err=True)


def languagetool_option(f):
    return click.option("--languagetool", "languagetool", default=None, metavar="off|local|URL",
                        help="Grammar backend for repairs and --grammar: off (built-in checks only), local (a "
                             "LanguageTool found on this machine), or a LanguageTool server URL. Default: "
                             f"${ENV_URL}, then the configuration, then off.")(f)


def grammar_option(f):
    return click.option("--grammar", "grammar", is_flag=True, default=None,
                        help="Also report grammar findings (kind 'grammar'): built-in checks over the whole "
                             "text, LanguageTool (if on) on the sentences around findings.")(f)


def build_checker(option: str | None, cfg=None) -> tuple[GrammarChecker, str]:
    """The backend the command line asks for, and where that choice came from.

    A LanguageTool backend is connected (a local server started) here, once, before
    any worker process is forked, so that workers share it."""
    config_value = cfg["languagetool"] if cfg is not None else None
    source = cfg.sources.get("languagetool", "configuration") if cfg is not None else "configuration"
    categories = cfg["languagetool-categories"] if cfg is not None else None
    try:
        mode, where = resolve_mode(option, config_value, source)
        chk = make_checker(mode, categories=categories, warn=_warn)
    except ValueError as exc:
        prefix = "--languagetool: " if option else ""
        raise click.UsageError(f"{prefix}{exc}") from None
    if isinstance(chk, LanguageToolChecker):
        chk.start()  # a failure has warned once; the built-in checks take over
    return chk, where


def validate(option: str | None) -> None:
    """A usage error for a ``--languagetool`` value that names no backend (when it is not used)."""
    if option:
        try:
            check_mode(option)
        except ValueError as exc:
            raise click.UsageError(f"--languagetool: {exc}") from None


def config_for(files) -> object | None:
    """The repository configuration for ``files`` (for ``clean``), or None if there is none."""
    from .. import config as config_mod

    try:
        return config_mod.load(files)
    except config_mod.ConfigError as exc:
        raise click.ClickException(str(exc)) from None


# ------------------------------------------------------------------ check --grammar

def grammar_findings(engine, text: str, fmt: str, findings, checker: GrammarChecker) -> list[Finding]:
    """Grammar findings (kind ``grammar``) for one document, not overlapping ``findings``."""
    from ..documents import TEXT
    from ..markup import PROSE, classify, mask

    kinds = None
    view = text
    if fmt != TEXT:
        kinds = classify(text, fmt)
        view, _ = mask(text, kinds)
    spun = sum(1 for f in findings if f.strong) >= getattr(engine, "min_strong", 2)
    issues = list(_BUILTIN.check(view, spun=spun))
    if isinstance(checker, LanguageToolChecker) and findings:
        # only the sentences around findings go to LanguageTool, in one batch
        regions = merge_regions(sentence_bounds(view, f.start, f.end) for f in findings)
        for (a, _b), found in zip(regions, checker.check_texts([view[a:b] for a, b in regions])):
            issues += [dataclasses.replace(i, start=i.start + a, end=i.end + a) for i in found]
    out: list[Finding] = []
    taken = sorted((f.start, f.end) for f in findings)
    for i in sorted(issues, key=lambda i: (i.source != "builtin", i.start)):
        if i.end <= i.start or any(s < i.end and i.start < e for s, e in taken):
            continue
        if kinds is not None and any(k != PROSE for k in kinds[i.start:i.end]):
            continue
        if i.source == "builtin":
            applicability = SAFE if i.suggestion is not None else DISPLAY_ONLY
        else:
            applicability = UNSAFE if i.suggestion is not None else DISPLAY_ONLY
        out.append(Finding(start=i.start, end=i.end, text=text[i.start:i.end], suggestion=i.suggestion,
                           rule=i.rule, kind=GRAMMAR_KIND, confidence=0.5 if i.source == "builtin" else 0.4,
                           reason=f"{i.message} ({i.category}, {i.source})", applicability=applicability,
                           strong=False))
        taken.append((i.start, i.end))
    return out


def add_grammar(results, engine, checker: GrammarChecker, format_in: str | None = None):
    """``check`` results with grammar findings added and each file rescored."""
    from ..documents import format_for
    from ..report import FileResult

    out = []
    for r in results:
        extra = grammar_findings(engine, r.text, format_for(r.path, format_in), r.findings, checker)
        if not extra:
            out.append(r)
            continue
        findings = sorted(list(r.findings) + extra, key=lambda f: (f.start, f.end))
        out.append(FileResult(r.path, r.text, findings, engine.score(r.text, findings)))
    return out


# ------------------------------------------------------------------ doctor

def _java_version(java: str) -> str:
    try:
        res = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=15)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"does not run ({exc})"
    first = (res.stderr or res.stdout).strip().splitlines()
    return first[0] if first else f"exit status {res.returncode}"


def doctor(option: str | None, cfg=None, *, start_local: bool = False) -> tuple[list[dict], bool]:
    """Rows of (name, ok, detail) about each grammar backend, and whether the selected one works."""
    rows = [{"name": "built-in grammar checks", "ok": True, "detail": "always available (no Java, no network)"}]
    spec = importlib.util.find_spec("language_tool_python")
    if spec is None:
        rows.append({"name": "language-tool-python", "ok": False, "detail": "not installed (pip install "
                                                                                "language-tool-python)"})
    else:
        from importlib.metadata import PackageNotFoundError, version
        try:
            v = version("language-tool-python")
        except PackageNotFoundError:
            v = "?"
        rows.append({"name": "language-tool-python", "ok": True, "detail": f"version {v}"})
    java = find_java()
    rows.append({"name": "java", "ok": bool(java),
                 "detail": f"{java}: {_java_version(java)}" if java else "not on PATH (a local LanguageTool "
                                                                         "needs Java 17 or later)"})
    config_value = cfg["languagetool"] if cfg is not None else None
    source = cfg.sources.get("languagetool", "configuration") if cfg is not None else "configuration"
    try:
        mode, where = resolve_mode(option, config_value, source)
    except ValueError as exc:
        rows.append({"name": "selected backend", "ok": False, "detail": str(exc)})
        return rows, False
    folder = mode if mode not in (OFF, LOCAL) and not is_url(mode) else None
    jar, found_where = find_jar(folder)
    local_ok = bool(jar and java)
    detail = f"{jar} ({found_where})" if jar else found_where
    if jar and not java:
        detail += "; but no Java"
    rows.append({"name": "local LanguageTool", "ok": local_ok, "detail": detail})
    url = mode if is_url(mode) else os.environ.get(ENV_URL, "").strip() or (
        config_value if config_value and is_url(config_value) else "")
    if url:
        ok, why = probe(url)
        rows.append({"name": "LanguageTool server", "ok": ok, "detail": f"{url}: {why}"})
    else:
        rows.append({"name": "LanguageTool server", "ok": False,
                     "detail": f"none configured (--languagetool URL, ${ENV_URL} or 'languagetool' in the "
                               f"configuration)"})
    if mode == OFF:
        selected_ok, detail = True, "built-in checks only"
    elif is_url(mode):
        selected_ok = rows[-1]["ok"]
        detail = f"LanguageTool at {mode}" + ("" if selected_ok else " (not usable: the built-in checks would "
                                                                       "be used, with a warning)")
    else:
        selected_ok = local_ok
        if local_ok and start_local:
            warned: list[str] = []
            chk = LanguageToolChecker(mode, warn=warned.append)
            selected_ok = chk.start()
            detail = "local LanguageTool started and answering" if selected_ok else \
                f"local LanguageTool does not start: {chk.failure}"
        else:
            detail = "local LanguageTool" + ("" if local_ok else " (not usable: the built-in checks would be used, "
                                                               "with a warning)")
    rows.append({"name": "selected backend", "ok": selected_ok, "detail": f"{mode} from {where}: {detail}"})
    return rows, selected_ok


def doctor_text(rows: list[dict]) -> str:
    width = max(len(r["name"]) for r in rows)
    return "\n".join(f"{'ok' if r['ok'] else '--'}  {r['name'].ljust(width)}  {r['detail']}" for r in rows)


def doctor_json(rows: list[dict], ok: bool) -> str:
    return json.dumps({"ok": ok, "checks": rows}, indent=1, ensure_ascii=False)


__all__ = ["MODES_HELP", "add_grammar", "build_checker", "doctor", "grammar_findings", "languagetool_option",
           "grammar_option"]
