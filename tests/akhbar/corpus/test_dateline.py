"""Datelines leave the body: the shapes outlets use, and running text that only looks like one."""

from __future__ import annotations

import pytest

from akhbar.corpus.clean import clean
from akhbar.corpus.dateline import is_dateline_line, split_dateline


@pytest.mark.parametrize(
    ("body", "dateline", "rest"),
    [
        (
            "دبي، الإمارات العربية المتحدة (CNN)-- قال مسؤول إن الاتفاق وقع أمس.",
            "دبي، الإمارات العربية المتحدة (CNN)",
            "قال مسؤول إن الاتفاق وقع أمس.",
        ),
        ("سبق- الدمام: قالت المؤسسة إن التيار عاد.", "سبق- الدمام", "قالت المؤسسة إن التيار عاد."),
        ("عوض الفهمي- سبق- أضم: أعلنت الجمعية برنامجها.", "عوض الفهمي- سبق- أضم", "أعلنت الجمعية برنامجها."),
        ("موسكو - وكالة الأنباء الروسية: أعلن الكرملين أمس.", "موسكو - وكالة الأنباء الروسية", "أعلن الكرملين أمس."),
        ("عين اليوم – الرياض\nأعلنت الوزارة نتائج القبول.", "عين اليوم – الرياض", "أعلنت الوزارة نتائج القبول."),
        # a tatweel between spaces serves as the dash
        ("الرياض ـ واس: أعلنت الوزارة نتائج القبول.", "الرياض ـ واس", "أعلنت الوزارة نتائج القبول."),
        (
            "ينبع 26 شوال 1436هـ الموافق 11 أغسطس 2015 م واس\nكرم الرئيس التنفيذي الموظفين.",
            "ينبع 26 شوال 1436هـ الموافق 11 أغسطس 2015 م واس",
            "كرم الرئيس التنفيذي الموظفين.",
        ),
    ],
)
def test_datelines_are_split_off(body: str, dateline: str, rest: str):
    assert split_dateline(body) == (dateline, rest)


@pytest.mark.parametrize(
    "body",
    [
        "صرح المتحدث الأمني بوزارة الداخلية: بأن الجهات الأمنية تمكنت من القبض على المتهمين.",
        "الجوازات: تصحيح أوضاع 350 ألف يمني.",
        "الهلال - النصر\nفاز الهلال على النصر بهدفين.",
        "أكد فواز العنزي-المدير العام للمؤسسة: أن البرنامج مستمر.",
        "عين اليوم – الرياض",  # nothing would be left of the body
        "قال إنهم ـ بحسب المصدر ـ غادروا.",
    ],
)
def test_running_text_is_not_a_dateline(body: str):
    assert split_dateline(body) == (None, body)


def test_clean_moves_the_dateline_out_of_the_body_and_keeps_the_title():
    article = clean("افتتاح مستشفى جديد\nسبق- جدة: افتتح وزير الصحة اليوم مستشفى جديدا.\nوقال إن العمل يبدأ غدا.")
    assert article.title == "افتتاح مستشفى جديد"
    assert article.dateline == "سبق- جدة"
    assert article.body == "افتتح وزير الصحة اليوم مستشفى جديدا.\nوقال إن العمل يبدأ غدا."


def test_a_dateline_on_the_first_line_is_not_taken_for_the_title():
    article = clean("عين اليوم – متابعات\nأعلنت الهيئة العامة للطيران المدني اليوم جدولا جديدا للرحلات.")
    assert (article.title, article.dateline) == (None, "عين اليوم – متابعات")
    assert article.body == "أعلنت الهيئة العامة للطيران المدني اليوم جدولا جديدا للرحلات."
    assert is_dateline_line("عين اليوم – متابعات")


@pytest.mark.parametrize(
    ("body", "dateline", "rest"),
    [
        (
            "داليا أبو العيش – عين اليوم أعلنت شركة مايكروسوفت اليوم عن لعبة جديدة.",
            "داليا أبو العيش – عين اليوم",
            "أعلنت شركة مايكروسوفت اليوم عن لعبة جديدة.",
        ),
        (
            "عين اليوم – متابعات أعلن نادي ريال مدريد رحيل حارسه.",
            "عين اليوم – متابعات",
            "أعلن نادي ريال مدريد رحيل حارسه.",
        ),
    ],
)
def test_a_credit_run_into_the_text_closed_by_an_agency_is_split_off(body: str, dateline: str, rest: str):
    assert split_dateline(body) == (dateline, rest)


@pytest.mark.parametrize(
    "body",
    [
        "قال الوزير – سبق الإشارة إلى ذلك – إن الأمر مهم.",  # سبق the verb, not the outlet
        "نايف عبدالله – جدة لم يفلح التعادل في إنقاذ الفريق.",  # a city may run on into the text
    ],
)
def test_a_dash_before_a_word_of_running_text_is_no_run_in_credit(body: str):
    assert split_dateline(body) == (None, body)


def test_no_dash_regex_matches_a_text_without_a_dash_character() -> None:
    import random

    from akhbar.corpus.dateline import _PAREN_RE, _PARTS_RE, _SEP_RE
    from akhbar.text.arabic import has_dash

    rng = random.Random(4)
    pieces = ["الرياض", " ", "واس", "(CNN)", ":", "--", "-", "–", "—", " ـ ", "ـ", "\u00a0", "2015", "،", "\n"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        if not has_dash(text):
            assert not (_PAREN_RE.match(text) or _PARTS_RE.match(text) or _SEP_RE.search(text)), text
    assert has_dash("سبق- الدمام:") and has_dash("الرياض ـ واس") and not has_dash("قال الوزير: إن")
