"""One call that computes everything the front ends show: the summary, the gaps, the achievements."""

from __future__ import annotations

from dataclasses import dataclass

from .gaps import Gap, find_gaps
from .plan import Achievement, PeriodSummary, achievements, summarise
from .portfolio import Portfolio
from .rules import RuleSet, bodies_for, default_period, load_rule_sets, resolve_period


@dataclass(frozen=True)
class Analysis:
    portfolio: Portfolio
    bodies: list[str]
    rule_sets: list[RuleSet]
    summary: PeriodSummary
    gaps: list[Gap]
    achievements: list[Achievement]


def analyse(portfolio: Portfolio, *, period: str | None = None, bodies: list[str] | None = None) -> Analysis:
    """Plan versus achieved over `period` (default: the current cycle) and gaps against each body's rules.

    Give it `portfolio.public()` for anything that will be published.
    """
    chosen = bodies_for(portfolio, bodies)
    rule_sets = load_rule_sets(chosen, portfolio.root)
    explicit = resolve_period(period, portfolio, chosen)
    summary = summarise(portfolio, explicit or default_period(portfolio, chosen))
    return Analysis(
        portfolio=portfolio,
        bodies=chosen,
        rule_sets=rule_sets,
        summary=summary,
        gaps=find_gaps(portfolio, rule_sets, explicit),
        achievements=achievements(portfolio),
    )
