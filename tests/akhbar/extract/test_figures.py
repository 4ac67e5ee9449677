"""Figures: fixtures for each form the press uses, and a score against the hand-made key of the five seeds."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from akhbar.extract.figures import KINDS, FigureExtractor, extract_figures
from akhbar.text.arabic import FoldedText, fold, trie_pattern

ROOT = Path(__file__).resolve().parents[3]
CASES = json.loads((ROOT / "tests" / "fixtures" / "figures_cases.json").read_text(encoding="utf-8"))["cases"]
KEY = json.loads((ROOT / "tests" / "answer_keys" / "figures.json").read_text(encoding="utf-8"))["articles"]
# The scores on the seeds today (41 of 41 figures right, none extra; kind, approx, direction and restated figure
# agree on 41 of 41): any drop fails. Raise it when the extractor improves, never lower it to pass.
MIN_SCORE = 1.0


@pytest.fixture(scope="module")
def extractor() -> FigureExtractor:
    ref = ROOT / "reference"
    read = lambda name: pd.read_csv(ref / f"{name}.csv", dtype=str, keep_default_na=False)  # noqa: E731
    return FigureExtractor.from_tables(read("currencies"), read("units"))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_fixture_cases(extractor: FigureExtractor, case: dict) -> None:
    figures = extract_figures(case["text"], extractor)
    got = [(f.surface, f.value, f.unit, f.kind, f.approx_direction) for f in figures]
    expected = [(s, None if v is None else float(v), u, k, d) for s, v, u, k, d in case["expected"]]
    assert got == expected
    for f in figures:
        assert case["text"][f.start : f.end] == f.surface
        assert f.approx == (f.approx_direction is not None or f.value is None)
        assert f.kind in KINDS
    linked = [[i, f.equivalent_of] for i, f in enumerate(figures) if f.equivalent_of is not None]
    assert linked == case.get("equivalent", [])


def test_offsets_survive_diacritics_and_tatweel(extractor: FigureExtractor) -> None:
    body = "وقّعت الحكومة عقدًا بقيمة ٣٠ مليونَ دولارٍ، وشارك بـ١٢ عاماً من الخبرة."
    figures = extractor.extract(body)
    assert [f.surface for f in figures] == ["٣٠ مليونَ دولارٍ", "١٢ عاماً"]
    assert all(body[f.start : f.end] == f.surface for f in figures)
    assert figures[0].value == 30e6 and figures[0].unit == "USD"


def test_folded_text_maps_offsets_back() -> None:
    text = "بـ5 عاماً"
    folded = FoldedText(text)
    assert folded.text == fold(text) == "ب5 عاما"
    m = re.search("عاما", folded.text)
    assert text[folded.original(m.start()) : folded.original(m.end())] == "عاماً"
    assert text[folded.original(1)] == "5"


def test_trie_pattern_matches_exactly_the_words() -> None:
    words = ["الف", "الاف", "الفين", "مليون", "ملايين"]
    pattern = re.compile(rf"(?:{trie_pattern(words)})$")
    assert all(pattern.match(w) for w in words)
    assert not pattern.match("الفا") and not pattern.match("مل")


def _seed_bodies() -> dict[str, str]:
    """The cleaned body of each raw seed article, as the pipeline stores it."""
    try:
        from akhbar.corpus.clean import clean

        to_body = lambda text: clean(text).body  # noqa: E731
    except ImportError:  # the cleaner is the lead's; storage normalisation approximates it
        from akhbar.text.arabic import normalize_storage as to_body
    return {p.stem: to_body(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "raw").glob("*.txt"))}


def _same(a: float | None, b: float | None) -> bool:
    return a is None and b is None or a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9)


def test_score_against_answer_key(extractor: FigureExtractor) -> None:
    """Precision and recall at least MIN_SCORE on the five seeds, a match needing exact surface, value and unit."""
    bodies = _seed_bodies()
    assert set(KEY) <= set(bodies)
    tp = n_pred = n_key = 0
    for article_id, body in bodies.items():
        figures = extractor.extract(body)
        print(f"\n{article_id}")
        for f in figures:
            print(f"  {f.surface!r:40} value={f.value} unit={f.unit} kind={f.kind} approx={f.approx} "
                  f"direction={f.approx_direction} equivalent_of={f.equivalent_of}")  # fmt: skip
        expected = KEY.get(article_id, [])
        remaining = list(expected)
        for f in figures:
            for k in remaining:
                if k["surface"] == f.surface and _same(k["value"], f.value) and k["unit"] == f.unit:
                    remaining.remove(k)
                    tp += 1
                    break
        n_pred += len(figures)
        n_key += len(expected)
    precision, recall = tp / n_pred, tp / n_key
    print(f"\nprecision={precision:.3f} recall={recall:.3f} ({tp} of {n_pred} predicted, {n_key} in key)")
    assert precision >= MIN_SCORE
    assert recall >= MIN_SCORE


def test_key_attributes_kind_approx_and_equivalents(extractor: FigureExtractor) -> None:
    """Beyond the scored fields: kind, approx, direction and the restated figure agree with the key."""
    bodies = _seed_bodies()
    agree = total = 0
    for article_id, expected in KEY.items():
        figures = extractor.extract(bodies[article_id])
        got = Counter(
            (f.surface, f.kind, f.approx, f.approx_direction,
             figures[f.equivalent_of].surface if f.equivalent_of is not None else None)
            for f in figures
        )  # fmt: skip
        want = Counter(
            (k["surface"], k["kind"], k["approx"], k["approx_direction"], k["equivalent_of"]) for k in expected
        )
        agree += sum((got & want).values())
        total += sum(want.values())
    print(f"\nkind/approx/direction/equivalent agreement {agree}/{total} = {agree / total:.3f}")
    assert agree / total >= MIN_SCORE


def test_one_currency_regex_matches_like_the_definite_one(extractor: FigureExtractor) -> None:
    """The article-aware currency match equals the regex with an optional ال before the name."""
    from akhbar.extract.currencies import forms_pattern
    from akhbar.extract.figures import _SP

    symbols = [f for f in extractor.currencies if not re.search(r"\w", f)]
    words = forms_pattern(f for f in extractor.currencies if f not in symbols)
    sym_alt = "|".join(map(re.escape, sorted(symbols, key=len, reverse=True)))
    definite = re.compile(rf"{_SP}*(?:({sym_alt})|(?:ال)?({words})(?!\w))")
    texts = [
        " الدولارات",
        "  الدولار الامريكي",
        " الريالات اليمنيه",
        " دولار",
        " ال دولار",
        " ال$",
        " $",
        " الف",
        " الالف",
    ]
    texts += [" " + fold(f) for f in list(extractor.currencies)[::37]] + [
        " ال" + fold(f) for f in list(extractor.currencies)[::41]
    ]
    for text in texts:
        want = definite.match(text, 0)
        got = extractor._match_currency(text, 0)
        assert (want is None) == (got is None), text
        if want is not None:
            assert (want.end(), want.group(1), want.group(2)) == (got.end(), got.group(1), got.group(2)), text


def test_spelled_out_whitespace_is_regex_whitespace() -> None:
    """The word-trigger regex lists \\s as characters: they must be exactly what \\s matches."""
    from akhbar.extract.figures import _SPACE_CHARS

    assert set(_SPACE_CHARS) == {c for c in map(chr, range(0x110000)) if re.match(r"\s", c)}


def test_previous_word_span_matches_a_letter_scan(extractor: FigureExtractor) -> None:
    """The rfind shortcut for the words before a position agrees with scanning letters back one by one."""
    t = fold("قال «الوزير» إن 5 ملايين\nو(30) ألفا، منها ٢٠ " + "ب" * 30 + " 7 x²y 9")
    for s in range(len(t) + 1):
        j = s
        while j > 0 and t[j - 1] in ' \t«“"(':
            j -= 1
        k = j
        while k > 0 and t[k - 1].isalpha():
            k -= 1
        assert extractor._prev_span(t, s) == (k, j), s
        spans, j = [], s
        while len(spans) < 4:
            while j > 0 and t[j - 1] in " \t":
                j -= 1
            k = j
            while k > 0 and t[k - 1].isalpha():
                k -= 1
            if k == j:
                break
            spans.append((k, j))
            j = k
        assert extractor._words_before(t, s, 4) == spans, s


def test_shared_extractor_is_built_once_per_table() -> None:
    """Equal reference tables share one extractor; a changed table gets its own."""
    from akhbar.extract.figures import shared_extractor

    ref = ROOT / "reference"
    read = lambda name: pd.read_csv(ref / f"{name}.csv", dtype=str, keep_default_na=False)  # noqa: E731
    a = shared_extractor(read("currencies"), read("units"))
    assert shared_extractor(read("currencies"), read("units")) is a
    units = read("units")
    units.loc[len(units)] = {c: "" for c in units.columns} | {"form": "فرسخ", "unit": "league"}
    b = shared_extractor(read("currencies"), units)
    assert b is not a and b.units.get("فرسخ") == "league" and "فرسخ" not in a.units


def test_figures_come_in_start_end_order(extractor: FigureExtractor) -> None:
    """The figures step numbers figures by list position, so extract must return them in (start, end) order."""
    for path in sorted((ROOT / "raw").glob("*.txt")):
        from akhbar.corpus.clean import clean

        figures = extractor.extract(clean(path.read_text(encoding="utf-8")).body)
        spans = [(f.start, f.end) for f in figures]
        assert spans == sorted(spans) and len(set(spans)) == len(spans)


def test_counted_noun_in_persian_letters_is_the_arabic_noun(extractor: FigureExtractor) -> None:
    body = "ووصل 300 لاجئین إلى الحدود أمس."
    (figure,) = extractor.extract(body)
    assert body[figure.start : figure.end] == figure.surface == "300 لاجئین"  # the surface stays as written
    assert (figure.value, figure.unit, figure.kind) == (300, "لاجئين", "count")


def test_the_shared_index_gives_the_same_figures(extractor: FigureExtractor) -> None:
    from akhbar.extract.figures import (
        _DEF_NUM_RE,
        _DIGITS_RE,
        _DUAL_RE,
        _WORD_TRIGGER_RE,
        _definite_ok,
        _digit_triggers,
        _glued_definite_numerals,
        _indexed_triggers,
        trigger_words_each,
    )
    from akhbar.text.index import TextIndex, index_body

    def triggers(t: str, index: TextIndex) -> list[tuple[int, int, str]]:
        """The index's triggers, as FigureExtractor.extract gathers them."""
        digits = _digit_triggers(t, index.digits)
        return digits + _glued_definite_numerals(t, digits, index.fstarts) + _indexed_triggers(t, index)

    edges = [
        "أمضى يومين في المدينة وليومين آخرين، ثم يومين_ و2يومين وسنتين.",
        "دفعت الشركة (مليون دولار) و«ثلاثة» آلاف، ثم ألفa ليرة، وثلاثة_آلاف.",
        # definite numerals: alone, after a proclitic or a letter, glued to digits, before a word character
        "زارت الدول الخمس والسبعة، ثم 2014الثلاثة و5والأربعة و٣بالتسع وaالست والخمس_ ومالثماني éالعشر.",
        "وقّعت الحكومة عقدًا بقيمة ٣٠ مليونَ\u200f دولارٍ بعد شهرين.",  # an invisible control: folded afresh
    ]
    for text in [c["text"] for c in CASES] + edges:
        assert extractor.extract(text, index_body(text)) == extractor.extract(text), text
    texts = [c["text"] for c in CASES] + edges
    indices = [index_body(text) for text in texts]
    for text, index, words in zip(texts, indices, trigger_words_each(indices)):  # trigger words found for them all
        assert extractor.extract(text, index, words) == extractor.extract(text), text
    for text in edges[:3]:  # the index's triggers are the patterns' (and there are some of each kind)
        t, index = fold(text), index_body(text)
        duals = [(m.start(1), m.end(1), "dual") for m in _DUAL_RE.finditer(t)]
        numerals = [(m.start(1), m.end(1), "words") for m in _WORD_TRIGGER_RE.finditer(t)]
        definite = [(m.start(), m.end(), "definite") for m in _DEF_NUM_RE.finditer(t) if _definite_ok(t, m.start())]
        digits = [(m.start(), m.end(), "digits") for m in _DIGITS_RE.finditer(t)]
        assert sorted(triggers(t, index)) == sorted(duals + numerals + definite + digits)
    assert any(how == "dual" for _, _, how in _indexed_triggers(fold(edges[0]), index_body(edges[0])))
    assert any(how == "words" for _, _, how in _indexed_triggers(fold(edges[1]), index_body(edges[1])))
    glued = [t for t in triggers(fold(edges[2]), index_body(edges[2])) if t[2] == "definite"]
    assert len(glued) == 6  # not "الخمس_" (a word character follows), "وaالست" and "ومالثماني" (two letters before)


def test_folded_text_from_drops_equals_folding() -> None:
    from akhbar.text.arabic import fold_with_drops

    for text in ("بـ5 عاماً", "قالَ", "نص بلا علامات", "بـ\u200f5 عاماً"):
        made = FoldedText.from_drops(text, *fold_with_drops(text))
        direct = FoldedText(text)
        assert made.text == direct.text
        assert [made.original(i) for i in range(len(made.text) + 1)] == [
            direct.original(i) for i in range(len(direct.text) + 1)
        ]
