"""The seed release's tables, byte for byte, against the reviewed snapshots in tests/snapshots/seeds/.

A change that alters what users see (a row, a value, an offset, a column's formatting) fails here. After a change
that is meant to alter the tables, and only after reviewing the difference, regenerate the snapshots with

    python -m pytest tests/test_snapshots.py --update-snapshots

and commit them with the change, saying why the tables moved.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots" / "seeds"
TABLES = ("articles", "entities", "mentions", "figures", "quotes", "removals")


def release_csv(release: Path, table: str) -> Path:
    """Path of one table's CSV in a release, as its datapackage.json gives it."""
    desc = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in desc["resources"] if r["name"] == table]
    return release / resource["path"]


def first_difference(expected: bytes, actual: bytes) -> str:
    """The first lines that differ, as a short unified diff."""
    diff = difflib.unified_diff(
        expected.decode("utf-8").splitlines(),
        actual.decode("utf-8").splitlines(),
        "snapshot",
        "build",
        n=0,
        lineterm="",
    )
    return "\n".join(line[:200] for line in list(diff)[:12])


def test_the_release_publishes_exactly_the_snapshot_tables(built_release: Path):
    desc = json.loads((built_release / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in desc["resources"]] == list(TABLES)


@pytest.mark.parametrize("table", TABLES)
def test_table_matches_its_snapshot(built_release: Path, table: str, request: pytest.FixtureRequest):
    actual = release_csv(built_release, table).read_bytes()
    snapshot = SNAPSHOTS / f"{table}.csv"
    if request.config.getoption("--update-snapshots"):
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_bytes(actual)
    assert snapshot.is_file(), f"no snapshot {snapshot}: run pytest {__file__} --update-snapshots"
    expected = snapshot.read_bytes()
    assert actual == expected, f"{table}.csv differs from its snapshot:\n{first_difference(expected, actual)}"
