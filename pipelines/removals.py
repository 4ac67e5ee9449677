"""Build the `removals` table: every line the corpus pass took out of an article as chrome, and why."""

from __future__ import annotations

import pandas as pd

OUTPUT = "removals"
INPUTS = ("raw",)
PER_ARTICLE = True
COLUMNS = ["article_id", "line", "text", "reason", "position", "n_articles"]


def run(raw: pd.DataFrame) -> pd.DataFrame:
    """One row per removed line of the batch's articles (none when the raw frame has no ``removed`` column)."""
    if "removed" not in raw:
        return pd.DataFrame(columns=COLUMNS)
    rows = [
        (article_id, r.line, r.text, "repeated", r.position, r.n_articles)
        for article_id, removed in zip(raw["article_id"], raw["removed"], strict=True)
        for r in removed
    ]
    return pd.DataFrame(rows, columns=COLUMNS)
