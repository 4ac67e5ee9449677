"""Incremental rebuilds: a full build against a rebuild after adding 1% new articles, with the extraction cache.

For each round, on a generated corpus (benchmarks/make_corpus.py) of N + 1% articles, the new 1% spread evenly
through the file order (so that every batch holds some and batch boundaries shift, as when real articles arrive):

1. *full*: build all N + 1% articles with the cache bypassed (what `akhbar build --no-cache` does);
2. *cold*: build the N old articles into an empty cache (the first build of a project: the cache's own cost);
3. *rebuild*: build all N + 1% articles again with that cache (only the new 1% are extracted).

Each build runs in a fresh process (the CLI's situation: no warm in-process caches) and is validated and published,
as `akhbar build` does. Prints seconds per stage and the rebuild's share of the full build (target <= 25%), and
checks that the rebuild's tables equal the full build's, byte for byte. Figures, not tests: other work on the
machine slows every figure; compare the runs of one round with each other only.

    python benchmarks/incremental.py --articles 10000 --rounds 2
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
STAGES = ("read", "articles", "mentions", "figures", "quotes", "cache", "entities")

CHILD = """
import json, sys, time
from pathlib import Path
from rich.console import Console
import io
from akhbar.pipeline.build import build
from akhbar.validate import check_release
project, raw, out, cache = sys.argv[1:5]
stats = {}
def check(root):
    started = time.perf_counter()
    check_release(root, project_root=Path(project))
    stats["validate"] = time.perf_counter() - started
started = time.perf_counter()
build(Path(project), Path(raw), Path(out), console=Console(file=io.StringIO()), stats=stats, check=check,
      cache_dir=None if cache == "-" else Path(cache))
stats["wall_build"] = time.perf_counter() - started
print("RESULT " + json.dumps(stats))
"""


def log(message: str) -> None:
    """Progress on stderr."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def make_corpora(n: int, share: float, work: Path, seed: int) -> tuple[Path, Path, int]:
    """Write ``work/old`` (n articles) and ``work/all`` (those plus the new share); return both and the count added."""
    added = max(1, round(n * share))
    subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "benchmarks" / "make_corpus.py"),
            str(n + added),
            str(work / "gen"),
            "--seed",
            str(seed),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    generated = work / "gen" / "raw"
    names = sorted(p.name for p in generated.glob("*.txt"))
    step = len(names) / added
    new = {names[int(i * step + step / 2)] for i in range(added)}  # spread through the file order
    lines = (generated / "sources.csv").read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    for folder, keep in (("all", lambda name: True), ("old", lambda name: name not in new)):
        raw = work / folder
        raw.mkdir()
        for name in names:
            if keep(name):
                os.link(generated / name, raw / name)
        kept = [row for row in rows if keep(row.split(",", 1)[0])]
        (raw / "sources.csv").write_text("\n".join([header, *kept]) + "\n", encoding="utf-8")
    return work / "old", work / "all", added


def build(raw: Path, out: Path, cache: Path | None) -> dict[str, float]:
    """One build in a fresh process: its statistics, and its wall time as seen from outside (start-up included)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(PROJECT_ROOT), str(raw), str(out), str(cache) if cache else "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    stats: dict[str, float] = json.loads(line.removeprefix("RESULT "))
    stats["wall_process"] = time.perf_counter() - started
    return stats


def differences(a: Path, b: Path) -> list[str]:
    """The data files (CSV, Parquet) of two releases that differ, and their descriptors if they differ but for the
    DuckDB file's size and hash (DuckDB salts its file header)."""
    from akhbar.package.descriptor import same_descriptor

    (ra,) = [p.parent for p in a.rglob("datapackage.json")]
    (rb,) = [p.parent for p in b.rglob("datapackage.json")]
    files = sorted(p.relative_to(ra) for p in ra.rglob("data/*"))
    differ = [str(f) for f in files if not (rb / f).is_file() or (ra / f).read_bytes() != (rb / f).read_bytes()]
    if not same_descriptor((ra / "datapackage.json").read_bytes(), (rb / "datapackage.json").read_bytes()):
        differ.append("datapackage.json")
    return differ


def round_once(old: Path, grown: Path, work: Path, i: int) -> dict[str, Any]:
    """One round: full (no cache), cold (old articles, empty cache), rebuild (all articles, that cache)."""
    cache = work / f"cache{i}"
    log(f"round {i}: full build, no cache")
    full = build(grown, work / f"full{i}", None)
    log(f"round {i}: cold build of the old articles into an empty cache")
    cold = build(old, work / f"cold{i}", cache)
    log(f"round {i}: rebuild with the new articles")
    rebuild = build(grown, work / f"rebuild{i}", cache)
    differ = differences(work / f"full{i}", work / f"rebuild{i}")
    cache_mb = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) / 1e6
    for name in ("full", "cold", "rebuild"):
        shutil.rmtree(work / f"{name}{i}")
    return {"full": full, "cold": cold, "rebuild": rebuild, "differ": differ, "cache_mb": cache_mb}


def row(name: str, runs: list[dict[str, float]]) -> str:
    """A table row of median seconds per stage."""

    def med(key: str) -> float:
        return statistics.median(r.get(key, 0.0) for r in runs)

    cells = [med("wall_process"), med("wall_build"), med("wall_pipeline"), med("wall_publish"), med("validate")]
    cells += [med(s) for s in STAGES]
    hits, misses = med("cache_hits"), med("cache_misses")
    return f"| {name} | " + " | ".join(f"{c:.2f}" for c in cells) + f" | {hits:,.0f} / {misses:,.0f} |"


def main(argv: list[str] | None = None) -> None:
    """Generate the corpora, run the rounds, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="old articles (the new ones are added to them)")
    parser.add_argument("--share", type=float, default=0.01, help="share of new articles (default 1%%)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="akhbar-incremental-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        log(f"generating {args.articles:,} + {args.share:.0%} articles in {work}")
        old, grown, added = make_corpora(args.articles, args.share, work, args.seed)
        load = os.getloadavg()[0]
        rounds = [round_once(old, grown, work, i) for i in range(args.rounds)]
        load_end = os.getloadavg()[0]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"# Incremental rebuild: {args.articles:,} articles + {added:,} new, {args.rounds} round(s), medians")
    print(f"\nload average (1 min) at start / end: {load:.1f} / {load_end:.1f}; nproc = {os.cpu_count()}\n")
    header = ["process", "build()", "pipeline", "publish", "validate", *(f"{s}*" for s in STAGES), "hits / misses"]
    print("| run | " + " | ".join(header) + " |")
    print("|---|" + "---:|" * len(header))
    for name in ("full", "cold", "rebuild"):
        print(row(name, [r[name] for r in rounds]))
    print(
        "\n(`validate`: the three engines, part of `publish`, which also writes the files and renders the page;"
        " * seconds in that stage summed over batches; `cache` is key hashing, lookups, decoding and writes)\n"
    )
    for i, r in enumerate(rounds):
        full, rebuild, cold = r["full"], r["rebuild"], r["cold"]
        share = rebuild["wall_build"] / full["wall_build"]
        print(
            f"- round {i}: rebuild {rebuild['wall_build']:.1f} s = {share:.0%} of the full build"
            f" {full['wall_build']:.1f} s (process wall: {rebuild['wall_process'] / full['wall_process']:.0%});"
            f" publish is {rebuild['wall_publish'] / rebuild['wall_build']:.0%} of the rebuild;"
            f" cold build with the cache {cold['wall_build']:.1f} s (old articles only);"
            f" cache {r['cache_mb']:.0f} MB; files of the rebuild that differ from the full build's: {r['differ'] or 'none'}"
        )


if __name__ == "__main__":
    main()
