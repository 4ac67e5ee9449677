"""Semantic versions and the Frictionless version recipe: what each change requires, and refusing smaller bumps."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
from release_helpers import mini_project, raw_variant
from typer.testing import CliRunner

from akhbar.cli import app
from akhbar.errors import ReleaseError
from akhbar.package.publish import next_version, release
from akhbar.package.versioning import (
    Change,
    VersionError,
    bump,
    bump_between,
    check_bump,
    parse_version,
    required_bump,
    schema_changes,
)

SCHEMA = {
    "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
        {"name": "value", "type": "number", "constraints": {"minimum": 0}},
        {"name": "unit", "type": "string", "constraints": {"enum": ["USD", "EUR"]}},
    ],
    "primaryKey": ["id"],
    "missingValues": [""],
}
PACKAGE = {"name": "p", "version": "1.2.3", "resources": [{"name": "t", "description": "a table", "schema": SCHEMA}]}


def changed(edit) -> dict:
    """A copy of PACKAGE with ``edit`` applied to it."""
    desc = copy.deepcopy(PACKAGE)
    edit(desc)
    return desc


def fields(desc: dict) -> list[dict]:
    return desc["resources"][0]["schema"]["fields"]


def test_parse_and_bump():
    assert str(bump("1.2.3", "major")) == "2.0.0"
    assert str(bump("1.2.3", "minor")) == "1.3.0"
    assert str(bump("1.2.3", "patch")) == "1.2.4"
    assert bump_between("1.2.3", "1.3.0") == "minor" and bump_between("1.2.3", "1.2.3") == "none"
    assert parse_version("10.0.1") > parse_version("9.9.9")
    for bad in ("1.2", "v1.2.3", "01.2.3", "1.2.3-rc1"):
        with pytest.raises(VersionError):
            parse_version(bad)
    with pytest.raises(VersionError):
        bump("1.2.3", "huge")
    with pytest.raises(VersionError):
        bump_between("1.2.3", "1.2.2")


@pytest.mark.parametrize(
    ("edit", "level", "words"),
    [
        (lambda d: fields(d).append({"name": "extra", "type": "string"}), "major", "'extra' added"),
        (lambda d: fields(d).pop(), "major", "'unit' removed"),
        (lambda d: fields(d)[2].update(name="currency"), "major", "renamed"),
        (lambda d: fields(d).reverse(), "major", "reordered"),
        (lambda d: fields(d)[1].update(type="integer"), "major", "type"),
        (lambda d: fields(d)[1]["constraints"].update(minimum=1), "major", "tightened"),
        (lambda d: fields(d)[1]["constraints"].update(maximum=100), "major", "tightened"),
        (lambda d: fields(d)[2]["constraints"].update(enum=["USD"]), "major", "tightened"),
        (lambda d: fields(d)[2]["constraints"].update(pattern="[A-Z]{3}"), "major", "pattern"),
        (lambda d: fields(d)[1]["constraints"].update(required=True), "major", "required"),
        (lambda d: d["resources"][0]["schema"].update(primaryKey=["id", "unit"]), "major", "primary key"),
        (lambda d: d["resources"].pop(), "major", "resource removed"),
        (lambda d: fields(d)[1]["constraints"].pop("minimum"), "minor", "loosened"),
        (lambda d: fields(d)[2]["constraints"].update(enum=["USD", "EUR", "CNY"]), "minor", "loosened"),
        (lambda d: d["resources"].append({"name": "u", "schema": SCHEMA}), "minor", "resource added"),
        (lambda d: d["resources"][0].update(description="another text"), "patch", "description"),
        (lambda d: fields(d)[0].update(description="the key"), "patch", "description"),
        (lambda d: d.update(title="A new title"), "patch", "title"),
    ],
)
def test_each_change_requires_the_recipes_bump(edit, level: str, words: str):
    changes = schema_changes(PACKAGE, changed(edit))
    assert required_bump(changes) == level, changes
    assert any(words in c.message for c in changes if c.level == level), changes


def test_identical_descriptors_require_nothing():
    assert schema_changes(PACKAGE, copy.deepcopy(PACKAGE)) == []
    assert required_bump([]) == "none"


def test_a_smaller_bump_is_refused_with_the_reason():
    changes = schema_changes(PACKAGE, changed(lambda d: fields(d)[1].update(type="integer")))
    with pytest.raises(
        VersionError, match=r"1\.2\.3 -> 1\.3\.0 is a minor bump but the changes require major: t: field 'value': type"
    ):
        check_bump("1.2.3", "1.3.0", changes)
    check_bump("1.2.3", "2.0.0", changes)
    check_bump("1.2.3", "1.2.4", [Change("patch", "t", "1 row(s) changed", kind="data")])


def test_next_version_never_goes_back():
    assert str(next_version("0.1.0", [], None)) == "0.1.0"
    assert str(next_version("0.1.0", ["0.1.0"], "patch")) == "0.1.1"
    # datapackage.json behind the newest release: bump from the newest
    assert str(next_version("0.1.0", ["0.1.0", "0.3.0"], "minor")) == "0.4.0"
    with pytest.raises(VersionError, match="already released"):
        next_version("0.1.0", ["0.1.0"], None)


@pytest.fixture(scope="module")
def first_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-table project with version 0.1.0 published."""
    project = mini_project(tmp_path_factory.mktemp("versioning") / "project")
    release(project)
    return project


def test_breaking_schema_change_is_refused_without_a_major_bump(first_release: Path):
    project = first_release
    schema_path = project / "schemas" / "articles.schema.json"
    original_schema = schema_path.read_text(encoding="utf-8")
    schema = json.loads(original_schema)
    # tighten a constraint: a body longer than this was valid before and is not any more
    next(f for f in schema["fields"] if f["name"] == "body")["constraints"]["maxLength"] = 1_000_000
    schema_path.write_text(json.dumps(schema, ensure_ascii=False, indent=1), encoding="utf-8")
    descriptor_before = (project / "datapackage.json").read_bytes()
    try:
        for part in ("patch", "minor"):
            with pytest.raises(
                VersionError, match=r"require major: articles: field 'body': constraint maxLength added"
            ):
                release(project, bump=part)
            assert (project / "datapackage.json").read_bytes() == descriptor_before
        result = runner_invoke(["release", "--project", str(project), "--bump", "minor"])
        assert result.exit_code == 1 and "require major" in result.output and "nothing was published" in result.output
        assert sorted(p.name for p in (project / "dist" / "akhbar-news").iterdir()) == ["0.1.0"]

        published = release(project, bump="major", validate=False)
        assert published.version == "1.0.0" and published.previous == "0.1.0"
        assert json.loads((project / "datapackage.json").read_text(encoding="utf-8"))["version"] == "1.0.0"
        diff = json.loads((published.path / "diff.json").read_text(encoding="utf-8"))
        assert diff["required_bump"] == "major"
        assert "## akhbar-news 1.0.0" in (published.path / "CHANGELOG.md").read_text(encoding="utf-8")
        assert "## akhbar-news 0.1.0" in (published.path / "CHANGELOG.md").read_text(encoding="utf-8")
        assert (project / "dist" / "akhbar-news-1.0.0.zip").is_file()
        # a published version is never overwritten
        with pytest.raises(VersionError, match="already released"):
            release(project)
    finally:
        schema_path.write_text(original_schema, encoding="utf-8")


def test_release_writes_checksums_over_every_file(first_release: Path):
    root = first_release / "dist" / "akhbar-news" / "0.1.0"
    listed = {line.split("  ", 1)[1] for line in (root / "SHA256SUMS").read_text(encoding="utf-8").splitlines()}
    on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert listed == on_disk and "akhbar-news.duckdb" in listed
    # the release was validated before it was published, and the report is covered too
    assert "validation/report.json" in listed
    zip_sum = (first_release / "dist" / "akhbar-news-0.1.0.zip.sha256").read_text(encoding="utf-8")
    assert zip_sum.endswith("  akhbar-news-0.1.0.zip\n")


def runner_invoke(args: list[str]):
    """Run the CLI in-process."""
    return CliRunner().invoke(app, args)


@pytest.fixture(scope="module")
def released_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-table project with version 0.1.0 published and nothing changed since."""
    project = mini_project(tmp_path_factory.mktemp("released-once") / "project")
    release(project, validate=False)
    return project


def test_bump_with_no_earlier_release_in_out_is_refused(released_once: Path, tmp_path: Path):
    before = (released_once / "datapackage.json").read_bytes()
    with pytest.raises(VersionError, match="no earlier release to bump from.*run without --bump"):
        release(released_once, bump="patch", out_dir=tmp_path / "empty", validate=False)
    assert (released_once / "datapackage.json").read_bytes() == before


def test_a_release_with_no_change_is_refused(released_once: Path):
    before = (released_once / "datapackage.json").read_bytes()
    with pytest.raises(VersionError, match=r"nothing changed since 0\.1\.0"):
        release(released_once, bump="patch", validate=False)
    assert (released_once / "datapackage.json").read_bytes() == before
    assert not (released_once / "dist" / "akhbar-news" / "0.1.1").exists()


def test_datapackage_json_names_the_new_version_only_once_the_release_is_in_place(released_once: Path, tmp_path: Path):
    dist = released_once / "dist"
    before = (released_once / "datapackage.json").read_bytes()
    raw = raw_variant(tmp_path / "raw", append={"000_1e39a1e11d7186f3.txt": "\nوأضاف أن المحادثات كانت مثمرة.\n"})
    # the zip cannot be written (its temporary name is taken by a folder): the release fails at the last step
    blocker = dist / f".tmp-akhbar-news-0.1.1.zip-{os.getpid()}"
    blocker.mkdir()
    try:
        with pytest.raises(ReleaseError, match="cannot write the release"):
            release(released_once, bump="patch", raw_dir=raw, validate=False)
    finally:
        blocker.rmdir()
    assert (released_once / "datapackage.json").read_bytes() == before
    assert not (dist / "akhbar-news" / "0.1.1").exists() and not (dist / "akhbar-news-0.1.1.zip").exists()
    assert not [p.name for p in dist.iterdir() if p.name.startswith(".tmp-")]
