"""Which characters of a Markdown or HTML document are prose.

Spinners only touch prose, and a repair must never touch anything else: code, URLs,
front matter, tags, attributes, scripts. So instead of rendering the document and
losing the way back, we classify every character of the *original* text as

* ``PROSE``: words a reader sees (paragraphs, headings, list items, table cells,
  link text, HTML text nodes);
* ``SPACE``: markup that sits inside a run of prose and reads as nothing, such as
  emphasis markers, a blockquote's ``>`` on a continuation line, inline HTML tags
  like ``<b>``, entities. A phrase may span it, but then it is only reported;
* ``BARRIER``: everything else. No phrase may cross it and nothing in it is touched.

The parsers are markdown-it-py (CommonMark, with GFM tables and strikethrough) and
the standard library's ``html.parser``; their positions are mapped back onto the
original text, and any piece that cannot be located exactly is left as a barrier,
so a surprise in the parser can only make unspin do less, never corrupt a file.
"""
from __future__ import annotations

import re
import threading
from bisect import bisect_right
from functools import lru_cache
from html.parser import HTMLParser

PROSE, SPACE, BARRIER = 0, 1, 2

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BARE_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'`]+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)
_FRONT_MATTER_OPEN = {"---": ("---", "..."), "+++": ("+++",)}


def classify(text: str, fmt: str) -> bytearray:
    """One class (PROSE / SPACE / BARRIER) per code point of ``text``."""
    if fmt == "markdown":
        kinds = _markdown(text)
    elif fmt == "html":
        kinds = _html(text)
    else:
        raise ValueError(f"no markup classifier for {fmt!r}")
    _protect_bare_urls(text, kinds)
    return kinds


def _fill(kinds: bytearray, start: int, end: int, kind: int) -> None:
    if end > start:
        kinds[start:end] = bytes((kind,)) * (end - start)


def _protect_bare_urls(text: str, kinds: bytearray) -> None:
    for m in _BARE_URL.finditer(text):
        if kinds[m.start()] == PROSE:
            _fill(kinds, m.start(), m.end(), BARRIER)


# ------------------------------------------------------------------ Markdown

def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end without the line break) of each line, splitting as CommonMark does."""
    out, pos = [], 0
    for m in _LINE_BREAK.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def front_matter_lines(lines: list[tuple[int, int]], text: str) -> int:
    """Number of lines taken by YAML (``---``) or TOML (``+++``) front matter at the top."""
    if not lines:
        return 0
    first = text[lines[0][0]:lines[0][1]].rstrip()
    closers = _FRONT_MATTER_OPEN.get(first)
    if not closers:
        return 0
    for i in range(1, len(lines)):
        if text[lines[i][0]:lines[i][1]].rstrip() in closers:
            return i + 1
    return 0


class _Recorder(threading.local):
    state = None
    spans: list


_REC = _Recorder()
# What each inline construct is, when it parses: code spans, autolinks, inline HTML
# and images are opaque; emphasis markers, escapes and entities sit inside prose.
_INLINE_KIND = {"backticks": BARRIER, "autolink": BARRIER, "html_inline": BARRIER, "image": BARRIER,
                "emphasis": SPACE, "strikethrough": SPACE, "escape": SPACE, "entity": SPACE,
                "newline": SPACE, "link": None}


def _wrap(name, fn):
    kind = _INLINE_KIND[name]

    def rule(state, silent):
        start = state.pos
        ok = fn(state, silent)
        if ok and not silent and _REC.state is state:
            end = state.pos
            if name == "link":
                # '[' reads as nothing; the label is prose (its own constructs were
                # recorded while it was parsed); '](url "title")' or '][ref]' is opaque.
                label_end = state.md.helpers.parseLinkLabel(state, start, True)
                if start < label_end <= end:
                    _REC.spans.append((start, start + 1, SPACE))
                    _REC.spans.append((label_end, end, BARRIER))
                else:
                    _REC.spans.append((start, end, BARRIER))
            else:
                _REC.spans.append((start, end, kind))
        return ok

    return rule


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.disable("inline")  # the core rule: we run the inline parser ourselves, recording positions
    for rule in list(md.inline.ruler.__rules__):
        if rule.name in _INLINE_KIND:
            md.inline.ruler.at(rule.name, _wrap(rule.name, rule.fn))
    return md


def _inline_spans(md, content: str, env) -> list[tuple[int, int, int]]:
    from markdown_it.rules_inline import StateInline

    state = StateInline(content, md, env, [])
    _REC.state, _REC.spans = state, []
    try:
        md.inline.tokenize(state)
        return _REC.spans
    finally:
        _REC.state, _REC.spans = None, []


def _markdown(text: str) -> bytearray:
    kinds = bytearray([BARRIER]) * len(text)
    lines = _lines(text)
    fm = front_matter_lines(lines, text)
    # Front matter becomes blank lines, so the parser's line numbers stay those of the file.
    src = text
    if fm:
        src = "\n" * fm + (text[lines[fm][0]:] if fm < len(lines) else "")
    md = _parser()
    env: dict = {}
    tokens = md.parse(src, env)
    cur_line, cur_col = 0, 0
    line_starts = [a for a, _ in lines]
    for tok in tokens:
        if tok.type != "inline" or not tok.map or not tok.content:
            continue
        l0, l1 = tok.map
        if l0 > cur_line:
            cur_line, cur_col = l0, 0
        segs = _align(text, lines, tok.content, cur_line, cur_col, l1)
        if segs is None:
            continue  # not located exactly: leave the whole block alone
        last_end = segs[-1][2]
        cur_line = bisect_right(line_starts, last_end) - 1
        cur_col = last_end - lines[cur_line][0]
        for i, (c0, s0, s1) in enumerate(segs):
            _fill(kinds, s0, s1, PROSE)
            if i:
                _fill(kinds, segs[i - 1][2], s0, SPACE)
        starts = [c0 for c0, _, _ in segs]
        for a, b, kind in _inline_spans(md, tok.content, env):
            lo, hi = _to_source(segs, a, b, starts)
            if lo is not None:
                _fill(kinds, lo, hi, kind)
    return kinds


def _align(text, lines, content, line, col, line_end):
    """Map each line of an inline block's content onto the file: [(content start, src start, src end)]."""
    segs, offset = [], 0
    for k, cline in enumerate(content.split("\n")):
        core = cline.strip()
        lead = len(cline) - len(cline.lstrip())
        if core:
            found = None
            while line < min(line_end, len(lines)):
                a, b = lines[line]
                q = text.find(core, a + col, b)
                if q != -1:
                    found = q
                    break
                line, col = line + 1, 0
            if found is None:
                return None
            segs.append((offset + lead, found, found + len(core)))
            line, col = line + 1, 0
        offset += len(cline) + 1
    return segs or None


def _to_source(segs, a, b, starts=None):
    """Source range covering content positions a..b (gaps between lines included)."""
    lo = hi = None
    if starts is None:
        starts = [c0 for c0, _, _ in segs]
    for c0, s0, s1 in segs[max(0, bisect_right(starts, a) - 1):]:
        if c0 >= b:
            break
        c1 = c0 + (s1 - s0)
        x, y = max(a, c0), min(b, c1)
        if x < y:
            if lo is None:
                lo = s0 + (x - c0)
            hi = s0 + (y - c0)
    return lo, hi


# ------------------------------------------------------------------ HTML

# Elements whose content is not prose.
_OPAQUE = frozenset("script style code pre kbd samp var textarea svg math template".split())
# Phrasing elements that may sit inside a spun phrase without breaking it.
_INLINE = frozenset("a abbr b bdi bdo cite data dfn em font i ins del mark q s small span strong sub sup "
                    "time u".split())


class _HTMLClassifier(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.kinds = bytearray([BARRIER]) * len(text)
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.opaque: list[str] = []

    def _here(self) -> int:
        line, col = self.getpos()
        return self.starts[line - 1] + col

    def _mark_raw(self, raw: str | None, kind: int) -> None:
        o = self._here()
        if raw and self.text.startswith(raw, o):
            _fill(self.kinds, o, o + len(raw), kind)

    def parse_marked_section(self, i, report=1):
        """A "<![" with no section name after it ("<![ ") makes the standard library's
        parser raise AssertionError (Python 3.11). HTML reads it as a bogus comment up to
        the next ">" (or the end), and so does this parser: markup, never prose. The
        position the failed scan moved is put back first, or every offset after it would
        be off."""
        pos = self.lineno, self.offset
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            self.lineno, self.offset = pos
            close = self.rawdata.find(">", i + 3)
            return close + 1 if close != -1 else len(self.rawdata)

    def handle_data(self, data):
        if not self.opaque:
            self._mark_raw(data, PROSE)

    def handle_starttag(self, tag, attrs):
        if tag in _OPAQUE:
            self.opaque.append(tag)
        elif tag in _INLINE and not self.opaque:
            self._mark_raw(self.get_starttag_text(), SPACE)

    def handle_startendtag(self, tag, attrs):
        if tag in _INLINE and not self.opaque:
            self._mark_raw(self.get_starttag_text(), SPACE)

    def handle_endtag(self, tag):
        if tag in self.opaque:
            while self.opaque and self.opaque.pop() != tag:
                pass
        elif tag in _INLINE and not self.opaque:
            o = self._here()
            close = self.text.find(">", o)
            if close != -1:
                _fill(self.kinds, o, close + 1, SPACE)

    def _entity(self, raw_start: str, name: str):
        if self.opaque:
            return
        o = self._here()
        end = o + len(raw_start) + len(name)
        if self.text.startswith(raw_start + name, o):
            if end < len(self.text) and self.text[end] == ";":
                end += 1
            _fill(self.kinds, o, end, SPACE)

    def handle_entityref(self, name):
        self._entity("&", name)

    def handle_charref(self, name):
        self._entity("&#", name)


def _html(text: str) -> bytearray:
    p = _HTMLClassifier(text)
    p.feed(text)
    p.close()
    return p.kinds


# ------------------------------------------------------------------ the detection view

def mask(text: str, kinds: bytearray) -> tuple[str, str]:
    """(text to detect on, text to count words on), both as long as ``text``.

    Non-prose characters become spaces (line breaks are kept, so sentence and line
    structure survive); a barrier inside a line also gets a '|' so that no phrase
    can match across it.
    """
    parts, count_parts, pos = [], [], 0
    for m in re.finditer(rb"[\x01\x02]+", kinds):
        a, b = m.span()
        parts.append(text[pos:a])
        count_parts.append(text[pos:a])
        run = text[a:b]
        blank = re.sub(r"[^\r\n]", " ", run)
        count_parts.append(blank)
        if kinds[a] == BARRIER or BARRIER in kinds[a:b]:
            if "\n" not in run and "\r" not in run and a > 0 and b < len(text):
                blank = "|" + blank[1:]
        parts.append(blank)
        pos = b
    parts.append(text[pos:])
    count_parts.append(text[pos:])
    return "".join(parts), "".join(count_parts)
