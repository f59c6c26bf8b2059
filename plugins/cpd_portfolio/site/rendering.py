"""The plugin's pages, rendered by one Markdown instance for the whole build instead of one per page.

MkDocs makes a new `markdown.Markdown` for every page it renders (`Page.render`): loading every extension again
costs more than converting a page of a portfolio, and at 5,000 pages that was a tenth of the build. The pages the
plugin makes are rendered by the same extensions with the same configuration, through one instance that is
`reset()` between pages (Python-Markdown's documented way to convert several documents), with MkDocs' own
per-page processors (anchors, relative links, the title) made afresh for each page, as `Page.render` makes them.

An extension keeps per-document state (footnotes, abbreviations, tab and code-line counters) and must clear it in
`reset()`. The instance is shared only when every configured extension is one known to do so (`REUSABLE`, each
covered by tests/test_rendering.py, which checks the HTML is the same byte for byte as MkDocs' own rendering);
with any other extension, or a MkDocs whose internals differ, each page gets its own instance, as MkDocs does.

The per-page processors are private names of MkDocs 1.6 (ProperDocs keeps them). A MkDocs without them renders every
page its own way; one whose names are there but work differently makes the shared path fail: then the page is
rendered by MkDocs' own `Page.render`, and if that works, so is every page after it in the build (logged at debug
level, so that `--strict` does not fail for what is only slower). If MkDocs' own rendering fails too, the fault is
the page's markup, and GeneratedPage shows it as text, as before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

try:  # MkDocs' own per-page processors, as Page.render uses them (MkDocs 1.6)
    from mkdocs.structure.pages import (
        _ExtractAnchorsTreeprocessor,
        _ExtractTitleTreeprocessor,
        _RawHTMLPreprocessor,
        _RelativePathTreeprocessor,
    )
    from mkdocs.structure.pages import log as _pages_log
    from mkdocs.structure.toc import get_toc
except ImportError:  # pragma: no cover - another MkDocs: every page is rendered by MkDocs itself
    _RawHTMLPreprocessor = None

log = get_plugin_logger(__name__)

# Python-Markdown's own extensions, by the short names MkDocs' config accepts.
_BUILTIN = {
    "abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code", "footnotes",
    "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists", "smarty", "tables", "toc",
    "wikilinks",
}  # fmt: skip
# Extensions of PyMdown (Material's recommended set) whose state is cleared by reset(), each tested.
_PYMDOWNX = {
    "arithmatex", "betterem", "caret", "critic", "details", "emoji", "highlight", "inlinehilite", "keys", "mark",
    "smartsymbols", "snippets", "superfences", "tabbed", "tasklist", "tilde",
}  # fmt: skip
REUSABLE = frozenset(
    {f"markdown.extensions.{name}" for name in _BUILTIN} | _BUILTIN | {f"pymdownx.{name}" for name in _PYMDOWNX}
)


def reusable(extensions: list) -> bool:
    """Whether one Markdown instance, reset between pages, renders with these extensions as fresh ones would."""
    if _RawHTMLPreprocessor is None:
        return False
    return all(isinstance(ext, str) and ext.partition(":")[0] in REUSABLE for ext in extensions)


class SharedMarkdown:
    """The build's one Markdown instance, made when the first page needs it (a build's config is fixed)."""

    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None
        self._reusable: bool | None = None

    def give_up(self, page: Page, exc: Exception) -> None:
        """The shared path failed where MkDocs' own rendering did not: MkDocs renders every page from now on."""
        self._reusable = False
        self._md = None
        log.debug(
            f"cpd: rendering '{page.file.src_uri}' with one Markdown instance for the build failed "
            f"({type(exc).__name__}: {exc}), though MkDocs renders it: every page is now rendered by MkDocs itself"
        )

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> bool:
        """Render `page` as `Page.render` would; False, rendering nothing, if the instance can't be shared."""
        if self._reusable is None:
            self._reusable = reusable(config["markdown_extensions"])
        if not self._reusable:
            return False
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self._md
        if md is None:
            md = self._md = markdown.Markdown(
                extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {}
            )
        md.reset()
        # Registering under the same name replaces the previous page's processor.
        raw_html = _RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = _ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        relative = _RelativePathTreeprocessor(page.file, files, config)
        relative._register(md)
        title = _ExtractTitleTreeprocessor()
        title._register(md)

        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if _pages_log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative.links_to_anchors
        return True


class GeneratedPage(Page):
    """A page the plugin makes. MkDocs reads, renders and writes it like any other, firing every page event.

    One entry's text never stops the site: if rendering fails (MkDocs' HTML parser raises on some markup that
    `cpd check` may not know of), the error is logged and the page is rendered again with `as_text` applied to its
    Markdown, which shows the entry's markup as text.
    """

    def __init__(
        self,
        file: File,
        config: MkDocsConfig,
        renderer: SharedMarkdown,
        as_text: Callable[[str], str],
        renders=None,
    ) -> None:
        super().__init__(None, file, config)
        self._renderer = renderer
        self._as_text = as_text
        self._renders = renders  # a RenderCache (rebuilds.py) in `mkdocs serve`: the last build's renderings

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self._renders is None:
            self._render_once(config, files)
            return
        markdown = self.markdown or ""
        kept = self._renders.get(self.file.src_uri, markdown)
        if kept is not None:
            self.content, self.toc, self._title_from_render, anchors, links = kept
            self.present_anchor_ids = set(anchors)
            if links is not None:  # by the files' paths: this build's files are new objects
                found = ((files.get_file_from_path(src), to) for src, to in links.items())
                self.links_to_anchors = {file: dict(to) for file, to in found if file is not None}
            return
        self._render_once(config, files)
        links = self.links_to_anchors
        self._renders.put(
            self.file.src_uri,
            markdown,
            (
                self.content,
                self.toc,
                self._title_from_render,
                frozenset(self.present_anchor_ids or ()),
                None if links is None else {file.src_uri: dict(to) for file, to in links.items()},
            ),
        )

    def _render_once(self, config: MkDocsConfig, files: Files) -> None:
        try:
            self._render(config, files)
        except Exception as exc:  # whatever a parser raises: the page is still made, and the error reported
            log.error(
                f"cpd: the page '{self.file.src_uri}' could not be rendered ({type(exc).__name__}: {exc}): its text "
                "is shown as plain text; check the markup of its entry"
            )
            self.markdown = self._as_text(self.markdown or "")
            self._render(config, files)

    def _render(self, config: MkDocsConfig, files: Files) -> None:
        try:
            if self._renderer.render(self, config, files):
                return
        except Exception as exc:  # the shared path's fault (MkDocs' private names changed) or the page's markup
            try:
                super().render(config, files)
            except Exception:
                raise exc from None  # MkDocs' own rendering fails too: the markup's fault, reported by render()
            self._renderer.give_up(self, exc)
            return
        super().render(config, files)
