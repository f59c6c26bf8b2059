"""The site map: every page's and published file's address, allocated in one place, and every link made from it.

Pure (no mkdocs import): the plugin, `cpd pages` and the page modules all ask it. An address is a `src_uri` (the
path of the page's Markdown file in the site, `2025/x.md`); `url()` turns it into the URL MkDocs gives that file, for
either setting of `use_directory_urls`, and `linker()` into a relative link from another page.

The plugin's own pages have fixed addresses; the folders they live in, and the theme's, are reserved. An activity has
its entry's path unless that address is reserved or already taken (compared by the URL it would get, case folded, so
that `x.md` and `x/index.md`, or `Plan.md` and `plan.md`, never share one): then it moves under `activities/`, with
a number added if even that is taken. An evidence file keeps its path unless that is in a reserved folder (an entry's
`assets/cpd/cpd.css` would replace the site's own styles) or taken: then it moves under `evidence/`.
"""

from __future__ import annotations

import itertools
import posixpath
from collections.abc import Callable, Iterable

# src_uri of every page the plugin makes
DASHBOARD = "index.md"
PLAN = "plan.md"
GAPS = "gaps.md"
TIMELINE = "timeline.md"
OBJECTIVES = "objectives/index.md"
TAGS = "tags.md"
AUDIT = "audit/index.md"
OVERVIEW = (DASHBOARD, PLAN, GAPS, TIMELINE, OBJECTIVES, AUDIT, TAGS)  # in the order of the navigation
EXPORTS = ("export/portfolio.csv", "export/portfolio.json")
CALENDAR = "calendar.ics"  # the deadlines (core/calendar.py)
# Folders whose every address belongs to the plugin (objectives, audit profiles, exports, moved pages and files) or
# to the theme and its plugins (assets, search); and files MkDocs or the theme write at the top.
RESERVED_FOLDERS = ("objectives/", "audit/", "export/", "assets/", "search/")
RESERVED_FILES = frozenset({*OVERVIEW, CALENDAR, "404.md", "404.html", "sitemap.xml", "sitemap.xml.gz"})


def reserved(path: str) -> bool:
    """Whether `path` (a src_uri or file path) is an address the site keeps for itself."""
    folded = path.casefold()
    return folded in RESERVED_FILES or folded.startswith(RESERVED_FOLDERS)


def url_of(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL MkDocs gives a file: a page with directory URLs ends in /; without them every page's URL names its
    .html file, index pages included (`audit/index.html`), so that a site opened from a shared drive (file://)
    opens pages, not folder listings."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[:-3]
    if not use_directory_urls:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


def objective_uri(oid: str) -> str:
    return f"objectives/{oid}.md"


def audit_uri(body: str, cycle=None) -> str:
    """/audit/<body>/ for the current cycle; /audit/<body>/<start>_<end>/ for an earlier one."""
    if cycle is None:
        return f"audit/{body}/index.md"
    return f"audit/{body}/{cycle.start.isoformat()}_{cycle.end.isoformat()}.md"


class SiteMap:
    """Where every page and file of one site is, and how to link to it from any page."""

    def __init__(
        self,
        activities: Iterable[str] = (),
        objectives: Iterable[tuple[str, str]] = (),
        evidence: Iterable[str] = (),
        *,
        use_directory_urls: bool = True,
        source_links: bool = False,
    ) -> None:
        """`activities`: the paths of the entries whose page is at their own path (activities, feedback,
        discussions); `objectives`: (entry path, id) pairs; `evidence`: file paths, all
        relative to the entries folder. `source_links`: links name the pages' Markdown files (`../objectives/x.md`),
        for a generator that rewrites links in raw HTML as it does Markdown's (Zensical)."""
        self.use_directory_urls = use_directory_urls
        self.source_links = source_links
        self._entries: dict[str, str] = {}
        self._files: dict[str, str] = {}
        taken = {self._key(p) for p in OVERVIEW}
        for source, oid in objectives:
            self._entries[source] = self._allocate(objective_uri(oid), taken, "objectives/")
        for source in sorted(activities):  # sorted: the same entry gets the same address in every build
            wanted = source if not reserved(source) else f"activities/{source}"
            self._entries[source] = self._allocate(wanted, taken, "activities/")
        for path in sorted(evidence):
            wanted = path if not reserved(path) else f"evidence/{path}"
            self._files[path] = self._allocate(wanted, taken, "evidence/")

    @classmethod
    def of(cls, view, evidence: Iterable[str] = (), **options) -> SiteMap:
        """The map of the site of a portfolio (`view`, the one published): every page an entry has (activities,
        feedback and discussions at their own paths, objectives under objectives/), made the same way by every front
        end, so that a link from the calendar or a page names the address the build gave."""
        pages = [a.source for a in view.activities] + [e.source for e in view.exchanges]
        return cls(pages, ((o.source, o.id) for o in view.objectives), evidence, **options)

    def _key(self, src_uri: str) -> str:
        """The file the address is written to, case folded (as a shared drive's file system may compare names)."""
        url = url_of(src_uri, self.use_directory_urls)
        return (url + "index.html" if url.endswith("/") or not url else url).casefold()

    def _allocate(self, wanted: str, taken: set[str], fallback: str) -> str:
        """`wanted`, else it under `fallback`, else that with -2, -3... added: the first whose file is free."""
        candidates = [wanted] if wanted.startswith(fallback) else [wanted, fallback + wanted]
        stem, dot, suffix = candidates[-1].rpartition(".")
        if not dot or "/" in suffix:
            stem, dot, suffix = candidates[-1], "", ""
        numbered = (f"{stem}-{n}{dot}{suffix}" for n in itertools.count(2))
        for candidate in itertools.chain(candidates, numbered):
            key = self._key(candidate)
            if key not in taken:
                taken.add(key)
                return candidate
        raise AssertionError("unreachable")  # pragma: no cover

    def entry(self, source: str) -> str:
        """The src_uri of the page of the entry (activity, feedback, discussion or objective) at `source`."""
        return self._entries[source]

    def file(self, path: str) -> str:
        """Where the evidence file at `path` (relative to the entries folder) is published."""
        return self._files[path]

    @property
    def entries(self) -> dict[str, str]:
        return dict(self._entries)

    @property
    def files(self) -> dict[str, str]:
        return dict(self._files)

    def url(self, src_uri: str) -> str:
        """The address a link names for the page or file at `src_uri`."""
        return src_uri if self.source_links else url_of(src_uri, self.use_directory_urls)

    def linker(self, from_src: str) -> Callable[[str], str]:
        """The relative URL of any page or file, from the page made at `from_src`.

        Paths here are clean (no '.' or '..' parts, as entries' paths are), so the URL is found by counting
        folders rather than by posixpath.relpath, which normalises both paths for each of tens of thousands
        of links (every activity is linked from the timeline, its objective and its audit profiles).
        """
        here = self.url(from_src)
        base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
        folders = [p for p in base.split("/") if p]
        url = self.url

        def link(to_src: str) -> str:
            target = url(to_src)
            parts = [p for p in target.split("/") if p]
            shared = 0
            for mine, theirs in zip(folders, parts, strict=False):
                if mine != theirs:
                    break
                shared += 1
            rel = "/".join([".."] * (len(folders) - shared) + parts[shared:]) or "."
            return rel + "/" if target.endswith("/") or not target else rel

        return link


__all__ = [
    "AUDIT",
    "CALENDAR",
    "DASHBOARD",
    "EXPORTS",
    "GAPS",
    "OBJECTIVES",
    "OVERVIEW",
    "PLAN",
    "RESERVED_FOLDERS",
    "TAGS",
    "TIMELINE",
    "SiteMap",
    "audit_uri",
    "calendar_link",
    "objective_uri",
    "reserved",
    "url_of",
]


def calendar_link(sitemap: SiteMap, site_url: str | None):
    """For core/calendar.py: an event's page ("audit", body) or ("objective", entry path) as an absolute URL on the
    site at `site_url`, by the site's own map, or None without one (a calendar cannot follow a relative link)."""
    if not site_url:
        return lambda page: None
    base = site_url if site_url.endswith("/") else site_url + "/"
    url, entries = sitemap.url, sitemap.entries

    def link(page: tuple[str, str]) -> str | None:
        kind, key = page
        if kind == "audit":
            return base + url(audit_uri(key))
        if kind == "objective" and key in entries:
            return base + url(entries[key])
        return None

    return link
