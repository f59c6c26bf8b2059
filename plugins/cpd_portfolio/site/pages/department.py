"""The department site's pages: template data from what each member shares (core/department.py), nothing more.

A share build by nature: no member's self-assessment, no private entry, no draft, no reflection the member did not
name. Every text from a member's portfolio is escaped by the templates (a shared reflection is shown as text, not
as Markdown), so no script from any member's text can run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ...core.department import (
    Department,
    MemberView,
    competence_columns,
    team_objectives,
    upcoming,
)
from ...core.entries import ACTIVITY_TYPES, TYPE_LABELS
from ..sitemap import SiteMap
from .common import Page, page_meta
from .templating import Templates

INDEX = "index.md"
COVERAGE = "coverage.md"
DEADLINES = "deadlines.md"
TEAM_PLAN = "plan.md"
PAGES = (INDEX, COVERAGE, DEADLINES, TEAM_PLAN)  # in the order of the navigation


def member_uri(view: MemberView) -> str:
    return f"members/{view.member.id}.md"


def department_pages(
    department: Department,
    views: list[MemberView],
    as_of: dt.date,
    templates: Templates,
    frameworks: dict,
    *,
    use_directory_urls: bool = True,
) -> Iterator[tuple[str, Page, bool]]:
    """Every page: (src_uri, its parts, whether it is in the navigation)."""
    links = SiteMap(use_directory_urls=use_directory_urls)
    _ = templates._

    def page(template: str, title: str, **data) -> Page:
        return [page_meta(title, hide=["toc"]), *templates.page(template, **data)]

    def rows(src: str, chosen) -> list[tuple[MemberView, str]]:
        link = links.linker(src)
        return [(v, link(member_uri(v))) for v in chosen]

    shown = [v for v in views if v.problem is None]
    figures = [v for v in shown if v.figures]
    link = links.linker(INDEX)
    nav = [(_("Coverage"), link(COVERAGE)), (_("Deadlines"), link(DEADLINES)), (_("Team plan"), link(TEAM_PLAN))]
    yield (
        INDEX,
        page(
            "department.html",
            department.name,
            dept=department,
            rows=rows(INDEX, shown),
            left_out=[v for v in views if v.problem is not None],
            links=nav,
            as_of=as_of,
        ),
        True,
    )
    columns = competence_columns(figures)
    named = []
    for fid, codes in columns.items():
        framework = frameworks.get(fid)
        named.append(
            (fid, framework.name if framework else fid, [(c, framework.title(c) if framework else None) for c in codes])
        )
    yield (
        COVERAGE,
        page(
            "department-coverage.html",
            _("Coverage"),
            rows=rows(COVERAGE, figures),
            types=[(t, TYPE_LABELS[t]) for t in ACTIVITY_TYPES],
            frameworks=named,
        ),
        True,
    )
    link = links.linker(DEADLINES)
    yield (
        DEADLINES,
        page(
            "department-deadlines.html",
            _("Deadlines"),
            rows=[(d, v, link(member_uri(v))) for d, v in upcoming(figures)],
            gaps=[(v, link(member_uri(v)), v.unexplained) for v in figures if v.unexplained],
        ),
        True,
    )
    link = links.linker(TEAM_PLAN)
    yield (
        TEAM_PLAN,
        page(
            "department-plan.html",
            _("Team plan"),
            rows=[(t, [(v, link(member_uri(v)), o) for v, o in t.members]) for t in team_objectives(shown)],
        ),
        True,
    )
    for v in views:
        src = member_uri(v)
        yield (
            src,
            page(
                "department-member.html",
                v.member.name,
                v=v,
                labels=TYPE_LABELS,
                index_href=links.linker(src)(INDEX),
            ),
            False,
        )


__all__ = ["PAGES", "department_pages", "member_uri"]
