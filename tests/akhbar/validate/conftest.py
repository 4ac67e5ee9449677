"""Small synthetic releases for the validation tests, written with akhbar.package.release from schemas defined here."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

from akhbar.package.release import write_release_files
from akhbar.package.schema import TableSchema, to_arrow

ID = {"required": True, "unique": True, "pattern": "[a-z0-9-]+"}
# The article text a mention's or figure's offsets index, as in schemas/mentions.schema.json.
FIELD = {"name": "field", "type": "string", "constraints": {"required": True, "enum": ["title", "body"]}}
SCHEMAS: dict[str, dict[str, Any]] = {
    "articles": {
        "fields": [
            {"name": "article_id", "type": "string", "constraints": ID},
            {"name": "title", "type": "string", "constraints": {"required": False}},
            {"name": "body", "type": "string", "constraints": {"required": True, "minLength": 1}},
            {"name": "n_chars", "type": "integer", "constraints": {"required": True, "minimum": 1}},
            {"name": "published", "type": "date", "constraints": {"required": False}},
        ],
        "primaryKey": ["article_id"],
        "missingValues": [""],
    },
    "entities": {
        "fields": [
            {"name": "entity_id", "type": "string", "constraints": ID},
            {
                "name": "type",
                "type": "string",
                "constraints": {"required": True, "enum": ["person", "country", "organization"]},
            },
            {"name": "aliases", "type": "array", "constraints": {"required": True, "minLength": 1}},
        ],
        "primaryKey": ["entity_id"],
        "missingValues": [""],
    },
    "mentions": {
        "fields": [
            {"name": "mention_id", "type": "string", "constraints": ID},
            {"name": "article_id", "type": "string", "constraints": {"required": True}},
            {"name": "entity_id", "type": "string", "constraints": {"required": True}},
            FIELD,
            {"name": "start", "type": "integer", "constraints": {"required": True, "minimum": 0}},
            {"name": "end", "type": "integer", "constraints": {"required": True, "minimum": 1}},
            {"name": "surface", "type": "string", "constraints": {"required": True, "minLength": 1}},
            {"name": "method", "type": "string", "constraints": {"required": True, "enum": ["gazetteer", "pattern"]}},
        ],
        "primaryKey": ["mention_id"],
        "missingValues": [""],
        "foreignKeys": [
            {"fields": "article_id", "reference": {"resource": "articles", "fields": "article_id"}},
            {"fields": "entity_id", "reference": {"resource": "entities", "fields": "entity_id"}},
        ],
    },
    "figures": {
        "fields": [
            {"name": "figure_id", "type": "string", "constraints": ID},
            {"name": "article_id", "type": "string", "constraints": {"required": True}},
            FIELD,
            {"name": "start", "type": "integer", "constraints": {"required": True, "minimum": 0}},
            {"name": "end", "type": "integer", "constraints": {"required": True, "minimum": 1}},
            {"name": "surface", "type": "string", "constraints": {"required": True}},
            {"name": "value", "type": "number", "constraints": {"required": False, "minimum": 0}},
            {"name": "unit", "type": "string", "constraints": {"required": False}},
            {
                "name": "kind",
                "type": "string",
                "constraints": {"required": True, "enum": ["money", "percent", "count", "quantity"]},
            },
            {"name": "approx", "type": "boolean", "constraints": {"required": True}},
        ],
        "primaryKey": ["figure_id"],
        "missingValues": [""],
        "foreignKeys": [{"fields": "article_id", "reference": {"resource": "articles", "fields": "article_id"}}],
    },
    "quotes": {
        "fields": [
            {"name": "quote_id", "type": "string", "constraints": ID},
            {"name": "article_id", "type": "string", "constraints": {"required": True}},
            {"name": "start", "type": "integer", "constraints": {"required": True, "minimum": 0}},
            {"name": "end", "type": "integer", "constraints": {"required": True, "minimum": 1}},
            {"name": "text", "type": "string", "constraints": {"required": True}},
            {"name": "speaker_entity_id", "type": "string", "constraints": {"required": False}},
        ],
        "primaryKey": ["quote_id"],
        "missingValues": [""],
        "foreignKeys": [
            {"fields": "article_id", "reference": {"resource": "articles", "fields": "article_id"}},
            {"fields": "speaker_entity_id", "reference": {"resource": "entities", "fields": "entity_id"}},
        ],
    },
}

BODIES = {
    "a1": "قال وزير الخارجية الصيني وانغ يي إن التجارة مع كازاخستان بلغت 26 مليار دولار.\nوأضاف أن 15 ألف قطار عبرت الحدود.",
    "a2": 'أعلنت روسيا أن النمو بلغ 27 في المائة.\nوقال بوتين: "نحن شركاء".',
}

# a1 has a title (its mention of Kazakhstan overlaps the body's mention of Wang Yi in offsets, not in text); a2 none
TITLES = {"a1": "وزير خارجية الصين يبحث مع كازاخستان تجارة تبلغ 26 مليار دولار", "a2": None}


def span(article: str, surface: str, field: str = "body") -> tuple[int, int]:
    """Offsets of the first occurrence of surface in an article's body (or title)."""
    text = (BODIES if field == "body" else TITLES)[article]
    assert text is not None
    start = text.index(surface)
    return start, start + len(surface)


def valid_rows() -> dict[str, list[dict[str, Any]]]:
    """Rows of a small release that passes every rule and gate."""

    def mention(mid, art, ent, surface, field="body"):
        s, e = span(art, surface, field)
        return {
            "mention_id": mid,
            "article_id": art,
            "entity_id": ent,
            "field": field,
            "start": s,
            "end": e,
            "surface": surface,
            "method": "gazetteer",
        }

    def figure(fid, art, surface, value, unit, kind, field="body"):
        s, e = span(art, surface, field)
        return {
            "figure_id": fid,
            "article_id": art,
            "field": field,
            "start": s,
            "end": e,
            "surface": surface,
            "value": value,
            "unit": unit,
            "kind": kind,
            "approx": False,
        }

    q_text = "نحن شركاء"
    qs, qe = span("a2", q_text)
    return {
        "articles": [
            {
                "article_id": a,
                "title": TITLES[a],
                "body": b,
                "n_chars": len(b),
                "published": pd.Timestamp("2024-05-01").date(),
            }
            for a, b in BODIES.items()
        ],
        "entities": [
            {"entity_id": "wang-yi", "type": "person", "aliases": ["وانغ يي"]},
            {"entity_id": "kazakhstan", "type": "country", "aliases": ["كازاخستان"]},
            {"entity_id": "russia", "type": "country", "aliases": ["روسيا"]},
            {"entity_id": "putin", "type": "person", "aliases": ["بوتين"]},
        ],
        "mentions": [
            mention("a1-m0001", "a1", "wang-yi", "وانغ يي"),
            mention("a1-m0002", "a1", "kazakhstan", "كازاخستان"),
            mention("a2-m0001", "a2", "russia", "روسيا"),
            mention("a2-m0002", "a2", "putin", "بوتين"),
            mention("a1-mt01", "a1", "kazakhstan", "كازاخستان", field="title"),
        ],
        "figures": [
            figure("a1-f0001", "a1", "26 مليار دولار", 26e9, "USD", "money"),
            figure("a1-f0002", "a1", "15 ألف قطار", 15000.0, "قطار", "count"),
            figure("a2-f0001", "a2", "27 في المائة", 27.0, "percent", "percent"),
            figure("a1-ft01", "a1", "26 مليار دولار", 26e9, "USD", "money", field="title"),
        ],
        "quotes": [
            {
                "quote_id": "a2-q0001",
                "article_id": "a2",
                "start": qs,
                "end": qe,
                "text": q_text,
                "speaker_entity_id": "putin",
            }
        ],
    }


DESCRIPTOR = {
    "name": "akhbar-test",
    "version": "1.0.0",
    "title": "validation test package",
    "licenses": [{"name": "ODC-BY-1.0", "path": "https://opendatacommons.org/licenses/by/1-0/", "title": "ODC-BY"}],
    "resources": [
        {
            "name": n,
            "title": n,
            "description": f"{n} table",
            "path": f"data/{n}.csv",
            "schema": f"schemas/{n}.schema.json",
        }
        for n in SCHEMAS
    ],
}


def write_release(
    root: Path, rows: dict[str, list[dict[str, Any]]] | None = None, schemas: dict[str, dict[str, Any]] | None = None
) -> Path:
    """Write a release folder from rows (default: the valid rows) with akhbar.package.release; return it."""
    rows = rows or valid_rows()
    schemas = {n: TableSchema(n, copy.deepcopy(d)) for n, d in (schemas or SCHEMAS).items()}
    tables = {n: to_arrow(pd.DataFrame(rows[n], columns=schemas[n].field_names), schemas[n]) for n in schemas}
    write_release_files(root, copy.deepcopy(DESCRIPTOR), schemas, tables)
    return root


def edit_csv(release: Path, table: str, edit: Callable[[str], str], rehash: bool = True) -> None:
    """Change a table's CSV text; with rehash, update its bytes and hash so that only the edit is wrong."""
    path = release / "data" / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    new = edit(text)
    assert new != text, "the edit changed nothing"
    path.write_text(new, encoding="utf-8")
    if rehash:
        desc_path = release / "datapackage.json"
        desc = json.loads(desc_path.read_text(encoding="utf-8"))
        for res in desc["resources"]:
            if res["name"] == table:
                data = path.read_bytes()
                res["bytes"], res["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
        desc_path.write_text(json.dumps(desc, ensure_ascii=False, indent=2), encoding="utf-8")


@pytest.fixture(scope="session")
def gx_loaded() -> None:
    """Import Great Expectations once per session (seconds); validations then run it in-process."""
    import great_expectations  # noqa: F401


@pytest.fixture
def make_release(tmp_path: Path, gx_loaded: None) -> Callable[..., Path]:
    """Factory: write a release (valid rows unless given) under tmp_path."""
    counter = iter(range(1000))

    def make(
        rows: dict[str, list[dict[str, Any]]] | None = None, schemas: dict[str, dict[str, Any]] | None = None
    ) -> Path:
        return write_release(tmp_path / f"release-{next(counter)}", rows, schemas)

    return make


@pytest.fixture(scope="session")
def kit() -> SimpleNamespace:
    """The helpers above, for test modules (pytest's importlib mode cannot import conftest by name)."""
    return SimpleNamespace(
        BODIES=BODIES,
        TITLES=TITLES,
        DESCRIPTOR=DESCRIPTOR,
        SCHEMAS=SCHEMAS,
        valid_rows=valid_rows,
        write_release=write_release,
        edit_csv=edit_csv,
        span=span,
    )
