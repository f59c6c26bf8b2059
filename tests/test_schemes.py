"""Registration schemes as one validated source of truth.

- The audit verdicts and the gaps agree, for every golden case and every body: through the core, and through
  `cpd audit --format json` against `cpd gaps --format json` over the same period.
- Each threshold of each shipped rule, changed through an override, changes both the gaps and the audit.
- A bad scheme or framework file is refused with its file, line and column, by `cpd check` (exit 1), by the
  analysis commands (exit 2) and by the site build.
- The facts the issue found wrong: the RCT's name, UK-SPEC by designation, the Science Council's four standards.
- No body's name, threshold or rule id is written in the code: they live in the scheme files.
"""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest
import yaml
from cpd_portfolio.core import Profile, Registration
from cpd_portfolio.core.analysis import analyse, find_gaps
from cpd_portfolio.core.audit import audit_profile
from cpd_portfolio.core.gaps import CHECKS, MET, NOT_MET, PARTLY_MET, verdict_of
from cpd_portfolio.core.schemes import COMMON, SCHEMES_DIR, SchemeError, load_catalogue, shipped_bodies

from .analysis.support import CASES_DIR, D, act, case_names, load_runs, memory_portfolio
from .conftest import run_cli
from .support import REPO, build

RUNS = [pytest.param(run, id=f"{run.case}/{run.name}") for case in case_names() for run in load_runs(case)]
SAMPLE_AS_OF = D(2026, 11, 29)


def _copy(case: str, tmp_path: Path) -> Path:
    folder = tmp_path / case
    shutil.copytree(CASES_DIR / case / "entries", folder / "entries")
    return folder


# --- audit verdicts and gaps agree -----------------------------------------------------------------------------


@pytest.mark.parametrize("run", RUNS)
def test_audit_verdicts_are_the_gaps_over_the_same_period(run):
    """For every golden run and body: each standard's verdict and findings are those of find_gaps over the audit's
    period, restricted to the standard's rules."""
    analysis = run.analyse()
    catalogue = analysis.catalogue
    for scheme in analysis.schemes:
        if scheme.id == COMMON:
            continue
        profile_ = audit_profile(analysis.portfolio, catalogue, scheme.id)
        gaps = find_gaps(analysis.portfolio, catalogue, catalogue.chosen([scheme.id]), profile_.cycle)
        version = scheme.standards_on(profile_.cycle.end)
        assert version is not None, scheme.id
        assert [s.id for s in profile_.standards] == [s.id for s in version.items]
        for standard, item in zip(profile_.standards, version.items, strict=True):
            found = [g for g in gaps if g.rule.id in item.rules]
            assert [g.as_dict() for g in standard.gaps] == [g.as_dict() for g in found], (scheme.id, item.id)
            assert standard.verdict == verdict_of(found)


def test_the_golden_cases_hold_every_verdict():
    """The golden cases are worth comparing: between them they hold met, partly-met and not-met standards."""
    verdicts = set()
    for case in case_names():
        for run in load_runs(case):
            for body in run.audits().values():
                verdicts |= {s["verdict"] for s in body["standards"]}
    assert verdicts == {MET, PARTLY_MET, NOT_MET}


CLI_RUNS = [
    ("science-council", "not-met"),
    ("hcpc", "not-met"),
    ("ipem", "declaring-in-january"),
    ("engineering-council", "not-met"),
    ("rct", "not-met"),
    ("multi-body", "own-cycles"),
]


@pytest.mark.parametrize(("case", "name"), CLI_RUNS)
def test_cpd_audit_json_and_cpd_gaps_agree(case, name, tmp_path):
    run = next(r for r in load_runs(case) if r.name == name)
    folder = _copy(case, tmp_path)
    bodies = list(run.bodies or run.analyse().bodies)
    for body in bodies:
        audit = run_cli("audit", "--body", body, "--format", "json", "--as-of", run.as_of.isoformat(), cwd=folder)
        assert audit.code == 0, audit.stderr
        data = json.loads(audit.stdout)
        period = data["period"]["key"]
        gaps = run_cli(
            "gaps", "--body", body, "--period", period, "--format", "json", "--as-of", run.as_of.isoformat(), cwd=folder
        )
        assert gaps.code == 0, gaps.stderr
        found = json.loads(gaps.stdout)["gaps"]
        assert data["standards"], body
        for standard in data["standards"]:
            rules = {r for r in standard_rules(folder, body, standard["id"], data)}
            mine = [g for g in found if g["rule"] in rules]
            assert standard["findings"] == mine, (body, standard["id"])
            expected = MET if not mine else (NOT_MET if any(g["verdict"] == NOT_MET for g in mine) else PARTLY_MET)
            assert standard["verdict"] == expected


def standard_rules(folder: Path, body: str, standard_id: str, data: dict) -> list[str]:
    scheme = load_catalogue(folder / "entries").scheme(body)
    version = next(v for v in scheme.standards if v.version == data["standards_version"]["version"])
    return list(next(s for s in version.items if s.id == standard_id).rules)


def test_the_science_council_case_of_the_issue_no_longer_contradicts(tmp_path):
    """`cpd gaps --body science-council --period 2024` on the sample said 2 of 3 types; the audit said standard 2
    looked met. Both now say not met, from the one rule sc-mixture."""
    args = ["--as-of", SAMPLE_AS_OF.isoformat()]
    gaps = run_cli("gaps", "--body", "science-council", "--period", "2024", "--format", "json", *args, cwd=REPO)
    mixture = [g for g in json.loads(gaps.stdout)["gaps"] if g["rule"] == "sc-mixture"]
    assert [g["title"] for g in mixture] == ["Mixture: 2 of the 3 activity types needed"]
    audit = run_cli(
        "audit", "--body", "science-council", "--cycle", "2024-01-01..2024-12-31", "--format", "json", *args, cwd=REPO
    )
    assert audit.code == 0, audit.stderr
    standards = {s["id"]: s for s in json.loads(audit.stdout)["standards"]}
    assert list(standards) == ["1", "2", "3", "4"]  # the 2022 standards: four, no profile standard
    assert standards["2"]["verdict"] == NOT_MET
    assert [f["rule"] for f in standards["2"]["findings"]] == ["sc-mixture"]


# --- every threshold, changed through an override, changes the gaps and the audit ------------------------------

# The value each kind of threshold is set to: one that the sample portfolio cannot meet.
EXTREMES = {"min_types": 6, "months": 1, "max_words": 1, "count": 10_000, "min": 10_000, "max": 1, "hours": 10_000}


def _thresholds():
    catalogue = load_catalogue()
    for body in shipped_bodies():
        for rule in catalogue.scheme(body).rules:
            for param, value in rule.params.items():
                if isinstance(value, int) and not isinstance(value, bool) and param in EXTREMES:
                    yield pytest.param(body, rule.id, param, id=f"{rule.id}.{param}")


def _sample(tmp_path: Path, override: dict | None, body: str) -> tuple:
    entries = tmp_path / "entries"
    shutil.copytree(REPO / "entries", entries)
    if override is not None:
        (entries / "_rules").mkdir(exist_ok=True)
        (entries / "_rules" / f"{body}.yml").write_text(yaml.safe_dump(override), encoding="utf-8")
    from cpd_portfolio.core import load_portfolio

    portfolio = load_portfolio(entries, as_of=SAMPLE_AS_OF).public()
    catalogue = load_catalogue(entries).require()
    analysis = analyse(portfolio, catalogue, bodies=[body])
    return analysis, audit_profile(portfolio, catalogue, body).as_dict()


@pytest.mark.parametrize(("body", "rule_id", "param"), list(_thresholds()))
def test_a_threshold_changed_by_an_override_changes_the_gaps_and_the_audit(tmp_path, body, rule_id, param):
    shipped_analysis, shipped_audit = _sample(tmp_path / "shipped", None, body)
    changed = {"rules": [{"id": rule_id, param: EXTREMES[param]}]}
    own_analysis, own_audit = _sample(tmp_path / "own", changed, body)
    rule = own_analysis.catalogue.scheme(body).rule(rule_id)
    assert rule.params[param] == EXTREMES[param]

    def titles(analysis):
        return [g.title for g in analysis.gaps if g.rule.id == rule_id]

    assert titles(own_analysis) != titles(shipped_analysis), "the gaps did not change"
    assert titles(own_analysis), "the extreme threshold should leave a gap"

    def audit_part(audit):
        named = [s for s in audit["standards"] if any(f["rule"] == rule_id for f in s["findings"])]
        return (
            [(s["id"], s["verdict"], [f["title"] for f in s["findings"]]) for s in named],
            audit["summary"]["limit"],
            audit["statement"]["limit"],
            audit["activity_range"],
        )

    assert audit_part(own_audit) != audit_part(shipped_audit), "the audit did not change"


def test_every_threshold_kind_in_the_shipped_schemes_is_exercised():
    """A new threshold parameter must be given an extreme value above, or it would go untested."""
    catalogue = load_catalogue()
    kinds = {
        param
        for body in shipped_bodies()
        for rule in catalogue.scheme(body).rules
        for param, value in rule.params.items()
        if isinstance(value, (int, float)) and not isinstance(value, bool)
    }
    assert kinds <= set(EXTREMES), kinds - set(EXTREMES)


# --- bad scheme files are refused with their place -------------------------------------------------------------

BAD_FILES = {
    "unknown-parameter": (
        "hcpc.yml",
        "rules:\n  - id: hcpc-mixture\n    min_type: 9\n",
        "_rules/hcpc.yml:3:5: error: rules[0].min_type: unknown key 'min_type' (did you mean 'min_types'?): "
        "check 'type_mixture' takes min_types",
    ),
    "wrong-parameter-type": (
        "hcpc.yml",
        "rules:\n  - id: hcpc-mixture\n    min_types: three\n",
        "_rules/hcpc.yml:3:16: error: rules[0].min_types: 'three' is not a whole number, e.g. 3",
    ),
    "unknown-check": (
        "hcpc.yml",
        "rules:\n  - id: hcpc-extra\n    check: type_mix\n    source: {title: Mine}\n    why: Why.\n    action: Do.\n",
        "_rules/hcpc.yml:3:12: error: rules[0].check: unknown check 'type_mix' (did you mean 'type_mixture'?)",
    ),
    "unknown-top-level-key": (
        "hcpc.yml",
        "cycle: {years: 2}\nrulez: []\n",
        "_rules/hcpc.yml:2:1: error: rulez: unknown key 'rulez' (did you mean 'rules'?)",
    ),
    "wrong-cycle-type": (
        "hcpc.yml",
        "cycle:\n  years: two\n",
        "_rules/hcpc.yml:2:10: error: cycle.years: 'two' is not a whole number",
    ),
    "unknown-anchor": (
        "ipem.yml",
        "cycle:\n  anchor: calender\n",
        "_rules/ipem.yml:2:11: error: cycle.anchor: 'calender' is not one of renewal, calendar, registration "
        "(did you mean 'calendar'?)",
    ),
    "standard-names-no-rule": (
        "hcpc.yml",
        "standards:\n  - version: mine\n    effective: 2020-01-01\n    items:\n"
        "      - {id: 1, title: Mine, rules: [hcpc-mixtur]}\n",
        "_rules/hcpc.yml:5:38: error: standards[0].items[0].rules[0]: no rule 'hcpc-mixtur' (did you mean "
        "'hcpc-mixture'?)",
    ),
    "new-rule-without-check": (
        "hcpc.yml",
        "rules:\n  - id: hcpc-new\n    min_types: 3\n",
        "_rules/hcpc.yml:2:5: error: rules[0]: rule 'hcpc-new' is not a shipped rule and names no check",
    ),
    "own-body-missing-keys": (
        "acme.yml",
        "id: acme\nrules: []\n",
        "_rules/acme.yml:1:1: error: file: required key 'name' is missing",
    ),
    "yaml-syntax": (
        "hcpc.yml",
        "rules:\n  - id: hcpc-mixture\n    why: Because: reasons\n",
        "_rules/hcpc.yml:3:17: error: file: YAML syntax error",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_scheme_file_is_refused_with_its_place(case, tmp_path):
    name, text, expected = BAD_FILES[case]
    folder = _copy("hcpc", tmp_path)
    (folder / "entries" / "_rules").mkdir()
    (folder / "entries" / "_rules" / name).write_text(text, encoding="utf-8")
    check = run_cli("check", cwd=folder)
    assert check.code == 1, check.stdout + check.stderr
    assert "Traceback" not in check.stderr
    assert any(line.startswith("entries/" + expected) for line in check.stdout.splitlines()), check.stdout
    gaps = run_cli("gaps", "--as-of", "2026-06-30", cwd=folder)
    assert gaps.code == 2 and "Traceback" not in gaps.stderr
    assert expected.split(": error: ")[0] in gaps.stderr
    audit = run_cli("audit", "--format", "json", "--as-of", "2026-06-30", cwd=folder)
    assert audit.code == 2 and "Traceback" not in audit.stderr


def test_every_problem_of_a_scheme_file_in_one_pass(tmp_path):
    entries = tmp_path / "entries"
    (entries / "_rules").mkdir(parents=True)
    (entries / "_rules" / "hcpc.yml").write_text(
        "rules:\n  - id: hcpc-mixture\n    min_type: 9\n  - id: hcpc-unexplained-gap\n    months: -1\n"
        "  - id: hcpc-summary-of-practice\n    max_wordz: 3\n",
        encoding="utf-8",
    )
    findings = [str(f) for f in load_catalogue(entries).findings]
    assert [f.split(": error: ")[0] for f in findings] == [
        f"{entries}/_rules/hcpc.yml:3:5",
        f"{entries}/_rules/hcpc.yml:5:13",
        f"{entries}/_rules/hcpc.yml:7:5",
    ]


def test_the_site_build_refuses_a_bad_scheme_file(tmp_path):
    project = tmp_path / "site"
    shutil.copytree(REPO / "entries", project / "entries")
    shutil.copytree(REPO / "pages", project / "pages")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    (project / "entries" / "_rules").mkdir(exist_ok=True)
    (project / "entries" / "_rules" / "hcpc.yml").write_text("rules:\n  - id: hcpc-mixture\n    min_type: 9\n")
    result = build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "entries/_rules/hcpc.yml:3:5: error: rules[0].min_type: unknown key 'min_type'" in result.stderr


def test_a_bad_framework_file_is_refused_with_its_place(tmp_path):
    entries = tmp_path / "entries"
    (entries / "_frameworks").mkdir(parents=True)
    (entries / "_frameworks" / "acme.yml").write_text("id: ACME\nname: Acme\ncompetencies: {A1: Do}\n")
    messages = [str(f) for f in load_catalogue(entries).findings]
    assert any("_frameworks/acme.yml:3:1: error: competencies: unknown key 'competencies'" in m for m in messages)


def test_the_shipped_schemes_and_frameworks_are_clean():
    catalogue = load_catalogue()
    assert catalogue.findings == ()
    assert shipped_bodies() == ["engineering-council", "hcpc", "ipem", "rct", "science-council"]


def test_each_check_declares_its_parameters_once_and_the_docs_list_them():
    docs = (REPO / "docs" / "schemes" / "README.md").read_text(encoding="utf-8")
    for name, check in CHECKS.items():
        assert f"`{name}`" in docs, name
        assert check.help in docs, name  # the docs say what the check's own declaration says
        for param_name, param in check.params.items():
            assert f"`{param_name}` ({param.kind}" in docs, (name, param_name)
            assert param.help in docs, (name, param_name)


def test_a_rule_left_without_a_required_parameter_is_refused(tmp_path):
    entries = tmp_path / "entries"
    (entries / "_rules").mkdir(parents=True)
    (entries / "_rules" / "acme.yml").write_text(
        "id: acme\nname: Acme\nshort: Acme\nrules:\n  - id: acme-hours\n    check: min_hours\n"
        "    source: {title: Acme}\n    why: W.\n    action: A.\n"
    )
    (finding,) = load_catalogue(entries).findings
    assert str(finding).endswith("rules[0]: check 'min_hours' needs 'hours' (the hours needed): add 'hours: ...'")
    with pytest.raises(SchemeError):
        load_catalogue(entries).require()


# --- the facts ----------------------------------------------------------------------------------------------------


def test_rct_is_the_register_of_clinical_technologists():
    rct = load_catalogue().scheme("rct")
    assert rct.name == "Register of Clinical Technologists (RCT)"
    data = yaml.safe_load((SCHEMES_DIR / "rct.yml").read_text(encoding="utf-8"))
    assert "Physiologists" not in json.dumps(
        data, default=str
    )  # only the file's comment names the RCCP, to say it is not


def test_science_council_standards_are_versioned():
    sc = load_catalogue().scheme("science-council")
    assert [s.id for s in sc.standards_on(D(2024, 12, 31)).items] == ["1", "2", "3", "4"]
    assert [s.id for s in sc.standards_on(D(2021, 12, 31)).items] == ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize(
    ("designation", "variant", "has_c4"),
    [("CEng", "CEng", True), ("IEng", "IEng", True), ("EngTech", "EngTech", False), (None, "CEng", True)],
)
def test_uk_spec_statements_follow_the_designation(designation, variant, has_c4):
    reg = Registration(body="engineering-council", designation=designation, renewal=D(2026, 12, 31))
    prof = Profile(source="profile.md", name="Test", registrations=(reg,), body="I am an engineer.")
    portfolio = memory_portfolio("2026-06-30", [act("2026-03-01", competences=("UK-SPEC:A1",))], prof=prof)
    gaps = [g for g in analyse(portfolio).gaps if g.rule.check == "competence_coverage"]
    (gap,) = gaps
    assert gap.title.startswith(f"UK-SPEC ({variant}): ")
    assert ("C4 " in gap.detail) is has_c4
    assert gap.rule.good_practice is True


def test_uk_spec_ceng_titles_are_not_shifted():
    """C2 is managing a significant task's programme, budget and resources; C3 leading teams; C4 quality
    improvement (the earlier data had them shifted by one)."""
    uk_spec = load_catalogue().frameworks["UK-SPEC"]
    _, ceng = uk_spec.variant("CEng")
    assert "budget" in ceng["C2"] and "Lead teams" in ceng["C3"] and "quality improvement" in ceng["C4"]
    assert list(ceng) == [
        *("A1", "A2", "B1", "B2", "B3", "C1", "C2", "C3", "C4", "D1", "D2", "D3"),
        *("E1", "E2", "E3", "E4", "E5"),
    ]


def test_a_body_of_the_users_own_can_be_registered(tmp_path):
    """The entry schema takes any scheme id as a registration's body; one without a scheme is a warning."""
    entries = tmp_path / "entries"
    shutil.copytree(REPO / "docs" / "schemes" / "examples", entries / "_rules")
    (entries / "profile.md").write_text("---\nkind: profile\nregistrations:\n  - {body: nmc}\n  - {body: acme}\n---\n")
    (entries / "a.md").write_text(
        "---\ntitle: T\ndate: 2026-01-05\ntype: formal\nhours: 3\noutcomes: [O]\napplication: A\nbenefit: B\n---\nR\n"
    )
    result = run_cli("check", cwd=tmp_path)
    assert result.code == 0, result.stdout
    lines = [line for line in result.stdout.splitlines() if ": warning: " in line]
    assert lines == [
        "entries/profile.md:5:12: warning: registrations[1].body: no scheme for 'acme': its rules are not checked; "
        "use one of engineering-council, hcpc, ipem, nmc, other, rct, science-council, or write "
        "entries/_rules/acme.yml (see docs/schemes/your-own-scheme.md)"
    ]
    gaps = run_cli("gaps", "--as-of", "2026-06-30", "--format", "json", cwd=tmp_path)
    data = json.loads(gaps.stdout)
    assert data["bodies"] == ["nmc"]
    assert [g["rule"] for g in data["gaps"] if g["body"] == "nmc"] == [
        "nmc-hours",
        "nmc-participatory-hours",
        "nmc-feedback",
        "nmc-reflective-accounts",
        "nmc-reflective-discussion",
    ]


def test_the_docs_example_scheme_loads_clean_and_runs_like_the_golden_nmc_case(tmp_path):
    """The docs' NMC scheme finds what the golden case's (hours only) finds, and, as the case records no feedback
    and no discussion, that they are missing."""
    entries = tmp_path / "entries"
    shutil.copytree(CASES_DIR / "nmc" / "entries", entries)
    shutil.copy(REPO / "docs" / "schemes" / "examples" / "nmc.yml", entries / "_rules" / "nmc.yml")
    assert load_catalogue(entries).findings == ()
    for run in load_runs("nmc"):
        ours = [g.title for g in run.analyse().gaps]
        docs = [g.title for g in run.analyse(entries).gaps]
        reflections = {"met": [], "not-met": ["4 of 5 written reflections"]}[run.name]  # 2022's drops out
        assert docs == [*ours, "0 of 5 pieces of feedback", *reflections, "No discussion recorded"], run.name


# --- no body's facts in the code --------------------------------------------------------------------------------


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_no_body_name_threshold_or_rule_id_is_written_in_the_code():
    catalogue = load_catalogue()
    bodies = [s for s in catalogue.schemes.values() if s.id != COMMON]
    names = {s.name for s in bodies} | {s.short for s in bodies}
    names |= {"HCPC", "Science Council", "Engineering Council", "IPEM", "RCT", "NMC", "GPhC"}
    rule_ids = {r.id for s in catalogue.schemes.values() for r in s.rules}
    found = []
    for folder in (REPO / "plugins" / "cpd_portfolio", REPO / "tools" / "cpd_cli"):
        for path in folder.rglob("*.py"):
            for line, text in _literals(path):
                words = set(text.replace(",", " ").replace("'", " ").split())
                if any(name in text for name in names) or words & rule_ids:
                    found.append(f"{path.relative_to(REPO)}:{line}: {text[:80]!r}")
    for path in (REPO / "plugins" / "cpd_portfolio" / "core" / "starter").glob("*.tmpl"):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(REPO)}: {name}" for name in sorted(names) if name in text]
    # The one default: the body checked when a profile names none (a scheme id, not a fact about the body).
    found = [f for f in found if "'hcpc'" not in f.split(": ", 1)[1] or "DEFAULT_BODY" not in f]
    assert found == []


def test_cpd_schemes_lists_every_scheme_with_its_rules(tmp_path):
    text = run_cli("schemes", cwd=REPO)
    assert text.code == 0, text.stderr
    for body in ["common", *shipped_bodies()]:
        assert any(line.startswith(f"{body}: ") for line in text.stdout.splitlines()), body
    data = json.loads(run_cli("schemes", "--format", "json", cwd=REPO).stdout)
    catalogue = load_catalogue(REPO / "entries")
    assert [s["id"] for s in data] == ["common", *shipped_bodies()]
    for scheme in data:
        assert [r["id"] for r in scheme["rules"]] == [r.id for r in catalogue.schemes[scheme["id"]].rules]
    one = run_cli("schemes", "--body", "hcpcc", cwd=REPO)
    assert one.code == 2 and "did you mean 'hcpc'?" in one.stderr


def test_the_audit_profile_says_how_and_when_the_body_takes_it(tmp_path):
    folder = _copy("hcpc", tmp_path)
    result = run_cli("audit", "--format", "json", "--as-of", "2026-06-30", cwd=folder)
    data = json.loads(result.stdout)
    assert data["layout"] == "profile"
    assert data["audit"]["window"] == "1 July to 30 September"
    assert "CPD Online" in data["audit"]["submitted"]
    assert (data["summary"]["limit"], data["statement"]["limit"], data["activity_range"]) == (500, 1500, [12, 50])
    html = run_cli("audit", "--out", str(tmp_path / "p.html"), "--as-of", "2026-06-30", cwd=folder)
    assert html.code == 0, html.stderr
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert "<dt>Renewal or declaration</dt><dd>1 July to 30 September</dd>" in page
    assert "HCPC suggests 12 to 50." in page


def test_the_docs_give_every_shipped_rule_with_its_check_and_thresholds():
    """docs/schemes/README.md is read by registrants: a threshold changed in a scheme file must be changed there."""
    lines = (REPO / "docs" / "schemes" / "README.md").read_text(encoding="utf-8").splitlines()
    catalogue = load_catalogue()
    for scheme in catalogue.schemes.values():
        for rule in scheme.rules:
            row = next((line for line in lines if line.startswith(f"| `{rule.id}` |")), None)
            assert row is not None, rule.id
            assert f"`{rule.check}`" in row, rule.id
            for param, value in rule.params.items():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    assert f"`{param}: {value}`" in row, (rule.id, param)
            assert rule.source.title in row, rule.id
