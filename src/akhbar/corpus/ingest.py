"""Read a folder of raw articles: decode, detect bad input, hash, dedupe, attach sources.csv metadata."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from akhbar.corpus.dates import parse_published
from akhbar.errors import InputError
from akhbar.package.hashing import sha256_hex
from akhbar.text.arabic import arabic_ratio

SOURCES_FILE = "sources.csv"
SOURCES_COLUMNS = ("file", "outlet", "url", "published")
# Below this share of Arabic letters an article is not "mainly Arabic".
MIN_ARABIC_RATIO = 0.5
# Share of C0 control characters (other than tab/newline/CR) above which a file is treated as binary.
MAX_CONTROL_RATIO = 0.01
# Largest article file accepted by default (`akhbar build --max-article-bytes`): a long news article is tens of
# kilobytes; a file of megabytes is a dump or a book, and extraction on it runs for minutes in gigabytes.
MAX_ARTICLE_BYTES = 1 << 20
# Those control characters as bytes: UTF-8 writes an ASCII character as its one byte and no other character uses a byte
# below 0x80, so a file holds as many of these bytes as its text holds of the characters (counted without a regex).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20)])


@dataclass(frozen=True)
class RawArticle:
    """One decoded raw article with the metadata sources.csv gives for it."""

    article_id: str
    source_path: str
    sha256: str
    text: str
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    title: str | None = None  # a feed record's own title; None: the clean step finds it in the text
    author: str | None = None


@dataclass(frozen=True)
class Problem:
    """A defect in the input, tied to the file that has it."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class IngestError(InputError):
    """Raised when the raw folder has problems; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = f": {problems[0]}" if problems else ""
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{len(problems)} problem(s) in the raw articles{first}{more}")

    def lines(self) -> list[str]:
        """One line per problem, then the count."""
        return [str(p) for p in self.problems] + [f"{len(self.problems)} problem(s) in the raw articles"]


def decode_article(name: str, data: bytes) -> str | Problem:
    """Decode raw bytes as UTF-8 (BOM allowed) or say in one line why the file is unusable."""
    if not data.strip():
        return Problem(name, "empty file")
    if b"\x00" in data:
        return Problem(name, "binary file (contains NUL bytes), expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = ""
        try:
            if arabic_ratio(data.decode("cp1256")) >= MIN_ARABIC_RATIO:
                hint = "; it looks like Windows-1256 Arabic: re-save it as UTF-8"
        except UnicodeDecodeError:
            pass
        return Problem(name, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}){hint}")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > MAX_CONTROL_RATIO * len(text):
        return Problem(name, f"binary file ({controls} control characters), expected UTF-8 text")
    if not text.strip():
        return Problem(name, "empty file")
    ratio = arabic_ratio(text)
    if ratio < MIN_ARABIC_RATIO:
        return Problem(name, f"not mainly Arabic ({ratio:.0%} of letters are Arabic)")
    return text


def _sources_header_problem(header: list[str], first_line: str) -> str | None:
    """Why sources.csv's header cannot be used (wrong separator, no `file` column), or None."""
    if "file" in header:
        return None
    expected = ",".join(SOURCES_COLUMNS)
    for sep, label in ((";", "';'"), ("\t", "tabs"), ("|", "'|'")):
        if sep in first_line and "," not in first_line:
            return f"columns are separated by {label}, not commas: write it as CSV with the header {expected}"
    return f"no 'file' column (header: {first_line.strip()[:80]!r}); expected the header {expected}"


def read_sources(path: Path) -> tuple[dict[str, dict[str, str | None]] | None, list[Problem]]:
    """Read sources.csv into {file: metadata}; problems name the file and line; None when it cannot be read at all."""
    rows: dict[str, dict[str, str | None]] = {}
    problems: list[Problem] = []
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = ""
        if arabic_ratio(data.decode("cp1256", errors="replace")) >= MIN_ARABIC_RATIO / 10:
            hint = "; it looks like Windows-1256 Arabic: re-save it as UTF-8"
        return None, [
            Problem(SOURCES_FILE, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}){hint}")
        ]
    lines = text.splitlines()
    reader = csv.DictReader(lines)
    header_problem = _sources_header_problem(list(reader.fieldnames or []), lines[0] if lines else "")
    if header_problem:
        return None, [Problem(SOURCES_FILE, header_problem)]
    for line_no, row in enumerate(reader, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            problems.append(Problem(f"{SOURCES_FILE}:{line_no}", "empty 'file' value"))
            continue
        if name in rows:
            problems.append(Problem(f"{SOURCES_FILE}:{line_no}", f"{name} is listed twice"))
            continue
        meta = {c: ((row.get(c) or "").strip() or None) for c in SOURCES_COLUMNS[1:]}
        if meta["published"]:
            try:
                parse_published(meta["published"])
            except ValueError as exc:
                problems.append(Problem(f"{SOURCES_FILE}:{line_no}", f"published {exc}"))
        rows[name] = meta
    return rows, problems


def list_raw_files(raw_dir: Path) -> list[Path]:
    """The article files of a raw folder (*.txt, sorted by name)."""
    return [raw_dir / entry.name for entry in _raw_entries(raw_dir)]


def _raw_entries(raw_dir: Path) -> list[os.DirEntry[str]]:
    """The article files of a raw folder as directory entries (*.txt, sorted by name), as ``raw_dir.glob`` finds them.

    A directory entry knows from the listing whether it is a file or a link (no stat per file), and its name sorts as
    pathlib sorts paths of one folder.
    """
    try:
        with os.scandir(raw_dir) as listing:
            entries = list(listing)
    except PermissionError:  # glob yields nothing from a folder it cannot list
        return []
    return sorted((e for e in entries if e.name.endswith(".txt") and e.is_file()), key=lambda e: e.name)


@dataclass(frozen=True)
class InputPlan:
    """What to read: each article file (or feed record) with its metadata, the problems, the records skipped."""

    items: list[tuple[str, dict[str, str | None]]]
    problems: list[Problem]
    skipped: list[Problem] = field(default_factory=list)  # bad feed records left out on --skip-bad


def file_problem(entry: os.DirEntry[str], root: Path, id_pattern: str | None, max_bytes: int) -> Problem | None:
    """Why an article file cannot be read, from its name, link and size alone (None: it can be)."""
    name = entry.name
    if entry.is_symlink():
        target = Path(entry.path).resolve()
        if not target.is_relative_to(root):
            return Problem(name, f"symbolic link to {target}, outside the raw folder: copy the file in instead")
    stem = file_stem(name)
    if id_pattern is not None and not re.fullmatch(id_pattern, stem):
        return Problem(
            name,
            f"file name gives article id {stem!r}, which does not match {id_pattern}: "
            "rename it with ASCII letters, digits, '_', '.' and '-' only",
        )
    size = entry.stat().st_size
    if size > max_bytes:
        return Problem(
            name, f"{size} bytes, more than the {max_bytes}-byte article limit (akhbar build --max-article-bytes)"
        )
    return None


def plan_inputs(raw_dir: Path, id_pattern: str | None = None, max_article_bytes: int = MAX_ARTICLE_BYTES) -> InputPlan:
    """List a raw folder's articles with their metadata; check names, links, sizes and sources.csv.

    A file whose name does not give an id matching ``id_pattern`` (the articles schema's article_id pattern),
    a link that leaves the folder, or a file over ``max_article_bytes`` is a problem and is not read.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        return InputPlan([], [Problem(str(raw_dir), "raw folder does not exist")])
    root = raw_dir.resolve()
    problems: list[Problem] = []
    files = []
    found = _raw_entries(raw_dir)
    for entry in found:
        problem = file_problem(entry, root, id_pattern, max_article_bytes)
        if problem is None:
            files.append(entry.name)
        else:
            problems.append(problem)
    sources: dict[str, dict[str, str | None]] | None = None
    if (raw_dir / SOURCES_FILE).exists():
        sources, source_problems = read_sources(raw_dir / SOURCES_FILE)
        problems += source_problems
    if not found:
        problems.append(Problem(str(raw_dir), "no .txt articles found"))
    names = {e.name for e in found}
    if sources is not None:
        for name in sorted(set(sources) - names):
            problems.append(Problem(name, f"listed in {SOURCES_FILE} but missing from {raw_dir}"))
        for name in sorted(names - set(sources)):
            problems.append(Problem(name, f"not listed in {SOURCES_FILE}"))
    folder = str(raw_dir / "_")[:-1]  # the paths as raw_dir / name writes them ("a" in ".", "/a" in "/")
    return InputPlan([(folder + name, (sources or {}).get(name, {})) for name in files], problems)


def file_stem(name: str) -> str:
    """A file name without its last suffix, by pathlib's rule (``PurePath.stem``): "a.b.txt" -> "a.b", "a." -> "a."."""
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def read_article(path: str, meta: dict[str, str | None]) -> RawArticle | Problem:
    """Read and decode one article file (or feed record); a Problem says why it cannot be used."""
    if meta.get("feed"):  # a record of a feed file: akhbar.corpus.feeds reads it
        from akhbar.corpus.feeds import read_record

        return read_record(path, meta)
    # os.path and open, not pathlib: a Path object and its read_bytes cost a fifth of the whole read, twice per article
    name = os.path.basename(path)
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as exc:
        return Problem(name, f"cannot read: {exc.strerror or exc}")
    decoded = decode_article(name, data)
    if isinstance(decoded, Problem):
        return decoded
    published = meta.get("published")
    try:
        published_date = parse_published(published) if published else None
    except ValueError:
        published_date = None  # reported by read_sources
    return RawArticle(
        article_id=file_stem(name),
        source_path=name,
        sha256=sha256_hex(data),
        text=decoded,
        outlet=meta.get("outlet"),
        url=meta.get("url"),
        published=published_date,
    )


def duplicate_problems(hashes: list[tuple[str, str]]) -> list[Problem]:
    """Problems for files whose (name, sha256) repeats an earlier file's content, in name order."""
    seen: dict[str, str] = {}
    problems = []
    for name, digest in sorted(hashes):
        if digest in seen:
            problems.append(Problem(name, f"same content as {seen[digest]} (duplicate article)"))
        else:
            seen[digest] = name
    return problems


def ingest(
    raw_dir: Path, id_pattern: str | None = None, max_article_bytes: int = MAX_ARTICLE_BYTES
) -> list[RawArticle]:
    """Read every article of ``raw_dir``; raise IngestError listing every problem if any file is bad."""
    plan = plan_inputs(raw_dir, id_pattern, max_article_bytes)
    problems = list(plan.problems)
    articles: list[RawArticle] = []
    for path, meta in plan.items:
        result = read_article(path, meta)
        if isinstance(result, Problem):
            problems.append(result)
        else:
            articles.append(result)
    duplicates = duplicate_problems([(a.source_path, a.sha256) for a in articles])
    if problems or duplicates:
        raise IngestError(problems + duplicates)
    return articles
