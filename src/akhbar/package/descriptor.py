"""The project's typed view of a datapackage.json, read from a folder, a file, a zip or an http(s) URL.

`read_descriptor` is the one way akhbar reads a descriptor; it checks what akhbar relies on (a JSON object
with a name, a MAJOR.MINOR.PATCH version and well-formed resources) and raises `DescriptorError` with one
line naming the file and the problem. It does not replace Frictionless's standards validation
(`akhbar.validate.frictionless_engine`): it is the shape the code below reads, nothing more.

`strict=False` reads any Frictionless data package, where name and version are optional.
"""

from __future__ import annotations

import copy
import json
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from akhbar.errors import DescriptorError, PullError
from akhbar.package.fetching import MAX_DESCRIPTOR_BYTES, TIMEOUT_S, is_url, read_url
from akhbar.package.versioning import is_version

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class FileEntry:
    """A file a descriptor names, with the size and hash it states (None where it states none)."""

    path: str
    bytes: int | None = None
    hash: str | None = None


@dataclass(frozen=True)
class Resource:
    """One resource: its name, data file(s) with size and hash, schema (inline or a reference) and Parquet copy."""

    name: str
    paths: tuple[str, ...]
    bytes: int | None
    hash: str | None
    schema: dict[str, Any] | str | None
    parquet: FileEntry | None
    raw: dict[str, Any] = field(repr=False)

    @property
    def path(self) -> str | None:
        """The data file of a single-file resource (the first part of a multipart one; None for inline data)."""
        return self.paths[0] if self.paths else None

    def files(self) -> Iterator[FileEntry]:
        """Every file of the resource: its data (size and hash only when it is one file) and its Parquet copy."""
        single = len(self.paths) == 1
        for p in self.paths:
            yield FileEntry(p, self.bytes if single else None, self.hash if single else None)
        if self.parquet is not None:
            yield self.parquet


@dataclass(frozen=True)
class Descriptor:
    """A data package descriptor: name, version, resources, licences, sources, and the raw dict for the rest."""

    name: str
    version: str
    resources: tuple[Resource, ...]
    licenses: tuple[dict[str, Any], ...]
    sources: tuple[dict[str, Any], ...]
    duckdb: FileEntry | None
    raw: dict[str, Any] = field(repr=False)
    location: str = ""

    @property
    def resource_names(self) -> list[str]:
        """Resource names, in descriptor order."""
        return [r.name for r in self.resources]

    def resource(self, name: str) -> Resource:
        """One resource by name, or DescriptorError."""
        for r in self.resources:
            if r.name == name:
                return r
        raise DescriptorError(f"{self.location or DESCRIPTOR}: no resource named {name!r}")

    def files(self) -> Iterator[FileEntry]:
        """Every file the descriptor names: resource data, Parquet copies, the DuckDB file."""
        for r in self.resources:
            yield from r.files()
        if self.duckdb is not None:
            yield self.duckdb

    def to_dict(self) -> dict[str, Any]:
        """A deep copy of the descriptor as read, for code that rewrites it."""
        return copy.deepcopy(self.raw)


def _fail(where: str, problem: str) -> DescriptorError:
    """A one-line descriptor error."""
    return DescriptorError(f"{where}: {problem}")


def _file_entry(value: Any, where: str, what: str) -> FileEntry | None:
    """A `{path, bytes, hash}` object (Parquet copy, DuckDB file), or None when absent."""
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("path"), str) or not value["path"]:
        raise _fail(where, f"{what} must be an object with a `path` string")
    return FileEntry(value["path"], _size(value.get("bytes"), where, what), _hash(value.get("hash"), where, what))


def _size(value: Any, where: str, what: str) -> int | None:
    """A `bytes` entry: a non-negative integer or absent."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _fail(where, f"{what}: `bytes` must be a non-negative integer, not {value!r}")
    return value


def _hash(value: Any, where: str, what: str) -> str | None:
    """A `hash` entry: a string or absent."""
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise _fail(where, f"{what}: `hash` must be a string like 'sha256:<hex>', not {value!r}")
    return value


def _resource(raw: Any, n: int, where: str, strict: bool) -> Resource:
    """Check and type one resource entry."""
    if not isinstance(raw, dict):
        raise _fail(where, f"resource {n} is not a JSON object")
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise _fail(where, f"resource {n} has no `name`")
    what = f"resource {name!r}"
    paths = raw.get("path")
    if paths is None:
        paths = []  # inline `data`, or a project resource whose file the build writes
    elif isinstance(paths, str):
        paths = [paths]
    if not isinstance(paths, list) or not all(isinstance(p, str) and p for p in paths):
        raise _fail(where, f"{what}: `path` must be a string or a list of strings")
    schema = raw.get("schema")
    if schema is not None and not isinstance(schema, (dict, str)):
        raise _fail(where, f"{what}: `schema` must be an object or a path")
    if isinstance(schema, dict) and strict and not isinstance(schema.get("fields"), list):
        raise _fail(where, f"{what}: the schema has no `fields` list")
    return Resource(
        name=name,
        paths=tuple(paths),
        bytes=_size(raw.get("bytes"), where, what),
        hash=_hash(raw.get("hash"), where, what),
        schema=schema,
        parquet=_file_entry(raw.get("parquet"), where, f"{what}: `parquet`"),
        raw=raw,
    )


def parse_descriptor(data: Any, where: str = DESCRIPTOR, strict: bool = True) -> Descriptor:
    """Check a decoded descriptor and type it; ``where`` names it in errors."""
    if not isinstance(data, dict):
        raise _fail(where, "not a JSON object")
    name, version = data.get("name"), data.get("version")
    if strict or name is not None:
        if not isinstance(name, str) or not name:
            raise _fail(where, "no package `name`")
    if strict or version is not None:
        if not isinstance(version, str) or not is_version(version):
            shown = "no `version`" if version is None else f"version {version!r} is not MAJOR.MINOR.PATCH"
            raise _fail(where, shown)
    resources = data.get("resources")
    if not isinstance(resources, list) or not resources:
        raise _fail(where, "no `resources` list (a data package needs at least one resource)")
    typed = tuple(_resource(r, n, where, strict) for n, r in enumerate(resources, 1))
    seen: set[str] = set()
    for r in typed:
        if r.name in seen:
            raise _fail(where, f"resource name {r.name!r} appears twice")
        seen.add(r.name)
    licenses, sources = data.get("licenses", []), data.get("sources", [])
    for key, value in (("licenses", licenses), ("sources", sources)):
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise _fail(where, f"`{key}` must be a list of objects")
    return Descriptor(
        name=name or "",
        version=version or "",
        resources=typed,
        licenses=tuple(licenses),
        sources=tuple(sources),
        duckdb=_file_entry(data.get("duckdb"), where, "`duckdb`"),
        raw=data,
        location=where,
    )


def _decode(data: bytes, where: str) -> Any:
    """JSON from bytes, or one-line DescriptorError."""
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise _fail(where, "not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise _fail(where, f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None


def _zip_member(archive: Path) -> tuple[bytes, str]:
    """The descriptor's bytes inside a zip (at its top or in its single top folder) and its name there."""
    try:
        with zipfile.ZipFile(archive) as zf:
            names = [n for n in zf.namelist() if PurePosixPath(n).name == DESCRIPTOR and n.count("/") <= 1]
            if not names:
                raise _fail(str(archive), f"no {DESCRIPTOR} at the top of the archive or in its top folder")
            member = min(names, key=lambda n: (n.count("/"), n))
            info = zf.getinfo(member)
            if info.file_size > MAX_DESCRIPTOR_BYTES:
                raise _fail(f"{archive}!{member}", f"larger than the {MAX_DESCRIPTOR_BYTES}-byte limit")
            return zf.read(member), member
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _fail(str(archive), f"not a readable zip archive: {exc}") from None


def read_descriptor_json(path: Path, label: str | None = None) -> Any:
    """The decoded JSON of a local descriptor file, named ``label`` (default: its path) in errors."""
    where = label or str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise _fail(where, f"cannot read: {exc.strerror or exc}") from None
    return _decode(data, where)


def descriptor_file(source: str | Path) -> Path:
    """The datapackage.json of a local folder or file path (the path itself when it is not a folder)."""
    path = Path(source)
    return path / DESCRIPTOR if path.is_dir() else path


def read_raw(
    source: str | Path, timeout: float = TIMEOUT_S, allowed: Collection[str] = (), until: float | None = None
) -> tuple[bytes, str]:
    """The descriptor's bytes and a label for errors, from a folder, a .json file, a .zip or an http(s) URL
    (redirected to another server only where ``allowed``: see `akhbar.package.fetching.check_redirect`; by
    ``until``, a time.monotonic() value, where given)."""
    text = str(source)
    if is_url(text):
        try:
            return read_url(text, text, MAX_DESCRIPTOR_BYTES, timeout, allowed=allowed, until=until), text
        except PullError as exc:
            raise DescriptorError(str(exc)) from None
    path = Path(text)
    if path.is_file() and path.suffix.lower() == ".zip":
        data, member = _zip_member(path)
        return data, f"{path}!{member}"
    path = descriptor_file(path)
    if not path.is_file():
        if path.name == DESCRIPTOR and path.parent.is_dir():
            raise _fail(str(path.parent), f"no {DESCRIPTOR} here (is this a release or project folder?)")
        raise _fail(str(path), "no such file")
    try:
        return path.read_bytes(), str(path)
    except OSError as exc:
        raise _fail(str(path), f"cannot read: {exc.strerror or exc}") from None


def read_descriptor(
    source: str | Path,
    strict: bool = True,
    timeout: float = TIMEOUT_S,
    allowed: Collection[str] = (),
    until: float | None = None,
) -> Descriptor:
    """Read and check a descriptor from a folder, a datapackage.json, a release zip or an http(s) URL (redirected
    to another server only where ``allowed``, by ``until`` where given)."""
    data, where = read_raw(source, timeout, allowed, until)
    return parse_descriptor(_decode(data, where), where, strict)


def has_descriptor(folder: str | Path) -> bool:
    """True when a folder holds a datapackage.json (readable or not)."""
    return (Path(folder) / DESCRIPTOR).is_file()


def same_descriptor(a: bytes, b: bytes) -> bool:
    """True when two release descriptors are equal once the DuckDB file's `bytes` and `hash` are set aside
    (its bytes differ between builds of the same rows)."""
    if a == b:
        return True
    try:
        da, db = json.loads(a), json.loads(b)
    except ValueError:
        return False
    for d in (da, db):
        if isinstance(d, dict) and isinstance(d.get("duckdb"), dict):
            d["duckdb"] = {k: v for k, v in d["duckdb"].items() if k not in ("bytes", "hash")}
    return bool(da == db)
