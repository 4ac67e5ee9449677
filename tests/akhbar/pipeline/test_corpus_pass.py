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
