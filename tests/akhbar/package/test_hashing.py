"""File hashing: one streamed helper, in the plain and the Frictionless `sha256:<hex>` forms."""

from __future__ import annotations

import hashlib
from pathlib import Path

from akhbar.package import hashing


def test_digest_streams_files_larger_than_a_chunk(tmp_path: Path):
    data = bytes(range(256)) * (hashing.CHUNK // 256 + 3)
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    assert hashing.digest(path) == (len(data), hashlib.sha256(data).hexdigest())
    assert hashing.digest(path, "md5") == (len(data), hashlib.md5(data).hexdigest())
    assert hashing.sha256_file(path) == hashlib.sha256(data).hexdigest()
    assert hashing.file_digest(path) == (len(data), "sha256:" + hashlib.sha256(data).hexdigest())
    assert hashing.sha256_hex(data) == hashing.sha256_file(path)


def test_empty_file(tmp_path: Path):
    path = tmp_path / "empty"
    path.write_bytes(b"")
    assert hashing.file_digest(path) == (0, "sha256:" + hashlib.sha256(b"").hexdigest())
