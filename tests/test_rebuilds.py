"""`mkdocs serve --dirty` with the plugin: after each kind of edit, the site served is, file for file, the site a
full build of the same entries makes, and only the pages that changed are written again.

The rebuilds run in one process, as `mkdocs serve` runs them (tests/serve_build.py: the plugin object, its caches
and Material's search index kept between builds); each reference build runs in a process of its own.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import EPOCH, REPO

SERVE_BUILD = [sys.executable, str(Path(__file__).with_name("serve_build.py"))]
ENV = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
ACTIVITY = "entries/2024/2024-06-11-journal-club-small-field-dosimetry.md"
ACTIVITY_PAGE = "2024/2024-06-11-journal-club-small-field-dosimetry/index.html"


def _replace(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(project: Path, name: str, text: str) -> None:
    with open(project / name, "a", encoding="utf-8") as out:
        out.write(text)


def _first_title(project: Path, name: str) -> str:
    for line in (project / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("title:"):
            return line
    raise AssertionError(f"no title in {name}")


def _objective(project: Path) -> str:
    return sorted(p.relative_to(project).as_posix() for p in (project / "entries/objectives").glob("*.md"))[0]


NEW_ACTIVITY = """---
title: Rebuild canary talk
date: 2026-02-03
hours: 1
type: formal
tags: [rebuild-canary-tag]
---
A reflection written while the site was served.
"""

# Each edit, as a user makes it while `mkdocs serve --dirty` runs, in order.
EDITS = {
    "reflection": lambda p: _append(p, ACTIVITY, "\nA sentence added to the reflection: REFLECTION-CANARY.\n"),
    "title": lambda p: _replace(p, ACTIVITY, _first_title(p, ACTIVITY), "title: Journal club, renamed TITLE-CANARY"),
    "tags": lambda p: _replace(p, ACTIVITY, "tags:\n", "tags:\n  - tag-canary\n"),
    "objective": lambda p: _replace(p, _objective(p), _first_title(p, _objective(p)), "title: OBJECTIVE-CANARY"),
    "added": lambda p: (p / "entries/2026/2026-02-03-rebuild-canary.md").write_text(NEW_ACTIVITY, encoding="utf-8"),
    "own page": lambda p: _append(p, "pages/about.md", "\nOWN-PAGE-CANARY\n"),
    "removed": lambda p: (p / "entries/2026/2026-02-03-rebuild-canary.md").unlink(),
    "touched": lambda p: os.utime(p / ACTIVITY),
}
REMOVED = {"removed": "2026/2026-02-03-rebuild-canary/"}  # the page a removal leaves, as MkDocs' --dirty leaves it


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(REPO / "entries", project / "entries")
    shutil.copytree(REPO / "pages", project / "pages")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    return project


def _serve(project: Path, served: Path) -> subprocess.Popen:
    """A serve session with --dirty: it builds, then builds again for each line written to it."""
    return subprocess.Popen(
        [*SERVE_BUILD, str(project), str(served), "--dirty"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=ENV,
        cwd=project,
    )


def _content(path: Path) -> object:
    """A file as compared: the search index by its entries (a merged index lists them in another order), the
    gzipped site map by what it holds, every other file byte for byte."""
    if path.name == "search_index.json":
        index = json.loads(path.read_text(encoding="utf-8"))
        index["docs"] = sorted(index["docs"], key=lambda d: (d["location"], d.get("title", ""), d.get("text", "")))
        return index
    if path.suffix == ".gz":
        return gzip.decompress(path.read_bytes())
    return path.read_bytes()


def _tree(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


def _html_times(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def _same_site(served: Path, reference: Path, edit: str, stale: set[str]) -> None:
    got, want = _tree(served), _tree(reference)
    missing = sorted(set(want) - set(got))
    assert not missing, f"after '{edit}', the served site lacks {missing[:5]}"
    extra = sorted(p for p in set(got) - set(want) if not any(p.startswith(s) for s in stale))
    assert not extra, f"after '{edit}', the served site has files a full build does not make: {extra[:5]}"
    differ = [rel for rel in sorted(want) if _content(got[rel]) != _content(want[rel])]
    assert not differ, f"after '{edit}', these files differ from a full build's: {differ[:10]}"


@pytest.mark.parametrize("cpd_first", [False, True], ids=["as in the sample", "cpd listed first"])
def test_dirty_rebuilds_make_the_site_a_full_build_makes(tmp_path: Path, cpd_first: bool):
    project = _project(tmp_path)
    if cpd_first:  # the other plugins' objects are made after the plugin's on_config: it must not hold old ones
        config = (project / "mkdocs.yml").read_text(encoding="utf-8")
        assert "plugins:\n  - search\n  - tags\n" in config
        config = config.replace("plugins:\n  - search\n  - tags\n", "plugins:\n")
        config = config.replace("markdown_extensions:", "  - search\n  - tags\n\nmarkdown_extensions:", 1)
        (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    served = tmp_path / "served"
    server = _serve(project, served)
    stale: set[str] = set()
    written: dict[str, set[str]] = {}
    try:
        assert server.stdout.readline().strip() == "built"
        for edit, make in EDITS.items():
            before = _html_times(served)
            make(project)
            server.stdin.write("\n")
            server.stdin.flush()
            assert server.stdout.readline().strip() == "built", f"the rebuild after '{edit}' failed"
            after = _html_times(served)
            written[edit] = {rel for rel, t in after.items() if before.get(rel) != t}
            reference = tmp_path / f"reference-{edit.replace(' ', '-')}"
            subprocess.run([*SERVE_BUILD, str(project), str(reference)], check=True, env=ENV, cwd=project,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)  # fmt: skip
            stale |= {REMOVED[edit]} if edit in REMOVED else set()
            _same_site(served, reference, edit, stale)
    finally:
        server.stdin.close()
        server.wait(timeout=120)
    pages = len(_html_times(served))
    # The canaries are where a full build puts them (compared above), and the fast path did its work: a reflection
    # edited rewrites its own page and the few that show the entry's text, not the site.
    assert ACTIVITY_PAGE in written["reflection"]
    assert len(written["reflection"]) <= 12 < pages, sorted(written["reflection"])
    assert ACTIVITY_PAGE in written["title"] and "timeline/index.html" in written["title"]
    assert "tags/index.html" in written["tags"]
    assert "about/index.html" in written["own page"]  # the user's own pages are always built again
    assert len(written["touched"]) <= 4, sorted(written["touched"])  # a file saved unchanged changes nothing


def test_a_plugin_unknown_to_the_fast_path_turns_it_off(tmp_path: Path):
    """The kept pages are for `--dirty` with the plugins whose behaviour is known: with another plugin (here
    awesome-nav, which makes the navigation itself), every page is built again."""
    project = _project(tmp_path)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - search\n" in config
    (project / "mkdocs.yml").write_text(
        config.replace("  - search\n", "  - search\n  - awesome-nav\n", 1), encoding="utf-8"
    )
    served = tmp_path / "served"
    server = _serve(project, served)
    try:
        assert server.stdout.readline().strip() == "built"
        before = _html_times(served)
        EDITS["reflection"](project)
        server.stdin.write("\n")
        server.stdin.flush()
        assert server.stdout.readline().strip() == "built"
        after = _html_times(served)
    finally:
        server.stdin.close()
        server.wait(timeout=120)
    written = {rel for rel, t in after.items() if before.get(rel) != t}
    generated = {rel for rel in after if rel.startswith(("2024/", "2025/", "2026/"))}
    assert generated <= written, sorted(generated - written)[:5]


def test_the_read_cache_keeps_an_unchanged_entry_and_reads_a_changed_one_again(tmp_path: Path):
    from cpd_portfolio.core.portfolio import ReadCache, load_portfolio
    from support import AS_OF

    entries = tmp_path / "entries"
    shutil.copytree(REPO / "entries", entries)
    cache = ReadCache()
    first = load_portfolio(entries, as_of=AS_OF, cache=cache)
    again = load_portfolio(entries, as_of=AS_OF, cache=cache)
    by_source = {a.source: a for a in first.activities}
    assert all(a is by_source[a.source] for a in again.activities)  # not read again: the same objects
    edited = "2024/2024-06-11-journal-club-small-field-dosimetry.md"
    _append(tmp_path, f"entries/{edited}", "\nCACHE-CANARY\n")
    third = load_portfolio(entries, as_of=AS_OF, cache=cache)
    changed = {a.source: a for a in third.activities}
    assert "CACHE-CANARY" in changed[edited].body and changed[edited] is not by_source[edited]
    others = [s for s in changed if s != edited]
    assert all(changed[s] is by_source[s] for s in others)
    # Anything an entry is checked against changes (here a new evidence file): every entry is checked again.
    (entries / "evidence" / "new-file.txt").write_text("x", encoding="utf-8")
    fourth = load_portfolio(entries, as_of=AS_OF, cache=cache)
    assert all(a is not changed[a.source] for a in fourth.activities)
    # Another date is another reading: figures such as a future date's warning depend on it.
    fifth = load_portfolio(entries, as_of=AS_OF.replace(year=AS_OF.year - 1), cache=cache)
    assert all(a is not changed.get(a.source) for a in fifth.activities)
    # And the cached reading is the reading: the same entries and findings as without a cache.
    plain = load_portfolio(entries, as_of=AS_OF)
    assert load_portfolio(entries, as_of=AS_OF, cache=cache).activities == plain.activities
    assert load_portfolio(entries, as_of=AS_OF, cache=cache).findings == plain.findings


def test_a_page_made_from_the_same_is_taken_from_the_last_build_and_one_made_from_other_data_is_made():
    from cpd_portfolio.site.pages.common import PageMemo

    memo, made = PageMemo(), []

    def make(text):
        return lambda: made.append(text) or [text]

    memo.begin(("site", 1))
    first = memo.made(("a.html", "A"), ((), (), {"x": 1}), make("one"))
    memo.begin(("site", 1))
    assert memo.made(("a.html", "A"), ((), (), {"x": 1}), make("two")) is first  # the same: not made again
    memo.begin(("site", 1))
    assert memo.made(("a.html", "A"), ((), (), {"x": 2}), make("three")) == ["three"]  # other data: made
    memo.begin(("site", 2))  # another site (its words, date or settings): nothing is taken from the last build
    assert memo.made(("a.html", "A"), ((), (), {"x": 2}), make("four")) == ["four"]
    assert made == ["one", "three", "four"]


def test_the_timeline_is_kept_only_while_what_it_shows_is_the_same():
    """The timeline is kept while the fields it shows (overview.TIMELINE_READS) are the same: each other field of an
    activity, changed, must leave it exactly as a fresh rendering makes it, and a reflection edited keeps it."""
    import dataclasses

    from cpd_portfolio.core.analysis import analyse
    from cpd_portfolio.core.entries import Activity
    from cpd_portfolio.core.portfolio import load_portfolio
    from cpd_portfolio.core.schemes import load_catalogue
    from cpd_portfolio.site.pages import overview
    from cpd_portfolio.site.pages.common import PageMemo
    from cpd_portfolio.site.pages.pageset import make_site
    from support import AS_OF

    root = REPO / "entries"
    catalogue = load_catalogue(root)

    def timeline(view, memo):
        return overview.timeline(make_site(analyse(view, catalogue), memo=memo))

    base = load_portfolio(root, as_of=AS_OF).public()
    target = next(a for a in base.activities if a.outcomes and a.body.strip() and a.competences)
    others = {"body": target.body + "\nAnother sentence.\n", "outcomes": (*target.outcomes, "Another outcome")}
    others |= {"method": "Another method", "application": "Applied otherwise", "benefit": "Another benefit"}
    others |= {"competences": target.competences[:-1], "highlight": not target.highlight, "evidence": ()}
    shown = set(overview.TIMELINE_READS) | {"source", "objectives", "draft"}  # links and rows are in its key too
    assert set(others) == {f.name for f in dataclasses.fields(Activity)} - shown, "a field is neither shown nor tried"
    memo = PageMemo()
    last = timeline(base, memo)
    for name, value in others.items():
        changed = dataclasses.replace(target, **{name: value})
        view = dataclasses.replace(base, activities=[changed if a is target else a for a in base.activities])
        kept, fresh = timeline(view, memo), timeline(view, None)
        assert kept[1:] == fresh[1:], f"the timeline kept after '{name}' changed is not the timeline made afresh"
        if name == "body":
            assert kept[1] is last[1]  # kept, not rendered again
        last = kept
    title = dataclasses.replace(target, title="Another title")
    view = dataclasses.replace(base, activities=[title if a is target else a for a in base.activities])
    assert any("Another title" in part for part in timeline(view, memo)[1:])  # a field it shows: made again
