"""The `akhbar` command: parses arguments and calls one library function per command."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from akhbar.build import build as build_release
from akhbar.ingest import IngestError
from akhbar.release import ReleaseError
from akhbar.runner import DEFAULT_BATCH_SIZE, PipelineError, Project
from akhbar.sql import QueryError, latest_release, query

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
    project: Path = typer.Option(Path("."), "--project", "-p", help="Project folder holding datapackage.json, schemas/, pipelines/, reference/."),
    raw: Optional[Path] = typer.Option(None, "--raw", help="Folder of raw articles (*.txt, optional sources.csv). Default: <project>/raw."),
    out_dir: Optional[Path] = typer.Option(None, "--out", help="Output root; the release goes to <out>/<name>/<version>/. Default: <project>/dist."),
    force: bool = typer.Option(False, "--force", help="Replace an existing release of the same version (otherwise refused: releases are immutable)."),
    workers: int = typer.Option(0, "--workers", "-w", min=0, help="Run per-article work on a local Dask cluster of N worker processes (0: in this process)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Send per-article work to an existing Dask cluster, e.g. tcp://host:8786 (workers must see the same paths)."),
    batch_size: int = typer.Option(DEFAULT_BATCH_SIZE, "--batch-size", min=1, help="Articles per batch (bounds memory; one task per batch on Dask)."),
) -> None:
    """Build the release: ingest raw articles, run the pipeline, validate, publish atomically."""
    try:
        release = build_release(
            project, raw_dir=raw, out_dir=out_dir, force=force, console=err,
            workers=workers, scheduler=scheduler, batch_size=batch_size,
        )
    except IngestError as exc:
        _fail([str(p) for p in exc.problems] + [f"{len(exc.problems)} problem(s) in the raw articles; nothing was published"])
    except (PipelineError, ReleaseError) as exc:
        _fail([str(exc), "nothing was published"])
    out.print(f"published {release}", highlight=False)


@app.command()
def sql(
    statement: str = typer.Argument(..., help="A read-only SQL query, e.g. \"select article_id, title from articles\"."),
    release: Optional[Path] = typer.Option(None, "--release", "-r", help="Release folder to query. Default: the latest release under <project>/dist."),
    project: Path = typer.Option(Path("."), "--project", "-p", help="Project folder (to find the latest release)."),
    as_csv: bool = typer.Option(False, "--csv", help="Print CSV instead of a table."),
) -> None:
    """Run a read-only SQL query on a release and print the result."""
    try:
        if release is None:
            proj = Project.load(project)
            release = latest_release(proj.root / "dist", proj.name)
        result = query(release, statement)
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


def main() -> None:
    """Entry point for `python -m akhbar`."""
    app()
