"""The curated gazetteer as the entity tests read it (modules that need another one define their own ``gaz``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from akhbar.extract.gazetteer import Gazetteer, gazetteer_from_frame

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer_from_frame(pd.read_csv(ROOT / "reference" / "gazetteer.csv", dtype=str, keep_default_na=False))
