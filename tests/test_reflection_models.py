"""Reflection models: `cpd new activity --model`, the checker's empty-heading warning, a user's own model, the docs
and the activity page. The models are read from core/reflection.py, never copied here."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from cpd_portfolio.core.reflection import (
    DEFAULT_MODEL,
    HEADING,
    SHIPPED,
    comments,
    heading_key,
    load_models,
    outline,
    shipped_models,
)
from support import build

from .conftest import REPO, run_cli, write_files

HEADED = [model for model in SHIPPED if model.stages]
# What `cpd new activity` wrote below the front matter before there were models: it must not change.
PLAIN_BODY = "\n<!-- Reflection: what happened? What did I learn? What will I do differently? -->\n"
NO_REFLECTION = "no reflection: write below the front matter what you learnt and what you will do with it"
FRONT = """---
title: Held a treatment start after a QA failure
date: 2026-03-01
type: work-based
outcomes: [Learnt who decides when a plan fails QA close to its start date]
application: I wrote an escalation step into the QA procedure.
benefit: Patients are told promptly why their start moves.
---
"""


def _new(tmp_path: Path, *args: str) -> tuple[Path, str]:
    result = run_cli("new", "activity", "Held treatment start", "--date", "2026-03-01", *args, cwd=tmp_path)
    assert (result.code, result.stderr) == (0, ""), result.stderr
    path = tmp_path / result.stdout.strip()
    return path, path.read_text(encoding="utf-8")


def _findings(tmp_path: Path, *paths: str) -> tuple[int, list[dict]]:
    result = run_cli("check", *paths, "--format", "json", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    return result.code, data["findings"]


def _line_of(text: str, line: str) -> int:
    """The file line (from 1) that is exactly `line`: found in the text, not computed the checker's way."""
    return text.split("\n").index(line) + 1


def _body(text: str) -> str:
    return text.split("\n---\n", 1)[1]


# --- cpd new ---------------------------------------------------------------------------------------------------


def test_plain_is_the_default_and_writes_todays_body_unchanged(tmp_path):
    path, default = _new(tmp_path)
    assert _body(default) == PLAIN_BODY
    path.unlink()
    _, plain = _new(tmp_path, "--model", "plain")
    assert plain == default
    assert DEFAULT_MODEL == "plain"


@pytest.mark.parametrize("model", HEADED, ids=[m.id for m in HEADED])
def test_a_new_entry_has_the_models_headings_with_prompts_as_comments(tmp_path, model):
    _, text = _new(tmp_path, "--model", model.id)
    body = _body(text)
    assert [line[len(HEADING) + 1 :] for line in body.split("\n") if line.startswith("#")] == list(model.headings)
    for stage in model.stages:
        assert f"{HEADING} {stage.heading}\n<!-- {stage.prompt} -->\n" in body
    # Nothing but headings outside comments: an unfilled entry shows nothing else.
    without_comments = re.sub(r"<!--.*?-->", "", body, flags=re.DOTALL)
    assert [line for line in without_comments.split("\n") if line.strip()] == [f"{HEADING} {h}" for h in model.headings]


@pytest.mark.parametrize("model", HEADED, ids=[m.id for m in HEADED])
def test_an_unfilled_model_warns_once_per_heading_at_its_line(tmp_path, model):
    _, text = _new(tmp_path, "--model", model.id)
    code, findings = _findings(tmp_path)
    assert code == 0
    assert all(f["severity"] == "warning" for f in findings)
    empty = [f for f in findings if f["message"].startswith("the heading ")]
    expected = [
        (_line_of(text, f"{HEADING} {heading}"), 1, f"the heading '{heading}' ({model.name}) has nothing under it")
        for heading in model.headings
    ]
    assert [(f["line"], f["column"], f["message"].split(":")[0]) for f in empty] == expected
    assert all(f["field"] == "reflection" and f["message"].endswith("or delete the heading") for f in empty)
    # The rest: what any new activity is told, and "no reflection" once, not twice.
    rest = sorted((f["field"], f["message"].split(":")[0]) for f in findings if f not in empty)
    assert rest == [
        ("application", "no application"),
        ("benefit", "no benefit"),
        ("outcomes", "no outcomes"),
        ("reflection", "no reflection"),
    ]


def test_a_filled_in_model_has_no_heading_warning(tmp_path):
    path, text = _new(tmp_path, "--model", "gibbs")
    # Each prompt answered under it, below the front matter of a complete activity: nothing is left to say.
    body, answered = re.subn(r"(### [^\n]+\n<!-- [^\n]* -->\n)", r"\1I wrote this part.\n", _body(text))
    assert answered == 6
    path.write_text(FRONT + body, encoding="utf-8")
    assert _findings(tmp_path) == (0, [])


def test_a_partly_filled_model_warns_only_at_the_empty_headings(tmp_path):
    text = (
        FRONT + "\n### Description\nWhat happened.\n\n### Feelings\n<!-- later -->\n\n### Evaluation\nIt went well.\n"
    )
    write_files(tmp_path, {"entries/2026/2026-03-01-x.md": text})
    _, findings = _findings(tmp_path)
    assert [(f["line"], f["column"], f["field"]) for f in findings] == [
        (_line_of(text, "### Feelings"), 1, "reflection")
    ]
    assert "'Feelings' (Gibbs' reflective cycle)" in findings[0]["message"]


def test_every_empty_heading_is_reported_in_one_pass_across_entries(tmp_path):
    kolb = FRONT + "".join(f"\n## {h}\n" for h in shipped_models().get("kolb").headings)
    driscoll = FRONT + "\n## What?\nA talk.\n\n## So what?\n\n## Now what?\n"
    write_files(tmp_path, {"entries/a.md": kolb, "entries/b.md": driscoll})
    _, findings = _findings(tmp_path)
    where = [(f["path"], f["line"]) for f in findings if f["message"].startswith("the heading")]
    kolb_lines = [("entries/a.md", _line_of(kolb, f"## {h}")) for h in shipped_models().get("kolb").headings]
    driscoll_lines = [("entries/b.md", _line_of(driscoll, f"## {h}")) for h in ("So what?", "Now what?")]
    assert where == kolb_lines + driscoll_lines
    assert next(f["message"] for f in findings if f["path"] == "entries/a.md") == NO_REFLECTION  # all empty: no text
    assert not any(f["message"] == NO_REFLECTION for f in findings if f["path"] == "entries/b.md")


# --- what counts as an empty heading: the pure core ------------------------------------------------------------------


def _empty(body: str) -> list[tuple[int, int, str]]:
    return [(e.line, e.column, e.heading) for e in shipped_models().headings_in(body).empty]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("## Feelings\n\n<!-- a\nmulti-line comment -->\n\n## Evaluation\nText.\n", [(1, 1, "Feelings")]),
        ("## Feelings\n#### A sub-heading\nText under it.\n", []),  # the sub-section is part of it
        ("## Feelings\n### Evaluation\nText.\n", [(1, 1, "Feelings")]),  # a model heading is no content
        ("## Feelings\n```\n## Analysis\n```\n", []),  # code is content, and a heading in it is none
        ("   ##   feelings  ##\n", [(1, 4, "feelings")]),  # indented, any case, closing hashes
        ("## So What\n", [(1, 1, "So What")]),  # without its '?'
        ("## Notes\n\n## Feelings\nText.\n", []),  # a heading of no model is the writer's own
        ("    ## Feelings\n", []),  # indented four spaces: code, not a heading
        ("<!-- x --> ## Feelings\n", []),  # not at the start of its line
        ("##Feelings\n", []),  # no space: not a heading
        ("Some text.\n\n### Action plan <!-- a prompt on the heading's line -->\n", [(3, 1, "Action plan")]),
    ],
)
def test_which_headings_are_empty(body, expected):
    assert _empty(body) == expected


def test_comments_are_found_as_the_entries_reflection_finds_them_in_linear_time():
    pattern = re.compile(r"<!--.*?-->", re.DOTALL)  # core/entries.py's reading of a comment
    pieces = ["<!--", "-->", "<!-->", "a", "\n", "-", "<", ">", "## Feelings\n"]
    for n in range(2000):
        body = "".join(pieces[(n * 7 + i * 3) % len(pieces)] for i in range(n % 11))
        assert comments(body) == [m.span() for m in pattern.finditer(body)], body
    # many comments that never close: the regex takes minutes on this body, the scan no time at all
    started = time.monotonic()
    found = shipped_models().headings_in("<!--" * 100_000 + "\n## Feelings\n")
    assert time.monotonic() - started < 5
    assert [e.heading for e in found.empty] == ["Feelings"] and not found.unwritten  # unclosed: text


def test_a_body_without_a_heading_is_not_read_line_by_line():
    assert shipped_models().headings_in("A reflection with a # in it, but no heading.").empty == ()
    assert outline("Text\n## Heading\n").headings[0].filled is False


def test_every_shipped_model_is_well_formed():
    ids = [model.id for model in SHIPPED]
    assert len(ids) == len(set(ids)) and {"gibbs", "driscoll", "kolb", "plain"} == set(ids)
    for model in SHIPPED:
        assert model.name and model.description
        keys = [heading_key(h) for h in model.headings]
        assert len(keys) == len(set(keys)), model.id
        for stage in model.stages:
            # one line, and nothing that would end the comment early
            assert stage.prompt and "\n" not in stage.prompt and "--" not in stage.prompt, stage
        if model.stages:
            assert re.search(r"\b(19|20)\d\d\b", model.source) and model.reference, model.id
    assert [m.headings for m in HEADED] == [
        ("Description", "Feelings", "Evaluation", "Analysis", "Conclusion", "Action plan"),
        ("What?", "So what?", "Now what?"),
        ("Concrete experience", "Reflective observation", "Abstract conceptualisation", "Active experimentation"),
    ]


# --- a model of the user's own ------------------------------------------------------------------------------------

STAR = """---
name: STAR
description: For a piece of work with a clear result.
source: Department reflection guide 2025
---
<!-- One piece of work, start to finish. -->

## Situation
<!-- What was going on? -->

## Task <!-- What was yours to do? -->

## Action
<!--
  What did you do,
  step by step?
-->

## Result
"""


def test_a_user_model_is_written_by_cpd_new_and_recognised_by_the_checker(tmp_path):
    write_files(tmp_path, {"entries/_models/star.md": STAR})
    path, text = _new(tmp_path, "--model", "star")
    assert _body(text) == (
        "\n<!-- One piece of work, start to finish. -->\n\n### Situation\n<!-- What was going on? -->\n\n"
        "### Task\n<!-- What was yours to do? -->\n\n### Action\n<!-- What did you do, step by step? -->\n\n"
        "### Result\n"
    )
    code, findings = _findings(tmp_path)
    assert code == 0
    empty = [(f["line"], f["message"].split(":")[0]) for f in findings if f["message"].startswith("the heading")]
    assert empty == [
        (_line_of(text, f"### {h}"), f"the heading '{h}' (STAR) has nothing under it")
        for h in ("Situation", "Task", "Action", "Result")
    ]
    # filled in: nothing to say
    path.write_text(FRONT + "## Situation\nA.\n## Task\nB.\n## Action\nC.\n## Result\nD.\n", encoding="utf-8")
    assert _findings(tmp_path) == (0, [])
    # the model file is no entry
    assert not any("_models" in f["path"] for f in _findings(tmp_path)[1])


def test_a_user_model_with_a_shipped_id_replaces_it(tmp_path):
    write_files(tmp_path, {"entries/_models/gibbs.md": "## Our own first stage\n<!-- as our department asks -->\n"})
    _, text = _new(tmp_path, "--model", "gibbs")
    assert _body(text).endswith("\n### Our own first stage\n<!-- as our department asks -->\n")
    assert "### Feelings" not in text


@pytest.mark.parametrize(
    ("name", "content", "where", "says"),
    [
        ("prose.md", "## Situation\nSome prose.\n", "prose.md:2:1", "text that is neither a heading nor a comment"),
        ("empty.md", "<!-- only a comment -->\n", "empty.md:1:1", "no headings"),
        ("twice.md", "## A\n## a\n", "twice.md:2:1", "'a' is a heading twice (first on line 1)"),
        ("fields.md", "---\nnmae: X\n---\n## A\n", "fields.md:2:1", "unknown field 'nmae' (did you mean 'name'?)"),
    ],
)
def test_a_broken_user_model_is_refused_with_where_and_why(tmp_path, name, content, where, says):
    write_files(tmp_path, {f"entries/_models/{name}": content})
    model_id = name[: -len(".md")]
    result = run_cli("new", "activity", "X", "--date", "2026-03-01", "--model", model_id, cwd=tmp_path)
    assert result.code == 1
    assert result.stdout == ""
    assert "nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert f"entries/_models/{where}: error: " in result.stderr and says in result.stderr
    assert not (tmp_path / "entries" / "2026").exists()
    # the other models are still there
    assert load_models(tmp_path / "entries").ids == [m.id for m in SHIPPED]


def test_an_unknown_model_is_a_usage_error_that_lists_the_models(tmp_path):
    write_files(tmp_path, {"entries/_models/star.md": STAR})
    result = run_cli("new", "activity", "X", "--date", "2026-03-01", "--model", "gibs", cwd=tmp_path)
    assert result.code == 2
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert "no reflection model 'gibs' (did you mean 'gibbs'?)" in result.stderr
    for model_id in [*(m.id for m in SHIPPED), "star"]:
        assert model_id in result.stderr
    assert "entries/_models/gibs.md" in result.stderr
    assert not (tmp_path / "entries" / "2026").exists()


def test_model_is_for_activities_only(tmp_path):
    result = run_cli("new", "objective", "X", "--model", "gibbs", cwd=tmp_path)
    assert result.code == 2 and "--model is for activities" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "entries").exists()


def test_help_lists_every_shipped_model(tmp_path):
    result = run_cli("new", "--help", cwd=tmp_path)
    assert result.code == 0
    for model in SHIPPED:
        row = next((line for line in result.lines if line.split()[:1] == [model.id]), None)
        assert row is not None, model.id
        assert model.name in row and all(h in row for h in model.headings)


# --- the documentation ------------------------------------------------------------------------------------------


def test_the_docs_table_lists_every_shipped_model():
    docs = (REPO / "docs" / "reflection-models.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in docs.splitlines() if line.startswith("| `")}
    assert sorted(rows) == sorted(f"`{m.id}`" for m in SHIPPED)
    for model in SHIPPED:
        row = rows[f"`{model.id}`"]
        assert model.name in row and model.source in row
        assert all(h in row for h in model.headings), model.id
        if model.stages:
            assert model.reference in docs, model.id


def test_the_sample_has_a_gibbs_reflection_that_is_filled_in():
    models = shipped_models()
    gibbs = models.get("gibbs")
    uses = [
        path
        for path in sorted((REPO / "entries").rglob("*.md"))
        if [h.text for h in outline(_body(path.read_text(encoding="utf-8"))).headings] == list(gibbs.headings)
    ]
    assert uses, "no sample entry has Gibbs' six headings"
    for path in uses:
        assert models.headings_in(_body(path.read_text(encoding="utf-8"))).empty == ()


# --- the activity page ----------------------------------------------------------------------------------------------


def test_the_activity_page_shows_the_headings_and_not_the_prompts(tmp_path):
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(
        "site_name: Test\ndocs_dir: docs\ntheme:\n  name: material\nplugins:\n  - search\n  - tags\n  - cpd\n",
        encoding="utf-8",
    )
    filled = _new(project, "--model", "gibbs")[0]
    filled.write_text(FRONT + "".join(f"\n### {h}\nMy {h.lower()}.\n" for h in SHIPPED[0].headings), encoding="utf-8")
    result = run_cli("new", "activity", "Unfilled", "--date", "2026-03-05", "--model", "gibbs", cwd=project)
    unfilled = project / result.stdout.strip()
    assert unfilled.is_file()
    built = build(project, "--strict")
    assert built.returncode == 0, built.stderr
    gibbs = shipped_models().get("gibbs")
    page = (project / "out" / "2026" / filled.stem / "index.html").read_text(encoding="utf-8")
    reflection = page[page.index('<h2 id="reflection">') :]
    found = re.findall(r"<h3[^>]*>([^<]*)</h3>", reflection)
    assert found == list(gibbs.headings)
    for heading in gibbs.headings:
        assert f"<p>My {heading.lower()}.</p>" in reflection
    blank = (project / "out" / "2026" / unfilled.stem / "index.html").read_text(encoding="utf-8")
    for html in (page, blank):
        assert "<!--" not in html
        assert not any(stage.prompt in html for stage in gibbs.stages)
    # A model's headings with nothing under them are not a reflection: the owner's page says none is written yet.
    assert "No reflection written yet." in blank
    assert re.findall(r"<h3[^>]*>([^<]*)</h3>", blank[blank.index('id="reflection"') :]) == []
