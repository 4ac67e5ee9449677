"""NewsFANE reading: invisible marks, class mapping, raw-like re-joining, the fixed split."""

from __future__ import annotations

from pathlib import Path

from akhbar.extract.ner.corpus import (
    coarse_label,
    iter_token_bounds,
    load_fold,
    load_split,
    read_newsfane,
    rejoin,
    split_index,
    token_labels,
)

TINY = Path(__file__).parent / "fixtures" / "tiny_newsfane.txt"


def test_read_strips_marks_and_bom():
    sentences = read_newsfane(TINY)
    assert len(sentences) == 30
    tokens = [t for s in sentences for t, _ in s]
    assert not any("\u200e" in t or "\ufeff" in t or "\r" in t for t in tokens)
    assert sentences[0][:2] == [("و", "O"), ("قال", "O")]


def test_coarse_mapping():
    assert coarse_label("B-Politician") == ("B", "PER")
    assert coarse_label("I-Police") == ("I", "PER")
    assert coarse_label("B-Group") == ("B", "GRP")
    assert coarse_label("B-Nation") == ("B", "CTRY")
    assert coarse_label("B-Population-Center") == ("B", "LOC")
    assert coarse_label("B-Water-Body") == ("B", "LOC")
    assert coarse_label("I-Media") == ("I", "ORG")
    assert coarse_label("B-Book") == ("O", None)
    assert coarse_label("B-Airport") == ("O", None)
    assert coarse_label("O") == ("O", None)


def test_rejoin_attaches_clitics_and_punctuation():
    sentence = rejoin(
        [("و", "O"), ("قال", "O"), ("ان", "O"), ("ه", "O"), ("ل", "O"), ("الحكومة", "B-Government"), ("،", "O")]
        + [("(", "O"), ("ب", "O"), ("موسكو", "B-Population-Center"), (")", "O"), (".", "O")]
    )
    assert sentence.text == "وقال انه للحكومة، (بموسكو)."
    # the name starts after لل, as after every other proclitic
    assert [(sentence.text[a:b], label) for a, b, label in sentence.spans] == [("حكومة", "ORG"), ("موسكو", "LOC")]


def test_a_span_starts_after_the_lil_proclitic_newsfane_leaves_in_the_word():
    sentence = rejoin(
        [("عن", "O"), ("«", "O"), ("للامم", "B-Government"), ("المتحدة", "I-Government"), ("»", "O"), ("لل", "B-Group")]
    )
    assert [sentence.text[a:b] for a, b, _ in sentence.spans] == ["امم المتحدة", "لل"]


def test_rejoin_keeps_spans_on_text():
    sentences = read_newsfane(TINY)
    for tokens in sentences:
        sentence = rejoin(tokens)
        names, current = [], []
        for token, tag in tokens + [("", "O")]:
            bio, label = coarse_label(tag)
            if current and bio != "I":
                names.append(" ".join(current))
                current = []
            if label:
                current.append(token if current else token.removeprefix("لل"))
        assert [sentence.text[a:b] for a, b, _ in sentence.spans] == names
    assert rejoin(sentences[6]).text == "ووصل الوفد الى لبنان في المساء."


def test_token_labels_cover_tokens_with_clitics():
    sentence = rejoin(
        [("و", "O"), ("قال", "O"), ("جون", "B-Politician"), ("كيري", "I-Politician"), ("و", "O")]
        + [("ب", "O"), ("باريس", "B-Population-Center")]
    )
    bounds = list(iter_token_bounds(sentence.text))
    assert [sentence.text[a:b] for a, b in bounds] == ["وقال", "جون", "كيري", "وبباريس"]
    assert token_labels(sentence, bounds) == ["O", "B-PER", "I-PER", "B-LOC"]


def test_split_is_fixed():
    assert [split_index(n) for n in range(10)] == ["train"] * 8 + ["dev", "test"]
    assert split_index(19) == "test"


def test_folds_partition_the_corpus():
    texts = [rejoin(s).text for s in read_newsfane(TINY)]
    assert [s.text for s in load_fold(TINY, 3)] == texts[3::10]
    assert [s.text for s in load_fold(TINY, 8)] == [s.text for s in load_split(TINY, "dev")]
    # a held-out fold leaves exactly its sentences out of a part, and the rest of the part in
    train = [s.text for s in load_split(TINY, "train")]
    held = [s.text for s in load_split(TINY, "train", hold_out=3)]
    assert len(held) == len(train) - 3
    assert not set(texts[3::10]) & set(held)
    assert set(held) | set(texts[3::10]) == set(train)
