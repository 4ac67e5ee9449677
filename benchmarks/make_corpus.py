"""Generate N realistic raw articles from seed articles, for benchmarks.

Each generated article recombines paragraphs drawn from all seed articles, swaps the names it contains
(people with people, countries with countries, places with places, organisations with organisations, taken
from the project's gazetteer, CLDR country names and a list of other plausible Arabic names), rescales its
numbers and writes some articles with Arabic-Indic (٠-٩) or Persian (۰-۹) digits and the Arabic decimal
separator (٫). Some articles get website chrome lines or a headline, as real scraped pages do. So the
extraction tables (mentions, figures, quotes) grow with the corpus, not just the text.

Deterministic: the same seed, seeds folder and gazetteer give byte-identical files. Writes
``<target>/raw/*.txt`` and ``<target>/raw/sources.csv`` (the layout ``akhbar build --raw`` reads).

    python benchmarks/make_corpus.py 100000 /tmp/corpus --seed 1
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import random
import re
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from akhbar.corpus.clean import is_chrome, looks_like_title
from akhbar.text.arabic import ARABIC_INDIC_DIGITS, PERSIAN_DIGITS, WORD_CHAR_CLASS, normalize_storage, trie_pattern

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ENTITY_TYPES = ("person", "organization", "country", "location", "group")

# Plausible names absent from the seeds, so that generated articles mention more than the seeds' cast.
# (full form, short form used where the text names someone by one word)
EXTRA_PEOPLE = [
    ("عبد الفتاح السيسي", "السيسي"),
    ("أحمد أبو الغيط", "أبو الغيط"),
    ("محمد بن سلمان", "بن سلمان"),
    ("تميم بن حمد آل ثاني", "تميم"),
    ("عبد الله الثاني", "عبد الله"),
    ("قيس سعيد", "سعيد"),
    ("عبد المجيد تبون", "تبون"),
    ("نجيب ميقاتي", "ميقاتي"),
    ("محمد شياع السوداني", "السوداني"),
    ("خالد العتيبي", "العتيبي"),
    ("سامي الحربي", "الحربي"),
    ("ليلى المنصوري", "المنصوري"),
    ("يوسف الشمري", "الشمري"),
    ("هدى القاسمي", "القاسمي"),
    ("مروان البرغوثي", "البرغوثي"),
    ("نادية الفاسي", "الفاسي"),
    ("عمر الزبيدي", "الزبيدي"),
    ("رشيد بنعلي", "بنعلي"),
    ("فاطمة الزهراء العلوي", "العلوي"),
    ("كريم التونسي", "التونسي"),
    ("سلمان الدوسري", "الدوسري"),
    ("إيمانويل ماكرون", "ماكرون"),
    ("أولاف شولتس", "شولتس"),
    ("جو بايدن", "بايدن"),
    ("سيرغي لافروف", "لافروف"),
    ("وانغ يي", "وانغ"),
    ("ناريندرا مودي", "مودي"),
    ("لي تشيانغ", "لي"),
]
EXTRA_ORGANIZATIONS = [
    "جامعة الدول العربية",
    "منظمة التعاون الإسلامي",
    "البنك الدولي",
    "صندوق النقد الدولي",
    "منظمة أوبك",
    "البنك الآسيوي للاستثمار في البنية التحتية",
    "منظمة التجارة العالمية",
    "الاتحاد الأفريقي",
    "وكالة الطاقة الدولية",
    "البنك الأوروبي لإعادة الإعمار والتنمية",
    "منظمة الصحة العالمية",
    "وكالة الأنباء السعودية",
    "وكالة رويترز",
    "شركة أرامكو السعودية",
    "شركة غازبروم",
    "مجموعة العشرين",
]
EXTRA_LOCATIONS = [
    "القاهرة",
    "الرياض",
    "الدوحة",
    "بغداد",
    "عمّان",
    "بيروت",
    "دبي",
    "الجزائر العاصمة",
    "تونس العاصمة",
    "الرباط",
    "إسطنبول",
    "طهران",
    "سمرقند",
    "بخارى",
    "طشقند",
    "بيشكيك",
    "عشق آباد",
    "شنغهاي",
    "جدة",
    "البحر الأحمر",
    "الشرق الأوسط",
    "شمال أفريقيا",
    "جنوب شرق آسيا",
    "البحر الأسود",
]
EXTRA_GROUPS = ["الكازاخ", "الأوزبك", "القرغيز", "التركمان", "الأكراد", "الأمازيغ", "البشتون"]

OUTLETS = [
    "",
    "",
    "وكالة الأنباء العربية",
    "صحيفة الشرق",
    "موقع آسيا اليوم",
    "China Africa Project (CAP)",
    "نشرة أوراسيا",
    "صحيفة الخليج الاقتصادي",
    "الجزيرة نت",
    "سكاي نيوز عربية",
]
# One-letter proclitics (and their pairs) that may stand before a name: "وبكين", "لروسيا", "فالصين".
NAME_PREFIX = "(?:[وف]?[بلك]|[وف])?"
_NUMBER_RE = re.compile(r"(?<![\w.٫,])(\d+(?:[.,٫]\d+)?)(?![\w])")
_YEAR_RANGE = range(1900, 2101)
_LIST_MARKER_RE = re.compile(r"^\d+\s*[-–.)]")
_MONTH_AFTER_RE = re.compile(
    r"\s*(?:يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر)"
)
_DIGITS = {"western": "0123456789", "arabic-indic": ARABIC_INDIC_DIGITS, "persian": PERSIAN_DIGITS}
# Share of articles written with each digit form.
DIGIT_FORMS = (("western", 0.7), ("arabic-indic", 0.2), ("persian", 0.1))


@dataclass(frozen=True)
class Entity:
    """A nameable thing of one type: its full name and the short form used for second mentions."""

    type: str
    full: str
    short: str


@dataclass(frozen=True)
class Name:
    """A name found in a seed paragraph: which entity (index into the bank) and whether written short."""

    entity: int
    short: bool
    surface: str


@dataclass(frozen=True)
class Number:
    """A number found in a seed paragraph, with its decimals so that the rescaled one keeps the same look."""

    value: float
    decimals: int


Segment = str | Name | Number


@dataclass
class Pools:
    """Seed material, split into compiled paragraphs by role."""

    titles: list[tuple[Segment, ...]]
    headings: list[tuple[Segment, ...]]
    paragraphs: list[tuple[Segment, ...]]
    chrome: list[str]


class NameBank:
    """Every entity the generator knows, with a regex that finds their surfaces in seed text."""

    def __init__(self, entities: list[Entity], surfaces: dict[str, tuple[int, bool]]):
        self.entities = entities
        self.by_type = {t: [i for i, e in enumerate(entities) if e.type == t] for t in ENTITY_TYPES}
        self.surfaces = surfaces
        self.regex = re.compile(f"(?<!{WORD_CHAR_CLASS})({NAME_PREFIX})({trie_pattern(surfaces)})(?!{WORD_CHAR_CLASS})")


def _short_form(full: str, aliases: Sequence[str]) -> str:
    """The one-word form of a person's name: a one-word alias if there is one, else the last word."""
    one_word = [a for a in aliases if " " not in a]
    return one_word[0] if one_word else full.split()[-1]


def cldr_country_names() -> list[str]:
    """Arabic names of the world's countries from CLDR (via babel)."""
    from babel import Locale

    names = Locale.parse("ar").territories
    return sorted(
        {
            name
            for code, name in names.items()
            if len(code) == 2 and code.isalpha() and code not in {"EU", "UN", "EZ", "ZZ", "QO"}
        }
    )


def load_name_bank(gazetteer_csv: Path | None) -> NameBank:
    """Entities from the project gazetteer (if present), CLDR countries and the extra lists above."""
    entities: list[Entity] = []
    surfaces: dict[str, tuple[int, bool]] = {}

    def add(type_: str, full: str, short: str, aliases: Sequence[str] = ()) -> None:
        index = len(entities)
        entities.append(Entity(type_, full, short))
        for surface in (full, *aliases):
            surface = normalize_storage(surface).strip()
            # Latin acronyms and very short forms are too ambiguous to swap safely
            if len(surface) < 3 or not re.search("[\u0600-\u06ff]", surface) or surface in surfaces:
                continue
            surfaces[surface] = (index, surface == short and full != short)

    if gazetteer_csv and gazetteer_csv.is_file():
        with gazetteer_csv.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                type_ = (row.get("type") or "").strip()
                aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
                full = (row.get("name_ar") or "").strip() or (aliases[0] if aliases else "")
                if type_ not in ENTITY_TYPES or not full:
                    continue
                short = _short_form(full, aliases) if type_ == "person" else full
                add(type_, full, short, aliases)
    for full, short in EXTRA_PEOPLE:
        add("person", full, short, (short,))
    for name in EXTRA_ORGANIZATIONS:
        add("organization", name, name)
    for name in EXTRA_LOCATIONS:
        add("location", name, name)
    for name in EXTRA_GROUPS:
        add("group", name, name)
    for name in cldr_country_names():
        add("country", name, name)
    return NameBank(entities, surfaces)


def _number(text: str) -> Number:
    """Parse a seed number (Western digits, "." or "," or "٫" as decimal point)."""
    text = text.replace(",", ".").replace("٫", ".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return Number(float(text), decimals)


def compile_paragraph(text: str, bank: NameBank) -> tuple[Segment, ...]:
    """Split a paragraph into literal text, swappable names and rescalable numbers."""
    segments: list[Segment] = []
    for piece in _split_names(text, bank):
        if isinstance(piece, Name):
            segments.append(piece)
            continue
        pos = 0
        for m in _NUMBER_RE.finditer(piece):
            raw = m.group(1)
            keep = (
                ("." not in raw and "," not in raw and "٫" not in raw and len(raw) == 4 and int(raw) in _YEAR_RANGE)
                or (m.start() == 0 and not segments and _LIST_MARKER_RE.match(piece))  # "1- " list items
                or (len(raw) <= 2 and _MONTH_AFTER_RE.match(piece, m.end()))  # "7 يناير"
            )
            if keep:
                continue
            segments.append(piece[pos : m.start()])
            segments.append(_number(raw))
            pos = m.end()
        segments.append(piece[pos:])
    return tuple(s for s in segments if s != "")


def _split_names(text: str, bank: NameBank) -> Iterator[str | Name]:
    """Literal text and Name segments of a paragraph (the proclitic stays literal)."""
    pos = 0
    for m in bank.regex.finditer(text):
        index, short = bank.surfaces[m.group(2)]
        yield text[pos : m.start(2)]
        yield Name(index, short, m.group(2))
        pos = m.end()
    yield text[pos:]


def load_pools(seed_dirs: Sequence[Path], bank: NameBank) -> Pools:
    """Read the seed articles and sort their lines into titles, headings, paragraphs and chrome."""
    pools = Pools([], [], [], [])
    files = sorted(p for d in seed_dirs for p in Path(d).glob("*.txt"))
    if not files:
        raise SystemExit(f"no seed articles (*.txt) in {', '.join(map(str, seed_dirs))}")
    for path in files:
        lines = [ln.strip() for ln in normalize_storage(path.read_text(encoding="utf-8-sig")).split("\n")]
        first_text = True
        for line in lines:
            if not line:
                continue
            if is_chrome(line):
                pools.chrome.append(line)
                continue
            compiled = compile_paragraph(line, bank)
            if first_text and looks_like_title(line):
                pools.titles.append(compiled)
            elif looks_like_title(line):
                pools.headings.append(compiled)
            else:
                pools.paragraphs.append(compiled)
            first_text = False
    if not pools.paragraphs:
        raise SystemExit("the seed articles have no paragraphs")
    pools.titles.extend(pools.headings)  # a section heading makes a fine headline
    return pools


class ArticleMaker:
    """Renders articles from the pools; one instance is one deterministic random stream."""

    def __init__(self, pools: Pools, bank: NameBank, seed: int):
        self.pools = pools
        self.bank = bank
        self.rng = random.Random(seed)
        self._digit_tables = {
            k: str.maketrans("0123456789.", v + ("." if k == "western" else "٫")) for k, v in _DIGITS.items()
        }
        forms, weights = zip(*DIGIT_FORMS)
        self._forms = forms
        self._cum = list(_cumulative(weights))

    def article(self) -> str:
        """One article: optional chrome, optional headline, 3-14 paragraphs with sometimes a heading."""
        rng, pools = self.rng, self.pools
        swaps: dict[int, int] = {}
        factor = rng.choice((0.5, 0.75, 1.0, 1.0, 1.25, 1.5, 2.0, 3.0, 10.0)) * (0.9 + 0.2 * rng.random())
        digits = self._digit_tables[rng.choices(self._forms, cum_weights=self._cum)[0]]
        parts: list[str] = []
        if pools.chrome and rng.random() < 0.15:
            parts.extend(rng.sample(pools.chrome, min(len(pools.chrome), rng.randint(1, 3))))
        if pools.titles and rng.random() < 0.6:
            parts.append(self._render(rng.choice(pools.titles), swaps, factor, digits))
        n = rng.randint(3, 14)
        for i, para in enumerate(rng.sample(pools.paragraphs, min(n, len(pools.paragraphs)))):
            if i and pools.headings and rng.random() < 0.08:
                parts.append(self._render(rng.choice(pools.headings), swaps, factor, digits))
            parts.append(self._render(para, swaps, factor, digits))
        if pools.chrome and rng.random() < 0.1:
            parts.append(rng.choice(pools.chrome))
        return ("\n\n" if rng.random() < 0.3 else "\n").join(parts) + "\n"

    def _render(
        self, segments: tuple[Segment, ...], swaps: dict[int, int], factor: float, digits: dict[int, str]
    ) -> str:
        """Text of one compiled paragraph under this article's name swaps, number scale and digit form."""
        out = []
        for seg in segments:
            if isinstance(seg, str):
                out.append(seg)
            elif isinstance(seg, Name):
                index = self._swap(seg.entity, swaps)
                if index == seg.entity:  # kept: keep the seed's own spelling too
                    out.append(seg.surface)
                else:
                    entity = self.bank.entities[index]
                    out.append(entity.short if seg.short else entity.full)
            else:
                value = seg.value * factor
                text = f"{value:.{seg.decimals}f}" if seg.decimals else str(max(1, round(value)))
                out.append(text.translate(digits))
        return "".join(out)

    def _swap(self, entity: int, swaps: dict[int, int]) -> int:
        """The entity that replaces ``entity`` throughout this article (itself 40% of the time)."""
        if entity not in swaps:
            same_type = self.bank.by_type[self.bank.entities[entity].type]
            swaps[entity] = entity if self.rng.random() < 0.4 else self.rng.choice(same_type)
        return swaps[entity]

    def sources_row(self, name: str) -> list[str]:
        """A sources.csv row: outlet, url and date for most articles, some left empty."""
        rng = self.rng
        outlet = rng.choice(OUTLETS)
        url = f"https://news.example.org/ar/{name.split('_')[1].removesuffix('.txt')}" if rng.random() < 0.7 else ""
        published = (
            (dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(1200))).isoformat() if rng.random() < 0.8 else ""
        )
        return [name, outlet, url, published]


def _cumulative(weights: Sequence[float]) -> Iterator[float]:
    """Running sums of ``weights``."""
    total = 0.0
    for w in weights:
        total += w
        yield total


def make_corpus(
    n: int,
    target: Path,
    seed: int = 0,
    seed_dirs: Sequence[Path] = (PROJECT_ROOT / "raw",),
    gazetteer: Path | None = PROJECT_ROOT / "reference" / "gazetteer.csv",
) -> tuple[Path, int]:
    """Write ``n`` articles and sources.csv to ``target/raw``; return the folder and the bytes of text written."""
    raw = Path(target) / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for old in raw.glob("*.txt"):  # a re-run with a smaller n must not leave extra files behind
        old.unlink()
    bank = load_name_bank(gazetteer)
    maker = ArticleMaker(load_pools(seed_dirs, bank), bank, seed)
    width = max(6, len(str(n - 1)))
    seen: set[bytes] = set()
    sources = io.StringIO()
    writer = csv.writer(sources, lineterminator="\n")
    writer.writerow(["file", "outlet", "url", "published"])
    total = 0
    for i in range(n):
        while True:  # ingest refuses duplicate articles: draw again on the (rare) repeat
            data = maker.article().encode("utf-8")
            digest = hashlib.sha256(data).digest()
            if digest not in seen:
                seen.add(digest)
                break
        name = f"{i:0{width}d}_{digest.hex()[:16]}.txt"
        (raw / name).write_bytes(data)
        writer.writerow(maker.sources_row(name))
        total += len(data)
    (raw / "sources.csv").write_text(sources.getvalue(), encoding="utf-8")
    return raw, total


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: make_corpus.py N TARGET [--seed S] [--seeds DIR ...] [--gazetteer CSV]."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("target", type=Path, help="folder to write raw/*.txt and raw/sources.csv into")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--seeds", type=Path, nargs="+", default=[PROJECT_ROOT / "raw"], help="folders of seed articles"
    )
    parser.add_argument("--gazetteer", type=Path, default=PROJECT_ROOT / "reference" / "gazetteer.csv")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    raw, total = make_corpus(args.n, args.target, args.seed, args.seeds, args.gazetteer)
    seconds = time.perf_counter() - started
    print(f"{args.n} articles, {total / 1e6:.1f} MB in {raw} ({seconds:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
