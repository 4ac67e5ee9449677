"""Step runner: discovery, ordering, schema checks, clear errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from akhbar.corpus.ingest import IngestError, plan_inputs
from akhbar.pipeline.parallel import open_executor
from akhbar.pipeline.runner import PipelineError, Project, Step, order_steps, run_pipeline

TEXT = "قال الرئيس شي جين بينغ إن الصين مستعدة للتعاون مع آسيا الوسطى."


def fake_step(output: str, inputs: tuple[str, ...]) -> Step:
    """A step object that is never run (for ordering tests)."""
    return Step(module=output, output=output, inputs=inputs, references=(), run=lambda **_: None, doc=output)


def test_order_follows_inputs():
    steps = [
        fake_step("quotes", ("articles", "mentions")),
        fake_step("mentions", ("articles",)),
        fake_step("articles", ("raw",)),
    ]
    assert [s.output for s in order_steps(steps)] == ["articles", "mentions", "quotes"]


def test_missing_input_and_cycle_are_named():
    with pytest.raises(PipelineError, match="no step builds \\['entities'\\]"):
        order_steps([fake_step("mentions", ("entities",))])
    with pytest.raises(PipelineError, match="cycle"):
        order_steps([fake_step("a", ("b",)), fake_step("b", ("a",))])


def make_project(tmp_path: Path, project_root: Path, step_source: str) -> Project:
    """A copy of the project with only the articles step plus one extra step, and a raw/ of one article."""
    root = tmp_path / "proj"
    (root / "raw").mkdir(parents=True)
    (root / "raw" / "a1.txt").write_text(TEXT, encoding="utf-8")
    shutil.copytree(project_root / "schemas", root / "schemas")
    (root / "pipelines").mkdir()
    shutil.copy(project_root / "pipelines" / "articles.py", root / "pipelines" / "articles.py")
    (root / "pipelines" / "extra.py").write_text(step_source, encoding="utf-8")
    (root / "schemas" / "extra.schema.json").write_text(
        json.dumps({"fields": [{"name": "article_id", "type": "string"}, {"name": "n", "type": "integer"}]}),
        encoding="utf-8",
    )
    desc = {"name": "p", "version": "0.0.1", "resources": [{"name": "articles"}, {"name": "extra"}]}
    (root / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    return Project.load(root)


def run(project: Project) -> dict:
    """Run a project's pipeline over its raw folder in this process."""
    return run_pipeline(project, plan_inputs(project.raw_dir))


def test_step_output_is_typed_by_schema(tmp_path: Path, project_root: Path):
    source = """
OUTPUT = "extra"
INPUTS = ("articles",)
def run(articles):
    return articles.assign(n=articles["n_chars"].astype("int32"))[["article_id", "n"]]
"""
    tables = run(make_project(tmp_path, project_root, source))
    assert str(tables["extra"].column("n").type) == "int64"  # the schema's type, not the step's int32
    assert tables["extra"].column("n").to_pylist() == [len(TEXT)]


def test_wrong_columns_are_reported_with_step_name(tmp_path: Path, project_root: Path):
    source = """
OUTPUT = "extra"
INPUTS = ("articles",)
def run(articles):
    return articles[["article_id"]]
"""
    with pytest.raises(PipelineError, match="step 'extra'.*missing \\['n'\\]"):
        run(make_project(tmp_path, project_root, source))


def test_failing_step_is_named(tmp_path: Path, project_root: Path):
    source = """
OUTPUT = "extra"
INPUTS = ("articles",)
def run(articles):
    raise ValueError("boom")
"""
    with pytest.raises(PipelineError, match="step 'extra' \\(building 'extra'\\) failed: ValueError: boom"):
        run(make_project(tmp_path, project_root, source))


def test_uncastable_values_are_refused_clearly(tmp_path: Path, project_root: Path):
    source = """
OUTPUT = "extra"
INPUTS = ("articles",)
def run(articles):
    return articles.assign(n="many")[["article_id", "n"]]
"""
    with pytest.raises(PipelineError, match="column 'n': cannot store as integer"):
        run(make_project(tmp_path, project_root, source))


PER_ARTICLE_STEP = """
OUTPUT = "extra"
INPUTS = ("articles",)
PER_ARTICLE = True
def run(articles):
    return articles.assign(n=articles["n_words"])[["article_id", "n"]]
"""


def test_batches_give_the_same_tables_as_one_batch(tmp_path: Path, project_root: Path):
    project = make_project(tmp_path, project_root, PER_ARTICLE_STEP)
    for i, src in enumerate(sorted((project_root / "raw").glob("*.txt"))):
        (project.raw_dir / f"z{i}.txt").write_bytes(src.read_bytes())
    plan = plan_inputs(project.raw_dir)
    one = run_pipeline(project, plan, batch_size=100)
    many = run_pipeline(project, plan, batch_size=2)
    assert one["extra"].num_rows == 6
    for name in one:
        assert one[name].equals(many[name]), name


def test_exact_duplicates_across_batches_are_recorded_not_refused(tmp_path: Path, project_root: Path):
    project = make_project(tmp_path, project_root, PER_ARTICLE_STEP)
    (project.raw_dir / "z_copy.txt").write_text(TEXT, encoding="utf-8")
    tables = run_pipeline(project, plan_inputs(project.raw_dir), batch_size=1)
    articles = tables["articles"].to_pandas().set_index("article_id")
    assert articles.loc["z_copy", "duplicate_of"] == "a1"
    assert articles.loc["z_copy", "similarity"] == 1.0
    assert articles.loc["a1", "duplicate_of"] is None


def test_unreadable_file_stops_the_build_before_extraction(tmp_path: Path, project_root: Path):
    project = make_project(tmp_path, project_root, PER_ARTICLE_STEP)
    (project.raw_dir / "bad.txt").write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(IngestError, match="bad.txt: binary file"):
        run_pipeline(project, plan_inputs(project.raw_dir), batch_size=1)


def _worker_profiling() -> bool:
    """Whether Dask's statistical profiler is on in the process this runs in."""
    import dask

    return dask.config.get("distributed.worker.profile.enabled")


def test_dask_local_cluster_gives_identical_tables(tmp_path: Path, project_root: Path):
    project = make_project(tmp_path, project_root, PER_ARTICLE_STEP)
    for i, src in enumerate(sorted((project_root / "raw").glob("*.txt"))):
        (project.raw_dir / f"z{i}.txt").write_bytes(src.read_bytes())
    plan = plan_inputs(project.raw_dir)
    local = run_pipeline(project, plan, batch_size=2)
    with open_executor(workers=2) as executor:
        assert "LocalCluster (2 workers)" in executor.description
        # the workers run without Dask's statistical profiler (see parallel.LOCAL_CLUSTER_CONFIG)
        assert set(executor.client.run(_worker_profiling).values()) == {False}
        distributed = run_pipeline(project, plan, executor, batch_size=2)
    for name in local:
        assert local[name].equals(distributed[name]), name


def test_only_tables_a_later_step_reads_go_back_to_pandas(tmp_path: Path, project_root: Path):
    from akhbar.corpus.ingest import read_article
    from akhbar.pipeline.runner import RAW_TABLE, load_steps, raw_frame, run_steps

    source = """
OUTPUT = "extra"
INPUTS = ("articles",)
def run(articles):
    return articles.assign(n=articles["n_words"])[["article_id", "n"]]
"""
    project = make_project(tmp_path, project_root, source)
    steps = order_steps(load_steps(project.root / "pipelines"))
    article = read_article(str(project.raw_dir / "a1.txt"), {})
    frames = {RAW_TABLE: raw_frame([article])}
    tables = run_steps(project, steps, frames, project.schemas(), {})
    assert set(tables) == {"articles", "extra"}
    # extra reads articles, so articles comes back as a frame (typed); nothing reads extra
    assert set(frames) == {RAW_TABLE, "articles"}
    assert frames["articles"]["n_chars"].tolist() == [len(TEXT)]
    frames = {RAW_TABLE: raw_frame([article])}
    run_steps(project, steps, frames, project.schemas(), {}, keep={"extra"})
    assert set(frames) == {RAW_TABLE, "articles", "extra"}  # articles is still an input of a step run here


def test_existing_cluster_via_scheduler_address_gives_identical_tables(tmp_path: Path, project_root: Path):
    from dask.distributed import LocalCluster

    project = make_project(tmp_path, project_root, PER_ARTICLE_STEP)
    plan = plan_inputs(project.raw_dir)
    local = run_pipeline(project, plan, batch_size=1)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with open_executor(scheduler=cluster.scheduler_address) as executor:
            assert f"Dask cluster at {cluster.scheduler_address} (1 workers)" == executor.description
            remote = run_pipeline(project, plan, executor, batch_size=1)
    for name in local:
        assert local[name].equals(remote[name]), name


KILLING_STEP = """
import os
OUTPUT = "extra"
INPUTS = ("articles",)
PER_ARTICLE = True
def run(articles):
    os._exit(3)  # the worker process dies, as one killed for memory would
"""


def test_a_dead_worker_is_an_executor_error_not_a_traceback(tmp_path: Path, project_root: Path):
    import dask

    from akhbar.pipeline.parallel import ExecutorError

    project = make_project(tmp_path, project_root, KILLING_STEP)
    # no retries: the first death gives up the task (the default retries it on three more workers)
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), open_executor(workers=1) as executor:
        with pytest.raises(ExecutorError, match="a Dask worker died while running a batch"):
            run_pipeline(project, plan_inputs(project.raw_dir), executor)


def test_rows_come_in_key_order_whether_or_not_a_step_built_them_so():
    import pyarrow as pa

    from akhbar.package.schema import TableSchema
    from akhbar.pipeline.runner import sort_by_key

    schema = TableSchema("t", {"fields": [{"name": "id", "type": "string"}], "primaryKey": ["id"]})
    ordered = pa.table({"id": ["a-m0001", "a-m0002", "a-mt01"]})
    assert sort_by_key(ordered, schema) is ordered  # already in order: kept as it is
    for ids in (["b", "a", "c"], ["a", None, "b"]):  # out of order, or a null (sorted last)
        assert sort_by_key(pa.table({"id": ids}), schema).column("id").to_pylist() == sorted(
            ids, key=lambda v: (v is None, v or "")
        )
