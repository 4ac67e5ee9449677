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
keeps its per-article surveys in table ``surveys``, see akhbar.pipeline.corpus_pass), never under ``dist/``. The rows
themselves live in *segments* (table ``segments``): the rows of every step of the articles that one batch computed,
each article's rows together, stored under the SHA-256 of the segment's bytes (so a segment never changes: two
builds that write the same one write the same bytes). An entry's value names its segment and, for each step, the
range of its article's rows there (start and stop, 4 bytes each). A batch's hits are thus read as a few segments,
decoded and validated once per segment rather than once per article and step (reading 30k articles' rows as 150k
per-article messages cost about 5 s of CPU a rebuild). A batch's segment and entries are written in one transaction,
so a crash leaves the database as it was before or after that batch, and WAL mode with a busy timeout lets two builds
(or the Dask workers of one) read and write it at once. A segment holds each step's rows, in chain order, as
length-prefixed Arrow IPC record batches (no pickle; their schema is the step's output schema, part of the key).
Every table's values are stored beside the SHA-256 of their key and bytes together: a value whose bytes changed, or
that was moved under another key, does not match it. An entry that does not match its checksum, whose segment is
absent, does not match its checksum or does not decode and validate as those schemas, or whose ranges do not hold
exactly its article's rows (every row in the range is its article's, neither row beside the range is) is a miss,
recomputed and written again: nothing read back is trusted unchecked, and a damaged segment is a miss of its
articles only. A database that cannot be opened or read at all makes every lookup a miss (counted as
``cache_errors``); the build still succeeds, from scratch.

Every segment, survey, text check and verdict read back or written is stamped with the time of that use (table
``uses``: table, key, time), apart from the value, so that stamping never rewrites a value; ``akhbar cache prune``
(akhbar.pipeline.cache_prune) removes what no recent build used. An entry is not stamped: it lives and goes with its
segment (prune removes the entries whose segment is gone), which every build that reads or writes the entry stamps.
One stamp per segment instead of one per article: stamping 31k entries cost about 0.4 s of CPU and 1.7 s of wall
time in a rebuild. The price: an article that left the corpus keeps its (small) entry while its segment is in use.

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
FORMAT = "akhbar-extract-cache/3"
# How long a writer waits for another build's transaction before giving up on the cache for that batch.
BUSY_TIMEOUT_MS = 60_000
# The article column by which a per-article step's inputs and output rows are split.
ARTICLE_ID = "article_id"

# The tables of entries: the steps' rows, the corpus pass's surveys (akhbar.pipeline.corpus_pass), the feed
# records whose body the plan found to keep some text once cleaned (TextChecks), the records of a feed's bytes
# that passed every check of the plan (TextChecks as akhbar.corpus.feeds.FeedVerdicts), and the release tables
# whose Frictionless sample passed (akhbar.validate.frictionless_engine.SampleVerdicts).
ENTRIES, SEGMENTS, SURVEYS, CHECKS, VERDICTS = "entries", "segments", "surveys", "checks", "verdicts"
FEEDS = "feeds"
TABLES = (ENTRIES, SEGMENTS, SURVEYS, CHECKS, VERDICTS, FEEDS)
# When each entry of those tables was last read back or written (time.time()); no row: not since stamping began.
# Entries (ENTRIES) are not stamped: they follow their segment.
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
# An entry names its segment by the SHA-256 of the segment's bytes (its key), stored as these raw bytes.
_SEGMENT_KEY_BYTES = 32
# At most this many articles' rows in one segment (a batch's misses make one or more): a batch of any size stays far
# below SQLite's 1 GB limit on a value, and a damaged segment costs at most these articles.
SEGMENT_ARTICLES = 512


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


def encode_parts(parts: list[pa.Table]) -> bytes:
    """Tables one after another: each one's :func:`encode_table`, after its length (8 bytes)."""
    out = bytearray()
    for table in parts:
        data = encode_table(table)
        out += len(data).to_bytes(_LENGTH_BYTES, "little") + data
    return bytes(out)


def entry_parts(data: bytes, n: int) -> list[bytes] | None:
    """The ``n`` parts of a value made by :func:`encode_parts`; None unless it is made of exactly ``n``."""
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


def decode_segment(data: bytes, schemas: list[pa.Schema]) -> list[pa.RecordBatch] | None:
    """Each step's rows that a segment holds, typed by that step's schema; None unless every part decodes as one
    record batch of its schema and validates in full (offsets in range, valid UTF-8: a checksum guards bytes,
    not how they were made)."""
    parts = entry_parts(data, len(schemas))
    if parts is None:
        return None
    batches = []
    for part, schema in zip(parts, schemas, strict=True):
        if not part:
            batches.append(pa.RecordBatch.from_pylist([], schema=schema))
            continue
        try:
            batch = pa.ipc.read_record_batch(pa.py_buffer(part), schema)
            batch.validate(full=True)
        except (pa.ArrowInvalid, pa.ArrowException, OSError, ValueError):
            return None
        batches.append(batch)
    return batches


def encode_segment(
    rows: list[dict[str, pa.Table]], schemas: list[pa.Schema], article_ids: list[str]
) -> tuple[bytes, np.ndarray]:
    """A segment of these articles' rows of each step (``rows``: each step's rows by article, as
    :func:`split_by_article` cuts them; each article's rows together, articles in the given order) and each
    article's rows in it: an array (article, step, start/stop)."""
    ranges = np.zeros((len(article_ids), len(schemas), 2), dtype=np.uint32)
    parts = []
    for i, (by_article, schema) in enumerate(zip(rows, schemas, strict=True)):
        pieces, at = [], 0
        for j, article_id in enumerate(article_ids):
            table = by_article.get(article_id)
            n = table.num_rows if table is not None else 0
            ranges[j, i] = (at, at + n)
            at += n
            if n:
                pieces.append(table)
        parts.append(pa.concat_tables(pieces) if pieces else schema.empty_table())
    return encode_parts(parts), ranges


def encode_ref(segment: str, ranges: np.ndarray) -> bytes:
    """An entry's value: its segment's key (32 bytes) and its rows there, a start and stop per step (uint32 LE)."""
    return bytes.fromhex(segment) + ranges.astype("<u4").tobytes()


def decode_refs(values: list[bytes], n: int) -> tuple[list[str], np.ndarray] | None:
    """Segment keys and ranges (article, step, start/stop) of entries of a chain of ``n`` steps; None unless every
    value is an entry of such a chain (its size)."""
    size = _SEGMENT_KEY_BYTES + 8 * n
    if any(len(v) != size for v in values):
        return None
    raw = np.frombuffer(b"".join(values), dtype=np.uint8).reshape(len(values), size)
    keys = [bytes(row).hex() for row in raw[:, :_SEGMENT_KEY_BYTES]]
    ranges = raw[:, _SEGMENT_KEY_BYTES:].copy().view("<u4").reshape(len(values), n, 2).astype(np.int64)
    return keys, ranges


def _spans(first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """The positions first[i] <= p < last[i] of every span, span after span."""
    lengths = last - first
    total = int(lengths.sum())
    return np.repeat(first - np.cumsum(lengths) + lengths, lengths) + np.arange(total, dtype=np.int64)


def take_rows(
    batches: list[pa.RecordBatch], where: np.ndarray, ranges: np.ndarray, article_ids: list[str]
) -> tuple[pa.Table, np.ndarray]:
    """One step's rows of articles, each from its range of its segment's batch (``where``: its index in
    ``batches``), and which articles' ranges hold exactly their own rows (the others' rows are not taken).

    A range passes when it lies within its batch, every row in it is its article's and neither row beside it is
    (a segment keeps each article's rows together: a range that held part of them would not be all of them)."""
    sizes = np.array([b.num_rows for b in batches], dtype=np.int64)[where]
    offsets = np.concatenate(([0], np.cumsum([b.num_rows for b in batches], dtype=np.int64)))[where]
    starts, stops = ranges[:, 0], ranges[:, 1]
    good = (starts <= stops) & (stops <= sizes)
    starts, stops = np.where(good, starts, 0), np.where(good, stops, 0)
    first, last = offsets + starts, offsets + stops
    table = pa.Table.from_batches(batches, schema=batches[0].schema)
    ids = table.column(ARTICLE_ID)
    owners = np.array(article_ids, dtype=object)
    lengths = last - first
    if lengths.sum():
        same = pc.equal(ids.take(_spans(first, last)), pa.array(np.repeat(owners, lengths), pa.string()))
        wrong = np.repeat(np.arange(len(owners)), lengths)[~pc.fill_null(same, False).to_numpy(zero_copy_only=False)]
        good[wrong] = False
    for edge, inside in ((first - 1, starts > 0), (last, stops < sizes)):  # the rows beside each range
        at = np.flatnonzero(inside)
        if len(at):
            same = pc.equal(ids.take(edge[at]), pa.array(owners[at], pa.string()))
            good[at[pc.fill_null(same, False).to_numpy(zero_copy_only=False)]] = False
    first, last = first[good], last[good]
    if len(first) and (first[1:] == last[:-1]).all():  # one run of rows, as where a batch reads its own segment
        return table.slice(int(first[0]), int(last[-1] - first[0])), good
    return table.take(_spans(first, last)), good


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
        """Store values under their keys (in ``table``) in one transaction (all of them or, after a crash, none),
        stamped as used now (but entries: :meth:`put_all`)."""
        ExtractCache.put_all(conn, {table: items})

    @staticmethod
    def put_all(conn: sqlite3.Connection, items: dict[str, list[tuple[str, bytes]]]) -> None:
        """Store values under their keys in several tables in one transaction (all of them or, after a crash, none),
        stamped as used now, but entries, which follow their segment (written with them)."""
        if not any(items.values()):
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            for table, rows in items.items():
                conn.executemany(
                    f"INSERT OR REPLACE INTO {table} (key, digest, data) VALUES (?, ?, ?)",
                    [(key, checksum(key, data), data) for key, data in rows],
                )
                if table != ENTRIES:  # an entry follows its segment, stamped in this same transaction
                    ExtractCache.touch(conn, [key for key, _ in rows], table)
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

    The stored passes are read in one query when the first record is checked (one query per record cost more than
    the check saved on a corpus of 31k records); the table holds only keys, so even the passes of other code
    versions that it keeps are a few MB.

    It also remembers whole feeds (:class:`akhbar.corpus.feeds.FeedVerdicts`, table ``feeds``): under the key the
    plan makes of a feed's bytes and mapping, prefixed with the code's fingerprint, the number and hash of every
    record that passed all the plan's checks, this one included. A rebuild maps the records of an unchanged feed
    without checking them again (nor calling this check). An entry that does not match its checksum or does not
    decode is no verdict: the feed is checked in full and its entry written again.
    """

    def __init__(self, root: Path | str, check: Callable[[str, str | None], bool]):
        self.cache = ExtractCache(root)
        self.check = check
        self.prefix = hashlib.sha256(f"{CHECK_FORMAT}\n{package_fingerprint()}".encode()).hexdigest().encode()
        self.conn: sqlite3.Connection | None = None
        self.passed: set[str] | None = None  # the keys of the stored passes whose checksum matches (read once used)
        self.new: list[tuple[str, bytes]] = []  # the keys of new passes, each with its empty value
        self.used: list[str] = []  # the keys of the passes found, stamped as used at the end
        self.feeds: list[tuple[str, bytes]] = []  # new feed verdicts, stored at the end
        self.feeds_used: list[str] = []  # the feed verdicts found, stamped as used at the end
        self.hits = 0
        self.feed_hits = 0
        self.errors = 0
        self._stack = contextlib.ExitStack()  # holds the connection's context while the checks run

    def __enter__(self) -> TextChecks:
        try:
            self.conn = self._stack.enter_context(self.cache.connect())
        except (sqlite3.Error, OSError):
            self.passed = set()
            self.errors += 1
        return self

    def _passed(self) -> set[str]:
        """The stored passes, read in one query the first time a record is checked."""
        if self.passed is None:
            self.passed = set()
            try:
                if self.conn is not None:
                    rows = self.conn.execute(f"SELECT key, digest, CAST(data AS BLOB) FROM {CHECKS}")
                    self.passed = {key for key, digest, data in rows if data == b"" and checksum(key, data) == digest}
            except sqlite3.Error:
                self.errors += 1
        return self.passed

    def _feed_key(self, key: str) -> str:
        """A feed verdict's key under this code."""
        return hashlib.sha256(self.prefix + b"\0feed\0" + key.encode("ascii")).hexdigest()

    def passes(self, key: str) -> dict[int, str] | None:
        """The records of a feed's bytes that passed every check before (number -> record hash), or None."""
        if self.conn is None:
            return None
        stored = self._feed_key(key)
        try:
            value = ExtractCache.get(self.conn, [stored], FEEDS, stamp=False).get(stored)
        except sqlite3.Error:
            self.errors += 1
            return None
        found = None if value is None else decode_passes(value)
        if found is not None:
            self.feed_hits += 1
            self.feeds_used.append(stored)
        return found

    def remember(self, key: str, passes: dict[int, str]) -> None:
        """Keep the records of a feed's bytes that passed every check, stored when the plan ends."""
        self.feeds.append((self._feed_key(key), encode_passes(passes)))

    def __call__(self, body: str, title: str | None) -> bool:
        """Whether the record keeps some text: from the cache when it passed before, else checked."""
        content = hashlib.sha256(f"{title or ''}\x1f{body}".encode("utf-8", "surrogatepass")).digest()
        key = hashlib.sha256(self.prefix + b"\0" + content).hexdigest()
        if key in self._passed():
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
                ExtractCache.put_all(self.conn, {CHECKS: self.new, FEEDS: self.feeds})
                ExtractCache.touch(self.conn, self.used, CHECKS)
                ExtractCache.touch(self.conn, self.feeds_used, FEEDS)
        except sqlite3.Error:
            self.errors += 1
        finally:
            self._stack.close()


# A feed verdict: lines of a record number and its SHA-256 (hex).
_PASSES_RE = re.compile(rb"(?:[0-9]+ [0-9a-f]{64}\n)*")
_PASS_RE = re.compile(rb"([0-9]+) ([0-9a-f]{64})\n")


def encode_passes(passes: dict[int, str]) -> bytes:
    """A feed verdict's bytes: each passed record's number and hash, one line each."""
    return "".join(f"{number} {digest}\n" for number, digest in passes.items()).encode("ascii")


def decode_passes(data: bytes) -> dict[int, str] | None:
    """The passed records of a feed verdict's bytes, or None when they are not such a verdict."""
    if _PASSES_RE.fullmatch(data) is None:
        return None
    return {int(number): digest.decode("ascii") for number, digest in _PASS_RE.findall(data)}


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
    fingerprint = chain_fingerprint(project_root, steps)
    keys = article_keys(fingerprint, {name: frame}, (name,))
    order = [schemas[step.output] for step in steps]
    found: list[pa.Table] = [schema.empty_table() for schema in order]
    hits: list[str] = []
    if conn is not None:
        try:
            found, hits = _read_hits(conn, keys, order, fingerprint)
        except sqlite3.Error:
            count(timings, "cache_errors", 1)
            conn = None
    missing = [a for a in keys if a not in set(hits)]
    count(timings, "cache_hits", len(hits))
    count(timings, "cache_misses", len(missing))
    count(timings, "cache", time.perf_counter() - started)
    computed: dict[str, pa.Table] = {}
    if missing:
        computed = compute(frame[frame[ARTICLE_ID].isin(set(missing))].reset_index(drop=True))
        started = time.perf_counter()
        if conn is not None:
            rows = [split_by_article(computed[step.output]) for step in steps]
            segments, items = [], []
            for i in range(0, len(missing), SEGMENT_ARTICLES):
                chunk = missing[i : i + SEGMENT_ARTICLES]
                segment, ranges = encode_segment(rows, order, chunk)
                segment_key = hashlib.sha256(segment).hexdigest()
                segments.append((segment_key, segment))
                items += [(keys[a], encode_ref(segment_key, ranges[j])) for j, a in enumerate(chunk)]
            try:
                ExtractCache.put_all(conn, {SEGMENTS: segments, ENTRIES: items})
            except sqlite3.Error:
                count(timings, "cache_errors", 1)
        count(timings, "cache", time.perf_counter() - started)
    out = {}
    for step, schema, table in zip(steps, order, found, strict=True):
        pieces = [table] if table.num_rows else []
        if step.output in computed:
            pieces.append(computed[step.output])
        if not pieces:
            out[step.output] = schema.empty_table()
        else:
            out[step.output] = (
                pieces[0].combine_chunks() if len(pieces) == 1 else pa.concat_tables(pieces).combine_chunks()
            )
    return out


def _read_hits(
    conn: sqlite3.Connection, keys: dict[str, str], order: list[pa.Schema], fingerprint: str
) -> tuple[list[pa.Table], list[str]]:
    """Each step's cached rows of the articles whose entry, segment and rows check out, and those articles.

    An entry that does not match its checksum or size, whose segment is absent, fails its checksum or does not
    decode, or whose ranges do not hold exactly its article's rows (:func:`take_rows`) is a miss of that article."""
    stored = ExtractCache.get(conn, list(keys.values()), stamp=False)  # an entry follows its segment's stamp
    ids = [a for a, key in keys.items() if key in stored]
    refs = decode_refs([stored[keys[a]] for a in ids], len(order)) if ids else None
    if refs is None:  # no entries, or some of another size: keep those of the right size only
        size = _SEGMENT_KEY_BYTES + 8 * len(order)
        ids = [a for a in ids if len(stored[keys[a]]) == size]
        refs = decode_refs([stored[keys[a]] for a in ids], len(order)) if ids else None
    if refs is None:
        return [schema.empty_table() for schema in order], []
    segment_keys, ranges = refs
    segments = _segments(conn, sorted(set(segment_keys)), order, fingerprint)
    present = np.array([k in segments for k in segment_keys], dtype=bool)
    if not present.all():
        ids = [a for a, ok in zip(ids, present, strict=True) if ok]
        segment_keys = [k for k, ok in zip(segment_keys, present, strict=True) if ok]
        ranges = ranges[present]
    if not ids:
        return [schema.empty_table() for schema in order], []
    names = sorted(set(segment_keys))
    where = (
        np.array([names.index(k) for k in segment_keys], dtype=np.int64)
        if len(names) > 1
        else np.zeros(len(ids), dtype=np.int64)
    )
    while True:  # again without the articles that failed, until every step takes every article left
        found, good = [], np.ones(len(ids), dtype=bool)
        for i in range(len(order)):
            table, ok = take_rows([segments[k][i] for k in names], where, ranges[:, i], ids)
            found.append(table)
            good &= ok
        if good.all():
            return found, ids
        ids = [a for a, ok in zip(ids, good, strict=True) if ok]
        where, ranges = where[good], ranges[good]
        if not ids:
            return [schema.empty_table() for schema in order], []


# Segments decoded lately in this process, with their stored checksum (a batch's hits mostly lie in the segments
# that the batch before read): used only where the database holds the same key with the same checksum, so that the
# memo never serves what the database would not. Emptied by each build (forget_segments).
_SEGMENT_MEMO: dict[tuple[str, str], tuple[str, list[pa.RecordBatch]]] = {}
_SEGMENT_MEMO_SIZE = 8


def forget_segments() -> None:
    """Empty this process's memo of decoded segments (a build starts and ends with it empty)."""
    _SEGMENT_MEMO.clear()


def _segments(
    conn: sqlite3.Connection, names: list[str], order: list[pa.Schema], fingerprint: str
) -> dict[str, list[pa.RecordBatch]]:
    """The segments of those keys that are stored, match their checksum and decode (:func:`decode_segment`),
    stamped as used now."""
    out: dict[str, list[pa.RecordBatch]] = {}
    known = [k for k in names if (fingerprint, k) in _SEGMENT_MEMO]
    for i in range(0, len(known), _LOOKUP_CHUNK):
        chunk = known[i : i + _LOOKUP_CHUNK]
        marks = ",".join("?" * len(chunk))
        for key, digest in conn.execute(f"SELECT key, digest FROM {SEGMENTS} WHERE key IN ({marks})", chunk):
            remembered, known_batches = _SEGMENT_MEMO[(fingerprint, key)]
            if digest == remembered:
                out[key] = known_batches
    stored = ExtractCache.get(conn, [k for k in names if k not in out], SEGMENTS, stamp=False)
    for key, data in stored.items():
        batches = decode_segment(data, order)  # its checksum matched (get): its key is a name, not checked again
        if batches is not None:
            out[key] = batches
            _SEGMENT_MEMO[(fingerprint, key)] = (checksum(key, data), batches)
            while len(_SEGMENT_MEMO) > _SEGMENT_MEMO_SIZE:
                del _SEGMENT_MEMO[next(iter(_SEGMENT_MEMO))]
    try:
        ExtractCache.touch(conn, list(out), SEGMENTS)
    except sqlite3.OperationalError:
        pass  # a stamp only guides pruning
    return out
