"""Build the `quotes` table: who said what in each article, direct and indirect, with the speaker's entity."""

from __future__ import annotations

from itertools import groupby
from operator import attrgetter

import numpy as np
import pandas as pd

from akhbar.extract.entities import entity_type
from akhbar.extract.fields import BODY
from akhbar.extract.gazetteer import Gazetteer, shared_gazetteer
from akhbar.extract.quotes import MentionSpan, Quote, find_quotes_each
from akhbar.extract.records import tuple_maker

OUTPUT = "quotes"
INPUTS = ("articles", "mentions")
REFERENCES = ("gazetteer",)
PER_ARTICLE = True

# Offsets of the cue and the speaker, None where there is none: nullable integers.
OPTIONAL_OFFSETS = ("cue_start", "cue_end", "speaker_start", "speaker_end")
# Columns that are neither text nor optional offsets.
COLUMN_DTYPES = {"start": np.int64, "end": np.int64, "direct": bool}

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


_START_END = attrgetter("start", "end")
# A MentionSpan from a (start, end, entity_id, type) row, built in C (the NamedTuple's own __new__ is Python code).
_new_span = tuple_maker(MentionSpan)


def _int_list(column: pd.Series) -> list[int]:
    """A column's values as Python ints (an int64 column's tolist already gives them: no int() per value)."""
    values = column.tolist()
    return values if column.dtype == np.int64 else list(map(int, values))


class MentionSpans:
    """The mentions of every article as MentionSpans carrying their entity's type, built per article on demand.

    Building them as an article is reached keeps them short-lived: a table's worth of live objects at once makes
    the garbage collector rescan them over and over.
    """

    def __init__(self, mentions: pd.DataFrame, gaz: Gazetteer):
        article_ids = mentions["article_id"].tolist()
        self._starts = _int_list(mentions["start"])
        self._ends = _int_list(mentions["end"])
        self._entity_ids = mentions["entity_id"].tolist()
        # entity_type depends on the id alone: look each entity up once
        types = {entity_id: entity_type(entity_id, gaz) for entity_id in set(self._entity_ids)}
        self._types = list(map(types.__getitem__, self._entity_ids))
        # row ranges of each article: rows come grouped by article (the table is sorted by id), any order works
        self._ranges: dict[str, list[tuple[int, int]]] = {}
        pos = 0
        for article_id, group in groupby(article_ids):
            n = len(list(group))
            self._ranges.setdefault(article_id, []).append((pos, pos + n))
            pos += n

    def get(self, article_id: str) -> list[MentionSpan]:
        """The mentions of one article, in table order."""
        out: list[MentionSpan] = []
        for a, b in self._ranges.get(article_id, ()):
            rows = zip(self._starts[a:b], self._ends[a:b], self._entity_ids[a:b], self._types[a:b])
            out.extend(map(_new_span, rows))
        return out


def run(articles: pd.DataFrame, mentions: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """Find the quotes of every article body and shape the quotes table (ids ranked by offsets within an article).

    Quotes are in the body, so their speakers resolve from the body's mentions alone: a title's mention has
    offsets into the title."""
    body_mentions = mentions[mentions["field"] == BODY]
    spans = MentionSpans(body_mentions, shared_gazetteer(gazetteer))  # the gazetteer is built once per process
    quotes: list[Quote] = []
    quote_ids: list[str] = []
    article_ids: list[str] = []
    ordered = articles.sort_values("article_id")
    ids = ordered["article_id"].tolist()
    # the bodies are indexed a few at a time; each article's mentions are built as it is reached
    for article_id, found in zip(ids, find_quotes_each(ordered["body"].tolist(), map(spans.get, ids))):
        found = sorted(found, key=_START_END)
        if found:
            quotes.extend(found)
            quote_ids.extend(f"{article_id}-q{n:04d}" for n in range(1, len(found) + 1))
            article_ids.extend([article_id] * len(found))
    if not quotes:  # the same empty frame of object columns as a frame built from no rows
        frame = pd.DataFrame([], columns=COLUMNS)
        for col in OPTIONAL_OFFSETS:
            frame[col] = frame[col].astype("Int64")
        return frame
    # typed columns up front: pandas need not infer a type per column
    columns: dict[str, object] = {
        "quote_id": np.array(quote_ids, dtype=object),
        "article_id": np.array(article_ids, dtype=object),
    }
    for name in COLUMNS[2:]:
        values = list(map(attrgetter(name), quotes))
        if name in OPTIONAL_OFFSETS:
            columns[name] = pd.array(values, dtype="Int64")
        else:
            columns[name] = np.array(values, dtype=COLUMN_DTYPES.get(name, object))
    return pd.DataFrame(columns, columns=COLUMNS)
