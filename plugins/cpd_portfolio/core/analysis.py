"""One call that computes everything the front ends show: the summary, the gaps, the achievements."""

from __future__ import annotations

from dataclasses import dataclass

from .gaps import Gap, run_rules
from .periods import Period
from .plan import Achievement, PeriodSummary, achievements, activities_in, summarise
from .portfolio import Portfolio
from .schemes import (
    COMMON,
    Catalogue,
    Scheme,
    bodies_for,
    current_cycle,
    default_period,
    load_catalogue,
    resolve_period,
)


@dataclass(frozen=True)
class Analysis:
    portfolio: Portfolio
    catalogue: Catalogue
    bodies: list[str]
    schemes: list[Scheme]  # the common rules first, then each body's scheme
    summary: PeriodSummary
    gaps: list[Gap]
    achievements: list[Achievement]
    period: Period | None = None  # the period asked for; None: each body's rules ran over its own current cycle

    def window(self, scheme: Scheme) -> Period:
        """The period a scheme's rules ran over."""
        return window_for(self.portfolio, self.catalogue, scheme, self.period)


def window_for(portfolio: Portfolio, catalogue: Catalogue, scheme: Scheme, period: Period | None = None) -> Period:
    """The period a scheme's rules run over: `period` if one is asked for; else the body's own current cycle, and for
    the common rules the default period (the first registration's cycle)."""
    if period is not None:
        return period
    if scheme.id == COMMON:
        return default_period(portfolio, catalogue)
    return current_cycle(scheme, portfolio)


def find_gaps(
    portfolio: Portfolio, catalogue: Catalogue, schemes: list[Scheme], period: Period | None = None
) -> list[Gap]:
    """Every gap, scheme by scheme. Without `period`, each body's rules run over its own current cycle, and the
    common rules over the default period (the first registration's cycle)."""
    variant_of = catalogue.variant_of(portfolio)
    gaps: list[Gap] = []
    for scheme in schemes:
        window = window_for(portfolio, catalogue, scheme, period)
        acts = activities_in(portfolio, window)
        gaps.extend(run_rules(portfolio, scheme.rules, scheme.name, window, acts, catalogue.frameworks, variant_of))
    return gaps


def analyse(
    portfolio: Portfolio,
    catalogue: Catalogue | None = None,
    *,
    period: str | None = None,
    bodies: list[str] | None = None,
) -> Analysis:
    """Plan versus achieved over `period` (default: the current cycle) and gaps against each body's rules.

    Give it `portfolio.public()` for anything that will be published. SchemeError when a scheme file has an
    error or a body has no scheme; PeriodError for a period that names none.
    """
    if catalogue is None:  # the front ends load it once and pass it; a script may leave it to this
        catalogue = load_catalogue(portfolio.root)
    catalogue.require()
    chosen = bodies_for(portfolio, catalogue, bodies)
    schemes = catalogue.chosen(chosen)
    explicit = resolve_period(period, portfolio, chosen, catalogue)
    summary = summarise(portfolio, explicit or default_period(portfolio, catalogue))
    return Analysis(
        portfolio=portfolio,
        catalogue=catalogue,
        bodies=chosen,
        schemes=schemes,
        summary=summary,
        gaps=find_gaps(portfolio, catalogue, schemes, explicit),
        achievements=achievements(portfolio),
        period=explicit,
    )
