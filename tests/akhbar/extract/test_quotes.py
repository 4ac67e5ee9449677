"""Tests for akhbar.extract.quotes: quotation-mark styles, cues before and after, indirect speech, speakers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from akhbar.extract.quotes import MentionSpan, Quote, find_marked_spans, find_quotes

CASES = json.loads((Path(__file__).parents[2] / "fixtures" / "quotes_cases.json").read_text(encoding="utf-8"))["cases"]


def _mentions(body: str, specs: list[dict]) -> list[MentionSpan]:
    """Locate hand-made mentions (n-th occurrence of their surface) in the body."""
    out = []
    for spec in specs:
        pos = -1
        for _ in range(spec["nth"] + 1):
            pos = body.index(spec["surface"], pos + 1)
        out.append(MentionSpan(pos, pos + len(spec["surface"]), spec["entity_id"], spec["type"]))
    return out


def _row(q: Quote) -> dict:
    """The fields a fixture states about a quote."""
    return {
        "text": q.text,
        "direct": q.direct,
        "cue": q.cue,
        "speaker_entity_id": q.speaker_entity_id,
        "speaker_surface": q.speaker_surface,
    }


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_fixture_cases(case: dict) -> None:
    body = case["body"]
    quotes = find_quotes(body, _mentions(body, case["mentions"]))
    assert [_row(q) for q in quotes] == case["quotes"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_offsets_reproduce_text_cue_and_speaker(case: dict) -> None:
    body = case["body"]
    for q in find_quotes(body, _mentions(body, case["mentions"])):
        assert body[q.start : q.end] == q.text
        assert q.text == q.text.strip()
        # no enclosing marks; a mark at either end is allowed only with its partner inside (a partial quote)
        marks = '«»“”„"'
        if q.text[0] in marks or q.text[-1] in marks:
            assert sum(c in marks for c in q.text) >= 2
        if q.cue is not None:
            assert body[q.cue_start : q.cue_end] == q.cue
        if q.speaker_surface is not None:
            assert body[q.speaker_start : q.speaker_end] == q.speaker_surface
        else:
            assert q.speaker_entity_id is None and q.speaker_start is None


def test_marked_spans_pair_each_style() -> None:
    body = 'أ «ب ج» د “هـ و” ز „ح ط“ ي "ك ل"'
    inner = [body[m.start : m.end] for m in find_marked_spans(body)]
    assert inner == ["ب ج", "هـ و", "ح ط", "ك ل"]


def test_marked_span_left_open_ends_at_paragraph() -> None:
    body = "قال: «بداية بلا نهاية\nفقرة تالية «مغلقة»"
    spans = find_marked_spans(body)
    assert [body[m.start : m.end] for m in spans] == ["بداية بلا نهاية", "مغلقة"]
    assert spans[0].close is None and spans[1].close is not None


def test_quote_order_and_no_overlap() -> None:
    body = CASES[5]["body"] + "\n" + CASES[1]["body"]
    quotes = find_quotes(body)
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    assert all(a.end <= b.start for a, b in zip(quotes, quotes[1:]))


def test_speaker_without_mentions_keeps_subject_words() -> None:
    body = "وقال السفير إبراهيم الدباشي: «يجب وضع حد زمني للميليشيات»."
    [q] = find_quotes(body)
    assert q.speaker_entity_id is None and q.speaker_surface == "السفير إبراهيم الدباشي"


def test_continuation_does_not_reach_far_back() -> None:
    body = (
        "وقال الوزير سامي العلي إن الاتفاق مهم.\nوارتفعت أسعار النفط أمس.\nوتراجعت البورصة.\nوتحسن الطقس في العاصمة.\n"
        "وأضاف أن المحادثات ستستأنف."
    )
    quotes = find_quotes(body, [MentionSpan(body.index("سامي العلي"), body.index("سامي العلي") + 10, "sami", "person")])
    assert quotes[0].speaker_entity_id == "sami"
    assert quotes[-1].text == "المحادثات ستستأنف" and quotes[-1].speaker_surface is None


# --- the index shortcuts agree with the plain definitions -------------------------------------------------

TRICKY_BODIES = [
    "وَقالَ الوزيـــر: «إنّ الوضعَ جيد» ٣٫٥ مليون.",
    "قال د. علي إن U.S. وآر.إم تعمل\nفقرة ثانية “مفتوحة",
    "نص فيه رمز \U0001f600 خارج المستوى الأساسي ثم قال الوزير إن العمل مستمر.",
    'حرف\u200bمخفي و\u0640تطويل وكلمة\u064b؟ «داخل» و"اخرى"',
    "",
    "   ",
    "ـ ً ٌ",  # marks alone: folding drops them, no word is left
]


@pytest.mark.parametrize("body", TRICKY_BODIES)
def test_index_body_matches_fold_and_word_runs(body: str) -> None:
    import re

    from akhbar.text.arabic import WORD_CHAR_CLASS, fold_with_drops
    from akhbar.text.index import index_body

    idx = index_body(body)
    folded, dropped, starts, ends, words = idx.folded, idx.dropped, idx.starts, idx.ends, idx.words
    sentence_chars, marks = idx.sentence_chars, idx.marks
    assert (folded, dropped) == fold_with_drops(body)
    runs = list(re.finditer(f"{WORD_CHAR_CLASS}+", folded))
    assert words == [r.group() for r in runs]
    kept = [i for i in range(len(body)) if i not in set(dropped)] + [len(body)]
    assert starts == [kept[r.start()] for r in runs]
    # an end maps past the marks folding dropped right after the word (they belong to it)
    assert all(fold_with_drops(body[s:e])[0] == w for s, e, w in zip(starts, ends, words))
    assert sentence_chars == [i for i, c in enumerate(body) if c in "!?؟؛\n."]
    assert marks == [i for i, c in enumerate(body) if c in '«»“”„‟″"']


@pytest.mark.parametrize("skip", range(len(TRICKY_BODIES)))
def test_index_bodies_matches_index_body(skip: int) -> None:
    from akhbar.text.index import index_bodies, index_body

    bodies = [b for k, b in enumerate(TRICKY_BODIES) if k != skip]  # with and without the character beyond the BMP
    assert index_bodies(bodies) == [index_body(b) for b in bodies]
    assert index_bodies([]) == []


def test_find_quotes_each_matches_find_quotes() -> None:
    from akhbar.extract.quotes import find_quotes_each

    bodies = TRICKY_BODIES + ["قال الوزير إن العمل مستمر في المشروع.", "«هذا كلام طويل جدا عن الوضع»، قال الوزير."]
    mentions = [[MentionSpan(4, 10, "e1", "person")] if "الوزير" in b[:12] else [] for b in bodies]
    assert list(find_quotes_each(bodies, mentions)) == [find_quotes(b, m) for b, m in zip(bodies, mentions)]


def test_cue_after_conjunction_skips_dropped_marks() -> None:
    body = "وَقال الوزير إن الوضع جيد جدا."
    [q] = find_quotes(body)
    assert q.cue == "قال" and body[q.cue_start : q.cue_end] == "قال"


def test_inner_dot_re_finds_every_dot_inside_a_sentence() -> None:
    """_INNER_DOT_RE is a superset of the dots _inner_dot holds true for: the others end their sentence untested."""
    import random

    from akhbar.extract.quotes import _INNER_DOT_RE, _inner_dot

    rng = random.Random(7)
    pieces = ["د", ".", " ", "\u00a0", "\n", "3", "٣", "U", "S", "Dr", "م", "عام 2015 م", "الوزير", "٢", "²", "_", "ـ"]
    pieces += ["»", ")", "\t", "َ", "،"]  # marks, a tab and a diacritic before a dot
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        inner = {k for k, c in enumerate(text) if c == "." and _inner_dot(text, k)}
        assert inner <= {m.start() for m in _INNER_DOT_RE.finditer(text)}, text
    assert _inner_dot("بلغ 3.5 مليون", 5) and not _inner_dot("قال الوزير. ثم", 10)
    assert _inner_dot("التقى د. علي", 7) and not _inner_dot("انتهى.\nثم", 5)
    assert not _INNER_DOT_RE.search("«نعم». ثم")  # after a mark no abbreviation ends
