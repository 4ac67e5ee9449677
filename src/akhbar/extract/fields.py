"""The article fields that entities and figures are found in (body, title), and the ids of the rows of each.

A row found in the title gets an id of its own series (``-mt01``, ``-ft01``), never one of the body's
(``-m0001``, ``-f0001``): a title found or changed does not shift the ids of the body's rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, TypeVar

import pandas as pd

GAZETTEER = "gazetteer"
BODY = "body"
TITLE = "title"
FIELDS = (BODY, TITLE)
# How a field's rank is written after a table's letter: four digits in the body, "t" and two in the title.
_RANK_FORMATS = {BODY: "{:04d}", TITLE: "t{:02d}"}
# Id suffixes by (table letter, field), made once per process and extended as needed.
_SUFFIXES: dict[tuple[str, str], list[str]] = {}


def id_suffixes(letter: str, field: str, count: int) -> list[str]:
    """The id suffixes of the first ``count`` rows of one field of an article ("-m0001" ..., "-mt01" ...)."""
    made = _SUFFIXES.setdefault((letter, field), [])
    while len(made) < count:
        made.append(f"-{letter}" + _RANK_FORMATS[field].format(len(made) + 1))
    return made[:count]


class _Found(Protocol):
    """What `trusted_in_title` reads of a mention."""

    @property
    def entity_id(self) -> str: ...

    @property
    def method(self) -> str: ...


F = TypeVar("F", bound=_Found)


def trusted_in_title(title: Sequence[F], body: Sequence[_Found]) -> list[F]:
    """The title's mentions to keep: those from the gazetteer, and any other whose entity the body names too.

    The pattern rules read a body's prose (a title or a reporting verb, then a name); a headline drops the
    subject's verb and puts a present-tense verb after a title ("... يثمن جهود"), which those rules would take
    for a name. On 3,000 SaudiNewsNet articles, 47 of the 71 pattern mentions of titles named no entity of
    their body, about half of them such verb phrases; the 24 that do add no entity the body does not have."""
    named = {m.entity_id for m in body}
    return [m for m in title if m.method == GAZETTEER or m.entity_id in named]


def article_texts(articles: pd.DataFrame) -> Iterator[tuple[str, str, str]]:
    """(article_id, field, text) of every article in article_id order, body then title; articles without a
    title (null, empty, or a frame without a title column) give their body alone."""
    titles = articles["title"].tolist() if TITLE in articles.columns else [None] * len(articles)
    for article_id, body, title in sorted(zip(articles["article_id"], articles[BODY], titles), key=_first):
        yield article_id, BODY, body
        if isinstance(title, str) and title:
            yield article_id, TITLE, title


def _first(row: tuple[str, str, object]) -> str:
    """The article id of a row (the sort key: ids are unique)."""
    return row[0]
