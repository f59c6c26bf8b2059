"""Front matter payloads never become markup: in the HTML, and in a real browser no script runs."""

from __future__ import annotations

import html
import textwrap
from pathlib import Path

import pytest
from browser import browser_page, require_chromium, serve
from support import build

# Each payload, if it ran, would set a flag on window or open a dialog.
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    '"><svg onload=window.__pwned=3>',
    "'><iframe src=javascript:alert(4)>",
    "</textarea><script>alert(5)</script>",
    "{{ config.site_name }}{% raw %}",
    "javascript:alert(6)",
]


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _portfolio(tmp_path: Path) -> Path:
    e = tmp_path / "entries"
    (e / "2026").mkdir(parents=True)
    (e / "objectives").mkdir()
    (e / "evidence").mkdir()
    (e / "evidence" / "x.txt").write_text("evidence\n", encoding="utf-8")
    p = PAYLOADS
    (e / "profile.md").write_text(
        f"---\nkind: profile\nname: {_yaml(p[0])}\nrole: {_yaml(p[1])}\n"
        f"registrations: [{{body: hcpc, number: {_yaml(p[2])}, designation: {_yaml(p[3])}, renewal: 2027-01-31}}]\n---\n"
        "Summary of practice.\n",
        encoding="utf-8",
    )
    (e / "objectives" / "goal.md").write_text(
        f"---\nkind: objective\nid: goal\ntitle: {_yaml(p[4])}\ndue: 2026-06-30\nneed: {_yaml(p[0])}\n"
        f"success: {_yaml(p[1])}\nevaluation: {_yaml(p[2])}\ntags: [{_yaml(p[3])}]\ntarget_hours: 5\n---\n",
        encoding="utf-8",
    )
    (e / "breaks").mkdir()
    (e / "breaks" / "b.md").write_text(
        f"---\nkind: break\ntitle: {_yaml(p[5])}\ndate: 2025-01-01\nend: 2025-05-01\nreason: {_yaml(p[0])}\n---\n",
        encoding="utf-8",
    )
    for i, payload in enumerate(PAYLOADS):
        fields = textwrap.dedent(f"""
            title: {_yaml(payload)}
            date: 2026-0{1 + i % 9}-1{i}
            type: work-based
            hours: 2
            method: {_yaml(payload)}
            objectives: [goal]
            outcomes: [{_yaml(payload)}]
            application: {_yaml(payload)}
            benefit: {_yaml(payload)}
            tags: [{_yaml(payload)}]
            evidence: [{{path: ../evidence/x.txt, title: {_yaml(payload)}}}]
            highlight: true
            """)
        (e / "2026" / f"p{i}.md").write_text(f"---{fields}---\nReflection.\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\ndocs_dir: docs\ntheme: {name: material}\nplugins: [search, tags, cpd]\n", encoding="utf-8"
    )
    return tmp_path


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = _portfolio(tmp_path_factory.mktemp("xss"))
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project / "out"


def test_no_payload_becomes_markup(site: Path):
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for needle in (
            "<script>window.__pwned",
            "<img src=x",
            "<svg onload",
            "<iframe src=javascript",
            "<script>alert(5)",
            'href="javascript:',
        ):
            assert needle not in text, f"{needle} in {page.relative_to(site)}"
    timeline = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    # The text is shown, escaped, not dropped.
    assert html.escape(PAYLOADS[0], quote=True) in timeline


@pytest.mark.browser
def test_no_script_runs_and_no_dialog_opens(site: Path):
    require_chromium()
    dialogs: list[str] = []
    with serve(site) as base, browser_page(base) as (page, outside, errors):
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        paths = ["", "plan/", "gaps/", "timeline/", "objectives/goal/", "audit/hcpc/", "tags/"]
        paths += [f"2026/p{i}/" for i in range(len(PAYLOADS))]
        for path in paths:
            page.goto(base + path, wait_until="networkidle")
            assert page.evaluate("window.__pwned === undefined"), path
        page.goto(base, wait_until="networkidle")
        page.keyboard.press("/")
        page.locator(".md-search__input").press_sequentially("script", delay=20)
        page.wait_for_timeout(1500)
        assert page.evaluate("window.__pwned === undefined")
    assert dialogs == []
    assert errors == []  # a payload that became an <img src=x> would fail to load and log here
    assert [u for u in outside if "javascript" in u or u.startswith("http")] == []
