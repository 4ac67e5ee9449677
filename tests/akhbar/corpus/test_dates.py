"""One parser of `published` for sources.csv and feeds: the forms each read before read to the same date."""

from __future__ import annotations

import datetime as dt

import pytest

from akhbar.corpus.dates import parse_published

JULY_31 = dt.date(2015, 7, 31)


@pytest.mark.parametrize(
    "value",
    [
        # the forms sources.csv read (ISO dates and timestamps, "T" or space, "Z" or an offset)
        "2015-07-31",
        "2015-07-31 04:15:37",
        "2015-07-31T04:15:37",
        "2015-07-31T04:15:37Z",
        "2015-07-31T04:15:37z",
        "2015-07-31T04:15:37.250000",
        "2015-07-31T04:15",
        "2015-07-31T04:15:37+03:00",
        "2015-07-31T23:30:00-05:00",  # the date in its own offset, not UTC (it is August 1st in UTC)
        # the forms feeds read besides (RFC 2822, surrounding blanks)
        "Fri, 31 Jul 2015 04:15:37 +0300",
        "31 Jul 2015 04:15:37 GMT",
        "  2015-07-31 04:15:37 ",
    ],
)
def test_every_form_read_before_gives_its_date(value: str):
    assert parse_published(value) == JULY_31


def test_python_311_compact_iso_dates_still_read():
    # sources.csv read these through date.fromisoformat on Python 3.11+ (3.10 refuses them: then both refuse)
    try:
        expected = dt.date.fromisoformat("20150731")
    except ValueError:
        with pytest.raises(ValueError):
            parse_published("20150731")
        return
    assert parse_published("20150731") == expected == JULY_31


@pytest.mark.parametrize("value", ["", "21/07/2015", "2015-13-01", "soon", "03/07/2024"])
def test_rejects_with_the_forms_named(value: str):
    with pytest.raises(ValueError, match=r"is not a date \(ISO 8601, RFC 2822 or YYYY-MM-DD HH:MM:SS\)"):
        parse_published(value)
