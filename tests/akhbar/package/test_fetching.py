"""Bounded downloads: a byte limit, a whole-download deadline, and origins (loopback servers, bounded in time and bytes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from release_helpers import HostileHandler, RedirectHandler, serve

from akhbar.errors import PullError
from akhbar.package.fetching import check_origin, check_redirect, fetch, origin, read_url, whole_deadline


def test_an_endless_stream_stops_at_the_limit_and_leaves_nothing(tmp_path: Path):
    dest = tmp_path / "out" / "out.bin"
    with serve(tmp_path, HostileHandler) as base, pytest.raises(PullError, match="1048576-byte limit"):
        fetch(f"{base}/endless", dest, "endless", 1 << 20)
    assert list(dest.parent.iterdir()) == []  # neither the file nor its partial download


def test_a_failed_download_keeps_the_file_it_would_have_replaced(tmp_path: Path):
    dest = tmp_path / "out.bin"
    dest.write_bytes(b"before")
    with serve(tmp_path, HostileHandler) as base, pytest.raises(PullError, match="limit"):
        fetch(f"{base}/endless", dest, "endless", 1 << 16)
    assert dest.read_bytes() == b"before" and sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


def test_a_trickling_server_hits_the_whole_download_deadline(tmp_path: Path):
    # one byte every 0.1 s for 30 s: each read is quick, only a deadline on the whole download stops it
    with serve(tmp_path, HostileHandler) as base:
        with pytest.raises(PullError, match="deadline"):
            fetch(f"{base}/trickle", tmp_path / "out.bin", "trickle", 1 << 20, deadline_s=0.5)
        with pytest.raises(PullError, match="deadline"):
            read_url(f"{base}/trickle", "trickle", deadline_s=0.5)


@pytest.mark.parametrize("seconds", [float("nan"), 0.0, -5.0])
def test_a_whole_deadline_that_is_no_positive_number_is_refused(seconds: float):
    # NaN compares false to any clock value: taken as given, it would never stop a download
    with pytest.raises(PullError, match="positive number of seconds"):
        whole_deadline(seconds)
    assert whole_deadline(12.5) == 12.5


def test_deadline_setting_is_read_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("AKHBAR_DOWNLOAD_DEADLINE", "0.5")
    with serve(tmp_path, HostileHandler) as base, pytest.raises(PullError, match="deadline"):
        fetch(f"{base}/trickle", tmp_path / "out.bin", "trickle", 1 << 20)
    monkeypatch.setenv("AKHBAR_DOWNLOAD_DEADLINE", "soon")
    with pytest.raises(PullError, match="AKHBAR_DOWNLOAD_DEADLINE"):
        fetch(f"{base}/trickle", tmp_path / "out.bin", "trickle", 1 << 20)


def test_origins_compare_scheme_host_and_port():
    assert origin("HTTP://Example.org/a/b") == origin("http://example.org:80/c") == "http://example.org:80"
    check_origin("http://example.org/data.csv", {"http://example.org/pkg/datapackage.json"}, "data")
    check_origin("http://elsewhere.org/x", {"*"}, "data")
    for other, hint in (
        ("http://example.org:8080/x", "http://example.org:8080"),
        ("https://example.org/x", "https://example.org"),
        ("http://evil.org/x", "http://evil.org"),
    ):
        with pytest.raises(PullError, match=f"--allow-origin {hint}$"):
            check_origin(other, {"http://example.org/pkg/datapackage.json"}, "data")


@pytest.mark.parametrize(
    "start, target",
    [
        ("https://example.org/a.zip", "http://example.org/a.zip"),  # a downgrade, same host
        ("https://example.org/a.zip", "http://mirror.example.net/a.zip"),
        ("http://example.org/a.zip", "http://mirror.example.net/a.zip"),  # another host
        ("http://example.org/a.zip", "http://example.org:8080/a.zip"),  # another port
        ("https://example.org/a.zip", "https://example.org:8443/a.zip"),
        ("http://example.org/a.zip", "ftp://example.org/a.zip"),  # not http(s)
        ("http://example.org/a.zip", "file:///etc/passwd"),
    ],
)
def test_a_redirect_off_https_or_off_the_host_is_refused(start: str, target: str):
    with pytest.raises(PullError, match="redirected"):
        check_redirect(start, target)


def test_allowed_redirects():
    check_redirect("https://example.org/a.zip", "https://example.org/b/a.zip")
    check_redirect("http://example.org/a.zip", "https://example.org/a.zip")  # the same server moving to TLS
    check_redirect("https://github.com/r/a.zip", "https://cdn.example.net/x", {"https://cdn.example.net"})
    check_redirect("http://example.org/a.zip", "http://cdn.example.net/x", {"*"})
    for allowed in ({"*"}, {"http://example.org"}):  # no setting allows leaving https
        with pytest.raises(PullError, match="downgrade"):
            check_redirect("https://example.org/a.zip", "http://example.org/a.zip", allowed)


def test_redirects_are_followed_on_the_same_server_only_unless_allowed(tmp_path: Path):
    (tmp_path / "file.txt").write_bytes(b"payload")
    dest = tmp_path / "got" / "file.txt"
    with serve(tmp_path, RedirectHandler) as base:
        port = base.rsplit(":", 1)[1]
        assert fetch(f"{base}/to/127.0.0.1:{port}/file.txt", dest, "same", 100)
        assert dest.read_bytes() == b"payload"
        dest.unlink()
        # localhost is the same machine but another origin: a redirect there is what a hostile one looks like
        elsewhere = f"{base}/to/localhost:{port}/file.txt"
        with pytest.raises(PullError, match=f"another server.*--allow-origin http://localhost:{port}\\)"):
            fetch(elsewhere, dest, "other", 100)
        with pytest.raises(PullError, match="another server"):
            read_url(elsewhere, "other")
        assert list(dest.parent.iterdir()) == []
        assert fetch(elsewhere, dest, "other", 100, allowed={f"http://localhost:{port}"})
        assert read_url(elsewhere, "other", allowed={"*"}) == b"payload"
