"""Load a project's pipeline steps, run them in dependency order, and check each result against its schema.

A step is a module in the project's `pipelines/` folder (loaded from the folder, like owid/etl's steps):

    OUTPUT = "figures"              # table it builds: schemas/figures.schema.json
    INPUTS = ("articles",)          # tables it reads, passed by keyword as DataFrames
    REFERENCES = ("currencies",)    # optional: reference/<name>.csv, passed by keyword as DataFrames
    def run(articles, currencies) -> pd.DataFrame: ...

The runner does all reading and writing; the pseudo-table ``raw`` holds the ingested articles.

A step that sets ``PER_ARTICLE = True`` promises that its rows for a set of articles depend only on those
articles (plus reference data). The runner then runs it inside each batch of articles, on whatever executor
holds the batch (this process or a Dask worker), and concatenates the batches in order; other steps run once
on the whole tables. One code path for every executor: the release is identical for any worker count.
"""

from __future__ import annotations

import functools
import importlib.util
import sqlite3
import sys
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from akhbar.corpus.ingest import IngestError, InputPlan, Problem, RawArticle, read_article
from akhbar.errors import PipelineError
from akhbar.package.descriptor import DESCRIPTOR, Descriptor, has_descriptor, read_descriptor
from akhbar.package.schema import SchemaError, TableSchema, load_schemas, to_arrow
from akhbar.pipeline.cache import ARTICLE_ID, ExtractCache, cached_steps, forget_segments
from akhbar.pipeline.corpus_pass import BatchCorpus, CorpusSettings, apply_corpus, run_corpus_pass
from akhbar.pipeline.parallel import Executor, InProcess, collector_paused

RAW_TABLE = "raw"
DEFAULT_BATCH_SIZE = 256


@dataclass(frozen=True)
class Step:
    """One pipeline step loaded from a module."""

    module: str
    output: str
    inputs: tuple[str, ...]
    references: tuple[str, ...]
    run: Callable[..., pd.DataFrame]
    doc: str
    per_article: bool = False


@dataclass(frozen=True)
class Project:
    """A data-package project folder: descriptor, schemas, steps and reference data."""

    root: Path
    package: Descriptor

    @classmethod
    def load(cls, root: Path) -> Project:
        """Read and check the project's datapackage.json (DescriptorError if it is missing or malformed)."""
        root = Path(root).resolve()
        if not has_descriptor(root):
            raise PipelineError(f"{root}: no {DESCRIPTOR} (is this an akhbar project folder?)")
        return cls(root=root, package=read_descriptor(root))

    @property
    def descriptor(self) -> dict[str, Any]:
        """The descriptor as written (the release copies it, schemas inlined)."""
        return self.package.raw

    @property
    def name(self) -> str:
        """Package name."""
        return self.package.name

    @property
    def version(self) -> str:
        """Package version."""
        return self.package.version

    @property
    def raw_dir(self) -> Path:
        """Default folder of raw articles."""
        return self.root / "raw"

    @property
    def resource_names(self) -> list[str]:
        """Tables the descriptor publishes, in descriptor order."""
        return self.package.resource_names

    def schemas(self) -> dict[str, TableSchema]:
        """The project's table schemas by name."""
        return load_schemas(self.root / "schemas")

    def steps(self) -> list[Step]:
        """The project's pipeline steps, in dependency order."""
        return order_steps(load_steps(self.root / "pipelines"))

    def reference(self, name: str) -> pd.DataFrame:
        """Read reference/<name>.csv as text columns (empty cells are empty strings); cached per process."""
        path = self.root / "reference" / f"{name}.csv"
        if not path.is_file():
            raise PipelineError(f"reference table {name!r} not found at {path}")
        stat = path.stat()
        return _read_reference(str(path), stat.st_mtime_ns, stat.st_size).copy()


@functools.lru_cache(maxsize=64)
def _read_reference(path: str, mtime_ns: int, size: int) -> pd.DataFrame:
    """Read one reference CSV once per process and version of the file (batches reuse it; an edit is seen)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _import_module(path: Path) -> ModuleType:
    """Import a step module from its file without installing the pipelines folder as a package."""
    name = f"akhbar_pipelines.{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise PipelineError(f"{path}: cannot import")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_steps(pipelines_dir: Path) -> list[Step]:
    """Load every step module (pipelines/*.py not starting with '_')."""
    steps = []
    for path in sorted(Path(pipelines_dir).glob("*.py")):
        if path.name.startswith("_"):
            continue
        module = _import_module(path)
        for attr in ("OUTPUT", "INPUTS", "run"):
            if not hasattr(module, attr):
                raise PipelineError(f"{path}: a step must define {attr}")
        steps.append(
            Step(
                module=path.stem,
                output=module.OUTPUT,
                inputs=tuple(module.INPUTS),
                references=tuple(getattr(module, "REFERENCES", ())),
                run=module.run,
                doc=(module.__doc__ or "").strip().splitlines()[0] if module.__doc__ else path.stem,
                per_article=bool(getattr(module, "PER_ARTICLE", False)),
            )
        )
    return steps


def order_steps(steps: Iterable[Step]) -> list[Step]:
    """Topological order of steps by their INPUTS; ties broken by output name for determinism."""
    by_output: dict[str, Step] = {}
    for step in steps:
        if step.output in by_output:
            raise PipelineError(f"two steps build {step.output!r}: {by_output[step.output].module} and {step.module}")
        by_output[step.output] = step
    ordered: list[Step] = []
    done = {RAW_TABLE}
    pending = dict(sorted(by_output.items()))
    while pending:
        ready = [s for s in pending.values() if all(i in done for i in s.inputs)]
        if not ready:
            missing = {i for s in pending.values() for i in s.inputs if i not in done and i not in pending}
            if missing:
                raise PipelineError(f"no step builds {sorted(missing)} (needed by {sorted(pending)})")
            raise PipelineError(f"steps depend on each other in a cycle: {sorted(pending)}")
        for step in ready:
            ordered.append(step)
            done.add(step.output)
            del pending[step.output]
    return ordered


def raw_frame(articles: list[RawArticle]) -> pd.DataFrame:
    """The ingested articles as the `raw` pseudo-table, sorted by article_id."""
    columns = ["article_id", "source_path", "sha256", "text", "outlet", "url", "published", "title", "author"]
    rows = sorted(([getattr(a, c) for c in columns] for a in articles), key=lambda r: r[0])
    return pd.DataFrame(rows, columns=columns)


def batch_steps(steps: list[Step]) -> list[Step]:
    """The per-article steps that can run inside a batch: all their inputs are raw or built in the batch."""
    local: list[Step] = []
    available = {RAW_TABLE}
    for step in steps:
        if step.per_article and all(i in available for i in step.inputs):
            local.append(step)
            available.add(step.output)
    return local


def run_step(step: Step, tables: dict[str, pd.DataFrame], project: Project) -> pd.DataFrame:
    """Run one step with its inputs and references; wrap failures with the step's name."""
    kwargs: dict[str, Any] = {name: tables[name] for name in step.inputs}
    kwargs.update({name: project.reference(name) for name in step.references})
    try:
        result = step.run(**kwargs)
    except Exception as exc:  # a step's bug must say which step
        raise PipelineError(
            f"step {step.module!r} (building {step.output!r}) failed: {type(exc).__name__}: {exc}"
        ) from exc
    if not isinstance(result, pd.DataFrame):
        raise PipelineError(f"step {step.module!r} returned {type(result).__name__}, expected a pandas DataFrame")
    return result


def run_steps(
    project: Project,
    steps: list[Step],
    frames: dict[str, pd.DataFrame],
    schemas: dict[str, TableSchema],
    timings: dict[str, float],
    keep: Collection[str] | None = None,
) -> dict[str, pa.Table]:
    """Run steps in order over ``frames``; return their outputs typed by their schemas.

    ``frames`` is extended in place with the outputs that a step of ``steps`` reads, and those ``keep`` names
    (read by steps run later); the others stay Arrow only, since converting a table back to pandas costs time.
    """
    keep = {*(keep or ()), *(name for step in steps for name in step.inputs)}
    tables: dict[str, pa.Table] = {}
    for step in steps:
        if step.output not in schemas:
            raise PipelineError(
                f"step {step.module!r} builds {step.output!r} but schemas/{step.output}.schema.json is missing"
            )
        started = time.perf_counter()
        tables[step.output] = typed_output(step, frames, project, schemas[step.output])
        if step.output in keep:  # later steps see the typed values (dates as dates, not strings)
            frames[step.output] = tables[step.output].to_pandas()
        timings[step.output] = timings.get(step.output, 0.0) + time.perf_counter() - started
    return tables


def cached_chain(steps: list[Step], schemas: dict[str, TableSchema]) -> list[Step]:
    """The batch steps the cache holds: those with an article column whose inputs are raw or cached steps' outputs."""
    chain: list[Step] = []
    available = {RAW_TABLE}
    for step in steps:
        schema = schemas.get(step.output)
        if schema is not None and ARTICLE_ID in schema.field_names and all(i in available for i in step.inputs):
            chain.append(step)
            available.add(step.output)
    return chain


def run_cached_steps(
    project: Project,
    steps: list[Step],
    frames: dict[str, pd.DataFrame],
    schemas: dict[str, TableSchema],
    timings: dict[str, float],
    cache: sqlite3.Connection,
) -> dict[str, pa.Table]:
    """:func:`run_steps` over a batch's raw frame, with each unchanged article's rows of the cached chain reused.

    One cache entry per article points at its rows of every step of the chain (akhbar.pipeline.cache); only the missing
    articles are run through the steps. Batch steps outside the chain (none in this project) run after it, uncached.
    """
    chain = cached_chain(steps, schemas)
    compute = functools.partial(_run_chain, project, chain, schemas, timings)
    tables = cached_steps(
        chain,
        str(project.root),
        (RAW_TABLE, frames[RAW_TABLE]),
        {s.output: schemas[s.output].arrow_schema() for s in chain},
        compute,
        cache,
        timings,
    )
    tables = {name: sort_by_key(table, schemas[name]) for name, table in tables.items()}
    rest = [s for s in steps if s not in chain]
    for name in {i for s in rest for i in s.inputs} & tables.keys():
        frames[name] = tables[name].to_pandas()
    tables.update(run_steps(project, rest, frames, schemas, timings))
    return tables


def _run_chain(
    project: Project,
    chain: list[Step],
    schemas: dict[str, TableSchema],
    timings: dict[str, float],
    raw: pd.DataFrame,
) -> dict[str, pa.Table]:
    """The chain's steps run on a raw frame (the articles the cache misses)."""
    return run_steps(project, chain, {RAW_TABLE: raw}, schemas, timings)


def typed_output(step: Step, frames: dict[str, pd.DataFrame], project: Project, schema: TableSchema) -> pa.Table:
    """Run one step and type its result by its schema, rows in primary-key order."""
    result = run_step(step, frames, project)
    try:
        return sort_by_key(to_arrow(result, schema), schema)
    except SchemaError as exc:
        raise PipelineError(f"step {step.module!r}: {exc}") from exc


def sort_by_key(table: pa.Table, schema: TableSchema) -> pa.Table:
    """Rows in primary-key order, so that output never depends on batching or step internals."""
    if not schema.primary_key or table.num_rows < 2:
        return table
    if len(schema.primary_key) == 1 and _ascending(table.column(schema.primary_key[0])):
        return table  # steps mostly build their rows in key order: one comparison pass instead of a sort
    return table.sort_by([(c, "ascending") for c in schema.primary_key])


def _ascending(column: pa.ChunkedArray) -> bool:
    """Whether no value of a column is greater than the next one (false where a value is null)."""
    n = len(column)
    return pc.all(pc.less_equal(column.slice(0, n - 1), column.slice(1)), skip_nulls=False).as_py() is True


@dataclass
class BatchResult:
    """What one batch sends back: its tables, the hashes of its files, problems and time per stage."""

    tables: dict[str, pa.Table]
    hashes: list[tuple[str, str]]
    problems: list[Problem]
    timings: dict[str, float] = field(default_factory=dict)
    n_bytes: int = 0


@functools.lru_cache(maxsize=8)
def _project_context(root: str) -> tuple[Project, list[Step], dict[str, TableSchema]]:
    """Project, its batch steps and schemas, loaded once per process."""
    project = Project.load(Path(root))
    return project, batch_steps(project.steps()), project.schemas()


BatchJob = (
    tuple[str, list[tuple[str, dict[str, str | None]]]]
    | tuple[str, list[tuple[str, dict[str, str | None]]], BatchCorpus | None]
    | tuple[str, list[tuple[str, dict[str, str | None]]], BatchCorpus | None, str | None]
)


def process_batch(job: BatchJob) -> BatchResult:
    """Read one batch of article files and run the per-article steps on it (runs on any executor).

    The job's third item, when given, is what the corpus pass decided for the batch (chrome, copies); its fourth,
    the extraction cache folder (akhbar.pipeline.cache), or None to run without it.
    """
    with collector_paused():
        return _process_batch(job)


def _process_batch(job: BatchJob) -> BatchResult:
    """process_batch's work."""
    root, items = job[0], job[1]
    corpus = job[2] if len(job) > 2 else None
    cache_dir = job[3] if len(job) > 3 else None
    project, steps, schemas = _project_context(root)
    started = time.perf_counter()
    articles: list[RawArticle] = []
    problems: list[Problem] = []
    for path, meta in items:
        result = read_article(path, meta)
        if isinstance(result, Problem):
            problems.append(result)
        else:
            articles.append(result)
    timings = {"read": time.perf_counter() - started}
    hashes = [(a.source_path, a.sha256) for a in articles]
    n_bytes = sum(len(a.text.encode("utf-8")) for a in articles)
    if problems:  # the build stops anyway: skip the extraction work
        return BatchResult({}, hashes, problems, timings, n_bytes)
    started = time.perf_counter()
    frames = {RAW_TABLE: apply_corpus(raw_frame(articles), corpus)}
    timings["corpus_apply"] = time.perf_counter() - started
    if cache_dir is None:
        tables = run_steps(project, steps, frames, schemas, timings)
        return BatchResult(tables, hashes, problems, timings, n_bytes)
    try:
        with ExtractCache(cache_dir).connect() as conn:
            tables = run_cached_steps(project, steps, frames, schemas, timings, conn)
    except (sqlite3.Error, OSError):  # an unusable cache costs time, never the build
        timings["cache_errors"] = timings.get("cache_errors", 0.0) + 1
        tables = run_steps(project, steps, frames, schemas, timings)
    return BatchResult(tables, hashes, problems, timings, n_bytes)


def batches(plan: InputPlan, root: Path, size: int) -> Iterable[tuple[str, list[tuple[str, dict[str, str | None]]]]]:
    """Consecutive batches of the plan's files (paths and metadata only, never text)."""
    for i in range(0, len(plan.items), size):
        yield str(root), plan.items[i : i + size]


def run_pipeline(
    project: Project,
    plan: InputPlan,
    executor: Executor | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_batch: Callable[[int], None] | None = None,
    on_step: Callable[[Step], None] | None = None,
    timings: dict[str, float] | None = None,
    cache_dir: Path | None = None,
) -> dict[str, pa.Table]:
    """Run every step over the planned articles; return the published tables as schema-typed Arrow tables.

    Two passes over the batches: the corpus pass (akhbar.pipeline.corpus_pass: chrome, copies) and then
    extraction. Raises IngestError (every bad file) after the first, before any article is extracted.
    ``cache_dir``, when given, holds the extraction cache (akhbar.pipeline.cache) that the batches read and extend.
    """
    executor = executor or InProcess()
    timings = {} if timings is None else timings
    schemas = project.schemas()
    steps = project.steps()
    local = batch_steps(steps)
    parts: dict[str, list[pa.Table]] = {s.output: [] for s in local}
    jobs = list(batches(plan, project.root, batch_size))
    cache = None if cache_dir is None else str(cache_dir)
    corpus, unreadable = run_corpus_pass(
        executor.map, jobs, CorpusSettings.from_descriptor(project.descriptor), timings, cache
    )
    problems = list(plan.problems) + unreadable
    if problems:
        raise IngestError(problems)
    forget_segments()  # segments decoded by an earlier build in this process are read again
    try:
        for result in executor.map(process_batch, [(*job, c, cache) for job, c in zip(jobs, corpus, strict=True)]):
            problems.extend(result.problems)
            for name, table in result.tables.items():
                parts[name].append(table)
            for stage, seconds in result.timings.items():
                timings[stage] = timings.get(stage, 0.0) + seconds
            timings["raw_bytes"] = timings.get("raw_bytes", 0.0) + result.n_bytes
            if on_batch:
                on_batch(len(result.hashes) + len(result.problems))
    finally:
        forget_segments()
    if problems:
        raise IngestError(problems)

    tables = {
        name: pa.concat_tables(p) if p else schemas[name].arrow_schema().empty_table() for name, p in parts.items()
    }
    remaining = [s for s in steps if s.output not in tables]
    if RAW_TABLE in {i for s in remaining for i in s.inputs}:
        bad = [s.module for s in remaining if RAW_TABLE in s.inputs]
        raise PipelineError(f"steps {bad} read raw articles but are not PER_ARTICLE")
    needed = {i for s in remaining for i in s.inputs}
    # Arrow-backed columns: a cross-article step reads millions of rows without a Python object per string
    frames = {name: tables[name].to_pandas(types_mapper=pd.ArrowDtype) for name in needed if name in tables}
    for step in remaining:
        if on_step:
            on_step(step)
        tables.update(run_steps(project, [step], frames, schemas, timings, keep=needed))
    missing = [r for r in project.resource_names if r not in tables]
    if missing:
        raise PipelineError(f"datapackage.json lists {missing} but no step builds them")
    return {name: tables[name] for name in project.resource_names}
