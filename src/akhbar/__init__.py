"""akhbar: Arabic news articles as a validated, versioned data package queried with DuckDB."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "connect"]

if TYPE_CHECKING:
    from akhbar.access.api import connect


def __getattr__(name: str) -> Any:
    """`akhbar.connect` without importing DuckDB for every `import akhbar.<module>`."""
    if name == "connect":
        from akhbar.access.api import connect

        return connect
    raise AttributeError(f"module 'akhbar' has no attribute {name!r}")
