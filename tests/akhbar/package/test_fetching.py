"""Bounded downloads: a byte limit, a whole-download deadline, and origins (loopback servers, bounded in time and bytes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from release_helpers import HostileHandler, serve

from akhbar.errors import PullError
from akhbar.package.fetching import check_origin, fetch, origin, read_url


def test_an_endless_stream_stops_at_the_limit(tmp_path: Path):
    dest = tmp_path / "out.bin"
    with serve(tmp_path, HostileHandler) as base, pytest.raises(PullError, match="1048576-byte limit"):
        fetch(f"{base}/endless", dest, "endless", 1 << 20)
    assert dest.stat().st_size <= 1 << 20


def test_a_trickling_server_hits_the_whole_download_deadline(tmp_path: Path):
    # one byte every 0.1 s for 30 s: each read is quick, only a deadline on the whole download stops it
    with serve(tmp_path, HostileHandler) as base:
        with pytest.raises(PullError, match="deadline"):
            fetch(f"{base}/trickle", tmp_path / "out.bin", "trickle", 1 << 20, deadline_s=0.5)
        with pytest.raises(PullError, match="deadline"):
            read_url(f"{base}/trickle", "trickle", deadline_s=0.5)


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
    for other in ("http://example.org:8080/x", "https://example.org/x", "http://evil.org/x"):
        with pytest.raises(PullError, match="--allow-origin"):
            check_origin(other, {"http://example.org/pkg/datapackage.json"}, "data")
