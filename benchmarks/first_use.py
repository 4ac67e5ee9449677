"""How much of a pipeline run is first use: the same corpus run several times in one process, stage by stage.

A fresh process pays once for what later batches and runs reuse (the tagger's model and the score columns of each new
token type, the figure extractor's tables, the per-word plans and memos). ``benchmarks/ab.py`` runs each version once
per process, so on a small corpus those costs weigh more than on a large one. This script runs the in-process
pipeline (no Dask) of one tree ``--passes`` times over one corpus in a single child process and prints the CPU seconds
of each per-article stage per pass: the first pass less the later ones is the first-use cost.

    python benchmarks/first_use.py                                   # this checkout, 2,000 generated articles
    python benchmarks/first_use.py --tree /tmp/base --corpus /tmp/c/raw --passes 3
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Runs in the child: the pipeline of the project at ROOT (its own src/ first on the path), PASSES times.
CHILD = """
import json, sys, time, types
from pathlib import Path
try:
    from akhbar.corpus.ingest import plan_inputs
    import akhbar.pipeline.runner as runner
except ImportError:  # revisions before the package was split into subpackages (first round, 1fdb130)
    from akhbar.ingest import plan_inputs
    import akhbar.runner as runner
runner.time = types.SimpleNamespace(perf_counter=time.process_time)  # the stage clock counts CPU time
root, raw, passes = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
for _ in range(passes):
    timings = {}
    runner.run_pipeline(runner.Project.load(root), plan_inputs(raw), timings=timings)
    print(json.dumps(timings))
"""


def run_passes(tree: Path, raw: Path, passes: int) -> list[dict[str, float]]:
    """The stage timings (CPU seconds) of each of ``passes`` runs of the pipeline of ``tree`` in one process."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(tree), str(raw), str(passes)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return [json.loads(line) for line in out.stdout.strip().splitlines()[-passes:]]


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, generate the corpus when none is given, run the passes, print a table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", type=Path, default=HERE.parent, help="project tree to run (default: this checkout)")
    parser.add_argument("--corpus", type=Path, help="raw folder to run on (default: generate --articles articles)")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))  # the benchmarks folder is no package
    from ab import STAGES
    from make_corpus import make_corpus

    with tempfile.TemporaryDirectory(prefix="akhbar-first-use-") as tmp:
        raw = args.corpus
        if raw is None:
            raw, _ = make_corpus(args.articles, Path(tmp) / "corpus", seed=1)
        runs = run_passes(args.tree, Path(raw), args.passes)
    print(f"CPU seconds per stage, {args.passes} passes in one process ({args.tree})\n")
    print("| pass | " + " | ".join(STAGES) + " | extraction |\n|---|" + "---:|" * (len(STAGES) + 1))
    for n, run in enumerate(runs, 1):
        cells = [run.get(s, 0.0) for s in STAGES]
        print(f"| {n} | " + " | ".join(f"{c:.2f}" for c in cells) + f" | {sum(cells):.2f} |")


if __name__ == "__main__":
    main()
