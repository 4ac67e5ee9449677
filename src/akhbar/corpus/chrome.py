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

Lines are the raw article's non-blank lines, stripped and compared folded; ``removals.line`` numbers them in
the raw text (0-based, blank lines counted). A line the dateline finder takes stays for it (``articles.dateline``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from akhbar.corpus.dateline import is_dateline_line
from akhbar.text.arabic import count_words, fold

# A line recurring in at least this many articles of one outlet (at the same position) is chrome. Five keeps
# a story's few wire copies in one outlet from counting as chrome while catching every sign-off seen on SaudiNewsNet.
DEFAULT_MIN_ARTICLES = 5
# The title and the lead: the lines that a teaser of another story repeats.
HEAD_LINES = 2
# A head line longer than this is a lead paragraph, never chrome.
MAX_HEAD_CHROME_WORDS = 12
HEAD, TAIL = "head", "tail"
_LENGTH_MASK = 0xFFFF


@dataclass(frozen=True)
class Removal:
    """A line taken out of an article as chrome: its number in the raw text, the line, and why."""

    line: int
    text: str
    n_articles: int
    position: str


@dataclass(frozen=True)
class Lines:
    """An article's non-blank lines as the corpus pass sees them: stripped, their raw line numbers, and folded."""

    lines: list[str]
    numbers: list[int]
    folded: list[str]
    folded_text: str

    @classmethod
    def of(cls, text: str) -> Lines:
        """Split the raw text into lines and fold them all at once (folding never moves a line break)."""
        raw = text.split("\n")
        numbers = [i for i, line in enumerate(raw) if line.strip()]
        lines = [raw[i].strip() for i in numbers]
        folded = fold("\n".join(lines))
        return cls(lines, numbers, folded.split("\n") if lines else [], folded)


def position(index: int) -> str:
    """Which part of the article the ``index``-th non-blank line belongs to: the head (title and lead) or the tail."""
    return HEAD if index < HEAD_LINES else TAIL


def fingerprint(outlet: str | None, where: str, line: str, folded_line: str) -> int:
    """A stable 63-bit fingerprint of a line of one outlet at one position (same in every process).

    The low 16 bits are the line's length, so that a batch looks up only the lines as long as some chrome line.
    """
    key = "\x1f".join((outlet or "", where, folded_line))
    digest = int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little") >> 1
    return (digest & ~_LENGTH_MASK) | min(len(line), _LENGTH_MASK)


def _candidate(index: int, line: str) -> bool:
    """Whether a line at ``index`` can be chrome at all (long head lines are leads; datelines have a column)."""
    if index >= HEAD_LINES:
        return True
    return count_words(line) <= MAX_HEAD_CHROME_WORDS and not is_dateline_line(line)


def article_fingerprints(outlet: str | None, lines: Lines) -> set[int]:
    """The distinct fingerprints of an article's candidate lines (an article counts once per line)."""
    return {
        fingerprint(outlet, position(i), line, folded)
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


def chrome_lengths(chrome: Mapping[int, int]) -> frozenset[int]:
    """The lengths of the chrome lines (read off their fingerprints)."""
    return frozenset(k & _LENGTH_MASK for k in chrome)


def strip_chrome(text: str, outlet: str | None, chrome: Mapping[int, int]) -> tuple[str, list[Removal]]:
    """The article without its chrome lines, and what was removed; ``text`` comes back unchanged when nothing is."""
    return strip_chrome_all([text], [outlet], chrome)[0]


def strip_chrome_all(
    texts: Sequence[str], outlets: Sequence[str | None], chrome: Mapping[int, int]
) -> list[tuple[str, list[Removal]]]:
    """:func:`strip_chrome` of each article of a batch (``outlets`` in step with ``texts``).

    The lengths of the chrome lines (:func:`chrome_lengths`, once per batch) spare folding and hashing the lines that
    no chrome line is as long as: most of them. The others are folded in one call for the whole batch (folding goes
    character by character, so a line folds alike alone or joined), and a line that recurs in the batch, as chrome
    does, is hashed once.
    """
    if not chrome:
        return [(text, []) for text in texts]
    lengths = chrome_lengths(chrome)
    splits = [text.split("\n") for text in texts]
    counts: list[int] = []  # non-blank lines per article
    found: list[tuple[int, int, str, str]] = []  # article, line number, stripped line, position
    for article, raw in enumerate(splits):
        index = 0  # among the non-blank lines
        for number, line in enumerate(raw):
            stripped = line.strip()
            if not stripped:
                continue
            i, index = index, index + 1
            if min(len(stripped), _LENGTH_MASK) in lengths and _candidate(i, stripped):
                found.append((article, number, stripped, position(i)))
        counts.append(index)
    folded = fold("\n".join(f[2] for f in found)).split("\n") if found else []
    removed: list[list[Removal]] = [[] for _ in texts]
    seen: dict[tuple[str | None, str, str, str], int | None] = {}
    for (article, number, stripped, where), folded_line in zip(found, folded, strict=True):
        key = (outlets[article], where, stripped, folded_line)
        if key not in seen:
            seen[key] = chrome.get(fingerprint(*key))
        n = seen[key]
        if n is not None:
            removed[article].append(Removal(number, stripped, n, where))
    return [_kept(*args) for args in zip(texts, splits, removed, counts, strict=True)]


def _kept(text: str, raw: list[str], removed: list[Removal], count: int) -> tuple[str, list[Removal]]:
    """An article's text without its ``removed`` lines (``raw``: its lines; ``count``: how many are non-blank)."""
    if not removed or len(removed) == count:  # an article made only of recurring lines is left whole
        return text, []
    gone = {r.line for r in removed}
    return "\n".join(line for number, line in enumerate(raw) if number not in gone), removed
