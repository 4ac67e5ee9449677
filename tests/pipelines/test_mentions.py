"""Tests for the `mentions` and `entities` steps, and the score of the extraction against the answer key."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pandas as pd
import pandera.pandas as pdr
import pytest

from akhbar.corpus.clean import clean
from akhbar.validate.pandera_engine import field_checks, pandera_dtype

ROOT = Path(__file__).resolve().parents[2]
KEY = ROOT / "tests" / "answer_keys" / "entities.json"
# The scores on the seeds today (precision, recall and type accuracy 1.0; surface recall 190/191 = 0.9948),
# rounded down: any drop fails. Raise them when the extractor improves, never lower them to pass.
TARGET = 1.0
MIN_SURFACE_RECALL = 0.994


def load_step(name: str) -> ModuleType:
    """Import pipelines/<name>.py by path (steps are not an installed package)."""
    spec = importlib.util.spec_from_file_location(f"step_{name}", ROOT / "pipelines" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def schema_columns(table: str) -> list[str]:
    desc = json.loads((ROOT / "schemas" / f"{table}.schema.json").read_text(encoding="utf-8"))
    return [f["name"] for f in desc["fields"]]


@pytest.fixture(scope="module")
def gazetteer() -> pd.DataFrame:
    return pd.read_csv(ROOT / "reference" / "gazetteer.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def seed_articles() -> pd.DataFrame:
    """The five raw articles, cleaned as the articles step cleans them."""
    rows = [(p.stem, clean(p.read_text(encoding="utf-8")).body) for p in sorted((ROOT / "raw").glob("*.txt"))]
    return pd.DataFrame(rows, columns=["article_id", "body"])


@pytest.fixture(scope="module")
def tables(seed_articles: pd.DataFrame, gazetteer: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    mentions = load_step("mentions").run(articles=seed_articles, gazetteer=gazetteer)
    entities = load_step("entities").run(mentions=mentions, gazetteer=gazetteer)
    return mentions, entities


def test_steps_declare_their_tables() -> None:
    m, e = load_step("mentions"), load_step("entities")
    assert (m.OUTPUT, m.INPUTS, m.REFERENCES) == ("mentions", ("articles",), ("gazetteer",))
    assert (e.OUTPUT, e.INPUTS, e.REFERENCES) == ("entities", ("mentions",), ("gazetteer",))


def test_columns_match_the_schemas(tables) -> None:
    mentions, entities = tables
    assert list(mentions.columns) == schema_columns("mentions")
    assert list(entities.columns) == schema_columns("entities")


def test_every_mention_reproduces_its_surface(tables, seed_articles: pd.DataFrame) -> None:
    mentions, _ = tables
    bodies = dict(zip(seed_articles["article_id"], seed_articles["body"]))
    bad = [r.mention_id for r in mentions.itertuples() if bodies[r.article_id][r.start : r.end] != r.surface]
    assert not bad and len(mentions) > 100


def test_mention_ids_rank_offsets_within_an_article(tables) -> None:
    mentions, _ = tables
    assert mentions["mention_id"].is_unique
    for article_id, group in mentions.groupby("article_id", sort=False):
        ordered = group.sort_values(["start", "end"])
        expected = [f"{article_id}-m{n:04d}" for n in range(1, len(group) + 1)]
        assert ordered["mention_id"].tolist() == expected


def test_entities_close_the_foreign_key_and_merge_variants(tables) -> None:
    mentions, entities = tables
    assert set(mentions["entity_id"]) == set(entities["entity_id"])
    assert entities["entity_id"].is_unique
    by_id = entities.set_index("entity_id")
    assert set(by_id.loc["kazakhstan", "aliases"]) == {"كازاخستان", "قازاقستان"}
    assert {"منظمة شانغهاي للتعاون", "منظمة شنغهاي للتعاون", "منظمة شنجهاي للتعاون"} <= set(by_id.loc["sco", "aliases"])
    assert {"أستانا", "أستانة", "آستانا", "نور سلطان"} <= set(by_id.loc["astana", "aliases"])
    for name in ("Xi Jinping", "Vladimir Putin", "Kazakhstan", "China", "Russia", "Shanghai Cooperation Organisation"):
        assert name in set(entities["name_en"])


def test_rebuild_gives_identical_tables(seed_articles: pd.DataFrame, gazetteer: pd.DataFrame, tables) -> None:
    again = load_step("mentions").run(articles=seed_articles.iloc[::-1], gazetteer=gazetteer)
    pd.testing.assert_frame_equal(again.reset_index(drop=True), tables[0].reset_index(drop=True))


def test_score_against_the_answer_key(tables, seed_articles: pd.DataFrame) -> None:
    """Entity-level precision/recall over (article, entity) pairs and type accuracy, against the hand-made key."""
    mentions, entities = tables
    key = json.loads(KEY.read_text(encoding="utf-8"))["articles"]
    bodies = dict(zip(seed_articles["article_id"], seed_articles["body"]))
    gold: dict[tuple[str, str], str] = {}
    gold_surfaces: set[tuple[str, str, str]] = set()
    for article_id, ents in key.items():
        for e in ents:
            gold[(article_id, e["entity_id"])] = e["type"]
            gold_surfaces |= {(article_id, e["entity_id"], s) for s in e["surfaces"] if s in bodies[article_id]}
    types = dict(zip(entities["entity_id"], entities["type"]))
    pred = {(r.article_id, r.entity_id) for r in mentions.itertuples()}
    pred_surfaces = {(r.article_id, r.entity_id, r.surface) for r in mentions.itertuples()}
    tp = pred & set(gold)
    precision = len(tp) / len(pred)
    recall = len(tp) / len(gold)
    type_accuracy = sum(types[e] == gold[(a, e)] for a, e in tp) / len(tp)
    surface_recall = len(pred_surfaces & gold_surfaces) / len(gold_surfaces)
    print(
        f"\nentities: gold={len(gold)} predicted={len(pred)} precision={precision:.3f} recall={recall:.3f} "
        f"type_accuracy={type_accuracy:.3f} surface_recall={surface_recall:.3f}"
    )
    print("false positives:", sorted(pred - set(gold)))
    print("missed:", sorted(set(gold) - pred))
    assert precision >= TARGET
    assert recall >= TARGET
    assert type_accuracy >= TARGET
    assert surface_recall >= MIN_SURFACE_RECALL


def test_entities_carry_their_source(tables, gazetteer: pd.DataFrame) -> None:
    mentions, entities = tables
    assert list(entities.columns) == schema_columns("entities")
    curated = set(gazetteer["entity_id"])
    methods = mentions.groupby("entity_id")["method"].agg(set)
    for r in entities.itertuples():
        if r.entity_id in curated or r.source == "gazetteer":
            assert r.source == "gazetteer" and (r.entity_id in curated or r.type == "country")  # CLDR countries
        elif r.source == "pattern":
            assert "pattern" in methods[r.entity_id]
        else:
            assert r.source == "model" and methods[r.entity_id] <= {"model", "coreference"}
    assert set(entities["source"]) <= {"gazetteer", "pattern", "model"}


def test_the_schema_rejects_an_unknown_source() -> None:
    desc = json.loads((ROOT / "schemas" / "entities.schema.json").read_text(encoding="utf-8"))
    field = next(f for f in desc["fields"] if f["name"] == "source")
    assert field["constraints"]["required"] is True
    schema = pdr.DataFrameSchema({"source": pdr.Column(pandera_dtype(field), checks=field_checks(field))})
    values = pd.Series(["gazetteer", "model", "pattern"], dtype=pandera_dtype(field))
    schema.validate(pd.DataFrame({"source": values}))
    with pytest.raises(pdr.errors.SchemaError):
        schema.validate(pd.DataFrame({"source": values.replace("model", "guess")}))
