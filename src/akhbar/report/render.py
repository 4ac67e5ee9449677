"""Render a release's page: gather facts from the release, render the HTML, write it where it may be written.

A build writes the page into the release it is staging (`render_report`), before the release is hashed and
published. A published release never changes (its SHA256SUMS and zip would no longer match), so the page of a
published release is rendered to another file (`write_page`) or to stdout (`akhbar report`), never into it.
"""

from __future__ import annotations

from pathlib import Path

from akhbar.access.sql import database_path
from akhbar.errors import ReportError
from akhbar.package.descriptor import DESCRIPTOR, has_descriptor
from akhbar.package.release import write_atomically
from akhbar.report.facts import gather
from akhbar.report.page import render_page

REPORT_FILE = "index.html"


def page_html(release_dir: Path) -> str:
    """The release's self-contained page, as the build writes it to ``<release_dir>/index.html``."""
    release_dir = Path(release_dir)
    if not has_descriptor(release_dir):
        raise ReportError(f"{release_dir}: no {DESCRIPTOR} (is this a release folder?)")
    if not database_path(release_dir).is_file():
        raise ReportError(f"{database_path(release_dir)}: the release's DuckDB file is missing")
    return render_page(gather(release_dir), release_dir)


def render_report(release_dir: Path) -> Path:
    """Render the page of a release being built into ``<release_dir>/index.html`` and return its path."""
    path = Path(release_dir) / REPORT_FILE
    write_atomically(path, page_html(release_dir))
    return path


def write_page(release_dir: Path, out: Path) -> Path:
    """Render a release's page into the file ``out``, outside the release (which must not change); return ``out``."""
    release_dir, out = Path(release_dir), Path(out)
    if out.resolve().is_relative_to(release_dir.resolve()):
        raise ReportError(
            f"{out}: inside the release {release_dir}; a published release never changes (its SHA256SUMS would "
            "no longer match): write the page elsewhere"
        )
    if out.is_dir():
        raise ReportError(f"{out}: a folder; give the file to write the page to, e.g. {out / REPORT_FILE}")
    if not out.parent.is_dir():
        raise ReportError(f"{out.parent}: no such folder")
    write_atomically(out, page_html(release_dir))
    return out
