"""Build the `articles` table: one row per raw article, chrome removed, title split off, metadata attached."""

from __future__ import annotations

import pandas as pd

from akhbar.corpus.clean import clean
from akhbar.text.arabic import count_words

OUTPUT = "articles"
INPUTS = ("raw",)
PER_ARTICLE = True


def run(raw: pd.DataFrame) -> pd.DataFrame:
    """Clean every raw article and shape the articles table."""
    raw = raw.sort_values("article_id", ignore_index=True)
    cleaned = [clean(text, title) for text, title in zip(raw["text"], raw["title"], strict=True)]
    bodies = [c.body for c in cleaned]
    # built column by column: no Python object per row
    return pd.DataFrame(
        {
            "article_id": raw["article_id"],
            "source_path": raw["source_path"],
            "sha256": raw["sha256"],
            "title": [c.title for c in cleaned],
            "body": bodies,
            "lang": "ar",
            "n_chars": [len(b) for b in bodies],
            "n_words": [count_words(b) for b in bodies],
            "published": raw["published"],
            "outlet": raw["outlet"],
            "url": raw["url"],
            "author": raw["author"],
        }
    )
