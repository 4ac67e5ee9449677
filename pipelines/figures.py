"""Build the `figures` table: every quantity each article states, scaled, with its unit and qualifier."""

from __future__ import annotations

import pandas as pd

from akhbar.extract.figures import shared_extractor

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
    rows: list[tuple] = []
    for article_id, body in sorted(zip(articles["article_id"], articles["body"])):
        figures = extractor.extract(body)
        # extract returns figures in (start, end) order, so a figure's rank is its index + 1
        ids = [f"{article_id}-f{rank:04d}" for rank in range(1, len(figures) + 1)]
        rows += [
            (fid, article_id, f.start, f.end, f.surface, f.value, f.unit, f.kind, f.approx, f.approx_direction,
             None if f.equivalent_of is None else ids[f.equivalent_of])
            for fid, f in zip(ids, figures)
        ]  # fmt: skip
    if not rows:
        return pd.DataFrame([], columns=COLUMNS)
    return pd.DataFrame({name: list(values) for name, values in zip(COLUMNS, zip(*rows))}, columns=COLUMNS)
