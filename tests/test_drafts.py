"""Drafts: an activity noted in a minute (`cpd new --quick`, `draft: true`), listed, never published or counted."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from conftest import run_cli
from cpd_portfolio.core import load_portfolio
from cpd_portfolio.core.analysis import analyse
from support import AS_OF, REPO, build, write_entry

DRAFT = "entries/2026/2026-11-26-chat-with-physicist-about-mr-linac-qa-phantom.md"
TITLE = "Corridor chat with the MR-linac physicist"


def test_cpd_new_quick_notes_a_draft_dated_today_in_one_command(tmp_path: Path):
    made = run_cli("new", "--quick", "Chat with the vendor about the QA tool", "--entries", "entries", cwd=tmp_path)
    assert made.code == 0, made.stderr
    path = tmp_path / made.stdout.strip()
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^draft: true\b", text, re.MULTILINE)
    assert f"date: {dt.date.today().isoformat()}" in text
    checked = run_cli("check", "entries", cwd=tmp_path)
    assert checked.code == 0, checked.stdout
    # (The tests' clock, SOURCE_DATE_EPOCH, is a few days before today: a date warning may come too.)
    lines = [line for line in checked.stdout.splitlines() if ": warning: " in line and "in the future" not in line]
    # One line says it is a draft and what it lacks; no line per missing part.
    assert len(lines) == 1 and re.match(r".+\.md:\d+:\d+: warning: draft: a draft, not published or counted", lines[0])
    assert "warning: outcomes:" not in checked.stdout  # no line per missing part


def test_quick_is_for_activities_only(tmp_path: Path):
    made = run_cli("new", "objective", "A plan", "--quick", "--entries", "entries", cwd=tmp_path)
    assert made.code == 2 and "--quick" in made.stderr and "Traceback" not in made.stderr
    assert not (tmp_path / "entries").exists() or not list((tmp_path / "entries").rglob("*.md"))


def test_a_draft_is_in_no_figure_page_or_export_and_only_the_owners_dashboard_lists_it(tmp_path: Path):
    portfolio = load_portfolio(REPO / "entries", as_of=AS_OF)
    assert [d.source for d in portfolio.drafts] == [DRAFT.removeprefix("entries/")]
    assert DRAFT.removeprefix("entries/") not in {a.source for a in portfolio.activities}
    for audience in ("owner", "share"):
        project = tmp_path / audience
        shutil.copytree(REPO / "entries", project / "entries")
        shutil.copytree(REPO / "pages", project / "pages")
        config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
        config = config.replace("      entries: entries\n", f"      entries: entries\n      audience: {audience}\n")
        (project / "mkdocs.yml").write_text(config, encoding="utf-8")
        result = build(project, "--strict")
        assert result.returncode == 0, result.stderr
        site = project / "out"
        assert not (site / "2026" / Path(DRAFT).stem).exists()  # no page
        found = {
            p.relative_to(site).as_posix()
            for p in site.rglob("*")
            if p.is_file() and p.suffix in (".html", ".json", ".csv", ".ics", ".xml") and TITLE in p.read_text("utf-8")
        }
        assert found == ({"index.html"} if audience == "owner" else set()), found
        if audience == "owner":
            dashboard = (site / "index.html").read_text(encoding="utf-8")
            assert 'id="to-finish"' in dashboard and f"<strong>{TITLE}" in dashboard
        # The dashboard's count is the core's, which has no draft in it.
        shown = re.search(
            r'cpd-stat-value">(\d+)</span> <span class="cpd-stat-label">activit',
            (site / "index.html").read_text("utf-8"),
        )
        assert int(shown[1]) == analyse(portfolio.public()).summary.total.count


def test_a_private_draft_is_not_listed_even_for_the_owner(tmp_path: Path):
    shutil.copytree(REPO / "entries", tmp_path / "entries")
    shutil.copytree(REPO / "pages", tmp_path / "pages")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    write_entry(
        tmp_path,
        "entries/2026/2026-11-27-zqx.md",
        "---\ntitle: Zqx private draft\ndate: 2026-11-27\ntype: work-based\ndraft: true\nprivate: true\n---\n",
    )
    result = build(tmp_path, "--strict")
    assert result.returncode == 0, result.stderr
    assert not any(
        "Zqx" in p.read_text("utf-8", errors="replace") for p in (tmp_path / "out").rglob("*") if p.is_file()
    )
