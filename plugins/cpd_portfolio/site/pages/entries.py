"""One page per activity and per objective, and the list of objectives."""

from __future__ import annotations

from ...core.entries import Activity, trim_body
from ...core.markup import as_text, markup_problem
from ...core.plan import ObjectiveProgress
from .common import (
    OBJECTIVES,
    Furniture,
    Html,
    Page,
    Site,
    activity_table,
    date_range,
    esc,
    fmt_date,
    fmt_hours,
    objective_link,
    objective_rows,
    objective_uri,
    page_meta,
    preview_banner,
    private_badge,
    status_badge,
    type_badge,
)


def _field(label: str, value_html: str) -> str:
    return f"<dt>{esc(label)}</dt><dd>{value_html}</dd>" if value_html else ""


def _list(items) -> str:
    return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>" if items else ""


def _competences(codes, site: Site) -> str:
    frameworks = site.frameworks or {}
    items = []
    for code in codes:
        fid, _, key = code.partition(":")
        framework = frameworks.get(fid)
        title = framework.title(key) if framework else None
        items.append(f"<li><code>{esc(code)}</code>" + (f" {esc(title)}" if title else "") + "</li>")
    return f"<ul>{''.join(items)}</ul>" if items else ""


def activity_page(activity: Activity, site: Site, src: str | None = None) -> Page:
    """The page of one activity (made at `src`, default its own path): every field, then the reflection."""
    link = site.linker(src or activity.source)
    portfolio = site.analysis.portfolio
    objectives = []
    for oid in activity.objectives:
        o = portfolio.objective(oid)
        objectives.append(f"<li>{objective_link(o, link)}</li>" if o else f"<li>{esc(oid)}</li>")
    evidence = []
    for item in activity.evidence:
        href = item.url or link(item.path)
        evidence.append(f'<li><a href="{esc(href)}">{esc(item.label)}</a></li>')
    fields = "".join(
        [
            _field("Type", type_badge(activity.type)),
            _field("Date", date_range(activity.date, activity.end)),
            _field("Hours", fmt_hours(activity.hours) if activity.hours is not None else ""),
            _field("Method", esc(activity.method) if activity.method else ""),
            _field(
                "Objectives",
                f"<ul>{''.join(objectives)}</ul>" if objectives else '<span class="cpd-muted">Unplanned</span>',
            ),
            _field("Competences", _competences(activity.competences, site)),
            _field("Highlighted for the audit statement", "Yes" if activity.highlight else ""),
        ]
    )
    head = preview_banner(site) + f"<h1>{esc(activity.title)}{private_badge(activity)}</h1>\n\n"
    sections = []
    missing = '<p class="cpd-missing">Not recorded yet.</p>'
    for heading, content in (
        ("What I learnt", _list(activity.outcomes)),
        ("How it improved my practice", f"<p>{esc(activity.application)}</p>" if activity.application else ""),
        ("How it benefits service users", f"<p>{esc(activity.benefit)}</p>" if activity.benefit else ""),
    ):
        if content or not site.share:  # a share build says what there is, not what is missing
            sections.append(f"<h2>{heading}</h2>\n{content or missing}\n\n")
    return [
        page_meta(activity.title, tags=activity.tags, hide=["toc"]),
        Html(head),
        Furniture(f'<dl class="cpd-fields">{fields}</dl>\n\n'),
        Html("".join(sections)),
        Furniture(f"<h2>Evidence</h2>\n<ul>{''.join(evidence)}</ul>\n\n" if evidence else ""),
        # Raw, not Markdown: a heading in the table of contents costs every page a rendered (if hidden) sidebar.
        *_reflection(activity, site),
    ]


def _reflection(activity: Activity, site: Site) -> list:
    if activity.reflection:
        # Raw, not Markdown: a heading in the table of contents costs every page a rendered (if hidden) sidebar.
        return [Html('<h2 id="reflection">Reflection</h2>\n\n'), _body(activity.body)]
    if site.share:
        return []
    return [Html('<h2 id="reflection">Reflection</h2>\n\n'), '<p class="cpd-missing">No reflection written yet.</p>\n']


def _body(text: str) -> str:
    """An entry's own Markdown, as it is (its comments are hidden by the renderer), or as text when it holds
    markup the HTML parser cannot take: `cpd check` reports it, and one entry never stops the site."""
    text = trim_body(text)
    return (as_text(text) if markup_problem(text) else text) + "\n"


def objective_page(progress: ObjectiveProgress, site: Site) -> Page:
    o = progress.objective
    src = objective_uri(o.id)
    link = site.linker(src)
    from ..charts import progress_bar

    fields = "".join(
        [
            _field("Status", status_badge(progress.status)),
            _field("Set on", fmt_date(o.date) if o.date else ""),
            _field("Due", fmt_date(o.due)),
            _field("Closed", fmt_date(o.closed) if o.closed else ""),
            _field(
                "Hours",
                progress_bar(o.label, progress.hours, o.target_hours) if o.target_hours else fmt_hours(progress.hours),
            ),
            _field("Activities", str(len(progress.activities))),
            _field("Last activity", fmt_date(progress.last) if progress.last else ""),
            _field("Competences", _competences(o.competences, site)),
        ]
    )
    head = [
        f"<h2>Development need</h2>\n<p>{esc(o.need) if o.need else 'Not recorded.'}</p>\n\n",
        f"<h2>How I will know</h2>\n<p>{esc(o.success) if o.success else 'Not recorded.'}</p>\n\n",
    ]
    evaluation = [
        "<h2>Evaluation</h2>\n",
        f"<p>{esc(o.evaluation)}</p>\n\n" if o.evaluation else '<p class="cpd-missing">Not evaluated yet.</p>\n\n',
    ]
    if site.share and not o.evaluation:
        evaluation = []
    # The activities' own pages are indexed for search: their list here is furniture.
    activities = activity_table(progress.activities, site, link, caption=f"Activities that serve {o.label}")
    return [
        page_meta(o.label, tags=o.tags, hide=["toc"]),
        Html(preview_banner(site) + f"<h1>{esc(o.label)}</h1>\n\n"),
        Furniture(f'<dl class="cpd-fields">{fields}</dl>\n\n'),
        Html("".join(head) + '<h2 id="action-plan">Action plan</h2>\n\n'),
        _body(o.body) + "\n" if o.body.strip() else "No action plan written yet.\n\n",
        Html("".join(evaluation)),
        Furniture(f"<h2>Activities</h2>\n{activities}\n"),
    ]


def objectives_index(site: Site) -> Page:
    link = site.linker(OBJECTIVES)
    progress = site.analysis.summary.objectives
    return [
        page_meta("Objectives"),
        Html(
            preview_banner(site)
            + "<h1>Objectives</h1>\n\n<p>My development plan: each objective with its status and progress as of "
            + f"{site.as_of.isoformat()}.</p>\n\n"
            + objective_rows(progress, link)
            + "\n"
        ),
    ]
