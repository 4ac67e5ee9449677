"""Importing the project's scripts (benchmarks/, tools/), which are files of no package, in tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def load_script(relpath: str, name: str) -> ModuleType:
    """The module of the script at ``relpath`` under the project root, registered as ``name`` (a dataclass needs
    its module in sys.modules)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / relpath)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
