"""Chrome found by repetition: lines that recur across many articles of one outlet are not article text.

Outlets repeat their chrome (sign-offs like "// انتهى //", bylines, phone numbers to text, "more" links), so a
corpus finds it without a rule per outlet. Each article's lines are fingerprinted in its batch; the driver counts
in how many articles each fingerprint occurs (a small aggregation of integers) and sends the frequent ones back.

Position matters, not only the count. A teaser repeats the lead paragraph of the story it advertises: the same
paragraph sits at the end of five articles and is the real first paragraph of a sixth. A fingerprint therefore
includes where the line stands: among the first :data:`HEAD_LINES` lines of the article (its title and lead) or
after them. A line is chrome only where it is frequent *at that position*, so a teaser that recurs at article ends
goes from those ends and stays as the lead of its own story. Long lines at the head are never chrome: a header an
outlet repeats is short, a lead is not.

Lines are those of the article after storage normalisation (:func:`akhbar.text.arabic.normalize_storage`),
compared folded. A line the dateline finder takes stays for it (``articles.dateline``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from akhbar.corpus.dateline import is_dateline_line
from akhbar.text.arabic import count_words, fold, normalize_storage

# A line recurring in at least this many articles of one outlet (at the same position) is chrome. Five keeps
# a story's few wire copies in one outlet from counting as chrome while catching every sign-off seen on SaudiNewsNet.
DEFAULT_MIN_ARTICLES = 5
# The title and the lead: the lines that a teaser of another story repeats.
HEAD_LINES = 2
# A head line longer than this is a lead paragraph, never chrome.
MAX_HEAD_CHROME_WORDS = 12
HEAD, TAIL = "head", "tail"


@dataclass(frozen=True)
class Removal:
    """A line taken out of an article as chrome: its number in the normalised text, the line, and why."""

    line: int
    text: str
    n_articles: int
    position: str


@dataclass(frozen=True)
class Lines:
    """An article's lines as the corpus pass sees them: storage-normalised (blank lines dropped), and folded."""

    lines: list[str]
    folded: list[str]

    @classmethod
    def of(cls, text: str) -> Lines:
        """Normalise and fold the whole text once (folding never moves a line break)."""
        normal = normalize_storage(text)
        return cls(normal.split("\n"), fold(normal).split("\n"))


def position(index: int) -> str:
    """Which part of the article line ``index`` belongs to: the head (title and lead) or the tail."""
    return HEAD if index < HEAD_LINES else TAIL


def fingerprint(outlet: str | None, where: str, folded_line: str) -> int:
    """A stable 63-bit fingerprint of a folded line of one outlet at one position (same in every process)."""
    key = "\x1f".join((outlet or "", where, folded_line))
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little") >> 1


def _candidate(index: int, line: str) -> bool:
    """Whether a line at ``index`` can be chrome at all (long head lines are leads; datelines have a column)."""
    if index >= HEAD_LINES:
        return True
    return count_words(line) <= MAX_HEAD_CHROME_WORDS and not is_dateline_line(line)


def article_fingerprints(outlet: str | None, lines: Lines) -> set[int]:
    """The distinct fingerprints of an article's candidate lines (an article counts once per line)."""
    return {
        fingerprint(outlet, position(i), folded)
        for i, (line, folded) in enumerate(zip(lines.lines, lines.folded, strict=True))
        if _candidate(i, line)
    }


def count_fingerprints(parts: Iterable[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct fingerprints and the number of articles each occurs in, from per-batch arrays (one entry per article)."""
    arrays = [p for p in parts if len(p)]
    if not arrays:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    keys, counts = np.unique(np.concatenate(arrays), return_counts=True)
    return keys, counts


def chrome_set(keys: np.ndarray, counts: np.ndarray, min_articles: int = DEFAULT_MIN_ARTICLES) -> dict[int, int]:
    """The chrome fingerprints: those seen in at least ``min_articles`` articles, with their counts."""
    frequent = counts >= min_articles
    return dict(zip(keys[frequent].tolist(), counts[frequent].tolist(), strict=True))


def strip_chrome(text: str, outlet: str | None, chrome: Mapping[int, int]) -> tuple[str, list[Removal]]:
    """The article without its chrome lines, and what was removed; ``text`` comes back unchanged when nothing is."""
    if not chrome:
        return text, []
    lines = Lines.of(text)
    removed: list[Removal] = []
    kept: list[str] = []
    for i, (line, folded) in enumerate(zip(lines.lines, lines.folded, strict=True)):
        where = position(i)
        n = chrome.get(fingerprint(outlet, where, folded)) if _candidate(i, line) else None
        if n is None:
            kept.append(line)
        else:
            removed.append(Removal(i, line, n, where))
    if not removed or not kept:  # an article made only of recurring lines is left whole: there is no body to keep
        return text, []
    return "\n".join(kept), removed
