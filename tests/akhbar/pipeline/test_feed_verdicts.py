"""Feed verdicts: a rebuild maps the records of an unchanged feed without checking them again, to the same plan."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from akhbar.corpus.feeds import FeedOptions, keeps_text, plan_raw, read_record
from akhbar.pipeline.cache import DB_NAME, FEEDS, TextChecks, checksum, decode_passes, encode_passes

BODY_A = "قال وزير الخارجية إن المحادثات مع الجانب الصيني كانت مثمرة وبناءة.\nوأضاف أن الزيارة المقبلة ستكون في الخريف."
BODY_B = "افتتحت الشركة مصنعا جديدا في مدينة ألماتي يوفر ألف وظيفة للشباب."
OPTIONS = FeedOptions(fields={"body": "content", "outlet": "source", "published": "date_extracted"}, skip_bad=True)


def record(body: str, url: str, title: str = "عنوان الخبر") -> dict[str, str]:
    """One record shaped as SaudiNewsNet's scraper writes it."""
    return {"source": "okaz", "url": url, "date_extracted": "2015-07-21 02:51:32", "title": title, "content": body}


def write_feed(raw: Path, body_b: str = BODY_B) -> None:
    """A zipped day of records: two good ones (one with a BOM and an escaped title) and two bad ones."""
    records = [
        record("\ufeff" + BODY_A, "http://example.org/a/1", title="&quot;عنوان&quot; الخبر"),
        record(body_b, "http://example.org/a/2"),
        record(BODY_B, "example.org/a/3"),  # not an absolute URL
        record("The minister said the talks were useful.", "http://example.org/a/4"),  # not mainly Arabic
    ]
    raw.mkdir(exist_ok=True)
    with zipfile.ZipFile(raw / "2015-07-21.zip", "w") as archive:
        archive.writestr("2015-07-21.json", json.dumps(records, ensure_ascii=False))


class Counted:
    """The plan's text check, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, body: str, title: str | None) -> bool:
        """keeps_text, counted."""
        self.calls += 1
        return keeps_text(body, title)


def plan_of(raw: Path, cache: Path | None) -> tuple[list, list[str], TextChecks | None, int]:
    """Plan ``raw`` (with the cache's text checks and feed verdicts when given): the articles read back as a
    worker reads them, the skipped records, the checks and the number of text checks run."""
    counted = Counted()
    if cache is None:
        plan = plan_raw(raw, OPTIONS, text_check=counted)
        checks = None
    else:
        with TextChecks(cache, counted) as checks:
            plan = plan_raw(raw, OPTIONS, None, text_check=checks, verdicts=checks)
    articles = [read_record(path, meta) for path, meta in plan.items]
    return articles, [str(p) for p in plan.skipped], checks, counted.calls


def test_an_unchanged_feed_is_mapped_from_its_verdict_to_the_same_plan(tmp_path: Path):
    raw, cache = tmp_path / "raw", tmp_path / "cache"
    write_feed(raw)
    plain, skipped, _, _ = plan_of(raw, None)
    assert len(plain) == 2 and len(skipped) == 2
    assert plain[0].text == BODY_A and plain[0].title == '"عنوان" الخبر'  # the BOM left out, the title unescaped
    first, first_skipped, checks, calls = plan_of(raw, cache)
    assert checks is not None and checks.feed_hits == 0 and calls == 2
    again, again_skipped, checks, calls = plan_of(raw, cache)
    assert checks is not None and checks.feed_hits == 1 and checks.hits == 0 and calls == 0
    assert first == again == plain and first_skipped == again_skipped == skipped


def test_a_changed_feed_or_mapping_is_checked_in_full(tmp_path: Path):
    raw, cache = tmp_path / "raw", tmp_path / "cache"
    write_feed(raw)
    plan_of(raw, cache)
    write_feed(raw, body_b=BODY_B + " وأضاف أن العمل يبدأ غدا.")
    changed, skipped, checks, _ = plan_of(raw, cache)
    assert checks is not None and checks.feed_hits == 0
    assert (changed, skipped) == plan_of(raw, None)[:2]
    other = FeedOptions(fields={**OPTIONS.fields, "title": "source"}, skip_bad=True)
    with TextChecks(cache, keeps_text) as checks:
        mapped = plan_raw(raw, other, None, text_check=checks, verdicts=checks)
    assert checks.feed_hits == 0 and len(mapped.items) == 2


@pytest.mark.parametrize("damage", ["bytes", "content"])
def test_a_damaged_verdict_is_no_verdict_and_is_written_again(tmp_path: Path, damage: str):
    raw, cache = tmp_path / "raw", tmp_path / "cache"
    write_feed(raw)
    plain = plan_of(raw, None)[:2]
    plan_of(raw, cache)
    with sqlite3.connect(cache / DB_NAME) as conn:
        ((key, data),) = conn.execute(f"SELECT key, data FROM {FEEDS}").fetchall()
        if damage == "bytes":  # the checksum no longer matches
            conn.execute(f"UPDATE {FEEDS} SET data = ? WHERE key = ?", (data[:-2] + b"0\n", key))
        else:  # a checksummed value that is not a verdict
            bad = b"1 not-a-hash\n"
            conn.execute(f"UPDATE {FEEDS} SET data = ?, digest = ? WHERE key = ?", (bad, checksum(key, bad), key))
    damaged = plan_of(raw, cache)
    # checked in full: the text check asked again for both good records (answered by its own stored passes)
    assert damaged[2] is not None and damaged[2].feed_hits == 0 and damaged[2].hits == 2
    assert damaged[:2] == plain
    repaired = plan_of(raw, cache)
    assert repaired[2] is not None and repaired[2].feed_hits == 1 and repaired[:2] == plain


def test_verdict_bytes_round_trip_and_reject_what_is_not_one():
    passes = {1: "a" * 64, 12: "0123456789abcdef" * 4}
    assert decode_passes(encode_passes(passes)) == passes and decode_passes(b"") == {}
    for bad in (b"1 " + b"a" * 63 + b"\n", b"1 " + b"A" * 64 + b"\n", b"x " + b"a" * 64 + b"\n", b"1 " + b"a" * 64):
        assert decode_passes(bad) is None
