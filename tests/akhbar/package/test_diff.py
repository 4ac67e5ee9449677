"""Diffs between real releases built from different raw folders, and between hand-written data packages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from release_helpers import NEW_ARTICLE, mini_project, raw_variant
from typer.testing import CliRunner

from akhbar.cli import app
from akhbar.package.diff import diff_packages, render_markdown
from akhbar.pipeline.build import build

DROPPED = "000_1e39a1e11d7186f3"
EDITED = "001_d8d0bccc6eeca408"
ADDED = "005_new_article"


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same project built from raw/ and from a copy with one article dropped, one edited and one added."""
    tmp = tmp_path_factory.mktemp("diff")
    project = mini_project(tmp / "project")
    raw_b = raw_variant(
        tmp / "raw_b",
        drop=(f"{DROPPED}.txt",),
        append={f"{EDITED}.txt": "\nوأضاف البيان أن الاتفاق سيدخل حيز التنفيذ العام المقبل.\n"},
        add={f"{ADDED}.txt": NEW_ARTICLE},
    )
    old = build(project, out_dir=tmp / "a", validate=False)
    new = build(project, raw_dir=raw_b, out_dir=tmp / "b", validate=False)
    return old, new


def test_rows_added_removed_and_changed_by_key(two_releases: tuple[Path, Path]):
    old, new = two_releases
    diff = diff_packages(old, new)
    (articles,) = [t for t in diff.tables if t.name == "articles"]
    assert (articles.rows_old, articles.rows_new) == (5, 5)
    assert (articles.added, articles.removed, articles.changed) == (1, 1, 1)
    assert articles.samples["added"] == [ADDED]
    assert articles.samples["removed"] == [DROPPED]
    (edit,) = articles.samples["changed"]
    assert edit["key"] == EDITED
    assert {"body", "sha256", "n_chars", "n_words"} <= set(edit["columns"])
    assert "article_id" not in edit["columns"] and "title" not in edit["columns"]
    assert articles.changed_columns["body"] == 1
    assert articles.schema_changes == []
    # rows added need a minor version; corrections and removals alone a patch
    assert diff.required == "minor"
    levels = {c.message: c.level for c in diff.changes}
    assert levels == {
        "1 row(s) added": "minor",
        "1 row(s) removed": "patch",
        f"1 row(s) changed ({', '.join(articles.changed_columns)})": "patch",
    }


def test_diff_renders_as_json_and_markdown(two_releases: tuple[Path, Path]):
    diff = diff_packages(*two_releases)
    data = json.loads(diff.to_json())
    assert data["required_bump"] == "minor" and data["tables"][0]["samples"]["removed"] == [DROPPED]
    md = render_markdown(diff)
    assert "| articles | changed | 5 → 5 | 1 | 1 | 1 |" in md
    assert f"removed `{DROPPED}`" in md and f"`{EDITED}` (" in md


def test_a_release_compared_with_itself_has_no_change(two_releases: tuple[Path, Path]):
    old, _ = two_releases
    diff = diff_packages(old, old)
    assert diff.required == "none" and diff.changes == []
    assert all(t.status == "unchanged" and not (t.added or t.removed or t.changed) for t in diff.tables)


def test_cli_diff_by_path(two_releases: tuple[Path, Path]):
    old, new = two_releases
    result = CliRunner().invoke(app, ["diff", str(old), str(new), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["tables"][0]["added"] == 1
    text = CliRunner().invoke(app, ["diff", str(old), str(new)])
    assert text.exit_code == 0 and "require a **minor** version bump" in text.output
    missing = CliRunner().invoke(app, ["diff", str(old), str(old.parent / "9.9.9")])
    assert missing.exit_code == 1 and "not a release folder" in missing.output


def write_package(folder: Path, schema: dict, rows: list[str], name: str = "t") -> Path:
    """A one-resource CSV data package (no Parquet) with an inline schema."""
    folder.mkdir(parents=True)
    (folder / f"{name}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    desc = {"name": "pkg", "version": "1.0.0", "resources": [{"name": name, "path": f"{name}.csv", "schema": schema}]}
    (folder / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    return folder / "datapackage.json"


def test_schema_changes_and_typed_csv_packages(tmp_path: Path):
    fields = [{"name": "id", "type": "integer"}, {"name": "amount", "type": "number"}]
    old = write_package(tmp_path / "old", {"fields": fields, "primaryKey": "id"}, ["id,amount", "1,2.5", "2,3", "3,4"])
    new_fields = [
        {"name": "id", "type": "integer"},
        {"name": "amount", "type": "integer"},
        {"name": "note", "type": "string"},
    ]
    new = write_package(
        tmp_path / "new", {"fields": new_fields, "primaryKey": "id"}, ["id,amount,note", "1,2,a", "2,3,b", "4,5,c"]
    )
    diff = diff_packages(old, new)
    (t,) = diff.tables
    assert (t.added, t.removed, t.changed) == (1, 1, 1)
    assert t.changed_columns == {"amount": 1}  # 3.0 and 3 are the same value across the retyping
    assert diff.required == "major"
    messages = [c.message for c in t.schema_changes]
    assert "field 'note' added" in messages and "field 'amount': type 'number' -> 'integer'" in messages


def test_tables_without_a_primary_key_compare_as_multisets(tmp_path: Path):
    schema = {"fields": [{"name": "word", "type": "string"}]}
    old = write_package(tmp_path / "old", schema, ["word", "a", "b", "b"])
    new = write_package(tmp_path / "new", schema, ["word", "a", "b", "c", "d"])
    (t,) = diff_packages(old, new).tables
    assert (t.added, t.removed, t.changed) == (2, 1, None)
