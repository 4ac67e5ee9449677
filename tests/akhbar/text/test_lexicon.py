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


def test_dateline_sources_take_in_the_agency_list_kept_once() -> None:
    agencies = lexicon.folded("datelines", "agency")
    sources = lexicon.folded("entity_nouns", "dateline_source")
    assert agencies < sources  # every agency, plus outlet words
    assert "الرياض" in sources - agencies  # a city too: a source only as a whole side, never found inside a line
    rows = _rows("entity_nouns")
    written = {r["word"] for r in rows if r["class"] == "dateline_source"}
    assert not written & set(lexicon.words("datelines", "agency"))  # not copied: taken in by one row
    assert "@datelines:agency" in written


def test_an_include_row_stands_for_the_words_of_that_list() -> None:
    assert lexicon.words("entity_nouns", "dateline_source")[: len(lexicon.words("datelines", "agency"))] == (
        lexicon.words("datelines", "agency")
    )
    assert not any(w.startswith("@") for name in lexicon.names() for w in lexicon.words(name))


@pytest.mark.parametrize("ref", ["@datelines:nope", "@no_such_file:agency"])
def test_an_include_of_no_list_is_an_error(monkeypatch: pytest.MonkeyPatch, ref: str) -> None:
    real = lexicon._file_rows

    def rows(name: str) -> tuple[tuple[str, str, str], ...]:
        return ((ref, "mine", ""),) if name == "fake" else real(name)

    monkeypatch.setattr(lexicon, "_file_rows", rows)
    lexicon._rows.cache_clear()
    try:
        with pytest.raises(lexicon.LexiconError, match="not found|names no list"):
            lexicon._rows("fake")
    finally:
        lexicon._rows.cache_clear()
