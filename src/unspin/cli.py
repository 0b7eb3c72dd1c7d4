"""The ``unspin`` command: check, clean, lists check.

Exit codes (check): 0 no file is spun, 1 some file is spun, 2 usage error or a file
that could not be processed. Errors are one line on stderr; the run goes on with
the other files.
"""
from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path

import click

from . import __version__
from .engine import Unspinner
from .fileio import DEFAULT_MAX_BYTES, Decoded, InputError, decode, encode, read_file, write_atomic
from .findings import SAFE, UNSAFE
from .lists import WordlistError, load
from .report import FileResult, to_json, to_text

EXIT_OK, EXIT_SPUN, EXIT_ERROR = 0, 1, 2


def _err(msg: str) -> None:
    click.echo(f"unspin: {msg}", err=True)


def _engine(wordlists: tuple[str, ...], allow: tuple[str, ...] = ()) -> Unspinner:
    try:
        return Unspinner(wordlists=wordlists, allow=allow)
    except WordlistError as exc:
        raise click.ClickException(str(exc)) from None


def _read(path: str, encoding: str | None, max_size: int) -> Decoded:
    if path == "-":
        data = sys.stdin.buffer.read()
        if len(data) > max_size:
            raise InputError(f"<stdin>: input is {len(data):,} bytes, over the {max_size:,}-byte limit (--max-size)")
        if not data:
            raise InputError("<stdin>: empty input")
        return decode(data, "<stdin>", encoding)
    return read_file(path, encoding, max_size)


common_options = [
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
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Report format.")
@with_common
def check(files, fmt, wordlists, allow, encoding, max_size):
    """Report spun wording in FILES ('-' reads standard input)."""
    engine = _engine(wordlists, allow)
    results, failed = [], False
    for path in files:
        try:
            decoded = _read(path, encoding, max_size)
        except InputError as exc:
            _err(str(exc))
            failed = True
            continue
        findings = engine.detect(decoded.text)
        results.append(FileResult(path, decoded.text, findings, engine.score(decoded.text, findings)))
    if fmt == "json":
        click.echo(to_json(results))
    elif results:
        click.echo(to_text(results))
    if failed:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_SPUN if any(r.score.verdict == "spun" for r in results) else EXIT_OK)


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(), default=None,
              help="Write the repaired text here (a folder when several files are given).")
@click.option("--in-place", is_flag=True, help="Rewrite each file atomically.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff instead of the text.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that need document evidence.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
@with_common
def clean(files, output, in_place, show_diff, unsafe_fixes, quiet, wordlists, allow, encoding, max_size):
    """Repair spun wording in FILES; print the result, or write it with -o / --in-place."""
    if sum(bool(x) for x in (output, in_place, show_diff)) > 1:
        raise click.UsageError("choose one of -o, --in-place and --diff")
    if in_place and "-" in files:
        raise click.UsageError("--in-place cannot rewrite standard input")
    out_dir = None
    if output and (len(files) > 1 or Path(output).is_dir()):
        out_dir = Path(output)
        if not out_dir.is_dir():
            raise click.UsageError(f"-o {output}: with several files, -o must be an existing folder")
    if not (output or in_place or show_diff) and len(files) > 1:
        raise click.UsageError("several files: use --in-place, --diff or -o FOLDER")
    engine = _engine(wordlists, allow)
    failed = False
    for path in files:
        try:
            decoded = _read(path, encoding, max_size)
            original_bytes = encode(decoded, decoded.text)
            rep = engine.repair(decoded.text, unsafe=unsafe_fixes)
            if show_diff:
                name = "<stdin>" if path == "-" else path
                sys.stdout.write("".join(difflib.unified_diff(
                    decoded.text.splitlines(keepends=True), rep.text.splitlines(keepends=True),
                    fromfile=name, tofile=name)))
            elif in_place:
                if rep.changes:
                    write_atomic(path, encode(decoded, rep.text), expect_unchanged=original_bytes)
            elif output:
                target = out_dir / Path(path).name if out_dir else Path(output)
                write_atomic(target, encode(decoded, rep.text))
            else:
                sys.stdout.flush()
                sys.stdout.buffer.write(encode(decoded, rep.text))
                sys.stdout.buffer.flush()
            if not quiet:
                held = sum(1 for f in rep.held_back if f.applicability == UNSAFE)
                msg = f"{path}: {len(rep.changes)} change{'s' if len(rep.changes) != 1 else ''}"
                if held:
                    msg += f", {held} unsafe fix{'es' if held != 1 else ''} held back (--unsafe-fixes applies them)"
                _err(msg)
        except InputError as exc:
            _err(str(exc))
            failed = True
        except OSError as exc:
            _err(f"{path}: cannot write: {exc.strerror or exc}")
            failed = True
    sys.exit(EXIT_ERROR if failed else EXIT_OK)


@cli.group()
def lists():
    """Work with the word lists."""


@lists.command("check")
@click.option("--wordlist", "wordlists", multiple=True, type=click.Path(),
              help="Also check this list (YAML, CSV or JSON pairs, or a folder).")
def lists_check(wordlists):
    """Validate every word list and run each entry's examples; print counts by domain."""
    from .listcheck import check_lists, format_report

    try:
        loaded = load(wordlists)
    except WordlistError as exc:
        raise click.ClickException(str(exc)) from None
    report = check_lists(loaded)
    click.echo(format_report(report))
    sys.exit(EXIT_OK if report.ok else EXIT_SPUN)


def main(argv=None) -> None:
    """Entry point: never a traceback, always a one-line error and exit status 2."""
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
