"""`cpd calendar`: the deadlines as an iCalendar file (the site publishes the same at /calendar.ics)."""

from __future__ import annotations

import sys
from pathlib import Path

from cpd_portfolio.core.calendar import events, to_ics
from cpd_portfolio.core.schemes import SchemeError, load_catalogue
from cpd_portfolio.site.sitemap import SiteMap, calendar_link

from .config import site_url as configured_site_url
from .sharing import _load, _outside_entries, _usage

EXAMPLE = (
    "examples:\n  cpd calendar --out deadlines.ics\n"
    "  cpd calendar --out deadlines.ics --site-url https://intranet.example/cpd/\n"
    "  (import the file in Outlook, Google or Apple Calendar, or subscribe to the site's /calendar.ics)"
)


def cmd_calendar(args) -> int:
    root, portfolio = _load(args)
    out = _outside_entries(Path(args.out), root)
    public = portfolio.public()
    try:
        catalogue = load_catalogue(root)
    except SchemeError as exc:
        raise _usage(str(exc)) from None
    found = events(public, catalogue)
    site_url = args.site_url or configured_site_url(Path.cwd())
    sitemap = SiteMap.of(public)
    out.write_bytes(to_ics(found, public.as_of, calendar_link(sitemap, site_url)))
    print(
        f"{out}: {len(found)} events"
        + ("" if site_url else " (no site_url in mkdocs.yml nor --site-url: the events link to no page)")
    )
    if portfolio.errors:
        print(f"note: {len(portfolio.errors)} problems leave entries out: run 'cpd check'", file=sys.stderr)
    return 0


def register(command, date_type) -> None:
    calendar = command(
        "calendar",
        "Write the deadlines (each registration's renewal or declaration and its window, the objectives' due dates) "
        "as an iCalendar file to import or subscribe to.",
    )
    calendar.epilog = EXAMPLE
    calendar.add_argument("--out", required=True, metavar="FILE.ics", help="where to write the calendar")
    calendar.add_argument(
        "--site-url",
        metavar="URL",
        help="the published site's address, for each event's link (default: site_url in ./mkdocs.yml)",
    )
    calendar.add_argument(
        "--as-of", type=date_type, default=None, metavar="YYYY-MM-DD", help="default: SOURCE_DATE_EPOCH, else today"
    )
    calendar.add_argument(
        "--entries", metavar="DIR", help="the entries folder (default: from ./mkdocs.yml, else ./entries)"
    )
    calendar.set_defaults(func=cmd_calendar)
