"""Build the `entities` table: one canonical row per entity mentioned anywhere, with every surface seen."""

from __future__ import annotations

import pandas as pd

from akhbar.extract.entities import aggregate_entities
from akhbar.extract.gazetteer import shared_gazetteer

OUTPUT = "entities"
INPUTS = ("mentions",)
REFERENCES = ("gazetteer",)

COLUMNS = ["entity_id", "type", "name_ar", "name_en", "wikidata", "aliases"]


def run(mentions: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """Aggregate mentions across articles into entities (gazetteer fields, or a pattern person's own name)."""
    gaz = shared_gazetteer(gazetteer)
    # distinct pairs first, in columnar code: millions of mentions come down to thousands of pairs
    pairs = mentions[["entity_id", "surface"]].drop_duplicates()
    records = aggregate_entities(zip(pairs["entity_id"].tolist(), pairs["surface"].tolist()), gaz)
    rows = [[r.entity_id, r.type, r.name_ar, r.name_en, r.wikidata, r.aliases] for r in records]
    return pd.DataFrame(rows, columns=COLUMNS)
