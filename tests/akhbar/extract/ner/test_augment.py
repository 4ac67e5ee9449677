"""Entity-substitution copies: spans follow the new surfaces, particles and لل stay right, draws are repeatable."""

from __future__ import annotations

import random
from pathlib import Path

from akhbar.extract.ner.augment import augment, read_name_tokens, substitute, surface_pools
from akhbar.extract.ner.corpus import Sentence, load_split

TINY = Path(__file__).parent / "fixtures" / "tiny_newsfane.txt"


def _surfaces(sentence: Sentence) -> list[tuple[str, str]]:
    """A sentence's entities as (surface, label)."""
    return [(sentence.text[a:b], label) for a, b, label in sentence.spans]


def test_person_words_are_drawn_and_particles_kept() -> None:
    sentence = Sentence("وقال محمد بن سلمان في الرياض.", ((5, 18, "PER"), (22, 28, "LOC")))
    copy = substitute(sentence, ["كيري"], {"LOC": ["جدة"]}, random.Random(0))
    assert copy.text == "وقال كيري بن كيري في جدة."
    assert _surfaces(copy) == [("كيري بن كيري", "PER"), ("جدة", "LOC")]


def test_an_article_after_lil_loses_its_alef_and_lam() -> None:
    sentence = Sentence("وقال للحكومة.", ((7, 12, "ORG"),))
    copy = substitute(sentence, [], {"ORG": ["الأمم المتحدة"]}, random.Random(0))
    assert copy.text == "وقال للأمم المتحدة."
    assert _surfaces(copy) == [("أمم المتحدة", "ORG")]


def test_labels_left_out_keep_their_surfaces() -> None:
    sentences = load_split(TINY, "train")
    copies = augment(sentences, ["كيري"], 1, ["LOC"])
    with_spans = [s for s in sentences if s.spans]
    assert len(copies) == len(with_spans)
    for original, copy in zip(with_spans, copies):
        kept = [pair for pair in _surfaces(original) if pair[1] != "LOC"]
        assert [pair for pair in _surfaces(copy) if pair[1] != "LOC"] == kept
        assert all(label == "LOC" or surface != "كيري" for surface, label in _surfaces(copy))


def test_same_seed_same_copies() -> None:
    sentences = load_split(TINY, "train")
    names = ["كيري", "لافروف", "ميركل"]
    labels = ["PER", "ORG", "CTRY", "LOC", "GRP"]
    assert augment(sentences, names, 2, labels, seed=3) == augment(sentences, names, 2, labels, seed=3)
    pools = surface_pools(sentences)
    assert all(pool == sorted(set(pool)) for pool in pools.values())


def test_name_tokens_are_written_forms_above_the_count(tmp_path: Path) -> None:
    path = tmp_path / "tokens"
    path.write_text("kerry\tك ي ر ي\t5\nkerr\tك ي ر\t9\nrare\tن ا د ر ة\t1\nx\t5 0\t3\n", encoding="utf-8")
    assert read_name_tokens(path) == ["كيري"]
    assert read_name_tokens(path, min_count=1) == ["كيري", "نادرة"]
