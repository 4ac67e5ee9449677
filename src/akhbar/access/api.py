"""Query any release, or any Frictionless data package, with DuckDB: one typed view per table.

    import akhbar
    con = akhbar.connect()                        # the latest release built in this project (or pulled)
    con = akhbar.connect(version="0.2.0")         # a version from dist/ or the pull cache
    con = akhbar.connect("https://.../akhbar-news-0.2.0.zip")   # pulled, verified, cached
    con = akhbar.connect(package="path/or/url/datapackage.json")  # any Frictionless data package

Views are typed from the package's Table Schemas: an akhbar release's Parquet files are typed already; a
CSV resource is read with every column as text and converted by the schema (type, format, missingValues,
trueValues/falseValues, groupChar/decimalChar), so DuckDB never guesses a type. A value that does not
parse raises an error when the view is read.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import time
import urllib.parse
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

import duckdb

from akhbar.access.quoting import ident as _ident
from akhbar.access.quoting import list_literal as _list_lit
from akhbar.access.quoting import literal as _lit
from akhbar.access.sql import QueryError, QueryResult, check_read_only, database_path, execute, list_releases, query
from akhbar.errors import AkhbarError, DescriptorError, PackageError, PullError
from akhbar.package.descriptor import DESCRIPTOR, FileEntry, read_descriptor, read_descriptor_json
from akhbar.package.fetching import (
    MAX_DESCRIPTOR_BYTES,
    WHOLE_DEADLINE_ENV,
    check_origin,
    is_url,
    join,
    read_url,
    safe_relpath,
    whole_deadline,
)
from akhbar.package.pull import cache_root, cached_releases, check_file, fetch, pull
from akhbar.package.schema import DUCKDB_TYPES
from akhbar.package.verify import verified_database, verify
from akhbar.package.versioning import is_version, parse_version

DEFAULT_TRUE = ["true", "True", "TRUE", "1"]
DEFAULT_FALSE = ["false", "False", "FALSE", "0"]
# Kept as text: string, and the types DuckDB has no type for (any, yearmonth, duration, geopoint).
_TEXT_TYPES = {"string", "any", "yearmonth", "duration", "geopoint"}
_CSV_FORMATS = {"csv", "tsv"}
REMOTE_DIR = "packages"  # cache subfolder for the files of packages read from URLs
# Most bytes a package read from a URL may download in all; a file with a declared `bytes` never gets more.
DEFAULT_PACKAGE_MAX_BYTES = 2 << 30


# --- reading descriptors -----------------------------------------------------------------------------


def load_package(
    source: str | Path,
    cache_dir: Path | str | None = None,
    allow_origins: Collection[str] = (),
    max_bytes: int | None = None,
    deadline_s: float | None = None,
) -> tuple[dict[str, Any], Path]:
    """Read a datapackage.json (path or URL); return it with every schema inlined and the local folder of its files.

    For a URL, the files are downloaded into ``<cache>/packages/<hash of the URL>/`` (checked against
    their `bytes`/`hash` where the descriptor gives them) and the descriptor is rewritten to point there.
    Only files on the descriptor's own server (scheme, host, port) or in ``allow_origins`` are downloaded,
    none past its declared `bytes`, and ``max_bytes`` (default 2 GiB) in all. Every remote read (descriptor,
    schemas, files) follows a redirect to another server only when its origin is in ``allow_origins``; all of
    them together end within ``deadline_s`` seconds (default $AKHBAR_PULL_DEADLINE, else 7200), as a pull does.
    """
    source = str(source)
    if is_url(source):
        limit = DEFAULT_PACKAGE_MAX_BYTES if max_bytes is None else max_bytes
        try:
            seconds = whole_deadline(deadline_s)
        except PullError as exc:
            raise PackageError(str(exc)) from exc
        until = time.monotonic() + seconds
        try:
            return _mirror_remote(source, cache_root(cache_dir), {source, *allow_origins}, limit, until)
        except (DescriptorError, PackageError) as exc:
            if time.monotonic() <= until:
                raise
            raise PackageError(
                f"{source}: reading the package took longer than its {seconds:g}-second deadline "
                f"(--deadline or ${WHOLE_DEADLINE_ENV}): {exc}"
            ) from exc
    path = Path(source)
    if path.is_dir():
        path = path / DESCRIPTOR
    desc = read_descriptor(path, strict=False).to_dict()
    base = path.parent.resolve()
    for res in desc["resources"]:
        if isinstance(res.get("schema"), str):
            ref = res["schema"]
            if is_url(ref):  # a local package names the schema's server itself
                res["schema"] = _read_remote_json(ref, (ref, *allow_origins))
            else:
                res["schema"] = read_descriptor_json(base / _safe(ref, res))
    return desc, base


def _safe(rel: str, res: dict[str, Any]) -> Path:
    """A resource-relative path that stays inside the package folder."""
    try:
        return Path(*safe_relpath(rel).parts)
    except PullError as exc:
        raise PackageError(f"resource {res.get('name')!r}: {exc}") from None


def _read_remote_json(url: str, allowed: Collection[str], until: float | None = None) -> Any:
    """Download a small JSON document (a schema) from an allowed origin, redirected only to allowed ones, by
    ``until`` (a time.monotonic() value) where given."""
    try:
        check_origin(url, allowed, "schema")
        return json.loads(read_url(url, url, MAX_DESCRIPTOR_BYTES, allowed=allowed, until=until))
    except PullError as exc:
        raise PackageError(str(exc)) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PackageError(f"{url}: not valid JSON: {exc}") from exc


def _mirror_remote(
    url: str, cache: Path, allowed: Collection[str], max_bytes: int, until: float
) -> tuple[dict[str, Any], Path]:
    """Download a remote package's descriptor and data files into the cache by ``until`` (a time.monotonic()
    value); return the local descriptor."""
    desc = read_descriptor(url, strict=False, allowed=allowed, until=until).to_dict()
    folder = cache / REMOTE_DIR / hashlib.sha256(url.encode()).hexdigest()[:24]
    budget = max_bytes
    for res in desc["resources"]:
        if isinstance(res.get("schema"), str):
            ref = res["schema"]
            where = ref if is_url(ref) else join(url, str(_safe(ref, res).as_posix()))
            res["schema"] = _read_remote_json(where, allowed, until)
        paths = res.get("path")
        if paths is None:
            continue
        single = isinstance(paths, str)
        local = []
        for p in [paths] if single else paths:
            if is_url(p):
                rel = (
                    f"_remote/{hashlib.sha256(p.encode()).hexdigest()[:24]}-{Path(urllib.parse.urlparse(p).path).name}"
                )
                src = p
            else:
                rel = _safe(p, res).as_posix()
                src = join(url, rel)
            dest = folder / rel
            # a file with a declared hash that is already here and matches is not fetched again
            cached = single and res.get("hash") and dest.is_file()
            try:
                if cached:
                    check_file(folder, rel, res.get("bytes"), res.get("hash"))
            except PullError:
                cached = False
            if not cached:
                try:
                    check_origin(src, allowed, rel)
                    limit = _file_limit(res, single, budget, max_bytes)
                    fetch(src, dest, rel, limit, allowed=allowed, until=until)
                    budget -= dest.stat().st_size
                    if single:
                        check_file(folder, rel, res.get("bytes"), res.get("hash"))
                except PullError as exc:
                    dest.unlink(missing_ok=True)
                    raise PackageError(f"resource {res.get('name')!r}: {exc}") from exc
            local.append(rel)
        res["path"] = local[0] if single else local
    return desc, folder


def _file_limit(res: dict[str, Any], single: bool, budget: int, max_bytes: int) -> int:
    """Most bytes one file may have: its declared `bytes` (a one-file resource), within what is left of the cap."""
    declared = res.get("bytes") if single else None
    if isinstance(declared, int) and not isinstance(declared, bool) and declared >= 0:
        if declared > budget:
            raise PullError(f"declares {declared} bytes, more than the {max_bytes}-byte download limit (--max-bytes)")
        return declared
    if budget <= 0:
        raise PullError(f"the package passes the {max_bytes}-byte download limit (--max-bytes)")
    return budget


# --- typed views ---------------------------------------------------------------------------------------


def _paths(res: dict[str, Any], base: Path) -> list[Path]:
    """Local files of a resource."""
    paths = res.get("path")
    if paths is None:
        raise PackageError(f"resource {res.get('name')!r}: inline `data` is not supported, only files")
    paths = [paths] if isinstance(paths, str) else list(paths)
    if any(is_url(p) for p in paths):
        raise PackageError(f"resource {res.get('name')!r}: remote paths need a package read from its URL")
    return [base / _safe(p, res) for p in paths]


def _format(res: dict[str, Any], path: Path) -> str:
    """The resource's format: declared, else from the file extension."""
    fmt = res.get("format")
    if fmt:
        return str(fmt).lower()
    suffixes = [s.lower().lstrip(".") for s in path.suffixes]
    suffixes = [s for s in suffixes if s not in ("gz", "zst")]
    return suffixes[-1] if suffixes else ""


def field_sql(field: dict[str, Any], column: str) -> str:
    """SQL that converts the text column ``column`` to the field's type, strictly."""
    ftype = field.get("type", "string")
    col = _ident(column)
    fmt = field.get("format", "default")
    fmt = fmt[4:] if isinstance(fmt, str) and fmt.startswith("fmt:") else fmt
    if ftype in ("integer", "number"):
        expr = col
        if field.get("groupChar"):
            expr = f"replace({expr}, {_lit(field['groupChar'])}, '')"
        if ftype == "number" and field.get("decimalChar", ".") != ".":
            expr = f"replace({expr}, {_lit(field['decimalChar'])}, '.')"
        if field.get("bareNumber") is False:
            expr = f"regexp_replace({expr}, '^[^0-9+.-]+|[^0-9.]+$', '', 'g')"
        return f"CAST({expr} AS {DUCKDB_TYPES[ftype]})"
    if ftype == "boolean":
        trues = field.get("trueValues", DEFAULT_TRUE)
        falses = field.get("falseValues", DEFAULT_FALSE)
        bad = _lit(f"field {field['name']!r}: not a boolean: ")
        return (
            f"CASE WHEN {col} IS NULL THEN NULL WHEN {col} IN ({', '.join(map(_lit, trues)) or 'NULL'}) THEN TRUE "
            f"WHEN {col} IN ({', '.join(map(_lit, falses)) or 'NULL'}) THEN FALSE ELSE error({bad} || {col}) END"
        )
    if ftype in ("date", "time", "datetime") and fmt not in ("default", "any", None):
        target = {"date": "DATE", "time": "TIME", "datetime": "TIMESTAMPTZ"}[ftype]
        return f"CAST(strptime({col}, {_lit(fmt)}) AS {target})"
    if ftype == "array":
        return f"from_json({col}, '[\"VARCHAR\"]')"
    if ftype in DUCKDB_TYPES and ftype not in _TEXT_TYPES:
        return f"CAST({col} AS {DUCKDB_TYPES[ftype]})"
    return col


def _csv_options(res: dict[str, Any], fmt: str, schema: dict[str, Any]) -> dict[str, str]:
    """read_csv options from the resource's dialect, encoding and missingValues."""
    dialect = res.get("dialect", {}) or {}
    if isinstance(dialect, str):
        raise PackageError(f"resource {res.get('name')!r}: a dialect given by path is not supported")
    delim = dialect.get("delimiter", "\t" if fmt == "tsv" else ",")
    quote = dialect.get("quoteChar", '"')
    escape = quote if dialect.get("doubleQuote", True) else dialect.get("escapeChar", "\\")
    missing = schema.get("missingValues", [""])
    opts = {
        "delim": _lit(delim),
        "quote": _lit(quote),
        "escape": _lit(escape),
        "auto_detect": "false",
        # no missing values: a string no cell can hold, so that every cell stays text
        "nullstr": _list_lit(missing) if missing else _lit("\x00"),
        "allow_quoted_nulls": "false" if "" not in missing else "true",
    }
    enc = str(res.get("encoding", "utf-8")).lower().replace("_", "-")
    if enc not in ("utf-8", "utf8"):
        opts["encoding"] = _lit(enc)
    if dialect.get("commentChar"):
        opts["comment"] = _lit(dialect["commentChar"])
    return opts


def _first_row(path: Path, res: dict[str, Any], delimiter: str, quote: str) -> list[str]:
    """The header row of a CSV file."""
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    enc = str(res.get("encoding", "utf-8"))
    enc = "utf-8-sig" if enc.lower().replace("_", "-") in ("utf-8", "utf8") else enc
    try:
        with opener(path, "rt", encoding=enc, newline="") as fh:
            return next(csv.reader(fh, delimiter=delimiter, quotechar=quote), [])
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise PackageError(f"resource {res.get('name')!r}: cannot read {path.name}: {exc}") from exc


def csv_view_sql(res: dict[str, Any], paths: list[Path], fmt: str) -> str:
    """A SELECT that reads a CSV resource as text and types every column by the schema."""
    schema = res.get("schema") or {}
    dialect = res.get("dialect", {}) or {}
    header = dialect.get("header", True)
    fields = schema.get("fields")
    delim = dialect.get("delimiter", "\t" if fmt == "tsv" else ",")
    quote = dialect.get("quoteChar", '"')
    first = _first_row(paths[0], res, delim, quote) if header else None
    if not fields:
        if not header:
            raise PackageError(f"resource {res.get('name')!r}: no schema and no header: column names unknown")
        fields = [{"name": n, "type": "string"} for n in first or []]
    names = [f["name"] for f in fields]
    if header and first is not None and first != names:
        raise PackageError(f"resource {res.get('name')!r}: header {first} does not match the schema's fields {names}")
    opts = _csv_options(res, fmt, schema)
    columns = "{" + ", ".join(f"{_lit(n)}: 'VARCHAR'" for n in names) + "}"
    option_sql = ", ".join(f"{k}={v}" for k, v in opts.items())
    # a multipart resource has its header in the first file only (Table Dialect)
    parts = [
        f"SELECT * FROM read_csv({_lit(str(paths[0]))}, header={'true' if header else 'false'}, columns={columns}, {option_sql})"
    ]
    parts += [
        f"SELECT * FROM read_csv({_lit(str(p))}, header=false, columns={columns}, {option_sql})" for p in paths[1:]
    ]
    source = " UNION ALL ".join(parts)
    select = ", ".join(f"{field_sql(f, f['name'])} AS {_ident(f['name'])}" for f in fields)
    return f"SELECT {select} FROM ({source})"


def _verified(res: dict[str, Any], base: Path, entry: dict[str, Any]) -> None:
    """Check the size and hash the descriptor records for a file a view reads (PackageError if it differs)."""
    path = entry.get("path")
    if isinstance(path, str) and (entry.get("hash") is not None or entry.get("bytes") is not None):
        verify(base, [FileEntry(_safe(path, res).as_posix(), entry.get("bytes"), entry.get("hash"))], {})


def resource_sql(res: dict[str, Any], base: Path) -> str | None:
    """The SELECT of one resource's view, or None for a resource that is not a table; the files it reads are
    verified against their recorded size and hash first."""
    if isinstance(res.get("parquet"), dict) and (base / _safe(res["parquet"]["path"], res)).is_file():
        _verified(res, base, res["parquet"])
        return f"SELECT * FROM read_parquet({_lit(str(base / _safe(res['parquet']['path'], res)))})"
    if isinstance(res.get("path"), str):
        _verified(res, base, res)
    paths = _paths(res, base)
    fmt = _format(res, paths[0])
    if fmt == "parquet":
        return f"SELECT * FROM read_parquet({_list_lit(str(p) for p in paths)})"
    if fmt in _CSV_FORMATS:
        return csv_view_sql(res, paths, fmt)
    if res.get("schema") or res.get("profile") == "tabular-data-resource":
        raise PackageError(f"resource {res.get('name')!r}: format {fmt!r} is not supported (csv, tsv or parquet)")
    return None


def create_views(
    con: duckdb.DuckDBPyConnection, descriptor: dict[str, Any], base: Path, schema: str | None = None
) -> list[str]:
    """Create one view per tabular resource (in ``schema`` when given); return the view names."""
    prefix = ""
    if schema:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {_ident(schema)}")
        prefix = _ident(schema) + "."
    names = []
    for res in descriptor.get("resources", []):
        name = res.get("name")
        if not name:
            raise PackageError("a resource has no name")
        select = resource_sql(res, Path(base))
        if select is None:
            continue
        con.execute(f"CREATE OR REPLACE VIEW {prefix}{_ident(name)} AS {select}")
        names.append(name)
    return names


# --- finding releases ----------------------------------------------------------------------------------


def _project_releases(project: Path) -> list[Path]:
    """Releases built by the project in ``project`` (none if it is not a project folder)."""
    if not (Path(project) / DESCRIPTOR).is_file():
        return []
    try:
        name = read_descriptor(project).name
    except DescriptorError:
        return []  # not this toolkit's project: look in the pull cache only
    return list_releases(Path(project) / "dist", name)


def locate_release(
    source: str | Path | None = None,
    version: str | None = None,
    project: Path | str = ".",
    cache_dir: Path | str | None = None,
    allow_origins: Collection[str] = (),
    deadline_s: float | None = None,
) -> Path:
    """The local folder of a release given as a version, a folder, a datapackage.json, a zip or a URL.

    With no source, the project's dist/ is searched, then the pull cache (which must then hold only one package,
    or the project's). A URL is pulled (within ``deadline_s``), redirected to another server only where
    ``allow_origins`` says.
    """
    if source is not None and is_version(str(source)) and not Path(str(source)).exists():
        source, version = None, str(source)
    if version is not None:
        parse_version(version)
    if source is None:
        candidates = _project_releases(Path(project))
        names = {p.parent.name for p in candidates}
        cached = [p for p in cached_releases(cache_root(cache_dir)) if not names or p.parent.name in names]
        if len({p.parent.name for p in cached}) > 1 and not candidates:
            pkgs = sorted({p.parent.name for p in cached})
            raise PackageError(f"the cache holds several packages {pkgs}: name a release folder, zip or URL")
        # the project's own builds come first; the cache serves versions the project does not have
        found = [p for p in candidates if version is None or p.name == version]
        found = found or [p for p in cached if version is None or p.name == version]
        if not found:
            what = f"version {version}" if version else "release"
            raise PackageError(
                f"no {what} in {Path(project).resolve() / 'dist'} or {cache_root(cache_dir)}: build or pull one"
            )
        return max(found, key=lambda p: parse_version(p.name)) if version is None else found[0]
    text = str(source)
    if is_url(text) or text.lower().endswith(".zip"):
        try:
            return pull(
                text, version=version, cache_dir=cache_dir, allow_origins=allow_origins, deadline_s=deadline_s
            ).path
        except PullError as exc:
            raise PackageError(str(exc)) from exc
    path = Path(text)
    if path.is_file() and path.name.endswith(".json"):
        path = path.parent
    if version and not (path / DESCRIPTOR).is_file() and (path / version / DESCRIPTOR).is_file():
        path = path / version
    if not (path / DESCRIPTOR).is_file():
        raise PackageError(f"{text}: not a release folder (no {DESCRIPTOR})")
    if version:
        got = read_descriptor(path, strict=False).version or None
        if got != version:
            raise PackageError(f"{path} holds version {got}, not {version}")
    return path


def connect(
    source: str | Path | None = None,
    *,
    version: str | None = None,
    package: str | Path | None = None,
    project: str | Path = ".",
    cache_dir: str | Path | None = None,
    allow_origins: Collection[str] = (),
    max_bytes: int | None = None,
    deadline_s: float | None = None,
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one typed view per table of a release or of any data package.

    A package read from a URL downloads only from its own server and ``allow_origins``, within ``max_bytes``
    and ``deadline_s`` seconds in all; a release pulled from a URL follows redirects to ``allow_origins`` too,
    within the same deadline.
    """
    return _open(source, version, package, project, cache_dir, allow_origins, max_bytes, deadline_s)[0]


def _open(
    source: str | Path | None,
    version: str | None,
    package: str | Path | None,
    project: str | Path,
    cache_dir: str | Path | None,
    allow_origins: Collection[str] = (),
    max_bytes: int | None = None,
    deadline_s: float | None = None,
) -> tuple[duckdb.DuckDBPyConnection, Path]:
    """The connection of `connect` and the local folder its views read."""
    if package is not None:
        if source is not None or version is not None:
            raise PackageError("give either package= or a release (source/version), not both")
        desc, base = load_package(package, cache_dir, allow_origins, max_bytes, deadline_s)
    else:
        base = locate_release(source, version, project, cache_dir, allow_origins, deadline_s)
        desc, base = load_package(base, cache_dir)
    con = duckdb.connect()
    try:
        # datetimes without an offset are read as UTC, whatever the machine's zone
        con.execute("SET TimeZone = 'UTC'")
        create_views(con, desc, base)
    except (duckdb.Error, PackageError):
        con.close()
        raise
    return con, base


def lock_down(con: duckdb.DuckDBPyConnection, folders: Iterable[Path]) -> None:
    """Forbid reading or writing files outside ``folders`` and any later change of settings."""
    dirs = sorted({str(Path(f).resolve()) + "/" for f in folders})
    con.execute(f"SET allowed_directories = {_list_lit(dirs)}")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def run_sql(
    statement: str,
    *,
    release: str | None = None,
    package: str | None = None,
    project: str | Path = ".",
    cache_dir: str | Path | None = None,
    timeout: float | None = None,
    allow_origins: Collection[str] = (),
    max_bytes: int | None = None,
    deadline_s: float | None = None,
) -> QueryResult:
    """Run one read-only query on a release (version, folder, zip or URL) or on any data package.

    Ctrl-C, or ``timeout`` seconds, interrupts the query (QueryError); ``allow_origins``, ``max_bytes`` and
    ``deadline_s`` bound what a package or release read from a URL downloads (see `load_package`, `pull`).
    """
    try:
        if package is None:
            folder = locate_release(release, None, project, cache_dir, allow_origins, deadline_s)
            # the release's own database file, opened read-only once its recorded hash is checked; a release
            # that records none (built before hashes were recorded) is read through its verified Parquet files
            if database_path(folder).is_file() and verified_database(folder) is not None:
                return query(folder, statement, timeout)
            release = str(folder)
        con, base = _open(release, None, package, project, cache_dir, allow_origins, max_bytes, deadline_s)
    except AkhbarError as exc:
        raise QueryError(str(exc)) from exc
    try:
        lock_down(con, [base])
        check_read_only(con, statement)
        return execute(con, statement, timeout)
    finally:
        con.close()
