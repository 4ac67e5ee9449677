"""Build the `figures` table: every quantity each article states, scaled, with its unit and qualifier."""

from __future__ import annotations

import pandas as pd

from akhbar.figures import shared_extractor

OUTPUT = "figures"
INPUTS = ("articles",)
PER_ARTICLE = True
REFERENCES = ("currencies", "units")

COLUMNS = [
    "figure_id", "article_id", "start", "end", "surface", "value", "unit", "kind", "approx",
    "approx_direction", "equivalent_of",
]  # fmt: skip


def run(articles: pd.DataFrame, currencies: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Extract the figures of every article body; ids are ranks in (start, end) order within an article."""
    extractor = shared_extractor(currencies, units)  # built once per process, not once per batch
    cols: dict[str, list] = {c: [] for c in COLUMNS}
    for article_id, body in sorted(zip(articles["article_id"], articles["body"])):
        figures = extractor.extract(body)
        # extract returns figures in (start, end) order, so a figure's rank is its index + 1
        ids = [f"{article_id}-f{rank:04d}" for rank in range(1, len(figures) + 1)]
        cols["figure_id"] += ids
        cols["article_id"] += [article_id] * len(figures)
        cols["start"] += [f.start for f in figures]
        cols["end"] += [f.end for f in figures]
        cols["surface"] += [f.surface for f in figures]
        cols["value"] += [f.value for f in figures]
        cols["unit"] += [f.unit for f in figures]
        cols["kind"] += [f.kind for f in figures]
        cols["approx"] += [f.approx for f in figures]
        cols["approx_direction"] += [f.approx_direction for f in figures]
        cols["equivalent_of"] += [None if f.equivalent_of is None else ids[f.equivalent_of] for f in figures]
    return pd.DataFrame(cols, columns=COLUMNS)
