"""The article texts extraction reads, the id series of title and body rows, and which title mentions stay."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from akhbar.extract.entities import find_mentions
from akhbar.extract.fields import article_texts, id_suffixes, trusted_in_title
from akhbar.extract.gazetteer import Gazetteer, shared_gazetteer

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return shared_gazetteer(pd.read_csv(ROOT / "reference" / "gazetteer.csv", dtype=str, keep_default_na=False))


def test_article_texts_give_body_then_title_in_article_order() -> None:
    articles = pd.DataFrame(
        {"article_id": ["b", "a", "c"], "title": ["عنوان ب", None, ""], "body": ["نص ب", "نص أ", "نص ج"]}
    )
    assert list(article_texts(articles)) == [
        ("a", "body", "نص أ"),
        ("b", "body", "نص ب"),
        ("b", "title", "عنوان ب"),
        ("c", "body", "نص ج"),
    ]
    assert [f for _, f, _ in article_texts(articles.drop(columns="title"))] == ["body"] * 3


def test_id_series_of_body_and_title() -> None:
    assert id_suffixes("m", "body", 2) == ["-m0001", "-m0002"]
    assert id_suffixes("m", "title", 2) == ["-mt01", "-mt02"]
    assert id_suffixes("f", "title", 1) == ["-ft01"]
    assert id_suffixes("f", "title", 100)[-1] == "-ft100"


def test_title_keeps_gazetteer_mentions_and_names_its_body_confirms(gaz: Gazetteer) -> None:
    # headline grammar: an adjective after a title (a given name too) reads to the pattern rules as a name
    title = find_mentions("أمير المنطقة سعيد بجهود الدفاع المدني في الرياض", gaz)
    found = {(m.surface, m.method) for m in title}
    assert found == {("سعيد بجهود", "pattern"), ("الدفاع المدني", "gazetteer"), ("الرياض", "gazetteer")}
    assert [m.surface for m in trusted_in_title(title, [])] == ["الدفاع المدني", "الرياض"]
    # a person the pattern rules find in the title and the body is kept
    title = find_mentions("وزير الخارجية الروسي سيرغي لافروف يزور بكين", gaz)
    body = find_mentions("وقال وزير الخارجية الروسي سيرغي لافروف إن الزيارة مهمة.", gaz)
    assert [m.surface for m in trusted_in_title(title, body)] == ["سيرغي لافروف", "بكين"]
    assert [m.surface for m in trusted_in_title(title, [])] == ["بكين"]
