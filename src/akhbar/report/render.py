"""Write a release's page: gather facts from the release, render the HTML, write `<release>/index.html`."""

from __future__ import annotations

from pathlib import Path

from akhbar.access.sql import database_path
from akhbar.errors import ReportError
from akhbar.package.descriptor import DESCRIPTOR, has_descriptor
from akhbar.report.facts import gather
from akhbar.report.page import render_page

REPORT_FILE = "index.html"


def render_report(release_dir: Path) -> Path:
    """Render the release's self-contained page into ``<release_dir>/index.html`` and return its path."""
    release_dir = Path(release_dir)
    if not has_descriptor(release_dir):
        raise ReportError(f"{release_dir}: no {DESCRIPTOR} (is this a release folder?)")
    if not database_path(release_dir).is_file():
        raise ReportError(f"{database_path(release_dir)}: the release's DuckDB file is missing")
    html = render_page(gather(release_dir), release_dir)
    path = release_dir / REPORT_FILE
    # newline="\n": identical bytes on every platform
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(html)
    return path
