"""Kept as you went (core/continuity.py): real git repositories whose commits are dated by GIT_COMMITTER_DATE."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest
from cpd_portfolio.core import load_portfolio
from cpd_portfolio.core.continuity import continuity
from support import write_entry

pytestmark = pytest.mark.skipif(
    subprocess.run(["git", "--version"], capture_output=True).returncode != 0, reason="no git"
)


def _git(repo: Path, *args: str, day: str | None = None) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "A Registrant",
        "GIT_AUTHOR_EMAIL": "registrant@example.org",
        "GIT_COMMITTER_NAME": "A Registrant",
        "GIT_COMMITTER_EMAIL": "registrant@example.org",
    }
    if day:
        env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"] = f"{day}T12:00:00+00:00"
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _activity(repo: Path, name: str, day: str, end: str | None = None) -> None:
    extra = f"end: {end}\n" if end else ""
    write_entry(repo, f"entries/{name}", f"---\ntitle: {name}\ndate: {day}\n{extra}type: self-directed\n---\nText.\n")


def _commit(repo: Path, day: str, *paths: str) -> None:
    _git(repo, "add", *paths)
    _git(repo, "commit", "-q", "-m", f"zqx secret message {day}", day=day)


def test_each_entry_is_dated_by_its_first_commit_and_renames_keep_it(tmp_path: Path):
    _git(tmp_path, "init", "-q")
    _activity(tmp_path, "2026/a.md", "2026-03-01")
    _activity(tmp_path, "2026/b.md", "2026-03-01", end="2026-03-20")
    _commit(tmp_path, "2026-03-03", "entries/2026/a.md")  # 2 days after
    _commit(tmp_path, "2026-05-01", "entries/2026/b.md")  # 42 days after its last day
    _git(tmp_path, "mv", "entries/2026/a.md", "entries/2026/a-renamed.md")
    _commit(tmp_path, "2026-06-01", "-A")  # a move is not a new record
    _activity(tmp_path, "2026/c.md", "2026-06-10")  # never committed
    found = continuity(tmp_path / "entries")
    assert found.available, found.reason
    assert found.first == {"2026/a-renamed.md": dt.date(2026, 3, 3), "2026/b.md": dt.date(2026, 5, 1)}
    portfolio = load_portfolio(tmp_path / "entries", as_of=dt.date(2026, 7, 1))
    figures = found.figures(portfolio.activities)
    assert figures.activities == 3 and figures.recorded == 2 and figures.uncommitted == 1
    assert figures.within == {7: 1, 30: 1}
    assert figures.median_days == 22  # of 2 and 42


def test_only_dates_are_read(tmp_path: Path):
    _git(tmp_path, "init", "-q")
    _activity(tmp_path, "2026/a.md", "2026-03-01")
    _commit(tmp_path, "2026-03-03", "entries/2026/a.md")
    found = continuity(tmp_path / "entries")
    assert (
        "zqx" not in repr(found) and "registrant@example.org" not in repr(found) and "A Registrant" not in repr(found)
    )


def test_without_a_repository_it_says_so_and_stays_out_of_the_way(tmp_path: Path):
    _activity(tmp_path, "2026/a.md", "2026-03-01")
    found = continuity(tmp_path / "entries")
    assert not found.available and "not in a git repository" in found.reason
    _git(tmp_path, "init", "-q")
    found = continuity(tmp_path / "entries")
    assert not found.available and found.reason in (
        "the repository has no commits yet",
        "no entry file has been committed yet",
    )


def _sample_in_git(tmp_path: Path, extra_config: str = "") -> Path:
    import shutil

    from support import REPO

    shutil.copytree(REPO / "entries", tmp_path / "entries")
    shutil.copytree(REPO / "pages", tmp_path / "pages")
    config = (
        (REPO / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("      entries: entries\n", "      entries: entries\n" + extra_config)
    )
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _commit(tmp_path, "2026-11-20", "entries")
    return tmp_path


def test_the_dashboard_and_the_audit_profile_show_how_soon_each_was_recorded(tmp_path: Path):
    from support import AS_OF, build

    project = _sample_in_git(tmp_path)
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "out"
    portfolio = load_portfolio(project / "entries", as_of=AS_OF)
    kept = continuity(project / "entries")
    assert set(kept.first) >= {a.source for a in portfolio.activities}  # every entry committed on 2026-11-20
    dashboard = (site / "index.html").read_text(encoding="utf-8")
    profile = (site / "audit/hcpc/index.html").read_text(encoding="utf-8")
    assert 'class="cpd-kept"' in dashboard and 'class="cpd-kept"' in profile
    # The audit profile's figures are the core's, for that cycle's activities.
    from cpd_portfolio.core.audit import audit_profile
    from cpd_portfolio.core.schemes import current_cycle, load_catalogue

    catalogue = load_catalogue(project / "entries")
    public = portfolio.public()
    figures = kept.figures(
        audit_profile(public, catalogue, "hcpc", current_cycle(catalogue.schemes["hcpc"], public)).activities
    )
    assert (
        f"{figures.within[7]} recorded within 7 days of the activity and {figures.within[30]} within 30 days" in profile
    )
    assert "zqx secret message" not in dashboard + profile and "registrant@example.org" not in dashboard + profile


def test_off_by_option_and_out_of_a_share_builds_dashboard(tmp_path: Path):
    from support import build

    off = _sample_in_git(tmp_path / "off", "      continuity: false\n")
    assert build(off, "--strict").returncode == 0
    assert "cpd-kept" not in "".join(p.read_text(encoding="utf-8") for p in (off / "out").rglob("*.html"))
    share = _sample_in_git(tmp_path / "share", "      audience: share\n")
    assert build(share, "--strict").returncode == 0
    assert "cpd-kept" not in (share / "out/index.html").read_text(encoding="utf-8")
    assert "cpd-kept" in (share / "out/audit/hcpc/index.html").read_text(encoding="utf-8")  # a fact, for the auditor


def test_without_git_history_no_site_page_mentions_it(tmp_path: Path):
    from support import build_sample

    site = build_sample(tmp_path)  # a temporary folder: no repository
    assert "cpd-kept" not in "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
