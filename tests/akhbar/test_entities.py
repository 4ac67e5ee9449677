"""Tests for akhbar.entities: gazetteer matching on Arabic text and news-style person patterns."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from akhbar.entities import (
    METHOD_GAZETTEER,
    METHOD_PATTERN,
    Mention,
    aggregate_entities,
    find_mentions,
    mention_at,
    person_entity_id,
)
from akhbar.gazetteer import gazetteer_from_frame

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "entities" / "press_forms.txt"


@pytest.fixture(scope="module")
def gaz():
    return gazetteer_from_frame(pd.read_csv(ROOT / "reference" / "gazetteer.csv", dtype=str, keep_default_na=False))


def found(body: str, gaz) -> list[tuple[str, str]]:
    """(entity_id, surface) of every mention, checking the offset contract on the way."""
    out = []
    for m in find_mentions(body, gaz):
        assert body[m.start : m.end] == m.surface
        out.append((m.entity_id, m.surface))
    return out


@pytest.mark.parametrize(
    "body, expected",
    [
        ("وبالصين", [("china", "الصين")]),
        ("زار لروسيا", [("russia", "روسيا")]),
        ("وقازاقستان", [("kazakhstan", "قازاقستان")]),
        ("فكازاخستان", [("kazakhstan", "كازاخستان")]),
        ("بـروسيا", [("russia", "روسيا")]),
        ("للصين", [("china", "صين")]),  # لل + الصين: the article's alef is not written
    ],
)
def test_proclitics_are_outside_the_span(body: str, expected, gaz) -> None:
    assert found(body, gaz) == expected


@pytest.mark.parametrize(
    "surface, entity_id",
    [
        ("أستانا", "astana"),
        ("أستانة", "astana"),
        ("آستانا", "astana"),
        ("نور سلطان", "astana"),
        ("منظمة شنجهاي للتعاون", "sco"),
        ("منظمة شنغهاي للتعاون", "sco"),
        ("شينجيانج", "xinjiang"),
        ("كَازَاخِسْتَان", "kazakhstan"),
        ("روسـيا", "russia"),
        ("الاتحاد الاوروبي", "european-union"),
    ],
)
def test_spelling_variants_resolve_to_one_entity(surface: str, entity_id: str, gaz) -> None:
    assert found(f"في {surface} اليوم", gaz) == [(entity_id, surface)]


def test_longest_name_wins(gaz) -> None:
    assert found("قمة منظمة شانغهاي للتعاون", gaz) == [("sco", "منظمة شانغهاي للتعاون")]
    assert found("مركز كارنيغي روسيا أوراسيا", gaz) == [("carnegie-russia-eurasia-center", "مركز كارنيغي روسيا أوراسيا")]


def test_beijing_stays_the_city(gaz) -> None:
    assert found("وقالت بكين إن", gaz) == [("beijing", "بكين")]


@pytest.mark.parametrize("body", ["الشركات الصينية", "كازاخستانية", "الحكومة الروسية", "الرئيس الصيني", "روسيات"])
def test_no_match_inside_a_longer_word_or_on_a_nisba(body: str, gaz) -> None:
    assert found(body, gaz) == []


def test_nisba_shaped_country_name_after_a_noun_is_an_adjective(gaz) -> None:
    assert found("الحكومة السعودية", gaz) == []
    assert found("رحبت السعودية بالقرار", gaz) == [("saudi-arabia", "السعودية")]


def test_tanwin_marks_an_adjective(gaz) -> None:
    assert found("تخشى أوزبكستان دعماً روسياً", gaz) == [("uzbekistan", "أوزبكستان")]


def test_short_alias_needs_context(gaz) -> None:
    assert found("وقال شي إن", gaz) == []
    assert found("زار الرئيس شي موسكو", gaz) == [("xi-jinping", "شي"), ("moscow", "موسكو")]
    assert found("زار الرئيس الصيني شي موسكو", gaz) == [("xi-jinping", "شي"), ("moscow", "موسكو")]
    body = "التقى شي جين بينغ ضيوفه. وقال شي إن"
    assert found(body, gaz) == [("xi-jinping", "شي جين بينغ"), ("xi-jinping", "شي")]


def test_ambiguous_country_name_needs_context(gaz) -> None:
    assert found("قدم دعم مالي للمشروع", gaz) == []
    assert found("في دولة مالي", gaz) == [("mali", "مالي")]


def test_arabic_indic_digits_do_not_disturb_offsets(gaz) -> None:
    assert found("في ٢٠٢٢ زار بوتين أستانا", gaz) == [("vladimir-putin", "بوتين"), ("astana", "أستانا")]


def test_title_and_name_make_a_pattern_person(gaz) -> None:
    body = "قال وزير الخارجية الروسي سيرغي لافروف، إن الحوار ممكن. وأضاف لافروف أن"
    ms = [m for m in find_mentions(body, gaz) if m.method == METHOD_PATTERN]
    assert [(m.surface, m.type) for m in ms] == [("سيرغي لافروف", "person"), ("لافروف", "person")]
    assert {m.entity_id for m in ms} == {person_entity_id("سيرغي لافروف")}


def test_reporting_verb_and_name_make_a_pattern_person(gaz) -> None:
    ms = find_mentions("وقال جون سفاكياناكيس، الخبير الاقتصادي، إن الخفض ضروري", gaz)
    assert [(m.surface, m.method) for m in ms] == [("جون سفاكياناكيس", METHOD_PATTERN)]


def test_pattern_person_ids_are_stable() -> None:
    assert person_entity_id("سيرغي لافروف") == person_entity_id("سيرغي  لافروف")
    assert person_entity_id("سيرغي لافروف") != person_entity_id("سيرجي لافروف")
    assert person_entity_id("إبراهيم الدباشي") == person_entity_id("ابراهيم الدباشي")  # folded


@pytest.mark.parametrize(
    "body",
    [
        "قال مسؤول أمريكي إن الاتفاق قريب",
        "وقالت مصادر مطلعة إن الاجتماع تأجل",
        "قال المتحدث باسم الوزارة إن القرار نهائي",
        "وأضاف المدير التنفيذي لشركة مترو جدة أن المشروع اكتمل",
        "وقدم الشيخ الحجري تهنئته لسموه بالعيد",
        "وقال بيسكوف نفسه لوكالة ريا إن",
        "أعلن طيران ناس عن رحلات جديدة",
        "وألقى سلسلة من الكلمات المهمة",
    ],
)
def test_pattern_rules_stay_conservative(body: str, gaz) -> None:
    assert [m.surface for m in find_mentions(body, gaz) if m.method == METHOD_PATTERN] == []


def test_press_forms_fixture(gaz) -> None:
    body = FIXTURE.read_text(encoding="utf-8").strip()
    got = found(body, gaz)
    ids = [e for e, _ in got]
    assert ("washington", "واشنطن") in got  # inside « »
    assert ("astana", "أستانة") in got
    assert ("xi-jinping", "شي") in got  # after الرئيس
    assert ("mao-ning", "ماو نينغ") in got
    assert ("sco", "منظمة شنجهاي للتعاون") in got
    assert ids.count("saudi-arabia") == 1  # الحكومة السعودية is an adjective, رحبت السعودية is the state
    assert ids.count("mali") == 1  # دعم مالي is money; جمهورية مالي is the country
    pattern = [s for e, s in got if e == person_entity_id("سيرغي لافروف")]
    assert pattern == ["سيرغي لافروف", "لافروف"]


def test_mention_at_finds_the_overlapping_mention() -> None:
    a = Mention(4, 9, "بوتين", "vladimir-putin", "person", METHOD_GAZETTEER, "فلاديمير بوتين")
    b = Mention(12, 17, "موسكو", "moscow", "location", METHOD_GAZETTEER, "موسكو")
    assert mention_at([a, b], 0, 10) is a
    assert mention_at([a, b], 6, 6) is a  # a point inside a mention
    assert mention_at([a, b], 8, 14) is b  # shares more characters with b
    assert mention_at([a, b], 9, 12) is None


def test_aggregate_entities_merges_surfaces(gaz) -> None:
    pid = person_entity_id("سيرغي لافروف")
    rows = aggregate_entities(
        [("kazakhstan", "قازاقستان"), ("kazakhstan", "كازاخستان"), ("kazakhstan", "كازاخستان"), (pid, "لافروف"), (pid, "سيرغي لافروف")],
        gaz,
    )
    by_id = {r.entity_id: r for r in rows}
    assert by_id["kazakhstan"].aliases == ["قازاقستان", "كازاخستان"]
    assert by_id["kazakhstan"].name_en == "Kazakhstan"
    assert (by_id[pid].type, by_id[pid].name_ar, by_id[pid].name_en) == ("person", "سيرغي لافروف", None)


def test_titles_chain_and_ali_is_a_name(gaz) -> None:
    body = "صعد المرشد الأعلى الإيراني آية الله علي خامنئي، أمس، لهجته"
    assert [(m.surface, m.method) for m in find_mentions(body, gaz)] == [("علي خامنئي", METHOD_PATTERN)]
    assert find_mentions("وقال الرئيس على الفور إن", gaz) == []  # على is the preposition
