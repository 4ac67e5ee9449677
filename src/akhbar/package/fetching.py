"""Copy a URL or a local file with a size limit and a timeout; the one way akhbar downloads anything."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path, PurePosixPath
from typing import IO

from akhbar.errors import PullError

CHUNK = 1 << 20
TIMEOUT_S = 60
MAX_DESCRIPTOR_BYTES = 64 << 20


def is_url(source: str | Path) -> bool:
    """True for an http(s) URL."""
    return str(source).lower().startswith(("http://", "https://"))


def safe_relpath(path: str) -> PurePosixPath:
    """A relative path that stays inside its folder, or PullError (absolute, `..`, drive letters, backslashes)."""
    if not isinstance(path, str) or not path or "\\" in path or "\x00" in path:
        raise PullError(f"{path!r}: unsafe path")
    p = PurePosixPath(path)
    if p.is_absolute() or re.match(r"^[A-Za-z]:", path) or any(part in ("..", "") for part in path.split("/")):
        raise PullError(f"{path}: unsafe path (absolute or leaving the release folder)")
    return p


def _open_url(url: str, timeout: float) -> tuple[IO[bytes], int | None]:
    """Open an http(s) URL; return the stream and its Content-Length."""
    req = urllib.request.Request(url, headers={"User-Agent": "akhbar-pull"})
    resp = urllib.request.urlopen(req, timeout=timeout)  # noqa: S310 - scheme checked by is_url
    length = resp.headers.get("Content-Length")
    return resp, int(length) if length and length.isdigit() else None


def copy_stream(src: IO[bytes], dest: Path, label: str, limit: int, expected: int | None = None) -> int:
    """Copy a stream into ``dest`` without exceeding ``limit`` bytes; refuse a short read."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with open(dest, "wb") as out:
        while True:
            chunk = src.read(CHUNK)
            if not chunk:
                break
            written += len(chunk)
            if written > limit:
                raise PullError(f"{label}: larger than the {limit}-byte limit")
            out.write(chunk)
    if expected is not None and written != expected:
        raise PullError(f"{label}: download truncated: got {written} of {expected} bytes")
    return written


def fetch(
    location: str, dest: Path, label: str, limit: int, timeout: float = TIMEOUT_S, optional: bool = False
) -> bool:
    """Copy a URL or local file to ``dest``; False when ``optional`` and it does not exist."""
    try:
        if is_url(location):
            stream, length = _open_url(location, timeout)
        else:
            src = Path(location)
            if src.is_symlink() or not src.is_file():
                if optional and not src.exists():
                    return False
                raise PullError(f"{label}: {location} is missing or not a regular file")
            stream, length = open(src, "rb"), src.stat().st_size
        with stream:
            copy_stream(stream, dest, label, limit, length)
        return True
    except urllib.error.HTTPError as exc:
        if optional and exc.code == 404:
            return False
        raise PullError(f"{label}: HTTP {exc.code} {exc.reason} for {location}") from exc
    except (urllib.error.URLError, OSError) as exc:
        if isinstance(exc, PullError):
            raise
        reason = getattr(exc, "reason", exc)
        raise PullError(f"{label}: cannot download {location}: {reason}") from exc


def read_url(url: str, label: str, limit: int = MAX_DESCRIPTOR_BYTES, timeout: float = TIMEOUT_S) -> bytes:
    """The body of a small http(s) document, refused past ``limit`` bytes or when truncated."""
    try:
        stream, length = _open_url(url, timeout)
        with stream:
            data = stream.read(limit + 1)
    except urllib.error.HTTPError as exc:
        raise PullError(f"{label}: HTTP {exc.code} {exc.reason} for {url}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise PullError(f"{label}: cannot download {url}: {getattr(exc, 'reason', exc)}") from exc
    if len(data) > limit:
        raise PullError(f"{label}: larger than the {limit}-byte limit")
    if length is not None and len(data) != length:
        raise PullError(f"{label}: download truncated: got {len(data)} of {length} bytes")
    return data


def join(base: str, rel: str) -> str:
    """Location of ``rel`` next to the descriptor at ``base`` (a URL or a local file path)."""
    if is_url(base):
        return urllib.parse.urljoin(base, urllib.parse.quote(rel))
    return str(Path(base).parent / rel)
