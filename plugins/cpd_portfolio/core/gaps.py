"""Gaps: what a registration body's audit would find missing, each with why, the rule and what to do.

Each check is a function registered here under the name the scheme files use (`check: type_mixture`),
with the parameters it takes and their defaults declared once, beside it: the scheme loader checks every
rule's parameters against that declaration, and the check reads them already filled in. A gap says
whether it leaves a standard partly met or not met: the audit profile's verdicts are made from gaps.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .entries import ACTIVITY_TYPES, EXCHANGE_KINDS, PARTS, TYPE_LABELS, Activity, has_part, word_count
from .periods import Period, add_months
from .plan import exchanges_in, first_day, linked_activities
from .portfolio import Portfolio

if TYPE_CHECKING:
    from .schemes import Rule

NOT_MET = "not-met"
PARTLY_MET = "partly-met"
MET = "met"
VERDICTS = (MET, PARTLY_MET, NOT_MET)


@dataclass(frozen=True)
class Gap:
    rule: Rule
    body_name: str
    title: str
    detail: str
    period: Period
    entries: tuple[str, ...] = ()  # sources of the entries concerned
    priority: int = 2  # 1 most important
    verdict: str = NOT_MET  # what it leaves a standard that the rule bears on
    span: tuple[dt.date, dt.date] | None = None  # the days it is about (a stretch without CPD), for the charts

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule.id,
            "check": self.rule.check,
            "body": self.rule.body,
            "body_name": self.body_name,
            "title": self.title,
            "detail": self.detail,
            "why": self.rule.why,
            "source": self.rule.source.title,
            "source_url": self.rule.source.url,
            "action": self.rule.action,
            "good_practice": self.rule.good_practice,
            "verdict": self.verdict,
            "period": self.period.as_dict(),
            "entries": list(self.entries),
            "priority": self.priority,
        }


@dataclass(frozen=True)
class Framework:
    """A competence framework: codes and titles, for everyone or per variant (UK-SPEC's CEng, IEng, EngTech)."""

    id: str
    name: str
    competences: dict[str, str] = field(default_factory=dict)
    variants: dict[str, dict[str, str]] = field(default_factory=dict)
    default: str | None = None

    def variant(self, name: str | None) -> tuple[str | None, dict[str, str]]:
        """The codes of one variant (the default when `name` is none of them); the only set when there are none."""
        if not self.variants:
            return None, self.competences
        chosen = name if name in self.variants else self.default
        return chosen, self.variants[chosen]

    def title(self, code: str) -> str | None:
        if code in self.competences:
            return self.competences[code]
        return next((v[code] for v in self.variants.values() if code in v), None)


REQUIRED = object()


@dataclass(frozen=True)
class Param:
    """A parameter a check takes: its kind (what values it accepts), default (REQUIRED: none) and meaning."""

    kind: str
    default: object = REQUIRED
    help: str = ""


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[_Context], Iterator[Gap]]
    help: str
    params: dict[str, Param]


PARAM_KINDS = {
    "count": "a whole number, e.g. 3",
    "number": "a number, e.g. 35 or 7.5",
    "flag": "true or false",
    "text": "text",
    "words": "a list of words, e.g. [teaching, mentoring]",
    "types": f"a list of activity types ({', '.join(ACTIVITY_TYPES)})",
    "part": f"one of {', '.join(PARTS)}",
    "exchange": f"one of {', '.join(EXCHANGE_KINDS)}",
    "parts": f"a list of parts ({', '.join(PARTS)})",
}


def param_problem(param: Param, value: object) -> str | None:
    """What is wrong with `value` for `param` (None if nothing): said so that the user can fix it."""
    kind = param.kind
    if kind == "count" and not (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return f"is not {PARAM_KINDS[kind]}"
    if kind == "number" and not (isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0):
        return f"is not {PARAM_KINDS[kind]}"
    if kind == "flag" and not isinstance(value, bool):
        return f"is not {PARAM_KINDS[kind]}"
    if kind == "text" and not isinstance(value, str):
        return f"is not {PARAM_KINDS[kind]}"
    if kind in ("words", "types", "parts"):
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            return f"is not {PARAM_KINDS[kind]}"
        allowed = {"types": ACTIVITY_TYPES, "parts": tuple(PARTS)}.get(kind)
        wrong = [v for v in value if allowed and v not in allowed]
        if wrong:
            return f"'{wrong[0]}' is not one of {', '.join(allowed)}"
    if kind == "part" and value not in PARTS:
        return f"is not {PARAM_KINDS[kind]}"
    if kind == "exchange" and value not in EXCHANGE_KINDS:
        return f"is not {PARAM_KINDS[kind]}"
    return None


CHECKS: dict[str, Check] = {}


def check(name: str, help: str, **params: Param) -> Callable:
    """Register a check under `name`, with the parameters it takes."""

    def register(run: Callable[[_Context], Iterator[Gap]]) -> Callable[[_Context], Iterator[Gap]]:
        CHECKS[name] = Check(name, run, help, params)
        return run

    return register


@dataclass
class _Context:
    portfolio: Portfolio
    rule: Rule
    body_name: str
    period: Period
    activities: list[Activity]
    frameworks: dict[str, Framework]
    variant_of: Callable[[Framework], str | None]

    def gap(
        self,
        title: str,
        detail: str = "",
        entries: tuple[str, ...] = (),
        priority: int = 2,
        verdict: str = NOT_MET,
        span: tuple[dt.date, dt.date] | None = None,
    ) -> Gap:
        return Gap(self.rule, self.body_name, title, detail, self.period, entries, priority, verdict, span)

    def param(self, name: str):
        return self.rule.params[name]


def run_rules(
    portfolio: Portfolio,
    rules: tuple[Rule, ...] | list[Rule],
    body_name: str,
    window: Period,
    activities: list[Activity],
    frameworks: dict[str, Framework],
    variant_of: Callable[[Framework], str | None] = lambda framework: None,
) -> list[Gap]:
    """The gaps the rules find over `window` (the rules' checks and parameters are known good: the loader said so)."""
    gaps: list[Gap] = []
    for rule in rules:
        context = _Context(portfolio, rule, body_name, window, activities, frameworks, variant_of)
        gaps.extend(CHECKS[rule.check].run(context))
    return gaps


def _fmt_hours(hours: float) -> str:
    return f"{hours:g} h"


@check("objective_not_started", "An active objective that no activity names yet.")
def _objective_not_started(c: _Context) -> Iterator[Gap]:
    linked = linked_activities(c.portfolio)
    for o in c.portfolio.objectives:
        if o.status == "active" and not linked.get(o.id):
            yield c.gap(
                f"Objective not started: {o.label}",
                f"No activity names '{o.id}' yet; due {o.due}.",
                (o.source,),
                verdict=PARTLY_MET,
            )


@check("objective_overdue", "An objective past its due date and still active.")
def _objective_overdue(c: _Context) -> Iterator[Gap]:
    for o in c.portfolio.objectives:
        if o.status == "active" and o.due < c.portfolio.as_of:
            days = (c.portfolio.as_of - o.due).days
            yield c.gap(
                f"Objective overdue: {o.label}",
                f"Due {o.due}, {days} days ago, and still active.",
                (o.source,),
                1,
                PARTLY_MET,
            )


@check("objective_not_evaluated", "An achieved objective with no evaluation.")
def _objective_not_evaluated(c: _Context) -> Iterator[Gap]:
    for o in c.portfolio.objectives:
        if o.status == "achieved" and not o.evaluation:
            yield c.gap(
                f"Achieved objective not evaluated: {o.label}", "It has no evaluation.", (o.source,), 3, PARTLY_MET
            )


@check("no_active_objective", "No objective is active: there is no plan.")
def _no_active_objective(c: _Context) -> Iterator[Gap]:
    if not any(o.status == "active" for o in c.portfolio.objectives):
        yield c.gap("No active objective: no plan", "Every objective is achieved or dropped, or none is set.", (), 1)


@check(
    "not_audit_ready",
    "An activity in the period without one of the parts of an audit-ready record.",
    parts=Param("parts", list(PARTS), "the parts an activity must have"),
)
def _not_audit_ready(c: _Context) -> Iterator[Gap]:
    parts = c.param("parts")
    for a in c.activities:
        missing = [name for name in parts if not has_part(a, name)]
        if missing:
            yield c.gap(
                f"Not audit-ready: {a.title}",
                f"{a.date}: no {', no '.join(missing)}.",
                (a.source,),
                3,
                PARTLY_MET,
            )


@check(
    "activities_say",
    "Activities in the period that do not say one part of an audit-ready record (application, benefit...).",
    part=Param("part", help="the part each activity must have"),
)
def _activities_say(c: _Context) -> Iterator[Gap]:
    part = PARTS[c.param("part")]
    without = [a for a in c.activities if not has_part(a, part.name)]
    if not c.activities or not without:
        return
    if len(without) == len(c.activities):
        title = f"No activity says {part.says}"
        verdict = NOT_MET
    else:
        title = f"{len(without)} of {len(c.activities)} activities do not say {part.says}"
        verdict = PARTLY_MET
    listed = "; ".join(f"{a.date} {a.title}" for a in without[:5]) + ("; ..." if len(without) > 5 else "")
    yield c.gap(
        title, f"In {c.period.label}, without '{part.name}': {listed}.", tuple(a.source for a in without), 2, verdict
    )


def _months_spanned(start: dt.date, end: dt.date) -> int:
    """Whole months from start to end inclusive: 1 Feb to 31 May is 4."""
    months = 0
    while add_months(start, months + 1) - dt.timedelta(days=1) <= end:
        months += 1
    return months


def _subtract(start: dt.date, end: dt.date, spans: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """The parts of [start, end] outside every span."""
    pieces = [(start, end)]
    for s, e in spans:
        next_pieces = []
        for ps, pe in pieces:
            if e < ps or s > pe:
                next_pieces.append((ps, pe))
                continue
            if s > ps:
                next_pieces.append((ps, s - dt.timedelta(days=1)))
            if e < pe:
                next_pieces.append((e + dt.timedelta(days=1), pe))
        pieces = next_pieces
    return pieces


@check(
    "unexplained_gap",
    "A stretch of whole months without activity that no break explains.",
    months=Param("count", 3, "the length, in whole months, of a stretch that must be explained"),
)
def _unexplained_gap(c: _Context) -> Iterator[Gap]:
    months = c.param("months")
    window = c.period.until(c.portfolio.as_of)
    first = first_day(c.portfolio)
    if first is None:
        return
    # Before the portfolio's first entry there is no record to have a gap in.
    window = Period(window.label, max(window.start, first), window.end, window.key)
    if window.start > window.end:
        return
    one = dt.timedelta(days=1)
    spans = sorted(
        (max(a.date, window.start), min(a.last_day, window.end))
        for a in c.portfolio.activities
        if a.date <= window.end and a.last_day >= window.start
    )
    # Stretches with no activity: between the covered spans, and at both ends of the window.
    empty, cursor = [], window.start
    for s, e in spans:
        if s > cursor:
            empty.append((cursor, s - one))
        cursor = max(cursor, e + one)
    if cursor <= window.end:
        empty.append((cursor, window.end))
    # Only the breaks in the window can explain a stretch of it (the audit asks again for each cycle).
    in_window = [b for b in c.portfolio.breaks if b.date <= window.end and b.end >= window.start]
    breaks = [(b.date, b.end) for b in in_window]
    # A record with activities and a stretch to explain is partly met; with none, not met.
    verdict = PARTLY_MET if spans else NOT_MET
    for start, end in empty:
        overlapping = [b for b in in_window if b.date <= end and b.end >= start]
        for ps, pe in _subtract(start, end, breaks):
            length = _months_spanned(ps, pe)
            if length >= months:
                note = ""
                if overlapping:
                    names = "; ".join(f"{b.label} ({b.date} to {b.end})" for b in overlapping)
                    note = f" Partly explained by: {names}."
                yield c.gap(
                    f"{length} months without CPD: {ps} to {pe}",
                    f"No activity and no break from {ps} to {pe}.{note}",
                    tuple(b.source for b in overlapping),
                    1,
                    verdict,
                    (ps, pe),
                )


@check(
    "type_mixture",
    "Fewer activity types used in the period than the body asks for.",
    min_types=Param("count", 2, "how many of the five activity types the period needs"),
)
def _type_mixture(c: _Context) -> Iterator[Gap]:
    need = c.param("min_types")
    used = [t for t in ACTIVITY_TYPES if any(a.type == t for a in c.activities)]
    if len(used) < need:
        have = ", ".join(TYPE_LABELS[t] for t in used) or "none"
        missing = ", ".join(TYPE_LABELS[t] for t in ACTIVITY_TYPES if t not in used)
        yield c.gap(
            f"Mixture: {len(used)} of the {need} activity types needed",
            f"Types used in {c.period.label}: {have}. Not yet used: {missing}.",
            (),
            1,
        )


@check("planned_and_opportunistic", "No planned (linked to an objective) or no opportunistic activity in the period.")
def _planned_and_opportunistic(c: _Context) -> Iterator[Gap]:
    if not c.activities:
        yield c.gap("No activity", f"No activity in {c.period.label}: neither planned nor opportunistic.", (), 2)
        return
    if not any(a.planned for a in c.activities):
        yield c.gap("No planned activity", f"No activity in {c.period.label} names an objective.", (), 2, PARTLY_MET)
    if not any(not a.planned for a in c.activities):
        yield c.gap("No opportunistic activity", f"Every activity in {c.period.label} was planned.", (), 3, PARTLY_MET)


@check(
    "supports_others",
    "No activity in the period whose title, method or tags say it supported others' learning.",
    keywords=Param("words", ["teaching", "mentoring", "supervising"], "words that mark such an activity"),
)
def _supports_others(c: _Context) -> Iterator[Gap]:
    words = [w.lower() for w in c.param("keywords")]
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b")

    def supports(a: Activity) -> bool:
        text = " ".join([a.title, a.method or "", *a.tags]).lower()
        return bool(pattern.search(text))

    if not any(supports(a) for a in c.activities):
        yield c.gap(
            "Nothing that supports others' learning",
            f"No activity in {c.period.label} whose title, method or tags say {', '.join(words)}.",
            verdict=PARTLY_MET,
        )


@check("competence_coverage", "Competences of a framework in use that no activity of the period evidences.")
def _competence_coverage(c: _Context) -> Iterator[Gap]:
    used_codes = {code for a in c.portfolio.activities if a.date <= c.portfolio.as_of for code in a.competences}
    used_codes |= {code for o in c.portfolio.objectives for code in o.competences}
    in_use = sorted({code.split(":", 1)[0] for code in used_codes})
    evidenced = {code for a in c.activities for code in a.competences}
    for fid in in_use:
        framework = c.frameworks.get(fid)
        if framework is None:
            continue
        variant, competences = framework.variant(c.variant_of(framework))
        missing = [code for code in competences if f"{fid}:{code}" not in evidenced]
        if missing:
            listed = "; ".join(f"{code} {competences[code]}" for code in missing)
            which = f" ({variant})" if variant else ""
            yield c.gap(
                f"{fid}{which}: {len(missing)} of {len(competences)} competences without evidence",
                f"No activity in {c.period.label} evidences: {listed}.",
                (),
                3,
                PARTLY_MET,
            )


@check(
    "summary_of_practice",
    "The profile's summary of practice (its body) is missing or over the word limit.",
    max_words=Param("count", help="the most words the summary may have"),
)
def _summary_of_practice(c: _Context) -> Iterator[Gap]:
    limit = c.param("max_words")
    profile = c.portfolio.profile
    if profile is None or not profile.summary:
        yield c.gap("No summary of practice", "The profile entry (kind profile) is missing or has no body.", (), 1)
        return
    words = word_count(profile.summary)
    if words > limit:
        yield c.gap(
            f"Summary of practice over {limit} words", f"It has {words} words.", (profile.source,), 1, PARTLY_MET
        )


def statement_text(activity: Activity) -> str:
    """The words one activity adds to the statement: what, what I learnt, practice, service users."""
    parts = [
        activity.title,
        activity.method or "",
        *activity.outcomes,
        activity.application or "",
        activity.benefit or "",
    ]
    return " ".join(p for p in parts if p)


@check(
    "statement",
    "No highlighted activity in the period for the statement, or the statement over its word limit.",
    max_words=Param("count", help="the most words the statement may have"),
)
def _statement(c: _Context) -> Iterator[Gap]:
    limit = c.param("max_words")
    chosen = [a for a in c.activities if a.highlight]
    if not chosen:
        yield c.gap(
            "No activity highlighted for the statement",
            f"No activity in {c.period.label} has 'highlight: true'.",
            (),
            2,
        )
        return
    words = sum(word_count(statement_text(a)) for a in chosen)
    if words > limit:
        yield c.gap(
            f"Statement over {limit:,} words",
            f"The {len(chosen)} highlighted activities of {c.period.label} say {words:,} words.",
            tuple(a.source for a in chosen),
            2,
            PARTLY_MET,
        )


@check("evidence_linked", "No evidence linked from the activities of the period.")
def _evidence_linked(c: _Context) -> Iterator[Gap]:
    if c.activities and not any(a.evidence for a in c.activities):
        yield c.gap("No evidence linked", f"No activity in {c.period.label} links evidence.", (), 2, PARTLY_MET)


@check(
    "activity_count",
    "Fewer or more activities in the period than the body suggests listing.",
    min=Param("count", 0, "the fewest activities suggested"),
    max=Param("count", 0, "the most activities suggested (0: no most)"),
)
def _activity_count(c: _Context) -> Iterator[Gap]:
    low, high = c.param("min"), c.param("max")
    count = len(c.activities)
    suggested = f"{low} to {high}" if high else f"at least {low}"
    if count < low or (high and count > high):
        yield c.gap(
            f"{count} {'activity' if count == 1 else 'activities'} listed: {suggested} suggested",
            f"{count} activities in {c.period.label}; the body suggests {suggested}.",
            (),
            3,
            PARTLY_MET,
        )


@check(
    "min_hours",
    "Fewer hours of CPD (of some types) in the period than the scheme asks.",
    hours=Param("number", help="the hours needed"),
    types=Param("types", [], "the activity types that count (default: all)"),
    label=Param("text", "", "what the hours are called, e.g. participatory"),
)
def _min_hours(c: _Context) -> Iterator[Gap]:
    need, types, label = float(c.param("hours")), c.param("types"), c.param("label")
    acts = [a for a in c.activities if not types or a.type in types]
    have = round(sum(a.hours or 0.0 for a in acts), 2)
    if have < need:
        kind = f"{label} " if label else ""
        yield c.gap(
            f"{_fmt_hours(have)} of {_fmt_hours(need)} {kind}CPD",
            f"{_fmt_hours(round(need - have, 2))} more {kind}CPD needed in {c.period.label}.",
            (),
            1,
            PARTLY_MET if have else NOT_MET,
        )


@check(
    "min_activities",
    "Fewer activities (or planned ones) in the period than the scheme asks.",
    count=Param("count", help="the activities needed"),
    planned=Param("flag", False, "count only planned activities (linked to an objective)"),
)
def _min_activities(c: _Context) -> Iterator[Gap]:
    need, planned_only = c.param("count"), c.param("planned")
    acts = [a for a in c.activities if a.planned or not planned_only]
    if len(acts) < need:
        kind = "planned " if planned_only else ""
        if need == 1:
            yield c.gap(f"No {kind}activity", f"No {kind}activity is recorded in {c.period.label}.", (), 1)
            return
        yield c.gap(
            f"{len(acts)} of {need} {kind}entries",
            f"{need - len(acts)} more {kind}entries needed in {c.period.label}.",
            (),
            1,
            PARTLY_MET if acts else NOT_MET,
        )


_EXCHANGE_WORDS = {"feedback": ("piece of feedback", "pieces of feedback"), "discussion": ("discussion", "discussions")}


@check(
    "min_exchanges",
    "Fewer pieces of feedback (or discussions) recorded in the period than the scheme asks.",
    kind=Param("exchange", help="feedback or discussion: the kind of entry counted"),
    count=Param("count", help="how many are needed"),
)
def _min_exchanges(c: _Context) -> Iterator[Gap]:
    kind, need = c.param("kind"), c.param("count")
    have = len(exchanges_in(c.portfolio, c.period, kind))
    if have < need:
        one, many = _EXCHANGE_WORDS[kind]
        yield c.gap(
            f"No {kind} recorded" if need == 1 else f"{have} of {need} {many}",
            f"{need - have} more {one if need - have == 1 else many} needed in {c.period.label}: record "
            f"{'it' if need - have == 1 else 'each'} as an entry of kind {kind}.",
            (),
            1,
            PARTLY_MET if have else NOT_MET,
        )


@check(
    "min_reflections",
    "Fewer written reflections (on activities, feedback or discussions) in the period than the scheme asks.",
    count=Param("count", help="how many written reflections are needed"),
)
def _min_reflections(c: _Context) -> Iterator[Gap]:
    need = c.param("count")
    written = [a.source for a in c.activities if a.reflection]
    written += [e.source for e in exchanges_in(c.portfolio, c.period) if e.reflection]
    if len(written) < need:
        yield c.gap(
            f"{len(written)} of {need} written {'reflection' if need == 1 else 'reflections'}",
            f"{need - len(written)} more written {'reflection' if need - len(written) == 1 else 'reflections'} needed "
            f"in {c.period.label}: write one below the front matter of an activity, feedback or discussion.",
            (),
            1,
            PARTLY_MET if written else NOT_MET,
        )


def verdict_of(gaps: list[Gap]) -> str:
    """A standard's verdict from the gaps of its rules: met with none, else the worst they leave."""
    if not gaps:
        return MET
    return NOT_MET if any(g.verdict == NOT_MET for g in gaps) else PARTLY_MET


def most_important(gaps: list[Gap], limit: int = 5) -> list[Gap]:
    """The gaps to show first: by priority, keeping the rule files' order within one priority."""
    return sorted(gaps, key=lambda g: g.priority)[:limit]
