"""akhbar.connect and `akhbar sql`: typed views over releases and over any Frictionless data package."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
from release_helpers import HostileHandler, RedirectHandler, SlowHandler, mini_project, serve
from typer.testing import CliRunner

import akhbar
from akhbar.access.api import PackageError, connect, run_sql
from akhbar.access.sql import QueryError
from akhbar.cli import app
from akhbar.pipeline.build import build

SCHEMA = {
    "fields": [
        {"name": "code", "type": "string"},
        {"name": "count", "type": "integer"},
        {"name": "amount", "type": "number", "decimalChar": ",", "groupChar": "."},
        {"name": "ok", "type": "boolean", "trueValues": ["نعم"], "falseValues": ["لا"]},
        {"name": "day", "type": "date"},
        {"name": "local_day", "type": "date", "format": "%d/%m/%Y"},
        {"name": "tags", "type": "array"},
        {"name": "meta", "type": "object"},
        {"name": "year", "type": "year"},
        {"name": "seen", "type": "datetime"},
    ],
    "primaryKey": ["code"],
    "missingValues": ["", "NA"],
}
ROWS = [
    "code;count;amount;ok;day;local_day;tags;meta;year;seen",
    '007;12;1.234,5;نعم;2024-05-01;02/03/2024;"[""a"",""ب""]";"{""k"": 1}";2024;2024-05-01T10:00:00+02:00',
    "010;NA;;لا;;;;;;",
]


def write_package(folder: Path, schema: dict | str = SCHEMA, rows: list[str] = ROWS, extra: dict | None = None) -> Path:
    """A semicolon-separated CSV package with the types above."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data").mkdir(exist_ok=True)
    (folder / "data" / "things.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    resource = {
        "name": "things",
        "path": "data/things.csv",
        "dialect": {"delimiter": ";"},
        "schema": schema,
        **(extra or {}),
    }
    desc = {
        "name": "things-package",
        "version": "1.0.0",
        "resources": [resource, {"name": "notes", "path": "README.txt"}],
    }
    (folder / "README.txt").write_text("not a table\n", encoding="utf-8")
    (folder / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False), encoding="utf-8")
    return folder / "datapackage.json"


def test_any_package_gets_typed_views_without_guessing(tmp_path: Path):
    con = connect(package=write_package(tmp_path / "pkg"))
    types = dict(con.execute("select column_name, column_type from (describe things)").fetchall())
    assert types == {
        "code": "VARCHAR",
        "count": "BIGINT",
        "amount": "DOUBLE",
        "ok": "BOOLEAN",
        "day": "DATE",
        "local_day": "DATE",
        "tags": "VARCHAR[]",
        "meta": "JSON",
        "year": "INTEGER",
        "seen": "TIMESTAMP WITH TIME ZONE",
    }
    first, second = con.execute("select * from things order by code").fetchall()
    # '007' stays text: DuckDB would have guessed an integer
    assert first[:7] == ("007", 12, 1234.5, True, dt.date(2024, 5, 1), dt.date(2024, 3, 2), ["a", "ب"])
    assert json.loads(first[7]) == {"k": 1} and first[8] == 2024
    assert first[9] == dt.datetime(2024, 5, 1, 8, 0, tzinfo=dt.timezone.utc)  # an instant, offset applied
    assert second == ("010", None, None, False, None, None, None, None, None, None)  # "NA" and "" are missing values
    assert [r[0] for r in con.execute("select view_name from duckdb_views() where not internal").fetchall()] == [
        "things"
    ]


def test_schema_given_by_path(tmp_path: Path):
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "things.schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    con = connect(package=write_package(folder, schema="things.schema.json"))
    assert con.execute("select count from things where code = '007'").fetchone() == (12,)


def test_header_that_does_not_match_the_schema_is_refused(tmp_path: Path):
    rows = [ROWS[0].replace("count", "total"), *ROWS[1:]]
    with pytest.raises(PackageError, match=r"resource 'things': header .* does not match"):
        connect(package=write_package(tmp_path / "pkg", rows=rows))


def test_a_value_that_does_not_parse_is_an_error_not_a_guess(tmp_path: Path):
    rows = [ROWS[0], ROWS[1].replace(";12;", ";twelve;")]
    con = connect(package=write_package(tmp_path / "pkg", rows=rows))
    with pytest.raises(duckdb.ConversionException):
        con.execute("select count from things").fetchall()
    bad_bool = [ROWS[0], ROWS[1].replace("نعم", "ربما")]
    con = connect(package=write_package(tmp_path / "pkg2", rows=bad_bool))
    with pytest.raises(duckdb.Error, match="not a boolean"):
        con.execute("select ok from things").fetchall()


def test_unsafe_resource_paths_are_refused(tmp_path: Path):
    path = write_package(tmp_path / "pkg")
    desc = json.loads(path.read_text(encoding="utf-8"))
    desc["resources"][0]["path"] = "../../etc/passwd"
    path.write_text(json.dumps(desc), encoding="utf-8")
    with pytest.raises(PackageError, match="unsafe path"):
        connect(package=path)


def test_package_over_http_is_downloaded_checked_and_read(tmp_path: Path):
    path = write_package(tmp_path / "www" / "pkg")
    csv_bytes = (path.parent / "data" / "things.csv").read_bytes()
    desc = json.loads(path.read_text(encoding="utf-8"))
    desc["resources"][0]["bytes"] = len(csv_bytes)
    path.write_text(json.dumps(desc), encoding="utf-8")
    with serve(tmp_path / "www") as base:
        url = f"{base}/pkg/datapackage.json"
        con = connect(package=url, cache_dir=tmp_path / "cache")
        assert con.execute("select amount from things where code = '007'").fetchone() == (1234.5,)
        result = run_sql("select count(*) from things", package=url, cache_dir=tmp_path / "cache")
        assert result.rows == [(2,)]
        desc["resources"][0]["bytes"] = len(csv_bytes) + 1
        path.write_text(json.dumps(desc), encoding="utf-8")
        with pytest.raises(PackageError, match="data/things.csv"):
            connect(package=url, cache_dir=tmp_path / "cache2")


def test_package_url_downloads_only_from_its_origin_and_within_bytes(tmp_path: Path):
    path = write_package(tmp_path / "www" / "pkg")
    desc = json.loads(path.read_text(encoding="utf-8"))
    cache = tmp_path / "cache"
    with serve(tmp_path / "www", HostileHandler) as base, serve(tmp_path / "www", HostileHandler) as other:
        url = f"{base}/pkg/datapackage.json"
        # a resource on another server (here: another port) needs the user's leave
        desc["resources"][0]["path"] = f"{other}/pkg/data/things.csv"
        path.write_text(json.dumps(desc), encoding="utf-8")
        with pytest.raises(QueryError, match="another server.*--allow-origin"):
            run_sql("select count(*) from things", package=url, cache_dir=cache)
        assert run_sql("select count(*) from things", package=url, cache_dir=cache, allow_origins=[other]).rows == [
            (2,)
        ]
        # an endless stream stops at the declared bytes, or at the cap when none is declared
        desc["resources"][0].update(path=f"{base}/endless.csv", bytes=5000)
        path.write_text(json.dumps(desc), encoding="utf-8")
        with pytest.raises(PackageError, match="5000-byte limit"):
            connect(package=url, cache_dir=cache)
        del desc["resources"][0]["bytes"]
        path.write_text(json.dumps(desc), encoding="utf-8")
        with pytest.raises(PackageError, match="100000-byte limit"):
            connect(package=url, cache_dir=cache, max_bytes=100_000)
    assert all(p.stat().st_size <= 100_000 for p in cache.rglob("*") if p.is_file())


def test_every_remote_read_of_a_package_follows_redirects_to_allowed_origins_only(tmp_path: Path):
    write_package(tmp_path / "www" / "pkg", schema="things.schema.json")
    (tmp_path / "www" / "pkg" / "things.schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    local = write_package(tmp_path / "local", schema="")
    cache = tmp_path / "cache"
    with serve(tmp_path / "www", RedirectHandler) as base:
        port = base.rsplit(":", 1)[1]
        # localhost is another origin than 127.0.0.1: the descriptor, and through it its schema, move there
        url = f"{base}/to/localhost:{port}/pkg/datapackage.json"
        allowed = [f"http://localhost:{port}"]
        with pytest.raises(QueryError, match="redirected to another server.*--allow-origin"):
            run_sql("select count(*) from things", package=url, cache_dir=cache)
        assert run_sql("select count(*) from things", package=url, cache_dir=cache, allow_origins=allowed).rows == [
            (2,)
        ]
        refused = CliRunner().invoke(app, ["sql", "select 1 from things", "--package", url, "--cache-dir", str(cache)])
        assert refused.exit_code == 1 and "another server" in refused.output
        # a local package's schema given by URL
        desc = json.loads(local.read_text(encoding="utf-8"))
        desc["resources"][0]["schema"] = f"{base}/to/localhost:{port}/pkg/things.schema.json"
        local.write_text(json.dumps(desc), encoding="utf-8")
        with pytest.raises(PackageError, match="redirected to another server"):
            connect(package=local)
        con = connect(package=local, allow_origins=allowed)
        assert con.execute("select amount from things where code = '007'").fetchone() == (1234.5,)
        # an origin that is allowed does not open the way to others
        elsewhere = f"{base}/to/localhost:{port}/pkg/datapackage.json"
        with pytest.raises(QueryError, match="redirected to another server"):
            run_sql("select 1", package=elsewhere, cache_dir=cache, allow_origins=["http://example.org"])


def test_a_package_read_from_its_url_has_a_whole_download_deadline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    write_package(tmp_path / "www" / "pkg")
    runner = CliRunner()
    with serve(tmp_path / "www", SlowHandler) as base:
        # each of the three files (descriptor, CSV, README) answers in 0.3 s, far within one file's deadline
        url = f"{base}/pkg/datapackage.json"
        with pytest.raises(PackageError, match=r"0\.5-second deadline \(--deadline or \$AKHBAR_PULL_DEADLINE\)"):
            connect(package=url, cache_dir=tmp_path / "a", deadline_s=0.5)
        late = runner.invoke(
            app, ["sql", "select 1", "--package", url, "--cache-dir", str(tmp_path / "b")] + ["--deadline", "0.5"]
        )
        assert late.exit_code == 1 and "0.5-second deadline" in late.output, late.output
        assert run_sql("select count(*) from things", package=url, cache_dir=tmp_path / "c", deadline_s=60).rows == [
            (2,)
        ]
        monkeypatch.setenv("AKHBAR_PULL_DEADLINE", "0.5")
        with pytest.raises(QueryError, match="0.5-second deadline"):
            run_sql("select 1", package=url, cache_dir=tmp_path / "d")
        monkeypatch.setenv("AKHBAR_PULL_DEADLINE", "soon")
        with pytest.raises(PackageError, match="AKHBAR_PULL_DEADLINE"):
            connect(package=url, cache_dir=tmp_path / "e")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A one-table project and a release of it built into its dist/."""
    project = mini_project(tmp_path_factory.mktemp("api") / "project")
    return project, build(project, out_dir=project / "dist", validate=False)


def test_connect_to_a_release_by_folder_version_or_default(built: tuple[Path, Path]):
    project, release = built
    for con in (akhbar.connect(release), connect(version="0.1.0", project=project), connect(project=project)):
        views = [r[0] for r in con.execute("select view_name from duckdb_views() where not internal").fetchall()]
        desc = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
        assert views == [r["name"] for r in desc["resources"]]
        assert con.execute("select count(*), count(published) <= count(*) from articles").fetchone() == (5, True)
    with pytest.raises(PackageError, match="no version 9.9.9"):
        connect(version="9.9.9", project=project, cache_dir=project / "no-cache")


def test_a_release_url_is_pulled_with_the_allowed_origins(built: tuple[Path, Path], tmp_path: Path):
    _, release = built
    with serve(release, RedirectHandler) as base:
        port = base.rsplit(":", 1)[1]
        url = f"{base}/to/localhost:{port}/datapackage.json"
        with pytest.raises(QueryError, match="redirected to another server"):
            run_sql("select count(*) from articles", release=url, cache_dir=tmp_path / "a")
        result = run_sql(
            "select count(*) from articles",
            release=url,
            cache_dir=tmp_path / "b",
            allow_origins=[f"http://localhost:{port}"],
        )
        assert result.rows == [(5,)]


def test_release_csv_read_by_schema_equals_parquet(built: tuple[Path, Path], tmp_path: Path):
    """The generic CSV reader and the release's Parquet files give the same typed rows."""
    _, release = built
    desc = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    for res in desc["resources"]:
        res.pop("parquet")
    (tmp_path / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    (tmp_path / "data").symlink_to(release / "data")
    from_csv = connect(package=tmp_path / "datapackage.json")
    from_parquet = connect(release)
    for res in desc["resources"]:
        name = res["name"]
        query = f"select * from {name} order by all"
        assert from_csv.execute(query).fetchall() == from_parquet.execute(query).fetchall()


def test_sql_over_a_package_is_read_only(tmp_path: Path):
    url = write_package(tmp_path / "pkg")
    with pytest.raises(QueryError, match="refused"):
        run_sql("create table x as select 1", package=str(url))
    with pytest.raises(QueryError, match="disabled by configuration|Permission"):
        run_sql("select * from read_csv('/etc/hostname')", package=str(url))
    with pytest.raises(QueryError, match="refused: SET"):
        run_sql("set enable_external_access = true", package=str(url))
    # a PRAGMA that changes a setting is a SET in disguise
    with pytest.raises(QueryError, match="refused"):
        run_sql("pragma threads=1", package=str(url))


def test_cli_sql_with_package_and_release(built: tuple[Path, Path], tmp_path: Path):
    project, release = built
    runner = CliRunner()
    pkg = write_package(tmp_path / "pkg")
    result = runner.invoke(app, ["sql", "--package", str(pkg), "--csv", "select code, count from things order by code"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["code,count", "007,12", "010,"]
    by_version = runner.invoke(
        app, ["sql", "--project", str(project), "--release", "0.1.0", "--csv", "select count(*) as n from articles"]
    )
    assert by_version.exit_code == 0 and by_version.output.splitlines() == ["n", "5"]
    default = runner.invoke(app, ["sql", "--project", str(project), "--csv", "select count(*) as n from articles"])
    assert default.exit_code == 0 and default.output.splitlines() == ["n", "5"]
    both = runner.invoke(app, ["sql", "--package", str(pkg), "--release", str(release), "select 1"])
    assert both.exit_code == 1 and "not both" in both.output


def _alter_database(release: Path) -> None:
    """Change one number in the release's DuckDB file, as someone editing the file would."""
    with duckdb.connect(str(release / "akhbar-news.duckdb")) as con:
        con.execute("update articles set n_words = n_words + 1000")


def test_altered_duckdb_file_is_refused_by_sql_and_api_alike(built: tuple[Path, Path], tmp_path: Path):
    import shutil

    project, release = built
    copy = Path(shutil.copytree(release, tmp_path / "0.1.0"))
    true_total = run_sql("select sum(n_words) from articles", release=str(copy)).rows
    assert not (copy / "SHA256SUMS").exists()  # nothing but the descriptor records the DuckDB file's hash
    _alter_database(copy)
    with pytest.raises(QueryError, match="akhbar-news.duckdb: refused"):
        run_sql("select sum(n_words) from articles", release=str(copy))
    # the Parquet files a connection reads are intact: it answers, with the true numbers
    assert akhbar.connect(copy).execute("select sum(n_words) from articles").fetchall() == true_total
    parquet = copy / "data" / "articles.parquet"
    parquet.write_bytes(parquet.read_bytes()[:-1] + b"\x00")
    with pytest.raises(PackageError, match="articles.parquet: refused"):
        akhbar.connect(copy)
    result = CliRunner().invoke(app, ["sql", "select 1", "--release", str(copy)])
    assert result.exit_code == 1 and "refused" in result.output
