"""Read a golden analysis case and run it through the core.

A case is a folder tests/analysis/<case>/ holding:

  entries/       a small portfolio (profile, objectives, activities, breaks, _rules, _frameworks)
  case.yml       description, and either as_of [period] [bodies] [public] for one run, or
                 runs: {name: {as_of, period, bodies, public}} (top-level keys are defaults)
  expected.json  {run name: {"summary": summary.as_dict(), "gaps": [gap.as_dict(), ...]}}
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from cpd_portfolio.core import Activity, Break, Objective, Portfolio, Profile, Registration, load_portfolio
from cpd_portfolio.core.analysis import Analysis, analyse
from cpd_portfolio.core.audit import audit_profile
from cpd_portfolio.core.schemes import COMMON, load_catalogue

CASES_DIR = Path(__file__).resolve().parent
RUN_KEYS = {"as_of", "period", "bodies", "public"}


@dataclass(frozen=True)
class Run:
    case: str
    name: str
    as_of: dt.date
    period: str | None = None
    bodies: tuple[str, ...] | None = None
    public: bool = False

    @property
    def entries(self) -> Path:
        return CASES_DIR / self.case / "entries"

    def portfolio(self, entries: Path | None = None) -> Portfolio:
        portfolio = load_portfolio(entries or self.entries, as_of=self.as_of)
        return portfolio.public() if self.public else portfolio

    def analyse(self, entries: Path | None = None) -> Analysis:
        portfolio = self.portfolio(entries)
        catalogue = load_catalogue(portfolio.root)
        return analyse(portfolio, catalogue, period=self.period, bodies=list(self.bodies) if self.bodies else None)

    def audits(self, entries: Path | None = None) -> dict[str, dict]:
        """Each body's audit profile as data, over the body's current cycle (or the run's period)."""
        analysis = self.analyse(entries)
        period = analysis.summary.period if self.period is not None else None
        out = {}
        for scheme in analysis.schemes:
            if scheme.id != COMMON:
                out[scheme.id] = audit_profile(analysis.portfolio, analysis.catalogue, scheme.id, period).as_dict()
        return out

    def cli_args(self) -> list[str]:
        """The same run as `cpd summary/gaps` options."""
        args = ["--as-of", self.as_of.isoformat(), "--format", "json"]
        if self.period is not None:
            args += ["--period", self.period]
        for body in self.bodies or ():
            args += ["--body", body]
        if not self.public:
            args.append("--include-private")
        return args


def case_names() -> list[str]:
    return sorted(p.parent.name for p in CASES_DIR.glob("*/case.yml"))


def load_runs(case: str) -> list[Run]:
    spec = yaml.safe_load((CASES_DIR / case / "case.yml").read_text(encoding="utf-8"))
    unknown = set(spec) - RUN_KEYS - {"description", "runs"}
    assert not unknown, f"{case}/case.yml: unknown keys {unknown}"
    defaults = {k: v for k, v in spec.items() if k in RUN_KEYS}
    runs = spec.get("runs") or {"default": {}}
    result = []
    for name, overrides in runs.items():
        assert set(overrides) <= RUN_KEYS, f"{case}/case.yml: run {name}: unknown keys"
        values = {**defaults, **overrides}
        as_of = values["as_of"]
        assert isinstance(as_of, dt.date), f"{case}/case.yml: run {name}: as_of must be a date"
        period = values.get("period")
        bodies = values.get("bodies")
        result.append(
            Run(
                case=case,
                name=str(name),
                as_of=as_of,
                period=None if period is None else str(period),
                bodies=tuple(bodies) if bodies else None,
                public=bool(values.get("public", False)),
            )
        )
    return result


def stable(analysis: Analysis, audits: dict[str, dict] | None = None) -> dict[str, object]:
    """The analysis reduced to plain data, as written to expected.json; with `audits`, each body's audit
    verdicts too (standard id -> verdict and the rules behind it)."""
    data = {"summary": analysis.summary.as_dict(), "gaps": [g.as_dict() for g in analysis.gaps]}
    if audits is not None:
        data["audit"] = {
            body: {
                "period": profile["period"]["key"],
                "standards": {
                    s["id"]: {"verdict": s["verdict"], "rules": [f["rule"] for f in s["findings"]]}
                    for s in profile["standards"]
                },
            }
            for body, profile in audits.items()
        }
    return json.loads(json.dumps(data))


def expected_file(case: str) -> Path:
    return CASES_DIR / case / "expected.json"


def read_expected(case: str) -> dict[str, dict]:
    return json.loads(expected_file(case).read_text(encoding="utf-8"))


def write_expected(case: str, data: dict[str, dict]) -> None:
    expected_file(case).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def run_named(case: str, name: str) -> Run:
    return next(r for r in load_runs(case) if r.name == name)


# --- small portfolios built in memory, for edge cases the golden folders do not need to hold ----------

D = dt.date


def act(day: str, type_: str = "work-based", *, end: str | None = None, hours: float | None = 1.0, **kw) -> Activity:
    """A complete (audit-ready) activity on `day` (YYYY-MM-DD)."""
    fields = {
        "source": f"{day[:4]}/{day}-{kw.get('title', type_)}.md".replace(" ", "-"),
        "title": f"Activity on {day}",
        "date": D.fromisoformat(day),
        "type": type_,
        "end": D.fromisoformat(end) if end else None,
        "hours": hours,
        "outcomes": ("Learnt it",),
        "application": "Used it.",
        "benefit": "Patients benefit.",
        "body": "Reflection.",
    }
    fields.update(kw)
    return Activity(**fields)


def objective(oid: str, due: str, *, date: str | None = "2024-01-01", status: str = "active", **kw) -> Objective:
    closed = kw.pop("closed", None)
    return Objective(
        source=f"objectives/{oid}.md",
        id=oid,
        due=D.fromisoformat(due),
        date=D.fromisoformat(date) if date else None,
        status=status,
        closed=D.fromisoformat(closed) if closed else None,
        **kw,
    )


def profile(*registrations: tuple[str, str | None], summary: str = "I am a clinical scientist.") -> Profile:
    regs = tuple(Registration(body=b, renewal=D.fromisoformat(r) if r else None) for b, r in registrations)
    return Profile(source="profile.md", name="Test", registrations=regs, body=summary)


def memory_portfolio(
    as_of: str,
    activities: list[Activity] = (),
    objectives: list[Objective] = (),
    breaks: list[Break] = (),
    prof: Profile | None = None,
    root: Path | None = None,
) -> Portfolio:
    """A Portfolio as load_portfolio would return it, without files (root: a folder with no _rules)."""
    return Portfolio(
        root=root or CASES_DIR / "no-such-folder",
        as_of=D.fromisoformat(as_of),
        activities=sorted(activities, key=lambda a: (a.date, a.source)),
        objectives=sorted(objectives, key=lambda o: (o.due, o.id)),
        breaks=sorted(breaks, key=lambda b: (b.date, b.source)),
        profile=prof,
    )


def brk(day: str, end: str, title: str = "Sick leave") -> Break:
    return Break(source=f"breaks/{day}.md", date=D.fromisoformat(day), end=D.fromisoformat(end), title=title)
