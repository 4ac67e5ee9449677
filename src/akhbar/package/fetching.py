"""Copy a URL or a local file with a size limit, a per-read timeout and a whole-download deadline.

The one way akhbar downloads anything. A download stops with PullError when it passes its byte limit (a file's
declared `bytes`, or a cap), when one read waits longer than ``TIMEOUT_S``, or when the whole file takes longer
than the deadline (``DEADLINE_S``, or ``$AKHBAR_DOWNLOAD_DEADLINE`` seconds): a server that trickles one byte at
a time cannot keep it running. A download of many files (a pull, a package read from its URL) has one more
deadline for them all (:func:`whole_deadline`), which it passes to each file as ``until``.

Redirects (:func:`check_redirect`): an https download never continues over http, and a redirect stays on the
host asked for (the same host and port, or the same host moving from http to https) unless its origin is one
the caller allows (``--allow-origin``; ``*`` allows any host, still never from https to http). A file is written
under a temporary name beside ``dest`` and renamed into place only once complete: a failed download leaves nothing.
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
from typing import IO, Any

from akhbar.errors import PullError

CHUNK = 1 << 20
TIMEOUT_S = 60
DEADLINE_S = 1800
DEADLINE_ENV = "AKHBAR_DOWNLOAD_DEADLINE"
# A download of many files in all: a release of a few GiB at a slow few MB/s, with room; one file alone has 30 minutes.
WHOLE_DEADLINE_S = 7200
WHOLE_DEADLINE_ENV = "AKHBAR_PULL_DEADLINE"
MAX_DESCRIPTOR_BYTES = 64 << 20
ANY_ORIGIN = "*"
_DEFAULT_PORTS = {"http": 80, "https": 443}


def seconds_setting(env: str, default: float) -> float:
    """A positive number of seconds from the environment variable ``env``, else ``default``."""
    value = os.environ.get(env, "").strip()
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        raise PullError(f"${env}={value!r}: not a number of seconds") from None
    if not seconds > 0:
        raise PullError(f"${env}={value!r}: must be a positive number of seconds")
    return seconds


def download_deadline() -> float:
    """Seconds one whole download may take: $AKHBAR_DOWNLOAD_DEADLINE, else ``DEADLINE_S``."""
    return seconds_setting(DEADLINE_ENV, DEADLINE_S)


def whole_deadline(deadline_s: float | None = None) -> float:
    """Seconds a download of many files (a pull, a package read from its URL) may take in all: ``deadline_s``,
    else $AKHBAR_PULL_DEADLINE, else ``WHOLE_DEADLINE_S``."""
    if deadline_s is None:
        return seconds_setting(WHOLE_DEADLINE_ENV, WHOLE_DEADLINE_S)
    if not deadline_s > 0:  # NaN compares false to everything: it would mean no deadline at all
        raise PullError(f"deadline {deadline_s!r}: must be a positive number of seconds")
    return deadline_s


def _deadline(deadline_s: float | None, until: float | None = None) -> float:
    """The time.monotonic() value a download must end by: ``deadline_s`` from now (default
    :func:`download_deadline`), and no later than ``until``."""
    deadline = time.monotonic() + (download_deadline() if deadline_s is None else deadline_s)
    return deadline if until is None else min(deadline, until)


def _time_left(timeout: float, deadline: float) -> float:
    """The socket timeout for the next step: ``timeout``, cut to what is left before ``deadline`` (never 0)."""
    return max(0.001, min(timeout, deadline - time.monotonic()))


def origin(url: str) -> str:
    """``scheme://host:port`` of an http(s) URL (default port written out, lower case)."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:
        raise PullError(f"{url}: invalid port") from None
    return f"{scheme}://{(parts.hostname or '').lower()}:{port}"


def _allow_hint(url: str) -> str:
    """What to write after --allow-origin to allow ``url``'s origin (the port only where it is not the default)."""
    scheme, host, port = origin(url).rsplit(":", 2)
    return f"{scheme}:{host}" if _DEFAULT_PORTS.get(scheme) == int(port) else f"{scheme}:{host}:{port}"


def check_origin(url: str, allowed: Collection[str], label: str) -> None:
    """Refuse a URL whose origin is not in ``allowed`` (origins or URLs; ``*`` allows any)."""
    if ANY_ORIGIN in allowed:
        return
    if origin(url) not in {origin(a) for a in allowed}:
        raise PullError(
            f"{label}: {url} is on another server than the package ({', '.join(sorted(allowed))}); "
            f"allow it with --allow-origin {_allow_hint(url)}"
        )


def check_redirect(start: str, target: str, allowed: Collection[str] = ()) -> None:
    """Refuse a redirect from ``start`` to ``target`` that leaves https, or leaves the host unless ``allowed``."""
    if not is_url(target):
        raise PullError(f"{start}: redirected to {target}, not an http(s) URL; refusing it")
    first, then = urllib.parse.urlsplit(start), urllib.parse.urlsplit(target)
    if first.scheme.lower() == "https" and then.scheme.lower() != "https":
        raise PullError(f"{start}: redirected from https to {target}; refusing the downgrade")
    if ANY_ORIGIN in allowed:
        return
    same_host = {origin(start)}
    if first.port is None:  # http://host -> https://host is the same server moving to TLS
        same_host.add(origin(f"https://{first.netloc}"))
    if origin(target) not in same_host | {origin(a) for a in allowed}:
        raise PullError(
            f"{start}: redirected to another server ({origin(target)}); refusing it "
            f"(allow it with --allow-origin {_allow_hint(target)})"
        )


class _GuardedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only where :func:`check_redirect` allows it, each hop judged against the URL asked for."""

    def __init__(self, start: str, allowed: Collection[str]):
        self.start = start
        self.allowed = allowed

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        """The next request of a redirect, once its target is checked."""
        check_redirect(self.start, urllib.parse.urljoin(req.full_url, newurl), self.allowed)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


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


def _open_url(url: str, timeout: float, allowed: Collection[str] = ()) -> tuple[IO[bytes], int | None]:
    """Open an http(s) URL, following only the redirects :func:`check_redirect` allows; the stream and its length."""
    req = urllib.request.Request(url, headers={"User-Agent": "akhbar-pull"})
    opener = urllib.request.build_opener(_GuardedRedirects(url, allowed))
    resp = opener.open(req, timeout=timeout)
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
    allowed: Collection[str] = (),
    until: float | None = None,
) -> bool:
    """Copy a URL or local file to ``dest`` within ``deadline_s`` seconds in all (and by ``until``, a
    time.monotonic() value), redirects only where ``allowed``; False when ``optional`` and absent.

    The bytes go to a temporary file beside ``dest``, renamed onto it once complete: a failure leaves no file."""
    deadline = _deadline(deadline_s, until)
    # a name of this process's own: two processes fetching into one folder never write the same file
    part = dest.with_name(f".{dest.name}.{os.getpid()}.part")
    try:
        if not _copy_source(location, part, label, limit, timeout, optional, allowed, deadline):
            return False
        os.replace(part, dest)
        return True
    except urllib.error.HTTPError as exc:
        if optional and exc.code == 404:
            return False
        raise PullError(f"{label}: HTTP {exc.code} {exc.reason} for {location}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PullError(f"{label}: cannot download {location}: {reason}") from exc
    finally:
        part.unlink(missing_ok=True)


def _copy_source(
    location: str,
    dest: Path,
    label: str,
    limit: int,
    timeout: float,
    optional: bool,
    allowed: Collection[str],
    deadline: float,
) -> bool:
    """Copy a URL or local file into ``dest`` (see :func:`fetch`); False when ``optional`` and absent."""
    if is_url(location):
        stream, length = _open_url(location, _time_left(timeout, deadline), allowed)
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


def read_url(
    url: str,
    label: str,
    limit: int = MAX_DESCRIPTOR_BYTES,
    timeout: float = TIMEOUT_S,
    deadline_s: float | None = None,
    allowed: Collection[str] = (),
    until: float | None = None,
) -> bytes:
    """The body of a small http(s) document, refused past ``limit`` bytes, the deadline (and ``until``, a
    time.monotonic() value), or when truncated; redirects only where ``allowed`` (:func:`check_redirect`)."""
    deadline = _deadline(deadline_s, until)
    try:
        stream, length = _open_url(url, _time_left(timeout, deadline), allowed)
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
