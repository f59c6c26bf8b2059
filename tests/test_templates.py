"""Pages from templates: a user's override in custom_dir/cpd/ wins, one template serves the audit page and the audit
file, a broken template is a clear message, and every value is escaped whatever the template says."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import run_cli
from cpd_portfolio.site.pages.common import Furniture, Html
from cpd_portfolio.site.pages.templating import TEMPLATES, TemplateError, Templates
from support import REPO, build, write_entry

ACTIVITY = "2025/2025-06-26-mr-linac-workshop/index.html"


def _project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "entries", tmp_path / "entries")
    shutil.copytree(REPO / "pages", tmp_path / "pages")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("theme:\n  name: material\n", "theme:\n  name: material\n  custom_dir: overrides\n", 1)
    assert "custom_dir: overrides" in config
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    (tmp_path / "overrides" / "cpd").mkdir(parents=True)
    return tmp_path


def _override(project: Path, name: str, old: str, new: str) -> None:
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    assert old in text, f"{name} no longer holds {old!r}"
    (project / "overrides" / "cpd" / name).write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_users_template_in_custom_dir_replaces_the_plugins(tmp_path: Path):
    project = _project(tmp_path)
    _override(project, "activity.html", "<h1>", '<p class="my-own-line">Recorded by me.</p>\n<h1>')
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "out"
    assert '<p class="my-own-line">Recorded by me.</p>' in (site / ACTIVITY).read_text(encoding="utf-8")
    assert "my-own-line" not in (site / "timeline/index.html").read_text(encoding="utf-8")  # only that template


def test_one_template_serves_the_audit_page_and_the_audit_file(tmp_path: Path):
    project = _project(tmp_path)
    _override(
        project, "audit-profile.html", "<article", '<p class="my-audit-note">Prepared for my auditor.</p>\n<article'
    )
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr
    page = (project / "out" / "audit/hcpc/index.html").read_text(encoding="utf-8")
    assert "Prepared for my auditor." in page
    made = run_cli("audit", "--body", "hcpc", "--out", "profile.html", cwd=project)
    assert made.code == 0, made.stderr
    assert "Prepared for my auditor." in (project / "profile.html").read_text(encoding="utf-8")


def test_a_broken_template_is_a_clear_message_not_a_traceback(tmp_path: Path):
    project = _project(tmp_path)
    _override(project, "timeline.html", "{% for year", "{% for year in %}{% for year")
    result = build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cpd: " in result.stderr and "timeline.html:" in result.stderr, result.stderr
    made = run_cli("pages", "--out", "docs-public", cwd=project)
    assert made.code != 0 and "Traceback" not in made.stderr and "timeline.html:" in made.stderr, made.stderr


def test_an_override_cannot_unescape_an_entrys_text(tmp_path: Path):
    """Autoescaping: a template that prints a title as it is still prints it escaped."""
    project = _project(tmp_path)
    write_entry(
        project,
        "entries/2026/hostile.md",
        "---\ntitle: <script>alert(1)</script> and <b>bold</b>\ndate: 2026-03-01\ntype: self-directed\n---\n",
    )
    (project / "overrides/cpd/activity.html").write_text(
        "<h1>{{ activity.title }}</h1>\n<p>{{ activity.title ~ ' again' }}</p>\n", encoding="utf-8"
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "out/2026/hostile/index.html").read_text(encoding="utf-8")
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt; and &lt;b&gt;bold&lt;/b&gt;</h1>" in page
    assert "<script>alert(1)" not in page and "<b>bold</b>" not in page


def test_a_template_marks_markdown_and_furniture_as_parts(tmp_path: Path):
    (tmp_path / "cpd").mkdir()
    (tmp_path / "cpd" / "parts.html").write_text(
        "<h1>{{ title }}</h1>\n{% filter furniture %}<dl><dt>{{ title }}</dt></dl>{% endfilter %}\n"
        "{{ body | markdown }}<p>end</p>\n",
        encoding="utf-8",
    )
    parts = Templates([tmp_path]).page("parts.html", title="A & B", body="# Heading with <i>html</i>\n")
    assert [type(p) for p in parts] == [Html, Furniture, str, Html]
    assert parts[0] == "<h1>A &amp; B</h1>\n"
    assert parts[1] == "<dl><dt>A &amp; B</dt></dl>"
    assert parts[2] == "# Heading with <i>html</i>\n"  # Markdown, for MkDocs to render and the sanitiser to clean
    assert parts[3] == "<p>end</p>"


def test_an_unknown_template_or_value_is_a_template_error(tmp_path: Path):
    templates = Templates([tmp_path])
    for call in (lambda: templates.page("no-such.html"), lambda: templates.page("activity.html")):
        try:
            call()
        except TemplateError as exc:
            assert "no-such.html" in str(exc) or "undefined" in str(exc)
        else:
            raise AssertionError("no TemplateError")
