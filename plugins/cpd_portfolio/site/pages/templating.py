"""Pages from Jinja2 templates: site/templates/*.html, each overridable from the theme's `custom_dir`.

A template writes the whole page as HTML, every value autoescaped. Small pieces every page prints many times are
filters (`time`, `when`, `hours`, `day`, `type_badge`: a filter costs a tenth of a macro). Two filters mark what is
not plain HTML:
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
import hashlib
import re
import secrets
from collections.abc import Iterable
from pathlib import Path

import jinja2
import jinja2.ext
import yaml
from markupsafe import Markup

from ...core.entries import TYPE_LABELS
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
    so that a text reads the same in a template's output, a chart and the search index. Autoescaping escapes & < >
    alike; only a text with a quote is escaped here (markupsafe writes &#34; where html.escape writes &quot;)."""
    if type(value) is str:
        return Markup(esc(value)) if ('"' in value or "'" in value) else value
    return "" if value is None else value


# `_("literal")`: a word of the plugin's with nothing to fill in.
_LITERAL_WORD = re.compile(r"""(?<![\w.])_\("((?:[^"\\]|\\.)*)"\)""")


class _Cache(jinja2.FileSystemBytecodeCache):
    """Jinja's per-user cache of compiled templates, keyed also by the words folded into them (`salt`)."""

    salt = ""

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self.salt}:{name}", filename)


class _FoldWords(jinja2.ext.Extension):
    """Translates each `_("literal")` as the template is loaded, into a string constant that Jinja escapes once, at
    compile time: a table of thousands of rows says "Date" in each without a call. The words are the build's (one
    language per Templates), and a template with anything else (`_(x)`, `_("... %(n)s", n=...)`) is left to the call."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        table = getattr(self.environment, "cpd_words", None)
        if table is None:  # the environment that extracts the words for translation sees them as written
            return source

        def fold(match: re.Match) -> str:
            text = match[1]
            if "%" in text or "\\" in text:
                return match[0]
            word = table.get(text, text)
            return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'

        return _LITERAL_WORD.sub(fold, source)


def _markdown(text: str) -> Markup:
    return Markup(f"<!--{_TOKEN}md-->{text}<!--{_TOKEN}/md-->")


def _furniture(html: str) -> Markup:
    return Markup(f"<!--{_TOKEN}f-->{html}<!--{_TOKEN}/f-->")


def _fill(text: str, values: dict) -> str:
    """A translated text with its values: plain text (escaped when printed), unless a value is HTML (`code(...)`),
    when the text is escaped here and the HTML kept."""
    if not values:
        return text
    if any(isinstance(v, Markup) for v in values.values()):
        return Markup(esc(text)) % values
    return text % values


_ISO_DAY = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


def _dates(text: str) -> Markup:
    """A text of the core's (a gap's title, a reason) escaped, each YYYY-MM-DD in it a <time>: a date never breaks
    across lines at its hyphens, and a reader's software knows it for a date."""
    return Markup(_ISO_DAY.sub(r'<time datetime="\1">\1</time>', esc(text)))


def _code(text: str) -> Markup:
    """A command or a field to type, inside a sentence: `_("... %(command)s.", command=code("cpd check"))`."""
    return Markup(f"<code>{esc(text)}</code>")


def _time(day) -> Markup:
    text = day.isoformat()
    return Markup(f'<time datetime="{text}">{text}</time>')


def _when(to: str, start, end=None) -> Markup:
    """A day, or a span of days ('2025-01-20 to 2025-03-10'), as <time> elements."""
    if end and end != start:
        return Markup(f"{_time(start)} {esc(to)} {_time(end)}")
    return _time(start)


def _hours(value) -> str:
    return "–" if value is None else f"{value:g} h"


def _day(value) -> str:
    return value.isoformat() if value else "–"


def _type_badge(labels: dict[str, str], activity_type: str) -> Markup:
    return Markup(f'<span class="cpd-type cpd-type-{esc(activity_type)}">{esc(labels[activity_type])}</span>')


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
            auto_reload=False,  # a build reads each template once: no stat of its file on every import
            # Compiled templates kept between builds (Jinja's own per-user folder in the temporary directory, keyed
            # by each template's source, so an edited override is compiled again): a tenth of a second a build.
            bytecode_cache=_Cache(),
            extensions=["jinja2.ext.i18n", _FoldWords],
        )
        self.overridden = any((d / "cpd").is_dir() for d in dirs)  # whether the user overrides any template
        self.language = (language or DEFAULT_LANGUAGE).split("-")[0].split("_")[0].lower()
        self.words = words(self.language, dirs)
        table = self.words
        self.env.cpd_words = table  # read by _FoldWords
        # The words are folded into the compiled template: a template compiled for one language (or one user's
        # words) is never another's.
        self.env.bytecode_cache.salt = hashlib.sha256(repr(sorted(table.items())).encode()).hexdigest()[:16]

        def gettext(text: str, **values) -> str:
            return _fill(table.get(text, text), values)

        def ngettext(one: str, many: str, n: int, **values) -> str:
            text = one if n == 1 else many
            return _fill(table.get(text, text), {"num": n, **values})

        # Plain functions, not the i18n extension's context-bound ones (which cost a page of activities a third of
        # its render): a translation is text, escaped when printed like any other; the extension stays loaded, so
        # that `env.extract_translations` finds every word (tests/test_translations.py).
        self.env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext, code=_code)
        self.env.filters.update(
            markdown=_markdown,
            furniture=_furniture,
            time=_time,
            when=functools.partial(_when, gettext("to")),
            hours=_hours,
            day=_day,
            dates=_dates,
            type_badge=functools.partial(_type_badge, {t: gettext(label) for t, label in TYPE_LABELS.items()}),
        )

    def extraction_env(self) -> jinja2.Environment:
        """An environment that parses the templates with their words as written, for extracting them."""
        return jinja2.Environment(
            loader=self.env.loader, trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n", _FoldWords]
        )  # no cpd_words: _FoldWords leaves the words as written

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
