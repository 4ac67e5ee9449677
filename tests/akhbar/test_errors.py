"""One base error: every error akhbar raises on purpose is an AkhbarError, under the names it always had."""

from __future__ import annotations

import pytest

from akhbar import errors
from akhbar.access.api import PackageError
from akhbar.access.sql import QueryError
from akhbar.corpus.ingest import IngestError, Problem
from akhbar.package.pull import PullError
from akhbar.package.release import ReleaseError
from akhbar.package.schema import SchemaError
from akhbar.package.versioning import VersionError
from akhbar.pipeline.parallel import ExecutorError
from akhbar.pipeline.runner import PipelineError
from akhbar.report import ReportError
from akhbar.validate import ReleaseOpenError, ValidationError


@pytest.mark.parametrize(
    ("old", "kind"),
    [
        (PackageError, errors.PackageError),
        (QueryError, errors.QueryError),
        (IngestError, errors.InputError),
        (PullError, errors.PullError),
        (ReleaseError, errors.ReleaseError),
        (SchemaError, errors.SchemaError),
        (VersionError, errors.VersionError),
        (ExecutorError, errors.ExecutorError),
        (PipelineError, errors.PipelineError),
        (ReportError, errors.ReportError),
        (ReleaseOpenError, errors.DescriptorError),
        (ValidationError, errors.ValidationError),
    ],
)
def test_old_names_are_kinds_of_akhbar_error(old: type[Exception], kind: type[Exception]):
    assert issubclass(old, kind) and issubclass(old, errors.AkhbarError)


def test_bad_input_is_one_line_with_every_problem_listed():
    exc = IngestError([Problem("a.txt", "empty file"), Problem("b.txt", "not UTF-8")])
    assert "\n" not in str(exc) and "a.txt: empty file" in str(exc) and "1 more" in str(exc)
    assert exc.lines() == ["a.txt: empty file", "b.txt: not UTF-8", "2 problem(s) in the raw articles"]
