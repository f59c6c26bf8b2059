"""The overview pages (dashboard, plan versus achieved, gaps, timeline, tags): template data from the analysis."""

from __future__ import annotations

from collections import Counter, defaultdict

from markupsafe import Markup

from ...core.deadlines import standings
from ...core.entries import ACTIVITY_TYPES, TYPE_LABELS
from ...core.gaps import most_important
from ...core.plan import months
from ..charts import bar_chart, column_chart
from ..sitemap import CALENDAR, audit_uri
from .common import DASHBOARD, GAPS, OBJECTIVES, PLAN, TAGS, TIMELINE, Page, Site, chart_words
from .entries import _objective_links, activity_rows, objective_rows

UNEXPLAINED = "unexplained_gap"  # the check whose gaps are stretches without CPD (marked on the timeline and charts)


def _type_chart(site: Site, chart_id: str) -> Markup:
    s = site.analysis.summary
    _ = site._
    return Markup(
        bar_chart(
            _("Hours by activity type, %(period)s", period=s.period.label),
            _(
                "Hours of CPD of each of the five activity types from %(start)s to %(end)s.",
                start=s.period.start,
                end=s.period.end,
            ),
            [_(TYPE_LABELS[t]) for t in ACTIVITY_TYPES],
            [s.by_type[t].hours for t in ACTIVITY_TYPES],
            chart_id=chart_id,
            words=chart_words(site),
        )
    )


def _spans(site: Site) -> tuple:
    """The stretches without CPD the gaps found: the owner's to see (a share build holds no self-assessment)."""
    return tuple(g.span for g in _unexplained(site))


def dashboard(site: Site) -> Page:
    a = site.analysis
    s, p, _ = a.summary, a.portfolio, site._
    link = site.linker(DASHBOARD)
    profile = p.profile
    types_used = sum(1 for t in ACTIVITY_TYPES if s.by_type[t].count)
    active = sum(1 for o in p.objectives if o.status == "active")
    stats = [
        ("activities", s.total.count, link(TIMELINE)),
        ("hours", s.total.hours, link(PLAN) + "#by-month"),
        ("types", types_used, link(PLAN) + "#by-type"),
        ("active", active, link(OBJECTIVES)),
        ("achieved", s.objectives_achieved, link(OBJECTIVES)),
    ]
    latest = sorted((x for x in p.activities if x.date <= site.as_of), key=lambda x: (x.date, x.source), reverse=True)
    due = [
        (progress, link(site.sitemap.entry(progress.objective.source)))
        for progress in s.objectives
        if progress.status in ("overdue", "due soon")
    ]
    actions = [] if site.share else most_important(a.gaps, 3)
    named = {src for g in actions for src in g.entries}  # an objective a next action names already is not listed twice
    due = [d for d in due if d[0].objective.source not in named]
    return site.page(
        "dashboard.html",
        _("Dashboard"),
        hide=["toc"],
        name=profile.name if profile and profile.name else _("My CPD portfolio"),
        role=profile.role if profile else None,
        standings=[(st, link(audit_uri(st.scheme.id))) for st in standings(p, a.catalogue)],
        actions=actions,
        due=[] if site.share else sorted(due, key=lambda d: d[0].objective.due or site.as_of),
        gap_count=len(a.gaps),
        gaps_href=link(GAPS),
        stats=stats,
        chart=_type_chart(site, "dashboard-types"),
        achievements=a.achievements[:6],
        latest=activity_rows(latest[:5], site, link),
        timeline_href=link(TIMELINE),
        calendar_href=link(CALENDAR),
        kept=None if site.share else site.kept(s.activities),
        drafts=[] if site.share else p.drafts,
        labels=TYPE_LABELS,
        period=s.period,
    )


def plan(site: Site) -> Page:
    s, _ = site.analysis.summary, site._
    link = site.linker(PLAN)
    rows = months(site.analysis.portfolio, s.period, _spans(site))
    words = chart_words(site)
    notes = []
    for row in rows:  # what a month of no hours means, on the chart itself
        if row.breaks:
            notes.append(_("break"))
        elif row.without_hours:
            notes.append(_("%(num)d without hours", num=row.without_hours))
        elif row.unexplained and not site.share:
            notes.append(_("no CPD"))
        else:
            notes.append("")
    return site.page(
        "plan.html",
        _("Plan versus achieved"),
        hide=["toc"],
        summary=s,
        objectives=objective_rows(s.objectives, site, link),
        planned_chart=Markup(
            bar_chart(
                _("Planned and unplanned hours"),
                _("Hours of activities that serve an objective against those that do not."),
                [_("Planned"), _("Unplanned")],
                [s.planned.hours, s.unplanned.hours],
                chart_id="plan-planned",
                words=words,
            )
        ),
        types_chart=_type_chart(site, "plan-types"),
        months=rows,
        months_chart=Markup(
            column_chart(
                _("Hours by month"),
                _(
                    "Hours of CPD in each month from %(start)s to the as-of date, each activity's hours spread over "
                    "its days.",
                    start=s.period.start,
                ),
                [r.month for r in rows],
                {_("Hours"): [r.hours for r in rows]},
                chart_id="plan-months",
                words=words,
                notes=notes,
            )
        ),
        years_chart=Markup(
            bar_chart(
                _("Activities by year"),
                _("Number of activities in each year of the period."),
                list(s.by_year),
                [v.count for v in s.by_year.values()],
                unit="",
                chart_id="plan-years",
                words=words,
            )
        ),
    )


def _seen(gap, site: Site, link) -> list[tuple[str, str]]:
    """The entries a gap concerns, by their titles, each linked to its page (a break or a profile has none)."""
    portfolio = site.analysis.portfolio
    entries = site.sitemap.entries
    titles = {a.source: a.title for a in portfolio.activities}
    titles.update({o.source: o.label for o in portfolio.objectives})
    return [(titles.get(src, src), link(entries[src])) for src in gap.entries if src in entries]


def gaps(site: Site) -> Page:
    a = site.analysis
    link = site.linker(GAPS)
    by_body: dict[str, list] = defaultdict(list)
    for g in a.gaps:
        by_body[g.body_name].append((g, _seen(g, site, link)))
    bodies = []
    for scheme in a.schemes:
        items = by_body.pop(scheme.name, [])
        period = items[0][0].period if items else a.window(scheme)
        bodies.append((scheme.name, period, items))
    for name, items in by_body.items():  # a gap under a name no scheme has (none today): never dropped
        bodies.append((name, items[0][0].period, items))
    return site.page(
        "gaps.html",
        site._("Gaps"),
        hide=["toc"],
        schemes=a.schemes,
        bodies=bodies,
        counts=Counter(g.priority for g in a.gaps),
        total=len(a.gaps),
    )


def timeline(site: Site) -> Page:
    p = site.analysis.portfolio
    link = site.linker(TIMELINE)
    entry = site.sitemap.entry
    objective = _objective_links(site, link)
    dated: list[tuple] = [
        (a.date, a.source, ("activity", a, link(entry(a.source)), [objective(oid) for oid in a.objectives]))
        for a in p.activities
    ]
    dated += [(b.date, b.source, ("break", b, None, None)) for b in p.breaks]
    dated += [(e.date, e.source, (e.kind, e, link(entry(e.source)), None)) for e in p.exchanges]
    dated += [(g.span[0], "", ("gap", g, None, None)) for g in _unexplained(site)]
    dated.sort(key=lambda x: (x[0], x[1]), reverse=True)
    years: dict[int, list] = defaultdict(list)
    for day, _source, item in dated:
        years[day.year].append(item)
    rows = []
    for year, items in years.items():
        acts = [item[1] for item in items if item[0] == "activity"]
        rows.append((year, len(acts), sum(x.hours or 0 for x in acts), items))
    return site.page(
        "timeline.html",
        site._("Timeline"),
        hide=["toc"],
        reads=(len(p.activities), _timeline_reads(rows)),
        count=len(p.activities),
        years=rows,
        labels=TYPE_LABELS,
    )


# The fields of an activity the timeline shows: a reflection edited leaves the timeline as it was.
TIMELINE_READS = ("date", "end", "title", "private", "type", "hours", "tags")


def _timeline_reads(rows: list) -> list:
    """What timeline.html reads of its rows: of each activity, its TIMELINE_READS; every other item whole."""
    return [
        (
            year,
            number,
            hours,
            [
                (kind, tuple(getattr(item, f) for f in TIMELINE_READS), href, objectives)
                if kind == "activity"
                else (kind, item, href, objectives)
                for kind, item, href, objectives in items
            ],
        )
        for year, number, hours, items in rows
    ]


def _unexplained(site: Site) -> list:
    """Each stretch without CPD once (several bodies' rules may find the same one)."""
    if site.share:
        return []
    found = {}
    for g in site.analysis.gaps:
        if g.rule.check == UNEXPLAINED and g.span and g.span not in found:
            found[g.span] = g
    return list(found.values())


def tags_page(site: Site, *, listed: bool = False) -> Page:
    """Activities and objectives by tag: Material's tags plugin fills in the listing, or, `listed`, the page has
    its own (for a site generator without that plugin)."""
    tags: list = []
    if listed:
        p = site.analysis.portfolio
        link = site.linker(TAGS)
        entry = site.sitemap.entry
        by_tag: dict[str, list] = defaultdict(list)
        for o in sorted(p.objectives, key=lambda x: x.label.casefold()):
            for tag in dict.fromkeys(o.tags):
                by_tag[tag].append((o.label, link(entry(o.source)), False))
        for a in sorted([*p.activities, *p.exchanges], key=lambda x: (x.date, x.source), reverse=True):
            for tag in dict.fromkeys(a.tags):
                by_tag[tag].append((a.title, link(entry(a.source)), a.private))
        tags = [(tag, by_tag[tag]) for tag in sorted(by_tag, key=lambda t: (t.casefold(), t))]
    return site.page("tags.html", site._("Tags"), listed=listed, tag_items=tags)


__all__ = ["dashboard", "gaps", "plan", "tags_page", "timeline"]
