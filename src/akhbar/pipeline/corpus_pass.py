"""The corpus pass: what is decided across articles before any is extracted (chrome by repetition, wire copies).

It stays parallel like extraction (DESIGN.md, "corpus"): each batch reads its own files and sends back small
things, one 64-bit fingerprint per distinct line and one MinHash signature per article; the driver counts the
fingerprints and bands the signatures; each extraction batch then receives the chrome set and the copies among
its articles, and :func:`apply_corpus` takes the chrome out of its raw texts before any step sees them. The
article body that the steps clean and extract from, and that every offset refers to, is the text after this pass.

Settings are read from the ``corpus`` property of ``datapackage.json`` (both optional)::

    "corpus": {"chrome_min_articles": 5, "duplicate_threshold": 0.8}
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from akhbar.corpus import chrome, dedup
from akhbar.corpus.ingest import Problem, RawArticle, read_article
from akhbar.errors import PipelineError
from akhbar.pipeline.parallel import collector_paused

Job = tuple[str, list[tuple[str, dict[str, str | None]]]]


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


@dataclass(frozen=True)
class BatchCorpus:
    """What the pass hands one extraction batch: the chrome fingerprints (with counts) and its articles' copies."""

    chrome: Mapping[int, int] = field(default_factory=dict)
    copies: Mapping[str, dedup.Copy] = field(default_factory=dict)


def survey_batch(job: Job) -> Survey:
    """Read one batch of files and fingerprint its articles (runs on any executor)."""
    with collector_paused():  # short-lived objects by the hundred thousand, few cycles
        return _survey_batch(job)


def _survey_batch(job: Job) -> Survey:
    """survey_batch's work."""
    _, items = job
    started = time.perf_counter()
    articles: list[RawArticle] = []
    problems: list[Problem] = []
    for path, meta in items:
        result = read_article(path, meta)
        (problems if isinstance(result, Problem) else articles).append(result)  # type: ignore[arg-type]
    prints: list[int] = []
    folded: list[str] = []
    for article in articles:
        lines = chrome.Lines.of(article.text)
        prints.extend(chrome.article_fingerprints(article.outlet, lines))
        folded.append(lines.folded_text)
    signatures = dedup.signatures(folded)  # shingles hashed for the whole batch at once: same values, less overhead
    return Survey(
        ids=[a.article_id for a in articles],
        published=[a.published for a in articles],
        digests=[a.sha256 for a in articles],
        fingerprints=np.array(prints, dtype=np.int64),
        signatures=signatures,
        problems=problems,
        seconds=time.perf_counter() - started,
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
    jobs: list[Job],
    settings: CorpusSettings,
    timings: dict[str, float],
) -> tuple[list[BatchCorpus], list[Problem]]:
    """Survey every batch on the executor, decide on the driver; the problems of unreadable files come back too."""
    surveys = list(executor_map(survey_batch, jobs))
    timings["corpus_survey"] = timings.get("corpus_survey", 0.0) + sum(s.seconds for s in surveys)
    started = time.perf_counter()
    decided = decide(surveys, settings)
    timings["corpus_decide"] = timings.get("corpus_decide", 0.0) + time.perf_counter() - started
    return decided, [p for s in surveys for p in s.problems]


def apply_corpus(raw: pd.DataFrame, corpus: BatchCorpus | None) -> pd.DataFrame:
    """The raw frame with chrome out of ``text`` and the pass's columns: ``removed``, ``duplicate_of``, ``similarity``."""
    corpus = corpus or BatchCorpus()
    lengths = chrome.chrome_lengths(corpus.chrome)
    texts, removed = [], []
    for text, outlet in zip(raw["text"], raw["outlet"], strict=True):
        kept, gone = chrome.strip_chrome(text, outlet, corpus.chrome, lengths)
        texts.append(kept)
        removed.append(gone)
    copies = [corpus.copies.get(i) for i in raw["article_id"]]
    return raw.assign(
        text=texts,
        removed=removed,
        duplicate_of=[c.duplicate_of if c else None for c in copies],
        similarity=[c.similarity if c else None for c in copies],
    )
