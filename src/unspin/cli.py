"""The ``unspin`` command: check, clean, lists check.

Exit codes (check): 0 pass, 1 some file fails the policy (--fail-on, --min-score; by
default: some file is spun), 2 usage error, bad configuration or a file that could not
be processed. Errors are one line on stderr; the run goes on with
the other files.
"""
from __future__ import annotations

import os
import sys

import click

from . import __version__
from .engine import Unspinner
from .ci import FORMATS as CHECK_FORMATS, CheckRun, with_check_options
from .filecmd import collect_results, file_options, run_clean, run_jsonl
from . import streaming
from .fileio import DEFAULT_MAX_BYTES, Decoded, InputError, decode, read_file
from .lists import WordlistError, load
from .grammar import commands as grammar_cmd

EXIT_OK, EXIT_SPUN, EXIT_ERROR = 0, 1, 2


def _err(msg: str) -> None:
    click.echo(f"unspin: {msg}", err=True)


def _engine(wordlists: tuple[str, ...], allow: tuple[str, ...] = ()) -> Unspinner:
    ctx = click.get_current_context(silent=True)
    builtin = ctx.meta.get("unspin.builtin", True) if ctx else True
    try:
        return Unspinner(wordlists=wordlists, allow=allow, builtin=builtin)
    except WordlistError as exc:
        raise click.ClickException(str(exc)) from None


def _grammar_engine(languagetool: str | None, files):
    """``_engine`` for clean: the engine checks its repairs with the chosen grammar backend."""
    from .grammar.languagetool import ENV_URL

    cfg = None if languagetool or os.environ.get(ENV_URL) else grammar_cmd.config_for(
        [f for f in files if f != "-"])
    checker = grammar_cmd.build_checker(languagetool, cfg)[0]

    def make(wordlists, allow=()):
        # the repository's configuration (word lists, allow-list, domains) holds for clean as for check
        from .ci import build_engine, load_config

        ctx = click.get_current_context(silent=True)
        builtin = ctx.meta.get("unspin.builtin", True) if ctx else True
        cfg = load_config([f for f in files if f != "-"], wordlists=wordlists, allow=allow)
        engine = build_engine(cfg, builtin)
        engine.grammar = checker
        return engine
    return make


def _read(path: str, encoding: str | None, max_size: int) -> Decoded:
    if path == "-":
        data = sys.stdin.buffer.read()
        if len(data) > max_size:
            raise InputError(f"<stdin>: input is {len(data):,} bytes, over the {max_size:,}-byte limit (--max-size)")
        if not data:
            raise InputError("<stdin>: empty input")
        return decode(data, "<stdin>", encoding)
    return read_file(path, encoding, max_size)


def _set_builtin(ctx, _param, value):
    ctx.meta["unspin.builtin"] = not value


common_options = [
    click.option("--no-builtin", is_flag=True, expose_value=False, callback=_set_builtin,
                 help="Use only the lists given with --wordlist, not the built-in ones."),
    click.option("--wordlist", "wordlists", multiple=True, type=click.Path(),
                 help="Extra word list (YAML, CSV or JSON pairs, or a folder); repeatable."),
    click.option("--allow", "allow", multiple=True, help="A phrase never to flag; repeatable."),
    click.option("--encoding", default=None, help="Encoding of the input files (default: UTF-8/UTF-16 by BOM)."),
    click.option("--max-size", default=DEFAULT_MAX_BYTES, show_default=True, type=click.IntRange(min=1),
                 help="Skip files larger than this many bytes."),
]


def with_common(f):
    for opt in reversed(common_options):
        f = opt(f)
    return f


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="unspin")
def cli():
    """Find and repair synonym-spun text ("pores and skin" -> "skin")."""


@cli.command()
@click.argument("files", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(CHECK_FORMATS), default=None,
              help="Report format: text (default), json, sarif, github or rdjson.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar (and, with --jsonl, no summary).")
@file_options
@streaming.stream_option
@grammar_cmd.grammar_option
@grammar_cmd.languagetool_option
@with_check_options
@with_common
def check(files, fmt, quiet, format_in, include, exclude, jobs, jsonl, field, grammar, languagetool, wordlists,
          allow, encoding, max_size, **ci_opts):
    """Report spun wording in FILES: files, folders (recursive) or '-' for standard input.

    With no FILES, checks the files the configuration's 'include' names."""
    run = CheckRun.start(files, fmt=fmt, wordlists=wordlists, allow=allow,
                         builtin=click.get_current_context().meta.get("unspin.builtin", True), **ci_opts)
    engine, files = run.engine, run.files
    if grammar and (jsonl or streaming.requested()):
        raise click.UsageError("--grammar does not apply to --jsonl or --stream")
    grammar_on = bool(grammar or run.cfg["grammar"]) and not (jsonl or streaming.requested())
    grammar_cmd.validate(languagetool)
    checker = grammar_cmd.build_checker(languagetool, run.cfg)[0] if grammar_on else None
    if streaming.requested():
        sys.exit(streaming.run_check(run, encoding=encoding, jsonl=jsonl, format_in=format_in, include=include,
                                     exclude=exclude))
    if jsonl:
        failed, spun = run_jsonl(engine, files, mode="check", field=field, format_in=format_in, quiet=quiet,
                                 max_size=max_size, jobs=jobs, fail_on=run.cfg["fail-on"],
                                 min_score=run.cfg["min-score"])
        sys.exit(EXIT_ERROR if failed else EXIT_SPUN if spun else EXIT_OK)
    results, failed = collect_results(engine, files, encoding=encoding, max_size=max_size, format_in=format_in,
                                      include=include, exclude=exclude, jobs=jobs, quiet=quiet)
    if checker is not None:
        results = grammar_cmd.add_grammar(results, engine, checker, format_in)
    sys.exit(run.finish(results, failed))


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(), default=None,
              help="Write the repaired text here (a folder when several files are given).")
@click.option("--in-place", is_flag=True, help="Rewrite each file atomically.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff instead of the text.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that need document evidence.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr and no progress bar.")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option("--backup", metavar="SUFFIX", default=None,
              help="With --in-place, keep each original as FILE+SUFFIX (e.g. --backup .bak).")
@file_options
@streaming.stream_option
@grammar_cmd.languagetool_option
@with_common
def clean(files, output, in_place, show_diff, unsafe_fixes, quiet, dry_run, backup, format_in, include, exclude,
          jobs, jsonl, field, languagetool, wordlists, allow, encoding, max_size):
    """Repair spun wording in FILES (files, folders, '-'); print the result, or write it with -o / --in-place.

    Each repair is checked in its sentence by the grammar layer (--languagetool)."""
    _engine = _grammar_engine(languagetool, files)
    if streaming.requested():
        sys.exit(streaming.run_clean(_engine(wordlists, allow), files, output=output, in_place=in_place,
                                     unsafe=unsafe_fixes, encoding=encoding, quiet=quiet, jsonl=jsonl,
                                     format_in=format_in, include=include, exclude=exclude,
                                     other_modes=bool(show_diff or dry_run or backup)))
    if jsonl:
        if show_diff or backup:
            raise click.UsageError("--diff and --backup do not apply to --jsonl")
        engine = _engine(wordlists, allow)
        failed, _ = run_jsonl(engine, files, mode="clean", field=field, format_in=format_in,
                              unsafe=unsafe_fixes, output=output, in_place=in_place, dry_run=dry_run,
                              quiet=quiet, max_size=max_size, jobs=jobs)
        sys.exit(EXIT_ERROR if failed else EXIT_OK)
    engine = _engine(wordlists, allow)
    failed = run_clean(engine, files, output=output, in_place=in_place, show_diff=show_diff, dry_run=dry_run,
                       backup=backup, unsafe=unsafe_fixes, quiet=quiet, encoding=encoding, max_size=max_size,
                       format_in=format_in, include=include, exclude=exclude, jobs=jobs)
    sys.exit(EXIT_ERROR if failed else EXIT_OK)


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "yaml"]), default="text", show_default=True,
              help="text: one line a phrase; yaml: a user word list to review and paste.")
@click.option("--min-count", default=1, show_default=True, type=click.IntRange(min=1),
              help="Only phrases seen at least this often across the files.")
@with_common
def suggest(files, fmt, min_count, wordlists, allow, encoding, max_size):
    """List phrases in FILES that look spun but match no list, with counts."""
    from .suggest import suggest as find, to_text as sugg_text, to_yaml

    engine = _engine(wordlists, allow)
    docs, failed = [], False
    for path in files:
        try:
            docs.append((path, _read(path, encoding, max_size).text))
        except InputError as exc:
            _err(str(exc))
            failed = True
    found = find(engine, docs, min_count=min_count)
    out = to_yaml(found) if fmt == "yaml" else sugg_text(found)
    if out:
        click.echo(out)
    sys.exit(EXIT_ERROR if failed else EXIT_OK)


@cli.group()
def lists():
    """Work with the word lists."""


@lists.command("check")
@click.option("--wordlist", "wordlists", multiple=True, type=click.Path(),
              help="Also check this list (YAML, CSV or JSON pairs, or a folder).")
@click.option("--verbose", "-v", is_flag=True, help="Also list the example sentences word fit or same swaps flagged a word in, and the "
                   "counter-examples flagged when all the lists run together.")
@click.option("--no-builtin", "no_builtin", is_flag=True,
              help="Check only the lists given with --wordlist (a second or two: the built-in lists' "
                   "30,000 examples take half a minute or more).")
def lists_check(wordlists, verbose, no_builtin):
    """Validate every word list and run each entry's examples; print counts by domain."""
    from .listcheck import check_lists, format_report

    if no_builtin and not wordlists:
        raise click.UsageError("--no-builtin needs at least one --wordlist to check")
    try:
        loaded = load(wordlists, builtin=not no_builtin)
    except WordlistError as exc:
        raise click.ClickException(str(exc)) from None
    report = check_lists(loaded)
    if verbose:
        for hit in report.word_fit_hits:
            click.echo(f"word fit or same swap: {hit}")
        for hit in report.counter_hits:
            click.echo(f"counter-example flagged: {hit}")
    click.echo(format_report(report))
    sys.exit(EXIT_OK if report.ok else EXIT_SPUN)


@cli.command("config")
@click.argument("paths", nargs=-1)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Read this configuration file instead of searching for one.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files (show the defaults).")
@click.option("--format", "fmt", type=click.Choice(["toml", "json"]), default="toml", show_default=True)
def config_cmd(paths, config_path, no_config, fmt):
    """Print the effective configuration for checking PATHS (default: the current folder)
    and where each value came from."""
    from .ci import show_config

    click.echo(show_config(paths, config_path=config_path, no_config=no_config, fmt=fmt))


@cli.command("doctor")
@grammar_cmd.languagetool_option
@click.option("--start", "start_local", is_flag=True,
              help="With a local LanguageTool selected, start it to be sure it answers.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def doctor_cmd(languagetool, start_local, fmt):
    """Which grammar backends are available here, and why not.

    Exits 0 when the selected backend (--languagetool, $UNSPIN_LANGUAGETOOL_URL, the
    configuration, or off) is usable, 1 when it is not."""
    rows, ok = grammar_cmd.doctor(languagetool, grammar_cmd.config_for([]), start_local=start_local)
    click.echo(grammar_cmd.doctor_json(rows, ok) if fmt == "json" else grammar_cmd.doctor_text(rows))
    sys.exit(EXIT_OK if ok else EXIT_SPUN)


# numpy's BLAS runs the tagger's matrix products; ours are small (a few hundred rows), and
# a second OpenBLAS thread only spins waiting for work: on a 2-core machine it burnt the
# other core (half of the processor time of checking spun text) and made the run about a
# twentieth slower. A value the user set is kept.
BLAS_THREADS = {"OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def command_environment() -> None:
    """What the command's processes (and the workers they start) run with; must be called
    before numpy is imported to take effect."""
    for var, value in BLAS_THREADS.items():
        os.environ.setdefault(var, value)


def main(argv=None) -> None:
    """Entry point: never a traceback, always a one-line error and exit status 2."""
    command_environment()
    try:
        cli.main(args=argv, prog_name="unspin", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_ERROR)
    except click.exceptions.Abort:
        _err("interrupted")
        sys.exit(130)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        sys.exit(EXIT_ERROR)
    except SystemExit:
        raise
    except Exception as exc:  # last resort: one line, not a traceback
        _err(f"internal error: {type(exc).__name__}: {exc}")
        sys.exit(EXIT_ERROR)
