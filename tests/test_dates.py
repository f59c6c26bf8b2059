"""Dates at the edges of the calendar: one supported range (core/dates.py) for the schema, the checker, the
command line, the plugin and every computation.

The golden cases invalid/date-out-of-range and invalid/renewal-out-of-range show the checker's messages.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import jsonschema
import pytest
from cpd_portfolio.core import load_portfolio
from cpd_portfolio.core.analysis import analyse
from cpd_portfolio.core.audit import audit_profile
from cpd_portfolio.core.checking import schema
from cpd_portfolio.core.dates import FIRST_DAY, LAST_DAY, SUPPORTED, DateRangeError
from cpd_portfolio.core.export import select, to_csv
from cpd_portfolio.core.periods import PeriodError
from cpd_portfolio.core.portfolio import default_as_of
from cpd_portfolio.core.schemes import cycles, load_catalogue, resolve_period, shipped_bodies
from cpd_portfolio.core.validity import compile_schema
from support import REPO, build

from .conftest import GOOD_ACTIVITY, GOOD_OBJECTIVE, run_cli

OUT = [
    "0001-01-01",
    "9999-12-31",
    (FIRST_DAY - dt.timedelta(days=1)).isoformat(),
    (LAST_DAY + dt.timedelta(1)).isoformat(),
]
ENDS = [FIRST_DAY.isoformat(), LAST_DAY.isoformat()]


def outside(shown: str) -> str:
    return f"{shown} is outside the supported range 1900-01-01 to 2199-12-31: check the year"


# --- one range: the schema's pattern says what core/dates.py says ------------------------------------


def test_the_range_is_whole_years_1900_to_2199():
    assert (dt.date(1900, 1, 1), dt.date(2199, 12, 31)) == (FIRST_DAY, LAST_DAY)
    assert SUPPORTED == "1900-01-01 to 2199-12-31"


def test_the_schemas_date_pattern_allows_exactly_the_supported_years():
    """The schema can only state the range as a pattern of years: every year from 0000 to 9999 is tried, on the
    first and the last day, as jsonschema tries a pattern (re.search)."""
    date = schema()["$defs"]["date"]
    allowed = [
        year
        for year in range(10_000)
        if all(re.search(date["pattern"], f"{year:04d}-{day}") for day in ("01-01", "06-15", "12-31"))
    ]
    allowed_on_some_day = [
        year
        for year in range(10_000)
        if any(re.search(date["pattern"], f"{year:04d}-{day}") for day in ("01-01", "06-15", "12-31"))
    ]
    assert allowed == allowed_on_some_day == list(range(FIRST_DAY.year, LAST_DAY.year + 1)), (
        f"schema/entry.schema.json's $defs.date pattern must allow exactly the years of core/dates.py ({SUPPORTED})"
    )
    assert SUPPORTED in date["description"]


@pytest.mark.parametrize("value", [*OUT, *ENDS, "2026-02-30", "0000-01-01"])
def test_jsonschema_and_the_fast_check_agree_on_the_range(value: str):
    date = {"$schema": schema()["$schema"], **schema()["$defs"]["date"]}
    cls = jsonschema.validators.validator_for(date)
    expected = cls(date, format_checker=cls.FORMAT_CHECKER).is_valid(value)
    assert compile_schema(date)(value) == expected
    assert expected == (value in ENDS)


def test_the_readme_states_the_range():
    assert SUPPORTED in (REPO / "README.md").read_text(encoding="utf-8")


# --- the core: every computation works at the ends, and refuses what is outside --------------------------

PROFILE = """---
kind: profile
name: Dr Test
registrations:
  - {body: hcpc, renewal: RENEWAL}
  - {body: science-council, renewal: RENEWAL}
  - {body: engineering-council}
  - {body: ipem, renewal: RENEWAL}
---
I am a clinical scientist.
"""


def _edge_portfolio(root: Path, renewal: str) -> Path:
    files = {
        "profile.md": PROFILE.replace("RENEWAL", renewal),
        "first.md": f"---\ntitle: First\ndate: {FIRST_DAY}\nend: {FIRST_DAY + dt.timedelta(1)}\ntype: formal\n"
        "hours: 1.5\nobjectives: [o]\ncompetences: [UK-SPEC:A1]\n---\nR.\n",
        "last.md": f"---\ntitle: Last\ndate: {LAST_DAY}\ntype: work-based\n---\nR.\n",
        "objective.md": f"---\nkind: objective\nid: o\ndate: {FIRST_DAY}\ndue: {LAST_DAY}\n---\nPlan.\n",
        "break.md": f"---\nkind: break\ndate: {FIRST_DAY + dt.timedelta(40)}\nend: {LAST_DAY - dt.timedelta(1)}\n---\n",
    }
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("renewal", [*ENDS, "1900-02-28", "2196-02-29"])
@pytest.mark.parametrize("as_of", [FIRST_DAY, LAST_DAY])
def test_every_computation_works_at_the_ends_of_the_range(tmp_path: Path, renewal: str, as_of: dt.date):
    portfolio = load_portfolio(_edge_portfolio(tmp_path / "entries", renewal), as_of=as_of)
    assert not portfolio.errors, [str(f) for f in portfolio.errors]
    assert portfolio.profile is not None
    bodies = shipped_bodies()
    catalogue = load_catalogue(portfolio.root)
    for period in (None, "all", "cycle", str(FIRST_DAY.year), str(LAST_DAY.year), f"{FIRST_DAY}..{LAST_DAY}"):
        analyse(portfolio, catalogue, period=period, bodies=bodies)
    for body in bodies:
        found = cycles(catalogue.scheme(body), portfolio)
        for cycle in (found[0], found[-1]):
            audit_profile(portfolio, catalogue, body, cycle)
    assert to_csv(select(portfolio)).count("\r\n") == 3


@pytest.mark.parametrize("as_of", [dt.date.min, dt.date.max, FIRST_DAY - dt.timedelta(1), LAST_DAY + dt.timedelta(1)])
def test_load_portfolio_refuses_an_as_of_date_outside_the_range(tmp_path: Path, as_of: dt.date):
    with pytest.raises(DateRangeError) as info:
        load_portfolio(tmp_path, as_of=as_of)
    assert str(info.value) == outside(f"'{as_of.isoformat()}'")


@pytest.mark.parametrize("epoch", ["253402300799", "-2208988801", "7258118400"])  # 9999-12-31, 1899-12-31, 2200
def test_source_date_epoch_outside_the_range_is_not_used(monkeypatch: pytest.MonkeyPatch, epoch: str):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert default_as_of() == dt.date.today()


@pytest.mark.parametrize(
    "text",
    ["0001", "9999", "1899", "2200", "0001-01-01..9999-12-31", "1900-01-01..2200-01-01", "1899-12-31..2026-01-01"],
)
def test_a_period_outside_the_range_is_refused(tmp_path: Path, text: str):
    portfolio = load_portfolio(tmp_path, as_of=dt.date(2026, 11, 29))
    with pytest.raises(PeriodError) as info:
        resolve_period(text, portfolio, ["hcpc"])
    assert str(info.value) == outside(f"'{text}'")


@pytest.mark.parametrize("text", ["1900", "2199", "1900-01-01..2199-12-31"])
def test_a_period_at_the_ends_of_the_range_is_taken(tmp_path: Path, text: str):
    portfolio = load_portfolio(tmp_path, as_of=dt.date(2026, 11, 29))
    assert resolve_period(text, portfolio, ["hcpc"]).key == text


# --- the command line ------------------------------------------------------------------------------------

GOOD = {
    "entries/objectives/mr-safety.md": GOOD_OBJECTIVE,
    "entries/2026/2026-03-02-journal-club.md": GOOD_ACTIVITY,
    "entries/evidence/certificate.txt": "certificate\n",
    "entries/profile.md": PROFILE.replace("RENEWAL", "2027-01-31"),
}
COMMANDS = {
    "check": [],
    "summary": [],
    "gaps": [],
    "audit": ["--out", "profile.html"],
    "export": [],
}


def argparse_error(result, command: str) -> str:
    """An argparse error: exit 2, nothing on stdout, argparse's usage, then the one line of the error."""
    assert result.code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"usage: cpd {command}")
    assert [line for line in lines if "error" in line] == [lines[-1]], result.stderr
    return lines[-1]


def one_line_error(result, command: str) -> str:
    assert result.code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("value", OUT)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_refuses_an_as_of_date_outside_the_range(make_portfolio, command: str, value: str):
    root = make_portfolio(GOOD)
    result = run_cli(command, *COMMANDS[command], "--as-of", value, cwd=root)
    assert argparse_error(result, command) == f"cpd {command}: error: argument --as-of: {outside(repr(value))}"
    assert not (root / "profile.html").exists()


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["export", "--from", "0001-01-01"], "--from"),
        (["export", "--to", "9999-12-31"], "--to"),
        (["new", "activity", "Title", "--date", "0001-01-01"], "--date"),
        (["new", "objective", "Title", "--due", "9999-12-31"], "--due"),
        (["new", "break", "Title", "--end", "2200-01-01"], "--end"),
    ],
)
def test_every_date_option_refuses_a_date_outside_the_range(make_portfolio, args: list[str], option: str):
    root = make_portfolio(GOOD)
    result = run_cli(*args, cwd=root)
    value = args[-1]
    assert argparse_error(result, args[0]) == f"cpd {args[0]}: error: argument {option}: {outside(repr(value))}"
    assert sorted(p.name for p in (root / "entries").rglob("*.md")) == [
        "2026-03-02-journal-club.md",
        "mr-safety.md",
        "profile.md",
    ]


@pytest.mark.parametrize("value", ENDS)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_works_as_of_the_ends_of_the_range(make_portfolio, command: str, value: str):
    root = make_portfolio(GOOD)
    result = run_cli(command, *COMMANDS[command], "--as-of", value, cwd=root)
    assert "Traceback" not in result.stderr
    assert result.code == 0, result.stderr


def test_a_new_objective_set_in_the_last_year_is_due_within_the_range(make_portfolio):
    root = make_portfolio(GOOD)
    result = run_cli("new", "objective", "Far ahead", "--date", "2199-06-01", cwd=root)
    assert result.code == 0, result.stderr
    assert "due: 2199-12-31" in Path(root, result.stdout.strip()).read_text(encoding="utf-8")
    assert run_cli("check", cwd=root).code == 0


@pytest.mark.parametrize("period", ["0001", "9999", "2200", "0001-01-01..9999-12-31"])
@pytest.mark.parametrize("command", ["summary", "gaps"])
def test_a_period_outside_the_range_exits_2_with_one_line(make_portfolio, command: str, period: str):
    root = make_portfolio(GOOD)
    result = run_cli(command, "--period", period, cwd=root)
    assert one_line_error(result, command) == f"cpd {command}: error: {outside(repr(period))}"


@pytest.mark.parametrize("renewal", OUT)
def test_a_renewal_outside_the_range_is_an_error_and_every_command_still_runs(make_portfolio, renewal: str):
    root = make_portfolio({**GOOD, "entries/profile.md": PROFILE.replace("RENEWAL", renewal)})
    check = run_cli("check", cwd=root)
    assert check.code == 1
    assert f"entries/profile.md:5:27: error: registrations[0].renewal: {outside(repr(renewal))}" in check.lines
    for command, args in COMMANDS.items():
        if command == "check":
            continue
        result = run_cli(command, *args, cwd=root)
        assert "Traceback" not in result.stderr, (command, result.stderr)
        assert result.code == 0, (command, result.stderr)
        if command != "export":  # export writes no note (the data alone)
            assert "run 'cpd check'" in result.stderr  # the profile is left out, and the note says why


# --- the plugin: a real `mkdocs build` ----------------------------------------------------------------


def _project(tmp_path: Path, as_of: str | None = None, renewal: str = "2027-01-31") -> Path:
    project = tmp_path / "project"
    for name, text in GOOD.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("2027-01-31", renewal), encoding="utf-8")
    (project / "pages").mkdir()
    config = "site_name: Test\ndocs_dir: pages\ntheme:\n  name: material\nplugins:\n  - search\n  - tags\n  - cpd"
    config += f":\n      as_of: {as_of}\n" if as_of else "\n"
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31", "'2200-01-01'", "'1899-12-31'"])
def test_the_plugin_refuses_an_as_of_date_outside_the_range(tmp_path: Path, as_of: str):
    result = build(_project(tmp_path, as_of))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, result.stderr
    assert errors[0].endswith(f"  cpd: as_of {outside(repr(as_of.strip(chr(39))))}"), result.stderr


@pytest.mark.parametrize("as_of", ENDS)
def test_the_plugin_builds_as_of_the_ends_of_the_range(tmp_path: Path, as_of: str):
    result = build(_project(tmp_path, as_of), "--strict")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "project" / "out" / "audit" / "index.html").is_file()


def test_the_plugin_builds_with_a_renewal_outside_the_range_and_warns(tmp_path: Path):
    result = build(_project(tmp_path, renewal="0001-01-01"))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"entries/profile.md:5:27: error: registrations[0].renewal: {outside(repr('0001-01-01'))}" in result.stderr
    assert build(_project(tmp_path / "strict", renewal="0001-01-01"), "--strict").returncode == 1


def test_the_plugin_refuses_an_as_of_with_a_time_as_not_a_date(tmp_path: Path):
    result = build(_project(tmp_path, "2026-11-29 10:00:00"))  # YAML reads it as a datetime
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "cpd: as_of '2026-11-29 10:00:00' is not a date: write it as YYYY-MM-DD" in result.stderr
