"""Keep the extraction cache (akhbar.pipeline.cache) from growing without end: what it holds, and pruning it.

A build holds a lease on the cache while it runs (table ``builds``: host, process, start, end; a build that fails
is forgotten, so that it never counts among the latest builds). `prune` removes nothing while a live lease is
held, so no entry is removed under a running build; a build that starts while a prune runs waits for the prune's
transaction (SQLite's write lock) before it takes its lease and reads anything.
A lease whose process is gone (on this host) or that is older than ``LEASE_MAX_S`` is stale: ignored, then cleared.
Only the driver of a build takes a lease: the workers of a remote Dask cluster, each with a cache of its own on
its machine, are not covered (prune those caches while no build runs there).

`prune` removes the entries last used (read back or written: table ``uses``) before a cutoff, the start of the
N-th latest build that ended (``keep_builds``: what those builds used stays) or ``older_than`` seconds ago, the
later of the two when both are given; then the extraction entries whose segment is gone (an extraction entry is
not stamped: it follows its segment). An entry written before uses were stamped counts as never used. Removing an
entry never changes a release: a build that misses it computes the rows again.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from akhbar.errors import CacheError
from akhbar.pipeline.cache import DB_NAME, ENTRIES, SEGMENTS, TABLES, USES, ExtractCache

BUILDS = "builds"
_BUILDS_SQL = (
    f"CREATE TABLE IF NOT EXISTS {BUILDS} (id INTEGER PRIMARY KEY AUTOINCREMENT, host TEXT NOT NULL, "
    "pid INTEGER NOT NULL, started REAL NOT NULL, ended REAL)"
)
# A lease older than this is a build that died without ending it (builds of a large corpus take an hour or two).
LEASE_MAX_S = 24 * 3600
# The key of an entry's segment, in SQL: the first 32 bytes of its value (akhbar.pipeline.cache.encode_ref), in hex.
_SEGMENT_OF = "lower(hex(substr(data, 1, 32)))"
# Ended builds remembered (for keep_builds); older records go at the next prune.
BUILDS_KEPT = 100


@dataclass(frozen=True)
class TableInfo:
    """One table of the cache: its entries and the bytes of their values."""

    name: str
    entries: int
    value_bytes: int


@dataclass(frozen=True)
class CacheInfo:
    """What the cache in a folder holds: file size, tables, builds recorded and running."""

    path: Path
    file_bytes: int
    tables: tuple[TableInfo, ...]
    builds: int
    last_build: float | None
    used_by_last_build: int
    running: int


@dataclass(frozen=True)
class PruneResult:
    """What a prune removed, and the cutoff it used (None: nothing to cut)."""

    path: Path
    cutoff: float | None
    removed: dict[str, int]
    bytes_before: int
    bytes_after: int


def _db_bytes(path: Path) -> int:
    """Bytes of the database file and its write-ahead log."""
    return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.is_file())


def _alive(host: str, pid: int, started: float, now: float) -> bool:
    """Whether a lease's build may still be running: not too old, and its process alive when on this host."""
    if started < now - LEASE_MAX_S:
        return False
    if host != socket.gethostname():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


@contextmanager
def _open(root: Path) -> Iterator[sqlite3.Connection]:
    """The cache's connection with the builds table; CacheError when it cannot be used."""
    try:
        with ExtractCache(root).connect() as conn:
            conn.execute(_BUILDS_SQL)
            yield conn
    except sqlite3.Error as exc:
        raise CacheError(f"the extraction cache {Path(root) / DB_NAME} cannot be used: {exc}") from exc


@contextmanager
def build_lease(root: Path | None) -> Iterator[None]:
    """Hold a lease on the cache in ``root`` while a build runs (nothing when None); the build is recorded as
    ended when it ends, and forgotten when it fails. A cache that cannot be used is left to the build, which then
    runs without it."""
    lease = None
    if root is not None:
        try:
            with _open(root) as conn:
                lease = conn.execute(
                    f"INSERT INTO {BUILDS} (host, pid, started) VALUES (?, ?, ?)",
                    (socket.gethostname(), os.getpid(), time.time()),
                ).lastrowid
        except (CacheError, OSError):
            lease = None
    completed = False
    try:
        yield
        completed = True
    finally:
        if root is not None and lease is not None:
            # a build that failed (a wrong --raw, bad input) may have read almost nothing: were it to count as the
            # latest build, `prune --keep-builds 1` would remove what the last real build used
            end = f"UPDATE {BUILDS} SET ended = ? WHERE id = ?" if completed else f"DELETE FROM {BUILDS} WHERE id = ?"
            try:
                with _open(root) as conn:
                    conn.execute(end, (time.time(), lease) if completed else (lease,))
            except (CacheError, OSError):
                pass  # the lease goes stale when this process ends


def _last_builds(conn: sqlite3.Connection, n: int) -> list[float]:
    """Start times of the latest ``n`` builds that ended, latest first."""
    rows = conn.execute(f"SELECT started FROM {BUILDS} WHERE ended IS NOT NULL ORDER BY started DESC LIMIT ?", (n,))
    return [started for (started,) in rows]


def _running(conn: sqlite3.Connection) -> list[tuple[int, str, int, float]]:
    """(id, host, pid, start) of the leases not ended, live or stale."""
    return list(conn.execute(f"SELECT id, host, pid, started FROM {BUILDS} WHERE ended IS NULL"))


def cache_info(root: Path) -> CacheInfo:
    """Size, entries per table, builds recorded and running, and the entries the latest build used (extraction
    entries: those whose segment it used)."""
    path = Path(root) / DB_NAME
    if not path.is_file():
        return CacheInfo(path, 0, tuple(TableInfo(t, 0, 0) for t in TABLES), 0, None, 0, 0)
    now = time.time()
    with _open(root) as conn:
        tables = tuple(
            TableInfo(t, *conn.execute(f"SELECT count(*), coalesce(sum(length(data)), 0) FROM {t}").fetchone())
            for t in TABLES
        )
        builds = conn.execute(f"SELECT count(*) FROM {BUILDS} WHERE ended IS NOT NULL").fetchone()[0]
        last = _last_builds(conn, 1)
        used = 0
        if last:
            used = conn.execute(f"SELECT count(*) FROM {USES} WHERE at >= ?", (last[0],)).fetchone()[0]
            used += conn.execute(
                f"SELECT count(*) FROM {ENTRIES} WHERE {_SEGMENT_OF} IN "
                f"(SELECT key FROM {USES} WHERE tbl = ? AND at >= ?)",
                (SEGMENTS, last[0]),
            ).fetchone()[0]
        running = sum(_alive(h, p, s, now) for _, h, p, s in _running(conn))
    return CacheInfo(path, _db_bytes(path), tables, builds, last[0] if last else None, used, running)


def prune(
    root: Path, keep_builds: int | None = 1, older_than: float | None = None, now: float | None = None
) -> PruneResult:
    """Remove the entries no build of the latest ``keep_builds`` used and (or) unused for ``older_than`` seconds,
    then give their space back; CacheError, removing nothing, while a build holds a live lease."""
    # a NaN age would compare as SQL NULL and remove every entry; keep_builds=0 has no N-th build to cut at
    if keep_builds is not None and keep_builds < 1:
        raise ValueError(f"keep_builds must be at least 1, not {keep_builds}")
    if older_than is not None and not older_than >= 0:
        raise ValueError(f"older_than must be a number of seconds >= 0, not {older_than}")
    path = Path(root) / DB_NAME
    if not path.is_file():
        return PruneResult(path, None, {}, 0, 0)
    now = time.time() if now is None else now
    before = _db_bytes(path)
    removed: dict[str, int] = {}
    with _open(root) as conn:
        conn.execute("BEGIN IMMEDIATE")  # no build takes a lease or writes until this ends
        try:
            cutoff = _cutoff(conn, keep_builds, older_than, now)
            if cutoff is not None:
                for table in TABLES:
                    if table != ENTRIES:
                        removed[table] = conn.execute(
                            f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM {USES} WHERE tbl = ? AND at >= ?)",
                            (table, cutoff),
                        ).rowcount
                # then the entries whose segment is gone (or that name none: another format's)
                removed[ENTRIES] = conn.execute(
                    f"DELETE FROM {ENTRIES} WHERE {_SEGMENT_OF} NOT IN (SELECT key FROM {SEGMENTS})"
                ).rowcount
                removed = {table: removed[table] for table in TABLES}
                conn.execute(f"DELETE FROM {USES} WHERE at < ?", (cutoff,))
            stale = [i for i, h, p, s in _running(conn) if not _alive(h, p, s, now)]
            conn.executemany(f"DELETE FROM {BUILDS} WHERE id = ?", [(i,) for i in stale])
            conn.execute(
                f"DELETE FROM {BUILDS} WHERE ended IS NOT NULL AND id NOT IN "
                f"(SELECT id FROM {BUILDS} WHERE ended IS NOT NULL ORDER BY started DESC LIMIT ?)",
                (BUILDS_KEPT,),
            )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        if any(removed.values()):
            _reclaim(conn)
    return PruneResult(path, cutoff, removed, before, _db_bytes(path))


def _cutoff(conn: sqlite3.Connection, keep_builds: int | None, older_than: float | None, now: float) -> float | None:
    """The time before which an entry's last use makes it go; CacheError while a build runs."""
    live = [(h, p, s) for _, h, p, s in _running(conn) if _alive(h, p, s, now)]
    if live:
        host, pid, started = live[0]
        since = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(started))
        # no process on another host can be checked from here: a build that died there blocks until its lease is stale
        remote = "" if host == socket.gethostname() else f", or after {LEASE_MAX_S // 3600} hours if it died there"
        raise CacheError(
            f"a build is using the extraction cache (process {pid} on {host}, since {since}): "
            f"prune it once the build has ended{remote}"
        )
    cutoffs = []
    if keep_builds is not None:
        starts = _last_builds(conn, keep_builds)
        if len(starts) == keep_builds:  # fewer builds recorded: all they used, and all before them, stays
            cutoffs.append(starts[-1])
    if older_than is not None:
        cutoffs.append(now - older_than)
    return max(cutoffs) if cutoffs else None


def _reclaim(conn: sqlite3.Connection) -> None:
    """Give the space of removed entries back to the disk (VACUUM), unless another process holds the database."""
    try:
        conn.execute("PRAGMA busy_timeout = 1000")  # a build reading now: do not keep it waiting
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError:
        pass  # busy: the free pages are reused by the next writes instead
