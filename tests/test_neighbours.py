"""The plugin as a good MkDocs citizen (issue 15): its own nav, mkdocs.yml's exclude_docs and draft_docs, other
plugins beside it, and ProperDocs in place of MkDocs.

Every test builds the repository's sample portfolio for real (entries beside docs_dir, as tests/support.py copies
them) with `--strict`, and asserts on the site it made: the build passing is not enough, the portfolio's pages must
be there, and no raw entry may be.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from support import EPOCH, REPO

ACTIVITY = "2025/2025-06-26-mr-linac-workshop"  # a published activity of the sample
PRIVATE = "2025/2025-01-22-occupational-health-pressure-workshop"  # the sample's private activity
EXCLUDED = "2026/2026-03-04-mr-safety-course"
DRAFT = "2025/2025-06-21-science-festival-stall"
HOOK = """
import os
from pathlib import Path

def on_post_build(config):
    Path(os.environ["CPD_TEST_NAV"]).write_text(repr(config.nav), encoding="utf-8")
"""


def _title(entry: str) -> str:
    """The title line of an entry's front matter, as written in the file."""
    text = (REPO / "entries" / f"{entry}.md").read_text(encoding="utf-8")
    return re.search(r"^title: (.+)$", text, re.MULTILINE)[1].strip()


def _project(tmp_path: Path, plugins: str = "", extra: str = "") -> Path:
    """The sample project in tmp_path/project, with more `plugins` (YAML list items) after cpd and `extra` config."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "entries", project / "entries")
    shutil.copytree(REPO / "pages", project / "pages")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nmarkdown_extensions:" in config and "\nnav:" not in config
    config = config.replace("\nmarkdown_extensions:", plugins + "\nmarkdown_extensions:", 1)
    (project / "mkdocs.yml").write_text(config + extra, encoding="utf-8")
    return project


def _env(**more: str) -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", **more}


def _build(project: Path, *command: str, out: str = "out", **env: str) -> Path:
    """`<command> build --strict` of the project (MkDocs unless told); the site folder, once the build has passed."""
    command = command or (sys.executable, "-m", "mkdocs")
    result = subprocess.run(
        [*command, "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(project / out)],
        capture_output=True,
        text=True,
        env=_env(**env),
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return project / out


def _nav(html: str) -> list[tuple[str, str]]:
    """The links of the page's main navigation, as (href, label), in order."""
    nav = html[html.index("md-nav--primary") : html.index("md-sidebar--secondary")]
    return re.findall(r'<a href="([^"]*)" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*([^<]*?)\s*<', nav)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _assert_portfolio(site: Path) -> None:
    """The portfolio is in `site`: the dashboard, an activity's page, the nav listing the timeline; no raw entry."""
    assert "<h1" in _read(site / "index.html") and "Dashboard" in _read(site / "index.html")
    activity = _read(site / ACTIVITY / "index.html")
    assert _title(ACTIVITY) in activity
    assert ("../../timeline/", "Timeline") in _nav(activity)
    assert (site / "timeline" / "index.html").is_file()
    _assert_no_raw_entry(site)


def _assert_no_raw_entry(site: Path) -> None:
    """No entry file, nor any line of an entry's front matter, nor the private entry, is anywhere in the site."""
    assert not list(site.rglob("*.md"))
    canaries = [f"title: {_title(ACTIVITY)}", "private: true", _title(PRIVATE)]
    for path in site.rglob("*"):
        if path.is_file() and path.suffix != ".gz":
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not [c for c in canaries if c in text], path
            assert not text.startswith("---\n"), path


def _everywhere(site: Path, text: str) -> list[str]:
    """Every file of the site that holds `text`."""
    return sorted(
        str(p.relative_to(site))
        for p in site.rglob("*")
        if p.is_file() and p.suffix != ".gz" and text in p.read_text(encoding="utf-8", errors="replace")
    )


# The nav: MkDocs makes it from the files, and the plugin writes none into the config.


def test_no_nav_is_written_and_mkdocs_nav_lists_the_overview_pages_in_order(tmp_path: Path):
    project = _project(tmp_path, extra="hooks:\n  - hook.py\n")
    (project / "hook.py").write_text(HOOK, encoding="utf-8")
    config = _read(project / "mkdocs.yml")
    assert "    - search.highlight\n" in config
    (project / "mkdocs.yml").write_text(
        config.replace("    - search.highlight\n", "    - search.highlight\n    - navigation.footer\n"), "utf-8"
    )
    nav_seen = project / "nav.txt"
    site = _build(project, CPD_TEST_NAV=str(nav_seen))
    assert _read(nav_seen) == "None"  # config.nav once the build is done: nothing wrote one
    _assert_portfolio(site)
    labels = [label for _, label in _nav(_read(site / ACTIVITY / "index.html"))]
    # Each page's own title; the user's own page of docs_dir after the portfolio's; no activity page.
    assert labels == [
        "Dashboard",
        "Plan versus achieved",
        "Gaps",
        "Timeline",
        "Objectives",
        "Audit profiles",
        "Tags",
        "About this portfolio",
    ]
    # The same order in the previous and next links of each page's footer.
    timeline = _read(site / "timeline" / "index.html")
    assert re.search(r'<a href="\.\./gaps/" class="md-footer__link md-footer__link--prev"', timeline)
    assert re.search(r'<a href="\.\./objectives/" class="md-footer__link md-footer__link--next"', timeline)


def test_a_nav_of_the_users_own_is_kept_with_its_titles(tmp_path: Path):
    nav = "nav:\n  - Home: index.md\n  - My timeline: timeline.md\n  - About: about.md\n"
    site = _build(_project(tmp_path, extra=nav))
    assert _nav(_read(site / ACTIVITY / "index.html")) == [
        ("../..", "Home"),
        ("../../timeline/", "My timeline"),
        ("../../about/", "About"),
    ]


# Other plugins, each with the sample and --strict.


def test_awesome_nav(tmp_path: Path):
    """awesome-nav makes the nav itself: it refused a config whose nav the plugin had filled (a warning)."""
    project = _project(tmp_path, plugins="  - awesome-nav\n")
    site = _build(project)
    _assert_portfolio(site)
    # Its .nav.yml orders the plugin's pages like any other.
    (project / "pages" / ".nav.yml").write_text('nav:\n  - timeline.md\n  - plan.md\n  - "*"\n', encoding="utf-8")
    site = _build(project, out="ordered")
    nav = _nav(_read(site / ACTIVITY / "index.html"))
    assert [href for href, _ in nav[:2]] == ["../../timeline/", "../../plan/"]
    assert ("../..", "Dashboard") in nav[2:]
    _assert_portfolio(site)


I18N = """  - i18n:
      docs_structure: suffix
      languages:
        - locale: en
          name: English
          default: true
        - locale: de
          name: Deutsch
"""


def test_static_i18n(tmp_path: Path):
    """i18n remakes every file of docs_dir and builds the site again for each further language: it crashed on the
    plugin's files, which have no source path, and its second build wrote over the first one's portfolio."""
    project = _project(tmp_path, plugins=I18N)
    about = _read(project / "pages" / "about.md")
    assert about.startswith("# ")
    (project / "pages" / "about.de.md").write_text("# Über dieses Portfolio\n" + about.split("\n", 1)[1], "utf-8")
    site = _build(project)
    _assert_portfolio(site)
    for page in ["index.html", "timeline/index.html", f"{ACTIVITY}/index.html"]:
        assert '<html lang="en"' in _read(site / page), page  # the default language's, not written over
    # The German site: the translated page, and the portfolio in its own folder with the German theme.
    german = site / "de"
    assert "Über dieses Portfolio" in _read(german / "about" / "index.html")
    for page in ["index.html", "timeline/index.html", f"{ACTIVITY}/index.html", "export/portfolio.json"]:
        assert (german / page).is_file(), page
    activity = _read(german / ACTIVITY / "index.html")
    assert '<html lang="de"' in activity and 'placeholder="Suche"' in activity
    nav = dict(_nav(activity))  # the German pages' own titles (the plugin's words follow the theme's language)
    assert nav["../../about/"] == "Über dieses Portfolio"
    timeline = re.search(r"<h1[^>]*>([^<]*)</h1>", _read(german / "timeline" / "index.html"))[1].strip()
    assert nav["../../timeline/"] == timeline and next(iter(nav)).rstrip("/") == "../.."  # the dashboard first


def _git(project: Path, *args: str) -> None:
    when = "2026-01-02T03:04:05+00:00"
    names = {f"GIT_{who}_{what}": value for who in ("AUTHOR", "COMMITTER") for what, value in
             (("NAME", "Test"), ("EMAIL", "test@example.org"), ("DATE", when))}  # fmt: skip
    subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=project,
        env=_env(**names),
        check=True,
        capture_output=True,
        timeout=60,
    )


def test_git_revision_date_localized(tmp_path: Path):
    """git-revision-date-localized dates the pages of docs_dir from git; the plugin's pages have no file in git."""
    project = _project(tmp_path, plugins="  - git-revision-date-localized:\n      enable_creation_date: true\n")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "The sample")
    site = _build(project)
    _assert_portfolio(site)
    # The plugin is at work: the user's own page has the commit's date.
    assert 'title="January 2, 2026 03:04:05 UTC">January 2, 2026<' in _read(site / "about" / "index.html")


# exclude_docs and draft_docs, applied to the entries as to docs_dir.


EXCLUSIONS = f"exclude_docs: |\n  /{EXCLUDED}.md\ndraft_docs: |\n  {DRAFT.split('/')[1]}.md\n"


def test_exclude_docs_and_draft_docs_leave_entries_out_of_a_build(tmp_path: Path):
    site = _build(_project(tmp_path, extra=EXCLUSIONS))
    _assert_portfolio(site)
    for entry in (EXCLUDED, DRAFT):
        assert not (site / entry).exists(), entry
        # Nowhere: no page, timeline, tag, audit profile, chart, search index, sitemap or export names it.
        assert _everywhere(site, _title(entry)) == [], entry
        assert _everywhere(site, entry.split("/")[1]) == [], entry
    # Without the patterns, both are in the site: the test above can fail.
    site = _build(_project(tmp_path / "plain"))
    for entry in (EXCLUDED, DRAFT):
        assert (site / entry / "index.html").is_file()
        assert {"timeline/index.html", "export/portfolio.json"} <= set(_everywhere(site, _title(entry)))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(project: Path, *args: str, pages: list[str]) -> list[str]:
    """Start `mkdocs serve`, fetch each of `pages` (a 404 is ''), stop it."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}", *args],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(),
    )
    try:
        base, deadline = f"http://127.0.0.1:{port}/", time.monotonic() + 60
        while not _get(base):
            assert time.monotonic() < deadline and server.poll() is None, "mkdocs serve never served the site"
            time.sleep(0.3)
        return [_get(base + page) for page in pages]
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def test_mkdocs_serve_shows_a_draft_marked_and_serve_clean_does_not(tmp_path: Path):
    project = _project(tmp_path, extra=EXCLUSIONS)
    pages = ["timeline/", f"{DRAFT}/", f"{EXCLUDED}/"]
    timeline, draft, excluded = _serve(project, pages=pages)
    assert _title(DRAFT) in timeline and _title(EXCLUDED) not in timeline
    assert _title(DRAFT) in draft and "mkdocs-draft-marker" in draft  # MkDocs' own mark of a draft
    assert excluded == ""
    timeline, draft, excluded = _serve(project, "--clean", pages=pages)  # serve as `mkdocs build` would build
    assert "Timeline" in timeline and _title(DRAFT) not in timeline
    assert draft == excluded == ""


# ProperDocs, the continuation of MkDocs 1.x.


def test_properdocs_builds_the_same_site(tmp_path: Path):
    project = _project(tmp_path)
    properdocs = _build(project, sys.executable, "-m", "properdocs", out="properdocs")
    mkdocs = _build(project, out="mkdocs")
    assert 'content="mkdocs-ProperDocs 1.' in _read(properdocs / "index.html")  # ProperDocs really built it
    _assert_portfolio(properdocs)
    generator = re.compile(rb'<meta name="generator" content="[^"]*">')
    files = sorted(p.relative_to(mkdocs) for p in mkdocs.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(properdocs) for p in properdocs.rglob("*") if p.is_file())
    differ = [
        str(p)
        for p in files
        if generator.sub(b"", (mkdocs / p).read_bytes()) != generator.sub(b"", (properdocs / p).read_bytes())
    ]
    assert differ == []
