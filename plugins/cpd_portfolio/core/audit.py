"""The audit profile: what a sampled registrant hands to the auditor, assembled from the entries.

Shaped as the body's scheme says (`audit.layout`): the HCPC's profile (summary of practice, dated activity
list, statement, numbered evidence), the record set against each standard (the Science Council's), or a
summary of CPD activity (IPEM, RCT, the Engineering Council's institutions). Each standard's verdict is made
from the gaps its rules find over the cycle: the same rules, the same findings as the gaps page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .entries import Activity, Break, Evidence, Exchange, Profile, Registration, has_part, word_count
from .gaps import MET, Gap, run_rules, statement_text, verdict_of
from .periods import Period
from .plan import activities_in, exchanges_in
from .portfolio import Portfolio
from .schemes import COMMON, Catalogue, Rule, Scheme, StandardsVersion, cycles

# Checks that bear on the record as a whole: every evidence item supports the standards they decide.
_RECORD_CHECKS = {"min_activities", "unexplained_gap"}


@dataclass(frozen=True)
class StatementItem:
    activity: Activity
    words: int


@dataclass(frozen=True)
class EvidenceRow:
    number: int
    evidence: Evidence
    activity: Activity | Exchange  # the entry that links it: an activity, or feedback or a discussion
    standards: tuple[str, ...]


@dataclass(frozen=True)
class StandardVerdict:
    id: str
    title: str
    verdict: str  # met, partly-met or not-met
    gaps: tuple[Gap, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(g.title for g in self.gaps)


@dataclass(frozen=True)
class AuditProfile:
    scheme: Scheme
    registration: Registration | None
    profile: Profile | None
    cycle: Period
    as_of: dt.date
    activities: tuple[Activity, ...]
    breaks: tuple[Break, ...]
    exchanges: tuple[Exchange, ...]  # feedback received and discussions held in the cycle
    gaps: tuple[Gap, ...]  # every gap of the rules the scheme and its standards name, over the cycle
    statement: tuple[StatementItem, ...]
    evidence: tuple[EvidenceRow, ...]
    version: StandardsVersion | None
    standards: tuple[StandardVerdict, ...]

    @property
    def body(self) -> str:
        return self.scheme.id

    @property
    def body_name(self) -> str:
        return self.scheme.name

    @property
    def layout(self) -> str:
        return self.scheme.audit.layout

    @property
    def unexplained(self) -> tuple[Gap, ...]:
        return tuple(g for g in self.gaps if g.rule.check == "unexplained_gap" and g.rule.body == self.scheme.id)

    @property
    def summary_words(self) -> int:
        return word_count(self.profile.summary) if self.profile else 0

    @property
    def summary_limit(self) -> int | None:
        return self.scheme.limit("summary_of_practice")

    @property
    def statement_words(self) -> int:
        return sum(item.words for item in self.statement)

    @property
    def statement_limit(self) -> int | None:
        return self.scheme.limit("statement")

    @property
    def activity_range(self) -> tuple[int, int] | None:
        """The number of activities the body suggests listing (its activity_count rule), if it suggests one."""
        low, high = self.scheme.limit("activity_count", "min"), self.scheme.limit("activity_count", "max")
        return (low, high) if low is not None else None

    @property
    def met(self) -> int:
        return sum(1 for s in self.standards if s.verdict == MET)

    @property
    def slug(self) -> str:
        return f"{self.body}/{self.cycle.start.isoformat()}_{self.cycle.end.isoformat()}"

    def as_dict(self) -> dict[str, object]:
        reg = self.registration
        numbers = {id(r.activity): [] for r in self.evidence}
        for row in self.evidence:
            numbers[id(row.activity)].append(row.number)
        return {
            "body": self.body,
            "body_name": self.body_name,
            "layout": self.layout,
            "registration": None
            if reg is None
            else {
                "body": reg.body,
                "number": reg.number,
                "designation": reg.designation,
                "renewal": reg.renewal.isoformat() if reg.renewal else None,
            },
            "period": self.cycle.as_dict(),
            "as_of": self.as_of.isoformat(),
            "audit": {
                "window": self.scheme.cycle.window,
                "sampled": self.scheme.audit.sampled,
                "covers": self.scheme.audit.covers,
                "submitted": self.scheme.audit.submitted,
                "source": self.scheme.audit.source.url if self.scheme.audit.source else None,
            },
            "standards_version": None
            if self.version is None
            else {"version": self.version.version, "effective": self.version.effective.isoformat()},
            "standards": [
                {"id": s.id, "title": s.title, "verdict": s.verdict, "findings": [g.as_dict() for g in s.gaps]}
                for s in self.standards
            ],
            "summary": {"words": self.summary_words, "limit": self.summary_limit},
            "activities": [
                {
                    "source": a.source,
                    "title": a.title,
                    "date": a.date.isoformat(),
                    "end": a.end.isoformat() if a.end else None,
                    "type": a.type,
                    "outcomes": list(a.outcomes),
                    "application": a.application,
                    "benefit": a.benefit,
                    "evidence": numbers.get(id(a), []),
                }
                for a in self.activities
            ],
            "activity_range": list(self.activity_range) if self.activity_range else None,
            "breaks": [b.source for b in self.breaks],
            "exchanges": [
                {"source": e.source, "kind": e.kind, "title": e.title, "date": e.date.isoformat(), "who": e.who}
                for e in self.exchanges
            ],
            "unexplained_gaps": [g.title for g in self.unexplained],
            "statement": {
                "activities": [{"activity": i.activity.source, "words": i.words} for i in self.statement],
                "words": self.statement_words,
                "limit": self.statement_limit,
            },
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
            "not_checked": list(self.scheme.not_checked),
        }


def _rules_for(scheme: Scheme, common: Scheme | None, version: StandardsVersion | None) -> list[Rule]:
    """The scheme's rules, and the common ones its standards name (each once, in their files' order)."""
    named = {rid for standard in (version.items if version else ()) for rid in standard.rules}
    rules = list(scheme.rules)
    if common is not None:
        rules += [r for r in common.rules if r.id in named]
    return rules


def _supports(rule: Rule | None, activity: Activity | Exchange, gaps: list[Gap]) -> bool:
    """Whether an activity's (or a piece of feedback's, a discussion's) evidence supports the standard a rule bears
    on."""
    if rule is None:
        return False
    if isinstance(activity, Exchange):
        if rule.check == "min_exchanges":
            return rule.params["kind"] == activity.kind
        return rule.check == "min_reflections" and bool(activity.reflection)
    if rule.check == "min_reflections":
        return bool(activity.reflection)
    if rule.check == "activities_say":
        return has_part(activity, rule.params["part"])
    if rule.check == "type_mixture":
        return not any(g.rule.id == rule.id for g in gaps)
    return rule.check in _RECORD_CHECKS


def audit_profile(portfolio: Portfolio, catalogue: Catalogue, body: str, cycle: Period | None = None) -> AuditProfile:
    """The audit profile of one registration for one cycle (default: the current one).

    Give it `portfolio.public()`: private activities must not reach an auditor's copy.
    """
    scheme = catalogue.scheme(body)
    cycle = cycle or cycles(scheme, portfolio)[0]
    acts = activities_in(portfolio, cycle)
    window = cycle.until(portfolio.as_of)
    breaks = tuple(b for b in portfolio.breaks if b.date <= window.end and b.end >= window.start)
    version = scheme.standards_on(cycle.end)
    rules = _rules_for(scheme, catalogue.schemes.get(COMMON), version)
    gaps = run_rules(portfolio, rules, scheme.name, cycle, acts, catalogue.frameworks, catalogue.variant_of(portfolio))
    by_id = {r.id: r for r in rules}
    standards = []
    for item in version.items if version else ():
        found = tuple(g for g in gaps if g.rule.id in item.rules)
        standards.append(StandardVerdict(item.id, item.title, verdict_of(list(found)), found))
    statement = tuple(StatementItem(a, word_count(statement_text(a))) for a in acts if a.highlight)
    exchanges = tuple(exchanges_in(portfolio, cycle))
    rows = []
    for a in [*acts, *exchanges]:
        supported = tuple(
            s.id
            for s in (version.items if version else ())
            if any(_supports(by_id.get(rid), a, gaps) for rid in s.rules)
        )
        for item in a.evidence:
            rows.append(EvidenceRow(len(rows) + 1, item, a, supported))
    registration = None
    if portfolio.profile:
        registration = next((r for r in portfolio.profile.registrations if r.body == body), None)
    return AuditProfile(
        scheme=scheme,
        registration=registration,
        profile=portfolio.profile,
        cycle=cycle,
        as_of=portfolio.as_of,
        activities=tuple(acts),
        breaks=breaks,
        exchanges=exchanges,
        gaps=tuple(gaps),
        statement=statement,
        evidence=tuple(rows),
        version=version,
        standards=tuple(standards),
    )


__all__ = ["AuditProfile", "StandardVerdict", "audit_profile", "cycles", "statement_text"]
