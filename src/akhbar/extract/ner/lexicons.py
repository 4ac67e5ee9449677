"""The name lexicons the tagger's features test: built from their sources at training time, shipped as files.

Nothing is read from ``shared/`` or ``reference/`` when tagging: the training tool derives two compact,
sorted token lists and writes them beside the model, so that tagging sees exactly the lists it was trained with.

* ``person_tokens.tsv``: folded person-name tokens from Wikidata (CC0) with a frequency bucket
  (1: one person label, 2: 2-9, 3: ten or more), ``token<TAB>bucket``.
* ``gazetteer_tokens.txt``: folded Arabic tokens of every gazetteer spelling (curated rows and CLDR countries).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path

from akhbar.extract.gazetteer import Gazetteer
from akhbar.extract.ner.features import Lexicons
from akhbar.text.arabic import fold

PERSON_FILE = "person_tokens.tsv"
GAZETTEER_FILE = "gazetteer_tokens.txt"
MODEL_PACKAGE = "akhbar.extract.ner.model"


def _bucket(count: int) -> str:
    """Frequency bucket of a name token from how many Wikidata person labels use it."""
    return "1" if count <= 1 else "2" if count < 10 else "3"


def read_wikidata_tokens(path: Path) -> dict[str, str]:
    """Folded Arabic person-name tokens of the Wikidata lexicon (``english<TAB>letters<TAB>count``) by bucket."""
    counts: Counter[str] = Counter()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 3 or not cols[2].isdigit():
                raise ValueError(f"{path}:{n}: expected 'english<TAB>arabic letters<TAB>count'")
            token = fold(cols[1].replace(" ", ""))
            if len(token) >= 2:
                counts[token] += int(cols[2])
    return {t: _bucket(c) for t, c in counts.items()}


def gazetteer_tokens(gaz: Gazetteer) -> frozenset[str]:
    """Folded Arabic tokens (two letters or more) of every spelling the gazetteer indexes."""
    return frozenset(t for key in gaz.index for t in key if len(t) >= 2 and not t.isascii())


def write_lexicons(lex: Lexicons, folder: Path) -> None:
    """Write the two token lists, sorted, so that the same lexicons give the same bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    persons = "".join(f"{t}\t{b}\n" for t, b in sorted(lex.persons.items()))
    (folder / PERSON_FILE).write_text(persons, encoding="utf-8")
    (folder / GAZETTEER_FILE).write_text("".join(f"{t}\n" for t in sorted(lex.gazetteer)), encoding="utf-8")


def _lines(text: str) -> Iterable[str]:
    """Non-empty lines of a text."""
    return (line for line in text.split("\n") if line)


def parse_lexicons(persons: str, gazetteer: str) -> Lexicons:
    """Lexicons from the text of the two shipped files."""
    pairs = (line.split("\t") for line in _lines(persons))
    return Lexicons(persons={t: b for t, b in pairs}, gazetteer=frozenset(_lines(gazetteer)))


def load_lexicons(folder: Path | None = None) -> Lexicons:
    """The lexicons shipped in the package (or written to ``folder``)."""
    root = files(MODEL_PACKAGE) if folder is None else folder
    return parse_lexicons(
        root.joinpath(PERSON_FILE).read_text(encoding="utf-8"),
        root.joinpath(GAZETTEER_FILE).read_text(encoding="utf-8"),
    )
