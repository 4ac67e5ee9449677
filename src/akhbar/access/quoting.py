"""Quoting for SQL text built by akhbar: identifiers and string literals, the one way DuckDB reads them."""

from __future__ import annotations

from collections.abc import Iterable


def ident(name: str) -> str:
    """Quote an SQL identifier."""
    return '"' + str(name).replace('"', '""') + '"'


def literal(text: str) -> str:
    """Quote an SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


def list_literal(values: Iterable[str]) -> str:
    """An SQL list of string literals."""
    return "[" + ", ".join(literal(v) for v in values) + "]"
