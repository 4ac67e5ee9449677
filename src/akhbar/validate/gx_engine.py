"""Great Expectations (GX Core 1.x): the release's quality gates, rendered as Data Docs.

GX has no supported DuckDB engine, so it reads each table's Parquet file into pandas, in an ephemeral
context (nothing is written outside the release). Two kinds of expectations (`build_assets`):

- derived from each Table Schema where GX and the schema overlap (`schema_expectations`):
  required -> not_be_null, unique / primaryKey -> be_unique / compound_columns_to_be_unique,
  enum -> be_in_set, pattern -> match_regex, minimum/maximum -> be_between,
  minLength/maxLength -> value_lengths_between. GX costs about 10 us per row and expectation, so for a
  table above SAMPLE_ROWS rows this suite runs on its first SAMPLE_ROWS rows; pandera checks every row
  of every table against the same constraints;
- statistical gates over all rows (thresholds and severity declared as data, `akhbar.validate.gates`): every
  article has a body and at least one entity; rows per article of the tables that reference articles stay
  in plausible ranges; the share of quotes with a resolved speaker stays above a threshold; no figure unit
  outside the known set (money:
  ISO 4217 codes from CLDR and reference/currencies.csv; `percent`; quantities: reference/units.csv, or
  a unit code when the project is not at hand; counts: an Arabic noun). Gates run on narrow frames
  (one row per article, or the key and the columns a gate reads), so they stay cheap at 1M rows.

Report rows name the table a gate is about, with the keys (primary key, or article_id) of the first rows
that fail it. Run as `python -m akhbar.validate.gx_engine RELEASE OUT.json DOCS_DIR|- PROJECT|-` it writes
its failures as JSON, so `validate_release` can run it beside the other engines (importing GX alone takes
seconds).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from akhbar.package.schema import TableSchema
from akhbar.validate.gates import DEFAULTS, Gate, declared_gates
from akhbar.validate.release_data import Release
from akhbar.validate.report import MAX_EXAMPLES, Failure

ENGINE = "gx"
STATS_ASSET = "article_stats"
# GX costs about 10 us per row and expectation on pandas: the schema-derived suites of larger tables run
# on their first SAMPLE_ROWS rows (pandera checks every row against the same constraints); gates see all rows.
SAMPLE_ROWS = 50_000
MAX_GROUPS = 1000
# Arabic letters (and tatweel, spaces) only: a counted noun like "طائرة" or "برميل نفط"
ARABIC_NOUN_RE = "^[\u0621-\u064a\u0640\u064b-\u0652]+(?: [\u0621-\u064a\u0640\u064b-\u0652]+)*$"
# a canonical unit code (km, m2, bbl, MW, degC) when the project's reference/units.csv is not at hand
UNIT_CODE_RE = "^[A-Za-z][A-Za-z0-9]*$"


def _iso_currencies() -> tuple[str, ...]:
    """ISO 4217 codes known to CLDR."""
    from babel.numbers import list_currencies

    return tuple(sorted(list_currencies()))


@dataclass(frozen=True)
class UnitRule:
    """Units allowed in `unit_column` of `table` for rows whose `kind_column` is `kind`: a set or a pattern."""

    table: str
    kind: str
    allowed: tuple[str, ...] = ()
    pattern: str = ""
    kind_column: str = "kind"
    unit_column: str = "unit"


@dataclass(frozen=True)
class Gates:
    """The statistical quality gates (thresholds and severity, `akhbar.validate.gates`) and the known units."""

    levels: dict[str, Gate] = field(default_factory=lambda: dict(DEFAULTS))
    entity_column: str = "entity_id"
    speaker_column: str = "speaker_entity_id"
    unit_rules: tuple[UnitRule, ...] = field(
        default_factory=lambda: (
            UnitRule("figures", "money", allowed=_iso_currencies()),
            UnitRule("figures", "percent", allowed=("percent",)),
            UnitRule("figures", "count", pattern=ARABIC_NOUN_RE),
            UnitRule("figures", "quantity", pattern=UNIT_CODE_RE),
        )
    )

    def rows_per_article(self) -> list[Gate]:
        """The gates on rows per article of a table that references articles."""
        return [g for n, g in sorted(self.levels.items()) if n == f"{g.table}_per_article"]


def _reference_column(project_root: Path, name: str, column: str) -> tuple[str, ...]:
    """Distinct non-empty values of one column of reference/<name>.csv (empty when the file is absent)."""
    path = Path(project_root) / "reference" / f"{name}.csv"
    if not path.is_file():
        return ()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return tuple(sorted({v for v in frame.get(column, pd.Series(dtype=str)) if v})) if column in frame.columns else ()


def gates_for(descriptor: dict[str, Any], project_root: Path | None) -> Gates:
    """The gates a release declares (`akhbar.gates` of its descriptor, else the defaults), with the known units
    taken from the project's reference data when it is at hand: money = CLDR's ISO 4217 codes plus
    reference/currencies.csv codes, quantity = reference/units.csv units."""
    gates = Gates(levels=declared_gates(descriptor))
    if project_root is None:
        return gates
    currencies = _reference_column(project_root, "currencies", "code")
    units = _reference_column(project_root, "units", "unit")
    rules = []
    for rule in gates.unit_rules:
        if rule.table == "figures" and rule.kind == "money" and currencies:
            rule = replace(rule, allowed=tuple(sorted(set(rule.allowed) | set(currencies))))
        if rule.table == "figures" and rule.kind == "quantity" and units:
            rule = replace(rule, allowed=units, pattern="")
        rules.append(rule)
    return replace(gates, unit_rules=tuple(rules))


def _gxe():
    """The GX expectations module (imported late: GX takes seconds to import)."""
    import great_expectations.expectations as gxe

    return gxe


def _meta(table: str, source: str, gate: Gate | None = None) -> dict[str, Any]:
    """Expectation meta: the table a report row names, where the expectation comes from, and its gate."""
    meta: dict[str, Any] = {"table": table, "source": source}
    if gate is not None:
        meta.update(gate=gate.name, severity=gate.severity, threshold=gate.threshold())
    return meta


def schema_expectations(schema: TableSchema) -> list[Any]:
    """GX expectations derived from a Table Schema's constraints (where GX can say the same thing)."""
    gxe = _gxe()
    out: list[Any] = []
    pk = schema.primary_key
    for f in schema.fields:
        col, c, ftype = f["name"], f.get("constraints", {}), f.get("type", "string")
        meta = _meta(schema.name, f"schema: {col}")
        if c.get("required") or col in pk:
            out.append(gxe.ExpectColumnValuesToNotBeNull(column=col, meta=meta))
        if c.get("unique") or pk == [col]:
            out.append(gxe.ExpectColumnValuesToBeUnique(column=col, meta=meta))
        if "enum" in c:
            out.append(gxe.ExpectColumnValuesToBeInSet(column=col, value_set=list(c["enum"]), meta=meta))
        if "pattern" in c and ftype == "string":
            out.append(gxe.ExpectColumnValuesToMatchRegex(column=col, regex=f"^(?:{c['pattern']})$", meta=meta))
        if ("minimum" in c or "maximum" in c) and ftype in ("integer", "number"):
            out.append(
                gxe.ExpectColumnValuesToBeBetween(
                    column=col, min_value=c.get("minimum"), max_value=c.get("maximum"), meta=meta
                )
            )
        if ("minLength" in c or "maxLength" in c) and ftype == "string":
            out.append(
                gxe.ExpectColumnValueLengthsToBeBetween(
                    column=col, min_value=c.get("minLength"), max_value=c.get("maxLength"), meta=meta
                )
            )
    if len(pk) > 1:
        out.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=pk, meta=_meta(schema.name, "schema: primaryKey")))
    return out


def article_links(schemas: dict[str, TableSchema]) -> tuple[str, str, dict[str, str]] | None:
    """(articles table, its key, {table: its article column}) for tables with a foreign key to a table with a body."""
    for name, schema in schemas.items():
        if "body" in schema.field_names and len(schema.primary_key) == 1:
            key = schema.primary_key[0]
            links = {}
            for other, s in schemas.items():
                for fk in s.foreign_keys:
                    if (
                        fk["reference"]["resource"] == name
                        and fk["reference"]["fields"] == [key]
                        and len(fk["fields"]) == 1
                    ):
                        links[other] = fk["fields"][0]
                        break
            return name, key, links
    return None


def article_stats(tables: dict[str, pa.Table], schemas: dict[str, TableSchema], gates: Gates) -> pd.DataFrame | None:
    """One row per article: body length, rows of every table that references articles, distinct entities."""
    link = article_links(schemas)
    if link is None or link[0] not in tables:
        return None
    art_name, key, links = link
    articles = tables[art_name]
    stats = pd.DataFrame({"article_id": articles.column(key).to_pylist()})
    stats["body_chars"] = pc.fill_null(pc.utf8_length(articles.column("body")), 0).to_numpy()
    for table, col in sorted(links.items()):
        if table not in tables:
            continue
        counts = tables[table].column(col).value_counts().to_pandas()
        counts = pd.Series(
            counts.map(lambda d: d["counts"]).to_numpy(), index=counts.map(lambda d: d["values"]).to_numpy()
        )
        stats[f"n_{table}"] = stats["article_id"].map(counts).fillna(0).astype("int64")
        entity_table = gates.levels["entities_per_article"].table
        if table == entity_table and gates.entity_column in tables[table].column_names:
            pairs = tables[table].select([col, gates.entity_column]).to_pandas().dropna().drop_duplicates()
            stats["n_entities"] = stats["article_id"].map(pairs[col].value_counts()).fillna(0).astype("int64")
    return stats


@dataclass
class Asset:
    """A frame GX validates, the table its report rows name, and the columns that identify its rows."""

    frame: pd.DataFrame
    table: str
    keys: list[str]
    expectations: list[Any] = field(default_factory=list)
    note: str = ""


def build_assets(
    tables: dict[str, pa.Table], schemas: dict[str, TableSchema], gates: Gates, sample_rows: int
) -> dict[str, Asset]:
    """The frames and suites GX runs: each table with its schema-derived suite (its first `sample_rows` rows
    when larger: pandera checks every row of it), and narrow full-length frames for the gates."""
    from great_expectations.expectations.row_conditions import Column

    gxe = _gxe()
    assets: dict[str, Asset] = {}
    for name, table in tables.items():
        pk = schemas[name].primary_key
        sampled = table.num_rows > sample_rows
        frame = (table.slice(0, sample_rows) if sampled else table).to_pandas()
        note = f"first {sample_rows:,} of {table.num_rows:,} rows" if sampled else ""
        assets[name] = Asset(frame, name, pk, schema_expectations(schemas[name]), note)
    stats = article_stats(tables, schemas, gates)
    if stats is not None:
        body = gates.levels["body_chars"]
        s: list[Any] = [
            gxe.ExpectColumnValuesToBeBetween(
                column="body_chars",
                min_value=body.min,
                max_value=body.max,
                meta=_meta("articles", f"gate {body.name}: {body.description}", body),
            )
        ]
        entities = gates.levels["entities_per_article"]
        if "n_entities" in stats.columns:
            s.append(
                gxe.ExpectColumnValuesToBeBetween(
                    column="n_entities",
                    min_value=entities.min,
                    max_value=entities.max,
                    meta=_meta(entities.table, f"gate {entities.name}: {entities.description}", entities),
                )
            )
        for gate in gates.rows_per_article():
            if f"n_{gate.table}" in stats.columns:
                s.append(
                    gxe.ExpectColumnValuesToBeBetween(
                        column=f"n_{gate.table}",
                        min_value=gate.min,
                        max_value=gate.max,
                        meta=_meta(gate.table, f"gate {gate.name}: {gate.description}", gate),
                    )
                )
        assets[STATS_ASSET] = Asset(stats, "articles", ["article_id"], s)
    share = gates.levels["speaker_share"]
    quotes, column = share.table, gates.speaker_column
    if quotes in tables and column in tables[quotes].column_names and tables[quotes].num_rows:
        pk = schemas[quotes].primary_key
        frame = tables[quotes].select(pk).to_pandas()
        frame[f"{column}_resolved"] = (
            tables[quotes].column(column).is_valid().to_numpy(zero_copy_only=False).astype("float64")
        )
        assets[f"{quotes}_{column}_share"] = Asset(
            frame,
            quotes,
            pk,
            [
                gxe.ExpectColumnMeanToBeBetween(
                    column=f"{column}_resolved",
                    min_value=share.min,
                    max_value=share.max,
                    meta=_meta(quotes, f"gate {share.name}: {share.description}", share),
                )
            ],
        )
    units = gates.levels["known_units"]
    for rule in gates.unit_rules:
        table = tables.get(rule.table)
        if table is None or rule.unit_column not in table.column_names or rule.kind_column not in table.column_names:
            continue
        name = f"{rule.table}_{rule.unit_column}"
        if name not in assets:
            assets[name] = Asset(
                unit_groups(table, schemas[rule.table].primary_key, rule), rule.table, ["first_key"], note="grouped"
            )
        cond = Column(rule.kind_column) == rule.kind
        meta = _meta(rule.table, f"gate {units.name}: known units for {rule.kind_column}={rule.kind}", units)
        if rule.allowed:
            assets[name].expectations.append(
                gxe.ExpectColumnValuesToBeInSet(
                    column=rule.unit_column, value_set=list(rule.allowed), row_condition=cond, meta=meta
                )
            )
        if rule.pattern:
            assets[name].expectations.append(
                gxe.ExpectColumnValuesToMatchRegex(
                    column=rule.unit_column, regex=rule.pattern, row_condition=cond, meta=meta
                )
            )
    return assets


def unit_groups(table: pa.Table, pk: list[str], rule: UnitRule) -> pd.DataFrame:
    """One row per distinct (kind, unit): its row count and the key of its first row. A unit gate judges
    units, so it runs on these few rows instead of every figure; the report counts the rows behind them."""
    key = (
        pc.binary_join_element_wise(*[pc.cast(table.column(c), pa.string()) for c in pk], "/")
        if len(pk) > 1
        else table.column(pk[0])
    )
    frame = pa.table(
        {
            rule.kind_column: table.column(rule.kind_column),
            rule.unit_column: table.column(rule.unit_column),
            "first_key": pc.cast(key, pa.string()),
        }
    ).to_pandas()
    grouped = frame.groupby([rule.kind_column, rule.unit_column], dropna=False, sort=True)
    out = grouped["first_key"].agg(["first", "size"]).reset_index()
    return out.rename(columns={"first": "first_key", "size": "n_rows"})


def read_tables(release: Release) -> tuple[dict[str, pa.Table], list[Failure]]:
    """Every table from its Parquet file."""
    tables, failures = {}, []
    for name in release.table_names:
        path = release.parquet_path(name)
        if path is None or not path.is_file():
            continue  # reported as missing-file by Frictionless
        try:
            tables[name] = pq.read_table(path)
        except (OSError, pa.ArrowException) as exc:
            failures.append(Failure(ENGINE, name, "engine-error", count=1, message=f"cannot read {path.name}: {exc}"))
    return tables, failures


def _failure(result: Any) -> Failure:
    """A report row from one failed GX expectation result."""
    cfg = result.expectation_config
    meta = cfg.meta or {}
    kwargs = cfg.kwargs
    column = kwargs.get("column") or ",".join(kwargs.get("column_list", []) or [])
    res = result.result or {}
    info = result.exception_info or {}
    if info.get("raised_exception"):
        return Failure(
            ENGINE,
            meta.get("table", ""),
            "engine-error",
            count=1,
            column=column,
            message=f"{cfg.type}: {info.get('exception_message', '')}"[:300],
        )
    keys = []
    for entry in (res.get("partial_unexpected_index_list") or [])[:MAX_EXAMPLES]:  # first keys only
        if isinstance(entry, dict):
            keys.append("/".join(str(v) for k, v in entry.items() if k in res.get("unexpected_index_column_names", [])))
    count = res.get("unexpected_count")
    detail = meta.get("source", "")
    observed = ""
    if "observed_value" in res:
        value = res["observed_value"]
        observed = f"{value:.4g}" if isinstance(value, float) else str(value)
        detail += f" (observed {observed})"
    elif res.get("partial_unexpected_list"):
        observed = ", ".join(str(v) for v in res["partial_unexpected_list"][:3])
        detail += f" (e.g. {observed})"
    return Failure(
        ENGINE,
        meta.get("table", ""),
        f"gx:{cfg.type}",
        count=int(count) if count is not None else 1,
        column=column,
        keys=keys,
        message=detail,
        severity=meta.get("severity", "error"),
        gate=meta.get("gate", ""),
        threshold=meta.get("threshold", ""),
        observed=observed,
    )


_SHARED: dict[str, Any] = {}


def _grouped_rows(frame: pd.DataFrame, result: Any) -> int:
    """Rows behind the failing groups of a grouped frame (its groups' n_rows)."""
    keys = {
        str(e.get("first_key"))
        for e in (result.result or {}).get("partial_unexpected_index_list") or []
        if isinstance(e, dict)
    }
    return int(frame.loc[frame["first_key"].astype(str).isin(keys), "n_rows"].sum()) or int(
        (result.result or {}).get("unexpected_count") or 1
    )


def _context(fresh: bool) -> tuple[Any, int]:
    """An ephemeral GX context and a run number: a fresh one when Data Docs are wanted (they list every
    result the context holds), else one shared by the runs of this process."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    def new() -> Any:
        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        return context

    if fresh:
        return new(), 0
    if "context" not in _SHARED:
        _SHARED["context"], _SHARED["runs"] = new(), 0
    _SHARED["runs"] += 1
    return _SHARED["context"], _SHARED["runs"]


def run(
    release: Release, docs_dir: Path | None = None, gates: Gates | None = None, sample_rows: int = SAMPLE_ROWS
) -> tuple[list[Failure], int]:
    """Run every suite on the release's tables; write Data Docs to docs_dir; return failures and checks run."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    gates = gates or gates_for(release.descriptor, None)
    schemas = release.schemas()
    tables, failures = read_tables(release)
    assets = build_assets(tables, schemas, gates, sample_rows)
    del tables

    context, run_id = _context(fresh=docs_dir is not None)
    # names are unique per run so that one process can reuse its context (creating one takes a second)
    prefix = f"{run_id}-" if run_id else ""
    source = context.data_sources.add_pandas(name=f"{prefix}release")
    n_checks = 0
    for asset_name, asset in assets.items():
        if not asset.expectations:
            continue
        batch = source.add_dataframe_asset(name=asset_name).add_batch_definition_whole_dataframe("all rows")
        # a suite given its expectations up front is stored once, not once per expectation
        suite = context.suites.add(gx.ExpectationSuite(name=f"{prefix}{asset_name}", expectations=asset.expectations))
        n_checks += len(asset.expectations)
        vd = context.validation_definitions.add(
            gx.ValidationDefinition(name=f"{prefix}{asset_name}", data=batch, suite=suite)
        )
        result_format = {
            "result_format": "SUMMARY",
            "partial_unexpected_count": MAX_GROUPS if asset.note == "grouped" else MAX_EXAMPLES,
            "unexpected_index_column_names": asset.keys,
        }
        result = vd.run(batch_parameters={"dataframe": asset.frame}, result_format=result_format)
        for r in result.results:
            if not r.success:
                failure = _failure(r)
                if asset.note == "grouped":
                    failure.count = _grouped_rows(asset.frame, r)
                elif asset.note:
                    failure.message = f"{failure.message} [{asset.note}]".strip()
                failures.append(failure)
    if docs_dir is not None:
        docs_dir = Path(docs_dir).resolve()
        context.add_data_docs_site(
            site_name="release",
            site_config={
                "class_name": "SiteBuilder",
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
            },
        )
        context.build_data_docs(site_names=["release"])
    return failures, n_checks


def main(argv: list[str]) -> int:
    """`python -m akhbar.validate.gx_engine RELEASE OUT.json DOCS_DIR|- PROJECT|-`: run GX, write failures as JSON."""
    release_dir, out_path = Path(argv[0]), Path(argv[1])
    docs_dir = Path(argv[2]) if len(argv) > 2 and argv[2] != "-" else None
    project = Path(argv[3]) if len(argv) > 3 and argv[3] != "-" else None
    started = time.perf_counter()
    try:
        release = Release.open(release_dir)
        failures, n_checks = run(release, docs_dir, gates_for(release.descriptor, project))
        payload = {"failures": [asdict(f) for f in failures], "checks": n_checks}
    except Exception as exc:  # report, do not hide: the caller turns this into an engine-error row
        payload = {"error": f"{type(exc).__name__}: {exc}", "failures": [], "checks": 0}
    payload["seconds"] = time.perf_counter() - started
    out_path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
