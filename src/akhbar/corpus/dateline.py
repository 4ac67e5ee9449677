"""Find an article's dateline (where and by whom it was filed) at the top of its body, so that it leaves the body.

Three shapes, all at the very start of the body (the line after the title):

- a prefix closed by an outlet in parentheses and a dash: "دبي، الإمارات العربية المتحدة (CNN)-- ..."
- a prefix of dash-separated parts closed by a colon or "--", one part naming an agency or desk:
  "سبق- الدمام: ...", "عوض الفهمي- سبق- أضم: ...", "موسكو - وكالة الأنباء الروسية: ..."
- a whole short first line that is such parts ("عين اليوم – الرياض") or ends with an agency after a date
  ("ينبع 26 شوال 1436هـ الموافق 11 أغسطس 2015 م واس").

Agencies and desk credits are a word list (``text/lexicon/datelines.csv``); a line without one is left alone,
since a short "X - Y" line may be a subheading or a score.
"""

from __future__ import annotations

import re
from functools import cache

from akhbar.text import lexicon
from akhbar.text.arabic import count_words, count_words_upto, fold, fold_with_map, has_dash

# A dateline is a few words: anything longer is running text that happens to contain a dash or a colon.
MAX_PREFIX_WORDS = 8
MAX_LINE_WORDS = 14
# a tatweel (ـ) between spaces is a dash in some outlets' datelines ("الرياض ـ واس:")
_DASH = r"(?:\s*(?:--|[-–—])\s*|\s+ـ\s+)"
_SEP_RE = re.compile(_DASH)
# "PLACE، COUNTRY (OUTLET)--": up to 60 characters before a short parenthesis, then a dash
_PAREN_RE = re.compile(r"^[^\n()]{2,60}?\s*\([^\n()]{1,30}\)\s*(?:--|[-–—])\s*")
# dash-separated parts closed by a colon or "--" (at most four parts, no sentence punctuation inside)
_PART = r"[^\n:.،,؛()«»\"\-–—]{1,40}?"
_PARTS_RE = re.compile(rf"^(?:{_PART}{_DASH}){{1,3}}{_PART}\s*(?::|--)\s*")
_PART_TEXT_RE = re.compile(rf"(?:{_PART}{_DASH}){{0,2}}{_PART}")  # dash-separated parts, no sentence punctuation
_DIGIT_RE = re.compile(r"\d")
# Agency names that also read as a word of running text (سبق: preceded; الرياضية: sporting), which a run-in
# credit cannot tell apart
_RUN_IN_AMBIGUOUS = frozenset({fold("سبق"), fold("الرياضية")})
_TRIM = " :-–—ـ\u00a0"


@cache
def _agencies() -> tuple[str, ...]:
    """Folded agency and desk names, each padded with spaces for whole-word search."""
    return tuple(f" {w} " for w in lexicon.folded("datelines", "agency"))


@cache
def _lead_words() -> tuple[str, ...]:
    """Folded words that open an agency's name ("وكالة ...")."""
    return tuple(sorted(lexicon.folded("datelines", "lead")))


def _names_agency(part: str) -> bool:
    """True when a dateline part names an agency or desk (as whole words) or opens with "وكالة"."""
    folded = " " + " ".join(fold(part).replace("(", " ").replace(")", " ").split()) + " "
    return any(a in folded for a in _agencies()) or folded.lstrip().startswith(_lead_words())


def _parts_name_agency(text: str) -> bool:
    """True when one of the dash-separated parts of ``text`` names an agency."""
    return any(_names_agency(p) for p in _SEP_RE.split(text.strip(_TRIM)) if p.strip())


def _prefix_length(line: str) -> int:
    """Length of the dateline that opens ``line`` (0 when there is none)."""
    if not has_dash(line):
        return 0  # every shape ends with a dash or has one: the parenthesis, the parts, the run-in credit
    m = _PAREN_RE.match(line)
    if m and count_words(line[: m.end()]) <= MAX_PREFIX_WORDS:
        return m.end()
    m = _PARTS_RE.match(line)
    if m and count_words(line[: m.end()]) <= MAX_PREFIX_WORDS and _parts_name_agency(line[: m.end()]):
        return m.end()
    return _run_in_credit_length(line)


def _run_in_credit_length(line: str) -> int:
    """Length of a byline run into the text with no colon, closed by an agency or desk name after a dash ("داليا
    أبو العيش – عين اليوم أعلنت شركة ..."); 0 when none. The agency must be the last part: a city there ("فلان –
    جدة لم يفلح") may run on into the text, where no word list says where it ends."""
    for sep in _SEP_RE.finditer(line, 0, 80):
        head = line[: sep.start()]
        if not head.strip() or count_words(head) > 4 or not _PART_TEXT_RE.fullmatch(head):
            return 0
        folded, where = fold_with_map(line[sep.end() : sep.end() + 60])
        for agency in _agencies():
            name = agency.strip()
            if name not in _RUN_IN_AMBIGUOUS and folded.startswith(name) and folded[len(name) : len(name) + 1] == " ":
                end = sep.end() + where[len(name)]
                return end + len(line[end:]) - len(line[end:].lstrip())
    return 0


def is_dateline_line(line: str) -> bool:
    """True when a whole line is a dateline: dash-separated parts naming an agency, or a dated agency credit."""
    if line.rstrip().endswith((".", "!", "؟", "?")):
        return False
    # counted only as far as one word past the limit: a first paragraph of running text is long
    words = count_words_upto(line, 0, len(line), MAX_LINE_WORDS + 1)
    if words == 0 or words > MAX_LINE_WORDS:
        return False
    trimmed = line.strip(_TRIM)
    parts = [p for p in (_SEP_RE.split(trimmed) if has_dash(trimmed) else [trimmed]) if p.strip()]
    if 2 <= len(parts) <= 4 and words <= MAX_PREFIX_WORDS and all(count_words(p) <= 4 for p in parts):
        return any(_names_agency(p) for p in parts)
    # "PLACE DATE AGENCY" on a line of its own
    last = line.strip(_TRIM).rsplit(None, 1)[-1]
    return bool(_DIGIT_RE.search(line)) and _names_agency(last)


def split_dateline(body: str) -> tuple[str | None, str]:
    """The dateline that opens ``body`` (None when there is none) and the body without it."""
    first, newline, rest = body.partition("\n")
    if newline and rest and is_dateline_line(first):
        return first.strip(_TRIM), rest
    n = _prefix_length(first)
    if n and first[n:].strip():
        return first[:n].strip(_TRIM), first[n:] + newline + rest
    return None, body
