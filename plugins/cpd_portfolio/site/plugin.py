"""The `cpd` MkDocs plugin: wires MkDocs events to the core and the page renderers. Nothing else."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from pathlib import Path, PurePath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ..core.analysis import analyse
from ..core.calendar import events, to_ics
from ..core.checking import EntriesRoot
from ..core.continuity import continuity
from ..core.dates import outside_message, supported
from ..core.department import DepartmentError, load_department, read_members
from ..core.export import select, write_csv, write_json
from ..core.findings import ERROR
from ..core.periods import PeriodError
from ..core.portfolio import ReadCache, default_as_of, load_portfolio
from ..core.schemes import SchemeError, load_catalogue
from .config import CpdConfig
from .holding import HeldHtml
from .pages import common, pageset
from .pages import department as department_pages
from .pages.templating import TemplateError, Templates
from .rebuilds import KeptFile, Rebuilds
from .rendering import GeneratedPage, SharedMarkdown
from .sanitising import sanitise
from .sitemap import (
    CALENDAR,
    OVERVIEW,  # the overview pages, in the order of the nav
    TAGS,
    calendar_link,
)

log = get_plugin_logger(__name__)

ASSETS = Path(__file__).with_name("assets")
CSS_URIS = pageset.CSS_URIS
# Material's offline plugin (a site opened from a shared drive, file://) loads this shim from unpkg, unless a
# polyfill whose address names iframe-worker is given: the plugin serves its own copy.
SHIM_URI = "assets/cpd/iframe-worker-shim.js"
_CDN_SHIM = "https://unpkg.com/iframe-worker/shim"
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_ID = re.compile(r'\sid="([^"]*)"')  # an anchor in the plugin's own HTML, where every attribute is double-quoted


class CpdPlugin(BasePlugin[CpdConfig]):
    """Builds the portfolio site from the entries folder: every page is generated in memory."""

    supports_multiple_instances = False
    serving = False  # whether this is `mkdocs serve`, which shows drafts (on_startup); a build without it never does
    rebuilds: Rebuilds | None = None  # what `mkdocs serve` keeps from one build to the next (on_startup)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # MkDocs' own test for drafts: `mkdocs serve` shows them, `mkdocs serve --clean` (command 'build'), `mkdocs
        # build` and `gh-deploy` leave them out. (With on_startup, MkDocs keeps this object across serve rebuilds.)
        self.serving = command == "serve"
        if self.serving:  # kept between rebuilds: checked entries, rendered pages, and with --dirty the pages built
            self.read_cache = ReadCache()
            self.rebuilds = Rebuilds(keep_pages=dirty)
            self.held = HeldHtml()  # the same placeholders in every rebuild, so that a page's Markdown is the same

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # The plugin object lives across `mkdocs serve` rebuilds: start each build afresh.
        # Each page's meta and body wait here until MkDocs reads the page, its raw HTML until Markdown has run,
        # and its furniture until the search plugin has indexed the page.
        self.pages: dict[str, tuple[dict, list]] = {}
        self.raw_html: dict[str, list[str]] = {}
        self.furniture: dict[str, list[str]] = {}
        self.made: set[str] = set()  # the pages made from this build's bodies
        self.renderer = SharedMarkdown()  # this build's extensions and their configuration
        if self.rebuilds is None:
            self.held = HeldHtml()  # this build's placeholders
        else:
            self.rebuilds.begin(config)
        project = Path(config.config_file_path or ".").parent
        self.department = (project / self.config.department).resolve() if self.config.department else None
        self.order = department_pages.PAGES if self.department else OVERVIEW  # the nav's first pages
        self.root = (project / self.config.entries).resolve()
        if self.department is None:
            _refuse_entries_in_docs(Path(config.docs_dir).resolve(), self.root)
        self.as_of = self._as_of()
        if self.config.offline and config.theme.name == "material":
            config.theme["font"] = False  # no request to Google Fonts: the site must work on an intranet
        for uri in CSS_URIS:
            if uri not in config.extra_css:
                config.extra_css.append(uri)
        self.assets = dict(CSS_URIS)
        if self.config.offline and _material_offline(config):
            # Either on_config may run first: the offline plugin adds the CDN's shim only if no polyfill names
            # iframe-worker, and one it has added already is replaced here.
            polyfills = [url for url in config.extra.get("polyfills", []) if url != _CDN_SHIM]
            if not any("iframe-worker" in url for url in polyfills):
                polyfills.append(SHIM_URI)
            config.extra["polyfills"] = polyfills
            if SHIM_URI in polyfills:
                self.assets[SHIM_URI] = "iframe-worker-shim.js"
        # config.nav stays the user's: with none, MkDocs makes the nav from the files (on_nav orders it), and a
        # plugin that makes the nav itself (awesome-nav) sees a config with no nav.
        return config

    def _as_of(self) -> dt.date | None:
        value = self.config.as_of
        if value is None:
            return None
        if isinstance(value, dt.datetime):  # YAML reads `2026-11-29 10:00` so: refused below, as not a date
            value = value.isoformat(sep=" ")
        try:
            day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
        except ValueError:
            raise PluginError(f"cpd: as_of '{value}' is not a date: write it as YYYY-MM-DD") from None
        if not supported(day):
            raise PluginError(f"cpd: as_of {outside_message(repr(day.isoformat()))}")
        return day

    @event_priority(-110)  # after mkdocs-static-i18n (-100), which remakes docs_dir's files and drops all others
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.department is not None:
            return self._department_files(files, config)
        if not self.root.is_dir():
            raise PluginError(f"cpd: no entries folder at {self.root}: set the plugin's 'entries' option")
        project = Path(config.config_file_path or ".").parent.resolve()
        shown = self.root.relative_to(project).as_posix() if self.root.is_relative_to(project) else str(self.root)
        portfolio = load_portfolio(
            self.root, as_of=self.as_of, shown_root=shown, cache=self.read_cache if self.rebuilds else None
        )
        # exclude_docs and draft_docs, matched against each entry's path in the entries folder as MkDocs matches a
        # page's path in docs_dir: an excluded entry is not there at all, nor is a draft but in `mkdocs serve`.
        excluded = _matching(config.exclude_docs, portfolio.files)
        drafts = _matching(config.draft_docs, portfolio.files) - excluded
        portfolio = portfolio.without(excluded if self.serving else excluded | drafts)
        for finding in portfolio.findings:
            # Errors leave an entry out of the site: warn, so that `mkdocs build --strict` fails.
            (log.warning if finding.severity == ERROR else log.info)(str(finding))
        view = portfolio if self.config.include_private else portfolio.public()
        try:
            analysis = analyse(
                view,
                load_catalogue(self.root, shown_root=shown),
                period=self.config.period,
                bodies=self.config.bodies or None,
            )
        except (PeriodError, SchemeError) as exc:
            raise PluginError(f"cpd: {exc}") from None

        # Entry files are never handed to MkDocs: their pages are made from the checked entries.
        entries_root = EntriesRoot(self.root)  # each folder resolved once, not once for each of its files
        for file in list(files):
            if file.abs_src_path and entries_root.holds(entries_root.real_path(file.abs_src_path)):
                files.remove(file)

        self.nav_paths = _nav_paths(config.nav)  # as every on_config left it: pages MkDocs makes, with nav titles
        self.folder = _language_folder(config)
        site = pageset.make_site(
            analysis,
            use_directory_urls=config.use_directory_urls,
            include_private=self.config.include_private,
            audience=self.config.audience,
            **dict(zip(("left_out", "withheld"), pageset.left_out(portfolio), strict=True)),
            custom_dirs=(config.theme.custom_dir,) if config.theme.custom_dir else (),
            language=config.theme.get("language"),
            continuity=continuity(self.root) if self.config.continuity else None,
            memo=self.rebuilds.pages_made if self.rebuilds is not None else None,
        )
        entries = site.sitemap.entries  # each entry's page, by the entry's path
        self.drafts = {entries[source] for source in drafts if source in entries} if self.serving else set()
        try:
            for page in pageset.site_pages(site):
                self._add(files, config, page.src_uri, page.parts, in_nav=page.in_nav, indexed=page.indexed)
        except TemplateError as exc:  # a template of the user's own (custom_dir/cpd/) that does not work
            raise PluginError(f"cpd: {exc}") from None
        # Evidence of published activities only: a file linked only from a private entry stays out.
        for path, uri in site.sitemap.files.items():
            if files.get_file_from_path(uri) is None:
                files.append(self._placed(File.generated(config, uri, abs_src_path=str(self.root / path))))
        for uri, name in self.assets.items():
            files.append(File.generated(config, uri, abs_src_path=str(ASSETS / name)))
        # The public portfolio as data, for a spreadsheet or another CPD system. Written straight into site_dir
        # (cleaned before on_files), which MkDocs allows, so that megabytes of text are not held through the build.
        public = select(view, include_private=self.config.include_private)
        lines = self.rebuilds.export_lines if self.rebuilds is not None else None
        if lines is not None:
            lines.begin()
        for uri, write in (("export/portfolio.json", write_json), ("export/portfolio.csv", write_csv)):
            path = Path(config.site_dir, self.folder + uri)
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8") as out:
                write(public, out, lines)
            files.append(self._placed(File.generated(config, uri, abs_src_path=str(path))))
        # The deadlines, to subscribe to: each event links to its page on the site at site_url, if one is set.
        links = calendar_link(site.sitemap, config.site_url)
        ics = to_ics(events(view, analysis.catalogue), view.as_of, links)
        files.append(self._placed(File.generated(config, CALENDAR, content=ics)))
        if self.rebuilds is not None:
            self.rebuilds.files_made(files, tags_page=TAGS)
        return files

    def _department_files(self, files: Files, config: MkDocsConfig) -> Files:
        """The department's site: what each member shares, read one member at a time; a member whose portfolio
        cannot be read is reported and left out, and the rest is built."""
        try:
            department = load_department(self.department, shown=self.config.department)
        except DepartmentError as exc:
            raise PluginError(f"cpd: the department file has problems:\n{exc}") from None
        workers = self.config.workers or ((os.cpu_count() or 1) if len(department.members) >= 8 else 1)
        views = read_members(department, self.as_of, workers=workers)
        for view in views:
            if view.problem is not None:
                log.warning(f"cpd: {view.member.name} is left out of the department: {view.problem}")
        self.nav_paths = _nav_paths(config.nav)
        self.folder = _language_folder(config)
        self.drafts = set()  # a department shares no member's drafts
        as_of = self.as_of or default_as_of()
        templates = Templates(
            (config.theme.custom_dir,) if config.theme.custom_dir else (), config.theme.get("language")
        )
        try:
            pages = department_pages.department_pages(
                department,
                views,
                as_of,
                templates,
                load_catalogue(None).frameworks,
                use_directory_urls=config.use_directory_urls,
            )
            for src_uri, parts, in_nav in pages:
                self._add(files, config, src_uri, parts, in_nav=in_nav, indexed=not in_nav)
        except TemplateError as exc:
            raise PluginError(f"cpd: {exc}") from None
        for uri, name in self.assets.items():
            files.append(File.generated(config, uri, abs_src_path=str(ASSETS / name)))
        if self.rebuilds is not None:
            self.rebuilds.files_made(files)
        return files

    def _placed(self, file: File) -> File:
        """The file, in the language's folder in a further language's build of mkdocs-static-i18n."""
        if self.folder:  # before anything asks the file its URL, which MkDocs keeps once asked
            file.dest_uri = self.folder + file.dest_uri
        return file

    def _add(
        self,
        files: Files,
        config: MkDocsConfig,
        src_uri: str,
        parts: common.Page,
        in_nav: bool = False,
        indexed: bool = True,
    ) -> None:
        """A generated page: an empty file, its meta and body handed over in on_page_markdown.

        Only activity and objective pages are indexed for search: the overview pages (timeline, audit profiles,
        dashboard and the rest) repeat the entries' text, so every search would find them too, and indexing their
        tables would take longer than indexing all the activities.
        """
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            log.warning(f"cpd: the page '{src_uri}' is made by the plugin; the file of that name is ignored")
            files.remove(existing)
        if src_uri in self.drafts:  # MkDocs shows it in `mkdocs serve` only, marked as a draft
            inclusion = InclusionLevel.DRAFT
        else:
            inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        meta, *body = parts
        if not indexed:
            meta["search"] = {"exclude": True}
        self.pages[src_uri] = meta, body
        file = self._placed(KeptFile.generated(config, src_uri, content="", inclusion=inclusion))
        file.edit_uri = None  # no page of docs_dir to edit: an entry lives outside it
        files.append(file)
        if self.rebuilds is not None:
            self.rebuilds.page(file, parts, in_nav)
        if src_uri not in self.nav_paths:  # a page the nav names is MkDocs' to make: it takes the nav's title
            renders = self.rebuilds.renders if self.rebuilds is not None else None
            GeneratedPage(file, config, self.renderer, self.held.as_text, renders)  # MkDocs takes it as file.page

    @event_priority(100)  # first, so that every other plugin sees the whole page, as if it had been read from a file
    def on_page_markdown(self, markdown: str, page, config: MkDocsConfig, files: Files) -> str:
        """The page's body, its raw HTML parts replaced by placeholders.

        Markdown would copy raw HTML unchanged, but only after parsing it twice (MkDocs looks for anchors, Python-
        Markdown for where each block ends): most of a generated page's build time. The HTML goes in after Markdown,
        each run of HTML parts as one block; furniture, within it, goes in once the page has been indexed.
        """
        made = self.pages.pop(page.file.src_uri, None)
        if made is None:
            return markdown
        meta, body = made
        page.meta = meta  # as if MkDocs had read it from the page's front matter
        self.made.add(page.file.src_uri)
        furniture: list[str] = []
        text, raw = self.held.hold(body, furniture)
        self.raw_html[page.file.src_uri] = raw
        self.furniture[page.file.src_uri] = furniture
        return text

    @event_priority(100)  # first again: other plugins see the whole page
    def on_page_content(self, output: str, page, config: MkDocsConfig, files: Files) -> str:
        """The page's HTML with its raw HTML parts back in place of their placeholders."""
        raw = self.raw_html.pop(page.file.src_uri, None)
        if raw is None:
            return output
        furniture = self.furniture.get(page.file.src_uri, ())
        renders = self.rebuilds.renders if self.rebuilds is not None else None
        made_from = (output, *raw, None, *furniture)  # the page as the last build restored it, in `mkdocs serve`
        kept = renders.get(page.file.src_uri, made_from) if renders is not None else None
        if kept is None:
            # MkDocs checks links to anchors against the ids it found in the Markdown's raw HTML: give it ours.
            ids = {html.unescape(i) for part in (*raw, *furniture) if 'id="' in part for i in _ID.findall(part)}
            # Between the placeholders lies only what Markdown made of the entries' own text: sanitise that, and
            # put the plugin's HTML (escaped where it was made) back in place of the placeholders.
            kept = self.held.restore(output, raw, None if self.config.allow_raw_html else sanitise), ids
            if renders is not None:
                renders.put(page.file.src_uri, made_from, kept)
        if page.present_anchor_ids is not None:
            page.present_anchor_ids.update(kept[1])
        return kept[0]

    @event_priority(100)  # first: a plugin that rewrites the page (minify) must see the furniture in it
    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        for i, part in enumerate(self.furniture.pop(page.file.src_uri, ())):
            output = output.replace(
                f"<!--{self.held.marker}f{i}-->", part, 1
            )  # a string search: no regex over the page
        if self.rebuilds is not None:
            self.rebuilds.built(page)
        if page.file.src_uri in self.made:
            # The page is rendered and indexed: let its text go. MkDocs keeps every page's Markdown and HTML until
            # the build ends, which for thousands of generated pages is most of its memory. (The title is in meta.)
            page.markdown = page.content = ""
        # Material's search dialog has no accessible name (axe: aria-dialog-name, serious): give it one.
        return output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + ' aria-label="Search">', 1)

    @event_priority(110)  # before awesome-nav (100): a plugin that makes the nav itself replaces MkDocs' and this order
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """With no nav in mkdocs.yml, MkDocs lists the files sorted by path: the overview pages go first, in order."""
        if config.nav is None:
            _overview_first(nav, self.order)
        if self.rebuilds is not None:  # the files are all there: a rendering kept from the last build is good again
            self.rebuilds.files_known(files, nav)
        return nav

    @event_priority(110)  # every page has been read; before Material's tags plugin lists the tags (100)
    def on_env(self, env, config: MkDocsConfig, files: Files):
        """In `mkdocs serve`, the theme's templates are compiled once; with --dirty, the plugin's pages that would be
        built as they were last time are not built again."""
        if self.rebuilds is not None:
            if env.bytecode_cache is None:  # the theme's templates compiled once, not once a rebuild
                env.bytecode_cache = self.rebuilds.compiled
            self.rebuilds.choose(files)
        return env

    @event_priority(50)  # before Material's search plugin writes its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.rebuilds is not None:
            self.rebuilds.finish(config.plugins)

    def on_build_error(self, error: Exception) -> None:
        if self.rebuilds is not None:  # what the last build left may be half made: the next builds everything
            self.rebuilds.forget()

    def on_serve(self, server, config: MkDocsConfig, builder):
        if self.department is not None:
            server.watch(str(self.department))
            return server
        server.watch(str(self.root))  # the entries folder is never inside docs_dir, which MkDocs watches itself
        return server


def _material_offline(config: MkDocsConfig) -> bool:
    """Whether Material's offline plugin is on (as `offline` or `material/offline`)."""
    return any(
        type(plugin).__name__ == "OfflinePlugin"
        and type(plugin).__module__.startswith("material.")
        and getattr(plugin, "config", {}).get("enabled", True)
        for plugin in config.plugins.values()
    )


def _refuse_entries_in_docs(docs_dir: Path, entries: Path) -> None:
    """MkDocs publishes docs_dir as it is, following links: the entries folder must not be in it.

    A generator that skips this plugin (Zensical, or MkDocs with the plugin left out) would publish every raw entry,
    private ones included, and MkDocs would follow any link in the entries folder out of it.
    """
    if entries == docs_dir or entries.is_relative_to(docs_dir):
        raise PluginError(
            f"cpd: the entries folder ({entries}) is inside docs_dir ({docs_dir}), so its raw files, private entries "
            "included, would be published as they are: set docs_dir to a folder of your own pages, e.g. 'docs_dir: "
            "docs', and keep the entries beside it"
        )


def _language_folder(config: MkDocsConfig) -> str:
    """The folder ('de/') of the language that mkdocs-static-i18n is building, unless it is the default: ''.

    i18n builds the whole site again for each further language, into that language's folder and with the theme in
    that language, and copies there the pages of docs_dir that have no translation. The portfolio goes there too:
    in the folder's root, each further build would write its pages over the default language's.
    """
    i18n = config.plugins.get("i18n")
    current, default = getattr(i18n, "current_language", None), getattr(i18n, "default_language", None)
    return f"{current}/" if isinstance(current, str) and current and current != default else ""


def _matching(spec, paths) -> set[str]:
    """The paths (relative to the entries folder) that a gitignore-style pattern list of mkdocs.yml matches."""
    return {path for path in paths if spec.match_file(path)} if spec else set()


def _overview_first(nav: Navigation, order=OVERVIEW) -> None:
    """MkDocs' own nav of the files with the overview pages first, in the order of OVERVIEW, then the rest as MkDocs
    sorted it (a user's own pages): the nav of old, when the plugin wrote one into the config, and the user's pages.

    MkDocs puts a folder's pages in a section named after the folder: a section that holds only an overview page
    (objectives/, audit/: their other pages are not in the nav) gives way to the page itself.
    """
    found: dict[str, Page] = {}
    rest = []
    for item in nav.items:
        page = item.children[0] if isinstance(item, Section) and len(item.children) == 1 else item
        src_uri = page.file.src_uri if isinstance(page, Page) else None
        if src_uri in order and src_uri not in found:
            page.parent = None
            found[src_uri] = page
        else:
            rest.append(item)
    items = [found[src_uri] for src_uri in order if src_uri in found] + rest
    if items == nav.items:
        return
    nav.items = items
    nav.pages = pages = []
    stack = list(reversed(items))
    while stack:  # the pages in nav order, depth first, as MkDocs lists them
        item = stack.pop()
        if isinstance(item, Page):
            pages.append(item)
        stack.extend(reversed(getattr(item, "children", None) or ()))
    for i, page in enumerate(pages):
        page.previous_page = pages[i - 1] if i else None
        page.next_page = pages[i + 1] if i + 1 < len(pages) else None


def _nav_paths(nav) -> set[str]:
    """Every path the nav names, as MkDocs looks each up among the files (absolute or not)."""
    found: set[str] = set()
    stack = [nav or []]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            path = PurePath(item).as_posix()
            found |= {path, path.lstrip("/")}
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


__all__ = ["CpdPlugin"]
