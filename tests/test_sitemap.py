"""The site map (site/sitemap.py): every address allocated once, reserved names kept, every link resolving.

The unit tests ask the site map directly; the build tests make real sites with MkDocs, with entries at the awkward
addresses (a page's own name, a reserved folder, names that differ only in case, evidence where the site's styles
live), under both settings of use_directory_urls, and follow every link of every page to a file of the site.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from cpd_portfolio.site.sitemap import OVERVIEW, SiteMap, reserved, url_of
from support import REPO, build, write_entry

# --- the site map on its own ----------------------------------------------------------------------------


def test_an_entry_at_a_reserved_address_moves_under_activities():
    sitemap = SiteMap(["plan.md", "index.md", "audit/hcpc/index.md", "objectives/x.md", "2025/fine.md", "404.md"])
    assert sitemap.entry("plan.md") == "activities/plan.md"
    assert sitemap.entry("index.md") == "activities/index.md"
    assert sitemap.entry("audit/hcpc/index.md") == "activities/audit/hcpc/index.md"
    assert sitemap.entry("objectives/x.md") == "activities/objectives/x.md"
    assert sitemap.entry("404.md") == "activities/404.md"
    assert sitemap.entry("2025/fine.md") == "2025/fine.md"


def test_reserved_names_are_compared_case_folded():
    assert reserved("Plan.md") and reserved("AUDIT/x.md") and reserved("Assets/cpd/cpd.css")
    assert not reserved("planning.md") and not reserved("auditing/x.md")
    assert SiteMap(["Timeline.md"]).entry("Timeline.md") == "activities/Timeline.md"


def test_no_two_entries_share_an_address():
    # x.md and x/index.md are both x/ with directory URLs; Plan.md is the Plan page's own name, and so is an entry
    # already under activities/.
    sources = ["x.md", "x/index.md", "A.md", "a.md", "plan.md", "activities/plan.md"]
    sitemap = SiteMap(sources)
    pages = [sitemap.entry(s) for s in sources]
    written = [url_of(p).casefold() for p in pages]
    assert len(set(written)) == len(sources), pages
    assert not set(written) & {url_of(p) for p in OVERVIEW}
    assert sitemap.entry("activities/plan.md") == "activities/plan.md"  # sorted first: keeps its own path
    assert sitemap.entry("plan.md") == "activities/plan-2.md"


def test_without_directory_urls_x_and_x_index_are_two_files():
    sitemap = SiteMap(["x.md", "x/index.md"], use_directory_urls=False)
    assert sitemap.entry("x.md") == "x.md" and sitemap.entry("x/index.md") == "x/index.md"
    assert sitemap.url("x.md") == "x.html" and sitemap.url("x/index.md") == "x/index.html"


def test_objectives_and_evidence_have_their_addresses():
    sitemap = SiteMap(
        ["2025/a.md"],
        [("plans/o.md", "mr-linac"), ("plans/p.md", "MR-LINAC")],
        ["2025/cert.pdf", "assets/cpd/cpd.css", "search/search_index.json"],
    )
    assert sitemap.entry("plans/o.md") == "objectives/mr-linac.md"
    assert sitemap.entry("plans/p.md") == "objectives/MR-LINAC-2.md"  # the same file on a case-blind drive
    assert sitemap.file("2025/cert.pdf") == "2025/cert.pdf"
    assert sitemap.file("assets/cpd/cpd.css") == "evidence/assets/cpd/cpd.css"  # never over the site's styles
    assert sitemap.file("search/search_index.json") == "evidence/search/search_index.json"
    with pytest.raises(KeyError):
        sitemap.entry("2025/not-an-entry.md")


@pytest.mark.parametrize("directory_urls", [True, False])
def test_links_are_relative_and_land_on_the_address(directory_urls: bool):
    sitemap = SiteMap(["2025/a.md", "2025/b.md"], use_directory_urls=directory_urls)
    link = sitemap.linker("2025/a.md")
    here = sitemap.url("2025/a.md")
    for target in ("2025/b.md", "index.md", "audit/hcpc/index.md", "export/portfolio.csv"):
        base = here if here.endswith("/") else posixpath.dirname(here) + "/"
        resolved = posixpath.normpath(posixpath.join(base, link(target)))
        expected = sitemap.url(target).rstrip("/") or "."
        assert resolved == expected, (target, link(target))


def test_source_links_name_the_markdown_files():
    sitemap = SiteMap(["2025/a.md"], source_links=True)
    assert sitemap.linker("2025/a.md")("objectives/x.md") == "../objectives/x.md"


# --- real sites: every link resolves ----------------------------------------------------------------------

_LINK = re.compile(r'\s(?:href|src)="([^"]*)"')
_AWKWARD = {
    "entries/plan.md": "An activity named plan",
    "entries/audit/review.md": "An activity in the audit folder",
    "entries/Timeline.md": "An activity named Timeline",
    "entries/2026/x.md": "An activity at x",
    "entries/2026/x/index.md": "An activity at x/index",
}


def _project(tmp_path: Path, directory_urls: bool) -> Path:
    shutil.copytree(REPO / "entries", tmp_path / "entries")
    shutil.copytree(REPO / "pages", tmp_path / "pages")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("use_directory_urls: true", f"use_directory_urls: {str(directory_urls).lower()}")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    for i, (name, title) in enumerate(_AWKWARD.items()):
        evidence = "evidence: [{path: ../assets/cpd/cpd.css, title: A file where the styles live}]\n" if i == 1 else ""
        write_entry(
            tmp_path,
            name,
            f"---\ntitle: {title}\ndate: 2026-0{i + 1}-10\ntype: self-directed\nhours: 1\n{evidence}---\n\nText.\n",
        )
    write_entry(tmp_path, "entries/assets/cpd/cpd.css", "body { color: red; } /* an entry's own file */\n")
    return tmp_path


def _target(site: Path, page: Path, href: str) -> Path | None:
    """The file a link of `page` names, or None for a link outside the site (http, mailto) or to this page."""
    parts = urlsplit(unescape(href))
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    base = page.parent
    target = (site / path.lstrip("/")) if path.startswith("/") else (base / path)
    target = Path(posixpath.normpath(target.as_posix()))
    return target / "index.html" if href.split("#")[0].split("?")[0].endswith("/") or target.is_dir() else target


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "html-urls"])
def test_every_link_of_every_page_resolves_to_a_file(tmp_path: Path, directory_urls: bool):
    project = _project(tmp_path, directory_urls)
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "out"
    broken, folders, checked = [], [], 0
    for page in sorted(site.rglob("*.html")):
        for href in _LINK.findall(page.read_text(encoding="utf-8")):
            target = _target(site, page, href)
            if target is None:
                continue
            checked += 1
            if not directory_urls and href.split("#")[0].endswith("/"):
                folders.append(f"{page.relative_to(site)}: {href}")  # a folder: a shared drive lists it, not a page
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {href}")
    assert checked > 1000
    assert broken == [], f"{len(broken)} links to nothing: {broken[:10]}"
    assert folders == [], f"{len(folders)} links to folders without directory URLs: {folders[:10]}"
    # The awkward entries each have a page of their own, found where the timeline links them.
    timeline = (site / ("timeline/index.html" if directory_urls else "timeline.html")).read_text(encoding="utf-8")
    for title in _AWKWARD.values():
        href = re.search(r'href="([^"]*)">' + re.escape(title) + "<", timeline)
        assert href, title
        landed = _target(site, site / ("timeline/index.html" if directory_urls else "timeline.html"), href[1])
        assert f"<h1>{title}</h1>" in landed.read_text(encoding="utf-8"), (title, href[1])
    # The Plan page is still the Plan page, and the site's styles are its own, not the entry's file.
    plan = site / ("plan/index.html" if directory_urls else "plan.html")
    assert "Plan versus achieved" in plan.read_text(encoding="utf-8")
    assert "an entry's own file" not in (site / "assets/cpd/cpd.css").read_text(encoding="utf-8")
    assert (site / "evidence/assets/cpd/cpd.css").read_text(encoding="utf-8").startswith("body { color: red; }")
