"""Copy a URL or a local file with a size limit, a per-read timeout and a whole-download deadline.

The one way akhbar downloads anything. A download stops with PullError when it passes its byte limit (a file's
declared `bytes`, or a cap), when one read waits longer than ``TIMEOUT_S``, or when the whole file takes longer
than the deadline (``DEADLINE_S``, or ``$AKHBAR_DOWNLOAD_DEADLINE`` seconds): a server that trickles one byte at
a time cannot keep it running.
"""

from __future__ import annotations

import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Collection
from pathlib import Path, PurePosixPath
from typing import IO

from akhbar.errors import PullError

CHUNK = 1 << 20
TIMEOUT_S = 60
DEADLINE_S = 1800
DEADLINE_ENV = "AKHBAR_DOWNLOAD_DEADLINE"
MAX_DESCRIPTOR_BYTES = 64 << 20
ANY_ORIGIN = "*"
_DEFAULT_PORTS = {"http": 80, "https": 443}


def download_deadline() -> float:
    """Seconds one whole download may take: $AKHBAR_DOWNLOAD_DEADLINE, else ``DEADLINE_S``."""
    value = os.environ.get(DEADLINE_ENV, "").strip()
    if not value:
        return DEADLINE_S
    try:
        seconds = float(value)
    except ValueError:
        raise PullError(f"${DEADLINE_ENV}={value!r}: not a number of seconds") from None
    if not seconds > 0:
        raise PullError(f"${DEADLINE_ENV}={value!r}: must be a positive number of seconds")
    return seconds


def origin(url: str) -> str:
    """``scheme://host:port`` of an http(s) URL (default port written out, lower case)."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:
        raise PullError(f"{url}: invalid port") from None
    return f"{scheme}://{(parts.hostname or '').lower()}:{port}"


def check_origin(url: str, allowed: Collection[str], label: str) -> None:
    """Refuse a URL whose origin is not in ``allowed`` (origins or URLs; ``*`` allows any)."""
    if ANY_ORIGIN in allowed:
        return
    if origin(url) not in {origin(a) for a in allowed}:
        raise PullError(
            f"{label}: {url} is on another server than the package ({', '.join(sorted(allowed))}); "
            f"allow it with --allow-origin {origin(url).rsplit(':', 1)[0]}"
        )


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


class _Chunks:
    """A stream's chunks as they arrive (read1), refused once ``deadline`` (a time.monotonic() value) has passed."""

    def __init__(self, src: IO[bytes], label: str, deadline: float | None):
        self.read = getattr(src, "read1", src.read)
        self.label = label
        self.deadline = deadline

    def __iter__(self) -> _Chunks:
        return self

    def __next__(self) -> bytes:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise PullError(f"{self.label}: download took longer than the deadline; refusing it (${DEADLINE_ENV})")
        chunk = self.read(CHUNK)
        if not chunk:
            raise StopIteration
        return bytes(chunk)


def copy_stream(
    src: IO[bytes], dest: Path, label: str, limit: int, expected: int | None = None, deadline: float | None = None
) -> int:
    """Copy a stream into ``dest`` without exceeding ``limit`` bytes or the ``deadline``; refuse a short read."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with open(dest, "wb") as out:
        for chunk in _Chunks(src, label, deadline):
            written += len(chunk)
            if written > limit:
                raise PullError(f"{label}: larger than the {limit}-byte limit")
            out.write(chunk)
    if expected is not None and written != expected:
        raise PullError(f"{label}: download truncated: got {written} of {expected} bytes")
    return written


def fetch(
    location: str,
    dest: Path,
    label: str,
    limit: int,
    timeout: float = TIMEOUT_S,
    optional: bool = False,
    deadline_s: float | None = None,
) -> bool:
    """Copy a URL or local file to ``dest`` within ``deadline_s`` seconds in all; False when ``optional`` and absent."""
    deadline = time.monotonic() + (download_deadline() if deadline_s is None else deadline_s)
    try:
        if is_url(location):
            stream, length = _open_url(location, max(0.001, min(timeout, deadline - time.monotonic())))
        else:
            src = Path(location)
            if src.is_symlink() or not src.is_file():
                if optional and not src.exists():
                    return False
                raise PullError(f"{label}: {location} is missing or not a regular file")
            stream, length = open(src, "rb"), src.stat().st_size
        if length is not None and length > limit:
            stream.close()
            raise PullError(f"{label}: {length} bytes announced, more than the {limit}-byte limit")
        with stream:
            copy_stream(stream, dest, label, limit, length, deadline if is_url(location) else None)
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


def read_url(
    url: str, label: str, limit: int = MAX_DESCRIPTOR_BYTES, timeout: float = TIMEOUT_S, deadline_s: float | None = None
) -> bytes:
    """The body of a small http(s) document, refused past ``limit`` bytes, the deadline, or when truncated."""
    deadline = time.monotonic() + (download_deadline() if deadline_s is None else deadline_s)
    try:
        stream, length = _open_url(url, max(0.001, min(timeout, deadline - time.monotonic())))
        parts: list[bytes] = []
        size = 0
        with stream:
            for chunk in _Chunks(stream, label, deadline):
                parts.append(chunk)
                size += len(chunk)
                if size > limit:
                    break
        data = b"".join(parts)
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
