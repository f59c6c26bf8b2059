"""`cpd audit` and `cpd export`: the audit profile as one file or a bundle, and the activities as CSV/JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cpd_portfolio.core import load_portfolio
from cpd_portfolio.core.audit import audit_profile
from cpd_portfolio.core.continuity import continuity
from cpd_portfolio.core.export import select, to_csv, to_json
from cpd_portfolio.core.schemes import SchemeError, bodies_for, cycles, load_catalogue
from cpd_portfolio.site.pages.auditfile import audit_document, write_bundle
from cpd_portfolio.site.pages.templating import TemplateError, Templates

from .config import plugin_options, theme_settings


def _usage(message: str) -> Exception:
    from .main import UsageError

    return UsageError(message)


def _load(args):
    from .main import _entries_dir

    root = _entries_dir(args)
    if not root.is_dir():
        raise _usage(f"no entries folder at {root}: run in your portfolio's folder or give --entries")
    return root, load_portfolio(root, as_of=args.as_of)


def _outside_entries(path: Path, root: Path) -> Path:
    if path.resolve().is_relative_to(root.resolve()):
        raise _usage(f"{path} is inside the entries folder: write outputs elsewhere, entries are never touched")
    return path


def cmd_audit(args) -> int:
    root, portfolio = _load(args)
    public = portfolio.public()
    try:
        catalogue = load_catalogue(root).require()
        body = args.body or bodies_for(public, catalogue)[0]
        scheme = catalogue.scheme(body)
    except SchemeError as exc:
        raise _usage(str(exc)) from None
    known = cycles(scheme, public)
    if args.cycle in (None, "current"):
        cycle = known[0]
    elif args.cycle == "previous":
        if len(known) < 2:
            raise _usage("there is no previous cycle in this portfolio")
        cycle = known[1]
    else:
        cycle = next((c for c in known if c.key == args.cycle), None)
        if cycle is None:
            choices = ", ".join(c.key for c in known)
            raise _usage(
                f"'{args.cycle}' is not one of this registration's cycles: use current, previous or one of {choices}"
            )
    as_json = args.format == "json"
    if not as_json and not args.out and not args.bundle:
        raise _usage("give --out FILE.html, --bundle FILE.zip (or both), or --format json")
    profile = audit_profile(public, catalogue, body, cycle)
    try:
        templates = Templates(*theme_settings(Path.cwd()))
    except TemplateError as exc:
        raise _usage(str(exc)) from None
    # As the site's audit page: how soon each activity was recorded, where the entries are in git (and not turned off).
    history = continuity(root) if plugin_options(Path.cwd()).get("continuity", True) is not False else None
    kept = history.figures(profile.activities) if history and history.available and profile.activities else None
    if as_json:
        text = json.dumps(profile.as_dict(), indent=2, ensure_ascii=False) + "\n"
        if args.out:
            out = _outside_entries(Path(args.out), root)
            out.write_text(text, encoding="utf-8")
            print(f"{out}: the {scheme.short} profile as data, {len(profile.standards)} standards", file=sys.stderr)
        else:
            sys.stdout.write(text)
    elif args.out:
        out = _outside_entries(Path(args.out), root)
        out.write_text(_document(profile, args.audience == "owner", templates, kept), encoding="utf-8")
        print(
            f"{out}: {len(profile.activities)} activities, statement {profile.statement_words} words, "
            f"{len(profile.evidence)} evidence items, {profile.met} of {len(profile.standards)} standards met"
        )
    if args.bundle:
        out = _outside_entries(Path(args.bundle), root)
        size = _bundle(profile, root, out, args.audience == "owner", templates, kept)
        print(
            f"{out}: {size / 1024 / 1024:.1f} MB, {sum(1 for r in profile.evidence if r.evidence.path)} evidence files",
            file=sys.stderr if as_json else sys.stdout,
        )
    if portfolio.errors:
        print(
            f"note: {len(portfolio.errors)} problems leave entries out of this profile: run 'cpd check'",
            file=sys.stderr,
        )
    return 0


def _document(profile, assess: bool, templates, kept) -> str:
    try:
        return audit_document(profile, assess=assess, templates=templates, kept=kept)
    except TemplateError as exc:  # a template of the user's own (custom_dir/cpd/) that does not work
        raise _usage(str(exc)) from None


def _bundle(profile, root: Path, out: Path, assess: bool, templates, kept) -> int:
    try:
        return write_bundle(profile, root, out, assess=assess, templates=templates, kept=kept)
    except TemplateError as exc:
        raise _usage(str(exc)) from None


def cmd_export(args) -> int:
    root, portfolio = _load(args)
    if args.start and args.end and args.end < args.start:
        raise _usage(f"--to {args.end} is before --from {args.start}")
    activities = select(portfolio, start=args.start, end=args.end, include_private=args.include_private)
    text = to_csv(activities) if args.format == "csv" else to_json(activities)
    if args.out:
        out = _outside_entries(Path(args.out), root)
        out.write_text(text, encoding="utf-8", newline="")
        print(f"{out}: {len(activities)} activities", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


EXAMPLES = {
    "audit": "examples:\n  cpd audit --out profile.html\n  cpd audit --body hcpc --cycle previous --out old.html\n"
    "  cpd audit --bundle profile.zip\n  cpd audit --body science-council --format json",
    "export": "examples:\n  cpd export --format csv --out cpd.csv\n  cpd export --format json --from 2025-01-01 --to 2025-12-31",
}


def register(command, date_type) -> None:
    audit = command(
        "audit", "Write the audit profile of one registration as one self-contained HTML file or a zip bundle."
    )
    audit.epilog = EXAMPLES["audit"]
    audit.add_argument("--body", metavar="BODY", help="registration body (default: the profile's first registration)")
    audit.add_argument(
        "--cycle", metavar="CYCLE", help="current (default), previous, or START..END as listed in the error"
    )
    audit.add_argument(
        "--format",
        choices=["html", "json"],
        default="html",
        help="html (default): one HTML file; json: the profile as data (standards, verdicts, findings, activities, "
        "evidence), to standard output or --out",
    )
    audit.add_argument(
        "--out",
        metavar="FILE",
        help="write the profile there: one HTML file (styles inline), or JSON with --format json",
    )
    audit.add_argument(
        "--bundle", metavar="FILE.zip", help="write the profile and its numbered evidence files as a zip"
    )
    audit.add_argument(
        "--audience",
        choices=["share", "owner"],
        default="share",
        help="share (default): the factual profile, for the auditor; owner: with the standards checklist, each "
        "verdict and notes of what is missing (--format json always holds the verdicts)",
    )
    audit.add_argument(
        "--as-of",
        type=date_type,
        default=None,
        metavar="YYYY-MM-DD",
        help="prepare it as of this date (default: SOURCE_DATE_EPOCH, else today)",
    )
    audit.add_argument(
        "--entries", metavar="DIR", help="the entries folder (default: from ./mkdocs.yml, else ./entries)"
    )
    audit.set_defaults(func=cmd_audit)

    export = command("export", "Export the activities as CSV or JSON, one row per activity, every field.")
    export.epilog = EXAMPLES["export"]
    export.add_argument("--format", choices=["csv", "json"], default="csv", help="output format (default: csv)")
    export.add_argument("--from", dest="start", type=date_type, metavar="YYYY-MM-DD", help="first date to include")
    export.add_argument("--to", dest="end", type=date_type, metavar="YYYY-MM-DD", help="last date to include")
    export.add_argument("--include-private", action="store_true", help="include private activities (default: left out)")
    export.add_argument("--out", metavar="FILE", help="write to FILE (default: standard output)")
    export.add_argument("--as-of", type=date_type, default=None, metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    export.add_argument(
        "--entries", metavar="DIR", help="the entries folder (default: from ./mkdocs.yml, else ./entries)"
    )
    export.set_defaults(func=cmd_export)
