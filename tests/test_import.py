"""`cpd import` run as a user runs it: golden imports of records shaped like real ones, the round trip through
`cpd export`, a second import that writes nothing, and the refusals.

Regenerate the golden outputs with UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_import.py, then read every
changed file under tests/importing/expected/ against the fixture's quirks (tests/importing/README.md).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from cpd_portfolio.core import load_portfolio
from cpd_portfolio.core.importing import render_entry
from cpd_portfolio.core.reading import parse_front_matter
from hypothesis import given, settings
from hypothesis import strategies as st

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


# Text as spreadsheets hold it: any characters but those the checker refuses in front matter, with the pieces of
# YAML syntax that make hand-written YAML go wrong mixed in.
_PIECES = st.one_of(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\x85\u2028\u2029"),
    st.sampled_from(["\n", "  ", "- ", ": ", " #", "'", '"', "|", ">", "---", "\n\n", "\t"]),
)
_TEXT = st.lists(_PIECES, min_size=1, max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(title=_TEXT, outcome=_TEXT, application=_TEXT)
def test_written_front_matter_reads_back_as_the_values(title, outcome, application):
    """The importer writes front matter by hand (core/importing.render_entry): whatever the text, the entries'
    own YAML reader gives back exactly the values written."""
    front = {
        "title": title,
        "date": dt.date(2025, 3, 1),
        "type": "formal",
        "hours": 1.5,
        "outcomes": [outcome],
        "application": application,
        "evidence": [{"path": "../evidence/a b.pdf", "title": title}],
        "highlight": True,
    }
    text = render_entry(front, "body")
    assert text.startswith("---\n")
    head = text[4 : text.index("\n---\n")]
    data, _, findings = parse_front_matter(head + "\n", "x.md")
    assert findings == [] and data is not None, (text, findings)
    assert data == {**front, "date": "2025-03-01"}


def test_what_is_not_imported_is_said(tmp_path):
    """A column cpd does not know, a row given twice, evidence outside the entries folder: each is said, none
    is read wrongly."""
    (tmp_path / "secret.txt").write_text("outside\n", encoding="utf-8")
    table = tmp_path / "log.csv"
    table.write_text(
        "Date,Activity,Type,Provider,Evidence\n2025-03-01,Course A,Course,Acme,../secret.txt\n"
        "2025-03-01,Course A,Course,Acme,../secret.txt\n",
        encoding="utf-8",
    )
    entries = tmp_path / "entries"
    result = run_cli("import", table, "--into", entries, cwd=tmp_path)
    assert "log.csv: note: columns not imported: Provider (name one with --map 'HEADING=FIELD' to import it)" in (
        result.stdout
    )
    assert "log.csv: row 3: skipped: the same as row 2 of this file" in result.stdout
    (entry,) = load_portfolio(entries).activities
    assert entry.evidence == ()
    text = (entries / entry.source).read_text(encoding="utf-8")
    assert "Evidence: ../secret.txt" in text and "outside" not in text
    mapped = run_cli("import", table, "--into", tmp_path / "other", "--map", "provider=method", cwd=tmp_path)
    assert "columns not imported" not in mapped.stdout
    (other,) = load_portfolio(tmp_path / "other").activities
    assert other.method == "Acme"


def test_an_export_imported_into_its_own_portfolio_writes_nothing(tmp_path):
    entries = tmp_path / "entries"
    shutil.copytree(REPO / "entries", entries)
    before = _tree(entries)
    exported = tmp_path / "cpd.csv"
    run_cli("export", "--format", "csv", "--include-private", "--entries", entries, "--out", exported, cwd=tmp_path)
    result = run_cli("import", exported, "--into", entries, cwd=tmp_path)
    assert _tree(entries) == before
    assert "it came from this portfolio" in result.stdout


def test_the_docs_list_every_heading_and_type_word():
    """docs/importing.md is the documented table: a heading or type word added in the code must be added there."""
    from cpd_portfolio.core.importvalues import HEADINGS, TYPE_WORDS

    docs = (REPO / "docs" / "importing.md").read_text(encoding="utf-8")
    assert [h for h in HEADINGS if f"`{h}`" not in docs] == []
    assert [w for w in TYPE_WORDS if f"`{w}`" not in docs] == []


def test_a_copy_of_the_file_under_another_name_is_recognised(tmp_path):
    entries = tmp_path / "entries"
    run_cli("import", FIXTURES / "records.csv", "--into", entries, cwd=tmp_path)
    before = _tree(entries)
    copy = tmp_path / "records (2).csv"
    shutil.copy(FIXTURES / "records.csv", copy)
    again = run_cli("import", copy, "--into", entries, cwd=tmp_path)
    assert _tree(entries) == before
    assert "0 entries," in again.stdout.splitlines()[-1]


def test_values_the_entry_schema_refuses_are_kept_aside_with_their_reason(tmp_path):
    """Hours, competence codes and tags are held to the entry schema's own rules (read from it, not copied)."""
    long_tag = "t" * 101
    table = tmp_path / "log.csv"
    table.write_text(
        f"Date,Activity,Type,Hours,Competences,Tags\n2025-03-01,Course A,Course,1001,UK-SPEC:A1; A1,ok; {long_tag}\n",
        encoding="utf-8",
    )
    entries = tmp_path / "entries"
    result = run_cli("import", table, "--into", entries, cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert (
        "log.csv: row 2: warning: 1001 hours is not a time an entry can hold (more than 0, at most 1000): hours left out"
        in lines
    )
    assert "log.csv: row 2: warning: competence 'A1' is not FRAMEWORK:CODE: kept in the entry's import comment" in lines
    assert (
        "log.csv: row 2: warning: a tag over 100 characters is not a tag: kept in the entry's import comment" in lines
    )
    (entry,) = load_portfolio(entries).activities
    assert (entry.hours, entry.competences, entry.tags) == (None, ("UK-SPEC:A1",), ("ok",))
    text = (entries / entry.source).read_text(encoding="utf-8")
    assert "Competences: A1" in text and f"Tags: {long_tag}" in text
