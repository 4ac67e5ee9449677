"""Build the `figures` table: every quantity each article states in its body or title, scaled, with its unit."""

from __future__ import annotations

import pandas as pd

from akhbar.extract.fields import article_texts, id_suffixes
from akhbar.extract.figures import shared_extractor, trigger_words_each
from akhbar.text.index import shared_indices

OUTPUT = "figures"
INPUTS = ("articles",)
PER_ARTICLE = True
REFERENCES = ("currencies", "units")

COLUMNS = [
    "figure_id", "article_id", "field", "start", "end", "surface", "value", "unit", "kind", "approx",
    "approx_direction", "equivalent_of",
]  # fmt: skip


def run(articles: pd.DataFrame, currencies: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Extract the figures of every article's body and title; ids are ranks in (start, end) order within each
    (body "-f0001" ..., title "-ft01" ...)."""
    extractor = shared_extractor(currencies, units)  # built once per process, not once per batch
    rows: list[tuple] = []
    texts = list(article_texts(articles))
    # the texts are indexed once for the batch's extractors (figures, mentions and quotes read the same indices)
    indices = shared_indices([text for _, _, text in texts])
    for (article_id, field, text), index, words in zip(texts, indices, trigger_words_each(indices)):
        figures = extractor.extract(text, index, words)
        # extract returns figures in (start, end) order, so a figure's rank is its index + 1
        ids = [article_id + suffix for suffix in id_suffixes("f", field, len(figures))]
        rows += [
            (fid, article_id, field, f.start, f.end, f.surface, f.value, f.unit, f.kind, f.approx,
             f.approx_direction, None if f.equivalent_of is None else ids[f.equivalent_of])
            for fid, f in zip(ids, figures)
        ]  # fmt: skip
    # rows straight to a frame: the same columns and dtypes as a dict of column lists, in half the time
    return pd.DataFrame(rows, columns=COLUMNS)
