"""The small English model's part-of-speech tagger, run with numpy alone.

unspin tags only the sentences around candidates that have part-of-speech conditions,
so most of the tagger's cost was never the tagging but loading spaCy to do it: about
1.4 s of a 1.8 s start-up. This module runs the same network (spaCy's ``tok2vec``:
hash embeddings of NORM, PREFIX, SUFFIX, SHAPE, SPACY and IS_SPACE, a maxout layer and
four residual maxout-window layers; then the tagger's linear layer) on weights exported
once from the installed model and kept in unspin's cache. The hashing is spaCy's and
thinc's (MurmurHash64A for strings, thinc's MurmurHash3 variant for the embedding rows),
so the same token gets the same rows. The arithmetic is numpy's float32 matrix product
rather than thinc's, so a score can differ in its last bits: tests compare the tags with
spaCy's on the test corpora.
"""
from __future__ import annotations

import functools
from functools import lru_cache

import numpy as np

from .tokenizer import Tokenizer

FORMAT = 2  # 2: the multi-token special cases exported with their affix tokens
_M64 = 0xFFFFFFFFFFFFFFFF


def hash_string(s: str) -> int:
    """spaCy's string id: MurmurHash64A of the UTF-8 bytes, seed 1."""
    data = s.encode("utf-8")
    m, r = 0xC6A4A7935BD1E995, 47
    n = len(data)
    h = (1 ^ (n * m)) & _M64
    end = n - n % 8
    for i in range(0, end, 8):
        k = int.from_bytes(data[i:i + 8], "little")
        k = (k * m) & _M64
        k ^= k >> r
        k = (k * m) & _M64
        h ^= k
        h = (h * m) & _M64
    tail = n & 7
    if tail:
        h ^= int.from_bytes(data[end:], "little")
        h = (h * m) & _M64
    h ^= h >> r
    h = (h * m) & _M64
    h ^= h >> r
    return h


def string_id(s: str, symbols: dict[str, int]) -> int:
    """spaCy's StringStore id: its own small id for a symbol ("X", "NOUN"), else the hash."""
    return symbols[s] if s in symbols else hash_string(s)


def word_shape(text: str) -> str:
    """spaCy's SHAPE: Xxxx, dd.dd, runs of one class cut at four."""
    if len(text) >= 100:
        return "LONG"
    shape = []
    last = ""
    seq = 0
    for char in text:
        if char.isalpha():
            c = "X" if char.isupper() else "x"
        elif char.isdigit():
            c = "d"
        else:
            c = char
        if c == last:
            seq += 1
        else:
            seq = 0
            last = c
        if seq < 4:
            shape.append(c)
    return "".join(shape)


_C1, _C2 = np.uint64(0x87C37B91114253D5), np.uint64(0x4CF5AD432745937F)
_F1, _F2 = np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53)
_S31, _S33, _S32 = np.uint64(31), np.uint64(33), np.uint64(32)


def _fmix(h):
    h ^= h >> _S33
    h *= _F1
    h ^= h >> _S33
    h *= _F2
    h ^= h >> _S33
    return h


def row_keys(ids: np.ndarray, seed: int) -> np.ndarray:
    """thinc's ``NumpyOps.hash``: four 32-bit keys per 64-bit id (MurmurHash3_x86_128_uint64)."""
    with np.errstate(over="ignore"):
        h1 = ids.astype(np.uint64) * _C1
        h1 = (h1 << _S31) | (h1 >> _S33)
        h1 *= _C2
        h1 ^= np.uint64(seed)
        h1 ^= np.uint64(8)
        h2 = np.full_like(h1, np.uint64(seed ^ 8))
        h1 += h2
        h2 += h1
        h1 = _fmix(h1)
        h2 = _fmix(h2)
        h1 += h2
        h2 += h1
    low = np.uint64(0xFFFFFFFF)
    return np.stack([h1 & low, h1 >> _S32, h2 & low, h2 >> _S32], axis=1).astype(np.uint32)


def export(nlp) -> dict:
    """Everything the tagger needs from a loaded spaCy pipeline with ``tok2vec`` and
    ``tagger``, as plain Python and numpy values (no spaCy object)."""
    from spacy.attrs import NORM, ORTH
    from spacy.symbols import IDS

    nodes = list(nlp.get_pipe("tok2vec").model.walk())
    embeds = [n for n in nodes if n.name == "hashembed"]
    maxouts = [n for n in nodes if n.name == "maxout"]
    layernorms = [n for n in nodes if n.name == "layernorm"]
    windows = [n for n in nodes if n.name == "expand_window"]
    encoder = [n for n in nodes if n.name.startswith("with_array(residual")]
    cfg = nlp.config["components"]["tok2vec"]["model"]
    attrs = list(cfg["embed"]["attrs"])
    expected = ["NORM", "PREFIX", "SUFFIX", "SHAPE", "SPACY", "IS_SPACE"]
    if (attrs != expected or len(embeds) != len(attrs) or len(maxouts) != len(layernorms)
            or len(windows) != len(maxouts) - 1 or len(encoder) != 1
            or any(w.attrs["window_size"] != 1 for w in windows)):
        raise ValueError("unsupported tok2vec architecture for unspin's tagger")
    softmax = [n for n in nlp.get_pipe("tagger").model.walk() if n.name == "softmax"]
    if len(softmax) != 1:
        raise ValueError("unsupported tagger architecture for unspin's tagger")
    tok = nlp.tokenizer

    def pattern(fn):
        return None if fn is None else fn.__self__.pattern

    rules = {key: [(t.get(ORTH, t.get("ORTH")), t.get(NORM, t.get("NORM"))) for t in toks]
             for key, toks in tok.rules.items()}
    multi = [key for key in tok.rules
             if not tok.faster_heuristics or tok.find_prefix(key) or tok.find_infix(key)
             or tok.find_suffix(key) or " " in key]
    # NORM is lower() behind lookup tables (the model's lexeme_norm, spaCy's base norms),
    # nested as partials; the outermost table wins.
    norms: dict[int, str] = {}
    getter = nlp.vocab.lex_attr_getters[NORM]
    while isinstance(getter, functools.partial) and getter.func.__name__ == "_get_attr_unless_lookup":
        for table in getter.args[1]:
            for key, value in table.items():
                # a lookup Table holds its keys as ids already, a plain dict as strings
                norms.setdefault(string_id(key, IDS) if isinstance(key, str) else int(key), value)
        getter = getter.args[0]
    if getattr(getter, "__name__", "") != "lower":
        raise ValueError("unsupported NORM attribute for unspin's tagger")
    spec = {"prefix": pattern(tok.prefix_search), "suffix": pattern(tok.suffix_search),
            "infix": pattern(tok.infix_finditer), "url": pattern(tok.url_match),
            "token_match": pattern(tok.token_match), "specials": rules, "multi": {}}
    affixes_only = Tokenizer(spec)
    spec["multi"] = {key: affixes_only.affix_orths(key) for key in multi}
    return {
        "format": FORMAT,
        "tokenizer": spec,
        "norms": norms,
        "symbols": dict(IDS),
        "embed": [(int(e.attrs["seed"]), e.get_param("E").copy()) for e in embeds],
        "maxout": [(m.get_param("W").copy(), m.get_param("b").copy()) for m in maxouts],
        "layernorm": [(n.get_param("G").copy(), n.get_param("b").copy()) for n in layernorms],
        "pad": int(encoder[0].attrs["pad"]),
        "softmax": (softmax[0].get_param("W").copy(), softmax[0].get_param("b").copy()),
        "labels": list(nlp.get_pipe("tagger").labels),
    }


class Tagger:
    """Penn Treebank tags for sentences: the exported network, applied with numpy."""

    def __init__(self, data: dict):
        if data.get("format") != FORMAT:
            raise ValueError("tagger data of another format")
        self.tokenizer = Tokenizer(data["tokenizer"])
        self._norms = data["norms"]
        self._id = lru_cache(maxsize=100000)(functools.partial(string_id, symbols=data["symbols"]))
        self._embed = data["embed"]
        self._layers = []
        for (w, b), (g, beta) in zip(data["maxout"], data["layernorm"]):
            n_out, pieces, n_in = w.shape
            self._layers.append((np.ascontiguousarray(w.reshape(n_out * pieces, n_in).T), b.reshape(-1),
                                 n_out, pieces, g, beta))
        self._pad = data["pad"]
        w, b = data["softmax"]
        self._out = (np.ascontiguousarray(w.T), b)
        self.labels = data["labels"]
        self._features = lru_cache(maxsize=50000)(self._features_uncached)

    def _features_uncached(self, text: str, norm: str | None) -> tuple[int, int, int, int, int]:
        sid = self._id
        if norm is None:
            norm = self._norms.get(sid(text))
            if norm is None:
                norm = text.lower()
        return sid(norm), sid(text[:1]), sid(text[-3:]), sid(word_shape(text)), int(text.isspace())

    def tag(self, sentences: list[str]) -> list[list[tuple[int, int, str]]]:
        """(start, end, tag) for every token of every sentence, whitespace tokens included."""
        docs = [self.tokenizer(s) for s in sentences]
        lengths = [len(d) for d in docs]
        total = sum(lengths)
        if not total:
            return [[] for _ in docs]
        ids = np.empty((total, 6), dtype=np.uint64)
        row = 0
        for d in docs:
            for _start, text, space, norm in d:
                f = self._features(text, norm)
                ids[row] = (f[0], f[1], f[2], f[3], int(space), f[4])
                row += 1
        x = self._embedding(ids)
        x = self._encode(x, lengths)
        w, b = self._out
        best = (x @ w + b).argmax(axis=1)
        out, row = [], 0
        for d in docs:
            out.append([(start, start + len(text), self.labels[best[row + i]])
                        for i, (start, text, _, _) in enumerate(d)])
            row += len(d)
        return out

    def _embedding(self, ids: np.ndarray) -> np.ndarray:
        parts = []
        for col, (seed, table) in enumerate(self._embed):
            keys = row_keys(ids[:, col], seed) % np.uint32(table.shape[0])
            # summed in thinc's order (gather_add: one row after another)
            v = table[keys[:, 0]] + table[keys[:, 1]]
            v += table[keys[:, 2]]
            v += table[keys[:, 3]]
            parts.append(v)
        return self._maxout(np.concatenate(parts, axis=1), self._layers[0])

    @staticmethod
    def _maxout(x: np.ndarray, layer) -> np.ndarray:
        w, b, n_out, pieces, g, beta = layer
        y = x @ w
        y += b
        y = y.reshape(len(x), n_out, pieces).max(axis=2)
        mu = y.mean(axis=1, keepdims=True)
        var = y.var(axis=1, keepdims=True) + 1e-08
        y = (y - mu) * var ** (-1.0 / 2.0)
        return y * g + beta

    def _encode(self, x: np.ndarray, lengths: list[int]) -> np.ndarray:
        """The residual window layers, over the sentences laid end to end with ``pad``
        zero rows before each and after the last, as thinc's ``with_array`` does."""
        pad, width = self._pad, x.shape[1]
        rows = sum(lengths) + pad * (len(lengths) + 1)
        flat = np.zeros((rows, width), dtype=np.float32)
        where, at, pos = [], pad, 0
        for n in lengths:
            flat[at:at + n] = x[pos:pos + n]
            where.append((at, n))
            at += n + pad
            pos += n
        zero = np.zeros((1, width), dtype=np.float32)
        for layer in self._layers[1:]:
            cols = np.concatenate([np.concatenate([zero, flat[:-1]]), flat,
                                   np.concatenate([flat[1:], zero])], axis=1)
            flat = flat + self._maxout(cols, layer)
        return np.concatenate([flat[a:a + n] for a, n in where])
