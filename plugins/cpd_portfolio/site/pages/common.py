"""What every generated page shares: its context (`Site`), its meta, and the kinds of part a page is made of.

A page is a list of parts: its meta (title, tags), then raw HTML blocks (`Html`, made from templates with every
value escaped) around the entries' own Markdown bodies. MkDocs does not rewrite links inside raw HTML, so links are
made relative here, by the site map.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ...core.analysis import Analysis
from ..charts import Words
from ..sitemap import AUDIT, DASHBOARD, GAPS, OBJECTIVES, PLAN, TAGS, TIMELINE, SiteMap, audit_uri, url_of

Page = list[object]  # a generated page: its meta (a dict), then Html parts and Markdown text, in order


class Html(str):
    """A part of a page that is raw HTML, every text in it escaped: Markdown would copy it unchanged (after
    parsing it twice), so the plugin puts it into the page after Markdown has run."""


class Furniture(Html):
    """Raw HTML that search need not index (an entry's fields: type, date, hours, links): the plugin puts it into
    the page after the search plugin has read the page's text, which it does tag by tag, slowly."""


def esc(value: object) -> str:
    """Escape any text for HTML, quotes included: front matter text never becomes markup."""
    text = value if type(value) is str else "" if value is None else str(value)
    # Most text has nothing to escape: five membership tests cost less than html.escape's five replacements.
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return html.escape(text, quote=True)
    return text


class LastBuild:
    """What a build made, kept for the next build of the same site (`mkdocs serve` rebuilding after an edit), and
    dropped when the site's key (what every value depends on besides its own key) is another."""

    def __init__(self) -> None:
        self._last: dict = {}
        self._now: dict = {}
        self._site: object = None

    def begin(self, site: object) -> None:
        """A new build, of a site whose key is `site`: the last build's values are good only for the same."""
        self._last = self._now if site == self._site else {}
        self._now, self._site = {}, site

    def forget(self) -> None:
        self._last, self._now, self._site = {}, {}, None


class PageMemo(LastBuild):
    """The pages of the last build, each with what it was made from: its template, title, tags and data. A page made
    from the same, in a site whose settings and words are the same (the key), is the same page, and its template is
    not rendered again. Data is compared by value (the entries are frozen dataclasses); a value that compares only
    by identity is never the same, and its page is made again."""

    def made(self, key: tuple, made_from: tuple, make: Callable[[], list]) -> list:
        """The parts of the page `key` (template, title) made from `made_from`: the last build's, or made now."""
        kept = (parts for seen, parts in self._last.get(key, ()) if seen == made_from)
        parts = next(kept, None)
        if parts is None:
            parts = make()
        self._now.setdefault(key, []).append((made_from, parts))
        return parts


@dataclass(frozen=True)
class Site:
    """The context a page is made in: the analysis, where every page is (the site map), and its templates."""

    analysis: Analysis
    sitemap: SiteMap
    templates: object  # templating.Templates
    include_private: bool = False
    audience: str = "owner"  # share: no self-assessment (gaps, verdicts, what entries lack, left-out entries)
    left_out: tuple = ()  # the findings (errors) that left entries out of the site, shown to the owner
    withheld: int = 0  # entries left out that may be private: counted, never named
    continuity: object = None  # core.continuity.Continuity when the entries are in git (and the option is on)
    memo: PageMemo | None = None  # the last build's pages, in `mkdocs serve`

    @property
    def share(self) -> bool:
        return self.audience == "share"

    def kept(self, activities):
        """How soon after each was done these activities were committed (core/continuity.py), or None without git."""
        c = self.continuity
        return c.figures(activities) if c is not None and c.available and activities else None

    @property
    def frameworks(self) -> dict:
        return self.analysis.catalogue.frameworks

    def url(self, src_uri: str) -> str:
        """The address a link names for the page or file at `src_uri`."""
        return self.sitemap.url(src_uri)

    def linker(self, from_src: str) -> Callable[[str], str]:
        """The relative URL of any page or file, from the page made at `from_src`."""
        return self.sitemap.linker(from_src)

    def page(
        self,
        template: str,
        title: str,
        /,
        *,
        tags: Iterable[str] = (),
        hide: Iterable[str] = (),
        reads: object = None,
        **data,
    ) -> Page:
        """A page: its meta, then the parts of `template` rendered with `data` (and the site, always).

        `reads`: what of `data` the plugin's template reads, where that is much less than the data (the timeline
        shows a few fields of every activity): the page is the same as the last build's while that is the same
        (tests/test_rebuilds.py changes every other field and checks that the page does not change)."""
        meta = page_meta(title, tags=tags, hide=hide)
        if self.memo is None or self.templates.overridden:  # a template of the user's may show anything of the site
            return [meta, *self.templates.page(template, site=self, **data)]
        made_from = (tuple(meta.get("tags", ())), tuple(meta.get("hide", ())), data if reads is None else reads)
        return [
            meta,
            *self.memo.made((template, title), made_from, lambda: self.templates.page(template, site=self, **data)),
        ]

    def memo_key(self) -> tuple:
        """What the templates read of the site besides each page's data: its settings, date and words."""
        words = self.templates.words
        return (
            self.as_of,
            self.include_private,
            self.audience,
            self.left_out,
            self.withheld,
            self.templates.language,
            tuple(sorted(words.items())),
        )

    def _(self, text: str, **values) -> str:
        """One of the plugin's words, in the site's language."""
        return self.templates._(text, **values)

    @property
    def as_of(self) -> dt.date:
        return self.analysis.portfolio.as_of


def chart_words(site: Site) -> Words:
    """The charts' own words in the site's language."""
    _ = site._
    return Words(
        no_data=_("No data yet"),
        table=_("Figures as a table"),
        item=_("Item"),
        category=_("Month"),
        total=_("Total"),
        hours=_("Hours"),
        count=_("Count"),
        of=_("%(value)s of %(target)s"),
        met=_("target met"),
    )


def page_meta(title: str, *, tags: Iterable[str] = (), hide: Iterable[str] = ()) -> dict[str, object]:
    """A generated page's meta, as MkDocs would read it from front matter: escaped title and tags, as the theme
    prints them raw. It is handed to the page as it is, not written out as YAML for MkDocs to parse again."""
    meta: dict[str, object] = {"title": esc(title)}
    tags = [esc(t) for t in tags]
    if tags:
        meta["tags"] = tags
    if hide:
        meta["hide"] = list(hide)
    return meta


__all__ = [
    "AUDIT",
    "DASHBOARD",
    "GAPS",
    "OBJECTIVES",
    "PLAN",
    "TAGS",
    "TIMELINE",
    "Furniture",
    "Html",
    "Page",
    "Site",
    "audit_uri",
    "chart_words",
    "esc",
    "page_meta",
    "url_of",
]
