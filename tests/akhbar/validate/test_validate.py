"""validate_release on small releases: a valid one passes all engines; each planted defect is named by
table, rule and row (its primary key)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from akhbar.package.release import publish
from akhbar.validate import ValidationError, check_release, report_path, validate_release
from akhbar.validate.report import Report


def run(release: Path, **kw) -> Report:
    """Validate in-process (GX already imported by the session fixture), without Data Docs for speed."""
    kw.setdefault("parallel", False)
    kw.setdefault("data_docs", False)
    return validate_release(release, **kw)


def assert_names(
    report: Report,
    table: str,
    rule: str,
    key: str,
    engine: str | None = None,
    column: str | None = None,
    severity: str = "error",
) -> None:
    """The report fails `rule` on `table` with `severity`, listing `key` among the first failing keys."""
    found = report.find(table=table, rule=rule, engine=engine)
    assert found, (
        f"no {rule} failure on {table}; got {[(f.engine, f.table, f.rule, f.column) for f in report.failures]}"
    )
    assert any(key in f.keys for f in found), f"{key} not among {[f.keys for f in found]}"
    if column is not None:
        assert any(f.column == column for f in found), [f.column for f in found]
    assert any(f.severity == severity for f in found), [f.severity for f in found]
    assert report.ok is (severity == "warning" and not report.errors)


def test_valid_release_passes_all_three_engines_in_parallel(tmp_path: Path, kit):
    release = kit.write_release(tmp_path / "rel")
    out = tmp_path / "report"
    # the default path of `akhbar build`: GX in its own process
    report = validate_release(release, parallel=True, out_dir=out)
    assert report.ok, report.failures
    assert [e.engine for e in report.engines] == ["frictionless", "pandera", "release", "gx"]
    assert all(e.checks > 0 for e in report.engines)
    written = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert written["valid"] is True and written["failures"] == []
    assert {g["gate"] for g in written["gates"] if g["passed"]} >= {"speaker_share", "known_units"}
    assert (out / report.data_docs).is_file() and report.data_docs == "data-docs/index.html"
    assert not report_path(release).exists()  # validating writes nothing into the release
    assert not list(tmp_path.glob("**/.gx")) and not Path("gx").exists()  # ephemeral context: no GX project files


def test_valid_release_in_process(make_release):
    report = run(make_release())
    assert report.ok, report.failures


def test_wrong_type(make_release, kit):
    release = make_release()
    kit.edit_csv(release, "figures", lambda t: t.replace(",15000.0,", ",fifteen,"))
    report = run(release)
    assert_names(report, "figures", "type", "a1-f0002", engine="pandera", column="value")
    assert_names(report, "figures", "type", "a1-f0002", engine="frictionless", column="value")


def test_invalid_date_is_a_type_error(make_release, kit):
    release = make_release()
    kit.edit_csv(release, "articles", lambda t: t.replace("2024-05-01", "2024-02-30", 1))
    assert_names(run(release), "articles", "type", "a1", engine="pandera", column="published")


def test_duplicate_key(make_release, kit):
    release = make_release()  # the DuckDB file refuses duplicate keys, so the defect goes into the CSV
    kit.edit_csv(release, "figures", lambda t: t.replace("a1-f0002,", "a1-f0001,"))
    report = run(release)
    assert_names(report, "figures", "primary-key", "a1-f0001", engine="pandera")
    assert_names(report, "figures", "primary-key", "a1-f0001", engine="frictionless")


def test_dangling_foreign_key(make_release, kit):
    rows = kit.valid_rows()
    rows["mentions"][1]["entity_id"] = "nobody"
    report = run(make_release(rows))
    assert_names(report, "mentions", "foreign-key", "a1-m0002", engine="pandera", column="entity_id")
    assert_names(report, "mentions", "foreign-key", "a1-m0002", engine="frictionless")


def test_offset_one_character_off(make_release, kit):
    rows = kit.valid_rows()
    rows["figures"][0]["start"] += 1
    rows["figures"][0]["end"] += 1
    report = run(make_release(rows))
    assert_names(report, "figures", "offset", "a1-f0001", engine="pandera", column="surface")
    assert not report.find(rule="offset-range")


def test_offset_past_the_body(make_release, kit):
    rows = kit.valid_rows()
    rows["quotes"][0]["end"] = len(kit.BODIES["a2"]) + 3
    assert_names(run(make_release(rows)), "quotes", "offset-range", "a2-q0001", column="start")


def test_overlapping_mentions(make_release, kit):
    rows = kit.valid_rows()
    m = dict(rows["mentions"][0], mention_id="a1-m0003", end=rows["mentions"][0]["end"] - 3)
    m["surface"] = kit.BODIES["a1"][m["start"] : m["end"]]
    rows["mentions"].append(m)
    assert_names(run(make_release(rows)), "mentions", "overlap", "a1-m0001", engine="pandera")


def test_tampered_file_hash(make_release, kit):
    release = make_release()
    kit.edit_csv(release, "entities", lambda t: t.replace("person", "persom", 1), rehash=False)
    report = run(release)
    hashes = report.find(table="entities", rule="hash", engine="frictionless")
    assert hashes and hashes[0].column == "data/entities.csv"
    # the edited row no longer matches its Parquet and DuckDB copies either
    assert report.find(table="entities", rule="derived-mismatch")


def test_recorded_size_and_md5_are_checked(make_release):
    release = make_release()
    path = release / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    res = {r["name"]: r for r in desc["resources"]}
    res["figures"]["bytes"] += 1
    data = (release / res["quotes"]["path"]).read_bytes()
    res["quotes"]["hash"] = "md5:" + hashlib.md5(data).hexdigest()  # a right md5 passes
    res["articles"]["hash"] = "md5:" + hashlib.md5(data).hexdigest()  # the quotes file's md5: wrong here
    desc["duckdb"]["hash"] = "sha256:" + "0" * 64
    path.write_text(json.dumps(desc, ensure_ascii=False), encoding="utf-8")
    report = run(release, engines=("frictionless",))
    sizes = report.find(table="figures", rule="bytes", engine="frictionless")
    assert sizes and sizes[0].column == "data/figures.csv"
    assert not report.find(table="quotes", engine="frictionless")
    assert report.find(table="articles", rule="hash", engine="frictionless")
    assert [f.column for f in report.find(rule="hash") if f.table == ""] == [desc["duckdb"]["path"]]


def test_tampered_parquet_copy(make_release, tmp_path: Path):
    release = make_release()
    table = pq.read_table(release / "data" / "figures.parquet")
    values = table.column("value").to_pylist()
    values[2] = 28.0
    import pyarrow as pa

    pq.write_table(
        table.set_column(table.schema.get_field_index("value"), "value", pa.array(values)),
        release / "data" / "figures.parquet",
    )
    report = run(release)
    assert report.find(table="figures", rule="hash", engine="frictionless")
    assert_names(report, "figures", "derived-mismatch", "a2-f0001", engine="release")


def test_negative_value(make_release, kit):
    rows = kit.valid_rows()
    rows["figures"][2]["value"] = -27.0
    report = run(make_release(rows))
    assert_names(report, "figures", "minimum", "a2-f0001", engine="pandera", column="value")
    assert_names(report, "figures", "gx:expect_column_values_to_be_between", "a2-f0001", engine="gx")


def test_unknown_unit(make_release, kit):
    rows = kit.valid_rows()
    rows["figures"][0]["unit"] = "XYZ"
    report = run(make_release(rows))
    assert_names(report, "figures", "gx:expect_column_values_to_be_in_set", "a1-f0001", engine="gx", column="unit")
    assert len(report.failures) == 1


def test_enum_violation(make_release, kit):
    rows = kit.valid_rows()
    rows["figures"][1]["kind"] = "weight"
    report = run(make_release(rows))
    assert_names(report, "figures", "enum", "a1-f0002", engine="pandera", column="kind")
    assert_names(report, "figures", "gx:expect_column_values_to_be_in_set", "a1-f0002", engine="gx", column="kind")


def test_required_null(make_release, kit):
    release = make_release()  # the DuckDB file refuses nulls in NOT NULL columns, so the defect goes into the CSV
    kit.edit_csv(
        release,
        "mentions",
        lambda t: "\n".join(
            line[: -len("gazetteer")] if line.startswith("a2-m0001,") else line for line in t.split("\n")
        ),
    )
    report = run(release)
    assert_names(report, "mentions", "required", "a2-m0001", engine="pandera", column="method")
    assert_names(report, "mentions", "required", "a2-m0001", engine="frictionless", column="method")


def test_pattern_and_length(make_release, kit):
    rows = kit.valid_rows()
    rows["entities"][0]["entity_id"] = "Wang Yi"
    rows["mentions"][0]["entity_id"] = "Wang Yi"
    rows["entities"][1]["aliases"] = []
    report = run(make_release(rows))
    assert_names(report, "entities", "pattern", "Wang Yi", engine="pandera", column="entity_id")
    assert_names(report, "entities", "minLength", "kazakhstan", engine="pandera", column="aliases")


def test_extra_cell_is_a_structure_error(make_release, kit):
    release = make_release()
    kit.edit_csv(release, "quotes", lambda t: t.rstrip("\n") + ",extra\n")
    report = run(release)
    assert report.find(table="quotes", rule="structure", engine="pandera")
    assert report.find(table="quotes", rule="structure", engine="frictionless")


def test_gate_article_without_entities(make_release, kit):
    rows = kit.valid_rows()
    rows["mentions"] = [m for m in rows["mentions"] if m["article_id"] != "a2"]
    report = run(make_release(rows))
    assert_names(
        report, "mentions", "gx:expect_column_values_to_be_between", "a2", "gx", "n_entities", severity="warning"
    )
    assert report.ok  # a statistical gate is a warning unless the release declares it an error


def test_gate_resolved_speaker_share(make_release, kit):
    rows = kit.valid_rows()
    rows["quotes"][0]["speaker_entity_id"] = None
    report = run(make_release(rows))
    found = report.find(table="quotes", rule="gx:expect_column_mean_to_be_between", engine="gx")
    assert found and "observed 0" in found[0].message
    assert (found[0].gate, found[0].threshold, found[0].observed, found[0].severity) == (
        "speaker_share",
        ">= 0.5",
        "0",
        "warning",
    )


def _with_gates(release: Path, gates: dict) -> Path:
    """Declare gates in a release's descriptor (as a project's datapackage.json would carry them)."""
    path = release / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    desc["akhbar"] = {"gates": gates}
    path.write_text(json.dumps(desc, ensure_ascii=False), encoding="utf-8")
    return release


def _no_speaker_tables(kit) -> dict:
    """Typed tables of the small release with its one quote unattributed (speaker share 0)."""
    import pandas as pd

    from akhbar.package.schema import TableSchema, to_arrow

    rows = kit.valid_rows()
    rows["quotes"][0]["speaker_entity_id"] = None
    schemas = {n: TableSchema(n, d) for n, d in kit.SCHEMAS.items()}
    return schemas, {n: to_arrow(pd.DataFrame(rows[n], columns=schemas[n].field_names), schemas[n]) for n in schemas}


def test_gate_declared_a_warning_publishes_with_the_warning_recorded(tmp_path: Path, gx_loaded, kit):
    schemas, tables = _no_speaker_tables(kit)
    desc = dict(kit.DESCRIPTOR, akhbar={"gates": {"speaker_share": {"min": 0.5, "severity": "warning"}}})
    final = publish(tmp_path / "dist", desc, schemas, tables, check=check_release)
    written = json.loads(report_path(final).read_text(encoding="utf-8"))
    assert written["valid"] is True and written["warnings"] == 1 and written["errors"] == 0
    (warning,) = written["failures"]
    assert (warning["gate"], warning["severity"], warning["threshold"]) == ("speaker_share", "warning", ">= 0.5")
    gate = next(g for g in written["gates"] if g["gate"] == "speaker_share")
    assert gate == gate | {"passed": False, "severity": "warning", "source": "datapackage.json", "threshold": ">= 0.5"}


def test_gate_declared_an_error_refuses_publication(tmp_path: Path, gx_loaded, kit):
    schemas, tables = _no_speaker_tables(kit)
    desc = dict(kit.DESCRIPTOR, akhbar={"gates": {"speaker_share": {"min": 0.5, "severity": "error"}}})
    with pytest.raises(ValidationError) as info:
        publish(tmp_path / "dist", desc, schemas, tables, check=check_release)
    (failure,) = info.value.report.errors
    assert failure.gate == "speaker_share" and failure.observed == "0"
    assert not (tmp_path / "dist" / "akhbar-test" / "1.0.0").exists()


def test_gate_threshold_is_a_setting(make_release, kit):
    rows = kit.valid_rows()
    rows["quotes"][0]["speaker_entity_id"] = None
    release = _with_gates(make_release(rows), {"speaker_share": {"min": 0, "severity": "error"}})
    report = run(release)
    assert report.ok and not report.failures
    assert next(g for g in report.gates if g["gate"] == "speaker_share")["threshold"] == ">= 0"


@pytest.mark.parametrize(
    ("gates", "reason"),
    [
        ({"speakers": {"min": 0.2}}, "unknown gate 'speakers'"),
        ({"speaker_share": {"severity": "fatal"}}, "severity 'fatal'"),
        ({"speaker_share": {"min": "half"}}, "`min` must be a number"),
        ({"known_units": {"min": 1}}, "unknown setting(s) ['min']"),
    ],
)
def test_a_bad_gate_declaration_is_one_line(make_release, gates, reason):
    from akhbar.errors import DescriptorError

    with pytest.raises(DescriptorError) as info:
        run(_with_gates(make_release(), gates), engines=("gx",))
    assert reason in str(info.value) and "akhbar.gates" in str(info.value) and "\n" not in str(info.value)


def test_report_json_and_rendering(make_release, kit):
    rows = kit.valid_rows()
    rows["figures"][2]["value"] = -27.0
    release = make_release(rows)
    report = run(release, out_dir=release.parent / "report")
    data = json.loads((release.parent / "report" / "report.json").read_text(encoding="utf-8"))
    assert data["valid"] is False and "seconds" not in data["engines"][0]
    assert Report.from_dict(data).find(table="figures", rule="minimum")[0].keys == ["a2-f0001"]
    from rich.console import Console

    console = Console(record=True, width=200)
    report.print(console)
    text = console.export_text()
    assert "minimum" in text and "a2-f0001" in text and "INVALID" in text


def test_cli_validate_json_exit_code(make_release, kit):
    from akhbar.cli import app

    rows = kit.valid_rows()
    rows["mentions"][1]["entity_id"] = "nobody"
    release = make_release(rows)
    result = CliRunner().invoke(app, ["validate", str(release), "--json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert any(f["rule"] == "foreign-key" and f["table"] == "mentions" for f in data["failures"])
    ok = CliRunner().invoke(app, ["validate", str(make_release())])
    assert ok.exit_code == 0, ok.output


def test_publish_refuses_an_invalid_release(tmp_path: Path, gx_loaded, kit):
    import pandas as pd

    from akhbar.package.schema import TableSchema, to_arrow

    rows = kit.valid_rows()
    rows["figures"][0]["start"] += 1
    schemas = {n: TableSchema(n, d) for n, d in kit.SCHEMAS.items()}
    tables = {n: to_arrow(pd.DataFrame(rows[n], columns=schemas[n].field_names), schemas[n]) for n in schemas}
    with pytest.raises(ValidationError) as info:
        publish(tmp_path / "dist", dict(kit.DESCRIPTOR), schemas, tables, check=check_release)
    assert info.value.report.find(table="figures", rule="offset")
    assert not (tmp_path / "dist" / "akhbar-test" / "1.0.0").exists()
    assert not [p for p in (tmp_path / "dist" / "akhbar-test").iterdir()]  # no half-written folder left


def test_cli_validate_piped_prints_one_whole_line_per_failed_rule(make_release, kit):
    from akhbar.cli import app

    rows = kit.valid_rows()
    rows["mentions"][1]["entity_id"] = "nobody"
    rows["quotes"][0]["speaker_entity_id"] = None
    result = CliRunner().invoke(app, ["validate", str(make_release(rows))])  # stdout is a pipe, not a terminal
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    fk = [line for line in lines if "rule=foreign-key" in line and "engine=pandera" in line]
    assert fk and fk[0].startswith("severity=error engine=pandera table=mentions rule=foreign-key column=entity_id")
    assert "count=1 first_keys=a1-m0002" in fk[0]
    (gate,) = [line for line in lines if "gate=speaker_share" in line]
    assert "severity=warning engine=gx table=quotes" in gate and 'threshold=">= 0.5" observed=0' in gate
    assert len(gate) > 120  # one line, as long as it needs: nothing wrapped at 80 columns
    assert lines[-1].startswith("INVALID: ") and "1 warning(s)" in lines[-1]


def test_validating_a_published_release_changes_nothing(tmp_path: Path, gx_loaded, kit):
    import pandas as pd

    from akhbar.cli import app
    from akhbar.package.publish import write_sums
    from akhbar.package.pull import pull
    from akhbar.package.schema import TableSchema, to_arrow

    rows = kit.valid_rows()
    schemas = {n: TableSchema(n, d) for n, d in kit.SCHEMAS.items()}
    tables = {n: to_arrow(pd.DataFrame(rows[n], columns=schemas[n].field_names), schemas[n]) for n in schemas}
    final = publish(tmp_path / "dist", dict(kit.DESCRIPTOR), schemas, tables, check=check_release)
    write_sums(final)
    assert (final / "validation" / "data-docs" / "index.html").is_file()
    before = {p.relative_to(final): p.read_bytes() for p in sorted(final.rglob("*")) if p.is_file()}
    result = CliRunner().invoke(app, ["validate", str(final)])
    assert result.exit_code == 0, result.output
    after = {p.relative_to(final): p.read_bytes() for p in sorted(final.rglob("*")) if p.is_file()}
    assert after == before
    assert pull(str(final), cache_dir=tmp_path / "cache").downloaded
    # the report goes to a new folder only when asked
    out = tmp_path / "report"
    assert CliRunner().invoke(app, ["validate", str(final), "--out", str(out)]).exit_code == 0
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["valid"] is True
    refused = CliRunner().invoke(app, ["validate", str(final), "--out", str(final)])
    assert refused.exit_code == 1 and "not an empty folder" in refused.output


def _title_rows(rows, table: str) -> dict:
    """The fixture's title row of a table (its offsets index a1's title)."""
    return next(r for r in rows[table] if r["field"] == "title")


def test_title_rows_validate_against_the_title(make_release, kit):
    rows = kit.valid_rows()
    mention, figure = _title_rows(rows, "mentions"), _title_rows(rows, "figures")
    assert kit.TITLES["a1"][mention["start"] : mention["end"]] == mention["surface"]
    assert kit.BODIES["a1"][figure["start"] : figure["end"]] != figure["surface"]
    # the title mention overlaps the body's first mention in offsets: spans of different texts never overlap
    body_first = rows["mentions"][0]
    assert mention["start"] < body_first["end"] and body_first["start"] < mention["end"]
    report = run(make_release(rows))
    assert report.ok, report.failures


@pytest.mark.parametrize(("table", "key"), [("mentions", "a1-mt01"), ("figures", "a1-ft01")])
def test_title_offsets_checked_against_the_body_fail(make_release, kit, table, key):
    rows = kit.valid_rows()
    _title_rows(rows, table)["field"] = "body"
    report = run(make_release(rows))
    assert_names(report, table, "offset", key, engine="pandera", column="surface")


def test_unknown_field_value_fails(make_release, kit):
    rows = kit.valid_rows()
    _title_rows(rows, "mentions")["field"] = "headline"
    report = run(make_release(rows))
    assert_names(report, "mentions", "enum", "a1-mt01", engine="pandera", column="field")
    assert_names(report, "mentions", "enum", "a1-mt01", engine="frictionless", column="field")
    assert_names(report, "mentions", "gx:expect_column_values_to_be_in_set", "a1-mt01", engine="gx", column="field")
    assert_names(report, "mentions", "offset-range", "a1-mt01", engine="pandera")  # it names no article text


def test_title_row_of_an_article_without_title_fails(make_release, kit):
    rows = kit.valid_rows()
    stray = dict(_title_rows(rows, "figures"), figure_id="a2-ft01", article_id="a2")
    rows["figures"].append(stray)
    report = run(make_release(rows))
    assert_names(report, "figures", "offset-range", "a2-ft01", engine="pandera", column="start")
    assert_names(report, "figures", "offset", "a2-ft01", engine="pandera", column="surface")


def test_overlap_within_the_title(make_release, kit):
    rows = kit.valid_rows()
    m = _title_rows(rows, "mentions")
    inner = dict(m, mention_id="a1-mt02", start=m["start"] + 2)
    inner["surface"] = kit.TITLES["a1"][inner["start"] : inner["end"]]
    rows["mentions"].append(inner)
    assert_names(run(make_release(rows)), "mentions", "overlap", "a1-mt02", engine="pandera")
