"""Shared fixtures: run the `cpd` command as a user would, at a fixed date."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
GOLDEN = TESTS / "golden"

# 2026-11-29 00:00:00 UTC: "today" for every CLI run, so that future-date warnings are reproducible.
AS_OF = dt.date(2026, 11, 29)
SOURCE_DATE_EPOCH = 1795910400
assert dt.datetime.fromtimestamp(SOURCE_DATE_EPOCH, tz=dt.timezone.utc) == dt.datetime(
    2026, 11, 29, tzinfo=dt.timezone.utc
)


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = str(SOURCE_DATE_EPOCH)
    env.pop("PYTHONWARNINGS", None)
    return env


def run_cli(*args: str | os.PathLike, cwd: Path | str, timeout: float = 120) -> Result:
    """Run `python -m cpd_cli ARGS...` in `cwd`, as a subprocess, like a user at a terminal."""
    proc = subprocess.run(
        [sys.executable, "-m", "cpd_cli", *map(str, args)],
        cwd=cwd,
        env=cli_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cpd():
    """The CLI runner: cpd("check", "entries", cwd=folder) -> Result(code, stdout, stderr)."""
    return run_cli


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write {relative path: text or bytes} under root; return root."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8", newline="\n")
        else:
            path.write_bytes(content)
    return root


@pytest.fixture
def make_portfolio(tmp_path):
    """Build a portfolio folder from {path: content}; returns the project folder (tmp_path)."""

    def make(files: dict[str, str | bytes]) -> Path:
        return write_files(tmp_path, files)

    return make


# A complete, warning-free activity and objective for tests that need a valid entry.
GOOD_ACTIVITY = """---
title: Journal club on MR safety
date: 2026-03-02
type: work-based
objectives: [mr-safety]
outcomes:
  - Learnt the MR safety zones
application: I revised the local rules.
benefit: Safer scanning for patients.
evidence:
  - ../evidence/certificate.txt
---
I presented a paper and we discussed what it means for our scanner.
"""

GOOD_OBJECTIVE = """---
kind: objective
id: mr-safety
title: Become the MR safety expert
date: 2026-01-05
due: 2027-06-30
status: active
---
Action plan: a course, then a secondment.
"""
