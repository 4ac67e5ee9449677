"""Semantic versions of a data package, and the bump a change requires (Frictionless data-package version recipe).

The recipe (https://specs.frictionlessdata.io/patterns/#data-package-version):
    major  a resource removed or renamed, resources reordered; a field added, removed, renamed, reordered,
           retyped or reformatted; a constraint tightened; the primary or a foreign key changed; what counts
           as missing changed
    minor  a resource added; rows added to a resource; a constraint loosened
    patch  existing rows corrected (changed or removed); descriptive metadata changed

`required_bump` turns a list of `Change`s into the smallest bump allowed, and `check_bump` refuses a smaller
one with every reason. Data-level changes (rows) come from `akhbar.package.diff`; schema-level ones from
`schema_changes`, which needs nothing but the two descriptors.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from akhbar.errors import VersionError

LEVELS = ("none", "patch", "minor", "major")
BUMPS = ("patch", "minor", "major")
_SEMVER_RE = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
# Constraints where a larger number accepts more values, and where a smaller one does.
_UPPER_BOUNDS = ("maximum", "maxLength", "exclusiveMaximum")
_LOWER_BOUNDS = ("minimum", "minLength", "exclusiveMinimum")
# Field properties that change how a value is read: changing one is a retyping.
_PARSING_PROPS = ("type", "format", "trueValues", "falseValues", "decimalChar", "groupChar", "bareNumber", "itemType")


@dataclass(frozen=True, order=True)
class Version:
    """A MAJOR.MINOR.PATCH version."""

    major: int
    minor: int
    patch: int

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


@dataclass(frozen=True)
class Change:
    """One difference between two releases and the bump level it requires."""

    level: str  # one of LEVELS other than "none"
    table: str | None
    message: str
    kind: str = "schema"  # schema (descriptor and Table Schemas) or data (rows)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


def parse_version(text: str) -> Version:
    """Parse `MAJOR.MINOR.PATCH` (no pre-release or build suffix) or raise VersionError."""
    m = _SEMVER_RE.match(str(text).strip())
    if not m:
        raise VersionError(f"not a semantic version (MAJOR.MINOR.PATCH): {text!r}")
    return Version(int(m[1]), int(m[2]), int(m[3]))


def is_version(text: str) -> bool:
    """True when ``text`` is a MAJOR.MINOR.PATCH version."""
    return bool(_SEMVER_RE.match(str(text).strip()))


def bump(version: str | Version, part: str) -> Version:
    """The next version after bumping ``part`` (major, minor or patch); lower parts reset to 0."""
    v = parse_version(version) if isinstance(version, str) else version
    if part == "major":
        return Version(v.major + 1, 0, 0)
    if part == "minor":
        return Version(v.major, v.minor + 1, 0)
    if part == "patch":
        return Version(v.major, v.minor, v.patch + 1)
    raise VersionError(f"unknown bump {part!r}: use one of {', '.join(BUMPS)}")


def bump_between(old: str | Version, new: str | Version) -> str:
    """The bump level that goes from ``old`` to ``new`` ("none" if equal); VersionError if ``new`` is older."""
    o = parse_version(old) if isinstance(old, str) else old
    n = parse_version(new) if isinstance(new, str) else new
    if n < o:
        raise VersionError(f"version {n} is older than {o}")
    if n.major != o.major:
        return "major"
    if n.minor != o.minor:
        return "minor"
    if n.patch != o.patch:
        return "patch"
    return "none"


def level_rank(level: str) -> int:
    """Order of a bump level: none < patch < minor < major."""
    return LEVELS.index(level)


def required_bump(changes: list[Change]) -> str:
    """The smallest bump level that covers every change ("none" when there is none)."""
    return max((c.level for c in changes), key=level_rank, default="none")


def check_bump(old: str, new: str, changes: list[Change]) -> None:
    """Raise VersionError when going from ``old`` to ``new`` is a smaller bump than ``changes`` require."""
    given = bump_between(old, new)
    needed = required_bump(changes)
    if level_rank(given) < level_rank(needed):
        reasons = [c for c in changes if c.level == needed]
        detail = "; ".join(f"{c.table + ': ' if c.table else ''}{c.message}" for c in reasons)
        raise VersionError(f"{old} -> {new} is a {given} bump but the changes require {needed}: {detail}")


def _as_list(value: Any) -> list[Any]:
    """A key spec (string or list) as a list."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _norm_fks(schema: dict[str, Any]) -> list[tuple]:
    """Foreign keys as comparable tuples."""
    out = []
    for fk in schema.get("foreignKeys", []) or []:
        ref = fk.get("reference", {})
        out.append((tuple(_as_list(fk.get("fields"))), ref.get("resource", ""), tuple(_as_list(ref.get("fields")))))
    return sorted(out)


def constraint_changes(field: str, old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str]]:
    """(level, message) for each constraint of one field that was tightened (major) or loosened (minor)."""
    out: list[tuple[str, str]] = []

    def tight(msg: str) -> None:
        out.append(("major", f"field {field!r}: constraint {msg} (tightened)"))

    def loose(msg: str) -> None:
        out.append(("minor", f"field {field!r}: constraint {msg} (loosened)"))

    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if key in ("required", "unique"):
            (tight if b and not a else loose)(f"{key} {bool(a)} -> {bool(b)}")
        elif key in _LOWER_BOUNDS or key in _UPPER_BOUNDS:
            if a is None:
                tight(f"{key} added ({b})")
            elif b is None:
                loose(f"{key} removed (was {a})")
            else:
                narrower = (b > a) if key in _LOWER_BOUNDS else (b < a)
                (tight if narrower else loose)(f"{key} {a} -> {b}")
        elif key == "enum":
            if a is None:
                tight(f"enum added {b}")
            elif b is None:
                loose("enum removed")
            elif set(b) >= set(a):
                loose(f"enum gained {sorted(set(b) - set(a), key=str)}")
            else:
                tight(f"enum lost {sorted(set(a) - set(b), key=str)}")
        elif key == "pattern":
            # one regular expression cannot in general be proved wider than another: any new or changed
            # pattern may reject a value the old one accepted
            if b is None:
                loose(f"pattern removed (was {a!r})")
            else:
                tight(f"pattern {a!r} -> {b!r}")
        else:
            tight(f"{key} {a!r} -> {b!r}")
    return out


def field_changes(table: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Changes between two Table Schemas of one table."""
    changes: list[Change] = []
    old_fields = {f["name"]: f for f in old.get("fields", [])}
    new_fields = {f["name"]: f for f in new.get("fields", [])}
    old_names, new_names = list(old_fields), list(new_fields)
    removed = [n for n in old_names if n not in new_fields]
    added = [n for n in new_names if n not in old_fields]
    # a field that disappears where another appears at the same position was renamed
    renamed = []
    for name in list(removed):
        pos = old_names.index(name)
        if pos < len(new_names) and new_names[pos] in added:
            renamed.append((name, new_names[pos]))
            removed.remove(name)
            added.remove(new_names[pos])
    for a, b in renamed:
        changes.append(Change("major", table, f"field {a!r} renamed to {b!r}"))
    changes += [Change("major", table, f"field {n!r} removed") for n in removed]
    changes += [Change("major", table, f"field {n!r} added") for n in added]
    common_old = [n for n in old_names if n in new_fields]
    common_new = [n for n in new_names if n in old_fields]
    if common_old != common_new:
        changes.append(Change("major", table, f"fields reordered: {common_old} -> {common_new}"))
    for name in common_new:
        a, b = old_fields[name], new_fields[name]
        for prop in _PARSING_PROPS:
            default = "string" if prop == "type" else ("default" if prop == "format" else None)
            if a.get(prop, default) != b.get(prop, default):
                changes.append(
                    Change(
                        "major", table, f"field {name!r}: {prop} {a.get(prop, default)!r} -> {b.get(prop, default)!r}"
                    )
                )
        for level, msg in constraint_changes(name, a.get("constraints", {}) or {}, b.get("constraints", {}) or {}):
            changes.append(Change(level, table, msg))
        for prop in ("title", "description", "example", "rdfType"):
            if a.get(prop) != b.get(prop):
                changes.append(Change("patch", table, f"field {name!r}: {prop} changed"))
    if _as_list(old.get("primaryKey")) != _as_list(new.get("primaryKey")):
        changes.append(
            Change(
                "major", table, f"primary key {_as_list(old.get('primaryKey'))} -> {_as_list(new.get('primaryKey'))}"
            )
        )
    if _norm_fks(old) != _norm_fks(new):
        changes.append(Change("major", table, "foreign keys changed"))
    if old.get("missingValues", [""]) != new.get("missingValues", [""]):
        changes.append(
            Change(
                "major", table, f"missingValues {old.get('missingValues', [''])} -> {new.get('missingValues', [''])}"
            )
        )
    return changes


def schema_changes(old_desc: dict[str, Any], new_desc: dict[str, Any]) -> list[Change]:
    """Package- and schema-level changes between two release descriptors (schemas inlined)."""
    changes: list[Change] = []
    if old_desc.get("name") != new_desc.get("name"):
        changes.append(Change("major", None, f"package renamed {old_desc.get('name')!r} -> {new_desc.get('name')!r}"))
    old_res = {r["name"]: r for r in old_desc.get("resources", [])}
    new_res = {r["name"]: r for r in new_desc.get("resources", [])}
    for name in old_res:
        if name not in new_res:
            changes.append(Change("major", name, "resource removed"))
    for name in new_res:
        if name not in old_res:
            changes.append(Change("minor", name, "resource added"))
    common_old = [n for n in old_res if n in new_res]
    common_new = [n for n in new_res if n in old_res]
    if common_old != common_new:
        changes.append(Change("major", None, f"resources reordered: {common_old} -> {common_new}"))
    for name in common_new:
        a, b = old_res[name].get("schema", {}), new_res[name].get("schema", {})
        if isinstance(a, dict) and isinstance(b, dict):
            changes += field_changes(name, a, b)
        for prop in ("title", "description"):
            if old_res[name].get(prop) != new_res[name].get(prop):
                changes.append(Change("patch", name, f"resource {prop} changed"))
    for prop in ("title", "description", "licenses", "sources", "contributors", "keywords", "homepage"):
        if old_desc.get(prop) != new_desc.get(prop):
            changes.append(Change("patch", None, f"package {prop} changed"))
    return changes
