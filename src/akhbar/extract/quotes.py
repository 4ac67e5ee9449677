"""Find who said what in one article: direct quotes in quotation marks and indirect speech, with speakers.

The rules are those of Arabic news writing, not of a particular outlet:

* **Direct quotes** are spans in quotation marks (“ ” „ ″, « », ASCII ") that a reporting cue introduces: a
  reporting verb before the mark (``وقال X: «...»``, ``أكد X على "..."``), a cue right after it
  (``«...»، قال X``, ``«...»، بحسب X``, ``... على حد قوله``), or a colon. Quoted terms and names that no cue
  introduces (``“C5”``, ``«داعش»``, ``ب"الهيمنة"``, ``قمة “روسيا – آسيا الوسطى”``) are not quotes, nor
  is a quoted name after a naming noun (``ما يسمى «...»``, ``صحيفة «...»``, ``بعنوان «...»``), a source
  (``بحسب «...»``) or a short quoted phrase the clause goes on after (``كشفت «شركة ...» النقاب عن``). A cue may
  also follow as a statement noun (``«...»، بهذه التغريدة علق X``, ``«...» تغريدة نشرها X``). A quotation mark
  left open ends at the end of its paragraph and is kept only when a cue or a colon introduces it; a reversed
  ``»`` after a colon opens a quote. Dots in abbreviations and codes (``د. علي``, ``آر.إم``) end no sentence.
* **Indirect speech** is a reporting verb, its subject and a complementiser (``قال X إن ...``, ``أكد X أن ...``,
  ``مضيفا أن ...``, ``كشف عن أن``, ``محذرا من أن``): the reported clause runs to the end of its sentence (``.``, ``!``, ``؟``, the end
  of its paragraph), a colon, or the next
  reporting cue, and it stays one row even when it holds quoted phrases (only a clause wholly in quotation marks,
  ``قال إن «...»``, is a direct quote). Announcing verbs report a verbal noun too (``أعلنت الشركة عن تحقيق ...``),
  and so do stating verbs (``أوضح الإحصاء ارتفاع ...``), pointing verbs a noun after إلى (``أشار إلى تراجع``) and
  عزا its object (``عزا التقرير هذا التراجع إلى ...``); أظهر reports a speaker, not data (``أظهرت الإحصاءات``). A present-tense cue
  reports nobody after قد (``قد يرى``: might think) or in the relative clause of an indefinite noun a preposition
  governs (``لأي اقتصاد يرى أنه``).
* **Speakers** come from the subject of the cue, resolved against the article's entity mentions: a person
  beats an organisation (the name after a role description wins over the ministry in it), a country or city
  speaks only as the head of the subject (``قالت روسيا``), and a mention governed by a preposition
  (``زميل في مركز ...``, ``بتوكاييف``) is never the speaker. The subject ends where a phrase of the statement's
  medium starts (``وكتب X في تغريدة على موقع تويتر``, ``عبر حسابه على فيسبوك``, ``في بيان على موقع الوزارة``): the
  platform or the website's owner is not the speaker. A subject fronted by كان (``وكانت الوزارة قد ذكرت``) or
  standing before a verb that has none after it (``لكن الصحيفة أشارت إلى أن``, ``أحدهم قال:``) speaks for the verb;
  unnamed speakers (``مغرد``, ``أحدهم``) keep their words as ``speaker_surface``; ``قائلا`` takes the head person
  of its sentence, not an organisation in his title. A cue with no subject (``وأضاف``, ``مضيفا``,
  ``على حد قوله``) takes the subject of its own sentence, else continues the speaker of the previous sentence;
  a bare definite noun (``وقالت الوكالة``) refers back to the last mention that noun introduced. When no
  entity is found, ``speaker_surface`` keeps the subject's words and ``speaker_entity_id`` stays None; when
  there is no subject at all, both are None. A date, a number or an adverb of time after the verb (``قال عام
  2015``, ``قال حينها``) is no subject; an outlet spoken to (``قال لـ«الرياض» X``) and ``كل من`` are skipped; a
  name after a title (``العقيد``, ``الدكتور``) speaks even at the end of a long role; in ``X المتحدث باسم Y`` X
  speaks. A cue that continues an earlier speaker agrees with it in gender (``وأظهرت الوزارة ... وأوضح الوزير
  ... ولفتت``: the ministry).

``cue`` is the reporting word as written in the body *without* a leading conjunction (``قال`` for ``وقال``,
``وفقا`` for ``ووفقا``) so that cues can be counted across articles; ``cue_start``/``cue_end`` locate it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate, compress, filterfalse
from operator import attrgetter
from typing import NamedTuple

from akhbar.extract.records import tuple_maker
from akhbar.text import lexicon
from akhbar.text.arabic import WORD_CHAR_CLASS, count_words_upto, fold
from akhbar.text.index import (
    ASCII_MARK,
    CURLY_MARKS,
    DROPPED_CHARS,
    GUILLEMET_CLOSE,
    GUILLEMET_OPEN,
    INDEX_CHUNK,
    QUOTE_MARKS,
    TextIndex,
    index_body,
    shared_indices,
    tail_hits_each,
    tail_table,
)

# --- quotation marks ---------------------------------------------------------------------------------

_MARK_RE = re.compile(f"[{QUOTE_MARKS}]")  # quotation marks: akhbar.text.index
_GUILLEMETS = GUILLEMET_OPEN + GUILLEMET_CLOSE

# --- reporting cues (all folded with akhbar.text.arabic.fold) ---------------------------------------------

# Perfect-tense reporting verbs (3rd person masc. sing.); feminine, plural and dual forms are derived. Weak verbs,
# whose inflection is not a suffix ("رأى" alone folds onto the noun رأي), are listed form by form ("irregular").
_REPORTING_VERBS = lexicon.words("reporting_verbs", "perfect")
# Circumstantial participles ("مضيفا أن ...", "قائلا: «...»"): they have no subject of their own.
_PARTICIPLES = lexicon.words("reporting_verbs", "participle")

VERB_CUES: frozenset[str] = frozenset(
    fold(v + s) for v in _REPORTING_VERBS for s in ("", "ت", "وا", "ا", "تا")
) | lexicon.folded("reporting_verbs", "irregular", "imperfect")
IMPERFECT_CUES: frozenset[str] = lexicon.folded("reporting_verbs", "imperfect")
PARTICIPLE_CUES: frozenset[str] = frozenset(fold(p + s) for p in _PARTICIPLES for s in ("ا", "ة", "ين"))
# "according to X": the speaker follows the cue.
SOURCE_CUES: frozenset[str] = lexicon.folded("reporting_verbs", "source")
_NAQL = lexicon.folded("reporting_verbs", "naql")
_CONJUNCTIONS = ("و", "ف")
_CUE_KINDS = (("verb", VERB_CUES), ("participle", PARTICIPLE_CUES), ("source", SOURCE_CUES))
_VERB_OR_PARTICIPLE = VERB_CUES | PARTICIPLE_CUES
# The words for which _strip_conjunction(word, _VERB_OR_PARTICIPLE) is not None.
_ANY_VERB_OR_PARTICIPLE_WORD = _VERB_OR_PARTICIPLE | frozenset(
    c + w for c in _CONJUNCTIONS for w in _VERB_OR_PARTICIPLE if len(w) >= 2
)
# Every word _strip_conjunction accepts for some cue kind: one set look-up per word finds the few words to examine.
_ANY_CUE_WORD: frozenset[str] = (VERB_CUES | PARTICIPLE_CUES | SOURCE_CUES) | frozenset(
    c + w for c in _CONJUNCTIONS for w in VERB_CUES | PARTICIPLE_CUES | SOURCE_CUES if len(w) >= 2
)
# "..., على حد قوله": the speaker is the subject already on stage.
_AS_PUT_RE = re.compile(fold(r"على حد (قول|تعبير|وصف)(ه|ها|هم|هما)?"))
# "أن"/"إن" (+ "ب", + pronoun suffix) introducing a reported clause.
_COMPLEMENTISER_RE = re.compile(r"^(?:ب)?ان(?:ه|ها|هم|هما|هن|ني|نا|نهم)?$")
# The words _COMPLEMENTISER_RE matches (a finite set: a set look-up in hot loops).
_COMPLEMENTISER_WORDS = frozenset(
    b + "ان" + s for b in ("", "ب") for s in ("", "ه", "ها", "هم", "هما", "هن", "ني", "نا", "نهم")
)
# Words after which أن does not introduce reported speech ("بعد أن", "يمكن أن").
_NOT_SPEECH_BEFORE_AN = lexicon.folded("quote_cues", "not_speech_before_an")
# "ما يؤكد أن" (which confirms that), "الذي أعلن": a cue after these is not a reporting clause of its own.
_NOT_CUE_AFTER = lexicon.folded("quote_cues", "not_cue_after")
# "طلب عدم ذكر اسمه": a request for anonymity, not a statement.
_NOT_CUE_BEFORE = lexicon.folded("quote_cues", "not_cue_before")
# Nouns of speech: "مع إعلان الرئيس بأنه": the complementiser belongs to the noun, not to the verb.
_SPEECH_NOUNS = lexicon.folded("quote_cues", "speech_noun")
_STATEMENT_ADJUNCT = lexicon.folded("quote_cues", "statement_adjunct")
# Prepositions whose object is never the speaker ("زميل في مركز كارنيغي", "من بوتين").
_PREPOSITIONS = lexicon.folded("quote_cues", "preposition")
# A subject span that starts with one of these has no subject of its own ("وأضاف في كلمته").
_ADJUNCT_STARTS = lexicon.folded("quote_cues", "adjunct_start")
# Where the words of an unresolved subject stop (time, statement and addressee adjuncts).
_SURFACE_STOPS = lexicon.folded("quote_cues", "surface_stop")
_ADDRESSEE_RE = re.compile(r"^ل(" + "|".join(fold(w) for w in lexicon.words("quote_cues", "addressee")) + ")")
_RELATIVE_PRONOUNS = lexicon.folded("quote_cues", "relative_pronoun")
# Bare definite nouns that refer back to a named outlet or body ("وقالت الوكالة").
_ANAPHORIC_HEAD_RE = re.compile(
    r"^ال(" + "|".join(fold(w) for w in lexicon.words("quote_cues", "anaphoric_head")) + ")$"
)
# A clause break between a cue and a later quotation mark: the mark is outside the cue's clause.
_CLAUSE_BREAK_RE = re.compile(
    "؛|،\\s*(?:" + "|".join(fold(w) for w in lexicon.words("quote_cues", "clause_break")) + ")\\s"
)

# Indefinite nouns that a quoted name follows ("صحيفة «...»", "ما يسمى «...»", "بعنوان «...»"): the quoted span names
# a thing, it is not speech. Taken with an optional و/ب/ل/ك/ف prefix.
_NAMING_WORDS = lexicon.folded("quote_cues", "naming")
# Words after a short quoted phrase that still let it be a statement ("«...» في تصريح", "«...» على حد قوله").
_QUOTE_TAIL_WORDS = lexicon.folded("quote_cues", "quote_tail")
MAX_NAME_WORDS = 6  # a quoted phrase longer than this is speech even inside a clause

_KANA = lexicon.folded("quote_cues", "kana")
_KANA_FORMS = _KANA | frozenset(c + w for c in _CONJUNCTIONS for w in _KANA)  # with a و/ف conjunction too
# Small word sets of single rules, folded once at import rather than at each call.
_QAD = lexicon.folded("quote_cues", "qad")
_ILA_ALA = lexicon.folded("quote_cues", "ila_ala")
_INTRODUCING_PREPOSITIONS = lexicon.folded("quote_cues", "introducing_preposition")
_WAFQAN = lexicon.folded("quote_cues", "wafqan")
_NOT_BEFORE_ANNOUNCED = _PREPOSITIONS | lexicon.folded("quote_cues", "not_before_announced")
_OPENING_WORDS = _ADJUNCT_STARTS | lexicon.folded("quote_cues", "opening")


def _medium_words(nouns: Iterable[str]) -> frozenset[str]:
    """Folded forms of statement and medium nouns, bare, definite or with a possessive suffix ("حسابه", "صفحتها")."""
    out: set[str] = set()
    for noun in nouns:
        f = fold(noun)
        stem = f[:-1] + "ت" if noun.endswith("ة") else f
        out.update({f, "ال" + f})
        out.update(stem + s for s in ("ه", "ها", "هم", "هما"))
    return frozenset(out)


# "وكتب X في تغريدة على موقع تويتر", "عبر حسابه على فيسبوك", "في بيان على موقع الوزارة": a prepositional phrase of the
# statement's medium closes the subject; an entity inside it (the platform, the website's owner) is not the speaker.
_MEDIUM_WORDS = _medium_words(lexicon.words("quote_cues", "medium"))
_MEDIUM_PREPOSITIONS = lexicon.folded("quote_cues", "medium_preposition")
# Words a clause can open with that are not its subject: a verb after them has no fronted subject ("ثم أشار").
_NOT_FRONTED = _PREPOSITIONS | _ADJUNCT_STARTS | _RELATIVE_PRONOUNS | lexicon.folded("quote_cues", "not_fronted")
# A particle carrying a pronoun ("لكنه اعتبر", "إنها أكدت"): the pronoun is no fronted noun phrase.
_PARTICLE_PRONOUN_RE = re.compile(r"^[وف]?(?:لكن|ان|لان|كان|لعل|ليت)(?:ه|ها|هم|هما|هن|ني|نا)$")
# A clause opener before a fronted subject ("، لكن الصحيفة أشارت إلى أن", "أما معمم ... يقول").
_FRONTING_PARTICLES = lexicon.folded("quote_cues", "fronting_particle")
MAX_FRONTED_TOKENS = 10  # words of a subject standing before its verb ("عناصر محسوبة على تنظيم X من أبناء مدينة Y")
# Words that govern the noun after them ("لأي اقتصاد", "لكل مؤسسة"): that noun is not the subject of a verb after it.
_GOVERNING_QUANTIFIERS = _PREPOSITIONS | lexicon.folded("quote_cues", "governing_quantifier")
# Nouns of a statement named right after the quote (a regex alternation) ("«...»، بهذه التغريدة علق X", "«...» تغريدة لـX").
_STATEMENT_NOUNS = "|".join(fold(w) for w in lexicon.words("quote_cues", "statement_noun"))
_THUS_RE = re.compile("^(?:هكذا|ب(?:هذه|هذا|تلك|ذلك|مثل هذه)(?: ال(?:" + _STATEMENT_NOUNS + "))?)$")
_STATEMENT_NOUN_RE = re.compile(
    "^(?:جاء ذلك )?(?:في |ضمن )?(" + _STATEMENT_NOUNS + ")"
    "(?: (?:له|لها|نشرها|نشره|كتبها|كتبه|أطلقها|صادر عن|صادرة عن|أصدرها|أصدره)| ل| لـ)"
)
# Verbs of revealing and announcing, whose content follows عن or is a verbal noun ("أعلنت الشركة تحقيق أرباح").
_REVEAL_STEMS = tuple(fold(w) for w in lexicon.words("reporting_verbs", "reveal"))
# Verbs that report a noun phrase (issue 15), by the preposition before it: "أشار إلى تراجع", "كشف عن تحقيق",
# "أوضح ارتفاع" (none); "عزا X هذا التراجع" reports its object.
_NOMINAL_STEMS: tuple[tuple[tuple[str, ...], str], ...] = (
    (_REVEAL_STEMS, "عن"),
    (tuple(fold(w) for w in lexicon.words("reporting_verbs", "point")), "الي"),
    (tuple(fold(w) for w in lexicon.words("reporting_verbs", "state")), ""),
)
_ATTRIBUTE_STEMS = tuple(fold(w) for w in lexicon.words("reporting_verbs", "attribute"))
_WARN_STEMS = tuple(fold(w) for w in lexicon.words("reporting_verbs", "warn"))
_DEMONSTRATIVES = frozenset(fold(w) for w in ("هذا", "هذه", "ذلك", "تلك", "هذين", "هاتين", "هؤلاء"))
_SPOKESMEN = lexicon.folded("quote_cues", "spokesman")
_OPINION = fold("رأى")
_OPINION_BEFORE = lexicon.folded("quote_cues", "opinion_before")
_OPINION_AFTER = lexicon.folded("quote_cues", "opinion_after")
_SHOW_STEMS = tuple(fold(w) for w in lexicon.words("reporting_verbs", "show"))
_DATA_NOUNS = lexicon.folded("quote_cues", "data_noun")
_MASCULINE_NAMES = lexicon.folded("quote_cues", "masculine_name")
_GIVEN_NAMES = lexicon.folded("names", "given")
# Singular cue forms by gender, for a carry-over cue to agree with the speaker it continues.
_MASCULINE_CUES = (
    frozenset(fold(v) for v in _REPORTING_VERBS)
    | frozenset(w for w in IMPERFECT_CUES if w.startswith("ي"))
    | frozenset(fold(p + "ا") for p in _PARTICIPLES)
    | frozenset(w for w in lexicon.folded("reporting_verbs", "irregular") if not w.endswith(("ت", "وا")))
)
_FEMININE_CUES = (
    frozenset(fold(v + "ت") for v in _REPORTING_VERBS)
    | frozenset(w for w in IMPERFECT_CUES if w.startswith("ت") and not w.endswith(("ان", "ون")))
    | frozenset(fold(p + "ة") for p in _PARTICIPLES)
    | frozenset(w for w in lexicon.folded("reporting_verbs", "irregular") if w.endswith("ت"))
) - _MASCULINE_CUES
_FUNCTION_WORDS = lexicon.folded("function_words", "both")
_ADDRESSEE_PHRASE_RE = re.compile(r"لـ?\s*[\"«“][^\"»”\n]{1,40}[\"»”][\s،,]*")
# Titles right before a name ("العقيد", "الدكتور"): a person named after one may stand deep in a long role.
_NAME_TITLES = lexicon.folded("titles", "single_name")
_VERBAL_NOUNS = lexicon.folded("quote_cues", "verbal_noun")
MAX_REVEAL_SUBJECT = 8  # words of the subject before the verbal noun a revealing verb announces

# Entity types in order of preference as a speaker; countries and places speak only as a subject's head.
_TYPE_RANK = {"person": 0, "organization": 1, "group": 1}
_PLACE_RANK = 2

MIN_GOVERNED_WORDS = 3  # a quoted span a cue introduces: shorter ones are terms or names
MIN_LOOSE_WORDS = 5  # a quoted span a cue governs from a distance (no colon, preposition or "قوله" before it)
MIN_EMBEDDED_WORDS = 4  # a quoted span inside a reported clause: shorter ones are the clause's own terms
MIN_STANDALONE_WORDS = 5  # a quoted sentence with no cue at all
# A quoted span's words are only compared with the thresholds above: counting stops past the largest.
_WORD_COUNT_CAP = max(MAX_NAME_WORDS + 1, MIN_GOVERNED_WORDS, MIN_LOOSE_WORDS, MIN_STANDALONE_WORDS)
MIN_INDIRECT_WORDS = 2
MAX_SUBJECT_TOKENS = 22  # words between a reporting verb and its complementiser
MAX_GOVERNED_GAP = 25  # words between a reporting verb and the quotation mark it governs
MAX_SURFACE_TOKENS = 8
MAX_ROLE_TOKENS = 6  # words of a role description before the speaker's name ("المتحدثة باسم وزارة الخارجية الصينية")
# Sentence ends: these characters, and a dot unless it stands between two digits (a decimal point). Scanning for the
# bare characters and testing the digits around a dot afterwards is several times faster than lookarounds.
_DIGITS = frozenset("0123456789٠١٢٣٤٥٦٧٨٩")


# Letters and Latin letter names written in Arabic that stand before an abbreviation dot ("د. أحمد", "إم. بي. سي").
_ABBREVIATIONS = lexicon.folded("quote_cues", "abbreviation")
_LATIN_ABBREVIATIONS = frozenset("Dr Mr Mrs Ms Prof Inc Co Ltd St Jr No vs".split())
_WORD_BEFORE_RE = re.compile(f"({WORD_CHAR_CLASS}+)\\s*$")
# Five Arabic letters that folding keeps one for one (no tatweel, no diacritics): a word this long is no abbreviation.
_FIVE_LETTERS_RE = re.compile("[\u0621-\u063a\u0641-\u064a]{5}")
assert max(map(len, _ABBREVIATIONS | _LATIN_ABBREVIATIONS)) < 5


# fold of single words and short gap strings, memoised: text repeats its words (never keyed on longer text)
_fold_word = lru_cache(maxsize=1 << 16)(fold)


# The dots _inner_dot may hold true for: before a digit after a digit, before a letter, or before a space and a letter
# after a word character or a space (where _WORD_BEFORE_RE may find a word) but not after five Arabic letters (the
# letter tests of _abbreviation_dot are str.isalpha: [^\W\d_] holds more).
_INNER_DOT_RE = re.compile(
    rf"\.(?:(?<=\d\.)(?=\d)|(?=[^\W\d_])"
    rf"|(?<={WORD_CHAR_CLASS[:-1]}\s]\.)(?<!{_FIVE_LETTERS_RE.pattern}\.)(?=[ \u00a0][^\W\d_]))"
)


def _inner_dot(body: str, k: int) -> bool:
    """True when the dot at ``k`` is a decimal point or an abbreviation's, which ends no sentence (a dot at the end of
    its paragraph always does)."""
    if body[k + 1 : k + 2] in ("\n", ""):
        return False
    return 0 < k and body[k - 1] in _DIGITS and body[k + 1] in _DIGITS or _abbreviation_dot(body, k)


def _abbreviation_dot(body: str, k: int) -> bool:
    """True when the dot at ``k`` belongs to an abbreviation or a code ("آر.إم", "د. علي", "U.S.") rather than ending a sentence."""
    nxt = body[k + 1 : k + 2]
    if nxt.isalpha():
        return True  # glued to the next letter: a model code or a dotted abbreviation
    if nxt not in (" ", "\u00a0") or not body[k + 2 : k + 3].isalpha():
        return False  # end of paragraph, or a mark/number follows
    if k >= 5 and _FIVE_LETTERS_RE.match(body, k - 5, k):
        return False  # the common case: a word of five letters or more (no abbreviation is that long)
    word = _WORD_BEFORE_RE.search(body, max(0, k - 12), k)
    if word is None:
        return False
    w = word.group(1)
    if w in _LATIN_ABBREVIATIONS or (len(w) == 1 and w.isascii() and w.isupper()):
        return True
    if _fold_word(w) not in _ABBREVIATIONS:
        return False
    before = body[max(0, word.start() - 8) : word.start()].rstrip()
    return not before[-1:].isdigit()  # "عام 2015 م." ends its sentence


class MentionSpan(NamedTuple):
    """An entity mention in the article body: offsets, the entity it names, and that entity's type."""

    start: int
    end: int
    entity_id: str
    type: str | None = None


class Quote(NamedTuple):
    """One reported statement: ``body[start:end] == text``; speaker and cue are located in the same body."""

    start: int
    end: int
    text: str
    direct: bool
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    speaker_entity_id: str | None = None
    speaker_surface: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None


class _Speaker(NamedTuple):
    """A speaker located in the body: an entity mention, or only the words of the subject."""

    entity_id: str | None
    start: int
    end: int


class _Token(NamedTuple):
    """A word of the body: offsets and folded form."""

    start: int
    end: int
    folded: str


class Marked(NamedTuple):
    """A span between quotation marks: mark offsets and the inner text (whitespace trimmed)."""

    open: int
    close: int | None  # offset of the closing mark; None when the writer left it open
    start: int
    end: int


class _Cue(NamedTuple):
    """A reporting cue: its kind, the cue's span without conjunction, and its (last) token index."""

    kind: str  # "verb", "participle", "source", "as_put"
    start: int
    end: int
    index: int
    word: str = ""  # folded cue word without conjunction


# NamedTuples built from a tuple of all their fields in C (their own __new__ is Python code): for the hot paths.
_new_marked = tuple_maker(Marked)
_new_cue = tuple_maker(_Cue)
_new_speaker = tuple_maker(_Speaker)
_new_quote = tuple_maker(Quote)


@dataclass(slots=True)
class _Candidate:
    """A quote before speaker resolution."""

    start: int
    end: int
    direct: bool
    cue: _Cue | None
    subject: tuple[int, int] | None  # where to read the speaker; None: no subject of its own
    mode: str  # "subject", "relative", "colon", "continue", "standalone"


# --- text structure ----------------------------------------------------------------------------------


def find_marked_spans(body: str) -> list[Marked]:
    """Pair quotation marks paragraph by paragraph; an unclosed mark runs to the end of its paragraph."""
    return _pair_paragraphs(body, [m.start() for m in _MARK_RE.finditer(body)])


def _pair_paragraphs(body: str, marks: list[int]) -> list[Marked]:
    """find_marked_spans given the offsets of the body's quotation marks: only paragraphs holding a mark are visited."""
    spans: list[Marked] = []
    p = 0
    while p < len(marks):
        lo = body.rfind("\n", 0, marks[p]) + 1
        hi = body.find("\n", marks[p])
        if hi < 0:
            hi = len(body)
        q = bisect.bisect_left(marks, hi, p)  # marks[p:q] are this paragraph's
        spans.extend(_pair_marks(body, marks[p:q], lo, hi))
        p = q
    return spans


def _pair_marks(body: str, marks: list[int], lo: int, hi: int) -> list[Marked]:
    """Pair the marks of one paragraph (their offsets ``marks``): « » nest; curly and ASCII marks alternate within their family."""
    out: list[Marked] = []
    k = 0
    while k < len(marks):
        i = marks[k]
        ch = body[i]
        later = marks[k + 1 :]
        if ch == GUILLEMET_CLOSE and body[lo:i].rstrip(" ").endswith(":"):
            # a reversed opening mark after a colon ("قائلا:» ...»"): it closes at the next guillemet either way
            close = next((x for x in later if body[x] in _GUILLEMETS), None)
        elif ch == GUILLEMET_OPEN:
            close, depth = None, 1
            for x in later:
                if body[x] in _GUILLEMETS:
                    depth += 1 if body[x] == GUILLEMET_OPEN else -1
                    if depth == 0:
                        close = x
                        break
        elif ch in CURLY_MARKS:
            # most often the very next mark closes it
            close = (
                later[0]
                if later and body[later[0]] in CURLY_MARKS
                else next((x for x in later if body[x] in CURLY_MARKS), None)
            )
        elif ch == ASCII_MARK:
            close = (
                later[0]
                if later and body[later[0]] == ASCII_MARK
                else next((x for x in later if body[x] == ASCII_MARK), None)
            )
        else:  # a closing guillemet that nothing opened
            k += 1
            continue
        start, end = _trim(body, i + 1, close if close is not None else hi)
        if end > start:
            out.append(_new_marked((i, close, start, end)))
        if close is None:
            break  # an unclosed mark runs to the end of the paragraph
        k = bisect.bisect_right(marks, close, k + 1)
    return out


def _trim(body: str, start: int, end: int, chars: str = " \t") -> tuple[int, int]:
    """Shrink [start, end) past leading and trailing ``chars``."""
    while start < end and body[start] in chars:
        start += 1
    while end > start and body[end - 1] in chars:
        end -= 1
    return start, end


def _strip_conjunction(word: str, vocabulary: frozenset[str]) -> int | None:
    """Length of the و/ف conjunction to drop for ``word`` to be in ``vocabulary`` (0 or 1), else None."""
    if word in vocabulary:
        return 0
    if len(word) > 2 and word[0] in _CONJUNCTIONS and word[1:] in vocabulary:
        return 1
    return None


def _cue_word_info() -> dict[str, tuple[str, int, str]]:
    """For every word that may be a cue: its kind, the conjunction length to drop and the cue word (first kind wins)."""
    info: dict[str, tuple[str, int, str]] = {}
    for word in _ANY_CUE_WORD:
        for kind, vocab in _CUE_KINDS:
            n = _strip_conjunction(word, vocab)
            if n is not None:
                info[word] = (kind, n, word[n:])
                break
    return info


# one dict look-up per word finds the cues and says what they are
_CUE_WORD_INFO = _cue_word_info()
# its keys as a set: the words of a body that may be cues by their tails are tested by it (a set look-up is a little
# faster than a dict's)
_CUE_WORDS = frozenset(_CUE_WORD_INFO)
_CUE_TAILS = tail_table(_CUE_WORDS)


def cue_words_each(indices: Sequence[TextIndex]) -> list[list[int]]:
    """For each indexed body, its words (indices) that may be cues: in _CUE_WORDS (found for all the bodies at once)."""
    return tail_hits_each(_CUE_TAILS, _CUE_WORDS, indices)


class _Tokens(Sequence[_Token]):
    """The words of a body kept as three parallel lists; a _Token is built only when one is asked for."""

    __slots__ = ("starts", "ends", "words")

    def __init__(self, starts: list[int], ends: list[int], words: list[str]):
        self.starts, self.ends, self.words = starts, ends, words

    def __len__(self) -> int:
        return len(self.words)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self.words)))]
        return _Token(self.starts[i], self.ends[i], self.words[i])


_START, _END, _START_END, _OPEN = attrgetter("start"), attrgetter("end"), attrgetter("start", "end"), attrgetter("open")


class _Article:
    """Tokens, sentences, quotation marks, cues and mentions of one body, with look-ups between them."""

    def __init__(
        self,
        body: str,
        mentions: Sequence[MentionSpan],
        index: TextIndex | None = None,
        cue_words: list[int] | None = None,
    ):
        """``cue_words``: the words of the body that are in _CUE_WORDS (:func:`cue_words_each`), when already found."""
        self.body = body
        idx = index if index is not None else index_body(body)
        # the folded body with a sparse map back to it: the indices of the characters folding dropped
        self.folded, self._dropped = idx.folded, idx.dropped
        self.starts, self.ends, self.words = idx.starts, idx.ends, idx.words
        sentence_chars, marks = idx.sentence_chars, idx.marks
        self.tokens = _Tokens(self.starts, self.ends, self.words)
        self.marked = _pair_paragraphs(body, marks)
        # closed quoted spans are disjoint and in text order: a bisect finds the one around an offset
        self._closed = [m for m in self.marked if m.close is not None]
        self._closed_opens = list(map(_OPEN, self._closed))
        self.has_closed_marks = bool(self._closed)
        self.sentence_ends = self._sentence_ends(sentence_chars)
        # the same ends between sentinels (-1 and the body's length): a sentence's bounds are two neighbours
        self._sentence_bounds = [-1, *self.sentence_ends, len(body)]
        self.mentions = sorted(mentions, key=_START_END)
        self._mention_starts = list(map(_START, self.mentions))
        self._mention_max_ends = list(accumulate(map(_END, self.mentions), max))
        self.cues = self._find_cues(cue_words if cue_words is not None else cue_words_each([idx])[0])
        self.cue_at = {c.index: c for c in self.cues}
        self.cue_starts = list(map(_START, self.cues))

    @cached_property
    def _shifts(self) -> list[int]:
        """For the k-th dropped character, the folded index at which it was dropped (made for the few articles that
        map a folded offset back)."""
        return [d - k for k, d in enumerate(self._dropped)]

    def original(self, i: int) -> int:
        """Body offset of folded index ``i`` (an exclusive end maps too)."""
        return i + bisect.bisect_right(self._shifts, i) if self._shifts else i

    def folded_pos(self, pos: int) -> int:
        """Index in the folded text of the body offset ``pos``."""
        return pos - bisect.bisect_left(self._dropped, pos) if self._dropped else pos

    def _sentence_ends(self, candidates: list[int]) -> list[int]:
        """Offsets of sentence-ending characters outside quotation marks, from the offsets of the candidate characters."""
        body = self.body
        # every candidate but the dots inside a sentence (decimal points, abbreviations), which only the dots that
        # _INNER_DOT_RE finds may be: most dots end a paragraph or a word of five letters, and are tested no further
        inner = [m.start() for m in _INNER_DOT_RE.finditer(body) if _inner_dot(body, m.start())]
        ends = list(filterfalse(set(inner).__contains__, candidates)) if inner else list(candidates)
        # drop the ends inside closed quoted spans (a newline never is: marks pair within a paragraph)
        for m in reversed(self._closed):
            lo = bisect.bisect_right(ends, m.open)
            hi = bisect.bisect_left(ends, m.close, lo)
            if hi > lo:
                del ends[lo:hi]
        return ends

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """[start, end) of the sentence holding offset ``pos`` (end is the ending character)."""
        bounds = self._sentence_bounds
        k = bisect.bisect_left(bounds, pos, 1, len(bounds) - 1)
        return bounds[k - 1] + 1, bounds[k]

    def paragraph_of(self, pos: int) -> tuple[int, int]:
        """[start, end) of the paragraph holding offset ``pos``."""
        start = self.body.rfind("\n", 0, pos) + 1
        end = self.body.find("\n", pos)
        return start, end if end >= 0 else len(self.body)

    def tokens_in(self, start: int, end: int) -> range:
        """Indices of the tokens lying inside [start, end)."""
        i = bisect.bisect_left(self.starts, start)
        return range(i, bisect.bisect_right(self.ends, end, i))  # token ends ascend: the first one past ``end`` stops

    def token_at(self, pos: int) -> int | None:
        """Index of the token containing offset ``pos``."""
        k = bisect.bisect_right(self.starts, pos) - 1
        return k if k >= 0 and self.starts[k] <= pos < self.ends[k] else None

    def in_marked(self, pos: int) -> Marked | None:
        """The closed quoted span whose marks enclose ``pos`` (an unclosed mark encloses nothing for sure)."""
        k = bisect.bisect_left(self._closed_opens, pos) - 1
        if k >= 0 and pos < self._closed[k].close:  # type: ignore[operator]
            return self._closed[k]
        return None

    def marked_between(self, lo: int, hi: int) -> bool:
        """True when the inside of a closed quoted span may meet [lo, hi) (a span opening before hi ends after lo)."""
        k = bisect.bisect_left(self._closed_opens, hi) - 1
        return k >= 0 and self._closed[k].close > lo  # type: ignore[operator]

    def in_mention(self, pos: int) -> bool:
        """True when a mention covers offset ``pos``."""
        k = bisect.bisect_right(self._mention_starts, pos) - 1
        return k >= 0 and self._mention_max_ends[k] > pos

    def mentions_in(self, lo: int | None, hi: int) -> list[MentionSpan]:
        """The mentions starting in [lo, hi] (from the first one when ``lo`` is None), in (start, end) order."""
        first = 0 if lo is None else bisect.bisect_left(self._mention_starts, lo)
        return self.mentions[first : bisect.bisect_right(self._mention_starts, hi)]

    def mentions_ending_in(self, lo: int, hi: int) -> list[MentionSpan]:
        """The mentions ending in [lo, hi], in (start, end) order."""
        first = bisect.bisect_left(self._mention_max_ends, lo)  # every mention before it ends before lo
        return [m for m in self.mentions[first : bisect.bisect_right(self._mention_starts, hi)] if lo <= m.end <= hi]

    def mentions_over(self, start: int, end: int) -> list[MentionSpan]:
        """The mentions overlapping [start, end), in (start, end) order."""
        lo = bisect.bisect_right(self._mention_max_ends, start)
        hi = bisect.bisect_left(self._mention_starts, end)
        return [m for m in self.mentions[lo:hi] if m.end > start]

    def _find_cues(self, cue_words: list[int]) -> list[_Cue]:
        """Every reporting cue outside quotation marks, in text order (``cue_words``: the words in _CUE_WORDS)."""
        cues: list[_Cue] = []
        words, starts, ends, body = self.words, self.starts, self.ends, self.body
        n_words = len(words)
        closed, closed_opens = self._closed, self._closed_opens
        for i in cue_words:
            start = starts[i]
            if closed_opens:  # inside closed quotation marks (in_marked, inlined for this loop)
                k = bisect.bisect_left(closed_opens, start) - 1
                if k >= 0 and start < closed[k].close:  # type: ignore[operator]
                    continue
            prev = words[i - 1] if i else ""
            if prev in _NOT_CUE_AFTER:
                continue  # "ما يؤكد أن": which confirms
            if i + 1 < n_words and words[i + 1] in _NOT_CUE_BEFORE:
                continue
            kind, n, word = _CUE_WORD_INFO[words[i]]
            if word == _OPINION and (prev in _OPINION_BEFORE or i + 1 < n_words and words[i + 1] in _OPINION_AFTER):
                continue  # "كان له رأي آخر مفاده": the noun رأي, not the verb رأى
            if kind == "verb":
                if word in _NAQL and self.naql_source(i) is None:
                    continue  # نقل reports only as "نقل ... عن X"
                if prev.isdigit():
                    continue  # "300 طالب": a counted noun
                if word in IMPERFECT_CUES and self._unreported_imperfect(i, n):
                    continue
            if n:  # the cue starts after its conjunction, past any mark folding dropped there (a letter follows)
                start += 1
                while body[start] in DROPPED_CHARS:
                    start += 1
            cues.append(_new_cue((kind, start, ends[i], i, word)))
        for match in _AS_PUT_RE.finditer(self.folded):
            start, end = self.original(match.start()), self.original(match.end())
            idx = self.tokens_in(start, end)
            if idx and self.in_marked(start) is None:
                cues.append(_Cue("as_put", start, end, idx[-1]))
        return sorted(cues, key=_START)

    def _unreported_imperfect(self, i: int, n: int) -> bool:
        """True for a present-tense cue that reports nobody: a possibility ("قد يرى": might think) or the relative clause
        of an indefinite noun governed by a preposition, with no subject of its own ("لأي اقتصاد يرى أنه")."""
        words, starts, ends, body = self.words, self.starts, self.ends, self.body
        if i == 0 or any(c in body[ends[i - 1] : starts[i]] for c in "،,.:؛"):
            return False
        if words[i - 1] in _QAD:
            return True
        k = i - 1
        if n or k < 1 or (i + 1 < len(words) and words[i + 1] not in _COMPLEMENTISER_WORDS):
            return False  # "ويرى": coordinated with an earlier subject; "ترى الوزارة أن": a subject follows
        if (
            words[k].startswith("ال")
            or self.in_mention(starts[k])
            or any(c in body[ends[k - 1] : starts[k]] for c in "،,.:؛")
        ):
            return False  # "الوزارة ترى أن", "سامر يرى أن": a fronted subject
        return words[k - 1] in _GOVERNING_QUANTIFIERS

    def naql_source(self, i: int) -> int | None:
        """Token index of "عن" within the next words of a نقل verb (``نقلت X عن Y``)."""
        for j in range(i + 1, min(i + 10, len(self.words))):
            if self.words[j] == "عن":
                return j
        return None

    def token(self, cue: _Cue) -> _Token:
        """The (last) token of a cue."""
        return self.tokens[cue.index]

    def prev_word(self, pos: int) -> str:
        """Folded word ending before ``pos`` ("" at the start)."""
        k = bisect.bisect_left(self.starts, pos) - 1
        return self.words[k] if k >= 0 else ""


# --- speakers ----------------------------------------------------------------------------------------


def _governed(art: _Article, m: MentionSpan, span_start: int) -> bool:
    """True when a preposition (word or ب/ل/ك clitic) or a relative pronoun in the span governs the mention."""
    k = art.token_at(m.start)
    if k is not None and max(art.starts[k], span_start) < m.start:
        prefix = _fold_word(art.body[max(art.starts[k], span_start) : m.start])
        if any(c in prefix for c in "بلك"):
            return True
    first = k if k is not None else bisect.bisect_left(art.starts, m.start)
    prev = first - 1
    if prev >= 0 and art.starts[prev] >= span_start and art.words[prev] in _PREPOSITIONS:
        return True
    if _RELATIVE_PRONOUNS.isdisjoint(art.words[max(first - 6, 0) : first]):
        return False  # the common case: no relative pronoun among the words the loop below would look at
    for j in range(first - 1, max(first - 7, -1), -1):  # a relative clause of the same clause ("التي جمعت بين X")
        if art.starts[j] < span_start or "،" in art.body[art.ends[j] : art.starts[j + 1]]:
            break
        if art.words[j] in _RELATIVE_PRONOUNS:
            return True
    return False


def _pick_speaker(art: _Article, start: int, end: int) -> MentionSpan | None:
    """Best speaker mention in a subject span: person > organisation; places only as the subject's head."""
    best: tuple[tuple[int, int], MentionSpan] | None = None
    idx = art.tokens_in(start, end)
    head = art.starts[idx[0]] if idx else start
    for m in art.mentions_over(start, end):
        if m.end <= start or m.start >= end or _governed(art, m, start):
            continue
        before = art.tokens_in(start, m.start)
        if len(before) > MAX_ROLE_TOKENS and not (before and art.words[before[-1]] in _NAME_TITLES):
            continue  # deep in the span: an object or a complement, not the subject ("وصف X زيارة النائب Y")
        if len(before) >= 3 and art.words[before[-1]] == "باسم" and art.words[before[-2]] in _SPOKESMEN:
            continue  # "X المتحدث باسم Y": X speaks for Y (with no X, "المتحدث باسم Y" speaks as Y)
        if m.type in _TYPE_RANK:
            rank = _TYPE_RANK[m.type]
        elif m.start - head <= 2 and _fold_word(art.body[head : m.start]) in ("", "ال"):
            rank = _PLACE_RANK  # "قالت روسيا", "أعلنت واشنطن": the state speaks
        else:
            continue
        if best is None or (rank, m.start) < best[0]:
            best = ((rank, m.start), m)
    return best[1] if best else None


def _has_subject(art: _Article, start: int, end: int) -> bool:
    """True when the words after a verb start with a noun phrase rather than an adjunct (or nothing)."""
    i = bisect.bisect_left(art.starts, start)
    if i >= len(art.ends) or art.ends[i] > end:
        return False  # no word inside the span
    tok_start, tok_end, word = art.starts[i], art.ends[i], art.words[i]
    if word in _ADJUNCT_STARTS or word in _RELATIVE_PRONOUNS or _ADDRESSEE_RE.match(word):
        return False
    if word[:1].isdigit() or word[1:2].isdigit() or word in _COMPLEMENTISER_WORDS:
        return False  # a number or a date is never a speaker ("قال 2015"), nor the reported clause ("وأبان أن")
    if art.body[tok_start : tok_start + 2] in ("لـ", "بـ") or word.startswith(("بال", "لل")):
        return False  # "لـ«الشرق الأوسط»", "بالاتفاق": a prepositional phrase, not a subject
    if art.body[tok_start:tok_end].endswith(("ًا", "اً")) or i in art.cue_at:
        return False  # an adverb in the accusative ("سابقًا") or a participle ("قائلا") is not a subject
    glued = art.mentions_in(tok_start + 1, tok_end - 1)
    return not (glued and _governed(art, glued[0], start))  # "بتوكاييف"


def _subject_words(art: _Article, start: int, end: int) -> tuple[int, int] | None:
    """The words of an unresolved subject: up to a comma, an adjunct word or MAX_SURFACE_TOKENS words."""
    kept: list[int] = []
    first = art.token_at(start)
    tokens = ([first] if first is not None and art.starts[first] < start else []) + list(art.tokens_in(start, end))
    if len(tokens) > 2 and art.words[tokens[0]] == "كل" and art.words[tokens[1]] == "من":
        tokens = tokens[2:]  # "قال كل من فهد عبده": the people named after it speak
        start = art.starts[tokens[0]]
    titled = [
        k
        for k in range(1, len(tokens) - 1)
        if art.words[tokens[k]] in _NAME_TITLES and not art.words[tokens[k + 1]].startswith("ال")
    ]  # "العقيد محمد", not "الرئيس التنفيذي"
    if titled and "،" not in art.body[art.starts[tokens[0]] : art.starts[tokens[titled[0]]]]:
        tokens = tokens[titled[0] + 1 :]  # "مدير ... العقيد محمد السعد": the name after the title speaks
        start = art.starts[tokens[0]]
    for i in tokens:
        if kept:
            tok_start, word = art.starts[i], art.words[i]
            gap = art.body[art.ends[kept[-1]] : tok_start]
            inner = art.in_marked(tok_start)
            named = (
                inner is not None
                and count_words_upto(art.body, inner.start, inner.end, MAX_NAME_WORDS + 1) <= MAX_NAME_WORDS
            )
            if (
                any(c in gap for c in "،,:()-–")
                or any(c in gap for c in QUOTE_MARKS)
                and not named
                or word in _SURFACE_STOPS
                or _ADDRESSEE_RE.match(word)
                or word.startswith("بال")
                or word in _SPOKESMEN
                or len(kept) >= MAX_SURFACE_TOKENS
            ):
                break
        kept.append(i)
    if not kept:
        return None
    a, b = max(art.starts[kept[0]], start), art.ends[kept[-1]]
    inner = art.in_marked(b - 1)
    if b < len(art.body) and art.body[b] in QUOTE_MARKS and inner is not None and inner.open >= a:
        b += 1  # keep the closing mark of a quoted name: «سي إن إن»
    return a, b


def _antecedent(art: _Article, noun: str, before: int) -> MentionSpan | None:
    """Latest mention before ``before`` that ``noun`` (folded, e.g. "وكاله") introduces."""
    for m in reversed([m for m in art.mentions_in(None, before) if m.end <= before]):
        if _fold_word(art.body[m.start : m.end]).startswith(noun):
            return m
        k = bisect.bisect_left(art.starts, m.start)
        if noun in art.words[max(0, k - 3) : k]:
            return m
    return None


def _resolve(art: _Article, start: int, end: int) -> _Speaker | None:
    """Speaker of a subject span that has a subject: a mention, an antecedent, or the subject's words."""
    end = _medium_cut(art, start, end)
    mention = _pick_speaker(art, start, end)
    if mention is not None:
        return _new_speaker((mention.entity_id, mention.start, mention.end))
    words = _subject_words(art, start, end)
    if words is None:
        return None
    idx = art.tokens_in(*words)
    if len(idx) == 1 and (head := _ANAPHORIC_HEAD_RE.match(art.words[idx[0]])):
        m = _antecedent(art, head.group(1), words[0])
        if m is not None:
            return _new_speaker((m.entity_id, m.start, m.end))
    titled = _titled_antecedent(art, idx)
    if titled is not None:  # "الرئيس الصيني" after "الرئيس الصيني شي جين بينغ": the same person
        return _Speaker(titled.entity_id, titled.start, titled.end)
    return _new_speaker((None, *words))


def _medium_cut(art: _Article, start: int, end: int) -> int:
    """End of a subject span before a phrase of the statement's medium ("في تغريدة على موقع تويتر", "عبر حسابه")."""
    idx = art.tokens_in(start, end)
    words = art.words
    if len(idx) < 2 or _MEDIUM_PREPOSITIONS.isdisjoint(words[idx[1] : idx[-1] + 1]):
        return end  # the common case: no preposition after the first word
    for k in idx[1:]:
        if words[k] not in _MEDIUM_PREPOSITIONS or k + 1 >= len(words):
            continue
        nxt = k + 2 if words[k + 1] == "خلال" and k + 2 < len(words) else k + 1  # "من خلال حسابه"
        if words[nxt] in _MEDIUM_WORDS and art.starts[nxt] < end:
            return _trim(art.body, start, art.starts[k if words[k - 1] != "من" else k - 1], " \t،,")[1]
    return end


def _titled_antecedent(art: _Article, idx: Sequence[int]) -> MentionSpan | None:
    """The latest person mention introduced earlier by exactly the definite title words ``idx``."""
    if not 1 <= len(idx) <= 3 or not art.words[idx[0]].startswith("ال"):
        return None
    title = [art.words[i] for i in idx]
    bound = art.starts[idx[0]]
    for m in reversed([m for m in art.mentions_in(None, bound) if m.end <= bound and m.type == "person"]):
        k = bisect.bisect_left(art.starts, m.start)
        if k >= len(title) and [art.words[j] for j in range(k - len(title), k)] == title:
            return m
    return None


def _sentence_subject(
    art: _Article, cue_start: int, quotes: Sequence[Quote], last: _Speaker | None, participle: bool = False
) -> _Speaker | None:
    """Speaker of a cue without subject: SVO subject, earlier speaker or subject of the sentence, else ``last``."""
    sent_start, _ = art.sentence_of(cue_start)
    k = art.token_at(cue_start)
    verb_start = art.starts[k] if k is not None else cue_start
    blank = verb_start  # start of the whitespace right before the verb: a mention ending there stands before it
    while blank > 0 and art.body[blank - 1].isspace():
        blank -= 1
    before = art.mentions_ending_in(blank, verb_start)
    if (
        before and before[-1].start >= sent_start and not _governed(art, before[-1], sent_start)
    ):  # "الصين تقول إن", "اعترضت عليه موسكو وأوضحت أن"
        m = before[-1]
        return _new_speaker((m.entity_id, m.start, m.end))
    for q in reversed(quotes):
        if q.start < sent_start and (q.cue_start is None or q.cue_start < sent_start):
            break
        if q.speaker_start is not None:
            return _new_speaker((q.speaker_entity_id, q.speaker_start, q.speaker_end))
    # the subject of the sentence's earlier verb ("وأكد بوتين ...، ونفى"): the last free person or organisation
    # near the start of its clause (a role may precede the name), or a state right after the verb that opens it ("، كما نفت كازاخستان ... وأكدت أن")
    free = [
        m
        for m in art.mentions_in(sent_start, cue_start)
        if sent_start <= m.start
        and m.end <= cue_start
        and art.in_marked(m.start) is None
        and not _governed(art, m, sent_start)
        and not _listed(art, m)
    ]
    people = [
        m
        for m in free
        if m.type in _TYPE_RANK and len(art.tokens_in(_clause_start(art, sent_start, m.start), m.start)) <= 5
    ]
    states = [
        m
        for m in free
        if m.type not in _TYPE_RANK and 1 <= len(art.tokens_in(_clause_start(art, sent_start, m.start), m.start)) <= 2
    ]
    persons = [m for m in people if m.type == "person"]
    if persons and participle:
        m = persons[0]  # "رفض X، المتحدث باسم منظمة Y (ورئيسها Z)، ...، قائلا": the head of the main clause speaks
        return _new_speaker((m.entity_id, m.start, m.end))
    if people or states:
        m = (persons or people or states)[-1]  # a person beats an organisation named in his title
        return _new_speaker((m.entity_id, m.start, m.end))
    first = bisect.bisect_left(art.starts, sent_start)
    if participle and first in art.cue_at and art.cue_at[first].kind == "verb" and art.ends[first] < verb_start:
        # "وختم الطبيب قائلا:": the subject of the sentence's opening reporting verb, up to a comma or the participle
        comma = art.body.find("،", art.ends[first], verb_start)
        span = _trim(art.body, art.ends[first], comma if comma >= 0 else verb_start)
        if _has_subject(art, *span):
            return _resolve(art, *span)
    # no subject in this sentence: continue only a speaker quoted in the previous sentence, and only from a
    # cue that opens its sentence ("وقال", "ثم أضاف"): after a clause of its own the subject is that clause's
    prefix = art.tokens_in(sent_start, cue_start)
    opening = participle or len(prefix) <= 3 or art.words[prefix[0]] in _OPENING_WORDS
    if quotes and last is not None and opening:
        # the speaker stays on stage for two sentences ("وقال X ... . واتهم ... . وشدد على أن")
        prev_start = _previous_sentence_start(art, _previous_sentence_start(art, sent_start))
        q = quotes[-1]
        if q.end >= prev_start or (q.cue_start is not None and q.cue_start >= prev_start):
            return _agreeing(art, art.words[k] if k is not None else "", quotes, last)
    return None


def _cue_gender(word: str) -> str | None:
    """ "f" or "m" for a singular cue form ("وأضافت" f, "وأضاف" m, "تقول" f, "مشيرة" f), None when unsure."""
    for w in (word, word[1:] if word[:1] in _CONJUNCTIONS else word):
        if w in _MASCULINE_CUES:
            return "m"
        if w in _FEMININE_CUES:
            return "f"
    return None


def _speaker_gender(art: _Article, speaker: _Speaker) -> str | None:
    """ "f" for a feminine noun or name ("الوزارة", "فاطمة"), "m" for a known man's name, else None (either)."""
    words = art.body[speaker.start : speaker.end].split()
    if not words:
        return None
    first = fold(words[0])
    if words[0].endswith(("ة", "ى")):  # "الوزارة", "ليلى", "فاطمة", but "مصطفى", "أسامة"
        return "m" if first in _MASCULINE_NAMES else "f"
    if first in _GIVEN_NAMES:
        return "m"  # a man's name ("أشرف العربي"); other names and nouns may be either ("مصادر" takes قالت)
    return None


def _agreeing(art: _Article, cue_word: str, quotes: Sequence[Quote], last: _Speaker) -> _Speaker | None:
    """The speaker a subjectless cue continues: ``last``, or the nearest earlier one its verb agrees with.

    "وأظهرت الوزارة ... وأوضح الوزير ... ولفتت إلى أن": the feminine verb goes back to the ministry.
    """
    gender = _cue_gender(cue_word)
    if gender is None or _speaker_gender(art, last) in (None, gender):
        return last
    for q in reversed(quotes):
        if q.speaker_start is None or q.speaker_end is None:
            continue
        candidate = _Speaker(q.speaker_entity_id, q.speaker_start, q.speaker_end)
        if _speaker_gender(art, candidate) == gender:
            return candidate
    return None


def _clause_start(art: _Article, sent_start: int, pos: int) -> int:
    """Start of the comma-delimited clause holding ``pos`` within its sentence."""
    return max(sent_start, *(art.body.rfind(c, sent_start, pos) + 1 for c in "،,:"))


def _listed(art: _Article, m: MentionSpan) -> bool:
    """True when a mention is a coordinated or parenthesised item ("وكازاخستان", "(قيرغيزستان، ...)")."""
    k = art.token_at(m.start)
    if k is not None and art.starts[k] < m.start and _fold_word(art.body[art.starts[k] : m.start]).startswith("و"):
        return True
    para_start, _ = art.paragraph_of(m.start)
    return art.body.rfind("(", para_start, m.start) > art.body.rfind(")", para_start, m.start)


def _previous_sentence_start(art: _Article, sent_start: int) -> int:
    """Start of the last non-empty sentence before the one starting at ``sent_start``."""
    k = sent_start - 1
    while k > 0 and (art.body[k].isspace() or art.body[k] in ".!?؟؛"):
        k -= 1
    return art.sentence_of(k)[0] if k > 0 else 0


# --- finding quotes ----------------------------------------------------------------------------------


def _complementiser(art: _Article, cue: _Cue, sent_end: int, stops: Sequence[int]) -> int | None:
    """Token index of the complementiser a cue introduces indirect speech with, if any."""
    max_words = 2 if cue.kind == "participle" else MAX_SUBJECT_TOKENS
    starts, words = art.starts, art.words
    # the loop below stops at the sentence end or after max_words + 1 words: without a complementiser word in that
    # window it can only return None, which most cues do (one C-level set test instead of a loop over the words)
    first = cue.index + 1
    window_end = min(first + max_words + 1, bisect.bisect_left(starts, sent_end, first))
    if _COMPLEMENTISER_WORDS.isdisjoint(words[first:window_end]):
        return None
    ends, body, cue_at = art.ends, art.body, art.cue_at
    # the loop looks at the words of the window only
    marked = art.in_marked if art.marked_between(starts[first], starts[window_end - 1] + 1) else None
    n_words = len(words)
    skip = _clean_prefix(art, first, window_end, stops)
    for n, j in enumerate(range(first + skip, n_words), start=skip):
        t_start, word = starts[j], words[j]
        if t_start >= sent_end or n > max_words or stops and _any_within(stops, ends[j - 1], t_start):
            return None
        if marked is not None and marked(t_start) is not None:
            continue
        complementiser = word in _COMPLEMENTISER_WORDS
        if not complementiser and ":" in body[ends[j - 1] : t_start]:
            return None
        if j in cue_at or (
            word in _ANY_VERB_OR_PARTICIPLE_WORD
            and words[j - 1] not in _NOT_CUE_BEFORE
            and (j + 1 >= n_words or words[j + 1] not in _NOT_CUE_BEFORE)
        ):
            return None  # another reporting verb (even "ما يؤكد") opens its own clause
        if not complementiser or art.in_mention(t_start):
            continue  # "أعلن بان كي مون": a name, not "بأن"
        prev = words[j - 1]
        revealing = (
            prev == "عن"
            and cue.word.startswith(_REVEAL_STEMS)  # "كشف عن أن", "أعرب عن أمله أن"
            or prev == "من"
            and cue.word.startswith(_WARN_STEMS)  # "محذرا من أن"
        )
        if j - 1 > cue.index and prev in _NOT_SPEECH_BEFORE_AN and not revealing:
            continue
        if cue.kind == "participle" and n > 0 and prev not in _ILA_ALA and not revealing:
            return None
        if _speech_noun_between(art, cue.index, j):
            return None
        return j
    return None


def _clean_prefix(art: _Article, first: int, window_end: int, stops: Sequence[int]) -> int:
    """How many words from ``first`` the complementiser loop may skip: those before the window's first complementiser
    word when none of them is quoted, a verb or a cue, and no colon or stop lies before it (0 when unsure)."""
    words, starts = art.words, art.starts
    jc = next(compress(range(first, window_end), map(_COMPLEMENTISER_WORDS.__contains__, words[first:window_end])))
    if jc == first:
        return 0
    lo, hi = art.ends[first - 1], starts[jc]
    if (
        art.marked_between(starts[first], hi)
        or _any_within(stops, lo, hi)
        or ":" in art.body[lo : starts[jc - 1]]
        or not _ANY_VERB_OR_PARTICIPLE_WORD.isdisjoint(words[first:jc])
        or any(map(art.cue_at.__contains__, range(first, jc)))
    ):
        return 0
    return jc - first


@lru_cache(maxsize=1 << 12)  # a few hundred cue words: a look-up instead of a scan of the stems per cue
def _nominal_preposition(kind: str, word: str) -> str | None:
    """The preposition before the noun phrase a cue of this kind and word may report ("" for none, "*" for عزا's
    object), or None."""
    if kind not in ("verb", "participle"):
        return None
    if word.startswith(_ATTRIBUTE_STEMS):
        return "*"
    for stems, prep in _NOMINAL_STEMS:
        if word.startswith(stems) and (prep or kind == "verb" or word.startswith(("مؤكد", "موضح"))):
            return prep
    return None


def _announced_noun(art: _Article, cue: _Cue, sent_end: int, stops: Sequence[int], prep: str = "عن") -> int | None:
    """Token index of the noun phrase a cue reports, if any.

    Announcing verbs report a verbal noun, after عن or not ("أعلنت الوزارة (عن) تسجيل ..."); pointing verbs any
    noun after إلى ("أشار إلى تراجع"); stating verbs a verbal noun
    with no preposition ("أوضح الإحصاء ارتفاع"); عزا (``prep`` "*") its object, from a demonstrative or a verbal
    noun ("عزا التقرير هذا التراجع إلى").
    """
    starts, ends, words = art.starts, art.ends, art.words
    last = min(cue.index + 2 + MAX_REVEAL_SUBJECT, len(words))
    if last <= cue.index + 1:
        return None
    marked = art.in_marked if art.marked_between(starts[cue.index + 1], starts[last - 1] + 1) else None
    for j in range(cue.index + 1, last):
        t_start, word = starts[j], words[j]
        if (
            t_start >= sent_end
            or marked is not None
            and marked(t_start) is not None
            or _any_within(stops, ends[j - 1], t_start)
        ):
            return None
        if ":" in art.body[ends[j - 1] : t_start] or j in art.cue_at:
            return None
        prev = words[j - 1]
        if prep == "*":
            if word in _DEMONSTRATIVES or word in _VERBAL_NOUNS and not art.in_mention(t_start):
                return j
            continue
        if prep == "الي":
            if prev == prep and word not in _FUNCTION_WORDS and word not in _COMPLEMENTISER_WORDS:
                return j
            if prev == prep:
                return None
            continue
        if word in _VERBAL_NOUNS and not art.in_mention(t_start):
            # "أعلن عن تحقيق", "أعلنت الوزارة تسجيل": not a noun governed by a preposition ("عن خطط نحو تحقيق")
            if prev == prep or (prev not in _NOT_BEFORE_ANNOUNCED and not prev.startswith(("ل", "ب"))):
                return j
            return None
        if prep and (prev == prep or (word.startswith(prep) and word != prep)):
            return None  # "أعلن عن خطط ...": an announced thing that is not a verbal noun
    return None


def _any_within(sorted_positions: Sequence[int], lo: int, hi: int) -> bool:
    """True when one of ``sorted_positions`` lies in [lo, hi]."""
    k = bisect.bisect_left(sorted_positions, lo)
    return k < len(sorted_positions) and sorted_positions[k] <= hi


def _is_speech_noun(word: str) -> bool:
    """True when ``word`` is a noun of speech, bare or with و/ب/ل and the article (the test of _speech_noun_between)."""
    base = word[1:] if word[:1] in ("و", "ب", "ل") and word[1:] in _SPEECH_NOUNS else word
    base = base[2:] if base.startswith("ال") else base
    return base in _SPEECH_NOUNS


# Every word _is_speech_noun accepts: a noun, with ال, with a و/ب/ل prefix, or both.
_SPEECH_NOUN_FORMS = frozenset(
    w
    for noun in _SPEECH_NOUNS
    for w in (noun, "ال" + noun, *(p + noun for p in "وبل"), *(p + "ال" + noun for p in "وبل"))
    if _is_speech_noun(w)
)


def _speech_noun_between(art: _Article, a: int, b: int) -> bool:
    """True when a noun of speech outside a statement adjunct stands between tokens a and b."""
    words = art.words
    if _SPEECH_NOUN_FORMS.isdisjoint(words[a + 1 : b]):
        return False  # the common case: no word between them is a noun of speech
    return any(words[k] in _SPEECH_NOUN_FORMS and words[k - 1] not in _STATEMENT_ADJUNCT for k in range(a + 1, b))


def _clause_end(art: _Article, start: int, sent_end: int) -> int:
    """End of a reported clause: its sentence end, a colon, or the next reporting cue after a comma or و."""
    end = sent_end
    colon = art.body.find(":", start, end)
    if colon >= 0:
        end = colon
    cues = art.cues
    for n in range(bisect.bisect_right(art.cue_starts, start), len(cues)):  # the cues after start, in text order
        c = cues[n]
        if c.start >= end:
            break
        if c.kind in ("verb", "participle"):
            if c.word in IMPERFECT_CUES and art.starts[c.index] == c.start and not _comma_before(art, c.start):
                continue  # "إن الاتحاد يرى أن": a verb of the reported clause, not a new statement
            end = art.starts[c.index]  # "، وأضاف", "، مضيفا": the next statement
            comma = max(art.body.rfind("،", start, end), art.body.rfind(",", start, end))
            if comma > start and art.in_marked(comma) is None:
                end = comma  # "إن A، رحبت دول المنطقة التي وصفت": the clause ends at its comma
            break
    return _trim(art.body, start, end, " \t،,.؛")[1]


def _comma_before(art: _Article, pos: int) -> bool:
    """True when the text right before ``pos`` ends with a comma."""
    return art.body[max(0, pos - 3) : pos].rstrip()[-1:] in ("،", ",")


def _indirect_candidates(art: _Article, direct: Sequence[_Candidate]) -> list[_Candidate]:
    """Indirect speech: reporting verb + subject + complementiser + reported clause."""
    stops = sorted(d.start for d in direct)  # a subject never runs over an accepted direct quote
    out = []
    for cue in art.cues:
        if cue.kind not in ("verb", "participle"):
            continue
        if cue.word.startswith(_SHOW_STEMS) and cue.index + 1 < len(art.words):
            subject = art.words[cue.index + 1]
            if subject in _DATA_NOUNS or subject[:1] in "و" and subject[1:] in _DATA_NOUNS:
                continue  # "أظهرت الإحصاءات أن": data shows, nobody speaks
        _, sent_end = art.sentence_of(cue.start)
        j = _complementiser(art, cue, sent_end, stops)
        if j is None and (prep := _nominal_preposition(cue.kind, cue.word)) is not None:
            noun = _announced_noun(art, cue, sent_end, stops, prep)
            if noun is not None:
                start = art.starts[noun]
                end = _clause_end(art, start, sent_end)
                subject_end = art.starts[noun - 1 if prep and art.words[noun - 1] == prep else noun]
                if count_words_upto(art.body, start, end, MIN_INDIRECT_WORDS + 1) >= MIN_INDIRECT_WORDS + 1:
                    out.append(_subject_candidate(art, start, end, False, cue, subject_end))
            continue
        if j is None or j + 1 >= len(art.words) or art.starts[j + 1] >= sent_end:
            continue
        start = art.ends[j]
        end = _clause_end(art, start, sent_end)
        start, end = _strip_unpaired(art.body, *_trim(art.body, start, end, " \t،,"))
        if end <= start or count_words_upto(art.body, start, end, MIN_INDIRECT_WORDS) < MIN_INDIRECT_WORDS:
            continue
        subject_end = art.starts[j]
        out.append(_subject_candidate(art, start, end, False, cue, subject_end))
    return out


def _subject_candidate(art: _Article, start: int, end: int, direct: bool, cue: _Cue, subject_end: int) -> _Candidate:
    """A candidate whose speaker is read from the cue's subject (or its antecedent, or the sentence)."""
    if cue.kind in ("participle", "as_put"):
        return _Candidate(start, end, direct, cue, None, "continue")
    tok_start = art.starts[cue.index]
    if art.prev_word(tok_start) in _RELATIVE_PRONOUNS:
        return _Candidate(start, end, direct, cue, (art.sentence_of(tok_start)[0], tok_start), "relative")
    subject_start = cue.end
    if cue.word in _NAQL:
        src = art.naql_source(cue.index)
        if src is not None and art.starts[src] < subject_end:
            subject_start = art.ends[src]  # "نقلت صحيفة X عن Y": Y speaks
    subject_start, subject_end = _trim(art.body, subject_start, subject_end, " \t،,:")
    if addressee := _ADDRESSEE_PHRASE_RE.match(art.body, subject_start, subject_end):
        subject_start = addressee.end()  # "قال لـ«الرياض» المستشار ...": the outlet is spoken to
    fronted = _kana_subject(art, cue)
    if fronted is not None:  # "وكان الوزير قد أعلن أمس أن": the subject stands before the verb
        return _Candidate(start, end, direct, cue, fronted, "subject")
    if not _has_subject(art, subject_start, subject_end):
        fronted = _fronted_subject(art, cue)
        if fronted is not None:  # "لكن الصحيفة أشارت إلى أن", "أحدهم قال:": a subject before the verb
            return _Candidate(start, end, direct, cue, fronted, "subject")
        return _Candidate(start, end, direct, cue, None, "continue")
    return _Candidate(start, end, direct, cue, (subject_start, subject_end), "subject")


def _kana_subject(art: _Article, cue: _Cue) -> tuple[int, int] | None:
    """The subject between كان and the verb ("وكانت الوزارة قد ذكرت أن"): where a fronted subject stands."""
    starts, ends, words = art.starts, art.ends, art.words
    if _KANA_FORMS.isdisjoint(words[max(cue.index - MAX_FRONTED_TOKENS - 1, 0) : cue.index]):
        return None  # the common case: no كان among the words the loop below would look at
    sent_start, _ = art.sentence_of(cue.start)
    for k in range(cue.index - 1, max(cue.index - MAX_FRONTED_TOKENS - 2, -1), -1):
        if starts[k] < sent_start or k in art.cue_at or "،" in art.body[ends[k] : starts[k + 1]]:
            return None
        if _strip_conjunction(words[k], _KANA) is None:
            continue
        last = cue.index - 1
        if art.words[last] in _QAD:
            last -= 1
        if last <= k:
            return None
        span = (art.starts[k + 1], art.ends[last])
        return span if _has_subject(art, *span) else None
    return None


def _fronted_subject(art: _Article, cue: _Cue) -> tuple[int, int] | None:
    """The noun phrase opening the clause of a verb that has no subject after it (subject-verb order), if any."""
    k = cue.index
    if cue.kind != "verb" or art.starts[k] < cue.start:
        return None  # "وأشار": a coordinated verb shares the subject of the verb before it
    sent_start, _ = art.sentence_of(cue.start)
    clause = _clause_start(art, sent_start, art.starts[k])
    idx = art.tokens_in(clause, art.starts[k])
    if idx and art.words[idx[0]] in _FRONTING_PARTICLES:
        idx = idx[1:]
    if idx and art.words[idx[-1]] in _QAD:
        idx = idx[:-1]
    if not idx or len(idx) > MAX_FRONTED_TOKENS or any(i in art.cue_at for i in idx):
        return None
    first = art.words[idx[0]]
    if (
        first in _NOT_FRONTED
        or (first[:1] in _CONJUNCTIONS and first[1:] in _NOT_FRONTED)
        or _PARTICLE_PRONOUN_RE.match(first)
    ):
        return None
    if any(_strip_conjunction(art.words[i], _RELATIVE_PRONOUNS) is not None for i in idx):
        return None  # "... والتي وصف بها": the verb belongs to a relative clause
    if any(q in art.body[art.starts[idx[0]] : art.ends[idx[-1]]] for q in QUOTE_MARKS):
        return None
    if not _has_subject(art, art.starts[idx[0]], art.ends[idx[-1]]):
        return None
    glued = (
        1 if first[:1] in _CONJUNCTIONS and first[1:3] == "ال" else 0
    )  # "فالبعض يرى": the conjunction is not the subject
    return art.starts[idx[0]] + glued, art.ends[idx[-1]]


def _source_start(art: _Article, cue: _Cue) -> int:
    """Where the source of "وفقا لـX" / "بحسب X" starts: after the cue and the preposition ل glued to X."""
    k = cue.index + 1
    if k >= len(art.words):
        return cue.end
    tok = art.tokens[k]
    if tok.folded == "ل":  # "وفقا لـ «X»"
        return tok.end
    if tok.folded.startswith("ل") and cue.word in _WAFQAN:
        return tok.start + (2 if art.body[tok.start + 1 : tok.start + 2] == "ـ" else 1)
    return cue.end


def _after_cue(art: _Article, m: Marked) -> _Cue | None:
    """A cue right after a closing mark ("«...»، قال X", "«...»، بحسب X"), or "على حد قوله" in the sentence."""
    assert m.close is not None
    after = m.close + 1
    _, sent_end = art.sentence_of(m.close)
    cues = art.cues
    for n in range(bisect.bisect_left(art.cue_starts, after), len(cues)):  # the cues from after to the sentence end
        c = cues[n]
        if c.start > sent_end:
            break
        if c.kind == "as_put":
            return c
        gap = art.body[after : art.starts[c.index]]
        if c.kind not in ("verb", "source") or (
            gap.strip(" ،,-–") and not _THUS_RE.match(_fold_word(gap.strip(" ،,-–")))
        ):
            continue
        rest = art.body[c.end : sent_end]
        # "«...»، وأضاف: «...»" introduces the next quote; an after-cue is bare and ends its sentence
        if c.kind == "verb" and (art.starts[c.index] < c.start or ":" in rest or any(q in rest for q in QUOTE_MARKS)):
            return None
        return c
    return None


def _after_noun(art: _Article, m: Marked, sent_end: int) -> _Candidate | None:
    """A statement noun and its author right after a closing mark ("«...» تغريدة نشرها X", "«...»، في بيان لـX")."""
    assert m.close is not None
    after = m.close + 1
    lead = len(art.body[after:sent_end]) - len(art.body[after:sent_end].lstrip(" ،,-–"))
    tail = art.folded[art.folded_pos(after + lead) : art.folded_pos(sent_end)]
    match = _STATEMENT_NOUN_RE.match(tail)
    if match is None:
        return None
    noun_start = art.original(art.folded_pos(after + lead) + match.start(1))
    k = art.token_at(noun_start)
    if k is None:
        return None
    tok = art.tokens[k]
    cue = _Cue("noun", tok.start, tok.end, k, tok.folded)
    subject_start = art.original(art.folded_pos(after + lead) + match.end())
    if art.body[subject_start : subject_start + 1] == "ـ":
        subject_start += 1
    comma = art.body.find("،", subject_start, sent_end)
    return _Candidate(m.start, m.end, True, cue, (subject_start, comma if comma >= 0 else sent_end), "subject")


def _before_cue(art: _Article, m: Marked, sent_start: int) -> _Cue | None:
    """The nearest reporting cue before the opening mark in the same sentence and clause."""
    found = None
    cues = art.cues
    for n in range(bisect.bisect_left(art.cue_starts, m.open) - 1, -1, -1):  # the last such cue before the mark
        c = cues[n]
        if c.start < sent_start:
            break
        if c.kind in ("verb", "participle", "source"):
            found = c
            break
    if found is not None and _CLAUSE_BREAK_RE.search(art.folded[art.folded_pos(found.end) : art.folded_pos(m.open)]):
        return None
    return found


def _introduced(art: _Article, m: Marked, cue: _Cue, accepted: Sequence[Marked]) -> bool:
    """True when the words right before the mark introduce it: the cue, a colon, a preposition, "قوله", و."""
    lead = art.body[art.ends[cue.index] : m.open]
    if not lead.strip() or lead.rstrip().endswith(":"):
        return True
    if lead.rstrip()[-1:] in "بل" and not lead.rstrip()[-2:-1].strip():
        return True  # a clitic preposition glued to the mark: أكد على "..."، دعا ل"..."
    word = art.prev_word(m.open)
    if word in _INTRODUCING_PREPOSITIONS or word.startswith("قول") or word in _COMPLEMENTISER_WORDS:
        return True
    prev = [a for a in accepted if a.close is not None and a.close < m.open]
    return bool(prev) and art.body[prev[-1].close + 1 : m.open].strip(" ،,") in ("و", "أو")


def _direct_candidates(art: _Article) -> list[_Candidate]:
    """Quoted spans that a cue or a colon introduces; terms and names in quotation marks are left out."""
    out: list[_Candidate] = []
    accepted: list[Marked] = []
    for m in art.marked:
        cand = _direct_candidate(art, m, accepted)
        if cand is not None:
            out.append(cand)
            accepted.append(m)
    return out


def _direct_candidate(art: _Article, m: Marked, accepted: Sequence[Marked]) -> _Candidate | None:
    """The candidate for one quoted span, or None when it is a term, a name or a title."""
    words = count_words_upto(art.body, m.start, m.end, _WORD_COUNT_CAP)
    sent_start, sent_end = art.sentence_of(m.open)
    colon = art.body[sent_start : m.open].rstrip(" ").endswith(":")
    if not colon and _is_name(art, m, words):
        return None
    if m.close is not None and words >= MIN_GOVERNED_WORDS and (after := _after_cue(art, m)) is not None:
        if after.kind == "as_put":
            return _Candidate(m.start, m.end, True, after, None, "continue")
        _, end = art.sentence_of(after.end)
        comma = art.body.find("،", after.end, end)  # "«...»، قال X، مضيفا ...": the subject ends at a comma
        subject_start = _source_start(art, after) if after.kind == "source" else after.end
        return _Candidate(m.start, m.end, True, after, (subject_start, comma if comma >= 0 else end), "subject")
    if m.close is not None and words >= MIN_GOVERNED_WORDS and (noun := _after_noun(art, m, sent_end)) is not None:
        return noun
    before = _before_cue(art, m, sent_start)
    if before is not None:
        gap: Sequence[int] = art.tokens_in(art.ends[before.index], m.open)
        if art.marked_between(art.ends[before.index], m.open):
            gap = [i for i in gap if art.in_marked(art.starts[i]) is None]
        complementiser = next((i for i in gap if art.words[i] in _COMPLEMENTISER_WORDS), None)
        if complementiser is not None and not colon and not _whole_clause(art, m, complementiser, sent_end):
            return None  # "أكد أن الحكومة «...» وأنها": the whole أن-clause is the statement (an indirect quote)
        if colon:
            needed = 1
        elif complementiser is not None:
            needed = 1
        elif _introduced(art, m, before, accepted):
            needed = MIN_GOVERNED_WORDS
        else:
            needed = MIN_LOOSE_WORDS
        if (
            words >= needed
            and len(gap) <= MAX_GOVERNED_GAP
            and (m.close is not None or colon or complementiser is None)
        ):
            subject_end = m.open
            if complementiser is not None:
                subject_end = art.starts[complementiser]
            colon_at = art.body.find(":", art.ends[before.index], subject_end)
            if colon_at >= 0:
                subject_end = colon_at
            if before.kind == "source":
                return _Candidate(m.start, m.end, True, before, (_source_start(art, before), subject_end), "subject")
            return _subject_candidate(art, m.start, m.end, True, before, subject_end)
    if colon and (m.close is not None or words >= MIN_GOVERNED_WORDS):
        # "رفضت جلوبال تايمز ... المخاوف: «...»": the clause before the colon speaks
        return _Candidate(m.start, m.end, True, None, (sent_start, m.open), "colon")
    if m.close is None:
        return None  # an open mark nothing introduces: we cannot tell where it ends
    lead = art.body[sent_start : m.open].strip(" .،-–")
    tail = art.body[m.close + 1 : sent_end].strip(" .،")
    if not lead and not tail and words >= MIN_STANDALONE_WORDS:
        return _Candidate(m.start, m.end, True, None, None, "standalone")
    return None


def _whole_clause(art: _Article, m: Marked, complementiser: int, sent_end: int) -> bool:
    """True when a closed quoted span is the whole clause after its complementiser ("قال إن «...»")."""
    if m.close is None or art.body[art.ends[complementiser] : m.open].strip():
        return False
    return not art.body[m.close + 1 : _clause_end(art, m.close + 1, sent_end)].strip(" \t،,.؛:-–")


def _strip_unpaired(body: str, start: int, end: int) -> tuple[int, int]:
    """Drop a quotation mark opening or closing [start, end) whose partner is not inside the span."""
    if start < end and body[start] in QUOTE_MARKS and not any(c in QUOTE_MARKS for c in body[start + 1 : end]):
        start = _trim(body, start + 1, end)[0]
    if start < end and body[end - 1] in QUOTE_MARKS and not any(c in QUOTE_MARKS for c in body[start : end - 1]):
        end = _trim(body, start, end - 1)[1]
    return start, end


def _is_name(art: _Article, m: Marked, words: int) -> bool:
    """True when a quoted span names a thing or is a noun phrase of the sentence rather than reported speech."""
    k = bisect.bisect_left(art.starts, m.open) - 1  # the word before the mark
    prev = art.words[k] if k >= 0 else ""
    if prev in _NAMING_WORDS or (prev[:1] in "وبلكف" and prev[1:] in _NAMING_WORDS):
        return True  # "صحيفة «معاريف»", "ما يسمى «...»", "بعنوان «...»"
    if k >= 0 and (k in art.cue_at and art.cue_at[k].kind == "source" or prev == "ل" and k - 1 in art.cue_at):
        return True  # "بحسب «وكالة الأنباء»", "وفقا لـ«الشركة»": the source, not its words
    if m.close is None or words > MAX_NAME_WORDS:
        return False
    first = art.token_at(m.start)
    if first is not None and art.words[first] in _COMPLEMENTISER_WORDS:
        return False  # "«إن الوضع خطير» في ...": a statement
    # a short quoted phrase the clause goes on after ("كشفت «شركة النور» النقاب عن"): its subject or object
    nxt = bisect.bisect_left(art.starts, m.close + 1)
    if nxt >= len(art.words) or art.body[m.close + 1 : art.starts[nxt]].strip():
        return False  # punctuation or the end after the mark
    word = art.words[nxt]
    return not (
        word in _QUOTE_TAIL_WORDS
        or _STATEMENT_NOUN_RE.match(word + " ل")
        or nxt in art.cue_at
        or _strip_conjunction(word, VERB_CUES) is not None
    )


def _merge(direct: list[_Candidate], indirect: list[_Candidate]) -> list[_Candidate]:
    """Direct quotes and the reported clauses that do not overlap them, in text order."""
    kept = list(direct)
    for c in indirect:
        if not any(k.start < c.end and c.start < k.end for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: (c.start, c.end))


def find_quotes(body: str, mentions: Iterable[MentionSpan] = ()) -> list[Quote]:
    """All quotes of one article body, in text order, with speakers resolved against ``mentions``."""
    return _find_quotes(_Article(body, list(mentions)))


def find_quotes_each(bodies: Sequence[str], mentions: Iterable[Iterable[MentionSpan]]) -> Iterator[list[Quote]]:
    """find_quotes of each body with its mentions (``mentions`` in the order of ``bodies``, read as each body is reached)."""
    spans = iter(mentions)
    for lo in range(0, len(bodies), INDEX_CHUNK):
        chunk = bodies[lo : lo + INDEX_CHUNK]
        indices = shared_indices(chunk)  # indexed once per batch, by the first extractor
        for body, index, cue_words in zip(chunk, indices, cue_words_each(indices)):
            yield _find_quotes(_Article(body, list(next(spans)), index, cue_words))


def _find_quotes(art: _Article) -> list[Quote]:
    """All quotes of an indexed article, in text order."""
    direct = _direct_candidates(art)
    candidates = _merge(direct, _indirect_candidates(art, direct))
    quotes: list[Quote] = []
    last: _Speaker | None = None
    for c in candidates:
        speaker = _speaker_of(art, c, quotes, last)
        quotes.append(_make_quote(art, c, speaker))
        if speaker is not None:
            last = speaker
    return quotes


def _speaker_of(art: _Article, c: _Candidate, quotes: Sequence[Quote], last: _Speaker | None) -> _Speaker | None:
    """Resolve the speaker of a candidate given the quotes before it."""
    cue_start = c.cue.start if c.cue else c.start
    if c.mode == "subject" and c.subject is not None:
        return _resolve(art, *c.subject)
    if c.mode == "relative" and c.subject is not None:
        # "دول المنطقة التي وصفت ...": the antecedent of the relative pronoun speaks
        rel = bisect.bisect_left(art.starts, art.starts[c.cue.index]) - 1  # type: ignore[arg-type]
        start = art.starts[max(rel - 2, 0)]
        start = max(start, c.subject[0])
        for k in range(rel - 1, -1, -1):
            if art.starts[k] < start or art.words[k] in _PREPOSITIONS:
                start = art.starts[k + 1]
                break
        return _resolve(art, start, art.starts[rel])
    if c.mode == "colon" and c.subject is not None:
        idx = art.tokens_in(*c.subject)
        if len(idx) > 1 and _has_subject(art, art.starts[idx[1]], c.subject[1]):
            return _resolve(art, art.starts[idx[1]], c.subject[1])  # skip the clause's verb
        return _sentence_subject(art, cue_start, quotes, last)
    if c.mode == "continue":
        return _sentence_subject(art, cue_start, quotes, last, participle=c.cue is not None and c.cue.kind != "verb")
    if c.mode == "standalone" and quotes and last is not None:
        para_start, _ = art.paragraph_of(c.start)
        if quotes[-1].end >= art.paragraph_of(max(0, para_start - 1))[0]:
            return last  # a quoted paragraph right after a quote goes on with its speaker
    return None


def _make_quote(art: _Article, c: _Candidate, speaker: _Speaker | None) -> Quote:
    """The output row of a candidate."""
    cue, body = c.cue, art.body
    if speaker is None:
        speaker_fields: tuple = (None, None, None, None)
    else:
        speaker_fields = (speaker.entity_id, body[speaker.start : speaker.end], speaker.start, speaker.end)
    if cue is None:
        return _new_quote((c.start, c.end, body[c.start : c.end], c.direct, None, None, None, *speaker_fields))
    return _new_quote(
        (
            c.start,
            c.end,
            body[c.start : c.end],
            c.direct,
            body[cue.start : cue.end],
            cue.start,
            cue.end,
            *speaker_fields,
        )
    )
