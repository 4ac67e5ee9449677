"""The shipped tagger: loads from the package, equals pycrfsuite, finds names that no list holds."""

from __future__ import annotations

import csv
import itertools
import math
from importlib.resources import files
from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from akhbar.extract.ner.corpus import load_split
from akhbar.extract.ner.features import sentence_features
from akhbar.extract.ner.tagger import (
    MODEL_FILE,
    NerTagger,
    Span,
    _model_weights,
    default_tagger,
    tag_spans,
    tag_spans_batch,
)
from akhbar.text.arabic import fold

ROOT = Path(__file__).resolve().parents[4]
NEWSFANE = ROOT.parent / "shared" / "corpora" / "newsfane-gold" / "NewsFANE_Gold_2014_170K.txt"

# Sentences written for these tests; every name in them is absent from reference/gazetteer.csv.
SENTENCES = [
    "وقال وزير الخارجية الروسي سيرغي لافروف إن بلاده لن تقبل بالعقوبات الجديدة.",
    "والتقت المستشارة الألمانية أنغيلا ميركل وزير الخارجية الأمريكي جون كيري في برلين أمس.",
    "وقال الباحث في معهد هدسون إن الأزمة ستطول، مشيرا إلى تقرير نشره المعهد الأسبوع الماضي.",
    "وأكد مايك بومبيو أن المحادثات مع كيم جونغ أون ستستمر رغم الخلافات.",
    "وقالت رئيسة الوزراء البريطانية تيريزا ماي إن الاتفاق يحمي مصالح بلادها.",
    "وأضاف إبراهيم كالين المتحدث باسم الرئاسة التركية أن أنقرة ترحب بالخطوة.",
]
# (sentence number, surface, type) that the tagger must find
EXPECTED = [
    (0, "سيرغي لافروف", "person"),
    (1, "أنغيلا ميركل", "person"),
    (1, "جون كيري", "person"),
    (2, "معهد هدسون", "organization"),
    (3, "مايك بومبيو", "person"),
    (4, "تيريزا ماي", "person"),
    (5, "إبراهيم كالين", "person"),
]


def test_model_ships_in_the_package():
    model = files("akhbar.extract.ner.model").joinpath(MODEL_FILE)
    assert model.is_file()
    assert 0 < len(model.read_bytes()) < 8_000_000
    for name in ("MODEL_CARD.md", "person_tokens.tsv", "gazetteer_tokens.txt"):
        assert files("akhbar.extract.ner.model").joinpath(name).is_file()
    assert default_tagger().labels[0] == "O"


def _gazetteer_spellings() -> set[str]:
    with open(ROOT / "reference" / "gazetteer.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return {fold(s.strip()) for r in rows for c in ("name_ar", "aliases", "context_aliases") for s in r[c].split("|")}


def test_finds_names_in_no_list():
    known = _gazetteer_spellings()
    found = tag_spans_batch(SENTENCES)
    for n, surface, etype in EXPECTED:
        assert fold(surface) not in known
        assert (surface, etype) in {(s.surface, s.type) for s in found[n]}, (surface, found[n])


def test_offsets_point_into_the_text():
    text = "  وقال سيرغي لافروف،\n\nإن والقاهرة  ترحب ببرلين."
    spans = tag_spans(text)
    assert spans and all(text[s.start : s.end] == s.surface for s in spans)
    assert all(s.surface == s.surface.strip(" ،.") for s in spans)
    assert Span(7, 19, "person", "سيرغي لافروف") in [s._replace(token_confidence=()) for s in spans]
    # a conjunction before the article is not part of the place's name
    assert not any(s.surface.startswith("والقاهرة") for s in spans)


def _rounded(spans: list[Span]) -> list[Span]:
    return [s._replace(token_confidence=tuple(round(c, 9) for c in s.token_confidence)) for s in spans]


def test_batch_equals_one_by_one():
    assert list(map(_rounded, tag_spans_batch(SENTENCES))) == [_rounded(tag_spans(t)) for t in SENTENCES]
    assert tag_spans_batch(["", " \n "]) == [[], []]


def _pycrfsuite_tags(sentences: list[list[str]]) -> list[list[str]]:
    tagger = default_tagger()
    ref = pycrfsuite.Tagger()
    ref.open(str(tagger.model_path))
    return [ref.tag(sentence_features(s, tagger.lex)) for s in sentences]


def test_same_tags_as_pycrfsuite_on_fixtures():
    tagger = default_tagger()
    sentences = tagger.sentences(SENTENCES) + [["جون"], ["وقال", "كيري:", "«نعم»"]]
    assert tagger.tag_tokens(sentences) == _pycrfsuite_tags(sentences)


@pytest.mark.skipif(not NEWSFANE.is_file(), reason=f"{NEWSFANE} not found (the shared NewsFANE corpus)")
def test_same_tags_as_pycrfsuite_on_newsfane_test_split():
    tagger = default_tagger()
    sentences = [s.text.split() for s in load_split(NEWSFANE, "test")]
    sentences = [s for s in sentences if s]
    assert tagger.tag_tokens(sentences) == _pycrfsuite_tags(sentences)


def test_tokens_are_what_str_split_finds_in_any_whitespace():
    tagger = NerTagger(default_tagger().model_path, default_tagger().lex)
    texts = ["بوتين\tيلتقي\u00a0شي جين بينغ\r\nفي موسكو.\u2028 وقال\u3000لافروف  ", "", "\n\nكلمة\n", "ـ ، ."]
    tokens = [t for s in tagger.sentences(texts) for t in s]
    assert tokens == [t for text in texts for line in text.split("\n") for t in line.split()]
    # a sentence ends at a line break and after a full stop, not at other whitespace
    assert tagger.sentences([texts[0]]) == [
        ["بوتين", "يلتقي", "شي", "جين", "بينغ"],
        ["في", "موسكو."],
        ["وقال", "لافروف"],
    ]


def test_token_types_are_told_apart_and_remembered():
    tagger = NerTagger(default_tagger().model_path, default_tagger().lex)
    words = ["موسكو", "موسكو،", "وموسكو", "سكو", "موسكو", "ab", "ba", "a" * 40, "a" * 41]
    ids = tagger._ids(words).tolist()
    assert ids[0] == ids[4] and len(set(ids)) == len(words) - 1
    assert tagger._ids(list(reversed(words))).tolist() == list(reversed(ids))
    # forgetting the cache (a bound on memory) gives the same scores afterwards
    before = tagger.tag_tokens([words])
    tagger._reset()
    assert tagger.n_types == 2 and tagger.tag_tokens([words]) == before


def test_types_forgotten_and_found_again_give_the_same_spans():
    shipped = default_tagger()
    tagger = NerTagger(shipped.model_path, shipped.lex)
    first = tagger.tag_spans_batch(SENTENCES)
    known = tagger.n_types
    tagger._reset()  # as past the bound on cached types over a very large corpus
    assert tagger.n_types == 2
    assert tagger.tag_spans_batch(SENTENCES[::-1]) == first[::-1]
    assert tagger.n_types == known
    assert tagger.tag_spans_batch(SENTENCES) == first  # every type known now: looked up, none added
    assert tagger.n_types == known


def test_a_name_after_lil_starts_after_it_even_when_the_word_is_listed():
    tagger = default_tagger()
    assert "للامم" in tagger.known_names  # a word of a gazetteer spelling (الجمعية العامة للأمم المتحدة)
    assert tagger._clitic_length("للامم") == 2
    assert tagger._clitic_length("وللحكومه") == 3
    assert tagger._clitic_length("بغداد") == 0  # a known name that starts like a proclitic keeps its letters


def test_a_waw_before_a_name_no_list_knows_is_the_conjunction():
    tagger = default_tagger()
    assert "روتردام" not in tagger.known_names and "فيدرر" not in tagger.known_names
    assert tagger._clitic_length("وروتردام") == 1
    assert tagger._clitic_length("وبعقوبة") == 1  # only the conjunction: the ب opens the name
    assert tagger._clitic_length("وولفسبورج") == 0  # a foreign W: وو، وي، واي open the name
    assert tagger._clitic_length("ويمبلدون") == 0 and tagger._clitic_length("وايتهل") == 0
    assert tagger._clitic_length("وليد") == 0  # a known name that starts with و
    assert tagger._clitic_length("ويل") == 0  # too short to read a name after the letter
    assert tagger._clitic_length("و«مايكروسوفت") == 0  # a quote mark after و: the mark is trimmed, not the letter


def test_model_weights_are_those_pycrfsuite_reads():
    # the tagger reads the model's dump itself (faster than Tagger.info()); every weight must be the same
    shipped = default_tagger()
    reference = pycrfsuite.Tagger()
    reference.open(str(shipped.model_path))
    info = reference.info()
    reference.close()
    transitions, features = _model_weights(shipped.model_path)
    assert {(a, b): w for a, b, w in transitions} == info.transitions
    assert {(a, label): w for a, label, w in features} == info.state_features
    assert len(features) == len(info.state_features) and len(transitions) == len(info.transitions)


# --- label marginals and span confidence ----------------------------------------------------------------------

TINY = Path(__file__).parent / "fixtures" / "tiny_newsfane.txt"


@pytest.fixture(scope="module")
def tiny_tagger(tmp_path_factory) -> NerTagger:
    """A CRF trained on the tiny NewsFANE fixture (a few labels, quick to enumerate)."""
    from akhbar.extract.ner.corpus import read_newsfane, rejoin
    from akhbar.extract.ner.features import Lexicons
    from akhbar.extract.ner.train import train_model

    lex = Lexicons(persons={"سيرغي": "2", "لافروف": "1", "جون": "3"}, gazetteer=frozenset({"القاهرة", "المانيا"}))
    path = tmp_path_factory.mktemp("tiny") / "tiny.crfsuite"
    train_model([rejoin(s) for s in read_newsfane(TINY)], lex, path, {"max_iterations": 30})
    return NerTagger(path, lex)


def _brute_force_marginals(tagger: NerTagger, tokens: list[str]) -> np.ndarray:
    """Label posteriors by summing exp(score) over every label sequence (position by label)."""
    em = tagger._emissions(tagger._ids(tokens), np.array([len(tokens)])).astype(np.float64)  # position by label
    n, n_labels = em.shape
    out = np.zeros((n, n_labels))
    for labels in itertools.product(range(n_labels), repeat=n):
        score = sum(em[i, y] for i, y in enumerate(labels))
        score += sum(tagger.trans[a, b] for a, b in zip(labels, labels[1:]))
        weight = math.exp(score)
        for i, y in enumerate(labels):
            out[i, y] += weight
    return out / out.sum(axis=1, keepdims=True)


def test_marginals_equal_brute_force_enumeration(tiny_tagger):
    sentences = [["وقال", "سيرغي", "لافروف", "أمس"], ["جون"], ["في", "القاهرة", "."]]
    got = tiny_tagger.marginals(sentences)
    for tokens, probs in zip(sentences, got):
        assert probs.shape == (len(tokens), len(tiny_tagger.labels))
        np.testing.assert_allclose(probs, _brute_force_marginals(tiny_tagger, tokens), atol=1e-5)


def test_marginals_equal_pycrfsuite():
    tagger = default_tagger()
    sentences = tagger.sentences(SENTENCES) + [["جون"], ["وقال", "كيري:", "«نعم»"]]
    ref = pycrfsuite.Tagger()
    ref.open(str(tagger.model_path))
    for tokens, probs in zip(sentences, tagger.marginals(sentences)):
        ref.set(sentence_features(tokens, tagger.lex))
        expected = [[ref.marginal(label, i) for label in tagger.labels] for i in range(len(tokens))]
        np.testing.assert_allclose(probs, expected, atol=1e-5)


def test_span_confidence_is_the_least_marginal_of_its_tokens():
    tagger = default_tagger()
    text = SENTENCES[0]
    (tokens,) = tagger.sentences([text])
    probs = tagger.marginals([tokens])[0]
    best = [tagger.labels.index(x) for x in tagger.tag_tokens([tokens])[0]]
    span = next(s for s in tag_spans(text) if s.surface == "سيرغي لافروف")
    at = tokens.index("سيرغي")
    assert 0.5 < span.confidence <= 1.0
    assert span.token_confidence == pytest.approx([probs[at, best[at]], probs[at + 1, best[at + 1]]], abs=1e-5)
    assert span.confidence == min(span.token_confidence)
    # places are not scored
    assert all(s.token_confidence == () and s.confidence == 1.0 for s in tag_spans("ووصل إلى برلين أمس."))
