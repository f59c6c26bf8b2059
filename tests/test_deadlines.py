"""Where each registration stands (core/deadlines.py) and the months of a period for the charts (core/plan.months).

Worked by hand from the schemes' own cycle facts (core/schemes/*.yml): HCPC clinical scientists renew from 1 July to
30 September of odd years, IPEM's declaration for a year is due on 31 January, the RCT's renewal by 31 January, the
Science Council's by 31 December.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cpd_portfolio.core import load_portfolio
from cpd_portfolio.core.deadlines import standing, standings
from cpd_portfolio.core.periods import Period
from cpd_portfolio.core.plan import months
from cpd_portfolio.core.schemes import load_catalogue
from support import write_entry

D = dt.date


def _portfolio(tmp_path: Path, registrations: str, as_of: dt.date, *extra: tuple[str, str]):
    write_entry(
        tmp_path, "entries/profile.md", f"---\nkind: profile\nname: A Registrant\nregistrations:\n{registrations}---\n"
    )
    write_entry(
        tmp_path, "entries/2025/a.md", "---\ntitle: Something learnt\ndate: 2025-01-20\ntype: self-directed\n---\n"
    )
    for name, text in extra:
        write_entry(tmp_path, f"entries/{name}", text)
    return load_portfolio(tmp_path / "entries", as_of=as_of)


def _one(tmp_path, registrations, as_of):
    portfolio = _portfolio(tmp_path, registrations, as_of)
    found = standings(portfolio, load_catalogue(tmp_path / "entries"))
    assert len(found) == 1
    return found[0]


def test_hcpc_renewal_window_days_left_and_months_of_the_cycle(tmp_path: Path):
    s = _one(tmp_path, "  - body: hcpc\n    renewal: 2027-09-30\n", D(2026, 12, 2))
    assert (s.cycle.start, s.cycle.end) == (D(2025, 10, 1), D(2027, 9, 30))
    assert (s.opens, s.deadline) == (D(2027, 7, 1), D(2027, 9, 30))
    assert s.days_left == (D(2027, 9, 30) - D(2026, 12, 2)).days == 302
    assert not s.window_open
    assert s.months == (15, 24)
    assert s.elapsed == pytest.approx(((D(2026, 12, 2) - D(2025, 10, 1)).days + 1) / 730)


def test_hcpc_window_is_open_in_august_of_the_renewal_year(tmp_path: Path):
    s = _one(tmp_path, "  - body: hcpc\n    renewal: 2027-09-30\n", D(2027, 8, 1))
    assert s.window_open and s.days_left == 60 and s.months == (23, 24)


def test_ipem_in_january_is_still_declaring_for_the_year_just_ended(tmp_path: Path):
    s = _one(tmp_path, "  - body: ipem\n", D(2027, 1, 10))
    assert (s.cycle.start, s.cycle.end) == (D(2026, 1, 1), D(2026, 12, 31))
    assert (s.opens, s.deadline) == (D(2026, 12, 1), D(2027, 1, 31))
    assert s.window_open and s.days_left == 21
    assert s.months == (12, 12) and s.elapsed == 1.0


def test_a_renewal_date_of_ones_own_is_the_deadline_not_the_schemes_window(tmp_path: Path):
    s = _one(tmp_path, "  - body: rct\n    renewal: 2027-03-15\n", D(2026, 12, 2))
    assert s.deadline == s.cycle.end == D(2027, 3, 15)
    assert s.opens is None


def test_soonest_first_and_bodies_without_a_scheme_left_out(tmp_path: Path):
    portfolio = _portfolio(
        tmp_path,
        "  - body: hcpc\n    renewal: 2027-09-30\n  - body: science-council\n  - body: nmc\n",
        D(2026, 12, 2),
    )
    found = standings(portfolio, load_catalogue(tmp_path / "entries"))
    assert [s.scheme.id for s in found] == ["science-council", "hcpc"]
    assert found[0].deadline == D(2026, 12, 31) and found[0].days_left == 29


def test_a_scheme_without_a_cycle_has_no_deadline(tmp_path: Path):
    portfolio = _portfolio(tmp_path, "  - body: hcpc\n", D(2026, 12, 2))
    common = load_catalogue(tmp_path / "entries").schemes["common"]
    s = standing(common, portfolio)
    assert s.cycle is None and s.deadline is None and s.days_left is None and s.months is None


# --- the months of a period, for the charts -----------------------------------------------------------------


def test_months_spread_a_long_activity_count_those_without_hours_and_mark_breaks(tmp_path: Path):
    portfolio = _portfolio(
        tmp_path,
        "  - body: hcpc\n",
        D(2025, 8, 31),
        (
            "2025/secondment.md",
            "---\ntitle: Seven-week secondment\ndate: 2025-01-20\nend: 2025-03-10\ntype: work-based\nhours: 50\n---\n",
        ),
        ("breaks/leave.md", "---\nkind: break\ntitle: Sick leave\ndate: 2025-05-10\nend: 2025-06-20\n---\n"),
    )
    rows = {
        m.month: m
        for m in months(portfolio, Period("2025", D(2025, 1, 1), D(2025, 12, 31)), ((D(2025, 7, 1), D(2025, 8, 31)),))
    }
    assert list(rows) == [f"2025-{m:02d}" for m in range(1, 9)]  # to the as-of date, not the period's end
    # 50 hours over 50 days: 12 in January, 28 in February, 10 in March.
    assert (rows["2025-01"].hours, rows["2025-02"].hours, rows["2025-03"].hours) == (12.0, 28.0, 10.0)
    assert rows["2025-02"].activities == 1 and rows["2025-01"].activities == 2
    assert rows["2025-01"].without_hours == 1  # the activity with no hours counts, but not as 0 hours
    assert rows["2025-04"].activities == 0 and rows["2025-04"].breaks == () and not rows["2025-04"].unexplained
    assert rows["2025-05"].breaks == rows["2025-06"].breaks == ("Sick leave",)
    assert rows["2025-07"].unexplained and rows["2025-08"].unexplained and not rows["2025-06"].unexplained
    assert sum(r.hours for r in rows.values()) == 50.0
