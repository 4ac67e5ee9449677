"""End to end: build a release from the committed raw articles, check its hashes, query it with DuckDB."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import pytest

from akhbar.package.descriptor import same_descriptor
from akhbar.pipeline.build import build


def sha256_file(path: Path) -> str:
    """Frictionless-style hash of a file."""
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def test_release_layout_and_hashes(built_release: Path):
    desc = json.loads((built_release / "datapackage.json").read_text(encoding="utf-8"))
    assert built_release.name == desc["version"] and built_release.parent.name == desc["name"]
    names = [r["name"] for r in desc["resources"]]
    assert names[0] == "articles"
    for res in desc["resources"]:
        for entry in (res, res["parquet"]):
            path = built_release / entry["path"]
            assert path.stat().st_size == entry["bytes"], entry["path"]
            assert sha256_file(path) == entry["hash"], entry["path"]
        assert isinstance(res["schema"], dict) and res["schema"]["fields"]  # inlined, not a path
    assert not [p for p in built_release.parent.iterdir() if p.name.startswith(".tmp-")]


def test_release_was_validated_by_three_engines_and_has_its_page(built_release: Path):
    report = json.loads((built_release / "validation" / "report.json").read_text(encoding="utf-8"))
    assert report["valid"] is True and report["failures"] == []
    assert {"frictionless", "pandera", "gx"} <= {e["engine"] for e in report["engines"]}
    assert (built_release / "validation" / "data-docs" / "index.html").is_file()
    assert (built_release / "index.html").is_file()


def test_every_extracted_row_points_at_its_text(release_tables):
    """<field text>[start:end] == surface (quotes: the body), and the seed titles give mentions and figures."""
    articles = release_tables["articles"].set_index("article_id")
    for table, column in (("mentions", "surface"), ("figures", "surface"), ("quotes", "text")):
        rows = release_tables[table]
        assert len(rows) > 0, table
        for r in rows.itertuples(index=False):
            field = getattr(r, "field", "body")
            assert articles.loc[r.article_id, field][r.start : r.end] == getattr(r, column), (table, r)
    for table in ("mentions", "figures"):
        assert set(release_tables[table]["field"]) == {"body", "title"}, table


def test_duckdb_file_is_typed_commented_and_queryable(built_release: Path, project_root: Path):
    con = duckdb.connect(str(built_release / "akhbar-news.duckdb"), read_only=True)
    rows = con.execute("select article_id, title, n_words from articles order by article_id").fetchall()
    assert [r[0] for r in rows] == sorted(p.stem for p in (project_root / "raw").glob("*.txt"))
    assert all(r[2] > 100 for r in rows)
    types = dict(
        con.execute(
            "select column_name, data_type from information_schema.columns where table_name='articles'"
        ).fetchall()
    )
    assert types["published"] == "DATE" and types["n_chars"] == "BIGINT" and types["body"] == "VARCHAR"
    comment = con.execute(
        "select comment from duckdb_columns() where table_name='articles' and column_name='body'"
    ).fetchone()[0]
    schema = json.loads((project_root / "schemas" / "articles.schema.json").read_text(encoding="utf-8"))
    assert comment == next(f["description"] for f in schema["fields"] if f["name"] == "body")
    # body lengths agree with n_chars (Python code points = DuckDB characters)
    assert con.execute("select count(*) from articles where length(body) <> n_chars").fetchone()[0] == 0


def test_chrome_removed_from_bodies(release_tables):
    bodies = "\n".join(release_tables["articles"]["body"])
    for chrome in ("سجل الآن", "هذا الحقل لأغراض التحقق", "البودكاست", "إقرأ أيضا", "تابعنا على جوجل نيوز", "تيليجرام"):
        assert chrome not in bodies


def test_load_sql_works_without_akhbar(built_release: Path):
    con = duckdb.connect()
    con.execute(f"SET file_search_path='{built_release}'")
    con.execute((built_release / "load.sql").read_text(encoding="utf-8"))
    assert con.execute("select count(*) from articles").fetchone()[0] == 5


def assert_same_data_files(release: Path, reference: Path) -> None:
    """load.sql and every CSV and Parquet file of two releases are byte-identical, and so are their descriptors
    but for the DuckDB file's size and hash (DuckDB salts its file header)."""
    desc = json.loads((reference / "datapackage.json").read_text(encoding="utf-8"))
    assert same_descriptor((release / "datapackage.json").read_bytes(), (reference / "datapackage.json").read_bytes())
    files = ["load.sql"] + [r["path"] for r in desc["resources"]] + [r["parquet"]["path"] for r in desc["resources"]]
    for rel in files:
        assert sha256_file(release / rel) == sha256_file(reference / rel), rel


def test_same_inputs_give_byte_identical_release(built_release: Path, project_root: Path, tmp_path: Path):
    assert_same_data_files(build(project_root, out_dir=tmp_path, validate=False), built_release)


def test_two_dask_workers_give_byte_identical_release(built_release: Path, project_root: Path, tmp_path: Path):
    # one article per batch, so that both workers build parts of every table
    release = build(project_root, out_dir=tmp_path, validate=False, workers=2, batch_size=1)
    assert_same_data_files(release, built_release)


def test_failed_build_leaves_dist_untouched(built_release: Path, project_root: Path, tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for src in (project_root / "raw").glob("*.txt"):
        (raw / src.name).write_bytes(src.read_bytes())
    (raw / "broken.txt").write_bytes("خبر عاجل عن آسيا الوسطى".encode("cp1256"))
    out = built_release.parent.parent
    before = sorted((p.relative_to(out), p.stat().st_mtime_ns) for p in out.rglob("*"))
    from akhbar.corpus.ingest import IngestError

    with pytest.raises(IngestError):
        build(project_root, raw_dir=raw, out_dir=out, force=True)
    assert sorted((p.relative_to(out), p.stat().st_mtime_ns) for p in out.rglob("*")) == before
