"""Frictionless: the published contract, i.e. datapackage.json and the files it names.

Frictionless checks what only it can judge, at byte-stream speed:
- `descriptor`: datapackage.json and every inlined Table Schema are valid Frictionless descriptors;
- `hash` / `bytes`: every CSV and Parquet file has the sha256 and size the descriptor states
  (read as plain files with the recorded algorithm only, so a 1M-row table costs one pass of hashing, not 1M
  parsed rows; the findings are Frictionless's `hash-count` and `byte-count` errors);
- `missing-file`: every file the descriptor names exists (CSV, Parquet, the DuckDB file);
- `header`: the CSV header row equals the schema's field names, in order;
- and, as a cross-check of the pandera translator, the full Frictionless row checks (type, required,
  unique, enum, pattern, minimum/maximum, length, primary and foreign keys) over the first `SAMPLE_ROWS`
  rows of each table (fewer when rows are long: at most SAMPLE_BYTES of CSV). Frictionless reads rows
  one at a time (about 75,000 rows/s), so the rows beyond the sample are checked by the pandera engine,
  which checks every row of every table. A foreign key into a table larger than SAMPLE_BYTES is left to
  pandera too: Frictionless would read that table whole for its lookup.

The sample of a table is its first SAMPLE_ROWS rows, fewer where they do not all end within its first
SAMPLE_BYTES of CSV (long rows): a function of the file's first bytes only, so that rows added further down the
file leave it as it was.

With a cache folder (``akhbar build`` gives its extraction cache's; ``--no-cache`` none), a sample that passed is
remembered (`SampleVerdicts`): under the digest of its context (akhbar's code and its dependencies' versions,
Frictionless's among them; the descriptor Frictionless is given; the number of rows read; the whole file of every
table its foreign keys reference, which Frictionless reads whole), the number of the CSV's first bytes that
Frictionless read for it (the OS file position after its last row: it reads forward only, but for the encoding
detection at the top) and their digest. Frictionless's verdict is a deterministic function of what it reads: a
later release whose context is the same and whose CSV starts with the same bytes (as many as were read; the same
size too where the whole file was read) gets the same reads, so the same verdict: a pass, not read again. Failures
are never remembered (they are found again, with their rows), and the descriptor, file hashes and sizes are
checked on every run.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from frictionless import FrictionlessException, Package, errors

from akhbar.package.hashing import digest
from akhbar.validate.release_data import Release
from akhbar.validate.report import MAX_EXAMPLES, Failure

ENGINE = "frictionless"
SAMPLE_ROWS = 10_000
# Frictionless parses about 10 MB of CSV a second: sample at most this much of each table, and check a
# foreign key only when the referenced table is this small (Frictionless reads it whole for the lookup).
SAMPLE_BYTES = 4_000_000
# Frictionless reads the first 10,000 bytes of a file to detect its encoding, then starts again from the top:
# a bound on how far that read goes (its buffered reader reads ahead by 8 kB at most).
DETECTION_BYTES = 1 << 16
# Bumped when a remembered verdict changes meaning.
VERDICT_FORMAT = "akhbar-frictionless-sample/1"

_HEADER_ERRORS = {
    "extra-label",
    "missing-label",
    "blank-label",
    "duplicate-label",
    "incorrect-label",
    "label-error",
    "header-error",
    "blank-header",
    "unmatched-header",
}
_STRUCTURE_ERRORS = {
    "extra-cell",
    "missing-cell",
    "blank-row",
    "row-error",
    "encoding-error",
    "format-error",
    "source-error",
}
_FILE_ERRORS = {"scheme-error", "resource-error", "file-error"}
_RULES = {
    "type-error": "type",
    "unique-error": "unique",
    "primary-key": "primary-key",
    "foreign-key": "foreign-key",
    "hash-count": "hash",
    "byte-count": "bytes",
}
_CONSTRAINT_RE = re.compile(r'constraint "(\w+)"')
_HEX_RE = re.compile(r"[0-9a-f]{32,}")


def rule_code(error: Any) -> str:
    """Our stable rule code of a Frictionless error."""
    etype = error.type
    if etype == "constraint-error":
        m = _CONSTRAINT_RE.search(error.note or "")
        return m.group(1) if m else "constraint"
    if etype in _RULES:
        return _RULES[etype]
    if etype in _HEADER_ERRORS:
        return "header"
    if etype in _STRUCTURE_ERRORS:
        return "structure"
    if etype in _FILE_ERRORS:
        return (
            "missing-file"
            if "No such file" in (error.note or "") or "not found" in (error.note or "")
            else "descriptor"
        )
    return "descriptor"


def csv_bytes(release: Release, name: str) -> int:
    """Size of a table's CSV file (0 when missing)."""
    path = release.csv_path(name)
    return path.stat().st_size if path.is_file() else 0


def row_ends(data: bytes) -> np.ndarray:
    """Offsets just past each line break of CSV bytes that ends a row (one after an even number of quotes)."""
    view = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(view == 34)
    newlines = np.flatnonzero(view == 10)
    return newlines[(np.searchsorted(quotes, newlines) & 1) == 0] + 1


def sample_size(path: Path, sample_rows: int) -> int:
    """Rows of a table's CSV that Frictionless reads: ``sample_rows``, fewer when they do not end within the first
    SAMPLE_BYTES (long rows); a function of those bytes only (see the module docstring)."""
    if path.stat().st_size <= SAMPLE_BYTES:
        return sample_rows
    with open(path, "rb") as fh:
        head = fh.read(SAMPLE_BYTES)
    return max(1, min(sample_rows, len(row_ends(head)) - 1))  # the header's line break ends no data row


class SampleVerdicts:
    """The tables whose Frictionless sample passed before, remembered in a cache folder's database (or nowhere).

    An entry's key is the digest of a sample's context (:func:`context_key`); its value, the bytes Frictionless
    read of the CSV for that pass: how many (8 bytes), whether that was the whole file (1 byte) and their SHA-256.
    A cache that cannot be used counts in ``errors`` and every sample is validated.
    """

    def __init__(self, cache_dir: Path | None) -> None:
        self.cache_dir = cache_dir
        self.hits = 0
        self.errors = 0

    def passed(self, key: str, path: Path) -> bool:
        """Whether a pass is stored for this context and the CSV file starts with the bytes that pass read."""
        if self.cache_dir is None:
            return False
        from akhbar.pipeline.cache import VERDICTS, ExtractCache

        try:
            with ExtractCache(self.cache_dir).connect() as conn:
                value = ExtractCache.get(conn, [key], VERDICTS).get(key)
        except (sqlite3.Error, OSError):
            self.errors += 1
            return False
        if value is None or len(value) != 8 + 1 + 32:
            return False
        read, whole, digest_ = int.from_bytes(value[:8], "little"), value[8] == 1, value[9:]
        if whole and path.stat().st_size != read:
            return False
        with open(path, "rb") as fh:
            found = hashlib.sha256(fh.read(read)).digest() == digest_
        self.hits += found
        return found

    def remember(self, key: str, path: Path, read: int, whole: bool) -> None:
        """Store a pass that read the first ``read`` bytes of the file (``whole``: all of it)."""
        if self.cache_dir is None:
            return
        from akhbar.pipeline.cache import VERDICTS, ExtractCache

        with open(path, "rb") as fh:
            value = read.to_bytes(8, "little") + bytes([whole]) + hashlib.sha256(fh.read(read)).digest()
        try:
            with ExtractCache(self.cache_dir).connect() as conn:
                ExtractCache.put(conn, [(key, value)], VERDICTS)
        except (sqlite3.Error, OSError):
            self.errors += 1


def context_key(release: Release, descriptor: dict[str, Any], name: str, rows: int) -> str:
    """The digest of what a table's sample verdict depends on besides the bytes read of its CSV: akhbar's code and
    its dependencies' versions, the descriptor Frictionless is given, the number of rows read, and the whole CSV
    of every table its foreign keys reference (Frictionless reads them whole for the lookup)."""
    from akhbar.pipeline.cache import package_fingerprint

    h = hashlib.sha256(f"{VERDICT_FORMAT}\n{package_fingerprint()}\n{name}\n{rows}\n".encode())
    h.update(json.dumps(descriptor, sort_keys=True, ensure_ascii=False).encode("utf-8") + b"\0")
    resource = next((r for r in descriptor.get("resources", []) if isinstance(r, dict) and r.get("name") == name), {})
    for fk in (resource.get("schema") or {}).get("foreignKeys") or []:
        target = str((fk.get("reference") or {}).get("resource") or name)
        path = release.csv_path(target) if target in release.table_names else None
        h.update(target.encode("utf-8") + b"\0")
        h.update(digest(path)[1].encode() if path is not None and path.is_file() else b"<missing>")
    return h.hexdigest()


def _file_position(resource: Any) -> int | None:
    """How far into its file a resource being read has read (the OS file position), or None when unknown."""
    try:
        return int(resource._TableResource__parser.loader.byte_stream.raw.tell())
    except (AttributeError, OSError, ValueError, TypeError):
        return None


def validate_sample(resource: Any, path: Path, rows: int) -> tuple[list[Any], tuple[int, bool] | None]:
    """Frictionless's validation of a table's first ``rows`` rows: its errors, and how many bytes of the file it
    read and whether that was all of it (None when unknown).

    The bytes read are the OS file position after the last row (reading goes forward but for the encoding
    detection's first DETECTION_BYTES, which are counted in any case); a table with fewer rows was read whole.
    """
    seen = [0, 0]  # rows, file position after the last

    def on_row(row: Any) -> None:
        position = _file_position(resource)
        seen[0] += 1
        seen[1] = -1 if position is None or seen[1] < 0 else position

    report = resource.validate(limit_rows=rows, on_row=on_row)
    found = list(report.errors) + [e for task in report.tasks for e in task.errors]
    size = path.stat().st_size
    if seen[1] < 0:
        return found, None
    if seen[0] < rows or seen[1] >= size:
        return found, (size, True)
    return found, (max(seen[1], min(size, DETECTION_BYTES)), False)


def _checked_descriptor(release: Release) -> dict[str, Any]:
    """The descriptor Frictionless validates: without table hashes/bytes (checked on the plain files), and
    without foreign keys into tables above SAMPLE_BYTES (Frictionless would read them whole)."""
    desc = copy.deepcopy(release.descriptor)
    sizes = {name: csv_bytes(release, name) for name in release.table_names}
    for res in desc.get("resources", []):
        if not isinstance(res, dict):
            continue
        res.pop("hash", None)
        res.pop("bytes", None)
        res.pop("parquet", None)
        schema = res.get("schema")
        if isinstance(schema, dict) and isinstance(schema.get("foreignKeys"), list):
            schema["foreignKeys"] = [
                fk
                for fk in schema["foreignKeys"]
                if sizes.get(str((fk.get("reference") or {}).get("resource") or res.get("name")), 0) <= SAMPLE_BYTES
            ]
    desc.pop("duckdb", None)
    return desc


def _short(error: Any) -> str:
    """Frictionless's note on an error (its message repeats row and field), with hashes shortened."""
    text = getattr(error, "note", "") or getattr(error, "message", "")
    return _HEX_RE.sub(lambda m: m.group(0)[:12] + "…", text)[:200]


def _group(errors: list[tuple[str, Any]], release: Release) -> list[Failure]:
    """Report rows from (table, error) pairs, grouped by table, rule and field (or file, for file errors)."""
    groups: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
    for table, error in errors:
        where = getattr(error, "akhbar_file", "") or getattr(error, "field_name", "") or ""
        groups[(table, rule_code(error), where)].append(error)
    out = []
    for (table, rule, column), errs in sorted(groups.items()):
        rows = [e.row_number for e in errs if getattr(e, "row_number", None)]
        keys: list[str] = []
        try:
            schema = release.schema(table)
            positions = [schema.field_names.index(c) for c in schema.primary_key]
        except (KeyError, ValueError):
            positions = []
        for e in errs[:MAX_EXAMPLES]:
            cells = getattr(e, "cells", None)
            if positions and cells and all(p < len(cells) for p in positions):
                keys.append("/".join(str(cells[p]) for p in positions))
        out.append(
            Failure(
                ENGINE,
                table,
                rule,
                count=len(errs),
                column=column,
                rows=rows[:MAX_EXAMPLES],
                keys=keys,
                message=_short(errs[0]),
            )
        )
    return out


def _check_file(release: Release, table: str, entry: dict[str, Any]) -> list[tuple[str, Any]]:
    """Hash, size and presence of one file, read as plain bytes and compared with the descriptor.

    Only the recorded algorithm is computed: Frictionless's byte stream would hash every byte twice (md5 and
    sha256) and sniff an encoding, for a comparison with one recorded hash; the verdict and its errors (Frictionless's
    `hash-count`, `byte-count`, and `scheme-error` for an unreadable file, as its loader reports one) are the same.
    """
    path = release.root / entry["path"]
    if not path.is_file():
        return [(table, _Missing(entry["path"]))]
    algorithm, _, expected = (entry.get("hash") or "").rpartition(":")
    algorithm = "md5" if algorithm == "md5" else "sha256"  # Frictionless's stats: md5, else sha256
    found: list[Any] = []
    try:
        size, actual = digest(path, algorithm)
    except OSError as exc:
        found.append(errors.SchemeError(note=str(exc)))
    else:
        if entry.get("hash") and expected != actual:
            found.append(errors.HashCountError(note=f'expected is "{expected}" and actual is "{actual}"'))
        if entry.get("bytes") is not None and entry["bytes"] != size:
            found.append(errors.ByteCountError(note=f'expected is "{entry["bytes"]}" and actual is "{size}"'))
    for e in found:
        e.akhbar_file = entry["path"]  # the report row names the file, since a table has two (CSV, Parquet)
    return [(table, e) for e in found]


def _validate_errors(resource: Any, rows: int) -> list[Any]:
    """The errors of Frictionless's validation of a resource's first ``rows`` rows."""
    report = resource.validate(limit_rows=rows)
    return list(report.errors) + [e for task in report.tasks for e in task.errors]


class _Missing:
    """A stand-in error for a file the descriptor names but the folder lacks."""

    type = "file-error"
    field_name = ""
    row_number = None
    cells = None

    def __init__(self, path: str) -> None:
        self.akhbar_file = path
        self.note = "No such file"
        self.message = f"{path}: No such file"


def run(
    release: Release, sample_rows: int = SAMPLE_ROWS, verdicts: SampleVerdicts | None = None
) -> tuple[list[Failure], int]:
    """Validate the descriptor, every file's hash/bytes, headers and a sample of rows; return failures and checks run.

    ``verdicts`` remembers the samples that passed (see the module docstring); without it every sample is read.
    """
    verdicts = verdicts or SampleVerdicts(None)
    errors: list[tuple[str, Any]] = []
    n_checks = 1
    try:
        descriptor = _checked_descriptor(release)
        package = Package(descriptor, basepath=str(release.root))
        package.to_descriptor(validate=True)  # raises on an invalid descriptor or schema
        for name in release.table_names:
            if not package.has_resource(name):
                continue
            n_checks += 1
            path = release.csv_path(name)
            if not path.is_file():  # reported by Frictionless, and nothing to remember
                errors += [(name, e) for e in _validate_errors(package.get_resource(name), sample_rows)]
                continue
            rows = sample_size(path, sample_rows)
            key = context_key(release, descriptor, name, rows)
            if verdicts.passed(key, path):
                continue
            found, read = validate_sample(package.get_resource(name), path, rows)
            errors += [(name, e) for e in found]
            if not found and read is not None:
                verdicts.remember(key, path, *read)
    except FrictionlessException as exc:
        errors += [("", e) for e in exc.to_errors()]
    for res in release.resources:
        for entry in (res, res.get("parquet")):
            if isinstance(entry, dict) and entry.get("path"):
                n_checks += 1
                if entry is res and not (release.root / res["path"]).is_file():
                    continue  # the table validation above already reported it missing
                errors += _check_file(release, res["name"], entry)
    db = release.duckdb_path()
    if db is not None:
        n_checks += 1
        if not db.is_file():
            errors.append(("", _Missing(release.descriptor["duckdb"]["path"])))
        else:
            errors += _check_file(release, "", release.descriptor["duckdb"])  # its size and hash, when recorded
    return _group(errors, release), n_checks
