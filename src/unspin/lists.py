"""Load and validate unspin's word lists (see wordlists/README.md for the format).

Loading is strict: an unknown key, a wrong type or a missing field is an error that
names the file and the entry, because a silently ignored typo in a list is a
missed detection nobody will notice.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable

import yaml

from .findings import KINDS, TORTURED
from .textnorm import TOKEN, fold_phrase

try:  # the C loader is ten times faster on large lists
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):
    """YAML keeps the last of two equal keys without a word, so a second `counter:` or
    `not_next:` in an entry silently threw the first away (five entries did): refuse it."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)

POS_VALUES = ("noun", "verb", "adj", "adv", "other")
CONTEXT_WORD_KEYS = ("prev", "next", "not_prev", "not_next")
CONTEXT_POS_KEYS = ("prev_pos", "next_pos", "not_prev_pos", "not_next_pos", "self_pos")
ENTRY_KEYS = {"spun", "fix", "kind", "pos", "ambiguous", "needs_context", "lowercase", "context", "examples",
              "counter", "domains", "id", "note"}
SPECIAL_FILES = {"settings.yml"}


class WordlistError(ValueError):
    """A word list that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Context:
    prev: tuple[tuple[str, ...], ...] = ()
    next: tuple[tuple[str, ...], ...] = ()
    not_prev: tuple[tuple[str, ...], ...] = ()
    not_next: tuple[tuple[str, ...], ...] = ()
    prev_pos: frozenset = frozenset()
    next_pos: frozenset = frozenset()
    not_prev_pos: frozenset = frozenset()
    not_next_pos: frozenset = frozenset()
    self_pos: frozenset = frozenset()

    @property
    def has_support(self) -> bool:
        return bool(self.prev or self.next or self.prev_pos or self.next_pos)

    @property
    def needs_tagger(self) -> bool:
        return bool(self.prev_pos or self.next_pos or self.not_prev_pos or self.not_next_pos
                    or self.self_pos)


@dataclass(frozen=True)
class Example:
    text: str
    fixed: str | None = None


@dataclass(frozen=True)
class Entry:
    id: str
    spun: tuple[str, ...]
    fix: tuple[str, ...] | None
    kind: str = TORTURED
    pos: str = "other"
    ambiguous: bool = False
    needs_context: bool = False
    lowercase: bool = False
    context: Context | None = None
    domains: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()
    counter: tuple[str, ...] = ()
    note: str = ""
    source: str = ""
    origin: str = "curated"  # curated | generated | user
    reason: str = ""

    @property
    def domain(self) -> str:
        return self.domains[0] if self.domains else "general"

    @property
    def suggestion(self) -> str | None:
        return self.fix[0] if self.fix else None


@dataclass
class Substitution:
    word: str
    pos: str
    spun: tuple[str, ...]
    source: str = ""
    # blocks for the generated variants that begin (``not_prev``) or end (``not_next``) with
    # the swapped word: "pores and skin" is a spun "skin", but "clogged pores and skin
    # irritation" is two nouns; ``counter`` sentences show it and are checked
    not_prev: tuple[tuple[str, ...], ...] = ()
    not_next: tuple[tuple[str, ...], ...] = ()
    counter: tuple[str, ...] = ()


@dataclass
class Swap:
    """A spinner's one-word swap for word fit: ``word`` becomes one of ``spun`` anywhere.
    Examples must be flagged by word fit in a spun document, counter-examples not."""
    word: str
    pos: str
    spun: tuple[str, ...]
    examples: tuple[str, ...] = ()
    counter: tuple[str, ...] = ()
    note: str = ""
    source: str = ""
    # a pair word fit must never propose (``not_swaps``): the spun word has other senses
    # next to the same neighbours, and the counter-examples show one
    blocked: bool = False
    # words next to which word fit must not propose this pair ("the ladies room"), whoever
    # taught it; the counter-examples show them
    not_prev: tuple[str, ...] = ()
    not_next: tuple[str, ...] = ()


@dataclass
class Lists:
    """Everything the engine compiles: entries, term lexicon, substitutions, allow-list."""

    entries: list[Entry] = field(default_factory=list)
    terms: dict[str, list[str]] = field(default_factory=dict)  # domain -> terms, as written
    substitutions: list[Substitution] = field(default_factory=list)
    swaps: list[Swap] = field(default_factory=list)
    allow: list[str] = field(default_factory=list)
    # a user's allowed phrases (brand names...): kept whole, no overlapping candidate fires
    user_allow: list[str] = field(default_factory=list)
    settings: dict = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def extend(self, other: "Lists") -> None:
        self.entries.extend(other.entries)
        for dom, terms in other.terms.items():
            self.terms.setdefault(dom, []).extend(terms)
        self.substitutions.extend(other.substitutions)
        self.swaps.extend(other.swaps)
        self.allow.extend(other.allow)
        self.user_allow.extend(other.user_allow)
        merge_settings(self.settings, other.settings)
        self.files.extend(other.files)


# ---------------------------------------------------------------- helpers

def _err(source: str, where: str, msg: str) -> WordlistError:
    return WordlistError(f"{source}: {where}: {msg}" if where else f"{source}: {msg}")


def _str_list(value, source, where, key, allow_none=False) -> tuple[str, ...]:
    if value is None and allow_none:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        hint = ""
        if isinstance(value, list) and any(isinstance(v, (bool, int, float)) or v is None for v in value):
            hint = " (quote words like no, yes, on, off, null and numbers: YAML reads them as other types)"
        raise _err(source, where, f"'{key}' must be a string or a list of non-empty strings{hint}")
    return tuple(value)


_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    return _SLUG.sub("-", fold_phrase(text)).strip("-") or "x"


def _context(raw, source, where) -> Context | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise _err(source, where, "'context' must be a mapping")
    unknown = set(raw) - set(CONTEXT_WORD_KEYS) - set(CONTEXT_POS_KEYS)
    if unknown:
        raise _err(source, where, f"unknown context key(s): {', '.join(sorted(unknown))}")
    kw = {}
    for key in CONTEXT_WORD_KEYS:
        if key in raw:
            items = _str_list(raw[key], source, where, f"context.{key}")
            words = [tuple(fold_phrase(i).split()) for i in items]
            bad = [" ".join(i) for i in words if any(t.startswith("*") for t in i) and word_ending(i) is None]
            # tokenised as the text around a match is ("hands-on" is hands / - / on), so
            # that an item with punctuation in it can match at all
            kw[key] = tuple(i if word_ending(i) else tuple(TOKEN.findall(" ".join(i))) for i in words)
            if bad:
                raise _err(source, where, f"context.{key}: a word ending is written alone, as '*ing' "
                                          f"(not {bad[0]!r})")
    for key in CONTEXT_POS_KEYS:
        if key in raw:
            items = _str_list(raw[key], source, where, f"context.{key}")
            kw[key] = frozenset(i.upper() for i in items)
    return Context(**kw)


def word_ending(item: tuple[str, ...]) -> str | None:
    """The ending a context item names ("*ing": any longer word ending in -ing), or None
    for an ordinary word or phrase."""
    if len(item) == 1 and len(item[0]) > 1 and item[0][0] == "*" and item[0][1:].isalpha():
        return item[0][1:]
    return None


def _examples(raw, source, where) -> tuple[Example, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise _err(source, where, "'examples' must be a list")
    out = []
    for item in raw:
        if isinstance(item, str) and item.strip():
            out.append(Example(item))
        elif isinstance(item, dict) and set(item) <= {"text", "fixed"} and isinstance(item.get("text"), str) \
                and isinstance(item.get("fixed"), str):
            out.append(Example(item["text"], item["fixed"]))
        else:
            raise _err(source, where, "each example is a sentence or {text: ..., fixed: ...}")
    return tuple(out)


def parse_entry(raw, domain: str, source: str, index: int, origin: str = "curated") -> Entry:
    where = f"entry {index + 1}"
    if not isinstance(raw, dict):
        raise _err(source, where, "an entry must be a mapping")
    if "spun" in raw and isinstance(raw["spun"], str):
        where = f"entry {index + 1} ({raw['spun']!r})"
    unknown = set(raw) - ENTRY_KEYS
    if unknown:
        raise _err(source, where, f"unknown key(s): {', '.join(sorted(unknown))}")
    if "spun" not in raw:
        raise _err(source, where, "missing 'spun'")
    if "fix" not in raw:
        raise _err(source, where, "missing 'fix' (use null for no suggestion)")
    spun = tuple(fold_phrase(s) for s in _str_list(raw["spun"], source, where, "spun"))
    fix = None if raw["fix"] is None else tuple(" ".join(f.split()) for f in _str_list(raw["fix"], source, where, "fix"))
    kind = raw.get("kind", TORTURED)
    if kind not in KINDS:
        raise _err(source, where, f"'kind' must be one of {', '.join(KINDS)}")
    pos = raw.get("pos", "other")
    if pos not in POS_VALUES:
        raise _err(source, where, f"'pos' must be one of {', '.join(POS_VALUES)}")
    ambiguous = raw.get("ambiguous", False)
    if not isinstance(ambiguous, bool):
        raise _err(source, where, "'ambiguous' must be true or false")
    needs_context = raw.get("needs_context", False)
    if not isinstance(needs_context, bool):
        raise _err(source, where, "'needs_context' must be true or false")
    if needs_context and not (raw.get("context") or {}):
        raise _err(source, where, "'needs_context' needs a supporting 'context' condition")
    lowercase = raw.get("lowercase", False)
    if not isinstance(lowercase, bool):
        raise _err(source, where, "'lowercase' must be true or false")
    domains = (domain,) + tuple(d for d in _str_list(raw.get("domains"), source, where, "domains", True) if d != domain)
    note = raw.get("note") or ""
    if not isinstance(note, str):
        raise _err(source, where, "'note' must be a string")
    rid = raw.get("id") or f"{domain}/{slug(spun[0])}"
    if not isinstance(rid, str):
        raise _err(source, where, "'id' must be a string")
    return Entry(
        id=rid, spun=spun, fix=fix, kind=kind, pos=pos, ambiguous=ambiguous or needs_context,
        needs_context=needs_context, lowercase=lowercase,
        context=_context(raw.get("context"), source, where), domains=domains,
        examples=_examples(raw.get("examples"), source, where),
        counter=_str_list(raw.get("counter"), source, where, "counter", True),
        note=note, source=source, origin=origin,
    )


def _load_yaml(text: str, source: str):
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"line {mark.line + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise WordlistError(f"{source}: {at}invalid YAML: {problem}") from None


def parse_entry_file(text: str, source: str, origin: str = "curated") -> Lists:
    data = _load_yaml(text, source)
    if data is None:
        return Lists(files=[source])
    if not isinstance(data, dict):
        raise WordlistError(f"{source}: a word list is a mapping with 'domain' and 'entries'")
    unknown = set(data) - {"domain", "description", "entries", "allow", "terms"}
    if unknown:
        raise WordlistError(f"{source}: unknown top-level key(s): {', '.join(sorted(unknown))}")
    domain = data.get("domain") or Path(source).stem
    if not isinstance(domain, str):
        raise WordlistError(f"{source}: 'domain' must be a string")
    entries = data.get("entries") or []
    if not isinstance(entries, list):
        raise WordlistError(f"{source}: 'entries' must be a list")
    out = Lists(files=[source])
    out.entries = [parse_entry(e, domain, source, i, origin) for i, e in enumerate(entries)]
    if "allow" in data:
        out.allow = [fold_phrase(a) for a in _str_list(data["allow"], source, "", "allow", True)]
    if "terms" in data:
        out.terms = {domain: [" ".join(t.split()) for t in _str_list(data["terms"], source, "", "terms", True)]}
    return out


def parse_terms_file(text: str, source: str) -> Lists:
    data = _load_yaml(text, source) or {}
    if not isinstance(data, dict) or set(data) - {"domain", "description", "terms"}:
        raise WordlistError(f"{source}: a terms file is a mapping with 'domain' and 'terms'")
    domain = data.get("domain") or Path(source).stem
    # terms keep their case ("AI model"): it is the fix; matching folds them
    terms = [" ".join(t.split()) for t in _str_list(data.get("terms") or [], source, "", "terms", True)]
    return Lists(terms={domain: terms}, files=[source])


def _word_file(text: str, source: str, key: str, also: tuple[str, ...] = ()) -> dict:
    """A substitutions or swaps file read: a mapping with ``key`` (and optionally the keys
    ``also``) besides its description."""
    data = _load_yaml(text, source) or {}
    if not isinstance(data, dict) or set(data) - {"description", key, *also}:
        raise WordlistError(f"{source}: a {key} file is a mapping with '{key}'"
                            + "".join(f" (and optional '{a}')" for a in also))
    return data


def _word_records(data: dict, source: str, key: str, label: str, required: set[str], optional: set[str],
                  needs: str):
    """(where, record, pos, folded word) for each record under ``key`` of a read
    substitutions or swaps file: one word, its part of speech and its spun forms, checked
    alike (``needs``: the error message for a record with a missing or unknown key)."""
    for i, raw in enumerate(data.get(key) or []):
        where = f"{label} {i + 1}"
        if not isinstance(raw, dict) or set(raw) - required - optional or not required <= set(raw):
            raise _err(source, where, needs)
        pos = raw.get("pos", "other")
        if pos not in POS_VALUES:
            raise _err(source, where, f"'pos' must be one of {', '.join(POS_VALUES)}")
        yield where, raw, pos, fold_phrase(_str_list(raw["word"], source, where, "word")[0])


def parse_substitutions_file(text: str, source: str) -> Lists:
    data = _word_file(text, source, "substitutions")
    subs = []
    for where, raw, pos, word in _word_records(
            data, source, "substitutions", "substitution", {"word", "spun"},
            {"pos", "note", "not_prev", "not_next", "counter"},
            "needs 'word' and 'spun' (and optional 'pos', 'not_prev', 'not_next', 'counter', 'note')"):
        blocks = _context({k: raw[k] for k in ("not_prev", "not_next") if k in raw}, source, where)
        counter = tuple(_str_list(raw.get("counter") or [], source, where, "counter", True))
        if (blocks.not_prev or blocks.not_next) and not counter:
            raise _err(source, where, "a substitution with 'not_prev' or 'not_next' needs a 'counter' "
                                      "sentence that shows the block")
        subs.append(Substitution(word, pos, tuple(fold_phrase(s) for s in _str_list(raw["spun"], source, where, "spun")),
                                 source, blocks.not_prev, blocks.not_next, counter))
    return Lists(substitutions=subs, files=[source])


def parse_swaps_file(text: str, source: str) -> Lists:
    """``swaps``: pairs word fit may propose; ``not_swaps``: pairs it must never propose,
    whichever list or mined pair they come from, each with the sentences that show why."""
    swaps = []
    data = _word_file(text, source, "swaps", ("not_swaps",))
    records = [(False, r) for r in _word_records(
        data, source, "swaps", "swap", {"word", "spun", "examples"}, {"pos", "counter", "note", "not_prev", "not_next"},
        "needs 'word', 'spun' and 'examples' (and optional 'pos', 'counter', 'not_prev', 'not_next', 'note')")]
    records += [(True, r) for r in _word_records(
        data, source, "not_swaps", "not_swap", {"word", "spun", "counter", "note"}, {"pos"},
        "needs 'word', 'spun', 'counter' and 'note' (and optional 'pos')")]
    for blocked, (where, raw, pos, word) in records:
        spun = tuple(fold_phrase(x) for x in _str_list(raw["spun"], source, where, "spun"))
        if len(word.split()) != 1 or any(len(x.split()) != 1 for x in spun):
            raise _err(source, where, "a swap is one word for one word (phrases go in the entry files)")
        counter = tuple(_str_list(raw.get("counter") or [], source, where, "counter", True))
        if blocked and not counter:
            raise _err(source, where, "a not_swap needs at least one counter-example")
        sides = {k: tuple(fold_phrase(x) for x in _str_list(raw.get(k) or [], source, where, k, True))
                 for k in ("not_prev", "not_next")}
        if any(len(x.split()) != 1 for v in sides.values() for x in v):
            raise _err(source, where, "'not_prev' and 'not_next' of a swap are single words")
        if (sides["not_prev"] or sides["not_next"]) and not counter:
            raise _err(source, where, "a swap with 'not_prev' or 'not_next' needs a counter-example that shows the block")
        swaps.append(Swap(word, pos, spun,
                          () if blocked else tuple(_str_list(raw["examples"], source, where, "examples")),
                          counter, str(raw.get("note") or ""), source, blocked, sides["not_prev"], sides["not_next"]))
    return Lists(swaps=swaps, files=[source])


def parse_allow_file(text: str, source: str) -> Lists:
    data = _load_yaml(text, source) or {}
    if not isinstance(data, dict) or set(data) - {"description", "allow"}:
        raise WordlistError(f"{source}: an allow-list is a mapping with 'allow'")
    return Lists(allow=[fold_phrase(a) for a in _str_list(data.get("allow") or [], source, "", "allow", True)],
                 files=[source])


def parse_pairs(text: str, source: str, fmt: str) -> Lists:
    """A two-column list of (tortured phrase, correct term) pairs, as CSV or JSON.

    This is the shape public tortured-phrase collections are exported in. Pairs are
    taken as unambiguous tortured entries of the 'user' domain.
    """
    pairs: list[tuple[str, str]] = []
    if fmt == "json":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise WordlistError(f"{source}: invalid JSON: {exc}") from None
        if isinstance(data, dict):
            data = list(data.items())
        for i, item in enumerate(data if isinstance(data, list) else []):
            if isinstance(item, dict):
                keys = list(item)
                spun = item.get("tortured") or item.get("spun") or (item[keys[0]] if keys else None)
                fix = item.get("correct") or item.get("fix") or item.get("expected") or (item[keys[1]] if len(keys) > 1 else None)
                item = (spun, fix)
            if not (isinstance(item, (list, tuple)) and len(item) == 2 and all(isinstance(x, str) for x in item)):
                raise WordlistError(f"{source}: pair {i + 1}: expected [tortured phrase, correct term]")
            pairs.append((item[0], item[1]))
        if not isinstance(data, list):
            raise WordlistError(f"{source}: expected a list of pairs or an object of phrase: term")
    else:
        rows = list(csv.reader(io.StringIO(text)))
        for i, row in enumerate(rows):
            if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
                continue
            if len(row) < 2:
                raise WordlistError(f"{source}: line {i + 1}: expected two columns: tortured phrase, correct term")
            if i == 0 and fold_phrase(row[0]) in {"tortured", "tortured phrase", "spun", "phrase"}:
                continue  # header
            pairs.append((row[0], row[1]))
    entries = []
    for i, (spun, fix) in enumerate(pairs):
        if not spun.strip() or not fix.strip():
            raise WordlistError(f"{source}: pair {i + 1}: empty phrase or term")
        entries.append(Entry(id=f"user/{slug(spun)}", spun=(fold_phrase(spun),), fix=(" ".join(fix.split()),),
                             domains=("user",), examples=(Example(f"This is about {spun.strip()}."),),
                             source=source, origin="user"))
    return Lists(entries=entries, files=[source])


# ---------------------------------------------------------------- locations

def builtin_root() -> Path:
    """The word lists shipped with the package (the repository's wordlists/)."""
    return Path(str(resources.files("unspin.wordlists")))


def merge_settings(base: dict, extra: dict) -> dict:
    """``extra`` laid over ``base`` key by key, sections too: a project's settings.yml
    that sets only ``word_fit: {min_gain: 2.0}`` keeps the rest of the built-in word_fit
    section (its language model, its article gain) instead of dropping it."""
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge_settings(base[key], value)
        else:
            base[key] = value
    return base


def load_settings(path: Path) -> dict:
    if not path.is_file():
        return {}
    data = _load_yaml(path.read_text(encoding="utf-8"), str(path)) or {}
    if not isinstance(data, dict):
        raise WordlistError(f"{path}: settings must be a mapping")
    return data


def load_dir(root: Path, origin: str = "curated") -> Lists:
    lists = Lists()
    for path in sorted(root.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        if path.name == "settings.yml":
            merge_settings(lists.settings, load_settings(path))
            lists.files.append(str(path))
            continue
        lists.extend(parse_entry_file(text, str(path), origin))
    for sub, parser in (("terms", parse_terms_file), ("substitutions", parse_substitutions_file),
                        ("swaps", parse_swaps_file), ("allow", parse_allow_file)):
        for path in sorted((root / sub).glob("*.yml")):
            lists.extend(parser(path.read_text(encoding="utf-8"), str(path)))
    return lists


def load_user_list(path: str | Path) -> Lists:
    """A user's own list: unspin's YAML format, a two-column CSV, or JSON pairs."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise WordlistError(f"{path}: cannot read word list: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise WordlistError(f"{path}: word list is not UTF-8 text") from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return parse_pairs(text, str(path), "csv")
    if suffix == ".json":
        return parse_pairs(text, str(path), "json")
    if suffix in (".yml", ".yaml"):
        data = _load_yaml(text, str(path))
        if isinstance(data, dict) and set(data) == {"allow"}:
            return parse_allow_file(text, str(path))
        return parse_entry_file(text, str(path), origin="user")
    raise WordlistError(f"{path}: unknown word list type (use .yml, .csv or .json)")


# settings a project may set to null to turn that step off (see wordlists/settings.yml)
_NULLABLE = {("word_fit", "strong_doc_function_min_gain"), ("word_fit", "function_min_gain"), ("same_swap", "min_gain")}


def check_settings(user: dict, shipped: dict, source: str) -> None:
    """A project's settings.yml against the shipped one: every section and key must be
    one unspin reads, with a value of the shipped value's type, so that a typo or a
    wrong value is a clear error when the lists load, not a traceback (or, worse, a
    setting silently ignored) when the first document is checked."""
    for section, values in user.items():
        known = shipped.get(section)
        if not isinstance(known, dict):
            raise WordlistError(f"{source}: unknown settings section '{section}' (known: {', '.join(shipped)})")
        if not isinstance(values, dict):
            raise WordlistError(f"{source}: settings section '{section}' must be a mapping of keys to values")
        for key, value in values.items():
            if key not in known:
                raise WordlistError(f"{source}: unknown setting '{section}.{key}' (known: {', '.join(known)})")
            want = known[key]
            where = f"{source}: setting '{section}.{key}'"
            if value is None:
                if (section, key) not in _NULLABLE:
                    raise WordlistError(f"{where} cannot be null")
            elif isinstance(want, bool):
                if not isinstance(value, bool):
                    raise WordlistError(f"{where} must be true or false, not {value!r}")
            elif isinstance(want, (int, float)):
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise WordlistError(f"{where} must be a number, not {value!r}")
                if isinstance(want, int) and value != int(value):
                    raise WordlistError(f"{where} must be a whole number, not {value!r}")
            elif isinstance(want, list):
                if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                    raise WordlistError(f"{where} must be a list of words")


def check_user_settings(paths: Iterable[str | Path]) -> None:
    """``check_settings`` for the settings.yml of each list folder in ``paths``. The engine
    runs it before it looks for compiled lists in the cache, which skips loading."""
    shipped = None
    for p in paths:
        path = Path(p) / "settings.yml"
        if Path(p).is_dir() and path.is_file():
            shipped = shipped or load_settings(builtin_root() / "settings.yml")
            check_settings(load_settings(path), shipped, str(path))


def load(paths: Iterable[str | Path] = (), builtin: bool = True) -> Lists:
    paths = [Path(p) for p in paths]
    check_user_settings(paths)
    if builtin:
        lists = load_dir(builtin_root())
    else:  # a user's lists alone, still scored with the shipped thresholds
        lists = Lists(settings=load_settings(builtin_root() / "settings.yml"))
    for p in paths:
        user = load_dir(p, origin="user") if p.is_dir() else load_user_list(p)
        user.user_allow, user.allow = user.user_allow + user.allow, []
        lists.extend(user)
    return lists
