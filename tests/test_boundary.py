"""The portfolio's boundary: nothing behind a link that leaves entries/, or loops, is read, copied or published.

Real links (os.symlink) in a real portfolio, checked and built as a user runs the commands. Canaries mark what lies
outside the entries folder and what is private; none may reach the site (pages, search index, sitemap), the
exports or the audit bundle.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support import EPOCH, build, write_entry

OUTSIDE = "zqxoutside"  # in files outside entries/, reached only through links
PRIVATE = "zqxprivate"  # in a private entry of a linked folder

GOOD = """
---
title: {title}
date: 2026-02-01
type: work-based
outcomes: [An outcome]
application: An application.
benefit: A benefit.
{extra}---
Reflection of {title}.
"""


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    e = project / "entries"
    write_entry(
        e, "profile.md", "---\nkind: profile\nname: Sam\nregistrations: [{body: hcpc, renewal: 2027-01-31}]\n---\n"
    )
    write_entry(e, "2026/inside.md", GOOD.format(title="Inside activity", extra=""))
    write_entry(e, "evidence/real.txt", "real evidence\n")
    # Outside the entries folder: a folder of entries (one private, with evidence), a loose file and a secret.
    far = tmp_path / "elsewhere"
    write_entry(far, "folder/2026/linked.md", GOOD.format(title=f"{OUTSIDE} linked activity", extra=""))
    write_entry(
        far,
        "folder/2026/private.md",
        GOOD.format(title=f"{PRIVATE} title", extra=f"private: true\nevidence: [../{OUTSIDE}.txt]\n"),
    )
    write_entry(far, f"folder/{OUTSIDE}.txt", f"{OUTSIDE} evidence\n")
    write_entry(far, "loose.md", GOOD.format(title=f"{OUTSIDE} loose activity", extra=""))
    write_entry(far, "secret.txt", f"{OUTSIDE} secret\n")
    os.symlink(far / "folder", e / "linked-folder", target_is_directory=True)  # a folder of entries
    os.symlink(far / "loose.md", e / "2026" / "loose.md")  # an entry file
    os.symlink(far / "secret.txt", e / "evidence" / "secret.txt")  # an evidence file no entry names
    os.symlink("/etc", e / "etc", target_is_directory=True)  # a system folder
    os.symlink(".", e / "2026" / "here", target_is_directory=True)  # loops back
    os.symlink("..", e / "2026" / "up", target_is_directory=True)  # a second loop: 2^n paths if followed
    os.symlink("no-such-file.txt", e / "evidence" / "dangling.txt")
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(
        "site_name: T\nsite_url: https://intranet.example/cpd/\ndocs_dir: docs\n"
        "theme: {name: material}\nplugins: [search, tags, cpd]\n",
        encoding="utf-8",
    )
    return project


def _cpd(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run(
        [sys.executable, "-m", "cpd_cli", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120
    )


def test_check_reports_every_link_where_it_is(tmp_path: Path):
    project = _project(tmp_path)
    result = _cpd(project, "check", "entries")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    expected = [
        "entries/2026/here:1:1: warning: link: a link back to a folder that holds it (2026): links are not followed; "
        "remove it",
        "entries/2026/loose.md:1:1: error: link: a link to a file outside the entries folder: copy the file in instead",
        "entries/2026/up:1:1: warning: link: a link back to a folder that holds it (the entries folder): links are not "
        "followed; remove it",
        "entries/etc:1:1: error: link: a link to a folder outside the entries folder: nothing in it is read or "
        "published; move the files into the entries folder instead",
        "entries/evidence/dangling.txt:1:1: error: link: a link to something that does not exist: remove the link or "
        "restore what it named",
        "entries/evidence/secret.txt:1:1: error: link: a link to a file outside the entries folder: copy the file in "
        "instead",
        "entries/linked-folder:1:1: error: link: a link to a folder outside the entries folder: nothing in it is read "
        "or published; move the files into the entries folder instead",
    ]
    assert [line for line in lines if ": link: " in line] == expected
    assert lines[-1] == "2 entries read: 5 errors, 2 warnings"  # the profile and the activity inside
    assert OUTSIDE not in result.stdout and PRIVATE not in result.stdout


def test_a_link_inside_the_portfolio_is_a_warning_and_its_target_read_once(tmp_path: Path):
    project = tmp_path / "project"
    e = project / "entries"
    write_entry(e, "2026/real.md", GOOD.format(title="Real", extra=""))
    os.symlink("2026", e / "current", target_is_directory=True)
    os.symlink("2026/real.md", e / "again.md")
    result = _cpd(project, "check", "entries")
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == [
        "entries/again.md:1:1: warning: link: a link to the file '2026/real.md' in the entries folder: links are not "
        "followed, the file is read where it is; remove the link",
        "entries/current:1:1: warning: link: a link to the folder '2026' in the entries folder: links are not "
        "followed, the folder is read where it is; remove the link",
        "1 entry read: 0 errors, 2 warnings",
    ]


def _everything_published(project: Path) -> list[tuple[str, bytes]]:
    outputs = [(str(p.relative_to(project)), p.read_bytes()) for p in (project / "out").rglob("*") if p.is_file()]
    outputs += [(f"site name {p}", str(p).encode()) for p in (project / "out").rglob("*")]
    audit = _cpd(project, "audit", "--out", "audit.html", "--bundle", "audit.zip")
    assert audit.returncode == 0, audit.stderr
    outputs.append(("audit.html", (project / "audit.html").read_bytes()))
    with zipfile.ZipFile(project / "audit.zip") as bundle:
        outputs += [(f"audit.zip:{n}", bundle.read(n)) for n in bundle.namelist()]
        outputs.append(("audit.zip names", "\n".join(bundle.namelist()).encode()))
    for fmt in ("csv", "json"):
        exported = _cpd(project, "export", "--format", fmt)
        assert exported.returncode == 0, exported.stderr
        outputs.append((f"export.{fmt}", exported.stdout.encode()))
    return outputs


def test_nothing_behind_a_link_reaches_the_site_exports_or_bundle(tmp_path: Path):
    project = _project(tmp_path)
    result = build(project)  # not strict: the links are errors, and the rest of the site must still build
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "entries/linked-folder:1:1: error: link:" in result.stderr
    site = project / "out"
    assert (site / "2026" / "inside" / "index.html").is_file()
    assert (site / "search" / "search_index.json").is_file() and (site / "sitemap.xml").is_file()
    assert not (site / "etc").exists() and not (site / "linked-folder").exists()
    assert not list(site.rglob("*.md")), "no raw entry file is copied into the site"
    outputs = _everything_published(project)
    assert any(b"Inside activity" in content for _, content in outputs)
    leaks = [name for name, content in outputs if OUTSIDE.encode() in content or PRIVATE.encode() in content]
    assert leaks == []
    # /etc's files are nowhere: not copied, not named.
    hostname = Path("/etc/hostname")
    if hostname.is_file() and hostname.read_bytes().strip():
        assert not any(name.endswith("hostname") for name, _ in outputs)


def test_looping_links_do_not_slow_or_stop_the_build(tmp_path: Path):
    project = _project(tmp_path)
    # With the links followed, each level of `here` and `up` doubles the paths to copy; a timeout marks a hang.
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "out")],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    deepest = max(len(p.relative_to(project / "out").parts) for p in (project / "out").rglob("*"))
    assert deepest < 6, "the site holds nested copies of itself"


@pytest.mark.parametrize("docs_dir", ["entries", "site-pages"], ids=["entries-as-docs-dir", "entries-inside-docs-dir"])
def test_the_entries_folder_is_never_a_docs_dir(tmp_path: Path, docs_dir: str):
    entries = "entries" if docs_dir == "entries" else "site-pages/entries"
    write_entry(tmp_path / entries, "2026/a.md", GOOD.format(title=f"{PRIVATE} raw", extra="private: true\n"))
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: T\ndocs_dir: {docs_dir}\ntheme: {{name: material}}\n"
        f"plugins:\n  - search\n  - cpd:\n      entries: {entries}\n",
        encoding="utf-8",
    )
    result = build(tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "is inside docs_dir" in result.stderr and "set docs_dir to a folder of your own pages" in result.stderr
    assert not any(PRIVATE.encode() in p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file())


def test_a_build_without_the_plugin_publishes_no_entry(tmp_path: Path):
    """The layout the project ships: a generator that ignores the plugin sees only docs_dir."""
    project = tmp_path / "project"
    write_entry(project / "entries", "2026/a.md", GOOD.format(title=f"{PRIVATE} raw", extra="private: true\n"))
    write_entry(project / "docs", "index.md", "# My own page\n")
    (project / "mkdocs.yml").write_text(
        "site_name: T\ndocs_dir: docs\ntheme: {name: material}\nplugins: [search]\n", encoding="utf-8"
    )
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr
    published = [p.read_bytes() for p in (project / "out").rglob("*") if p.is_file()]
    assert any(b"My own page" in content for content in published)
    assert not any(PRIVATE.encode() in content or b"Reflection of" in content for content in published)


@pytest.mark.parametrize("folder", ["_rules/hcpc.yml", "_frameworks/mine.yml"])
def test_a_rule_or_framework_file_behind_a_link_out_is_not_read(tmp_path: Path, folder: str):
    """Rule and framework texts are published (gaps page, competence titles): one from outside is refused."""
    project = tmp_path / "project"
    e = project / "entries"
    write_entry(e, "profile.md", "---\nkind: profile\nregistrations: [{body: hcpc, renewal: 2027-01-31}]\n---\n")
    write_entry(e, "2026/a.md", GOOD.format(title="Inside activity", extra="competences: ['MINE:A1']\n"))
    far = tmp_path / "elsewhere"
    text = (
        f"rules:\n  - id: hcpc-mixture\n    why: {OUTSIDE}\n"
        if folder.startswith("_rules")
        else f"id: MINE\nname: {OUTSIDE}\ncompetences: {{A1: {OUTSIDE}}}\n"
    )
    write_entry(far, "data.yml", text)
    (e / folder).parent.mkdir(parents=True)
    os.symlink(far / "data.yml", e / folder)
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(
        "site_name: T\ndocs_dir: docs\ntheme: {name: material}\nplugins: [search, tags, cpd]\n", encoding="utf-8"
    )
    checked = _cpd(project, "check", "entries")
    assert f"entries/{folder}:1:1: error: link: a link to a file outside the entries folder" in checked.stdout
    result = build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        f"{folder}:1:1: error: file: a link to a file outside the entries folder: copy the file in instead"
        in result.stderr
    )
    gaps = _cpd(project, "gaps")
    assert gaps.returncode != 0 and OUTSIDE not in gaps.stdout + gaps.stderr
    assert not any(OUTSIDE.encode() in p.read_bytes() for p in (project / "out").rglob("*") if p.is_file())
