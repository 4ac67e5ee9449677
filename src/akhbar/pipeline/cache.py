"""Cache of the per-article steps' results, so that a rebuild re-extracts only new or changed articles.

An entry holds one article's rows of one PER_ARTICLE step's output. Its key is the SHA-256 of

* the step's fingerprint: every file of the installed akhbar package (code, lexicons, the NER model), the step's
  module and the project's ``pipelines/_*.py`` helpers, the reference files it declares, its output schema, the
  Python version and the versions of akhbar's dependencies; and
* the article's rows of every table given to the step, as the step sees them (``raw`` for the articles step, the
  cleaned ``articles`` row for the extractors, plus the article's ``mentions`` for quotes): a change to any
  earlier stage, cleaning included, changes the key of what follows.

Entries live in one SQLite database (``extract.sqlite``) in the cache folder (table ``entries``; the corpus pass
keeps its per-article surveys in table ``surveys``, see akhbar.pipeline.corpus_pass), never under ``dist/``: a batch's new
entries are written in one transaction, so a crash leaves the database as it was before or after that batch, and
WAL mode with a busy timeout lets two builds (or the Dask workers of one) read and write it at once. A value is
the article's rows as one Arrow IPC record batch (no pickle; its schema is the output schema, which is part of the
key), stored beside its SHA-256; an entry whose bytes do not match that checksum, do not decode and validate as
that schema, or hold another article's rows is a miss, recomputed and overwritten: nothing read back is trusted
unchecked. A database that cannot be opened or read at all makes every lookup a miss
(counted as ``cache_errors``); the build still succeeds, from scratch.

Every entry read back or written is stamped with the time of that use (table ``uses``: table, key, time), apart
from the entry, so that stamping never rewrites a value; ``akhbar cache prune`` (akhbar.pipeline.cache_prune)
removes the entries that no recent build used.

Whoever runs a batch uses the cache: this process, or each Dask worker (only the folder's path travels with the
batch). Workers of a LocalCluster share the machine's folder; the workers of a remote cluster each open the path
on their own machine (a shared network file system is not a safe place for SQLite).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import itertools
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa

import akhbar

if TYPE_CHECKING:
    from akhbar.pipeline.runner import Step

DB_NAME = "extract.sqlite"
# The extraction cache's folder inside akhbar's cache folder (which also holds pulled releases).
SUBDIR = "extract"
# Bumped when the key or the stored value changes meaning: old entries then simply never match.
FORMAT = "akhbar-extract-cache/1"
# How long a writer waits for another build's transaction before giving up on the cache for that batch.
BUSY_TIMEOUT_MS = 60_000
# The article column by which a per-article step's inputs and output rows are split.
ARTICLE_ID = "article_id"

# The tables of entries: the steps' rows, the corpus pass's surveys (akhbar.pipeline.corpus_pass), and the
# feed records whose body the plan found to keep some text once cleaned (TextChecks).
ENTRIES, SURVEYS, CHECKS = "entries", "surveys", "checks"
TABLES = (ENTRIES, SURVEYS, CHECKS)
# When each entry of those tables was last read back or written (time.time()); no row: not since stamping began.
USES = "uses"
_SCHEMA_SQL = [
    *(
        f"CREATE TABLE IF NOT EXISTS {name} (key TEXT PRIMARY KEY, digest TEXT NOT NULL, data BLOB NOT NULL)"
        for name in TABLES
    ),
    f"CREATE TABLE IF NOT EXISTS {USES} (tbl TEXT NOT NULL, key TEXT NOT NULL, at REAL NOT NULL, "
    "PRIMARY KEY (tbl, key)) WITHOUT ROWID",
]
_TOUCH_SQL = f"INSERT OR REPLACE INTO {USES} (tbl, key, at) VALUES (?, ?, ?)"
CHECK_FORMAT = "akhbar-text-check/1"
_REQUIREMENT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")
# SQLite's default limit on bound parameters is 32,766 (999 before 3.32): look keys up in chunks well below it.
_LOOKUP_CHUNK = 900


def extract_cache_dir(cache_root: Path) -> Path:
    """The extraction cache's folder inside akhbar's cache folder (``akhbar.package.pull.cache_root``)."""
    return Path(cache_root) / SUBDIR


def _files_digest(paths: list[Path], base: Path) -> str:
    """SHA-256 over the paths (relative to ``base``) and contents of files, in the given order."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.relative_to(base).as_posix().encode("utf-8") + b"\0")
        h.update(path.read_bytes() if path.is_file() else b"<missing>")
        h.update(b"\0")
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def package_fingerprint() -> str:
    """Digest of the installed akhbar package's files (sources, lexicons, model) and of its dependencies' versions."""
    root = Path(akhbar.__file__).resolve().parent
    files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
    versions = [f"python {sys.version}"]
    for requirement in importlib.metadata.requires("akhbar") or []:
        match = _REQUIREMENT_NAME.match(requirement)
        if match is None or "extra ==" in requirement:
            continue
        try:
            versions.append(f"{match.group(0)} {importlib.metadata.version(match.group(0))}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{match.group(0)} absent")
    return hashlib.sha256(f"{_files_digest(files, root)}\n{sorted(versions)}".encode()).hexdigest()


def step_fingerprint(project_root: str, step: Step) -> str:
    """Digest of everything besides its input rows that can change a step's output (see the module docstring).

    The project's files are read again for every batch (a few kB): a long-lived process sees them change.
    """
    root = Path(project_root)
    pipelines = root / "pipelines"
    files = [pipelines / f"{step.module}.py", *sorted(pipelines.glob("_*.py"))]
    files += [root / "reference" / f"{name}.csv" for name in sorted(step.references)]
    files.append(root / "schemas" / f"{step.output}.schema.json")
    parts = [FORMAT, package_fingerprint(), _files_digest(files, root), step.output, repr(step.inputs)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


# Digests of a frame's rows per article, remembered for the batch (keyed by id: the frame is kept alive beside them).
Digests = dict[int, tuple[pd.DataFrame, dict[str, bytes]]]


def article_keys(
    fingerprint: str, frames: dict[str, pd.DataFrame], inputs: tuple[str, ...], memo: Digests | None = None
) -> dict[str, str]:
    """The cache key of every article of the first input: the fingerprint plus that article's rows of each input.

    ``memo`` keeps each frame's digests for the next step of the batch that reads it (the articles frame feeds three).
    """
    memo = {} if memo is None else memo
    tables: list[tuple[bytes, dict[str, bytes]]] = []
    for name in inputs:
        frame = frames[name]
        if id(frame) not in memo:
            memo[id(frame)] = (frame, row_digests(frame))
        tables.append((name.encode("utf-8"), memo[id(frame)][1]))
    keys = {}
    for article_id in frames[inputs[0]][ARTICLE_ID].tolist():
        h = hashlib.sha256(fingerprint.encode("utf-8"))
        for label, digests in tables:
            h.update(label + b"\0" + digests.get(article_id, b"<no rows>"))
        keys[article_id] = h.hexdigest()
    return keys


def row_digests(frame: pd.DataFrame) -> dict[str, bytes]:
    """SHA-256 of each article's rows of a frame (with the column names and types), in their order in the frame.

    An article's rows are hashed column by column: its digest does not depend on the other articles of the frame.
    """
    columns = list(frame.columns)
    header = repr((columns, [str(frame[c].dtype) for c in columns])).encode("utf-8")
    ids = frame[ARTICLE_ID].to_numpy()
    if len(ids) > 1 and not (ids[1:] >= ids[:-1]).all():  # group each article's rows, keeping their order
        order = np.argsort(ids, kind="stable")
        frame, ids = frame.iloc[order], ids[order]
    values = [frame[c].tolist() for c in columns]
    # only object columns hold text; whether a part is all text is decided per article, so that no batch matters
    text = [frame[c].dtype == object for c in columns]
    digests = {}
    for article_id, start, stop in _runs(ids.tolist()):
        h = hashlib.sha256(header)
        for column, is_text in zip(values, text):
            part = column[start:stop]
            if is_text and set(map(type, part)) == {str}:
                # lengths, then the text as is: repr would escape-check every character of a body
                h.update(b"t" + repr(list(map(len, part))).encode())
                h.update("".join(part).encode("utf-8", "surrogatepass"))
            else:
                h.update(b"r" + repr(part).encode("utf-8", "surrogatepass"))
        digests[article_id] = h.digest()
    return digests


def _runs(ids: list[str]) -> list[tuple[str, int, int]]:
    """(value, start, stop) of each run of equal consecutive values."""
    runs = []
    start = 0
    for value, group in itertools.groupby(ids):
        stop = start + sum(1 for _ in group)
        runs.append((value, start, stop))
        start = stop
    return runs


def encode_table(table: pa.Table) -> bytes:
    """An article's rows as one Arrow IPC record batch message (the empty string for no rows).

    The schema is not stored: it is the output schema's, which is part of the key (no schema to parse per entry).
    """
    if table.num_rows == 0:
        return b""
    return bytes(table.combine_chunks().to_batches()[0].serialize().to_pybytes())


def decode_batch(data: bytes, schema: pa.Schema, article_id: str) -> pa.RecordBatch | None:
    """The rows stored for one article, typed by ``schema``; None unless they decode, validate and are that article's."""
    if not data:
        return pa.RecordBatch.from_pylist([], schema=schema)
    try:
        batch = pa.ipc.read_record_batch(pa.py_buffer(data), schema)
        batch.validate(full=True)  # offsets in range, valid UTF-8: a checksum guards bytes, not how they were made
    except (pa.ArrowInvalid, pa.ArrowException, OSError, ValueError):
        return None
    if set(batch.column(schema.get_field_index(ARTICLE_ID)).to_pylist()) != {article_id}:
        return None  # no rows (stored as b"") or another article's
    return batch


def split_by_article(table: pa.Table) -> dict[str, pa.Table]:
    """A step's output cut into each article's rows, in table order (a slice where the rows are contiguous)."""
    positions: dict[str, list[int]] = {}
    for i, article_id in enumerate(table.column(ARTICLE_ID).to_pylist()):
        positions.setdefault(article_id, []).append(i)
    parts = {}
    for article_id, rows in positions.items():
        if rows[-1] - rows[0] + 1 == len(rows):
            parts[article_id] = table.slice(rows[0], len(rows))
        else:
            parts[article_id] = table.take(pa.array(rows, type=pa.int64()))
    return parts


class ExtractCache:
    """The cache database in a folder: lookups and writes of one batch go through one connection."""

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.path = self.root / DB_NAME

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """An open connection in WAL mode with a busy timeout; the entries table is created if missing."""
        self.root.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)) as conn:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL: a power loss may drop the last transactions but never corrupts the database (WAL mode)
            conn.execute("PRAGMA synchronous = NORMAL")
            for sql in _SCHEMA_SQL:
                conn.execute(sql)
            yield conn

    @staticmethod
    def get(conn: sqlite3.Connection, keys: list[str], table: str = ENTRIES, stamp: bool = True) -> dict[str, bytes]:
        """The stored values of those keys (in ``table``) whose checksum matches their bytes, stamped as used now
        unless ``stamp`` is False (a caller that looks keys up one by one stamps them together)."""
        found: dict[str, bytes] = {}
        for i in range(0, len(keys), _LOOKUP_CHUNK):
            chunk = keys[i : i + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            for key, digest, data in conn.execute(
                f"SELECT key, digest, CAST(data AS BLOB) FROM {table} WHERE key IN ({marks})", chunk
            ):
                if isinstance(data, bytes) and hashlib.sha256(data).hexdigest() == digest:
                    found[key] = data
        if stamp:
            try:
                ExtractCache.touch(conn, list(found), table)
            except sqlite3.OperationalError:
                pass  # a stamp only guides pruning: a cache that cannot be written (read-only, busy) still serves
        return found

    @staticmethod
    def touch(conn: sqlite3.Connection, keys: list[str], table: str = ENTRIES) -> None:
        """Stamp entries of ``table`` as used now, in one transaction (or in the caller's)."""
        if not keys:
            return
        now = time.time()
        rows = [(table, key, now) for key in keys]
        if conn.in_transaction:
            conn.executemany(_TOUCH_SQL, rows)
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(_TOUCH_SQL, rows)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @staticmethod
    def put(conn: sqlite3.Connection, items: list[tuple[str, bytes]], table: str = ENTRIES) -> None:
        """Store values under their keys (in ``table``) in one transaction (all of them or, after a crash, none)."""
        if not items:
            return
        rows = [(key, hashlib.sha256(data).hexdigest(), data) for key, data in items]
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(f"INSERT OR REPLACE INTO {table} (key, digest, data) VALUES (?, ?, ?)", rows)
            ExtractCache.touch(conn, [key for key, _ in items], table)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


class TextChecks:
    """The plan's check that a feed record keeps some text once cleaned, with its passes remembered in the cache.

    Used as a context manager around the plan: a record whose title and body passed under the same code
    (:func:`package_fingerprint`) is not cleaned again; the new passes are stored in one transaction at the end.
    An entry holds the digest of the title and body it was made for and is checked like any other; failures are
    never stored (a bad record is checked again, so that its message comes from the check). A cache that cannot be
    used is counted in ``errors`` and the check runs for every record.
    """

    def __init__(self, root: Path | str, check: Callable[[str, str | None], bool]):
        self.cache = ExtractCache(root)
        self.check = check
        self.prefix = hashlib.sha256(f"{CHECK_FORMAT}\n{package_fingerprint()}".encode()).hexdigest().encode()
        self.conn: sqlite3.Connection | None = None
        self.new: list[tuple[str, bytes]] = []
        self.used: list[str] = []  # the keys of the passes found, stamped as used at the end
        self.hits = 0
        self.errors = 0
        self._stack = contextlib.ExitStack()  # holds the connection's context while the checks run

    def __enter__(self) -> TextChecks:
        try:
            self.conn = self._stack.enter_context(self.cache.connect())
        except (sqlite3.Error, OSError):
            self.conn = None
            self.errors += 1
        return self

    def __call__(self, body: str, title: str | None) -> bool:
        """Whether the record keeps some text: from the cache when it passed before, else checked."""
        content = hashlib.sha256(f"{title or ''}\x1f{body}".encode("utf-8", "surrogatepass")).digest()
        key = hashlib.sha256(self.prefix + b"\0" + content).hexdigest()
        if self.conn is not None:
            try:
                if ExtractCache.get(self.conn, [key], CHECKS, stamp=False).get(key) == content:
                    self.hits += 1
                    self.used.append(key)
                    return True
            except sqlite3.Error:
                self.errors += 1
                self.conn = None
        passed = self.check(body, title)
        if passed:
            self.new.append((key, content))
        return passed

    def __exit__(self, *exc: object) -> None:
        try:
            if self.conn is not None and exc[0] is None:
                ExtractCache.put(self.conn, self.new, CHECKS)
                ExtractCache.touch(self.conn, self.used, CHECKS)
        except sqlite3.Error:
            self.errors += 1
        finally:
            self._stack.close()


def count(timings: dict[str, float], name: str, n: float) -> None:
    """Add ``n`` to a counter or timer of the build's statistics."""
    timings[name] = timings.get(name, 0.0) + n


def cached_step(
    step: Step,
    project_root: str,
    frames: dict[str, pd.DataFrame],
    schema: pa.Schema,
    compute: Callable[[dict[str, pd.DataFrame]], pa.Table],
    conn: sqlite3.Connection | None,
    timings: dict[str, float],
    memo: Digests | None = None,
) -> pa.Table:
    """A per-article step's typed output for a batch: cached rows where the key matches, ``compute`` for the rest.

    ``compute`` runs the step on frames cut down to the missing articles and returns its schema-typed table; the
    result holds the same rows whichever articles came from the cache, in no particular order (sort it by key).
    ``memo`` holds the batch's row digests (see :func:`article_keys`).
    """
    started = time.perf_counter()
    keys = article_keys(step_fingerprint(project_root, step), frames, step.inputs, memo)
    stored: dict[str, bytes] = {}
    if conn is not None:
        try:
            stored = ExtractCache.get(conn, list(keys.values()))
        except sqlite3.Error:
            count(timings, "cache_errors", 1)
            conn = None
    batches: list[pa.RecordBatch] = []
    missing: list[str] = []
    for article_id, key in keys.items():
        batch = decode_batch(stored[key], schema, article_id) if key in stored else None
        if batch is None:
            missing.append(article_id)
        elif batch.num_rows:
            batches.append(batch)
    count(timings, "cache_hits", len(keys) - len(missing))
    count(timings, "cache_misses", len(missing))
    count(timings, f"cache_misses.{step.output}", len(missing))
    count(timings, "cache", time.perf_counter() - started)
    parts = [pa.Table.from_batches(batches, schema=schema)] if batches else []
    if missing:
        wanted = set(missing)
        subset = {
            name: frames[name][frames[name][ARTICLE_ID].isin(wanted)].reset_index(drop=True) for name in step.inputs
        }
        computed = compute(subset)
        started = time.perf_counter()
        rows = split_by_article(computed)
        empty = schema.empty_table()
        items = [(keys[a], encode_table(rows.get(a, empty))) for a in missing]
        if conn is not None:
            try:
                ExtractCache.put(conn, items)
            except sqlite3.Error:
                count(timings, "cache_errors", 1)
        parts.append(computed)
        count(timings, "cache", time.perf_counter() - started)
    if not parts:
        return schema.empty_table()
    return parts[0].combine_chunks() if len(parts) == 1 else pa.concat_tables(parts).combine_chunks()
