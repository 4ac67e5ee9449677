"""Build the `mentions` table: every span of an article's body or title that names an entity (gazetteer, pattern
rules, the trained tagger, coreference)."""

from __future__ import annotations

from itertools import chain
from operator import attrgetter

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from akhbar.extract.entities import Mention, find_mentions_batch
from akhbar.extract.fields import BODY, FIELDS, article_texts, id_suffixes, trusted_in_title
from akhbar.extract.gazetteer import shared_gazetteer

OUTPUT = "mentions"
INPUTS = ("articles",)
REFERENCES = ("gazetteer",)
PER_ARTICLE = True

COLUMNS = ["mention_id", "article_id", "entity_id", "field", "start", "end", "surface", "method"]
# The string columns read from each Mention, and the integer ones.
_STRINGS = ("entity_id", "surface", "method")
_INTEGERS = ("start", "end")


def run(articles: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """Find the mentions of every article's body and title; ids rank mentions by (start, end) within each
    (body "-m0001" ..., title "-mt01" ...). A title keeps its gazetteer mentions and those of entities its body
    names (`trusted_in_title`)."""
    gaz = shared_gazetteer(gazetteer)  # built once per process, not once per batch
    texts = list(article_texts(articles))
    kept: list[list[Mention]] = []
    body: list[Mention] = []
    # the tagger runs once over the batch's texts: several times faster than text by text
    for (_, field, _), found in zip(texts, find_mentions_batch([text for _, _, text in texts], gaz)):
        if field == BODY:  # the body comes first: its entities vouch for the title's non-gazetteer mentions
            body = found
        else:
            found = trusted_in_title(found, body)
        kept.append(found)
    mentions = list(chain.from_iterable(kept))
    if not mentions:
        return pd.DataFrame([], columns=COLUMNS)  # object columns, as the runner expects of an empty table
    return pd.DataFrame(_columns(texts, kept, mentions), columns=COLUMNS)


def _columns(
    texts: list[tuple[str, str, str]], kept: list[list[Mention]], mentions: list[Mention]
) -> dict[str, object]:
    """The table's columns: strings as Arrow arrays (the runner's conversion to Arrow then copies nothing; the article
    and field of each row, and its id, are made by Arrow from the text it is in, with no Python string per row)."""
    counts = np.fromiter(map(len, kept), dtype=np.int64, count=len(kept))
    text_of = pa.array(np.repeat(np.arange(len(kept)), counts))
    articles = pa.array([article_id for article_id, _, _ in texts], pa.string()).take(text_of)
    fields = pa.array([field for _, field, _ in texts], pa.string()).take(text_of)
    # each row's suffix: its rank in its text, in the suffix table of the text's field
    field_codes = np.array([FIELDS.index(field) for _, field, _ in texts], dtype=np.int64)
    tables = [
        id_suffixes("m", field, int(counts[field_codes == code].max(initial=0))) for code, field in enumerate(FIELDS)
    ]
    table_starts = np.cumsum([0] + [len(t) for t in tables[:-1]])
    ranks = np.arange(len(mentions)) - np.repeat(np.cumsum(counts) - counts, counts)
    suffixes = pa.array(list(chain.from_iterable(tables)), pa.string()).take(
        pa.array(ranks + np.repeat(table_starts[field_codes], counts))
    )
    columns: dict[str, object] = {
        "mention_id": pc.binary_join_element_wise(articles, suffixes, ""),
        "article_id": articles,
        "field": fields,
    }
    for name in _STRINGS:
        columns[name] = pa.array(list(map(attrgetter(name), mentions)), pa.string())
    for name in _INTEGERS:
        columns[name] = np.fromiter(map(attrgetter(name), mentions), dtype=np.int64, count=len(mentions))
    return {
        name: pd.arrays.ArrowExtensionArray(col) if isinstance(col, pa.Array) else col for name, col in columns.items()
    }
