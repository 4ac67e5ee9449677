"""Building a release: progress in a log, leftovers of killed builds cleaned, an unwritable --out in one line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from release_helpers import mini_project
from rich.console import Console

from akhbar.errors import ReleaseError
from akhbar.pipeline.build import build


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-table copy of the project."""
    return mini_project(tmp_path_factory.mktemp("build") / "project")


def dead_pid() -> int:
    """The id of a process that has ended."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_progress_is_printed_as_lines_when_not_a_terminal(project: Path, tmp_path: Path):
    log = io.StringIO()
    build(project, out_dir=tmp_path / "dist", validate=False, console=Console(file=log, force_terminal=False))
    lines = log.getvalue().splitlines()
    assert lines[0].startswith("build akhbar-news 0.1.0: 5 articles from ")
    assert lines[1:] == ["extract: 5/5 articles", "write, validate and publish the release"]


def test_leftovers_of_dead_builds_are_removed_at_the_next_build(project: Path, tmp_path: Path):
    parent = tmp_path / "dist" / "akhbar-news"
    stale = parent / f".tmp-0.1.0-{dead_pid()}"
    (stale / "data").mkdir(parents=True)
    (stale / "data" / "articles.csv").write_text("half written\n", encoding="utf-8")
    live = parent / f".tmp-0.0.9-{os.getppid()}"  # a build that is still running keeps its folder
    live.mkdir()
    release = build(project, out_dir=tmp_path / "dist", validate=False, console=Console(file=io.StringIO()))
    assert not stale.exists() and live.is_dir()
    assert sorted(p.name for p in parent.iterdir()) == [live.name, release.name]


def test_an_out_folder_that_cannot_be_written_is_one_line(project: Path, tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(ReleaseError, match=r"^cannot write under .*: .*writable --out\)$"):
        build(project, out_dir=blocker / "dist", validate=False, console=Console(file=io.StringIO()))
    if os.geteuid() != 0:  # root writes into read-only folders anyway
        (tmp_path / "ro").mkdir(mode=0o555)
        with pytest.raises(ReleaseError, match="Permission denied"):
            build(project, out_dir=tmp_path / "ro", validate=False, console=Console(file=io.StringIO()))
