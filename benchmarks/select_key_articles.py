"""Choose, deterministically, the SaudiNewsNet articles of the entity answer key and print their references.

Candidates: 1,500-5,000 characters of content, not in the 67-article sample (compared by title and content),
title not seen before (wire copy repeats across outlets). Score: how many distinct foreign countries, capitals
and international bodies the article names (a proxy for international, economy and Middle East news with many
foreign people and organisations). At most two articles per outlet; the best-scored first, ties broken by the
SHA-256 of the url. Run once to build the key; the key records what it printed.

A second (dev) key is drawn from the same ranking with ``--exclude-key`` naming the keys it must not overlap
(their articles, by url, title or content opening, and their wire copies are skipped) and ``--exclude-raw``
naming raw folders (the seeds) whose texts are skipped the same way.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from akhbar.text.arabic import fold

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet"
SAMPLE = ROOT.parent / "shared" / "corpora" / "saudinewsnet-sample"
MIN_CHARS, MAX_CHARS = 1500, 5000
PER_OUTLET = 2
# Foreign places and bodies that international, economy and Middle East news names.
CUES = """روسيا موسكو الصين بكين الولايات المتحدة واشنطن أمريكا أوروبا الاتحاد الأوروبي ألمانيا برلين فرنسا باريس
بريطانيا لندن إيران طهران تركيا أنقرة سوريا دمشق اليمن صنعاء الحوثي العراق بغداد الأمم المتحدة مجلس الأمن
اليابان الهند باكستان أفغانستان إسرائيل لبنان مصر ليبيا أوكرانيا كوريا الناتو أوبك صندوق النقد البنك الدولي
اليونان إيطاليا إسبانيا كندا أستراليا البرازيل الأكراد داعش""".split()


def sample_keys() -> set[str]:
    """Titles and content openings of the sample's articles (title line, blank line, content)."""
    keys: set[str] = set()
    for path in SAMPLE.glob("*.txt"):
        title, _, content = path.read_text(encoding="utf-8").partition("\n")
        keys |= {title.strip(), content.strip()[:200]}
    return keys


def key_keys(paths: Iterable[Path]) -> tuple[set[str], set[str]]:
    """Titles and content openings, and urls, of the articles of the given answer keys (read in place)."""
    refs = [a for path in paths for a in json.loads(path.read_text(encoding="utf-8"))["articles"]]
    keys: set[str] = set()
    for zip_name in sorted({a["zip"] for a in refs}):
        with zipfile.ZipFile(CORPUS / zip_name) as archive:
            records = json.loads(archive.read(archive.namelist()[0]))
        for a in refs:
            if a["zip"] == zip_name:
                record = records[a["index"]]
                keys |= {(record.get("title") or "").strip(), (record.get("content") or "").strip()[:200]}
    return keys, {a["url"] for a in refs}


def raw_keys(folders: Iterable[Path]) -> set[str]:
    """Opening lines and text openings of the .txt articles of raw folders (the seeds)."""
    keys: set[str] = set()
    for folder in folders:
        for path in folder.glob("*.txt"):
            text = path.read_text(encoding="utf-8").strip()
            keys |= {text.partition("\n")[0].strip(), text[:200]}
    return keys


def opening(content: str, words: int = 6) -> str:
    """The first words of a text folded as the extractors fold it (hamza seats, ta marbuta, alef maqsura,
    diacritics, tatweel), anything but a letter a space: wire copies of one story in two outlets (often under
    different titles) share it."""
    letters = re.sub(r"[^\u0621-\u064a\s]", " ", fold(content))
    return " ".join(letters.split()[:words])


def score(text: str) -> int:
    """Distinct cue words present in the text."""
    return sum(1 for cue in CUES if cue in text)


def eligible(
    seen: set[str], skip_urls: set[str], min_chars: int, max_chars: int
) -> Iterator[tuple[str, int, dict[str, str], str, str]]:
    """(zip name, index, article, title, content) of every article with ``min_chars``-``max_chars`` of content,
    neither its title nor its content opening in ``seen``, its url not skipped, the first with its title (wire
    copies repeat across outlets); shared by the key selectors."""
    titles: set[str] = set()
    for zip_path in sorted(CORPUS.glob("*.zip")):
        with zipfile.ZipFile(zip_path) as archive:
            articles = json.loads(archive.read(archive.namelist()[0]))
        for index, article in enumerate(articles):
            content, title = (article.get("content") or "").strip(), (article.get("title") or "").strip()
            if not min_chars <= len(content) <= max_chars or title in titles or article["url"] in skip_urls:
                continue
            if title in seen or content[:200] in seen:
                continue
            titles.add(title)
            yield zip_path.name, index, article, title, content


def url_hash(article: dict[str, str]) -> str:
    """The SHA-256 of an article's url: the tie-breaker of equal scores."""
    return hashlib.sha256(article["url"].encode("utf-8")).hexdigest()


def candidates(
    seen: set[str] | None = None, skip_urls: set[str] | None = None
) -> list[tuple[int, str, str, int, dict[str, str]]]:
    """(minus score, url hash, zip name, index, article) of every eligible article, also skipping ``seen``
    titles and content openings and ``skip_urls``."""
    seen = sample_keys() | (seen or set())
    found = [
        (-score(title + " " + content), url_hash(article), zip_name, index, article)
        for zip_name, index, article, title, content in eligible(seen, skip_urls or set(), MIN_CHARS, MAX_CHARS)
    ]
    return sorted(found, key=lambda c: c[:4])


def per_outlet_best(
    ranked: Iterable[tuple[Any, Any, str, int, dict[str, str]]], count: int, cap: Callable[[str], int]
) -> list[tuple[str, int, dict[str, str]]]:
    """The first ``count`` of ranked candidates, at most ``cap(outlet)`` per outlet (shared by the key selectors)."""
    per_outlet: dict[str, int] = {}
    chosen = []
    for _, _, zip_name, index, article in ranked:
        outlet = article["source"]
        if per_outlet.get(outlet, 0) >= cap(outlet):
            continue
        per_outlet[outlet] = per_outlet.get(outlet, 0) + 1
        chosen.append((zip_name, index, article))
        if len(chosen) == count:
            break
    return chosen


def choose(
    count: int, exclude_keys: Iterable[Path] = (), exclude_raw: Iterable[Path] = ()
) -> list[tuple[str, int, dict[str, str]]]:
    """The best-scored articles, at most PER_OUTLET per outlet, none of the excluded keys or raw folders, and
    no wire copy (same opening) of a better-ranked one."""
    seen, urls = key_keys(exclude_keys)
    openings: set[str] = set()
    ranked = []
    for candidate in candidates(seen | raw_keys(exclude_raw), urls):
        if (start := opening(candidate[4]["content"])) not in openings:
            openings.add(start)
            ranked.append(candidate)
    return per_outlet_best(ranked, count, lambda _: PER_OUTLET)


def main() -> None:
    """Print the chosen articles as JSON references."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=15)
    parser.add_argument("--exclude-key", type=Path, action="append", default=[], help="a key whose articles to skip")
    parser.add_argument("--exclude-raw", type=Path, action="append", default=[], help="a raw folder to skip")
    args = parser.parse_args()
    refs = [
        {"zip": z, "index": i, "url": a["url"], "source": a["source"], "score": score(a["title"] + " " + a["content"])}
        for z, i, a in choose(args.count, args.exclude_key, args.exclude_raw)
    ]
    print(json.dumps(refs, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
