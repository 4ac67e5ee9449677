"""Frictionless's sample: which rows it reads, and the passes remembered in a cache folder (SampleVerdicts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from akhbar.validate import frictionless_engine
from akhbar.validate.frictionless_engine import SampleVerdicts, row_ends, sample_size
from akhbar.validate.release_data import Release


def check(release: Path, cache: Path | None, **kw) -> tuple[list, SampleVerdicts]:
    """The Frictionless engine's failures on a release, with the samples that passed remembered in ``cache``."""
    verdicts = SampleVerdicts(cache)
    failures, _ = frictionless_engine.run(Release.open(release), verdicts=verdicts, **kw)
    return failures, verdicts


def rules(failures: list) -> set[tuple[str, str]]:
    """(table, rule) of each failure."""
    return {(f.table, f.rule) for f in failures}


def many_entities(kit, n: int = 10_000) -> dict:
    """The valid rows with ``n`` more entities: an entities CSV far larger than a short sample reads."""
    rows = kit.valid_rows()
    rows["entities"] += [{"entity_id": f"e{i:05d}", "type": "person", "aliases": [f"اسم {i}"]} for i in range(n)]
    return rows


def test_row_ends_skip_line_breaks_inside_quoted_cells():
    data = b'id,text\n1,"two\nlines"\n2,x\n'
    assert row_ends(data).tolist() == [8, 22, len(data)]


def test_the_sample_depends_on_the_first_bytes_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(frictionless_engine, "SAMPLE_BYTES", 100)
    path = tmp_path / "t.csv"
    path.write_bytes(b"id,text\n" + b"".join(b"%03d,abcdefghij\n" % i for i in range(50)))
    assert sample_size(path, 10_000) == 6  # the rows ending within the first 100 bytes (15 bytes each)
    path.write_bytes(path.read_bytes() + b"999," + b"x" * 500 + b"\n")  # a long row further down changes nothing
    assert sample_size(path, 10_000) == 6
    assert sample_size(path, 3) == 3
    path.write_bytes(b"id,text\n1,a\n")
    assert sample_size(path, 10_000) == 10_000  # a small file: every row up to the limit


def test_a_pass_is_remembered_and_a_changed_sample_is_read_again(make_release, kit, tmp_path: Path):
    cache = tmp_path / "cache"
    release = make_release()
    tables = len(Release.open(release).table_names)
    failures, verdicts = check(release, cache)
    assert failures == [] and verdicts.hits == 0
    failures, verdicts = check(release, cache)
    assert failures == [] and verdicts.hits == tables
    # a bad cell in a table whose earlier sample passed: read again, and caught
    kit.edit_csv(release, "figures", lambda t: t.replace(",15000.0,", ",fifteen,"))
    failures, verdicts = check(release, cache)
    assert ("figures", "type") in rules(failures) and verdicts.hits == tables - 1
    failures, verdicts = check(release, cache)  # failures are never remembered
    assert ("figures", "type") in rules(failures) and verdicts.hits == tables - 1
    # a file read whole (it has fewer rows than the sample): a row added at its end is read too
    kit.edit_csv(release, "quotes", lambda t: t + t.splitlines()[-1] + "\n")
    failures, verdicts = check(release, cache)
    assert ("quotes", "primary-key") in rules(failures) and verdicts.hits == tables - 2
    # without a cache folder nothing is remembered
    assert check(release, None)[1].hits == 0


def test_rows_beyond_what_the_sample_read_keep_its_verdict(make_release, kit, tmp_path: Path):
    cache = tmp_path / "cache"
    release = make_release(many_entities(kit))
    size = (release / "data" / "entities.csv").stat().st_size
    assert size > 4 * frictionless_engine.DETECTION_BYTES
    failures, verdicts = check(release, cache, sample_rows=20)
    assert failures == []
    tables = len(Release.open(release).table_names)
    # a row further down than the first 20 and the bytes read ahead of them: the entities sample's verdict stands
    # (mentions and quotes are read again: their foreign keys reference the entities, whose whole file changed)
    kit.edit_csv(release, "entities", lambda t: t + 'zz-new,person,"[""اسم""]"\n')
    failures, verdicts = check(release, cache, sample_rows=20)
    assert failures == [] and verdicts.hits == tables - 2
    # a bad row among the first 20: the bytes read differ, so the sample is read again and the row caught
    kit.edit_csv(release, "entities", lambda t: t.replace("e00003,person,", "e00003,planet,"))
    failures, verdicts = check(release, cache, sample_rows=20)
    assert ("entities", "enum") in rules(failures)
    assert verdicts.hits == tables - 3


def test_a_damaged_verdict_is_not_trusted(make_release, tmp_path: Path):
    import sqlite3

    from akhbar.pipeline.cache import DB_NAME, VERDICTS

    cache = tmp_path / "cache"
    release = make_release()
    check(release, cache)
    with sqlite3.connect(cache / DB_NAME) as conn:
        (key,) = conn.execute(f"SELECT key FROM {VERDICTS} ORDER BY key LIMIT 1").fetchone()
        conn.execute(f"UPDATE {VERDICTS} SET data = x'00' WHERE key = ?", (key,))
    failures, verdicts = check(release, cache)
    assert failures == [] and verdicts.hits == len(Release.open(release).table_names) - 1


def test_an_unusable_cache_validates_every_sample(make_release, kit, tmp_path: Path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "extract.sqlite").write_bytes(b"this is not a database" * 100)
    release = make_release()
    kit.edit_csv(release, "figures", lambda t: t.replace(",15000.0,", ",fifteen,"))
    failures, verdicts = check(release, cache)
    assert ("figures", "type") in rules(failures) and verdicts.hits == 0 and verdicts.errors > 0


def test_the_gate_with_a_cache_still_refuses_a_bad_row(make_release, kit, tmp_path: Path):
    from akhbar.validate import validate_release

    cache = tmp_path / "cache"
    release = make_release()
    assert validate_release(release, parallel=False, data_docs=False, cache_dir=cache).ok
    kit.edit_csv(release, "mentions", lambda t: t.replace(",gazetteer", ",guessed", 1))
    report = validate_release(release, parallel=False, data_docs=False, cache_dir=cache)
    assert not report.ok
    assert {f.engine for f in report.find(table="mentions", rule="enum")} >= {"frictionless", "pandera"}
