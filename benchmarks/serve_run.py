"""One `mkdocs serve` session, timed from inside: `python serve_run.py MODE PROJECT`.

The project (its mkdocs.yml, docs/ and entries/) is copied to a temporary folder, built as `mkdocs serve` builds it
(its serve URL, the plugin object and its caches kept from one build to the next, as serve keeps them), then one
activity's reflection is edited and the site rebuilt, as serve does on the change. MODE:

- full: the seconds of the first build, the full build every serve starts with;
- dirty: the seconds from the edit to the site rebuilt, in `mkdocs serve --dirty`;
- plain: the same in a plain `mkdocs serve`, which cleans the site folder and builds every page again.

The seconds are written to the file named by CPD_BENCH_SECONDS (benchmarks/run.py reads them), so that neither side
counts Python's start-up and imports. The edit must reach the activity's page, or the run fails (exit 1).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

URL = "http://127.0.0.1:8000/"
CANARY = "EDITED-WHILE-SERVED"


def main(mode: str, project: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="cpd-serve-") as tmp:
        work = Path(tmp, "project")
        shutil.copytree(project / "entries", work / "entries")
        shutil.copytree(project / "docs", work / "docs")
        shutil.copy(project / "mkdocs.yml", work / "mkdocs.yml")
        site = Path(tmp, "site")

        def config():
            loaded = load_config(config_file=str(work / "mkdocs.yml"), site_dir=str(site))
            loaded.site_url = URL
            return loaded

        dirty = mode == "dirty"
        first = config()
        first.plugins.on_startup(command="serve", dirty=dirty)
        start = time.perf_counter()
        build(first, serve_url=URL, dirty=dirty)
        seconds = time.perf_counter() - start
        if mode != "full":
            activities = sorted(p for p in (work / "entries").rglob("*.md") if p.name[:4].isdigit())
            edited = activities[len(activities) // 2]
            with open(edited, "a", encoding="utf-8") as out:
                out.write(f"\nA sentence added while the site is served: {CANARY}.\n")
            start = time.perf_counter()
            build(config(), serve_url=URL, dirty=dirty)
            seconds = time.perf_counter() - start
            page = site / edited.relative_to(work / "entries").with_suffix("") / "index.html"
            if CANARY not in page.read_text(encoding="utf-8"):
                print(f"the edit did not reach {page}", file=sys.stderr)
                return 1
    out = os.environ.get("CPD_BENCH_SECONDS")
    if out:
        Path(out).write_text(f"{seconds}\n", encoding="utf-8")
    print(f"{mode}: {seconds:.3f} s")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("full", "dirty", "plain"):
        raise SystemExit("usage: serve_run.py full|dirty|plain PROJECT")
    raise SystemExit(main(sys.argv[1], Path(sys.argv[2])))
