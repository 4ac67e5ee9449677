"""Build from feeds: bad records stop the build (all listed) or, with --skip-bad, are listed in the release."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import duckdb
import pytest

from akhbar.corpus.feeds import FeedOptions, parse_fields
from akhbar.corpus.ingest import IngestError
from akhbar.pipeline.build import build

BODY = "زار وزير الخارجية الكازاخستاني بكين لإجراء محادثات مع الجانب الصيني.\nوتستمر الزيارة ثلاثة أيام."
FIELDS = "body=content,outlet=source,published=date_extracted"


def feed_zip(folder: Path) -> Path:
    """A zipped JSON array of three scraper records, the last with an empty body."""
    records = [
        {
            "source": "okaz",
            "url": "http://example.org/أخبار/1",
            "date_extracted": "2015-07-21 02:51:32",
            "title": "محادثات في أستانا",
            "author": "أستانا: مراسل",
            "content": "محادثات في أستانا\n" + BODY,
        },
        {
            "source": "sabq",
            "url": "http://example.org/2",
            "date_extracted": "Wed, 22 Jul 2015 09:00:00 +0300",
            "title": "",
            "author": "",
            "content": "افتتاح مصنع جديد\nافتتحت الشركة مصنعا جديدا في مدينة ألماتي يوفر ألف وظيفة.",
        },
        {
            "source": "okaz",
            "url": "http://example.org/3",
            "date_extracted": "",
            "title": "x",
            "author": "",
            "content": "",
        },
    ]
    folder.mkdir()
    with zipfile.ZipFile(folder / "2015-07-21.zip", "w") as archive:
        archive.writestr("2015-07-21.json", json.dumps(records, ensure_ascii=False))
    return folder


def test_bad_record_stops_the_build_and_is_named(project_root: Path, tmp_path: Path):
    raw = feed_zip(tmp_path / "raw")
    with pytest.raises(IngestError) as info:
        build(project_root, raw_dir=raw, out_dir=tmp_path / "dist", feeds=FeedOptions(fields=parse_fields(FIELDS)))
    assert info.value.lines()[0].startswith("2015-07-21.zip/2015-07-21.json:3: no body: field 'content' is empty")
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").rglob("datapackage.json"))


def test_skip_bad_publishes_a_valid_release_that_lists_what_it_skipped(project_root: Path, tmp_path: Path):
    raw = feed_zip(tmp_path / "raw")
    options = FeedOptions(fields=parse_fields(FIELDS), skip_bad=True)
    release = build(project_root, raw_dir=raw, out_dir=tmp_path / "dist", feeds=options)  # validated
    with (release / "skipped.csv").open(encoding="utf-8") as f:
        assert list(csv.reader(f)) == [
            ["source", "problem"],
            [
                "2015-07-21.zip/2015-07-21.json:3",
                "no body: field 'content' is empty (map another with --fields body=NAME)",
            ],
        ]
    desc = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["skipped"]["count"] == 1 and desc["skipped"]["path"] == "skipped.csv"
    page = (release / "index.html").read_text(encoding="utf-8")
    assert "1 input record(s) were left out" in page and "2015-07-21.zip/2015-07-21.json:3" in page
    con = duckdb.connect(str(release / "akhbar-news.duckdb"), read_only=True)
    rows = con.execute(
        "SELECT source_path, title, outlet, author, published::VARCHAR, url, body FROM articles ORDER BY source_path"
    ).fetchall()
    first, second = rows
    assert first[:6] == (
        "2015-07-21.zip/2015-07-21.json:1",
        "محادثات في أستانا",
        "okaz",
        "أستانا: مراسل",
        "2015-07-21",
        "http://example.org/أخبار/1",
    )
    assert first[6] == BODY  # the copy of the headline opening the content is gone
    assert second[1:5] == ("افتتاح مصنع جديد", "sabq", None, "2015-07-22")  # title found in the text
    assert con.execute("SELECT count(*) FROM mentions").fetchone()[0] > 0


def test_dask_workers_read_their_own_records(project_root: Path, tmp_path: Path):
    raw = feed_zip(tmp_path / "raw")
    options = FeedOptions(fields=parse_fields(FIELDS), skip_bad=True)
    one = build(project_root, raw_dir=raw, out_dir=tmp_path / "a", feeds=options, validate=False)
    two = build(
        project_root, raw_dir=raw, out_dir=tmp_path / "b", feeds=options, validate=False, workers=2, batch_size=1
    )
    for name in ("articles", "mentions", "figures", "quotes"):
        assert (one / "data" / f"{name}.csv").read_bytes() == (two / "data" / f"{name}.csv").read_bytes()
    assert (one / "skipped.csv").read_bytes() == (two / "skipped.csv").read_bytes()


def test_a_cached_rebuild_checks_only_new_records_and_publishes_the_same(project_root: Path, tmp_path: Path):
    raw = feed_zip(tmp_path / "raw")
    options = FeedOptions(fields=parse_fields(FIELDS), skip_bad=True)
    cache = tmp_path / "cache"
    plain = build(project_root, raw_dir=raw, out_dir=tmp_path / "a", feeds=options, validate=False)
    runs = []
    for out in ("b", "c"):
        stats: dict[str, float] = {}
        release = build(
            project_root,
            raw_dir=raw,
            out_dir=tmp_path / out,
            feeds=options,
            validate=False,
            stats=stats,
            cache_dir=cache,
        )
        runs.append((release, stats))
    (cold, cold_stats), (warm, warm_stats) = runs
    assert cold_stats["text_check_hits"] == 0 and cold_stats["feed_verdict_hits"] == 0
    # the feed is unchanged: its two good records are mapped from its verdict, with no text check asked
    assert warm_stats["feed_verdict_hits"] == 1 and warm_stats["text_check_hits"] == 0
    assert (cold_stats["survey_hits"], cold_stats["survey_misses"]) == (0, 2)
    assert (warm_stats["survey_hits"], warm_stats["survey_misses"]) == (2, 0)
    for release in (cold, warm):
        for name in ("data/articles.csv", "data/mentions.csv", "data/removals.csv", "skipped.csv"):
            assert (release / name).read_bytes() == (plain / name).read_bytes(), name
