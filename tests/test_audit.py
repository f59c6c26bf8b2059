"""The audit profile, the self-contained file, the bundle and the exports, over a fixed portfolio."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cpd_portfolio.core import load_portfolio
from cpd_portfolio.core.audit import audit_profile
from cpd_portfolio.core.schemes import cycles, load_catalogue
from support import AS_OF, EPOCH, build, build_sample, write_entry

CANARY = "CANARY-7f3e"


@pytest.fixture
def portfolio_dir(tmp_path: Path) -> Path:
    """Two years of a small HCPC record: a gap, a break, three highlighted activities, one private."""
    e = tmp_path / "entries"
    write_entry(
        e,
        "profile.md",
        """
        ---
        kind: profile
        name: Alex Example
        role: Clinical Scientist
        registrations:
          - {body: hcpc, number: CS1, designation: Clinical Scientist, renewal: 2027-01-31}
        ---
        I work in nuclear medicine physics. I look after gamma cameras and teach trainees.
        """,
    )
    write_entry(e, "evidence/cert.txt", "certificate\n")
    write_entry(e, "evidence/audit.csv", "a,b\n1,2\n")
    write_entry(e, "evidence/secret.txt", f"{CANARY} private evidence\n")
    write_entry(
        e,
        "2025/a.md",
        """
        ---
        title: Gamma camera acceptance
        date: 2025-03-10
        type: work-based
        outcomes: [Learnt acceptance testing]
        application: Wrote the procedure.
        benefit: Safer imaging for patients.
        highlight: true
        evidence: [../evidence/cert.txt, {path: ../evidence/audit.csv, title: Audit results}]
        ---
        Reflection one two three.
        """,
    )
    write_entry(
        e,
        "2025/b.md",
        """
        ---
        title: Journal club on dosimetry
        date: 2025-04-02
        type: self-directed
        outcomes: [Read MIRD]
        application: Changed a calculation.
        highlight: true
        evidence: [{url: "https://example.org/paper", title: The paper}]
        ---
        Reflection.
        """,
    )
    write_entry(
        e,
        "2025/c.md",
        f"""
        ---
        title: {CANARY} private course
        date: 2025-05-02
        type: formal
        outcomes: ["{CANARY} outcome"]
        application: "{CANARY} application"
        benefit: "{CANARY} benefit"
        highlight: true
        private: true
        evidence: [../evidence/secret.txt]
        ---
        {CANARY} reflection
        """,
    )
    write_entry(
        e,
        "breaks/leave.md",
        """
        ---
        kind: break
        title: Parental leave
        date: 2025-06-01
        end: 2025-10-31
        ---
        """,
    )
    write_entry(
        e,
        "2026/d.md",
        """
        ---
        title: Teaching trainees
        date: 2026-03-01
        type: professional
        outcomes: [Taught QC]
        benefit: Trainees are safer.
        ---
        Reflection.
        """,
    )
    return e


def test_profile_has_exactly_the_expected_rows(portfolio_dir: Path):
    portfolio = load_portfolio(portfolio_dir, as_of=AS_OF).public()
    profile = audit_profile(portfolio, load_catalogue(portfolio_dir), "hcpc")
    assert (profile.cycle.start.isoformat(), profile.cycle.end.isoformat()) == ("2025-02-01", "2027-01-31")
    assert [a.source for a in profile.activities] == ["2025/a.md", "2025/b.md", "2026/d.md"]
    assert [b.source for b in profile.breaks] == ["breaks/leave.md"]
    # 2025-11-01 to 2026-02-28 has no activity and is not covered by the break: 4 months.
    # 2026-03-02 to the as-of date, 2026-11-29, is a second stretch.
    assert [g.title for g in profile.unexplained] == [
        "4 months without CPD: 2025-11-01 to 2026-02-28",
        "8 months without CPD: 2026-03-02 to 2026-11-29",
    ]
    assert profile.summary_words == 14
    assert [(i.activity.source, i.words) for i in profile.statement] == [("2025/a.md", 13), ("2025/b.md", 9)]
    assert profile.statement_words == 22
    assert [(r.number, r.evidence.label, r.activity.source, r.standards) for r in profile.evidence] == [
        (1, "cert.txt", "2025/a.md", ("1", "2", "3", "4")),
        (2, "Audit results", "2025/a.md", ("1", "2", "3", "4")),
        (3, "The paper", "2025/b.md", ("1", "2", "3")),
    ]
    assert [(s.id, s.verdict, s.reasons) for s in profile.standards] == [
        ("1", "partly-met", tuple(g.title for g in profile.unexplained)),
        ("2", "met", ()),
        ("3", "partly-met", ("1 of 3 activities do not say how it improved practice",)),
        ("4", "partly-met", ("1 of 3 activities do not say how it benefits service users",)),
        ("5", "met", ()),
    ]


def test_cycles_go_back_to_the_first_entry(portfolio_dir: Path):
    portfolio = load_portfolio(portfolio_dir, as_of=AS_OF)
    found = cycles(load_catalogue().scheme("hcpc"), portfolio)
    assert [c.key for c in found] == ["2025-02-01..2027-01-31"]


def cpd(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run([sys.executable, "-m", "cpd_cli", *args], cwd=cwd, capture_output=True, text=True, env=env)


def test_self_contained_file_and_bundle(portfolio_dir: Path):
    cwd = portfolio_dir.parent
    result = cpd(cwd, "audit", "--out", "profile.html", "--bundle", "profile.zip")
    assert result.returncode == 0, result.stderr
    html = (cwd / "profile.html").read_text(encoding="utf-8")
    assert "<link" not in html and "<script" not in html and 'src="http' not in html
    assert "<style>" in html and "Content-Security-Policy" in html
    assert "Gamma camera acceptance" in html and "22 words (within the limit of 1,500)" in html
    assert "14 words (within the limit of 500)" in html
    with zipfile.ZipFile(cwd / "profile.zip") as bundle:
        names = sorted(bundle.namelist())
        assert names == ["evidence/01-cert.txt", "evidence/02-audit.csv", "profile.html"]
        assert bundle.read("evidence/02-audit.csv") == (portfolio_dir / "evidence" / "audit.csv").read_bytes()
        bundled = bundle.read("profile.html").decode("utf-8")
        assert 'href="evidence/01-cert.txt"' in bundled and 'href="evidence/02-audit.csv"' in bundled
    for path in (cwd / "profile.html", cwd / "profile.zip"):
        assert CANARY.encode() not in path.read_bytes()
    with zipfile.ZipFile(cwd / "profile.zip") as bundle:
        for name in bundle.namelist():
            assert CANARY.encode() not in bundle.read(name)


def test_audit_refuses_to_write_into_entries(portfolio_dir: Path):
    result = cpd(portfolio_dir.parent, "audit", "--out", "entries/profile-out.html")
    assert result.returncode == 2
    assert "inside the entries folder" in result.stderr
    assert not (portfolio_dir / "profile-out.html").exists()


def test_csv_round_trips_one_row_per_public_activity(portfolio_dir: Path):
    result = cpd(portfolio_dir.parent, "export", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [r["source"] for r in rows] == ["2025/a.md", "2025/b.md", "2026/d.md"]
    assert rows[0]["outcomes"] == "Learnt acceptance testing"
    assert rows[0]["evidence"] == "evidence/cert.txt; Audit results: evidence/audit.csv"
    assert rows[0]["reflection"] == "Reflection one two three."
    assert CANARY not in result.stdout
    with_private = cpd(portfolio_dir.parent, "export", "--format", "json", "--include-private")
    data = json.loads(with_private.stdout)
    assert len(data["activities"]) == 4
    dated = cpd(portfolio_dir.parent, "export", "--format", "json", "--from", "2025-04-01", "--to", "2025-12-31")
    assert [a["source"] for a in json.loads(dated.stdout)["activities"]] == ["2025/b.md"]


def test_csv_cells_cannot_become_formulas(tmp_path: Path):
    write_entry(
        tmp_path / "entries",
        "x.md",
        """
        ---
        title: "=HYPERLINK(\\"http://evil\\")"
        date: 2026-01-01
        type: other
        ---
        """,
    )
    result = cpd(tmp_path, "export")
    row = next(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert row["title"].startswith("'=")


def test_site_publishes_audit_pages_and_exports(portfolio_dir: Path):
    project = portfolio_dir.parent
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(
        "site_name: T\ndocs_dir: docs\ntheme: {name: material}\nplugins: [search, tags, cpd]\n", encoding="utf-8"
    )
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr
    out = project / "out"
    page = (out / "audit" / "hcpc" / "index.html").read_text(encoding="utf-8")
    assert "Gamma camera acceptance" in page
    assert 'href="../../evidence/cert.txt"' in page
    assert (out / "evidence" / "cert.txt").is_file()
    assert not (out / "evidence" / "secret.txt").exists()
    rows = list(csv.DictReader(io.StringIO((out / "export" / "portfolio.csv").read_text(encoding="utf-8"), newline="")))
    assert len(rows) == 3
    assert len(json.loads((out / "export" / "portfolio.json").read_text(encoding="utf-8"))["activities"]) == 3
    for path in out.rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes(), path


def test_sample_audit_page_prints_to_pdf_with_every_section(tmp_path: Path):
    from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, serve

    require_chromium()
    if not shutil.which("pdftotext"):
        if os.environ.get("CI"):
            pytest.fail("pdftotext is missing: .ci/run installs poppler-utils")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    site = build_sample(tmp_path)
    from playwright.sync_api import sync_playwright

    pdf = tmp_path / "audit.pdf"
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base + "audit/hcpc/", wait_until="networkidle")
        page.pdf(path=str(pdf), format="A4")
        browser.close()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for heading in [
        "1. Personal details",
        "2. Summary of practice",
        "3. Activities in the period",
        "4. Statement of how I have met the standards",
        "5. Evidence",
        "6. Standards checklist",
    ]:
        assert heading in text, heading
    assert "Dr Hannah Okafor" in text
    assert "Timeline" not in text  # the navigation is not printed
