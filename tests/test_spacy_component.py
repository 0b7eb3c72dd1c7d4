import spacy

import unspin  # noqa: F401  (the factory is also found through the entry point)


def test_add_pipe_sets_spans_and_score():
    from pathlib import Path

    text = (Path(__file__).parent.parent / "examples" / "chemical-peels-spun.txt").read_text(encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("unspin")
    doc = nlp(text)
    spans = doc.spans["unspin"]
    pairs = {(s.text, s._.unspin_suggestion) for s in spans}
    assert ("Pores and skin", "Skin") in pairs and ("crow's toes", "crow's feet") in pairs
    for s in spans:
        assert s._.unspin_kind in ("tortured", "awkward") and s._.unspin_rule
    assert doc._.spin_score.verdict == "spun"


def test_component_with_own_list(tmp_path):
    lst = tmp_path / "l.yml"
    lst.write_text("domain: t\nentries:\n- {spun: zorp blat, fix: widget, examples: [A zorp blat.]}\n")
    nlp = spacy.blank("en")
    nlp.add_pipe("unspin", config={"wordlists": [str(lst)]})
    doc = nlp("Buy a zorp blat now.")
    assert [(s.text, s._.unspin_suggestion) for s in doc.spans["unspin"]] == [("zorp blat", "widget")]


def test_pipe_annotates_like_one_call_at_a_time():
    """nlp.pipe goes through the component's batched pipe(): same spans and scores."""
    texts = ["Dry pores and skin needs care.", "", "Nothing spun here at all.", "Crow's toes and fine strains."] * 3
    nlp = spacy.blank("en")
    nlp.add_pipe("unspin")
    one = [nlp(t) for t in texts]
    many = list(nlp.pipe(texts, batch_size=5))
    assert [[(s.start_char, s.end_char, s._.unspin_suggestion) for s in d.spans["unspin"]] for d in many] == \
        [[(s.start_char, s.end_char, s._.unspin_suggestion) for s in d.spans["unspin"]] for d in one]
    assert [d._.spin_score for d in many] == [d._.spin_score for d in one]
    assert any(d.spans["unspin"] for d in many)
