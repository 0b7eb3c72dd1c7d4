"""Detection and repair on a small fixed list: inflection, case, context, evidence, articles."""
import copy
import dataclasses
import pytest

from unspin import Unspinner
from unspin.findings import DISPLAY_ONLY, SAFE, UNSAFE


def texts(findings):
    return [f.text for f in findings]


def test_offsets_slice_the_text(core_engine):
    text = "Creams for crow’s toes and dry Pores and\n  skin."
    fs = core_engine.detect(text)
    assert texts(fs) == ["crow’s toes", "Pores and\n  skin"]
    for f in fs:
        assert text[f.start:f.end] == f.text


def test_case_pattern_is_kept(core_engine):
    rep = core_engine.repair("Pores and skin first. GOOD: FINE STRAINS. Fine Strains Fade.")
    assert rep.text == "Skin first. GOOD: FINE LINES. Fine Lines Fade."


def test_noun_inflection_and_possessive(core_engine):
    rep = core_engine.repair("Two bank cards, the pores and skin's barrier, fine strain.")
    assert rep.text == "Two credit cards, the skin's barrier, fine line."


def test_verb_inflection(core_engine):
    rep = core_engine.repair("It scales back pain. We scaled back. Scaling back helps. It has scaled back.")
    assert rep.text == "It reduces pain. We reduced. Reducing helps. It has reduced."


def test_hyphenated_nouns_and_verbs_inflect_their_last_part(tmp_path):
    """A spinner's "test-ins" is the plural of its "test-in" (they had to be listed twice)."""
    (tmp_path / "mine.yml").write_text(
        "domain: general\nentries:\n"
        "- {spun: test-in, fix: check-in, pos: noun, examples: [Online test-in opens today.]}\n"
        "- {spun: double-examine, fix: double-check, pos: verb, examples: [Always double-examine it.]}\n",
        encoding="utf-8")
    eng = Unspinner(builtin=False, wordlists=[tmp_path / "mine.yml"])
    rep = eng.repair("Two test-ins a day. She double-examined the totals.")
    assert rep.text == "Two check-ins a day. She double-checked the totals."


def test_a_form_after_a_bound_prefix_is_part_of_a_longer_word(tmp_path):
    """"re-establishes" is not the spun "establishes"; the prefixes are a setting."""
    (tmp_path / "mine.yml").write_text(
        "domain: general\nentries:\n"
        "- {spun: establish, fix: identify, pos: verb, examples: [Scans establish faces.]}\n", encoding="utf-8")
    (tmp_path / "settings.yml").write_text("matching:\n  bound_prefixes: [re, co]\n", encoding="utf-8")
    eng = Unspinner(builtin=False, wordlists=[tmp_path])  # a folder: its settings.yml applies
    assert [f.text for f in eng.detect("It re-establishes faces. It establishes faces.")] == ["establishes"]
    assert eng.detect("It co-establishes faces.") == []
    # after any other hyphenated word the form still stands alone
    assert [f.text for f in eng.detect("Tools auto-establish faces.")] == ["establish"]


def test_article_is_fixed_with_the_repair(core_engine):
    rep = core_engine.repair("It is an pores and skin issue and an bank card fee.")
    assert rep.text == "It is a skin issue and a credit card fee."


def test_blocking_context(core_engine):
    assert core_engine.detect("Wash clogged pores and skin gently.") == []


def test_allowed_phrase_is_never_flagged(core_engine):
    assert core_engine.detect("Visit the Pores and Skin Clinic today.") == []


def test_ambiguous_needs_support_or_evidence(core_engine):
    # alone, with no supporting neighbour: ordinary English
    assert core_engine.detect("I like this sort.") == []
    # a supporting neighbour makes it safe
    fs = core_engine.detect("Every skin sort differs.")
    assert texts(fs) == ["sort"] and fs[0].applicability == SAFE and "context supports" in fs[0].reason
    # a blocking neighbour wins even in a spun document
    assert "sort" not in texts(core_engine.detect("It is a sort of magic.", evidence=True))


def test_document_evidence_unlocks_ambiguous_forms(core_engine):
    clean = "The plan is common however risky."
    assert core_engine.detect(clean) == []
    spun = "Use a bank card for crow's toes and pores and skin. The plan is common however risky."
    fs = core_engine.detect(spun)
    hw = [f for f in fs if f.text == "however"]
    assert hw and hw[0].applicability == UNSAFE and "document evidence" in hw[0].reason
    # unsafe fixes are held back unless asked for
    assert "however" in core_engine.repair(spun).text
    assert "common but risky" in core_engine.repair(spun, unsafe=True).text


def test_awkward_only_with_evidence(core_engine):
    assert core_engine.detect("The rate of interest is high.") == []
    fs = core_engine.detect("The rate of interest is high on a bank card for fine strains.")
    assert [f.kind for f in fs if f.text == "rate of interest"] == ["awkward"]


def test_display_only_has_no_suggestion(core_engine):
    (f,) = core_engine.detect("A mystery phrase here.")
    assert f.suggestion is None and f.applicability == DISPLAY_ONLY
    assert core_engine.repair("A mystery phrase here.").text == "A mystery phrase here."


def test_standalone_article_damage_in_spun_text(core_engine):
    text = "A Innovative cream for pores and skin and crow's toes."
    rep = core_engine.repair(text)
    assert rep.text == "An Innovative cream for skin and crow's feet."
    # not in clean text: a lone article slip is not spin evidence
    assert core_engine.detect("A innovative idea.") == []


def test_an_article_slip_points_at_the_word_after_it(core_engine):
    # the article was written for the word the spinner replaced: the finding covers that
    # word, so the report shows where to look, while the repair fits the article to it
    text = "A Innovative cream for pores and skin and crow's toes, made by a industrial lab."
    slips = [f for f in core_engine.detect(text) if f.rule == "grammar/a-an"]
    assert [(f.text, f.suggestion) for f in slips] == [("A Innovative", "An Innovative"),
                                                       ("a industrial", "an industrial")]
    assert all(text[f.start:f.end] == f.text for f in slips)
    assert "'industrial', which is probably not the original" in slips[1].reason
    assert core_engine.repair(text).text == "An Innovative cream for skin and crow's feet, made by an industrial lab."


def test_an_article_slip_before_an_acronym_is_no_spin(core_engine):
    # "a FIU", "an UAE": the writer's reading of the letters, not a word a spinner swapped;
    # a slip before a word, even a capitalised one, still counts
    text = "Pores and skin and crow's toes: a FIU and an UAE bank, made by a industrial lab."
    slips = [f.text for f in core_engine.detect(text) if f.rule == "grammar/a-an"]
    assert slips == ["a industrial"]


def test_article_exceptions(core_engine):
    text = ("Pores and skin and crow's toes: a university, a one-time fee, an hour, vitamin A is fine, an MRI, "
            "A each day routine.")
    assert [f.rule for f in core_engine.detect(text) if f.rule == "grammar/a-an"] == []


def test_longest_candidate_wins(tmp_path):
    lst = tmp_path / "l.yml"
    lst.write_text("domain: t\nentries:\n"
                   "- {spun: coronary heart, fix: heart, examples: [My coronary heart.]}\n"
                   "- {spun: coronary heart charge, fix: heart rate, examples: [A coronary heart charge.]}\n")
    eng = Unspinner(builtin=False, wordlists=[lst])
    (f,) = eng.detect("Check your coronary heart charge daily.")
    assert (f.text, f.suggestion) == ("coronary heart charge", "heart rate")


def test_changes_map_input_to_output(core_engine):
    text = "Dry pores and skin needs a bank card."
    rep = core_engine.repair(text)
    for ch in rep.changes:
        assert text[ch.start:ch.end] == ch.old
        assert rep.text[ch.out_start:ch.out_end] == ch.new


def test_score_and_verdict(core_engine):
    clean = "This is an ordinary sentence about skin care. " * 20
    s = core_engine.score(clean)
    assert s.verdict == "clean" and s.score == 0
    spun = "Dry pores and skin and crow's toes need a bank card. " * 3
    s = core_engine.score(spun)
    assert s.verdict == "spun" and s.score > 0.5 and s.strong >= 2
    # one hit in an otherwise clean text is not spun
    assert core_engine.score(clean + " Dry pores and skin.").verdict == "clean"


def test_many_findings_make_a_verdict_without_two_strong_ones(core_engine):
    """A paraphrased article may show one unambiguous form and many fluent ones: four
    findings (verdict.min_findings) stand in for the second strong one."""
    n = core_engine.verdict_min_findings
    assert n == 4
    weak = (n - 1) * 0.8  # context-supported findings
    few = core_engine.score_totals(150, findings=n - 1, strong=1, strong_weight=0.9, weak_weight=weak - 0.8)
    many = core_engine.score_totals(150, findings=n, strong=1, strong_weight=0.9, weak_weight=weak)
    assert few.score >= 0.5 and few.verdict == "clean"
    assert many.verdict == "spun"
    # without a strong finding too: word lists' findings alone
    assert core_engine.score_totals(150, findings=n, strong=0, strong_weight=0, weak_weight=n * 0.8).verdict == "spun"
    # the score threshold still applies: findings spread over a long text are not spun
    assert core_engine.score_totals(5000, findings=n, strong=0, strong_weight=0, weak_weight=4).verdict == "clean"
    # and grammar findings do not count: grammar damage alone never makes a text spun
    assert core_engine.score_totals(150, findings=9, strong=1, strong_weight=0.9, weak_weight=8,
                                    listed=n - 1).verdict == "clean"


def test_list_entries_and_word_fit_words_together_make_a_verdict(core_engine):
    """In a document with evidence, a paraphrased page may leave three list forms and
    many words only word fit sees: together they stand in for the second strong finding
    (verdict.min_with_fit), the score threshold still applying."""
    k = core_engine.verdict_min_with_fit
    assert k == 6
    assert core_engine.score_totals(170, 9, 1, 0.9, 4.5, listed=3, fitted=k - 4).verdict == "clean"
    assert core_engine.score_totals(170, 9, 1, 0.9, 4.5, listed=3, fitted=k - 3).verdict == "spun"
    # spread over a long text the score stays under the threshold
    assert core_engine.score_totals(5000, 9, 1, 0.9, 4.5, listed=3, fitted=k).verdict == "clean"
    # off at 0
    off = copy.copy(core_engine)
    off.verdict_min_with_fit = 0
    assert off.score_totals(170, 9, 1, 0.9, 4.5, listed=3, fitted=k).verdict == "clean"


def test_word_fit_words_are_counted_once_each_in_the_verdict():
    """Our own short page with one unambiguous form, three list entries and word fit's
    words (found here as if the page had evidence): spun by the words together, clean
    without them; "word-fit/x" and "same-swap/x" would be one word."""
    import unspin
    from unspin.grammar import evidence as grammar_evidence
    eng = unspin.default()
    text = ("Designers satisfactory-tune the layout procedure early. Our commercial enterprise desires clear goals, "
            "so we map personal expectancies before launch. Good planning gives higher effects in the development "
            "cycle. Our content material is written in house.")
    fs = eng.detect(text, evidence=True)
    assert len(grammar_evidence.list_entries(fs)) == 3 and sum(f.strong for f in fs) == 1
    words = grammar_evidence.fitted_words(fs)
    assert {"desires", "expectancies", "effects"} <= words
    assert eng.score(text, fs).verdict == "spun"
    off = copy.copy(eng)
    off.verdict_min_with_fit = 0
    assert off.score(text, fs).verdict == "clean"
    twice = [f for f in fs if f.rule == "word-fit/desires"][0]
    assert grammar_evidence.fitted_words([twice, dataclasses.replace(twice, rule="same-swap/desires")]) == {"desires"}


def test_builtin_default_instance():
    import unspin
    assert unspin.repair("Apply it to dry pores and skin.").text == "Apply it to dry skin."
    assert unspin.default() is unspin.default()


def test_user_entries_override_builtin(tmp_path):
    user = tmp_path / "mine.yml"
    user.write_text("domain: mine\nentries:\n- spun: pores and skin\n  fix: epidermis\n  pos: noun\n"
                    "  examples: [Dry pores and skin.]\n")
    eng = Unspinner(wordlists=[user])
    assert eng.repair("It is pores and skin.").text == "It is epidermis."


@pytest.mark.parametrize("text", ["", " ", "\n\n", "🙂", "İstanbul"])
def test_trivial_inputs(core_engine, text):
    assert core_engine.repair(text).text == text


def test_article_before_a_repaired_word_follows_the_repair(tmp_path):
    lst = tmp_path / "l.yml"
    lst.write_text("domain: t\nentries:\n"
                   "- {spun: extra subtle, fix: more subtle, examples: [An extra subtle hint.]}\n"
                   "- {spun: bank card, fix: credit card, examples: [A bank card.]}\n")
    eng = Unspinner(builtin=False, wordlists=[lst])
    text = "It gives a extra subtle view of a bank card and a bank card."
    assert eng.repair(text).text == "It gives a more subtle view of a credit card and a credit card."


def test_stray_capital_mid_sentence_is_not_carried_over(core_engine):
    text = "It suits most Pores and skin types. Pores and skin first: Pores and skin glows. A Bank Card Guide."
    assert core_engine.repair(text).text == ("It suits most skin types. Skin first: Skin glows. "
                                             "A Credit Card Guide.")


def test_needs_context_never_fires_on_evidence_alone(core_engine):
    spun = "Use a bank card for crow's toes and pores and skin. "
    assert [f.suggestion for f in core_engine.detect(spun + "For those who pay late, a fee applies.")
            if f.rule.endswith("for-those-who")] == ["If you"]
    assert [f for f in core_engine.detect(spun + "It is free for those who join early.")
            if f.rule.endswith("for-those-who")] == []


def test_users_allowed_phrase_is_kept_whole():
    from conftest import DATA

    text = "Dry pores and skin care at the Pores and Skin Clinic."
    eng = Unspinner(builtin=False, wordlists=[DATA / "core-list.yml"], allow=["skin care"])
    # a user's allowed phrase is kept whole: no candidate overlapping it fires
    assert eng.detect(text) == []
    # built-in allow-lists only drop candidates inside them
    eng2 = Unspinner(builtin=False, wordlists=[DATA / "core-list.yml"])
    assert [f.text for f in eng2.detect(text)] == ["pores and skin"]


def test_mis_decoded_punctuation_does_not_glue_to_a_word(core_engine):
    # "—" read as Windows-874 becomes "โ€”": Thai letters right after a Latin word
    text = "Use a bank cardโ€”it helps."
    assert [f.text for f in core_engine.detect(text)] == ["bank card"]
    assert core_engine.detect("Use a bankcard.") == []


def _engine(tmp_path, yaml_text):
    path = tmp_path / "list.yml"
    path.write_text(yaml_text, encoding="utf-8")
    return Unspinner(builtin=False, wordlists=[path])


CHAIN = """
domain: testing
entries:
- spun: bank card
  fix: credit card
  ambiguous: true
  examples: [Pay with a bank card.]
  counter: [A bank card works at the till.]
- spun: card steadiness
  fix: card balance
  examples: [Check the card steadiness.]
"""


def test_overlapping_spun_forms_join_into_one_repair(tmp_path):
    eng = _engine(tmp_path, CHAIN)
    assert eng.detect("A bank card works at the till.") == []  # alone: UK English
    fs = eng.detect("Pay off the bank card steadiness today.")
    assert [(f.text, f.suggestion, f.applicability) for f in fs] == [
        ("bank card steadiness", "credit card balance", SAFE)]
    assert "joined with" in fs[0].reason
    assert eng.repair("Pay off the bank card steadiness today.").text == "Pay off the credit card balance today."


VARIETY = """
domain: testing
entries:
""" + "".join(f"""- spun: form{i}
  fix: word{i}
  ambiguous: true
  context:
    next: [supporting]
  examples: [It has form{i} supporting it.]
  counter: [It has form{i}.]
""" for i in range(1, 8))


def test_many_different_spun_forms_are_evidence(tmp_path):
    eng = _engine(tmp_path, VARIETY)
    assert eng.min_forms == 4  # from the built-in settings.yml
    filler = "Some ordinary words fill this sentence. "
    four = "Here form1 supporting, form2, form3 and form4 meet. " + filler * 5
    assert sorted(f.text for f in eng.detect(four)) == [f"form{i}" for i in range(1, 5)]
    # fewer forms, or none supported by its context: no evidence, only the supported one fires
    three = "Here form1 supporting, form2 and form3 meet. " + filler * 5
    assert [f.text for f in eng.detect(three)] == ["form1"]
    unsupported = "Here form1, form2, form3, form4, form5, form6 and form7 meet. " + filler * 5
    assert eng.detect(unsupported) == []
    # the same forms spread thin over a long text are not evidence either
    assert [f.text for f in eng.detect(four + filler * 80)] == ["form1"]


def test_misdecoded_apostrophe_reads_as_one(core_engine):
    # scraped articles carry right quotes decoded with the wrong code page
    for quote in ("â€™", "โ€™"):
        text = f"Creams for crow{quote}s toes."
        fs = core_engine.detect(text)
        # ... and the repair keeps the article's apostrophe, whatever it is
        assert [(f.text, f.suggestion) for f in fs] == [(f"crow{quote}s toes", f"crow{quote}s feet")]
        assert core_engine.repair(text).text == f"Creams for crow{quote}s feet."
    assert core_engine.repair("Creams for crow’s toes.").text == "Creams for crow’s feet."


def test_context_supported_forms_add_to_the_evidence(core_engine):
    # one unambiguous form and two forms their context proves spun: evidence for the rest
    text = ("Dry pores and skin needs care. Every hair sort differs. Check the card steadiness today. "
            "The plan is common however risky.")
    fs = core_engine.detect(text)
    assert texts(fs) == ["pores and skin", "sort", "steadiness", "however"]
    assert "1 strong and 2 context-supported" in fs[-1].reason
    # one of each is too thin (evidence.min_backed: a writer's slip and one supported word
    # gave a clean page evidence in round 30) ...
    assert core_engine.min_backed == 3
    text = "Dry pores and skin needs care. Every hair sort differs. The plan is common however risky."
    assert texts(core_engine.detect(text)) == ["pores and skin", "sort"]
    # ... as it was at min_backed 2
    thin = copy.copy(core_engine)
    thin.min_backed = 2
    fs = thin.detect(text)
    assert texts(fs) == ["pores and skin", "sort", "however"]
    assert "1 strong and 1 context-supported" in fs[-1].reason
    # supported forms alone are not evidence
    text = "Dry skin needs care. Every hair sort differs, every blood sort too. The plan is common however risky."
    assert texts(core_engine.detect(text)) == ["sort", "sort"]


ENDINGS = """
domain: testing
entries:
- spun: able to
  fix: capable of
  needs_context: true
  context:
    next: ['*ing']
    not_next: [bring, nothing]
  examples: [Tools able to handling files.]
  counter: [She was able to bring it.]
- spun: ldl cholesterol
  fix: cholesterol
  lowercase: true
  examples: [Lower your ldl cholesterol.]
  counter: [Lower your LDL cholesterol.]
"""


def test_word_ending_in_context(tmp_path):
    """'*ing' stands for a word of at least two letters more ending in -ing ('sing' is
    too short to count); listed words still block."""
    eng = _engine(tmp_path, ENDINGS)
    got = eng.detect("We need systems able to addressing real problems.")
    assert [(f.text, f.suggestion) for f in got] == [("able to", "capable of")]
    for quiet in ("She was able to bring it.", "He was able to do nothing.", "We were able to sing.",
                  "They were able to ing.", "We were able to go."):
        assert eng.detect(quiet) == [], quiet


def test_lowercase_entry_skips_the_acronym(tmp_path):
    eng = _engine(tmp_path, ENDINGS)
    assert [f.suggestion for f in eng.detect("Oats lower your ldl cholesterol.")] == ["cholesterol"]
    assert [f.suggestion for f in eng.detect("Ldl cholesterol is sticky.")] == ["Cholesterol"]
    assert eng.detect("Oats lower your LDL cholesterol.") == []
    assert eng.detect("Oats lower your Ldl Cholesterol.") == []


@pytest.mark.parametrize("bad, message", [
    ("next: ['*']", "word ending"), ("next: ['*ing now']", "word ending"), ("next: ['*i-ng']", "word ending")])
def test_word_ending_is_validated(tmp_path, bad, message):
    from unspin.lists import WordlistError
    text = ENDINGS.replace("next: ['*ing']", bad)
    with pytest.raises(WordlistError, match=message):
        _engine(tmp_path, text)


@pytest.mark.parametrize("text", [
    "domain: t\nentries:\n- spun: zorp blat\n  fix: widget\n  note: one\n  note: two\n",
    "domain: t\nentries:\n- spun: zorp blat\n  fix: widget\n  context: {next: [a], next: [b]}\n",
])
def test_a_key_written_twice_is_refused(tmp_path, text):
    # YAML keeps the last value silently: a second counter list threw the first away
    from unspin.lists import WordlistError
    with pytest.raises(WordlistError, match="line [0-9]+: invalid YAML: duplicate key"):
        _engine(tmp_path, text)


def test_lowercase_must_be_a_boolean(tmp_path):
    from unspin.lists import WordlistError
    with pytest.raises(WordlistError, match="'lowercase' must be true or false"):
        _engine(tmp_path, ENDINGS.replace("lowercase: true", "lowercase: sometimes"))


def test_detect_many_matches_detect_and_tags_in_shared_batches(tmp_path, monkeypatch):
    """detect_many gives each text the findings detect gives it, and sends the sentences
    every text needs tagged to spaCy together instead of text by text."""
    from unspin import engine as engine_mod

    lst = tmp_path / "l.yml"
    lst.write_text("domain: t\nentries:\n"
                   "- spun: [zorp blat]\n  fix: widget\n  context: {self_pos: [NOUN, PROPN, ADJ, VERB, X]}\n"
                   "  examples: [A zorp blat.]\n"
                   "- spun: [pores and skin]\n  fix: skin\n  examples: [Dry pores and skin.]\n")
    eng = Unspinner(builtin=False, wordlists=[lst])
    texts = ["The zorp blat broke. Dry pores and skin.", "", "Nothing to see here.",
             "Her zorp blat arrived late.\n\nA second zorp blat, and pores and skin.", "zorp blat"]
    one_by_one = [eng.detect(t) for t in texts]
    calls = []
    real = engine_mod._tag
    monkeypatch.setattr(engine_mod, "_tag", lambda sentences: calls.append(len(sentences)) or real(sentences))
    assert eng.detect_many(texts) == one_by_one
    assert any(one_by_one) and len(calls) == 1 and calls[0] >= 3


def test_every_builtin_list_reads_alike_without_libyaml():
    """unspin falls back to PyYAML's pure-Python loader where libyaml is missing; a list
    the C loader accepts but the pure one rejects ('use?]' in a flow list) would break
    unspin on those machines only."""
    import yaml

    from unspin.lists import builtin_root

    fast = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted(builtin_root().rglob("*.yml")):
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=yaml.SafeLoader) == yaml.load(text, Loader=fast), path.name


@pytest.mark.parametrize("source, replacement, expected", [
    ("as of", "from", "from"),  # small words alone are no title
    ("As of", "from", "From"),
    ("Fine Strains", "fine lines", "Fine Lines"),
    ("Out Of The Box", "ready to use", "Ready to Use"),
    ("GOOD STRAINS", "fine lines", "FINE LINES"),
    # a heading keeps its Title Case although the spinner's extra word is lower case
    ("Life Insurance coverage", "life insurance", "Life Insurance"),
    ("Credit score Rating", "credit score", "Credit Score"),
    ("Brief-Time period", "short-term", "Short-Term"),
    ("Bit by bit Guide", "step-by-step guide", "Step-by-Step Guide"),
    ("Well-being Ideas", "self-care tips", "Self-care Tips"),
    # one capital is a sentence start, and a name the replacement spells alike is no title
    ("Pores and skin", "skin", "Skin"),
    ("Wi-Fi community", "Wi-Fi network", "Wi-Fi network"),
    ("Oversaw WordPress facilitating", "managed WordPress hosting", "Managed WordPress hosting"),
])
def test_match_case(source, replacement, expected):
    from unspin.casing import match_case
    assert match_case(source, replacement) == expected


def test_a_title_cased_phrase_mid_sentence_is_not_a_stray_capital(tmp_path):
    lst = tmp_path / "l.yml"
    lst.write_text("domain: test\nentries:\n- spun: credit score rating\n  fix: credit score\n  examples:\n"
                   "  - {text: Check your credit score rating., fixed: Check your credit score.}\n", encoding="utf-8")
    eng = Unspinner(builtin=False, wordlists=[lst])
    # two capitals are the writer's (a title), one mid-sentence is the spinner's
    assert eng.repair("Read our Credit score Rating guide.").text == "Read our Credit Score guide."
    assert eng.repair("Read our Credit score rating guide.").text == "Read our credit score guide."


def test_context_items_with_punctuation_match_the_text(tmp_path):
    # context items are tokenised as the text is: "hands-on" is hands / - / on on both sides
    lst = tmp_path / "l.yml"
    lst.write_text("domain: test\nentries:\n- spun: studying\n  fix: learning\n  ambiguous: true\n"
                   "  needs_context: true\n  context:\n    prev: [hands-on, e.g.]\n  examples:\n"
                   "  - {text: Kids love hands-on studying., fixed: Kids love hands-on learning.}\n"
                   "  counter: [She is studying law.]\n", encoding="utf-8")
    eng = Unspinner(builtin=False, wordlists=[lst])
    assert eng.repair("Kids love hands-on studying.").text == "Kids love hands-on learning."
    assert eng.repair("Try it, e.g. studying at home.").text == "Try it, e.g. learning at home."
    assert eng.repair("She is studying law.").text == "She is studying law."


def test_no_phrase_runs_across_a_blank_line(tmp_path):
    lst = tmp_path / "l.yml"
    lst.write_text("domain: test\nentries:\n- spun: funds journey\n  fix: budget travel\n  examples:\n"
                   "  - {text: Plan a funds journey., fixed: Plan a budget travel.}\n", encoding="utf-8")
    eng = Unspinner(builtin=False, wordlists=[lst])
    # a heading and the next paragraph: a repair would join them
    for text in ("Touring on a Funds\n\nJourney does not cost much.", "On a funds\r\n \r\njourney.",
                 "Touring on a Funds\nJourney does not cost much."):
        assert eng.detect(text, evidence=True) == []
    # a hard-wrapped line is one paragraph
    assert eng.repair("Plan a funds\njourney.").text == "Plan a budget travel."


FALLBACK_LIST = """domain: t
entries:
- {spun: pores and skin, fix: skin, examples: [Dry pores and skin.]}
- {spun: coronary heart, fix: heart, examples: [A healthy coronary heart.]}
- {spun: clever, fix: intelligent, examples: [A clever gadget.]}
- spun: clever techniques
  fix: intelligent systems
  ambiguous: true
  examples: [Pores and skin and coronary heart care. Clever techniques.]
  counter: [She learned some clever techniques.]
- {spun: intelligent techniques, fix: intelligent systems, examples: [Intelligent techniques run it.]}
"""


@pytest.fixture(scope="module")
def fallback_engine(tmp_path_factory):
    lst = tmp_path_factory.mktemp("lists") / "fallback.yml"
    lst.write_text(FALLBACK_LIST)
    return Unspinner(builtin=False, wordlists=[lst])


def test_a_held_back_phrase_still_lets_its_safe_words_be_fixed(fallback_engine):
    text = "Dry pores and skin and a coronary heart. Try clever techniques today."
    (phrase,) = [f for f in fallback_engine.detect(text) if f.text == "clever techniques"]
    assert phrase.applicability == UNSAFE
    assert [(x.text, x.applicability) for x in phrase.fallback] == [("clever", SAFE)]
    assert "fallback" not in phrase.to_dict()  # the report contract is unchanged
    rep = fallback_engine.repair(text)
    # 'clever' -> intelligent made 'intelligent techniques', which the lists know: one repair
    assert rep.text == "Dry skin and a heart. Try intelligent systems today."
    assert [(c.old, c.new) for c in rep.changes][-1] == ("clever techniques", "intelligent systems")
    assert "+" in rep.changes[-1].rule and not rep.held_back
    assert fallback_engine.repair(rep.text).text == rep.text
    assert fallback_engine.repair(text, unsafe=True).text == rep.text


def test_a_suppressed_rule_is_not_applied_as_a_fallback(fallback_engine):
    from unspin.documents import repair
    text = ("<!-- unspin-disable t/clever -->\n\nDry pores and skin and a coronary heart. "
            "Try clever techniques today.\n")
    rep = repair(fallback_engine, text, "markdown")
    assert "clever techniques" in rep.text and "Dry skin" in rep.text
    rep = repair(fallback_engine, text.replace("t/clever ", "t/nothing "), "markdown")
    assert "intelligent systems" in rep.text


def test_a_past_form_after_an_auxiliary_and_adverbs_repairs_as_a_participle(tmp_path):
    """"has always offered" is a participle: its repair is "has always given", not "gave"."""
    (tmp_path / "mine.yml").write_text(
        "domain: general\nentries:\n- spun: offer significance\n  fix: give importance\n  pos: verb\n"
        "  examples:\n  - Offer significance to the small things.\n", encoding="utf-8")
    eng = Unspinner(builtin=False, wordlists=[tmp_path / "mine.yml"])
    cases = {"The museum has always offered significance to history.":
             "The museum has always given importance to history.",
             "It had not yet offered significance to it.": "It had not yet given importance to it.",
             "The rule was quietly offered significance.": "The rule was quietly given importance.",
             "The museum offered significance to history.": "The museum gave importance to history.",
             "The family offered significance to it.": "The family gave importance to it."}
    for spun, fixed in cases.items():
        assert eng.repair(spun, unsafe=True).text == fixed


def test_a_supported_form_inside_an_unambiguous_one_is_not_a_second_spot():
    # "dry pores and skin" is a generated variant (strong) and holds "pores and skin", which
    # another entry supports in context: one spot, not two; with "add the components" that
    # is one unambiguous and one supported form, too thin for evidence ("merchandise" stays)
    import unspin
    filler = " ".join(["The market opens at nine on Saturdays and closes at one.",
                       "Bring a bag, since the stalls no longer hand out plastic ones.",
                       "Most growers take cards, but a few still prefer cash.",
                       "Parking is free on the side streets after ten.",
                       "In winter the hours are shorter and the choice is smaller."] * 8)
    text = ("Wash your face and dry pores and skin gently each night. For the stew, add the components "
            "to the pot and stir. Those merchandise sell well in spring. " + filler)
    eng = unspin.default()
    assert [f.text for f in eng.detect(text)] == ["dry pores and skin", "components"]
    thin = copy.copy(eng)
    thin.min_backed = 2
    assert [f.text for f in thin.detect(text)] == ["dry pores and skin", "components", "merchandise"]


def test_the_verdict_counts_different_entries_not_repeated_findings(core_engine):
    # five findings from the lists, but "sort" three times: a writer repeats a topic word,
    # a spinner leaves different forms; three entries are not the four the verdict asks
    text = ("Dry pores and skin needs care. Every hair sort differs, every skin sort too, and the blood "
            "sort matters. Check the card steadiness.")
    fs = core_engine.detect(text)
    assert [f.text for f in fs] == ["pores and skin", "sort", "sort", "sort", "steadiness"]
    s = core_engine.score(text, fs)
    assert (s.findings, s.strong, s.verdict) == (5, 1, "clean") and s.score >= 0.5
    # the same counts with four different entries would be spun
    assert core_engine.score_totals(s.words, 5, 1, 0.9, 3.2, listed=4).verdict == "spun"
