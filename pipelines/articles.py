"""Build the `articles` table: one row per raw article, chrome removed, title and dateline split off, metadata attached."""

from __future__ import annotations

import pandas as pd

from akhbar.corpus.clean import clean
from akhbar.text.arabic import count_words_each

OUTPUT = "articles"
INPUTS = ("raw",)
PER_ARTICLE = True


def run(raw: pd.DataFrame) -> pd.DataFrame:
    """Clean every raw article and shape the articles table."""
    raw = raw.sort_values("article_id", ignore_index=True)
    titles = raw["title"] if "title" in raw else [None] * len(raw)  # a feed record's own title (akhbar.corpus.feeds)
    cleaned = [clean(text, title) for text, title in zip(raw["text"], titles, strict=True)]
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
            "n_words": count_words_each(bodies),
            "published": raw["published"],
            "outlet": raw["outlet"],
            "url": raw["url"],
            "author": raw.get("author"),
            "dateline": [c.dateline for c in cleaned],
            # the corpus pass's verdict on wire copies (absent when the step runs on a bare raw frame)
            "duplicate_of": raw.get("duplicate_of"),
            "similarity": raw.get("similarity"),
        }
    )
