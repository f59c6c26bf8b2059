"""Every page of the site, made from a checked portfolio without MkDocs: one place decides each page's address.

The MkDocs plugin hands these pages to MkDocs; `cpd pages` writes the same pages out as Markdown files for any
other site generator. Both publish only what `view` holds: give them `portfolio.public()`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...core.analysis import Analysis
from ...core.audit import audit_profile
from ...core.portfolio import Portfolio
from ...core.schemes import COMMON, cycles
from . import common, entries, overview
from .audit import audit_index, audit_page

# The site's own styles: where each is published (in assets/ of this package, by the second name).
CSS_URIS = {"assets/cpd/cpd.css": "cpd.css", "assets/cpd/audit.css": "audit.css"}


@dataclass(frozen=True)
class SitePage:
    """One generated page: its address (a src_uri such as `2025/x.md`) and its parts (meta, then the body)."""

    src_uri: str
    parts: common.Page
    in_nav: bool = False  # an overview page, in the navigation
    indexed: bool = True  # only activity and objective pages are indexed for search: the rest repeat their text


def entry_pages(view: Portfolio) -> dict[str, str]:
    """The src_uri of each activity's and objective's page, by the entry's source.

    An activity has its entry's path, unless that is the address of an overview or objective page.
    """
    reserved = {common.DASHBOARD, common.PLAN, common.GAPS, common.TIMELINE, common.OBJECTIVES, common.TAGS}
    reserved |= {common.objective_uri(o.id) for o in view.objectives}
    pages: dict[str, str] = {o.source: common.objective_uri(o.id) for o in view.objectives}
    for a in view.activities:
        pages[a.source] = a.source if a.source not in reserved else f"activities/{a.source}"
    return pages


def make_site(
    analysis: Analysis,
    *,
    use_directory_urls: bool = True,
    include_private: bool = False,
    source_links: bool = False,
    audience: str = "owner",
    left_out: tuple = (),
    withheld: int = 0,
) -> common.Site:
    """The context every page is made in: `analysis` is of the portfolio being published."""
    return common.Site(
        analysis=analysis,
        use_directory_urls=use_directory_urls,
        include_private=include_private,
        pages=entry_pages(analysis.portfolio),
        frameworks=analysis.catalogue.frameworks,
        source_links=source_links,
        audience=audience,
        left_out=tuple(left_out),
        withheld=withheld,
    )


def site_pages(site: common.Site, *, tags_listed: bool = False) -> Iterator[SitePage]:
    """Every page, in the order the plugin adds them: overview pages, objectives, activities, audit profiles.

    `tags_listed`: the tags page lists the tags itself, for a generator without Material's tags plugin.
    """
    view = site.analysis.portfolio
    pages = site.pages or {}
    overview_pages = {
        common.DASHBOARD: overview.dashboard(site),
        common.PLAN: overview.plan(site),
        **({} if site.share else {common.GAPS: overview.gaps(site)}),  # a share build holds no self-assessment
        common.TIMELINE: overview.timeline(site),
        common.OBJECTIVES: entries.objectives_index(site),
        common.TAGS: overview.tags_page(site, listed=tags_listed),
    }
    for src, parts in overview_pages.items():
        yield SitePage(src, parts, in_nav=True, indexed=False)
    for progress in site.analysis.summary.objectives:
        yield SitePage(common.objective_uri(progress.objective.id), entries.objective_page(progress, site))
    for activity in view.activities:
        src = pages[activity.source]
        yield SitePage(src, entries.activity_page(activity, site, src))
    # /audit/ lists each registration's cycles; each cycle's profile has a page of its own.
    profiles = []
    catalogue = site.analysis.catalogue
    for scheme in site.analysis.schemes:
        if scheme.id == COMMON:
            continue
        for index, cycle in enumerate(cycles(scheme, view)):
            profile = audit_profile(view, catalogue, scheme.id, cycle)
            src = common.audit_uri(scheme.id, None if index == 0 else cycle)
            profiles.append((profile, src, index == 0))
            yield SitePage(src, audit_page(profile, site, src), indexed=False)
    yield SitePage(common.AUDIT, audit_index(profiles, site), in_nav=True, indexed=False)


_PRIVATE = re.compile(r"^private[ \t]*:[ \t]*[\"']?(true|yes|on)\b", re.IGNORECASE | re.MULTILINE)


def left_out(portfolio: Portfolio) -> tuple[tuple, int]:
    """The errors that leave entries out of the site, for the owner's notice, and how many entries are withheld from
    it: one that says `private: true`, or that cannot be read to tell, is only counted (its name and values stay out
    of the site, as a private entry's always do)."""
    shown_to_rel = {shown: rel for rel, shown in portfolio.files.items()}
    shown, withheld = [], set()
    for finding in portfolio.errors:
        rel = shown_to_rel.get(finding.path)
        try:
            text = (portfolio.root / rel).read_text(encoding="utf-8", errors="replace") if rel else None
        except OSError:
            text = None
        front = text.split("\n---", 1)[0] if text and text.startswith("---") else None
        if front is None or _PRIVATE.search(front):
            withheld.add(finding.path)
            continue
        shown.append(finding)
    return tuple(shown), len(withheld)


def evidence_files(view: Portfolio) -> list[str]:
    """The evidence files to publish (paths relative to the entries folder): only those of published activities, so
    a file linked only from a private entry stays out. (An entry's own file is never evidence: the checker refuses
    it, so its raw text is never published.)"""
    return sorted({ev.path for a in view.activities for ev in a.evidence if ev.path})


__all__ = ["CSS_URIS", "SitePage", "entry_pages", "evidence_files", "make_site", "site_pages"]
