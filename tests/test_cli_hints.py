"""Starting a portfolio of one's own: the mistakes a new user makes, each answered with where, what and what to do.

A mistyped command, a date written the UK way (12/03/2025) in an option or an entry, an unquoted colon in a
value, a period written end first, and `cpd new` for an objective or the profile. The golden cases
invalid/date-day-first, invalid/yaml-colon-in-title, invalid/yaml-colon-in-value and warning/file-name-date
show the checker's messages in full.
"""

from __future__ import annotations

import pytest
from cpd_portfolio.core.reading import parse_front_matter

from .conftest import GOOD_ACTIVITY, GOOD_OBJECTIVE, run_cli

GOOD = {
    "entries/objectives/mr-safety.md": GOOD_OBJECTIVE,
    "entries/2026/2026-03-02-journal-club.md": GOOD_ACTIVITY,
    "entries/evidence/certificate.txt": "certificate\n",
}
PROFILE = "---\nkind: profile\nname: Dr A Person\n---\nMy summary of practice.\n"


def one_line(result, prefix: str) -> str:
    """The one line of a usage error (exit 2, nothing on stdout, no traceback)."""
    assert result.code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(prefix), lines[0]
    return lines[0]


def argparse_error(result, command: str) -> str:
    """An argparse error: exit 2, nothing on stdout, the command's usage, then the one line of the error."""
    assert result.code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"usage: cpd {command}")
    assert [line for line in lines if "error" in line] == [lines[-1]], result.stderr
    return lines[-1]


# --- a mistyped command -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"), [("chek", "check"), ("Check", "check"), ("summery", "summary"), ("gap", "gaps")]
)
def test_a_mistyped_command_suggests_the_command_meant(tmp_path, typed, meant):
    line = one_line(run_cli(typed, cwd=tmp_path), "cpd: error: ")
    assert line == f"cpd: error: unknown command '{typed}' (did you mean '{meant}'?): 'cpd --help' lists the commands"


def test_a_command_like_none_lists_them_all(tmp_path):
    line = one_line(run_cli("frobnicate", "--strict", cwd=tmp_path), "cpd: error: ")
    assert line.startswith(
        "cpd: error: unknown command 'frobnicate': choose one of check, new, schema, schemes, summary, gaps"
    )
    assert line.endswith("('cpd --help' says what each does)")


def test_options_before_the_command_still_work(tmp_path):
    assert run_cli("--version", "chek", cwd=tmp_path).code == 0
    helped = run_cli("--help", "chek", cwd=tmp_path)
    assert helped.code == 0 and helped.stdout.startswith("usage: cpd")
    # an unknown option of cpd's own is argparse's to report, as before
    assert "unrecognized arguments" in run_cli("--colour", "check", cwd=tmp_path).stderr


# --- dates written the UK way ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["check", "--as-of"], "--as-of"),
        (["summary", "--as-of"], "--as-of"),
        (["gaps", "--as-of"], "--as-of"),
        (["export", "--from"], "--from"),
        (["new", "activity", "Reading", "--date"], "--date"),
    ],
)
@pytest.mark.parametrize(
    ("written", "iso"), [("12/03/2025", "2025-03-12"), ("12-03-2025", "2025-03-12"), ("1/4/2025", "2025-04-01")]
)
def test_a_uk_date_option_suggests_the_iso_form_day_first(make_portfolio, args, option, written, iso):
    root = make_portfolio(GOOD)
    line = argparse_error(run_cli(*args, written, cwd=root), args[0])
    message = f"'{written}' is not a date: write it as YYYY-MM-DD, e.g. {iso}"
    assert line == f"cpd {args[0]}: error: argument {option}: {message}"
    assert not (root / "entries" / "2025").exists()


@pytest.mark.parametrize("written", ["03/31/2025", "31/02/2025", "12/03/25", "1 March 2026", "2025/03/12"])
def test_a_date_that_is_no_day_first_date_gets_the_plain_message(make_portfolio, written):
    """03/31/2025 could be read month first, as in the US: the day-first reading is impossible, so no guess."""
    root = make_portfolio(GOOD)
    line = argparse_error(run_cli("check", "--as-of", written, cwd=root), "check")
    assert line == f"cpd check: error: argument --as-of: '{written}' is not a date: write it as YYYY-MM-DD"


def test_a_uk_date_in_an_entry_suggests_the_iso_form(make_portfolio):
    activity = GOOD_ACTIVITY.replace("date: 2026-03-02", "date: 02/03/2026\nend: 03-03-2026")
    root = make_portfolio({**GOOD, "entries/2026/2026-03-02-journal-club.md": activity})
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert result.lines[:2] == [
        "entries/2026/2026-03-02-journal-club.md:3:7: error: date: '02/03/2026' is not a date: write it as "
        "YYYY-MM-DD, e.g. 2026-03-02",
        "entries/2026/2026-03-02-journal-club.md:4:6: error: end: '03-03-2026' is not a date: write it as "
        "YYYY-MM-DD, e.g. 2026-03-03",
    ]


# --- an unquoted colon in a value --------------------------------------------------------------------


def test_an_unquoted_colon_in_the_title_says_to_quote_it(make_portfolio):
    activity = GOOD_ACTIVITY.replace("title: Journal club on MR safety", "title: Audit: results")
    root = make_portfolio({**GOOD, "entries/2026/2026-03-02-journal-club.md": activity})
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert result.lines[0] == (
        "entries/2026/2026-03-02-journal-club.md:2:13: error: front matter: YAML syntax error: a colon followed by "
        'a space in a value: put the value in quotes, e.g. title: "Audit: results"'
    )


@pytest.mark.parametrize(
    ("front", "at", "message"),
    [
        ("title: Audit: results\n", (2, 13), 'put the value in quotes, e.g. title: "Audit: results"'),
        ("title: Audit: results  # a comment\n", (2, 13), 'e.g. title: "Audit: results"'),
        ("title: Audit:\n", (2, 13), 'a colon at the end of a value: put the value in quotes, e.g. title: "Audit:"'),
        ('title: say "hi": now\n', (2, 16), r'e.g. title: "say \"hi\": now"'),
        ("outcomes:\n  - Learnt: MR: safety\n", (3, 15), 'e.g. - "Learnt: MR: safety"'),
        ("outcomes:\n  - Learnt the zones: MR: x\n", (3, 25), 'e.g. - "Learnt the zones: MR: x"'),
        ("evidence:\n  - title: Cert: x\n    path: a.pdf\n", (3, 16), 'e.g. - title: "Cert: x"'),
        ("title: " + "x" * 70 + ": y\n", (2, 78), 'e.g. title: "Audit: results"'),  # too long to show
        (
            "title: A title\n  date: 2026-01-01\n",
            (3, 7),
            "a colon followed by a space in a value that goes on from the line above: put the whole value in quotes, "
            "e.g. title: \"Audit: results\", or, if 'date' is a field of its own, line it up with the field above",
        ),
        (
            "application: I revised\n  the rules: all of them\n",
            (3, 12),
            'that goes on from the line above: put the whole value in quotes, e.g. title: "Audit: results"',
        ),
    ],
)
def test_a_colon_in_a_value_is_located_and_the_fix_shown(front, at, message):
    data, _, findings = parse_front_matter(front, "a.md")
    assert data is None
    (finding,) = findings
    assert (finding.line, finding.column, finding.field) == (*at, "front matter")
    assert finding.message.startswith("YAML syntax error: a colon ")
    assert finding.message.endswith(message)
    assert "\n" not in finding.message
    # The line written as the example shows parses (a value too long to show gets a stock example).
    if "goes on" not in finding.message:
        fixed = finding.message.rpartition("e.g. ")[2]
        line = front.splitlines()[finding.line - 2]
        indent = line[: len(line) - len(line.lstrip())]
        repaired = front.replace(line, indent + fixed)
        assert parse_front_matter(repaired, "a.md")[2] == [], repaired


# --- a period written end first ----------------------------------------------------------------------


@pytest.mark.parametrize("command", ["summary", "gaps"])
def test_a_period_whose_end_is_before_its_start_says_to_swap_them(make_portfolio, command):
    root = make_portfolio(GOOD)
    result = run_cli(command, "--period", "2026-12-31..2025-01-01", cwd=root)
    assert one_line(result, f"cpd {command}: error: ") == (
        f"cpd {command}: error: '2026-12-31..2025-01-01' is not a period: the end 2025-01-01 is before the start "
        "2026-12-31: swap them, e.g. 2025-01-01..2026-12-31"
    )
    assert run_cli(command, "--period", "2025-01-01..2026-12-31", cwd=root).code == 0


# --- cpd new objective, cpd new profile ----------------------------------------------------------------


def test_new_objective_goes_in_entries_objectives_named_by_its_id(make_portfolio):
    root = make_portfolio(GOOD)
    result = run_cli("new", "objective", "Commission the MR-linac", "--date", "2026-03-01", cwd=root)
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout.strip() == "entries/objectives/commission-the-mr-linac.md"
    assert "id: commission-the-mr-linac\n" in (root / result.stdout.strip()).read_text(encoding="utf-8")
    check = run_cli("check", cwd=root)
    assert (check.code, check.lines[-1]) == (0, "3 entries read: 0 errors, 0 warnings")


def test_new_profile_writes_entries_profile_md_valid_as_written(tmp_path):
    result = run_cli("new", "profile", "Dr Hannah Okafor", cwd=tmp_path)
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout.strip() == "entries/profile.md"
    text = (tmp_path / "entries/profile.md").read_text(encoding="utf-8")
    assert text.startswith('---\nkind: profile\nname: "Dr Hannah Okafor"\n')
    check = run_cli("check", cwd=tmp_path)
    assert (check.code, check.lines) == (0, ["1 entry read: 0 errors, 0 warnings"])
    # Its commented-out registration, uncommented with a renewal date, is valid too.
    lines = []
    for line in text.splitlines():
        if line.startswith("# registrations:") or line.startswith("#   ") or line.startswith("#     "):
            line = line[2:]
        lines.append(line.replace("YYYY-MM-DD", "2027-01-31"))
    (tmp_path / "entries/profile.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    check = run_cli("check", cwd=tmp_path)
    assert (check.code, check.lines) == (0, ["1 entry read: 0 errors, 0 warnings"])


def test_new_profile_without_a_name_leaves_it_to_fill_in(tmp_path):
    result = run_cli("new", "profile", cwd=tmp_path)
    assert (result.code, result.stdout.strip()) == (0, "entries/profile.md")
    assert "\n# name: Your Name\n" in (tmp_path / "entries/profile.md").read_text(encoding="utf-8")
    assert run_cli("check", cwd=tmp_path).code == 0


@pytest.mark.parametrize(
    ("where", "content"),
    [
        ("entries/profile.md", PROFILE),
        ("entries/about/me.md", PROFILE),  # anywhere in the portfolio
        ("entries/me.md", PROFILE.replace("kind: profile", "kind: 'profile'  # who I am")),
        ("entries/me.md", PROFILE.replace("name: Dr A Person", "name: Dr: A Person")),  # one that does not parse
    ],
)
def test_new_profile_refuses_when_the_portfolio_has_one(make_portfolio, where, content):
    root = make_portfolio({**GOOD, where: content})
    before = {p: p.read_bytes() for p in (root / "entries").rglob("*") if p.is_file()}
    result = run_cli("new", "profile", "Someone Else", cwd=root)
    assert result.code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"cpd new: {where} is already the profile, and a portfolio has one: nothing was written. "
        "Edit that file instead.\n"
    )
    assert {p: p.read_bytes() for p in (root / "entries").rglob("*") if p.is_file()} == before


def test_new_profile_is_not_fooled_by_a_profile_named_in_text(make_portfolio):
    mention = GOOD_ACTIVITY.replace("application: I revised the local rules.", "application: |\n  kind: profile")
    root = make_portfolio({**GOOD, "entries/2026/2026-03-02-journal-club.md": mention})
    assert run_cli("new", "profile", cwd=root).code == 0


def test_new_without_a_title_says_one_is_required(tmp_path):
    line = one_line(run_cli("new", "objective", cwd=tmp_path), "cpd new: error: ")
    assert line == 'cpd new: error: a title is required, e.g. cpd new objective "Commission the MR-linac"'
    assert not (tmp_path / "entries").exists()
