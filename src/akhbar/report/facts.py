"""Gather what the release page shows: DuckDB queries on the release's own database and its side files.

Every query orders its rows completely (ties broken by a key) so that the page is byte-identical for
identical releases. A fact whose tables are absent from the release is None; the page then says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from akhbar.access.quoting import ident as _ident
from akhbar.access.sql import database_path, scalar
from akhbar.package.descriptor import read_descriptor
from akhbar.package.verify import verified_database

# Tables the data model promises beyond `articles`; the page names the ones a release lacks.
EXPECTED_TABLES = ("articles", "entities", "mentions", "figures", "quotes")
VALIDATION_REPORT = Path("validation") / "report.json"
DIFF_FILE = "diff.json"
CHANGELOG_FILE = "CHANGELOG.md"
SAMPLE_ROWS = 5
TOP_ENTITIES = 20
TOP_SPEAKERS = 15
NO_OUTLET = "(outlet unknown)"
NO_DATE = "undated"


@dataclass(frozen=True)
class Rows:
    """A query result as plain Python values: column names and rows."""

    columns: list[str]
    rows: list[tuple[Any, ...]]


@dataclass(frozen=True)
class TableFacts:
    """One published table: its descriptor entries, row count and first rows."""

    name: str
    title: str
    description: str
    rows: int
    csv_path: str
    csv_bytes: int | None
    parquet_path: str | None
    parquet_bytes: int | None
    sample: Rows


@dataclass(frozen=True)
class ExampleQuery:
    """A question, the SQL that answers it, and its real result on this release."""

    question: str
    sql: str
    result: Rows


@dataclass
class ReleaseFacts:
    """Everything the page shows about one release."""

    descriptor: dict[str, Any]
    tables: list[TableFacts]
    missing_tables: list[str]
    entities_by_type: pd.DataFrame | None = None
    top_entities: pd.DataFrame | None = None
    money_by_currency: pd.DataFrame | None = None
    top_speakers: pd.DataFrame | None = None
    articles_by_outlet_month: pd.DataFrame | None = None
    validation: dict[str, Any] | None = None
    diff: dict[str, Any] | None = None
    changelog: str | None = None
    examples: list[ExampleQuery] = field(default_factory=list)


def connect(release_dir: Path) -> duckdb.DuckDBPyConnection:
    """Open the release's DuckDB file read-only, with no access to other files, once its recorded hash is checked."""
    db = verified_database(release_dir) or database_path(release_dir)  # older releases record no hash for it
    return duckdb.connect(str(db), read_only=True, config={"enable_external_access": False})


def present_tables(con: duckdb.DuckDBPyConnection, descriptor: dict[str, Any]) -> list[str]:
    """Tables the descriptor publishes that the database holds, in descriptor order."""
    in_db = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    return [r["name"] for r in descriptor.get("resources", []) if r.get("name") in in_db]


def columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Column names of a table, in order."""
    rows = con.execute(
        "select column_name from information_schema.columns where table_name = ? order by ordinal_position", [table]
    ).fetchall()
    return [r[0] for r in rows]


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
    """Run a query and return its result as a DataFrame."""
    return con.execute(sql, params or []).df()


def fetch(con: duckdb.DuckDBPyConnection, sql: str) -> Rows:
    """Run a query and return its columns and rows as Python values."""
    cur = con.execute(sql)
    return Rows(columns=[d[0] for d in cur.description or []], rows=cur.fetchall())


def table_facts(con: duckdb.DuckDBPyConnection, resource: dict[str, Any], n: int = SAMPLE_ROWS) -> TableFacts:
    """Row count and the first ``n`` rows (in primary-key order) of one table."""
    name = resource["name"]
    pk = resource.get("schema", {}).get("primaryKey") or []
    pk = [pk] if isinstance(pk, str) else list(pk)
    order = ", ".join(_ident(c) for c in pk) or "all"
    rows = scalar(con, f"select count(*) from {_ident(name)}")
    sample = fetch(con, f"select * from {_ident(name)} order by {order} limit {int(n)}")
    parquet = resource.get("parquet") or {}
    return TableFacts(
        name=name,
        title=resource.get("title", name),
        description=resource.get("description", ""),
        rows=int(rows),
        csv_path=resource.get("path", f"data/{name}.csv"),
        csv_bytes=resource.get("bytes"),
        parquet_path=parquet.get("path"),
        parquet_bytes=parquet.get("bytes"),
        sample=sample,
    )


def entities_by_type(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Number of entities of each type."""
    return frame(con, "select type, count(*) as entities from entities group by type order by entities desc, type")


def _in_field(con: duckdb.DuckDBPyConnection, table: str, field: str, alias: str = "") -> str:
    """An SQL condition: the row was found in an article's ``field`` (body, title); for a release from before
    the `field` column, where every row is in the body, true for the body and false for the title."""
    if "field" in columns(con, table):
        return f"{alias}field = '{field}'"
    return "true" if field == "body" else "false"


def top_entities(con: duckdb.DuckDBPyConnection, n: int = TOP_ENTITIES) -> pd.DataFrame:
    """The ``n`` most mentioned entities: id, Arabic and English names, type, mentions (titles and bodies),
    mentions in titles, articles."""
    in_titles = f"count(*) filter (where {_in_field(con, 'mentions', 'title', 'm.')}) as in_titles"
    if "entities" in _tables(con):
        # counted per entity before the join: grouping by the names too costs twice as much on 400k mentions
        sql = (
            f"with m as (select entity_id, count(*) as mentions, {in_titles}, count(distinct article_id) as articles "
            "from mentions m group by entity_id) "
            "select m.entity_id, e.name_ar, e.name_en, e.type, m.mentions, m.in_titles, m.articles "
            "from m left join entities e using (entity_id) "
            "order by mentions desc, articles desc, m.entity_id limit ?"
        )
    else:
        sql = (
            f"select entity_id, null as name_ar, null as name_en, null as type, count(*) as mentions, {in_titles}, "
            "count(distinct article_id) as articles from mentions m group by all "
            "order by mentions desc, articles desc, entity_id limit ?"
        )
    return frame(con, sql, [n])


def money_by_currency(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Money figures per currency: count, total, and the US-dollar total where the text states an equivalent.

    A figure with ``equivalent_of`` restates another figure (e.g. "10 مليارات روبل (نحو 130 مليون دولار)"), so
    each pair counts once, under the currency of the figure that is not a restatement; its US-dollar value is
    its own when it is in USD, else that of a USD figure linked to it (in either direction). Only body figures
    count: a headline restates an amount of its article's body, which would then count twice.
    """
    if "equivalent_of" in columns(con, "figures"):
        # two equality joins, one per direction of the link: a join on `a or b` compares every pair of rows
        linked = (
            "select figure_id, max(usd) as usd from ("
            "select u.equivalent_of as figure_id, u.value as usd from money u "
            "where u.unit = 'USD' and u.equivalent_of is not null "
            "union all "
            "select f.figure_id, u.value from money f join money u on u.unit = 'USD' and f.equivalent_of = u.figure_id"
            ") group by figure_id"
        )
        base = "select * from money where equivalent_of is null"
    else:
        linked = "select null::varchar as figure_id, null::double as usd where false"
        base = "select * from money"
    return frame(
        con,
        f"""
        with money as (select * from figures
                       where kind = 'money' and unit is not null and {_in_field(con, "figures", "body")}),
             linked as ({linked}),
             facts as (
                select b.figure_id, b.unit, b.value,
                       case when b.unit = 'USD' then b.value else l.usd end as usd
                from ({base}) b left join linked l using (figure_id))
        select unit as currency, count(*) as figures, count(value) as with_value, sum(value) as total,
               count(usd) as with_usd, sum(usd) as usd_total
        from facts group by unit order by figures desc, currency
        """,
    )


def top_speakers(con: duckdb.DuckDBPyConnection, n: int = TOP_SPEAKERS) -> pd.DataFrame:
    """Who is quoted most: resolved speakers by entity, unresolved ones by the words naming them."""
    if "entities" in _tables(con):
        names, join = "e.name_ar, e.name_en", "left join entities e using (entity_id)"
    else:
        names, join = "null as name_ar, null as name_en", ""
    return frame(
        con,
        f"""
        with q as (
            select direct, speaker_entity_id as entity_id,
                   case when speaker_entity_id is null then speaker_surface end as surface
            from quotes where speaker_entity_id is not null or speaker_surface is not null)
        select q.entity_id, q.surface, {names}, count(*) as quotes, count(*) filter (where q.direct) as direct
        from q {join}
        group by all
        order by quotes desc, direct desc, q.entity_id nulls last, q.surface
        limit ?
        """,
        [n],
    )


def articles_by_outlet_month(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Articles per outlet and publication month (``undated`` / ``(outlet unknown)`` where the source is silent)."""
    return frame(
        con,
        f"""
        select coalesce(outlet, '{NO_OUTLET}') as outlet,
               coalesce(strftime(published, '%Y-%m'), '{NO_DATE}') as month,
               count(*) as articles, sum(n_words) as words
        from articles group by all order by month, outlet
        """,
    )


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Names of the tables in the database."""
    return {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}


# Questions an analyst asks, in order of preference; the page shows the first three whose tables exist.
EXAMPLE_QUERIES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "Stories, not copies: articles per outlet and how many are the first copy of their story",
        ("articles",),
        """-- a wire copy names its original in duplicate_of: count stories where it is null
select coalesce(outlet, '(no outlet)') as outlet, count(*) as articles,
       count(*) filter (where duplicate_of is null) as stories,
       count(*) filter (where similarity = 1) as exact_copies
from articles
group by all
order by articles desc, outlet
limit 8""",
    ),
    (
        "Which entities appear in the most stories (wire copies counted once)?",
        ("entities", "mentions", "articles"),
        """-- field says where a mention is: 'title' (the headline) or 'body'
select e.entity_id, e.name_ar, e.name_en, e.type,
       count(distinct coalesce(a.duplicate_of, a.article_id)) as stories,
       count(distinct m.article_id) as articles, count(*) as mentions,
       count(*) filter (where m.field = 'title') as in_titles
from mentions m join entities e using (entity_id) join articles a using (article_id)
group by all
order by stories desc, mentions desc, e.entity_id
limit 8""",
    ),
    (
        "The largest money figures, with the words around them",
        ("figures", "articles"),
        """-- DuckDB strings count from 1; offsets count from 0, into the body (headlines restate it: left out)
select f.surface, f.value, f.unit,
       replace(substring(a.body, greatest(f.start - 50, 0) + 1,
                         f."end" - greatest(f.start - 50, 0) + 30), chr(10), ' ') as context
from figures f join articles a using (article_id)
where f.kind = 'money' and f.value is not null and f.field = 'body'
order by f.value desc, f.figure_id
limit 5""",
    ),
    (
        "Who is quoted most, and how often in their own words?",
        ("quotes", "entities"),
        """select e.name_ar, e.name_en, count(*) as quotes,
       count(*) filter (where q.direct) as direct
from quotes q join entities e on e.entity_id = q.speaker_entity_id
group by all
order by quotes desc, direct desc, e.name_ar
limit 8""",
    ),
    (
        "Articles and words per outlet",
        ("articles",),
        """select outlet, count(*) as articles, sum(n_words) as words
from articles
group by outlet
order by articles desc, outlet nulls last""",
    ),
    (
        "The longest articles",
        ("articles",),
        """select article_id, title, n_words
from articles
order by n_words desc, article_id
limit 5""",
    ),
)


def example_queries(con: duckdb.DuckDBPyConnection, tables: set[str], k: int = 3) -> list[ExampleQuery]:
    """The first ``k`` example queries whose tables the release has, each run for its real result."""
    out: list[ExampleQuery] = []
    for question, needs, sql in EXAMPLE_QUERIES:
        if len(out) == k:
            break
        if not set(needs) <= tables:
            continue
        try:
            result = fetch(con, sql)
        except duckdb.Error:  # a table without the columns the query expects: pick the next question
            continue
        if result.rows:
            out.append(ExampleQuery(question=question, sql=sql, result=result))
    return out


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from a file, or None when the file is absent or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def read_text(path: Path) -> str | None:
    """A text file's content, or None when it is absent."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def gather(release_dir: Path) -> ReleaseFacts:
    """Query a release folder for everything its page shows."""
    release_dir = Path(release_dir)
    descriptor = read_descriptor(release_dir).raw
    con = connect(release_dir)
    try:
        names = present_tables(con, descriptor)
        have = set(names)
        resources = {r["name"]: r for r in descriptor.get("resources", [])}
        facts = ReleaseFacts(
            descriptor=descriptor,
            tables=[table_facts(con, resources[n]) for n in names],
            missing_tables=[t for t in EXPECTED_TABLES if t not in have],
        )
        if "entities" in have:
            facts.entities_by_type = entities_by_type(con)
        if "mentions" in have:
            facts.top_entities = top_entities(con)
        if "figures" in have:
            facts.money_by_currency = money_by_currency(con)
        if "quotes" in have:
            facts.top_speakers = top_speakers(con)
        if "articles" in have:
            facts.articles_by_outlet_month = articles_by_outlet_month(con)
        facts.examples = example_queries(con, have)
    finally:
        con.close()
    facts.validation = read_json(release_dir / VALIDATION_REPORT)
    facts.diff = read_json(release_dir / DIFF_FILE)
    facts.changelog = read_text(release_dir / CHANGELOG_FILE)
    return facts
