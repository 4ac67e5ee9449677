"""Build the `articles` table: one row per raw article, chrome removed, title split off, metadata attached."""

from __future__ import annotations

import pandas as pd

from akhbar.arabic import count_words
from akhbar.clean import clean

OUTPUT = "articles"
INPUTS = ("raw",)
PER_ARTICLE = True


def run(raw: pd.DataFrame) -> pd.DataFrame:
    """Clean every raw article and shape the articles table."""
    rows = []
    for rec in raw.itertuples(index=False):
        cleaned = clean(rec.text)
        rows.append(
            {
                "article_id": rec.article_id,
                "source_path": rec.source_path,
                "sha256": rec.sha256,
                "title": cleaned.title,
                "body": cleaned.body,
                "lang": "ar",
                "n_chars": len(cleaned.body),
                "n_words": count_words(cleaned.body),
                "published": rec.published,
                "outlet": rec.outlet,
                "url": rec.url,
            }
        )
    columns = ["article_id", "source_path", "sha256", "title", "body", "lang", "n_chars", "n_words", "published", "outlet", "url"]
    return pd.DataFrame(rows, columns=columns).sort_values("article_id", ignore_index=True)
