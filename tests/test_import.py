"""`cpd import` run as a user runs it: golden imports of records shaped like real ones, the round trip through
`cpd export`, a second import that writes nothing, and the refusals.

Regenerate the golden outputs with UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_import.py, then read every
changed file under tests/importing/expected/ against the fixture's quirks (tests/importing/README.md).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from cpd_portfolio.core import load_portfolio

from .conftest import run_cli
from .support import REPO

FIXTURES = REPO / "tests" / "importing"
EXPECTED = FIXTURES / "expected"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
GOLDEN = ["records.csv", "records-1252.csv", "formula.csv", "records.xlsx", "records.docx"]


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("name", GOLDEN)
def test_golden_import(name, tmp_path):
    entries = tmp_path / "entries"
    result = run_cli("import", FIXTURES / name, "--into", entries, cwd=tmp_path)
    assert "Traceback" not in result.stderr
    report = result.stdout.replace(str(entries), "entries")
    produced = _tree(entries)
    expected_dir = EXPECTED / name
    if UPDATE:
        shutil.rmtree(expected_dir, ignore_errors=True)
        (expected_dir / "entries").mkdir(parents=True)
        for rel, text in produced.items():
            (expected_dir / "entries" / rel).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / "entries" / rel).write_text(text, encoding="utf-8")
        (expected_dir / "report.txt").write_text(f"exit {result.code}\n{report}", encoding="utf-8")
    assert f"exit {result.code}\n{report}" == (expected_dir / "report.txt").read_text(encoding="utf-8")
    assert produced == _tree(expected_dir / "entries")
    # What was written is a portfolio the checker accepts: no error in any entry the import made.
    check = run_cli("check", entries, cwd=tmp_path)
    assert " 0 errors" in check.stdout.splitlines()[-1], check.stdout


@pytest.mark.parametrize("name", GOLDEN)
def test_a_second_import_of_the_same_file_writes_nothing(name, tmp_path):
    entries = tmp_path / "entries"
    run_cli("import", FIXTURES / name, "--into", entries, cwd=tmp_path)
    before = _tree(entries)
    again = run_cli("import", FIXTURES / name, "--into", entries, cwd=tmp_path)
    assert "Traceback" not in again.stderr
    assert _tree(entries) == before
    assert "0 entries," in again.stdout.splitlines()[-1]


def test_dry_run_writes_nothing_and_shows_every_row(tmp_path):
    entries = tmp_path / "entries"
    result = run_cli("import", FIXTURES / "records.csv", "--into", entries, "--dry-run", cwd=tmp_path)
    assert not entries.exists()
    assert result.stdout.splitlines()[0].split() == ["row", "date", "type", "hours", "title", "file"]
    assert result.stdout.splitlines()[-1].startswith("dry run: ")
    assert "nothing written" in result.stdout


def _split_sample(tmp_path: Path) -> tuple[Path, Path]:
    """The sample portfolio, and a copy of it without its activities (profile, objectives, breaks, evidence)."""
    src = tmp_path / "src" / "entries"
    shutil.copytree(REPO / "entries", src)
    dst = tmp_path / "dst" / "entries"
    shutil.copytree(src, dst)
    for activity in load_portfolio(src).activities:
        (dst / activity.source).unlink()
    return src, dst


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_round_trip_through_cpd_export(fmt, tmp_path):
    """cpd export, then cpd import into the portfolio without its activities: the entries export the same table."""
    src, dst = _split_sample(tmp_path)
    assert load_portfolio(dst).activities == []
    exported = tmp_path / f"cpd.{fmt}"
    first = run_cli("export", "--format", fmt, "--include-private", "--entries", src, "--out", exported, cwd=tmp_path)
    assert first.code == 0, first.stderr
    result = run_cli("import", exported, "--into", dst, cwd=tmp_path)
    assert result.code == 0, result.stdout + result.stderr
    again = run_cli("export", "--format", fmt, "--include-private", "--entries", dst, cwd=tmp_path)
    original = exported.read_text(encoding="utf-8")
    if fmt == "json":
        assert json.loads(again.stdout) == json.loads(original)
    else:
        assert again.stdout == original
    assert len(load_portfolio(dst).activities) == len(load_portfolio(src).activities)


def test_a_row_that_cannot_be_read_is_reported_with_its_number_and_others_are_written(tmp_path):
    table = tmp_path / "log.csv"
    table.write_text(
        "Date,Activity,Type,Hours\n2025-03-01,Course A,Course,2\n31/02/2025,Course B,Course,1\n"
        "2025-04-01,Thing C,Misc,1\n",
        encoding="utf-8",
    )
    entries = tmp_path / "entries"
    result = run_cli("import", table, "--into", entries, cwd=tmp_path)
    assert result.code == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith("log.csv: row 3: error: ") and "31/02/2025" in line for line in lines), lines
    assert any(line.startswith("log.csv: row 4: error: ") and "--type-map" in line for line in lines), lines
    assert [a.title for a in load_portfolio(entries).activities] == ["Course A"]
    mapped = run_cli("import", table, "--into", entries, "--type-map", "Misc=other", cwd=tmp_path)
    assert [a.title for a in load_portfolio(entries).activities] == ["Course A", "Thing C"]
    assert "skipped: imported before" in mapped.stdout


def test_import_never_writes_over_a_file(tmp_path):
    table = tmp_path / "log.csv"
    table.write_text("Date,Activity,Type\n2025-03-01,Course A,Course\n", encoding="utf-8")
    entries = tmp_path / "entries"
    mine = entries / "2025" / "2025-03-01-course-a.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("my own words\n", encoding="utf-8")
    run_cli("import", table, "--into", entries, cwd=tmp_path)
    assert mine.read_text(encoding="utf-8") == "my own words\n"
    assert (entries / "2025" / "2025-03-01-course-a-2.md").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope.csv"], "no such file"),
        (["log.csv", "--map", "Hours"], "is not NAME=VALUE"),
        (["log.csv", "--map", "Hours=duration"], "'duration' is not one of"),
        (["log.csv", "--type-map", "Misc=misc"], "'misc' is not one of"),
        (["notes.txt"], "no heading row"),
        (["log.xlsx"], "cannot be read as an .xlsx"),
        (["log.pdf"], "cpd imports .csv, .xlsx, .docx"),
    ],
)
def test_bad_input_is_one_clear_line(args, message, tmp_path):
    (tmp_path / "log.csv").write_text("Date,Activity,Type\n2025-03-01,Course A,Course\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("just some notes\nno table here\n", encoding="utf-8")
    (tmp_path / "log.xlsx").write_text("not a workbook", encoding="utf-8")
    (tmp_path / "log.pdf").write_text("%PDF", encoding="utf-8")
    result = run_cli("import", *args, "--into", tmp_path / "entries", cwd=tmp_path)
    assert result.code == 2
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("cpd import: error: ") and message in line, line
    assert not (tmp_path / "entries").exists()


def _on_a_terminal(args: list[str], cwd: Path) -> str:
    """Standard error of `cpd ARGS` run on a terminal (a pseudo-terminal 100 columns wide)."""
    import fcntl
    import pty
    import struct
    import subprocess
    import sys
    import termios

    from .conftest import cli_env

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    child = subprocess.Popen(
        [sys.executable, "-m", "cpd_cli", *args], cwd=cwd, env=cli_env(), stdout=subprocess.DEVNULL, stderr=follower
    )
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    child.wait(timeout=120)
    os.close(leader)
    return out.decode("utf-8", errors="replace")


def test_long_commands_show_progress_on_a_terminal_only(tmp_path):
    shown = _on_a_terminal(["check", str(REPO / "entries")], tmp_path)
    assert "checking:" in shown and "file" in shown
    piped = run_cli("check", REPO / "entries", cwd=tmp_path)
    assert "checking" not in piped.stderr
    imported = _on_a_terminal(["import", str(FIXTURES / "records.csv"), "--into", str(tmp_path / "entries")], tmp_path)
    assert "writing:" in imported
