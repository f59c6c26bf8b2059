"""The overview pages: dashboard, plan versus achieved, gaps, timeline, tags."""

from __future__ import annotations

from collections import defaultdict

from ...core.entries import ACTIVITY_TYPES, TYPE_LABELS
from ...core.gaps import most_important
from ..charts import bar_chart, column_chart
from .common import (
    DASHBOARD,
    GAPS,
    PLAN,
    TAGS,
    TIMELINE,
    Html,
    Page,
    Site,
    activity_link,
    activity_table,
    esc,
    fmt_date,
    fmt_hours,
    gap_item,
    left_out_notice,
    objective_link,
    objective_rows,
    page_meta,
    preview_banner,
)


def _type_chart(site: Site, chart_id: str) -> str:
    s = site.analysis.summary
    return bar_chart(
        f"Hours by activity type, {s.period.label}",
        f"Hours of CPD of each of the five activity types from {s.period.start} to {s.period.end}.",
        [TYPE_LABELS[t] for t in ACTIVITY_TYPES],
        [s.by_type[t].hours for t in ACTIVITY_TYPES],
        chart_id=chart_id,
    )


def _stat(label: str, value: str) -> str:
    return f'<div class="cpd-stat"><span class="cpd-stat-value">{esc(value)}</span> <span class="cpd-stat-label">{esc(label)}</span></div>'


def dashboard(site: Site) -> Page:
    a = site.analysis
    s = a.summary
    p = a.portfolio
    link = site.linker(DASHBOARD)
    parts = [preview_banner(site), left_out_notice(site)]
    profile = p.profile
    name = profile.name if profile and profile.name else "My CPD portfolio"
    parts.append(f"<h1>{esc(name)}</h1>\n\n")
    if profile:
        if profile.role:
            parts.append(f'<p class="cpd-role">{esc(profile.role)}</p>\n\n')
        schemes = a.catalogue.schemes

        def short(body: str) -> str:
            return schemes[body].short if body in schemes else body

        rows = "".join(
            f"<tr><td>{esc(short(r.body))}</td><td>{esc(r.designation or '')}</td><td>{esc(r.number or '')}</td>"
            f"<td>{fmt_date(r.renewal)}</td></tr>"
            for r in profile.registrations
        )
        if rows:
            parts.append(
                '<table class="cpd-table"><caption>Registrations</caption><thead><tr><th scope="col">Body</th>'
                '<th scope="col">Designation</th><th scope="col">Number</th><th scope="col">Renewal</th></tr></thead>'
                f"<tbody>{rows}</tbody></table>\n\n"
            )
        upcoming = sorted(
            (r for r in profile.registrations if r.renewal and r.renewal >= site.as_of), key=lambda r: r.renewal
        )
        if upcoming:
            reg = upcoming[0]
            day = reg.renewal
            days = (day - site.as_of).days
            parts.append(
                f"<p><strong>Next renewal:</strong> {esc(short(reg.body))} on {day.isoformat()} ({days} days).</p>\n\n"
            )
    types_used = sum(1 for t in ACTIVITY_TYPES if s.by_type[t].count)
    active = sum(1 for o in p.objectives if o.status == "active")
    parts.append(
        f"<h2>This cycle at a glance</h2>\n<p>{esc(s.period.label)}: {s.period.start.isoformat()} to "
        f"{s.period.end.isoformat()}, as of {site.as_of.isoformat()}.</p>\n"
        '<div class="cpd-stats">'
        + _stat("activities", str(s.total.count))
        + _stat("hours", f"{s.total.hours:g}")
        + _stat("activity types of 5", str(types_used))
        + _stat("active objectives", str(active))
        + _stat("objectives achieved", str(s.objectives_achieved))
        + "</div>\n\n"
    )
    parts.append(_type_chart(site, "dashboard-types") + "\n\n")
    parts.append("<h2>Achievements</h2>\n")
    if a.achievements:
        parts.append(
            '<ul class="cpd-achievements">'
            + "".join(
                f"<li><strong>{esc(x.title)}</strong>" + (f" ({x.day.isoformat()})" if x.day else "") + "</li>"
                for x in a.achievements[:6]
            )
            + "</ul>\n\n"
        )
    else:
        parts.append("<p>Nothing yet: achieved objectives and milestones appear here.</p>\n\n")
    latest = sorted(p.activities, key=lambda x: (x.date, x.source), reverse=True)
    latest = [x for x in latest if x.date <= site.as_of][:5]
    parts.append("<h2>Latest activities</h2>\n")
    parts.append(activity_table(latest, site, link, caption="The five latest activities") + "\n\n")
    parts.append(f'<p><a href="{esc(link(TIMELINE))}">All activities on the timeline</a></p>\n\n')
    if site.share:  # the gaps are the owner's to-do list, not the reader's
        return [page_meta("Dashboard", hide=["toc"]), Html("".join(parts))]
    parts.append("<h2>Most important gaps</h2>\n")
    top = most_important(a.gaps)
    if top:
        # One section a line: what Markdown made of them when it still parsed this HTML.
        parts.append("\n".join(gap_item(g, link, site.pages or {}) for g in top) + "\n\n")
        parts.append(f'<p><a href="{esc(link(GAPS))}">All {len(a.gaps)} gaps</a></p>\n')
    else:
        parts.append("<p>No gaps found against your bodies' rules.</p>\n")
    return [page_meta("Dashboard", hide=["toc"]), Html("".join(parts))]


def plan(site: Site) -> Page:
    s = site.analysis.summary
    link = site.linker(PLAN)
    months = list(s.by_month)
    parts = [
        preview_banner(site),
        "<h1>Plan versus achieved</h1>\n\n",
        f"<p>{esc(s.period.label)}: {s.period.start.isoformat()} to {s.period.end.isoformat()}, as of "
        f"{site.as_of.isoformat()}. Objectives are shown with all their activities to date.</p>\n\n",
        "<h2>Objectives</h2>\n",
        objective_rows(s.objectives, link) + "\n\n",
        f"<p>Objectives set in the period: {s.objectives_set}; achieved in the period: {s.objectives_achieved}.</p>\n\n",
        "<h2>Planned and unplanned</h2>\n",
        '<table class="cpd-table"><caption>Planned against unplanned activities</caption><thead><tr><th scope="col">Activities</th>'
        '<th scope="col">Count</th><th scope="col">Hours</th></tr></thead><tbody>'
        f'<tr><th scope="row">Planned (serving an objective)</th><td class="cpd-num">{s.planned.count}</td><td class="cpd-num">{fmt_hours(s.planned.hours)}</td></tr>'
        f'<tr><th scope="row">Unplanned</th><td class="cpd-num">{s.unplanned.count}</td><td class="cpd-num">{fmt_hours(s.unplanned.hours)}</td></tr>'
        f'<tr><th scope="row">All</th><td class="cpd-num">{s.total.count}</td><td class="cpd-num">{fmt_hours(s.total.hours)}</td></tr>'
        "</tbody></table>\n\n",
        bar_chart(
            "Planned and unplanned hours",
            "Hours of activities that serve an objective against those that do not.",
            ["Planned", "Unplanned"],
            [s.planned.hours, s.unplanned.hours],
            chart_id="plan-planned",
        )
        + "\n\n",
        "<h2>By activity type</h2>\n",
        _type_chart(site, "plan-types") + "\n\n",
        "<h2>By month</h2>\n",
        column_chart(
            "Hours by month",
            f"Hours of CPD in each month from {s.period.start} to the as-of date.",
            months,
            {"Hours": [s.by_month[m].hours for m in months]},
            chart_id="plan-months",
        )
        + "\n\n",
        "<h2>By year</h2>\n",
        bar_chart(
            "Activities by year",
            "Number of activities in each year of the period.",
            list(s.by_year),
            [v.count for v in s.by_year.values()],
            unit="",
            chart_id="plan-years",
        )
        + "\n",
    ]
    if s.without_hours:
        parts.append(
            f'<p class="cpd-muted">{s.without_hours} activities have no hours recorded: they count as activities, not hours.</p>\n'
        )
    return [page_meta("Plan versus achieved", hide=["toc"]), Html("".join(parts))]


def gaps(site: Site) -> Page:
    a = site.analysis
    link = site.linker(GAPS)
    by_body = defaultdict(list)
    for g in a.gaps:
        by_body[g.body_name].append(g)
    parts = [
        preview_banner(site),
        left_out_notice(site),
        "<h1>Gaps</h1>\n\n",
        f"<p>As of {site.as_of.isoformat()}, against: {esc(', '.join(s.name for s in a.schemes))}. "
        "Gaps are advice for the next plan, not errors. Each says why it matters, which rule it comes from, "
        "and what to do next.</p>\n\n",
    ]
    if not a.gaps:
        parts.append("<p>No gaps found.</p>\n")
    for body_name, items in by_body.items():
        period = items[0].period
        parts.append(
            f'<h2>{esc(body_name)}</h2>\n<p class="cpd-muted">{len(items)} {"gap" if len(items) == 1 else "gaps"}, '
            f"over {esc(period.label)} ({period.start.isoformat()} to {period.end.isoformat()}).</p>\n"
            + "\n".join(gap_item(g, link, site.pages or {}) for g in items)  # one a line, as in dashboard()
            + "\n\n"
        )
    # What each body asks that is not checked here: a partial scheme must never look complete.
    for scheme in a.schemes:
        if scheme.not_checked:
            parts.append(
                f'<details class="cpd-not-checked"><summary>Not checked for {esc(scheme.short)}</summary><ul>'
                + "".join(f"<li>{esc(item)}</li>" for item in scheme.not_checked)
                + "</ul></details>\n"
            )
    return [page_meta("Gaps", hide=["toc"]), Html("".join(parts))]


def timeline(site: Site) -> Page:
    p = site.analysis.portfolio
    link = site.linker(TIMELINE)
    by_year = defaultdict(list)
    for activity in sorted(p.activities, key=lambda x: (x.date, x.source), reverse=True):
        by_year[activity.date.year].append(activity)
    breaks = sorted(p.breaks, key=lambda b: b.date, reverse=True)
    parts = [
        preview_banner(site),
        "<h1>Timeline</h1>\n\n",
        f"<p>All {len(p.activities)} activities, newest first, grouped by year.</p>\n\n",
    ]
    for year, items in by_year.items():
        hours = sum(x.hours or 0 for x in items)
        parts.append(
            f'<h2 id="year-{year}">{year}</h2>\n<p class="cpd-muted">{len(items)} activities, {hours:g} h.</p>\n'
        )
        parts.append(activity_table(items, site, link, caption=f"Activities in {year}", show_tags=True) + "\n\n")
        for b in [b for b in breaks if b.date.year == year]:
            parts.append(
                f'<p class="cpd-break"><strong>Break:</strong> {esc(b.label)}, {b.date.isoformat()} to {b.end.isoformat()}'
                + (f" ({esc(b.reason)})" if b.reason else "")
                + "</p>\n\n"
            )
    return [page_meta("Timeline", hide=["toc"]), Html("".join(parts))]


def tags_page(site: Site, *, listed: bool = False) -> Page:
    """Activities and objectives by tag: Material's tags plugin fills in the listing, or, `listed`, the page has
    its own (for a site generator without that plugin)."""
    if not listed:
        # Markdown: Material's tags plugin fills in the listing.
        return [
            page_meta("Tags"),
            Html(preview_banner(site)),
            "# Tags\n\nActivities and objectives by tag.\n\n<!-- material/tags -->\n",
        ]
    p = site.analysis.portfolio
    link = site.linker(TAGS)
    pages = site.pages or {}
    by_tag: dict[str, list[str]] = defaultdict(list)
    for o in sorted(p.objectives, key=lambda x: x.label.casefold()):
        for tag in dict.fromkeys(o.tags):
            by_tag[tag].append(objective_link(o, link))
    for a in sorted(p.activities, key=lambda x: (x.date, x.source), reverse=True):
        for tag in dict.fromkeys(a.tags):
            by_tag[tag].append(activity_link(a, link, pages.get(a.source)))
    parts = [preview_banner(site), "<h1>Tags</h1>\n\n<p>Activities and objectives by tag.</p>\n\n"]
    if not by_tag:
        parts.append('<p class="cpd-muted">No tags yet.</p>\n')
    for tag in sorted(by_tag, key=lambda t: (t.casefold(), t)):
        items = "".join(f"<li>{item}</li>" for item in by_tag[tag])
        parts.append(f'<h2 class="cpd-tag-heading"><span class="cpd-tag">{esc(tag)}</span></h2>\n<ul>{items}</ul>\n\n')
    return [page_meta("Tags"), Html("".join(parts))]


__all__ = ["TAGS", "dashboard", "gaps", "plan", "tags_page", "timeline"]
