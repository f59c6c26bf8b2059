"""The audit profile: template data for the site's /audit/ pages and the self-contained file (one template,
templates/audit-profile.html, serves both).

`evidence_href` decides where an evidence row links (a copied file in the site, a numbered file in the bundle, or
nowhere); `activity_href` where an activity's title links (its page in the site, or nowhere).
"""

from __future__ import annotations

from collections.abc import Callable

from ...core.audit import AuditProfile, EvidenceRow
from ...core.entries import TYPE_LABELS
from .common import AUDIT, Page, Site

# The profile's sections, in order, by the body's layout (core/schemes/*.yml: audit.layout).
# Feedback and discussions are part of the activities' section (the body's forms have no field of their own for them).
SECTIONS = {
    "profile": ("details", "summary", "activities", "statement", "evidence", "standards"),
    "summary": ("details", "activity-summary", "evidence", "standards"),
    "standards": ("details", "activities", "evidence", "standards"),
}


def profile_data(
    profile: AuditProfile,
    evidence_href: Callable[[EvidenceRow], str | None],
    *,
    activity_href: Callable[[str], str] | None = None,
    assess: bool = True,
    kept=None,
) -> dict:
    """What templates/audit-profile.html is rendered with. Without `assess` (a share build, the file for the
    auditor) the standards checklist is left out."""
    sections = SECTIONS.get(profile.layout, SECTIONS["standards"])
    return {
        "profile": profile,
        "assess": assess,
        "sections": [s for s in sections if assess or s != "standards"],
        "labels": TYPE_LABELS,
        # Each activity with the link of its title (none in the file): worked out here, once, not in the template.
        "activities": [(a, activity_href(a.source) if activity_href else None) for a in profile.activities],
        "exchanges": [(e, activity_href(e.source) if activity_href else None) for e in profile.exchanges],
        "evidence": [(row, evidence_href(row)) for row in profile.evidence],
        "kept": kept,  # core.continuity.Figures for the period's activities, or None (no git history)
    }


def audit_title(profile: AuditProfile, _: Callable[..., str]) -> str:
    return _(
        "Audit profile: %(body)s, %(start)s to %(end)s",
        body=profile.body_name,
        start=profile.cycle.start.isoformat(),
        end=profile.cycle.end.isoformat(),
    )


def audit_page(profile: AuditProfile, site: Site, src: str) -> Page:
    """A page of the site: the profile, with evidence linked to the copied files and activities to their pages."""
    link = site.linker(src)
    entry, file = site.sitemap.entry, site.sitemap.file

    def evidence_href(row: EvidenceRow) -> str | None:
        return row.evidence.url or link(file(row.evidence.path))

    def activity_href(source: str) -> str:
        return link(entry(source))

    return site.page(
        "audit-page.html",
        audit_title(profile, site._),
        hide=["toc", "navigation"],
        index_href=link(AUDIT),
        **profile_data(
            profile,
            evidence_href,
            activity_href=activity_href,
            assess=not site.share,
            kept=site.kept(profile.activities),
        ),
    )


def audit_index(profiles: list[tuple[AuditProfile, str, bool]], site: Site) -> Page:
    """/audit/: every registration's current cycle first, then its earlier cycles."""
    link = site.linker(AUDIT)
    return site.page(
        "audit-index.html",
        site._("Audit profiles"),
        hide=["toc"],
        profiles=[(profile, link(src), current) for profile, src, current in profiles],
        csv_href=link("export/portfolio.csv"),
        json_href=link("export/portfolio.json"),
    )
