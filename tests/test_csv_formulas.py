"""CSV exports cannot carry spreadsheet formulas (OWASP's CSV injection): every text cell that starts with
= + - @, a tab or a carriage return is prefixed with a single quote; numbers and dates are left as they are.

`cpd export --format csv` is run as a user runs it, and its output read back with Python's csv module; the site's
export/portfolio.csv is the same writer's, checked by a real build.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cpd_portfolio.core.export import FORMULA_STARTS, _cell
from support import build

from .conftest import run_cli, write_files

STARTS = ["=", "+", "-", "@", "\t", "\r"]


def test_the_six_formula_starts_are_owasps():
    assert sorted(FORMULA_STARTS) == sorted(STARTS)


def _q(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar: tabs and carriage returns survive


def _activity(start: str) -> str:
    body = start if start in "=+-@" else "="  # the reflection begins after the front matter's closing line
    return f"""---
title: {_q(start + "HYPERLINK(1)")}
date: 2026-03-02
end: 2026-03-03
type: formal
hours: 1.5
method: {_q(start + "1+2")}
outcomes: [{_q(start + "SUM(A1:A9)")}, "=second"]
application: {_q(start + "cmd|' /C calc'!A0")}
benefit: {_q(start + "benefit")}
tags: [{_q(start + "tag")}, plain]
evidence:
  - {{url: "https://example.org/a", title: {_q(start + "evidence title")}}}
---
{body}reflection text
"""


def _export_text(root: Path) -> str:
    """`cpd export --format csv`, written to a file: standard output, read as text, would turn a carriage return
    in a cell into a line feed."""
    result = run_cli("export", "--format", "csv", "--out", "export.csv", cwd=root)
    assert result.code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return (root / "export.csv").read_bytes().decode("utf-8")


def _export(root: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_export_text(root), newline="")))


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """Each formula start's row of `cpd export --format csv`, by the start (one export for the module)."""
    tmp_path = tmp_path_factory.mktemp("formulas")
    files = {f"entries/2026/start-{i}.md": _activity(start) for i, start in enumerate(STARTS)}
    files["entries/2026/numbers.md"] = (
        "---\ntitle: Plain title\ndate: 2026-04-01\ntype: other\nhours: 2\n---\nReflection -1+2 inside.\n"
    )
    write_files(tmp_path, files)
    check = run_cli("check", cwd=tmp_path)
    assert " 0 errors" in check.lines[-1], check.stdout
    rows = {row["source"]: row for row in _export(tmp_path)}
    assert len(rows) == len(STARTS) + 1
    return {**{start: rows[f"2026/start-{i}.md"] for i, start in enumerate(STARTS)}, "numbers": rows["2026/numbers.md"]}


@pytest.mark.parametrize("start", STARTS, ids=["equals", "plus", "minus", "at", "tab", "carriage-return"])
def test_every_text_cell_that_starts_a_formula_is_prefixed(exported, start: str):
    row = exported[start]
    assert row["title"] == "'" + start + "HYPERLINK(1)"
    assert row["method"] == "'" + start + "1+2"
    assert row["outcomes"] == "'" + start + "SUM(A1:A9); =second"  # a cell is run by its first character
    assert row["application"] == "'" + start + "cmd|' /C calc'!A0"
    assert row["benefit"] == "'" + start + "benefit"
    assert row["tags"] == "'" + start + "tag; plain"
    assert row["evidence"] == "'" + start + "evidence title: https://example.org/a"
    assert row["reflection"].startswith("'")
    # No cell at all starts a formula.
    assert not [column for column, cell in row.items() if cell.startswith(tuple(STARTS))]


@pytest.mark.parametrize("start", STARTS, ids=["equals", "plus", "minus", "at", "tab", "carriage-return"])
def test_numbers_and_dates_are_left_as_they_are(exported, start: str):
    row = exported[start]
    assert (row["date"], row["end"], row["hours"], row["type"]) == ("2026-03-02", "2026-03-03", "1.5", "formal")
    assert (row["highlight"], row["private"]) == ("no", "no")


def test_text_that_starts_no_formula_is_unchanged(exported):
    row = exported["numbers"]
    assert (row["title"], row["hours"], row["date"], row["end"]) == ("Plain title", "2", "2026-04-01", "")
    assert row["reflection"] == "Reflection -1+2 inside."


@pytest.mark.parametrize(("value", "cell"), [(1.5, "1.5"), (2, "2"), (-1.5, "-1.5"), (-3, "-3"), (1000.0, "1000")])
def test_a_number_is_written_as_a_number_even_below_zero(value: float, cell: str):
    assert _cell(value) == cell


def test_the_cells_csv_writes_are_the_cells_a_csv_reader_reads(tmp_path: Path):
    """The fast writer's quoting holds for a defused cell with a carriage return in it: one row, read back whole."""
    write_files(tmp_path, {"entries/a.md": _activity("\r")})
    (row,) = _export(tmp_path)
    assert row["title"] == "'\rHYPERLINK(1)"


def test_the_sites_csv_export_is_the_commands(tmp_path: Path):
    files = {f"entries/2026/start-{i}.md": _activity(start) for i, start in enumerate(STARTS)}
    files["mkdocs.yml"] = "site_name: T\ndocs_dir: pages\ntheme: {name: material}\nplugins: [search, tags, cpd]\n"
    write_files(tmp_path, files)
    (tmp_path / "pages").mkdir()
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    site = (tmp_path / "out" / "export" / "portfolio.csv").read_bytes().decode("utf-8")
    assert site == _export_text(tmp_path)
    rows = list(csv.DictReader(io.StringIO(site, newline="")))
    assert sorted(row["title"] for row in rows) == sorted("'" + start + "HYPERLINK(1)" for start in STARTS)
