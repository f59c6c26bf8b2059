"""Where each registration stands today: its current cycle, how much of it has passed, and its next deadline.

One function (`standings`) answers it from the schemes' cycle facts (core/schemes/*.yml) and the profile's renewal
dates, for the dashboard, and for anything else that shows a date to act by: no other module works a deadline out.

The deadline is the close of the body's renewal or declaration window that ends the current cycle: the first day on
or after the cycle's end that is the window's closing day (HCPC clinical scientists: 30 September, the cycle's own
end; IPEM: 31 January after the year). A renewal date in the profile that is not on the window's closing day is
the registrant's own (another profession's window): it is the deadline, and the scheme's window is not shown.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from .entries import Registration
from .periods import Period
from .portfolio import Portfolio
from .schemes import COMMON, Catalogue, Scheme, current_cycle, next_month_day


@dataclass(frozen=True)
class Standing:
    """One registration today."""

    scheme: Scheme
    registration: Registration | None
    cycle: Period | None  # None: the scheme has no cycle (the whole record counts)
    deadline: dt.date | None  # the renewal or declaration is due by this day
    opens: dt.date | None  # the window opens on this day (None: no window, or the registrant's own date)
    as_of: dt.date
    sampled: dt.date | None = None  # the first day of the month the audit sample is drawn in, after the deadline

    @property
    def days_left(self) -> int | None:
        return None if self.deadline is None else (self.deadline - self.as_of).days

    @property
    def window_open(self) -> bool:
        return self.deadline is not None and (self.opens or self.deadline) <= self.as_of <= self.deadline

    @property
    def elapsed(self) -> float | None:
        """The share of the current cycle that has passed, 0 to 1."""
        if self.cycle is None:
            return None
        total = (self.cycle.end - self.cycle.start).days + 1
        done = (min(self.as_of, self.cycle.end) - self.cycle.start).days + 1
        return max(0.0, min(1.0, done / total))

    @property
    def months(self) -> tuple[int, int] | None:
        """(the month of the cycle we are in, the cycle's months): (14, 24)."""
        if self.cycle is None:
            return None
        start, end = self.cycle.start, self.cycle.end
        total = (end.year - start.year) * 12 + end.month - start.month + 1
        day = min(self.as_of, end)
        now = (day.year - start.year) * 12 + day.month - start.month + 1
        return max(1, min(now, total)), total


def _on_or_before(day: dt.date, month_day: str) -> dt.date:
    month, dom = (int(p) for p in month_day.split("-"))
    for year in (day.year, day.year - 1):
        candidate = dt.date(year, month, min(dom, calendar.monthrange(year, month)[1]))
        if candidate <= day:
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def standing(scheme: Scheme, portfolio: Portfolio, registration: Registration | None = None) -> Standing:
    as_of = portfolio.as_of
    if not scheme.cycle.years:
        return Standing(scheme, registration, None, None, None, as_of)
    cycle = current_cycle(scheme, portfolio)
    closes, opens = scheme.cycle.window_closes, scheme.cycle.window_opens
    own = registration.renewal if registration else None
    if closes and not (own and own.strftime("%m-%d") != closes):
        deadline = next_month_day(cycle.end - dt.timedelta(days=1), closes)  # on or after the cycle's end
        start = _on_or_before(deadline, opens) if opens else None
    else:
        deadline, start = cycle.end, None  # the cycle ends on the registrant's renewal date or its anniversary
    month = scheme.audit.sample_month
    sampled = None
    if month:  # the first day of that month after the deadline (the RCT's March, after the January renewal)
        year = deadline.year if (month, 1) > (deadline.month, deadline.day) else deadline.year + 1
        sampled = dt.date(year, month, 1)
    return Standing(scheme, registration, cycle, deadline, start, as_of, sampled)


def standings(portfolio: Portfolio, catalogue: Catalogue) -> list[Standing]:
    """Every registration in the profile whose body has a scheme, soonest deadline first."""
    found = []
    registrations = portfolio.profile.registrations if portfolio.profile else ()
    for registration in registrations:
        scheme = catalogue.schemes.get(registration.body)
        if scheme is None or scheme.id == COMMON:
            continue
        found.append(standing(scheme, portfolio, registration))
    return sorted(found, key=lambda s: (s.deadline is None, s.deadline or dt.date.max))


__all__ = ["Standing", "standing", "standings"]
