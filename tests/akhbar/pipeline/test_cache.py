"""Extraction cache: hits on a rebuild, misses after a change, damaged entries recomputed, concurrent builds."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pyarrow as pa
import pytest

from akhbar.corpus.ingest import plan_inputs
from akhbar.package.descriptor import same_descriptor
from akhbar.pipeline.cache import (
    DB_NAME,
    article_keys,
    checksum,
    decode_refs,
    decode_segment,
    encode_ref,
    encode_segment,
    row_digests,
    split_by_article,
    take_rows,
)
from akhbar.pipeline.runner import Project, batch_steps, cached_chain, run_pipeline

NEW_ARTICLE = "قال وزير الخارجية السعودي إن المملكة ستقدم 5 ملايين دولار لليمن."


@pytest.fixture()
def project(tmp_path: Path, project_root: Path) -> Project:
    """A copy of the repository's project (its five raw articles included) that a test may change."""
    root = tmp_path / "proj"
    root.mkdir()
    shutil.copy(project_root / "datapackage.json", root / "datapackage.json")
    for folder in ("schemas", "pipelines", "reference", "raw"):
        shutil.copytree(project_root / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return Project.load(root)


def run(project: Project, cache: Path | None, batch_size: int = 256) -> tuple[dict[str, pa.Table], dict[str, float]]:
    """The project's tables and build statistics, with the extraction cache in ``cache`` (None: without one)."""
    stats: dict[str, float] = {}
    tables = run_pipeline(project, plan_inputs(project.raw_dir), batch_size=batch_size, timings=stats, cache_dir=cache)
    return tables, stats


def counts(stats: dict[str, float]) -> tuple[int, int]:
    """(hits, misses) of a run."""
    return int(stats.get("cache_hits", 0)), int(stats.get("cache_misses", 0))


def assert_same(a: dict[str, pa.Table], b: dict[str, pa.Table]) -> None:
    """The same tables: names, schemas (metadata included) and values in the same order."""
    assert list(a) == list(b)
    for name in a:
        assert a[name].schema.equals(b[name].schema, check_metadata=True), name
        assert a[name].equals(b[name]), name


def test_rebuild_hits_and_equals_uncached(project: Project, tmp_path: Path):
    n = len(list(project.raw_dir.glob("*.txt")))
    plain, stats = run(project, None)
    assert counts(stats) == (0, 0)
    cold, stats = run(project, tmp_path / "cache")
    assert counts(stats) == (0, n)  # one entry per article, holding every per-article step's rows
    warm, stats = run(project, tmp_path / "cache", batch_size=2)  # other batches: entries are per article
    assert counts(stats) == (n, 0)
    assert plain["mentions"].num_rows and plain["quotes"].num_rows and plain["figures"].num_rows
    assert_same(plain, cold)
    assert_same(plain, warm)


def test_new_and_changed_articles_are_the_only_misses(project: Project, tmp_path: Path):
    cache = tmp_path / "cache"
    run(project, cache)
    with (project.raw_dir / "sources.csv").open("a", encoding="utf-8") as sources:
        sources.write("zz_new.txt,,,\n")
    (project.raw_dir / "zz_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    first = sorted(project.raw_dir.glob("0*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nوأضاف أن الاجتماع انتهى.", encoding="utf-8")
    n = len(list(project.raw_dir.glob("*.txt")))
    tables, stats = run(project, cache)
    assert counts(stats) == (n - 2, 2)  # the new article and the changed one
    tables_again, stats = run(project, cache)
    assert counts(stats) == (n, 0)
    assert_same(tables, tables_again)
    assert_same(tables, run(project, None)[0])
    assert "zz_new" in tables["articles"].column("article_id").to_pylist()


def test_every_step_is_cached_in_one_entry(project: Project):
    steps = batch_steps(project.steps())
    assert cached_chain(steps, project.schemas()) == steps
    assert {"articles", "mentions", "figures", "quotes", "removals"} <= {s.output for s in steps}


def test_reference_change_misses_every_article(project: Project, tmp_path: Path):
    cache = tmp_path / "cache"
    before, _ = run(project, cache)
    n = before["articles"].num_rows
    gazetteer = project.root / "reference" / "gazetteer.csv"
    rows = gazetteer.read_text(encoding="utf-8").splitlines()
    # drop the gazetteer's rows for one entity that the articles mention
    entity = before["mentions"].column("entity_id")[0].as_py()
    kept = [r for r in rows if not r.startswith(entity + ",")]
    assert len(kept) < len(rows)
    gazetteer.write_text("\n".join(kept) + "\n", encoding="utf-8")
    after, stats = run(project, cache)
    # mentions and quotes read the gazetteer: every article's entry, which holds their rows, is recomputed
    assert counts(stats) == (0, n)
    assert entity not in after["mentions"].column("entity_id").to_pylist()
    assert_same(after, run(project, None)[0])


def test_step_code_change_misses(project: Project, tmp_path: Path):
    cache = tmp_path / "cache"
    run(project, cache)
    step = project.root / "pipelines" / "figures.py"
    step.write_text(step.read_text(encoding="utf-8") + "\n# a comment changes the fingerprint too\n", encoding="utf-8")
    _, stats = run(project, cache)
    assert counts(stats)[1] == len(list(project.raw_dir.glob("*.txt")))


def test_damaged_entries_are_recomputed(project: Project, tmp_path: Path):
    cache = tmp_path / "cache"
    plain, _ = run(project, cache)
    with sqlite3.connect(cache / DB_NAME) as conn:
        rows = conn.execute("SELECT key, digest, data FROM entries ORDER BY key LIMIT 4").fetchall()
        (k0, _, d0), (k1, _, _), (k2, _, _), (_, g3, d3) = rows
        # one entry's byte changed (checksum no longer matches)
        middle = len(d0) // 2
        conn.execute("UPDATE entries SET data = ? WHERE key = ?", (d0[:middle] + b"\xff" + d0[middle + 1 :], k0))
        # another article's entry moved under this key with its checksum (which covers the key: no longer matches)
        conn.execute("UPDATE entries SET (data, digest) = (?, ?) WHERE key = ?", (d3, g3, k1))
        # and with a checksum made for this key: the rows are another article's
        conn.execute("UPDATE entries SET (data, digest) = (?, ?) WHERE key = ?", (d3, checksum(k2, d3), k2))
    tables, stats = run(project, cache)
    assert counts(stats)[1] == 3
    assert_same(plain, tables)
    assert counts(run(project, cache)[1])[1] == 0  # rewritten


def test_a_damaged_or_missing_segment_is_a_miss_of_its_articles_only(project: Project, tmp_path: Path):
    cache = tmp_path / "cache"
    plain, _ = run(project, cache, batch_size=2)  # a segment per batch of two articles
    n = plain["articles"].num_rows
    with sqlite3.connect(cache / DB_NAME) as conn:
        segments = conn.execute("SELECT key, data FROM segments ORDER BY key").fetchall()
        assert len(segments) == (n + 1) // 2
        (k0, d0), (k1, _) = segments[:2]
        middle = len(d0) // 2
        conn.execute("UPDATE segments SET data = ? WHERE key = ?", (d0[:middle] + b"\xff" + d0[middle + 1 :], k0))
        conn.execute("DELETE FROM segments WHERE key = ?", (k1,))
        lost = sum(1 for (value,) in conn.execute("SELECT data FROM entries") if bytes(value[:32]).hex() in (k0, k1))
    assert 2 <= lost <= 4
    tables, stats = run(project, cache)
    assert counts(stats) == (n - lost, lost)
    assert_same(plain, tables)
    assert counts(run(project, cache)[1]) == (n, 0)  # written again


def test_a_large_batch_is_stored_in_several_segments(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from akhbar.pipeline import cache as cache_module

    monkeypatch.setattr(cache_module, "SEGMENT_ARTICLES", 2)
    cache = tmp_path / "cache"
    plain, stats = run(project, cache)  # one batch
    n = plain["articles"].num_rows
    with sqlite3.connect(cache / DB_NAME) as conn:
        assert conn.execute("SELECT count(*) FROM segments").fetchone()[0] == (n + 1) // 2
    tables, stats = run(project, cache)
    assert counts(stats) == (n, 0)
    assert_same(plain, tables)


def test_unusable_database_is_bypassed(project: Project, tmp_path: Path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / DB_NAME).write_bytes(b"this is not a database" * 100)
    tables, stats = run(project, cache)
    assert stats["cache_errors"] >= 1
    assert_same(tables, run(project, None)[0])


def test_two_builds_at_once_share_the_cache(project: Project, tmp_path: Path):
    cache = tmp_path / "cache"
    results: list[dict[str, pa.Table]] = []
    errors: list[BaseException] = []

    def build() -> None:
        try:
            results.append(run(project, cache, batch_size=1)[0])  # one transaction per article: many interleave
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    plain = run(project, None)[0]
    for tables in results:
        assert_same(plain, tables)
    tables, stats = run(project, cache)
    assert counts(stats) == (plain["articles"].num_rows, 0)


def test_segment_round_trip_and_checks():
    schema = pa.schema([pa.field("article_id", pa.string()), pa.field("n", pa.int64())])
    other_step = pa.schema([pa.field("article_id", pa.string()), pa.field("s", pa.string())])
    table = pa.table({"article_id": ["a", "b", "a"], "n": [1, 2, 3]}, schema=schema)
    parts = split_by_article(table)
    assert parts["a"].column("n").to_pylist() == [1, 3] and parts["b"].num_rows == 1
    computed = {"one": table, "two": pa.table({"article_id": ["b"], "s": ["x"]}, schema=other_step)}
    rows = [split_by_article(computed["one"]), split_by_article(computed["two"])]
    segment, ranges = encode_segment(rows, [schema, other_step], ["a", "b", "c"])
    # each article's rows together, in the order given; "c" has none, "a" none in the second step
    assert ranges.tolist() == [[[0, 2], [0, 0]], [[2, 3], [0, 1]], [[3, 3], [1, 1]]]
    decoded = decode_segment(segment, [schema, other_step])
    assert decoded is not None
    assert decoded[0].to_pydict() == {"article_id": ["a", "a", "b"], "n": [1, 3, 2]}
    assert decoded[1].to_pydict() == {"article_id": ["b"], "s": ["x"]}
    assert decode_segment(segment[:-1], [schema, other_step]) is None  # truncated
    assert decode_segment(segment + b"\0", [schema, other_step]) is None  # trailing bytes
    assert decode_segment(segment, [schema]) is None  # another chain: more parts than steps
    retyped = pa.schema([pa.field("article_id", pa.string()), pa.field("n", pa.string())])
    assert decode_segment(segment, [retyped, other_step]) is None  # the output's types changed
    bad_text = segment.replace(b"x", b"\xff")  # same length, not UTF-8: only a full validation sees it
    assert decode_segment(bad_text, [schema, other_step]) is None
    # an entry: its segment's key and its ranges, of the right size only
    key = "ab" * 32
    refs = decode_refs([encode_ref(key, ranges[1]), encode_ref(key, ranges[0])], 2)
    assert refs is not None and refs[0] == [key, key] and refs[1].tolist() == [ranges[1].tolist(), ranges[0].tolist()]
    assert decode_refs([encode_ref(key, ranges[1])[:-1]], 2) is None
    assert decode_refs([encode_ref(key, ranges[1])], 3) is None  # another chain


def test_rows_are_taken_only_where_a_range_holds_exactly_its_article():
    schema = pa.schema([pa.field("article_id", pa.string()), pa.field("n", pa.int64())])
    first = pa.RecordBatch.from_pydict({"article_id": ["a", "a", "b"], "n": [1, 2, 3]}, schema=schema)
    second = pa.RecordBatch.from_pydict({"article_id": ["c", "d"], "n": [4, 5]}, schema=schema)
    import numpy as np

    def take(where: list[int], ranges: list[list[int]], ids: list[str]) -> tuple[list[int], list[bool]]:
        table, good = take_rows([first, second], np.array(where), np.array(ranges), ids)
        return table.column("n").to_pylist(), good.tolist()

    assert take([0, 1, 0, 1], [[0, 2], [0, 1], [2, 3], [1, 1]], ["a", "c", "b", "x"]) == (
        [1, 2, 4, 3],
        [True, True, True, True],
    )
    assert take([0, 0], [[0, 1], [2, 3]], ["a", "b"]) == ([3], [False, True])  # part of a's rows only
    assert take([0, 0], [[1, 2], [2, 3]], ["a", "b"]) == ([3], [False, True])  # the other part
    assert take([0, 1], [[2, 3], [0, 1]], ["a", "c"]) == ([4], [False, True])  # another article's rows
    assert take([1, 1], [[1, 3], [0, 1]], ["d", "c"]) == ([4], [False, True])  # past the end of its batch
    assert take([1, 1], [[1, 0], [0, 1]], ["d", "c"]) == ([4], [False, True])  # stop before start
    assert take([0], [[1, 1]], ["a"]) == ([], [False])  # "no rows", inside a's rows


def test_keys_depend_on_the_article_rows_only():
    import pandas as pd

    frame = pd.DataFrame({"article_id": ["a", "b"], "body": ["نص أول", "نص ثان"]})
    keys = article_keys("fp", {"articles": frame}, ("articles",))
    changed = article_keys("fp", {"articles": frame.assign(body=["نص أول", "نص آخر"])}, ("articles",))
    assert keys["a"] == changed["a"] and keys["b"] != changed["b"]
    assert article_keys("fp2", {"articles": frame}, ("articles",))["a"] != keys["a"]
    alone = article_keys("fp", {"articles": frame.iloc[:1]}, ("articles",))
    assert alone["a"] == keys["a"]  # the batch an article falls in does not matter


def test_release_is_byte_identical_from_cache(project: Project, tmp_path: Path):
    from akhbar.pipeline.build import build

    cache = tmp_path / "cache"
    releases = [
        build(project.root, out_dir=tmp_path / name, cache_dir=cache_dir, validate=False)
        for name, cache_dir in (("plain", None), ("cold", cache), ("warm", cache))
    ]
    # every file byte for byte but the DuckDB file, whose bytes vary from one write to the next with or without the
    # cache (DuckDB salts its header), and so its size and hash in the descriptor
    files = sorted(p.relative_to(releases[0]) for p in releases[0].rglob("*") if p.is_file() and p.suffix != ".duckdb")
    assert any(f.suffix == ".parquet" for f in files) and Path("datapackage.json") in files
    for release in releases[1:]:
        assert (
            sorted(p.relative_to(release) for p in release.rglob("*") if p.is_file() and p.suffix != ".duckdb") == files
        )
        for f in files:
            ours, reference = (release / f).read_bytes(), (releases[0] / f).read_bytes()
            assert same_descriptor(ours, reference) if f.name == "datapackage.json" else ours == reference, f


def test_row_digests_are_those_of_cache_format_2():
    import pandas as pd

    # one-row articles (a, c) take a shorter path than the two-row one (b): the same bytes hashed, so the keys of
    # entries already stored still match (digests computed before that path existed)
    frame = pd.DataFrame(
        {
            "article_id": ["a", "b", "b", "c"],
            "body": ["نص أول", "x", "yz", None],
            "n": [1, 2, 3, 4],
            "title": [None, "t", "t", "عنوان"],
        }
    )
    assert {k: v.hex() for k, v in row_digests(frame).items()} == {
        "a": "f9a969959ed950912c537f10fdf9f9af9c22ede3b01a1c5117b7f5a19b605ee4",
        "b": "60bfcbd8d512bec459cd0d18213a162844e1ac36bcd3a02e7d649801fef11875",
        "c": "84f69a8a33cf41e0121ff80478856ae81f0eb50225bce75784eaed3ce10fc504",
    }


def test_keys_do_not_depend_on_row_grouping():
    import pandas as pd

    articles = pd.DataFrame({"article_id": ["a", "b"], "body": ["نص", "نص"]})
    mentions = pd.DataFrame({"article_id": ["a", "b", "a"], "surface": ["س", "ص", "ع"]})
    grouped = mentions.iloc[[0, 2, 1]]
    inputs = ("articles", "mentions")
    keys = article_keys("fp", {"articles": articles, "mentions": mentions}, inputs)
    assert keys == article_keys("fp", {"articles": articles, "mentions": grouped}, inputs)
    swapped = mentions.iloc[[2, 1, 0]]  # the order of an article's own rows is part of its input
    assert article_keys("fp", {"articles": articles, "mentions": swapped}, inputs)["a"] != keys["a"]
    assert keys["a"] != keys["b"]


def test_dask_workers_write_the_cache_the_driver_reads(project: Project, tmp_path: Path):
    from akhbar.pipeline.parallel import open_executor

    cache = tmp_path / "cache"
    stats: dict[str, float] = {}
    with open_executor(workers=1) as executor:
        on_dask = run_pipeline(
            project, plan_inputs(project.raw_dir), executor, batch_size=2, timings=stats, cache_dir=cache
        )
    n = on_dask["articles"].num_rows
    assert counts(stats) == (0, n)  # counted by the worker process, sent back with its batches
    here, stats = run(project, cache)
    assert counts(stats) == (n, 0)
    assert_same(on_dask, here)


def test_a_build_killed_mid_write_leaves_the_cache_usable(project: Project, tmp_path: Path):
    import subprocess
    import sys

    cache = tmp_path / "cache"
    plain, _ = run(project, cache)
    # a process that dies (no cleanup, no commit) in the middle of writing a batch of entries
    script = (
        "import os, sys\n"
        "from akhbar.pipeline.cache import ExtractCache\n"
        "with ExtractCache(sys.argv[1]).connect() as conn:\n"
        "    conn.execute('BEGIN IMMEDIATE')\n"
        "    conn.execute('DELETE FROM entries')\n"
        "    conn.execute(\"INSERT INTO entries VALUES ('k', 'not the digest', x'00')\")\n"
        "    os._exit(9)\n"
    )
    assert subprocess.run([sys.executable, "-c", script, str(cache)], check=False).returncode == 9
    tables, stats = run(project, cache)
    assert counts(stats) == (plain["articles"].num_rows, 0)  # the dead transaction left no trace
    assert_same(plain, tables)


def test_text_checks_remember_passes_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from akhbar.pipeline import cache as cache_module
    from akhbar.pipeline.cache import CHECKS, TextChecks

    calls: list[str] = []

    def check(body: str, title: str | None) -> bool:
        calls.append(body)
        return body != "bad"

    bodies = [NEW_ARTICLE, NEW_ARTICLE + " وأضاف.", "bad"]
    with TextChecks(tmp_path, check) as checks:
        assert [checks(b, "t") for b in bodies] == [True, True, False]
    assert calls == bodies and checks.hits == 0
    calls.clear()
    with TextChecks(tmp_path, check) as checks:
        assert [checks(b, "t") for b in bodies] == [True, True, False]
        assert checks(NEW_ARTICLE, "another title")  # the title is part of what was checked
    assert calls == ["bad", NEW_ARTICLE] and checks.hits == 2  # a failure is checked again, never stored
    # damaged entries: one's bytes changed, another's replaced by a valid entry for other content
    with sqlite3.connect(tmp_path / DB_NAME) as conn:
        keys = [k for (k,) in conn.execute(f"SELECT key FROM {CHECKS} ORDER BY key LIMIT 3")]
        conn.execute(f"UPDATE {CHECKS} SET data = ? WHERE key = ?", (b"\x00" * 32, keys[0]))
        conn.execute(
            f"UPDATE {CHECKS} SET (data, digest) = (SELECT data, digest FROM {CHECKS} WHERE key = ?) WHERE key = ?",
            (keys[2], keys[1]),
        )
    calls.clear()
    with TextChecks(tmp_path, check) as checks:
        assert all(checks(b, t) for b, t in ((NEW_ARTICLE, "t"), (bodies[1], "t"), (NEW_ARTICLE, "another title")))
    assert len(calls) == 2 and checks.hits == 1
    # another version of akhbar's code: nothing is known
    monkeypatch.setattr(cache_module, "package_fingerprint", lambda: "another version")
    calls.clear()
    with TextChecks(tmp_path, check) as checks:
        assert checks(NEW_ARTICLE, "t")
    assert calls == [NEW_ARTICLE] and checks.hits == 0


def test_text_checks_without_a_usable_cache_still_check(tmp_path: Path):
    from akhbar.pipeline.cache import TextChecks

    (tmp_path / DB_NAME).write_bytes(b"this is not a database" * 100)
    with TextChecks(tmp_path, lambda body, title: body != "bad") as checks:
        assert checks(NEW_ARTICLE, None) and not checks("bad", None)
    assert checks.errors >= 1 and checks.hits == 0
