"""Word fit: a spinner's one-word swaps, given away by the words next to them.

Most of what a thesaurus spinner leaves behind is single ordinary words ("market
worth" for market value, "the best charges" for the best rates, "jaw ache" for jaw
pain). Alone each is English, and a list entry can only fire on them where its
context phrases say so. The words next to a swap still remember the original: in
"market worth" the neighbour "market" is followed by "value" far more often than by
"worth". So, in a document that already carries spin evidence, a word the lists know
as a spinner's swap is flagged when a plain bigram model finds the original word
fits between its neighbours many times better than the word on the page. Two sets of
word-pair counts speak, and their verdicts are averaged: Google Books (shipped by the
``symspellpy`` package) and web text (Peter Norvig's, shipped by ``wordsegment``); each
has gaps the other fills ("the center" is missing from the first, which spells it
"centre"). Where ``pocketsphinx`` is installed, its US English trigram language model
speaks as a third voice (``NGram``): it reads both neighbours at once and knows eight
times as many word pairs, so it speaks where the counts are silent ("native crops").

The models are weak (the counts know only the quarter million commonest word pairs, the
language model was trained for dictation), so word fit never
runs on a text without evidence, never makes evidence itself, and its findings are
``awkward`` and ``unsafe``: shown and scored, applied only with ``--unsafe-fixes``.
"""
from __future__ import annotations

import importlib.util
import math
import os
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from .articles import article_for
from .grammar.builtin import number_of
from .morph import forms, inflect_phrase

# a word-fit finding's rule is this prefix and the word ("word-fit/worth")
RULE_PREFIX = "word-fit/"
# and a same-swap finding's ("same-swap/worth"): see ``same_swaps``
SAME_SWAP_PREFIX = "same-swap/"
WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?")
# what ends the phrase a word sits in: the neighbour across it says nothing
_BEFORE = re.compile(r"[.!?;:()\[\]\"\u201c\u201d\n]")
_AFTER = re.compile(r"[.!?;:,()\[\]\"\u201c\u201d\n]")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\n])[\s\"'\u201c(\[*#>-]*$")


def swapped_word(rule: str) -> str | None:
    """The word a word-fit finding flagged, from its rule; None for any other rule."""
    return rule[len(RULE_PREFIX):] if rule.startswith(RULE_PREFIX) else None


def by_word_fit(rule: str) -> bool:
    """Did word fit or a same swap make the finding with this rule (not a list entry)?"""
    return rule.startswith((RULE_PREFIX, SAME_SWAP_PREFIX))


@lru_cache(maxsize=1)
def _raw() -> dict:
    # read at every start (the cache key names the sources): libyaml's loader, where there
    # is one, takes a millisecond where the pure-Python one takes fifteen
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = resources.files("unspin.data").joinpath("wordfit.yml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=loader)  # noqa: S506 (a safe loader)


@lru_cache(maxsize=1)
def data() -> tuple[frozenset, dict[str, str]]:
    """(function words, American -> British spellings) from ``data/wordfit.yml``."""
    raw = _raw()
    return (frozenset(str(w).lower() for w in raw["function_words"]),
            {str(k).lower(): str(v).lower() for k, v in raw["spellings"].items()})


_SPELLINGS: dict[str, str] | None = None


def _spellings() -> dict[str, str]:
    """``data()[1]``, read from a global: word fit asks for it a few hundred thousand
    times on a megabyte of spun text."""
    global _SPELLINGS
    if _SPELLINGS is None:
        _SPELLINGS = data()[1]
    return _SPELLINGS


@dataclass(frozen=True)
class Counts:
    """Word-pair and word counts of one source, restricted to the pairs a swap table can
    ask about. ``floor``: the count an unseen pair is taken to have (half the source's
    cut-off)."""
    bigrams: dict[tuple[str, str], int]
    unigrams: dict[str, int]
    floor: int = 500_000

    def pair(self, a: str, b: str) -> int:
        n = self.bigrams.get((a, b), 0)
        if n:
            return n
        spell = _spellings()
        if a in spell or b in spell:  # the list keeps some words in British spelling only
            return self.bigrams.get((spell.get(a, a), spell.get(b, b)), 0)
        return 0

    def word(self, w: str) -> int:
        return self.unigrams.get(w) or self.unigrams.get(_spellings().get(w, w)) or self.floor


def _folder(package: str) -> Path | None:
    """A package's folder, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def sources() -> list[tuple[dict, Path, Path]]:
    """The installed frequency lists: (source settings, word-pair file, word file)."""
    out = []
    for src in _raw()["sources"]:
        folder = _folder(src["package"])
        if folder is not None and (folder / src["bigrams"]).is_file() and (folder / src["unigrams"]).is_file():
            out.append((src, folder / src["bigrams"], folder / src["unigrams"]))
    return out


def source_id() -> str:
    """What the compiled lists' cache key needs to know of the counts."""
    return ";".join(f"{p}:{os.path.getsize(p)}" for _, b, u in sources() for p in (b, u)) or "no word counts"


def _inflected_pairs(spun: str, orig: str, pos: str):
    for surface, tag in forms(spun, pos).items():
        yield surface, inflect_phrase(orig, tag, pos) if tag and pos in ("noun", "verb") else orig


def swap_table(pairs: Iterable[tuple[str, str, str]], blocked: Iterable[str] = (),
               blocked_pairs: Iterable[tuple[str, str, str]] = ()) -> dict[str, tuple[str, ...]]:
    """spun word -> the words it may stand for, from (spun, original, part of speech)
    triples of one word each, every inflection included ("charges" -> "rates" from
    charge -> rate). ``blocked``: words never to treat as swaps (allowed phrases);
    ``blocked_pairs``: (spun, original, part of speech) never to propose, inflected alike."""
    blocked = set(blocked)
    never = {pair for spun, orig, pos in blocked_pairs for pair in _inflected_pairs(spun, orig, pos)}
    table: dict[str, list[str]] = {}
    for spun, orig, pos in pairs:
        if " " in spun or " " in orig or spun == orig:
            continue
        for surface, target in _inflected_pairs(spun, orig, pos):
            if " " in surface or " " in target or surface == target or surface in blocked \
                    or (surface, target) in never:
                continue
            if not (WORD.fullmatch(surface) and WORD.fullmatch(target)):
                continue
            table.setdefault(surface, [])
            if target not in table[surface]:
                table[surface].append(target)
    return {k: tuple(v) for k, v in sorted(table.items())}


def swap_blocks(swaps: Iterable[tuple[str, str, str, Iterable[str], Iterable[str]]]) -> dict:
    """(spun surface, original surface) -> (words before, words after) next to which the
    pair is not proposed, every inflection included. ``swaps``: (spun, original, part of
    speech, not_prev, not_next)."""
    out: dict[tuple[str, str], tuple[frozenset, frozenset]] = {}
    for spun, orig, pos, before, after in swaps:
        for pair in _inflected_pairs(spun, orig, pos):
            old = out.get(pair, (frozenset(), frozenset()))
            out[pair] = (old[0] | frozenset(before), old[1] | frozenset(after))
    return out


def _adjacent(text: str, tokens, i: int) -> tuple[str | None, str | None]:
    """The words right before and after token ``i`` in its phrase, whatever else flagged them."""
    prev = nxt = None
    if i and not _BEFORE.search(text, tokens[i - 1][1], tokens[i][0]):
        prev = _lower(tokens[i - 1][2])
    if i + 1 < len(tokens) and not _AFTER.search(text, tokens[i][1], tokens[i + 1][0]):
        nxt = _lower(tokens[i + 1][2])
    return prev, nxt


def _unblocked(origs: Sequence[str], low: str, blocks: dict, text: str, tokens, i: int) -> Sequence[str]:
    """``origs`` without those a swap's blocks rule out next to token ``i``."""
    if not blocks:
        return origs
    ruled = [(o, blocks.get((low, o))) for o in origs]
    if not any(b for _, b in ruled):
        return origs
    prev, nxt = _adjacent(text, tokens, i)
    return tuple(o for o, b in ruled if b is None or not (prev in b[0] or nxt in b[1]))


def mined_pairs(phrases: Iterable[tuple[str, ...]], min_count: int = 2) -> list[tuple[str, str, str]]:
    """One-word swaps read off the lists' phrase entries: where a spun phrase and its fix
    differ in one word ("market worth" / "market value"), that word pair is a swap the
    spinner makes, and once ``min_count`` entries show the same pair it is taken to be
    one it makes anywhere. Pairs with a function word are left out: "the" for "a" is a
    slip of one phrase, not a thesaurus entry. ``phrases``: (spun, fix) or (spun, fix,
    pos), folded. A noun entry may list its plural beside the singular with one singular
    fix (the engine inflects it): "dropout charges" / "dropout rate" would teach word fit
    "charges" -> "rate", which drops the plural, so such a form teaches nothing."""
    function_words = data()[0]
    seen: dict[tuple[str, str], int] = {}
    for spun, fix, *pos in phrases:
        a, b = spun.split(), fix.split()
        if len(a) != len(b) or len(a) < 2:
            continue
        if pos and pos[0] == "noun" and number_of(a[-1]) == "pl" and number_of(b[-1]) != "pl":
            continue
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            pair = (a[diff[0]], b[diff[0]])
            if not (set(pair) & function_words):
                seen[pair] = seen.get(pair, 0) + 1
    return [(a, b, "other") for (a, b), n in sorted(seen.items()) if n >= min_count]


def load_counts(vocabulary: set[str]) -> tuple[Counts, ...]:
    """For each installed source, the counts of every pair with a word of ``vocabulary``
    on either side, and of those words (a pair listed twice, in two cases, adds up)."""
    spell = data()[1]
    vocabulary = set(vocabulary) | {spell[w] for w in vocabulary if w in spell}
    out = []
    for src, bigram_path, unigram_path in sources():
        bigrams: dict[tuple[str, str], int] = {}
        with open(bigram_path, encoding="utf-8") as fh:
            for line in fh:
                parts = line.lower().split()
                if len(parts) == 3 and (parts[0] in vocabulary or parts[1] in vocabulary):
                    key = (parts[0], parts[1])
                    bigrams[key] = bigrams.get(key, 0) + int(parts[2])
        unigrams: dict[str, int] = {}
        with open(unigram_path, encoding="utf-8") as fh:
            for line in fh:
                parts = line.lower().split()
                if len(parts) == 2 and parts[0] in vocabulary:
                    unigrams[parts[0]] = unigrams.get(parts[0], 0) + int(parts[1])
        out.append(Counts(bigrams, unigrams, int(src["floor"])))
    return tuple(out)


def gain(prev: str | None, word: str, nxt: str | None, orig: str, counts: Counts,
         prev_alts: Sequence[str] = (), next_alts: Sequence[str] = ()) -> float | None:
    """log P(prev orig next) / P(prev word next) under one source's bigram model: how
    many times (as a natural log) better ``orig`` fits between the neighbours. None when
    no pair of ``orig`` with a neighbour was ever counted: then only the words' own
    frequencies would speak, and those say nothing about this place.

    ``prev_alts`` / ``next_alts``: the originals of a neighbour that is a known swap
    itself. A dictionary spinner swaps neighbours too, and then the pair on the page
    ("native crops") says nothing of either word, while the restored pair ("local
    plants") does. A neighbour's original is read only where the page's pair was never
    counted: a counted pair ("basic method") is a phrase people write."""
    floor = counts.floor
    total, seen = 0.0, False
    pair = counts.pair
    if prev is not None:
        o, w = pair(prev, orig), pair(prev, word)
        side = math.log(o or floor) - math.log(w or floor)
        if not w:
            for alt in prev_alts:
                joint = pair(alt, orig)
                if joint and math.log(joint) - math.log(floor) > side:
                    o, side = joint, math.log(joint) - math.log(floor)
        seen = seen or o > 0
        total += side
    if nxt is not None:
        o, w = pair(orig, nxt), pair(word, nxt)
        side = None
        if o or w:  # P(next | x); an unseen pair is below the cut-off, but never likelier than the seen one
            p_orig = o / counts.word(orig) if o else None
            p_word = w / counts.word(word) if w else None
            if p_orig is None:
                p_orig = min(floor / counts.word(orig), p_word)
            if p_word is None:
                p_word = min(floor / counts.word(word), p_orig)
            side = math.log(p_orig) - math.log(p_word)
        # neither pair counted: the words' own frequencies would be all that spoke
        if not w:
            for alt in next_alts:
                joint = pair(orig, alt)
                if joint:
                    value = math.log(joint / counts.word(orig)) - math.log(floor / counts.word(word))
                    if side is None or value > side:
                        o, side = joint, value
        seen = seen or o > 0
        total += side or 0.0
    return total if seen else None


class NGram:
    """A back-off n-gram language model as one voice of word fit (pocketsphinx's
    ``NGramModel``: a trigram model of US English, 72,000 words, two million word pairs).

    Where the pair lists stop at their cut-off it still speaks, and it reads the word
    after in the light of the word before ("local plants are" against "native crops
    are"). A back-off model always has an answer, and where it has seen neither word
    with the word before, that answer is only the words' own frequencies, which say
    nothing about this place: its verdict is then dropped unless the word after speaks.
    It has no counts of its own, so ``pair`` is always 0."""

    # log-probabilities come in the model's log units (base 1.0001)
    _UNIT = math.log(1.0001)
    _UNKNOWN = -500_000_000  # below this: a word the model does not know
    _ONE_MAX = 100_000  # words whose own log-probability is kept (see ``_one``)

    def __init__(self, model):
        self.model = model
        self._alone: dict[str, float | None] = {}  # a word's own log-probability, asked for again and again

    def pair(self, a: str, b: str) -> int:
        return 0

    def _lp(self, words: list[str]) -> float | None:
        """ln P(words[0] | words[1:]) (the history newest first), None for an unknown word."""
        value = self.model.prob(words)
        return None if value <= self._UNKNOWN else value * self._UNIT

    def _one(self, word: str) -> float | None:
        """``_lp([word])``, kept: the same words come back all the time (kept for at most
        100,000 words, so a stream of any length holds a bounded cache)."""
        alone = self._alone
        if word in alone:
            return alone[word]
        if len(alone) >= self._ONE_MAX:
            alone.clear()
        value = alone[word] = self._lp([word])
        return value

    def gain(self, prev: str | None, word: str, nxt: str | None, orig: str,
             prev2: str | None = None) -> float | None:
        """As ``gain`` of the counts; ``prev2``, the word before ``prev``, is read too (a
        trigram), so a function word before the place says more ("on the box")."""
        lp, one = self._lp, self._one
        o, w = one(orig), one(word)
        if o is None or w is None or (prev is None and nxt is None):
            return None
        total, speaks = 0.0, False
        history = [prev] if prev is not None else []
        if prev is not None:
            before = [prev, prev2] if prev2 is not None and one(prev2) is not None else [prev]
            a, b = lp([orig, *before]), lp([word, *before])
            if a is not None and b is not None:
                total += a - b
                # both backed off to the words alone: the difference is just their frequencies
                speaks = abs((a - b) - (o - w)) > 1e-3
        if nxt is not None:
            a, b = lp([nxt, orig, *history]), lp([nxt, word, *history])
            if a is not None and b is not None:
                total += a - b
                speaks = speaks or abs(a - b) > 1e-3
        return total if speaks else None


@lru_cache(maxsize=1)
def language_models() -> tuple[NGram, ...]:
    """The installed n-gram models of ``data/wordfit.yml``, loaded once (memory-mapped:
    a few milliseconds); none when their package is missing or cannot read them."""
    out = []
    for src in _raw().get("models", ()):
        folder = _folder(src["package"])
        path = folder / src["path"] if folder is not None else None
        if path is None or not path.is_file():
            continue
        try:
            from pocketsphinx import NGramModel  # noqa: PLC0415 (optional, and slow to import)
            out.append(NGram(NGramModel.readfile(str(path))))
        except Exception:  # noqa: BLE001 (a broken or foreign install: word fit goes on without it)
            continue
    return tuple(out)


def voiced_gain(prev: str | None, word: str, nxt: str | None, orig: str, models: Sequence,
                prev_alts: Sequence[str] = (), next_alts: Sequence[str] = (),
                prev2: str | None = None) -> tuple[int, float | None]:
    """(how many voices speak here, their gains averaged): a count source that counted a
    pair of ``orig`` here, a language model that knows more than the words' frequencies
    (it also reads ``prev2``, the word before ``prev``)."""
    return _voiced(prev, word, nxt, orig, *_split(models), prev_alts, next_alts, prev2)


def _split(models: Sequence) -> tuple[tuple, tuple]:
    """(count sources, language models) of ``models``: told apart once per call of
    ``fits`` or ``edge_gain``, not once per word and original (a tenth of word fit's time)."""
    return (tuple(m for m in models if not isinstance(m, NGram)),
            tuple(m for m in models if isinstance(m, NGram)))


def _voiced(prev, word, nxt, orig, counters: tuple, ngrams: tuple, prev_alts=(), next_alts=(),
            prev2=None) -> tuple[int, float | None]:
    gains = []
    for m in counters:
        g = gain(prev, word, nxt, orig, m, prev_alts, next_alts)
        if g is not None:
            gains.append(g)
    if not gains and any((prev is not None and m.pair(prev, word)) or (nxt is not None and m.pair(word, nxt))
                         for m in counters):
        return 0, None  # the counts know the page's pair and never saw the original's: that favours the page
    for m in ngrams:
        g = m.gain(prev, word, nxt, orig, prev2)
        if g is not None:
            gains.append(g)
    return len(gains), (sum(gains) / len(gains) if gains else None)


def mean_gain(prev: str | None, word: str, nxt: str | None, orig: str, models: Sequence,
              prev_alts: Sequence[str] = (), next_alts: Sequence[str] = ()) -> float | None:
    """The voices' gains averaged, over those that speak here (see ``voiced_gain``)."""
    return voiced_gain(prev, word, nxt, orig, models, prev_alts, next_alts)[1]


def edge_gain(text: str, start: int, end: int, fix: str, models: Sequence) -> tuple[float | None, str]:
    """(gain, "prev _ next"): how much better (a natural log: the voices averaged on each
    side, the two sides added) the fix of the phrase at ``start:end`` fits between its
    neighbours than the phrase on the page. Read at the edges only: the words inside a
    phrase fit each other either way ("birthday party" as well as "party"), so only where
    it meets the text can tell. None when no voice speaks for either side."""
    spun = [_lower(w) for w in WORD.findall(text, start, end)]
    fixed = [_lower(w) for w in WORD.findall(fix)]
    if not spun or not fixed:
        return None, ""
    before = list(WORD.finditer(text, max(0, start - 80), start))
    prev = prev2 = None
    if before and not _BEFORE.search(text, before[-1].end(), start) \
            and _SENTENCE_START.search(text, max(0, start - 12), start) is None:
        prev = _lower(before[-1].group())
        if len(before) > 1 and not _BEFORE.search(text, before[-2].end(), before[-1].start()):
            prev2 = _lower(before[-2].group())
    after = WORD.search(text, end, min(len(text), end + 80))
    nxt = _lower(after.group()) if after and not _AFTER.search(text, end, after.start()) else None
    total, spoke = 0.0, False
    counters, ngrams = _split(models)
    if prev is not None and spun[0] != fixed[0]:
        g = _voiced(prev, spun[0], None, fixed[0], counters, ngrams, prev2=prev2)[1]
        if g is not None:
            total, spoke = total + g, True
    if nxt is not None and spun[-1] != fixed[-1]:
        g = _voiced(None, spun[-1], nxt, fixed[-1], counters, ngrams)[1]
        if g is not None:
            total, spoke = total + g, True
    return (total if spoke else None), " ".join(x for x in (prev, "_", nxt) if x)


def edge_words(phrase: str) -> tuple[str, ...]:
    """The first and last words of a phrase, lower case: what ``edge_gain`` looks up."""
    words = [_lower(w) for w in WORD.findall(phrase)]
    return (words[0], words[-1]) if words else ()


@dataclass(frozen=True)
class Fit:
    start: int
    end: int
    word: str  # as on the page
    original: str  # lower case
    gain: float | None  # None: no pair of the original with a neighbour was counted
    prev: str | None
    next: str | None
    article: str | None = None  # "a"/"an" before the word, when it fits the original and not the word
    repaired: tuple[bool, bool] = (False, False)  # prev, next: a repair's word, not the page's (``Edges``)


def word_tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of every word: made once per text and handed to ``fits`` and
    ``same_swaps`` (on a long spun text, a tenth of their time)."""
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


def _lower(word: str) -> str:
    return word.lower().replace("\u2019", "'")


def _neighbours(text: str, tokens, i: int, is_spun,
                edges: "Edges | None" = None) -> tuple[bool, str | None, str | None, tuple[bool, bool]]:
    """(at a sentence start, previous word, next word, which of the two are a repair's)
    of token ``i``; a neighbour across punctuation or inside a ``spun`` span is None: it
    says nothing of this place, unless the span is a repaired finding that ends (starts)
    right there: then the neighbour is the repair's word next to this place (see ``Edges``)."""
    start, end, _ = tokens[i]
    at_start = _SENTENCE_START.search(text, max(0, start - 12), start) is not None
    prev = nxt = None
    prev_repaired = next_repaired = False
    if i and not at_start and not _BEFORE.search(text, tokens[i - 1][1], start):
        if not is_spun(tokens[i - 1]):
            prev = _lower(tokens[i - 1][2])
        elif edges is not None:
            prev = edges.ends.get(tokens[i - 1][1])
            prev_repaired = prev is not None
    if i + 1 < len(tokens) and not _AFTER.search(text, end, tokens[i + 1][0]):
        if not is_spun(tokens[i + 1]):
            nxt = _lower(tokens[i + 1][2])
        elif edges is not None:
            nxt = edges.starts.get(tokens[i + 1][0])
            next_repaired = nxt is not None
    return at_start, prev, nxt, (prev_repaired, next_repaired)


@dataclass(frozen=True)
class Edges:
    """The outer words of the repairs already found, by where their findings end and
    start. A spinner swaps neighbours together ("monetary scene" for financial landscape):
    beside a finding, the word on the page says nothing, but its repair is what the
    writer had there, and the swap next to it is judged against that ("financial
    _" favours "landscape" over "scene")."""
    ends: dict[int, str]  # end offset of a finding -> its suggestion's last word, lower case
    starts: dict[int, str]  # start offset of a finding -> its suggestion's first word

    @classmethod
    def of(cls, repairs: Iterable[tuple[int, int, str | None]]) -> "Edges":
        ends, starts = {}, {}
        for start, end, suggestion in repairs:
            words = WORD.findall(suggestion or "")
            if words:
                ends[end] = _lower(words[-1])
                starts[start] = _lower(words[0])
        return cls(ends, starts)


def _second_before(text: str, tokens, i: int, is_spun) -> str | None:
    """The word two before token ``i``, when nothing but a space separates the three and it
    is no finding's; None otherwise."""
    if i < 2 or is_spun(tokens[i - 2]) or _AFTER.search(text, tokens[i - 2][1], tokens[i - 1][0]):
        return None
    return _lower(tokens[i - 2][2])


def _spun_test(spun: list[tuple[int, int]]):
    starts = [s for s, _ in spun]

    def is_spun(tok) -> bool:
        i = bisect_right(starts, tok[0]) - 1
        return i >= 0 and spun[i][1] > tok[0]
    return is_spun


def _outside(skip: list[tuple[int, int]]):
    """A test, for tokens taken in order, that a token overlaps none of ``skip``
    (sorted, disjoint)."""
    at = [0]

    def outside(start: int, end: int) -> bool:
        si = at[0]
        while si < len(skip) and skip[si][1] <= start:
            si += 1
        at[0] = si
        return not (si < len(skip) and skip[si][0] < end)
    return outside


def _table_words(text: str, table: dict, skip: list[tuple[int, int]], spun: list[tuple[int, int]],
                 words: list[tuple[int, int, str]] | None):
    """(index, tokens, is_spun, word in lower case, its value in ``table``) for every word
    of ``table`` in ``text`` outside ``skip``, acronyms and shouted headings excepted."""
    tokens = words if words is not None else word_tokens(text)
    is_spun = _spun_test(spun)
    outside = _outside(skip)
    for i, (start, end, word) in enumerate(tokens):
        low = word.lower()
        if "\u2019" in low:
            low = low.replace("\u2019", "'")
        value = table.get(low)
        if value is None or not outside(start, end):
            continue
        if word.isupper() and len(word) > 1:
            continue
        yield i, tokens, is_spun, low, value


def fits(text: str, table: dict[str, tuple[str, ...]], models: Sequence[Counts], min_gain: float,
         skip: list[tuple[int, int]] = (), spun: list[tuple[int, int]] = (),
         words: list[tuple[int, int, str]] | None = None, function_min_gain: float | None = None,
         article_gain: float = 0.0, blocks: dict | None = None, edges: Edges | None = None,
         function_margin: float = 0.0) -> Iterator[Fit]:
    """Every known swap in ``text`` whose best original fits ``min_gain`` better, outside
    the ``skip`` spans (sorted, disjoint: what the lists already matched or allowed). A
    neighbour inside a ``spun`` span (sorted: the findings) is no evidence: it is a swap
    itself ("the person reviews" is "the person experiences", not "the user reviews").

    A spinner swaps the word after an article and leaves the article: "a information"
    was "a guide". An article that fits an original and not the word on the page adds
    ``article_gain`` to that original, and makes the place worth judging even between
    function words (0: the article is not read). ``blocks``: see ``swap_blocks``;
    ``edges``: the repairs of the ``spun`` spans, read as neighbours (see ``Edges``).
    Between function words alone the neighbours favour common words, and they tell two
    originals apart poorly ("the _ your" fits "words" and "terms" alike): there the best
    original must beat every other by ``function_margin`` (a natural log) or none is chosen
    (0: no such check, as in a document with overwhelming evidence)."""
    function_words = data()[0]
    counters, ngrams = _split(models)
    for i, tokens, is_spun, low, origs in _table_words(text, table, skip, spun, words):
        origs = _unblocked(origs, low, blocks, text, tokens, i)
        if not origs:
            continue
        start, end, word = tokens[i]
        at_start, prev, nxt, repaired = _neighbours(text, tokens, i, is_spun, edges)
        if word[0].isupper() and not at_start:
            continue  # a capital mid-sentence: a name, a title
        article = _article_before(text, tokens, i) if article_gain else None
        fitting = _article_fits(article, word, origs)
        bar, between = min_gain, False
        if not fitting and all(x is None or x in function_words for x in (prev, nxt)):
            # next to function words alone the model mostly prefers the commoner word
            if function_min_gain is None or (prev is None and nxt is None):
                continue
            bar, between = function_min_gain, True
        # a neighbour that is a known swap itself may be read as its original (see ``gain``)
        prev2 = _second_before(text, tokens, i, is_spun) if prev is not None else None
        prev_alts = table.get(prev, ()) if prev is not None and prev not in function_words else ()
        next_alts = table.get(nxt, ()) if nxt is not None and nxt not in function_words else ()
        # an original more voices speak for wins: where the counts saw one original with these
        # neighbours and never another ("they travel overseas", not "they trip overseas"), their
        # silence on the second is evidence against it, whatever the language model alone says
        best, best_gain, best_voices = None, None, 0
        gains = {}
        for orig in origs:
            voices, g = _voiced(prev, low, nxt, orig, counters, ngrams, prev_alts, next_alts, prev2)
            if g is not None and orig in fitting:
                g += article_gain
            if g is not None:
                gains[orig] = g
            if g is not None and (best_gain is None or (voices, g) > (best_voices, best_gain)):
                best, best_gain, best_voices = orig, g, voices
        if between and function_margin > 0 and any(
                g > best_gain - function_margin for o, g in gains.items() if o != best):
            continue
        if best is not None and best_gain >= bar:
            yield Fit(start, end, word, best, best_gain, prev, nxt, article if best in fitting else None, repaired)


def _article_before(text: str, tokens, i: int) -> str | None:
    """"a" or "an" right before token ``i`` (whatever flagged it: the article slip is
    what the spinner left), else None."""
    prev = _adjacent(text, tokens, i)[0]
    return prev if prev in ("a", "an") else None


def _article_fits(article: str | None, word: str, origs: Sequence[str]) -> tuple[str, ...]:
    """The originals ``article`` fits, when it does not fit ``word``."""
    if article is None or article_for(word) in (None, article):
        return ()
    return tuple(o for o in origs if article_for(o) == article)


def same_swaps(text: str, swapped: dict[str, str], models: Sequence[Counts], min_gain: float,
               skip: list[tuple[int, int]] = (), spun: list[tuple[int, int]] = (),
               words: list[tuple[int, int, str]] | None = None, blocks: dict | None = None) -> Iterator[Fit]:
    """The other places of words already found swapped in this text (``swapped``: word
    -> its original, lower case), outside ``skip`` (sorted, disjoint).

    A dictionary spinner swaps a word the same way wherever it occurs, so once one
    place gives a swap away, its twins need no strong evidence of their own: only that
    their neighbours do not favour the word on the page (a gain of at least
    ``min_gain``, or no counted pair of either word with them). That is what lets a swap next to function
    words or rare pairs, where word fit cannot speak ("your garments", "packaged
    meals"), be found. ``gain`` is None on a returned ``Fit`` whose neighbours were
    never counted."""
    for i, tokens, is_spun, low, orig in _table_words(text, swapped, skip, spun, words):
        if not _unblocked((orig,), low, blocks, text, tokens, i):
            continue
        start, end, word = tokens[i]
        if text[start - 1:start] == "-" or text[end:end + 1] == "-":
            continue  # part of a compound ("self-employed"): not the word alone
        _, prev, nxt, _ = _neighbours(text, tokens, i, is_spun)
        g = mean_gain(prev, low, nxt, orig, models)
        if g is None and any((prev and m.pair(prev, low)) or (nxt and m.pair(low, nxt)) for m in models):
            continue  # the page's pair is counted and the original's is not: that favours the page
        if g is None or g >= min_gain:
            yield Fit(start, end, word, orig, g, prev, nxt)
