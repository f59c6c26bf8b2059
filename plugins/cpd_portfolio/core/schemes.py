"""Registration schemes: each body's facts, cycle, audit, versioned standards and rules, as data checked on load.

One file per body in schemes/ (shipped), and the user's own in entries/_rules/<body>.yml: an override of a
shipped scheme (any part; rules matched by id) or a scheme of a body of their own. Competence frameworks come
from frameworks/ and entries/_frameworks/. Every file is checked against schema/scheme.schema.json, and each
rule's parameters against what its check declares (core/gaps.py); a problem is a Finding with the file, line
and column, like an entry's. The front ends load the catalogue once and pass it in.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import json
import os
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from .dates import outside_message, supported
from .findings import ERROR, Finding
from .gaps import CHECKS, REQUIRED, Framework, param_problem
from .periods import Period, PeriodError, all_time, calendar_year, cycle_bounds, parse_year
from .plan import first_day
from .portfolio import Portfolio
from .reading import YamlFile, parse_yaml_file

SCHEMES_DIR = Path(__file__).with_name("schemes")
FRAMEWORKS_DIR = Path(__file__).with_name("frameworks")
USER_RULES = "_rules"  # inside the entries folder: <body>.yml overrides a shipped scheme or adds one
USER_FRAMEWORKS = "_frameworks"  # inside the entries folder: <name>.yml adds a competence framework
COMMON = "common"  # the good-practice rules every body shares: not a body
DEFAULT_BODY = "hcpc"  # the body checked when the profile names none with a scheme
OTHER = "other"  # a registration the product has no scheme for, on purpose
SCHEMA_NAME = "scheme.schema.json"
_RULE_KEYS = ("id", "check", "source", "why", "action", "good_practice", "enabled")


class SchemeError(ValueError):
    """Scheme or framework files that cannot be used, or a body with no scheme: the message says where and why."""

    def __init__(self, message: str, findings: tuple[Finding, ...] = ()) -> None:
        super().__init__(message)
        self.findings = findings


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None = None
    checked: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    check: str
    body: str
    source: Source
    why: str
    action: str
    good_practice: bool = False
    params: dict = field(default_factory=dict, hash=False)  # every parameter of the check, defaults filled in


@dataclass(frozen=True)
class Standard:
    id: str
    title: str
    rules: tuple[str, ...]


UNKNOWN_START = dt.date(1900, 1, 1)  # a scheme file's `effective:` for a version whose start is not recorded


@dataclass(frozen=True)
class StandardsVersion:
    version: str
    effective: dt.date
    items: tuple[Standard, ...]
    source: Source | None = None

    @property
    def since(self) -> dt.date | None:
        """The day it took effect, or None where the scheme file does not know it (written 1900-01-01: "always")."""
        return None if self.effective <= UNKNOWN_START else self.effective


@dataclass(frozen=True)
class Cycle:
    years: int | None = None  # None: the record as a whole (all time)
    anchor: str = "renewal"
    default_renewal: dt.date | None = None
    window_opens: str | None = None
    window_closes: str | None = None
    declaration_due: str | None = None  # MM-DD after a cycle's end: until then that cycle is still the current one
    note: str | None = None

    @property
    def window(self) -> str | None:
        """The renewal (or declaration) window in words: '1 July to 30 September', 'by 31 December'."""
        if not self.window_closes:
            return None
        closes = _month_day(self.window_closes)
        return f"{_month_day(self.window_opens)} to {closes}" if self.window_opens else f"by {closes}"


def _month_day(text: str) -> str:
    month, day = (int(p) for p in text.split("-"))
    return f"{day} {calendar.month_name[month]}"


@dataclass(frozen=True)
class AuditFacts:
    layout: str = "standards"
    sampled: str | None = None
    sample_month: int | None = None  # the month the sample is drawn in, where the body says so (the RCT's March)
    covers: str | None = None
    submitted: str | None = None
    source: Source | None = None


@dataclass(frozen=True)
class Scheme:
    id: str
    name: str
    short: str
    rules: tuple[Rule, ...]
    kind: str = "scheme"
    registers: tuple[str, ...] = ()
    frameworks: dict = field(default_factory=dict, hash=False)  # framework id -> {designation: variant}
    cycle: Cycle = Cycle()
    audit: AuditFacts = AuditFacts()
    standards: tuple[StandardsVersion, ...] = ()
    not_checked: tuple[str, ...] = ()
    files: tuple[str, ...] = ()  # where it was read from: shipped file, then the user's

    def standards_on(self, day: dt.date) -> StandardsVersion | None:
        """The version of the standards in force on `day` (the latest to take effect by then)."""
        versions = [v for v in self.standards if v.effective <= day]
        return max(versions, key=lambda v: v.effective) if versions else None

    def rule(self, rid: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rid), None)

    def limit(self, check: str, param: str = "max_words") -> int | None:
        """A threshold of this scheme's rules, by check: the audit profile shows the same figure the rule applies."""
        rule = next((r for r in self.rules if r.check == check), None)
        return rule.params.get(param) if rule else None


@dataclass(frozen=True)
class Catalogue:
    """Every scheme (shipped, merged with the user's) and framework, with the problems found loading them."""

    schemes: dict[str, Scheme]
    frameworks: dict[str, Framework]
    findings: tuple[Finding, ...] = ()

    @property
    def bodies(self) -> list[str]:
        return sorted(b for b in self.schemes if b != COMMON)

    def require(self) -> Catalogue:
        """The catalogue, or SchemeError when a file has an error: no gap or verdict is computed from half a rule."""
        errors = tuple(f for f in self.findings if f.severity == ERROR)
        if errors:
            lines = "\n".join(str(f) for f in errors)
            raise SchemeError(
                f"{len(errors)} problem(s) in the scheme files: fix them ('cpd check' lists them)\n{lines}", errors
            )
        return self

    def scheme(self, body: str) -> Scheme:
        if body == COMMON or body not in self.schemes:
            close = difflib.get_close_matches(body, self.bodies, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise SchemeError(
                f"no scheme for '{body}'{hint}: choose from {', '.join(self.bodies)}, "
                f"or write entries/{USER_RULES}/{body}.yml (see docs/schemes/your-own-scheme.md)"
            )
        return self.schemes[body]

    def chosen(self, bodies: list[str]) -> list[Scheme]:
        """The common rules, then each body's scheme."""
        return [self.schemes[COMMON], *(self.scheme(b) for b in bodies)]

    def variant_of(self, portfolio: Portfolio):
        """A function giving, for a framework, the variant the profile's registrations choose (by designation)."""
        registrations = portfolio.profile.registrations if portfolio.profile else ()

        def variant(framework: Framework) -> str | None:
            for reg in registrations:
                scheme = self.schemes.get(reg.body)
                mapping = scheme.frameworks.get(framework.id, {}) if scheme else {}
                words = {w.lower() for w in re.findall(r"[A-Za-z]+", reg.designation or "")}
                for designation, name in mapping.items():
                    if designation.lower() in words:
                        return name
            return None

        return variant


# --- reading and checking the files ---------------------------------------------------------------------------


@cache
def _schema() -> dict:
    return json.loads(resources.files("cpd_portfolio.schema").joinpath(SCHEMA_NAME).read_text(encoding="utf-8"))


@cache
def _validator(definition: str):
    import jsonschema

    schema = {**_schema(), "$ref": f"#/$defs/{definition}"}
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@cache
def _fast(definition: str):
    """The quick yes-or-no test of one definition (core/validity.py), None if it uses what that cannot compile: a
    valid file, the usual case, is so proved without building a jsonschema validator (a fifth of a second)."""
    from .validity import Unsupported, compile_schema, inline_refs

    defs = _schema()["$defs"]
    try:
        return compile_schema(inline_refs(defs[definition], defs))
    except Unsupported:
        return None


def _suggest(word: object, choices) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _name(path: list[object]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "file"


class _Problems:
    """The findings of one file, each at its line and column."""

    def __init__(self, shown: str, doc: YamlFile) -> None:
        self.shown, self.doc, self.found = shown, doc, list(doc.findings)

    def add(self, path: list[object], message: str, *, key: bool = False) -> None:
        line, column = self.doc.locate(path, key=key)
        finding = Finding(self.shown, line, column, ERROR, _name(path), message)
        if finding not in self.found:  # a rule is checked by two parts of the schema: say each problem once
            self.found.append(finding)


def _schema_problems(data: dict, definition: str, problems: _Problems) -> None:
    is_valid = _fast(definition)
    if is_valid is not None and is_valid(data):
        return
    for error in _validator(definition).iter_errors(data):
        for leaf in _leaves(error):
            path = list(leaf.absolute_path)
            keyword = leaf.validator
            if keyword == "additionalProperties" and isinstance(leaf.instance, dict):
                allowed = list(leaf.schema.get("properties", {}))
                for key in leaf.instance:
                    if key not in allowed:
                        hint = _suggest(key, allowed) or f" (allowed: {', '.join(allowed)})"
                        problems.add([*path, key], f"unknown key '{key}'{hint}", key=True)
            elif keyword == "required":
                missing = re.findall(r"'([^']+)' is a required property", leaf.message)
                name = missing[0] if missing else "a key"
                problems.add(path, f"required key '{name}' is missing: add '{name}: ...'", key=bool(path))
            elif keyword == "enum":
                choices = [str(c) for c in leaf.validator_value]
                problems.add(
                    path, f"{leaf.instance!r} is not one of {', '.join(choices)}{_suggest(leaf.instance, choices)}"
                )
            elif keyword == "type":
                wanted = (
                    leaf.validator_value if isinstance(leaf.validator_value, str) else " or ".join(leaf.validator_value)
                )
                words = {
                    "object": "a mapping (key: value lines)",
                    "array": "a list",
                    "string": "text",
                    "integer": "a whole number",
                    "boolean": "true or false",
                }
                problems.add(path, f"{leaf.instance!r} is not {words.get(wanted, wanted)}")
            elif keyword in ("pattern", "format"):
                if leaf.schema.get("format") == "date" or "monthDay" in str(leaf.schema.get("description", "")):
                    problems.add(
                        path, f"{leaf.instance!r} is not a date: write YYYY-MM-DD (or MM-DD for a day of the year)"
                    )
                elif str(leaf.schema.get("pattern", "")).startswith("^https"):
                    problems.add(path, f"{leaf.instance!r} is not a web address: start it with https://")
                else:
                    problems.add(path, f"{leaf.instance!r} is not an id: use lowercase letters, digits and hyphens")
            else:
                problems.add(path, f"{leaf.message}: correct the value")


def _leaves(error) -> list:
    if error.validator in ("oneOf", "anyOf") and error.context:
        # The framework's one-of: say which keys it needs instead of the branches' errors.
        return [error]
    return [error]


def _read(path: Path, shown: str) -> tuple[dict | None, _Problems]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        doc = YamlFile(
            None, [Finding(shown, 1, 1, ERROR, "file", f"cannot be read ({exc.__class__.__name__}): fix the file")]
        )
        return None, _Problems(shown, doc)
    doc = parse_yaml_file(text, shown)
    problems = _Problems(shown, doc)
    if doc.data is None and not doc.findings:
        problems.add([], "the file is empty: see the shipped schemes for the form")
    return doc.data, problems


def _inside(path: Path, entries_root: Path) -> bool:
    from .checking import EntriesRoot  # the checker's notion of the entries folder, links resolved

    return EntriesRoot(entries_root).holds(os.path.realpath(path))


def _rule_params(rule: dict, check_name: str, index: list[object], problems: _Problems, *, partial: bool) -> dict:
    """The rule's parameters, checked against its check's declaration, with the defaults filled in."""
    check = CHECKS[check_name]
    params = {}
    given = {key for key in rule if key not in _RULE_KEYS}
    for key, value in rule.items():
        if key in _RULE_KEYS:
            continue
        param = check.params.get(key)
        if param is None:
            choices = [*check.params, *_RULE_KEYS]
            takes = ", ".join(check.params) or "no parameters"
            problems.add(
                [*index, key],
                f"unknown key '{key}'{_suggest(key, choices)}: check '{check_name}' takes {takes}",
                key=True,
            )
            continue
        problem = param_problem(param, value)
        if problem:
            problems.add([*index, key], f"{value!r} {problem}" if not problem.startswith("'") else problem)
            continue
        params[key] = value
    if not partial:
        for key, param in check.params.items():
            if key not in given and param.default is REQUIRED:
                problems.add(index, f"check '{check_name}' needs '{key}' ({param.help}): add '{key}: ...'")
    return params


def _check_name(rule: dict, known: dict | None, index: list[object], problems: _Problems) -> str | None:
    name = rule.get("check", known.get("check") if known else None)
    if name is None:
        problems.add(index, f"rule '{rule.get('id')}' is not a shipped rule and names no check: add 'check: ...'")
        return None
    if name not in CHECKS:
        at = [*index, "check"] if "check" in rule else index
        problems.add(at, f"unknown check '{name}'{_suggest(name, CHECKS)}: use one of {', '.join(sorted(CHECKS))}")
        return None
    return name


def _source(data: dict | None) -> Source | None:
    if not data:
        return None
    return Source(data["title"], data.get("url"), data.get("checked"), data.get("note"))


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _build(body: str, data: dict, files: tuple[str, ...]) -> Scheme:
    """A Scheme from merged data already checked (schema and parameters)."""
    rules = []
    for spec in data.get("rules", []):
        if spec.get("enabled") is False or spec.get("check") not in CHECKS:
            continue
        check = CHECKS[spec["check"]]
        params = {k: p.default for k, p in check.params.items() if p.default is not REQUIRED}
        params.update(spec.get("_params", {}))
        rules.append(
            Rule(
                id=spec["id"],
                check=spec["check"],
                body=body,
                source=_source(spec.get("source")) or Source(""),
                why=spec.get("why", ""),
                action=spec.get("action", ""),
                good_practice=bool(spec.get("good_practice", False)),
                params=params,
            )
        )
    cycle = data.get("cycle") or {}
    window = cycle.get("renewal_window") or {}
    audit = data.get("audit") or {}
    versions = tuple(
        StandardsVersion(
            version=str(v["version"]),
            effective=_day(v["effective"]),
            items=tuple(Standard(str(s["id"]), s["title"], tuple(s["rules"])) for s in v["items"]),
            source=_source(v.get("source")),
        )
        for v in data.get("standards", [])
    )
    return Scheme(
        id=body,
        name=data.get("name", body),
        short=data.get("short", body),
        rules=tuple(rules),
        kind=data.get("kind", "scheme"),
        registers=tuple(data.get("registers", ())),
        frameworks=dict(data.get("frameworks") or {}),
        cycle=Cycle(
            years=(1 if cycle.get("anchor") == "calendar" and "years" not in cycle else cycle.get("years")),
            anchor=cycle.get("anchor", "renewal"),
            default_renewal=_day(cycle.get("default_renewal")),
            window_opens=window.get("opens"),
            window_closes=window.get("closes"),
            declaration_due=cycle.get("declaration_due"),
            note=cycle.get("note"),
        ),
        audit=AuditFacts(
            layout=audit.get("layout", "standards"),
            sampled=audit.get("sampled"),
            sample_month=audit.get("sample_month"),
            covers=audit.get("covers"),
            submitted=audit.get("submitted"),
            source=_source(audit.get("source")),
        ),
        standards=versions,
        not_checked=tuple(data.get("not_checked", ())),
        files=files,
    )


def _check_rules(data: dict, shipped: dict[str, dict], problems: _Problems, *, partial: bool) -> None:
    """Each rule's check and parameters (stored under '_params'); a rule given twice in one file is refused."""
    seen: set[str] = set()
    for i, rule in enumerate(data.get("rules") or []):
        if not isinstance(rule, dict) or not isinstance(rule.get("id"), str):
            continue  # the schema has said so
        index = ["rules", i]
        if rule["id"] in seen:
            problems.add([*index, "id"], f"rule '{rule['id']}' is given twice in this file: keep one")
        seen.add(rule["id"])
        known = shipped.get(rule["id"])
        if known is None and partial:
            # A rule an override adds is a rule of its own: it says where it comes from, why and what to do.
            missing = [k for k in ("source", "why", "action") if k not in rule]
            for key in missing:
                problems.add(index, f"rule '{rule['id']}' is not a shipped rule: it needs '{key}: ...' too")
        name = _check_name(rule, known, index, problems)
        if name is None:
            continue
        if known and "check" in rule and rule["check"] != known.get("check"):
            partial_here = False  # a new check for a shipped id: its parameters start afresh
        else:
            partial_here = partial and known is not None
        rule["_params"] = _rule_params(rule, name, index, problems, partial=partial_here)


def _merge(shipped: dict, user: dict) -> dict:
    merged = {k: v for k, v in shipped.items() if k != "rules"}
    for key, value in user.items():
        if key in ("cycle", "audit") and isinstance(value, dict):
            merged[key] = {**(shipped.get(key) or {}), **value}
        elif key != "rules":
            merged[key] = value
    rules = {r["id"]: dict(r) for r in shipped.get("rules", [])}
    for override in user.get("rules") or []:
        base = rules.get(override["id"], {})
        if "check" in override and override["check"] != base.get("check"):
            base = {k: v for k, v in base.items() if k in _RULE_KEYS}
            base.pop("_params", None)
        params = {**base.get("_params", {}), **override.get("_params", {})}
        rules[override["id"]] = {**base, **override, "_params": params}
    merged["rules"] = list(rules.values())
    return merged


def _check_standards(data: dict, rule_ids: set[str], problems: _Problems) -> None:
    for v, version in enumerate(data.get("standards") or []):
        for s, standard in enumerate(version.get("items") or []):
            for r, rid in enumerate(standard.get("rules") or []):
                if rid not in rule_ids:
                    problems.add(
                        ["standards", v, "items", s, "rules", r],
                        f"no rule '{rid}'{_suggest(rid, rule_ids)}: name a rule of this scheme or a common one",
                    )


@cache
def _shipped_files() -> tuple[tuple[str, dict, tuple[Finding, ...]], ...]:
    """The shipped schemes, read and checked once per process."""
    read = []
    for path in sorted(SCHEMES_DIR.glob("*.yml")):
        data, problems = _read(path, f"schemes/{path.name}")
        if data is not None:
            _schema_problems(data, "scheme", problems)
            _check_rules(data, {}, problems, partial=False)
        read.append((path.stem, data or {}, problems))
    common = next((data for stem, data, _ in read if stem == COMMON), {})
    common_ids = {r["id"] for r in common.get("rules", []) if isinstance(r, dict)}
    for _, data, problems in read:
        _check_standards(data, {r["id"] for r in data.get("rules", []) if isinstance(r, dict)} | common_ids, problems)
    return tuple((stem, data, tuple(problems.found)) for stem, data, problems in read)


def shipped_bodies() -> list[str]:
    return sorted(stem for stem, _, _ in _shipped_files() if stem != COMMON)


def known_bodies(entries_root: Path | None) -> set[str]:
    """The bodies a registration may name: the shipped schemes, the user's own and 'other' (file names only)."""
    known = {*shipped_bodies(), OTHER}
    folder = entries_root / USER_RULES if entries_root else None
    if folder and folder.is_dir():
        known |= {p.stem for p in folder.glob("*.yml") if p.stem != COMMON}
    return known


def _user_files(entries_root: Path | None, folder: str) -> list[tuple[Path, str]]:
    if entries_root is None or not (entries_root / folder).is_dir():
        return []
    return [(p, f"{folder}/{p.name}") for p in sorted((entries_root / folder).glob("*.yml"))]


def load_catalogue(entries_root: Path | str | None = None, *, shown_root: str | None = None) -> Catalogue:
    """Every scheme and framework, with the user's files from the entries folder; never raises for a bad file:
    its problems are the catalogue's findings (the front ends refuse to compute from them: Catalogue.require)."""
    root = Path(entries_root) if entries_root is not None else None
    findings: list[Finding] = []
    merged: dict[str, tuple[dict, tuple[str, ...]]] = {}
    for stem, data, found in _shipped_files():
        findings.extend(found)
        merged[stem] = (data, (f"schemes/{stem}.yml",))
    if shown_root is None:
        shown_root = str(root) if root else ""
    shown_root = shown_root.rstrip("/") + "/" if shown_root else ""
    for path, rel in _user_files(root, USER_RULES):
        shown = shown_root + rel
        if not _inside(path, root):
            findings.append(
                Finding(
                    shown, 1, 1, ERROR, "file", "a link to a file outside the entries folder: copy the file in instead"
                )
            )
            continue
        data, problems = _read(path, shown)
        if data is not None:
            base = merged.get(path.stem)
            _schema_problems(data, "override" if base else "scheme", problems)
            if data.get("id", path.stem) != path.stem:
                problems.add(
                    ["id"], f"the id '{data.get('id')}' is not the file's name '{path.stem}': make them the same"
                )
            shipped_rules = {r["id"]: r for r in base[0].get("rules", [])} if base else {}
            _check_rules(data, shipped_rules, problems, partial=base is not None)
            if not any(f.severity == ERROR for f in problems.found):
                combined = _merge(base[0], data) if base else data
                merged[path.stem] = (combined, (*(base[1] if base else ()), shown))
                ids = {r["id"] for r in combined.get("rules", []) if r.get("enabled", True) is not False}
                ids |= {r["id"] for r in merged[COMMON][0].get("rules", [])}
                _check_standards(data if "standards" in data else {}, ids, problems)
        findings.extend(problems.found)
    schemes = {stem: _build(stem, data, files) for stem, (data, files) in merged.items()}
    frameworks, framework_findings = _load_frameworks(root, shown_root)
    return Catalogue(schemes, frameworks, tuple([*findings, *framework_findings]))


def _load_frameworks(root: Path | None, shown_root: str) -> tuple[dict[str, Framework], list[Finding]]:
    frameworks: dict[str, Framework] = {}
    findings: list[Finding] = []
    files = [(p, f"frameworks/{p.name}", False) for p in sorted(FRAMEWORKS_DIR.glob("*.yml"))]
    files += [(p, shown_root + rel, True) for p, rel in _user_files(root, USER_FRAMEWORKS)]
    for path, shown, users in files:
        if users and not _inside(path, root):
            findings.append(
                Finding(
                    shown, 1, 1, ERROR, "file", "a link to a file outside the entries folder: copy the file in instead"
                )
            )
            continue
        data, problems = _read(path, shown)
        if data is not None:
            _schema_problems(data, "framework", problems)
            variants = data.get("variants") or {}
            if variants and data.get("default") not in variants:
                problems.add(["default"], f"the default variant is not one of {', '.join(variants)}")
        findings.extend(problems.found)
        if data is None or any(f.severity == ERROR for f in problems.found):
            continue
        frameworks[data["id"]] = Framework(
            id=data["id"],
            name=data.get("name", data["id"]),
            competences={str(k): str(v) for k, v in (data.get("competences") or {}).items()},
            variants={str(n): {str(k): str(v) for k, v in codes.items()} for n, codes in variants.items()},
            default=data.get("default"),
        )
    return frameworks, findings


# --- cycles and periods ----------------------------------------------------------------------------------------


def _renewal(scheme: Scheme, portfolio: Portfolio) -> dt.date | None:
    """The date cycles end on (and its anniversaries): none for calendar years. `renewal`: the profile's renewal
    date, else the scheme's default; `registration`: the profile's renewal date (a registration year), else the
    scheme's default, else calendar years."""
    if scheme.cycle.anchor == "calendar":
        return None
    registered = None
    if portfolio.profile:
        registered = next((r.renewal for r in portfolio.profile.registrations if r.body == scheme.id), None)
    return registered or scheme.cycle.default_renewal


def _default_end(scheme: Scheme) -> str | None:
    return "12-31" if scheme.cycle.anchor in ("calendar", "registration") else None


def next_month_day(day: dt.date, month_day: str) -> dt.date:
    """The first `month_day` (MM-DD) after `day`: 01-31 after 31 December 2026 is 31 January 2027."""
    month, dom = (int(p) for p in month_day.split("-"))
    for year in (day.year, day.year + 1):
        candidate = dt.date(year, month, min(dom, calendar.monthrange(year, month)[1]))
        if candidate > day:
            return candidate
    raise AssertionError("unreachable")


def _bounds(scheme: Scheme, portfolio: Portfolio, back: int) -> tuple[dt.date, dt.date]:
    years = scheme.cycle.years or 1
    renewal, default_end = _renewal(scheme, portfolio), _default_end(scheme)
    as_of = portfolio.as_of
    if scheme.cycle.declaration_due and renewal is None:
        start, _ = cycle_bounds(as_of, years, renewal, default_end, 0)
        if as_of <= next_month_day(start - dt.timedelta(days=1), scheme.cycle.declaration_due):
            back += 1  # people are still declaring for the cycle just ended: it stays the current one
    return cycle_bounds(as_of, years, renewal, default_end, back)


def cycle_label(scheme: Scheme, start: dt.date, end: dt.date) -> str:
    if end.year == start.year:
        return f"{scheme.short} cycle {start.year}"
    return f"{scheme.short} cycle {start.year}-{end.year % 100:02d}"


def current_cycle(scheme: Scheme, portfolio: Portfolio) -> Period:
    """The body's current cycle: from the renewal date of its registration in the profile (or the scheme's own
    anchor), held on the one just ended while its declaration is still due."""
    if not scheme.cycle.years:
        return all_time(first_day(portfolio), portfolio.as_of)
    start, end = _bounds(scheme, portfolio, 0)
    return Period(cycle_label(scheme, start, end), start, end, f"cycle:{scheme.id}")


def cycles(scheme: Scheme, portfolio: Portfolio) -> list[Period]:
    """The body's current cycle and every earlier one back to the portfolio's first entry, newest first (a scheme
    with no cycle has one: the whole record, as its gaps count it)."""
    if not scheme.cycle.years:
        return [current_cycle(scheme, portfolio)]
    first = first_day(portfolio) or portfolio.as_of
    found = []
    for back in range(200):
        start, end = _bounds(scheme, portfolio, back)
        if end < first and found:
            break
        found.append(
            Period(f"{start.isoformat()} to {end.isoformat()}", start, end, f"{start.isoformat()}..{end.isoformat()}")
        )
    return found


def bodies_for(portfolio: Portfolio, catalogue: Catalogue, configured: list[str] | None = None) -> list[str]:
    """The bodies to check against: as configured, else the profile's registrations that have a scheme (the
    checker warns of the others), else HCPC."""
    if configured:
        return list(dict.fromkeys(configured))
    registered = [r.body for r in portfolio.profile.registrations] if portfolio.profile else []
    bodies = [b for b in dict.fromkeys(registered) if b in catalogue.schemes and b != COMMON]
    return bodies or [DEFAULT_BODY]


def default_period(portfolio: Portfolio, catalogue: Catalogue) -> Period:
    """The current cycle of the profile's first registration that has a scheme; all time when there is none."""
    registered = [r.body for r in portfolio.profile.registrations] if portfolio.profile else []
    first = next((b for b in registered if b in catalogue.schemes and b != COMMON), None)
    if first is None:
        return all_time(first_day(portfolio), portfolio.as_of)
    return current_cycle(catalogue.schemes[first], portfolio)


def resolve_period(
    text: str | None, portfolio: Portfolio, bodies: list[str], catalogue: Catalogue | None = None
) -> Period | None:
    """A --period value: all, YYYY, cycle, cycle:BODY or START..END. None stays None (each rule's own)."""
    if text is None:
        return None
    if catalogue is None:
        catalogue = load_catalogue(portfolio.root)
    text = text.strip().lower()
    if text == "all":
        return all_time(first_day(portfolio), portfolio.as_of)
    year = parse_year(text)
    if year is not None:
        return calendar_year(year)
    if text == "cycle" or text.startswith("cycle:"):
        body = text.partition(":")[2] or (bodies[0] if bodies else DEFAULT_BODY)
        try:
            return current_cycle(catalogue.scheme(body), portfolio)
        except SchemeError as exc:
            raise PeriodError(str(exc)) from None
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
