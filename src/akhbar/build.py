"""Build a release of a project: ingest -> pipeline steps -> validate -> publish."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from akhbar.ingest import ingest
from akhbar.release import publish
from akhbar.runner import Project, run_pipeline


def build(
    project_root: Path = Path("."),
    raw_dir: Path | None = None,
    out_dir: Path | None = None,
    force: bool = False,
    check: Callable[[Path], None] | None = None,
    console: Console | None = None,
) -> Path:
    """Build and publish a release of the project; return its folder. Raises on bad input or failed checks."""
    project = Project.load(project_root)
    raw_dir = Path(raw_dir) if raw_dir else project.raw_dir
    out_dir = Path(out_dir) if out_dir else project.root / "dist"
    console = console or Console(stderr=True)
    steps = project.steps()
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(), console=console, transient=True,
    ) as progress:
        task = progress.add_task(f"ingest {raw_dir}", total=len(steps) + 2)
        articles = ingest(raw_dir)
        progress.advance(task)

        def on_step(step) -> None:
            progress.update(task, description=f"step {step.module}: {step.doc}")
            progress.advance(task)

        tables = run_pipeline(project, articles, on_step=on_step)
        progress.update(task, description="write, validate and publish release")
        release = publish(out_dir, project.descriptor, project.schemas(), tables, check=check, force=force)
        progress.advance(task)
    return release
