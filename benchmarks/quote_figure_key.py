"""Score the figures and quotes extractors against the hand-made SaudiNewsNet key (benchmarks/keys/).

Reads the 15 keyed articles from the shared corpus in place (skips with a message where it is absent), writes
them as a raw folder (title line, blank line, content), runs the project's pipeline in-process and compares the
`figures` and `quotes` tables (body rows) with the key.

- Figures: a predicted figure matches a gold figure of the same article with the same value (relative
  tolerance 1e-6) and an accepted unit (ISO code or `percent` exactly; a counted noun after
  akhbar.text.arabic.fold with a leading ال removed, against the key's list of accepted forms, or the code
  reference/units.csv gives one of those forms: عام -> year, طن -> t). One-to-one.
- Quotes: a predicted quote matches a gold quote of the same article when their spans overlap by at least
  half of the shorter one. One-to-one, largest overlap first. The key's offsets are into SaudiNewsNet's
  `content`; a predicted span is carried there from the cleaned body by finding its text with whitespace
  squeezed out (the clean step only collapses whitespace and drops chrome), the occurrence nearest its offset.
- Speaker accuracy: among matched quotes, the share whose predicted speaker (speaker_surface, or the
  speaker entity's Arabic name) names the gold speaker: after folding, one of the key's accepted surfaces is
  part of the predicted surface, or the predicted surface (3 letters or more) is part of one of them.

    python benchmarks/quote_figure_key.py             # the table
    python benchmarks/quote_figure_key.py --verbose   # and every miss, false positive and wrong speaker
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from entity_key import CORPUS, write_raw  # noqa: E402

from akhbar.corpus.ingest import plan_inputs  # noqa: E402
from akhbar.pipeline.runner import Project, run_pipeline  # noqa: E402
from akhbar.text.arabic import fold  # noqa: E402

KEY = ROOT / "benchmarks" / "keys" / "saudinewsnet_quotes_figures.json"
UNITS = ROOT / "reference" / "units.csv"


@dataclass(frozen=True)
class Figure:
    """One figure of one article: value, accepted units and (for the report) where it is."""

    article: str
    value: float
    units: frozenset[str]
    surface: str


@dataclass(frozen=True)
class Quote:
    """One quote of one article: its span in the content, text and accepted speaker surfaces."""

    article: str
    start: int
    end: int
    text: str
    speakers: tuple[str, ...]


def unit_key(unit: str | None) -> str:
    """The form units are compared in: codes as they are, nouns folded without a leading ال."""
    if not unit:
        return ""
    folded = fold(unit.strip())
    return folded[2:] if folded.startswith("ال") and len(folded) > 3 else folded


def unit_codes() -> dict[str, str]:
    """Measure and time nouns (folded) to the unit code the figures table uses (reference/units.csv)."""
    with UNITS.open(encoding="utf-8") as handle:
        return {unit_key(row["form"]): row["unit"] for row in csv.DictReader(handle)}


def accepted_units(units: list[str], codes: dict[str, str]) -> frozenset[str]:
    """The key's accepted unit forms, with the code of each that names a measure or time unit."""
    keys = {unit_key(u) for u in units}
    return frozenset(keys | {codes[k] for k in keys if k in codes})


def load_key(path: Path) -> list[dict]:
    """The key's article records."""
    return json.loads(path.read_text(encoding="utf-8"))["articles"]


def contents(articles: list[dict], corpus: Path) -> dict[str, str]:
    """The `content` field of each keyed article, read from its daily zip."""
    with tempfile.TemporaryDirectory() as tmp:
        write_raw(articles, corpus, Path(tmp))
        return {
            a["key"]: (Path(tmp) / f"{a['key']}.txt").read_text(encoding="utf-8").split("\n\n", 1)[1][:-1]
            for a in articles
        }


def gold_figures(articles: list[dict], text: dict[str, str]) -> list[Figure]:
    """Every gold figure of the key."""
    codes = unit_codes()
    return [
        Figure(a["key"], f["value"], accepted_units(f["unit"], codes), text[a["key"]][f["start"] : f["end"]])
        for a in articles
        for f in a["figures"]
    ]


def gold_quotes(articles: list[dict], text: dict[str, str]) -> list[Quote]:
    """Every gold quote of the key."""
    return [
        Quote(a["key"], q["start"], q["end"], text[a["key"]][q["start"] : q["end"]], tuple(q["speaker"]))
        for a in articles
        for q in a["quotes"]
    ]


def squeeze(text: str) -> tuple[str, list[int]]:
    """The text without whitespace, and each kept character's index in ``text``."""
    kept = [i for i, c in enumerate(text) if not c.isspace()]
    return "".join(text[i] for i in kept), kept


def to_content(content: str, text: str, near: int) -> tuple[int, int] | None:
    """The span of ``text`` in ``content`` ignoring whitespace, the occurrence nearest ``near``."""
    squeezed, kept = squeeze(content)
    needle, _ = squeeze(text)
    if not needle:
        return None
    found, at = [], squeezed.find(needle)
    while at >= 0:
        found.append(at)
        at = squeezed.find(needle, at + 1)
    if not found:
        return None
    best = min(found, key=lambda i: abs(kept[i] - near))
    return kept[best], kept[best + len(needle) - 1] + 1


def predicted(raw: Path, text: dict[str, str]) -> tuple[list[Figure], list[Quote], int]:
    """The body figures and quotes the pipeline finds (quotes carried to content offsets), and the unplaced."""
    tables = run_pipeline(Project.load(ROOT), plan_inputs(raw))
    names = dict(zip(*(tables["entities"].column(c).to_pylist() for c in ("entity_id", "name_ar"))))
    f = tables["figures"].to_pylist()
    figures = [
        Figure(r["article_id"], r["value"], frozenset({unit_key(r["unit"])}), r["surface"])
        for r in f
        if r.get("field", "body") == "body" and r["value"] is not None
    ]
    quotes, unplaced = [], 0
    for r in tables["quotes"].to_pylist():
        span = to_content(text[r["article_id"]], r["text"], r["start"])
        if span is None:
            unplaced += 1
            continue
        speakers = tuple(s for s in (r["speaker_surface"], names.get(r["speaker_entity_id"])) if s)
        quotes.append(Quote(r["article_id"], span[0], span[1], r["text"], speakers))
    return figures, quotes, unplaced


def figure_matches(gold: list[Figure], pred: list[Figure]) -> list[tuple[Figure, Figure]]:
    """One-to-one pairs of gold and predicted figures with the same article, value and an accepted unit."""
    free = defaultdict(list)
    for p in pred:
        free[p.article].append(p)
    pairs = []
    for g in gold:
        for p in free[g.article]:
            if math.isclose(p.value, g.value, rel_tol=1e-6) and p.units & g.units:
                free[g.article].remove(p)
                pairs.append((g, p))
                break
    return pairs


def overlap(a: Quote, b: Quote) -> float:
    """Characters shared by two spans, as a share of the shorter one."""
    shared = min(a.end, b.end) - max(a.start, b.start)
    return max(shared, 0) / max(min(a.end - a.start, b.end - b.start), 1)


def quote_matches(gold: list[Quote], pred: list[Quote]) -> list[tuple[Quote, Quote]]:
    """One-to-one pairs of the same article overlapping by half the shorter span, largest overlap first."""
    candidates = sorted(
        ((overlap(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred) if g.article == p.article),
        reverse=True,
    )
    used_g, used_p, pairs = set(), set(), []
    for share, i, j in candidates:
        if share >= 0.5 and i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((gold[i], pred[j]))
    return pairs


def speaker_right(gold: Quote, pred: Quote) -> bool:
    """Whether a predicted speaker surface names the gold speaker (containment after folding)."""
    accepted = [fold(s) for s in gold.speakers]
    for surface in map(fold, pred.speakers):
        if any(a in surface or (len(surface) >= 3 and surface in a) for a in accepted):
            return True
    return False


def prf(hit: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1."""
    p = hit / n_pred if n_pred else 0.0
    r = hit / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _print_unmatched(
    label: str,
    pairs: list[tuple[Any, Any]],
    gold: list[Any],
    pred: list[Any],
    show_gold: Callable[[Any], str],
    show_pred: Callable[[Any], str],
) -> None:
    """List the gold items no prediction matched and the predictions no gold item matched."""
    matched_gold, matched_pred = {id(g) for g, _ in pairs}, {id(p) for _, p in pairs}
    print(f"\n{label} missed:")
    for g in gold:
        if id(g) not in matched_gold:
            print(f"  {show_gold(g)}")
    print(f"{label} wrongly found:")
    for p in pred:
        if id(p) not in matched_pred:
            print(f"  {show_pred(p)}")


def report(gold_f, pred_f, gold_q, pred_q, unplaced: int, verbose: bool) -> None:
    """Print the scores; with ``verbose``, what was missed, wrongly found, or given the wrong speaker."""
    fpairs = figure_matches(gold_f, pred_f)
    qpairs = quote_matches(gold_q, pred_q)
    right = [speaker_right(g, p) for g, p in qpairs]
    print(f"{'':<10}{'precision':>10}{'recall':>8}{'F1':>7}{'pred':>6}{'gold':>6}")
    for label, pairs, pred, gold in (("figures", fpairs, pred_f, gold_f), ("quotes", qpairs, pred_q, gold_q)):
        p, r, f = prf(len(pairs), len(pred), len(gold))
        print(f"{label:<10}{p:>10.3f}{r:>8.3f}{f:>7.3f}{len(pred):>6}{len(gold):>6}")
    accuracy = sum(right) / len(right) if right else 0.0
    print(
        f"speaker accuracy {accuracy:.3f} ({sum(right)} of {len(right)} matched quotes; "
        f"{sum(right) / len(gold_q):.3f} of all gold quotes)"
    )
    if unplaced:
        print(f"({unplaced} predicted quotes could not be placed in the content and count as false positives)")
    if not verbose:
        return

    def show_figure(f: Any) -> str:
        return f"{f.article}  {f.surface!r}  {f.value:g} {'/'.join(sorted(f.units))}"

    _print_unmatched("figures", fpairs, gold_f, pred_f, show_figure, show_figure)
    _print_unmatched(
        "quotes",
        qpairs,
        gold_q,
        pred_q,
        lambda g: f"{g.article}  [{g.speakers[0]}]  {g.text[:70]!r}",
        lambda p: f"{p.article}  [{'/'.join(p.speakers)}]  {p.text[:70]!r}",
    )
    print("\nwrong speakers:")
    for (g, p), ok in zip(qpairs, right):
        if not ok:
            print(f"  {g.article}  gold {g.speakers[0]!r}  predicted {p.speakers!r}  {g.text[:40]!r}")


def main() -> None:
    """Run the extraction on the keyed articles and print the scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder of SaudiNewsNet's daily zips")
    parser.add_argument("--verbose", action="store_true", help="list misses, false positives and wrong speakers")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"skipped: SaudiNewsNet not found at {args.corpus} (pass --corpus DIR)")
        return
    articles = load_key(KEY)
    text = contents(articles, args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        write_raw(articles, args.corpus, Path(tmp))
        pred_f, pred_q, unplaced = predicted(Path(tmp), text)
    gold_f, gold_q = gold_figures(articles, text), gold_quotes(articles, text)
    print(f"{len(articles)} articles: {len(gold_f)} gold figures, {len(gold_q)} gold quotes")
    report(gold_f, pred_f, gold_q, pred_q, unplaced, args.verbose)


if __name__ == "__main__":
    main()
