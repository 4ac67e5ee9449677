"""Tests for akhbar.extract.ner.names_en: English names only from tokens the Wikidata lexicon spells one way."""

from __future__ import annotations

from pathlib import Path

from akhbar.extract.ner.names_en import english_name, english_tokens, read_english_tokens, write_english_tokens

LEXICON = "kerry\tك ي ر ي\t20\nkeri\tك ي ر ي\t2\njohn\tج و ن\t50\nteresa\tت ي ر ي ز ا\t19\ntheresa\tت ي ر ي ز ا\t11\ntereza\tت ي ر ي ز ا\t6\n"


def test_only_a_dominant_spelling_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "tokens"
    path.write_text(LEXICON, encoding="utf-8")
    names = read_english_tokens(path)
    assert names == {"كيري": "kerry", "جون": "john"}  # تيريزا: Teresa 19 of 36 labels, no dominant spelling
    out = tmp_path / "names.tsv"
    write_english_tokens(names, out)
    assert out.read_text(encoding="utf-8") == "جون\tjohn\nكيري\tkerry\n"


def test_a_name_gets_english_only_when_every_token_is_known() -> None:
    names = {"كيري": "kerry", "جون": "john"}
    assert english_name("جون كيري", names) == "John Kerry"
    assert english_name("تيريزا كيري", names) is None
    assert english_name("", names) is None


def test_the_shipped_map_reads() -> None:
    shipped = english_tokens()
    assert shipped["لافروف"] == "lavrov"
    assert "محمد" not in shipped  # Mohamed, Mohammed, Muhammad ...: never guessed
    assert english_name("جون كيري") == "John Kerry"
