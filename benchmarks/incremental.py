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

``--saudinewsnet [PATH]`` measures on SaudiNewsNet instead (its daily zips read as feeds, as
``akhbar build --raw DIR --fields body=content,outlet=source,published=date_extracted --skip-bad`` does): the old
corpus is every zip but the last 300 records of the final day (that day's zip rewritten without them), the grown
one all of them; skipped with a message where the corpus is absent. There the cold build runs first, so that the
full build and the rebuild run back to back. ``--profile FILE`` writes the cProfile statistics of the rebuild run
once more, after the timed one, from a copy of the cache as the timed one found it.

    python benchmarks/incremental.py --articles 10000 --rounds 2
    python benchmarks/incremental.py --saudinewsnet --rounds 1 --profile /tmp/rebuild.prof
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
import zipfile
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SAUDINEWSNET = PROJECT_ROOT.parent / "shared" / "corpora" / "saudinewsnet"
# SaudiNewsNet's field names for the article's (the build command)
SNN_FIELDS = {"body": "content", "outlet": "source", "published": "date_extracted"}
SNN_ADDED = 300
STAGES = ("read", "articles", "mentions", "figures", "quotes", "cache", "entities")

CHILD = """
import cProfile, json, resource, sys, time
from pathlib import Path
from rich.console import Console
import io
from akhbar.corpus.feeds import FeedOptions
from akhbar.pipeline.build import build
from akhbar.validate import check_release
project, raw, out, cache, fields, profile = sys.argv[1:7]
stats = {}
def check(root):
    started = time.perf_counter()
    check_release(root, project_root=Path(project), cache_dir=None if cache == "-" else Path(cache))
    stats["validate"] = time.perf_counter() - started
feeds = FeedOptions(fields=json.loads(fields), skip_bad=True) if fields != "-" else None
profiler = cProfile.Profile() if profile != "-" else None
def cpu_seconds():
    # this process and its waited-for children (the GX validation process)
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
started, cpu = time.perf_counter(), cpu_seconds()
if profiler:
    profiler.enable()
build(Path(project), Path(raw), Path(out), console=Console(file=io.StringIO()), stats=stats, check=check,
      cache_dir=None if cache == "-" else Path(cache), feeds=feeds)
if profiler:
    profiler.disable()
    profiler.dump_stats(profile)
stats["wall_build"] = time.perf_counter() - started
stats["cpu_build"] = cpu_seconds() - cpu
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


def snn_corpora(corpus: Path, work: Path, added: int = SNN_ADDED) -> tuple[Path, Path, int]:
    """Write ``work/old`` (SaudiNewsNet but the last ``added`` records of its final day) and ``work/all`` (all of it)."""
    zips = sorted(corpus.glob("*.zip"))
    old, grown = work / "old", work / "all"
    old.mkdir()
    grown.mkdir()
    for path in zips:
        shutil.copyfile(path, grown / path.name)
        if path != zips[-1]:
            shutil.copyfile(path, old / path.name)
    with zipfile.ZipFile(zips[-1]) as source, zipfile.ZipFile(old / zips[-1].name, "w", zipfile.ZIP_DEFLATED) as out:
        (member,) = source.namelist()
        records = json.loads(source.read(member))
        # the same member name and record numbers: the old records keep their article ids and source paths
        out.writestr(member, json.dumps(records[:-added], ensure_ascii=False))
    return old, grown, added


def build(
    raw: Path, out: Path, cache: Path | None, fields: dict[str, str] | None = None, profile: Path | None = None
) -> dict[str, float]:
    """One build in a fresh process: its statistics, and its wall time as seen from outside (start-up included).

    ``fields`` reads the raw folder as feeds with that field mapping, skipping bad records; ``profile`` receives
    the build's cProfile statistics.
    """
    started = time.perf_counter()
    args = [str(raw), str(out), str(cache) if cache else "-", json.dumps(fields) if fields else "-"]
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(PROJECT_ROOT), *args, str(profile) if profile else "-"],
        check=False,
        capture_output=True,
        text=True,
    )
    # the last line holding the statistics (a library may have written to stdout without ending its line)
    found = [x[x.index("RESULT ") :] for x in done.stdout.splitlines() if "RESULT " in x]
    if done.returncode or not found:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-30:])
        raise SystemExit(f"the build of {raw} exited with {done.returncode} without its statistics:\n{tail}")
    stats: dict[str, float] = json.loads(found[-1].removeprefix("RESULT "))
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


def round_once(
    old: Path,
    grown: Path,
    work: Path,
    i: int,
    fields: dict[str, str] | None = None,
    profile: Path | None = None,
) -> dict[str, Any]:
    """One round: full (no cache), cold (old articles, empty cache), rebuild (all articles, that cache).

    With ``fields`` (feeds) the cold build runs first, so that the full build and the rebuild run back to back.
    """
    cache = work / f"cache{i}"

    def full_build() -> dict[str, float]:
        log(f"round {i}: full build, no cache")
        return build(grown, work / f"full{i}", None, fields)

    def cold_build() -> dict[str, float]:
        log(f"round {i}: cold build of the old articles into an empty cache")
        return build(old, work / f"cold{i}", cache, fields)

    if fields:
        cold = cold_build()
        full = full_build()
    else:
        full = full_build()
        cold = cold_build()
    if profile:  # profiled on a copy of the cache as it is now, after the rebuild that is timed
        shutil.copytree(cache, work / f"cache{i}-profile")
    log(f"round {i}: rebuild with the new articles")
    rebuild = build(grown, work / f"rebuild{i}", cache, fields)
    if profile:
        log(f"round {i}: the rebuild again, profiled, into {profile}")
        build(grown, work / f"profiled{i}", work / f"cache{i}-profile", fields, profile)
        shutil.rmtree(work / f"profiled{i}")
        shutil.rmtree(work / f"cache{i}-profile")
    differ = differences(work / f"full{i}", work / f"rebuild{i}")
    cache_mb = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) / 1e6
    for name in ("full", "cold", "rebuild"):
        shutil.rmtree(work / f"{name}{i}")
    return {"full": full, "cold": cold, "rebuild": rebuild, "differ": differ, "cache_mb": cache_mb}


def row(name: str, runs: list[dict[str, float]]) -> str:
    """A table row of median seconds per stage."""

    def med(key: str) -> float:
        return statistics.median(r.get(key, 0.0) for r in runs)

    cells = [med("wall_process"), med("wall_build"), med("cpu_build"), med("wall_plan"), med("wall_pipeline")]
    cells += [med("wall_publish"), med("validate"), med("corpus_survey")]
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
    parser.add_argument(
        "--saudinewsnet",
        type=Path,
        nargs="?",
        const=SAUDINEWSNET,
        help=f"measure on SaudiNewsNet's zips (default {SAUDINEWSNET}) instead of a generated corpus",
    )
    parser.add_argument("--profile", type=Path, help="profile the (last) rebuild again, untimed, into this file")
    args = parser.parse_args(argv)
    if args.saudinewsnet and not any(args.saudinewsnet.glob("*.zip")):
        print(f"skipped: no SaudiNewsNet zips in {args.saudinewsnet} (the corpus is not on this machine)")
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="akhbar-incremental-"))
    work.mkdir(parents=True, exist_ok=True)
    fields = SNN_FIELDS if args.saudinewsnet else None
    try:
        if args.saudinewsnet:
            log(f"SaudiNewsNet from {args.saudinewsnet}, the last {SNN_ADDED} records of its final day new, in {work}")
            old, grown, added = snn_corpora(args.saudinewsnet, work)
            title = f"SaudiNewsNet ({args.saudinewsnet}), the last {added:,} records of the final day new"
        else:
            log(f"generating {args.articles:,} + {args.share:.0%} articles in {work}")
            old, grown, added = make_corpora(args.articles, args.share, work, args.seed)
            title = f"{args.articles:,} articles + {added:,} new"
        load = os.getloadavg()
        rounds = [round_once(old, grown, work, i, fields, args.profile) for i in range(args.rounds)]
        load_end = os.getloadavg()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"# Incremental rebuild: {title}, {args.rounds} round(s), medians")
    loads = " / ".join(", ".join(f"{x:.1f}" for x in la) for la in (load, load_end))
    print(f"\nload average (1, 5, 15 min) at start / end: {loads}; nproc = {os.cpu_count()}\n")
    header = ["process", "build()", "build() CPU†", "plan", "pipeline", "publish", "validate", "corpus survey*"]
    header += [*(f"{s}*" for s in STAGES), "hits / misses"]
    print("| run | " + " | ".join(header) + " |")
    print("|---|" + "---:|" * len(header))
    for name in ("full", "cold", "rebuild"):
        print(row(name, [r[name] for r in rounds]))
    print(
        "\n(`validate`: the three engines, part of `publish`, which also writes the files and renders the page;"
        " * seconds in that stage summed over batches; `cache` is key hashing, lookups, decoding and writes;"
        " hits / misses: cache entries, one per article (one per article and step before cache format 2);"
        " † user + system CPU seconds of the build's process and the GX process it waits for)\n"
    )
    for i, r in enumerate(rounds):
        full, rebuild, cold = r["full"], r["rebuild"], r["cold"]
        share = rebuild["wall_build"] / full["wall_build"]
        print(
            f"- round {i}: rebuild {rebuild['wall_build']:.1f} s = {share:.0%} of the full build"
            f" {full['wall_build']:.1f} s (process wall: {rebuild['wall_process'] / full['wall_process']:.0%};"
            f" CPU: {rebuild['cpu_build']:.1f} / {full['cpu_build']:.1f} s = {rebuild['cpu_build'] / full['cpu_build']:.0%});"
            f" publish is {rebuild['wall_publish'] / rebuild['wall_build']:.0%} of the rebuild;"
            f" cold build with the cache {cold['wall_build']:.1f} s (old articles only);"
            f" cache {r['cache_mb']:.0f} MB; files of the rebuild that differ from the full build's: {r['differ'] or 'none'}"
        )


if __name__ == "__main__":
    main()
