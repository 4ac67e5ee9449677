"""Feeds: JSON, JSON Lines, CSV and TREC-style XML records (plain, .gz, .zip) become raw articles or clear problems."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest

from akhbar.corpus.feeds import (
    FeedFile,
    FeedOptions,
    merge_options,
    parse_fields,
    plan_raw,
    project_options,
    read_record,
    record_hash,
)
from akhbar.corpus.ingest import read_article
from akhbar.errors import InputError

BODY_A = "قال وزير الخارجية إن المحادثات مع الجانب الصيني كانت مثمرة وبناءة.\nوأضاف أن الزيارة المقبلة ستكون في الخريف."
BODY_B = "افتتحت الشركة مصنعا جديدا في مدينة ألماتي يوفر ألف وظيفة للشباب."
BODY_C = "أعلنت وزارة الاقتصاد ارتفاع حجم التبادل التجاري بنسبة عشرة في المئة."
# The field names of a scraper feed (SaudiNewsNet's), mapped as the README documents.
SCRAPER_FIELDS = "body=content,outlet=source,published=date_extracted"


def scraper(body: str, url: str, title: str = "عنوان الخبر", when: str = "2015-07-21 02:51:32") -> dict:
    """One record shaped as a scraper writes it."""
    return {
        "source": "okaz",
        "url": url,
        "date_extracted": when,
        "title": title,
        "author": "الرياض: كاتب",
        "content": body,
    }


def options(fields: str = SCRAPER_FIELDS, **kw) -> FeedOptions:
    """Feed options with a field mapping given as on the command line."""
    return FeedOptions(fields=parse_fields(fields) if fields else {}, **kw)


def articles_of(raw: Path, opts: FeedOptions) -> list:
    """Plan ``raw`` and read every planned item as a worker would (through ingest's read_article)."""
    plan = plan_raw(raw, opts)
    assert not plan.problems, plan.problems
    return [read_article(path, meta) for path, meta in plan.items]


def problem_lines(raw: Path, opts: FeedOptions) -> list[str]:
    """The problems a plan reports, as printed."""
    return [str(p) for p in plan_raw(raw, opts).problems]


def test_json_array_with_scraper_mapping(tmp_path: Path):
    records = [scraper(BODY_A, "http://example.org/a/1"), scraper(BODY_B, "http://example.org/a/2", title="")]
    (tmp_path / "day.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    a, b = articles_of(tmp_path, options())
    assert a.source_path == "day.json:1" and b.source_path == "day.json:2"
    assert a.article_id.startswith("day-") and a.article_id != b.article_id
    assert (a.title, a.outlet, a.author, a.published) == ("عنوان الخبر", "okaz", "الرياض: كاتب", dt.date(2015, 7, 21))
    assert a.url == "http://example.org/a/1" and a.text == BODY_A
    assert a.sha256 == record_hash(records[0])
    assert b.title is None  # an empty title: the clean step looks for one in the text


def test_ids_are_stable_under_reordering_and_follow_the_rule(tmp_path: Path):
    records = [scraper(BODY_A, "http://example.org/1"), scraper(BODY_B, "http://example.org/2")]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "day.json").write_text(json.dumps(records), encoding="utf-8")
    (tmp_path / "b" / "day.json").write_text(json.dumps(records[::-1]), encoding="utf-8")
    first = {x.url: x.article_id for x in articles_of(tmp_path / "a", options())}
    second = {x.url: x.article_id for x in articles_of(tmp_path / "b", options())}
    assert first == second
    import hashlib

    assert first["http://example.org/1"] == "day-" + hashlib.sha256(b"http://example.org/1").hexdigest()[:16]


def test_jsonl_gz_with_default_names_and_bad_lines(tmp_path: Path):
    lines = [
        json.dumps({"id": "n 1", "title": "خبر", "body": BODY_A, "published": "2024-03-05T10:00:00Z"}),
        "",
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "n2", "body": BODY_B, "published": "yesterday"}),
        json.dumps({"id": "n3", "body": BODY_C, "url": "not a url"}),
        json.dumps({"id": "n4", "body": BODY_C, "title": ["x"]}),
    ]
    (tmp_path / "wire.jsonl.gz").write_bytes(gzip.compress("\n".join(lines).encode("utf-8")))
    plan = plan_raw(tmp_path, FeedOptions())
    assert [str(p) for p in plan.problems] == [
        "wire.jsonl.gz:3: not valid JSON: Expecting property name enclosed in double quotes (column 2)",
        "wire.jsonl.gz:4: not a JSON object but a list",
        "wire.jsonl.gz:5: published: 'yesterday' is not a date (ISO 8601, RFC 2822 or YYYY-MM-DD HH:MM:SS)",
        "wire.jsonl.gz:6: url 'not a url' is not an absolute URL",
        "wire.jsonl.gz:7: field 'title' is a list, expected text",
    ]
    (good,) = [read_article(path, meta) for path, meta in plan.items]
    assert good.article_id == "wire-n_1" and good.source_path == "wire.jsonl.gz:1"


def test_skip_bad_plans_the_good_records_and_lists_the_rest(tmp_path: Path):
    lines = [json.dumps({"id": "1", "body": BODY_A}), "{", json.dumps({"id": "3", "body": ""})]
    (tmp_path / "f.jsonl").write_text("\n".join(lines), encoding="utf-8")
    plan = plan_raw(tmp_path, FeedOptions(skip_bad=True))
    assert not plan.problems
    assert len(plan.items) == 1
    assert [str(p) for p in plan.skipped] == [
        "f.jsonl:2: not valid JSON: Expecting property name enclosed in double quotes (column 2)",
        "f.jsonl:3: no body: field 'body' is empty (map another with --fields body=NAME)",
    ]


def test_csv_rows_numbered_by_line_with_multiline_cells(tmp_path: Path):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["url", "headline", "text", "date"])
    writer.writerow(["https://example.org/x", "عنوان", BODY_A, "Tue, 21 Jul 2015 02:51:32 +0300"])  # two lines
    writer.writerow(["https://example.org/y", "عنوان آخر", BODY_B])  # a cell short
    writer.writerow(["https://example.org/z", "", "The minister said the talks went well.", "2015-07-22"])
    (tmp_path / "export.csv").write_text(text.getvalue(), encoding="utf-8")
    opts = options("title=headline,body=text,published=date")
    plan = plan_raw(tmp_path, opts)
    assert [str(p) for p in plan.problems] == [
        "export.csv:4: 3 cells, expected 4 (the header's columns)",
        "export.csv:5: not mainly Arabic (0% of letters are Arabic)",
    ]
    (article,) = [read_article(path, meta) for path, meta in plan.items]
    assert article.source_path == "export.csv:2" and article.published == dt.date(2015, 7, 21)


def test_wrong_encodings_name_the_file(tmp_path: Path):
    (tmp_path / "cp.csv").write_bytes(f"title,body\nعنوان,{BODY_B}\n".encode("cp1256"))
    (tmp_path / "u16.json").write_bytes(json.dumps([{"body": BODY_B}], ensure_ascii=False).encode("utf-16"))
    lines = problem_lines(tmp_path, FeedOptions())
    assert lines[0].startswith("cp.csv: not valid UTF-8") and "Windows-1256" in lines[0]
    assert lines[1].startswith("u16.json: binary file")


def test_chrome_only_record_is_bad_and_title_entities_are_decoded(tmp_path: Path):
    records = [
        {
            "id": "1",
            "title": "بالصور .. افتتاح &#8220;المعرض&#8221;",
            "body": "رابط الخبر بالصحيفة: بالصور .. افتتاح المعرض",
        },
        {"id": "2", "title": "افتتاح &quot;المعرض&quot;", "body": BODY_B},
    ]
    (tmp_path / "f.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    plan = plan_raw(tmp_path, FeedOptions())
    assert [str(p) for p in plan.problems] == [
        "f.json:1: no article text once website chrome is removed (akhbar.corpus.clean)"
    ]
    (article,) = [read_article(path, meta) for path, meta in plan.items]
    assert article.title == 'افتتاح "المعرض"'


def test_mojibake_record_is_not_mainly_arabic(tmp_path: Path):
    garbled = BODY_B.encode("utf-8").decode("latin-1")  # UTF-8 read as Latin-1 by the scraper
    (tmp_path / "f.json").write_text(json.dumps([{"body": garbled}]), encoding="utf-8")
    (line,) = problem_lines(tmp_path, FeedOptions())
    assert line.startswith("f.json:1: not mainly Arabic")


TREC = """<DOC>
<DOCNO>ANT_2015_001</DOCNO>
<URL>https://example.org/ant/1</URL>
<TITLE>محادثات في أستانا</TITLE>
<TIME>2015-07-21</TIME>
<TEXT>
{body_a}
</TEXT>
</DOC>
<DOC>
<DOCNO>ANT_2015_002</DOCNO>
<TEXT>خبر & بلا ترميز</TEXT>
</DOC>
<DOC>
<DOCNO>ANT_2015_003</DOCNO>
<TEXT><P>{body_b}</P><P>{body_c}</P></TEXT>
</DOC>
<DOC>
<DOCNO>ANT_2015_004</DOCNO>
"""


def test_trec_xml_records_each_parsed_on_their_own(tmp_path: Path):
    (tmp_path / "ant.xml").write_text(TREC.format(body_a=BODY_A, body_b=BODY_B, body_c=BODY_C), encoding="utf-8")
    plan = plan_raw(tmp_path, FeedOptions())
    lines = [str(p) for p in plan.problems]
    assert lines[0].startswith("ant.xml:2: not well-formed XML")
    assert lines[1] == "ant.xml:4: 1 <DOC> element(s) not closed by </DOC>"
    first, third = [read_article(path, meta) for path, meta in plan.items]
    assert (first.article_id, first.title, first.published) == (
        "ant-ANT_2015_001",
        "محادثات في أستانا",
        dt.date(2015, 7, 21),
    )
    assert first.text.strip() == BODY_A
    assert third.text == BODY_B + BODY_C and third.url is None


def test_trec_entities_are_refused(tmp_path: Path):
    bomb = '<DOC><!DOCTYPE d [<!ENTITY a "ها">]><DOCNO>x</DOCNO><TEXT>&a;</TEXT></DOC>'
    (tmp_path / "bomb.trec").write_text(bomb, encoding="utf-8")
    (line,) = problem_lines(tmp_path, FeedOptions())
    assert line.startswith("bomb.trec:1: ")
    assert "not allowed" in line or "not well-formed" in line


def zip_of(path: Path, members: dict[str, bytes]) -> Path:
    """Write a zip archive of the given members."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_zip_of_feeds_one_per_day(tmp_path: Path):
    day = json.dumps([scraper(BODY_A, "http://example.org/1")], ensure_ascii=False).encode()
    other = json.dumps([scraper(BODY_B, "http://example.org/2")], ensure_ascii=False).encode()
    zip_of(tmp_path / "2015-07-21.zip", {"2015-07-21.json": day, "extra/more.json": other})
    a, b = articles_of(tmp_path, options())
    assert a.source_path == "2015-07-21.zip/2015-07-21.json:1" and a.article_id.startswith("2015-07-21-")
    assert b.source_path == "2015-07-21.zip/extra/more.json:1" and b.article_id.startswith("2015-07-21_extra_more-")
    # a single zip given as --raw works the same
    assert [x.article_id for x in articles_of(tmp_path / "2015-07-21.zip", options())] == [a.article_id, b.article_id]


def test_zip_member_outside_the_folder_is_refused_even_with_skip_bad(tmp_path: Path):
    good = json.dumps([{"body": BODY_A}]).encode()
    zip_of(tmp_path / "evil.zip", {"ok.json": good, "../../escape.json": good, "/abs.json": good})
    plan = plan_raw(tmp_path, FeedOptions(skip_bad=True))
    assert [str(p) for p in plan.problems] == [
        "evil.zip/../../escape.json: path '../../escape.json' points outside the folder: refused",
        "evil.zip//abs.json: path '/abs.json' points outside the folder: refused",
    ]
    assert not (tmp_path.parent / "escape.json").exists()


def test_unknown_member_format_and_broken_archives(tmp_path: Path):
    zip_of(tmp_path / "a.zip", {"notes.md": b"# notes"})
    (tmp_path / "b.zip").write_bytes(b"PK not really a zip")
    (tmp_path / "c.json.gz").write_bytes(b"not gzip")
    (tmp_path / "d.json").write_text('{"articles": []}', encoding="utf-8")
    assert problem_lines(tmp_path, FeedOptions()) == [
        "a.zip/notes.md: unknown feed format (use --format json|jsonl|csv|trec)",
        "b.zip: cannot read the zip archive: File is not a zip file",
        "c.json.gz: cannot read: Not a gzipped file (b'no')",
        "d.json: expected a JSON array of objects, found a JSON dict (read as json)",
    ]


def test_format_override_reads_any_extension(tmp_path: Path):
    (tmp_path / "dump.txt.feed").write_text(json.dumps({"body": BODY_B}), encoding="utf-8")
    (article,) = articles_of(tmp_path / "dump.txt.feed", FeedOptions(format="jsonl"))
    assert article.text == BODY_B and article.article_id == "dump.txt.feed-1"


def test_duplicate_ids_are_bad_records(tmp_path: Path):
    (tmp_path / "f.jsonl").write_text(
        "\n".join(json.dumps({"id": i, "body": b}) for i, b in [("7", BODY_A), ("7", BODY_B)]), encoding="utf-8"
    )
    assert problem_lines(tmp_path, FeedOptions()) == ["f.jsonl:2: article id f-7 already used by f.jsonl:1"]


def test_txt_folder_and_feeds_together(tmp_path: Path):
    (tmp_path / "f-1.txt").write_text(BODY_C, encoding="utf-8")
    (tmp_path / "f.jsonl").write_text(json.dumps({"id": "1", "body": BODY_A}), encoding="utf-8")
    plan = plan_raw(tmp_path, FeedOptions())
    assert [str(p) for p in plan.problems] == ["f.jsonl:1: article id f-1 already used by f-1"]


def test_worker_reports_a_feed_changed_under_it(tmp_path: Path):
    feed = tmp_path / "f.jsonl"
    feed.write_text(json.dumps({"body": BODY_A}), encoding="utf-8")
    ((path, meta),) = plan_raw(tmp_path, FeedOptions()).items
    feed.write_text("", encoding="utf-8")
    assert str(read_record(path, meta)) == "f.jsonl: empty file"
    meta = {**meta, "record": "9"}
    feed.write_text(json.dumps({"body": BODY_A}) + "\n", encoding="utf-8")
    assert "record not found" in str(read_record(path, meta))
    assert FeedFile(path, "", "jsonl", "f.jsonl").label == "f.jsonl"


def test_field_mapping_from_flag_and_project():
    assert parse_fields(SCRAPER_FIELDS) == {"body": "content", "outlet": "source", "published": "date_extracted"}
    with pytest.raises(InputError, match="'text' is not an article field"):
        parse_fields("text=content")
    with pytest.raises(InputError, match="not ARTICLE_FIELD=FEED_FIELD"):
        parse_fields("body")
    project = project_options({"akhbar": {"feeds": {"format": "json", "fields": {"body": "content", "url": "link"}}}})
    merged = merge_options(project, None, {"url": "href"}, skip_bad=True)
    assert merged == FeedOptions(format="json", fields={"body": "content", "url": "href"}, skip_bad=True)
    with pytest.raises(InputError, match="format: 'yaml'"):
        project_options({"akhbar": {"feeds": {"format": "yaml"}}})
    assert project_options({"name": "x"}) == FeedOptions()


def test_a_record_body_over_the_size_limit_is_bad(tmp_path: Path):
    (tmp_path / "f.jsonl").write_text(
        "\n".join(json.dumps({"id": str(i), "body": b}) for i, b in enumerate([BODY_B, BODY_A * 3])), encoding="utf-8"
    )
    limit = len(BODY_B.encode("utf-8"))
    plan = plan_raw(tmp_path, FeedOptions(), max_article_bytes=limit)
    assert [str(p) for p in plan.problems] == [
        f"f.jsonl:2: body of {len((BODY_A * 3).encode()):,} bytes, over the {limit:,} allowed (--max-article-bytes)"
    ]
    assert len(plan.items) == 1


def test_the_plan_reads_each_record_once_for_the_later_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from akhbar.corpus import feeds

    feed = tmp_path / "f.jsonl"
    feed.write_text(json.dumps({"id": "1", "body": BODY_A}) + "\n" + json.dumps({"id": "2", "body": BODY_B}) + "\n")
    items = plan_raw(tmp_path, FeedOptions()).items
    planned = [read_article(path, meta) for path, meta in items]

    def no_parsing(feed: FeedFile) -> feeds.ParsedFeed:
        raise AssertionError("the record was parsed again")

    monkeypatch.setattr(feeds, "cached_parse", no_parsing)
    again = [read_article(path, meta) for path, meta in items]
    assert [a.text for a in again] == [BODY_A, BODY_B]
    assert again == planned
    monkeypatch.undo()
    # a feed changed on disk is read again, never answered from memory
    feed.write_text(json.dumps({"id": "1", "body": BODY_C}) + "\n" + json.dumps({"id": "2", "body": BODY_B}) + "\n")
    assert read_article(*items[0]).text == BODY_C


def test_a_plan_for_other_processes_keeps_no_records_and_forgetting_empties_the_memo(tmp_path: Path):
    from akhbar.corpus import feeds

    (tmp_path / "f.jsonl").write_text(json.dumps({"id": "1", "body": BODY_A}) + "\n")
    assert len(plan_raw(tmp_path, FeedOptions(), remember=False).items) == 1
    assert feeds._MEMO.articles == {}
    plan_raw(tmp_path, FeedOptions())
    assert feeds._MEMO.chars == len(BODY_A)
    feeds.forget_records()
    assert feeds._MEMO.articles == {} and feeds._MEMO.chars == 0


def test_the_record_memo_keeps_what_its_budget_allows():
    from akhbar.corpus.feeds import RecordMemo
    from akhbar.corpus.ingest import RawArticle

    memo = RecordMemo(budget_chars=len(BODY_A) + len(BODY_B))
    feed = FeedFile("f.jsonl", "", "jsonl", "f.jsonl")
    articles = [RawArticle(f"f-{i}", f"f.jsonl:{i}", "0" * 64, body) for i, body in enumerate([BODY_A, BODY_B, BODY_C])]
    for i, article in enumerate(articles):
        memo.put((feed, 1, 1, i, "{}"), article)
    assert [memo.get((feed, 1, 1, i, "{}")) for i in range(3)] == [articles[0], articles[1], None]
    assert memo.get((feed, 1, 2, 0, "{}")) is None  # another version of the file
    memo.clear()
    assert memo.get((feed, 1, 1, 0, "{}")) is None
