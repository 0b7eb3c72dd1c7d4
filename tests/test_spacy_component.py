import spacy

import unspin  # noqa: F401  (the factory is also found through the entry point)


def test_add_pipe_sets_spans_and_score():
    nlp = spacy.blank("en")
    nlp.add_pipe("unspin")
    doc = nlp("Apply it to the pores and skin. Pores and skin is the largest organ.")
    spans = doc.spans["unspin"]
    assert [s.text for s in spans] == ["pores and skin", "Pores and skin"]
    assert [s._.unspin_suggestion for s in spans] == ["skin", "Skin"]
    assert spans[0]._.unspin_kind == "tortured" and spans[0]._.unspin_rule
    assert doc._.spin_score.verdict in ("spun", "clean")


def test_component_with_own_list(tmp_path):
    lst = tmp_path / "l.yml"
    lst.write_text("domain: t\nentries:\n- {spun: zorp blat, fix: widget, examples: [A zorp blat.]}\n")
    nlp = spacy.blank("en")
    nlp.add_pipe("unspin", config={"wordlists": [str(lst)]})
    doc = nlp("Buy a zorp blat now.")
    assert [(s.text, s._.unspin_suggestion) for s in doc.spans["unspin"]] == [("zorp blat", "widget")]
