"""The release page: written by the build, byte-identical when re-rendered, and sound in a real browser.

The browser test drives Debian's headless Chromium over the DevTools protocol (a websocket on loopback):
no console error, no request outside the release folder, every chart drawn, the Arabic title laid out
right-to-left. It saves screenshots under the pytest tmp dir and, when AKHBAR_ARTIFACTS is set, there too.
"""

from __future__ import annotations

import base64
import html as html_lib
import itertools
import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pyarrow.parquet as pq
import pytest

from akhbar.report import REPORT_FILE, render_report
from akhbar.report.charts import namespace_ids
from akhbar.report.facts import EXAMPLE_QUERIES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHART_KEYS = ("chart-top-entities", "chart-entity-types", "chart-money", "chart-speakers", "chart-outlets")
PAGE_WIDTH = 1280
TIMEOUT_S = 30.0


class DevTools:
    """A minimal Chrome DevTools Protocol client over one flat-mode websocket session."""

    def __init__(self, ws_url: str) -> None:
        import websocket  # websocket-client, from the [test] extra

        # Chromium refuses websocket clients that send an Origin it does not allow; send none.
        self.ws = websocket.create_connection(ws_url, timeout=TIMEOUT_S, suppress_origin=True)
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None

    def send(self, method: str, params: dict[str, Any] | None = None, session: bool = True) -> dict[str, Any]:
        """Send one command and wait for its answer; events received meanwhile are kept in order."""
        msg_id = next(self.ids)
        msg: dict[str, Any] = {"id": msg_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == msg_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str) -> dict[str, Any]:
        """Wait for an event of the attached page (already received or still to come)."""
        deadline = time.monotonic() + TIMEOUT_S
        for ev in self.events:
            if ev.get("method") == method and ev.get("sessionId") == self.session:
                return ev
        while time.monotonic() < deadline:
            ev = json.loads(self.ws.recv())
            self.events.append(ev)
            if ev.get("method") == method and ev.get("sessionId") == self.session:
                return ev
        raise TimeoutError(method)

    def evaluate(self, expression: str) -> Any:
        """Value of a JavaScript expression in the page."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def close(self) -> None:
        """Close the websocket."""
        self.ws.close()


def start_chromium(profile: Path) -> tuple[subprocess.Popen, str]:
    """Start headless Chromium with a fresh profile; return the process and its browser websocket URL."""
    args = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--mute-audio",
        f"--user-data-dir={profile}",
        "--remote-debugging-port=0",
        "about:blank",
    ]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # With port 0 Chromium picks a free port and writes "port\npath" into the profile folder.
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        if port_file.is_file():
            lines = port_file.read_text().split()
            if len(lines) >= 2:
                return proc, f"ws://127.0.0.1:{lines[0]}{lines[1]}"
        if proc.poll() is not None:
            raise RuntimeError(f"chromium exited with {proc.returncode} before opening DevTools")
        time.sleep(0.05)
    proc.kill()
    raise TimeoutError("chromium did not open its DevTools port")


def stop_chromium(proc: subprocess.Popen) -> None:
    """Stop the browser we started."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def save_artifact(path: Path) -> None:
    """Copy a file to $AKHBAR_ARTIFACTS when it is set."""
    dest = os.environ.get("AKHBAR_ARTIFACTS")
    if dest:
        Path(dest).mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, Path(dest) / path.name)


def copy_release(release: Path, dest: Path) -> Path:
    """A copy of a release folder (a release is immutable: tests that change one work on a copy)."""
    copy = dest / release.name
    shutil.copytree(release, copy)
    return copy


@pytest.fixture(scope="module")
def full_release(built_release: Path, project_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built release as `akhbar release` leaves it: validated, with diff.json and CHANGELOG.md, page rendered.

    Validation runs the Frictionless and pandera engines for real (GX takes too long for this test; the Data
    Docs link is tested on its own); the previous version is the same release without its quotes table.
    """
    from akhbar.package.diff import diff_packages, render_markdown
    from akhbar.validate import validate_release

    tmp = tmp_path_factory.mktemp("full")
    release = copy_release(built_release, tmp / "new")
    previous = copy_release(built_release, tmp / "old")
    desc = json.loads((previous / "datapackage.json").read_text(encoding="utf-8"))
    desc["resources"] = [r for r in desc["resources"] if r["name"] != "quotes"]
    desc["version"] = "0.0.1"
    (previous / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(release / "validation")  # validated again below, into the release as a build does
    validate_release(
        release, project_root=project_root, engines=("frictionless", "pandera"), out_dir=release / "validation"
    )
    diff = diff_packages(previous, release)
    (release / "diff.json").write_text(diff.to_json(), encoding="utf-8")
    (release / "CHANGELOG.md").write_text(render_markdown(diff), encoding="utf-8")
    render_report(release)
    return release


@pytest.fixture(scope="module")
def page_in_browser(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Open the release's index.html in headless Chromium; return what the browser saw."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium; .ci/run installs it)")
    full_release: Path = request.getfixturevalue("full_release")
    tmp = tmp_path_factory.mktemp("browser")
    proc, ws_url = start_chromium(tmp / "profile")
    try:
        cdp = DevTools(ws_url)
        target = cdp.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        cdp.session = cdp.send("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)[
            "sessionId"
        ]
        for domain in ("Runtime", "Log", "Network", "Page"):
            cdp.send(f"{domain}.enable")
        cdp.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": PAGE_WIDTH, "height": 900, "deviceScaleFactor": 1, "mobile": False},
        )
        cdp.send("Page.navigate", {"url": (full_release / REPORT_FILE).resolve().as_uri()})
        cdp.wait_for("Page.loadEventFired")
        seen = {
            "charts": cdp.evaluate(
                "Object.fromEntries([...document.querySelectorAll('[data-chart]')]"
                ".map(f => [f.id, !!f.querySelector('svg') && f.querySelectorAll('svg path, svg rect').length > 0]))"
            ),
            "title_ar": cdp.evaluate(
                "(() => { const e = document.getElementById('title-ar');"
                " return e && {dir: getComputedStyle(e).direction, lang: e.lang, text: e.textContent}; })()"
            ),
            "table_rtl": cdp.evaluate(
                "[...document.querySelectorAll('td[lang=ar]')].slice(0, 20).map(td => getComputedStyle(td).direction)"
            ),
            "row_counts": cdp.evaluate(
                "Object.fromEntries([...document.querySelectorAll('#row-counts .tile')]"
                ".map(t => [t.dataset.table, t.querySelector('.n').textContent]))"
            ),
            "validation": cdp.evaluate("document.getElementById('validation-status')?.textContent"),
            "diff_tables": cdp.evaluate(
                "[...document.querySelectorAll('#diff-tables tbody tr')].map(r => r.cells[0].textContent)"
            ),
            "queries": cdp.evaluate("[...document.querySelectorAll('#queries h3')].map(h => h.textContent)"),
        }
        height = cdp.send("Page.getLayoutMetrics")["cssContentSize"]["height"]
        shots = {
            "release-page-top.png": cdp.send("Page.captureScreenshot", {"format": "png"}),
            "release-page.png": cdp.send(
                "Page.captureScreenshot",
                {
                    "format": "png",
                    "captureBeyondViewport": True,
                    "clip": {"x": 0, "y": 0, "width": PAGE_WIDTH, "height": min(height, 16000), "scale": 1},
                },
            ),
        }
        seen["screenshots"] = []
        for name, shot in shots.items():
            path = tmp / name
            path.write_bytes(base64.b64decode(shot["data"]))
            save_artifact(path)
            seen["screenshots"].append(path)
        seen["events"] = list(cdp.events)
        cdp.close()
    finally:
        stop_chromium(proc)
    return seen


def test_build_writes_the_page(built_release: Path):
    html = (built_release / REPORT_FILE).read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    # self-contained: nothing loaded from elsewhere, no absolute path of the machine that built it
    for forbidden in (
        '<link rel="stylesheet"',
        "<script src",
        '<img src="http',
        "@import",
        "url(http",
        str(built_release),
    ):
        assert forbidden not in html
    assert "default-src 'none'" in html_lib.unescape(html)
    # every table of the data model is in this release, so the page shows the first three questions
    for question, _, _ in EXAMPLE_QUERIES[:3]:
        assert html_lib.escape(question) in html


def test_render_is_deterministic(built_release: Path, tmp_path: Path):
    # the build rendered the page earlier in this process: vega's id counters have moved on since
    copy = copy_release(built_release, tmp_path)
    (copy / REPORT_FILE).unlink()
    assert render_report(copy).read_bytes() == (built_release / REPORT_FILE).read_bytes()


def test_page_without_optional_tables_says_so(built_release: Path, tmp_path: Path):
    copy = copy_release(built_release, tmp_path)
    desc = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    desc["resources"] = [r for r in desc["resources"] if r["name"] == "articles"]
    (copy / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False), encoding="utf-8")
    for extra in ("validation", "diff.json", "CHANGELOG.md"):
        path = copy / extra
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    html = render_report(copy).read_text(encoding="utf-8")
    for table in ("entities", "mentions", "figures", "quotes"):
        assert f'data-table="{table}"' in html
    assert html.count("not in this release") >= 8  # 4 tiles, 4 samples, and the charts on those tables
    assert "No validation report in this release." in html
    assert 'id="chart-outlets"' in html and html.count("<svg") == 1


def test_money_counts_a_restated_amount_once_with_its_dollar_value():
    import duckdb

    from akhbar.report.facts import money_by_currency

    con = duckdb.connect()
    con.execute(
        "create table figures (figure_id varchar, kind varchar, unit varchar, value double, equivalent_of varchar)"
    )
    con.executemany(
        "insert into figures values (?, ?, ?, ?, ?)",
        [
            ("a-f0001", "money", "CNY", 26e9, None),  # 26 مليار رنمينبي
            ("a-f0002", "money", "USD", 3.7e9, "a-f0001"),  # (3.7 مليار دولار): restates the yuan amount
            ("a-f0003", "money", "USD", 5e8, None),
            ("a-f0004", "money", "CNY", 1e9, None),  # no dollar amount stated
            ("a-f0005", "percent", "percent", 27.0, None),
        ],
    )
    rows = money_by_currency(con).to_dict("records")
    assert [(r["currency"], r["figures"], r["with_usd"], r["usd_total"]) for r in rows] == [
        ("CNY", 2, 1, 3.7e9),
        ("USD", 1, 1, 5e8),
    ]
    assert rows[0]["total"] == 27e9


def test_headline_rows_count_as_mentions_but_not_as_money():
    """A headline's mention counts (and is counted apart); a headline's amount restates the body's: left out."""
    import duckdb

    from akhbar.report.facts import money_by_currency, top_entities

    con = duckdb.connect()
    con.execute(
        "create table figures as select * from (values "
        "('a-f0001', 'body', 'money', 'USD', 5e8, null), ('a-ft01', 'title', 'money', 'USD', 5e8, null)) "
        "t(figure_id, field, kind, unit, value, equivalent_of)"
    )
    con.execute(
        "create table mentions as select * from (values "
        "('a-m0001', 'a', 'china', 'body'), ('a-m0002', 'a', 'china', 'body'), ('a-mt01', 'a', 'china', 'title'), "
        "('a-m0003', 'a', 'russia', 'body')) t(mention_id, article_id, entity_id, field)"
    )
    money = money_by_currency(con).to_dict("records")
    assert [(r["currency"], r["figures"], r["total"]) for r in money] == [("USD", 1, 5e8)]
    top = top_entities(con).to_dict("records")
    assert [(r["entity_id"], r["mentions"], r["in_titles"], r["articles"]) for r in top] == [
        ("china", 3, 1, 1),
        ("russia", 1, 0, 1),
    ]


def test_top_entities_names_each_entity_once_and_keeps_one_missing_from_entities():
    """Counts per entity joined to its names; an entity the entities table lacks still counts, unnamed."""
    import duckdb

    from akhbar.report.facts import top_entities

    con = duckdb.connect()
    con.execute(
        "create table mentions as select * from (values "
        "('a-m1', 'a', 'riyadh', 'body'), ('b-m1', 'b', 'riyadh', 'body'), ('b-mt1', 'b', 'riyadh', 'title'), "
        "('a-m2', 'a', 'opec', 'body'), ('a-m3', 'a', 'opec', 'body'), ('c-m1', 'c', 'ghost', 'body')) "
        "t(mention_id, article_id, entity_id, field)"
    )
    con.execute(
        "create table entities as select * from (values "
        "('riyadh', 'الرياض', 'Riyadh', 'LOC'), ('opec', 'أوبك', 'OPEC', 'ORG')) t(entity_id, name_ar, name_en, type)"
    )
    top = top_entities(con).to_dict("records")
    assert [(r["entity_id"], r["name_en"], r["mentions"], r["in_titles"], r["articles"]) for r in top] == [
        ("riyadh", "Riyadh", 3, 1, 2),
        ("opec", "OPEC", 2, 0, 1),
        ("ghost", None, 1, 0, 1),
    ]


def test_money_takes_the_largest_of_several_dollar_restatements():
    import duckdb

    from akhbar.report.facts import money_by_currency

    con = duckdb.connect()
    con.execute(
        "create table figures as select * from (values "
        "('a-f1', 'money', 'EUR', 2e6, null), ('a-f2', 'money', 'USD', 2.1e6, 'a-f1'), "
        "('a-f3', 'money', 'USD', 2.2e6, 'a-f1'), ('a-f4', 'money', 'EUR', 1e6, 'a-f9')) "
        "t(figure_id, kind, unit, value, equivalent_of)"
    )
    rows = money_by_currency(con).to_dict("records")
    assert [(r["currency"], r["figures"], r["with_usd"], r["usd_total"]) for r in rows] == [("EUR", 1, 1, 2.2e6)]


def test_svg_ids_are_renamed_with_their_references():
    svg = '<svg><clipPath id="clip7"><rect/></clipPath><g clip-path="url(#clip7)"/><use href="#clip7"/><g id="clip70"/></svg>'
    out = namespace_ids(svg, "c")
    assert (
        out
        == '<svg><clipPath id="c-1"><rect/></clipPath><g clip-path="url(#c-1)"/><use href="#c-1"/><g id="c-2"/></svg>'
    )


def test_validation_view_shows_each_engine_and_links_the_data_docs(tmp_path: Path):
    from akhbar.report.facts import ReleaseFacts
    from akhbar.report.page import validation_view
    from akhbar.validate.report import EngineRun, Failure, Report

    docs = tmp_path / "validation" / "data-docs" / "index.html"
    docs.parent.mkdir(parents=True)
    docs.write_text("<html></html>", encoding="utf-8")
    report = Report(
        release="x 1.0.0",
        failures=[Failure("pandera", "quotes", "offset", 3, column="text", keys=["a-q0001"])],
        engines=[EngineRun("frictionless", 17, 0.0), EngineRun("pandera", 183, 0.0), EngineRun("gx", 80, 0.0)],
        data_docs="validation/data-docs/index.html",
    )
    facts = ReleaseFacts(descriptor={}, tables=[], missing_tables=[], validation=report.to_dict(timings=False))
    view = validation_view(facts, tmp_path)
    assert not view["valid"]
    assert [(e["name"], e["ok"], e["failing_rows"]) for e in view["engines"]] == [
        ("Frictionless", True, 0),
        ("pandera", False, 3),
        ("Great Expectations", True, 0),
    ]
    assert view["failures"][0]["keys"] == "a-q0001"
    assert view["data_docs"] == "validation/data-docs/index.html"
    docs.unlink()
    assert validation_view(facts, tmp_path)["data_docs"] == ""


def test_validation_view_shows_gates_and_a_warning_as_valid(tmp_path: Path):
    from akhbar.report.facts import ReleaseFacts
    from akhbar.report.page import validation_view
    from akhbar.validate.gates import DEFAULTS
    from akhbar.validate.report import EngineRun, Failure, Report

    warning = Failure(
        "gx", "quotes", "gx:expect_column_mean_to_be_between", 1, severity="warning", gate="speaker_share"
    )
    gates = [g.to_dict() | {"passed": g.name != "speaker_share"} for g in DEFAULTS.values()]
    report = Report("x 1.0.0", [warning], [EngineRun("gx", 80, 0.0)], gates=gates)
    view = validation_view(
        ReleaseFacts(descriptor={}, tables=[], missing_tables=[], validation=report.to_dict()), tmp_path
    )
    assert view["valid"] and view["warnings"] == 1 and view["engines"][0]["ok"]
    shown = {g["gate"]: (g["threshold"], g["severity"], g["passed"]) for g in view["gates"]}
    assert shown["speaker_share"] == (">= 0.5", "warning", False) and shown["known_units"] == ("", "error", True)


def test_page_in_headless_chromium(page_in_browser: dict[str, Any], full_release: Path):
    events = page_in_browser["events"]
    errors = [
        ev["params"]
        for ev in events
        if (ev.get("method") == "Runtime.consoleAPICalled" and ev["params"]["type"] in ("error", "assert"))
        or ev.get("method") == "Runtime.exceptionThrown"
        or (ev.get("method") == "Log.entryAdded" and ev["params"]["entry"]["level"] == "error")
    ]
    assert errors == []

    folder = full_release.resolve()
    requests = [ev["params"]["request"]["url"] for ev in events if ev.get("method") == "Network.requestWillBeSent"]
    assert requests, "the page itself should have been requested"
    for url in requests:
        parsed = urlparse(url)
        if parsed.scheme == "data":
            continue
        assert parsed.scheme == "file", url
        assert Path(unquote(parsed.path)).resolve().is_relative_to(folder), url

    assert page_in_browser["charts"] == {key: True for key in CHART_KEYS}
    title = page_in_browser["title_ar"]
    assert title["dir"] == "rtl" and title["lang"] == "ar" and title["text"].strip()
    assert page_in_browser["table_rtl"] and set(page_in_browser["table_rtl"]) == {"rtl"}
    desc = json.loads((full_release / "datapackage.json").read_text(encoding="utf-8"))
    counts = page_in_browser["row_counts"]
    for res in desc["resources"]:
        rows = pq.ParquetFile(full_release / res["parquet"]["path"]).metadata.num_rows
        assert int(counts[res["name"]].replace(",", "")) == rows, res["name"]
    assert "Valid" in page_in_browser["validation"]
    assert "quotes" in page_in_browser["diff_tables"]
    assert page_in_browser["queries"] == [q for q, _, _ in EXAMPLE_QUERIES[:3]]
    for shot in page_in_browser["screenshots"]:
        assert shot.stat().st_size > 10_000


def _digests(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of a folder with its modification time and bytes."""
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.rglob("*") if p.is_file()
    }


def test_cli_report_renders_a_published_release_elsewhere_and_never_into_it(built_release: Path, tmp_path: Path):
    from typer.testing import CliRunner

    from akhbar.cli import app

    runner = CliRunner()
    release = copy_release(built_release, tmp_path / "dist")
    before = _digests(release)
    page = (release / REPORT_FILE).read_bytes()
    shown = runner.invoke(app, ["report", str(release)])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout_bytes == page  # stdout by default: the page the build wrote, byte for byte
    written = runner.invoke(app, ["report", str(release), "--out", str(tmp_path / "page.html")])
    assert written.exit_code == 0 and (tmp_path / "page.html").read_bytes() == page, written.output
    for inside in (release / REPORT_FILE, release / "data" / "page.html", release):
        refused = runner.invoke(app, ["report", str(release), "--out", str(inside)])
        assert refused.exit_code == 1 and "inside the release" in refused.output, refused.output
    (tmp_path / "folder").mkdir()
    refused = runner.invoke(app, ["report", str(release), "--out", str(tmp_path / "folder")])
    assert refused.exit_code == 1 and "a folder" in refused.output
    assert _digests(release) == before  # not one byte of the release changed, nor its timestamps
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist", "folder", "page.html"]  # no temporary left
