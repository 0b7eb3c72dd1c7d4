"""unspin against the speed limit of list matching, in one command:

    python3 benchmarks/run.py                 # 40 MB clean + 10 MB spun prose (a few minutes)
    python3 benchmarks/run.py --stream-mb 1024  # also stream a 1 GB file through `unspin check`
    python3 benchmarks/run.py --quick         # 4 MB in all, to try the script

Generates the corpus reproducibly from the word lists (see ``corpus.py``), then
measures on the same documents, single process:

* **limit**: the faster of two bare Aho-Corasick scans (ahocorasick_rs and
  pyahocorasick) of every spun form in the lists over the lower-cased text, counting
  matches: what any list matcher must at least do;
* **check**: what ``unspin check --jsonl`` does per document (detect + score, a chunk
  of ``jsonl.CHUNK`` documents at a time, their tagging batched);
* **clean**: what ``unspin clean --jsonl`` does per document (detect + repair);
* **naive**: the full spaCy pipeline over every document (on the first ``--naive-mb``
  of each corpus: it is two orders of magnitude slower);
* **start-up** (fresh interpreter: import, compiled lists from the cache, the tagger: the small model run with numpy from the cache),
  and **peak memory** of ``unspin check --stream`` / ``clean --stream`` runs as
  separate processes (resident set size, from ``wait4``).

The limit, check and clean are timed in turn on each 2 MB slice of the corpus, so that
a drift in the machine's speed (large on a shared virtual machine) affects them alike.
It prints one table, the ratios and whether each target of issue 6 is met.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from unspin.cli import command_environment  # noqa: E402

command_environment()  # the in-process runs stand for `unspin check`: the same BLAS threads, set before numpy loads

import corpus as corpus_mod  # noqa: E402

TARGETS = {"check_clean_vs_limit": 3.0, "check_spun_vs_limit": 10.0, "clean_vs_check": 2.0, "startup_s": 1.5,
           "stream_peak_mb": 500.0}


def load_docs(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh]


def timed(fn, docs) -> tuple[float, object]:
    """(seconds, what ``fn`` returned)."""
    t = time.perf_counter()
    out = fn(docs)
    return time.perf_counter() - t, out


# ------------------------------------------------------------------ the runs

class Limit:
    """Bare scans of every spun form (not the allow-list) over the lower-cased text."""

    def __init__(self, engine):
        import ahocorasick
        import ahocorasick_rs

        self.forms = sorted(p for p, (entries, _) in zip(engine.index.patterns, engine.index.slots) if entries)
        self.rs = ahocorasick_rs.AhoCorasick(self.forms)
        self.py = ahocorasick.Automaton()
        for i, f in enumerate(self.forms):
            self.py.add_word(f, i)
        self.py.make_automaton()

    def run_rs(self, ds) -> int:
        return sum(len(self.rs.find_matches_as_indexes(d.lower(), overlapping=True)) for d in ds)

    def run_py(self, ds) -> int:
        n = 0
        for d in ds:
            for _ in self.py.iter(d.lower()):
                n += 1
        return n


SLICE_BYTES = 2 * 2**20


def slices(docs, size: int = SLICE_BYTES):
    """The documents in runs of about ``size`` bytes of UTF-8 (the last may be shorter;
    ``docs`` may be endless)."""
    out, n = [], 0
    for d in docs:
        out.append(d)
        n += len(d.encode("utf-8"))
        if n >= size:
            yield out
            out, n = [], 0
    if out:
        yield out


def interleaved(engine, limit: Limit, docs, *, clean: bool = True) -> dict:
    """Time the limit scans, ``check`` and ``clean`` slice by slice, in turn, so that all
    of them see the same machine: on a shared virtual machine the speed of the processor
    drifts by a factor of two within minutes, and runs timed one after the other would
    compare different machines."""
    t = {"ahocorasick_rs": 0.0, "pyahocorasick": 0.0, "check": 0.0, "clean": 0.0}
    matches = {"ahocorasick_rs": 0, "pyahocorasick": 0}
    runs = {"ahocorasick_rs": limit.run_rs, "pyahocorasick": limit.run_py, "check": check_docs(engine),
            "clean": clean_docs(engine) if clean else None}
    for part in slices(docs):
        for name, fn in runs.items():
            if fn is None:
                continue
            sec, out = timed(fn, part)
            t[name] += sec
            if name in matches:
                matches[name] += out
    t["limit"] = min(t["ahocorasick_rs"], t["pyahocorasick"])
    t["forms"] = len(limit.forms)
    # the two scans must agree, or one of them is not the same job
    t["matches"] = matches
    return t


def check_docs(engine):
    """Detect and score every document, in the chunks (``jsonl.CHUNK``) in which ``unspin
    check --jsonl`` reads records (the sentences a chunk needs tagged go to spaCy together)."""
    from unspin.documents import analyse_many
    from unspin.jsonl import CHUNK

    def run(ds):
        for i in range(0, len(ds), CHUNK):
            analyse_many(engine, ds[i:i + CHUNK])
    return run


def clean_docs(engine):
    """``check_docs`` and then the repair of every document, as ``unspin clean --jsonl`` does."""
    from unspin.documents import analyse_many, repair
    from unspin.jsonl import CHUNK

    def run(ds):
        for i in range(0, len(ds), CHUNK):
            chunk = ds[i:i + CHUNK]
            for d, a in zip(chunk, analyse_many(engine, chunk)):
                repair(engine, d, analysis=a)
    return run


def naive_time(docs, mb: float) -> tuple[float, int, int]:
    """Full spaCy pipeline over the first ``mb`` MB of documents: (seconds, words, bytes)."""
    from unspin.nlp import load_model

    nlp = load_model()
    sample = next(slices(docs, int(mb * 2**20)), [])
    size = sum(len(d.encode("utf-8")) for d in sample)
    t = time.perf_counter()
    for _ in nlp.pipe(sample, batch_size=64):
        pass
    return time.perf_counter() - t, sum(len(d.split()) for d in sample), size


STARTUP = r"""
import json, time
t0 = time.perf_counter()
import unspin
t1 = time.perf_counter()
engine = unspin.Unspinner()
t2 = time.perf_counter()
from unspin.nlp import tagger
tagger()
t3 = time.perf_counter()
engine.detect("A first sentence with pores and skin.")
t4 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "lists": t2 - t1, "model": t3 - t2, "first": t4 - t3}))
"""


def startup(runs: int = 5) -> dict:
    best = None
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", STARTUP], capture_output=True, text=True, check=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        if best is None or sum(r.values()) < sum(best.values()):
            best = r
    return best


def measured_run(args: list[str], stdout=subprocess.DEVNULL, warm: bool = True) -> tuple[float, float, int]:
    """(seconds, peak resident MB, exit code) of a command run as its own process.

    ``warm``: first run the command on a one-line file, so that a list edited since the
    last run is compiled there (compiling imports spaCy: hundreds of MB that a run with
    the compiled-list cache never needs) and not in the measured run."""
    if warm:
        tiny = Path(tempfile.gettempdir()) / "unspin-bench-warm.txt"
        tiny.write_text("Dry pores and skin.\n", encoding="utf-8")
        subprocess.run([sys.executable, "-m", "unspin", "check", "--stream", "--no-config", str(tiny)],
                       capture_output=True)
    t = time.perf_counter()
    proc = subprocess.Popen(args, stdout=stdout, stderr=subprocess.PIPE)
    # The kernel's high-water mark of the process's own memory (VmHWM, reset at exec). The
    # ru_maxrss that wait4 reports would include this (large) benchmark process, which the
    # child is forked from.
    peak_kb = 0
    status_file = f"/proc/{proc.pid}/status"
    while proc.poll() is None:
        try:
            with open(status_file) as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        peak_kb = max(peak_kb, int(line.split()[1]))
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    elapsed = time.perf_counter() - t
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"benchmark: {' '.join(args)} failed ({proc.returncode}): {err.strip()}")
    return elapsed, peak_kb / 1024, proc.returncode


def articles(size_mb: float) -> list[str]:
    """The project's own clean web articles (test cases), repeated up to ``size_mb``."""
    path = HERE.parent / "tests" / "cases" / "clean-articles.jsonl"
    if size_mb <= 0 or not path.exists():
        return []
    return next(slices(itertools.cycle(load_docs(path)), int(size_mb * 2**20)))


def big_file(src: Path, target: Path, mb: float) -> Path:
    """``src`` repeated up to ``mb`` MB (the corpus is already shuffled; repetition is fine)."""
    want = int(mb * 2**20)
    if target.exists() and target.stat().st_size >= want:
        return target
    data = src.read_bytes()
    with open(target, "wb") as fh:
        written = 0
        while written < want:
            piece = data[:want - written]
            fh.write(piece)
            written += len(piece)
    return target


# ------------------------------------------------------------------ report

def sizes(docs) -> tuple[int, int]:
    """(words, UTF-8 bytes) of the documents."""
    return sum(len(d.split()) for d in docs), sum(len(d.encode("utf-8")) for d in docs)


def mb(n: int) -> float:
    return n / 2**20


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="unspin speed benchmark (prints a table)")
    ap.add_argument("--clean-mb", type=float, default=40.0, help="clean prose to generate (MB)")
    ap.add_argument("--spun-mb", type=float, default=10.0, help="spun prose to generate (MB)")
    ap.add_argument("--naive-mb", type=float, default=0.5, help="prose the full spaCy pipeline runs over (MB)")
    ap.add_argument("--stream-mb", type=float, default=0.0,
                    help="also stream a file of this size through `unspin check --stream` (e.g. 1024)")
    ap.add_argument("--articles-mb", type=float, default=4.0,
                    help="clean web articles (tests/cases/clean-articles.jsonl, repeated) to check (MB)")
    ap.add_argument("--quick", action="store_true", help="a small run (2 MB + 2 MB) to try the script")
    ap.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "unspin-bench"),
                    help="where the corpus is written (reused when it is already there)")
    ap.add_argument("--json", dest="json_out", default=None, help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    if args.quick:
        args.clean_mb, args.spun_mb, args.naive_mb, args.articles_mb = 2.0, 2.0, 0.2, 0.5

    import unspin

    from unspin.nlp import tagger

    engine = unspin.Unspinner()  # compiles the lists into the cache if they changed: the runs below load them
    tagger()  # loaded before timing: its load time is reported under start-up
    folder = Path(args.dir)
    print(f"corpus: generating in {folder} ...", file=sys.stderr, flush=True)
    sents = corpus_mod.sentences(engine)
    paths = {}
    for kind, size in (("clean", args.clean_mb), ("spun", args.spun_mb)):
        paths[kind] = corpus_mod.write_kind(sents, folder, kind, size)
    rows, fig = [], {"machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                                 "cpu": platform.processor() or platform.machine()}}

    st = startup()
    fig["startup"] = st
    print(f"start-up: {st}", file=sys.stderr, flush=True)

    limit = Limit(engine)
    for kind in ("clean", "spun"):
        docs = load_docs(paths[kind]["jsonl"])
        words, size = sizes(docs)
        print(f"{kind}: {len(docs):,} documents, {words:,} words, {mb(size):.1f} MB", file=sys.stderr, flush=True)
        lim = interleaved(engine, limit, docs)
        t_check, t_clean = lim["check"], lim["clean"]
        t_naive, n_words, n_bytes = naive_time(docs, args.naive_mb)
        fig[kind] = {"documents": len(docs), "words": words, "bytes": size, "limit": lim, "check": t_check,
                     "clean": t_clean, "naive": {"seconds": t_naive, "words": n_words, "bytes": n_bytes}}
        for name, t, w, b in (("limit: ahocorasick_rs", lim["ahocorasick_rs"], words, size),
                              ("limit: pyahocorasick", lim["pyahocorasick"], words, size),
                              ("unspin check", t_check, words, size), ("unspin clean", t_clean, words, size),
                              ("naive: full spaCy", t_naive, n_words, n_bytes)):
            rows.append((kind, name, w / t, mb(b) / t, t / (lim["limit"] * b / size) if "limit" not in name
                         else t / lim["limit"]))
        # the command itself, as a separate process, streaming the plain-text file
        txt = paths[kind]["txt"]
        sec, peak, _ = measured_run([sys.executable, "-m", "unspin", "check", "--stream", "--no-config",
                                     "--format", "json", str(txt)])
        fig[kind]["cli_check_stream"] = {"seconds": sec, "peak_mb": peak}
        rows.append((kind, "`unspin check --stream` (process)", words / sec, mb(size) / sec, None, peak))
        out = folder / f"{kind}.cleaned.txt"
        sec, peak, _ = measured_run([sys.executable, "-m", "unspin", "clean", "--stream", "-q", "-o", str(out),
                                     str(txt)])
        fig[kind]["cli_clean_stream"] = {"seconds": sec, "peak_mb": peak}
        rows.append((kind, "`unspin clean --stream` (process)", words / sec, mb(size) / sec, None, peak))

    # Real prose for comparison: the generated clean corpus packs a candidate into every
    # sentence; human articles (our own, kept as test cases) hold far fewer.
    docs = articles(args.articles_mb)
    if docs:
        words, size = sizes(docs)
        lim = interleaved(engine, limit, docs, clean=False)
        t_check = lim["check"]
        fig["articles"] = {"documents": len(docs), "words": words, "bytes": size, "limit": lim, "check": t_check}
        rows.append(("articles", "limit: ahocorasick_rs", words / lim["ahocorasick_rs"],
                     mb(size) / lim["ahocorasick_rs"], lim["ahocorasick_rs"] / lim["limit"]))
        rows.append(("articles", "unspin check", words / t_check, mb(size) / t_check, t_check / lim["limit"]))

    if args.stream_mb:
        big = big_file(paths["clean"]["txt"], folder / f"big-{int(args.stream_mb)}mb.txt", args.stream_mb)
        size = big.stat().st_size
        print(f"streaming {mb(size):.0f} MB ...", file=sys.stderr, flush=True)
        sec, peak, _ = measured_run([sys.executable, "-m", "unspin", "check", "--stream", "--no-config",
                                     "--format", "json", str(big)])
        words = int(fig["clean"]["words"] * size / fig["clean"]["bytes"])
        fig["big_stream"] = {"bytes": size, "seconds": sec, "peak_mb": peak}
        rows.append((f"{mb(size):.0f} MB", "`unspin check --stream` (process)", words / sec, mb(size) / sec, None,
                     peak))

    print_table(fig, rows)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(fig, indent=1))
    return 0


def print_table(fig, rows) -> None:
    st = fig["startup"]
    print(f"\nunspin benchmark: {fig['machine']['cores']} cores, Python {fig['machine']['python']}, "
          f"clean {mb(fig['clean']['bytes']):.1f} MB / spun {mb(fig['spun']['bytes']):.1f} MB "
          f"({fig['clean']['words']:,} / {fig['spun']['words']:,} words)\n")
    print(f"| {'text':<8} | {'run':<36} | {'words/s':>11} | {'MB/s':>7} | {'x limit time':>12} | {'peak MB':>7} |")
    print(f"|{'-' * 10}|{'-' * 38}|{'-' * 13}|{'-' * 9}|{'-' * 14}|{'-' * 9}|")
    for row in rows:
        kind, name, wps, mbs, ratio = row[:5]
        peak = f"{row[5]:.0f}" if len(row) > 5 else ""
        r = f"{ratio:.1f}" if ratio is not None else ""
        print(f"| {kind:<8} | {name:<36} | {wps:>11,.0f} | {mbs:>7.2f} | {r:>12} | {peak:>7} |")
    print(f"\nstart-up (fresh process, best of 5): import {st['import']:.2f} s, lists {st['lists']:.2f} s "
          f"(compiled-list cache), tagger {st['model']:.2f} s; total {sum(st.values()):.2f} s")
    c, s = fig["clean"], fig["spun"]

    def wps(k, t):
        return fig[k]["words"] / t

    ratios = {
        "check_clean_vs_limit": c["check"] / c["limit"]["limit"],
        "check_spun_vs_limit": s["check"] / s["limit"]["limit"],
        "clean_vs_check": max(c["clean"] / c["check"], s["clean"] / s["check"]),
        "startup_s": st["import"] + st["lists"] + st["model"],
        "stream_peak_mb": max(x[f"cli_{m}_stream"]["peak_mb"] for x in (c, s) for m in ("check", "clean")),
    }
    if "big_stream" in fig:
        ratios["stream_peak_mb"] = max(ratios["stream_peak_mb"], fig["big_stream"]["peak_mb"])
    naive_clean = c["naive"]["words"] / c["naive"]["seconds"]
    naive_spun = s["naive"]["words"] / s["naive"]["seconds"]
    print(f"\nunspin/naive speed-up: check clean {wps('clean', c['check']) / naive_clean:.0f}x, "
          f"check spun {wps('spun', s['check']) / naive_spun:.1f}x faster than the full spaCy pipeline")
    labels = {"check_clean_vs_limit": "check, clean text: time / limit time",
              "check_spun_vs_limit": "check, spun text: time / limit time",
              "clean_vs_check": "clean time / check time (worse of the two)",
              "startup_s": "start-up: import + lists + tagger, s",
              "stream_peak_mb": "peak memory streaming a file, MB"}
    print(f"\n| {'target':<48} | {'measured':>8} | {'target':>6} | {'':<4} |")
    print(f"|{'-' * 50}|{'-' * 10}|{'-' * 8}|{'-' * 6}|")
    for k, v in ratios.items():
        ok = "met" if v <= TARGETS[k] else "MISS"
        print(f"| {labels[k]:<48} | {v:>8.2f} | {TARGETS[k]:>6} | {ok:<4} |")
    for k in ("clean", "spun"):
        m = fig[k]["limit"]["matches"]
        agree = "" if m["ahocorasick_rs"] == m["pyahocorasick"] else "  (the two scans DISAGREE)"
        print(f"bare scans over {k} text: {fig[k]['limit']['forms']:,} forms, {m['ahocorasick_rs']:,} matches "
              f"(ahocorasick_rs) / {m['pyahocorasick']:,} (pyahocorasick){agree}")
    if "articles" in fig:
        a = fig["articles"]
        print(f"\nfor comparison, not a target: check on clean web articles ({a['documents']:,} documents, the "
              f"project's own test cases repeated) takes {a['check'] / a['limit']['limit']:.1f}x the limit time")
    if "big_stream" not in fig:
        print("\n(the 1 GB streaming figure needs --stream-mb 1024)")
    fig["ratios"] = ratios


if __name__ == "__main__":
    sys.exit(main())
