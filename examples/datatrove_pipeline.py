"""Filter and repair a JSON Lines corpus with datatrove: drop what is beyond repair,
repair the rest, write JSON Lines.

    python examples/datatrove_pipeline.py IN_FOLDER OUT_FOLDER [--tasks 4] [--workers 2]

IN_FOLDER holds ``*.jsonl`` (or ``*.jsonl.gz``) files of records with "text" and "id";
OUT_FOLDER receives the kept documents, repaired, with ``metadata.unspin`` (score,
verdict, findings, changes); documents dropped as spun go to OUT_FOLDER/removed/.
The same pipeline runs on Slurm or Ray by swapping the executor.
"""
import argparse

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from unspin.integrations.datatrove import UnspinFilter, UnspinFormatter


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--tasks", type=int, default=4)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--max-score", type=float, default=0.95,
                    help="drop documents whose spin score is at least this (default 0.95)")
    ap.add_argument("--logs", default=None, help="datatrove logging folder (default: OUTPUT/logs)")
    args = ap.parse_args(argv)
    pipeline = [
        JsonlReader(args.input, glob_pattern="*.jsonl*"),
        UnspinFilter(fail_on="never", min_score=args.max_score,
                     exclusion_writer=JsonlWriter(f"{args.output}/removed", compression=None)),
        UnspinFormatter(),
        JsonlWriter(args.output, output_filename="${rank}.jsonl", compression=None),
    ]
    LocalPipelineExecutor(pipeline=pipeline, tasks=args.tasks, workers=args.workers,
                          logging_dir=args.logs or f"{args.output}/logs").run()


if __name__ == "__main__":
    main()
