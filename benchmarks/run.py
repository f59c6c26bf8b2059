"""Time the project's commands against their floors, as named scenarios, and print a table.

    python benchmarks/run.py [--sizes 100,1000,5000] [--runs 5] [--only check] [--seed 1] [--out DIR]

For each size, a synthetic portfolio is generated once (benchmarks/portfolio_gen.py) and cached under
benchmarks/out/ (git-ignored; the cache key includes a hash of the generator). Then, for each scenario, the
subject command and its baseline run alternately, ABAB... (the order flips every run), each as a child
process with its output sent to /dev/null. One untimed warm-up run of each comes first. The table gives the
median wall time of each, their ratio against the scenario's target, the ratio of median CPU times (user +
system, steadier than wall time on a shared machine; shown, not judged) and each child's peak resident memory
(ru_maxrss from os.wait4).

Adding a comparison is adding a Scenario to SCENARIOS: a name, a target ratio, and two functions that turn
a Workspace (the generated portfolio: project folder, entries folder) into a command line. A scenario can
also prepare the workspace (e.g. write mkdocs.yml) and say when it is unavailable (e.g. the command does not
exist yet). For example, the next ones:

    Scenario("gaps", "cpd gaps vs cpd check", target=1.2,
             subject=lambda ws: [*CPD, "gaps", str(ws.entries)],
             baseline=lambda ws: [*CPD, "check", str(ws.entries), "--format", "json"],
             available=lambda: _has_command("gaps"))
    Scenario("site", "mkdocs build with the plugin vs a plain Material build", target=...,
             prepare=write_mkdocs_yml, cwd=lambda ws: ws.project,
             subject=lambda ws: [PY, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml", "-d", ...],
             baseline=lambda ws: [PY, "-m", "mkdocs", "build", "-q", "-f", "plain.yml", "-d", ...])
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = sys.executable
CPD = [PY, "-m", "cpd_cli"]
SOURCE_DATE_EPOCH = "1795910400"  # 2026-11-29 00:00 UTC: the date checks are made at

sys.path.insert(0, str(HERE))
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
    prepare: Callable[[Workspace], None] | None = None
    available: Callable[[], str | None] = lambda: None  # a reason to skip, or None


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


def run_child(cmd: list[str], cwd: Path, env: dict[str, str], ok_codes: tuple[int, ...]) -> tuple[float, float, int]:
    """Run cmd once; return (wall seconds, CPU seconds, peak RSS in KiB), of that child alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if code not in ok_codes:
        raise SystemExit(f"benchmark command failed with exit code {code}: {' '.join(cmd)}")
    peak = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024
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
    (not beside the sources, and even where PYTHONDONTWRITEBYTECODE is set)."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, PYTHONPYCACHEPREFIX=str(out / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def bench(scenario: Scenario, ws: Workspace, runs: int, env: dict[str, str]) -> tuple[Measure, Measure]:
    if scenario.prepare:
        scenario.prepare(ws)
    cwd = scenario.cwd(ws)
    commands = {"subject": scenario.subject(ws), "baseline": scenario.baseline(ws)}
    measures = {"subject": Measure(), "baseline": Measure()}
    for name in ("subject", "baseline"):  # warm-up: file cache, .pyc files
        run_child(commands[name], cwd, env, scenario.ok_codes)
    for i in range(runs):
        order = ("subject", "baseline") if i % 2 == 0 else ("baseline", "subject")
        for name in order:
            seconds, cpu, peak = run_child(commands[name], cwd, env, scenario.ok_codes)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark cpd commands against their floors.")
    parser.add_argument("--sizes", default="100,1000,5000", help="activities per portfolio, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command (default 5)")
    parser.add_argument("--only", default="", help=f"scenarios to run, comma-separated: {', '.join(SCENARIOS)}")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=HERE / "out", help="cache folder (default benchmarks/out)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    names = [n.strip() for n in args.only.split(",") if n.strip()] or list(SCENARIOS)
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown or args.runs < 1 or not sizes:
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
        for size in sizes:
            ws = workspace(args.out, size, args.seed)
            subject, baseline = bench(scenario, ws, args.runs, child_env(args.out))
            ratio = subject.median / baseline.median
            met = ratio <= scenario.target
            failed |= not met
            rows.append(
                {
                    "scenario": name,
                    "activities": str(size),
                    "files": str(ws.files),
                    "runs": str(args.runs),
                    f"{scenario.subject_label} s": f"{subject.median:.3f}",
                    f"{scenario.baseline_label} s": f"{baseline.median:.3f}",
                    "ratio": f"{ratio:.2f}",
                    "target": f"<= {scenario.target:.2f}",
                    "met": "yes" if met else "NO",
                    "cpu ratio": f"{subject.cpu_median / baseline.cpu_median:.2f}",
                    f"{scenario.subject_label} MiB": f"{subject.peak_mib:.1f}",
                    f"{scenario.baseline_label} MiB": f"{baseline.peak_mib:.1f}",
                }
            )
            verdicts.append(
                f"ratio {name} @ {size}: {ratio:.2f} (target <= {scenario.target:.2f}): {'met' if met else 'NOT met'}"
            )
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
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
