"""The CI side of ``unspin check``: configuration, suppressions, baseline, formats, exit code.

``cli`` stays a thin layer of options; this module turns them plus the repository's
configuration into an engine and a ``CheckRun``, filters each file's findings
(inline suppressions, then the baseline), renders the chosen format and decides the
exit code from the failing policy.
"""
from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

import click

from . import baseline as baseline_mod
from . import config as config_mod
from . import policy, suppress
from .engine import Unspinner
from .formats import render
from .lists import WordlistError, builtin_root
from .report import FileResult

FORMATS = config_mod.FORMATS
CLI = "command line"


def _err(msg: str) -> None:
    click.echo(f"unspin: {msg}", err=True)


# ---------------------------------------------------------------- options

config_options = [
    click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
                 help="Configuration file (.unspin.toml or pyproject.toml); default: found by walking up "
                      "from the checked paths."),
    click.option("--no-config", is_flag=True, help="Ignore configuration files."),
    click.option("--domain", "domains", multiple=True, metavar="NAME",
                 help="Use only the built-in lists of this domain (general entries always apply); repeatable."),
]

check_options = [
    click.option("--fail-on", type=click.Choice(policy.FAIL_ON), default=None,
                 help="Fail on any 'tortured' finding, any finding ('awkward'), a document judged 'spun' "
                      "(default), or 'never'."),
    click.option("--min-score", type=click.FloatRange(0, 1), default=None,
                 help="Also fail any file whose spin score is at least this (0..1)."),
    click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), default=None,
                 help="Findings recorded in this baseline file do not count."),
    click.option("--write-baseline", type=click.Path(dir_okay=False), default=None,
                 help="Record the current findings in this baseline file and exit 0."),
    click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                 help="Colour the text report (auto: only on a terminal, and not with NO_COLOR set)."),
]


def with_config_options(f):
    for opt in reversed(config_options):
        f = opt(f)
    return f


def with_check_options(f):
    for opt in reversed(check_options + config_options):
        f = opt(f)
    return f


# ---------------------------------------------------------------- configuration

def load_config(paths=(), *, config_path=None, no_config=False, wordlists=(), allow=(), domains=(),
                fmt=None, fail_on=None, min_score=None, baseline_path=None) -> config_mod.Config:
    """The effective configuration: command line over the file over the defaults."""
    try:
        cfg = config_mod.load(paths, config=config_path, no_config=no_config)
    except config_mod.ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    cfg.add("wordlists", list(wordlists), CLI)
    cfg.add("allow", list(allow), CLI)
    cfg.add("domains", list(domains), CLI)
    for key, value in (("format", fmt), ("fail-on", fail_on), ("min-score", min_score),
                       ("baseline", baseline_path)):
        if value is not None:
            cfg.set(key, value, CLI)
    return cfg


def build_engine(cfg: config_mod.Config, builtin: bool = True) -> Unspinner:
    """An ``Unspinner(wordlists=..., allow=..., domains=...)`` from the configuration."""
    domains = cfg["domains"] or None
    try:
        engine = Unspinner(wordlists=cfg["wordlists"], allow=cfg["allow"], domains=domains, builtin=builtin)
    except WordlistError as exc:
        raise click.ClickException(str(exc)) from None
    if domains:
        present = {d for e in engine.index.entries for d in e.domains}
        unknown = [d for d in domains if d not in present]
        if unknown:
            known = sorted({p.stem for p in builtin_root().glob("*.yml")} - {"settings"} | present)
            raise click.ClickException(
                f"{cfg.sources['domains']}: unknown domain{'s' if len(unknown) > 1 else ''} "
                f"{', '.join(repr(d) for d in unknown)} (known: {', '.join(known)})")
    return engine


def rule_map(engine: Unspinner) -> dict:
    rules: dict = {}
    for e in engine.index.documented():
        rules.setdefault(e.id, e)
    return rules


def use_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never":
        return False
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


# ---------------------------------------------------------------- the run

@dataclasses.dataclass
class CheckRun:
    """One ``unspin check``: settings, then results filtered, rendered and judged."""

    cfg: config_mod.Config
    engine: Unspinner
    files: list[str]
    color: str = "auto"
    write_baseline: str | None = None
    baseline: baseline_mod.Baseline | None = None
    suppressed: int = 0
    baselined: int = 0
    skipped: int = 0

    @classmethod
    def start(cls, files, *, fmt=None, wordlists=(), allow=(), domains=(), config_path=None, no_config=False,
              fail_on=None, min_score=None, baseline_path=None, write_baseline=None, color="auto",
              builtin=True) -> "CheckRun":
        cfg = load_config(files, config_path=config_path, no_config=no_config, wordlists=wordlists, allow=allow,
                          domains=domains, fmt=fmt, fail_on=fail_on, min_score=min_score,
                          baseline_path=baseline_path)
        files = list(files)
        if not files:
            if not cfg["include"]:
                raise click.UsageError("no files given (name files or folders, or set 'include' in the "
                                       "configuration)")
            files = cfg.included_files()
        base = None
        if cfg["baseline"] and write_baseline is None:
            try:
                base = baseline_mod.Baseline.load(cfg["baseline"])
            except baseline_mod.BaselineError as exc:
                raise click.ClickException(str(exc)) from None
        engine = build_engine(cfg, builtin)
        return cls(cfg, engine, files, color, write_baseline, base)

    @property
    def fmt(self) -> str:
        return self.cfg["format"]

    def selected(self, results: list[FileResult]) -> list[FileResult]:
        """Results of the files that the configuration's include/exclude select."""
        out = [r for r in results if self.cfg.selects(r.path)]
        self.skipped += len(results) - len(out)
        return out

    def filter(self, r: FileResult) -> FileResult:
        """Drop findings switched off inline or recorded in the baseline; rescore if any were."""
        kept, off = suppress.partition(r.text, r.findings)
        self.suppressed += len(off)
        known: list = []
        if self.baseline is not None:
            kept, known = self.baseline.split(r.path, r.text, kept)
            self.baselined += len(known)
        if not off and not known:
            return r
        return FileResult(r.path, r.text, kept, self.engine.score(r.text, kept))

    def finish(self, results: list[FileResult], failed: bool, error_lines: list[tuple[str, str]] = ()) -> int:
        """Print the report, write a baseline if asked; the exit code."""
        results = [self.filter(r) for r in self.selected(results)]
        if self.write_baseline:
            return self._write_baseline(results, failed)
        errors = list(error_lines) or ([("", "some inputs could not be processed")] if failed else [])
        out = render(self.fmt, results, rules=rule_map(self.engine) if self.fmt == "sarif" else None, errors=errors if self.fmt == "sarif" else (),
                     color=self.fmt == "text" and use_color(self.color))
        if out or self.fmt != "text":
            click.echo(out, color=True if self.fmt == "text" and use_color(self.color) else None)
        notes = []
        if self.suppressed:
            notes.append(f"{self.suppressed} finding{'s' if self.suppressed != 1 else ''} suppressed inline")
        if self.baselined:
            notes.append(f"{self.baselined} finding{'s' if self.baselined != 1 else ''} in the baseline")
        if notes and self.fmt == "text":
            _err("; ".join(notes))
        if not results and self.skipped and not failed:
            _err(f"no files to check: all excluded by {self.cfg.sources['exclude']}"
                 if self.cfg.sources["exclude"] != "default" else "no files to check")
        return policy.exit_code(results, failed, self.cfg["fail-on"], self.cfg["min-score"])

    def _write_baseline(self, results: list[FileResult], failed: bool) -> int:
        target = Path(self.write_baseline)
        recs = []
        for r in results:
            recs.extend(baseline_mod.records(r.path, r.text, r.findings, target.parent))
        try:
            baseline_mod.write(target, recs)
        except OSError as exc:
            raise click.ClickException(f"{target}: cannot write baseline: {exc.strerror or exc}") from None
        n = len(recs)
        _err(f"{target}: baseline of {n} finding{'s' if n != 1 else ''} in {len(results)} "
             f"file{'s' if len(results) != 1 else ''} written")
        return policy.EXIT_ERROR if failed else policy.EXIT_OK


def show_config(paths=(), *, config_path=None, no_config=False, fmt="toml") -> str:
    """``unspin config``: the effective configuration for checking ``paths``, with sources."""
    return config_mod.render(load_config(paths, config_path=config_path, no_config=no_config), fmt)
