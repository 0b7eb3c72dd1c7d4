"""The engine: lists compiled once, then detect / repair / score any number of texts.

Detection runs in three steps. A single automaton scan finds every candidate;
each candidate's context conditions are checked (spaCy only where an entry asks for
part-of-speech); then document evidence decides whether ambiguous and awkward
forms, which are ordinary English on their own, may fire. Overlaps resolve to the
longest, best-supported candidate.
"""
from __future__ import annotations

import dataclasses
import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from . import articles
from .casing import SMALL_WORDS, match_case, title_like
from .findings import (AWKWARD, DISPLAY_ONLY, SAFE, TORTURED, UNSAFE, Change, Finding, Repair,
                       SpinScore)
from .index import TOUCH, Index, compile_lists
from .textnorm import (CURLY_APOSTROPHES, MOJIBAKE_APOSTROPHES, TOKEN, Normalized, after_bound_prefix, fold,
                       is_boundary, word_count)
from . import cache, wordfit
from .changes import compose, to_output
from .lists import Context, Entry, Lists, builtin_root, check_user_settings, load, word_ending
from .grammar import evidence as grammar_evidence, fit as grammar_fit
from .grammar.base import data as grammar_data, sentence_bounds
from .grammar.builtin import A_AN, article_mismatches

if TYPE_CHECKING:
    from .firstlook import BatchLook

STRONG, SUPPORTED, EVIDENCE = "strong", "supported", "evidence"
# an ambiguous candidate with no supporting phrase next to it: EVIDENCE or blocked, which
# is worked out only if the document may have evidence (``Unspinner._settle``)
DEFERRED = "deferred"
# a form that needs its context (``needs_context``) with no supporting phrase beside it: it
# can never be evidence, but in a document with evidence the language model may vouch for
# its fix instead of the missing phrase (``Unspinner._context_fits``)
FIT = "fit"
_DECIDED = (STRONG, SUPPORTED)
_SENTENCE_END = frozenset(".!?")
_WINDOW = 120
_SHORT = 48
# Documents per ``detect_many`` call in the batch paths (``--jsonl`` chunks, the spaCy
# component's ``pipe``, the datatrove filter): past a few dozen documents the tagger's
# batches gain little more, and every document of a batch is held in memory at once.
BATCH = 64
# repairs in a row at most, when the first applied the safer words inside a held-back fix
MAX_PASSES = 3
# texts looked at together (``firstlook``): at least this many characters in all, so that
# numpy's cost per call pays; at most this many at once (four bytes a character)
_LOOK_MIN_CHARS = 2000
_LOOK_MAX_CHARS = 1 << 20


@dataclass
class _Candidate:
    start: int  # original offsets
    end: int
    entry: Entry
    index: int
    tag: str
    status: str
    why: str
    norm: tuple[int, int] = (0, 0)  # the span in the normalised text (kept by deferred ones)


class Unspinner:
    """Loads the word lists (and, on demand, spaCy) once; reusable and thread-compatible.

    ``wordlists``: extra list files or folders (YAML, CSV or JSON pairs); user entries
    override built-in ones. ``allow``: phrases never to flag. ``domains``: restrict the
    built-in lists to these domains (general entries always apply).
    """

    def __init__(self, wordlists: Iterable[str] = (), *, allow: Iterable[str] = (),
                 domains: Iterable[str] | None = None, builtin: bool = True, lists: Lists | None = None,
                 grammar=None):
        # grammar: the backend repairs are checked with (unspin.grammar); None: the built-in checks
        self.grammar = grammar
        self._phrase_cache: dict[tuple[int, bool], _Phrases] = {}
        self._judges: dict = {}  # entry index -> (its compiled context judge, its gate)
        self._slot_gates: dict = {}  # pattern index -> its gate tokens or None (``_slot_gate``)
        self._batch: BatchLook | None = None  # the first look for many texts at once, built on first use
        extra_allow = [" ".join(fold(a).split()) for a in allow]
        domain_set = set(domains) if domains else None
        index = key = None
        if lists is None:
            from pathlib import Path
            paths = [Path(p) for p in wordlists]
            files = cache.list_files(builtin_root() if builtin else None, paths)
            options = repr((builtin, [str(p) for p in paths], sorted(extra_allow),
                            sorted(domain_set) if domain_set else None, wordfit.source_id()))
            key = cache.fingerprint(files, options)
            index = cache.load(key)
            if index is None:
                lists = load(paths, builtin=builtin)  # (which checks the project's settings.yml)
            else:
                check_user_settings(paths)  # a compiled index skips loading, and the check with it
        if index is None:
            if extra_allow:
                lists.user_allow = list(lists.user_allow) + extra_allow
            index = compile_lists(lists, domain_set)
            # a list edited while it was being read would be cached under the old content's key
            if key is not None and cache.fingerprint(files, options) == key:
                cache.store(key, index)
        self.index: Index = index
        self._longest_phrase = index.longest_phrase
        s = index.settings
        self.min_strong = int(s.get("evidence", {}).get("min_strong", 2))
        self.min_density = float(s.get("evidence", {}).get("min_density", 3.0))
        self.min_backed = int(s.get("evidence", {}).get("min_backed", self.min_strong))
        self.safe_min_strong = int(s.get("evidence", {}).get("safe_min_strong", 5))
        self.safe_min_density = float(s.get("evidence", {}).get("safe_min_density", 10.0))
        self.min_forms = int(s.get("evidence", {}).get("min_forms", 0))
        self.min_forms_density = float(s.get("evidence", {}).get("min_forms_density", 0.0))
        self.scale = float(s.get("score", {}).get("scale", 6.0))
        self.weak_weight = float(s.get("score", {}).get("weak_weight", 0.3))
        self.min_words = int(s.get("score", {}).get("min_words", 200))
        self.threshold = float(s.get("verdict", {}).get("threshold", 0.5))
        self.verdict_min_strong = int(s.get("verdict", {}).get("min_strong", 2))
        self.verdict_min_findings = int(s.get("verdict", {}).get("min_findings", 0))
        self.verdict_min_with_fit = int(s.get("verdict", {}).get("min_with_fit", 0))
        # word fit: how much better (natural log) the original must fit; 0 turns it off
        self.word_fit = float(s.get("word_fit", {}).get("min_gain", 0.0))
        # in a document with overwhelming evidence (see strong_doc), this lower bar instead
        self.word_fit_strong = float(s.get("word_fit", {}).get("strong_doc_min_gain", self.word_fit))
        # an article that fits the original and not the word on the page: this much more (natural log)
        self.word_fit_article = float(s.get("word_fit", {}).get("article_gain", 0.0))
        # an installed n-gram language model is one more voice of word fit (see wordfit.NGram)
        self.word_fit_lm = bool(s.get("word_fit", {}).get("language_model", True))
        # a word beside a repaired finding is judged against the repair's word (wordfit.Edges)
        self.word_fit_edges = bool(s.get("word_fit", {}).get("repairs_as_neighbours", False))
        # and there, a word between function words alone is judged too, at this bar (None: never)
        fn = s.get("word_fit", {}).get("strong_doc_function_min_gain")
        self.word_fit_function = None if fn is None else float(fn)
        # and in a document with evidence that is not overwhelming, this bar (None: never)
        fw = s.get("word_fit", {}).get("function_min_gain")
        self.word_fit_function_weak = None if fw is None else float(fw)
        # between function words alone, the best original must beat the others by this much
        self.word_fit_function_margin = float(s.get("word_fit", {}).get("function_min_margin", 0.0))
        # same swap: the other places of a word found swapped; None turns it off
        same = s.get("same_swap", {}).get("min_gain")
        self.same_swap = None if same is None else float(same)
        # a form that needs its context may fire without it in a document with evidence, where
        # its fix fits between the neighbours this much better (natural log); None: never
        nc = s.get("word_fit", {}).get("needs_context_min_gain")
        self.needs_context_fit = None if nc is None else float(nc)
        self.bound_prefixes = frozenset(s.get("matching", {}).get("bound_prefixes", ()))

    # ------------------------------------------------------------ public API

    def detect(self, text: str, *, evidence: bool | None = None) -> list[Finding]:
        """Findings in ``text``, sorted by offset.

        ``evidence``: None decides document evidence from the text itself; True treats
        the text as part of a spun document (as a list example is), False as clean.
        """
        return _run_all([self._detect_steps(text, evidence, look)
                         for look in self._looks([text], evidence is True)])[0]

    def detect_many(self, texts: Iterable[str], *, evidence: bool | None = None) -> list[list[Finding]]:
        """``[detect(t) for t in texts]``, with the sentences every text needs tagged sent
        to spaCy in shared batches: tagging a few sentences at a time costs several times
        more per sentence than a batch (for a collection of short documents, about a
        fifth of the whole time)."""
        return self._detect_counted(list(texts), evidence)[0]

    def _detect_counted(self, texts: list[str], evidence: bool | None) -> tuple[list[list[Finding]], list[int]]:
        """``detect_many`` and each text's word count (read off its normalised form, which
        is at hand: splitting every text again to score it cost a tenth of checking clean
        text). A text whose first look left nothing that could fire is done there: with no
        candidate it can have no evidence, so nothing else can fire either."""
        looks = self._looks(texts, evidence is True)
        results: list = [[] for _ in texts]
        steps, where = [], []
        quiet = evidence is None and self.min_strong > 0
        for i, (text, look) in enumerate(zip(texts, looks)):
            if quiet and look[1] is not None and look[1][1] == []:
                continue
            steps.append(self._detect_steps(text, evidence, look))
            where.append(i)
        for i, found in zip(where, _run_all(steps)):
            results[i] = found
        return results, [norm.word_count() for norm, _ in looks]

    def _looks(self, texts: list[str], full: bool) -> list[tuple]:
        """Each text's normalised form and first look at its matches (``_first_look``),
        or (normalised form, None) where the engine is to look itself: the texts of a
        batch are looked at together (``firstlook``), unless they are too short for that
        to pay or too long to hold four bytes a character for."""
        norms = [Normalized(t) for t in texts]
        together = [i for i, n in enumerate(norms) if 0 < len(n.text) <= _LOOK_MAX_CHARS and "\x00" not in n.text]
        looks: list[tuple] = [(n, None) for n in norms]
        if sum(len(norms[i].text) for i in together) < _LOOK_MIN_CHARS:
            return looks
        if self._batch is None:
            from .firstlook import BatchLook  # numpy: imported only once a batch is worth it
            self._batch = BatchLook(self.index.automaton, self.index.slots, self._slot_gates, self._slot_gate,
                                    self._first_look, _near_tokens, _UNSURE, _SHORT)
        groups: list[list[int]] = [[]]
        size = 0
        for i in together:
            if groups[-1] and size + len(norms[i].text) > _LOOK_MAX_CHARS:
                groups.append([])
                size = 0
            groups[-1].append(i)
            size += len(norms[i].text) + 1
        for group in groups:
            for g, look in zip(group, self._batch.looks([norms[g].text for g in group], full)):
                looks[g] = (norms[g], look)
        return looks

    def _detect_steps(self, text: str, evidence: bool | None, look=None):
        """``detect`` as a generator: it yields the sentences it needs tagged, is sent
        their tags, and returns the findings (see ``_run_all``). ``look``: from ``_looks``."""
        if not text:
            return []
        cands, norm, allowed = self._candidates(text, full=evidence is True, look=look)
        folded = norm.text
        # spaCy runs only where a part-of-speech condition can still change the outcome:
        # on strong and word-supported candidates first (they may be blocked) ...
        tag_cache: dict = {}
        yield from _tag_steps(text, [c for c in cands if c.status in _DECIDED and _needs_tagger(c)], tag_cache)
        cands = [c for c in cands if c.status not in _DECIDED or not _needs_tagger(c)
                 or self._apply_pos(text, c, tag_cache)]
        # without a strong or supported form the document cannot have evidence (see below)
        cands = self._settle(text, folded, cands, evidence is True or (evidence is None and (
            self.min_strong <= 0 or any(c.status in _DECIDED for c in cands))))
        # forms that need their context and have none: never evidence, looked at below
        fitting = [c for c in cands if c.status in (FIT, DEFERRED)]
        if fitting:
            cands = [c for c in cands if c.status not in (FIT, DEFERRED)]
        _chain_support(text, cands)
        strong = self._resolve([c for c in cands if c.status == STRONG])
        words = norm.word_count() if cands else 0  # (no candidates: no density to weigh)
        density = len(strong) * 1000 / max(words, self.min_words)
        # a form its context proves spun counts towards the evidence too, once there is
        # one unambiguous form: short spun texts hold few of those
        # (a supported form inside an unambiguous one is the same spot, not a second one)
        backed = len(strong) + (len({c.entry.id for c in cands if c.status == SUPPORTED and not any(
            s.start < c.end and c.start < s.end for s in strong)}) if strong else 0)
        backed_enough = (backed >= (self.min_strong if len(strong) >= self.min_strong else self.min_backed)
                         and backed * 1000 / max(words, self.min_words) >= self.min_density)
        has_evidence = evidence if evidence is not None else backed_enough or self._many_forms(cands, words)
        # overwhelming evidence makes an evidence-only tortured fix safe enough to apply by default
        strong_doc = has_evidence and (evidence is True or (
            len(strong) >= self.safe_min_strong and density >= self.safe_min_density))
        evidence_note = (f"document evidence: {len(strong)} strong findings, {density:.1f} per 1,000 words"
                         if evidence is None else "document evidence assumed")
        if evidence is None and backed_enough and len(strong) < self.min_strong:
            evidence_note = (f"document evidence: {len(strong)} strong and {backed - len(strong)} "
                             f"context-supported findings")
        elif evidence is None and has_evidence and len(strong) < self.min_strong:
            evidence_note = (f"document evidence: {len({c.entry.id for c in cands})} different spun forms, "
                             f"few of them unambiguous")
        # ... and on evidence-only candidates just when the document has the evidence
        if has_evidence:
            yield from _tag_steps(text, [c for c in cands if c.status == EVIDENCE and _needs_tagger(c)], tag_cache)
        keep = [c for c in cands if c.status != EVIDENCE or (
            has_evidence and (not _needs_tagger(c) or self._apply_pos(text, c, tag_cache)))]
        if has_evidence and self.needs_context_fit is not None:
            fitting = [c for c in fitting if c.status == FIT or self._judge_deferred(text, folded, c)]
            yield from _tag_steps(text, [c for c in fitting if _needs_tagger(c)], tag_cache)
            fitting = [c for c in fitting if not _needs_tagger(c) or self._apply_pos(text, c, tag_cache)]
            # and those a part of speech could have supported, which their tags did not
            fitting += [c for c in keep if c.status == FIT]
            keep = [c for c in keep if c.status != FIT] + self._context_fits(text, fitting)
        findings = [f for f in (self._finding(text, c, evidence_note, strong_doc) for c in keep)
                    if f is not None]
        if has_evidence:
            # an article before a repaired word was already fitted to the suggestion
            repaired_starts = {f.start for f in findings}
            findings.extend(a for a in self._article_findings(text, evidence_note)
                            if not _starts_after(text, _article_end(a), repaired_starts))
            findings.extend(grammar_evidence.damage_findings(text, findings, evidence_note))
            words = wordfit.word_tokens(text) if self.word_fit or self.same_swap is not None else []
            # an a/an finding spans the word after its article, which word fit may still judge
            listed = [f for f in findings if f.rule != A_AN]
            if self.word_fit:
                findings.extend(self._word_fits(text, norm, listed, cands, allowed, words,
                                                self.word_fit_strong if strong_doc else self.word_fit,
                                                self.word_fit_function if strong_doc else self.word_fit_function_weak,
                                                0.0 if strong_doc else self.word_fit_function_margin))
            if self.same_swap is not None:
                findings.extend(self._same_swaps(text, norm, [f for f in findings if f.rule != A_AN], cands, allowed,
                                                 words))
            # likewise before a word that word fit or a same swap repairs: that repair fits the
            # article itself ("a authorized requirement" is "a legal requirement", not "an legal")
            findings = _slips_under_fits(text, findings)
        joined = _join_overlaps(text, findings)
        chosen = grammar_fit.fit(text, _with_fallbacks(self._resolve(joined), joined, self._resolve))
        chosen.sort(key=lambda f: f.start)
        return chosen

    def _word_fits(self, text: str, norm: Normalized, findings: list[Finding], cands: list[_Candidate],
                   allowed: list[tuple[int, int]], words: list[tuple[int, int, str]],
                   min_gain: float, function_min_gain: float | None, function_margin: float = 0.0) -> list[Finding]:
        """Word fit (``wordfit``) on a document with evidence: the spinner's one-word swaps
        that no entry found, where the neighbouring words favour the original by far.
        Anything an entry matched (fired or not: its context conditions spoke) or an
        allowed phrase covers is left to the lists."""
        counts = self._voices()
        if not counts or not self.index.word_swaps:
            return []
        out = []
        skip, spun = _fit_spans(norm, findings, cands, allowed)
        voices = "word-pair counts" + (", language model" if any(isinstance(v, wordfit.NGram) for v in counts) else "")
        edges = wordfit.Edges.of((f.start, f.end, f.suggestion) for f in findings) if self.word_fit_edges else None
        for fit in wordfit.fits(text, self.index.word_swaps, counts, min_gain, skip, spun, words, function_min_gain,
                                self.word_fit_article, self.index.word_blocks, edges, function_margin):
            around = " ".join(x for x in (fit.prev, "_", fit.next) if x)
            gain = fit.gain - (self.word_fit_article if fit.article else 0.0)
            article = f", and the article '{fit.article}' fits '{fit.original}', not '{fit.word}'" if fit.article else ""
            repaired = _repaired_neighbours(fit)
            reason = (f"'{fit.word.lower()}' is a spinner's swap for '{fit.original}', and '{fit.original}' fits "
                      f"'{around}' {_times(gain)} ({voices}){repaired}{article}; "
                      f"flagged only in a document with spin evidence")
            out.append(self._fit_finding(text, fit, wordfit.RULE_PREFIX + fit.word.lower(), 0.5, reason))
        return out

    def _same_swaps(self, text: str, norm: Normalized, findings: list[Finding], cands: list[_Candidate],
                    allowed: list[tuple[int, int]], words: list[tuple[int, int, str]]) -> list[Finding]:
        """A word found swapped once (alone or inside a phrase an entry matched, or by word
        fit, and known to the swap table as a swap for that original) is flagged where
        else it occurs, unless its neighbours there favour it (``wordfit.same_swaps``).
        Places an entry matched or an allowed phrase covers are left to the lists, as for
        word fit."""
        table = self.index.word_swaps
        counts = self._voices()
        if not counts or not table:
            return []
        swapped: dict[str, str] = {}
        where: dict[str, int] = {}
        for f in findings:
            for word, orig in _swaps_of(f):
                if orig in table.get(word, ()) and word not in swapped:
                    swapped[word], where[word] = orig, f.start
        if not swapped:
            return []
        out = []
        for fit in wordfit.same_swaps(text, swapped, counts, self.same_swap,
                                      *_fit_spans(norm, findings, cands, allowed), words, self.index.word_blocks):
            low = fit.word.lower().replace("\u2019", "'")
            line = text.count("\n", 0, where[low]) + 1
            around = " ".join(x for x in (fit.prev, "_", fit.next) if x)
            odds = ("its neighbours were never counted with either word" if fit.gain is None else
                    f"its neighbours '{around}' do not favour it (the original fits {math.exp(fit.gain):,.1f} "
                    f"times as well)")
            reason = (f"'{low}' was found swapped for '{fit.original}' on line {line}, and a spinner swaps a "
                      f"word the same way wherever it occurs; {odds}; flagged only in a document with spin "
                      f"evidence")
            out.append(self._fit_finding(text, fit, wordfit.SAME_SWAP_PREFIX + low, 0.4, reason))
        return out

    def _context_fits(self, text: str, cands: list[_Candidate]) -> list[_Candidate]:
        """Of the forms that need their context and have none beside them, those whose fix
        fits between the neighbours ``needs_context_fit`` better than the form on the page
        (``wordfit.edge_gain``), as evidence-only forms: in a spun document the language
        model stands in for the context phrase no list can name in full ("one birthday
        party is bound by the agreement": *one party is* fits 32 times better)."""
        voices = self._voices()
        out = []
        for c in cands if voices else ():
            fix = self.index.fix_for(c.index, c.tag)
            gain, around = wordfit.edge_gain(text, c.start, c.end, fix, voices) if fix else (None, "")
            if gain is not None and gain >= self.needs_context_fit:
                c.status, c.why = EVIDENCE, f"'{fix}' fits '{around}' {_times(gain)}"
                out.append(c)
        return out

    def _voices(self) -> tuple:
        """Word fit's voices: the word-pair counts of each source, and the language models
        unless the settings turn them off (none when no count source is installed)."""
        counts = self.index.counts()
        if not counts:
            return ()
        return tuple(counts) + (wordfit.language_models() if self.word_fit_lm else ())

    def _fit_finding(self, text: str, fit: wordfit.Fit, rule: str, confidence: float, reason: str) -> Finding:
        """A word-fit or same-swap finding: awkward, unsafe, the article before it fitted."""
        start, suggestion = fit.start, match_case(fit.word, fit.original)
        fixed = self._fix_article(text, start, suggestion)
        if fixed is not None:
            start, suggestion = fixed
            reason += "; article adjusted"
        return Finding(start=start, end=fit.end, text=text[start:fit.end], suggestion=suggestion, rule=rule,
                       kind=AWKWARD, confidence=confidence, reason=reason, applicability=UNSAFE, strong=False)

    def _many_forms(self, cands: list[_Candidate], words: int) -> bool:
        """Evidence from variety: many different spinner forms, each ordinary English
        alone, rarely meet in one human text ("content material", "web site", "key
        phrases", "viewers" in one post), as long as one of them is supported locally."""
        if not self.min_forms:
            return False
        forms = {c.entry.id for c in cands}
        if len(forms) < self.min_forms or not any(c.status in (STRONG, SUPPORTED) for c in cands):
            return False
        return len(forms) * 1000 / max(words, self.min_words) >= self.min_forms_density

    def repair(self, text: str, *, unsafe: bool = False, findings: list[Finding] | None = None,
               redetect=None) -> Repair:
        """The text with every safe suggestion applied (and unsafe ones with ``unsafe=True``).

        When a held-back fix's safer words were applied instead (``Finding.fallback``),
        what they made is looked at again (``redetect``, default ``detect``: it may now be
        a phrase a list knows), so that repairing the output changes nothing more."""
        if findings is None:
            findings = self.detect(text)
        rep, windows = self._repair_once(text, unsafe, findings)
        for _ in range(MAX_PASSES - 1):
            if not windows:
                break
            again = [f for f in (redetect or self.detect)(rep.text)
                     if any(s <= f.start and f.end <= e for s, e in windows)]
            nxt, _ = self._repair_once(rep.text, unsafe, again)
            if not nxt.changes:
                break
            windows = [to_output(nxt.changes, s, e) for s, e in windows]
            rep = compose(text, rep, nxt)
        return rep

    def _repair_once(self, text: str, unsafe: bool, findings) -> tuple[Repair, list[tuple[int, int]]]:
        """One pass, and the output spans of the held-back findings whose safer words it
        applied (what they became is worth a second look)."""
        apply, held, fallen, parents = [], [], [], []

        def applicable(f: Finding) -> bool:
            return f.applicability == SAFE or (unsafe and f.applicability == UNSAFE)

        for f in findings:
            if f.suggestion is not None and f.suggestion != f.text:
                if applicable(f):
                    apply.append(f)
                    continue
                held.append(f)
            inside = [x for x in f.fallback if applicable(x)]
            if inside:
                fallen.extend(inside)
                parents.append(f)
        apply.extend(fallen)
        out, changes, pos, shift = [], [], 0, 0
        if apply:  # each repair checked in its sentence; a grammar fix next to it joins the change
            fitted = grammar_fit.fit(text, apply, self.grammar)
            apply = grammar_fit.merge_adjacent(text, [f for f in fitted if f.applicability != DISPLAY_ONLY], findings)
            held.extend(f for f in fitted if f.applicability == DISPLAY_ONLY)
        for f in sorted(apply, key=lambda f: f.start):
            out.append(text[pos:f.start])
            out_start = f.start + shift
            out.append(f.suggestion)
            changes.append(Change(f.start, f.end, out_start, out_start + len(f.suggestion),
                                  f.text, f.suggestion, f.rule))
            shift += len(f.suggestion) - (f.end - f.start)
            pos = f.end
        out.append(text[pos:])
        changes = tuple(changes)
        rep = Repair(text="".join(out), changes=changes, findings=tuple(findings), held_back=tuple(held))
        return rep, [to_output(changes, f.start, f.end) for f in parents]

    def score(self, text: str, findings: list[Finding] | None = None, *, words: int | None = None) -> SpinScore:
        """How spun the document is: 0 (clean) .. 1, and the verdict at the threshold.
        ``words``: the text's word count, when the caller has it already."""
        if findings is None:
            findings = self.detect(text)
        strong = [f for f in findings if f.strong]
        return self.score_totals(word_count(text) if words is None else words, len(findings), len(strong),
                                 sum(f.confidence for f in strong),
                                 sum(grammar_evidence.weight(f) for f in findings if not f.strong),
                                 listed=len(grammar_evidence.list_entries(findings)),
                                 fitted=len(grammar_evidence.fitted_words(findings)))

    def score_totals(self, words: int, findings: int, strong: int, strong_weight: float,
                     weak_weight: float, listed: int | None = None, fitted: int = 0) -> SpinScore:
        """The score from counts alone, so that a document seen in pieces (``--stream``)
        scores exactly as it would whole. ``listed``: how many different list entries made
        findings (grammar findings, word fit and same swaps aside): a writer repeats a topic
        word ("efficiencies" three times), a spinner leaves different forms; None: the
        number of findings. ``fitted``: how many different words word fit and same swaps
        flagged, which happens only in a document with evidence."""
        weight = strong_weight + self.weak_weight * weak_weight
        density = weight * 1000 / max(words, self.min_words)
        value = 1 - math.exp(-density / self.scale)
        # many forms are evidence too: a paraphraser's fluent swaps seldom leave two
        # unambiguous forms in a short article, but a human text never collects four
        # different ones (it may repeat one: the writer's topic word)
        listed = findings if listed is None else listed
        many = bool(self.verdict_min_findings) and listed >= self.verdict_min_findings
        # a paraphrased page with evidence may leave three list forms and many swapped
        # words, which only word fit sees ("business desires", "personal expectancies")
        many = many or bool(self.verdict_min_with_fit) and listed + fitted >= self.verdict_min_with_fit
        verdict = "spun" if value >= self.threshold and (strong >= self.verdict_min_strong or many) else "clean"
        return SpinScore(words=words, findings=findings, strong=strong,
                         per_1000_words=round(findings * 1000 / words, 2) if words else 0.0,
                         score=round(value, 4), verdict=verdict, threshold=self.threshold)

    # ------------------------------------------------------------ candidates

    def _candidates(self, text: str, full: bool = True, look=None) -> tuple[list[_Candidate], Normalized, list[tuple[int, int]]]:
        """The candidates, the normalised text they were found in, and the allowed
        phrases' spans in it.

        ``full=False`` may leave out the ambiguous matches with no supporting word next to
        them when no candidate is strong or supported: such a document cannot have
        evidence, so they could never fire, and on clean text they are most matches
        ("each", "keep", "help"). Judging each of them was most of the time of checking
        clean text; a look at the two adjacent tokens is enough to know them."""
        norm, first = look if look is not None else (Normalized(text), None)
        if first is None:
            raw = self.index.scan(norm.text)
            if not raw:
                return [], norm, []
            first = self._first_look(norm.text, raw, full)
        hits, likely, allowed, kept_whole = first
        if likely is not None:
            out = self._judge_hits(text, norm, likely, allowed, kept_whole)
            if not any(c.status in _DECIDED for c in out):
                return out, norm, allowed + kept_whole
        return self._judge_hits(text, norm, hits, allowed, kept_whole), norm, allowed + kept_whole

    def _first_look(self, folded: str, raw, full: bool):
        """(hits, likely, allowed, kept_whole) of the scan's matches ``raw``: the matches
        that are not inside a longer word, those of them whose gates say they may be
        supported (None when ``full``), and the spans of allowed phrases and of phrases
        kept whole. ``firstlook.BatchLook`` gives the same for many documents at once."""
        slots = self.index.slots
        n = len(folded)
        allowed: list[tuple[int, int]] = []
        kept_whole: list[tuple[int, int]] = []
        hits = []
        likely = None if full else []
        gates = self._slot_gates
        for hit in raw:
            si, ns, ne = hit
            # most matches inside a word fail on the first look at the neighbouring letter
            if ns and folded[ns - 1].isalnum() and not is_boundary(folded, ns):
                continue
            if ne < n and folded[ne].isalnum() and not is_boundary(folded, ne):
                continue
            if ns > 1 and folded[ns - 1] == "-" and after_bound_prefix(folded, ns - 1, self.bound_prefixes):
                continue
            slot_entries, allow_kind = slots[si]
            if allow_kind:
                (kept_whole if allow_kind == TOUCH else allowed).append((ns, ne))
            if not slot_entries:
                continue
            hits.append(hit)
            if likely is not None:
                gate = gates.get(si, _UNSURE)
                if gate is _UNSURE:
                    gate = self._slot_gate(si)
                if gate is not None and not gate.admits(*_near_tokens(folded, ns, ne)):
                    continue
                likely.append(hit)
        return hits, likely, allowed, kept_whole

    def _slot_gate(self, si: int) -> "_Gate | None":
        """The gates of every entry of pattern ``si`` in one, when all of them are
        ambiguous and supported by neighbouring words only; None otherwise (an unambiguous
        entry, an allowed phrase, a sentence edge or a word ending). Kept in
        ``_slot_gates``, which both first looks read."""
        self._slot_gates[si] = gate = self._union_gate(si)
        return gate

    def _union_gate(self, si: int) -> "_Gate | None":
        slot_entries, allow_kind = self.index.slots[si]
        if allow_kind:
            return None
        gates = []
        for ei, _ in slot_entries:
            entry = self.index.entries[ei]
            gate = self._judge_of(ei, entry)[1] if entry.context is not None else None
            if gate is None or gate.prev_open or gate.next_open:
                return None
            gates.append(gate)
        return _Gate.union(gates)

    def _judge_of(self, ei: int, entry: Entry):
        """(judge, gate) of entry ``ei``, compiled on first use."""
        compiled = self._judges.get(ei)
        if compiled is None:
            compiled = self._judges[ei] = self._compile_judge(entry)
        return compiled

    def _judge_hits(self, text: str, norm: Normalized, hits, allowed, kept_whole) -> list[_Candidate]:
        """Candidates from (pattern, start, end) matches: allowed phrases, line breaks,
        letter case and each entry's context decide."""
        folded = norm.text
        slots = self.index.slots
        out: list[_Candidate] = []
        inside_allowed = _containment(allowed)
        touches_kept = _overlap(kept_whole)
        entries = self.index.entries
        longest = self._longest_phrase
        for si, ns, ne in hits:
            if inside_allowed(ns, ne) or touches_kept(ns, ne):
                continue
            start, end = norm.span_to_original(ns, ne)
            if "\n" in text[start:end] and _crosses_break(text, start, end):
                continue  # "a Funds\n\nJourney does not": a heading and the next paragraph
            context = None  # the neighbouring words, tokenised only when an entry asks
            near = None  # just the two adjacent tokens, for the gates
            for ei, tag in slots[si][0]:
                entry = entries[ei]
                if entry.lowercase and not _lower_after_first(text[start:end]):
                    continue
                if entry.context is not None or tag == "VBD":
                    judge, gate = self._judge_of(ei, entry)
                    if gate is not None and context is None:
                        if near is None:
                            near = _near_tokens(folded, ns, ne)
                        if gate.blocked(*near):
                            continue  # what the judge would say: a block stands next to it
                        if not gate.may_hit(near):
                            # evidence (or the language model's word) or nothing: decided
                            # once the document's evidence is known
                            out.append(_Candidate(start, end, entry, ei, tag, DEFERRED, "", (ns, ne)))
                            continue
                    if context is None:
                        context = _context_tokens(text, folded, start, end, ns, ne, longest)
                    status, why, tag = _judged(judge, context, tag)
                else:
                    status, why = _status_alone(entry)
                if status is None:
                    continue
                out.append(_Candidate(start, end, entry, ei, tag, status, why))
        return out

    def _settle(self, text: str, folded: str, cands: list[_Candidate], keep: bool) -> list[_Candidate]:
        """Decide the deferred candidates (whose context holds no supporting phrase, so
        they are evidence-only or blocked) when the document can still have evidence
        (``keep``), or drop them: in a clean text, where most forms are ordinary words,
        their context is then never tokenised."""
        if not any(c.status == DEFERRED for c in cands):
            return cands
        if not keep:
            # no evidence to come; but a deferred form overlapping a decided one may still be
            # supported by it ("private harm" in "private harm claim's", see ``_chain_support``)
            decided = [(c.start, c.end) for c in cands if c.status in _DECIDED]
            cands = [c for c in cands if c.status != DEFERRED
                     or any(c.start < e and s < c.end for s, e in decided)]
            if not any(c.status == DEFERRED for c in cands):
                return cands
        # (a form that needs its context cannot be evidence: it waits until the evidence is known)
        return [c for c in cands if c.status != DEFERRED or self._fit_only(c.entry)
                or self._judge_deferred(text, folded, c)]

    def _fit_only(self, entry: Entry) -> bool:
        """Can the language model alone make this entry fire, where no context supports it?"""
        return self.needs_context_fit is not None and _context_only(entry)

    def _judge_deferred(self, text: str, folded: str, c: _Candidate) -> bool:
        """Judge a deferred candidate in its context; False when that rules it out."""
        ns, ne = c.norm
        context = _context_tokens(text, folded, c.start, c.end, ns, ne, self._longest_phrase)
        c.status, c.why, c.tag = _judged(self._judges[c.index][0], context, c.tag)
        return c.status is not None

    def _compile_judge(self, entry: Entry):
        """(judge, gate): the judge gives the entry's status from the neighbouring words
        ((sentence edge, tokens) before and after), its context phrases looked up once;
        part of speech comes later. The gate (None for an unambiguous entry, which blocks
        only) tells from the two adjacent tokens alone whether a supporting phrase can be
        there at all."""
        ctx = entry.context
        if ctx is None:
            status = _status_alone(entry)
            return (lambda before, after: status), None
        ph = self._phrases
        not_prev, not_next = ph(ctx.not_prev, True), ph(ctx.not_next, False)
        prev, nxt = ph(ctx.prev, True), ph(ctx.next, False)
        ambiguous = entry.ambiguous or entry.kind == AWKWARD
        unsupported = (FIT if _context_only(entry) else EVIDENCE, "")

        def judge(before, after):
            prev_toks, next_toks = before[1], after[1]
            if not_prev.first(prev_toks, before[0], True) is not None or \
                    not_next.first(next_toks, after[0], False) is not None:
                return None, ""
            hit = prev.first(prev_toks, before[0], True)
            if hit:
                why = f"after '{hit}'"
            else:
                hit = nxt.first(next_toks, after[0], False)
                why = f"before '{hit}'" if hit else ""
            if ambiguous:
                return (SUPPORTED, why) if hit else unsupported
            return STRONG, why
        # an ambiguous form is only supported by a phrase next to it: when neither
        # neighbouring token can end (begin) one, the answer is "blocked or unsupported"
        gate = _Gate(prev, nxt, not_prev=not_prev, not_next=not_next) if ambiguous else None
        return judge, gate

    def _phrases(self, items, before: bool) -> _Phrases:
        # keyed by identity: the context tuples live as long as the compiled index does
        key = (id(items), before)
        got = self._phrase_cache.get(key)
        if got is None:
            got = self._phrase_cache[key] = _Phrases(items, before)
        return got

    # ------------------------------------------------------------ findings

    def _apply_pos(self, text: str, c: _Candidate, cache: dict) -> _Candidate | None:
        """Part-of-speech conditions: may block a candidate, or support an ambiguous one."""
        ctx = c.entry.context
        tags = _pos_context(text, c.start, c.end, c.entry.pos, cache)
        if tags is None:  # no model: word conditions alone decide
            return c
        prev_pos, self_pos, next_pos = tags
        if (ctx.self_pos and self_pos not in ctx.self_pos) or prev_pos in ctx.not_prev_pos \
                or next_pos in ctx.not_next_pos:
            return None
        if c.status == EVIDENCE:
            if prev_pos in ctx.prev_pos:
                c.status, c.why = SUPPORTED, f"after a {prev_pos}"
            elif next_pos in ctx.next_pos:
                c.status, c.why = SUPPORTED, f"before a {next_pos}"
            elif c.entry.needs_context:
                if self.needs_context_fit is None:
                    return None
                c.status = FIT
        return c

    def _finding(self, text: str, c: _Candidate, evidence_note: str, strong_doc: bool = False) -> Finding | None:
        entry = c.entry
        matched = text[c.start:c.end]
        start = c.start
        suggestion = None
        if entry.fix:
            fix = self.index.fix_for(c.index, c.tag)
            if matched[:1].isupper() and not matched.isupper() and not title_like(matched, fix) \
                    and not _capital_expected(text, c.start, c.end):
                # a spinner's stray capital mid-sentence ("is mostly Protected for") is not kept
                suggestion = fix
            else:
                suggestion = match_case(matched, fix)
        if suggestion is not None and "'" in suggestion:
            suggestion = _same_apostrophe(matched, suggestion)
        if entry.origin == "generated":
            reason = entry.reason
        else:
            target = f" of '{entry.fix[0]}'" if entry.fix else ""
            reason = f"'{entry.spun[0]}' is a spun form{target} ({entry.domain} list)"
        if c.status == SUPPORTED:
            reason += f"; context supports it ({c.why})"
        elif c.status == EVIDENCE:
            reason += f"; ordinary English alone, flagged on {evidence_note}" + (f"; {c.why}" if c.why else "")
        if suggestion is not None:
            fixed = self._fix_article(text, start, suggestion)
            if fixed is not None:
                start, suggestion = fixed
                reason += "; article adjusted"
        if suggestion is not None and suggestion == text[start:c.end]:
            return None
        conf = {STRONG: 0.9, SUPPORTED: 0.8, EVIDENCE: 0.6}[c.status]
        if entry.kind == AWKWARD:
            conf -= 0.15
        if entry.origin == "generated":
            conf -= 0.05
        if c.status == STRONG and c.why:
            conf += 0.05
        if suggestion is None:
            applicability = DISPLAY_ONLY
        elif c.status == EVIDENCE and not (strong_doc and entry.kind == TORTURED):
            applicability = UNSAFE
        else:
            applicability = SAFE
        return Finding(start=start, end=c.end, text=text[start:c.end], suggestion=suggestion, rule=entry.id,
                       kind=entry.kind, confidence=round(conf, 2), reason=reason, applicability=applicability,
                       strong=c.status == STRONG and entry.kind == TORTURED)

    @staticmethod
    def _fix_article(text: str, start: int, suggestion: str):
        """Include a preceding a/an in the finding when the suggestion needs the other one."""
        m = re.search(r"(?<![\w'’.\-])(a|an|A|An|AN)(\s+)$", text[max(0, start - 12):start])
        if not m:
            return None
        art_start = start - len(m.group(0))
        if "\n" in m.group(2) and _crosses_break(text, art_start, start + 1):
            return None  # the article ends a paragraph or a heading: not the word's own
        new = articles.with_article(m.group(1), suggestion)
        if new is None:
            return None
        return art_start, new + m.group(2) + suggestion

    def _article_findings(self, text: str, evidence_note: str) -> list[Finding]:
        out = []
        for m, article, word, new in article_mismatches(text):
            prev = re.search(r"([A-Za-z]+)[^\w]*$", text[max(0, m.start() - 30):m.start()])
            if prev and articles.is_label(prev.group(1)):
                continue  # "vitamin A", "type A", also after a comma or a bracket
            if articles.is_spelled_acronym(word):
                continue  # "a FIU", "an UAE": a writer's slip over how letters sound, not a swap
            # the finding spans the word too: the article was written for the word the
            # spinner replaced, so the word is where an editor has to look (fitting the
            # article alone would erase the one trace of the swap from the report)
            start, end = m.start(1), m.end(2)
            out.append(Finding(start=start, end=end, text=text[start:end], suggestion=new + text[m.end(1):end],
                               rule=A_AN, kind=TORTURED, confidence=0.7,
                               reason=f"'{article} {word}': the article does not fit the next word, "
                                      f"typical of a word swapped in by a spinner (the article was "
                                      f"written for the original word): the article is fitted to "
                                      f"'{word}', which is probably not the original; {evidence_note}",
                               applicability=SAFE, strong=False))
        return out

    @staticmethod
    def _resolve(items):
        """Non-overlapping subset: longest first, then most confident, then leftmost."""
        def key(x):
            conf = getattr(x, "confidence", None)
            if conf is None:
                conf = {STRONG: 0.9, SUPPORTED: 0.8, EVIDENCE: 0.6}[x.status]
            return (-(x.end - x.start), -conf, x.start)
        starts: list[int] = []  # accepted spans, disjoint, sorted by start
        ends: list[int] = []
        out = []
        for x in sorted(items, key=key):
            i = bisect_right(starts, x.start)
            if i and ends[i - 1] > x.start:
                continue  # the span before overlaps
            if i < len(starts) and starts[i] < x.end:
                continue  # the span after overlaps
            starts.insert(i, x.start)
            ends.insert(i, x.end)
            out.append(x)
        return out


# ---------------------------------------------------------------- chains of spun words

def _shared(text: str, left: _Candidate | Finding, right: _Candidate | Finding) -> str | None:
    """The folded words two spans share when ``right`` starts inside ``left`` on a word
    boundary and reaches past it ("bank card" + "card steadiness" share "card")."""
    if not (left.start < right.start < left.end < right.end):
        return None
    if not (is_boundary(text, right.start) and is_boundary(text, left.end)):
        return None
    shared = fold(text[right.start:left.end]).strip()
    return shared or None


def _chain_support(text: str, cands: list[_Candidate]) -> None:
    """An ambiguous form that shares a word with an overlapping unambiguous spun form is
    part of one spun chain: "bank card" (UK English alone) in "bank card steadiness"
    (card balance spun) is the spun "credit card". The overlap is the context."""
    strong = sorted((c for c in cands if c.status == STRONG), key=lambda c: (c.start, c.end))
    if not strong:
        return
    # only strong spans that overlap a candidate can share a word with it: those start
    # before its end and no earlier than its start minus the longest strong span
    starts = [s.start for s in strong]
    longest = max(s.end - s.start for s in strong)
    for c in cands:
        if c.status != EVIDENCE:
            continue
        for s in strong[bisect_left(starts, c.start - longest):bisect_left(starts, c.end)]:
            if _shared(text, c, s) or _shared(text, s, c):
                c.status, c.why = SUPPORTED, f"it overlaps '{text[s.start:s.end]}'"
                break


def _fit_spans(norm: Normalized, findings: list[Finding], cands: list[_Candidate],
               allowed: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(skip, spun) for word fit and same swaps: what an entry matched (fired or not) or an
    allowed phrase covers, and the findings, each sorted and merged."""
    spans = [(f.start, f.end) for f in findings] + [(c.start, c.end) for c in cands]
    spans.extend(norm.span_to_original(ns, ne) for ns, ne in allowed)
    return _disjoint(spans), _disjoint([(f.start, f.end) for f in findings])


def _repaired_neighbours(fit: wordfit.Fit) -> str:
    """What a word-fit reason adds when a neighbour it read is a repair's word, not the
    page's (see ``wordfit.Edges``)."""
    said = [f"'{word}' is the repair {side} it"
            for word, side, repaired in ((fit.prev, "before", fit.repaired[0]), (fit.next, "after", fit.repaired[1]))
            if repaired]
    return "".join(f"; {x}" for x in said)


def _swaps_of(f: Finding) -> list[tuple[str, str]]:
    """The one-word swaps (word, original; lower case) a finding undoes: its word for a
    word-fit finding (whose text may hold an adjusted article), else the words that
    differ, place by place, between its text and a suggestion of as many words
    ("wholesome pores and skin" -> "healthy skin" gives none; "market worth" -> "market
    value" gives worth -> value). Function words are never swaps here."""
    if f.suggestion is None or f.rule.startswith(("grammar/", "languagetool/")):
        return []
    function_words = wordfit.data()[0]
    word = wordfit.swapped_word(f.rule)
    if word is not None:
        pairs = [(word, f.suggestion.split()[-1].lower())]
    else:
        spun = f.text.lower().replace("\u2019", "'").split()
        fix = f.suggestion.lower().split()
        if len(spun) != len(fix):
            return []
        pairs = list(zip(spun, fix))
    return [(w, o) for w, o in pairs if w != o and w not in function_words and o not in function_words
            and wordfit.WORD.fullmatch(w) and wordfit.WORD.fullmatch(o)]


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, merged spans."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


_RANK = {SAFE: 2, UNSAFE: 1, DISPLAY_ONLY: 0}


def _with_fallbacks(chosen: list[Finding], everything: list[Finding], resolve) -> list[Finding]:
    """``chosen`` with each finding's ``fallback``: the findings inside it that lost the
    overlap but have a surer fix ("clever" -> intelligent, safe, inside "clever techniques"
    -> intelligent systems, which only the document's evidence supports)."""
    kept = {id(f) for f in chosen}
    losers = sorted((f for f in everything if id(f) not in kept and f.suggestion is not None
                     and f.suggestion != f.text), key=lambda f: f.start)
    if not losers:
        return chosen
    starts = [f.start for f in losers]
    out = []
    for f in chosen:
        inside = []
        for x in losers[bisect_left(starts, f.start):bisect_left(starts, f.end)]:
            if x.end <= f.end and _RANK[x.applicability] > _RANK[f.applicability]:
                inside.append(x)
        out.append(dataclasses.replace(f, fallback=tuple(sorted(resolve(list(f.fallback) + inside),
                                                                key=lambda x: x.start)))
                   if inside else f)
    return out


def _join_overlaps(text: str, findings: list[Finding]) -> list[Finding]:
    """Add one finding for each two overlapping findings whose suggestions agree on the
    words they share: "bank card" -> "credit card" and "card steadiness" -> "card balance"
    give "bank card steadiness" -> "credit card balance" (resolution prefers the longer)."""
    if len(findings) < 2:
        return findings
    ordered = sorted(findings, key=lambda f: (f.start, f.end))
    extra = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b.start >= a.end:
                break
            shared = _shared(text, a, b)
            if not shared or a.suggestion is None or b.suggestion is None:
                continue
            if any(f.start <= a.start and f.end >= b.end for f in ordered):
                continue  # one entry already covers the whole chain
            sa, sb = fold(a.suggestion), fold(b.suggestion)
            if not (sa.endswith(shared) and sb.startswith(shared)):
                continue
            suggestion = a.suggestion + b.suggestion[len(shared):]
            best = a if a.confidence >= b.confidence else b
            applicability = SAFE if SAFE in (a.applicability, b.applicability) else best.applicability
            extra.append(dataclasses.replace(
                best, start=a.start, end=b.end, text=text[a.start:b.end], suggestion=suggestion,
                confidence=max(a.confidence, b.confidence), applicability=applicability,
                strong=a.strong or b.strong, reason=f"{a.reason}; joined with {b.reason}"))
    return findings + extra if extra else findings


# ---------------------------------------------------------------- context helpers

def _status_alone(entry: Entry) -> tuple[str | None, str]:
    """The status of an entry with no context conditions."""
    if entry.ambiguous or entry.kind == AWKWARD:
        return (None, "") if entry.needs_context else (EVIDENCE, "")
    return STRONG, ""


def _pos_support(ctx: Context | None) -> bool:
    return ctx is not None and bool(ctx.prev_pos or ctx.next_pos)


def _context_only(entry: Entry) -> bool:
    """Does the entry need a context phrase, with no part of speech to support it instead?"""
    return entry.needs_context and not _pos_support(entry.context)


def _needs_tagger(c: _Candidate) -> bool:
    return c.entry.context is not None and c.entry.context.needs_tagger


def _spans_reach(spans):
    spans = sorted(spans)
    reach, best = [], -1
    for _, b in spans:
        best = max(best, b)
        reach.append(best)
    return [a for a, _ in spans], reach


def _containment(spans: list[tuple[int, int]]):
    """A test "does an allowed phrase contain [s, e)?" in O(log n)."""
    if not spans:
        return lambda s, e: False
    starts, reach = _spans_reach(spans)

    def contains(s: int, e: int) -> bool:
        i = bisect_right(starts, s)
        return bool(i) and reach[i - 1] >= e
    return contains


def _overlap(spans: list[tuple[int, int]]):
    """A test "does [s, e) overlap a phrase kept whole?" in O(log n): a user's allowed
    "Pores and Skin Clinic" keeps its "Skin" whatever the neighbouring words."""
    if not spans:
        return lambda s, e: False
    starts, reach = _spans_reach(spans)

    def touches(s: int, e: int) -> bool:
        i = bisect_left(starts, e)  # spans[:i] start before the candidate ends
        return bool(i) and reach[i - 1] > s
    return touches


# the apostrophes matching reads as one (textnorm), mis-decoded ones first: they hold no '
_APOSTROPHES = (*MOJIBAKE_APOSTROPHES, *CURLY_APOSTROPHES, "'")


def _same_apostrophe(matched: str, suggestion: str) -> str:
    """Write the suggestion's apostrophes as the matched text writes them (curly, or even
    mis-decoded): a repair changes words, not the article's typography."""
    for quote in _APOSTROPHES:
        if quote in matched:
            return suggestion if quote == "'" else suggestion.replace("'", quote)
    return suggestion


def _slips_under_fits(text: str, findings: list[Finding]) -> list[Finding]:
    """Each a/an finding whose word word fit (or a same swap) repairs becomes that
    repair's fallback: "an worker" -> "an employee" (unsafe, the article fits the
    original) is applied with unsafe fixes, and "a worker" (safe) without them, instead
    of leaving the slip in the text."""
    fits = [f for f in findings if wordfit.by_word_fit(f.rule)]
    if not fits:
        return findings
    slips = [f for f in findings if f.rule == A_AN]
    out = []
    for f in findings:
        if f.rule == A_AN and any(g.start < f.end and f.start < g.end for g in fits):
            continue
        if wordfit.by_word_fit(f.rule):
            for slip in slips:
                if slip.start < f.end and f.start < slip.end:
                    if slip.start < f.start and f.suggestion is not None:
                        f = dataclasses.replace(f, start=slip.start, text=text[slip.start:f.end],
                                                suggestion=text[slip.start:f.start] + f.suggestion)
                    f = dataclasses.replace(f, fallback=f.fallback + (slip,))
        out.append(f)
    return out


def _article_end(f: Finding) -> int:
    """Where the article of an a/an finding ("a artificial") ends."""
    return f.start + len(f.text.split(None, 1)[0])


def _starts_after(text: str, end: int, starts: set[int]) -> bool:
    """Does a finding start at the next word after ``end`` (past any whitespace)?"""
    i = end
    while i < len(text) and text[i].isspace():
        i += 1
    return i in starts


_TOKENS = TOKEN.findall
# a blank line, or a line break before a capital: no phrase runs across one (a repair
# there would join a heading and its paragraph, or two lines); any other line break may
# sit inside a phrase of hard-wrapped text ("pores and\n  skin")
_LINE_BREAK = re.compile(r"\n[^\S\n]*(\S|\n)")


def _crosses_break(text: str, start: int, end: int) -> bool:
    return any(m.group(1) == "\n" or m.group(1).isupper() for m in _LINE_BREAK.finditer(text, start, end))
_OPENERS = frozenset('.!?:;"“‘([{-–—•*#>|')
_WORDS = re.compile(r"[A-Za-z][\w'’\-]*")


def _lower_after_first(matched: str) -> bool:
    """Written in lower case, but for a capital first letter: spinners lower-case what
    they paste ("ldl cholesterol"), writers keep the acronym ("LDL cholesterol")."""
    return not any(c.isupper() for c in matched[1:])


def _content_word(words: list[str]) -> str | None:
    """The nearest word that is not a small function word (titles keep those lower case)."""
    for w in words:
        if w.lower() not in SMALL_WORDS:
            return w
    return None


def _capital_expected(text: str, start: int, end: int) -> bool:
    """Is a capital at ``start`` normal: sentence or line start, or inside a Title Case run?"""
    before = text[max(0, start - 60):start]
    stripped = before.rstrip()
    if not stripped or "\n" in before[len(stripped):] or stripped[-1] in _OPENERS:
        return True
    # only the words back to the last sentence or line break belong to this run
    cut = max(stripped.rfind("\n"), *(stripped.rfind(p) for p in ".!?:"))
    prev = _content_word(_WORDS.findall(stripped[cut + 1:])[::-1])
    if prev and prev[:1].isupper():
        return True
    after = text[end:end + 60]
    stop = min([i for i in (after.find("\n"), *(after.find(p) for p in ".!?:")) if i != -1] or [len(after)])
    nxt = _content_word(_WORDS.findall(after[:stop]))
    return bool(nxt and nxt[:1].isupper())


def _context_tokens(text: str, folded: str, start: int, end: int, ns: int, ne: int, longest: int = 5):
    """((at_sentence_start, previous tokens), (at_sentence_end, next tokens)), folded.

    Tokens come from the normalised text the scan ran over (already folded, spaces
    collapsed); line breaks, which that text no longer shows, are read from the
    original. A short window first: context phrases are a few tokens long, and
    tokenising 2 x 120 characters around every candidate was the largest cost on clean
    text. The long window is used only when the short one holds too few whole tokens."""
    width_before = width_after = _SHORT
    before = _TOKENS(folded[max(0, ns - _SHORT):ns])
    if len(before) <= longest and ns > _SHORT:
        width_before = _WINDOW
        before = _TOKENS(folded[max(0, ns - _WINDOW):ns])
    after = _TOKENS(folded[ne:ne + _SHORT])
    if len(after) <= longest and ne + _SHORT < len(folded):
        width_after = _WINDOW
        after = _TOKENS(folded[ne:ne + _WINDOW])
    i = start
    while i and text[i - 1].isspace():
        i -= 1
    edge_before = "\n" in text[i:start] or (bool(before) and before[-1] in _SENTENCE_END) or (
        not before and ns < width_before)
    j, n = end, len(text)
    while j < n and text[j].isspace():
        j += 1
    edge_after = "\n" in text[end:j] or (bool(after) and after[0] in _SENTENCE_END) or (
        not after and ne + width_after >= len(folded))
    return (edge_before, before), (edge_after, after)


def _judged(judge, context, tag: str) -> tuple[str | None, str, str]:
    """(status, why, tag) of a candidate from its context; a past-tense form after an
    auxiliary is read as a participle."""
    before, after = context
    status, why = judge(before, after)
    if tag == "VBD" and _after_auxiliary(before[1]):
        tag = "VBN"
    return status, why, tag


def _after_auxiliary(tokens: list[str]) -> bool:
    """Does an auxiliary come right before, or before adverbs only ("has always", "had not
    yet")? Then a form in -ed is a participle: "has always offered significance" is
    "has always given importance", not "has always gave"."""
    words = grammar_data()
    auxiliaries, between = words["auxiliaries"], words["between_auxiliary_and_participle"]
    for tok in reversed(tokens[-4:]):
        if tok in auxiliaries:
            return True
        if tok not in between and not (tok.endswith("ly") and len(tok) > 4):
            return False
    return False


_UNSURE = object()  # the adjacent token may reach past the context window: look properly
_NEXT_TOKEN = re.compile(r"\s*(" + TOKEN.pattern + ")")


def _times(gain: float) -> str:
    """A word-fit gain (a natural log) in words: "20 times better", "1.6 times better"."""
    times = math.exp(gain)
    if times < 1.05:
        return "about as well" if times > 0.95 else f"{times:.1f} times as well"
    return f"{times:,.0f} times better" if times >= 10 else f"{times:.1f} times better"


def _near_tokens(folded: str, ns: int, ne: int):
    """The last token before and the first after a match, exactly as ``_context_tokens``
    would end and begin (None: no token; ``_UNSURE``: it cannot be told cheaply), at
    the cost of one short search each instead of tokenising two windows."""
    lo = max(0, ns - _SHORT)
    j = ns
    while j > lo and folded[j - 1] == " ":
        j -= 1
    if j == lo:
        prev = _UNSURE if lo else None  # nothing in the short window: the long one is read
    else:
        p = folded.rfind(" ", lo, j)
        if p < 0 and lo:
            prev = _UNSURE  # the token may begin before the window
        else:
            chunk = folded[p + 1:j]  # a plain word or a single mark is its own last token
            prev = chunk if len(chunk) == 1 or chunk.isalnum() else _TOKENS(chunk)[-1]
    m = _NEXT_TOKEN.match(folded, ne, ne + _WINDOW)
    if m is None:
        nxt = None
    elif m.end() > ne + _SHORT:
        nxt = _UNSURE  # cut by the short window, or past it
    else:
        nxt = m.group(1)
    return prev, nxt


class _Gate:
    """Can any supporting phrase of an ambiguous entry meet the tokens next to a match,
    and does no one-word block stand there? Most matches on clean text are everyday words
    ("keep", "each") whose supports are absent, and the counter-examples of the lists are
    ordinary uses with a blocking word beside them ("muscle strains"); neither needs its
    context tokenised nor its phrases compared."""

    __slots__ = ("prev_open", "prev_keys", "next_open", "next_keys", "prev_blocks", "next_blocks")

    def __init__(self, prev: "_Phrases", nxt: "_Phrases",
                 not_prev: "_Phrases | None" = None, not_next: "_Phrases | None" = None):
        # a sentence-edge marker or a word ending can match any token: always look
        self.prev_open = prev.edge >= 0 or bool(prev.endings)
        self.next_open = nxt.edge >= 0 or bool(nxt.endings)
        self.prev_keys = prev.by_token
        self.next_keys = nxt.by_token
        # a one-token block next to the match stops the entry whatever else stands there
        self.prev_blocks = not_prev.single_tokens() if not_prev is not None else frozenset()
        self.next_blocks = not_next.single_tokens() if not_next is not None else frozenset()

    @classmethod
    def union(cls, gates: list["_Gate"]) -> "_Gate":
        """One gate that may hit wherever any of ``gates`` may (none of them open)."""
        gate = cls.__new__(cls)
        gate.prev_open = gate.next_open = False
        gate.prev_keys = frozenset(k for g in gates for k in g.prev_keys)
        gate.next_keys = frozenset(k for g in gates for k in g.next_keys)
        # the match is blocked only where every entry of the pattern is
        gate.prev_blocks = frozenset.intersection(*(g.prev_blocks for g in gates))
        gate.next_blocks = frozenset.intersection(*(g.next_blocks for g in gates))
        return gate

    def blocked(self, prev, nxt) -> bool:
        """A one-token block stands next to the match (``_UNSURE`` and None never block)."""
        return prev in self.prev_blocks or nxt in self.next_blocks

    def admits(self, prev, nxt) -> bool:
        """The first look's question: may the match be supported, with no block beside it?"""
        return self.may_hit((prev, nxt)) and not self.blocked(prev, nxt)

    def may_hit(self, near) -> bool:
        prev, nxt = near
        return (self.prev_open or prev is _UNSURE or (prev is not None and prev in self.prev_keys)
                or self.next_open or nxt is _UNSURE or (nxt is not None and nxt in self.next_keys))


class _Phrases:
    """Context phrases indexed by the token next to the match, so a check costs one dict
    look-up instead of a comparison per listed phrase (the hot path of clean text).
    A word ending ("*ing") stands for any longer word with that ending: "able to" is
    spun "capable of" before a gerund, and no list of gerunds is ever complete."""

    __slots__ = ("by_token", "edge", "endings")

    def __init__(self, items, before: bool):
        edge_item = ("^",) if before else ("$",)
        self.edge = -1  # list position of the sentence-edge marker, if listed
        self.by_token: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        self.endings: list[tuple[int, tuple[str, ...], str]] = []
        for order, item in enumerate(items):
            if item == edge_item:
                self.edge = order if self.edge < 0 else self.edge
                continue
            ending = word_ending(item)
            if ending is not None:
                self.endings.append((order, item, ending))
                continue
            self.by_token.setdefault(item[-1] if before else item[0], []).append((order, item))

    def single_tokens(self) -> frozenset:
        """The listed phrases of one token: next to the match, each alone decides."""
        return frozenset(tok for tok, items in self.by_token.items() if any(len(item) == 1 for _, item in items))

    def first(self, toks: list[str], boundary: bool, before: bool) -> str | None:
        """The first listed phrase (in list order) that the tokens next to the match show."""
        best, hit = -1, None
        if boundary and self.edge >= 0:
            best, hit = self.edge, ("^",) if before else ("$",)
        if toks:
            near = toks[-1] if before else toks[0]
            for order, item in self.by_token.get(near, ()):
                if best >= 0 and order > best:
                    break
                n = len(item)
                if len(toks) >= n and tuple(toks[-n:] if before else toks[:n]) == item:
                    best, hit = order, item
                    break
            for order, item, ending in self.endings:
                if best >= 0 and order > best:
                    break
                if len(near) > len(ending) + 1 and near.endswith(ending) and near.isalpha():
                    best, hit = order, item
                    break
        return " ".join(hit) if hit is not None else None


# the sentence spaCy tags for a candidate: the grammar checks' sentence, reaching no
# further than the tagger needs (a longer "sentence" only costs tagging time)
_TAG_REACH = 300


def _tag_steps(text: str, cands: list[_Candidate], cache: dict):
    """Ask for the sentences of ``cands`` to be tagged (yield them; the tags are sent
    back) and keep the tags in ``cache`` with offsets into ``text``."""
    keys = sorted({sentence_bounds(text, c.start, c.end, _TAG_REACH) for c in cands} - set(cache))
    if not keys:
        return
    tagged = yield [text[a:b] for a, b in keys]
    for (s0, _), toks in zip(keys, tagged):
        cache[(s0, _)] = None if toks is None else [(a + s0, b + s0, p) for a, b, p in toks]


def _tag(sentences: list[str]) -> list:
    """Tags for each sentence, or None for each when no spaCy model is installed."""
    from .nlp import ModelMissing, tag_sentences
    try:
        return tag_sentences(sentences)
    except ModelMissing:
        return [None] * len(sentences)


def _run_all(steps: list) -> list:
    """Run ``_detect_steps`` generators side by side: whenever each is waiting for tags
    or done, tag every waiting sentence in one batch and send each its share."""
    results: list = [None] * len(steps)
    waiting: dict[int, list[str]] = {}

    def advance(i: int, tags) -> None:
        try:
            request = steps[i].send(tags)
        except StopIteration as done:
            results[i] = done.value
        else:
            waiting[i] = request

    for i in range(len(steps)):
        advance(i, None)
    while waiting:
        batch, waiting = waiting, {}
        tagged = _tag([s for sentences in batch.values() for s in sentences])
        pos = 0
        for i, sentences in batch.items():
            advance(i, tagged[pos:pos + len(sentences)])
            pos += len(sentences)
    return results


def _tag_sentences(text: str, cands: list[_Candidate], cache: dict) -> None:
    """Tag the sentences of ``cands`` now (outside a ``_run_all``)."""
    _run_all([_tag_steps(text, cands, cache)])


def _pos_context(text: str, start: int, end: int, pos: str, cache: dict):
    """(previous UPOS, head UPOS, next UPOS) around a match, tagging only its sentence."""
    key = sentence_bounds(text, start, end, _TAG_REACH)
    if key not in cache:
        _tag_sentences(text, [_Candidate(start, end, None, -1, "", "", "")], cache)
    toks = cache[key]
    if not toks:
        return None
    inside = [i for i, (a, b, _) in enumerate(toks) if a < end and start < b]
    if not inside:
        return None
    head = inside[-1] if pos == "noun" else inside[0]
    prev_pos = toks[inside[0] - 1][2] if inside[0] > 0 else ""
    next_pos = toks[inside[-1] + 1][2] if inside[-1] + 1 < len(toks) else ""
    return prev_pos, toks[head][2], next_pos
