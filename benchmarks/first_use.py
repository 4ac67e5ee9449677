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
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, generate the corpus when none is given, run the passes, print a table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", type=Path, default=HERE.parent, help="project tree to run (default: this checkout)")
    parser.add_argument("--corpus", type=Path, help="raw folder to run on (default: generate --articles articles)")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))  # the benchmarks folder is no package
    from ab import STAGES, run_passes
    from make_corpus import make_corpus

    with tempfile.TemporaryDirectory(prefix="akhbar-first-use-") as tmp:
        raw = args.corpus
        if raw is None:
            raw, _ = make_corpus(args.articles, Path(tmp) / "corpus", seed=1)
        runs = run_passes(args.tree, Path(raw), cpu=True, passes=args.passes)
    print(f"CPU seconds per stage, {args.passes} passes in one process ({args.tree})\n")
    print("| pass | " + " | ".join(STAGES) + " | extraction |\n|---|" + "---:|" * (len(STAGES) + 1))
    for n, run in enumerate(runs, 1):
        cells = [run.get(s, 0.0) for s in STAGES]
        print(f"| {n} | " + " | ".join(f"{c:.2f}" for c in cells) + f" | {sum(cells):.2f} |")


if __name__ == "__main__":
    main()
