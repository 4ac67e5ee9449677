"""The curated Arabic word lists the extractors use, read once per process from ``akhbar/text/lexicon/*.csv``.

Each file holds one row per word and list (``word,class,comment``; number and qualifier lists add ``value``).
A file groups related lists; ``class`` names the list within it. A row whose word is ``@FILE:CLASS`` stands for
every word of that list, so that one list kept in one file also feeds a list of another file (the wire agencies
of ``datelines.csv`` are dateline sources in ``entity_nouns.csv``). The files ship inside the package, so an
installed akhbar (a Dask worker, a project folder without them) reads the same lists as a source checkout:
they are part of the extractors' knowledge, versioned with the code that relies on them.

    FUNCTION_WORDS = lexicon.folded("function_words")
    TITLE_ADJECTIVES = lexicon.folded("titles", "title_adjective")
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from akhbar.text.arabic import fold

_PACKAGE = "akhbar.text"
_FOLDER = "lexicon"
_INCLUDE = "@"  # a row "@FILE:CLASS" stands for the words of that list


class LexiconError(Exception):
    """A lexicon file or list is missing or malformed."""


@cache
def _file_rows(name: str) -> tuple[tuple[str, str, str], ...]:
    """(word, class, value) of every row of lexicon file ``name`` as written, in file order."""
    path = resources.files(_PACKAGE).joinpath(_FOLDER).joinpath(f"{name}.csv")
    if not path.is_file():
        raise LexiconError(f"lexicon file {name!r} not found at {path}")
    with resources.as_file(path) as real, real.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if not {"word", "class"} <= set(reader.fieldnames or ()):
            raise LexiconError(f"{path}: expected columns word,class[,value],comment")
        return tuple((r["word"].strip(), r["class"].strip(), (r.get("value") or "").strip()) for r in reader)


def _included(name: str, cls: str, ref: str) -> list[tuple[str, str, str]]:
    """The rows an ``@FILE:CLASS`` row of list ``cls`` stands for, taken into ``cls`` (one level: no chains)."""
    source, _, source_cls = ref[1:].partition(":")
    rows = [r for r in _file_rows(source) if r[1] == source_cls] if source != name else []
    if not rows or any(w.startswith(_INCLUDE) for w, _, _ in rows):
        raise LexiconError(f"lexicon file {name!r}: {ref!r} names no list of plain words (FILE:CLASS of another file)")
    return [(w, cls, v) for w, _, v in rows]


@cache
def _rows(name: str) -> tuple[tuple[str, str, str], ...]:
    """(word, class, value) of every row of lexicon file ``name``, ``@FILE:CLASS`` rows expanded, in file order."""
    rows: list[tuple[str, str, str]] = []
    for word, cls, value in _file_rows(name):
        rows.extend(_included(name, cls, word) if word.startswith(_INCLUDE) else [(word, cls, value)])
    return tuple(rows)


def names() -> list[str]:
    """Every lexicon file's name."""
    folder = resources.files(_PACKAGE).joinpath(_FOLDER)
    return sorted(p.name.removesuffix(".csv") for p in folder.iterdir() if p.name.endswith(".csv"))


@cache
def words(name: str, *classes: str) -> tuple[str, ...]:
    """The words of lexicon file ``name`` as written, in file order; only those of ``classes`` when given."""
    rows = _rows(name)
    if classes:
        unknown = set(classes) - {c for _, c, _ in rows}
        if unknown:
            raise LexiconError(f"lexicon file {name!r} has no class {', '.join(map(repr, sorted(unknown)))}")
    return tuple(w for w, c, _ in rows if not classes or c in classes)


@cache
def folded(name: str, *classes: str) -> frozenset[str]:
    """The matching forms (:func:`akhbar.text.arabic.fold`) of :func:`words`, as a set."""
    return frozenset(fold(w) for w in words(name, *classes))


def values(name: str, cls: str) -> dict[str, str]:
    """Folded word -> its ``value`` cell, for the rows of one class (number words, qualifiers), in file order."""
    words(name, cls)  # raises on an unknown class
    return {fold(w): v for w, c, v in _rows(name) if c == cls}
