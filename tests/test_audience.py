"""Owner and share builds (the plugin's `audience`): a share build, the one to publish for an auditor, holds no
self-assessment anywhere (pages, search index, sitemap); an owner build shows it, and the entries left out."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest
from cpd_portfolio.core import load_portfolio
from cpd_portfolio.core.analysis import analyse

from .conftest import run_cli
from .support import AS_OF, REPO, build

# Words only a self-assessment uses: the verdicts, the checklist, the notes of what an entry still lacks.
ASSESSING = [
    "Standards checklist",
    "partly met",
    "not met",
    "Standards met",
    "Next actions",
    "Gaps not yet explained",
    "No reflection written yet",
    "Not recorded yet",
    "Not evaluated yet",
    "No highlighted activity",
    "cpd-missing",
    "cpd-verdict",
    "Why it matters",
]


def _build(tmp_path: Path, audience: str | None, extra_entry: str | None = None) -> Path:
    project = tmp_path / (audience or "default")
    shutil.copytree(REPO / "entries", project / "entries")
    shutil.copytree(REPO / "pages", project / "pages")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("      entries: entries\n", f"      entries: entries\n      as_of: {AS_OF.isoformat()}\n")
    if audience:
        config = config.replace("      entries: entries\n", f"      entries: entries\n      audience: {audience}\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    if extra_entry:
        (project / "entries" / "2026" / "broken.md").write_text(extra_entry, encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project / "out"


def _all_text(site: Path) -> str:
    """Every text file the site publishes, unescaped: pages, the search index, the sitemap, the exports."""
    parts = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            parts.append(html.unescape(text.replace("\\u0027", "'").replace('\\"', '"')))
    return "\n".join(parts)


def _gap_titles() -> list[str]:
    portfolio = load_portfolio(REPO / "entries", as_of=AS_OF).public()
    return sorted({g.title for g in analyse(portfolio).gaps})


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("audience")
    return {"owner": _build(tmp, None), "share": _build(tmp, "share")}


def test_a_share_build_holds_no_self_assessment_anywhere(sites):
    share = sites["share"]
    text = _all_text(share)
    assert not (share / "gaps").exists() and not (share / "gaps.html").exists()
    titles = _gap_titles()
    assert titles, "the sample is meant to have gaps"
    assert [t for t in titles if t in text] == []
    assert [w for w in ASSESSING if w in text] == []


def test_an_owner_build_shows_the_self_assessment(sites):
    """The same checks find the gaps and verdicts in the owner's build: the share test can fail."""
    owner = sites["owner"]
    text = _all_text(owner)
    assert (owner / "gaps" / "index.html").is_file()
    assert [t for t in _gap_titles() if t not in text] == []
    for word in ("Standards checklist", "Next actions", "Why it matters", "cpd-verdict"):
        assert word in text, word


def test_the_share_build_keeps_the_record_and_the_factual_profile(sites):
    share = sites["share"]
    for page in ("plan/index.html", "timeline/index.html", "audit/index.html", "audit/hcpc/index.html"):
        assert (share / page).is_file(), page
    profile = (share / "audit" / "hcpc" / "index.html").read_text(encoding="utf-8")
    for heading in ("Personal details", "Summary of practice", "Activities in the period", "Statement", "Evidence"):
        assert heading in profile, heading
    # The navigation names no page the share build left out.
    index = (share / "index.html").read_text(encoding="utf-8")
    assert 'href="gaps/"' not in index


BROKEN = "---\ntitle: Half-written course\ndate: 2026-13-01\ntype: formal\n---\nNotes.\n"


def test_the_owner_sees_the_entries_an_error_leaves_out_and_a_reader_does_not(tmp_path):
    owner = _build(tmp_path, None, BROKEN)
    dashboard = (owner / "index.html").read_text(encoding="utf-8")
    assert "1 entry is left out of this site" in dashboard
    assert "entries/2026/broken.md:3:7" in dashboard and "is not a real date" in html.unescape(dashboard)
    share = _build(tmp_path, "share", BROKEN)
    assert "left out" not in _all_text(share) and "broken.md" not in _all_text(share)


def test_the_audit_file_is_factual_unless_the_owner_asks(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(REPO / "entries", project / "entries")
    shared = run_cli("audit", "--out", tmp_path / "share.html", "--as-of", AS_OF.isoformat(), cwd=project)
    assert shared.code == 0, shared.stderr
    text = (tmp_path / "share.html").read_text(encoding="utf-8")
    body = text[text.index("</style>") :]  # the inlined stylesheet names the classes; the profile uses none
    assert [w for w in ASSESSING if w in body] == []
    own = run_cli(
        "audit", "--out", tmp_path / "own.html", "--audience", "owner", "--as-of", AS_OF.isoformat(), cwd=project
    )
    assert own.code == 0, own.stderr
    assert "Standards checklist" in (tmp_path / "own.html").read_text(encoding="utf-8")


def test_a_private_entry_left_out_is_counted_never_named(tmp_path):
    private = "---\ntitle: Secret-7f3e course\ndate: 2026-13-01\ntype: formal\nprivate: true\n---\nNotes.\n"
    owner = _build(tmp_path, None, private)
    text = _all_text(owner)
    assert "Secret-7f3e" not in text and "broken.md" not in text
    dashboard = (owner / "index.html").read_text(encoding="utf-8")
    assert "1 entry is left out of this site" in dashboard
    assert "1 more that may be private (or cannot be read): not named here" in dashboard
