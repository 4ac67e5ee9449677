"""The answer-key selector's wire-copy opening: folded as the extractors fold text."""

from __future__ import annotations

from script_helpers import load_script

select = load_script("benchmarks/select_key_articles.py", "akhbar_bench_select_key_articles")


def test_opening_folds_ta_marbuta_and_alef_maqsura_as_the_extractors_do() -> None:
    assert select.opening("وصلت البعثة إلى القاهرة") == "وصلت البعثه الي القاهره"


def test_wire_copies_written_with_other_seats_marks_or_tatweel_share_an_opening() -> None:
    plain = "قالت وكالة الأنباء إن الرئيس وصل إلى موسكو صباح اليوم"
    variant = "قالت وكالـة الانباء: إنّ الرئيسَ وصل الى موسكو، صباح أمس"
    assert select.opening(plain) == select.opening(variant)
    assert select.opening(plain, words=3) == "قالت وكاله الانباء"
