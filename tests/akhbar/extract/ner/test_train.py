"""Retraining is deterministic: the same corpus and lexicons give the same model bytes."""

from __future__ import annotations

from pathlib import Path

from akhbar.extract.ner.corpus import read_newsfane, rejoin
from akhbar.extract.ner.features import Lexicons
from akhbar.extract.ner.tagger import NerTagger
from akhbar.extract.ner.train import train_model

TINY = Path(__file__).parent / "fixtures" / "tiny_newsfane.txt"
LEX = Lexicons(persons={"سيرغي": "2", "لافروف": "1", "جون": "3"}, gazetteer=frozenset({"القاهرة", "المانيا"}))


def test_same_corpus_same_bytes(tmp_path):
    sentences = [rejoin(s) for s in read_newsfane(TINY)]
    params = {"max_iterations": 30}
    train_model(sentences, LEX, tmp_path / "a.crfsuite", params)
    train_model(sentences, LEX, tmp_path / "b.crfsuite", params)
    assert (tmp_path / "a.crfsuite").read_bytes() == (tmp_path / "b.crfsuite").read_bytes()
    # the model learned something from the corpus: it tags a training sentence's person
    tagger = NerTagger(tmp_path / "a.crfsuite", LEX)
    assert any(s.type == "person" for s in tagger.tag_spans(sentences[0].text))
    assert not list(tmp_path.glob("*.part"))
