"""Read a folder of raw articles: decode, detect bad input, hash, dedupe, attach sources.csv metadata."""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from akhbar.errors import InputError
from akhbar.package.hashing import sha256_hex
from akhbar.text.arabic import arabic_ratio

SOURCES_FILE = "sources.csv"
SOURCES_COLUMNS = ("file", "outlet", "url", "published")
# Below this share of Arabic letters an article is not "mainly Arabic".
MIN_ARABIC_RATIO = 0.5
# Share of C0 control characters (other than tab/newline/CR) above which a file is treated as binary.
MAX_CONTROL_RATIO = 0.01
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


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
    controls = len(_CONTROL_RE.findall(text))
    if controls > MAX_CONTROL_RATIO * len(text):
        return Problem(name, f"binary file ({controls} control characters), expected UTF-8 text")
    if not text.strip():
        return Problem(name, "empty file")
    ratio = arabic_ratio(text)
    if ratio < MIN_ARABIC_RATIO:
        return Problem(name, f"not mainly Arabic ({ratio:.0%} of letters are Arabic)")
    return text


def _parse_date(value: str) -> dt.date:
    """Parse an ISO date (YYYY-MM-DD)."""
    return dt.date.fromisoformat(value)


def read_sources(path: Path) -> tuple[dict[str, dict[str, str | None]], list[Problem]]:
    """Read sources.csv into {file: metadata}; problems name the file and line."""
    rows: dict[str, dict[str, str | None]] = {}
    problems: list[Problem] = []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return rows, [Problem(SOURCES_FILE, "not valid UTF-8")]
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in ("file",) if c not in (reader.fieldnames or [])]
    if missing:
        return rows, [
            Problem(SOURCES_FILE, f"missing column(s): {', '.join(missing)}; expected {', '.join(SOURCES_COLUMNS)}")
        ]
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
                _parse_date(meta["published"])
            except ValueError:
                problems.append(
                    Problem(f"{SOURCES_FILE}:{line_no}", f"published {meta['published']!r} is not a date (YYYY-MM-DD)")
                )
        rows[name] = meta
    return rows, problems


def list_raw_files(raw_dir: Path) -> list[Path]:
    """The article files of a raw folder (*.txt, sorted by name)."""
    return sorted(p for p in raw_dir.glob("*.txt") if p.is_file())


@dataclass(frozen=True)
class InputPlan:
    """What to read: each article file (or feed record) with its metadata, the problems, the records skipped."""

    items: list[tuple[str, dict[str, str | None]]]
    problems: list[Problem]
    skipped: list[Problem] = field(default_factory=list)  # bad feed records left out on --skip-bad


def plan_inputs(raw_dir: Path) -> InputPlan:
    """List a raw folder's articles with their metadata; check sources.csv against the files present."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        return InputPlan([], [Problem(str(raw_dir), "raw folder does not exist")])
    files = list_raw_files(raw_dir)
    problems: list[Problem] = []
    sources: dict[str, dict[str, str | None]] | None = None
    if (raw_dir / SOURCES_FILE).exists():
        sources, problems = read_sources(raw_dir / SOURCES_FILE)
    if not files:
        problems.append(Problem(str(raw_dir), "no .txt articles found"))
    names = {p.name for p in files}
    if sources is not None:
        for name in sorted(set(sources) - names):
            problems.append(Problem(name, f"listed in {SOURCES_FILE} but missing from {raw_dir}"))
        for name in sorted(names - set(sources)):
            problems.append(Problem(name, f"not listed in {SOURCES_FILE}"))
    return InputPlan([(str(p), (sources or {}).get(p.name, {})) for p in files], problems)


def read_article(path: str, meta: dict[str, str | None]) -> RawArticle | Problem:
    """Read and decode one article file (or feed record); a Problem says why it cannot be used."""
    if meta.get("feed"):  # a record of a feed file: akhbar.corpus.feeds reads it
        from akhbar.corpus.feeds import read_record

        return read_record(path, meta)
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        return Problem(p.name, f"cannot read: {exc.strerror or exc}")
    decoded = decode_article(p.name, data)
    if isinstance(decoded, Problem):
        return decoded
    published = meta.get("published")
    try:
        published_date = _parse_date(published) if published else None
    except ValueError:
        published_date = None  # reported by read_sources
    return RawArticle(
        article_id=p.stem,
        source_path=p.name,
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


def ingest(raw_dir: Path) -> list[RawArticle]:
    """Read every article of ``raw_dir``; raise IngestError listing every problem if any file is bad."""
    plan = plan_inputs(raw_dir)
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
