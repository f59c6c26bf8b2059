"""The portfolio's entries: activities, objectives, breaks, the profile, and feedback and discussions.

Built only from front matter that passed the checker, so every field here is known good.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from importlib import resources

from .markup import comment_spans

_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")


def _without_comments(text: str) -> str:
    if "<!--" in text:
        parts, last = [], 0
        for start, end in comment_spans(text):
            parts.append(text[last:start])
            last = end
        text = "".join([*parts, text[last:]])
    return trim_body(text)


def _written(text: str) -> str:
    """A body's own words: without comments, and empty when all that is left is headings (a reflection model's
    headings with nothing under them are not a reflection)."""
    text = _without_comments(text)
    if text and all(not line.strip() or _HEADING.match(line) for line in text.split("\n")):
        return ""
    return text


def trim_body(text: str) -> str:
    """A body without its blank lines at the start and white space at the end. The first line keeps its indent:
    four spaces there start a code block."""
    return _LEADING_BLANK_LINES.sub("", text).rstrip()


def schema_enum(*keys: str) -> tuple[str, ...]:
    """A list of allowed values, from the entry schema (schema/entry.schema.json): written there once."""
    node = json.loads(resources.files("cpd_portfolio.schema").joinpath("entry.schema.json").read_text(encoding="utf-8"))
    for key in keys:
        node = node[key]
    return tuple(node["enum"])


ACTIVITY_TYPES = schema_enum("$defs", "activity", "properties", "type")
TYPE_LABELS = {
    "work-based": "Work-based learning",
    "professional": "Professional activity",
    "formal": "Formal / educational",
    "self-directed": "Self-directed learning",
    "other": "Other",
}


@dataclass(frozen=True, slots=True)
class Part:
    """One part of an audit-ready activity: the field, what it says, and what the checker asks for when it is missing."""

    name: str
    says: str
    ask: str


# What an audit-ready activity has: the one list the checker, the gaps and the audit profile read.
AUDIT_READY = (
    Part(
        "outcomes", "what was learnt", "add what you learnt as a list under 'outcomes:' to make the record audit-ready"
    ),
    Part("reflection", "a reflection", "write below the front matter what you learnt and what you will do with it"),
    Part(
        "application",
        "how it improved practice",
        "say how this improved or will improve your practice and the service",
    ),
    Part(
        "benefit",
        "how it benefits service users",
        "say how this benefits service users (patients, colleagues, students)",
    ),
)
PARTS = {part.name: part for part in AUDIT_READY}


def has_part(activity: Activity, name: str) -> bool:
    return bool(getattr(activity, name))


@dataclass(frozen=True, slots=True)
class Evidence:
    """A file inside entries/ (`path`, relative to the entries folder) or a web address (`url`)."""

    title: str | None
    path: str | None = None
    url: str | None = None

    @property
    def label(self) -> str:
        return self.title or self.url or (self.path or "").rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class Activity:
    source: str  # path relative to the entries folder, POSIX
    title: str
    date: dt.date
    type: str
    end: dt.date | None = None
    hours: float | None = None
    method: str | None = None
    objectives: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    application: str | None = None
    benefit: str | None = None
    competences: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    private: bool = False
    draft: bool = False  # noted now, to finish later: kept out of everything but the owner's list of drafts
    highlight: bool = False
    body: str = ""

    @property
    def last_day(self) -> dt.date:
        return self.end or self.date

    @property
    def planned(self) -> bool:
        return bool(self.objectives)

    @property
    def reflection(self) -> str:
        """The body without HTML comments (a template's prompts are not a reflection), empty if only headings are
        left (a reflection model's, not filled in)."""
        return _written(self.body)


@dataclass(frozen=True, slots=True)
class Objective:
    source: str
    id: str
    due: dt.date
    title: str | None = None
    date: dt.date | None = None
    need: str | None = None
    success: str | None = None
    target_hours: float | None = None
    competences: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    status: str = "active"
    closed: dt.date | None = None
    evaluation: str | None = None
    body: str = ""

    @property
    def label(self) -> str:
        return self.title or self.id


@dataclass(frozen=True, slots=True)
class Break:
    source: str
    date: dt.date
    end: dt.date
    title: str | None = None
    reason: str | None = None

    @property
    def label(self) -> str:
        return self.title or self.reason or "Break"


@dataclass(frozen=True, slots=True)
class Registration:
    body: str
    number: str | None = None
    designation: str | None = None
    renewal: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Consent:
    """What the profile lets the department's site show (`share_with_department`): figures or titles, and with
    titles the reflections of the activities named (their entry paths)."""

    share: str  # figures or titles
    reflections: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Profile:
    source: str
    name: str | None = None
    role: str | None = None
    registrations: tuple[Registration, ...] = ()
    body: str = ""
    department: Consent | None = None  # nothing is shared with a department without it

    @property
    def summary(self) -> str:
        """The summary of practice: the body without HTML comments (a template's prompts are no summary)."""
        return _without_comments(self.body)


# The kinds of exchange with others that a scheme may ask for (the NMC's feedback and reflective discussion,
# the GPhC's peer discussion): the schema's kinds, each with the field that says who with.
EXCHANGE_KINDS = {"feedback": "from", "discussion": "with"}


@dataclass(frozen=True, slots=True)
class Exchange:
    """Feedback received (`kind` feedback, `who` gave it) or a discussion held (`kind` discussion, `who` with): a
    record of its own, not an activity, so it adds no hours; its body is what was said and what I take from it."""

    source: str
    kind: str  # feedback or discussion
    title: str
    date: dt.date
    who: str  # by role, not by name
    application: str | None = None
    competences: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    private: bool = False
    body: str = ""

    @property
    def reflection(self) -> str:
        return _written(self.body)


Entry = Activity | Objective | Break | Profile | Exchange


def word_count(text: str) -> int:
    """Words as an auditor counts them: runs of non-space characters."""
    return len(text.split())
