"""The analysis contract, point by point: what counts where, gaps, breaks, privacy, overrides, statuses.

Most tests read a golden case (tests/analysis/<case>) and assert the one thing it is there to show, so
a failure names the broken rule rather than a diff of expected.json. Edge cases use small portfolios
built in memory (tests/analysis/support.py).
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest
from cpd_portfolio.core import load_portfolio
from cpd_portfolio.core.analysis import analyse, find_gaps
from cpd_portfolio.core.plan import DUE_SOON_DAYS, objective_progress
from cpd_portfolio.core.schemes import SchemeError, current_cycle, default_period, load_catalogue, shipped_bodies

from .analysis.support import (
    CASES_DIR,
    D,
    act,
    brk,
    memory_portfolio,
    objective,
    profile,
    run_named,
)

GAP_TITLE = re.compile(r"^(\d+) months without CPD: (\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d)$")


def unexplained(gaps) -> list[tuple[int, str, str]]:
    """(months, start, end) of each unexplained-gap gap."""
    found = []
    for g in gaps:
        if g.rule.check == "unexplained_gap":
            m = GAP_TITLE.match(g.title)
            assert m, g.title
            found.append((int(m[1]), m[2], m[3]))
    return found


# The checks of an audit profile's completeness (statement, evidence, the activity list's length), which every
# HCPC case finds wanting: the tests of other rules leave them out; tests/analysis's golden files hold them.
PROFILE_CHECKS = {"statement", "evidence_linked", "activity_count"}


def core(gaps):
    return [g for g in gaps if g.rule.check not in PROFILE_CHECKS]


def titles(gaps, check: str | None = None) -> list[str]:
    return [g.title for g in core(gaps) if check is None or g.rule.check == check]


def copy_case(case: str, tmp_path: Path) -> Path:
    """A copy of the case's entries folder, to change one thing in it."""
    target = tmp_path / case / "entries"
    shutil.copytree(CASES_DIR / case / "entries", target)
    return target


# --- what counts, and when ----------------------------------------------------------------------


def test_spanning_activity_counts_once_in_its_start_month():
    summary = run_named("spanning-activity", "cycle").analyse().summary
    course = [a for a in summary.activities if a.end is not None]
    assert [(a.date, a.end) for a in course] == [(D(2025, 1, 20), D(2025, 3, 10))]
    assert summary.by_month["2025-01"].as_dict() == {"count": 1, "hours": 30.0}
    assert summary.by_month["2025-02"].count == 0
    assert summary.by_month["2025-03"].count == 0
    assert summary.total.count == 4
    assert summary.total.hours == 33.0
    assert summary.by_type["formal"].as_dict() == {"count": 1, "hours": 30.0}


def test_spanning_activity_covers_gap_detection_through_its_end():
    gaps = run_named("spanning-activity", "cycle").analyse().gaps
    assert unexplained(gaps) == [(3, "2025-03-11", "2025-06-30")]


def test_spanning_activity_before_the_period_is_not_counted_but_still_covers(tmp_path):
    analysis = run_named("spanning-activity", "from-february").analyse()
    assert all(a.date >= D(2025, 2, 1) for a in analysis.summary.activities)
    assert analysis.summary.total.count == 2
    # February and March are covered by the course that started in January.
    assert unexplained(analysis.gaps) == [(3, "2025-03-11", "2025-06-30")]


def test_without_its_end_the_course_covers_only_its_first_day(tmp_path):
    entries = copy_case("spanning-activity", tmp_path)
    course = entries / "2025" / "2025-01-20-part-time-course-in-dosimetry.md"
    course.write_text(course.read_text(encoding="utf-8").replace("end: 2025-03-10\n", ""), encoding="utf-8")
    run = run_named("spanning-activity", "cycle")
    assert unexplained(run.analyse(entries).gaps) == [(5, "2025-01-21", "2025-06-30")]


def test_activity_on_the_as_of_date_counts_and_the_day_after_does_not():
    analysis = run_named("as-of-boundary", "default").analyse()
    summary = analysis.summary
    assert [a.date for a in summary.activities] == [D(2025, 3, 3), D(2025, 4, 30)]
    assert summary.by_month["2025-04"].as_dict() == {"count": 1, "hours": 3.0}
    assert "2025-05" not in summary.by_month
    assert list(summary.by_month)[-1] == "2025-04"
    status = {p.objective.id: p.status for p in summary.objectives}
    assert status == {"on-the-day": "on track", "day-after": "not started"}
    assert titles(analysis.gaps) == ["Objective not started: Day after"]


def test_checker_warns_that_the_day_after_is_in_the_future():
    portfolio = run_named("as-of-boundary", "default").portfolio()
    future = [f for f in portfolio.warnings if "in the future" in f.message]
    assert len(future) == 1
    assert future[0].path.endswith("2025/2025-05-01-patient-qa-measurements.md")
    assert future[0].field == "date"
    assert "2025-05-01" in future[0].message
    assert "2025-04-30" in future[0].message


def test_one_day_later_the_next_activity_counts():
    run = dataclasses.replace(run_named("as-of-boundary", "default"), as_of=D(2025, 5, 1))
    analysis = run.analyse()
    assert analysis.summary.by_month["2025-05"].as_dict() == {"count": 1, "hours": 2.0}
    assert {p.objective.id: p.status for p in analysis.summary.objectives}["day-after"] == "on track"
    assert not [f for f in run.portfolio().warnings if "in the future" in f.message]


def test_activity_after_as_of_does_not_cover_a_gap():
    portfolio = memory_portfolio(
        "2025-06-30",
        [act("2025-01-31"), act("2025-07-01", "formal", end="2025-07-10")],
        [objective("goal", "2027-12-31", date=None)],
        prof=profile(("hcpc", "2026-01-31")),
    )
    assert unexplained(analyse(portfolio).gaps) == [(5, "2025-02-01", "2025-06-30")]


def test_activity_ending_after_as_of_covers_up_to_as_of():
    portfolio = memory_portfolio(
        "2025-06-30",
        [act("2025-01-31"), act("2025-02-01", "formal", end="2025-12-31")],
        [objective("goal", "2027-12-31", date=None)],
        prof=profile(("hcpc", "2026-01-31")),
    )
    assert unexplained(analyse(portfolio).gaps) == []


def test_no_gap_before_the_first_dated_entry():
    # The cycle starts 2024-02-01; the portfolio starts 2025-03-03 (an objective set that day).
    portfolio = memory_portfolio(
        "2025-06-30",
        [act("2025-04-01"), act("2025-05-20", "formal")],
        [objective("goal", "2027-12-31", date="2025-03-03")],
        prof=profile(("hcpc", "2026-01-31")),
    )
    assert unexplained(analyse(portfolio).gaps) == []
    # Set the objective a year earlier and the record has a hole from then on.
    earlier = dataclasses.replace(portfolio, objectives=[objective("goal", "2027-12-31", date="2024-03-04")])
    assert unexplained(analyse(earlier).gaps) == [(12, "2024-03-04", "2025-03-31")]


# --- unexplained gaps and breaks ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("2024-01-31", "2024-05-01", [(3, "2024-02-01", "2024-04-30")]),  # leap February: exactly 3
        ("2024-01-31", "2024-04-30", []),  # 2024-02-01..2024-04-29: 2 whole months
        ("2025-01-31", "2025-06-01", [(4, "2025-02-01", "2025-05-31")]),  # 1 Feb to 31 May is 4
        ("2025-01-31", "2025-05-01", [(3, "2025-02-01", "2025-04-30")]),  # 1 Feb to 30 Apr is 3
        ("2025-01-31", "2025-04-30", []),
    ],
)
def test_gaps_are_whole_months(before, after, expected):
    portfolio = memory_portfolio(
        after,  # as of the second activity: no stretch after it
        [act(before), act(after, "formal")],
        [objective("goal", "2027-12-31", date=None)],
        prof=profile(("hcpc", "2026-01-31")),
    )
    assert unexplained(analyse(portfolio, period="all").gaps) == expected


def test_leap_year_gap_case():
    gaps = run_named("leap-gap", "default").analyse().gaps
    assert titles(gaps, "unexplained_gap") == ["3 months without CPD: 2024-02-01 to 2024-04-30"]
    gap = next(g for g in gaps if g.rule.check == "unexplained_gap")
    assert gap.priority == 1
    assert gap.entries == ()
    assert "Partly explained" not in gap.detail


def test_break_leaving_two_months_is_no_gap_and_leaving_three_is_partly_explained():
    gaps = run_named("break-partial", "default").analyse().gaps
    found = [g for g in gaps if g.rule.check == "unexplained_gap"]
    assert unexplained(found) == [(3, "2024-10-01", "2024-12-31")]
    (gap,) = found
    assert gap.detail == (
        "No activity and no break from 2024-10-01 to 2024-12-31. "
        "Partly explained by: Jury service (2024-08-01 to 2024-09-30)."
    )
    assert gap.entries == ("breaks/2024-08-01-jury-service.md",)


def test_without_the_breaks_both_five_month_stretches_are_gaps(tmp_path):
    entries = copy_case("break-partial", tmp_path)
    shutil.rmtree(entries / "breaks")
    gaps = run_named("break-partial", "default").analyse(entries).gaps
    assert unexplained(gaps) == [(5, "2024-02-01", "2024-06-30"), (5, "2024-08-01", "2024-12-31")]


def test_a_break_covering_the_whole_stretch_leaves_no_gap():
    portfolio = memory_portfolio(
        "2025-10-31",
        [act("2025-01-31"), act("2025-09-01", "formal")],
        [objective("goal", "2027-12-31", date=None)],
        [brk("2025-02-01", "2025-08-31", "Parental leave")],
        prof=profile(("hcpc", "2026-01-31")),
    )
    assert unexplained(analyse(portfolio).gaps) == []


def test_a_break_in_the_middle_can_leave_two_gaps():
    portfolio = memory_portfolio(
        "2025-12-31",
        [act("2025-01-31"), act("2025-12-01", "formal")],
        [objective("goal", "2027-12-31", date=None)],
        [brk("2025-05-01", "2025-07-31", "Sick leave")],
        prof=profile(("hcpc", "2026-01-31")),
    )
    gaps = [g for g in analyse(portfolio).gaps if g.rule.check == "unexplained_gap"]
    assert unexplained(gaps) == [(3, "2025-02-01", "2025-04-30"), (4, "2025-08-01", "2025-11-30")]
    assert all("Partly explained by: Sick leave (2025-05-01 to 2025-07-31)." in g.detail for g in gaps)


# --- plan versus achieved: objective statuses ----------------------------------------------------


@pytest.mark.parametrize(
    ("due", "linked", "file_status", "expected"),
    [
        ("2025-06-29", True, "active", "overdue"),  # due the day before as_of
        ("2025-06-29", False, "active", "overdue"),
        ("2025-06-30", True, "active", "due soon"),  # due on the as-of date
        ("2025-08-29", True, "active", "due soon"),  # 60 days
        ("2025-08-30", True, "active", "on track"),  # 61 days
        ("2025-08-29", False, "active", "not started"),
        ("2027-12-31", False, "active", "not started"),
        ("2027-12-31", True, "active", "on track"),
        ("2024-01-31", True, "achieved", "achieved"),  # the file's status wins, overdue or not
        ("2024-01-31", False, "dropped", "dropped"),
    ],
)
def test_objective_status(due, linked, file_status, expected):
    assert DUE_SOON_DAYS == 60
    closed = "2025-01-31" if file_status != "active" else None
    goal = objective("goal", due, status=file_status, closed=closed, evaluation="It went well.")
    acts = [act("2025-02-03", objectives=("goal",))] if linked else [act("2025-02-03")]
    portfolio = memory_portfolio("2025-06-30", acts, [goal], prof=profile(("hcpc", "2026-01-31")))
    (progress,) = objective_progress(portfolio)
    assert progress.status == expected


def test_objective_linked_only_after_as_of_is_not_started():
    portfolio = memory_portfolio(
        "2025-06-30",
        [act("2025-07-01", objectives=("goal",), hours=4)],
        [objective("goal", "2027-12-31")],
        prof=profile(("hcpc", "2026-01-31")),
    )
    (progress,) = objective_progress(portfolio)
    assert (progress.status, progress.hours, len(progress.activities), progress.last) == ("not started", 0, 0, None)


def test_objective_hours_and_progress_count_every_linked_activity_up_to_as_of():
    portfolio = memory_portfolio(
        "2025-06-30",
        [
            act("2023-05-01", objectives=("goal",), hours=2.5),
            act("2025-06-30", objectives=("goal", "other"), hours=1.25),
            act("2025-07-01", objectives=("goal",), hours=100),
            act("2025-03-01", hours=None, objectives=("goal",)),
        ],
        [objective("goal", "2027-12-31", target_hours=10), objective("other", "2027-12-31")],
    )
    by_id = {p.objective.id: p for p in objective_progress(portfolio)}
    assert by_id["goal"].hours == 3.75
    assert len(by_id["goal"].activities) == 3
    assert by_id["goal"].last == D(2025, 6, 30)
    assert by_id["goal"].progress == 0.375
    assert by_id["other"].hours == 1.25
    assert by_id["other"].progress is None


def test_activities_without_hours_count_as_activities():
    portfolio = memory_portfolio(
        "2025-06-30", [act("2025-01-10", hours=None), act("2025-02-10", hours=2), act("2025-03-10", hours=None)]
    )
    summary = analyse(portfolio, period="2025").summary
    assert (summary.total.count, summary.total.hours, summary.without_hours) == (3, 2.0, 2)


def test_summary_counts_objectives_set_and_achieved_in_the_period():
    summary = run_named("no-active-objective", "default").analyse().summary
    assert (summary.objectives_set, summary.objectives_achieved) == (2, 1)
    assert {p.objective.id: p.status for p in summary.objectives} == {
        "finished-goal": "achieved",
        "abandoned-goal": "dropped",
    }
    later = analyse(run_named("no-active-objective", "default").portfolio(), period="2025-04-01..2025-04-30")
    assert (later.summary.objectives_set, later.summary.objectives_achieved) == (0, 0)


def test_no_active_objective_is_a_gap_until_one_is_active():
    analysis = run_named("no-active-objective", "default").analyse()
    assert titles(analysis.gaps) == ["No active objective: no plan"]
    portfolio = analysis.portfolio
    revived = dataclasses.replace(
        portfolio,
        objectives=[dataclasses.replace(portfolio.objectives[0], status="active", closed=None)],
    )
    assert "No active objective: no plan" not in titles(analyse(revived).gaps)


def test_no_objectives_at_all_is_no_active_objective():
    portfolio = memory_portfolio("2025-06-30", [act("2025-06-01")], prof=profile(("hcpc", "2026-01-31")))
    assert titles(analyse(portfolio).gaps, "no_active_objective") == ["No active objective: no plan"]


# --- privacy ------------------------------------------------------------------------------------


def test_objective_linked_only_from_a_private_activity():
    full = run_named("private-objective", "full").analyse()
    public = run_named("private-objective", "public").analyse()
    status = {p.objective.id: p.status for p in full.summary.objectives}
    assert status == {"private-study": "on track", "public-skills": "on track"}
    status = {p.objective.id: p.status for p in public.summary.objectives}
    assert status == {"private-study": "not started", "public-skills": "on track"}
    assert titles(full.gaps) == []
    assert titles(public.gaps) == ["Objective not started: Private study"]
    assert (full.summary.total.count, full.summary.total.hours) == (3, 8.0)
    assert (public.summary.total.count, public.summary.total.hours) == (2, 3.0)
    assert not any(a.private for a in public.summary.activities)


def test_public_drops_only_private_activities():
    portfolio = run_named("private-objective", "full").portfolio()
    public = portfolio.public()
    assert [a.title for a in portfolio.activities if a.private] == ["Counselling course"]
    assert [a.source for a in public.activities] == [a.source for a in portfolio.activities if not a.private]
    assert public.objectives == portfolio.objectives
    assert public.profile == portfolio.profile
    assert public.as_of == portfolio.as_of
    # The full portfolio is left as it was.
    assert len(portfolio.activities) == 3


# --- each body's window ---------------------------------------------------------------------------


def test_each_body_runs_over_its_own_cycle_and_common_rules_over_the_default_period():
    analysis = run_named("multi-body", "own-cycles").analyse()
    portfolio = analysis.portfolio
    assert analysis.bodies == ["hcpc", "science-council"]
    cycles = {s.id: current_cycle(s, portfolio) for s in analysis.schemes if s.id != "common"}
    assert (cycles["hcpc"].start, cycles["hcpc"].end) == (D(2024, 2, 1), D(2026, 1, 31))
    assert (cycles["science-council"].start, cycles["science-council"].end) == (D(2025, 1, 1), D(2025, 12, 31))
    assert analysis.summary.period == cycles["hcpc"]
    assert default_period(portfolio, analysis.catalogue) == cycles["hcpc"]
    assert analysis.gaps, "the case is meant to have a common gap and a Science Council gap"
    for gap in analysis.gaps:
        expected = cycles["hcpc"] if gap.rule.body == "common" else cycles[gap.rule.body]
        assert gap.period == expected, gap.title
    assert {g.rule.body for g in core(analysis.gaps)} == {"common", "hcpc", "science-council"}


def test_an_explicit_period_applies_to_every_rule():
    analysis = run_named("multi-body", "period-2024").analyse()
    assert analysis.gaps
    assert {g.period.key for g in analysis.gaps} == {"2024"}
    assert analysis.summary.period.key == "2024"
    # The activity without a benefit is in 2025: outside the period, not reported.
    assert titles(analysis.gaps, "not_audit_ready") == []


def test_find_gaps_without_a_period_uses_each_bodys_cycle():
    portfolio = run_named("multi-body", "own-cycles").portfolio()
    catalogue = load_catalogue(portfolio.root)
    own = find_gaps(portfolio, catalogue, catalogue.chosen(["hcpc", "science-council"]))
    sc = [g for g in own if g.rule.id == "sc-mixture"]
    assert [g.title for g in sc] == ["Mixture: 2 of the 3 activity types needed"]
    assert sc[0].period.key == "cycle:science-council"


def test_without_a_profile_the_bodies_default_to_hcpc_and_the_summary_to_all_time():
    analysis = run_named("no-profile", "default").analyse()
    assert analysis.bodies == ["hcpc"]
    assert analysis.summary.period.key == "all"
    assert analysis.summary.period.start == D(2025, 1, 6)  # the first dated entry
    (gap,) = core(analysis.gaps)
    assert gap.title == "No summary of practice"
    # No renewal date: the HCPC's clinical scientists renew on 30 September of odd years (its scheme's default).
    assert (gap.period.start, gap.period.end) == (D(2023, 10, 1), D(2025, 9, 30))


def test_default_period_is_the_first_registrations_cycle_even_with_other_bodies():
    portfolio = run_named("multi-body", "own-cycles").portfolio()
    analysis = analyse(portfolio, bodies=["science-council"])
    assert (analysis.summary.period.start, analysis.summary.period.end) == (D(2024, 2, 1), D(2026, 1, 31))


# --- the rules themselves -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "body", "met", "not_met", "expected"),
    [
        (
            "hcpc",
            "hcpc",
            "met",
            "not-met",
            ["4 months without CPD: 2026-02-17 to 2026-06-30", "Mixture: 1 of the 2 activity types needed"],
        ),
        ("science-council", "science-council", "met", "not-met", ["Mixture: 2 of the 3 activity types needed"]),
        (
            "engineering-council",
            "engineering-council",
            "met",
            "not-met",
            ["No planned activity", "Nothing that supports others' learning"],
        ),
        (
            "engineering-council",
            "engineering-council",
            "met",
            "only-planned",
            ["No opportunistic activity", "Nothing that supports others' learning"],
        ),
        (
            "ipem",
            "ipem",
            "met",
            "not-met",
            ["Mixture: 1 of the 2 activity types needed", "4 months without CPD: 2026-02-03 to 2026-06-30"],
        ),
        (
            "rct",
            "rct",
            "met",
            "not-met",
            ["Mixture: 1 of the 2 activity types needed", "4 months without CPD: 2025-10-07 to 2026-02-28"],
        ),
        ("nmc", "nmc", "met", "not-met", ["23 h of 35 h CPD", "8 h of 20 h participatory CPD"]),
        ("gphc", "gphc", "met", "one-planned", ["1 of 2 planned entries"]),
        ("gphc", "gphc", "met", "not-met", ["3 of 4 entries", "0 of 2 planned entries"]),
    ],
)
def test_body_rules_met_and_not_met(case, body, met, not_met, expected):
    good = run_named(case, met).analyse()
    bad = run_named(case, not_met).analyse()
    assert body in good.bodies
    assert [g.title for g in core(good.gaps)] == []
    assert [g.title for g in core(bad.gaps) if g.rule.body == body] == expected
    name = next(s.name for s in bad.schemes if s.id == body)
    assert all(g.body_name == name for g in bad.gaps if g.rule.body == body)


def test_every_shipped_rule_file_is_exercised_by_a_golden_case():
    from .analysis.support import case_names, load_runs

    used = set()
    for case in case_names():
        for run in load_runs(case):
            used.update(run.analyse().bodies)
    assert set(shipped_bodies()) <= used


def test_nmc_and_gphc_are_only_checked_when_asked_for():
    run = run_named("nmc", "not-met")
    assert dataclasses.replace(run, bodies=None).analyse().bodies == ["hcpc"]
    assert run.analyse().bodies == ["nmc"]


def test_nmc_participatory_hours_leave_out_self_directed_learning():
    portfolio = memory_portfolio(
        "2025-03-01",
        [
            act("2024-01-10", "self-directed", hours=30, objectives=("goal",)),
            act("2024-02-10", "other", hours=5, objectives=("goal",)),
        ],
        [objective("goal", "2027-12-31", date=None)],
    )
    # NMC is not shipped: the scheme of the user's own that the nmc case holds.
    gaps = analyse(portfolio, load_catalogue(CASES_DIR / "nmc" / "entries"), bodies=["nmc"]).gaps
    assert titles(gaps) == ["5 h of 20 h participatory CPD"]
    assert gaps[0].detail == "15 h more participatory CPD needed in NMC cycle 2022-25."


def test_supports_others_finds_keywords_in_title_method_and_tags():
    base = [act("2025-02-03", "formal", objectives=("goal",)), act("2025-03-03", "self-directed")]
    for extra in (
        {"title": "Teaching physics to trainees"},
        {"method": "Mentoring scheme"},
        {"tags": ("supervision",)},
    ):
        portfolio = memory_portfolio(
            "2025-06-30",
            [*base, act("2025-04-07", **extra)],
            [objective("goal", "2027-12-31", date=None)],
            prof=profile(("engineering-council", None)),
        )
        assert titles(analyse(portfolio).gaps, "supports_others") == [], extra
    portfolio = memory_portfolio(
        "2025-06-30",
        [*base, act("2025-04-07", title="Teachings of the ancients")],  # not the word 'teaching'
        [objective("goal", "2027-12-31", date=None)],
        prof=profile(("engineering-council", None)),
    )
    assert titles(analyse(portfolio).gaps, "supports_others") == ["Nothing that supports others' learning"]


def test_no_activity_is_not_called_every_activity_planned():
    portfolio = memory_portfolio(
        "2025-08-31",
        [act("2024-08-01", objectives=("goal",))],
        [objective("goal", "2027-12-31", date=None)],
        prof=profile(("engineering-council", "2025-06-30")),
    )
    gaps = [g for g in analyse(portfolio).gaps if g.rule.check == "planned_and_opportunistic"]
    assert titles(gaps) == ["No activity"]
    assert not any(g.detail.startswith("Every activity") for g in gaps)


# --- summary of practice -------------------------------------------------------------------------


def test_summary_of_practice_missing():
    (gap,) = core(run_named("summary-missing", "default").analyse().gaps)
    assert (gap.rule.id, gap.title, gap.entries) == ("hcpc-summary-of-practice", "No summary of practice", ())


def test_summary_of_practice_over_500_words():
    (gap,) = core(run_named("summary-over-500", "default").analyse().gaps)
    assert (gap.title, gap.detail, gap.entries) == (
        "Summary of practice over 500 words",
        "It has 501 words.",
        ("profile.md",),
    )
    # The checker warns too, with the limit it reads from the same rule of the HCPC's scheme.
    warnings = run_named("summary-over-500", "default").portfolio().warnings
    assert [(f.field, f.message) for f in warnings] == [
        ("summary", "the summary of practice has 501 words, over the HCPC limit of 500: shorten it")
    ]


def test_summary_of_exactly_500_words_is_no_gap(tmp_path):
    entries = copy_case("summary-over-500", tmp_path)
    path = entries / "profile.md"
    path.write_text(path.read_text(encoding="utf-8").replace(" word501", ""), encoding="utf-8")
    run = run_named("summary-over-500", "default")
    assert core(run.analyse(entries).gaps) == []
    assert run.portfolio(entries).warnings == []


# --- the user's own rules and frameworks ---------------------------------------------------------


def test_user_override_changes_a_threshold_and_disables_a_rule():
    analysis = run_named("user-rules", "default").analyse()
    hcpc = next(s for s in analysis.schemes if s.id == "hcpc")
    shipped = load_catalogue().scheme("hcpc")
    assert [r.id for r in hcpc.rules] == [r.id for r in shipped.rules if r.id != "hcpc-unexplained-gap"]
    mixture = hcpc.rule("hcpc-mixture")
    assert mixture.params["min_types"] == 3
    assert mixture.source.title.startswith("HCPC standard 2")  # the rest of the shipped rule is kept
    assert titles(analysis.gaps) == ["Mixture: 2 of the 3 activity types needed"]


def test_without_the_overrides_the_shipped_rules_apply(tmp_path):
    entries = copy_case("user-rules", tmp_path)
    shutil.rmtree(entries / "_rules")
    analysis = run_named("user-rules", "default").analyse(entries)
    assert titles(analysis.gaps) == ["4 months without CPD: 2025-02-11 to 2025-07-06"]


def test_overrides_do_not_leak_into_other_portfolios():
    run_named("user-rules", "default").analyse()
    shipped = load_catalogue().scheme("hcpc")
    assert {r.id: r.params.get("min_types") for r in shipped.rules}["hcpc-mixture"] == 2
    assert "hcpc-unexplained-gap" in [r.id for r in shipped.rules]


def test_user_framework_reports_the_code_without_evidence():
    gaps = core(run_named("user-framework", "cycle").analyse().gaps)
    assert [(g.rule.id, g.title, g.detail) for g in gaps] == [
        (
            "competences-not-evidenced",
            "ACME: 1 of 2 competences without evidence",
            "No activity in HCPC cycle 2024-26 evidences: X2 Teach the widget course.",
        )
    ]


def test_user_framework_over_a_period_without_the_evidence():
    gaps = run_named("user-framework", "later").analyse().gaps
    assert "ACME: 2 of 2 competences without evidence" in titles(gaps)


def test_without_the_framework_file_the_codes_are_not_checked(tmp_path):
    entries = copy_case("user-framework", tmp_path)
    shutil.rmtree(entries / "_frameworks")
    assert core(run_named("user-framework", "cycle").analyse(entries).gaps) == []


def test_user_framework_files_are_not_entries():
    portfolio = run_named("user-framework", "cycle").portfolio()
    assert not [p for p in portfolio.files if p.startswith("_")]
    assert load_portfolio(CASES_DIR / "user-rules" / "entries", as_of=D(2025, 7, 31)).files_read == 5


def test_a_future_activity_does_not_put_a_framework_in_use(tmp_path):
    shutil.copytree(CASES_DIR / "user-framework" / "entries" / "_frameworks", tmp_path / "_frameworks")
    portfolio = memory_portfolio(
        "2025-06-30",
        [
            act("2025-05-06", objectives=("goal",)),
            act("2025-06-02", "formal"),
            act("2025-07-01", competences=("ACME:X1",)),
        ],
        [objective("goal", "2027-12-31", date=None)],
        prof=profile(("hcpc", "2026-01-31")),
        root=tmp_path,
    )
    assert titles(analyse(portfolio).gaps) == []


def test_a_framework_named_by_an_objective_is_in_use(tmp_path):
    shutil.copytree(CASES_DIR / "user-framework" / "entries" / "_frameworks", tmp_path / "_frameworks")
    portfolio = memory_portfolio(
        "2025-06-30",
        [act("2025-05-06", objectives=("goal",), competences=("ACME:X2",)), act("2025-06-02", "formal")],
        [objective("goal", "2027-12-31", date=None, competences=("ACME:X1",))],
        prof=profile(("hcpc", "2026-01-31")),
        root=tmp_path,
    )
    assert titles(analyse(portfolio).gaps) == ["ACME: 1 of 2 competences without evidence"]


def test_hours_are_rounded_once_not_after_every_activity():
    portfolio = memory_portfolio(
        "2025-06-30",
        [act(f"2025-0{m}-01", hours=0.125, objectives=("goal",)) for m in (1, 2, 3, 4)],
        [objective("goal", "2027-12-31", date=None)],
    )
    summary = analyse(portfolio, period="2025").summary
    assert summary.objectives[0].hours == 0.5
    assert summary.total.hours == 0.5
    assert summary.planned.hours == 0.5
    assert summary.by_year["2025"].hours == 0.5


def test_hours_add_up_to_two_decimals():
    portfolio = memory_portfolio(
        "2025-06-30",
        [act("2025-01-01", hours=0.1), act("2025-02-01", hours=0.2), act("2025-02-11", hours=7.25)],
    )
    summary = analyse(portfolio, period="2025").summary
    assert summary.total.hours == 7.55
    assert summary.by_month["2025-02"].hours == 7.45


def test_common_is_not_a_body_name():
    portfolio = run_named("as-of-boundary", "default").portfolio()
    with pytest.raises(SchemeError):
        analyse(portfolio, bodies=["common"])
