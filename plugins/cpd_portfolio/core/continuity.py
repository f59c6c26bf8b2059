"""Kept as you went: when each entry was first committed to git, against the day of its activity.

HCPC's first standard asks for a continuous, up-to-date record; a portfolio kept in git carries the proof. This reads
the history once (`git log`, oldest first, following renames), keeps for each entry file the day it was first
committed, and figures for a set of activities how soon after it each was recorded.

Only dates are read: no commit message, author or e-mail is read, kept or published. With no git, no repository, or
an entries folder with no commits, `Continuity.available` is False with the reason, and nothing shows it.

Why `git` through subprocess: the registrant who keeps a portfolio in git has git; one `git log` reads the whole
history faster than walking it object by object in Python (dulwich), and pygit2 would add a compiled dependency
for one query.
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

WITHIN = (7, 30)  # the figures' thresholds, in days after the activity's last day
_MARK = "\x1e"  # starts each commit's line in the log: a character no path holds


@dataclass(frozen=True)
class Figures:
    """How soon after its last day each activity was first committed."""

    activities: int  # the activities looked at
    recorded: int  # of those, how many are committed
    within: dict[int, int]  # days -> how many were committed within that many days of the activity's last day
    median_days: float | None
    uncommitted: int  # not committed yet (new, or only on this machine)


@dataclass(frozen=True)
class Continuity:
    available: bool
    reason: str | None = None  # why not, when not available
    first: dict[str, dt.date] = field(default_factory=dict)  # entry path (relative to the entries folder) -> day

    def figures(self, activities) -> Figures:
        days = []
        uncommitted = 0
        for a in activities:
            day = self.first.get(a.source)
            if day is None:
                uncommitted += 1
                continue
            days.append(max(0, (day - a.last_day).days))
        return Figures(
            activities=len(days) + uncommitted,
            recorded=len(days),
            within={limit: sum(1 for d in days if d <= limit) for limit in WITHIN},
            median_days=statistics.median(days) if days else None,
            uncommitted=uncommitted,
        )


def continuity(entries_root: Path, *, timeout: float = 60) -> Continuity:
    """The first commit day of every entry file under `entries_root`, from the git repository holding it."""
    git = shutil.which("git")
    if git is None:
        return Continuity(False, "git is not installed")
    root = Path(entries_root)
    try:
        inside = subprocess.run(
            [git, "-C", str(root), "rev-parse", "--is-inside-work-tree"],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if inside.returncode != 0 or inside.stdout.strip() != "true":
            return Continuity(False, "the entries folder is not in a git repository")
        log = subprocess.run(
            # Oldest first, renames followed (-M), paths relative to the entries folder; dates only.
            [
                git,
                "-C",
                str(root),
                "log",
                "--reverse",
                "-M",
                "--relative",
                "--name-status",
                f"--format={_MARK}%ct",
                "--",
                ".",
            ],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Continuity(False, f"git could not be run ({exc})")
    if log.returncode != 0:
        return Continuity(False, "the repository has no commits yet")
    first: dict[str, dt.date] = {}
    day: dt.date | None = None
    for line in log.stdout.split("\n"):  # not splitlines(): it splits at the mark too
        if line.startswith(_MARK):
            day = dt.datetime.fromtimestamp(int(line[1:]), tz=dt.timezone.utc).date()
            continue
        parts = line.split("\t")
        if day is None or len(parts) < 2:
            continue
        status = parts[0][:1]
        if status == "A":
            first.setdefault(parts[1], day)
        elif status in ("R", "C") and len(parts) == 3:
            # Moved (or copied): the record was there from the first day of the file it came from.
            since = first.pop(parts[1], day) if status == "R" else first.get(parts[1], day)
            first.setdefault(parts[2], since)
    if not first:
        return Continuity(False, "no entry file has been committed yet")
    return Continuity(True, None, first)


__all__ = ["WITHIN", "Continuity", "Figures", "continuity"]
