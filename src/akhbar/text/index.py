"""One folded, tokenised view of an article body, built in one pass of array operations and read by the extractors.

:func:`index_body` folds a body (:func:`akhbar.text.arabic.fold`, one character for one or dropped) and records, as
named fields of a :class:`TextIndex`: the folded text and the body offsets folding dropped (the map between the two),
the words (runs of :data:`~akhbar.text.arabic.WORD_CHAR_CLASS` in the folded text) with their body and folded spans
and whether only spaces separate each from the next, the characters that may end a sentence (a line break ends a paragraph; the dot rules are the reader's), the quotation
marks, where each run of digits starts in the folded text, and each word's last four UTF-16 code units (its tail: a key
for a reader to test every word against a set with a few array operations, then only the few candidates by the word).
:func:`index_bodies` indexes many bodies with one round of array operations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np

from akhbar.text.arabic import WORD_CHAR_CLASS, bmp_chars, bmp_codes, bmp_mask, fold_with_drops

GUILLEMET_OPEN, GUILLEMET_CLOSE = "«", "»"
# Curly marks are used in either direction in Arabic text (bidi editors swap them), so any of them may open
# or close; the double prime shows up as a closing mark in pasted text.
CURLY_MARKS = "“”„‟″"
ASCII_MARK = '"'
QUOTE_MARKS = GUILLEMET_OPEN + GUILLEMET_CLOSE + CURLY_MARKS + ASCII_MARK
_MARK_RE = re.compile(f"[{QUOTE_MARKS}]")
# Characters that may end a sentence: a dot only where it is no decimal point (decided by the reader).
SENTENCE_END_CHARS = "!?؟؛\n."
_SENTENCE_END_CHARS_RE = re.compile(f"[{re.escape(SENTENCE_END_CHARS)}]")


class TextIndex(NamedTuple):
    """The folded text of a body, its words and its sentence-end and quotation-mark characters (body offsets)."""

    folded: str  # the body folded
    # body offsets of the characters folding dropped, in order: the map between folded and body offsets
    dropped: list[int]
    starts: list[int]  # body offset where each word starts
    ends: list[int]  # body offset where each word ends (past the marks folding dropped right after it)
    words: list[str]  # each word, folded
    sentence_chars: list[int]  # body offsets of the characters that may end a sentence ("\n" ends a paragraph)
    marks: list[int]  # body offsets of the quotation marks (QUOTE_MARKS)
    fstarts: list[int]  # folded offset where each word starts
    fends: list[int]  # folded offset where each word ends
    joined: list[bool]  # only spaces (U+0020) lie between each word and the next (false for the last word)
    digits: list[int]  # folded offset where each run of decimal digits (\d) starts
    # each word's tail (word_tail): its last four UTF-16 code units, little-endian, zeros before a shorter word; 8 bytes
    # a word, read as an array of uint64 (np.frombuffer)
    tails: bytes


def word_tail(word: str) -> bytes:
    """A word's entry in :attr:`TextIndex.tails`: its last four UTF-16 code units (little-endian), zeros before a
    shorter word."""
    return (bytes(8) + word.encode("utf-16-le", "surrogatepass"))[-8:]


def _tails(folded_codes: np.ndarray, fedges: np.ndarray) -> bytes:
    """The tails of the words of a folded text (``fedges``: its words' start, end, start ...), in one round of array
    operations: the four code units before each word's end, those before a shorter word's start zeroed."""
    padded = np.zeros(len(folded_codes) + 4, dtype=np.uint16)
    padded[4:] = folded_codes
    # the eight bytes from each code unit on, as one uint64 (an overlapping view: no copy); padded by four units, the
    # one at a word's end holds the four code units before it
    windows = np.ndarray((len(folded_codes) + 1,), dtype=np.uint64, buffer=padded, strides=(2,))
    ends = fedges[1::2]
    tails = windows.take(ends)
    tails &= _TAIL_MASKS.take(np.minimum(ends - fedges[0::2], 4))
    return tails.tobytes()


# A reader tests every word of a text against a set by the words' tails: a table marks the slots (a tail modulo a prime)
# of the set's words' tails, one array look-up per word finds the few words whose slot is marked, and only those are
# tested by the word.
_TAIL_SLOTS = np.uint64(65521)


def tail_table(words: Iterable[str]) -> np.ndarray:
    """The table of the slots of the tails of ``words``, for :func:`tail_hits_each`."""
    table = np.zeros(int(_TAIL_SLOTS), dtype=bool)
    table[np.frombuffer(b"".join(map(word_tail, words)), dtype=np.uint64) % _TAIL_SLOTS] = True
    return table


def tail_hits_each(table: np.ndarray, vocabulary: frozenset[str], indices: Sequence[TextIndex]) -> list[list[int]]:
    """For each indexed text, its words (indices, ascending) that are in ``vocabulary`` (``table``: its
    :func:`tail_table`), found for all the texts in one round of array operations (measured: a round per text cost about
    9,000 instructions each): the words whose tail a word of the set has, or shares a slot with, then those by the set."""
    tails = np.frombuffer(b"".join(i.tails for i in indices), dtype=np.uint64)
    found = table.take(tails % _TAIL_SLOTS).nonzero()[0]
    # where each text's words start among all the words, and each text's share of the candidates
    bounds = np.zeros(len(indices) + 1, dtype=np.int64)
    np.cumsum(np.fromiter((len(i.words) for i in indices), dtype=np.int64, count=len(indices)), out=bounds[1:])
    firsts = np.searchsorted(found, bounds).tolist()
    found_of = (found - np.repeat(bounds[:-1], np.diff(firsts))).tolist()
    return [
        [k for k in found_of[firsts[n] : firsts[n + 1]] if words[k] in vocabulary]
        for n, words in enumerate(i.words for i in indices)
    ]


# The bits of a tail that a word of 0, 1, 2, 3 or more code units keeps (little-endian: its last unit is the top one).
_TAIL_MASKS = np.array([0, 0xFFFF << 48, 0xFFFFFFFF << 32, 0xFFFFFFFFFFFF << 16, (1 << 64) - 1], dtype=np.uint64)
assert np.little_endian  # the tails' bytes are the code units' as written in UTF-16-LE


# Word characters as a table over the Basic Multilingual Plane, for tokenising a whole body with a few array operations;
# _WORD_CODE keeps a word character's code and turns any other into a space.
assert max(map(ord, WORD_CHAR_CLASS)) < 0x700  # every character of the class is below U+0700
_WORD_CHAR_RE = re.compile(WORD_CHAR_CLASS)
_WORD_CHAR_TABLE = np.zeros(0x10000, dtype=np.int8)
_WORD_CHAR_TABLE[[c for c in range(0x700) if _WORD_CHAR_RE.match(chr(c))]] = 1
_WORD_CODE = np.where(_WORD_CHAR_TABLE.astype(bool), np.arange(0x10000), 32).astype(np.uint16)
# Decimal digits over the BMP: what a regex's \d matches (str.isdecimal is the same Unicode test).
_IS_DIGIT = bmp_mask(r"\d")
_DIGIT_RUN_START_RE = re.compile(r"(?<!\d)\d")


def _fold_tables() -> tuple[np.ndarray, np.ndarray]:
    """Over the BMP, derived from the shared fold: which characters folding drops, and the code each kept one folds to.

    Folding goes character by character (a character is dropped or becomes one character), so a table applies it.
    """
    codes = np.r_[:0xD800, 0xE000:0x10000]  # all but the surrogates
    folded, dropped = fold_with_drops(bmp_chars()[:0xD800] + bmp_chars()[0xE000:])
    drops = np.zeros(0x10000, dtype=bool)
    drops[codes[dropped]] = True
    kept = codes[~drops[codes]]
    folded_codes = np.frombuffer(folded.encode("utf-16-le"), dtype=np.uint16)
    assert len(folded_codes) == len(kept), "fold_with_drops no longer maps one character to one"
    fold_code = np.arange(0x10000, dtype=np.uint16)
    fold_code[kept] = folded_codes
    return drops, fold_code


_FOLD_DROPS, _FOLD_CODE = _fold_tables()
DROPPED_CHARS = frozenset(map(chr, _FOLD_DROPS.nonzero()[0].tolist()))
# Characters the article index locates in one pass: 1 may end a sentence, 2 is a quotation mark.
_CHAR_CLASS = np.zeros(0x10000, dtype=np.uint8)
_CHAR_CLASS[[ord(c) for c in SENTENCE_END_CHARS]] = 1
_CHAR_CLASS[[ord(c) for c in QUOTE_MARKS]] = 2
assert not _FOLD_DROPS[_CHAR_CLASS.nonzero()[0]].any()  # folding keeps every sentence end and quotation mark

# Every per-character fact index_bodies reads, as bits of one table over a body's own characters (one look-up per
# character instead of one per fact): folding drops it; its folded character is a word character, a decimal digit,
# or neither a word character nor a space (a dropped character has none of these); it may end a sentence; it is a
# quotation mark. _WORD_FOLD_CODE is _WORD_CODE of the folded character.
_DROP, _WORD, _DIGIT, _OTHER, _SENTENCE, _MARK = 1, 2, 4, 8, 16, 32
_FLAGS = np.where(_FOLD_DROPS, _DROP, 0).astype(np.uint8)
_KEPT = ~_FOLD_DROPS
_FLAGS[_KEPT & (_WORD_CODE.take(_FOLD_CODE) != 32)] |= _WORD
_FLAGS[_KEPT & _IS_DIGIT.take(_FOLD_CODE)] |= _DIGIT
_FLAGS[_KEPT & (_WORD_CODE.take(_FOLD_CODE) == 32) & (_FOLD_CODE != 32)] |= _OTHER
_FLAGS[_CHAR_CLASS == 1] |= _SENTENCE
_FLAGS[_CHAR_CLASS == 2] |= _MARK
_WORD_FOLD_CODE = _WORD_CODE.take(_FOLD_CODE)
del _KEPT


def index_body(body: str) -> TextIndex:
    """Fold and tokenise a body in one pass over its UTF-16 code units.

    Returns the folded text, the body indices folding dropped, the words' body starts and ends, the folded words,
    the offsets of the characters that may end a sentence (the dot rules come later) and of the quotation marks.
    """
    codes = bmp_codes(body)
    if codes is None:
        return _index_by_code_points(body)
    drops = _FOLD_DROPS.take(codes)
    dropped = drops.nonzero()[0]  # (flatnonzero without its Python wrapper: these arrays are 1-D)
    folded_codes = _FOLD_CODE.take(codes[~drops] if len(dropped) else codes)
    folded = folded_codes.tobytes().decode("utf-16-le", "surrogatepass")
    if len(folded) != len(folded_codes):
        return _index_by_code_points(body)  # lone surrogates that paired up once decoded
    # every non-word character becomes a space, so that str.split cuts exactly the runs of word characters
    word_codes = _WORD_CODE.take(folded_codes)
    words = word_codes.tobytes().decode("utf-16-le").split()
    is_word = word_codes != 32  # a space is no word character: the same flags as a table look-up
    fedges = _edges(is_word)
    starts, ends = _runs(fedges, dropped)
    classes = _CHAR_CLASS.take(codes)
    sentence_chars, marks = (classes == 1).nonzero()[0].tolist(), (classes == 2).nonzero()[0].tolist()
    joined = _joined(folded_codes, is_word, fedges).tolist()
    joined[-1:] = [False] * len(joined[-1:])  # the last word has no next
    folded_edges = fedges.tolist()
    return TextIndex(
        folded,
        dropped.tolist(),
        starts,
        ends,
        words,
        sentence_chars,
        marks,
        folded_edges[0::2],
        folded_edges[1::2],
        joined,
        _edges(_IS_DIGIT.take(folded_codes))[0::2].tolist(),
        _tails(folded_codes, fedges),
    )


# Whitespace is neither dropped by the fold nor folded to a word character: a text's words are then its whitespace
# tokens' words in turn (token_words gives them per token, for the callers that cache them by token).
_SPACE_CODES = bmp_mask(r"\s").nonzero()[0]
assert not _FOLD_DROPS[_SPACE_CODES].any() and (_WORD_CODE[_FOLD_CODE[_SPACE_CODES]] == 32).all()


def token_words(tokens: Sequence[str]) -> tuple[list[str], list[int]]:
    """The words of tokens holding no whitespace, as a :class:`TextIndex` of a text made of them gives its words: all
    of them in order, and how many each token holds (one round of array operations over the tokens joined by spaces)."""
    text = " ".join(tokens)
    codes = bmp_codes(text)
    if codes is None:  # a character beyond the BMP: each token on its own
        each = [index_body(t).words for t in tokens]
        return [w for words in each for w in words], list(map(len, each))
    kept = ~_FOLD_DROPS.take(codes)
    word_codes = _WORD_CODE.take(_FOLD_CODE.take(codes[kept]))
    words = word_codes.tobytes().decode("utf-16-le").split()
    # each token's start among the kept characters, and the words starting from there on
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    starts = np.zeros(len(tokens), dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    kept_before = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum(kept, out=kept_before[1:])
    word_starts = _edges(word_codes != 32)[0::2]
    firsts = np.searchsorted(word_starts, kept_before[starts])
    return words, np.diff(np.append(firsts, len(word_starts))).tolist()


def _index_by_code_points(body: str) -> TextIndex:
    """index_body for a body with characters beyond the BMP: fold by the shared function, tokenise by code points."""
    folded, dropped = fold_with_drops(body)
    codes = np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    is_word = np.where(codes < 0x10000, _WORD_CHAR_TABLE[np.minimum(codes, 0xFFFF)], 0).astype(np.int8)
    words = np.where(is_word, codes, 32).astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass").split()
    fedges = _edges(is_word)
    starts, ends = _runs(fedges, np.asarray(dropped, dtype=np.int64))
    sentence_chars = [m.start() for m in _SENTENCE_END_CHARS_RE.finditer(body)]
    marks = [m.start() for m in _MARK_RE.finditer(body)]
    fstarts, fends = fedges[0::2].tolist(), fedges[1::2].tolist()
    joined = [folded[e:s].strip(" ") == "" for e, s in zip(fends, fstarts[1:])] + [False] * bool(words)
    digits = [m.start() for m in _DIGIT_RUN_START_RE.finditer(folded)]
    tails = b"".join(map(word_tail, words))
    return TextIndex(folded, dropped, starts, ends, words, sentence_chars, marks, fstarts, fends, joined, digits, tails)


def _edges(is_word: np.ndarray) -> np.ndarray:
    """Start, end, start, end ... of the runs of word characters, given a word flag per folded character."""
    padded = np.zeros(len(is_word) + 2, dtype=np.int8)
    padded[1:-1] = is_word
    return (padded[1:] != padded[:-1]).nonzero()[0]


def _joined(folded_codes: np.ndarray, is_word: np.ndarray, fedges: np.ndarray) -> np.ndarray:
    """For each word of a folded text (``fedges``: its words' start, end, start ...), whether only spaces (U+0020) lie
    between it and the next word; true for the last, which has none (the caller decides)."""
    return _joined_between((folded_codes != 32) & ~is_word, fedges)


def _joined_between(is_other: np.ndarray, fedges: np.ndarray) -> np.ndarray:
    """_joined of a folded text, given which of its characters are neither a space nor of a word."""
    # how many such characters lie before each offset: a word and the next are joined when as many lie before the
    # next's start as before the word's end (measured: a third faster than a search of their offsets per word end)
    before = np.zeros(len(is_other) + 1, dtype=np.int32 if len(is_other) < 1 << 31 else np.int64)
    np.cumsum(is_other, out=before[1:])
    joined = np.ones(len(fedges) // 2, dtype=bool)
    joined[:-1] = before.take(fedges[2::2]) == before.take(fedges[1:-1:2])
    return joined


def _runs(edges: np.ndarray, dropped: np.ndarray) -> tuple[list[int], list[int]]:
    """Body starts and ends of the runs of word characters, given their folded edges (start, end, start ...).

    ``dropped`` are the body indices folding dropped; a folded index maps to the body by skipping those before it.
    """
    if len(dropped):
        shifts = dropped - np.arange(len(dropped))
        edges = edges + np.searchsorted(shifts, edges, side="right")
    body_edges = edges.tolist()
    return body_edges[0::2], body_edges[1::2]


# Python ints 0, 1, ... made once: the offsets of a body below this bound are read from here as shared objects, so a
# list of them allocates no int (and frees none when dropped). Measured: a list of offsets made and freed in about half
# the time of ndarray.tolist's fresh ints.
_INT_OBJECTS = np.array(range(1 << 16), dtype=object)


def _shared_ints(offsets: np.ndarray) -> np.ndarray:
    """Offsets below ``len(_INT_OBJECTS)`` as an object array of the shared Python ints (its slices' tolist gives
    lists of them)."""
    return _INT_OBJECTS.take(offsets)


# Bodies indexed together by index_bodies: enough to spread the fixed cost of the array operations, few enough for the
# arrays to stay in cache and the lists short-lived (measured: 16 to 32 bodies are best, 256 slower than one by one).
INDEX_CHUNK = 16


def index_bodies(bodies: Sequence[str]) -> list[TextIndex]:
    """index_body of each body, computed over the bodies joined by spaces: one round of array operations for them all.

    Folding and the character classes go character by character, and a space is kept by folding, is no word character,
    sentence end or quotation mark: each body's part of the joined index, shifted to the body's offsets, is its own.
    """
    text = " ".join(bodies)
    codes = bmp_codes(text)
    if codes is None:
        return list(map(index_body, bodies))  # a character beyond the BMP: each body on its own
    flags = _FLAGS.take(codes)  # (take: several times faster than indexing with an array of uint16)
    drops = (flags & _DROP).view(bool)
    dropped = drops.nonzero()[0]
    if len(dropped):  # the folded text's characters are the kept ones
        kept = ~drops
        codes, fflags = codes[kept], flags[kept]
    else:
        fflags = flags
    folded_codes = _FOLD_CODE.take(codes)
    folded = folded_codes.tobytes().decode("utf-16-le", "surrogatepass")
    if len(folded) != len(folded_codes):
        return list(map(index_body, bodies))  # lone surrogates that paired up once decoded
    # every non-word character becomes a space, so that str.split cuts exactly the runs of word characters
    words = _WORD_FOLD_CODE.take(codes).tobytes().decode("utf-16-le").split()
    fedges = _edges(fflags & _WORD)  # in the folded text
    edges = fedges
    if len(dropped):
        edges = fedges + np.searchsorted(dropped - np.arange(len(dropped)), fedges, side="right")
    # where each body starts in the joined text, and each body's share of every list of offsets
    lengths = np.fromiter(map(len, bodies), dtype=np.int64, count=len(bodies))
    bases = np.zeros(len(bodies), dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=bases[1:])
    # every array of joined-text offsets, less the start of the body each offset falls in, and where each body's share
    # of it starts: each body's lists are made from its slices (no list for the chunk, sliced again per body)
    # (nonzero of a bool array: several times faster than of the masked flags)
    sentence_chars, marks = ((flags & _SENTENCE) != 0).nonzero()[0], ((flags & _MARK) != 0).nonzero()[0]
    offsets = (dropped, edges[0::2], edges[1::2], sentence_chars, marks)
    firsts = [np.searchsorted(o, bases).tolist() + [len(o)] for o in offsets]
    drops_of, starts_of, ends_of, sentence_chars_of, marks_of = (
        o - np.repeat(bases, np.diff(f)) for o, f in zip(offsets, firsts)
    )
    d, w, e, c, m = firsts
    # folded offsets: each body's words less where the body starts in the folded text (its base less the drops before)
    folded_starts = bases - np.array(d[:-1], dtype=np.int64)
    folded_bases = np.repeat(folded_starts, np.diff(w))
    fstarts_of, fends_of = fedges[0::2] - folded_bases, fedges[1::2] - folded_bases
    joined_of = _joined_between((fflags & _OTHER) != 0, fedges)
    # runs of digits (a space joins the bodies: no run spans two), less where their body starts in the folded text
    digit_runs = _edges(fflags & _DIGIT)[0::2]
    g = np.searchsorted(digit_runs, folded_starts).tolist() + [len(digit_runs)]
    digits_of = digit_runs - np.repeat(folded_starts, np.diff(g))
    # a body's last word has no next (the next body's first word is not its)
    last_words = np.array(w[1:], dtype=np.int64) - 1
    joined_of[last_words[last_words >= 0]] = False
    tails = _tails(folded_codes, fedges)  # (a space joins the bodies: a word's code units are its body's)
    if len(lengths) and lengths.max() < len(_INT_OBJECTS):  # every offset is a body's: below its length
        drops_of, starts_of, ends_of, sentence_chars_of, marks_of, fstarts_of, fends_of, digits_of = map(
            _shared_ints, (drops_of, starts_of, ends_of, sentence_chars_of, marks_of, fstarts_of, fends_of, digits_of)
        )
    out: list[TextIndex] = []
    for k, (base, length) in enumerate(zip(bases.tolist(), lengths.tolist())):
        folded_base = base - d[k]  # less the dropped characters of the bodies before
        w0, w1 = w[k], w[k + 1]
        out.append(
            TextIndex(
                folded[folded_base : folded_base + length - (d[k + 1] - d[k])],
                drops_of[d[k] : d[k + 1]].tolist(),
                starts_of[w0:w1].tolist(),
                ends_of[e[k] : e[k + 1]].tolist(),
                words[w0:w1],
                sentence_chars_of[c[k] : c[k + 1]].tolist(),
                marks_of[m[k] : m[k + 1]].tolist(),
                fstarts_of[w0:w1].tolist(),
                fends_of[w0:w1].tolist(),
                joined_of[w0:w1].tolist(),
                digits_of[g[k] : g[k + 1]].tolist(),
                tails[8 * w0 : 8 * w1],
            )
        )
    return out


# The indices of the texts extracted lately, shared by the extractors that read the same texts of a batch (figures,
# entities, quotes): each text is folded and tokenised once, not once per extractor. Bounded by characters held (an
# index takes about 30 bytes a character), but always holding all the texts of the latest call: about one batch.
_SHARED: dict[str, TextIndex] = {}
_SHARED_CHARS = 1_000_000
_shared_size = 0


def shared_indices(texts: Sequence[str]) -> list[TextIndex]:
    """index_body of each text, from the indices of the texts seen lately (the extractors of a batch read the same
    texts), the others computed with :func:`index_bodies` and kept for the next reader."""
    global _shared_size
    missing = [t for t in dict.fromkeys(texts) if t not in _SHARED]
    if missing:
        size = sum(map(len, missing))
        if _shared_size + size > _SHARED_CHARS:  # start afresh with this call's texts, keeping those already held
            kept = {t: _SHARED[t] for t in dict.fromkeys(texts) if t in _SHARED}
            _SHARED.clear()
            _SHARED.update(kept)
            _shared_size = sum(map(len, kept))
        for lo in range(0, len(missing), INDEX_CHUNK):
            chunk = missing[lo : lo + INDEX_CHUNK]
            _SHARED.update(zip(chunk, index_bodies(chunk)))
        _shared_size += size
    return list(map(_SHARED.__getitem__, texts))
