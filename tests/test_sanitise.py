"""Entries' own Markdown on the site: sanitised, with the features people use kept; markup that stops the HTML
parser is a finding and the rest of the site builds; no `javascript:` link anywhere."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cpd_portfolio.core.markup import markup_problem
from support import EPOCH, build, write_entry

FEATURES = """
---
title: Features
date: 2026-02-01
type: work-based
outcomes: [An outcome]
application: An application.
benefit: A benefit.
---
    an indented code block, first

A paragraph with **bold**, a [link](https://example.org/paper), a [relative link](../other/), an
e-mail <mailto:me@example.org> and an image ![a chart](chart.png "The chart"). A comment in code:
`<!-- kept -->`. A hidden prompt <!-- zqxprompt --> is not shown.

| left | right |
|:-----|------:|
| 1    | 2     |

!!! note "Remember"
    An admonition.

A footnote[^1].

```
fenced code <b>not bold</b>
```

[^1]: The note.
"""

ATTACKS = """
---
title: Attacks
date: 2026-02-02
type: work-based
outcomes: [An outcome]
application: An application.
benefit: A benefit.
---
<img src=x onerror="window.zqxran=1">
<script>window.zqxran=2</script>
[click](javascript:window.zqxran=3) [data](data:text/html,<script>alert(1)</script>)
![pic](javascript:alert(1))

A paragraph with attributes
{: onclick="window.zqxran=4" style="background:url(javascript:alert(1))" }

<a href="JaVaScRiPt:alert(1)">mixed case</a> <a href="java&#x09;script:alert(1)">tab</a>
<iframe src="https://example.org"></iframe><form action="https://example.org"><input type="text"></form>
<svg onload="alert(1)"><circle r="1"/></svg><style>body{display:none}</style>
<details open ontoggle="alert(1)"><summary>s</summary>d</details>
"""


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _article(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text[text.index('id="reflection"') : text.index("</article>")]


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Collect()
    parser.feed(html)
    return parser.tags


def _project(tmp_path: Path, options: str = "", files: dict[str, str] | None = None) -> Path:
    project = tmp_path / "project"
    for name, text in (files or {"2026/features.md": FEATURES, "2026/attacks.md": ATTACKS}).items():
        write_entry(project / "entries", name, text)
    (project / "docs").mkdir()
    plugin = "  - cpd" + (f":\n      {options}" if options else "")
    (project / "mkdocs.yml").write_text(
        "site_name: T\ndocs_dir: docs\ntheme: {name: material}\nplugins:\n  - search\n"
        f"{plugin}\nmarkdown_extensions: [attr_list, admonition, tables, footnotes, fenced_code]\n",
        encoding="utf-8",
    )
    return project


def test_features_people_use_survive_sanitising(tmp_path: Path):
    project = _project(tmp_path)
    result = build(project)
    assert result.returncode == 0, result.stderr
    html = _article(project / "out" / "2026" / "features" / "index.html")
    tags = _tags(html)
    names = [t for t, _ in tags]
    assert "<pre><code>an indented code block, first" in html  # a first indented line is a code block, kept
    assert "<code>&lt;!-- kept --&gt;</code>" in html  # a comment inside a code span is text
    assert "zqxprompt" not in html  # a real comment is not published
    assert ("a", {"href": "https://example.org/paper", "rel": "noopener noreferrer"}) in tags
    assert any(t == "a" and a.get("href") == "../other/" for t, a in tags)
    assert any(t == "a" and (a.get("href") or "").startswith("mailto:") for t, a in tags)
    assert ("img", {"alt": "a chart", "src": "chart.png", "title": "The chart"}) in tags
    assert {"table", "thead", "tbody", "th", "td"} <= set(names)
    assert any(t == "th" and a.get("style") == "text-align:left" for t, a in tags)
    assert any(t == "div" and a.get("class") == "admonition note" for t, a in tags)
    assert any(t == "sup" and a.get("id") == "fnref:1" for t, a in tags)
    assert any(t == "li" and a.get("id") == "fn:1" for t, a in tags)
    assert "fenced code &lt;b&gt;not bold&lt;/b&gt;" in html
    assert "<strong>bold</strong>" in html


def _no_script_in(html: str) -> list[str]:
    bad = []
    for tag, attrs in _tags(html):
        if tag in ("script", "iframe", "form", "svg", "style", "object", "embed"):
            bad.append(tag)
        for name, value in attrs.items():
            if name.startswith("on") or (name == "style" and "url(" in (value or "")):
                bad.append(f"{tag} {name}")
            if name in ("href", "src", "action", "formaction") and value:
                scheme = "".join(value.split()).lower().partition(":")[0]
                if scheme in ("javascript", "vbscript", "data"):
                    bad.append(f"{tag} {name}={value}")
    return bad


def test_script_in_a_reflection_is_removed(tmp_path: Path):
    project = _project(tmp_path)
    result = build(project)
    assert result.returncode == 0, result.stderr
    html = _article(project / "out" / "2026" / "attacks" / "index.html")
    assert _no_script_in(html) == []
    assert "zqxran" not in html
    assert "A paragraph with attributes" in html and "mixed case" in html  # the text stays
    search = (project / "out" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "onerror" not in search and "<script" not in search


def test_the_owner_may_allow_raw_html(tmp_path: Path):
    project = _project(tmp_path, "allow_raw_html: true")
    result = build(project)
    assert result.returncode == 0, result.stderr
    html = _article(project / "out" / "2026" / "attacks" / "index.html")
    assert 'onerror="window.zqxran=1"' in html  # as documented: the owner's own risk
    assert "<!-- zqxprompt -->" in _article(project / "out" / "2026" / "features" / "index.html")


UNREADABLE = """
---
title: Unreadable markup
date: 2026-02-03
type: work-based
outcomes: [An outcome]
application: An application.
benefit: A benefit.
---
A reflection with `<![ a declaration` in code, and <b>bold</b>.

More text <![ weird.
"""

PLAN = """
---
kind: objective
id: plan
title: A plan
due: 2027-01-01
---
1. Step one <![ odd
"""


def test_markup_the_parser_cannot_take_is_a_finding_and_the_site_builds(tmp_path: Path):
    files = {"2026/unreadable.md": UNREADABLE, "objectives/plan.md": PLAN, "2026/features.md": FEATURES}
    project = _project(tmp_path, files=files)
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (
        "entries/2026/unreadable.md:9:20: error: reflection: '<![ a declar' is markup the site cannot read, so the "
        "site shows this reflection as plain text: write '&lt;' for a '<' that starts no tag, or put the text in a "
        "fenced code block"
    ) in result.stderr
    assert "entries/objectives/plan.md:7:13: error: action plan: '<![ odd' is markup the site cannot read" in (
        result.stderr
    )
    html = _article(project / "out" / "2026" / "unreadable" / "index.html")
    assert "More text &lt;![ weird." in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert (project / "out" / "2026" / "features" / "index.html").is_file()
    assert "Step one &lt;![ odd" in (project / "out" / "objectives" / "plan" / "index.html").read_text("utf-8")
    checked = subprocess.run(
        [sys.executable, "-m", "cpd_cli", "check", "entries"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
    )
    assert checked.returncode == 1
    assert "entries/2026/unreadable.md:9:20: error: reflection:" in checked.stdout


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("fine <b>text</b> <!-- a comment --> <![CDATA[x]]>", None),
        ("<![ x", (1, 1)),
        ("line one\n  two <![ x", (2, 7)),
        ("a <![ first\nb <![ second", (1, 3)),
    ],
)
def test_markup_problem_is_located(text: str, where):
    found = markup_problem(text)
    assert (found[:2] if found else None) == where


def test_no_javascript_link_from_evidence_anywhere(tmp_path: Path):
    files = {
        "2026/evidence.md": FEATURES.replace(
            "benefit: A benefit.\n",
            "benefit: A benefit.\nevidence:\n  - javascript:alert(1)\n  - https://example.org/ok\n",
        )
    }
    project = _project(tmp_path, files=files)
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "evidence[0]: 'javascript:alert(1)' is not a web address the site may link to" in result.stderr
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    run = [sys.executable, "-m", "cpd_cli"]
    audit = subprocess.run([*run, "audit", "--out", "audit.html"], cwd=project, capture_output=True, env=env)
    assert audit.returncode == 0, audit.stderr
    outputs = [p for p in (project / "out").rglob("*") if p.is_file()] + [project / "audit.html"]
    assert any(b"https://example.org/ok" in p.read_bytes() for p in outputs)
    notice = re.compile(rb'<div class="admonition failure cpd-left-out">.*?</div>', re.DOTALL)
    for path in outputs:
        data = path.read_bytes()
        # The owner's notice of the entry this error leaves out quotes the value, as escaped text: never a link.
        for quoted in notice.findall(data):
            assert b"javascript:alert(1)" in quoted and b"<a " not in quoted
        assert b"javascript:" not in notice.sub(b"", data).lower(), path
    # A share build (the one to publish) has no notice: the value is nowhere in it.
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        config.replace("  - cpd", "  - cpd:\n      audience: share", 1), encoding="utf-8"
    )
    assert build(project).returncode == 0
    for path in (p for p in (project / "out").rglob("*") if p.is_file()):
        assert b"javascript:" not in path.read_bytes().lower(), path


HOOK = """
def on_page_markdown(markdown, page, config, files):
    # Markup cpd check never saw: another plugin adds it after the cpd plugin made the page.
    return markdown + "\\n\\nAdded <![ by a hook\\n" if page.file.src_uri == "2026/features.md" else markdown
"""


def test_a_page_that_cannot_be_rendered_is_shown_as_text_and_the_site_builds(tmp_path: Path):
    project = _project(tmp_path, files={"2026/features.md": FEATURES, "2026/other.md": ATTACKS})
    (project / "hook.py").write_text(HOOK, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config + "hooks: [hook.py]\n", encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "ERROR   -  cpd_portfolio: cpd: the page '2026/features.md' could not be rendered (AssertionError:" in (
        result.stderr
    )
    html = (project / "out" / "2026" / "features" / "index.html").read_text(encoding="utf-8")
    assert "Added &lt;![ by a hook" in html
    assert "<dt>Type</dt>" in html  # the plugin's own HTML is still in place around the text
    assert "cpd-html-" not in html
    assert (project / "out" / "2026" / "other" / "index.html").is_file()
    assert build(project, "--strict").returncode == 1  # an error, so a strict build stops
