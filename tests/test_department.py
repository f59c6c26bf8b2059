"""The department site: many members' portfolios, one site, each member sharing only what their profile allows.

Real builds in temporary folders: a member who shares figures, one who shares titles (and names one reflection),
one whose portfolio is broken, one who shares nothing and one read from a git repository. Canaries sit in what must
never leave a member's portfolio (private entries, drafts, reflections not named, self-assessments, the summary of
practice); the test reads every file of the built site for them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import pytest
from cpd_portfolio.core.department import DepartmentError, load_department, read_members
from support import ScriptsAndHandlers, build, write_entry

AS_OF = "2026-11-29"
CANARIES = (
    "CANARY-PRIVATE",
    "CANARY-DRAFT",
    "CANARY-REFLECTION",
    "CANARY-SELF",
    "CANARY-SUMMARY",
    "CANARY-TITLE-A",
    "CANARY-OUTCOME",
)
HOSTILE = "<script>alert('member')</script><img src=x onerror=alert(1)>"


def _activity(root: Path, name: str, title: str, *, extra: str = "", body: str = "CANARY-REFLECTION unnamed") -> None:
    day = name[5:15]
    write_entry(
        root,
        name,
        f"---\ntitle: {title}\ndate: {day}\ntype: formal\nhours: 3\nobjectives: [mr-safety]\n"
        f"competences: [UK-SPEC:A1]\noutcomes: [CANARY-OUTCOME learnt]\napplication: CANARY-SELF applied\n"
        f"benefit: CANARY-SELF benefit\n{extra}---\n{body}\n",
    )


def _member(root: Path, name: str, share: str | None, *, titles_prefix: str) -> None:
    consent = f"share_with_department: {share}\n" if share else ""
    write_entry(
        root,
        "profile.md",
        f"---\nkind: profile\nname: {name}\nregistrations:\n  - {{body: hcpc, renewal: 2027-09-30}}\n{consent}---\n"
        "CANARY-SUMMARY of practice\n",
    )
    write_entry(
        root,
        "objectives/mr-safety.md",
        "---\nkind: objective\nid: mr-safety\ntitle: Lead the MR safety training\ndue: 2027-06-30\n"
        "need: CANARY-SELF need\nsuccess: CANARY-SELF success\n---\nCANARY-SELF plan\n",
    )
    _activity(root, "2026/2026-03-02-course.md", f"{titles_prefix} course")
    _activity(root, "2026/2026-05-04-private.md", "CANARY-PRIVATE title", extra="private: true\n")
    _activity(root, "2026/2026-06-01-draft.md", "CANARY-DRAFT title", extra="draft: true\n")
    write_entry(
        root,
        "2026/2026-06-10-private-feedback.md",
        "---\nkind: feedback\ntitle: CANARY-PRIVATE feedback\ndate: 2026-06-10\nfrom: CANARY-PRIVATE\nprivate: true\n"
        "---\nCANARY-PRIVATE\n",
    )


def _git(*args: str, cwd: Path) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


@pytest.fixture(scope="module")
def department(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("department")
    (project / "pages").mkdir()
    _member(project / "figures" / "entries", "Alex Adams", "figures", titles_prefix="CANARY-TITLE-A")
    titles = project / "titles" / "entries"
    _member(titles, "Blake Brown", None, titles_prefix="Blake's")
    write_entry(
        titles,
        "profile.md",
        "---\nkind: profile\nname: Blake Brown\nregistrations:\n  - {body: rct}\nshare_with_department:\n"
        "  share: titles\n  reflections: [2026/2026-04-01-shared.md, 2026/2026-05-04-private.md]\n---\nCANARY-SUMMARY\n",
    )
    _activity(titles, "2026/2026-04-01-shared.md", f"Shared {HOSTILE}", body=f"The shared reflection {HOSTILE}")
    broken = project / "broken" / "entries"
    _member(broken, "Casey Cole", "titles", titles_prefix="Casey's")
    write_entry(broken, "_rules/hcpc.yml", "rules:\n  - id: hcpc-record\n    check: min_actvities\n")
    _member(project / "silent" / "entries", "Dana Dale", None, titles_prefix="CANARY-PRIVATE silent")
    repo = project / "repo"
    _member(repo / "entries", "Eli Evans", "titles", titles_prefix="Eli's")
    _git("init", "-q", cwd=repo)
    _git("add", ".", cwd=repo)
    _git("commit", "-q", "-m", "CANARY-PRIVATE commit message", cwd=repo)
    write_entry(
        project,
        "department.yml",
        f"""\
        name: Radiotherapy Physics
        members:
          - {{name: Alex Adams, path: figures, site: "https://intranet.example/alex/"}}
          - {{name: Blake Brown, path: titles}}
          - {{name: Casey Cole, path: broken}}
          - {{name: Dana Dale, path: silent/entries}}
          - {{name: Eli Evans, git: "{repo.as_uri()}"}}
          - {{name: Fran Ford, path: nowhere}}
        """,
    )
    write_entry(
        project,
        "mkdocs.yml",
        f"""\
        site_name: Department
        docs_dir: pages
        theme: {{name: material, font: false}}
        plugins:
          - search
          - cpd:
              department: department.yml
              as_of: {AS_OF}
        """,
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    (project / "stderr.txt").write_text(result.stderr, encoding="utf-8")
    return project


def _page(project: Path, path: str) -> str:
    return (project / "out" / path / "index.html").read_text(encoding="utf-8")


def test_nothing_private_drafted_unnamed_or_self_assessed_leaves_any_member(department: Path):
    files = [p for p in (department / "out").rglob("*") if p.is_file() and "assets" not in p.parts]
    assert len(files) > 5
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for canary in CANARIES:
            assert canary not in text, (canary, path)
    # no verdict and no gap of an entry: a department build is a share build
    for page in ("index.html", "members/blake-brown/index.html", "members/alex-adams/index.html"):
        text = (department / "out" / page).read_text(encoding="utf-8")
        assert "not met" not in text and "Not recorded" not in text and "no reflection" not in text.lower()


def test_figures_only_gives_figures_and_no_title(department: Path):
    alex = _page(department, "members/alex-adams")
    assert "2025-10-01" in alex and "2027-09-30" in alex  # the HCPC cycle and renewal
    assert re.search(r"<dt>Activities</dt><dd>1</dd>", alex) and "3 h" in alex
    assert "Activities in the cycle" not in alex and "Objectives" not in alex
    assert 'href="https://intranet.example/alex/"' in alex  # their own site
    coverage = _page(department, "coverage")
    assert "Alex Adams" in coverage and "A1" in coverage


def test_titles_give_titles_objectives_and_only_the_named_public_reflection_escaped(department: Path):
    blake = _page(department, "members/blake-brown")
    assert "Blake&#x27;s course" in blake and "Lead the MR safety training" in blake
    assert "The shared reflection" in blake
    parsed = ScriptsAndHandlers()
    parsed.feed(blake)
    assert not [s for s in parsed.scripts if "alert" in s] and not parsed.handlers
    assert "&lt;script&gt;alert" in blake
    # the private activity was named too: a private entry is never shared
    assert blake.count("Reflections shared") == 1 and blake.count('class="cpd-shared-reflection"') == 1


def test_a_broken_portfolio_is_reported_and_left_out_and_the_rest_builds(department: Path):
    index = _page(department, "")
    left = index[index.index('id="left-out"') :]
    assert "Casey Cole" in left and "scheme file has an error" in left
    assert "Fran Ford" in left and "no portfolio folder at nowhere" in left
    assert "Casey&#x27;s course" not in (department / "out" / "members" / "casey-cole" / "index.html").read_text(
        "utf-8"
    )
    stderr = (department / "stderr.txt").read_text(encoding="utf-8")
    assert "Casey Cole is left out of the department" in stderr and "Fran Ford is left out" in stderr
    for name in ("Alex Adams", "Blake Brown", "Eli Evans"):
        assert name in index


def test_a_member_without_consent_shares_nothing_but_their_name(department: Path):
    dana = _page(department, "members/dana-dale")
    assert "shares nothing with the department" in dana and "<dt>Activities</dt>" not in dana
    assert "Dana Dale" not in _page(department, "coverage")


def test_a_member_read_from_git_and_the_team_plan_of_shared_objectives(department: Path):
    eli = _page(department, "members/eli-evans")
    assert "Eli&#x27;s course" in eli
    plan = _page(department, "plan")
    # Blake and Eli share titles and the objective mr-safety; Alex shares figures only, so is not named.
    section = plan[plan.index("Lead the MR safety training") :]
    assert "Blake Brown" in section and "Eli Evans" in section and "Alex Adams" not in section


def test_deadlines_soonest_first_with_the_rct_audit_month(department: Path):
    deadlines = _page(department, "deadlines")
    rows = re.findall(r'<td data-label="Date" class="cpd-date"><time datetime="([0-9-]+)"', deadlines)
    assert rows == sorted(rows) and rows[0] == "2027-01-31"  # Blake's RCT renewal
    assert "2027-03" in deadlines  # the RCT's audit sample month


def test_reading_members_in_processes_gives_what_one_process_gives(department: Path):
    dept = load_department(department / "department.yml")
    day = dt.date.fromisoformat(AS_OF)
    one = read_members(dept, day, workers=1)
    two = read_members(dept, day, workers=2)
    assert one == two
    assert [v.problem is None for v in one] == [True, True, False, True, True, False]


def test_a_wrong_department_file_is_refused_with_each_problem_where_it_is(tmp_path: Path):
    write_entry(
        tmp_path,
        "department.yml",
        "name: D\nmembers:\n  - {name: A, path: a, sit: x}\n  - {name: B}\n  - {path: c}\n",
    )
    with pytest.raises(DepartmentError) as caught:
        load_department(tmp_path / "department.yml", shown="department.yml")
    lines = str(caught.value).splitlines()
    assert any(line.startswith("department.yml:3:") and "unknown key 'sit'" in line for line in lines), lines
    assert any(line.startswith("department.yml:4:") and "'path:' (a folder) or 'git:'" in line for line in lines)
    assert any(line.startswith("department.yml:5:") and "required key 'name'" in line for line in lines), lines
    write_entry(
        tmp_path,
        "mkdocs.yml",
        "site_name: D\ndocs_dir: pages\ntheme: {name: material}\nplugins:\n  - cpd:\n      department: department.yml\n",
    )
    (tmp_path / "pages").mkdir()
    result = build(tmp_path)
    assert result.returncode != 0 and "unknown key 'sit'" in result.stderr and "Traceback" not in result.stderr


def test_what_a_member_shares_is_cached_and_read_again_when_their_portfolio_changes(tmp_path: Path):
    root = tmp_path / "m" / "entries"
    _member(root, "Gil Green", "titles", titles_prefix="Gil's first")
    write_entry(tmp_path, "department.yml", "members:\n  - {name: Gil Green, path: m}\n")
    dept = load_department(tmp_path / "department.yml")
    day = dt.date.fromisoformat(AS_OF)
    first = read_members(dept, day)
    cache = tmp_path / ".cpd-department" / "cache" / "gil-green.json"
    assert cache.is_file() and "CANARY" not in cache.read_text(encoding="utf-8")  # only what is shared is kept
    assert read_members(dept, day) == first  # read back from the cache, the same
    _activity(root, "2026/2026-03-02-course.md", "Gil's second course")  # an edit: another size and time
    again = read_members(dept, day)
    assert [a.title for a in again[0].titles] == ["Gil's second course"]
    cache.write_text("{not json", encoding="utf-8")  # a broken cache is read past, never trusted
    assert read_members(dept, day) == again


def test_cpd_check_warns_when_reflections_are_named_without_titles(tmp_path: Path):
    from conftest import run_cli

    write_entry(
        tmp_path,
        "entries/profile.md",
        "---\nkind: profile\nshare_with_department:\n  share: figures\n  reflections: [2026/x.md]\n---\n",
    )
    result = run_cli("check", "entries", cwd=tmp_path)
    assert result.code == 0, result.stdout
    assert (
        "entries/profile.md:5:16: warning: share_with_department.reflections: reflections are shared only with titles"
        in result.stdout
    ), result.stdout


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_department_pages_fit_a_phone_and_a_desktop_and_pass_axe(department: Path, width: int):
    from axe_playwright_python.sync_playwright import Axe
    from browser import browser_page, measure_layout, require_chromium, serve

    require_chromium()
    axe = Axe()
    problems = {}
    with serve(department / "out") as base, browser_page(base) as (page, outside, _errors):
        page.set_viewport_size({"width": width, "height": 900})
        for path in ("", "coverage/", "deadlines/", "plan/", "members/blake-brown/", "members/casey-cole/"):
            page.goto(base + path, wait_until="networkidle")
            found = measure_layout(page, "article")
            found["broken"] = [b for b in found["broken"] if "script" not in b]  # the hostile text is one long word
            serious = [v["id"] for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
            if found["overflow"] > 0 or found["broken"] or found["small"] or serious:
                problems[path] = (found["overflow"], found["broken"][:3], found["small"][:3], serious)
    assert outside == []  # no request outside the site
    assert problems == {}, problems
