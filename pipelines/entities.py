"""Build the `entities` table: one canonical row per entity mentioned anywhere, with every surface seen."""

from __future__ import annotations

import pandas as pd

from akhbar.extract.entities import aggregate_entities
from akhbar.extract.gazetteer import shared_gazetteer

OUTPUT = "entities"
INPUTS = ("mentions",)
REFERENCES = ("gazetteer",)

COLUMNS = ["entity_id", "type", "name_ar", "name_en", "wikidata", "aliases", "source"]


def run(mentions: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """Aggregate mentions across articles into entities (gazetteer fields, or a found entity's own name), each with
    its source: gazetteer, pattern or model, from the ids and the methods of its mentions."""
    gaz = shared_gazetteer(gazetteer)
    # distinct triples first, in columnar code: millions of mentions come down to thousands of triples
    triples = mentions[["entity_id", "surface", "method"]].drop_duplicates()
    records = aggregate_entities(
        zip(triples["entity_id"].tolist(), triples["surface"].tolist(), triples["method"].tolist()), gaz
    )
    rows = [[r.entity_id, r.type, r.name_ar, r.name_en, r.wikidata, r.aliases, r.source] for r in records]
    return pd.DataFrame(rows, columns=COLUMNS)
