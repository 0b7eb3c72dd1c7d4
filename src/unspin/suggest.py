"""Discovery: phrases that look spun but match no list, for editors to grow their lists.

Three signals, all cheap and explainable:

* **reverse substitution**: a run of two or three words that becomes a known term of
  the lexicon, or a part of one, when spinner substitutions are undone word by word
  ("huge information" -> "big data" because huge <- big and information <- data): what
  expansion did not generate (a part of a longer term, or more swaps than it tries);
* **stray capital**: a common word capitalised mid-sentence ("use Mild, hydrating
  products"), a trace of spinners that swap a title-case word into running text, found
  by the grammar check's rules (``grammar.builtin.stray_capitals``: Title Case runs,
  names and sentence starts stay out). The word must also occur in lower case in the
  files, so proper nouns stay out too;
* **article mismatch**: the word after an "a" or "an" that does not fit it ("a
  adventure", "an viewers"): the article was written for the word the spinner replaced.
  Which word that was only the editor can say, so it comes without a fix.

Counts are summed across files; the output is ready to paste into a user list.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .engine import Unspinner
from .grammar.base import data
from .grammar.builtin import A_AN, STRAY_CAPITAL, word_after_article
from .textnorm import fold
from .wordfit import by_word_fit

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")


@dataclass
class Suggestion:
    phrase: str
    fix: str | None
    signal: str
    why: str
    count: int = 0
    files: set = field(default_factory=set)
    example: str = ""


def _reverse_table(engine: Unspinner) -> dict[str, set[str]]:
    rev: dict[str, set[str]] = defaultdict(set)
    for sub in engine.index.substitutions:
        for spun in sub.spun:
            if " " not in spun:
                rev[spun].add(sub.word)
    return rev


def _sentence_around(text: str, start: int, end: int) -> str:
    lo = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    hi_candidates = [i for i in (text.find(".", end), text.find("\n", end)) if i != -1]
    hi = min(hi_candidates) + 1 if hi_candidates else len(text)
    return " ".join(text[lo:hi].split())[:200]


def suggest(engine: Unspinner, docs: list[tuple[str, str]], min_count: int = 1) -> list[Suggestion]:
    """Suggestions over ``docs`` (name, text), most frequent first."""
    # any run of two or more words inside a term counts ("big data" inside "big data
    # analytics"), if it begins and ends with a content word: "bed and" is no term
    function = data()["function_words"]
    terms = set()
    for term in engine.index.terms:
        w = term.split(" ")
        terms.update(" ".join(w[i:j]) for i in range(len(w)) for j in range(i + 2, len(w) + 1)
                     if (i == 0 and j == len(w)) or (w[i] not in function and w[j - 1] not in function))
    rev = _reverse_table(engine)
    found: dict[tuple[str, str | None], Suggestion] = {}

    def note(key, make, name: str, text: str, start: int, end: int) -> None:
        sug = found.get(key)
        if sug is None:
            sug = found[key] = make()
        sug.count += 1
        sug.files.add(name)
        sug.example = sug.example or _sentence_around(text, start, end)

    lower_words: Counter = Counter()
    caps: list[tuple[str, str, str, int, int]] = []
    for name, text in docs:
        # list findings are known already; the grammar findings of a document read as
        # spun are the spinner damage the last two signals report. Word fit and same swaps
        # match no list: what they flag is still worth a list entry (a safe fix)
        detected = engine.detect(text, evidence=True)
        covered = sorted((f.start, f.end) for f in detected
                         if not f.rule.startswith("grammar/") and not by_word_fit(f.rule))
        words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
        for w, _, _ in words:
            if w.islower():
                lower_words[w] += 1
        for i in range(len(words)):
            # reverse substitution over 2- and 3-word windows
            for n in (2, 3):
                if i + n > len(words):
                    break
                window = words[i:i + n]
                if any(text[window[k][2]:window[k + 1][1]].strip() for k in range(n - 1)):
                    continue  # punctuation between the words
                ws, we = window[0][1], window[-1][2]
                if any(a < we and ws < b for a, b in covered):
                    continue
                folded = [fold(x[0]) for x in window]
                options = [sorted(rev.get(f, ())) + [f] for f in folded]
                hit = _first_term(options, folded, terms)
                if hit:
                    term, swaps = hit
                    phrase = " ".join(folded)
                    note((phrase, term), lambda: Suggestion(
                        phrase, term, "reverse-substitution",
                        "undoing " + ", ".join(f"{a} <- {b}" for a, b in swaps) + f" gives the term '{term}'"),
                        name, text, ws, we)
        for f in detected:
            if f.rule == STRAY_CAPITAL and len(f.text) > 2:
                # by the grammar check's rules: Title Case runs, names, list items run into
                # the text and sentence starts stay out
                caps.append((name, f.text, text, f.start, f.end))
            elif f.rule == A_AN:
                word = word_after_article(text, f.start)
                if word:
                    phrase = fold(word)
                    note((phrase, None), lambda: Suggestion(
                        phrase, None, "article-mismatch",
                        "the article before it was written for another word, as when a spinner swaps the word "
                        "alone"), name, text, f.start, f.end)
    for name, w, text, start, end in caps:
        if lower_words[w.lower()] == 0:
            continue  # never written in lower case: likely a name
        note((w, w.lower()), lambda: Suggestion(w, w.lower(), "stray-capital", "a common word capitalised mid-sentence"),
             name, text, start, end)
    out = [s for s in found.values() if s.count >= min_count]
    out.sort(key=lambda s: (-s.count, s.phrase))
    return out


def _first_term(options, folded, terms):
    from itertools import product

    for combo in product(*options):
        if list(combo) == folded:
            continue
        cand = " ".join(combo)
        if cand in terms:
            return cand, [(a, b) for a, b in zip(folded, combo) if a != b]
    return None


# signals with no fix an editor could paste, listed as comments under these headings
_COMMENTED = {
    "stray-capital": "# Common words capitalised mid-sentence (often a spinner's swap; find the original):",
    "article-mismatch": "# Words after an article that does not fit them (the article was written for the original):",
}


def to_yaml(suggestions: list[Suggestion]) -> str:
    """A user word list (unspin's format) for review; stray capitals and article mismatches come as
    comments, since only an editor can say which word the spinner replaced."""
    import yaml

    lines = ["# unspin suggest: review each entry before use; counts are across the files checked",
             "domain: suggested", "entries:"]
    comments: dict[str, list[str]] = {signal: [] for signal in _COMMENTED}
    for s in suggestions:
        if s.signal in comments:
            comments[s.signal].append(f"#   {s.phrase!r} x{s.count}: {s.example}")
            continue
        entry = {"spun": s.phrase, "fix": s.fix, "examples": [s.example or s.phrase],
                 "note": f"{s.signal}: {s.why}; seen {s.count}x in {len(s.files)} file(s)"}
        lines.append(yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, width=100).rstrip())
    if len(lines) == 3:
        lines[-1] = "entries: []"
    for signal, heading in _COMMENTED.items():
        if comments[signal]:
            lines.append(heading)
            lines.extend(comments[signal])
    return "\n".join(lines) + "\n"


def to_text(suggestions: list[Suggestion]) -> str:
    rows = []
    for s in suggestions:
        fix = f" -> {s.fix!r}" if s.fix else ""
        rows.append(f"{s.count:>5}  {s.phrase!r}{fix}  [{s.signal}: {s.why}]")
    return "\n".join(rows)
