"""Arabic text handling shared by every step: storage normalisation, matching fold, digits, clitics.

Two normalisations live here and nowhere else:

* :func:`normalize_storage` makes the stored body (NFC, no invisible controls, tidy whitespace) without
  changing a single letter; every offset in the release refers to its output.
* :func:`fold` / :func:`fold_with_map` make a *matching* form (alef forms, ta marbuta, alef maqsura,
  diacritics, tatweel, Arabic-Indic and Persian digits) used by extractors to compare text, with a map
  back to the stored body so that offsets stay exact.
"""

from __future__ import annotations

import bisect
import operator
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from itertools import islice

import numpy as np

# Invisible characters that only carry layout: zero-width, bidi embeddings/isolates, BOM, Arabic letter mark.
INVISIBLE = (
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff\u061c\u00ad"
)
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
_INVISIBLE_SET = frozenset(INVISIBLE)
# Runs of whitespace other than newline (incl. NBSP, tabs) that are not already a single space: few matches.
_HSPACE_RE = re.compile(r"[^\S\n]{2,}|[^\S\n ]")
# Arabic presentation forms (A and B): one code per glyph shape, left by PDF extraction and legacy software;
# NFKC maps each to the letters it draws (U+FEFF, the BOM, is invisible and removed before).
_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
# The same class without the repeat, to test a text for one: the engine scans twice as fast without it.
_PRESENTATION_CHAR_RE = re.compile(_PRESENTATION_RE.pattern[:-1])
# A line break with the spaces and blank lines after it (starts with a literal: the scan skips to it).
_LINE_BREAK_RE = re.compile(r"\n[\n ]+")

ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
DIGIT_TABLE = str.maketrans(ARABIC_INDIC_DIGITS + PERSIAN_DIGITS, "0123456789" * 2)

TATWEEL = "\u0640"
# Alef written with a hamza or madda: folding makes it a bare alef, so only the written form tells أين from اين.
HAMZA_ALEFS = frozenset("أإآ")
# Harakat, tanwin, shadda, sukun, superscript alef and Quranic marks: dropped when folding.
DIACRITICS_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
# Persian letters some outlets type for their Arabic twins (لاجئین، کتاب): same word, other code point.
_PERSIAN_TWINS = {"ی": "ي", "ک": "ك"}
_FOLD_CHARS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        **_PERSIAN_TWINS,
        **{d: str(i) for i, d in enumerate(ARABIC_INDIC_DIGITS)},
        **{d: str(i) for i, d in enumerate(PERSIAN_DIGITS)},
    }
)

_ARABIC_TWINS = str.maketrans(_PERSIAN_TWINS)


def arabic_letters(text: str) -> str:
    """``text`` with the Persian yeh and kaf written as the Arabic letters they stand for (same length)."""
    return text.translate(_ARABIC_TWINS)


_FOLD_PAIRS = tuple((chr(k), v) for k, v in _FOLD_CHARS.items())
# Characters fold_with_map drops: tatweel, diacritics and invisible controls.
_MAP_DROPPED_RE = re.compile(f"[{TATWEEL}{INVISIBLE}]|{DIACRITICS_RE.pattern}")

# One Arabic letter (no digits, no punctuation); used for word boundaries in regexes.
ARABIC_LETTER = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06fa-\u06fc"
ARABIC_LETTER_CLASS = f"[{ARABIC_LETTER}]"
# A "word character" for boundary tests: Arabic letters, marks, tatweel, Latin letters and digits.
WORD_CHAR_CLASS = f"[{ARABIC_LETTER}\u0640\u064b-\u065f\u0670A-Za-z0-9\u0660-\u0669\u06f0-\u06f9]"

# ل + article written لل (للحكومة: the article's alef is dropped), alone or after و or ف; longest first.
LIL_PROCLITICS: tuple[str, ...] = ("ولل", "فلل", "لل")

# Proclitics the press attaches to a name: conjunction (و ف), preposition (ب ل ك), article (ال), and
# combinations (وبال، فال، للـ). Longest first so that a regex alternation prefers the full prefix.
PROCLITICS: tuple[str, ...] = tuple(
    sorted(
        {c + p + a for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك") for a in ("", "ال") if c + p + a}
        | set(LIL_PROCLITICS),
        key=len,
        reverse=True,
    )
)
PROCLITIC_RE = "(?:" + "|".join(PROCLITICS) + ")"


# The dash marks that part a dateline's sides ("الرياض – واس", "سبق- الدمام"; a tatweel between spaces in some outlets).
DASHES = "-–—\u0640"


def has_dash(text: str) -> bool:
    """Does ``text`` hold one of DASHES? Without one no dateline shape matches it (a few substring tests, not a scan)."""
    return any(map(text.__contains__, DASHES))


def to_western_digits(text: str) -> str:
    """Replace Arabic-Indic and Persian digits by 0-9 (one character for one, offsets unchanged)."""
    return text.translate(DIGIT_TABLE)


@cache
def bmp_chars() -> str:
    """Every character of the Basic Multilingual Plane in code point order, lone surrogates included."""
    return np.arange(0x10000, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


def bmp_mask(char_class: str) -> np.ndarray:
    """For each character of the Basic Multilingual Plane, whether the regex ``char_class`` (one character) matches it."""
    # one regex pass over every BMP character finds the runs of matching ones, not 65,536 separate tests: +1 at
    # each run's start and -1 at its end, summed, marks its characters (runs are maximal, so no two bounds meet)
    spans = np.array([m.span() for m in re.finditer(f"(?:{char_class})+", bmp_chars())], dtype=np.int64).reshape(-1, 2)
    bounds = np.zeros(0x10001, dtype=np.int8)
    bounds[spans[:, 0]] = 1
    bounds[spans[:, 1]] = -1
    return np.cumsum(bounds[:-1]) > 0


# The kinds of character normalize_storage acts on, as bits of a table over the BMP: an invisible control, a
# presentation form, a line break other than "\n" (to become one), other whitespace than " " and "\n" (to become " ").
_INVISIBLE_KIND, _PRESENTATION_KIND, _BREAK_KIND, _SPACE_KIND = 1, 2, 4, 8
_ALL_KINDS = 15
_STORAGE_KINDS = np.zeros(0x10000, dtype=np.uint8)
_STORAGE_KINDS[[ord(c) for c in INVISIBLE]] |= _INVISIBLE_KIND
_STORAGE_KINDS[[c for c in range(0xFB50, 0xFEFF) if _PRESENTATION_CHAR_RE.match(chr(c))]] |= _PRESENTATION_KIND
_STORAGE_KINDS[[ord(c) for c in "\r\u2028\u2029"]] |= _BREAK_KIND
_STORAGE_KINDS[bmp_mask("[^\\S \n\r\u2028\u2029]")] |= _SPACE_KIND


def _storage_kinds(text: str) -> int:
    """The kinds of character (bits of _STORAGE_KINDS) that ``text`` holds: one table look-up per character instead
    of a scan per kind; every kind for a text with characters beyond the BMP."""
    codes = bmp_codes(text)
    if codes is None:
        return _ALL_KINDS
    return int(np.bitwise_or.reduce(_STORAGE_KINDS.take(codes))) if len(codes) else 0


def normalize_storage(text: str) -> str:
    """Normalise text for storage: NFC, invisible controls removed, whitespace collapsed, paragraphs kept.

    Letters are never changed, except Arabic presentation forms, which become the letters they draw (NFKC: "ﻟﻴﺔ"
    -> "لية"). Paragraphs are separated by a single newline; blank lines are dropped.
    """
    text = unicodedata.normalize("NFC", text)
    found = _storage_kinds(text)
    # whole-text passes, not one per line, and only for the kinds of character the text holds
    if found & _INVISIBLE_KIND:
        text = _INVISIBLE_RE.sub("", text)
    if found & _PRESENTATION_KIND:
        text = _PRESENTATION_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    if found & _BREAK_KIND:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    # every whitespace character other than " " and "\n" is non-printable, so a printable text has none
    if "  " in text or found & (_SPACE_KIND | _PRESENTATION_KIND) and not text.replace("\n", " ").isprintable():
        text = _HSPACE_RE.sub(" ", text)
    if " \n" in text:  # spaces are single by now
        text = text.replace(" \n", "\n")
    if "\n " in text or "\n\n" in text:
        text = _LINE_BREAK_RE.sub("\n", text)
    return text.strip(" \n")


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold text for matching and return, for each folded character, its index in ``text``.

    The map has one extra final entry equal to ``len(text)`` so that an exclusive end maps too:
    ``text[m[i]:m[j]]`` is the original span of ``folded[i:j]``.
    """
    dropped = [m.start() for m in _MAP_DROPPED_RE.finditer(text)]
    if not dropped:
        return _replace_fold(text), list(range(len(text) + 1))
    kept = np.delete(np.arange(len(text) + 1), dropped)
    return _replace_fold(_MAP_DROPPED_RE.sub("", text)), kept.tolist()


def fold_with_drops(text: str) -> tuple[str, list[int]]:
    """``fold_with_map`` with a sparse map: the folded text and the sorted indices of the characters it dropped."""
    dropped = [m.start() for m in _MAP_DROPPED_RE.finditer(text)]
    return _replace_fold(_MAP_DROPPED_RE.sub("", text) if dropped else text), dropped


def _replace_fold(text: str) -> str:
    """Letter and digit folding by a chain of str.replace (about ten times faster than str.translate)."""
    for src, dst in _FOLD_PAIRS:
        if src in text:
            text = text.replace(src, dst)
    return text


def fold(text: str) -> str:
    """Fold text for matching (alef forms, ta marbuta, alef maqsura, diacritics, tatweel, digits)."""
    return _replace_fold(DIACRITICS_RE.sub("", text.replace(TATWEEL, "")))


# Arabic letters proper (no digits, punctuation or harakat), in the Arabic and Arabic Supplement blocks.
_ARABIC_LETTERS = "\u0620-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff\u0750-\u077f"
# Letters (\\w minus digits and underscore) of any other script.
_OTHER_LETTER = f"[^\\W\\d_{_ARABIC_LETTERS}]"
_OTHER_LETTER_RE = re.compile(f"{_OTHER_LETTER}+")
# Per-character tables for the code points below U+0800 (Latin, Cyrillic, Greek, Hebrew, Arabic and more).
_TABLE_SIZE = 0x800
# The other letters of the whole Basic Multilingual Plane, for the few characters beyond the tables below
# (punctuation such as “ and –, CJK): a look-up each instead of a sort of them and a regex per distinct one.
_IS_OTHER_LETTER_BMP = bmp_mask(_OTHER_LETTER)
_IS_ARABIC_LETTER = bmp_mask(f"[{_ARABIC_LETTERS}]")[:_TABLE_SIZE].astype(np.int64)
_IS_OTHER_LETTER = _IS_OTHER_LETTER_BMP[:_TABLE_SIZE].astype(np.int64)
# The class of each character of the BMP: 1 an Arabic letter, 2 a letter of another script, 0 no letter.
_LETTER_CLASS = np.where(_IS_OTHER_LETTER_BMP, 2, 0).astype(np.uint8)
_LETTER_CLASS[: len(_IS_ARABIC_LETTER)][_IS_ARABIC_LETTER.astype(bool)] = 1
# A token (after whitespace, or at the start) made only of punctuation or symbols: not a word.
_SYMBOL_TOKEN_RE = re.compile(r"\s(?:[^\w\s]|_)+(?!\S)")
_FIRST_SYMBOL_TOKEN_RE = re.compile(r"(?:[^\w\s]|_)+(?!\S)")


def bmp_codes(text: str) -> np.ndarray | None:
    """The characters of ``text`` as 16-bit codes, for per-character table look-ups over the Basic Multilingual
    Plane; None when a character lies beyond it (it takes two UTF-16 code units)."""
    raw = text.encode("utf-16-le", "surrogatepass")
    return np.frombuffer(raw, dtype=np.uint16) if len(raw) == 2 * len(text) else None


def arabic_ratio(text: str) -> float:
    """Share of letters in ``text`` that are Arabic letters (0.0 when there are no letters)."""
    codes = bmp_codes(text)
    if codes is None:
        return _arabic_ratio_by_code_points(text)
    # one table look-up per character and a count of each class: no regex pass over the text
    _, arabic, other = np.bincount(_LETTER_CLASS.take(codes), minlength=3).tolist()
    letters = arabic + other
    return arabic / letters if letters else 0.0


def _arabic_ratio_by_code_points(text: str) -> float:
    """arabic_ratio of a text with characters beyond the BMP."""
    # a histogram of code points dotted with per-character tables: no regex pass over the text
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    other = 0
    beyond = codes >= _TABLE_SIZE
    if beyond.any():  # no Arabic letter lies beyond the tables; the few other characters are looked up one by one
        far = codes[beyond]
        other = int(np.count_nonzero(_IS_OTHER_LETTER_BMP[far[far < 0x10000]]))
        other += sum(1 for v in far[far >= 0x10000].tolist() if _OTHER_LETTER_RE.match(chr(v)))
        codes = codes[~beyond]
    histogram = np.bincount(codes, minlength=_TABLE_SIZE)
    arabic = int(histogram @ _IS_ARABIC_LETTER)
    letters = arabic + other + int(histogram @ _IS_OTHER_LETTER)
    return arabic / letters if letters else 0.0


def count_words(text: str) -> int:
    """Number of whitespace-separated tokens in ``text`` that hold a letter or a digit."""
    # str.split is C speed; symbol-only tokens are rare, and a regex starting with \\s skips to them
    symbols = len(_SYMBOL_TOKEN_RE.findall(text)) + (1 if _FIRST_SYMBOL_TOKEN_RE.match(text) else 0)
    return len(text.split()) - symbols


@lru_cache(maxsize=1)
def _space_and_alnum_table() -> np.ndarray:
    r"""Per character of the Basic Multilingual Plane: 1 for whitespace (where str.split cuts), 2 for a letter or digit
    ([^\W_], what str.isalnum accepts: the mark of a counted word), 0 for any other (one table: one look-up per
    character gives both). Built on first use, not at import: every command imports this module, and only the articles
    step counts words by batch."""
    is_space, is_alnum = bmp_mask(r"\s"), bmp_mask(r"[^\W_]")  # regex \s is str.isspace; \w is str.isalnum and _
    return np.where(is_space, 1, np.where(is_alnum, 2, 0)).astype(np.uint8)


def count_words_each(texts: Sequence[str]) -> list[int]:
    """:func:`count_words` of each text, from one round of array operations over the texts joined by line breaks.

    A text's words are its whitespace tokens less those with no letter or digit: a token made only of symbols
    starts with one and its run of symbols reaches a space or the end (few tokens start with a symbol).
    """
    joined = "\n".join(texts)
    codes = bmp_codes(joined)
    if codes is None:
        return list(map(count_words, texts))
    classes = _space_and_alnum_table().take(codes)  # (take: several times faster than indexing with an array of uint16)
    space, symbol = classes == 1, classes == 0
    after_space = np.ones(len(codes), dtype=bool)  # the first character, and every one after whitespace
    after_space[1:] = space[:-1]
    starts = ~space & after_space
    runs_end = symbol.copy()  # the last character of each run of symbols
    runs_end[:-1] &= ~symbol[1:]
    run_ends = runs_end.nonzero()[0]
    firsts = (starts & symbol).nonzero()[0]  # tokens that start with a symbol
    ends = run_ends.take(run_ends.searchsorted(firsts))  # where the run of symbols they open ends
    followed = np.append(space, True)  # whitespace or the end after each character
    symbol_only = firsts[followed.take(ends + 1)]
    bounds = np.cumsum([0] + [len(t) + 1 for t in texts])
    tokens = np.diff(starts.nonzero()[0].searchsorted(bounds))
    return (tokens - np.diff(symbol_only.searchsorted(bounds))).tolist()


# One counted word: a whitespace-separated piece holding a letter or digit ([^\W_] is what str.isalnum accepts).
_WORD_TOKEN_RE = re.compile(r"\S*[^\W_]\S*")
_LETTER_OR_DIGIT_RE = re.compile(r"[^\W_]")


def count_words_upto(text: str, start: int, end: int, cap: int) -> int:
    """``min(count_words(text[start:end]), cap)``, reading the text only as far as its cap-th word."""
    # split off the first cap pieces and test them in C; only pieces without a letter need the full regex
    pieces = text[start:end].split(None, cap)
    n = sum(map(bool, map(_LETTER_OR_DIGIT_RE.search, pieces[:cap])))
    if n == cap or len(pieces) <= cap:
        return n
    return len(list(islice(_WORD_TOKEN_RE.finditer(text, start, end), cap)))


def strip_proclitic(word: str) -> tuple[str, str]:
    """Split the longest known proclitic off ``word`` when at least two letters remain: (prefix, stem)."""
    for p in PROCLITICS:
        if word.startswith(p) and len(word) - len(p) >= 2:
            return p, word[len(p) :]
    return "", word


# --- Sparse fold index, literal tries, months and function words (added for the figures extractor) ---

_FOLD_DROPPED_RE = re.compile(f"{TATWEEL}|{DIACRITICS_RE.pattern}")


class FoldedText:
    """``fold(text)`` plus a sparse map back to ``text``: cost grows with the dropped marks, not the length."""

    __slots__ = ("text", "_shifts")

    def __init__(self, original: str) -> None:
        self.text = fold(original)
        # For the k-th dropped mark (tatweel, diacritic), the folded index at which it was dropped.
        self._shifts = [m.start() - k for k, m in enumerate(_FOLD_DROPPED_RE.finditer(original))]

    @classmethod
    def from_drops(cls, original: str, folded: str, dropped: list[int]) -> FoldedText:
        """The FoldedText of ``original`` made from ``fold_with_drops(original)`` (its folded text and the indices it
        dropped), which is fold's when no invisible control was dropped; else folded afresh."""
        if dropped and not _INVISIBLE_SET.isdisjoint(map(original.__getitem__, dropped)):  # (C-level loops)
            return cls(original)
        out = cls.__new__(cls)
        out.text, out._shifts = folded, list(map(operator.sub, dropped, range(len(dropped))))
        return out

    def original(self, i: int) -> int:
        """Index in the original text of folded index ``i`` (dropped marks right before ``i`` are skipped)."""
        return i + bisect.bisect_right(self._shifts, i) if self._shifts else i


def trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation of literal ``words`` factored as a trie, so matching stays fast for long lists."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not end else "(?:" + "|".join(branches) + ")"
        return body + "?" if end else body

    return build(trie) or "(?!)"


def folded_words(words: str) -> frozenset[str]:
    """The matching forms (:func:`fold`) of a whitespace-separated word list, as a set."""
    return frozenset(fold(w) for w in words.split())


def feminine_past(verb: str) -> str:
    """The 3rd person feminine singular of a past-tense verb given as the masculine (قال قالت، دعا دعت، نفى نفت)."""
    return verb[:-1] + "ت" if verb.endswith(("ى", "ا")) else verb + "ت"


def first_person_past(verb: str) -> str:
    """The 1st person singular of a past-tense verb given as the masculine (قدم قدمت، رأى رأيت، دعا دعوت); a hollow
    verb's shortened stem (قال قلت) is not formed."""
    if verb.endswith("ى"):
        return verb[:-1] + "يت"
    return verb[:-1] + "وت" if verb.endswith("ا") else verb + "ت"


# --- Transliteration variants of a name --------------------------------------------------------------------

# Letters the press interchanges when it writes a foreign name (Guterres: غوتيريش، غوتيريس، جوتيريس; Gorbachev
# غورباتشوف، جورباتشوف، قورباتشوف), mapped to one letter of each class; hamza seats carry no sound of their own.
_VARIANT_LETTERS = str.maketrans(
    {
        "ش": "س",
        "ص": "س",
        "ث": "س",
        "ط": "ت",
        "ض": "د",
        "ظ": "ز",
        "ذ": "ز",
        "غ": "ج",
        "ق": "ج",
        "گ": "ج",
        "چ": "ج",
        "ڤ": "ف",
        "پ": "ب",
        "ئ": "",
        "ؤ": "",
        "ء": "",
    }
)
# Long vowels that transliterations add or leave out inside a word (بوتين/بوتن، ترامب/ترمب); و is kept, since
# it separates native names (محمود/محمد).
_MEDIAL_VOWELS = frozenset("اي")


@lru_cache(maxsize=1 << 16)
def _variant_word(word: str) -> str:
    """The variant key of one folded word: the article kept apart, letter classes, no doubled letter, and no medial
    ا/ي in a stem of four letters or more (short stems such as يمن keep them: too many words would meet)."""
    article = "ال" if word.startswith("ال") and len(word) > 4 else ""
    w = word[len(article) :].translate(_VARIANT_LETTERS)
    w = "".join(c for n, c in enumerate(w) if not n or c != w[n - 1])
    if len(w) >= 4:
        w = w[0] + "".join(c for c in w[1:-1] if c not in _MEDIAL_VOWELS) + w[-1]
    return article + w


def name_variant_key(name: str) -> str:
    """The key that spelling variants of a transliterated name share (بوتين and بوتن, ترامب and ترمب,
    غوتيريش and غوتيريس): folded words, interchangeable letters merged, medial long vowels ا/ي dropped.

    A key, not a spelling: two names with one key are taken for one name, so native names that differ only
    by a medial ا or ي (سعد/سعيد) share one too; callers compare keys of whole names, not single words."""
    words = fold(name).split()
    return " ".join(_variant_word(w) for w in words if w)
