"""What every generated page shares: escaping, links, the page's meta, small HTML pieces.

A page is a list of parts: its meta (title, tags), then raw HTML blocks (`Html`, every front matter text
escaped here) around the entries' own Markdown bodies. MkDocs does not rewrite links inside raw HTML,
so links are made relative here.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ...core.analysis import Analysis
from ...core.entries import TYPE_LABELS, Activity, Objective
from ...core.plan import ObjectiveProgress

# src_uri of every page the plugin makes
DASHBOARD = "index.md"
PLAN = "plan.md"
GAPS = "gaps.md"
TIMELINE = "timeline.md"
OBJECTIVES = "objectives/index.md"
TAGS = "tags.md"
AUDIT = "audit/index.md"


def objective_uri(oid: str) -> str:
    return f"objectives/{oid}.md"


def audit_uri(body: str, cycle=None) -> str:
    """/audit/<body>/ for the current cycle; /audit/<body>/<start>_<end>/ for an earlier one."""
    if cycle is None:
        return f"audit/{body}/index.md"
    return f"audit/{body}/{cycle.start.isoformat()}_{cycle.end.isoformat()}.md"


Page = list[object]  # a generated page: its meta (a dict), then Html parts and Markdown text, in order


class Html(str):
    """A part of a page that is raw HTML, every text in it escaped: Markdown would copy it unchanged (after
    parsing it twice), so the plugin puts it into the page after Markdown has run."""


class Furniture(Html):
    """Raw HTML that search need not index (an entry's fields: type, date, hours, links): the plugin puts it into
    the page after the search plugin has read the page's text, which it does tag by tag, slowly."""


def esc(value: object) -> str:
    """Escape any text for HTML, quotes included: front matter text never becomes markup."""
    text = value if type(value) is str else "" if value is None else str(value)
    # Most text has nothing to escape: five membership tests cost less than html.escape's five replacements.
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return html.escape(text, quote=True)
    return text


def url_of(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL MkDocs gives a file: a page with directory URLs ends in /; without them every page's URL names its
    .html file, index pages included (`audit/index.html`), so that a site opened from a shared drive (file://)
    opens pages, not folder listings."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[:-3]
    if not use_directory_urls:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


@dataclass(frozen=True)
class Site:
    """The context a page is rendered in: the analysis, and how to link from the page being made."""

    analysis: Analysis
    use_directory_urls: bool = True
    include_private: bool = False
    pages: dict[str, str] | None = None  # entry source -> src_uri of its page
    frameworks: dict | None = None
    # Links name the pages' Markdown files (`../objectives/x.md`), for a site generator that rewrites the links in
    # raw HTML as it does Markdown's (Zensical); MkDocs rewrites none, so the plugin's links are URLs.
    source_links: bool = False
    audience: str = "owner"  # share: no self-assessment (gaps, verdicts, what entries lack, left-out entries)
    left_out: tuple = ()  # the findings (errors) that left entries out of the site, shown to the owner
    withheld: int = 0  # entries left out that may be private: counted, never named

    @property
    def share(self) -> bool:
        return self.audience == "share"

    def url(self, src_uri: str) -> str:
        """The address a link names for the page or file at `src_uri`."""
        return src_uri if self.source_links else url_of(src_uri, self.use_directory_urls)

    def linker(self, from_src: str) -> Callable[[str], str]:
        """The relative URL of any page or file, from the page made at `from_src`.

        Paths here are clean (no '.' or '..' parts, as entries' paths are), so the URL is found by counting
        folders rather than by posixpath.relpath, which normalises both paths for each of tens of thousands
        of links (every activity is linked from the timeline, its objective and its audit profiles).
        """
        here = self.url(from_src)
        base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
        folders = [p for p in base.split("/") if p]

        def link(to_src: str) -> str:
            target = self.url(to_src)
            parts = [p for p in target.split("/") if p]
            shared = 0
            for mine, theirs in zip(folders, parts, strict=False):
                if mine != theirs:
                    break
                shared += 1
            rel = "/".join([".."] * (len(folders) - shared) + parts[shared:]) or "."
            return rel + "/" if target.endswith("/") or not target else rel

        return link

    @property
    def as_of(self) -> dt.date:
        return self.analysis.portfolio.as_of


def page_meta(title: str, *, tags: Iterable[str] = (), hide: Iterable[str] = ()) -> dict[str, object]:
    """A generated page's meta, as MkDocs would read it from front matter: escaped title and tags, as the theme
    prints them raw. It is handed to the page as it is, not written out as YAML for MkDocs to parse again."""
    meta: dict[str, object] = {"title": esc(title)}
    tags = [esc(t) for t in tags]
    if tags:
        meta["tags"] = tags
    if hide:
        meta["hide"] = list(hide)
    return meta


def fmt_hours(hours: float | None) -> str:
    if hours is None:
        return "–"
    return f"{hours:g} h"


def fmt_date(day: dt.date | None) -> str:
    return day.isoformat() if day else "–"


def date_range(start: dt.date, end: dt.date | None) -> str:
    if end and end != start:
        return f'<time datetime="{start.isoformat()}">{start.isoformat()}</time> to <time datetime="{end.isoformat()}">{end.isoformat()}</time>'
    return f'<time datetime="{start.isoformat()}">{start.isoformat()}</time>'


_TYPE_BADGES = {t: f'<span class="cpd-type cpd-type-{esc(t)}">{esc(label)}</span>' for t, label in TYPE_LABELS.items()}


def type_badge(activity_type: str) -> str:
    return _TYPE_BADGES[activity_type]


STATUS_CLASS = {
    "achieved": "ok",
    "on track": "ok",
    "due soon": "warn",
    "not started": "warn",
    "overdue": "bad",
    "dropped": "muted",
}


def status_badge(status: str) -> str:
    return f'<span class="cpd-status cpd-status-{STATUS_CLASS.get(status, "muted")}">{esc(status)}</span>'


def private_badge(activity: Activity) -> str:
    return ' <span class="cpd-private">private</span>' if activity.private else ""


def activity_link(activity: Activity, link: Callable[[str], str], src: str | None = None) -> str:
    """A link to the activity's page, made at `src` (default: its entry's path; see pageset.entry_pages)."""
    return f'<a href="{esc(link(src or activity.source))}">{esc(activity.title)}</a>{private_badge(activity)}'


def objective_link(objective: Objective, link: Callable[[str], str]) -> str:
    return f'<a href="{esc(link(objective_uri(objective.id)))}">{esc(objective.label)}</a>'


def tag_list(tags: Iterable[str]) -> str:
    return " ".join(f'<span class="cpd-tag">{esc(t)}</span>' for t in tags)


UNPLANNED = '<span class="cpd-muted">unplanned</span>'


def activity_table(
    activities: Iterable[Activity], site: Site, link: Callable[[str], str], *, caption: str, show_tags: bool = False
) -> str:
    """Activities as a table: date, title, type, hours, objectives (and tags)."""
    rows = []
    portfolio = site.analysis.portfolio
    pages = site.pages or {}
    for a in activities:
        objectives = ", ".join(
            objective_link(o, link) if (o := portfolio.objective(oid)) else esc(oid) for oid in a.objectives
        )
        rows.append(
            "<tr>"
            f"<td>{date_range(a.date, a.end)}</td>"
            f"<td>{activity_link(a, link, pages.get(a.source))}</td>"
            f"<td>{type_badge(a.type)}</td>"
            f'<td class="cpd-num">{fmt_hours(a.hours)}</td>'
            f"<td>{objectives or UNPLANNED}</td>" + (f"<td>{tag_list(a.tags)}</td>" if show_tags else "") + "</tr>"
        )
    if not rows:
        return '<p class="cpd-muted">No activities.</p>'
    return (
        '<table class="cpd-table">'
        f"<caption>{esc(caption)}</caption>"
        '<thead><tr><th scope="col">Date</th><th scope="col">Activity</th><th scope="col">Type</th>'
        '<th scope="col">Hours</th><th scope="col">Objectives</th>'
        + ('<th scope="col">Tags</th>' if show_tags else "")
        + "</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def objective_rows(progress: Iterable[ObjectiveProgress], link: Callable[[str], str]) -> str:
    from ..charts import progress_bar

    rows = []
    for p in progress:
        o = p.objective
        bar = progress_bar(o.label, p.hours, o.target_hours) if o.target_hours else fmt_hours(p.hours)
        rows.append(
            "<tr>"
            f"<td>{objective_link(o, link)}</td>"
            f"<td>{status_badge(p.status)}</td>"
            f"<td>{fmt_date(o.due)}</td>"
            f'<td class="cpd-num">{len(p.activities)}</td>'
            f"<td>{bar}</td>"
            f"<td>{fmt_date(p.last)}</td>"
            "</tr>"
        )
    if not rows:
        return '<p class="cpd-muted">No objectives yet: set one with <code>cpd new objective</code>.</p>'
    return (
        '<table class="cpd-table">'
        "<caption>Objectives and their progress</caption>"
        '<thead><tr><th scope="col">Objective</th><th scope="col">Status</th><th scope="col">Due</th>'
        '<th scope="col">Activities</th><th scope="col">Hours against target</th><th scope="col">Last activity</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _rule_line(gap) -> str:
    """Where the rule comes from (linked to the body's page), whose rule it is, and whether it is only advice."""
    source = gap.rule.source
    title = esc(source.title)
    if source.url:
        title = f'<a href="{esc(source.url)}" rel="noreferrer">{title}</a>'
    advice = (
        ' <span class="cpd-good-practice">Good practice, not a requirement.</span>' if gap.rule.good_practice else ""
    )
    return (
        f'<p><strong>Rule:</strong> {title} <span class="cpd-muted">({esc(gap.body_name)}, {esc(gap.rule.id)})</span>'
        f"{advice}</p>"
    )


def gap_item(gap, link: Callable[[str], str], pages: dict[str, str], *, headline_level: int = 3) -> str:
    """One gap: what, why, the rule and its body, what to do next, and the entries concerned."""
    entries = []
    for source in gap.entries:
        target = pages.get(source)
        if target:
            entries.append(f'<a href="{esc(link(target))}">{esc(source)}</a>')
    seen = f"<p><strong>See:</strong> {', '.join(entries)}</p>" if entries else ""
    h = f"h{headline_level}"
    return (
        f'<section class="cpd-gap cpd-priority-{gap.priority}">'
        f"<{h}>{esc(gap.title)}</{h}>"
        + (f"<p>{esc(gap.detail)}</p>" if gap.detail else "")
        + f"<p><strong>Why it matters:</strong> {esc(gap.rule.why)}</p>"
        + _rule_line(gap)
        + f"<p><strong>What to do next:</strong> {esc(gap.rule.action)}</p>"
        f"{seen}</section>"
    )


def left_out_notice(site: Site) -> str:
    """For the owner: the entries an error leaves out of the site, each with where and what (never in a share
    build: the reader sees the record, not its repairs)."""
    if site.share or not (site.left_out or site.withheld):
        return ""
    items = "".join(
        f"<li><code>{esc(f.path)}:{f.line}:{f.column}</code> {esc(f.field)}: {esc(f.message)}</li>"
        for f in site.left_out
    )
    if site.withheld:
        items += (
            f"<li>{site.withheld} more that may be private (or cannot be read): not named here; "
            "<code>cpd check</code> names them</li>"
        )
    count = len({f.path for f in site.left_out}) + site.withheld
    return (
        f'<div class="admonition failure cpd-left-out"><p class="admonition-title">{count} '
        f"{'entry is' if count == 1 else 'entries are'} left out of this site</p>"
        f"<p>An error keeps each out until it is fixed (<code>cpd check</code> lists the same):</p><ul>{items}</ul></div>\n\n"
    )


def preview_banner(site: Site) -> str:
    if not site.include_private:
        return ""
    return (
        '<div class="admonition warning cpd-preview"><p class="admonition-title">Private preview</p>'
        "<p>This build includes private entries (include_private: true). Do not publish it.</p></div>\n\n"
    )
