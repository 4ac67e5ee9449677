"""What changed between two releases: per table, rows added, removed and changed (by primary key, with the
changed columns), and the schema changes; rendered as JSON (diff.json) and Markdown (CHANGELOG.md).

Rows are compared inside DuckDB over each release's typed views (Parquet for akhbar releases, typed CSV for
any other data package), so a diff never loads a table into Python: only counts and a few sample keys are
fetched.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from akhbar.access.api import create_views, load_package, locate_release
from akhbar.access.quoting import ident as _ident
from akhbar.access.sql import scalar
from akhbar.package.versioning import Change, level_rank, required_bump, schema_changes

SAMPLE = 10
# Numeric DuckDB types compare by value across a retyping (3 = 3.0); other retyped columns compare as text.
_NUMERIC = re.compile(r"^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|FLOAT|DOUBLE|REAL|DECIMAL(\(.*\))?)$")


@dataclass
class TableDiff:
    """Differences of one table between two releases."""

    name: str
    status: str  # added, removed, changed, unchanged
    rows_old: int
    rows_new: int
    key: list[str]
    added: int = 0
    removed: int = 0
    changed: int | None = 0  # None: the table has no primary key, rows can only be added or removed
    changed_columns: dict[str, int] = field(default_factory=dict)
    samples: dict[str, list[Any]] = field(default_factory=dict)
    schema_changes: list[Change] = field(default_factory=list)


@dataclass
class ReleaseDiff:
    """Differences between two releases of a package, and the smallest version bump they allow."""

    name: str
    old_version: str
    new_version: str
    tables: list[TableDiff]
    changes: list[Change]

    @property
    def required(self) -> str:
        """The bump level the changes require (none, patch, minor, major)."""
        return required_bump(self.changes)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the release's diff.json)."""
        return {
            "name": self.name,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "required_bump": self.required,
            "changes": [c.to_dict() for c in self.changes],
            "tables": [asdict(t) for t in self.tables],
        }

    def to_json(self) -> str:
        """Stable JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, default=_json_default) + "\n"


def _json_default(value: Any) -> Any:
    """JSON form of the values DuckDB returns for keys."""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> dict[str, str]:
    """Column name -> DuckDB type of a view."""
    return {row[0]: row[1] for row in con.execute(f"DESCRIBE {relation}").fetchall()}


def _key_value(values: tuple[Any, ...]) -> Any:
    """A sample key: the value itself for a one-column key, else the list of values."""
    return values[0] if len(values) == 1 else list(values)


def diff_table(con: duckdb.DuckDBPyConnection, name: str, key: list[str], sample: int = SAMPLE) -> TableDiff:
    """Compare views old.<name> and new.<name> by ``key`` (or as multisets of rows when there is none)."""
    old_rel, new_rel = f"old.{_ident(name)}", f"new.{_ident(name)}"
    old_cols, new_cols = _columns(con, old_rel), _columns(con, new_rel)
    common = [c for c in new_cols if c in old_cols]
    rows_old = scalar(con, f"SELECT count(*) FROM {old_rel}")
    rows_new = scalar(con, f"SELECT count(*) FROM {new_rel}")
    diff = TableDiff(name=name, status="unchanged", rows_old=rows_old, rows_new=rows_new, key=key)
    if not key or not all(k in common for k in key):
        cols = ", ".join(_ident(c) for c in common) or "1"
        diff.added = scalar(
            con, f"SELECT count(*) FROM (SELECT {cols} FROM {new_rel} EXCEPT ALL SELECT {cols} FROM {old_rel})"
        )
        diff.removed = scalar(
            con, f"SELECT count(*) FROM (SELECT {cols} FROM {old_rel} EXCEPT ALL SELECT {cols} FROM {new_rel})"
        )
        diff.changed = None
    else:
        _diff_by_key(con, diff, old_rel, new_rel, common, old_cols, new_cols, sample)
    if diff.added or diff.removed or diff.changed or old_cols != new_cols:
        diff.status = "changed"
    return diff


def _diff_by_key(
    con: duckdb.DuckDBPyConnection,
    diff: TableDiff,
    old_rel: str,
    new_rel: str,
    common: list[str],
    old_cols: dict[str, str],
    new_cols: dict[str, str],
    sample: int,
) -> None:
    """Fill ``diff`` by a full outer join on the key; only flags and keys leave DuckDB."""
    idx = {c: i for i, c in enumerate(common)}
    o_sel = ", ".join(f"{_ident(c)} AS o{i}" for i, c in enumerate(common))
    n_sel = ", ".join(f"{_ident(c)} AS n{i}" for i, c in enumerate(common))
    on = " AND ".join(f"o.o{idx[k]} = n.n{idx[k]}" for k in diff.key)
    keys = ", ".join(f"coalesce(n.n{idx[k]}, o.o{idx[k]}) AS k{j}" for j, k in enumerate(diff.key))

    def distinct(c: str) -> str:
        i = idx[c]
        if old_cols[c] == new_cols[c] or (_NUMERIC.match(old_cols[c]) and _NUMERIC.match(new_cols[c])):
            return f"(o.o{i} IS DISTINCT FROM n.n{i})"
        return f"(CAST(o.o{i} AS VARCHAR) IS DISTINCT FROM CAST(n.n{i} AS VARCHAR))"

    flags = ", ".join(f"{distinct(c)} AS d{idx[c]}" for c in common)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _akhbar_diff AS SELECT {keys}, o.__p IS NOT NULL AS in_old, n.__p IS NOT NULL AS in_new, {flags} "
        f"FROM (SELECT {o_sel}, TRUE AS __p FROM {old_rel}) o FULL OUTER JOIN (SELECT {n_sel}, TRUE AS __p FROM {new_rel}) n ON {on}"
    )
    any_diff = " OR ".join(f"d{i}" for i in range(len(common)))
    per_col = ", ".join(f"count(*) FILTER (WHERE in_old AND in_new AND d{i})" for i in range(len(common)))
    row = con.execute(
        "SELECT count(*) FILTER (WHERE in_new AND NOT in_old), count(*) FILTER (WHERE in_old AND NOT in_new), "
        f"count(*) FILTER (WHERE in_old AND in_new AND ({any_diff})), {per_col} FROM _akhbar_diff"
    ).fetchone()
    assert row is not None  # an aggregate without GROUP BY returns one row
    diff.added, diff.removed, diff.changed = row[0], row[1], row[2]
    diff.changed_columns = {c: n for c, n in zip(common, row[3:]) if n}
    key_cols = ", ".join(f"k{j}" for j in range(len(diff.key)))
    for label, where in (("added", "in_new AND NOT in_old"), ("removed", "in_old AND NOT in_new")):
        rows = con.execute(
            f"SELECT {key_cols} FROM _akhbar_diff WHERE {where} ORDER BY {key_cols} LIMIT {sample}"
        ).fetchall()
        diff.samples[label] = [_key_value(r) for r in rows]
    dcols = ", ".join(f"d{i}" for i in range(len(common)))
    rows = con.execute(
        f"SELECT {key_cols}, {dcols} FROM _akhbar_diff WHERE in_old AND in_new AND ({any_diff}) ORDER BY {key_cols} LIMIT {sample}"
    ).fetchall()
    nk = len(diff.key)
    diff.samples["changed"] = [
        {"key": _key_value(r[:nk]), "columns": [c for c, flag in zip(common, r[nk:]) if flag]} for r in rows
    ]
    con.execute("DROP TABLE _akhbar_diff")


def _primary_key(resource: dict[str, Any]) -> list[str]:
    """The primary key of a resource's schema, as a list."""
    pk = (resource.get("schema") or {}).get("primaryKey") or []
    return [pk] if isinstance(pk, str) else list(pk)


def data_changes(tables: list[TableDiff]) -> list[Change]:
    """Changes the rows make: rows added need minor, rows corrected or removed need patch."""
    out = []
    for t in tables:
        if t.status in ("added", "removed"):
            continue  # counted as a resource change by the schema comparison
        if t.added:
            out.append(Change("minor", t.name, f"{t.added} row(s) added", kind="data"))
        if t.removed:
            out.append(Change("patch", t.name, f"{t.removed} row(s) removed", kind="data"))
        if t.changed:
            out.append(
                Change("patch", t.name, f"{t.changed} row(s) changed ({', '.join(t.changed_columns)})", kind="data")
            )
    return out


def diff_packages(old: Path, new: Path, sample: int = SAMPLE) -> ReleaseDiff:
    """Compare two local data packages (release folders or datapackage.json paths)."""
    old_desc, old_base = load_package(old)
    new_desc, new_base = load_package(new)
    con = duckdb.connect()
    try:
        create_views(con, old_desc, old_base, schema="old")
        create_views(con, new_desc, new_base, schema="new")
        changes = schema_changes(old_desc, new_desc)
        old_res = {r["name"]: r for r in old_desc.get("resources", [])}
        tables = []
        for res in new_desc.get("resources", []):
            name = res["name"]
            if name not in old_res:
                n = scalar(con, f"SELECT count(*) FROM new.{_ident(name)}")
                tables.append(TableDiff(name, "added", 0, n, _primary_key(res), added=n))
                continue
            t = diff_table(con, name, _primary_key(res), sample)
            t.schema_changes = [c for c in changes if c.table == name]
            if t.schema_changes:
                t.status = "changed"
            tables.append(t)
        for name, res in old_res.items():
            if name not in {r["name"] for r in new_desc.get("resources", [])}:
                n = scalar(con, f"SELECT count(*) FROM old.{_ident(name)}")
                tables.append(TableDiff(name, "removed", n, 0, _primary_key(res), removed=n))
    finally:
        con.close()
    changes = sorted(changes + data_changes(tables), key=lambda c: -level_rank(c.level))
    return ReleaseDiff(
        name=new_desc.get("name", ""),
        old_version=str(old_desc.get("version", "")),
        new_version=str(new_desc.get("version", "")),
        tables=tables,
        changes=changes,
    )


def diff_releases(
    old: str, new: str, project: Path | str = ".", cache_dir: Path | str | None = None, sample: int = SAMPLE
) -> ReleaseDiff:
    """Compare two releases, each given as a version (dist/ or the pull cache), a folder, a zip or a URL."""
    return diff_packages(
        locate_release(old, None, project, cache_dir), locate_release(new, None, project, cache_dir), sample
    )


def _fmt_key(key: Any) -> str:
    """A sample key for Markdown."""
    return "`" + (" / ".join(map(str, key)) if isinstance(key, list) else str(key)) + "`"


def render_markdown(diff: ReleaseDiff, heading: bool = True) -> str:
    """A human-readable summary of a diff (the CHANGELOG entry of a release)."""
    lines = []
    if heading:
        lines += [f"## {diff.name} {diff.new_version}", ""]
    lines += [f"Compared with {diff.old_version}: the changes require a **{diff.required}** version bump.", ""]
    lines += [
        "| table | status | rows (old → new) | added | removed | changed | changed columns |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in diff.tables:
        changed = "n/a" if t.changed is None else str(t.changed)
        cols = ", ".join(f"{c} ({n})" for c, n in t.changed_columns.items()) or "—"
        lines.append(
            f"| {t.name} | {t.status} | {t.rows_old} → {t.rows_new} | {t.added} | {t.removed} | {changed} | {cols} |"
        )
    structural = [c for c in diff.changes if c.kind != "data"]
    if structural:
        lines += ["", "Schema and metadata changes:", ""]
        lines += [f"- {c.level}: {(c.table + ': ') if c.table else ''}{c.message}" for c in structural]
    samples = []
    for t in diff.tables:
        parts = []
        for label in ("added", "removed"):
            if t.samples.get(label):
                parts.append(f"{label} " + ", ".join(_fmt_key(k) for k in t.samples[label]))
        if t.samples.get("changed"):
            parts.append(
                "changed "
                + ", ".join(f"{_fmt_key(s['key'])} ({', '.join(s['columns'])})" for s in t.samples["changed"])
            )
        if parts:
            samples.append(f"- {t.name}: " + "; ".join(parts))
    if samples:
        lines += ["", "Examples (first keys):", ""] + samples
    return "\n".join(lines) + "\n"
