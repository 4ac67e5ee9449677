"""The fast record makers build the same objects as the classes' own constructors."""

from __future__ import annotations

import dataclasses

import pytest

from akhbar.extract.entities import Mention
from akhbar.extract.quotes import MentionSpan
from akhbar.extract.records import frozen_maker, tuple_maker


def test_tuple_maker_builds_the_named_tuple() -> None:
    span = tuple_maker(MentionSpan)((3, 9, "xi-jinping", "person"))
    assert span == MentionSpan(3, 9, "xi-jinping", "person") and type(span) is MentionSpan
    assert span.entity_id == "xi-jinping"


def test_frozen_maker_builds_an_equal_frozen_instance() -> None:
    fields = dict(start=0, end=3, surface="شي", entity_id="xi", type="person", method="gazetteer", name="شي جين بينغ")
    made = frozen_maker(Mention)(**fields)
    assert made == Mention(**fields) and hash(made) == hash(Mention(**fields))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.start = 1  # type: ignore[misc]
