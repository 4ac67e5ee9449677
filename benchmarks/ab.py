"""Compare the extraction speed of this checkout with an earlier revision, run after run on the same corpus.

A shared or virtual machine drifts by tens of percent within minutes, so absolute MB/s from different
moments do not compare. This script alternates the two versions (base, this checkout, base, ...) on one
corpus, each run in a fresh process, and prints each stage's MB/s of raw text per core for both and
their ratio, from the median of the rounds and from the best round of each (interference only slows a run).
Both versions run in-process (no Dask), with the same Python.

    python benchmarks/ab.py --base 2d8c47b                      # 2,000 generated articles, 3 rounds
    python benchmarks/ab.py --base main~5 --corpus /tmp/c/raw --rounds 5
    python benchmarks/ab.py --base main --cpu     # stages timed in CPU seconds of the process, not wall clock

On a machine shared with other work, ``--cpu`` gives steadier per-stage figures: the runner's stage clock
(``time.perf_counter`` in akhbar.pipeline.runner) is swapped for ``time.process_time`` in both children.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent
STAGES = ("read", "articles", "figures", "mentions", "quotes")

# Runs in the child: the pipeline of the project at ROOT (its own src/ first on the path) over one corpus, PASSES
# times in the one process (benchmarks/first_use.py runs several to see what the first pays once).
CHILD = """
import json, sys, time
from pathlib import Path
try:
    from akhbar.corpus.ingest import plan_inputs
    import akhbar.pipeline.runner as runner
except ImportError:  # revisions before the package was split into subpackages (first round, 1fdb130)
    from akhbar.ingest import plan_inputs
    import akhbar.runner as runner
Project, run_pipeline = runner.Project, runner.run_pipeline
root, raw, clock, passes = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
import akhbar
if clock == "cpu":  # the runner's stage clock counts this process's CPU time instead of wall time
    import types
    runner.time = types.SimpleNamespace(perf_counter=time.process_time)
assert Path(akhbar.__file__).resolve().is_relative_to(root.resolve()), akhbar.__file__
for _ in range(passes):
    timings = {}
    cpu = time.process_time()
    run_pipeline(Project.load(root), plan_inputs(raw), timings=timings)
    timings["cpu"] = time.process_time() - cpu
    print(json.dumps(timings))
"""


def run_passes(tree: Path, raw: Path, cpu: bool = False, passes: int = 1) -> list[dict[str, float]]:
    """``passes`` in-process pipeline runs of the project in ``tree`` in one fresh process; the seconds per stage
    (CPU seconds with ``cpu``) and raw bytes of each."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(tree), str(raw), "cpu" if cpu else "wall", str(passes)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return [json.loads(line) for line in out.stdout.strip().splitlines()[-passes:]]


def run_once(tree: Path, raw: Path, cpu: bool = False) -> dict[str, float]:
    """One in-process pipeline run of the project in ``tree`` in a fresh process (see ``run_passes``)."""
    return run_passes(tree, raw, cpu)[0]


def summarise(
    runs: list[dict[str, float]], pick: Callable[[list[float]], float] = statistics.median
) -> dict[str, float]:
    """MB/s per core of each stage and of all per-article stages together (``pick`` over runs: median or max)."""
    mb = runs[0]["raw_bytes"] / 1e6
    out = {s: pick([mb / r[s] for r in runs]) for s in STAGES if s in runs[0]}
    out["extraction"] = pick([mb / sum(r.get(s, 0.0) for s in STAGES) for r in runs])
    out["process CPU"] = pick([mb / r["cpu"] for r in runs])
    return out


@contextmanager
def base_worktree(revision: str, folder: Path) -> Iterator[Path]:
    """A detached git worktree of ``revision`` at ``folder`` (this repository's), removed when done."""
    subprocess.run(
        ["git", "-C", str(PROJECT_ROOT), "worktree", "add", "--detach", "-q", str(folder), revision], check=True
    )
    try:
        yield folder
    finally:
        subprocess.run(["git", "-C", str(PROJECT_ROOT), "worktree", "remove", "--force", str(folder)], check=False)


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, check out the base revision beside this one, alternate runs, print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="git revision to compare with (e.g. a commit, main~3)")
    parser.add_argument("--corpus", type=Path, help="raw folder to run on (default: generate --articles articles)")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cpu", action="store_true", help="time stages in process CPU seconds, not wall clock")
    args = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory(prefix="akhbar-ab-") as tmp,
        base_worktree(args.base, Path(tmp) / "base") as base_tree,
    ):
        raw = args.corpus
        if raw is None:
            sys.path.insert(0, str(HERE))
            from make_corpus import make_corpus

            raw, _ = make_corpus(args.articles, Path(tmp) / "corpus", seed=1)
        runs: dict[str, list[dict[str, float]]] = {"base": [], "head": []}
        for n in range(args.rounds):
            for label, tree in (("base", base_tree), ("head", PROJECT_ROOT)):
                runs[label].append(run_once(tree, Path(raw), args.cpu))
                print(f"round {n + 1}/{args.rounds} {label}: {runs[label][-1]['cpu']:.2f} s CPU", file=sys.stderr)
    base, head = summarise(runs["base"]), summarise(runs["head"])
    # Another process on the machine only ever slows a run down: the best round of each is the steadier estimate.
    base_best, head_best = summarise(runs["base"], max), summarise(runs["head"], max)
    mb = runs["head"][0]["raw_bytes"] / 1e6
    clock = "CPU time" if args.cpu else "wall clock"
    print(
        f"{mb:.1f} MB of raw text, {args.rounds} alternating rounds, MB/s per core by {clock}: median and best round "
        f"(base = {args.base})\n"
    )
    print(
        "| stage | base median | this checkout median | speed-up | base best | this checkout best | speed-up |\n"
        "|---|---:|---:|---:|---:|---:|---:|"
    )
    for stage in head:
        if stage in base:
            print(
                f"| {stage} | {base[stage]:.2f} | {head[stage]:.2f} | {head[stage] / base[stage]:.2f}x "
                f"| {base_best[stage]:.2f} | {head_best[stage]:.2f} | {head_best[stage] / base_best[stage]:.2f}x |"
            )


if __name__ == "__main__":
    main()
