"""The `cpd` command as a user runs it: exit codes, output format, which files are read, `new`, `schema`, help."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest

from .conftest import GOLDEN, GOOD_ACTIVITY, GOOD_OBJECTIVE, REPO, run_cli
from .test_golden import KNOWN_BUGS

SUMMARY = re.compile(r"^(\d+) (entry|entries) read: (\d+) (error|errors), (\d+) (warning|warnings)$")
FINDING = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): (?P<field>[^:]+): ")

GOOD = {
    "entries/objectives/mr-safety.md": GOOD_OBJECTIVE,
    "entries/2026/2026-03-02-journal-club.md": GOOD_ACTIVITY,
    "entries/evidence/certificate.txt": "certificate\n",
}
# An activity that is valid but draws the four "not audit-ready" warnings.
BARE = "---\ntitle: Only the required fields\ndate: 2026-03-02\ntype: other\n---\n"
# An activity with three errors on lines 3, 4 and 5.
BROKEN = "---\ntitle: Broken\ndate: 2026-02-30\ntype: formall\nhours: 0\n---\nbody\n"


def summary(result) -> tuple[int, int, int]:
    """(entries read, errors, warnings) from the last line, which must be the summary."""
    assert result.lines, result.stderr
    match = SUMMARY.match(result.lines[-1])
    assert match, f"last line is not the summary: {result.lines[-1]!r}"
    return int(match[1]), int(match[3]), int(match[5])


# --- exit codes ------------------------------------------------------------------------------------


def test_clean_portfolio_exits_0(make_portfolio):
    root = make_portfolio(GOOD)
    result = run_cli("check", cwd=root)
    assert (result.code, result.stderr) == (0, "")
    assert result.lines == ["2 entries read: 0 errors, 0 warnings"]


def test_warnings_only_exit_0_and_1_when_strict(make_portfolio):
    root = make_portfolio({**GOOD, "entries/2026/bare.md": BARE})
    result = run_cli("check", cwd=root)
    assert result.code == 0
    assert summary(result) == (3, 0, 4)
    assert all(": warning: " in line for line in result.lines[:-1])
    strict = run_cli("check", "--strict", cwd=root)
    assert strict.code == 1
    assert strict.stdout == result.stdout
    # --strict changes nothing for a clean portfolio
    assert run_cli("check", "--strict", "entries/objectives", cwd=root).code == 0


def test_errors_exit_1(make_portfolio):
    root = make_portfolio({**GOOD, "entries/2026/broken.md": BROKEN})
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert summary(result) == (3, 3, 0)
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "stderr_part"),
    [
        (["check", "--no-such-option"], "unrecognized arguments"),
        (["check", "missing-folder"], "no such file or folder: missing-folder"),
        (["check", "entries/2026/nowhere.md"], "no such file or folder"),
        (["check", "--format", "xml"], "invalid choice"),
        (["check", "--as-of", "1 March 2026"], "is not a date"),
        (["check", "entries/evidence/certificate.txt"], "is not an entry"),
        (["new", "activity"], "required"),
        (["new", "meeting", "Title"], "invalid choice"),
        (["new", "activity", "Title", "--date", "2026-02-30"], "is not a date"),
        (["frobnicate"], "unknown command 'frobnicate': choose one of check, new"),
        ([], ""),
    ],
)
def test_usage_errors_exit_2(make_portfolio, args, stderr_part):
    root = make_portfolio(GOOD)
    result = run_cli(*args, cwd=root)
    assert result.code == 2, (result.stdout, result.stderr)
    assert stderr_part in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "entries" / "2026" / "2026-02-30-title.md").exists()


# --- output ----------------------------------------------------------------------------------------


def test_summary_line_singular_and_plural(make_portfolio):
    root = make_portfolio({"entries/a.md": BARE.replace("type: other", "type: other\nhours: 0")})
    result = run_cli("check", cwd=root)
    assert result.lines[-1] == "1 entry read: 1 error, 0 warnings"
    root2 = make_portfolio({"entries2/a.md": BARE.replace("type: other\n", "type: other\noutcomes: [x]\n")})
    result2 = run_cli("check", "entries2/a.md", cwd=root2)
    assert result2.lines[-1] == "1 entry read: 0 errors, 3 warnings"


def _sorted_portfolio(make_portfolio) -> Path:
    # Files are walked folder by folder (root files before subfolders) and cross-entry findings are added
    # last, so the output is sorted only if the checker sorts it.
    return make_portfolio(
        {
            "entries/objectives/mr-safety.md": GOOD_OBJECTIVE,
            "entries/z.md": BROKEN,
            "entries/a/b.md": BARE,
            "entries/a/a.md": BARE.replace("type: other\n", "type: other\nobjectives:\n  - mr-saftey\n  - nope\n"),
            "entries/m.md": BROKEN.replace("title: Broken\n", "title: Broken\ncolour: red\n"),
        }
    )


def test_findings_sorted_by_path_then_line(make_portfolio):
    root = _sorted_portfolio(make_portfolio)
    result = run_cli("check", cwd=root)
    keys = []
    for line in result.lines[:-1]:
        match = FINDING.match(line)
        assert match, line
        keys.append((match["path"], int(match["line"]), int(match["column"])))
    assert len(keys) == summary(result)[1] + summary(result)[2] >= 10
    assert keys == sorted(keys)
    assert keys[0][0] == "entries/a/a.md"
    assert {k[0] for k in keys} == {"entries/a/a.md", "entries/a/b.md", "entries/m.md", "entries/z.md"}
    # the cross-entry finding (unknown objective) is among its file's findings, in line order
    assert any("no objective has the id 'mr-saftey' (did you mean 'mr-safety'?)" in line for line in result.lines)


def test_json_gives_the_same_findings(make_portfolio):
    root = _sorted_portfolio(make_portfolio)
    text = run_cli("check", cwd=root)
    result = run_cli("check", "--format", "json", cwd=root)
    assert result.code == text.code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"entries_read", "errors", "warnings", "findings"}
    assert (data["entries_read"], data["errors"], data["warnings"]) == summary(text)
    shown = [
        f"{f['path']}:{f['line']}:{f['column']}: {f['severity']}: {f['field']}: {f['message']}"
        for f in data["findings"]
    ]
    assert shown == text.lines[:-1]
    for f in data["findings"]:
        assert isinstance(f["line"], int) and isinstance(f["column"], int)
        assert f["severity"] in ("error", "warning")


def test_json_of_a_clean_portfolio(make_portfolio):
    root = make_portfolio(GOOD)
    result = run_cli("check", "--format", "json", cwd=root)
    assert result.code == 0
    assert json.loads(result.stdout) == {"entries_read": 2, "errors": 0, "warnings": 0, "findings": []}


def test_as_of_overrides_source_date_epoch(make_portfolio):
    future = GOOD_ACTIVITY.replace("date: 2026-03-02", "date: 2026-11-30")
    files = {k: v for k, v in GOOD.items() if "journal-club" not in k}
    root = make_portfolio({**files, "entries/2026/2026-11-30-journal-club.md": future})
    default = run_cli("check", cwd=root)
    assert default.lines == [
        "entries/2026/2026-11-30-journal-club.md:3:7: warning: date: 2026-11-30 is in the future "
        "(after 2026-11-29): check the date",
        "2 entries read: 0 errors, 1 warning",
    ]
    later = run_cli("check", "--as-of", "2026-11-30", cwd=root)
    assert later.lines == ["2 entries read: 0 errors, 0 warnings"]


# --- which files are read --------------------------------------------------------------------------

MKDOCS_YML = """site_name: My CPD
theme:
  name: material
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
plugins:
  - search
  - cpd:
      entries: other
"""


def test_check_without_arguments_reads_entries(make_portfolio):
    root = make_portfolio({**GOOD, "entries/2026/bare.md": BARE, "other/a.md": BROKEN})
    result = run_cli("check", cwd=root)
    assert summary(result) == (3, 0, 4)
    assert all(line.startswith("entries/2026/bare.md:") for line in result.lines[:-1])


def test_check_without_arguments_reads_the_folder_named_in_mkdocs_yml(make_portfolio):
    root = make_portfolio({**GOOD, "entries/2026/bare.md": BARE, "other/a.md": BROKEN, "mkdocs.yml": MKDOCS_YML})
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert summary(result) == (1, 3, 0)
    assert all(line.startswith("other/a.md:") for line in result.lines[:-1])
    # an explicit folder still wins over mkdocs.yml
    assert summary(run_cli("check", "entries", cwd=root)) == (3, 0, 4)


def test_mkdocs_yml_with_plugins_as_a_mapping(make_portfolio):
    yml = "site_name: x\nplugins:\n  search: {}\n  cpd:\n    entries: other\n"
    root = make_portfolio({"entries/a.md": BARE, "other/a.md": BROKEN, "mkdocs.yml": yml})
    assert summary(run_cli("check", cwd=root)) == (1, 3, 0)


def _portfolio_with_references(make_portfolio) -> Path:
    return make_portfolio(
        {
            **GOOD,
            "entries/2026/2026-03-03-broken.md": BROKEN,
            "entries/2026/2026-03-04-bad-ref.md": GOOD_ACTIVITY.replace("[mr-safety]", "[mr-saftey]").replace(
                "date: 2026-03-02", "date: 2026-03-04"
            ),
        }
    )


def test_check_one_file_resolves_references_from_its_portfolio(make_portfolio):
    root = _portfolio_with_references(make_portfolio)
    good = run_cli("check", "entries/2026/2026-03-02-journal-club.md", cwd=root)
    assert (good.code, good.lines) == (0, ["1 entry read: 0 errors, 0 warnings"])
    bad_ref = run_cli("check", "entries/2026/2026-03-04-bad-ref.md", cwd=root)
    assert bad_ref.code == 1
    assert bad_ref.lines == [
        "entries/2026/2026-03-04-bad-ref.md:5:14: error: objectives[0]: no objective has the id 'mr-saftey' "
        "(did you mean 'mr-safety'?): fix the id or create it with 'cpd new objective'",
        "1 entry read: 1 error, 0 warnings",
    ]
    # the whole portfolio has more findings than the one file
    assert summary(run_cli("check", cwd=root))[1] == 4


def test_check_one_file_with_dot_slash_and_two_files(make_portfolio):
    root = _portfolio_with_references(make_portfolio)
    result = run_cli(
        "check", "./entries/2026/2026-03-02-journal-club.md", "entries/2026/2026-03-03-broken.md", cwd=root
    )
    assert summary(result) == (2, 3, 0)
    assert all(line.startswith("entries/2026/2026-03-03-broken.md:") for line in result.lines[:-1])


def test_check_one_file_from_another_folder(make_portfolio, tmp_path):
    root = _portfolio_with_references(make_portfolio)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_cli("check", root / "entries/2026/2026-03-02-journal-club.md", cwd=elsewhere)
    assert result.lines[-1] == "1 entry read: 0 errors, 0 warnings"
    assert result.code == 0


def test_entries_read_counts_each_file_once(make_portfolio):
    root = make_portfolio(GOOD)
    result = run_cli("check", "entries/2026/2026-03-02-journal-club.md", "entries", cwd=root)
    assert result.lines == ["2 entries read: 0 errors, 0 warnings"]


# --- never a traceback -----------------------------------------------------------------------------

GOLDEN_CASES = sorted(p for p in (GOLDEN / "invalid").iterdir() if p.is_dir()) + sorted(
    p for p in (GOLDEN / "warning").iterdir() if p.is_dir()
)


@pytest.mark.parametrize("folder", GOLDEN_CASES, ids=[f"{p.parent.name}/{p.name}" for p in GOLDEN_CASES])
def test_no_traceback_on_any_golden_case(folder):
    result = run_cli("check", "--format", "json", "--strict", cwd=folder)
    assert "Traceback" not in result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["errors"] + data["warnings"] == len(data["findings"])
    assert result.code == (1 if data["findings"] else 0)
    if f"{folder.parent.name}/{folder.name}" not in KNOWN_BUGS:
        # the JSON holds the same findings as the golden text output
        expected = (folder / "expected.txt").read_text(encoding="utf-8").splitlines()
        shown = [
            f"{f['path']}:{f['line']}:{f['column']}: {f['severity']}: {f['field']}: {f['message']}"
            for f in data["findings"]
        ]
        assert shown == expected[:-1]


# --- cpd new ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "path"),
    [
        (
            ["activity", "Journal club:", "MR safety", "--date", "2026-03-01", "--type", "formal"],
            "entries/2026/2026-03-01-journal-club-mr-safety.md",
        ),
        (
            ["objective", "Commission the MR-linac", "--date", "2026-03-01", "--due", "2027-06-30"],
            "entries/objectives/commission-the-mr-linac.md",
        ),
        (
            ["break", "Parental leave", "--date", "2025-01-05", "--end", "2025-09-30"],
            "entries/2025/2025-01-05-parental-leave.md",
        ),
        (["break", "Sick day", "--date", "2026-02-02"], "entries/2026/2026-02-02-sick-day.md"),
        (
            ["activity", "Café scientifique « MRI »", "--date", "2026-04-01"],
            "entries/2026/2026-04-01-cafe-scientifique-mri.md",
        ),
    ],
)
def test_new_writes_a_valid_entry(tmp_path, args, path):
    result = run_cli("new", *args, cwd=tmp_path)
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout.strip() == path
    created = tmp_path / path
    assert created.is_file()
    assert created.read_bytes().startswith(b"---\n")
    check = run_cli("check", path, cwd=tmp_path)
    assert summary(check)[:2] == (1, 0), check.stdout
    assert check.code == 0


def test_new_entries_together_form_a_valid_portfolio(tmp_path):
    run_cli("new", "objective", "MR safety", "--date", "2026-01-05", cwd=tmp_path)
    run_cli("new", "activity", "MR safety course", "--date", "2026-02-01", cwd=tmp_path)
    run_cli("new", "break", "Leave", "--date", "2026-05-01", "--end", "2026-05-14", cwd=tmp_path)
    text = (tmp_path / "entries/objectives/mr-safety.md").read_text(encoding="utf-8")
    assert "id: mr-safety\n" in text
    assert "due: 2027-01-05\n" in text
    result = run_cli("check", cwd=tmp_path)
    assert result.code == 0
    assert summary(result)[:2] == (3, 0)


def test_new_without_date_uses_today(tmp_path):
    result = run_cli("new", "activity", "Reading", cwd=tmp_path)
    today = dt.date.today()
    assert result.stdout.strip() == f"entries/{today.year}/{today.isoformat()}-reading.md"


def test_new_honours_entries_option_and_mkdocs_yml(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML)
    result = run_cli("new", "activity", "Reading", "--date", "2026-01-01", cwd=tmp_path)
    assert result.stdout.strip() == "other/2026/2026-01-01-reading.md"
    result = run_cli("new", "activity", "Reading", "--date", "2026-01-01", "--entries", "elsewhere", cwd=tmp_path)
    assert result.stdout.strip() == "elsewhere/2026/2026-01-01-reading.md"


def test_new_refuses_to_overwrite(tmp_path):
    args = ("new", "activity", "Journal club", "--date", "2026-03-01")
    first = run_cli(*args, cwd=tmp_path)
    path = tmp_path / first.stdout.strip()
    edited = path.read_bytes() + "My reflection, written by hand. é\r\n".encode()
    path.write_bytes(edited)
    again = run_cli(*args, cwd=tmp_path)
    assert again.code == 1
    assert again.stdout == ""
    assert "already exists" in again.stderr
    assert "entries/2026/2026-03-01-journal-club.md" in again.stderr
    assert "Traceback" not in again.stderr
    assert path.read_bytes() == edited
    # an objective lands on entries/objectives/ID.md: a second one with the same title (so the same id) is refused
    objective = run_cli("new", "objective", "Journal club", "--date", "2026-03-01", cwd=tmp_path)
    assert objective.stdout.strip() == "entries/objectives/journal-club.md"
    written = (tmp_path / "entries/objectives/journal-club.md").read_bytes()
    again = run_cli("new", "objective", "Journal club", "--date", "2027-01-01", cwd=tmp_path)
    assert again.code == 1 and "entries/objectives/journal-club.md already exists" in again.stderr
    assert (tmp_path / "entries/objectives/journal-club.md").read_bytes() == written
    assert path.read_bytes() == edited


# --- cpd schema ------------------------------------------------------------------------------------


def test_schema_prints_the_path_of_a_valid_json_schema(tmp_path):
    result = run_cli("schema", cwd=tmp_path)
    assert (result.code, result.stderr) == (0, "")
    path = Path(result.stdout.strip())
    assert path.is_absolute() and path.is_file()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(data)
    assert jsonschema.validators.validator_for(data) is jsonschema.Draft202012Validator
    # the shipped copy is the one in schema/
    assert data == json.loads((REPO / "schema" / "entry.schema.json").read_text(encoding="utf-8"))


# --- help ------------------------------------------------------------------------------------------


def _commands() -> list[str]:
    from cpd_cli.main import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


COMMANDS = _commands()


def test_every_command_is_listed():
    assert {"check", "new", "schema"} <= set(COMMANDS)


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)], ids=["cpd", *COMMANDS])
def test_help_has_examples(tmp_path, command):
    result = run_cli(*command, "--help", cwd=tmp_path)
    assert result.code == 0
    assert "example" in result.stdout.lower()
    assert result.stdout.startswith("usage: cpd")


def test_version(tmp_path):
    result = run_cli("--version", cwd=tmp_path)
    assert result.code == 0
    assert re.fullmatch(r"cpd-portfolio \d+\.\d+\.\d+\n", result.stdout)


def test_new_activity_untouched_warns_about_its_reflection(tmp_path):
    run_cli("new", "activity", "Journal club", "--date", "2026-03-01", cwd=tmp_path)
    result = run_cli("check", cwd=tmp_path)
    assert any(": warning: reflection: no reflection" in line for line in result.lines)
