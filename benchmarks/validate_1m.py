"""Benchmark: validate a synthetic release with a 1,000,000-row figures table; print each engine's time.

    python benchmarks/validate_1m.py [--rows 1000000] [--per-article 100] [--keep DIR]

The release is written with akhbar.package.release from the project's schemas/articles.schema.json and
schemas/figures.schema.json (or a built-in figures schema when the project's has other columns), then
validated the way `akhbar build` does it: `validate_release` with GX in its own process beside the
other engines. Writing the release is not timed. Every offset is real (body[start:end] == surface).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from akhbar.package.release import write_release_files  # noqa: E402
from akhbar.package.schema import TableSchema, load_schema  # noqa: E402

FIGURE_COLUMNS = [
    "figure_id",
    "article_id",
    "field",
    "start",
    "end",
    "surface",
    "value",
    "unit",
    "kind",
    "approx",
    "approx_direction",
    "equivalent_of",
]
BUILTIN_FIGURES = {
    "fields": [
        {
            "name": "figure_id",
            "type": "string",
            "constraints": {
                "required": True,
                "unique": True,
                "pattern": "[A-Za-z0-9][A-Za-z0-9_.-]*-f(?:[0-9]{4,}|t[0-9]{2,})",
            },
        },
        {"name": "article_id", "type": "string", "constraints": {"required": True}},
        {"name": "field", "type": "string", "constraints": {"required": True, "enum": ["title", "body"]}},
        {"name": "start", "type": "integer", "constraints": {"required": True, "minimum": 0}},
        {"name": "end", "type": "integer", "constraints": {"required": True, "minimum": 1}},
        {"name": "surface", "type": "string", "constraints": {"required": True, "minLength": 1}},
        {"name": "value", "type": "number", "constraints": {"minimum": 0}},
        {"name": "unit", "type": "string", "constraints": {}},
        {
            "name": "kind",
            "type": "string",
            "constraints": {"required": True, "enum": ["money", "percent", "count", "quantity"]},
        },
        {"name": "approx", "type": "boolean", "constraints": {"required": True}},
        {
            "name": "approx_direction",
            "type": "string",
            "constraints": {"enum": ["about", "over", "under", "at_least", "at_most"]},
        },
        {
            "name": "equivalent_of",
            "type": "string",
            "constraints": {"pattern": "[A-Za-z0-9][A-Za-z0-9_.-]*-f(?:[0-9]{4,}|t[0-9]{2,})"},
        },
    ],
    "primaryKey": ["figure_id"],
    "foreignKeys": [
        {"fields": "article_id", "reference": {"resource": "articles", "fields": "article_id"}},
        {"fields": "equivalent_of", "reference": {"resource": "", "fields": "figure_id"}},
    ],
    "missingValues": [""],
}
# (surface template, value scale, unit, kind): one sentence per figure
FORMS = [
    ("{n} مليار دولار", 1e9, "USD", "money"),
    ("{n} في المائة", 1.0, "percent", "percent"),
    ("{n} ألف قطار", 1e3, "قطار", "count"),
    ("{n} كيلومتر", 1.0, "km", "quantity"),
    ("{n} مليون يوان", 1e6, "CNY", "money"),
]


def schemas() -> dict[str, TableSchema]:
    """The project's articles schema and its figures schema (or the built-in one)."""
    articles = load_schema(ROOT / "schemas" / "articles.schema.json")
    path = ROOT / "schemas" / "figures.schema.json"
    figures = load_schema(path) if path.is_file() else None
    if figures is None or figures.field_names != FIGURE_COLUMNS:
        figures = TableSchema("figures", BUILTIN_FIGURES)
    return {"articles": articles, "figures": figures}


def synthesize(rows: int, per_article: int) -> dict[str, pa.Table]:
    """Articles whose bodies hold `per_article` figure sentences each, and the matching figures table."""
    n_articles = -(-rows // per_article)
    art = {
        c: []
        for c in (
            "article_id",
            "source_path",
            "sha256",
            "title",
            "body",
            "lang",
            "n_chars",
            "n_words",
            "published",
            "outlet",
            "url",
        )
    }
    fig = {c: [] for c in FIGURE_COLUMNS}
    made = 0
    for a in range(n_articles):
        aid = f"{a:06d}_synthetic"
        parts, pos = [], 0
        count = min(per_article, rows - made)
        for k in range(count):
            template, scale, unit, kind = FORMS[(a + k) % len(FORMS)]
            number = (a * 7 + k * 13) % 997 + 1
            surface = template.format(n=number)
            lead = "وقال المسؤول إن القيمة بلغت "
            start = pos + len(lead)
            parts.append(f"{lead}{surface} هذا العام.\n")
            pos += len(parts[-1])
            fig["figure_id"].append(f"{aid}-f{k + 1:04d}")
            fig["article_id"].append(aid)
            fig["field"].append("body")
            fig["start"].append(start)
            fig["end"].append(start + len(surface))
            fig["surface"].append(surface)
            fig["value"].append(number * scale)
            fig["unit"].append(unit)
            fig["kind"].append(kind)
            fig["approx"].append(k % 3 == 0)
            fig["approx_direction"].append("about" if k % 3 == 0 else None)
            fig["equivalent_of"].append(f"{aid}-f{k:04d}" if kind == "money" and k > 0 and k % 10 == 4 else None)
        made += count
        body = "".join(parts).rstrip("\n")
        art["article_id"].append(aid)
        art["source_path"].append(f"{aid}.txt")
        art["sha256"].append(hashlib.sha256(aid.encode()).hexdigest())
        art["title"].append("عنوان تجريبي")
        art["body"].append(body)
        art["lang"].append("ar")
        art["n_chars"].append(len(body))
        art["n_words"].append(len(body.split()))
        art["published"].append(None)
        art["outlet"].append(None)
        art["url"].append(None)
    s = schemas()
    return {
        "articles": pa.Table.from_pydict(art, schema=s["articles"].arrow_schema()),
        "figures": pa.Table.from_pydict(fig, schema=s["figures"].arrow_schema()),
    }


def main() -> None:
    """Write the synthetic release, validate it, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--per-article", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="write the release here and keep it (default: a temporary folder)")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="akhbar-validate-1m-"))
    release = work / "release"
    if release.exists():
        shutil.rmtree(release)
    started = time.perf_counter()
    tables = synthesize(args.rows, args.per_article)
    descriptor = {
        "name": "akhbar-bench",
        "version": "0.0.1",
        "resources": [{"name": n, "title": n, "description": f"synthetic {n}"} for n in tables],
    }
    write_release_files(release, descriptor, schemas(), tables)
    sizes = {p.name: p.stat().st_size for p in (release / "data").iterdir()}
    print(
        f"release written in {time.perf_counter() - started:.1f}s (not timed): "
        f"{tables['articles'].num_rows:,} articles, {tables['figures'].num_rows:,} figures; "
        + ", ".join(f"{k} {v / 1e6:.0f} MB" for k, v in sorted(sizes.items())),
        flush=True,
    )
    del tables

    from akhbar.validate import validate_release  # GX is not imported here: it runs in its own process

    cpu = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    load = os.getloadavg()[0]
    started = time.perf_counter()
    report = validate_release(release, project_root=ROOT, out_dir=release / "validation")  # as `akhbar build` does
    total = time.perf_counter() - started
    spent = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    main_cpu, gx_cpu = ((b.ru_utime + b.ru_stime) - (a.ru_utime + a.ru_stime) for a, b in zip(cpu, spent))
    for e in report.engines:
        print(f"  {e.engine:<13} {e.seconds:6.2f} s  {e.checks:4d} checks  {e.note}")
    print(f"  {'total (wall)':<13} {total:6.2f} s  valid={report.ok}")
    print(
        f"  cpu: main process {main_cpu:.2f} s, GX process {gx_cpu:.2f} s; load average before: {load:.2f} on {os.cpu_count()} CPUs"
    )
    if not report.ok:
        print(json.dumps(report.to_dict()["failures"], ensure_ascii=False, indent=1)[:3000])
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
