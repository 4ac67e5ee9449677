"""Pruning the extraction cache: what recent builds used stays, nothing goes while a build runs."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from release_helpers import mini_project, raw_variant

from akhbar.errors import CacheError
from akhbar.pipeline.build import build
from akhbar.pipeline.cache import CHECKS, DB_NAME, ENTRIES, FEEDS, SEGMENTS, SURVEYS, VERDICTS, ExtractCache
from akhbar.pipeline.cache_prune import _BUILDS_SQL, LEASE_MAX_S, build_lease, cache_info, prune


def stored(root: Path, keys: list[str], table: str = SURVEYS) -> set[str]:
    """Which of ``keys`` the cache in ``root`` holds (reading them stamps them, as a build does)."""
    with ExtractCache(root).connect() as conn:
        return set(ExtractCache.get(conn, keys, table))


def put(root: Path, items: list[tuple[str, bytes]], table: str = SURVEYS) -> None:
    """Write entries as a build does."""
    with ExtractCache(root).connect() as conn:
        ExtractCache.put(conn, items, table)


def test_prune_keeps_what_the_latest_builds_used(tmp_path: Path):
    with build_lease(tmp_path):
        put(tmp_path, [("a", b"1"), ("b", b"2")])
        put(tmp_path, [("s", b"check")], CHECKS)
        put(tmp_path, [("f", b"1 " + b"a" * 64 + b"\n")], FEEDS)
    with build_lease(tmp_path):
        assert stored(tmp_path, ["b"]) == {"b"}  # read back: used by this build
        put(tmp_path, [("c", b"3")])
    assert sum(prune(tmp_path, keep_builds=3).removed.values()) == 0  # only two builds recorded: nothing to cut
    assert sum(prune(tmp_path, keep_builds=2).removed.values()) == 0
    info = cache_info(tmp_path)
    assert (info.builds, info.used_by_last_build, info.running) == (2, 2, 0)
    result = prune(tmp_path, keep_builds=1)
    assert result.removed == {ENTRIES: 0, SEGMENTS: 0, SURVEYS: 1, CHECKS: 1, VERDICTS: 0, FEEDS: 1}
    assert stored(tmp_path, ["a", "b", "c"]) == {"b", "c"} and stored(tmp_path, ["s"], CHECKS) == set()
    assert stored(tmp_path, ["f"], FEEDS) == set()


def test_a_build_that_failed_does_not_count_as_the_latest(tmp_path: Path) -> None:
    with build_lease(tmp_path):
        put(tmp_path, [("a", b"1")])
    with pytest.raises(RuntimeError), build_lease(tmp_path):
        raise RuntimeError("no articles in --raw")  # failed before it read anything
    assert cache_info(tmp_path).builds == 1
    assert sum(prune(tmp_path, keep_builds=1).removed.values()) == 0  # what the build before it used stays


def test_prune_by_age_and_entries_never_stamped(tmp_path: Path):
    put(tmp_path, [("a", b"1"), ("b", b"2")])
    with ExtractCache(tmp_path).connect() as conn:  # as written before uses were stamped
        conn.execute("DELETE FROM uses WHERE key = 'b'")
    result = prune(tmp_path, keep_builds=None, older_than=3600)
    assert result.removed[SURVEYS] == 1 and stored(tmp_path, ["a", "b"]) == {"a"}
    assert prune(tmp_path, keep_builds=None, older_than=3600, now=time.time() + 7200).removed[SURVEYS] == 1
    assert stored(tmp_path, ["a"]) == set()
    assert prune(tmp_path / "none", keep_builds=None, older_than=0).cutoff is None  # no cache: nothing made
    assert not (tmp_path / "none").exists()


@pytest.mark.parametrize("keep, age", [(0, None), (-1, None), (None, float("nan")), (None, -1.0)])
def test_prune_refuses_a_bound_that_would_cut_nowhere_or_everywhere(tmp_path: Path, keep, age) -> None:
    put(tmp_path, [("a", b"1")])
    with pytest.raises(ValueError):
        prune(tmp_path, keep_builds=keep, older_than=age)
    assert stored(tmp_path, ["a"]) == {"a"}


def test_a_cache_that_cannot_be_stamped_still_serves(tmp_path: Path):
    put(tmp_path, [("a", b"1")])
    with closing(sqlite3.connect(f"file:{tmp_path / DB_NAME}?mode=ro", uri=True, isolation_level=None)) as conn:
        assert ExtractCache.get(conn, ["a", "b"], SURVEYS) == {"a": b"1"}


def test_nothing_is_pruned_while_a_build_runs_and_a_dead_build_does_not_block(tmp_path: Path):
    put(tmp_path, [("a", b"1")])
    with build_lease(tmp_path):
        assert cache_info(tmp_path).running == 1
        with pytest.raises(CacheError, match="a build is using the extraction cache"):
            prune(tmp_path, keep_builds=None, older_than=0, now=time.time() + 1)
        assert stored(tmp_path, ["a"]) == {"a"}
    # a build killed before it could end its lease: its process is gone, so the lease is stale
    code = "import os, sys; from akhbar.pipeline.cache_prune import build_lease; build_lease(sys.argv[1]).__enter__(); os._exit(0)"
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True)
    assert cache_info(tmp_path).running == 0
    assert prune(tmp_path, keep_builds=None, older_than=0, now=time.time() + 1).removed[SURVEYS] == 1


def test_a_lease_of_another_host_holds_until_it_is_stale(tmp_path: Path) -> None:
    put(tmp_path, [("a", b"1")])
    with ExtractCache(tmp_path).connect() as conn:  # a build on another machine, whose process cannot be checked
        conn.execute(_BUILDS_SQL)
        conn.execute("INSERT INTO builds (host, pid, started) VALUES ('elsewhere', 1, ?)", (time.time(),))
    with pytest.raises(CacheError, match="on elsewhere.*after 24 hours if it died there"):
        prune(tmp_path, keep_builds=None, older_than=0)
    later = time.time() + LEASE_MAX_S + 1
    assert prune(tmp_path, keep_builds=None, older_than=0, now=later).removed[SURVEYS] == 1
    assert cache_info(tmp_path).running == 0  # the stale lease was cleared


def test_a_build_holds_prunes_off_and_what_it_used_stays(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from akhbar.pipeline import build as build_module

    project = mini_project(tmp_path / "proj")
    cache = tmp_path / "cache"
    dropped = sorted(p.name for p in (project / "raw").glob("*.txt"))[0]
    fewer = raw_variant(tmp_path / "fewer", drop=(dropped,))

    def run(raw: Path, version: str) -> dict[str, float]:
        """Build ``raw`` with the shared cache; the build's statistics."""
        stats: dict[str, float] = {}
        build(
            project,
            raw_dir=raw,
            out_dir=tmp_path / "dist",
            validate=False,
            cache_dir=cache,
            stats=stats,
            version=version,
        )
        return stats

    run(project / "raw", "0.0.1")  # fills the cache
    real = build_module.run_pipeline
    refused: list[str] = []

    def prune_first(*args, **kwargs):
        """Try to prune everything mid-build, then run the pipeline."""
        try:
            prune(cache, keep_builds=None, older_than=0)
        except CacheError as exc:
            refused.append(str(exc))
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "run_pipeline", prune_first)
    stats = run(project / "raw", "0.0.2")
    assert refused and stats["cache_misses"] == 0 and stats["cache_hits"] > 0  # nothing went under the build
    monkeypatch.setattr(build_module, "run_pipeline", real)
    run(fewer, "0.0.3")  # the latest build does not read the dropped article
    removed = prune(cache, keep_builds=1).removed
    # the segment that holds the dropped article's rows holds the others' too: it stays, and the entries in it
    assert removed[ENTRIES] == 0 and removed[SEGMENTS] == 0 and removed[SURVEYS] > 0
    stats = run(project / "raw", "0.0.4")
    assert stats["cache_misses"] == 0 and stats["survey_misses"] > 0  # the dropped article's survey went
    removed = prune(cache, keep_builds=None, older_than=0, now=time.time() + 1).removed
    assert removed[SEGMENTS] > 0 and removed[ENTRIES] == stats["cache_hits"]  # the entries go with their segments
    assert run(project / "raw", "0.0.5")["cache_hits"] == 0
