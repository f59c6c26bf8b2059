"""Plan versus achieved: each objective's progress, and the period's figures.

An activity counts in a period by its (start) date; an activity on the as-of date counts, one after
it does not. Activities without hours count as activities and add no hours.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from operator import attrgetter

from .entries import ACTIVITY_TYPES, Activity, Exchange, Objective
from .periods import Period, months_between
from .portfolio import Portfolio

DUE_SOON_DAYS = 60

ACHIEVED = "achieved"
DROPPED = "dropped"
OVERDUE = "overdue"
NOT_STARTED = "not started"
DUE_SOON = "due soon"
ON_TRACK = "on track"


@dataclass(frozen=True)
class Tally:
    """A count of activities and their hours."""

    count: int = 0
    hours: float = 0.0

    def add(self, activity: Activity) -> Tally:
        return Tally(self.count + 1, round(self.hours + (activity.hours or 0.0), 6))

    def as_dict(self) -> dict[str, float]:
        return {"count": self.count, "hours": self.hours}


@dataclass(frozen=True)
class ObjectiveProgress:
    objective: Objective
    activities: tuple[Activity, ...]
    hours: float
    last: dt.date | None
    status: str

    @property
    def progress(self) -> float | None:
        """Hours against target, 0..n (1.0 is the target met); None without a target."""
        target = self.objective.target_hours
        return round(self.hours / target, 4) if target else None

    def as_dict(self) -> dict[str, object]:
        o = self.objective
        return {
            "id": o.id,
            "title": o.label,
            "source": o.source,
            "set_on": _iso(o.date),
            "due": o.due.isoformat(),
            "closed": _iso(o.closed),
            "target_hours": o.target_hours,
            "activities": len(self.activities),
            "hours": self.hours,
            "last_activity": _iso(self.last),
            "progress": self.progress,
            "status": self.status,
        }


@dataclass(frozen=True)
class PeriodSummary:
    period: Period
    as_of: dt.date
    activities: tuple[Activity, ...]
    total: Tally
    planned: Tally
    unplanned: Tally
    by_type: dict[str, Tally]
    by_month: dict[str, Tally]
    by_year: dict[str, Tally]
    objectives_set: int
    objectives_achieved: int
    without_hours: int
    objectives: tuple[ObjectiveProgress, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        return {
            "period": self.period.as_dict(),
            "as_of": self.as_of.isoformat(),
            "activities": self.total.count,
            "hours": self.total.hours,
            "without_hours": self.without_hours,
            "planned": self.planned.as_dict(),
            "unplanned": self.unplanned.as_dict(),
            "by_type": {k: v.as_dict() for k, v in self.by_type.items()},
            "by_month": {k: v.as_dict() for k, v in self.by_month.items()},
            "by_year": {k: v.as_dict() for k, v in self.by_year.items()},
            "objectives_set": self.objectives_set,
            "objectives_achieved": self.objectives_achieved,
            "objectives": [p.as_dict() for p in self.objectives],
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def linked_activities(portfolio: Portfolio) -> dict[str, list[Activity]]:
    """Activities up to the as-of date by the objective ids they name, in date order."""
    linked: dict[str, list[Activity]] = defaultdict(list)
    for activity in portfolio.activities:
        if activity.date <= portfolio.as_of:
            for oid in activity.objectives:
                linked[oid].append(activity)
    return linked


def objective_status(objective: Objective, activities: list[Activity], as_of: dt.date) -> str:
    if objective.status == "achieved":
        return ACHIEVED
    if objective.status == "dropped":
        return DROPPED
    if objective.due < as_of:
        return OVERDUE
    if not activities:
        return NOT_STARTED
    if (objective.due - as_of).days <= DUE_SOON_DAYS:
        return DUE_SOON
    return ON_TRACK


def objective_progress(portfolio: Portfolio) -> list[ObjectiveProgress]:
    """Every objective with its linked activities, hours, last activity and status, as of the portfolio's date."""
    linked = linked_activities(portfolio)
    result = []
    for objective in portfolio.objectives:
        acts = linked.get(objective.id, [])
        hours = round(sum(a.hours or 0.0 for a in acts), 6)
        last = max((a.date for a in acts), default=None)
        result.append(
            ObjectiveProgress(objective, tuple(acts), hours, last, objective_status(objective, acts, portfolio.as_of))
        )
    return result


_DATE = attrgetter("date")


def activities_in(portfolio: Portfolio, period: Period) -> list[Activity]:
    """Activities dated inside the period and not after the as-of date.

    Found by bisection, as a portfolio's activities are in date order (load_portfolio sorts them): every rule
    set and every audit cycle asks for its own, and a scan each time grows with the square of the portfolio.
    """
    window = period.until(portfolio.as_of)
    acts = portfolio.activities
    return acts[bisect_left(acts, window.start, key=_DATE) : bisect_right(acts, window.end, key=_DATE)]


def exchanges_in(portfolio: Portfolio, period: Period, kind: str | None = None) -> list[Exchange]:
    """Feedback and discussions (of one kind, or both) dated inside the period and not after the as-of date."""
    window = period.until(portfolio.as_of)
    return [e for e in portfolio.exchanges if window.start <= e.date <= window.end and kind in (None, e.kind)]


def summarise(portfolio: Portfolio, period: Period) -> PeriodSummary:
    """Plan versus achieved over a period: planned against unplanned, by type, month and year."""
    acts = activities_in(portfolio, period)
    window = period.until(portfolio.as_of)
    total = planned = unplanned = Tally()
    by_type = {t: Tally() for t in ACTIVITY_TYPES}
    by_month = {m: Tally() for m in months_between(window.start, window.end)} if window.start <= window.end else {}
    by_year = {str(y): Tally() for y in range(window.start.year, window.end.year + 1)}
    for a in acts:
        total = total.add(a)
        if a.planned:
            planned = planned.add(a)
        else:
            unplanned = unplanned.add(a)
        by_type[a.type] = by_type[a.type].add(a)
        month = f"{a.date.year:04d}-{a.date.month:02d}"
        by_month[month] = by_month.get(month, Tally()).add(a)
        by_year[str(a.date.year)] = by_year.get(str(a.date.year), Tally()).add(a)
    objectives_set = sum(1 for o in portfolio.objectives if o.date and o.date in window)
    achieved = sum(1 for o in portfolio.objectives if o.status == "achieved" and o.closed and o.closed in window)
    return PeriodSummary(
        period=period,
        as_of=portfolio.as_of,
        activities=tuple(acts),
        total=total,
        planned=planned,
        unplanned=unplanned,
        by_type=by_type,
        by_month=by_month,
        by_year=by_year,
        objectives_set=objectives_set,
        objectives_achieved=achieved,
        without_hours=sum(1 for a in acts if a.hours is None),
        objectives=tuple(objective_progress(portfolio)),
    )


@dataclass(frozen=True)
class Achievement:
    """Something to celebrate on the dashboard."""

    title: str
    detail: str
    day: dt.date | None = None


def achievements(portfolio: Portfolio) -> list[Achievement]:
    """Objectives achieved, and calendar years with every activity type, newest first."""
    found = [
        Achievement(f"Objective achieved: {o.label}", o.evaluation or "", o.closed)
        for o in portfolio.objectives
        if o.status == "achieved" and o.closed and o.closed <= portfolio.as_of
    ]
    types_by_year: dict[int, set[str]] = defaultdict(set)
    for a in portfolio.activities:
        if a.date <= portfolio.as_of:
            types_by_year[a.date.year].add(a.type)
    for year, types in types_by_year.items():
        if len(types) == len(ACTIVITY_TYPES):
            found.append(Achievement(f"{year}: every activity type", "A full mixture of learning in one year.", None))
    return sorted(found, key=lambda a: (a.day or dt.date.min, a.title), reverse=True)


def first_day(portfolio: Portfolio) -> dt.date | None:
    """The portfolio's first dated entry (activities are in date order: the first is the earliest)."""
    days = [a.date for a in portfolio.activities[:1]] + [o.date for o in portfolio.objectives if o.date]
    days += [b.date for b in portfolio.breaks]
    return min(days) if days else None


@dataclass(frozen=True)
class Month:
    """One month of a period for a chart: what was done on its days, and what explains a month with nothing."""

    month: str  # YYYY-MM
    hours: float  # each activity's hours spread evenly over its days: a seven-week course counts in each of its months
    activities: int  # activities on any of its days (one that runs on counts in every month it runs in)
    without_hours: int  # of those, how many were recorded without hours: they count here, not in the hours
    breaks: tuple[str, ...]  # the breaks on any of its days, by label
    unexplained: bool  # inside a stretch without CPD that no break explains (from the gaps: `spans`)


def months(portfolio: Portfolio, period: Period, spans: tuple[tuple[dt.date, dt.date], ...] = ()) -> list[Month]:
    """The period up to the as-of date, month by month. `by_month` of the summary counts each activity once, in the
    month it starts, so that months add up to the period's total; this spreads each over the days it ran, clipped to
    the period, for a chart that shows when the work was done. `spans`: the stretches the gaps found unexplained."""
    window = period.until(portfolio.as_of)
    if window.start > window.end:
        return []
    keys = months_between(window.start, window.end)
    hours = dict.fromkeys(keys, 0.0)
    count = dict.fromkeys(keys, 0)
    bare = dict.fromkeys(keys, 0)
    breaks: dict[str, list[str]] = {k: [] for k in keys}
    one = dt.timedelta(days=1)

    def each_month(start: dt.date, end: dt.date):
        """(month key, days of [start, end] in it) for every month the clipped span touches."""
        start, end = max(start, window.start), min(end, window.end)
        day = start
        while day <= end:
            last = (dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)) - one
            upto = min(last, end)
            yield f"{day.year:04d}-{day.month:02d}", (upto - day).days + 1
            day = upto + one

    for a in portfolio.activities:
        if a.date > window.end or a.last_day < window.start:
            continue
        total_days = (a.last_day - a.date).days + 1
        for key, days in each_month(a.date, a.last_day):
            count[key] += 1
            if a.hours is None:
                bare[key] += 1
            else:
                hours[key] += a.hours * days / total_days
    for b in sorted(portfolio.breaks, key=attrgetter("date")):
        if b.date <= window.end and b.end >= window.start:
            for key, _days in each_month(b.date, b.end):
                breaks[key].append(b.label)
    gap_months: set[str] = set()
    for start, end in spans:
        if start <= window.end and end >= window.start:
            gap_months.update(key for key, _days in each_month(start, end))
    return [
        Month(k, round(hours[k], 2), count[k], bare[k], tuple(dict.fromkeys(breaks[k])), k in gap_months) for k in keys
    ]
