"""An editorial pipeline step: score incoming articles, repair the spun ones, log what changed.

    python examples/pipeline.py examples/*.txt

Articles whose verdict is "spun" are repaired (safe fixes only) and written next to
the original as NAME.cleaned.txt; every applied change is listed with its rule, so an
editor can review exactly what the tool did.
"""
import sys
from pathlib import Path

from unspin import Unspinner


def main(paths):
    engine = Unspinner()  # loads the word lists once for the whole batch
    for path in map(Path, paths):
        text = path.read_text(encoding="utf-8")
        findings = engine.detect(text)
        score = engine.score(text, findings)
        print(f"{path}: {score.verdict} (score {score.score:.2f}, {score.findings} findings in {score.words} words)")
        if score.verdict != "spun":
            continue
        repair = engine.repair(text, findings=findings)
        for ch in repair.changes:
            print(f"    {ch.old!r} -> {ch.new!r}  [{ch.rule}]")
        if repair.held_back:
            print(f"    ({len(repair.held_back)} uncertain findings left for the editor)")
        out = path.with_name(path.stem + ".cleaned" + path.suffix)
        out.write_text(repair.text, encoding="utf-8")
        print(f"    wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1:] or sorted(str(p) for p in Path(__file__).parent.glob("*-spun.txt")))
