"""Write a release directory: CSV, Parquet, a DuckDB file and datapackage.json with hashes, atomically.

Layout of `<out>/<name>/<version>/`:
    datapackage.json      the descriptor, schemas inlined, `bytes` and `hash` of every file
    data/<table>.csv      Frictionless CSV (UTF-8, header, empty cell = null, arrays as JSON)
    data/<table>.parquet  the same rows, typed
    <name>.duckdb         one typed table per resource, with COMMENT ON from the schema descriptions
    load.sql              `duckdb -init load.sql`: views over the Parquet files, no akhbar needed
    skipped.csv           only when a build skipped bad input records (--skip-bad): each record and why
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from akhbar.access.quoting import ident as _ident
from akhbar.access.quoting import literal as _sql_str
from akhbar.errors import ReleaseError
from akhbar.package.descriptor import DESCRIPTOR, same_descriptor
from akhbar.package.hashing import file_digest
from akhbar.package.schema import TableSchema, duckdb_type

DATA_DIR = "data"
DUCKDB_MEMORY_LIMIT = "512MB"
# DuckDB buffers a whole row group (~122k rows) when it writes CSV, over 500 MB for 100k articles' bodies, and a whole
# INSERT until it commits, so a table goes in and out in slices of about this many bytes of its Arrow data.
SLICE_BYTES = 32_000_000
TMP_PREFIX = ".tmp-"
SKIPPED_FILE = "skipped.csv"
# A temporary folder or file of a build names the process that writes it: `.tmp-<what>-<pid>[-<random>]`.
_TMP_PID_RE = re.compile(r"^\.tmp-.*?-(\d+)(?:-\w+)?$")


def write_atomically(path: Path, text: str) -> None:
    """Replace a file's content by a rename, so that a reader (or a crash) sees the old or the new text, never half."""
    tmp = path.with_name(f".tmp-{path.name}-{os.getpid()}")
    try:
        # newline="\n": the same bytes on every platform
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def pid_alive(pid: int) -> bool:
    """True when a process with this id exists (it may belong to another user)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete the `.tmp-...-<pid>` leftovers in ``folder`` of build processes that no longer run; return them."""
    removed = []
    for entry in sorted(Path(folder).glob(f"{TMP_PREFIX}*")) if Path(folder).is_dir() else []:
        m = _TMP_PID_RE.match(entry.name)
        if not m or int(m[1]) == os.getpid() or pid_alive(int(m[1])):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write a table as Parquet with settings that give identical bytes for identical rows."""
    pq.write_table(table, path, compression="zstd", write_statistics=True, store_schema=True)


def create_table_sql(schema: TableSchema) -> str:
    """CREATE TABLE statement typed as the schema says, with NOT NULL and PRIMARY KEY."""
    cols = []
    for f in schema.fields:
        col = f"{_ident(f['name'])} {duckdb_type(f)}"
        if f.get("constraints", {}).get("required"):
            col += " NOT NULL"
        cols.append(col)
    if schema.primary_key:
        cols.append(f"PRIMARY KEY ({', '.join(_ident(c) for c in schema.primary_key)})")
    return f"CREATE TABLE {_ident(schema.name)} (\n  " + ",\n  ".join(cols) + "\n)"


def comment_sql(schema: TableSchema, title: str | None = None) -> list[str]:
    """COMMENT ON statements from the schema's table and field descriptions."""
    stmts = []
    table_doc = title or schema.descriptor.get("description")
    if table_doc:
        stmts.append(f"COMMENT ON TABLE {_ident(schema.name)} IS {_sql_str(table_doc)}")
    for f in schema.fields:
        if f.get("description"):
            stmts.append(f"COMMENT ON COLUMN {_ident(schema.name)}.{_ident(f['name'])} IS {_sql_str(f['description'])}")
    return stmts


def csv_select_sql(schema: TableSchema) -> str:
    """SELECT that renders a table for Frictionless CSV: arrays as JSON, everything else as DuckDB prints it."""
    cols = [
        f"to_json({_ident(f['name'])})::VARCHAR AS {_ident(f['name'])}"
        if f.get("type") == "array"
        else _ident(f["name"])
        for f in schema.fields
    ]
    return f"SELECT {', '.join(cols)} FROM {_ident(schema.name)}"


def row_slices(table: pa.Table, slice_bytes: int = SLICE_BYTES) -> list[tuple[int, int]]:
    """Row ranges [start, stop) that cut a table into slices of about ``slice_bytes`` each (one for a small table)."""
    n = table.num_rows
    rows = max(1, int(slice_bytes * n / table.nbytes)) if table.nbytes else max(n, 1)  # an empty table: one empty slice
    return [(a, min(a + rows, n)) for a in range(0, n, rows)] or [(0, 0)]


def copy_csv(con: duckdb.DuckDBPyConnection, schema: TableSchema, target: Path, slices: list[tuple[int, int]]) -> None:
    """Write a table of ``con`` as CSV, one slice of rows at a time, so DuckDB never buffers the whole table."""
    options = "FORMAT csv, DELIMITER ',', QUOTE '\"'"
    select = csv_select_sql(schema)
    if len(slices) == 1:
        con.execute(f"COPY ({select}) TO {_sql_str(str(target))} ({options}, HEADER true)")
        return
    part = target.with_name(f"{target.name}.part")
    try:
        with open(target, "wb") as out:
            for n, (start, stop) in enumerate(slices):
                # rowid is the insertion order, which the CSV keeps
                con.execute(
                    f"COPY ({select} WHERE rowid >= {start} AND rowid < {stop}) TO {_sql_str(str(part))} ({options}, HEADER {str(n == 0).lower()})"
                )
                with open(part, "rb") as chunk:
                    shutil.copyfileobj(chunk, out)
    finally:
        part.unlink(missing_ok=True)


def write_duckdb_and_csv(
    tables: dict[str, pa.Table],
    schemas: dict[str, TableSchema],
    docs: dict[str, str],
    db_path: Path,
    csv_dir: Path,
    slice_bytes: int = SLICE_BYTES,
) -> None:
    """Write one DuckDB file (a typed table per resource, comments from the schemas) and each table's CSV.

    The CSV comes from DuckDB's writer (header, `\n` line ends, quotes only where needed, empty cell for
    null, `true`/`false`, ISO dates, shortest round-trip numbers), in insertion order, so it is reproducible.
    """
    # A modest buffer pool: DuckDB spills to its file instead of caching the whole release in memory.
    con = duckdb.connect(str(db_path), config={"memory_limit": DUCKDB_MEMORY_LIMIT})
    try:
        for name, table in tables.items():
            schema = schemas[name]
            con.execute(create_table_sql(schema))
            slices = row_slices(table, slice_bytes)
            for start, stop in slices:  # one transaction per slice: its pages can go to the file before the next
                con.register("_incoming", table.slice(start, stop - start))
                con.execute(f"INSERT INTO {_ident(name)} SELECT * FROM _incoming")
                con.unregister("_incoming")
            for stmt in comment_sql(schema, docs.get(name)):
                con.execute(stmt)
            copy_csv(con, schema, csv_dir / f"{name}.csv", slices)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def load_sql(tables: list[str]) -> str:
    """A DuckDB init script that exposes every table as a view over its Parquet file."""
    lines = ["-- duckdb -init load.sql : one view per table over the Parquet files of this release"]
    for name in tables:
        lines.append(
            f"CREATE OR REPLACE VIEW {_ident(name)} AS SELECT * FROM read_parquet('{DATA_DIR}/{name}.parquet');"
        )
    return "\n".join(lines) + "\n"


def release_descriptor(
    project_descriptor: dict[str, Any], schemas: dict[str, TableSchema], root: Path
) -> dict[str, Any]:
    """The release's datapackage.json: the project's descriptor with schemas inlined and file hashes."""
    desc = copy.deepcopy(project_descriptor)
    resources = []
    for res in desc.get("resources", []):
        name = res["name"]
        out = {k: v for k, v in res.items() if k not in ("schema", "path")}
        out["path"] = f"{DATA_DIR}/{name}.csv"
        out.update({"type": "table", "scheme": "file", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8"})
        out["bytes"], out["hash"] = file_digest(root / out["path"])
        out["schema"] = copy.deepcopy(schemas[name].descriptor)
        pq_path = f"{DATA_DIR}/{name}.parquet"
        pq_bytes, pq_hash = file_digest(root / pq_path)
        out["parquet"] = {"path": pq_path, "bytes": pq_bytes, "hash": pq_hash}
        resources.append(out)
    desc["resources"] = resources
    return desc


def write_skipped(root: Path, skipped: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Write the input records a build left out (source, problem) and return the descriptor's entry for them."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["source", "problem"])
    writer.writerows(sorted(skipped))
    (root / SKIPPED_FILE).write_text(text.getvalue(), encoding="utf-8")
    size, digest = file_digest(root / SKIPPED_FILE)
    return {
        "path": SKIPPED_FILE,
        "description": "Input records left out of this release (akhbar build --skip-bad): FILE:RECORD and the problem.",
        "count": len(skipped),
        "bytes": size,
        "hash": digest,
    }


def write_release_files(
    root: Path,
    project_descriptor: dict[str, Any],
    schemas: dict[str, TableSchema],
    tables: dict[str, pa.Table],
    skipped: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """Write every file of a release into ``root`` (which must be empty) and return its descriptor.

    ``skipped`` (input records left out, with why) is written to skipped.csv and named in the descriptor.
    """
    (root / DATA_DIR).mkdir(parents=True, exist_ok=True)
    docs = {r["name"]: r.get("description", r.get("title", "")) for r in project_descriptor.get("resources", [])}
    for name, table in tables.items():
        write_parquet(table, root / DATA_DIR / f"{name}.parquet")
    db_name = f"{project_descriptor['name']}.duckdb"
    write_duckdb_and_csv(tables, schemas, docs, root / db_name, root / DATA_DIR)
    (root / "load.sql").write_text(load_sql(list(tables)), encoding="utf-8")
    desc = release_descriptor(project_descriptor, schemas, root)
    # DuckDB writes a random salt into its file header, so its bytes differ between identical builds: its
    # hash is recorded all the same (readers verify it before use), and it is the one entry of the descriptor
    # that differs between builds of the same inputs (`same_descriptor` sets it aside).
    db_bytes, db_hash = file_digest(root / db_name)
    desc["duckdb"] = {
        "path": db_name,
        "description": "The tables above in one DuckDB database (derived file: its bytes differ between builds).",
        "bytes": db_bytes,
        "hash": db_hash,
    }
    if skipped:
        desc["skipped"] = write_skipped(root, skipped)
    (root / DESCRIPTOR).write_text(json.dumps(desc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return desc


def publish(
    out_dir: Path,
    project_descriptor: dict[str, Any],
    schemas: dict[str, TableSchema],
    tables: dict[str, pa.Table],
    check: Callable[[Path], None] | None = None,
    force: bool = False,
    skipped: Sequence[tuple[str, str]] = (),
) -> Path:
    """Write a release to a temporary folder, run ``check`` on it, then rename it into place.

    A failure at any point removes the temporary folder. An existing release is never modified: rebuilding
    it with identical data is a no-op, with different data an error, unless ``force`` replaces it as a whole.
    ``tables`` is emptied once its tables are written, so that the check (which reads the files back) does
    not run with a second copy of every table in memory.
    """
    name, version = project_descriptor["name"], project_descriptor["version"]
    parent = Path(out_dir) / name
    final = parent / version
    tmp = parent / f"{TMP_PREFIX}{version}-{os.getpid()}"
    try:
        parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(parent)  # left by builds that were killed (kill -9, power loss)
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir()
    except OSError as exc:
        raise ReleaseError(f"cannot write under {parent}: {exc.strerror or exc} (choose a writable --out)") from None
    try:
        try:
            write_release_files(tmp, project_descriptor, schemas, tables, skipped)
        except OSError as exc:
            raise ReleaseError(f"cannot write the release in {tmp}: {exc.strerror or exc}") from exc
        tables.clear()
        if final.exists() and not force:
            if _same_data(final, tmp):
                shutil.rmtree(tmp)
                return final
            raise ReleaseError(
                f"{final} already exists with different data: releases are immutable; "
                "bump the version (akhbar release --bump ...) or pass --force"
            )
        if check is not None:
            check(tmp)
        if final.exists():
            old = parent / f"{TMP_PREFIX}old-{version}-{os.getpid()}"
            os.rename(final, old)
            os.rename(tmp, final)
            shutil.rmtree(old)
        else:
            os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def _same_data(a: Path, b: Path) -> bool:
    """True when two release folders have the same descriptor (which hashes every data file), apart from the
    DuckDB file's size and hash, which differ between builds of the same rows."""
    try:
        return same_descriptor((a / DESCRIPTOR).read_bytes(), (b / DESCRIPTOR).read_bytes())
    except OSError:
        return False
