"""The curated word lists: well-formed files, lookups by name and class, folding in one place."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from akhbar.text import lexicon
from akhbar.text.arabic import fold


def _rows(name: str) -> list[dict[str, str]]:
    path = resources.files("akhbar.text").joinpath("lexicon", f"{name}.csv")
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("name", lexicon.names())
def test_every_file_has_one_row_per_word_and_class(name: str) -> None:
    rows = _rows(name)
    assert rows
    assert {"word", "class", "comment"} <= set(rows[0])
    keys = [(r["word"], r["class"]) for r in rows]
    assert all(w.strip() == w and w and c for w, c in keys)
    assert len(keys) == len(set(keys)), [k for k in keys if keys.count(k) > 1][:5]


def test_words_keep_file_order_and_filter_by_class() -> None:
    rows = _rows("titles")
    assert lexicon.words("titles", "title") == tuple(r["word"] for r in rows if r["class"] == "title")
    assert set(lexicon.words("titles")) == {r["word"] for r in rows}


def test_folded_is_the_set_of_matching_forms() -> None:
    assert lexicon.folded("calendar", "month") == frozenset(fold(w) for w in lexicon.words("calendar", "month"))
    assert "اكتوبر" in lexicon.folded("calendar", "month")  # أكتوبر, folded


def test_values_map_folded_words_to_their_cell() -> None:
    ones = lexicon.values("number_words", "one")
    assert ones["ثلاثه"] == "3"
    assert lexicon.values("figure_cues", "qualifier")["اكثر من"] == "over"


def test_unknown_file_or_class_is_a_one_line_error() -> None:
    with pytest.raises(lexicon.LexiconError, match="no class 'nope'"):
        lexicon.words("titles", "nope")
    with pytest.raises(lexicon.LexiconError, match="not found"):
        lexicon.words("no_such_file")


def test_function_words_are_one_list_with_a_class_per_use() -> None:
    from akhbar.extract import entities, figures

    both = lexicon.folded("function_words", "both")
    assert both <= entities.FUNCTION_WORDS and both <= figures.FUNCTION_WORDS
    assert "قائلا" in entities.FUNCTION_WORDS - figures.FUNCTION_WORDS  # a participle, never part of a name
    assert "سنويا" in figures.FUNCTION_WORDS - entities.FUNCTION_WORDS  # an adverb, never a counted noun
