"""The package model: one typed descriptor from a folder, a file, a zip or a URL, and one-line errors."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from release_helpers import serve

from akhbar.errors import AkhbarError, DescriptorError
from akhbar.package.descriptor import DESCRIPTOR, Descriptor, FileEntry, read_descriptor

DESC: dict[str, Any] = {
    "name": "news",
    "version": "1.2.3",
    "licenses": [{"name": "ODC-BY-1.0"}],
    "sources": [{"title": "raw articles"}],
    "resources": [
        {
            "name": "articles",
            "path": "data/articles.csv",
            "bytes": 12,
            "hash": "sha256:" + "ab" * 32,
            "schema": {"fields": [{"name": "article_id", "type": "string"}]},
            "parquet": {"path": "data/articles.parquet", "bytes": 34, "hash": "sha256:" + "cd" * 32},
        },
        {"name": "parts", "path": ["data/a.csv", "data/b.csv"], "schema": "schemas/parts.schema.json"},
    ],
    "duckdb": {"path": "news.duckdb"},
    "homepage": "https://example.org",
}


def write(folder: Path, desc: Any = DESC) -> Path:
    """Write a descriptor (a dict, or raw text) into ``folder``; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / DESCRIPTOR
    path.write_text(desc if isinstance(desc, str) else json.dumps(desc), encoding="utf-8")
    return path


def check_typed(d: Descriptor) -> None:
    """The fields of DESC, typed."""
    assert (d.name, d.version) == ("news", "1.2.3")
    assert d.resource_names == ["articles", "parts"]
    articles = d.resource("articles")
    assert articles.path == "data/articles.csv" and articles.bytes == 12
    assert articles.parquet == FileEntry("data/articles.parquet", 34, "sha256:" + "cd" * 32)
    assert isinstance(articles.schema, dict)
    assert d.resource("parts").schema == "schemas/parts.schema.json"
    assert d.licenses == ({"name": "ODC-BY-1.0"},) and d.sources == ({"title": "raw articles"},)
    assert d.raw["homepage"] == "https://example.org"
    # a multipart resource's bytes/hash cover no single file
    assert [f.path for f in d.files()] == [
        "data/articles.csv",
        "data/articles.parquet",
        "data/a.csv",
        "data/b.csv",
        "news.duckdb",
    ]
    assert next(d.files()).hash == "sha256:" + "ab" * 32


def test_read_from_folder_and_file(tmp_path: Path):
    path = write(tmp_path / "pkg")
    check_typed(read_descriptor(tmp_path / "pkg"))
    check_typed(read_descriptor(path))
    check_typed(read_descriptor(str(path)))


def test_read_from_zip_top_or_single_folder(tmp_path: Path):
    for member in (DESCRIPTOR, f"news-1.2.3/{DESCRIPTOR}"):
        archive = tmp_path / f"{member.count('/')}.zip"
        with zipfile.ZipFile(archive, "w") as zf:
            zf.writestr(member, json.dumps(DESC))
            zf.writestr("news-1.2.3/data/articles.csv", "article_id\n")
        d = read_descriptor(archive)
        check_typed(d)
        assert d.location.endswith(member)
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("data/x.csv", "a\n")
    with pytest.raises(DescriptorError, match="no datapackage.json"):
        read_descriptor(empty)


def test_read_over_http(tmp_path: Path):
    write(tmp_path / "www" / "pkg")
    with serve(tmp_path / "www") as base:
        check_typed(read_descriptor(f"{base}/pkg/{DESCRIPTOR}"))
        with pytest.raises(DescriptorError, match="HTTP 404") as info:
            read_descriptor(f"{base}/missing/{DESCRIPTOR}")
    assert "\n" not in str(info.value)


def one_line_error(source: Path, match: str, strict: bool = True) -> str:
    """The message of the DescriptorError reading ``source`` raises, checked to be one line naming the file."""
    with pytest.raises(DescriptorError, match=match) as info:
        read_descriptor(source, strict=strict)
    message = str(info.value)
    assert isinstance(info.value, AkhbarError) and info.value.lines() == [message]
    assert "\n" not in message and "Traceback" not in message
    return message


def test_missing_file_and_bad_json_are_one_line(tmp_path: Path):
    assert str(tmp_path) in one_line_error(tmp_path, "no datapackage.json")
    assert "nope.json" in one_line_error(tmp_path / "nope.json", "nope.json: no such file")
    path = write(tmp_path / "bad", '{"name": "news",\n "version": }')
    assert str(path) in one_line_error(path, r"not valid JSON \(line 2")
    write(tmp_path / "bin", "")
    (tmp_path / "bin" / DESCRIPTOR).write_bytes(b"\xff\xfe{}")
    one_line_error(tmp_path / "bin", "not UTF-8")
    write(tmp_path / "list", "[]")
    one_line_error(tmp_path / "list", "not a JSON object")


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"name": None}, "no package `name`"),
        ({"version": None}, "no `version`"),
        ({"version": "1.2"}, "version '1.2' is not MAJOR.MINOR.PATCH"),
        ({"resources": None}, "no `resources` list"),
        ({"resources": []}, "no `resources` list"),
        ({"resources": ["articles"]}, "resource 1 is not a JSON object"),
        ({"resources": [{"path": "a.csv"}]}, "resource 1 has no `name`"),
        ({"resources": [{"name": "a", "path": 3}]}, "resource 'a': `path` must be a string or a list"),
        ({"resources": [{"name": "a", "bytes": "12"}]}, "resource 'a': `bytes` must be a non-negative integer"),
        ({"resources": [{"name": "a", "schema": 1}]}, "resource 'a': `schema` must be an object or a path"),
        ({"resources": [{"name": "a", "schema": {}}]}, "resource 'a': the schema has no `fields` list"),
        ({"resources": [{"name": "a", "parquet": "a.parquet"}]}, "`parquet` must be an object with a `path`"),
        ({"resources": [{"name": "a"}, {"name": "a"}]}, "resource name 'a' appears twice"),
        ({"licenses": "ODC"}, "`licenses` must be a list of objects"),
    ],
)
def test_missing_or_bad_fields_are_one_line(tmp_path: Path, change: dict[str, Any], match: str):
    desc = {k: v for k, v in {**DESC, **change}.items() if v is not None}
    path = write(tmp_path, desc)
    assert one_line_error(tmp_path, match).startswith(str(path))


def test_any_data_package_needs_no_name_or_version(tmp_path: Path):
    write(tmp_path, {"resources": [{"name": "a", "path": "a.csv", "schema": {}}]})
    d = read_descriptor(tmp_path, strict=False)
    assert (d.name, d.version, d.resource_names) == ("", "", ["a"])
    one_line_error(tmp_path, "no package `name`")
    write(tmp_path, {"name": "x", "version": "one", "resources": [{"name": "a"}]})
    one_line_error(tmp_path, "not MAJOR.MINOR.PATCH", strict=False)  # a version given must still be one


def test_the_project_descriptor_reads(project_root: Path):
    d = read_descriptor(project_root)
    assert d.name == json.loads((project_root / DESCRIPTOR).read_text(encoding="utf-8"))["name"]
    assert all(isinstance(r.schema, str) for r in d.resources)
