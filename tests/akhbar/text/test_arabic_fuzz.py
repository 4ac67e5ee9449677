"""Fuzz the fast text functions of akhbar.text.arabic against plain reference definitions written here."""

from __future__ import annotations

import random
import re

import pytest
from fuzz_text import random_text

from akhbar.text.arabic import (
    DIACRITICS_RE,
    INVISIBLE,
    TATWEEL,
    FoldedText,
    arabic_ratio,
    count_words,
    count_words_each,
    count_words_upto,
    fold,
    fold_with_drops,
    fold_with_map,
    folded_words,
)

N = 1500  # random texts per test: well under a second each

# The definition: Arabic letters proper, and letters (\w minus digits and underscore) of any other script.
ARABIC_LETTERS = "\u0620-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff\u0750-\u077f"
FOLDS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك"}
FOLDS |= {d: str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")} | {d: str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")}


def texts(seed: int, beyond_bmp: bool = True) -> list[str]:
    """N random texts from a fixed seed."""
    rng = random.Random(seed)
    return [random_text(rng, beyond_bmp=beyond_bmp) for _ in range(N)]


def ref_arabic_ratio(text: str) -> float:
    """Arabic letters over all letters, counted by regex."""
    arabic = len("".join(re.findall(f"[{ARABIC_LETTERS}]", text)))
    other = len("".join(re.findall(f"[^\\W\\d_{ARABIC_LETTERS}]", text)))
    return arabic / (arabic + other) if arabic + other else 0.0


def ref_count_words(text: str) -> int:
    """Whitespace-separated tokens holding a letter or a digit."""
    return sum(1 for token in text.split() if re.search(r"[^\W_]", token))


def ref_fold_char(ch: str) -> str:
    """What folding makes of one character: dropped (''), replaced, or kept."""
    if ch == TATWEEL or ch in INVISIBLE or DIACRITICS_RE.fullmatch(ch):
        return ""
    return FOLDS.get(ch, ch)


def test_arabic_ratio_equals_the_regex_definition():
    for text in texts(1):
        assert arabic_ratio(text) == pytest.approx(ref_arabic_ratio(text), abs=0, rel=1e-12), text


def test_arabic_ratio_on_single_characters_beyond_the_tables():
    for text in ["Ā", "Ω", "Ж", "ㄱ", "中", "😀", "ﺍ", "ﻻ", "\U00010400", "٣", "_"]:
        assert arabic_ratio(text + "مرحبا") == ref_arabic_ratio(text + "مرحبا"), text


def test_count_words_equals_the_token_definition():
    for text in texts(2):
        assert count_words(text) == ref_count_words(text), text


def test_count_words_each_is_count_words_of_each_text():
    rng = random.Random(4)
    for beyond_bmp in (False, True):  # joined texts with a character beyond the BMP are counted one by one
        batch = texts(4, beyond_bmp=beyond_bmp)
        for lo in range(0, N, 50):
            chunk = batch[lo : lo + rng.randint(0, 60)]
            assert count_words_each(chunk) == [ref_count_words(t) for t in chunk], chunk
    assert count_words_each([]) == []
    assert count_words_each(["", " - ", "a", "-a -", "_ «» x_", "\u2028x"]) == [0, 0, 1, 1, 1, 1]


def test_count_words_upto_is_the_capped_count_of_the_span():
    rng = random.Random(3)
    for text in texts(3):
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        cap = rng.randint(0, 8)
        assert count_words_upto(text, start, end, cap) == min(ref_count_words(text[start:end]), cap), (text, start, end)


def test_fold_with_drops_and_map_equal_the_per_character_definition():
    for text in texts(4):
        folded = "".join(ref_fold_char(ch) for ch in text)
        dropped = [i for i, ch in enumerate(text) if ref_fold_char(ch) == ""]
        kept = [i for i, ch in enumerate(text) if ref_fold_char(ch) != ""] + [len(text)]
        assert fold_with_drops(text) == (folded, dropped), text
        assert fold_with_map(text) == (folded, kept), text


def test_fold_drops_tatweel_and_diacritics_but_keeps_invisible_controls():
    for text in texts(5):
        expected = "".join(ch if ch in INVISIBLE else ref_fold_char(ch) for ch in text)
        assert fold(text) == expected, text


def test_folded_text_maps_back_past_tatweel_and_diacritics():
    for text in texts(6):
        ft = FoldedText(text)
        kept = [i for i, ch in enumerate(text) if not (ch == TATWEEL or DIACRITICS_RE.fullmatch(ch))]
        assert ft.text == fold(text)
        # each folded index maps to its character; the end maps past any marks the text ends with
        assert [ft.original(i) for i in range(len(ft.text))] == kept, text
        assert ft.original(len(ft.text)) == len(text), text


def test_folded_words_is_the_set_of_folded_words():
    rng = random.Random(7)
    for text in texts(7, beyond_bmp=False)[:300]:
        words = " ".join(rng.sample(text.split(), min(5, len(text.split())))) if text.split() else ""
        expected = {"".join(c if c in INVISIBLE else ref_fold_char(c) for c in w) for w in words.split()}
        assert folded_words(words) == expected, words
