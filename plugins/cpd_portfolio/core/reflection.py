"""Reflection models: the headed prompts `cpd new activity --model` writes, and the headings the checker recognises.

The shipped models are the data below (Gibbs, Driscoll, Kolb, and plain: no headings). A user adds a model as a
Markdown file, entries/_models/<id>.md, whose headings and comment prompts are the model. `cpd new`, the checker
and the documentation's test all read the models from here.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .findings import ERROR, Finding
from .markup import comment_spans
from .reading import MAX_BYTES, RawEntry, decode, key_label, parse_front_matter, split_front_matter

USER_MODELS = "_models"  # inside the entries folder: <id>.md adds a model (or replaces a shipped one)
DEFAULT_MODEL = "plain"
# Every model's headings are written one level under the activity page's own "Reflection" heading (an <h2>),
# so that its stages read as parts of the reflection, not as sections beside it.
HEADING = "###"
MODEL_FIELDS = ("name", "description", "source", "reference")  # a user model's optional front matter

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+$")
_OPENING = re.compile(r"---[ \t]*(?:\n|$)")  # a model file's front matter, optional, opens as an entry's does


@dataclass(frozen=True, slots=True)
class Stage:
    """One heading of a model and its prompt: one line, written as an HTML comment under the heading."""

    heading: str
    prompt: str = ""


@dataclass(frozen=True, slots=True)
class ReflectionModel:
    """A way of laying out a reflection: its headings with their prompts, when it helps, and whose it is."""

    id: str
    name: str
    description: str  # when it helps
    stages: tuple[Stage, ...]
    source: str = ""  # who devised it, short: "Gibbs 1988"
    reference: str = ""  # the full reference
    intro: str = ""  # the comment above the headings; a model without headings is this comment alone
    path: str | None = None  # the user's file, as shown; None for a shipped model

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(stage.heading for stage in self.stages)

    @property
    def cited(self) -> str:
        """The name, with its source when it has one: "Gibbs' reflective cycle (Gibbs 1988)"."""
        return f"{self.name} ({self.source})" if self.source else self.name


# Prompts are in our own words: the published wording of each model belongs to its authors.
SHIPPED = (
    ReflectionModel(
        id="gibbs",
        name="Gibbs' reflective cycle",
        description=(
            "Six stages, from what happened to what you will do next, with room for how you felt. Suits an event "
            "you want to learn from: an incident, a difficult conversation, a decision under pressure, a first time."
        ),
        stages=(
            Stage("Description", "Set the scene: where and when, who was involved, what you did and how it ended."),
            Stage(
                "Feelings", "Your reactions, honestly: at the time, straight after and now, and how they steered you."
            ),
            Stage("Evaluation", "Weigh it up: which parts worked and which did not, for you, colleagues and patients."),
            Stage(
                "Analysis", "Explain it: why it went as it did, drawing on guidance, evidence, procedures or others."
            ),
            Stage("Conclusion", "Sum up what you learnt from it, and what you could have done another way."),
            Stage(
                "Action plan", "Your next steps: what you will do or change, by when, and how you will know it worked."
            ),
        ),
        source="Gibbs 1988",
        reference=(
            "Gibbs G (1988) Learning by Doing: A Guide to Teaching and Learning Methods. Further Education Unit, "
            "Oxford Polytechnic."
        ),
    ),
    ReflectionModel(
        id="driscoll",
        name="Driscoll's What? So what? Now what?",
        description=(
            "Three short questions. Suits a brief or routine reflection: a journal club, a talk, a course day, "
            "a piece of reading."
        ),
        stages=(
            Stage("What?", "Describe the situation you are looking back on, and your part in it."),
            Stage("So what?", "Make sense of it: what it taught you about your practice, and why that matters."),
            Stage(
                "Now what?", "Decide what follows: what you will do differently, and the support or learning it needs."
            ),
        ),
        source="Driscoll 1994, 2007",
        reference=(
            "Driscoll J (1994) Reflective practice for practise. Senior Nurse. Driscoll J (ed.) (2007) "
            "Practising Clinical Supervision: A Reflective Approach for Healthcare Professionals, 2nd edn. "
            "Baillière Tindall. Built on the three questions of Borton T (1970) Reach, Touch and Teach. McGraw-Hill."
        ),
    ),
    ReflectionModel(
        id="kolb",
        name="Kolb's experiential learning cycle",
        description=(
            "Four stages, from doing something to trying out what it taught you. Suits learning a technique, a "
            "method or a piece of equipment that you will use again."
        ),
        stages=(
            Stage("Concrete experience", "The experience itself: what you did, saw or took part in."),
            Stage(
                "Reflective observation",
                "Step back from it: what you noticed, and where it matched or differed from what you expected.",
            ),
            Stage(
                "Abstract conceptualisation",
                "Find the idea behind it: the principle, theory or rule of thumb that explains what happened.",
            ),
            Stage("Active experimentation", "Plan how you will try that idea out in your own work, and when."),
        ),
        source="Kolb 1984",
        reference=(
            "Kolb D A (1984) Experiential Learning: Experience as the Source of Learning and Development. Prentice Hall."
        ),
    ),
    ReflectionModel(
        id=DEFAULT_MODEL,
        name="Plain",
        description="No headings: the reflection in your own words and order. The default.",
        stages=(),
        intro="Reflection: what happened? What did I learn? What will I do differently?",
    ),
)


def is_model_id(text: str) -> bool:
    """Whether `text` can be a model's id, and so the name of its file: lowercase letters, digits and hyphens."""
    return _ID.fullmatch(text) is not None


def reflection_template(model: ReflectionModel) -> str:
    """The body `cpd new activity` writes: the model's headings, each with its prompt as a comment, which the site
    does not show, so an entry left unfilled shows nothing but its headings. A model without headings (plain) is
    its one comment."""
    if not model.stages:
        return f"<!-- {model.intro} -->\n"
    intro = model.intro or (
        f"Reflection with {model.cited}: write under each heading, and delete one that does not apply. "
        "Comments like this one are prompts, which the site does not show."
    )
    parts = [f"<!-- {intro} -->\n"]
    for stage in model.stages:
        parts.append(f"\n{HEADING} {stage.heading}\n")
        if stage.prompt:
            parts.append(f"<!-- {stage.prompt} -->\n")
    return "".join(parts)


# --- the headings of a body ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Heading:
    """An ATX heading of a body (`### Feelings`): its line in the body (from 1), column, level and text, and whether
    anything but white space, comments and headings lies in its section (where the section ends: see `outline`)."""

    line: int
    column: int
    level: int
    text: str
    filled: bool


@dataclass(frozen=True, slots=True)
class Outline:
    """A body's headings, and the lines of text that are neither a heading, a comment nor blank (from 1)."""

    headings: tuple[Heading, ...]
    text_lines: tuple[int, ...]


comments = comment_spans  # one definition (core/markup.py), shared with entries.py


def _blank_comments(body: str) -> str:
    # Comments become spaces, line breaks kept: every line and column stays where it was, and a line after a
    # comment is not mistaken for a heading (it is indented by the comment's width).
    if "<!--" not in body:
        return body
    parts, last = [], 0
    for start, end in comments(body):
        parts += [body[last:start], re.sub(r"[^\n]", " ", body[start:end])]
        last = end
    return "".join([*parts, body[last:]])


def _heading(line: str) -> tuple[int, str, int] | None:
    """(level, text, column) of an ATX heading line, as CommonMark reads one, or None."""
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    if indent > 3 or not stripped.startswith("#"):
        return None
    level = len(stripped) - len(stripped.lstrip("#"))
    rest = stripped[level:]
    if level > 6 or (rest and rest[0] not in " \t"):
        return None
    return level, _CLOSING_HASHES.sub("", rest.strip(" \t")).strip(" \t"), indent + 1


def outline(body: str, is_stage: Callable[[str], bool] | None = None) -> Outline:
    """The headings of a body, outside fenced code and comments, with whether each has something under it. A
    heading's section ends at the next heading of its level or above; a model's stage (`is_stage` of its text) also
    ends at the next stage, whatever their levels, as the stages of a model follow one another."""
    headings: list[list] = []  # [line, column, level, text, filled]
    open_sections: list[int] = []  # headings whose sections the current line is in (levels rising: six at most)
    unfilled: list[int] = []  # of those, the ones with nothing under them yet
    text_lines: list[int] = []
    fence = ""
    for number, line in enumerate(_blank_comments(body).split("\n"), 1):
        if fence:
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = ""
        elif match := _FENCE.match(line):
            fence = match[1]
        elif (found := _heading(line)) is not None:
            level, text, column = found
            while open_sections and headings[open_sections[-1]][2] >= level:
                open_sections.pop()
            if is_stage is not None and is_stage(text):
                # the first open stage ends here, and the sections inside it with it
                first = next((n for n, i in enumerate(open_sections) if is_stage(headings[i][3])), None)
                del open_sections[first if first is not None else len(open_sections) :]
            unfilled = [i for i in unfilled if i in open_sections]
            headings.append([number, column, level, text, False])
            open_sections.append(len(headings) - 1)
            unfilled.append(len(headings) - 1)
            continue
        elif not line.strip():
            continue
        text_lines.append(number)
        for i in unfilled:
            headings[i][4] = True
        unfilled = []
    return Outline(tuple(Heading(*h) for h in headings), tuple(text_lines))


def heading_key(text: str) -> str:
    """A heading as it is recognised: case, spacing and a closing '?', ':' or '.' do not matter."""
    return " ".join(text.split()).rstrip("?:.").rstrip().casefold()


# --- every model a portfolio has ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EmptyHeading:
    """A model's heading with nothing written under it."""

    line: int  # in the body, from 1
    column: int
    heading: str  # as written
    model: ReflectionModel


@dataclass(frozen=True, slots=True)
class ModelHeadings:
    """What a body's model headings say: the empty ones, and whether the body is nothing but model headings and
    comments (an unfilled template: no reflection at all)."""

    empty: tuple[EmptyHeading, ...] = ()
    unwritten: bool = False


@dataclass
class ReflectionModels:
    """The shipped models and the user's (entries/_models/<id>.md), by id, and the problems of the user's files that
    could not be read as models, by the id their name gives."""

    models: dict[str, ReflectionModel]
    problems: dict[str, list[Finding]] = field(default_factory=dict)
    _by_heading: dict[str, list[ReflectionModel]] | None = field(default=None, init=False, repr=False)

    @property
    def ids(self) -> list[str]:
        return list(self.models)

    def get(self, model_id: str) -> ReflectionModel | None:
        return self.models.get(model_id)

    def problems_of(self, model_id: str) -> list[Finding]:
        """Why the user's file for `model_id` is not a model (nothing when there is no such file, or it is one)."""
        return self.problems.get(model_id, [])

    def by_heading(self) -> dict[str, list[ReflectionModel]]:
        if self._by_heading is None:
            index: dict[str, list[ReflectionModel]] = {}
            for model in self.models.values():
                for heading in model.headings:
                    index.setdefault(heading_key(heading), []).append(model)
            self._by_heading = index
        return self._by_heading

    def headings_in(self, body: str) -> ModelHeadings:
        """The model headings of an activity's body left empty, each with the model it most likely comes from."""
        if "#" not in body:
            return ModelHeadings()  # most reflections have no heading: decided without reading them line by line
        index = self.by_heading()
        found = outline(body, lambda text: heading_key(text) in index)
        known = [(h, index[heading_key(h.text)]) for h in found.headings if heading_key(h.text) in index]
        if not known:
            return ModelHeadings()
        # A heading several models share is put down to the model with most of its headings in this body.
        present = {heading_key(h.text) for h, _ in known}
        score = {m.id: sum(heading_key(x) in present for x in m.headings) for _, ms in known for m in ms}
        empty = tuple(
            EmptyHeading(h.line, h.column, " ".join(h.text.split()), max(models, key=lambda m: score[m.id]))
            for h, models in known
            if not h.filled
        )
        return ModelHeadings(empty, unwritten=bool(empty) and not found.text_lines)


def shipped_models() -> ReflectionModels:
    return ReflectionModels({model.id: model for model in SHIPPED})


def load_models(root: Path | str | None, shown_root: str | None = None) -> ReflectionModels:
    """The shipped models and those in root/_models/*.md (a file with a shipped id replaces that model). A file that
    cannot be a model is left out, with its problems; nothing is raised. Links are not followed."""
    catalogue = shipped_models()
    if root is None:
        return catalogue
    folder = Path(root) / USER_MODELS
    shown_root = str(root) if shown_root is None else shown_root
    shown_folder = f"{shown_root}/{USER_MODELS}" if shown_root else USER_MODELS
    if os.path.islink(folder) or not folder.is_dir():
        return catalogue  # a link in the entries folder is reported by `cpd check`, and never followed
    try:
        names = sorted(item.name for item in os.scandir(folder) if item.name.endswith(".md"))
    except OSError:
        return catalogue
    for name in names:
        if name.startswith((".", "_")):
            continue
        result = read_model(folder / name, f"{shown_folder}/{name}")
        if isinstance(result, ReflectionModel):
            catalogue.models[result.id] = result
        else:
            catalogue.problems[name[: -len(".md")]] = result
    return catalogue


def read_model(path: Path, shown: str) -> ReflectionModel | list[Finding]:
    """A user's model file: optional front matter (name, description, source, reference), then headings, each with
    its prompt in a comment under it. The file name is the id."""
    model_id = path.name[: -len(".md")]

    def problem(message: str, line: int = 1, column: int = 1, where: str = "file") -> list[Finding]:
        return [Finding(shown, line, column, ERROR, where, message)]

    if not is_model_id(model_id):
        example = re.sub(r"[^a-z0-9]+", "-", model_id.lower()).strip("-") or "my-model"
        return problem(
            f"'{path.name}' does not name a model id: name the file with lowercase letters, digits and hyphens, "
            f"e.g. {example}.md (the name is what 'cpd new activity --model' takes)"
        )
    if model_id == DEFAULT_MODEL:
        return problem(
            f"'{DEFAULT_MODEL}' is the reflection without headings, which cannot be replaced: rename the file"
        )
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            return problem("a link, which is not followed: put the model file itself in the folder")
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return problem("not a model file: a model is a small Markdown file of headings and comments")
        raw = path.read_bytes()
    except OSError as exc:
        return problem(f"cannot be read ({exc.strerror or exc}): check that you may read it")
    text, problems = decode(raw, shown)
    if text is None:
        return problems
    data: dict[str, object] = {}
    body, body_line = text, 1
    if _OPENING.match(text):
        split = split_front_matter(text, shown)
        if isinstance(split, Finding):
            return [split]
        front, body, body_line = split
        parsed, node, problems = parse_front_matter(front, shown)
        if parsed is None or problems:
            return problems
        data = parsed
        located = RawEntry(shown, shown, data, node if isinstance(node, yaml.MappingNode) else None, body, body_line)
        for key, value in data.items():
            label = key_label(str(key))
            if key not in MODEL_FIELDS:
                line, column = located.locate([key], key=True)
                close = difflib.get_close_matches(str(key), MODEL_FIELDS, n=1, cutoff=0.6)
                hint = f" (did you mean '{close[0]}'?)" if close else f" (a model's fields: {', '.join(MODEL_FIELDS)})"
                return problem(f"unknown field '{label}'{hint}", line, column, label)
            if not isinstance(value, str) or "\n" in value:
                line, column = located.locate([key])
                return problem(
                    "is not one line of text: write it on one line, or remove the field", line, column, label
                )
    stages, intro, problems = _stages(body, body_line, shown)
    if problems:
        return problems
    if not stages:
        return problem(
            "no headings: write each stage of the model as a heading ('### Stage'), with its prompt in a comment "
            "under it ('<!-- what to write here -->')",
            body_line,
        )
    return ReflectionModel(
        id=model_id,
        name=str(data.get("name") or model_id),
        description=str(data.get("description") or ""),
        stages=stages,
        source=str(data.get("source") or ""),
        reference=str(data.get("reference") or ""),
        intro=intro,
        path=shown,
    )


def _stages(body: str, body_line: int, shown: str) -> tuple[tuple[Stage, ...], str, list[Finding]]:
    """The stages of a model file's body, its introductory comment, and what in it cannot be part of a model."""
    found = outline(body)
    problems = []
    if found.text_lines:
        line = found.text_lines[0]
        problems.append(
            Finding(
                shown,
                body_line + line - 1,
                1,
                ERROR,
                "file",
                "text that is neither a heading nor a comment: a model holds only headings and their prompts; put "
                "the text in a comment (<!-- ... -->) or remove it",
            )
        )
    prompts = [
        (body.count("\n", 0, start) + 1, " ".join(body[start + 4 : end - 3].split())) for start, end in comments(body)
    ]
    seen: dict[str, int] = {}
    stages = []
    lines = [h.line for h in found.headings] + [body.count("\n") + 2]
    for index, heading in enumerate(found.headings):
        key = heading_key(heading.text)
        where = body_line + heading.line - 1
        if not key:
            problems.append(Finding(shown, where, heading.column, ERROR, "file", "a heading with no text: name it"))
            continue
        if key in seen:
            message = (
                f"'{heading.text}' is a heading twice (first on line {seen[key]}): give each stage its own heading"
            )
            problems.append(Finding(shown, where, heading.column, ERROR, "file", message))
            continue
        seen[key] = where
        prompt = next((text for line, text in prompts if heading.line <= line < lines[index + 1]), "")
        stages.append(Stage(heading.text, prompt))
    first = lines[0]
    intro = next((text for line, text in prompts if line < first), "")
    return tuple(stages), intro, problems


def models_help(models: Iterable[ReflectionModel]) -> str:
    """The models as `cpd new --help` lists them: id, name and headings."""
    rows = []
    for model in models:
        headings = ", ".join(model.headings) or "no headings (the default)"
        rows.append(f"  {model.id:<10} {model.cited}: {headings}")
    return "\n".join(rows)
