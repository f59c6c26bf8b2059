"""Helpers for the browser tests: a local static server and Debian's headless Chromium via Playwright."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CPD_CHROMIUM", "/usr/bin/chromium")
# Flags that keep Chromium from calling home on a machine with no internet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def require_chromium() -> None:
    """Skip without a browser on a developer's machine; in CI a missing browser is a failure."""
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(root: Path, prefix: str = "") -> Iterator[str]:
    """Serve `root` on 127.0.0.1 under `prefix` (e.g. /cpd/ to prove sub-path serving); yield the base URL."""
    handler = functools.partial(_Quiet, directory=str(root))
    if prefix:
        prefix = "/" + prefix.strip("/") + "/"

        class Prefixed(_Quiet):
            def translate_path(self, path: str) -> str:
                if not path.startswith(prefix):
                    return str(root / "__outside_the_sub_path__")
                return super().translate_path("/" + path[len(prefix) :])

        handler = functools.partial(Prefixed, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix or '/'}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser_page(base_url: str):
    """A page whose every request outside base_url's host is blocked and recorded."""
    from playwright.sync_api import sync_playwright

    host = base_url.split("/")[2]
    outside: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})

        def route(r):
            url = r.request.url
            if url.startswith(("data:", "blob:", "about:")) or url.split("/")[2] == host:
                return r.continue_()
            outside.append(url)
            return r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            yield page, outside, errors
        finally:
            browser.close()


# ---------------------------------------------------------------- layout: the pages of a built site, and what a
# reader sees of them (overflow, words broken across lines, text too small to read)

PHONE, DESKTOP = 390, 1280


def page_kinds(site: Path) -> dict[str, str]:
    """Each kind of page in a built site, as a path under its root: one objective and one activity page (the
    longest, so the most text is tried), and one audit profile of each layout the site has (from the class
    ``cpd-audit-<layout>`` on its article)."""
    import re

    kinds = {
        "dashboard": "",
        "plan": "plan/",
        "gaps": "gaps/",
        "timeline": "timeline/",
        "objectives": "objectives/",
        "tags": "tags/",
        "audit": "audit/",
    }
    kinds = {kind: path for kind, path in kinds.items() if (site / path / "index.html").is_file()}

    def longest(pages: list[Path]) -> str | None:
        if not pages:
            return None
        page = max(sorted(pages), key=lambda p: p.stat().st_size)
        return page.parent.relative_to(site).as_posix() + "/"

    objective = longest([p for p in site.glob("objectives/*/index.html")])
    if objective:
        kinds["objective"] = objective
    activity = longest([p for p in site.glob("[0-9][0-9][0-9][0-9]/*/index.html")])
    if activity:
        kinds["activity"] = activity
    for profile in sorted(site.glob("audit/*/index.html")):
        found = re.search(r'class="cpd-audit cpd-audit-([a-z-]+)"', profile.read_text(encoding="utf-8"))
        if found and f"audit-{found[1]}" not in kinds:
            kinds[f"audit-{found[1]}"] = profile.parent.relative_to(site).as_posix() + "/"
    return kinds


# Run in the page: what overflows the page's width, which words are broken across lines (a word may break after
# a hyphen or a slash, never inside a part, and a date never at all), which text is drawn under `smallest` px
# (an SVG's text at its font size times the SVG's scale) and which dates wrap. Only text a reader can see counts:
# not display: none, visibility: hidden, opacity 0, a closed <details>, a screen-reader-only clip, SVG <title>.
_LAYOUT_PROBE = r"""
([scope, smallest]) => {
  const doc = document.documentElement;
  const width = doc.clientWidth;
  const root = document.querySelector(scope) || document.body;
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    const cls = (el.getAttribute("class") || "").trim().split(/\s+/).filter(Boolean).slice(0, 3);
    if (cls.length) name += "." + cls.join(".");
    const parent = el.parentElement && el.parentElement.closest("[id], [class]");
    return parent && parent !== el && parent !== document.body ? describe1(parent) + " > " + name : name;
  };
  const describe1 = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) return name + "#" + el.id;
    const cls = (el.getAttribute("class") || "").trim().split(/\s+/).filter(Boolean).slice(0, 2);
    return cls.length ? name + "." + cls.join(".") : name;
  };
  const hiddenCache = new Map();
  const hidden = (el) => {
    if (!el || el === document.documentElement) return false;
    if (hiddenCache.has(el)) return hiddenCache.get(el);
    const style = getComputedStyle(el);
    let result = false;
    if (style.display === "none" || style.visibility === "hidden" || style.visibility === "collapse") result = true;
    else if (parseFloat(style.opacity) === 0) result = true;
    else if (style.clip && style.clip !== "auto" && style.position === "absolute") result = true;
    else if (style.clipPath && style.clipPath !== "none" && /inset\(50%|circle\(0/.test(style.clipPath)) result = true;
    else if (["title", "desc", "script", "style", "noscript", "template"].includes(el.localName)) result = true;
    else if (el.getClientRects().length === 0 && !(el instanceof SVGElement)) result = true;
    else {
      const r = el.getBoundingClientRect();
      if (r.width <= 1 && r.height <= 1 && style.overflow === "hidden") result = true;
      else result = hidden(el.parentElement);
    }
    hiddenCache.set(el, result);
    return result;
  };
  const lines = (rects) => {
    const tops = [];
    for (const r of rects) {
      if (r.width < 0.5 || r.height < 0.5) continue;
      if (!tops.some((t) => Math.abs(t - r.top) < r.height / 2)) tops.push(r.top);
    }
    return tops.length;
  };

  // Overflow: the elements that stick out past the right edge while their container does not, outside any
  // scrolling or clipping box (those scroll or clip within the page rather than widening it).
  const overflow = Math.max(doc.scrollWidth, document.body.scrollWidth) - width;
  const sticking = [];
  if (overflow > 0) {
    const clips = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX !== "visible" || s.position === "fixed") return true;
      }
      return false;
    };
    for (const el of document.body.querySelectorAll("*")) {
      if (hidden(el) || clips(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.right <= width + 0.5) continue;
      const p = el.parentElement;
      if (p && p !== document.body && p.getBoundingClientRect().right > width + 0.5) continue;
      sticking.push(`${describe(el)} (right edge ${Math.round(r.right)} px)`);
    }
  }

  const broken = [], small = [], wrappedDates = [];
  let least = Infinity;
  const range = document.createRange();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const part = /[^\s\-\u2010\u2011\u2013\u2014\/]+[\-\u2010\u2011\u2013\u2014\/]*/g;
  const date = /\d{4}-\d{2}-\d{2}/g;
  const smallSeen = new Set();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!/\S/.test(node.data)) continue;
    const el = node.parentElement;
    if (!el || hidden(el)) continue;
    range.selectNodeContents(node);
    if (lines(range.getClientRects()) === 0) continue;
    let px;
    if (el instanceof SVGElement) {
      const text = el.closest("text") || el;
      const ctm = text.getScreenCTM();
      px = parseFloat(getComputedStyle(text).fontSize) * (ctm ? Math.hypot(ctm.a, ctm.b) : 1);
    } else {
      px = parseFloat(getComputedStyle(el).fontSize);
    }
    least = Math.min(least, px);
    const sample = node.data.trim().replace(/\s+/g, " ").slice(0, 40);
    const around = (at, word) =>
      (at > 25 ? "…" : "") + node.data.slice(Math.max(0, at - 25), at + word.length + 15).replace(/\s+/g, " ").trim() + "…";
    if (px < smallest - 0.05) {
      const key = describe(el) + px.toFixed(1);
      if (!smallSeen.has(key)) {
        smallSeen.add(key);
        small.push(`${describe(el)} "${sample}" at ${px.toFixed(1)} px`);
      }
    }
    for (const m of node.data.matchAll(part)) {
      const word = m[0].replace(/[\-\u2010\u2011\u2013\u2014\/]+$/, "");
      if (!word) continue;
      range.setStart(node, m.index);
      range.setEnd(node, m.index + word.length);
      if (lines(range.getClientRects()) > 1) broken.push(`"${word}" in ${describe(el)} ("${around(m.index, word)}")`);
    }
    for (const m of node.data.matchAll(date)) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      if (lines(range.getClientRects()) > 1) wrappedDates.push(`${m[0]} in ${describe(el)} ("${around(m.index, m[0])}")`);
    }
  }
  for (const t of root.querySelectorAll("time")) {
    if (!hidden(t) && lines(t.getClientRects()) > 1) wrappedDates.push(`<time> ${t.textContent} in ${describe(t)}`);
  }
  return {overflow, sticking, broken, small, least: least === Infinity ? null : least, wrappedDates: [...new Set(wrappedDates)]};
}
"""


def measure_layout(page, scope: str = "body", smallest: float = 12.0) -> dict:
    """What a reader sees of the page loaded in `page`: ``overflow`` (px past the viewport's width, and
    ``sticking``, the elements to blame), ``broken`` (words broken across lines), ``small`` (text drawn under
    `smallest` px; ``least`` is the smallest size seen) and ``wrappedDates``, within `scope` (a CSS selector)."""
    return page.evaluate(_LAYOUT_PROBE, [scope, smallest])


def pdf_pages(pdf: Path) -> int:
    """How many pages a PDF has, by poppler's pdfinfo (skips without it; in CI a missing tool is a failure)."""
    import subprocess

    _require_poppler("pdfinfo")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_text(pdf: Path, page: int | None = None) -> str:
    """The text of a PDF, or of one of its pages (from 1), by poppler's pdftotext."""
    import subprocess

    _require_poppler("pdftotext")
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _require_poppler(tool: str) -> None:
    if shutil.which(tool):
        return
    if os.environ.get("CI"):
        pytest.fail(f"{tool} is missing: .ci/run installs poppler-utils")
    pytest.skip(f"{tool} (poppler-utils) is not installed")
