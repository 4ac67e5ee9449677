"""Wire copies: exact and near duplicates name the earliest original; different stories stay apart."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
from datasketch import MinHash

from akhbar.corpus.chrome import Lines
from akhbar.corpus.dedup import (
    MIN_SHINGLES,
    NUM_PERM,
    SEED,
    SHINGLE_WORDS,
    Copy,
    _word_table,
    batch_shingle_hashes,
    find_copies,
    minhashes,
    shingle_hashes,
    signature,
    signatures,
)

STORY = [
    "أعلن وزير المالية اليوم أن الميزانية العامة للدولة حققت فائضا للمرة الأولى منذ خمس سنوات بفضل ارتفاع أسعار النفط",
    "وقال الوزير في مؤتمر صحفي عقده في الرياض إن الإيرادات بلغت مستوى قياسيا وإن الحكومة ستواصل دعم المشروعات التنموية",
    "وأضاف أن الوزارة تعمل على خفض الدين العام وتعزيز الاحتياطيات المالية خلال العام المقبل وفق خطة معلنة",
]
# the same story as another outlet runs it: its own headline, dateline and its last word changed
COPY = ["فائض في الميزانية", "الرياض - واس", *STORY[:2], STORY[2].replace("معلنة", "واضحة")]
OTHER = [
    "افتتح أمير المنطقة الشرقية مساء أمس مهرجان الصيف في الدمام بمشاركة عدد كبير من الفرق الشعبية والزوار",
    "وشهد الحفل عروضا فنية متنوعة وألعابا نارية أضاءت سماء الكورنيش حتى ساعة متأخرة من الليل",
]


def copies(articles: dict[str, tuple[list[str], dt.date | None, str]]) -> dict[str, Copy]:
    """find_copies over {id: (lines, published, digest)}."""
    ids = list(articles)
    sigs = np.array([signature(Lines.of("\n".join(articles[i][0])).folded_text) for i in ids])
    return find_copies(ids, [articles[i][1] for i in ids], [articles[i][2] for i in ids], sigs)


def test_a_near_duplicate_names_the_earlier_article():
    found = copies(
        {
            "a": (COPY, dt.date(2015, 8, 2), "d1"),
            "b": (STORY, dt.date(2015, 8, 1), "d2"),
            "c": (OTHER, dt.date(2015, 7, 1), "d3"),
        }
    )
    assert list(found) == ["a"]
    assert found["a"].duplicate_of == "b"
    assert 0.8 <= found["a"].similarity < 1.0


def test_exact_copies_have_similarity_one_and_the_earliest_id_wins_without_dates():
    found = copies({"z": (STORY, None, "same"), "m": (STORY, None, "same"), "a": (STORY, None, "same")})
    assert found == {"m": Copy("a", 1.0), "z": Copy("a", 1.0)}


def test_a_copy_names_the_original_not_another_copy():
    found = copies(
        {"a": (STORY, dt.date(2015, 1, 1), "1"), "b": (COPY, dt.date(2015, 1, 2), "2"), "c": (COPY, None, "2")}
    )
    assert found["b"].duplicate_of == "a"
    assert found["c"] == Copy("a", found["b"].similarity)


def test_different_stories_are_not_copies():
    assert copies({"a": (STORY, None, "1"), "b": (OTHER, None, "2")}) == {}


def test_shingles_are_of_running_text_folded():
    long_line = "أعلن الوزير أن الميزانية حققت فائضا كبيرا هذا العام"
    with_title = shingle_hashes(Lines.of("عنوان قصير\n" + long_line).folded_text)
    plain = shingle_hashes(Lines.of("اعلن الوزير ان الميزانيه حققت فائضا كبيرا هذا العام").folded_text)
    assert with_title.tolist() == plain.tolist()
    assert len(set(with_title.tolist())) == len(long_line.split()) - SHINGLE_WORDS + 1
    assert len(shingle_hashes("خبر قصير")) == 1


def test_stubs_are_not_near_copies_but_the_same_bytes_still_are():
    found = copies({"a": (["كاريكاتير"], None, "1"), "b": (["كاريكاتير"], None, "2"), "c": (["كاريكاتير"], None, "1")})
    assert found == {"c": Copy("a", 1.0)}


def test_a_batch_hashes_each_article_as_alone():
    texts = [
        "\n".join(STORY),
        "",  # no words
        "خبر قصير",  # fewer words than a shingle
        "عنوان قصير\n" + "\n".join(OTHER),  # a title line left out, two running lines
        "سطر قصير من كلمات\nسطر آخر قصير هنا\n\n",  # no running line: all its words, as one line
        "\n".join(COPY),
        "\n\n",
    ]
    folded = [Lines.of(t).folded_text for t in texts]
    batched = batch_shingle_hashes(folded)
    assert [h.tolist() for h in batched] == [shingle_hashes(f).tolist() for f in folded]
    assert np.array_equal(signatures(folded), np.array([signature(f) for f in folded]))
    assert batch_shingle_hashes([]) == []


def test_minhashes_are_datasketchs_bit_for_bit():
    rng = np.random.default_rng(7)
    sizes = [0, 1, MIN_SHINGLES - 1, MIN_SHINGLES, 3, 700, 2047, 2048, 2049, 5000, 1, 64]
    hashes = [rng.integers(0, 2**32, size=n, dtype=np.uint64) for n in sizes]
    hashes.append(np.array([0, 2**32 - 1, 1, 2**31, 2**32 - 2], dtype=np.uint64))  # the ends of the range
    rows = minhashes(hashes)
    assert rows.dtype == np.uint32 and rows.shape == (len(hashes), NUM_PERM)
    for h, row in zip(hashes, rows, strict=True):
        m = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int)
        if len(h) >= MIN_SHINGLES:
            m.update_batch(h.tolist())
        assert (m.hashvalues.astype(np.uint32) == row).all()


def _suspect_hash(a: int, b: int) -> int | None:
    """A 32-bit hash whose permutation (a, b) has its value on minhashes' fast path at most 14 (x + 8 + (x >> 61)
    with x = h * a + b, in the low 32 bits), to be computed again exactly; None when a's low bits are even."""
    low = a % 2**32
    if low % 2 == 0:
        return None
    for target in range(15):
        for top in range(8):
            h = (target - top - b - 8) * pow(low, -1, 2**32) % 2**32
            x = (h * a + b + 8) % 2**64
            if x >> 61 == top:
                return h
    return None


def test_minhashes_recompute_exactly_where_the_fast_path_may_be_off():
    a, b = MinHash(num_perm=NUM_PERM, seed=SEED).permutations
    suspects = [h for h in (_suspect_hash(int(x), int(y)) for x, y in zip(a, b, strict=True)) if h is not None]
    assert suspects  # odd multipliers are half of them
    rng = np.random.default_rng(11)
    hashes = [np.concatenate((rng.integers(0, 2**32, size=300, dtype=np.uint64), [np.uint64(h)])) for h in suspects]
    for h, row in zip(hashes, minhashes(hashes), strict=True):
        m = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int)
        m.update_batch(h.tolist())
        assert (m.hashvalues.astype(np.uint32) == row).all()


def test_the_word_table_is_regex_word_characters_over_the_bmp():
    word = re.compile(r"\w")
    table = _word_table()
    assert table.shape == (0x10000,)
    assert table.tolist() == [bool(word.match(chr(c))) for c in range(0x10000)]
