"""Tests for akhbar.extract.gazetteer: CLDR countries, curated rows, merging and the alias index."""

from __future__ import annotations

from pathlib import Path

import babel
import pandas as pd
import pytest

from akhbar.extract.gazetteer import (
    ENTITY_TYPES,
    GazetteerError,
    alias_tokens,
    build_gazetteer,
    cldr_countries,
    gazetteer_from_frame,
    parse_curated,
    slugify,
)

ROOT = Path(__file__).resolve().parents[3]
CSV = ROOT / "reference" / "gazetteer.csv"


@pytest.fixture(scope="module")
def curated() -> pd.DataFrame:
    return pd.read_csv(CSV, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def gaz(curated: pd.DataFrame):
    return gazetteer_from_frame(curated)


def test_slugify_makes_ascii_slugs() -> None:
    assert slugify("Côte d’Ivoire") == "cote-divoire"
    assert slugify("Türkiye") == "turkiye"
    assert slugify("Congo - Kinshasa") == "congo-kinshasa"


def test_countries_come_from_cldr() -> None:
    countries = {c.entity_id: c for c in cldr_countries()}
    ar = babel.Locale("ar").territories
    assert countries["kazakhstan"].name_ar == ar["KZ"]
    assert countries["china"].name_en == "China"
    assert all(c.type == "country" for c in countries.values())
    # world regions (numeric codes) and groupings (EU, UN) are not countries
    assert "world" not in countries and "european-union" not in countries and "united-nations" not in countries
    assert len(countries) > 190


def test_cldr_short_forms_are_aliases() -> None:
    countries = {c.entity_id: c for c in cldr_countries()}
    assert "تيمور ليشتي" in countries["timor-leste"].aliases
    assert "ميانمار" in countries["myanmar-burma"].aliases


def test_curated_rows_extend_countries(gaz) -> None:
    kz = gaz["kazakhstan"]
    assert kz.name_ar == babel.Locale("ar").territories["KZ"]
    assert "قازاقستان" in kz.aliases
    assert kz.wikidata == "Q232"


def test_curated_country_rows_match_a_cldr_country(curated: pd.DataFrame) -> None:
    cldr = {c.entity_id for c in cldr_countries()}
    generated_only = curated[(curated["type"] == "country") & (curated["name_ar"] == "")]
    unknown = sorted(set(generated_only["entity_id"]) - cldr)
    assert not unknown, f"country rows without name_ar must extend a CLDR country: {unknown}"


def test_every_entity_is_well_formed(gaz) -> None:
    for ent in gaz.entities.values():
        assert ent.type in ENTITY_TYPES
        assert ent.name_ar


def test_no_spelling_names_two_entities(gaz) -> None:
    clashes = {
        k: [e.entity_id for e in v]
        for k, v in gaz.index.items()
        if len({e.entity_id for e in v if not e.needs_context}) > 1
    }
    assert not clashes


def test_context_spellings(gaz) -> None:
    assert [e.needs_context for e in gaz.lookup(alias_tokens("شي"))] == [True]
    assert [e.needs_context for e in gaz.lookup(alias_tokens("مالي"))] == [True]  # also "financial"
    assert [e.needs_context for e in gaz.lookup(alias_tokens("جمهورية مالي"))] == [False]
    assert [e.needs_context for e in gaz.lookup(alias_tokens("C5"))] == [False]  # Latin codes are not ambiguous


def test_alias_tokens_fold_spellings() -> None:
    assert alias_tokens("أستانة") == alias_tokens("استانه")
    assert alias_tokens("SCO") == ("sco",)


@pytest.mark.parametrize(
    "row, message",
    [
        ({"entity_id": "Xi Jinping", "type": "person", "name_ar": "شي"}, "slug"),
        ({"entity_id": "xi", "type": "leader", "name_ar": "شي"}, "type"),
        ({"entity_id": "xi", "type": "person", "name_ar": "شي", "wikidata": "15031"}, "Q-id"),
    ],
)
def test_bad_rows_are_rejected(row: dict, message: str) -> None:
    with pytest.raises(GazetteerError, match=message):
        parse_curated([row])


def test_duplicate_ids_are_rejected() -> None:
    row = {"entity_id": "xi", "type": "person", "name_ar": "شي"}
    with pytest.raises(GazetteerError, match="duplicate"):
        parse_curated([row, row])


def test_entity_without_arabic_name_is_rejected() -> None:
    with pytest.raises(GazetteerError, match="name_ar"):
        build_gazetteer([{"entity_id": "nobody", "type": "person", "name_ar": ""}])
