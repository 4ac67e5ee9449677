"""The corpus pass on a real corpus: chrome and wire copies found per outlet, and the pass's share of the build.

Reads SaudiNewsNet in place (``/work/shared/corpora/saudinewsnet/*.zip``, one JSON array per member; skipped
with a message when absent), writes it as a raw folder in a temporary directory (title line + content,
outlet/url/date in sources.csv; every record kept, exact copies included, except those the ingest refuses as
unreadable: empty or not mainly Arabic), then runs one full ``akhbar.pipeline.build.build`` (extraction,
validation, publish) and prints:

- the corpus pass's time (the survey batches: read + fingerprint + MinHash; the driver's counting and LSH; the
  chrome stripping in the extraction batches) and its share of the whole build (target <= 10% at 31k);
- per outlet: articles, lines removed as chrome (and how many distinct lines), datelines moved out, exact and
  near copies;
- with ``--sample FILE``: 30 removed lines and 30 copy pairs drawn at random (seed 1) written to FILE (outside
  the repository: SaudiNewsNet is non-commercial, its texts are never committed) for reading by hand.

    PYTHONPATH=src python benchmarks/corpus_pass.py [--limit N] [--sample /tmp/spot.md]

Figures, not tests; on a shared machine they move with the load (the load average is printed).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent
SAUDINEWSNET = PROJECT_ROOT.parent / "shared" / "corpora" / "saudinewsnet"
PASS_STAGES = ("corpus_survey", "corpus_decide", "corpus_apply")
SAMPLE = 30


def records(folder: Path) -> Iterator[dict[str, Any]]:
    """Every record of every zip in ``folder`` (one JSON array per member), in file and array order."""
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as zf:
            for member in sorted(zf.namelist()):
                yield from json.loads(zf.read(member))


def to_raw(folder: Path, target: Path, limit: int | None) -> tuple[Path, int, int]:
    """Write the corpus as a raw folder; return it, the articles kept and the records the ingest would refuse."""
    from akhbar.corpus.ingest import decode_article

    raw = target / "raw"
    raw.mkdir(parents=True)
    sources = io.StringIO()
    writer = csv.writer(sources, lineterminator="\n")
    writer.writerow(["file", "outlet", "url", "published"])
    kept = dropped = 0
    for n, rec in enumerate(records(folder)):
        if limit is not None and n >= limit:
            break
        title, content = (rec.get("title") or "").strip(), (rec.get("content") or "").strip()
        data = "\n".join(p for p in (title, content) if p).encode("utf-8") + b"\n"
        name = f"snn{n:06d}.txt"
        if not isinstance(decode_article(name, data), str):
            dropped += 1
            continue
        (raw / name).write_bytes(data)
        writer.writerow([name, rec.get("source") or "", rec.get("url") or "", (rec.get("date_extracted") or "")[:10]])
        kept += 1
    (raw / "sources.csv").write_text(sources.getvalue(), encoding="utf-8")
    return raw, kept, dropped


PER_OUTLET = """
with r as (select article_id, count(*) as lines from removals group by all),
     d as (select outlet, count(distinct text) as distinct_lines from removals join articles using (article_id)
           group by all)
select coalesce(a.outlet, '(none)') as outlet, count(*) as articles,
       coalesce(sum(r.lines), 0) as removed_lines, count(r.lines) as articles_with_chrome,
       any_value(d.distinct_lines) as distinct_chrome,
       count(a.dateline) as datelines,
       count(*) filter (where a.similarity = 1) as exact_copies,
       count(*) filter (where a.similarity < 1) as near_copies
from articles a left join r using (article_id) left join d using (outlet)
group by all order by articles desc
"""


def outlet_table(con: duckdb.DuckDBPyConnection) -> str:
    """The per-outlet figures as a Markdown table."""
    rows = con.execute(PER_OUTLET).fetchall()
    head = "| outlet | articles | lines removed | articles with chrome | distinct chrome lines | datelines | exact copies | near copies |"
    out = [head, "|---|" + "---:|" * 7]
    out += ["| " + " | ".join(str(v if v is not None else 0) for v in row) + " |" for row in rows]
    totals = [sum(row[i] or 0 for row in rows) for i in range(1, 8)]
    out.append("| **all** | " + " | ".join(f"**{t}**" for t in totals) + " |")
    return "\n".join(out)


def write_sample(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """30 removed lines and 30 copy pairs, drawn with seed 1, as Markdown to read by hand."""
    rng = random.Random(1)
    removed = con.execute(
        "select r.article_id, r.line, r.position, r.n_articles, a.outlet, r.text from removals r "
        "join articles a using (article_id) order by r.article_id, r.line"
    ).fetchall()
    pairs = con.execute(
        "select c.article_id, c.duplicate_of, c.similarity, c.outlet, o.outlet, c.title, o.title, c.body, o.body "
        "from articles c join articles o on o.article_id = c.duplicate_of order by c.article_id"
    ).fetchall()
    out = ["# Spot check (not for the repository: SaudiNewsNet texts)", "", "## Removed lines", ""]
    for aid, line, pos, n, outlet, text in rng.sample(removed, min(SAMPLE, len(removed))):
        out.append(f"- {aid} line {line} ({pos}, {outlet}, in {n} articles): {text[:200]}")
    out += ["", "## Copy pairs", ""]
    for cid, oid, sim, co, oo, ct, ot, cb, ob in rng.sample(pairs, min(SAMPLE, len(pairs))):
        out += [f"### {cid} ({co}) -> {oid} ({oo}), similarity {sim}", f"- copy: {ct} | {cb[:300]}"]
        out += [f"- original: {ot} | {ob[:300]}", ""]
    path.write_text("\n".join(out), encoding="utf-8")


def main() -> None:
    """Build the corpus once and print the corpus pass's figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SAUDINEWSNET, help="folder of SaudiNewsNet zips")
    parser.add_argument("--limit", type=int, help="only the first N records")
    parser.add_argument("--sample", type=Path, help="write 30 removed lines and 30 copy pairs here (outside the repo)")
    parser.add_argument("--batch-size", type=int, default=256)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"skipped: {args.corpus} not found (the SaudiNewsNet zips are not on this machine)")
        return
    sys.path.insert(0, str(PROJECT_ROOT / "src"))
    from rich.console import Console

    from akhbar.pipeline.build import build
    from akhbar.validate import ValidationError, check_release

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        raw, kept, dropped = to_raw(args.corpus, Path(tmp), args.limit)
        print(
            f"corpus: {kept} articles from {args.corpus} ({dropped} records the ingest refuses left out), "
            f"written in {time.perf_counter() - started:.1f} s"
        )
        load = os.getloadavg()[0]
        stats: dict[str, float] = {}
        started = time.perf_counter()
        failures: list[str] = []

        def check(root: Path) -> None:
            """Validate as a build does, but publish anyway: the figures are about the corpus pass, not the gates."""
            try:
                check_release(root, project_root=PROJECT_ROOT)
            except ValidationError as exc:
                failures.extend(
                    f"{f.engine} {f.table} {f.rule} {f.column}: {f.count} rows" for f in exc.report.failures
                )

        release = build(
            PROJECT_ROOT,
            raw_dir=raw,
            out_dir=Path(tmp) / "dist",
            stats=stats,
            batch_size=args.batch_size,
            console=Console(stderr=True, quiet=True),
            check=check,
        )
        total = time.perf_counter() - started
        corpus = sum(stats.get(s, 0.0) for s in PASS_STAGES)
        print(f"load average (1 min) before / after: {load:.1f} / {os.getloadavg()[0]:.1f} (2 cores, shared)")
        print(f"full build (extract, validate, publish; in-process): {total:.1f} s")
        if failures:
            print(f"validation failed (published anyway for these figures): {'; '.join(failures)}")
        print(
            "corpus pass: "
            + ", ".join(f"{s} {stats.get(s, 0.0):.2f} s" for s in PASS_STAGES)
            + f"; together {corpus:.2f} s = **{corpus / total:.1%}** of the build (target <= 10%)"
        )
        other = {k: round(v, 2) for k, v in stats.items() if k not in PASS_STAGES and not k.endswith("bytes")}
        print(f"other stages (s): {other}")
        con = duckdb.connect(str(next(release.glob("*.duckdb"))), read_only=True)
        print()
        print(outlet_table(con))
        stories = con.execute("select count(*) filter (where duplicate_of is null), count(*) from articles").fetchone()
        print(f"\nstories (duplicate_of is null): {stories[0]} of {stories[1]} articles")
        if args.sample:
            write_sample(con, args.sample)
            print(f"spot-check sample written to {args.sample}")


if __name__ == "__main__":
    main()
