"""Shared fixtures: the project folder and one release built from the committed raw articles per session."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]


def pytest_addoption(parser: pytest.Parser) -> None:
    """--update-snapshots: rewrite tests/snapshots/ from this build (only after reviewing the change)."""
    parser.addoption(
        "--update-snapshots", action="store_true", help="rewrite tests/snapshots/ from the release built from raw/"
    )


@pytest.fixture(scope="session", autouse=True)
def isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """$AKHBAR_CACHE_DIR in a temporary folder: `akhbar build` run by tests never fills the user's cache."""
    before = os.environ.get("AKHBAR_CACHE_DIR")
    os.environ["AKHBAR_CACHE_DIR"] = str(tmp_path_factory.mktemp("akhbar-cache"))
    yield Path(os.environ["AKHBAR_CACHE_DIR"])
    if before is None:
        del os.environ["AKHBAR_CACHE_DIR"]
    else:
        os.environ["AKHBAR_CACHE_DIR"] = before


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The repository's project folder (datapackage.json, schemas/, pipelines/, raw/)."""
    return ROOT


@pytest.fixture(scope="session")
def built_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release built once from raw/ into a temporary dist folder."""
    from akhbar.pipeline.build import build

    out = tmp_path_factory.mktemp("dist")
    return build(ROOT, out_dir=out)


@pytest.fixture(scope="session")
def release_tables(built_release: Path) -> dict[str, pd.DataFrame]:
    """Every table of the built release, read from its Parquet files."""
    desc = json.loads((built_release / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: pd.read_parquet(built_release / r["parquet"]["path"]) for r in desc["resources"]}
