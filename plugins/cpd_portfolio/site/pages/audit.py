"""The audit profile as HTML: one renderer for the site's /audit/ pages and the self-contained file.

`evidence_href` decides where an evidence row links (a copied file in the site, a numbered file in
the bundle, or nowhere); every front matter text is escaped.
"""

from __future__ import annotations

from collections.abc import Callable

from ...core.audit import STATEMENT_LIMIT, SUMMARY_LIMIT, AuditProfile, EvidenceRow
from ...core.entries import TYPE_LABELS
from .common import AUDIT, Html, Page, Site, esc, page_meta, preview_banner

VERDICT_CLASS = {"looks met": "ok", "partly met": "warn", "needs work": "bad"}
CHECKBOX = {"looks met": "✔", "partly met": "◐", "needs work": "✘"}


def _words(count: int, limit: int) -> str:
    state = "within" if count <= limit else "over"
    return f'<p class="cpd-words cpd-words-{state}">{count} words ({state} the limit of {limit:,})</p>'


def audit_body(
    profile: AuditProfile,
    evidence_href: Callable[[EvidenceRow], str | None],
    *,
    activity_href: Callable[[str], str] | None = None,
) -> str:
    """The profile's sections as HTML (no page chrome). Headings start at h1."""
    p = profile.profile
    reg = profile.registration
    out = [f'<article class="cpd-audit">\n<h1>CPD profile: {esc(profile.body_name)}</h1>\n']
    out.append(
        f'<p class="cpd-audit-cycle">Cycle {profile.cycle.start.isoformat()} to {profile.cycle.end.isoformat()}; '
        f"prepared {profile.as_of.isoformat()}.</p>\n"
    )
    # Personal details
    rows = [("Name", p.name if p else None), ("Role", p.role if p else None)]
    if reg:
        rows += [
            ("Registration", f"{reg.body_label} {reg.designation or ''}".strip()),
            ("Number", reg.number),
            ("Renewal", reg.renewal.isoformat() if reg.renewal else None),
        ]
    out.append('<section class="cpd-audit-section" id="details"><h2>1. Personal details</h2><dl class="cpd-fields">')
    out.extend(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows if v)
    out.append("</dl></section>\n")
    # Summary of practice
    out.append('<section class="cpd-audit-section" id="summary"><h2>2. Summary of practice</h2>')
    if p and p.summary:
        out.extend(f"<p>{esc(par.strip())}</p>" for par in p.summary.split("\n\n") if par.strip())
        out.append(_words(profile.summary_words, SUMMARY_LIMIT))
    else:
        out.append('<p class="cpd-missing">No summary of practice: write it as the body of your profile entry.</p>')
    out.append("</section>\n")
    # Dated list of activities
    out.append('<section class="cpd-audit-section" id="activities"><h2>3. Activities in the cycle</h2>')
    out.append(f"<p>{len(profile.activities)} activities, in date order.</p>")
    out.append(
        '<table class="cpd-table"><caption>Dated list of CPD activities</caption><thead><tr>'
        '<th scope="col">Date</th><th scope="col">Activity</th><th scope="col">Type</th></tr></thead><tbody>'
    )
    for a in profile.activities:
        when = a.date.isoformat() + (f" to {a.end.isoformat()}" if a.end and a.end != a.date else "")
        title = esc(a.title)
        if activity_href:
            title = f'<a href="{esc(activity_href(a.source))}">{title}</a>'
        out.append(f"<tr><td>{when}</td><td>{title}</td><td>{esc(TYPE_LABELS[a.type])}</td></tr>")
    out.append("</tbody></table>")
    if profile.breaks:
        out.append("<h3>Explained gaps</h3><ul>")
        out.extend(
            f"<li>{b.date.isoformat()} to {b.end.isoformat()}: {esc(b.label)}"
            + (f" ({esc(b.reason)})" if b.reason else "")
            + "</li>"
            for b in profile.breaks
        )
        out.append("</ul>")
    if profile.unexplained:
        out.append('<h3>Gaps not yet explained</h3><ul class="cpd-needs-work">')
        out.extend(f"<li>{esc(g.title)}: add a break entry that explains it.</li>" for g in profile.unexplained)
        out.append("</ul>")
    out.append("</section>\n")
    # Statement
    out.append(
        '<section class="cpd-audit-section" id="statement"><h2>4. Statement of how I have met the standards</h2>'
    )
    if not profile.statement:
        out.append(
            '<p class="cpd-missing">No highlighted activity in the cycle: mark 4 to 6 strong ones with '
            "<code>highlight: true</code>.</p>"
        )
    for number, item in enumerate(profile.statement, 1):
        a = item.activity
        refs = [str(r.number) for r in profile.evidence if r.activity is a]
        out.append(f'<section class="cpd-statement-item"><h3>{number}. {esc(a.title)}</h3>')
        out.append(
            f"<p><strong>What it was:</strong> {esc(TYPE_LABELS[a.type])}"
            + (f", {esc(a.method)}" if a.method else "")
            + f", {a.date.isoformat()}.</p>"
        )
        if a.outcomes:
            out.append(
                "<p><strong>What I learnt:</strong></p><ul>"
                + "".join(f"<li>{esc(o)}</li>" for o in a.outcomes)
                + "</ul>"
            )
        out.append(
            f"<p><strong>How it improved my practice (standard 3):</strong> {esc(a.application or 'Not recorded.')}</p>"
        )
        out.append(
            f"<p><strong>How it benefited service users (standard 4):</strong> {esc(a.benefit or 'Not recorded.')}</p>"
        )
        if refs:
            out.append(f"<p><strong>Evidence:</strong> {', '.join(refs)}</p>")
        out.append(f'<p class="cpd-muted">{item.words} words</p></section>')
    out.append(_words(profile.statement_words, STATEMENT_LIMIT))
    out.append("</section>\n")
    # Evidence
    out.append('<section class="cpd-audit-section" id="evidence"><h2>5. Evidence</h2>')
    if profile.evidence:
        out.append(
            '<table class="cpd-table"><caption>Numbered evidence and the standards each supports</caption>'
            '<thead><tr><th scope="col">No.</th><th scope="col">Evidence</th><th scope="col">Activity</th>'
            '<th scope="col">Standards</th></tr></thead><tbody>'
        )
        for row in profile.evidence:
            href = evidence_href(row)
            label = esc(row.evidence.label)
            cell = f'<a href="{esc(href)}">{label}</a>' if href else label
            standards = ", ".join(str(s) for s in row.standards)
            out.append(
                f'<tr><td class="cpd-num">{row.number}</td><td>{cell}</td><td>{esc(row.activity.title)}</td>'
                f"<td>{standards}</td></tr>"
            )
        out.append("</tbody></table>")
    else:
        out.append('<p class="cpd-missing">No evidence linked from the activities of this cycle.</p>')
    out.append("</section>\n")
    # Standards checklist
    out.append(
        '<section class="cpd-audit-section" id="standards"><h2>6. Standards checklist</h2><ul class="cpd-checklist">'
    )
    for s in profile.standards:
        reasons = "".join(f"<li>{esc(r)}</li>" for r in s.reasons)
        out.append(
            f'<li class="cpd-verdict-{VERDICT_CLASS[s.verdict]}"><span aria-hidden="true">{CHECKBOX[s.verdict]}</span> '
            f"<strong>Standard {s.number}</strong>: {esc(s.text)}: <em>{s.verdict}</em>"
            + (f"<ul>{reasons}</ul>" if reasons else "")
            + "</li>"
        )
    out.append("</ul></section>\n</article>\n")
    return "".join(out)


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
        Html(preview_banner(site) + nav + audit_body(profile, evidence_href, activity_href=activity_href)),
    ]


def audit_index(profiles: list[tuple[AuditProfile, str, bool]], site: Site) -> Page:
    """/audit/: every registration's current cycle first, then its earlier cycles."""
    link = site.linker(AUDIT)
    rows = []
    for profile, src, current in profiles:
        standards = sum(1 for s in profile.standards if s.verdict == "looks met")
        rows.append(
            f'<tr><td>{esc(profile.body_name)}</td><td><a href="{esc(link(src))}">{profile.cycle.start.isoformat()} to '
            f"{profile.cycle.end.isoformat()}</a>{' (current)' if current else ''}</td>"
            f'<td class="cpd-num">{len(profile.activities)}</td><td class="cpd-num">{standards} of {len(profile.standards)}</td></tr>'
        )
    table = (
        '<table class="cpd-table"><caption>Audit profiles by registration and cycle</caption><thead><tr>'
        '<th scope="col">Body</th><th scope="col">Cycle</th><th scope="col">Activities</th>'
        '<th scope="col">Standards that look met</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>"
        if rows
        else "<p>No registration in the profile: add registrations to your profile entry.</p>"
    )
    return [
        page_meta("Audit profiles", hide=["toc"]),
        Html(
            preview_banner(site)
            + "<h1>Audit profiles</h1>\n\n<p>When you are sampled for audit, open the profile of that registration and cycle, "
            "check it, and print it to PDF or send the link. The command <code>cpd audit --out profile.html</code> writes the "
            "same profile as one file to attach to an email, and <code>cpd audit --bundle profile.zip</code> adds the "
            "numbered evidence files.</p>\n\n"
            + table
            + '\n\n<p>The activities as data: <a href="'
            + esc(link("export/portfolio.csv"))
            + '">portfolio.csv</a>, <a href="'
            + esc(link("export/portfolio.json"))
            + '">portfolio.json</a>.</p>\n'
        ),
    ]
