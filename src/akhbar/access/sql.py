"""Read-only SQL over a published release's DuckDB file."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from akhbar.errors import QueryError
from akhbar.package.descriptor import DESCRIPTOR, read_descriptor
from akhbar.package.versioning import is_version, parse_version

# Statement types that only read. Everything else (INSERT, CREATE, COPY ... TO, ATTACH, SET ...) is refused.
READ_ONLY_STATEMENTS = {"SELECT", "EXPLAIN", "PRAGMA"}
# PRAGMAs that only report; any other (enable_profiling, force_checkpoint, threads=...) changes a setting or a file.
READ_ONLY_PRAGMAS = {
    "collations",
    "database_list",
    "database_size",
    "functions",
    "metadata_info",
    "platform",
    "show",
    "show_databases",
    "show_tables",
    "show_tables_expanded",
    "storage_info",
    "table_info",
    "user_agent",
    "version",
}
_PRAGMA_RE = re.compile(r"^\s*PRAGMA\s+([A-Za-z_][A-Za-z0-9_]*)\s*(=)?", re.IGNORECASE)
# How often a waiting query checks for Ctrl-C and its deadline.
_POLL_S = 0.05


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
    """Refuse anything but one plain read: writes, settings, PRAGMAs off the read-only list, several statements."""
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
        if kind == "PRAGMA":
            check_pragma(stmt.query)
    if len(statements) > 1:
        raise QueryError(f"refused: {len(statements)} statements in one query; run one statement per call")


def check_pragma(text: str) -> None:
    """Refuse a PRAGMA that is not on the read-only list or that assigns a value."""
    m = _PRAGMA_RE.match(text)
    name = m[1].lower() if m else "?"
    if m is None or m[2] or name not in READ_ONLY_PRAGMAS:
        allowed = ", ".join(sorted(READ_ONLY_PRAGMAS))
        raise QueryError(f"refused: PRAGMA {name} can change settings; releases are read-only (allowed: {allowed})")


def execute(con: duckdb.DuckDBPyConnection, sql: str, timeout: float | None = None) -> QueryResult:
    """Run a checked query and fetch its rows; Ctrl-C, or ``timeout`` seconds, interrupts it with DuckDB's interrupt()."""
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def work() -> None:
        try:
            cur = con.execute(sql)
            outcome["result"] = QueryResult(columns=[d[0] for d in cur.description or []], rows=cur.fetchall())
        except BaseException as exc:  # handed to the waiting thread, which raises it
            outcome["error"] = exc
        finally:
            done.set()

    # DuckDB holds the calling thread until the query ends, so a signal handler never runs there: the query
    # runs in a worker while this thread waits, catches Ctrl-C and watches the clock. (An Event, not join():
    # a join interrupted by Ctrl-C can take a running thread for finished.)
    deadline = None if timeout is None else time.monotonic() + timeout
    threading.Thread(target=work, name="akhbar-sql", daemon=True).start()
    try:
        while not done.wait(_POLL_S):
            if deadline is not None and time.monotonic() >= deadline:
                _stop(con, done)
                raise QueryError(f"query stopped after {timeout:g} s (--timeout); narrow it or raise the limit")
    except KeyboardInterrupt:
        _stop(con, done)
        raise QueryError("query interrupted (Ctrl-C)") from None
    error = outcome.get("error")
    if isinstance(error, duckdb.Error):
        raise QueryError(f"SQL error: {error}") from error
    if error is not None:
        raise error
    result: QueryResult = outcome["result"]
    return result


def _stop(con: duckdb.DuckDBPyConnection, done: threading.Event) -> None:
    """Interrupt the running query and wait until its thread gives the connection back."""
    con.interrupt()
    while not done.wait(_POLL_S):
        con.interrupt()  # a query between two statements' checks may miss the first


def query(release_dir: Path, sql: str, timeout: float | None = None) -> QueryResult:
    """Run one read-only query on a release's DuckDB file (interrupted by Ctrl-C or after ``timeout`` seconds)."""
    db = database_path(release_dir)
    if not db.is_file():
        raise QueryError(f"{db}: database file missing")
    # read_only protects the file; no external access stops COPY TO / reading other files.
    con = duckdb.connect(str(db), read_only=True, config={"enable_external_access": False})
    try:
        check_read_only(con, sql)
        return execute(con, sql, timeout)
    finally:
        con.close()
