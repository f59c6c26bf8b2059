"""Periods: add_months, each body's audit cycle, and --period parsing (resolve_period)."""

from __future__ import annotations

import pytest
from cpd_portfolio.core.analysis import analyse
from cpd_portfolio.core.periods import PeriodError, add_months, add_years, months_between
from cpd_portfolio.core.schemes import current_cycle, load_catalogue, resolve_period

from .analysis.support import CASES_DIR, D, act, memory_portfolio, objective, profile

PERIOD_HELP = "use all, a year (2026), cycle, cycle:BODY or START..END (2026-01-01..2026-06-30)"


# --- add_months ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2024-01-31", 1, "2024-02-29"),  # leap year: clamped to the 29th
        ("2025-01-31", 1, "2025-02-28"),  # common year: clamped to the 28th
        ("2024-01-31", 2, "2024-03-31"),  # not carried over from February's clamp
        ("2024-01-31", 13, "2025-02-28"),
        ("2024-01-31", 3, "2024-04-30"),
        ("2024-03-31", -1, "2024-02-29"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-02-29", 48, "2028-02-29"),
        ("2024-12-15", 1, "2025-01-15"),  # over the year end
        ("2025-01-15", -1, "2024-12-15"),
        ("2025-03-10", 0, "2025-03-10"),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(D.fromisoformat(day), months) == D.fromisoformat(expected)


def test_add_years_from_a_leap_day():
    assert add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert add_years(D(2024, 2, 29), 4) == D(2028, 2, 29)
    assert add_years(D(2024, 2, 29), -4) == D(2020, 2, 29)


def test_months_between_includes_both_ends_across_a_year():
    assert months_between(D(2024, 11, 30), D(2025, 2, 1)) == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert months_between(D(2025, 3, 1), D(2025, 3, 31)) == ["2025-03"]


# --- body cycles --------------------------------------------------------------------------------


def cycle(body: str, as_of: str, renewal: str | None = None, *, registered: bool = True) -> tuple[str, str, str]:
    prof = profile((body, renewal)) if registered else None
    portfolio = memory_portfolio(as_of, [act("2020-01-06")], prof=prof)
    # NMC and GPhC are not shipped: their golden cases hold schemes of the user's own.
    catalogue = load_catalogue(CASES_DIR / body / "entries" if body in ("nmc", "gphc") else None)
    period = current_cycle(catalogue.scheme(body), portfolio)
    assert period.key == f"cycle:{body}"
    return period.start.isoformat(), period.end.isoformat(), period.label


@pytest.mark.parametrize(
    ("as_of", "renewal", "expected"),
    [
        # The renewal date in the profile ends the cycle; as_of falls inside (end - 2y, end].
        ("2026-11-29", "2027-01-31", ("2025-02-01", "2027-01-31", "HCPC cycle 2025-27")),
        ("2027-01-31", "2027-01-31", ("2025-02-01", "2027-01-31", "HCPC cycle 2025-27")),  # on the renewal day
        ("2027-02-01", "2027-01-31", ("2027-02-01", "2029-01-31", "HCPC cycle 2027-29")),  # the day after
        ("2025-02-01", "2027-01-31", ("2025-02-01", "2027-01-31", "HCPC cycle 2025-27")),  # first day
        ("2026-11-29", "2031-01-31", ("2025-02-01", "2027-01-31", "HCPC cycle 2025-27")),  # stepped back
        ("2026-11-29", "2019-01-31", ("2025-02-01", "2027-01-31", "HCPC cycle 2025-27")),  # stepped on
        (
            "2025-06-01",
            "2024-02-29",
            ("2024-03-01", "2026-02-28", "HCPC cycle 2024-26"),
        ),  # the renewal day ends the previous cycle
    ],
)
def test_hcpc_cycle_is_two_years_ending_on_the_renewal_date(as_of, renewal, expected):
    assert cycle("hcpc", as_of, renewal) == expected


def test_hcpc_cycle_from_a_leap_day_renewal_ends_on_the_next_leap_day():
    assert cycle("hcpc", "2027-06-01", "2024-02-29") == ("2026-03-01", "2028-02-29", "HCPC cycle 2026-28")


def test_hcpc_cycle_as_of_the_leap_day_renewal_itself():
    assert cycle("hcpc", "2028-02-29", "2024-02-29") == ("2026-03-01", "2028-02-29", "HCPC cycle 2026-28")


def test_hcpc_cycle_stepped_back_to_a_leap_day():
    assert cycle("hcpc", "2023-06-01", "2028-02-29") == ("2022-03-01", "2024-02-29", "HCPC cycle 2022-24")


def test_one_year_cycle_from_a_leap_day_renewal():
    assert cycle("science-council", "2027-06-01", "2024-02-29") == (
        "2027-03-01",
        "2028-02-29",
        "Science Council cycle 2027-28",
    )


@pytest.mark.parametrize("body", ["science-council", "rct", "engineering-council"])
@pytest.mark.parametrize(
    ("as_of", "renewal", "expected"),
    [
        ("2025-08-01", "2025-06-30", ("2025-07-01", "2026-06-30")),
        ("2025-06-30", "2025-06-30", ("2024-07-01", "2025-06-30")),
        ("2025-08-01", "2028-06-30", ("2025-07-01", "2026-06-30")),
        ("2025-08-01", None, ("2025-01-01", "2025-12-31")),  # no renewal: the year ending 31 Dec
        ("2025-12-31", None, ("2025-01-01", "2025-12-31")),
        ("2026-01-01", None, ("2026-01-01", "2026-12-31")),
    ],
)
def test_one_year_bodies_end_on_the_renewal_date_or_31_december(body, as_of, renewal, expected):
    start, end, label = cycle(body, as_of, renewal)
    assert (start, end) == expected
    years = f"{start[:4]}" if start[:4] == end[:4] else f"{start[:4]}-{end[2:4]}"
    assert label.endswith(f" cycle {years}")


@pytest.mark.parametrize(
    ("as_of", "renewal", "expected"),
    [
        ("2025-08-01", "2025-06-30", ("2025-01-01", "2025-12-31")),  # a renewal date does not move the year
        ("2026-01-15", None, ("2025-01-01", "2025-12-31")),  # declaring for 2025, due 31 January
        ("2026-01-31", None, ("2025-01-01", "2025-12-31")),  # the due date itself
        ("2026-02-01", None, ("2026-01-01", "2026-12-31")),  # the day after
        ("2025-12-31", None, ("2025-01-01", "2025-12-31")),
    ],
)
def test_ipem_declares_for_the_calendar_year_until_31_january(as_of, renewal, expected):
    start, end, label = cycle("ipem", as_of, renewal)
    assert (start, end) == expected
    assert label == f"IPEM cycle {start[:4]}"


def test_one_year_body_without_a_registration_ends_on_31_december():
    assert cycle("ipem", "2025-08-01", registered=False) == ("2025-01-01", "2025-12-31", "IPEM cycle 2025")


@pytest.mark.parametrize(
    ("as_of", "renewal", "expected"),
    [
        ("2025-03-01", None, ("2022-03-02", "2025-03-01", "NMC cycle 2022-25")),  # 3 years up to as_of
        ("2025-03-01", "2026-04-30", ("2023-05-01", "2026-04-30", "NMC cycle 2023-26")),
        ("2026-05-01", "2026-04-30", ("2026-05-01", "2029-04-30", "NMC cycle 2026-29")),
    ],
)
def test_nmc_cycle_is_three_years(as_of, renewal, expected):
    # The profile schema has no 'nmc' registration; the registration is built in memory.
    assert cycle("nmc", as_of, renewal) == expected


@pytest.mark.parametrize(
    ("as_of", "renewal", "expected"),
    [
        ("2026-03-10", None, ("2025-03-11", "2026-03-10", "GPhC cycle 2025-26")),  # the 12 months up to as_of
        ("2024-02-29", None, ("2023-03-01", "2024-02-29", "GPhC cycle 2023-24")),
        ("2025-12-31", None, ("2025-01-01", "2025-12-31", "GPhC cycle 2025")),
        ("2026-03-10", "2026-08-31", ("2025-09-01", "2026-08-31", "GPhC cycle 2025-26")),  # ends on renewal
    ],
)
def test_gphc_cycle_is_one_year(as_of, renewal, expected):
    assert cycle("gphc", as_of, renewal) == expected


def test_user_rules_can_change_a_bodys_cycle(tmp_path):
    (tmp_path / "_rules").mkdir()
    (tmp_path / "_rules" / "hcpc.yml").write_text("cycle: {years: 3}\n", encoding="utf-8")
    portfolio = memory_portfolio("2026-11-29", [act("2020-01-06")], prof=profile(("hcpc", "2027-01-31")))
    shipped = current_cycle(load_catalogue().scheme("hcpc"), portfolio)
    own = current_cycle(load_catalogue(tmp_path).scheme("hcpc"), portfolio)
    assert (shipped.start, shipped.end) == (D(2025, 2, 1), D(2027, 1, 31))
    assert (own.start, own.end) == (D(2024, 2, 1), D(2027, 1, 31))


# --- resolve_period -----------------------------------------------------------------------------


@pytest.fixture
def portfolio():
    return memory_portfolio(
        "2026-11-29",
        [act("2024-05-03"), act("2026-02-10")],
        [objective("goal", "2027-12-31", date="2024-04-15")],
        prof=profile(("hcpc", "2027-01-31"), ("ipem", None)),
    )


def test_no_period_stays_none(portfolio):
    assert resolve_period(None, portfolio, ["hcpc"]) is None


def test_all_runs_from_the_first_dated_entry_to_the_as_of_date(portfolio):
    period = resolve_period("all", portfolio, ["hcpc"])
    assert period.as_dict() == {"label": "All time", "start": "2024-04-15", "end": "2026-11-29", "key": "all"}


@pytest.mark.parametrize("text", ["2025", " 2025 "])
def test_a_year_is_the_calendar_year(portfolio, text):
    period = resolve_period(text, portfolio, ["hcpc"])
    assert period.as_dict() == {"label": "2025", "start": "2025-01-01", "end": "2025-12-31", "key": "2025"}


def test_cycle_is_the_first_bodys_cycle(portfolio):
    assert resolve_period("cycle", portfolio, ["hcpc", "ipem"]).as_dict() == {
        "label": "HCPC cycle 2025-27",
        "start": "2025-02-01",
        "end": "2027-01-31",
        "key": "cycle:hcpc",
    }
    assert resolve_period("cycle", portfolio, ["ipem", "hcpc"]).key == "cycle:ipem"


def test_cycle_of_a_named_body(portfolio):
    assert resolve_period("cycle:ipem", portfolio, ["hcpc"]).as_dict() == {
        "label": "IPEM cycle 2026",
        "start": "2026-01-01",
        "end": "2026-12-31",
        "key": "cycle:ipem",
    }
    assert resolve_period("Cycle:IPEM", portfolio, ["hcpc"]).key == "cycle:ipem"


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2026-01-01..2026-06-30", "2026-01-01 to 2026-06-30", "2026-01-01", "2026-06-30"),
        ("2024-02-29..2024-02-29", "2024-02-29 to 2024-02-29", "2024-02-29", "2024-02-29"),
    ],
)
def test_start_end_range(portfolio, text, label, start, end):
    assert resolve_period(text, portfolio, ["hcpc"]).as_dict() == {
        "label": label,
        "start": start,
        "end": end,
        "key": text,
    }


@pytest.mark.parametrize(
    "text",
    ["last-year", "2026-13-01..2026-12-31", "2025-02-29..2025-03-31", "cycles", ""],
)
def test_bad_periods_are_refused_with_the_forms_that_work(portfolio, text):
    with pytest.raises(PeriodError) as info:
        resolve_period(text, portfolio, ["hcpc"])
    assert str(info.value) == f"'{text.strip().lower()}' is not a period: {PERIOD_HELP}"


def test_a_period_whose_end_is_before_its_start_says_to_swap_them(portfolio):
    with pytest.raises(PeriodError) as info:
        resolve_period("2026-12-31..2026-01-01", portfolio, ["hcpc"])
    assert str(info.value) == (
        "'2026-12-31..2026-01-01' is not a period: the end 2026-01-01 is before the start 2026-12-31: swap them, "
        "e.g. 2026-01-01..2026-12-31"
    )
    # one day, start and end the same, is a period
    assert resolve_period("2026-03-01..2026-03-01", portfolio, ["hcpc"]).label == "2026-03-01 to 2026-03-01"


def test_period_error_messages_exactly(portfolio):
    with pytest.raises(PeriodError, match=r"^'last-year' is not a period: use all, a year \(2026\)"):
        resolve_period("last-year", portfolio, ["hcpc"])
    with pytest.raises(PeriodError) as info:
        resolve_period("2026-13-01..2026-12-31", portfolio, ["hcpc"])
    assert str(info.value) == (
        "'2026-13-01..2026-12-31' is not a period: use all, a year (2026), cycle, cycle:BODY "
        "or START..END (2026-01-01..2026-06-30)"
    )
    assert isinstance(info.value, ValueError)


def test_analyse_refuses_a_bad_period(portfolio):
    with pytest.raises(PeriodError):
        analyse(portfolio, period="last-year")


def test_cycle_of_an_unknown_body_names_the_shipped_bodies(portfolio):
    with pytest.raises(PeriodError) as info:
        resolve_period("cycle:nobody", portfolio, ["hcpc"])
    message = str(info.value)
    assert message.startswith("no scheme for 'nobody': choose from ")
    for body in ("engineering-council", "hcpc", "ipem", "rct", "science-council"):
        assert body in message
    assert "nmc" not in message and "gphc" not in message  # not shipped: a partial scheme would look complete
    assert "\n" not in message


def test_cycle_of_common_is_refused(portfolio):
    with pytest.raises(PeriodError):
        resolve_period("cycle:common", portfolio, ["hcpc"])


def test_a_user_body_without_a_cycle_falls_back_to_all_time(tmp_path):
    (tmp_path / "_rules").mkdir()
    (tmp_path / "_rules" / "acme.yml").write_text(
        "id: acme\nname: Acme Institute\nshort: Acme\nrules:\n  - id: acme-mixture\n    check: type_mixture\n"
        "    min_types: 5\n    source: {title: Acme CPD policy}\n    why: Acme asks for all five.\n    action: Plan more.\n",
        encoding="utf-8",
    )
    portfolio = memory_portfolio("2025-06-30", [act("2025-01-06")], root=tmp_path)
    period = resolve_period("cycle:acme", portfolio, ["acme"])
    assert (period.start, period.end) == (D(2025, 1, 6), D(2025, 6, 30))
    gaps = analyse(portfolio, bodies=["acme"]).gaps
    assert [g.title for g in gaps if g.rule.body == "acme"] == ["Mixture: 1 of the 5 activity types needed"]


def test_a_year_in_the_future_has_no_figures(portfolio):
    analysis = analyse(portfolio, period="2027")
    assert analysis.summary.total.count == 0
    assert analysis.summary.by_month == {}
    assert all("months without CPD" not in g.title for g in analysis.gaps)
