"""The audit profile: what a sampled registrant hands to the auditor, assembled from the entries.

Laid out as the HCPC asks (summary of practice, dated activities, statement, numbered evidence), which
IPEM, the Science Council, the Engineering Council and the RCT ask for in a similar form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .entries import ACTIVITY_TYPES, Activity, Break, Evidence, Profile, Registration, word_count
from .gaps import Gap, find_gaps
from .periods import Period, cycle_bounds
from .plan import activities_in
from .portfolio import Portfolio
from .rules import RuleSet, first_day, load_rule_sets

SUMMARY_LIMIT = 500
STATEMENT_LIMIT = 1500
STANDARDS = {
    1: "A continuous, up-to-date and accurate record of CPD",
    2: "A mixture of learning activities relevant to current or future practice",
    3: "CPD has contributed to the quality of practice and service delivery",
    4: "CPD benefits the service user",
    5: "A written profile, with evidence, explaining how standards 1 to 4 are met",
}
MET, PARTLY, NEEDS_WORK = "looks met", "partly met", "needs work"


@dataclass(frozen=True)
class StatementItem:
    activity: Activity
    words: int


@dataclass(frozen=True)
class EvidenceRow:
    number: int
    evidence: Evidence
    activity: Activity
    standards: tuple[int, ...]


@dataclass(frozen=True)
class StandardCheck:
    number: int
    text: str
    verdict: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class AuditProfile:
    body: str
    body_name: str
    registration: Registration | None
    profile: Profile | None
    cycle: Period
    as_of: dt.date
    activities: tuple[Activity, ...]
    breaks: tuple[Break, ...]
    unexplained: tuple[Gap, ...]
    statement: tuple[StatementItem, ...]
    evidence: tuple[EvidenceRow, ...]
    standards: tuple[StandardCheck, ...]

    @property
    def summary_words(self) -> int:
        return word_count(self.profile.summary) if self.profile else 0

    @property
    def statement_words(self) -> int:
        return sum(item.words for item in self.statement)

    @property
    def slug(self) -> str:
        return f"{self.body}/{self.cycle.start.isoformat()}_{self.cycle.end.isoformat()}"

    def as_dict(self) -> dict[str, object]:
        return {
            "body": self.body,
            "cycle": self.cycle.as_dict(),
            "as_of": self.as_of.isoformat(),
            "summary_words": self.summary_words,
            "activities": [a.source for a in self.activities],
            "breaks": [b.source for b in self.breaks],
            "unexplained_gaps": [g.title for g in self.unexplained],
            "statement": [{"activity": i.activity.source, "words": i.words} for i in self.statement],
            "statement_words": self.statement_words,
            "evidence": [
                {
                    "number": r.number,
                    "label": r.evidence.label,
                    "path": r.evidence.path,
                    "url": r.evidence.url,
                    "activity": r.activity.source,
                    "standards": list(r.standards),
                }
                for r in self.evidence
            ],
            "standards": [
                {"number": s.number, "verdict": s.verdict, "reasons": list(s.reasons)} for s in self.standards
            ],
        }


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


def cycles(rule_set: RuleSet, portfolio: Portfolio) -> list[Period]:
    """The body's current cycle and every earlier one back to the portfolio's first entry, newest first."""
    years = rule_set.cycle_years or 1
    renewal = None
    if portfolio.profile:
        renewal = next((r.renewal for r in portfolio.profile.registrations if r.body == rule_set.body), None)
    first = first_day(portfolio) or portfolio.as_of
    found = []
    for back in range(200):
        start, end = cycle_bounds(portfolio.as_of, years, renewal, rule_set.default_end, back)
        if end < first and found:
            break
        found.append(
            Period(f"{start.isoformat()} to {end.isoformat()}", start, end, f"{start.isoformat()}..{end.isoformat()}")
        )
    return found


def _standards(
    acts: list[Activity],
    unexplained: list[Gap],
    profile: Profile | None,
    statement_words: int,
    evidence: int,
    as_of: dt.date,
) -> tuple[StandardCheck, ...]:
    checks = []
    reasons: list[str] = []
    if not acts:
        reasons.append("no activity is recorded in the cycle")
    if unexplained:
        reasons.append(f"{len(unexplained)} gap(s) of three months or more are not explained by a break")
    if acts and (as_of - max(a.date for a in acts)).days > 92:
        reasons.append("the latest activity is more than three months old")
    checks.append(StandardCheck(1, STANDARDS[1], MET if not reasons else NEEDS_WORK, tuple(reasons)))
    types = {a.type for a in acts}
    reasons = [] if len(types) >= 2 else [f"{len(types)} activity type(s) used: at least two are needed"]
    if types == {"self-directed"}:
        reasons.append("reading alone does not show a mixture")
    checks.append(StandardCheck(2, STANDARDS[2], MET if not reasons else NEEDS_WORK, tuple(reasons)))
    for number, field, what in (
        (3, "application", "how it improved practice"),
        (4, "benefit", "how it benefits service users"),
    ):
        with_it = sum(1 for a in acts if getattr(a, field))
        if acts and with_it == len(acts):
            checks.append(StandardCheck(number, STANDARDS[number], MET, ()))
        elif with_it:
            checks.append(
                StandardCheck(
                    number,
                    STANDARDS[number],
                    PARTLY,
                    (f"{len(acts) - with_it} of {len(acts)} activities do not say {what}",),
                )
            )
        else:
            checks.append(StandardCheck(number, STANDARDS[number], NEEDS_WORK, (f"no activity says {what}",)))
    reasons = []
    words = word_count(profile.summary) if profile else 0
    if not words:
        reasons.append("no summary of practice (the body of the profile entry)")
    elif words > SUMMARY_LIMIT:
        reasons.append(f"the summary of practice has {words} words, over {SUMMARY_LIMIT}")
    if not statement_words:
        reasons.append("no highlighted activity for the statement (highlight: true)")
    elif statement_words > STATEMENT_LIMIT:
        reasons.append(f"the statement has {statement_words} words, over {STATEMENT_LIMIT}")
    if not evidence:
        reasons.append("no evidence is linked from the cycle's activities")
    checks.append(StandardCheck(5, STANDARDS[5], MET if not reasons else NEEDS_WORK, tuple(reasons)))
    return tuple(checks)


def audit_profile(portfolio: Portfolio, body: str, cycle: Period | None = None) -> AuditProfile:
    """The audit profile of one registration for one cycle (default: the current one).

    Give it `portfolio.public()`: private activities must not reach an auditor's copy.
    """
    rule_set = load_rule_sets([body], portfolio.root)[-1]
    cycle = cycle or cycles(rule_set, portfolio)[0]
    acts = activities_in(portfolio, cycle)
    window = cycle.until(portfolio.as_of)
    breaks = tuple(b for b in portfolio.breaks if b.date <= window.end and b.end >= window.start)
    gap_rules = [r for r in rule_set.rules if r.check == "unexplained_gap"]
    unexplained: list[Gap] = []
    if gap_rules:
        only_gaps = RuleSet(
            rule_set.body, rule_set.name, tuple(gap_rules[:1]), rule_set.cycle_years, rule_set.default_end
        )
        unexplained = find_gaps(portfolio, [only_gaps], cycle)
    mixture = len({a.type for a in acts}) >= 2
    statement = tuple(StatementItem(a, word_count(statement_text(a))) for a in acts if a.highlight)
    rows = []
    for a in acts:
        for item in a.evidence:
            standards = [1]
            if mixture:
                standards.append(2)
            if a.application:
                standards.append(3)
            if a.benefit:
                standards.append(4)
            rows.append(EvidenceRow(len(rows) + 1, item, a, tuple(standards)))
    registration = None
    if portfolio.profile:
        registration = next((r for r in portfolio.profile.registrations if r.body == body), None)
    statement_words = sum(i.words for i in statement)
    return AuditProfile(
        body=body,
        body_name=rule_set.name,
        registration=registration,
        profile=portfolio.profile,
        cycle=cycle,
        as_of=portfolio.as_of,
        activities=tuple(acts),
        breaks=breaks,
        unexplained=tuple(unexplained),
        statement=statement,
        evidence=tuple(rows),
        standards=_standards(acts, unexplained, portfolio.profile, statement_words, len(rows), portfolio.as_of),
    )


__all__ = ["ACTIVITY_TYPES", "STANDARDS", "AuditProfile", "audit_profile", "cycles", "statement_text"]
