"""The statistical quality gates of a release: their thresholds and severity, declared as data.

A project declares its gates in `datapackage.json` under `"akhbar": {"gates": {...}}` (the release carries
the same key, so a published release is validated later with the gates it was published with):

    "akhbar": {"gates": {"speaker_share": {"min": 0.5, "severity": "warning"}, ...}}

Every gate has a default (`DEFAULTS`); a declared gate overrides its `min`, `max` and `severity`. A gate
that fails with severity `error` refuses publication; with `warning` the release is published and the
warning is recorded in `validation/report.json` and on the release page. Rules that prove the data wrong
(schema, keys, offsets, hashes, copies that disagree) are not gates: they are always errors.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from akhbar.errors import DescriptorError

SEVERITIES = ("error", "warning")
ERROR, WARNING = SEVERITIES
KEY = "akhbar"
GATES_KEY = "gates"
WHERE = f"datapackage.json: {KEY}.{GATES_KEY}"


@dataclass(frozen=True)
class Gate:
    """One quality gate: what it measures, on which table, its bounds (inclusive) and its severity."""

    name: str
    table: str
    description: str
    severity: str = ERROR
    min: float | None = None
    max: float | None = None
    source: str = "default"

    def threshold(self) -> str:
        """The bounds as text: ">= 0.5", "<= 300", "1..2000", or "" for a gate without bounds."""
        lo, hi = _num(self.min), _num(self.max)
        if lo and hi:
            return f"{lo}..{hi}"
        return f">= {lo}" if lo else f"<= {hi}" if hi else ""

    def to_dict(self) -> dict[str, Any]:
        """The gate as the report and the release page show it."""
        return {
            "gate": self.name,
            "table": self.table,
            "description": self.description,
            "threshold": self.threshold(),
            "severity": self.severity,
            "source": self.source,
        }


def _num(value: float | None) -> str:
    """A bound as text: integers without a decimal point."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


DEFAULTS: dict[str, Gate] = {
    g.name: g
    for g in (
        Gate("body_chars", "articles", "characters in every article's body", ERROR, min=1),
        Gate("entities_per_article", "mentions", "distinct entities mentioned in every article", WARNING, min=1),
        Gate("mentions_per_article", "mentions", "mentions in every article", WARNING, min=1, max=2000),
        Gate("figures_per_article", "figures", "figures in every article", WARNING, min=0, max=500),
        Gate("quotes_per_article", "quotes", "quotes in every article", WARNING, min=0, max=300),
        Gate("speaker_share", "quotes", "share of quotes with a resolved speaker_entity_id", WARNING, min=0.5),
        Gate("known_units", "figures", "every figure unit is a known one (ISO 4217, percent, units, count nouns)"),
    )
}
# gates that take no bounds: only their severity can be set
UNBOUNDED = {"known_units"}


def _bound(value: Any, name: str, what: str) -> float | None:
    """A declared bound: a number, or null for none."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DescriptorError(f"{WHERE}.{name}: `{what}` must be a number, not {value!r}")
    return value


def declared_gates(descriptor: dict[str, Any]) -> dict[str, Gate]:
    """Every gate, with the descriptor's declarations over the defaults; DescriptorError names a bad entry."""
    block = descriptor.get(KEY, {})
    if not isinstance(block, dict):
        raise DescriptorError(f"datapackage.json: `{KEY}` must be an object")
    declared = block.get(GATES_KEY, {})
    if not isinstance(declared, dict):
        raise DescriptorError(f"{WHERE}: must be an object of gate name -> {{min, max, severity}}")
    gates = dict(DEFAULTS)
    for name, spec in declared.items():
        if name not in DEFAULTS:
            raise DescriptorError(f"{WHERE}: unknown gate {name!r} (known: {', '.join(DEFAULTS)})")
        if not isinstance(spec, dict):
            raise DescriptorError(f"{WHERE}.{name}: must be an object with `min`, `max` and/or `severity`")
        allowed = {"severity"} if name in UNBOUNDED else {"min", "max", "severity"}
        bad = set(spec) - allowed - {"description"}
        if bad:
            raise DescriptorError(f"{WHERE}.{name}: unknown setting(s) {sorted(bad)}; use {', '.join(sorted(allowed))}")
        severity = spec.get("severity", DEFAULTS[name].severity)
        if severity not in SEVERITIES:
            raise DescriptorError(f"{WHERE}.{name}: severity {severity!r} is not one of {', '.join(SEVERITIES)}")
        gate = replace(DEFAULTS[name], severity=severity, source="datapackage.json")
        if "min" in spec:
            gate = replace(gate, min=_bound(spec["min"], name, "min"))
        if "max" in spec:
            gate = replace(gate, max=_bound(spec["max"], name, "max"))
        if gate.min is not None and gate.max is not None and gate.min > gate.max:
            raise DescriptorError(f"{WHERE}.{name}: min {gate.min} is above max {gate.max}")
        gates[name] = gate
    return gates
