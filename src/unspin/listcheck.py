"""``unspin lists check``: validate the word lists and run every entry's examples.

Like textlint-prh, each entry carries sentences where it must fire and, when the
spun form is ordinary English, sentences where it must not; a list that breaks
its own examples fails here, not in a user's article.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from .engine import Unspinner
from .lists import Lists
from .textnorm import fold_phrase
from .wordfit import by_word_fit, swapped_word


@dataclass
class ListReport:
    errors: list[str] = field(default_factory=list)
    by_domain: Counter = field(default_factory=Counter)
    curated: int = 0
    generated: int = 0
    terms: int = 0
    substitutions: int = 0
    swaps: int = 0
    not_swaps: int = 0
    allow: int = 0
    examples_run: int = 0
    # example sentences word fit or a same swap (not an entry) found something else in, with
    # the words and rules: reported, not errors (both are judged on texts, see the README's Accuracy)
    word_fit_hits: list[str] = field(default_factory=list)
    # counter-examples that another entry (or word fit) flags when all the lists run together:
    # a counter is ordinary English, so each is a likely false alarm on human text, unless the
    # sentence holds another spun form on purpose; reported, not errors
    counter_hits: list[str] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _structure(lists: Lists, report: ListReport) -> None:
    seen: dict[str, list] = defaultdict(list)
    for e in lists.entries:
        for s in e.spun:
            seen[s].append(e)
        if not e.examples:
            report.errors.append(f"{e.source}: {e.id}: no example where it fires")
        if e.ambiguous and e.origin == "curated" and not e.counter:
            report.errors.append(f"{e.source}: {e.id}: ambiguous entry without a counter-example")
    ids = Counter(e.id for e in lists.entries)
    for rid, n in ids.items():
        if n > 1:
            srcs = sorted({e.source for e in lists.entries if e.id == rid})
            report.errors.append(f"{', '.join(srcs)}: {rid}: rule id used {n} times (add distinct 'id's)")
    for spun, entries in seen.items():
        if len(entries) < 2:
            continue
        keys = {(e.fix, e.context, e.ambiguous, e.kind) for e in entries}
        where = "; ".join(f"{e.source} ({e.id})" for e in entries)
        if len(keys) < len(entries):
            report.errors.append(f"duplicate entry for {spun!r}: {where}")
        elif len({e.fix for e in entries if e.context is None}) > 1:
            report.errors.append(f"conflicting entries for {spun!r} (different fixes, no context to tell them apart): {where}")
    strong_forms = {s: e for e in lists.entries if not e.ambiguous and e.kind == "tortured" for s in e.spun}
    for e in lists.entries:
        for fix in e.fix or ():
            other = strong_forms.get(fold_phrase(fix))
            if other is not None and other is not e:
                report.errors.append(f"{e.source}: {e.id}: its fix {fix!r} is itself a spun form ({other.id})")


def _run_examples(engine: Unspinner, entries, report: ListReport) -> None:
    for e in entries:
        for ex in e.examples:
            report.examples_run += 1
            findings = engine.detect(ex.text, evidence=True)
            fitted = [f for f in findings if by_word_fit(f.rule)]
            if fitted:
                report.word_fit_hits.append(f"{e.id}: " + ", ".join(f"{f.text!r} -> {f.suggestion!r} ({f.rule})"
                                                                      for f in fitted))
                # an article slip word fit took over as its fallback is the lists' own finding
                findings = [f for f in findings if f not in fitted] + [x for f in fitted for x in f.fallback]
            mine = [f for f in findings if f.rule == e.id]
            if not mine:
                got = ", ".join(f"{f.text!r} ({f.rule})" for f in findings) or "nothing"
                report.errors.append(f"{e.source}: {e.id}: example did not fire: {ex.text!r} (found {got})")
                continue
            if ex.fixed is not None:
                out = engine.repair(ex.text, unsafe=True, findings=findings).text
                if out != ex.fixed:
                    report.errors.append(f"{e.source}: {e.id}: example repaired to {out!r}, expected {ex.fixed!r}")
        for text in e.counter:
            report.examples_run += 1
            bad = [f for f in engine.detect(text, evidence=False) if f.rule == e.id]
            if bad:
                report.errors.append(f"{e.source}: {e.id}: fired on its counter-example: {text!r}")


def _last_word(suggestion: str | None) -> str:
    words = fold_phrase(suggestion or "").split()
    return words[-1] if words else ""


def _run_swaps(engine: Unspinner, lists: Lists, report: ListReport) -> None:
    """Each swap's examples must be flagged by word fit in a spun document, on one of its
    spun words and with its word; its counter-examples must not be, even there."""
    from .morph import forms

    for sw in lists.swaps:
        surfaces = {x for spun in sw.spun for x in forms(spun, sw.pos)}
        words = set(forms(sw.word, sw.pos))  # the swap's own word, in any inflection
        if sw.blocked:
            for text in sw.counter:
                report.examples_run += 1
                if any(swapped_word(f.rule) in surfaces and _last_word(f.suggestion) in words
                       for f in engine.detect(text, evidence=True)):
                    report.errors.append(f"{sw.source}: not_swap {sw.word} -> {', '.join(sw.spun)}: word fit "
                                         f"proposed it in its counter-example: {text!r}")
            continue
        where = f"{sw.source}: swap {sw.word} -> {', '.join(sw.spun)}"
        for text in sw.examples:
            report.examples_run += 1
            fits = [f for f in engine.detect(text, evidence=True) if swapped_word(f.rule) in surfaces]
            if not fits:
                report.errors.append(f"{where}: word fit did not flag its example: {text!r}")
            elif not any(_last_word(f.suggestion) in words for f in fits):
                got = ", ".join(f"{f.text!r} -> {f.suggestion!r}" for f in fits)
                report.errors.append(f"{where}: word fit flagged its example with another word: {text!r} ({got})")
        for text in sw.counter:
            report.examples_run += 1
            if any(swapped_word(f.rule) in surfaces for f in engine.detect(text, evidence=True)):
                report.errors.append(f"{where}: word fit flagged its counter-example: {text!r}")


def _run_substitution_counters(engine: Unspinner, lists: Lists, report: ListReport) -> None:
    """A substitution's counter-examples must raise no variant it generated: they show
    the words its blocks (``not_prev``, ``not_next``) are there for."""
    for sub in lists.substitutions:
        made = tuple(f"{sub.word} -> {spun}" for spun in sub.spun)
        for text in sub.counter:
            report.examples_run += 1
            bad = [f for f in engine.detect(text, evidence=False)
                   if "/term/" in f.rule and any(m in f.reason for m in made)]
            if bad:
                report.errors.append(f"{sub.source}: substitution {sub.word} -> {', '.join(sub.spun)}: a variant "
                                     f"fired on its counter-example: {text!r} ({bad[0].text!r}, {bad[0].rule})")


def _run_counters_together(engine: Unspinner, lists: Lists, report: ListReport) -> None:
    """Every counter-example against all the lists at once, as in a clean article. Each
    entry's own run sees only its file, so an entry of another file that fires on the
    sentence ("cyber safety" read as spun 'security' in a counter of 'cyber safety' the
    phrase) goes unseen there, and such a finding would be a false alarm in a writer's text."""
    items = [(e, text) for e in lists.entries for text in e.counter]
    for (e, text), found in zip(items, engine.detect_many([t for _, t in items], evidence=False)):
        if found:
            report.counter_hits.append(f"{e.id}: {text!r}: " + ", ".join(
                f"{f.text!r} -> {f.suggestion!r} ({f.rule})" for f in found))


def check_lists(lists: Lists) -> ListReport:
    report = ListReport(files=len(lists.files))
    _structure(lists, report)
    report.curated = len(lists.entries)
    report.terms = sum(len(t) for t in lists.terms.values())
    report.substitutions = len(lists.substitutions)
    report.swaps = sum(not sw.blocked for sw in lists.swaps)
    report.not_swaps = len(lists.swaps) - report.swaps
    report.allow = len(lists.allow)
    by_source: dict[str, list] = defaultdict(list)
    for e in lists.entries:
        by_source[e.source].append(e)
        report.by_domain[e.domain] += 1
    # each entry and swap is checked on its own merits: the language model's word for the
    # forms that need context (``needs_context_min_gain``) would let other entries fire
    # inside an example sentence and take words from word fit, so it is left out here
    settings = {**lists.settings, "word_fit": {k: v for k, v in lists.settings.get("word_fit", {}).items()
                                               if k != "needs_context_min_gain"}}
    common = dict(terms={}, substitutions=[], allow=lists.allow, settings=settings)
    for source, entries in sorted(by_source.items()):
        engine = Unspinner(lists=Lists(entries=list(entries), **common))
        _run_examples(engine, entries, report)
    full = Unspinner(lists=replace(lists, settings=settings))
    _run_swaps(full, lists, report)
    generated = [e for e in full.index.documented() if e.origin == "generated"]
    report.generated = len(generated)
    for e in generated:
        report.by_domain[e.domain] += 1
    _run_examples(full, generated, report)
    _run_substitution_counters(full, lists, report)
    _run_counters_together(full, lists, report)
    return report


def format_report(report: ListReport) -> str:
    lines = list(report.errors)
    lines.append(f"{report.files} files: {report.curated} curated entries, {report.generated} generated from "
                 f"{report.terms} terms x {report.substitutions} substitutions, {report.swaps} one-word swaps "
                 f"({report.not_swaps} pairs word fit must not propose), "
                 f"{report.allow} allowed phrases; "
                 f"{report.examples_run} examples run")
    for dom, n in sorted(report.by_domain.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  {dom:<14} {n:>6}")
    if report.word_fit_hits:
        lines.append(f"word fit or same swaps also flagged a word in {len(report.word_fit_hits)} example sentences "
                     f"(not errors; `unspin lists check --verbose` lists them)")
    if report.counter_hits:
        lines.append(f"{len(report.counter_hits)} counter-examples are flagged when all the lists run together "
                     f"(not errors: likely false alarms, unless a sentence holds another spun form on purpose; "
                     f"`--verbose` lists them)")
    lines.append(f"{len(report.errors)} problem{'s' if len(report.errors) != 1 else ''}" if report.errors else "all lists OK")
    return "\n".join(lines)
