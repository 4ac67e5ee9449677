"""Prove that the working tree builds the same tables as an earlier revision, row for row, on the same corpora.

A refactor must not change what a user sees. This script checks out ``--base`` beside this checkout (a
temporary ``git worktree``), runs each tree's in-process pipeline (no validation, no publish) in a fresh child
process with that tree's own ``src/`` on the path, over the same input folders, writes each tree's tables as
Parquet in a temporary folder and compares them table by table: rows added, removed and changed by the primary
key of ``schemas/<table>.schema.json``, rows that differ as whole rows, and row order, with a few examples of
each. It exits 1 when anything differs, 2 when a tree could not build a corpus, 0 when every table is equal.

Corpora (``--corpus``, repeatable; default all three, saudinewsnet only when present):
    seeds         raw/ of this checkout (both revisions read the same folder)
    generated     benchmarks/make_corpus.py, --articles articles (default 2000), seed 1
    saudinewsnet  /work/shared/corpora/saudinewsnet/*.zip converted to a raw folder (title line + content,
                  outlet/url/date in sources.csv), without the records the ingest would refuse; --limit N keeps
                  the first N records for a quick run

    python benchmarks/equivalence.py --base 8800457
    python benchmarks/equivalence.py --base main~1 --corpus seeds --corpus saudinewsnet --limit 2000
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent
SAUDINEWSNET = Path("/work/shared/corpora/saudinewsnet")
CORPORA = ("seeds", "generated", "saudinewsnet")
N_EXAMPLES = 3

# Runs in the child: the in-process pipeline of the project at ROOT (its own src/ first on the path) over one
# raw folder, each table written as Parquet to OUT. The layout by stage came with 151b414; before it, flat modules.
CHILD = """
import json, sys
from pathlib import Path
try:
    from akhbar.corpus.ingest import IngestError, plan_inputs
    from akhbar.pipeline.runner import Project, run_pipeline
except ImportError:
    from akhbar.ingest import IngestError, plan_inputs
    from akhbar.runner import Project, run_pipeline
import pyarrow.parquet as pq
import akhbar
root, raw, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
if not Path(akhbar.__file__).resolve().is_relative_to(root.resolve()):
    sys.exit(f"akhbar imported from {akhbar.__file__}, not from {root}/src")
try:
    tables = run_pipeline(Project.load(root), plan_inputs(raw))
except IngestError as exc:
    sys.exit(f"{len(exc.problems)} input problem(s), first: {exc.problems[0]}")
out.mkdir(parents=True, exist_ok=True)
for name, table in tables.items():
    pq.write_table(table, out / f"{name}.parquet")
print(json.dumps({name: table.num_rows for name, table in tables.items()}))
"""


class BuildError(Exception):
    """A tree failed to build a corpus (its child process exited non-zero)."""


@dataclass
class TableDiff:
    """How one table of the working tree differs from the base revision's."""

    name: str
    base_rows: int
    head_rows: int
    key: list[str]
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    added: int = 0
    removed: int = 0
    changed: int = 0
    rows_only_base: int = 0  # whole rows (all columns) in the base table and not in the working tree's
    rows_only_head: int = 0
    order_differs: bool = False
    examples: dict[str, list[str]] = field(default_factory=dict)

    @property
    def equal(self) -> bool:
        """True when the two tables hold the same columns and rows in the same order."""
        return not (
            self.columns_added
            or self.columns_removed
            or self.added
            or self.removed
            or self.changed
            or self.rows_only_base
            or self.rows_only_head
            or self.order_differs
        )


def normalise(value: Any) -> Any:
    """A hashable, comparable form of one cell: missing values as None, arrays as tuples."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()  # numpy scalars and arrays (Parquet list columns) to Python values
    if isinstance(value, (list, tuple)):
        return tuple(normalise(v) for v in value)
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def row_tuples(frame: pd.DataFrame, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    """Each row of ``frame`` restricted to ``columns``, as a tuple of normalised cells."""
    cols = [[normalise(v) for v in frame[c].tolist()] for c in columns]
    return list(zip(*cols)) if cols else [() for _ in range(len(frame))]


def _short(value: Any, width: int = 80) -> str:
    """A cell for an example line: its repr, cut to ``width`` characters."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def compare_tables(name: str, base: pd.DataFrame, head: pd.DataFrame, key: Sequence[str]) -> TableDiff:
    """Rows added, removed and changed by ``key``, whole-row and order differences between two frames."""
    key = [k for k in key if k in base.columns and k in head.columns]
    diff = TableDiff(name, len(base), len(head), list(key))
    diff.columns_added = [c for c in head.columns if c not in base.columns]
    diff.columns_removed = [c for c in base.columns if c not in head.columns]
    common = [c for c in base.columns if c in head.columns]
    base_rows, head_rows = row_tuples(base, common), row_tuples(head, common)

    # whole rows, as multisets: catches any change, also in a table whose key is missing or not unique
    base_count, head_count = Counter(base_rows), Counter(head_rows)
    only_base, only_head = base_count - head_count, head_count - base_count
    diff.rows_only_base, diff.rows_only_head = sum(only_base.values()), sum(only_head.values())
    if not diff.rows_only_base and not diff.rows_only_head and base_rows != head_rows:
        diff.order_differs = True

    positions = [common.index(k) for k in key]
    base_keys = [tuple(r[i] for i in positions) for r in base_rows]
    head_keys = [tuple(r[i] for i in positions) for r in head_rows]
    if key and len(set(base_keys)) == len(base_keys) and len(set(head_keys)) == len(head_keys):
        base_by_key, head_by_key = dict(zip(base_keys, base_rows)), dict(zip(head_keys, head_rows))
        added = [k for k in head_keys if k not in base_by_key]
        removed = [k for k in base_keys if k not in head_by_key]
        changed = [k for k in base_keys if k in head_by_key and base_by_key[k] != head_by_key[k]]
        diff.added, diff.removed, diff.changed = len(added), len(removed), len(changed)
        diff.examples["added"] = [_row_line(common, head_by_key[k]) for k in added[:N_EXAMPLES]]
        diff.examples["removed"] = [_row_line(common, base_by_key[k]) for k in removed[:N_EXAMPLES]]
        diff.examples["changed"] = [
            _change_line(common, key, base_by_key[k], head_by_key[k]) for k in changed[:N_EXAMPLES]
        ]
    else:  # no usable key: whole rows are all there is to report
        diff.added, diff.removed = diff.rows_only_head, diff.rows_only_base
        diff.examples["added"] = [_row_line(common, r) for r in list(only_head)[:N_EXAMPLES]]
        diff.examples["removed"] = [_row_line(common, r) for r in list(only_base)[:N_EXAMPLES]]
    if diff.order_differs:
        first = next(i for i, (b, h) in enumerate(zip(base_rows, head_rows)) if b != h)
        diff.examples["order"] = [f"row {first}: base {_row_line(common, base_rows[first])}"]
    diff.examples = {kind: lines for kind, lines in diff.examples.items() if lines}
    return diff


def _row_line(columns: Sequence[str], row: tuple[Any, ...]) -> str:
    """One row as ``col=value`` pairs."""
    return ", ".join(f"{c}={_short(v, 60)}" for c, v in zip(columns, row))


def _change_line(columns: Sequence[str], key: Sequence[str], base: tuple[Any, ...], head: tuple[Any, ...]) -> str:
    """The key of a changed row and each differing column as ``base -> head``."""
    ident = ", ".join(f"{k}={base[columns.index(k)]!r}" for k in key)
    changes = "; ".join(f"{c}: {_short(b)} -> {_short(h)}" for c, b, h in zip(columns, base, head) if b != h)
    return f"{ident}: {changes}"


def primary_keys(tree: Path) -> dict[str, list[str]]:
    """Primary key of each table declared in the tree's schemas/ folder."""
    keys = {}
    for path in sorted((tree / "schemas").glob("*.schema.json")):
        pk = json.loads(path.read_text(encoding="utf-8")).get("primaryKey", [])
        keys[path.name.removesuffix(".schema.json")] = [pk] if isinstance(pk, str) else list(pk)
    return keys


# --- corpora ---


def _arabic_checks() -> Any:
    """The working tree's decode_article (whichever layout it has), which says what the ingest refuses."""
    sys.path.insert(0, str(PROJECT_ROOT / "src"))
    try:
        from akhbar.corpus.ingest import decode_article
    except ImportError:
        from akhbar.ingest import decode_article  # type: ignore[no-redef]
    return decode_article


def saudinewsnet_records(folder: Path) -> Iterator[dict[str, Any]]:
    """Every record of every zip in ``folder`` (one JSON array per member), in file and array order."""
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as zf:
            for member in sorted(zf.namelist()):
                yield from json.loads(zf.read(member))


def feed_to_raw(records: Iterator[dict[str, Any]], target: Path, limit: int | None = None) -> tuple[Path, int, int]:
    """Write feed records as a raw folder (title line + content, sources.csv); return it, kept and dropped counts.

    Records the ingest would refuse (empty, not mainly Arabic, the same bytes as an earlier one) are left out,
    so that both revisions build the same articles.
    """
    decode_article = _arabic_checks()
    raw = target / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    sources = io.StringIO()
    writer = csv.writer(sources, lineterminator="\n")
    writer.writerow(["file", "outlet", "url", "published"])
    seen: set[str] = set()
    kept = dropped = 0
    for n, rec in enumerate(records):
        if limit is not None and n >= limit:
            break
        title, content = (rec.get("title") or "").strip(), (rec.get("content") or "").strip()
        data = "\n".join(p for p in (title, content) if p).encode("utf-8") + b"\n"
        digest = hashlib.sha256(data).hexdigest()
        name = f"snn{n:06d}.txt"
        if digest in seen or not isinstance(decode_article(name, data), str):
            dropped += 1
            continue
        seen.add(digest)
        (raw / name).write_bytes(data)
        published = (rec.get("date_extracted") or "")[:10]
        writer.writerow([name, rec.get("source") or "", rec.get("url") or "", published])
        kept += 1
    (raw / "sources.csv").write_text(sources.getvalue(), encoding="utf-8")
    return raw, kept, dropped


def prepare_corpus(name: str, tmp: Path, articles: int, limit: int | None) -> tuple[Path, str]:
    """The raw folder of one corpus and a line describing it."""
    if name == "seeds":
        raw = PROJECT_ROOT / "raw"
        return raw, f"seeds: {len(list(raw.glob('*.txt')))} articles from {raw}"
    if name == "generated":
        sys.path.insert(0, str(PROJECT_ROOT / "src"))
        sys.path.insert(0, str(HERE))
        from make_corpus import make_corpus

        raw, n_bytes = make_corpus(articles, tmp / "generated", seed=1)
        return raw, f"generated: {articles} articles, seed 1, {n_bytes / 1e6:.1f} MB"
    raw, kept, dropped = feed_to_raw(saudinewsnet_records(SAUDINEWSNET), tmp / "saudinewsnet", limit)
    return raw, f"saudinewsnet: {kept} articles ({dropped} records dropped as the ingest would refuse them)"


# --- runs ---


def build_tables(tree: Path, raw: Path, out: Path) -> dict[str, pd.DataFrame]:
    """Run the pipeline of ``tree`` over ``raw`` in a fresh process; its tables read back from Parquet."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(tree), str(raw), str(out)], env=env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise BuildError(f"{tree}: pipeline failed on {raw}: {last}")
    names = json.loads(proc.stdout.strip().splitlines()[-1])
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in names}


def compare_builds(
    base: dict[str, pd.DataFrame], head: dict[str, pd.DataFrame], keys: dict[str, list[str]]
) -> tuple[list[TableDiff], list[str]]:
    """Diff of every table both builds have; names of tables only one of them has."""
    missing = [f"{n} (base only)" for n in base if n not in head] + [
        f"{n} (working tree only)" for n in head if n not in base
    ]
    diffs = [compare_tables(n, base[n], head[n], keys.get(n, [])) for n in base if n in head]
    return diffs, missing


def report(corpus: str, diffs: list[TableDiff], missing: list[str]) -> str:
    """A Markdown table of the differences per table, then examples of each kind of difference."""
    lines = [
        f"| {corpus} | rows base | rows tree | added | removed | changed | whole rows differing | order | result |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for d in diffs:
        whole = f"{d.rows_only_base} / {d.rows_only_head}"
        order = "differs" if d.order_differs else "same"
        result = "IDENTICAL" if d.equal else "DIFFERS"
        lines.append(
            f"| {d.name} | {d.base_rows} | {d.head_rows} | {d.added} | {d.removed} | {d.changed} | {whole} | {order} | {result} |"
        )
    for name in missing:
        lines.append(f"table {name}: DIFFERS")
    for d in diffs:
        if d.columns_added or d.columns_removed:
            lines.append(f"{d.name}: columns added {d.columns_added}, removed {d.columns_removed}")
        for kind, examples in d.examples.items():
            lines.append(f"{d.name}, {kind}:")
            lines.extend(f"    {e}" for e in examples)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, build both trees on each corpus, print the comparison; 1 when anything differs."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="git revision to compare with (e.g. a commit, main~3)")
    parser.add_argument("--corpus", action="append", choices=CORPORA, help="corpus to build (repeatable)")
    parser.add_argument("--articles", type=int, default=2000, help="articles in the generated corpus")
    parser.add_argument("--limit", type=int, help="keep only the first N saudinewsnet records")
    args = parser.parse_args(argv)
    corpora = args.corpus or [c for c in CORPORA if c != "saudinewsnet" or SAUDINEWSNET.is_dir()]
    if "saudinewsnet" in corpora and not SAUDINEWSNET.is_dir():
        parser.error(f"{SAUDINEWSNET} not found: leave out --corpus saudinewsnet")
    differs = False
    sys.path.insert(0, str(HERE))  # the benchmarks folder is no package
    from ab import base_worktree

    with tempfile.TemporaryDirectory(prefix="akhbar-equivalence-") as tmp_name:
        tmp = Path(tmp_name)
        with base_worktree(args.base, tmp / "base") as base_tree:
            for corpus in corpora:
                raw, description = prepare_corpus(corpus, tmp, args.articles, args.limit)
                print(f"\n{description}", flush=True)
                try:
                    base = build_tables(base_tree, raw, tmp / "out" / corpus / "base")
                    head = build_tables(PROJECT_ROOT, raw, tmp / "out" / corpus / "head")
                except BuildError as exc:
                    print(f"error: {exc}", file=sys.stderr)
                    return 2
                diffs, missing = compare_builds(base, head, primary_keys(PROJECT_ROOT))
                print(report(f"{corpus} vs {args.base}", diffs, missing), flush=True)
                differs = differs or bool(missing) or not all(d.equal for d in diffs)
    print("\nDIFFERENCES FOUND" if differs else "\nall tables identical")
    return 1 if differs else 0


if __name__ == "__main__":
    sys.exit(main())
