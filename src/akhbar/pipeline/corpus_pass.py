"""The corpus pass: what is decided across articles before any is extracted (chrome by repetition, wire copies).

It stays parallel like extraction (DESIGN.md, "corpus"): each batch reads its own files and sends back small
things, one 64-bit fingerprint per distinct line and one MinHash signature per article; the driver counts the
fingerprints and bands the signatures; each extraction batch then receives the chrome set and the copies among
its articles, and :func:`apply_corpus` takes the chrome out of its raw texts before any step sees them. The
article body that the steps clean and extract from, and that every offset refers to, is the text after this pass.

Settings are read from the ``corpus`` property of ``datapackage.json`` (both optional)::

    "corpus": {"chrome_min_articles": 5, "duplicate_threshold": 0.8}

With the extraction cache (akhbar.pipeline.cache), each article's survey (its line fingerprints and signature) is
kept in the cache's database (table ``surveys``) under the digest of its outlet and text plus :func:`survey_fingerprint` (the code
and the constants that shape a survey; the thresholds above are the driver's and change no survey), so that a
rebuild surveys only new or changed articles; the driver still counts and bands every article's results. An
entry is checked like any other (its checksum covers its key, made of the outlet and text, and its bytes): one
that does not match it or does not decode is surveyed again and overwritten. A batch's surveys are also stored
together under a key made of its articles' keys in order: a batch of the same articles as in an earlier build
(every batch before the new articles, where they come at the end) is read as that one entry; a batch whose
entry is absent, damaged or does not decode reads its articles' entries.
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from akhbar.corpus import chrome, dedup
from akhbar.corpus.ingest import Problem, RawArticle, read_article
from akhbar.errors import PipelineError
from akhbar.pipeline.cache import SURVEYS, ExtractCache, count, package_fingerprint
from akhbar.pipeline.parallel import collector_paused

# A batch of the plan: the project root and its plan items.
Batch = tuple[str, list[tuple[str, dict[str, str | None]]]]
# A batch to survey: the project root, its plan items and the extraction cache's folder (None: no cache).
Job = tuple[str, list[tuple[str, dict[str, str | None]]], str | None]
# Bumped when a survey entry changes meaning: old entries then simply never match.
SURVEY_FORMAT = "akhbar-survey-cache/2"
_SIGNATURE_BYTES = dedup.NUM_PERM * 4


@dataclass(frozen=True)
class CorpusSettings:
    """Thresholds of the corpus pass: chrome's article count and the copies' similarity."""

    chrome_min_articles: int = chrome.DEFAULT_MIN_ARTICLES
    duplicate_threshold: float = dedup.DEFAULT_THRESHOLD

    @classmethod
    def from_descriptor(cls, descriptor: Mapping[str, Any]) -> CorpusSettings:
        """The settings of a package descriptor's ``corpus`` property (defaults for what it leaves out)."""
        given = descriptor.get("corpus") or {}
        unknown = sorted(set(given) - {"chrome_min_articles", "duplicate_threshold"})
        if not isinstance(given, dict) or unknown:
            raise PipelineError(
                f"datapackage.json: 'corpus' takes chrome_min_articles and duplicate_threshold, not {unknown}"
            )
        n = given.get("chrome_min_articles", cls.chrome_min_articles)
        t = given.get("duplicate_threshold", cls.duplicate_threshold)
        if not isinstance(n, int) or isinstance(n, bool) or n < 2:
            raise PipelineError(f"datapackage.json: corpus.chrome_min_articles must be an integer >= 2, not {n!r}")
        if not isinstance(t, int | float) or isinstance(t, bool) or not 0 < t <= 1:
            raise PipelineError(f"datapackage.json: corpus.duplicate_threshold must be in (0, 1], not {t!r}")
        return cls(n, float(t))


@dataclass
class Survey:
    """What one batch sends back from the pass: per article id, date, hash and signature; all line fingerprints."""

    ids: list[str]
    published: list[Any]
    digests: list[str]
    fingerprints: np.ndarray
    signatures: np.ndarray
    problems: list[Problem]
    seconds: float = 0.0
    hits: int = 0
    misses: int = 0
    cache_errors: int = 0


@dataclass(frozen=True)
class BatchCorpus:
    """What the pass hands one extraction batch: the chrome fingerprints (with counts) and its articles' copies."""

    chrome: Mapping[int, int] = field(default_factory=dict)
    copies: Mapping[str, dedup.Copy] = field(default_factory=dict)


@functools.lru_cache(maxsize=1)
def survey_fingerprint() -> str:
    """Digest of what shapes an article's survey besides its outlet and text: akhbar's code and the constants."""
    constants = (
        chrome.HEAD_LINES,
        chrome.MAX_HEAD_CHROME_WORDS,
        dedup.NUM_PERM,
        dedup.SEED,
        dedup.SHINGLE_WORDS,
        dedup.MIN_LINE_WORDS,
        dedup.MIN_SHINGLES,
    )
    return hashlib.sha256(f"{SURVEY_FORMAT}\n{package_fingerprint()}\n{constants!r}".encode()).hexdigest()


def content_digest(article: RawArticle) -> bytes:
    """SHA-256 of what an article's survey reads: its outlet and its text."""
    return hashlib.sha256(f"{article.outlet or ''}\x1f{article.text}".encode("utf-8", "surrogatepass")).digest()


def survey_key(fingerprint: str, content: bytes) -> str:
    """The cache key of an article's survey."""
    return hashlib.sha256(fingerprint.encode("ascii") + b"\0" + content).hexdigest()


def encode_survey(prints: np.ndarray, signature: np.ndarray) -> bytes:
    """An entry: the signature (uint32), the sorted fingerprints (int64), little-endian.

    No digest of the content it was made from: the entry's checksum covers its key, which is made of that content.
    """
    return signature.astype("<u4").tobytes() + np.sort(prints).astype("<i8").tobytes()


def decode_survey(data: bytes) -> tuple[np.ndarray, np.ndarray] | None:
    """The fingerprints and signature of an entry; None unless it has their shape."""
    head = _SIGNATURE_BYTES
    if len(data) < head or (len(data) - head) % 8:
        return None
    signature = np.frombuffer(data, dtype="<u4", count=dedup.NUM_PERM).astype(np.uint32)
    prints = np.frombuffer(data, dtype="<i8", offset=head).astype(np.int64)
    if (prints < 0).any():  # fingerprints are 63-bit
        return None
    return prints, signature


def batch_key(keys: list[str]) -> str:
    """The cache key of a batch's surveys: made of its articles' survey keys, in order."""
    return hashlib.sha256(("\n".join(["batch", *keys])).encode("ascii")).hexdigest()


def encode_batch(prints: list[np.ndarray], signatures: np.ndarray) -> bytes:
    """A batch's entry: the article count, each article's fingerprint count (uint32), the signatures (uint32),
    every article's sorted fingerprints (int64), little-endian."""
    counts = np.array([len(p) for p in prints], dtype="<u4")
    head = np.array([len(prints)], dtype="<u4").tobytes() + counts.tobytes()
    body = np.concatenate([np.sort(p) for p in prints]) if prints else np.empty(0, dtype=np.int64)
    return head + signatures.astype("<u4").tobytes() + body.astype("<i8").tobytes()


def decode_batch(data: bytes, n: int) -> tuple[list[np.ndarray], np.ndarray] | None:
    """The fingerprints and signatures of a batch's entry for ``n`` articles; None unless it has their shape."""
    if len(data) < 4 * (1 + n) or int.from_bytes(data[:4], "little") != n:
        return None
    counts = np.frombuffer(data, dtype="<u4", count=n, offset=4).astype(np.int64)
    start = 4 * (1 + n) + n * _SIGNATURE_BYTES
    if len(data) != start + 8 * int(counts.sum()):
        return None
    signatures = np.frombuffer(data, dtype="<u4", count=n * dedup.NUM_PERM, offset=4 * (1 + n))
    prints = np.frombuffer(data, dtype="<i8", offset=start).astype(np.int64)
    if (prints < 0).any():  # fingerprints are 63-bit
        return None
    parts = np.split(prints, np.cumsum(counts)[:-1]) if n else []
    return parts, signatures.astype(np.uint32).reshape(n, dedup.NUM_PERM)


def survey_articles(articles: list[RawArticle]) -> tuple[list[np.ndarray], np.ndarray]:
    """Each article's distinct line fingerprints and the signatures (one row per article), computed."""
    prints: list[np.ndarray] = []
    folded: list[str] = []
    for article in articles:
        lines = chrome.Lines.of(article.text)
        prints.append(np.fromiter(chrome.article_fingerprints(article.outlet, lines), dtype=np.int64))
        folded.append(lines.folded_text)
    return prints, dedup.signatures(folded)  # shingles hashed for the whole batch at once: same values


def cached_surveys(articles: list[RawArticle], cache_dir: str) -> tuple[list[np.ndarray], np.ndarray, int, int]:
    """:func:`survey_articles` with the cache: stored surveys where they check out, the rest computed and stored.

    A batch whose articles are the same, in the same order, as one of an earlier build is read as one entry (the
    batch's, :func:`batch_key`); otherwise each article's entry is looked up, and the batch's entry written. An
    entry that does not check out or decode is no entry: the batch falls back to its articles' entries.

    Returns the fingerprints, the signatures, the number computed and the number of cache errors (0 or 1).
    """
    fingerprint = survey_fingerprint()
    keys = [survey_key(fingerprint, content_digest(a)) for a in articles]
    whole = batch_key(keys)
    found: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    try:
        with ExtractCache(cache_dir).connect() as conn:
            stored = ExtractCache.get(conn, [whole], SURVEYS)
            batch = decode_batch(stored[whole], len(articles)) if whole in stored else None
            if batch is not None:
                return batch[0], batch[1], 0, 0
            stored = ExtractCache.get(conn, keys, SURVEYS)
            for i, key in enumerate(keys):
                entry = decode_survey(stored[key]) if key in stored else None
                if entry is not None:
                    found[i] = entry
            missing = [i for i in range(len(articles)) if i not in found]
            new_prints, new_signatures = survey_articles([articles[i] for i in missing])
            found.update(zip(missing, zip(new_prints, new_signatures, strict=True), strict=True))
            signatures = np.empty((len(articles), dedup.NUM_PERM), dtype=np.uint32)
            for i in range(len(articles)):
                signatures[i] = found[i][1]
            prints = [found[i][0] for i in range(len(articles))]
            entries = [(keys[i], encode_survey(*found[i])) for i in missing]
            ExtractCache.put(conn, [*entries, (whole, encode_batch(prints, signatures))], SURVEYS)
    except (sqlite3.Error, OSError):  # an unusable cache costs time, never the build
        prints, signatures = survey_articles(articles)
        return prints, signatures, len(articles), 1
    return prints, signatures, len(missing), 0


def survey_batch(job: Job) -> Survey:
    """Read one batch of files and fingerprint its articles (runs on any executor), through the cache if given."""
    with collector_paused():  # short-lived objects by the hundred thousand, few cycles
        return _survey_batch(job)


def _survey_batch(job: Job) -> Survey:
    """survey_batch's work."""
    _, items, cache_dir = job
    started = time.perf_counter()
    articles: list[RawArticle] = []
    problems: list[Problem] = []
    for path, meta in items:
        result = read_article(path, meta)
        (problems if isinstance(result, Problem) else articles).append(result)  # type: ignore[arg-type]
    errors = 0
    if cache_dir is None or problems:  # the build stops when a file is bad: nothing worth storing
        prints, signatures = survey_articles(articles)
        misses = len(articles) if cache_dir else 0
    else:
        prints, signatures, misses, errors = cached_surveys(articles, cache_dir)
    return Survey(
        ids=[a.article_id for a in articles],
        published=[a.published for a in articles],
        digests=[a.sha256 for a in articles],
        fingerprints=np.concatenate(prints) if prints else np.empty(0, dtype=np.int64),
        signatures=signatures,
        problems=problems,
        seconds=time.perf_counter() - started,
        hits=len(articles) - misses if cache_dir else 0,
        misses=misses,
        cache_errors=errors,
    )


def decide(surveys: list[Survey], settings: CorpusSettings) -> list[BatchCorpus]:
    """The driver's part: count fingerprints into the chrome set, band signatures into copies; one answer per batch."""
    keys, counts = chrome.count_fingerprints(s.fingerprints for s in surveys)
    chrome_prints = chrome.chrome_set(keys, counts, settings.chrome_min_articles)
    ids = [i for s in surveys for i in s.ids]
    signatures = np.concatenate([s.signatures for s in surveys]) if surveys else np.empty((0, dedup.NUM_PERM))
    copies = dedup.find_copies(
        ids,
        [p for s in surveys for p in s.published],
        [d for s in surveys for d in s.digests],
        signatures,
        settings.duplicate_threshold,
    )
    return [BatchCorpus(chrome_prints, {i: copies[i] for i in s.ids if i in copies}) for s in surveys]


def run_corpus_pass(
    executor_map: Callable[[Callable[[Job], Survey], Iterable[Job]], Iterable[Survey]],
    jobs: Sequence[Batch],
    settings: CorpusSettings,
    timings: dict[str, float],
    cache_dir: str | None = None,
) -> tuple[list[BatchCorpus], list[Problem]]:
    """Survey every batch on the executor, decide on the driver; the problems of unreadable files come back too.

    ``cache_dir``, when given, is the extraction cache's folder, where the batches find and keep their surveys.
    """
    surveys = list(executor_map(survey_batch, [(job[0], job[1], cache_dir) for job in jobs]))
    counts = {"corpus_survey": sum(s.seconds for s in surveys)}
    if cache_dir is not None:
        counts.update(survey_hits=sum(s.hits for s in surveys), survey_misses=sum(s.misses for s in surveys))
    errors = sum(s.cache_errors for s in surveys)
    if errors:
        counts["cache_errors"] = errors
    for name, value in counts.items():
        count(timings, name, value)
    started = time.perf_counter()
    decided = decide(surveys, settings)
    count(timings, "corpus_decide", time.perf_counter() - started)
    return decided, [p for s in surveys for p in s.problems]


def apply_corpus(raw: pd.DataFrame, corpus: BatchCorpus | None) -> pd.DataFrame:
    """The raw frame with chrome out of ``text`` and the pass's columns: ``removed``, ``duplicate_of``, ``similarity``."""
    corpus = corpus or BatchCorpus()
    stripped = chrome.strip_chrome_all(raw["text"].tolist(), raw["outlet"].tolist(), corpus.chrome)
    copies = [corpus.copies.get(i) for i in raw["article_id"]]
    return raw.assign(
        text=[text for text, _ in stripped],
        removed=[gone for _, gone in stripped],
        duplicate_of=[c.duplicate_of if c else None for c in copies],
        similarity=[c.similarity if c else None for c in copies],
    )
