"""Activities as a table another CPD system or a spreadsheet can import: one row per activity."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import TextIO

from .entries import TYPE_LABELS, Activity
from .portfolio import Portfolio

COLUMNS = (
    "date",
    "end",
    "title",
    "type",
    "type_label",
    "hours",
    "method",
    "objectives",
    "outcomes",
    "application",
    "benefit",
    "competences",
    "tags",
    "evidence",
    "highlight",
    "private",
    "reflection",
    "source",
)
LIST_SEPARATOR = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula (OWASP)


def _evidence_text(activity: Activity) -> list[str]:
    return [f"{e.title}: {e.url or e.path}" if e.title else (e.url or e.path or "") for e in activity.evidence]


def activity_record(activity: Activity) -> dict[str, object]:
    """Every field of an activity, lists kept as lists (for JSON)."""
    return {
        "date": activity.date.isoformat(),
        "end": activity.end.isoformat() if activity.end else None,
        "title": activity.title,
        "type": activity.type,
        "type_label": TYPE_LABELS[activity.type],
        "hours": activity.hours,
        "method": activity.method,
        "objectives": list(activity.objectives),
        "outcomes": list(activity.outcomes),
        "application": activity.application,
        "benefit": activity.benefit,
        "competences": list(activity.competences),
        "tags": list(activity.tags),
        "evidence": _evidence_text(activity),
        "highlight": activity.highlight,
        "private": activity.private,
        "reflection": activity.reflection,
        "source": activity.source,
    }


def select(
    portfolio: Portfolio, *, start: dt.date | None = None, end: dt.date | None = None, include_private: bool = False
) -> list[Activity]:
    """Activities between start and end (inclusive, by date), private ones only when asked."""
    return [
        a
        for a in portfolio.activities
        if (include_private or not a.private) and (start is None or a.date >= start) and (end is None or a.date <= end)
    ]


class Lines:
    """Each activity's line in each format, kept from one writing to the next (`mkdocs serve` rebuilding after an
    edit): an activity that is the same object as last time (the reading's cache keeps an unchanged entry's, and
    entries are frozen) has the same line. `begin()` before each writing of every format; holds the last one's."""

    def __init__(self) -> None:
        self._last: dict[tuple[str, int], tuple[Activity, str]] = {}
        self._now: dict[tuple[str, int], tuple[Activity, str]] = {}

    def begin(self) -> None:
        self._last, self._now = self._now, {}

    def line(self, kind: str, activity: Activity, make) -> str:
        key = (kind, id(activity))
        found = self._last.get(key)
        text = found[1] if found is not None and found[0] is activity else make(activity)
        self._now[key] = activity, text
        return text


def _json_line(activity: Activity) -> str:
    return json.dumps(activity_record(activity), ensure_ascii=False)


def _csv_line(activity: Activity) -> str:
    record = activity_record(activity)
    return csv_row([_cell(record[column]) for column in COLUMNS])


def write_json(activities: list[Activity], out: TextIO, lines: Lines | None = None) -> None:
    """The activities as JSON, an activity a line, written as it is made: a large portfolio's text is not held
    twice in memory, and each line is made by json's C encoder (an indented dump is made in Python, slowly).
    `lines`: the last writing's lines, taken for the activities that have not changed."""
    out.write('{"activities": [')
    for i, activity in enumerate(activities):
        out.write(",\n  " if i else "\n  ")
        out.write(lines.line("json", activity, _json_line) if lines is not None else _json_line(activity))
    out.write("\n]}\n" if activities else "]}\n")


def to_json(activities: list[Activity]) -> str:
    buffer = io.StringIO()
    write_json(activities, buffer)
    return buffer.getvalue()


def to_csv(activities: list[Activity]) -> str:
    buffer = io.StringIO()
    write_csv(activities, buffer)
    return buffer.getvalue()


def write_csv(activities: list[Activity], out: TextIO, lines: Lines | None = None) -> None:
    """CSV with a header row; lists joined with '; ', booleans as yes/no, missing values empty. `lines`: as for
    write_json."""
    out.write(csv_row(COLUMNS))
    for activity in activities:
        out.write(lines.line("csv", activity, _csv_line) if lines is not None else _csv_line(activity))


def csv_row(cells) -> str:
    """One CSV line, as csv.writer writes it (minimal quoting, CRLF), several times faster on long texts: the
    csv module looks at each character in turn, str.find and str.replace do not. Tested against csv.writer."""
    return ",".join([_quoted(cell) for cell in cells]) + "\r\n"


def _quoted(cell: str) -> str:
    if '"' in cell or "," in cell or "\n" in cell or "\r" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _cell(value: object) -> str:
    """A value as its CSV cell: numbers as numbers (never prefixed, so a spreadsheet still adds them up), every
    text defused."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(value)
    return _defuse(str(value))


def _defuse(text: str) -> str:
    """Text a spreadsheet cannot run as a formula: OWASP's advice on CSV injection, a single quote before a cell
    that starts with = + - @, a tab or a carriage return (even "-1+2" is a formula, so text that starts with a
    digit after '-' is prefixed too: only numbers, written by `_cell`, are left as they are)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
