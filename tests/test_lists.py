"""Word lists: term-aware expansion, substitution blocks, users' pair lists (CSV, JSON)."""
import json

import pytest

from unspin import Unspinner, WordlistError
from unspin.listcheck import check_lists
from unspin.lists import load

TERMS = "domain: demo\nterms: [deep learning, learning rate, skin texture, skin tone, big data]\n"
SUBS = """substitutions:
- word: learning
  pos: noun
  spun: [studying]
- word: big
  pos: adj
  spun: [huge]
"""
ENTRIES = "domain: demo\nentries:\n- spun: reduce weight\n  fix: lose weight\n  examples: [Diet helps reduce weight.]\n"


def _tree(tmp_path, subs=SUBS, terms=TERMS, allow=None):
    root = tmp_path / "wl"
    for sub in ("terms", "substitutions", "allow"):
        (root / sub).mkdir(parents=True)
    (root / "demo.yml").write_text(ENTRIES, encoding="utf-8")
    (root / "terms" / "demo.yml").write_text(terms, encoding="utf-8")
    (root / "substitutions" / "demo.yml").write_text(subs, encoding="utf-8")
    if allow:
        (root / "allow" / "demo.yml").write_text("allow: " + json.dumps(allow) + "\n", encoding="utf-8")
    return root


def _engine(root):
    return Unspinner([root], builtin=False)


def test_a_term_and_a_substitution_yield_the_spun_variants_not_the_term(tmp_path):
    eng = _engine(_tree(tmp_path))
    spun = eng.detect("Deep studying needs data. Tune the studying rate. Huge data is everywhere.")
    assert [(f.text, f.suggestion) for f in spun] == [("Deep studying", "Deep learning"),
                                                     ("studying rate", "learning rate"),
                                                     ("Huge data", "Big data")]
    # the finding names the term and the swap it came from
    assert "deep learning" in spun[0].reason and "learning -> studying" in spun[0].reason
    assert spun[0].rule == "demo/term/deep-learning"
    assert eng.detect("Deep learning and big data, at the right learning rate.") == []


def test_the_words_of_a_hyphenated_term_are_swapped_too(tmp_path):
    terms = TERMS.replace("big data]", "big data, long-term savings, back-to-school]")
    subs = SUBS + """- word: term
  pos: noun
  spun: [time period]
- word: school
  pos: noun
  spun: [faculty]
"""
    eng = _engine(_tree(tmp_path, subs=subs, terms=terms))
    spun = eng.detect("Open long-time period savings before the back-to-faculty rush.")
    assert [(f.text, f.suggestion) for f in spun] == [("long-time period savings", "long-term savings"),
                                                     ("back-to-faculty", "back-to-school")]
    assert "term -> time period" in spun[0].reason
    assert eng.detect("Open long-term savings before the back-to-school rush.") == []


def test_a_variant_that_is_allowed_or_a_term_itself_is_not_generated(tmp_path):
    terms = TERMS.replace("big data]", "big data, huge data]")
    eng = _engine(_tree(tmp_path, terms=terms, allow=["deep studying"]))
    assert eng.detect("Deep studying and huge data.") == []


def test_a_substitution_block_quiets_the_variants_it_begins(tmp_path):
    subs = SUBS + """- word: skin
  pos: noun
  spun: [pores and skin]
  not_prev: [clogged, enlarged]
  counter: [Steam helps clogged pores and skin texture.]
"""
    eng = _engine(_tree(tmp_path, subs=subs))
    assert eng.detect("The toner refines enlarged pores and skin texture.") == []
    assert eng.detect("Clogged pores and skin tone issues are common.") == []
    (f,) = eng.detect("This serum evens out your pores and skin tone.")
    assert (f.text, f.suggestion) == ("pores and skin tone", "skin tone")
    report = check_lists(load([_tree(tmp_path / "again", subs=subs)], builtin=False))
    assert report.ok, report.errors


def test_lists_check_runs_a_substitutions_counter_examples(tmp_path):
    subs = SUBS + """- word: skin
  pos: noun
  spun: [pores and skin]
  not_prev: [clogged]
  counter: [It refines enlarged pores and skin texture.]
"""
    report = check_lists(load([_tree(tmp_path, subs=subs)], builtin=False))
    assert any("fired on its counter-example" in e and "enlarged pores and skin texture" in e
               for e in report.errors), report.errors


def test_a_substitution_block_needs_a_counter_example(tmp_path):
    subs = SUBS + "- word: skin\n  spun: [pores and skin]\n  not_prev: [clogged]\n"
    with pytest.raises(WordlistError, match="counter"):
        load([_tree(tmp_path, subs=subs)], builtin=False)


CSV = "tortured phrase,correct term\ncounterfeit consciousness,artificial intelligence\n" \
      "irregular woodland,random forest\n"


def test_csv_pairs_are_a_user_list(tmp_path):
    path = tmp_path / "pps.csv"
    path.write_text(CSV, encoding="utf-8")
    eng = Unspinner([path], builtin=False)
    found = eng.detect("We trained an irregular woodland and studied counterfeit consciousness.")
    assert [(f.text, f.suggestion, f.rule) for f in found] == [
        ("an irregular woodland", "a random forest", "user/irregular-woodland"),  # the article follows
        ("counterfeit consciousness", "artificial intelligence", "user/counterfeit-consciousness")]
    assert eng.repair("An irregular woodland model.").text == "A random forest model."


@pytest.mark.parametrize("data", [
    [["bosom malignant growth", "breast cancer"]],
    {"bosom malignant growth": "breast cancer"},
    [{"tortured": "bosom malignant growth", "correct": "breast cancer"}],
])
def test_json_pairs_in_the_shapes_public_collections_use(tmp_path, data):
    path = tmp_path / "pairs.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    (f,) = Unspinner([path], builtin=False).detect("Screening for bosom malignant growth saves lives.")
    assert (f.text, f.suggestion) == ("bosom malignant growth", "breast cancer")


def test_a_user_pair_overrides_the_builtin_entry(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("pores and skin,complexion\n", encoding="utf-8")
    (f,) = Unspinner([path]).detect("Rub the cream into the pores and skin gently.")
    assert f.suggestion == "complexion" and f.rule.startswith("user/")


@pytest.mark.parametrize("name,text,message", [
    ("bad.csv", "only one column\n", "two columns"),
    ("bad.json", '{"a": 1}', "pair"),
    ("bad.json", "[1, 2", "JSON"),
    ("empty.csv", "counterfeit consciousness,\n", "empty"),
])
def test_a_broken_pair_list_is_one_clear_error(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WordlistError, match=message):
        Unspinner([path], builtin=False)


@pytest.mark.parametrize("body, message", [
    ("word_fit:\n  article_gain: abc\n", "setting 'word_fit.article_gain' must be a number, not 'abc'"),
    ("word_fit:\n  repairs_as_neighbours: maybe\n", "'word_fit.repairs_as_neighbours' must be true or false"),
    ("word_fit:\n  min_gian: 2\n", "unknown setting 'word_fit.min_gian' (known: min_gain,"),
    ("wordfit:\n  min_gain: 2\n", "unknown settings section 'wordfit'"),
    ("evidence:\n  min_strong: 2.5\n", "'evidence.min_strong' must be a whole number"),
    ("evidence: 3\n", "settings section 'evidence' must be a mapping"),
    ("word_fit:\n  function_min_margin: null\n", "'word_fit.function_min_margin' cannot be null"),
    ("matching:\n  bound_prefixes: [re, 3]\n", "'matching.bound_prefixes' must be a list of words"),
])
def test_a_projects_settings_are_checked_when_the_lists_load(tmp_path, body, message):
    (tmp_path / "settings.yml").write_text(body, encoding="utf-8")
    for _ in range(2):  # the second time the compiled lists may come from the cache: still checked
        with pytest.raises(WordlistError, match=message.replace("(", r"\(").replace(".", r"\.")):
            Unspinner(wordlists=[tmp_path])
    with pytest.raises(WordlistError, match="settings.yml"):
        load([tmp_path])


def test_a_projects_settings_may_turn_the_optional_steps_off_with_null(tmp_path):
    (tmp_path / "settings.yml").write_text(
        "word_fit:\n  function_min_gain: null\n  strong_doc_function_min_gain: null\n  min_gain: 2\n"
        "same_swap:\n  min_gain: null\n", encoding="utf-8")
    eng = Unspinner(wordlists=[tmp_path])
    assert (eng.word_fit_function_weak, eng.word_fit_function, eng.same_swap, eng.word_fit) == (None, None, None, 2.0)


def test_lists_check_reports_a_counter_example_another_entry_flags(tmp_path):
    """Each entry's examples run with its own file's entries only; the counters run once
    more with all the lists together, where an entry of another file may read the ordinary
    sentence as spun: reported (with the rule), not an error."""
    (tmp_path / "a.yml").write_text("domain: a\nentries:\n- spun: zorp blat\n  fix: zorp\n"
                                    "  examples: [We saw a zorp blat today.]\n", encoding="utf-8")
    (tmp_path / "b.yml").write_text("domain: b\nentries:\n- spun: blat\n  fix: plain\n  ambiguous: true\n"
                                    "  context:\n    prev: [big]\n  examples: [A big blat stood there.]\n"
                                    "  counter: [The big zorp blat here is fine., Nothing here at all.]\n",
                                    encoding="utf-8")
    report = check_lists(load([tmp_path / "a.yml", tmp_path / "b.yml"], builtin=False))
    assert report.ok, report.errors
    assert report.counter_hits == ["b/blat: 'The big zorp blat here is fine.': 'zorp blat' -> 'zorp' (a/zorp-blat)"]
    from unspin.listcheck import format_report
    assert "1 counter-examples are flagged when all the lists run together" in format_report(report)
