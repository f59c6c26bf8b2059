"""The deadlines calendar (core/calendar.py, `cpd calendar`, the site's /calendar.ics), read back by two parsers:
icalendar, which wrote it, and vobject, which did not."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import icalendar
import vobject
from conftest import run_cli
from cpd_portfolio.core import load_portfolio
from cpd_portfolio.core.calendar import events
from cpd_portfolio.core.deadlines import standings
from cpd_portfolio.core.schemes import load_catalogue
from support import AS_OF, REPO, build_sample, write_entry

SITE = "https://intranet.example/cpd/"


def _sample(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "entries", tmp_path / "entries")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def _write(project: Path, *extra: str) -> bytes:
    result = run_cli("calendar", "--out", "deadlines.ics", "--as-of", AS_OF.isoformat(), *extra, cwd=project)
    assert result.code == 0, result.stderr
    return (project / "deadlines.ics").read_bytes()


def test_the_calendar_holds_each_deadline_window_and_open_objective(tmp_path: Path):
    project = _sample(tmp_path)
    data = _write(project, "--site-url", SITE)
    cal = icalendar.Calendar.from_ical(data)
    got = {(str(e["summary"]), e.decoded("dtstart")): e for e in cal.walk("VEVENT")}
    portfolio = load_portfolio(project / "entries", as_of=AS_OF).public()
    catalogue = load_catalogue(project / "entries")
    # Every registration's deadline, from the same function the dashboard reads.
    for s in standings(portfolio, catalogue):
        what = "declaration" if s.scheme.cycle.declaration_due else "renewal"
        event = got[(f"{s.scheme.short}: {what} due", s.deadline)]
        assert str(event["url"]) == f"{SITE}audit/{s.scheme.id}/"
        assert event.decoded("dtend") == s.deadline + dt.timedelta(days=1)  # a whole day
        if s.opens:
            assert (f"{s.scheme.short}: {what} window opens", s.opens) in got
    assert ("HCPC: renewal due", dt.date(2027, 9, 30)) in got and (
        "HCPC: renewal window opens",
        dt.date(2027, 7, 1),
    ) in got
    # Each active objective's due date; none for an achieved or dropped one.
    active = [o for o in portfolio.objectives if o.status == "active" and o.due]
    closed = [o for o in portfolio.objectives if o.status != "active"]
    assert active and closed
    for o in active:
        assert str(got[(f"Objective due: {o.label}", o.due)]["url"]).startswith(f"{SITE}objectives/")
    assert not any(o.label in summary for o in closed for summary, _ in got)
    assert len(got) == len(events(portfolio, catalogue))


def test_a_second_independent_parser_reads_the_same_events(tmp_path: Path):
    project = _sample(tmp_path)
    data = _write(project, "--site-url", SITE)
    mine = {(str(e["uid"]), e.decoded("dtstart")) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    theirs = vobject.readOne(data.decode("utf-8"))
    read = {(e.uid.value, e.dtstart.value) for e in theirs.vevent_list}
    assert read == mine and len(read) >= 5
    assert all(e.summary.value and e.description.value for e in theirs.vevent_list)


def test_the_same_portfolio_makes_the_same_file_and_uids_are_unique(tmp_path: Path):
    project = _sample(tmp_path)
    first = _write(project)
    assert _write(project) == first  # DTSTAMP is the as-of date: a rebuild changes nothing
    uids = [str(e["uid"]) for e in icalendar.Calendar.from_ical(first).walk("VEVENT")]
    assert len(uids) == len(set(uids))
    assert b"URL:" not in first  # no site address known: no link to a page


def test_a_private_activity_and_its_words_never_reach_the_calendar(tmp_path: Path):
    project = _sample(tmp_path)
    write_entry(
        project,
        "entries/2026/secret.md",
        "---\ntitle: Zqx private appraisal\ndate: 2026-10-01\ntype: work-based\nprivate: true\n---\nzqxcanary\n",
    )
    data = _write(project)
    assert b"Zqx" not in data and b"zqxcanary" not in data


def test_the_calendar_is_never_written_into_the_entries_folder(tmp_path: Path):
    project = _sample(tmp_path)
    result = run_cli("calendar", "--out", "entries/deadlines.ics", cwd=project)
    assert result.code == 2 and "Traceback" not in result.stderr
    assert "inside the entries folder" in result.stderr
    assert not (project / "entries" / "deadlines.ics").exists()


def test_the_site_publishes_the_calendar_and_its_links_land_on_pages(tmp_path: Path):
    site = build_sample(tmp_path, site_url=SITE)
    cal = icalendar.Calendar.from_ical((site / "calendar.ics").read_bytes())
    urls = [str(e["url"]) for e in cal.walk("VEVENT")]
    assert urls and all(u.startswith(SITE) for u in urls)
    for url in urls:  # each event's page is a page of this site
        assert (site / url[len(SITE) :] / "index.html").is_file(), url
    assert 'href="calendar.ics"' in (site / "index.html").read_text(encoding="utf-8")  # the dashboard links it
    # The same events as `cpd calendar` makes for the same portfolio.
    made = _write(_sample(tmp_path / "cli"), "--site-url", SITE)
    assert {str(e["uid"]) for e in icalendar.Calendar.from_ical(made).walk("VEVENT")} == {
        str(e["uid"]) for e in cal.walk("VEVENT")
    }
