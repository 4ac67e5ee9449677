"""Open a release folder for validation: its descriptor, inlined schemas and the paths of its files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from akhbar.errors import DescriptorError
from akhbar.package.descriptor import DESCRIPTOR, read_descriptor_json
from akhbar.package.schema import TableSchema

# The name this module gave a descriptor that cannot be read; one error for it now.
ReleaseOpenError = DescriptorError


@dataclass(frozen=True)
class Release:
    """A release folder and its datapackage.json."""

    root: Path
    descriptor: dict[str, Any]

    @classmethod
    def open(cls, root: Path) -> Release:
        """Read `<root>/datapackage.json` as it is: its content is Frictionless's to judge (engine `frictionless`)."""
        root = Path(root).resolve()
        path = root / DESCRIPTOR
        if not path.is_file():
            raise DescriptorError(f"{root}: no {DESCRIPTOR} (is this a release folder?)")
        descriptor = read_descriptor_json(path)
        if not isinstance(descriptor, dict):
            raise DescriptorError(f"{path}: not a JSON object")
        return cls(root=root, descriptor=descriptor)

    @property
    def resources(self) -> list[dict[str, Any]]:
        """Resource descriptors that carry an inlined schema, in descriptor order."""
        return [
            r for r in self.descriptor.get("resources", []) if isinstance(r, dict) and isinstance(r.get("schema"), dict)
        ]

    @property
    def table_names(self) -> list[str]:
        """Names of the release's tables."""
        return [r["name"] for r in self.resources]

    def resource(self, name: str) -> dict[str, Any]:
        """One resource descriptor."""
        for r in self.resources:
            if r["name"] == name:
                return r
        raise KeyError(name)

    def schema(self, name: str) -> TableSchema:
        """The inlined Table Schema of one table."""
        return TableSchema(name=name, descriptor=self.resource(name)["schema"])

    def schemas(self) -> dict[str, TableSchema]:
        """Every table's schema, by name."""
        return {n: self.schema(n) for n in self.table_names}

    def csv_path(self, name: str) -> Path:
        """The CSV file of a table."""
        return self.root / self.resource(name)["path"]

    def parquet_path(self, name: str) -> Path | None:
        """The Parquet file of a table, when the descriptor names one."""
        pq = self.resource(name).get("parquet")
        return self.root / pq["path"] if isinstance(pq, dict) and pq.get("path") else None

    def duckdb_path(self) -> Path | None:
        """The DuckDB file, when the descriptor names one."""
        db = self.descriptor.get("duckdb")
        return self.root / db["path"] if isinstance(db, dict) and db.get("path") else None

    def primary_key(self, name: str) -> list[str]:
        """Primary key columns of a table."""
        return self.schema(name).primary_key
