"""The translators from Table Schema constraints to pandera checks and GX expectations, and the cell parser."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pandera.pandas as pdr
import pyarrow as pa
import pytest

from akhbar.package.schema import TableSchema
from akhbar.validate.cells import has_quoted_newlines, parse_column
from akhbar.validate.pandera_engine import field_checks, pandera_dtype

FULL = {
    "name": "x",
    "type": "string",
    "constraints": {
        "required": True,
        "unique": True,
        "enum": ["a", "bb", "ccc"],
        "pattern": "[a-c]+",
        "minLength": 1,
        "maxLength": 2,
    },
}


def test_every_constraint_becomes_a_named_check():
    names = [c.name for c in field_checks(FULL)]
    assert names == ["unique", "enum", "pattern", "minLength", "maxLength"]
    number = {"name": "v", "type": "number", "constraints": {"minimum": 0, "maximum": 10}}
    assert [c.name for c in field_checks(number)] == ["minimum", "maximum"]
    # a one-column primary key is checked once, as primary-key
    assert "unique" not in [c.name for c in field_checks(FULL, primary_key=["x"])]


def _failing(fdesc: dict, values: list, arrow_type: pa.DataType) -> dict[str, list[int]]:
    """{check name: failing row indexes} of a column validated with the translated checks."""
    frame = pd.DataFrame({fdesc["name"]: pd.Series(pa.array(values, arrow_type), dtype=pd.ArrowDtype(arrow_type))})
    schema = pdr.DataFrameSchema(
        {fdesc["name"]: pdr.Column(pandera_dtype(fdesc), nullable=True, checks=field_checks(fdesc))}
    )
    try:
        schema.validate(frame, lazy=True)
    except pdr.errors.SchemaErrors as exc:
        fc = exc.failure_cases
        return {str(k): sorted(int(i) for i in g["index"]) for k, g in fc.groupby("check")}
    return {}


def test_string_checks_find_their_rows_and_let_nulls_pass():
    got = _failing(FULL, ["a", "bb", "a", "ccc", "d", None, None], pa.string())
    assert got == {"unique": [2], "enum": [4], "pattern": [4], "maxLength": [3]}


def test_minimum_maximum_on_numbers_and_dates():
    assert _failing(
        {"name": "v", "type": "number", "constraints": {"minimum": 0, "maximum": 5}},
        [0.0, -1.0, 6.0, None],
        pa.float64(),
    ) == {"minimum": [1], "maximum": [2]}
    date = {"name": "d", "type": "date", "constraints": {"minimum": "2000-01-01"}}
    assert _failing(date, [dt.date(1999, 12, 31), dt.date(2024, 1, 1)], pa.date32()) == {"minimum": [0]}
    assert pandera_dtype(date) == pd.ArrowDtype(pa.date32())  # dates stay dates, not strings


def test_pattern_has_python_semantics():
    # RE2 (pyarrow) reads \\d as ASCII only; Frictionless (Python re) accepts Arabic-Indic digits too
    got = _failing(
        {"name": "w", "type": "string", "constraints": {"pattern": r"Q\d+"}}, ["Q42", "Q٤٢", "X1", None], pa.string()
    )
    assert got == {"pattern": [2]}


@pytest.mark.parametrize(
    ("ftype", "cells", "invalid", "values"),
    [
        ("integer", ["1", "-2", "+3", " 4", "x", "1.5", None], [4, 5], [1, -2, 3, 4, None, None, None]),
        ("number", ["1.5", "1e3", "nan", "-inf", "1,5", None], [4], [1.5, 1000.0, None, float("-inf"), None, None]),
        ("boolean", ["true", "False", "1", "yes", None], [3], [True, False, True, None, None]),
        (
            "date",
            ["2024-05-01", "2024-02-30", "2024-1-5", "01/05/2024"],
            [1, 3],
            [dt.date(2024, 5, 1), None, dt.date(2024, 1, 5), None],
        ),
        ("array", ['["a", "b"]', "[]", "[1]", "a"], [2, 3], [["a", "b"], [], None, None]),
    ],
)
def test_parse_column_agrees_with_frictionless(ftype, cells, invalid, values):
    typed, bad = parse_column(pa.array(cells, pa.string()), {"name": "c", "type": ftype})
    assert [i for i, b in enumerate(bad) if b] == invalid
    got = typed.to_pylist()
    if ftype == "number":  # nan != nan
        got = [None if isinstance(v, float) and v != v else v for v in got]
    assert got == values


def test_string_format_uses_frictionless_reader():
    typed, bad = parse_column(
        pa.array(["https://example.org/a", "not a uri", None]), {"name": "u", "type": "string", "format": "uri"}
    )
    assert bad.tolist() == [False, True, False]


URIS = [
    "https://example.org/a",
    "http://www.spa.gov.sa/الأخبار?id=1#x",
    "http://user:pass@host:99/p",
    "http://[::1/broken",
    "http://999.999.1.1/",
    "mailto:a@b.c",
    "urn:isbn:0451450523",
    "a+b.c-d:rest",
    "http:",
    "x:",
    "1http://example.org",
    "://example.org",
    "/relative/path",
    "not a uri",
    "ht tp://example.org",
    "%41http://x",
    "",
]


def test_uri_fast_path_agrees_with_frictionless():
    from frictionless import Field

    fdesc = {"name": "u", "type": "string", "format": "uri"}
    reader = Field.from_descriptor(fdesc).create_value_reader()
    typed, bad = parse_column(pa.array(URIS, pa.string()), fdesc)
    assert bad.tolist() == [reader(cell) is None for cell in URIS]
    assert bad.tolist().count(False) == 10  # the first ten have a scheme
    assert typed.to_pylist() == URIS


def test_quoted_newlines_across_chunk_boundaries():
    assert has_quoted_newlines(b'a,"b\n', chunk=3)
    assert not has_quoted_newlines(b'a,"b"\nc,d\n', chunk=3)
    assert has_quoted_newlines(b'a,b\n1,"x ""q"" y"\n2,"z\nw"\n')
    assert not has_quoted_newlines(b'a,b\n1,"x ""q"" y"\n2,"zw"\n')


def test_gx_expectations_derived_from_schema(gx_loaded):
    from akhbar.validate.gx_engine import schema_expectations

    schema = TableSchema(
        "t",
        {
            "fields": [
                FULL,
                {"name": "v", "type": "integer", "constraints": {"minimum": 0}},
                {"name": "k", "type": "string", "constraints": {"required": True}},
            ],
            "primaryKey": ["x", "k"],
        },
    )
    types = sorted(
        (e.expectation_type, getattr(e, "column", None) or ",".join(getattr(e, "column_list", [])))
        for e in schema_expectations(schema)
    )
    assert types == sorted(
        [
            ("expect_column_values_to_not_be_null", "x"),
            ("expect_column_values_to_be_unique", "x"),
            ("expect_column_values_to_be_in_set", "x"),
            ("expect_column_values_to_match_regex", "x"),
            ("expect_column_value_lengths_to_be_between", "x"),
            ("expect_column_values_to_be_between", "v"),
            ("expect_column_values_to_not_be_null", "k"),
            ("expect_compound_columns_to_be_unique", "x,k"),
        ]
    )


@pytest.mark.parametrize(
    "table, column, letter",
    [("mentions", "mention_id", "m"), ("quotes", "quote_id", "q"), ("figures", "figure_id", "f")],
)
def test_row_ids_of_the_project_schemas_allow_more_than_four_digits(table: str, column: str, letter: str):
    # an article with 10,000 mentions or quotes numbers them -m10000 ...; ids of smaller articles keep four digits
    schema = json.loads((Path(__file__).parents[3] / "schemas" / f"{table}.schema.json").read_text(encoding="utf-8"))
    field = next(f for f in schema["fields"] if f["name"] == column)
    ids = [f"a_1-{letter}0001", f"a_1-{letter}9999", f"a_1-{letter}10000", f"a_1-{letter}123456", f"a_1-{letter}12"]
    assert _failing(field, ids, pa.string()) == {"pattern": [4]}
