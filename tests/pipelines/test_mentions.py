"""Tests for the `mentions` and `entities` steps, and the score of the extraction against the answer key."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pandas as pd
import pandera.pandas as pdr
import pytest
from script_helpers import load_script

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
    return load_script(f"pipelines/{name}.py", f"step_{name}")


def schema_columns(table: str) -> list[str]:
    desc = json.loads((ROOT / "schemas" / f"{table}.schema.json").read_text(encoding="utf-8"))
    return [f["name"] for f in desc["fields"]]


@pytest.fixture(scope="module")
def gazetteer() -> pd.DataFrame:
    return pd.read_csv(ROOT / "reference" / "gazetteer.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def seed_articles() -> pd.DataFrame:
    """The five raw articles, cleaned as the articles step cleans them (two have no title)."""
    cleaned = [(p.stem, clean(p.read_text(encoding="utf-8"))) for p in sorted((ROOT / "raw").glob("*.txt"))]
    rows = [(article_id, c.title, c.body) for article_id, c in cleaned]
    return pd.DataFrame(rows, columns=["article_id", "title", "body"])


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
    texts = seed_articles.set_index("article_id")
    bad = [
        r.mention_id for r in mentions.itertuples() if texts.loc[r.article_id, r.field][r.start : r.end] != r.surface
    ]
    assert not bad and len(mentions) > 100


def test_mention_ids_rank_offsets_within_an_article_field(tables) -> None:
    mentions, _ = tables
    assert mentions["mention_id"].is_unique
    series = {"body": "-m{:04d}", "title": "-mt{:02d}"}
    for (article_id, field), group in mentions.groupby(["article_id", "field"], sort=False):
        ordered = group.sort_values(["start", "end"])
        expected = [article_id + series[field].format(n) for n in range(1, len(group) + 1)]
        assert ordered["mention_id"].tolist() == expected


def test_title_entities_are_found(tables) -> None:
    """The seed headlines name Putin, Central Asia, the SCO, China and Kazakhstan; untitled articles have none."""
    mentions, _ = tables
    title = mentions[mentions["field"] == "title"]
    found = {(r.article_id[:3], r.entity_id, r.surface) for r in title.itertuples()}
    assert found == {
        ("001", "central-asia", "آسيا الوسطى"),
        ("001", "sco", "منظمة شانغهاي للتعاون"),
        ("002", "vladimir-putin", "بوتين"),
        ("002", "central-asia", "آسيا الوسطى"),
        ("004", "china", "الصين"),
        ("004", "kazakhstan", "كازاخستان"),
    }
    assert title["mention_id"].str.fullmatch(r".+-mt\d{2}").all()


def test_titles_leave_the_body_rows_as_they_were(tables, seed_articles: pd.DataFrame, gazetteer) -> None:
    """Body mentions (ids included) are the same with or without titles: titles get their own id series."""
    untitled = load_step("mentions").run(articles=seed_articles.drop(columns="title"), gazetteer=gazetteer)
    body = tables[0][tables[0]["field"] == "body"].reset_index(drop=True)
    pd.testing.assert_frame_equal(untitled, body)


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
    """Entity-level precision/recall over (article, entity) pairs and type accuracy, against the hand-made key
    (written for the bodies: title mentions are scored by test_title_entities_are_found)."""
    mentions, entities = tables
    mentions = mentions[mentions["field"] == "body"]
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
    # (the step's string columns are Arrow-backed, as the runner's frames are: agg(set) would cast sets to strings)
    methods = {entity_id: set(rows) for entity_id, rows in mentions.groupby("entity_id")["method"]}
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


def test_title_names_found_by_pattern_need_the_body(gazetteer: pd.DataFrame) -> None:
    """A title keeps gazetteer mentions, and a pattern name only when its body names the same entity."""
    articles = pd.DataFrame(
        {
            "article_id": ["x", "y"],
            "title": ["وزير الخارجية الروسي سيرغي لافروف يزور بكين", "أمير المنطقة يثمن جهود الدفاع المدني في الرياض"],
            "body": ["وقال وزير الخارجية الروسي سيرغي لافروف إن الزيارة مهمة.", "افتتح الأمير المعرض أمس."],
        }
    )
    mentions = load_step("mentions").run(articles=articles, gazetteer=gazetteer)
    title = mentions[mentions["field"] == "title"]
    assert list(zip(title["mention_id"], title["surface"], title["method"])) == [
        ("x-mt01", "سيرغي لافروف", "pattern"),
        ("x-mt02", "بكين", "gazetteer"),
        ("y-mt01", "الدفاع المدني", "gazetteer"),  # a gazetteer row since issue 18's snnfix round
        ("y-mt02", "الرياض", "gazetteer"),
    ]
    titles = dict(zip(articles["article_id"], articles["title"]))
    assert [titles[a].index(s) for a, s in zip(title["article_id"], title["surface"])] == list(title["start"])
