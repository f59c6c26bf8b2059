"""Real MkDocs builds of the sample and of small fixture portfolios, asserting on the HTML."""

from __future__ import annotations

import json
import re
import textwrap
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from cpd_portfolio.core import load_portfolio
from cpd_portfolio.core.analysis import analyse
from support import AS_OF, REPO, SITE_URL, build, build_sample


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("sample")
    # Published under a sub-path of an intranet server, as the README describes.
    return build_sample(project, site_url=SITE_URL)


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.refs.append((tag, value))


def refs(html: str) -> list[tuple[str, str]]:
    parser = _Links()
    parser.feed(html)
    return parser.refs


def test_every_page_kind_is_built(sample_site: Path):
    for page in [
        "index.html",
        "plan/index.html",
        "gaps/index.html",
        "timeline/index.html",
        "objectives/index.html",
        "objectives/mr-linac-readiness/index.html",
        "2025/2025-06-26-mr-linac-workshop/index.html",
        "tags/index.html",
    ]:
        assert (sample_site / page).is_file(), page


def test_dashboard_figures_equal_the_core(sample_site: Path):
    analysis = analyse(load_portfolio(REPO / "entries", as_of=AS_OF).public())
    s = analysis.summary
    html = text_of(sample_site / "index.html")
    stats = dict(
        (label, value)
        for value, label in re.findall(r'cpd-stat-value">([^<]+)</span> <span class="cpd-stat-label">([^<]+)<', html)
    )
    assert stats["activities"] == str(s.total.count)
    assert stats["hours"] == f"{s.total.hours:g}"
    assert stats["objectives achieved"] == str(s.objectives_achieved)
    assert s.total.count > 0
    # Every gap the core finds is on the gaps page, and the dashboard links to all of them.
    gaps_html = text_of(sample_site / "gaps" / "index.html")
    for gap in analysis.gaps:
        assert f"</span> {gap.title}</h3>" in unescape(gaps_html), gap.title  # after its priority
    assert f"All {len(analysis.gaps)} gaps" in html


def _esc(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def test_plan_page_lists_every_objective_with_status(sample_site: Path):
    analysis = analyse(load_portfolio(REPO / "entries", as_of=AS_OF).public())
    html = text_of(sample_site / "plan" / "index.html")
    for p in analysis.summary.objectives:
        row = re.search(
            re.escape(_esc(p.objective.label)) + r"</a></td><td[^>]*><span class=\"cpd-status[^\"]*\">([^<]+)<", html
        )
        assert row, p.objective.id
        assert row.group(1) == p.status
    assert "<svg" in html and 'role="img"' in html


def test_timeline_links_every_public_activity(sample_site: Path):
    portfolio = load_portfolio(REPO / "entries", as_of=AS_OF)
    html = text_of(sample_site / "timeline" / "index.html")
    for a in portfolio.public().activities:
        slug = a.source[: -len(".md")]
        assert f'href="../{slug}/"' in html, a.source


def test_private_entries_are_nowhere_in_the_site(sample_site: Path):
    portfolio = load_portfolio(REPO / "entries", as_of=AS_OF)
    private = [a for a in portfolio.activities if a.private]
    assert private, "the sample has a private activity"
    needles = []
    for a in private:
        needles += [a.title, a.source[: -len(".md")], *a.outcomes]
        needles += [line for line in a.reflection.splitlines() if len(line) > 30][:3]
    for path in sample_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt", ".csv"):
            content = path.read_text(encoding="utf-8", errors="replace")
            for needle in needles:
                assert needle not in content, f"{needle!r} leaked into {path}"


def test_internal_links_and_assets_resolve(sample_site: Path):
    broken = []
    for page in sample_site.rglob("*.html"):
        for tag, ref in refs(text_of(page)):
            parts = urlsplit(ref)
            if ref.startswith(SITE_URL):
                parts = urlsplit(ref[len("https://intranet.example") :])
            elif parts.scheme or ref.startswith(("#", "mailto:", "data:")):
                continue
            # Only 404.html uses absolute paths (it is served from anywhere): they start with the sub-path.
            path = unquote(parts.path)
            if path.startswith("/"):
                assert path.startswith("/cpd/"), f"{page}: {ref} is outside the site's sub-path"
                target = (sample_site / path[len("/cpd/") :]).resolve()
            else:
                target = (page.parent / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(sample_site)}: {tag} {ref}")
    assert not broken, broken[:20]


def test_site_requests_nothing_outside_itself(sample_site: Path):
    offenders = []
    for page in sample_site.rglob("*.html"):
        for tag, ref in refs(text_of(page)):
            if ref.startswith(SITE_URL):  # the site's own canonical address
                continue
            if tag in ("script", "link", "img", "iframe", "source") and urlsplit(ref).scheme in ("http", "https"):
                offenders.append(f"{page.relative_to(sample_site)}: {tag} {ref}")
    assert not offenders, offenders[:10]
    assert "fonts.googleapis.com" not in text_of(sample_site / "index.html")


def test_evidence_is_copied_and_linked(sample_site: Path):
    html = text_of(sample_site / "2025" / "2025-06-26-mr-linac-workshop" / "index.html")
    assert 'href="../../evidence/2025-mr-linac-workshop-certificate.txt"' in html
    assert (sample_site / "evidence" / "2025-mr-linac-workshop-certificate.txt").is_file()


def test_activity_pages_are_not_in_the_navigation(sample_site: Path):
    html = text_of(sample_site / "index.html")
    nav = html[html.find("md-nav--primary") :]
    nav = nav[: nav.find("</nav>")]
    assert "mr-linac-workshop" not in nav
    assert "Timeline" in nav


def test_search_index_and_sitemap_hold_public_pages(sample_site: Path):
    index = json.loads(text_of(sample_site / "search" / "search_index.json"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert "2025/2025-06-26-mr-linac-workshop/" in locations
    sitemap = text_of(sample_site / "sitemap.xml")
    assert f"{SITE_URL}2025/2025-06-26-mr-linac-workshop/" in sitemap


def test_search_indexes_activities_and_objectives_not_the_overview_pages(sample_site: Path):
    # The overview pages repeat the entries' text: a search would find every word twice, on a page of hundreds.
    index = json.loads(text_of(sample_site / "search" / "search_index.json"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert "objectives/mr-linac-readiness/" in locations
    for overview in ["", "plan/", "gaps/", "timeline/", "objectives/", "tags/", "audit/", "audit/hcpc/"]:
        assert overview not in locations, overview
    # An activity's text is indexed: its outcomes and reflection; its fields (page furniture) are not.
    workshop = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("2025/2025-06-26-mr-linac"))
    assert "electron return effect" in workshop and "capital bid" in workshop
    assert "Formal / educational" not in workshop and "<dt>" not in workshop
    assert "certificate" not in workshop  # the evidence list is furniture too


def test_fields_are_in_the_page_where_they_belong_and_no_placeholder_is_left(sample_site: Path):
    page = text_of(sample_site / "2025" / "2025-06-26-mr-linac-workshop" / "index.html")
    h1, fields, learnt = page.find("<h1>"), page.find('<dl class="cpd-fields">'), page.find("<h2>What I learnt</h2>")
    assert 0 < h1 < fields < learnt, (h1, fields, learnt)
    assert "<dt>Type</dt>" in page[fields:learnt] and "<dt>Hours</dt>" in page[fields:learnt]
    benefit, evidence, reflection = (page.find(s) for s in ("users</h2>", "<h2>Evidence</h2>", 'id="reflection"'))
    assert 0 < benefit < evidence < reflection, (benefit, evidence, reflection)
    assert "2025-mr-linac-workshop-certificate.txt" in page[evidence:reflection]
    for html in sample_site.rglob("*.html"):
        assert "cpd-html-" not in text_of(html), html


def _portfolio(tmp_path: Path, files: dict[str, str], plugin_options: str = "") -> Path:
    project = tmp_path / "project"
    for name, content in files.items():
        path = project / "entries" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content).lstrip(), encoding="utf-8")
    (project / "docs").mkdir(parents=True, exist_ok=True)
    (project / "mkdocs.yml").write_text(
        "site_name: Test\ndocs_dir: docs\ntheme:\n  name: material\nplugins:\n  - search\n  - tags\n  - cpd"
        + (":\n" + textwrap.indent(plugin_options, "      ") if plugin_options else "")
        + "\n",
        encoding="utf-8",
    )
    return project


GOOD = """
---
title: Journal club on small fields
date: 2026-03-04
type: work-based
outcomes: [Learnt output factors]
application: Changed our commissioning.
benefit: Safer small-field treatments.
---
Reflection text here.
"""


def test_broken_entry_warns_with_its_line_and_the_rest_still_builds(tmp_path: Path):
    project = _portfolio(
        tmp_path,
        {
            "2026/good.md": GOOD,
            "2026/bad.md": "---\ntitle: Broken\ndate: 2026-02-30\ntype: formal\n---\nBody\n",
        },
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "entries/2026/bad.md:3:7: error: date: '2026-02-30' is not a real date" in result.stderr
    assert (project / "out" / "2026" / "good" / "index.html").is_file()
    assert not (project / "out" / "2026" / "bad").exists()
    strict = build(project, "--strict")
    assert strict.returncode != 0
    assert "bad.md:3:7" in strict.stderr


def test_front_matter_text_is_escaped(tmp_path: Path):
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    project = _portfolio(
        tmp_path,
        {
            "2026/x.md": f"""
            ---
            title: "{payload}"
            date: 2026-03-04
            type: other
            method: "{payload}"
            outcomes: ["{payload}"]
            application: "{payload}"
            benefit: "{payload}"
            tags: ["{payload}"]
            ---
            Body.
            """,
        },
    )
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr
    for page in (project / "out").rglob("*.html"):
        content = text_of(page)
        assert "<script>alert(1)" not in content, page
        assert "<img src=x" not in content and '<img src="x"' not in content, page


def test_include_private_puts_private_entries_back_marked(tmp_path: Path):
    files = {
        "2026/good.md": GOOD,
        "2026/secret.md": "---\ntitle: Secret course\ndate: 2026-03-05\ntype: formal\nprivate: true\n---\nPrivate words\n",
    }
    project = _portfolio(tmp_path, files, "include_private: true")
    assert build(project, "--strict").returncode == 0
    html = text_of(project / "out" / "2026" / "secret" / "index.html")
    assert "Private words" in html and 'class="cpd-private"' in html and "Private preview" in html
    public = _portfolio(tmp_path / "p", files)
    assert build(public, "--strict").returncode == 0
    assert not (public / "out" / "2026" / "secret").exists()
    assert "Secret course" not in text_of(public / "out" / "timeline" / "index.html")


def test_minimal_config_builds_without_options(tmp_path: Path):
    project = _portfolio(tmp_path, {"2026/good.md": GOOD})
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr
    assert "Journal club on small fields" in text_of(project / "out" / "timeline" / "index.html")


def test_bad_plugin_option_is_a_clean_error(tmp_path: Path):
    project = _portfolio(tmp_path, {"2026/good.md": GOOD}, "as_of: not-a-date")
    result = build(project)
    assert result.returncode != 0
    assert "as_of 'not-a-date' is not a date" in result.stderr
    assert "Traceback" not in result.stderr
