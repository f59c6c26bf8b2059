"""Check entries against the schema and each other; turn checked front matter into entries.

One function, `check_entry`, serves every front end: it returns findings, never raises for bad input.
"""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import json
import os
import posixpath
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .dates import day_first, outside_message, supported
from .entries import (
    ACTIVITY_TYPES,
    AUDIT_READY,
    EXCHANGE_KINDS,
    PARTS,
    Activity,
    Break,
    Consent,
    Entry,
    Evidence,
    Exchange,
    Objective,
    Profile,
    Registration,
    has_part,
    schema_enum,
    word_count,
)
from .findings import ERROR, WARNING, Finding, shown_path
from .markup import markup_problem
from .reading import RawEntry, key_label
from .reflection import ReflectionModels, load_models, shipped_models
from .validity import Unsupported, compile_schema, inline_refs

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    import jsonschema

# The schema is the top-level schema/entry.schema.json, which pyproject.toml maps into the package as
# cpd_portfolio.schema: found by importlib.resources, the same way in an editable install and in a wheel.
SCHEMA_PACKAGE = "cpd_portfolio.schema"
SCHEMA_NAME = "entry.schema.json"
# A bare evidence item that starts with a scheme (two letters or more: C:\\ is a Windows path) is an address.
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]+:")

_LIST_FIELDS = {"objectives", "outcomes", "competences", "tags", "evidence", "registrations"}
_NUMBER_FIELDS = {"hours": "a number of hours, e.g. 1.5", "target_hours": "a number of hours, e.g. 20"}


def schema_file() -> Traversable:
    """The entry schema as a package resource: schema/entry.schema.json itself in an editable install, its copy
    cpd_portfolio/schema/entry.schema.json in an installed wheel."""
    return resources.files(SCHEMA_PACKAGE).joinpath(SCHEMA_NAME)


def schema_path() -> Path:
    """The entry schema's file, for editors (`cpd schema`): pip installs a package as files, so the resource is one."""
    return Path(str(schema_file())).resolve()


@cache
def schema() -> dict:
    """The entry schema (JSON Schema 2020-12): schema/entry.schema.json, read through importlib.resources."""
    return json.loads(schema_file().read_text(encoding="utf-8"))


# jsonschema is imported when an entry is invalid, not before: a valid portfolio is proved so by core.validity,
# and a build or check need not pay for loading it.


@cache
def web_address() -> Callable[[str], object]:
    """The schema's test of an evidence url (only http and https): bare addresses are held to the same one."""
    url = next(branch for branch in schema()["$defs"]["evidenceItem"]["oneOf"] if "url" in branch.get("properties", {}))
    return re.compile(url["properties"]["url"]["pattern"]).search


@cache
def _validator() -> jsonschema.protocols.Validator:
    import jsonschema

    cls = jsonschema.validators.validator_for(schema())
    return cls(schema(), format_checker=cls.FORMAT_CHECKER)


@cache
def _kind_schema(kind: str) -> dict:
    """The schema of one kind with every $ref written out: no reference lookups per entry."""
    root = schema()
    defs = root["$defs"]
    sub = inline_refs(defs[kind], defs)
    sub["$schema"] = root["$schema"]
    return sub


@cache
def _kind_validator(kind: str) -> jsonschema.protocols.Validator:
    import jsonschema

    cls = jsonschema.validators.validator_for(schema())
    return cls(_kind_schema(kind), format_checker=cls.FORMAT_CHECKER)


KINDS = schema_enum("properties", "kind")  # activity, objective, break, profile: the schema's list


def kind_of(data: dict[str, object]) -> str | None:
    kind = data.get("kind", "activity")
    return kind if kind in KINDS else None


def _suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


# A mapping with more unknown fields than this is not a typo or two: the rest are listed without a suggestion,
# which difflib takes a moment to make for each (33,000 unknown fields: 0.6 s of suggestions).
SUGGESTED_FIELDS = 100


def _field_name(path: list[object]) -> str:
    """evidence[2].path; a name that is not a plain word is quoted, so it cannot break the output line."""
    name = ""
    for part in path:
        if isinstance(part, int):
            name += f"[{part}]"
            continue
        part = key_label(str(part))
        name += f".{part}" if name else part
    return name or "front matter"


def _shown(value: object) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "an empty value"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return str(value)


def _schema_message(error: jsonschema.ValidationError, data: dict[str, object]) -> tuple[list[object], str]:
    """A schema error as (path, message)."""
    path = list(error.absolute_path)
    last = next((p for p in reversed(path) if isinstance(p, str)), "")
    value = error.instance
    keyword = error.validator
    if keyword == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        name = missing[0] if missing else "a field"
        if name == "closed":
            return (
                [*path, "closed"],
                "'closed' is required when status is achieved or dropped: add the date it ended",
            )
        return [*path, name], f"required field '{name}' is missing: add '{name}: ...'"
    if keyword == "enum":
        choices = [str(c) for c in error.validator_value]
        return path, f"{_shown(value)} is not one of {', '.join(choices)}{_suggest(str(value), choices)}"
    if keyword == "type":
        if last in _NUMBER_FIELDS:
            return path, f"{_shown(value)} is not a number: use {_NUMBER_FIELDS[last]}"
        if last in ("private", "highlight"):
            return path, f"{_shown(value)} is not true or false: use true or false"
        if isinstance(error.validator_value, str) and error.validator_value == "array":
            return path, f"{_shown(value)} is not a list: write one '- item' per line under '{last}:'"
        if error.validator_value == "object":
            return path, f"{_shown(value)} is not a mapping: write 'field: value' pairs"
        return path, f"{_shown(value)} is not text: write it as text (quote it if needed)"
    if keyword in ("pattern", "format"):
        if error.schema.get("format") == "date":
            if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                day = _valid_date(value)
                if day is not None and not supported(day):  # a real date, in a year the pattern leaves out
                    return path, outside_message(_shown(value))
                return path, f"{_shown(value)} is not a real date: use a date that exists, YYYY-MM-DD"
            uk = day_first(value) if isinstance(value, str) else None  # 12/03/2025: the day comes first
            example = uk.isoformat() if uk else "2026-03-01"
            return path, f"{_shown(value)} is not a date: write it as YYYY-MM-DD, e.g. {example}"
        if error.schema.get("pattern") == schema()["$defs"]["competence"]["pattern"]:
            return path, f"{_shown(value)} is not a competence code: write FRAMEWORK:CODE, e.g. UK-SPEC:B2"
        if last == "url":
            return path, f"{_shown(value)} is not a web address: start it with https://"
        slug = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-") or "my-objective"
        return (
            path,
            f"{_shown(value)} is not a valid id: use lowercase letters, digits and hyphens, e.g. '{slug}'",
        )
    if keyword == "exclusiveMinimum":
        return path, f"{_shown(value)} must be greater than {error.validator_value}"
    if keyword == "maximum":
        return path, f"{_shown(value)} is more than the maximum of {error.validator_value}: check the figure"
    if keyword == "minLength":
        return path, "is empty: write something or remove the field"
    if keyword == "maxLength":
        return path, f"is longer than {error.validator_value} characters: shorten it"
    if keyword == "const":
        return path, f"{_shown(value)} must be {error.validator_value!r}"
    return path, f"{error.message}: correct the value"


@cache
def _kind_is_valid(kind: str) -> Callable[[object], bool] | None:
    """The fast yes-or-no check of one kind (None if the schema uses what `validity` does not compile)."""
    try:
        return compile_schema(_kind_schema(kind))
    except Unsupported:
        return None


def _schema_findings(raw: RawEntry) -> list[Finding]:
    findings: list[Finding] = []
    kind = kind_of(raw.data)
    # Most entries are valid: say so quickly, and ask jsonschema only for the errors of the others.
    is_valid = _kind_is_valid(kind) if kind else None
    if is_valid is not None and is_valid(raw.data):
        return findings
    # The whole schema only when the kind itself is wrong; otherwise that kind's own, faster validator.
    validator = _kind_validator(kind) if kind else _validator()
    for error in validator.iter_errors(raw.data):
        for leaf in _leaves(error):
            if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
                allowed = list(leaf.schema.get("properties", {}))
                # Made once for all the unknown fields of a mapping, however many: each is reported in one pass.
                known, at = set(allowed), list(leaf.absolute_path)
                listed = f" (allowed: {', '.join(allowed)})"
                within = _field_name(at) + "." if at else ""
                unknown = 0
                for key in leaf.instance:
                    if key in known:
                        continue
                    unknown += 1
                    line, column = raw.locate([*at, key], key=True)
                    label = key_label(key)
                    field = within + label  # _field_name([*at, key])
                    hint = (_suggest(key, allowed) if unknown <= SUGGESTED_FIELDS else "") or listed
                    shown = key if label == key else json.dumps(key, ensure_ascii=False)[1:-1]
                    findings.append(Finding(raw.path, line, column, ERROR, field, f"unknown field '{shown}'{hint}"))
                continue
            path, message = _schema_message(leaf, raw.data)
            at = path if leaf.validator != "required" else list(leaf.absolute_path)
            line, column = raw.locate(at, key=leaf.validator == "required")
            findings.append(Finding(raw.path, line, column, ERROR, _field_name(path), message))
    # An entry may fail one rule through two schema branches; say it once.
    return list(dict.fromkeys(findings))


def _leaves(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """The errors worth showing: for oneOf (evidence items), the branch that fits the value's form."""
    if error.validator != "oneOf" or not error.context:
        return [error]
    value = error.instance
    branch = 0 if not isinstance(value, dict) else (2 if "url" in value else 1)
    chosen = [e for e in error.context if e.relative_schema_path[0] == branch]
    if isinstance(value, (str, dict)) and chosen:
        return [leaf for e in chosen for leaf in _leaves(e)]
    import jsonschema

    return [
        jsonschema.ValidationError(
            "evidence", validator="evidence", instance=value, path=error.path, schema_path=error.schema_path
        )
    ]


def _valid_date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


# A file named by its date: 2025-03-12-journal-club.md (2025-09-parental-leave.md names a month, not a day).
_NAMED_BY_DATE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?![0-9])")


def _named_date(rel: str) -> dt.date | None:
    """The date a file's name starts with, if it is a real one."""
    match = _NAMED_BY_DATE.match(posixpath.basename(rel))
    return _valid_date(match[1]) if match else None


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def _tuple(value: object) -> tuple:
    return tuple(value) if isinstance(value, list) else ()


def _evidence(raw: RawEntry, entries_root: EntriesRoot | None) -> tuple[tuple[Evidence, ...], list[Finding]]:
    items: list[Evidence] = []
    findings: list[Finding] = []
    for i, item in enumerate(_tuple(raw.data.get("evidence"))):
        title = item.get("title") if isinstance(item, dict) else None
        if isinstance(item, dict) and "url" in item:
            if isinstance(item["url"], str) and web_address()(item["url"]) and isinstance(title, (str, type(None))):
                items.append(Evidence(title=title, url=item["url"]))
            continue  # anything else is the schema's to report
        target = item.get("path") if isinstance(item, dict) else item
        if not isinstance(target, str) or not target or not isinstance(title, (str, type(None))):
            continue  # the schema reports its shape
        where = ["evidence", i] + (["path"] if isinstance(item, dict) else [])
        if not isinstance(item, dict) and _SCHEME.match(target):
            if web_address()(target):
                items.append(Evidence(title=title, url=target))
            else:
                line, column = raw.locate(where)
                findings.append(Finding(raw.path, line, column, ERROR, _field_name(where), _address_problem(target)))
            continue
        problem = _evidence_problem(target, raw.rel, entries_root)
        if not isinstance(problem, EvidencePath):
            line, column = raw.locate(where)
            findings.append(Finding(raw.path, line, column, ERROR, _field_name(where), problem))
            continue
        rel = problem
        items.append(Evidence(title=title, path=str(rel)))
    return tuple(items), findings


def _address_problem(target: str) -> str:
    shown = _shown(target)
    scheme = target.partition(":")[0].lower()
    if scheme in ("http", "https"):
        if not target.startswith(("http://", "https://")):
            return f"{shown} is not a web address: write its start in lowercase, {scheme}://"
        return f"{shown} is not a web address: write it as https://host/path, with no spaces"
    return (
        f"{shown} is not a web address the site may link to: evidence addresses start with https:// (or http://); "
        "for a file, give its path relative to this entry, e.g. ./file.pdf"
    )


class EntriesRoot:
    """The entries folder, where evidence is looked up: its real path, and each folder's, found once rather than
    for each of thousands of evidence files."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._inside = os.path.realpath(self.path).rstrip(os.sep) + os.sep  # what a real path inside starts with
        self._folders: dict[str, str] = {}
        self.entry_files: frozenset[str] = frozenset()  # the entries' own files, relative: never evidence
        self._models: ReflectionModels | None = None

    def reflection_models(self) -> ReflectionModels:
        """The shipped reflection models and the user's (_models/<id>.md), read once per portfolio."""
        if self._models is None:
            self._models = load_models(self.path)
        return self._models

    def real_path(self, full: str) -> str:
        if os.path.islink(full):
            return os.path.realpath(full)
        folder, name = os.path.split(full)
        if folder not in self._folders:
            self._folders[folder] = os.path.realpath(folder)
        return os.path.join(self._folders[folder], name)

    def holds(self, real: str) -> bool:
        return real.startswith(self._inside)


def _evidence_problem(target: str, entry_rel: str, entries_root: EntriesRoot | None) -> str:
    """The evidence file's path relative to the entries folder (an EvidencePath), or what is wrong with it."""
    # Quoted as written; a line break or control character escaped, so that the finding stays on one line.
    shown = f"'{target}'" if target.isprintable() else repr(target)
    if "\x00" in target:
        return f"{target!r} holds a NUL character: write the file name as it is"
    if target.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", target):
        return f"{shown} is an absolute path: give the path relative to this entry, e.g. ../evidence/file.pdf"
    rel = posixpath.normpath(posixpath.join(posixpath.dirname(entry_rel), target.replace("\\", "/")))
    if rel == ".." or rel.startswith("../"):
        return f"{shown} leaves the entries folder: keep evidence files inside it"
    if entries_root is None:
        return EvidencePath(rel)
    if rel in entries_root.entry_files:
        # Published as evidence, an entry's file would be its raw text, a private entry's included.
        return f"{shown} is an entry of the portfolio, not an evidence file: link the evidence itself"
    full = os.path.join(entries_root.path, rel)
    try:
        mode = os.stat(full).st_mode  # one look at the file, following links
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"{shown} is a link that loops back on itself: link the file itself"
        mode = 0
    except ValueError:  # a path the system cannot name
        mode = 0
    if stat.S_ISDIR(mode):
        return f"{shown} is a folder: link a file in it"
    if not stat.S_ISREG(mode):
        return f"evidence file {shown} not found: fix the path (relative to this entry) or add the file"
    if not entries_root.holds(entries_root.real_path(full)):
        return f"{shown} is a link that leaves the entries folder: copy the file inside it"
    return EvidencePath(rel)


class EvidencePath(str):
    """A checked evidence path, relative to the entries folder (as opposed to a message)."""


def _within(name: str, fields: set[str], lengths: set[int]) -> bool:
    """Whether the field `name` is one of `fields` (whose lengths are `lengths`) or inside one: evidence[2].path is
    inside evidence and evidence[2]. Looked up, not compared with each of thousands of fields."""
    return name in fields or any(name[n : n + 1] in (".", "[") and name[:n] in fields for n in lengths)


def check_entry(
    raw: RawEntry, *, as_of: dt.date, entries_root: Path | EntriesRoot | None = None
) -> tuple[Entry | None, list[Finding]]:
    """Validate one parsed entry; return the entry (None when it has errors) and its findings.

    Every problem is found in one pass: schema errors do not hide broken evidence links or dates
    out of order, and a value YAML refused is not reported a second time by the schema.
    """
    if entries_root is not None and not isinstance(entries_root, EntriesRoot):
        entries_root = EntriesRoot(entries_root)
    findings = list(raw.findings)
    refused = {f.field for f in findings if f.severity == ERROR}
    lengths = {len(name) for name in refused}
    findings.extend(f for f in _schema_findings(raw) if not (refused and _within(f.field, refused, lengths)))
    data = raw.data
    kind = kind_of(data)
    body = raw.body

    def error(field: str, message: str, severity: str = ERROR) -> None:
        line, column = raw.locate([field] if field in data else [])
        findings.append(Finding(raw.path, line, column, severity, field, message))

    start, end = _valid_date(data.get("date")), _valid_date(data.get("end"))
    if kind in ("activity", "break") and start and end and end < start:
        error("end", f"end {end} is before date {start}: correct one of them")
    with_evidence = kind == "activity" or kind in EXCHANGE_KINDS
    if any(f.severity == ERROR for f in findings):
        if with_evidence:
            findings.extend(_evidence(raw, entries_root)[1])
        return None, findings
    # A broken evidence link is an error, but the entry still counts: the link is left out.
    evidence, problems = _evidence(raw, entries_root) if with_evidence else ((), [])
    # Markup the site's HTML parser cannot take is an error, but the entry still counts: its body is shown as text.
    unreadable = markup_problem(body) if kind in ("activity", "objective", *EXCHANGE_KINDS) else None
    if unreadable is not None:
        line, column, what = unreadable
        part = "action plan" if kind == "objective" else "reflection"
        message = (
            f"{what}, so the site shows this {part} as plain text: write '&lt;' for a '<' that starts no tag, or put "
            "the text in a fenced code block"
        )
        problems.append(Finding(raw.path, raw.body_line + line - 1, column, ERROR, part, message))
    findings.extend(problems)
    if kind in ("activity", "objective", "break", *EXCHANGE_KINDS):
        named = _named_date(raw.rel)
        day = _valid_date(data.get("date"))
        if named and day and named != day:
            message = f"the file name says {named} but date is {day}: rename the file or correct the date"
            error("date", message, WARNING)

    entry: Entry
    if kind == "activity":
        entry = Activity(
            source=raw.rel,
            title=data["title"],
            date=_date(data["date"]),
            type=data["type"],
            end=_date(data.get("end")),
            hours=data.get("hours"),
            method=data.get("method"),
            objectives=_tuple(data.get("objectives")),
            outcomes=_tuple(data.get("outcomes")),
            application=data.get("application"),
            benefit=data.get("benefit"),
            competences=_tuple(data.get("competences")),
            tags=_tuple(data.get("tags")),
            evidence=evidence,
            private=bool(data.get("private", False)),
            draft=bool(data.get("draft", False)),
            highlight=bool(data.get("highlight", False)),
            body=body,
        )
        if entry.draft:
            # Noted in a minute, finished later: what it still lacks is said once, not part by part.
            missing = [part.name for part in AUDIT_READY if not has_part(entry, part.name)]
            error(
                "draft",
                "a draft, not published or counted until finished"
                + (f" (it has no {', '.join(missing)} yet)" if missing else "")
                + ": finish it, then remove 'draft: true'",
                WARNING,
            )
        else:
            for part in AUDIT_READY:
                if not has_part(entry, part.name):
                    error(part.name, f"no {part.name}: {part.ask}", WARNING)
            findings.extend(_empty_headings(raw, entry, entries_root, error))
    elif kind == "objective":
        entry = Objective(
            source=raw.rel,
            id=data["id"],
            due=_date(data["due"]),
            title=data.get("title"),
            date=_date(data.get("date")),
            need=data.get("need"),
            success=data.get("success"),
            target_hours=data.get("target_hours"),
            competences=_tuple(data.get("competences")),
            tags=_tuple(data.get("tags")),
            status=data.get("status", "active"),
            closed=_date(data.get("closed")),
            evaluation=data.get("evaluation"),
            body=body,
        )
        if entry.date and entry.due < entry.date:
            error("due", f"due {entry.due} is before the date it was set, {entry.date}: correct one of them")
        if entry.closed and entry.date and entry.closed < entry.date:
            error("closed", f"closed {entry.closed} is before the date it was set, {entry.date}: correct one of them")
        if entry.status == "achieved" and not entry.evaluation:
            error(
                "evaluation",
                "achieved but not evaluated: add 'evaluation:' saying how it went against the objective",
                WARNING,
            )
    elif kind in EXCHANGE_KINDS:
        entry = Exchange(
            source=raw.rel,
            kind=kind,
            title=data["title"],
            date=_date(data["date"]),
            who=data[EXCHANGE_KINDS[kind]],
            application=data.get("application"),
            competences=_tuple(data.get("competences")),
            tags=_tuple(data.get("tags")),
            evidence=evidence,
            private=bool(data.get("private", False)),
            body=body,
        )
        if not entry.reflection:
            said = "was said" if kind == "feedback" else "you discussed"
            error(
                "reflection",
                f"no reflection: write below the front matter what {said} and what you take from it",
                WARNING,
            )
    elif kind == "break":
        entry = Break(
            source=raw.rel,
            date=_date(data["date"]),
            end=_date(data["end"]),
            title=data.get("title"),
            reason=data.get("reason"),
        )
    else:
        regs = tuple(
            Registration(
                body=r["body"],
                number=None if r.get("number") is None else str(r["number"]),
                designation=r.get("designation"),
                renewal=_date(r.get("renewal")),
            )
            for r in _tuple(data.get("registrations"))
        )
        shared = data.get("share_with_department")
        consent = None
        if isinstance(shared, str):
            consent = Consent(shared)
        elif isinstance(shared, dict):
            consent = Consent(shared["share"], _tuple(shared.get("reflections")))
            if consent.reflections and consent.share != "titles":
                line, column = raw.locate(["share_with_department", "reflections"])
                findings.append(
                    Finding(
                        raw.path,
                        line,
                        column,
                        WARNING,
                        "share_with_department.reflections",
                        "reflections are shared only with titles: write 'share: titles', or remove the list",
                    )
                )
        entry = Profile(
            source=raw.rel,
            name=data.get("name"),
            role=data.get("role"),
            registrations=regs,
            body=body,
            department=consent,
        )
        if entries_root is not None:
            from .schemes import DEFAULT_BODY, known_bodies, load_catalogue  # they read the checker: imported here

            known = known_bodies(Path(entries_root.path))
            # The word limit of the summary is the registrations' schemes' (the HCPC's 500): read there, not here.
            schemes = load_catalogue(entries_root.path).schemes
            words = word_count(entry.summary)
            bodies = [r.body for r in regs if r.body in schemes] or [DEFAULT_BODY]  # as the gaps choose them
            for scheme in (schemes[b] for b in bodies):
                limit = scheme.limit("summary_of_practice")
                if limit is not None and words > limit:
                    findings.append(
                        Finding(
                            raw.path,
                            raw.body_line,
                            1,
                            WARNING,
                            "summary",
                            f"the summary of practice has {words} words, over the {scheme.short} limit of {limit}: "
                            "shorten it",
                        )
                    )
                    break
            for index, reg in enumerate(regs):
                if reg.body not in known:
                    line, column = raw.locate(["registrations", index, "body"])
                    findings.append(
                        Finding(
                            raw.path,
                            line,
                            column,
                            WARNING,
                            f"registrations[{index}].body",
                            f"no scheme for '{reg.body}'{_suggest(reg.body, sorted(known))}: its rules are not checked; "
                            f"use one of {', '.join(sorted(known))}, or write entries/_rules/{reg.body}.yml "
                            "(see docs/schemes/your-own-scheme.md)",
                        )
                    )
    if isinstance(entry, (Activity, Exchange)) and entry.date > as_of:
        error("date", f"{entry.date} is in the future (after {as_of}): check the date", WARNING)
    if any(f.severity == ERROR for f in findings if f not in problems):
        return None, findings
    return entry, findings


def _empty_headings(
    raw: RawEntry, activity: Activity, entries_root: EntriesRoot | None, error: Callable[..., None]
) -> list[Finding]:
    """A warning at each heading of a reflection model (shipped or the user's) with nothing under it. A body of
    nothing but such headings and comments is an unfilled template: it also has the usual 'no reflection' warning,
    although its headings are text."""
    if "#" not in raw.body:
        return []
    models = entries_root.reflection_models() if entries_root is not None else shipped_models()
    found = models.headings_in(raw.body)
    if found.unwritten and has_part(activity, "reflection"):
        error("reflection", f"no reflection: {PARTS['reflection'].ask}", WARNING)
    return [
        Finding(
            raw.path,
            raw.body_line + empty.line - 1,
            empty.column,
            WARNING,
            "reflection",
            f"the heading '{empty.heading}' ({empty.model.name}) has nothing under it: write this part of the "
            "reflection below it, or delete the heading",
        )
        for empty in found.empty
    ]


@dataclass(frozen=True)
class Links:
    """What the rules across entries need from one entry, with positions: kept instead of its node tree."""

    path: str
    kind: str | None
    id: tuple[str, int, int] | None = None  # objective id and where it is
    kind_at: tuple[int, int] = (1, 1)
    objectives: tuple[tuple[str, int, int, int], ...] = ()  # (id, index, line, column) named by an activity


def links_of(raw: RawEntry) -> Links:
    data = raw.data
    kind = kind_of(data)
    oid = data.get("id")
    refs = data.get("objectives")
    return Links(
        path=raw.path,
        kind=kind,
        id=(oid, *raw.locate(["id"])) if kind == "objective" and isinstance(oid, str) else None,
        kind_at=raw.locate(["kind"]) if kind == "profile" else (1, 1),
        objectives=tuple((ref, i, *raw.locate(["objectives", i])) for i, ref in enumerate(refs) if isinstance(ref, str))
        if kind == "activity" and isinstance(refs, list)
        else (),
    )


def check_portfolio_links(entries: list[Links]) -> list[Finding]:
    """Rules across entries: unique objective ids, known objective references, one profile."""
    findings: list[Finding] = []
    objective_ids: dict[str, str] = {}
    profile_path: str | None = None
    for links in entries:
        if links.id is not None:
            oid, line, column = links.id
            if oid in objective_ids:
                message = (
                    f"objective id '{oid}' is already used by {shown_path(objective_ids[oid])}: "
                    "give each objective its own id"
                )
                findings.append(Finding(links.path, line, column, ERROR, "id", message))
            else:
                objective_ids[oid] = links.path
        elif links.kind == "profile":
            if profile_path is not None:
                message = (
                    f"a second profile (the first is {shown_path(profile_path)}): keep one profile and merge the two"
                )
                findings.append(Finding(links.path, *links.kind_at, ERROR, "kind", message))
            else:
                profile_path = links.path
    known = list(objective_ids)
    for links in entries:
        for oid, i, line, column in links.objectives:
            if oid not in objective_ids:
                message = (
                    f"no objective has the id '{oid}'{_suggest(oid, known)}: "
                    "fix the id or create it with 'cpd new objective'"
                )
                findings.append(Finding(links.path, line, column, ERROR, f"objectives[{i}]", message))
    return findings


__all__ = ["ACTIVITY_TYPES", "check_entry", "check_portfolio_links", "schema", "schema_file", "schema_path"]
