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
