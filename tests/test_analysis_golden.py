"""Golden tests of the analysis: each folder under tests/analysis is a small portfolio with case.yml
(as-of date, period, bodies, view) and expected.json, the exact summary and gaps `analyse` returns.

Regenerate with UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_analysis_golden.py, then read every
changed expected.json and check each figure and gap against the contract by hand. Cases in
KNOWN_BUGS hold a hand-written expected.json (what the core should return) and are never
overwritten: they fail until the core is fixed.
"""

from __future__ import annotations

import os

import pytest

from .analysis.support import case_names, load_runs, read_expected, stable, write_expected

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

# case -> why its hand-written expected.json differs from what the core returns today
KNOWN_BUGS: dict[str, str] = {}

REQUIRED_CASES = {
    "hcpc",
    "science-council",
    "engineering-council",
    "ipem",
    "rct",
    "nmc",
    "gphc",
    "spanning-activity",
    "break-partial",
    "leap-gap",
    "leap-cycle",
    "private-objective",
    "as-of-boundary",
    "user-rules",
    "user-framework",
    "no-active-objective",
    "summary-missing",
    "summary-over-500",
}


def _params() -> list:
    params = []
    for case in case_names():
        marks = [pytest.mark.xfail(reason=KNOWN_BUGS[case], strict=True)] if case in KNOWN_BUGS else []
        params.append(pytest.param(case, id=case, marks=marks))
    return params


def test_every_required_case_is_there():
    assert set(case_names()) >= REQUIRED_CASES
    assert set(KNOWN_BUGS) <= set(case_names())


@pytest.mark.parametrize("case", [pytest.param(c, id=c) for c in case_names()])
def test_case_is_a_small_valid_portfolio(case):
    """Each case holds 3 to 10 entries, none with an error, and names every run's as-of date."""
    runs = load_runs(case)
    assert runs
    for run in runs:
        portfolio = run.portfolio()
        assert portfolio.errors == [], [str(f) for f in portfolio.errors]
        assert 3 <= portfolio.files_read <= 10


@pytest.mark.parametrize("case", _params())
def test_golden(case, request):
    actual = {run.name: stable(run.analyse(), run.audits()) for run in load_runs(case)}
    if UPDATE and request.node.get_closest_marker("xfail") is None:
        write_expected(case, actual)
    expected = read_expected(case)
    assert list(actual) == list(expected)
    for name in expected:
        assert actual[name]["summary"] == expected[name]["summary"], name
        assert actual[name]["gaps"] == expected[name]["gaps"], name
        assert actual[name]["audit"] == expected[name]["audit"], name
