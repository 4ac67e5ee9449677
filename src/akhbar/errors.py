"""The errors akhbar raises on purpose: one base class, one subclass per kind of problem.

Every message is one line a user can act on (what failed, where, what to do). The CLI catches `AkhbarError`
in one place and prints `lines()`; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class AkhbarError(Exception):
    """Base of every error akhbar raises on purpose; ``str(error)`` is one line."""

    def lines(self) -> list[str]:
        """What the CLI prints, one line each (most errors: their message)."""
        return [str(self)]


class InputError(AkhbarError):
    """The raw articles or the options given cannot be used as input."""


class PipelineError(AkhbarError):
    """A step is missing, malformed, cyclic, or failed while running."""


class SchemaError(AkhbarError):
    """A table does not match its declared schema (missing, extra or misordered columns, bad types)."""


class DescriptorError(AkhbarError):
    """A datapackage.json cannot be read: missing, not JSON, or lacking name, version or a valid resource."""


class CacheError(AkhbarError):
    """The extraction cache cannot be used or pruned now (unreadable, or a build is using it)."""


class PackageError(AkhbarError):
    """A data package cannot be read or queried: unsupported resource, header that does not match, ..."""


class ReleaseError(AkhbarError):
    """A release cannot be written (existing version differs, validation failed, ...)."""


class ValidationError(ReleaseError):
    """A release failed validation."""


class VersionError(ReleaseError):
    """A version string is invalid, a bump is too small, or a version already exists."""


class PullError(AkhbarError):
    """A source cannot be pulled: unreachable, unsafe, or a file that fails verification."""


class QueryError(AkhbarError):
    """A query cannot run: no release, a write attempt, or an SQL error."""


class ExecutorError(AkhbarError):
    """Per-article work cannot run where it was asked to: bad options, no cluster to reach, a worker lost."""


class ReportError(AkhbarError):
    """The release page cannot be rendered (not a release folder, or its database is missing)."""


class ReferenceDataError(AkhbarError):
    """Curated reference data (gazetteer, currencies, units) is missing or malformed."""
