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
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from frictionless import FrictionlessException, Package, errors

from akhbar.package.hashing import digest
from akhbar.validate.release_data import Release
from akhbar.validate.report import MAX_EXAMPLES, Failure

ENGINE = "frictionless"
SAMPLE_ROWS = 10_000
# Frictionless parses about 10 MB of CSV a second: sample at most this much of each table, and check a
# foreign key only when the referenced table is this small (Frictionless reads it whole for the lookup).
SAMPLE_BYTES = 4_000_000

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


def row_count(release: Release, name: str) -> int | None:
    """Rows of a table from its Parquet footer (no data read), or None when unknown."""
    path = release.parquet_path(name)
    try:
        return pq.ParquetFile(path).metadata.num_rows if path is not None and path.is_file() else None
    except (OSError, pa.ArrowException):
        return None


def csv_bytes(release: Release, name: str) -> int:
    """Size of a table's CSV file (0 when missing)."""
    path = release.csv_path(name)
    return path.stat().st_size if path.is_file() else 0


def sample_size(release: Release, name: str, sample_rows: int) -> int:
    """Rows of a table Frictionless reads: `sample_rows`, fewer when its rows are long (SAMPLE_BYTES)."""
    rows = row_count(release, name)
    size = csv_bytes(release, name)
    if not rows or size <= SAMPLE_BYTES:
        return sample_rows
    return max(1, min(sample_rows, int(SAMPLE_BYTES / (size / rows))))


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


def run(release: Release, sample_rows: int = SAMPLE_ROWS) -> tuple[list[Failure], int]:
    """Validate the descriptor, every file's hash/bytes, headers and a sample of rows; return failures and checks run."""
    errors: list[tuple[str, Any]] = []
    n_checks = 1
    try:
        package = Package(_checked_descriptor(release), basepath=str(release.root))
        package.to_descriptor(validate=True)  # raises on an invalid descriptor or schema
        for name in release.table_names:
            if not package.has_resource(name):
                continue
            report = package.get_resource(name).validate(limit_rows=sample_size(release, name, sample_rows))
            errors += [(name, e) for e in report.errors]
            errors += [(name, e) for task in report.tasks for e in task.errors]
            n_checks += 1
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
