"""Arabic numbers as the press writes them: digit strings, number words, scale words, vague amounts.

Every table here is in *folded* form (:func:`akhbar.text.arabic.fold`: alef forms unified, ta marbuta -> ه,
alef maqsura -> ي, diacritics and tatweel dropped, Arabic-Indic and Persian digits -> 0-9), so one entry
covers all spellings. Callers fold their text first; :func:`parse_number` does it for them.

Separators: ``٫`` is always a decimal mark and ``٬`` always a thousands mark. ``,`` is a thousands mark
when it is followed by exactly three digits (``1,500``, ``2,600,000``) and a decimal mark otherwise
(``2,6``). ``.`` is a decimal mark, except in ``1.500.000`` (several dot groups of three) and where the
caller knows the number counts whole things (see ``count_context`` in :func:`parse_digits`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from akhbar.text import lexicon
from akhbar.text.arabic import fold, to_western_digits

# A run of digits and separators (already folded to 0-9); parse_digits decides what the separators mean.
DIGIT_RUN = r"\d+(?:[.,\u066b\u066c]\d+)*"
_DIGIT_RUN_RE = re.compile(DIGIT_RUN)
_ARABIC_SEP_RE = re.compile(r"(\d{1,3}(?:\u066c\d{3})+|\d+)(?:\u066b(\d+))?")
_MIXED_RE = re.compile(r"\d{1,3}([,.])\d{3}(?:\1\d{3})*[.,]\d+")


def _number(cell: str) -> float:
    """A lexicon value cell as the number it spells (an int where it has no decimal point or exponent)."""
    return int(cell) if cell.isdigit() else float(cell)


# Number words and their values (folded; reference: akhbar/text/lexicon/number_words.csv).
ONES: dict[str, int] = {w: int(v) for w, v in lexicon.values("number_words", "one").items()}
TENS: dict[str, int] = {w: int(v) for w, v in lexicon.values("number_words", "ten").items()}
HUNDREDS: dict[str, int] = {w: int(v) for w, v in lexicon.values("number_words", "hundred").items()}
# Scale words after a number multiply it ("26 مليار", "ثلاثة آلاف", "14 مليونا").
SCALES: dict[str, float] = {w: float(v) for w, v in lexicon.values("number_words", "scale").items()}
# Dual scale words stand alone for two of the scale ("ألفين", "مليوني دولار").
DUAL_SCALES: dict[str, float] = {w: float(v) for w, v in lexicon.values("number_words", "dual_scale").items()}
# Plural scale words on their own are vague ("آلاف الأشخاص", "ملايين الدولارات"): no value.
PLURAL_SCALES: frozenset[str] = lexicon.folded("number_words", "plural_scale")
# Vague amounts: a magnitude without a number. "عشرات المليارات" = tens of billions, value unknown.
VAGUE: dict[str, float] = {w: _number(v) for w, v in lexicon.values("number_words", "vague").items()}
# Scale words that can follow a vague amount ("عشرات الآلاف", "مئات الملايين").
VAGUE_SCALES: frozenset[str] = lexicon.folded("number_words", "vague_scale")
# Fractions in percent; خمس is "five" before an indefinite noun and "a fifth" before a definite one.
FRACTIONS: dict[str, float] = {w: float(v) for w, v in lexicon.values("number_words", "fraction").items()}
HALF_WORDS: dict[str, float] = {w: float(v) for w, v in lexicon.values("number_words", "half").items()}

NUMBER_WORDS: dict[str, float] = {**ONES, **TENS, **HUNDREDS}

_WORD_RE = re.compile(r"\S+")


def parse_digits(text: str, *, count_context: bool = False) -> float | None:
    """Value of a digit string in any digit form, with thousands/decimal separators resolved; None if not one.

    With ``count_context`` (the number counts whole things, no scale word follows) a single ``.`` before
    exactly three digits is read as a thousands mark ("١.٢٧٧ فردا" = 1277 people), as Gulf papers write it.
    """
    if text.isdigit() and text.isascii():  # most runs: plain 0-9, no separator (the rules below give float(text))
        return float(text)
    s = to_western_digits(text.strip())
    if not s or not _DIGIT_RUN_RE.fullmatch(s):
        return None
    if "\u066c" in s or "\u066b" in s:  # Arabic marks: unambiguous
        m = _ARABIC_SEP_RE.fullmatch(s)
        return float(m.group(1).replace("\u066c", "") + "." + (m.group(2) or "0")) if m else None
    commas, dots = s.count(","), s.count(".")
    if commas and dots:  # "1,500.25" (comma thousands) or "1.500,25" (dot thousands)
        m = _MIXED_RE.fullmatch(s)
        if not m:
            return None
        thousands, decimal = (",", ".") if m.group(1) == "," else (".", ",")
        return float(s.replace(thousands, "").replace(decimal, "."))
    sep = "," if commas else "." if dots else ""
    if not sep:
        return float(s)
    groups = s.split(sep)
    three = all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3
    if len(groups) > 2:
        return float("".join(groups)) if three else None
    if three and (sep == "," or count_context or groups[1] == "000"):
        return float("".join(groups))
    return float(".".join(groups))


def parse_number_words(words: Sequence[str]) -> float | None:
    """Value of folded Arabic number words ("خمسه", "عشرين", "ثلاثه الاف", "مليار"); None if any word is not one.

    Words joined by و may keep it ("وعشرون"). Vague plurals used alone ("الاف") give None. A trailing
    "ونصف"/"وربع" is a fraction of the last scale word ("مليونين ونصف" = 2.5e6), or of one with none.
    """
    total = 0.0
    current = 0.0
    largest = 0.0
    last_scale = 1.0  # the scale a trailing half refers to
    seen = False
    for raw in words:
        w = raw[1:] if raw.startswith("و") and raw[1:] in {**NUMBER_WORDS, **SCALES, **DUAL_SCALES} else raw
        if w in NUMBER_WORDS:
            v = NUMBER_WORDS[w]
            current = current * v if w in ("مائه", "مئه") and current else current + v
        elif w in SCALES:
            if not seen and w in PLURAL_SCALES:
                return None
            scale = SCALES[w]
            if total and scale > largest:  # "خمسة آلاف مليار": the larger scale multiplies all before it
                total, current = (total + current) * scale, 0
            else:
                total, current = total + (current or 1) * scale, 0
            largest = max(largest, scale)
            last_scale = scale
        elif w in DUAL_SCALES and not seen:
            total += DUAL_SCALES[w]
            last_scale = DUAL_SCALES[w] / 2
        elif w in HALF_WORDS or raw in HALF_WORDS:
            return None if not seen else total + current + HALF_WORDS.get(raw, 0) * last_scale
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_number(text: str) -> float | None:
    """Value of a number expression: digits and/or number words with scale words ("3.7 مليار" -> 3.7e9).

    Vague amounts ("عشرات", "آلاف") and text without a number give None.
    """
    words = [w for w in _WORD_RE.findall(fold(text))]
    if not words:
        return None
    head = parse_digits(words[0])
    if head is None:
        return parse_number_words(words)
    value = head
    for w in words[1:]:
        if w in SCALES:
            value *= SCALES[w]
        elif w in HALF_WORDS:
            value += HALF_WORDS[w] * (SCALES.get(words[1], 1))
        else:
            return None
    return value
