"""The shared text index: one folded, tokenised view of a body with named fields."""

from __future__ import annotations

import re

from akhbar.text.arabic import fold_with_drops
from akhbar.text.index import TextIndex, index_bodies, index_body, token_words


def test_index_fields_are_named_and_map_back_to_the_body() -> None:
    body = "قالَ الوزير: «نعم».\nوأضاف"
    idx = index_body(body)
    assert isinstance(idx, TextIndex)
    assert (idx.folded, idx.dropped) == fold_with_drops(body)
    assert idx.words == ["قال", "الوزير", "نعم", "واضاف"]
    assert [body[s:e] for s, e in zip(idx.starts, idx.ends)] == ["قالَ", "الوزير", "نعم", "وأضاف"]
    assert [body[i] for i in idx.sentence_chars] == [".", "\n"]  # the line break ends the paragraph
    assert [body[i] for i in idx.marks] == ["«", "»"]
    assert [idx.folded[s:e] for s, e in zip(idx.fstarts, idx.fends)] == idx.words
    assert idx.joined == [True, False, False, False]  # only spaces after قال; the last word has no next


def test_index_bodies_gives_each_body_its_own_offsets() -> None:
    bodies = ["أ «ب»", "", "ج. د"]
    assert index_bodies(bodies) == [index_body(b) for b in bodies]
    assert index_bodies(bodies)[2].starts == [0, 3]


def test_token_words_are_the_words_of_a_text_made_of_the_tokens() -> None:
    texts = ["قال الرئيسُ: «والسعوديةُ» ـــ Hello-World 2015م ...", "𝟙 رقم 12 عبد الله"]  # the second beyond the BMP
    for text in texts:
        tokens = text.split()
        words, counts = token_words(tokens)
        assert words == index_body(text).words
        assert counts == [len(index_body(t).words) for t in tokens]
    assert token_words(["ـــ", "...", "Hello-World"]) == (["Hello", "World"], [0, 0, 2])


def test_digit_runs_start_where_a_regex_digit_follows_no_digit() -> None:
    bodies = ["بلغ ١٬٥ مليون و200 ألف، أي 3.5%", "٢٠٢٠م", "لا أرقام", "𝟙 رقم 12"]  # the last has a digit beyond the BMP
    for body, idx in zip(bodies, index_bodies(bodies)):
        assert idx.digits == [m.start() for m in re.finditer(r"(?<!\d)\d", idx.folded)]
        assert idx == index_body(body)
    assert [index_bodies(bodies)[0].folded[i] for i in index_bodies(bodies)[0].digits] == ["1", "5", "2", "3", "5"]


def test_shared_indices_equal_index_body_and_keep_the_latest_texts(monkeypatch) -> None:
    import akhbar.text.index as index

    monkeypatch.setattr(index, "_SHARED", {})
    monkeypatch.setattr(index, "_shared_size", 0)
    monkeypatch.setattr(index, "_SHARED_CHARS", 12)  # smaller than the texts of one call
    first = ["قالَ الوزير", "نعم «لا»", "قالَ الوزير"]
    got = index.shared_indices(first)
    assert got == [index_body(t) for t in first]
    assert got[0] is got[2]  # a repeated text is indexed once
    assert index.shared_indices(first[:2])[1] is got[1]  # the next reader of the same texts gets the same index
    second = ["وأضاف", "وقال"]
    assert index.shared_indices(second) == [index_body(t) for t in second]
    assert set(index._SHARED) == set(second)  # past the bound: only the latest call's texts are kept


def test_tails_hold_each_words_last_four_code_units() -> None:
    import numpy as np

    from akhbar.text.index import word_tail

    bodies = ["في عام ٢٠١٥ وقّعت الشركتان", "أ ب", "𝟙 رقم 12"]  # short words, a digit beyond the BMP
    for body, idx in zip(bodies, index_bodies(bodies)):
        assert idx.tails == b"".join(map(word_tail, idx.words))
        assert idx == index_body(body)
    tails = np.frombuffer(index_body("الشركتان وقعت في").tails, dtype=np.uint64).tolist()
    assert tails[0] == int.from_bytes("كتان".encode("utf-16-le"), "little")  # read as uint64: its last four units
    assert word_tail("في") == bytes(4) + "في".encode("utf-16-le")  # a shorter word: zeros first


def test_tail_hits_are_the_words_of_the_set_in_each_text() -> None:
    from akhbar.text.index import tail_hits_each, tail_table

    words = frozenset({"قال", "وقالت", "ل"})
    table = tail_table(words)
    bodies = ["وقالت الوزارة إن الوزير قال كذا", "ل قالوا", "", "𝟙 قال", "الشركة تعمل", "وقالت"]
    indices = [index_body(body) for body in bodies]
    hits = [[i for i, w in enumerate(idx.words) if w in words] for idx in indices]
    assert hits == [[0, 4], [0], [], [0], [], [0]]
    assert tail_hits_each(table, words, indices) == hits
    assert [tail_hits_each(table, words, [idx])[0] for idx in indices] == hits
    assert tail_hits_each(tail_table(()), frozenset(), indices) == [[]] * len(bodies)
    assert tail_hits_each(table, words, []) == []


def test_words_are_joined_when_only_spaces_lie_between() -> None:
    bodies = ["قال  الوزير، إن الخطة «نعم» تمت", "واحد ـ اثنان\tثلاثة - أربعة", "كلمة"]
    for body, idx in zip(bodies, index_bodies(bodies)):
        assert idx.joined == index_body(body).joined
        gaps = [idx.folded[e:s] for e, s in zip(idx.fends, idx.fstarts[1:])]
        assert idx.joined == [g.strip(" ") == "" for g in gaps] + [False]


def test_the_digit_space_and_fold_tables_are_the_per_character_tests():
    from akhbar.text.index import _FOLD_CODE, _FOLD_DROPS, _IS_DIGIT, _SPACE_CODES

    bmp = [chr(c) for c in range(0x10000)]
    assert _IS_DIGIT.tolist() == [c.isdecimal() for c in bmp]
    assert _SPACE_CODES.tolist() == [n for n, c in enumerate(bmp) if c.isspace()]
    folds = [fold_with_drops(c) if not 0xD800 <= n < 0xE000 else (c, []) for n, c in enumerate(bmp)]
    assert _FOLD_DROPS.tolist() == [bool(dropped) for _, dropped in folds]
    assert _FOLD_CODE.tolist() == [n if dropped else ord(folded) for n, (folded, dropped) in enumerate(folds)]
