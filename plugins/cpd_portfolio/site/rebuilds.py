"""Fast rebuilds in `mkdocs serve`: what did not change since the last build is not made again.

`mkdocs serve` rebuilds the whole site after every edit: for a portfolio of 1,000 activities, several seconds, most
of them Material rendering and writing pages that did not change. In any `mkdocs serve`, the plugin keeps from one
build to the next: the checked entries (core/portfolio.py ReadCache), each page's parts (pages/common.py PageMemo),
each activity's export lines (core/export.py Lines), each page's rendering (`RenderCache`) and Material's compiled
templates (`CompiledTemplates`).

With `--dirty`, MkDocs builds again only the pages whose file says `is_modified()`, and keeps the others from the
last build in its site folder. MkDocs' own test (the source newer than the output) cannot tell for a generated
page, so the plugin decides for its own pages (`Rebuilds`):

- a page the plugin makes is read, built and written only if its parts (meta and body) differ from the last build's,
  or if anything every page shows has changed: the configuration file, the theme's custom_dir, the files'
  addresses, the navigation (its shape and titles), the user's own pages;
- a page not read still shows its title in the navigation of the pages built (its meta is set), and is handed to
  Material's tags plugin as its reading would; the tags page is always read, and built again when any page's tags
  change;
- the user's own pages (docs_dir) are always built again: they are few, and MkDocs could not tell whether their
  titles or tags changed;
- Material's search plugin, under --dirty, merges this build's index with the last one's as if one page had been
  built: the plugin hands it the whole merge instead (`merge_search_index`).

Only with plugins whose behaviour here is known (Material's search and tags, and this one): with any other, every
page is built again, as in a plain `mkdocs serve`. A failed build is forgotten: the next one builds everything.
tests/test_rebuilds.py compares every kind of edit's rebuild with a full build, file for file.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import threading
from collections.abc import Iterable
from pathlib import Path

import jinja2
from mkdocs.structure.files import File

from ..core.export import Lines
from .pages.common import LastBuild, PageMemo

# The plugins known to be correct under these rebuilds, by their classes' modules.
KNOWN_PLUGINS = ("material.plugins.search.", "material.plugins.tags.", "cpd_portfolio.")


class KeptFile(File):
    """A page the plugin makes: built again in a dirty build only while `modified` (the plugin decides)."""

    modified = True

    def is_modified(self) -> bool:
        return self.modified


def fingerprint(parts: Iterable[object]) -> int:
    """A digest of a page's parts: its meta (a dict), then its body, each part's kind (Markdown, HTML, furniture)
    counted, since each goes into the page its own way. Python's own hash: fingerprints are compared within one
    `mkdocs serve` only, and a part kept from the last build (pages/common.py PageMemo) has its hash already."""
    meta, *body = parts
    return hash((repr(sorted(meta.items())), tuple((type(part), part) for part in body)))


def known_plugins(plugins: Iterable[object]) -> bool:
    """Whether every plugin configured is one whose behaviour under kept pages is known."""
    return all(type(plugin).__module__.startswith(KNOWN_PLUGINS) for plugin in plugins)


def config_key(config_file: str | None, custom_dir: str | None) -> bytes:
    """What every page shows from the configuration: mkdocs.yml as written, and the theme's own templates."""
    digest = hashlib.blake2b(digest_size=16)
    if config_file:
        digest.update(Path(config_file).read_bytes())
    if custom_dir and os.path.isdir(custom_dir):
        for folder, dirs, names in sorted(os.walk(custom_dir)):
            dirs.sort()
            for name in sorted(names):
                stat = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.digest()


class RenderCache(LastBuild):
    """Each page's rendering (its HTML, table of contents and anchors) by its Markdown, and its HTML with the plugin's
    own put back and sanitised, kept from one build to the next of the same site (its configuration and files'
    addresses: the key): a page whose Markdown is the same renders the same."""

    def get(self, src_uri: str, made_from: object) -> tuple | None:
        """What the page made from `made_from` (its Markdown; or Markdown's output, for the plugin's HTML put back
        into it) came to in the last build."""
        found = self._last.get((src_uri, made_from))
        if found is not None:
            self._now[(src_uri, made_from)] = found
        return found

    def put(self, src_uri: str, made_from: object, rendered: tuple) -> None:
        self._now[(src_uri, made_from)] = rendered


def merge_search_index(search: object, built: set[str], pages: set[str]) -> None:
    """Material's search plugin, under --dirty, keeps the last build's index and replaces in it the entries of the
    first page built now, as if only one page had been: give it the whole merge instead, the last build's entries
    of the pages not built now (and still there: `pages`, the addresses of the site's pages) followed by this
    build's, and no index to merge with. Nothing if the plugin is not Material's (its attributes are looked for,
    not assumed)."""
    index, prev = getattr(search, "search_index", None), getattr(search, "search_index_prev", None)
    if prev is None or not isinstance(getattr(index, "entries", None), list):
        return
    kept = []
    for entry in prev.entries:
        url = entry.get("location", "").split("#", 1)[0]
        if url in pages and url not in built:  # a page of the site still, as it was
            kept.append(entry)
    index.entries = kept + index.entries
    search.search_index_prev = None


__all__ = [
    "KNOWN_PLUGINS",
    "KeptFile",
    "RenderCache",
    "config_key",
    "fingerprint",
    "known_plugins",
    "merge_search_index",
]


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once for all rebuilds (Jinja's own cache, in memory): MkDocs makes the theme's
    environment afresh for each build, and compiling Material's templates again is a large part of a rebuild. Jinja
    checks each template's source against what was compiled, so an edited override is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def _always() -> bool:
    return True


class Rebuilds:
    """What `mkdocs serve` keeps from one build to the next: each page's rendering and parts, the theme's
    compiled templates, and with --dirty (`keep_pages`) each page the plugin made, by its fingerprint, with the key of
    the site it was built in."""

    def __init__(self, keep_pages: bool) -> None:
        self.keep_pages = keep_pages
        self.renders = RenderCache()
        self.compiled = CompiledTemplates()
        self.pages_made = PageMemo()  # each page's parts, with what they were made from (pages/common.py)
        self.export_lines = Lines()  # each activity's line of the exports (core/export.py)
        self._last: dict[str, int] = {}  # the last good build's pages, by src_uri
        self._last_site: bytes | None = None
        self._collection = _Collection()

    def begin(self, config) -> None:
        """A build (on_config)."""
        self._collection.pause()
        self.active = self.keep_pages and known_plugins(config.plugins.values())
        self._plugins = config.plugins
        self._tags_read = None
        self._config = config_key(config.config_file_path, config.theme.custom_dir)
        self._now: dict[str, int] = {}
        self._files: dict[str, KeptFile] = {}
        self._meta: dict[str, dict] = {}
        self._nav_titles: list = []
        self._tags: list = []
        self._tags_page: str | None = None
        self._users: list = []
        self._unbuilt: list[KeptFile] = []
        self._built: set[str] = set()
        self._pages: set[str] = set()
        self._site: bytes | None = None

    def page(self, file: KeptFile, parts: list, in_nav: bool) -> None:
        """A page the plugin makes, with its parts (its meta first)."""
        meta = parts[0]
        self._now[file.src_uri] = fingerprint(parts)
        self._files[file.src_uri] = file
        self._meta[file.src_uri] = meta
        if in_nav:  # its title is in every page's navigation
            self._nav_titles.append((file.src_uri, meta.get("title")))
        if meta.get("tags"):
            self._tags.append((file.src_uri, meta["tags"]))

    def files_made(self, files, tags_page: str | None = None) -> None:
        """Every page the plugin makes is there (on_files). The tags page changes with any page's tags. The user's
        own pages are always built again, and the time of each is part of the site's key: MkDocs cannot tell
        whether a page's title, in every page's navigation, has changed."""
        if tags_page in self._now:
            self._tags_page = tags_page
            self._now[tags_page] = hash((self._now[tags_page], repr(self._tags)))
        if not self.active:
            return
        for file in files.documentation_pages():
            if file.src_uri not in self._files:
                file.is_modified = _always  # this file only, for this build: MkDocs makes new ones for the next
                path = file.abs_src_path
                self._users.append((file.src_uri, os.stat(path).st_mtime_ns if path and os.path.exists(path) else 0))

    def files_known(self, files, nav) -> None:
        """The files and the navigation are made (on_nav): a page's rendering is kept while the configuration and the
        files' addresses are the same; with --dirty, those of the plugin's pages whose parts are the same as in the
        last build are not read again if nothing every page shows has changed either."""
        digest = hashlib.blake2b(self._config, digest_size=16)
        for file in files:
            digest.update(f"{file.src_uri}\0{file.dest_uri}\n".encode())
        self.renders.begin(digest.digest())
        if not self.active:
            return
        digest.update(json.dumps([self._nav_titles, self._users, _nav_shape(nav.items)], default=str).encode())
        self._site = digest.digest()
        if self._site != self._last_site:
            return  # the first build, or one whose configuration, files or navigation have changed: all of it
        # Material's tags plugin collects every page's tags as it reads the page (for the tags page, and for tags.json,
        # its `export`): a page not read is handed to it as reading would (`_tags_reader`; asked now, once every
        # plugin's on_config has made its objects), or, if the plugin is not as known, every page is read.
        self._tags_read, read_all = _tags_reader(self._plugins.values())
        # A page whose parts are the same is not even read. The tags page always is: Material's tags plugin makes the
        # links of the tags on the pages that are built from its listing.
        for src_uri, file in self._files.items():
            if self._last.get(src_uri) != self._now[src_uri]:
                continue
            page = file.page
            if read_all or src_uri == self._tags_page or page is None:
                self._unbuilt.append(file)  # read, but not built (choose)
            else:
                file.modified = False
                page.markdown, page.meta = "", dict(self._meta[src_uri])  # its title, in others' navigation
                if self._tags_read is not None:
                    self._tags_read(page)

    def choose(self, files) -> None:
        """Every page is read (on_env, before the tags plugin's): those read only to be seen by other plugins are not
        built, and the tags plugin holds the pages handed to it in the order reading would have given them."""
        pages = [file.page for file in files.documentation_pages() if file.page is not None]
        self._pages = {page.url for page in pages}
        data = getattr(getattr(self._tags_read, "mappings", None), "data", None)
        if isinstance(data, dict):
            order = {page.url: i for i, page in enumerate(pages)}
            ordered = sorted(data.items(), key=lambda item: order.get(item[0], len(order)))
            data.clear()
            data.update(ordered)
        for file in self._unbuilt:
            file.modified = False
            if file.page is not None:  # its text is not needed again
                file.page.markdown = file.page.content = ""

    def built(self, page) -> None:
        """A page has been built and written (on_post_page)."""
        self._built.add(page.url)

    def finish(self, plugins) -> None:
        """The build has written every page (on_post_build, before the search plugin writes its index)."""
        self._collection.resume_later()
        if not self.active:
            return
        search = plugins.get("material/search") or plugins.get("search")
        if search is not None:
            merge_search_index(search, self._built, self._pages)
        self._last, self._last_site = self._now, self._site

    def forget(self) -> None:
        """The build failed: the next one builds everything."""
        self._collection.resume_later()
        self._last, self._last_site = {}, None
        self.renders.forget()
        self.pages_made.forget()


# Python's cyclic garbage collector, run while a rebuild makes its objects, scans the whole heap now and then, and the
# heap of a serve session holds everything these caches keep: measured, a fifth of a rebuild. So a rebuild (not the
# first build, whose garbage is the most) runs with automatic collection paused, and a second after the build (after
# the browser has been told to reload) collection is turned on again and the garbage collected, in a thread of its
# own (a collection holds the interpreter anyway). A build that starts within that second keeps it paused.
COLLECT_AFTER = 1.0


class _Collection:
    """The pause of automatic garbage collection over one serve session's rebuilds."""

    def __init__(self) -> None:
        self.builds = 0
        self.paused = False
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def pause(self) -> None:
        with self.lock:
            self.builds += 1
            if self.timer is not None:
                self.timer.cancel()  # still paused from the last build: it stays so
                self.timer = None
            elif self.builds > 1 and gc.isenabled():
                gc.disable()
                self.paused = True

    def resume_later(self) -> None:
        with self.lock:
            if self.paused and self.timer is None:
                self.timer = threading.Timer(COLLECT_AFTER, self._resume)
                self.timer.daemon = True
                self.timer.start()

    def _resume(self) -> None:
        with self.lock:
            if self.timer is None:  # cancelled: a build has started
                return
            self.timer = None
            self.paused = False
            gc.enable()
        gc.collect()


def _tags_reader(plugins) -> tuple[object, bool]:
    """How to hand a page not read to Material's tags plugin, as its reading would (its on_page_markdown: the page's
    tags from its meta, if the plugin's filter takes the page; a page of the plugin's holds no listing but the tags
    page, which is always read), and whether every page must be read instead (a tags plugin not as known, or one
    with its deprecated settings, which read the Markdown). (None, False) without the tags plugin."""
    for plugin in plugins:
        if not type(plugin).__module__.startswith("material.plugins.tags.") or not plugin.config.get("enabled", True):
            continue
        mappings, accepts = getattr(plugin, "mappings", None), getattr(plugin, "filter", None)
        deprecated = plugin.config.get("tags_file") or plugin.config.get("tags_extra_files")
        if deprecated or not callable(getattr(mappings, "add", None)) or not callable(accepts):
            return None, True

        def read(page, mappings=mappings, accepts=accepts) -> None:
            if accepts(page.file):
                mappings.add(page, page.markdown or "")

        read.mappings = mappings
        return read, False
    return None, False


def _nav_shape(items) -> list:
    """The navigation as every page shows it: sections' titles, pages' addresses and titles given in the config,
    links, in order (previous and next pages follow from the order)."""
    shape = []
    for item in items:
        children = getattr(item, "children", None)
        file = getattr(item, "file", None)
        if file is not None:
            shape.append(("page", file.src_uri, getattr(item, "_title_from_config", None)))
        elif children is not None:
            shape.append(("section", item.title, _nav_shape(children)))
        else:
            shape.append(("link", getattr(item, "title", None), getattr(item, "url", None)))
    return shape
