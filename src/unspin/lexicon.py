"""lemminflect's lemma table, kept compact in unspin's cache.

The grammar checks ask whether a word is a plural noun, a verb's -s form or an English
word at all. lemminflect answers from a gzipped table that it parses line by line on
first use: about half a second that every process paid on its first repaired document.
The same table (with lemminflect's overrides applied, as ``getAllLemmas`` applies them)
is stored once in unspin's cache as one string a word, which loads in a few hundredths
of a second; a word's entry is decoded only when it is asked for.
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache

from . import cache

_POS, _LEMMA = "\x1e", "\x1f"  # separators no lemma contains


def lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """lemminflect's ``getAllLemmas`` of the word in lower case: {UPOS: (lemma, ...)}, the
    lemmas lower case too (as lemminflect gives them for a lower-case word)."""
    raw = _table().get(word.lower())
    if not raw:
        return {}
    out = {}
    for part in raw.split(_POS):
        pos, _, forms = part.partition(":")
        out[pos] = tuple(forms.lower().split(_LEMMA))
    return out


def _encode(entry: dict) -> str:
    return _POS.join(f"{pos}:{_LEMMA.join(forms)}" for pos, forms in entry.items())


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    from lemminflect.core.Lemmatizer import Lemmatizer

    lemmatizer = Lemmatizer()
    name = _cache_name(lemmatizer.lemma_lu_fn, lemmatizer.overrides_fn)
    table = cache.load_file(name)
    if isinstance(table, dict):
        return table
    base, overrides = lemmatizer._getLemmaDict(), lemmatizer._getOverridesDict()
    table = {}
    for word in set(base) | set(overrides):
        entry = dict(base.get(word, {}))
        entry.update(overrides.get(word, {}))
        table[word] = _encode(entry)
    cache.store_file(name, table)
    return table


def _cache_name(*paths: str) -> str:
    from importlib.metadata import version

    key = version("lemminflect")
    for path in paths:
        st = os.stat(path)
        key += f"\0{path}\0{st.st_size}\0{st.st_mtime_ns}"
    return f"lemmas-{hashlib.sha256(key.encode()).hexdigest()[:16]}.pickle"
