"""The figures step: exactly the schema's columns, stable ids, exact offsets, links that resolve."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import ModuleType

import duckdb
import pandas as pd
import pytest
from script_helpers import load_script

ROOT = Path(__file__).resolve().parents[2]


def _load_step() -> ModuleType:
    """The pipelines/figures.py module (steps are loaded from the project folder, not installed)."""
    return load_script("pipelines/figures.py", "figures_step")


def _reference(name: str) -> pd.DataFrame:
    return pd.read_csv(ROOT / "reference" / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def step():
    return _load_step()


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    """A minimal articles table: the cleaned seed titles and bodies plus one article written for this test."""
    from akhbar.corpus.clean import clean

    rows = []
    for path in sorted((ROOT / "raw").glob("*.txt")):
        cleaned = clean(path.read_text(encoding="utf-8"))
        rows.append({"article_id": path.stem, "title": cleaned.title, "body": cleaned.body})
    rows.append(
        {
            "article_id": "zz_fixture",
            "title": "البلدية ترصد 150 مليون شيكل لتوظيف 200 عامل",
            "body": "رصدت البلدية 150 مليون شيكل (نحو 40 مليون دولار) وأكثر من ٢٠٠ عامل.",
        }
    )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def figures(step, articles: pd.DataFrame) -> pd.DataFrame:
    return step.run(articles, currencies=_reference("currencies"), units=_reference("units"))


def test_step_declares_its_tables(step) -> None:
    assert step.OUTPUT == "figures"
    assert step.INPUTS == ("articles",)
    assert set(step.REFERENCES) == {"currencies", "units"}


def test_columns_are_the_schema_fields_in_order(figures: pd.DataFrame) -> None:
    schema = json.loads((ROOT / "schemas" / "figures.schema.json").read_text(encoding="utf-8"))
    assert list(figures.columns) == [f["name"] for f in schema["fields"]]
    contract = ["figure_id", "article_id", "field", "start", "end", "surface", "value", "unit", "kind", "approx"]
    assert list(figures.columns[: len(contract)]) == contract


def test_ids_are_stable_ranks_and_rows_sorted(step, articles: pd.DataFrame, figures: pd.DataFrame) -> None:
    assert figures["figure_id"].is_unique
    schema = json.loads((ROOT / "schemas" / "figures.schema.json").read_text(encoding="utf-8"))
    pattern = schema["fields"][0]["constraints"]["pattern"]
    assert all(re.fullmatch(pattern, i) for i in figures["figure_id"])
    # body figures first, then the title's, each in (start, end) order, as the runner sorts them by id
    order = ["article_id", "field", "start", "end"]
    ranked = figures.assign(field=figures["field"].map({"body": 0, "title": 1}))
    assert ranked[order].equals(ranked.sort_values(order)[order])
    series = {"body": "-f{:04d}", "title": "-ft{:02d}"}
    for (article_id, field), group in figures.groupby(["article_id", "field"]):
        expected = [article_id + series[field].format(n) for n in range(1, len(group) + 1)]
        assert list(group["figure_id"]) == expected
    again = step.run(articles.iloc[::-1], currencies=_reference("currencies"), units=_reference("units"))
    pd.testing.assert_frame_equal(figures.reset_index(drop=True), again.reset_index(drop=True))


def test_surface_is_the_slice_of_its_field(articles: pd.DataFrame, figures: pd.DataFrame) -> None:
    texts = articles.set_index("article_id")
    for row in figures.itertuples(index=False):
        assert texts.loc[row.article_id, row.field][row.start : row.end] == row.surface


def test_title_figures_are_found_without_shifting_body_ids(step, articles: pd.DataFrame, figures) -> None:
    title = figures[figures["field"] == "title"]
    fixture = title[title["article_id"] == "zz_fixture"]
    assert list(fixture["figure_id"]) == ["zz_fixture-ft01", "zz_fixture-ft02"]
    assert list(fixture["surface"]) == ["150 مليون شيكل", "200 عامل"]
    assert list(fixture["value"]) == [150e6, 200]
    # a seed headline's count ("ثلاثة اختراقات"); its year ("2022") is not a figure
    assert "ثلاثة اختراقات" in set(title["surface"])
    assert "2022" not in set(title["surface"])
    untitled = step.run(articles.drop(columns="title"), currencies=_reference("currencies"), units=_reference("units"))
    body = figures[figures["field"] == "body"].reset_index(drop=True)
    pd.testing.assert_frame_equal(untitled, body)


def test_equivalents_point_to_a_figure_of_the_same_article(figures: pd.DataFrame) -> None:
    linked = figures.dropna(subset=["equivalent_of"])
    assert len(linked) >= 2  # the seed's renminbi/dollar pair and the fixture's shekel/dollar pair
    by_id = figures.set_index("figure_id")
    for row in linked.itertuples(index=False):
        target = by_id.loc[row.equivalent_of]
        assert target["article_id"] == row.article_id and target["start"] < row.start
    fixture = figures[(figures["article_id"] == "zz_fixture") & (figures["field"] == "body")]
    assert list(fixture["unit"]) == ["ILS", "USD", "عامل"]
    assert list(fixture["approx_direction"]) == [None, "about", "over"]


def test_money_query_of_the_issue(figures: pd.DataFrame) -> None:
    """`select surface, value, unit from figures where kind='money' order by value desc` on the seeds."""
    seeds = figures[(figures["article_id"] != "zz_fixture") & (figures["field"] == "body")]  # noqa: F841 (read by DuckDB's replacement scan below)
    rows = duckdb.sql(
        "select surface, value, unit from seeds where kind = 'money' order by value desc nulls last"
    ).fetchall()
    assert rows[0] == ("89.4 مليار دولار", 89.4e9, "USD")
    assert ("26 مليار رنمينبي", 26e9, "CNY") in rows
    assert all(unit is not None and re.fullmatch(r"[A-Z]{3}", unit) for _, _, unit in rows)
