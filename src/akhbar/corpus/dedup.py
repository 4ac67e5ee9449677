"""Wire copies: articles that are the same story, found exactly (same bytes) or nearly (MinHash and LSH).

Each article's signature is a MinHash (``datasketch``) of the word shingles of its running text, folded; it is
computed in the article's batch. On the driver, articles are taken from the earliest (by publication date, then
id) and each is looked up in an LSH index of the originals seen so far: a candidate whose estimated Jaccard
similarity reaches the threshold makes the article a copy of it, otherwise the article becomes an original and
joins the index. Every copy thus names an original (never another copy), so counting the articles whose
``duplicate_of`` is null counts stories. Lookups cost a few hash-table probes each: a million articles need a
million probes, not a million squared comparisons.

Articles of fewer than :data:`MIN_SHINGLES` shingles (a caption, "كاريكاتير" over a cartoon) are never near copies:
two such stubs say nothing of their pictures. Running text is the lines of at least :data:`MIN_LINE_WORDS` words: titles, datelines, bylines and sign-offs
differ between copies of one story and say nothing of whether two stories are the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from akhbar.text.arabic import bmp_mask

# datasketch is imported where it is used: its package imports scipy (~0.4 s), and every command and worker imports
# this module (through the runner) while few of them make signatures or compare them
if TYPE_CHECKING:
    from datasketch import MinHash

# Estimated Jaccard similarity of word shingles from which two articles are copies of one story.
DEFAULT_THRESHOLD = 0.8
SHINGLE_WORDS = 5
NUM_PERM = 64  # 64 permutations: similarity within about 0.05 of the true Jaccard, half the cost of 128
SEED = 1
MIN_LINE_WORDS = 8
# Fewer shingles than this is a stub (a caption, a section label over a picture): never a near copy of anything.
MIN_SHINGLES = 5
_EMPTY = np.uint32(0xFFFFFFFF)  # every value of an empty MinHash
_BASE = np.uint64(1_000_003)  # an odd multiplier: the polynomial hash of a shingle's words
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top 32 bits of the product depend on every word
_POWER = np.uint64(0x100000001B3)  # odd: invertible modulo 2**64 (the FNV prime)
_INVERSE = np.uint64(pow(int(_POWER), -1, 2**64))
_POWER_TABLES = (np.ones(1, dtype=np.uint64), np.ones(1, dtype=np.uint64))
_MERSENNE = np.uint64((1 << 61) - 1)  # the prime of datasketch's permutations
_TOP = np.uint64(61)
# Shingles permuted per numpy pass: NUM_PERM x _CHUNK 64-bit values (2 MiB) stay in the CPU's cache.
_CHUNK = 4096
# Added to every permuted value on minhashes' fast path (_shifted), whose rare inexact values then lie in [0, 14].
_OFFSET = 8
_SUSPECT = 14


@dataclass(frozen=True)
class Copy:
    """An article that repeats an earlier one: the original's id and how close the two are (1.0: same bytes)."""

    duplicate_of: str
    similarity: float


@cache
def _template() -> MinHash:
    """An empty MinHash of datasketch's: the permutations (drawn from SEED) that every signature applies."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int)


@cache
def _word_table() -> np.ndarray:
    """For each code point of the Basic Multilingual Plane, whether it belongs to a word (as regex ``\\w`` says)."""
    return bmp_mask(r"\w")


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """_POWER**i and its inverse for i < n (modulo 2**64), from a table grown by doubling and kept per process."""
    global _POWER_TABLES
    if len(_POWER_TABLES[0]) < n:
        size = max(n, 2 * len(_POWER_TABLES[0]))
        powers = np.cumprod(np.full(size, _POWER, dtype=np.uint64))
        inverse = np.cumprod(np.full(size, _INVERSE, dtype=np.uint64))
        one = np.ones(1, dtype=np.uint64)
        _POWER_TABLES = (np.concatenate((one, powers[:-1])), np.concatenate((one, inverse[:-1])))
    return _POWER_TABLES[0][:n], _POWER_TABLES[1][:n]


def _word_hashes(folded_text: str) -> tuple[np.ndarray, np.ndarray]:
    """A 64-bit hash of each word of ``folded_text`` and the number of the line it is on, vectorised.

    A word's hash is the polynomial of its code points, read off prefix sums (multiplied back by the inverse
    power of its start), so that no Python code runs per word. Arithmetic wraps modulo 2**64, as intended.
    """
    cp = np.frombuffer(folded_text.encode("utf-32-le"), dtype=np.uint32)
    inside = _word_table()[np.minimum(cp, 0xFFFF)] & (cp <= 0xFFFF)
    edges = np.diff(np.concatenate(([False], inside, [False])).astype(np.int8))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    n = len(cp)
    powers, inverse = _powers(n + 1)
    prefix = np.concatenate(([np.uint64(0)], np.cumsum((cp.astype(np.uint64) + np.uint64(1)) * powers[:n])))
    words = (prefix[ends] - prefix[starts]) * inverse[starts]
    lines = np.searchsorted(np.flatnonzero(cp == 10), starts)  # line breaks before each word
    return words, lines


def shingle_hashes(folded_text: str) -> np.ndarray:
    """The 32-bit hashes of the word shingles of an article's running text (its folded lines).

    Running text is the lines of at least MIN_LINE_WORDS words (all words when there is none); a shingle is
    SHINGLE_WORDS consecutive words of one line, hashed as a polynomial of its words' hashes.
    """
    words, lines = _word_hashes(folded_text)
    if not len(words):
        return np.empty(0, dtype=np.uint64)
    per_line = np.bincount(lines)
    running = per_line[lines] >= MIN_LINE_WORDS
    if running.any():
        words, lines = words[running], lines[running]
    else:  # no line of running text: all the words, as one line
        lines = np.zeros(len(words), dtype=lines.dtype)
    if len(words) < SHINGLE_WORDS:
        acc = np.zeros(1, dtype=np.uint64)
        for x in words:
            acc = acc * _BASE + x
        return (acc * _MIX) >> np.uint64(32)
    n = len(words) - SHINGLE_WORDS + 1
    acc = np.zeros(n, dtype=np.uint64)
    for j in range(SHINGLE_WORDS):
        acc = acc * _BASE + words[j : j + n]
    within = lines[:n] == lines[SHINGLE_WORDS - 1 :]  # shingles do not cross a line break
    # a repeated shingle is left in: a MinHash takes minima, so repeats change nothing (and sorting them out costs)
    return (acc[within] * _MIX) >> np.uint64(32)


def batch_shingle_hashes(folded_texts: Sequence[str]) -> list[np.ndarray]:
    """:func:`shingle_hashes` of each text, computed for the whole batch at once (the same arrays, in order).

    Per article the work is a few dozen small numpy calls whose overhead outweighs the arithmetic; over the batch
    joined by line breaks they run once. A word's hash does not depend on where it starts and shingles never cross
    a line break, so the joined text gives each article exactly its own shingles.
    """
    n_texts = len(folded_texts)
    if not n_texts:
        return []
    words, lines = _word_hashes("\n".join(folded_texts))
    # article k's lines are numbered from the line breaks of the articles before it (each closed by one more)
    first_lines = np.cumsum([0] + [t.count("\n") + 1 for t in folded_texts[:-1]])
    articles = np.searchsorted(first_lines, lines, side="right") - 1
    per_line = np.bincount(lines)
    running = per_line[lines] >= MIN_LINE_WORDS
    has_running = np.bincount(articles[running], minlength=n_texts) > 0
    keep = running | ~has_running[articles]
    words, articles = words[keep], articles[keep]
    # an article without running text is all its words as one line: give it a line of its own, negative
    line_ids = np.where(has_running[articles], lines[keep].astype(np.int64), -1 - articles.astype(np.int64))
    out: list[np.ndarray] = []
    counts = np.bincount(articles, minlength=n_texts)
    if len(words) >= SHINGLE_WORDS:
        n = len(words) - SHINGLE_WORDS + 1
        acc = np.zeros(n, dtype=np.uint64)
        for j in range(SHINGLE_WORDS):
            acc = acc * _BASE + words[j : j + n]
        within = line_ids[:n] == line_ids[SHINGLE_WORDS - 1 :]
        hashes = (acc[within] * _MIX) >> np.uint64(32)
        per_article = np.bincount(articles[:n][within], minlength=n_texts)
        out = np.split(hashes, np.cumsum(per_article)[:-1])
    else:
        out = [np.empty(0, dtype=np.uint64)] * n_texts
    # fewer words than a shingle: the per-article rule (one hash of them all, or none)
    return [shingle_hashes(t) if counts[i] < SHINGLE_WORDS else out[i] for i, t in enumerate(folded_texts)]


def signatures(folded_texts: Sequence[str]) -> np.ndarray:
    """The :func:`signature` of each text, one row per text, with the shingles hashed for the batch at once."""
    return minhashes(batch_shingle_hashes(folded_texts))


def _products(hashes: np.ndarray, out: np.ndarray, offset: int) -> None:
    """Write into ``out`` ``h * a + b + offset`` for datasketch's permutations (a, b), one row per permutation.

    The product wraps modulo 2**64, as datasketch's does.
    """
    a, b = _template().permutations
    np.multiply(a[:, None], hashes, out=out)
    out += b[:, None] + np.uint64(offset)


def _permute(hashes: np.ndarray, out: np.ndarray, spare: np.ndarray) -> None:
    """Write into ``out`` datasketch's permutations of ``hashes``, one row per permutation (``spare``: scratch).

    The same values as datasketch's ``(h * a + b) % prime & max_hash``; the remainder by the Mersenne prime
    2**61 - 1 is folded with shifts, not a (slow) division.
    """
    _products(hashes, out, 0)
    np.right_shift(out, _TOP, out=spare)
    out &= _MERSENNE
    out += spare  # congruent to x modulo the prime, and at most prime + 7
    np.greater_equal(out, _MERSENNE, out=spare, casting="unsafe")
    out += spare  # minus the prime once more where it reaches it, in the low 32 bits (2**61 is 0 there)
    out &= _EMPTY


def _shifted(hashes: np.ndarray, out: np.ndarray, spare: np.ndarray) -> None:
    """:func:`_permute`'s values plus _OFFSET (modulo 2**32), in five numpy passes of its eight: exact wherever the
    result is above _SUSPECT (a result at most _SUSPECT may be off).

    With x = h * a + b, x % prime is x - k * prime with k = x >> 61, or k + 1 when the low 61 bits of x plus x >> 61
    reach the prime; in the low 32 bits that is x + k (2**61 is 0 there). Computed on x + _OFFSET, the result is
    the value plus _OFFSET whenever the offset does not carry into bit 61 and k is x >> 61. Either exception needs
    the low 61 bits of x within 8 of 2**61, so bits 3 to 60 of x all ones: its low 32 bits are then at least
    2**32 - 8, and the result wraps round to at most _SUSPECT.
    """
    _products(hashes, out, _OFFSET)
    np.right_shift(out, _TOP, out=spare)
    out += spare
    out &= _EMPTY


def minhashes(hashes: Sequence[np.ndarray]) -> np.ndarray:
    """The datasketch MinHash of each article's shingle hashes (empty below MIN_SHINGLES), one uint32 row each.

    Bit for bit ``MinHash.update_batch`` (a unit test holds the two together), but over the whole batch in
    chunks of shingles: no Python int per shingle and no numpy call per article.
    """
    out = np.full((len(hashes), NUM_PERM), _EMPTY, dtype=np.uint32)
    kept = [i for i, h in enumerate(hashes) if len(h) >= MIN_SHINGLES]
    if not kept:
        return out
    joined = np.concatenate([hashes[i] for i in kept])
    ends = np.cumsum([len(hashes[i]) for i in kept])
    starts = np.concatenate(([0], ends[:-1]))
    # one row per permutation: each article's shingles are a contiguous run of a row, reduced fast
    minima = np.full((NUM_PERM, len(kept)), _EMPTY, dtype=np.uint64)
    values, spare = np.empty((NUM_PERM, _CHUNK), dtype=np.uint64), np.empty((NUM_PERM, _CHUNK), dtype=np.uint64)
    for lo in range(0, len(joined), _CHUNK):
        hi = min(lo + _CHUNK, len(joined))
        chunk = values[:, : hi - lo]
        _shifted(joined[lo:hi], chunk, spare[:, : hi - lo])
        # the articles with shingles in [lo, hi), each reduced over its part of the chunk
        first, last = np.searchsorted(ends, lo, side="right"), np.searchsorted(starts, hi)
        parts = np.minimum.reduceat(chunk, np.maximum(starts[first:last], lo) - lo, axis=1)
        np.minimum(minima[:, first:last], parts, out=minima[:, first:last])
    out[kept] = (minima - np.uint64(_OFFSET)).T
    # a minimum of at most _SUSPECT may be off (_shifted): that article is permuted again exactly (a few in 10,000)
    for k in np.flatnonzero((minima <= _SUSPECT).any(axis=0)).tolist():
        part = joined[starts[k] : ends[k]]
        exact = np.empty((NUM_PERM, len(part)), dtype=np.uint64)
        _permute(part, exact, np.empty_like(exact))
        out[kept[k]] = exact.min(axis=1)
    return out


def signature(folded_text: str) -> np.ndarray:
    """The MinHash signature (datasketch) of an article's folded text: NUM_PERM unsigned 32-bit values.

    An article of fewer than MIN_SHINGLES shingles gets the empty signature: too little text to call it a copy.
    """
    return minhashes([shingle_hashes(folded_text)])[0]


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
    from datasketch import LeanMinHash, MinHashLSH

    order = sorted(range(len(ids)), key=lambda i: (published[i] is None, published[i] or dt.date.min, ids[i]))
    rank = {i: r for r, i in enumerate(order)}
    lsh = MinHashLSH(threshold=threshold, num_perm=signatures.shape[1] if len(ids) else NUM_PERM)
    first_by_digest: dict[str, int] = {}
    copies: dict[str, Copy] = {}
    # per article, whether too short to compare, and its values as LSH keys them: one numpy call each for all
    stubs = (signatures == _EMPTY).all(axis=1).tolist()
    wide = signatures.astype(np.uint64)
    for i in order:
        if digests[i] in first_by_digest:  # the same bytes: a copy of the first, or of what the first copies
            first = ids[first_by_digest[digests[i]]]
            copies[ids[i]] = copies.get(first, Copy(first, 1.0))
            continue
        first_by_digest[digests[i]] = i
        if stubs[i]:  # too short to compare (signature); only the same bytes make it a copy
            continue
        sig = signatures[i]
        m = LeanMinHash(seed=SEED, hashvalues=wide[i])
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
