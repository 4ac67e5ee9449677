"""Numbers: every digit form and separator, number words, scale words (singular, plural, dual), vague amounts."""

from __future__ import annotations

import pytest

from akhbar.extract.numbers import parse_digits, parse_number, parse_number_words


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("26", 26.0),
        ("٢٦", 26.0),  # Arabic-Indic
        ("۲۶", 26.0),  # Persian
        ("3.7", 3.7),
        ("٣٫٧", 3.7),  # Arabic decimal mark
        ("2,6", 2.6),  # comma before one digit: decimal
        ("1,500", 1500.0),  # comma before three digits: thousands
        ("2,600,000", 2600000.0),
        ("١٢٬٥٠٠", 12500.0),  # Arabic thousands mark
        ("1٬500٫25", 1500.25),
        ("1,500.25", 1500.25),
        ("1.500,25", 1500.25),
        ("1.500.000", 1500000.0),
        ("60.000", 60000.0),  # ".000" is never a decimal fraction in the press
        ("0.80", 0.8),
    ],
)
def test_parse_digits(text: str, value: float) -> None:
    assert parse_digits(text) == pytest.approx(value)


def test_single_dot_before_three_digits_is_decimal_unless_counting() -> None:
    assert parse_digits("١.٢٧٧") == pytest.approx(1.277)
    assert parse_digits("١.٢٧٧", count_context=True) == 1277.0


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "12,34,56", "5G"])
def test_parse_digits_rejects_non_numbers(text: str) -> None:
    assert parse_digits(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("26 مليار", 26e9),
        ("3.7 مليار", 3.7e9),
        ("٤٫٦ مليار", 4.6e9),
        ("98 ألف", 98e3),
        ("3 ملايين", 3e6),
        ("7 مليارات", 7e9),
        ("5 آلاف", 5e3),
        ("14 مليونا", 14e6),
        ("1.3 تريليون", 1.3e12),
        ("7 تريليونات", 7e12),
        ("مليار", 1e9),
        ("ألفين", 2e3),  # dual
        ("ألفان", 2e3),
        ("مليونين", 2e6),
        ("مليارين", 2e9),
        ("ملياران", 2e9),
        ("خمس", 5),
        ("ثلاثة", 3),
        ("عشرة", 10),
        ("خمسة عشر", 15),
        ("خمسة وعشرون", 25),
        ("عشرين", 20),
        ("مائة", 100),
        ("مئتين", 200),
        ("ثلاثمائة", 300),
        ("ثلاثة آلاف", 3000),
        ("خمسة آلاف مليار", 5e12),
        ("مليون وخمسمائة ألف", 1.5e6),
        ("مليار ونصف", 1.5e9),
        ("مليونين ونصف", 2.5e6),  # a half of the dual's scale, not of its total
        ("ثلاثة ملايين ونصف", 3.5e6),
        ("ألفين ونصف", 2500),
        ("خمسة ونصف", 5.5),
        ("4 ملايين ونصف", 4.5e6),
        ("1.5 مليون", 1.5e6),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["عشرات", "مئات", "آلاف", "ملايين", "دولة", ""])
def test_vague_or_non_numbers_have_no_value(text: str) -> None:
    assert parse_number(text) is None


def test_parse_number_words_takes_folded_words() -> None:
    assert parse_number_words(["ثلاثه", "الاف"]) == 3000
    assert parse_number_words(["الاف"]) is None  # a plural scale alone is vague
    assert parse_number_words(["خمسه", "دول"]) is None
