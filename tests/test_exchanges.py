"""Feedback and discussions: entries of their own (kind feedback, kind discussion), counted by the schemes that ask
for them (the NMC's five pieces of feedback and reflective discussion, the GPhC's peer discussion), shown on the
site and in the audit profile, never when private."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import icalendar
import pytest
from conftest import run_cli
from cpd_portfolio.core import load_portfolio
from cpd_portfolio.core.analysis import analyse
from cpd_portfolio.core.audit import audit_profile
from cpd_portfolio.core.calendar import events
from cpd_portfolio.core.schemes import load_catalogue
from support import REPO, ScriptsAndHandlers, build, write_entry

AS_OF = dt.date(2026, 11, 29)
CANARY = "CANARY-private-feedback-7Q2"
HOSTILE = "<script>alert('feedback')</script><img src=x onerror=alert(1)>"


def _nmc_portfolio(root: Path) -> None:
    (root / "_rules").mkdir(parents=True)
    shutil.copy(REPO / "docs" / "schemes" / "examples" / "nmc.yml", root / "_rules" / "nmc.yml")
    write_entry(root, "profile.md", "---\nkind: profile\nregistrations:\n  - {body: nmc, renewal: 2028-03-31}\n---\n")
    write_entry(
        root,
        "2026/2026-03-02-course.md",
        """\
        ---
        title: Tissue viability course
        date: 2026-03-02
        type: formal
        hours: 40
        outcomes: [Staging pressure ulcers]
        application: I stage every ulcer on admission.
        benefit: Patients get the right dressing sooner.
        ---
        What I learnt, and what I do differently.
        """,
    )


def _feedback(root: Path, n: int, *, body: str = "What was said, and what I take from it.", **extra: str) -> str:
    name = f"2026/2026-04-{n:02d}-feedback-{n}.md"
    fields = "".join(f"{k}: {v}\n" for k, v in extra.items())
    write_entry(
        root,
        name,
        f"---\nkind: feedback\ntitle: Feedback {n} on my wound care\ndate: 2026-04-{n:02d}\n"
        f"from: a patient on the ward\n{fields}---\n{body}\n",
    )
    return name


def _titles(root: Path) -> list[str]:
    portfolio = load_portfolio(root, as_of=AS_OF)
    assert portfolio.errors == [], [str(f) for f in portfolio.errors]
    return [g.title for g in analyse(portfolio, load_catalogue(root), bodies=["nmc"]).gaps if g.rule.body == "nmc"]


def test_the_nmc_scheme_counts_feedback_reflections_and_the_discussion_as_they_are_recorded(tmp_path: Path):
    root = tmp_path / "entries"
    _nmc_portfolio(root)
    assert _titles(root) == [
        "0 of 5 pieces of feedback",
        "1 of 5 written reflections",
        "No discussion recorded",
    ]
    for n in range(1, 5):
        _feedback(root, n)
    _feedback(root, 5, body="<!-- a prompt, not a reflection -->")  # counted as feedback, not as a reflection
    assert _titles(root) == ["No discussion recorded"]  # the course and four pieces of feedback: five reflections
    (root / "2026" / "2026-04-04-feedback-4.md").unlink()
    _feedback(root, 4, body="### What happened?\n\n### So what?\n")  # a model's headings, nothing written
    assert _titles(root) == ["4 of 5 written reflections", "No discussion recorded"]
    write_entry(
        root,
        "2026/2026-06-01-reflective-discussion.md",
        "---\nkind: discussion\ntitle: Reflective discussion\ndate: 2026-06-01\nwith: a nurse colleague\n---\n"
        "We discussed my five accounts.\n",
    )
    assert _titles(root) == []
    # Feedback is a record of its own: it adds no hours and no activity.
    portfolio = load_portfolio(root, as_of=AS_OF)
    assert len(portfolio.activities) == 1 and len(portfolio.exchanges) == 6


def test_feedback_outside_the_cycle_does_not_count(tmp_path: Path):
    root = tmp_path / "entries"
    _nmc_portfolio(root)
    for n in range(1, 6):
        write_entry(
            root,
            f"2024/2024-01-{n:02d}-old-feedback.md",
            f"---\nkind: feedback\ntitle: Old {n}\ndate: 2024-01-{n:02d}\nfrom: a colleague\n---\nSaid.\n",
        )
    assert "0 of 5 pieces of feedback" in _titles(root)  # the NMC cycle 2025-28 starts in 2025


def test_the_checker_names_each_mistake_in_a_feedback_or_discussion_entry(tmp_path: Path):
    root = tmp_path / "entries"
    write_entry(root, "2026/2026-04-01-a.md", "---\nkind: feedback\ntitle: T\ndate: 2026-04-01\n---\nSaid.\n")
    write_entry(
        root,
        "2026/2026-04-02-b.md",
        "---\nkind: discussion\ntitle: T\ndate: 2026-04-02\nwith: a colleague\nfrom: x\n---\n",
    )
    write_entry(
        root,
        "2026/2026-04-03-c.md",
        "---\nkind: feedback\ntitle: T\ndate: 2026-04-03\nfrom: my supervisor\nevidence: [missing.pdf]\n---\nSaid.\n",
    )
    result = run_cli("check", "entries", "--as-of", "2026-11-29", cwd=tmp_path)
    assert result.code == 1 and "Traceback" not in result.stderr
    out = result.stdout
    assert "entries/2026/2026-04-01-a.md:2:1: error: from: required field 'from' is missing" in out, out
    assert "entries/2026/2026-04-02-b.md:6:1: error: from: unknown field 'from'" in out, out
    assert "entries/2026/2026-04-03-c.md:6:12: error: evidence[0]:" in out, out


def test_cpd_new_writes_feedback_and_discussions_that_check_clean(tmp_path: Path):
    made = run_cli(
        "new", "feedback", "Trainees on my QA teaching", "--from", "the trainees I taught", "--date", "2026-05-02",
        "--entries", "entries", cwd=tmp_path,
    )  # fmt: skip
    assert made.code == 0, made.stderr
    text = (tmp_path / made.stdout.strip()).read_text(encoding="utf-8")
    assert "kind: feedback\n" in text and 'from: "the trainees I taught"' in text
    made = run_cli(
        "new", "discussion", "Peer discussion", "--with", "a pharmacist colleague", "--date", "2026-05-03",
        "--entries", "entries", cwd=tmp_path,
    )  # fmt: skip
    assert made.code == 0, made.stderr
    checked = run_cli("check", "entries", "--as-of", "2026-11-29", cwd=tmp_path)
    assert checked.code == 0, checked.stdout
    warnings = [line for line in checked.stdout.splitlines() if ": warning: " in line]
    assert len(warnings) == 2 and all("no reflection" in line for line in warnings), warnings  # what to fill in


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["feedback", "T"], "needs --from WHO"),
        (["discussion", "T"], "needs --with WHO"),
        (["discussion", "T", "--from", "x"], "--with is the one for 'cpd new discussion'"),
        (["activity", "T", "--with", "x"], "leave it out of 'cpd new activity'"),
    ],
)
def test_cpd_new_says_who_is_needed_and_writes_nothing_without(tmp_path: Path, args, says):
    made = run_cli("new", *args, "--entries", "entries", cwd=tmp_path)
    assert made.code == 2 and says in made.stderr and "Traceback" not in made.stderr, made.stderr
    assert not list(tmp_path.rglob("*.md"))


def test_feedback_and_discussions_in_the_site_the_timeline_and_the_audit_profile_never_when_private(tmp_path: Path):
    project = tmp_path / "project"
    root = project / "entries"
    shutil.copytree(REPO / "entries", root)
    (root / "evidence" / "private-feedback-form.txt").write_text(f"Signed form {CANARY}\n", encoding="utf-8")
    write_entry(
        root,
        "2026/2026-05-05-private-feedback.md",
        f"""\
        ---
        kind: feedback
        title: Complaint {CANARY}
        date: 2026-05-05
        from: {CANARY} a relative
        private: true
        tags: [{CANARY.lower()}]
        evidence: [../evidence/private-feedback-form.txt]
        ---
        {CANARY} what was said.
        """,
    )
    write_entry(
        root,
        "2026/2026-05-06-hostile-feedback.md",
        f"---\nkind: feedback\ntitle: Hostile {HOSTILE}\ndate: 2026-05-06\nfrom: x {HOSTILE}\n---\n{HOSTILE}\n",
    )
    shutil.copytree(REPO / "pages", project / "pages")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    result = build(project)
    assert result.returncode == 0, result.stderr
    site = project / "out"
    page = site / "2026" / "2026-11-24-feedback-from-my-line-manager-on-the-gap-analysis" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "Feedback from my line manager on the MR-linac gap analysis" in html
    assert "my line manager, the head of radiotherapy physics" in html
    assert "What was said, and what I take from it" in html and "one-page summary a week" in html
    discussion = site / "2026" / "2026-10-06-reflective-discussion-with-a-fellow-clinical-scientist" / "index.html"
    assert "What we discussed, and what I take from it" in discussion.read_text(encoding="utf-8")
    timeline = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    assert 'class="cpd-exchange"' in timeline
    assert "../2026/2026-10-06-reflective-discussion-with-a-fellow-clinical-scientist/" in timeline
    audit = (site / "audit" / "hcpc" / "index.html").read_text(encoding="utf-8")
    assert 'id="feedback"' in audit and "Feedback from my line manager on the MR-linac gap analysis" in audit
    # The 2025 feedback is outside the HCPC cycle 2025-10-01..2027-09-30: not in its profile; its evidence is.
    assert "Trainees&#x27; feedback on my plan evaluation session" not in audit
    assert (site / "evidence" / "2025-stp-training-day-feedback.txt").is_file()
    # Private: no page, no word of it, no evidence file, anywhere in the site.
    assert not (site / "2026" / "2026-05-05-private-feedback").exists()
    assert not (site / "evidence" / "private-feedback-form.txt").exists()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".ics", ".xml", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert CANARY not in text and CANARY.lower() not in text, path
    # Entry text is escaped or sanitised: no script from it runs.
    hostile = (site / "2026" / "2026-05-06-hostile-feedback" / "index.html").read_text(encoding="utf-8")
    parsed = ScriptsAndHandlers()
    parsed.feed(hostile)
    assert not [s for s in parsed.scripts if "alert" in s] and not parsed.handlers
    assert "&lt;script&gt;alert" in hostile  # the title and who, as text


def test_the_audit_profile_lists_feedback_and_numbers_its_evidence(tmp_path: Path):
    portfolio = load_portfolio(REPO / "entries", as_of=dt.date(2025, 12, 31))
    profile = audit_profile(portfolio.public(), load_catalogue(REPO / "entries"), "science-council")
    assert [e.title for e in profile.exchanges] == ["Trainees' feedback on my plan evaluation session"]
    rows = [r for r in profile.evidence if r.activity is profile.exchanges[0]]
    assert [r.evidence.path for r in rows] == ["evidence/2025-stp-training-day-feedback.txt"]
    data = profile.as_dict()
    assert data["exchanges"] == [
        {
            "source": "2025/2025-06-24-trainees-feedback-on-my-plan-evaluation-session.md",
            "kind": "feedback",
            "title": "Trainees' feedback on my plan evaluation session",
            "date": "2025-06-24",
            "who": "the STP trainees at the regional training day (the organiser's summary of 14 responses)",
        }
    ]
    assert json.dumps(data)  # as the CLI prints it


def test_the_calendar_shows_the_month_a_body_draws_its_audit_sample_in_where_its_scheme_says(tmp_path: Path):
    root = tmp_path / "entries"
    write_entry(root, "profile.md", "---\nkind: profile\nregistrations:\n  - {body: rct}\n  - {body: hcpc}\n---\n")
    portfolio = load_portfolio(root, as_of=AS_OF)
    found = events(portfolio, load_catalogue(root))
    audits = [e for e in found if "-audit-" in e.uid]
    # The RCT's scheme says March (audit.sample_month: 3): after the renewal of 31 January 2027. The HCPC's says
    # no month, so none is invented.
    assert [(e.summary, e.day) for e in audits] == [("RCT: audit sample drawn this month", dt.date(2027, 3, 1))]
    assert "about 2.5%" in audits[0].description
    result = run_cli("calendar", "--out", "c.ics", "--entries", "entries", cwd=tmp_path)
    assert result.code == 0, result.stderr
    parsed = icalendar.Calendar.from_ical((tmp_path / "c.ics").read_bytes())
    summaries = [str(c["summary"]) for c in parsed.walk("VEVENT")]
    assert "RCT: audit sample drawn this month" in summaries
