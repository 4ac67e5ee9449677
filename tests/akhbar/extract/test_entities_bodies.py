"""Tests for akhbar.extract.entities on widely named bodies and people of international news (issue 18)."""

from __future__ import annotations

import pytest

from akhbar.extract.entities import _common_noun_shape, find_mentions
from akhbar.extract.ner import Span


def typed(body: str, gaz) -> list[tuple[str, str, str]]:
    """(entity_id, type, surface) of every mention, checking the offset contract on the way."""
    out = []
    for m in find_mentions(body, gaz):
        assert body[m.start : m.end] == m.surface
        out.append((m.entity_id, m.type, m.surface))
    return out


def test_a_body_named_after_a_king_holds_no_person(gaz) -> None:
    got = typed("وصلت إلى عدن أمس قافلة جديدة من مركز الملك سلمان للإغاثة والأعمال الإنسانية.", gaz)
    assert ("ksrelief", "organization", "مركز الملك سلمان للإغاثة والأعمال الإنسانية") in got
    assert not [g for g in got if g[1] == "person"]


@pytest.mark.parametrize(
    "body, expected",
    [
        ("وقال بيان صادر عن البيت الأبيض إن الرئيس سيزور المنطقة.", ("white-house", "البيت الأبيض")),
        ("وأبدى جهاز قطر للاستثمار اهتماما بشراء الأصول.", ("qatar-investment-authority", "جهاز قطر للاستثمار")),
        (
            "وقالت وكالة المغرب العربي للأنباء إن الاجتماع انتهى.",
            ("maghreb-arabe-presse", "وكالة المغرب العربي للأنباء"),
        ),
        ("وقالت وكالة الأنباء دوغان إن هجوما وقع ليلا.", ("dogan-news-agency", "وكالة الأنباء دوغان")),
        ("ورفض حزب العمل القومي اليميني الانضمام إلى الحكومة.", ("nationalist-movement-party", "حزب العمل القومي")),
        (
            "وتسدد أثينا القرض إلى المصرف المركزي الأوروبي في أغسطس.",
            ("european-central-bank", "المصرف المركزي الأوروبي"),
        ),
        ("وصل ستافان دي ميستورا أمس إلى دمشق.", ("staffan-de-mistura", "ستافان دي ميستورا")),
    ],
)
def test_widely_named_bodies_and_people_are_read_whole(body: str, expected: tuple[str, str], gaz) -> None:
    assert expected in [(e, s) for e, _, s in typed(body, gaz)]


@pytest.mark.parametrize(
    "body, absent",
    [
        ("وقدم زعيم الحزب اقتراحه في اجتماع للجنة المركزية للحزب اليساري المتطرف الذي انقسم.", "حزب اليساري"),
        ("وعثر على مسؤول محلي لحزب معارض مقتولا في ظروف غامضة.", "حزب معارض"),
    ],
)
def test_a_head_noun_and_a_leaning_describe_a_body(body: str, absent: str, gaz) -> None:
    assert absent not in [s for _, t, s in typed(body, gaz) if t == "organization"]


def test_the_title_a_council_serves_is_no_part_of_its_name(gaz) -> None:
    body = "وكان يعمل في مجلس المستشارين الاقتصاديين للرئيس قبل أن ينتقل إلى الصندوق."
    orgs = [s for _, t, s in typed(body, gaz) if t == "organization"]
    assert "مجلس المستشارين الاقتصاديين" in orgs
    assert not [s for s in orgs if s.endswith("للرئيس")]


def test_a_board_of_the_body_named_next_is_no_body_of_its_own(gaz) -> None:
    body = "وأوضح رئيس مجلس المفوضين لهيئة تنظيم النقل البري أن الطلب رفض."
    assert "مجلس المفوضين" not in [s for _, _, s in typed(body, gaz)]


@pytest.mark.parametrize(
    "body, absent",
    [
        ("ورغم نفي استقالة عباس، تؤكد الأنباء أنه جاد هذه المرة.", "استقالة عباس"),
        ("في غضون ذلك، أكدت أوساط عسكرية أن التدابير اتخذت.", "أوساط عسكرية"),
    ],
)
def test_a_verbal_noun_after_a_reporting_verb_opens_no_name(body: str, absent: str, gaz) -> None:
    assert absent not in [s for _, t, s in typed(body, gaz) if t == "person"]


def test_a_plural_noun_under_a_preposition_is_no_person(gaz) -> None:
    assert _common_noun_shape("لانتخابات", "لانتخابات")
    assert not _common_noun_shape("لبركات", "لبركات")  # a family name under ل stays a name


@pytest.mark.parametrize(
    "body, expected",
    [
        ("واستهدفت عناصر جيش الفتح عددا من النقاط في ريف إدلب.", ("jaish-al-fatah", "جيش الفتح")),
        ("وقالت مدعية المحكمة الجنائية الدولية إن التحقيق مستمر.", ("icc", "المحكمة الجنائية الدولية")),
        ("وأرسلت إيران قوات من الحرس الثوري وفيلق القدس إلى سوريا.", ("quds-force", "فيلق القدس")),
        ("وقال جولدمان ساكس في مذكرة للعملاء إن الأسعار ستنخفض.", ("goldman-sachs", "جولدمان ساكس")),
    ],
)
def test_international_bodies_armed_groups_and_firms_are_listed(body: str, expected: tuple[str, str], gaz) -> None:
    got = typed(body, gaz)
    assert expected in [(e, s) for e, _, s in got]
    assert not [s for _, t, s in got if t == "person" or s == "القدس"]


def test_a_body_listed_by_a_prefix_of_another_name_does_not_take_it(gaz) -> None:
    body = "وقالت الوكالة الدولية للطاقة النووية إن التفتيش سيبدأ."
    assert "iea" not in [e for e, _, _ in typed(body, gaz)]


def test_foreign_policy_is_no_ministry(gaz) -> None:
    body = "وقال خبراء في السياسة الخارجية الأمريكية إن الاتفاق هش."
    assert "us-state-department" not in [e for e, _, _ in typed(body, gaz)]


@pytest.mark.parametrize(
    "body, outlet",
    [
        ("وأفصحت المصادر لـ «عكاظ» عن أن الاجتماع سيعقد الشهر المقبل.", "عكاظ"),
        ("وكشفت مصادر مطلعة لـ«الوطن» عن أن الوزارة ستعلن القرار.", "الوطن"),
    ],
)
def test_the_outlet_a_source_discloses_to_is_an_organisation(body: str, outlet: str, gaz) -> None:
    assert ("organization", outlet) in [(t, s) for _, t, s in typed(body, gaz)]


@pytest.mark.parametrize(
    "body, name",
    [
        ("وأوضح رئيس مجلس المفوضين لهيئة تنظيم النقل البري أن الطلب رفض.", "هيئة تنظيم النقل البري"),
        ("وأعلنت مؤسسة تحلية المياه المالحة عن مشروع جديد في الجبيل.", "مؤسسة تحلية المياه المالحة"),
        ("وقام صندوق تنمية الموارد البشرية بدعم رواتب الموظفين.", "صندوق تنمية الموارد البشرية"),
    ],
)
def test_a_head_noun_and_a_verbal_noun_governing_a_genitive_name_a_body(body: str, name: str, gaz) -> None:
    assert ("organization", name) in [(t, s) for _, t, s in typed(body, gaz)]


def test_a_preposition_with_a_pronoun_is_no_part_of_a_name(gaz) -> None:
    body = "وقالت المديرة في بيان إنها سعيدة بأن ينضم موريس إلينا في الصندوق."
    assert not [s for _, t, s in typed(body, gaz) if t == "person" and "إلينا" in s]


def test_a_lone_verbal_noun_is_no_organisation(gaz) -> None:
    body = 'بعد أن حرمت المصارف من نافذة تمويل "المركزي الأوروبي" بسبب تعثر المباحثات.'
    assert "تمويل" not in [s for _, t, s in typed(body, gaz) if t == "organization"]


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "وقال المرصد السوري لحقوق الإنسان إن الاشتباكات استمرت.",
            ("syrian-observatory-for-human-rights", "المرصد السوري لحقوق الإنسان"),
        ),
        ("وشنت الطائرات غارات على مواقع حزب العمال الكردستاني الانفصالي.", ("pkk", "حزب العمال الكردستاني")),
        ("وذكر تقرير مؤسسة النقد العربي السعودي (ساما) أن البطاقات زادت.", ("sama", "ساما")),
        ("وفضل إدراج شركته في بورصة نيويورك.", ("nyse", "بورصة نيويورك")),
    ],
)
def test_parties_watchdogs_banks_and_exchanges_are_listed(body: str, expected: tuple[str, str], gaz) -> None:
    assert expected in [(e, s) for e, _, s in typed(body, gaz)]


@pytest.mark.parametrize(
    "body, expected",
    [
        (  # the short form counts after the full name: alone it is as often foreign policy (السياسة الخارجية المصرية)
            "وأصدرت وزارة الخارجية الروسية بيانا، وقالت الخارجية الروسية إن المحادثات مستمرة.",
            ("russia-foreign-ministry", "الخارجية الروسية"),
        ),
        ("وذكرت وكالة كيودو للأنباء أن الشركة ستدفع غرامة.", ("kyodo", "وكالة كيودو للأنباء")),
        ("وتراجع السهم في بورصة طوكيو بنسبة كبيرة.", ("tokyo-stock-exchange", "بورصة طوكيو")),
        ("ويرفض مجلس صيانة الدستور بعض المرشحين.", ("guardian-council", "مجلس صيانة الدستور")),
        ("وانتقد محمود أحمدي نجاد القرار في كلمته.", ("mahmoud-ahmadinejad", "محمود أحمدي نجاد")),
        ("والتقى إسماعيل ولد الشيخ أحمد عددا من المسؤولين.", ("ismail-ould-cheikh-ahmed", "إسماعيل ولد الشيخ أحمد")),
    ],
)
def test_foreign_ministries_agencies_councils_and_envoys_are_listed(body: str, expected: tuple[str, str], gaz) -> None:
    assert expected in [(e, s) for e, _, s in typed(body, gaz)]


@pytest.mark.parametrize(
    "body",
    [
        "وقال أحد أعضاء هيئة المحلفين إن القرار كان صعبا.",  # the jury
        "وأشار تقرير لجنة التحقيق إلى أخطاء في الحسابات.",  # an investigating committee
        "ويحقق الادعاء في قرارات مجلس الإشراف على الشركة.",  # a supervisory board
    ],
)
def test_a_head_noun_with_a_genitive_of_function_is_no_organisation(body: str, gaz) -> None:
    assert [s for _, t, s in typed(body, gaz) if t == "organization"] == []


def test_the_coalition_in_yemen_is_listed(gaz) -> None:
    body = "وثمن الجهود التي تقدمها قوات التحالف العربي في اليمن."
    assert ("saudi-led-coalition", "organization") in [(e, t) for e, t, _ in typed(body, gaz)]


def test_a_foreign_policy_is_no_foreign_ministry(gaz) -> None:
    body = "وناقش الطلاب تأثير الأحداث على السياسة الخارجية المصرية في الفترة الأخيرة."
    assert [s for _, t, s in typed(body, gaz) if t == "organization"] == []


def test_the_city_of_bursa_is_no_porsche(gaz) -> None:
    # بورصة and a spelling بورشه share a variant key: the company is listed as بورش only
    body = "وهو شاعر مشهور عاش في مدينة بورصة (في تركيا)."
    span = Span(body.index("بورصة"), body.index("بورصة") + len("بورصة"), "location", "بورصة")
    assert [(m.surface, m.type) for m in find_mentions(body, gaz, spans=[span])][0] == ("بورصة", "location")
