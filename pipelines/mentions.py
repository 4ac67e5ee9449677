"""Build the `mentions` table: every span of an article's body or title that names an entity (gazetteer, pattern
rules, the trained tagger, coreference)."""

from __future__ import annotations

from operator import attrgetter

import numpy as np
import pandas as pd

from akhbar.extract.entities import Mention, find_mentions_batch
from akhbar.extract.fields import BODY, article_texts, id_suffixes, trusted_in_title
from akhbar.extract.gazetteer import shared_gazetteer

OUTPUT = "mentions"
INPUTS = ("articles",)
REFERENCES = ("gazetteer",)
PER_ARTICLE = True

COLUMNS = ["mention_id", "article_id", "entity_id", "field", "start", "end", "surface", "method"]
# The fields of a Mention that become columns after `field`, in column order.
_FIELDS = ("start", "end", "surface", "method")
# Integer columns; the others hold strings.
_INT_COLUMNS = frozenset({"start", "end"})
_ENTITY_ID = attrgetter("entity_id")


def run(articles: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """Find the mentions of every article's body and title; ids rank mentions by (start, end) within each
    (body "-m0001" ..., title "-mt01" ...). A title keeps its gazetteer mentions and those of entities its body
    names (`trusted_in_title`)."""
    gaz = shared_gazetteer(gazetteer)  # built once per process, not once per batch
    # One list per column (not one list per row): fewer objects to build and for the garbage collector to track.
    mention_ids: list[str] = []
    article_ids: list[str] = []
    entity_ids: list[str] = []
    fields: list[str] = []
    values: list[list[object]] = [[] for _ in _FIELDS]
    getters = [attrgetter(name) for name in _FIELDS]
    body: list[Mention] = []
    texts = list(article_texts(articles))
    # the tagger runs once over the batch's texts: several times faster than text by text
    for (article_id, field, _), found in zip(texts, find_mentions_batch([text for _, _, text in texts], gaz)):
        if field == BODY:  # the body comes first: its entities vouch for the title's non-gazetteer mentions
            body = found
        else:
            found = trusted_in_title(found, body)
        mention_ids += [article_id + suffix for suffix in id_suffixes("m", field, len(found))]
        article_ids += [article_id] * len(found)
        entity_ids += map(_ENTITY_ID, found)
        fields += [field] * len(found)
        for column, get in zip(values, getters):
            column += map(get, found)
    if not mention_ids:
        return pd.DataFrame([], columns=COLUMNS)  # object columns, as the runner expects of an empty table
    # Typed arrays, so that pandas need not inspect every value to infer each column's type.
    columns = zip(COLUMNS, [mention_ids, article_ids, entity_ids, fields, *values])
    return pd.DataFrame(
        {name: np.array(vals, dtype=np.int64 if name in _INT_COLUMNS else object) for name, vals in columns},
        columns=COLUMNS,
    )
