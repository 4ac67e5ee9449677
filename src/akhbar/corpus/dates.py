"""Read a publication date: the one parser of `published` values, for sources.csv and feed records alike."""

from __future__ import annotations

import datetime as dt
import email.utils

FORMS = "ISO 8601, RFC 2822 or YYYY-MM-DD HH:MM:SS"


def parse_published(value: str) -> dt.date:
    """The date of an ISO 8601, RFC 2822 or "YYYY-MM-DD HH:MM:SS" value, in its own offset (ValueError)."""
    text = value.strip()
    # Python 3.10's fromisoformat does not read a "Z" suffix (3.11 does): spell it as the offset it means
    iso = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        # a date first: Python 3.11's date.fromisoformat reads forms (`20150731`, `2015-W31-5`) its datetime twin may not
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(iso).date()
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is None:
        raise ValueError(f"{value!r} is not a date ({FORMS})")
    # a timestamp: `published` is a date, so the day it names (in its own offset) is kept
    return parsed.date()
