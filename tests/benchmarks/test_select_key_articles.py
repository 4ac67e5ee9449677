"""The answer-key selector's wire-copy opening: folded as the extractors fold text."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load_selector():
    """Import benchmarks/select_key_articles.py (benchmarks/ is not a package)."""
    path = ROOT / "benchmarks" / "select_key_articles.py"
    spec = importlib.util.spec_from_file_location("akhbar_bench_select_key_articles", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


select = _load_selector()


def test_opening_folds_ta_marbuta_and_alef_maqsura_as_the_extractors_do() -> None:
    assert select.opening("وصلت البعثة إلى القاهرة") == "وصلت البعثه الي القاهره"


def test_wire_copies_written_with_other_seats_marks_or_tatweel_share_an_opening() -> None:
    plain = "قالت وكالة الأنباء إن الرئيس وصل إلى موسكو صباح اليوم"
    variant = "قالت وكالـة الانباء: إنّ الرئيسَ وصل الى موسكو، صباح أمس"
    assert select.opening(plain) == select.opening(variant)
    assert select.opening(plain, words=3) == "قالت وكاله الانباء"
