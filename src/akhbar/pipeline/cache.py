"""Cache of the per-article steps' results, so that a rebuild re-extracts only new or changed articles.

An entry holds one article's rows of every cached step (the chain of PER_ARTICLE steps that a batch runs from its
raw articles: articles, removals, mentions, figures, quotes). Its key is the SHA-256 of

* the chain's fingerprint: for each step, every file of the installed akhbar package (code, lexicons, the NER
  model), the step's module and the project's ``pipelines/_*.py`` helpers, the reference files it declares, its
  output schema, the Python version and the versions of akhbar's dependencies; and
* the article's ``raw`` row as the steps see it (after the corpus pass: chrome out, its copy decision).

One key per article is enough because a PER_ARTICLE step promises that an article's rows depend only on that
article's rows of its inputs (plus reference data, in the fingerprint): by induction along the chain, every step's
rows for an article are a function of its raw row and the chain's fingerprint. The price of one entry for all steps:
a change to one step's code or reference data recomputes every step of every article (the steps are cheap beside
the extractors that such a change usually concerns), and an article whose raw row changed (its chrome, its copy
decision) is extracted again even where its cleaned text did not change.

Entries live in one SQLite database (``extract.sqlite``) in the cache folder (table ``entries``; the corpus pass
keeps its per-article surveys in table ``surveys``, see akhbar.pipeline.corpus_pass), never under ``dist/``: a batch's new
entries are written in one transaction, so a crash leaves the database as it was before or after that batch, and
WAL mode with a busy timeout lets two builds (or the Dask workers of one) read and write it at once. A value is
each step's rows, in chain order, as one length-prefixed Arrow IPC record batch (no pickle; its schema is the
step's output schema, which is part of the key). Every table's values are stored beside the SHA-256 of their key
and bytes together: a value whose bytes changed, or that was moved under another key, does not match it. An entry
that does not match its checksum, does not decode and validate as those schemas, or holds another article's rows
is a miss, recomputed and overwritten: nothing read back is trusted unchecked. A database that cannot be opened
or read at all makes every lookup a miss (counted as ``cache_errors``); the build still succeeds, from scratch.

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
import pyarrow.compute as pc

import akhbar

if TYPE_CHECKING:
    from akhbar.pipeline.runner import Step

DB_NAME = "extract.sqlite"
# The extraction cache's folder inside akhbar's cache folder (which also holds pulled releases).
SUBDIR = "extract"
# Bumped when the key or the stored value changes meaning: old entries then simply never match.
FORMAT = "akhbar-extract-cache/2"
# How long a writer waits for another build's transaction before giving up on the cache for that batch.
BUSY_TIMEOUT_MS = 60_000
# The article column by which a per-article step's inputs and output rows are split.
ARTICLE_ID = "article_id"

# The tables of entries: the steps' rows, the corpus pass's surveys (akhbar.pipeline.corpus_pass), the feed
# records whose body the plan found to keep some text once cleaned (TextChecks), and the release tables whose
# Frictionless sample passed (akhbar.validate.frictionless_engine.SampleVerdicts).
ENTRIES, SURVEYS, CHECKS, VERDICTS = "entries", "surveys", "checks", "verdicts"
TABLES = (ENTRIES, SURVEYS, CHECKS, VERDICTS)
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
CHECK_FORMAT = "akhbar-text-check/2"
_REQUIREMENT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")
# SQLite's default limit on bound parameters is 32,766 (999 before 3.32): look keys up in chunks well below it.
_LOOKUP_CHUNK = 900
# The size of each part of an entry, before its bytes (little-endian).
_LENGTH_BYTES = 8
# An Arrow IPC stream's end: a continuation marker and a zero length.
_END_OF_STREAM = b"\xff\xff\xff\xff\x00\x00\x00\x00"


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


def chain_fingerprint(project_root: str, steps: list[Step]) -> str:
    """Digest of the fingerprints of a chain of steps, in order: what an entry's rows depend on besides its raw row."""
    parts = [FORMAT, *(f"{step.output} {step_fingerprint(project_root, step)}" for step in steps)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def article_keys(fingerprint: str, frames: dict[str, pd.DataFrame], inputs: tuple[str, ...]) -> dict[str, str]:
    """The cache key of every article of the first input: the fingerprint plus that article's rows of each input."""
    tables = [(name.encode("utf-8"), row_digests(frames[name])) for name in inputs]
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
        if stop - start == 1:  # one row, as every article of the raw frame: the same bytes, without the lists
            for column, is_text in zip(values, text):
                value = column[start]
                if is_text and type(value) is str:
                    h.update(b"t[%d]" % len(value))
                    h.update(value.encode("utf-8", "surrogatepass"))
                else:
                    h.update(b"r" + repr([value]).encode("utf-8", "surrogatepass"))
            digests[article_id] = h.digest()
            continue
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


def decode_batch(data: bytes | pa.Buffer, schema: pa.Schema, article_id: str) -> pa.RecordBatch | None:
    """The rows stored for one article, typed by ``schema``; None unless they decode, validate and are that article's."""
    if not len(data):
        return pa.RecordBatch.from_pylist([], schema=schema)
    try:
        batch = pa.ipc.read_record_batch(data if isinstance(data, pa.Buffer) else pa.py_buffer(data), schema)
        batch.validate(full=True)  # offsets in range, valid UTF-8: a checksum guards bytes, not how they were made
    except (pa.ArrowInvalid, pa.ArrowException, OSError, ValueError):
        return None
    if set(batch.column(schema.get_field_index(ARTICLE_ID)).to_pylist()) != {article_id}:
        return None  # no rows (stored as b"") or another article's
    return batch


def encode_entry(parts: list[pa.Table]) -> bytes:
    """One article's rows of each step of a chain: each part's :func:`encode_table`, after its length (8 bytes)."""
    out = bytearray()
    for table in parts:
        data = encode_table(table)
        out += len(data).to_bytes(_LENGTH_BYTES, "little") + data
    return bytes(out)


def entry_parts(data: bytes, n: int) -> list[bytes] | None:
    """The ``n`` parts of an entry (each step's encoded rows); None unless it is made of exactly ``n``."""
    parts = []
    at = 0
    for _ in range(n):
        size = int.from_bytes(data[at : at + _LENGTH_BYTES], "little")
        at += _LENGTH_BYTES
        if at > len(data) or at + size > len(data):
            return None
        parts.append(data[at : at + size])
        at += size
    return parts if at == len(data) else None


def decode_entry(data: bytes, schemas: list[pa.Schema], article_id: str) -> list[pa.RecordBatch] | None:
    """The rows of each step that an entry holds for one article; None unless every part checks out (decode_batch)."""
    parts = entry_parts(data, len(schemas))
    if parts is None:
        return None
    batches = []
    for part, schema in zip(parts, schemas, strict=True):
        batch = decode_batch(part, schema, article_id)
        if batch is None:
            return None
        batches.append(batch)
    return batches


def decode_parts(parts: list[bytes], schema: pa.Schema, article_ids: list[str]) -> list[pa.RecordBatch | None]:
    """:func:`decode_batch` of many articles' parts of one step, each part's result (None where it fails).

    The parts are read as one IPC stream and checked at once (the schema, each part a record batch message, the
    end-of-stream marker), which costs a fraction of reading them one by one: each part must be a framed message
    (it opens with the continuation marker and is a whole number of 8-byte words, so that no part can lend its
    bytes to the next), make one batch of at least one row, validate in full and hold only its article's rows:
    the checks of :func:`decode_batch`, the same batches. Where any part fails, every part is read on its own, so
    that the failure is the failing article's only.
    """
    present = [i for i, part in enumerate(parts) if part]
    none = pa.RecordBatch.from_pylist([], schema=schema)
    if not present:  # no article has rows in this step (a stored b"" is no rows)
        return [none] * len(parts)
    try:
        if any(len(parts[i]) % 8 or parts[i][:4] != _END_OF_STREAM[:4] for i in present):
            raise ValueError("not a framed message")
        stream = schema.serialize().to_pybytes() + b"".join(parts[i] for i in present) + _END_OF_STREAM
        batches = list(pa.ipc.open_stream(stream))
        if len(batches) != len(present) or any(b.num_rows == 0 or not b.schema.equals(schema) for b in batches):
            raise ValueError("not one batch of rows per part")
        table = pa.Table.from_batches(batches, schema=schema)
        table.validate(full=True)
        owners = np.repeat(np.array([article_ids[i] for i in present], dtype=object), [b.num_rows for b in batches])
        ids = table.column(ARTICLE_ID)
        if ids.null_count or not pc.all(pc.equal(ids, pa.array(owners, pa.string()))).as_py():
            raise ValueError("another article's rows")
    except (pa.ArrowInvalid, pa.ArrowException, OSError, ValueError):
        return [decode_batch(part, schema, article_id) for part, article_id in zip(parts, article_ids, strict=True)]
    out: list[pa.RecordBatch | None] = [none] * len(parts)
    for i, batch in zip(present, batches, strict=True):
        out[i] = batch
    return out


def decode_step(parts: list[bytes], schema: pa.Schema, article_ids: list[str]) -> pa.Table | None:
    """Many articles' parts of one step as one table (one chunk, in part order), or None unless every part passes.

    The checks of :func:`decode_parts` (each part a framed message making one batch of at least one row of the
    schema, only its article's rows, valid in full), done on the whole: the stream is read as one table, each
    chunk's structure is checked (buffer sizes, first and last offsets: what joining the chunks reads), then the
    chunks are joined and the result is validated in full once, which checks every offset and every string as
    validating each chunk would, at a fraction of the cost per chunk (a table of 30k chunks). A caller that gets
    None decodes part by part (:func:`decode_parts`), so that a failure is the failing article's only.
    """
    present = [i for i, part in enumerate(parts) if part]
    if not present:  # no article has rows in this step (a stored b"" is no rows)
        return schema.empty_table()
    try:
        if any(len(parts[i]) % 8 or parts[i][:4] != _END_OF_STREAM[:4] for i in present):
            return None
        stream = schema.serialize().to_pybytes() + b"".join(parts[i] for i in present) + _END_OF_STREAM
        table = pa.ipc.open_stream(stream).read_all()
        ids = table.column(ARTICLE_ID)
        lengths = [len(chunk) for chunk in ids.chunks]
        if not table.schema.equals(schema) or len(lengths) != len(present) or 0 in lengths:
            return None
        table.validate()  # structure only: the bounds that joining the chunks relies on
        table = table.combine_chunks()
        table.validate(full=True)
        owners = np.repeat(np.array([article_ids[i] for i in present], dtype=object), lengths)
        ids = table.column(ARTICLE_ID)
        if ids.null_count or not pc.all(pc.equal(ids, pa.array(owners, pa.string()))).as_py():
            return None
    except (pa.ArrowInvalid, pa.ArrowException, OSError, ValueError):
        return None
    return table


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


def checksum(key: str, data: bytes) -> str:
    """What a value is stored beside: the SHA-256 of its key and its bytes (a value moved under another key fails)."""
    return hashlib.sha256(key.encode("ascii") + b"\0" + data).hexdigest()


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
        """The stored values of those keys (in ``table``) whose checksum matches their key and bytes, stamped as
        used now unless ``stamp`` is False (a caller that reads many keys at once stamps those it used)."""
        found: dict[str, bytes] = {}
        for i in range(0, len(keys), _LOOKUP_CHUNK):
            chunk = keys[i : i + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            for key, digest, data in conn.execute(
                f"SELECT key, digest, CAST(data AS BLOB) FROM {table} WHERE key IN ({marks})", chunk
            ):
                if isinstance(data, bytes) and checksum(key, data) == digest:
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
        rows = [(key, checksum(key, data), data) for key, data in items]
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
    An entry is its key (made of the title and body) with an empty value: its presence, checksum matching, is the
    pass. Failures are never stored (a bad record is checked again, so that its message comes from the check). A
    cache that cannot be used is counted in ``errors`` and the check runs for every record.

    The stored passes are read in one query when the plan starts (one query per record cost more than the check
    saved on a corpus of 31k records); the table holds only keys, so even the passes of other code versions that
    it keeps are a few MB.
    """

    def __init__(self, root: Path | str, check: Callable[[str, str | None], bool]):
        self.cache = ExtractCache(root)
        self.check = check
        self.prefix = hashlib.sha256(f"{CHECK_FORMAT}\n{package_fingerprint()}".encode()).hexdigest().encode()
        self.conn: sqlite3.Connection | None = None
        self.passed: set[str] = set()  # the keys of the stored passes whose checksum matches
        self.new: list[tuple[str, bytes]] = []  # the keys of new passes, each with its empty value
        self.used: list[str] = []  # the keys of the passes found, stamped as used at the end
        self.hits = 0
        self.errors = 0
        self._stack = contextlib.ExitStack()  # holds the connection's context while the checks run

    def __enter__(self) -> TextChecks:
        try:
            self.conn = self._stack.enter_context(self.cache.connect())
            rows = self.conn.execute(f"SELECT key, digest, CAST(data AS BLOB) FROM {CHECKS}")
            self.passed = {key for key, digest, data in rows if data == b"" and checksum(key, data) == digest}
        except (sqlite3.Error, OSError):
            self.passed = set()
            self.errors += 1
        return self

    def __call__(self, body: str, title: str | None) -> bool:
        """Whether the record keeps some text: from the cache when it passed before, else checked."""
        content = hashlib.sha256(f"{title or ''}\x1f{body}".encode("utf-8", "surrogatepass")).digest()
        key = hashlib.sha256(self.prefix + b"\0" + content).hexdigest()
        if key in self.passed:
            self.hits += 1
            self.used.append(key)
            return True
        passed = self.check(body, title)
        if passed:
            self.new.append((key, b""))
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


def cached_steps(
    steps: list[Step],
    project_root: str,
    source: tuple[str, pd.DataFrame],
    schemas: dict[str, pa.Schema],
    compute: Callable[[pd.DataFrame], dict[str, pa.Table]],
    conn: sqlite3.Connection | None,
    timings: dict[str, float],
) -> dict[str, pa.Table]:
    """The typed outputs of a chain of per-article steps for a batch: cached rows where an article's key matches,
    ``compute`` for the rest.

    ``source`` is the chain's input (the batch's ``raw`` frame and its name); ``compute`` runs every step of the
    chain on that frame cut down to the missing articles and returns their schema-typed tables. The result holds
    the same rows whichever articles came from the cache, in no particular order (sort it by key).
    """
    started = time.perf_counter()
    name, frame = source
    keys = article_keys(chain_fingerprint(project_root, steps), {name: frame}, (name,))
    order = [schemas[step.output] for step in steps]
    stored: dict[str, bytes] = {}
    if conn is not None:
        try:
            stored = ExtractCache.get(conn, list(keys.values()))
        except sqlite3.Error:
            count(timings, "cache_errors", 1)
            conn = None
    entries: dict[str, list[bytes]] = {}
    for article_id, key in keys.items():
        parts = entry_parts(stored[key], len(steps)) if key in stored else None
        if parts is not None:
            entries[article_id] = parts
    ids = list(entries)
    found: list[pa.Table | None] = [
        decode_step([entries[a][i] for a in ids], schema, ids) for i, schema in enumerate(order)
    ]
    if any(table is None for table in found):  # some part fails: part by part, so that only its article misses
        decoded = [decode_parts([entries[a][i] for a in ids], schema, ids) for i, schema in enumerate(order)]
        good = [all(step[j] is not None for step in decoded) for j in range(len(ids))]
        batches = [
            [b for b, ok in zip(step, good, strict=True) if ok and b is not None and b.num_rows] for step in decoded
        ]
        found = [pa.Table.from_batches(b, schema=schema) for b, schema in zip(batches, order, strict=True)]
        ids = [a for a, ok in zip(ids, good, strict=True) if ok]
    hits = set(ids)
    missing = [a for a in keys if a not in hits]
    count(timings, "cache_hits", len(keys) - len(missing))
    count(timings, "cache_misses", len(missing))
    count(timings, "cache", time.perf_counter() - started)
    computed: dict[str, pa.Table] = {}
    if missing:
        computed = compute(frame[frame[ARTICLE_ID].isin(set(missing))].reset_index(drop=True))
        started = time.perf_counter()
        rows_of = [split_by_article(computed[step.output]) for step in steps]
        empty = [schema.empty_table() for schema in order]
        items = [
            (keys[a], encode_entry([rows.get(a, none) for rows, none in zip(rows_of, empty, strict=True)]))
            for a in missing
        ]
        if conn is not None:
            try:
                ExtractCache.put(conn, items)
            except sqlite3.Error:
                count(timings, "cache_errors", 1)
        count(timings, "cache", time.perf_counter() - started)
    out = {}
    for step, schema, table in zip(steps, order, found, strict=True):
        pieces = [table] if table is not None and table.num_rows else []
        if step.output in computed:
            pieces.append(computed[step.output])
        if not pieces:
            out[step.output] = schema.empty_table()
        else:
            out[step.output] = (
                pieces[0].combine_chunks() if len(pieces) == 1 else pa.concat_tables(pieces).combine_chunks()
            )
    return out
