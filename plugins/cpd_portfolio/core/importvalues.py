"""The values of a CPD record kept in a spreadsheet, read for `cpd import`: dates, hours, types and headings.

A cell arrives as a Python value: a str (CSV, DOCX and most XLSX cells), an int or float (an XLSX number, which in
a date column is often an Excel serial date), a datetime.datetime, datetime.date or datetime.time (an XLSX date or
duration cell), or None. Each reader here takes that value and gives the portfolio's value, or raises ValueProblem
saying what is wrong with it and what to write instead. Nothing here is guessed that a person could read two ways:
03/12/2025 is 3 December 2025 (day first, as in the UK), and a month-first 12/31/2025 is refused, not swapped.

Pure: no I/O, no mkdocs.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from .dates import FIRST_DAY, LAST_DAY, outside_message, supported
from .entries import ACTIVITY_TYPES, TYPE_LABELS


class ValueProblem(ValueError):
    """A value the importer cannot read; the message says what is wrong and what to do."""


# Dates ---------------------------------------------------------------------------------------------------------

_NOT_REAL = "write it as YYYY-MM-DD or DD/MM/YYYY"
_NO_DATE = "no date: give the date of the activity"

# Excel's 1900 date system: serial 1 is 1900-01-01, and Excel counts a 29 February 1900 that never was (serial 60),
# so from serial 61 (1900-03-01) on, a serial is one day more than the days since 1899-12-31.
_SERIAL_ZERO = dt.date(1899, 12, 31)
_FAKE_LEAP_DAY = 60
_LAST_SERIAL = (LAST_DAY - _SERIAL_ZERO).days + 1  # 109574: 2199-12-31

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
# A month's name or its abbreviation (Sept too), an optional full stop after it.
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# A day of the week before a date is allowed and ignored: "Wed 12 March 2025", "Wednesday, 12 March 2025".
_WEEKDAY = (
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?,?\s+)?"
)
# A time after a date (a spreadsheet's export of a date cell: "2025-03-12 00:00:00") is allowed and ignored.
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"

_ISO = re.compile(
    rf"(?P<year>\d{{4}})(?P<sep>[-/.])(?P<month>\d{{1,2}})(?P=sep)(?P<day>\d{{1,2}}){_TIME}", re.IGNORECASE
)
_DAY_FIRST = re.compile(
    rf"(?P<day>\d{{1,2}})(?P<sep>[/.-])(?P<month>\d{{1,2}})(?P=sep)(?P<year>\d{{4}}|\d{{2}}){_TIME}", re.IGNORECASE
)
_WORDS = re.compile(
    rf"{_WEEKDAY}{_DAY}(?:\s+|\s*[-/]\s*)(?:of\s+)?{_MONTH}(?:,?\s+|\s*[-/]\s*)(?P<year>\d{{4}}|\d{{2}})", re.IGNORECASE
)
_MONTH_YEAR = re.compile(rf"{_MONTH}(?:\s+|\s*[-/]\s*)(?P<year>\d{{4}})", re.IGNORECASE)
_YEAR = re.compile(r"\d{4}")
_SERIAL = re.compile(r"\d{5}")
# The start of a range that takes its month or year from the end: "12" in 12-14 March 2025, "28 Feb" in
# 28 Feb - 2 Mar 2025, "12/03" in 12/03 - 14/03/2025.
_START_DAY = re.compile(_DAY, re.IGNORECASE)
_START_DAY_MONTH = re.compile(rf"{_WEEKDAY}{_DAY}(?:\s+|\s*[-/]\s*)(?:of\s+)?{_MONTH}", re.IGNORECASE)
_START_DAY_MONTH_NUMBERS = re.compile(r"(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})")
# Between the two dates of a range: "to" (or "until", "till"), a hyphen, an en or em dash or a minus sign.
_RANGE_SEPARATOR = re.compile(r"\s+(?:to|until|till)\s+|\s*[-‐‑‒–—―−]\s*", re.IGNORECASE)


def _quoted(value: object) -> str:
    return f"'{value}'"


def _month(name: str) -> int:
    if name.isdigit():
        return int(name)
    return _MONTHS[name[:3].lower()]


def _year(digits: str) -> int:
    """A year as written: two digits are the latest year with them not after this one (25 is 2025, 85 is 1985)."""
    if len(digits) != 2:
        return int(digits)
    this = dt.date.today().year
    year = this - this % 100 + int(digits)
    return year if year <= this else year - 100


def _make(shown: str, year: int, month: int, day: int) -> dt.date:
    """The date, or ValueProblem naming `shown` (the text as written) when it is not a real, supported date."""
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise ValueProblem(outside_message(_quoted(shown)))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueProblem(f"{_quoted(shown)} is not a real date: {_NOT_REAL}") from None


def _from_serial(serial: int, shown: str) -> dt.date:
    if serial == _FAKE_LEAP_DAY:
        raise ValueProblem(
            f"{_quoted(shown)} is Excel's 29 February 1900, a day that never was: write the date as YYYY-MM-DD"
        )
    if not 1 <= serial <= _LAST_SERIAL:
        raise ValueProblem(
            f"{_quoted(shown)} is not a date: a spreadsheet's date number runs from 1 ({FIRST_DAY.isoformat()}) to "
            f"{_LAST_SERIAL} ({LAST_DAY.isoformat()}); {_NOT_REAL}"
        )
    return _SERIAL_ZERO + dt.timedelta(days=serial if serial < _FAKE_LEAP_DAY else serial - 1)


def _only_a_year(shown: str, year: int) -> ValueProblem:
    return ValueProblem(f"{_quoted(shown)} is only a year: give the day, e.g. {year:04d}-03-01")


def _number_date(value: float) -> dt.date:
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueProblem(f"{_quoted(shown)} is not a date: {_NOT_REAL}")
    whole = math.floor(value)  # a fraction is the time of day
    if value == whole and FIRST_DAY.year <= whole <= LAST_DAY.year:
        # A number such as 2025 in a date column is a year, not 1905-07-17 (serial 2025): a cell formatted as a
        # date arrives as a datetime, so a bare number is far more likely a year typed than a serial.
        raise _only_a_year(shown, int(whole))
    return _from_serial(int(whole), shown)


def _one_date(text: str) -> tuple[dt.date, bool] | None:
    """The date `text` names and whether it names a day (False for a month: "March 2025" is its 1st); None when
    `text` is written in no form cpd reads. ValueProblem when it is in such a form but is not a real date."""
    if match := _ISO.fullmatch(text):
        return _make(text, int(match["year"]), int(match["month"]), int(match["day"])), True
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = int(match["day"]), int(match["month"]), _year(match["year"])
        if month > 12 and 1 <= day <= 12 and FIRST_DAY.year <= year <= LAST_DAY.year:
            try:
                swapped = dt.date(year, day, month)
            except ValueError:
                pass
            else:
                raise ValueProblem(
                    f"{_quoted(text)} is not a real day-first date (DD/MM/YYYY): cpd does not guess month-first "
                    f"dates; if it is month first, write it as {swapped.isoformat()}"
                )
        return _make(text, year, month, day), True
    if match := _WORDS.fullmatch(text):
        return _make(text, _year(match["year"]), _month(match["month"]), int(match["day"])), True
    if match := _MONTH_YEAR.fullmatch(text):
        return _make(text, int(match["year"]), _month(match["month"]), 1), False
    if _SERIAL.fullmatch(text):
        return _from_serial(int(text), text), True
    if _YEAR.fullmatch(text):
        raise _only_a_year(text, int(text))
    return None


def _range_start(text: str, end: dt.date) -> tuple[dt.date, bool] | None:
    """The start of a range written without the month or year that its end gives ("12" of 12-14 March 2025), and
    whether it names its month ("28 Feb" of 28 Feb - 2 Mar 2025); None when `text` is not written so."""
    if match := _START_DAY.fullmatch(text):
        return _make(text, end.year, end.month, int(match["day"])), False
    match = _START_DAY_MONTH.fullmatch(text) or _START_DAY_MONTH_NUMBERS.fullmatch(text)
    if match is None:
        return None
    return _make(text, end.year, _month(match["month"]), int(match["day"])), True


def _range_reading(text: str, left: str, right: str) -> tuple[dt.date, dt.date] | None:
    """The start and end of `text` read as `left` to `right`, None when the two sides are not dates of days."""
    ending = _one_date(right)
    if ending is None or not ending[1]:
        return None
    end = ending[0]
    starting = _one_date(left)
    if starting is not None:
        if not starting[1]:
            return None
        start, without_year = starting[0], False
    else:
        partial = _range_start(left, end)
        if partial is None:
            return None
        start, without_year = partial
    if end < start and without_year:
        # 28 Dec - 2 Jan 2026 may start in 2025, or be 2 Jan - 28 Dec 2026 swapped: not guessed.
        raise ValueProblem(
            f"{_quoted(text)} ends before it starts: swap them, or, if it starts the year before, give that year"
        )
    if end < start:
        raise ValueProblem(
            f"{_quoted(text)} ends before it starts: swap them, so that it is {end.isoformat()} to {start.isoformat()}"
        )
    return start, end


def _range(text: str) -> tuple[dt.date, dt.date | None] | None:
    """The dates of `text` read as a range, None when it is not one; ValueProblem for a range of wrong dates.

    Every separator (a hyphen too: 12-03-2025 - 14-03-2025) is tried as the one between the dates; the first
    reading whose two sides are dates wins, and otherwise the first thing wrong with a reading is said."""
    problems: list[ValueProblem] = []
    for separator in _RANGE_SEPARATOR.finditer(text):
        left, right = text[: separator.start()].strip(), text[separator.end() :].strip()
        if not left or not right:
            continue
        try:
            reading = _range_reading(text, left, right)
        except ValueProblem as problem:
            problems.append(problem)
            continue
        if reading is not None:
            start, end = reading
            return start, (end if end != start else None)
    if problems:
        raise problems[0]
    return None


def parse_dates(value: object) -> tuple[dt.date, dt.date | None]:
    """The start date of a spreadsheet's date cell and, for a range of days, its end (None for one day).

    Reads a datetime or date; an Excel serial date (a number from 1 to 109574, or a string of five digits);
    2025-03-12; day first 12/03/2025, 12/3/25, 12.03.2025 or 12-03-2025; 12 March 2025, 12 Mar 2025 or
    12th March 2025; March 2025 or Mar 2025 (its 1st); and ranges: 12-14 March 2025 (hyphen or dash),
    12 March - 14 March 2025, 28 Feb - 2 Mar 2025, 12/03/2025 - 14/03/2025, 2025-03-12 to 2025-03-14.
    Raises ValueProblem for anything else, saying what to write.
    """
    if value is None:
        raise ValueProblem(_NO_DATE)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if not supported(value):
            raise ValueProblem(outside_message(_quoted(value.isoformat())))
        return value, None
    if isinstance(value, bool):
        raise ValueProblem(f"{_quoted(value)} is not a date: {_NOT_REAL}")
    if isinstance(value, (int, float)):
        return _number_date(value), None
    if not isinstance(value, str):
        raise ValueProblem(f"{_quoted(value)} is not a date: {_NOT_REAL}")
    text = " ".join(value.split())
    if not text:
        raise ValueProblem(_NO_DATE)
    one = _one_date(text)
    if one is not None:
        return one[0], None
    dates = _range(text)
    if dates is not None:
        return dates
    raise ValueProblem(f"{_quoted(text)} is not a date cpd can read: {_NOT_REAL} (a range as 12/03/2025 - 14/03/2025)")


# Hours ---------------------------------------------------------------------------------------------------------

_HOURS_FORMS = "write it as 1.5, 1:30 or 90 min"
_NUMBER = r"(?P<number>\d+(?:\.\d+)?|\.\d+)"
_HOUR_UNIT = r"(?:h|hr|hrs|hour|hours)\.?"
_MINUTE_UNIT = r"(?:m|min|mins|minute|minutes)\.?"
_IN_HOURS = re.compile(rf"{_NUMBER}\s*(?:{_HOUR_UNIT})?")
_IN_MINUTES = re.compile(rf"{_NUMBER}\s*{_MINUTE_UNIT}")
_HOURS_AND_MINUTES = re.compile(
    rf"(?P<hours>\d+)\s*{_HOUR_UNIT}\s*(?:,\s*|and\s+)?(?P<minutes>\d+)\s*(?:{_MINUTE_UNIT})?"
)
_CLOCK = re.compile(r"(?P<hours>\d+):(?P<minutes>[0-5]\d)(?::(?P<seconds>[0-5]\d))?")
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d{1,2}(?!\d))")
_DAYS = re.compile(r"\bdays?\b")
_WEEKS = re.compile(r"\bweeks?\b")
_NEGATIVE = re.compile(r"[-−]\s*[0-9.]")


def _hours(number: float, shown: str) -> float:
    if not math.isfinite(number):
        raise ValueProblem(f"{_quoted(shown)} is not a number of hours: {_HOURS_FORMS}")
    if number < 0:
        raise ValueProblem(f"{_quoted(shown)} is negative: write the hours spent, 0 or more")
    return round(number, 2)


def parse_hours(value: object) -> float | None:
    """The hours of a spreadsheet's hours cell, to 2 decimals; None when it is empty.

    Reads a number; a time or timedelta (an XLSX duration); 1.5, 1,5 (decimal comma), 1.5 h, 1.5h, 1.5 hrs,
    2 hours, 90 min, 45 minutes, 1h30, 1h 30m, 1 hr 30 min and 1:30 (hours:minutes). Days are refused, not
    converted: the hours of a day vary.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueProblem(f"{_quoted(value)} is not a number of hours: {_HOURS_FORMS}")
    if isinstance(value, (int, float)):
        return _hours(float(value), f"{value:g}" if isinstance(value, float) else str(value))
    if isinstance(value, dt.timedelta):
        return _hours(value.total_seconds() / 3600, str(value))
    if isinstance(value, dt.time):
        return _hours(value.hour + value.minute / 60 + value.second / 3600, value.isoformat())
    if isinstance(value, dt.date):
        raise ValueProblem(f"{_quoted(value)} is a date, not a number of hours: {_HOURS_FORMS}")
    if not isinstance(value, str):
        raise ValueProblem(f"{_quoted(value)} is not a number of hours: {_HOURS_FORMS}")
    shown = " ".join(value.split())
    if not shown:
        return None
    text = _DECIMAL_COMMA.sub(".", shown.lower())
    if _DAYS.search(text):
        raise ValueProblem(f"{_quoted(shown)} is not in hours (a day's hours vary): write the hours, e.g. 7.5")
    if _WEEKS.search(text):
        raise ValueProblem(f"{_quoted(shown)} is not in hours (a week's hours vary): write the hours, e.g. 37.5")
    if _NEGATIVE.match(text):
        raise ValueProblem(f"{_quoted(shown)} is negative: write the hours spent, 0 or more")
    if match := _IN_HOURS.fullmatch(text):
        return _hours(float(match["number"]), shown)
    if match := _IN_MINUTES.fullmatch(text):
        return _hours(float(match["number"]) / 60, shown)
    if match := _HOURS_AND_MINUTES.fullmatch(text):
        return _hours(int(match["hours"]) + int(match["minutes"]) / 60, shown)
    if match := _CLOCK.fullmatch(text):
        return _hours(int(match["hours"]) + int(match["minutes"]) / 60 + int(match["seconds"] or 0) / 3600, shown)
    raise ValueProblem(f"{_quoted(shown)} is not a number of hours: {_HOURS_FORMS}")


# Types ---------------------------------------------------------------------------------------------------------

_APOSTROPHES = re.compile(r"['‘’`´]")
_NOT_WORD = re.compile(r"[\W_]+")


def normal_heading(text: str) -> str:
    return _normal(text)


def _normal(text: str) -> str:
    """`text` lowercase, apostrophes dropped, every other run of punctuation and space one space, stripped."""
    return _NOT_WORD.sub(" ", _APOSTROPHES.sub("", text.lower())).strip()


_WORDS_BY_TYPE = {
    "formal": (
        "formal",
        "educational",
        "further education",
        "course",
        "conference",
        "workshop",
        "seminar",
        "lecture",
        "training",
        "e-learning",
        "elearning",
        "webinar",
        "study day",
        "qualification",
        "exam",
        "module",
        "symposium",
        "masterclass",
        "distance learning",
    ),
    "self-directed": (
        "self-directed",
        "self study",
        "self-study",
        "reading",
        "journal",
        "article",
        "book",
        "podcast",
        "literature",
    ),
    "work-based": (
        "work-based",
        "work based",
        "on the job",
        "case review",
        "case study",
        "case studies",
        "audit",
        "project",
        "secondment",
        "shadowing",
        "in-service",
        "reflective practice",
        "peer review",
        "journal club",
        "supervision",
        "job rotation",
        "significant event",
    ),
    "professional": (
        "professional",
        "professional body",
        "committee",
        "teaching",
        "lecturing",
        "mentoring",
        "presentation",
        "presenting",
        "examining",
        "examiner",
        "special interest group",
        "specialist interest group",
        "sig",
        "organising",
        "expert witness",
    ),
    "other": ("other", "voluntary", "volunteering", "public service"),
}
# The table of words in a type column to the types they mean, keys normalised (as _normal gives them): the types'
# names and labels themselves, then the words people write (HCPC's examples of each type among them).
TYPE_WORDS: dict[str, str] = {_normal(name): name for name in ACTIVITY_TYPES}
TYPE_WORDS.update({_normal(label): name for name, label in TYPE_LABELS.items()})
TYPE_WORDS.update({_normal(word): name for name, words in _WORDS_BY_TYPE.items() for word in words})

# Words too general to decide a phrase that holds a more telling word: "Professional development course" is a
# course. They still decide a phrase with nothing else in it ("Other: charity work" is other).
_GENERAL_WORDS = frozenset({"professional", "formal", "educational", "other"})
_TYPE_TYPES = ", ".join(ACTIVITY_TYPES)


def _phrase(key: str) -> re.Pattern[str]:
    """`key` as whole words inside normalised text, a plural 's' allowed: "courses" holds "course"."""
    return re.compile(rf"(?<!\S){re.escape(key)}s?(?!\S)")


# Longest keys first (then alphabetically, so that a tie is always settled the same way), general words last.
_PHRASES = [
    (_phrase(key), name)
    for key, name in sorted(TYPE_WORDS.items(), key=lambda item: (item[0] in _GENERAL_WORDS, -len(item[0]), item[0]))
]


def _extra_words(extra: dict[str, str]) -> dict[str, str]:
    words = {}
    for text, name in extra.items():
        key, value = _normal(str(text)), str(name).strip().lower()
        if not key:
            raise ValueError(f"{_quoted(text)} has no words to match: give the text of the type column before '='")
        if value not in ACTIVITY_TYPES:
            raise ValueError(f"{_quoted(name)} (for {_quoted(text)}) is not a type: use one of {_TYPE_TYPES}")
        words[key] = value
    return words


def match_type(text: str, extra: dict[str, str] | None = None) -> str:
    """The activity type that a type column's `text` names.

    The whole text, normalised, is looked up in `extra` (a person's own words, e.g. from --type-map) and then in
    TYPE_WORDS; failing that, the first TYPE_WORDS key found as whole words inside it decides, the longest keys
    first: "Online course on MR safety" is formal, "Reading: journal article" self-directed. The general words
    professional, formal, educational and other are looked for after every other key. ValueError when a value of
    `extra` is not a type; ValueProblem when `text` is empty or names no type.
    """
    words = _extra_words(extra) if extra else {}
    shown = "" if text is None else " ".join(str(text).split())
    key = _normal(shown)
    if not key:
        raise ValueProblem(f"no type: give the activity's type ({_TYPE_TYPES})")
    if key in words:
        return words[key]
    if key in TYPE_WORDS:
        return TYPE_WORDS[key]
    for phrase, name in _PHRASES:
        if phrase.search(key):
            return name
    raise ValueProblem(
        f"{_quoted(shown)} is not a type cpd knows: add --type-map '{shown}=formal' "
        "(or work-based, professional, self-directed, other)"
    )


# Headings ------------------------------------------------------------------------------------------------------

_HEADINGS_BY_FIELD = {
    "date": (
        "date",
        "dates",
        "date s",
        "start",
        "start date",
        "date from",
        "from",
        "from date",
        "when",
        "activity date",
        "date of activity",
    ),
    "end": ("end", "end date", "date to", "to", "to date", "until", "finish", "finish date"),
    "title": (
        "title",
        "activity",
        "activity title",
        "title of activity",
        "activity name",
        "name of activity",
        "name",
        "what",
        "event",
        "event name",
        "event title",
        "cpd activity",
        "topic",
    ),
    "description": ("description", "details", "activity description", "description of activity", "summary"),
    "type": (
        "type",
        "category",
        "activity type",
        "activity category",
        "cpd type",
        "cpd category",
        "type of activity",
        "type of cpd",
        "type label",
    ),
    "hours": (
        "hours",
        "hour",
        "duration",
        "time",
        "hrs",
        "cpd hours",
        "time spent",
        "hours spent",
        "time taken",
        "number of hours",
        "no of hours",
        "hours claimed",
    ),
    "method": ("method", "format", "mode", "delivery", "delivery method", "learning method"),
    "outcomes": (
        "outcomes",
        "outcome",
        "learning outcomes",
        "learning outcome",
        "what i learnt",
        "what i learned",
        "what ive learnt",
        "what ive learned",
        "what i have learnt",
        "what i have learned",
        "what did i learn",
        "key learning",
        "key learning points",
        "learning points",
        "learning",
    ),
    "application": (
        "application",
        "how it improved my practice",
        "how has this improved my practice",
        "how has it improved my practice",
        "impact on practice",
        "impact on my practice",
        "application to practice",
        "how i applied it",
    ),
    "benefit": (
        "benefit",
        "benefits",
        "benefit to service users",
        "benefits to service users",
        "benefit to service user",
        "benefits to service user",
        "impact on service users",
        "how it benefits service users",
        "how has this benefited service users",
        "service user benefit",
        "benefit to patients",
        "impact on patients",
    ),
    "reflection": (
        "reflection",
        "reflections",
        "notes",
        "note",
        "comments",
        "comment",
        "reflective notes",
        "reflective account",
    ),
    "evidence": (
        "evidence",
        "supporting evidence",
        "evidence reference",
        "evidence ref",
        "attachments",
        "attachment",
        "certificate",
        "certificates",
    ),
    "objectives": (
        "objective",
        "objectives",
        "development objective",
        "development objectives",
        "learning objective",
        "learning objectives",
        "goal",
        "goals",
        "pdp objective",
        "pdp objectives",
    ),
    "competences": ("competences", "competencies", "competence", "competency", "uk spec"),
    "tags": ("tags", "tag", "keywords", "keyword"),
    "highlight": ("highlight",),
    "private": ("private",),
    "source": ("source",),
}
# The fields a column can fill, in the order of an entry's front matter (then description, reflection and
# source, which the importer places itself).
FIELDS: tuple[str, ...] = tuple(_HEADINGS_BY_FIELD)
# Recognised column headings, normalised (as heading_field normalises them), to the field each one fills.
HEADINGS: dict[str, str] = {heading: field for field, headings in _HEADINGS_BY_FIELD.items() for heading in headings}

_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def heading_field(text: str) -> str | None:
    """The field a column heading names, None for a heading cpd does not know.

    The heading is normalised first: lowercase, apostrophes dropped, other punctuation and runs of space one
    space, so "Date(s)" is "date s", "type_label" is "type label" and "How it improved my practice?" is "how it
    improved my practice". A heading with a note in brackets, not known as it is, is looked up without the note:
    "Hours (decimal)" is hours.
    """
    if text is None:
        return None
    text = str(text)
    field = HEADINGS.get(_normal(text))
    if field is None and _BRACKETED.search(text):
        field = HEADINGS.get(_normal(_BRACKETED.sub(" ", text)))
    return field


__all__ = [
    "FIELDS",
    "HEADINGS",
    "TYPE_WORDS",
    "ValueProblem",
    "heading_field",
    "match_type",
    "parse_dates",
    "parse_hours",
]
