"""Ingest: each kind of bad input gets one clear line naming the file; good input is decoded and hashed."""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePath

import pytest

from akhbar.corpus.ingest import IngestError, file_stem, ingest, plan_inputs

GOOD = "قال الرئيس الكازاخستاني قاسم جومارت توكاييف إن بلاده ترحب بالاستثمارات الصينية.\n"
OTHER = "وصل الرئيس الروسي فلاديمير بوتين إلى أستانا صباح الأربعاء لحضور القمة.\n"


def write(folder: Path, name: str, data: bytes | str) -> None:
    """Write a fixture file as bytes (str is encoded as UTF-8)."""
    (folder / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def problems_of(folder: Path) -> list[str]:
    """The problem lines ingest reports for a folder."""
    with pytest.raises(IngestError) as info:
        ingest(folder)
    return [str(p) for p in info.value.problems]


def test_good_folder_with_bom_and_sources(tmp_path: Path):
    write(tmp_path, "a.txt", b"\xef\xbb\xbf" + GOOD.encode())
    write(tmp_path, "b.txt", OTHER)
    write(
        tmp_path,
        "sources.csv",
        "file,outlet,url,published\na.txt,Outlet A,https://example.org/a,2024-07-03\nb.txt,,,\n",
    )
    articles = ingest(tmp_path)
    assert [a.article_id for a in articles] == ["a", "b"]
    a = articles[0]
    assert a.text == GOOD  # BOM stripped
    assert a.sha256 == hashlib.sha256(b"\xef\xbb\xbf" + GOOD.encode()).hexdigest()
    assert (a.outlet, a.url, str(a.published)) == ("Outlet A", "https://example.org/a", "2024-07-03")
    assert articles[1].outlet is None and articles[1].published is None


def test_sources_csv_is_optional(tmp_path: Path):
    write(tmp_path, "a.txt", GOOD)
    (article,) = ingest(tmp_path)
    assert article.outlet is None and article.url is None


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("cp1256.txt", GOOD.encode("cp1256"), "not valid UTF-8"),
        ("english.txt", b"The Chinese president visited Astana on Wednesday for the summit.", "not mainly Arabic"),
    ],
)
def test_bad_file_is_named_with_its_problem(tmp_path: Path, name: str, data: bytes, expected: str):
    write(tmp_path, "good.txt", GOOD)
    write(tmp_path, name, data)
    lines = problems_of(tmp_path)
    assert len(lines) == 1
    assert lines[0].startswith(f"{name}: ")
    assert expected in lines[0]


def test_windows_1256_gets_a_hint(tmp_path: Path):
    write(tmp_path, "old.txt", GOOD.encode("cp1256"))
    (line,) = problems_of(tmp_path)
    assert "Windows-1256" in line


def test_duplicate_content_names_both_files(tmp_path: Path):
    write(tmp_path, "a.txt", GOOD)
    write(tmp_path, "copy.txt", GOOD)
    (line,) = problems_of(tmp_path)
    assert line == "copy.txt: same content as a.txt (duplicate article)"


def test_sources_csv_mismatch_both_ways(tmp_path: Path):
    write(tmp_path, "a.txt", GOOD)
    write(tmp_path, "unlisted.txt", OTHER)
    write(tmp_path, "sources.csv", "file,outlet,url,published\na.txt,,,\nmissing.txt,,,\n")
    lines = problems_of(tmp_path)
    assert "missing.txt: listed in sources.csv but missing" in lines[0]
    assert lines[1] == "unlisted.txt: not listed in sources.csv"


def test_bad_date_in_sources(tmp_path: Path):
    write(tmp_path, "a.txt", GOOD)
    write(tmp_path, "sources.csv", "file,outlet,url,published\na.txt,,,03/07/2024\n")
    (line,) = problems_of(tmp_path)
    assert line == "sources.csv:2: published '03/07/2024' is not a date (ISO 8601, RFC 2822 or YYYY-MM-DD HH:MM:SS)"


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path):
    write(tmp_path, "e1.txt", b"")
    write(tmp_path, "e2.txt", b"\x00\x01")
    write(tmp_path, "ok.txt", GOOD)
    assert len(problems_of(tmp_path)) == 2


def test_missing_folder(tmp_path: Path):
    lines = problems_of(tmp_path / "nope")
    assert "raw folder does not exist" in lines[0]


ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]*"  # the articles schema's article_id pattern


def test_symlink_leaving_the_folder_is_refused_and_not_read(tmp_path: Path):
    raw, outside = tmp_path / "raw", tmp_path / "outside"
    raw.mkdir()
    outside.mkdir()
    write(outside, "secret.txt", OTHER)
    write(raw, "a.txt", GOOD)
    (raw / "inside.txt").symlink_to(raw / "a.txt")  # a link within the folder is fine (and a duplicate here)
    (raw / "leak.txt").symlink_to(outside / "secret.txt")
    lines = problems_of(raw)
    assert lines[0].startswith("leak.txt: symbolic link to ") and "outside the raw folder" in lines[0]
    assert lines[1:] == ["inside.txt: same content as a.txt (duplicate article)"]


def test_the_plan_lists_the_files_pathlib_globs_in_path_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ["b.txt", "a.b.txt", "B.txt", ".hidden.txt", "c.TXT", "notes.md", "a_1.txt", "a-1.txt"]:
        write(raw, name, GOOD)
    (raw / "folder.txt").mkdir()
    (raw / "link.txt").symlink_to(raw / "b.txt")
    (raw / "broken.txt").symlink_to(raw / "missing.txt")
    expected = [str(p) for p in sorted(raw.glob("*.txt")) if p.is_file()]
    assert [path for path, _ in plan_inputs(raw).items] == expected
    assert len(expected) == 7
    monkeypatch.chdir(raw)  # paths written as Path(".") / name writes them
    assert [path for path, _ in plan_inputs(Path(".")).items] == [p.name for p in map(Path, expected)]


@pytest.mark.parametrize("name", ["two words.txt", "it's.txt", 'q"uote.txt', "خبر.txt", "-dash.txt"])
def test_file_name_that_gives_no_valid_id_is_refused_in_one_line(tmp_path: Path, name: str):
    write(tmp_path, "good.txt", GOOD)
    write(tmp_path, name, OTHER)
    with pytest.raises(IngestError) as info:
        ingest(tmp_path, id_pattern=ID_PATTERN)
    (line,) = [str(p) for p in info.value.problems]
    assert line.startswith(f"{name}: file name gives article id") and "rename it" in line


def test_article_over_the_size_limit_is_refused_in_one_line(tmp_path: Path):
    write(tmp_path, "small.txt", GOOD)
    write(tmp_path, "huge.txt", OTHER * 20)
    size = (tmp_path / "huge.txt").stat().st_size
    with pytest.raises(IngestError) as info:
        ingest(tmp_path, max_article_bytes=1000)
    assert [str(p) for p in info.value.problems] == [
        f"huge.txt: {size} bytes, more than the 1000-byte article limit (akhbar build --max-article-bytes)"
    ]
    assert len(ingest(tmp_path, max_article_bytes=size)) == 2


@pytest.mark.parametrize(
    "sources, expected",
    [
        (b"file;outlet;url;published\na.txt;;;\n", "separated by ';', not commas"),
        (b"name,outlet\na.txt,x\n", "no 'file' column"),
        ("file,outlet,url,published\na.txt,الجزيرة,,\n".encode("cp1256"), "looks like Windows-1256"),
    ],
)
def test_unusable_sources_csv_is_one_line_not_a_cascade(tmp_path: Path, sources: bytes, expected: str):
    write(tmp_path, "a.txt", GOOD)
    write(tmp_path, "b.txt", OTHER)
    write(tmp_path, "sources.csv", sources)
    (line,) = problems_of(tmp_path)
    assert line.startswith("sources.csv: ") and expected in line


@pytest.mark.parametrize(
    "stamp",
    [
        "2015-07-31 04:15:37",
        "2015-07-31T04:15:37",
        "2015-07-31T04:15:37Z",
        "2015-07-31",
        "Fri, 31 Jul 2015 04:15:37 +0300",  # RFC 2822, as feeds read it (one parser: akhbar.corpus.dates)
    ],
)
def test_timestamps_are_accepted_for_published(tmp_path: Path, stamp: str):
    write(tmp_path, "a.txt", GOOD)
    write(tmp_path, "sources.csv", f'file,outlet,url,published\na.txt,,,"{stamp}"\n')  # quoted: RFC 2822 has a comma
    (article,) = ingest(tmp_path)
    assert str(article.published) == "2015-07-31"


@pytest.mark.parametrize("name", ["a.txt", "a.b.txt", "a", "a.", ".txt", "..txt", "a..txt", "x-1_2.3.txt"])
def test_file_stem_is_pathlibs(name):
    assert file_stem(name) == PurePath(name).stem
