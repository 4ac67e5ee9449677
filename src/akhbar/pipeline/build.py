"""Build a release of a project: ingest -> pipeline steps -> validate -> publish."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from akhbar.corpus.feeds import FeedOptions, merge_options, plan_raw, project_options
from akhbar.corpus.ingest import IngestError, Problem, duplicate_problems, read_article
from akhbar.package.release import publish
from akhbar.pipeline.parallel import open_executor
from akhbar.pipeline.runner import DEFAULT_BATCH_SIZE, Project, Step, run_pipeline
from akhbar.report import render_report
from akhbar.validate import check_release


def read_problems(items: list[tuple[str, dict[str, str | None]]]) -> list[Problem]:
    """Every problem in reading the planned articles, duplicates included (no extraction)."""
    problems: list[Problem] = []
    hashes: list[tuple[str, str]] = []
    for path, meta in items:
        result = read_article(path, meta)
        if isinstance(result, Problem):
            problems.append(result)
        else:
            hashes.append((result.source_path, result.sha256))
    return problems + duplicate_problems(hashes)


def with_report(check: Callable[[Path], None] | None) -> Callable[[Path], None]:
    """The release check followed by rendering the release page, which shows the check's validation report."""

    def run(root: Path) -> None:
        if check is not None:
            check(root)
        render_report(root)

    return run


def build(
    project_root: Path = Path("."),
    raw_dir: Path | None = None,
    out_dir: Path | None = None,
    force: bool = False,
    check: Callable[[Path], None] | None = None,
    console: Console | None = None,
    workers: int = 0,
    scheduler: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    stats: dict[str, float] | None = None,
    validate: bool = True,
    feeds: FeedOptions | None = None,
) -> Path:
    """Build and publish a release of the project; return its folder. Raises on bad input or failed checks.

    The release is validated (akhbar.validate, all three engines) before it is renamed into place unless
    ``validate`` is false; ``check`` replaces that validation with another callable.

    ``workers``/``scheduler`` choose where per-article work runs (see akhbar.pipeline.parallel); ``stats``, when given,
    receives seconds per stage (per-article stages summed over workers) and wall-clock totals.

    ``feeds`` holds the command line's feed settings (format, field mapping, skip bad records), laid over the
    project's (datapackage.json ``akhbar.feeds``); records skipped are printed and listed in the release.
    """
    project = Project.load(project_root)
    if check is None and validate:
        check = functools.partial(check_release, project_root=project.root)
    raw_dir = Path(raw_dir) if raw_dir else project.raw_dir
    out_dir = Path(out_dir) if out_dir else project.root / "dist"
    console = console or Console(stderr=True)
    stats = {} if stats is None else stats
    given = feeds or FeedOptions()
    options = merge_options(project_options(project.descriptor), given.format, given.fields, given.skip_bad)
    started = time.perf_counter()
    plan = plan_raw(raw_dir, options)
    stats["wall_plan"] = time.perf_counter() - started
    stats["n_planned"], stats["n_skipped"] = len(plan.items), len(plan.skipped)
    for problem in plan.skipped:
        console.print(f"[yellow]skipped:[/yellow] {problem}", markup=True, highlight=False, soft_wrap=True)
    if plan.skipped:
        console.print(
            f"[yellow]{len(plan.skipped)} bad input record(s) skipped[/yellow] (listed in the release's skipped.csv)"
        )
    if plan.problems:  # the build stops anyway: list every problem without extracting first
        raise IngestError(plan.problems + read_problems(plan.items))
    with (
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress,
        open_executor(workers, scheduler) as executor,
    ):
        task = progress.add_task(f"extract articles ({executor.description})", total=len(plan.items))

        def on_step(step: Step) -> None:
            progress.update(task, description=f"step {step.module}: {step.doc}")

        started = time.perf_counter()
        tables = run_pipeline(
            project,
            plan,
            executor,
            batch_size=batch_size,
            on_batch=lambda n: progress.advance(task, n),
            on_step=on_step,
            timings=stats,
        )
        stats["wall_pipeline"] = time.perf_counter() - started
        progress.update(task, description="write, validate and publish release")
        started = time.perf_counter()
        skipped = [(p.path, p.message) for p in plan.skipped]
        release = publish(
            out_dir,
            project.descriptor,
            project.schemas(),
            tables,
            check=with_report(check),
            force=force,
            skipped=skipped,
        )
        stats["wall_publish"] = time.perf_counter() - started
    return release
