"""datatrove pipeline steps: drop or tag spun documents, and repair the text.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from unspin.integrations.datatrove import UnspinFilter, UnspinFormatter

    LocalPipelineExecutor(pipeline=[
        JsonlReader("in/"),
        UnspinFilter(fail_on="never", min_score=0.95),  # drop what is beyond repair
        UnspinFormatter(),                               # repair the rest
        JsonlWriter("out/"),
    ], tasks=8, workers=2).run()

The steps carry only a description of their engine (lists, allowed phrases,
domains), never the engine: datatrove pickles steps to ship them to workers (local
processes, Slurm jobs, Ray actors), and each worker process builds the engine once,
on its first document, from the compiled-list cache. Metadata follows the JSON
Lines mode of the command line (``unspin check --jsonl`` / ``clean --jsonl``):
``doc.metadata["unspin"]`` holds ``spin_score``, ``verdict``, ``words``,
``findings`` (offsets into the text as the filter saw it) and, after the
formatter, ``changes``.
"""
from __future__ import annotations

from types import SimpleNamespace

try:
    from datatrove.data import DocumentsPipeline
    from datatrove.pipeline.base import PipelineStep
    from datatrove.pipeline.filters.base_filter import BaseFilter
    from datatrove.utils.typeshelper import StatHints
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("unspin.integrations.datatrove needs datatrove: pip install 'unspin[datatrove]'") from exc

from .. import policy
from ..documents import FORMATS, TEXT, Analysis, analyse_many, repair
from ..engine import BATCH
from ..findings import UNSAFE
from ..report import finding_record, line_starts
from . import engine_key, is_loaded, shared_engine

ACTIONS = ("drop", "tag")

# The analyses of the documents of the batch a filter saw last, per engine and format:
# a formatter right after the filter in the same process reuses them instead of
# detecting again. Keyed on the identity of the text object, so an edited text never
# matches.
_LAST: dict[tuple, dict[int, tuple[str, Analysis]]] = {}


def _analysis(step: PipelineStep, key: tuple, fmt: str, text: str) -> Analysis:
    last = _LAST.get((key, fmt), {}).get(id(text))
    if last is not None and last[0] is text:
        return last[1]
    return _analyses(step, key, fmt, [text])[0]


def _analyses(step: PipelineStep, key: tuple, fmt: str, texts: list[str]) -> list[Analysis]:
    if not is_loaded(key):
        step.stat_update("unspin_engine_loads")  # once per worker process: see the stats
    found = analyse_many(shared_engine(key), texts, fmt)
    _LAST[(key, fmt)] = {id(t): (t, a) for t, a in zip(texts, found)}
    return found


class _UnspinStep:
    """What both steps share: the engine description and the input format."""

    def _setup(self, wordlists, allow, domains, builtin, fmt, metadata_key):
        if fmt not in FORMATS:
            raise ValueError(f"fmt must be one of {', '.join(FORMATS)}, not {fmt!r}")
        self.engine_key = engine_key(wordlists, allow, domains, builtin)
        self.fmt = fmt
        self.metadata_key = metadata_key

    @property
    def engine(self):
        """The engine of this worker process (built on first use, then shared)."""
        return shared_engine(self.engine_key)

    def _info(self, doc) -> dict:
        info = doc.metadata.get(self.metadata_key)
        if not isinstance(info, dict):
            info = doc.metadata[self.metadata_key] = {}
        return info


class UnspinFilter(_UnspinStep, BaseFilter):
    """Score each document; drop (``action="drop"``) or only tag (``action="tag"``) the
    ones that fail the policy, with the score and findings in ``doc.metadata``.

    The policy is ``unspin check``'s: ``fail_on`` is ``spun`` (the document verdict,
    the default), ``tortured`` (any tortured finding), ``awkward`` (any finding) or
    ``never``; ``min_score`` also fails any document scoring at least that (0..1).
    A failing document tagged rather than dropped gets ``metadata["unspin"]["failed"]``.
    Documents are analysed ``batch_size`` at a time, so that spaCy tags the sentences
    of a whole batch together (1: one by one).
    """

    name = "🌀 unspin filter"

    def __init__(self, *, action: str = "drop", fail_on: str = policy.DEFAULT_FAIL_ON,
                 min_score: float | None = None, wordlists=(), allow=(), domains=None, builtin: bool = True,
                 fmt: str = TEXT, findings: bool = True, metadata_key: str = "unspin", exclusion_writer=None,
                 batch_size: int = BATCH):
        super().__init__(exclusion_writer=exclusion_writer, batch_size=batch_size)
        if action not in ACTIONS:
            raise ValueError(f"action must be one of {', '.join(ACTIONS)}, not {action!r}")
        if fail_on not in policy.FAIL_ON:
            raise ValueError(f"fail_on must be one of {', '.join(policy.FAIL_ON)}, not {fail_on!r}")
        if min_score is not None and not 0 <= min_score <= 1:
            raise ValueError(f"min_score must be between 0 and 1, not {min_score!r}")
        self._setup(wordlists, allow, domains, builtin, fmt, metadata_key)
        self.action, self.fail_on, self.min_score, self.findings = action, fail_on, min_score, findings

    def filter(self, doc) -> bool | tuple[bool, str]:
        text = doc.text if isinstance(doc.text, str) else ""
        return self._verdict(doc, text, _analysis(self, self.engine_key, self.fmt, text))

    def filter_batch(self, batch: list) -> list[bool | tuple[bool, str]]:
        texts = [doc.text if isinstance(doc.text, str) else "" for doc in batch]
        return [self._verdict(doc, text, a)
                for doc, text, a in zip(batch, texts, _analyses(self, self.engine_key, self.fmt, texts))]

    def _verdict(self, doc, text: str, a: Analysis) -> bool | tuple[bool, str]:
        info = self._info(doc)
        info.update(spin_score=a.score.score, verdict=a.score.verdict, words=a.score.words)
        if self.findings:
            starts = line_starts(text)
            info["findings"] = [finding_record(f, starts) for f in a.findings]
        self.stat_update("unspin_findings", value=len(a.findings))
        if a.score.verdict == "spun":
            self.stat_update("unspin_spun")
        failed = policy.fails(SimpleNamespace(score=a.score, findings=a.findings), self.fail_on, self.min_score)
        if not failed:
            return True
        if self.action == "tag":
            info["failed"] = True
            return True
        return False, "unspin_spun"


class UnspinFormatter(_UnspinStep, PipelineStep):
    """Repair each document's text (safe fixes; ``unsafe=True`` also applies fixes that
    rest on document evidence), recording the changes in ``doc.metadata["unspin"]``:
    ``changes`` (offsets into the text before repair) and ``unsafe_held_back``."""

    name = "🌀 unspin repair"
    type = "✂️ - FORMAT"

    def __init__(self, *, unsafe: bool = False, wordlists=(), allow=(), domains=None, builtin: bool = True,
                 fmt: str = TEXT, metadata_key: str = "unspin"):
        super().__init__()
        self._setup(wordlists, allow, domains, builtin, fmt, metadata_key)
        self.unsafe = unsafe

    def format_document(self, doc) -> None:
        text = doc.text if isinstance(doc.text, str) else ""
        a = _analysis(self, self.engine_key, self.fmt, text)
        rep = repair(self.engine, text, self.fmt, unsafe=self.unsafe, analysis=a)
        info = self._info(doc)
        info.setdefault("spin_score", a.score.score)
        info.setdefault("verdict", a.score.verdict)
        info.setdefault("words", a.score.words)
        info["changes"] = [{"start": c.start, "end": c.end, "text": c.old, "replacement": c.new, "rule": c.rule}
                           for c in rep.changes]
        held = sum(1 for f in rep.held_back if f.applicability == UNSAFE)
        if held:
            info["unsafe_held_back"] = held
        if rep.changes:
            doc.text = rep.text
            self.stat_update("unspin_changed")
            self.stat_update("unspin_changes", value=len(rep.changes))

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                self.format_document(doc)
            yield doc
