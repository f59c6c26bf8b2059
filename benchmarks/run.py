"""Time the project's commands against their floors, as named scenarios, and print a table.

    python benchmarks/run.py [--sizes 100,1000,5000] [--runs N] [--only check,gaps,site,unknown-fields] [--seed 1]
        [--out DIR]

For each size, a synthetic portfolio is generated once (benchmarks/portfolio_gen.py) and cached under
benchmarks/out/ (git-ignored; the cache key includes a hash of the generator). Then, for each scenario, the
subject command and its baseline run in pairs, ABBA ABBA... (the order flips every pair), each as a child
process with its output sent to /dev/null. One untimed warm-up run of each comes first (at a scenario's first
size; at the others, reading the input files warms the file cache). The table gives the median wall time of
each; the ratio, judged against the scenario's target, pairs each subject run with the
baseline run beside it, so that a slow minute on a shared machine slows both sides, and balances the order
within each block of two pairs (see paired_ratio); then the CPU-time ratio (user + system, estimated the same
way; shown, not judged) and each child's peak resident memory (ru_maxrss from os.wait4). A scenario may also
judge the ratio of peak memory, and how its subject's time grows from one size to another. Every judged figure
is printed with its target and whether it is met; the exit code is 1 when one is not. The total elapsed time
comes last.

Adding a comparison is adding a Scenario to SCENARIOS: a name, a target ratio, and two functions that turn
a Workspace (the generated portfolio: project folder, entries folder) into a command line. A scenario can
also prepare the workspace (e.g. write mkdocs.yml), choose its number of runs by size, and say when it is
unavailable (e.g. the command does not exist yet).

The scenarios:

- check: `cpd check` against check_floor.py, the least work any checker of the schema must do.
- gaps: `cpd gaps` (read, check, analyse) against `cpd check` (read, check) of the same entries.
- site: `mkdocs build` of the portfolio with the plugin against a plain Material build of the same Markdown
  files as ordinary pages, with a small nav (see write_site_configs).
- serve: in one `mkdocs serve --dirty` session (benchmarks/serve_run.py), the seconds from one activity's
  reflection edited to the site rebuilt, against the full build the session starts with; both timed inside the
  session (self_timed), judged as a ratio (at most a quarter) and in seconds (under one). serve-plain: the same
  edit in a plain `mkdocs serve`, which builds every page again (shown against the same full build).
- import: `cpd import` of the portfolio's `cpd export` CSV into an empty folder (benchmarks/import_run.py) against
  `cpd check` of the entries it writes: import reads the table, writes every entry and checks them.
- department: `mkdocs build` of a department (--members members, 300 activities each; benchmarks/department_gen.py)
  with what each member shares read from the cache of the last build, against a plain Material build of the same
  pages as ordinary Markdown files. department-cold: the same with nothing cached, every member read and checked,
  in two processes against one. Both run once, at the first size; `--members 1000` for a national body's scale.
- unknown-fields: `cpd check` of one entry with 33,000 unknown fields against `cpd check` of one with 1,000 (see
  write_unknown_fields): every field is reported, and the time must grow no faster than the fields (a ratio of
  at most 33) and stay under a second. Its inputs are its own, so it runs once, at the first size.

Site builds and check run in six pairs at each size, gaps in ten, unknown-fields in six once: the whole benchmark
takes about eight minutes on two cores.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = sys.executable
CPD = [PY, "-m", "cpd_cli"]
SOURCE_DATE_EPOCH = "1795910400"  # 2026-11-29 00:00 UTC: the date checks are made at

sys.path.insert(0, str(HERE))
from department_gen import write_department, write_plain_pages  # noqa: E402
from portfolio_gen import generate  # noqa: E402


@dataclass(frozen=True)
class Workspace:
    """A generated portfolio: `project` holds `entries/` (and whatever a scenario's prepare step adds)."""

    project: Path
    entries: Path
    size: int
    files: int


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    target: float  # the subject may take at most target x the baseline's median time
    subject: Callable[[Workspace], list[str]]
    baseline: Callable[[Workspace], list[str]]
    subject_label: str = "subject"
    baseline_label: str = "baseline"
    ok_codes: tuple[int, ...] = (0, 1)  # exit codes that mean "ran to the end" (1: findings)
    cwd: Callable[[Workspace], Path] = lambda ws: ws.project
    inputs: Callable[[Workspace], list[Path]] = lambda ws: [ws.entries]  # the folders the commands read
    prepare: Callable[[Workspace], None] | None = None
    available: Callable[[], str | None] = lambda: None  # a reason to skip, or None
    runs: Callable[[int], int] = lambda size: 6  # timed runs of each command at a size, unless --runs says
    memory_target: float | None = None  # the subject's peak memory may be at most this x the baseline's
    growth: tuple[int, int, float] | None = None  # (from size, to size, the most the subject's time may grow)
    judged_from: int = 0  # smaller portfolios are shown, not judged: fixed costs (imports) dominate them
    seconds_target: float | None = None  # the subject's median wall time may be at most this
    # (activities, files) of a scenario whose inputs are its own (made by prepare), not the generated portfolio:
    # it runs once, at the first size
    fixed_input: tuple[int, int] | None = None
    # The commands time themselves (their seconds written to the file named by CPD_BENCH_SECONDS): a scenario that
    # times one step of a session, e.g. a rebuild after an edit, not the child's start-up and imports
    self_timed: bool = False


# The site scenario: on both sides the theme and Markdown extensions of the repository's mkdocs.yml (Material,
# no web fonts, its features; its colour palette left out).
SITE_COMMON = """theme:
  name: material
  font: false
  features: [navigation.tabs, search.highlight]
markdown_extensions: [attr_list, admonition, tables]
"""
PLAIN_NAV_ENTRIES = 5  # with its home and tags pages, the plain nav has seven items, as the plugin's has


def write_site_configs(ws: Workspace) -> None:
    """mkdocs.yml builds the portfolio with the plugin; plain.yml builds the floor from plain-docs/.

    The floor is what Material must do anyway to publish these Markdown files as pages: every entry's .md file,
    copied as it is, with a home page, a tags page and a nav of a handful of entries (Material renders the nav
    into every page, so a nav that grew with the entries would make the floor quadratic). The front matter is
    kept as ordinary page meta rather than stripped: the plugin's pages have front matter too (title, tags), so
    both builds parse YAML for every page, take each page's title from it, and give Material's tags plugin the
    same tags to index and list. Stripping it would let the floor skip work any portfolio site must do.
    """
    (ws.project / "docs").mkdir(exist_ok=True)  # the user's own pages: none here
    (ws.project / "mkdocs.yml").write_text(
        "site_name: CPD portfolio\ndocs_dir: docs\n" + SITE_COMMON + "plugins:\n  - search\n  - tags\n  - cpd\n",
        encoding="utf-8",
    )
    docs = ws.project / "plain-docs"
    if docs.exists():
        shutil.rmtree(docs)
    pages = sorted(p.relative_to(ws.entries).as_posix() for p in ws.entries.rglob("*.md"))
    for rel in pages:
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ws.entries / rel, target)
    (docs / "index.md").write_text("# CPD portfolio\n\nThe entries as plain pages.\n", encoding="utf-8")
    (docs / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")
    activities = [rel for rel in pages if rel[:4].isdigit()]
    nav = ["index.md", *activities[-PLAIN_NAV_ENTRIES:], "tags.md"]
    (ws.project / "plain.yml").write_text(
        "site_name: CPD portfolio\ndocs_dir: plain-docs\n"
        + SITE_COMMON
        + "plugins:\n  - search\n  - tags\nnav:\n"
        + "".join(f"  - {rel}\n" for rel in nav),
        encoding="utf-8",
    )


# Pairs of runs come in blocks of two (see paired_ratio), so their counts are even. gaps takes about a second at
# 5,000 activities: ten pairs cost half a minute and steady the median (five pairs once gave 1.30 where eight gave
# 1.13). check, at 0.4 of its target, needs less. One site build at 5,000 takes half a minute, and one pair of them
# can be a fifth off: three blocks, as at the other sizes.
GAPS_RUNS = 10
CHECK_RUNS = 6


UNKNOWN_FIELDS = 33_000  # in one entry, against...
UNKNOWN_FIELDS_BASELINE = 1_000  # ... in another: a time growing with the fields gives a ratio of 33 at most
UNKNOWN_FIELDS_SECONDS = 1.0


def unknown_fields_keys(count: int) -> list[str]:
    """`count` field names of three characters (a letter, then two letters or digits), none the checker knows and
    none YAML reads as other than text: short enough for 33,000 `name:` lines to stay under the front matter's
    limit of 200,000 characters (`k12345: 1` lines would take 330,000)."""
    first, rest = "abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyz0123456789"
    names = (a + b + c for a in first for b in rest for c in rest)
    keys = [name for name in names if name not in ("yes", "off", "end")]  # booleans in YAML 1.1; a known field
    if count > len(keys):
        raise ValueError(f"at most {len(keys)} unknown fields")
    return keys[:count]


def unknown_fields_entries(ws: Workspace, count: int) -> Path:
    return ws.project / f"unknown-fields-{count}" / "entries"


def write_unknown_fields(ws: Workspace) -> None:
    """Two portfolios of one activity each, valid but for UNKNOWN_FIELDS (or UNKNOWN_FIELDS_BASELINE) unknown
    fields, every one an error with its own line."""
    for count in (UNKNOWN_FIELDS, UNKNOWN_FIELDS_BASELINE):
        entries = unknown_fields_entries(ws, count)
        entries.mkdir(parents=True, exist_ok=True)
        text = (
            "---\ntitle: An activity with many unknown fields\ndate: 2026-03-02\ntype: work-based\n"
            + "".join(f"{key}:\n" for key in unknown_fields_keys(count))
            + "---\nWhat I did.\n"
        )
        (entries / "many-fields.md").write_text(text, encoding="utf-8")


def write_import_input(ws: Workspace) -> None:
    """import.csv: the portfolio as `cpd export` writes it; imported/: one import of it, what the baseline checks."""
    shutil.rmtree(ws.project / "import-trash", ignore_errors=True)
    shutil.rmtree(ws.project / "imported", ignore_errors=True)
    csv_path = ws.project / "import.csv"
    if not csv_path.exists():
        subprocess.run(
            [
                *CPD,
                "export",
                "--format",
                "csv",
                "--include-private",
                "--entries",
                str(ws.entries),
                "--out",
                str(csv_path),
            ],
            check=True,
            capture_output=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
        )
    subprocess.run(
        [PY, str(HERE / "import_run.py"), str(csv_path), str(ws.project / "imported")],
        capture_output=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
    )


DEPARTMENT_ACTIVITIES = 300  # each member's activities
DEPARTMENT_MEMBERS = [100]  # set by --members


def department_dir(ws: Workspace) -> Path:
    return ws.project.parent / f"department-{DEPARTMENT_MEMBERS[0]}x{DEPARTMENT_ACTIVITIES}"


def write_department_inputs(ws: Workspace) -> None:
    """The department of --members members (generated once, kept), the same pages for a plain build, and a config
    for each number of processes."""
    out = department_dir(ws)
    done = out / ".complete"
    if not done.exists():
        print(f"generating a department of {DEPARTMENT_MEMBERS[0]} members into {out} ...", file=sys.stderr, flush=True)
        write_department(out, DEPARTMENT_MEMBERS[0], DEPARTMENT_ACTIVITIES)
        done.write_text("ok\n")
    write_plain_pages(out)  # reads every member: the cache a warm build reads is filled
    config = (out / "mkdocs.yml").read_text(encoding="utf-8")
    for workers in (1, 2):
        (out / f"workers{workers}.yml").write_text(config.replace("workers: 0", f"workers: {workers}"))


def department_cold(ws: Workspace, workers: int) -> list[str]:
    return [PY, str(HERE / "department_gen.py"), str(department_dir(ws)), "--cold-build", f"workers{workers}.yml"]


# The figure: a rebuild in under a second where the full build took 3.7 s. As a ratio, so that it means the
# same on a slower machine: a rebuild at most a quarter of the full build.
SERVE_TARGET = 0.25


def serve_run(mode: str, ws: Workspace) -> list[str]:
    return [PY, str(HERE / "serve_run.py"), mode, str(ws.project)]


def serve_scenario(
    name: str,
    mode: str,
    description: str,
    label: str,
    *,
    target: float,
    runs: int,
    seconds_target: float | None = None,
) -> Scenario:
    """A rebuild after an edit in a serve session of `mode` (serve_run.py), against the full build it starts with."""
    return Scenario(
        name=name,
        description=description,
        target=target,
        subject=lambda ws: serve_run(mode, ws),
        baseline=lambda ws: serve_run("full", ws),
        subject_label=label,
        baseline_label="full build",
        ok_codes=(0,),
        prepare=write_site_configs,
        inputs=lambda ws: [ws.entries],
        runs=lambda size: runs,
        seconds_target=seconds_target,
        judged_from=1000,
        self_timed=True,
    )


def mkdocs_build(config: str, site_dir: str) -> list[str]:
    return [PY, "-m", "mkdocs", "build", "-q", "-f", config, "-d", site_dir]


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in [
        Scenario(
            name="check",
            description="cpd check DIR --format json vs check_floor.py DIR (split, C YAML loader, one validator)",
            target=1.5,
            subject=lambda ws: [*CPD, "check", str(ws.entries), "--format", "json"],
            baseline=lambda ws: [PY, str(HERE / "check_floor.py"), str(ws.entries)],
            subject_label="cpd check",
            baseline_label="floor",
            runs=lambda size: CHECK_RUNS,
        ),
        Scenario(
            name="gaps",
            description="cpd gaps --format json vs cpd check --format json (the same reading and checking)",
            target=1.3,
            subject=lambda ws: [*CPD, "gaps", "--entries", str(ws.entries), "--format", "json"],
            baseline=lambda ws: [*CPD, "check", str(ws.entries), "--format", "json"],
            subject_label="cpd gaps",
            baseline_label="cpd check",
            runs=lambda size: GAPS_RUNS,
        ),
        Scenario(
            name="site",
            description="mkdocs build with the cpd plugin vs a plain Material build of the same .md files",
            target=1.15,
            subject=lambda ws: mkdocs_build("mkdocs.yml", "site-cpd"),
            baseline=lambda ws: mkdocs_build("plain.yml", "site-plain"),
            subject_label="plugin",
            baseline_label="plain",
            ok_codes=(0,),
            prepare=write_site_configs,
            inputs=lambda ws: [ws.entries, ws.project / "plain-docs"],
            memory_target=1.3,
            growth=(1000, 5000, 5.5),
            judged_from=1000,
        ),
        serve_scenario(
            "serve",
            "dirty",
            "mkdocs serve --dirty: from one activity's reflection edited to the site rebuilt, vs the full build serve "
            "starts with (both timed inside the session; benchmarks/serve_run.py)",
            "rebuild",
            target=SERVE_TARGET,
            runs=4,
            seconds_target=1.0,
        ),
        serve_scenario(
            "serve-plain",
            "plain",
            "the same edit in a plain mkdocs serve (every page built again) vs the full build",
            "plain rebuild",
            target=1.0,
            runs=2,
        ),
        Scenario(
            name="department",
            description=(
                f"mkdocs build of a department of --members members x {DEPARTMENT_ACTIVITIES} activities (what each "
                "shares read from the cache of the last build) vs a plain Material build of the same pages"
            ),
            target=1.3,
            subject=lambda ws: mkdocs_build("mkdocs.yml", "site-department"),
            baseline=lambda ws: mkdocs_build("plain.yml", "site-plain"),
            subject_label="department",
            baseline_label="plain",
            ok_codes=(0,),
            cwd=department_dir,
            prepare=write_department_inputs,
            inputs=lambda ws: [department_dir(ws) / "members", department_dir(ws) / "plain-docs"],
            runs=lambda size: 4,
            fixed_input=(DEPARTMENT_MEMBERS[0] * DEPARTMENT_ACTIVITIES, 0),
        ),
        Scenario(
            name="department-cold",
            description=(
                "the same department built with nothing cached (every member's portfolio read and checked), in two "
                "processes vs in one: whether reading members in parallel pays on this machine"
            ),
            target=1.0,
            subject=lambda ws: department_cold(ws, 2),
            baseline=lambda ws: department_cold(ws, 1),
            subject_label="2 processes",
            baseline_label="1 process",
            ok_codes=(0,),
            cwd=department_dir,
            prepare=write_department_inputs,
            inputs=lambda ws: [department_dir(ws) / "members"],
            runs=lambda size: 2,
            fixed_input=(DEPARTMENT_MEMBERS[0] * DEPARTMENT_ACTIVITIES, 0),
        ),
        Scenario(
            name="import",
            description="cpd import of the portfolio's export CSV into an empty folder vs cpd check of the result",
            target=2.0,
            subject=lambda ws: [
                PY,
                str(HERE / "import_run.py"),
                str(ws.project / "import.csv"),
                str(ws.project / "tmp-import"),
            ],
            baseline=lambda ws: [*CPD, "check", str(ws.project / "imported"), "--format", "json"],
            subject_label="cpd import",
            baseline_label="cpd check",
            prepare=write_import_input,
            inputs=lambda ws: [ws.project / "imported"],
            judged_from=1000,
        ),
        Scenario(
            name="unknown-fields",
            description=(
                f"cpd check of one entry with {UNKNOWN_FIELDS:,} unknown fields vs one with "
                f"{UNKNOWN_FIELDS_BASELINE:,} (linear: a ratio of at most {UNKNOWN_FIELDS // UNKNOWN_FIELDS_BASELINE})"
            ),
            target=UNKNOWN_FIELDS / UNKNOWN_FIELDS_BASELINE,
            subject=lambda ws: [*CPD, "check", str(unknown_fields_entries(ws, UNKNOWN_FIELDS))],
            baseline=lambda ws: [*CPD, "check", str(unknown_fields_entries(ws, UNKNOWN_FIELDS_BASELINE))],
            subject_label=f"{UNKNOWN_FIELDS:,} fields",
            baseline_label=f"{UNKNOWN_FIELDS_BASELINE:,} fields",
            ok_codes=(1,),  # every unknown field is an error
            prepare=write_unknown_fields,
            inputs=lambda ws: [unknown_fields_entries(ws, n) for n in (UNKNOWN_FIELDS, UNKNOWN_FIELDS_BASELINE)],
            runs=lambda size: CHECK_RUNS,
            seconds_target=UNKNOWN_FIELDS_SECONDS,
            fixed_input=(1, 1),
        ),
    ]
}


@dataclass
class Measure:
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_seconds)

    @property
    def peak_mib(self) -> float:
        return max(self.peak_kib) / 1024


def paired_ratio(subject: list[float], baseline: list[float]) -> float:
    """The judged ratio: the median, over blocks of two pairs of runs, of each block's ratio.

    Each subject run is paired with the baseline run beside it: the two ran seconds apart, so a slow minute on a
    shared machine slows both (a ratio of the two medians would take each from a different minute). Pairs run in
    blocks of two, the subject first in one pair and the baseline first in the other, and a block's ratio is the
    geometric mean of its two pairs' ratios: whatever running first in a pair costs cancels out. (In one series
    here, the runs that came first in their pair were slower on average, whichever command it was.) An odd last
    pair is a block of its own.
    """
    ratios = [s / b for s, b in zip(subject, baseline, strict=True)]
    blocks = [math.sqrt(first * second) for first, second in zip(ratios[0::2], ratios[1::2], strict=False)]
    if len(ratios) % 2:
        blocks.append(ratios[-1])
    return statistics.median(blocks)


def pairs_text(what: str, subject: Measure, baseline: Measure) -> str:
    """Each timed pair: which ran first, both wall times and CPU times, and the pair's ratio."""
    lines = [f"{what}: run, first, subject s, baseline s, ratio, subject cpu s, baseline cpu s, cpu ratio"]
    for i, (s, b, sc, bc) in enumerate(
        zip(subject.seconds, baseline.seconds, subject.cpu_seconds, baseline.cpu_seconds, strict=True)
    ):
        first = "subject" if i % 2 == 0 else "baseline"
        lines.append(f"  {i + 1:2d} {first:8s} {s:8.3f} {b:8.3f} {s / b:6.3f}   {sc:8.3f} {bc:8.3f} {sc / bc:6.3f}")
    return "\n".join(lines)


def run_child(
    cmd: list[str], cwd: Path, env: dict[str, str], ok_codes: tuple[int, ...], self_timed: bool = False
) -> tuple[float, float, int]:
    """Run cmd once; return (wall seconds, CPU seconds, peak RSS in KiB), of that child alone. `self_timed`: the
    seconds are those the child writes to the file named by CPD_BENCH_SECONDS."""
    timing = None
    if self_timed:
        fd, timing = tempfile.mkstemp(prefix="cpd-bench-", suffix=".txt")
        os.close(fd)
        env = dict(env, CPD_BENCH_SECONDS=timing)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if code not in ok_codes:
        raise SystemExit(f"benchmark command failed with exit code {code}: {' '.join(cmd)}")
    peak = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024
    if timing is not None:
        try:
            elapsed = float(Path(timing).read_text(encoding="utf-8"))
        finally:
            os.unlink(timing)
    return elapsed, usage.ru_utime + usage.ru_stime, peak


def workspace(out: Path, size: int, seed: int) -> Workspace:
    """The cached portfolio of `size` activities, generated on first use."""
    generator = (HERE / "portfolio_gen.py").read_bytes()
    key = hashlib.sha256(generator).hexdigest()[:10]
    project = out / f"portfolio-{size}-seed{seed}-{key}"
    entries = project / "entries"
    done = project / ".complete"
    if not done.exists():
        if project.exists():
            shutil.rmtree(project)
        print(f"generating {size} activities into {project} ...", file=sys.stderr, flush=True)
        generate(entries, size, seed)
        done.write_text("ok\n")
    files = sum(1 for _ in entries.rglob("*.md"))
    return Workspace(project, entries, size, files)


def child_env(out: Path) -> dict[str, str]:
    """The children's environment: a fixed date, and byte code cached under out/ as an installed tool's would be
    (not beside the sources, and even where PYTHONDONTWRITEBYTECODE is set). Material's notice about MkDocs 2.0,
    printed by every build, is turned off as in the tests."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, PYTHONPYCACHEPREFIX=str(out / "pycache"))
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def read_inputs(folders: list[Path]) -> None:
    """Read every file in the folders once, into one small buffer: the file cache, warm for both commands.

    The benchmark's own memory must stay small: Linux counts the resident pages of the process that starts a child
    in the child's peak (ru_maxrss), so every child's peak is at least the benchmark's own size, about 20 MiB.
    """
    buffer = bytearray(1 << 16)
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                with open(path, "rb", buffering=0) as stream:
                    while stream.readinto(buffer):
                        pass


def bench(
    scenario: Scenario, ws: Workspace, runs: int, env: dict[str, str], warm_up: bool = True
) -> tuple[Measure, Measure]:
    """Time the scenario at one size. The warm-up, one untimed run of each command, is needed once per scenario
    (imports, byte code); at later sizes reading the inputs warms the file cache, which is all that is left cold,
    and a site build at 5,000 activities is not run twice untimed."""
    if scenario.prepare:
        scenario.prepare(ws)
    cwd = scenario.cwd(ws)
    commands = {"subject": scenario.subject(ws), "baseline": scenario.baseline(ws)}
    measures = {"subject": Measure(), "baseline": Measure()}
    if warm_up:  # the commands read the inputs themselves
        for name in ("subject", "baseline"):
            run_child(commands[name], cwd, env, scenario.ok_codes, scenario.self_timed)
    else:
        read_inputs(scenario.inputs(ws))
    for i in range(runs):
        order = ("subject", "baseline") if i % 2 == 0 else ("baseline", "subject")
        for name in order:
            seconds, cpu, peak = run_child(commands[name], cwd, env, scenario.ok_codes, scenario.self_timed)
            measures[name].seconds.append(seconds)
            measures[name].cpu_seconds.append(cpu)
            measures[name].peak_kib.append(peak)
    return measures["subject"], measures["baseline"]


def table(rows: list[dict[str, str]]) -> str:
    columns = list(rows[0])
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in columns}
    right = {c for c in columns if c not in ("scenario", "met")}

    def line(values: dict[str, str]) -> str:
        cells = [values[c].rjust(widths[c]) if c in right else values[c].ljust(widths[c]) for c in columns]
        return "| " + " | ".join(cells) + " |"

    rule = "|" + "|".join(("-" * (widths[c] + 1) + ":") if c in right else "-" * (widths[c] + 2) for c in columns) + "|"
    return "\n".join([line({c: c for c in columns}), rule, *(line(r) for r in rows)])


def verdict(
    what: str, value: float, target: float, judged_from: int = 0, size: int = 0, unit: str = ""
) -> tuple[str, bool]:
    """A figure against its target, as printed; and whether it fails the run."""
    if size < judged_from:
        return (
            f"{what}: {value:.2f}{unit} (target <= {target:.2f}{unit} from {judged_from} activities): not judged",
            False,
        )
    met = round(value, 2) <= target  # the figure as printed is the figure judged
    return f"{what}: {value:.2f}{unit} (target <= {target:.2f}{unit}): {'met' if met else 'NOT met'}", not met


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    parser = argparse.ArgumentParser(description="Benchmark cpd commands against their floors.")
    parser.add_argument("--sizes", default="100,1000,5000", help="activities per portfolio, comma-separated")
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        help="timed runs of each command (default: the scenario's, 6 or 10; even, see paired_ratio)",
    )
    parser.add_argument("--only", default="", help=f"scenarios to run, comma-separated: {', '.join(SCENARIOS)}")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show-runs", action="store_true", help="print every timed pair of runs to stderr")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="cache folder (default benchmarks/out)")
    parser.add_argument(
        "--members",
        type=int,
        default=DEPARTMENT_MEMBERS[0],
        help=f"the department scenarios' members, each with {DEPARTMENT_ACTIVITIES} activities (default 100)",
    )
    args = parser.parse_args(argv)
    DEPARTMENT_MEMBERS[0] = args.members
    for name in ("department", "department-cold"):
        SCENARIOS[name] = replace(SCENARIOS[name], fixed_input=(args.members * DEPARTMENT_ACTIVITIES, 0))
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    names = [n.strip() for n in args.only.split(",") if n.strip()] or list(SCENARIOS)
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown or (args.runs is not None and args.runs < 1) or not sizes:
        parser.error(f"unknown scenario {', '.join(unknown)}" if unknown else "need --runs >= 1 and a size")
    args.out.mkdir(parents=True, exist_ok=True)

    rows: list[dict[str, str]] = []
    verdicts: list[str] = []
    failed = False
    for name in names:
        scenario = SCENARIOS[name]
        reason = scenario.available()
        if reason:
            print(f"skipping {name}: {reason}", file=sys.stderr)
            continue
        print(f"{name}: {scenario.description}", file=sys.stderr)
        subject_seconds: dict[int, float] = {}
        for size in sizes if scenario.fixed_input is None else sizes[:1]:
            ws = workspace(args.out, size, args.seed)
            runs = args.runs or scenario.runs(size)
            subject, baseline = bench(scenario, ws, runs, child_env(args.out), warm_up=size == sizes[0])
            at = f"{name} @ {size}" if scenario.fixed_input is None else name  # its own inputs: no size
            if args.show_runs:
                print(pairs_text(at, subject, baseline), file=sys.stderr, flush=True)
            subject_seconds[size] = subject.median
            judged = size >= scenario.judged_from
            ratio = paired_ratio(subject.seconds, baseline.seconds)
            memory = subject.peak_mib / baseline.peak_mib
            line, fails = verdict(f"ratio {at}", ratio, scenario.target, scenario.judged_from, size)
            verdicts.append(line)
            failed |= fails
            if scenario.seconds_target is not None:
                line, time_fails = verdict(
                    f"time {at} ({scenario.subject_label})", subject.median, scenario.seconds_target, unit=" s"
                )
                verdicts.append(line)
                failed |= time_fails
            if scenario.memory_target is not None:
                line, memory_fails = verdict(f"memory {at}", memory, scenario.memory_target, scenario.judged_from, size)
                verdicts.append(line)
                failed |= memory_fails
            activities, files = scenario.fixed_input or (size, ws.files)
            rows.append(
                {
                    "scenario": name,
                    "activities": str(activities),
                    "files": str(files),
                    "runs": str(runs),
                    f"{scenario.subject_label} s": f"{subject.median:.3f}",
                    f"{scenario.baseline_label} s": f"{baseline.median:.3f}",
                    "ratio": f"{ratio:.2f}",
                    "target": f"<= {scenario.target:.2f}",
                    "met": ("yes" if round(ratio, 2) <= scenario.target else "NO") if judged else "-",
                    "cpu ratio": f"{paired_ratio(subject.cpu_seconds, baseline.cpu_seconds):.2f}",
                    f"{scenario.subject_label} MiB": f"{subject.peak_mib:.1f}",
                    f"{scenario.baseline_label} MiB": f"{baseline.peak_mib:.1f}",
                    "MiB ratio": f"{memory:.2f}",
                }
            )
        if scenario.growth and scenario.growth[0] in subject_seconds and scenario.growth[1] in subject_seconds:
            small, large, most = scenario.growth
            growth = subject_seconds[large] / subject_seconds[small]
            line, fails = verdict(f"growth {name} {small} -> {large}", growth, most, unit="x")
            verdicts.append(line)
            failed |= fails
    if not rows:
        print("nothing was run", file=sys.stderr)
        return 2
    # Scenarios with other labels get their own table, so columns always mean the same thing.
    by_columns: dict[tuple[str, ...], list[dict[str, str]]] = {}
    for row in rows:
        by_columns.setdefault(tuple(row), []).append(row)
    print("\n\n".join(table(group) for group in by_columns.values()))
    print()
    print("\n".join(verdicts))
    elapsed = time.perf_counter() - started
    print(f"\ntotal elapsed: {elapsed:.0f} s ({elapsed / 60:.1f} min)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
