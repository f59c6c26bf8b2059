"""Pages from Jinja2 templates: site/templates/*.html, each overridable from the theme's `custom_dir`.

A template writes the whole page as HTML, every value autoescaped. Two filters mark what is not plain HTML:
`markdown` (an entry's own Markdown body, rendered by MkDocs with the page) and `furniture` (a block search need not
index, put into the page after the search plugin has read it). `Templates.page()` splits the output at those marks
into the page's parts (`Html`, Markdown text, `Furniture`; see common.py and holding.py). The marks carry a token
drawn for each run, which no entry's text can name.

A user overrides a template by putting a file of the same name in `<custom_dir>/cpd/` (as Material's partials are
overridden in `<custom_dir>/partials/`), e.g. `overrides/cpd/activity.html`; `{% extends "cpd:activity.html" %}`
reaches the plugin's own. The plugin's words are translated from site/locales/<language>.yml (and
`<custom_dir>/cpd/locales/<language>.yml`, which wins), chosen by the theme's `language`.
"""

from __future__ import annotations

import functools
import re
import secrets
from collections.abc import Iterable
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup

from .common import Furniture, Html, esc

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
LOCALES = Path(__file__).resolve().parents[1] / "locales"
DEFAULT_LANGUAGE = "en"
_TOKEN = f"cpd-part-{secrets.token_hex(6)}-"
_MARK = re.compile(f"<!--{_TOKEN}(md|/md|f|/f)-->")


class TemplateError(Exception):
    """A template (the user's own override, most likely) that cannot be loaded or rendered."""


def _finalize(value: object) -> object:
    """Every value a template prints, escaped as the rest of the plugin escapes (`esc`: html.escape, quotes included),
    so that a text reads the same in a template's output, a chart and the search index."""
    if isinstance(value, Markup):
        return value
    return Markup(esc(value))


def _markdown(text: str) -> Markup:
    return Markup(f"<!--{_TOKEN}md-->{text}<!--{_TOKEN}/md-->")


def _furniture(html: str) -> Markup:
    return Markup(f"<!--{_TOKEN}f-->{html}<!--{_TOKEN}/f-->")


def words(language: str | None, custom_dirs: Iterable[str | Path] = ()) -> dict[str, str]:
    """The plugin's words in `language` (English: none needed), the user's own file over the shipped one."""
    table: dict[str, str] = {}
    lang = (language or DEFAULT_LANGUAGE).split("-")[0].split("_")[0].lower()
    if lang == DEFAULT_LANGUAGE:
        return table
    for path in [LOCALES / f"{lang}.yml", *(Path(d) / "cpd" / "locales" / f"{lang}.yml" for d in custom_dirs)]:
        if path.is_file():
            try:
                loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as exc:
                raise TemplateError(f"{path}: not valid YAML ({exc})") from None
            if not isinstance(loaded, dict):
                raise TemplateError(f"{path}: should map each English text to its translation")
            table.update({str(k): str(v) for k, v in loaded.items() if v is not None})
    return table


class Templates:
    """One build's templates: the user's overrides first, then the plugin's own; its words in one language."""

    def __init__(self, custom_dirs: Iterable[str | Path] = (), language: str | None = None) -> None:
        dirs = [Path(d) for d in custom_dirs if d]
        own = jinja2.FileSystemLoader(str(TEMPLATES))
        loader = jinja2.ChoiceLoader(
            [
                jinja2.PrefixLoader({"cpd": own}, delimiter=":"),  # "cpd:activity.html": the plugin's own
                *(jinja2.FileSystemLoader(str(d / "cpd")) for d in dirs),
                own,
            ]
        )
        self.env = jinja2.Environment(
            loader=loader,
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            finalize=_finalize,
            extensions=["jinja2.ext.i18n"],
        )
        self.language = (language or DEFAULT_LANGUAGE).split("-")[0].split("_")[0].lower()
        self.words = words(self.language, dirs)
        table = self.words
        self.env.install_gettext_callables(
            lambda text: table.get(text, text),
            lambda one, many, n: table.get(one if n == 1 else many, one if n == 1 else many),
            newstyle=True,
        )
        self.env.filters["markdown"] = _markdown
        self.env.filters["furniture"] = _furniture

    def _(self, text: str, **values) -> str:
        """A word of the plugin's outside a template (a page title, a chart's labels), translated: plain text,
        for the caller to escape where it goes into HTML."""
        text = self.words.get(text, text)
        return text % values if values else text

    @functools.lru_cache(maxsize=64)  # noqa: B019 - one Templates per build, a few dozen templates
    def _template(self, name: str) -> jinja2.Template:
        try:
            return self.env.get_template(name)
        except jinja2.TemplateNotFound:
            raise TemplateError(f"no template '{name}'") from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from None

    def html(self, name: str, /, **data) -> str:
        """The template's output as one HTML string (a whole document, or a fragment), marks removed."""
        return _MARK.sub("", self._render(name, data))

    def page(self, name: str, /, **data) -> list:
        """The template's output as a page's parts: HTML, the entries' Markdown, and furniture, in order."""
        pieces = _MARK.split(self._render(name, data))  # text, mark, text, mark, ..., text
        parts: list = [Html(pieces[0])] if pieces[0] else []
        for mark, text in zip(pieces[1::2], pieces[2::2], strict=True):
            if not text:
                continue
            if mark == "md":
                parts.append(str(text))
            elif mark == "f":
                parts.append(Furniture(text))
            else:  # after the end of a mark: HTML again
                parts.append(Html(text))
        return parts

    def _render(self, name: str, data: dict) -> str:
        template = self._template(name)
        try:
            return template.render(**data)
        except jinja2.TemplateError as exc:
            raise TemplateError(f"the template '{name}' failed: {exc}") from None


__all__ = ["TemplateError", "Templates", "words"]
