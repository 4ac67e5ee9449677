"""Read-only SQL over a release."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from akhbar.access.sql import QueryError, latest_release, list_releases, query


def test_select_returns_columns_and_rows(built_release: Path):
    result = query(built_release, "select count(*) as n from articles")
    assert result.columns == ["n"] and result.rows == [(5,)]


@pytest.mark.parametrize(
    "statement",
    [
        "delete from articles",
        "insert into articles (article_id) values ('x')",
        "create table t as select 1",
        "drop table articles",
        "copy articles to '/tmp/leak.csv'",
        "attach '/tmp/other.duckdb' as other",
        "select 1; delete from articles",
    ],
)
def test_writes_are_refused(built_release: Path, statement: str):
    with pytest.raises(QueryError, match="refused|read-only"):
        query(built_release, statement)
    assert query(built_release, "select count(*) from articles").rows == [(5,)]


def test_sql_error_is_reported(built_release: Path):
    with pytest.raises(QueryError, match="SQL error"):
        query(built_release, "select nope from articles")


def test_latest_release_sorts_semantically(tmp_path: Path):
    for version in ("0.9.0", "0.10.0", "0.2.1", "not-a-version"):
        (tmp_path / "pkg" / version).mkdir(parents=True)
        (tmp_path / "pkg" / version / "datapackage.json").write_text("{}")
    assert [p.name for p in list_releases(tmp_path, "pkg")] == ["0.2.1", "0.9.0", "0.10.0"]
    assert latest_release(tmp_path, "pkg").name == "0.10.0"
    with pytest.raises(QueryError, match="akhbar build"):
        latest_release(tmp_path, "other")


ENDLESS = "select sum(hash(i)) from range(10000000000000) t(i)"


def test_several_statements_are_refused_not_half_answered(built_release: Path):
    with pytest.raises(QueryError, match="2 statements in one query"):
        query(built_release, "select 1; select 2")


@pytest.mark.parametrize(
    "statement",
    ["pragma enable_profiling", "PRAGMA force_checkpoint", "pragma threads = 1", "pragma memory_limit='1GB'"],
)
def test_pragmas_that_change_settings_are_refused(built_release: Path, statement: str):
    with pytest.raises(QueryError, match="refused: (PRAGMA|SET)"):
        query(built_release, statement)


def test_read_only_pragmas_answer(built_release: Path):
    assert ("article_id",) in [row[1:2] for row in query(built_release, "pragma table_info('articles')").rows]
    assert query(built_release, "PRAGMA show_tables").rows


def test_timeout_interrupts_a_long_query(built_release: Path):
    with pytest.raises(QueryError, match="stopped after 0.2 s"):
        query(built_release, ENDLESS, timeout=0.2)


def test_ctrl_c_interrupts_a_long_query(built_release: Path):
    stop = threading.Event()
    # an earlier test's query thread may still be ending (it sets its event before it exits): wait for this one's
    earlier = set(threading.enumerate())

    def press_ctrl_c() -> None:
        # only once the query runs (a fixed delay raced the connection's opening on a loaded machine)
        ours: list[threading.Thread] = []
        while not stop.is_set() and not ours:
            ours = [t for t in threading.enumerate() if t.name == "akhbar-sql" and t not in earlier]
            time.sleep(0.01)
        if stop.wait(0.2):
            return
        # pressed again while the query still runs 10 s after a press, as a user would: once in CI (loaded machine)
        # a single press never reached the waiting thread and the query ran to its 60 s timeout; a second press
        # while the first is being handled would escape as KeyboardInterrupt, hence the wait on the query's thread
        while not stop.is_set() and ours[0].is_alive():
            presses.append(time.monotonic())
            os.kill(os.getpid(), signal.SIGINT)
            ours[0].join(10)

    presses: list[float] = []
    # Python's own handler, whatever an earlier test or library left installed, so that Ctrl-C is KeyboardInterrupt
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    presser = threading.Thread(target=press_ctrl_c, daemon=True)
    presser.start()
    try:
        with pytest.raises(QueryError, match="interrupted"):
            query(built_release, ENDLESS, timeout=60)  # the timeout only bounds this test if Ctrl-C is ignored
    finally:
        stop.set()
        presser.join()
        signal.signal(signal.SIGINT, previous)
    assert presses, "the query ended before Ctrl-C was pressed"
