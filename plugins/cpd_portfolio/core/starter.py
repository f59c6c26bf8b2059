"""A new portfolio: the files `cpd init` writes, made from the templates in starter/.

Everything a registrant needs to start their own record and publish it: the site's mkdocs.yml, a profile to
fill in and one example objective under entries/, docs/ for their own pages, a .gitignore, a pre-commit
configuration that checks the whole portfolio, a short README, and publish recipes for GitLab and GitHub
Pages. Pure: the files come back as text, and the command line writes them.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from importlib import resources
from string import Template

from .dates import LAST_DAY
from .newentry import slugify

EXAMPLE_OBJECTIVE = "example-objective"
# Where each file goes in the new portfolio, and its template in starter/.
FILES = {
    "mkdocs.yml": "mkdocs.yml.tmpl",
    "entries/profile.md": "profile.md.tmpl",
    f"entries/objectives/{EXAMPLE_OBJECTIVE}.md": "objective.md.tmpl",
    "docs/about.md": "about.md.tmpl",
    ".gitignore": "gitignore.tmpl",
    ".pre-commit-config.yaml": "pre-commit-config.yaml.tmpl",
    "README.md": "README.md.tmpl",
    "requirements.txt": "requirements.txt.tmpl",
    ".gitlab-ci.yml": "gitlab-ci.yml.tmpl",
    ".github/workflows/pages.yml": "github-pages.yml.tmpl",
}


def _template(name: str) -> Template:
    return Template(resources.files(__package__).joinpath("starter", name).read_text(encoding="utf-8"))


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _summary_limit(bodies: list[str]) -> str:
    """The word limit of the summary, from the first of the bodies' schemes that sets one (the default body's when
    none is given): the same rule the gaps apply."""
    from .schemes import DEFAULT_BODY, load_catalogue

    schemes = load_catalogue().schemes
    for body in [b for b in bodies if b in schemes] or [DEFAULT_BODY]:
        limit = schemes[body].limit("summary_of_practice")
        if limit:
            return f" (the {schemes[body].short} limits it to {limit} words)"
    return ""


def _profile_values(name: str | None, bodies: list[str]) -> dict[str, str]:
    registration = _template("registration.tmpl")
    return {
        "summary_limit": _summary_limit(bodies),
        "name_line": f"name: {_quoted(name)}" if name else "# name: Your Name",
        "registrations": "".join(registration.substitute(body=body).rstrip("\n") for body in bodies) or " []",
    }


def profile_text(name: str | None, bodies: list[str]) -> str:
    """A profile to fill in (`cpd init`, `cpd new profile`): valid as written, the summary's prompt a comment."""
    return _template("profile.md.tmpl").substitute(_profile_values(name, bodies))


def starter_files(*, name: str | None, bodies: list[str], today: dt.date, version: str) -> dict[str, str]:
    """The new portfolio's files, by path relative to its folder (POSIX), each as its text."""
    values = {
        **_profile_values(name, bodies),
        "site_name": _quoted(f"CPD portfolio of {name}" if name else "My CPD portfolio"),
        "title": f"CPD portfolio of {name}" if name else "My CPD portfolio",
        "name_text": html.escape(name) if name else "its owner",
        "objective_id": slugify(EXAMPLE_OBJECTIVE),
        "today": today.isoformat(),
        "due": min(today + dt.timedelta(days=365), LAST_DAY).isoformat(),
        "version": version,
    }
    return {path: _template(template).substitute(values) for path, template in FILES.items()}


NEXT_STEPS = """Next:
  1. cd {folder} and fill in entries/profile.md: your name, registrations, renewal dates and summary of practice.
  2. Record your first activity: cpd new activity "Journal club: MR safety", fill in the file, then run cpd check.
  3. Preview the site: mkdocs serve, then open http://127.0.0.1:8000/ (git init, to keep the record's history)."""
