"""Score today's entity extraction against the hand-made SaudiNewsNet answer key (benchmarks/keys/).

Reads the 15 keyed articles from the shared corpus in place (skips with a message where it is absent),
writes them as a raw folder (title line, blank line, content) in a temporary directory, runs the project's
pipeline in-process and compares the `mentions`/`entities` tables with the key.

Unit: distinct (article, entity) pairs. A predicted entity of an article matches a gold entity of the same
article when one of its surfaces equals one of the gold entity's surfaces, both compared by `match_key`
(akhbar.text.arabic.fold, then a leading ال removed, since للأمم keeps no alef: the extractor's surface is
أمم). Untyped scores ignore types; per-type and typed-overall scores also require the types to agree.
Title and body count alike; matching is on surfaces, never offsets.

    python benchmarks/entity_key.py             # the table
    python benchmarks/entity_key.py --verbose   # and the misses and false positives per type
    python benchmarks/entity_key.py --key benchmarks/keys/saudinewsnet_entities_dev.json   # the dev key
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from akhbar.corpus.ingest import plan_inputs  # noqa: E402
from akhbar.pipeline.runner import Project, run_pipeline  # noqa: E402
from akhbar.text.arabic import fold  # noqa: E402

KEY = ROOT / "benchmarks" / "keys" / "saudinewsnet_entities.json"
CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet"
TYPES = ("person", "organization", "country", "location", "group")


@dataclass(frozen=True)
class Entity:
    """One entity of one article: its name, type and match keys of its surfaces."""

    article: str
    name: str
    type: str
    keys: frozenset[str]


def match_key(surface: str) -> str:
    """The form two surfaces are compared in: folded, without a leading definite article."""
    folded = fold(surface.strip())
    return folded[2:] if folded.startswith("ال") and len(folded) > 3 else folded


def load_key(path: Path) -> list[dict]:
    """The key's article records."""
    return json.loads(path.read_text(encoding="utf-8"))["articles"]


def gold_entities(articles: list[dict]) -> list[Entity]:
    """Every gold (article, entity) pair of the key."""
    return [
        Entity(a["key"], e["name"], e["type"], frozenset(match_key(s) for ss in e["surfaces"].values() for s in ss))
        for a in articles
        for e in a["entities"]
    ]


def write_raw(articles: list[dict], corpus: Path, raw: Path) -> None:
    """Write the keyed articles as <key>.txt (title, blank line, content) plus sources.csv."""
    by_zip: dict[str, list[dict]] = defaultdict(list)
    for a in articles:
        by_zip[a["zip"]].append(a)
    rows = []
    for zip_name, refs in sorted(by_zip.items()):
        with zipfile.ZipFile(corpus / zip_name) as archive:
            records = json.loads(archive.read(archive.namelist()[0]))
        for ref in refs:
            record = records[ref["index"]]
            if record["url"] != ref["url"]:
                raise SystemExit(f"{zip_name}[{ref['index']}] is not {ref['url']}: is this the same SaudiNewsNet?")
            (raw / f"{ref['key']}.txt").write_text(f"{record['title']}\n\n{record['content']}\n", encoding="utf-8")
            rows.append([f"{ref['key']}.txt", record["source"], record["url"], ""])
    with (raw / "sources.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["file", "outlet", "url", "published"], *sorted(rows)])


def predicted_entities(raw: Path) -> list[Entity]:
    """The (article, entity) pairs the pipeline finds, with the surfaces of their mentions."""
    tables = run_pipeline(Project.load(ROOT), plan_inputs(raw))
    types = dict(zip(*(tables["entities"].column(c).to_pylist() for c in ("entity_id", "type"))))
    names = dict(zip(*(tables["entities"].column(c).to_pylist() for c in ("entity_id", "name_ar"))))
    surfaces: dict[tuple[str, str], set[str]] = defaultdict(set)
    mentions = tables["mentions"]
    for article, entity, surface in zip(
        *(mentions.column(c).to_pylist() for c in ("article_id", "entity_id", "surface"))
    ):
        surfaces[(article, entity)].add(surface)
    return [
        Entity(article, names[entity] or sorted(found)[0], types[entity], frozenset(map(match_key, found)))
        for (article, entity), found in sorted(surfaces.items())
    ]


# --contain: surfaces also match when one is a whole-word part of the other (منطقة الخليج / الخليج).
CONTAIN = False


def shared_surface(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two sets of match keys share a surface (or, with CONTAIN, one holds the other's words)."""
    if a & b:
        return True
    return CONTAIN and any(f" {x} " in f" {y} " or f" {y} " in f" {x} " for x in a for y in b)


def matches(a: Entity, b: Entity, typed: bool) -> bool:
    """Same article, a shared surface, and (typed) the same type."""
    return a.article == b.article and shared_surface(a.keys, b.keys) and (not typed or a.type == b.type)


def score(gold: list[Entity], pred: list[Entity], typed: bool) -> tuple[int, int, int, int]:
    """(predicted that match, predicted, gold that are matched, gold)."""
    hit_pred = sum(any(matches(p, g, typed) for g in gold) for p in pred)
    hit_gold = sum(any(matches(g, p, typed) for p in pred) for g in gold)
    return hit_pred, len(pred), hit_gold, len(gold)


def ratio(num: int, den: int) -> str:
    """A share as 0.00, or a dash when undefined."""
    return f"{num / den:.2f}" if den else "-"


def report(gold: list[Entity], pred: list[Entity], verbose: bool, counts: bool = False) -> None:
    """Print precision and recall per type and overall; with ``counts``, the hits behind each share; with
    ``verbose``, the misses and false positives."""
    extra = f"{'pred hit':>10}{'gold hit':>10}" if counts else ""
    print(f"{'type':<14}{'precision':>10}{'recall':>8}{'pred':>6}{'gold':>6}{extra}")
    rows = [(t, [p for p in pred if p.type == t], [g for g in gold if g.type == t], True) for t in TYPES]
    rows += [("all (typed)", pred, gold, True), ("all (untyped)", pred, gold, False)]
    for label, p, g, typed in rows:
        hp, np_, hg, ng = score(g, p, typed)
        # two-place shares hide whether 0.897 reached a 0.90 target: the counts settle it
        extra = f"{hp:>10}{hg:>10}" if counts else ""
        print(f"{label:<14}{ratio(hp, np_):>10}{ratio(hg, ng):>8}{np_:>6}{ng:>6}{extra}")
    if not verbose:
        return
    for t in TYPES:
        g_t = [g for g in gold if g.type == t]
        p_t = [p for p in pred if p.type == t]
        missed = [g for g in g_t if not any(matches(g, p, True) for p in p_t)]
        wrong = [p for p in p_t if not any(matches(p, g, True) for g in g_t)]
        print(f"\n{t}: {len(missed)} missed, {len(wrong)} false positives")
        for g in missed:
            other = [p.type for p in pred if matches(g, p, False)]
            print(f"  miss  {g.article}  {g.name}" + (f"  (found as {', '.join(other)})" if other else ""))
        for p in wrong:
            other = [g.type for g in gold if matches(p, g, False)]
            print(f"  fp    {p.article}  {p.name}" + (f"  (gold type {', '.join(other)})" if other else ""))


def main() -> None:
    """Run the extraction on the keyed articles and print the scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder of SaudiNewsNet's daily zips")
    parser.add_argument("--key", type=Path, default=KEY, help="the answer key (default: the test key)")
    parser.add_argument("--contain", action="store_true", help="let a surface match a whole-word part of another")
    parser.add_argument("--counts", action="store_true", help="also print the predicted and gold pairs matched")
    parser.add_argument("--verbose", action="store_true", help="list misses and false positives per type")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"skipped: SaudiNewsNet not found at {args.corpus} (pass --corpus DIR)")
        return
    global CONTAIN
    CONTAIN = args.contain
    articles = load_key(args.key)
    with tempfile.TemporaryDirectory() as tmp:
        write_raw(articles, args.corpus, Path(tmp))
        pred = predicted_entities(Path(tmp))
    gold = gold_entities(articles)
    print(f"{len(articles)} articles, {len(gold)} gold and {len(pred)} predicted (article, entity) pairs")
    report(gold, pred, args.verbose, args.counts)


if __name__ == "__main__":
    main()
