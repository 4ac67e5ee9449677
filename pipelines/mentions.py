"""Build the `mentions` table: every span of an article body that names an entity (gazetteer or pattern)."""

from __future__ import annotations

import pandas as pd

from akhbar.entities import find_mentions
from akhbar.gazetteer import shared_gazetteer

OUTPUT = "mentions"
INPUTS = ("articles",)
REFERENCES = ("gazetteer",)
PER_ARTICLE = True

COLUMNS = ["mention_id", "article_id", "entity_id", "start", "end", "surface", "method"]


def run(articles: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """Find the mentions of every article; ids rank mentions by (start, end) within their article."""
    gaz = shared_gazetteer(gazetteer)  # built once per process, not once per batch
    rows = []
    for article_id, body in sorted(zip(articles["article_id"], articles["body"])):
        for n, m in enumerate(find_mentions(body, gaz), start=1):
            rows.append([f"{article_id}-m{n:04d}", article_id, m.entity_id, m.start, m.end, m.surface, m.method])
    return pd.DataFrame(rows, columns=COLUMNS)
