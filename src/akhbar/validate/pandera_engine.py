"""pandera: every row of every table, plus the rules a Table Schema cannot say.

The pandera schemas are derived in code from the release's Table Schemas (never declared by hand):
`field_checks` / `table_schema` translate `type` (incl. date), `required`, `unique`, `enum`, `pattern`,
`minimum`/`maximum`, `minLength`/`maxLength`, `primaryKey` and `foreignKeys` (resolved across tables;
`pandera.io.from_frictionless_schema` would drop them and read dates as strings). On top come the
cross-column and cross-table rules of the data model:

- `offset`:       `<field text>[start:end] == surface` (or `text`) for every span of a table with a foreign
                  key to a table with a `body` (Python string indices, as the contract defines them): the
                  article text is the one the row's `field` column names (`body`, `title`: a column of the
                  articles table that the field's `enum` allows), or the body for a table without `field`
                  (quotes); spans are `start`/`end` with `surface` or `text`, and `<p>_start`/`<p>_end` with
                  `<p>_surface`, `<p>_text` or `<p>` (quotes' `speaker_*` and `cue_*`);
- `offset-range`: `0 <= start < end <= len(<field text>)` (`n_chars` for the body) for the same spans; a
                  `field` that names no article text fails it (and `enum`);
- `overlap`:      no two spans of one article text overlap, in the tables of `NO_OVERLAP_TABLES`.

Each table is validated twice over the same rows: the raw CSV cells (`required`: is the cell missing;
`type`: is it readable as the field's type, see `cells`) and the typed values (every other rule).
Checks are vectorised (pyarrow compute, numpy); only the offset rule loops in Python, since its
definition is Python slicing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pdr
import pyarrow as pa
import pyarrow.compute as pc

from akhbar.package.schema import ARROW_TYPES, TableSchema
from akhbar.validate.cells import ParsedTable, read_table
from akhbar.validate.release_data import Release
from akhbar.validate.report import MAX_EXAMPLES, RULES, Failure

ENGINE = "pandera"
# Tables whose spans must not overlap within one article (a token is one mention, not two).
NO_OVERLAP_TABLES: tuple[str, ...] = ("mentions",)
SPAN_TEXT_COLUMNS = ("surface", "text")
# The column that names the article text (body, title) a row's spans index; without it, spans index the body.
FIELD_COLUMN = "field"
# pandera's names for its built-in checks -> our rule codes
_BUILTIN_RULES = {"not_nullable": "required", "field_uniqueness": "unique", "multiple_fields_uniqueness": "primary-key"}


def _arrow(s: pd.Series) -> pa.Array:
    """The Arrow array behind a pandas Series (zero-copy for Arrow-backed columns)."""
    arr = pa.array(s)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def _mask(values: pa.Array | np.ndarray, index: pd.Index, null_is: bool = True) -> pd.Series:
    """A boolean Series (True = row passes) from an Arrow or numpy mask; nulls pass (they are `required`'s job)."""
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        values = pc.fill_null(values, null_is).to_numpy(zero_copy_only=False)
    return pd.Series(np.asarray(values, dtype=bool), index=index)


def _in(arr: pa.Array, values: pa.Array) -> pa.Array:
    """Membership where null passes (is_in says False for null)."""
    return pc.or_(pc.is_in(arr, value_set=values), pc.is_null(arr))


def _constraint_value(value: Any, fdesc: dict[str, Any]) -> Any:
    """A constraint's value in the field's Python type (dates in JSON are strings)."""
    if fdesc.get("type") == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if fdesc.get("type") == "number" and value is not None:
        return float(value)
    return value


def pandera_dtype(fdesc: dict[str, Any]) -> pd.ArrowDtype:
    """The pandas dtype of a typed column: Arrow-backed, so dates stay dates and integers stay nullable."""
    return pd.ArrowDtype(ARROW_TYPES.get(fdesc.get("type", "string"), pa.string()))


def pattern_check(pattern: str) -> pdr.Check:
    """`pattern`: whole-value match; RE2 in pyarrow for speed, Python `re` (Frictionless's engine) has the last word."""
    anchored = f"^(?:{pattern})$"
    py = re.compile(anchored)

    def check(s: pd.Series) -> pd.Series:
        arr = _arrow(s)
        try:
            ok = pc.fill_null(pc.match_substring_regex(arr, anchored), True).to_numpy(zero_copy_only=False)
        except pa.ArrowInvalid:  # not RE2 syntax (lookaround, backrefs): Python for every cell
            ok = np.zeros(len(arr), dtype=bool)
        # RE2's \d \w \s are ASCII, Python's are Unicode: re-check what RE2 refused
        ok = ok.copy()
        refused = np.flatnonzero(~ok)
        for i, v in zip(refused.tolist(), arr.take(pa.array(refused, pa.int64())).to_pylist()):
            ok[i] = v is None or py.match(v) is not None
        return pd.Series(ok, index=s.index)

    return pdr.Check(check, name="pattern")


def field_checks(fdesc: dict[str, Any], primary_key: list[str] | None = None) -> list[pdr.Check]:
    """pandera checks of one typed column from its Table Schema constraints (nulls pass; `required` is separate)."""
    c = fdesc.get("constraints", {})
    ftype = fdesc.get("type", "string")
    checks: list[pdr.Check] = []
    if c.get("unique") and (primary_key or []) != [fdesc["name"]]:  # a one-column key is checked as primary-key
        checks.append(
            pdr.Check(
                lambda s: _mask(~s.duplicated(keep="first").to_numpy() | s.isna().to_numpy(), s.index), name="unique"
            )
        )
    if "enum" in c:
        enum = [_constraint_value(v, fdesc) for v in c["enum"]]
        checks.append(
            pdr.Check(lambda s, e=enum: _mask(_in(_arrow(s), pa.array(e, type=_arrow(s).type)), s.index), name="enum")
        )
    if "pattern" in c:
        checks.append(pattern_check(c["pattern"]))
    for rule, op in (("minimum", pc.greater_equal), ("maximum", pc.less_equal)):
        if rule in c:
            bound = _constraint_value(c[rule], fdesc)
            checks.append(
                pdr.Check(
                    lambda s, b=bound, op=op: _mask(op(_arrow(s), pa.scalar(b, type=_arrow(s).type)), s.index),
                    name=rule,
                )
            )
    length = pc.list_value_length if ftype == "array" else pc.utf8_length
    for rule, op in (("minLength", pc.greater_equal), ("maxLength", pc.less_equal)):
        if rule in c:
            checks.append(pdr.Check(lambda s, b=c[rule], op=op: _mask(op(length(_arrow(s)), b), s.index), name=rule))
    return checks


def type_check(invalid: np.ndarray | None) -> pdr.Check:
    """`type`: the cells the CSV reader could not read as the field's type (see `cells.parse_column`)."""

    def check(s: pd.Series) -> pd.Series:
        return pd.Series(np.ones(len(s), dtype=bool) if invalid is None else ~invalid, index=s.index)

    return pdr.Check(check, name="type")


def raw_schema(schema: TableSchema, parsed: ParsedTable) -> pdr.DataFrameSchema:
    """Schema of the raw CSV cells: `required` (primary key fields are required) and `type`."""
    columns = {}
    for f in schema.fields:
        required = bool(f.get("constraints", {}).get("required")) or f["name"] in schema.primary_key
        columns[f["name"]] = pdr.Column(nullable=not required, checks=[type_check(parsed.invalid.get(f["name"]))])
    return pdr.DataFrameSchema(columns, name=f"{schema.name} (cells)")


def foreign_key_check(fk: dict[str, Any], ref: pa.Table) -> pdr.Check:
    """`foreign-key`: every non-null key of the row is a key of the referenced table."""
    fields, ref_fields = fk["fields"], fk["reference"]["fields"]

    def check(df: pd.DataFrame) -> pd.Series:
        if len(fields) == 1:
            arr = _arrow(df[fields[0]])
            ref_values = pc.unique(ref.column(ref_fields[0]).combine_chunks()).cast(arr.type)
            return _mask(_in(arr, ref_values), df.index)
        keys = pd.DataFrame({f: df[f].astype(object) for f in fields})
        known = pd.DataFrame(
            {f: pd.Series(ref.column(r).to_pylist(), dtype=object) for f, r in zip(fields, ref_fields)}
        ).drop_duplicates()
        merged = keys.merge(known, how="left", on=fields, indicator=True)
        found = (merged["_merge"] == "both").to_numpy() | keys.isna().any(axis=1).to_numpy()
        return pd.Series(found, index=df.index)

    return pdr.Check(check, name=f"foreign-key:{','.join(fields)}")


def spans(schema: TableSchema) -> list[tuple[str, str, str]]:
    """(start, end, text) column triples of a table: `start`/`end` with `surface` or `text`, and any
    `<p>_start`/`<p>_end` with `<p>_surface`, `<p>_text` or `<p>` (e.g. quotes' speaker and cue spans)."""
    names = set(schema.field_names)
    out = []
    for name in schema.field_names:
        if not name.endswith("start"):
            continue
        prefix = name[: -len("start")]
        end = prefix + "end"
        candidates = [prefix + c for c in SPAN_TEXT_COLUMNS] + ([prefix.rstrip("_")] if prefix else [])
        text = next((c for c in candidates if c in names and schema.field(c).get("type", "string") == "string"), None)
        if end in names and text:
            out.append((name, end, text))
    return out


def span_article_link(schema: TableSchema, tables: dict[str, ParsedTable]) -> tuple[str, str, str] | None:
    """(article key column, articles table, its key column) when a table references a table with a `body`."""
    for fk in schema.foreign_keys:
        ref = fk["reference"]["resource"] or schema.name
        if len(fk["fields"]) == 1 and ref in tables and "body" in tables[ref].typed.column_names:
            return fk["fields"][0], ref, fk["reference"]["fields"][0]
    return None


def _article_positions(df: pd.DataFrame, key: str, articles: pa.Table, ref_key: str) -> np.ndarray:
    """Row position in the articles table of each row's article (-1 when unknown)."""
    pos = pc.index_in(_arrow(df[key]), value_set=articles.column(ref_key).combine_chunks())
    return pc.fill_null(pos, -1).to_numpy(zero_copy_only=False)


def span_fields(schema: TableSchema, articles: pa.Table) -> tuple[str, list[str]] | None:
    """(the field column, the article text columns it may name) when a table's spans say which article text
    they index (mentions' and figures' `field`: body or title); None when every span indexes the body."""
    if FIELD_COLUMN not in schema.field_names:
        return None
    allowed = schema.field(FIELD_COLUMN).get("constraints", {}).get("enum") or articles.column_names
    texts = [c for c in allowed if c in articles.column_names and pa.types.is_string(articles.schema.field(c).type)]
    return FIELD_COLUMN, texts


def _text_lengths(articles: pa.Table, column: str) -> np.ndarray:
    """Length of each article's text in a column, -1 where null (the body's is n_chars when the table has it)."""
    if column == "body" and "n_chars" in articles.column_names:
        return pc.fill_null(articles.column("n_chars"), -1).to_numpy()
    return pc.fill_null(pc.utf8_length(articles.column(column)), -1).to_numpy().astype(np.int64)


def offset_checks(
    schema: TableSchema, tables: dict[str, ParsedTable], texts: dict[tuple[str, str], list[Any]] | None = None
) -> list[pdr.Check]:
    """`offset-range` and `offset` for every span of a table that references articles: into the body, or
    into the article text the row's `field` names (`<field text>[start:end] == surface`).

    ``texts`` keeps the article texts as Python strings across the tables of one run (mentions, figures and
    quotes index the same bodies: converting them once saves a pass over every body per table)."""
    link = span_article_link(schema, tables)
    triples = spans(schema)
    if link is None or not triples:
        return []
    key, art_name, ref_key = link
    articles = tables[art_name].typed
    by_field = span_fields(schema, articles)
    text_columns = by_field[1] if by_field else ["body"]
    # one list of texts and one array of lengths per article text column a row may index
    texts = {} if texts is None else texts
    for c in text_columns:
        if (art_name, c) not in texts:
            texts[(art_name, c)] = articles.column(c).to_pylist()
    texts_of = [texts[(art_name, c)] for c in text_columns]
    lengths_of = np.stack([_text_lengths(articles, c) for c in text_columns]) if text_columns else None

    def which_text(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Per row: index into text_columns (-1: a field value naming no article text) and whether it is null."""
        if by_field is None:
            return np.zeros(len(df), dtype=np.int64), np.zeros(len(df), dtype=bool)
        values = _arrow(df[by_field[0]])
        idx = pc.index_in(values, value_set=pa.array(text_columns, pa.string()))
        return pc.fill_null(idx, -1).to_numpy(zero_copy_only=False), values.is_null().to_numpy(zero_copy_only=False)

    checks = []
    for start_col, end_col, text_col in triples:

        def located(
            df: pd.DataFrame, sc: str = start_col, ec: str = end_col
        ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
            pos = _article_positions(df, key, articles, ref_key)
            which, null_field = which_text(df)
            # a row of an unknown article, a null offset or a null field is another rule's to report
            known = (pos >= 0) & ~null_field & df[sc].notna().to_numpy() & df[ec].notna().to_numpy()
            start = df[sc].fillna(0).to_numpy(dtype=np.int64)
            return pos, which, known, start, df[ec].fillna(0).to_numpy(dtype=np.int64)

        def range_check(df: pd.DataFrame, located=located) -> pd.Series:
            pos, which, known, start, end = located(df)
            limit = np.full(len(df), -1, dtype=np.int64)  # a field naming no article text: no offset is in range
            if lengths_of is not None:
                found = (pos >= 0) & (which >= 0)
                limit[found] = lengths_of[which[found], pos[found]]
            return pd.Series(~known | ((start >= 0) & (start < end) & (end <= limit)), index=df.index)

        def text_check(df: pd.DataFrame, located=located, tc: str = text_col) -> pd.Series:
            pos, which, known, start, end = located(df)
            surfaces = _arrow(df[tc]).to_pylist()  # Series.tolist() on Arrow columns iterates in Python
            ok = np.ones(len(df), dtype=bool)
            rows = np.flatnonzero(known)
            # Python ints, not numpy scalars, in the loop: indexing numpy arrays per row costs more than the slice
            for i, w, p, s, e in zip(
                rows.tolist(), which[rows].tolist(), pos[rows].tolist(), start[rows].tolist(), end[rows].tolist()
            ):
                text = texts_of[w][p] if w >= 0 else None
                ok[i] = text is not None and text[s:e] == surfaces[i]
            return pd.Series(ok, index=df.index)

        checks.append(pdr.Check(range_check, name=f"offset-range:{start_col}"))
        checks.append(pdr.Check(text_check, name=f"offset:{text_col}"))
    return checks


def overlap_check(keys: list[str]) -> pdr.Check:
    """`overlap`: a span that starts before an earlier span of the same article (and article text) ends."""

    def check(df: pd.DataFrame) -> pd.Series:
        group = df[keys[0]].astype(object)
        for k in keys[1:]:  # one group per article text: a title's spans and the body's never overlap
            group = group.str.cat(df[k].astype(object).fillna(""), sep="\x1f")
        frame = pd.DataFrame({"a": group, "s": df["start"].astype("float64"), "e": df["end"].astype("float64")})
        frame = frame.sort_values(["a", "s", "e"], kind="stable")
        prev_end = frame.groupby("a", sort=False)["e"].cummax()
        prev_end = prev_end.groupby(frame["a"], sort=False).shift(1)
        bad = (frame["s"] < prev_end).reindex(df.index).fillna(False).to_numpy(dtype=bool)
        return pd.Series(~bad, index=df.index)

    return pdr.Check(check, name="overlap:start")


def table_schema(
    schema: TableSchema, tables: dict[str, ParsedTable], texts: dict[tuple[str, str], list[Any]] | None = None
) -> pdr.DataFrameSchema:
    """Schema of the typed values: column constraints, primary key, foreign keys and span rules (``texts``:
    see `offset_checks`)."""
    pk = schema.primary_key
    columns = {
        f["name"]: pdr.Column(pandera_dtype(f), nullable=True, checks=field_checks(f, pk)) for f in schema.fields
    }
    checks: list[pdr.Check] = []
    if pk:
        checks.append(
            pdr.Check(
                lambda df: pd.Series(~df.duplicated(subset=pk, keep="first").to_numpy(), index=df.index),
                name=f"primary-key:{','.join(pk)}",
            )
        )
    for fk in schema.foreign_keys:
        ref_name = fk["reference"]["resource"] or schema.name
        if ref_name in tables:
            checks.append(foreign_key_check(fk, tables[ref_name].typed))
    checks.extend(offset_checks(schema, tables, texts))
    link = span_article_link(schema, tables)
    if (
        schema.name in NO_OVERLAP_TABLES
        and link is not None
        and "start" in schema.field_names
        and "end" in schema.field_names
    ):
        keys = [link[0]] + ([FIELD_COLUMN] if FIELD_COLUMN in schema.field_names else [])
        checks.append(overlap_check(keys))
    return pdr.DataFrameSchema(columns, checks=checks, name=schema.name)


def count_checks(schema: pdr.DataFrameSchema) -> int:
    """Number of checks a pandera schema runs (for the report)."""
    n = len(schema.checks)
    for col in schema.columns.values():
        n += len(col.checks) + (0 if col.nullable else 1) + (1 if col.dtype is not None else 0)
    return n


def _failures_from(exc: pdr.errors.SchemaErrors, table: str, parsed: ParsedTable, schema: TableSchema) -> list[Failure]:
    """Group pandera's failure cases by (check, column) into report rows with row numbers and keys."""
    fc = exc.failure_cases
    out = []
    frame_level = fc["schema_context"] == "DataFrameSchema"
    fc = fc.assign(column=fc["column"].where(~frame_level, ""))
    for (check, column), group in fc.groupby(["check", "column"], sort=True, dropna=False):
        check = str(check)
        column = str(column) if isinstance(column, str) else ""
        if ":" in check:  # our table-level checks are named "<rule>:<column>"
            check, column = check.split(":", 1)
        rule = _BUILTIN_RULES.get(check, "type" if check.startswith("dtype(") else check)
        idx = sorted({int(i) for i in group["index"].dropna()})
        out.append(_failure(table, rule, column, idx, parsed, schema, _message(schema, rule, column)))
    return out


def _message(schema: TableSchema, rule: str, column: str) -> str:
    """What the rule says, with the schema's value for it (e.g. `minimum 0`)."""
    try:
        value = schema.field(column).get("constraints", {}).get(rule) if column else None
    except KeyError:
        value = None
    if rule == "type" and column in schema.field_names:
        return f"not a valid {schema.field(column).get('type', 'string')}"
    return f"{rule} {value}" if value is not None else RULES.get(rule, rule)


def _failure(
    table: str, rule: str, column: str, idx: list[int], parsed: ParsedTable, schema: TableSchema, message: str = ""
) -> Failure:
    """A report row with the first failing rows' numbers (header = row 1) and primary keys."""
    first = idx[:MAX_EXAMPLES]
    keys: list[str] = []
    if schema.primary_key and first:
        cols = [parsed.raw.column(c).take(pa.array(first, pa.int64())).to_pylist() for c in schema.primary_key]
        keys = ["/".join("" if v is None else str(v) for v in vals) for vals in zip(*cols)]
    return Failure(
        engine=ENGINE,
        table=table,
        rule=rule,
        column=column,
        count=len(idx),
        rows=[i + 2 for i in first],
        keys=keys,
        message=message,
    )


def read_tables(release: Release) -> dict[str, ParsedTable]:
    """Read and parse every table whose CSV exists (a missing file is reported by Frictionless)."""
    tables = {}
    for name, schema in release.schemas().items():
        path = release.csv_path(name)
        if path.is_file():
            tables[name] = read_table(path, schema)
    return tables


def run(
    release: Release, tables: dict[str, ParsedTable] | None = None
) -> tuple[list[Failure], int, dict[str, ParsedTable]]:
    """Validate every row of every table; return failures, number of checks run, and the parsed tables."""
    tables = read_tables(release) if tables is None else tables
    schemas = release.schemas()
    failures: list[Failure] = []
    n_checks = 0
    texts: dict[tuple[str, str], list[Any]] = {}  # article texts as Python strings, shared by the span tables
    for name, parsed in tables.items():
        schema = schemas[name]
        for problem in parsed.problems:
            failures.append(
                Failure(
                    ENGINE,
                    name,
                    problem.rule,
                    count=max(len(problem.rows), 1),
                    rows=problem.rows[:MAX_EXAMPLES],
                    message=problem.message,
                )
            )
        raw = parsed.raw.to_pandas(types_mapper=pd.ArrowDtype)
        typed = parsed.typed.to_pandas(types_mapper=pd.ArrowDtype)
        for pschema, frame in ((raw_schema(schema, parsed), raw), (table_schema(schema, tables, texts), typed)):
            n_checks += count_checks(pschema)
            try:
                pschema.validate(frame, lazy=True)
            except pdr.errors.SchemaErrors as exc:
                failures.extend(_failures_from(exc, name, parsed, schema))
    return failures, n_checks, tables
