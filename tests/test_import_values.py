"""The values of a spreadsheet's cells read for `cpd import` (core/importvalues.py): dates, hours, types, headings."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from cpd_portfolio.core.dates import FIRST_DAY, LAST_DAY
from cpd_portfolio.core.entries import ACTIVITY_TYPES, TYPE_LABELS
from cpd_portfolio.core.importvalues import (
    FIELDS,
    HEADINGS,
    TYPE_WORDS,
    ValueProblem,
    heading_field,
    match_type,
    parse_dates,
    parse_hours,
)
from hypothesis import given
from hypothesis import strategies as st

D = dt.date
MARCH_12 = D(2025, 3, 12)
MARCH_14 = D(2025, 3, 14)


# Dates ---------------------------------------------------------------------------------------------------------

DATES = [
    # Spreadsheet dates.
    (dt.date(2025, 3, 12), (MARCH_12, None)),
    (dt.datetime(2025, 3, 12, 9, 30), (MARCH_12, None)),
    (FIRST_DAY, (FIRST_DAY, None)),
    (LAST_DAY, (LAST_DAY, None)),
    # Excel serial dates (the 1900 system, with its 29 February 1900 that never was).
    (45000, (D(2023, 3, 15), None)),
    (45000.0, (D(2023, 3, 15), None)),
    (45000.75, (D(2023, 3, 15), None)),  # the fraction is the time of day
    ("45000", (D(2023, 3, 15), None)),
    (" 45000 ", (D(2023, 3, 15), None)),
    (1, (D(1900, 1, 1), None)),
    (59, (D(1900, 2, 28), None)),
    (61, (D(1900, 3, 1), None)),
    (109574, (LAST_DAY, None)),
    # ISO.
    ("2025-03-12", (MARCH_12, None)),
    ("2025-3-12", (MARCH_12, None)),
    ("  2025-03-12\t", (MARCH_12, None)),
    ("2025-03-12 00:00:00", (MARCH_12, None)),  # a date cell exported with its time
    ("2025-03-12T09:30", (MARCH_12, None)),
    # Day first, as in the UK.
    ("12/03/2025", (MARCH_12, None)),
    ("12/3/2025", (MARCH_12, None)),
    ("12/3/25", (MARCH_12, None)),
    ("12/03/99", (D(1999, 3, 12), None)),  # two-digit years: the latest not after this year (99 is 1999)
    ("01/01/00", (D(2000, 1, 1), None)),
    ("12.03.2025", (MARCH_12, None)),
    ("12-03-2025", (MARCH_12, None)),
    ("12-03-25", (MARCH_12, None)),
    ("03/12/2025", (D(2025, 12, 3), None)),  # 3 December: month first is not guessed
    ("12/03/2025 00:00", (MARCH_12, None)),
    # In words.
    ("12 March 2025", (MARCH_12, None)),
    ("12 Mar 2025", (MARCH_12, None)),
    ("12 mar. 2025", (MARCH_12, None)),
    ("12 MARCH 2025", (MARCH_12, None)),
    ("12th March 2025", (MARCH_12, None)),
    ("1st March 2025", (D(2025, 3, 1), None)),
    ("2nd Sept 2025", (D(2025, 9, 2), None)),
    ("23rd September 2025", (D(2025, 9, 23), None)),
    ("12th of March 2025", (MARCH_12, None)),
    ("12-Mar-2025", (MARCH_12, None)),
    ("12-Mar-25", (MARCH_12, None)),
    ("12 Mar 25", (MARCH_12, None)),
    ("Wed 12 March 2025", (MARCH_12, None)),
    ("Wednesday, 12 March 2025", (MARCH_12, None)),
    ("12   March\u00a02025", (MARCH_12, None)),
    # A month: its 1st.
    ("Mar 2025", (D(2025, 3, 1), None)),
    ("March 2025", (D(2025, 3, 1), None)),
    ("may 2025", (D(2025, 5, 1), None)),
    ("Sept 2025", (D(2025, 9, 1), None)),
    # Ranges.
    ("12-14 March 2025", (MARCH_12, MARCH_14)),
    ("12–14 March 2025", (MARCH_12, MARCH_14)),  # en dash
    ("12 – 14 March 2025", (MARCH_12, MARCH_14)),
    ("12—14 March 2025", (MARCH_12, MARCH_14)),  # em dash
    ("12th-14th March 2025", (MARCH_12, MARCH_14)),
    ("12 March - 14 March 2025", (MARCH_12, MARCH_14)),
    ("12 March to 14 March 2025", (MARCH_12, MARCH_14)),
    ("12 March 2025 - 14 March 2025", (MARCH_12, MARCH_14)),
    ("28 Feb - 2 Mar 2025", (D(2025, 2, 28), D(2025, 3, 2))),  # across months
    ("28 Dec 2025 - 2 Jan 2026", (D(2025, 12, 28), D(2026, 1, 2))),  # across years
    ("12/03/2025 - 14/03/2025", (MARCH_12, MARCH_14)),
    ("12/03/2025-14/03/2025", (MARCH_12, MARCH_14)),
    ("12/03/2025 – 14/03/2025", (MARCH_12, MARCH_14)),
    ("12-03-2025 - 14-03-2025", (MARCH_12, MARCH_14)),
    ("12/03 - 14/03/2025", (MARCH_12, MARCH_14)),
    ("2025-03-12 to 2025-03-14", (MARCH_12, MARCH_14)),
    ("2025-03-12 - 2025-03-14", (MARCH_12, MARCH_14)),
    ("2025-03-12 TO 2025-03-14", (MARCH_12, MARCH_14)),
    ("12/03/2025 to 14/03/2025", (MARCH_12, MARCH_14)),
    ("28/02/2025 to 02/03/2025", (D(2025, 2, 28), D(2025, 3, 2))),
    ("12/03/2025 until 14/03/2025", (MARCH_12, MARCH_14)),
    # A range of one day is that day.
    ("12-12 March 2025", (MARCH_12, None)),
    ("12/03/2025 - 12/03/2025", (MARCH_12, None)),
    # The edges of the supported range.
    ("1900-01-01", (FIRST_DAY, None)),
    ("31/12/2199", (LAST_DAY, None)),
]


@pytest.mark.parametrize(("value", "expected"), DATES, ids=[repr(value) for value, _ in DATES])
def test_dates_read(value, expected):
    assert parse_dates(value) == expected


# (value, what the message must say besides the offending text)
BAD_DATES = [
    ("31/02/2025", "is not a real date: write it as YYYY-MM-DD or DD/MM/YYYY"),
    ("2025-02-29", "is not a real date"),
    ("31 April 2025", "is not a real date"),
    ("00/03/2025", "is not a real date"),
    ("12/31/2025", "is not a real day-first date (DD/MM/YYYY)"),
    ("12/13/2025", "is not a real day-first date (DD/MM/YYYY)"),
    ("2025", "is only a year: give the day, e.g. 2025-03-01"),
    (" 2025 ", "is only a year"),
    (2025, "is only a year"),  # a number in a date column that is a year, not serial 2025 (1905-07-17)
    (2025.0, "is only a year"),
    (60, "29 February 1900"),
    ("1899-12-31", "outside the supported range 1900-01-01 to 2199-12-31"),
    ("2200-01-01", "outside the supported range"),
    ("01/01/1899", "outside the supported range"),
    ("12 March 2200", "outside the supported range"),
    (dt.date(1899, 12, 31), "outside the supported range"),
    (dt.datetime(2200, 1, 1), "outside the supported range"),
    (0, "runs from 1 (1900-01-01) to 109574 (2199-12-31)"),
    (-5, "runs from 1"),
    (109575, "runs from 1"),
    ("14-12 March 2025", "ends before it starts: swap them"),
    ("14/03/2025 - 12/03/2025", "ends before it starts: swap them"),
    ("2025-03-14 to 2025-03-12", "ends before it starts: swap them"),
    ("2 Mar - 28 Feb 2025", "ends before it starts: swap them, or"),
    ("28 Dec - 2 Jan 2026", "if it starts the year before, give that year"),  # across years, or swapped: not guessed
    ("2025-02-31 to 2025-03-14", "is not a real date"),
    ("30-31 Feb 2025", "is not a real date"),
    ("12 March 2199 - 2 Jan 2200", "outside the supported range"),
    ("yesterday", "is not a date cpd can read: write it as YYYY-MM-DD or DD/MM/YYYY"),
    ("March 12, 2025", "is not a date cpd can read"),
    ("20250312", "is not a date cpd can read"),
    ("Mar 25", "is not a date cpd can read"),
    ("12 March", "is not a date cpd can read"),
    ("Jan - Mar 2025", "is not a date cpd can read"),
    (float("nan"), "is not a date"),
    (True, "is not a date"),
]


def shown(value) -> str:
    """The offending text as a message quotes it."""
    if isinstance(value, dt.date):
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return " ".join(str(value).split())


@pytest.mark.parametrize(("value", "says"), BAD_DATES, ids=[repr(value) for value, _ in BAD_DATES])
def test_dates_refused(value, says):
    with pytest.raises(ValueProblem) as refused:
        parse_dates(value)
    message = str(refused.value)
    assert says in message
    # A range's message may name the part that is wrong; either way it is quoted as written.
    text = shown(value)
    parts = [text, *re.split(r"\s+to\s+|\s+[-–]\s+", text), *re.split(r"\s*[-–]\s*", text)]
    assert any(f"'{part}'" in message for part in parts)


@pytest.mark.parametrize("value", [None, "", "   ", "\t\n"])
def test_no_date(value):
    with pytest.raises(ValueProblem, match=r"^no date: give the date of the activity$"):
        parse_dates(value)


def test_messages_in_full():
    with pytest.raises(ValueProblem) as refused:
        parse_dates("31/02/2025")
    assert str(refused.value) == "'31/02/2025' is not a real date: write it as YYYY-MM-DD or DD/MM/YYYY"
    with pytest.raises(ValueProblem) as refused:
        parse_dates("2025")
    assert str(refused.value) == "'2025' is only a year: give the day, e.g. 2025-03-01"
    with pytest.raises(ValueProblem) as refused:
        parse_dates("12/31/2025")
    assert str(refused.value).startswith("'12/31/2025' is not a real day-first date (DD/MM/YYYY): ")
    assert "2025-12-31" in str(refused.value)  # what to write if it was month first


def test_a_value_problem_is_a_value_error():
    assert issubclass(ValueProblem, ValueError)


@given(st.dates(min_value=FIRST_DAY, max_value=LAST_DAY))
def test_every_supported_date_reads_back(day):
    assert parse_dates(day.isoformat()) == (day, None)
    assert parse_dates(day.strftime("%d/%m/%Y")) == (day, None)
    assert parse_dates(day) == (day, None)


@given(st.dates(min_value=FIRST_DAY, max_value=LAST_DAY), st.integers(min_value=0, max_value=400))
def test_ranges_read_back(start, days):
    end = start + dt.timedelta(days=days)
    if end > LAST_DAY:
        return
    expected = (start, end if days else None)
    assert parse_dates(f"{start.isoformat()} to {end.isoformat()}") == expected
    assert parse_dates(f"{start:%d/%m/%Y} - {end:%d/%m/%Y}") == expected


@given(st.integers(min_value=61, max_value=109574).filter(lambda serial: not 1900 <= serial <= 2199))
def test_serials_count_days(serial):
    # (A number 1900 to 2199 is a year, refused: test_dates_refused.)
    assert parse_dates(serial)[0] == D(1899, 12, 30) + dt.timedelta(days=serial)


# Hours ---------------------------------------------------------------------------------------------------------

HOURS = [
    (None, None),
    ("", None),
    ("   ", None),
    (0, 0.0),
    (2, 2.0),
    (1.5, 1.5),
    (1.234, 1.23),
    (0.335, 0.34),
    ("1.5", 1.5),
    (" 1.5 ", 1.5),
    (".5", 0.5),
    ("1,5", 1.5),  # decimal comma
    ("1,25 h", 1.25),
    ("1.5 h", 1.5),
    ("1.5h", 1.5),
    ("1.5 hrs", 1.5),
    ("1.5 Hrs.", 1.5),
    ("1.5 hr", 1.5),
    ("2 hours", 2.0),
    ("2 HOURS", 2.0),
    ("1 hour", 1.0),
    ("90 min", 1.5),
    ("90 mins", 1.5),
    ("90min", 1.5),
    ("45 minutes", 0.75),
    ("20 min", 0.33),
    ("1 minute", 0.02),
    ("1h30", 1.5),
    ("1h 30m", 1.5),
    ("1h30m", 1.5),
    ("1 hr 30 min", 1.5),
    ("1 hour 30 minutes", 1.5),
    ("2 hours and 15 minutes", 2.25),
    ("1:30", 1.5),
    ("0:45", 0.75),
    ("01:30:00", 1.5),
    (dt.time(1, 30), 1.5),
    (dt.time(0, 20), 0.33),
    (dt.timedelta(hours=26, minutes=15), 26.25),
]


@pytest.mark.parametrize(("value", "expected"), HOURS, ids=[repr(value) for value, _ in HOURS])
def test_hours_read(value, expected):
    assert parse_hours(value) == expected


BAD_HOURS = [
    ("2 days", "is not in hours (a day's hours vary): write the hours, e.g. 7.5"),
    ("1 day", "a day's hours vary"),
    ("half a day", "a day's hours vary"),
    ("0.5 days", "a day's hours vary"),
    ("Half day", "a day's hours vary"),
    ("1 week", "a week's hours vary"),
    ("-1", "is negative"),
    ("-1.5 h", "is negative"),
    (-2, "is negative"),
    (-0.5, "is negative"),
    (dt.timedelta(hours=-1), "is negative"),
    ("abc", "is not a number of hours: write it as 1.5, 1:30 or 90 min"),
    ("1.5 weeks-ish", "a week's hours vary"),
    ("about two", "is not a number of hours"),
    ("1:75", "is not a number of hours"),
    ("1,000", "is not a number of hours"),
    ("1.5.2", "is not a number of hours"),
    (float("nan"), "is not a number of hours"),
    (float("inf"), "is not a number of hours"),
    (True, "is not a number of hours"),
    (dt.date(2025, 3, 12), "is a date, not a number of hours"),
    (dt.datetime(2025, 3, 12, 1, 30), "is a date, not a number of hours"),
]


@pytest.mark.parametrize(("value", "says"), BAD_HOURS, ids=[repr(value) for value, _ in BAD_HOURS])
def test_hours_refused(value, says):
    with pytest.raises(ValueProblem) as refused:
        parse_hours(value)
    message = str(refused.value)
    assert says in message
    assert f"'{value if isinstance(value, dt.date) else shown(value)}'" in message or isinstance(value, dt.timedelta)


def test_days_message_in_full():
    with pytest.raises(ValueProblem) as refused:
        parse_hours("2 days")
    assert str(refused.value) == "'2 days' is not in hours (a day's hours vary): write the hours, e.g. 7.5"


# Types ---------------------------------------------------------------------------------------------------------

TYPES = [
    # The types and their labels.
    *[(name, name) for name in ACTIVITY_TYPES],
    *[(label, name) for name, label in TYPE_LABELS.items()],
    ("Work-based", "work-based"),
    ("WORK BASED", "work-based"),
    ("Self-Directed", "self-directed"),
    ("  formal  ", "formal"),
    # The table's words.
    ("Course", "formal"),
    ("conference", "formal"),
    ("Workshop", "formal"),
    ("e-learning", "formal"),
    ("eLearning", "formal"),
    ("Study day", "formal"),
    ("Further education", "formal"),
    ("Webinar", "formal"),
    ("Reading", "self-directed"),
    ("Self study", "self-directed"),
    ("self-study", "self-directed"),
    ("Podcast", "self-directed"),
    ("On the job", "work-based"),
    ("on-the-job", "work-based"),
    ("In-service", "work-based"),
    ("Journal club", "work-based"),  # not "journal", self-directed: the longer key wins
    ("Supervision", "work-based"),
    ("Peer review", "work-based"),
    ("Committee", "professional"),
    ("Teaching", "professional"),
    ("SIG", "professional"),
    ("Special interest group", "professional"),
    ("Expert witness", "professional"),
    ("Voluntary", "other"),
    ("Public service", "other"),
    # Words inside phrases.
    ("Online course on MR safety", "formal"),
    ("Reading: journal article", "self-directed"),
    ("Reading - journal articles", "self-directed"),
    ("Mandatory training (annual)", "formal"),
    ("Courses & conferences", "formal"),
    ("Clinical audit/project", "work-based"),
    ("Journal club presentation", "work-based"),  # tie of length: settled alphabetically, always the same way
    ("Teaching students", "professional"),
    ("Volunteering at the food bank", "other"),
    ("Professional development course", "formal"),  # a general word gives way to a telling one
    ("Other: charity work", "other"),
    ("Professional: branch meeting", "professional"),
]


@pytest.mark.parametrize(("text", "expected"), TYPES, ids=[text for text, _ in TYPES])
def test_types_matched(text, expected):
    assert match_type(text) == expected


SPEC_TYPE_WORDS = {
    "formal": [
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
        "formal",
        "educational",
        "further education",
    ],
    "self-directed": [
        "reading",
        "journal",
        "article",
        "book",
        "podcast",
        "self-directed",
        "self study",
        "self-study",
        "literature",
    ],
    "work-based": [
        "work-based",
        "work based",
        "on the job",
        "case review",
        "audit",
        "project",
        "secondment",
        "shadowing",
        "in-service",
        "reflective practice",
        "peer review",
        "journal club",
        "supervision",
    ],
    "professional": [
        "professional",
        "committee",
        "teaching",
        "mentoring",
        "presentation",
        "presenting",
        "examining",
        "special interest group",
        "sig",
        "organising",
        "expert witness",
    ],
    "other": ["other", "voluntary", "volunteering", "public service"],
}


@pytest.mark.parametrize("name", list(SPEC_TYPE_WORDS))
def test_every_listed_word_is_in_the_table(name):
    for word in SPEC_TYPE_WORDS[name]:
        assert TYPE_WORDS[re.sub(r"[^a-z]+", " ", word).strip()] == name, word
        assert match_type(word) == name, word


def test_type_words_table():
    assert set(TYPE_WORDS.values()) == set(ACTIVITY_TYPES)
    for key in TYPE_WORDS:
        assert key == key.lower().strip()
        assert re.fullmatch(r"[a-z0-9]+(?: [a-z0-9]+)*", key), f"{key!r} is not normalised"
    for name, label in TYPE_LABELS.items():
        assert TYPE_WORDS[re.sub(r"[^a-z]+", " ", label.lower()).strip()] == name


def test_extra_words_win():
    assert match_type("Quidditch", {"quidditch": "other"}) == "other"
    assert match_type("QUIDDITCH!", {"Quidditch": "other"}) == "other"  # keys and text both normalised
    assert match_type("Course", {"course": "work-based"}) == "work-based"  # before the table
    assert match_type("Online course", {"course": "work-based"}) == "formal"  # exact matches only
    assert match_type("Course", {}) == "formal"
    assert match_type("Course", None) == "formal"
    assert match_type("Team huddle", {"team huddle": "Work-Based "}) == "work-based"


@pytest.mark.parametrize("value", ["sport", "Formal / educational", "", "course"])
def test_extra_values_must_be_types(value):
    with pytest.raises(ValueError) as refused:
        match_type("anything", {"anything": value})
    assert not isinstance(refused.value, ValueProblem)  # an option's mistake, not a cell's
    message = str(refused.value)
    assert f"'{value}'" in message
    assert all(name in message for name in ACTIVITY_TYPES)


def test_unknown_type():
    with pytest.raises(ValueProblem) as refused:
        match_type("Quidditch")
    assert str(refused.value) == (
        "'Quidditch' is not a type cpd knows: add --type-map 'Quidditch=formal' "
        "(or work-based, professional, self-directed, other)"
    )
    with pytest.raises(ValueProblem, match="'Team huddle' is not a type cpd knows"):
        match_type("  Team   huddle ")
    with pytest.raises(ValueProblem, match="'Coursework' is not a type cpd knows"):
        match_type("Coursework")  # whole words only


@pytest.mark.parametrize("value", [None, "", "   ", "?!", "-"])
def test_no_type(value):
    with pytest.raises(ValueProblem, match=r"^no type: "):
        match_type(value)


# Headings ------------------------------------------------------------------------------------------------------

SPEC_HEADINGS = {
    "date": ["date", "dates", "date s", "start date", "date from", "from", "when", "activity date", "date of activity"],
    "end": ["end", "end date", "date to", "to", "until", "finish date"],
    "title": ["title", "activity", "activity title", "name", "what", "event", "cpd activity"],
    "description": ["description", "details", "activity description", "summary"],
    "type": ["type", "category", "activity type", "cpd type", "type of activity", "type label"],
    "hours": ["hours", "duration", "time", "hrs", "cpd hours", "time spent", "hours spent"],
    "method": ["method", "format", "mode", "delivery"],
    "outcomes": [
        "outcomes",
        "learning outcomes",
        "what i learnt",
        "what i learned",
        "what did i learn",
        "key learning",
        "learning",
    ],
    "application": [
        "application",
        "how it improved my practice",
        "impact on practice",
        "how has this improved my practice",
        "application to practice",
        "how i applied it",
    ],
    "benefit": [
        "benefit",
        "benefit to service users",
        "benefits to service users",
        "impact on service users",
        "how it benefits service users",
        "service user benefit",
    ],
    "reflection": ["reflection", "reflections", "notes", "comments", "reflective notes"],
    "evidence": ["evidence", "supporting evidence", "evidence reference", "attachments", "certificate"],
    "objectives": [
        "objective",
        "objectives",
        "development objective",
        "learning objective",
        "goal",
        "pdp objective",
    ],
    "competences": ["competences", "competencies", "competence", "uk spec"],
    "tags": ["tags", "keywords"],
    "highlight": ["highlight"],
    "private": ["private"],
    "source": ["source"],
}


def test_fields():
    assert tuple(SPEC_HEADINGS) == FIELDS
    assert set(HEADINGS.values()) == set(FIELDS)
    for field in FIELDS:
        assert HEADINGS[field] == field


@pytest.mark.parametrize("field", list(SPEC_HEADINGS))
def test_spec_headings(field):
    for heading in SPEC_HEADINGS[field]:
        assert HEADINGS[heading] == field, heading
        assert heading_field(heading) == field, heading


HEADING_TEXTS = [
    ("Date(s)", "date"),
    ("Dates", "date"),
    ("DATE", "date"),
    ("Date:", "date"),
    ("Start date", "date"),
    ("Date (DD/MM/YYYY)", "date"),  # a note in brackets is set aside
    ("End-date", "end"),
    ("End_date", "end"),
    ("What I learnt", "outcomes"),
    ("What I've learnt", "outcomes"),
    ("What I’ve learned", "outcomes"),
    ("What did I learn?", "outcomes"),
    ("How it improved my practice?", "application"),
    ("How has this improved my practice?", "application"),
    ("Benefit to service user(s)", "benefit"),
    ("Benefits to Service Users", "benefit"),
    ("  HOURS ", "hours"),
    ("Hours (decimal)", "hours"),
    ("Duration [hrs]", "hours"),
    ("CPD hours", "hours"),
    ("type_label", "type"),
    ("Type of activity", "type"),
    ("UK-SPEC", "competences"),
    ("Title *", "title"),
    ("Tags", "tags"),
    ("Highlight", "highlight"),
    ("Private?", "private"),
    ("Source", "source"),
]


@pytest.mark.parametrize(("text", "field"), HEADING_TEXTS, ids=[text for text, _ in HEADING_TEXTS])
def test_headings_normalised(text, field):
    assert heading_field(text) == field


@pytest.mark.parametrize("text", ["", "   ", "Colour", "Kind", "Mood (1-5)", None, "Unknown (date)"])
def test_unknown_headings(text):
    assert heading_field(text) is None


def test_headings_table_is_normalised():
    for heading in HEADINGS:
        assert re.fullmatch(r"[a-z0-9]+(?: [a-z0-9]+)*", heading), f"{heading!r} is not normalised"
