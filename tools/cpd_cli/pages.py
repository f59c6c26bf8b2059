"""`cpd pages`: the public site's pages as Markdown files, for a site generator that does not run the plugin.

The pages are the plugin's own (site/pages/pageset.py makes them for both), each written as a Markdown file with a
small YAML front matter (title, tags, and the theme hints the plugin gives the page), at the address the plugin
gives it: `index.md`, `2025/2025-06-26-x.md`, `audit/hcpc/index.md`... beside the evidence files of published
activities, the exports the audit index links to and the CSS the pages need. Private entries are never written.

A generator turns `x.md` into an address, but MkDocs leaves the links in raw HTML as they are, so the links are
written for one style, `--urls`: `directory` (`x.md` served as `x/`, MkDocs' default `use_directory_urls: true`),
`html` (`x.md` as `x.html`: `use_directory_urls: false`, for a site opened from a shared drive) or `source` (links
name the Markdown files, `../objectives/x.md`, for a generator that rewrites links in raw HTML as it does Markdown's,
as Zensical does, whatever its URL setting). Each page links its CSS itself, with the same style.

Every page's HTML is one block with no blank line in it, wrapped in `<div class="cpd-html">`, so that Python-Markdown
and CommonMark both pass it through as it is. By default the entries' own Markdown (reflections, action plans) is
rendered here, with the `markdown_extensions` of ./mkdocs.yml, and sanitised as the plugin does (site/sanitising.py):
a generator gets HTML with no script in it. `--bodies markdown` writes those bodies as Markdown instead, for the
generator to render: raw HTML in them then reaches the site unsanitised.

The output folder is the command's own: a folder that is not empty and was not made by `cpd pages` is refused.
`.cpd-pages.json` in it lists what was written (with a hash of each file), so that a later run rewrites only those
files, removes those no longer published (an entry made private since) and refuses to touch a file changed or added
by hand. Nothing else is ever deleted, and nothing is written into the entries folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import importlib
import json
import os
import posixpath
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from cpd_portfolio.core import load_portfolio
from cpd_portfolio.core.analysis import analyse
from cpd_portfolio.core.calendar import events, to_ics
from cpd_portfolio.core.dates import outside_message, supported
from cpd_portfolio.core.export import select, to_csv, to_json
from cpd_portfolio.core.periods import PeriodError
from cpd_portfolio.core.schemes import SchemeError, load_catalogue
from cpd_portfolio.site.holding import HeldHtml
from cpd_portfolio.site.pages.auditfile import ASSETS
from cpd_portfolio.site.pages.common import Html, esc
from cpd_portfolio.site.pages.pageset import CSS_URIS, SitePage, left_out, make_site, site_pages
from cpd_portfolio.site.pages.templating import TemplateError
from cpd_portfolio.site.sanitising import sanitise
from cpd_portfolio.site.sitemap import CALENDAR, calendar_link

from .config import plugin_options, theme_settings

MANIFEST = ".cpd-pages.json"
MADE_BY = "cpd pages"
MKDOCS_BUILTINS = ["toc", "tables", "fenced_code"]  # the extensions MkDocs always adds to markdown_extensions
_BLANK_LINE = re.compile(r"\n(?=[ \t\r]*\n)")
_LINK = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def _usage(message: str) -> Exception:
    from .main import UsageError

    return UsageError(message)


# --- the pages as Markdown ---------------------------------------------------------------------


def html_block(content: str) -> str:
    """Raw HTML as one block that Python-Markdown and CommonMark both copy as it is.

    A blank line ends an HTML block in CommonMark (what follows is read as Markdown, indented lines as code), so each
    line break that starts a blank line is written as `&#10;`: the same character once parsed, in text, in attributes
    and inside <pre> alike (the block holds no script). The wrapper gives Python-Markdown one element to copy whole.
    """
    return f'<div class="cpd-html">{_BLANK_LINE.sub("&#10;", content.strip(chr(10)))}</div>\n\n'


def front_matter(meta: dict) -> str:
    """The page's meta as YAML front matter: title and tags escaped for HTML, as the plugin hands them to the theme
    (MkDocs' themes print them unescaped), on one line each."""
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1_000_000_000) + "---\n\n"


class BodyRenderer:
    """Renders a page's Markdown parts as the plugin does: one Markdown pass over the page with its raw HTML held
    back behind placeholders, then what Markdown made of the entries' text sanitised, and their relative links to
    another page or file of the output rewritten to its address, as MkDocs rewrites them."""

    def __init__(self, extensions: list[str], configs: dict[str, dict]) -> None:
        import markdown

        self._md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        self._held = HeldHtml()

    def page_html(self, body: list, src: str, link, known: set[str]) -> str:
        markdown_text, raw = self._held.hold(body)
        try:
            output = self._md.reset().convert(markdown_text)
        except Exception as exc:  # as the plugin: one entry's markup never stops the pages
            print(
                f"cpd pages: warning: the page '{src}' could not be rendered ({type(exc).__name__}: {exc}): its text "
                "is shown as plain text; check the markup of its entry",
                file=sys.stderr,
            )
            output = self._md.reset().convert(self._held.as_text(markdown_text))
        return self._held.restore(output, raw, lambda part: _relink(sanitise(part), src, link, known))


def _relink(fragment: str, src: str, link, known: set[str]) -> str:
    """Relative links and images in an entry's HTML that name a page or file of the output, at its address."""

    def replace(match: re.Match) -> str:
        value = html.unescape(match[2])
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return match[0]
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src), unquote(parts.path)))
        if target not in known:
            return match[0]
        url = (
            link(target) + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
        )
        return f"{match[1]}{esc(url)}{match[3]}"

    return _LINK.sub(replace, fragment) if ('href="' in fragment or 'src="' in fragment) else fragment


def page_markdown(page: SitePage, link, renderer: BodyRenderer | None, known: set[str]) -> str:
    """One page as a Markdown file: front matter, then its HTML (and, without a renderer, the entries' Markdown)."""
    meta, *body = page.parts
    meta = dict(meta)
    if not page.indexed:
        meta["search"] = {"exclude": True}  # as the plugin: the overview pages repeat the entries' text
    out = [front_matter(meta)]
    # The page's own CSS, whatever the generator's configuration (a stylesheet link may stand in the body).
    run = ["".join(f'<link rel="stylesheet" href="{esc(link(uri))}">' for uri in CSS_URIS)]
    if renderer is not None:
        out.append(html_block("".join(run) + renderer.page_html(body, page.src_uri, link, known)))
        return "".join(out)
    for part in body:
        if isinstance(part, Html):
            run.append(part)
            continue
        if run:
            out.append(html_block("".join(run)))
            run = []
        if part.strip():
            out.append(part.rstrip("\n") + "\n\n")
    if run:
        out.append(html_block("".join(run)))
    return "".join(out)


# --- what to write -----------------------------------------------------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it, as far as the pages need: `!!python/name:x.y` names an object (Material's
    emoji index, a highlighter's formatter); other tags (!ENV, !relative) are read as nothing."""


def _python_name(loader, suffix: str, node) -> object:
    module, _, name = suffix.rpartition(".")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError, ValueError):
        raise _usage(
            f"mkdocs.yml names '{suffix}', which cannot be imported: install its package, or give --bodies markdown "
            "to leave the entries' Markdown to the site generator"
        ) from None


# In this order: PyYAML takes the first prefix that matches.
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _config(project: Path) -> dict:
    try:
        config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return config if isinstance(config, dict) else {}


def markdown_extensions(config: dict) -> tuple[list[str], dict[str, dict]]:
    """The extensions and their configuration, as MkDocs reads `markdown_extensions` (its builtins first)."""
    value = config.get("markdown_extensions") or []
    items = [{k: v} for k, v in value.items()] if isinstance(value, dict) else value
    names, configs = list(MKDOCS_BUILTINS), {}
    for item in items if isinstance(items, list) else [items]:
        name, options = next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (item, None)
        if not isinstance(name, str):
            raise _usage(f"mkdocs.yml: markdown_extensions: {item!r} is not an extension's name")
        names.append(name)
        if isinstance(options, dict) and options:
            configs[name] = options
    return list(dict.fromkeys(names)), configs


def _as_of(args, options: dict) -> dt.date | None:
    if args.as_of:
        return args.as_of
    value = options.get("as_of")
    if value is None:
        return None
    try:
        day = (
            value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else dt.date.fromisoformat(value)
        )
    except (TypeError, ValueError):
        raise _usage(f"mkdocs.yml: the cpd plugin's as_of '{value}' is not a date: write it as YYYY-MM-DD") from None
    if not supported(day):
        raise _usage(f"mkdocs.yml: the cpd plugin's as_of {outside_message(repr(day.isoformat()))}")
    return day


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(out: Path) -> dict[str, list[str]] | None:
    """The files an earlier run wrote (path -> the hashes it may have), or None if `out` is not cpd pages' folder."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) and data.get("made_by") == MADE_BY else None
    if not isinstance(files, dict) or not all(_clean(rel) for rel in files):
        return None  # a path that could lead out of the folder: the manifest is not one cpd pages wrote
    return {rel: [str(h) for h in v] for rel, v in files.items() if isinstance(v, list)}


def _clean(rel: object) -> bool:
    """A path inside the folder, as cpd pages writes them: relative, no '.' or '..' part, not the manifest."""
    if not isinstance(rel, str) or rel in (MANIFEST, MANIFEST + ".tmp") or rel.startswith("/") or "\\" in rel:
        return False
    return all(part not in ("", ".", "..") for part in rel.split("/"))


def _write_manifest(out: Path, files: dict[str, list[str]]) -> None:
    text = json.dumps({"made_by": MADE_BY, "files": dict(sorted(files.items()))}, indent=1) + "\n"
    temporary = out / (MANIFEST + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, out / MANIFEST)


def _check_out(out: Path, root: Path) -> dict[str, list[str]]:
    """The output folder's manifest ({} for a new or empty folder); a folder that is not ours is refused."""
    real_out, real_root = out.resolve(), root.resolve()
    if real_out == real_root or real_out.is_relative_to(real_root):
        raise _usage(f"{out} is inside the entries folder: write the pages elsewhere, entries are never touched")
    if real_root.is_relative_to(real_out):
        raise _usage(f"{out} holds the entries folder: give a folder of its own, e.g. --out docs-public")
    if out.exists() and not out.is_dir():
        raise _usage(f"{out} is not a folder: give a new or empty folder, or one cpd pages made")
    if not out.exists() or not any(out.iterdir()):
        return {}
    manifest = _read_manifest(out)
    if manifest is None:
        raise _usage(
            f"{out} is not empty and was not made by cpd pages (it has no valid {MANIFEST}): nothing was written. "
            "Give a new or empty folder, e.g. --out docs-public"
        )
    return manifest


def _inside(out: Path, rel: str) -> Path:
    """out/rel, refused if a folder on the way or the file itself is a link: nothing is written through one."""
    path = out
    for name in rel.split("/"):
        path = path / name
        if path.is_symlink():
            raise _usage(f"{path} is a link: cpd pages never writes through one; remove it and run again")
    return path


def write_pages(out: Path, outputs: dict[str, bytes], manifest: dict[str, list[str]]) -> tuple[int, int]:
    """Write `outputs` into `out`, remove what an earlier run wrote that is no longer published.

    Every file is checked before any is written: one added or changed by hand is refused, never overwritten or
    deleted. Returns (files written or unchanged, stale files removed).
    """
    new = {rel: _digest(data) for rel, data in outputs.items()}
    for rel in sorted(set(new) | set(manifest)):
        path = _inside(out, rel)
        if not path.exists():
            continue
        if path.is_dir():
            raise _usage(f"{path} is a folder where cpd pages writes a file: nothing was written; move it away")
        current = _digest(path.read_bytes())
        if current == new.get(rel) or current in manifest.get(rel, ()):
            continue
        what = "was changed after cpd pages wrote it" if rel in manifest else "is not one cpd pages wrote"
        raise _usage(
            f"{path} {what}: nothing was written. Move your file out of {out} (cpd pages writes the folder's "
            "files itself) and run again"
        )
    # While files are being written, the manifest accepts both the old and the new content of each.
    out.mkdir(parents=True, exist_ok=True)
    _write_manifest(
        out, {rel: sorted({*manifest.get(rel, ()), *([new[rel]] if rel in new else [])}) for rel in {*new, *manifest}}
    )
    for rel, data in outputs.items():
        path = out / rel
        if path.exists() and _digest(path.read_bytes()) == new[rel]:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    removed = 0
    for rel in sorted(set(manifest) - set(new)):
        path = out / rel
        if path.exists():
            path.unlink()
            removed += 1
        for parent in path.parents:  # folders the stale file leaves empty
            if parent == out or not parent.is_relative_to(out) or any(parent.iterdir()):
                break
            parent.rmdir()
    _write_manifest(out, {rel: [digest] for rel, digest in new.items()})
    return len(new), removed


def cmd_pages(args) -> int:
    from .main import _entries_dir

    root = _entries_dir(args)
    if not root.is_dir():
        raise _usage(f"no entries folder at {root}: run in your portfolio's folder or give --entries")
    out = Path(args.out)
    manifest = _check_out(out, root)
    project = Path.cwd()
    options = plugin_options(project)
    if options.get("include_private"):
        print(
            "cpd pages: note: include_private in mkdocs.yml is ignored: cpd pages never writes private entries",
            file=sys.stderr,
        )
    portfolio = load_portfolio(root, as_of=_as_of(args, options))
    view = portfolio.public()
    bodies = args.body or options.get("bodies") or None
    try:
        analysis = analyse(view, load_catalogue(root), period=args.period or options.get("period"), bodies=bodies)
    except (PeriodError, SchemeError) as exc:
        raise _usage(str(exc)) from None
    renderer = None
    if args.bodies == "html":
        extensions, configs = markdown_extensions(_config(project))
        try:
            renderer = BodyRenderer(extensions, configs)
        except Exception as exc:  # an extension that does not load: say which, as MkDocs would
            raise _usage(
                f"mkdocs.yml: the markdown_extensions cannot be loaded ({type(exc).__name__}: {exc}): fix them, "
                "or give --bodies markdown to leave the entries' Markdown to the site generator"
            ) from None
    audience = args.audience or options.get("audience") or "owner"
    if audience not in ("owner", "share"):
        raise _usage(f"mkdocs.yml: the cpd plugin's audience '{audience}' is not owner or share")
    site = make_site(
        analysis,
        use_directory_urls=args.urls == "directory",
        source_links=args.urls == "source",
        audience=audience,
        **dict(zip(("left_out", "withheld"), left_out(portfolio), strict=True)),
        **dict(zip(("custom_dirs", "language"), theme_settings(project), strict=True)),
    )
    try:
        pages = list(site_pages(site, tags_listed=True))
    except TemplateError as exc:
        raise _usage(str(exc)) from None
    published = site.sitemap.files  # evidence path -> where it is published
    public = select(view, include_private=False)
    files: dict[str, bytes] = {
        "export/portfolio.json": to_json(public).encode("utf-8"),
        CALENDAR: to_ics(events(view, analysis.catalogue), view.as_of, calendar_link(site.sitemap, None)),
        "export/portfolio.csv": to_csv(public).encode("utf-8"),
    }
    files.update({uri: (ASSETS / name).read_bytes() for uri, name in CSS_URIS.items()})
    page_uris = {page.src_uri for page in pages}
    # A page of the same name wins, as in the plugin; the manifest's own name is never an evidence file's.
    evidence = {path: uri for path, uri in published.items() if uri not in page_uris and _clean(uri)}
    known = page_uris | set(files) | set(evidence.values())
    outputs: dict[str, bytes] = {}
    for page in pages:
        outputs[page.src_uri] = page_markdown(page, site.linker(page.src_uri), renderer, known).encode("utf-8")
    for path, uri in evidence.items():
        outputs[uri] = (root / path).read_bytes()
    outputs.update(files)
    written, removed = write_pages(out, outputs, manifest)
    print(
        f"{out}: {len(pages)} pages, {len(evidence)} evidence files, the exports and the CSS ({written} files"
        + (f"; {removed} no longer published removed" if removed else "")
        + f"), links for {HINTS[args.urls]}: build it with docs_dir: {out.as_posix()}"
    )
    if portfolio.errors:
        print(
            f"note: {len(portfolio.errors)} problems leave entries out of these pages: run 'cpd check'", file=sys.stderr
        )
    return 0


HINTS = {
    "directory": "a generator that leaves links in HTML alone with use_directory_urls: true (MkDocs)",
    "html": "a generator that leaves links in HTML alone with use_directory_urls: false (MkDocs, a shared drive)",
    "source": "a generator that rewrites links in HTML (Zensical)",
}
EXAMPLES = {
    "pages": "examples:\n  cpd pages --out docs-public                 (MkDocs without the plugin)\n"
    "  cpd pages --out docs-public --urls html     (with use_directory_urls: false, or a shared drive)\n"
    "  cpd pages --out docs-public --urls source   (Zensical; then: zensical build, with docs_dir: docs-public)",
}


def register(command, date_type) -> None:
    pages = command(
        "pages",
        "Write the public site's pages as Markdown files (with their evidence, exports and CSS) that any Markdown "
        "site generator can build. Private entries are never written.",
    )
    pages.epilog = EXAMPLES["pages"]
    pages.add_argument("--out", required=True, metavar="DIR", help="a new or empty folder, or one cpd pages made")
    pages.add_argument(
        "--urls",
        choices=["directory", "html", "source"],
        default="directory",
        help="how links are written: directory (x/, default: MkDocs' use_directory_urls: true), html (x.html: "
        "use_directory_urls: false, for shared drives) or source (x.md, for a generator that rewrites links in "
        "HTML: Zensical)",
    )
    pages.add_argument(
        "--bodies",
        choices=["html", "markdown"],
        default="html",
        help="reflections and action plans rendered here and sanitised (html, default), or left as Markdown for "
        "the generator (markdown: raw HTML in them is then published unsanitised)",
    )
    pages.add_argument(
        "--as-of",
        type=date_type,
        default=None,
        metavar="YYYY-MM-DD",
        help="compute as of this date (default: the plugin's as_of in ./mkdocs.yml, SOURCE_DATE_EPOCH, else today)",
    )
    pages.add_argument(
        "--period",
        default=None,
        metavar="PERIOD",
        help="the summary's period, as cpd summary --period (default: the plugin's, else the current cycle)",
    )
    pages.add_argument(
        "--body",
        action="append",
        metavar="BODY",
        help="a body whose rules to check (repeatable; default: the plugin's bodies, else the profile's)",
    )
    pages.add_argument(
        "--audience",
        choices=["owner", "share"],
        default=None,
        help="owner: with the gaps and verdicts; share: no self-assessment (default: the plugin's audience, else owner)",
    )
    pages.add_argument(
        "--entries", metavar="DIR", help="the entries folder (default: from ./mkdocs.yml, else ./entries)"
    )
    pages.set_defaults(func=cmd_pages)
