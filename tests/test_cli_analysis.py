"""`cpd summary` and `cpd gaps` run as a user runs them: a subprocess in a copy of a golden case."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .analysis.support import CASES_DIR, Run, case_names, load_runs, stable
from .conftest import run_cli

RUNS = [pytest.param(run, id=f"{run.case}/{run.name}") for case in case_names() for run in load_runs(case)]


@pytest.fixture
def case_dir(tmp_path):
    """copy(case) -> a folder holding a copy of the case's entries/ (and nothing the CLI would read else)."""

    def copy(case: str) -> Path:
        folder = tmp_path / case
        shutil.copytree(CASES_DIR / case / "entries", folder / "entries")
        return folder

    return copy


def run_of(case: str, name: str) -> Run:
    return next(r for r in load_runs(case) if r.name == name)


def assert_clean(result, code: int = 0) -> None:
    assert "Traceback" not in result.stderr
    assert result.code == code, result.stderr


def one_line_error(result, command: str) -> str:
    assert result.code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"cpd {command}: error: ")
    return lines[0]


# --- json: the same figures as the core ------------------------------------------------------------


@pytest.mark.parametrize("run", RUNS)
def test_json_figures_equal_the_cores(run: Run, case_dir):
    folder = case_dir(run.case)
    core = stable(run.analyse())
    summary = run_cli("summary", *run.cli_args(), cwd=folder)
    assert_clean(summary)
    assert summary.stderr == ""
    assert json.loads(summary.stdout) == core["summary"]
    gaps = run_cli("gaps", *run.cli_args(), cwd=folder)
    assert_clean(gaps)
    assert json.loads(gaps.stdout) == {
        "as_of": run.as_of.isoformat(),
        "bodies": list(run.bodies or run.analyse().bodies),
        "gaps": core["gaps"],
    }


def test_include_private_changes_the_figures(case_dir):
    folder = case_dir("private-objective")
    base = ["--as-of", "2025-04-30", "--format", "json"]
    public = json.loads(run_cli("summary", *base, cwd=folder).stdout)
    full = json.loads(run_cli("summary", *base, "--include-private", cwd=folder).stdout)
    assert (public["activities"], public["hours"]) == (2, 3.0)
    assert (full["activities"], full["hours"]) == (3, 8.0)
    assert {o["id"]: o["status"] for o in public["objectives"]}["private-study"] == "not started"
    assert {o["id"]: o["status"] for o in full["objectives"]}["private-study"] == "on track"
    public_gaps = json.loads(run_cli("gaps", *base, cwd=folder).stdout)["gaps"]
    full_gaps = json.loads(run_cli("gaps", *base, "--include-private", cwd=folder).stdout)["gaps"]
    # The profile's own rules (statement, evidence, the list's length) find the same in both: left out here.
    profile_rules = {"hcpc-statement", "hcpc-evidence", "hcpc-activity-list"}
    assert [g["title"] for g in public_gaps if g["rule"] not in profile_rules] == [
        "Objective not started: Private study"
    ]
    assert [g for g in full_gaps if g["rule"] not in profile_rules] == []


def test_as_of_defaults_to_source_date_epoch(case_dir):
    folder = case_dir("hcpc")
    result = run_cli("summary", "--format", "json", cwd=folder)
    assert_clean(result)
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-11-29"  # SOURCE_DATE_EPOCH set by tests/conftest.py
    assert data["period"]["key"] == "cycle:hcpc"
    assert (data["period"]["start"], data["period"]["end"]) == ("2026-02-01", "2028-01-31")


def test_entries_option_from_another_folder(case_dir, tmp_path):
    folder = case_dir("gphc")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    args = ["--as-of", "2026-03-10", "--body", "gphc", "--format", "json"]
    result = run_cli("gaps", *args, "--entries", folder / "entries", cwd=elsewhere)
    assert_clean(result)
    assert [g["title"] for g in json.loads(result.stdout)["gaps"]] == ["3 of 4 entries", "0 of 2 planned entries"]


def test_period_option_selects_the_period(case_dir):
    folder = case_dir("science-council")
    result = run_cli("summary", "--as-of", "2026-03-31", "--period", "2025", "--format", "json", cwd=folder)
    assert_clean(result)
    data = json.loads(result.stdout)
    assert data["period"] == {"label": "2025", "start": "2025-01-01", "end": "2025-12-31", "key": "2025"}
    assert data["activities"] == 3


# --- text ----------------------------------------------------------------------------------------


def test_summary_text(case_dir):
    folder = case_dir("private-objective")
    result = run_cli("summary", "--as-of", "2025-04-30", cwd=folder)
    assert_clean(result)
    lines = result.lines
    assert lines[0] == "Plan versus achieved, HCPC cycle 2024-26 (2024-02-01 to 2026-01-31), as of 2025-04-30"
    rows = {line.split("  ")[0]: line.split() for line in lines if line and not line.startswith("-")}
    assert rows["All"] == ["All", "2", "3"]
    assert rows["Planned"] == ["Planned", "1", "2"]
    assert rows["Unplanned"] == ["Unplanned", "1", "1"]
    assert rows["Work-based learning"][-2:] == ["1", "2"]
    assert rows["Formal / educational"][-2:] == ["0", "0"]  # the private course is left out
    assert rows["2025-01"] == ["2025-01", "1", "2"]
    assert rows["2025-02"] == ["2025-02", "0", "0"]
    assert "Objectives: 2 set and 0 achieved in the period" in lines
    assert rows["private-study"][:3] == ["private-study", "not", "started"]
    assert rows["public-skills"][:3] == ["public-skills", "on", "track"]


def test_summary_text_with_private_activities(case_dir):
    folder = case_dir("private-objective")
    result = run_cli("summary", "--as-of", "2025-04-30", "--include-private", cwd=folder)
    assert_clean(result)
    rows = {line.split("  ")[0]: line.split() for line in result.lines if line and not line.startswith("-")}
    assert rows["All"] == ["All", "3", "8"]
    assert rows["2025-02"] == ["2025-02", "1", "5"]
    assert rows["private-study"][:3] == ["private-study", "on", "track"]


def test_gaps_text(case_dir):
    folder = case_dir("break-partial")
    result = run_cli("gaps", "--as-of", "2025-01-31", cwd=folder)
    assert_clean(result)
    assert (
        result.lines[0]
        == "Gaps as of 2025-01-31, against: Good CPD practice, Health and Care Professions Council (HCPC)"
    )
    text = result.stdout
    assert (
        "1. 3 months without CPD: 2024-10-01 to 2024-12-31  "
        "[Health and Care Professions Council (HCPC): hcpc-unexplained-gap]"
    ) in text
    assert (
        "   No activity and no break from 2024-10-01 to 2024-12-31. "
        "Partly explained by: Jury service (2024-08-01 to 2024-09-30)."
    ) in text
    assert "   Why: The HCPC asks for any stretch of three or more months without CPD" in text
    assert "   Rule: HCPC, completing your CPD profile:" in text
    assert (
        "   Rule: HCPC, CPD Online: aim for 12 to 50 activities in the list (good practice, not a requirement)" in text
    )
    assert "   Next: Record the activities of that time, or add a break entry" in text
    assert "   See: entries/breaks/2024-08-01-jury-service.md" in result.lines
    assert result.lines[-1] == "4 gaps (advice, not errors)"


def test_gaps_text_counts_every_gap(case_dir):
    folder = case_dir("hcpc")
    text = run_cli("gaps", "--as-of", "2026-06-30", cwd=folder)
    data = run_cli("gaps", "--as-of", "2026-06-30", "--format", "json", cwd=folder)
    gaps = json.loads(data.stdout)["gaps"]
    assert len(gaps) == 5
    assert text.lines[-1] == "5 gaps (advice, not errors)"
    for number, gap in enumerate(gaps, 1):
        assert f"{number}. {gap['title']}  [{gap['body_name']}: {gap['rule']}]" in text.lines


# --- exit codes ----------------------------------------------------------------------------------


def test_gaps_exit_0_with_gaps(case_dir):
    result = run_cli("gaps", "--as-of", "2026-06-30", cwd=case_dir("hcpc"))
    assert_clean(result, 0)
    assert result.lines[-1] == "5 gaps (advice, not errors)"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_fail_on_gaps_exits_1_when_there_are_gaps(case_dir, fmt):
    result = run_cli("gaps", "--as-of", "2026-06-30", "--format", fmt, "--fail-on-gaps", cwd=case_dir("hcpc"))
    assert_clean(result, 1)
    assert result.stdout  # the gaps are still shown


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_fail_on_gaps_exits_0_without_gaps(case_dir, fmt):
    folder = case_dir("hcpc")
    # The case has no highlighted activity, no evidence and four activities: those rules are turned off.
    (folder / "entries" / "_rules").mkdir()
    (folder / "entries" / "_rules" / "hcpc.yml").write_text(
        "rules:\n"
        + "".join(
            f"  - {{id: {r}, enabled: false}}\n" for r in ("hcpc-statement", "hcpc-evidence", "hcpc-activity-list")
        ),
        encoding="utf-8",
    )
    result = run_cli("gaps", "--as-of", "2025-01-31", "--format", fmt, "--fail-on-gaps", cwd=folder)
    assert_clean(result, 0)
    if fmt == "json":
        assert json.loads(result.stdout)["gaps"] == []
    else:
        assert result.lines[-1] == "0 gaps (advice, not errors)"


# --- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["summary", "gaps"])
@pytest.mark.parametrize("period", ["last-year", "2026-13-01..2026-12-31"])
def test_bad_period_exits_2_with_one_line(case_dir, command, period):
    result = run_cli(command, "--as-of", "2025-04-30", "--period", period, cwd=case_dir("hcpc"))
    line = one_line_error(result, command)
    assert line == (
        f"cpd {command}: error: '{period}' is not a period: use all, a year (2026), cycle, cycle:BODY "
        "or START..END (2026-01-01..2026-06-30)"
    )


@pytest.mark.parametrize("command", ["summary", "gaps"])
@pytest.mark.parametrize(
    "args", [["--body", "nobody"], ["--period", "cycle:nobody"], ["--body", "hcpc", "--body", "x"]]
)
def test_unknown_body_exits_2_with_one_line(case_dir, command, args):
    result = run_cli(command, "--as-of", "2025-04-30", *args, cwd=case_dir("hcpc"))
    line = one_line_error(result, command)
    assert "no scheme for '" in line
    assert "choose from engineering-council, hcpc, ipem, rct, science-council" in line


def test_common_is_not_a_body(case_dir):
    result = run_cli("gaps", "--as-of", "2025-04-30", "--body", "common", cwd=case_dir("as-of-boundary"))
    one_line_error(result, "gaps")


@pytest.mark.parametrize("command", ["summary", "gaps"])
def test_missing_entries_folder_exits_2(tmp_path, command):
    result = run_cli(command, cwd=tmp_path)
    line = one_line_error(result, command)
    assert "no entries folder at entries" in line


def test_entries_with_errors_are_noted_on_stderr_and_left_out(case_dir):
    folder = case_dir("hcpc")
    (folder / "entries" / "2025" / "broken.md").write_text("---\ntitle: Broken\n---\nNo date, no type.\n")
    result = run_cli("summary", "--as-of", "2025-01-31", "--format", "json", cwd=folder)
    assert_clean(result)
    assert json.loads(result.stdout)["activities"] == 4
    assert result.stderr == "note: 2 problems leave entries out of these figures: run 'cpd check'\n"


def test_one_entry_with_an_error_is_noted_in_a_sentence(case_dir):
    folder = case_dir("hcpc")
    (folder / "entries" / "2025" / "broken.md").write_text("---\ntitle: Broken\ndate: 2025-01-02\n---\nNo type.\n")
    result = run_cli("summary", "--as-of", "2025-01-31", "--format", "json", cwd=folder)
    assert_clean(result)
    assert json.loads(result.stdout)["activities"] == 4
    assert result.stderr.startswith("note: 1 ")
    assert "has out of" not in result.stderr


# --- help ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["summary", "gaps"])
def test_help_has_examples(command, tmp_path):
    result = run_cli(command, "--help", cwd=tmp_path)
    assert_clean(result)
    assert "example" in result.stdout
    assert f"cpd {command}" in result.stdout.split("example", 1)[1]
    for option in ("--as-of", "--period", "--body", "--format", "--include-private"):
        assert option in result.stdout
