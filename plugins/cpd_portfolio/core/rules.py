"""Registration bodies' rules and competence frameworks: data files, merged with the user's own."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from .checking import EntriesRoot
from .dates import outside_message, supported
from .entries import BODY_LABELS
from .periods import Period, PeriodError, all_time, calendar_year, cycle_containing, parse_year
from .portfolio import Portfolio

RULES_DIR = Path(__file__).with_name("rules")
FRAMEWORKS_DIR = Path(__file__).with_name("frameworks")
USER_RULES = "_rules"  # inside the entries folder: <body>.yml overrides or adds rules
USER_FRAMEWORKS = "_frameworks"  # inside the entries folder: <name>.yml adds a competence framework
_RULE_KEYS = {"id", "check", "source", "why", "action", "enabled"}


class RulesError(ValueError):
    """A rule or framework file that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Rule:
    id: str
    check: str
    body: str
    source: str
    why: str
    action: str
    params: dict = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class RuleSet:
    body: str
    name: str
    rules: tuple[Rule, ...]
    cycle_years: int | None = None
    default_end: str | None = None
    standards: str = ""


def shipped_bodies() -> list[str]:
    return sorted(p.stem for p in RULES_DIR.glob("*.yml") if p.stem != "common")


def _read_user_yaml(path: Path, entries_root: Path) -> dict:
    """A data file of the user's, from inside the entries folder: one behind a link that leaves it is not read."""
    if not EntriesRoot(entries_root).holds(os.path.realpath(path)):
        raise RulesError(f"{path}: a link to a file outside the entries folder: copy the file in instead")
    return _read_yaml(path)


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RulesError(f"{path}: cannot be read ({exc.__class__.__name__}: {exc}): fix the file") from None
    if not isinstance(data, dict):
        raise RulesError(f"{path}: is not a mapping: see the shipped rule files for the form")
    return data


@cache
def _shipped(body: str) -> dict:
    path = RULES_DIR / f"{body}.yml"
    if not path.is_file():
        raise RulesError(f"no rules for '{body}': choose from {', '.join(shipped_bodies())}")
    return _read_yaml(path)


def _rule_set(body: str, data: dict, user: dict | None) -> RuleSet:
    merged: dict[str, dict] = {r["id"]: dict(r) for r in data.get("rules", [])}
    cycle = dict(data.get("cycle") or {})
    if user:
        cycle.update(user.get("cycle") or {})
        for override in user.get("rules") or []:
            if not isinstance(override, dict) or "id" not in override:
                raise RulesError(f"{USER_RULES}/{body}.yml: each rule needs an 'id'")
            merged.setdefault(override["id"], {}).update(override)
    rules = []
    for rid, spec in merged.items():
        if spec.get("enabled") is False:
            continue
        if "check" not in spec:
            raise RulesError(f"rule '{rid}' ({body}) has no 'check': name one of the checks in the documentation")
        params = {k: v for k, v in spec.items() if k not in _RULE_KEYS}
        rules.append(
            Rule(rid, spec["check"], body, spec.get("source", ""), spec.get("why", ""), spec.get("action", ""), params)
        )
    return RuleSet(
        body=body,
        name=data.get("name", body),
        rules=tuple(rules),
        cycle_years=cycle.get("years"),
        default_end=cycle.get("default_end"),
        standards=data.get("standards", ""),
    )


def load_rule_sets(bodies: list[str], entries_root: Path | None = None) -> list[RuleSet]:
    """The common rules plus each body's, with the user's overrides from entries/_rules/ applied."""
    if "common" in bodies:
        raise RulesError(f"'common' is not a body: choose from {', '.join(shipped_bodies())}")
    sets = []
    for body in ["common", *bodies]:
        user_path = entries_root / USER_RULES / f"{body}.yml" if entries_root else None
        user = _read_user_yaml(user_path, entries_root) if user_path and user_path.is_file() else None
        try:
            data = _shipped(body)
        except RulesError:
            if user is None:
                raise
            data = user  # a body of the user's own
            user = None
        sets.append(_rule_set(body, data, user))
    return sets


def bodies_for(portfolio: Portfolio, configured: list[str] | None = None) -> list[str]:
    """The bodies to check against: as configured, else from the profile's registrations, else HCPC."""
    if configured:
        return list(dict.fromkeys(configured))
    registered = [r.body for r in portfolio.profile.registrations] if portfolio.profile else []
    bodies = [b for b in dict.fromkeys(registered) if b != "other"]
    return bodies or ["hcpc"]


def body_cycle(rule_set: RuleSet, portfolio: Portfolio) -> Period:
    """The body's current audit cycle, from the renewal date of its registration in the profile."""
    renewal = None
    if portfolio.profile:
        renewal = next((r.renewal for r in portfolio.profile.registrations if r.body == rule_set.body), None)
    years = rule_set.cycle_years
    if not years:
        return all_time(first_day(portfolio), portfolio.as_of)
    start, end = cycle_containing(portfolio.as_of, years, renewal, rule_set.default_end)
    short = BODY_LABELS.get(rule_set.body, rule_set.name.split(" (")[0])
    label = (
        f"{short} cycle {start.year}" if end.year == start.year else f"{short} cycle {start.year}-{end.year % 100:02d}"
    )
    return Period(label, start, end, f"cycle:{rule_set.body}")


def first_day(portfolio: Portfolio) -> dt.date | None:
    # Activities are in date order: the first is the earliest (asked once for every rule set and audit cycle).
    days = [a.date for a in portfolio.activities[:1]] + [o.date for o in portfolio.objectives if o.date]
    days += [b.date for b in portfolio.breaks]
    return min(days) if days else None


def resolve_period(text: str | None, portfolio: Portfolio, bodies: list[str]) -> Period | None:
    """A --period value: all, YYYY, cycle, cycle:BODY or START..END. None stays None (each rule's own)."""
    if text is None:
        return None
    text = text.strip().lower()
    if text == "all":
        return all_time(first_day(portfolio), portfolio.as_of)
    year = parse_year(text)
    if year is not None:
        return calendar_year(year)
    if text == "cycle" or text.startswith("cycle:"):
        body = text.partition(":")[2] or (bodies[0] if bodies else "hcpc")
        return body_cycle(load_rule_sets([body], portfolio.root)[-1], portfolio)
    if ".." in text:
        first, _, last = text.partition("..")
        try:
            start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        except ValueError:
            start = end = None
        if start and end and not (supported(start) and supported(end)):
            raise PeriodError(outside_message(f"'{text}'"))
        if start and end and start <= end:
            return Period(f"{start.isoformat()} to {end.isoformat()}", start, end, text)
        if start and end:
            raise PeriodError(
                f"'{text}' is not a period: the end {end} is before the start {start}: swap them, e.g. {end}..{start}"
            )
    raise PeriodError(
        f"'{text}' is not a period: use all, a year (2026), cycle, cycle:BODY or START..END (2026-01-01..2026-06-30)"
    )


def default_period(portfolio: Portfolio, bodies: list[str]) -> Period:
    """The current cycle of the profile's first registration; all time when there is none."""
    registered = [r.body for r in portfolio.profile.registrations] if portfolio.profile else []
    first = next((b for b in registered if b != "other"), None)
    if first is None:
        return all_time(first_day(portfolio), portfolio.as_of)
    return body_cycle(load_rule_sets([first], portfolio.root)[-1], portfolio)


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    competences: dict[str, str]


def load_frameworks(entries_root: Path | None = None) -> dict[str, Framework]:
    """Shipped competence frameworks plus the user's, from entries/_frameworks/*.yml, by id."""
    paths = [(path, False) for path in sorted(FRAMEWORKS_DIR.glob("*.yml"))]
    if entries_root and (entries_root / USER_FRAMEWORKS).is_dir():
        paths += [(path, True) for path in sorted((entries_root / USER_FRAMEWORKS).glob("*.yml"))]
    frameworks = {}
    for path, users in paths:
        data = _read_user_yaml(path, entries_root) if users else _read_yaml(path)
        competences = data.get("competences")
        if not isinstance(data.get("id"), str) or not isinstance(competences, dict):
            raise RulesError(f"{path}: a framework needs 'id' and 'competences' (CODE: title): see uk-spec.yml")
        frameworks[data["id"]] = Framework(
            data["id"], data.get("name", data["id"]), {str(k): str(v) for k, v in competences.items()}
        )
    return frameworks
