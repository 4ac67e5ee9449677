"""Build the SaudiNewsNet corpus from its zips with one call, as `akhbar build --raw ... --skip-bad` does, and time it.

Prints: records planned and skipped (by problem), seconds to plan (read, parse and check every record on the
driver), to run the pipeline and to write, validate and publish, peak memory, and the validation outcome
(failed rules, if any). Reads ``../shared/corpora/saudinewsnet/`` in place; says so and exits 0 where absent.

    python benchmarks/feeds.py                    # all 18 days, 31,030 records, validated
    python benchmarks/feeds.py --days 2 --no-validate
"""

from __future__ import annotations

import argparse
import collections
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet"
# The documented mapping of SaudiNewsNet's fields (README: Feeds).
FIELDS = "body=content,outlet=source,published=date_extracted"


def main() -> int:
    """Run the build once and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--days", type=int, default=0, help="only the first N daily zips (0: all)")
    parser.add_argument("--no-validate", action="store_true", help="publish without the three validators")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"SaudiNewsNet not found at {args.corpus}: nothing to measure")
        return 0
    from rich.console import Console

    from akhbar.corpus.feeds import FeedOptions, parse_fields
    from akhbar.errors import AkhbarError
    from akhbar.pipeline.build import build

    with tempfile.TemporaryDirectory() as tmp:
        raw = args.corpus
        if args.days:
            raw = Path(tmp) / "raw"
            raw.mkdir()
            for zipped in sorted(args.corpus.glob("*.zip"))[: args.days]:
                (raw / zipped.name).symlink_to(zipped)
        stats: dict[str, float] = {}
        console = Console(stderr=True, quiet=True)
        options = FeedOptions(fields=parse_fields(FIELDS), skip_bad=True)
        started = time.perf_counter()
        outcome = "published and valid" if not args.no_validate else "published (not validated)"
        try:
            build(
                ROOT,
                raw_dir=raw,
                out_dir=Path(tmp) / "dist",
                console=console,
                stats=stats,
                feeds=options,
                validate=not args.no_validate,
            )
        except AkhbarError as exc:
            report = getattr(exc, "report", None)
            failures = (
                [f"{f.engine} {f.table} {f.rule} {f.column}: {f.count}" for f in report.failures] if report else []
            )
            outcome = "refused: " + "; ".join(failures or exc.lines())
        total = time.perf_counter() - started
        skipped = [p.read_text(encoding="utf-8") for p in (Path(tmp) / "dist").rglob("skipped.csv")]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {raw} ({'all' if not args.days else args.days} daily zips)")
    print(f"plan (read, parse, check every record): {stats.get('wall_plan', 0):.1f} s")
    print(f"pipeline (extract, tables): {stats.get('wall_pipeline', 0):.1f} s")
    print(f"write, validate, publish: {stats.get('wall_publish', 0):.1f} s")
    print(f"total: {total:.1f} s, peak RSS {peak_mb:.0f} MB")
    print(f"outcome: {outcome}")
    print(f"records planned: {stats.get('n_planned', 0):.0f}, skipped: {stats.get('n_skipped', 0):.0f}")
    if skipped:
        lines = skipped[0].splitlines()[1:]
        kinds = collections.Counter(re.sub(r"\d+%", "N%", line.split(",", 1)[1]) for line in lines)
        for kind, n in kinds.most_common():
            print(f"  {n:6d}  {kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
