"""Frictionless Table Schemas as the single source of truth: load them and map their types to Arrow and DuckDB."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from akhbar.errors import SchemaError

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "array": pa.list_(pa.string()),
}
# Frictionless type -> DuckDB type: columns of a release's tables, and casts of any package's CSV text.
DUCKDB_TYPES: dict[str, str] = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "array": "VARCHAR[]",
    "time": "TIME",
    "datetime": "TIMESTAMPTZ",  # ISO 8601 with an offset or Z is an instant; naive values read as UTC (see connect)
    "year": "INTEGER",
    "object": "JSON",
    "geojson": "JSON",
}


@dataclass(frozen=True)
class TableSchema:
    """A Table Schema descriptor with the lookups the toolkit needs."""

    name: str
    descriptor: dict[str, Any]

    @property
    def fields(self) -> list[dict[str, Any]]:
        """The schema's field descriptors, in order."""
        return self.descriptor["fields"]

    @property
    def field_names(self) -> list[str]:
        """Column names, in declared order."""
        return [f["name"] for f in self.fields]

    @property
    def primary_key(self) -> list[str]:
        """Primary key columns (always a list)."""
        pk = self.descriptor.get("primaryKey", [])
        return [pk] if isinstance(pk, str) else list(pk)

    @property
    def foreign_keys(self) -> list[dict[str, Any]]:
        """Foreign keys with `fields` normalised to lists."""
        out = []
        for fk in self.descriptor.get("foreignKeys", []):
            fields = fk["fields"]
            ref = fk["reference"]
            ref_fields = ref["fields"]
            out.append(
                {
                    "fields": [fields] if isinstance(fields, str) else list(fields),
                    "reference": {
                        "resource": ref.get("resource", ""),
                        "fields": [ref_fields] if isinstance(ref_fields, str) else list(ref_fields),
                    },
                }
            )
        return out

    def field(self, name: str) -> dict[str, Any]:
        """The descriptor of one field."""
        for f in self.fields:
            if f["name"] == name:
                return f
        raise KeyError(f"{self.name}: no field {name!r}")

    def arrow_schema(self) -> pa.Schema:
        """The Arrow schema of this table; every column nullable so that `required` is checked by validation."""
        return pa.schema([pa.field(f["name"], arrow_type(f)) for f in self.fields])


def arrow_type(field: dict[str, Any]) -> pa.DataType:
    """Arrow type of a Table Schema field."""
    try:
        return ARROW_TYPES[field.get("type", "string")]
    except KeyError:
        raise SchemaError(f"field {field['name']!r}: unsupported type {field.get('type')!r}") from None


def duckdb_type(field: dict[str, Any]) -> str:
    """DuckDB column type of a Table Schema field."""
    return DUCKDB_TYPES[field.get("type", "string")]


def load_schema(path: Path) -> TableSchema:
    """Read one Table Schema JSON file; the table name is the file name before `.schema.json`."""
    name = path.name.removesuffix(".schema.json")
    return TableSchema(name=name, descriptor=json.loads(path.read_text(encoding="utf-8")))


def load_schemas(schema_dir: Path) -> dict[str, TableSchema]:
    """All schemas of a folder, by table name."""
    return {s.name: s for s in (load_schema(p) for p in sorted(Path(schema_dir).glob("*.schema.json")))}


def to_arrow(df: pd.DataFrame, schema: TableSchema) -> pa.Table:
    """Convert a step's frame to an Arrow table typed exactly as the schema says, or raise SchemaError."""
    expected = schema.field_names
    actual = list(df.columns)
    if actual != expected:
        missing = [c for c in expected if c not in actual]
        extra = [c for c in actual if c not in expected]
        detail = []
        if missing:
            detail.append(f"missing {missing}")
        if extra:
            detail.append(f"unexpected {extra}")
        if not detail:
            detail.append(f"order {actual} != {expected}")
        raise SchemaError(f"table {schema.name!r} does not match its schema: {'; '.join(detail)}")
    arrays = []
    for f in schema.fields:
        col = df[f["name"]]
        typ = arrow_type(f)
        try:
            # from_pandas: NaN, None, pd.NA and NaT all become null, without a Python loop over the values
            arrays.append(pa.array(col, type=typ, from_pandas=True))
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError) as exc:
            raise SchemaError(
                f"table {schema.name!r}, column {f['name']!r}: cannot store as {f.get('type')}: {exc}"
            ) from exc
    return pa.Table.from_arrays(arrays, schema=schema.arrow_schema())
