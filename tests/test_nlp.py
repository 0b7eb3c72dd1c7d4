"""unspin maps tagger tags to UPOS itself (data/upos.yml) instead of running spaCy's
attribute ruler: the mapping must agree with the ruler."""
from unspin import nlp

SENTENCES = [
    "I have been running since dawn, and it isn't over yet.",
    "Which cream works best when your skin is dry, and why does it sting?",
    "She'd go if she could; nobody knows whether the fee's due.",
    "Something happened that everyone noticed although nothing changed.",
    "The $5 fee was paid by 3 of them, not 4.",
    "Do you know how much whose money they spent, whatever it was?",
]


def test_mapping_agrees_with_the_attribute_ruler():
    full = nlp.load_model(exclude=["parser", "ner", "lemmatizer", "senter"])
    assert "attribute_ruler" in full.pipe_names
    total = agree = 0
    for doc in full.pipe(SENTENCES):
        for t in doc:
            total += 1
            agree += nlp.upos(t.text, t.tag_) == t.pos_
    assert agree / total >= 0.98, (agree, total)


def test_tag_sentences_offsets_and_tags():
    (toks,) = nlp.tag_sentences(["The skin is dry."])
    assert [(a, b) for a, b, _ in toks] == [(0, 3), (4, 8), (9, 11), (12, 15), (15, 16)]
    assert [p for _, _, p in toks] == ["DET", "NOUN", "AUX", "ADJ", "PUNCT"]


AWKWARD = [
    "Don't e-mail me at jo.smith@example.co.uk or visit https://example.com/a?b=1 before 5 p.m.",
    "U.S. rates rose 0.25% vs. last yr.; Dr. O'Neil's co-authors can't agree :-) ...",
    "We'll pay £1,200/mo. (approx.) for a 2-bed flat in St. Albans, e.g. near Jan. 3rd's sale!",
    "It's the 1990s' 'hit' — re-released on 12/05/2021 at 10:30am by AT&T & Co.",
]


def test_the_english_defaults_tokenize_as_the_saved_tokenizer():
    """unspin skips reading the model's saved tokenizer (TAGGER_EXCLUDE): that is only
    safe while the defaults it falls back on split text exactly as the saved one."""
    saved = nlp.load_model(exclude=[x for x in nlp.TAGGER_EXCLUDE if x != "tokenizer"])
    ours = nlp.spacy_tagger()
    for text in SENTENCES + AWKWARD:
        assert [t.text for t in ours(text)] == [t.text for t in saved(text)]
        assert [t.tag_ for t in ours(text)] == [t.tag_ for t in saved(text)]
