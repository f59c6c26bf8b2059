"""Published naughty strings in every text field of every kind of entry: no markup, no script, in HTML or Chromium.

The corpus is tests/naughty/ (sources, commits and licences in its README): one string per line, `#` lines and blank
lines skipped, as in blns.txt. Each string goes, as it is, into the text fields of one activity and one objective
(quoted for YAML with json.dumps, so that the YAML is valid; tags only when the schema's 100 characters allow),
into their Markdown bodies raw, and into the profile's summary of practice; a few go into the profile's own fields.
Activities with script URLs as evidence, and Markdown links and images to them, are added. One portfolio, one
`mkdocs build` for the lot (if a body crashes the build, the culprits are found, reported, and left out).

Front matter text must be escaped by the plugin; the Markdown bodies (reflections, action plans) are rendered by
Markdown, which passes raw HTML and attr_list attributes through unless a sanitiser removes them. The checks:

- statically, on every HTML file (html.parser): no <script> but the theme's own (those of a build with no naughty
  text), no on* attribute (the theme has none), no javascript:/vbscript:/data:text/html URL in a URL attribute
  or meta refresh, no frame/object/embed/base element, the theme's script still a script on every page; each front
  matter string with a tag in it is shown escaped, never raw;
- in Chromium (marked `browser`): every activity page, the overview pages, Material's search, and the objective
  pages of a third of the strings that could make markup. alert, confirm, prompt and print are recorded instead
  of run, a setter records `window.__pwned`, a report-only Content-Security-Policy that allows only the theme's
  own scripts records any other script that runs (inline handler, injected <script>, javascript: URL), and no
  dialog may open, no page error or console error about script may appear, no frame may exist, and the DOM as
  Chromium parsed it may hold no injected script, handler or script URL.

A control page with known injections proves, on every run, that each detector fires.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import html
import http.server
import json
import posixpath
import re
import subprocess
import textwrap
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from support import REPO, build

CORPUS = Path(__file__).with_name("naughty")
CORPUS_FILES = ("blns.txt", "xss-payload-list.txt", "extra.txt")
TAG_MAX = 100  # the schema's maxLength of a tag: a longer string is left out of the tags only


def load_corpus() -> list[tuple[str, str]]:
    """(where, string) for every string of the corpus, first occurrence only. Lines end at \\n alone: blns has
    strings made of U+000B, U+000C, U+0085, U+2028 and U+2029, which str.splitlines() would take as line ends."""
    found: dict[str, str] = {}
    for name in CORPUS_FILES:
        text = (CORPUS / name).read_bytes().decode("utf-8")
        for number, line in enumerate(text.split("\n"), 1):
            if line and not line.startswith("#"):
                found.setdefault(line, f"{name}:{number}")
    return [(where, s) for s, where in found.items()]


STRINGS = load_corpus()

# What YAML may hold raw (YAML 1.1's printable set), less what the reader refuses or takes as a line end.
_NOT_RAW_IN_YAML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]")


def q(text: str) -> str:
    """`text` as a YAML double-quoted scalar: json.dumps (JSON's escapes are YAML's), with every character YAML may
    not hold raw written as a \\u escape."""
    return _NOT_RAW_IN_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def ident(i: int) -> str:
    return f"n{i:03d}"


# --- The portfolio -------------------------------------------------------------------------------------------------

# Evidence items with a script scheme: written as a bare item, any scheme followed by :// reads as a web address (the
# plugin must refuse all but http and https), and a file may be named like a script URL. Each goes into an activity
# of its own, with Markdown links and images to script URLs (inline and by reference) in its reflection.
EVIDENCE = {
    "ev-javascript-comment": "javascript://%0Aalert(1)",
    "ev-javascript-mixed-case": "JaVaScRiPt://%0Aalert(1)",
    "ev-javascript-tab": "java\tscript://%0Aalert(1)",
    "ev-vbscript": "vbscript://%0Amsgbox(1)",
    "ev-data-html": "data://text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "ev-file-named-javascript": "javascript:alert(1)",  # no //: a path, and entries/2026/ holds a file of that name
}
EVIDENCE_BODY = (
    "Links in the reflection: [a](javascript:alert(1)), [b](JAVASCRIPT:alert(1)), ![c](javascript:alert(1)), "
    "[d](vbscript:msgbox(1)), [e](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==), "
    "<javascript:alert(1)> and [f][ref].\n\n[ref]: javascript:alert(1)\n"
)
# Refused by the schema (an evidence `url` must be http or https): the whole entry is left out of the site.
REFUSED = {"ev-url-javascript": '{url: "javascript:alert(1)", title: "refused"}'}


CRASHED_BODY = "This string's body crashed the build: see test_the_build_survives_every_body."


def _activity(i: int, s: str, body: str) -> str:
    day = f"2026-{1 + i % 11:02d}-{1 + i % 28:02d}"
    tags = f"tags: [{q(s)}]\n" if len(s) <= TAG_MAX else ""
    return (
        f"---\ntitle: {q(s)}\ndate: {day}\ntype: work-based\nhours: 1\nmethod: {q(s)}\n"
        f"objectives: [{ident(i)}]\noutcomes: [{q(s)}, {q('second ' + s)}]\napplication: {q(s)}\n"
        f"benefit: {q(s)}\n{tags}evidence:\n  - {{path: ../evidence/x.txt, title: {q(s)}}}\n"
        f"  - {{url: 'https://example.org/', title: {q(s)}}}\nhighlight: true\n---\n{body}\n"
    )


def _objective(i: int, s: str, body: str) -> str:
    tags = f"tags: [{q(s)}]\n" if len(s) <= TAG_MAX else ""
    return (
        f"---\nkind: objective\nid: {ident(i)}\ntitle: {q(s)}\ndate: 2026-01-01\ndue: 2027-06-30\nneed: {q(s)}\n"
        f"success: {q(s)}\nevaluation: {q(s)}\n{tags}target_hours: 5\n---\n{body}\n"
    )


def _pick(needle: str) -> str:
    return next(s for _, s in STRINGS if needle in s)


PROFILE_FIELDS = {
    "name": _pick("<script>alert(0)"),
    "role": _pick("<img src=x onerror=alert(2)"),
    "number": _pick("'><script>alert(5)"),
    "designation": _pick("<svg onload=alert(1)>"),
}


def _profile(strings: list[str]) -> str:
    f = {k: q(v) for k, v in PROFILE_FIELDS.items()}
    summary = "\n\n".join(strings)  # the audit profile shows it escaped, paragraph by paragraph
    return (
        f"---\nkind: profile\nname: {f['name']}\nrole: {f['role']}\nregistrations:\n"
        f"  - {{body: hcpc, number: {f['number']}, designation: {f['designation']}, renewal: 2027-01-31}}\n"
        f"---\n{summary}\n"
    )


def _markdown_extensions() -> list:
    """The sample mkdocs.yml's Markdown extensions (attr_list among them): the ones a user starts with."""
    with contextlib.suppress(OSError, yaml.YAMLError, AttributeError):
        config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
        if isinstance(config.get("markdown_extensions"), list):
            return config["markdown_extensions"]
    return ["attr_list", "admonition", "tables"]


def write_project(project: Path, strings: list[str] | None, *, no_body: frozenset[int] = frozenset()) -> Path:
    """A project with the naughty portfolio (or, with `strings` None, the same shape with plain words).

    The strings numbered in `no_body` get a plain body instead of themselves: those whose body crashed the build.
    """
    e = project / "entries"
    for folder in ("2026", "objectives", "evidence"):
        (e / folder).mkdir(parents=True, exist_ok=True)
    (project / "docs").mkdir(exist_ok=True)  # the entries folder is never MkDocs' docs_dir
    (e / "evidence" / "x.txt").write_text("evidence\n", encoding="utf-8")
    texts = strings if strings is not None else [f"Plain text {i}" for i in range(3)]
    for i, s in enumerate(texts):
        body = CRASHED_BODY if i in no_body else s
        (e / "2026" / f"{ident(i)}.md").write_text(_activity(i, s, body), encoding="utf-8", newline="\n")
        (e / "objectives" / f"{ident(i)}.md").write_text(_objective(i, s, body), encoding="utf-8", newline="\n")
    if strings is not None:
        (e / "profile.md").write_text(_profile(strings), encoding="utf-8", newline="\n")
        (e / "2026" / EVIDENCE["ev-file-named-javascript"]).write_text("evidence\n", encoding="utf-8")
        for name, item in EVIDENCE.items():
            (e / "2026" / f"{name}.md").write_text(
                f"---\ntitle: Evidence {name}\ndate: 2026-05-05\ntype: formal\n"
                f"evidence: [{q(item)}, {{url: {q('https://example.org/' + name)}, title: {q(item)}}}]\n"
                f"---\n{EVIDENCE_BODY}",
                encoding="utf-8",
            )
        for name, item in REFUSED.items():
            (e / "2026" / f"{name}.md").write_text(
                f"---\ntitle: {name}\ndate: 2026-05-05\ntype: formal\nevidence: [{item}]\n---\n", encoding="utf-8"
            )
    else:
        (e / "profile.md").write_text(
            "---\nkind: profile\nname: Sam\nregistrations: [{body: hcpc, renewal: 2027-01-31}]\n---\nSummary.\n",
            encoding="utf-8",
        )
    config = {
        "site_name": "Naughty strings",
        "docs_dir": "docs",
        "theme": {"name": "material", "font": False},
        "plugins": ["search", "tags", {"cpd": {"entries": "entries"}}],
        "markdown_extensions": _markdown_extensions(),
    }
    (project / "mkdocs.yml").write_text(json.dumps(config, indent=1), encoding="utf-8")  # JSON is YAML
    return project


# --- Static checks ---------------------------------------------------------------------------------------------------

URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "codebase", "cite",
    "dynsrc", "lowsrc", "ping", "manifest", "icon", "srcset", "imagesrcset",
}  # fmt: skip
ACTIVE_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
_SCRIPT_SCHEME = re.compile(
    r"(javascript|vbscript|livescript|mocha):|data:(text/html|application/xhtml|image/svg\+xml|text/xml|application/xml)"
)
_URL_JUNK = "".join(map(chr, range(0x21)))  # C0 controls and space: URL parsers strip them from both ends
_RELATIVE = re.compile(r'(?<=")(?:\.\.?/)*(?:\.\.?(?="))?')  # "../..", "../../assets/x", "." -> "", "", "assets/x"


def script_url(value: str, *, srcset: bool = False) -> bool:
    """Whether a URL attribute's value (entities already decoded) runs script, as a browser reads it: tabs and
    newlines inside are dropped, controls and spaces around are stripped, the scheme's case does not matter."""
    for part in value.split(",") if srcset else [value]:
        url = re.sub(r"[\t\n\r]", "", part).strip(_URL_JUNK).lower()
        if _SCRIPT_SCHEME.match(url):
            return True
    return False


@dataclass
class Scan:
    """What one HTML page holds that could run script."""

    scripts: list[tuple[str, ...]] = field(default_factory=list)  # ("src", path) or ("inline", type, text)
    inline_texts: list[str] = field(default_factory=list)
    handlers: list[str] = field(default_factory=list)  # "<img onerror=...>"
    urls: list[str] = field(default_factory=list)  # "<a href=javascript:...>"
    active: list[str] = field(default_factory=list)  # "<iframe ...>"


class _Scanner(HTMLParser):
    def __init__(self, page_dir: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_dir = page_dir
        self.scan = Scan()
        self._script: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        shown = f"<{tag} {' '.join(f'{n}={v!r}' for n, v in attrs)[:160]}>"
        for name, value in values.items():
            if name.startswith("on"):
                self.scan.handlers.append(f"<{tag} {name}={value[:80]!r}>")
            if name in URL_ATTRIBUTES and script_url(value, srcset=name.endswith("srcset")):
                self.scan.urls.append(shown)
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            target = values.get("content", "").partition(";")[2].strip()
            target = re.sub(r"^url\s*=\s*", "", target, flags=re.IGNORECASE).strip("'\"")
            if script_url(target):
                self.scan.urls.append(shown)
        if tag in ACTIVE_ELEMENTS:
            self.scan.active.append(shown)
        if tag == "script":
            if values.get("src"):
                src = posixpath.normpath(posixpath.join(self.page_dir, values["src"].split("?")[0]))
                self.scan.scripts.append(("src", src))
            else:
                self._script = (values.get("type", ""), [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script" and self._script is not None:
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            kind, parts = self._script
            text = "".join(parts)
            self.scan.scripts.append(("inline", kind, _RELATIVE.sub("", text)))
            self.scan.inline_texts.append(text)
            self._script = None


def scan_page(site: Path, page: Path) -> Scan:
    rel = page.relative_to(site).as_posix()
    scanner = _Scanner(posixpath.dirname(rel) or ".")
    scanner.feed(page.read_text(encoding="utf-8"))
    scanner.close()
    return scanner.scan


def without_bodies(page_rel: str, text: str) -> str:
    """The page's HTML less the Markdown bodies (reflection, action plan), which are markup by design."""
    if page_rel.startswith("2026/"):
        start, end = text.find('<h2 id="reflection"'), text.rfind("</article>")
    elif page_rel.startswith("objectives/") and page_rel != "objectives/index.html":
        start, end = text.find('<h2 id="action-plan"'), text.rfind("<h2>Evaluation</h2>")
    else:
        return text
    assert 0 <= start < end, f"{page_rel}: the body's place in the page is not where it was"
    return text[:start] + text[end:]


# --- Building ---------------------------------------------------------------------------------------------------------


@dataclass
class Built:
    site: Path
    stderr: str
    crashed: dict[int, str]  # string number -> the build's last error line, for strings whose body crashed it
    baseline: Path
    scans: dict[str, Scan]  # page (relative path) -> scan
    baseline_scripts: set[tuple[str, ...]]
    baseline_handlers: set[str]


def _crashed(result: subprocess.CompletedProcess) -> bool:
    return result.returncode != 0 and "Traceback" in result.stderr


def _parser_raises(text: str) -> bool:
    parser = HTMLParser()
    try:
        parser.feed(text)
        parser.close()
    except Exception:  # AssertionError, in Python 3.11's _markupbase
        return True
    return False


def _crashers(tmp_path_factory, numbers: list[int]) -> dict[int, str]:
    """The strings whose bodies alone crash `mkdocs build`, found by halving (a few small builds per culprit)."""
    strings = [STRINGS[i][1] for i in numbers]
    result = build(write_project(tmp_path_factory.mktemp("probe"), strings))
    if not _crashed(result):
        return {}
    if len(numbers) == 1:
        return {numbers[0]: result.stderr.strip().splitlines()[-1][:300]}
    half = len(numbers) // 2
    return _crashers(tmp_path_factory, numbers[:half]) | _crashers(tmp_path_factory, numbers[half:])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    baseline = write_project(tmp_path_factory.mktemp("plain"), None)
    plain = build(baseline)
    assert plain.returncode == 0, plain.stderr
    strings = [s for _, s in STRINGS]
    project = write_project(tmp_path_factory.mktemp("naughty"), strings)
    result = build(project)
    crashed: dict[int, str] = {}
    if _crashed(result):
        # Find the bodies that crash it, then build without them, so that every other check still runs. MkDocs
        # reads a page's raw HTML with the standard library's HTMLParser: the strings that make it raise are
        # tried first, each alone; any other culprit is found by halving.
        suspects = [i for i, s in enumerate(strings) if _parser_raises(s)]
        for i in suspects:
            crashed |= _crashers(tmp_path_factory, [i])
        project = write_project(tmp_path_factory.mktemp("naughty"), strings, no_body=frozenset(crashed))
        result = build(project)
        if _crashed(result):
            crashed |= _crashers(tmp_path_factory, [i for i in range(len(strings)) if i not in crashed])
            project = write_project(tmp_path_factory.mktemp("naughty"), strings, no_body=frozenset(crashed))
            result = build(project)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Traceback" not in result.stderr, result.stderr[-4000:]
    site, base_site = project / "out", baseline / "out"
    base_scans = [scan_page(base_site, p) for p in base_site.rglob("*.html")]
    scans = {p.relative_to(site).as_posix(): scan_page(site, p) for p in site.rglob("*.html")}
    return Built(
        site=site,
        stderr=result.stderr,
        crashed=crashed,
        baseline=base_site,
        scans=scans,
        baseline_scripts={s for scan in base_scans for s in scan.scripts},
        baseline_handlers={h for scan in base_scans for h in scan.handlers},
    )


def test_the_build_survives_every_body(built: Built):
    """No reflection or action plan makes `mkdocs build` fail with a Traceback (the build exits 0 without them)."""
    crashed = [(STRINGS[i][0], STRINGS[i][1][:80], error) for i, error in built.crashed.items()]
    assert crashed == [], f"{len(crashed)} bodies crash the build: {crashed}"


def _report(found: dict[str, list[str]], what: str) -> str:
    lines = [f"{sum(map(len, found.values()))} {what} on {len(found)} pages; the first:"]
    for page, items in list(found.items())[:12]:
        lines += [f"  {page}: {item}" for item in items[:3]]
    return "\n".join(lines)


def test_every_string_is_published(built: Built):
    """Each string's activity and objective has a page (none was refused, so none went untested)."""
    missing = [
        (where, s[:60])
        for i, (where, s) in enumerate(STRINGS)
        if not (built.site / "2026" / ident(i) / "index.html").is_file()
        or not (built.site / "objectives" / ident(i) / "index.html").is_file()
    ]
    assert missing == [], missing
    for name in EVIDENCE:
        assert (built.site / "2026" / name / "index.html").is_file(), name
    for name in REFUSED:  # the schema's refusal stands: the entry is left out, and the build says so
        assert not (built.site / "2026" / name).exists(), name
        assert name in built.stderr


def test_the_baseline_has_what_the_checks_look_for(built: Built):
    """The theme's own scripts are found (so an injected one would be); the theme has no handler or script URL."""
    assert any(s[0] == "src" and "bundle" in s[1] for s in built.baseline_scripts)
    assert any(s[0] == "inline" for s in built.baseline_scripts)
    assert built.baseline_handlers == set()


def test_no_body_swallows_the_rest_of_its_page(built: Built):
    """The theme's script is still a script on every page: no body left a comment, a <script>, a <textarea>... open
    over the rest of the page (as html.parser reads it; the browser test checks the DOM as Chromium built it)."""
    found = [
        page for page, scan in built.scans.items() if not any(s[0] == "src" and "bundle" in s[1] for s in scan.scripts)
    ]
    assert found == [], f"{len(found)} pages lost the theme's script: {sorted(found)[:12]}"


def test_no_script_but_the_themes(built: Built):
    found = {
        page: [repr(s)[:200] for s in scan.scripts if s not in built.baseline_scripts]
        for page, scan in built.scans.items()
    }
    found = {page: items for page, items in found.items() if items}
    assert found == {}, _report(found, "script elements the theme does not have")


def test_no_event_handler_attribute(built: Built):
    found = {page: [h for h in scan.handlers if h not in built.baseline_handlers] for page, scan in built.scans.items()}
    found = {page: items for page, items in found.items() if items}
    assert found == {}, _report(found, "on* attributes")


def test_no_script_url(built: Built):
    found = {page: scan.urls for page, scan in built.scans.items() if scan.urls}
    assert found == {}, _report(found, "javascript:/vbscript:/data: URLs in URL attributes")


def test_no_frame_object_embed_or_base(built: Built):
    found = {page: scan.active for page, scan in built.scans.items() if scan.active}
    assert found == {}, _report(found, "frame, object, embed or base elements")


_TAG = re.compile(r"<[A-Za-z!/?]")


def test_front_matter_text_is_shown_escaped_never_raw(built: Built):
    """Every front matter string with a tag in it: escaped on its own pages and on the overview pages, never raw.

    An entry's text is shown on its own page, its objective's and the overview pages (timeline, audit, tags...):
    those are the pages searched, less the Markdown bodies, which are markup by design.
    """
    site = built.site
    shared = {
        rel: without_bodies(rel, (site / rel).read_text(encoding="utf-8"))
        for rel in built.scans
        if not rel.startswith(("2026/", "objectives/n"))
    }
    theme = "".join(p.read_text(encoding="utf-8") for p in built.baseline.rglob("*.html"))
    raw: dict[str, list[str]] = {}
    unshown = []
    for i, (_, s) in enumerate(STRINGS):
        own = {}
        for rel in (f"2026/{ident(i)}/index.html", f"objectives/{ident(i)}/index.html"):
            own[rel] = without_bodies(rel, (site / rel).read_text(encoding="utf-8"))
        if f"<h1>{html.escape(s)}</h1>" not in own[f"2026/{ident(i)}/index.html"]:
            unshown.append(s[:60])
        if not _TAG.search(s) or s in theme:  # no tag, or one the theme's own pages hold (<title>, <!--)
            continue
        for rel, text in (own | shared).items():
            if s in text:
                raw.setdefault(rel, []).append(s[:80])
    for s in PROFILE_FIELDS.values():
        for rel, text in shared.items():
            if s in text:
                raw.setdefault(rel, []).append(s[:80])
    assert unshown == [], f"{len(unshown)} titles not shown escaped: {unshown[:5]}"
    assert raw == {}, _report(raw, "front matter strings raw in the HTML")


# --- In Chromium -----------------------------------------------------------------------------------------------------

# Runs before any script of each page and frame: dialogs are recorded, not opened; a CSP violation is recorded.
RECORDER = textwrap.dedent("""
    (() => {
      const fired = [];
      Object.defineProperty(window, "__cpdFired", {value: fired});
      for (const name of ["alert", "confirm", "prompt", "print"]) {
        window[name] = (...args) => { fired.push(`${name}(${args.map(String).join(",").slice(0, 80)})`); };
      }
      Object.defineProperty(window, "__pwned", {set(v) { fired.push(`window.__pwned=${v}`); }, get() {}});
      document.addEventListener("securitypolicyviolation", (e) => {
        fired.push(`csp ${e.effectiveDirective}: ${e.blockedURI} ${JSON.stringify(e.sample)} line ${e.lineNumber}`);
      }, true);
    })();
""")

# The DOM as Chromium parsed it: script elements, handler attributes, script URLs, frames.
INSPECT = textwrap.dedent("""
    () => {
      const urlAttributes = new Set(%s);
      const bad = /^(javascript|vbscript|livescript|mocha):|^data:(text\\/html|application\\/xhtml|image\\/svg\\+xml|text\\/xml|application\\/xml)/i;
      const found = [];
      for (const el of document.querySelectorAll("*")) {
        for (const a of el.attributes) {
          const name = a.name.toLowerCase();
          if (name.startsWith("on")) found.push(`handler <${el.localName} ${name}=${a.value.slice(0, 60)}>`);
          if (urlAttributes.has(name)) {
            let url = a.value;
            try { url = new URL(a.value, document.baseURI).href; } catch (e) {}
            if (bad.test(url)) found.push(`url <${el.localName} ${name}=${a.value.slice(0, 60)}>`);
          }
        }
      }
      const path = (url) => { try { return new URL(url).pathname; } catch (e) { return url; } };
      const scripts = [...document.scripts].map((s) => s.src ? "src " + path(s.src)
        : "inline " + s.type + " " + s.textContent.replace(/"(\\.\\.?\\/)*(\\.\\.?(?="))?/g, '"'));
      const intact = !!document.querySelector(".md-footer") && !!document.querySelector("script[src*='bundle']");
      return {found, scripts, intact};
    }
""") % json.dumps(sorted(URL_ATTRIBUTES))

CONTROL_PAGE = (
    "<!doctype html><title>control</title><p>A page with known injections: each detector must fire.</p>"
    '<img src="missing.png" onerror="alert(1)"><a href="javascript:alert(2)">x</a><script>window.__pwned=3</script>'
    '<iframe srcdoc="<script>alert(4)</script>"></iframe><footer class="md-footer"></footer>'
)
WORKERS = 4  # pages open at once: a page mostly waits for the theme's script, so more than the cores help


def _policy(built: Built) -> str:
    """A report-only CSP that allows the site's own script files and the theme's own inline scripts (by hash)."""
    hashes = set()
    for scan in built.scans.values():
        for signature, text in zip((s for s in scan.scripts if s[0] == "inline"), scan.inline_texts, strict=True):
            if signature in built.baseline_scripts:
                digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
                hashes.add(f"'sha256-{digest}'")
    return f"script-src 'self' {' '.join(sorted(hashes))} 'report-sample'"


@contextlib.contextmanager
def serve_with_policy(root: Path, policy: str) -> Iterator[dict]:
    """Serve `root` with the report-only policy on every page. Until `state["search"]` is set, the search index is
    served empty: Material's search worker would otherwise index the whole site again on every page."""
    index = root / "search" / "search_index.json"
    empty = (
        json.dumps({**json.loads(index.read_text(encoding="utf-8")), "docs": []}).encode() if index.is_file() else b""
    )
    state = {"search": False}

    class WithPolicy(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def end_headers(self) -> None:
            if self.path.endswith(("/", ".html")):
                self.send_header("Content-Security-Policy-Report-Only", policy)
            else:  # the theme's files, the same for every page: from the browser's cache after the first page
                self.send_header("Cache-Control", "max-age=3600")
            super().end_headers()

        def do_GET(self) -> None:
            if self.path.endswith("/search/search_index.json") and not state["search"]:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(empty)))
                self.end_headers()
                self.wfile.write(empty)
                return
            super().do_GET()

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:
            pass  # the browser drops a connection it no longer needs (BrokenPipeError): nothing to report

    server = Server(("127.0.0.1", 0), functools.partial(WithPolicy, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"base": f"http://127.0.0.1:{server.server_address[1]}/", "state": state}
    finally:
        server.shutdown()
        server.server_close()


async def _visit(page, url: str, console: list[str]) -> dict:
    response = await page.goto(url, wait_until="load")
    # One rendering update: autofocus and animation events fire in it, before its animation frame callbacks.
    await page.evaluate("() => new Promise((r) => requestAnimationFrame(() => setTimeout(r)))")
    fired: list[str] = []
    frames = []
    for frame in page.frames:
        with contextlib.suppress(Exception):  # a frame may go away while it is read
            fired += await frame.evaluate("() => window.__cpdFired ? [...window.__cpdFired] : ['(no recorder)']")
        if frame is not page.main_frame:
            frames.append(frame.url[:80])
    seen = await page.evaluate(INSPECT)
    return {"status": response.status if response else None, "fired": fired, "frames": frames, **seen,
            "console": list(console)}  # fmt: skip


async def _visit_all(base: str, paths: list[str], workers: int = WORKERS) -> tuple[dict[str, dict], dict]:
    """Each path in Chromium, `workers` pages at a time; what each page showed, and what the browser saw overall."""
    import asyncio

    from browser import CHROMIUM, CHROMIUM_ARGS
    from playwright.async_api import async_playwright

    host = base.split("/")[2]
    overall: dict[str, list[str]] = {"dialogs": [], "outside": []}
    results: dict[str, dict] = {}
    queue = list(reversed(paths))
    async with async_playwright() as p:
        # Outside requests go to a closed port (and are recorded): no routing, which would turn off the cache.
        browser = await p.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            proxy={"server": "http://127.0.0.1:9", "bypass": host.split(":")[0]},
        )
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        await context.add_init_script(RECORDER)

        def request(r) -> None:
            if not r.url.startswith(("data:", "blob:", "about:")) and urlsplit(r.url).netloc != host:
                overall["outside"].append(r.url[:120])

        context.on("request", request)

        async def worker() -> None:
            page = await context.new_page()
            console: list[str] = []
            page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: console.append(f"uncaught: {e}"))

            async def dialog(d) -> None:
                overall["dialogs"].append(f"{page.url}: {d.type} {d.message[:80]}")
                await d.dismiss()

            page.on("dialog", dialog)
            while queue:
                path = queue.pop()
                console.clear()
                results[path] = await _visit(page, base + path, console)

        await asyncio.gather(*(worker() for _ in range(workers)))
        await browser.close()
    return results, overall


async def _search(base: str, queries: list[str]) -> dict[str, list[str]]:
    """Material's search, which shows the indexed text of the pages: what ran while each query's results showed."""
    from browser import CHROMIUM, CHROMIUM_ARGS
    from playwright.async_api import async_playwright

    fired: dict[str, list[str]] = {}
    async with async_playwright() as p:
        host = base.split("/")[2]
        browser = await p.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            proxy={"server": "http://127.0.0.1:9", "bypass": host.split(":")[0]},
        )
        page = await browser.new_page()
        await page.add_init_script(RECORDER)
        page.on("dialog", lambda d: fired.setdefault("dialog", []).append(d.message))
        await page.goto(base, wait_until="load")
        for query in queries:
            search = page.locator(".md-search__input")
            await search.click()
            await search.fill("")
            await search.press_sequentially(query, delay=20)  # typed, as Material listens to the keys
            await page.wait_for_function(  # "Initializing search", then the number of results
                "() => /matching/i.test(document.querySelector('.md-search-result__meta')?.textContent)",
                timeout=15_000,
            )
            await page.wait_for_timeout(300)  # the results are drawn as they scroll into view
            ran = await page.evaluate("() => [...window.__cpdFired]")
            if ran:
                fired[query] = ran
            await page.keyboard.press("Escape")
        await browser.close()
    return fired


def _signs(seen: dict, theme: dict) -> list[str]:
    """What in one page's visit shows that script from an entry ran or could run."""
    items = [] if seen["status"] == 200 else [f"status {seen['status']}"]
    items += [f"ran: {f}" for f in seen["fired"]]
    items += [f"frame: {f}" for f in seen["frames"]]
    items += [f"dom: {f}" for f in seen["found"] if f not in theme["found"]]
    items += [f"dom script: {s[:120]}" for s in seen["scripts"] if s not in theme["scripts"]]
    items += [
        f"console: {e[:160]}"
        for e in seen["console"]
        if re.search(r"script|refused|uncaught|eval|alert|prompt|confirm", e, re.IGNORECASE)
    ]
    return items


@pytest.mark.browser
def test_nothing_runs_in_chromium(built: Built):
    import asyncio

    from browser import require_chromium

    require_chromium()
    policy = _policy(built)
    for site in (built.site, built.baseline):
        (site / "__control__.html").write_text(CONTROL_PAGE, encoding="utf-8")

    # The baseline site: what the theme's own pages hold and do with nothing naughty in them, and the control page.
    with serve_with_policy(built.baseline, policy) as served:
        theme_pages = ["", "timeline/", "audit/hcpc/", "tags/", "2026/n000/", "objectives/n000/"]
        seen, overall = asyncio.run(_visit_all(served["base"], [*theme_pages, "__control__.html"]))
    control = seen.pop("__control__.html")
    for path, page in seen.items():
        assert page["status"] == 200 and page["fired"] == [] and page["frames"] == [] and page["intact"], (path, page)
        assert [e for e in page["console"] if "404" not in e] == [], (path, page["console"])
    theme = {"found": {f for page in seen.values() for f in page["found"]}}
    theme["scripts"] = {s for page in seen.values() for s in page["scripts"]}
    ran = "\n".join(control["fired"])
    assert "alert(1)" in ran and "window.__pwned=3" in ran and "csp script-src" in ran, control
    assert control["frames"] and "alert(4)" in ran, control  # the recorder runs in frames too
    assert any(f.startswith("url <a href=javascript") for f in control["found"]), control
    assert any(f.startswith("handler <img onerror") for f in control["found"]), control
    assert overall == {"dialogs": [], "outside": []}, overall

    # Every activity page, the overview pages, and the objective pages of every third string that could make markup
    # (raw HTML, a link, attributes): action plans are rendered as reflections are, and the static checks read every
    # objective page; a third of them keeps the action plans' own path tested in Chromium at a third of the time.
    paths = ["", "plan/", "gaps/", "timeline/", "objectives/", "audit/", "audit/hcpc/", "tags/"]
    paths += [f"2026/{name}/" for name in EVIDENCE]
    paths += [f"2026/{ident(i)}/" for i in range(len(STRINGS))]
    markup = [i for i, (_, s) in enumerate(STRINGS) if re.search(r"[<\[{]", s)]
    paths += [f"objectives/{ident(i)}/" for i in markup[::3]]
    start = time.perf_counter()
    with serve_with_policy(built.site, policy) as served:
        seen, overall = asyncio.run(_visit_all(served["base"], paths))
        served["state"]["search"] = True
        searched = asyncio.run(_search(served["base"], ["script", "onerror", "alert", "javascript"]))
    seconds = time.perf_counter() - start
    print(f"\n{len(paths)} pages in Chromium in {seconds:.0f} s")
    problems = {path: items for path, page in seen.items() if (items := _signs(page, theme))}
    problems |= {f"search {query!r}": items for query, items in searched.items()}
    # Pages where something ran first, then those that only hold something that could run.
    problems = dict(sorted(problems.items(), key=lambda kv: not any(i.startswith("ran:") for i in kv[1])))
    broken = sorted(path for path, page in seen.items() if not page["intact"])
    assert overall["dialogs"] == [], overall["dialogs"][:10]
    assert problems == {}, _report(problems, "signs of script from entries")
    assert broken == [], f"{len(broken)} pages lost their footer or the theme's script: {broken[:10]}"
    assert overall["outside"] == [], overall["outside"][:10]
