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

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from akhbar.arabic import DIACRITICS_RE, PROCLITICS, fold, fold_with_map
from akhbar.gazetteer import TOKEN_RE, AliasEntry, Gazetteer

METHOD_GAZETTEER = "gazetteer"
METHOD_PATTERN = "pattern"
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


@dataclass(frozen=True)
class Token:
    """A word of the body: folded text (Latin lower-cased), its span in the body and in the folded text."""

    text: str
    start: int
    end: int
    fstart: int
    fend: int


def _words(text: str) -> frozenset[str]:
    """Fold a whitespace-separated word list into a set of matching forms."""
    return frozenset(fold(w) for w in text.split())


# --- word lists of Arabic news writing (folded at import) -------------------------------------------------
# Function words: prepositions, particles, pronouns, demonstratives, relatives, conjunction-led forms.
FUNCTION_WORDS = _words(
    """في من على إلى الى عن مع أن إن أنه إنه أنها إنها أنهم إنهم كان كانت يكون تكون هو هي هم هما نحن
    هذا هذه ذلك تلك هؤلاء الذي التي الذين اللذين اللتين ما ماذا لا لم لن قد كما أيضا أيضاً حيث بعد قبل خلال
    عند لدى حول بين ضد منذ حتى إذا إذ لكن لكنه لكنها بل ثم أو أم يوم أمس اليوم غدا غداً عبر نحو بشأن وفق
    وفقا وفقاً فيه فيها به بها له لها عليه عليها منه منها إليه إليها أي كل بعض جميع غير سوى دون أمام وراء
    فوق تحت ضمن إثر عقب لأن بأن كي لكي حين عندما بينما فيما إذن أثناء لدي ولا وقد ولم وأن وإن فإن بأنه
    قائلا قائلاً مضيفا مضيفاً مشيرا مشيراً موضحا موضحاً مؤكدا مؤكداً معتبرا معتبراً لافتا لافتاً مشددا مشدداً
    الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت صباح مساء ظهر صباحا مساء اليوم الماضي
    الحالي المقبل المقبلة الماضية الحالية الأسبوع الشهر العام السنة نفسه نفسها أنفسهم ذاته ذاتها آخر أخرى آخرون
    بما مما عما لما فيما حيال تجاه إزاء جراء بسبب رغم بفضل بدل بدلا قرب عنه عنها عنهم لذلك كذلك لهذا بذلك
    قائلة مضيفة مشيرة موضحة مؤكدة معتبرة لافتة مشددة مثل مثلا الله"""
)
# Verbs that follow a subject name or introduce reported speech (past masculine; the feminine -ت is added).
_PAST_VERBS = """قال أكد أعلن حث دعا أضاف أشار أوضح شدد اعتبر رأى صرح ذكر كشف التقى زار وصل استقبل بحث
    ناقش وقع شارك ألقى أجرى أرسل أبدى هنأ رحب طالب طلب نفى حذر قرر أمر وافق رفض تحدث عقد ترأس افتتح
    توجه غادر أعرب تلقى أفاد تابع لفت نوه أبلغ اتهم انتقد وعد تعهد أجاب علق كتب غرد نشر قدم اقترح
    حضر بدأ أنهى اختتم أجرى عين أصدر وجه اعترف ادعى زعم أقر أنكر جدد استبعد توقع يعتقد اعتقد وصف"""
VERBS = frozenset(
    {fold(v) for v in _PAST_VERBS.split()} | {fold(v) + "ت" for v in _PAST_VERBS.split()}
    | _words("يقول تقول يؤكد تؤكد يرى ترى يضيف تضيف يشير تشير")
)
# Verbs of saying: "قال فلان فلان،" introduces a speaker by name.
# Verbs that announce (أعلن، كشف) often take a company or ministry as subject, so they are left out.
_SPEECH_VERBS = "قال أكد أضاف أوضح صرح أشار ذكر تابع لفت شدد اعتبر نفى حذر علق غرد أجاب نوه"
REPORTING_VERBS = frozenset({fold(v) for v in _SPEECH_VERBS.split()} | {fold(v) + "ت" for v in _SPEECH_VERBS.split()})
OTHER_VERBS = _words(
    """يلتقي يزور يصل سيزور سيلتقي يبحث يعتزم يواجه يسعى تسعى يريد تريد يحاول يستقبل يشارك سيشارك
    يتحدث يعقد يرأس يترأس يوقع يلقي سيلقي يجري يدعو يحث يطالب يحذر يتوقع يتعين يجب يمكن أصبح أصبحت
    ليس ليست كانا باتت بات ظل ظلت لا يزال لازال مازال يعتبر يعد تعد"""
)
# Generic nouns that follow a reporting verb or a title in place of a name (قال مسؤول، قالت مصادر).
GENERIC_NOUNS = _words(
    """مسؤول مسؤولة مسؤولون مسؤولين مسؤولو مصدر مصادر متحدث متحدثة ناطق ناطقة شهود شاهد سكان محللون محلل
    محللين خبراء خبير مراقبون دبلوماسي دبلوماسيون دبلوماسيين نشطاء ناشط بيان تقرير تقارير مراسل مواطن مواطنون
    طبيب أطباء عضو أعضاء نائب رئيس وزير مدير قادة زعماء تجار ممثل ممثلو موظف موظفون عدد بعض أحد إحدى
    مجموعة فريق وفد جهات جهة وكالة صحيفة موقع قناة شبكة وزارة حكومة مجلس هيئة شركة منظمة سمو معالي فخامة
    صاحب سعادة الرئيس وسائل إعلام مصادر مصدرا تقرير دراسة مسؤولا مسؤولي قوات جيش شرطة الشرطة لجنة
    اللجنة بعثة محكمة المحكمة أمين سفير سفراء ممثلة مندوب مندوبة قائد ضابط ضباط جنود جندي لاعب مدرب
    باحث باحثة ساكن سكان عامل عمال طالب طلاب معلم صحفي صحافي محامي محام ناشطة رسول النبي ابن ابنة نجل
    شقيق شقيقة زوج زوجة والد والدة أم أب عائلة أسرة طيران"""
)
# Words that start a name's connection rather than a given name: بن، أبو، عبد، آل ...
NAME_CONNECTORS = _words("بن بنت ابن أبو أبي أبا عبد آل ولد دي دا فان فون")

# Titles and roles that precede a person's name in news writing (as folded token sequences).
_TITLES = """الرئيس|الرئيسة|رئيس|رئيسة|رئيس الوزراء|رئيسة الوزراء|رئيس الحكومة|رئيس وزراء|نائب الرئيس|نائب رئيس
    |وزير|وزيرة|الوزير|الوزيرة|المتحدث باسم|المتحدثة باسم|المتحدث الرسمي باسم|المتحدثة الرسمية باسم
    |الناطق باسم|الناطقة باسم|الناطق الرسمي باسم|الناطقة الرسمية باسم|الأمين العام|الأمينة العامة|مساعد|مساعدة
    |مستشار|مستشارة|المستشار|المستشارة|زميل في|زميلة في|السفير|السفيرة|سفير|سفيرة|الملك|الملكة|الأمير|الأميرة
    |ولي العهد|الشيخ|الشيخة|السيناتور|الجنرال|اللواء|العميد|العقيد|الفريق أول|المشير|مدير|مديرة|المدير|المديرة
    |المدير التنفيذي|الرئيس التنفيذي|النائب|الدكتور|الدكتورة|البروفيسور|المحلل|الباحث|الباحثة|الخبير|الخبيرة
    |المبعوث|المبعوثة|مبعوث|مبعوثة|المفوض|المفوضة|مفوض|مفوضة|القائد|قائد|السيد|السيدة|زعيم|الزعيم|زعيمة
    |المرشد الأعلى|آية الله|البابا|المندوب|مندوب|المندوبة|محافظ|المحافظ|أمير|حاكم|الحاكم|نظيره|نظيرته|الكاتب|الكاتبة|الصحفي
    |الصحافي|المراسل|المراسلة|الأستاذ|الأستاذة|المهندس|المدرب|اللاعب"""
TITLES: tuple[tuple[str, ...], ...] = tuple(
    sorted({tuple(fold(t).split()) for t in _TITLES.replace("\n", " ").split("|") if t.strip()}, key=len, reverse=True)
)
# Nouns that head the organisation or office a title names before the name (وزير الخارجية، المتحدثة باسم
# وزارة الخارجية الصينية، نائب رئيس مجلس الأمن الروسي).
CONSTRUCT_NOUNS = _words(
    """باسم وزارة مجلس هيئة شركة منظمة حزب جامعة مركز معهد بنك صندوق لجنة وكالة دولة رئيس مدير إدارة
    مؤسسة مجموعة اتحاد نادي فريق منتخب قوات جيش بعثة حكومة جمهورية مملكة سلطنة إمارة لدى شؤون مكتب
    وزراء الوزراء مجلس قسم كلية جمعية رابطة غرفة سوق بورصة ولاية مقاطعة منطقة محافظة بلدية فرع قطاع
    دائرة مصلحة مجمع مستشفى مدرسة جهاز برنامج مشروع مبادرة نقابة عمادة كرسي وحدة شعبة مديرية خدمات"""
)
# Adjectives a definite title takes besides nisbas (الرئيس السابق، المرشد الأعلى الإيراني).
TITLE_ADJECTIVES = _words(
    "السابق السابقة الراحل الراحلة الجديد الجديدة المعارض المعارضة الحالي الحالية المنتخب الأسبق الأعلى العام"
    " العامة التنفيذي التنفيذية المساعد المساعدة الأول الأولى المؤقت المكلف الفخري الرسمي الرسمية الدائم"
)
# A person title that makes a context spelling ("شي") count: the head alone (الرئيس شي, الرئيس الصيني شي).
PERSON_CUES = _words("الرئيس الرئيسة رئيس الزعيم زعيم الأمين السيد السيدة الملك الأمير نظيره نظيرته المستشار")
TYPE_CUES = {
    "person": PERSON_CUES,
    "country": _words("دولة جمهورية سلطنة مملكة إمارة بلد"),
    "location": _words("مدينة العاصمة عاصمة منطقة إقليم ولاية"),
    "organization": _words("منظمة شركة وكالة حزب"),
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
_PREPS = ("ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل")


# --- tokens ----------------------------------------------------------------------------------------------


def tokenize(body: str) -> tuple[list[Token], str, list[int]]:
    """Split the body into match tokens; returns them, the folded body and its map back to the body."""
    folded, index = fold_with_map(body)
    tokens = []
    for m in TOKEN_RE.finditer(folded):
        start = index[m.start()]
        end = index[m.end() - 1] + 1
        while end < len(body) and DIACRITICS_RE.match(body[end]):  # marks on the last letter belong to it
            end += 1
        text = m.group()
        tokens.append(Token(text.lower() if text.isascii() else text, start, end, m.start(), m.end()))
    return tokens, folded, index


def _gap(folded: str, a: Token, b: Token) -> str:
    """Folded text between two tokens."""
    return folded[a.fend : b.fstart]


def _joined(folded: str, a: Token, b: Token) -> bool:
    """True when only spaces (no newline, no punctuation) separate two tokens: they can form one name."""
    gap = _gap(folded, a, b)
    return bool(gap) and gap.strip(" ") == ""


def _bare(word: str) -> str:
    """A word without a leading conjunction (و ف) when at least two letters remain."""
    if word[:1] in _CONJ and len(word) > 2:
        return word[1:]
    return word


def _definite_forms(word: str) -> set[str]:
    """Forms a word may have under its proclitics: والرئيس -> الرئيس, للرئيس -> الرئيس, ووزير -> وزير."""
    forms = {word, _bare(word)}
    for p in _PREPS:
        if word.startswith(p) and word[len(p) :].startswith("ال"):
            forms.add(word[len(p) :])
    for p in ("لل", "ولل", "فلل"):
        if word.startswith(p) and len(word) > len(p) + 1:
            forms.add("ال" + word[len(p) :])
    return forms


def _in(word: str, words: frozenset[str]) -> bool:
    """Membership test tolerant of a leading conjunction."""
    return word in words or _bare(word) in words


# --- gazetteer matching ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    first: int  # token index
    last: int  # token index, inclusive
    start: int
    entity_id: str
    weak: bool
    prefix_len: int


def _resolve(entries: list[AliasEntry]) -> AliasEntry | None:
    """One entity for a spelling: a strong reading wins; a spelling shared by two strong entities is skipped."""
    strong = [e for e in entries if not e.needs_context]
    pool = strong or entries
    ids = {e.entity_id for e in pool}
    return pool[0] if len(ids) == 1 else None


def _is_nisba_shape(word: str) -> bool:
    """A definite word ending like a feminine/masculine nisba adjective (السعودية، الصيني)."""
    return word.startswith("ال") and (word.endswith("يه") or word.endswith("ي")) and len(word) > 4


def _is_definite(tok: Token, body: str) -> bool:
    """The word is written with the article ال (a bare alef: أليكسي folds like الـ but is not definite)."""
    return DIACRITICS_RE.sub("", body[tok.start : tok.end]).startswith("ال")


def _gazetteer_candidates(tokens: Sequence[Token], folded: str, index: Sequence[int], gaz: Gazetteer) -> list[_Candidate]:
    """Every (longest per start and proclitic) gazetteer match starting at each token."""
    out: list[_Candidate] = []
    n = len(tokens)
    for i, tok in enumerate(tokens):
        # How many following tokens can join this one into a multi-word name.
        reach = 1
        while reach < gaz.max_tokens and i + reach < n and _joined(folded, tokens[i + reach - 1], tokens[i + reach]):
            reach += 1
        prefixes = [""] if tok.text.isascii() else ["", *PROCLITICS]
        for prefix in prefixes:
            if not tok.text.startswith(prefix) or len(tok.text) - len(prefix) < 2:
                continue
            rest = tok.text[len(prefix) :]
            firsts = [rest]
            if prefix.endswith("لل"):  # للصين = ل + الصين: the article's alef is dropped in writing
                firsts.append("ال" + rest)
            for first in firsts:
                for k in range(reach, 0, -1):
                    key = (first, *(t.text for t in tokens[i + 1 : i + k]))
                    entry = _resolve(gaz.lookup(key))
                    if entry is None:
                        continue
                    start = index[tok.fstart + len(prefix)]
                    out.append(_Candidate(i, i + k - 1, start, entry.entity_id, entry.needs_context, len(prefix)))
                    break
    return out


def _select(cands: list[_Candidate]) -> list[_Candidate]:
    """Longest match wins; among equals, the shortest proclitic; no two selected matches share a token."""
    taken: set[int] = set()
    chosen = []
    for c in sorted(cands, key=lambda c: (-(c.last - c.first), c.prefix_len, c.first)):
        span = range(c.first, c.last + 1)
        if any(t in taken for t in span):
            continue
        taken.update(span)
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.first)


def _preceded_by_cue(tokens: Sequence[Token], folded: str, i: int, cues: frozenset[str]) -> bool:
    """True when a cue word (a title, دولة، مدينة) precedes token i, optionally across nisba adjectives."""
    j = i - 1
    skipped = 0
    while j >= 0 and _joined(folded, tokens[j], tokens[j + 1]):
        forms = _definite_forms(tokens[j].text)
        if forms & cues:
            return True
        if skipped < 2 and _is_nisba_shape(tokens[j].text):
            skipped += 1
            j -= 1
            continue
        return False
    return False


def _is_adjective(tokens: Sequence[Token], folded: str, c: _Candidate) -> bool:
    """A one-word nisba-shaped country name right after a definite noun is an adjective (الحكومة السعودية)."""
    tok = tokens[c.first]
    stem = tok.text[c.prefix_len :]
    if c.last != c.first or c.prefix_len or not _is_nisba_shape(stem) or c.first == 0:
        return False
    prev = tokens[c.first - 1]
    return _joined(folded, prev, tok) and any(f.startswith("ال") for f in _definite_forms(prev.text))


def gazetteer_mentions(body: str, gaz: Gazetteer) -> list[Mention]:
    """Gazetteer mentions in a body: longest match, proclitics stripped, context spellings checked."""
    tokens, folded, index = tokenize(body)
    chosen = [c for c in _select(_gazetteer_candidates(tokens, folded, index, gaz)) if not _is_adjective(tokens, folded, c)]
    mentions: list[Mention] = []
    seen_strong: set[str] = set()
    for c in chosen:
        ent = gaz[c.entity_id]
        if c.weak and c.entity_id not in seen_strong:
            if not _preceded_by_cue(tokens, folded, c.first, TYPE_CUES.get(ent.type, frozenset())):
                continue
        if not c.weak:
            seen_strong.add(c.entity_id)
        end = tokens[c.last].end
        if TANWIN_RE.search(body[tokens[c.last].start : end]):
            continue
        mentions.append(Mention(c.start, end, body[c.start : end], ent.entity_id, ent.type, METHOD_GAZETTEER, ent.name_ar))
    return mentions


# --- pattern persons -------------------------------------------------------------------------------------


def _gap_ok(folded: str, a: Token, b: Token) -> bool:
    """Tokens joined by spaces, optionally with quotation marks (الرئيس “فلان”)."""
    gap = _gap(folded, a, b)
    return bool(gap) and "\n" not in gap and gap.strip(" " + QUOTE_CHARS) == ""


def _name_word(tok: Token, body: str, first: bool) -> bool:
    """Could this token be a word of a person's name?"""
    w = tok.text
    if tok.text.isascii() or len(w) < 2 or not w.isalpha():
        return False
    raw = DIACRITICS_RE.sub("", body[tok.start : tok.end])
    if raw.endswith("علي") and w in ("علي", "وعلي"):  # the name Ali, which folds like the preposition على
        return True
    if _in(w, FUNCTION_WORDS) or _in(w, VERBS) or _in(w, OTHER_VERBS) or _in(w, GENERIC_NOUNS):
        return False
    if w.startswith(_DEFINITE_PROCLITICS) or w.endswith(_PRONOUN_SUFFIXES):  # بالفعل، ضمها: not names
        return False
    if raw.endswith("ته") or raw.endswith("تها"):  # ta marbuta turned into ت before a pronoun: تهنئته
        return False
    stem = w[1:] if w[:1] in "وفبلك" and len(w) > 3 else w
    if stem in CONSTRUCT_NOUNS or stem in GENERIC_NOUNS or stem in VERBS or MASDAR_RE.fullmatch(stem):
        return False
    if first and w.endswith("ات"):  # a feminine plural noun, not a given name
        return False
    if _is_definite(tok, body) and w.endswith(("ين", "ون", "ات")):  # definite plural: المستوطنين
        return False
    if w in CONSTRUCT_NOUNS or any(w in t for t in TITLES):
        return False
    if TANWIN_RE.search(body[tok.start : tok.end]):
        return False
    if first and (_is_definite(tok, body) or w in NAME_CONNECTORS):
        return False
    return not w.startswith("لل")


def _boundary_after(tokens: Sequence[Token], folded: str, j: int, strict: bool) -> bool:
    """Does a name that ends at token j-1 stop at a clear boundary before token j?"""
    if j >= len(tokens):
        return True
    gap = _gap(folded, tokens[j - 1], tokens[j])
    if gap.strip(" ") != "":  # punctuation, a quote mark or a line break
        return True
    w = tokens[j].text
    if strict:
        if _bare(w) in _words("أن إن أنه إنه أنها إنها من في أمام خلال لدى عقب أثناء يوم أمس لوكالة لصحيفة لقناة"):
            return True
    elif _in(w, FUNCTION_WORDS) or _in(w, VERBS) or _in(w, OTHER_VERBS) or _title_at(tokens, j):
        return True
    # A preposition-led word before a definite one (لوسائل الإعلام، بقادة الدول) starts a new phrase.
    if j + 1 < len(tokens) and w[:1] in "بلك" and tokens[j + 1].text.startswith("ال") and _joined(folded, tokens[j], tokens[j + 1]):
        return True
    return False


def _name_at(tokens: Sequence[Token], folded: str, body: str, i: int, covered: set[int], strict: bool) -> int:
    """Number of tokens of a person name starting at token i (0 when none): 2-4 name words."""
    if i >= len(tokens) or i in covered or not _name_word(tokens[i], body, first=True):
        return 0
    ends: list[tuple[int, int]] = []  # (end token, name words so far)
    j = i + 1
    words = 1
    while j < len(tokens) and j not in covered and _joined(folded, tokens[j - 1], tokens[j]) and words < 4:
        w = tokens[j].text
        if w in NAME_CONNECTORS:  # بن / أبو / آل must be followed by a name word
            j += 1
            continue
        if not _name_word(tokens[j], body, first=False):
            break
        words += 1
        j += 1
        if words >= 2:
            ends.append((j, words))
        if _is_definite(tokens[j - 1], body):  # a definite family name (الدباشي) closes the name
            break
    for end, words in reversed(ends):
        # A third or fourth word is taken only before punctuation or "أن/إن": otherwise it is as likely
        # the start of what follows the name (سامح شكري حرصه على).
        if words >= 3 and not _hard_boundary(tokens, folded, end):
            continue
        if _boundary_after(tokens, folded, end, strict):
            return end - i
    return 0


def _hard_boundary(tokens: Sequence[Token], folded: str, j: int) -> bool:
    """Punctuation, a line end or a complementiser (أن، إن) before token j."""
    if j >= len(tokens) or _gap(folded, tokens[j - 1], tokens[j]).strip(" ") != "":
        return True
    return _bare(tokens[j].text) in _COMPLEMENTISERS


def _title_at(tokens: Sequence[Token], i: int) -> int:
    """Length in tokens of a title starting at token i (0 when none)."""
    for title in TITLES:
        k = len(title)
        if i + k > len(tokens):
            continue
        if title[0] in _definite_forms(tokens[i].text) and all(tokens[i + m].text == title[m] for m in range(1, k)):
            return k
    return 0


def _skip_complement(
    tokens: Sequence[Token], folded: str, body: str, j: int, covered: dict[int, Mention], governs: bool
) -> int:
    """Skip what a title governs before the name (an office, an entity, adjectives); -1 when no name can follow.

    ``governs`` is true while the last word is in construct state (رئيس، وزير، باسم) and takes a genitive
    noun; a definite word then belongs to the title (وزير الخارجية). Otherwise only adjectives follow
    (الرئيس الصيني، المرشد الأعلى). A title that still governs at the end names an organisation, not a person.
    """
    steps = 0
    while j < len(tokens) and steps < 8:
        w = tokens[j].text
        t = _title_at(tokens, j)
        if j in covered:
            m = covered[j]
            if m.type not in ("country", "organization", "location"):
                return -1
            while j < len(tokens) and covered.get(j) is m:
                j += 1
            governs = False
        elif t:
            governs = not tokens[j + t - 1].text.startswith("ال")
            j += t
        elif _bare(w) in CONSTRUCT_NOUNS or (w[:1] in "لب" and w[1:] in CONSTRUCT_NOUNS):
            governs = True
            j += 1
        elif w.startswith("لل") and len(w) > 3:
            governs = False
            j += 1
        elif _is_definite(tokens[j], body) and len(w) > 3 and not _in(w, FUNCTION_WORDS) and (
            governs or _is_nisba_shape(w) or w in TITLE_ADJECTIVES
        ):
            governs = False
            j += 1
        else:
            break
        steps += 1
        if j < len(tokens) and not _gap_ok(folded, tokens[j - 1], tokens[j]):
            return -1
    return -1 if governs else j


def _person_id(words: Sequence[str]) -> str:
    """Stable id of a pattern person: transliterated folded name plus a short hash of it."""
    name = " ".join(words)
    slug = "-".join(filter(None, ("".join(_TRANSLIT.get(ch, "") for ch in w) for w in words)))
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:6]
    return f"{slug or 'person'}-{digest}"


_TRANSLIT = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "a", "غ": "gh", "ف": "f",
    "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w", "ي": "y", "ئ": "y", "ؤ": "w",
    "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g",
}


def pattern_mentions(body: str, tokens: Sequence[Token], folded: str, known: Sequence[Mention]) -> list[Mention]:
    """People named the news way (title + name, reporting verb + name), with their later repeats."""
    covered: dict[int, Mention] = {}
    for idx, tok in enumerate(tokens):
        for m in known:
            if m.start < tok.end and tok.start < m.end:
                covered[idx] = m
    found: list[tuple[int, int]] = []  # (first token, n tokens)
    for i in range(len(tokens)):
        t = _title_at(tokens, i)
        if t:
            governs = not tokens[i + t - 1].text.startswith("ال")
            j = _skip_complement(tokens, folded, body, i + t, covered, governs)
            if j > i and j < len(tokens) and _gap_ok(folded, tokens[j - 1], tokens[j]):
                k = _name_at(tokens, folded, body, j, set(covered), strict=False)
                if k:
                    found.append((j, k))
                    continue
        if _in(tokens[i].text, REPORTING_VERBS) and i + 1 < len(tokens) and _joined(folded, tokens[i], tokens[i + 1]):
            k = _name_at(tokens, folded, body, i + 1, set(covered), strict=True)
            if k:
                found.append((i + 1, k))
    persons: dict[tuple[str, ...], str] = {}
    spans: dict[int, tuple[int, str, str]] = {}  # first token -> (n tokens, entity id, canonical name)
    for first, k in found:
        words = tuple(tokens[m].text for m in range(first, first + k))
        pid = persons.setdefault(words, _person_id(words))
        spans[first] = (k, pid, body[tokens[first].start : tokens[first + k - 1].end])
    # Later repeats: the full name anywhere, the surname after a reporting verb or a title.
    for words, pid in persons.items():
        surname = words[-1]
        canonical = next(s[2] for s in spans.values() if s[1] == pid)
        for i in range(len(tokens)):
            if i in covered or any(f <= i < f + s[0] for f, s in spans.items()):
                continue
            if tuple(tokens[m].text for m in range(i, min(i + len(words), len(tokens)))) == words and all(
                _joined(folded, tokens[m], tokens[m + 1]) for m in range(i, i + len(words) - 1)
            ):
                spans[i] = (len(words), pid, canonical)
            elif len(words) >= 2 and len(surname) >= 4 and not surname.startswith("ال") and tokens[i].text == surname:
                prev = tokens[i - 1] if i else None
                if prev and _gap_ok(folded, prev, tokens[i]) and (
                    _in(prev.text, REPORTING_VERBS) or _definite_forms(prev.text) & PERSON_CUES
                ):
                    spans[i] = (1, pid, canonical)
    out = []
    for first, (k, pid, canonical) in sorted(spans.items()):
        start, end = tokens[first].start, tokens[first + k - 1].end
        out.append(Mention(start, end, body[start:end], pid, "person", METHOD_PATTERN, canonical))
    return out


# --- public API ------------------------------------------------------------------------------------------


def find_mentions(body: str, gaz: Gazetteer, patterns: bool = True) -> list[Mention]:
    """All entity mentions in one article body, sorted by (start, end)."""
    found = gazetteer_mentions(body, gaz)
    if patterns:
        tokens, folded, _ = tokenize(body)
        found += pattern_mentions(body, tokens, folded, found)
    return sorted(found, key=lambda m: (m.start, m.end))


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
    return _person_id(tuple(t.lower() if t.isascii() else t for t in TOKEN_RE.findall(fold(name))))


@dataclass(frozen=True)
class EntityRecord:
    """One row of the entities table: canonical fields and every surface seen."""

    entity_id: str
    type: str
    name_ar: str
    name_en: str | None
    wikidata: str | None
    aliases: list[str]


def entity_type(entity_id: str, gaz: Gazetteer) -> str:
    """Type of an entity id: the gazetteer's, else `person` (ids outside the gazetteer come from person patterns)."""
    return gaz[entity_id].type if entity_id in gaz else "person"


def aggregate_entities(mentions: Iterable[tuple[str, str]], gaz: Gazetteer) -> list[EntityRecord]:
    """Entities of (entity_id, surface) mention pairs, sorted by id; unknown ids are pattern persons.

    A pattern person's Arabic name is its longest surface (the full name; surname repeats are shorter).
    """
    surfaces: dict[str, set[str]] = {}
    for entity_id, surface in mentions:
        surfaces.setdefault(entity_id, set()).add(surface)
    out = []
    for entity_id in sorted(surfaces):
        seen = sorted(surfaces[entity_id])
        if entity_id in gaz:
            ent = gaz[entity_id]
            out.append(EntityRecord(entity_id, ent.type, ent.name_ar, ent.name_en, ent.wikidata, seen))
        else:
            name = max(seen, key=lambda s: (len(s), s))
            out.append(EntityRecord(entity_id, entity_type(entity_id, gaz), name, None, None, seen))
    return out
