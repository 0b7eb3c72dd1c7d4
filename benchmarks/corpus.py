"""A reproducible benchmark corpus built only from text the project owns.

Sentences come from the word lists themselves: each entry's examples give a spun
sentence and its repaired form, and counter-examples give ordinary English that
uses a spun form in its real sense. Documents are paragraphs of those sentences,
shuffled with a fixed seed, so the same lists and seed give the same bytes.

* clean prose: repaired sentences and counter-examples only, each of which raises no
  finding on its own (one in a hundred still held another entry's spun form, which made
  the "clean" corpus a lightly spun one: 28 findings per 10,000 words);
* spun prose: the same, with ``SPUN_SHARE`` of the sentences taken from the spun
  examples (a heavily spun article: a tortured phrase every dozen words or so).
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

SEED = 20240611
SPUN_SHARE = 0.35


@dataclass
class Sentences:
    spun: list[str]
    clean: list[str]


def sentences(engine) -> Sentences:
    """Spun and clean sentences from the curated entries of ``engine``'s lists (sorted, so
    the order does not depend on how the lists were loaded)."""
    spun, clean = set(), set()
    for e in engine.index.documented():
        if e.origin == "generated":
            continue
        for ex in e.examples:
            if ex.fixed:
                spun.add(ex.text.strip())
                clean.add(ex.fixed.strip())
        clean.update(c.strip() for c in e.counter)
    # a fixed sentence that is itself another entry's example would not be clean prose,
    # nor one in which the lists find something (another entry's spun form left in it)
    clean -= spun
    clean = {c for c in clean if not engine.detect(c)}
    return Sentences(sorted(spun), sorted(clean))


def documents(sents: Sentences, *, spun: bool, target_bytes: int, seed: int = SEED):
    """Yield documents (str) until about ``target_bytes`` of UTF-8 have been produced."""
    rng = random.Random(f"{seed}-{'spun' if spun else 'clean'}")
    produced = 0
    while produced < target_bytes:
        paras = []
        for _ in range(rng.randint(3, 8)):
            n = rng.randint(3, 7)
            picked = [rng.choice(sents.spun) if spun and rng.random() < SPUN_SHARE else rng.choice(sents.clean)
                      for _ in range(n)]
            paras.append(" ".join(picked))
        doc = "\n\n".join(paras)
        produced += len(doc.encode("utf-8")) + 1
        yield doc


def write_kind(sents: Sentences, folder: Path, kind: str, size_mb: float, seed: int = SEED) -> dict[str, Path]:
    """Write ``size_mb`` of ``kind`` ("clean" or "spun") prose as JSON Lines (one document a
    line) and as plain text (documents separated by blank lines). Files already written
    with the same sentences, size and seed are reused."""
    import hashlib

    folder.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha256(json.dumps([sents.spun, sents.clean, kind, size_mb, seed, SPUN_SHARE]).encode())
    stem = f"{kind}-{h.hexdigest()[:12]}"
    jl, txt = folder / f"{stem}.jsonl", folder / f"{stem}.txt"
    if not (jl.exists() and txt.exists()):
        tmp_j, tmp_t = jl.with_suffix(".jsonl.tmp"), txt.with_suffix(".txt.tmp")
        with open(tmp_j, "w", encoding="utf-8") as fj, open(tmp_t, "w", encoding="utf-8") as ft:
            for i, doc in enumerate(documents(sents, spun=kind == "spun", target_bytes=int(size_mb * 2**20),
                                              seed=seed)):
                fj.write(json.dumps({"id": f"{kind}-{i}", "text": doc}, ensure_ascii=False) + "\n")
                ft.write(doc + "\n\n")
        tmp_j.replace(jl)
        tmp_t.replace(txt)
    return {"jsonl": jl, "txt": txt}
