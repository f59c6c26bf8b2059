"""Options of the `cpd` MkDocs plugin. Every option has a default, so `plugins: [cpd]` works."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c


class CpdConfig(base.Config):
    entries = c.Type(str, default="entries")
    """The portfolio folder, relative to mkdocs.yml."""
    as_of = c.Optional(c.Type((str, dt.date)))
    """Compute every figure as of this date (default: SOURCE_DATE_EPOCH, else today)."""
    period = c.Optional(c.Type(str))
    """The summary's period: all, a year, cycle, cycle:BODY or START..END (default: the current cycle)."""
    bodies = c.ListOfItems(c.Type(str), default=[])
    """Registration bodies whose rules to check (default: the profile's registrations)."""
    include_private = c.Type(bool, default=False)
    """Put private entries back, clearly marked: for the owner's own preview, never for publishing."""
    offline = c.Type(bool, default=True)
    """Keep the site free of outside requests (turns off Material's web fonts)."""
    audience = c.Choice(("owner", "share"), default="owner")
    """owner (the default): the site its owner works from, with the gaps, each standard's verdict, what each entry
    still lacks, and the entries left out by errors. share: the site to publish for an auditor or a colleague, the
    record, plan, timeline and the factual audit profile, with no self-assessment at all."""
    continuity = c.Type(bool, default=True)
    """Where the entries are in git: show how soon after each activity it was recorded (dates only: no commit message
    or author is read), on the owner's dashboard and on the audit profiles. false: never."""
    allow_raw_html = c.Type(bool, default=False)
    """Let raw HTML in reflections and action plans through unsanitised (script included): only for a site that
    nobody else reads. By default their HTML is sanitised (see site/sanitising.py)."""
    department = c.Optional(c.Type(str))
    """A department file (department.yml, relative to mkdocs.yml): build the department's site from its members'
    portfolios, each sharing only what its profile's share_with_department allows, instead of one portfolio's."""
    workers = c.Type(int, default=0)
    """Department builds: the processes that read members' portfolios at once (0: one per core, for 8 members or
    more; 1: none, all in this process)."""
