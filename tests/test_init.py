"""`cpd init` as a user runs it: a new portfolio that checks and builds strictly, never written over a file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from cpd_portfolio.core.starter import FILES
from support import EPOCH, build, write_entry


def _cpd(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run(
        [sys.executable, "-m", "cpd_cli", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120
    )


def test_init_makes_a_portfolio_that_checks_and_builds(tmp_path: Path):
    result = _cpd(
        tmp_path, "init", "my-cpd", "--name", 'Dr Sam "Sammy" O\'Neil: <b>', "--body", "hcpc", "--body", "ipem"
    )
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "my-cpd"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == sorted(FILES)
    lines = result.stdout.splitlines()
    assert lines[0] == "A new CPD portfolio in my-cpd:"
    assert [line for line in lines if line.startswith("  ") and line.strip()[0].isdigit()][:3] == [
        "  1. cd my-cpd and fill in entries/profile.md: your name, registrations, renewal dates and summary of "
        "practice.",
        '  2. Record your first activity: cpd new activity "Journal club: MR safety", fill in the file, then run cpd '
        "check.",
        "  3. Preview the site: mkdocs serve, then open http://127.0.0.1:8000/ (git init, to keep the record's "
        "history).",
    ]
    # The files are what they say: valid YAML where YAML is expected, the name kept exactly.
    for name in ("mkdocs.yml", ".pre-commit-config.yaml", ".gitlab-ci.yml", ".github/workflows/pages.yml"):
        assert isinstance(yaml.safe_load((folder / name).read_text(encoding="utf-8")), dict), name
    hook = yaml.safe_load((folder / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"][0]
    assert (hook["entry"], hook["pass_filenames"], hook["always_run"]) == ("cpd check", False, True)
    assert "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" in (folder / ".gitlab-ci.yml").read_text(encoding="utf-8")
    checked = _cpd(folder, "check")
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.splitlines()[-1] == "2 entries read: 0 errors, 0 warnings"
    profile = yaml.safe_load((folder / "entries/profile.md").read_text(encoding="utf-8").split("---")[1])
    assert profile["name"] == 'Dr Sam "Sammy" O\'Neil: <b>'
    assert [r["body"] for r in profile["registrations"]] == ["hcpc", "ipem"]
    # The new portfolio builds strictly, its own page included, the example objective published.
    result = build(folder, "--strict")
    assert result.returncode == 0, result.stderr
    site = folder / "out"
    assert (site / "about" / "index.html").is_file()
    assert "An example objective" in (site / "objectives" / "example-objective" / "index.html").read_text("utf-8")
    # The template's prompt for the summary of practice is a comment: never shown as the summary.
    audit = (site / "audit" / "hcpc" / "index.html").read_text(encoding="utf-8")
    assert "Replace this comment" not in audit


def test_init_without_a_name_or_body_is_valid_too(tmp_path: Path):
    assert _cpd(tmp_path, "init", "p").returncode == 0
    checked = _cpd(tmp_path / "p", "check")
    assert checked.returncode == 0, checked.stdout
    assert "registrations: []" in (tmp_path / "p/entries/profile.md").read_text(encoding="utf-8")


def test_init_never_overwrites_and_writes_nothing_when_one_file_exists(tmp_path: Path):
    folder = tmp_path / "mine"
    write_entry(folder, "README.md", "My own README\n")
    write_entry(folder, "notes.txt", "kept\n")
    result = _cpd(tmp_path, "init", "mine")
    assert result.returncode == 1
    assert result.stderr == (
        "cpd init: these files exist already, so nothing was written:\n  mine/README.md\n"
        "Move them away, or start the portfolio in another folder.\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "notes.txt"]
    assert (folder / "README.md").read_text(encoding="utf-8") == "My own README\n"


def test_init_into_an_existing_folder_of_other_files_keeps_them(tmp_path: Path):
    write_entry(tmp_path / "repo", "notes.txt", "kept\n")
    assert _cpd(tmp_path, "init", "repo").returncode == 0
    assert (tmp_path / "repo" / "notes.txt").read_text(encoding="utf-8") == "kept\n"


def test_init_refuses_a_file_and_an_unknown_body(tmp_path: Path):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    result = _cpd(tmp_path, "init", "a-file")
    assert result.returncode == 2
    assert result.stderr == "cpd init: error: a-file is a file, not a folder: give a folder for the new portfolio\n"
    result = _cpd(tmp_path, "init", "p", "--body", "hcp")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "argument --body: invalid choice: 'hcp'" in result.stderr
    assert not (tmp_path / "p").exists()


def test_init_has_help_with_an_example(tmp_path: Path):
    result = _cpd(tmp_path, "init", "--help")
    assert result.returncode == 0
    assert 'cpd init my-cpd --name "Dr Sam Patel" --body hcpc --body science-council' in result.stdout
