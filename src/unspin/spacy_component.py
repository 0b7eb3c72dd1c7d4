"""unspin as a spaCy pipeline component: ``nlp.add_pipe("unspin")``.

Findings become spans in ``doc.spans["unspin"]`` with the suggestion and the rule on
``Span._``, and the document score on ``Doc._.spin_score``, so spaCy users keep
working with spaCy objects. The component is registered through the
``spacy_factories`` entry point, so importing unspin is not even needed.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from .engine import BATCH

SPAN_KEY = "unspin"
_SPAN_ATTRS = ("unspin_suggestion", "unspin_rule", "unspin_kind", "unspin_confidence", "unspin_reason",
               "unspin_applicability")

for _attr in _SPAN_ATTRS:
    if not Span.has_extension(_attr):
        Span.set_extension(_attr, default=None)
if not Doc.has_extension("spin_score"):
    Doc.set_extension("spin_score", default=None)


class UnspinComponent:
    def __init__(self, nlp: Language, name: str, wordlists=(), allow=(), domains=None):
        from .engine import Unspinner

        self.name = name
        if not wordlists and not allow and not domains:
            from . import default
            self.engine = default()
        else:
            self.engine = Unspinner(wordlists=wordlists, allow=allow, domains=domains)

    def __call__(self, doc: Doc) -> Doc:
        return self._annotate(doc, self.engine.detect(doc.text))

    def pipe(self, docs, batch_size: int = BATCH):
        """``nlp.pipe`` in batches: the sentences a batch needs tagged are tagged together."""
        batch = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._annotate_all(batch)
                batch = []
        if batch:
            yield from self._annotate_all(batch)

    def _annotate_all(self, docs):
        for doc, findings in zip(docs, self.engine.detect_many([d.text for d in docs])):
            yield self._annotate(doc, findings)

    def _annotate(self, doc: Doc, findings) -> Doc:
        spans = []
        for f in findings:
            span = doc.char_span(f.start, f.end, alignment_mode="expand")
            if span is None:
                continue
            span._.unspin_suggestion = f.suggestion
            span._.unspin_rule = f.rule
            span._.unspin_kind = f.kind
            span._.unspin_confidence = f.confidence
            span._.unspin_reason = f.reason
            span._.unspin_applicability = f.applicability
            spans.append(span)
        doc.spans[SPAN_KEY] = spans
        doc._.spin_score = self.engine.score(doc.text, findings)
        return doc


@Language.factory("unspin", default_config={"wordlists": [], "allow": [], "domains": None})
def make_unspin(nlp: Language, name: str, wordlists: list, allow: list, domains):
    return UnspinComponent(nlp, name, wordlists=wordlists, allow=allow, domains=domains)
