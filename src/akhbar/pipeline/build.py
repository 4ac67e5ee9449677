"""Build a release of a project: ingest -> pipeline steps -> validate -> publish."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from akhbar.corpus.feeds import (
    FeedOptions,
    forget_records,
    keeps_text,
    merge_options,
    plan_raw,
    project_options,
)
from akhbar.corpus.ingest import MAX_ARTICLE_BYTES, IngestError, Problem, read_article
from akhbar.package.release import publish
from akhbar.pipeline.cache import TextChecks
from akhbar.pipeline.cache_prune import build_lease
from akhbar.pipeline.parallel import open_executor
from akhbar.pipeline.runner import DEFAULT_BATCH_SIZE, Project, Step, run_pipeline
from akhbar.report import render_report
from akhbar.validate import check_release


def read_problems(items: list[tuple[str, dict[str, str | None]]]) -> list[Problem]:
    """Every problem in reading the planned articles (no extraction; exact copies are not problems)."""
    return [r for r in (read_article(path, meta) for path, meta in items) if isinstance(r, Problem)]


def with_report(check: Callable[[Path], None] | None) -> Callable[[Path], None]:
    """The release check followed by rendering the release page, which shows the check's validation report."""

    def run(root: Path) -> None:
        if check is not None:
            check(root)
        render_report(root)

    return run


def report_cache(console: Console, cache_dir: Path, stats: dict[str, float]) -> None:
    """Say how many per-article results came from the cache, and whether it could not be used."""
    hits, misses = int(stats.get("cache_hits", 0)), int(stats.get("cache_misses", 0))
    if hits + misses:
        console.print(
            f"extraction cache {cache_dir}: {hits:,} of {hits + misses:,} article results reused",
            highlight=False,
            soft_wrap=True,
        )
    if stats.get("cache_errors"):
        console.print(
            f"[yellow]warning:[/yellow] the extraction cache {cache_dir} could not be read or written"
            f" ({int(stats['cache_errors'])} times); the build ran without it (delete the folder to start afresh)",
            highlight=False,
            soft_wrap=True,
        )


def article_id_pattern(project: Project) -> str | None:
    """The `pattern` constraint of the articles schema's article_id (file names must give ids that match it)."""
    schema = project.schemas().get("articles")
    for field in schema.fields if schema else []:
        if field["name"] == "article_id":
            return field.get("constraints", {}).get("pattern")
    return None


class LineProgress:
    """Progress as plain lines, for a log or a pipe where a live bar shows nothing until the end."""

    def __init__(self, console: Console, total: int):
        self.console, self.total, self.done, self.shown = console, total, 0, -1

    def say(self, text: str) -> None:
        """Print one progress line."""
        self.console.print(text, highlight=False, markup=False, soft_wrap=True)

    def advance(self, n: int) -> None:
        """Count ``n`` more articles; print at every tenth of the total and at the end."""
        self.done += n
        tenth = self.done * 10 // max(self.total, 1)
        if tenth > self.shown or self.done == self.total:
            self.shown = tenth
            self.say(f"extract: {self.done}/{self.total} articles")


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
    cache_dir: Path | None = None,
    feeds: FeedOptions | None = None,
    max_article_bytes: int = MAX_ARTICLE_BYTES,
    version: str | None = None,
) -> Path:
    """Build and publish a release of the project; return its folder. Raises on bad input or failed checks.

    The release is validated (akhbar.validate, all three engines) before it is renamed into place; rules that
    prove the data wrong refuse it, and the statistical gates refuse it or warn as the project's datapackage.json
    declares (`akhbar.gates`, see akhbar.validate.gates): that is how a project sets them. ``check`` replaces
    that validation with another callable; ``validate=False`` skips it entirely, for tests and benchmarks of the
    other stages only (the release then has no validation report, and its page says so).

    ``workers``/``scheduler`` choose where per-article work runs (see akhbar.pipeline.parallel); ``stats``, when given,
    receives seconds per stage (per-article stages summed over workers) and wall-clock totals. A raw file over
    ``max_article_bytes`` is refused at ingest. ``version`` publishes under that version instead of
    datapackage.json's (which is not changed). On a console that is not a terminal, progress is plain lines.

    ``cache_dir``, when given, is the extraction cache (akhbar.pipeline.cache): articles whose rows and code are
    unchanged reuse their cached results, and the validation's Frictionless samples that passed are not read again
    when their bytes are the same (akhbar.validate.frictionless_engine); the release and its verdict are the same
    either way. None (the default) bypasses it.

    ``feeds`` holds the command line's feed settings (format, field mapping, skip bad records), laid over the
    project's (datapackage.json ``akhbar.feeds``); records skipped are printed and listed in the release.
    """
    project = Project.load(project_root)
    descriptor = project.descriptor if version is None else {**project.descriptor, "version": version}
    if check is None and validate:
        check = functools.partial(check_release, project_root=project.root, cache_dir=cache_dir)
    raw_dir = Path(raw_dir) if raw_dir else project.raw_dir
    out_dir = Path(out_dir) if out_dir else project.root / "dist"
    console = console or Console(stderr=True)
    stats = {} if stats is None else stats
    given = feeds or FeedOptions()
    options = merge_options(project_options(project.descriptor), given.format, given.fields, given.skip_bad)
    with build_lease(cache_dir):  # no prune removes an entry while this build may read it
        started = time.perf_counter()
        in_process = not workers and scheduler is None  # else records are read by workers: none kept here
        if cache_dir is None:
            plan = plan_raw(raw_dir, options, article_id_pattern(project), max_article_bytes, remember=in_process)
        else:  # records that kept some text once cleaned in an earlier build are not cleaned again to know it
            with TextChecks(cache_dir, keeps_text) as checks:
                pattern = article_id_pattern(project)
                plan = plan_raw(raw_dir, options, pattern, max_article_bytes, checks, in_process, checks)
            stats["text_check_hits"], stats["feed_verdict_hits"] = checks.hits, checks.feed_hits
            if checks.errors:
                stats["cache_errors"] = stats.get("cache_errors", 0) + checks.errors
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
        lines = None if console.is_terminal else LineProgress(console, len(plan.items))
        if lines:
            lines.say(f"build {descriptor['name']} {descriptor['version']}: {len(plan.items)} articles from {raw_dir}")
        with (
            Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
                disable=lines is not None,
            ) as progress,
            open_executor(workers, scheduler) as executor,
        ):
            task = progress.add_task(f"extract articles ({executor.description})", total=len(plan.items))

            def on_step(step: Step) -> None:
                progress.update(task, description=f"step {step.module}: {step.doc}")
                if lines:
                    lines.say(f"step {step.module}: {step.doc}")

            def on_batch(n: int) -> None:
                progress.advance(task, n)
                if lines:
                    lines.advance(n)

            started = time.perf_counter()
            try:
                tables = run_pipeline(
                    project,
                    plan,
                    executor,
                    batch_size=batch_size,
                    on_batch=on_batch,
                    on_step=on_step,
                    timings=stats,
                    cache_dir=cache_dir,
                )
            finally:  # the kept records are read by extraction only: free them before publishing
                forget_records()
            stats["wall_pipeline"] = time.perf_counter() - started
            if cache_dir is not None:
                report_cache(console, cache_dir, stats)
            progress.update(task, description="write, validate and publish release")
            if lines:
                lines.say("write, validate and publish the release")
            started = time.perf_counter()
            skipped = [(p.path, p.message) for p in plan.skipped]
            release = publish(
                out_dir,
                descriptor,
                project.schemas(),
                tables,
                check=with_report(check),
                force=force,
                skipped=skipped,
            )
            stats["wall_publish"] = time.perf_counter() - started
        return release
