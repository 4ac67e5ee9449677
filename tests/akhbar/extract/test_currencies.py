"""Currencies: CLDR Arabic names and plural forms merged with curated aliases, ambiguous words resolved by cue."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from akhbar.extract.currencies import cldr_currency_names, currency_table, inflections, qualified_forms
from akhbar.text.arabic import fold

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def table():
    aliases = pd.read_csv(ROOT / "reference" / "currencies.csv", dtype=str, keep_default_na=False)
    return currency_table(aliases)


def test_cldr_names_include_display_names_and_plural_forms() -> None:
    names = cldr_currency_names("ar")
    pairs = set(zip(names["alias"], names["code"]))
    assert ("دولار أمريكي", "USD") in pairs
    assert ("يوان صيني", "CNY") in pairs
    assert ("جنيهات مصرية", "EGP") in pairs  # a CLDR plural form
    assert not any(alias.startswith("(") for alias in names["alias"])


def test_inflections_add_the_accusative_alef() -> None:
    assert {"دولار", "دولارا"} <= inflections("دولار")
    assert "دولارا امريكيا" in inflections("دولار أمريكي")


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ("دولار امريكي", "USD"),  # CLDR
        ("دولارا", "USD"),  # curated, inflected
        ("دولار", "USD"),
        ("$", "USD"),
        ("رنمينبي", "CNY"),
        ("يوان", "CNY"),
        ("تنغي", "KZT"),
        ("تينغي", "KZT"),
        ("روبل", "RUB"),
        ("يورو", "EUR"),
        ("ريال", "SAR"),
        ("ريال قطري", "QAR"),  # CLDR keeps the qualified riyals apart
        ("جنيه", "EGP"),
        ("جنيه استرليني", "GBP"),
        ("درهم", "AED"),
        ("درهم مغربي", "MAD"),
        ("دولار كندي", "CAD"),
    ],
)
def test_forms_map_to_iso_codes(table, form: str, code: str) -> None:
    assert table[fold(form)].resolve("") == code


def test_ambiguous_words_follow_the_country_named_last(table) -> None:
    som = table["سوم"]
    assert som.resolve(fold("زار الوفد أوزبكستان ثم قيرغيزستان")) == "KGS"
    assert som.resolve(fold("زار الوفد قيرغيزستان ثم أوزبكستان")) == "UZS"
    assert som.resolve("") is None  # no cue, no guess
    assert table["دينار"].resolve(fold("قال البنك المركزي العراقي")) == "IQD"


def test_bare_adjectives_are_not_currency_aliases(table) -> None:
    assert "افغاني" not in table  # only the full CLDR name "أفغاني أفغانستاني" is


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ("ريالات يمنية", "YER"),  # plural noun, feminine adjective
        ("الريالات اليمنية", "YER"),  # definite (the matcher adds the leading ال)
        ("دنانير كويتية", "KWD"),
        ("ليرة لبنانية", "LBP"),  # curated: CLDR says جنيه لبناني
        ("دولار هونج كونج", "HKD"),
        ("دولارات أسترالية", "AUD"),
    ],
)
def test_nationality_adjectives_decide_the_code(table, form: str, code: str) -> None:
    folded = fold(form).removeprefix("ال")
    assert table[folded].resolve("") == code


def test_qualified_forms_only_for_currency_noun_and_nisba() -> None:
    assert "ريالات يمنيه" in qualified_forms("ريال يمني")
    assert qualified_forms("يورو") == inflections("يورو")


def test_story_country_decides_a_shared_currency_word() -> None:
    """The country the story names most wins over one named in passing; none named gives the default."""
    from akhbar.extract.currencies import CurrencyAlias

    pound = CurrencyAlias("جنيه", (("EGP", "مصري|مصر(?!\\w)"), ("SDG", "سودان|سوداني")), "EGP")
    story = "قال وزير المالية السوداني في الخرطوم إن السودان تلقى دعما من مصر وإن الحكومة السودانية خصصت"
    assert pound.resolve(story, story) == "SDG"
    assert pound.resolve("وخصصت الحكومة", "وخصصت الحكومة") == "EGP"
    assert pound.resolve("", "وقع مصرف التنمية اتفاقا") == "EGP"  # مصرف (bank) is not مصر


def test_a_cue_counts_as_its_pattern_whether_or_not_its_stems_are_tested_first(table) -> None:
    from akhbar.extract.currencies import _cue_count, _cue_literals, _cue_re

    cues = {cue for alias in table.values() for _, cue in alias.choices if cue} | {"(?:قطر|دوحه)", "مصر|ابو ظبي"}
    stories = [
        fold(s)
        for s in (
            "قالت مصر إن الجنيه المصري تراجع، وفي المصرف المركزي بأبو ظبي والدوحة",
            "أعلنت المملكة العربية السعودية وقطر وإيران واليمن وسلطنة عمان موازنة بالريال",
            "لا بلد هنا",
        )
    ]
    assert len(cues) > 10
    for cue in cues:
        for story in stories:
            assert _cue_count(cue, story) == len(_cue_re(cue).findall(story)), (cue, story)
    assert _cue_literals(fold("مصري|مصر(?!\\w)")) == ("مصري", "مصر")  # a stem before (?!\w) is still a stem
    assert _cue_literals("(?:قطر|دوحه)") is None  # a pattern of its own: no stems to test first


def test_cue_starts_are_the_starts_finditer_gives(table) -> None:
    import random

    from akhbar.extract.currencies import _cue_re, _cue_starts, _last_start

    cues = {cue for alias in table.values() for _, cue in alias.choices if cue} | {"مصر|ابو ظبي", "(?:قطر|دوحه)"}
    rng = random.Random(3)
    pieces = ["و", "ب", "ل", "ف", "ك", "ال", "لل", " ", "ي", "\n", "مصر", "السعودي", "ابو ظبي", "عمان", "قطر", "دوحه"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        for cue in cues:
            expected = [m.start() for m in _cue_re(cue).finditer(text)]
            assert _cue_starts(cue, text) == expected, (cue, text)
            assert _last_start(cue, text) == (expected[-1] if expected else -1)
