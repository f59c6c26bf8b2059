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
