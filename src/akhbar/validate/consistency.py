"""The derived copies of a release (Parquet files, the DuckDB file) hold exactly the CSV's rows.

The CSV files are the hashed, published contract; analysts mostly read the Parquet files and the
DuckDB file, which carries no hash (DuckDB writes a random salt into it). This check compares both
copies with the typed CSV rows (`cells.read_table`), so a stale or edited copy cannot ship.
"""

from __future__ import annotations

import math

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from akhbar.validate.cells import ParsedTable
from akhbar.validate.release_data import Release
from akhbar.validate.report import MAX_EXAMPLES, Failure

ENGINE = "release"


def _same(a: pa.ChunkedArray, b: pa.ChunkedArray) -> np.ndarray:
    """Per row: equal values, both null, or both NaN."""
    if pa.types.is_list(a.type) or pa.types.is_list(b.type) or a.type != b.type:
        return np.array(
            [
                x == y or (isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y))
                for x, y in zip(a.to_pylist(), b.to_pylist())
            ],
            dtype=bool,
        )
    eq = pc.fill_null(pc.equal(a, b), False)
    both_null = pc.and_(pc.is_null(a), pc.is_null(b))
    same = pc.or_(eq, both_null)
    if pa.types.is_floating(a.type):
        same = pc.or_(same, pc.fill_null(pc.and_(pc.is_nan(a), pc.is_nan(b)), False))
    return same.to_numpy(zero_copy_only=False)


def _fetch_arrow(con: duckdb.DuckDBPyConnection, sql: str) -> pa.Table:
    """A query's result as an Arrow table (the method's name changed across DuckDB versions)."""
    rel = con.sql(sql)
    fetch = getattr(rel, "to_arrow_table", None) or rel.arrow
    return fetch()


def compare(expected: pa.Table, actual: pa.Table) -> tuple[list[int], str]:
    """Indices of rows that differ (all rows when the shape differs) and a short reason."""
    if actual.column_names != expected.column_names:
        return list(range(expected.num_rows)), f"columns {actual.column_names} != {expected.column_names}"
    if actual.num_rows != expected.num_rows:
        return list(
            range(max(actual.num_rows, expected.num_rows))
        ), f"{actual.num_rows} rows, CSV has {expected.num_rows}"
    differ = np.zeros(expected.num_rows, dtype=bool)
    cols = []
    for name in expected.column_names:
        bad = ~_same(expected.column(name), actual.column(name))
        if bad.any():
            cols.append(name)
            differ |= bad
    return np.flatnonzero(differ).tolist(), f"differs in {', '.join(cols)}" if cols else ""


def _failure(release: Release, parsed: ParsedTable, column: str, idx: list[int], reason: str) -> Failure:
    """A derived-mismatch report row with the CSV keys of the first differing rows."""
    pk = release.primary_key(parsed.name)
    first = [i for i in idx[:MAX_EXAMPLES] if i < parsed.num_rows]
    keys = []
    if pk and first:
        cols = [parsed.raw.column(c).take(pa.array(first, pa.int64())).to_pylist() for c in pk]
        keys = ["/".join(str(v) for v in vals) for vals in zip(*cols)]
    return Failure(
        ENGINE,
        parsed.name,
        "derived-mismatch",
        count=len(idx),
        column=column,
        rows=[i + 2 for i in first],
        keys=keys,
        message=reason,
    )


def _sql_str(text: str) -> str:
    """An SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _digest(con: duckdb.DuckDBPyConnection, relation: str) -> tuple[int, int]:
    """Row count and an order-independent digest of every row (DuckDB, multi-threaded)."""
    count, total = con.execute(f"select count(*), coalesce(sum(hash(x)::hugeint), 0) from {relation} x").fetchall()[0]
    return int(count), int(total)


def run(release: Release, tables: dict[str, ParsedTable]) -> tuple[list[Failure], int]:
    """Compare each table's Parquet file and DuckDB table with its CSV rows.

    DuckDB digests the three copies of each table (row count and the sum of row hashes, a fraction of
    a second at 1M rows); only a copy whose digest or columns differ is compared row by row."""
    failures: list[Failure] = []
    n_checks = 0
    # rows that failed their type are already reported; comparing them again would only repeat it
    comparable = {n: p for n, p in tables.items() if not p.invalid and not p.problems}
    if not comparable:
        return failures, n_checks
    con = duckdb.connect()
    try:
        db = release.duckdb_path()
        present: set[str] = set()
        if db is not None and db.is_file():
            try:
                con.execute(f"ATTACH {_sql_str(str(db))} AS rel (READ_ONLY)")
                present = {
                    r[0]
                    for r in con.execute(
                        "select table_name from duckdb_tables() where database_name = 'rel'"
                    ).fetchall()
                }
            except duckdb.Error as exc:
                failures.append(
                    Failure(ENGINE, "", "derived-mismatch", count=1, column=db.name, message=f"unreadable: {exc}")
                )
                db = None
        for name, parsed in comparable.items():
            con.register("csv_rows", parsed.typed)
            expected = _digest(con, "csv_rows")
            copies = []
            path = release.parquet_path(name)
            if path is not None and path.is_file():
                copies.append((path.name, f"read_parquet({_sql_str(str(path))})", lambda p=path: pq.read_table(p)))
            if db is not None:
                if name in present:
                    copies.append(
                        (db.name, f'rel."{name}"', lambda n=name: _fetch_arrow(con, f'select * from rel."{n}"'))
                    )
                else:
                    failures.append(
                        Failure(
                            ENGINE,
                            name,
                            "derived-mismatch",
                            count=parsed.num_rows,
                            column=db.name,
                            message="table missing",
                        )
                    )
            for label, relation, fetch in copies:
                n_checks += 1
                try:
                    columns = con.sql(f"select * from {relation} limit 0").columns
                    same = columns == parsed.typed.column_names and _digest(con, relation) == expected
                except duckdb.Error as exc:
                    failures.append(
                        Failure(
                            ENGINE,
                            name,
                            "derived-mismatch",
                            count=parsed.num_rows,
                            column=label,
                            message=f"unreadable: {exc}",
                        )
                    )
                    continue
                if same:
                    continue
                try:
                    idx, reason = compare(parsed.typed, fetch())
                except (OSError, pa.ArrowException, duckdb.Error) as exc:
                    idx, reason = list(range(parsed.num_rows)), f"unreadable: {exc}"
                if idx:
                    failures.append(_failure(release, parsed, label, idx, reason or "rows differ"))
            con.unregister("csv_rows")
    finally:
        con.close()
    return failures, n_checks
