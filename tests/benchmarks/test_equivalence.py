"""The equivalence harness's table comparison: added, removed, changed, whole-row and order differences."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from script_helpers import load_script

eq = load_script("benchmarks/equivalence.py", "akhbar_bench_equivalence")


def frame(rows: list[tuple]) -> pd.DataFrame:
    """A small mentions-like frame: id, surface, start, aliases (a list column as Parquet gives it back)."""
    return pd.DataFrame(rows, columns=["id", "surface", "start", "aliases"])


BASE = frame([("a", "روسيا", 1, np.array(["روسيا"])), ("b", "الصين", 5, np.array([])), ("c", "موسكو", 9, None)])


def test_equal_frames_are_equal():
    diff = eq.compare_tables("t", BASE, BASE.copy(), ["id"])
    assert diff.equal
    assert (diff.added, diff.removed, diff.changed) == (0, 0, 0)
    assert diff.examples == {}


def test_missing_values_compare_equal_whatever_their_form():
    base = pd.DataFrame({"id": ["a", "b"], "value": [np.nan, None]})
    head = pd.DataFrame({"id": ["a", "b"], "value": [None, pd.NA]}, dtype=object)
    assert eq.compare_tables("t", base, head, ["id"]).equal


def test_added_removed_and_changed_rows_by_key():
    head = frame([("a", "روسيا", 2, np.array(["روسيا"])), ("c", "موسكو", 9, None), ("d", "كازاخستان", 3, None)])
    diff = eq.compare_tables("t", BASE, head, ["id"])
    assert not diff.equal
    assert (diff.added, diff.removed, diff.changed) == (1, 1, 1)
    assert (diff.rows_only_base, diff.rows_only_head) == (2, 2)
    assert "id='d'" in diff.examples["added"][0]
    assert "id='b'" in diff.examples["removed"][0]
    assert diff.examples["changed"] == ["id='a': start: 1 -> 2"]


def test_a_change_inside_a_list_column_is_found():
    head = BASE.copy()
    head.at[0, "aliases"] = np.array(["روسيا", "روسية"])
    diff = eq.compare_tables("t", BASE, head, ["id"])
    assert diff.changed == 1
    assert "aliases" in diff.examples["changed"][0]


def test_same_rows_in_another_order():
    diff = eq.compare_tables("t", BASE, BASE.iloc[::-1].reset_index(drop=True), ["id"])
    assert diff.order_differs
    assert (diff.added, diff.removed, diff.changed, diff.rows_only_base) == (0, 0, 0, 0)
    assert not diff.equal


def test_duplicate_keys_fall_back_to_whole_rows():
    base = pd.DataFrame({"id": ["a", "a"], "v": [1, 2]})
    head = pd.DataFrame({"id": ["a", "a"], "v": [1, 3]})
    diff = eq.compare_tables("t", base, head, ["id"])
    assert (diff.added, diff.removed, diff.changed) == (1, 1, 0)
    assert diff.examples["added"] == ["id='a', v=3"]


def test_a_repeated_row_counts_as_a_difference():
    head = pd.concat([BASE, BASE.iloc[[1]]], ignore_index=True)
    diff = eq.compare_tables("t", BASE, head, [])
    assert diff.rows_only_head == 1 and diff.rows_only_base == 0
    assert not diff.equal


def test_column_added_or_removed():
    head = BASE.drop(columns=["start"]).assign(end=1)
    diff = eq.compare_tables("t", BASE, head, ["id"])
    assert diff.columns_added == ["end"] and diff.columns_removed == ["start"]
    assert diff.changed == 0  # the remaining common columns agree
    assert not diff.equal


def test_a_table_only_one_build_has_is_reported():
    diffs, missing = eq.compare_builds({"t": BASE, "old": BASE}, {"t": BASE, "new": BASE}, {"t": ["id"]})
    assert [d.equal for d in diffs] == [True]
    assert missing == ["old (base only)", "new (working tree only)"]
    assert "DIFFERS" in eq.report("seeds", diffs, missing)


def test_feed_records_become_a_raw_folder_without_what_ingest_refuses(tmp_path):
    body = "قال وزير الخارجية الروسي إن بلاده مستعدة للحوار مع الصين"
    records = [
        {
            "source": "spa",
            "url": "http://x/1",
            "date_extracted": "2015-07-21 10:00:00",
            "title": "عنوان",
            "content": body,
        },
        {
            "source": "spa",
            "url": "http://x/2",
            "date_extracted": "2015-07-21 11:00:00",
            "title": "عنوان",
            "content": body,
        },
        {"source": "spa", "url": "http://x/3", "date_extracted": "2015-07-22 11:00:00", "title": "", "content": "  "},
        {"source": "en", "url": "http://x/4", "date_extracted": "2015-07-22", "title": "News", "content": "in English"},
        {
            "source": "okaz",
            "url": "http://x/5,6",
            "date_extracted": "2015-07-23 09:00:00",
            "title": "",
            "content": body + ".",
        },
    ]
    raw, kept, dropped = eq.feed_to_raw(iter(records), tmp_path)
    assert (kept, dropped) == (2, 3)
    assert sorted(p.name for p in raw.glob("*.txt")) == ["snn000000.txt", "snn000004.txt"]
    assert (raw / "snn000000.txt").read_text(encoding="utf-8") == f"عنوان\n{body}\n"
    sources = pd.read_csv(raw / "sources.csv", dtype=str)
    assert sources.to_dict("records")[1] == {
        "file": "snn000004.txt",
        "outlet": "okaz",
        "url": "http://x/5,6",
        "published": "2015-07-23",
    }


@pytest.mark.parametrize("limit", [1, 2])
def test_feed_limit_counts_records(tmp_path, limit):
    rec = {"source": "spa", "url": "", "date_extracted": "", "title": "", "content": "خبر عن الصين رقم "}
    records = [{**rec, "content": rec["content"] + str(i)} for i in range(3)]
    _, kept, dropped = eq.feed_to_raw(iter(records), tmp_path, limit=limit)
    assert (kept, dropped) == (limit, 0)
