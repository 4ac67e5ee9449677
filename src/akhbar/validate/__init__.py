"""Validate a release with three engines, each for its own job, and combine their findings in one report.

Who checks what (every constraint of every schema is checked on every row by at least one engine):

| rule (code)                                      | frictionless       | pandera          | gx                    |
|--------------------------------------------------|--------------------|------------------|-----------------------|
| descriptor, missing-file, hash, bytes, header    | all                |                  |                       |
| structure (missing/extra cells, blank rows)      | sample             | every row        |                       |
| type (incl. date, array, string formats)         | sample             | every row        |                       |
| required, unique, enum, pattern, min/max, length | sample             | every row        | derived suite (*)     |
| primary-key                                      | sample             | every row        | derived suite (*)     |
| foreign-key                                      | sample (small refs)| every row        |                       |
| offset, offset-range, overlap                    |                    | every row        |                       |
| derived-mismatch (Parquet, DuckDB copies vs CSV) | engine `release`: digests of every row, row diff on mismatch |
| gx:<expectation> quality gates                   |                    |                  | every row (aggregated)|

sample: the first SAMPLE_ROWS rows, at most SAMPLE_BYTES of CSV, per table (Frictionless reads rows one
at a time in Python, about 75,000 rows/s; it is the reference the pandera translator must agree with).
(*) all rows up to gx_engine.SAMPLE_ROWS, the first SAMPLE_ROWS rows of larger tables.

pandera checks every row column-wise: pyarrow reads the CSV, `cells` parses types vectorised with
Frictionless's cell reader as referee for any cell the fast path rejects, and checks are pyarrow/numpy
expressions. GX runs in a separate process beside the other engines, because its import alone takes
seconds; it reads the Parquet files and writes Data Docs into the release.

Rules have a severity: what proves the data wrong (everything above but the statistical gates) is an
error; the statistical gates (`akhbar.validate.gates`) carry the threshold and severity the release's
descriptor declares, and a failed `warning` gate is recorded without refusing publication.

Output: nothing is written unless `out_dir` is given (`akhbar build` gives `<release>/validation/` of the
release it is about to publish): `report.json` and `data-docs/index.html` there. Validating a published
release never changes it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from akhbar import errors
from akhbar.validate.gates import declared_gates
from akhbar.validate.release_data import Release, ReleaseOpenError
from akhbar.validate.report import EngineRun, Failure, Report

ENGINES = ("frictionless", "pandera", "gx")
VALIDATION_DIR = "validation"
REPORT_FILE = "report.json"
DATA_DOCS_DIR = "data-docs"

__all__ = [
    "ENGINES",
    "EngineRun",
    "Failure",
    "Report",
    "ReleaseOpenError",
    "ValidationError",
    "check_release",
    "report_path",
    "validate_release",
]


class ValidationError(errors.ValidationError):
    """A release failed validation; `report` says what failed, where and how many rows."""

    def __init__(self, report: Report) -> None:
        super().__init__(report.summary())
        self.report = report

    def lines(self) -> list[str]:
        """The CLI prints the report's table first; then this."""
        return ["the release failed validation (see the table above)"]


def report_path(release_dir: Path) -> Path:
    """Where a published release's validation report lies (written when it was built)."""
    return Path(release_dir) / VALIDATION_DIR / REPORT_FILE


def _start_gx_process(
    release: Release, docs_dir: Path | None, project_root: Path | None
) -> tuple[subprocess.Popen, Path]:
    """Start the GX engine in its own Python process; it writes its findings to a temporary JSON file."""
    fd, out = tempfile.mkstemp(prefix="akhbar-gx-", suffix=".json")
    os.close(fd)
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("GX_ANALYTICS_ENABLED", "false")
    args = [
        sys.executable,
        "-m",
        "akhbar.validate.gx_engine",
        str(release.root),
        out,
        str(docs_dir) if docs_dir is not None else "-",
        str(Path(project_root).resolve()) if project_root else "-",
    ]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=tempfile.gettempdir())
    return proc, Path(out)


def _finish_gx_process(proc: subprocess.Popen, out: Path) -> tuple[list[Failure], EngineRun]:
    """Wait for the GX process and read its findings; a crash becomes an engine-error row."""
    output, _ = proc.communicate()
    try:
        payload = json.loads(out.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        tail = output.decode("utf-8", "replace").strip().splitlines()[-3:] if output else []
        payload = {
            "error": f"GX process exited with {proc.returncode}: {' | '.join(tail)}",
            "failures": [],
            "checks": 0,
            "seconds": 0.0,
        }
    finally:
        out.unlink(missing_ok=True)
    failures = [Failure(**f) for f in payload["failures"]]
    if payload.get("error"):
        failures.append(Failure("gx", "", "engine-error", count=1, message=payload["error"][:500]))
    return failures, EngineRun("gx", payload.get("checks", 0), payload.get("seconds", 0.0), note="separate process")


def validate_release(
    release_dir: Path,
    *,
    project_root: Path | None = None,
    engines: Iterable[str] = ENGINES,
    parallel: bool | None = None,
    gates=None,
    data_docs: bool = True,
    out_dir: Path | None = None,
    cache_dir: Path | None = None,
) -> Report:
    """Validate a release folder with the given engines and return the report; the release is not changed.

    `out_dir`, when given, receives `report.json` and (with `data_docs`) GX's Data Docs; it must be empty or
    absent. `project_root` supplies reference data to the quality gates (known units); `parallel` runs GX in
    a separate process beside the other engines (default: when GX is not imported yet and there is more than
    one CPU); `gates` overrides the gates the release declares (`akhbar.validate.gx_engine.Gates`).
    `cache_dir`, when given, remembers the Frictionless samples that passed (`frictionless_engine.SampleVerdicts`:
    the same bytes in the same context are not read again; the verdict is the same).
    """
    release = Release.open(Path(release_dir))
    engines = tuple(engines)
    unknown = set(engines) - set(ENGINES)
    if unknown:
        raise ValueError(f"unknown engines {sorted(unknown)}; choose from {ENGINES}")
    declared = gates.levels if gates is not None else declared_gates(release.descriptor)  # a bad entry: one line
    if out_dir is not None:
        out_dir = Path(out_dir)
        if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
            raise errors.InputError(f"{out_dir}: not an empty folder; give a new folder for the validation report")
    docs_dir = out_dir / DATA_DOCS_DIR if out_dir is not None and data_docs and "gx" in engines else None
    if parallel is None:
        parallel = "great_expectations" not in sys.modules and (os.cpu_count() or 1) > 1
    gx_job = (
        _start_gx_process(release, docs_dir, project_root) if "gx" in engines and parallel and gates is None else None
    )

    failures: list[Failure] = []
    runs: list[EngineRun] = []
    try:
        if "frictionless" in engines:
            from akhbar.validate import frictionless_engine

            started = time.perf_counter()
            found, n = frictionless_engine.run(release, verdicts=frictionless_engine.SampleVerdicts(cache_dir))
            failures += found
            runs.append(
                EngineRun(
                    "frictionless",
                    n,
                    time.perf_counter() - started,
                    note=f"rows: first {frictionless_engine.SAMPLE_ROWS:,} (at most {frictionless_engine.SAMPLE_BYTES // 1_000_000} MB) per table",
                )
            )
        if "pandera" in engines:
            from akhbar.validate import consistency, pandera_engine

            started = time.perf_counter()
            found, n, tables = pandera_engine.run(release)
            failures += found
            runs.append(EngineRun("pandera", n, time.perf_counter() - started, note="every row"))
            started = time.perf_counter()
            found, n = consistency.run(release, tables)
            failures += found
            runs.append(EngineRun("release", n, time.perf_counter() - started, note="Parquet and DuckDB copies vs CSV"))
            del tables
        if "gx" in engines:
            if gx_job is not None:
                found, gx_run = _finish_gx_process(*gx_job)
                gx_job = None
            else:
                from akhbar.validate import gx_engine

                started = time.perf_counter()
                found, n = gx_engine.run(
                    release, docs_dir, gates or gx_engine.gates_for(release.descriptor, project_root)
                )
                gx_run = EngineRun("gx", n, time.perf_counter() - started)
            failures += found
            runs.append(gx_run)
    finally:
        if gx_job is not None:  # an engine above raised: do not leave the GX process behind
            gx_job[0].kill()
            gx_job[0].wait()
            gx_job[1].unlink(missing_ok=True)
    name = f"{release.descriptor.get('name', release.root.parent.name)} {release.descriptor.get('version', release.root.name)}"
    docs = f"{DATA_DOCS_DIR}/index.html" if docs_dir is not None and (docs_dir / "index.html").is_file() else ""
    failed = {f.gate for f in failures if f.gate}
    gate_rows = [g.to_dict() | {"passed": g.name not in failed} for g in declared.values()] if "gx" in engines else []
    report = Report(release=name, failures=failures, engines=runs, data_docs=docs, gates=gate_rows).sorted()
    if out_dir is not None:
        report.write(out_dir / REPORT_FILE)
    return report


def check_release(release_dir: Path, project_root: Path | None = None, cache_dir: Path | None = None) -> None:
    """The `check` callback of `akhbar.pipeline.build.build`: validate the release about to be published, write
    its report into its `validation/` folder, raise ValidationError on any error (warnings are recorded).

    ``cache_dir``: the build's extraction cache, which remembers the Frictionless samples that passed."""
    report = validate_release(
        release_dir, project_root=project_root, out_dir=Path(release_dir) / VALIDATION_DIR, cache_dir=cache_dir
    )
    if not report.ok:
        raise ValidationError(report)
