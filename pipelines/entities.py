"""Build the `entities` table: one canonical row per entity mentioned anywhere, with every surface seen."""

from __future__ import annotations

import pandas as pd

from akhbar.entities import aggregate_entities
from akhbar.gazetteer import shared_gazetteer

OUTPUT = "entities"
INPUTS = ("mentions",)
REFERENCES = ("gazetteer",)

COLUMNS = ["entity_id", "type", "name_ar", "name_en", "wikidata", "aliases"]


def run(mentions: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """Aggregate mentions across articles into entities (gazetteer fields, or a pattern person's own name)."""
    gaz = shared_gazetteer(gazetteer)
    records = aggregate_entities(zip(mentions["entity_id"], mentions["surface"]), gaz)
    rows = [[r.entity_id, r.type, r.name_ar, r.name_en, r.wikidata, r.aliases] for r in records]
    return pd.DataFrame(rows, columns=COLUMNS)
