"""Repairs are checked in their sentence: adjusted (article, number, capital) or held back;
grammar damage counts as weighted spin evidence."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from unspin import Unspinner
from unspin.findings import Finding
from unspin.grammar import Issue
from unspin.grammar.evidence import weight
from unspin.grammar.fit import fit, merge_adjacent

# the shared two-entry list and the entries these tests add
LIST = (Path(__file__).parent / "data" / "two-entry-list.yml").read_text(encoding="utf-8") + """\
- spun: fine strains
  fix: fine lines
  pos: noun
  examples: [It smooths fine strains.]
- spun: great things about
  fix: benefits of
  examples: [Great things about tea.]
- spun: tiny wrinkle
  fix: fine lines
  examples: [It hides a tiny wrinkle.]
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    p = tmp_path_factory.mktemp("g") / "list.yml"
    p.write_text(LIST, encoding="utf-8")
    return Unspinner(builtin=False, wordlists=[p])


@pytest.mark.parametrize("text, expected", [
    ("Your pores and skin are dry.", "Your skin is dry."),
    ("These pores and skin need care.", "This skin need care."),  # regular verbs: LanguageTool's job
    ("Creams for pores and skin are costly.", "Creams for skin are costly."),
    ("Apply it to an pores and skin patch.", "Apply it to a skin patch."),
    ("It hides a tiny wrinkle today.", "It hides fine lines today."),
])
def test_repairs_are_adjusted_to_their_sentence(engine, text, expected):
    assert engine.repair(text).text == expected
    # the check report shows the same adjusted suggestion as one finding
    for f in engine.detect(text):
        assert text[f.start:f.end] == f.text


def test_agreement_is_one_change(engine):
    rep = engine.repair("Your pores and skin are dry.")
    assert [(c.old, c.new) for c in rep.changes] == [("pores and skin are", "skin is")]


def test_stray_capitals_in_spun_documents(engine):
    spun = ("Dry pores and skin needs care. Pay with a bank card. It smooths fine strains. "
            "It delivers A variety of benefits. Then use Mild, hydrating creams.")
    found = {f.text: f for f in engine.detect(spun)}
    assert found["A"].rule == "grammar/stray-capital" and found["A"].suggestion == "a"
    assert found["Mild"].suggestion == "mild" and not found["Mild"].strong
    assert engine.repair(spun).text.endswith("It delivers a variety of benefits. Then use mild, hydrating creams.")
    # without spin evidence the same capitals are left alone
    clean = "It delivers A variety of benefits. Then use Mild, hydrating creams."
    assert engine.detect(clean) == []


def test_a_grammar_fix_next_to_a_repair_joins_the_change():
    text = "It is A bank card."
    repair = Finding(8, 17, "bank card", "credit card", "testing/bank-card", "tortured", 0.9, "r")
    article = Finding(6, 7, "A", "a", "grammar/stray-capital", "tortured", 0.7, "g")
    (merged,) = merge_adjacent(text, [repair, article])
    assert (merged.start, merged.end, merged.suggestion, merged.rule) == (6, 17, "a credit card",
                                                                          "testing/bank-card")
    # a grammar finding detected on its own stays its own change: each change is one finding's span
    assert merge_adjacent(text, [repair, article], detected=[repair, article]) == [article, repair]


class _Flags:
    """A backend that flags one word, with or without a fix."""

    name = "test"

    def __init__(self, word, fix):
        self.word, self.fix = word, fix

    def check_texts(self, texts):
        out = []
        for t in texts:
            i = t.find(self.word)
            out.append([] if i < 0 else [Issue(i, i + len(self.word), self.word, self.fix, "test/x", "bad", "grammar")])
        return out


def test_an_introduced_error_without_a_fix_holds_the_repair_back(engine):
    engine.grammar = _Flags("credit card", None)
    try:
        rep = engine.repair("Pay with a bank card. Dry pores and skin.")
    finally:
        engine.grammar = None
    assert rep.text == "Pay with a bank card. Dry skin."
    assert [f.text for f in rep.held_back] == ["bank card"]
    assert rep.held_back[0].applicability == "display-only"


def test_an_error_already_in_the_original_is_not_blamed_on_the_repair():
    text = "Pay with a bank card daily."
    f = Finding(11, 20, "bank card", "credit card", "t", "tortured", 0.9, "r")
    assert fit(text, [f], _Flags("daily", None)) == [f]


def test_an_issue_between_two_repairs_belongs_to_neither():
    text = "pores and skin pores and skin"
    f1 = Finding(0, 14, "pores and skin", "skin", "t", "tortured", 0.9, "r")
    f2 = Finding(15, 29, "pores and skin", "skin", "t", "tortured", 0.9, "r")
    assert fit(text, [f1, f2]) == [f1, f2]  # "skin skin" touches both: left alone, both applied


def test_grammar_evidence_is_weighted_and_never_enough_alone(engine):
    g = Finding(0, 1, "A", "a", "grammar/stray-capital", "grammar", 0.5, "")
    typo = dataclasses.replace(g, rule="grammar/repeated-word")
    lt = dataclasses.replace(g, rule="languagetool/EN_A_VS_AN")
    assert weight(g) == 0.6 and weight(typo) == 0.0 and weight(lt) == 0.0
    spin = Finding(0, 1, "x", "y", "r", "tortured", 0.9, "", strong=True)
    text = "word " * 200
    base = engine.score(text, [spin, spin])
    more = engine.score(text, [spin, spin] + [g] * 5)
    assert more.score > base.score
    assert engine.score(text, [g] * 60).verdict == "clean"  # grammar damage alone is never 'spun'
    assert engine.score(text, [typo] * 60).score == 0


_WORDS = st.sampled_from(["pores and skin", "are", "is", "a", "an", "These", "the", "A", "Mild", "fine strains",
                          "bank card", "great things about", ",", ".", "\n", "é", "😀", "it", "For", "tiny wrinkle"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_WORDS, max_size=30).map(" ".join))
def test_property_fitted_findings_keep_offsets_and_repair_is_idempotent(engine, text):
    findings = engine.detect(text)
    last = -1
    for f in findings:
        assert text[f.start:f.end] == f.text
        assert f.start >= last
        last = f.end
    once = engine.repair(text).text
    assert engine.repair(once).text == once
