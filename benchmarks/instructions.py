"""Compare the work of this checkout's whole pipeline with an earlier revision's by counted CPU instructions.

On a shared 2-core machine, run-to-run CPU time of one revision moves by ±15-30% (see ``ab.py``), more than a
round of speed work gains. Instructions counted by valgrind (``cachegrind``, no cache simulation) do not move with
the load: the same run counts the same to about 0.1% (start-up and hash seeds). This script runs ab.py's child
(the in-process pipeline: corpus pass, every per-article stage, the tables) under valgrind for both trees on two
generated corpora and prints the instructions per 1,000 articles from the difference between them, so what every
process pays once (imports, loading the model and gazetteer) cancels out. The ratio base / this checkout reads like
ab.py's speed-up (above 1 is faster); it counts work, not time, so memory stalls and I/O are not in it.

    python benchmarks/instructions.py --base 1fdb130                 # 500 and 1,500 articles, ~10 min on 2 cores
    python benchmarks/instructions.py --base main~3 --small 200 --large 600

Needs valgrind on the PATH (Debian: apt-get install valgrind).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from ab import CHILD, PROJECT_ROOT, base_worktree  # noqa: E402
from make_corpus import make_corpus  # noqa: E402

_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(tree: Path, raw: Path, out: Path) -> int:
    """Instructions of one pipeline run of the project in ``tree`` over ``raw``, counted by valgrind."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "PYTHONHASHSEED": "0"}
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={out}"]
    done = subprocess.run(
        [*command, sys.executable, "-c", CHILD, str(tree), str(raw), "cpu", "1"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    found = _REFS.search(done.stderr)
    if found is None:
        raise RuntimeError(f"valgrind printed no instruction count:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, check out the base beside this checkout, count both on both corpora, print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="git revision to compare with (e.g. a commit, main~3)")
    parser.add_argument("--small", type=int, default=500, help="articles in the smaller corpus")
    parser.add_argument("--large", type=int, default=1500, help="articles in the larger corpus")
    parser.add_argument("--jobs", type=int, default=2, help="valgrind runs at once")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        parser.error("valgrind is not on the PATH (Debian: apt-get install valgrind)")
    if not 0 < args.small < args.large:
        parser.error("--small must be positive and below --large")
    with (
        tempfile.TemporaryDirectory(prefix="akhbar-instructions-") as tmp,
        base_worktree(args.base, Path(tmp) / "base") as base_tree,
    ):
        work = Path(tmp)
        corpora = {n: make_corpus(n, work / f"corpus-{n}", seed=1) for n in (args.small, args.large)}
        runs = [(label, tree, n) for label, tree in (("base", base_tree), ("head", PROJECT_ROOT)) for n in corpora]
        with ThreadPoolExecutor(args.jobs) as pool:
            counts = dict(
                zip(
                    [(label, n) for label, _, n in runs],
                    pool.map(lambda r: instructions(r[1], corpora[r[2]][0], work / f"{r[0]}-{r[2]}.cg"), runs),
                    strict=True,
                )
            )
    extra = args.large - args.small
    mb = (corpora[args.large][1] - corpora[args.small][1]) / 1e6
    per = {
        label: (counts[(label, args.large)] - counts[(label, args.small)]) / extra * 1000 for label in ("base", "head")
    }
    print(
        f"valgrind instruction counts, whole pipeline; {args.small} and {args.large} generated articles (base = {args.base})\n"
    )
    print(
        "| tree | run, small corpus | run, large corpus | per 1,000 articles | per MB of raw text |\n|---|---:|---:|---:|---:|"
    )
    for label in ("base", "head"):
        small, large = counts[(label, args.small)], counts[(label, args.large)]
        print(
            f"| {label} | {small / 1e9:.2f}G | {large / 1e9:.2f}G | {per[label] / 1e9:.2f}G | {per[label] * extra / 1000 / mb / 1e9:.2f}G |"
        )
    print(
        f"\nbase / this checkout, per article: {per['base'] / per['head']:.3f}x (above 1: this checkout does less work)"
    )


if __name__ == "__main__":
    main()
