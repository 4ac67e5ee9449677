"""Fast construction of the extractors' records, for the loops that build tens of thousands of them per corpus.

A NamedTuple's own ``__new__`` is Python code, and a frozen dataclass's ``__init__`` sets each field through
``object.__setattr__``; the makers here build the same objects with C calls. They skip defaults and checks: pass
every field. Use them only where a profile shows construction matters (one call per mention, quote or cue).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")


def tuple_maker(cls: type[T]) -> Callable[[Iterable[Any]], T]:
    """A maker of NamedTuple ``cls`` from one iterable of all its fields, in order (``tuple.__new__``, in C)."""
    return partial(tuple.__new__, cls)  # type: ignore[type-var]


def frozen_maker(cls: type[T]) -> Callable[..., T]:
    """A maker of frozen dataclass ``cls`` (without slots) from all its fields by keyword: the call's keyword
    dictionary becomes the instance's ``__dict__`` in one step."""
    new, set_attribute = object.__new__, object.__setattr__

    def make(**fields: Any) -> T:
        obj = new(cls)
        set_attribute(obj, "__dict__", fields)
        return obj

    make.__doc__ = f"A {cls.__name__} from all its fields by keyword (akhbar.extract.records.frozen_maker)."
    return make
