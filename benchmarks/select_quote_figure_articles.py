"""Choose, deterministically, the SaudiNewsNet articles of the quotes-and-figures answer key; print their references.

Candidates: 900-2,600 characters of content (short enough to annotate every quote and figure by hand), not in
the 67-article sample (compared by title and content opening), not in the entity key
(benchmarks/keys/saudinewsnet_entities.json), title not seen before (wire copy repeats across outlets).
Score: reporting verbs (quotes) times digit runs (figures), so that both are present; an article needs at
least three of each. Economy and international news first: at most three articles from aleqtisadiya and two
from any other outlet; the best-scored first, ties broken by the SHA-256 of the url. Run once to build the
key; the key records what it printed.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from select_key_articles import eligible, per_outlet_best, sample_keys, url_hash

ROOT = Path(__file__).resolve().parents[1]
ENTITY_KEY = ROOT / "benchmarks" / "keys" / "saudinewsnet_entities.json"
MIN_CHARS, MAX_CHARS = 900, 2600
PER_OUTLET = {"aleqtisadiya": 3}
DEFAULT_PER_OUTLET = 2
# Reporting verbs and participles a statement is introduced by (a proxy for quotes).
VERBS = re.compile(
    r"(?:^|\s)[وف]?(?:قال|قالت|أكد|أكدت|أوضح|أوضحت|أضاف|أضافت|أشار|أشارت|رأى|اعتبر|حذر|نفى|قائلا|مضيفا|مشيرا)(?=\s)"
)
DIGITS = re.compile(r"\d+(?:[.,]\d+)?")


def excluded() -> tuple[set[str], set[str]]:
    """Titles and content openings of the sample, and the urls of the entity key."""
    urls = {a["url"] for a in json.loads(ENTITY_KEY.read_text(encoding="utf-8"))["articles"]}
    return sample_keys(), urls


def score(text: str) -> int:
    """Reporting verbs times digit runs, zero unless each is at least three."""
    verbs, digits = len(VERBS.findall(text)), len(DIGITS.findall(text))
    return verbs * digits if verbs >= 3 and digits >= 3 else 0


def candidates() -> list[tuple[int, str, str, int, dict[str, str]]]:
    """(minus score, url hash, zip name, index, article) of every eligible article that scores."""
    found = [
        (-points, url_hash(article), zip_name, index, article)
        for zip_name, index, article, _, content in eligible(*excluded(), MIN_CHARS, MAX_CHARS)
        if (points := score(content))
    ]
    return sorted(found, key=lambda c: c[:4])


def choose(count: int) -> list[tuple[str, int, dict[str, str]]]:
    """The best-scored articles, at most so many per outlet."""
    return per_outlet_best(candidates(), count, lambda outlet: PER_OUTLET.get(outlet, DEFAULT_PER_OUTLET))


def main() -> None:
    """Print the chosen articles as JSON references."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=15)
    args = parser.parse_args()
    refs = [
        {"zip": z, "index": i, "url": a["url"], "outlet": a["source"], "score": score(a["content"])}
        for z, i, a in choose(args.count)
    ]
    print(json.dumps(refs, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
