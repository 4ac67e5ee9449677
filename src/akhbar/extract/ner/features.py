"""Token features of the named-entity tagger: every feature looks at one token at a fixed offset.

A token's attributes depend on its own text only (its folded form, clitic-stripped stem, affixes, shape,
the punctuation stuck to it, membership in the name lexicons and cue-word lists). The features of position
``i`` are the attributes of the tokens at ``i-2 .. i+2``, each prefixed by its offset, plus a bias. So the
trained weights decompose: the label scores of a token type at each offset can be computed once and looked
up (:mod:`akhbar.extract.ner.tagger`), and ``sentence_features`` (for CRFsuite) must stay that shape.

The cue-word lists below are part of the model (changing one changes what the trained weights mean), so
they live here, beside the features, rather than being shared with the rule-based extractor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from akhbar.text.arabic import PROCLITICS, fold, folded_words

OFFSETS = (-2, -1, 0, 1, 2)
BOS, EOS = "__BOS__", "__EOS__"

# Titles and roles that stand before a person's name (also the words of multi-word roles: المتحدث باسم).
TITLE_WORDS = folded_words(
    """الرئيس الرئيسة رئيس رئيسة الوزراء وزراء الحكومة نائب وزير وزيرة الوزير الوزيرة المتحدث المتحدثة
    متحدث الناطق ناطق باسم الرسمي الأمين العام الأمينة العامة مساعد مستشار مستشارة المستشار المستشارة
    السفير السفيرة سفير الملك الملكة الأمير الأميرة ولي العهد الشيخ الشيخة السيناتور الجنرال اللواء العميد
    العقيد الفريق المشير مدير مديرة المدير المديرة التنفيذي الدكتور الدكتورة البروفيسور المحلل الباحث
    الباحثة الخبير المبعوث مبعوث المفوض مفوض القائد قائد السيد السيدة زعيم الزعيم المرشد آية البابا
    المندوب مندوب محافظ المحافظ أمير حاكم الحاكم نظيره نظيرته الكاتب الكاتبة الصحفي الصحافي المراسل
    الأستاذ المهندس المدرب اللاعب الشاعر الفنان الفنانة الناشط الناشطة المخرج الممثل الممثلة المطرب
    الروائي الداعية المفتي الإمام القاضي الرائد النقيب المقدم الطبيب المحامي النجم السلطان المستشارة
    زميل الحارس المهاجم المدافع النائب عضو رئيسه"""
)
# Verbs that introduce reported speech or take a person as subject.
REPORTING_VERBS = folded_words(
    """قال قالت أكد أكدت أعلن أعلنت أضاف أضافت أوضح أوضحت صرح صرحت أشار أشارت ذكر ذكرت تابع تابعت
    شدد شددت اعتبر اعتبرت نفى نفت حذر حذرت علق علقت أجاب أجابت نوه التقى التقت زار زارت استقبل استقبلت
    بحث ناقش وقع دعا دعت طالب طالبت رأى رأت يقول تقول يرى ترى وصف وصفت كتب كتبت أبلغ أبلغت قائلا
    مضيفا مشيرا موضحا مؤكدا"""
)
# Nouns that head an organisation's name (وزارة الخارجية، معهد هدسون، حزب العمال).
ORG_NOUNS = folded_words(
    """وزارة مجلس هيئة شركة منظمة حزب جامعة مركز معهد بنك صندوق لجنة وكالة مؤسسة مجموعة اتحاد نادي فريق
    منتخب قوات جيش بعثة حكومة جمعية رابطة غرفة بورصة محكمة جبهة حركة تنظيم جماعة صحيفة قناة إذاعة
    مصرف برلمان الكونغرس المفوضية الأمم الوكالة الشركة المنظمة الحزب الجامعة المركز المعهد البنك الصندوق
    اللجنة المؤسسة الاتحاد النادي المجلس الهيئة الجمعية الحركة الجبهة"""
)
# Nouns that head or announce a place (مدينة حلب، العاصمة كييف، جزيرة القرم).
PLACE_NOUNS = folded_words(
    "مدينة المدينة العاصمة عاصمة منطقة إقليم ولاية محافظة جزيرة بحر نهر جبل بلدة قرية ميناء مقاطعة شمال جنوب شرق غرب"
)

_EDGE_RE = re.compile(r"^([^\w\u064b-\u065f\u0670\u0640]*)(.*?)([^\w\u064b-\u065f\u0670\u0640]*)$", re.S)
# The same split of each line of a text (the edge classes stop at a line break; ^ and $ at each line's ends).
_LINE_EDGES_RE = re.compile(r"^([^\w\u064b-\u065f\u0670\u0640\n]*)(.*?)([^\w\u064b-\u065f\u0670\u0640\n]*)$", re.M)
_ARABIC_RE = re.compile("[\u0621-\u064a]")
_LATIN_RE = re.compile("[A-Za-z]")


@dataclass(frozen=True)
class Lexicons:
    """Folded name tokens the features test: person-name tokens with a frequency bucket, gazetteer tokens."""

    persons: dict[str, str]
    gazetteer: frozenset[str]

    @cached_property
    def flags(self) -> dict[str, int]:
        """The flag bits of every word in the gazetteer and the cue lists (see ``_FLAG_BITS``)."""
        out: dict[str, int] = {}
        for (bit, _), words in zip(_FLAG_BITS, (self.gazetteer, TITLE_WORDS, REPORTING_VERBS, ORG_NOUNS, PLACE_NOUNS)):
            for word in words:
                out[word] = out.get(word, 0) | bit
        return out


# The attributes that say a reading of the token is in a word list, in the order they are emitted.
_FLAG_BITS = ((1, "g"), (2, "t"), (4, "v"), (8, "o"), (16, "q"))
_PROCLITIC_SET = frozenset(PROCLITICS)
_PROCLITIC_LENGTHS = tuple(sorted({len(p) for p in PROCLITICS}))


def _shape(core: str) -> str:
    """A coarse shape: Arabic (A), Latin capitalised (C) or not (L), digits (D), mixed (M), punctuation (P)."""
    if not core:
        return "P"
    if core.isdigit():
        return "D"
    if _ARABIC_RE.search(core):
        # no character is both a letter and a digit: an all-letter word (most) is read once, not char by char
        return "M" if not core.isalpha() and any(map(str.isdigit, core)) else "A"
    if _LATIN_RE.search(core):
        return "C" if core[0].isupper() else "L"
    return "M"


def split_edges(token: str) -> tuple[str, str, str]:
    """A whitespace token as (leading punctuation, word, trailing punctuation)."""
    m = _EDGE_RE.match(token)
    assert m is not None  # the pattern matches every string
    return m.group(1), m.group(2), m.group(3)


def split_edges_all(tokens: Sequence[str]) -> list[tuple[str, str, str]]:
    """:func:`split_edges` of many tokens, read by one regex pass over them joined by line breaks (a match per line:
    twice as fast as a match per token); one by one where a token holds a line break."""
    edges = _LINE_EDGES_RE.findall("\n".join(tokens))
    return edges if len(edges) == len(tokens) else list(map(split_edges, tokens))


Attributes = tuple[tuple[str, ...], tuple[str, ...]]


def token_attributes(token: str, lex: Lexicons) -> Attributes:
    """Attributes of a whitespace token: (at offset 0, at the other offsets), each without its offset."""
    if token in _PADS:
        return (token,), (token,)
    lead, core, trail = split_edges(token)
    return _attributes(token, lead, core, trail, fold(core or token), lex)


def tokens_attributes(tokens: Sequence[str], lex: Lexicons) -> tuple[list[Attributes], list[tuple[str, str, str]]]:
    """:func:`token_attributes` of many whitespace tokens, and the :func:`split_edges` of each: their words folded in
    one pass over them all (folding maps or drops single characters, never a line break, so the folds of words
    joined by line breaks are the words' folds)."""
    edges = split_edges_all(tokens)
    words = [core or token for token, (_, core, _) in zip(tokens, edges)]
    folded = fold("\n".join(words)).split("\n")
    if len(folded) != len(tokens):  # a token holding a line break (not a whitespace token): one by one
        folded = list(map(fold, words))
    attrs = [
        ((token,), (token,)) if token in _PADS else _attributes(token, lead, core, trail, w, lex)
        for token, (lead, core, trail), w in zip(tokens, edges, folded)
    ]
    return attrs, edges


_PADS = frozenset((BOS, EOS))
# The letters proclitics open with: a word that opens with none has no proclitic reading (most words).
_PROCLITIC_FIRSTS = frozenset(p[0] for p in PROCLITICS)


def _attributes(token: str, lead: str, core: str, trail: str, w: str, lex: Lexicons) -> Attributes:
    """:func:`token_attributes` of a token from its :func:`split_edges` and the fold of its word (``w``)."""
    if not core:  # only punctuation: the token is its own word
        core, lead, trail = token, "", ""
    w = w.lower() if w.isascii() else w
    if w[:1] in _PROCLITIC_FIRSTS:
        # every proclitic reading, shortest first: the longest one alone would read ولافروف as ول + افروف
        cut = [n for n in _PROCLITIC_LENGTHS if len(w) - n >= 2 and w[:n] in _PROCLITIC_SET]
    else:
        cut = []
    persons = lex.persons
    if cut:
        forms = (w, *(w[n:] for n in cut))
        prefix, stem = w[: cut[-1]], forms[-1]
        bucket = next((persons[f] for f in forms if f in persons), None)
        flags = 0
        for f in forms:
            flags |= lex.flags.get(f, 0)
    else:  # the word is its only form
        prefix, stem = "", w
        bucket = persons.get(w)
        flags = lex.flags.get(w, 0)
    near = [f"w={w}", f"h={_shape(core)}"]
    if prefix:
        near += [f"s={stem}", f"c={prefix}"]
    if bucket:
        near.append(f"l={bucket}")
    if flags:
        near += [flag for bit, flag in _FLAG_BITS if flags & bit]
    if lead:
        near.append(f"pb={lead[-1]}")
    if trail:
        near.append(f"pa={trail[0]}")
    if len(stem) > 3:
        near.append(f"x3={stem[-3:]}")
    if w.startswith("ال"):
        near.append("al")
    # Each attribute opens with its own name, so none repeats (no set of them is needed, a third of this function's
    # time per new token type): the centre adds the stem's affixes to the near ones, which hold x3 already.
    centre = [*near, f"n={min(len(stem), 9)}"]
    if len(stem) > 2:
        centre += [f"p2={stem[:2]}", f"x2={stem[-2:]}"]
    if len(stem) > 3:
        centre.append(f"p3={stem[:3]}")
    if len(stem) > 4:
        centre.append(f"x4={stem[-4:]}")
    return tuple(centre), tuple(near)


def sentence_features(tokens: Sequence[str], lex: Lexicons) -> list[list[str]]:
    """CRFsuite features of a token sequence: the bias plus each nearby token's attributes, by offset."""
    attrs = [token_attributes(t, lex) for t in tokens]
    pad_before = token_attributes(BOS, lex)
    pad_after = token_attributes(EOS, lex)
    out = []
    n = len(tokens)
    for i in range(n):
        feats = ["b"]
        for k in OFFSETS:
            j = i + k
            a = attrs[j] if 0 <= j < n else (pad_before if j < 0 else pad_after)
            feats += [f"{k}:{x}" for x in (a[0] if k == 0 else a[1])]
        out.append(feats)
    return out
