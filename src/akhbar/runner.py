"""Load a project's pipeline steps, run them in dependency order, and check each result against its schema.

A step is a module in the project's `pipelines/` folder (loaded from the folder, like owid/etl's steps):

    OUTPUT = "figures"              # table it builds: schemas/figures.schema.json
    INPUTS = ("articles",)          # tables it reads, passed by keyword as DataFrames
    REFERENCES = ("currencies",)    # optional: reference/<name>.csv, passed by keyword as DataFrames
    def run(articles, currencies) -> pd.DataFrame: ...

The runner does all reading and writing; the pseudo-table ``raw`` holds the ingested articles.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pyarrow as pa

from akhbar.ingest import RawArticle
from akhbar.schema import SchemaError, TableSchema, load_schemas, to_arrow

RAW_TABLE = "raw"


class PipelineError(Exception):
    """A step is missing, malformed, cyclic, or failed while running."""


@dataclass(frozen=True)
class Step:
    """One pipeline step loaded from a module."""

    module: str
    output: str
    inputs: tuple[str, ...]
    references: tuple[str, ...]
    run: Callable[..., pd.DataFrame]
    doc: str


@dataclass(frozen=True)
class Project:
    """A data-package project folder: descriptor, schemas, steps and reference data."""

    root: Path
    descriptor: dict[str, Any]

    @classmethod
    def load(cls, root: Path) -> Project:
        """Read the project's datapackage.json."""
        root = Path(root).resolve()
        path = root / "datapackage.json"
        if not path.is_file():
            raise PipelineError(f"{root}: no datapackage.json (is this an akhbar project folder?)")
        try:
            descriptor = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise PipelineError(f"{path}: invalid JSON: {exc}") from exc
        return cls(root=root, descriptor=descriptor)

    @property
    def name(self) -> str:
        """Package name."""
        return self.descriptor["name"]

    @property
    def version(self) -> str:
        """Package version."""
        return self.descriptor["version"]

    @property
    def raw_dir(self) -> Path:
        """Default folder of raw articles."""
        return self.root / "raw"

    @property
    def resource_names(self) -> list[str]:
        """Tables the descriptor publishes, in descriptor order."""
        return [r["name"] for r in self.descriptor.get("resources", [])]

    def schemas(self) -> dict[str, TableSchema]:
        """The project's table schemas by name."""
        return load_schemas(self.root / "schemas")

    def steps(self) -> list[Step]:
        """The project's pipeline steps, in dependency order."""
        return order_steps(load_steps(self.root / "pipelines"))

    def reference(self, name: str) -> pd.DataFrame:
        """Read reference/<name>.csv as text columns (empty cells are empty strings)."""
        path = self.root / "reference" / f"{name}.csv"
        if not path.is_file():
            raise PipelineError(f"reference table {name!r} not found at {path}")
        return pd.read_csv(path, dtype=str, keep_default_na=False, comment=None)


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
    columns = ["article_id", "source_path", "sha256", "text", "outlet", "url", "published"]
    rows = sorted(([getattr(a, c) for c in columns] for a in articles), key=lambda r: r[0])
    return pd.DataFrame(rows, columns=columns)


def run_step(step: Step, tables: dict[str, pd.DataFrame], project: Project) -> pd.DataFrame:
    """Run one step with its inputs and references; wrap failures with the step's name."""
    kwargs: dict[str, Any] = {name: tables[name] for name in step.inputs}
    kwargs.update({name: project.reference(name) for name in step.references})
    try:
        result = step.run(**kwargs)
    except Exception as exc:  # a step's bug must say which step
        raise PipelineError(f"step {step.module!r} (building {step.output!r}) failed: {type(exc).__name__}: {exc}") from exc
    if not isinstance(result, pd.DataFrame):
        raise PipelineError(f"step {step.module!r} returned {type(result).__name__}, expected a pandas DataFrame")
    return result


def run_pipeline(
    project: Project,
    articles: list[RawArticle],
    on_step: Callable[[Step], None] | None = None,
) -> dict[str, pa.Table]:
    """Run every step over the ingested articles; return the published tables as schema-typed Arrow tables."""
    schemas = project.schemas()
    frames: dict[str, pd.DataFrame] = {RAW_TABLE: raw_frame(articles)}
    tables: dict[str, pa.Table] = {}
    for step in project.steps():
        if on_step:
            on_step(step)
        if step.output not in schemas:
            raise PipelineError(f"step {step.module!r} builds {step.output!r} but schemas/{step.output}.schema.json is missing")
        result = run_step(step, frames, project)
        try:
            tables[step.output] = to_arrow(result, schemas[step.output])
        except SchemaError as exc:
            raise PipelineError(f"step {step.module!r}: {exc}") from exc
        # later steps see the typed values (dates as dates, not strings)
        frames[step.output] = tables[step.output].to_pandas()
    missing = [r for r in project.resource_names if r not in tables]
    if missing:
        raise PipelineError(f"datapackage.json lists {missing} but no step builds them")
    return {name: tables[name] for name in project.resource_names}
