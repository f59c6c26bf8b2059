"""Templates for new entries: every field a person should consider, optional ones commented out."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

from .dates import LAST_DAY
from .entries import EXCHANGE_KINDS
from .reading import MAX_BYTES, decode, split_front_matter
from .reflection import DEFAULT_MODEL, ReflectionModel, reflection_template, shipped_models

NEW_KINDS = ("activity", "objective", "break", "profile", "feedback", "discussion")
PROFILE_FILE = "profile.md"
# `kind: profile` as a field of the front matter (not indented: a nested field or a text block is something else).
_PROFILE_KIND = re.compile(r"^kind[ \t]*:[ \t]*([\"']?)profile\1[ \t]*(#.*)?$", re.MULTILINE)


def slugify(title: str, limit: int = 60) -> str:
    """A file-name-safe, lowercase ASCII slug of a title ('entry' when nothing is left)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:limit].rstrip("-") or "entry"


def new_entry_path(root: Path, kind: str, title: str, when: dt.date) -> Path:
    """entries/YYYY/YYYY-MM-DD-slug.md; an objective entries/objectives/ID.md (its id is the slug of its title, so
    a second objective with the same id is refused as a file that exists); the profile entries/profile.md."""
    if kind == "objective":
        return root / "objectives" / f"{slugify(title)}.md"
    if kind == "profile":
        return root / PROFILE_FILE
    return root / f"{when.year:04d}" / f"{when.isoformat()}-{slugify(title)}.md"


def existing_profile(root: Path) -> Path | None:
    """The file of the portfolio under `root` whose front matter says `kind: profile`, or None: a portfolio has at
    most one profile. Read as `cpd check` finds entries (no links followed), and found even when its other fields
    do not parse."""
    from .portfolio import entry_files  # portfolio imports the checker, which a template does not need

    for path in entry_files(root)[0]:
        try:
            if path.stat().st_size > MAX_BYTES:
                continue
            text, _ = decode(path.read_bytes(), str(path))
        except OSError:
            continue
        split = split_front_matter(text, str(path)) if text is not None else None
        if isinstance(split, tuple) and _PROFILE_KIND.search(split[0]):
            return path
    return None


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(text, ensure_ascii=False)


def render_new_entry(
    kind: str,
    title: str,
    when: dt.date,
    *,
    activity_type: str = "work-based",
    due: dt.date | None = None,
    end: dt.date | None = None,
    model: ReflectionModel | None = None,
    draft: bool = False,
    who: str | None = None,
) -> str:
    """The text of a new entry; valid as written, with warnings that point at what to fill in. An activity's body is
    its reflection, laid out by `model` (core/reflection.py; default: plain, one comment). Feedback and discussions
    need `who` (from whom, or with whom, by role)."""
    if kind == "activity":
        model = model or shipped_models().models[DEFAULT_MODEL]
        end_line = f"end: {end.isoformat()}" if end else f"# end: {when.isoformat()}"
        return f"""---
title: {_quoted(title)}
date: {when.isoformat()}
{end_line}            # last day, for an activity over several days
type: {activity_type}          # work-based | professional | formal | self-directed | other
{"draft: true               # noted now: finish it, then remove this line (until then it is not published or counted)" + chr(10) if draft else ""}# method: course          # course, conference, journal club, reading, teaching...
# hours: 1.5              # optional: outcomes matter more than time
# objectives: []          # ids of the objectives this serves (none: unplanned)
# outcomes:               # what I learnt, one item per line
#   - ...
# application: ...        # how it improved (or will improve) my practice and the service
# benefit: ...            # how it benefits service users: patients, colleagues, students
# competences: [UK-SPEC:A2]
# tags: []
# evidence:               # files beside the entry (inside entries/) or web addresses
#   - path: ../evidence/certificate.pdf
#     title: Certificate of attendance
# highlight: true         # offer it for the audit statement
# private: true           # never published
---

{reflection_template(model)}"""
    if kind == "objective":
        due = due or min(when + dt.timedelta(days=365), LAST_DAY)  # a date the checker accepts
        return f"""---
kind: objective
id: {slugify(title)}
title: {_quoted(title)}
date: {when.isoformat()}              # when it was set
due: {due.isoformat()}
# need: ...               # the development need: what gap or change prompts this
# success: ...            # how I will know it is met
# target_hours: 10
# competences: [UK-SPEC:B2]
# tags: []
status: active            # active | achieved | dropped
# closed: YYYY-MM-DD      # required once achieved or dropped
# evaluation: ...         # how it went against the objective
---

Action plan:

1. ...
"""
    if kind in EXCHANGE_KINDS:
        field = EXCHANGE_KINDS[kind]
        said = "what was said" if kind == "feedback" else "what you discussed"
        return f"""---
kind: {kind}
title: {_quoted(title)}
date: {when.isoformat()}
{field}: {_quoted(who or "")}{" " * max(1, 20 - len(field) - len(_quoted(who or "")))}# by role (a patient, my supervisor), not by name
# application: ...        # what I changed, or will change, because of it
# competences: [UK-SPEC:A2]
# tags: []
# evidence:               # files beside the entry (inside entries/) or web addresses
#   - path: ../evidence/feedback-form.pdf
# private: true           # never published
---

<!-- Write {said}, in your own words and without naming anyone, and what you take from it for your practice. -->
"""
    if kind == "profile":
        from .starter import profile_text  # the one profile template, which cpd init writes too

        return profile_text(title or None, [])
    end = end or when
    return f"""---
kind: break
title: {_quoted(title)}
date: {when.isoformat()}
end: {end.isoformat()}               # the last day of the break
# reason: ...             # illness, parental leave, career break...
---
"""
