"""The audit profile as HTML: one renderer for the site's /audit/ pages and the self-contained file.

`evidence_href` decides where an evidence row links (a copied file in the site, a numbered file in
the bundle, or nowhere); every front matter text is escaped.
"""

from __future__ import annotations

from collections.abc import Callable

from ...core.audit import AuditProfile, EvidenceRow
from ...core.entries import TYPE_LABELS
from ...core.gaps import MET, NOT_MET, PARTLY_MET
from .common import AUDIT, Html, Page, Site, esc, page_meta, preview_banner

VERDICT_CLASS = {MET: "ok", PARTLY_MET: "warn", NOT_MET: "bad"}
VERDICT_TEXT = {MET: "met", PARTLY_MET: "partly met", NOT_MET: "not met"}
CHECKBOX = {MET: "✔", PARTLY_MET: "◐", NOT_MET: "✘"}


def _words(count: int, limit: int | None) -> str:
    if limit is None:
        return f'<p class="cpd-words">{count} words</p>'
    state = "within" if count <= limit else "over"
    return f'<p class="cpd-words cpd-words-{state}">{count} words ({state} the limit of {limit:,})</p>'


class _Sections:
    """Numbered sections of the profile, in the order the layout adds them."""

    def __init__(self, assess: bool = True) -> None:
        self.out: list[str] = []
        self.number = 0
        self.assess = assess  # False: the factual profile only (no verdict, no note of what is missing)

    def missing(self, html: str) -> None:
        """A note of what is missing: the owner's to see, not the reader's of a share build."""
        if self.assess:
            self.out.append(html)

    def open(self, anchor: str, title: str) -> None:
        self.number += 1
        self.out.append(f'<section class="cpd-audit-section" id="{anchor}"><h2>{self.number}. {esc(title)}</h2>')

    def add(self, html: str) -> None:
        self.out.append(html)

    def close(self) -> None:
        self.out.append("</section>\n")


def _details(profile: AuditProfile, s: _Sections) -> None:
    p, reg = profile.profile, profile.registration
    rows = [("Name", p.name if p else None), ("Role", p.role if p else None)]
    if reg:
        rows += [
            ("Registration", f"{profile.scheme.short} {reg.designation or ''}".strip()),
            ("Number", reg.number),
            ("Renewal", reg.renewal.isoformat() if reg.renewal else None),
        ]
    s.open("details", "Personal details")
    s.add('<dl class="cpd-fields">' + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows if v) + "</dl>")
    s.close()


def _summary(profile: AuditProfile, s: _Sections) -> None:
    p = profile.profile
    s.open("summary", "Summary of practice")
    if p and p.summary:
        s.add("".join(f"<p>{esc(par.strip())}</p>" for par in p.summary.split("\n\n") if par.strip()))
        s.add(_words(profile.summary_words, profile.summary_limit))
    else:
        s.missing('<p class="cpd-missing">No summary of practice: write it as the body of your profile entry.</p>')
    s.close()


def _when(a) -> str:
    return a.date.isoformat() + (f" to {a.end.isoformat()}" if a.end and a.end != a.date else "")


def _title(a, activity_href) -> str:
    title = esc(a.title)
    return f'<a href="{esc(activity_href(a.source))}">{title}</a>' if activity_href else title


def _breaks(profile: AuditProfile, s: _Sections) -> None:
    if profile.breaks:
        s.add("<h3>Explained gaps</h3><ul>")
        s.add(
            "".join(
                f"<li>{b.date.isoformat()} to {b.end.isoformat()}: {esc(b.label)}"
                + (f" ({esc(b.reason)})" if b.reason else "")
                + "</li>"
                for b in profile.breaks
            )
        )
        s.add("</ul>")
    if profile.unexplained and s.assess:
        s.add('<h3>Gaps not yet explained</h3><ul class="cpd-needs-work">')
        s.add("".join(f"<li>{esc(g.title)}: add a break entry that explains it.</li>" for g in profile.unexplained))
        s.add("</ul>")


def _activity_list(profile: AuditProfile, s: _Sections, activity_href) -> None:
    s.open("activities", "Activities in the period")
    count = len(profile.activities)
    advice = ""
    if profile.activity_range:
        low, high = profile.activity_range
        advice = f" {esc(profile.scheme.short)} suggests {low} to {high}." if high else ""
    s.add(f"<p>{count} activities, in date order.{advice}</p>")
    s.add(
        '<table class="cpd-table"><caption>Dated list of CPD activities</caption><thead><tr>'
        '<th scope="col">Date</th><th scope="col">Activity</th><th scope="col">Type</th></tr></thead><tbody>'
    )
    s.add(
        "".join(
            f"<tr><td>{_when(a)}</td><td>{_title(a, activity_href)}</td><td>{esc(TYPE_LABELS[a.type])}</td></tr>"
            for a in profile.activities
        )
    )
    s.add("</tbody></table>")
    _breaks(profile, s)
    s.close()


def _activity_summary(profile: AuditProfile, s: _Sections, activity_href) -> None:
    """The summary of CPD activity: one row per activity with what was learnt and how it applies."""
    s.open("activities", "Summary of CPD activity")
    s.add(f"<p>{len(profile.activities)} activities, in date order.</p>")
    s.add(
        '<table class="cpd-table cpd-audit-summary"><caption>Summary of CPD activity</caption><thead><tr>'
        '<th scope="col">Date</th><th scope="col">Activity</th><th scope="col">Type</th>'
        '<th scope="col">What I learnt</th><th scope="col">How it applies to my practice</th></tr></thead><tbody>'
    )
    for a in profile.activities:
        learnt = "".join(f"<li>{esc(o)}</li>" for o in a.outcomes)
        missing = '<span class="cpd-missing">Not recorded.</span>' if s.assess else ""
        s.add(
            f'<tr><td data-label="Date">{_when(a)}</td><td data-label="Activity">{_title(a, activity_href)}</td>'
            f'<td data-label="Type">{esc(TYPE_LABELS[a.type])}</td>'
            f'<td data-label="What I learnt">{f"<ul>{learnt}</ul>" if learnt else missing}</td>'
            f'<td data-label="How it applies">{esc(a.application) if a.application else missing}</td></tr>'
        )
    s.add("</tbody></table>")
    _breaks(profile, s)
    s.close()


def _statement(profile: AuditProfile, s: _Sections) -> None:
    s.open("statement", "Statement of how I have met the standards")
    if not profile.statement:
        s.missing(
            '<p class="cpd-missing">No highlighted activity in the period: mark 4 to 6 strong ones with '
            "<code>highlight: true</code>.</p>"
        )
    for number, item in enumerate(profile.statement, 1):
        a = item.activity
        refs = [str(r.number) for r in profile.evidence if r.activity is a]
        s.add(f'<section class="cpd-statement-item"><h3>{number}. {esc(a.title)}</h3>')
        s.add(
            f"<p><strong>What it was:</strong> {esc(TYPE_LABELS[a.type])}"
            + (f", {esc(a.method)}" if a.method else "")
            + f", {a.date.isoformat()}.</p>"
        )
        if a.outcomes:
            s.add(
                "<p><strong>What I learnt:</strong></p><ul>"
                + "".join(f"<li>{esc(o)}</li>" for o in a.outcomes)
                + "</ul>"
            )
        for label, text in (
            ("How it improved my practice", a.application),
            ("How it benefited service users", a.benefit),
        ):
            if text or s.assess:
                s.add(f"<p><strong>{label}:</strong> {esc(text or 'Not recorded.')}</p>")
        if refs:
            s.add(f"<p><strong>Evidence:</strong> {', '.join(refs)}</p>")
        s.add(f'<p class="cpd-muted">{item.words} words</p></section>')
    s.add(_words(profile.statement_words, profile.statement_limit))
    s.close()


def _evidence(profile: AuditProfile, s: _Sections, evidence_href) -> None:
    s.open("evidence", "Evidence")
    if profile.evidence:
        s.add(
            '<table class="cpd-table"><caption>Numbered evidence and the standards each supports</caption>'
            '<thead><tr><th scope="col">No.</th><th scope="col">Evidence</th><th scope="col">Activity</th>'
            '<th scope="col">Standards</th></tr></thead><tbody>'
        )
        for row in profile.evidence:
            href = evidence_href(row)
            label = esc(row.evidence.label)
            cell = f'<a href="{esc(href)}">{label}</a>' if href else label
            standards = ", ".join(esc(s_id) for s_id in row.standards)
            s.add(
                f'<tr><td class="cpd-num">{row.number}</td><td>{cell}</td><td>{esc(row.activity.title)}</td>'
                f"<td>{standards}</td></tr>"
            )
        s.add("</tbody></table>")
    else:
        s.missing('<p class="cpd-missing">No evidence linked from the activities of this period.</p>')
    s.close()


def _standards(profile: AuditProfile, s: _Sections) -> None:
    version = profile.version
    s.open("standards", "Standards checklist")
    if version is None:
        s.add('<p class="cpd-missing">This scheme names no standards for this period.</p>')
        s.close()
        return
    s.add(
        f'<p class="cpd-muted">{esc(version.version)}, in force from {version.effective.isoformat()}. '
        "Each verdict comes from the same findings as the gaps page.</p>"
    )
    s.add('<ul class="cpd-checklist">')
    for item in profile.standards:
        reasons = "".join(f"<li>{esc(r)}</li>" for r in item.reasons)
        s.add(
            f'<li class="cpd-verdict-{VERDICT_CLASS[item.verdict]}"><span aria-hidden="true">{CHECKBOX[item.verdict]}</span> '
            f"<strong>Standard {esc(item.id)}</strong>: {esc(item.title)}: <em>{VERDICT_TEXT[item.verdict]}</em>"
            + (f"<ul>{reasons}</ul>" if reasons else "")
            + "</li>"
        )
    s.add("</ul>")
    if profile.scheme.not_checked:
        s.add(
            "<h3>Not checked here</h3><ul>"
            + "".join(f"<li>{esc(n)}</li>" for n in profile.scheme.not_checked)
            + "</ul>"
        )
    s.close()


def _how_to_submit(profile: AuditProfile) -> str:
    facts = profile.scheme.audit
    rows = [
        ("Renewal or declaration", profile.scheme.cycle.window),
        ("Who is sampled", facts.sampled),
        ("Period covered", facts.covers),
        ("What is submitted", facts.submitted),
    ]
    shown = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows if v)
    return f'<dl class="cpd-fields cpd-audit-facts">{shown}</dl>' if shown else ""


def audit_body(
    profile: AuditProfile,
    evidence_href: Callable[[EvidenceRow], str | None],
    *,
    activity_href: Callable[[str], str] | None = None,
    assess: bool = True,
) -> str:
    """The profile's sections as HTML (no page chrome), as the body's layout asks. Headings start at h1. Without
    `assess` (a share build, the file for the auditor) it is the factual profile: no standards checklist, no
    verdict, no note of what is missing."""
    head = (
        f'<article class="cpd-audit cpd-audit-{esc(profile.layout)}">\n<h1>CPD profile: {esc(profile.body_name)}</h1>\n'
        f'<p class="cpd-audit-cycle">Period {profile.cycle.start.isoformat()} to {profile.cycle.end.isoformat()}; '
        f"prepared {profile.as_of.isoformat()}.</p>\n" + _how_to_submit(profile)
    )
    s = _Sections(assess)
    _details(profile, s)
    if profile.layout == "profile":
        _summary(profile, s)
        _activity_list(profile, s, activity_href)
        _statement(profile, s)
    elif profile.layout == "summary":
        _activity_summary(profile, s, activity_href)
    else:
        _activity_list(profile, s, activity_href)
    _evidence(profile, s, evidence_href)
    if assess:
        _standards(profile, s)
    return head + "".join(s.out) + "</article>\n"


def audit_page(profile: AuditProfile, site: Site, src: str) -> Page:
    """A page of the site: the profile, with evidence linked to the copied files and activities to their pages."""
    link = site.linker(src)
    pages = site.pages or {}

    def evidence_href(row: EvidenceRow) -> str | None:
        return row.evidence.url or link(row.evidence.path)

    def activity_href(source: str) -> str:
        return link(pages.get(source, source))

    title = f"Audit profile: {profile.body_name}, {profile.cycle.start.isoformat()} to {profile.cycle.end.isoformat()}"
    nav = (
        f'<p class="cpd-audit-nav"><a href="{esc(link(AUDIT))}">All audit profiles</a>. '
        "Print this page (or save it as PDF) for the auditor: the print layout has no navigation and a page per section.</p>\n\n"
    )
    return [
        page_meta(title, hide=["toc", "navigation"]),
        Html(
            preview_banner(site)
            + nav
            + audit_body(profile, evidence_href, activity_href=activity_href, assess=not site.share)
        ),
    ]


def audit_index(profiles: list[tuple[AuditProfile, str, bool]], site: Site) -> Page:
    """/audit/: every registration's current cycle first, then its earlier cycles."""
    link = site.linker(AUDIT)
    rows = []
    for profile, src, current in profiles:
        met = "" if site.share else f'<td class="cpd-num">{profile.met} of {len(profile.standards)}</td>'
        rows.append(
            f'<tr><td>{esc(profile.body_name)}</td><td><a href="{esc(link(src))}">{profile.cycle.start.isoformat()} to '
            f"{profile.cycle.end.isoformat()}</a>{' (current)' if current else ''}</td>"
            f'<td class="cpd-num">{len(profile.activities)}</td>{met}</tr>'
        )
    met_heading = "" if site.share else '<th scope="col">Standards met</th>'
    table = (
        '<table class="cpd-table"><caption>Audit profiles by registration and cycle</caption><thead><tr>'
        '<th scope="col">Body</th><th scope="col">Cycle</th><th scope="col">Activities</th>'
        f"{met_heading}</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        if rows
        else "<p>No registration in the profile: add registrations to your profile entry.</p>"
    )
    return [
        page_meta("Audit profiles", hide=["toc"]),
        Html(
            preview_banner(site)
            + "<h1>Audit profiles</h1>\n\n<p>When you are sampled for audit, open the profile of that registration and cycle, "
            "check it, and print it to PDF or send the link. The command <code>cpd audit --out profile.html</code> writes the "
            "same profile as one file, <code>cpd audit --bundle profile.zip</code> adds the numbered evidence files, and "
            "<code>cpd audit --format json</code> gives it as data. Each profile is laid out as its body asks, and says how "
            "the body takes it.</p>\n\n"
            + table
            + '\n\n<p>The activities as data: <a href="'
            + esc(link("export/portfolio.csv"))
            + '">portfolio.csv</a>, <a href="'
            + esc(link("export/portfolio.json"))
            + '">portfolio.json</a>.</p>\n'
        ),
    ]
