"""The `akhbar` command: each command parses its arguments and calls one library function.

Options shared by several commands are declared once below and spelled the same everywhere. Every error akhbar
raises on purpose (`akhbar.errors.AkhbarError`) is caught in one place, `command`, and printed as one line
(one per problem for bad raw articles) with exit code 1.
"""

from __future__ import annotations

import csv
import functools
import json
import shlex
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from akhbar.corpus.ingest import MAX_ARTICLE_BYTES
from akhbar.errors import AkhbarError, InputError
from akhbar.pipeline.runner import DEFAULT_BATCH_SIZE

app = typer.Typer(
    help="akhbar: turn raw Arabic news articles into a validated data package and query it with SQL.",
    no_args_is_help=True,
    add_completion=False,
)
cache_app = typer.Typer(
    help="The extraction cache that `akhbar build` keeps: what it holds, and pruning what recent builds did not use.",
    no_args_is_help=True,
)
app.add_typer(cache_app, name="cache")
err = Console(stderr=True)
out = Console()
F = TypeVar("F", bound=Callable[..., Any])

# --- options shared by several commands ------------------------------------------------------------------
ProjectOpt = Annotated[
    Path,
    typer.Option(
        "--project", "-p", help="Project folder holding datapackage.json, schemas/, pipelines/, reference/ and dist/."
    ),
]
CacheDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        envvar="AKHBAR_CACHE_DIR",
        help="Cache folder: pulled releases, and build's extraction results (in <cache-dir>/extract). Default: the user cache dir.",
    ),
]
RawOpt = Annotated[
    Path | None,
    typer.Option(
        "--raw",
        help="Raw articles: a folder of *.txt (optional sources.csv) and/or feeds, or one feed file "
        "(.json, .jsonl, .csv, .xml; .gz or .zip of them). Default: <project>/raw.",
    ),
]
FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format", help="Read every feed as json, jsonl, csv or trec (TREC-style XML), whatever its extension."
    ),
]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        help="Feed field names for article fields, e.g. body=content,outlet=source,published=date_extracted "
        "(fields: id, title, body, url, outlet, published, author; over datapackage.json akhbar.feeds.fields).",
    ),
]
SkipBadOpt = Annotated[
    bool,
    typer.Option(
        "--skip-bad",
        help="Publish without bad feed records (each printed and listed in the release's skipped.csv) "
        "instead of stopping.",
    ),
]
OutOpt = Annotated[
    Path | None,
    typer.Option("--out", help="Output root; the release goes to <out>/<name>/<version>/. Default: <project>/dist."),
]
ReleaseDirArg = Annotated[
    Path | None, typer.Argument(help="Release folder. Default: the latest release under <project>/dist.")
]
MaxArticleBytesOpt = Annotated[
    int,
    typer.Option(
        "--max-article-bytes",
        min=1,
        help="Refuse a raw article file larger than this many bytes (default 1 MiB), at ingest, before any work.",
    ),
]


def _check_origins(values: list[str] | None) -> list[str] | None:
    """Refuse an --allow-origin that names no http(s) server: it would match nothing and allow nothing, silently."""
    import urllib.parse

    from akhbar.package.fetching import ANY_ORIGIN, is_url, origin

    for value in values or ():
        try:
            ok = value == ANY_ORIGIN or (
                is_url(value) and bool(urllib.parse.urlsplit(value).hostname) and origin(value)
            )
        except AkhbarError:  # a port that is no number or out of range
            ok = False
        if not ok:
            raise typer.BadParameter(f"{value!r} is not scheme://host[:port] with scheme http or https, or '*'")
    return values


AllowOriginOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--allow-origin",
        callback=_check_origins,
        help="Also download from this origin (scheme://host[:port]; '*' for any): the resources of a --package URL on another server, and redirects there. By default only the source's own origin, and never from https to http.",
    ),
]
DeadlineOpt = Annotated[
    float | None,
    typer.Option(
        "--deadline",
        min=0.001,
        help="Seconds a whole download may take: a pull, or a --release/--package URL read by sql (default $AKHBAR_PULL_DEADLINE, else 7200); each file also has its own ($AKHBAR_DOWNLOAD_DEADLINE, else 1800).",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print the result as CSV.")]


def _feed_options(fmt: str | None, fields: str | None, skip_bad: bool) -> Any:
    """The feed settings given on the command line."""
    from akhbar.corpus.feeds import FeedOptions, parse_fields

    return FeedOptions(format=fmt, fields=parse_fields(fields) if fields else {}, skip_bad=skip_bad)


def _fail(lines: Sequence[str], code: int = 1) -> None:
    """Print one line per problem on stderr and exit non-zero."""
    for line in lines:
        err.print(f"[red]error:[/red] {line}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def command(name: str | None = None, note: str | None = None, group: typer.Typer = app) -> Callable[[F], F]:
    """Register a command (of ``group``) whose AkhbarErrors are printed as one line each (then ``note``) with exit
    code 1."""

    def register(fn: F) -> F:
        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except AkhbarError as exc:
                report = getattr(exc, "report", None)
                if report is not None:  # a failed validation: its table says what failed, where
                    report.print(err)
                _fail(exc.lines() + ([note] if note else []))

        group.command(name)(run)
        return fn

    return register


def next_steps(release: Path) -> list[str]:
    """What to run on a release just published: a query with akhbar, and its database opened with duckdb."""
    from akhbar.access.sql import database_path
    from akhbar.package.descriptor import read_descriptor

    table = next((r.name for r in read_descriptor(release, strict=False).resources), "articles")
    where = shlex.quote(str(release))
    return [
        "next:",
        f'  akhbar sql --release {where} "select count(*) from {table}"',
        f"  duckdb -readonly {shlex.quote(str(database_path(release)))}",
    ]


def _output_format(as_json: bool, as_csv: bool) -> str:
    """'json', 'csv' or 'table' from the two output flags."""
    if as_json and as_csv:
        raise InputError("give --json or --csv, not both")
    return "json" if as_json else "csv" if as_csv else "table"


def _print_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> None:
    """Print rows as CSV, JSON (a list of objects) or a table with a row count."""
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
        return
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    table = Table(show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    out.print(table)
    out.print(f"{len(rows)} row(s)", style="dim")


@command(note="nothing was published")
def build(
    project: ProjectOpt = Path("."),
    raw: RawOpt = None,
    out_dir: OutOpt = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace an existing release of the same version (otherwise refused: releases are immutable).",
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-w",
            min=0,
            help="Run per-article work on a local Dask cluster of N worker processes (0: in this process).",
        ),
    ] = 0,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Send per-article work to an existing Dask cluster, e.g. tcp://host:8786 (workers must see the same paths).",
        ),
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Articles per batch (bounds memory; one task per batch on Dask).")
    ] = DEFAULT_BATCH_SIZE,
    cache_dir: CacheDirOpt = None,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Extract every article afresh: neither read nor write the extraction cache."),
    ] = False,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
    skip_bad: SkipBadOpt = False,
    max_article_bytes: MaxArticleBytesOpt = MAX_ARTICLE_BYTES,
) -> None:
    """Build the release: ingest raw articles, run the pipeline, validate, publish atomically."""
    from akhbar.package.pull import cache_root
    from akhbar.pipeline.build import build as build_release
    from akhbar.pipeline.cache import extract_cache_dir

    release = build_release(
        project,
        raw_dir=raw,
        out_dir=out_dir,
        force=force,
        console=err,
        workers=workers,
        scheduler=scheduler,
        batch_size=batch_size,
        cache_dir=None if no_cache else extract_cache_dir(cache_root(cache_dir)),
        feeds=_feed_options(fmt, fields, skip_bad),
        max_article_bytes=max_article_bytes,
    )
    out.print(f"published {release}", highlight=False, soft_wrap=True)
    for line in next_steps(release):
        out.print(line, highlight=False, markup=False, soft_wrap=True)
    _print_warnings(release)


def _print_warnings(release: Path) -> None:
    """The gates a published release failed as warnings (recorded in its validation report), one line each."""
    from akhbar.validate import Report, report_path

    path = report_path(release)
    if not path.is_file():
        return
    report = Report.from_dict(json.loads(path.read_text(encoding="utf-8")))
    if report.warnings:
        err.print(
            f"published with {len(report.warnings)} warning(s), recorded in {path}:", highlight=False, soft_wrap=True
        )
        for line in Report(report.release, report.warnings).plain_lines():
            err.out(line, highlight=False)


@command()
def validate(
    release_dir: ReleaseDirArg = None,
    project: ProjectOpt = Path("."),
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
    report_dir: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Write report.json and the Great Expectations Data Docs into this new (or empty) folder. "
            "Without it nothing is written: validating never changes the release.",
        ),
    ] = None,
) -> None:
    """Validate a release with Frictionless, pandera and Great Expectations; exit non-zero if a rule fails with
    severity error (a gate declared as a warning is reported, exit 0)."""
    from akhbar.access.sql import project_release
    from akhbar.package.descriptor import has_descriptor
    from akhbar.validate import REPORT_FILE, validate_release

    fmt = _output_format(as_json, as_csv)
    release_dir = project_release(release_dir, project)
    report = validate_release(
        release_dir, project_root=project if has_descriptor(project) else None, out_dir=report_dir
    )
    if fmt == "json":
        sys.stdout.write(report.to_json())
    elif fmt == "csv":
        cols = ["severity", "engine", "table", "rule", "column", "count", "keys", "threshold", "observed", "message"]
        rows = [
            (
                f.severity,
                f.engine,
                f.table,
                f.rule,
                f.column,
                f.count,
                " ".join(f.keys),
                f.threshold,
                f.observed,
                f.message,
            )
            for f in report.failures
        ]
        _print_rows(cols, rows, fmt)
    else:
        report.print(out)
        if report_dir is not None:
            out.print(f"report: {report_dir / REPORT_FILE}", style="dim", highlight=False, soft_wrap=True)
    if not report.ok:
        raise typer.Exit(1)


@command()
def report(
    release_dir: ReleaseDirArg = None,
    project: ProjectOpt = Path("."),
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Write the page to this file, outside the release (a published release never changes). Default: stdout.",
        ),
    ] = None,
) -> None:
    """Render a release's page again (as the build wrote <release>/index.html): to stdout or --out FILE, never into the release."""
    from akhbar.access.sql import project_release
    from akhbar.report import page_html, write_page

    release = project_release(release_dir, project)
    if out_file is None:
        sys.stdout.write(page_html(release))
        return
    out.print(f"wrote {write_page(release, out_file)}", highlight=False)


@command()
def sql(
    statement: Annotated[
        str, typer.Argument(help='A read-only SQL query, e.g. "select article_id, title from articles".')
    ],
    release: Annotated[
        str | None,
        typer.Option(
            "--release",
            "-r",
            help="Release to query: a version (from <project>/dist or the pull cache), a release folder, a zip, or a URL (pulled and verified first). Default: the latest release under <project>/dist.",
        ),
    ] = None,
    package: Annotated[
        str | None,
        typer.Option(
            "--package",
            help="Query any Frictionless data package instead: a datapackage.json path or URL (typed views from its schemas).",
        ),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option("--timeout", min=0.001, help="Stop the query after this many seconds (Ctrl-C stops it too)."),
    ] = None,
    allow_origin: AllowOriginOpt = None,
    max_bytes: Annotated[
        int | None,
        typer.Option(
            "--max-bytes",
            min=1,
            help="With --package URL: most bytes to download in all (default 2 GiB); a file never exceeds its declared `bytes`.",
        ),
    ] = None,
    deadline: DeadlineOpt = None,
    project: ProjectOpt = Path("."),
    cache_dir: CacheDirOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Run one read-only SQL statement on a release (or any data package) and print the result."""
    from akhbar.access.api import run_sql

    fmt = _output_format(as_json, as_csv)
    if release is not None and package is not None:
        raise InputError("give --release or --package, not both")
    result = run_sql(
        statement,
        release=release,
        package=package,
        project=project,
        cache_dir=cache_dir,
        timeout=timeout,
        allow_origins=tuple(allow_origin or ()),
        max_bytes=max_bytes,
        deadline_s=deadline,
    )
    _print_rows(result.columns, result.rows, fmt)


@command("release", note="nothing was published")
def release_cmd(
    bump: Annotated[
        str | None,
        typer.Option(
            "--bump",
            "-b",
            help="major, minor or patch: the part of the version to increase. Without it, datapackage.json's version is released as written.",
        ),
    ] = None,
    project: ProjectOpt = Path("."),
    raw: RawOpt = None,
    out_dir: OutOpt = None,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
    skip_bad: SkipBadOpt = False,
    max_article_bytes: MaxArticleBytesOpt = MAX_ARTICLE_BYTES,
) -> None:
    """Build, validate, compare with the previous release, and publish the next version with a zip and SHA256SUMS.

    The version published is then written into the project's datapackage.json (after the release is in place).
    """
    from akhbar.package.publish import release

    published = release(
        project,
        bump=bump,
        raw_dir=raw,
        out_dir=out_dir,
        console=err,
        max_article_bytes=max_article_bytes,
        feeds=_feed_options(fmt, fields, skip_bad),
    )
    since = (
        f" (from {published.previous}: changes that need a {published.diff.required} bump)"
        if published.diff
        else " (first release)"
    )
    out.print(
        f"published {published.version}{since}: {published.path} and {published.zip}", highlight=False, soft_wrap=True
    )
    for line in next_steps(published.path):
        out.print(line, highlight=False, markup=False, soft_wrap=True)


@command()
def diff(
    old: Annotated[str, typer.Argument(help="Older release: a version, folder, zip or URL.")],
    new: Annotated[str, typer.Argument(help="Newer release: a version, folder, zip or URL.")],
    project: ProjectOpt = Path("."),
    cache_dir: CacheDirOpt = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the diff as JSON (the release's diff.json format).")
    ] = False,
    as_csv: Annotated[
        bool, typer.Option("--csv", help="Print one CSV row per table: status, rows, added, removed, changed.")
    ] = False,
) -> None:
    """Show what changed between two releases: rows added, removed and changed per table, and schema changes."""
    from akhbar.package.diff import diff_releases, render_markdown

    fmt = _output_format(as_json, as_csv)
    result = diff_releases(old, new, project=project, cache_dir=cache_dir)
    if fmt == "csv":
        cols = ["table", "status", "rows_old", "rows_new", "added", "removed", "changed"]
        rows = [(t.name, t.status, t.rows_old, t.rows_new, t.added, t.removed, t.changed) for t in result.tables]
        _print_rows(cols, rows, fmt)
        return
    sys.stdout.write(result.to_json() if fmt == "json" else render_markdown(result))


@command(note="nothing was kept")
def pull(
    source: Annotated[
        str,
        typer.Argument(
            help="http(s) URL of a release zip or of its datapackage.json, or a local zip, release folder or datapackage.json."
        ),
    ],
    version: Annotated[
        str | None,
        typer.Option(
            "--version",
            "-v",
            help="Version expected (or picked, for a URL of a <name>/ folder or one containing {version}).",
        ),
    ] = None,
    allow_origin: AllowOriginOpt = None,
    deadline: DeadlineOpt = None,
    cache_dir: CacheDirOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Download a release into the cache and verify every file's size and hash; a cached version is not fetched again."""
    from akhbar.package.pull import pull as pull_release

    result = pull_release(
        source, version=version, cache_dir=cache_dir, allow_origins=tuple(allow_origin or ()), deadline_s=deadline
    )
    if as_json:
        record = {"name": result.name, "version": result.version, "path": str(result.path)}
        sys.stdout.write(json.dumps(record | {"downloaded": result.downloaded}, ensure_ascii=False) + "\n")
        return
    state = "pulled and verified" if result.downloaded else "already in the cache"
    out.print(f"{result.name} {result.version} {state}: {result.path}", highlight=False, soft_wrap=True)


def _size(n: float) -> str:
    """A byte count for people: 1.2 MB."""
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1000
    return f"{n:,.1f} GB"


def _when(t: float | None) -> str:
    """A time as UTC text, or 'never'."""
    return "never" if t is None else time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(t))


@command("info", group=cache_app)
def cache_info(cache_dir: CacheDirOpt = None, as_json: JsonOpt = False) -> None:
    """Show the extraction cache's size, its entries per table and what the latest build used."""
    from akhbar.package.pull import cache_root
    from akhbar.pipeline.cache import extract_cache_dir
    from akhbar.pipeline.cache_prune import cache_info as read_info

    info = read_info(extract_cache_dir(cache_root(cache_dir)))
    if as_json:
        record = {
            "path": str(info.path),
            "bytes": info.file_bytes,
            "tables": {t.name: {"entries": t.entries, "value_bytes": t.value_bytes} for t in info.tables},
            "builds": info.builds,
            "last_build": info.last_build,
            "used_by_last_build": info.used_by_last_build,
            "running": info.running,
        }
        sys.stdout.write(json.dumps(record) + "\n")
        return
    total = sum(t.entries for t in info.tables)
    lines = [
        f"extraction cache {info.path}: {_size(info.file_bytes)}",
        ", ".join(f"{t.name} {t.entries:,} ({_size(t.value_bytes)})" for t in info.tables),
        f"builds recorded: {info.builds}, the latest started {_when(info.last_build)}, "
        f"using {info.used_by_last_build:,} of {total:,} entries; running now: {info.running}",
    ]
    for line in lines:
        out.print(line, highlight=False, markup=False, soft_wrap=True)


@command("prune", note="nothing was removed", group=cache_app)
def cache_prune(
    keep_builds: Annotated[
        int | None,
        typer.Option(
            "--keep-builds",
            min=1,
            help="Keep what the latest N builds used (default 1 unless --older-than is given alone).",
        ),
    ] = None,
    older_than: Annotated[
        float | None,
        typer.Option("--older-than", min=0, help="Remove entries not used for this many days."),
    ] = None,
    cache_dir: CacheDirOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Remove the extraction cache's entries that recent builds did not use; refused while a build runs."""
    from akhbar.package.pull import cache_root
    from akhbar.pipeline.cache import extract_cache_dir
    from akhbar.pipeline.cache_prune import prune

    keep = 1 if keep_builds is None and older_than is None else keep_builds
    result = prune(extract_cache_dir(cache_root(cache_dir)), keep, None if older_than is None else older_than * 86400)
    if as_json:
        record = {"path": str(result.path), "cutoff": result.cutoff, "removed": result.removed}
        sys.stdout.write(
            json.dumps(record | {"bytes_before": result.bytes_before, "bytes_after": result.bytes_after}) + "\n"
        )
        return
    if result.cutoff is None:
        out.print(
            f"{result.path}: nothing to prune (fewer builds recorded than --keep-builds, or no cache)",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
        return
    removed = ", ".join(f"{n:,} {t}" for t, n in result.removed.items())
    out.print(
        f"{result.path}: removed {removed} last used before {_when(result.cutoff)}; "
        f"{_size(result.bytes_before)} -> {_size(result.bytes_after)}",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )


def main() -> None:
    """Entry point for `python -m akhbar`."""
    app()
