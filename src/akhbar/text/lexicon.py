"""The curated Arabic word lists the extractors use, read once per process from ``akhbar/text/lexicon/*.csv``.

Each file holds one row per word and list (``word,class,comment``; number and qualifier lists add ``value``).
A file groups related lists; ``class`` names the list within it. The files ship inside the package, so an
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


class LexiconError(Exception):
    """A lexicon file or list is missing or malformed."""


@cache
def _rows(name: str) -> tuple[tuple[str, str, str], ...]:
    """(word, class, value) of every row of lexicon file ``name``, in file order."""
    path = resources.files(_PACKAGE).joinpath(_FOLDER).joinpath(f"{name}.csv")
    if not path.is_file():
        raise LexiconError(f"lexicon file {name!r} not found at {path}")
    with resources.as_file(path) as real, real.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if not {"word", "class"} <= set(reader.fieldnames or ()):
            raise LexiconError(f"{path}: expected columns word,class[,value],comment")
        return tuple((r["word"].strip(), r["class"].strip(), (r.get("value") or "").strip()) for r in reader)


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
