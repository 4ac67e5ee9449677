"""Build the `figures` table: every quantity each article states, scaled, with its unit and qualifier."""

from __future__ import annotations

import pandas as pd

from akhbar.figures import FigureExtractor

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
    extractor = FigureExtractor.from_tables(currencies, units)
    rows = []
    for article_id, body in sorted(zip(articles["article_id"], articles["body"])):
        figures = sorted(enumerate(extractor.extract(body)), key=lambda p: (p[1].start, p[1].end))
        ids = {index: f"{article_id}-f{rank:04d}" for rank, (index, _) in enumerate(figures, start=1)}
        for index, fig in figures:
            rows.append(
                {
                    "figure_id": ids[index],
                    "article_id": article_id,
                    "start": fig.start,
                    "end": fig.end,
                    "surface": fig.surface,
                    "value": fig.value,
                    "unit": fig.unit,
                    "kind": fig.kind,
                    "approx": fig.approx,
                    "approx_direction": fig.approx_direction,
                    "equivalent_of": ids[fig.equivalent_of] if fig.equivalent_of is not None else None,
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)
