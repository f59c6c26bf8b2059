"""`cpd pages`: the site's pages as Markdown files, built by other site generators (MkDocs without the plugin, Zensical).

The plugin's build of the sample is the reference: the pages cpd pages writes, built by plain MkDocs, must hold the
same content; Zensical (which runs no plugin) must build them with no issue, every link resolving.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from cpd_portfolio.core import load_portfolio
from support import AS_OF, EPOCH, MKDOCS, REPO, build, build_sample, write_entry

from .conftest import run_cli

NAV = textwrap.dedent(
    """
    nav:
      - Dashboard: index.md
      - Plan: plan.md
      - Gaps: gaps.md
      - Timeline: timeline.md
      - Objectives: objectives/index.md
      - Audit: audit/index.md
      - Tags: tags.md
    """
)


def generator_config(project: Path, name: str, *, docs_dir: str = "docs-public", extra: str = "") -> Path:
    """A site of the written pages as a user would set it up: Material, search, no cpd plugin."""
    config = project / name
    config.write_text(
        f"site_name: CPD portfolio\ndocs_dir: {docs_dir}\nsite_dir: out-{name.split('.')[0]}\n"
        "theme:\n  name: material\n  font: false\nplugins: [search]\n"
        "markdown_extensions: [attr_list, admonition, tables]\n" + NAV + extra,
        encoding="utf-8",
    )
    return config


def run(*command: str | os.PathLike, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def private_needles() -> list[str]:
    """Texts of the sample's private activity that must never be written or published."""
    portfolio = load_portfolio(REPO / "entries", as_of=AS_OF)
    needles = []
    for a in (a for a in portfolio.activities if a.private):
        needles += [a.title, a.source[: -len(".md")], *a.outcomes]
        needles += [line for line in a.reflection.splitlines() if len(line) > 30][:3]
    assert needles, "the sample has a private activity"
    return needles


def assert_no_private_text(folder: Path) -> None:
    needles = private_needles()
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in (".md", ".html", ".json", ".xml", ".txt", ".csv"):
            content = path.read_text(encoding="utf-8", errors="replace")
            for needle in needles:
                assert needle not in content, f"{needle!r} leaked into {path}"


class _Content(HTMLParser):
    """A page's article as tokens (tags with attributes, text with whitespace collapsed): the content a reader gets.

    Left out: cpd pages' wrapper (<div class="cpd-html">) and stylesheet links, and Material's tag list (the
    plugin's build has the tags plugin), so that the same content compares equal.
    """

    VOID = frozenset({"br", "img", "input", "link", "meta", "hr", "wbr", "col", "source"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple] = []
        self.stack: list[str] = []  # open elements inside the article ("" for one left out)
        self.inside = False
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if not self.inside:
            self.inside = tag == "article" and "md-content__inner" in (a.get("class") or "")
            return
        if tag in self.VOID:
            if tag != "link" and not self.skipping:
                self.tokens.append(("<", tag, tuple(sorted(attrs))))
            return
        left_out = (tag == "div" and a.get("class") == "cpd-html") or (
            tag == "nav" and "md-tags" in (a.get("class") or "")
        )
        if self.skipping or (left_out and tag == "nav"):
            self.skipping += 1
            self.stack.append("skip")
        elif left_out:
            self.stack.append("")
        else:
            self.stack.append(tag)
            self.tokens.append(("<", tag, tuple(sorted(attrs))))

    def handle_endtag(self, tag):
        if not self.inside or tag in self.VOID:
            return
        if not self.stack:
            self.inside = False  # the article's own end
            return
        top = self.stack.pop()
        if top == "skip":
            self.skipping -= 1
        elif top:
            self.tokens.append((">", tag))

    def handle_data(self, data):
        if self.inside and not self.skipping and data.strip():
            self.tokens.append(("t", " ".join(data.split())))


def content(page: Path) -> list[tuple]:
    parser = _Content()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.tokens


def broken_links(site: Path, *, files_only: bool) -> list[str]:
    """Every relative href and src of the built site that names nothing (or, files_only, a folder)."""

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.refs: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.refs += [v for k, v in attrs if k in ("href", "src") and v]

    broken = []
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # served by a web server for any address: its links are absolute on purpose
            continue
        links = Links()
        links.feed(page.read_text(encoding="utf-8"))
        for ref in links.refs:
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith(("#", "//")) or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir() and not files_only:
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {ref}")
    return broken


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, Path]:
    """The sample project, copied, and the plugin's own build of it: (project, site)."""
    project = tmp_path_factory.mktemp("pages")
    return project, build_sample(project)


def write_pages(project: Path, out: str, *args: str):
    result = run_cli("pages", "--out", out, *args, cwd=project)
    assert result.code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


@pytest.mark.parametrize("bodies", ["html", "markdown"])
def test_plain_mkdocs_builds_the_plugins_pages(sample, bodies):
    project, plugin_site = sample
    write_pages(project, f"docs-{bodies}", "--bodies", bodies)
    config = generator_config(project, f"plain-{bodies}.yml", docs_dir=f"docs-{bodies}")
    result = run(*MKDOCS, "build", "--strict", "-f", config, cwd=project)
    assert result.returncode == 0, result.stderr
    site = project / f"out-plain-{bodies}"
    compared = 0
    for page in sorted(plugin_site.rglob("*.html")):
        rel = page.relative_to(plugin_site)
        if rel.parts[0] in ("tags", "about", "404.html"):  # Material's tags listing; the user's own page
            continue
        built = site / rel
        assert built.is_file(), rel
        expected = content(page)
        assert len(expected) > 10 and content(built) == expected, rel
        compared += 1
    assert compared == 60  # the plugin's 61 pages but the tags page
    workshop = (site / "2025" / "2025-06-26-mr-linac-workshop" / "index.html").read_text(encoding="utf-8")
    assert "electron return effect" in workshop and 'id="reflection"' in workshop
    assert (site / "evidence" / "2025-mr-linac-workshop-certificate.txt").is_file()
    assert not broken_links(site, files_only=False)
    # Search indexes activities and objectives, as the plugin's site does, not the overview pages.
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert "2025/2025-06-26-mr-linac-workshop/" in locations and "objectives/mr-linac-readiness/" in locations
    assert not locations & {"", "plan/", "gaps/", "timeline/", "audit/", "audit/hcpc/"}
    assert "stylesheet" not in json.dumps(index)
    assert not list(site.rglob(".cpd-pages*")), "the manifest is not published"
    assert_no_private_text(project / f"docs-{bodies}")
    assert_no_private_text(site)


zensical = pytest.mark.skipif(
    importlib.util.find_spec("zensical") is None, reason="zensical is not installed (pip install zensical)"
)


@zensical
@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "html-urls"])
def test_zensical_builds_the_pages(sample, directory_urls):
    project, _ = sample
    write_pages(project, "docs-source", "--urls", "source")
    name = f"zensical-{'dir' if directory_urls else 'html'}.yml"
    config = generator_config(project, name, docs_dir="docs-source", extra=f"use_directory_urls: {directory_urls}\n")
    result = run(sys.executable, "-m", "zensical", "build", "--strict", "-f", config, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No issues found" in result.stdout + result.stderr
    site = project / f"out-{name.split('.')[0]}"
    page = "2025/2025-06-26-mr-linac-workshop" + ("/index.html" if directory_urls else ".html")
    workshop = (site / page).read_text(encoding="utf-8")
    assert "electron return effect" in workshop and "capital bid" in workshop  # the reflection and the fields
    assert 'class="cpd-fields"' in workshop and "cpd.css" in workshop
    for activity in load_portfolio(REPO / "entries", as_of=AS_OF).public().activities:
        stem = activity.source[: -len(".md")]
        assert (site / (f"{stem}/index.html" if directory_urls else f"{stem}.html")).is_file(), stem
    tags = (site / ("tags/index.html" if directory_urls else "tags.html")).read_text(encoding="utf-8")
    assert "mr-linac" in tags and "Two-day workshop on MR-guided radiotherapy" in tags
    assert not broken_links(site, files_only=not directory_urls)
    assert_no_private_text(site)


def test_pages_hold_no_private_entry_nor_its_evidence(tmp_path):
    from .test_privacy import CANARY, _portfolio

    project = _portfolio(tmp_path)
    result = run_cli("pages", "--out", "docs-public", cwd=project)
    assert result.code == 0, result.stderr
    written = [p for p in (project / "docs-public").rglob("*") if p.is_file()]
    assert any(p.name == "public.txt" for p in written)
    assert "Public reflection." in (project / "docs-public" / "2026" / "public.md").read_text(encoding="utf-8")
    for path in written:
        assert CANARY not in str(path).lower() and CANARY.encode() not in path.read_bytes().lower(), path
    assert CANARY not in (result.stdout + result.stderr).lower()


HOSTILE = """
---
title: Q&A <b>bold</b> session
date: 2026-10-01
type: work-based
evidence: [../evidence/poster.svg]
---
Text <img src=x onerror="window.zqxpwned=1"> and <script>window.zqxpwned=2</script> [j](javascript:alert(1)),
![poster](../evidence/poster.svg) and [an activity](../2026/public.md#reflection).

```
fenced

with a blank line
```
"""


def _small_portfolio(root: Path) -> Path:
    write_entry(root, "entries/evidence/poster.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    write_entry(
        root,
        "entries/2026/public.md",
        """
        ---
        title: Public journal club
        date: 2026-02-01
        type: work-based
        ---
        Public reflection.
        """,
    )
    (root / "entries" / "2026" / "hostile.md").write_text(HOSTILE.lstrip(), encoding="utf-8")
    return root / "entries"


def test_bodies_are_sanitised_and_their_links_follow_the_url_style(tmp_path):
    _small_portfolio(tmp_path)
    write_pages(tmp_path, "html-bodies")
    page = (tmp_path / "html-bodies" / "2026" / "hostile.md").read_text(encoding="utf-8")
    assert "zqxpwned" not in page and "javascript:" not in page and "<script" not in page
    assert "title: Q&amp;A &lt;b&gt;bold&lt;/b&gt; session\n" in page  # escaped, as the plugin hands it to the theme
    # Links in the reflection to a file or page of the output are at their address, as MkDocs writes them.
    assert 'src="../../evidence/poster.svg"' in page and 'href="../public/#reflection"' in page
    assert "fenced&#10;\nwith a blank line" in page  # no blank line: CommonMark would end the HTML block there
    body = page.split("---\n", 2)[2]
    assert "\n\n" not in body.strip() and body.lstrip().startswith('<div class="cpd-html">')
    write_pages(tmp_path, "source-links", "--urls", "source")
    page = (tmp_path / "source-links" / "2026" / "hostile.md").read_text(encoding="utf-8")
    assert 'src="../evidence/poster.svg"' in page and 'href="public.md#reflection"' in page
    # As Markdown, the body is the generator's to render, raw HTML included: the documented choice of --bodies.
    write_pages(tmp_path, "markdown-bodies", "--bodies", "markdown")
    page = (tmp_path / "markdown-bodies" / "2026" / "hostile.md").read_text(encoding="utf-8")
    assert "<script>window.zqxpwned=2</script> [j](javascript:alert(1))" in page


def test_the_output_folder_is_refused_unless_new_empty_or_made_by_cpd_pages(tmp_path):
    entries = _small_portfolio(tmp_path)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.md").write_text("my own notes\n", encoding="utf-8")
    for out, says in [
        (mine, "is not empty and was not made by cpd pages"),
        (entries / "site", "is inside the entries folder"),
        (entries, "is inside the entries folder"),
        (tmp_path, "holds the entries folder"),
    ]:
        result = run_cli("pages", "--out", out, cwd=tmp_path)
        assert result.code == 2 and says in result.stderr, (out, result.stderr)
    assert [p.name for p in mine.iterdir()] == ["notes.md"]
    assert not (entries / "site").exists()
    (tmp_path / "empty").mkdir()
    write_pages(tmp_path, "empty")


def test_a_later_run_updates_its_own_files_and_never_a_users(tmp_path):
    entries = _small_portfolio(tmp_path)
    out = tmp_path / "docs-public"
    write_pages(tmp_path, "docs-public")
    assert (out / "2026" / "public.md").is_file() and (out / ".cpd-pages.json").is_file()
    (out / "about.md").write_text("# About me\n", encoding="utf-8")  # the user's own page, beside the generated ones
    # The public activity is made private: its page goes, the user's page stays, the rest is rewritten.
    public = entries / "2026" / "public.md"
    public.write_text(public.read_text(encoding="utf-8").replace("type: work-based", "type: work-based\nprivate: true"))
    result = write_pages(tmp_path, "docs-public")
    assert "1 no longer published removed" in result.stdout
    assert not (out / "2026" / "public.md").exists()
    assert (out / "about.md").read_text(encoding="utf-8") == "# About me\n"
    assert "Public journal club" not in (out / "timeline.md").read_text(encoding="utf-8")
    # A generated file changed by hand is never overwritten: nothing is written, and the message says why.
    timeline = out / "timeline.md"
    timeline.write_text("edited\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = run_cli("pages", "--out", out, "--urls", "html", cwd=tmp_path)
    assert result.code == 2 and "timeline.md was changed after cpd pages wrote it" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    # Nor one the user put where a page is to be written, nor through a link.
    timeline.unlink()
    (out / "2026" / "later.md").write_text("mine\n", encoding="utf-8")
    (entries / "2026" / "later.md").write_text(public.read_text(encoding="utf-8").replace("private: true\n", ""))
    result = run_cli("pages", "--out", out, cwd=tmp_path)
    assert result.code == 2 and "later.md is not one cpd pages wrote" in result.stderr
    assert (out / "2026" / "later.md").read_text(encoding="utf-8") == "mine\n"
    shutil.rmtree(out / "2026")
    (out / "2026").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    result = run_cli("pages", "--out", out, cwd=tmp_path)
    assert result.code == 2 and "is a link" in result.stderr
    assert not (tmp_path / "elsewhere").exists()
    # A manifest that names a file outside the folder is not cpd pages': nothing there is ever removed.
    (out / "2026").unlink()
    (tmp_path / "victim.txt").write_text("keep me\n", encoding="utf-8")
    manifest = json.loads((out / ".cpd-pages.json").read_text(encoding="utf-8"))
    manifest["files"]["../victim.txt"] = [hashlib.sha256(b"keep me\n").hexdigest()]
    (out / ".cpd-pages.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = run_cli("pages", "--out", out, cwd=tmp_path)
    assert result.code == 2 and "was not made by cpd pages" in result.stderr
    assert (tmp_path / "victim.txt").read_text(encoding="utf-8") == "keep me\n"


def test_pages_run_without_mkdocs(tmp_path):
    """The command, the page builders and the core import no mkdocs (nor Material): any generator will do."""
    _small_portfolio(tmp_path)
    code = (
        "import sys\n"
        "for name in ('mkdocs', 'material'): sys.modules[name] = None  # importing either now fails\n"
        "import cpd_portfolio.site.pages.pageset, cpd_portfolio.site.pages.auditfile\n"
        "from cpd_cli.main import main\n"
        "sys.exit(main(['pages', '--out', 'docs-public']))\n"
    )
    result = run(sys.executable, "-c", code, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "docs-public" / "index.md").is_file()


def test_an_activity_at_a_page_address_is_linked_where_its_page_is(tmp_path):
    write_entry(
        tmp_path,
        "entries/plan.md",
        """
        ---
        title: An activity named plan
        date: 2026-02-01
        type: work-based
        ---
        """,
    )
    write_pages(tmp_path, "docs-public")
    timeline = (tmp_path / "docs-public" / "timeline.md").read_text(encoding="utf-8")
    assert 'href="../activities/plan/">An activity named plan</a>' in timeline
    assert (tmp_path / "docs-public" / "activities" / "plan.md").is_file()


def test_evidence_naming_an_entry_is_never_published(tmp_path):
    write_entry(
        tmp_path,
        "entries/2026/secret.md",
        """
        ---
        title: Secret
        date: 2026-03-01
        type: work-based
        private: true
        ---
        zqxcanary private reflection
        """,
    )
    write_entry(
        tmp_path,
        "entries/2026/public.md",
        """
        ---
        title: Public
        date: 2026-03-02
        type: work-based
        evidence: [secret.md]
        ---
        Public reflection.
        """,
    )
    write_entry(tmp_path, "pages/about.md", "# About\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ndocs_dir: pages\ntheme: material\nplugins: [search, tags, cpd]\n"
    )
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    message = "evidence[0]: 'secret.md' is an entry of the portfolio, not an evidence file: link the evidence itself"
    assert f"entries/2026/public.md:5:12: error: {message}" in result.stderr
    assert build(tmp_path, "--strict").returncode == 1
    checked = run_cli("check", cwd=tmp_path)
    assert checked.code == 1 and f"entries/2026/public.md:5:12: error: {message}" in checked.stdout
    pages = run_cli("pages", "--out", "docs-public", cwd=tmp_path)
    assert pages.code == 0 and "run 'cpd check'" in pages.stderr
    for folder in (tmp_path / "out", tmp_path / "docs-public"):
        for path in folder.rglob("*"):
            if path.is_file():
                assert "zqxcanary" not in path.read_text(encoding="utf-8", errors="replace"), path


def test_help_says_how_to_use_it(tmp_path):
    result = run_cli("pages", "--help", cwd=tmp_path)
    assert result.code == 0
    for text in ("--out DIR", "--urls", "source", "Zensical", "--bodies", "examples:"):
        assert text in result.stdout, text
