"""A department's view of its members' portfolios: each shares only what its owner's profile consents to.

Pure (no mkdocs import). The department file (`department.yml`) names the members: each one's portfolio folder (or a
git repository to clone), display name and own published site. Each member's portfolio is read, checked and analysed
on its own, reduced at once to what the profile's `share_with_department` allows, and let go: a department of a
thousand members never holds a thousand portfolios, and the members can be read in parallel processes.

What a member shares (`share_with_department` in the profile; nothing without it):

- figures: counts and hours by activity type, the competences evidenced, the deadlines, stretches without CPD.
- titles: the figures, and the titles, dates and types of the activities and the objectives.
- reflections: only those the profile names (`reflections: [entry paths]`), and only with titles.

Private entries and drafts never leave a member's portfolio: the department reads `portfolio.public()`, in which
neither is. No self-assessment (what an entry lacks, verdicts) is taken, only the facts above.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path

from .entries import ACTIVITY_TYPES, Consent, trim_body
from .findings import ERROR, Finding
from .periods import Period

NOTHING, FIGURES, TITLES = "nothing", "figures", "titles"
DEPARTMENT_SCHEMA = "department.schema.json"
CLONES = ".cpd-department"  # beside the department file: where members' git repositories are cloned


class DepartmentError(ValueError):
    """The department file cannot be used: every problem, each at its line and column."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("\n".join(str(f) for f in findings))
        self.findings = findings


@dataclass(frozen=True)
class Member:
    id: str  # a slug of the name, unique in the department: the member's page is members/<id>/
    name: str
    path: Path | None = None  # the portfolio's entries folder (resolved)
    git: str | None = None  # or a repository to clone (its entries folder is `entries` inside it)
    entries: str = "entries"
    site: str | None = None  # the member's own published site
    where: str = ""  # the path or repository as the department file gives it, for messages


@dataclass(frozen=True)
class Department:
    name: str
    members: tuple[Member, ...]
    file: Path


@dataclass(frozen=True)
class Deadline:
    body: str  # the scheme's short name: HCPC
    what: str  # renewal or declaration
    day: dt.date
    opens: dt.date | None = None  # its window opens
    sampled: dt.date | None = None  # the month the audit sample is drawn in (where the scheme says so)


@dataclass(frozen=True)
class SharedActivity:
    date: dt.date
    title: str
    type: str
    hours: float | None


@dataclass(frozen=True)
class SharedObjective:
    id: str
    title: str
    status: str
    due: dt.date


@dataclass(frozen=True)
class SharedReflection:
    date: dt.date
    title: str
    text: str  # the reflection's own words (comments removed): shown as text, never as markup


@dataclass(frozen=True)
class MemberView:
    """What one member shares with the department, or why they are left out (`problem`)."""

    member: Member
    share: str = NOTHING
    problem: str | None = None
    period: Period | None = None  # the current cycle the figures are over
    activities: int = 0
    hours: float = 0.0
    types: dict[str, int] = field(default_factory=dict)  # activities of each type in the period
    competences: frozenset[str] = frozenset()  # FRAMEWORK:CODE evidenced in the period
    deadlines: tuple[Deadline, ...] = ()
    unexplained: tuple[tuple[dt.date, dt.date], ...] = ()  # stretches without CPD and no break, in the period
    titles: tuple[SharedActivity, ...] = ()
    objectives: tuple[SharedObjective, ...] = ()
    reflections: tuple[SharedReflection, ...] = ()
    left_out: int = 0  # entries with errors, left out (counted, never named)

    @property
    def figures(self) -> bool:
        return self.problem is None and self.share in (FIGURES, TITLES)

    @property
    def with_titles(self) -> bool:
        return self.problem is None and self.share == TITLES


# --- the department file ---------------------------------------------------------------------------------------


def _slug(name: str) -> str:
    from .newentry import slugify

    return slugify(name, 40)


def load_department(path: Path | str, *, shown: str | None = None) -> Department:
    """The department file, checked against schema/department.schema.json: DepartmentError with every problem."""
    import jsonschema

    from .schemes import _read  # the scheme files' reader: positions, and one finding per problem

    path = Path(path)
    shown = shown or str(path)
    data, problems = _read(path, shown)
    if data is not None:
        schema = _department_schema()
        for error in jsonschema.Draft202012Validator(schema).iter_errors(data):
            where = list(error.absolute_path)
            if error.validator == "additionalProperties":
                allowed = ", ".join(error.schema.get("properties", {}))
                for key in set(error.instance) - set(error.schema.get("properties", {})):
                    problems.add([*where, key], f"unknown key '{key}' (allowed: {allowed})", key=True)
            elif error.validator == "required":
                name = re.findall(r"'([^']+)' is a required property", error.message)
                problems.add(where, f"required key '{name[0] if name else '?'}' is missing", key=bool(where))
            elif error.validator == "oneOf":
                problems.add(where, "give the member's portfolio as 'path:' (a folder) or 'git:' (a repository), one")
            else:
                problems.add(where, f"{error.message}: correct the value")
    if problems.found or not isinstance(data, dict):
        raise DepartmentError(problems.found or [Finding(shown, 1, 1, ERROR, "file", "the file is empty")])
    base = path.parent
    members, taken = [], set()
    for item in data["members"]:
        slug = _slug(item["name"])
        mid, n = slug, 2
        while mid in taken:
            mid, n = f"{slug}-{n}", n + 1
        taken.add(mid)
        folder = (base / item["path"]).resolve() if "path" in item else None
        members.append(
            Member(
                id=mid,
                name=item["name"],
                path=folder,
                git=item.get("git"),
                entries=item.get("entries", "entries"),
                site=item.get("site"),
                where=item.get("path") or item.get("git"),
            )
        )
    return Department(name=data.get("name", "Department"), members=tuple(members), file=path)


def _department_schema() -> dict:
    return json.loads(resources.files("cpd_portfolio.schema").joinpath(DEPARTMENT_SCHEMA).read_text(encoding="utf-8"))


# --- one member -----------------------------------------------------------------------------------------------------


def _entries_folder(member: Member, clones: Path) -> Path:
    """The member's entries folder: the path given (or its `entries` folder), or the clone of its repository."""
    if member.git is not None:
        target = clones / member.id
        if (target / ".git").is_dir():
            command = ["git", "-C", str(target), "pull", "--ff-only", "--quiet"]
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            command = ["git", "clone", "--quiet", "--depth", "1", "--", member.git, str(target)]
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}  # never wait for a password
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env, stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            said = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise _LeftOut(f"its repository could not be fetched ({said})")
        root = target / member.entries
    else:
        assert member.path is not None
        root = member.path / member.entries if (member.path / member.entries).is_dir() else member.path
    if not root.is_dir():
        raise _LeftOut(f"no portfolio folder at {member.where}" + (f" ({member.entries})" if member.git else ""))
    return root


class _LeftOut(Exception):
    """Why a member's portfolio is left out of the department."""


def read_member(member: Member, as_of: dt.date | None, clones: Path) -> MemberView:
    """What one member shares. Never raises: a portfolio that cannot be read leaves the member out, saying why.

    What a member shares is kept in clones/cache/<id>.json, under a key made of every file of their entries folder
    (path, size, modification time), the as-of date and this package's own code: the next build reads again only the
    members whose portfolio changed (a department's nightly build, most of whose members wrote nothing that day).
    """
    try:
        root = _entries_folder(member, clones)
        key = _cache_key(root, as_of)
        cached = _cached(clones, member, key)
        if cached is not None:
            return cached
        view = _read_member(member, root, as_of)
        _store(clones, member, key, view)
        return view
    except _LeftOut as exc:
        return MemberView(member, problem=str(exc))
    except Exception as exc:  # one member's broken portfolio must never stop the department's site
        return MemberView(member, problem=f"its portfolio could not be read ({exc.__class__.__name__}: {exc})")


def _read_member(member: Member, root: Path, as_of: dt.date | None) -> MemberView:
    from .analysis import analyse
    from .deadlines import standings
    from .entries import _without_comments
    from .portfolio import load_portfolio
    from .schemes import SchemeError, load_catalogue

    portfolio = load_portfolio(root, as_of=as_of, shown_root=member.name)
    consent: Consent | None = portfolio.profile.department if portfolio.profile else None
    left_out = len({f.path for f in portfolio.errors})
    if consent is None:
        return MemberView(member, left_out=left_out)
    public = portfolio.public()  # no private entry, no draft
    try:
        catalogue = load_catalogue(root, shown_root=member.name)
        analysis = analyse(public, catalogue)
    except SchemeError as exc:
        raise _LeftOut(f"a scheme file has an error ({str(exc).splitlines()[0]})") from None
    summary = analysis.summary
    deadlines = tuple(
        Deadline(
            s.scheme.short,
            "declaration" if s.scheme.cycle.declaration_due else "renewal",
            s.deadline,
            s.opens,
            s.sampled,
        )
        for s in standings(public, catalogue)
        if s.deadline is not None
    )
    spans = sorted({g.span for g in analysis.gaps if g.rule.check == "unexplained_gap" and g.span})
    acts = summary.activities
    view = MemberView(
        member,
        share=consent.share,
        period=summary.period,
        activities=len(acts),
        hours=round(sum(a.hours or 0.0 for a in acts), 2),
        types={t: n for t, n in Counter(a.type for a in acts).items()},
        competences=frozenset(code for a in acts for code in a.competences),
        deadlines=deadlines,
        unexplained=tuple(spans),
        left_out=left_out,
    )
    if consent.share != TITLES:
        return view
    named = set(consent.reflections)
    reflections = tuple(
        SharedReflection(a.date, a.title, trim_body(_without_comments(a.body)))
        for a in public.activities
        if a.source in named and a.reflection
    )
    return replace(
        view,
        titles=tuple(SharedActivity(a.date, a.title, a.type, a.hours) for a in acts),
        objectives=tuple(SharedObjective(o.id, o.label, o.status, o.due) for o in public.objectives),
        reflections=reflections,
    )


# --- the cache of what members share ----------------------------------------------------------------------------


@cache
def _code_version() -> str:
    """A hash of this package's core and schemas: a cache written by other code is never read."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    schema = Path(str(resources.files("cpd_portfolio.schema")))
    for folder in (package, schema):
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".yml", ".json") and path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _cache_key(root: Path, as_of: dt.date | None) -> str:
    digest = hashlib.sha256(f"{_code_version()} {as_of}".encode())
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            info = os.lstat(os.path.join(folder, name))
            digest.update(
                f"{os.path.relpath(os.path.join(folder, name), root)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode()
            )
    return digest.hexdigest()


def _cache_file(clones: Path, member: Member) -> Path:
    return clones / "cache" / f"{member.id}.json"


def _cached(clones: Path, member: Member, key: str) -> MemberView | None:
    try:
        data = json.loads(_cache_file(clones, member).read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        return _view_from(data["view"], member)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no cache, or one that cannot be read: the portfolio is read again


def _store(clones: Path, member: Member, key: str, view: MemberView) -> None:
    path = _cache_file(clones, member)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"key": key, "view": _view_data(view)}), encoding="utf-8")
        os.replace(temporary, path)  # whole or not at all, even with several processes
    except OSError:
        pass  # a cache that cannot be written only costs the next build time


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _view_data(v: MemberView) -> dict:
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    return {
        "share": v.share,
        "period": [v.period.label, iso(v.period.start), iso(v.period.end), v.period.key] if v.period else None,
        "activities": v.activities,
        "hours": v.hours,
        "types": v.types,
        "competences": sorted(v.competences),
        "deadlines": [[d.body, d.what, iso(d.day), iso(d.opens), iso(d.sampled)] for d in v.deadlines],
        "unexplained": [[iso(a), iso(b)] for a, b in v.unexplained],
        "titles": [[iso(a.date), a.title, a.type, a.hours] for a in v.titles],
        "objectives": [[o.id, o.title, o.status, iso(o.due)] for o in v.objectives],
        "reflections": [[iso(r.date), r.title, r.text] for r in v.reflections],
        "left_out": v.left_out,
    }


def _view_from(d: dict, member: Member) -> MemberView:
    period = d["period"]
    return MemberView(
        member,
        share=d["share"],
        period=Period(period[0], _day(period[1]), _day(period[2]), period[3]) if period else None,
        activities=d["activities"],
        hours=d["hours"],
        types=d["types"],
        competences=frozenset(d["competences"]),
        deadlines=tuple(Deadline(b, w, _day(x), _day(o), _day(s)) for b, w, x, o, s in d["deadlines"]),
        unexplained=tuple((_day(a), _day(b)) for a, b in d["unexplained"]),
        titles=tuple(SharedActivity(_day(x), t, ty, h) for x, t, ty, h in d["titles"]),
        objectives=tuple(SharedObjective(i, t, st, _day(x)) for i, t, st, x in d["objectives"]),
        reflections=tuple(SharedReflection(_day(x), t, text) for x, t, text in d["reflections"]),
        left_out=d["left_out"],
    )


def read_members(
    department: Department,
    as_of: dt.date | None = None,
    *,
    workers: int = 1,
    clones: Path | None = None,
) -> list[MemberView]:
    """Every member's view, in the department file's order. `workers` > 1 reads members in that many processes."""
    from .portfolio import default_as_of

    clones = clones or department.file.parent / CLONES
    as_of = as_of or default_as_of()  # a day, not None: what a member shares depends on it, and so does the cache
    members = department.members
    if workers <= 1 or len(members) < 2:
        return [read_member(m, as_of, clones) for m in members]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(read_member, members, [as_of] * len(members), [clones] * len(members), chunksize=4))


# --- the department's pages' facts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamObjective:
    """An objective that several members share (the same id, or the same title)."""

    title: str
    members: tuple[tuple[MemberView, SharedObjective], ...]


def team_objectives(views: Iterable[MemberView]) -> list[TeamObjective]:
    """Objectives (active or achieved) that two or more members with titles share, by id or by title."""
    groups: dict[str, list[tuple[MemberView, SharedObjective]]] = {}
    for view in views:
        if not view.with_titles:
            continue
        seen = set()
        for o in view.objectives:
            if o.status == "dropped":
                continue
            key = o.id if o.id else o.title.casefold()
            if key in seen:
                continue
            seen.add(key)
            groups.setdefault(key, []).append((view, o))
    found = [TeamObjective(rows[0][1].title, tuple(rows)) for rows in groups.values() if len(rows) > 1]
    return sorted(found, key=lambda t: (-len(t.members), t.title.casefold()))


def competence_columns(views: Iterable[MemberView]) -> dict[str, list[str]]:
    """Every competence code the members evidence, by framework, in code order."""
    by_framework: dict[str, set[str]] = {}
    for view in views:
        if view.figures:
            for code in view.competences:
                framework, _, key = code.partition(":")
                by_framework.setdefault(framework, set()).add(key)
    return {fw: sorted(keys, key=_natural) for fw, keys in sorted(by_framework.items())}


def _natural(code: str) -> list:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", code)]


def upcoming(views: Iterable[MemberView]) -> list[tuple[Deadline, MemberView]]:
    """Every deadline of the members who share figures, soonest first."""
    rows = [(d, v) for v in views if v.figures for d in v.deadlines]
    return sorted(rows, key=lambda r: (r[0].day, r[1].member.name.casefold()))


__all__ = [
    "ACTIVITY_TYPES",
    "Deadline",
    "Department",
    "DepartmentError",
    "Member",
    "MemberView",
    "TeamObjective",
    "competence_columns",
    "load_department",
    "read_member",
    "read_members",
    "team_objectives",
    "upcoming",
]
