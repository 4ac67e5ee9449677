"""The validation report: one row per failed rule, with stable rule codes, a rich table and a JSON form."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

# How many failing rows/keys a report row keeps: enough to find the problem, small enough to print.
MAX_EXAMPLES = 5

RULES: dict[str, str] = {
    "descriptor": "datapackage.json or a schema is not a valid Frictionless descriptor",
    "missing-file": "a file named by datapackage.json is missing or unreadable",
    "hash": "a file's sha256 differs from datapackage.json",
    "bytes": "a file's size differs from datapackage.json",
    "header": "the CSV header differs from the schema's field names",
    "structure": "a CSV row has missing or extra cells, or cannot be parsed",
    "type": "a cell cannot be read as the field's type",
    "required": "a required cell is empty",
    "unique": "a unique field has duplicate values",
    "primary-key": "two rows share a primary key",
    "foreign-key": "a foreign key does not resolve in the referenced table",
    "enum": "a value outside the field's enum",
    "pattern": "a value does not match the field's pattern",
    "minimum": "a value below the field's minimum",
    "maximum": "a value above the field's maximum",
    "minLength": "a value shorter than the field's minLength",
    "maxLength": "a value longer than the field's maxLength",
    "offset": "<field text>[start:end] differs from the row's surface/text (the body, or the title when field says so)",
    "offset-range": "0 <= start < end <= length of the text the row indexes does not hold",
    "overlap": "two spans of one article text overlap",
    "derived-mismatch": "the Parquet or DuckDB copy differs from the CSV rows",
    "engine-error": "a validation engine crashed (the release is not validated)",
}


@dataclass
class Failure:
    """One failed rule on one table (or on the package when table is empty)."""

    engine: str
    table: str
    rule: str
    count: int
    column: str = ""
    rows: list[int] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    message: str = ""
    # error: refuses publication; warning: a statistical gate declared as such (published, recorded)
    severity: str = "error"
    gate: str = ""
    threshold: str = ""
    observed: str = ""

    def sort_key(self) -> tuple[Any, ...]:
        """Order: engine, table, rule, column."""
        return (ENGINE_ORDER.get(self.engine, 99), self.engine, self.table, self.rule, self.column)


ENGINE_ORDER = {"frictionless": 0, "pandera": 1, "release": 2, "gx": 3}


@dataclass
class EngineRun:
    """What one engine did: how many checks it ran and how long it took."""

    engine: str
    checks: int
    seconds: float
    note: str = ""


@dataclass
class Report:
    """The combined result of every engine on one release."""

    release: str
    failures: list[Failure] = field(default_factory=list)
    engines: list[EngineRun] = field(default_factory=list)
    data_docs: str = ""
    gates: list[dict[str, Any]] = field(default_factory=list)

    @property
    def errors(self) -> list[Failure]:
        """Failures that refuse publication."""
        return [f for f in self.failures if f.severity != "warning"]

    @property
    def warnings(self) -> list[Failure]:
        """Failed gates declared as warnings: the release is published with them recorded."""
        return [f for f in self.failures if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when no engine found an error (warnings allowed)."""
        return not self.errors

    def sorted(self) -> Report:
        """The report with failures in a stable order."""
        return Report(
            self.release, sorted(self.failures, key=Failure.sort_key), list(self.engines), self.data_docs, self.gates
        )

    def find(self, *, table: str | None = None, rule: str | None = None, engine: str | None = None) -> list[Failure]:
        """Failures matching every given attribute."""
        return [
            f
            for f in self.failures
            if (table is None or f.table == table)
            and (rule is None or f.rule == rule)
            and (engine is None or f.engine == engine)
        ]

    def to_dict(self, timings: bool = True) -> dict[str, Any]:
        """Plain-JSON form; without timings it is identical for identical releases."""
        engines = [asdict(e) for e in self.engines]
        if not timings:
            for e in engines:
                e.pop("seconds")
        return {
            "release": self.release,
            "valid": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "failures": [asdict(f) for f in sorted(self.failures, key=Failure.sort_key)],
            "gates": self.gates,
            "engines": engines,
            "data_docs": self.data_docs,
        }

    def to_json(self, timings: bool = True) -> str:
        """JSON text of the report."""
        return json.dumps(self.to_dict(timings=timings), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """Rebuild a report from its JSON form."""
        return cls(
            release=data.get("release", ""),
            failures=[Failure(**f) for f in data.get("failures", [])],
            engines=[EngineRun(**{"seconds": 0.0, **e}) for e in data.get("engines", [])],
            data_docs=data.get("data_docs", ""),
            gates=data.get("gates", []),
        )

    def write(self, path: Path) -> Path:
        """Write the JSON form (without timings, so re-validating an unchanged release gives the same file)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_json(timings=False), encoding="utf-8")
        return path

    def plain_lines(self) -> list[str]:
        """One logfmt line per failed rule, whole (for CI logs and pipes, where a table would wrap)."""
        lines = []
        for f in sorted(self.failures, key=Failure.sort_key):
            fields = {
                "severity": f.severity,
                "engine": f.engine,
                "table": f.table or "-",
                "rule": f.rule,
                "gate": f.gate,
                "column": f.column,
                "count": str(f.count),
                "first_keys": ",".join(f.keys) if f.keys else ",".join(f"row {r}" for r in f.rows),
                "threshold": f.threshold,
                "observed": f.observed,
                "detail": f.message,
            }
            lines.append(" ".join(f"{k}={_logfmt(v)}" for k, v in fields.items() if v or k in ("first_keys",)))
        return lines

    def rich_table(self) -> Table:
        """The failures as a rich table: engine, table, rule, failing rows, first failing keys."""
        table = Table(title=f"validation of {self.release}", show_lines=False)
        table.add_column("severity", no_wrap=True)
        # min widths keep the keys and detail readable in an 80-column terminal (rich would squeeze them to nothing)
        for col, kw in (
            ("engine", {"no_wrap": True}),
            ("table", {"no_wrap": True}),
            ("rule", {"overflow": "fold", "min_width": 12}),
            ("column", {"overflow": "fold", "min_width": 6}),
            ("failing rows", {"justify": "right", "no_wrap": True}),
            ("first failing keys", {"overflow": "fold", "min_width": 14}),
            ("detail", {"overflow": "fold", "min_width": 16}),
        ):
            table.add_column(col, **kw)
        for f in sorted(self.failures, key=Failure.sort_key):
            keys = ", ".join(f.keys) if f.keys else ", ".join(f"row {r}" for r in f.rows)
            table.add_row(
                *(
                    escape(v)
                    for v in (f.severity, f.engine, f.table or "-", f.rule, f.column, str(f.count), keys, f.message)
                )
            )
        return table

    def summary(self) -> str:
        """One line: valid or how many rules failed, and what each engine ran."""
        ran = ", ".join(f"{e.engine} {e.checks} checks {e.seconds:.1f}s" for e in self.engines)
        warned = f" with {len(self.warnings)} warning(s)" if self.warnings else ""
        if self.ok:
            return f"valid{warned}: {self.release} ({ran})"
        rows = sum(f.count for f in self.errors)
        return f"INVALID: {len(self.errors)} failed rule(s), {rows} failing row(s){warned} in {self.release} ({ran})"

    def print(self, console: Console) -> None:
        """Render the report: the failures (a table on a terminal, one whole line each otherwise) and the summary."""
        if not console.is_terminal:
            for line in self.plain_lines():
                console.out(line, highlight=False)
            console.out(self.summary(), highlight=False)
            return
        if self.failures:
            console.print(self.rich_table())
        console.print(escape(self.summary()), style="green" if self.ok else "red", highlight=False)


def _logfmt(value: str) -> str:
    """A logfmt value: bare when it has no space, quote or `=`, else JSON-quoted (one line either way)."""
    if value and not any(c in value for c in ' "=\\') and value.isprintable():
        return value
    return json.dumps(value, ensure_ascii=False)
