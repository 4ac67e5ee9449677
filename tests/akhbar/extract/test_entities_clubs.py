"""Sports clubs and bodies in the gazetteer: short club names that are common words count only in context."""

from __future__ import annotations

import pytest

from akhbar.extract.entities import find_mentions, gazetteer_mentions


def clubs(body: str, gaz) -> list[tuple[str, str]]:
    """(entity_id, surface) of the gazetteer's organisation mentions, checking the offset contract."""
    out = []
    for m in gazetteer_mentions(body, gaz):
        assert body[m.start : m.end] == m.surface
        if m.type == "organization":
            out.append((m.entity_id, m.surface))
    return out


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("وتغلب فريق الوحدة على ضيفه بهدفين", [("al-wehda-fc", "الوحدة")]),
        ("وقال مدرب نادي النصر إن النصر جاهز للمباراة", [("al-nassr-fc", "نادي النصر"), ("al-nassr-fc", "النصر")]),
        ("ويستعد فريق الشباب للموسم", [("al-shabab-fc", "الشباب")]),
    ],
)
def test_a_club_word_counts_after_a_club_noun_or_its_full_name(body: str, expected, gaz) -> None:
    assert clubs(body, gaz) == expected


@pytest.mark.parametrize(
    "body",
    [
        "ودعا إلى الوحدة الوطنية وحقق النصر على الإرهاب",
        "ورأى السكان الهلال في السماء مساء أمس",
        "وتوفر الوزارة فرص العمل لفئة الشباب",
    ],
)
def test_a_club_word_alone_is_no_club(body: str, gaz) -> None:
    assert clubs(body, gaz) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("وفاز المريخ السوداني على ضيفه", [("al-merrikh-sc", "المريخ")]),
        ("ويلعب الهلال السعودي في لندن", [("al-hilal-fc", "الهلال")]),
        ("وأقال الأهلي المصري مدير الكرة", [("al-ahly-sc", "الأهلي")]),
    ],
)
def test_the_nisba_after_a_club_word_is_left_out_of_the_surface(body: str, expected, gaz) -> None:
    assert clubs(body, gaz) == expected


def test_a_full_name_ending_in_a_nisba_keeps_it(gaz) -> None:
    assert clubs("وناقش مجلس الأمن الدولي القرار", gaz) == [("un-security-council", "مجلس الأمن الدولي")]


def test_a_club_word_two_clubs_share_needs_its_nisba(gaz) -> None:
    assert clubs("وتعادل فريق الأهلي مع ضيفه", gaz) == []
    assert clubs("وفاز النادي الأهلي السعودي", gaz) == [("al-ahli-saudi-fc", "النادي الأهلي")]


def test_a_european_club_and_its_short_name(gaz) -> None:
    body = "وتأهل بايرن ميونيخ إلى الدور الثاني، وسجل بايرن هدفين"
    assert clubs(body, gaz) == [("bayern-munich", "بايرن ميونيخ"), ("bayern-munich", "بايرن")]


def test_a_football_body_is_not_the_union_it_shares_a_word_with(gaz) -> None:
    assert clubs("وعاقب الاتحاد الأوروبي لكرة القدم النادي", gaz) == [("uefa", "الاتحاد الأوروبي لكرة القدم")]
    assert clubs("وقرر الاتحاد الأوروبي فرض عقوبات", gaz) == [("european-union", "الاتحاد الأوروبي")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("وتبنت حركة الشباب الهجوم في مقديشو", [("al-shabaab", "حركة الشباب")]),
        (
            "ووقع نادي الشباب مع المدافع. وحضر الرئيس العام لرعاية الشباب",
            [("al-shabab-fc", "نادي الشباب"), ("saudi-youth-welfare", "رعاية الشباب")],
        ),
    ],
)
def test_a_club_word_inside_another_name_is_that_name(body: str, expected, gaz) -> None:
    assert clubs(body, gaz) == expected


def test_a_club_word_counts_after_a_club_cue_not_after_a_party_noun(gaz) -> None:
    assert clubs("وسجل لاعب الهلال هدفين", gaz) == [("al-hilal-fc", "الهلال")]
    assert [eid for eid, _ in clubs("وقال عضو حزب الاتحاد إن", gaz) if eid == "al-ittihad-club"] == []


def _orgs(body: str, gaz) -> list[str]:
    """Surfaces of the organisations the whole step finds, the tagger finding nothing."""
    return [m.surface for m in find_mentions(body, gaz, spans=[]) if m.type == "organization"]


@pytest.mark.parametrize(
    ("body", "club"),
    [
        # clubs named by a common word or a place, no list holds them: the head noun makes them clubs
        ("واصل الفريق الكروي الأول بنادي الفيحاء تدريباته استعدادا لمباراة الدوري أمام المنافس.", "نادي الفيحاء"),
        ("وفي الدوري فاز نادي الهلال على نظيره نادي الأمل بستة أهداف مقابل هدف في المباراة.", "نادي الأمل"),
        ("ويخوض الفريق الأول لكرة القدم بنادي الجيل أربع مباريات ودية أمام المنافس في الدوري.", "نادي الجيل"),
        # the head under two proclitics, as every other head noun is read (_head_forms)
        ("وفاز الهلال في الدوري على المنافس، ولنادي الفيحاء مباراة أمام الفريق غدا.", "نادي الفيحاء"),
    ],
)
def test_a_club_head_and_one_definite_word_in_a_sports_story_is_a_club(body: str, club: str, gaz) -> None:
    assert club in _orgs(body, gaz)


def test_a_club_head_and_a_definite_word_outside_sports_is_left_alone(gaz) -> None:
    assert _orgs("وافتتح المحافظ نادي الأمل للأطفال في الحي.", gaz) == []
