"""Release writer: atomic publish, immutability, CSV that Frictionless reads back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pytest

from akhbar.package.release import ReleaseError, create_table_sql, publish, row_slices, write_duckdb_and_csv
from akhbar.package.schema import TableSchema

SCHEMA = TableSchema(
    "things",
    {
        "fields": [
            {"name": "id", "type": "string", "description": "Key.", "constraints": {"required": True}},
            {"name": "n", "type": "integer"},
            {"name": "x", "type": "number"},
            {"name": "ok", "type": "boolean"},
            {"name": "day", "type": "date"},
            {"name": "tags", "type": "array"},
        ],
        "primaryKey": ["id"],
        "missingValues": [""],
    },
)
DESCRIPTOR = {"name": "pkg", "version": "1.2.3", "resources": [{"name": "things", "description": "Some things."}]}


def table() -> pa.Table:
    """A small table using every supported type, with nulls."""
    return pa.table(
        {
            "id": ["a", "b"],
            "n": [1, None],
            "x": [3.7e9, None],
            "ok": [True, False],
            "day": [dt.date(2024, 7, 3), None],
            "tags": [["شي", "شي جين بينغ"], []],
        },
        schema=SCHEMA.arrow_schema(),
    )


def test_publish_writes_all_files_and_frictionless_reads_csv_back(tmp_path: Path):
    from frictionless import Resource

    release = publish(tmp_path, DESCRIPTOR, {"things": SCHEMA}, {"things": table()})
    assert release == tmp_path / "pkg" / "1.2.3"
    assert {p.name for p in release.iterdir()} == {"data", "datapackage.json", "pkg.duckdb", "load.sql"}
    csv_text = (release / "data" / "things.csv").read_text(encoding="utf-8")
    assert csv_text.splitlines() == [
        "id,n,x,ok,day,tags",
        'a,1,3700000000.0,true,2024-07-03,"[""شي"",""شي جين بينغ""]"',
        "b,,,false,,[]",
    ]
    desc = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    resource = Resource(desc["resources"][0], basepath=str(release))
    rows = resource.read_rows()
    assert rows[0]["x"] == 3.7e9 and rows[0]["day"] == dt.date(2024, 7, 3) and rows[0]["tags"] == ["شي", "شي جين بينغ"]
    assert rows[1]["n"] is None


def test_existing_version_is_never_overwritten(tmp_path: Path):
    first = publish(tmp_path, DESCRIPTOR, {"things": SCHEMA}, {"things": table()})
    before = {p: p.stat().st_mtime_ns for p in first.rglob("*")}
    # identical data: a no-op that returns the published release untouched
    assert publish(tmp_path, DESCRIPTOR, {"things": SCHEMA}, {"things": table()}) == first
    # different data under the same version: refused
    with pytest.raises(ReleaseError, match="immutable"):
        publish(tmp_path, DESCRIPTOR, {"things": SCHEMA}, {"things": table().slice(0, 1)})
    assert {p: p.stat().st_mtime_ns for p in first.rglob("*")} == before
    assert sorted(p.name for p in (tmp_path / "pkg").iterdir()) == ["1.2.3"]


def test_failed_check_leaves_nothing_behind(tmp_path: Path):
    def reject(path: Path) -> None:
        assert (path / "datapackage.json").exists()  # the check sees a complete release
        raise RuntimeError("quality gate failed")

    with pytest.raises(RuntimeError):
        publish(tmp_path, DESCRIPTOR, {"things": SCHEMA}, {"things": table()}, check=reject)
    assert list((tmp_path / "pkg").iterdir()) == []


def test_force_replaces_whole_release_only_after_success(tmp_path: Path):
    first = publish(tmp_path, DESCRIPTOR, {"things": SCHEMA}, {"things": table()})
    marker = first / "data" / "things.csv"
    before = marker.read_bytes()
    with pytest.raises(RuntimeError):
        publish(
            tmp_path,
            DESCRIPTOR,
            {"things": SCHEMA},
            {"things": table().slice(0, 1)},
            check=lambda p: (_ for _ in ()).throw(RuntimeError("no")),
            force=True,
        )
    assert marker.read_bytes() == before
    publish(tmp_path, DESCRIPTOR, {"things": SCHEMA}, {"things": table().slice(0, 1)}, force=True)
    assert marker.read_bytes() != before
    assert sorted(p.name for p in (tmp_path / "pkg").iterdir()) == ["1.2.3"]


def test_create_table_sql_follows_schema():
    sql = create_table_sql(SCHEMA)
    assert '"id" VARCHAR NOT NULL' in sql and '"tags" VARCHAR[]' in sql and 'PRIMARY KEY ("id")' in sql


def test_publish_lets_go_of_the_tables_before_the_check(tmp_path: Path):
    tables = {"things": table()}
    seen: list[int] = []
    publish(tmp_path, DESCRIPTOR, {"things": SCHEMA}, tables, check=lambda root: seen.append(len(tables)))
    assert seen == [0]  # the check ran with the written tables already released


def test_tables_go_in_and_out_in_slices_with_the_same_bytes(tmp_path: Path):
    import duckdb

    many = pa.concat_tables([table()] * 50)
    many = many.set_column(0, "id", pa.array([f"k{i:03d}" for i in range(many.num_rows)]))
    slice_bytes = many.nbytes // 7
    assert len(row_slices(many, slice_bytes)) >= 7  # the small slices really cut the table
    written = {}
    for label, size in (("whole", 10**12), ("sliced", slice_bytes)):
        out = tmp_path / label
        out.mkdir()
        write_duckdb_and_csv({"things": many}, {"things": SCHEMA}, {}, out / "t.duckdb", out, slice_bytes=size)
        written[label] = (out / "things.csv").read_bytes()
        assert not list(out.glob("*.part"))  # no slice file left behind
        with duckdb.connect(str(out / "t.duckdb"), read_only=True) as con:
            assert [r[0] for r in con.execute("select id from things").fetchall()] == many["id"].to_pylist()
    assert written["sliced"] == written["whole"]
    assert written["whole"].decode().count("\n") == many.num_rows + 1  # one header, every row once


def test_an_empty_table_without_buffers_is_one_empty_slice():
    empty = pa.schema([("id", pa.string())]).empty_table()
    assert row_slices(empty) == [(0, 0)]
