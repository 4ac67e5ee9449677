"""Chrome by repetition: lines recurring across an outlet's articles go, unique ones and real leads stay."""

from __future__ import annotations

import numpy as np

from akhbar.corpus.chrome import (
    HEAD,
    TAIL,
    Lines,
    article_fingerprints,
    chrome_set,
    count_fingerprints,
    fingerprint,
    strip_chrome,
    strip_chrome_all,
)

SIGN_OFF = "للتواصل مع الكاتب ارسل رسالة قصيرة"
TEASER = "أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد في مدينة جدة بسعة خمسمائة سرير لخدمة سكان المحافظة"


def article(title: str, *paragraphs: str) -> str:
    """An article as raw text: a title line, then its paragraphs."""
    return "\n".join((title, *paragraphs))


def chrome_of(texts: list[tuple[str | None, str]], min_articles: int = 3) -> dict[int, int]:
    """Count the fingerprints of (outlet, text) articles, one batch per article, and return the chrome set."""
    parts = [np.array(sorted(article_fingerprints(o, Lines.of(t))), dtype=np.int64) for o, t in texts]
    return chrome_set(*count_fingerprints(parts), min_articles=min_articles)


def test_a_repeated_paragraph_goes_and_a_unique_one_stays():
    texts = [
        ("okaz", article(f"عنوان الخبر رقم {i}", f"نص الخبر الفريد رقم {i} عن موضوع مختلف تماما.", SIGN_OFF))
        for i in range(4)
    ]
    chrome = chrome_of(texts)
    kept, removed = strip_chrome(texts[0][1], "okaz", chrome)
    assert kept == article("عنوان الخبر رقم 0", "نص الخبر الفريد رقم 0 عن موضوع مختلف تماما.")
    assert [(r.line, r.text, r.n_articles, r.position) for r in removed] == [(2, SIGN_OFF, 4, TAIL)]


def test_chrome_is_counted_per_outlet_and_below_the_threshold_nothing_goes():
    texts = [("okaz", article(f"عنوان {i}", f"نص فريد {i}.", SIGN_OFF)) for i in range(2)]
    texts += [("sabq", article(f"عنوان آخر {i}", f"نص آخر {i}.", SIGN_OFF)) for i in range(2)]
    chrome = chrome_of(texts)  # four articles carry it, but no outlet has three
    assert chrome == {}
    assert strip_chrome(texts[0][1], "okaz", chrome) == (texts[0][1], [])


def test_a_teaser_goes_from_article_ends_but_stays_the_lead_of_its_own_story():
    teased = [("alriyadh", article(f"خبر رقم {i}", f"تفاصيل الخبر رقم {i} في فقرة خاصة به.", TEASER)) for i in range(5)]
    story = (
        "alriyadh",
        article("افتتاح مستشفى جديد في جدة", TEASER, "وقال المدير إن المستشفى يبدأ العمل الشهر المقبل."),
    )
    chrome = chrome_of([*teased, story], min_articles=5)
    kept, removed = strip_chrome(teased[0][1], "alriyadh", chrome)
    assert TEASER not in kept and [r.text for r in removed] == [TEASER]
    kept, removed = strip_chrome(story[1], "alriyadh", chrome)
    assert kept == story[1] and removed == []


def test_a_short_header_repeated_at_the_head_is_chrome_there():
    texts = [("was", article("واس", f"الخبر رقم {i} له نص خاص به وحده.")) for i in range(3)]
    chrome = chrome_of(texts)
    kept, removed = strip_chrome(texts[1][1], "was", chrome)
    assert kept == "الخبر رقم 1 له نص خاص به وحده."
    assert removed[0].position == HEAD


def test_fingerprints_ignore_spelling_variants_and_edge_spaces_but_not_the_outlet():
    variants = Lines.of("  إلى اللقاء\nالى اللقاء ")
    one, other = zip(variants.lines, variants.folded, strict=True)
    assert fingerprint("okaz", TAIL, *one) == fingerprint("okaz", TAIL, *other)
    assert fingerprint("okaz", TAIL, *one) != fingerprint("sabq", TAIL, *one)
    assert fingerprint("okaz", TAIL, *one) != fingerprint("okaz", HEAD, *one)


def test_an_article_made_only_of_chrome_is_left_whole():
    texts = [("okaz", article(SIGN_OFF, "// انتهى //")) for _ in range(3)]
    chrome = chrome_of(texts)
    assert strip_chrome(texts[0][1], "okaz", chrome) == (texts[0][1], [])


def test_a_batch_strips_each_article_as_alone_by_its_own_outlet():
    texts = [
        ("okaz", article(f"عنوان الخبر رقم {i}", f"نص الخبر الفريد رقم {i} عن موضوع مختلف.", SIGN_OFF))
        for i in range(3)
    ]
    texts += [("sabq", article("عنوان آخر", "نص آخر عن موضوع آخر.", SIGN_OFF)), (None, SIGN_OFF), ("okaz", "")]
    chrome = chrome_of(texts)  # the sign-off is chrome of okaz only: sabq's copy of it stays
    batch = strip_chrome_all([t for _, t in texts], [o for o, _ in texts], chrome)
    assert batch == [strip_chrome(t, o, chrome) for o, t in texts]
    assert [len(removed) for _, removed in batch] == [1, 1, 1, 0, 0, 0]
    assert strip_chrome_all([t for _, t in texts], [o for o, _ in texts], {}) == [(t, []) for _, t in texts]
