"""Read news feeds (JSON arrays, JSON Lines, CSV, TREC-style XML; plain, .gz or in a .zip) as raw articles.

A feed holds many records; each record becomes one raw article through a field mapping from the feed's names
to the article's (``id``, ``title``, ``body``, ``url``, ``outlet``, ``published``, ``author``). The driver
lists and checks every record (`plan_feeds`) and the workers read their batch's records again from the feed
files (`read_record`, through `akhbar.corpus.ingest.read_article`): only paths and record numbers travel. In the
process that planned them (and in a worker, from its first read on) records come from a memo (`RecordMemo`), so
that a build decodes and checks each record once, not once per pass.

Where a record is, in messages and in ``articles.source_path``: ``LABEL:N``, LABEL the feed file relative to the
raw folder (``day.zip/day.json`` for a member of an archive), N the line for JSON Lines and CSV (where the
record starts), the 1-based position for a JSON array and the ``<DOC>`` number for XML.

Article ids (documented in the README): ``PREFIX-KEY``. PREFIX is the feed file's name without its extensions
(``.json``, ``.gz``, ...); for a member of an archive, the archive's stem and the member's path, joined by ``_``
(once when they are the same: ``2015-07-21.zip/2015-07-21.json`` gives ``2015-07-21``). KEY is the record's
``id`` field (``DOCNO`` for XML) with characters outside ``[A-Za-z0-9_.-]`` replaced by ``_``; without an
id, the first 16 hex digits of the SHA-256 of its URL; without either, the record number. So an id survives
re-ordering the feed whenever the record carries an id or a URL. Two records with one id are a bad record.
"""

from __future__ import annotations

import csv
import functools
import gzip
import hashlib
import html
import io
import json
import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, Protocol
from urllib.parse import urlsplit

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from akhbar.corpus.clean import clean
from akhbar.corpus.dates import parse_published
from akhbar.corpus.ingest import MAX_ARTICLE_BYTES, InputPlan, Problem, RawArticle, decode_article
from akhbar.errors import InputError

FORMATS = ("json", "jsonl", "csv", "trec")
# Feed file extensions and the format each one means; .gz and .zip wrap them.
EXTENSIONS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".xml": "trec", ".trec": "trec"}
ARCHIVES = (".zip", ".gz")
TARGETS = ("id", "title", "body", "url", "outlet", "published", "author")
# The feed's field name for each article field, by format; a mapping given by the user overrides per field.
DEFAULT_FIELDS: dict[str, dict[str, str]] = {
    "json": {t: t for t in TARGETS},
    "jsonl": {t: t for t in TARGETS},
    "csv": {t: t for t in TARGETS},
    "trec": {
        "id": "DOCNO",
        "title": "TITLE",
        "body": "TEXT",
        "url": "URL",
        "outlet": "SOURCE",
        "published": "TIME",
        "author": "AUTHOR",
    },
}
# Where a project declares its feed settings in datapackage.json: {"akhbar": {"feeds": {"format", "fields"}}}.
PROJECT_KEY = "akhbar"
# Marks a plan item as a feed record (its path is the feed file); read by akhbar.corpus.ingest.read_article.
FEED_KEY = "feed"
SOURCES_FILE = "sources.csv"
KEY_HASH_DIGITS = 16
_UNSAFE_ID_RE = re.compile(r"[^A-Za-z0-9_.-]+")
_DOC_RE = re.compile(r"<DOC>(.*?)</DOC>", re.DOTALL)
_DOC_OPEN_RE = re.compile(r"<DOC>")


@dataclass(frozen=True)
class FeedOptions:
    """How to read feeds: a format forced on every file (else by extension), the field mapping, skip bad records."""

    format: str | None = None
    fields: Mapping[str, str] = field(default_factory=dict)
    skip_bad: bool = False


@dataclass(frozen=True)
class FeedFile:
    """One feed to read: a file on disk, or a member of a .zip archive; ``label`` names it in messages."""

    path: str
    member: str
    format: str
    label: str


def parse_fields(text: str) -> dict[str, str]:
    """Parse a ``--fields`` value ("body=content,outlet=source") into {article field: feed field}."""
    fields: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        target, sep, source = (s.strip() for s in part.partition("="))
        if not sep or not source:
            raise InputError(f"--fields: {part!r} is not ARTICLE_FIELD=FEED_FIELD (e.g. body=content)")
        fields[target] = source
    check_fields(fields, "--fields")
    return fields


def check_fields(fields: Mapping[str, Any], where: str) -> None:
    """Raise InputError unless every key is an article field and every value a feed field name."""
    for target, source in fields.items():
        if target not in TARGETS:
            raise InputError(f"{where}: {target!r} is not an article field; use one of {', '.join(TARGETS)}")
        if not isinstance(source, str) or not source:
            raise InputError(f"{where}: the feed field for {target!r} must be a non-empty name")


def project_options(descriptor: Mapping[str, Any]) -> FeedOptions:
    """The feed settings a project declares in datapackage.json (``akhbar.feeds.format`` and ``.fields``)."""
    settings = descriptor.get(PROJECT_KEY, {}).get("feeds", {}) if isinstance(descriptor, Mapping) else {}
    where = f"datapackage.json {PROJECT_KEY}.feeds"
    if not isinstance(settings, Mapping):
        raise InputError(f"{where} must be an object with 'format' and/or 'fields'")
    fmt = settings.get("format")
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"{where}.format: {fmt!r} is not one of {', '.join(FORMATS)}")
    fields = settings.get("fields", {})
    if not isinstance(fields, Mapping):
        raise InputError(f"{where}.fields must be an object {{article field: feed field}}")
    check_fields(fields, f"{where}.fields")
    return FeedOptions(format=fmt, fields=dict(fields))


def merge_options(base: FeedOptions, fmt: str | None, fields: Mapping[str, str], skip_bad: bool) -> FeedOptions:
    """Command-line settings over the project's: a format replaces, fields override one by one."""
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    return FeedOptions(format=fmt or base.format, fields={**base.fields, **fields}, skip_bad=skip_bad)


def feed_format(name: str) -> str | None:
    """The format a file name means by its extension (``a.jsonl.gz`` -> jsonl), or None."""
    suffix = PurePosixPath(name.lower()).suffix
    if suffix == ".gz":
        return feed_format(name[: -len(suffix)])
    return EXTENSIONS.get(suffix)


def is_feed_name(name: str) -> bool:
    """True for the files a raw folder's feed reader takes: feed extensions and .gz/.zip (not sources.csv)."""
    lower = name.lower()
    return lower != SOURCES_FILE and (lower.endswith(".zip") or feed_format(lower) is not None)


def _stem(name: str) -> str:
    """A path without its feed and archive extensions (``x/day.json.gz`` -> ``x/day``)."""
    while True:
        suffix = PurePosixPath(name).suffix.lower()
        if suffix not in EXTENSIONS and suffix not in ARCHIVES:
            return name
        name = name[: -len(suffix)]


def safe_id(text: str) -> str:
    """``text`` with every run of characters outside ``[A-Za-z0-9_.-]`` replaced by ``_``, opening alphanumeric."""
    return _UNSAFE_ID_RE.sub("_", text).lstrip("_.-")


@lru_cache(maxsize=1024)
def id_prefix(feed: FeedFile) -> str:
    """The article-id prefix of a feed's records (see the module docstring); the same for every record of a feed."""
    outer = _stem(PurePosixPath(feed.path).name)
    parts = [outer] if not feed.member or _stem(feed.member) == outer else [outer, _stem(feed.member)]
    return safe_id("_".join(parts)) or "feed"


def article_id(prefix: str, number: int, record_id: str | None, url: str | None) -> str:
    """The stable id of one record: its id field, else a hash of its URL, else its number."""
    if record_id:
        key = safe_id(record_id) or _short_hash(record_id)
    elif url:
        key = _short_hash(url)
    else:
        key = str(number)
    return f"{prefix}-{key}"


def _short_hash(text: str) -> str:
    """The first hex digits of the SHA-256 of ``text``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:KEY_HASH_DIGITS]


def unsafe_member(info: zipfile.ZipInfo) -> str | None:
    """Why an archive member may not be read (a path leaving the folder, a link), or None."""
    name = info.filename.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in PurePosixPath(name).parts:
        return f"path {info.filename!r} points outside the folder: refused"
    if stat.S_ISLNK(info.external_attr >> 16):
        return f"{info.filename!r} is a symbolic link: refused"
    return None


def list_feeds(raw: Path, fmt: str | None) -> tuple[list[FeedFile], list[Problem], list[Problem]]:
    """The feeds in ``raw`` (a feed file or a folder of them), with skippable and fatal problems.

    Unsafe archive members are fatal (never read, whatever --skip-bad says); unreadable archives and members of
    unknown format are problems of their own file, which --skip-bad may skip.
    """
    raw = Path(raw)
    paths = [raw] if raw.is_file() else sorted(p for p in raw.iterdir() if p.is_file() and is_feed_name(p.name))
    feeds: list[FeedFile] = []
    problems: list[Problem] = []
    fatal: list[Problem] = []
    for path in paths:
        label = path.name if raw.is_file() else path.relative_to(raw).as_posix()
        if path.name.lower().endswith(".zip"):
            try:
                with zipfile.ZipFile(path) as archive:
                    infos = sorted(archive.infolist(), key=lambda i: i.filename)
            except (OSError, zipfile.BadZipFile) as exc:
                problems.append(Problem(label, f"cannot read the zip archive: {exc}"))
                continue
            for info in infos:
                if info.is_dir():
                    continue
                where = f"{label}/{info.filename}"
                why = unsafe_member(info)
                if why:
                    fatal.append(Problem(where, why))
                    continue
                member_format = fmt or feed_format(info.filename)
                if member_format is None:
                    problems.append(Problem(where, f"unknown feed format (use --format {'|'.join(FORMATS)})"))
                    continue
                feeds.append(FeedFile(str(path), info.filename, member_format, where))
            continue
        file_format = fmt or feed_format(path.name)
        if file_format is None:
            problems.append(Problem(label, f"unknown feed format (use --format {'|'.join(FORMATS)})"))
            continue
        feeds.append(FeedFile(str(path), "", file_format, label))
    return feeds, problems, fatal


def read_feed_bytes(feed: FeedFile) -> bytes:
    """The bytes of a feed, unzipped and gunzipped (OSError, BadZipFile or BadGzipFile when unreadable)."""
    if feed.member:
        with zipfile.ZipFile(feed.path) as archive:
            data = archive.read(feed.member)
        name = feed.member
    else:
        data = Path(feed.path).read_bytes()
        name = feed.path
    if name.lower().endswith(".gz"):
        data = gzip.decompress(data)
    return data


def decode_feed(label: str, data: bytes) -> str | Problem:
    """A feed's bytes as text (UTF-8, BOM allowed), or the ingest check's problem (with its Windows-1256 hint)."""
    if not data.strip():
        return Problem(label, "empty file")
    if b"\x00" not in data:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    problem = decode_article(label, data)  # fails the same way and says why in one line
    return problem if isinstance(problem, Problem) else Problem(label, "cannot be decoded as UTF-8")


# A record as parsed: its number and either its fields or why it cannot be read.
Record = tuple[int, dict[str, Any] | str]


def json_records(text: str) -> Iterator[Record]:
    """The objects of a JSON array, numbered from 1 (a ValueError when the file is not a JSON array)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc}") from exc
    if not isinstance(data, list):
        raise ValueError(f"expected a JSON array of objects, found a JSON {type(data).__name__}")
    for number, item in enumerate(data, start=1):
        yield number, item if isinstance(item, dict) else f"not a JSON object but a {type(item).__name__}"


def jsonl_records(text: str) -> Iterator[Record]:
    """One JSON object per line, numbered by line; blank lines are allowed."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, f"not valid JSON: {exc.msg} (column {exc.colno})"
            continue
        yield number, item if isinstance(item, dict) else f"not a JSON object but a {type(item).__name__}"


def csv_records(text: str) -> Iterator[Record]:
    """The rows of a CSV file with a header, numbered by the line where each row starts."""
    csv.field_size_limit(2**31 - 1)  # an article can be longer than the default 128 KiB cell
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ValueError("no header row") from None
    except csv.Error as exc:
        raise ValueError(f"not valid CSV: {exc}") from exc
    if len(set(header)) != len(header):
        raise ValueError(f"the header repeats a column: {header}")
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ValueError(f"not valid CSV at line {reader.line_num}: {exc}") from exc
        number, line = line, reader.line_num + 1
        if not row:
            continue
        if len(row) != len(header):
            yield number, f"{len(row)} cells, expected {len(header)} (the header's columns)"
            continue
        yield number, dict(zip(header, row, strict=True))


def trec_records(text: str) -> Iterator[Record]:
    """The ``<DOC>`` elements of a TREC-style file as {tag: text}, numbered from 1; each is parsed on its own."""
    matches = list(_DOC_RE.finditer(text))
    opened = len(_DOC_OPEN_RE.findall(text))
    if not matches:
        raise ValueError("no <DOC>...</DOC> records found")
    for number, match in enumerate(matches, start=1):
        try:
            root = SafeET.fromstring(f"<DOC>{match.group(1)}</DOC>")
        except DefusedXmlException as exc:
            yield number, f"XML entity or DTD declarations are not allowed ({type(exc).__name__})"
            continue
        except SafeET.ParseError as exc:
            yield number, f"not well-formed XML: {exc}"
            continue
        record: dict[str, Any] = {}
        for child in root:
            if child.tag in record:
                record[child.tag] = f"{record[child.tag]}\n{''.join(child.itertext())}"
            else:
                record[child.tag] = "".join(child.itertext())
        yield number, record
    if opened > len(matches):
        yield len(matches) + 1, f"{opened - len(matches)} <DOC> element(s) not closed by </DOC>"


PARSERS = {"json": json_records, "jsonl": jsonl_records, "csv": csv_records, "trec": trec_records}


@dataclass(frozen=True)
class ParsedFeed:
    """A feed's records by number, or the problem that makes the whole file unreadable."""

    records: dict[int, dict[str, Any] | str]
    problem: Problem | None = None
    digest: str = ""  # SHA-256 of the feed's bytes as parsed (unzipped): what every record of it is a function of


def parse_feed(feed: FeedFile) -> ParsedFeed:
    """Read, decode and parse one feed file."""
    try:
        data = read_feed_bytes(feed)
    except (OSError, zipfile.BadZipFile, gzip.BadGzipFile, EOFError, zipfile.LargeZipFile) as exc:
        return ParsedFeed({}, Problem(feed.label, f"cannot read: {exc}"))
    text = decode_feed(feed.label, data)
    if isinstance(text, Problem):
        return ParsedFeed({}, text)
    try:
        records = dict(PARSERS[feed.format](text))
    except ValueError as exc:
        return ParsedFeed({}, Problem(feed.label, f"{exc} (read as {feed.format})"))
    if not records:
        return ParsedFeed({}, Problem(feed.label, f"no records (read as {feed.format})"))
    return ParsedFeed(records, digest=hashlib.sha256(data).hexdigest())


@functools.lru_cache(maxsize=2)
def _parsed(feed: FeedFile, mtime_ns: int, size: int) -> ParsedFeed:
    """parse_feed, kept for the next batches of the same file (batches follow the file order)."""
    return parse_feed(feed)


def cached_parse(feed: FeedFile) -> ParsedFeed:
    """parse_feed once per version of the file on disk, in this process."""
    try:
        info = Path(feed.path).stat()
    except OSError as exc:
        return ParsedFeed({}, Problem(feed.label, f"cannot read: {exc.strerror or exc}"))
    return _parsed(feed, info.st_mtime_ns, info.st_size)


def _text_value(record: Mapping[str, Any], name: str) -> str | None:
    """A record's field as stripped text (None when absent or empty); ValueError for lists, objects, booleans."""
    value = record.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"field {name!r} is a {type(value).__name__}, expected text")
    text = str(value).strip()
    return text or None


def record_hash(record: Mapping[str, Any]) -> str:
    """SHA-256 of a record's fields as canonical JSON (sorted keys, UTF-8): the feed record's "raw bytes"."""
    canonical = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# Whether a record's body keeps some text once cleaned (body, title): the plan's costliest check.
TextCheck = Callable[[str, str | None], bool]


def keeps_text(body: str, title: str | None) -> bool:
    """Whether the clean step leaves some article text of this body (else the record is bad)."""
    return bool(clean(body, title).body)


class FeedVerdicts(Protocol):
    """Remembered verdicts of whole feeds: per version of a feed's bytes, the records that passed every check."""

    def passes(self, key: str) -> dict[int, str] | None:
        """The passed records (number -> record hash) stored under ``key``, or None when none are."""

    def remember(self, key: str, passes: dict[int, str]) -> None:
        """Store the passed records of a feed read in full under ``key``."""


# Bumped when a feed verdict changes meaning (its key also holds the code's fingerprint, see TextChecks).
FEED_VERDICT_FORMAT = "akhbar-feed-verdict/1"


def feed_verdict_key(feed: FeedFile, digest: str, fields_json: str, max_bytes: int | None) -> str:
    """The key of a feed's verdict: what the checks of its records depend on but the code (the store adds that)."""
    parts = [FEED_VERDICT_FORMAT, feed.format, fields_json, str(max_bytes), digest]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def record_article(
    feed: FeedFile,
    number: int,
    record: dict[str, Any] | str,
    fields: Mapping[str, str],
    planned: bool = False,
    max_bytes: int | None = None,
    text_check: TextCheck = keeps_text,
    passed: str | None = None,
) -> RawArticle | Problem:
    """Map one parsed record to a raw article, checking its body as a .txt article is checked.

    ``planned``: the plan has checked this record already, so the costly check (a body left empty by the clean
    step, which cleans every article again) is not repeated; the cheap ones still guard against a changed file.
    ``text_check`` is that costly check (:func:`keeps_text`, or one that remembers its answers across builds).
    ``passed``: the record's hash where the same record of the same feed bytes, under the same code, mapping and
    ``max_bytes``, passed every check before (:class:`FeedVerdicts`): the checks and the hash, functions of the
    record alone, are not computed again.
    """
    where = f"{feed.label}:{number}"
    if isinstance(record, str):
        return Problem(where, record)
    names = {**DEFAULT_FIELDS[feed.format], **fields}
    try:
        values = {target: _text_value(record, names[target]) for target in TARGETS}
    except ValueError as exc:
        return Problem(where, str(exc))
    body = values["body"]
    if body is None:
        missing = "missing" if names["body"] not in record else "empty"
        return Problem(where, f"no body: field {names['body']!r} is {missing} (map another with --fields body=NAME)")
    url = values["url"]
    if passed is None:
        data = body.encode("utf-8")
        if max_bytes is not None and len(data) > max_bytes:
            return Problem(where, f"body of {len(data):,} bytes, over the {max_bytes:,} allowed (--max-article-bytes)")
        checked = decode_article(where, data)
        if isinstance(checked, Problem):
            return checked
        if url is not None:
            parts = urlsplit(url)
            if not parts.scheme or not parts.netloc or " " in url:
                return Problem(where, f"url {url!r} is not an absolute URL")
    else:  # what decode_article returns for the UTF-8 of a body that passed it: the body, less a leading BOM
        checked = body.removeprefix("\ufeff")
    # scrapers copy headlines from HTML: "&#8220;" is a quotation mark
    title = html.unescape(values["title"]) if values["title"] and "&" in values["title"] else values["title"]
    if not planned and passed is None and not text_check(checked, title):
        return Problem(where, "no article text once website chrome is removed (akhbar.corpus.clean)")
    published = None
    if values["published"] is not None:
        try:
            published = parse_published(values["published"])
        except ValueError as exc:
            return Problem(where, f"published: {exc}")
    return RawArticle(
        article_id=article_id(id_prefix(feed), number, values["id"], url),
        source_path=where,
        sha256=record_hash(record) if passed is None else passed,
        text=checked,
        outlet=values["outlet"],
        url=url,
        published=published,
        title=title,
        author=values["author"],
    )


def _item_meta(feed: FeedFile, number: int, fields_json: str) -> dict[str, str | None]:
    """What a worker needs to read one record again: the feed, the record number and the mapping."""
    return {
        FEED_KEY: feed.format,
        "member": feed.member,
        "label": feed.label,
        "record": str(number),
        "fields": fields_json,
    }


# Where a record was read: the feed, the file's version on disk (mtime, size), the record number, the mapping.
RecordKey = tuple[FeedFile, int, int, int, str]


class RecordMemo:
    """Records read in this process, kept up to a budget of text, so that each is decoded once per build.

    The plan, the corpus pass and extraction each read every record in the same order; with the first records
    kept (never evicted: an evicting cache would miss on every pass of such a scan) the later passes read them
    from here. A key holds the file's mtime and size: a feed changed on disk is read again.
    """

    def __init__(self, budget_chars: int):
        self.budget = budget_chars
        self.chars = 0
        self.articles: dict[RecordKey, RawArticle] = {}

    def get(self, key: RecordKey | None) -> RawArticle | None:
        """The article read under ``key``, or None."""
        return None if key is None else self.articles.get(key)

    def put(self, key: RecordKey | None, article: RawArticle) -> None:
        """Keep an article while the budget allows."""
        size = len(article.text) + len(article.title or "")
        if key is not None and key not in self.articles and self.chars + size <= self.budget:
            self.articles[key] = article
            self.chars += size

    def clear(self) -> None:
        """Forget every record (the plan of a new build starts afresh)."""
        self.articles.clear()
        self.chars = 0


# About 300 MB of Arabic text: SaudiNewsNet's 31,000 articles take a third of it.
MEMO_CHARS = 1 << 27
_MEMO = RecordMemo(MEMO_CHARS)


def forget_records() -> None:
    """Drop the records this process kept, once a build's extraction no longer reads them."""
    _MEMO.clear()


def file_version(feed: FeedFile) -> tuple[int, int] | None:
    """The feed file's mtime and size now; None when it cannot be looked at."""
    try:
        # not Path(...).stat(): this runs twice per record, where pathlib's parsing cost more than the call
        info = os.stat(feed.path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def record_key(feed: FeedFile, version: tuple[int, int] | None, number: int, fields_json: str) -> RecordKey | None:
    """The memo key of one record of a version of its file (None: no version, nothing kept)."""
    return None if version is None else (feed, *version, number, fields_json)


def read_record(path: str, meta: Mapping[str, str | None]) -> RawArticle | Problem:
    """Read one planned record from its feed file (the worker side of `plan_feeds`), once per process."""
    feed = FeedFile(path, meta.get("member") or "", meta[FEED_KEY] or "", meta.get("label") or Path(path).name)
    number = int(meta.get("record") or 0)
    fields_json = meta.get("fields") or "{}"
    key = record_key(feed, file_version(feed), number, fields_json)
    known = _MEMO.get(key)
    if known is not None:
        return known
    parsed = cached_parse(feed)
    if parsed.problem is not None:
        return parsed.problem
    if number not in parsed.records:
        return Problem(f"{feed.label}:{number}", "record not found (the feed changed during the build)")
    article = record_article(feed, number, parsed.records[number], json.loads(fields_json), planned=True)
    if isinstance(article, RawArticle):
        _MEMO.put(key, article)
    return article


@dataclass
class FeedPlan:
    """The planned records of every feed, the bad ones, and the problems that no option skips."""

    items: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    bad: list[Problem] = field(default_factory=list)
    fatal: list[Problem] = field(default_factory=list)


def plan_feeds(
    raw: Path,
    options: FeedOptions,
    taken_ids: set[str] | None = None,
    max_article_bytes: int = MAX_ARTICLE_BYTES,
    text_check: TextCheck = keeps_text,
    remember: bool = True,
    verdicts: FeedVerdicts | None = None,
) -> FeedPlan:
    """List and check every record of the feeds in ``raw``; records with problems are listed, not planned.

    ``remember`` keeps the planned records for this process's later reads (off when other processes extract).
    ``verdicts`` remembers, per feed's bytes, the records that passed (given with a ``text_check`` that is
    :func:`keeps_text` or remembers its answers): a feed whose bytes are the same as in an earlier build has those
    records mapped without their checks and hashes; its other records are checked as ever.
    """
    feeds, bad, fatal = list_feeds(raw, options.format)
    plan = FeedPlan(bad=bad, fatal=fatal)
    fields_json = json.dumps(dict(options.fields), sort_keys=True)
    seen: dict[str, str] = {i: i for i in (taken_ids or ())}
    _MEMO.clear()
    for feed in feeds:
        version = file_version(feed)  # before reading: a change while it is read makes the memo miss, not lie
        parsed = cached_parse(feed)
        if parsed.problem is not None:
            plan.bad.append(parsed.problem)
            continue
        key = feed_verdict_key(feed, parsed.digest, fields_json, max_article_bytes)
        known = verdicts.passes(key) if verdicts is not None else None
        passes: dict[int, str] = {}
        for number, record in parsed.records.items():
            article = record_article(
                feed,
                number,
                record,
                options.fields,
                max_bytes=max_article_bytes,
                text_check=text_check,
                passed=None if known is None else known.get(number),
            )
            if isinstance(article, Problem):
                plan.bad.append(article)
                continue
            passes[number] = article.sha256
            if article.article_id in seen:
                where = seen[article.article_id]
                plan.bad.append(
                    Problem(article.source_path, f"article id {article.article_id} already used by {where}")
                )
                continue
            seen[article.article_id] = article.source_path
            if remember:
                _MEMO.put(record_key(feed, version, number, fields_json), article)
            plan.items.append((feed.path, _item_meta(feed, number, fields_json)))
        if verdicts is not None and known is None:
            verdicts.remember(key, passes)
    return plan


def plan_raw(
    raw: Path,
    options: FeedOptions | None = None,
    id_pattern: str | None = None,
    max_article_bytes: int = MAX_ARTICLE_BYTES,
    text_check: TextCheck = keeps_text,
    remember: bool = True,
    verdicts: FeedVerdicts | None = None,
) -> InputPlan:
    """Plan a build's input: a folder of .txt articles and/or feeds, or one feed file.

    ``text_check`` decides whether a record keeps some text once cleaned (see :func:`record_article`);
    ``remember`` whether this process keeps the planned records for its own later reads (see :class:`RecordMemo`);
    ``verdicts`` remembers which records of a feed's bytes passed (see :func:`plan_feeds`).

    ``id_pattern`` and ``max_article_bytes`` are the .txt checks of `plan_inputs`; a feed record whose body is
    larger than ``max_article_bytes`` in UTF-8 is a bad record. Without --skip-bad every bad record is a problem (the build lists them all and stops); with it, bad records
    and unreadable feeds are left out and listed in ``skipped``. Unsafe archive members always stop the build.
    """
    from akhbar.corpus.ingest import list_raw_files, plan_inputs

    options = options or FeedOptions()
    raw = Path(raw)
    has_feeds = raw.is_file() or (raw.is_dir() and any(p.is_file() and is_feed_name(p.name) for p in raw.iterdir()))
    if not has_feeds:
        return plan_inputs(raw, id_pattern, max_article_bytes)
    base = InputPlan([], [])
    if raw.is_dir() and (list_raw_files(raw) or (raw / SOURCES_FILE).exists()):
        base = plan_inputs(raw, id_pattern, max_article_bytes)
    taken = {Path(path).stem for path, _ in base.items}
    feeds = plan_feeds(raw, options, taken, max_article_bytes, text_check, remember, verdicts)
    problems = base.problems + feeds.fatal
    skipped: list[Problem] = []
    if options.skip_bad:
        skipped = feeds.bad
    else:
        problems = problems + feeds.bad
    return InputPlan(base.items + feeds.items, problems, skipped)
