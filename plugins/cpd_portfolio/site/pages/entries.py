"""One page per activity, per piece of feedback or discussion and per objective, and the list of objectives: template
data from the checked entries."""

from __future__ import annotations

from markupsafe import Markup

from ...core.entries import TYPE_LABELS, Activity, Exchange, trim_body
from ...core.markup import as_text, markup_problem
from ...core.plan import ObjectiveProgress
from ..charts import progress_bar
from .common import OBJECTIVES, Page, Site, chart_words


def activity_rows(activities, site: Site, link) -> list[tuple]:
    """Rows for the templates' activity table: each activity, the link to its page, and its objectives."""
    entry, objective = site.sitemap.entry, _objective_links(site, link)
    return [(a, link(entry(a.source)), [objective(oid) for oid in a.objectives]) for a in activities]


def _objective_links(site: Site, link):
    """A function giving, for an objective's id, (the objective or None, the id, the link to its page or None)."""
    portfolio = site.analysis.portfolio
    entry = site.sitemap.entry
    cache: dict[str, tuple] = {}

    def row(oid: str) -> tuple:
        found = cache.get(oid)
        if found is None:
            o = portfolio.objective(oid)
            found = cache[oid] = (o, oid, link(entry(o.source)) if o else None)
        return found

    return row


def objective_rows(progress, site: Site, link) -> list[tuple]:
    """Rows for the templates' objective table: progress, the link to its page, and its progress bar (or none)."""
    return [(p, link(site.sitemap.entry(p.objective.source)), _bar(p, site)) for p in progress]


def _bar(progress: ObjectiveProgress, site: Site) -> Markup | None:
    o = progress.objective
    if not o.target_hours:
        return None
    return Markup(progress_bar(o.label, progress.hours, o.target_hours, words=chart_words(site)))


def _competences(codes, site: Site) -> list[tuple[str, str | None]]:
    frameworks = site.frameworks or {}
    items = []
    for code in codes:
        fid, _, key = code.partition(":")
        framework = frameworks.get(fid)
        items.append((code, framework.title(key) if framework else None))
    return items


def _body(text: str) -> str:
    """An entry's own Markdown, as it is (its comments are hidden by the renderer), or as text when it holds
    markup the HTML parser cannot take: `cpd check` reports it, and one entry never stops the site."""
    text = trim_body(text)
    return (as_text(text) if markup_problem(text) else text) + "\n"


def activity_page(activity: Activity, site: Site) -> Page:
    """The page of one activity: every field, then the reflection."""
    src = site.sitemap.entry(activity.source)
    link = site.linker(src)
    objective = _objective_links(site, link)
    return site.page(
        "activity.html",
        activity.title,
        tags=activity.tags,
        hide=["toc"],
        activity=activity,
        labels=TYPE_LABELS,
        objectives=[objective(oid) for oid in activity.objectives],
        evidence=[(e.label, e.url or link(site.sitemap.file(e.path))) for e in activity.evidence],
        competences=_competences(activity.competences, site),
        body=_body(activity.body) if activity.reflection else None,
    )


def exchange_page(exchange: Exchange, site: Site) -> Page:
    """The page of feedback received or a discussion held: who, what changed, then what was said."""
    link = site.linker(site.sitemap.entry(exchange.source))
    return site.page(
        "exchange.html",
        exchange.title,
        tags=exchange.tags,
        hide=["toc"],
        exchange=exchange,
        evidence=[(e.label, e.url or link(site.sitemap.file(e.path))) for e in exchange.evidence],
        competences=_competences(exchange.competences, site),
        body=_body(exchange.body) if exchange.reflection else None,
    )


def objective_page(progress: ObjectiveProgress, site: Site) -> Page:
    o = progress.objective
    link = site.linker(site.sitemap.entry(o.source))
    return site.page(
        "objective.html",
        o.label,
        tags=o.tags,
        hide=["toc"],
        progress=progress,
        bar=_bar(progress, site),
        competences=_competences(o.competences, site),
        body=_body(o.body) if o.body.strip() else None,
        activities=activity_rows(progress.activities, site, link),
        labels=TYPE_LABELS,
    )


def objectives_index(site: Site) -> Page:
    link = site.linker(OBJECTIVES)
    return site.page(
        "objectives.html",
        site._("Objectives"),
        hide=["toc"],
        rows=objective_rows(site.analysis.summary.objectives, site, link),
    )
