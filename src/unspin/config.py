"""Configuration from the repository: ``.unspin.toml`` or ``[tool.unspin]`` in ``pyproject.toml``.

A CI check is configured where the content lives, so that every contributor, the
pre-commit hook and the CI job agree. The file is found by walking up from the
checked paths; ``--config`` names one, ``--no-config`` ignores them. Loading is
strict: an unknown key or a wrong type is an error naming the key and the file,
because a typo that silently does nothing is a check nobody notices is off.

Precedence: command line, then the file, then the defaults. List values given on
the command line (``--wordlist``, ``--allow``, ``--domain``) add to the file's.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from .globs import glob_match
from .policy import DEFAULT_FAIL_ON, FAIL_ON

CONFIG_NAMES = (".unspin.toml", "pyproject.toml")
FORMATS = ("text", "json", "sarif", "github", "rdjson")


class ConfigError(ValueError):
    """A configuration that cannot be used; the message names the file and the key."""


def _str_list(v) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) and x.strip() for x in v)


# key -> (default, check, description of the expected type)
SCHEMA: dict[str, tuple[Any, Any, str]] = {
    "include": ([], _str_list, "a list of glob patterns"),
    "exclude": ([], _str_list, "a list of glob patterns"),
    "domains": ([], _str_list, "a list of domain names"),
    "wordlists": ([], _str_list, "a list of word-list paths"),
    "allow": ([], _str_list, "a list of phrases"),
    "fail-on": (DEFAULT_FAIL_ON, lambda v: v in FAIL_ON, "one of " + ", ".join(FAIL_ON)),
    "min-score": (None, lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1,
                  "a number from 0 to 1"),
    "format": ("text", lambda v: v in FORMATS, "one of " + ", ".join(FORMATS)),
    "baseline": (None, lambda v: isinstance(v, str) and bool(v.strip()), "a file path"),
    "grammar": (False, lambda v: isinstance(v, bool), "true or false"),
    "languagetool": (None, lambda v: isinstance(v, str) and bool(v.strip()),
                     "off, local, a LanguageTool server URL or a LanguageTool folder"),
    "languagetool-categories": (None, _str_list, "a list of category names (grammar, agreement, articles, "
                                                 "typos, casing, punctuation, confused-words, style)"),
}
PATH_KEYS = ("wordlists", "baseline")  # resolved relative to the configuration file


@dataclass
class Config:
    """The effective configuration and where each value came from."""

    values: dict[str, Any] = field(default_factory=lambda: {k: v[0] for k, v in SCHEMA.items()})
    sources: dict[str, str] = field(default_factory=lambda: {k: "default" for k in SCHEMA})
    file: Path | None = None  # the configuration file used, if any

    @property
    def root(self) -> Path:
        """The folder include/exclude patterns are relative to."""
        return self.file.parent if self.file else Path.cwd()

    def __getitem__(self, key: str):
        return self.values[key]

    def set(self, key: str, value, source: str) -> None:
        self.values[key] = value
        self.sources[key] = source

    def add(self, key: str, items: Iterable, source: str) -> None:
        items = list(items)
        if not items:
            return
        self.values[key] = list(self.values[key]) + items
        prev = self.sources[key]
        self.sources[key] = source if prev == "default" else f"{prev} + {source}"

    # ------------------------------------------------------------ selection

    def selects(self, path: str) -> bool:
        """Is ``path`` to be checked under include/exclude? (stdin always is)."""
        if path == "-":
            return True
        rel = _relative(path, self.root)
        if rel is None:
            return True  # outside the configured tree: patterns do not speak about it
        if self.values["exclude"] and any(glob_match(p, rel) for p in self.values["exclude"]):
            return False
        if self.values["include"]:
            return any(glob_match(p, rel) for p in self.values["include"])
        return True

    def included_files(self) -> list[str]:
        """Files under the root that ``include`` names (for ``unspin check`` with no paths)."""
        root = self.root
        out = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                                 and not self._excluded_dir(Path(dirpath, d), root))
            for name in sorted(filenames):
                p = Path(dirpath, name)
                if self.selects(str(p)):
                    out.append(os.path.relpath(p) if _under(p, Path.cwd()) else str(p))
        return out

    def _excluded_dir(self, d: Path, root: Path) -> bool:
        rel = _relative(str(d), root)
        return rel is not None and any(glob_match(p, rel) for p in self.values["exclude"])


# ---------------------------------------------------------------- paths under the root

def _relative(path: str, root: Path) -> str | None:
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    rel = Path(rel).as_posix()
    if rel == ".." or rel.startswith("../"):
        return None
    return rel


def _under(p: Path, root: Path) -> bool:
    return _relative(str(p), root) is not None


# ---------------------------------------------------------------- loading

def discover(start: str | Path | None = None) -> Path | None:
    """The nearest configuration file at or above ``start`` (a file or folder)."""
    here = Path(start) if start is not None else Path.cwd()
    here = here.resolve() if here.exists() else Path(os.path.abspath(here))
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        dot = folder / ".unspin.toml"
        if dot.is_file():
            return dot
        py = folder / "pyproject.toml"
        if py.is_file() and _has_tool_table(py):
            return py
    return None


def _has_tool_table(py: Path) -> bool:
    try:
        raw = py.read_bytes()
    except OSError:
        return False
    if b"unspin" not in raw:
        return False
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return True  # let load() report the broken file rather than silently skip it
    return isinstance(data.get("tool"), dict) and "unspin" in data["tool"]


def read_table(path: Path) -> tuple[dict, str]:
    """The raw settings table of a configuration file and how to name it in messages."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: configuration is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("unspin") if isinstance(tool, dict) else None
        if table is None:
            return {}, f"{path} [tool.unspin]"
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.unspin] must be a table")
        return table, f"{path} [tool.unspin]"
    return data, str(path)


def apply_file(cfg: Config, path: Path) -> None:
    table, label = read_table(path)
    cfg.file = path
    for raw_key, value in table.items():
        key = raw_key.replace("_", "-")
        if key not in SCHEMA:
            known = ", ".join(SCHEMA)
            raise ConfigError(f"{path}: unknown key '{raw_key}' (known keys: {known})")
        _default, check, expected = SCHEMA[key]
        if not check(value):
            raise ConfigError(f"{path}: '{raw_key}' must be {expected}, not {value!r}")
        if key in PATH_KEYS:
            base = path.parent
            value = [str(base / v) for v in value] if isinstance(value, list) else str(base / value)
        if key == "min-score":
            value = float(value)
        cfg.set(key, value, label)


def load(paths: Iterable[str] = (), config: str | None = None, no_config: bool = False) -> Config:
    """The configuration for checking ``paths``: ``config`` if given, else the one found
    from the paths' common folder (or the current folder)."""
    cfg = Config()
    if no_config:
        return cfg
    if config:
        apply_file(cfg, Path(config))
        return cfg
    found = discover(_start_for(paths))
    if found is not None:
        apply_file(cfg, found)
    return cfg


def _start_for(paths: Iterable[str]) -> Path:
    real = [os.path.abspath(p) for p in paths if p != "-"]
    if not real:
        return Path.cwd()
    folders = [p if os.path.isdir(p) else os.path.dirname(p) for p in real]
    try:
        return Path(os.path.commonpath(folders))
    except ValueError:  # different drives
        return Path(folders[0])


def render(cfg: Config, fmt: str = "toml") -> str:
    """The effective configuration, each value with its source (``unspin config``)."""
    if fmt == "json":
        import json

        return json.dumps({"config_file": str(cfg.file) if cfg.file else None,
                           "values": {k: {"value": cfg.values[k], "source": cfg.sources[k]} for k in SCHEMA}},
                          indent=1, ensure_ascii=False)
    lines = [f"# configuration file: {cfg.file if cfg.file else '(none found; defaults)'}"]
    width = max(len(k) for k in SCHEMA)
    for key in SCHEMA:
        value = cfg.values[key]
        if value is None:
            lines.append(f"# {key} (unset)  # {cfg.sources[key]}")
        else:
            lines.append(f"{key.ljust(width)} = {_toml_value(value)}  # {cfg.sources[key]}")
    return "\n".join(lines)


def _toml_value(v) -> str:
    import json

    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(json.dumps(x, ensure_ascii=False) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)
