"""The `akhbar` command: parses arguments and calls one library function per command."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from akhbar.access.sql import QueryError
from akhbar.corpus.ingest import IngestError
from akhbar.package.release import ReleaseError
from akhbar.pipeline.build import build as build_release
from akhbar.pipeline.parallel import ExecutorError
from akhbar.pipeline.runner import DEFAULT_BATCH_SIZE, PipelineError, Project
from akhbar.validate import ReleaseOpenError, ValidationError, report_path, validate_release

app = typer.Typer(
    help="akhbar: turn raw Arabic news articles into a validated data package and query it with SQL.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)
out = Console()


def _fail(lines: list[str], code: int = 1) -> None:
    """Print one line per problem on stderr and exit non-zero."""
    for line in lines:
        err.print(f"[red]error:[/red] {line}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@app.command()
def build(
    project: Path = typer.Option(
        Path("."), "--project", "-p", help="Project folder holding datapackage.json, schemas/, pipelines/, reference/."
    ),
    raw: Path | None = typer.Option(
        None, "--raw", help="Folder of raw articles (*.txt, optional sources.csv). Default: <project>/raw."
    ),
    out_dir: Path | None = typer.Option(
        None, "--out", help="Output root; the release goes to <out>/<name>/<version>/. Default: <project>/dist."
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="Replace an existing release of the same version (otherwise refused: releases are immutable).",
    ),
    workers: int = typer.Option(
        0,
        "--workers",
        "-w",
        min=0,
        help="Run per-article work on a local Dask cluster of N worker processes (0: in this process).",
    ),
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        help="Send per-article work to an existing Dask cluster, e.g. tcp://host:8786 (workers must see the same paths).",
    ),
    batch_size: int = typer.Option(
        DEFAULT_BATCH_SIZE,
        "--batch-size",
        min=1,
        help="Articles per batch (bounds memory; one task per batch on Dask).",
    ),
) -> None:
    """Build the release: ingest raw articles, run the pipeline, validate, publish atomically."""
    try:
        release = build_release(
            project,
            raw_dir=raw,
            out_dir=out_dir,
            force=force,
            console=err,
            workers=workers,
            scheduler=scheduler,
            batch_size=batch_size,
        )
    except IngestError as exc:
        _fail(
            [str(p) for p in exc.problems]
            + [f"{len(exc.problems)} problem(s) in the raw articles; nothing was published"]
        )
    except ValidationError as exc:
        exc.report.print(err)
        _fail(["the release failed validation; nothing was published"])
    except (PipelineError, ReleaseError, ExecutorError) as exc:
        _fail([str(exc), "nothing was published"])
    out.print(f"published {release}", highlight=False)


@app.command()
def validate(
    release_dir: Path | None = typer.Argument(
        None, help="Release folder to validate. Default: the latest release under <project>/dist."
    ),
    project: Path = typer.Option(
        Path("."),
        "--project",
        "-p",
        help="Project folder (to find the latest release, and reference data for the quality gates).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON instead of a table."),
) -> None:
    """Validate a release with Frictionless, pandera and Great Expectations; exit non-zero if anything fails."""
    from akhbar.access.sql import latest_release

    try:
        if release_dir is None:
            proj = Project.load(project)
            release_dir = latest_release(proj.root / "dist", proj.name)
        has_project = (project / "datapackage.json").is_file()
        report = validate_release(release_dir, project_root=project if has_project else None)
    except (ReleaseOpenError, QueryError, PipelineError) as exc:
        _fail([str(exc)])
    if as_json:
        sys.stdout.write(report.to_json())
    else:
        report.print(out)
        out.print(f"report: {report_path(release_dir)}", style="dim", highlight=False)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def report(
    release_dir: Path | None = typer.Argument(
        None, help="Release folder. Default: the latest release under <project>/dist."
    ),
    project: Path = typer.Option(Path("."), "--project", "-p", help="Project folder (to find the latest release)."),
) -> None:
    """Render the release's page, <release>/index.html: contents, validation, changes, charts, samples, example queries."""
    from akhbar.access.sql import latest_release
    from akhbar.report import ReportError, render_report

    try:
        if release_dir is None:
            proj = Project.load(project)
            release_dir = latest_release(proj.root / "dist", proj.name)
        page = render_report(release_dir)
    except (ReportError, QueryError, PipelineError) as exc:
        _fail([str(exc)])
    out.print(f"wrote {page}", highlight=False)


@app.command()
def sql(
    statement: str = typer.Argument(..., help='A read-only SQL query, e.g. "select article_id, title from articles".'),
    release: str | None = typer.Option(
        None,
        "--release",
        "-r",
        help="Release to query: a version (from <project>/dist or the pull cache), a release folder, a zip, or a URL (pulled and verified first). Default: the latest release under <project>/dist.",
    ),
    package: str | None = typer.Option(
        None,
        "--package",
        help="Query any Frictionless data package instead: a datapackage.json path or URL (typed views from its schemas).",
    ),
    project: Path = typer.Option(Path("."), "--project", "-p", help="Project folder (to find the latest release)."),
    cache_dir: Path | None = typer.Option(
        None, "--cache-dir", envvar="AKHBAR_CACHE_DIR", help="Download cache. Default: the user cache dir."
    ),
    as_csv: bool = typer.Option(False, "--csv", help="Print CSV instead of a table."),
) -> None:
    """Run a read-only SQL query on a release (or any data package) and print the result."""
    from akhbar.access.api import run_sql

    if release is not None and package is not None:
        _fail(["give --release or --package, not both"])
    try:
        result = run_sql(statement, release=release, package=package, project=project, cache_dir=cache_dir)
    except (QueryError, PipelineError) as exc:
        _fail([str(exc)])
    if as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(["" if v is None else v for v in row] for row in result.rows)
        return
    table = Table(show_lines=False)
    for col in result.columns:
        table.add_column(col, overflow="fold")
    for row in result.rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    out.print(table)
    out.print(f"{len(result.rows)} row(s)", style="dim")


@app.command("release")
def release_cmd(
    bump: str | None = typer.Option(
        None,
        "--bump",
        "-b",
        help="major, minor or patch: the part of the version to increase. Without it, datapackage.json's version is released as written.",
    ),
    project: Path = typer.Option(Path("."), "--project", "-p", help="Project folder holding datapackage.json."),
    raw: Path | None = typer.Option(None, "--raw", help="Folder of raw articles. Default: <project>/raw."),
    out_dir: Path | None = typer.Option(None, "--out", help="Output root. Default: <project>/dist."),
) -> None:
    """Build, validate, compare with the previous release, and publish the next version with a zip and SHA256SUMS."""
    from akhbar.package.publish import release
    from akhbar.package.versioning import VersionError

    try:
        published = release(project, bump=bump, raw_dir=raw, out_dir=out_dir, console=err)
    except IngestError as exc:
        _fail(
            [str(p) for p in exc.problems]
            + [f"{len(exc.problems)} problem(s) in the raw articles; nothing was published"]
        )
    except ValidationError as exc:
        exc.report.print(err)
        _fail(["the release failed validation; nothing was published"])
    except (VersionError, PipelineError, ReleaseError) as exc:
        _fail([str(exc), "nothing was published"])
    since = f" (from {published.previous}: {published.diff.required} changes)" if published.diff else " (first release)"
    out.print(
        f"published {published.version}{since}: {published.path} and {published.zip}", highlight=False, soft_wrap=True
    )


@app.command()
def diff(
    old: str = typer.Argument(..., help="Older release: a version, folder, zip or URL."),
    new: str = typer.Argument(..., help="Newer release: a version, folder, zip or URL."),
    project: Path = typer.Option(
        Path("."), "--project", "-p", help="Project folder (to find versions under <project>/dist)."
    ),
    cache_dir: Path | None = typer.Option(
        None, "--cache-dir", envvar="AKHBAR_CACHE_DIR", help="Download cache. Default: the user cache dir."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the diff as JSON (the release's diff.json format)."),
) -> None:
    """Show what changed between two releases: rows added, removed and changed per table, and schema changes."""
    from akhbar.access.api import PackageError
    from akhbar.package.diff import diff_releases, render_markdown

    try:
        result = diff_releases(old, new, project=project, cache_dir=cache_dir)
    except (PackageError, ValueError) as exc:
        _fail([str(exc)])
    sys.stdout.write(result.to_json() if as_json else render_markdown(result))


@app.command()
def pull(
    source: str = typer.Argument(
        ...,
        help="http(s) URL of a release zip or of its datapackage.json, or a local zip, release folder or datapackage.json.",
    ),
    version: str | None = typer.Option(
        None,
        "--version",
        "-v",
        help="Version expected (or picked, for a URL of a <name>/ folder or one containing {version}).",
    ),
    cache_dir: Path | None = typer.Option(
        None, "--cache-dir", envvar="AKHBAR_CACHE_DIR", help="Download cache. Default: the user cache dir."
    ),
) -> None:
    """Download a release into the cache and verify every file's size and hash; a cached version is not fetched again."""
    from akhbar.package.pull import PullError
    from akhbar.package.pull import pull as pull_release
    from akhbar.package.versioning import VersionError

    try:
        result = pull_release(source, version=version, cache_dir=cache_dir)
    except (PullError, VersionError) as exc:
        _fail([str(exc), "nothing was kept"])
    state = "pulled and verified" if result.downloaded else "already in the cache"
    out.print(f"{result.name} {result.version} {state}: {result.path}", highlight=False, soft_wrap=True)


def main() -> None:
    """Entry point for `python -m akhbar`."""
    app()
