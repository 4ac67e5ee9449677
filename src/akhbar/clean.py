"""Turn a decoded article into its title and stored body: website chrome out, text normalised for storage."""

from __future__ import annotations

import re
from dataclasses import dataclass

from akhbar.arabic import count_words, fold, normalize_storage

# Chrome lines are short; a long paragraph that happens to contain "اشترك" is article text.
MAX_CHROME_WORDS = 25
# Cheap pre-filter: a line this long cannot be 25 words of chrome (avoids folding every paragraph).
MAX_CHROME_CHARS = 600
MAX_TITLE_WORDS = 30
# Patterns and lines are both folded (alef forms, ta marbuta, yeh unified), so one spelling covers all.
_CHROME_PATTERNS = [
    # newsletter sign-up and subscription calls
    r"^(سجل|اشترك|اشتركوا|اشترك الان|سجل الان)\b.*(النشره|نشرتنا|القناه|قناه|البريد|تيليجرام|تلغرام|واتساب|يوتيوب|مجانا)",
    r"^(اشترك|اشتركوا)\b.*(بالضغط|اضغط|هنا)",
    r"النشره (الاخباريه|البريديه)",
    # form-field notes
    r"هذا الحقل",
    r"^(الحقول|الحقل) (المطلوبه|المشار اليها)",
    # follow-us and podcast prompts
    r"^(تابعنا|تابعونا|اتبعنا|اتبع|تابع)\b.*(على|عبر|في) .*(وسائل التواصل|مواقع التواصل|فيسبوك|فيس بوك|تويتر|اكس|انستغرام|انستجرام|تيليجرام|تلغرام|يوتيوب|جوجل نيوز|غوغل نيوز|نيوز)",
    r"^(استمع|استمعوا) (الي|ل).*(البودكاست|بودكاست|الحلقه)",
    r"^(شارك|شاركوا) (المقال|الخبر|هذا)",
    # link-back, contact and "more by this writer" lines
    r"^رابط (الخبر|المقال|المادة)",
    r"^للتواصل (أرسل|ارسل|راسل)",
    r"^(مقالات|المزيد من المقالات) (أخرى|اخرى) (للكاتب|لنفس الكاتب)",
]
_CHROME_RE = re.compile("|".join(f"(?:{fold(p)})" for p in _CHROME_PATTERNS))
# A "read also" heading; the link titles under it go too.
_READ_ALSO_RE = re.compile(fold(r"^(اقرأ|اقرؤوا|اقرأوا) (أيضا|أيضًا|أيضاً|المزيد)\s*:?$|^(مواضيع|أخبار|مقالات) (ذات صلة|متعلقة)\s*:?$"))
_BULLET_RE = re.compile(r"^[•●▪◦·*\-–]\s*")
_SENTENCE_END = (".", "!", ":", "؛", "…", "\u06d4")


@dataclass(frozen=True)
class CleanArticle:
    """Result of cleaning: the headline (if any) and the body every offset refers to."""

    title: str | None
    body: str


def is_chrome(line: str) -> bool:
    """True when a line is website chrome (newsletter, follow-us, podcast, form note, subscription)."""
    if count_words(line) > MAX_CHROME_WORDS:
        return False
    folded = fold(_BULLET_RE.sub("", line))
    return bool(_CHROME_RE.search(folded))


def _looks_like_link_title(line: str) -> bool:
    """A short line without sentence punctuation, as the entries of a "read also" list are."""
    return count_words(line) <= MAX_CHROME_WORDS and not line.endswith((".", "؛", ":"))


def drop_chrome(lines: list[str]) -> list[str]:
    """Remove chrome lines and "read also" blocks (heading plus the link titles that follow it)."""
    kept: list[str] = []
    in_read_also = False
    for line in lines:
        if len(line) > MAX_CHROME_CHARS:  # a paragraph of running text
            in_read_also = False
            kept.append(line)
            continue
        if _READ_ALSO_RE.match(fold(line)):
            in_read_also = True
            continue
        if in_read_also:
            if _looks_like_link_title(line) or is_chrome(line):
                continue
            in_read_also = False
        if is_chrome(line):
            continue
        kept.append(line)
    return kept


def looks_like_title(line: str) -> bool:
    """A headline: short, and not ending like a sentence of running text."""
    words = count_words(line)
    return 0 < words <= MAX_TITLE_WORDS and not line.endswith(_SENTENCE_END)


def split_title(lines: list[str]) -> tuple[str | None, list[str]]:
    """Find the headline at the top (dropping a repeated copy) and return it with the remaining lines."""
    if len(lines) < 2 or not looks_like_title(lines[0]):
        return None, lines
    title = lines[0]
    rest = lines[1:]
    while rest and fold(rest[0]) == fold(title):
        rest = rest[1:]
    return title, rest


def clean(text: str) -> CleanArticle:
    """Clean one decoded article: storage normalisation, chrome removal, title split."""
    lines = normalize_storage(text).split("\n")
    lines = drop_chrome(lines)
    title, rest = split_title(lines)
    return CleanArticle(title=title, body="\n".join(rest))
