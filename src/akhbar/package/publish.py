"""Cut a new version: build, validate, compare with the previous release, and publish it with a zip and checksums.

`release(project, bump="minor")`:
  1. the new version is the latest of datapackage.json's version and the newest release, bumped; an existing
     version (folder or zip) is never overwritten. With no release yet in the output folder there is nothing to
     bump from: the first release is datapackage.json's version as written, and ``--bump`` is refused;
  2. a schema change that needs a bigger bump than asked is refused before anything is built;
  3. the project is built and validated into a staging folder under that version (datapackage.json is not
     touched yet), then diffed with the previous release: a bump smaller than the rows and schemas require is
     refused with the reasons, and so is a release in which no table, row or schema changed;
  4. the release gets diff.json, CHANGELOG.md (this entry on top of the previous release's) and SHA256SUMS
     (every file, the DuckDB file included), is zipped to ``dist/<name>-<version>.zip`` (+ ``.sha256``) and
     renamed into ``dist/<name>/<version>/``; only then is the new version written into datapackage.json, by an
     atomic rename, so the tracked file names either the old version (nothing published) or the new one.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from akhbar.access.sql import list_releases
from akhbar.corpus.feeds import FeedOptions
from akhbar.corpus.ingest import MAX_ARTICLE_BYTES
from akhbar.errors import ReleaseError
from akhbar.package.descriptor import DESCRIPTOR, read_descriptor
from akhbar.package.diff import ReleaseDiff, diff_packages, render_markdown
from akhbar.package.hashing import sha256_file
from akhbar.package.release import remove_stale_temporaries, write_atomically
from akhbar.package.versioning import (
    Version,
    VersionError,
    check_bump,
    parse_version,
    schema_changes,
)
from akhbar.package.versioning import (
    bump as bump_version,
)
from akhbar.pipeline.build import build
from akhbar.pipeline.runner import Project
from akhbar.report import render_report

SUMS_FILE = "SHA256SUMS"
DIFF_FILE = "diff.json"
CHANGELOG_FILE = "CHANGELOG.md"
# Fixed timestamp for zip entries: the same files give the same archive bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Published:
    """A published version: its folder, zip, and the diff with the release before it (None for the first)."""

    path: Path
    zip: Path
    version: str
    previous: str | None
    diff: ReleaseDiff | None


def validation_check(project_root: Path) -> Callable[[Path], None] | None:
    """The build check of akhbar.validate (raises ValidationError when a release fails), or None without it."""
    try:
        from akhbar.validate import check_release
    except ImportError:
        return None
    return functools.partial(check_release, project_root=project_root)


def next_version(current: str, released: list[str], bump: str | None) -> Version:
    """The version to publish: the newest of ``current`` and ``released``, bumped (or ``current`` as is)."""
    cur = parse_version(current)
    newest = max((parse_version(v) for v in released), default=None)
    if bump is not None and newest is None:
        raise VersionError(
            f"no earlier release to bump from: a first release is datapackage.json's version {cur} as written; "
            "run without --bump (or edit the version in datapackage.json)"
        )
    if bump is None:
        if newest is not None and cur <= newest:
            raise VersionError(
                f"datapackage.json says {cur} but {newest} is already released: pass --bump major|minor|patch"
            )
        return cur
    return bump_version(max(cur, newest) if newest else cur, bump)


def prospective_descriptor(project: Project) -> dict[str, Any]:
    """The project's descriptor with its schemas inlined, as a release would carry them (no files needed)."""
    schemas = project.schemas()
    desc = json.loads(json.dumps(project.descriptor))
    for res in desc.get("resources", []):
        if res["name"] in schemas:
            res["schema"] = schemas[res["name"]].descriptor
    return desc


def write_version(descriptor_path: Path, version: str) -> None:
    """Set the top-level version in datapackage.json, keeping the rest of the file's text as it is."""
    text = descriptor_path.read_text(encoding="utf-8")
    new_text, n = re.subn(r'("version"\s*:\s*)"[^"]*"', lambda m: f'{m[1]}"{version}"', text, count=1)
    if n != 1 or json.loads(new_text).get("version") != version:
        data = json.loads(text)
        data["version"] = version
        new_text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if new_text != text:
        write_atomically(descriptor_path, new_text)


def release_files(root: Path) -> list[str]:
    """Every file of a release folder as a sorted POSIX relative path."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def write_sums(root: Path) -> Path:
    """Write SHA256SUMS (`sha256sum -c` format) over every other file of the release."""
    lines = [f"{sha256_file(root / rel)}  {rel}" for rel in release_files(root) if rel != SUMS_FILE]
    path = root / SUMS_FILE
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_zip(root: Path, dest: Path, prefix: str) -> Path:
    """Zip a release folder under ``prefix/`` with fixed dates and modes, atomically; write ``dest``.sha256."""
    tmp = dest.with_name(f".tmp-{dest.name}-{os.getpid()}")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for rel in release_files(root):
                info = zipfile.ZipInfo(f"{prefix}/{rel}", date_time=ZIP_DATE)
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                with open(root / rel, "rb") as src, zf.open(info, "w") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
        os.rename(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    dest.with_name(dest.name + ".sha256").write_text(f"{sha256_file(dest)}  {dest.name}\n", encoding="utf-8")
    return dest


def changelog(diff: ReleaseDiff | None, name: str, version: str, tables: dict[str, int], previous_log: str) -> str:
    """CHANGELOG.md of a release: this version's entry above the previous release's log."""
    if diff is None:
        counts = ", ".join(f"{t} ({n} rows)" for t, n in tables.items())
        entry = f"## {name} {version}\n\nFirst release: {counts}.\n"
    else:
        entry = render_markdown(diff)
    head = "# Changelog\n\n"
    rest = previous_log.removeprefix(head).lstrip("\n")
    return head + entry + ("\n" + rest if rest else "")


def _row_counts(root: Path) -> dict[str, int]:
    """Rows per table of a release, from its Parquet files' metadata."""
    import pyarrow.parquet as pq

    desc = read_descriptor(root)
    return {r.name: pq.ParquetFile(root / r.parquet.path).metadata.num_rows for r in desc.resources if r.parquet}


def release(
    project_root: Path = Path("."),
    bump: str | None = None,
    raw_dir: Path | None = None,
    out_dir: Path | None = None,
    console: Console | None = None,
    validate: bool = True,
    feeds: FeedOptions | None = None,
    max_article_bytes: int = MAX_ARTICLE_BYTES,
) -> Published:
    """Build, validate, diff and publish the next version of a project; raise VersionError or ReleaseError to refuse.

    ``validate=False`` skips akhbar.validate (for tests of the versioning itself; releases are always validated).
    """
    project = Project.load(project_root)
    name = project.name
    dist = Path(out_dir) if out_dir else project.root / "dist"
    remove_stale_temporaries(dist)
    existing = list_releases(dist, name)
    version = str(next_version(project.version, [p.name for p in existing], bump))
    final = dist / name / version
    archive = dist / f"{name}-{version}.zip"
    for path in (final, archive):
        if path.exists():
            raise VersionError(f"{path} already exists: a published version is never overwritten; bump the version")
    previous = existing[-1] if existing else None
    prev_desc = read_descriptor(previous).raw if previous else None
    if prev_desc is not None:
        # fail fast, before building, on schema changes alone
        check_bump(prev_desc["version"], version, schema_changes(prev_desc, prospective_descriptor(project)))

    try:
        dist.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".tmp-release-{os.getpid()}-", dir=dist))
    except OSError as exc:
        raise ReleaseError(f"cannot write under {dist}: {exc.strerror or exc} (choose a writable --out)") from None
    try:
        staged = build(
            project.root,
            raw_dir=raw_dir,
            out_dir=staging,
            check=validation_check(project.root) if validate else None,
            console=console,
            feeds=feeds,
            max_article_bytes=max_article_bytes,
            version=version,
        )
        diff = diff_packages(previous, staged) if previous else None
        if diff is not None:
            check_bump(diff.old_version, version, diff.changes)
            if not diff.changes:
                raise VersionError(
                    f"nothing changed since {diff.old_version}: no table, row or schema differs, so there is no new "
                    "version to publish"
                )
            (staged / DIFF_FILE).write_text(diff.to_json(), encoding="utf-8")
        prev_log = (
            (previous / CHANGELOG_FILE).read_text(encoding="utf-8")
            if previous and (previous / CHANGELOG_FILE).is_file()
            else ""
        )
        (staged / CHANGELOG_FILE).write_text(
            changelog(diff, name, version, _row_counts(staged), prev_log), encoding="utf-8"
        )
        render_report(staged)  # again, now that the diff and changelog exist, so the page shows them
        write_sums(staged)
        write_zip(staged, archive, f"{name}-{version}")
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            os.rename(staged, final)
        except BaseException:
            archive.unlink(missing_ok=True)
            archive.with_name(archive.name + ".sha256").unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ReleaseError(f"cannot write the release under {dist}: {exc.strerror or exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    # the release is in place: only now does the tracked datapackage.json name the new version
    write_version(project.root / DESCRIPTOR, version)
    return Published(final, archive, version, previous.name if previous else None, diff)
