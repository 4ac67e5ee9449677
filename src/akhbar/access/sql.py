"""Read-only SQL over a published release's DuckDB file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from akhbar.errors import QueryError
from akhbar.package.descriptor import DESCRIPTOR, read_descriptor
from akhbar.package.versioning import is_version, parse_version

# Statement types that only read. Everything else (INSERT, CREATE, COPY ... TO, ATTACH, SET ...) is refused.
READ_ONLY_STATEMENTS = {"SELECT", "EXPLAIN", "PRAGMA"}


@dataclass(frozen=True)
class QueryResult:
    """Column names and rows of a query."""

    columns: list[str]
    rows: list[tuple[Any, ...]]


def version_key(version: str) -> tuple[int, int, int]:
    """Sort key of a semantic version string (VersionError if it is not one)."""
    v = parse_version(version)
    return v.major, v.minor, v.patch


def list_releases(dist_dir: Path, name: str) -> list[Path]:
    """Published release folders of a package, oldest version first."""
    parent = Path(dist_dir) / name
    if not parent.is_dir():
        return []
    found = [p for p in parent.iterdir() if p.is_dir() and is_version(p.name) and (p / DESCRIPTOR).is_file()]
    return sorted(found, key=lambda p: version_key(p.name))


def latest_release(dist_dir: Path, name: str) -> Path:
    """The newest published release of a package, or QueryError if there is none."""
    releases = list_releases(dist_dir, name)
    if not releases:
        raise QueryError(f"no release of {name!r} under {dist_dir}: run `akhbar build` first")
    return releases[-1]


def project_release(release_dir: Path | None, project: Path) -> Path:
    """``release_dir`` when given, else the newest release under ``<project>/dist``."""
    if release_dir is not None:
        return Path(release_dir)
    root = Path(project).resolve()
    return latest_release(root / "dist", read_descriptor(root).name)


def database_path(release_dir: Path) -> Path:
    """The DuckDB file of a release, named in its datapackage.json."""
    desc = read_descriptor(release_dir, strict=False)
    return Path(release_dir) / (desc.duckdb.path if desc.duckdb else f"{desc.name}.duckdb")


def scalar(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    """The first column of the first row of a query that always returns one row (a count, an aggregate)."""
    row = con.execute(sql).fetchone()
    if row is None:
        raise QueryError(f"query returned no row: {sql}")
    return row[0]


def check_read_only(con: duckdb.DuckDBPyConnection, query: str) -> None:
    """Refuse any statement that is not a plain read."""
    try:
        statements = con.extract_statements(query)
    except duckdb.Error as exc:
        raise QueryError(f"SQL error: {exc}") from exc
    if not statements:
        raise QueryError("empty query")
    for stmt in statements:
        kind = stmt.type.name
        if kind not in READ_ONLY_STATEMENTS:
            raise QueryError(f"refused: {kind} statements are not allowed; releases are read-only (use SELECT)")


def query(release_dir: Path, sql: str) -> QueryResult:
    """Run a read-only query on a release's DuckDB file."""
    db = database_path(release_dir)
    if not db.is_file():
        raise QueryError(f"{db}: database file missing")
    # read_only protects the file; no external access stops COPY TO / reading other files.
    con = duckdb.connect(str(db), read_only=True, config={"enable_external_access": False})
    try:
        check_read_only(con, sql)
        try:
            cur = con.execute(sql)
            columns = [d[0] for d in cur.description or []]
            return QueryResult(columns=columns, rows=cur.fetchall())
        except duckdb.Error as exc:
            raise QueryError(f"SQL error: {exc}") from exc
    finally:
        con.close()
