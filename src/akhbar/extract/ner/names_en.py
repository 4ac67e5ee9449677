"""English spellings of Arabic person-name tokens (Wikidata, CC0), for the ``name_en`` of a found person.

``person_names_en.tsv`` beside the model maps a folded Arabic name token to the English spelling that most
Wikidata person labels give it, kept only where that spelling is dominant (at least :data:`DOMINANT` of the
labels): كيري -> Kerry, لافروف -> Lavrov, while محمد (Mohamed, Mohammed, Muhammad ...) and تيريزا (Teresa,
Theresa) stay out. A name gets an English form only when every one of its tokens is in the file; nothing is
transliterated or guessed. Built by ``tools/build_names_en.py`` from the shared lexicon.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from akhbar.extract.ner.lexicons import MODEL_PACKAGE
from akhbar.text.arabic import fold

NAMES_EN_FILE = "person_names_en.tsv"
# Share of an Arabic token's Wikidata labels its English spelling must have to be the token's English form.
DOMINANT = 0.6


def read_english_tokens(path: Path) -> dict[str, str]:
    """Folded Arabic token -> its dominant English spelling, from ``english<TAB>letters<TAB>count`` lines."""
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 3 or not cols[2].isdigit():
                raise ValueError(f"{path}:{n}: expected 'english<TAB>arabic letters<TAB>count'")
            english = cols[0].strip(" .'")
            token = fold(cols[1].replace(" ", ""))
            if len(token) >= 2 and english.isalpha():
                counts[token][english] += int(cols[2])
    out = {}
    for token, spellings in counts.items():
        (best, top), *rest = sorted(spellings.items(), key=lambda kv: (-kv[1], kv[0]))
        if top >= DOMINANT * (top + sum(c for _, c in rest)):
            out[token] = best
    return out


def write_english_tokens(names: dict[str, str], path: Path) -> None:
    """Write the map sorted, so that the same lexicon gives the same bytes."""
    path.write_text("".join(f"{t}\t{e}\n" for t, e in sorted(names.items())), encoding="utf-8")


@lru_cache(maxsize=1)
def english_tokens() -> dict[str, str]:
    """The map shipped in the package."""
    text = files(MODEL_PACKAGE).joinpath(NAMES_EN_FILE).read_text(encoding="utf-8")
    return dict(line.split("\t", 1) for line in text.split("\n") if line)


def english_name(name_ar: str, names: dict[str, str] | None = None) -> str | None:
    """The English form of an Arabic person name when every token has one (جون كيري -> John Kerry); else None."""
    names = english_tokens() if names is None else names
    words = fold(name_ar).split()
    if not words or any(w not in names for w in words):
        return None
    return " ".join(names[w][:1].upper() + names[w][1:] for w in words)
