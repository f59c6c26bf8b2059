"""Nothing is lost: no command changes, adds or removes anything in the portfolio, and `cpd new` never overwrites.

Every file and folder under a copy of the sample entries/ is recorded (name, kind, mode, sha256 of the
bytes, link target, modification time) before and after each command a user runs, as a user runs it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cpd_portfolio.core.newentry import render_new_entry

REPO = Path(__file__).resolve().parents[1]
SOURCE_DATE_EPOCH = "1795910400"  # 2026-11-29


def env() -> dict[str, str]:
    e = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    e.pop("PYTHONWARNINGS", None)
    return e


def run(args: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        args,
        cwd=cwd,
        env=env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def cpd(*args: str) -> list[str]:
    return [sys.executable, "-m", "cpd_cli", *args]


Record = tuple[str, int, str | None]  # kind, mode, sha256 or link target


def snapshot(root: Path) -> tuple[dict[str, Record], dict[str, int]]:
    """Every entry under root (root included): (kind, mode, content hash) and, apart, the mtimes."""
    records: dict[str, Record] = {}
    mtimes: dict[str, int] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in [*dirs, *files, *([] if Path(folder) != root else ["."])]:
            path = Path(folder, name) if name != "." else root
            rel = path.relative_to(root).as_posix()
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                records[rel] = ("link", st.st_mode, os.readlink(path))
            elif stat.S_ISDIR(st.st_mode):
                records[rel] = ("dir", st.st_mode, None)
            else:
                records[rel] = ("file", st.st_mode, hashlib.sha256(path.read_bytes()).hexdigest())
            if not stat.S_ISDIR(st.st_mode):  # a folder's mtime changes when a file is added: see the records
                mtimes[rel] = st.st_mtime_ns
    return records, mtimes


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the sample portfolio, its own pages and its mkdocs.yml, as a user's checkout."""
    shutil.copytree(REPO / "entries", tmp_path / "entries", symlinks=True)
    shutil.copytree(REPO / "pages", tmp_path / "pages")
    shutil.copy2(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def test_the_snapshot_sees_everything(project: Path):
    records, _ = snapshot(project / "entries")
    files = [r for r, v in records.items() if v[0] == "file"]
    assert len(files) >= 40, "the sample portfolio is there"
    assert any(r.startswith("evidence/") for r in files)
    (project / "entries" / "2025" / "x.md").write_bytes(b"changed")
    assert snapshot(project / "entries")[0] != records


READ_ONLY = {
    "cpd check": (cpd("check"), 0),
    "cpd check --format json": (cpd("check", "--format", "json"), 0),
    "cpd summary": (cpd("summary"), 0),
    "cpd gaps": (cpd("gaps"), 0),
    "mkdocs build": ([sys.executable, "-m", "mkdocs", "build", "-d", "out"], 0),
}


@pytest.mark.parametrize("name", list(READ_ONLY))
def test_a_command_changes_nothing_in_entries(project: Path, name: str):
    args, code = READ_ONLY[name]
    before, mtimes_before = snapshot(project / "entries")
    result = run(args, project)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == code, result.stderr[-2000:]
    assert result.stdout.strip() or name == "mkdocs build"
    after, mtimes_after = snapshot(project / "entries")
    assert after == before
    assert mtimes_after == mtimes_before, "a file was rewritten (same bytes, new modification time)"
    if name == "mkdocs build":
        assert (project / "out" / "index.html").is_file()


def test_cpd_new_adds_one_file_and_changes_nothing_else(project: Path):
    before, mtimes_before = snapshot(project / "entries")
    result = run(cpd("new", "activity", "Nothing lost check", "--date", "2026-11-01"), project)
    assert (result.returncode, result.stderr) == (0, "")
    new = "2026/2026-11-01-nothing-lost-check.md"
    assert result.stdout.strip() == f"entries/{new}"
    after, mtimes_after = snapshot(project / "entries")
    assert set(after) - set(before) == {new}
    assert after[new][0] == "file"
    # The year folder gains an entry, so its own mtime moves; it is not in `mtimes`. Its mode stays.
    assert {k: v for k, v in after.items() if k != new} == before
    assert {k: v for k, v in mtimes_after.items() if k != new} == mtimes_before
    expected = render_new_entry("activity", "Nothing lost check", dt.date(2026, 11, 1))
    assert (project / "entries" / new).read_text(encoding="utf-8") == expected
    # And a second run with the same title and date refuses, changing nothing.
    again = run(cpd("new", "activity", "Nothing lost check", "--date", "2026-11-01"), project)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert snapshot(project / "entries") == (after, mtimes_after)


def test_cpd_new_is_an_exclusive_create_under_a_race(tmp_path: Path):
    """Two `cpd new` with the same title and date at once: one writes a complete entry, the other refuses."""
    template = render_new_entry("activity", "Same title", dt.date(2026, 1, 1))
    args = cpd("new", "activity", "Same title", "--date", "2026-01-01")
    for attempt in range(10):
        folder = tmp_path / f"attempt-{attempt}"
        folder.mkdir()  # no entries/ yet: both runs also race to make entries/2026/
        procs = [
            subprocess.Popen(
                args,
                cwd=folder,
                env=env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
            )
            for _ in range(2)
        ]
        outputs = [p.communicate(timeout=60) for p in procs]
        codes = sorted(p.returncode for p in procs)
        assert codes == [0, 1], (attempt, codes, outputs)
        for out, err in outputs:
            assert "Traceback" not in out + err
        winner = next(o for p, o in zip(procs, outputs, strict=True) if p.returncode == 0)
        loser = next(o for p, o in zip(procs, outputs, strict=True) if p.returncode == 1)
        assert winner[0].strip() == "entries/2026/2026-01-01-same-title.md"
        assert "already exists" in loser[1] and loser[0] == ""
        files = [p for p in (folder / "entries").rglob("*") if p.is_file()]
        assert files == [folder / "entries" / "2026" / "2026-01-01-same-title.md"]
        assert files[0].read_text(encoding="utf-8") == template
