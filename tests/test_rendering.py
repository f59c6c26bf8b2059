"""The plugin renders its pages with one Markdown instance (site/rendering.py): the HTML must be MkDocs' own.

Each case builds the same portfolio twice with real `mkdocs build`: once as shipped, once with a MkDocs hook that
makes every generated page render through MkDocs' own `Page.render` (a new Markdown instance per page). The two
sites must be identical, file for file and byte for byte. The reflections use every Markdown feature that keeps
per-document state (footnotes, abbreviations, heading ids, tab and code-line counters, wiki links), each on more
than one page, so a counter or a definition carried from one page to the next would change the HTML.
"""

from __future__ import annotations

import filecmp
import re
from pathlib import Path

import pytest
from cpd_portfolio.site.rendering import REUSABLE, reusable
from support import build, write_entry

# MkDocs' own rendering for the plugin's pages; the count of Markdown instances made, for both builds.
HOOK = """
import atexit, markdown, os
from mkdocs.structure.pages import Page
from cpd_portfolio.site import rendering

if os.environ.get("CPD_TEST_MKDOCS_RENDER"):
    rendering.GeneratedPage.render = Page.render
if os.environ.get("CPD_TEST_CHANGED_API"):  # a MkDocs whose private processor kept its name but not its ways
    class _Changed(rendering._RawHTMLPreprocessor):
        def _register(self, md):
            raise AttributeError("'_RawHTMLPreprocessor' object has no attribute 'present_anchor_ids'")
    rendering._RawHTMLPreprocessor = _Changed
made = []
_init = markdown.Markdown.__init__
def _counting_init(self, *args, **kwargs):
    made.append(1)
    _init(self, *args, **kwargs)
markdown.Markdown.__init__ = _counting_init
atexit.register(lambda: open(os.environ["CPD_TEST_COUNT"], "w").write(str(len(made))))
"""

STATEFUL = """
Reflection on {name}, with a footnote[^a] and another[^b], and the abbreviation CT on every page.

[^a]: First note of {name}.
[^b]: Second note of {name}.

{abbr}

## Same heading

## Same heading

Term
:   Definition of {name}.

| Column | Other |
| ------ | ----- |
| {name} | "quoted" -- text... |

- [x] done task
- [ ] open task

=== "First tab"
    In {name}.

=== "Second tab"
    Also in {name}.

```python linenums="1"
print("{name}")
```

!!! note "A note"
    Admonition in {name}.

??? info "Details"
    Hidden in {name}.

Keys ++ctrl+alt+del++, ==marked==, ^^inserted^^, ~~deleted~~, {{++added++}}, :smile:, $E = mc^2$,
`#!python len("x")`, a [[Wiki Link]], (c) and --> arrows.
"""

ACTIVITY = """
---
title: Activity {name}
date: 2026-0{month}-10
type: formal
outcomes: [Learnt {name}]
application: Applied {name}.
benefit: Patients benefit from {name}.
objectives: [obj]
---
"""

OBJECTIVE = """
---
kind: objective
id: obj
title: An objective with an action plan in Markdown
date: 2026-01-05
due: 2027-01-05
need: A need.
success: A measure.
---
"""

PYTHON_MARKDOWN = [
    "abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code", "footnotes",
    "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists", "smarty", "tables", "toc",
    "wikilinks",
]  # fmt: skip
MATERIAL = """
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.betterem
  - pymdownx.caret
  - pymdownx.critic
  - pymdownx.details
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.highlight:
      anchor_linenums: true
  - pymdownx.inlinehilite
  - pymdownx.keys
  - pymdownx.mark
  - pymdownx.smartsymbols
  - pymdownx.snippets
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.tasklist:
      custom_checkbox: true
  - pymdownx.tilde
"""


def _project(tmp_path: Path, extensions: str) -> Path:
    project = tmp_path / "project"
    entries = project / "entries"
    for i, name in enumerate(["alpha", "beta", "gamma"], start=1):
        abbr = "*[CT]: Computed tomography" if i == 1 else ""  # defined on the first page only
        write_entry(
            entries, f"2026/{name}.md", ACTIVITY.format(name=name, month=i) + STATEFUL.format(name=name, abbr=abbr)
        )
    write_entry(entries, "objectives/obj.md", OBJECTIVE + STATEFUL.format(name="the plan", abbr=""))
    (project / "hook.py").write_text(HOOK, encoding="utf-8")
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(
        "site_name: Test\ndocs_dir: docs\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - tags\n  - cpd\nhooks:\n  - hook.py\nmarkdown_extensions:" + extensions,
        encoding="utf-8",
    )
    return project


def _build(project: Path, out: str, monkeypatch, *, mkdocs_render: bool, args: tuple[str, ...] = ()) -> int:
    """Build into project/out, then move it to project/<out>; return how many Markdown instances were made."""
    count = project / f"{out}.count"
    monkeypatch.setenv("CPD_TEST_COUNT", str(count))
    if mkdocs_render:
        monkeypatch.setenv("CPD_TEST_MKDOCS_RENDER", "1")
    else:
        monkeypatch.delenv("CPD_TEST_MKDOCS_RENDER", raising=False)
    result = build(project, "--strict", *args)
    assert result.returncode == 0, result.stderr
    (project / "out").rename(project / out)
    (project / f"{out}.log").write_text(result.stderr, encoding="utf-8")
    return int(count.read_text())


def _differences(a: Path, b: Path) -> list[str]:
    """Every file that is in one tree only or differs in content (not just in its stat)."""
    files = {p.relative_to(a) for p in a.rglob("*") if p.is_file()} ^ {
        p.relative_to(b) for p in b.rglob("*") if p.is_file()
    }
    found = [f"only in one: {p}" for p in sorted(files)]
    for path in sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file()):
        if (b / path).is_file() and not filecmp.cmp(a / path, b / path, shallow=False):
            found.append(f"differs: {path}")
    return found


@pytest.mark.parametrize(
    "extensions",
    ["".join(f"\n  - {name}" for name in PYTHON_MARKDOWN) + "\n", MATERIAL],
    ids=["python-markdown", "material"],
)
def test_shared_instance_renders_what_mkdocs_renders(tmp_path: Path, monkeypatch, extensions: str):
    project = _project(tmp_path, extensions)
    shared = _build(project, "shared", monkeypatch, mkdocs_render=False)
    own = _build(project, "own", monkeypatch, mkdocs_render=True)
    assert _differences(project / "own", project / "shared") == []
    # The shared build really did share: a handful of instances (MkDocs' own pages), not one per generated page.
    pages = len(list((project / "own").rglob("index.html")))
    assert own >= pages > shared, (own, pages, shared)
    html = (project / "shared" / "2026" / "beta" / "index.html").read_text(encoding="utf-8")
    assert 'id="fn:a"' in html and "Second note of beta" in html and "First note of alpha" not in html
    assert "<abbr" not in html  # CT is defined on alpha's page only


def test_a_changed_private_api_falls_back_to_mkdocs_own_rendering(tmp_path: Path, monkeypatch):
    """MkDocs' private processor fails on the shared path: MkDocs renders that page and every one after it, the site
    is the same byte for byte, and --strict passes (the fallback is logged at debug level only)."""
    project = _project(tmp_path, MATERIAL)
    shared = _build(project, "shared", monkeypatch, mkdocs_render=False)
    monkeypatch.setenv("CPD_TEST_CHANGED_API", "1")
    fallback = _build(project, "fallback", monkeypatch, mkdocs_render=False, args=("--verbose",))
    assert _differences(project / "shared", project / "fallback") == []
    pages = len(list((project / "fallback").rglob("index.html")))
    assert fallback >= pages > shared, (fallback, pages, shared)  # an instance a page, as MkDocs makes them
    log = (project / "fallback.log").read_text(encoding="utf-8")
    said = [line for line in log.splitlines() if "every page is now rendered by MkDocs itself" in line]
    assert len(said) == 1 and said[0].startswith("DEBUG") and "AttributeError" in said[0], said
    assert "present_anchor_ids" not in (project / "shared.log").read_text(encoding="utf-8")


def test_every_python_markdown_extension_is_covered():
    assert set(PYTHON_MARKDOWN) <= REUSABLE
    tested = {line.strip(" -:").split(":")[0] for line in MATERIAL.splitlines() if line.startswith("  - ")}
    assert {name for name in REUSABLE if name.startswith("pymdownx.")} == {
        n for n in tested if n.startswith("pymdownx.")
    }


@pytest.mark.parametrize(
    ("extensions", "shared"),
    [
        (["toc", "tables", "attr_list"], True),
        (["markdown.extensions.toc", "pymdownx.superfences"], True),
        (["markdown.extensions.toc:TocExtension"], True),
        (["toc", "pymdownx.magiclink"], False),  # not known to clear its state: MkDocs' way, an instance a page
        (["toc", "my_company.markdown_ext"], False),
        (["toc", object()], False),  # an Extension object, not a name
    ],
)
def test_only_extensions_known_to_reset_share_an_instance(extensions, shared: bool):
    assert reusable(extensions) is shared


def test_an_unknown_extension_gets_an_instance_a_page(tmp_path: Path, monkeypatch):
    project = _project(tmp_path, "\n  - toc\n  - pymdownx.magiclink\n")
    made = _build(project, "site", monkeypatch, mkdocs_render=False)
    assert made >= len(list((project / "site").rglob("index.html")))
    assert "Second note of beta" in (project / "site" / "2026" / "beta" / "index.html").read_text(encoding="utf-8")


def test_a_page_the_nav_names_keeps_the_navs_title(tmp_path: Path, monkeypatch):
    """MkDocs makes the pages a user's nav names (with the nav's titles); the plugin makes the others."""
    project = _project(tmp_path, "\n  - toc\n  - footnotes\n")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "\nnav:\n  - Home: index.md\n  - My workshop: 2026/beta.md\n  - Plan: objectives/obj.md\n",
        encoding="utf-8",
    )
    _build(project, "site", monkeypatch, mkdocs_render=False)
    site = project / "site"
    alpha = (site / "2026" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert _nav_label(alpha, "../beta/") == "My workshop"
    assert _nav_label(alpha, "../../objectives/obj/") == "Plan"
    beta = (site / "2026" / "beta" / "index.html").read_text(encoding="utf-8")
    assert "Second note of beta" in beta and "First note of alpha" not in beta
    assert "<title>Activity beta - Test</title>" in beta  # Material's <title> is the page's own (its meta title)


def _nav_label(html: str, href: str) -> str | None:
    found = re.search(
        rf'<a href="{re.escape(href)}" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">([^<]*)<', html
    )
    return found[1].strip() if found else None
