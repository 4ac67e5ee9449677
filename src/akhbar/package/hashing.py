"""File hashes, streamed: the size and digest of a file, and the Frictionless `sha256:<hex>` form."""

from __future__ import annotations

import hashlib
from pathlib import Path

CHUNK = 1 << 20


def digest(path: Path, algorithm: str = "sha256") -> tuple[int, str]:
    """Size in bytes and hex digest of a file, read in chunks."""
    h = hashlib.new(algorithm)
    size = 0
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            h.update(chunk)
            size += len(chunk)
    return size, h.hexdigest()


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file."""
    return digest(path)[1]


def file_digest(path: Path) -> tuple[int, str]:
    """Size in bytes and Frictionless-style hash (`sha256:<hex>`) of a file."""
    size, hexdigest = digest(path)
    return size, f"sha256:{hexdigest}"


def sha256_hex(data: bytes) -> str:
    """Lower-case hex SHA-256 of bytes in memory."""
    return hashlib.sha256(data).hexdigest()
