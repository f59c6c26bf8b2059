"""Periods every figure is computed over: a calendar year, an audit cycle, or all time."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .dates import FIRST_DAY, LAST_DAY, outside_message


@dataclass(frozen=True, slots=True)
class Period:
    """Days from `start` to `end`, both included. `label` names it for people."""

    label: str
    start: dt.date
    end: dt.date
    key: str = ""  # what --period takes to select it again

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def until(self, as_of: dt.date) -> Period:
        """The part of the period up to and including `as_of` (figures never count the future)."""
        return Period(self.label, self.start, min(self.end, as_of), self.key)

    def as_dict(self) -> dict[str, str]:
        return {"label": self.label, "start": self.start.isoformat(), "end": self.end.isoformat(), "key": self.key}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), clamped to the month's end: 31 Jan + 1 = 28/29 Feb."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def calendar_year(year: int) -> Period:
    return Period(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31), str(year))


def cycle_containing(
    as_of: dt.date, years: int, renewal: dt.date | None, default_end: str | None
) -> tuple[dt.date, dt.date]:
    """The audit cycle of `years` that contains `as_of`, ending on a renewal date (or its anniversary).

    With no renewal date: a cycle that ends on `default_end` (MM-DD) each year, or else the
    `years` up to `as_of`.
    """
    return cycle_bounds(as_of, years, renewal, default_end, 0)


def cycle_bounds(
    as_of: dt.date, years: int, renewal: dt.date | None, default_end: str | None, back: int
) -> tuple[dt.date, dt.date]:
    """The cycle `back` cycles before the one containing `as_of` (0: that one).

    Every end is counted from the renewal date itself, never from a clamped one: a renewal on
    29 February ends cycles on 28 February in common years and 29 February in leap years.
    """
    if renewal is None and default_end:
        month, day = (int(p) for p in default_end.split("-"))
        renewal = dt.date(as_of.year, month, min(day, calendar.monthrange(as_of.year, month)[1]))
    anchor = renewal or as_of
    k = 0
    # as_of falls in (end of cycle k-1, end of cycle k].
    while add_years(anchor, (k - 1) * years) >= as_of:
        k -= 1
    while add_years(anchor, k * years) < as_of:
        k += 1
    k -= back
    end = add_years(anchor, k * years)
    return add_years(anchor, (k - 1) * years) + dt.timedelta(days=1), end


def all_time(first: dt.date | None, as_of: dt.date) -> Period:
    return Period("All time", first or as_of, as_of, "all")


_YEAR = re.compile(r"^\d{4}$")


class PeriodError(ValueError):
    """A --period the user gave that names no period."""


def months_between(start: dt.date, end: dt.date) -> list[str]:
    """Every month YYYY-MM from start's month to end's month, in order."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return months


def parse_year(text: str) -> int | None:
    """The year that four digits name (None for other text); PeriodError for a year outside the supported range."""
    if not _YEAR.match(text):
        return None
    if not FIRST_DAY.year <= int(text) <= LAST_DAY.year:
        raise PeriodError(outside_message(f"'{text}'"))
    return int(text)
