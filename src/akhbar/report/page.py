"""Turn a release's facts into one self-contained HTML page: labels, number formats, inline SVG charts, template.

Nothing on the page is fetched when it is viewed: styles, the copy script and the charts are inline, and a
Content-Security-Policy (default-src 'none') makes the browser refuse anything else.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import math
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
from babel.numbers import format_compact_currency, format_compact_decimal, format_decimal, get_currency_name
from markupsafe import Markup

from akhbar.report import charts
from akhbar.report.facts import NO_DATE, NO_OUTLET, ReleaseFacts, Rows
from akhbar.text.arabic import ARABIC_LETTER_CLASS

TEMPLATES = "templates"
CELL_CHARS = 90
TYPE_AR = {"person": "شخص", "organization": "منظمة", "country": "دولة", "location": "مكان", "group": "جماعة"}
ENGINES = {
    "frictionless": ("Frictionless", "files and CSV structure match the published schemas"),
    "pandera": ("pandera", "every row: types, keys, constraints, offsets into the title or body"),
    "release": ("Release files", "hashes, sizes, Parquet and DuckDB copies agree with the CSV"),
    "gx": ("Great Expectations", "statistical quality gates of a release"),
}
_ARABIC_RE = re.compile(ARABIC_LETTER_CLASS)
SEP = " · "


@dataclass(frozen=True)
class Chart:
    """One chart of the page: anchor id, title, what it shows, and its SVG (None: the data is not in this release)."""

    key: str
    title: str
    caption: str  # Markup where it holds Arabic in its own direction
    svg: Markup | None
    missing: str = ""
    wide: bool = False
    table: list[dict[str, Any]] | None = None


def has_arabic(text: str) -> bool:
    """True when the text holds an Arabic letter."""
    return bool(_ARABIC_RE.search(text))


def both_names(name_ar: Any, name_en: Any, fallback: str) -> str:
    """Arabic and English name side by side ("شي جين بينغ · Xi Jinping"), whichever exist, else the fallback."""
    parts = [str(n) for n in (name_ar, name_en) if isinstance(n, str) and n]
    return SEP.join(parts) or fallback


def type_label(entity_type: str) -> str:
    """An entity type with its Arabic name: "person · شخص"."""
    ar = TYPE_AR.get(entity_type)
    return f"{entity_type}{SEP}{ar}" if ar else entity_type


def currency_label(code: str) -> str:
    """An ISO 4217 code with its Arabic name from CLDR: "RUB · روبل روسي"."""
    ar = _currency_name(code, "ar")
    return f"{code}{SEP}{ar}" if ar and ar != code else code


def _currency_name(code: str, locale: str) -> str:
    """CLDR name of a currency, or the code itself when CLDR does not know it."""
    try:
        return get_currency_name(code, locale=locale)
    except Exception:  # babel raises for malformed codes; the code is still a fine label
        return code


def compact(value: float | None, currency: str | None = None) -> str:
    """A short amount for a chart label: "$3.7B", "RUB12M", "950"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if currency:
        try:
            return format_compact_currency(value, currency, locale="en", fraction_digits=1)
        except Exception:  # unknown code: plain number with the code
            return f"{format_compact_decimal(value, locale='en', fraction_digits=1)} {currency}"
    return format_compact_decimal(value, locale="en", fraction_digits=1)


def human_bytes(n: int | None) -> str:
    """File size for people: "12.3 kB"."""
    if n is None:
        return ""
    size = float(n)
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return ""


def cell(value: Any) -> dict[str, Any]:
    """One table cell for the template: display text, full text when cut, Arabic or not, null or not."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return {"text": "null", "null": True, "ar": False, "full": ""}
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        text = format_decimal(value, locale="en", format="#,##0.######") if math.isfinite(value) else str(value)
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, (dt.date, dt.datetime)):
        text = value.isoformat()
    elif isinstance(value, (list, tuple)):
        text = " | ".join(str(v) for v in value)
    else:
        text = str(value)
    text = text.replace("\n", " ⏎ ")
    full = ""
    if len(text) > CELL_CHARS:
        full, text = text, text[: CELL_CHARS - 1].rstrip() + "…"
    return {
        "text": text,
        "null": False,
        "ar": has_arabic(text),
        "full": full,
        "num": isinstance(value, (int, float)) and not isinstance(value, bool),
    }


def rows_view(rows: Rows) -> dict[str, Any]:
    """A result for the template: header and formatted cells."""
    return {"columns": rows.columns, "rows": [[cell(v) for v in r] for r in rows.rows]}


def _svg(chart: Any, key: str, title: str) -> Markup:
    """Inline SVG of a chart; vega writes its own markup, trusted as such."""
    return Markup(charts.to_svg(chart, key, title))


def chart_entities_by_type(facts: ReleaseFacts) -> Chart:
    """Entities by type."""
    title, key = "Entities by type", "chart-entity-types"
    caption = "How many distinct entities of each type the gazetteer and extraction found."
    df = facts.entities_by_type
    if df is None:
        return Chart(key, title, caption, None, "The entities table is not in this release.")
    if df.empty:
        return Chart(key, title, caption, None, "The entities table is empty.")
    df = df.assign(label=[type_label(t) for t in df["type"]])
    return Chart(key, title, caption, _svg(charts.entities_by_type(df), key, title))


def chart_top_entities(facts: ReleaseFacts) -> Chart:
    """The most mentioned entities."""
    df = facts.top_entities
    title, key = "The 20 most mentioned entities", "chart-top-entities"
    caption = (
        "Mentions across all articles, in headlines and bodies (in brackets: how many are in headlines), "
        "Arabic name beside English; colour is the entity type."
    )
    if df is None:
        return Chart(key, title, caption, None, "The mentions table is not in this release.", wide=True)
    if df.empty:
        return Chart(key, title, caption, None, "The mentions table is empty.", wide=True)
    df = df.assign(
        label=[both_names(a, e, i) for a, e, i in zip(df["name_ar"], df["name_en"], df["entity_id"])],
        type=[t if isinstance(t, str) else "unknown" for t in df["type"]],
        note=[f"{m} ({t} in titles)" if t else f"{m}" for m, t in zip(df["mentions"], df["in_titles"])],
    )
    df = _unique_labels(df)
    title = f"The {len(df)} most mentioned entities" if len(df) < 20 else title
    return Chart(key, title, caption, _svg(charts.top_entities(df), key, title), wide=True)


def chart_money(facts: ReleaseFacts) -> Chart:
    """Money figures by currency, with US-dollar totals where the text states them."""
    title, key = "Money figures by currency", "chart-money"
    caption = Markup(
        "Each amount counts once, under the currency the text gives first; the label is its total in US dollars "
        'where the text also states the dollar amount, as in <bdi lang="ar" dir="rtl">{}</bdi>.'
    ).format("26 مليار رنمينبي (3.7 مليار دولار)")
    df = facts.money_by_currency
    if df is None:
        return Chart(key, title, caption, None, "The figures table is not in this release.")
    if df.empty:
        return Chart(key, title, caption, None, "No money figures in this release.")
    df = df.assign(
        label=[currency_label(c) for c in df["currency"]],
        usd_text=[f"{compact(u, 'USD')} in USD" if n else "" for u, n in zip(df["usd_total"], df["with_usd"])],
    )
    table = [
        {
            "currency": c,
            "name_en": _currency_name(c, "en"),
            "name_ar": _currency_name(c, "ar"),
            "figures": int(n),
            "total": compact(t, c) if nv else "—",
            "usd": f"{compact(u, 'USD')} ({int(nu)} of {int(n)})" if nu else "—",
        }
        for c, n, nv, t, nu, u in zip(
            df["currency"], df["figures"], df["with_value"], df["total"], df["with_usd"], df["usd_total"]
        )
    ]
    return Chart(key, title, caption, _svg(charts.money_by_currency(df), key, title), table=table)


def chart_speakers(facts: ReleaseFacts) -> Chart:
    """Who is quoted most."""
    title, key = "Who is quoted most", "chart-speakers"
    caption = (
        "Quotes per speaker: direct (in quotation marks) and reported speech. Unresolved speakers appear as written."
    )
    df = facts.top_speakers
    if df is None:
        return Chart(key, title, caption, None, "The quotes table is not in this release.")
    if df.empty:
        return Chart(key, title, caption, None, "No quote in this release names its speaker.")
    labels = []
    for eid, surface, ar, en in zip(df["entity_id"], df["surface"], df["name_ar"], df["name_en"]):
        labels.append(both_names(ar, en, eid) if isinstance(eid, str) else f"{surface} (unresolved)")
    df = _unique_labels(df.assign(label=labels))
    return Chart(key, title, caption, _svg(charts.top_speakers(df), key, title))


def chart_outlets(facts: ReleaseFacts) -> Chart:
    """Articles per outlet and month."""
    title, key = "Articles per outlet and month", "chart-outlets"
    caption = (
        f'Publication month from the source metadata; "{NO_DATE}" and "{NO_OUTLET}" where the source does not say.'
    )
    df = facts.articles_by_outlet_month
    if df is None:
        return Chart(key, title, caption, None, "The articles table is not in this release.")
    if df.empty:
        return Chart(key, title, caption, None, "The articles table is empty.")
    return Chart(key, title, caption, _svg(charts.articles_by_outlet_month(df), key, title))


def _unique_labels(df: pd.DataFrame) -> pd.DataFrame:
    """Suffix repeated labels (two entities with one name) so that each bar keeps its own row."""
    seen: dict[str, int] = {}
    out = []
    for label in df["label"]:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return df.assign(label=out)


def validation_view(facts: ReleaseFacts, release_dir: Path) -> dict[str, Any] | None:
    """The validation report for the template: overall result, one row per engine, failures, Data Docs link."""
    report = facts.validation
    if report is None:
        return None
    failures = report.get("failures") or []
    engines = []
    for e in report.get("engines") or []:
        name = e.get("engine", "")
        mine = [f for f in failures if f.get("engine") == name and f.get("severity", "error") != "warning"]
        label, what = ENGINES.get(name, (name, ""))
        engines.append(
            {
                "name": label,
                "what": what,
                "checks": e.get("checks"),
                "note": e.get("note", ""),
                "ok": not mine,
                "failed_rules": len(mine),
                "failing_rows": sum(int(f.get("count") or 0) for f in mine),
            }
        )
    return {
        "valid": bool(report.get("valid", not failures)),
        "engines": engines,
        "failures": [
            {
                **f,
                "keys": ", ".join(map(str, f.get("keys") or [])) or ", ".join(f"row {r}" for r in f.get("rows") or []),
            }
            for f in failures[:30]
        ],
        "more_failures": max(0, len(failures) - 30),
        "warnings": sum(1 for f in failures if f.get("severity") == "warning"),
        "gates": report.get("gates") or [],
        "data_docs": data_docs_href(release_dir, report.get("data_docs") or ""),
    }


def skipped_view(descriptor: dict[str, Any], release_dir: Path, limit: int = 30) -> dict[str, Any] | None:
    """The input records the build left out (--skip-bad), from skipped.csv: the first ``limit`` and the count."""
    entry = descriptor.get("skipped")
    if not isinstance(entry, dict) or not (Path(release_dir) / str(entry.get("path", ""))).is_file():
        return None
    with (Path(release_dir) / entry["path"]).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return {"path": entry["path"], "count": len(rows), "rows": rows[:limit], "more": max(0, len(rows) - limit)}


def data_docs_href(release_dir: Path, stated: str) -> str:
    """Relative link to the Great Expectations Data Docs inside the release, or "" when there are none."""
    release_dir = Path(release_dir)
    candidates = []
    if stated and not Path(stated).is_absolute() and "://" not in stated:
        candidates += [Path("validation") / stated, Path(stated)]  # relative to report.json (or, before, the release)
    found = sorted((release_dir / "validation").glob("**/index.html")) if (release_dir / "validation").is_dir() else []
    candidates += [p.relative_to(release_dir) for p in sorted(found, key=lambda p: (len(p.parts), str(p)))]
    for rel in candidates:
        if (release_dir / rel).is_file():
            return rel.as_posix()
    return ""


def diff_view(facts: ReleaseFacts) -> dict[str, Any] | None:
    """The diff against the previous version for the template (None: first release, or no diff written)."""
    d = facts.diff
    if d is None:
        return None
    tables = []
    for t in d.get("tables") or []:
        changed = t.get("changed")
        cols = t.get("changed_columns") or {}
        tables.append(
            {
                "name": t.get("name", ""),
                "status": t.get("status", ""),
                "rows_old": t.get("rows_old"),
                "rows_new": t.get("rows_new"),
                "added": t.get("added", 0),
                "removed": t.get("removed", 0),
                "changed": "n/a" if changed is None else changed,
                "columns": ", ".join(f"{c} ({n})" for c, n in cols.items()) or "—",
            }
        )
    structural = [c for c in d.get("changes") or [] if c.get("kind") != "data"]
    return {
        "old_version": d.get("old_version", "?"),
        "new_version": d.get("new_version", "?"),
        "required_bump": d.get("required_bump", ""),
        "tables": tables,
        "changes": structural,
    }


def licence_view(descriptor: dict[str, Any]) -> list[dict[str, str]]:
    """Licences: name, title and link."""
    return [
        {"name": lic.get("name", ""), "title": lic.get("title", ""), "path": lic.get("path", "")}
        for lic in descriptor.get("licenses") or []
    ]


def _template_env() -> jinja2.Environment:
    """Jinja environment over the package's templates, escaping everything by default."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("akhbar.report", TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def _resource(name: str) -> str:
    """Text of a file shipped in the templates folder."""
    return resources.files("akhbar.report").joinpath(TEMPLATES).joinpath(name).read_text(encoding="utf-8")


def csp_hash(script: str) -> str:
    """CSP source expression allowing exactly this inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def render_page(facts: ReleaseFacts, release_dir: Path) -> str:
    """The release page as HTML text."""
    desc = facts.descriptor
    script = _resource("page.js")
    counts = {t.name: t.rows for t in facts.tables}
    chart_list = [
        chart_top_entities(facts),
        chart_entities_by_type(facts),
        chart_money(facts),
        chart_speakers(facts),
        chart_outlets(facts),
    ]
    db = desc.get("duckdb", {}).get("path") or f"{desc.get('name', 'release')}.duckdb"
    context = {
        "d": desc,
        "name": desc.get("name", ""),
        "title": desc.get("title") or desc.get("name", ""),
        "title_ar": desc.get("title_ar") or f"حزمة بيانات {desc.get('name', '')}",
        "version": desc.get("version", ""),
        "licences": licence_view(desc),
        "sources": desc.get("sources") or [],
        "tables": [
            {
                "t": t,
                "sample": rows_view(t.sample),
                "csv_size": human_bytes(t.csv_bytes),
                "parquet_size": human_bytes(t.parquet_bytes),
            }
            for t in facts.tables
        ],
        "counts": counts,
        "missing_tables": facts.missing_tables,
        "total_rows": sum(counts.values()),
        "charts": chart_list,
        "validation": validation_view(facts, release_dir),
        "skipped": skipped_view(desc, release_dir),
        "diff": diff_view(facts),
        "changelog": facts.changelog,
        "examples": [
            {"q": q, "result": rows_view(q.result), "id": f"query-{i + 1}"} for i, q in enumerate(facts.examples)
        ],
        "db": db,
        "has_load_sql": (Path(release_dir) / "load.sql").is_file(),
        "css": Markup(_resource("page.css")),
        "script": Markup(script),
        "csp": f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src {csp_hash(script)}",
    }
    return _template_env().get_template("index.html.j2").render(**context)
