"""Find the entities an Arabic news article names: gazetteer matching plus news-style person patterns.

Two methods, both pure functions of one article body and the gazetteer:

* ``gazetteer``: every spelling in the gazetteer is matched on the folded text (alef forms, ta marbuta,
  alef maqsura, diacritics, tatweel) token by token, so a name never matches inside a longer word and a nisba
  adjective (الصيني، الروسية) is not its country. Proclitics (و ف ب ل ك ال and combinations: وبال، للـ)
  are stripped, and the offsets point at the name alone. Overlapping candidates: the longest wins
  (منظمة شانغهاي للتعاون, not شانغهاي). A *context* spelling (a two-letter surname such as "شي") only
  counts after a full name of the same entity or right after a title (الرئيس، الرئيس الصيني).
* ``pattern``: people the gazetteer does not know, found from how the press names people: a title or role
  before a name (الرئيس، رئيس الوزراء، وزير الخارجية الأمريكي، المتحدثة باسم ...، الأمين العام لـ...) or a
  reporting verb right before a name (قال فلان فلان،). The rules are conservative: a name has two to four
  words, none of them a function word, a known verb or a generic noun, and it must end at a clear boundary.
  Later repeats of the full name, and of its surname after a reporting verb or a title, are mentions too.

A :class:`Mention` holds ``start``/``end`` (0-based, end exclusive, ``body[start:end] == surface``),
``entity_id``, ``type``, ``method`` and ``name`` (canonical Arabic name). :func:`mention_at` finds the
mention at or overlapping a span (for the quotes extractor: the speaker of a quote).
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache, reduce
from itertools import compress, repeat
from operator import and_, attrgetter, itemgetter, le, or_
from typing import Any, NamedTuple

import numpy as np

from akhbar.extract.gazetteer import TOKEN_RE, AliasEntry, Gazetteer, GazetteerEntity, alias_tokens
from akhbar.extract.ner import CONFIDENCE_TYPES, NerTagger, Span, default_tagger, tag_spans
from akhbar.extract.ner.names_en import english_name
from akhbar.extract.ner.tagger import Split
from akhbar.extract.records import frozen_maker, tuple_maker
from akhbar.text import lexicon
from akhbar.text.arabic import (
    DIACRITICS_RE,
    HAMZA_ALEFS,
    LIL_PROCLITICS,
    PROCLITICS,
    feminine_past,
    first_person_past,
    fold,
    fold_with_drops,
    fold_with_map,
    has_dash,
    name_variant_key,
)
from akhbar.text.index import TextIndex, shared_indices, token_words

METHOD_GAZETTEER = "gazetteer"
METHOD_PATTERN = "pattern"
METHOD_MODEL = "model"
METHOD_COREFERENCE = "coreference"
# The least confidence (the tagger's :attr:`Span.confidence`, a posterior probability) of a person or organisation
# span that the model alone finds (no gazetteer spelling): below it the span is dropped. Chosen on the SaudiNewsNet
# dev key and a second hand-made key of 15 articles (never the test key); see benchmarks/keys/README.md.
MODEL_MIN_CONFIDENCE = 0.5
# A model-only person right after a definite nisba adjective (منافسه التركي فلان) is kept from this confidence up.
NISBA_NAME_MIN_CONFIDENCE = 0.3
# An organisation name the tagger is this sure of, ended before a purpose under ل, is whole without it.
SURE_NAME_CONFIDENCE = 0.95
# Quotation marks may sit between a title and a quoted name (الرئيس القيرغيزي “صادر جباروف”).
QUOTE_CHARS = "\"'“”«»„‟‘’"


@dataclass(frozen=True)
class Mention:
    """One entity mention: exact span in the body, the entity it names and how it was found."""

    start: int
    end: int
    surface: str
    entity_id: str
    type: str
    method: str
    name: str


class Token(NamedTuple):
    """A word of the body: folded text (Latin lower-cased), its span in the body and in the folded text."""

    text: str
    start: int
    end: int
    fstart: int
    fend: int


# --- word lists of Arabic news writing (akhbar/text/lexicon/*.csv, folded at import) ----------------------
# Function words: prepositions, particles, pronouns, demonstratives, relatives, conjunction-led forms.
FUNCTION_WORDS = lexicon.folded("function_words", "both", "entities")
# Verbs that follow a subject name or introduce reported speech (past masculine, plus their feminine_past).
_PAST_VERBS = lexicon.words("verbs", "past")
VERBS = frozenset(
    {fold(v) for v in _PAST_VERBS}
    | {fold(feminine_past(v)) for v in _PAST_VERBS}
    | lexicon.folded("verbs", "imperfect")
)
# Verbs of saying: "قال فلان فلان،" introduces a speaker by name.
# Verbs that announce (أعلن، كشف) often take a company or ministry as subject, so they are left out.
_SPEECH_VERBS = lexicon.words("verbs", "speech")
REPORTING_VERBS = frozenset({fold(v) for v in _SPEECH_VERBS} | {fold(feminine_past(v)) for v in _SPEECH_VERBS})
OTHER_VERBS = lexicon.folded("verbs", "other")
# a listed past verb in the first person as written (رأيت; folded, رايت would also be the name Wright)
FIRST_PERSON_VERBS = frozenset(first_person_past(v) for v in _PAST_VERBS)
# a hollow verb's passive, vocalised so as not to read as a noun (دِين، قِيل، بِيع): a kasra, then ي
_HOLLOW_PASSIVE_RE = re.compile("[\u0621-\u064a]\u0650\u064a[\u0621-\u064a]")
# Generic nouns that follow a reporting verb or a title in place of a name (قال مسؤول، قالت مصادر).
GENERIC_NOUNS = lexicon.folded("entity_nouns", "generic")
# Words that start a name's connection rather than a given name: بن، أبو، عبد، آل ...
NAME_CONNECTORS = lexicon.folded("names", "connector")

# Titles and roles that precede a person's name in news writing (as folded token sequences).
TITLES: tuple[tuple[str, ...], ...] = tuple(
    sorted({tuple(fold(t).split()) for t in lexicon.words("titles", "title")}, key=len, reverse=True)
)
# Nouns that head the organisation or office a title names before the name (وزير الخارجية، المتحدثة باسم
# وزارة الخارجية الصينية، نائب رئيس مجلس الأمن الروسي).
CONSTRUCT_NOUNS = lexicon.folded("entity_nouns", "construct")
# Adjectives a definite title takes besides nisbas (الرئيس السابق، المرشد الأعلى الإيراني).
TITLE_ADJECTIVES = lexicon.folded("titles", "title_adjective")
TITLE_ADVERBS = lexicon.folded("titles", "title_adverb")  # الرئيس آنذاك فلان: then, between title and name
# A person title that makes a context spelling ("شي") count: the head alone (الرئيس شي, الرئيس الصيني شي).
PERSON_CUES = lexicon.folded("titles", "person_cue")
BARE_TITLES = lexicon.folded("titles", "bare_title")
TYPE_CUES = {
    "person": PERSON_CUES,
    "country": lexicon.folded("entity_nouns", "country_cue"),
    "location": lexicon.folded("entity_nouns", "location_cue"),
    "organization": lexicon.folded("entity_nouns", "organization_cue"),
    "group": frozenset(),
}
_CONJ = ("و", "ف")
_COMPLEMENTISERS = frozenset({"ان", "انه", "انها", "انهم"})
_DEFINITE_PROCLITICS = ("بال", "وال", "فال", "كال", "لل", "وبال", "وكال")
_PRONOUN_SUFFIXES = ("ها", "هما", "هم", "كم")
# Tanwin on a word marks an indefinite common noun or adjective (دعماً روسياً), never a proper name.
TANWIN_RE = re.compile("[\u064b-\u064d]")
# Form II verbal noun تفعيل (تنفيذ، تحسين، تطوير): a common noun, never a name.
MASDAR_RE = re.compile("ت..ي.")
# Form X verbal nouns استفعال، استفعالة (folded: استثمار، استقالة), shared by the shapes below.
_FORM_X_MASDAR = "است..ا.|است...ه"
_PREPS = ("ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل")


# --- tokens ----------------------------------------------------------------------------------------------


_GROUP, _START, _END = re.Match.group, re.Match.start, re.Match.end
_UPPER_RE = re.compile("[A-Z]")


class _Tokens:
    """An article's tokens as columns (one list per field, not one object per word), with the gaps between them."""

    __slots__ = (
        "texts",
        "starts",
        "ends",
        "_fstarts",
        "_fends",
        "_fbounds",
        "folded",
        "_index",
        "shifts",
        "size",
        "gaps",
        "joined",
        "dropped",
    )

    def __init__(
        self,
        texts: list[str],
        starts: list[int],
        ends: list[int],
        fstarts: list[int] | None,
        fends: list[int] | None,
        folded: str,
        index: list[int] | None,
        gaps: Sequence[str] | _FoldedGaps | None = None,
        shifts: list[int] | None = None,
        fbounds: np.ndarray | None = None,
        joined: list[bool] | None = None,
    ):
        self.texts, self.starts, self.ends, self._fstarts, self._fends = texts, starts, ends, fstarts, fends
        # Folded offsets as one array (start, end, start, end ...) when not given as lists: few are ever asked for.
        self._fbounds = fbounds
        self.dropped: list[int] | None = None  # body positions of the characters the fold dropped, when known
        # The map from folded to body positions: given whole (index), or as the folded positions at which a
        # dropped character was (shifts, sorted): position p of the folded text is p + (shifts <= p) in the body.
        self.folded, self._index, self.shifts = folded, index, shifts or []
        self.size = len(folded) + len(self.shifts)
        # gaps[i]: folded text between token i and token i+1 (a line break after the last token).
        if gaps is None:
            gaps = [folded[e:s] for e, s in zip(fends, fstarts[1:])] + ["\n"]
        self.gaps = gaps
        # joined[i]: only spaces (no newline, no punctuation) separate tokens i and i+1: they can form one name.
        self.joined = list(map(_joined_gap, gaps)) if joined is None else joined

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def fstarts(self) -> list[int]:
        """Start of each token in the folded text."""
        if self._fstarts is None:
            self._fstarts = self._fbounds[0 : 2 * len(self.texts) : 2].tolist()
        return self._fstarts

    @property
    def fends(self) -> list[int]:
        """End of each token in the folded text."""
        if self._fends is None:
            self._fends = self._fbounds[1 : 2 * len(self.texts) : 2].tolist()
        return self._fends

    def fstart(self, i: int) -> int:
        """Start of token i in the folded text."""
        return self._fstarts[i] if self._fstarts is not None else int(self._fbounds[2 * i])

    @property
    def index(self) -> list[int]:
        """fold_with_map's map: for each folded position (and the end), its position in the body."""
        if self._index is None:
            self._index = [p + bisect.bisect_right(self.shifts, p) for p in range(len(self.folded) + 1)]
        return self._index

    def orig(self, p: int) -> int:
        """Body position of folded position p."""
        if self._index is not None:
            return self._index[p]
        return p + bisect.bisect_right(self.shifts, p) if self.shifts else p

    def start_after(self, i: int, k: int) -> int:
        """Body position of token i's start once its first k folded letters (a proclitic) are left out."""
        return self.orig(self.fstart(i) + k) if k else self.starts[i]


def _is_joined(gap: str) -> bool:
    """Only spaces (at least one character, no newline, no punctuation) in a gap between two tokens."""
    return gap == " " or (bool(gap) and gap.strip(" ") == "")


def _is_gap_ok(gap: str) -> bool:
    """Only spaces and quotation marks, on one line, in a gap between two tokens."""
    return gap == " " or (bool(gap) and "\n" not in gap and gap.strip(" " + QUOTE_CHARS) == "")


class _Memo(dict):
    """A function's results by argument, read with ``map(memo.__getitem__, args)``: a look-up per argument in C
    (a third of an lru_cache call's cost); emptied past ``bound`` entries over a very large corpus."""

    def __init__(self, make: Callable[[str], Any], bound: int):
        super().__init__()
        self.make, self.bound = make, bound

    def __missing__(self, arg: str) -> Any:
        if len(self) >= self.bound:
            self.clear()
        value = self[arg] = self.make(arg)
        return value


# Per distinct gap string (few per corpus: a space, ", ", ". " ...): whether it joins or is ok, computed once.
_joined_gap = _Memo(_is_joined, 1 << 17).__getitem__
_ok_gap = lru_cache(maxsize=1 << 17)(_is_gap_ok)


class _FoldedGaps(dict):
    """gaps[i] of an indexed text (a line break after the last token), sliced from its folded text the first time
    an index is asked: the rules read few gaps (whether tokens are joined comes from the index)."""

    __slots__ = ("folded", "fstarts", "fends")

    def __init__(self, folded: str, fstarts: list[int], fends: list[int]):
        super().__init__()
        self.folded, self.fstarts, self.fends = folded, fstarts, fends

    def __missing__(self, i: int) -> str:
        n = len(self.fends)
        k = i + n if i < 0 else i
        if not 0 <= k < n:
            raise IndexError(i)
        gap = self[i] = self.folded[self.fends[k] : self.fstarts[k + 1]] if k + 1 < n else "\n"
        return gap


class _LazyGapTest(dict):
    """A gap test by token index (like a column), computed the first time an index is asked: the pattern rules
    ask about few gaps. A joined gap (spaces only, most of them) passes without its text being sliced: the test
    must hold for every such gap."""

    __slots__ = ("gaps", "joined", "test")

    def __init__(self, gaps: Sequence[str] | _FoldedGaps, joined: Sequence[bool], test: Callable[[str], bool]):
        super().__init__()
        self.gaps, self.joined, self.test = gaps, joined, test

    def __missing__(self, i: int) -> bool:
        ok = self[i] = self.joined[i] or self.test(self.gaps[i])
        return ok


# TOKEN_RE as one group: re.split then returns the gaps and the tokens interleaved, in one C-level pass.
_SPLIT_RE = re.compile(f"({TOKEN_RE.pattern})", TOKEN_RE.flags)


def _tokenize(body: str, index: TextIndex | None = None, capitals: list[int] | None = None) -> _Tokens:
    """Split the body into match tokens (as columns) with the folded body and its map back to the body (``index``:
    the body's shared index, whose words, folded text and dropped characters are those found here; ``capitals``: its
    ASCII words that hold a capital, when known)."""
    if index is not None:
        return _indexed_tokens(body, index, capitals)
    folded, dropped = fold_with_drops(body)
    pieces = _SPLIT_RE.split(folded)  # [gap, token, gap, token, ..., token, gap]
    texts = pieces[1::2]
    n = len(texts)
    # fstart, fend of each token in turn (array arithmetic: no Python object per offset until the lists are made)
    bounds = np.fromiter(map(len, pieces), np.int64, len(pieces)).cumsum()
    fstarts = bounds[0 : 2 * n : 2]
    fends = bounds[1 : 2 * n : 2]
    gaps = pieces[2:-1:2]
    gaps.append("\n")
    if _UPPER_RE.search(folded):
        texts = [t.lower() if t.isascii() else t for t in texts]
    if not dropped:  # nothing dropped: the map is the identity and no mark follows a token
        starts, ends = fstarts.tolist(), fends.tolist()
        toks = _Tokens(texts, starts, ends, starts, ends, folded, None, gaps)
        toks.dropped = dropped
        return toks
    # Folded position of each dropped character (several in a row share one): body = folded + drops at or before.
    shifts = [d - k for k, d in enumerate(dropped)]
    at = np.array(shifts)
    starts = (fstarts + at.searchsorted(fstarts, "right")).tolist()  # fstart + drops at or before it
    ends = (fends + at.searchsorted(fends, "left")).tolist()  # fend + drops before it: index[fend - 1] + 1
    _attach_marks(body, ends, fends, shifts, passed=False)
    toks = _Tokens(texts, starts, ends, None, None, folded, None, gaps, shifts, bounds)
    toks.dropped = dropped
    return toks


def _indexed_tokens(body: str, index: TextIndex, capitals: list[int] | None = None) -> _Tokens:
    """_tokenize's tokens read from the body's TextIndex: its words are the match tokens of its folded text (a
    token is a run of letters and digits either way), its word starts are theirs."""
    folded, dropped, starts, fs, fe = index.folded, index.dropped, index.starts, index.fstarts, index.fends
    texts = _lowered(index.words) if capitals is None else _lowered_at(index.words, capitals)
    gaps = _FoldedGaps(folded, fs, fe)
    joined = index.joined if fs else [False]  # as the split gives: a line break after no token
    if not dropped:  # nothing dropped: the folded offsets are the body's
        toks = _Tokens(texts, starts, index.ends, fs, fe, folded, None, gaps, joined=joined)
        toks.dropped = dropped
        return toks
    shifts = [d - k for k, d in enumerate(dropped)]
    ends = index.ends.copy()  # past every character dropped after a word: _attach_marks keeps only marks
    _attach_marks(body, ends, fe, shifts, passed=True)
    toks = _Tokens(texts, starts, ends, fs, fe, folded, None, gaps, shifts, joined=joined)
    toks.dropped = dropped
    return toks


def _lowered_at(texts: list[str], capitals: list[int]) -> list[str]:
    """The words with those at ``capitals`` (ASCII words that hold a capital) in lower case."""
    if not capitals:
        return texts
    out = list(texts)  # the index's words are shared with the other extractors
    for i in capitals:
        out[i] = out[i].lower()
    return out


def _lowered(texts: list[str]) -> list[str]:
    """The words with each ASCII word that holds a capital in lower case: the few ASCII words are found by one C-level
    test per word (a regex scan of the text for capitals took several times longer)."""
    out: list[str] | None = None
    for i in compress(range(len(texts)), map(str.isascii, texts)):
        low = texts[i].lower()
        if low != texts[i]:
            if out is None:
                out = list(texts)  # the index's words are shared with the other extractors
            out[i] = low
    return texts if out is None else out


def _attach_marks(body: str, ends: list[int], fends: Sequence[int], shifts: list[int], passed: bool) -> None:
    """Move the end of each token that folding dropped characters follow to just past the diacritics there: marks
    on its last letter belong to it (a tatweel does not). ``passed``: the ends given run past all those characters
    (else they stop before them)."""
    size, n = len(body), len(fends)
    after = sorted(set(shifts))  # few: plain Python is cheaper than an array call here
    for a in after:
        t = bisect.bisect_left(fends, a)
        if t == n or fends[t] != a:
            continue
        end = ends[t] - (bisect.bisect_right(shifts, a) - bisect.bisect_left(shifts, a) if passed else 0)
        while end < size and DIACRITICS_RE.match(body[end]):
            end += 1
        ends[t] = end


def _from_tokens(tokens: Sequence[Token], folded: str, index: Sequence[int]) -> _Tokens:
    """Columns of a list of :class:`Token`."""
    return _Tokens(
        [t.text for t in tokens],
        [t.start for t in tokens],
        [t.end for t in tokens],
        [t.fstart for t in tokens],
        [t.fend for t in tokens],
        folded,
        list(index),
    )


def tokenize(body: str) -> tuple[list[Token], str, list[int]]:
    """Split the body into match tokens; returns them, the folded body and its map back to the body."""
    toks = _tokenize(body)
    tokens = list(map(Token._make, zip(toks.texts, toks.starts, toks.ends, toks.fstarts, toks.fends)))
    return tokens, toks.folded, toks.index


def _bare(word: str) -> str:
    """A word without a leading conjunction (و ف) when at least two letters remain."""
    if word[:1] in _CONJ and len(word) > 2:
        return word[1:]
    return word


# The letters every proclitic that _definite_forms and _stripped_forms cut opens with: a word that opens with none
# (most words: الرئيس، مجلس) is its only form, known without trying each proclitic (on real text, with 100,000
# distinct words in a few thousand articles, these forms were most of the cost of a word's rule bits).
_PROCLITIC_LETTERS = frozenset("وفبلك")
assert all(p[0] in _PROCLITIC_LETTERS for p in (*_CONJ, *_PREPS, *LIL_PROCLITICS))


def _by_first_letter(
    proclitics: Sequence[str], letters: Iterable[str] = _PROCLITIC_LETTERS
) -> dict[str, tuple[str, ...]]:
    """The proclitics each proclitic letter opens, in their order: a word is tried only on those its letter opens."""
    return {c: tuple(p for p in proclitics if p[0] == c) for c in letters}


_PREPS_AT = _by_first_letter(_PREPS)
_LIL_AT = _by_first_letter(LIL_PROCLITICS)
# Every proclitic by its first letter (the article's alef included), in PROCLITICS order (longest first).
_PROCLITICS_AT = _by_first_letter(PROCLITICS, {p[0] for p in PROCLITICS})


@lru_cache(maxsize=65536)
def _definite_forms(word: str) -> frozenset[str]:
    """Forms a word may have under its proclitics: والرئيس -> الرئيس, للرئيس -> الرئيس, ووزير -> وزير, للاعب ->
    اللاعب."""
    letter = word[:1]
    if letter not in _PROCLITIC_LETTERS:
        return frozenset((word,))
    forms = {word, _bare(word)}
    for p in _PREPS_AT[letter]:
        if word.startswith(p) and word[len(p) :].startswith("ال"):
            forms.add(word[len(p) :])
    for p in _LIL_AT[letter]:
        if word.startswith(p) and len(word) > len(p) + 1:
            forms.add("ال" + word[len(p) :])
            forms.add("ال" + word[len(p) - 1 :])  # للاعب، للواء: ل + اللاعب، اللواء (the stem's own ل merges)
    return frozenset(forms)


def _in(word: str, words: frozenset[str]) -> bool:
    """Membership test tolerant of a leading conjunction."""
    return word in words or _bare(word) in words


# --- gazetteer matching ----------------------------------------------------------------------------------


class _Hit(NamedTuple):
    """A gazetteer hit: an entity, whether its spelling needs supporting context (weak), its type and name."""

    entity_id: str
    weak: bool
    type: str
    name: str


# A reading of a match: (proclitic length, hit, whether the word may be a nisba adjective, whether it is plain: a
# one-word reading that, of the gazetteer step's tests, only the tanwin's concerns, see _plain_reading).
_Reading = tuple[int, _Hit, bool, bool]
# A selected match: (first, last, reading), its first and last token (inclusive) and its reading.
# Both are plain tuples, not NamedTuples: made by the tens of thousands (zip makes the one-word matches), and unpacked
# in the mention loop by the specialised path of an exact tuple.
_Match = tuple[int, int, _Reading]


def _resolve(entries: list[AliasEntry]) -> AliasEntry | None:
    """One entity for a spelling: a strong reading wins; a spelling shared by two strong entities is skipped."""
    strong = [e for e in entries if not e.needs_context]
    pool = strong or entries
    ids = {e.entity_id for e in pool}
    return pool[0] if len(ids) == 1 else None


def _is_nisba_shape(word: str) -> bool:
    """A definite word ending like a feminine/masculine nisba adjective (السعودية، الصيني)."""
    return word.startswith("ال") and (word.endswith("يه") or word.endswith("ي")) and len(word) > 4


_WORD_ORGS = lexicon.folded("names", "word_org")


def _article_on_place(prefix: str, hit: _Hit, word: str) -> bool:
    """Is a one-word place name read under the article it never takes (السورية، والتشيلي، البنين، الجدة: ال + سورية،
    تشيلي، بنين، جدة)? Such a word is a nisba adjective (the Syrian) or a common word (the sons, the grandmother),
    not the place: a name written with the article (السعودية، العراق، الباكستان) is spelt so in the gazetteer and
    read with no article proclitic. So is an organisation named by a common word (بالحماس: with zeal, not Hamas)."""
    if word in _WORD_ORGS:
        return prefix.endswith(("ال", "لل"))  # للحماس: ل + الحماس
    return hit.type in _PLACE_TYPES and prefix.endswith("ال")


class _Plan(NamedTuple):
    """What the extractor asks of one word, worked out once per distinct word: for the gazetteer, its readings
    (proclitic length + first word of a spelling) that may start a longer spelling and its one-word readings best
    first; for the pattern step, the rules it can trigger (one lookup per token serves both)."""

    # (reading number, proclitic length, first word, the words that can follow it in a spelling)
    extendable: tuple[tuple[int, int, str, frozenset[str]], ...]
    # (reading number, reading), the shortest proclitic first, then the first read; a reading's nisba flag says
    # the word has a nisba shape and no proclitic.
    singles: tuple[tuple[int, _Reading], ...]
    flags: int  # the pattern rules the word can trigger (TITLED, ORG_NOUN ...)
    best: _Reading | None  # the winning one-word reading when no longer spelling takes the word


class _Matcher:
    """A gazetteer's index prepared for matching: resolved spellings, their token prefixes, per-word plans."""

    def __init__(self, gaz: Gazetteer):
        self.first_tokens = frozenset(gaz.first_tokens)
        self.max_tokens = gaz.max_tokens
        resolved = {key: _resolve(entries) for key, entries in gaz.index.items()}
        # Each spelling's one entity, with its type and name so that a match needs no further lookup.
        self.resolved: dict[tuple[str, ...], _Hit] = {
            key: _Hit(
                entry.entity_id,
                entry.needs_context,
                gaz.entities[entry.entity_id].type,
                gaz.entities[entry.entity_id].name_ar,
            )
            for key, entry in resolved.items()
            if entry is not None
        }
        # Every leading part of an indexed spelling: a longer match can only extend one of these.
        self.prefixes = frozenset(key[:k] for key in gaz.index for k in range(2, len(key) + 1))
        # First words of the spellings of two words or more (only these can start a longer match), each with the
        # words that can come second.
        seconds: dict[str, set[str]] = {}
        for key in gaz.index:
            if len(key) > 1:
                seconds.setdefault(key[0], set()).add(key[1])
        self.seconds = {first: frozenset(words) for first, words in seconds.items()}
        self.second_words = frozenset().union(*self.seconds.values())
        # The gazetteer plan of a word (an empty tuple, false, for most words), memoised per matcher.
        self.plan: Callable[[str], _Plan | tuple[()]] = _Memo(self._plan, 1 << 20).__getitem__
        # The context cues of an entity by id (a weak match asks them: a dictionary look-up, not an lru_cache call
        # that hashes the entity's every field).
        entities = gaz.entities
        self.cues: dict[str, frozenset[str]] = _Memo(lambda eid: _context_cues(entities[eid]), 1 << 16)

    def _plan(self, text: str) -> _Plan | tuple[()]:
        """The gazetteer plan of a word; an empty tuple (false) for most words."""
        # The proclitics this token actually starts with, in PROCLITICS order (longest first).
        if text.isascii():
            prefixes = [""]
        else:
            prefixes = ["", *[p for p in _PROCLITICS_AT.get(text[:1], ()) if text.startswith(p)]]
        extendable: list[tuple[int, int, str, frozenset[str]]] = []
        singles: list[tuple[int, _Reading]] = []
        order = 0
        for prefix in prefixes:
            if len(text) - len(prefix) < 2:
                continue
            rest = text[len(prefix) :]
            if prefix and rest.isascii():
                rest = rest.lower()  # وLenovo، لـCNN: a Latin name under an Arabic proclitic, matched as written alone
            firsts = [rest]
            if prefix.endswith("لل"):  # للصين = ل + الصين: the article's alef is dropped in writing
                firsts.append("ال" + rest)
            for first in firsts:
                if first not in self.first_tokens:
                    continue
                if first in self.seconds:
                    extendable.append((order, len(prefix), first, self.seconds[first]))
                single = self.resolved.get((first,))
                if single is not None and not _article_on_place(prefix, single, first):
                    nisba = not prefix and _is_nisba_shape(text)
                    plain = _plain_reading(text, len(prefix), single, nisba)
                    singles.append((order, (len(prefix), single, nisba, plain)))
                order += 1
        flags = _word_flags(text)
        if not extendable and not singles and not flags:
            return ()
        singles.sort(key=_plen_then_order)  # the shortest proclitic wins, then the first reading
        return _Plan(tuple(extendable), tuple(singles), flags, singles[0][1] if singles else None)


def _plain_reading(word: str, plen: int, hit: _Hit, nisba: bool) -> bool:
    """Is a one-word reading of a word one that :func:`_gazetteer_mentions` keeps unless tanwin marks the word? So it
    is when the hit is strong (no context asked), the word no nisba shape (no adjective), no Latin word, no place's
    word that opens a listed idiom, no organisation's article written in its proclitic, no one-letter proclitic that
    may be a letter of the word: each of these asks the text around the word, decided per match."""
    return not (
        hit.weak
        or nisba
        or word.isascii()
        or (hit.type in _PLACE_TYPES and word[plen:] in _PLACE_IDIOMS)
        or (plen >= 2 and hit.type == "organization" and word.startswith("ال", plen - 2))
        or (plen == 1 and _letter_may_open(word))
    )


def _plen_then_order(single: tuple[int, _Reading]) -> tuple[int, int]:
    """Rank of a one-word reading: the shortest proclitic, then the first read."""
    return (single[1][0], single[0])


def _matcher(gaz: Gazetteer) -> _Matcher:
    """The gazetteer's matcher, built once per gazetteer object (the gazetteer is not changed after building)."""
    matcher = gaz.__dict__.get("_matcher")
    if matcher is None:
        matcher = gaz.__dict__["_matcher"] = _Matcher(gaz)
    return matcher


def _grown(array: np.ndarray, size: int, fill: int) -> np.ndarray:
    """An array of at least ``size`` items holding ``array`` first, the rest ``fill`` (capacity doubled as it grows)."""
    if size <= len(array):
        return array
    out = np.full(max(size, 2 * len(array), 1024), fill, dtype=array.dtype)
    out[: len(array)] = array
    return out


class _TypeWords:
    """The gazetteer's reading of the words of each token type of the tagger (a whitespace token, by the type id the
    tagger gives it), so that a batch's words are read with array operations from the tagger's type ids: only a type
    or word not seen before takes Python work. A text's words are its tokens' words in turn (see
    :func:`akhbar.text.index.token_words`); a text whose count of words differs from its index's is read word by word."""

    # Words held before starting afresh (a bound on memory over a very large corpus).
    MAX_WORDS = 1 << 20

    def __init__(self, matcher: _Matcher):
        self.matcher = matcher
        self._reset(-1)

    def _reset(self, generation: int) -> None:
        """Forget every type and word (the tagger's type ids are those of ``generation``)."""
        self.generation = generation
        self.count = np.zeros(0, dtype=np.int64)  # words of each type (-1: not read yet)
        self.first = np.zeros(0, dtype=np.int64)  # where its words' ids start in `slots`
        self.slots = np.zeros(0, dtype=np.int64)  # word ids, type after type
        self.n_slots = 0
        self.word_ids: dict[str, int] = {}
        self.plans: list[_Plan | tuple[()]] = []  # by word id: the plan of the word lower-cased
        self.best: list[_Reading | None] = []
        # by word id: rule bits, whether it has a one-word reading, may open a longer spelling, is changed by lowering
        self.flags = np.zeros(0, dtype=np.int64)
        self.single = np.zeros(0, dtype=bool)
        self.extendable = np.zeros(0, dtype=bool)
        self.second = np.zeros(0, dtype=bool)  # the word (lower-cased) is the second of a spelling
        self.upper = np.zeros(0, dtype=bool)

    def _add_words(self, words: list[str]) -> None:
        """Read words not seen before (distinct, in order of first sight): their ids follow the known words', their
        plans worked out and their columns filled, all of them at once."""
        n0 = len(self.word_ids)
        n = n0 + len(words)
        self.word_ids.update(zip(words, range(n0, n)))
        lows = [w.lower() if w.isascii() else w for w in words]
        plans = list(map(self.matcher.plan, lows))
        self.plans += plans
        self.best += [plan.best if plan else None for plan in plans]
        self.flags = _grown(self.flags, n, 0)
        self.single = _grown(self.single, n, False)
        self.extendable = _grown(self.extendable, n, False)
        self.second = _grown(self.second, n, False)
        self.upper = _grown(self.upper, n, False)
        self.flags[n0:n] = [plan.flags if plan else 0 for plan in plans]
        self.single[n0:n] = [bool(plan) and plan.best is not None for plan in plans]
        self.extendable[n0:n] = [bool(plan) and bool(plan.extendable) for plan in plans]
        self.second[n0:n] = list(map(self.matcher.second_words.__contains__, lows))
        self.upper[n0:n] = [low is not w and low != w for low, w in zip(lows, words)]

    def _read_types(self, split: Split, n_types: int) -> None:
        """Read the types of the split's tokens not read yet."""
        self.count = _grown(self.count, n_types, -1)
        self.first = _grown(self.first, n_types, 0)
        unread = np.flatnonzero(self.count[split.ids] < 0)
        if not len(unread):
            return
        types, at = np.unique(split.ids[unread], return_index=True)
        where = unread[at]
        joined = split.joined
        tokens = [joined[a:b] for a, b in zip(split.starts[where].tolist(), split.ends[where].tolist())]
        words, counts = token_words(tokens)
        known = self.word_ids
        new = [w for w in dict.fromkeys(words) if w not in known]  # most words of a new type are known already
        if new:
            self._add_words(new)
        ids = np.fromiter(map(known.__getitem__, words), dtype=np.int64, count=len(words))
        self.slots = _grown(self.slots, self.n_slots + len(ids), 0)
        self.slots[self.n_slots : self.n_slots + len(ids)] = ids
        sizes = np.array(counts, dtype=np.int64)
        self.count[types] = sizes
        self.first[types] = self.n_slots + np.cumsum(sizes) - sizes
        self.n_slots += len(ids)

    def batch(self, tagger: NerTagger, split: Split, indices: Sequence[TextIndex]) -> list[_Words | None]:
        """The columns of each text of a batch the tagger split (``indices``: the texts' indices, in order); None for
        a text to read word by word."""
        n = len(indices)
        if not len(split.ids):
            return [None] * n
        if tagger.generation != self.generation or len(self.word_ids) > self.MAX_WORDS:
            self._reset(tagger.generation)
        self._read_types(split, tagger.n_types)
        ids = split.ids
        sizes = self.count[ids]
        # every word of the batch, text after text: its id from its token's type (before[t]: the words before token t)
        before = np.zeros(len(ids) + 1, dtype=np.int64)
        np.cumsum(sizes, out=before[1:])
        wid = self.slots[np.repeat(self.first[ids] - before[:-1], sizes) + np.arange(int(before[-1]))]
        # where each text's words start: the words before its first token (a search per text, not one per token)
        bounds = before.take(np.append(np.searchsorted(split.starts, split.text_starts), len(ids)))
        per_text = np.diff(bounds)
        known = per_text == np.fromiter(map(len, map(_INDEX_WORDS, indices)), dtype=np.int64, count=n)
        local = np.arange(len(wid)) - np.repeat(bounds[:-1], per_text)  # each word's place in its text
        flags = self.flags[wid]
        # a word opens a longer spelling only where the next word of its text is the second word of some spelling
        goes_on = np.zeros(len(wid), dtype=bool)
        goes_on[:-1] = self.second[wid[1:]] & (local[1:] > 0)
        columns = []
        # the words that trigger a rule besides coreference's name forms (bits other than NAME_FORM), and the name forms
        rule = np.flatnonzero(flags & ~NAME_FORM)
        for at in (
            np.flatnonzero(self.single[wid]),
            rule,
            np.flatnonzero(self.extendable[wid] & goes_on),
            np.flatnonzero(self.upper[wid]),
            np.flatnonzero(flags & NAME_FORM),
        ):
            columns.append((local[at].tolist(), wid[at], np.searchsorted(at, bounds).tolist()))
        (
            (s_at, s_wid, s_bounds),
            (r_at, _, r_bounds),
            (e_at, e_wid, e_bounds),
            (u_at, _, u_bounds),
            (n_at, _, n_bounds),
        ) = columns
        singles: list[_Match] = list(zip(s_at, s_at, map(self.best.__getitem__, s_wid.tolist())))
        bits = flags[rule]
        rules = list(zip(r_at, bits.tolist()))  # the batch's (word, rule bits), each text's a slice of them
        text_bits = _segment_union(bits, np.searchsorted(rule, bounds)).tolist()  # each text's rule bits (their union)
        # the words of each bit the pattern rules ask _Doc.where for, each text's a slice of them (no scan per rule)
        r_local = local[rule]
        where = [np.flatnonzero(bits & bit) for bit in _WHERE_BITS]
        w_at = [r_local[w].tolist() for w in where]
        w_bounds = [np.searchsorted(rule[w], bounds).tolist() for w in where]
        # each text's dict of them, made by C-level maps (a Python loop per text and bit was most of this step)
        per_bit = [list(map(a.__getitem__, map(slice, b, b[1:]))) for a, b in zip(w_at, w_bounds)]
        wheres = list(map(dict, map(zip, repeat(_WHERE_BITS), zip(*per_bit))))
        plans: list[_Plan] = list(map(self.plans.__getitem__, e_wid.tolist()))  # type: ignore[arg-type]
        out: list[_Words | None] = []
        for k, ok in enumerate(known.tolist()):
            if not ok:
                out.append(None)
                continue
            e, f = e_bounds[k], e_bounds[k + 1]
            out.append(
                _new_words(
                    (
                        singles[s_bounds[k] : s_bounds[k + 1]],
                        n_at[n_bounds[k] : n_bounds[k + 1]],
                        e_at[e:f],
                        plans[e:f],
                        u_at[u_bounds[k] : u_bounds[k + 1]],
                        rules[r_bounds[k] : r_bounds[k + 1]],
                        text_bits[k],
                        wheres[k],
                    )
                )
            )
        return out


def _segment_union(bits: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """The union (bitwise or) of each segment ``bits[bounds[k]:bounds[k + 1]]``; 0 for an empty one."""
    out = np.zeros(len(bounds) - 1, dtype=np.int64)
    full = np.flatnonzero(bounds[1:] > bounds[:-1])
    if len(full):
        out[full] = np.bitwise_or.reduceat(bits, bounds[full])
    return out


_INDEX_WORDS = attrgetter("words")


def _type_words(gaz: Gazetteer) -> _TypeWords:
    """The gazetteer's reader of the tagger's token types, made once per gazetteer object."""
    words = gaz.__dict__.get("_type_words")
    if words is None:
        words = gaz.__dict__["_type_words"] = _TypeWords(_matcher(gaz))
    return words


class _Words(NamedTuple):
    """What the gazetteer step reads of a text's words, as columns (worked out per text by :func:`_text_words`, or per
    batch from the tagger's token types by :class:`_TypeWords`)."""

    singles: list[_Match]  # the one-word match of each word that has one (its best reading), in text order
    names: list[int]  # the words coreference may read as a surname (rule bit NAME_FORM), in text order
    extendable: list[int]  # the words that may open a spelling of several words (at least those that do)
    plans: list[_Plan]  # their plans
    capitals: list[int] | None  # the ASCII words holding a capital (the match tokens are lower-cased); None: not known
    rules: list[tuple[int, int]]  # (word, rule bits) of the words that trigger a rule besides coreference
    bits: int  # the rule bits of those words together
    where: dict[int, list[int]] | None  # by rule bit of _WHERE_BITS: the words holding it; None: not worked out


def _text_words(texts: list[str], matcher: _Matcher) -> _Words:
    """The gazetteer's columns of one text's match tokens, from each token's plan."""
    plans = list(map(matcher.plan, texts))
    at = list(compress(range(len(texts)), plans))
    got: list[_Plan] = [plans[i] for i in at]  # type: ignore[misc]
    rules = [(i, p.flags) for i, p in zip(at, got) if p.flags & ~NAME_FORM]
    return _Words(
        [(i, i, p.best) for i, p in zip(at, got) if p.best],
        [i for i, p in zip(at, got) if p.flags & NAME_FORM],
        [i for i, p in zip(at, got) if p.extendable],
        [p for p in got if p.extendable],
        None,
        rules,
        reduce(or_, map(_FLAGS_OF, rules), 0),
        None,
    )


def _gazetteer_matches(toks: _Tokens, gaz: Gazetteer, words: _Words | None = None) -> list[_Match]:
    """The selected gazetteer matches in text order: the longest spelling from each word and proclitic reading;
    longer matches win (then the shortest proclitic, then text order); at a word no longer match takes, the one-word
    reading with the shortest proclitic. ``words``: the text's columns when the batch worked them out (:class:`_TypeWords`)."""
    texts, joined = toks.texts, toks.joined
    n = len(texts)
    matcher = _matcher(gaz)
    singles, _, extendable_at, extendable_plans, *_ = words or _text_words(texts, matcher)
    resolved, prefixes, max_tokens = matcher.resolved, matcher.prefixes, matcher.max_tokens
    multis: list[_Match] = []
    gave_way: dict[int, _Match | None] = {}  # the one-word match of a word a longer match starts from: the next reading
    for i, (extendable, ranked, _, best_single) in zip(extendable_at, extendable_plans):
        extended: list[int] | None = None  # the readings whose one-word match gave way to a longer one
        for order, plen, first, seconds in extendable:
            # The longest spelling from this word on; following words must join it with spaces only.
            if i + 1 == n or not joined[i] or texts[i + 1] not in seconds:  # most often no spelling goes on
                continue
            key = (first, texts[i + 1])
            k = 2
            best = resolved.get(key)
            best_k = 2
            while k < max_tokens and i + k < n and joined[i + k - 1]:
                key = (*key, texts[i + k])
                if key not in prefixes:
                    break
                k += 1
                hit = resolved.get(key)
                if hit is not None:
                    best, best_k = hit, k
            if best is not None:
                multis.append((i, i + best_k - 1, (plen, best, False, False)))
                extended = [order] if extended is None else [*extended, order]
        if extended is not None and best_single:
            gave_way[i] = next(((i, i, reading) for order, reading in ranked if order not in extended), None)
    if not multis:
        return singles
    taken: set[int] = set()
    chosen = []
    for c in sorted(multis, key=_multi_rank):
        a, b, _ = c
        # a match taken before is as long or longer: where it overlaps this one, it holds one of its ends
        if a in taken or b in taken:
            continue
        taken.update(range(a, b + 1))
        chosen.append(c)
    if gave_way:
        chosen += _singles_left(singles, taken, gave_way)
    else:  # most texts: a one-word match stands wherever no longer match took its word
        chosen += [c for c in singles if c[0] not in taken]
    chosen.sort(key=_FIRST)
    return chosen


def _singles_left(singles: list[_Match], taken: set[int], gave_way: dict[int, _Match | None]) -> list[_Match]:
    """The one-word matches kept beside the longer ones: at a word a longer match starts from, its next reading (if
    any); none on a word a longer match took."""
    out = [c for c in singles if c[0] not in taken and c[0] not in gave_way]
    # (out of text order: the caller sorts the matches by their first word)
    out += [c for c in gave_way.values() if c is not None and c[0] not in taken]
    return out


# A text's columns, made per text: tuple.__new__ in C, not the NamedTuple's.
_new_words = tuple_maker(_Words)


def _multi_rank(c: _Match) -> tuple[int, int, int]:
    """Selection order of the matches of several words: longest first, then the shortest proclitic, then text order."""
    first, last, reading = c
    return (first - last, reading[0], first)


_FIRST = itemgetter(0)  # a match's first token


def _preceded_by_cue(toks: _Tokens, i: int, cues: frozenset[str]) -> bool:
    """True when a cue word (a title, دولة، مدينة) precedes token i, optionally across nisba adjectives."""
    j = i - 1
    skipped = 0
    while j >= 0 and toks.joined[j]:
        forms = _definite_forms(toks.texts[j])
        if not forms.isdisjoint(cues):
            return True
        if skipped < 2 and _is_nisba_shape(toks.texts[j]):
            skipped += 1
            j -= 1
            continue
        return False
    return False


@lru_cache(maxsize=65536)
def _definite_word(word: str) -> bool:
    """Is the word, under one of its proclitic readings, definite (the noun a nisba adjective may follow)? Not a
    function word that opens with the letters (إلى السعودية، التي، الذي: folded إلى reads الي)."""
    return not _in(word, FUNCTION_WORDS) and any(f.startswith("ال") for f in _definite_forms(word))


# Tens of thousands per corpus: built without the frozen dataclass's field-by-field __setattr__.
_new_mention = frozen_maker(Mention)


def _idiom_index(phrases: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Two-word phrases as first word -> the second words that may follow it."""
    index: dict[str, tuple[str, ...]] = {}
    for phrase in phrases:
        first, second = phrase.split(" ")
        index[first] = (*index.get(first, ()), second)
    return index


# Phrases that open with a place's name but are common nouns (مسقط رأسه: a birthplace, not Muscat).
_PLACE_IDIOMS = _idiom_index(lexicon.folded("entity_nouns", "place_idiom"))


def _place_idiom(toks: _Tokens, i: int, plen: int) -> bool:
    """Does one-word place match i (its proclitic ``plen`` letters long) open a listed common phrase (مسقط رأسه)?"""
    seconds = _PLACE_IDIOMS.get(toks.texts[i][plen:])
    return bool(seconds) and i + 1 < len(toks) and toks.joined[i] and toks.texts[i + 1].startswith(seconds)


def gazetteer_mentions(body: str, gaz: Gazetteer) -> list[Mention]:
    """Gazetteer mentions in a body: longest match, proclitics stripped, context spellings checked."""
    return _gazetteer_mentions(body, _tokenize(body), gaz)


def _latin_no_name(body: str, start: int, end: int) -> bool:
    """Is the Latin word at [start, end) no name of its own: written all lower case («google play»، a tag), a word of
    a longer Latin name (“Samsung Power Sleep”: a product), or a piece of a web or mail address (play.google.com)?"""
    before, after = body[max(0, start - 2) : start].rjust(2), body[end : end + 2].ljust(2)
    if after[0] == "." and after[1].isascii() and after[1].isalnum():
        return True  # a domain's dot, not a full stop
    return (
        body[start:end].islower()
        or before[1] in "./@"
        or after[0] in "/@"
        or (after[0] == " " and "A" <= after[1] <= "Z")
        or (before[1] == " " and before[0].isascii() and before[0].isalpha())
    )


def _gazetteer_mentions(
    body: str,
    toks: _Tokens,
    gaz: Gazetteer,
    covered: dict[int, Mention] | None = None,
    words: _Words | None = None,
) -> list[Mention]:
    """Gazetteer mentions of an already tokenized body; ``covered`` receives the mention of each token they cover
    (``words``: see :func:`_gazetteer_matches`)."""
    mentions: list[Mention] = []
    if covered is None:
        covered = {}
    seen_strong: set[str] = set()
    hamza: bool | None = None  # does the body write hamza on an alef anywhere? Asked once, when needed
    texts, joined, starts, ends, fstart, orig = toks.texts, toks.joined, toks.starts, toks.ends, toks.fstart, toks.orig
    # Positions of tanwin marks (one character each): dropped by the fold, so found among the few dropped characters.
    if toks.dropped is None:
        tanwin = [m.start() for m in TANWIN_RE.finditer(body)]
    else:
        tanwin = [d for d in toks.dropped if "\u064b" <= body[d] <= "\u064d"]
    # the tokens that hold a tanwin mark (tokens do not overlap): one set test per match, not a search per match
    marked = _tokens_holding(starts, ends, tanwin) if tanwin else _NO_TOKENS
    strong = seen_strong.add
    cues_of = _matcher(gaz).cues
    new, fill, add = object.__new__, object.__setattr__, mentions.append
    for first, last, (plen, (eid, weak, etype, name), nisba, plain) in _gazetteer_matches(toks, gaz, words):
        if plain:  # most matches: a strong one-word reading that only tanwin may drop (see _plain_reading)
            strong(eid)
            if first in marked:
                continue
            start = orig(fstart(first) + plen) if plen else starts[first]
            end = ends[first]
            # _new_mention's two steps inline, without its Python call: most mentions are made here, the rest below
            m = new(Mention)
            fill(
                m,
                "__dict__",
                {
                    "start": start,
                    "end": end,
                    "surface": body[start:end],
                    "entity_id": eid,
                    "type": etype,
                    "method": METHOD_GAZETTEER,
                    "name": name,
                },
            )
            add(m)
            covered[first] = m
            continue
        # A one-word nisba-shaped country name right after a definite noun is an adjective (الحكومة السعودية).
        if nisba and first and joined[first - 1] and _definite_word(texts[first - 1]):
            continue
        # (the idiom's first word looked up here first: most places open none, and this is one test per place)
        if (
            first == last
            and etype in _PLACE_TYPES
            and texts[first][plen:] in _PLACE_IDIOMS
            and _place_idiom(toks, first, plen)
        ):
            continue
        if not weak:
            strong(eid)
        elif (
            eid not in seen_strong
            and not _preceded_by_cue(toks, first, cues := cues_of[eid])
            and not (etype == "organization" and cues is not CLUB_ALIAS_CUES and _quoted_alone(toks, first, last))
        ):
            continue  # a club's short name quoted is as often the word (لا «الاتفاق»: the deal): its own cues only
        if etype == "organization" and last > first and _nisba_after_own_name(toks, first, last, plen, eid, gaz):
            last -= 1
        end = ends[last]
        if last in marked:
            continue
        if texts[first].isascii() and _latin_no_name(body, starts[first], end):
            continue
        if plen >= 2 and etype == "organization" and texts[first].startswith("ال", plen - 2):
            plen -= 2  # الأسوشيتد برس، والناتو: the article is written as part of the name, not a clitic to cut
        start = orig(fstart(first) + plen) if plen else starts[first]
        if plen == 1 and _letter_in_word(texts[first], body[start], gaz.entities[eid]):
            if hamza is None:  # a text written without hamza (as some corpora are) says nothing by its bare alef
                hamza = not HAMZA_ALEFS.isdisjoint(body)
            if hamza:
                continue
        m = _new_mention(
            start=start, end=end, surface=body[start:end], entity_id=eid, type=etype, method=METHOD_GAZETTEER, name=name
        )
        add(m)
        if first == last:
            covered[first] = m
        else:  # two or three words most often: a loop is cheaper than a dictionary made to update from
            for t in range(first, last + 1):
                covered[t] = m
    return mentions


# The words after which a club's short name counts (فريق الوحدة): a club is an entity with a spelling headed by نادي.
CLUB_ALIAS_CUES = lexicon.folded("entity_nouns", "club_alias_cue")
CLUB_HEAD_WORDS = lexicon.folded("entity_nouns", "club_head")
_CLUB_HEADS = CLUB_HEAD_WORDS | {"ال" + w for w in CLUB_HEAD_WORDS}


def _quoted_alone(toks: _Tokens, first: int, last: int) -> bool:
    """Are tokens first..last a whole quoted phrase (في بيان لها على «تداول»)? The marks set an organisation's
    ambiguous spelling apart as a name, as a cue word before it would."""
    return (
        first > 0
        and last < len(toks) - 1
        and not _OPEN_MARKS.isdisjoint(toks.gaps[first - 1])
        and not _CLOSE_MARKS.isdisjoint(toks.gaps[last])
    )


@lru_cache(maxsize=4096)  # asked once per context spelling found, of a few hundred entities
def _context_cues(entity: GazetteerEntity) -> frozenset[str]:
    """The cue words that make an entity's context spelling count: a club's own (لاعب الهلال), not the organisation
    cues, since a club's short name is a word that parties and movements bear too (حزب الاتحاد، حركة الشباب)."""
    if entity.type == "organization" and any(
        fold(s).split(" ", 1)[0] in _CLUB_HEADS for s in (entity.name_ar, *entity.aliases)
    ):
        return CLUB_ALIAS_CUES
    return TYPE_CUES.get(entity.type, frozenset())


def _nisba_after_own_name(toks: _Tokens, first: int, last: int, plen: int, eid: str, gaz: Gazetteer) -> bool:
    """Does a spelling end in a nisba after a context spelling of the same entity (الهلال السعودي، المريخ السوداني)?
    The nisba only tells which club a common word names, and the guide keeps it out of the surface; a full name
    that holds a nisba keeps it (مجلس الأمن الدولي, though مجلس الأمن is a spelling too; الاتحاد الأوروبي)."""
    if not _is_nisba_shape(toks.texts[last]):
        return False
    key = (toks.texts[first][plen:], *toks.texts[first + 1 : last])
    return any(e.entity_id == eid and e.needs_context for e in gaz.index.get(key, ()))


_NO_TOKENS: frozenset[int] = frozenset()


def _tokens_holding(starts: list[int], ends: list[int], positions: list[int]) -> set[int]:
    """The tokens whose span [start, end) holds one of the body positions (sorted token spans)."""
    held = set()
    for p in positions:
        t = bisect.bisect_right(starts, p) - 1
        if t >= 0 and p < ends[t]:
            held.add(t)
    return held


def _letter_in_word(word: str, after: str, entity: GazetteerEntity) -> bool:
    """Is a one-letter "proclitic" (ب ف ك) read off a word more likely a letter of the word itself? So it is before a
    bare alef, not the article's, where a spelling of the name has hamza (باكرا: early, not ب + أكرا; بابها: its door;
    فارنا: Varna, not إرنا): a writer who drops the name's hamza and adds the preposition meets a common word by chance."""
    return (
        _letter_may_open(word) and after == "ا" and any(a[:1] in HAMZA_ALEFS for a in (entity.name_ar, *entity.aliases))
    )


def _letter_may_open(word: str) -> bool:
    """May the word's first letter, read as a one-letter proclitic, be a letter of the word (see
    :func:`_letter_in_word`)? It is ب، ف or ك and no article follows it."""
    return word[0] in "بفك" and not word.startswith("ال", 1)


# --- pattern entities ------------------------------------------------------------------------------------

# Ids of pattern entities: a person's id is a bare slug+hash; other types carry a prefix, so that the type of
# any id follows from the id alone (see entity_type). Person slugs never start with these: _TRANSLIT has no "o".
PATTERN_ID_PREFIXES = {"org-": "organization", "loc-": "location", "group-": "group", "country-": "country"}
# Names a worshipper is servant of: "عبد الله", "عبد العزيز" written with a space are one given name.
DIVINE_NAMES = lexicon.folded("names", "divine")
# Words that open a name of two words or more (أم القرى، أم درمان، أم كلثوم) though alone they read as a particle.
COMPOUND_OPENERS = lexicon.folded("names", "compound_opener")
# Number words (خمسة، أربع، ألف) are no word of a person's name; those for one (أحد: a club, a mountain) and ست
# (a lady) may be.
COUNT_WORDS = lexicon.folded("number_words") - frozenset({"واحد", "واحده", "احد", "احدي", "ست"})
TITLE_FAMILY_NAMES = lexicon.folded("names", "title_family")  # حسان الشيخ، ماجد المهندس: a title as family name
KIND_NAMES = lexicon.folded("names", "kind_name")  # أمين، طالب: kind words that are also given names
KUNYA_WORDS = lexicon.folded("names", "kunya")  # أبو بكر البغدادي: a kunya opens a name
SON_WORDS = lexicon.folded("names", "son")  # inside a name: أسامة بن لادن
FAMILY_WORD = fold(*lexicon.words("names", "family"))  # آل سعود (folds like the article, but stands alone)
PARTICLE_WORDS = lexicon.folded("names", "particle")  # inside foreign names: لويس فان غال
# Titles after which a single name word is a person (الرئيس أوباما، الملك سلمان): heads that never govern a noun.
SINGLE_NAME_TITLES = lexicon.folded("titles", "single_name")
# Titles a name can be followed by (ديمتري بيسكوف المتحدث باسم الكرملين، عادل الجبير وزير الخارجية).
POST_NAME_HEADS = lexicon.folded("titles", "post_name")
# participles that describe a named person and govern a preposition (المنتمي لـ، المقرب من): never a surname
POST_NAME_PARTICIPLES = lexicon.folded("titles", "post_name_participle")
# List openers: "ستة من الحراس، هم فلان، فلان، وفلان"; "بحضور كل من فلان وفلان".
LIST_PRONOUNS = lexicon.folded("entity_nouns", "list_pronoun")
# Nouns that introduce an organisation's name without being part of it (صحيفة «معاريف»، شركة أبل).
ORG_DESCRIPTORS = lexicon.folded("entity_nouns", "org_descriptor")
# Nouns that head an organisation's name (جامعة هارفارد، مستشفى «الملك فهد»): the bare name keeps them.
ORG_HEADS = lexicon.folded("entity_nouns", "org_head")
ORG_NOUNS = ORG_DESCRIPTORS | ORG_HEADS
# Common nouns after a descriptor that make the descriptor part of the name (وكالة أنباء فارس, not أنباء فارس).
DESCRIPTOR_NAME_NOUNS = lexicon.folded("entity_nouns", "descriptor_name_noun")
# Nouns before an outlet's name (صحيفة، قناة): a nisba after the name is the outlet's country (الوطن السعودية).
OUTLET_DESCRIPTORS = lexicon.folded("entity_nouns", "outlet_descriptor")
OUTLET_TAILS = lexicon.folded("entity_nouns", "outlet_tail")  # الجزيرة نت، الواشنطن بوست
FA_NAMES = lexicon.folded("names", "fa_given")
# Given names that begin with و, which is then no conjunction.
WAW_NAMES = lexicon.folded("names", "waw_given")
# Frequent given names (Arabic and foreign, as the press writes them). A word in this list opens a name even
# where its shape suggests a common noun (بندر، لمياء) and is a person, not an organisation, after جماعة/شركة.
GIVEN_NAMES = lexicon.folded("names", "given")
DEFINITE_GIVEN_NAMES = lexicon.folded("names", "definite_given")  # المنصف، الباجي: the article is the name's
# Indefinite adjectives that follow an organisation noun in place of a name (حزب معارض، شركة جديدة).
# Nouns of places and facilities whose proper names often hold a title (شارع الملك فهد، مستشفى الأمير سلطان):
# a title right after one of them names the place, not a person.
FACILITY_NOUNS = lexicon.folded("entity_nouns", "facility")
# Titles that are also verbal nouns or participles (مساعدة اليمن: help to Yemen): the office they head
# (مساعد وزير الخارجية) or a name must follow, never a known country or place.
AMBIGUOUS_TITLES = lexicon.folded("titles", "ambiguous")
ORG_ADJECTIVES = lexicon.folded("entity_nouns", "org_adjective")
OPEN_QUOTES = "\"'“«„‘"
CLOSE_QUOTES = "\"'”»‟’"
# The marks as sets: "is one of them in this gap" is one C-level set test of the gap's few characters.
_OPEN_MARKS, _CLOSE_MARKS = frozenset(OPEN_QUOTES), frozenset(CLOSE_QUOTES)
_QUOTE_MARKS = _OPEN_MARKS | _CLOSE_MARKS
# Dateline sources: agencies, the press's "متابعات/وكالات", and Saudi outlets (سبق – ينبع:، الرياض – واس).
DATELINE_SOURCES = lexicon.folded("entity_nouns", "dateline_source")
_DATELINE_RE = re.compile(
    r"^[ \t]*([^\s\-–—ـ:،.!؟«»\"“”()][^\n\-–—ـ:،.!؟«»\"“”()]{0,40}?)[ \t]*[-–—ـ]+[ \t]*"
    r"([^\s\-–—ـ:،.!؟«»\"“”()][^\n\-–—ـ:،.!؟«»\"“”()]{0,40}?)[ \t]*(?::|$)",
    re.M,
)


_START_OF, _END_OF = attrgetter("start"), attrgetter("end")
_TYPE_METHOD = attrgetter("type", "method")


class _Doc:
    """An article's tokens with what the pattern rules ask of them, computed once."""

    def __init__(
        self,
        body: str,
        toks: _Tokens,
        known: Sequence[Mention],
        covered: dict[int, Mention] | None = None,
        flagged: list[tuple[int, int]] | None = None,
        bits: int | None = None,
        where: dict[int, list[int]] | None = None,
    ):
        self.body, self.folded, self.orig = body, toks.folded, toks.orig
        self.starts, self.ends, self.fstart = toks.starts, toks.ends, toks.fstart
        self.start_after = toks.start_after
        self.n = n = len(toks)
        self.texts = toks.texts
        self.gaps = gaps = toks.gaps  # gaps[i]: folded text between token i and token i+1
        self.joined = toks.joined
        self.gap_ok = _LazyGapTest(gaps, toks.joined, _ok_gap)  # spaces only is ok: a joined gap passes
        # The known mention of each token it covers: given by the gazetteer step, or found here from the offsets.
        self.covered: dict[int, Mention] = {} if covered is None else covered
        ms = sorted(known, key=_START_OF) if covered is None else []
        starts, ends = self.starts, self.ends
        if all(map(le, map(_END_OF, ms), map(_START_OF, ms[1:]))):  # disjoint mentions (the gazetteer's always are)
            # Each token takes the first mention it overlaps: assign the later ones first, the earlier overwrite.
            covered = self.covered
            for m in reversed(ms):
                for idx in range(bisect.bisect_right(ends, m.start), bisect.bisect_left(starts, m.end)):
                    covered[idx] = m
            ms = []
        k = idx = 0
        while idx < n and ms:  # one pass: mentions and tokens are both in text order
            while k < len(ms) and ms[k].end <= starts[idx]:
                k += 1
            if k == len(ms):
                break
            if ms[k].start >= ends[idx]:  # no mention reaches this token: go to the first token the next one may touch
                idx = bisect.bisect_right(ends, ms[k].start, idx + 1)
                continue
            for m in ms[k : k + 3]:
                if m.start < ends[idx] and starts[idx] < m.end:
                    self.covered[idx] = m
                    break
            idx += 1
        if flagged is None:  # not given by the gazetteer step: looked up here
            flags = _flags(self.texts)
            flagged = [(i, flags[i]) for i in compress(range(n), flags)]  # most words trigger no rule
        # Most flagged words are only name forms (for coreference): the rules here ask of the others, several times
        # (``where``: the words of each bit they ask for, when the batch worked them out: no pass over the words).
        self.flagged = flagged if where is not None else [p for p in flagged if p[1] & _DOC_RULES]
        # every rule bit of the text's words (``bits``: those of all its flagged words, when the caller has them; the
        # rules here ask for their own bits alone, which the words kept here hold)
        self.bits = reduce(or_, map(_FLAGS_OF, self.flagged), 0) if bits is None else bits
        self.complements: dict[tuple[int, bool], int] = {}  # _skip_complement's ends, by (token, governs)
        self.at: dict[int, list[int]] = {} if where is None else where  # where's tokens, by rule bit

    def where(self, bit: int) -> list[int]:
        """Indices of the tokens whose word can trigger the rule ``bit`` (TITLED, ORG_NOUN ...), in text order (the
        caller reads them, never changes them)."""
        if not self.bits & bit:
            return []  # no word of the text holds it (most rules in most texts): no pass over the words
        at = self.at.get(bit)
        if at is None:  # once per bit and text: two rules read the organisation nouns
            at = self.at[bit] = [i for i, flags in self.flagged if flags & bit]
        return at

    def raw(self, i: int) -> str:
        """The token as written in the body (with its diacritics)."""
        return self.body[self.starts[i] : self.ends[i]]

    def definite(self, i: int) -> bool:
        """The token is written with the article ال."""
        return _raw_definite(self.body[self.starts[i] : self.ends[i]])


@lru_cache(maxsize=65536)
def _raw_definite(raw: str) -> bool:
    """A written word starts with the article (a bare alef: أليكسي folds like الـ but is not definite)."""
    return DIACRITICS_RE.sub("", raw).startswith("ال")


_STRIPPED_PROCLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل")
assert all(p[0] in _PROCLITIC_LETTERS for p in _STRIPPED_PROCLITICS)
_STRIPPED_AT = _by_first_letter(_STRIPPED_PROCLITICS)


@lru_cache(maxsize=65536)
def _stripped_forms(word: str) -> frozenset[str]:
    """A word under its proclitics: والرئيس، للرئيس، بالرئيس -> الرئيس; لوزير، ووزير -> وزير."""
    letter = word[:1]
    if letter not in _PROCLITIC_LETTERS:
        return frozenset((word,))
    forms = set(_definite_forms(word))
    for p in _STRIPPED_AT[letter]:
        if word.startswith(p) and len(word) - len(p) >= 3:
            forms.add(word[len(p) :])
    return frozenset(forms)


def _title_index() -> dict[str, list[tuple[str, ...]]]:
    """Titles by their first word, longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for t in TITLES:
        out.setdefault(t[0], []).append(t)
    return out


TITLE_INDEX = _title_index()
TITLE_WORDS = frozenset(w for t in TITLES for w in t)


@lru_cache(maxsize=65536)
def _titles_of(word: str) -> tuple[tuple[int, list[str]], ...]:
    """The titles a word can open under its proclitic readings, in the order they are tried: (length, later words)."""
    return tuple((len(title), list(title[1:])) for f in _stripped_forms(word) for title in TITLE_INDEX.get(f, ()))


def _title_len(doc: _Doc, i: int) -> int:
    """Length in tokens of a title starting at token i (0 when none); the title may carry proclitics."""
    for k, rest in _titles_of(doc.texts[i]):
        if k == 1 or (i + k <= doc.n and doc.texts[i + 1 : i + k] == rest):
            return k
    return 0


def _future_verb(w: str) -> bool:
    """A future-tense verb shape (سيطلع، ستعمل), not a noun such as سياسة or سيطرة."""
    return len(w) >= 5 and w[0] == "س" and w[1] in "يتن" and w[2] != "ا" and not w.endswith(("ه", "ات", "ا"))


_LONG_VOWELS = frozenset("اوي")


@lru_cache(maxsize=65536)
def _clitic_common_word(w: str) -> bool:
    """A preposition ب/ل/ك on a common word (ككائن، كمحترف، لفرض، بإلغاء), not a name that starts with the letter.

    The word after the letter looks Arabic-native: it repeats the letter (كك، بب), is a مـ participle or place noun,
    a verbal noun (تفعيل، إفعال، افتعال، استفعال) or a bare three-consonant root (فرض، دعم); known given names
    (بندر، لمياء) are exempt. Foreign names (بوتين، لافروف، كلينتون) carry long vowels and pass.
    """
    if w[:1] not in "بلك" or len(w) < 4 or w in GIVEN_NAMES:
        return False
    rest = w[1:]
    if rest[0] == w[0] or MASDAR_RE.fullmatch(rest):
        return True
    if rest[0] == "م" and len(rest) >= 4 and rest not in GIVEN_NAMES:
        return True
    if len(rest) == 3 and not _LONG_VOWELS.intersection(rest):
        return True
    # إفعال / افتعال / استفعال (folded: the hamza seat is a bare alef): لإنتاج، بإلغاء، لاستقبال.
    return len(rest) >= 5 and rest[0] == "ا" and (rest[3] == "ا" or rest[4:5] == "ا" or rest.startswith("است"))


def _name_token(w: str) -> bool:
    """Is the folded word a person-name token of the tagger's lexicon (Wikidata and the project's names)?"""
    return w in default_tagger().lex.persons


_POSSESSED_NOUNS = lexicon.folded("entity_nouns", "possessed")
_OBJECT_SUFFIXES = ("هما", "ها", "هم", "ني", "نا", "ه")


def _verb_with_object(w: str) -> bool:
    """A listed past or other verb with an object pronoun attached (أخبره، أبلغتهم، طلبني), no known name token
    (سلمه، حمده: names that fold to a verb and ه)."""
    for suffix in _OBJECT_SUFFIXES:
        stem = w[: -len(suffix)]
        if w.endswith(suffix) and len(stem) >= 3 and (_in(stem, VERBS) or _in(stem, OTHER_VERBS)):
            return not _name_token(w)
    return False


def _clitic_function_word(w: str) -> bool:
    """A preposition ب/ل/ك on a function word (لأنه، بأنها، كأنه), no known name token (بان، لانا)."""
    return w[:1] in "بلك" and len(w) > 2 and w[1:] in FUNCTION_WORDS and not _name_token(w)


# An indefinite accusative verbal noun, folded (اتصالا، اجتماعا، انسحابا، استعدادا، تأكيدا): an adverbial, no name.
_ACCUSATIVE_MASDAR_RE = re.compile(f"(?:ا.ت.ا.|ات.ا.|ان..ا.|است..ا.|{MASDAR_RE.pattern})ا")


@lru_cache(maxsize=65536)
def _name_word_text(w: str, raw: str, first: bool) -> bool:
    """Could a word (folded ``w``, written ``raw``) be a word of a person's name?"""
    if w.isascii() or len(w) < 2 or not w.isalpha():
        return False
    bare_raw = DIACRITICS_RE.sub("", raw)
    if bare_raw.endswith("علي") and w in ("علي", "وعلي"):  # the name Ali, which folds like the preposition على
        return True
    if w in FA_NAMES:  # names whose ف is a root letter, not the conjunction (فيصل is not ف + يصل)
        return True
    if _in(w, FUNCTION_WORDS) or _in(w, VERBS) or _in(w, OTHER_VERBS) or _in(w, GENERIC_NOUNS):
        return False
    if _in(w, COUNT_WORDS):  # المدرب لويس فان جال خمسة لاعبين: a count after the name
        return False
    if _clitic_function_word(w) or _verb_with_object(w) or (not first and w in POST_NAME_PARTICIPLES):
        return False  # مورايس لأنه، جيرتيس أخبره، محمد مرسي المنتمي لجماعة: the name ends before them
    if w.startswith(_DEFINITE_PROCLITICS) or w.endswith(_PRONOUN_SUFFIXES):  # بالفعل، ضمها: not names
        return False
    if w.endswith("ه") and _in(w[:-1], _POSSESSED_NOUNS):  # بلاده، رأيه، قوله: a noun and his pronoun
        return False
    if not first and w[:1] in "بل" and len(w) >= 5 and bare_raw.endswith("ه") and not _name_token(w):
        return False  # موخيكا لخضوعه، فلان بدوره: a preposition on a noun with his pronoun, after the name
    if bare_raw.endswith("ته") or bare_raw.endswith("تها"):  # ta marbuta turned into ت before a pronoun: تهنئته
        return False
    stem = w[1:] if w[:1] in "وبل" and len(w) > 3 else w  # ف and ك begin names (فيصل، كمال)
    if stem in CONSTRUCT_NOUNS or stem in GENERIC_NOUNS or stem in VERBS or MASDAR_RE.fullmatch(stem):
        return False
    if first and w.endswith("ات"):  # a feminine plural noun, not a given name
        return False
    definite = bare_raw.startswith("ال")
    if definite and len(w) >= 7 and w.endswith(("ين", "ون", "ات")):  # definite plural: المستوطنين (not الحسين)
        return False
    if w.endswith(("يون", "يين", "يات")) or (not first and _future_verb(w)):
        return False  # nisba plurals (كويتيون); future verbs (سيطلع) after a name
    if not first and _derived_feminine_past(w):
        return False  # الشاعرة فلانة تعاونت مع: a verb after the name, not her surname
    if not first and _hal_participle(w):
        return False  # موسيفيني متسائلا، طالباني متضامنا: how he spoke or acted, not his surname
    if first and len(w) == 5 and _future_verb(w) and _LONG_VOWELS.isdisjoint(w[2:]) and w not in GIVEN_NAMES:
        return False  # الوزير سيشرح: س and an imperfect of three root letters; names of the shape carry a long vowel
        # (سيغمار، سيلفيو، ستيفن)
    if w in CONSTRUCT_NOUNS or w in TITLE_WORDS or w in ORG_NOUNS or w in DIVINE_NAMES:
        return False
    if definite and w[2:] in ORG_NOUNS:  # اللاعب قميص النادي: the club, not a nisba family name
        return False
    if TANWIN_RE.search(raw) or _ACCUSATIVE_MASDAR_RE.fullmatch(w):
        return False  # اتصالا، تأكيدا: an indefinite accusative verbal noun, its tanwin unwritten
    if first and w == "ذي":  # قالت ذي إندبندنت: the English article of an outlet's name; no person's name opens so
        return False
    if first and w[:1] in "بل" and bare_raw.endswith("ة") and not _name_token(w):
        return False  # أشار بلهجة، لدرجة: a preposition and a feminine noun (بثينة، لطيفة are name tokens)
    if first and ((definite and w not in DEFINITE_GIVEN_NAMES) or w in NAME_CONNECTORS or _clitic_common_word(w)):
        return False
    return not w.startswith("لل")


def _name_not_conjunction(w: str, raw: str) -> bool:
    """Is a word (folded ``w``, written ``raw``) that reads as و or ف + a function word (واين: and where; فاخر) a
    known name token, not itself a function word (واين روني، فاخر الحربي: the first name of a person the tagger
    reads)? Not where the function word is written with its hamza (وأين، وإلى) or is a preposition (والي)."""
    return (
        w[:1] in _CONJ
        and w not in FUNCTION_WORDS
        and _bare(w) in FUNCTION_WORDS
        and _bare(w) not in _PREPOSITIONS
        and HAMZA_ALEFS.isdisjoint(raw)
        and _name_token(w)
    )


def _derived_feminine_past(w: str) -> bool:
    """Is a folded word shaped as the feminine past of a verb of forms V/VI (ت ... ت: تعاونت، تقدمت، توجهت) and
    no known name token? Not a feminine plural noun (تسجيلات، تصريحات)."""
    return len(w) >= 5 and w[0] == "ت" and w[-1] == "ت" and w[-2] != "ا" and not _name_token(w)


def _hal_participle(w: str) -> bool:
    """Is a folded word shaped as an indefinite accusative participle (مـ ... ا: متسائلا، منتقدا, with its tanwin
    unwritten) and no known name token (ماريا، مونيكا are)?"""
    return len(w) >= 5 and w[0] == "م" and w[-1] == "ا" and not _name_token(w)


def _name_word(doc: _Doc, j: int, first: bool, text: str | None = None) -> bool:
    """Could token j be a word of a person's name (``text``: the token without a leading و)?"""
    return _name_word_text(text or doc.texts[j], doc.raw(j), first)


def _unit_at(doc: _Doc, j: int, first: bool, text: str | None = None) -> int:
    """Tokens of one name unit at token j: a word, عبد + divine name, أبو/بن/آل + unit (0 when none)."""
    if j >= doc.n:
        return 0
    if j in doc.covered:  # a known person's surname ends a longer name: (عادل بن أحمد) الجبير
        return int(not first and _known_surname(doc, j))
    w = text or doc.texts[j]
    nxt = j + 1 < doc.n and doc.joined[j] and j + 1 not in doc.covered
    if w == "عبد":
        return 2 if nxt and doc.texts[j + 1] in DIVINE_NAMES else 0
    if w in KUNYA_WORDS or (not first and (w in SON_WORDS or w == FAMILY_WORD or w in PARTICLE_WORDS)):
        if not nxt:
            return 0
        if doc.texts[j + 1] == "عبد":
            k = _unit_at(doc, j + 1, False)
        else:  # after بن / آل a definite word is a name too (آل الشيخ، بن الخطاب)
            v = doc.texts[j + 1]
            k = int(
                v.isalpha()
                and len(v) >= 2
                and not _in(v, FUNCTION_WORDS)
                and not _in(v, VERBS)
                and v not in SON_WORDS
                and v not in KIN_NOUNS  # زيان ابن أخيه: his nephew, a second person
            )
        return 1 + k if k else 0
    if (
        not first
        and w[:1] == "و"
        and w not in WAW_NAMES
        and (w[1:] in TITLE_WORDS or _name_word_text(w[1:], doc.raw(j)[1:], True))
    ):
        return 0  # ومحمد، ورجل الأعمال: a conjunction opens the next name or title
    if (
        not first
        and w[:1] in "بلك"
        and len(w) >= 4
        and w not in GIVEN_NAMES  # بسام، كمال، بلال (45 عاما): a name that starts with those letters
        and j + 1 < doc.n
        and _opens_name(doc.gaps[j])
    ):
        return 0  # لإذاعة «فرانس إنتر»، لمحطة (بي بي سي): a preposition before a quoted name, not a name part
    if not first and w[:2] in ("بم", "لم") and len(w) >= 5 and not _name_token(w):
        return 0  # سيدي بية بمستوى عادي: ب or ل and a noun of place or participle (مـ) after the name, no part of it
    if not first and _title_family_name(doc, j):
        return 1
    if not _name_word(doc, j, first, text):
        return 0
    # a compound name with the divine name (غرم الله، عطا الله، جار الله); حفظه الله، رحمه الله are blessings
    if nxt and doc.texts[j + 1] == "الله":
        return 0 if w.endswith(("ه", "ها")) else 2
    return 1


def _title_family_name(doc: _Doc, j: int) -> bool:
    """Is token j, after a name word, a title that is also a family name (العقيد حسان الشيخ، الفنان ماجد المهندس)?
    So only where no name follows it: punctuation or a line end, a conjunction, or a word that cannot open a name
    (a title, a verb, a function word, a definite word)."""
    if doc.texts[j] not in TITLE_FAMILY_NAMES or doc.raw(j)[:2] != "ال":
        return False
    if j + 1 >= doc.n or doc.gaps[j].strip(" "):
        return True
    nxt = doc.texts[j + 1]
    if nxt[:1] == "و" and nxt not in WAW_NAMES:
        return True  # محمد بن عمر السيد وفهد: a conjunction after it, where a title would take its name
    return not _name_word(doc, j + 1, True) or bool(_title_len(doc, j + 1))


def _opens_name(gap: str) -> bool:
    """Does a gap between two words on one line open a quote or a bracket?"""
    return "\n" not in gap and ("(" in gap or not _OPEN_MARKS.isdisjoint(gap))


def _known_surname(doc: _Doc, j: int) -> bool:
    """Is token j a one-word gazetteer mention of a person (الجبير، صالح), which may end a longer name?"""
    m = doc.covered[j]
    if m.type != "person" or m.method != METHOD_GAZETTEER:
        return False
    return doc.covered.get(j - 1) is not m and doc.covered.get(j + 1) is not m


def _units(doc: _Doc, i: int, text: str | None = None, max_units: int = 5) -> list[int]:
    """Token ends (exclusive) after each successive name unit from token i; a definite family name closes it."""
    ends: list[int] = []
    j = i
    while j < doc.n and len(ends) < max_units:
        if ends and not doc.joined[j - 1]:
            break
        k = _unit_at(doc, j, not ends, text if not ends else None)
        if not k:
            break
        j += k
        ends.append(j)
        if k == 1 and len(ends) > 1 and doc.definite(j - 1):
            break
    return ends


def _strong_unit(doc: _Doc, a: int, b: int, tail: bool = False) -> bool:
    """Does the unit of tokens [a, b) look like a name part whatever follows it (بن سعود، آل سعود، الحازمي)?

    ``tail``: a third or later unit, which must be a connector unit or a nisba family name; a second unit may
    also be a plain indefinite word that does not look like a noun, adjective or present-tense verb.
    """
    if b - a > 1 or a in doc.covered:  # a connector unit, or a known person's surname (الجبير)
        return True
    w = doc.texts[a]
    if doc.definite(a):  # a nisba family name (العتيبي) rather than a definite object (المعرض)
        return (w.endswith("ي") and len(w) > 4 and w not in TITLE_ADJECTIVES) or w in TITLE_FAMILY_NAMES
    if tail:
        return False
    raw = DIACRITICS_RE.sub("", doc.raw(a))
    # An indefinite noun or adjective (علانية، خطابا) more often ends in ة or accusative alef than a name does;
    # a present-tense verb (يقبل، تعمل) starts with ي or ت.
    return not raw.endswith(("ة", "ا", "ى")) and not w.endswith(("ات", "ون", "ين")) and w[:1] not in "يت"


def _hard_boundary(doc: _Doc, j: int) -> bool:
    """Punctuation, a line end or a complementiser (أن، إن) before token j."""
    if j >= doc.n or doc.gaps[j - 1].strip(" ") != "":
        return True
    return _bare(doc.texts[j]) in _COMPLEMENTISERS


_STRICT_STOPS = lexicon.folded("entity_nouns", "strict_stop")


def _boundary_after(doc: _Doc, j: int, strict: bool) -> bool:
    """Does a name that ends at token j-1 stop at a clear boundary before token j?"""
    if j >= doc.n or doc.gaps[j - 1].strip(" ") != "":  # punctuation, a quote mark or a line break
        return True
    w = doc.texts[j]
    if strict:
        if _bare(w) in _STRICT_STOPS or w in POST_NAME_HEADS:  # قالت فلانة فلان الناطقة باسم الحملة
            return True
    elif _in(w, FUNCTION_WORDS) or _in(w, VERBS) or _in(w, OTHER_VERBS) or _derived_feminine_past(w):
        return True
    elif _title_len(doc, j):
        return True
    # A preposition-led word before a definite one (لوسائل الإعلام، بقادة الدول) starts a new phrase.
    return j + 1 < doc.n and w[:1] in "بلك" and doc.texts[j + 1].startswith("ال") and doc.joined[j]


def _verb_next(doc: _Doc, j: int) -> bool:
    """Is token j a verb (a listed one, or a future form سيطلع) right after the name?"""
    if j >= doc.n:
        return False
    w = doc.texts[j]
    return _in(w, VERBS) or _in(w, OTHER_VERBS) or _future_verb(w)


def _titled_name(doc: _Doc, i: int, single: bool, text: str | None = None) -> int:
    """Tokens of a name at token i licensed by a title before it (0 when none).

    Two units are the default (the name is followed by anything in verb-first sentences); a third and fourth
    unit only when they look like name parts (بن سعود، آل سعود، a nisba family name) or punctuation follows.
    ``single``: one unit is enough when a clear boundary follows (الرئيس أوباما،).
    """
    ends = _units(doc, i, text)
    for c in range(len(ends), 0, -1):
        end = ends[c - 1]
        if c >= 3:
            if (
                _hard_boundary(doc, end)
                or _verb_next(doc, end)
                or all(_strong_unit(doc, ends[u - 1], ends[u], True) for u in range(2, c))
                or (c == 3 and end - ends[1] == 1 and _titled_elsewhere(doc, ends[1]))
                or (c == 3 and _family_after_nasab(doc, i, ends))
            ):
                return end - i
        elif c == 2:
            if _boundary_after(doc, end, strict=False) or _strong_unit(doc, ends[0], ends[1]):
                return end - i
        elif single and _boundary_after(doc, end, strict=False) and len(doc.texts[i]) >= 3:
            return end - i
    return 0


def _family_after_nasab(doc: _Doc, i: int, ends: list[int]) -> bool:
    """Do three name units from token i end with a definite family name right after a nasab (العقيد فهد بن مرشد
    اليحيا، ...), a clear boundary after it? Not after a royal title (a royal's nasab ends his name: الأمير منصور بن
    مقرن المعرض أمس) nor a definite object or adverb (... بن سلمان الوفد المرافق، ... اليوم)."""
    a = ends[1]
    if ends[2] - a != 1 or doc.texts[ends[0]] not in SON_WORDS or not doc.definite(a):
        return False
    if i and doc.texts[i - 1] in ROYAL_TITLES:
        return False
    w = doc.texts[a]
    if w in TITLE_ADJECTIVES or w in NAME_ADJECTIVES or w in _CALENDAR_WORDS or w in GENERIC_NOUNS:
        return False
    return _boundary_after(doc, ends[2], strict=False)  # punctuation, a verb or a title after it


def _titled_elsewhere(doc: _Doc, j: int) -> bool:
    """Does token j's word stand alone after a one-word title elsewhere in the article (الدكتور عمر بن عبدالله جفري
    ... الدكتور جفري): the surname that ends the full name?"""
    texts = doc.texts
    return any(k != j and doc.joined[k - 1] and _title_len(doc, k - 1) == 1 for k in _word_places(texts, texts[j], 1))


def _word_places(words: list[str], word: str, start: int = 0) -> Iterator[int]:
    """Where a word stands in a list of words from ``start`` on, in order: found by list.index, a C scan, not a test
    of every word in Python (a rule asking for one word's places in a long article took ~0.5 ms that way)."""
    k = start - 1
    try:
        while True:
            k = words.index(word, k + 1)
            yield k
    except ValueError:  # no further place
        return


def _verb_name(doc: _Doc, i: int) -> int:
    """Tokens of a name right after a reporting verb (قال فلان فلان،): 2-4 units, clear boundary after; none
    after a verbal noun (نفى استقالة فلان: the verb's object)."""
    if i in doc.covered or _masdar_opening(doc.texts[i]):
        return 0  # (a known mention opens no name's first unit: _unit_at)
    if doc.texts[i] == "لي" and i + 1 < doc.n and doc.texts[i + 1].startswith("ال"):
        return 0  # قالت لي السمراء: "told me", then the subject; the surname لي takes no article after it
    ends = _units(doc, i)
    for c in range(len(ends), 1, -1):
        end = ends[c - 1]
        if c >= 3 and not (
            _hard_boundary(doc, end) or all(_strong_unit(doc, ends[u - 1], ends[u], True) for u in range(2, c))
        ):
            continue
        if _boundary_after(doc, end, strict=True):
            return end - i
    return 0


_COMMA_GAP_RE = re.compile(" ?[،,] ?")


def _skip_complement(doc: _Doc, j: int, governs: bool) -> int:
    """:func:`_complement_end`, once per position and state in a text: a title that opens a name after it and one
    that closes a name before it (المتحدث باسم ...) are the same words, which both rules read."""
    key = (j, governs)
    end = doc.complements.get(key)
    if end is None:
        end = doc.complements[key] = _complement_end(doc, j, governs)
    return end


def _complement_end(doc: _Doc, j: int, governs: bool) -> int:
    """Skip what a title governs before the name (an office, an entity, adjectives); -1 when no name can follow.

    ``governs`` is true while the last word is in construct state (رئيس، وزير، باسم) and takes a genitive
    noun; a definite word then belongs to the title (وزير الخارجية). Otherwise only adjectives follow
    (الرئيس الصيني، المرشد الأعلى), or a quoted name (مدير عام «الحي اليهودي»), or a place after في
    (مدير قسم المخطوطات في المسجد الأقصى). A title that still governs at the end names an office, not a person.
    """
    steps = 0
    texts, gaps, covered, n = doc.texts, doc.gaps, doc.covered, doc.n
    while j < n and steps < 10:
        w = texts[j]
        if j in covered:
            m = covered[j]
            if m.type not in ("country", "organization", "location"):
                return -1
            while j < n and covered.get(j) is m:
                j += 1
            governs = False
        elif governs and j and not doc.joined[j - 1] and not _OPEN_MARKS.isdisjoint(gaps[j - 1]):
            # a quoted name of the office: مدير عام «الحي اليهودي»
            k = j
            while k < n and k - j < 6 and _CLOSE_MARKS.isdisjoint(gaps[k]) and doc.gap_ok[k]:
                k += 1
            if k >= n or k - j >= 6 or _CLOSE_MARKS.isdisjoint(gaps[k]):
                return -1
            j = k + 1
            governs = False
        elif t := _title_len(doc, j):
            governs = not texts[j + t - 1].startswith("ال")
            j += t
        elif _bare(w) in CONSTRUCT_NOUNS or (w[:1] in "لب" and w[1:] in CONSTRUCT_NOUNS):
            governs = True
            j += 1
        elif w.startswith("لل") and len(w) > 3:
            governs = False
            j += 1
        elif w == "في" and not governs and j + 1 < n and (doc.definite(j + 1) or j + 1 in covered):
            governs = True  # the place the office is in: a definite noun or a known place follows
            j += 1
        elif (
            doc.definite(j)
            and len(w) > 3
            and (w in TITLE_ADJECTIVES or not _in(w, FUNCTION_WORDS) and (governs or _is_nisba_shape(w)))
        ):
            governs = False
            j += 1
        elif not governs and w in TITLE_ADVERBS:  # الرئيس آنذاك محمود: the holder then, and his name follows
            j += 1
        elif w == "عام" and governs is False and steps == 0:  # مدير عام
            j += 1
        elif w == "عام" and steps == 0:
            governs = True
            j += 1
        else:
            break
        steps += 1
        if j < n and not doc.gap_ok[j - 1] and _QUOTE_MARKS.isdisjoint(gaps[j - 1]):
            # رئيس حزب الحركة القومية، دولت بهتشلي،: a name in apposition after a comma (the caller wants one after)
            return j if not governs and _COMMA_GAP_RE.fullmatch(gaps[j - 1]) else -1
    return -1 if governs else j


def _slug_id(words: Sequence[str], prefix: str = "") -> str:
    """Stable id of a pattern or model entity: its name's variant key (:func:`name_variant_key`, so that بوتن and
    بوتين, ترمب and ترامب get one id), transliterated, plus a short hash of the key."""
    name = name_variant_key(" ".join(words))
    slug = "-".join(filter(None, ("".join(_TRANSLIT.get(ch, "") for ch in w) for w in name.split())))
    digest = hashlib.sha1((prefix + name).encode("utf-8")).hexdigest()[:6]
    return f"{prefix}{slug or 'entity'}-{digest}" if prefix else f"{slug or 'person'}-{digest}"


def _person_id(words: Sequence[str]) -> str:
    """Stable id of a pattern person (folded name words)."""
    return _slug_id(words)


_TRANSLIT = {
    "ا": "a",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "a",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "و": "w",
    "ي": "y",
    "ئ": "y",
    "ؤ": "w",
    "پ": "p",
    "چ": "ch",
    "ڤ": "v",
    "گ": "g",
}


@dataclass(frozen=True)
class _Found:
    """A pattern name: first token, token count, type, and the proclitic letters to skip on the first token."""

    first: int
    k: int
    type: str
    conj: int = 0


def _conj_text(doc: _Doc, j: int) -> tuple[str | None, int]:
    """A list item's text without its conjunction و (وأحمد -> أحمد) and the letters removed."""
    w = doc.texts[j]
    if w[:1] == "و" and len(w) > 3 and w not in WAW_NAMES:
        return w[1:], 1
    return None, 0


def _waw_before_given_name(w: str) -> int:
    """1 when a name's first word is و and a listed given name (المدير التنفيذي للاتحاد وأحمد فلان: a second person,
    the conjunction no part of the name), 0 otherwise (الأمير وليم، نائب الرئيس وليام روتو)."""
    rest = w[1:]
    return int(
        w[:1] == "و" and w not in GIVEN_NAMES and w not in WAW_NAMES and (rest in GIVEN_NAMES or rest in FA_NAMES)
    )


def _proclitic_on_name(w: str) -> int:
    """1 when a name's first word is the preposition ب or ل on a common word of the tagger's person names and no such
    word itself (يشبهه بهنري كيسنجر ـ وزير الخارجية), else 0."""
    if w[:1] not in "بل" or len(w) < 4 or w in GIVEN_NAMES:
        return 0
    persons = default_tagger().lex.persons
    return int(w not in persons and persons.get(w[1:], "1") != "1" and w[1:] not in TITLE_WORDS)


def _opens_titled_name_alone(w: str) -> bool:
    """Is the word the doctor's د. or a reporting verb (what, besides a title's first word under its proclitics, starts
    a titled name: the only words _titled_people acts on)?"""
    return w == "د" or _in(w, REPORTING_VERBS)


def _may_open_list(w: str) -> bool:
    """Can the word open a list of names (هم، وهم، كل من)?"""
    return w in LIST_PRONOUNS or _bare(w) in ("كل", "لكل", "بكل")


def _opens_with_lil(w: str) -> bool:
    """A word of 5 letters or more opening with لل (للوساطة): what a quoted company's name may be followed by."""
    return len(w) >= 5 and w.startswith("لل")


def _is_name_form(w: str) -> bool:
    """Is the word a known name token of the tagger's lexicon, bare or under a proclitic (ولافروف): what a surname
    that coreference finds may be written as?"""
    persons = default_tagger().lex.persons
    if w[:1] not in _PROCLITIC_LETTERS:  # no clitic to try: the word as it is (most words)
        return w in persons
    return any(w.startswith(c) and w[len(c) :] in persons for c in _SURNAME_CLITICS)


def _is_repeat_head(w: str) -> bool:
    """Is the word, under its proclitics, a head of :data:`REPEAT_HEADS` (what :func:`_headless_repeats` asks of a
    name's first word)?"""
    return not REPEAT_HEADS.isdisjoint(_stripped_forms(w))


_LETTER_NAMES = lexicon.folded("names", "latin_letter")


# Which rules a word can trigger, as bits: the rules then visit only the words that can start them (LAM: the
# preposition ل on its own, before an outlet's quoted name; LIL: a word of 5 letters or more opening with لل;
# NAME_FORM: a known name token, perhaps under a proclitic, that coreference may read as a surname; SON: a son
# word, without which no known person is read into a nasab; EVENT_HEAD: an agreement's or meeting's noun, without
# which no place names an event). A text whose words hold no such bit skips that rule for all its mentions.
TITLED, ORG_NOUN, LIST_OPENER, POST_NAME_HEAD, GENITIVE_HEAD, LAM, LIL, NAME_FORM = 1, 2, 4, 8, 16, 32, 64, 128
SON, EVENT_HEAD = 256, 512
# The heads of the rules that once scanned every word of a text for their own list (an outlet's verb, a purpose
# organisation's head, a sports word, a noun that makes a place an organisation's name): one look-up per word serves all.
OUTLET_VERB, PURPOSE_HEAD, SPORTS_CUE, PLACE_HEAD = 1024, 2048, 4096, 8192
LETTER_NAME = 16384  # a Latin letter's name (بي، سي): a piece of a dotted acronym
UNIT_HEAD, LISTED_PORTFOLIO = 32768, 65536  # a unit's head noun (قسم، إدارة); a portfolio under و (والداخلية)
QUOTED_HEAD = 131072  # a head of a quoted name (شركة، صحيفتها): without one no quote after a head is read
QUOTED_OUTLET = 262144  # an outlet's name that is also a word (اليوم، الوطن): without one no quoted outlet is read
REPEAT_HEAD = 524288  # a head whose name is said again without it (شركة، حزب): without one no such repeat is read
# the bits _Doc.where is asked for (the batch works out their words: _Words.where), and those _Doc reads
_WHERE_BITS = (TITLED, ORG_NOUN, LIST_OPENER, POST_NAME_HEAD, LAM, LIL, OUTLET_VERB, LETTER_NAME)
_DOC_RULES = reduce(or_, _WHERE_BITS) | QUOTED_OUTLET
# The tests that call code on the word itself; the others are look-ups: of the word (membership of a word list,
# _listed_bits) or of each of its forms under its proclitics (a title's first word, an organisation type noun, an
# event's noun, the head of a quoted name or of a repeated name: _form_bits).
_FLAG_TESTS = (
    (TITLED, _opens_titled_name_alone),
    (LIST_OPENER, _may_open_list),
    (LIL, _opens_with_lil),
    (NAME_FORM, _is_name_form),
)


def _bits_of(lists: Iterable[tuple[int, Iterable[str]]]) -> dict[str, int]:
    """The union of the bits of the lists each word is in, by word."""
    bits: dict[str, int] = {}
    for bit, words in lists:
        for w in words:
            bits[w] = bits.get(w, 0) | bit
    return bits


@cache
def _listed_bits() -> dict[str, int]:
    """The rule bits each listed word holds by membership of a word list alone, one look-up serving all those rules
    (made on first use: some lists are defined further down this module)."""
    return _bits_of(
        (
            (POST_NAME_HEAD, POST_NAME_HEADS),
            (GENITIVE_HEAD, _GENITIVE_HEAD_FORMS),
            (LAM, ("ل",)),
            (SON, SON_WORDS),
            (OUTLET_VERB, _OUTLET_VERB_FORMS),
            (PURPOSE_HEAD, _PURPOSE_HEAD_FORMS),
            (SPORTS_CUE, _SPORTS_CUE_FORMS),
            (PLACE_HEAD, _PLACE_HEAD_FORMS),
            (LETTER_NAME, _LETTER_NAMES),
            (UNIT_HEAD, _UNIT_HEAD_FORMS),
            (LISTED_PORTFOLIO, LISTED_PORTFOLIOS),
            (QUOTED_OUTLET, QUOTED_OUTLETS),
        )
    )


@cache
def _form_bits() -> dict[str, int]:
    """The rule bits a word holds when one of its forms under its proclitics (:func:`_stripped_forms`) is in a list:
    one look-up per form serves all those rules (made on first use, as :func:`_listed_bits`)."""
    return _bits_of(
        (
            (TITLED, TITLE_INDEX),
            (ORG_NOUN, ORG_NOUNS),
            (EVENT_HEAD, EVENT_HEADS),  # what _in_event_name asks of the word before a place
            (QUOTED_HEAD, _quoted_head_forms()),
            (REPEAT_HEAD, REPEAT_HEADS),
        )
    )


def _word_flags(w: str) -> int:
    """The rule bits of a word (a pure function of the word)."""
    bits = _listed_bits().get(w, 0) | sum(bit for bit, test in _FLAG_TESTS if test(w))
    form_bits = _form_bits()
    for f in _stripped_forms(w):
        bits |= form_bits.get(f, 0)
    return bits


_memo_flags = lru_cache(maxsize=1 << 20)(_word_flags)


def _flags(texts: list[str]) -> list[int]:
    """Rule bits of every word, memoised per distinct word."""
    return list(map(_memo_flags, texts))


def _in_place_name(doc: _Doc, i: int) -> bool:
    """Is the title at token i part of a place's name: right after a facility noun (شارع الملك فهد، بمستشفى
    الأمير سلطان) or an indefinite place noun or compass word (ومنطقة الشيخ نجار، جنوب الشيخ زويد), or coordinated in a list headed by one (متنزه الورود والأمير نايف، «حديقة الصفا والملك خالد»)?"""
    if not i or not doc.gap_ok[i - 1]:
        return False
    if not FACILITY_NOUNS.isdisjoint(_stripped_forms(doc.texts[i - 1])) or _indefinite_place_noun(doc.texts[i - 1]):
        return True
    if doc.texts[i][:1] != "و":  # only a coordinated title continues a list of places
        return False
    j = i - 1
    while j >= 0 and i - j <= 8 and doc.gap_ok[j]:
        w = doc.texts[j]
        if not FACILITY_NOUNS.isdisjoint(_stripped_forms(w)):
            return True
        if (
            j in doc.covered
            and doc.covered[j].type == "person"
            or _in(w, FUNCTION_WORDS)
            or _in(w, VERBS)
            or _in(w, OTHER_VERBS)
        ):
            return False
        j -= 1
    return False


def _ambiguous_title_ok(doc: _Doc, i: int, t: int, forms: frozenset[str]) -> bool:
    """After a title that is also a verbal noun (مساعدة), an office (a title or construct noun) or a name-like word
    must follow, not a known country or place nor a definite common noun (مساعدة اليمن، مساعدة اللاجئين)."""
    if t != 1 or AMBIGUOUS_TITLES.isdisjoint(forms):
        return True
    j = i + 1
    if j >= doc.n:
        return False
    if j in doc.covered:
        return doc.covered[j].type == "person"
    w = doc.texts[j]
    if _title_len(doc, j) or _bare(w) in CONSTRUCT_NOUNS:
        return True
    return not doc.definite(j) and _name_word(doc, j, True)


def _titled_people(doc: _Doc) -> list[_Found]:
    """Title (with its proclitics and complement) + name; reporting verb + name."""
    found: list[_Found] = []
    for i in doc.where(TITLED):  # other words start nothing here
        if i in doc.covered:
            continue
        w = doc.texts[i]
        forms = _stripped_forms(w)
        t = _title_len(doc, i)
        if t and (not _ambiguous_title_ok(doc, i, t, forms) or _in_place_name(doc, i)):
            t = 0
        if t:
            last = doc.texts[i + t - 1]
            governs = not (last.startswith("ال") or (t == 1 and any(f.startswith("ال") for f in forms)))
            governs = governs and not (t == 1 and forms & BARE_TITLES)  # دكتور بالمر، اسمه فلان، نظيره فلان
            j = _skip_complement(doc, i + t, governs)
            if j > i and j < doc.n and (doc.gap_ok[j - 1] or doc.gaps[j - 1].strip(" ") == "/"):  # المهندس / فلان
                k = _titled_name(doc, j, not SINGLE_NAME_TITLES.isdisjoint(forms))
                if k:
                    found.append(_Found(j, k, "person", _waw_before_given_name(doc.texts[j])))
                    continue
            elif j > i + t and j < doc.n and _COMMA_GAP_RE.fullmatch(doc.gaps[j - 1]):
                k = _titled_name(doc, j, False)
                if k and j + k < doc.n and _COMMA_GAP_RE.fullmatch(doc.gaps[j + k - 1]):
                    found.append(_Found(j, k, "person"))
                    continue
        elif w == "د" and i + 1 < doc.n and doc.gaps[i].strip(" ") == ".":  # د. فلان: the doctor's title
            k = _titled_name(doc, i + 1, False)
            if k:
                found.append(_Found(i + 1, k, "person"))
                continue
        if _in(w, REPORTING_VERBS) and i + 1 < doc.n and doc.joined[i]:
            k = _verb_name(doc, i + 1)
            if k:
                found.append(_Found(i + 1, k, "person"))
    return found


def _left_boundary(doc: _Doc, s: int) -> bool:
    """Can a name start at token s: text start, after punctuation, a verb, a function word or a conjunction?"""
    if s == 0 or (not doc.joined[s - 1] and doc.gaps[s - 1].strip(" ") != ""):  # (a joined gap is spaces only)
        return True
    return _name_may_follow(doc.texts[s - 1])


@lru_cache(maxsize=65536)
def _name_may_follow(p: str) -> bool:
    """Is the word one a name may start right after: a verb, a function word or the conjunction و?"""
    return _in(p, VERBS) or _in(p, REPORTING_VERBS) or _in(p, OTHER_VERBS) or _in(p, FUNCTION_WORDS) or p == "و"


def _construct_head(doc: _Doc, s: int, ends: list[int]) -> bool:
    """Is the first word of a name candidate of three units or more a noun in construct with the name after a
    preposition (على معصم فلان فلان، عن لسان فلان فلان) rather than a given name?"""
    if len(ends) < 3 or ends[0] != s + 1 or not s or doc.gaps[s - 1].strip(" "):
        return False
    w = doc.texts[s]
    return _in(doc.texts[s - 1], FUNCTION_WORDS) and w not in GIVEN_NAMES and w not in FA_NAMES and w not in WAW_NAMES


def _names_before_titles(doc: _Doc) -> list[_Found]:
    """Name + (،) + title with its complement: "ديمتري بيسكوف المتحدث باسم الكرملين"."""
    found: list[_Found] = []
    for i in doc.where(POST_NAME_HEAD):
        if i < 2:
            continue
        if i in doc.covered:
            continue
        gap = doc.gaps[i - 1].strip(" ")
        if gap not in ("", "،", ",") or "\n" in doc.gaps[i - 1]:
            continue
        t = _title_len(doc, i)
        if not t:
            continue
        governs = not doc.texts[i + t - 1].startswith("ال")
        j = _skip_complement(doc, i + t, governs)
        if j <= i + t and t == 1:  # a bare head (الرئيس) says too little: it must govern or take adjectives
            continue
        for s in range(max(0, i - 8), i):
            if not _left_boundary(doc, s):
                continue
            if doc.texts[s][:1] == "و" and doc.texts[s] not in WAW_NAMES:
                continue
            conj = _proclitic_on_name(doc.texts[s])  # يشبهه بهنري كيسنجر ـ وزير الخارجية: ب is no name's
            ends = _units(doc, s)
            if s == i - 1 and i in ends and _lone_name_before_title(doc, s, j > i + t):
                found.append(_Found(s, 1, "person"))  # وصرح كيربي المتحدث باسم البنتاغون
                break
            if (
                i in ends
                and 2 <= ends.index(i) + 1 <= 4
                and (
                    gap or all(_strong_unit(doc, a, b) for a, b in zip([s, *ends], ends[: ends.index(i) + 1]) if a != s)
                )
            ):
                if _construct_head(doc, s, ends[: ends.index(i) + 1]):
                    s = ends[0]  # على معصم فلان فلان المتحدث: the noun the name is genitive to is not part of it
                    conj = _proclitic_on_name(doc.texts[s])
                found.append(_Found(s, i - s, "person", conj))
                break
    return found


def _lone_name_before_title(doc: _Doc, s: int, governs: bool) -> bool:
    """A one-word name between a reporting verb and a title that governs a complement (وقال كيربي المتحدث باسم
    الخارجية): an indefinite word of a person's name, never a word with the article (وقال المصدر المسؤول)."""
    if not governs or s == 0 or doc.gaps[s - 1] != " " or not _in(doc.texts[s - 1], REPORTING_VERBS):
        return False
    return not doc.definite(s) and _name_word(doc, s, True) and _person_word(doc.texts[s])


def _listed_people(doc: _Doc) -> list[_Found]:
    """Names listed after "هم/وهم" or "كل من": "ستة من الحراس، هم فلان فلان، فلان فلان، وفلان فلان"."""
    found: list[_Found] = []
    for i in doc.where(LIST_OPENER):
        if not 1 <= i < doc.n - 2:
            continue
        w = doc.texts[i]
        if w in LIST_PRONOUNS and (w[:1] == "و" or doc.gaps[i - 1].strip(" ")):
            j = i + 1
        elif _bare(w) in ("كل", "لكل", "بكل") and doc.texts[i + 1] == "من" and doc.joined[i]:
            j = i + 2
        else:
            continue
        if j >= doc.n or doc.gaps[j - 1].strip(" ") not in ("", ":"):
            continue
        items: list[_Found] = []
        while j < doc.n:
            text, skip = _conj_text(doc, j) if items else (None, 0)
            units = _units(doc, j, text, max_units=4)
            pick = 0
            for c in range(len(units), 1, -1):  # an item is a name of two units or more
                e = units[c - 1]
                sep = doc.gaps[e - 1].strip(" ") if e < doc.n else "."
                if (
                    sep in ("،", ",")
                    or (not sep and doc.texts[e][:1] == "و")
                    or (items and (sep or _boundary_after(doc, e, False)))
                ):
                    pick = e
                    break
            if not pick:
                break
            items.append(_Found(j, pick - j, "person", skip))
            sep = doc.gaps[pick - 1].strip(" ") if pick < doc.n else "."
            if pick < doc.n and (sep in ("،", ",") or (not sep and doc.texts[pick][:1] == "و")):
                j = pick
                continue
            break
        if len(items) >= 2:
            found.extend(items)
    return found


_QUOTE_PAIRS = {"«": "»", "“": "”", "„": "“", '"': '"', "'": "'", "‘": "’"}


def _quoted_span(doc: _Doc, j: int) -> int:
    """End token (exclusive) of a quoted name opening before token j: 1-6 tokens up to the closing mark; 0 if none."""
    if j and doc.joined[j - 1]:  # only spaces before the token: no opening mark
        return 0
    opener = next((c for c in reversed(doc.gaps[j - 1]) if c in _QUOTE_PAIRS), "")
    closer = _QUOTE_PAIRS.get(opener, "")
    if not closer:  # the span ends at a closing mark of the opener's pair: with none, there is no span
        return 0
    k = j
    while k < doc.n and k - j < 6:
        if not _CLOSE_MARKS.isdisjoint(doc.gaps[k]):
            return k + 1 if closer in doc.gaps[k] else 0
        if not doc.gap_ok[k]:
            return 0
        k += 1
    return 0


def _quoted_name(doc: _Doc, j: int, every: bool = False, verbs: bool = True) -> int:
    """End token (exclusive) of a quoted name opening before token j that may name an organisation, 0 if none: no
    known name inside (جمعية «سعوديون في أميركا»), its first word (``every``: each word) a word of letters, no
    function word and (``verbs``) no listed verb."""
    end = _quoted_span(doc, j)
    if not end or not doc.covered.keys().isdisjoint(range(j, end)):
        return 0
    for w in doc.texts[j : end if every else j + 1]:
        if not w.isalpha() or (_in(w, FUNCTION_WORDS) and w not in QUOTED_OUTLETS) or (verbs and _in(w, VERBS)):
            return 0  # a quoted outlet's name may be a common word: لـ«اليوم» is the paper, not "today"
    return end


def _org_word(doc: _Doc, j: int, first: bool) -> bool:
    """A bare word of an organisation's proper name (أبل، هارفارد): indefinite, not a common noun shape."""
    if j in doc.covered or not _name_word(doc, j, True):
        return False
    raw = DIACRITICS_RE.sub("", doc.raw(j))
    w = doc.texts[j]
    if w in ORG_ADJECTIVES or raw.endswith(("ة", "ا")) or w.endswith(("ات", "ون", "ين", "ي")):
        return False
    if first and (w in GIVEN_NAMES or _clitic_common_word(w)):  # جماعة صالح: a person's group; جماعة لفرض: a purpose
        return False
    if first and len(w) >= 5 and w.startswith(_IMPERFECT_DERIVED):  # يستطيع، تتابع: a derived verb's present
        return False
    return not (first and len(w) == 4 and w[0] in "يتن")  # a present-tense verb (تعمل), not a name


def _root_noun(w: str) -> bool:
    """A bare word of three consonants (جذب، عمل، ظلم): a verbal noun of the root, not a given name."""
    return len(w) == 3 and _LONG_VOWELS.isdisjoint(w) and w.isalpha() and w not in GIVEN_NAMES


# Present tense of the derived verb forms (استفعل، تفاعل، تفعّل): يستطيع، تستعد، يتابع، تتحدث.
_IMPERFECT_DERIVED = ("يست", "تست", "يت", "تت")


def _organisations(doc: _Doc) -> list[_Found]:
    """Type noun + name: صحيفة «معاريف»، شركة "فولكس فاغن"، جامعة هارفارد، تنظيم داعش (when not known)."""
    found: list[_Found] = []
    for i in doc.where(ORG_NOUN):
        if i >= doc.n - 1:
            continue
        forms = _stripped_forms(doc.texts[i])
        noun = forms & ORG_NOUNS
        if not noun or i in doc.covered or doc.definite(i):
            continue
        gap = doc.gaps[i]
        if "\n" in gap:
            continue
        j = i + 1
        if not _OPEN_MARKS.isdisjoint(gap):
            if end := _quoted_name(doc, j):
                found.append(_Found(j, end - j, "organization"))
            continue
        if not doc.joined[i]:
            continue
        end = j
        while end < doc.n and end - j < 3 and _org_word(doc, end, end == j) and (end == j or doc.joined[end - 1]):
            end += 1
        for e in range(end, j, -1):
            if e == j + 1 and noun & ORG_HEADS and noun.isdisjoint(CLUB_CUES) and _root_noun(doc.texts[j]):
                break  # مركز جذب، مجموعة عمل: a head noun and an indefinite verbal noun make a common phrase (نادي هجر)
            nxt_nisba = e < doc.n and doc.joined[e - 1] and _is_nisba_shape(doc.texts[e])
            if _boundary_after(doc, e, strict=False) or nxt_nisba:
                if noun & ORG_HEADS or doc.texts[j] in DESCRIPTOR_NAME_NOUNS:  # the name keeps its head noun,
                    # without the noun's proclitics
                    skip = len(doc.texts[i]) - len(next(iter(noun)))
                    found.append(_Found(i, e - i, "organization", skip))
                else:
                    found.append(_Found(j, e - j, "organization"))
                break
    return found


# Interviews and statements given to an outlet (في حوار لـ«عكاظ»، قال لـ«الحياة»).
STATEMENT_NOUNS = lexicon.folded("entity_nouns", "statement_noun")
OUTLET_STATEMENT_VERBS = lexicon.folded("entity_nouns", "outlet_statement_verb")


def _under_waw_fa(words: Iterable[str]) -> frozenset[str]:
    """The words as written alone or after the conjunction و or ف (علمت، وعلمت، فعلمت)."""
    return frozenset(p + w for w in words for p in ("", "و", "ف"))


# Verbs an outlet is the object of, before its quoted name (علمت «الاقتصادية»، أبلغ "الوطن"), under و or ف.
# and the words attributing a report to its quoted source (وبحسب "الألمانية"، حسب «رويترز»).
_OUTLET_VERB_FORMS = _under_waw_fa(lexicon.folded("entity_nouns", "outlet_verb", "outlet_attribution"))


def _statement_follows(doc: _Doc, k: int) -> bool:
    """Does token k open the reported statement (إن، أن، بأن، إنه)?"""
    return k < doc.n and _bare(doc.texts[k]) in _COMPLEMENTISERS


def _outlets(doc: _Doc) -> list[_Found]:
    """The outlet a statement is given to: a quoted name of 1-3 words after لـ, a reporting verb or an interview
    noun a few words before (قال ... لـ«عكاظ»، في حوار لـ«الحياة»), or right after a verb it is the object of
    (وعلمت «الاقتصادية») or a word attributing the report to it (وبحسب "الألمانية")."""
    found: list[_Found] = []
    for i in doc.where(LAM):
        if i >= doc.n - 1:
            continue
        j = i + 1
        if _OPEN_MARKS.isdisjoint(doc.gaps[i]) or not (end := _quoted_name(doc, j, verbs=False)) or end - j > 3:
            continue
        before = doc.texts[max(0, i - 6) : i]
        if any(
            _in(v, REPORTING_VERBS)
            or _in(v, OUTLET_STATEMENT_VERBS)
            or not STATEMENT_NOUNS.isdisjoint(_stripped_forms(v))
            for v in before
        ):
            found.append(_Found(j, end - j, "organization"))
        elif _statement_follows(doc, end) and any(_in(v, REPORTING_VERBS) for v in doc.texts[max(0, i - 12) : i]):
            # قال القيادي في ائتلاف القوى العراقية ظافر العاني لـ"الوطن" إن: a long subject, the statement right after
            found.append(_Found(j, end - j, "organization"))
    for i in doc.where(OUTLET_VERB):
        if i >= doc.n - 1:
            break
        j = i + 1  # وعلمت «الاقتصادية» أن، وأبلغ "الوطن": the outlet that learnt or was told
        if j < doc.n and not _OPEN_MARKS.isdisjoint(doc.gaps[i]) and "\n" not in doc.gaps[i]:
            if (end := _quoted_name(doc, j, verbs=False)) and end - j <= 3 and _source_name(doc, i, j, end):
                found.append(_Found(j, end - j, "organization"))
    return found


_ATTRIBUTION_FORMS = _under_waw_fa(lexicon.folded("entity_nouns", "outlet_attribution"))


def _source_name(doc: _Doc, i: int, j: int, end: int) -> bool:
    """May the quoted words j..end after token i name an outlet? After a verb, yes; after a word of attribution
    only a name (رويترز، سي إن إن) or a lone nisba (الألمانية), not a document (بحسب "الخطة الخمسية")."""
    if doc.texts[i] not in _ATTRIBUTION_FORMS:
        return True
    if end - j == 1 and doc.definite(j):
        return _is_nisba_shape(doc.texts[j])
    return not any(doc.definite(k) for k in range(j, end))


def _quoted_companies(doc: _Doc) -> list[_Found]:
    """A quoted name of 1-3 indefinite words followed by what the body does under لل: «ويليس» للوساطة، «يولر
    هيرميس» للتأمين على الائتمان، «رويترز» للأنباء. Read from the لل words that follow a closing mark (few)."""
    found: list[_Found] = []
    for end in doc.where(LIL):
        if not end or doc.joined[end - 1] or _CLOSE_MARKS.isdisjoint(doc.gaps[end - 1]):
            continue
        j = next((k for k in range(end - 1, max(0, end - 4), -1) if _quoted_span(doc, k) == end), 0)
        if not j or "\n" in doc.gaps[end - 1] or _quoted_name(doc, j, every=True) != end or doc.definite(j):
            continue
        if end - j >= 2 and DIACRITICS_RE.sub("", doc.raw(end - 1)).endswith("ة"):
            continue  # "وجهة مفضلة" للمقاولات: a noun and its feminine adjective, a phrase in quotes, no name
        if (
            doc.texts[j] in _CONNECTOR_WORDS
            or _titles_of(doc.texts[end])
            or _definite_forms(doc.texts[end]) & PERSON_CUES
        ):
            continue  # «بن مساعد» للسفير، «شد أجزاء» للفنان: a person's name or a work by a person
        found.append(_Found(j, end - j, "organization"))
    return found


def _quoted_institutions(doc: _Doc) -> list[_Found]:
    """A whole quoted name of 3-6 words opening with an indefinite head noun: "مركز تصنيفات الجامعات الدولي"، «لجنة
    التنمية الاجتماعية». The quotes mark the words as one name, the head noun as an institution's."""
    found: list[_Found] = []
    for i in doc.where(ORG_NOUN):
        if (
            not i
            or (doc.texts[i] not in ORG_NAME_HEADS and doc.texts[i] not in GENITIVE_ORG_HEADS)
            or doc.definite(i)
            or i + 1 >= doc.n
        ):
            continue  # under a proclitic or the article the head sits inside the quotes less often than it refers
        if doc.texts[i + 1] in GENITIVE_STOPS:
            continue  # «مجلس الإدارة»: a common phrase
        # two words are as often a common phrase («حركة التمثال») or a short form («مؤسسة النقد») as a name
        if (end := _quoted_name(doc, i, every=True)) - i >= 3:
            found.append(_Found(i, end - i, "organization"))
    return found


QUOTED_OUTLETS = lexicon.folded("entity_nouns", "quoted_outlet")
# An opening mark, then one of those names as written: the places the rule below looks at.
_QUOTED_OUTLET_RE = re.compile(
    "["
    + re.escape(OPEN_QUOTES)
    + "(] ?("
    + "|".join(map(re.escape, lexicon.words("entity_nouns", "quoted_outlet")))
    + ")"
)
_QUOTED_OUTLET_STOPS = lexicon.folded("entity_nouns", "quoted_outlet_stop", "facility", "event_head")


def _quoted_outlets(doc: _Doc) -> list[_Found]:
    """A Saudi outlet's name quoted on its own (يذكر أن "الوطن" تابعت، في اتصال هاتفي مع «المدينة»): the outlet the
    story names, whatever is around it; not after a noun whose own name it then is (فندق «الجزيرة»، فعاليات "عكاظ")."""
    found: list[_Found] = []
    if not doc.bits & QUOTED_OUTLET:
        return found  # no word of the text is such a name (most texts): the text is not searched
    for hit in _QUOTED_OUTLET_RE.finditer(doc.body):  # one search of the text: most bodies quote none
        j = bisect.bisect_left(doc.starts, hit.start(1))
        if not j or j >= doc.n or doc.starts[j] != hit.start(1) or doc.texts[j] not in QUOTED_OUTLETS:
            continue
        if not _parenthesised(doc, j) and (
            _OPEN_MARKS.isdisjoint(doc.gaps[j - 1]) or _quoted_name(doc, j, verbs=False) != j + 1
        ):
            continue
        if not _stripped_forms(doc.texts[j - 1]).isdisjoint(_QUOTED_OUTLET_STOPS):
            continue
        found.append(_Found(j, 1, "organization"))
    return found


def _parenthesised(doc: _Doc, j: int) -> bool:
    """Is token j a word alone in parentheses, no mention on it (لـ(عكاظ)، جولة (عكاظ)): a paper that writes its
    own name so."""
    return (
        j not in doc.covered
        and doc.gaps[j - 1].rstrip().endswith("(")
        and j < doc.n - 1
        and doc.gaps[j].lstrip().startswith(")")
    )


def _dotted_acronyms(doc: _Doc) -> list[_Found]:
    """Three or more Latin letters' names joined by dots, no space, no known mention (سي.إن.إن، إتش.إس.بي.سي), and
    a short word dotted before them (وان.ام.دي.بي): a body's acronym. Arabic initials (د.ب.أ، أ.ف.ب) are one letter
    each: agency credits, not read here."""
    found: list[_Found] = []
    run = -1  # the last token of the run found so far
    # most letter names stand between spaces: a joined gap (spaces only) is no dot, and is read without slicing the gap
    joined, gaps = doc.joined, doc.gaps
    n, texts = doc.n, doc.texts
    for i in doc.where(LETTER_NAME):
        if i + 1 >= n or joined[i] or texts[i + 1] not in _LETTER_NAMES or gaps[i] != ".":
            continue  # no letter dotted right after (most hits are the word في): no run of three opens here
        dotted_before = i > 0 and not joined[i - 1] and gaps[i - 1] == "."
        if i <= run or i in doc.covered or (dotted_before and doc.texts[i - 1] in _LETTER_NAMES):
            continue
        k = i + 1
        while k < doc.n and not joined[k - 1] and gaps[k - 1] == "." and doc.texts[k] in _LETTER_NAMES:
            if k in doc.covered:
                break
            k += 1
        if k - i >= 3:
            # a short word dotted before the letters is the acronym's first piece (وان.ام.دي.بي: 1MDB)
            first = i - 1 if dotted_before and len(doc.texts[i - 1]) <= 3 else i
            found.append(_Found(first, k - first, "organization"))
        run = k - 1
    return found


def _dateline(doc: _Doc) -> list[_Found]:
    """A dateline opening one of the first lines: "سبق – ينبع:"، "الرياض – واس"، "فلان فلان – جدة"."""
    found: list[_Found] = []
    head = doc.body[:400]
    if not has_dash(head):
        return found  # a dateline's two sides stand either side of a dash: most heads hold none (a few literal tests)
    head_n = bisect.bisect_left(doc.starts, 400)  # the tokens that start in the head
    for m in _DATELINE_RE.finditer(head):
        if head[: m.start()].count("\n") >= 3:
            break
        sides = []
        for g in (1, 2):
            a, b = _token_at(doc.starts, m.start(g), head_n), _token_at(doc.ends, m.end(g), head_n)
            if a is None or b is None:
                break
            sides.append((a, b + 1))
        if len(sides) != 2:
            continue
        kinds = [_dateline_kind(doc, a, b) for a, b in sides]
        if "source" not in kinds and set(kinds) not in ({"person", "place"}, {"person", "known"}):
            continue
        for (a, b), kind in zip(sides, kinds):
            if kind == "place":
                found.append(_Found(a, b - a, "location"))
            elif kind == "person":
                found.append(_Found(a, b - a, "person"))
    return found


def _token_at(offsets: list[int], x: int, hi: int) -> int | None:
    """The token among the first ``hi`` whose offset (start or end, increasing) is x; None when none."""
    n = bisect.bisect_left(offsets, x, 0, hi)
    return n if n < hi and offsets[n] == x else None


def _dateline_kind(doc: _Doc, a: int, b: int) -> str:
    """What one side of a dateline names: a source (agency, outlet), a place (one word) or a person (a name)."""
    words = doc.texts[a:b]
    if all(_in(w, DATELINE_SOURCES) for w in words) or any(
        x in doc.covered and doc.covered[x].type == "organization" for x in range(a, b)
    ):
        return "source"
    if b - a == 1:
        w = words[0]
        if a in doc.covered:
            return "known"
        ok = w.isalpha() and len(w) >= 3 and not _in(w, FUNCTION_WORDS) and not _in(w, VERBS) and w not in TITLE_WORDS
        return "place" if ok and not _in(w, GENERIC_NOUNS) else "other"
    ends = _units(doc, a)
    return "person" if b in ends and len(ends[: ends.index(b) + 1]) >= 2 else "other"


def _unknown_phrase(doc: _Doc, f: _Found) -> bool:
    """Does a pattern person read as a phrase: no word of it a name the lexicons know (a given name, a name token
    of the tagger's lexicon), and one word only (جاء، براقة), a first word under a preposition that reads as a
    common word or a verb (لتقديم، ليكون; لودوفيتش stays) or of a present-tense verb's shape (يفقد), or a later
    word with the article that is no nisba family name (كرر التاكيد، منظمو المعرض; الحقباني stays)? Foreign names
    the lexicons lack (هاروهيكو كارودا) have none of these shapes."""
    words = _words_of(doc, f)
    persons = default_tagger().lex.persons
    if any(w in GIVEN_NAMES or w in _CONNECTOR_WORDS or w in persons or _bare(w) in persons for w in words):
        return False  # a word's article is kept: امل is a name, الأمل a noun
    first = words[0]
    if len(words) == 1 or (len(first) == 4 and first[:1] in "يت") or _clitic_common_word(first):
        return True
    if first[:1] in "بل" and (first[1:2] in "يت" or (len(first) == 5 and first[3] == "و")):
        return True  # ليكون، بتقديم، بقبول: a preposition on a verb or a verbal noun
    if any(doc.definite(f.first + k) and not w.endswith("ي") for k, w in enumerate(words[1:], 1)):
        return True
    raws = [DIACRITICS_RE.sub("", doc.raw(f.first + k)) for k in range(len(words))]
    return _common_phrase_words(words, raws)


def _model_phrase(body: str, toks: _Tokens, lo: int, hi: int) -> bool:
    """Is a tagger person of two words or more, none of them a name token of the lexicons, a phrase: a first word
    of a derived verbal noun's shape (تحفيز الاستثمار), or a later word that is a preposition on a common word
    (تأتي بتكليف، شاشة بقياس) or a feminine nisba adjective (صلاحية حصرية)? Narrower than the pattern names' test
    (:func:`_common_phrase_words`): a first word in ة or under ل is often a name here (فاطمة العبدالقادر، لعمر)."""
    if hi - lo < 2:
        return False
    persons = default_tagger().lex.persons
    words = toks.texts[lo:hi]
    if any(w in GIVEN_NAMES or w in _CONNECTOR_WORDS or persons.get(w, "1") != "1" for w in words):
        return False
    if _DERIVED_MASDAR_RE.fullmatch(words[0]) and words[0] not in persons:
        return True
    raws = [DIACRITICS_RE.sub("", body[toks.starts[t] : toks.ends[t]]) for t in range(lo + 1, hi)]
    return any(_clitic_common_word(w) or raw.endswith("ية") for w, raw in zip(words[1:], raws))


_DERIVED_MASDAR_RE = re.compile(f"{MASDAR_RE.pattern}|{_FORM_X_MASDAR}|ا..ا.|ا.ت.ا.|ان..ا.")  # تحفيز، إجراء، اجتماع


def _common_phrase_words(words: Sequence[str], raws: Sequence[str]) -> bool:
    """Do the words of a name no lexicon knows read as a phrase of common words: a derived verbal noun (إجراء
    استفتاء، اجتماع ضم), a feminine plural (جلسة مشاورات), a pronoun suffix (لسماع أقواله), a preposition on a
    common word (أوصى بعدم), a feminine nisba adjective after the first word (صحف اقتصادية) or a ta marbuta on a
    first word that no nisba family name follows (شاهدة عيان; ماجدة الصباحي، هثيم خلايلة stay)? Foreign names
    (برتران بزانسنو) have none of these."""
    if len(words) < 2:
        return False
    for k, (w, raw) in enumerate(zip(words, raws)):
        stem = w.removeprefix("ال")
        if _DERIVED_MASDAR_RE.fullmatch(stem) or (len(w) >= 5 and w.endswith("ات")) or _clitic_common_word(w):
            return True
        if len(w) >= 5 and raw.endswith(("ه", "ها", "هم")) and not raw.endswith(("ة", "يه")):
            return True
        if raw.endswith("ية" if k else "ة") and (k or not _nisba_family(words[-1])):
            return True
    return False


def _words_of(doc: _Doc, f: _Found) -> tuple[str, ...]:
    """Folded words of a pattern name (a leading و removed)."""
    words = list(doc.texts[f.first : f.first + f.k])
    if f.conj:
        words[0] = words[0][f.conj :]
    return tuple(words)


@lru_cache(maxsize=1 << 16)  # names recur: a slug and a hash once per distinct name
def _entity_id(words: tuple[str, ...], etype: str) -> str:
    """Id of a pattern entity: person slug, or a type prefix + slug (org-, loc-)."""
    if etype == "person":
        return _person_id(words)
    prefix = next(p for p, t in PATTERN_ID_PREFIXES.items() if t == etype)
    return _slug_id(words, prefix)


def _non_overlapping(found: Iterable[_Found]) -> list[_Found]:
    """Keep the first-found, then longest, of overlapping pattern names."""
    taken: set[int] = set()
    out = []
    for f in found:
        span = range(f.first, f.first + f.k)
        if any(t in taken for t in span):
            continue
        taken.update(span)
        out.append(f)
    return sorted(out, key=lambda f: f.first)


def pattern_mentions(
    body: str, tokens: Sequence[Token], folded: str, known: Sequence[Mention], index: Sequence[int] | None = None
) -> list[Mention]:
    """Entities named the news way (people by title, verb, list or dateline; organisations by type noun; dateline
    places), with their later repeats."""
    if index is None:
        index = fold_with_map(body)[1]
    return _pattern_mentions(body, _from_tokens(tokens, folded, index), known)


def _pattern_mentions(
    body: str,
    toks: _Tokens,
    known: Sequence[Mention],
    covered: dict[int, Mention] | None = None,
    flagged: list[tuple[int, int]] | None = None,
    bits: int | None = None,
    where: dict[int, list[int]] | None = None,
) -> list[Mention]:
    """Pattern mentions of an already tokenized body (``covered``: the known mention of each token, ``flagged``: the
    tokens that can trigger a rule, when the gazetteer step found them, ``bits``: their rule bits together,
    ``where``: the tokens of each bit of _WHERE_BITS, when the batch found them)."""
    doc = _Doc(body, toks, known, covered, flagged, bits, where)
    named = (*_titled_people(doc), *_names_before_titles(doc), *_listed_people(doc))
    found = _non_overlapping(
        [
            *(f for f in named if not _unknown_phrase(doc, f) and not _in_facility_name(toks, f.first)),
            *_dotted_acronyms(doc),  # before a head noun's rule takes its first letter (بنك إتش.إس.بي.سي)
            *_dateline(doc),
            *_organisations(doc),
            *_outlets(doc),
            *_quoted_companies(doc),
            *_quoted_institutions(doc),
            *_quoted_outlets(doc),
        ]
    )
    ids: dict[tuple[str, ...], str] = {}
    types: dict[str, str] = {}
    spans: dict[int, tuple[int, int, str]] = {}  # first token -> (n tokens, conj letters, entity id)
    people: list[tuple[str, ...]] = []
    for f in found:
        words = _words_of(doc, f)
        if f.type == "person":
            # A shorter form that starts an earlier full name is the same person (تركي بن سعود آل سعود -> تركي بن سعود).
            full = next(
                (
                    p
                    for p in people
                    if len(p) > len(words) >= 2 and p[: len(words)] == words and words[-1] not in SON_WORDS
                ),
                None,
            )
            if full is None:
                people.append(words)
            key = full or words
        else:
            key = words
        eid = ids.get(key) or _entity_id(key, f.type)
        if types.get(eid, f.type) != f.type:  # the same words found as two types: keep the first reading
            continue
        ids.setdefault(key, eid)
        ids.setdefault(words, eid)
        types[eid] = f.type
        spans[f.first] = (f.k, f.conj, eid)
    _add_repeats(doc, spans, ids, types)
    canon: dict[str, str] = {}
    out = []
    for first, (k, conj, eid) in sorted(spans.items()):
        start = doc.start_after(first, conj)
        end = doc.ends[first + k - 1]
        if (
            body.startswith(".", end)
            and body[end + 1 : end + 2] in _CLOSE_MARKS
            and doc.texts[first + k - 1] in _LETTER_NAMES
        ):
            end += 1  # “سي.إن.إن.”: the acronym's last dot, before the closing mark
        surface = body[start:end]
        if len(surface) > len(canon.get(eid, "")):
            canon[eid] = surface
        out.append((start, end, surface, eid))
    return [Mention(s, e, surf, eid, types[eid], METHOD_PATTERN, canon[eid]) for s, e, surf, eid in out]


def _add_repeats(
    doc: _Doc, spans: dict[int, tuple[int, int, str]], ids: dict[tuple[str, ...], str], types: dict[str, str]
) -> None:
    """Later repeats: a full name anywhere; a person's surname after a reporting verb or a title; a quoted
    organisation name again in quotes (or a multi-word one anywhere)."""
    if not ids:  # no pattern name in the article: nothing repeats
        return
    taken = {t for f, (k, _, _) in spans.items() for t in range(f, f + k)}
    # Where the first word and the last word (a surname) of each name occur.
    wanted = {words[0] for words in ids} | {words[-1] for words in ids}
    positions: dict[str, list[int]] = {}
    for n in compress(range(doc.n), map(wanted.__contains__, doc.texts)):
        positions.setdefault(doc.texts[n], []).append(n)
    for words, eid in sorted(ids.items(), key=lambda kv: -len(kv[0])):
        etype = types[eid]
        for i in positions.get(words[0], ()):
            if i in doc.covered or i in taken or i + len(words) > doc.n:
                continue
            if doc.texts[i : i + len(words)] != list(words) or not all(
                doc.joined[m] for m in range(i, i + len(words) - 1)
            ):
                continue
            if any(t in taken or t in doc.covered for t in range(i, i + len(words))):
                continue
            if etype != "person" and len(words) == 1:
                quoted = i and not _OPEN_MARKS.isdisjoint(doc.gaps[i - 1])
                if not quoted and (doc.definite(i) or len(words[0]) < 4):
                    continue
            if etype == "person" and len(words) == 1:
                continue
            spans[i] = (len(words), 0, eid)
            taken.update(range(i, i + len(words)))
        if etype == "person" and len(words) >= 2:
            surname = words[-1]
            if (
                len(surname) < 4
                or surname.startswith("ال")
                or len(words[-2:]) == 2
                and words[-2] in SON_WORDS | {FAMILY_WORD}
            ):
                continue
            for i in positions.get(surname, ()):
                if i in doc.covered or i in taken or not i:
                    continue
                prev = doc.texts[i - 1]
                if doc.gap_ok[i - 1] and (
                    _in(prev, REPORTING_VERBS) or not PERSON_CUES.isdisjoint(_definite_forms(prev))
                ):
                    spans[i] = (1, 0, eid)
                    taken.add(i)


# --- model entities and coreference -------------------------------------------------------------------

# Words a tagger span neither starts nor ends with: it sometimes takes in a preposition, a verb or a title.
_CONNECTOR_WORDS = NAME_CONNECTORS | SON_WORDS | KUNYA_WORDS | PARTICLE_WORDS | {FAMILY_WORD, "عبد"}
# Nouns that head an organisation's name, which a tagger may leave out (مجلس «حقوق الإنسان»): the span takes them in.
ORG_NAME_HEADS = lexicon.folded("entity_nouns", "org_name_head")
# Nouns that open an organisation's name before a definite genitive (وزارة الخارجية، منظمة العفو الدولية), and
# genitives that make a common phrase with them instead (مجلس الإدارة).
GENITIVE_ORG_HEADS = lexicon.folded("entity_nouns", "genitive_org_head")
GENITIVE_STOPS = lexicon.folded("entity_nouns", "genitive_stop")
FUNCTION_GENITIVES = lexicon.folded("entity_nouns", "function_genitive")  # هيئة المحلفين: described, not named
NAME_ADJECTIVES = lexicon.folded("entity_nouns", "name_adjective")
_HEAD_NOUNS = ORG_NOUNS | ORG_NAME_HEADS | GENITIVE_ORG_HEADS


def _head_forms(heads: frozenset[str]) -> dict[str, int]:
    """Every written form of these head nouns (proclitics and all) -> the proclitic's length: one look-up a token.

    Not a form opening with لل (للجنة): that is ل and اللجنة, a head referring back."""
    return {p + h: len(p) for h in heads for p in ("", *_CONJ, *_PREPS) if not (p + h).startswith("لل")}


# Heads of a security or armed body's name (قوات، جهاز), and the adjectives that make it a named one.
FORCE_HEADS = lexicon.folded("entity_nouns", "force_head")
FORCE_ADJECTIVES = lexicon.folded("entity_nouns", "force_adjective")
FORCE_STOPS = lexicon.folded("entity_nouns", "force_stop")
# A head that names a government agency only before the field it runs (مصلحة الجمارك), and those fields.
AGENCY_HEADS = lexicon.folded("entity_nouns", "agency_head")
AGENCY_DOMAINS = lexicon.folded("entity_nouns", "agency_domain")
_GENITIVE_HEAD_FORMS = _head_forms(GENITIVE_ORG_HEADS | FORCE_HEADS | AGENCY_HEADS)
# Nouns of organisations named by a place (جامعة القاهرة).
_PLACE_HEAD_FORMS = _head_forms(
    lexicon.folded("entity_nouns", "place_org_head", "office_place_head", "area_office_head")
)
# The heads among those that make an office only with an area's noun before the place (إمارة منطقة عسير).
_AREA_ONLY_HEAD_FORMS = _head_forms(lexicon.folded("entity_nouns", "area_office_head"))
# Nouns naming an agreement, meeting or statement by a place (اتفاق فيينا، مؤتمر جنيف): the place is no mention.
EVENT_HEADS = lexicon.folded("entity_nouns", "event_head")
# Days and months: a definite word that ends an organisation's name read by rule (وزارة الخارجية الثلاثاء).
_CALENDAR_WORDS = lexicon.folded("calendar")
# Plurals that describe people by what they do or think (الانفصاليين، المسلحين): no people or community.
COLLECTIVE_DESCRIPTORS = lexicon.folded("entity_nouns", "collective_descriptor")
# Common nouns that with a nisba describe an entity rather than name it (الحكومة السورية، الجيش التركي).
DESCRIPTION_HEADS = lexicon.folded("entity_nouns", "description_head")

KIN_NOUNS = lexicon.folded("entity_nouns", "kin")
# Common nouns heading a genitive before a person's name (سقوط موسوليني، أنصار صالح): never its first word.
NAME_OPENING_NOUNS = lexicon.folded("entity_nouns", "name_opening_noun")
WORK_NOUNS = lexicon.folded("entity_nouns", "work_noun")
WORD_NAMES = lexicon.folded("names", "word_name")
# Single words that name a kind of thing, never one entity (الوزارة، المجلس، الرئيس).
_KIND_WORDS = GENERIC_NOUNS | CONSTRUCT_NOUNS | ORG_NOUNS | TITLE_WORDS | DIVINE_NAMES
# Divine attributes borne as family names (توفيق الحكيم), which a news text may also name a person by alone (قال
# الحكيم، أمثال الحكيم والصدر).
_FAMILY_LAQABS = lexicon.folded("names", "laqab") - (GENERIC_NOUNS | CONSTRUCT_NOUNS | TITLE_WORDS)
# A person span may end with one.
_NAME_END_KIND_WORDS = _KIND_WORDS - _FAMILY_LAQABS


def _lone_family_laqab(toks: _Tokens, i: int, word: str) -> bool:
    """Is ``word`` (token i without the proclitic the tagger cut), alone in a person span, a divine attribute borne
    as a family name (قال الحكيم، أمثال الحكيم والصدر), not the adjective of the word before it on its line: a
    definite or possessed noun (الذكر الحكيم، القائد الحكيم، جدي الحكيم) or a divine name (العزيز الحكيم، الله العلي)?"""
    if word not in _FAMILY_LAQABS:
        return False
    if i + 1 < len(toks.texts) and "\n" not in toks.gaps[i] and _bare(toks.texts[i + 1]) in DIVINE_NAMES:
        return False
    if i == 0 or "\n" in toks.gaps[i - 1]:
        return True
    before = toks.texts[i - 1]
    if _in(before, FUNCTION_WORDS):
        return True
    return not (_bare(before) in DIVINE_NAMES or _definite_word(before) or before.endswith(_POSSESSIVE_ENDINGS))


# Possessive suffixes as folded (جدي، قائدنا، زعيمه، رئيسها، قائدهم، رئيسك، زعيمكم).
_POSSESSIVE_ENDINGS = ("ي", "نا", "ه", "ك", *_PRONOUN_SUFFIXES)


def _preposition_ala(body: str, toks: _Tokens, t: int) -> bool:
    """Token t is the preposition على as written (alef maqsura), which folds like the name Ali (علي)."""
    return toks.texts[t] in ("علي", "وعلي") and DIACRITICS_RE.sub("", body[toks.starts[t] : toks.ends[t]]).endswith(
        "على"
    )


_TENURE_ADJECTIVES = lexicon.folded("entity_nouns", "tenure_adjective")


_MASDAR_OPENING_RE = re.compile(f"{_FORM_X_MASDAR}|ا..ا.")  # استقبال، استفتاء، استقالة، إجراء (folded)


def _masdar_opening(w: str) -> bool:
    """Is a word shaped as a derived verbal noun (استقالة عباس، إجراء استفتاء) and no known name token (إكرام، أسماء)?"""
    return _MASDAR_OPENING_RE.fullmatch(w) is not None and not _name_token(w)


@lru_cache(maxsize=65536)
def _edge_junk(w: str, person: bool, end: bool) -> bool:
    """A word a model span must not start (``end`` false) or end with: not a word of letters, a function word (the
    name Ali, folded like على, aside), a reporting verb, at the start a future verb; at the end also any listed verb,
    a plural past verb or a name connector (بن، أبو); for a person, at the start a noun heading a genitive (سقوط), a kind word (الرئيس، وزير) or a kin noun (نجل،
    شقيقه) at either edge, though a divine attribute borne as a family name may end one (توفيق الحكيم)."""
    if not w.isalpha() or (w != "علي" and _in(w, FUNCTION_WORDS)) or _in(w, REPORTING_VERBS):
        return True
    if _clitic_function_word(w):  # لأنه، بأن
        return True
    if person and _in(w, COUNT_WORDS):  # وألف مبروك، حارس أربعة أهداف: a number word, no name's
        return True
    if person and end and (_verb_with_object(w) or w in POST_NAME_PARTICIPLES):  # جيرتيس أخبره، مرسي المنتمي
        return True
    if person and not end and w[1:2] == "م" and _clitic_common_word(w):  # بمقابلة مرسي: a verbal noun's object
        return True
    if not end and _future_verb(w) and not _name_token(w):
        # سيطلع، وستصبح; a known name token is a name (ستيفن، سيرجي), and at the end ستيفنسون has the shape too
        return True
    if person and not end and (_bare(w) in NAME_OPENING_NOUNS or _masdar_opening(w)):
        return True
    if end and (_in(w, VERBS) or _in(w, OTHER_VERBS) or (person and w in _CONNECTOR_WORDS)):
        return True
    if not person and end and w in _TENURE_ADJECTIVES:  # رئيس البرلمان السابق: the office's holder is former
        return True
    if not person and end and w in STANCE_ADJECTIVES:  # حزب العمل القومي اليميني، حزب معارض: a leaning, no name
        return True
    if person and end and w.startswith("لل"):  # ل + the article: the person a name is addressed to (للصحافيين)
        return True
    if person and end and (len(w) < 2 or (w[1:2] == "م" and _clitic_common_word(w))):  # نيشيكوري و، شاكر بمكرر
        return True
    if person and end and len(w) >= 4 and w.endswith("وا") and not w.startswith("ال"):
        # a plural past verb (طردوا، قالوا), never a name's end; a verb takes no article (العوا is a family name),
        # and its stem holds at most two long vowels (تفاوضوا، استفادوا), a transliterated name more (ناكاجاوا)
        return sum(c in _LONG_VOWELS for c in w[:-2]) < 3
    kinds = _NAME_END_KIND_WORDS if end else _KIND_WORDS
    return person and (not kinds.isdisjoint(_stripped_forms(w)) or _bare(w) in KIN_NOUNS)


COMPANY_HEADS = lexicon.folded("entity_nouns", "company_head")


def _company_before(toks: _Tokens, lo: int) -> bool:
    """Is the word before token lo an indefinite company noun governing it (شركة ريتشارد ميلي، لمجموعة بن لادن)?"""
    if lo == 0 or not toks.joined[lo - 1]:
        return False
    w = toks.texts[lo - 1]
    return any(w.startswith(p) and w[len(p) :] in COMPANY_HEADS for p in ("", *_PREPS, *_CONJ))


def _verb_word(w: str) -> bool:
    """A listed past, imperfect or other verb, alone or after و (جرى، ويملك), and no known name token (فيصل reads
    as ف + يصل)."""
    bare = w[1:] if w[:1] == "و" and len(w) > 3 else w
    return (bare in VERBS or bare in OTHER_VERBS) and not _name_token(w)


def _variant_index(gaz: Gazetteer) -> dict[str, _Hit]:
    """Gazetteer entities by the variant key of each strong spelling (keys shared by two entities left out)."""
    index = gaz.__dict__.get("_variants")
    if index is None:
        index = {}
        clash: set[str] = set()
        for key, hit in _matcher(gaz).resolved.items():
            v = name_variant_key(" ".join(key))
            if hit.weak or len(v) < 4:
                continue
            if index.setdefault(v, hit).entity_id != hit.entity_id:
                clash.add(v)
        for v in clash:
            del index[v]
        gaz.__dict__["_variants"] = index
    return index


def _gazetteer_variant(words: tuple[str, ...], gaz: Gazetteer) -> _Hit | None:
    """The gazetteer entity a name is a spelling variant of (بوتن -> Putin), with or without the article."""
    index = _variant_index(gaz)
    first, rest = words[0], words[1:]
    alt = first[2:] if first.startswith("ال") and len(first) > 4 else "ال" + first
    for form in ((first, *rest), (alt, *rest)):
        hit = index.get(_variant_key(" ".join(form)))
        if hit is not None:
            return hit
    return None


# The match tokens and variant keys of mention surfaces, read several times per mention by the model and
# coreference rules: names recur within and across articles, so each distinct surface is worked out once.
_alias_tokens = lru_cache(maxsize=1 << 16)(alias_tokens)
_fold_piece = lru_cache(maxsize=1 << 16)(fold)  # a word or a proclitic of a tagger span
_variant_key = lru_cache(maxsize=1 << 16)(name_variant_key)


def _as_gazetteer_variant(m: Mention, gaz: Gazetteer) -> Mention:
    """A pattern mention on the gazetteer entity its name is a spelling variant of (فلاديمير بوتن -> Putin)."""
    hit = _gazetteer_variant(_alias_tokens(m.surface), gaz) if m.type == "person" else None
    if hit is None or hit.type != m.type:
        return m
    return _relinked(m, hit.entity_id, hit.type, hit.name, m.method)


def _relinked(m: Mention, entity_id: str, etype: str, name: str, method: str) -> Mention:
    """Mention m's span and surface on another entity (its id, type and name), found by ``method``."""
    return _new_mention(
        start=m.start, end=m.end, surface=m.surface, entity_id=entity_id, type=etype, method=method, name=name
    )


def _kept_confidence(body: str, span: Span, start: int, end: int) -> float:
    """The tagger's confidence in the part [start, end) of its span that the rules kept: the least posterior of the
    labels of the whitespace tokens it touches (a word trimmed off, على before a name, does not count)."""
    return min(_part_confidences(body, span, start, end), default=span.confidence)


def _part_confidences(body: str, span: Span, start: int, end: int) -> tuple[float, ...]:
    """The token confidences of a span for the whitespace tokens that the part [start, end) of it touches."""
    if not span.token_confidence:
        return ()
    first = len(body[span.start : start].split())
    if start > span.start and not body[start - 1].isspace():
        first -= 1  # the part starts inside a token (after a mark or a proclitic)
    return span.token_confidence[first : len(body[span.start : end].split())]


def _outlet_country(toks: _Tokens, lo: int, hi: int) -> bool:
    """Does an organisation span [lo, hi) right after an outlet noun (صحيفة، قناة) end in a definite nisba?"""
    return (
        lo > 0
        and toks.joined[lo - 1]
        and not OUTLET_DESCRIPTORS.isdisjoint(_stripped_forms(toks.texts[lo - 1]))
        and _is_nisba_shape(toks.texts[hi - 1])
    )


def _token_span(toks: _Tokens, start: int, end: int) -> tuple[int, int]:
    """First and one-past-last token overlapping the body span [start, end)."""
    return bisect.bisect_right(toks.ends, start), bisect.bisect_left(toks.starts, end)


def _lone_after_bi(body: str, toks: _Tokens, a: int, start: int, word: str) -> bool:
    """Is a one-word tagger span cut from a glued ب (token ``a``, span from ``start``) a name the text never writes
    bare? Such a word is mostly a noun of manner or means (بحسن نية); a person named bare elsewhere stays."""
    return start > toks.starts[a] and body[toks.starts[a] : start].endswith("ب") and word not in toks.texts


_DOMAIN_TITLES = lexicon.folded("titles", "domain_title")


def _title_domain(toks: _Tokens, a: int, taken: set[int]) -> bool:
    """Is a one-word tagger person at token ``a`` (the span may have held the title) the genitive of the title right
    before it, written without the article, whose genitive is its portfolio or territory (ووزير النقل، حاكم
    ويسكونسن), and no given name or nisba family name (وزير الحسيني)?"""
    j = a - 1
    if j < 0 or j in taken or not toks.joined[j] or toks.texts[a] in GIVEN_NAMES or _is_nisba_shape(toks.texts[a]):
        return False
    return not _DOMAIN_TITLES.isdisjoint(_stripped_forms(toks.texts[j]))


def _adjective_after_definite_noun(body: str, toks: _Tokens, a: int, taken: set[int]) -> bool:
    """Is a one-word tagger person at token ``a``, written with the article, the adjective of the definite word
    right before it (الكلام الحسن، المعسكر النصراوي، والانفتاح الكوني)? Not after a title, also dual or plural, or
    its adjective (الإمام الحسين، مدير الأمن السابق السقاف), a known mention or a title's genitive (وزير الخارجية
    العبيدي): a name follows those."""
    j = a - 1
    if j < 1 or j in taken or not toks.joined[j] or not _written_definite(body, toks, a, bare=True):
        return False
    if default_tagger().lex.persons.get(toks.texts[a]) == "3":
        return False  # a name many people bear that opens with the letters (الونسو، اليزابيث), no adjective
    before = toks.texts[j]
    if not _written_definite(body, toks, j) or before in TITLE_ADJECTIVES or before in _CONNECTOR_WORDS:
        return False
    if not TITLE_WORDS.isdisjoint(_stripped_forms(before)) or (
        before.endswith(("ين", "ان", "ون")) and before[:-2] in TITLE_WORDS
    ):
        return False  # a title, also dual or plural (الوزيرين العبيدي وكارتر)
    return not _after_word_in(toks, j, TITLE_WORDS)  # a title's genitive (وزير الخارجية العبيدي)


def _model_mentions(
    body: str,
    toks: _Tokens,
    gaz: Gazetteer,
    spans: Sequence[Span],
    taken: set[int],
    covered: dict[int, Mention],
    displaced: list[Mention],
    min_confidence: float | None = None,
) -> list[Mention]:
    """Tagger spans that overlap no known mention, trimmed of edge words, resolved to a gazetteer entity when they
    are a spelling variant of one, else a model entity (``taken``: the tokens of known mentions, updated); a
    person or organisation span under ``min_confidence`` (default :data:`MODEL_MIN_CONFIDENCE`) becomes no model
    entity.

    One exception to "no overlap": an organisation whose name opens with a place (نيويورك تايمز) takes the place
    of the gazetteer's place mention inside it (``covered``: the gazetteer mention of each
    token; ``displaced`` receives those it replaces)."""
    out: list[Mention] = []
    texts = toks.texts
    if min_confidence is None:
        min_confidence = MODEL_MIN_CONFIDENCE
    queue = _open_spans(_joined_person_spans(body, spans, min_confidence), toks, taken, covered)
    bisect_right, bisect_left, starts, ends = bisect.bisect_right, bisect.bisect_left, toks.starts, toks.ends
    for span in queue:  # a second person split off a span is appended, and read in its turn
        a = bisect_right(ends, span.start)  # _token_span, inline: one per span
        if not _opens_free(span, a, taken, covered):  # asked again: the tokens taken grow with each mention found here
            continue
        b = bisect_left(starts, span.end)
        if a >= b:
            continue
        inside: list[Mention] = []
        if not taken.isdisjoint(range(a, b)):
            # each rule reads spans of one type (and finds nothing in any other): only that type's rule is asked
            rule = _INSIDE_RULES.get(span.type)
            inside = rule(toks, a, b, span, taken, covered) if rule is not None else []
            if not inside:
                continue
        person = span.type == "person"
        start, end = max(span.start, toks.starts[a]), span.end  # a span may open on the space before its word
        if person and not inside and (known := _hyphenated_known_person(body, gaz, start, end)) is not None:
            out.append(known)  # بان كي - مون: a gazetteer name written with a dash, which the trimming would cut
            taken.update(range(a, b))
            continue
        # the first word without the proclitic the tagger cut
        if span.type == "organization" and _waw_after_construct_noun(body, toks, a, start):
            start = toks.starts[a]  # شركة وساطة كابيتال: a construct noun governs the next word, no و joins it
        first_word = _fold_piece(body[start : toks.ends[a]]).lower()
        after_name = a > 0 and a - 1 in taken and toks.joined[a - 1]
        if _loose_conjunction(first_word, span.type, after_name):
            start = toks.orig(toks.fstart(a) + len(fold(body[toks.starts[a] : start])) + 1)
            first_word = first_word[1:]
        if not person and start == toks.starts[a] and (k := _kept_preposition(body, toks, a, first_word)):
            start, first_word = toks.start_after(a, k), first_word[k:]  # بفاس، بحي الروضة، لأرسنال
        lo, hi = a, b
        # ولاية سيستان، إقليم سيلاكاب: after an indefinite place noun (its genitive follows) a word of the future
        # verb's shape is the place's name; after the definite المدينة it may be a verb (المدينة ستشهد); a known name
        # token that reads as و + a function word opens a person's name of two words or more (واين روني)
        named = (
            span.type in _PLACE_TYPES
            and _future_verb(first_word)
            and _after_word_in(toks, a, _PLACE_CUES)
            and not _definite_word(texts[a - 1])
        ) or (person and b - a >= 2 and _name_not_conjunction(first_word, body[start : toks.ends[a]]))
        family = person and b - a == 1 and _lone_family_laqab(toks, a, first_word)  # قال الحكيم: توفيق الحكيم
        named = named or family
        given_title = False
        while lo < hi and (
            (_edge_junk(first_word if lo == a else texts[lo], person, False) and not (named and lo == a))
            or _preposition_ala(body, toks, lo)
        ):
            if (
                lo + 1 < hi
                and _opens_compound(first_word if lo == a else texts[lo], texts[lo + 1], person)
                and not (texts[lo] == "فان" and "إ" in body[toks.starts[lo] : toks.ends[lo]])  # فإن: the particle
            ):
                break  # أم القرى، أم كلثوم، ابن خلدون: the word opens the name (not the particle أم, not a son)
            if person and lo + 1 < hi and _kind_word_name(first_word if lo == a else texts[lo], texts[lo + 1]):
                break  # العداء أمين لعلو: أمين is his given name, not a post
            if person and lo + 2 < hi and _given_before_son(first_word if lo == a else texts[lo], texts[lo + 1]):
                break  # الدكتور مساعد بن محمد العيبان: مساعد is his given name, not a post
            if person and lo + 1 < hi and _titled_ambiguous_given_name(toks, lo, taken):
                given_title = True  # the tagger's doubt on the word is the title's: its confidence is not asked
                break  # الشاعر مساعد الرشيدي: مساعد after a title is his given name, not a post
            if not person and lo + 1 < hi and texts[lo].isdigit() and texts[lo + 1] in _CALENDAR_WORDS:
                break  # قوى 14 آذار: a date that names a movement keeps its day
            lo += 1
        if person and hi - lo >= 2 and _HOLLOW_PASSIVE_RE.fullmatch(body[toks.starts[lo] : toks.ends[lo]]):
            lo += 1  # دِين مايكل بتهديد السلام: the verb before its subject
        if not person:  # a title inside a name of another type starts a person (حركة آية الله فلان)
            hi = next((t for t in range(lo + 1, hi) if _title_at(texts, t)), hi)
        if span.type == "organization":  # وزارة الصحة والأمانة العامة، الهيئة السعودية للمهندسين الدكتور فلان
            hi = next((t for t in range(lo + 1, hi) if _second_body_or_person(texts, lo, hi, t)), hi)
        while hi > lo and (
            _edge_junk(first_word if hi - 1 == a else texts[hi - 1], person, True)
            or _preposition_ala(body, toks, hi - 1)
        ):
            if person and hi == b and hi - 2 >= lo and _kind_name_ends(toks, hi - 1):
                break  # مصطفى جمعة أمين، محمد أمين إسماعيل: أمين is his (father's) name, not a post
            before = first_word if hi - 2 == a else texts[hi - 2]  # the first word without the و the tagger cut
            if person and hi - 2 >= lo and before in _CONNECTOR_WORDS and texts[hi - 1].isalpha():
                break  # the word a connector governs is the name's (عبد الرحمن، أبو الحسن), whatever else it reads as
            hi -= 1
        if person and hi > lo and _blessing(texts, hi - 1):
            hi -= 1  # الملك عبدالعزيز رحمه الله: the blessing after the name is no word of it
        if person and hi - lo == 1 and hi < len(texts) and texts[hi] == "الله" and toks.joined[lo]:
            # أحمد الله، بحمد الله، سامح الله: praise or prayer (with الله in the span or not); a compound name
            # (غرم الله، عطا الله) is no one-word person either
            continue
        if person and hi - lo == 1 and lo == a and _lone_after_bi(body, toks, a, start, first_word):
            continue  # بحسن استقبال، وبتوفيق من الله، بهيكل من الألومنيوم: a noun of manner or means, no one
        if person and hi - lo == 1 and lo == a and _adjective_after_definite_noun(body, toks, a, taken):
            continue  # الكلام الحسن، المعسكر النصراوي: an adjective, no one
        if person and hi - lo == 1 and _title_domain(toks, lo, taken):
            continue  # وزير الإسكان، حاكم ويسكونسن: the office's portfolio or territory, no one
        if person and hi - lo == 1 and lo and toks.joined[lo - 1] and _counts(texts[lo - 1]):
            continue  # 170 ألف ريال، 150 هيرتز: a lone word after a number is what it counts, a unit or a currency
        if not person and hi - lo >= 3 and _person_opens_at(texts, hi - 1):
            hi -= 1  # اتحاد كرة القدم المصري جمال (علام): the person after the organisation, not its name
        if span.type == "organization" and hi - lo >= 2 and _indefinite_after_name(body, toks, hi - 1):
            hi -= 1  # الكونجرس يلوحون، وزارة العمل ممثلة: a verb or a state after the name
        if span.type == "organization" and hi - lo >= 2 and _outlet_country(toks, lo, hi):
            hi -= 1  # صحيفة الوطن السعودية، قناة الجزيرة القطرية: the outlet's country is no part of its name
        if person:  # كيري جرى، سلام يملك القرار: a listed verb inside ends the name (the verb's subject)
            hi = next(
                (
                    t
                    for t in range(lo + 1, hi)
                    if len(texts[t]) > 2 and texts[t - 1] not in _CONNECTOR_WORDS and _verb_word(texts[t])
                ),
                hi,
            )
        if person:  # بوش وكلينتون: two people, the second joined by و; حقاني نجل جلال الدين حقاني: a relative
            cut = next(
                (
                    t
                    for t in range(lo + 1, hi)
                    if texts[t] == "و" or _conjoined_name(texts[t]) or _bare(texts[t]) in KIN_NOUNS
                ),
                hi,
            )
            if cut + 1 < hi and texts[cut] == "و":  # حسين عبدالغني و محمد السهلاوي: و written apart
                second = toks.starts[cut + 1]
                tail = toks.ends[hi - 1]
                queue.append(
                    Span(second, tail, "person", body[second:tail], _part_confidences(body, span, second, tail))
                )
            # the second person is read as a span of its own; a nationality (والويلزي) is no name of one
            elif cut < hi and _conjoined_name(texts[cut]) and not _is_nisba_shape(texts[cut][1:]):
                second = toks.start_after(cut, 1)
                tail = toks.ends[hi - 1]
                queue.append(
                    Span(second, tail, "person", body[second:tail], _part_confidences(body, span, second, tail))
                )
            hi = cut
        # a complementiser opens a clause: وكالة فإن امانو، الوزارة أن القيود (آن is a name: آن باترسون)
        if (clause := next((t for t in range(lo + 1, hi) if _complementiser(body, toks, t)), hi)) < hi:
            if clause - lo == 1 and texts[lo].removeprefix("ال") in _KIND_WORDS:
                continue  # what is left is the subject noun (الوزارة، الصندوق), not a name
            hi = clause
        if lo == hi:
            continue
        if lo > a:
            start = toks.starts[lo]
        if hi < b:
            end = toks.ends[hi - 1]
        if edge := _EDGE_MARKS_RE.match(body, start, end):  # لـ«، و( or a quote mark the tagger kept: not the name
            start = edge.end()
        while end > start and body[end - 1] in _TRAILING_MARKS:  # a closing mark or a stop the tagger kept
            end -= 1
        if start >= end:
            continue
        if span.type == "organization" and hi - lo >= 3 and _board_of(toks, lo):
            lo, start = lo + 2, max(start, toks.starts[lo + 2])  # مجلس إدارة الهيئة العامة: the authority
        if span.type == "organization" and end == toks.ends[hi - 1]:
            sure = bool(span.token_confidence) and _kept_confidence(body, span, start, end) >= SURE_NAME_CONFIDENCE
            if (more := _org_name_tail(body, toks, lo, hi, taken, sure)) > hi:
                hi, end = more, toks.ends[more - 1]
            if not inside and (place := _place_closing_chain(toks, lo, hi, covered)) is not None:
                inside, hi, end = [place], bisect.bisect_left(toks.starts, place.end), place.end
        if (
            person
            and hi == b
            and hi - lo >= 2
            and end == toks.ends[hi - 1]
            and (_person_name_tail(body, toks, hi, taken) or _definite_family_name(body, toks, hi, taken, gaz))
        ):
            hi, end = hi + 1, toks.ends[hi]  # محمد قاسم (عزقي) من بلدة: the tagger left an unknown surname out
        if person and hi > lo and _title_family_after(body, toks, hi, taken):
            # محمد القاضي، قال: a title that is his family name, then punctuation (the trimming may have cut it)
            hi, end = hi + 1, toks.ends[hi]
        if (
            person
            and lo == a
            and start == toks.starts[a]
            and not inside
            and (_person_name_head(body, toks, a, taken) or _titled_ambiguous_given_name(toks, a - 1, taken))
        ):
            lo, start = a - 1, toks.starts[a - 1]  # وكان بحري محمد زين: the tagger left the given name out
        elif person and lo == a and start == toks.starts[a] and not inside and _waw_given_in_list(body, toks, a, taken):
            lo, start = a - 1, toks.start_after(a - 1, 1)  # وحسين الجسمي وشذا حسون: the given name, without و
        if span.type == "organization" and hi - lo >= 3 and (cut := _ministry_portfolio(toks, lo, hi)) < hi:
            hi, end = cut, toks.ends[cut - 1]
        if span.type == "organization" and hi - lo >= 3 and (cut := _masdar_after_name(body, toks, lo, hi)) < hi:
            hi, end = cut, toks.ends[cut - 1]
        if span.type == "organization" and hi - lo >= 2 and _bare_head_then_other(toks, lo):
            hi, end = lo + 1, toks.ends[lo]  # الوزارة تطبيق الدليل، للشركة مكتب خاص: the head refers back, alone
        if span.type == "group" and _adjective_group(toks, lo, hi, body[start:end]):
            continue
        if span.type == "organization" and lo == a and a and a - 1 not in taken and _org_head_before(toks, a, start):
            lo = a - 1
            head = toks.texts[lo]
            clitic = next((len(p) for p in ("", *_PREPS, *_CONJ) if head[len(p) :] in ORG_NAME_HEADS), 0)
            start = toks.start_after(lo, clitic)
        words = _alias_tokens(body[start:end])
        if TANWIN_RE.search(body, start, end):  # tanwin marks a common noun or adjective (دعماً روسياً)
            continue
        # a lone kind word refers back; a lone month (رمضان، آذار) is a month, whatever the tagger says; الحماس is zeal
        if not words or (
            len(words) == 1
            and (
                (
                    _lone_kind_word(words[0])
                    and not (span.type in _PLACE_TYPES and _after_word_in(toks, lo, _PLACE_CUES))
                    and not family
                )
                or words[0] in _CALENDAR_WORDS
                or (span.type == "organization" and words[0].startswith("ال") and words[0][2:] in _WORD_ORGS)
            )
        ):
            continue
        if span.type in _PLACE_TYPES and hi - lo == 1 and not _PLACE_CUES.isdisjoint(_stripped_forms(texts[lo])):
            continue  # a lone place noun (ومدينة، العاصمة) heads a name the tagger did not reach, or refers back
        if person and (_after_indefinite_place_noun(toks, a) or _after_word_in(toks, a, AREA_NOUNS)):
            continue  # منطقة سيدي بشر، جنوب الشيخ زويد: the place's name, whatever title or name it holds
        if person and (not all(map(str.isalpha, words)) or words[0][:1].islower()):
            continue  # not letters, or code (marginTop, background): no name
        if (
            len(words) == 1
            and _is_nisba_shape(words[0])
            and (
                (
                    span.type in ("country", "location", "group")
                    and not (span.type == "location" and _governed(toks, lo))
                )
                or (
                    span.type == "organization"
                    and (_after_noun(toks, lo) or _listed_adjective(body, toks, lo) or _after_quoted_name(toks, lo))
                )
            )
        ):
            # an adjective (الروسية), not a name; an organisation may be one (الفرنسية: AFP), not after a noun; a
            # place a preposition governs is a noun (في الشجاعية، بالمقدادية)
            continue
        if _first_person_future(body, toks, lo, hi) or (person and _phrase_word(body, toks, lo, hi)):
            continue
        if person and ((not after_name and _word_name_phrase(body, toks, lo, hi)) or _quoted_work(toks, lo, hi)):
            continue
        if person and _model_phrase(body, toks, lo, hi):
            continue  # تحفيز الاستثمار، صلاحية حصرية: common words the tagger read as a name
        if person and _action_masdar_name(words):
            continue  # وتحفيز الاستثمار: the tagger took in the و, which the phrase test reads
        # للأكراد: the article's alef is not written
        if start > toks.starts[lo] and _fold_piece(body[toks.starts[lo] : start]).endswith("لل"):
            words = ("ال" + words[0], *words[1:])
        if (not person and _description(words)) or (person and _in_facility_name(toks, lo)):
            continue
        if span.type == "organization" and _org_description(words):
            continue
        if span.type == "organization" and _joined_nouns(toks, lo, hi, words):
            continue  # الأمم والشعوب: two things named together, no one body
        if person and len(words) == 1 and DIACRITICS_RE.sub("", body[start:end]) in FIRST_PERSON_VERBS:
            continue  # «رأيت أن»: the speaker's verb, no name
        if person and len(words) == 1 and _common_noun_shape(words[0], body[start:end]):
            continue  # a lone word with an article or ta marbuta that no person's name holds (للوساطة): a noun
        if person and len(words) == 1 and _imperfect_verb_shape(words[0]):
            continue  # طبيب يداوي الناس: a verb, no one
        if person and len(words) == 1 and _our_noun_shape(words[0]):
            continue  # قال حبيبنا صلى الله عليه وسلم: a description, no name
        if person and len(words) == 1 and _definite_derived_masdar(words[0]):
            continue  # فإن الاطمئنان إلى هذا، العقيدة والإيمان: a verbal noun, no one
        if span.type == "organization" and len(words) == 1 and MASDAR_RE.fullmatch(words[0]):
            continue  # a lone verbal noun (تمويل، تنظيم) is what a body does, not its name
        hit = _gazetteer_variant(words, gaz)
        if person and hit is None and _company_before(toks, lo):
            if len(words) == 1 and words[0] in GIVEN_NAMES:
                continue  # مجموعة محمد (المعجل): the founder's given name only, no name of the company
            person = False  # شركة ريتشارد ميلي: a company named after its founder
            span = span._replace(type="organization")
        if hit is not None and (hit.type == "person") == person:
            eid, etype, name = hit.entity_id, hit.type, hit.name
        elif (
            span.type == "country"
            and len(words) == 1
            and not _governed(toks, lo)
            and not _listed_with_places(toks, lo, covered, words[0])
            and not _genitive_or_bracketed(toks, lo, covered)
            and not _shared_country_name(toks, lo, words[0])
        ):
            # a country the gazetteer does not spell so is kept where it reads as a place: two words or more
            # (الجبل الأسود، جمهورية الشيشان), governed (في ويلز، إلى مالي) or listed with known places
            # (البحرين وعمان والعراق), or a short name two states share (لكوريا); a lone word elsewhere is as often
            # a misread name or noun (الملك عبدالعزيز، الكوميديا)
            continue
        elif (
            span.type in CONFIDENCE_TYPES
            and (kept := _kept_confidence(body, span, toks.starts[lo + 1] if given_title else start, end))
            < min_confidence
            and not (person and kept >= NISBA_NAME_MIN_CONFIDENCE and _after_nisba_adjective(body, toks, lo, taken))
        ):
            continue  # a name only the tagger reads, and not surely
        else:
            eid, etype, name = _entity_id(words, span.type), span.type, body[start:end]
            if not person and words[0].startswith("ال") and not _fold_piece(name).startswith("ال"):
                name = "ال" + name  # للاتحاد الخليجي: the name with the article ل swallowed (الاتحاد الخليجي)
        if inside and (start > inside[0].start or end < inside[-1].end):  # trimmed off the place: keep the place
            continue
        displaced.extend(inside)
        out.append(
            _new_mention(
                start=start, end=end, surface=body[start:end], entity_id=eid, type=etype, method=METHOD_MODEL, name=name
            )
        )
        taken.update(range(lo, hi))
    return out


def _given_before_son(w: str, nxt: str) -> bool:
    """Is a word before بن inside a tagger person span the given name of a nasab, whatever else it reads as (مساعد
    بن محمد: a post; على بن خميس: a preposition)? Not a word with the article (a title) nor a listed function word
    other than على, which news writes for the name علي (both fold alike)."""
    return nxt == "بن" and not w.startswith("ال") and (w == "علي" or not _in(w, FUNCTION_WORDS))


def _counts(w: str) -> bool:
    """Is the folded token a number (digits, or a number word: ألف، خمسة)?"""
    return any(c.isdigit() for c in w) or _in(w, COUNT_WORDS)


def _blessing(texts: Sequence[str], j: int) -> bool:
    """Is token j a verb with its object pronoun before الله (رحمه الله، حفظها الله): a blessing, no name word?"""
    return j + 1 < len(texts) and texts[j + 1] == "الله" and len(texts[j]) >= 4 and texts[j].endswith(("ه", "ها"))


# A blessing after a name (رحمه الله، حفظها الله): a pronoun-suffixed verb, then the divine name.
_BLESSING_RE = re.compile(r"\S+(?:ه|ها)[\u064b-\u0652]*\s+الل")


def _open_spans(spans: list[Span], toks: _Tokens, taken: set[int], covered: dict[int, Mention]) -> list[Span]:
    """The spans :func:`_model_mentions` reads, in one pass before its loop: those whose first word no known mention
    holds (``taken``), or an organisation's that opens on a known place. Most spans open on a known mention's word,
    where every inside rule finds nothing (a person's father and a feature's place come after the span's first word,
    an organisation opens only on a place)."""
    return [
        span
        for span, a in zip(spans, map(bisect.bisect_right, repeat(toks.ends), map(_START_OF, spans)))
        if _opens_free(span, a, taken, covered)
    ]


def _opens_free(span: Span, a: int, taken: set[int], covered: dict[int, Mention]) -> bool:
    """Does a span whose first word is token ``a`` open where no known mention holds it, or is it an organisation's
    that opens on a known place (the one case an inside rule reads there)?"""
    return a not in taken or (
        span.type == "organization" and (m := covered.get(a)) is not None and m.type in _PLACE_TYPES
    )


def _joined_person_spans(body: str, spans: Sequence[Span], min_confidence: float) -> list[Span]:
    """The tagger's spans with two person spans that only a space parts, each read from ``min_confidence`` up, made
    one (نزار + توفيق القباني): news parts two people by و, a comma or a word, never by a space alone; the tagger
    opened a second name where the first goes on. A second span that opens with و lists a second person (داني
    ألفيش وجيرمي ماتيو), one that opens a blessing (رحمه الله) is none."""
    people = list(map("person".__eq__, map(_SPAN_TYPE, spans)))
    if not any(map(and_, people, people[1:])):
        return list(spans)  # no two person spans in a row (most texts): nothing to join, no span read in Python
    out: list[Span] = []
    for span in spans:
        last = out[-1] if out else None
        if (
            last is not None
            and span.type == "person"
            and last.type == "person"
            and body[last.end : span.start] == " "
            and min(last.confidence, span.confidence) >= min_confidence
            and not _BLESSING_RE.match(body, span.start)
            and not _loose_conjunction(_fold_piece(span.surface.split(maxsplit=1)[0]), "person", after_name=True)
        ):
            conf = last.token_confidence + span.token_confidence
            out[-1] = Span(last.start, span.end, "person", body[last.start : span.end], conf)
        else:
            out.append(span)
    return out


def _hyphenated_known_person(body: str, gaz: Gazetteer, start: int, end: int) -> Mention | None:
    """The mention of a tagger person span [start, end) with a dash inside whose words spell a gazetteer person (بان
    كي - مون، بان كي-مون: the gazetteer reads no name across the dash); None otherwise."""
    if "-" not in body[start:end]:
        return None
    hit = _gazetteer_variant(_alias_tokens(body[start:end]), gaz)
    if hit is None or hit.type != "person":
        return None
    return _new_mention(
        start=start,
        end=end,
        surface=body[start:end],
        entity_id=hit.entity_id,
        type="person",
        method=METHOD_MODEL,
        name=hit.name,
    )


_ACTION_MASDAR_RE = re.compile(f"{MASDAR_RE.pattern}|{_FORM_X_MASDAR}")  # توجيه، استكمال (folded)


_DEFINITE_ACTION_MASDAR_RE = re.compile(f"ال(?:{MASDAR_RE.pattern}|م.ا..ه|{_FORM_X_MASDAR})")  # الموافقة، التصويت


def _definite_action_masdar(w: str) -> bool:
    """A verbal noun with the article (الموافقة، التصويت), not a feminine nisba or participle of the same shape
    (التركية، الموالية)."""
    return _DEFINITE_ACTION_MASDAR_RE.fullmatch(w) is not None and not w.endswith("يه")


def _masdar_after_name(body: str, toks: _Tokens, lo: int, hi: int) -> int:
    """Where an organisation span goes on past its definite last word into a verbal noun (وزارة العدل توجيه
    الاتهام، قرر مجلس الوزراء الموافقة على: the body, then what it does): that token; hi when none. A verbal noun
    right after the head is the name's (حركة المقاومة، هيئة تقويم التعليم)."""
    for k in range(lo + 2, hi):
        w = toks.texts[k]
        if not (_ACTION_MASDAR_RE.fullmatch(w) or _definite_action_masdar(w)) or _in(w, FUNCTION_WORDS):
            continue
        if _written_definite(body, toks, k - 1):
            return k
    return hi


def _after_nisba_adjective(body: str, toks: _Tokens, lo: int, taken: set[int]) -> bool:
    """Does a person span at token lo come right after a masculine nisba adjective written with the article, itself
    after another word on the line and in no known mention (منافسه التركي نظمي أفلوكا، مدافعه العاجي كولو توريه،
    المرشح الديمقراطي آل جور)? Arabic news names a person so; the adjective is no part of the name."""
    j = lo - 1
    if j < 1 or not toks.joined[j] or not toks.joined[j - 1] or j in taken or j - 1 in taken:
        return False
    w = toks.texts[j]
    return _is_nisba_shape(w) and w.endswith("ي") and _written_definite(body, toks, j, bare=True)


def _kept_preposition(body: str, toks: _Tokens, a: int, word: str) -> int:
    """Length of a preposition ب ل ك a tagger's non-person span kept on its first word (0 when none): so it is where
    the rest is a noun that heads a name (بحي الروضة، كمركز), opens with a hamza alef, which a name's letters do not
    follow (لأرسنال), or stands alone elsewhere in the text (بفاس ... فاس); a name that opens with the letter
    (برشلونة، لحج، بولو) does neither. The project never keeps a proclitic in a surface."""
    if word[:1] not in "بلك" or len(word) < 4 or word.startswith("ال", 1):
        return 0  # كأس، بأس: a stem of two letters is the word's own
    stem = word[1:]
    if _head_noun(stem) or DIACRITICS_RE.sub("", body[toks.starts[a] : toks.ends[a]])[1:2] in HAMZA_ALEFS:
        return 1
    return int(not _in(stem, FUNCTION_WORDS) and stem in toks.texts)


_LIST_GAPS = frozenset({" ", "، ", ", "})


def _second_body_or_person(texts: list[str], lo: int, hi: int, t: int) -> bool:
    """Does word t of an organisation span [lo, hi) open another body under و (وزارة الصحة والأمانة العامة) or a
    person by a one-word title after the name (الهيئة السعودية للمهندسين الدكتور، للوزارة الدكتور)? A title right
    after an indefinite head noun opens the name itself (جامعة الملك سعود)."""
    w = texts[t]
    if t >= lo + 2 and w.startswith("و"):
        bare = {f[2:] for f in _stripped_forms(w) if f.startswith("ال")}
        if not bare.isdisjoint(_COORDINATED_HEADS):
            return True
    definite_head = texts[lo].startswith(("ال", "لل", "وال", "بال"))  # للوزارة الدكتور: the head refers back
    return (t >= lo + 2 or (t == hi - 1 and definite_head)) and _whole_title(w)


def _listed_with_places(toks: _Tokens, i: int, covered: dict[int, Mention], word: str) -> bool:
    """Is word i a member of a list of places: joined by و to a gazetteer place just before it (والبحرين وعمان) or
    just after it (انكلترا والبرتغال), across a space or a comma? Not a given name (بلجيكا، وحسين), nor a word
    whose next word is a place it governs without و (إدلب وريف دمشق)."""
    if word in GIVEN_NAMES:
        return False
    texts, gaps = toks.texts, toks.gaps
    nxt = covered.get(i + 1)
    if nxt is not None and gaps[i] == " " and not texts[i + 1].startswith("و"):
        return False
    if i and texts[i].startswith("و") and gaps[i - 1] in _LIST_GAPS:
        before = covered.get(i - 1)
        if before is not None and before.type in _PLACE_TYPES:
            return True
    return nxt is not None and nxt.type in _PLACE_TYPES and gaps[i] in _LIST_GAPS and texts[i + 1].startswith("و")


# The short name two states share (كوريا، الكونغو): the gazetteer resolves it to neither, yet alone it names a state.
_SHARED_COUNTRY_NAMES = lexicon.folded("names", "shared_country")


def _shared_country_name(toks: _Tokens, i: int, word: str) -> bool:
    """Is word i a short name two states share (بالنسبة لكوريا، سلالة الكونغو), not after a place noun whose own name
    it is (نهر الكونغو)?"""
    if word not in _SHARED_COUNTRY_NAMES:
        return False
    return i == 0 or "\n" in toks.gaps[i - 1] or _bare(toks.texts[i - 1]) not in NATURAL_FEATURES


def _genitive_or_bracketed(toks: _Tokens, i: int, covered: dict[int, Mention]) -> bool:
    """Does word i read as a place by where it stands: alone in brackets (سلتيك (اسكتلندا)) or, written with no
    article or proclitic letter, the genitive of an indefinite noun before it on its line (ملك أراجون، علم
    أراجون)? Not a given name itself (وسط أيمن), not after a given name, a title, a function word or a known
    place (إدلب وريف), nor after a definite word; a word with the article is as often a common noun there (نجوم
    الكوميديا), one with ب or ل a name under a preposition (ودفع ببنيامين)."""
    gaps, texts = toks.gaps, toks.texts
    if 0 < i < len(toks) - 1 and gaps[i - 1].endswith("(") and gaps[i].startswith(")"):
        return True
    if i == 0 or gaps[i - 1] != " " or texts[i].startswith(PROCLITICS) or i - 1 in covered:
        return False
    if texts[i] in GIVEN_NAMES:
        return False
    prev = texts[i - 1]
    return (
        prev.isalpha()
        and len(prev) > 2
        and not _definite_word(prev)
        and not _in(prev, FUNCTION_WORDS)
        and not _in(prev, GIVEN_NAMES)
        and not _in(prev, TITLE_WORDS)
    )


def _opens_compound(w: str, nxt: str, person: bool) -> bool:
    """Does a word like أم or ابن open a name with the word after it: a known name token (أم كلثوم، أم محمد، ابن
    خلدون) or, in a place's name, a definite word (أم القرى، أم القيوين); not a common word after the particle (سني
    أم شيعي، شئنا أم أبينا), nor a person's relation (ابن الرئيس، أم الشهيد)?"""
    if w not in COMPOUND_OPENERS:
        return False
    if w == "فان" and nxt in GIVEN_NAMES:
        return False  # فإن محمد: the particle before a subject, not the Dutch van
    return (not person and nxt.startswith("ال")) or _name_token(nxt)


def _kind_word_name(w: str, nxt: str) -> bool:
    """Does a kind word that is also a given name (أمين، طالب) open a person's name with the word after it, a known
    name token that is no kind word itself (أمين لعلو، طالب الحسيني; not أمين عام)?"""
    return w in KIND_NAMES and _name_token(nxt) and _KIND_WORDS.isdisjoint(_stripped_forms(nxt))


def _kind_name_ends(toks: _Tokens, t: int) -> bool:
    """Does a kind word that is also a given name (أمين، طالب), last in a tagger person span after a name word, end
    the name: before a mark or the text's end, or before a known name token that is no kind word (not أمين عام)?"""
    texts = toks.texts
    if texts[t] not in KIND_NAMES or not _name_token(texts[t - 1]):
        return False
    return t + 1 == len(texts) or not toks.joined[t] or _kind_word_name(texts[t], texts[t + 1])


def _complementiser(body: str, toks: _Tokens, t: int) -> bool:
    """Is token t the complementiser أن/إن, bare or under و، ف، ب (فإن، بأن), as written: not the name آن, and
    under a proclitic only with its hamza (فان is the van of فان غال)?"""
    w = toks.texts[t]
    if w in _COMPLEMENTISERS:
        return not body.startswith("آ", toks.starts[t])
    return w[:1] in "وفب" and w[1:] in _COMPLEMENTISERS and body[toks.starts[t] + 1 : toks.starts[t] + 2] in "أإ"


def _person_opens_at(texts: list[str], i: int) -> bool:
    """Does a given name at word i, after a word that is no title, connector or given name, open a person's name
    rather than end an organisation's (مؤسسة الملك فيصل keeps فيصل after the title)?"""
    if texts[i] not in GIVEN_NAMES:
        return False
    before = texts[i - 1]
    return before not in GIVEN_NAMES and before not in _CONNECTOR_WORDS and not _titles_of(before)


def _indefinite_after_name(body: str, toks: _Tokens, j: int) -> bool:
    """Is token j, the last of an organisation span, a word without the article right after one written with it
    (الكونجرس يلوحون، وزارة العمل ممثلة، البنك المركزي جرايم)? An Arabic name that has reached a definite word
    ends there; what follows is a verb, a state or the next name. Not a foreign outlet's last word (الجزيرة نت،
    الواشنطن بوست), nor the nisba of a compound one after a compass
    word (الاتحاد الجنوب أفريقي: South African)."""
    return (
        toks.texts[j].isalpha()
        and not _written_definite(body, toks, j)
        and _written_definite(body, toks, j - 1)
        and toks.texts[j] not in DIVINE_NAMES
        and toks.texts[j] not in OUTLET_TAILS
        and not _titles_of(toks.texts[j - 1])  # مؤسسة الملك خالد: a person's name after a title
        and not (toks.texts[j - 1][2:] in DIRECTIONS and toks.texts[j].endswith("ي"))
    )


def _indefinite_place_noun(w: str) -> bool:
    """Is a word, under its proclitics and without the article, a place noun or a compass word that governs the
    place's name after it (منطقة سيدي بشر، بمحافظة، جنوب الشيخ زويد; not المنطقة, which a title or name follows)?"""
    forms = _stripped_forms(w)
    return not (_PLACE_CUES.isdisjoint(forms) and DIRECTIONS.isdisjoint(forms)) and not any(
        f.startswith("ال") for f in forms
    )


def _after_indefinite_place_noun(toks: _Tokens, i: int) -> bool:
    """Does token i follow an indefinite place noun or compass word, right before it or before one title word
    (منطقة سيدي بشر، جنوب الشيخ زويد)?"""
    j = i - 1
    if j > 0 and toks.joined[j - 1] and _whole_title(toks.texts[j]):
        j -= 1  # الشيخ زويد: the title is a word of the place's name
    return j >= 0 and toks.joined[j] and _indefinite_place_noun(toks.texts[j])


def _after_word_in(toks: _Tokens, i: int, words: frozenset[str]) -> bool:
    """Does token i come right after a word that is, under its proclitics, one of ``words``: a place noun (مدينة
    بورصة: a common word after it is the place's name), an indefinite administrative area's noun (مديرية كريتر، not
    المحافظة), a title word?"""
    return i > 0 and toks.joined[i - 1] and not words.isdisjoint(_stripped_forms(toks.texts[i - 1]))


def _lone_kind_word(w: str) -> bool:
    """Is a one-word span too short or a kind word (a title, a generic or head noun), with or without the article
    (وزير، القوات، الاتحاد): a noun that refers back, not a name?"""
    forms = _stripped_forms(w)
    bare = (f[2:] for f in forms if f.startswith("ال"))
    return len(w) < 3 or not _KIND_WORDS.isdisjoint(forms) or not _KIND_WORDS.isdisjoint(bare)


def _closes_credit(body: str, toks: _Tokens, i: int) -> bool:
    """Does the bracket a credit opens close right after token i, or after a dash and one word (الفرنسية - أرشيف)?
    (Read in the body: the gap after a text's last token is a line break.)"""
    if _CLOSING_BRACKET_RE.match(body, toks.ends[i]):
        return True
    return (
        toks.gaps[i].strip() in ("-", "–")
        and i + 1 < len(toks.texts)
        and _CLOSING_BRACKET_RE.match(body, toks.ends[i + 1]) is not None
    )


_CLOSING_BRACKET_RE = re.compile(r" *\)")  # spaces, then the bracket (read in place: no copy of the body's rest)


def _listed_adjective(body: str, toks: _Tokens, i: int) -> bool:
    """Is the nisba at token i one of a list of nisbas or an adjective after a bracketed name: the word before it on
    its line is a nisba too (القوات المصرية، السورية، الاردنية) or a closing bracket comes between (قناة (ايه.تي.في)
    التركية)?"""
    if not i or "\n" in toks.gaps[i - 1]:
        return False
    if "(" in toks.gaps[i - 1] and toks.texts[i].endswith("يه") and _closes_credit(body, toks, i):
        return False  # a feminine nisba alone in brackets is an agency's credit: (الفرنسية)، (الألمانية - أرشيف)
    return ")" in toks.gaps[i - 1] or (not toks.joined[i - 1] and _is_nisba_shape(toks.texts[i - 1]))


# Head nouns that refer back to a body already named (الوزارة، الرابطة، الشركة): no title, no divine name.
_BACK_HEADS = GENERIC_NOUNS | CONSTRUCT_NOUNS | ORG_NOUNS


def _bare_head_then_other(toks: _Tokens, lo: int) -> bool:
    """Is a model organisation's first word a definite head noun (الوزارة، للشركة، بالوزارة) and its second a word
    with no article and no ل (تطبيق، مكتب، بعمل)? A definite head takes no genitive: the second word opens a new
    phrase and the head refers back (names go on with an adjective or ل: الهيئة العامة، الجمعية لحقوق الإنسان)."""
    if not any(f.startswith("ال") and f[2:] in _BACK_HEADS for f in _stripped_forms(toks.texts[lo])):
        return False
    nxt = toks.texts[lo + 1]
    return nxt.isalpha() and not nxt.startswith("ل") and not any(f.startswith("ال") for f in _stripped_forms(nxt))


def _joined_nouns(toks: _Tokens, lo: int, hi: int, words: tuple[str, ...]) -> bool:
    """Is a model organisation two definite phrases joined by و, no head noun opening it (الأمم والشعوب، الجيش
    الوطني والمقاومة الشعبية)? Words with the article, then a noun under وال that is no nisba adjective (a nisba goes
    on with the name: المعهد المصرفي والمالي). A bare party name the text writes after its head (حزب العدالة
    والتنمية ... العدالة والتنمية) or quotes stays a name."""
    k = next((t for t in range(1, len(words)) if words[t].startswith("وال")), 0)
    if not k or not all(w.startswith("ال") for w in words[:k]) or _is_nisba_shape(words[k][1:]):
        return False
    if not _OPEN_MARKS.isdisjoint(toks.gaps[lo - 1] if lo else "") and not _CLOSE_MARKS.isdisjoint(toks.gaps[hi - 1]):
        return False  # «العدالة والتنمية»: the marks set the words apart as a name
    texts, n = toks.texts, len(words)
    return not any(
        tuple(texts[t : t + n]) == words and not _HEAD_NOUNS.isdisjoint(_stripped_forms(texts[t - 1]))
        for t in range(1, len(texts) - n + 1)
        if texts[t] == words[0]
    )


def _after_quoted_name(toks: _Tokens, i: int) -> bool:
    """Does a closing quote mark end the word before token i («حريت» التركية، "يو بي إس" السويسري)? A nisba there
    describes the quoted name, which is the organisation without it (the guide: حزب الله اللبناني -> حزب الله)."""
    if not i:
        return False
    gap = toks.gaps[i - 1]
    marks = gap.rstrip(" ")
    # glued to the word before and followed by a space: a closing mark, not an opening one ("العالمية")
    return bool(marks) and len(marks) < len(gap) and _CLOSE_MARKS.issuperset(marks)


def _after_noun(toks: _Tokens, i: int) -> bool:
    """Does a definite word (a noun the word at i may describe: البروبغندا الإيرانية), not the head noun of an
    organisation's name (النادي الأهلي), come right before token i?"""
    if not i or not toks.joined[i - 1]:
        return False
    prev = toks.texts[i - 1]
    return _definite_word(prev) and not _in(prev, FUNCTION_WORDS) and not _head_noun(prev)


def _word_name_phrase(body: str, toks: _Tokens, lo: int, hi: int) -> bool:
    """Is a model person a given name that is also a common word (حسن، سعيد، رضا) followed only by definite words
    that are no name (حسن الجوار، مبروك النجاح; حسن الترابي، سعيد بومدوحة stay), or alone with no title or
    reporting verb before it (وعدم رضا)? Alone and written with ب or ل (and the article) on it, the word is the noun
    (برضا الموكل، لرضا الآخر، بالرضا; لسعيد الآرتيست stays). (A name in a list of names, ومحمد عيد وحسن الراهب, is not
    asked.)"""
    texts = toks.texts
    if hi - lo == 1 and _preposition_on_word_name(texts[lo]):
        return True
    if _bare(texts[lo]) not in WORD_NAMES:
        return False
    if hi - lo == 1:
        return lo == 0 or not (
            _title_at(texts, lo - 1) or _titles_of(texts[lo - 1]) or _in(texts[lo - 1], REPORTING_VERBS)
        )
    persons = default_tagger().lex.persons
    rest = texts[lo + 1 : hi]
    if any(w in persons or w in GIVEN_NAMES or w in _CONNECTOR_WORDS or _nisba_family(w) for w in rest):
        return False
    return all(_written_definite(body, toks, t, bare=True) for t in range(lo + 1, hi))  # سعيد بومدوحة stays


def _preposition_on_word_name(w: str) -> bool:
    """Is a word ب or ل (after و or ف, before the article or not) on a given name that is also a common word (برضا،
    لرضا، بالرضا، وبحسن)? A person is seldom written so; the noun often is."""
    bare = _bare(w)
    if bare[:1] not in "بل" or len(bare) < 4:
        return False
    rest = bare[1:]
    return rest in WORD_NAMES or (rest.startswith("ال") and rest[2:] in WORD_NAMES)


def _nisba_family(w: str) -> bool:
    """A family name of the nisba shape (الحربي، الشهري)."""
    return w.startswith("ال") and w.endswith("ي") and len(w) > 4


def _quoted_work(toks: _Tokens, lo: int, hi: int) -> bool:
    """Is a span quoted or bracketed right after a noun that names works, prizes or products (جائزة «بوليتزر»،
    سلسلة «هاري بوتر»، عملة اسمها (ليمان))?"""
    if not lo or not _opens_name(toks.gaps[lo - 1]):
        return False
    return not WORK_NOUNS.isdisjoint(_stripped_forms(toks.texts[lo - 1]))


def _first_person_future(body: str, toks: _Tokens, lo: int, hi: int) -> bool:
    """Does a span hold a first-person future verb as written (سأكون), which no name of any type holds?"""
    return any(body.startswith("سأ", toks.starts[t]) for t in range(lo, hi))


def _phrase_word(body: str, toks: _Tokens, lo: int, hi: int) -> bool:
    """Does a person span end in a possessive suffix as written (حسن طالعه; not the ta marbuta of بومدوحة) on a
    word that is no name token?"""
    last = body[toks.starts[hi - 1] : toks.ends[hi - 1]]
    word = toks.texts[hi - 1]
    if hi - lo < 2 or not last.endswith(("ه", *_PRONOUN_SUFFIXES)) or word.endswith("الله"):
        return False
    return word not in GIVEN_NAMES and not _person_word(word)


def _conjoined_name(w: str) -> bool:
    """A word inside a person span that is و and a known name, not a name itself (بوش وكلينتون, not وليد)."""
    if w[:1] != "و" or w in WAW_NAMES:
        return False
    persons = default_tagger().lex.persons
    return w not in persons and w[1:] in persons


def _person_word(w: str) -> bool:
    """Is a word, without a conjunction or the article, a person-name token of the tagger's lexicon?"""
    persons = default_tagger().lex.persons
    return any(f in persons for f in (w, _bare(w), w.removeprefix("ال")))


def _common_noun_shape(w: str, surface: str) -> bool:
    """A lone word read as a person that is no person-name token and has a definite noun's shape: ta marbuta under
    لل (للوساطة, which the span gives as وساطة; family names with the article, الهاجري، المعايطة, stay)."""
    if len(w) >= 7 and w[:1] in "لب" and w.endswith("ات") and not _person_word(w) and not _person_word(w[1:]):
        return True  # لانتخابات، بمفاوضات: a plural noun under a preposition
    if len(w) >= 7 and w.startswith("ال") and w.endswith(("ين", "ون", "ات")) and not _person_word(w):
        return True  # كلا الفريقين، المستوطنين: a definite dual or plural noun (الحسين is a name token)
    return surface.endswith("ة") and w.startswith("ال") and not surface.startswith("ال") and not _person_word(w)


def _imperfect_verb_shape(w: str) -> bool:
    """A lone word read as a person that is no person-name token and has a present-tense verb's shape: ي and a root
    of three or four letters (طبيب يداوي الناس، الاتحاد يغري اللاعب، ينوي); the lexicon's many names of the shape
    (ياسر، يامن، يانس) are tokens."""
    return 4 <= len(w) <= 5 and w[0] == "ي" and w not in GIVEN_NAMES and not _person_word(w)


_DEFINITE_MASDAR_RE = re.compile("الا.{2,4}ا.")  # الإيمان، الاجتماع، الانسحاب، الاستقرار، الاطمئنان (folded)


def _definite_derived_masdar(w: str) -> bool:
    """A lone word read as a person that has the shape of a definite verbal noun of the derived forms (الإيمان،
    الاطمئنان، الاستقرار); no given name takes the article so (المنصف، الباجي are listed and stay)."""
    return _DEFINITE_MASDAR_RE.fullmatch(w) is not None and w not in DEFINITE_GIVEN_NAMES


def _action_masdar_name(words: Sequence[str]) -> bool:
    """Is a tagger person's first word, as kept (without the conjunction the tagger took in: وتحفيز), an action
    verbal noun (تحفيز، تشغيل، استكمال) with a root consonant after its first letter (a long vowel there is a
    foreign name's: تيفيز), and no word of it a person-name token or listed given name (توفيق، تيسير are)? A noun
    phrase, no one (تحفيز الاستثمار، استطاع تشغيل)."""
    first = words[0]
    return (
        _ACTION_MASDAR_RE.fullmatch(first) is not None
        and first[1] not in _LONG_VOWELS
        and not any(_person_word(w) or w in GIVEN_NAMES for w in words)
    )


def _our_noun_shape(w: str) -> bool:
    """A lone word read as a person that is no person-name token or listed given name and reads as a short noun
    with the pronoun "our" (نبينا، حبيبنا، لنبينا): a description, no name; the stem, without ل or ب, has three or
    four letters (foreign names in -ina are longer: كوبينا، فيورنتينا)."""
    stem = w[:-2].removeprefix("ل") if w[:1] == "ل" else w[:-2]
    return w.endswith("نا") and 3 <= len(stem) <= 4 and w not in GIVEN_NAMES and not _person_word(w)


def _head_noun(w: str) -> bool:
    """Is a word, under its proclitics and without the article, a noun that heads an organisation's name?"""
    forms = _stripped_forms(w)
    return not (_HEAD_NOUNS.isdisjoint(forms) and _HEAD_NOUNS.isdisjoint(f[2:] for f in forms if f.startswith("ال")))


def _written_definite(body: str, toks: _Tokens, j: int, bare: bool = False) -> bool:
    """Is token j written with the article, under proclitics unless ``bare`` (والتقنية، للبترول)? As
    written: the hamza of ألمانية makes no article, though it folds to one."""
    return bool((_ARTICLE_RE if bare else _DEFINITE_WRITTEN_RE).match(body, toks.starts[j], toks.ends[j]))


_ARTICLE_RE = re.compile("ال..")
_DEFINITE_WRITTEN_RE = re.compile("(?:[وف]?ال|[وف]?لل)..")  # not بال: a prepositional phrase (بالكونجرس)


MINISTRY_HEADS = frozenset({fold("وزارة")})
VERBAL_NOUNS_IYA = lexicon.folded("entity_nouns", "verbal_noun_iya")


def _genitive_goes_on(body: str, toks: _Tokens, lo: int, j: int, chain: bool = True) -> bool:
    """Does token j go on an organisation's name of tokens [lo, j) that opens with a head noun and a definite
    genitive? After a noun, a nisba (منظمة العفو الدولية) or, with ``chain``, another definite noun (هيئة السوق
    المالية); after a nisba only a coordinated nisba (الدولية والاستراتيجية، البلدية والقروية); a coordinated noun
    after the first genitive or one under لل (العدالة والتنمية، للغذاء والدواء) unless its own nisba follows
    (وزارة الدفاع والجيش الإسرائيلي: two bodies). Never a title (هيئة الأركان اللواء فلان)."""
    texts = toks.texts
    w, last = texts[j], texts[j - 1]
    if w in NAME_ADJECTIVES and j - lo >= 2 and last not in TITLE_WORDS and not _nisba(last):
        return _written_definite(body, toks, j - 1)  # مجلس القضاء الأعلى، هيئة التحقيق والادعاء العام
    if not w.isalpha() or _in(w, FUNCTION_WORDS) or _in(w, VERBS) or w in _CALENDAR_WORDS or w in TITLE_WORDS:
        return False
    if w in STANCE_ADJECTIVES:  # حزب الاتحاد الديمقراطي (اليميني): a leaning describes the party
        return False
    if w.startswith("لل") and _whole_title("ال" + w[2:]):  # مجلس المستشارين الاقتصاديين (للرئيس): whose it is
        return False
    if not _written_definite(body, toks, j) or not _written_definite(body, toks, j - 1) or _divine_name_end(texts, j):
        return False  # after a proper name nothing more (مؤسسة الملك خالد الخيرية، حزب الله اللبناني)
    if j - lo >= 2 and _definite_action_masdar(w):
        return False  # قرر مجلس الوزراء (الموافقة): what the body does, no genitive of its name
    coordinated = w.startswith("وال")
    if coordinated and (w[3:] in _COORDINATED_HEADS or _whole_title(w[1:])):  # والأمانة العامة، والدكتور: not the name
        return False
    if coordinated and texts[lo + 1] == _AFFAIRS and j - lo >= 3:  # a portfolio of affairs lists what it covers
        return True  # لجنة الشؤون الاجتماعية والأسرة والشباب، وزارة الشؤون الإسلامية والأوقاف
    if _nisba(last) and _bare(last) not in VERBAL_NOUNS_IYA:  # التنمية (السياحية): a noun, not a nisba
        # a second nisba where a noun has one (اللجان الأولمبية الوطنية، البنك السعودي البريطاني), never a third
        # a country's nisba after a ministry named by a nisba noun: وزارة الداخلية اليمنية (as وزارة الدفاع الأمريكية)
        return _nisba(w) and (
            coordinated or (j - lo >= 3 and not _nisba(texts[j - 2])) or (j - lo == 2 and texts[lo] in MINISTRY_HEADS)
        )
    if not coordinated:
        return chain or _nisba(w)
    if j - lo > 2 and not last.startswith("وال") and not any(t.startswith("لل") for t in texts[lo + 1 : j]):
        return False  # a list goes on under و (لجنة الحج والإسكان والخدمات), a second body's genitive does not
    if last.startswith("لل"):  # للسياحة والتراث الوطني: one purpose, its own nisba and all
        return True
    nxt = j + 1
    if nxt < len(toks) and toks.joined[j] and _nisba(texts[nxt]):  # affairs take their own nisba: وزارة العمل
        return w[1:] == _AFFAIRS or _nisba_skips_feminine(w, texts[nxt])  # والشؤون الاجتماعية is one body
    return True


_AFFAIRS = fold("الشؤون")


def _divine_name_end(texts: Sequence[str], j: int) -> bool:
    """Does the name end at token j - 1 on God's name (حزب الله) or a divine name after عبد, and not on a divine
    attribute that is a common noun here (لجنة مبادرة السلام العربية)?"""
    last = texts[j - 1]
    return last in DIVINE_NAMES and (last == "الله" or (j >= 2 and texts[j - 2] == "عبد"))


def _nisba_skips_feminine(noun: str, nisba: str) -> bool:
    """Does a masculine nisba after a coordinated feminine noun agree with the name's head instead, so that both
    nouns are genitives of one name (جهاز الأمن والمخابرات السوداني), not a second body with its own nisba?"""
    return noun.endswith(("ه", "ات")) and not _bare(nisba).endswith("ه")


_BOARD = (fold("مجلس"), fold("إدارة"))


def _board_of(toks: _Tokens, lo: int) -> bool:
    """Do tokens lo and lo+1 name a board (مجلس إدارة) before the body it runs (الهيئة العامة للطيران المدني)?"""
    texts = toks.texts
    return _BOARD[0] in _stripped_forms(texts[lo]) and texts[lo + 1] == _BOARD[1] and texts[lo + 2].startswith("ال")


def _ministry_portfolio(toks: _Tokens, lo: int, hi: int) -> int:
    """Where a ministry's name in tokens [lo, hi) ends when words under ل follow it: the deputy's portfolio (وكيل
    وزارة الإسكان للدراسات والبحوث) or a purpose (ووزارة الإسكان لتنمية القطاع), a ministry of state aside (وزارة
    الدولة لشؤون ...); hi when none."""
    texts = toks.texts
    if MINISTRY_HEADS.isdisjoint(_stripped_forms(texts[lo])) or texts[lo + 1] == "الدوله":
        return hi
    return next((t for t in range(lo + 2, hi) if texts[t][:1] == "ل"), hi)


def _title_family_after(body: str, toks: _Tokens, j: int, taken: set[int]) -> bool:
    """Is token j, right after a tagger person ending in a listed given name, a title that is also a family name
    (القاضي، المهندس) with punctuation or the text's end after it (محمد القاضي، قال)? Where a name follows, the
    title is that name's (as :func:`_title_family_name` reads pattern names)."""
    n = len(toks)
    if j >= n or j in taken or not toks.joined[j - 1] or toks.texts[j - 1] not in GIVEN_NAMES:
        return False
    if toks.texts[j] not in TITLE_FAMILY_NAMES or not body.startswith("ال", toks.starts[j]):
        return False
    return j + 1 >= n or not toks.joined[j]


_TITLE_NOUNS_ONLY = FUNCTION_WORDS | DIVINE_NAMES


def _person_name_head(body: str, toks: _Tokens, a: int, taken: set[int]) -> bool:
    """Is the token before a tagger person span at token ``a`` the given name it left out? A name word no mention
    holds that the name lexicons know, right before the span: a listed given name after a clear boundary (the text's
    start, punctuation, a title, a verb or a function word: قال علي داود، وكان علي يوسف الشريف), or another name
    token right after a title word (الشاعر بحري محمد زين); not a name in a list of names (وحسين الجسمي وشذا
    حسون)."""
    j = a - 1
    if j < 0 or j in taken or not toks.joined[j]:
        return False
    w, raw = toks.texts[j], DIACRITICS_RE.sub("", body[toks.starts[j] : toks.ends[j]])
    if len(w) < 3 or not _name_word_text(w, raw, True) or w in _CALENDAR_WORDS:
        return False
    given = w in GIVEN_NAMES
    if not given and w not in default_tagger().lex.persons:
        return False
    if j == 0 or not toks.joined[j - 1]:
        return given
    before = toks.texts[j - 1]
    forms = _stripped_forms(before)
    # في and الله are words of some titles (عضو في، آية الله) but open none
    titled = not TITLE_WORDS.isdisjoint(forms) and _TITLE_NOUNS_ONLY.isdisjoint(forms)
    # a word the lexicons know from some person's name (أما، عهد، دوري) is as often a common word: a title only
    return titled or (given and (_in(before, FUNCTION_WORDS) or _in(before, VERBS) or _in(before, OTHER_VERBS)))


def _waw_given_in_list(body: str, toks: _Tokens, a: int, taken: set[int]) -> bool:
    """Is the token before a tagger person span at token ``a`` و + a listed given name (وشذا، ومنى، وعلي as
    written, not the preposition وعلى) right after a known mention or punctuation: the given name of the next
    person in a list of names (وحسين الجسمي وشذا حسون)?"""
    j = a - 1
    if j < 0 or j in taken or not toks.joined[j]:
        return False
    w = toks.texts[j]
    if w[:1] != "و" or w in GIVEN_NAMES or w[1:] not in GIVEN_NAMES:
        return False
    if not _name_word_text(w, DIACRITICS_RE.sub("", body[toks.starts[j] : toks.ends[j]]), True):
        return False
    return j == 0 or not toks.joined[j - 1] or j - 1 in taken


def _titled_ambiguous_given_name(toks: _Tokens, j: int, taken: set[int]) -> bool:
    """Is token j, right before a person's name word, a word that is a title or a given name (مساعد) right after
    a title word (الدكتور مساعد العيبان، الرئيس الجديد مساعد الزويهري)? Read so, it is his given name: a post of
    that word is written with the article after a title (المدرب المساعد) or heads the next title (نائب مساعد
    وزير), never a name right after it."""
    if j < 1 or j + 1 >= len(toks.texts) or j in taken or toks.texts[j] not in AMBIGUOUS_TITLES:
        return False
    if not (toks.joined[j] and toks.joined[j - 1]) or toks.texts[j + 1] in TITLE_WORDS:
        return False
    forms = _stripped_forms(toks.texts[j - 1])
    titled = not TITLE_WORDS.isdisjoint(forms) and _TITLE_NOUNS_ONLY.isdisjoint(forms)
    return titled or toks.texts[j - 1] in TITLE_ADJECTIVES


def _person_name_tail(body: str, toks: _Tokens, j: int, taken: set[int]) -> bool:
    """Is token j, right after a person's name of two words or more, its surname the tagger left out? An
    indefinite name word no mention holds, then a clear boundary: punctuation, a function word, a verb or a title
    (روش نوري ساويش، محمد مصطفى قانصو من بلدة، خالد محفوظ بحاح،). The word is a name token Wikidata's people use
    more than once (شكر، صديقي، حمدي), or else has no shape of a common Arabic word: no noun or adverb ending
    (ة ا ى), plural, pronoun, verb prefix (ي ت ل+ي), participle or verbal-noun م, alef-initial past verb
    (انضم، انتقل), bare three-letter root (حقق) or preposition on a known word (بوزير)."""
    n = len(toks)
    if j >= n or j in taken or not toks.joined[j - 1]:
        return False
    w, raw = toks.texts[j], DIACRITICS_RE.sub("", body[toks.starts[j] : toks.ends[j]])
    if len(w) < 3 or raw.startswith("ال") or not _name_word_text(w, raw, False) or w in _CALENDAR_WORDS:
        return False
    if default_tagger().lex.persons.get(w, "1") == "1" and w not in GIVEN_NAMES and _common_word_shape(w, raw):
        return False
    k = j + 1
    if k >= n or not toks.joined[j]:
        return True
    nxt = toks.texts[k]
    if nxt in DIVINE_NAMES:  # رضي الله عنه، حفظه الله: a blessing, not a surname
        return False
    if _in(nxt, FUNCTION_WORDS) or _in(nxt, VERBS) or _in(nxt, OTHER_VERBS) or nxt in TITLE_WORDS:
        return True
    return _is_nisba_shape(nxt) and _written_definite(body, toks, k, bare=True)  # ساويش القيادي


# ال + C ا C ي: an active participle or ordinal (الساعي، القاضي، الثاني، الماضي), an adjective more often than a surname
_DEFINITE_PARTICIPLE_RE = re.compile("ال.ا.ي")


def _definite_family_name(body: str, toks: _Tokens, j: int, taken: set[int], gaz: Gazetteer) -> bool:
    """Is token j, right after a person's name of two words or more, the definite nisba family name the tagger left
    out (نايف جابر البرقاني، سلطان بن محمد العرابي الحارثي شكر)? A nisba no mention holds, no country's (المصري)
    nor a tenure adjective (السابق، الحالي) or participle (الساعي), then a clear boundary, as
    :func:`_person_name_tail` reads it."""
    n = len(toks)
    if j >= n or j in taken or not toks.joined[j - 1]:
        return False
    w = toks.texts[j]
    if (
        not _is_nisba_shape(w)
        or not w.endswith("ي")  # a family name is masculine: قاسم سليماني الإرهابية is an adjective
        or not DIACRITICS_RE.sub("", body[toks.starts[j] : toks.ends[j]]).startswith("ال")
        or _in(w, FUNCTION_WORDS)
        or w in _TENURE_ADJECTIVES
        or _DEFINITE_PARTICIPLE_RE.fullmatch(w)
        or _country_nisba(w, gaz)
    ):
        return False
    k = j + 1
    if k >= n or not toks.joined[j]:
        return True
    nxt = toks.texts[k]
    if nxt in DIVINE_NAMES:
        return False
    if _in(nxt, FUNCTION_WORDS) or _in(nxt, VERBS) or _in(nxt, OTHER_VERBS) or nxt in TITLE_WORDS:
        return True
    return _is_nisba_shape(nxt) and _written_definite(body, toks, k, bare=True)  # الجندبي الزهراني


def _common_word_shape(w: str, raw: str) -> bool:
    """Does a word (folded ``w``, written ``raw``) look like a common Arabic word rather than a surname?"""
    return (
        raw.endswith(("ة", "ا", "ى", "ه"))  # a noun, adverb or pronoun ending (رسالة، أيضا، بنظيره)
        or w.endswith(("ات", "ون", "ين"))  # a plural
        or w[:1] in "يتام"  # a present verb, an alef-initial past verb (انضم), a participle or verbal noun (محترف)
        or (w[:1] in "لبف" and w[1:2] in "يت")  # ليقابل: a present verb under a particle
        or (w[:1] == "و" and w not in WAW_NAMES)  # the next word under و
        or (w[:1] in "بلكو" and _in(w[1:], _KIND_WORDS))  # بوزير، لرئيس: a preposition on a title or noun
        or (len(w) == 3 and not _LONG_VOWELS.intersection(w))  # a bare root (حقق)
    )


def _nisba(w: str) -> bool:
    """A nisba adjective with the article, perhaps after و (الدولية، والاستراتيجية)."""
    return _is_nisba_shape(w) or (w[:1] == "و" and _is_nisba_shape(w[1:]))


def _org_name_tail(body: str, toks: _Tokens, lo: int, hi: int, taken: set[int], sure: bool = False) -> int:
    """The end token of an organisation's name that opens with a head noun, read past the tagger's span (see
    :func:`_genitive_goes_on`): مجلس الشيوخ الأميركي، منظمة العفو الدولية، جامعة الملك عبدالله للعلوم والتقنية;
    not after a proper name (حزب الله اللبناني); after a title, the person's name (جامعة الملك عبدالعزيز).
    ``sure``: the tagger is sure of the name it ended at ``hi`` (see :func:`_purpose_end`)."""
    if not _head_noun(toks.texts[lo]):
        return hi
    if hi - lo == 1:  # الاتحاد (السعودي)، الهيئة (العامة): a definite head noun reads on over its nisba
        if not (_written_definite(body, toks, lo) and _lone_head_adjective(toks, hi, taken)):
            return hi
        hi += 1
    if _whole_title(toks.texts[hi - 1]):  # جامعة الملك (عبدالعزيز): the tagger stopped at the title
        return _title_name_end(toks, hi, lo + 6, taken)
    while (
        hi < len(toks)
        and toks.joined[hi - 1]
        and hi not in taken
        and _genitive_goes_on(body, toks, lo, hi, chain=False)
    ):
        hi += 1
    if (purpose := _purpose_end(body, toks, lo, hi, taken, sure)) > hi:
        return _org_name_tail(body, toks, lo, purpose, taken) if purpose - lo < 8 else purpose
    return hi


def _purpose_end(body: str, toks: _Tokens, lo: int, hi: int, taken: set[int], sure: bool = False) -> int:
    """The end token of what a generic name (a head noun and adjectives, one of them a name adjective: المؤسسة
    العامة، المركز الوطني الأميركي) is for, under ل: للتأمينات، لمكافحة الإرهاب; ``hi`` when none. Such a name is
    no name without it. A name with no name adjective takes one only where the tagger was not ``sure`` it ended."""
    texts = toks.texts
    adjectives = texts[lo + 1 : hi]
    if not _written_definite(body, toks, lo) or not all(_nisba(w) or w in NAME_ADJECTIVES for w in adjectives):
        return hi
    if NAME_ADJECTIVES.isdisjoint(adjectives):  # الاتحاد الليبي names the federation already, unless a purpose
        if sure:  # follows (الهيئة السعودية للمواصفات والمقاييس والجودة); the tagger, sure of its name, left out no
            return hi  # purpose (البنك التجاري لتحقيق النجاح: what the bank does)
        end = _purpose_after(body, toks, hi, taken)
        return end if end > hi and not _verbal_purpose(toks, end) else hi
    if hi >= len(toks) or not toks.joined[hi - 1] or hi in taken or not texts[hi].isalpha():
        return hi
    w = texts[hi]
    if w.startswith("لل") and len(w) > 4:
        return hi + 1
    if w[:1] != "ل" or len(w) < 4 or _in(w, FUNCTION_WORDS) or hi + 1 >= len(toks) or hi + 1 in taken:
        return hi
    return hi + 2 if toks.joined[hi] and _written_definite(body, toks, hi + 1, bare=True) else hi


def _lone_head_adjective(toks: _Tokens, j: int, taken: set[int]) -> bool:
    """Is token j, right after a one-word organisation span, a nisba or name adjective on the same line (الاتحاد
    السعودي، الهيئة العامة) that no other mention holds?"""
    if j >= len(toks) or j in taken or not toks.joined[j - 1]:
        return False
    w = toks.texts[j]
    if w in STANCE_ADJECTIVES:  # الحزب (اليساري): a leaning describes the body, it names none
        return False
    return w in NAME_ADJECTIVES or (_is_nisba_shape(w) and w not in TITLE_ADJECTIVES)


def _title_name_end(toks: _Tokens, j: int, limit: int, taken: set[int]) -> int:
    """The end token of the person's name that starts at token j after a title, before ``limit``: known name tokens
    and connectors, not ending on a connector (مستشفى الأمير سعود بن ...)."""
    start = j
    while j < min(limit, len(toks)) and toks.joined[j - 1] and j not in taken and _name_part(toks.texts[j]):
        j += 1
    while j > start and toks.texts[j - 1] in _CONNECTOR_WORDS:
        j -= 1
    return j


def _org_description(words: tuple[str, ...]) -> bool:
    """An organisation span that describes rather than names: a head noun and an indefinite nisba (جامعة صينية) or a
    purpose under لل (مجلس للنواب), a head noun and a genitive of function alone (هيئة المحلفين), or a definite head noun referring back before a
    preposition (المنظمة للشرق الأوسط)."""
    if len(words) < 2 or not _head_noun(words[0]):
        return False
    if len(words) == 2 and (
        words[1] in FUNCTION_GENITIVES or words[1] in GENITIVE_STOPS
    ):  # هيئة المحلفين، مجلس الإشراف: described by function
        return True
    if not words[0].startswith("ال"):
        # جامعة صينية; مجلس للنواب: an indefinite head and what it is for, "a council for deputies"
        return len(words) == 2 and (
            (words[1].endswith("يه") and not words[1].startswith("ال")) or words[1].startswith("لل")
        )
    return words[1].startswith("ل") and not words[1].startswith("ال")


def _genitive_organisations(
    body: str, toks: _Tokens, gaz: Gazetteer, taken: set[int], flagged: list[tuple[int, int]] | None = None
) -> list[Mention]:
    """Organisations no list or tagger found, named by a head noun and a definite genitive (منظمة العفو الدولية،
    مؤسسة العلاقات الدولية والاستراتيجية، هيئة السوق المالية، جامعة الملك خالد), on one line: the head without
    its proclitics, a word written with the article, then the words :func:`_genitive_goes_on` takes, or the name
    after a title (``taken``: updated; ``flagged``: the gazetteer step's (token, rule bits), when it found them)."""
    texts, joined, n = toks.texts, toks.joined, len(toks)
    out: list[Mention] = []
    if flagged is None:
        heads = list(compress(range(n), map(_GENITIVE_HEAD_FORMS.__contains__, texts)))
    else:
        heads = [i for i, flags in flagged if flags & GENITIVE_HEAD]
    for i in heads:
        if i >= n - 1:
            continue
        j = i + 1
        if i in taken or not joined[i] or j in taken:
            continue
        clitic = _GENITIVE_HEAD_FORMS[texts[i]]
        head = texts[i][clitic:]
        verbal = not _written_definite(body, toks, j, bare=True)
        members = verbal and _member_construct(body, toks, j, taken)
        if verbal:
            if not (members or _verbal_noun_construct(body, toks, j, taken)) or _board_of(toks, i):
                continue  # مجلس إدارة الشركة: a body's board, no name
            j += 1  # هيئة (مكافحة) الفساد، هيئة (تنظيم) الطيران المدني: a verbal noun governs the genitive
        w = texts[j]
        if len(w) < 4 or w in GENITIVE_STOPS or _in(w, FUNCTION_WORDS) or w in _CALENDAR_WORDS:
            continue
        if w in FUNCTION_GENITIVES and not (j + 1 < n and joined[j] and texts[j + 1].startswith("وال")):
            continue  # هيئة المحلفين، لجنة التحقيق: described by function; هيئة التحقيق والادعاء العام is named
        j += 1
        if _whole_title(w):  # جامعة الملك خالد، مؤسسة الملك عبد العزيز: the name after the title
            j = _title_name_end(toks, j, i + 5, taken)
            if j == i + 2:
                continue
        else:
            while j < n and j - i <= 5 and joined[j - 1] and j not in taken and _genitive_goes_on(body, toks, i, j):
                j += 1
            if members and j < n and joined[j - 1] and j not in taken and _plural_nisba(texts[j]):
                j += 1  # مجلس وزراء الخارجية الأوروبيين: the members' nisba, in the plural
        if j < n and joined[j - 1] and _board_of_next(texts[j]):
            continue  # مجلس المفوضين (لهيئة) تنظيم الطيران: a board of the body named next, not a body of its own
        if (head in FORCE_HEADS or head in AGENCY_HEADS) and not _named_force(texts, i, j, head, verbal):
            continue
        start = toks.start_after(i, clitic)
        out.append(_pattern_mention(body, start, toks.ends[j - 1], "organization", gaz))
        taken.update(range(i, j))
    return out


def _named_force(texts: Sequence[str], i: int, j: int, head: str, verbal: bool) -> bool:
    """Do tokens [i, j), a force or agency head (قوات، جهاز، مصلحة) and its genitive, name a body? A force
    adjective after the genitive (قوات الأمن الخاصة، جهاز الأمن الداخلي); after جهاز a verbal noun (جهاز مكافحة
    الإرهاب) or two coordinated fields and a nisba (جهاز الأمن والمخابرات السوداني); after مصلحة a field such
    agencies run (مصلحة الجمارك). Without one the forces are described by whose they are (قوات النظام، قوات الأمن
    المصرية), and قوات حفظ السلام too; so are an army's or a coalition's forces, adjective and all (قوات الجيش
    الوطني، قوات التحالف المشتركة)."""
    if head in AGENCY_HEADS:  # مصلحة الجمارك، مصلحة السجون; مصلحة الشعب is an interest
        return not verbal and texts[i + 1] in AGENCY_DOMAINS
    if verbal:
        return head == _AGENCY_HEAD
    if head == _AGENCY_HEAD and _nisba(texts[j - 1]) and any(t.startswith("وال") for t in texts[i + 2 : j]):
        return True  # جهاز الأمن والمخابرات السوداني: an agency of two fields (not جهاز الكرة والارتقاء به)
    return texts[i + 1] not in FORCE_STOPS and not FORCE_ADJECTIVES.isdisjoint(texts[i + 2 : j])


_AGENCY_HEAD = fold("جهاز")


# تنظيم، مكافحة، متابعة، استثمار; إدارة، إغاثة (the hollow root's form IV: مكتب إدارة الأزمة)
_CONSTRUCT_MASDAR_RE = re.compile(f"{MASDAR_RE.pattern}|م.ا..ه|{_FORM_X_MASDAR}|ا.ا.ه")


def _verbal_noun_construct(body: str, toks: _Tokens, j: int, taken: set[int]) -> bool:
    """Is token j, after a head noun, an indefinite verbal noun governing a definite word on the same line (هيئة
    مكافحة الفساد، مؤسسة تحلية المياه، هيئة تقويم التعليم)?"""
    if j + 1 >= len(toks) or not toks.joined[j] or j + 1 in taken:
        return False
    return _CONSTRUCT_MASDAR_RE.fullmatch(toks.texts[j]) is not None and _written_definite(body, toks, j + 1, bare=True)


MEMBER_PLURALS = lexicon.folded("entity_nouns", "member_plural")


def _member_construct(body: str, toks: _Tokens, j: int, taken: set[int]) -> bool:
    """Is token j, after a head noun, a plural of the people the body gathers governing a definite word on the same
    line (مجلس وزراء الخارجية، نقابة عمال المناجم، هيئة كبار العلماء)?"""
    if j + 1 >= len(toks) or not toks.joined[j] or j + 1 in taken:
        return False
    return toks.texts[j] in MEMBER_PLURALS and _written_definite(body, toks, j + 1, bare=True)


def _plural_nisba(w: str) -> bool:
    """Is w a definite masculine plural nisba (الأوروبيين، الخليجيون), as the plural of a body's members takes?"""
    return w.startswith("ال") and w.endswith(("يين", "يون")) and len(w) > 6


def _board_of_next(w: str) -> bool:
    """Is a word an organisation's head noun under ل (لهيئة، للهيئة، لمنظمة): the body the name before belongs to?"""
    if w.startswith("لل"):
        return w[2:] in _HEAD_NOUNS or "ل" + w[2:] in _HEAD_NOUNS
    return w.startswith("ل") and w[1:] in _HEAD_NOUNS


# Heads that open a second body under و inside a tagger's organisation span (والأمانة العامة، والهيئة العامة).
_COORDINATED_HEADS = _HEAD_NOUNS | lexicon.folded("entity_nouns", "purpose_org_head", "place_org_head")
# Heads of a generic institution's name that says what it is for (الهيئة العامة للسياحة، اللجنة الوطنية لمكافحة
# المخدرات، الاتحاد السعودي لكرة القدم).
PURPOSE_ORG_HEADS = lexicon.folded("entity_nouns", "purpose_org_head", "department_head")
# Their written forms with the article under any proclitic (الهيئة، والهيئة، بالاتحاد، للرئاسة، للجنة): one look-up.
_PURPOSE_HEAD_FORMS = frozenset(
    p + "ال" + h for h in PURPOSE_ORG_HEADS for p in ("", "و", "ف", "ب", "ك", "وب", "فب", "وك")
) | frozenset(p + "ل" + (h[1:] if h.startswith("ل") else h) for h in PURPOSE_ORG_HEADS for p in ("ل", "ول", "فل"))


def _purpose_organisations(
    body: str,
    toks: _Tokens,
    gaz: Gazetteer,
    taken: set[int],
    flagged: list[tuple[int, int]],
    covered: dict[int, Mention] | None = None,
    displaced: list[Mention] | None = None,
) -> list[Mention]:
    """Organisations no list or tagger found, named by a definite head noun, its adjectives and what it is for
    under ل (الهيئة العامة للسياحة والتراث الوطني، المديرية العامة لمكافحة المخدرات، الشركة السعودية للكهرباء),
    on one line: the head without its proclitics, then the words :func:`_genitive_goes_on` takes (``taken``:
    updated). The purpose may be known places (الهيئة الملكية للجبيل وينبع: ``covered``, the gazetteer mention of
    each token); their mentions go to ``displaced``, the organisation's name holds them (``flagged``: the gazetteer
    step's (token, rule bits))."""
    places: dict[int, tuple[int, int]] | None = None  # worked out at the first head that reads on: most have none
    texts, n = toks.texts, len(toks)
    out: list[Mention] = []
    for i in [i for i, flags in flagged if flags & PURPOSE_HEAD and i < n - 2]:
        if i in taken or not _DEFINITE_HEAD_RE.match(body, toks.starts[i], toks.ends[i]):
            continue
        heads = _stripped_forms(texts[i])
        head = next((f[2:] for f in heads if f.startswith("ال") and f[2:] in PURPOSE_ORG_HEADS), None)
        if head is None:
            continue
        j = i + 1
        while j < n and j - i <= 2 and _lone_head_adjective(toks, j, taken) and _written_definite(body, toks, j):
            j += 1
        if j == i + 1 or (
            head in FIRM_PURPOSE_HEADS and not all(_firm_name_adjective(w, gaz) for w in texts[i + 1 : j])
        ):
            continue
        if places is None:
            places = _place_tokens(covered)
        if (end := _place_purpose_after(toks, j, places)) == j:
            end = _purpose_after(body, toks, j, taken)
        placed = end == j
        if placed:  # الغرفة التجارية الصناعية بجدة، الشؤون الصحية بمنطقة القصيم: no purpose, but a place
            end = _located_at(toks, j, covered)
            if end == j:
                continue
        elif _verbal_purpose(toks, end):
            continue
        while end < n and end - i <= 7 and toks.joined[end - 1] and (end not in taken or end in places):
            if end in places:  # للجبيل وينبع: a second place under و, right after the first
                first, last = places[end]
                if first != end or toks.texts[end][:1] != "و" or end - 1 not in places:
                    break
                end = last
            elif _coordinated_construct(body, toks, end, taken):  # للأرصاد وحماية البيئة: a second purpose
                end += 2
            elif _genitive_goes_on(body, toks, i, end, chain=False):
                end += 1
            else:
                break
        if (
            not placed and head in _REGIONAL_HEADS
        ):  # المديرية العامة للشؤون الصحية بمنطقة عسير: a region's own directorate
            located = _located_at(toks, end, covered)
            if located == end and head in DEPARTMENT_HEADS:
                continue  # الإدارة العامة للشؤون الدولية: a department of a body, named only with its region
            end = located
        lil = texts[i].startswith("لل")  # للرئاسة العامة: ل and the article, whose alef is not written (as للأمم)
        clitic = 2 if lil else len(texts[i]) - len(next(f for f in heads if f[2:] in PURPOSE_ORG_HEADS))
        m = _pattern_mention(body, toks.start_after(i, clitic), toks.ends[end - 1], "organization", gaz)
        if lil and m.entity_id.startswith("org-"):  # the id of the name with its article, as elsewhere
            words = alias_tokens("ال" + m.surface)
            m = replace(m, entity_id=_entity_id(words, "organization"), name="ال" + m.surface)
        out.append(m)
        taken.update(range(i, end))
        if displaced is not None and covered:
            inside = {id(covered[t]): covered[t] for t in range(i, end) if t in places}
            displaced.extend(inside.values())
    return out


FIRM_PURPOSE_HEADS = lexicon.folded("entity_nouns", "firm_purpose_head")
FIRM_NAME_ADJECTIVES = lexicon.folded("entity_nouns", "firm_name_adjective") | NAME_ADJECTIVES


def _firm_name_adjective(w: str, gaz: Gazetteer) -> bool:
    """Does the definite adjective w name a firm before its purpose (السعودية، الوطنية، المتحدة), rather than describe
    the firm the story is about (الاستراتيجية، الراعية، القوية)?"""
    return w in FIRM_NAME_ADJECTIVES or _country_nisba(w, gaz)


_IN = fold("في")


def _located_at(toks: _Tokens, j: int, covered: dict[int, Mention] | None) -> int:
    """The end token of a known city or region said where an institution is, from token j on the same line (بجدة،
    في مكة، بمنطقة القصيم، بمحافظة الطائف): part of its name; j when none."""
    if not covered or j >= len(toks) or not toks.joined[j - 1]:
        return j
    texts = toks.texts
    k, rest = (j + 1, None) if texts[j] == _IN else (j, texts[j][1:] if texts[j].startswith("ب") else "")
    if rest is not None and not rest:
        return j
    if k >= len(toks) or (k > j and not toks.joined[j]):
        return j
    m = covered.get(k)
    if (m is None or m.start >= toks.ends[k]) and (rest or texts[k]) in AREA_NOUNS:
        k += 1  # بمنطقة، في محافظة, then the place (بمنطقة عسير may be one known name)
        if k >= len(toks) or not toks.joined[k - 1]:
            return j
        m = covered.get(k)
    if m is None or m.type != "location" or not toks.starts[k] <= m.start < toks.ends[k]:
        return j
    return bisect.bisect_left(toks.ends, m.end) + 1


def _place_tokens(covered: dict[int, Mention] | None) -> dict[int, tuple[int, int]]:
    """Token -> (first, end) token of the gazetteer place mention that covers it, or of a one-word organisation
    whose name is a common noun a purpose can be (الهيئة الاتحادية للجمارك: not the Saudi customs)."""
    if not covered:
        return {}
    spans: dict[int, list[int]] = {}
    for t, m in covered.items():
        if m.type in _PLACE_TYPES or m.type == "organization":
            spans.setdefault(id(m), []).append(t)
    return {
        t: (min(ts), max(ts) + 1)
        for ts in spans.values()
        if len(ts) == 1 or covered[ts[0]].type != "organization"
        for t in ts
    }


def _place_purpose_after(toks: _Tokens, j: int, places: dict[int, tuple[int, int]]) -> int:
    """The end token of a purpose under لل that is a known place at token j (للجبيل: places[j] opens there, with
    the ل and the article's lam on its first token); j when none."""
    if j not in places or places[j][0] != j or not toks.joined[j - 1] or not toks.texts[j].startswith("لل"):
        return j
    return places[j][1]


_DEFINITE_HEAD_RE = re.compile("(?:[وف]?[بك]?ال|[وف]?لل)..")  # under any proclitic (بالاتحاد السعودي لكرة القدم)


def _verbal_purpose(toks: _Tokens, end: int) -> bool:
    """Does a preposition with a pronoun follow the purpose (للنظر فيها، للرد عليه)? Then it is an action, no name."""
    if end >= len(toks) or not toks.joined[end - 1]:
        return False
    w = toks.texts[end]
    return _in(w, FUNCTION_WORDS) and w.endswith(_PRONOUN_SUFFIXES + ("ه",)) and len(w) > 2


def _coordinated_construct(body: str, toks: _Tokens, j: int, taken: set[int]) -> bool:
    """Is token j a noun under و without the article, then its definite genitive (وحماية البيئة), after a purpose
    under لل?"""
    w = toks.texts[j]
    if not (w.startswith("و") and len(w) > 4 and toks.texts[j - 1].startswith("لل")) or _in(w, FUNCTION_WORDS):
        return False
    k = j + 1
    return k < len(toks) and k not in taken and toks.joined[j] and _written_definite(body, toks, k, bare=True)


_AFFAIRS_PURPOSES = frozenset({fold("شؤون"), fold("شئون")})
# Heads of a region's directorate, whose region ends the name (a national body's region is only where its branch is:
# الهيئة العامة للسياحة والتراث الوطني بمنطقة المدينة المنورة); a department's head names one only so.
DEPARTMENT_HEADS = lexicon.folded("entity_nouns", "department_head")
_REGIONAL_HEADS = DEPARTMENT_HEADS | {fold("مديرية")}


def _purpose_after(body: str, toks: _Tokens, j: int, taken: set[int]) -> int:
    """The end token of a purpose under ل at token j, on the same line (للسياحة، لمكافحة المخدرات); j when none."""
    if j >= len(toks) or not toks.joined[j - 1] or j in taken or not toks.texts[j].isalpha():
        return j
    w = toks.texts[j]
    if w.startswith("لل") and len(w) > 4 and not _in(w, FUNCTION_WORDS):
        # للنادي، للجنة: a body of the organisation named before (الجمعية العمومية للنادي), no name
        # للعبة: the sport named before (الاتحاد الليبي للعبة), a common phrase
        bare = {w[2:], "ل" + w[2:]}  # للنادي: النادي; للجنة، للعبة: اللجنة، اللعبة
        if bare & _AFFAIRS_PURPOSES:
            return j + 1  # المديرية العامة للشؤون الصحية: affairs are a purpose, not a body named before
        return j if bare & (_HEAD_NOUNS | _KIND_WORDS) or {"ال" + b for b in bare} & GENITIVE_STOPS else j + 1
    if w[:1] != "ل" or len(w) < 4 or _in(w, FUNCTION_WORDS) or j + 1 >= len(toks) or j + 1 in taken:
        return j
    return j + 2 if toks.joined[j] and _written_definite(body, toks, j + 1, bare=True) else j


# Sports clubs named by one definite word (الهلال، النصر), and those whose name is also a common noun (الاتحاد،
# الشباب); the words of a sports story, the words a club follows and those that make a club word a common noun.
CLUBS = lexicon.folded("entity_nouns", "club")
AMBIGUOUS_CLUBS = lexicon.folded("entity_nouns", "club_ambiguous")
SPORTS_CUES = lexicon.folded("entity_nouns", "sports_cue")
CLUB_CUES = lexicon.folded("entity_nouns", "club_cue")
CLUB_STOPS = lexicon.folded("entity_nouns", "club_stop")
_CLUB_PROCLITICS = ("", "و", "ف")  # and ل (للهلال); not ب: بالتعاون، بالاتحاد read as nouns far more often


def _club_forms() -> dict[str, str]:
    """Every written form of a club word under و، ف or ل (للهلال: ل and الهلال) -> the club word: one look-up."""
    forms = {}
    for name in CLUBS | AMBIGUOUS_CLUBS:
        for p in _CLUB_PROCLITICS:
            forms[p + name] = name
            forms[p + "ل" + name[1:]] = name  # للهلال، وللهلال
    return forms


_CLUB_FORMS = _club_forms()
# A sports word under its proclitics (والمباراة، للاعب) -> the word.
_SPORTS_CUE_FORMS = {p + w: w for w in SPORTS_CUES for p in ("", *_CONJ, *_PREPS)} | {
    q + "ل" + (w[2:] if w[2:3] == "ل" else w[1:]): w  # للملعب، للاعب: ل and the article
    for w in SPORTS_CUES
    if w.startswith("ال")
    for q in ("", *_CONJ)
}


def _club_word(w: str) -> str | None:
    """The club name a token writes, under و، ف or ل (للهلال: ل and الهلال), or None."""
    return _CLUB_FORMS.get(w)


def _sports_story(toks: _Tokens, flagged: list[tuple[int, int]]) -> bool:
    """Does the body read as sports news: two kinds of sports words, three in all (``flagged``: the gazetteer
    step's (token, rule bits))?"""
    hits = [_SPORTS_CUE_FORMS[toks.texts[i]] for i, flags in flagged if flags & SPORTS_CUE]
    return len(hits) >= 3 and len(set(hits)) >= 2


_CLUB_HEAD_FORMS = _head_forms(CLUB_HEAD_WORDS)


def _named_clubs(body: str, toks: _Tokens, gaz: Gazetteer, taken: set[int]) -> list[Mention]:
    """In a sports story, an indefinite نادي and the one definite word after it no list or tagger holds (نادي
    الأمل، بنادي الفيحاء، نادي حراء): a club the lists lack, named by a common word or a place; its nisba
    (الرياضي) stays out, as the guide keeps it out of a club's surface. ``taken``: updated."""
    texts, n = toks.texts, len(toks)
    out: list[Mention] = []
    for i in compress(range(n - 1), map(_CLUB_HEAD_FORMS.__contains__, texts)):
        j = i + 1
        if i in taken or j in taken or not toks.joined[i] or not _written_definite(body, toks, j, bare=True):
            continue
        w = texts[j]
        if len(w) < 5 or not w.isalpha() or _in(w, FUNCTION_WORDS) or _nisba(w) or w in CLUB_STOPS:
            continue
        start = toks.start_after(i, _CLUB_HEAD_FORMS[texts[i]])
        out.append(_pattern_mention(body, start, toks.ends[j], "organization", gaz))
        taken.update((i, j))
    return out


def _club_at(toks: _Tokens, i: int, clubs: set[int]) -> bool:
    """Is token i a club's name in a sports story: not after or before a word that makes it a common noun (رعاية
    الشباب، الهلال الأحمر); a name like الاتحاد only after a club cue or listed with another club."""
    texts = toks.texts
    name = _club_word(texts[i])
    if name is None:
        return False
    prev, nxt = _club_neighbours(toks, i)
    if _club_stop(prev, nxt):
        return False
    if name in CLUBS:
        return True
    if nxt and (_is_nisba_shape(nxt) or nxt.startswith("ل")):  # الاتحاد الآسيوي، الاتحاد لكرة القدم: the federation
        return False
    listed = (i - 1 in clubs and texts[i].startswith("و")) or (nxt.startswith("و") and _club_word(nxt) in CLUBS)
    return listed or not CLUB_CUES.isdisjoint(_stripped_forms(prev) | {prev})


def _club_neighbours(toks: _Tokens, i: int) -> tuple[str, str]:
    """The words right before and after token i on the same line across spaces ("" where none)."""
    texts = toks.texts
    prev = texts[i - 1] if i and toks.joined[i - 1] else ""
    return prev, texts[i + 1] if i + 1 < len(toks) and toks.joined[i] else ""


def _club_stop(prev: str, nxt: str) -> bool:
    """Do the neighbours of a club word make it a common noun (رعاية الشباب، فئة الشباب، الهلال الأحمر)?"""
    return not CLUB_STOPS.isdisjoint(_stripped_forms(prev) | {prev}) or nxt in CLUB_STOPS


def _sports_clubs(
    body: str,
    toks: _Tokens,
    gaz: Gazetteer,
    taken: set[int],
    found: list[Mention],
    flagged: list[tuple[int, int]],
) -> list[Mention]:
    """``found`` with the clubs of a sports story no list or tagger found (أمام الهلال، جماهير الاتحاد) added, and
    without the tagger's lone club words that are common nouns here (تأهيل الشباب in a story not about sports,
    فئة الشباب in any) (``taken``: updated; ``flagged``: the gazetteer step's (token, rule bits))."""
    sports = _sports_story(toks, flagged)
    if not sports and ("organization", METHOD_MODEL) not in map(_TYPE_METHOD, found):
        return found  # nothing to add or drop (most articles): found as it is, not copied
    clubs: set[int] = set()
    if sports:
        for i in compress(range(len(toks)), map(_CLUB_FORMS.__contains__, toks.texts)):
            if _club_at(toks, i, clubs):
                clubs.add(i)
    out = _named_clubs(body, toks, gaz, taken) if sports else []
    for m in found:
        if m.method == METHOD_MODEL and m.type == "organization":
            a, b = _token_span(toks, m.start, m.end)
            if (
                b - a == 1
                and _club_word(toks.texts[a]) in AMBIGUOUS_CLUBS
                and (not sports or _club_stop(*_club_neighbours(toks, a)))
            ):
                taken.discard(a)
                continue
        out.append(m)
    for i in sorted(clubs - taken):
        w, name = toks.texts[i], _club_word(toks.texts[i]) or ""
        clitic = len(w) - len(name) if w.endswith(name) else len(w) - len(name) + 2  # للهلال: هلال, as للصين
        start, end = toks.start_after(i, clitic), toks.ends[i]
        words = alias_tokens(name)  # the club's one id however it is written (الهلال، للهلال)
        hit = _gazetteer_variant(words, gaz)
        eid, label = (
            (hit.entity_id, hit.name)
            if hit is not None and hit.type == "organization"
            else (_entity_id(words, "organization"), name)
        )
        out.append(
            _new_mention(
                start=start,
                end=end,
                surface=body[start:end],
                entity_id=eid,
                type="organization",
                method=METHOD_PATTERN,
                name=label,
            )
        )
        taken.add(i)
    return out


def _pattern_mention(body: str, start: int, end: int, etype: str, gaz: Gazetteer | None = None) -> Mention:
    """A pattern mention of ``body[start:end]``: the gazetteer's entity where ``gaz`` knows the name as this type
    (a spelling variant too), else an id of its own."""
    surface = body[start:end]
    words = alias_tokens(surface)
    hit = None if gaz is None else _gazetteer_variant(words, gaz)
    if hit is not None and hit.type == etype:
        eid, name = hit.entity_id, hit.name
    else:
        eid, name = _entity_id(words, etype), surface
    return _new_mention(
        start=start, end=end, surface=surface, entity_id=eid, type=etype, method=METHOD_PATTERN, name=name
    )


# مجموعة (دول) and a number, bare or in brackets or quotes: مجموعة 5+1، مجموعة (5+1)، مجموعة دول (5+1)، مجموعة
# «5+1»، مجموعة الـ20.
_NUMBERED_GROUP_RE = re.compile(
    r"مجموعة\s?(?:دول\s?)?(?:[(«\"“]\s?\d+(?:\s?\+\s?\d+)?\s?[)»\"”]|(?:الـ?\s?)?\d+(?:\s?\+\s?\d+)?)"
)


def _numbered_groups(body: str, toks: _Tokens, taken: set[int]) -> list[Mention]:
    """Groups of states named by a number (مجموعة 5+1، مجموعة «5+1»، مجموعة الـ20) that no list holds."""
    if "مجموعة" not in body:
        return []
    out: list[Mention] = []
    for match in _NUMBERED_GROUP_RE.finditer(body):
        a, b = _token_span(toks, match.start(), match.end())
        if not taken.isdisjoint(range(a, b)) or body[toks.starts[a] : match.start()] not in _SURNAME_CLITICS:
            continue  # ومجموعة keeps its proclitic out; المجموعة 3 دول is no name
        out.append(_pattern_mention(body, match.start(), match.end(), "organization"))
        taken.update(range(a, b))
    return out


def _name_part(w: str) -> bool:
    """A word of a person's name after a title: a known name token that is no title word, or a connector (عبد)."""
    if w in _CONNECTOR_WORDS:
        return True
    if not w.isalpha() or w in TITLE_WORDS or _in(w, FUNCTION_WORDS):
        return False
    return w in GIVEN_NAMES or _person_word(w)


def _whole_title(w: str) -> bool:
    """Is a word a title by itself (الملك، الأمير), not a word of a longer one (الوزراء of رئيس الوزراء)?"""
    return any(k == 1 for k, _ in _titles_of(w))


DIRECTIONS = lexicon.folded("entity_nouns", "direction")
DIRECTION_ADJECTIVES = lexicon.folded("entity_nouns", "direction_adjective")
REGIONS = lexicon.folded("entity_nouns", "region")
# اليميني، اليسارية: a political leaning after an organisation's name describes it
STANCE_ADJECTIVES = lexicon.folded("entity_nouns", "stance_adjective")


def _with_directions(body: str, toks: _Tokens, m: Mention) -> Mention:
    """A continent's mention with the compass words that make a region's name of it (جنوب شرق آسيا، أوروبا
    الشرقية), a pattern location; other mentions as they are (a city or country keeps its name: وسط بغداد)."""
    if m.type != "location" or _fold_piece(m.surface) not in REGIONS:
        return m
    a, b = _token_span(toks, m.start, m.end)
    texts, joined = toks.texts, toks.joined
    lo, hi = a, b
    if toks.starts[a] == m.start:
        while lo > 0 and a - lo < 2 and joined[lo - 1] and _bare(texts[lo - 1]) in DIRECTIONS:
            lo -= 1
    if toks.ends[b - 1] == m.end and b < len(toks) and joined[b - 1] and texts[b] in DIRECTION_ADJECTIVES:
        hi += 1
    if (lo, hi) == (a, b):
        return m
    conj = len(texts[lo]) - len(_bare(texts[lo]))
    start = toks.start_after(lo, conj)
    return _pattern_mention(body, start, toks.ends[hi - 1], "location")


def _nasab_end(toks: _Tokens, j: int, taken: set[int]) -> int:
    """The token after the nasab that goes on at token j (بن مساعد، بن عبد العزيز، آل سعود), j when none does."""
    texts, joined, n = toks.texts, toks.joined, len(toks)
    while j + 1 < n and joined[j - 1] and joined[j] and (texts[j] in SON_WORDS or texts[j] == FAMILY_WORD):
        k = 3 if texts[j + 1] == "عبد" and j + 2 < n and texts[j + 2] in DIVINE_NAMES else 2
        if not texts[j + 1].isalpha() or _in(texts[j + 1], FUNCTION_WORDS) or not taken.isdisjoint(range(j, j + k)):
            break
        j += k
    return j


def _son_follows(toks: _Tokens, a: int, taken: set[int]) -> bool:
    """Do a son word and a name word no mention holds follow token a on the same line (سلمان «بن حمد»)?"""
    j = a + 1
    if j + 1 >= len(toks) or toks.texts[j] not in SON_WORDS or not (toks.joined[a] and toks.joined[j]):
        return False
    return taken.isdisjoint((j, j + 1)) and toks.texts[j + 1].isalpha() and not _in(toks.texts[j + 1], FUNCTION_WORDS)


ROYAL_TITLES = lexicon.folded("titles", "royal")


def _family_name_after(body: str, toks: _Tokens, m: Mention, taken: set[int]) -> int | None:
    """The end of a longer name when a known person's full nasab (عبدالله بن عبدالعزيز) goes on with a family name
    (المهندس عبدالله بن عبدالعزيز الجربوع): another man of the same given names; None when no family name follows.
    Not after a royal title (the royal himself) nor after آل (آل مكتوم ends the name), not an adjective (الراحل، العالمية), and a clear boundary after it: a
    definite object (استقبل الملك سلمان بن عبدالعزيز الوفد المرافق) goes on with no pause."""
    a, b = bisect.bisect_right(toks.ends, m.start), bisect.bisect_left(toks.starts, m.end)
    if a and toks.texts[a - 1] in ROYAL_TITLES:  # الملك سلمان بن عبدالعزيز الوفد: the king, and his object
        return None
    if (
        b - a < 3
        or SON_WORDS.isdisjoint(toks.texts[a:b])
        or FAMILY_WORD in toks.texts[a:b]
        or b >= len(toks)
        or b in taken
        or not toks.joined[b - 1]
    ):
        return None
    w, raw = toks.texts[b], body[toks.starts[b] : toks.ends[b]]
    if not _raw_definite(raw) or w.endswith("يه") or w in TITLE_ADJECTIVES or w in NAME_ADJECTIVES:
        return None
    if not _name_word_text(w, raw, False) or w in _CALENDAR_WORDS:
        return None
    k = b + 1
    if k < len(toks) and toks.joined[b]:  # a clear boundary follows, not an adjective or purpose (الوفد المرافق)
        nxt, after = toks.texts[k], DIACRITICS_RE.sub("", body[toks.starts[k] : toks.ends[k]])
        verb = _in(nxt, VERBS) or _in(nxt, OTHER_VERBS)
        accusative = not after.startswith("ال") and after.endswith("ا")  # ممثلاً، عضوا
        if not (_in(nxt, FUNCTION_WORDS) or verb or nxt in TITLE_WORDS or accusative):
            return None
    return toks.ends[b]


def _with_own_surname(
    body: str, toks: _Tokens, gaz: Gazetteer, m: Mention, spans: Sequence[Span], taken: set[int]
) -> Mention:
    """A known person's short name that goes on with the family name of that person's own full name, the tagger
    reading one person over both (صباح الأحمد الصباح: the gazetteer knows صباح الأحمد, his full name ends with
    الصباح), reaches over that word as the same person; other mentions as they are."""
    b = bisect.bisect_left(toks.starts, m.end)
    if not 0 < b < len(toks) or b in taken or not toks.joined[b - 1] or toks.ends[b - 1] != m.end:
        return m
    own = _folded_words(gaz[m.entity_id].name_ar)
    if len(own) < 2 or toks.texts[b] != own[-1] or toks.texts[b] in map(fold, m.surface.split()):
        return m
    end = toks.ends[b]
    if not any(s.type == "person" and s.start <= m.start and end <= s.end for s in spans):
        return m
    return replace(m, end=end, surface=body[m.start : end])


@lru_cache(maxsize=65536)
def _folded_words(name: str) -> tuple[str, ...]:
    """The words of a name, folded (a known person's name is read again at each of its mentions)."""
    return tuple(fold(w) for w in name.split())


def _named_son(body: str, toks: _Tokens, m: Mention, taken: set[int]) -> Mention:
    """A known person's mention right after a son word and a name (فهد بن عبدالله بن عبدالعزيز، مايد بن محمد بن راشد
    آل مكتوم) is the father in the son's name: the mention becomes the son's, a pattern person from his name to the
    end of the nasab. A known person's lone given name before another nasab is another person (الأمير سلمان بن
    حمد آل خليفة), from that name to the nasab's end; other mentions as they are."""
    a = bisect.bisect_right(toks.ends, m.start)
    if (end := _family_name_after(body, toks, m, taken)) is not None:
        return _pattern_mention(body, m.start, end, "person")
    if a < len(toks) and toks.starts[a] == m.start and toks.ends[a] == m.end and _son_follows(toks, a, taken):
        # سلمان بن حمد آل خليفة: a known person's lone given name, then another father: another person
        return _pattern_mention(body, m.start, toks.ends[_nasab_end(toks, a + 1, taken) - 1], "person")
    if a < 2 or toks.starts[a] != m.start or toks.texts[a - 1] not in SON_WORDS:
        return m
    if not (toks.joined[a - 2] and toks.joined[a - 1]) or not taken.isdisjoint((a - 2, a - 1)):
        return m
    son = toks.texts[a - 2]
    clitic = 1 if _loose_conjunction(son, "person") else 0  # وفهد بن ...: the listing و is not the name's
    start = toks.start_after(a - 2, clitic)
    if not _name_word_text(son[clitic:], body[start : toks.ends[a - 2]], True):
        return m
    b = bisect.bisect_left(toks.ends, m.end)
    end = toks.ends[_nasab_end(toks, b + 1, taken) - 1]
    return _pattern_mention(body, start, end, "person")


def _with_family_name(body: str, toks: _Tokens, m: Mention, taken: set[int]) -> Mention:
    """A tagger person's nasab that goes on with a family name the tagger left out (... عبدالرحمن بن عبدالعزيز العيد.)
    reaches over it, as a known person's does (:func:`_family_name_after`), where punctuation or a title follows it
    (a definite object goes on with a preposition: وشكر فلان بن فلان الحضور على); other mentions as they are."""
    end = _family_name_after(body, toks, m, taken)
    if end is None:
        return m
    b = bisect.bisect_left(toks.starts, end)
    if b < len(toks) and toks.joined[b - 1] and not _in(toks.texts[b], TITLE_WORDS):
        return m
    return _pattern_mention(body, m.start, end, "person")


def _place_named_organisation(body: str, toks: _Tokens, gaz: Gazetteer, m: Mention, spans: Sequence[Span]) -> Mention:
    """A gazetteer place right after a noun like جامعة is the organisation's name (جامعة القاهرة، معهد واشنطن):
    the mention becomes the organisation's, from the noun without its proclitics to the place or a nisba the
    tagger reads with it (``spans``); other mentions as they are."""
    if m.method != METHOD_GAZETTEER or m.type not in ("location", "country"):
        return m
    a = bisect.bisect_right(toks.ends, m.start)
    if not a or toks.starts[a] != m.start or not toks.joined[a - 1]:
        return m
    h = a - 1
    if h and toks.texts[h] in AREA_NOUNS and toks.joined[h - 1]:
        h -= 1  # شرطة منطقة مكة المكرمة: the area's noun between the head and its place
    elif h and toks.texts[h] in COURT_KINDS and toks.joined[h - 1] and toks.texts[h - 1] in _COURT_HEAD_FORMS:
        h -= 1  # محكمة جنايات القاهرة: the court's kind between the head and its place
    elif toks.texts[h] in _AREA_ONLY_HEAD_FORMS and toks.texts[a] not in AREA_NOUNS:
        return m  # إمارة دبي: the territory; إمارة منطقة عسير (the area's noun in the place's name): its office
    clitic = _PLACE_HEAD_FORMS.get(toks.texts[h])
    if clitic is None:
        return m
    start = toks.start_after(h, clitic)
    return _pattern_mention(body, start, _tagger_adjective_end(toks, m.end, start, spans), "organization", gaz)


AREA_NOUNS = lexicon.folded("entity_nouns", "area_noun")
COURT_KINDS = lexicon.folded("entity_nouns", "court_kind")
_COURT_HEAD_FORMS = _head_forms(lexicon.folded("entity_nouns", "court_head"))


def _after_place_heads(toks: _Tokens, flagged: list[tuple[int, int]]) -> set[int]:
    """Body starts of the two words after each head noun that makes a place an organisation's name (جامعة القاهرة;
    شرطة منطقة مكة: an area's noun between): only a place opening on one can be renamed by
    :func:`_place_named_organisation` (``flagged``: the gazetteer step's (token, rule bits))."""
    starts, n = toks.starts, len(toks)
    return {starts[j] for i, flags in flagged if flags & PLACE_HEAD for j in (i + 1, i + 2) if j < n}


def _area_offices(
    body: str, toks: _Tokens, gaz: Gazetteer, taken: set[int], flagged: list[tuple[int, int]]
) -> list[Mention]:
    """Offices named by a head like شرطة, an area's noun and a place the gazetteer lacks (شرطة محافظة الليث،
    بلدية محافظة الخرج), on one line: the head without its proclitics to the place's one word (``taken``: updated;
    ``flagged``: the gazetteer step's (token, rule bits)). A known place is read by :func:`_place_named_organisation`."""
    texts, joined, n = toks.texts, toks.joined, len(toks)
    out: list[Mention] = []
    for i in [i for i, flags in flagged if flags & PLACE_HEAD and i + 2 < n]:
        j = i + 2
        if texts[i + 1] not in AREA_NOUNS or not (joined[i] and joined[i + 1]) or not taken.isdisjoint((i, i + 1, j)):
            continue
        w = texts[j]
        if len(w) < 3 or not w.isalpha() or _in(w, FUNCTION_WORDS) or w in _KIND_WORDS:
            continue
        if _place_goes_on(body, toks, j, taken):
            j += 1  # شرطة محافظة أبو عريش، حفر الباطن: a place of two words
        start = toks.start_after(i, _PLACE_HEAD_FORMS[texts[i]])
        out.append(_pattern_mention(body, start, toks.ends[j], "organization", gaz))
        taken.update(range(i, j + 1))
    return out


def _place_goes_on(body: str, toks: _Tokens, j: int, taken: set[int]) -> bool:
    """Does an unknown place's first word, token j, take the next as its second (أبو عريش، حفر الباطن, not بيشة
    الرائد): after a kunya word, or an indefinite word before a definite one that is no kind or title word?"""
    k = j + 1
    if k >= len(toks) or not toks.joined[j] or k in taken or not toks.texts[k].isalpha():
        return False
    if toks.texts[j] in KUNYA_WORDS:
        return True
    nxt = toks.texts[k]
    return (
        not _written_definite(body, toks, j)
        and _written_definite(body, toks, k, bare=True)
        and not (nxt in _KIND_WORDS or _in(nxt, FUNCTION_WORDS))
    )


def _tagger_adjective_end(toks: _Tokens, end: int, start: int, spans: Sequence[Span]) -> int:
    """Where an organisation named by a place ends: after the definite nisba the tagger's organisation span from
    the same head noun reads on with it (بنك فرنسا المركزي), else at the place."""
    b = bisect.bisect_left(toks.starts, end)
    if b >= len(toks) or not toks.joined[b - 1] or not _is_nisba_shape(toks.texts[b]):
        return end
    reach = toks.ends[b]
    if any(s.type == "organization" and s.start <= start < end < reach <= s.end for s in spans):
        return reach
    return end


# An outlet named as a region (الشرق الأوسط): quoted alone it is the paper wherever it stands; other places are an
# outlet only after لـ, or مع if an outlet bears its name, with a statement around (قال ... لـ"الرياض" إن).
QUOTED_OUTLET_PLACES = lexicon.folded("entity_nouns", "quoted_outlet_place")
_OUTLET_PLACE_CUES = frozenset({"ل", "مع"})


def _outlet_place(toks: _Tokens, m: Mention) -> Mention:
    """A known place quoted after لـ, a reporting verb or interview noun a few words before, is the outlet the
    statement is given to (وقال مدير الإدارة لـ"الرياض" إن، في حوار لـ«الشرق الأوسط»): the mention becomes an
    organisation of the same name; other mentions as they are (the rule :func:`_outlets` applies to unknown names)."""
    a, b = bisect.bisect_right(toks.ends, m.start), bisect.bisect_left(toks.starts, m.end)
    if a < 1 or _OPEN_MARKS.isdisjoint(toks.gaps[a - 1]) or b - a > 3 or b > len(toks):
        return m
    if _CLOSE_MARKS.isdisjoint(toks.gaps[b - 1]) or toks.starts[a] != m.start or toks.ends[b - 1] != m.end:
        return m
    if _fold_piece(m.surface) not in QUOTED_OUTLET_PLACES:
        cue = toks.texts[a - 1]
        if cue not in _OUTLET_PLACE_CUES or (cue == "مع" and not DATELINE_SOURCES.issuperset(toks.texts[a:b])):
            return m  # الحوار مع «واشنطن»: a party to talks; after مع only a place that is also a Saudi outlet's name
        before = toks.texts[max(0, a - 7) : a - 1]
        if not any(_in(v, REPORTING_VERBS) or not STATEMENT_NOUNS.isdisjoint(_stripped_forms(v)) for v in before) and (
            b >= len(toks)
            or _bare(toks.texts[b]) not in _COMPLEMENTISERS
            or not any(_in(v, REPORTING_VERBS) for v in toks.texts[max(0, a - 13) : a - 1])
        ):
            return m  # قال الناطق الإعلامي لـ"صحة الشرقية" لـ"الرياض" إن: a long subject, the statement right after
    return _relinked(m, _entity_id(alias_tokens(m.surface), "organization"), "organization", m.surface, METHOD_PATTERN)


def _in_event_name(body: str, toks: _Tokens, m: Mention) -> bool:
    """Is a place mention the place of an agreement's, meeting's or statement's name (اتفاق فيينا، مؤتمر جنيف،
    اتفاقية "هلسنكي": the place may be quoted)?"""
    a = bisect.bisect_right(toks.ends, m.start)
    return bool(
        a
        and toks.starts[a] == m.start
        and _is_gap_ok(body[toks.ends[a - 1] : toks.starts[a]])
        and not EVENT_HEADS.isdisjoint(_stripped_forms(toks.texts[a - 1]))
    )


# نبيل عمرو - مستشار، كيسنجر ـ وزير: a dash (or a tatweel written as one) opens an aside, not the name
_TRAILING_MARKS = QUOTE_CHARS + "() .,،؛;:!?؟\n-–—ـ"
# A proclitic, with tatweel or not, before a quoted name (لـ«الشرق الأوسط»، و(فان أورد)), or quote marks, opening a
# tagger span.
_EDGE_MARKS_RE = re.compile(f"(?:[وفبلك]{{1,2}}ـ*)?[{QUOTE_CHARS}()]+|[وفبلك]{{1,2}}ـ+")


def _description(words: tuple[str, ...]) -> bool:
    """A common noun with the article and a nisba adjective (الحكومة التركية، الجيش السوري): a description of an
    entity, not its name."""
    if len(words) != 2 or not words[0].startswith("ال"):
        return False
    return words[0][2:] in DESCRIPTION_HEADS and _is_nisba_shape(words[1])


def _in_facility_name(toks: _Tokens, a: int) -> bool:
    """Does a person span at token a stand in a place's name: after a facility noun (طريق صلاح الدين), perhaps
    across a title (شارع الملك فهد)?"""
    for j in (a - 1, a - 2):
        if j < 0 or not toks.joined[j]:
            return False
        if not FACILITY_NOUNS.isdisjoint(_stripped_forms(toks.texts[j])):
            # عن طريق حسني عبد ربه: "by way of", the idiom, names whoever does it, not a road
            return not (toks.texts[j] == "طريق" and j and toks.joined[j - 1] and toks.texts[j - 1] == "عن")
        if not _titles_of(toks.texts[j]):
            return False
    return False


def _places_inside(
    toks: _Tokens, a: int, b: int, span: Span, taken: set[int], covered: dict[int, Mention]
) -> list[Mention]:
    """The gazetteer place mentions strictly inside an organisation span of tokens [a, b) when they are all it
    overlaps (else none)."""
    if span.type != "organization":
        return []
    inside: list[Mention] = []
    for t in range(a, b):
        if t not in taken:
            continue
        m = covered.get(t)
        if m is None or m.type not in _PLACE_TYPES or m.start < span.start or m.end > span.end:
            return []
        if not inside or inside[-1] is not m:
            inside.append(m)
    # Only a place that opens the name (نيويورك تايمز): after a head noun (مركز كولوب للوجيستيات، محطة كابشاغاي)
    # the place stays a mention of its own, as the seed answer key has it.
    if inside and inside[-1].end == span.end and _construct_chain_to(toks, a, inside[0].start):
        return inside  # مؤسسة دوري نجوم قطر: the place closes a chain of indefinite nouns, the name's last genitive
    if not inside or inside[0].start != span.start or inside[-1].end == span.end:
        return []
    rest = range(bisect.bisect_right(toks.ends, inside[-1].end), b)
    if all(_adjective_word(toks.texts[t]) for t in rest):  # الاتحاد السوفيتي السابق: the place, described
        return []
    return inside


def _place_closing_chain(toks: _Tokens, lo: int, hi: int, covered: dict[int, Mention]) -> Mention | None:
    """The known place right after an organisation span [lo, hi) whose words are an unfinished chain of indefinite
    nouns (لمؤسسة دوري نجوم + قطر): the chain's genitive; None when there is none."""
    place = covered.get(hi) if hi < len(toks) and toks.joined[hi - 1] else None
    if place is None or place.type not in _PLACE_TYPES or place.start != toks.starts[hi]:
        return None
    return place if _construct_chain_to(toks, lo, place.start) else None


def _construct_chain_to(toks: _Tokens, a: int, start: int) -> bool:
    """Do at least two words without the article, from a head noun at token a, run up to body position start (مؤسسة
    دوري نجوم ...)? Such a chain is unfinished: what follows is its genitive."""
    p = bisect.bisect_left(toks.starts, start)
    if p - a < 2 or not _head_noun(toks.texts[a]):
        return False
    return all(toks.joined[t] and not toks.texts[t].startswith(("ال", "لل")) for t in range(a, p))


def _adjective_word(w: str) -> bool:
    """A definite adjective that describes rather than names (السابق، السابقة، الجديد)."""
    return w.startswith("ال") and (w[2:] in ORG_ADJECTIVES or w[2:].removesuffix("ه") in ORG_ADJECTIVES)


def _father_inside(
    toks: _Tokens, a: int, b: int, span: Span, taken: set[int], covered: dict[int, Mention]
) -> list[Mention]:
    """The gazetteer person mention that ends a person span of tokens [a, b) after a son word (حمدان بن محمد بن
    راشد آل مكتوم: the son, not the father the gazetteer knows) or after two given names before a lone family name
    (سليمان هلال الأسد: a relative), when it is all the span overlaps (else none)."""
    if span.type != "person":
        return []
    first = next((t for t in range(a, b) if t in taken), b)
    m = covered.get(first)
    if (
        m is None
        or m.type != "person"
        or first - a < 2
        or (toks.texts[first - 1] not in SON_WORDS and not _relative_before_family(toks, a, first, b))
        or m.end != span.end
        or any(t in taken and covered.get(t) is not m for t in range(first, b))
    ):
        return []
    return [m]


def _relative_before_family(toks: _Tokens, a: int, first: int, b: int) -> bool:
    """Do two or more known name tokens, none a kind word, open a tagger person span of tokens [a, b) before the
    gazetteer's one-word family name at ``first``, the span's last word? The gazetteer would have matched the
    whole name had it been a known spelling of its person (سليمان هلال الأسد is no بشار الأسد)."""
    return (
        first == b - 1
        and first - a >= 2
        and all(_name_token(w) and _KIND_WORDS.isdisjoint(_stripped_forms(w)) for w in toks.texts[a:first])
        and all(toks.joined[t] for t in range(a, first))
    )


# Nouns of natural features named after a place (نهر النيجر، جبل لبنان، خليج المكسيك).
NATURAL_FEATURES = lexicon.folded("entity_nouns", "natural_feature")


def _feature_inside(
    toks: _Tokens, a: int, b: int, span: Span, taken: set[int], covered: dict[int, Mention]
) -> list[Mention]:
    """The gazetteer place mention that ends a location span of tokens [a, b) opened by a natural feature's noun
    (نهر النيجر: the river, not the country), when it is all the span overlaps (else none)."""
    if span.type != "location" or b - a < 2 or a in taken or a + 1 not in taken:
        return []
    m = covered.get(a + 1)
    if m is None or m.type not in ("country", "location") or m.end != span.end or toks.texts[a] not in NATURAL_FEATURES:
        return []
    return [m] if all(covered.get(t) is m for t in range(a + 1, b)) else []


# The rule that lets a tagger span of a type take in the known mentions inside it (see _model_mentions).
_INSIDE_RULES = {"organization": _places_inside, "person": _father_inside, "location": _feature_inside}

_PREPOSITIONS = lexicon.folded("quote_cues", "preposition")
_PREPOSITION_ARTICLES = ("بال", "وبال", "فبال", *LIL_PROCLITICS)


def _governed(toks: _Tokens, i: int) -> bool:
    """Is word i a noun by what governs it: a preposition written before it on the same line (في، من، إلى) or
    joined to it before the article (بالمقدادية، للشجاعية), or a place noun without the article, whose genitive
    it is (منطقة الشجاعية، مدينة المقدادية: an adjective would take the article with its noun)?"""
    if toks.texts[i].startswith(_PREPOSITION_ARTICLES):
        return True
    if i == 0 or "\n" in toks.gaps[i - 1]:
        return False
    before = _bare(toks.texts[i - 1])  # وفي المحمودية: the conjunction before the preposition changes nothing
    return before in _PREPOSITIONS or (before in TYPE_CUES["location"] and not before.startswith("ال"))


def _waw_after_construct_noun(body: str, toks: _Tokens, a: int, start: int) -> bool:
    """Did the tagger cut a word-initial و that is the name's own letter, right after an indefinite type noun (شركة)?"""
    if a == 0 or not toks.joined[a - 1] or fold(body[toks.starts[a] : start]) != "و":
        return False
    before = toks.texts[a - 1]
    return bool(_stripped_forms(before) & ORG_NOUNS) and not _raw_definite(body[toks.starts[a - 1] : toks.ends[a - 1]])


def _loose_conjunction(word: str, etype: str, after_name: bool = False) -> bool:
    """Does a span's first word still carry the conjunction و (ومسيحيين، ويهود، وجوناثان، وعبد الله)? For a group,
    when a plural of three letters or more remains; for a person, when a known given name or a word that opens a
    name (عبد، أبو) remains, or the span follows a name on the same line (ناصر الجفن وعبداللطيف الخضير: a list, where
    وليد and وسام stay); for an organisation, when a head noun remains, also under ب or ل (وقوات الحلف، بصحيفة
    الوئام، لقناة السويس)."""
    rest = word[1:]
    if etype == "organization":  # وقوات، بصحيفة، لقناة: a proclitic the tagger kept on a head noun
        return word[:1] in "وبل" and (rest in CONSTRUCT_NOUNS or rest in _HEAD_NOUNS)
    if word[:1] != "و" or word in WAW_NAMES:
        return False
    if etype == "group":
        return len(rest) >= 3
    if etype != "person":
        return False
    if rest in GIVEN_NAMES or rest in _CONNECTOR_WORDS:
        return True
    return after_name and len(rest) >= 3 and not _name_token(word)


def _title_at(texts: list[str], i: int) -> bool:
    """Does a title of two words or more (آية الله، وزير الخارجية) start at word i?"""
    return any(k > 1 and texts[i + 1 : i + k] == rest for k, rest in _titles_of(texts[i]))


def _adjective_group(toks: _Tokens, lo: int, hi: int, surface: str) -> bool:
    """A group span that describes rather than names: a plural right after a definite word (الأويغور المسلمين,
    المقاتلين الأفغان) or a plural of what people do or think (الانفصاليين). A plural joined by و to the word
    before it (العرب والمسلمين، اليهود والهندوس) is a second group, not an adjective."""
    words = alias_tokens(surface)
    if any(w.removeprefix("ال") in COLLECTIVE_DESCRIPTORS for w in words):
        return True
    if hi - lo != 1 or lo == 0 or not toks.joined[lo - 1] or toks.texts[lo][:1] in _CONJ:
        return False
    return _definite_word(toks.texts[lo - 1])


def _org_head_before(toks: _Tokens, a: int, start: int) -> bool:
    """Is the word before token a (the span starting at ``start`` on its first letter), on the same line across
    spaces or an opening quote, a noun that heads an organisation's name (مجلس، وزارة)?"""
    if start != toks.starts[a]:
        return False
    gap = toks.gaps[a - 1]
    if "\n" in gap or gap.strip(" " + OPEN_QUOTES):
        return False
    return not ORG_NAME_HEADS.isdisjoint(_stripped_forms(toks.texts[a - 1]))


@lru_cache(maxsize=1 << 16)
def _name_keys(surface: str) -> tuple[str, ...]:
    """Variant keys of the words of a person's name, connectors (بن، عبد) as they are."""
    return tuple(name_variant_key(w) for w in _alias_tokens(surface))


def _full_name_of(m: Mention, fulls: list[tuple[Mention, tuple[str, ...]]]) -> Mention | None:
    """The earlier full name a partial person mention belongs to: its words start or end that name (the surname
    first, then the nearest); None when no full name comes before it."""
    part = _name_keys(m.surface)
    k = len(part)
    best: tuple[int, int, Mention] | None = None
    for full, keys in fulls:
        if full.start >= m.start or len(keys) <= k:
            continue
        if keys[-k:] == part:
            rank = (1, full.start)
        elif keys[:k] == part:
            rank = (0, full.start)
        else:
            continue
        if best is None or rank > best[:2]:
            best = (*rank, full)
    return best[2] if best else None


_SURNAME_CLITICS = ("", "و", "ف", "ب", "ل", "وب", "ول")
assert all(c[:1] in _PROCLITIC_LETTERS for c in _SURNAME_CLITICS if c)


def _coreference(
    body: str,
    toks: _Tokens,
    mentions: list[Mention],
    taken: set[int],
    names: list[int] | None = None,
) -> list[Mention]:
    """Join later partial person mentions to the full name given earlier in the article (لافروف -> سيرغي لافروف),
    and find a full name's surname where no step found it (ولافروف); both get the method ``coreference``
    (``names``: the tokens whose word is a name form (rule bit NAME_FORM), when the gazetteer step read them)."""
    fulls = [
        (m, _name_keys(m.surface))
        for m in mentions
        if m.type == "person" and m.method != METHOD_COREFERENCE and len(_alias_tokens(m.surface)) >= 2
    ]
    if not fulls:
        return list(mentions)  # no full name: nothing to join, and no surname to find
    out = [
        _coreferent(m, fulls) if m.type == "person" and m.method in (METHOD_MODEL, METHOD_PATTERN) else m
        for m in mentions
    ]
    surnames: dict[str, Mention] = {}
    for full, _ in sorted(fulls, key=lambda f: f[0].start, reverse=True):  # the earliest full name wins a surname
        last = _alias_tokens(full.surface)[-1]
        if (
            len(last) >= 4
            and not last.startswith("ال")
            and not _edge_junk(last, True, True)
            and last not in GIVEN_NAMES
            and last not in _CALENDAR_WORDS  # محمد رمضان: the month رمضان later is no surname
            and _name_token(last)  # a known name token (Wikidata), not a common word (جهود)
        ):
            surnames[last] = full
    if not surnames:
        return out
    # every written form of a surname (ولافروف، لافروف) -> the proclitic's length and the full name: one look-up a token
    forms = {c + last: (len(c), full) for last, full in surnames.items() for c in _SURNAME_CLITICS}
    if names is None:
        at = list(compress(range(len(toks)), map(forms.__contains__, toks.texts)))
    else:  # a surname's forms are name forms: only the words flagged so are looked up
        at = list(compress(names, map(forms.__contains__, map(toks.texts.__getitem__, names))))
    for i in at:
        clitic, full = forms[toks.texts[i]]
        if i in taken or full.end > toks.starts[i]:
            continue
        start = toks.start_after(i, clitic)
        if not clitic and (k := _given_words_before(toks, i, _alias_tokens(full.surface), taken)):
            start = toks.starts[i - k]  # كولو توريه again: the whole name, not its surname alone
        out.append(
            _new_mention(
                start=start,
                end=toks.ends[i],
                surface=body[start : toks.ends[i]],
                entity_id=full.entity_id,
                type="person",
                method=METHOD_COREFERENCE,
                name=full.name,
            )
        )
        taken.add(i)
    return out


def _coreferent(m: Mention, fulls: list[tuple[Mention, tuple[str, ...]]]) -> Mention:
    """A partial person mention joined to the full name given earlier that it repeats; else as it is."""
    full = _full_name_of(m, fulls)
    if full is not None and full.entity_id != m.entity_id:
        return _relinked(m, full.entity_id, "person", full.name, METHOD_COREFERENCE)
    return m


def _given_words_before(toks: _Tokens, i: int, words: tuple[str, ...], taken: set[int]) -> int:
    """How many words right before a full name's surname at token i repeat the name's other words, on the line and
    in no other mention (0 where they do not)."""
    k = len(words) - 1
    if i < k or any(j in taken or not toks.joined[j] for j in range(i - k, i)):
        return 0
    return k if tuple(toks.texts[i - k : i]) == words[:-1] else 0


# --- public API ------------------------------------------------------------------------------------------


def find_mentions(
    body: str,
    gaz: Gazetteer,
    patterns: bool = True,
    model: bool = True,
    spans: Sequence[Span] | None = None,
    index: TextIndex | None = None,
    min_confidence: float | None = None,
    words: _Words | None = None,
) -> list[Mention]:
    """All entity mentions in one article body, sorted by (start, end): the gazetteer's, then the pattern rules',
    then the tagger's spans that overlap neither (``spans``: the tagger's output when already computed, as
    :func:`akhbar.extract.ner.tag_spans_batch` gives it for many bodies), then later partial names joined to the
    full name given earlier (``index``: the body's :class:`~akhbar.text.index.TextIndex` when already made;
    ``min_confidence``: the least tagger confidence of a person or organisation only the model finds, default
    :data:`MODEL_MIN_CONFIDENCE`; ``words``: the gazetteer's reading of the index's words, when the batch made it)."""
    toks = _tokenize(body, index, words.capitals if words is not None else None)
    if words is None:
        words = _text_words(toks.texts, _matcher(gaz))
    covered: dict[int, Mention] = {}
    found = _gazetteer_mentions(body, toks, gaz, covered, words)
    # Most flagged words are name forms only, which coreference alone reads: the other rules read the rest.
    flagged, bits = words.rules, words.bits  # the rule bits of the text's words: a rule none holds is skipped
    if patterns and (more := _pattern_mentions(body, toks, found, covered, flagged, bits, words.where)):
        found, more = _surnames_in_longer_names(found, [_as_gazetteer_variant(m, gaz) for m in more], gaz)
        found = sorted(found + more, key=_SPAN)
    if not model:
        return found  # gazetteer mentions come in text order
    if spans is None:
        spans = tag_spans(body)
    # most texts hold the gazetteer's mentions alone here (no pattern rule fired): the passes below for the others
    # are skipped after one C-level look at the methods
    others = any(map(METHOD_GAZETTEER.__ne__, map(_METHOD_OF, found)))
    if others:
        # only a pattern organisation may be cut (most mentions are the gazetteer's: no call for them)
        found = [
            _cut_to_tagger_name(body, toks, gaz, m, spans)
            if m.method == METHOD_PATTERN and m.type == "organization"
            else m
            for m in found
        ]
        found = [
            _cut_to_sure_person(body, gaz, m, spans) if m.method == METHOD_PATTERN and m.type == "person" else m
            for m in found
        ]
        # only a pattern person may go: the method is read here, not in a call per mention
        found = [m for m in found if m.method != METHOD_PATTERN or not _unbacked_waw_name(m, spans)]
    found, yielded = _yield_to_longer_names(body, found, spans, min_confidence)
    taken = set(covered)
    if others:  # (a text of gazetteer mentions alone keeps them all: _yield_to_longer_names reads pattern persons)
        for m in found:
            if m.method != METHOD_GAZETTEER:
                taken.update(range(*_token_span(toks, m.start, m.end)))
    displaced: list[Mention] = []
    found += _model_mentions(body, toks, gaz, spans, taken, covered, displaced, min_confidence)
    found += _genitive_organisations(body, toks, gaz, taken, flagged)
    found += _purpose_organisations(body, toks, gaz, taken, flagged, covered, displaced)
    found += _area_offices(body, toks, gaz, taken, flagged)
    found = _sports_clubs(body, toks, gaz, taken, found, flagged)
    found += _numbered_groups(body, toks, taken)
    # the rules below change only places and known people (tens of thousands of mentions per corpus: no call for
    # the others); a place is an organisation's name only after a head word, absent from most articles
    place_heads = _after_place_heads(toks, flagged) if bits & PLACE_HEAD else _NO_TOKENS
    son = bits & SON
    found = [
        (_place_named_organisation(body, toks, gaz, m, spans) if m.start in place_heads else m)
        if m.type in _PLACE_TYPES
        else _named_son(body, toks, _with_own_surname(body, toks, gaz, m, spans, taken), taken)
        if son and m.method == METHOD_GAZETTEER and m.type == "person"
        else _with_own_surname(body, toks, gaz, m, spans, taken)
        if m.method == METHOD_GAZETTEER and m.type == "person"
        else _with_family_name(body, toks, m, taken)
        if son and m.method == METHOD_MODEL and m.type == "person"
        else m
        for m in found
    ]
    # an outlet's quoted name after ل or مع, or a region's name quoted alone (الشرق الأوسط، الشرق الاوسط)
    # (a place whose word follows a gap of spaces alone is none: the index says so with no gap sliced nor call made)
    ends, joined = toks.ends, toks.joined
    found = [
        _outlet_place(toks, m)
        if m.type in _PLACE_TYPES and m.method != METHOD_PATTERN and not joined[bisect.bisect_right(ends, m.start) - 1]
        else m
        for m in found
    ]
    if displaced:
        gone = set(map(id, displaced))
        found = [m for m in found if id(m) not in gone]
    if yielded:  # a pattern name whose longer tagger span the model rules refused or trimmed back stays as it was
        back = {(m.start, m.end): m for m in yielded}
        found = [back.pop((m.start, m.end), m) if m.method == METHOD_MODEL else m for m in found]
        found += [m for m in back.values() if not any(o.start < m.end and m.start < o.end for o in found)]
    events = bits & EVENT_HEAD
    found = [
        m if m.type != "location" or not _region_name(m.surface) else _with_directions(body, toks, m)
        for m in found
        if m.type != "location" or not (events and _in_event_name(body, toks, m))
    ]
    found = _described_companies(body, toks, gaz, found)
    found = _longer_generic_names(body, toks, gaz, found)
    if bits & LISTED_PORTFOLIO:  # the rule needs a listed portfolio's word
        found = _listed_portfolios(body, toks, gaz, found)
    if bits & REPEAT_HEAD:  # the rule needs a name with such a head
        found = _headless_repeats(body, toks, found)
    if "مستشف" in body or "مستوصف" in body:  # the literal test first: few articles name a hospital
        found = _hospital_places(body, toks, gaz, found)
    if bits & UNIT_HEAD:  # the rule needs a unit's head noun
        found = _units_of_bodies(body, toks, gaz, found)
    if "فريق" in body:  # the literal test first: the rule needs the head
        found = [_team_place(toks, gaz, m) if m.type == "location" else m for m in found]
    if "شركة" in body:  # the literal test first: the rule needs the head
        found = _firms_by_business(body, toks, gaz, found)
    if bits & QUOTED_HEAD:  # the rule needs a head of a quoted name (most texts quote, fewer after a head)
        found = _quoted_names_after_heads(body, toks, gaz, found, flagged)
    found = _without_overlaps(sorted(_coreference(body, toks, found, taken, words.names), key=_SPAN))
    # the literal test first: the regex tries its lookbehind at every position of every body (2% of this step)
    if "سمات" in body and (tags := _TAG_LIST_RE.search(body)) is not None:
        found = [m for m in found if m.start < tags.start()]
    if "رابط الخبر" in body and (link := _STORY_LINK_RE.search(body)) is not None:
        found = [m for m in found if m.start < link.start()]
    return found


# An outlet's tag list closing the body on the last sentence's line: "... الخميس المقبل. سمات الرئاسة المصرية
# السيسي": keywords, not text (the chrome rule of the answer keys), often misread together (روميرو مانشيستر).
_TAG_LIST_RE = re.compile(r"(?<=[.!?؟…»”\"'\n])[^\S\n]*سمات[^\S\n]+[^.!?؟…\n]*\s*\Z")
# An outlet's link to the story closing the body: "رابط الخبر بصحيفة الوئام: <the title>": the outlet's footer (the
# keys' chrome rule), which repeats the title.
_STORY_LINK_RE = re.compile(r"رابط الخبر\s+ب?صحيفة\s+[^\n:]{1,30}:[^\n]{1,160}\s*\Z")


_SPAN = attrgetter("start", "end")
_SPAN_TYPE = attrgetter("type")
_METHOD_OF = attrgetter("method")
_FLAGS_OF = itemgetter(1)  # a flagged word's rule bits


def _is_region_name(surface: str) -> bool:
    """Is a mention's surface a region's name (what :func:`_with_directions` extends)?"""
    return _fold_piece(surface) in REGIONS


# decided once per surface (asked of every place mention: a dictionary look-up, not an lru_cache call)
_region_name = _Memo(_is_region_name, 1 << 16).__getitem__


DESCRIBED_COMPANY_HEADS = lexicon.folded("entity_nouns", "described_company_head")


def _company_description(body: str, toks: _Tokens, lo: int, hi: int) -> bool:
    """Are tokens [lo, hi) a head like شركة, a definite common noun and definite nisbas (شركة الطاقة البرازيلية)?"""
    if hi - lo < 3 or DESCRIBED_COMPANY_HEADS.isdisjoint(_stripped_forms(toks.texts[lo])):
        return False
    if not all(_written_definite(body, toks, k) for k in range(lo + 1, hi)) or _is_nisba_shape(toks.texts[lo + 1]):
        return False
    return any(_is_nisba_shape(toks.texts[k]) for k in range(lo + 2, hi))


def _country_nisba(w: str, gaz: Gazetteer) -> bool:
    """Is the definite nisba w a known country's (البريطانية، البرازيلية، الأمريكية، السعودية)?"""
    if not _is_nisba_shape(w):
        return False
    stem = w[2:-2] if w.endswith("يه") else w[2:-1]
    resolved = _matcher(gaz).resolved
    return any(
        (hit := resolved.get((form,))) is not None and hit.type == "country"
        for form in (w, stem, stem + "ا", stem + "يا", "ال" + stem)
    )


def _quote_after(toks: _Tokens, j: int, right_after: bool) -> tuple[int, int] | None:
    """The quoted words (first, end) that open after token j past one or two definite adjectives (العملاقة), or
    (``right_after``) right after it: a quote right after a trade and a nisba that is not a country's is as often
    their short form (الصناعات الكيميائية الأساسية "بي سي آي")."""
    k = j
    while k < len(toks) - 1 and k - j < 2 and toks.joined[k] and toks.texts[k + 1].startswith("ال"):
        k += 1
    if k == j and not right_after:
        return None
    if k >= len(toks) - 1 or _OPEN_MARKS.isdisjoint(toks.gaps[k]) or "\n" in toks.gaps[k]:
        return None
    q = end = k + 1
    while end < len(toks) and end - q < 3:
        if not _CLOSE_MARKS.isdisjoint(toks.gaps[end]):
            return (q, end + 1) if toks.texts[q].isalpha() else None
        if not toks.joined[end]:
            return None
        end += 1
    return None


def _other_body_nisba(w: str, gaz: Gazetteer) -> bool:
    """May the definite nisba w name another body after a known one: a country's (التركي) or one of a stem of four
    letters or more (المسيحي، الاجتماعي), not a short adjective of that shape (القوي، الحالي، الثاني)?"""
    stem = w[2:-2] if w.endswith("يه") else w[2:-1]
    return w not in _TENURE_ADJECTIVES and (len(stem) >= 4 or _country_nisba(w, gaz))


def _longer_generic_names(body: str, toks: _Tokens, gaz: Gazetteer, found: list[Mention]) -> list[Mention]:
    """A known body named by a head noun and a nisba (الحزب الديمقراطي: the US party) is another body where a
    second nisba of the same gender follows (الحزب الديمقراطي المسيحي، الحزب الجمهوري التركي): that longer name,
    found by no list, becomes an organisation of its own. A nisba of another gender agrees with another noun (فرق
    الاتحاد الأفريقي المعنية); a word in ى is none (مجلس الشورى السعودي: folded alike)."""
    starts = {m.start for m in found}
    out: list[Mention] | None = None  # a copy of found, made where a longer name is found (few articles)
    for k, m in enumerate(found):
        if m.type != "organization" or m.method != METHOD_GAZETTEER:
            continue
        lo, hi = _token_span(toks, m.start, m.end)
        if (
            hi - lo != 2
            or hi >= len(toks)
            or not toks.joined[hi - 1]
            or toks.starts[hi] in starts
            or not _head_noun(toks.texts[lo])
            or not _is_nisba_shape(toks.texts[lo + 1])
            or not _is_nisba_shape(toks.texts[hi])
            or not _other_body_nisba(toks.texts[hi], gaz)
            or toks.texts[lo + 1].endswith("يه") != toks.texts[hi].endswith("يه")  # فرق الاتحاد الأفريقي (المعنية)
            or DIACRITICS_RE.sub("", body[toks.starts[lo + 1] : toks.ends[lo + 1]]).endswith("ى")  # مجلس الشورى
            or not _written_definite(body, toks, hi)
        ):
            continue
        if out is None:
            out = list(found)
        out[k] = _pattern_mention(body, m.start, toks.ends[hi], "organization", gaz)
    return found if out is None else out


LISTED_PORTFOLIOS = frozenset("و" + w for w in lexicon.folded("entity_nouns", "listed_portfolio"))


def _listed_portfolios(body: str, toks: _Tokens, gaz: Gazetteer, found: list[Mention]) -> list[Mention]:
    """Ministries named by their portfolio alone under و in a comma list after another body (ممثلي القطاعات
    الصحية بالحرس الوطني، والداخلية، والدفاع): organisations, one after the other; a list of fields (الشؤون
    الداخلية والخارجية) has no comma after a body."""
    if LISTED_PORTFOLIOS.isdisjoint(toks.texts):
        return found  # most bodies list none: no look at their mentions
    starts = {m.start for m in found}
    out = list(found)
    for m in found:
        if m.type != "organization":
            continue
        t = bisect.bisect_left(toks.ends, m.end)
        while t + 1 < len(toks) and toks.ends[t] == m.end and toks.gaps[t].strip() in ("،", ","):
            nxt = t + 1
            if toks.texts[nxt] not in LISTED_PORTFOLIOS or toks.starts[nxt] + 1 in starts or "\n" in toks.gaps[t]:
                break
            m = _pattern_mention(body, toks.start_after(nxt, 1), toks.ends[nxt], "organization", gaz)
            out.append(m)
            t = nxt
    return sorted(out, key=_SPAN) if len(out) > len(found) else found


REPEAT_HEADS = lexicon.folded("entity_nouns", "repeat_head")


def _headless_repeats(body: str, toks: _Tokens, found: list[Mention]) -> list[Mention]:
    """A company's, group's or party's name of two words or more after its head (شركة المياه الوطنية، حزب العدالة
    والتنمية) said again without the head elsewhere in the article (وبينت المياه الوطنية، حكم العدالة والتنمية,
    under a proclitic too): the same organisation, where no mention holds those words."""
    names: dict[tuple[str, ...], Mention] = {}
    for m in found:
        if m.type != "organization":
            continue
        lo, hi = _token_span(toks, m.start, m.end)
        if hi - lo >= 3 and _is_repeat_head(toks.texts[lo]):
            names.setdefault(tuple(toks.texts[lo + 1 : hi]), m)
    if not names:
        return found  # most articles name none
    held: set[int] = set()
    for m in found:
        held.update(range(*_token_span(toks, m.start, m.end)))
    texts, out = toks.texts, list(found)
    for tail, m in names.items():
        k, first, rest = len(tail), tail[0], list(tail[1:])
        for second in _word_places(texts, rest[0], 1):  # (a tail has two words or more)
            t = second - 1
            if t > len(toks) - k:
                break
            if texts[t + 1 : t + k] != rest or (texts[t] != first and first not in _stripped_forms(texts[t])):
                continue
            if not held.isdisjoint(range(t, t + k)) or not all(toks.joined[t : t + k - 1]):
                continue
            start, end = toks.start_after(t, len(texts[t]) - len(first)), toks.ends[t + k - 1]
            out.append(
                _new_mention(
                    start=start,
                    end=end,
                    surface=body[start:end],
                    entity_id=m.entity_id,
                    type=m.type,
                    method=METHOD_COREFERENCE,
                    name=m.name,
                )
            )
            held.update(range(t, t + k))
    return sorted(out, key=_SPAN) if len(out) > len(found) else found


def _described_companies(body: str, toks: _Tokens, gaz: Gazetteer, found: list[Mention]) -> list[Mention]:
    """A company described by its trade and country (شركة النفط البرازيلية) is no name where its name stands beside
    it: in quotes after (شركة البناء الدولية العملاقة "أودبريشت"، مجموعة الغاز البريطانية «بريتش جاز», which
    becomes the organisation), or found just before or after (بتروبراس شركة النفط البرازيلية، شركة الإلكترونيات
    اليابانية توشيبا). Gazetteer names stay."""
    if not any(t == "organization" and method != METHOD_GAZETTEER for t, method in set(map(_TYPE_METHOD, found))):
        return found  # (the mentions' few kinds read in one C-level pass): most articles have no such organisation
    ends = {m.end for m in found if m.type == "organization"}
    starts = {m.start for m in found if m.type == "organization"}
    out: list[Mention] = []
    for m in found:
        if m.type != "organization" or m.method == METHOD_GAZETTEER:
            out.append(m)
            continue
        lo, hi = _token_span(toks, m.start, m.end)
        if lo > 0 and toks.joined[lo - 1] and _company_description(body, toks, lo - 1, hi):
            lo -= 1  # لمجموعة (الغاز البريطانية): the tagger left the head out
        elif not _company_description(body, toks, lo, hi):
            out.append(m)
            continue
        quoted = _quote_after(toks, hi - 1, _country_nisba(toks.texts[hi - 1], gaz))
        beside = (lo > 0 and toks.joined[lo - 1] and toks.ends[lo - 1] in ends) or (
            hi < len(toks) and toks.joined[hi - 1] and toks.starts[hi] in starts
        )
        if quoted is None and not beside:
            out.append(m)
            continue
        if quoted is not None:
            start, end = toks.starts[quoted[0]], toks.ends[quoted[1] - 1]
            if not any(o.start < end and start < o.end for o in found):
                out.append(_pattern_mention(body, start, end, "organization", gaz))
    return out


_PLACE_CUES = TYPE_CUES["location"]
_PLACE_TYPES = frozenset({"location", "country"})


def _surnames_in_longer_names(
    known: list[Mention], found: list[Mention], gaz: Gazetteer
) -> tuple[list[Mention], list[Mention]]:
    """Gazetteer person mentions that a longer pattern name holds (عادل بن أحمد الجبير holds الجبير) give way to
    it; the longer name is that person when it starts with the known name's first word, else another person of the
    same family (خالد بن السيد صالح الصواف is not Ali Abdullah Saleh). Returns both lists, updated."""
    people = [g for g in known if g.method == METHOD_GAZETTEER and g.type == "person"]
    held: dict[int, Mention] = {}  # id of a pattern name -> the gazetteer mention it holds
    for p in found:
        g = next((g for g in people if p.type == "person" and p.start < g.start and g.end <= p.end), None)
        if g is not None:
            held[id(p)] = g
    if not held:
        return known, found
    out = []
    for p in found:
        g = held.get(id(p))
        if g is not None and fold(gaz[g.entity_id].name_ar.split()[0]) == fold(p.surface.split()[0]):
            p = _relinked(p, g.entity_id, "person", gaz[g.entity_id].name_ar, p.method)
        out.append(p)
    gone = {id(g) for g in held.values()}
    return [g for g in known if id(g) not in gone], out


def _cut_to_tagger_name(body: str, toks: _Tokens, gaz: Gazetteer, m: Mention, spans: Sequence[Span]) -> Mention:
    """A pattern organisation (head noun + up to three words) that reads on past the name of two words or more the
    tagger reads from the same place (نادي مانشستر يونايتد بطل: the tagger stops at يونايتد) ends with the tagger's
    name; other mentions as they are."""
    if m.method != METHOD_PATTERN or m.type != "organization":
        return m
    a, b = _token_span(toks, m.start, m.end)
    for s in spans:
        if s.type != "organization" or not m.start <= s.start < s.end < m.end:
            continue
        lo, hi = _token_span(toks, s.start, s.end)
        if lo in (a, a + 1) and hi - lo >= 2 and hi < b and toks.ends[hi - 1] == s.end:
            return _pattern_mention(body, m.start, s.end, "organization", gaz)
    return m


# The least tagger confidence of a person span whose bounds a pattern name that holds it gives way to.
SURE_PERSON_CONFIDENCE = 0.8


def _cut_to_sure_person(body: str, gaz: Gazetteer, m: Mention, spans: Sequence[Span]) -> Mention:
    """A pattern person that holds a person span the tagger is sure of and reads on past it by words no person's
    name holds is cut to the tagger's name where those words read as common ones: before it a conjunction alone or
    words with a verb's or a plural's shape (وتامر ابو جبل، اخرجه فرانك كوراسي، تعرض فان نيستلروي; not a feminine
    ة, as in زليخة أبو ريشة, nor an unknown given name, جلوي آل كركمان), after a full name of two words or more a
    word under a preposition or conjunction (جورج بوش بوجود البرنامج، شوفكوفسكيي فاحتسب; not an unknown family name,
    فهد بن مرشد اليحيا). Other mentions as they are."""
    for s in spans:
        if s.type != "person" or s.confidence < SURE_PERSON_CONFIDENCE or not m.start <= s.start < s.end <= m.end:
            continue
        before, after = body[m.start : s.start], body[s.end : m.end]
        if not before and not after:
            return m
        if (before and not before[-1:].isspace() and fold(before) not in _CONJ) or (after and not after[:1].isspace()):
            return m
        if fold(before) in _CONJ and fold(s.surface.split()[0]) not in GIVEN_NAMES:
            return m  # وتامر is و + a given name, وليام روتو is William: the tagger's و-less name may be wrong
        words = [(fold(w), w) for w in before.split()]
        if words and fold(before.split()[0])[:1] in _CONJ and words[0][0] not in _CONJ:
            words[0] = (words[0][0][1:], words[0][1][1:])  # واخرجه: the verb under the conjunction
        if any(
            _name_token(w) or w in GIVEN_NAMES or not _common_word_shape(w, raw) or raw.endswith("ة")
            for w, raw in words
            if w not in _CONJ
        ):
            return m
        if after:
            first = fold(after.split()[0])
            if len(s.surface.split()) < 2 or first[:1] not in "بلف" or len(first) <= 3 or _name_token(first):
                return m
        return _pattern_mention(body, s.start, s.end, "person", gaz)
    return m


def _unbacked_waw_name(m: Mention, spans: Sequence[Span]) -> bool:
    """Is a pattern person's first word و on a word that is no known name (اللاعب وسيتحرك لضمه، باسمه واسم شعب،
    وإتمام عملية الانتقال) where no tagger person span touches it? The conjunction opens a clause or a second
    noun, not a name; the tagger reads the names that start so (وحي أمان، وليد) or follow the و (وفيكتور)."""
    if m.method != METHOD_PATTERN or m.type != "person" or m.surface[:1] != "و":
        return False
    w = fold(m.surface.split()[0])
    if w in GIVEN_NAMES or w in WAW_NAMES or _name_token(w):
        return False
    return not any(s.type == "person" and s.start < m.end and m.start < s.end for s in spans)


def _yield_to_longer_names(
    body: str, found: list[Mention], spans: Sequence[Span], min_confidence: float | None = None
) -> tuple[list[Mention], list[Mention]]:
    """Pattern person mentions that a tagger person span contains and reads further to the right, or to the left by
    given names only, overlapping no other mention, set aside so that the longer name is read (الرئيس الإيراني محمود
    أحمدي نجاد: the pattern rule stops at أحمدي; نظام جمال عبد الناصر: a later «الرئيس عبد الناصر» repeats as
    عبد الناصر here); returns the mentions kept and those set aside. A span longer to the left by other words holds
    a title the model rules trim anyway. Two person spans that only a space parts read as one, as
    :func:`_model_mentions` reads them, where the pattern name lies inside the first (عبدالله حمد + إبراهيم المشعل,
    لويس ايناسيو + لولا دا سيلفا): the name goes on."""
    if ("person", METHOD_PATTERN) not in map(_TYPE_METHOD, found):
        return found, []  # no pattern person to set aside (most articles)
    longer = [s for s in spans if s.type == "person"]
    if not longer:
        return found, []
    floor = MODEL_MIN_CONFIDENCE if min_confidence is None else min_confidence
    joined = [
        s
        for s in _joined_person_spans(body, longer, floor)
        if not any(s.end == o.end and s.start == o.start for o in longer)
    ]
    kept: list[Mention] = []
    yielded: list[Mention] = []
    for m in found:
        if m.method == METHOD_PATTERN and m.type == "person":
            span = next(
                (
                    s
                    for s in longer
                    if s.start <= m.start < m.end <= s.end
                    and (m.end < s.end or (s.start < m.start and _given_names_only(body[s.start : m.start])))
                ),
                None,
            ) or next((s for s in joined if s.start <= m.start and _first_part_end(longer, s) >= m.end), None)
            if span is not None and not any(o is not m and o.start < span.end and span.start < o.end for o in found):
                yielded.append(m)
                continue
        kept.append(m)
    return kept, yielded


def _first_part_end(spans: Sequence[Span], joined: Span) -> int:
    """Where the first of the tagger's spans that ``joined`` is made of ends."""
    return next(s.end for s in spans if s.start == joined.start)


def _given_names_only(text: str) -> bool:
    """Is the text one or two listed given names and nothing else (جمال before عبد الناصر)?"""
    words = text.split()
    return 0 < len(words) <= 2 and all(fold(w) in GIVEN_NAMES for w in words)


HOSPITAL_HEADS = lexicon.folded("entity_nouns", "hospital_head")
HOSPITAL_ADJECTIVES = lexicon.folded("entity_nouns", "hospital_adjective")
# Is a word a hospital's head under its proclitics (بمستشفى)? Decided once per word: asked of every word of a text
# that names a hospital, by a dictionary look-up in C rather than a Python test per word.
_hospital_word = _Memo(lambda w: not HOSPITAL_HEADS.isdisjoint(_stripped_forms(w)), 1 << 16).__getitem__


_TEAM_HEAD_FORMS = _head_forms(lexicon.folded("entity_nouns", "team_head"))


def _team_place(toks: _Tokens, gaz: Gazetteer, m: Mention) -> Mention:
    """A place right after an indefinite team noun (فريق روما، فريق "الجونة") names a club: the mention becomes the
    organisation's, the gazetteer's club of that short name where it has one; other mentions as they are."""
    a = bisect.bisect_right(toks.ends, m.start)
    if not a or toks.starts[a] != m.start or toks.texts[a - 1] not in _TEAM_HEAD_FORMS:
        return m
    if not _is_gap_ok(toks.gaps[a - 1]):
        return m
    words = alias_tokens(m.surface)
    club = next((e for e in gaz.index.get(words, ()) if gaz.entities[e.entity_id].type == "organization"), None)
    if club is not None:
        return _relinked(m, club.entity_id, "organization", gaz.entities[club.entity_id].name_ar, METHOD_PATTERN)
    return _relinked(m, _entity_id(words, "organization"), "organization", m.surface, METHOD_PATTERN)


_FIRM_HEAD_FORMS = _head_forms(lexicon.folded("entity_nouns", "firm_head"))
_FIRM_BUSINESS_STOPS = lexicon.folded("entity_nouns", "firm_business_stop")
_TA_MARBUTA = fold("ة")  # as the fold writes it


def _firms_by_business(body: str, toks: _Tokens, gaz: Gazetteer, found: list[Mention]) -> list[Mention]:
    """A known name right after an indefinite شركة and before its line of business under لل is the firm's name
    with that business (شركة هيونداي للإنشاءات، شركة مكة للتعمير، شركة مصر للطيران): the gazetteer's mention of
    the name becomes the firm's, through an adjective of the business (للتطوير العقاري); other mentions as they
    are."""
    texts, joined, gaps, n = toks.texts, toks.joined, toks.gaps, len(toks)
    out: list[Mention] = []
    for m in found:
        if m.method != METHOD_GAZETTEER or m.type not in ("organization", "location", "country"):
            out.append(m)
            continue
        a, b = _token_span(toks, m.start, m.end)
        if (
            not a
            or b >= n
            or toks.starts[a] != m.start
            or texts[a - 1] not in _FIRM_HEAD_FORMS
            or not (joined[a - 1] and gaps[a - 1] == " " and gaps[b - 1] == " ")
            or not (texts[b].startswith("لل") and len(texts[b]) > 4 and texts[b] not in _FIRM_BUSINESS_STOPS)
        ):
            out.append(m)
            continue
        end = b + 1
        # للتطوير العقاري، للصناعات الثقيلة (an adjective agreeing with a plural business); not a second business
        # under و, which reads as well as the next noun phrase (للإنشاءات والشركة الكورية)
        if end < n and gaps[end - 1] == " " and _written_definite(body, toks, end, bare=True):
            if _is_nisba_shape(texts[end]) or texts[b].endswith("ات") and texts[end].endswith(_TA_MARBUTA):
                end += 1
        out.append(_pattern_mention(body, m.start, toks.ends[end - 1], "organization", gaz))
    return out


QUOTED_NAME_HEADS = lexicon.folded("entity_nouns", "quoted_name_head")


@lru_cache(maxsize=1 << 14)
def _quoted_name_head(w: str) -> int:
    """How word w heads a quoted name: 1 indefinite (شركة، وشركة), 2 definite or with a pronoun (الشركة، شركتها),
    0 no head of :data:`QUOTED_NAME_HEADS`."""
    forms = _stripped_forms(w)
    if not QUOTED_NAME_HEADS.isdisjoint(forms):
        return 1
    return 2 if any(map(_definite_head_form, forms)) else 0


def _definite_head_form(f: str) -> bool:
    """Is a form (a word under its proclitics) a head of :data:`QUOTED_NAME_HEADS` with the article or a pronoun
    (الشركة، شركتها)?"""
    if f.startswith("ال") and f[2:] in QUOTED_NAME_HEADS:
        return True
    ending = next((e for e in _POSSESSIVE_ENDINGS if f.endswith(e)), "")
    return bool(ending) and f[: -len(ending)].endswith("ت") and f[: -len(ending) - 1] + _TA_MARBUTA in QUOTED_NAME_HEADS


def _quoted_head_forms() -> frozenset[str]:
    """Every form that heads a quoted name (:func:`_quoted_name_head` not 0 for a word with that form): the heads,
    and those of the forms a head takes with the article or a pronoun that :func:`_definite_head_form` accepts."""
    stems = [h[: -len(_TA_MARBUTA)] for h in QUOTED_NAME_HEADS if h.endswith(_TA_MARBUTA)]
    candidates = {"ال" + h for h in QUOTED_NAME_HEADS} | {s + "ت" + e for s in stems for e in _POSSESSIVE_ENDINGS}
    return QUOTED_NAME_HEADS | frozenset(filter(_definite_head_form, candidates))


def _quoted_after_head(toks: _Tokens, j: int) -> tuple[int, int]:
    """The quoted words opening at token j (end exclusive) and how the word before names them (see
    :func:`_quoted_name_head`), across one or two definite adjectives after a definite head (الصحيفة الكينية «ستار»);
    (0, 0) if no head names them."""
    texts, gaps, n = toks.texts, toks.gaps, len(toks)
    if "\n" in gaps[j - 1] or gaps[j - 1][-1:] not in _OPEN_MARKS:  # the mark glued to the name: it opens the quote
        return 0, 0
    i, adjectives = j - 1, 0
    while adjectives < 2 and i and texts[i].startswith("ال") and toks.joined[i - 1] and not _quoted_name_head(texts[i]):
        i, adjectives = i - 1, adjectives + 1  # الكينية، الإعلامية اليابانية: the head's adjectives
    kind = _quoted_name_head(texts[i])
    if not (kind == 2 or (kind == 1 and not adjectives)):
        return 0, 0
    end = j
    while end < n - 1 and end - j < 5 and toks.joined[end]:
        end += 1  # the words up to the closing mark, spaces only between them
    if gaps[end][:1] not in _CLOSE_MARKS:  # glued to the name's last word: it closes it
        return 0, 0
    end += 1
    if _in(texts[j], FUNCTION_WORDS) or not all(w.isalpha() and not _in(w, VERBS) for w in texts[j:end]):
        return 0, 0  # a function word may stand inside a name (يو اف اي: UFA), not open it
    if end - j >= 3 and texts[j].startswith("ال"):
        return 0, 0  # «الأفكار السابحة بين السماء والأرض»: a long phrase with the article is a work's title
    return end, kind


def _quoted_names_after_heads(
    body: str, toks: _Tokens, gaz: Gazetteer, found: list[Mention], flagged: list[tuple[int, int]]
) -> list[Mention]:
    """A quoted name right after a company's or outlet's head noun is the body (شركة "قطر غاز"، شركة «طوكيو مارين
    هولدينغز»): it replaces the known names inside the quotes (a place, a person, a shorter body); after a definite
    head and its adjectives (الصحيفة الكينية «ستار»، شركتها الشقيقة "جي إس كالتيكس") a quoted name nothing found
    is one too (the indefinite head's own rule reads that case). ``flagged``: the gazetteer step's (token, rule
    bits)."""
    out = found
    texts, starts, n = toks.texts, toks.starts, len(toks)
    # a quote named after a head opens one to three words after it (two adjectives between): only there, in text order
    heads = [i for i, flags in flagged if flags & QUOTED_HEAD]
    for j in sorted({j for i in heads for j in (i + 1, i + 2, i + 3) if j < n}):
        if body[starts[j] - 1] not in OPEN_QUOTES:
            continue  # a quote opens right before the word (the mark glued to it), or none does
        if not texts[j - 1].startswith("ال") and not _quoted_name_head(texts[j - 1]):
            continue  # neither a head nor an adjective before the quote (most quotes): no gap is read
        end, kind = _quoted_after_head(toks, j)
        if not end:
            continue
        start, stop = toks.starts[j], toks.ends[end - 1]
        inside = [m for m in out if m.start < stop and start < m.end]
        if any(m.start < start or m.end > stop for m in inside):
            continue  # a mention reaching out of the quotes: its reading stands
        if (not inside and kind == 1) or (
            len(inside) == 1 and inside[0].type == "organization" and (inside[0].start, inside[0].end) == (start, stop)
        ):
            continue
        gone = set(map(id, inside))
        out = [m for m in out if id(m) not in gone] + [_pattern_mention(body, start, stop, "organization", gaz)]
    return out if out is found else sorted(out, key=_SPAN)


def _hospital_places(body: str, toks: _Tokens, gaz: Gazetteer, found: list[Mention]) -> list[Mention]:
    """A hospital's name is a place, as the guide types facilities: an organisation read from its head noun
    (مستشفى الملك خالد) becomes a location, a place right after the head (مستشفى شقراء) or a royal's name
    (بمستشفى الملك فهد) makes one with it, and an adjective of its kind (العام، التخصصي) closes the name."""
    texts, n = toks.texts, len(toks)
    heads = [i for i in compress(range(n - 1), map(_hospital_word, texts)) if toks.joined[i]]
    if not heads:
        return found
    at: dict[int, Mention] = {}
    held: set[int] = set()
    for m in found:
        lo, hi = _token_span(toks, m.start, m.end)
        at.setdefault(lo, m)
        held.update(range(lo, hi))
    gone: set[int] = set()  # ids of the mentions a hospital's name replaces
    out: list[Mention] = []
    for i in heads:
        # where a name read from the head opens: the head noun without its proclitics (بمستشفى: at مستشفى)
        head_start = toks.start_after(i, len(texts[i]) - len(_hospital_head(texts[i])))
        m = at.get(i)
        if m is not None and m.type == "organization":
            hi = _token_span(toks, m.start, m.end)[1]
            start = m.start
            gone.add(id(m))
        elif i in held:
            continue
        elif (m := at.get(i + 1)) is not None and m.type in _PLACE_TYPES:
            hi = _token_span(toks, m.start, m.end)[1]
            start = head_start
            gone.add(id(m))
        elif (
            texts[i + 1] in ROYAL_TITLES
            and i + 1 not in held
            and (hi := _title_name_end(toks, i + 2, i + 7, held)) > i + 2
        ):
            start = head_start
        elif _kind_after_name(toks, i + 1, held):  # مستشفى المجاردة العام: a word the lists lack, then the kind
            hi = i + 2
            start = head_start
        else:
            continue
        if hi < n and toks.joined[hi - 1] and texts[hi] in HOSPITAL_ADJECTIVES:
            o = at.get(hi)  # مستشفى محايل الأهلي: the kind, not the club, where a mention holds that word alone
            if hi not in held or (o is not None and _token_span(toks, o.start, o.end)[1] == hi + 1):
                hi += 1
                if o is not None:
                    gone.add(id(o))
        out.append(_pattern_mention(body, start, toks.ends[hi - 1], "location", gaz))
    if not out:
        return found
    return sorted([m for m in found if id(m) not in gone] + out, key=_SPAN)


def _kind_after_name(toks: _Tokens, j: int, held: set[int]) -> bool:
    """Is token j one name word no mention holds, followed on the same line by a hospital's kind (المجاردة العام)?"""
    return (
        j + 1 < len(toks)
        and j not in held
        and j + 1 not in held
        and toks.joined[j]
        and toks.texts[j + 1] in HOSPITAL_ADJECTIVES
        and toks.texts[j + 1] != "الاهلي"  # مستشفى خاص أهلي: a private hospital's kind needs a known name before it
        and toks.texts[j].isalpha()
        and (toks.texts[j].startswith("ال") or not _in(toks.texts[j], FUNCTION_WORDS))  # مستشفى الخميس العام
    )


UNIT_HEADS = lexicon.folded("entity_nouns", "unit_head")
_UNIT_HEAD_FORMS = _head_forms(UNIT_HEADS)


def _units_of_bodies(body: str, toks: _Tokens, gaz: Gazetteer, found: list[Mention]) -> list[Mention]:
    """A unit of a body is an organisation (قسم الكيمياء الحيوية بكلية العلوم، إدارة الطوارئ بصحة القصيم، إدارة
    التنظيم البرلماني بمجلس الشورى): a unit's head noun, a definite genitive and the words
    :func:`_genitive_goes_on` takes, then the organisation it belongs to under ب. Without that body the
    words are as often verbal nouns or wards (إدارة الأزمة، وحدة العراق، قسم الطوارئ بمستشفى ...)."""
    texts, n = toks.texts, len(toks)
    heads = list(compress(range(n - 2), map(_UNIT_HEAD_FORMS.__contains__, texts)))
    if not heads:
        return found
    orgs: dict[int, Mention] = {}
    held: set[int] = set()
    for m in found:
        lo, hi = _token_span(toks, m.start, m.end)
        held.update(range(lo, hi))
        if m.type == "organization":
            orgs.setdefault(lo, m)
    out: list[Mention] = []
    for i in heads:
        j = i + 1
        if i in held or j in held or not toks.joined[i] or not _written_definite(body, toks, j, bare=True):
            continue
        if texts[i][0] == "و" and i and toks.joined[i - 1] and _written_definite(body, toks, i - 1, bare=True):
            continue  # أستاذ العلوم السياسية وإدارة الأزمات: a field under و after another, no unit
        w = texts[j]
        if len(w) < 4 or w in GENITIVE_STOPS or _in(w, FUNCTION_WORDS) or w in _CALENDAR_WORDS or _whole_title(w):
            continue
        if w == _AFFAIRS:  # إدارة الشؤون العربية بوزارة الخارجية: a portfolio's department, as _purpose_organisations
            continue
        j += 1
        while j < n and j - i <= 5 and toks.joined[j - 1] and j not in held and _genitive_goes_on(body, toks, i, j):
            j += 1
        if j >= n - 1 or not toks.joined[j - 1] or not _in_body_at(body, toks, j, orgs):
            continue
        start = toks.start_after(i, _UNIT_HEAD_FORMS[texts[i]])
        out.append(_pattern_mention(body, start, toks.ends[j - 1], "organization", gaz))
        held.update(range(i, j))
    return sorted(found + out, key=_SPAN) if out else found


def _in_body_at(body: str, toks: _Tokens, j: int, orgs: dict[int, Mention]) -> bool:
    """Does an organisation's mention open at token j under ب (بكلية العلوم)? After في the unit's words are as
    often a task done in a body (إدارة الأزمة في وزارة الخارجية)."""
    m = orgs.get(j)
    return m is not None and m.start > toks.starts[j] and body[toks.starts[j]] == "ب"


def _hospital_head(w: str) -> str:
    """The hospital head noun under a word's proclitics (بمستشفى -> مستشفى)."""
    return next(iter(HOSPITAL_HEADS & _stripped_forms(w)))


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Sorted mentions with no two sharing a character: a gazetteer mention wins, then the earlier one (a rule
    that reads a longer name over a known one, «سعوديون في أميركا», must not leave both)."""
    if all(map(le, map(_END_OF, mentions), map(_START_OF, mentions[1:]))):
        return mentions  # the usual case: one pass, nothing to drop
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.method != METHOD_GAZETTEER, m.start, m.end)):
        at = bisect.bisect_left(kept, m.start, key=attrgetter("start"))
        if (at and kept[at - 1].end > m.start) or (at < len(kept) and kept[at].start < m.end):
            continue
        kept.insert(at, m)
    return kept


def find_mentions_batch(bodies: Sequence[str], gaz: Gazetteer) -> list[list[Mention]]:
    """:func:`find_mentions` of many bodies, the tagger run once over all of them (several times faster than
    body by body: its Viterbi is vectorised over the sentences of a batch), the gazetteer's reading of their words
    taken from the tagger's token types (:class:`_TypeWords`)."""
    tagger = default_tagger()
    spans, split = tagger.tag_spans_split(list(bodies))
    indices = shared_indices(bodies)
    words = _type_words(gaz).batch(tagger, split, indices)
    return [
        find_mentions(body, gaz, spans=sp, index=index, words=w)
        for body, sp, index, w in zip(bodies, spans, indices, words)
    ]


def mention_at(mentions: Iterable[Mention], start: int, end: int) -> Mention | None:
    """The mention at or overlapping the span [start, end): the one sharing most characters, then the earliest."""
    best: tuple[int, int, Mention] | None = None
    for m in mentions:
        overlap = min(end, m.end) - max(start, m.start)
        if overlap <= 0 and not (start == end and m.start <= start < m.end):
            continue
        rank = (max(overlap, 1), -m.start)
        if best is None or rank > best[:2]:
            best = (rank[0], rank[1], m)
    return best[2] if best else None


def person_entity_id(name: str) -> str:
    """Stable entity id a pattern person gets for a written name (same rule as the extractor)."""
    return pattern_entity_id(name, "person")


SOURCE_GAZETTEER, SOURCE_PATTERN, SOURCE_MODEL = "gazetteer", "pattern", "model"


@dataclass(frozen=True)
class EntityRecord:
    """One row of the entities table: canonical fields, every surface seen and where the entity comes from."""

    entity_id: str
    type: str
    name_ar: str
    name_en: str | None
    wikidata: str | None
    aliases: list[str]
    source: str


def entity_type(entity_id: str, gaz: Gazetteer) -> str:
    """Type of an entity id: the gazetteer's; else the pattern id's prefix (org-, loc-); else `person`."""
    if entity_id in gaz:
        return gaz[entity_id].type
    return next((t for p, t in PATTERN_ID_PREFIXES.items() if entity_id.startswith(p)), "person")


def pattern_entity_id(name: str, etype: str) -> str:
    """Stable entity id a pattern entity of type ``etype`` gets for a written name (same rule as the extractor)."""
    return _entity_id(alias_tokens(name), etype)


def entity_source(entity_id: str, methods: Iterable[str], gaz: Gazetteer) -> str:
    """Where an entity comes from: the gazetteer (a curated id); else the pattern rules when any of its mentions is
    a pattern one; else the model (coreference mentions only join an entity found otherwise)."""
    if entity_id in gaz:
        return SOURCE_GAZETTEER
    return SOURCE_PATTERN if METHOD_PATTERN in methods else SOURCE_MODEL


def aggregate_entities(mentions: Iterable[tuple[str, str, str]], gaz: Gazetteer) -> list[EntityRecord]:
    """Entities of (entity_id, surface, method) mention triples, sorted by id; unknown ids are pattern or model
    entities.

    Such an entity's Arabic name is its longest surface (the full name; surname repeats are shorter); a person's
    English name comes from the Wikidata name tokens when every token of that name has one, never guessed.
    """
    surfaces: dict[str, set[str]] = {}
    methods: dict[str, set[str]] = {}
    for entity_id, surface, method in mentions:
        surfaces.setdefault(entity_id, set()).add(surface)
        methods.setdefault(entity_id, set()).add(method)
    out = []
    for entity_id in sorted(surfaces):
        seen = sorted(surfaces[entity_id])
        if entity_id in gaz:
            ent = gaz[entity_id]
            out.append(
                EntityRecord(entity_id, ent.type, ent.name_ar, ent.name_en, ent.wikidata, seen, SOURCE_GAZETTEER)
            )
        else:
            name = max(seen, key=lambda s: (len(s), s))
            etype = entity_type(entity_id, gaz)
            name_en = english_name(name) if etype == "person" else None
            source = entity_source(entity_id, methods[entity_id], gaz)
            out.append(EntityRecord(entity_id, etype, name, name_en, None, seen, source))
    return out
