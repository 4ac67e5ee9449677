"""Wire copies: articles that are the same story, found exactly (same bytes) or nearly (MinHash and LSH).

Each article's signature is a MinHash (``datasketch``) of the word shingles of its running text, folded; it is
computed in the article's batch. On the driver, articles are taken from the earliest (by publication date, then
id) and each is looked up in an LSH index of the originals seen so far: a candidate whose estimated Jaccard
similarity reaches the threshold makes the article a copy of it, otherwise the article becomes an original and
joins the index. Every copy thus names an original (never another copy), so counting the articles whose
``duplicate_of`` is null counts stories. Lookups cost a few hash-table probes each: a million articles need a
million probes, not a million squared comparisons.

Running text is the lines of at least :data:`MIN_LINE_WORDS` words: titles, datelines, bylines and sign-offs
differ between copies of one story and say nothing of whether two stories are the same.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from akhbar.text.arabic import fold

# Estimated Jaccard similarity of word shingles from which two articles are copies of one story.
DEFAULT_THRESHOLD = 0.8
SHINGLE_WORDS = 5
NUM_PERM = 64  # 64 permutations: similarity within about 0.05 of the true Jaccard, half the cost of 128
SEED = 1
MIN_LINE_WORDS = 8
_WORD_RE = re.compile(r"\w+")
_BASE = np.uint64(1_000_003)  # an odd multiplier: the polynomial hash of a shingle's words
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top 32 bits of the product depend on every word
_WORD_CACHE: dict[str, int] = {}
_WORD_CACHE_SIZE = 1 << 20  # words hashed once per process; emptied when full (a million words, ~100 MB at most)


@dataclass(frozen=True)
class Copy:
    """An article that repeats an earlier one: the original's id and how close the two are (1.0: same bytes)."""

    duplicate_of: str
    similarity: float


@cache
def _template() -> MinHash:
    """An empty MinHash whose permutations every signature reuses (drawing them per article costs more).

    Shingles arrive already hashed (:func:`shingle_hashes`), so its hash function only turns them into ints.
    """
    return MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int)


def _word_hashes(words: list[str]) -> np.ndarray:
    """A stable 32-bit hash of each word (CRC-32 of its UTF-8 bytes), as uint64 for the arithmetic below."""
    try:
        return np.array(list(map(_WORD_CACHE.__getitem__, words)), dtype=np.uint64)
    except KeyError:
        if len(_WORD_CACHE) > _WORD_CACHE_SIZE:
            _WORD_CACHE.clear()
        for w in words:
            if w not in _WORD_CACHE:
                _WORD_CACHE[w] = zlib.crc32(w.encode("utf-8"))
        return np.array(list(map(_WORD_CACHE.__getitem__, words)), dtype=np.uint64)


def shingle_hashes(folded_lines: Sequence[str]) -> np.ndarray:
    """The distinct 32-bit hashes of the word shingles of an article's running text (its folded lines).

    Running text is the lines of at least MIN_LINE_WORDS words (all words when there is none); a shingle is
    SHINGLE_WORDS consecutive words of one line, hashed as a polynomial of its words' hashes (vectorised: each
    word is hashed once, not once per shingle it belongs to).
    """
    words = [_WORD_RE.findall(line) for line in folded_lines]
    running = [w for w in words if len(w) >= MIN_LINE_WORDS] or [[x for w in words for x in w]]
    flat = [x for w in running for x in w]
    if not flat:
        return np.empty(0, dtype=np.uint64)
    h = _word_hashes(flat)
    if len(flat) < SHINGLE_WORDS:
        return np.array([_combine(h)], dtype=np.uint64)
    n = len(flat) - SHINGLE_WORDS + 1
    acc = np.zeros(n, dtype=np.uint64)
    for j in range(SHINGLE_WORDS):  # wraps modulo 2**64, as intended
        acc = acc * _BASE + h[j : j + n]
    line = np.repeat(np.arange(len(running)), [len(w) for w in running])
    within = line[:n] == line[SHINGLE_WORDS - 1 :]  # shingles do not cross a line break
    return np.unique((acc[within] * _MIX) >> np.uint64(32))


def _combine(h: np.ndarray) -> int:
    """The shingle hash of fewer than SHINGLE_WORDS words (a short article's only shingle)."""
    acc = 0
    for x in h.tolist():
        acc = (acc * int(_BASE) + x) % 2**64
    return (acc * int(_MIX)) % 2**64 >> 32


def signature(folded_lines: Sequence[str]) -> np.ndarray:
    """The MinHash signature (datasketch) of an article's folded lines: NUM_PERM unsigned 32-bit values."""
    m = _template().copy()
    m.update_batch(shingle_hashes(folded_lines))
    return m.hashvalues.astype(np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal values."""
    return float(np.count_nonzero(a == b)) / len(a)


def find_copies(
    ids: Sequence[str],
    published: Sequence[dt.date | None],
    digests: Sequence[str],
    signatures: np.ndarray,
    threshold: float = DEFAULT_THRESHOLD,
) -> dict[str, Copy]:
    """The copies among the articles, each with the earliest original it repeats; originals are not listed.

    ``signatures`` has one row per article (in the order of ``ids``). Same ``digests`` (raw bytes) are exact
    copies, similarity 1.0; the others are compared through an LSH index of the originals.
    """
    order = sorted(range(len(ids)), key=lambda i: (published[i] is None, published[i] or dt.date.min, ids[i]))
    rank = {i: r for r, i in enumerate(order)}
    lsh = MinHashLSH(threshold=threshold, num_perm=signatures.shape[1] if len(ids) else NUM_PERM)
    first_by_digest: dict[str, int] = {}
    copies: dict[str, Copy] = {}
    for i in order:
        if digests[i] in first_by_digest:  # the same bytes: a copy of the first, or of what the first copies
            first = ids[first_by_digest[digests[i]]]
            copies[ids[i]] = copies.get(first, Copy(first, 1.0))
            continue
        first_by_digest[digests[i]] = i
        sig = signatures[i]
        m = LeanMinHash(seed=SEED, hashvalues=sig.astype(np.uint64))
        best, best_sim = -1, 0.0
        for j in sorted(lsh.query(m), key=rank.__getitem__):  # on a tie the earliest original wins
            sim = similarity(sig, signatures[j])
            if sim > best_sim:
                best, best_sim = j, sim
        if best >= 0 and best_sim >= threshold:
            copies[ids[i]] = Copy(ids[best], round(best_sim, 4))
        else:
            lsh.insert(i, m, check_duplication=False)
    return copies
