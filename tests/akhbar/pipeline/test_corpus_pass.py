"""The corpus pass in the runner: settings, chrome out before extraction, removals recorded, copies marked."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from akhbar.corpus.ingest import plan_inputs
from akhbar.errors import PipelineError
from akhbar.pipeline.corpus_pass import CorpusSettings
from akhbar.pipeline.runner import Project, run_pipeline

SIGN_OFF = "// انتهى //"
STORIES = [
    "افتتح وزير الصحة مستشفى جديدا في جدة بسعة خمسمائة سرير.",
    "أعلنت وزارة التعليم مواعيد بدء العام الدراسي الجديد في المدارس.",
    "ارتفعت أسعار النفط في التعاملات الآسيوية بعد بيانات المخزونات.",
]


def make_project(tmp_path: Path, project_root: Path, articles: dict[str, str], corpus: dict | None = None) -> Project:
    """A project with the articles and removals steps and a raw/ of ``articles`` (name -> text), outlet "was"."""
    root = tmp_path / "proj"
    (root / "raw").mkdir(parents=True)
    for name, text in articles.items():
        (root / "raw" / f"{name}.txt").write_text(text, encoding="utf-8")
    rows = "".join(f"{name}.txt,was,,2015-08-0{i % 9 + 1}\n" for i, name in enumerate(articles))
    (root / "raw" / "sources.csv").write_text("file,outlet,url,published\n" + rows, encoding="utf-8")
    shutil.copytree(project_root / "schemas", root / "schemas")
    (root / "pipelines").mkdir()
    for step in ("articles", "removals"):
        shutil.copy(project_root / "pipelines" / f"{step}.py", root / "pipelines" / f"{step}.py")
    desc = {"name": "p", "version": "0.0.1", "resources": [{"name": "articles"}, {"name": "removals"}]}
    if corpus is not None:
        desc["corpus"] = corpus
    (root / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    return Project.load(root)


def test_settings_default_and_from_the_descriptor():
    assert CorpusSettings.from_descriptor({}) == CorpusSettings(5, 0.8)
    assert CorpusSettings.from_descriptor({"corpus": {"chrome_min_articles": 3}}) == CorpusSettings(3, 0.8)
    with pytest.raises(PipelineError, match="chrome_min_articles must be an integer >= 2"):
        CorpusSettings.from_descriptor({"corpus": {"chrome_min_articles": 1}})
    with pytest.raises(PipelineError, match="duplicate_threshold must be in"):
        CorpusSettings.from_descriptor({"corpus": {"duplicate_threshold": 1.5}})
    with pytest.raises(PipelineError, match="not \\['chrome'\\]"):
        CorpusSettings.from_descriptor({"corpus": {"chrome": 3}})


def test_chrome_leaves_the_body_and_is_listed_in_removals(tmp_path: Path, project_root: Path):
    articles = {f"a{i}": f"خبر رقم {i}\nالرياض - واس: {text}\n{SIGN_OFF}" for i, text in enumerate(STORIES)}
    project = make_project(tmp_path, project_root, articles, {"chrome_min_articles": 3})
    tables = run_pipeline(project, plan_inputs(project.raw_dir), batch_size=2)
    out = tables["articles"].to_pandas().set_index("article_id")
    assert out.loc["a0", "body"] == STORIES[0]
    assert out.loc["a0", "dateline"] == "الرياض - واس"
    removals = tables["removals"].to_pandas()
    assert removals[["article_id", "line", "text", "reason", "position", "n_articles"]].values.tolist() == [
        [f"a{i}", 2, SIGN_OFF, "repeated", "tail", 3] for i in range(3)
    ]


def test_below_the_threshold_nothing_is_removed(tmp_path: Path, project_root: Path):
    articles = {f"a{i}": f"خبر رقم {i}\n{text}\n{SIGN_OFF}" for i, text in enumerate(STORIES)}
    project = make_project(tmp_path, project_root, articles)  # default: five articles
    tables = run_pipeline(project, plan_inputs(project.raw_dir))
    assert tables["removals"].num_rows == 0
    assert tables["articles"].to_pandas()["body"].str.endswith(SIGN_OFF).all()


LONG_STORY = (
    "قال وزير المالية في مؤتمر صحفي عقده في الرياض اليوم إن الميزانية الجديدة تركز على الصحة والتعليم"
    " والإسكان وإن الإنفاق على المشاريع الكبرى سيستمر خلال العام المقبل رغم تراجع أسعار النفط في الأسواق"
)


def survey_project(tmp_path: Path, project_root: Path) -> Project:
    """Chrome in three articles and a wire copy: both decisions depend on every article's survey."""
    articles = {f"a{i}": f"خبر رقم {i}\n{text}\n{SIGN_OFF}" for i, text in enumerate(STORIES)}
    articles["b0"] = f"الميزانية\n{LONG_STORY}"
    articles["b1"] = f"ميزانية العام\n{LONG_STORY}"
    return make_project(tmp_path, project_root, articles, {"chrome_min_articles": 3})


def surveyed(project: Project, cache: Path | None) -> tuple[dict, dict[str, float]]:
    """The project's tables and statistics with the cache in ``cache``."""
    stats: dict[str, float] = {}
    tables = run_pipeline(project, plan_inputs(project.raw_dir), batch_size=2, timings=stats, cache_dir=cache)
    return tables, stats


def survey_counts(stats: dict[str, float]) -> tuple[int, int]:
    """(hits, misses) of the survey entries."""
    return int(stats.get("survey_hits", 0)), int(stats.get("survey_misses", 0))


def assert_same_tables(a: dict, b: dict) -> None:
    """The same tables, value for value."""
    assert list(a) == list(b)
    for name in a:
        assert a[name].equals(b[name]), name


def test_surveys_are_cached_and_reused(tmp_path: Path, project_root: Path):
    project = survey_project(tmp_path, project_root)
    plain, stats = surveyed(project, None)
    assert survey_counts(stats) == (0, 0)
    assert plain["removals"].num_rows == 3
    assert plain["articles"].to_pandas().set_index("article_id").loc["b1", "duplicate_of"] == "b0"
    cold, stats = surveyed(project, tmp_path / "cache")
    assert survey_counts(stats) == (0, 5)
    warm, stats = surveyed(project, tmp_path / "cache")
    assert survey_counts(stats) == (5, 0)
    assert_same_tables(plain, cold)
    assert_same_tables(plain, warm)


def test_a_new_article_is_the_only_survey_miss(tmp_path: Path, project_root: Path):
    project = survey_project(tmp_path, project_root)
    surveyed(project, tmp_path / "cache")
    (project.raw_dir / "c0.txt").write_text(f"خبر آخر\n{STORIES[0]}\n{SIGN_OFF}", encoding="utf-8")
    with (project.raw_dir / "sources.csv").open("a", encoding="utf-8") as sources:
        sources.write("c0.txt,was,,2015-08-09\n")
    tables, stats = surveyed(project, tmp_path / "cache")
    assert survey_counts(stats) == (5, 1)
    assert tables["removals"].num_rows == 4  # the new article's sign-off counts with the cached ones
    assert_same_tables(tables, surveyed(project, None)[0])


def test_a_survey_setting_change_misses(tmp_path: Path, project_root: Path, monkeypatch: pytest.MonkeyPatch):
    from akhbar.corpus import dedup
    from akhbar.pipeline import corpus_pass

    project = survey_project(tmp_path, project_root)
    surveyed(project, tmp_path / "cache")
    monkeypatch.setattr(dedup, "MIN_SHINGLES", dedup.MIN_SHINGLES + 1)
    corpus_pass.survey_fingerprint.cache_clear()
    try:
        _, stats = surveyed(project, tmp_path / "cache")
    finally:
        corpus_pass.survey_fingerprint.cache_clear()
    assert survey_counts(stats) == (0, 5)


def test_damaged_survey_entries_are_recomputed(tmp_path: Path, project_root: Path):
    import sqlite3

    from akhbar.pipeline.cache import DB_NAME, SURVEYS

    project = survey_project(tmp_path, project_root)
    cache = tmp_path / "cache"
    plain, _ = surveyed(project, cache)
    with sqlite3.connect(cache / DB_NAME) as conn:
        # the batches' entries gone: their articles' entries are read
        for key in batch_keys(project):
            assert conn.execute(f"DELETE FROM {SURVEYS} WHERE key = ?", (key,)).rowcount == 1
        keys = [k for (k,) in conn.execute(f"SELECT key FROM {SURVEYS} ORDER BY key LIMIT 3")]
        (data,) = conn.execute(f"SELECT data FROM {SURVEYS} WHERE key = ?", keys[:1]).fetchone()
        # one entry's byte changed (its checksum no longer matches)
        conn.execute(f"UPDATE {SURVEYS} SET data = ? WHERE key = ?", (b"\xff" + data[1:], keys[0]))
        # another holds a valid entry of another article, checksum and all
        conn.execute(
            f"UPDATE {SURVEYS} SET (data, digest) = (SELECT data, digest FROM {SURVEYS} WHERE key = ?) WHERE key = ?",
            (keys[2], keys[1]),
        )
    tables, stats = surveyed(project, cache)
    assert survey_counts(stats) == (3, 2)
    assert_same_tables(plain, tables)
    assert survey_counts(surveyed(project, cache)[1]) == (5, 0)  # rewritten


def batch_keys(project: Project) -> list[str]:
    """The cache keys of the survey project's batches (of 2 articles, as :func:`surveyed` runs them)."""
    from akhbar.corpus.ingest import read_article
    from akhbar.pipeline.corpus_pass import batch_key, content_digest, survey_fingerprint, survey_key

    articles = [read_article(path, meta) for path, meta in plan_inputs(project.raw_dir).items]
    keys = [survey_key(survey_fingerprint(), content_digest(a)) for a in articles]  # type: ignore[arg-type]
    return [batch_key(keys[i : i + 2]) for i in range(0, len(keys), 2)]


def batch_entry(cache: Path, key: str) -> bytes:
    """A stored survey entry's bytes."""
    import sqlite3

    from akhbar.pipeline.cache import DB_NAME, SURVEYS

    with sqlite3.connect(cache / DB_NAME) as conn:
        return conn.execute(f"SELECT data FROM {SURVEYS} WHERE key = ?", (key,)).fetchone()[0]


@pytest.mark.parametrize("damage", ["bytes", "shape"])
def test_a_damaged_batch_entry_falls_back_to_its_articles(tmp_path: Path, project_root: Path, damage: str):
    import sqlite3

    from akhbar.pipeline.cache import DB_NAME, SURVEYS, checksum

    project = survey_project(tmp_path, project_root)
    cache = tmp_path / "cache"
    plain, _ = surveyed(project, cache)
    key = batch_keys(project)[0]
    data = batch_entry(cache, key)
    with sqlite3.connect(cache / DB_NAME) as conn:
        if damage == "bytes":  # its checksum no longer matches
            conn.execute(f"UPDATE {SURVEYS} SET data = ? WHERE key = ?", (data[:-1] + b"\x7f", key))
        else:  # checksummed, but one article's fingerprints short
            bad = data[:-8]
            conn.execute(f"UPDATE {SURVEYS} SET data = ?, digest = ? WHERE key = ?", (bad, checksum(key, bad), key))
    tables, stats = surveyed(project, cache)
    assert survey_counts(stats) == (5, 0)  # the first batch's from its articles' own entries
    assert_same_tables(plain, tables)
    assert batch_entry(cache, key) == data  # written again


def test_batch_entry_round_trip_and_checks():
    import numpy as np

    from akhbar.corpus import dedup
    from akhbar.corpus.ingest import RawArticle
    from akhbar.pipeline.corpus_pass import decode_batch, encode_batch, survey_articles

    articles = [
        RawArticle("a", "a.txt", "0" * 64, f"عنوان\n{LONG_STORY}", outlet="was"),
        RawArticle("b", "b.txt", "0" * 64, "خبر قصير", outlet="spa"),
    ]
    prints, signatures = survey_articles(articles)
    data = encode_batch(prints, signatures)
    decoded = decode_batch(data, 2)
    assert decoded is not None and len(decoded[0]) == 2
    for got, want in zip(decoded[0], prints, strict=True):
        assert got.tolist() == sorted(want.tolist()) and got.dtype == np.int64
    assert decoded[1].tolist() == signatures.tolist() and decoded[1].shape == (2, dedup.NUM_PERM)
    assert decode_batch(data, 3) is None and decode_batch(data[:-8], 2) is None and decode_batch(data[:6], 2) is None
    empty = decode_batch(encode_batch([], np.empty((0, dedup.NUM_PERM), dtype=np.uint32)), 0)
    assert empty is not None and empty[0] == [] and empty[1].shape == (0, dedup.NUM_PERM)


def test_survey_entry_round_trip_and_checks():
    import numpy as np

    from akhbar.corpus import dedup
    from akhbar.corpus.ingest import RawArticle
    from akhbar.pipeline.cache import checksum
    from akhbar.pipeline.corpus_pass import (
        content_digest,
        decode_survey,
        encode_survey,
        survey_articles,
        survey_fingerprint,
        survey_key,
    )

    article = RawArticle("a", "a.txt", "0" * 64, f"عنوان\n{LONG_STORY}", outlet="was")
    (prints,), signatures = survey_articles([article])
    data = encode_survey(prints, signatures[0])
    decoded = decode_survey(data)
    assert decoded is not None
    assert sorted(decoded[0].tolist()) == sorted(prints.tolist()) and decoded[0].dtype == np.int64
    assert decoded[1].tolist() == signatures[0].tolist() and len(decoded[1]) == dedup.NUM_PERM
    assert decode_survey(data[:-3]) is None  # cut short
    assert decode_survey(data[:40]) is None
    # made from other content (the outlet is part of it): another key, so the stored checksum does not match
    key = survey_key(survey_fingerprint(), content_digest(article))
    other = survey_key(survey_fingerprint(), content_digest(RawArticle("a", "a.txt", "0" * 64, article.text, "spa")))
    assert other != key and checksum(other, data) != checksum(key, data)


def test_an_unchanged_batch_is_read_from_its_own_entry(tmp_path: Path, project_root: Path):
    import sqlite3

    from akhbar.pipeline.cache import DB_NAME, SURVEYS

    project = survey_project(tmp_path, project_root)
    cache = tmp_path / "cache"
    plain, _ = surveyed(project, cache)
    kept = batch_keys(project)
    with sqlite3.connect(cache / DB_NAME) as conn:  # the articles' own entries gone
        marks = ",".join("?" * len(kept))
        assert conn.execute(f"DELETE FROM {SURVEYS} WHERE key NOT IN ({marks})", kept).rowcount == 5
    tables, stats = surveyed(project, cache)
    assert survey_counts(stats) == (5, 0)
    assert_same_tables(plain, tables)
