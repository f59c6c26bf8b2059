"""`mkdocs serve` rebuilds when an entry is added, changed or removed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from support import EPOCH

ENTRY = "---\ntitle: {title}\ndate: 2026-03-04\ntype: formal\n---\nReflection.\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait_for(url: str, predicate, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = _get(url)
        if predicate(text):
            return text
        time.sleep(0.5)
    raise AssertionError(f"{url} never satisfied the condition; last page:\n{text[:500]}")


@pytest.mark.parametrize("mode", [[], ["--dirty"]], ids=["serve", "serve --dirty"])
def test_serve_follows_entries(tmp_path: Path, mode: list[str]):
    """Added, edited and removed entries reach the served pages, in a plain `mkdocs serve` and with --dirty, where
    the plugin builds again only the pages that changed (tests/test_rebuilds.py compares those with full builds)."""
    docs_dir = "pages"
    entries = tmp_path / "entries"
    (entries / "2026").mkdir(parents=True)
    (tmp_path / docs_dir).mkdir(exist_ok=True)
    (entries / "2026" / "first.md").write_text(ENTRY.format(title="First activity"), encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: T\ndocs_dir: {docs_dir}\ntheme: {{name: material}}\nplugins: [search, tags, cpd]\n",
        encoding="utf-8",
    )
    port = _free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(tmp_path / "mkdocs.yml"), *mode],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        url = f"http://127.0.0.1:{port}/timeline/"
        _wait_for(url, lambda t: "First activity" in t)
        (entries / "2026" / "second.md").write_text(ENTRY.format(title="Second activity"), encoding="utf-8")
        _wait_for(url, lambda t: "Second activity" in t)
        (entries / "2026" / "first.md").write_text(ENTRY.format(title="First, renamed"), encoding="utf-8")
        _wait_for(url, lambda t: "First, renamed" in t)
        page = f"http://127.0.0.1:{port}/2026/first/"
        (entries / "2026" / "first.md").write_text(ENTRY.format(title="First, renamed") + "REFLECTION-EDIT\n")
        _wait_for(page, lambda t: "REFLECTION-EDIT" in t)
        (entries / "2026" / "second.md").unlink()
        _wait_for(url, lambda t: "First, renamed" in t and "Second activity" not in t)
    finally:
        server.terminate()
        server.wait(timeout=30)
