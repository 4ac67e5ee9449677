"""Find who said what in one article: direct quotes in quotation marks and indirect speech, with speakers.

The rules are those of Arabic news writing, not of a particular outlet:

* **Direct quotes** are spans in quotation marks (“ ” „ ″, « », ASCII ") that a reporting cue governs: a
  reporting verb before the mark (``وقال X: «...»``, ``أكد X على "..."``), a cue after it (``«...»، قال X``,
  ``«...»، بحسب X``, ``... على حد قوله``), or a colon that introduces them. Quoted terms and names with no cue
  (``“C5”``, ``«داعش»``, ``ب"الهيمنة"``) are not quotes. A quotation mark left open ends at the end of its
  paragraph and is kept only when a cue introduces it.
* **Indirect speech** is a reporting verb, its subject and a complementiser (``قال X إن ...``, ``أكد X أن ...``,
  ``مضيفا أن ...``): the reported clause runs to the end of its sentence or to the next reporting cue. When the
  clause carries a substantial direct quote (a partial quote), the direct quote is kept and the clause is not,
  so that one statement gives one row.
* **Speakers** are read from the subject of the cue and resolved to the article's entity mentions: a person
  beats an organisation (the name after a role description wins), a country or city speaks only as the head
  of the subject (``قالت روسيا``), and a mention governed by a preposition (``زميل في مركز ...``) is never the
  speaker. A cue with no subject (``وأضاف``, ``مضيفا``, ``على حد قوله``) continues the previous speaker; a bare
  definite noun (``الوكالة``, ``الصحيفة``) refers back to the last mention introduced by that noun. When no
  entity is found, ``speaker_surface`` keeps the subject's words and ``speaker_entity_id`` stays None.

``cue`` is the reporting word as written in the body *without* a leading conjunction (``قال`` for ``وقال``,
``وفقا`` for ``ووفقا``), so that cues can be counted across articles; ``cue_start``/``cue_end`` locate it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from akhbar.arabic import WORD_CHAR_CLASS, count_words, fold, fold_with_map

# --- quotation marks ---------------------------------------------------------------------------------

GUILLEMET_OPEN, GUILLEMET_CLOSE = "«", "»"
# Curly marks are used in either direction in Arabic text (bidi editors swap them), so any of them may open
# or close; the double prime shows up as a closing mark in pasted text.
CURLY_MARKS = "“”„‟″"
ASCII_MARK = '"'
QUOTE_MARKS = GUILLEMET_OPEN + GUILLEMET_CLOSE + CURLY_MARKS + ASCII_MARK

# --- reporting cues ----------------------------------------------------------------------------------

# Perfect-tense reporting verbs (3rd person masc. sing.); feminine, plural and dual forms are derived.
_REPORTING_VERBS = (
    "قال أضاف أكد أوضح ذكر صرح أعلن شدد حذر اعتبر تابع أشار لفت نوه أفاد اعترف كشف طالب طلب أشاد وصف "
    "اختتم ختم استطرد أردف استدرك علق عقب تساءل أجاب أبلغ أخبر جدد أقر زعم أعرب انتقد تعهد توقع رجح "
    "نبه ألمح اقترح هدد أفصح زاد واصل نقل"
).split()
# Weak verbs whose inflection is not a suffix on the 3ms form ("رأى" alone would fold onto the noun رأي).
_IRREGULAR_FORMS = "نفى نفت نفوا دعا دعت دعوا ادعى ادعت ادعوا رأت رأوا روى روت"
# Imperfect forms that report speech in the present (others like يرى/يعتبر mostly mean "sees/considers").
_IMPERFECT_FORMS = "يقول تقول يقولون تقولان يقولان يضيف تضيف يؤكد تؤكد يوضح توضح يشير تشير"
# Circumstantial participles ("مضيفا أن ..."): they have no subject of their own.
_PARTICIPLES = "قائل مضيف مؤكد موضح مشير لافت منوه مشدد محذر معتبر كاشف نافي مطالب داعي مشيد واصف مختتم مستطرد معرب متسائل"

VERB_CUES: frozenset[str] = frozenset(
    fold(v + s) for v in _REPORTING_VERBS for s in ("", "ت", "وا", "ا", "تا")
) | frozenset(fold(w) for w in (_IRREGULAR_FORMS + " " + _IMPERFECT_FORMS).split())
PARTICIPLE_CUES: frozenset[str] = frozenset(fold(p + s) for p in _PARTICIPLES.split() for s in ("ا", "ة", "ين"))
# "according to X": the speaker follows the cue (حسب / بحسب / وفق / وفقا ل / طبقا ل / نقلا عن).
SOURCE_CUES: frozenset[str] = frozenset(fold(w) for w in "حسب بحسب وفق وفقا طبقا نقلا".split())
# "..., على حد قوله": the speaker is the subject already on stage.
_AS_HE_PUT_IT_RE = re.compile(fold(r"على حد (قول|تعبير|وصف)(ه|ها|هم|هما)?"))
_CONJUNCTIONS = ("و", "ف")
# "أن"/"إن" (+ "ب", + pronoun suffix) introducing the reported clause.
_COMPLEMENTISER_RE = re.compile(r"^(?:ب)?ان(?:ه|ها|هم|هما|هن|ني|نا|نهم)?$")
# Words after which أن does not introduce reported speech ("بعد أن", "يمكن أن").
_NOT_SPEECH_BEFORE_AN = frozenset(
    fold(w) for w in "بعد قبل منذ دون حتى من يمكن يجب ينبغي بد بدلا رغم مع لو كما إلا غير عن لا ما".split()
)
# Prepositions whose object is never the speaker ("زميل في مركز كارنيغي", "من بوتين").
_PREPOSITIONS = frozenset(fold(w) for w in "من في لدى عن مع إلى الى على عند عبر ضد بين حول أمام خلال بعد قبل منذ".split())
# A subject span that starts with one of these has no subject of its own ("وأضاف في كلمته").
_ADJUNCT_STARTS = frozenset(
    fold(w)
    for w in "في خلال أمام لدى عبر على عن أيضا أيضًا كذلك مؤخرا أمس اليوم يوم صباح مساء بعد قبل أثناء إلى الى ل لـ".split()
)
# Where an unresolved subject's words stop (time and statement adjuncts).
_SURFACE_STOPS = frozenset(
    fold(w) for w in "يوم أمس اليوم خلال أثناء عقب بعد قبل عبر أيضا كذلك مؤخرا الذي التي الذين في على إن أن".split()
)
_RELATIVE_PRONOUNS = frozenset(fold(w) for w in "الذي التي الذين اللذين اللتين اللواتي".split())
# Bare definite nouns that refer back to a named outlet or body ("وقالت الوكالة").
_ANAPHORIC_HEAD_RE = re.compile(r"^ال(" + "|".join(fold(w) for w in "وكالة صحيفة شبكة وزارة شركة مجلة قناة منظمة هيئة حكومة رئاسة جريدة إذاعة".split()) + ")$")

# Entity types in order of preference as a speaker; countries and places speak only as the head of a subject.
_TYPE_RANK = {"person": 0, "organization": 1, "group": 1}
_PLACE_TYPES = frozenset({"country", "location"})

MIN_GOVERNED_WORDS = 3  # a quoted span the cue governs directly: shorter ones are terms or names
MIN_EMBEDDED_WORDS = 4  # a quoted span inside a reported clause: shorter ones are the clause's terms
MIN_STANDALONE_WORDS = 5  # a quoted sentence with no cue at all
MAX_SUBJECT_TOKENS = 22  # words between a reporting verb and its complementiser
MAX_SURFACE_TOKENS = 8
MIN_INDIRECT_WORDS = 2
_SENTENCE_END_RE = re.compile(r"[!?؟؛\n]|\.(?![0-9٠-٩])|(?<![0-9٠-٩])\.")
_WORD_RE = re.compile(f"{WORD_CHAR_CLASS}+")


@dataclass(frozen=True)
class MentionSpan:
    """An entity mention in the article body: offsets, the entity it names, and that entity's type."""

    start: int
    end: int
    entity_id: str
    type: str | None = None


@dataclass(frozen=True)
class Quote:
    """One reported statement: ``body[start:end] == text``; speaker and cue located in the same body."""

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


@dataclass(frozen=True)
class _Speaker:
    """A resolved (or only named) speaker, located in the body."""

    entity_id: str | None
    start: int
    end: int


@dataclass(frozen=True)
class _Token:
    """A word of the body: offsets and folded form without a leading conjunction on cue words."""

    start: int
    end: int
    folded: str


@dataclass(frozen=True)
class _Marked:
    """A span between quotation marks: mark offsets and the inner text offsets (whitespace trimmed)."""

    open: int
    close: int | None  # offset of the closing mark; None when the writer left it open
    start: int
    end: int


@dataclass
class _Cue:
    """A reporting cue token: its kind, the cue word's span (no conjunction) and the token index."""

    kind: str  # "verb", "participle", "source", "as_put"
    start: int
    end: int
    index: int  # token index of the cue word (last token for multi-word cues)


# --- text structure ----------------------------------------------------------------------------------


def find_marked_spans(body: str) -> list[_Marked]:
    """Pair quotation marks paragraph by paragraph; an unclosed mark runs to the end of its paragraph."""
    spans: list[_Marked] = []
    pos = 0
    for para in body.split("\n"):
        spans.extend(_pair_marks(body, pos, pos + len(para)))
        pos += len(para) + 1
    return spans


def _pair_marks(body: str, lo: int, hi: int) -> list[_Marked]:
    """Pair the marks of one paragraph: « » nest; curly and ASCII marks alternate within their family."""
    out: list[_Marked] = []
    i = lo
    while i < hi:
        ch = body[i]
        if ch == GUILLEMET_OPEN:
            depth, j = 1, i + 1
            while j < hi and depth:
                depth += {GUILLEMET_OPEN: 1, GUILLEMET_CLOSE: -1}.get(body[j], 0)
                j += 1
            close = j - 1 if depth == 0 else None
        elif ch in CURLY_MARKS or ch == ASCII_MARK:
            family = CURLY_MARKS if ch in CURLY_MARKS else ASCII_MARK
            j = i + 1
            while j < hi and body[j] not in family:
                j += 1
            close = j if j < hi else None
        else:
            i += 1
            continue
        end = close if close is not None else hi
        start, stop = _trim(body, i + 1, end)
        if stop > start:
            out.append(_Marked(open=i, close=close, start=start, end=stop))
        i = (close + 1) if close is not None else hi
    return out


def _trim(body: str, start: int, end: int, chars: str = " \t") -> tuple[int, int]:
    """Shrink [start, end) past leading/trailing ``chars``."""
    while start < end and body[start] in chars:
        start += 1
    while end > start and body[end - 1] in chars:
        end -= 1
    return start, end


def _sentence_ends(body: str, marked: Sequence[_Marked]) -> list[int]:
    """Offsets of sentence-ending characters outside quotation marks (sorted)."""
    inside = [(m.open, m.close if m.close is not None else m.end) for m in marked]
    ends = []
    for match in _SENTENCE_END_RE.finditer(body):
        k = match.start()
        if body[k] != "\n" and any(a < k < b for a, b in inside):
            continue
        ends.append(k)
    return ends


def _tokens(body: str) -> list[_Token]:
    """Words of the body with their folded forms (offsets into the body)."""
    folded, index = fold_with_map(body)
    return [_Token(index[m.start()], index[m.end()], m.group()) for m in _WORD_RE.finditer(folded)]


def _strip_conjunction(word: str, vocabulary: frozenset[str]) -> tuple[int, str] | None:
    """Match ``word`` or ``word`` minus a leading و/ف against ``vocabulary``: (prefix length, stem)."""
    if word in vocabulary:
        return 0, word
    if len(word) > 2 and word[0] in _CONJUNCTIONS and word[1:] in vocabulary:
        return 1, word[1:]
    return None


# --- the article as a whole --------------------------------------------------------------------------


class _Article:
    """Tokens, sentences, quotation marks and mentions of one body, with look-ups between them."""

    def __init__(self, body: str, mentions: Sequence[MentionSpan]):
        self.body = body
        self.tokens = _tokens(body)
        self.starts = [t.start for t in self.tokens]
        self.marked = find_marked_spans(body)
        self.sentence_ends = _sentence_ends(body, self.marked)
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self.cues = self._find_cues()

    # positions
    def sentence_of(self, pos: int) -> tuple[int, int]:
        """[start, end) of the sentence holding offset ``pos`` (end = the ending character)."""
        k = bisect.bisect_left(self.sentence_ends, pos)
        start = self.sentence_ends[k - 1] + 1 if k > 0 else 0
        end = self.sentence_ends[k] if k < len(self.sentence_ends) else len(self.body)
        return start, end

    def paragraph_of(self, pos: int) -> tuple[int, int]:
        """[start, end) of the paragraph holding offset ``pos``."""
        start = self.body.rfind("\n", 0, pos) + 1
        end = self.body.find("\n", pos)
        return start, (end if end >= 0 else len(self.body))

    def tokens_in(self, start: int, end: int) -> list[int]:
        """Indices of tokens lying inside [start, end)."""
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.tokens) and self.tokens[i].end <= end:
            out.append(i)
            i += 1
        return out

    def in_marked(self, pos: int) -> _Marked | None:
        """The quoted span whose marks enclose ``pos``, if any."""
        for m in self.marked:
            close = m.close if m.close is not None else m.end
            if m.open < pos < close:
                return m
        return None

    # cues
    def _find_cues(self) -> list[_Cue]:
        """Every reporting cue outside quotation marks, in text order."""
        cues: list[_Cue] = []
        folded_body = None
        for i, tok in enumerate(self.tokens):
            if self.in_marked(tok.start):
                continue
            for kind, vocab in (("verb", VERB_CUES), ("participle", PARTICIPLE_CUES), ("source", SOURCE_CUES)):
                hit = _strip_conjunction(tok.folded, vocab)
                if hit is None:
                    continue
                if kind == "verb" and hit[1] in (fold("نقل"), fold("نقلت"), fold("نقلوا")) and self._find_an(i) is None:
                    break  # نقل reports only as "نقل ... عن X"
                prefix_chars = self._prefix_offset(tok, hit[0])
                cues.append(_Cue(kind, tok.start + prefix_chars, tok.end, i))
                break
        if folded_body is None:
            folded_body, index = fold_with_map(self.body)
        for match in _AS_HE_PUT_IT_RE.finditer(folded_body):
            start, end = index[match.start()], index[match.end()]
            if self.in_marked(start):
                continue
            last = self.tokens_in(start, end)
            if last:
                cues.append(_Cue("as_put", start, end, last[-1]))
        return sorted(cues, key=lambda c: c.start)

    def _prefix_offset(self, tok: _Token, n_folded: int) -> int:
        """Body characters taken by the first ``n_folded`` folded characters of ``tok`` (conjunction length)."""
        if n_folded == 0:
            return 0
        k = tok.start
        seen = 0
        while k < tok.end and seen < n_folded:
            if fold(self.body[k]):
                seen += 1
            k += 1
        return k - tok.start

    def _find_an(self, i: int) -> int | None:
        """Token index of "عن" within the next few words of token ``i`` (for نقل ... عن)."""
        for j in range(i + 1, min(i + 10, len(self.tokens))):
            if self.tokens[j].folded == "عن":
                return j
        return None

    def cue_token(self, cue: _Cue) -> _Token:
        """The token of a cue."""
        return self.tokens[cue.index]


# --- speakers ----------------------------------------------------------------------------------------


def _mentions_in(art: _Article, start: int, end: int) -> list[MentionSpan]:
    """Mentions overlapping [start, end)."""
    return [m for m in art.mentions if m.start < end and m.end > start]


def _is_governed(art: _Article, m: MentionSpan, span_start: int) -> bool:
    """True when a preposition (word or ب/ل clitic) or a relative clause inside the span governs the mention."""
    idx = bisect.bisect_right(art.starts, m.start) - 1
    if idx >= 0 and art.tokens[idx].start < m.start <= art.tokens[idx].end:
        return False  # the mention starts inside a word (a clitic glued to it): handled below
    tok_idx = bisect.bisect_left(art.starts, m.start)
    if tok_idx < len(art.tokens) and art.tokens[tok_idx].start == m.start:
        pass
    # a clitic glued to the mention's first word ("بتوكاييف", "لوسائل")
    first = art.tokens[tok_idx] if tok_idx < len(art.tokens) else None
    if first is not None and first.start < m.start:
        return True
    before = art.body[first.start:m.start] if first is not None and first.start < m.start else ""
    if before and before[-1] in "بل":
        return True
    prev = tok_idx - 1
    if prev >= 0 and art.tokens[prev].start >= span_start:
        word = art.tokens[prev].folded
        if word in _PREPOSITIONS or word in ("ب", "ل", "لـ"):
            return True
    for j in range(tok_idx - 1, -1, -1):
        if art.tokens[j].start < span_start:
            break
        if art.tokens[j].folded in _RELATIVE_PRONOUNS:
            return True
    return False


def _clitic_governed(art: _Article, m: MentionSpan) -> bool:
    """True when the mention sits in a word after a ب/ل/ك clitic ("بتوكاييف", "لوسائل")."""
    k = bisect.bisect_right(art.starts, m.start) - 1
    if k < 0:
        return False
    tok = art.tokens[k]
    if not (tok.start < m.start < tok.end):
        return False
    prefix = fold(art.body[tok.start : m.start])
    return any(c in prefix for c in "بلك")


def pick_speaker(art: _Article, start: int, end: int) -> MentionSpan | None:
    """Best speaker mention in a subject span: person > organisation; places only as the subject's head."""
    best: tuple[tuple[int, int], MentionSpan] | None = None
    first_tok = art.tokens_in(start, end)
    head_start = art.tokens[first_tok[0]].start if first_tok else start
    for m in _mentions_in(art, start, end):
        if _is_governed(art, m, start) or _clitic_governed(art, m):
            continue
        if m.type in _PLACE_TYPES or m.type not in _TYPE_RANK and m.type is not None:
            # a country or city speaks for its government only as the head of the subject ("قالت روسيا")
            if not _at_head(art, m, head_start):
                continue
            rank = 2
        else:
            rank = _TYPE_RANK.get(m.type or "person", 1)
        key = (rank, m.start)
        if best is None or key < best[0]:
            best = (key, m)
    return best[1] if best else None


def _at_head(art: _Article, m: MentionSpan, head_start: int) -> bool:
    """True when the mention starts the subject (possibly after the article "ال" glued to it)."""
    if m.start <= head_start:
        return True
    return m.start - head_start <= 2 and art.body[head_start:m.start] in ("ال", "لل")


def _subject_surface(art: _Article, start: int, end: int) -> tuple[int, int] | None:
    """The words of an unresolved subject: up to a comma, an adjunct word or MAX_SURFACE_TOKENS."""
    idx = art.tokens_in(start, end)
    if not idx:
        return None
    kept: list[int] = []
    for n, i in enumerate(idx):
        tok = art.tokens[i]
        if n > 0:
            gap = art.body[art.tokens[kept[-1]].end : tok.start]
            if any(c in gap for c in "،,:()«»“”\"-–") or tok.folded in _SURFACE_STOPS or n >= MAX_SURFACE_TOKENS:
                break
        elif tok.folded in _ADJUNCT_STARTS or tok.folded.startswith(("ل", "ب")) and tok.folded in _SURFACE_STOPS:
            return None
        kept.append(i)
    return art.tokens[kept[0]].start, art.tokens[kept[-1]].end


def _has_subject(art: _Article, start: int, end: int) -> bool:
    """True when the span after a verb starts with a noun phrase rather than an adjunct or nothing."""
    idx = art.tokens_in(start, end)
    if not idx:
        return False
    word = art.tokens[idx[0]].folded
    if word in _ADJUNCT_STARTS or word in _RELATIVE_PRONOUNS:
        return False
    # "لـ«الشرق الأوسط»", "لوسائل الإعلام": addressee, not subject
    if word.startswith("ل") and art.body[art.tokens[idx[0]].start : art.tokens[idx[0]].start + 2] in ("لـ", "لل"):
        return False
    return True


def _antecedent_mention(art: _Article, noun: str, before: int) -> MentionSpan | None:
    """Latest mention before ``before`` that ``noun`` (e.g. "وكاله") introduces within its first words."""
    for m in reversed([m for m in art.mentions if m.end <= before]):
        if fold(art.body[m.start : m.end]).startswith(noun):
            return m
        k = bisect.bisect_left(art.starts, m.start)
        for j in range(max(0, k - 3), k):
            if art.tokens[j].folded == noun:
                return m
    return None


def _resolve_subject(art: _Article, start: int, end: int, cue_start: int) -> _Speaker | None | str:
    """Speaker of a subject span: a _Speaker, None (nobody named), or "continue" (no subject of its own)."""
    start, end = _trim(art.body, start, end, " \t،,")
    if not _has_subject(art, start, end):
        # verb-subject order reversed ("الصين تقول إن"): a mention right before the verb
        before = [m for m in art.mentions if m.end <= cue_start and not art.body[m.end : cue_start].strip()]
        if before:
            m = before[-1]
            return _Speaker(m.entity_id, m.start, m.end)
        return "continue"
    mention = pick_speaker(art, start, end)
    if mention is not None:
        return _Speaker(mention.entity_id, mention.start, mention.end)
    surface = _subject_surface(art, start, end)
    if surface is None:
        return "continue"
    words = art.tokens_in(*surface)
    if len(words) == 1 and (head := _ANAPHORIC_HEAD_RE.match(art.tokens[words[0]].folded)):
        m = _antecedent_mention(art, head.group(1), surface[0])
        if m is not None:
            return _Speaker(m.entity_id, m.start, m.end)
    return _Speaker(None, *surface)


# --- finding quotes ----------------------------------------------------------------------------------


@dataclass
class _Candidate:
    """A quote before speaker resolution: span, directness, cue and how to find its subject."""

    start: int
    end: int
    direct: bool
    cue: _Cue | None
    subject: tuple[int, int] | None  # span to read the speaker from; None means "continue"
    mode: str  # "subject", "continue", "none"


def _verb_subject_end(art: _Article, cue: _Cue, limit: int) -> int:
    """End of the subject after a reporting verb: the complementiser, colon or quotation mark before ``limit``."""
    return limit


def _complementiser_after(art: _Article, cue: _Cue, sent_end: int) -> tuple[int, int] | None:
    """(token index of the complementiser, subject end offset) for a cue that introduces indirect speech."""
    tok = art.cue_token(cue)
    max_words = 3 if cue.kind == "participle" else MAX_SUBJECT_TOKENS
    cues_at = {c.index for c in art.cues}
    for n, j in enumerate(range(cue.index + 1, len(art.tokens))):
        t = art.tokens[j]
        if t.start >= sent_end or n > max_words:
            return None
        gap = art.body[art.tokens[j - 1].end : t.start]
        if any(c in gap for c in QUOTE_MARKS):
            mark = art.in_marked(t.start)
            if mark is None or count_words(art.body[mark.start : mark.end]) >= MIN_GOVERNED_WORDS:
                return None  # a real quote comes first: not indirect speech
        if ":" in gap and not _COMPLEMENTISER_RE.match(t.folded):
            return None
        if j in cues_at and j != cue.index:
            return None
        if _COMPLEMENTISER_RE.match(t.folded) and art.in_marked(t.start) is None:
            prev = art.tokens[j - 1].folded if j > 0 else ""
            if j - 1 > cue.index and prev in _NOT_SPEECH_BEFORE_AN:
                continue
            if cue.kind == "participle" and n > 0 and prev not in ("الي", "على", "علي"):
                return None
            return j, art.tokens[j - 1].end if j - 1 >= cue.index else tok.end
    return None


def _clause_end(art: _Article, start: int, sent_end: int) -> int:
    """End of a reported clause: its sentence end, a colon, or the next reporting cue after a comma/و."""
    end = sent_end
    colon = art.body.find(":", start, end)
    if colon >= 0:
        end = colon
    for c in art.cues:
        if start < c.start < end and c.kind in ("verb", "participle"):
            tok = art.cue_token(c)
            gap = art.body[max(start, tok.start - 3) : tok.start]
            conj = tok.start < c.start  # a conjunction glued to the cue ("وأضاف")
            if "،" in gap or "," in gap or conj or c.kind == "participle":
                end = tok.start
                break
    s, e = _trim(art.body, start, end, " \t،,.؛")
    return e


def _indirect_candidates(art: _Article) -> list[_Candidate]:
    """Indirect speech: reporting verb + subject + complementiser + reported clause."""
    out = []
    for cue in art.cues:
        if cue.kind not in ("verb", "participle"):
            continue
        sent_start, sent_end = art.sentence_of(cue.start)
        hit = _complementiser_after(art, cue, sent_end)
        if hit is None:
            continue
        j, subj_end = hit
        if j + 1 >= len(art.tokens) or art.tokens[j + 1].start >= sent_end:
            continue
        start = art.tokens[j + 1].start
        if art.body[art.tokens[j].end : start].strip(" ") and art.body[art.tokens[j].end : start].strip(" ")[0] in QUOTE_MARKS:
            start = art.tokens[j].end  # keep the opening mark out of nothing: handled as a direct quote
        end = _clause_end(art, start, sent_end)
        start, end = _trim(art.body, start, end, " \t")
        if end <= start or count_words(art.body[start:end]) < MIN_INDIRECT_WORDS:
            continue
        if cue.kind == "participle":
            out.append(_Candidate(start, end, False, cue, None, "continue"))
        else:
            out.append(_Candidate(start, end, False, cue, (cue.end, subj_end), "subject"))
    return out


def _after_cue(art: _Article, m: _Marked, sent_end: int) -> _Cue | None:
    """A cue right after a closing mark ("«...»، قال X", "«...»، بحسب X") or "على حد قوله" later in the sentence."""
    after = m.close + 1 if m.close is not None else m.end
    for c in art.cues:
        if c.start < after or c.start >= sent_end:
            continue
        if c.kind == "as_put":
            return c
        if c.kind == "participle":
            continue
        gap = art.body[after : art.cue_token(c).start]
        if not gap.strip(" ،,.-–") or c.kind == "source" and gap.strip(" ") in ("،", ","):
            return c
    return None


def _before_cue(art: _Article, m: _Marked, sent_start: int) -> _Cue | None:
    """The nearest reporting cue before the opening mark in the same sentence."""
    found = None
    for c in art.cues:
        if c.start >= m.open:
            break
        if c.start >= sent_start and c.kind in ("verb", "participle", "source"):
            found = c
    return found


def _direct_candidates(art: _Article) -> list[_Candidate]:
    """Quoted spans that a cue or a colon introduces; terms and names in quotation marks are left out."""
    out: list[_Candidate] = []
    for m in art.marked:
        words = count_words(art.body[m.start : m.end])
        sent_start, sent_end = art.sentence_of(m.open)
        lead = art.body[sent_start : m.open].rstrip(" ")
        colon = lead.endswith(":")
        para_start, _ = art.paragraph_of(m.open)
        after = _after_cue(art, m, art.sentence_of(m.close if m.close is not None else m.end)[1]) if m.close is not None else None
        if after is not None and words >= MIN_GOVERNED_WORDS:
            if after.kind == "as_put":
                out.append(_Candidate(m.start, m.end, True, after, None, "continue"))
            else:
                subj_end = art.sentence_of(after.end)[1]
                # the subject after a late verb ends at the next comma ("«...»، قال X، مضيفا ...")
                comma = art.body.find("،", after.end, subj_end)
                out.append(_Candidate(m.start, m.end, True, after, (after.end, comma if comma >= 0 else subj_end), "subject"))
            continue
        before = _before_cue(art, m, sent_start)
        if before is not None:
            gap_start = art.cue_token(before).end
            gap = art.body[gap_start : m.open]
            gap_tokens = art.tokens_in(gap_start, m.open)
            embedded = any(_COMPLEMENTISER_RE.match(art.tokens[i].folded) for i in gap_tokens)
            needed = MIN_EMBEDDED_WORDS if embedded else MIN_GOVERNED_WORDS
            if colon:
                needed = 1
            if words >= needed and (m.close is not None or colon or not embedded):
                if before.kind == "participle":
                    out.append(_Candidate(m.start, m.end, True, before, None, "continue"))
                else:
                    subj_end = gap_start + len(gap)
                    for i in gap_tokens:  # the subject stops at the complementiser
                        if _COMPLEMENTISER_RE.match(art.tokens[i].folded):
                            subj_end = art.tokens[i].start
                            break
                    colon_at = art.body.find(":", gap_start, subj_end)
                    if colon_at >= 0:
                        subj_end = colon_at
                    subj = (before.end, subj_end)
                    if before.kind == "verb" and art.cue_token(before).folded in (fold("نقل"), fold("نقلت"), fold("ونقلت"), fold("ونقل")):
                        an = art._find_an(before.index)
                        if an is not None:
                            subj = (art.tokens[an].end, subj_end)
                    out.append(_Candidate(m.start, m.end, True, before, subj, "subject"))
                continue
        if colon and (m.close is not None or words >= MIN_GOVERNED_WORDS):
            # "وأشاد بتوكاييف في تصريحات نقلتها وسائل الإعلام: «...»": the clause before the colon speaks
            out.append(_Candidate(m.start, m.end, True, None, (sent_start, m.open), "colon"))
            continue
        if m.close is None:
            continue  # an open mark nothing introduces: we cannot tell where it ends
        standalone = not lead.strip(" .،") or art.body[sent_start:m.open].strip() == ""
        tail = art.body[m.close + 1 : sent_end].strip(" .،")
        if standalone and not tail and words >= MIN_STANDALONE_WORDS:
            out.append(_Candidate(m.start, m.end, True, None, None, "standalone"))
    return out


def _drop_overlaps(direct: list[_Candidate], indirect: list[_Candidate]) -> list[_Candidate]:
    """A reported clause that carries a direct quote gives way to it: one statement, one row."""
    kept = list(direct)
    for c in indirect:
        if any(d.start < c.end and c.start < d.end for d in direct):
            continue
        if any(k.start < c.end and c.start < k.end for k in kept):
            continue
        kept.append(c)
    return sorted(kept, key=lambda c: (c.start, c.end))


def find_quotes(body: str, mentions: Iterable[MentionSpan] = ()) -> list[Quote]:
    """All quotes of one article body, in text order, with speakers resolved against ``mentions``."""
    art = _Article(body, list(mentions))
    candidates = _drop_overlaps(_direct_candidates(art), _indirect_candidates(art))
    quotes: list[Quote] = []
    last: _Speaker | None = None
    last_para_end = -1
    for c in candidates:
        speaker: _Speaker | None
        if c.mode == "subject" and c.subject is not None:
            resolved = _resolve_subject(art, c.subject[0], c.subject[1], c.cue.start if c.cue else c.start)
            speaker = last if resolved == "continue" else resolved  # type: ignore[assignment]
        elif c.mode == "colon" and c.subject is not None:
            speaker = _colon_speaker(art, c.subject[0], c.subject[1]) or last
        elif c.mode == "continue":
            speaker = _sentence_speaker(art, c, quotes) or last
        elif c.mode == "standalone":
            para_start, _ = art.paragraph_of(c.start)
            speaker = last if last_para_end >= 0 and art.paragraph_of(max(0, para_start - 1))[1] <= last_para_end + 1 and para_start - 1 <= last_para_end + 1 else None
        else:
            speaker = None
        quotes.append(_make_quote(art, c, speaker))
        if speaker is not None:
            last = speaker
        last_para_end = art.paragraph_of(c.end)[1]
    return quotes


def _colon_speaker(art: _Article, start: int, end: int) -> _Speaker | None:
    """Speaker of a colon-introduced quote with no cue: the subject of the clause's opening verb."""
    idx = art.tokens_in(start, end)
    if not idx:
        return None
    # skip the clause's verb (first word) and read its subject
    rest = art.tokens[idx[1]].start if len(idx) > 1 else end
    resolved = _resolve_subject(art, rest, end, art.tokens[idx[0]].start)
    return resolved if isinstance(resolved, _Speaker) and resolved.entity_id else None


def _sentence_speaker(art: _Article, c: _Candidate, quotes: list[Quote]) -> _Speaker | None:
    """For a subjectless cue ("مضيفا", "على حد قوله"): the speaker of an earlier quote in the same sentence."""
    sent_start, _ = art.sentence_of(c.cue.start if c.cue else c.start)
    for q in reversed(quotes):
        if q.start >= sent_start and q.speaker_start is not None:
            return _Speaker(q.speaker_entity_id, q.speaker_start, q.speaker_end)  # type: ignore[arg-type]
        if q.end < sent_start:
            break
    return None


def _make_quote(art: _Article, c: _Candidate, speaker: _Speaker | None) -> Quote:
    """Build the output row of a candidate."""
    cue_text = art.body[c.cue.start : c.cue.end] if c.cue else None
    return Quote(
        start=c.start,
        end=c.end,
        text=art.body[c.start : c.end],
        direct=c.direct,
        cue=cue_text,
        cue_start=c.cue.start if c.cue else None,
        cue_end=c.cue.end if c.cue else None,
        speaker_entity_id=speaker.entity_id if speaker else None,
        speaker_surface=art.body[speaker.start : speaker.end] if speaker else None,
        speaker_start=speaker.start if speaker else None,
        speaker_end=speaker.end if speaker else None,
    )
