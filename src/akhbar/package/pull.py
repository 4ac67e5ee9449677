"""Download a published release into a local cache and verify every file before anyone reads it.

SOURCE is an http(s) URL of a release zip or of its datapackage.json, or a local zip, release folder or
datapackage.json. Files are written to a temporary folder inside the cache, checked against the
descriptor's `bytes` and `hash` (and the release's SHA256SUMS, which also covers the unhashed DuckDB
file), and only then renamed to ``<cache>/<name>/<version>/``. Any failure deletes what was written and
names the file that failed. A version already in the cache is never downloaded again.

Each file has its own download deadline (``akhbar.package.fetching``); the whole pull has one more, ``PULL_DEADLINE_S``
(or ``$AKHBAR_PULL_DEADLINE`` seconds, or ``deadline_s``), so that many slow files cannot add up without end: past
it the pull stops, names the files not yet downloaded, and leaves nothing behind. Redirects follow
:func:`akhbar.package.fetching.check_redirect`: never from https to http, and to another server only where
``allow_origins`` says.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import time
import urllib.parse
import zipfile
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from akhbar.errors import PullError
from akhbar.package.descriptor import (
    DESCRIPTOR,
    Descriptor,
    parse_descriptor,
    read_descriptor_json,
    same_descriptor,
)
from akhbar.package.fetching import (
    CHUNK,
    MAX_DESCRIPTOR_BYTES,
    TIMEOUT_S,
    WHOLE_DEADLINE_ENV,
    WHOLE_DEADLINE_S,
    copy_stream,
    fetch,
    is_url,
    join,
    safe_relpath,
    whole_deadline,
)
from akhbar.package.hashing import digest
from akhbar.package.versioning import is_version, parse_version

CACHE_ENV = "AKHBAR_CACHE_DIR"
SUMS_FILE = "SHA256SUMS"
MARKER = ".akhbar-pull.json"  # where a cached release came from; not part of the release
TMP_PREFIX = ".tmp-pull-"
# Refuse archives and downloads larger than this (uncompressed), so a hostile source cannot fill the disk.
DEFAULT_MAX_BYTES = 8 << 30
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
# A whole pull's deadline (akhbar.package.fetching.whole_deadline).
PULL_DEADLINE_S = WHOLE_DEADLINE_S
PULL_DEADLINE_ENV = WHOLE_DEADLINE_ENV
# Files named when a pull stops at its deadline (then a count of the others).
_NAMED_LEFT = 5
# Optional release files fetched next to a datapackage.json when the release has no SHA256SUMS listing them.
OPTIONAL_FILES = ("load.sql", "diff.json", "CHANGELOG.md")

__all__ = [
    "CHUNK",
    "DESCRIPTOR",
    "MAX_DESCRIPTOR_BYTES",
    "TIMEOUT_S",
    "PullError",
    "PullResult",
    "cache_root",
    "cached_releases",
    "check_file",
    "copy_stream",
    "digest",
    "fetch",
    "is_url",
    "join",
    "pull",
    "safe_relpath",
]


@dataclass(frozen=True)
class PullResult:
    """Where a pulled release lies, and whether this call downloaded it (False: it was already cached)."""

    path: Path
    name: str
    version: str
    downloaded: bool


def cache_root(cache_dir: Path | str | None = None) -> Path:
    """The cache folder: ``cache_dir``, else $AKHBAR_CACHE_DIR, else the platform's user cache dir."""
    if cache_dir:
        return Path(cache_dir).expanduser()
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("akhbar", appauthor=False))


def _split_hash(value: str) -> tuple[str, str]:
    """(algorithm, hex) of a Frictionless hash; no prefix means md5 (Data Package v1)."""
    algo, _, hexdigest = value.rpartition(":")
    algo = (algo or "md5").lower()
    if algo not in hashlib.algorithms_available:
        raise PullError(f"unsupported hash algorithm {algo!r}")
    return algo, hexdigest.lower()


def check_file(root: Path, rel: str, nbytes: int | None = None, hash_: str | None = None) -> None:
    """Raise PullError naming ``rel`` when it is missing, a link, or its size or hash differs from the descriptor."""
    path = root / safe_relpath(rel)
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise PullError(f"{rel}: not a regular file")
    if not path.is_file():
        raise PullError(f"{rel}: missing")
    algo, expected = _split_hash(hash_) if hash_ else ("sha256", None)
    size, actual = digest(path, algo)
    if nbytes is not None and size != int(nbytes):
        raise PullError(f"{rel}: {size} bytes, expected {nbytes} (truncated or altered)")
    if expected is not None and actual != expected:
        raise PullError(f"{rel}: {algo} hash mismatch (expected {expected}, got {actual}): the file was altered")


def resource_files(descriptor: Descriptor) -> Iterator[tuple[str, int | None, str | None]]:
    """(path, bytes, hash) of every local file a release descriptor names: resource data, Parquet, DuckDB."""
    for entry in descriptor.files():
        if is_url(entry.path):
            raise PullError(f"{entry.path}: a remote path in a release (every file of a release lies inside it)")
        yield entry.path, entry.bytes, entry.hash


def read_sums(path: Path) -> dict[str, str]:
    """Parse a `sha256sum` file into {relative path: hex}."""
    sums = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        m = re.match(r"^([0-9a-fA-F]{64}) [ *](.+)$", line)
        if not m:
            raise PullError(f"{SUMS_FILE}: line {n} is not `<sha256>  <path>`")
        sums[str(safe_relpath(m[2]))] = m[1].lower()
    return sums


def verify_release(root: Path) -> Descriptor:
    """Check every file of a release folder against its descriptor and SHA256SUMS; return the descriptor."""
    root = Path(root)
    for dirpath, dirnames, filenames in os.walk(root):
        for entry in dirnames + filenames:
            p = Path(dirpath) / entry
            if p.is_symlink():
                raise PullError(f"{p.relative_to(root)}: symbolic link in a release")
    desc = release_descriptor(root / DESCRIPTOR)
    for rel, nbytes, hash_ in resource_files(desc):
        check_file(root, rel, nbytes, hash_)
    if (root / SUMS_FILE).is_file():
        for rel, hexdigest in read_sums(root / SUMS_FILE).items():
            check_file(root, rel, None, f"sha256:{hexdigest}")
    return desc


def release_descriptor(path: Path, label: str = DESCRIPTOR) -> Descriptor:
    """Read a release's datapackage.json and check that its name and version can name a cache folder."""
    if not path.is_file():
        raise PullError(f"{label}: missing")
    desc = parse_descriptor(read_descriptor_json(path, label), label)
    if not _NAME_RE.match(desc.name):
        raise PullError(f"{label}: package name {desc.name!r} is not a valid name (lower-case letters, digits, ._-)")
    return desc


# --- archives ----------------------------------------------------------------------------------------


def check_archive(zf: zipfile.ZipFile, label: str, limit: int) -> None:
    """Refuse an archive with absolute or escaping paths, links, special files, or too many bytes."""
    total = 0
    for info in zf.infolist():
        try:
            safe_relpath(info.filename.rstrip("/") if info.is_dir() else info.filename)
        except PullError:
            raise PullError(
                f"{label}: unsafe entry {info.filename!r} (absolute path or `..`); refusing the archive"
            ) from None
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise PullError(f"{label}: entry {info.filename!r} is a symbolic link; refusing the archive")
        if mode and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise PullError(f"{label}: entry {info.filename!r} is not a regular file; refusing the archive")
        total += info.file_size
        if total > limit:
            raise PullError(f"{label}: unpacks to more than the {limit}-byte limit; refusing the archive")


def _read_member(zf: zipfile.ZipFile, name: str, label: str) -> bytes:
    """A small member (descriptor, checksums), read at most MAX_DESCRIPTOR_BYTES."""
    with zf.open(name) as src:
        data = src.read(MAX_DESCRIPTOR_BYTES + 1)
    if len(data) > MAX_DESCRIPTOR_BYTES:
        raise PullError(f"{label}: {name} is larger than the {MAX_DESCRIPTOR_BYTES}-byte limit")
    return data


def archive_listing(zf: zipfile.ZipFile, label: str) -> tuple[str, dict[str, int]]:
    """The folder of the archive that holds the release ("" or "top/") and the most bytes each file it may
    hold can have: the `bytes` datapackage.json declares, else (files SHA256SUMS alone lists: page, reports)
    MAX_DESCRIPTOR_BYTES."""
    names = [n for n in zf.namelist() if PurePosixPath(n).name == DESCRIPTOR and n.count("/") <= 1]
    if not names:
        raise PullError(f"{label}: no {DESCRIPTOR} at the top of the archive or in its single top folder")
    member = min(names, key=lambda n: (n.count("/"), n))
    prefix = member[: -len(DESCRIPTOR)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / DESCRIPTOR
        path.write_bytes(_read_member(zf, member, label))
        desc = release_descriptor(path, f"{label}: {member}")
    allowed: dict[str, int] = {DESCRIPTOR: MAX_DESCRIPTOR_BYTES, SUMS_FILE: MAX_DESCRIPTOR_BYTES}
    if prefix + SUMS_FILE in zf.namelist():
        sums = tempfile.NamedTemporaryFile(delete=False)
        try:
            sums.write(_read_member(zf, prefix + SUMS_FILE, label))
            sums.close()
            allowed.update(dict.fromkeys(read_sums(Path(sums.name)), MAX_DESCRIPTOR_BYTES))
        finally:
            os.unlink(sums.name)
    for rel, nbytes, _ in resource_files(desc):
        rel = str(safe_relpath(rel))
        allowed[rel] = nbytes if nbytes is not None else allowed.get(rel, MAX_DESCRIPTOR_BYTES)
    return prefix, allowed


def check_listed(zf: zipfile.ZipFile, label: str, prefix: str, allowed: dict[str, int]) -> None:
    """Refuse an archive with an entry the release does not list, or one whose stated size exceeds its bound."""
    folders = {prefix.rstrip("/")} | {str(PurePosixPath(prefix + rel).parent) for rel in allowed}
    folders |= {str(p) for f in list(folders) for p in PurePosixPath(f).parents}
    for info in zf.infolist():
        name = info.filename.rstrip("/")
        if info.is_dir():
            if name not in folders:
                raise PullError(
                    f"{label}: folder {info.filename!r} holds nothing the release lists; refusing the archive"
                )
            continue
        rel = name[len(prefix) :] if name.startswith(prefix) else None
        if rel is None or rel not in allowed:
            raise PullError(
                f"{label}: entry {info.filename!r} is not listed in {DESCRIPTOR} or {SUMS_FILE}; refusing the archive"
            )
        if info.file_size > allowed[rel]:
            raise PullError(f"{label}: {info.filename} unpacks to more than its declared {allowed[rel]} bytes")


def extract_archive(archive: Path, dest: Path, label: str, limit: int) -> Path:
    """Check and unpack a release zip into ``dest``; return the folder that holds its datapackage.json.

    Only the files the release's datapackage.json and SHA256SUMS list are accepted, and each is unpacked to
    at most its declared `bytes`."""
    try:
        with zipfile.ZipFile(archive) as zf:
            check_archive(zf, label, limit)
            prefix, allowed = archive_listing(zf, label)
            check_listed(zf, label, prefix, allowed)
            written = 0
            for info in zf.infolist():
                target = dest / safe_relpath(info.filename.rstrip("/"))
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                bound = allowed[info.filename[len(prefix) :]]
                with zf.open(info) as src:
                    # counting while writing: the sizes in a zip's headers are claims, not facts
                    got = copy_stream(src, target, f"{label}: {info.filename}", min(bound, limit - written))
                written += got
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as exc:
        raise PullError(f"{label}: not a readable zip archive (truncated download?): {exc}") from exc
    folder = dest / prefix if prefix else dest
    if not (folder / DESCRIPTOR).is_file():
        raise PullError(f"{label}: no {DESCRIPTOR} at the top of the archive or in its single top folder")
    return folder


# --- pulling -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Session:
    """What every download of one pull shares: the source, its timeout, allowed origins and the pull's deadline."""

    source: str
    timeout: float
    allowed: Collection[str]
    seconds: float
    until: float  # time.monotonic() value

    def check(self, left: Sequence[str]) -> None:
        """PullError naming the files in ``left`` (not downloaded yet) once the pull's deadline has passed."""
        if time.monotonic() <= self.until:
            return
        named = ", ".join(left[:_NAMED_LEFT]) + (
            f" and {len(left) - _NAMED_LEFT} more" if len(left) > _NAMED_LEFT else ""
        )
        raise PullError(
            f"{self.source}: the pull took longer than its {self.seconds:g}-second deadline (--deadline or ${PULL_DEADLINE_ENV}); "
            f"not downloaded: {named or 'nothing'}"
        )

    def fetch(
        self, left: Sequence[str], location: str, dest: Path, label: str, limit: int, optional: bool = False
    ) -> bool:
        """:func:`fetch` ``left[0]`` within the pull's deadline; past it, PullError naming every file of ``left``."""
        self.check(left)
        try:
            return fetch(location, dest, label, limit, self.timeout, optional, allowed=self.allowed, until=self.until)
        except PullError:
            self.check(left)  # the deadline, not the file, stopped it: say so and what was left
            raise


def _marker(path: Path) -> dict[str, Any]:
    """The source record of a cached release, or {}."""
    try:
        return json.loads((path / MARKER).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}


def cached_releases(cache: Path) -> list[Path]:
    """Every release folder in the cache (``<name>/<version>/`` with a datapackage.json)."""
    if not cache.is_dir():
        return []
    found = []
    for pkg in sorted(cache.iterdir()):
        if pkg.is_dir() and not pkg.name.startswith("."):
            found += [v for v in pkg.iterdir() if v.is_dir() and is_version(v.name) and (v / DESCRIPTOR).is_file()]
    return sorted(found, key=lambda p: (p.parent.name, parse_version(p.name)))


def _find_cached(cache: Path, source: str, version: str | None) -> Path | None:
    """A cached release pulled earlier from the same source (and version)."""
    for path in cached_releases(cache):
        if _marker(path).get("source") == source and (version is None or path.name == version):
            return path
    return None


def _descriptor_location(source: str, version: str | None) -> tuple[str, bool]:
    """(location, is_zip) of what to fetch for a source string."""
    if version and "{version}" in source:
        source = source.replace("{version}", version)
    path_part = urllib.parse.urlparse(source).path if is_url(source) else source
    if path_part.lower().endswith(".zip"):
        return source, True
    if path_part.lower().endswith(".json"):
        return source, False
    if not is_url(source):
        folder = Path(source)
        if (folder / DESCRIPTOR).is_file():
            return str(folder / DESCRIPTOR), False
        if version and (folder / version / DESCRIPTOR).is_file():
            return str(folder / version / DESCRIPTOR), False
        raise PullError(f"{source}: not a release zip, release folder or {DESCRIPTOR}")
    base = source.rstrip("/") + "/"
    return (base + f"{version}/{DESCRIPTOR}" if version else base + DESCRIPTOR), False


def _install(release: Path, cache: Path, source: str, version: str | None) -> PullResult:
    """Verify an unpacked release and move it into the cache (or find the same version already there)."""
    desc = verify_release(release)
    name, got = desc.name, desc.version
    if version and got != version:
        raise PullError(f"{DESCRIPTOR}: version {got}, but version {version} was asked for")
    target = cache / name / got
    if target.exists():
        same = same_descriptor((target / DESCRIPTOR).read_bytes(), (release / DESCRIPTOR).read_bytes())
        if not same:
            raise PullError(
                f"{target} already holds a different {name} {got}: releases are immutable; "
                "remove that folder or pull into another --cache-dir"
            )
        return PullResult(target, name, got, downloaded=False)
    (release / MARKER).write_text(json.dumps({"source": source}) + "\n", encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    os.rename(release, target)
    return PullResult(target, name, got, downloaded=True)


def _stage_descriptor(session: _Session, location: str, release: Path, desc: Descriptor, limit: int) -> None:
    """Fetch every file a fetched datapackage.json (and the release's SHA256SUMS) names into ``release``."""
    names = [str(safe_relpath(rel)) for rel, _, _ in resource_files(desc)]
    sums_left = [SUMS_FILE, *(n for n in names if n not in (DESCRIPTOR, SUMS_FILE))]
    has_sums = session.fetch(
        sums_left, join(location, SUMS_FILE), release / SUMS_FILE, SUMS_FILE, MAX_DESCRIPTOR_BYTES, optional=True
    )
    extra = list(read_sums(release / SUMS_FILE)) if has_sums else []
    required = [rel for rel in dict.fromkeys(names + extra) if rel not in (DESCRIPTOR, SUMS_FILE)]
    total = 0
    for i, rel in enumerate(required):
        session.fetch(required[i:], join(location, rel), release / safe_relpath(rel), rel, limit - total)
        total += (release / safe_relpath(rel)).stat().st_size
    if not has_sums:
        for i, rel in enumerate(OPTIONAL_FILES):
            left = list(OPTIONAL_FILES[i:])
            session.fetch(left, join(location, rel), release / rel, rel, MAX_DESCRIPTOR_BYTES, optional=True)


def pull(
    source: str | Path,
    version: str | None = None,
    cache_dir: Path | str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = TIMEOUT_S,
    allow_origins: Collection[str] = (),
    deadline_s: float | None = None,
) -> PullResult:
    """Download (or copy) a release into the cache and verify it; a release already cached is left as is.

    Within ``deadline_s`` seconds in all (default $AKHBAR_PULL_DEADLINE, else ``PULL_DEADLINE_S``); a redirect
    to another server only to ``allow_origins`` (origins, or ``*``), never from https to http."""
    if version is not None:
        parse_version(version)
    seconds = whole_deadline(deadline_s)
    session = _Session(str(source), timeout, tuple(allow_origins), seconds, time.monotonic() + seconds)
    cache = cache_root(cache_dir)
    source = str(source)
    key = source if is_url(source) else str(Path(source).resolve())
    location, is_zip = _descriptor_location(source, version)
    if is_zip:
        hit = _find_cached(cache, key, version)
        if hit is not None:
            return PullResult(hit, hit.parent.name, hit.name, downloaded=False)
    created = not cache.exists()
    cache.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=cache))
    ok = False
    try:
        if is_zip:
            label = (
                PurePosixPath(urllib.parse.urlparse(location).path).name if is_url(location) else Path(location).name
            )
            archive = staging / "archive.zip"
            session.fetch([label, f"{label}.sha256"], location, archive, label, max_bytes)
            sidecar = staging / "archive.zip.sha256"
            if session.fetch(
                [f"{label}.sha256"], location + ".sha256", sidecar, f"{label}.sha256", 4096, optional=True
            ):
                expected = (
                    sidecar.read_text(encoding="utf-8").split()[0].lower()
                    if sidecar.read_text(encoding="utf-8").split()
                    else ""
                )
                if digest(archive)[1] != expected:
                    raise PullError(f"{label}: sha256 differs from {label}.sha256: the archive was altered")
            release = extract_archive(archive, staging / "unpacked", label, max_bytes)
        else:
            release = staging / "release"
            # a descriptor is small: read it first so that a cached version is not downloaded again
            session.fetch([DESCRIPTOR, "its files"], location, release / DESCRIPTOR, DESCRIPTOR, MAX_DESCRIPTOR_BYTES)
            desc = release_descriptor(release / DESCRIPTOR)
            if version and desc.version != version:
                raise PullError(f"{DESCRIPTOR}: version {desc.version}, but version {version} was asked for")
            target = cache / desc.name / desc.version
            if target.is_dir() and same_descriptor(
                (target / DESCRIPTOR).read_bytes(), (release / DESCRIPTOR).read_bytes()
            ):
                ok = True
                return PullResult(target, desc.name, desc.version, downloaded=False)
            _stage_descriptor(session, location, release, desc, max_bytes)
        result = _install(release, cache, key, version)
        ok = True
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and not ok and not any(cache.rglob("*")):
            cache.rmdir()
