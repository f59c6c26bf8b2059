"""Gaps: what a registration body's audit would find missing, each with why, the rule and what to do.

Each check is a function named in the rule files (`check: type_mixture`); its thresholds come from
the rule's parameters, which the user can override.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .entries import ACTIVITY_TYPES, TYPE_LABELS, Activity, word_count
from .periods import Period, add_months
from .plan import activities_in, linked_activities
from .portfolio import Portfolio
from .rules import Framework, Rule, RulesError, RuleSet, body_cycle, default_period, first_day, load_frameworks


@dataclass(frozen=True)
class Gap:
    rule: Rule
    body_name: str
    title: str
    detail: str
    period: Period
    entries: tuple[str, ...] = ()  # sources of the entries concerned
    priority: int = 2  # 1 most important

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule.id,
            "check": self.rule.check,
            "body": self.rule.body,
            "body_name": self.body_name,
            "title": self.title,
            "detail": self.detail,
            "why": self.rule.why,
            "source": self.rule.source,
            "action": self.rule.action,
            "period": self.period.as_dict(),
            "entries": list(self.entries),
            "priority": self.priority,
        }


@dataclass
class _Context:
    portfolio: Portfolio
    rule: Rule
    body_name: str
    period: Period
    activities: list[Activity]
    frameworks: Callable[[], dict[str, Framework]]

    def gap(self, title: str, detail: str = "", entries: tuple[str, ...] = (), priority: int = 2) -> Gap:
        return Gap(self.rule, self.body_name, title, detail, self.period, entries, priority)


def _fmt_hours(hours: float) -> str:
    return f"{hours:g} h"


def _objective_not_started(c: _Context) -> Iterator[Gap]:
    linked = linked_activities(c.portfolio)
    for o in c.portfolio.objectives:
        if o.status == "active" and not linked.get(o.id):
            yield c.gap(
                f"Objective not started: {o.label}", f"No activity names '{o.id}' yet; due {o.due}.", (o.source,)
            )


def _objective_overdue(c: _Context) -> Iterator[Gap]:
    for o in c.portfolio.objectives:
        if o.status == "active" and o.due < c.portfolio.as_of:
            days = (c.portfolio.as_of - o.due).days
            yield c.gap(
                f"Objective overdue: {o.label}", f"Due {o.due}, {days} days ago, and still active.", (o.source,), 1
            )


def _objective_not_evaluated(c: _Context) -> Iterator[Gap]:
    for o in c.portfolio.objectives:
        if o.status == "achieved" and not o.evaluation:
            yield c.gap(f"Achieved objective not evaluated: {o.label}", "It has no evaluation.", (o.source,), 3)


def _no_active_objective(c: _Context) -> Iterator[Gap]:
    if not any(o.status == "active" for o in c.portfolio.objectives):
        yield c.gap("No active objective: no plan", "Every objective is achieved or dropped, or none is set.", (), 1)


def _not_audit_ready(c: _Context) -> Iterator[Gap]:
    for a in c.activities:
        missing = [
            name
            for name, present in (
                ("outcomes", a.outcomes),
                ("reflection", a.reflection),
                ("application", a.application),
                ("benefit", a.benefit),
            )
            if not present
        ]
        if missing:
            yield c.gap(f"Not audit-ready: {a.title}", f"{a.date}: no {', no '.join(missing)}.", (a.source,), 3)


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


def _unexplained_gap(c: _Context) -> Iterator[Gap]:
    months = int(c.rule.params.get("months", 3))
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
                )


def _type_mixture(c: _Context) -> Iterator[Gap]:
    need = int(c.rule.params.get("min_types", 2))
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


def _planned_and_opportunistic(c: _Context) -> Iterator[Gap]:
    if not c.activities:
        yield c.gap("No activity", f"No activity in {c.period.label}: neither planned nor opportunistic.", (), 2)
        return
    if not any(a.planned for a in c.activities):
        yield c.gap("No planned activity", f"No activity in {c.period.label} names an objective.", (), 2)
    if not any(not a.planned for a in c.activities):
        yield c.gap("No opportunistic activity", f"Every activity in {c.period.label} was planned.", (), 3)


def _supports_others(c: _Context) -> Iterator[Gap]:
    words = [str(w).lower() for w in c.rule.params.get("keywords", ["teaching", "mentoring", "supervising"])]
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b")

    def supports(a: Activity) -> bool:
        text = " ".join([a.title, a.method or "", *a.tags]).lower()
        return bool(pattern.search(text))

    if not any(supports(a) for a in c.activities):
        yield c.gap(
            "Nothing that supports others' learning", f"No teaching, mentoring or supervising in {c.period.label}."
        )


def _competence_coverage(c: _Context) -> Iterator[Gap]:
    used_codes = {code for a in c.portfolio.activities if a.date <= c.portfolio.as_of for code in a.competences}
    used_codes |= {code for o in c.portfolio.objectives for code in o.competences}
    in_use = sorted({code.split(":", 1)[0] for code in used_codes})
    evidenced = {code for a in c.activities for code in a.competences}
    frameworks = c.frameworks()
    for fid in in_use:
        framework = frameworks.get(fid)
        if framework is None:
            continue
        missing = [code for code in framework.competences if f"{fid}:{code}" not in evidenced]
        if missing:
            listed = "; ".join(f"{code} {framework.competences[code]}" for code in missing)
            yield c.gap(
                f"{fid}: {len(missing)} of {len(framework.competences)} competences without evidence",
                f"No activity in {c.period.label} evidences: {listed}.",
                (),
                3,
            )


def _summary_of_practice(c: _Context) -> Iterator[Gap]:
    limit = int(c.rule.params.get("max_words", 500))
    profile = c.portfolio.profile
    if profile is None or not profile.summary:
        yield c.gap("No summary of practice", "The profile entry (kind profile) is missing or has no body.", (), 1)
        return
    words = word_count(profile.summary)
    if words > limit:
        yield c.gap(f"Summary of practice over {limit} words", f"It has {words} words.", (profile.source,), 1)


def _min_hours(c: _Context) -> Iterator[Gap]:
    need = float(c.rule.params.get("hours", 0))
    types = c.rule.params.get("types")
    label = c.rule.params.get("label", "")
    acts = [a for a in c.activities if not types or a.type in types]
    have = round(sum(a.hours or 0.0 for a in acts), 2)
    if have < need:
        kind = f"{label} " if label else ""
        yield c.gap(
            f"{_fmt_hours(have)} of {_fmt_hours(need)} {kind}CPD",
            f"{_fmt_hours(round(need - have, 2))} more {kind}CPD needed in {c.period.label}.",
            (),
            1,
        )


def _min_activities(c: _Context) -> Iterator[Gap]:
    need = int(c.rule.params.get("count", 0))
    planned_only = bool(c.rule.params.get("planned", False))
    acts = [a for a in c.activities if a.planned or not planned_only]
    if len(acts) < need:
        kind = "planned " if planned_only else ""
        yield c.gap(
            f"{len(acts)} of {need} {kind}entries",
            f"{need - len(acts)} more {kind}entries needed in {c.period.label}.",
            (),
            1,
        )


CHECKS: dict[str, Callable[[_Context], Iterator[Gap]]] = {
    "objective_not_started": _objective_not_started,
    "objective_overdue": _objective_overdue,
    "objective_not_evaluated": _objective_not_evaluated,
    "no_active_objective": _no_active_objective,
    "not_audit_ready": _not_audit_ready,
    "unexplained_gap": _unexplained_gap,
    "type_mixture": _type_mixture,
    "planned_and_opportunistic": _planned_and_opportunistic,
    "supports_others": _supports_others,
    "competence_coverage": _competence_coverage,
    "summary_of_practice": _summary_of_practice,
    "min_hours": _min_hours,
    "min_activities": _min_activities,
}


def find_gaps(portfolio: Portfolio, rule_sets: list[RuleSet], period: Period | None = None) -> list[Gap]:
    """Every gap, body by body. Without `period`, each body's rules run over its own current cycle."""
    frameworks_cache: dict[str, dict[str, Framework]] = {}

    def frameworks() -> dict[str, Framework]:
        if "f" not in frameworks_cache:
            frameworks_cache["f"] = load_frameworks(portfolio.root)
        return frameworks_cache["f"]

    bodies = [rs.body for rs in rule_sets if rs.body != "common"]
    gaps: list[Gap] = []
    for rule_set in rule_sets:
        if period is not None:
            window = period
        elif rule_set.body == "common":
            window = default_period(portfolio, bodies or ["hcpc"])
        else:
            window = body_cycle(rule_set, portfolio)
        acts = activities_in(portfolio, window)
        for rule in rule_set.rules:
            check = CHECKS.get(rule.check)
            if check is None:
                raise RulesError(
                    f"rule '{rule.id}' names an unknown check '{rule.check}': use one of {', '.join(CHECKS)}"
                )
            gaps.extend(check(_Context(portfolio, rule, rule_set.name, window, acts, frameworks)))
    return gaps


def most_important(gaps: list[Gap], limit: int = 5) -> list[Gap]:
    """The gaps to show first: by priority, keeping the rule files' order within one priority."""
    return sorted(gaps, key=lambda g: g.priority)[:limit]
