"""spaCy's English tokenizer, replayed in pure Python from its exported rules.

The tagger was trained on spaCy's tokens, so tagging needs exactly those tokens; but
importing spaCy costs a second of start-up, more than everything else unspin does
before its first finding. The rules (prefix, suffix, infix and URL patterns, the special
cases and their norms) are exported once from the installed model (``tagger.export``)
and kept in the cache. This module applies them step for step as spaCy's Cython
tokenizer does (``spacy/tokenizer.pyx``: whitespace chunks, affix splitting, infixes,
then the special cases that span several affix tokens). Tests compare the two on
awkward text and on every sentence of the test corpora.
"""
from __future__ import annotations

import re
from functools import lru_cache

# A token: [start, text, followed by a space, norm set by a special case or None]
Token = list


class Tokenizer:
    def __init__(self, spec: dict):
        def compiled(name):
            pattern = spec.get(name)
            return None if pattern is None else re.compile(pattern)

        self._prefix = compiled("prefix")
        self._suffix = compiled("suffix")
        self._infix = compiled("infix")
        self._url = compiled("url")
        self._token_match = compiled("token_match")
        # special case -> its tokens, as (text, norm or None) pairs
        self.specials: dict[str, tuple[tuple[str, str | None], ...]] = {
            key: tuple((orth, norm) for orth, norm in toks) for key, toks in spec["specials"].items()}
        # The special cases spaCy also looks for across affix tokens (those containing an
        # affix or a space), by their affix-only tokens (``affix_orths``); first token -> cases.
        self._multi: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for key, orths in spec["multi"].items():
            if orths:
                self._multi.setdefault(orths[0], []).append((tuple(orths), key))
        self._chunk = lru_cache(maxsize=20000)(self._chunk_uncached)

    def affix_orths(self, text: str) -> list[str]:
        """The tokens of ``text`` by the affix rules alone, no special case: how spaCy's
        matcher of multi-token special cases spells each case."""
        return [t[1] for t in self._tokens(text, False)]

    def __call__(self, text: str) -> list[Token]:
        """The tokens of ``text`` (whitespace runs other than one space are tokens too)."""
        out = self._tokens(text, True)
        return self._apply_multi(text, out) if self._multi else out

    def _tokens(self, text: str, specials: bool) -> list[Token]:
        out: list[Token] = []
        if not text:
            return out
        start = 0
        in_ws = text[0].isspace()
        for i, ch in enumerate(text):
            if ch.isspace() != in_ws:
                if start < i:
                    self._add_chunk(text, start, i, out, specials)
                if ch == " ":
                    out[-1][2] = True
                    start = i + 1
                else:
                    start = i
                in_ws = not in_ws
        if start < len(text):
            self._add_chunk(text, start, len(text), out, specials)
            out[-1][2] = text[-1] == " " and not in_ws
        return out

    def _add_chunk(self, text: str, start: int, end: int, out: list[Token], specials: bool) -> None:
        if not specials:
            out.extend(self._affix_tokens(text[start:end], start, False))
            return
        for offset, orth, norm in self._chunk(text[start:end]):
            out.append([start + offset, orth, False, norm])

    def _chunk_uncached(self, chunk: str) -> tuple:
        return tuple((t[0], t[1], t[3]) for t in self._affix_tokens(chunk, 0, True))

    def _special(self, key: str, start: int) -> list[Token]:
        toks, pos = [], start
        for orth, norm in self.specials[key]:
            toks.append([pos, orth, False, norm])
            pos += len(orth)
        return toks

    def _affix_tokens(self, chunk: str, start: int, specials: bool) -> list[Token]:
        """One whitespace-free chunk: a special case whole, else prefixes, the rest
        (split at infixes), suffixes; as ``Tokenizer._tokenize`` in spaCy."""
        if specials and chunk in self.specials:
            return self._special(chunk, start)
        prefixes, rest, suffixes = self._split_affixes(chunk, specials)
        toks: list[Token] = []
        pos = start
        for p in prefixes:
            toks.append([pos, p, False, None])
            pos += len(p)
        if rest:
            if specials and rest in self.specials:
                toks.extend(self._special(rest, pos))
            elif ((self._token_match is not None and self._token_match.match(rest))
                  or (self._url is not None and self._url.match(rest))):
                toks.append([pos, rest, False, None])
            else:
                matches = list(self._infix.finditer(rest)) if self._infix is not None else []
                if not matches:
                    toks.append([pos, rest, False, None])
                else:
                    at = 0
                    for m in matches:
                        a, b = m.start(), m.end()
                        if a == 0:
                            continue
                        if a != at:
                            toks.append([pos + at, rest[at:a], False, None])
                        if a != b:
                            toks.append([pos + a, rest[a:b], False, None])
                        at = b
                    if rest[at:]:
                        toks.append([pos + at, rest[at:], False, None])
            pos += len(rest)
        for s in reversed(suffixes):
            toks.append([pos, s, False, None])
            pos += len(s)
        return toks

    def _find(self, pattern, s: str) -> int:
        if pattern is None:
            return 0
        m = pattern.search(s)
        return 0 if m is None else m.end() - m.start()

    def _split_affixes(self, s: str, specials: bool) -> tuple[list[str], str, list[str]]:
        prefixes: list[str] = []
        suffixes: list[str] = []
        last_size = -1
        prefix = suffix = ""
        while s and len(s) != last_size:
            if self._token_match is not None and self._token_match.match(s):
                break
            if specials and s in self.specials:
                break
            last_size = len(s)
            pre_len = self._find(self._prefix, s)
            if pre_len:
                prefix, minus_pre = s[:pre_len], s[pre_len:]
                if minus_pre and specials and minus_pre in self.specials:
                    s = minus_pre
                    prefixes.append(prefix)
                    break
            suf_len = self._find(self._suffix, s[pre_len:])
            if suf_len:
                suffix, minus_suf = s[-suf_len:], s[:-suf_len]
                if minus_suf and specials and minus_suf in self.specials:
                    s = minus_suf
                    suffixes.append(suffix)
                    break
            if pre_len and suf_len and pre_len + suf_len <= len(s):
                s = s[pre_len:-suf_len]
                prefixes.append(prefix)
                suffixes.append(suffix)
            elif pre_len:
                s = s[pre_len:]
                prefixes.append(prefix)
            elif suf_len:
                s = s[:-suf_len]
                suffixes.append(suffix)
        return prefixes, s, suffixes

    def _apply_multi(self, text: str, toks: list[Token]) -> list[Token]:
        """Special cases spanning several affix tokens ("e.g." after "(" and before ","),
        chosen as spaCy's ``_filter_special_spans`` does: longest first, then leftmost;
        a span is dropped when its first or last token is taken, and every span seen
        takes its tokens."""
        found = []
        for i, t in enumerate(toks):
            for orths, key in self._multi.get(t[1], ()):
                j = i + len(orths)
                if j <= len(toks) and all(toks[i + k][1] == o for k, o in enumerate(orths)):
                    found.append((i, j, key))
        if not found:
            return toks
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
        seen: set[int] = set()
        chosen = {}
        for i, j, key in found:
            if i not in seen and j - 1 not in seen:
                chosen[i] = (j, key)
            seen.update(range(i, j))
        out: list[Token] = []
        i = 0
        while i < len(toks):
            if i not in chosen:
                out.append(toks[i])
                i += 1
                continue
            j, key = chosen[i]
            span_text = text[toks[i][0]:toks[j - 1][0] + len(toks[j - 1][1])]
            if span_text in self.specials:
                new = self._special(span_text, toks[i][0])
                new[-1][2] = toks[j - 1][2]
                out.extend(new)
            else:
                out.extend(toks[i:j])
            i = j
        return out
