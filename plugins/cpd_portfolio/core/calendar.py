"""The deadlines as a calendar to subscribe to (RFC 5545, made with the icalendar library).

The events are each registration's next deadline, the opening of its window and the month its audit sample is drawn
in, where the scheme says so (all from core/deadlines.py, which reads the scheme files), and the due dates of the objectives still open. Each says what to do, and links to the page that
helps (the registration's audit profile, the objective's page) when the site's address is known. Give it the public
portfolio (`portfolio.public()`): a private objective never reaches a calendar.

Every event is a whole day, with a UID that stays the same from build to build (a calendar application updates the
event rather than adding another), and DTSTAMP is the as-of date, so the same portfolio makes the same file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import icalendar

from .deadlines import standings
from .portfolio import Portfolio
from .schemes import Catalogue

PRODID = "-//cpd-portfolio//deadlines//EN"
UID_DOMAIN = "cpd-portfolio"


@dataclass(frozen=True)
class Event:
    uid: str
    day: dt.date
    summary: str
    description: str
    page: tuple[str, str]  # what helps: ("audit", body) or ("objective", the objective's entry path)


def events(portfolio: Portfolio, catalogue: Catalogue) -> list[Event]:
    """The calendar's events, in date order."""
    found: list[Event] = []
    for s in standings(portfolio, catalogue):
        if s.deadline is None:
            continue
        scheme = s.scheme
        what = "declaration" if scheme.cycle.declaration_due else "renewal"
        cycle = f"{s.cycle.start.isoformat()} to {s.cycle.end.isoformat()}"
        found.append(
            Event(
                f"{scheme.id}-{what}-{s.deadline.isoformat()}@{UID_DOMAIN}",
                s.deadline,
                f"{scheme.short}: {what} due",
                f"Your {scheme.short} {what} is due by this day, for the CPD cycle {cycle}. Check the record with "
                f"'cpd check', and open your {scheme.short} audit profile: if you are sampled, it is what you send."
                + (f" {scheme.cycle.note}" if scheme.cycle.note else ""),
                ("audit", scheme.id),
            )
        )
        if s.opens:
            found.append(
                Event(
                    f"{scheme.id}-window-{s.opens.isoformat()}@{UID_DOMAIN}",
                    s.opens,
                    f"{scheme.short}: {what} window opens",
                    f"The {scheme.short} {what} window opens ({scheme.cycle.window}). Check your CPD record for the "
                    f"cycle {cycle} is complete before you {what.replace('declaration', 'declare').replace('renewal', 'renew')}.",
                    ("audit", scheme.id),
                )
            )
        if s.sampled:
            covers = f" The audit covers {_lower_first(scheme.audit.covers)}" if scheme.audit.covers else ""
            found.append(
                Event(
                    f"{scheme.id}-audit-{s.sampled.isoformat()}@{UID_DOMAIN}",
                    s.sampled,
                    f"{scheme.short}: audit sample drawn this month",
                    f"The {scheme.short} draws its audit sample this month"
                    + (f" ({_lower_first(scheme.audit.sampled.rstrip('.'))})" if scheme.audit.sampled else "")
                    + f".{covers} If you are sampled, send your {scheme.short} audit profile.",
                    ("audit", scheme.id),
                )
            )
    for o in portfolio.objectives:
        if o.due and o.status == "active":
            found.append(
                Event(
                    f"objective-{o.id}-{o.due.isoformat()}@{UID_DOMAIN}",
                    o.due,
                    f"Objective due: {o.label}",
                    "This objective of your development plan is due. Record the activities that served it, then mark "
                    "it achieved with an evaluation, or drop it, or set a new due date.",
                    ("objective", o.source),
                )
            )
    return sorted(found, key=lambda e: (e.day, e.uid))


def _lower_first(text: str) -> str:
    """A scheme's sentence ('A random sample...') inside another one."""
    return text[:1].lower() + text[1:]


def to_ics(found: list[Event], as_of: dt.date, url_of: Callable[[tuple[str, str]], str | None]) -> bytes:
    """The events as an iCalendar file. `url_of` gives each event's page as an absolute URL (or None)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "CPD deadlines")
    stamp = dt.datetime.combine(as_of, dt.time(0, 0), tzinfo=dt.timezone.utc)
    for e in found:
        event = icalendar.Event()
        event.add("uid", e.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", e.day)
        event.add("dtend", e.day + dt.timedelta(days=1))  # a whole day: DTEND is the day after (RFC 5545 3.6.1)
        event.add("summary", e.summary)
        url = url_of(e.page)
        event.add("description", e.description + (f" {url}" if url else ""))
        if url:
            event.add("url", url)
        event.add("transp", "TRANSPARENT")  # a deadline does not make you busy
        cal.add_component(event)
    return cal.to_ical()


__all__ = ["Event", "events", "to_ics"]
