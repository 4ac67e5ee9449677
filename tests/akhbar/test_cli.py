"""The `akhbar` command: thin wrappers with useful help, clear errors and non-zero exits."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from akhbar.cli import app

runner = CliRunner()


@pytest.mark.parametrize("command", ["build", "sql"])
def test_help_describes_each_command(command: str):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output and len(result.output.splitlines()) > 5


def test_sql_prints_table_and_csv(built_release: Path):
    result = runner.invoke(
        app, ["sql", "--release", str(built_release), "--csv", "select article_id, n_words from articles order by 1"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == "article_id,n_words" and len(lines) == 6
    table = runner.invoke(app, ["sql", "--release", str(built_release), "select count(*) as n from articles"])
    assert table.exit_code == 0
    assert "│ 5 " in table.output and "1 row(s)" in table.output


def test_sql_refuses_writes_with_message(built_release: Path):
    result = runner.invoke(app, ["sql", "--release", str(built_release), "drop table articles"])
    assert result.exit_code == 1
    assert "refused" in result.output


def test_build_with_bad_input_names_file_and_publishes_nothing(tmp_path: Path, project_root: Path):
    raw = tmp_path / "raw"
    shutil.copytree(project_root / "raw", raw)
    (raw / "000_1e39a1e11d7186f3.txt").write_bytes(b"")
    out = tmp_path / "dist"
    result = runner.invoke(app, ["build", "--project", str(project_root), "--raw", str(raw), "--out", str(out)])
    assert result.exit_code == 1
    assert "000_1e39a1e11d7186f3.txt: empty file" in result.output
    assert "nothing was published" in result.output
    assert not any(out.rglob("datapackage.json"))


def test_build_from_another_folder_without_sources(tmp_path: Path, project_root: Path):
    raw = tmp_path / "corpus"
    raw.mkdir()
    shutil.copy(project_root / "raw" / "002_7d978f36b2d97e0f.txt", raw / "one.txt")
    out = tmp_path / "dist"
    result = runner.invoke(app, ["build", "--project", str(project_root), "--raw", str(raw), "--out", str(out)])
    assert result.exit_code == 0, result.output
    (release,) = [p.parent for p in out.rglob("datapackage.json")]
    check = runner.invoke(
        app, ["sql", "--release", str(release), "--csv", "select article_id, outlet is null from articles"]
    )
    assert check.output.strip().splitlines()[1] == "one,True"


def test_build_uses_the_extraction_cache_unless_no_cache(tmp_path: Path, project_root: Path):
    cache = tmp_path / "cache"
    args = ["build", "--project", str(project_root), "--cache-dir", str(cache)]
    bypass = runner.invoke(app, [*args, "--out", str(tmp_path / "a"), "--no-cache"])
    assert bypass.exit_code == 0, bypass.output
    assert not cache.exists()
    cold = runner.invoke(app, [*args, "--out", str(tmp_path / "b")])
    assert cold.exit_code == 0, cold.output
    assert re.search(r"0 of \d+ article results reused", cold.output)
    assert (cache / "extract" / "extract.sqlite").is_file()
    tables = sorted((tmp_path / "a").rglob("data/*"))
    assert tables and all(
        t.read_bytes() == (tmp_path / "b" / t.relative_to(tmp_path / "a")).read_bytes() for t in tables
    )


def test_cache_info_and_prune(tmp_path: Path, project_root: Path):
    cache = tmp_path / "cache"
    empty = runner.invoke(app, ["cache", "info", "--cache-dir", str(cache)])
    assert empty.exit_code == 0 and "entries 0 (0 B)" in empty.output and "builds recorded: 0" in empty.output
    built = runner.invoke(
        app, ["build", "--project", str(project_root), "--cache-dir", str(cache), "--out", str(tmp_path / "a")]
    )
    assert built.exit_code == 0, built.output
    info = runner.invoke(app, ["cache", "info", "--cache-dir", str(cache), "--json"])
    record = json.loads(info.output)
    assert record["builds"] == 1 and record["running"] == 0 and record["tables"]["entries"]["entries"] > 0
    assert record["used_by_last_build"] >= record["tables"]["entries"]["entries"]
    kept = runner.invoke(app, ["cache", "prune", "--cache-dir", str(cache)])  # the latest build used everything
    assert kept.exit_code == 0 and "removed 0 entries" in kept.output, kept.output
    old = runner.invoke(app, ["cache", "prune", "--cache-dir", str(cache), "--older-than", "0", "--json"])
    assert json.loads(old.output)["removed"]["entries"] == record["tables"]["entries"]["entries"]
    assert "cache" in runner.invoke(app, ["--help"]).output


@pytest.mark.parametrize("value", ["cdn.example", "http://", "ftp://cdn.example", "https://cdn.example:99999"])
@pytest.mark.parametrize("command", ["pull", "sql"])
def test_an_allow_origin_that_names_no_server_is_a_usage_error(tmp_path: Path, command: str, value: str):
    args = ["http://127.0.0.1:9/x.zip"] if command == "pull" else ["select 1", "--package", "http://127.0.0.1:9/p.json"]
    result = runner.invoke(app, [command, *args, "--allow-origin", value, "--cache-dir", str(tmp_path)])
    assert result.exit_code == 2 and "--allow-origin" in result.output, result.output
    assert not list(tmp_path.iterdir())  # refused before anything was tried


def test_build_says_what_to_run_next_and_the_command_works(tmp_path: Path, project_root: Path):
    raw = tmp_path / "corpus"
    raw.mkdir()
    shutil.copy(project_root / "raw" / "002_7d978f36b2d97e0f.txt", raw / "one.txt")
    result = runner.invoke(app, ["build", "--project", str(project_root), "--raw", str(raw), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    nxt = lines.index("next:")
    sql_line, duckdb_line = lines[nxt + 1].strip(), lines[nxt + 2].strip()
    assert sql_line.startswith("akhbar sql --release ") and duckdb_line.startswith("duckdb -readonly ")
    assert Path(shlex.split(duckdb_line)[-1]).is_file()
    check = runner.invoke(app, [*shlex.split(sql_line)[1:], "--csv"])
    assert check.exit_code == 0 and check.output.splitlines() == ["count_star()", "1"]


def test_build_refuses_a_file_name_that_gives_no_valid_id_in_one_line(tmp_path: Path, project_root: Path):
    raw = tmp_path / "corpus"
    raw.mkdir()
    shutil.copy(project_root / "raw" / "002_7d978f36b2d97e0f.txt", raw / "خبر اليوم.txt")
    result = runner.invoke(app, ["build", "--project", str(project_root), "--raw", str(raw), "--out", str(tmp_path)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors[0].startswith("error: خبر اليوم.txt: file name gives article id 'خبر اليوم'")
    assert not any(tmp_path.rglob("datapackage.json"))


def test_sql_timeout_stops_a_long_query_in_one_line(built_release: Path):
    endless = "select sum(hash(i)) from range(10000000000000) t(i)"
    result = runner.invoke(app, ["sql", "--release", str(built_release), "--timeout", "0.2", endless])
    assert result.exit_code == 1
    assert result.output.strip() == "error: query stopped after 0.2 s (--timeout); narrow it or raise the limit"
