"""Clean: website chrome goes, the article and its title stay, letters are never changed."""

from __future__ import annotations

from akhbar.corpus.clean import clean, is_chrome

TITLE = "بوتين وشي يتنافسان على النفوذ في قمة آسيا الوسطى"
PARA1 = "وصل الرئيس الروسي فلاديمير بوتين إلى العاصمة الكازاخستانية أستانا صباح الأربعاء لحضور اجتماع."
PARA2 = "وقال شي إن الصين ستسرع في بناء خطوط أنابيب النفط وستزيد واردات النفط والغاز."


def test_chrome_at_top_and_repeated_title_are_removed():
    raw = "\n\n".join(
        [
            "سجل الآن لتصلك النشرة الإخبارية الأسبوعية مجانًا عبر البريد الإلكتروني",
            "  • هذا الحقل لأغراض التحقق ويجب تركه دون تغيير.",
            "اتبع CAP على وسائل التواصل الاجتماعي",
            "استمع إلى البودكاست الخاص بـ CAP",
            TITLE,
            TITLE,
            PARA1,
            PARA2,
        ]
    )
    result = clean(raw)
    assert result.title == TITLE
    assert result.body == f"{PARA1}\n{PARA2}"


def test_read_also_block_and_subscription_calls_at_the_end_go():
    raw = "\n".join(
        [
            TITLE,
            PARA1,
            PARA2,
            "إقرأ أيضا:",
            "انقطاع الإنترنت في كازاخستان يهدد بأزمة غذائية",
            "النفط نقطة ضعف الصين في أي حرب عسكرية",
            "اشترك في قناة المجلة على تيليجرام بالضغط هنا.",
            "تابعنا على جوجل نيوز",
        ]
    )
    assert clean(raw).body == f"{PARA1}\n{PARA2}"


def test_article_without_headline_keeps_first_paragraph():
    result = clean(f"{PARA1}\n{PARA2}")
    assert result.title is None
    assert result.body == f"{PARA1}\n{PARA2}"


def test_long_paragraph_mentioning_subscribe_is_kept():
    para = "اشترك " + " ".join(["المواطنون في النقاش حول التعاون الاقتصادي مع الصين"] * 4) + " عبر البريد."
    assert not is_chrome(para)
    assert para in clean(f"{TITLE}\n{para}").body


def test_letters_are_not_changed_but_invisibles_are_removed():
    raw = f"{TITLE}\n\u200fيُنظر إلى  آسيا\u00a0الوسطى على أنها منطقة استراتيجية."
    body = clean(raw).body
    assert body == "يُنظر إلى آسيا الوسطى على أنها منطقة استراتيجية."


def test_chrome_is_found_on_its_own_line_wherever_it_sits():
    lines = [
        TITLE,
        PARA1,
        "- تابعونا على تويتر",  # bulleted follow-us prompt between paragraphs
        "تابع الرئيس حديثه في المؤتمر الصحفي.",  # starts like a prompt but is reporting
        "للاشتراك في النشرة الإخبارية أرسل بريدك",  # newsletter named mid-line
        PARA2,
    ]
    body = clean("\n".join(lines)).body
    assert body.split("\n") == [PARA1, "تابع الرئيس حديثه في المؤتمر الصحفي.", PARA2]


def test_read_also_heading_must_be_the_whole_line():
    kept = "اقرأ أيضا ما قاله الوزير عن الاتفاق مع كازاخستان."
    lines = [TITLE, PARA1, kept, "مواضيع ذات صلة", "عنوان مقال قديم", "x" * 700, PARA2]
    body = clean("\n".join(lines)).body.split("\n")
    # the sentence that opens like a heading stays; the long line ends the block's link titles
    assert body == [PARA1, kept, "x" * 700, PARA2]


def test_a_share_bar_run_into_the_first_paragraph_goes_and_the_paragraph_stays():
    text = "عنوان الخبر\n شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك أكد المحافظ وصول الوفد.\nوأضاف أن العمل مستمر."
    article = clean(text)
    assert article.body == "أكد المحافظ وصول الوفد.\nوأضاف أن العمل مستمر."


def test_headline_set_apart_by_a_blank_line_may_end_with_an_exclamation():
    title = "طالب طب ينضم إلى التنظيم ويفجر نفسه!"
    result = clean(f"{title}\n\n{PARA1}\n{PARA2}\n")
    assert result.title == title
    assert result.body == f"{PARA1}\n{PARA2}"


def test_lead_paragraph_above_blank_line_paragraphs_is_not_a_headline():
    result = clean(f"{PARA1}\n\n{PARA2}\n\n{PARA2}\n")
    assert result.title is None
    assert result.body == f"{PARA1}\n{PARA2}\n{PARA2}"


def test_first_sentence_set_apart_above_one_line_paragraphs_is_the_headline():
    result = clean(f"{PARA1}\n\n{PARA2}\n{PARA2}\n")
    assert result.title == PARA1


def test_gallery_controls_alone_on_a_line_go_and_the_byline_under_them_is_the_dateline():
    result = clean(f"{TITLE}\n\n Next Previous \nأحمد البشيري – عين اليوم\n{PARA1}\n")
    assert result.dateline == "أحمد البشيري – عين اليوم"
    assert result.body == PARA1


def test_folds_to_is_fold_equality_read_from_the_head() -> None:
    from akhbar.corpus.clean import _folds_to
    from akhbar.text.arabic import fold

    title = fold("أمير المنطقة يستقبل الوفد")
    assert _folds_to("امير المنطقة يستقبل الوفد", title)
    assert _folds_to("أمـيـر المنطقة يَستقبل الوفد", title)  # tatweel and harakat dropped over the head's length
    assert not _folds_to("أمير المنطقة يستقبل الوفد ويبحث معه", title)  # the title opens a longer paragraph
    assert not _folds_to("استقبل أمير المنطقة اليوم الوفد الزائر", title)
    assert not _folds_to("أمير", title)
    for line in ("", "ـ", "أمير المنطقة يستقبل الوفدَ", "أمير المنطقة يستقبل الوفد" + "ً" * 40):
        assert _folds_to(line, title) == (fold(line) == title)
