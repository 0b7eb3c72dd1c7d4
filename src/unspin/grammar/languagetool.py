"""LanguageTool behind the ``GrammarChecker`` interface, through language-tool-python.

Three ways to reach it: a remote server (a team's own LanguageTool, by URL), a local
one started from an installed LanguageTool (``LTP_JAR_DIR_PATH``, or language-tool-
python's download folder: ``LTP_PATH`` or ``~/.cache/language_tool_python``; unspin
never downloads it), or ``off``. A local server is started once per process and reused.

Only short passages are sent (the sentences around findings), in one request per
batch, with a short timeout. Any failure (no server, a slow one, a malformed answer)
switches the checker to the built-in checks for the rest of the run, with one warning:
grammar help is never worth a hang or a crash.
"""
from __future__ import annotations

import atexit
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.parse
import warnings
from pathlib import Path
from typing import Callable, Sequence

from .base import GrammarWarning, Issue, data
from .builtin import BuiltinChecker

OFF, LOCAL = "off", "local"
JAR_NAMES = ("languagetool-server.jar", "languagetool.jar")
SERVER_CLASS = "org.languagetool.server.HTTPServer"
ENV_URL = "UNSPIN_LANGUAGETOOL_URL"
ENV_TIMEOUT = "UNSPIN_LANGUAGETOOL_TIMEOUT"
DEFAULT_TIMEOUT = 5.0
DEFAULT_START_TIMEOUT = 60.0
_SEPARATOR = "\n\n"


class LanguageToolUnavailable(RuntimeError):
    """LanguageTool cannot be used; the message says why, in one line."""


def default_timeout() -> float:
    raw = os.environ.get(ENV_TIMEOUT)
    try:
        value = float(raw) if raw else DEFAULT_TIMEOUT
    except ValueError:
        value = DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT


def is_url(value: str) -> bool:
    return bool(re.match(r"^https?://", value or "", re.IGNORECASE))


# ------------------------------------------------------------------ finding a local LanguageTool

def download_folder() -> Path:
    """Where language-tool-python keeps its downloads (without creating it, unlike the library)."""
    return Path(os.environ.get("LTP_PATH") or Path.home() / ".cache" / "language_tool_python")


def _version_key(path: Path):
    nums = re.findall(r"\d+", path.name)
    return tuple(int(n) for n in nums)


def find_jar(folder: str | os.PathLike | None = None) -> tuple[Path | None, str]:
    """(the LanguageTool server jar, where it was found) or (None, where unspin looked)."""
    places: list[tuple[Path, str]] = []
    if folder:
        places.append((Path(folder), f"{folder}"))
    elif os.environ.get("LTP_JAR_DIR_PATH"):
        places.append((Path(os.environ["LTP_JAR_DIR_PATH"]), f"LTP_JAR_DIR_PATH={os.environ['LTP_JAR_DIR_PATH']}"))
    else:
        base = download_folder()
        label = f"LTP_PATH={base}" if os.environ.get("LTP_PATH") else str(base)
        found = sorted((p for p in base.glob("LanguageTool*") if p.is_dir()), key=_version_key, reverse=True) \
            if base.is_dir() else []
        places.extend((p, f"{label}/{p.name}") for p in found)
        if not found:
            return None, f"no LanguageTool-* folder in {label}"
    for path, label in places:
        for name in JAR_NAMES:
            if (path / name).is_file():
                return path / name, label
    return None, "no " + " or ".join(JAR_NAMES) + " in " + ", ".join(label for _, label in places)


def find_java() -> str | None:
    return shutil.which("java")


_SERVERS: dict[str, tuple[subprocess.Popen, str, int]] = {}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_local(jar: Path, timeout: float = DEFAULT_START_TIMEOUT) -> str:
    """Start (once per process) a LanguageTool server from ``jar``; its base URL."""
    import requests

    key = str(jar)
    running = _SERVERS.get(key)
    if running and running[0].poll() is None:
        return running[1]
    java = find_java()
    if not java:
        raise LanguageToolUnavailable("no Java on PATH (LanguageTool needs Java 17 or later)")
    port = _free_port()
    cmd = [java, "-cp", str(jar), SERVER_CLASS, "-p", str(port)]
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
    except OSError as exc:
        raise LanguageToolUnavailable(f"cannot start {java}: {exc.strerror or exc}") from None
    url = f"http://127.0.0.1:{port}/"
    _SERVERS[key] = (proc, url, os.getpid())
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            _SERVERS.pop(key, None)
            raise LanguageToolUnavailable(f"the LanguageTool server from {jar} exited with status {proc.returncode}")
        try:
            r = requests.get(url + "v2/languages", timeout=1.0)
            if r.ok:
                return url
        except requests.RequestException:
            pass
        time.sleep(0.2)
    _stop(key)
    raise LanguageToolUnavailable(f"the LanguageTool server from {jar} did not answer within {timeout:g}s")


def _stop(key: str) -> None:
    entry = _SERVERS.pop(key, None)
    if entry is None:
        return
    proc, _url, pid = entry
    if pid != os.getpid():  # a forked worker never stops its parent's server
        return
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@atexit.register
def stop_local_servers() -> None:
    """Stop the servers this process started."""
    for key in list(_SERVERS):
        _stop(key)


# ------------------------------------------------------------------ the checker

def _category_filter(categories: Sequence[str]) -> tuple[set, set]:
    table = data()["languagetool_categories"]
    unknown = [c for c in categories if c not in table]
    if unknown:
        raise ValueError(f"unknown LanguageTool categor{'ies' if len(unknown) > 1 else 'y'} "
                         f"{', '.join(repr(c) for c in unknown)} (known: {', '.join(table)})")
    cats, rules = set(), set()
    for c in categories:
        cats.update(table[c].get("categories", ()))
        rules.update(table[c].get("rules", ()))
    return cats, rules


def _unspin_category(lt_category: str, rule: str, selected: Sequence[str]) -> str:
    table = data()["languagetool_categories"]
    for name in selected:
        if rule in table[name].get("rules", ()):
            return name
    for name in selected:
        if lt_category in table[name].get("categories", ()):
            return name
    return "grammar"


class LanguageToolChecker:
    """LanguageTool as a ``GrammarChecker``; falls back to the built-in checks on failure.

    ``server``: ``"local"``, a URL, or a folder holding a LanguageTool jar.
    ``categories``: unspin category names (``data/grammar.yml``); default grammar,
    agreement, articles and typos, with style rules off. ``warn``: called once, with
    one line, when LanguageTool fails and the built-in checks take over.
    """

    name = "languagetool"

    def __init__(self, server: str = LOCAL, *, language: str = "en-US", categories: Sequence[str] | None = None,
                 timeout: float | None = None, start_timeout: float = DEFAULT_START_TIMEOUT,
                 warn: Callable[[str], None] | None = None):
        self.server = server
        self.language = language
        self.categories = tuple(categories or data()["languagetool_default_categories"])
        self.lt_categories, self.lt_rules = _category_filter(self.categories)
        self.disabled_rules = set(data()["languagetool_disabled_rules"])
        self.timeout = timeout if timeout is not None else default_timeout()
        self.start_timeout = start_timeout
        self.warn = warn or _warn
        self.fallback = BuiltinChecker()
        self.failure: str | None = None  # why LanguageTool is not used (after a failure)
        self._tool = None
        self.requests = 0  # how many /v2/check requests were sent (for tests and doctor)

    # -------------------------------------------------------------- lifecycle

    @property
    def active(self) -> bool:
        return self.failure is None

    @property
    def where(self) -> str:
        return self.server if is_url(self.server) else f"local LanguageTool ({self.server})"

    def start(self) -> bool:
        """Connect (starting a local server if needed). False, after one warning, if it fails."""
        if self._tool is not None:
            return True
        if self.failure is not None:
            return False
        try:
            self._tool = self._connect()
        except Exception as exc:  # noqa: BLE001 - any failure means "use the built-in checks"
            self._degrade(_describe(exc))
            return False
        return True

    def _connect(self):
        import language_tool_python

        if is_url(self.server):
            url = re.sub(r"/v2$", "", self.server.rstrip("/")) + "/"
        else:
            jar, where = find_jar(None if self.server == LOCAL else self.server)
            if jar is None:
                raise LanguageToolUnavailable(f"no local LanguageTool found ({where}); unspin does not download it")
            url = start_local(jar, self.start_timeout)
        timeout = self.timeout

        class _Client(language_tool_python.LanguageTool):
            _TIMEOUT = timeout  # language-tool-python waits 300 s by default

        tool = _Client(self.language, remote_server=url)
        tool.enabled_categories = set(self.lt_categories)
        tool.enabled_rules = set(self.lt_rules)
        tool.enabled_rules_only = True
        tool.disabled_rules = set(self.disabled_rules)
        return tool

    def _degrade(self, why: str) -> None:
        self.failure = why
        self._tool = None
        self.warn(f"LanguageTool at {self.where} is not usable ({why}); using the built-in grammar checks")

    def close(self) -> None:
        self._tool = None

    # -------------------------------------------------------------- checking

    def check_texts(self, texts: Sequence[str]) -> list[list[Issue]]:
        texts = list(texts)
        if not texts:
            return []
        if not self.start():
            return self.fallback.check_texts(texts)
        # one request for the batch: passages separated by blank lines, so that
        # LanguageTool sees each as its own paragraph
        joined, starts, pos = [], [], 0
        for t in texts:
            t = t.replace("\n\n", "\n ")  # keep the separator unique, offsets unchanged
            starts.append(pos)
            joined.append(t)
            pos += len(t) + len(_SEPARATOR)
        body = _SEPARATOR.join(joined)
        try:
            self.requests += 1
            matches = self._tool.check(body)
            out: list[list[Issue]] = [[] for _ in texts]
            for m in matches:
                issue = self._issue(m, body)
                if issue is None:
                    continue
                i = _which(starts, issue.start)
                base, length = starts[i], len(texts[i])
                if issue.end > base + length:
                    continue  # crosses the separator: not about one passage
                out[i].append(Issue(issue.start - base, issue.end - base, issue.text, issue.suggestion, issue.rule,
                                    issue.message, issue.category, issue.source))
            return out
        except Exception as exc:  # noqa: BLE001 - timeouts, HTTP errors, malformed JSON ...
            self._degrade(_describe(exc))
            return self.fallback.check_texts(texts)

    def _issue(self, m, body: str) -> Issue | None:
        rule, category = str(m.rule_id), str(m.category)
        if rule in self.disabled_rules:
            return None
        if category not in self.lt_categories and rule not in self.lt_rules:
            return None  # e.g. style rules a server runs anyway
        start, length = int(m.offset), int(m.error_length)
        if start < 0 or length < 0 or start + length > len(body):
            raise ValueError(f"match {rule} at {start}+{length} is outside the text")
        repl = [str(r) for r in (m.replacements or [])]
        return Issue(start, start + length, body[start:start + length], repl[0] if repl else None,
                     f"languagetool/{rule}", str(m.message), _unspin_category(category, rule, self.categories),
                     source="languagetool")


def _which(starts: list[int], offset: int) -> int:
    from bisect import bisect_right
    return max(0, bisect_right(starts, offset) - 1)


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    low = text.lower()
    if "timed out" in low or "timeout" in low:
        return "no answer in time"
    if "connection refused" in low or "failed to establish" in low or "max retries" in low:
        return "connection refused"
    if isinstance(exc, LanguageToolUnavailable):
        return text
    if isinstance(exc, (KeyError, TypeError, ValueError, AttributeError)) or "json" in low:
        return f"malformed response: {type(exc).__name__}: {text[:120]}" if text else \
            f"malformed response: {type(exc).__name__}"
    return f"{type(exc).__name__}: {text[:160]}"


def _warn(message: str) -> None:
    warnings.warn(message, GrammarWarning, stacklevel=3)


def probe(url: str, timeout: float | None = None) -> tuple[bool, str]:
    """Is a LanguageTool server answering at ``url``? (ok, one line about it), for ``unspin doctor``."""
    import requests

    t = timeout if timeout is not None else default_timeout()
    base = url if url.endswith("/") else url + "/"
    if not base.rstrip("/").endswith("v2"):
        base = urllib.parse.urljoin(base, "v2/")
    try:
        r = requests.get(base + "languages", timeout=t)
        r.raise_for_status()
        langs = r.json()
        codes = {x.get("longCode") for x in langs if isinstance(x, dict)} | {
            x.get("code") for x in langs if isinstance(x, dict)}
    except Exception as exc:  # noqa: BLE001
        return False, _describe(exc)
    if "en-US" not in codes and "en" not in codes:
        return False, "answers, but offers no English"
    return True, f"answers ({len(langs)} languages, English included)"
