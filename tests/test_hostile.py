"""Hostile inputs through `cpd check`, run as a user runs it, with the exact output stored beside each case.

Each case puts one file (or link, folder, pipe...) into a fresh `entries/` folder and runs
`python -m cpd_cli check entries` in a subprocess. The expected output is in tests/hostile/<case>.expected.
Plain-text inputs are stored as tests/hostile/<case>.md; binary, huge or file-system cases are made here.

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_hostile.py     # rewrite the .expected files, then review them

Cases marked as bugs (strict xfail) keep a hand-written .expected file: the output the checker should
give. They are checked against their own requirement (`must`) and the general rules, never against the
golden file, which UPDATE_GOLDEN does not rewrite for them. Once the bug is fixed, remove the mark and
regenerate.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

HOSTILE = Path(__file__).resolve().parent / "hostile"
SOURCE_DATE_EPOCH = "1795910400"  # 2026-11-29
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

FINDING = re.compile(r"^[^:]+(:\d+){2}: (error|warning): [^:]+: .+")
PARSED = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<field>[^:]+): (?P<msg>.+)$"
)
SUMMARY = re.compile(r"^(\d+) entr(?:y|ies) read: (\d+) errors?, (\d+) warnings?$")

# --- inputs made in code -----------------------------------------------------------------------------

GOOD_TAIL = (
    "outcomes:\n  - Learnt the MR safety zones\napplication: I revised the local rules.\n"
    "benefit: Safer scanning for patients.\n"
)
HEAD = "---\ntitle: Journal club on MR safety\ndate: 2026-03-02\ntype: work-based\n"
BODY = "---\nI presented a paper and we discussed what it means for our scanner.\n"


def entry(extra: str = "", *, head: str = HEAD, tail: str = GOOD_TAIL, body: str = BODY) -> str:
    """A valid, warning-free activity with `extra` lines after `type:` (line 5 onwards)."""
    return head + extra + tail + body


def _block_nest(limit: int) -> bytes:
    """Block mappings nested as deep as fit in `limit` bytes, one space more per level."""
    parts, size, depth = ["---\n"], 4, 0
    while True:
        line = " " * depth + "a:\n"
        if size + len(line) + 20 > limit:
            break
        parts.append(line)
        size += len(line)
        depth += 1
    parts.append(" " * depth + "x\n---\n")
    return "".join(parts).encode()


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
    b"\x00\x00\x00\x19IDATx\x9cc\xfc\xff\xff?\x03%\x80\x89\x81B0j\xc0\xa8\x01\xa3\x06\x0c\x0b\x03\x00\xd2"
    b"\x05\x1f\xe1\x00\x00\x00\x00IEND\xaeB`\x82"
)

GENERATED: dict[str, Callable[[], bytes]] = {
    "latin-1": lambda: entry().replace("Journal club", "Réunion du café").encode("latin-1"),
    "utf-16-le-bom": lambda: b"\xff\xfe" + entry().encode("utf-16-le"),
    "utf-16-no-bom": lambda: entry().encode("utf-16-le"),
    "stray-ff": lambda: entry("method: Journal \xff club\n").encode("utf-8").replace(b"\xc3\xbf", b"\xff"),
    "stray-ff-after-non-ascii": lambda: (
        entry("method: Séance \xff club\n").encode("utf-8").replace(b"\xc3\xbf", b"\xff")
    ),
    "utf-8-bom": lambda: b"\xef\xbb\xbf" + entry().encode(),
    "crlf": lambda: entry().replace("\n", "\r\n").encode(),
    "lone-cr": lambda: entry("hours: -1\n").replace("\n", "\r").encode(),
    "empty": lambda: b"",
    "png-bytes": lambda: PNG,
    "huge-10mb": lambda: (HEAD + GOOD_TAIL + "---\n").encode() + (b"x" * 99 + b"\n") * 100_000,
    "title-100k": lambda: entry(
        head="---\ntitle: " + "word " * 20_000 + "end\ndate: 2026-03-02\ntype: work-based\n"
    ).encode(),
    "flow-deep-10000": lambda: b"---\n" + b"[" * 10_000 + b"]" * 10_000 + b"\n---\n",
    "flow-deep-in-field": lambda: entry("competences: " + "[" * 10_000 + "]" * 10_000 + "\n").encode(),
    "block-deep-1mb": lambda: _block_nest(1_000_000),
    "block-deep-under-limit": lambda: _block_nest(190_000),
    "block-deep-sequence": lambda: b"---\n" + b"- " * 99_000 + b"x\n---\n",
    "control-chars-raw": lambda: entry(
        head="---\ntitle: Bell \x07 and escape \x1b[31m\ndate: 2026-03-02\ntype: work-based\n"
    ).encode(),
    "unicode-line-separator": lambda: entry(
        head="---\ntitle: Reading\u2028notes\ndate: 2026-03-02\ntype: work-based\n"
    ).encode(),
    "explicit-int-tag": lambda: entry("hours: !!int abc\n").encode(),
    "explicit-float-tag": lambda: entry("hours: !!float abc\n").encode(),
    "explicit-bool-tag": lambda: entry("highlight: !!bool maybe\n").encode(),
}

# --- inputs that are links, folders, pipes ------------------------------------------------------------


def _warned_entry() -> str:
    """A valid activity with exactly one warning (no benefit), so that its path is printed."""
    return entry(tail=GOOD_TAIL.replace("benefit: Safer scanning for patients.\n", ""))


def setup_symlink_outside(entries: Path, outside: Path) -> None:
    target = outside / "valid-outside.md"
    target.write_text(entry(), encoding="utf-8")
    (entries / "symlink-outside.md").symlink_to(target)


def setup_symlink_etc_hostname(entries: Path, outside: Path) -> None:
    # Refused before it is read, so the output does not depend on the machine (nor on the file existing).
    (entries / "symlink-etc-hostname.md").symlink_to("/etc/hostname")


def setup_symlink_dev_zero(entries: Path, outside: Path) -> None:
    # Read, it would never end: it must be refused as a link leading out of entries/.
    (entries / "symlink-dev-zero.md").symlink_to("/dev/zero")


def setup_symlink_dir_loop(entries: Path, outside: Path) -> None:
    folder = entries / "symlink-dir-loop"
    folder.mkdir()
    (folder / "inside.md").write_text(_warned_entry(), encoding="utf-8")
    (folder / "loop").symlink_to("..", target_is_directory=True)
    (folder / "self").symlink_to(".", target_is_directory=True)


def setup_symlink_file_loop(entries: Path, outside: Path) -> None:
    (entries / "symlink-file-loop.md").symlink_to("symlink-file-loop.md")


def setup_dangling_symlink(entries: Path, outside: Path) -> None:
    (entries / "dangling-symlink.md").symlink_to("no-such-entry.md")


def setup_evidence_directory(entries: Path, outside: Path) -> None:
    (entries / "evidence-directory-folder").mkdir()
    (entries / "evidence-directory.md").write_text(
        entry("evidence:\n  - evidence-directory-folder\n"), encoding="utf-8"
    )


def setup_evidence_symlink_loop(entries: Path, outside: Path) -> None:
    (entries / "evidence-loop").symlink_to("evidence-loop")
    (entries / "evidence-symlink-loop.md").write_text(
        entry("evidence:\n  - evidence-loop/certificate.pdf\n"), encoding="utf-8"
    )


def setup_unreadable(entries: Path, outside: Path) -> None:
    path = entries / "unreadable.md"
    path.write_text(entry(), encoding="utf-8")
    path.chmod(0)


def setup_directory_named_md(entries: Path, outside: Path) -> None:
    folder = entries / "directory-named.md"
    folder.mkdir()
    (folder / "inner.md").write_text(_warned_entry(), encoding="utf-8")


def setup_non_ascii_name(entries: Path, outside: Path) -> None:
    (entries / "Réunion clinique 2026.md").write_text(_warned_entry(), encoding="utf-8")


def setup_fifo(entries: Path, outside: Path) -> None:
    os.mkfifo(entries / "fifo.md")


# --- the cases ---------------------------------------------------------------------------------------


@dataclass
class Result:
    code: int
    lines: list[str]
    stderr: str
    seconds: float


def _line_at(line: int, column: int | None = None, severity: str = "error") -> Callable[[Result], bool]:
    where = f":{line}:{column}: " if column else f":{line}:"
    return lambda r: any(where in x and f": {severity}: " in x for x in r.lines[:-1])


@dataclass
class Case:
    name: str
    bug: str | None = None  # why it is a strict xfail
    must: Callable[[Result], bool] | None = None  # the requirement a bug case is held to
    seconds: float = 10.0  # the run must finish within this (a subprocess, interpreter start included)
    timeout: float = 60.0

    @property
    def expected_path(self) -> Path:
        return HOSTILE / f"{self.name}.expected"

    @property
    def stored(self) -> Path:
        return HOSTILE / f"{self.name}.md"

    def setup(self) -> Callable[[Path, Path], None] | None:
        return SETUPS.get(self.name)

    def make(self, entries: Path, outside: Path) -> None:
        setup = self.setup()
        if setup is not None:
            setup(entries, outside)
        elif self.name in GENERATED:
            (entries / f"{self.name}.md").write_bytes(GENERATED[self.name]())
        else:
            (entries / f"{self.name}.md").write_bytes(self.stored.read_bytes())

    def expected(self) -> list[str]:
        return self.expected_path.read_text(encoding="utf-8").rstrip("\n").split("\n")


SETUPS: dict[str, Callable[[Path, Path], None]] = {
    "symlink-outside": setup_symlink_outside,
    "symlink-etc-hostname": setup_symlink_etc_hostname,
    "symlink-dev-zero": setup_symlink_dev_zero,
    "symlink-dir-loop": setup_symlink_dir_loop,
    "symlink-file-loop": setup_symlink_file_loop,
    "dangling-symlink": setup_dangling_symlink,
    "evidence-directory": setup_evidence_directory,
    "evidence-symlink-loop": setup_evidence_symlink_loop,
    "unreadable": setup_unreadable,
    "directory-named-md": setup_directory_named_md,
    "non-ascii-name": setup_non_ascii_name,
    "fifo": setup_fifo,
}

BUGS: dict[str, Case] = {c.name: c for c in []}


TIMED = {
    "alias-bomb": 5.0,
    "huge-10mb": 5.0,
    "flow-deep-10000": 5.0,
    "block-deep-1mb": 5.0,
    "block-deep-under-limit": 5.0,
    "block-deep-sequence": 5.0,
    "symlink-dir-loop": 5.0,
}


def _all_cases() -> list[Case]:
    names = {p.stem for p in HOSTILE.glob("*.md")} | set(GENERATED) | set(SETUPS)
    cases = []
    for name in sorted(names):
        case = BUGS.get(name) or Case(name)
        case.seconds = TIMED.get(name, case.seconds)
        cases.append(case)
    return cases


CASES = _all_cases()


def _params(cases: list[Case]) -> list:
    return [
        pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=c.bug)] if c.bug else []) for c in cases
    ]


# --- running -----------------------------------------------------------------------------------------


def run_check(project: Path, timeout: float = 60.0) -> Result:
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    env.pop("PYTHONWARNINGS", None)
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "cpd_cli", "check", "entries"],
        cwd=project,
        env=env,
        capture_output=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    seconds = time.monotonic() - start
    stdout = proc.stdout.decode("utf-8")  # strict: the output must be UTF-8
    # Split on \n only: str.splitlines would also split on \x1c, \x85, \u2028... hiding a broken line.
    lines = stdout[:-1].split("\n") if stdout.endswith("\n") else stdout.split("\n")
    return Result(proc.returncode, lines, proc.stderr.decode("utf-8", "replace"), seconds)


def project_with(tmp_path: Path, cases: list[Case]) -> Path:
    project = tmp_path / "project"
    entries = project / "entries"
    outside = tmp_path / "outside"
    entries.mkdir(parents=True)
    outside.mkdir()
    for case in cases:
        case.make(entries, outside)
    return project


def unreadable_as_root(tmp_path: Path) -> bool:
    """chmod 000 means nothing to root: detect it rather than assume."""
    probe = tmp_path / "probe"
    probe.write_text("x")
    probe.chmod(0)
    try:
        probe.read_bytes()
        return True
    except PermissionError:
        return False
    finally:
        probe.chmod(0o600)


def check_general(result: Result) -> tuple[int, int, int]:
    """What every run must satisfy; returns (entries read, errors, warnings) from the summary line."""
    assert "Traceback" not in result.stderr and all("Traceback" not in x for x in result.lines), result.stderr
    assert result.stderr == ""
    assert result.lines and result.lines[-1], "no summary line"
    summary = SUMMARY.match(result.lines[-1])
    assert summary, f"the last line is not the summary: {result.lines[-1]!r}"
    for line in result.lines[:-1]:
        assert FINDING.match(line), f"not a finding line: {line!r}"
        assert not SUMMARY.match(line)
    read, errors, warnings = map(int, summary.groups())
    assert errors == sum(": error: " in x for x in result.lines[:-1])
    assert warnings == sum(": warning: " in x for x in result.lines[:-1])
    assert result.code == (1 if errors else 0)
    return read, errors, warnings


# --- one case at a time ------------------------------------------------------------------------------


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 45
    for case in CASES:
        assert case.expected_path.is_file() or UPDATE, f"{case.name}: no {case.expected_path.name}"
    stored = {p.stem for p in HOSTILE.glob("*.md")}
    assert not stored & set(GENERATED), "a case is both stored and generated"


@pytest.mark.parametrize("case", _params(CASES))
def test_hostile_case(case: Case, tmp_path: Path):
    if case.name == "unreadable" and unreadable_as_root(tmp_path):
        pytest.skip("running as root: chmod 000 does not stop root from reading the file")
    project = project_with(tmp_path, [case])
    result = run_check(project, timeout=case.timeout)
    if UPDATE and not case.bug:
        case.expected_path.write_text("\n".join(result.lines) + "\n", encoding="utf-8")
    check_general(result)
    assert result.seconds < case.seconds, f"took {result.seconds:.1f} s"
    if case.bug:
        # The .expected file of a bug case is the proposed output: hold the run to the requirement only.
        assert case.must is None or case.must(result), "\n".join(result.lines)
    else:
        expected = case.expected()
        assert result.code == (1 if any(": error: " in x for x in expected[:-1]) else 0)
        assert result.lines == expected


# --- requirements some cases are held to beyond their golden output ----------------------------------


def test_the_alias_bomb_is_cheap_in_process():
    from cpd_portfolio.core.reading import read_entry

    raw = (HOSTILE / "alias-bomb.md").read_bytes()
    start = time.monotonic()
    result = read_entry(raw, "entries/alias-bomb.md", "alias-bomb.md")
    assert time.monotonic() - start < 0.5
    assert not isinstance(result, list)
    assert any("aliases" in f.message for f in result.findings)


@pytest.mark.parametrize("name", ["block-deep-sequence", "block-deep-under-limit"])
def test_deep_block_nesting_without_libyaml(name: str, monkeypatch):
    import yaml
    from cpd_portfolio.core import reading

    monkeypatch.setattr(reading, "_Loader", yaml.SafeLoader)
    result = reading.read_entry(GENERATED[name](), f"entries/{name}.md", f"{name}.md")
    findings = result if isinstance(result, list) else result.findings
    assert any("nested" in f.message for f in findings)


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("python-object-apply", "!!python/object/apply:os.system is not allowed"),
        ("python-object-apply-in-list", ":5:11: error: outcomes: YAML tag !!python/object/apply:os.system"),
        ("scalar-alias", ":5:9: error: method: YAML aliases"),
        ("hours-sexagesimal", "'1:30' is not a number"),
        ("huge-10mb", "over 5 MB"),
        ("utf-16-le-bom", "UTF-16"),
        ("stray-ff", ":5:17: "),
        ("latin-1", ":2:9: "),
        ("lone-cr", ":5:8: "),
        ("non-ascii-name", "entries/Réunion clinique 2026.md:"),
        ("symlink-outside", "outside the entries folder"),
        ("evidence-windows", "absolute path"),
        ("date-feb29-not-leap", "not a real date"),
        ("directory-named-md", "entries/directory-named.md/inner.md:"),
    ],
)
def test_expected_files_say_what_matters(name: str, needle: str):
    """The golden files were reviewed by hand; these guard the point of each case against a careless update."""
    assert needle in (HOSTILE / f"{name}.expected").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name", ["valid-reference", "utf-8-bom", "crlf", "date-feb29-leap", "title-100k", "control-chars-escaped"]
)
def test_valid_cases_are_valid(name: str):
    assert (HOSTILE / f"{name}.expected").read_text(encoding="utf-8") == "1 entry read: 0 errors, 0 warnings\n"


# --- all of them at once -----------------------------------------------------------------------------


def _sort_key(line: str) -> tuple[str, int, int, str]:
    m = PARSED.match(line)
    assert m, line
    return (m["path"], int(m["line"]), int(m["col"]), m["msg"])


def _together(tmp_path: Path, cases: list[Case], timeout: float = 120) -> tuple[Result, list[Case]]:
    if unreadable_as_root(tmp_path):
        cases = [c for c in cases if c.name != "unreadable"]
    project = project_with(tmp_path, cases)
    return run_check(project, timeout=timeout), cases


def test_all_hostile_files_in_one_pass(tmp_path: Path):
    """Every sound case in one folder: each file is reported, exactly as alone, in one sorted listing."""
    result, cases = _together(tmp_path, [c for c in CASES if not c.bug])
    read, errors, warnings = check_general(result)
    expected_findings = [x for c in cases for x in c.expected()[:-1]]
    expected_read = sum(int(SUMMARY.match(c.expected()[-1]).group(1)) for c in cases)
    assert read == expected_read
    assert sorted(result.lines[:-1]) == sorted(expected_findings)
    assert result.lines[:-1] == sorted(result.lines[:-1], key=_sort_key)
    assert errors == sum(": error: " in x for x in expected_findings)
    assert warnings == len(expected_findings) - errors
    for case in cases:
        mine = case.expected()[:-1]
        paths = {PARSED.match(x)["path"] for x in mine}  # a case's file, and any link it made beside it
        assert [x for x in result.lines[:-1] if PARSED.match(x)["path"] in paths] == mine, case.name


def test_all_hostile_files_including_the_bugs_in_one_pass(tmp_path: Path):
    result, cases = _together(tmp_path, CASES, timeout=30)
    read, _, _ = check_general(result)
    assert read == sum(int(SUMMARY.match(c.expected()[-1]).group(1)) for c in cases)
    for case in cases:
        mine = case.expected()[:-1]
        if case.bug:
            if mine:
                path = PARSED.match(mine[0])["path"]
                assert any(x.startswith(path + ":") for x in result.lines[:-1]), case.name
        else:
            assert all(x in result.lines for x in mine), case.name


# --- file names that would not print as themselves ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("new\nline.md", r'"entries/new\nline.md"'),
        ("carriage\rreturn.md", r'"entries/carriage\rreturn.md"'),
        ("bell\x07 and escape \x1b[31m.md", r'"entries/bell\u0007 and escape \u001b[31m.md"'),
        ("line\u2028separator.md", r'"entries/line\u2028separator.md"'),
        ("right-to-left \u202eoverride.md", r'"entries/right-to-left \u202eoverride.md"'),
        ('"quoted"\n.md', r'"entries/\"quoted\"\n.md"'),
        (b"latin-1 caf\xe9.md", r'"entries/latin-1 caf\udce9.md"'),  # not UTF-8: shown as Python names it
    ],
)
def test_a_file_name_that_would_not_print_is_quoted(tmp_path: Path, name: str | bytes, shown: str):
    """Each finding stays on one line of `cpd check` output, its path quoted with JSON-style escapes; the JSON
    output keeps the real path."""
    project = tmp_path / "project"
    entries = project / "entries"
    entries.mkdir(parents=True)
    real = os.fsdecode(name)
    try:
        (entries / real).write_text(_warned_entry(), encoding="utf-8")
    except (OSError, ValueError, UnicodeEncodeError):
        pytest.skip("this file system cannot name such a file")
    result = run_check(project)
    read, errors, warnings = check_general(result)
    assert (read, errors, warnings) == (1, 0, 1)
    assert result.lines[0].startswith(shown + ":"), result.lines
    assert PARSED.match(result.lines[0])["field"] == "benefit"
    proc = subprocess.run(
        [sys.executable, "-m", "cpd_cli", "check", "entries", "--format", "json"],
        cwd=project,
        env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )
    data = json.loads(proc.stdout.decode("utf-8"))
    assert [f["path"] for f in data["findings"]] == [f"entries/{real}"]


def test_a_shown_path_is_quoted_only_when_it_must_be():
    from cpd_portfolio.core.findings import shown_path

    for plain in ["entries/a.md", "entries/Réunion clinique 2026.md", 'entries/"quoted".md', "entries/日本\u3000語.md"]:
        assert shown_path(plain) == plain
    assert shown_path('"x".md') == r'"\"x\".md"'  # a path shown starting with a quote is always a quoted one
    # once quoted, a backslash is escaped too; a printable emoji is kept, a format character (language tag) is not
    assert shown_path("a\\b\n\U0001f600\U000e0001") == '"a\\\\b\\n\U0001f600\\udb40\\udc01"'
    for name in ["tab\there\x7f\x85", "a\\b\n\U000e0001", "\udce9"]:
        assert json.loads(shown_path(name)) == name


def test_a_path_in_a_message_is_quoted_as_well():
    from cpd_portfolio.core.checking import Links, check_portfolio_links

    first = Links("entries/new\nline.md", "objective", ("mr-safety", 3, 5))
    second = Links("entries/b.md", "objective", ("mr-safety", 3, 5))
    profiles = [Links("entries/me\n.md", "profile", kind_at=(2, 7)), Links("entries/me.md", "profile", kind_at=(2, 7))]
    messages = [f.message for f in check_portfolio_links([first, second, *profiles])]
    assert messages == [
        "objective id 'mr-safety' is already used by \"entries/new\\nline.md\": give each objective its own id",
        'a second profile (the first is "entries/me\\n.md"): keep one profile and merge the two',
    ]
