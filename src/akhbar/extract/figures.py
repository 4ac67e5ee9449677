"""Find the figures an Arabic news article states: money, percentages, counts and quantities, scaled.

A figure is a number that quantifies something the text names: "26 مليار رنمينبي" (money, 26e9 CNY),
"27 في المائة" (percent), "15 ألف قطار" (count of قطار), "380 مترا" (quantity, m), "ثلاثة اختراقات"
(count written in words), "عشرات المليارات من الدولارات" (money whose value the text does not give).

Rules (rules of Arabic news writing, not of any one text):

* The surface is the number expression: optional currency sign, the number (digits or words, with any
  enclosing quotes), its scale words and its unit or counted noun. Qualifiers (نحو، أكثر من ...) are not
  part of it; they set ``approx`` and ``approx_direction``.
* A bare number (no scale word, no unit, no counted noun) is not a figure: that is how list numbers,
  scores, codes, versions and most name parts drop out. A scaled number without a unit ("14 مليونا")
  is a count without unit, unless its clause states money (a money head such as أرباح/بقيمة, or a money figure
  in the same clause): then it takes that currency (unit ellipsis); a count head (عدد، سكان) keeps it a count.
* Not figures: calendar years (4 digits in 1900-2100 after عام/منذ/في ... or with a م/هـ era mark),
  dates (a number before a month name, or after يوم), times and d/m/y dates, ordinals (الـ24, after
  المرتبة/المادة/رقم ...), list numbering at a paragraph start, phone numbers and codes (6+ digits not
  ending in 000, or a leading 0), numbers glued to Latin letters or hyphenated to a word (5G, C5,
  كوفيد-19), numbers in parentheses or quotes unless a scale word, currency or percent follows.
* Counted nouns are the first indefinite noun after the number ("46 طائرة عسكرية" -> طائرة), or the
  noun after من ("12 من الجمهوريات" -> جمهوريات, article removed); unit is that noun as written,
  diacritics removed. Measurement and time units (reference units table) give kind ``quantity`` and a
  canonical unit (km, t, year ...). A definite numeral 3-10 after a plural noun counts it ("الدول الخمس",
  "دول آسيا الوسطى الخمس": 5 دول), also with its tens ("الشعراء الخمسة والثلاثين": 35); "الـ 48 شاعرا"
  and "الـ«48» الذين" are counts, "الاجتماع الـ24" an ordinal. After منها/بينهم/من بينها/فيها a number picks
  a part of the count just before it: with no noun of its own it counts that noun ("90 إصابة منها 30"); before
  منها/منهم a bare number counts the count or definite plural its sentence named ("السفن ... 15 منها").
  Dual nouns of the lexicon's countable nouns count two without a numeral ("صفقتين", "يومين" = 2 day,
  "مرتين"); a definite dual refers back ("الشركتين") and is not a figure; nor are idioms and titles ("ألف
  ليلة وليلة", "رواية عن مئة عام").
* Digits glued to the word before them by a typo are read as if spaced ("بنسبة28.2", "شراء200"); digits
  grouped by thousands count even in parentheses ("(1.348.764) راكب"); the wire's "2ر1" is 1.2; a bare number
  after the share it states is a percentage ("بنسبة 14.8"); the second year of a span ("2004 - 2005") is a year;
  "331 ألفا و500 مسافر" is one count; a definite scale word is a figure before a currency ("المليار دولار").
* A currency word several countries use (جنيه، ريال، دينار، درهم، ليرة) takes the code of the story's country
  (reference/currencies.csv: cues and a default); a rank word before a number ("درجة 100 دولة") makes a label.
* Cardinal words (ثلاثة، خمس، عشرين، مائة ...) are figures when a counted noun, unit, currency,
  percent or scale word follows; ونصف/وربع after a scale is that fraction of the scale ("3 ملايين ونصف" =
  3.5e6). Fractions of a measurable noun are percentages ("خمس وارداتها" = 20 percent, "نصف السكان" =
  50 percent); of a concept ("نصف الشورى") they are not figures.
* Vague amounts (عشرات، مئات، آلاف، ملايين ... optionally with a scale: "عشرات المليارات") are figures
  with value None and approx True when a noun or currency follows.
* "A (B)" or "A أي ما يعادل B" with A and B of the same kind and different units: B.equivalent_of = A.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from akhbar.extract.currencies import CurrencyAlias, currency_table, forms_pattern, inflections
from akhbar.extract.numbers import (
    DIGIT_RUN,
    DUAL_SCALES,
    FRACTIONS,
    HALF_WORDS,
    NUMBER_WORDS,
    ONES,
    SCALES,
    TENS,
    VAGUE,
    VAGUE_SCALES,
    parse_digits,
    parse_number_words,
)
from akhbar.extract.records import frozen_maker
from akhbar.text import lexicon
from akhbar.text.arabic import (
    DIACRITICS_RE,
    PROCLITICS,
    TATWEEL,
    WORD_CHAR_CLASS,
    FoldedText,
    arabic_letters,
    fold,
    trie_pattern,
)
from akhbar.text.index import TextIndex, tail_hits_each, tail_table

KINDS = ("money", "percent", "count", "quantity")
DIRECTIONS = ("about", "over", "under", "at_least", "at_most")
FUNCTION_WORDS = lexicon.folded("function_words", "both", "figures")
MONTHS = lexicon.folded("calendar", "month")

_SP = r"[^\S\n]"  # a space that does not cross a paragraph
_QUALIFIERS: dict[str, str] = lexicon.values("figure_cues", "qualifier")
_QUAL_ALT = "|".join(r"\s+".join(q.split()) for q in sorted(_QUALIFIERS, key=len, reverse=True))
_QUAL_BEFORE_RE = re.compile(rf"(?<!\w)(?:[وفبل]|وب|ول|فب|فل)?({_QUAL_ALT}){_SP}*$")
_QUAL_AFTER_RE = re.compile(rf"{_SP}*(تقريبا|علي{_SP}+الاقل|علي{_SP}+الاكثر|[كب]حد{_SP}+(?:اقصي|ادني))(?!\w)")

# Words right before a number that make it a label, a date or a rank, never a quantity (folded).
_LABELS = lexicon.folded("figure_cues", "label")
# Year labels ("عام 82", "العام 2013") do not block a scaled or measured amount: "هذا العام “127” ألف زجاجة".
_YEAR_LABELS = lexicon.folded("figure_cues", "year_label")
# Before a 1900-2100 number these mean a year ("منذ 2009", "قمة 2023").
_YEAR_CUES = _LABELS | lexicon.folded("figure_cues", "year_cue")
_ORDINALS = frozenset(fold(w + e) for w in lexicon.words("figure_cues", "ordinal_definite") for e in ("", "ة"))
# Glued in front of digits these still leave a free-standing number ("و12", "بـ5", "من60", "بين١٠").
_PROCLITIC_LETTERS = frozenset({"و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك"})
_ATTACHED_OK = _PROCLITIC_LETTERS | frozenset({"من", "بين", "في", "الي", "علي", "عن", "نحو", "حوالي", "بنحو", "لنحو"})
# Nouns after من that anchor a day in time ("18 من الشهر"), or make a ratio ("5 من أصل 10").
_DATE_ANCHORS = lexicon.folded("figure_cues", "date_anchor")
_NOT_COUNTED = lexicon.folded("figure_cues", "not_counted")
_DEFINITE_VAGUE = lexicon.folded("number_words", "definite_vague")
_TEEN_ONLY = lexicon.folded("number_words", "teen_only")
_TEEN_RE = re.compile(rf"{_SP}+عشره?(?!\w)")
# Accusative scale words end the number phrase: a noun after them is not what is counted ("14 مليونا أعلنت").
_ACCUSATIVE_SCALES = lexicon.folded("number_words", "accusative_scale")
_ORDINAL_WORDS = lexicon.folded("figure_cues", "ordinal")
_FRACTION_IDIOMS = lexicon.folded("figure_cues", "fraction_idiom")
_SUFFIXED_RE = re.compile(r"\w{3,}(?:ها|هما|هم|هن|نا)$")
_SOUND_PLURAL_RE = re.compile(r"\w{3,}(?:ات|ين|ون)$")
# A fraction is a share only of something that can be measured or counted (folded stems): "نصف السكان",
# "ثلث مساحة البلاد"; of a concept ("نصف الشورى") it is not a figure. Sound plurals and possessed nouns
# ("وارداتها") are measurable too.
_MEASURABLE = lexicon.folded("figure_cues", "measurable")
# A bare scaled number ("41 مليونا") is money only when its clause talks about money (these heads, folded
# stems) or a money figure shares its clause; a count head ("عدد سكانها") makes it a count.
_MONEY_HEADS = lexicon.folded("figure_cues", "money_head")
_COUNT_HEADS = lexicon.folded("figure_cues", "count_head")
_WORD_RE = re.compile(r"[^\W\d_]+")
_HEAD_WINDOW = 90  # folded characters looked back for a head: about one clause of news prose
_REACH_VERBS = lexicon.folded("figure_cues", "reach_verb")
_EVEN_BEFORE = lexicon.folded("figure_cues", "even_before")  # "أو حتى 100": حتى is "even", not "up to"
_CLAUSE_END_RE = re.compile(r"[.!?؟؛\n،,:]")
# Cardinals 3-10 that follow a definite noun as its adjective ("المواسم الثلاثة", "الدول الخمس").
_DEF_ONES = frozenset(w for w, v in ONES.items() if 3 <= v <= 10)
_DEF_NUM_RE = re.compile(rf"ال(?:{trie_pattern(_DEF_ONES)})(?!\w)")  # a literal start keeps the scan fast
_PLURAL_RELATIVES = lexicon.folded("figure_cues", "plural_relative")
_WEEKDAYS = lexicon.folded("calendar", "weekday")
# Interjections and titles that a number word opens without counting anything ("ألف مبروك", «مئة عام من العزلة»).
_IDIOM_NOUNS = lexicon.folded("figure_cues", "idiom_noun")
_TITLE_CUES = lexicon.folded("figure_cues", "title_cue")
# Only a topic preposition links a title cue to the number of a title ("رواية عن مئة عام"); other function words
# do not: "87 قصيدة منها 65 قصيدة" counts poems.
_TITLE_LINKS = lexicon.folded("figure_cues", "title_link")
# Prepositions with a pronoun that pick a part out of the thing just counted ("منها"، "من بينهم"، "بينها"): the
# number after them is a count of that thing ("سجلت 90 إصابة منها 30 في الرياض").
_PARTITIVE_PRONOUNS = frozenset(f"{p}{s}" for p in ("من", "بين", "في", "ضمن") for s in ("ها", "هم", "هن", "هما"))
_PARTITIVE_GAP_RE = re.compile(r"[^.!?؟؛\n]{0,40}")
_DEF_TENS_RE = re.compile(rf"{_SP}+وال({trie_pattern(TENS)})(?!\w)")
_VAGUE_PRONOUN_RE = re.compile(rf"{_SP}+(من(?:هم|ها|هن|هما))(?!\w)")
_HALF_SCALE_RE = re.compile(rf"{_SP}+(?:ال)?({trie_pattern(SCALES)})(?!\w)")
_COMPOUND_RE = re.compile(rf"{_SP}+و{_SP}*(?=\d)")
_DIGITS_BEFORE_RE = re.compile(r"\d+$")
_LETTERS_BEFORE_RE = re.compile(r"([^\W\d_]+)$")
_YEAR_MARK_RE = re.compile(rf"{_SP}*(?:م|ه|ق{_SP}*م)(?!\w)")
_SCALE_RE = re.compile(rf"{_SP}*({trie_pattern(SCALES)})(?!\w)")
_HALF_RE = re.compile(rf"{_SP}+({trie_pattern(HALF_WORDS)})(?!\w)")
_PERCENT_RE = re.compile(rf"{_SP}*(?:[%٪]|(?:في{_SP}*|ب)الما?ئه(?!\w))")
# A sign before the number, also after the conjunction و ("و%3.17").
_SYMBOL_BEFORE_RE = re.compile(rf"(?:^|(?<=[\s(«“\"و]))([$€£%٪]){_SP}?$")
_PARTITIVE_RE = re.compile(rf"{_SP}+من{_SP}+")
_NOUN_RE = re.compile(rf"{_SP}*([^\W\d_A-Za-z]+)")
_QUOTED_RE = re.compile(rf"{_SP}*([\"“«])([^\"”»\n]{{1,40}}?)([\"”»])")
_RANGE_RE = re.compile(rf"{_SP}*(?:-|–|—|الي|و|او){_SP}*(?=\d)")
_NUMWORD_NEXT_RE = re.compile(rf"{_SP}+(و?)({trie_pattern([*NUMBER_WORDS, *SCALES])})(?!\w)")
_VAGUE_SCALE_RE = re.compile(rf"{_SP}+({trie_pattern(VAGUE_SCALES)})(?!\w)")
_LIST_NUMBER_RE = re.compile(rf"{_SP}*[-–.)](?!\d)")
_SENTENCE_END_RE = re.compile(r"[!?؟؛\n]|(?<!\d)\.|\.(?!\d)")
_EQUIV_GAP_RE = re.compile(
    rf"{_SP}*(?:[(\[]{_SP}*(?:(?:اي|او){_SP}+)?|[،,]?{_SP}*(?:(?:اي|او){_SP}+)?(?:ما|بما){_SP}+(?:يعادل|يوازي|يساوي){_SP}*)"
    rf"(?:(?:{_QUAL_ALT}){_SP}*)?"
)
_UNIT_CLEAN_RE = re.compile(f"{TATWEEL}|{DIACRITICS_RE.pattern}")

_TRIGGER_WORDS = {*NUMBER_WORDS, *SCALES, *DUAL_SCALES, *VAGUE, *FRACTIONS}
# DIGIT_RUN with its first digit spelled out: a leading class (not a repeat) lets the regex engine skip to the
# next digit in C instead of trying a match at every position (same matches, about twice as fast).
_DIGITS_RE = re.compile(r"\d" + DIGIT_RUN.replace(r"\d+", r"\d*", 1))
_WORD_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
# Number words start a token: after a space or an opening mark. One trie of word x proclitic and a leading
# character class let the regex engine skip ahead instead of trying every position (several times faster).
# A definite scale word is a figure before a currency ("المليار دولار" = 1e9 USD), never alone ("المليار").
_DEF_SCALE_PROCLITICS = ("ال", "وال", "بال", "فال", "وبال", "كال")
_WORD_TRIGGERS = frozenset(
    [
        *(p + w for p in _WORD_PROCLITICS for w in _TRIGGER_WORDS),
        *(p + w for p in _DEF_SCALE_PROCLITICS for w in SCALES),
    ]
)
_WORD_TRIE = trie_pattern(_WORD_TRIGGERS)
# Each token _WORD_PROCLITICS + a trigger word -> its first proclitic in that order that leaves a trigger word; each
# definite scale word -> the lengths of the article proclitics of _DEF_SCALE_PROCLITICS that leave a scale word, in
# order (one look-up per number word instead of a test per proclitic).
_WORD_PROCLITIC_OF = {p + w: p for p in reversed(_WORD_PROCLITICS) for w in _TRIGGER_WORDS}
_DEFINITE_SCALE_SPLITS: dict[str, list[int]] = {}
for _dp in _DEF_SCALE_PROCLITICS:
    for _w in SCALES:
        _DEFINITE_SCALE_SPLITS.setdefault(_dp + _w, []).append(len(_dp))
# \s spelled out as its characters (all in the BMP): the engine tests a bitmap instead of a Unicode category.
_SPACE_CHARS = "".join(c for c in map(chr, range(0x10000)) if c.isspace())
# No "^|" in front: it would disable the skip (the start of the text is matched by _WORD_AT_START_RE).
_TRIGGER_AFTER = frozenset(_SPACE_CHARS + '«“"(-–/،,.:؛')  # a number word starts after one of these
_WORD_TRIGGER_RE = re.compile(rf"[{re.escape(''.join(sorted(_TRIGGER_AFTER)))}]({_WORD_TRIE})(?!\w)")
_WORD_AT_START_RE = re.compile(rf"({_WORD_TRIE})(?!\w)")
_SYMBOLS = frozenset("$€£%٪")
_HSPACES_RE = re.compile(f"{_SP}*")
# A bare number after the share it states is a percentage: "بنسبة 14.8"، "بما نسبته 3".
_PERCENT_HEADS = lexicon.folded("figure_cues", "percent_head")
# "2004 - 2005", "2013 / 2014": the second year of a span of years.
_YEAR_SPAN_BEFORE_RE = re.compile(rf"(?:19|20)\d\d{_SP}*[-–/]{_SP}*$")
# "(1.348.764) راكب": digits grouped by thousands, a count even inside parentheses.
_GROUPED_RE = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
# "15 منها" / "15 منهم": a bare number picking a part of the definite plural named just before it.
_OF_THEM_RE = re.compile(rf"{_SP}+(?:من|بين)(?:ها|هم|هن)(?!\w)")
_DEF_WORD_RE = re.compile(r"(?<!\w)(?:[وفبك]|لل)?(ال)?([^\W\d_]{2,})(?!\w)")


def _dual_forms() -> dict[str, str]:
    """Folded dual forms (nominative ان, oblique ين) of the countable nouns of the lexicon -> the noun as written.

    A dual counts two without a numeral ("صفقتين", "يومين", "مرتين"); ة becomes ت before the ending.
    """
    forms = {}
    for word in lexicon.words("figure_cues", "dual_noun"):
        w = fold(word)
        stem = w[:-1] + "ت" if w.endswith("ه") else w
        forms[stem + "ين"] = forms[stem + "ان"] = word
    return forms


_DUALS = _dual_forms()
_TWO_LETTER_PROCLITICS = frozenset({"وب", "ول", "فب", "فل"})
_TWO_WORDS = frozenset({"اثنين", "اثنتين", "اثنان", "اثنتان"})
_DUAL_RE = re.compile(rf"(?<!\w)(?:[وفبل]|وب|ول|فب|فل)?({trie_pattern(_DUALS)})(?!\w)")


# Every word _DUAL_RE matches whole (a proclitic in the pattern's order, then a dual form) -> the proclitic's length.
_DUAL_WORDS: dict[str, int] = {}
for _p in ("و", "ف", "ب", "ل", "وب", "ول", "فب", "فل", ""):
    for _dual in _DUALS:
        _DUAL_WORDS.setdefault(_p + _dual, len(_p))
_WORD_CHAR_RE = re.compile(r"\w")


# Word characters of a folded text: letters (all str.isalpha) and the digits 0-9, all \w.
_FOLDED_WORD_CHARS = frozenset(fold(chr(c)) for c in range(0x700) if re.fullmatch(WORD_CHAR_CLASS, chr(c))) - {""}
# Every indexed word whose whole is a definite numeral after at most one character ("الخمس", "والخمس", "5الخمس") ->
# where its article starts: _DEF_NUM_RE matches there, ending with the word.
_DEF_NUM_WORDS: dict[str, int] = {p + "ال" + w: len(p) for p in ("", *sorted(_FOLDED_WORD_CHARS)) for w in _DEF_ONES}


# Every indexed word that can trigger a figure -> (the proclitic length of its dual reading, or None; whether it is
# a number word of _WORD_TRIGGERS; where the article of its definite numeral starts, or None): one look-up per word
# serves every kind of trigger.
_INDEXED_TRIGGERS: dict[str, tuple[int | None, bool, int | None]] = {
    w: (_DUAL_WORDS.get(w), w in _WORD_TRIGGERS, _DEF_NUM_WORDS.get(w))
    for w in (*_DUAL_WORDS, *_WORD_TRIGGERS, *_DEF_NUM_WORDS)
}
# The same words as a set: the test of a candidate word is a set's (measured: a quarter faster than the dict's).
_INDEXED_TRIGGER_WORDS = frozenset(_INDEXED_TRIGGERS)
# The slots of the trigger words' tails (the index's last four code units of each word): a text's words are tested all
# at once by their tails, and only the few whose slot is marked (about 1 in 40 words of news: triggers, words ending as
# one does, and a few collisions) by the word.
_TRIGGER_TAILS = tail_table(_INDEXED_TRIGGER_WORDS)


def _digit_triggers(t: str, runs: list[int]) -> list[tuple[int, int, str]]:
    """The "digits" triggers that ``_DIGITS_RE.finditer`` gives over ``t``, matched only where a run of digits starts
    (``runs``: the index's folded offsets of those starts): a match is greedy, so the next never starts mid-run."""
    out = []
    end = 0
    for start in runs:
        if start >= end and (m := _DIGITS_RE.match(t, start)):
            end = m.end()
            out.append((start, end, "digits"))
    return out


def trigger_words_each(indices: Sequence[TextIndex]) -> list[list[int]]:
    """For each indexed text, its words (indices) that may trigger a figure, for :meth:`FigureExtractor.extract` (found
    for all the texts at once)."""
    return tail_hits_each(_TRIGGER_TAILS, _INDEXED_TRIGGER_WORDS, indices)


def _indexed_triggers(t: str, index: TextIndex, trigger_words: list[int] | None = None) -> list[tuple[int, int, str]]:
    """The "words", "dual" and "definite" triggers that ``_WORD_TRIGGER_RE``, ``_DUAL_RE`` and ``_DEF_NUM_RE`` give
    over ``t``, from the words of the text's index that are trigger words (``trigger_words``, from
    :func:`trigger_words_each`; found here when None). Every kind of match is a whole run of word characters or ends
    one, and indexed words are runs of Arabic and Latin letters and digits, all ``\\w``: a number word after a
    character of ``_TRIGGER_AFTER`` and before no word character; a dual with no word character on either side; a
    definite numeral ending a word, its article at most one character into it (the rest:
    :func:`_glued_definite_numerals`) and after at most one letter (:func:`_definite_ok`)."""
    out = []
    words, fstarts, fends = index.words, index.fstarts, index.fends
    for i in trigger_words if trigger_words is not None else trigger_words_each([index])[0]:
        word = words[i]
        start, end = fstarts[i], fends[i]
        if _WORD_CHAR_RE.match(t, end):
            continue
        dual, numeral, definite = _INDEXED_TRIGGERS[word]
        if numeral and start and t[start - 1] in _TRIGGER_AFTER:
            out.append((start, end, "words"))
        if dual is not None and not (start and _WORD_CHAR_RE.match(t, start - 1)):
            out.append((start + dual, end, "dual"))
        if definite is not None and _definite_ok(t, start + definite):
            out.append((start + definite, end, "definite"))
    return out


def _glued_definite_numerals(
    t: str, digits: list[tuple[int, int, str]], fstarts: list[int]
) -> list[tuple[int, int, str]]:
    """The "definite" triggers whose article lies two or more characters into its word ("2014الخمس"), after the
    ``digits`` triggers: the two characters before it are not both letters, so one is a digit, and a run of digits
    ends right before it or one letter before it; neither is a separator, so the run ends a digits trigger."""
    out = []
    for _, end, _ in digits:
        for s in (end, end + 1):
            if t.startswith("ال", s) and (m := _DEF_NUM_RE.match(t, s)) and _definite_ok(t, s):
                if s - fstarts[bisect.bisect_right(fstarts, s) - 1] >= 2:  # nearer its word's start: _DEF_NUM_WORDS
                    out.append((s, m.end(), "definite"))
    return out


def _definite_ok(t: str, s: int) -> bool:
    """Whether the article at ``s`` starts its word, after at most one proclitic letter."""
    return not s or not t[s - 1].isalpha() or s == 1 or not t[s - 2].isalpha()


def _with_proclitics(words: frozenset[str]) -> frozenset[str]:
    """``words`` and every proclitic + word: a set lookup instead of stripping proclitics per call."""
    return frozenset(p + w for p in ("", *PROCLITICS) for w in words)


_LABELS_ANY = _with_proclitics(_LABELS)
_YEAR_LABELS_ANY = _with_proclitics(_YEAR_LABELS)
_YEAR_CUES_ANY = _with_proclitics(_YEAR_CUES)
_QUAL_LAST_ANY = _with_proclitics(frozenset(q.split()[-1] for q in _QUALIFIERS))
_PARTITIVE_ANY = _with_proclitics(_PARTITIVE_PRONOUNS)


@dataclass(frozen=True)
class Figure:
    """One figure: offsets into the body (end exclusive), surface, scaled value, unit, kind, qualifier."""

    start: int
    end: int
    surface: str
    value: float | None
    unit: str | None
    kind: str
    approx: bool
    approx_direction: str | None = None
    equivalent_of: int | None = None  # index, in the same list, of the figure this one restates


# One Figure per figure found: built by setting its fields at once, not one frozen-field assignment at a time.
_new_figure = frozen_maker(Figure)


@dataclass(slots=True)
class _Tail:
    """What follows a number: scale, unit and where the expression ends (folded offsets)."""

    end: int
    scale: float = 1.0
    scaled: bool = False
    unit: str | None = None
    kind: str | None = None
    noun: tuple[int, int, bool] | None = None  # folded span of a counted noun, and whether to drop ال
    date: bool = False
    half: float = 0.0  # added after scaling: "3 ملايين ونصف" = 3 x 1e6 + 0.5 x 1e6, not 3 x 1.5e6

    def amount(self, value: float) -> float:
        """The number ``value`` scaled by this tail, plus any trailing half or quarter."""
        return value * self.scale + self.half


@dataclass(slots=True)
class _Draft:
    start: int
    end: int
    value: float | None
    tail: _Tail
    approx: bool = False
    direction: str | None = None
    equivalent_of: int | None = None
    currency_context: int = 0  # folded offset where the text before the figure ends (for currency cues)


class FigureExtractor:
    """Compiled figure extraction for one currency table and one units table; reuse it for every article."""

    def __init__(self, currencies: Mapping[str, CurrencyAlias], units: Mapping[str, str]) -> None:
        self.currencies = dict(currencies)
        self.units = dict(units)
        symbols = sorted((f for f in self.currencies if not re.search(r"\w", f)), key=len, reverse=True)
        sym_alt = "|".join(map(re.escape, symbols)) or "(?!)"
        words = forms_pattern(f for f in self.currencies if f not in symbols)
        units = forms_pattern(self.units)
        # Right after a number the name is indefinite; after من it may carry the article ("من الدولارات").
        # The currency trie is large and slow to compile: one regex serves both (see _match_currency), unless
        # a form starts with a non-word character, where that shortcut would not be exact.
        word_forms = [f for f in self.currencies if f not in symbols]
        self._currency_re = re.compile(rf"{_SP}*(?:({sym_alt})|({words})(?!\w))")
        self._currency_def_re = (
            re.compile(rf"{_SP}*(?:({sym_alt})|(?:ال)?({words})(?!\w))")
            if any(not re.match(r"\w", f) for f in word_forms)
            else None
        )
        # Characters other than letters, digits and spaces that can open a tail (a symbol, a quote, a form).
        self._tail_starts = frozenset('%٪"“«_').union(f[0] for f in (*self.currencies, *self.units) if f)
        self._unit_re = {
            definite: re.compile(rf"{_SP}*{'(?:ال)?' if definite else ''}({units})(?!\w)") for definite in (False, True)
        }
        # the last word-before span _digits_at read (text, offset, span): extract asks for the same one right after
        self._digits_span: tuple[str, int, tuple[int, int]] | None = None

    @classmethod
    def from_tables(cls, currencies: pd.DataFrame | None, units: pd.DataFrame | None) -> FigureExtractor:
        """Build from the curated tables (reference/currencies.csv, reference/units.csv); CLDR is added here."""
        unit_map: dict[str, str] = {}
        if units is not None:
            for rec in units.itertuples(index=False):
                for form in inflections(rec.form):
                    unit_map[form] = rec.unit
        return cls(currency_table(currencies), unit_map)

    # -- public ---------------------------------------------------------------------------------

    def extract(
        self, body: str, index: TextIndex | None = None, trigger_words: list[int] | None = None
    ) -> list[Figure]:
        """All figures of ``body`` in text order; offsets index ``body`` and ``body[start:end] == surface``
        (``index``: the body's :class:`~akhbar.text.index.TextIndex` when already made, read instead of folding;
        ``trigger_words``: its :func:`trigger_words_each`, when already found)."""
        folded = FoldedText(body) if index is None else FoldedText.from_drops(body, index.folded, index.dropped)
        t = folded.text
        if index is not None and t is not index.folded:  # folded afresh (an invisible control): its offsets differ
            index = None
        drafts: list[_Draft] = []
        limit = 0
        if index is None:
            triggers = [(m.start(), m.end(), "digits") for m in _DIGITS_RE.finditer(t)]
            triggers += [(m.start(1), m.end(1), "words") for m in _WORD_TRIGGER_RE.finditer(t)]
            triggers += [(m.start(1), m.end(1), "dual") for m in _DUAL_RE.finditer(t)]
            triggers += [
                (m.start(), m.end(), "definite") for m in _DEF_NUM_RE.finditer(t) if _definite_ok(t, m.start())
            ]
        else:
            triggers = _digit_triggers(t, index.digits)
            triggers += _glued_definite_numerals(t, triggers, index.fstarts)
            triggers += _indexed_triggers(t, index, trigger_words)
        if first := _WORD_AT_START_RE.match(t):
            triggers.append((0, first.end(), "words"))
        triggers.sort()
        for s, e, how in triggers:
            if s < limit:
                continue
            if how == "digits":
                d = self._digits_at(t, s, e)
            elif how == "words":
                d = self._words_at(t, s, e)
            elif how == "dual":
                d = self._dual_at(t, s, e)
            else:
                d = self._definite_numeral_at(body, folded, s, e)
            if d is None and how == "digits":
                d = self._partitive_at(t, s, e, drafts) or self._of_them(t, s, e, drafts)
            if d is None and how == "digits":
                sc = _SCALE_RE.match(t, e + (t[e : e + 1] in '»”")'))
                limit = sc.end() if sc else limit  # the scale word belonged to the rejected number
            if d is None:
                continue
            if d.start < limit:
                limit = max(limit, d.end)
                continue
            # the word before the figure, for the idiom and qualifier checks (mostly the one _digits_at just read)
            last = self._digits_span
            span = last[2] if last is not None and last[0] is t and last[1] == d.start else self._prev_span(t, d.start)
            if self._is_idiom(t, d, span):
                limit = max(limit, d.end)
                continue
            self._qualify(t, d, span)
            drafts.append(d)
            limit = d.end
        if not drafts:
            return []  # (most titles)
        self._resolve_currencies(t, drafts)
        self._inherit_currency(t, drafts)
        self._link_equivalents(t, drafts)
        return [self._finish(body, folded, d) for d in drafts]

    # -- numbers in digits ------------------------------------------------------------------------

    def _digits_at(self, t: str, s: int, e: int, *, in_range: bool = False) -> _Draft | None:
        """A figure whose number is the digit run t[s:e], or None when the number is not a figure."""
        raw = t[s:e]
        before = t[s - 1] if s else "\n"
        after = t[e] if e < len(t) else "\n"
        if after == "ر" and raw.isdigit() and t[e + 1 : e + 2].isdigit():
            # "2ر1 مليار" (wire style, the fraction written first): 1.2
            whole_end = _digit_end(t, e + 1)
            if t[e + 1 : whole_end].isdigit():
                raw, e = f"{t[e + 1 : whole_end]}.{raw}", whole_end
                after = t[e] if e < len(t) else "\n"
        if before in "/:" and s > 1 and t[s - 2].isdigit() or after in "/:" and t[e + 1 : e + 2].isdigit():
            return None  # d/m/y dates, times, scores written 2:1
        if before in "-–" and s > 1 and not t[s - 2].isdigit() and not t[s - 2].isspace():
            return None  # name part: كوفيد-19, الإقليمي-22
        if after.isascii() and after.isalpha():
            return None  # 5G, 4x4
        if (s == 0 or before == "\n") and _LIST_NUMBER_RE.match(t, e):
            return None  # list numbering "1- ..."
        if raw.isdigit() and (len(raw) >= 6 and not raw.endswith("000") or len(raw) >= 4 and raw[0] == "0"):
            return None  # phone numbers, hotlines, codes
        start = anchor = s
        if before in "-–" and s > 1 and t[s - 2].isdigit():
            anchor = s - 1 - len(_DIGITS_BEFORE_RE.search(t, max(0, s - 20), s - 1).group(0))  # "يوم الثلاثاء ٥-١٠"
        attached = _LETTERS_BEFORE_RE.search(t, max(0, s - 12), s) if s and t[s - 1].isalpha() else None
        if attached and attached.group(1) == "ال" and not in_range:
            return self._definite_digits_at(t, attached.start(), s, e)
        if attached:
            word = attached.group(1)
            if word.isascii() or word not in _ATTACHED_OK and len(word) < 3:
                return None  # C5, الـ24 (ordinal), م2; a longer word is glued by a typo ("بنسبة28.2", "شراء200")
            if word in _PROCLITIC_LETTERS:
                anchor = attached.start()  # "و12": the word that matters is the one before و
        pk, pj = span = self._prev_span(t, anchor)
        self._digits_span = (t, anchor, span)
        prev = t[pk:pj]
        prev_start = pk if pk < pj else anchor  # as _prev_start(t, anchor)
        if prev == "ال" and not in_range:
            return self._definite_digits_at(t, prev_start, s, e)
        if prev == "ال" or prev in _ORDINALS:
            return None  # "الـ 20", "الـ«48»"
        if prev in _LABELS_ANY and prev not in _YEAR_LABELS_ANY:
            return None  # a label, a date or a rank whatever follows: decided before reading the tail
        wrapped = before in '«“"(' and after in '»”")'
        tail = self._tail(t, e + 1 if wrapped else e, allow_definite=False)
        if tail.date:
            return None
        if wrapped:
            grouped_count = tail.kind == "count" and tail.noun is not None and _GROUPED_RE.fullmatch(raw)
            if not tail.scaled and tail.kind not in ("money", "percent") and not grouped_count:
                return None
            start = s - 1
        if prev in _LABELS_ANY:
            year_label = prev in _YEAR_LABELS_ANY
            if not year_label or not tail.scaled and tail.kind not in ("money", "percent", "quantity"):
                return None
        if prev.startswith("ال") and self._prev_word(t, prev_start) in _LABELS:
            return None  # "القرار الدولي 2170": a label and its adjective
        year_like = len(raw) == 4 and raw.isdigit() and 1900 <= int(raw) <= 2100
        if year_like and not tail.scaled and tail.kind not in ("money", "percent"):
            if _YEAR_SPAN_BEFORE_RE.search(t, max(0, s - 12), s):
                return None  # "2004 - 2005 بنحو": the end of a span of years
        if _YEAR_MARK_RE.match(t, e) and not tail.scaled and tail.kind not in ("money", "percent"):
            return None  # 2015م، 1436هـ
        if year_like and tail.kind in (None, "count") and not tail.scaled:
            if tail.kind is None or prev in _YEAR_CUES_ANY or prev in FUNCTION_WORDS or prev in MONTHS:
                return None
            if tail.noun and t[tail.noun[0]] in "وف":
                return None  # "2009 وتفيد": a conjunction and a verb, not a counted noun
        near = t[max(0, start - 2) : start]
        symbol = (
            _SYMBOL_BEFORE_RE.search(t, max(0, start - 2), start) if near and any(c in _SYMBOLS for c in near) else None
        )
        if symbol and tail.kind == "count" and not tail.scaled and symbol.group(1) in "%٪":
            tail = _Tail(end=e)  # "و%3.17 أواخر": the sign makes a percentage; the next word is not counted
        if tail.kind is None and symbol and not tail.noun:
            sym = symbol.group(1)
            tail.kind = "percent" if sym in "%٪" else "money"
            tail.unit = (
                "percent" if sym in "%٪" else self.currencies[sym].resolve("") if sym in self.currencies else None
            )
            start = symbol.start(1)
        percent_head = prev.removeprefix("ب") in _PERCENT_HEADS and after not in ".,"
        if tail.kind is None and not tail.scaled and not symbol and percent_head:
            tail.kind, tail.unit = "percent", "percent"  # "بنسبة 14.8"
        if tail.kind is None and not tail.scaled:
            if in_range:
                return None
            partner = self._range_partner(t, e)
            if partner is None:
                return None
            if partner.tail.date:
                return None
            value = parse_digits(raw)
            if value is None:
                return None
            ptail = partner.tail
            inherited = _Tail(end=e, scale=ptail.scale, unit=ptail.unit, kind=ptail.kind, noun=ptail.noun)
            return _Draft(start, e, value * ptail.scale, inherited, currency_context=start)
        value = parse_digits(raw, count_context=not tail.scaled and tail.kind in ("count", "quantity"))
        if value is None:
            return None
        if tail.kind is None and tail.scaled and (rest := self._compound_rest(t, tail.end, tail.scale)):
            return _Draft(start, rest.end, tail.amount(value) + rest.value, rest.tail, currency_context=start)
        if tail.kind is None and tail.scaled and not in_range:
            partner = None  # a scaled number may still share the unit of the next one: "6 آلاف و8 آلاف يورو"
            rng = _RANGE_RE.match(t, tail.end)
            if rng:
                partner = self._digits_at(t, rng.end(), _digit_end(t, rng.end()), in_range=True)
            if partner is not None and partner.tail.kind in ("money", "quantity", "percent"):
                tail.unit, tail.kind = partner.tail.unit, partner.tail.kind
        return _Draft(start, tail.end, tail.amount(value), tail, currency_context=start)

    def _partitive_at(self, t: str, s: int, e: int, drafts: list[_Draft]) -> _Draft | None:
        """ "87 قصيدة منها 65": a bare number after منها/من بينها/بينهم counts part of the count just before it.

        The part counts the same noun and is smaller; nothing else may follow the number (no unit, scale or date).
        """
        ante = drafts[-1] if drafts else None
        if ante is None or ante.tail.kind != "count" or not ante.tail.noun or ante.value is None:
            return None
        k, jj = self._prev_span(t, s)
        if t[k:jj] in _QUAL_LAST_ANY and (q := _QUAL_BEFORE_RE.search(t, max(0, s - 40), s)):
            k, jj = self._prev_span(t, q.start())  # "منها نحو 30"
        if t[k:jj] not in _PARTITIVE_ANY or ante.end > k or not _PARTITIVE_GAP_RE.fullmatch(t, ante.end, k):
            return None
        after = t[e : e + 2]
        if after[:1].isascii() and after[:1].isalpha() or after[:1] in ("/", ":", "-", "–") and after[1:].isdigit():
            return None  # "5G", "3/4", "3-1"
        value = parse_digits(t[s:e], count_context=True)
        if value is None or not 0 < value < ante.value:
            return None
        tail = self._tail(t, e, allow_definite=False)
        if tail.kind is not None or tail.scaled or tail.date:
            return None
        return _Draft(s, e, value, _Tail(end=e, kind="count", noun=ante.tail.noun), currency_context=s)

    def _compound_rest(self, t: str, p: int, scale: float) -> _Draft | None:
        """ "3 ملايين و500 ألف نسمة", "مليار و200 مليون دولار": a smaller scaled part after و adds to the number."""
        comp = _COMPOUND_RE.match(t, p)
        if not comp:
            return None
        rest = self._digits_at(t, comp.end(), _digit_end(t, comp.end()), in_range=True)
        if rest is None or rest.value is None or rest.value >= scale:
            return None
        if not rest.tail.scaled and rest.tail.kind is None:
            return None  # "331 ألفا و500 مسافر" adds up; a bare "و500" does not
        return rest

    def _range_partner(self, t: str, e: int) -> _Draft | None:
        """The second number of a range ("من 3 إلى 4 في المائة", "15 – 20", "10 و20 مليار")."""
        rng = _RANGE_RE.match(t, e)
        if not rng:
            return None
        s2 = rng.end()
        d = self._digits_at(t, s2, _digit_end(t, s2), in_range=True)
        if d is None:
            tail = self._tail(t, _digit_end(t, s2), allow_definite=False)
            return _Draft(s2, s2, None, tail) if tail.date else None
        return d

    def _definite_digits_at(self, t: str, a: int, s: int, e: int) -> _Draft | None:
        """ "الـ 48 شاعرا", "الـ«48» الذين": a definite number counts when a noun or a plural relative follows.

        After a singular noun the same form is an ordinal ("الاجتماع الـ24 للمجلس"): no counted noun follows it.
        """
        value = parse_digits(t[s:e], count_context=True)
        if value is None or value < 2:
            return None
        wrapped = t[s - 1 : s] in '«“"' and t[e : e + 1] in '»”"'
        end = e + 1 if wrapped else e
        tail = self._tail(t, end, allow_definite=False)
        if tail.date:
            return None
        if tail.scaled or tail.kind in ("money", "percent", "quantity"):
            return _Draft(a, tail.end, tail.amount(value), tail, currency_context=a)
        if tail.kind == "count" and tail.noun:
            noun = t[tail.noun[0] : tail.noun[1]]
            accusative = noun.endswith("ا") and not noun.endswith("يا")  # "شاعرا", not the adverb "عالميا"
            if accusative or value <= 10 and noun[0] not in "لبوف":
                return _Draft(a, tail.end, value, tail, currency_context=a)
            return None
        rel = _NOUN_RE.match(t, end)
        head = self._def_head(None, None, t, a)
        plural_head = head is not None and _SOUND_PLURAL_RE.match(t, head[1], head[2]) is not None
        if rel and rel.group(1) in _PLURAL_RELATIVES or plural_head:
            tail = _Tail(end=end, kind="count", noun=(head[1], head[2], False) if head else None)
            return _Draft(head[0] if plural_head else a, end, value, tail, currency_context=a)
        return None

    def _def_head(self, body: str | None, folded: FoldedText | None, t: str, s: int) -> tuple[int, int, int] | None:
        """The definite noun that a number right after it describes: (surface start, stem start, stem end).

        "المواسم الثلاثة" -> المواسم; nisba adjectives in between are skipped ("الدول العربية الخمس"); after an
        adjective, an indefinite noun in construct with a name heads the phrase ("دول آسيا الوسطى الخمس").
        A singular feminine noun (ending in ة in ``body``) is a genitive, not the counted head.
        """
        words = self._words_before(t, s, 4)
        skipped = 0
        for i, (a, b) in enumerate(words):
            w = t[a:b]
            stem = (
                a + 2
                if w.startswith("لل")
                else a + 3
                if w[:1] in "وفبك" and w[1:3] == "ال"
                else a + 2
                if w.startswith("ال")
                else None
            )
            if stem is not None:
                if t[stem:b].endswith(("ي", "يه")) and skipped < 2:
                    skipped += 1  # an adjective: "الوسطى", "العربية"
                    continue
                lead = a + 1 if w[:1] in "وفبك" and w[1:3] == "ال" else a
                return (lead, stem, b) if self._head_ok(body, folded, t, stem, b) else None
            if not skipped or w in FUNCTION_WORDS or i + 1 >= len(words):
                return None
            a2, b2 = words[i + 1]
            w2 = t[a2:b2]
            if w2.startswith("ال") or w2 in FUNCTION_WORDS:
                return None
            a2 += 1 if w2[:1] in "وف" and len(w2) >= 4 else 0  # "ودول"
            return (a2, a2, b2) if self._head_ok(body, folded, t, a2, b2) else None
        return None

    @staticmethod
    def _head_ok(body: str | None, folded: FoldedText | None, t: str, a: int, b: int) -> bool:
        """Whether folded t[a:b] (a stem without its article) can be a counted plural head."""
        stem = t[a:b]
        if len(stem) < 3 or stem in FUNCTION_WORDS or "ال" + stem in _WEEKDAYS or stem in MONTHS:
            return False
        if "ال" + stem in _LABELS or "ال" + stem in _ORDINALS or stem in _TRIGGER_WORDS:
            return False
        if stem.startswith("ت") and not stem.endswith("ات"):
            return False  # verbal nouns ("التعاون") head a genitive chain, they are not counted
        if body is not None and folded is not None and body[folded.original(b) - 1] == "ة":
            return False
        return True

    @staticmethod
    def _words_before(t: str, s: int, n: int) -> list[tuple[int, int]]:
        """Spans of up to ``n`` words before ``s``, nearest first, stopping at punctuation or a line end."""
        out: list[tuple[int, int]] = []
        j = s
        while len(out) < n:
            while j > 0 and t[j - 1] in " \t":
                j -= 1
            k = _letters_start(t, j)
            if k == j:
                break
            out.append((k, j))
            j = k
        return out

    def _definite_numeral_at(self, body: str, folded: FoldedText, s: int, e: int) -> _Draft | None:
        """ "الدول الخمس" (a count of 5 دول), "السنوات الخمس" (5 years), "فاق الخمسة ملايين متابع"."""
        t = folded.text
        word = t[s + 2 : e]
        if s and t[s - 1].isalpha():
            return None  # "والخمسة": a coordinated numeral, not an adjective
        prev = self._prev_word(t, s)
        if _SCALE_RE.match(t, e) or _TEEN_RE.match(t, e) or prev in FUNCTION_WORDS:
            d = self._words_at(t, s + 2, e)  # a scale or a teen after it: the numeral opens a number phrase
            if d is not None:
                d.start = d.currency_context = s
            return d
        head = self._def_head(body, folded, t, s)
        if head is not None:
            lead, hs, he = head
            stem = t[hs:he]
            value, end = float(ONES[word]), e
            if value < 10 and (tens := _DEF_TENS_RE.match(t, e)):
                value, end = value + TENS[tens.group(1)], tens.end()  # "الشعراء الخمسة والثلاثين": 35
            if stem in self.units:
                tail = _Tail(end=end, unit=self.units[stem], kind="quantity")
            else:
                tail = _Tail(end=end, kind="count", noun=(hs, he, False))
            return _Draft(lead, end, value, tail, currency_context=lead)
        return None

    # -- numbers in words -------------------------------------------------------------------------

    def _words_at(self, t: str, token_start: int, token_end: int) -> _Draft | None:
        """A figure starting with a number word, a bare scale word, a vague amount or a fraction."""
        token = t[token_start:token_end]
        for n in _DEFINITE_SCALE_SPLITS.get(token, ()):
            d = self._definite_scale_at(t, token_start + n - 2, token_end, token[n:])
            if d is not None:
                return d
        pro = _WORD_PROCLITIC_OF.get(token)
        if pro is None:
            return None  # "المليار" with no currency after it
        word, s = token[len(pro) :], token_start + len(pro)
        prev = self._prev_word(t, token_start)
        if prev in _ORDINALS or prev in _LABELS and word in SCALES:
            return None  # "الحادي عشر", "عام ألفين"
        if word in VAGUE:
            return self._vague_at(t, s, token_end)
        if word in FRACTIONS:
            d = self._fraction_at(t, s, token_end)
            if d is not None or word != "خمس":
                return d
        if word == "ست" and pro:
            return None  # لست، وست (West Ham): not "six"
        if word in _TEEN_ONLY and not _TEEN_RE.match(t, token_end):
            return None  # "أثنى" (praised) folds to اثني; alone these forms are not numbers
        if word in ("عشر", "عشره") and prev.removeprefix("ال") in ONES:
            return None  # "الخمسة عشر": the teen's first word is definite, an ordinal-like use
        words = [word]
        end = token_end
        while nxt := _NUMWORD_NEXT_RE.match(t, end):
            if nxt.group(2) in SCALES and nxt.group(1):
                break  # "مليار وخمسة": a second number starts
            words.append(nxt.group(1) + nxt.group(2))
            end = nxt.end()
        if len(words) == 1 and word in ONES and ONES[word] == 1:
            return None  # "واحد"، "إحدى": "one of", an article-like use
        value = parse_number_words(words)
        if value is None:
            return None
        # The last scale word read, per unit ("مليونين" -> 1e6): a half after it is half of that scale.
        unit_scale = next(
            (
                SCALES.get(w.removeprefix("و")) or DUAL_SCALES[w] / 2
                for w in reversed(words)
                if w.removeprefix("و") in SCALES or w in DUAL_SCALES
            ),
            0.0,
        )
        has_scale = unit_scale > 0
        tail = self._tail(t, end, allow_definite=False, after_scale=unit_scale)
        if tail.date or tail.kind is None and not (has_scale or tail.scaled):
            return None
        last_scale = next((SCALES[w.removeprefix("و")] for w in reversed(words) if w.removeprefix("و") in SCALES), 0.0)
        if tail.kind is None and last_scale and (rest := self._compound_rest(t, tail.end, last_scale)):
            return _Draft(s, rest.end, tail.amount(value) + rest.value, rest.tail, currency_context=s)
        if word in SCALES and tail.kind is None and not tail.scaled:
            return None  # a bare "مليون" with nothing counted
        return _Draft(s, tail.end, tail.amount(value), tail, currency_context=s)

    def _definite_scale_at(self, t: str, s: int, e: int, word: str) -> _Draft | None:
        """ "المليار دولار": a definite scale word before a currency is one of that scale (1e9 USD)."""
        tail = self._tail(t, e, allow_definite=False, after_scale=SCALES[word])
        if tail.kind != "money" or tail.scaled or tail.date:
            return None
        return _Draft(s, tail.end, tail.amount(SCALES[word]), tail, currency_context=s)

    def _dual_at(self, t: str, s: int, e: int) -> _Draft | None:
        """ "صفقتين", "يومين", "مرتين": a dual noun counts two; a time noun is a quantity in its unit's code."""
        word = t[s:e]
        noun = _DUALS.get(word) or _DUALS[word[2:] if word[:2] in _TWO_LETTER_PROCLITICS else word[1:]]
        nxt = _NOUN_RE.match(t, e)
        if nxt and nxt.group(1) in _TWO_WORDS:
            return None  # "يومين اثنين": the number word is read on its own
        code = self.units.get(fold(noun))
        tail = _Tail(end=e, unit=code or noun, kind="quantity" if code else "count")
        return _Draft(s, e, 2.0, tail, currency_context=s)

    def _of_them(self, t: str, s: int, e: int, drafts: list[_Draft]) -> _Draft | None:
        """ "السفن ... 15 منها": a bare number before منها/منهم counts what its sentence counted or named before.

        A count figure earlier in the sentence lends its noun ("31 عقدا في المشروع 7-8 منها"); else the nearest
        definite noun that is neither a nisba adjective nor a singular feminine noun ("السفن", not "القناة").
        """
        if not _OF_THEM_RE.match(t, e) or t[s - 1 : s].isalpha():
            return None
        prev = self._prev_word(t, s)
        if prev in _LABELS_ANY or prev in _ORDINALS or prev == "ال" or len(t[s:e]) == 4 and t[s:e].isdigit():
            return None  # "المادة 7 منها": a label; "2019 منها": a year
        lo = max(t.rfind(".", 0, s), t.rfind("\n", 0, s), s - 120, 0)
        value = parse_digits(t[s:e], count_context=True)
        if value is None:
            return None
        ante = drafts[-1] if drafts else None
        if ante is not None and ante.start >= lo and ante.tail.kind == "count" and ante.tail.noun:
            if ante.value is None or value < ante.value:
                return _Draft(s, e, value, _Tail(end=e, kind="count", noun=ante.tail.noun), currency_context=s)
        heads = [m for m in _DEF_WORD_RE.finditer(t, lo, s) if m.group(1)]
        for m in reversed(heads):
            stem = m.group(2)
            if stem.endswith(("ي", "يه", "ه")) or stem in FUNCTION_WORDS:
                continue  # a nisba adjective ("الدولية") or a singular feminine noun ("القناة"), not a plural
            if m.group(0)[0] in "بلك" or self._prev_word(t, m.start()) in FUNCTION_WORDS:
                continue  # governed by a preposition ("خلال الشهر"): a circumstance, not what is counted
            tail = _Tail(end=e, kind="count", noun=(m.start(2), m.end(2), False))
            return _Draft(s, e, value, tail, currency_context=s)
        return None

    def _vague_at(self, t: str, s: int, e: int) -> _Draft | None:
        """ "عشرات المليارات من الدولارات", "آلاف الأشخاص": a magnitude without a value."""
        end = e
        sc = _VAGUE_SCALE_RE.match(t, end)
        if sc:
            end = sc.end()
        if pron := _VAGUE_PRONOUN_RE.match(t, end):
            return _Draft(s, pron.end(), None, _Tail(end=pron.end(), kind="count"), approx=True, currency_context=s)
        if t[s:e] in _DEFINITE_VAGUE and not _PARTITIVE_RE.match(t, end):
            return None  # "العشرات" needs من: "العشرات من وثائق التعاون", "العشرات منهم"
        tail = self._tail(t, end, allow_definite=True)
        if tail.kind is None or tail.date:
            return None
        return _Draft(s, tail.end, None, tail, approx=True, currency_context=s)

    def _fraction_at(self, t: str, s: int, e: int) -> _Draft | None:
        """ "نصف مليون" (a number), "خمس وارداتها" / "نصف السكان" (a percentage), "نصف ساعة" (a quantity)."""
        word = t[s:e]
        sc = _SCALE_RE.match(t, e)
        if sc and word != "خمس":
            tail = self._tail(t, e, allow_definite=False)
            if tail.kind is None and not tail.scaled or tail.date:
                return None
            return _Draft(s, tail.end, tail.amount(FRACTIONS[word] / 100), tail, currency_context=s)
        noun = _NOUN_RE.match(t, e)
        if not noun or noun.start(1) != e + 1:
            return None
        w = noun.group(1)
        if w.removeprefix("ال") == self._prev_word(t, s - 1 if t[s - 1 : s] == "و" else s):
            return None  # "سنة ونصف السنة": a half of the unit just named, not a share
        if w not in FUNCTION_WORDS and w not in _FRACTION_IDIOMS and self._measurable(t, noun.end(1), w):
            return _Draft(s, e, FRACTIONS[word], _Tail(end=e, unit="percent", kind="percent"), currency_context=s)
        if word != "خمس":
            unit = self._unit_re[False].match(t, e)
            if unit:
                tail = _Tail(end=unit.end(), unit=self.units[_norm_space(unit.group(1))], kind="quantity")
                return _Draft(s, unit.end(), FRACTIONS[word] / 100, tail, currency_context=s)
        return None

    @staticmethod
    def _measurable(t: str, end: int, w: str) -> bool:
        """Whether the noun ``w`` after a fraction names something measured or counted ("السكان", "وارداتها").

        Definite or possessed nouns qualify when plural or in the measurable lexicon ("نصف الشورى" does not);
        an indefinite one only in construct with what follows ("ثلث مساحة البلاد").
        """
        if _SUFFIXED_RE.match(w):
            return True
        if w.startswith("ال"):
            stem = w[2:]
            return stem in _MEASURABLE or _SOUND_PLURAL_RE.match(stem) is not None
        nxt = _NOUN_RE.match(t, end)
        return w in _MEASURABLE and nxt is not None and nxt.start(1) == end + 1 and nxt.group(1) not in FUNCTION_WORDS

    def _is_idiom(self, t: str, d: _Draft, span: tuple[int, int]) -> bool:
        """Numbers that name rather than count: "ألف ليلة وليلة", "ألف مبروك", a title after رواية/بعنوان."""
        noun = d.tail.noun
        if noun:
            w = t[noun[0] : noun[1]]
            if w in _IDIOM_NOUNS or _repeated_after(t, d.end, w):
                return True  # "ألف ليلة وليلة", "مئة سؤال وسؤال": "a thousand and one", not a quantity
        k, j = span  # the word before the figure
        cue = t[k:j]
        if cue in _TITLE_CUES:
            return True
        return cue in _TITLE_LINKS and self._prev_word(t, k) in _TITLE_CUES  # "رواية عن مئة عام"

    # -- what follows a number ----------------------------------------------------------------------

    def _tail(self, t: str, p: int, *, allow_definite: bool, after_scale: float = 0.0) -> _Tail:
        """Scale words, then percent / currency / unit / counted noun after position ``p``.

        ``after_scale`` is the scale word the caller already read (1e6 for "مليونين"), 0 when none.
        """
        tail = _Tail(end=p)
        c = t[p : p + 1]
        if not c or not c.isalnum() and (c == "\n" or not c.isspace()) and c not in self._tail_starts:
            return tail  # punctuation or the end: no scale, unit, noun or quote can start here
        accusative = False
        last_word = after_scale  # the last scale word's own value: a repeated scale after ونصف must equal it
        for _ in range(2):
            sc = _SCALE_RE.match(t, tail.end)
            if not sc:
                break
            last_word = SCALES[sc.group(1)]
            tail.scale *= last_word
            tail.scaled = True
            tail.end = sc.end()
            accusative = sc.group(1) in _ACCUSATIVE_SCALES
        if tail.scaled or after_scale:
            half = _HALF_RE.match(t, tail.end)
            if half:
                unit = tail.scale if tail.scaled else after_scale
                tail.half = HALF_WORDS[half.group(1)] * unit
                tail.end = half.end()
                again = _HALF_SCALE_RE.match(t, tail.end)  # "مليون ونصف مليون زيارة": the scale is repeated
                if again and last_word == SCALES[again.group(1)]:
                    tail.end = again.end()
        if m := _PERCENT_RE.match(t, tail.end):
            tail.end, tail.unit, tail.kind = m.end(), "percent", "percent"
            return tail
        if self._unit_or_currency(t, tail, tail.end, definite=allow_definite):
            return tail
        if part := _PARTITIVE_RE.match(t, tail.end):
            noun = _NOUN_RE.match(t, part.end())
            if noun:
                stem = noun.group(1).removeprefix("ال")
                if stem in MONTHS or noun.group(1).startswith("ال") and stem in _DATE_ANCHORS:
                    tail.date = True  # "18 من الشهر", "7 من يناير"
                    return tail
            if self._unit_or_currency(t, tail, part.end(), definite=True):
                return tail
            if noun:
                if self._is_counted_noun(noun.group(1), definite_ok=True) and stem not in _NOT_COUNTED:
                    tail.end, tail.kind = noun.end(), "count"
                    tail.noun = (noun.start(1), noun.end(1), noun.group(1).startswith("ال"))
                    return tail
        if accusative:
            return tail
        if q := _QUOTED_RE.match(t, tail.end):
            inner = q.group(2).strip()
            if len(inner.split()) <= 3 and re.fullmatch(r"[^\W\d_A-Za-z]+(?: [^\W\d_A-Za-z]+)*", inner):
                if self._is_counted_noun(inner.split()[0], definite_ok=allow_definite):
                    tail.end, tail.kind = q.end(), "count"
                    tail.noun = (q.start(2), q.end(2), False)
                    return tail
        if noun := _NOUN_RE.match(t, tail.end):  # also glued to the digits: "17عاما"
            w = noun.group(1)
            if w in MONTHS:
                tail.date = True
            elif self._is_counted_noun(w, definite_ok=allow_definite):
                tail.end, tail.kind = noun.end(), "count"
                tail.noun = (noun.start(1), noun.end(1), allow_definite and w.startswith("ال"))
        return tail

    def _unit_or_currency(self, t: str, tail: _Tail, p: int, *, definite: bool) -> bool:
        """Match a currency or a measurement unit at ``p``; fill ``tail`` and say whether one was found."""
        cur = self._match_currency(t, p) if definite else self._currency_re.match(t, p)
        if cur:
            tail.end, tail.kind = cur.end(), "money"
            tail.unit = cur.group(1) or _norm_space(cur.group(2))  # a form; resolved to a code in _resolve_currencies
            return True
        unit = self._unit_re[definite].match(t, p)
        if unit:
            tail.end, tail.kind = unit.end(), "quantity"
            tail.unit = self.units[_norm_space(unit.group(1))]
            return True
        return False

    def _match_currency(self, t: str, p: int) -> re.Match[str] | None:
        """A currency at ``p`` that may carry the article ("الدولارات"): the article first, then without it.

        Same match as ``{_SP}*(?:(sym)|(?:ال)?(words)(?!\\w))``: a symbol never starts with ال, and every word
        form starts with a word character, so it cannot start with a space or a symbol.
        """
        if self._currency_def_re is not None:
            return self._currency_def_re.match(t, p)
        q = _HSPACES_RE.match(t, p).end()
        if t.startswith("ال", q):
            m = self._currency_re.match(t, q + 2)
            if m is not None and m.start(2) == q + 2:
                return m
        return self._currency_re.match(t, p)

    @staticmethod
    def _is_counted_noun(word: str, *, definite_ok: bool) -> bool:
        """Whether a folded word can be the counted noun after a number."""
        if word in FUNCTION_WORDS or word in MONTHS or word in _TRIGGER_WORDS or word in _QUALIFIERS:
            return False
        if word in _ORDINAL_WORDS or word[:1] == "و" and word[1:] in _TRIGGER_WORDS:
            return False
        if word.startswith("ال") and not definite_ok:
            return False
        if word.startswith(("وال", "بال", "فال", "كال", "لل")) or len(word) < 2:
            return False
        return not word.endswith("وا")  # past-tense plural verbs: "قتلوا"

    # -- context ------------------------------------------------------------------------------------

    @staticmethod
    def _prev_span(t: str, s: int) -> tuple[int, int]:
        """Span of the folded word right before offset ``s`` (through spaces and an opening quote)."""
        j = s
        while j > 0 and t[j - 1] in ' \t«“"(':
            j -= 1
        return _letters_start(t, j), j

    def _prev_word(self, t: str, s: int) -> str:
        """The folded word right before offset ``s`` (through spaces and an opening quote), or ""."""
        k, j = self._prev_span(t, s)
        return t[k:j]

    def _prev_start(self, t: str, s: int) -> int:
        """Offset where the word before ``s`` starts (``s`` when there is none)."""
        k, j = self._prev_span(t, s)
        return k if k < j else s

    def _qualify(self, t: str, d: _Draft, span: tuple[int, int]) -> None:
        """Set approx and direction from a qualifier before the figure (``span``: the word before it) or تقريبا after it."""
        last = t[span[0] : span[1]]
        q = None
        if last in _QUAL_LAST_ANY:
            q = _QUAL_BEFORE_RE.search(t, max(0, d.start - 40), d.start)
        if q and q.group(1) == "حتي" and (t[q.start() : q.start(1)] or self._prev_word(t, q.start(1)) in _EVEN_BEFORE):
            q = None  # "أو حتى 100 عام", "وحتى": "even", not "up to"
        if q:
            d.approx, d.direction = True, _QUALIFIERS[" ".join(q.group(1).split())]
            return
        if last == "الي":  # "قد تصل الغرامة إلى 50 ألف ريال": the verb of reaching, its subject in between
            k = span[0]
            if any(t[a:b] in _REACH_VERBS for a, b in self._words_before(t, k, 3)):
                d.approx, d.direction = True, "at_most"
                return
        q = _QUAL_AFTER_RE.match(t, d.end)
        if q:
            d.approx, d.direction = True, _QUALIFIERS[" ".join(q.group(1).split())]

    def _resolve_currencies(self, t: str, drafts: list[_Draft]) -> None:
        """Turn matched currency forms into ISO codes; a word several countries use goes by the story's country."""
        for d in drafts:
            if d.tail.kind == "money" and d.tail.unit in self.currencies:
                d.tail.unit = self.currencies[d.tail.unit].resolve(t[: d.currency_context], t)

    @staticmethod
    def _inherit_currency(t: str, drafts: list[_Draft]) -> None:
        """A scaled number without unit ("41 مليونا") is money only by its clause, never by a distant currency.

        The nearest head word before it in its clause decides: a count head ("عدد سكانها") makes a count; a money
        head ("أرباحها", "بقيمة") makes money, in the currency of the nearest money figure of its paragraph
        (or of the article, when the article names one currency only); with no head, a money figure in the same
        clause ("49 مليون ريال مقارنة بـ41 مليونا") lends its currency. Otherwise it is a count without unit.
        """
        bare = [i for i, d in enumerate(drafts) if d.tail.kind is None]
        if not bare:
            return
        money = [j for j, d in enumerate(drafts) if d.tail.kind == "money" and d.tail.unit]
        codes = {drafts[j].tail.unit for j in money}
        for i in bare:
            d = drafts[i]
            head = _clause_head(t, d.start)
            unit = None
            if head == "money":
                para_start, para_end = t.rfind("\n", 0, d.start) + 1, _find_or_end(t, "\n", d.end)
                near = [j for j in money if para_start <= drafts[j].start < para_end]
                if near:
                    best = min(near, key=lambda j: (abs(drafts[j].start - d.start) + (0 if j < i else 1), j))
                    unit = drafts[best].tail.unit
                elif len(codes) == 1:
                    unit = next(iter(codes))
                d.tail.kind, d.tail.unit = "money", unit
            elif head is None:
                lo, hi = _clause_bounds(t, d.start, d.end)
                near = [j for j in money if lo <= drafts[j].start and drafts[j].end <= hi]
                if near:
                    best = min(near, key=lambda j: (abs(j - i), -j if j < i else j))
                    d.tail.kind, d.tail.unit = "money", drafts[best].tail.unit
                else:
                    d.tail.kind = "count"
            else:
                d.tail.kind = "count"

    @staticmethod
    def _link_equivalents(t: str, drafts: list[_Draft]) -> None:
        """ "26 مليار رنمينبي (3.7 مليار دولار)": the second restates the first in another unit."""
        for i in range(1, len(drafts)):
            a, b = drafts[i - 1], drafts[i]
            if a.tail.kind != b.tail.kind or a.tail.kind not in ("money", "quantity"):
                continue
            if not a.tail.unit or not b.tail.unit or a.tail.unit == b.tail.unit:
                continue
            gap = _EQUIV_GAP_RE.fullmatch(t, a.end, b.start)
            if gap and gap.group(0).strip():
                b.equivalent_of = i - 1

    @staticmethod
    def _finish(body: str, folded: FoldedText, d: _Draft) -> Figure:
        """Map a draft back to the body: offsets, surface and the unit as written."""
        start, end = folded.original(d.start), folded.original(d.end)
        unit = d.tail.unit
        if d.tail.kind == "count" and d.tail.noun:
            ns, ne, drop_article = d.tail.noun
            unit = arabic_letters(_UNIT_CLEAN_RE.sub("", body[folded.original(ns) : folded.original(ne)]).strip())
            if drop_article and unit.startswith("ال"):
                unit = unit[2:]
        return _new_figure(
            start=start,
            end=end,
            surface=body[start:end],
            value=d.value,
            unit=unit,
            kind=d.tail.kind or "count",
            approx=d.approx,
            approx_direction=d.direction,
            equivalent_of=d.equivalent_of,
        )


def _letters_start(t: str, j: int) -> int:
    """Start of the run of letters that ends at ``j`` (``j`` when t[j - 1] is not a letter)."""
    # Usually a space opens the word: one rfind and one isalpha in C instead of a loop over its letters.
    lo = j - 24 if j > 24 else 0
    i = t.rfind(" ", lo, j) + 1
    if (i or not lo) and t[i or lo : j].isalpha():
        return i or lo
    k = j
    while k > 0 and t[k - 1].isalpha():
        k -= 1
    return k


def _repeated_after(t: str, end: int, word: str) -> bool:
    """Whether spaces, "و" and ``word`` as a whole word follow ``end``, within len(word) + 4 characters ("ليلة وليلة")."""
    # The same answer as a regex of _SP, و and the word matched on the window, without compiling one per counted noun:
    # on real news most nouns are new to a cache of patterns (12,000 SaudiNewsNet texts: extraction 7% faster).
    window = t[end : end + len(word) + 4]
    j = 0
    while j < len(window) and window[j] != "\n" and window[j].isspace():  # _SP: str.isspace is the regex's \s
        j += 1
    return j > 0 and window.startswith("و" + word, j) and not _WORD_CHAR_RE.match(window, j + 1 + len(word))


def _find_or_end(t: str, sub: str, start: int) -> int:
    """Index of ``sub`` in ``t`` from ``start``, or len(t)."""
    i = t.find(sub, start)
    return len(t) if i < 0 else i


def _clause_bounds(t: str, s: int, e: int) -> tuple[int, int]:
    """Folded span of the clause around t[s:e]: between sentence ends, commas, colons and line ends."""
    lo = s
    while lo > 0 and not _CLAUSE_END_RE.match(t, lo - 1) or lo > 0 and _is_decimal_point(t, lo - 1):
        lo -= 1
    m = _CLAUSE_END_RE.search(t, e)
    while m and _is_decimal_point(t, m.start()):
        m = _CLAUSE_END_RE.search(t, m.end())
    return lo, m.start() if m else len(t)


def _is_decimal_point(t: str, i: int) -> bool:
    """Whether t[i] is a separator inside a number ("3.5", "1,200")."""
    return t[i] in ".," and 0 < i < len(t) - 1 and t[i - 1].isdigit() and t[i + 1].isdigit()


def _clause_head(t: str, s: int) -> str | None:
    """ "money" or "count" from the nearest head word before ``s`` in its sentence, or None."""
    lo = max(0, s - _HEAD_WINDOW)
    for i in range(s - 1, lo - 1, -1):
        if t[i] in "!?؟؛\n" or t[i] == "." and not _is_decimal_point(t, i):
            lo = i + 1
            break
    for m in reversed(list(_WORD_RE.finditer(t, lo, s))):
        w = m.group(0)
        for cand in (w, *(w[len(p) :] for p in PROCLITICS if w.startswith(p) and len(w) - len(p) >= 2)):
            if cand in _COUNT_HEADS:
                return "count"
            if cand in _MONEY_HEADS:
                return "money"
    return None


def _digit_end(t: str, s: int) -> int:
    """End of the digit run starting at ``s``."""
    m = _DIGITS_RE.match(t, s)
    return m.end() if m else s


def _norm_space(text: str) -> str:
    """Collapse runs of spaces to one (multi-word forms are stored with single spaces)."""
    return " ".join(text.split())


_TableKey = tuple[tuple[str, ...], tuple[tuple[object, ...], ...]]


def _table_key(frame: pd.DataFrame | None) -> _TableKey | None:
    """A hashable key of a reference table's contents (column names and rows)."""
    if frame is None:
        return None
    return (tuple(map(str, frame.columns)), tuple(frame.itertuples(index=False, name=None)))


def shared_extractor(currencies: pd.DataFrame | None, units: pd.DataFrame | None) -> FigureExtractor:
    """The extractor of two curated tables, built once per process for equal tables (steps run once per batch).

    Building compiles large currency and unit regexes; the returned extractor is shared and never changes.
    """
    return _shared_extractor(_table_key(currencies), _table_key(units))


@functools.lru_cache(maxsize=4)  # a handful of distinct tables per process at most
def _shared_extractor(currencies: _TableKey | None, units: _TableKey | None) -> FigureExtractor:
    """The extractor of two tables given by their keys (:func:`_table_key`)."""
    return FigureExtractor.from_tables(_table_frame(currencies), _table_frame(units))


def _table_frame(key: _TableKey | None) -> pd.DataFrame | None:
    """The table a :func:`_table_key` was made of (text columns, as reference tables are read)."""
    return None if key is None else pd.DataFrame(list(key[1]), columns=list(key[0]), dtype=object)


def extract_figures(body: str, extractor: FigureExtractor) -> list[Figure]:
    """All figures of one article body (see :class:`FigureExtractor`)."""
    return extractor.extract(body)
