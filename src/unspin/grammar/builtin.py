"""Grammar checks that need no Java and no network: what repairs and spinner damage need.

* ``grammar/a-an``: "a" or "an" by the next word's sound (``articles.py``, with its
  exceptions: "an hour", "a university", "an MRI");
* ``grammar/repeated-word``: "the the" (but "had had", "that that");
* ``grammar/sentence-start``: a lower-case word after a full stop (not after "e.g.");
* ``grammar/stray-capital``: a capital a spinner left mid-sentence ("delivers A
  variety of", "use Mild, hydrating products"): function words in any text, other
  words only when ``spun`` says the document already shows spin;
* agreement of a verb or determiner with a noun phrase whose number a repair
  changed (``agreement_fix``, used by the repair step).

Word lists and exceptions are in ``data/grammar.yml``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from .. import articles
from ..casing import SMALL_WORDS
from ..lexicon import lemmas
from .base import Issue, data

A_AN, REPEATED, SENTENCE_START, STRAY_CAPITAL, AGREEMENT = (
    "grammar/a-an", "grammar/repeated-word", "grammar/sentence-start", "grammar/stray-capital",
    "grammar/agreement")
RULES = (A_AN, REPEATED, SENTENCE_START, STRAY_CAPITAL, AGREEMENT)

_ARTICLE = re.compile(r"(?<![\w'’.\-])(a|A|an|An|AN)[ \t]+([A-Za-z][\w'’\-]*)")
_REPEAT = re.compile(r"(?<![\w'’\-])([A-Za-z]+(?:['’][A-Za-z]+)?)([ \t]+)(\1)(?![\w'’\-])", re.IGNORECASE)
_LOWER_START = re.compile(r"(?<=[.!?])([\"”’')\]]*)([ \t]+|[ \t]*\n[ \t]*)([a-z][\w'’\-]*)")
_CAPITAL = re.compile(r"(?<![\w'’.\-])([A-Z][a-z]*(?:['’][a-z]+)?)(?![\w'’\-])")
_NEXT_WORD = re.compile(r"^(,?)[ \t]+([A-Za-z][\w'’\-]*)")
_TOKEN_BEFORE_DOT = re.compile(r"([\w.]+)\.$")


class BuiltinChecker:
    """The built-in checks behind the ``GrammarChecker`` interface."""

    name = "builtin"

    def __init__(self, rules: Sequence[str] = (A_AN, REPEATED, SENTENCE_START, STRAY_CAPITAL)):
        self.rules = tuple(rules)

    def check_texts(self, texts: Sequence[str]) -> list[list[Issue]]:
        return [self.check(t) for t in texts]

    def check(self, text: str, *, spun: bool = False) -> list[Issue]:
        """Every issue in ``text``; ``spun``: also stray capitals of content words."""
        out: list[Issue] = []
        if A_AN in self.rules:
            out += a_an(text)
        if REPEATED in self.rules:
            out += repeated_words(text)
        if SENTENCE_START in self.rules:
            out += sentence_starts(text)
        if STRAY_CAPITAL in self.rules:
            out += stray_capitals(text, content=spun)
        out.sort(key=lambda i: (i.start, i.end))
        return out


# ------------------------------------------------------------------ a / an

def article_mismatches(text: str):
    """(match, article, next word, corrected article) for every "a"/"an" that does not
    fit the next word's sound: the scan both the grammar check and the engine's spin
    evidence (``Unspinner``'s a/an findings) build on, each with its own exceptions."""
    for m in _ARTICLE.finditer(text):
        article, word = m.group(1), m.group(2)
        if article.lower() == "an" and word[:1].lower() == "h":
            continue  # "an historic": old-fashioned, not wrong
        new = articles.with_article(article, word)
        if new is not None:
            yield m, article, word, new


def word_after_article(text: str, start: int) -> str | None:
    """The word that the "a"/"an" at ``start`` stands before, as ``article_mismatches`` reads it."""
    m = _ARTICLE.match(text, start)
    return m.group(2) if m else None


def a_an(text: str) -> list[Issue]:
    out = []
    for m, article, word, new in article_mismatches(text):
        if article == "A" and _capital_expected_after(text, m.start(1)):
            continue  # "vitamin A", "type A"
        if article == "A" and word[:1].isupper() and _mid_sentence(text, m.start(1)):
            continue  # "Plan A Group": a label in a name, not an article
        out.append(Issue(m.start(1), m.end(1), article, new, A_AN,
                         f"'{article} {word}': use '{new}' before a word that sounds like '{word}'", "articles"))
    return out


def _capital_expected_after(text: str, pos: int) -> bool:
    m = prev_word(text, pos)
    return m is not None and not m[1] and (m[0].lower() in data()["capital_after_words"]
                                           or articles.is_label(m[0]))


_WORD_CHARS = "'’-_"


def prev_word(text: str, pos: int) -> tuple[str, str, int] | None:
    """(word, comma, start) of the word just before ``pos`` and the blanks (and comma)
    after it, within 40 characters: what the regex ``([A-Za-z][\\w'’\\-]*)(,?)[ \\t]+\\Z``
    finds in ``text[pos - 40:pos]``, by a backwards walk (the regex search retried every
    start in the window, and this runs for every capitalised word of a spun document). A
    line break just before ``pos`` means no word: the one before it is on another line."""
    lo = max(0, pos - 40)
    i = pos
    while i > lo and text[i - 1] in " \t":
        i -= 1
    if i == pos:
        return None
    comma = ""
    if i > lo and text[i - 1] == ",":
        comma, i = ",", i - 1
    j = i
    while j > lo and (text[j - 1].isalnum() or text[j - 1] in _WORD_CHARS):
        j -= 1
    while j < i and not ("a" <= text[j] <= "z" or "A" <= text[j] <= "Z"):
        j += 1
    return (text[j:i], comma, j) if j < i else None


# ------------------------------------------------------------------ repeated words

def repeated_words(text: str) -> list[Issue]:
    out = []
    ok = data()["repeated_ok"]
    for m in _REPEAT.finditer(text):
        first, second = m.group(1), m.group(3)
        if first.lower().replace("’", "'") in ok:
            continue
        if first != second and first.lower() != second.lower():
            continue
        if len(first) == 1 and first.lower() != "a":
            continue  # "S S" in a formula, initials
        out.append(Issue(m.start(1), m.end(3), m.group(0), first, REPEATED,
                         f"'{first}' is written twice", "repetition"))
    return out


# ------------------------------------------------------------------ sentence starts

def sentence_starts(text: str) -> list[Issue]:
    out = []
    d = data()
    for m in _LOWER_START.finditer(text):
        word = m.group(3)
        dot = m.start(1) - 1
        if m.group(1) and text[dot] in "?!":
            continue  # '"... exercising?" how many': a quoted question inside the sentence
        if text[dot] == "." and (dot > 0 and text[dot - 1] == "." or text[dot + 1:dot + 2] == "."):
            continue  # an ellipsis
        before = _TOKEN_BEFORE_DOT.search(text[max(0, dot - 20):dot + 1])
        if before and text[dot] == ".":
            token = before.group(1).lower()
            if token.rstrip(".") in d["abbreviations"] or "." in token.rstrip(".") or len(token) == 1:
                continue  # "e.g. the", "approx. ten", "J. smith"
            if token.isdigit() and _line_start_before(text, dot - len(token)):
                continue  # a numbered list item: "1. apples"
        low = word.lower().replace("’", "'")
        if low in d["lowercase_words"] or any(c.isupper() for c in word[1:]) or any(c.isdigit() for c in word):
            continue
        out.append(Issue(m.start(3), m.end(3), word, word[0].upper() + word[1:], SENTENCE_START,
                         f"'{word}' starts a sentence: capitalise it", "casing"))
    return out


def _line_start_before(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] == "\n"


# ------------------------------------------------------------------ stray capitals

_OPENERS = frozenset('.!?:;"“‘([{-–—•*#>|/')


def _mid_sentence(text: str, pos: int) -> bool:
    """Is ``pos`` inside running text: after a lower-case word (and maybe a comma) on the same line?"""
    if pos == 0 or text[pos - 1] not in " \t":
        return False  # what the pattern below requires, checked without a regex search
    m = prev_word(text, pos)
    if m is None:
        return False
    word, comma, i = m
    if word.lower() in data()["capital_after_words"]:
        return False
    if word[:1].islower():
        return True
    # a capitalised word counts only as the first word of a sentence: "Apply A thin layer"
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return not comma and word[1:].islower() and (i == 0 or text[i - 1] in ".!?\n")


def stray_capitals(text: str, *, content: bool = False, words: set | None = None) -> list[Issue]:
    """Capitalised words in mid-sentence that should be lower case.

    ``content``: judge content words too (only for documents with spin evidence);
    ``words``: only these word offsets (start positions), e.g. inside repairs."""
    out = []
    d = data()
    counts = _mid_capital_counts(text) if content else {}
    for m in _CAPITAL.finditer(text):
        if words is not None and m.start(1) not in words:
            continue
        word = m.group(1)
        low = word.lower().replace("’", "'")
        if len(word) == 1 and low != "a":
            continue  # "I", initials
        if not _mid_sentence(text, m.start(1)):
            continue
        nxt = _NEXT_WORD.match(text[m.end(1):m.end(1) + 40])
        if not nxt or not nxt.group(2)[:1].islower():
            continue  # end of sentence, or a Title Case run ("the New York office")
        if low in d["name_words"] or _title_run(text, m.start(1), m.end(1)) or _title_line(text, m.start(1)):
            continue
        if low not in d["function_words"]:
            if not content or counts.get(word, 0) > 1 or not _common_word(low) or _verb_s(low):
                continue  # "... Explains the right way": a list item run into the text, not a stray
            before = prev_word(text, m.start(1))
            if _after_comma(before):
                continue  # "for dry skin, Hazelnut oil is...": a clause that opens with a name
            if _after_capital(before):
                continue  # "Deep Learning, a subset of": a name or a term after a sentence's first word
            if nxt.group(2).lower() in d["eponym_nouns"]:
                continue  # a name before "coefficient", "test", "syndrome": "the Dice coefficient"
        if low == "a" and nxt.group(1):
            continue  # "plan A, then"
        out.append(Issue(m.start(1), m.end(1), word, low, STRAY_CAPITAL,
                         f"'{word}' has a capital in mid-sentence, as spinners leave them", "casing"))
    return out


def _after_comma(before: tuple[str, str, int] | None) -> bool:
    """Does a comma follow ``before`` (``prev_word`` of the capital)? On real web pages a capital
    after a comma mostly opens a clause with a name or a product ("moisturising, Hazelnut
    oil is", "for profiling, Unity handles"); the capitals spinners paste stand after a
    lower-case word ("delivers A variety of", "boosts Total garden health")."""
    return before is not None and before[1] == ","


def _after_capital(before: tuple[str, str, int] | None) -> bool:
    """Is ``before`` (``prev_word`` of the capital) capitalised? ``_title_run`` lets a sentence's first word
    pass, as "The" or "Our"; but before a capitalised content word it mostly starts a term or
    a name on real web pages ("Deep Learning, a subset", "Quantitative Research utilizes"),
    while a spinner's capital follows a lower-case word ("experiencing Culture right now")."""
    return before is not None and before[1] == "" and before[0][:1].isupper()


_WORD_AT = re.compile(r"[ \t]*([A-Za-z][\w'’\-]*)")


def _title_run(text: str, start: int, end: int) -> bool:
    """Is the word at [start, end) part of a Title Case run ("An Overview of Heart Disease",
    "Cleaning and Exfoliation")? Small words in between are skipped."""
    pos = end
    for _ in range(3):
        m = _WORD_AT.match(text, pos)
        if not m:
            break
        w = m.group(1)
        if w.lower() not in SMALL_WORDS:
            if w[:1].isupper():
                return True
            break
        pos = m.end()
    pos = start
    for i in range(3):
        m = prev_word(text, pos)
        if m is None:
            break
        w, _, pos = m
        if w.lower() not in SMALL_WORDS or (i == 0 and w[:1].isupper()):
            # a capitalised word right before, if it is not a sentence's first word, makes a run;
            # "An Overview", "The Fundamentals": a capitalised small word first is a title too
            return w[:1].isupper() and (w.lower() in SMALL_WORDS or not _sentence_first(text, pos))
    return False


_LINE_WORD = re.compile(r"[A-Za-z][\w'’\-]*")
_TITLE_LINE_MAX_WORDS = 16


def _title_line(text: str, pos: int) -> bool:
    """Is ``pos`` on a heading written in Title Case? A spinner's lower-case words break
    its runs ("Challenges to Take into account", "Prices to Look ahead to"), but a short
    line with no closing stop, most of whose words carry a capital, is a title: its
    capitals are the writer's."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start:len(text) if end < 0 else end].strip()
    if not line or line[-1] in ".!?;,":
        return False
    words = _LINE_WORD.findall(line)
    if len(words) > _TITLE_LINE_MAX_WORDS:
        return False
    if not words or not words[0][:1].isupper():
        return False
    rest = [w for w in words[1:] if w.lower() not in SMALL_WORDS]
    capitals = sum(w[:1].isupper() for w in rest)
    return capitals >= 1 and capitals * 2 >= len(rest)


def _sentence_first(text: str, i: int) -> bool:
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i == 0 or text[i - 1] in ".!?\n"


@lru_cache(maxsize=4096)
def _verb_s(low: str) -> bool:
    if not low.endswith("s"):
        return False
    verbs = lemmas(low).get("VERB")
    return bool(verbs) and verbs[0] != low


def _mid_capital_counts(text: str) -> dict:
    counts: dict = {}
    for m in _CAPITAL.finditer(text):
        if _mid_sentence(text, m.start(1)):
            counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    return counts


@lru_cache(maxsize=4096)
def _common_word(low: str) -> bool:
    """A word the English lexicon knows in lower case (so not a name like 'Minoxidil')."""
    return bool(lemmas(low))


# ------------------------------------------------------------------ agreement

def number_of(phrase: str) -> str | None:
    """'sg', 'pl' or None (unsure) for a noun phrase: "pores and skin" is plural, "skin" singular."""
    words = re.findall(r"[A-Za-z][\w'’\-]*", phrase)
    if not words:
        return None
    low = [w.lower() for w in words]
    if "and" in low[1:-1]:
        return "pl"
    head = low[-1]
    d = data()
    if head in d["plural_nouns"]:
        return "pl"
    if head in d["singular_nouns"] or not head.endswith("s") or head.endswith(("ss", "us", "is", "'s", "’s")):
        return "sg"
    nouns = lemmas(head).get("NOUN")
    if nouns and nouns[0] != head:
        return "pl"
    if nouns:
        return "sg"
    return None


def _keep_case(source: str, word: str) -> str:
    if source.isupper() and len(source) > 1:
        return word.upper()
    if source[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


_NEXT = re.compile(r"^([ \t]+)([A-Za-z]+(?:['’][a-z]+)?)(?![\w'’\-])")
_PREV = re.compile(r"(?<![\w'’\-])([A-Za-z]+)([ \t]+)$")


def _after_preposition(text: str, start: int, prev) -> bool:
    """Does a preposition stand before the phrase at ``start``, perhaps with a determiner
    or possessive between ("for pores", "across your vision")?"""
    if prev is None:
        return False
    d = data()
    word = prev.group(1).lower()
    if word in d["prepositions"]:
        return True
    if word not in d["prepositional_determiners"]:
        return False
    before = _PREV.search(text[max(0, start - len(prev.group(0)) - 30):start - len(prev.group(0))])
    return before is not None and before.group(1).lower() in d["prepositions"]


def agreement_fix(text: str, start: int, end: int, old: str, new: str):
    """A verb after or a determiner before ``text[start:end]`` that must change because the
    phrase ``old`` becomes ``new`` with another number.

    Returns ``(start, end, replacement)`` for the neighbour, or None."""
    n_old, n_new = number_of(old), number_of(new)
    if n_old is None or n_new is None or n_old == n_new:
        return None
    d = data()
    verbs = d["verb_number"]
    plural_of = {k: v for k, v in verbs.items()}
    singular_of = {v: k for k, v in verbs.items()}
    m = _NEXT.match(text[end:end + 40])
    prev = _PREV.search(text[max(0, start - 30):start])
    if m and not _after_preposition(text, start, prev):
        # after a preposition the phrase is not the subject: "creams for pores and skin are",
        # "blind spots across your imaginative and prescient are"
        verb = m.group(2)
        low = verb.lower().replace("’", "'")
        table = plural_of if n_new == "pl" else singular_of
        if low in table:
            repl = table[low]
            if "'" in repl and "’" in verb:
                repl = repl.replace("'", "’")
            s = end + len(m.group(1))
            return s, s + len(verb), _keep_case(verb, repl)
    m = prev
    if m:
        det = m.group(1)
        low = det.lower()
        dets = d["determiner_number"]
        if n_new == "pl" and low in dets and low not in dets.values():
            repl = dets[low]
        elif n_new == "sg" and low in set(dets.values()) - {""}:
            repl = next(k for k, v in dets.items() if v == low)
        else:
            return None
        s = start - len(m.group(0))
        if not repl:  # "a fine lines": drop the article
            return s, start, ""
        return s, s + len(det), _keep_case(det, repl)
    return None
