"""Turn a decoded article into its title, dateline and stored body: website chrome out, text normalised for storage."""

from __future__ import annotations

import re
from dataclasses import dataclass

from akhbar.corpus.dateline import is_dateline_line, split_dateline
from akhbar.text.arabic import count_words, count_words_upto, fold, normalize_storage

# Chrome lines are short; a long paragraph that happens to contain "اشترك" is article text.
MAX_CHROME_WORDS = 25
# A line this long is running text: never chrome, and it ends a "read also" block.
MAX_CHROME_CHARS = 600
MAX_TITLE_WORDS = 30
# Patterns and lines are both folded (alef forms, ta marbuta, yeh unified), so one spelling covers all. No pattern
# matches a line break (no \\s), so one scan of the whole folded article finds the lines a per-line search would.
# Chrome that opens a line:
_CHROME_LINE_STARTS = [
    # newsletter sign-up and subscription calls
    r"(سجل|اشترك|اشتركوا|اشترك الان|سجل الان)\b.*(النشره|نشرتنا|القناه|قناه|البريد|تيليجرام|تلغرام|واتساب|يوتيوب|مجانا)",
    r"(اشترك|اشتركوا)\b.*(بالضغط|اضغط|هنا)",
    # form-field notes
    r"(الحقول|الحقل) (المطلوبه|المشار اليها)",
    # follow-us and podcast prompts
    r"(تابعنا|تابعونا|اتبعنا|اتبع|تابع)\b.*(على|عبر|في) .*(وسائل التواصل|مواقع التواصل|فيسبوك|فيس بوك|تويتر|اكس|انستغرام|انستجرام|تيليجرام|تلغرام|يوتيوب|جوجل نيوز|غوغل نيوز|نيوز)",
    r"(استمع|استمعوا) (الي|ل).*(البودكاست|بودكاست|الحلقه)",
    r"(شارك|شاركوا) (المقال|الخبر|هذا)",
    # link-back, contact and "more by this writer" lines
    r"رابط (الخبر|المقال|المادة)",
    r"للتواصل (أرسل|ارسل|راسل)",
    r"(مقالات|المزيد من المقالات) (أخرى|اخرى) (للكاتب|لنفس الكاتب)",
    # a photo gallery's controls alone on a line (3alyoum), above the byline the dateline step then finds
    r"Next Previous(?=\n|$)",
]
# Chrome anywhere in a line; each pattern opens with a literal word, so the regex engine skips straight to it.
_CHROME_ANYWHERE = [
    r"النشره (الاخباريه|البريديه)",  # newsletter
    r"هذا الحقل",  # form-field note
]
# Run over "\n" + text: a leading literal newline is found far faster than a MULTILINE "^".
_CHROME_START_RE = re.compile("\n(?:" + "|".join(f"(?:{fold(p)})" for p in _CHROME_LINE_STARTS) + ")")
# Each pattern with its literal opening (up to its first special character): a text without it is not searched (a
# substring test is several times faster than the regex engine's scan for the same literal).
_CHROME_ANYWHERE_RES = [(fold(re.split(r"[\\()\[\]|?*+.{}^$]", p)[0]), re.compile(fold(p))) for p in _CHROME_ANYWHERE]
# A "read also" heading; the link titles under it go too.
_READ_ALSO_HEADINGS = fold(r"(?:(اقرأ|اقرؤوا|اقرأوا) (أيضا|أيضًا|أيضاً|المزيد)|(مواضيع|أخبار|مقالات) (ذات صلة|متعلقة))")
_READ_ALSO_RE = re.compile(f"^{_READ_ALSO_HEADINGS}\\s*:?$")
_READ_ALSO_SCAN_RE = re.compile(f"\n{_READ_ALSO_HEADINGS}")  # the headings that open a line: a superset
_BULLET_RE = re.compile(r"\n[•●▪◦·*\-–][^\S\n]*")  # a list bullet opening a line (run over "\n" + text)
# A share bar run into the first paragraph (okaz: "شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك أكد ..."): the
# bar goes, the paragraph stays.
_SHARE_BAR_CUE = "شارك من خلال"  # a text without it has no share bar: the regex's scan of every line is spared
_SHARE_BAR_RE = re.compile(
    rf"^[^\S\n]*{_SHARE_BAR_CUE}(?:[^\S\n]+(?:تويتر|فيسبوك|فيس بوك|جوجل بلس|غوغل بلس|واتساب))+(?:[^\S\n]+اكتب رأيك)?[^\S\n]*",
    re.M,
)
_SENTENCE_END = (".", "!", ":", "؛", "…", "\u06d4")
# A first line followed by a blank line (a .txt article's "title, blank line, body"); the text after it.
_SET_APART_RE = re.compile(r"[^\S\n]*([^\n]*\S)[^\S\n]*\n[^\S\n]*\n")
_BLANK_LINE_RE = re.compile(r"\n[^\S\n]*\n")


@dataclass(frozen=True)
class CleanArticle:
    """Result of cleaning: the headline and dateline (if any) and the body every offset refers to."""

    title: str | None
    body: str
    dateline: str | None = None


def _line_numbers(text: str, pattern: re.Pattern[str]) -> set[int]:
    """Numbers of the lines where ``pattern`` matches in ``text``, which is the lines joined after a leading "\\n"."""
    return {text.count("\n", 0, m.start() + 1) - 1 for m in pattern.finditer(text)}


@dataclass(frozen=True)
class _FoldedLines:
    """An article's lines folded for matching, with and without their list bullets (one fold each, not one per line)."""

    lines: list[str]
    folded: str  # "\n" + the folded lines
    unbulleted: str  # the same with each line's bullet and the spaces after it removed before folding

    @classmethod
    def of(cls, lines: list[str]) -> _FoldedLines:
        """Fold ``lines`` once (folding never moves a line break)."""
        joined = "\n" + "\n".join(lines)
        folded = fold(joined)
        stripped, bullets = _BULLET_RE.subn("\n", joined)
        return cls(lines, folded, fold(stripped) if bullets else folded)

    def chrome(self) -> set[int]:
        """Indices of the lines that are website chrome (newsletter, follow-us, podcast, form note, subscription)."""
        found = _line_numbers(self.unbulleted, _CHROME_START_RE)
        for literal, pattern in _CHROME_ANYWHERE_RES:
            if literal in self.unbulleted:
                found |= _line_numbers(self.unbulleted, pattern)
        return {i for i in found if count_words(self.lines[i]) <= MAX_CHROME_WORDS}

    def read_also(self) -> set[int]:
        """Indices of the lines that are a "read also" heading."""
        candidates = _line_numbers(self.folded, _READ_ALSO_SCAN_RE)
        return {i for i in candidates if _READ_ALSO_RE.match(fold(self.lines[i]))}


def is_chrome(line: str) -> bool:
    """True when a line is website chrome (newsletter, follow-us, podcast, form note, subscription)."""
    return bool(_FoldedLines.of([line]).chrome())


def _looks_like_link_title(line: str) -> bool:
    """A short line without sentence punctuation, as the entries of a "read also" list are."""
    return count_words(line) <= MAX_CHROME_WORDS and not line.endswith((".", "؛", ":"))


def drop_chrome(lines: list[str]) -> list[str]:
    """Remove chrome lines and "read also" blocks (heading plus the link titles that follow it)."""
    folded = _FoldedLines.of(lines)
    chrome, read_also = folded.chrome(), folded.read_also()
    kept: list[str] = []
    in_read_also = False
    for i, line in enumerate(lines):
        if len(line) > MAX_CHROME_CHARS:  # a paragraph of running text
            in_read_also = False
            kept.append(line)
            continue
        if i in read_also:
            in_read_also = True
            continue
        if in_read_also:
            if _looks_like_link_title(line) or i in chrome:
                continue
            in_read_also = False
        if i in chrome:
            continue
        kept.append(line)
    return kept


def looks_like_title(line: str) -> bool:
    """A headline: short, and not ending like a sentence of running text."""
    if line.endswith(_SENTENCE_END):
        return False
    # counted only as far as one word past the limit: the first line of a text without a headline is a paragraph
    return 0 < count_words_upto(line, 0, len(line), MAX_TITLE_WORDS + 1) <= MAX_TITLE_WORDS


def set_apart_first_line(text: str) -> str | None:
    """The raw text's first line when a blank line sets it apart as a headline's, else None.

    Set apart: the body's paragraphs are not (one line break each), or the line ends with "!" (a headline's
    exclamation; a lead paragraph above blank-line paragraphs ends with a full stop).
    """
    text = text.replace("\r\n", "\n").lstrip("\n")
    found = _SET_APART_RE.match(text)
    if found is None:
        return None
    line = found.group(1)
    if line.endswith("!") or not _BLANK_LINE_RE.search(text[found.end() :].strip()):
        return line
    return None


def _folds_to(line: str, folded: str) -> bool:
    """``fold(line) == folded``, folding at first only the head of the line that ``folded`` can match: folding goes
    character by character, so the fold of a head is a head of the fold (the line after a headline is mostly a long
    paragraph, which need not be folded whole)."""
    if len(line) > len(folded) + 1 and not folded.startswith(fold(line[: len(folded) + 1])):
        return False
    return fold(line) == folded


def split_title(lines: list[str], set_apart: str | None = None) -> tuple[str | None, list[str]]:
    """Find the headline at the top (dropping a repeated copy) and return it with the remaining lines.

    ``set_apart`` is the raw first line when a blank line sets it apart: short, it is the headline even when it
    ends like a sentence ("!", "." or "…"), as 3% of SaudiNewsNet's headlines do.
    """
    if len(lines) < 2:
        return None, lines
    headed = set_apart is not None and normalize_storage(set_apart) == lines[0]
    if not (looks_like_title(lines[0]) or (headed and count_words(lines[0]) <= MAX_TITLE_WORDS)):
        return None, lines
    title = lines[0]
    rest = lines[1:]
    folded_title = fold(title)
    while rest and _folds_to(rest[0], folded_title):
        rest = rest[1:]
    return title, rest


def clean(text: str, title: str | None = None) -> CleanArticle:
    """Clean one decoded article: storage normalisation, chrome removal, title split, dateline out.

    ``title`` is a feed record's own headline: the body then keeps its first line, less a repeated copy of the
    headline; without it (a .txt article, a record with an empty title) the headline is found in the text.
    """
    stored = normalize_storage(text)
    if _SHARE_BAR_CUE in stored:
        stored = _SHARE_BAR_RE.sub("", stored)
    lines = drop_chrome(stored.split("\n"))
    dateline = None
    if len(lines) > 1 and is_dateline_line(lines[0]):  # a dateline on the first line is not a headline
        dateline, lines = lines[0].strip(), lines[1:]
    given = normalize_storage(title).replace("\n", " ").strip() if title is not None else ""
    found: str | None
    if given:
        rest = lines
        folded_given = fold(given)
        while rest and _folds_to(rest[0], folded_given):
            rest = rest[1:]
        found, rest = given, rest or lines  # a body that is only the headline stays
    else:
        found, rest = split_title(lines, set_apart_first_line(text))
    if dateline is None:
        dateline, body = split_dateline("\n".join(rest))
    else:
        body = "\n".join(rest)
    return CleanArticle(title=found, body=body, dateline=dateline)
