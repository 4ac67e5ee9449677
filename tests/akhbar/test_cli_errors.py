"""The CLI prints every AkhbarError as one line (one per bad raw article) and exits non-zero; output flags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from akhbar import errors
from akhbar.cli import app

runner = CliRunner()


def error_lines(output: str) -> list[str]:
    """The lines of the output that report an error."""
    return [line for line in output.splitlines() if line.startswith("error:")]


def test_any_akhbar_error_is_one_line_and_exit_1(monkeypatch: pytest.MonkeyPatch):
    import akhbar.access.api

    class Odd(errors.AkhbarError):
        """A kind of error the CLI has never heard of."""

    def boom(*args: object, **kwargs: object) -> None:
        raise Odd("the thing is wrong: do this instead")

    monkeypatch.setattr(akhbar.access.api, "run_sql", boom)
    result = runner.invoke(app, ["sql", "select 1"])
    assert result.exit_code == 1
    assert result.output.splitlines() == ["error: the thing is wrong: do this instead"]


def test_a_bug_is_not_hidden(monkeypatch: pytest.MonkeyPatch):
    import akhbar.access.api

    def bug(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(akhbar.access.api, "run_sql", bug)
    result = runner.invoke(app, ["sql", "select 1"])
    assert isinstance(result.exception, ZeroDivisionError)


@pytest.mark.parametrize("command", [["report"], ["validate"], ["build"], ["release"]])
def test_not_a_project_folder_is_one_line(tmp_path: Path, command: list[str]):
    result = runner.invoke(app, [*command, "--project", str(tmp_path)])
    assert result.exit_code == 1
    lines = error_lines(result.output)
    assert lines and str(tmp_path) in lines[0] and "datapackage.json" in lines[0]
    assert "Traceback" not in result.output


def test_broken_project_descriptor_is_one_line_and_publishes_nothing(tmp_path: Path):
    (tmp_path / "datapackage.json").write_text('{"name": "x", "version": "1.0.0", "resources": [}', encoding="utf-8")
    result = runner.invoke(app, ["build", "--project", str(tmp_path), "--out", str(tmp_path / "dist")])
    assert result.exit_code == 1
    lines = error_lines(result.output)
    assert "not valid JSON" in lines[0] and lines[-1] == "error: nothing was published"
    assert not (tmp_path / "dist").exists()


def test_sql_prints_json_and_refuses_two_formats(built_release: Path):
    query = "select article_id, n_words from articles order by 1 limit 2"
    result = runner.invoke(app, ["sql", "--release", str(built_release), "--json", query])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [sorted(r) for r in rows] == [["article_id", "n_words"]] * 2
    both = runner.invoke(app, ["sql", "--release", str(built_release), "--json", "--csv", query])
    assert both.exit_code == 1 and error_lines(both.output) == ["error: give --json or --csv, not both"]


def test_diff_prints_csv(built_release: Path):
    result = runner.invoke(app, ["diff", "--csv", str(built_release), str(built_release)])
    assert result.exit_code == 0, result.output
    header, *rows = result.output.strip().splitlines()
    assert header == "table,status,rows_old,rows_new,added,removed,changed"
    assert rows and all(r.split(",")[1] == "unchanged" for r in rows)


def test_feed_options_errors_and_bad_records_are_one_line_each(project_root: Path, tmp_path: Path):
    result = runner.invoke(app, ["build", "--project", str(project_root), "--fields", "text=content"])
    assert result.exit_code == 1
    assert error_lines(result.output)[0].startswith("error: --fields: 'text' is not an article field")
    feed = tmp_path / "wire.jsonl"
    feed.write_text('{"body": ""}\n{oops\n', encoding="utf-8")
    result = runner.invoke(
        app, ["build", "--project", str(project_root), "--raw", str(feed), "--out", str(tmp_path / "dist")]
    )
    assert result.exit_code == 1
    assert error_lines(result.output) == [
        "error: wire.jsonl:1: no body: field 'body' is empty (map another with --fields body=NAME)",
        "error: wire.jsonl:2: not valid JSON: Expecting property name enclosed in double quotes (column 2)",
        "error: 2 problem(s) in the raw articles",
        "error: nothing was published",
    ]
