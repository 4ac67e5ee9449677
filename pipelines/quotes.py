"""Build the `quotes` table: who said what in each article, direct and indirect, with the speaker's entity."""

from __future__ import annotations

import pandas as pd

from akhbar.entities import entity_type
from akhbar.gazetteer import Gazetteer, shared_gazetteer
from akhbar.quotes import MentionSpan, find_quotes

OUTPUT = "quotes"
INPUTS = ("articles", "mentions")
REFERENCES = ("gazetteer",)
PER_ARTICLE = True

COLUMNS = [
    "quote_id",
    "article_id",
    "start",
    "end",
    "text",
    "speaker_entity_id",
    "speaker_surface",
    "cue",
    "direct",
    "speaker_start",
    "speaker_end",
    "cue_start",
    "cue_end",
]


def mention_spans(mentions: pd.DataFrame, gaz: Gazetteer) -> dict[str, list[MentionSpan]]:
    """The mentions of every article as MentionSpans carrying their entity's type."""
    spans: dict[str, list[MentionSpan]] = {}
    types: dict[str, str] = {}  # entity_type depends on the id alone: look each entity up once
    columns = (mentions[c].tolist() for c in ("article_id", "start", "end", "entity_id"))
    for article_id, start, end, entity_id in zip(*columns):
        if entity_id not in types:
            types[entity_id] = entity_type(entity_id, gaz)
        span = MentionSpan(int(start), int(end), entity_id, types[entity_id])
        spans.setdefault(article_id, []).append(span)
    return spans


def run(articles: pd.DataFrame, mentions: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """Find the quotes of every article and shape the quotes table (ids ranked by offsets within an article)."""
    spans = mention_spans(mentions, shared_gazetteer(gazetteer))  # built once per process
    rows = []
    for art in articles.sort_values("article_id").itertuples(index=False):
        quotes = sorted(find_quotes(art.body, spans.get(art.article_id, [])), key=lambda q: (q.start, q.end))
        for n, q in enumerate(quotes, start=1):
            rows.append(
                {
                    "quote_id": f"{art.article_id}-q{n:04d}",
                    "article_id": art.article_id,
                    "start": q.start,
                    "end": q.end,
                    "text": q.text,
                    "direct": q.direct,
                    "cue": q.cue,
                    "cue_start": q.cue_start,
                    "cue_end": q.cue_end,
                    "speaker_entity_id": q.speaker_entity_id,
                    "speaker_surface": q.speaker_surface,
                    "speaker_start": q.speaker_start,
                    "speaker_end": q.speaker_end,
                }
            )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("cue_start", "cue_end", "speaker_start", "speaker_end"):
        frame[col] = frame[col].astype("Int64")
    return frame
