import re

import numpy as np
import pytest

from akhbar.text.arabic import (
    LIL_PROCLITICS,
    PROCLITICS,
    arabic_ratio,
    count_words,
    count_words_upto,
    feminine_past,
    first_person_past,
    fold,
    fold_with_drops,
    fold_with_map,
    folded_words,
    name_variant_key,
    normalize_storage,
    strip_proclitic,
    to_western_digits,
)


def test_storage_normalisation_keeps_letters_and_paragraphs():
    raw = "الصين\u200f  و\u00a0روسيا\t،\r\n\r\n\u202bكازاخستان\u202c\n"
    assert normalize_storage(raw) == "الصين و روسيا ،\nكازاخستان"


def test_storage_normalisation_trims_every_line_and_drops_blank_ones():
    assert normalize_storage(" أ  ب \n \n\n ج\u2003\n\n") == "أ ب\nج"
    assert normalize_storage("أ\n\u3000\nب") == "أ\nب"
    assert normalize_storage("أ ب\nج") == "أ ب\nج"  # already tidy: unchanged
    assert normalize_storage("\n \t\n") == ""


def test_storage_kinds_name_the_passes_a_text_needs():
    from akhbar.text.arabic import (
        _ALL_KINDS,
        _BREAK_KIND,
        _INVISIBLE_KIND,
        _PRESENTATION_KIND,
        _SPACE_KIND,
        _storage_kinds,
    )

    assert _storage_kinds("") == 0
    assert _storage_kinds("أ ب\nج") == 0  # spaces and line breaks alone: nothing to do but the substring tests
    assert _storage_kinds("أ\u200fب") == _INVISIBLE_KIND
    assert _storage_kinds("\ufefb") == _PRESENTATION_KIND
    assert _storage_kinds("أ\r\nب\u2029") == _BREAK_KIND
    assert _storage_kinds("أ\u00a0ب\tج\u3000") == _SPACE_KIND
    assert _storage_kinds("\U0001f600") == _ALL_KINDS  # beyond the BMP: every pass runs


def test_storage_normalisation_of_each_kind_of_character():
    assert normalize_storage("أ\u200b  ب\r\nج\u2028د\u00a0\u00a0هـ\x0bو") == "أ ب\nج\nد هـ و"
    assert normalize_storage("\U0001f600\u200f  \u3000ب") == "\U0001f600 ب"
    assert normalize_storage("\ufdfa\ufe70") == "صلى الله عليه وسلم ً"  # NFKC may bring two spaces: collapsed


def test_storage_normalisation_is_nfc_and_keeps_alef_forms():
    decomposed = "ا\u0653"  # alef + madda above composes to آ under NFC
    assert normalize_storage(decomposed + "سيا") == "آسيا"
    assert normalize_storage("أستانة إلى") == "أستانة إلى"


def test_fold_unifies_spelling_variants():
    assert fold("أستانة") == fold("استانه") == fold("آستانه")
    assert fold("مصطفى") == fold("مصطفي")
    assert fold("يُنظر") == "ينظر"
    assert fold("شنـــغهاي") == "شنغهاي"
    assert fold("٢٠٢٢ و۱۹") == "2022 و19"


def test_fold_map_points_back_into_original():
    text = "قال الرئيسُ شـي"
    folded, index = fold_with_map(text)
    start = folded.index("شي")
    end = start + 2
    assert text[index[start] : index[end - 1] + 1] == "شـي"
    assert index[-1] == len(text)


def test_digits_one_for_one():
    assert to_western_digits("٣٫٧ مليار و۴۵") == "3٫7 مليار و45"


def test_arabic_ratio_and_words():
    assert arabic_ratio("This is English") == 0.0
    assert arabic_ratio("قال شي C5") > 0.5
    assert count_words("قال شي ، إن 5G") == 4
    # tokens of punctuation or symbols only are not words, wherever they sit
    assert count_words("- قال -- شي _ «» «نعم» x_") == 4
    assert count_words("\t،\tقال") == 1
    assert arabic_ratio("Привет مرحبا") == 5 / 11
    assert (
        arabic_ratio("مرحبا 中文 😀 ½ ٣") == 5 / 8
    )  # CJK and ½ count as letters (\\w, not a digit); emoji and ٣ do not


def test_lil_proclitics_are_split_off_whole():
    # ل + article is written لل (للحكومة), also after و or ف: the one definition every extractor reads
    assert set(LIL_PROCLITICS) == {"لل", "ولل", "فلل"} and set(LIL_PROCLITICS) <= set(PROCLITICS)
    assert list(LIL_PROCLITICS) == sorted(LIL_PROCLITICS, key=len, reverse=True)
    for p in LIL_PROCLITICS:
        assert strip_proclitic(p + "حكومة") == (p, "حكومة")


def test_strip_proclitic_keeps_short_stems():
    assert strip_proclitic("وبالصين") == ("وبال", "صين")
    assert strip_proclitic("لروسيا") == ("ل", "روسيا")
    assert strip_proclitic("وشي") == ("و", "شي")
    assert strip_proclitic("بي") == ("", "بي")


def test_fold_with_drops_is_the_sparse_form_of_fold_with_map():
    text = "قالَ الوزيــر​ «إنّ» ٣٥"
    folded, dropped = fold_with_drops(text)
    full, index = fold_with_map(text)
    assert folded == full
    # the full map is every index of the text that was not dropped, plus the end
    assert index == [i for i in range(len(text) + 1) if i not in dropped]
    assert fold_with_drops("قال") == ("قال", [])


@pytest.mark.parametrize(
    "text", ["", " ، - ", "كلمة واحدة", "أ ب ج د هـ و ز ح ط ي", "- « قال » _ ، 2 ٣ x", "a_b __ ___ c"]
)
@pytest.mark.parametrize("cap", [1, 2, 3, 7])
def test_count_words_upto_is_a_capped_count_of_a_span(text: str, cap: int) -> None:
    body = "قبل " + text + " بعد"
    assert count_words_upto(body, 4, 4 + len(text), cap) == min(count_words(text), cap)


def test_folded_words_is_the_set_of_matching_forms():
    assert folded_words("أستانة  إلى\nمصطفى إلى") == {"استانه", "الي", "مصطفي"}
    assert folded_words("") == frozenset()


def test_feminine_past_drops_a_final_alef_of_a_weak_verb() -> None:
    assert [feminine_past(v) for v in ("قال", "دعا", "نفى", "رأى", "بدأ")] == ["قالت", "دعت", "نفت", "رأت", "بدأت"]


@pytest.mark.parametrize(
    "a, b",
    [
        ("بوتن", "بوتين"),
        ("ترمب", "ترامب"),
        ("غوتيريش", "غوتيريس"),
        ("أنطونيو غوتيريش", "انطونيو جوتيريس"),
        ("سيرغي لافروف", "سيرجي لافروف"),
        ("كيللي", "كيلي"),
    ],
)
def test_name_variant_key_folds_transliteration_variants(a: str, b: str) -> None:
    assert name_variant_key(a) == name_variant_key(b)


@pytest.mark.parametrize("a, b", [("محمود", "محمد"), ("لافروف", "شويغو"), ("جون كيري", "جون")])
def test_name_variant_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert name_variant_key(a) != name_variant_key(b)


def test_normalize_storage_maps_presentation_forms_to_letters():
    # "آلية" and "لا" typed as glyph shapes (as PDF extraction leaves them), beside plain letters
    assert normalize_storage("آ\ufedf\ufef4\ufe94 \ufefb تغيير") == "آلية لا تغيير"
    assert normalize_storage("آلية لا تغيير") == "آلية لا تغيير"


def test_arabic_letters_replaces_persian_twins_only():
    from akhbar.text.arabic import arabic_letters

    assert arabic_letters("لاجئین کتاب") == "لاجئين كتاب"
    assert arabic_letters("سيرغي لافروف") == "سيرغي لافروف"


@pytest.mark.parametrize(("verb", "form"), [("قدم", "قدمت"), ("رأى", "رأيت"), ("دعا", "دعوت")])
def test_first_person_past(verb: str, form: str) -> None:
    assert first_person_past(verb) == form


_BMP = [chr(c) for c in range(0x10000)]  # every character of the Basic Multilingual Plane, lone surrogates included


def test_bmp_mask_marks_the_characters_a_class_matches():
    from akhbar.text.arabic import bmp_chars, bmp_mask

    assert bmp_chars() == "".join(_BMP)
    assert bmp_mask("[b-dz]").nonzero()[0].tolist() == [98, 99, 100, 122]
    assert bmp_mask("[\\s\\S]").all() and not bmp_mask("[^\\s\\S]").any()
    assert bmp_mask("\\w").tolist() == [bool(re.match("\\w", c)) for c in _BMP]


def test_the_letter_and_space_tables_are_the_per_character_tests():
    from akhbar.text.arabic import (
        _ARABIC_LETTERS,
        _IS_ARABIC_LETTER,
        _IS_OTHER_LETTER,
        _IS_OTHER_LETTER_BMP,
        _OTHER_LETTER_RE,
        _SPACE_KIND,
        _STORAGE_KINDS,
        _space_and_alnum_table,
    )

    assert _space_and_alnum_table().tolist() == [1 if c.isspace() else 2 if c.isalnum() else 0 for c in _BMP]
    other = [bool(_OTHER_LETTER_RE.match(c)) for c in _BMP]
    assert _IS_OTHER_LETTER_BMP.tolist() == other
    assert _IS_OTHER_LETTER.dtype == _IS_ARABIC_LETTER.dtype == np.int64
    assert _IS_OTHER_LETTER.tolist() == other[: len(_IS_OTHER_LETTER)]
    arabic = re.compile(f"[{_ARABIC_LETTERS}]")
    assert _IS_ARABIC_LETTER.tolist() == [bool(arabic.match(c)) for c in _BMP[: len(_IS_ARABIC_LETTER)]]
    spaces = [c.isspace() and c not in " \n\r\u2028\u2029" for c in _BMP]
    assert ((_STORAGE_KINDS & _SPACE_KIND) != 0).tolist() == spaces
