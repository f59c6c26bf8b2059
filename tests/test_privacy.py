"""Canaries in every field of a private activity never reach a published output."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from support import EPOCH, build, write_entry

CANARY = "zqxcanary"  # lowercase letters only: valid in every field, tags and competence codes included


def _portfolio(tmp_path: Path) -> Path:
    e = tmp_path / "entries"
    write_entry(
        e,
        "profile.md",
        """
        ---
        kind: profile
        name: Sam Public
        registrations: [{body: hcpc, renewal: 2027-01-31}]
        ---
        Public summary.
        """,
    )
    write_entry(
        e,
        "objectives/goal.md",
        """
        ---
        kind: objective
        id: goal
        title: A public objective
        due: 2027-06-30
        ---
        """,
    )
    write_entry(e, "evidence/public.txt", "public evidence\n")
    write_entry(e, f"evidence/{CANARY}-only-private.txt", f"{CANARY} in a file linked only from a private entry\n")
    write_entry(
        e,
        "2026/public.md",
        """
        ---
        title: Public journal club
        date: 2026-02-01
        type: work-based
        objectives: [goal]
        outcomes: [Public outcome]
        application: Public application.
        benefit: Public benefit.
        tags: [public-tag]
        evidence: [../evidence/public.txt]
        highlight: true
        ---
        Public reflection.
        """,
    )
    write_entry(
        e,
        f"2026/{CANARY}-private.md",
        f"""
        ---
        title: {CANARY} title
        date: 2026-03-01
        end: 2026-03-02
        hours: 7
        type: formal
        method: {CANARY} method
        objectives: [goal]
        outcomes: [{CANARY} outcome]
        application: {CANARY} application
        benefit: {CANARY} benefit
        competences: ["{CANARY}:a1"]
        tags: [{CANARY}-tag]
        evidence:
          - path: ../evidence/{CANARY}-only-private.txt
            title: {CANARY} evidence title
          - url: https://example.org/{CANARY}
            title: {CANARY} link title
        highlight: true
        private: true
        ---
        {CANARY} reflection body.
        """,
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\nsite_url: https://intranet.example/cpd/\ndocs_dir: docs\n"
        "theme: {name: material}\nplugins: [search, tags, cpd]\n",
        encoding="utf-8",
    )
    return tmp_path


def _cpd(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run([sys.executable, "-m", "cpd_cli", *args], cwd=cwd, capture_output=True, env=env)


def test_no_canary_byte_in_any_output(tmp_path: Path):
    project = _portfolio(tmp_path)
    assert build(project, "--strict").returncode == 0
    outputs: list[tuple[str, bytes]] = []
    for path in (project / "out").rglob("*"):
        if path.is_file():
            outputs.append((str(path.relative_to(project)), path.read_bytes()))
    assert any(name.endswith("search_index.json") for name, _ in outputs)
    assert any(name.endswith("sitemap.xml") for name, _ in outputs)
    assert any("tags" in name for name, _ in outputs)
    result = _cpd(project, "audit", "--out", "audit.html", "--bundle", "audit.zip")
    assert result.returncode == 0, result.stderr
    outputs.append(("audit.html", (project / "audit.html").read_bytes()))
    with zipfile.ZipFile(project / "audit.zip") as bundle:
        outputs += [(f"audit.zip:{n}", bundle.read(n)) for n in bundle.namelist()]
        outputs.append(("audit.zip names", "\n".join(bundle.namelist()).encode()))
    for fmt in ("csv", "json"):
        exported = _cpd(project, "export", "--format", fmt)
        assert exported.returncode == 0
        outputs.append((f"export.{fmt}", exported.stdout))
    for command in (["summary", "--format", "json"], ["gaps", "--format", "json"], ["summary"], ["gaps"]):
        ran = _cpd(project, *command)
        assert ran.returncode == 0
        outputs.append((" ".join(command), ran.stdout + ran.stderr))
    # The public activity is there: the outputs are not just empty.
    assert any(b"Public journal club" in content for _, content in outputs)
    leaks = [name for name, content in outputs if CANARY.encode() in content.lower()]
    assert leaks == []


def test_include_private_is_the_only_way_back(tmp_path: Path):
    project = _portfolio(tmp_path)
    exported = _cpd(project, "export", "--format", "json", "--include-private")
    assert CANARY.encode() in exported.stdout
    summary = _cpd(project, "summary", "--format", "json", "--include-private")
    assert b'"hours": 7' in summary.stdout
