"""Tagger features: one token per feature at a fixed offset, lexicon and cue-word membership."""

from __future__ import annotations

from akhbar.extract.ner.features import (
    OFFSETS,
    Lexicons,
    sentence_features,
    split_edges,
    split_edges_all,
    token_attributes,
)

LEX = Lexicons(persons={"لافروف": "1", "سيرغي": "2"}, gazetteer=frozenset({"موسكو"}))


def test_each_feature_names_its_offset():
    tokens = "قال الوزير سيرغي لافروف في موسكو.".split()
    for feats in sentence_features(tokens, LEX):
        assert feats[0] == "b"
        assert all(f.split(":", 1)[0] in {str(k) for k in OFFSETS} for f in feats[1:])


def test_features_see_only_two_tokens_each_side():
    tokens = "قال الوزير سيرغي لافروف في موسكو امس".split()
    changed = tokens[:6] + ["اليوم"]
    assert sentence_features(tokens, LEX)[:4] == sentence_features(changed, LEX)[:4]
    assert sentence_features(tokens, LEX)[4] != sentence_features(changed, LEX)[4]


def test_attributes_of_a_token():
    centre, near = token_attributes("ولافروف،", LEX)
    assert "w=ولافروف" in near and "c=ول" in near
    assert "l=1" in near  # a clitic-stripped reading (و + لافروف) is a person-name token
    assert "pa=،" in near
    assert set(near) <= set(centre)
    assert "g" in token_attributes("بموسكو", LEX)[1]
    assert "t" in token_attributes("الرئيس", LEX)[1] and "v" in token_attributes("قالت", LEX)[1]
    # alef forms fold: the same attributes whatever the hamza
    assert token_attributes("أنغيلا", LEX) == token_attributes("انغيلا", LEX)


def test_near_attributes_open_the_centre_ones():
    # the tagger looks each attribute up once, reading a token's near attributes as the first of its centre ones
    for token in ("ولافروف،", "«موسكو»", "الرئيس", "Reuters", "2016", "...", "__BOS__", "بالمستشفيات"):
        centre, near = token_attributes(token, LEX)
        assert centre[: len(near)] == near


def test_edges_of_many_tokens_are_each_tokens_edges():
    tokens = ["«موسكو»", "...", "", "قال:", "(أ.ف.ب)", "Reuters,", "٢٠١٦"]
    assert split_edges_all(tokens) == [split_edges(t) for t in tokens]
    # a token holding a line break is split on its own (as split_edges splits it), not as two lines
    assert split_edges_all(["«a\nb»", "c."]) == [split_edges("«a\nb»"), split_edges("c.")]


def test_shape_of_arabic_words_with_and_without_digits():
    assert "h=A" in token_attributes("موسكو", LEX)[1] and "h=A" in token_attributes("مُوسْكو", LEX)[1]
    assert "h=M" in token_attributes("كورونا19", LEX)[1] and "h=M" in token_attributes("عام٢٠١٦", LEX)[1]
