"""Build the `mentions` table: every span of an article body that names an entity (gazetteer, pattern rules, the
trained tagger, coreference)."""

from __future__ import annotations

from operator import attrgetter

import numpy as np
import pandas as pd

from akhbar.extract.entities import find_mentions_batch
from akhbar.extract.gazetteer import shared_gazetteer

OUTPUT = "mentions"
INPUTS = ("articles",)
REFERENCES = ("gazetteer",)
PER_ARTICLE = True

COLUMNS = ["mention_id", "article_id", "entity_id", "start", "end", "surface", "method"]
# The fields of a Mention that become columns, in column order after the two ids.
_FIELDS = ("entity_id", "start", "end", "surface", "method")
# Integer columns; the others hold strings.
_INT_COLUMNS = frozenset({"start", "end"})
# Id suffixes by rank ("-m0001" ...), made once per process and extended as needed.
_SUFFIXES: list[str] = []


def _suffixes(count: int) -> list[str]:
    """The id suffixes of the first ``count`` mentions of an article."""
    while len(_SUFFIXES) < count:
        _SUFFIXES.append(f"-m{len(_SUFFIXES) + 1:04d}")
    return _SUFFIXES[:count]


def run(articles: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """Find the mentions of every article; ids rank mentions by (start, end) within their article."""
    gaz = shared_gazetteer(gazetteer)  # built once per process, not once per batch
    # One list per column (not one list per row): fewer objects to build and for the garbage collector to track.
    mention_ids: list[str] = []
    article_ids: list[str] = []
    fields: list[list[object]] = [[] for _ in _FIELDS]
    getters = [attrgetter(name) for name in _FIELDS]
    ordered = sorted(zip(articles["article_id"], articles["body"]))
    # the tagger runs once over the batch's bodies: several times faster than article by article
    for (article_id, _), found in zip(ordered, find_mentions_batch([body for _, body in ordered], gaz)):
        mention_ids += [article_id + suffix for suffix in _suffixes(len(found))]
        article_ids += [article_id] * len(found)
        for column, get in zip(fields, getters):
            column += map(get, found)
    if not mention_ids:
        return pd.DataFrame([], columns=COLUMNS)  # object columns, as the runner expects of an empty table
    # Typed arrays, so that pandas need not inspect every value to infer each column's type.
    columns = zip(COLUMNS, [mention_ids, article_ids, *fields])
    return pd.DataFrame(
        {name: np.array(values, dtype=np.int64 if name in _INT_COLUMNS else object) for name, values in columns},
        columns=COLUMNS,
    )
