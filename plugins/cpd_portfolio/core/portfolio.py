"""The whole portfolio: every entry file under one folder, read and checked in one pass."""

from __future__ import annotations

import datetime as dt
import errno
import gc
import os
import stat
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .checking import EntriesRoot, Links, check_entry, check_portfolio_links, links_of
from .dates import check_supported, supported
from .entries import Activity, Break, Exchange, Objective, Profile
from .findings import ERROR, WARNING, Finding, sort_findings
from .reading import MAX_BYTES, RawEntry, read_entry


def default_as_of() -> dt.date:
    """SOURCE_DATE_EPOCH when set (reproducible builds and tests) to a day in the supported range, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            day = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            pass
        else:
            if supported(day):  # as an epoch that is not a number, one outside the range is not used
                return day
    return dt.date.today()


@dataclass
class Portfolio:
    """Checked entries and every finding.

    An entry whose fields are invalid is left out of the lists; one whose only errors are broken
    evidence links or unknown objective ids stays in, without the broken evidence.
    """

    root: Path
    as_of: dt.date
    activities: list[Activity] = field(default_factory=list)
    drafts: list[Activity] = field(default_factory=list)  # draft: true: in no figure, page or export, only listed
    objectives: list[Objective] = field(default_factory=list)
    breaks: list[Break] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)  # feedback received and discussions held
    profile: Profile | None = None
    findings: list[Finding] = field(default_factory=list)
    files_read: int = 0
    files: dict[str, str] = field(default_factory=dict)  # source -> path as shown

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    def objective(self, oid: str) -> Objective | None:
        return self._objectives_by_id().get(oid)

    def _objectives_by_id(self) -> dict[str, Objective]:
        cache = self.__dict__.get("_by_id")
        if cache is None:
            cache = {}
            for o in self.objectives:
                cache.setdefault(o.id, o)
            self.__dict__["_by_id"] = cache
        return cache

    def public(self) -> Portfolio:
        """The portfolio without private activities, drafts and exchanges: what may be published."""
        return replace(
            self,
            activities=[a for a in self.activities if not a.private],
            drafts=[a for a in self.drafts if not a.private],
            exchanges=[e for e in self.exchanges if not e.private],
        )

    def without(self, sources: Collection[str]) -> Portfolio:
        """The portfolio as if the entry files at `sources` (paths relative to the folder) were not there: without
        their entries, their findings and their files (MkDocs' exclude_docs and draft_docs, applied to entries)."""
        gone = set(sources)
        if not gone:
            return self
        shown = {self.files[rel] for rel in gone if rel in self.files}
        profile = self.profile if self.profile is None or self.profile.source not in gone else None
        return replace(
            self,
            activities=[a for a in self.activities if a.source not in gone],
            drafts=[a for a in self.drafts if a.source not in gone],
            objectives=[o for o in self.objectives if o.source not in gone],
            breaks=[b for b in self.breaks if b.source not in gone],
            exchanges=[e for e in self.exchanges if e.source not in gone],
            profile=profile,
            findings=[f for f in self.findings if f.path not in shown],
            files={rel: path for rel, path in self.files.items() if rel not in gone},
        )


def entry_files(root: Path) -> tuple[list[Path], list[tuple[str, str, str]]]:
    """Every Markdown file under root, in a stable order, skipping hidden and underscore folders; and every link
    met on the way, as (path, severity, message).

    The portfolio is what really lies inside the entries folder, and no link is followed: a link that leads out of
    the folder, loops or leads nowhere is an error, and nothing behind it is read, copied or published. A link to
    a file or folder inside is a warning: what it names is read where it really is. Hidden files and folders are
    not looked at; underscore folders (rules, frameworks, templates) are looked at for links only.
    """
    inside = os.path.realpath(root).rstrip(os.sep) + os.sep
    found: list[Path] = []
    links: list[tuple[str, str, str]] = []
    stack: list[tuple[str, bool]] = [(str(root), True)]  # (folder, whether its Markdown files are entries)
    while stack:
        folder, entries = stack.pop()
        try:
            with os.scandir(folder) as scan:
                items = sorted(scan, key=lambda item: item.name)  # no stat: the type comes with the name
        except OSError:
            continue  # a folder that cannot be listed holds nothing to read, as os.walk treats it
        folders = []
        for item in items:
            name = item.name
            if name.startswith("."):
                continue
            if item.is_symlink():
                links.append((item.path, *_link_problem(item.path, inside)))
            elif item.is_dir(follow_symlinks=False):
                folders.append((item.path, entries and not name.startswith("_")))
            elif entries and name.endswith(".md"):
                found.append(Path(item.path))
        stack.extend(reversed(folders))  # depth first, in name order, as os.walk goes
    return found, links


def _link_problem(path: str, inside: str) -> tuple[str, str]:
    """What is wrong with a link in the entries folder (whose real path, with a trailing separator, is `inside`)."""
    try:
        target = os.path.realpath(path, strict=True)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return ERROR, "a link that loops back on itself: remove it"
        return ERROR, "a link to something that does not exist: remove the link or restore what it named"
    what = "folder" if os.path.isdir(target) else "file"
    if not (target + os.sep).startswith(inside):
        if what == "folder":
            return ERROR, (
                "a link to a folder outside the entries folder: nothing in it is read or published; move the files "
                "into the entries folder instead"
            )
        return ERROR, "a link to a file outside the entries folder: copy the file in instead"
    here = os.path.realpath(os.path.dirname(path)) + os.sep
    shown = target[len(inside) :].replace(os.sep, "/") or "the entries folder"
    if what == "folder" and here.startswith(target.rstrip(os.sep) + os.sep):
        return WARNING, f"a link back to a folder that holds it ({shown}): links are not followed; remove it"
    return WARNING, (
        f"a link to the {what} '{shown}' in the entries folder: links are not followed, the {what} is read where it "
        "is; remove the link"
    )


def read_file(path: Path, root: Path, shown: str, rel: str | None = None) -> RawEntry | list[Finding]:
    """Read one entry file (at `rel` under root). A link is never followed (`entry_files` reports links), and
    anything that is not a regular file is refused."""
    rel = rel or path.relative_to(root).as_posix()

    def refuse(message: str) -> list[Finding]:
        return [Finding(shown, 1, 1, ERROR, "file", message)]

    try:
        info = os.lstat(path)  # one look at the file, without following a link
        if stat.S_ISLNK(info.st_mode):
            return refuse(_link_problem(str(path), os.path.realpath(root).rstrip(os.sep) + os.sep)[1])
        if not stat.S_ISREG(info.st_mode):
            # A named pipe would block the read for ever; a device or socket is no entry either.
            return refuse("not a regular file: entries are Markdown files")
        if info.st_size > MAX_BYTES:
            return refuse(f"the file is over {MAX_BYTES // (1024 * 1024)} MB: keep large evidence out of entries' text")
        with open(path, "rb", opener=_no_follow) as file:
            raw = file.read()
    except OSError as exc:
        return refuse(f"cannot be read ({exc.strerror or exc}): check that the file exists and that you may read it")
    return read_entry(raw, shown, rel)


class ReadCache:
    """Checked entries kept from one reading of a folder to the next (`mkdocs serve` rebuilding after an edit): an
    entry file whose size, times and inode are the same is not read or checked again, as long as nothing else it
    is checked against has changed: the date, the other entry files, and every other file in the folder (evidence,
    reflection models, rules), each by its size and time. Anything changed there, and every entry is read again.
    Hidden files and folders are not looked at, as the reading does not look at them."""

    def __init__(self) -> None:
        self._context: tuple | None = None
        self._entries: dict[str, tuple] = {}

    def begin(self, root: Path, as_of: dt.date, shown_root: str, entry_files: frozenset[str]) -> dict[str, tuple]:
        """The entries kept for this reading (by path relative to root), empty if their context has changed."""
        context = (str(root), as_of, shown_root, entry_files, _others(root, entry_files))
        if context != self._context:
            self._context, self._entries = context, {}
        return self._entries


def _stamp(path: Path) -> tuple | None:
    """What tells that an entry file has changed since it was read: None if it cannot be looked at."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_mode


def _others(root: Path, entry_files: frozenset[str]) -> tuple:
    """Every file and link under root but the entries, with its size and times, hidden ones left out."""
    found = []
    prefix = len(str(root).rstrip(os.sep)) + 1
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            full = os.path.join(folder, name)
            rel = full[prefix:].replace(os.sep, "/")
            if name.startswith(".") or rel in entry_files:
                continue
            try:
                st = os.lstat(full)
            except OSError:
                continue
            found.append((rel, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_mode))
        found.extend((folder[prefix:] + "/" + d, "link") for d in dirs if os.path.islink(os.path.join(folder, d)))
    return tuple(found)


def _no_follow(path: str, flags: int) -> int:
    """Open without following a link put in the file's place since it was looked at."""
    return os.open(path, flags | getattr(os, "O_NOFOLLOW", 0))


def load_portfolio(
    root: Path | str,
    *,
    as_of: dt.date | None = None,
    shown_root: str | None = None,
    progress: Callable[[list[Path]], Iterable[Path]] | None = None,
    cache: ReadCache | None = None,
) -> Portfolio:
    """Read and check every entry under `root` in one pass; never raises for bad entries. `progress` wraps the
    list of files read (a front end's progress bar); `cache` keeps checked entries for the next reading."""
    root = Path(root)
    as_of = check_supported(as_of or default_as_of())  # DateRangeError outside the supported range
    shown_root = str(root) if shown_root is None else shown_root
    portfolio = Portfolio(root=root, as_of=as_of)
    links: list[Links] = []
    entries = []
    # Entries make no reference cycles: collecting garbage while reading thousands of node trees
    # only costs time (measured: a fifth of `cpd check` on 5,000 entries).
    collecting = gc.isenabled()
    gc.disable()
    try:
        _read_all(root, as_of, shown_root, portfolio, links, entries, progress, cache)
    finally:
        if collecting:
            gc.enable()
    portfolio.findings.extend(check_portfolio_links(links))
    for entry in entries:
        if isinstance(entry, Activity):
            (portfolio.drafts if entry.draft else portfolio.activities).append(entry)
        elif isinstance(entry, Objective):
            portfolio.objectives.append(entry)
        elif isinstance(entry, Break):
            portfolio.breaks.append(entry)
        elif isinstance(entry, Exchange):
            portfolio.exchanges.append(entry)
        elif portfolio.profile is None:
            portfolio.profile = entry
    portfolio.activities.sort(key=lambda a: (a.date, a.source))
    portfolio.drafts.sort(key=lambda a: (a.date, a.source))
    portfolio.objectives.sort(key=lambda o: (o.due, o.id))
    portfolio.breaks.sort(key=lambda b: (b.date, b.source))
    portfolio.exchanges.sort(key=lambda e: (e.date, e.source))
    portfolio.findings = sort_findings(portfolio.findings)
    return portfolio


def _read_all(
    root: Path,
    as_of: dt.date,
    shown_root: str,
    portfolio: Portfolio,
    links: list[Links],
    entries: list,
    progress: Callable[[list[Path]], Iterable[Path]] | None = None,
    cache: ReadCache | None = None,
) -> None:
    evidence_root = EntriesRoot(root)
    prefix = len(str(root).rstrip(os.sep)) + 1
    paths, odd_links = entry_files(root)
    evidence_root.entry_files = frozenset(str(path)[prefix:].replace(os.sep, "/") for path in paths)
    kept = cache.begin(root, as_of, shown_root, evidence_root.entry_files) if cache is not None else None
    for path, severity, message in odd_links:
        rel = path[prefix:].replace(os.sep, "/")
        portfolio.findings.append(
            Finding(f"{shown_root}/{rel}" if shown_root else rel, 1, 1, severity, "link", message)
        )
    for path in progress(paths) if progress else paths:
        rel = str(path)[prefix:].replace(os.sep, "/")  # what path.relative_to(root) would give, without parsing
        shown = f"{shown_root}/{rel}" if shown_root else rel
        portfolio.files_read += 1
        portfolio.files[rel] = shown
        stamp = _stamp(path) if kept is not None else None
        done = kept.get(rel) if kept is not None else None
        if done is None or done[0] != stamp:
            result = read_file(path, root, shown, rel)
            if isinstance(result, list):
                done = stamp, None, None, result
            else:
                done = stamp, links_of(result), *check_entry(result, as_of=as_of, entries_root=evidence_root)
            if kept is not None and stamp is not None:
                kept[rel] = done
        _, entry_links, entry, findings = done
        portfolio.findings.extend(findings)
        if entry_links is not None:
            links.append(entry_links)
        if entry is not None:
            entries.append(entry)
