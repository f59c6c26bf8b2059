"""Shared by the site and browser tests: a real `mkdocs build` of a project folder."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 29)
EPOCH = str(int(dt.datetime(2026, 11, 29, tzinfo=dt.timezone.utc).timestamp()))
SITE_URL = "https://intranet.example/cpd/"
MKDOCS = [sys.executable, "-m", "mkdocs"]


def build(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [*MKDOCS, "build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "out"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def build_sample(project: Path, *, site_url: str | None = None) -> Path:
    """Copy the sample portfolio, its own pages and mkdocs.yml into `project`, build it strictly, return the site folder."""
    shutil.copytree(REPO / "entries", project / "entries")
    shutil.copytree(REPO / "pages", project / "pages")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if site_url:
        config += f"\nsite_url: {site_url}\n"
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "out"


def write_entry(root: Path, name: str, text: str) -> None:
    """Write `text` (dedented) as root/name, making folders as needed."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


class ScriptsAndHandlers(HTMLParser):
    """A page's scripts and every element with an event handler attribute (onerror=...): what must never come of an
    entry's text."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        self.handlers += [(tag, name) for name, _ in attrs if name.startswith("on")]

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag):
        self._in_script = False
