"""SQL quoting: identifiers and literals that DuckDB reads back exactly, whatever they contain."""

from __future__ import annotations

import duckdb
import pytest

from akhbar.access.quoting import ident, list_literal, literal

AWKWARD = ["plain", 'with "double" quotes', "it's", "عربي", "semi;colon -- comment", ""]


@pytest.mark.parametrize("text", AWKWARD)
def test_literal_round_trips(text: str):
    assert duckdb.connect().execute(f"select {literal(text)}").fetchone() == (text,)


@pytest.mark.parametrize("name", [n for n in AWKWARD if n])
def test_identifier_round_trips(name: str):
    con = duckdb.connect()
    con.execute(f"create table {ident(name)} ({ident(name)} integer)")
    assert con.execute(f"select * from {ident(name)}").description[0][0] == name
    assert con.execute("select table_name from information_schema.tables").fetchone() == (name,)


def test_list_literal():
    assert duckdb.connect().execute(f"select {list_literal(AWKWARD)}").fetchone() == (AWKWARD,)
