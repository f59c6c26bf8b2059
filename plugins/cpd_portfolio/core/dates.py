"""The dates a portfolio can hold: one supported range for every entry, option and computation.

Every date the core is given lies from FIRST_DAY to LAST_DAY: an entry's dates, a renewal date, the as-of date
(--as-of, the plugin's as_of, SOURCE_DATE_EPOCH) and the bounds of a period. The range is far wider than one
working life, so no real record is refused, and it keeps every computation far from the ends of Python's
calendar (years 1 to 9999): an audit cycle is counted from a renewal date in the range to an as-of date in the
range, the earliest cycle looked at ends before the first entry, and a new objective is due a year after it
is set. Whole years make the range easy to say and to check.

This module is where the range is defined. The schema cannot read it, so its date pattern ($defs.date in
schema/entry.schema.json, for editors and jsonschema) is written to accept exactly these years, and
tests/test_dates.py holds the two together, year by year.
"""

from __future__ import annotations

import datetime as dt
import re

FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2199, 12, 31)
SUPPORTED = f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"


class DateRangeError(ValueError):
    """A date outside the supported range; the message says which and what to do."""


def supported(day: dt.date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def outside_message(shown: str) -> str:
    """What is wrong with a date outside the range, `shown` as the user wrote it (quoted)."""
    return f"{shown} is outside the supported range {SUPPORTED}: check the year"


def check_supported(day: dt.date) -> dt.date:
    """`day` itself, or DateRangeError when it is outside the supported range."""
    if not supported(day):
        raise DateRangeError(outside_message(f"'{day.isoformat()}'"))
    return day


# A date written day first, as in the UK: 12/03/2025, 12-03-2025 or 12.03.2025 (one separator throughout).
_DAY_FIRST = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")


def day_first(text: str) -> dt.date | None:
    """The date that `text` names when it is written day first (12/03/2025 is 12 March 2025), or None.

    For suggesting the ISO form of a date written the UK way. None unless the day-first reading is a real date in
    the supported range: a month-first date (03/31/2025) is not guessed at.
    """
    match = _DAY_FIRST.fullmatch(text.strip())
    if match is None:
        return None
    try:
        day = dt.date(int(match[4]), int(match[3]), int(match[1]))
    except ValueError:
        return None
    return day if supported(day) else None


__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "SUPPORTED",
    "DateRangeError",
    "check_supported",
    "day_first",
    "outside_message",
    "supported",
]
