"""Word fit: one-word swaps judged by how well the original fits the neighbours."""
from __future__ import annotations

import pytest

from unspin import default, wordfit
from unspin.findings import AWKWARD, UNSAFE
from unspin.wordfit import Counts, fits, gain, mean_gain, swap_table

# a toy model: "market value" is common, "market worth" unseen; "net worth" common
COUNTS = Counts(
    bigrams={("market", "value"): 90_000_000, ("net", "worth"): 60_000_000, ("net", "value"): 8_000_000, ("value", "of"): 80_000_000,
             ("worth", "of"): 20_000_000, ("the", "value"): 100_000_000, ("the", "worth"): 9_000_000},
    unigrams={"value": 400_000_000, "worth": 90_000_000, "market": 300_000_000, "net": 100_000_000},
)
TABLE = {"worth": ("value",)}


def test_gain_prefers_the_original_where_the_neighbours_expect_it():
    assert gain("market", "worth", None, "value", COUNTS) > 3
    assert gain("net", "worth", None, "value", COUNTS) < 0  # "net worth" is the real phrase


def test_gain_without_any_counted_pair_of_the_original_is_unknown():
    # neither "green value" nor "value green" was counted: word frequencies alone say nothing here
    assert gain("green", "worth", "green", "value", COUNTS) is None


def test_swap_table_inflects_and_skips_phrases_and_allowed_words():
    table = swap_table([("charge", "rate", "noun"), ("pores and skin", "skin", "noun"), ("vendor", "seller", "noun"),
                        ("locate", "find", "verb")], blocked={"vendor"})
    assert table["charges"] == ("rates",)
    assert table["located"] == ("found",)
    assert "pores and skin" not in table and "vendor" not in table


def test_fits_flags_a_swap_its_neighbour_gives_away():
    [fit] = fits("Check the market worth first.", TABLE, (COUNTS,), 3.0)
    assert (fit.word, fit.original, fit.prev) == ("worth", "value", "market")


def test_fits_leaves_the_real_phrase_and_function_word_neighbours_alone():
    assert list(fits("Their net worth grew.", TABLE, (COUNTS,), 3.0)) == []
    # "the worth of": both neighbours are function words, which only favour the commoner word
    assert list(fits("He saw the worth of it.", TABLE, (COUNTS,), 0.0)) == []


def test_fits_skips_names_and_covered_spans_and_spun_neighbours():
    assert list(fits("We met Market Worth yesterday.", TABLE, (COUNTS,), 3.0)) == []  # a capital mid-sentence
    assert len(list(fits("Market worth rose. Worth market.", TABLE, (COUNTS,), 3.0))) == 1
    text = "Check the market worth first."
    start = text.index("worth")
    assert list(fits(text, TABLE, (COUNTS,), 3.0, skip=[(start, start + 5)])) == []
    m = text.index("market")
    # the neighbour is itself a spun word (a finding): it is no evidence
    assert list(fits(text, TABLE, (COUNTS,), 3.0, spun=[(m, m + 6)])) == []


def test_british_spelling_fallback_counts_the_american_pair():
    counts = Counts(bigrams={("the", "centre"): 300_000_000, ("centre", "of"): 200_000_000,
                             ("the", "core"): 300_000_000, ("core", "of"): 150_000_000},
                    unigrams={"centre": 90_000_000, "center": 90_000_000, "core": 50_000_000})
    assert counts.pair("center", "of") == 200_000_000
    # with the pair found, "core" no longer looks a million times likelier than "center"
    assert gain("the", "center", "of", "core", counts) < 3


@pytest.fixture(scope="module")
def engine():
    eng = default()
    if len(eng.index.counts()) != 2:
        pytest.fail("symspellpy's and wordsegment's frequency lists are dependencies and were not found")
    return eng


SPUN = ("Pores and skin care begins with a mild cleanser. The market worth of a good serum is high, "
        "and coronary heart well being matters too.")


def test_engine_flags_a_swap_only_in_a_document_with_evidence(engine):
    found = [f for f in engine.detect(SPUN, evidence=True) if f.rule.startswith("word-fit/")]
    assert [(f.text, f.suggestion, f.kind, f.applicability) for f in found] == [("worth", "value", AWKWARD, UNSAFE)]
    assert "fits 'market _ of'" in found[0].reason
    assert not [f for f in engine.detect(SPUN, evidence=False) if f.rule.startswith("word-fit/")]
    clean = "The market worth of a good serum is high."
    assert engine.detect(clean) == []


def test_word_fit_is_unsafe_applied_only_on_request(engine):
    assert "market worth" in engine.repair(SPUN).text
    assert "market value" in engine.repair(SPUN, unsafe=True).text


def test_word_fit_findings_never_count_towards_the_verdict_alone(engine):
    from unspin.grammar.evidence import from_lists
    f = next(f for f in engine.detect(SPUN, evidence=True) if f.rule.startswith("word-fit/"))
    assert not from_lists(f)


def test_min_gain_zero_turns_word_fit_off(engine, monkeypatch):
    monkeypatch.setattr(engine, "word_fit", 0.0)
    assert not [f for f in engine.detect(SPUN, evidence=True) if f.rule.startswith("word-fit/")]


def test_counts_are_restricted_to_the_swap_vocabulary(engine):
    vocab = set(engine.index.word_swaps) | {o for v in engine.index.word_swaps.values() for o in v}
    vocab |= set(wordfit.data()[1].values())
    # and the outer words of the forms that need context, for the language model's word on them
    vocab |= {w for e in engine.index.entries if e.needs_context and e.fix for phrase in (*e.spun, *e.fix)
              for w in wordfit.edge_words(phrase) if w not in wordfit.data()[0]}
    for counts in engine.index.counts():
        assert counts.bigrams and all(a in vocab or b in vocab for a, b in counts.bigrams)


def test_sources_average_and_a_source_without_the_pair_abstains():
    web = Counts(bigrams={("market", "value"): 2_000_000, ("market", "worth"): 400_000}, unigrams={}, floor=50_000)
    silent = Counts(bigrams={}, unigrams={}, floor=50_000)
    books = gain("market", "worth", None, "value", COUNTS)
    both = mean_gain("market", "worth", None, "value", (COUNTS, web))
    assert both == pytest.approx((books + gain("market", "worth", None, "value", web)) / 2)
    assert mean_gain("market", "worth", None, "value", (COUNTS, silent)) == pytest.approx(books)
    assert mean_gain("market", "worth", None, "value", (silent,)) is None


def test_mined_pairs_need_two_entries_and_no_function_word():
    phrases = [("market worth", "market value"), ("share worth", "share value"), ("home worth", "home price"),
               ("the goal", "a goal"), ("an goal", "a goal"), ("pores and skin", "skin"), ("good strains", "fine lines")]
    assert wordfit.mined_pairs(phrases, 2) == [("worth", "value", "other")]
    assert ("worth", "price", "other") in wordfit.mined_pairs(phrases, 1)
    assert all("a" not in pair[:2] for pair in wordfit.mined_pairs(phrases, 1))


def test_mined_pairs_skip_a_noun_entrys_listed_plural():
    """A noun entry's plural listed beside its singular, under the one singular fix, must
    not teach word fit a swap that drops the plural ("charges" -> "rate")."""
    phrases = [("dropout charges", "dropout rate", "noun"), ("literacy charges", "literacy rate", "noun"),
               ("dropout charge", "dropout rate", "noun"), ("literacy charge", "literacy rate", "noun"),
               ("hair focus", "hair concentration", "noun"), ("eye focus", "eye concentration", "noun")]
    assert wordfit.mined_pairs(phrases, 2) == [("charge", "rate", "other"), ("focus", "concentration", "other")]


def test_swap_table_leaves_out_blocked_pairs_in_every_inflection():
    table = swap_table([("charge", "rate", "noun"), ("charge", "fee", "noun"), ("each", "both", "other")],
                       blocked_pairs=[("charge", "rate", "noun"), ("each", "both", "other")])
    assert table["charges"] == ("fees",) and table["charge"] == ("fee",)
    assert "each" not in table


def test_lists_check_reports_word_fit_on_examples_without_failing():
    from unspin.listcheck import ListReport, format_report
    report = ListReport(word_fit_hits=["x/y: 'checklist' -> 'list'"])
    assert "word fit or same swaps also flagged a word in 1 example sentences" in format_report(report)
    assert report.ok


SWAPS = """
swaps:
- word: value
  pos: noun
  spun: [worth]
  examples: [The market worth of the flat rose last year., Their net worth doubled.]
  counter: [Check the market worth first.]
"""


def test_lists_check_runs_swap_examples_and_counter_examples():
    from unspin.listcheck import check_lists
    from unspin.lists import load, parse_swaps_file

    lists = load([], builtin=False)
    lists.extend(parse_swaps_file(SWAPS, "swaps.yml"))
    report = check_lists(lists)
    assert report.swaps == 1
    # the first example is flagged; "net worth" is the real phrase, so the second is not;
    # the counter-example is (wrongly) one word fit flags
    assert [e.split(": ", 2)[2] for e in report.errors] == [
        "word fit did not flag its example: 'Their net worth doubled.'",
        "word fit flagged its counter-example: 'Check the market worth first.'"]


NOT_SWAPS = """
not_swaps:
- word: value
  pos: noun
  spun: [worth]
  counter: [The market worth of the flat rose last year.]
  note: a pair word fit must not propose
"""


def test_a_not_swap_takes_a_pair_out_of_word_fit_and_its_counter_examples_are_run(tmp_path):
    from unspin import Unspinner
    from unspin.listcheck import check_lists
    from unspin.lists import load, parse_swaps_file

    # the built-in lists teach word fit worth -> value; a user's not_swap takes it out
    assert "value" in Unspinner().index.word_swaps["worth"]
    swaps = tmp_path / "swaps"
    swaps.mkdir()
    (swaps / "mine.yml").write_text(NOT_SWAPS, encoding="utf-8")
    eng = Unspinner(wordlists=[tmp_path])
    assert "value" not in eng.index.word_swaps.get("worth", ())
    assert not [f for f in eng.detect(SPUN, evidence=True) if f.rule == "word-fit/worth" and f.suggestion == "value"]
    # lists check: the pair declared in the same lists as the swap it blocks wins, and
    # a not_swap whose counter-example word fit still flags is an error
    lists = load([], builtin=False)
    lists.extend(parse_swaps_file(SWAPS + NOT_SWAPS, "swaps.yml"))
    report = check_lists(lists)
    assert report.swaps == 1 and report.not_swaps == 1
    assert any("did not flag its example: 'The market worth" in e for e in report.errors)
    lists = load([], builtin=False)
    lists.extend(parse_swaps_file(SWAPS, "a.yml"))
    lists.extend(parse_swaps_file(NOT_SWAPS.replace("market worth of the flat", "market worth of the house"), "b.yml"))
    assert not any("not_swap" in e for e in check_lists(lists).errors)


@pytest.mark.parametrize("body, message", [
    ("not_swaps:\n- {word: value, spun: [worth], note: x}\n", "needs 'word', 'spun', 'counter' and 'note'"),
    ("not_swaps:\n- {word: value, spun: [worth], counter: [], note: x}\n", "at least one counter-example"),
    ("swaps:\n- {word: value, spun: [market worth], examples: [x]}\n", "one word for one word"),
    ("swaps:\n- {word: value, spun: [worth]}\n", "needs 'word', 'spun' and 'examples'"),
    ("swaps:\n- {word: value, spun: [worth], examples: [x], pos: thing}\n", "'pos' must be one of"),
    ("swaps:\n- {word: value, spun: [worth], examples: [x], not_prev: [net]}\n", "needs a counter-example"),
    ("swaps:\n- {word: value, spun: [worth], examples: [x], not_next: [per cent], counter: [y]}\n", "single words"),
])
def test_swaps_file_errors_name_the_swap(body, message):
    from unspin.lists import WordlistError, parse_swaps_file
    with pytest.raises(WordlistError, match=message):
        parse_swaps_file(body, "swaps.yml")


def test_an_article_before_a_same_swap_is_left_to_that_repair(engine):
    # "authorized" is found swapped for "legal" in "an authorized skilled"; the article slip
    # of "a authorized" is the swap's trace, and "an legal" would be worse than either
    text = ("Pores and skin care matters for coronary heart well being. Ask an authorized skilled first. "
            "There is a authorized requirement to disclose it.")
    found = engine.detect(text)
    # (the article itself now gives the swap away to word fit; otherwise a same swap finds it)
    assert any(f.rule in ("same-swap/authorized", "word-fit/authorized") for f in found)
    assert not any(f.rule == "grammar/a-an" for f in found)
    fixed = engine.repair(text, unsafe=True).text
    assert "a legal requirement" in fixed and "an legal" not in fixed
    # elsewhere the article is still fitted to the word that follows it
    assert any(f.rule == "grammar/a-an" for f in engine.detect(text + " Buy a ornate lamp."))


def test_an_article_slip_under_a_word_fit_repair_is_its_safe_fallback(engine):
    # "an worker": the article was written for "employee", which word fit finds (unsafe);
    # without unsafe fixes the slip's own safe repair is applied instead of neither
    text = "Pores and skin care matters for coronary heart well being. You may need to hire an worker soon."
    found = engine.detect(text, evidence=True)
    fit = [f for f in found if f.rule == "word-fit/worker"]
    assert [(f.text, f.suggestion) for f in fit] == [("an worker", "an employee")]
    assert [(x.text, x.suggestion, x.rule) for x in fit[0].fallback] == [("an worker", "a worker", "grammar/a-an")]
    assert not any(f.rule == "grammar/a-an" for f in found)
    assert "hire a worker soon" in engine.repair(text, findings=found).text
    assert "hire an employee soon" in engine.repair(text, findings=found, unsafe=True).text


def test_an_allowed_phrase_keeps_word_fit_away():
    from unspin import Unspinner
    eng = Unspinner(allow=["market worth"])
    assert not [f for f in eng.detect(SPUN, evidence=True) if f.rule.startswith("word-fit/")]


def test_a_user_settings_file_turns_word_fit_off(tmp_path):
    from unspin import Unspinner
    (tmp_path / "settings.yml").write_text("word_fit:\n  min_gain: 0\n", encoding="utf-8")
    eng = Unspinner(wordlists=[tmp_path])
    assert eng.word_fit == 0.0
    assert not [f for f in eng.detect(SPUN, evidence=True) if f.rule.startswith("word-fit/")]


def test_a_user_settings_file_changes_only_the_keys_it_names(tmp_path):
    from unspin import Unspinner
    from unspin.lists import load
    (tmp_path / "settings.yml").write_text("word_fit:\n  min_gain: 2.5\n", encoding="utf-8")
    builtin = load()
    mine = load([tmp_path])
    assert mine.settings["word_fit"]["min_gain"] == 2.5
    # the rest of the built-in word_fit section stays (it was dropped with the section)
    rest = {k: v for k, v in builtin.settings["word_fit"].items() if k != "min_gain"}
    assert rest and all(mine.settings["word_fit"][k] == v for k, v in rest.items())
    assert mine.settings["evidence"] == builtin.settings["evidence"]
    eng, base = Unspinner(wordlists=[tmp_path]), Unspinner()
    assert eng.word_fit == 2.5
    assert (eng.word_fit_strong, eng.word_fit_article, eng.word_fit_lm) == (
        base.word_fit_strong, base.word_fit_article, base.word_fit_lm)


# ------------------------------------------------------------------ same swaps

def test_same_swaps_flags_the_twins_whose_neighbours_do_not_favour_the_word():
    text = "The worth rose. Its worth doubled. Their net worth grew."
    got = list(wordfit.same_swaps(text, {"worth": "value"}, (COUNTS,), 0.0))
    # "the worth" favours value; "its worth doubled" was never counted; "net worth" favours worth
    assert [(text[f.start:f.end], f.prev) for f in got] == [("worth", "the"), ("worth", "its")]
    assert got[0].gain > 0 and got[1].gain is None


def test_same_swaps_skips_covered_places_compounds_and_acronyms():
    text = "Check the worth. A self-worth talk. WORTH it. The worth again."
    first = text.index("worth")
    got = list(wordfit.same_swaps(text, {"worth": "value"}, (COUNTS,), 0.0, skip=[(first, first + 5)]))
    assert [f.start for f in got] == [text.rindex("worth")]


def test_engine_repeats_a_found_swap_only_with_evidence(engine, monkeypatch):
    # word fit finds "worth" after "market"; between "its" and "is" (function words) it
    # is told here not to judge it in a document with evidence short of overwhelming (two
    # unambiguous findings here), but the spinner swapped it there too
    monkeypatch.setattr(engine, "word_fit_function_weak", None)
    text = SPUN + " Its worth is clear."
    found = engine.detect(text)
    same = [f for f in found if f.rule.startswith(wordfit.SAME_SWAP_PREFIX)]
    assert [(f.text, f.suggestion, f.kind, f.applicability) for f in same] == [("worth", "value", AWKWARD, UNSAFE)]
    assert "found swapped for 'value' on line 1" in same[0].reason
    assert not [f for f in engine.detect(text, evidence=False) if f.rule.startswith(wordfit.SAME_SWAP_PREFIX)]
    from unspin.grammar.evidence import from_lists
    assert not from_lists(same[0])
    assert "Its value is clear." in engine.repair(text, unsafe=True).text
    assert "Its worth is clear." in engine.repair(text).text


def test_a_word_found_only_where_its_neighbours_favour_it_is_left(engine):
    text = SPUN + " Their net worth rose."
    assert not [f for f in engine.detect(text, evidence=True) if f.rule.startswith(wordfit.SAME_SWAP_PREFIX)]


def test_a_user_settings_file_turns_same_swaps_off(tmp_path):
    from unspin import Unspinner
    (tmp_path / "settings.yml").write_text("same_swap:\n  min_gain: null\n", encoding="utf-8")
    eng = Unspinner(wordlists=[tmp_path])
    assert eng.same_swap is None
    text = SPUN + " Its worth is clear."
    assert not [f for f in eng.detect(text, evidence=True) if f.rule.startswith(wordfit.SAME_SWAP_PREFIX)]


def test_swaps_of_a_finding_reads_word_pairs_off_phrases():
    from unspin.engine import _swaps_of
    from unspin.findings import Finding, TORTURED

    def finding(text, suggestion, rule="x/y"):
        return Finding(start=0, end=len(text), text=text, suggestion=suggestion, rule=rule, kind=TORTURED,
                       confidence=0.9, reason="", applicability="safe", strong=True)
    assert _swaps_of(finding("market worth", "market value")) == [("worth", "value")]
    assert _swaps_of(finding("Wholesome Garments", "Healthy Clothes")) == [("wholesome", "healthy"),
                                                                         ("garments", "clothes")]
    assert _swaps_of(finding("pores and skin", "skin")) == []  # not word for word
    assert _swaps_of(finding("a worth", "an value", rule="word-fit/worth")) == [("worth", "value")]
    assert _swaps_of(finding("however", "but")) == []  # function words are not swaps here
    assert _swaps_of(finding("A Innovative", "An Innovative", rule="grammar/a-an")) == []


def test_a_swap_inside_a_phrase_finding_is_repeated(engine, monkeypatch):
    # "clever techniques" -> "intelligent systems" is an entry; "techniques" alone is not.
    # Between function words ("their _ are") word fit itself may judge it in overwhelming
    # evidence; with that off, only the same swap reaches it
    monkeypatch.setattr(engine, "word_fit_function", None)
    text = ("Pores and skin care begins with a mild cleanser, and coronary heart well being matters too. "
            "Clever techniques learn fast. Their techniques are old.")
    same = [f for f in engine.detect(text, evidence=True) if f.rule.startswith(wordfit.SAME_SWAP_PREFIX)]
    assert [(f.text, f.suggestion) for f in same] == [("techniques", "systems")]


def test_a_document_with_overwhelming_evidence_uses_the_lower_bar(engine, monkeypatch):
    monkeypatch.setattr(engine, "word_fit", 50.0)  # out of reach
    monkeypatch.setattr(engine, "word_fit_strong", 3.0)
    # evidence=True is taken as overwhelming evidence
    assert [f for f in engine.detect(SPUN, evidence=True) if f.rule == "word-fit/worth"]
    # two unambiguous findings in a short text are evidence, not overwhelming evidence
    found = engine.detect(SPUN)
    assert sum(f.strong for f in found) == 2
    assert not [f for f in found if f.rule.startswith("word-fit/")]


def test_a_user_min_gain_leaves_the_strong_doc_bar_as_shipped(tmp_path):
    # a project's settings change only the keys they name (the section used to be replaced,
    # and the strong-document bar then fell back to the normal one)
    from unspin import Unspinner
    (tmp_path / "settings.yml").write_text("word_fit:\n  min_gain: 4.0\n", encoding="utf-8")
    eng = Unspinner(wordlists=[tmp_path])
    assert eng.word_fit == 4.0 and eng.word_fit_strong == Unspinner().word_fit_strong
    (tmp_path / "settings.yml").write_text("word_fit:\n  min_gain: 4.0\n  strong_doc_min_gain: 3.0\n",
                                           encoding="utf-8")
    eng = Unspinner(wordlists=[tmp_path])
    assert (eng.word_fit, eng.word_fit_strong) == (4.0, 3.0)


def test_function_word_neighbours_speak_at_their_own_bars(engine, monkeypatch):
    text = SPUN + " Its worth is clear."
    at = text.rindex("worth")
    # evidence that is not overwhelming has a higher bar of its own
    assert engine.word_fit_function_weak > engine.word_fit_function
    # overwhelming evidence (evidence=True): "its _ is" favours "value" 125 times
    assert [f.rule for f in engine.detect(text, evidence=True) if f.start == at] == ["word-fit/worth"]
    monkeypatch.setattr(engine, "word_fit_function", None)
    assert [f.rule for f in engine.detect(text, evidence=True) if f.start == at] == ["same-swap/worth"]
    monkeypatch.setattr(engine, "word_fit_function", 50.0)
    assert [f.rule for f in engine.detect(text, evidence=True) if f.start == at] == ["same-swap/worth"]
    # evidence that is not overwhelming (two unambiguous findings): 125 times is short of the
    # shipped bar there (about 150 times), and the place is left to same swaps ...
    assert [f.rule for f in engine.detect(text) if f.start == at] == ["same-swap/worth"]
    # ... and clears a lower one
    monkeypatch.setattr(engine, "word_fit_function_weak", 4.0)
    assert [f.rule for f in engine.detect(text) if f.start == at] == ["word-fit/worth"]
    monkeypatch.setattr(engine, "word_fit_function_weak", None)
    assert [f.rule for f in engine.detect(text) if f.start == at] == ["same-swap/worth"]


def test_a_user_settings_file_leaves_function_word_neighbours_unjudged_outside_strong_documents(tmp_path):
    (tmp_path / "settings.yml").write_text("word_fit:\n  function_min_gain: null\n", encoding="utf-8")
    from unspin import Unspinner
    eng = Unspinner(wordlists=[tmp_path])
    assert eng.word_fit_function_weak is None and eng.word_fit_function == default().word_fit_function


ART_COUNTS = Counts(
    bigrams={("a", "guide"): 50_000_000, ("an", "information"): 50_000, ("guide", "for"): 9_000_000,
             ("information", "for"): 30_000_000, ("a", "information"): 40_000},
    unigrams={"guide": 80_000_000, "information": 400_000_000, "a": 9_000_000_000, "an": 1_500_000_000},
)


def test_an_article_that_fits_the_original_and_not_the_word_is_evidence():
    table = {"information": ("guide",)}
    # between function words alone the place is not judged, unless the article gives the swap away
    assert list(fits("Read a information for drivers.", table, (ART_COUNTS,), 1.0)) == []
    [fit] = fits("Read a information for drivers.", table, (ART_COUNTS,), 1.0, article_gain=2.0)
    assert (fit.word, fit.original, fit.article) == ("information", "guide", "a")
    # flagged as a slip ("an" suggested) or not, the article before is read all the same
    start = "Read a information".index("a ")
    [fit] = fits("Read a information for drivers.", table, (ART_COUNTS,), 1.0, spun=[(start, start + 1)],
                 article_gain=2.0)
    assert fit.original == "guide"
    # an article that fits the word on the page says nothing
    assert list(fits("Read an information sheet.", table, (ART_COUNTS,), 1.0, article_gain=2.0)) == []


def test_the_article_slip_before_a_word_word_fit_repairs_is_left_to_it(engine, monkeypatch):
    monkeypatch.setattr(engine, "word_fit_article", 2.0)
    monkeypatch.setattr(engine, "word_fit", 1.0)
    # the entry for "accomplice" would take the word first, on the language model's word
    # (needs_context_min_gain, tested below): here word fit's own handling is tested
    monkeypatch.setattr(engine, "needs_context_fit", None)
    text = ("Dry pores and skin and coronary heart charge, scale back the content material on-line. "
            "Find a accomplice for your business about pores and skin care.")
    found = engine.detect(text)
    fit = [f for f in found if f.rule == "word-fit/accomplice"]
    assert fit and "the article 'a' fits 'partner'" in fit[0].reason
    assert not [f for f in found if f.rule == "grammar/a-an" and f.end <= fit[0].start <= f.end + 1]
    assert engine.repair(text, unsafe=True).text.count("a partner for your business") == 1


def test_a_swaps_blocks_keep_word_fit_from_the_pair_next_to_those_words():
    blocks = wordfit.swap_blocks([("charge", "rate", "noun", ("free",), ()),
                                  ("worth", "value", "noun", ("net",), ("investing",))])
    assert blocks[("charges", "rates")] == (frozenset({"free"}), frozenset())  # every inflection
    counts = Counts(bigrams={**COUNTS.bigrams, ("value", "investing"): 5_000_000}, unigrams=COUNTS.unigrams)
    [fit] = fits("Check the market worth first.", TABLE, (counts,), 3.0, blocks=blocks)
    assert fit.original == "value"
    # "net" before, "investing" after: the pair is not proposed there, even when a finding
    # (a spun neighbour) covers the word next to it
    assert list(fits("Check the net worth first.", TABLE, (counts,), -50.0, blocks=blocks)) == []
    assert list(fits("It is market worth investing in.", TABLE, (counts,), -50.0, blocks=blocks)) == []
    assert list(fits("It is market worth investing in.", TABLE, (counts,), -50.0, spun=[(21, 30)], blocks=blocks)) == []
    assert list(wordfit.same_swaps("The net worth grew.", {"worth": "value"}, (counts,), -50.0, blocks=blocks)) == []
    assert len(list(wordfit.same_swaps("The market worth grew.", {"worth": "value"}, (counts,), -50.0,
                                       blocks=blocks))) == 1


def test_swap_blocks_reach_the_engine_and_their_counter_examples_are_run(tmp_path):
    from unspin import Unspinner
    from unspin.listcheck import check_lists
    from unspin.lists import load, parse_swaps_file

    body = ("swaps:\n- word: value\n  pos: noun\n  spun: [worth]\n  examples: [Check the market worth first.]\n"
            "  not_prev: [flat]\n  counter: [{counter}]\n")
    swaps = tmp_path / "swaps"
    swaps.mkdir()
    (swaps / "mine.yml").write_text(body.format(counter="Check the flat worth first."), encoding="utf-8")
    eng = Unspinner(wordlists=[tmp_path])
    assert eng.index.word_blocks[("worth", "value")][0] == frozenset({"flat"})
    text = "Pores and skin care and coronary heart well being. Check the flat worth first. Check the market worth first."
    # ("worth" is a built-in swap for "price" too, which "flat" does not block: "flat price")
    flagged = [f.start for f in eng.detect(text, evidence=True) if f.rule == "word-fit/worth" and f.suggestion == "value"]
    assert flagged == [text.index("market worth") + len("market ")]
    # a counter-example the block does not cover fails lists check
    lists = load([], builtin=False)
    lists.extend(parse_swaps_file(body.format(counter="Check the market worth first."), "swaps.yml"))
    assert any("flagged its counter-example" in e for e in check_lists(lists).errors)


def test_a_swaps_example_must_be_flagged_with_its_own_word():
    from unspin.listcheck import check_lists
    from unspin.lists import load, parse_swaps_file

    # word fit knows worth -> value from the first swap; the second claims worth -> price, but
    # in its example word fit proposes "value": the example shows the other swap, not this one
    body = ("swaps:\n- word: value\n  pos: noun\n  spun: [worth]\n  examples: [Check the market worth first.]\n"
            "- word: price\n  pos: noun\n  spun: [worth]\n  examples: [Check the market worth first.]\n")
    lists = load([], builtin=False)
    lists.extend(parse_swaps_file(body, "swaps.yml"))
    errors = check_lists(lists).errors
    assert len(errors) == 1 and "swap price -> worth: word fit flagged its example with another word" in errors[0]
    assert "-> 'value'" in errors[0]


# "local plants" is common; neither "native crops" nor "local crops" nor "native plants" was counted
PAIR_COUNTS = Counts(
    bigrams={("local", "plants"): 40_000_000, ("grow", "plants"): 900_000, ("grow", "crops"): 800_000,
             ("basic", "method"): 700_000, ("general", "approach"): 9_000_000},
    unigrams={"plants": 60_000_000, "crops": 20_000_000, "local": 200_000_000, "native": 40_000_000,
              "method": 90_000_000, "approach": 120_000_000, "basic": 100_000_000, "general": 300_000_000},
)
PAIR_TABLE = {"crops": ("plants",), "native": ("local",), "method": ("approach",), "basic": ("general",)}


def test_a_neighbour_swapped_too_is_read_as_its_original():
    # "native crops": the page's pair was never counted, so the neighbour's own original speaks
    assert gain("native", "crops", None, "plants", PAIR_COUNTS) is None
    assert gain("native", "crops", None, "plants", PAIR_COUNTS, prev_alts=("local",)) > 2
    assert gain("sell", "native", "crops", "local", PAIR_COUNTS, next_alts=("plants",)) > 2
    found = {(f.word, f.original) for f in fits("They sell native crops here.", PAIR_TABLE, (PAIR_COUNTS,), 2.0)}
    assert found == {("native", "local"), ("crops", "plants")}


def test_a_counted_pair_on_the_page_is_a_phrase_and_its_neighbour_is_not_reread():
    # "basic method" was counted: people write it, however common "general approach" is
    assert gain("basic", "method", None, "approach", PAIR_COUNTS, prev_alts=("general",)) is None
    assert list(fits("Learn the basic method first.", PAIR_TABLE, (PAIR_COUNTS,), 1.0)) == []


class _FakeModel:
    """A language model's ``prob`` (log units of base 1.0001, history newest first) from a
    table of log10 probabilities; anything unlisted backs off to the word's own."""

    UNIGRAM = {"value": -3.0, "worth": -4.0, "market": -3.5, "green": -4.5, "of": -1.5}
    NGRAM = {("value", "market"): -1.0, ("worth", "market"): -3.5, ("of", "value", "market"): -0.7,
             ("of", "worth", "market"): -1.2}

    def prob(self, words):
        key = tuple(words)
        if words[0] not in self.UNIGRAM:
            return -536870912
        log10 = self.NGRAM.get(key, self.UNIGRAM[words[0]])
        return round(log10 * 2.302585 / 0.000099995)


def test_a_language_model_speaks_where_it_saw_the_place_and_not_on_word_frequencies():
    lm = wordfit.NGram(_FakeModel())
    assert lm.gain("market", "worth", None, "value") > 5  # "market value" against "market worth"
    assert lm.gain("market", "worth", "of", "value") > lm.gain("market", "worth", None, "value")
    # "green": seen with neither word, so only "value" being the commoner word would speak
    assert lm.gain("green", "worth", None, "value") is None
    assert lm.gain("market", "worth", None, "unheard") is None  # a word it does not know
    assert lm.pair("market", "value") == 0  # no counts of its own


def test_a_words_own_probability_is_asked_of_the_model_once_and_the_cache_stays_bounded(monkeypatch):
    calls = []

    class Counting(_FakeModel):
        def prob(self, words):
            calls.append(tuple(words))
            return super().prob(words)
    lm = wordfit.NGram(Counting())
    first = lm.gain("market", "worth", None, "value")
    assert lm.gain("market", "worth", None, "value") == first
    assert calls.count(("value",)) == 1 and calls.count(("worth",)) == 1
    monkeypatch.setattr(wordfit.NGram, "_ONE_MAX", 3)
    for word in ("a1", "a2", "a3", "a4", "a5"):
        assert lm._one(word) is None  # words the model does not know
        assert len(lm._alone) <= 3
    assert lm.gain("market", "worth", None, "value") == first  # asked again after the cache was cleared


def test_language_model_and_counts_are_averaged_over_the_voices_that_speak():
    lm = wordfit.NGram(_FakeModel())
    both = mean_gain("market", "worth", None, "value", (COUNTS, lm))
    assert both == pytest.approx((gain("market", "worth", None, "value", COUNTS)
                                  + lm.gain("market", "worth", None, "value")) / 2)
    # the counts never saw "green" with "value": the model alone would speak, and it does not either
    assert mean_gain("green", "worth", None, "value", (COUNTS, lm)) is None


def test_the_shipped_language_model_reads_a_swap_when_pocketsphinx_is_installed():
    pytest.importorskip("pocketsphinx")
    [lm] = wordfit.language_models()
    assert lm.gain("interest", "charge", None, "rate") > 2  # "interest rate"
    assert lm.gain("the", "worth", None, "value") is not None


def test_a_user_settings_file_turns_the_language_model_off(tmp_path):
    (tmp_path / "settings.yml").write_text("word_fit:\n  min_gain: 1.5\n  language_model: false\n", encoding="utf-8")
    from unspin import Unspinner
    engine = Unspinner(wordlists=[tmp_path])
    assert not any(isinstance(v, wordfit.NGram) for v in engine._voices())
    assert default().word_fit_lm


def test_an_original_more_voices_speak_for_wins_over_one_the_model_alone_prefers():
    class Model(_FakeModel):
        UNIGRAM = {**_FakeModel.UNIGRAM, "cost": -3.0}
        NGRAM = {**_FakeModel.NGRAM, ("cost", "market"): -0.2}
    lm = wordfit.NGram(Model())
    table = {"worth": ("cost", "value")}
    # the model alone likes "market cost" best; the counts saw "market value" and never "market cost"
    assert lm.gain("market", "worth", None, "cost") > lm.gain("market", "worth", None, "value")
    assert gain("market", "worth", None, "cost", COUNTS) is None
    [fit] = fits("Check the market worth first.", table, (COUNTS, lm), 3.0)
    assert fit.original == "value"


def test_the_language_model_reads_the_word_two_before_the_place():
    class Model(_FakeModel):
        UNIGRAM = {**_FakeModel.UNIGRAM, "the": -1.2}
        NGRAM = {**_FakeModel.NGRAM, ("value", "the", "of"): -0.8}
    lm = wordfit.NGram(Model())
    # "the value" / "the worth" alone: only the words' frequencies, so the model keeps quiet
    assert lm.gain("the", "worth", None, "value") is None
    # "of the value" was seen: with the word two before, it speaks
    assert lm.gain("the", "worth", None, "value", prev2="of") > 5


def test_the_word_two_before_is_read_only_within_the_phrase():
    text = "Think of the worth. Market, the worth."
    tokens = wordfit.word_tokens(text)
    never = wordfit._spun_test([])
    assert wordfit._second_before(text, tokens, 3, never) == "of"
    assert wordfit._second_before(text, tokens, 6, never) is None  # a comma between
    assert wordfit._second_before(text, tokens, 3, wordfit._spun_test([(6, 8)])) is None  # "of" is a finding


def test_the_counts_knowing_the_page_pair_and_not_the_originals_outweigh_the_model():
    class Model(_FakeModel):
        NGRAM = {**_FakeModel.NGRAM, ("value", "net"): -0.5}
    lm = wordfit.NGram(Model())
    assert lm.gain("net", "worth", None, "value") > 3  # the model alone would flag "net worth"
    counts = Counts(bigrams={("net", "worth"): 60_000_000}, unigrams=COUNTS.unigrams)
    # the counts saw "net worth" and never "net value": that favours the page, whatever the model says
    assert wordfit.voiced_gain("net", "worth", None, "value", (counts, lm)) == (0, None)
    assert list(fits("Their net worth grew.", TABLE, (counts, lm), 1.0)) == []


def test_a_neighbour_inside_a_repaired_finding_is_read_as_the_repair():
    # "prime worth": the page's neighbour was swapped too ("prime" for "market"); the
    # finding's repair is what the writer had beside the place
    text = "Check the prime worth first."
    p = text.index("prime")
    spun = [(p, p + 5)]
    assert list(fits(text, TABLE, (COUNTS,), 3.0, spun=spun)) == []
    edges = wordfit.Edges.of([(p, p + 5, "market")])
    [fit] = fits(text, TABLE, (COUNTS,), 3.0, spun=spun, edges=edges)
    assert (fit.word, fit.original, fit.prev) == ("worth", "value", "market")
    # a finding that does not end right before the word, or has no repair, says nothing
    short = wordfit.Edges.of([(p, p + 4, "market")])
    assert list(fits(text, TABLE, (COUNTS,), 3.0, spun=[(p, p + 4)], edges=short)) == []
    assert list(fits(text, TABLE, (COUNTS,), 3.0, spun=spun, edges=wordfit.Edges.of([(p, p + 5, None)]))) == []


def test_edges_hold_the_outer_words_of_each_repair():
    edges = wordfit.Edges.of([(0, 9, "financial institution"), (20, 25, "Business"), (30, 33, "")])
    assert edges.ends == {9: "institution", 25: "business"}
    assert edges.starts == {0: "financial", 20: "business"}


CHAIN = ("Our pores and skin care tips help with crow's toes and good strains. "
         "We tailor each plan to your commercial enterprise wishes.")


def test_engine_reads_a_list_repair_as_the_neighbour_of_a_swap(engine, monkeypatch):
    found = [f for f in engine.detect(CHAIN) if f.rule == "word-fit/wishes"]
    assert [(f.text, f.suggestion) for f in found] == [("wishes", "needs")]
    assert "'business' is the repair before it" in found[0].reason
    monkeypatch.setattr(engine, "word_fit_edges", False)
    assert not [f for f in engine.detect(CHAIN) if f.rule == "word-fit/wishes"]


def test_a_user_settings_file_turns_repairs_as_neighbours_off(tmp_path):
    (tmp_path / "settings.yml").write_text("word_fit:\n  repairs_as_neighbours: false\n", encoding="utf-8")
    from unspin import Unspinner
    assert not Unspinner(wordlists=[tmp_path]).word_fit_edges
    assert default().word_fit_edges


def test_between_function_words_the_best_original_must_win_clearly():
    # "the _ of" favours "value" and "price" alike: no original is chosen there
    counts = Counts(bigrams={("the", "value"): 90_000_000, ("the", "price"): 80_000_000, ("value", "of"): 70_000_000,
                             ("price", "of"): 60_000_000},
                    unigrams={"value": 400_000_000, "price": 300_000_000, "worth": 90_000_000})
    table = {"worth": ("value", "price")}
    text = "He knew the worth of it."
    assert len(list(fits(text, table, (counts,), 1.0, function_min_gain=1.0))) == 1
    assert list(fits(text, table, (counts,), 1.0, function_min_gain=1.0, function_margin=1.0)) == []
    # a swap with one original has nothing to be told apart from
    [fit] = fits(text, {"worth": ("value",)}, (counts,), 1.0, function_min_gain=1.0, function_margin=1.0)
    assert fit.original == "value"


def test_without_a_margin_an_original_more_voices_speak_for_is_chosen_between_function_words():
    # both sources counted "the value of"; only one counted "the price of" and "the cost
    # of", and it likes those more: voices decide, and with no margin asked (a document with
    # overwhelming evidence) the higher gains of less-voiced rivals must not drop the place
    unigrams = {"value": 400_000_000, "price": 300_000_000, "cost": 300_000_000, "worth": 90_000_000}
    first = Counts(bigrams={("the", "value"): 50_000_000, ("the", "price"): 90_000_000, ("value", "of"): 40_000_000,
                            ("price", "of"): 80_000_000, ("the", "cost"): 90_000_000, ("cost", "of"): 80_000_000},
                   unigrams=unigrams)
    second = Counts(bigrams={("the", "value"): 50_000_000, ("value", "of"): 40_000_000}, unigrams=unigrams)
    table = {"worth": ("value", "price", "cost")}
    [fit] = fits("He knew the worth of it.", table, (first, second), 1.0, function_min_gain=1.0)
    assert fit.original == "value"
    assert list(fits("He knew the worth of it.", table, (first, second), 1.0, function_min_gain=1.0,
                     function_margin=1.0)) == []


# ------------------------------------------------- forms that need context, and no context

# a toy model: "one party" is common, "one birthday" rare; "party is" reads the same either way
PARTY = Counts(
    bigrams={("one", "party"): 5_000_000, ("one", "birthday"): 50_000, ("party", "is"): 9_000_000,
             ("a", "birthday"): 9_000_000, ("a", "party"): 8_000_000},
    unigrams={"party": 90_000_000, "birthday": 40_000_000, "one": 900_000_000, "a": 9_000_000_000},
)


def test_edge_gain_reads_a_phrase_where_it_meets_the_text():
    text = "Under the deal, one birthday party is bound by it."
    start = text.index("birthday")
    gain, around = wordfit.edge_gain(text, start, start + len("birthday party"), "party", (PARTY,))
    assert around == "one _ is" and gain > 4  # the right edge is "party" either way and says nothing
    text = "We planned a birthday party."
    start = text.index("birthday")
    gain, _ = wordfit.edge_gain(text, start, start + len("birthday party"), "party", (PARTY,))
    assert gain < 1
    # across a sentence edge, and with the same last word, no neighbour speaks
    text = "Deal. Birthday party is bound."
    start = text.index("Birthday")
    assert wordfit.edge_gain(text, start, start + len("Birthday party"), "party", (PARTY,)) == (None, "_ is")


NEEDS_CONTEXT = ("Pores and skin care begins with a mild cleanser, and coronary heart well being matters too. "
                 "Under the lease, one birthday party is bound by the agreement to pay the rent.")


def test_a_form_that_needs_context_fires_where_the_language_model_vouches_for_its_fix(engine):
    entry = next(e for e in engine.index.entries if e.id == "general/birthday-party")
    assert entry.needs_context  # it fires after "one", "other", "each" ... only when listed
    found = [f for f in engine.detect(NEEDS_CONTEXT) if f.rule == entry.id]
    assert [(f.text, f.suggestion, f.applicability) for f in found] == [("birthday party", "party", UNSAFE)]
    assert "'party' fits 'one _ is'" in found[0].reason and "document evidence" in found[0].reason
    # never without evidence, and never counted as evidence
    lone = NEEDS_CONTEXT.split(". ", 1)[1]
    assert not [f for f in engine.detect(lone) if f.rule == entry.id]
    assert engine.score(NEEDS_CONTEXT).strong == engine.score(NEEDS_CONTEXT.split(" Under")[0]).strong
    # where the fix does not fit better, the real phrase stays
    party = NEEDS_CONTEXT.replace("Under the lease, one birthday party is bound by the agreement to pay the rent.",
                                  "We planned a birthday party for my niece at the park.")
    assert not [f for f in engine.detect(party) if f.rule == entry.id]


def test_needs_context_min_gain_removed_leaves_such_forms_to_their_context(tmp_path):
    from unspin import Unspinner
    from unspin.lists import load
    settings = load().settings
    assert settings["word_fit"]["needs_context_min_gain"] == 2.5
    eng = Unspinner()
    eng.needs_context_fit = None  # as if the key were missing (a user file can only override it)
    assert eng.needs_context_fit is None
    assert not [f for f in eng.detect(NEEDS_CONTEXT) if f.rule == "general/birthday-party"]
    (tmp_path / "settings.yml").write_text("word_fit:\n  needs_context_min_gain: 9.0\n", encoding="utf-8")
    strict = Unspinner(wordlists=[tmp_path])
    assert strict.needs_context_fit == 9.0
    assert not [f for f in strict.detect(NEEDS_CONTEXT) if f.rule == "general/birthday-party"]
