"""The datatrove steps, run by datatrove's own local executor (several tasks on two
worker processes), checked document by document against single-process
``unspin check --jsonl`` / ``unspin clean --jsonl`` runs with the same list."""
from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

datatrove = pytest.importorskip("datatrove")

from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from unspin.integrations import engine_key, shared_engine  # noqa: E402
from unspin.integrations.datatrove import UnspinFilter, UnspinFormatter  # noqa: E402

LIST = (Path(__file__).parent / "data" / "scale-list.yml").read_text(encoding="utf-8")

TEXTS = [
    "Apply the serum to dry pores and skin. It softens good strains and protects the coronary heart. "
    "Your pores and skin will glow.",
    "A plain note about tomatoes, basil and summer rain.",
    "Pores And Skin care: one mention only.",
    "Ünïcode fïrst — then pores and skin, good strains, coronary heart, pores and skin again. 🌿",
    "A mystery phrase here, and nothing to repair.",
    "Line one.\n\nCORONARY HEART health\r\nand good  strains across   a break.",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("dt")
    wl = root / "list.yml"
    wl.write_text(LIST, encoding="utf-8")
    inp = root / "in"
    inp.mkdir()
    records = []
    for f in range(4):  # four files, one per task
        with open(inp / f"part{f}.jsonl", "w", encoding="utf-8") as fh:
            for i, text in enumerate(TEXTS):
                rec = {"id": f"{f}-{i}", "text": text if f % 2 == 0 else text.upper() if i % 2 else text + " End."}
                records.append(rec)
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    # the compiled list goes to the test cache once; workers load it from there
    shared_engine(engine_key([wl], builtin=False))
    return root, wl, inp, records


def _cli_jsonl(mode, wl, inp):
    r = subprocess.run([sys.executable, "-m", "unspin", mode, "--jsonl", "--no-builtin", "--wordlist", str(wl),
                        "-q", "-j", "1", *sorted(str(p) for p in inp.glob("*.jsonl"))],
                       capture_output=True, text=True)
    assert r.returncode in (0, 1), r.stderr
    return {rec["id"]: rec for rec in map(json.loads, r.stdout.splitlines())}


def _outputs(folder: Path):
    docs = {}
    for p in folder.glob("*.jsonl"):
        for line in p.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            docs[rec["id"]] = rec
    return docs


def _stat(stats, step_name, label):
    for step in stats.stats:
        if step.name.endswith(step_name):
            return step.stats[label].total if label in step.stats else 0
    raise AssertionError(f"no step {step_name!r}")


def test_local_executor_two_workers_matches_single_process_cli(corpus, tmp_path):
    root, wl, inp, records = corpus
    out = tmp_path / "out"
    pipeline = [
        JsonlReader(str(inp)),
        UnspinFilter(action="tag", wordlists=[wl], builtin=False),
        UnspinFormatter(wordlists=[wl], builtin=False),
        JsonlWriter(str(out), output_filename="${rank}.jsonl", compression=None),
    ]
    stats = LocalPipelineExecutor(pipeline=pipeline, tasks=4, workers=2, logging_dir=str(tmp_path / "logs")).run()
    got = _outputs(out)
    checked = _cli_jsonl("check", wl, inp)
    cleaned = _cli_jsonl("clean", wl, inp)
    assert set(got) == {r["id"] for r in records}  # tagging keeps every document
    spun = 0
    for doc_id, doc in got.items():
        info = doc["metadata"]["unspin"]
        ref_check, ref_clean = checked[doc_id]["unspin"], cleaned[doc_id]["unspin"]
        assert doc["text"] == cleaned[doc_id]["text"], doc_id
        assert info["findings"] == ref_check["findings"], doc_id
        assert (info["spin_score"], info["verdict"], info["words"]) == \
            (ref_check["spin_score"], ref_check["verdict"], ref_check["words"])
        assert info["changes"] == ref_clean["changes"], doc_id
        assert info.get("failed", False) == (ref_check["verdict"] == "spun")
        spun += ref_check["verdict"] == "spun"
    assert spun and spun < len(got)  # the corpus has both kinds
    # lists load once per worker process: at most two loads for four tasks and 24 documents
    loads = _stat(stats, UnspinFilter.name, "unspin_engine_loads")
    assert 1 <= loads <= 2
    assert _stat(stats, UnspinFormatter.name, "unspin_engine_loads") == 0  # reuses the filter's engine
    assert _stat(stats, UnspinFormatter.name, "unspin_changes") == sum(
        len(r["unspin"]["changes"]) for r in cleaned.values())


def test_drop_removes_exactly_the_spun_documents(corpus, tmp_path):
    root, wl, inp, records = corpus
    out, removed = tmp_path / "out", tmp_path / "removed"
    pipeline = [
        JsonlReader(str(inp)),
        UnspinFilter(wordlists=[wl], builtin=False,
                     exclusion_writer=JsonlWriter(str(removed), output_filename="${rank}.jsonl", compression=None)),
        JsonlWriter(str(out), output_filename="${rank}.jsonl", compression=None),
    ]
    LocalPipelineExecutor(pipeline=pipeline, tasks=4, workers=2, logging_dir=str(tmp_path / "logs")).run()
    checked = _cli_jsonl("check", wl, inp)
    kept, dropped = _outputs(out), _outputs(removed)
    assert set(dropped) == {i for i, r in checked.items() if r["unspin"]["verdict"] == "spun"}
    assert set(kept) == set(checked) - set(dropped)
    assert all(d["metadata"]["filter_reason"] == "unspin_spun" for d in dropped.values())
    # without a formatter the text is untouched
    originals = {r["id"]: r["text"] for r in records}
    assert all(d["text"] == originals[i] for i, d in kept.items())


def test_policy_options_and_steps_pickle_without_an_engine(corpus):
    root, wl, inp, records = corpus
    step = UnspinFilter(fail_on="tortured", wordlists=[wl], builtin=False)
    blob = pickle.dumps(step)
    assert len(blob) < 20_000  # a description of the engine, not the compiled lists
    step = pickle.loads(blob)
    docs = [Document(text="One pores and skin mention.", id="a"), Document(text="Nothing here.", id="b"),
            Document(text="A mystery phrase here.", id="c")]
    kept = [d.id for d in step.run(iter(docs))]
    assert kept == ["b"]  # 'a' has a tortured finding, and so has 'c' (display-only, but tortured)
    never = UnspinFilter(fail_on="never", min_score=0.99, wordlists=[wl], builtin=False)
    assert [d.id for d in never.run(iter([Document(text="One pores and skin mention.", id="a")]))] == ["a"]
    assert docs[0].metadata["unspin"]["findings"][0]["text"] == "pores and skin"
    with pytest.raises(ValueError):
        UnspinFilter(action="delete")
    with pytest.raises(ValueError):
        UnspinFilter(fail_on="sometimes")
    with pytest.raises(ValueError):
        UnspinFormatter(fmt="pdf")


def test_formatter_alone_repairs_markdown_without_touching_code(corpus):
    root, wl, inp, records = corpus
    step = UnspinFormatter(wordlists=[wl], builtin=False, fmt="markdown")
    doc = Document(text="Dry pores and skin.\n\n```\npores and skin\n```\n", id="m")
    (out,) = list(step.run(iter([doc])))
    assert out.text == "Dry skin.\n\n```\npores and skin\n```\n"
    assert out.metadata["unspin"]["changes"][0]["start"] == 4
