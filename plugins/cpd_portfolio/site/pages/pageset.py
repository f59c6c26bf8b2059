"""Every page of the site, made from a checked portfolio without MkDocs: the site map (../sitemap.py) decides each
page's address.

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
from ..sitemap import AUDIT, DASHBOARD, GAPS, OBJECTIVES, OVERVIEW, PLAN, TAGS, TIMELINE, SiteMap, audit_uri
from . import common, entries, overview
from .audit import audit_index, audit_page
from .templating import Templates

# The site's own styles: where each is published (in assets/ of this package, by the second name).
CSS_URIS = {"assets/cpd/cpd.css": "cpd.css", "assets/cpd/audit.css": "audit.css"}


@dataclass(frozen=True)
class SitePage:
    """One generated page: its address (a src_uri such as `2025/x.md`) and its parts (meta, then the body)."""

    src_uri: str
    parts: common.Page
    in_nav: bool = False  # an overview page, in the navigation
    indexed: bool = True  # only entries' pages are indexed for search: the rest repeat their text


def make_site(
    analysis: Analysis,
    *,
    use_directory_urls: bool = True,
    include_private: bool = False,
    source_links: bool = False,
    audience: str = "owner",
    left_out: tuple = (),
    withheld: int = 0,
    custom_dirs: tuple = (),
    language: str | None = None,
    continuity=None,
    memo: common.PageMemo | None = None,
) -> common.Site:
    """The context every page is made in: `analysis` is of the portfolio being published. `custom_dirs`: the theme's
    custom_dir, whose cpd/ folder may override any template; `language`: the theme's, for the plugin's words;
    `memo`: the last build's pages, for a page made from the same to be taken from there (`mkdocs serve`)."""
    view = analysis.portfolio
    sitemap = SiteMap.of(view, evidence_files(view), use_directory_urls=use_directory_urls, source_links=source_links)
    site = common.Site(
        analysis=analysis,
        sitemap=sitemap,
        templates=Templates(custom_dirs, language),
        include_private=include_private,
        audience=audience,
        left_out=tuple(left_out),
        withheld=withheld,
        continuity=continuity,
        memo=memo,
    )
    if memo is not None:
        memo.begin(site.memo_key())
    return site


def site_pages(site: common.Site, *, tags_listed: bool = False) -> Iterator[SitePage]:
    """Every page, in the order of the navigation: overview pages (the audit index in its place among them), then
    objectives, activities and audit profiles.

    `tags_listed`: the tags page lists the tags itself, for a generator without Material's tags plugin.
    """
    view = site.analysis.portfolio
    entry = site.sitemap.entry
    # /audit/ lists each registration's cycles; each cycle's profile has a page of its own.
    profiles = []
    catalogue = site.analysis.catalogue
    for scheme in site.analysis.schemes:
        if scheme.id == COMMON:
            continue
        for index, cycle in enumerate(cycles(scheme, view)):
            profile = audit_profile(view, catalogue, scheme.id, cycle)
            profiles.append((profile, audit_uri(scheme.id, None if index == 0 else cycle), index == 0))
    makers = {
        DASHBOARD: overview.dashboard,
        PLAN: overview.plan,
        GAPS: None if site.share else overview.gaps,  # a share build holds no self-assessment
        TIMELINE: overview.timeline,
        OBJECTIVES: entries.objectives_index,
        AUDIT: lambda site: audit_index(profiles, site),
        TAGS: lambda site: overview.tags_page(site, listed=tags_listed),
    }
    for src in OVERVIEW:
        if makers[src] is not None:
            yield SitePage(src, makers[src](site), in_nav=True, indexed=False)
    for progress in site.analysis.summary.objectives:
        yield SitePage(entry(progress.objective.source), entries.objective_page(progress, site))
    for activity in view.activities:
        yield SitePage(entry(activity.source), entries.activity_page(activity, site))
    for exchange in view.exchanges:
        yield SitePage(entry(exchange.source), entries.exchange_page(exchange, site))
    for profile, src, _current in profiles:
        yield SitePage(src, audit_page(profile, site, src), indexed=False)


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
    """The evidence files to publish (paths relative to the entries folder): only those of published activities,
    feedback and discussions, so a file linked only from a private entry stays out. (An entry's own file is never evidence: the checker refuses
    it, so its raw text is never published.)"""
    return sorted({ev.path for e in [*view.activities, *view.exchanges] for ev in e.evidence if ev.path})


__all__ = ["CSS_URIS", "SitePage", "evidence_files", "left_out", "make_site", "site_pages"]
