"""Verify the files a reader is about to use against the sizes and hashes the release recorded.

A release records the `bytes` and `hash` of every data file in its datapackage.json: the CSV and Parquet
files, and the DuckDB file (its bytes differ between identical builds, so its hash is taken when it is
published). `SHA256SUMS`, when present, covers the other files. Readers (`akhbar sql`, `akhbar.connect`, the
release page) call `verify` on exactly the files they open, every time, so that an altered file is refused
instead of answering queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from akhbar.errors import PackageError, PullError
from akhbar.package.descriptor import FileEntry, read_descriptor
from akhbar.package.pull import SUMS_FILE, check_file, read_sums


def recorded_sums(root: Path) -> dict[str, str]:
    """The release's SHA256SUMS as {relative path: hex}, or {} when it has none."""
    path = Path(root) / SUMS_FILE
    return read_sums(path) if path.is_file() else {}


def verifiable(entry: FileEntry, sums: dict[str, str]) -> bool:
    """True when a size or hash of the file is recorded (in the descriptor or SHA256SUMS)."""
    return entry.hash is not None or entry.bytes is not None or entry.path in sums


def verify(root: Path, entries: Iterable[FileEntry], sums: dict[str, str] | None = None) -> None:
    """Check every file's recorded size and hash; PackageError names the first file that differs.

    A file with nothing recorded is left to the caller (see `verifiable`)."""
    sums = recorded_sums(root) if sums is None else sums
    for entry in entries:
        try:
            if entry.hash is not None or entry.bytes is not None:
                check_file(Path(root), entry.path, entry.bytes, entry.hash)
            summed = f"sha256:{sums[entry.path]}" if entry.path in sums else None
            # a SHA256SUMS line equal to the hash just checked needs no second read of the file (a GB DuckDB file)
            if summed is not None and summed.lower() != (entry.hash or "").lower():
                check_file(Path(root), entry.path, None, summed)
        except PullError as exc:
            raise PackageError(
                f"{Path(root) / entry.path}: refused, it differs from what the release recorded: {exc}"
            ) from None


def verified_database(root: Path) -> Path | None:
    """The release's DuckDB file once verified, or None when the release records no hash for it (older releases)."""
    desc = read_descriptor(root, strict=False)
    if desc.duckdb is None:
        return None
    sums = recorded_sums(root)
    if not verifiable(desc.duckdb, sums):
        return None
    verify(root, [desc.duckdb], sums)
    return Path(root) / desc.duckdb.path
