"""The `cpd` command: parse arguments, call the core, print. Bad input never shows a traceback."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import sys
from pathlib import Path

from cpd_portfolio.core import load_portfolio
from cpd_portfolio.core.checking import schema_path
from cpd_portfolio.core.dates import day_first, outside_message, supported
from cpd_portfolio.core.entries import ACTIVITY_TYPES, EXCHANGE_KINDS
from cpd_portfolio.core.findings import sort_findings
from cpd_portfolio.core.newentry import NEW_KINDS, existing_profile, new_entry_path, render_new_entry
from cpd_portfolio.core.reflection import (
    DEFAULT_MODEL,
    SHIPPED,
    USER_MODELS,
    ReflectionModel,
    is_model_id,
    load_models,
    models_help,
)
from cpd_portfolio.core.schemes import load_catalogue

from . import analysis, calendar_cmd, importing, pages, sharing, starting
from .config import default_entries_dir
from .progress import progress


class UsageError(Exception):
    """Bad arguments: exit 2 with the message."""


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        uk = day_first(text)  # 12/03/2025, written the UK way: the day comes first
        example = f", e.g. {uk.isoformat()}" if uk else ""
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write it as YYYY-MM-DD{example}") from None
    if not supported(day):
        raise argparse.ArgumentTypeError(outside_message(f"'{text}'"))
    return day


def _entries_dir(args: argparse.Namespace) -> Path:
    return Path(args.entries) if getattr(args, "entries", None) else default_entries_dir(Path.cwd())


# --- cpd check ---------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    default_root = _entries_dir(args)
    targets = [Path(p) for p in args.paths] or [default_root]
    # Each portfolio is read once, however many of its files or folders are named.
    selected: dict[Path, tuple[Path, set[str] | None]] = {}
    for target in targets:
        if not target.exists():
            raise UsageError(f"no such file or folder: {target}")
        root = target if target.is_dir() else portfolio_root(target, default_root)
        key = root.resolve()
        shown_root, files = selected.get(key, (root, set()))
        if target.is_dir() or files is None:
            selected[key] = (shown_root, None)  # the whole portfolio
            continue
        files.add(target.resolve().relative_to(key).as_posix())
        selected[key] = (shown_root, files)
    findings = []
    read = 0
    for root, files in selected.values():
        portfolio = load_portfolio(
            root, as_of=args.as_of, shown_root=_shown(root), progress=lambda paths: progress(paths, "checking", "file")
        )
        if files is None:
            findings.extend(portfolio.findings)
            # The scheme and framework files of the portfolio (entries/_rules, entries/_frameworks) are checked too.
            findings.extend(load_catalogue(root, shown_root=_shown(root)).findings)
            read += portfolio.files_read
            continue
        for rel in sorted(files):
            shown = portfolio.files.get(rel)
            if shown is None:
                raise UsageError(f"{root / rel} is not an entry (entries are .md files, outside hidden and _ folders)")
            findings.extend(f for f in portfolio.findings if f.path == shown)
            read += 1
    findings = sort_findings(list(dict.fromkeys(findings)))
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    if args.format == "json":
        json.dump(
            {"entries_read": read, "errors": errors, "warnings": warnings, "findings": [f.as_dict() for f in findings]},
            sys.stdout,
            indent=2,
        )
        print()
    else:
        for finding in findings:
            print(finding)
        print(
            f"{read} {'entry' if read == 1 else 'entries'} read: {errors} {_plural(errors, 'error')}, "
            f"{warnings} {_plural(warnings, 'warning')}"
        )
    if errors or (args.strict and warnings):
        return 1
    return 0


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


def portfolio_root(entry: Path, default_root: Path) -> Path:
    """The portfolio an entry file belongs to, so that its objectives and evidence resolve.

    The default entries folder if the file is in it; else the entries folder named by the nearest
    mkdocs.yml above the file; else the nearest folder called entries; else the file's own folder.
    """
    if _inside(entry, default_root):
        return default_root
    for parent in entry.resolve().parents:
        if (parent / "mkdocs.yml").is_file():
            candidate = default_entries_dir(parent)
            if _inside(entry, candidate):
                return _nearby(candidate)
        if parent.name == "entries":
            return _nearby(parent)
    return entry.parent


def _nearby(path: Path) -> Path:
    """A path as short as it can be shown: relative to the working folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def _shown(folder: Path) -> str:
    text = folder.as_posix().rstrip("/")
    return "" if text == "." else text


# --- cpd new -----------------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    title = " ".join(args.title).strip()
    if not title and args.kind != "profile":  # a profile's TITLE is your name, which may be filled in later
        example = {
            "objective": "Commission the MR-linac",
            "break": "Parental leave",
            "feedback": "Feedback on my teaching",
            "discussion": "Reflective discussion",
        }.get(args.kind, "Journal club")
        raise UsageError(f'a title is required, e.g. cpd new {args.kind} "{example}"')
    when = args.date or dt.date.today()
    if args.end and args.end < when:
        raise UsageError(f"--end {args.end} is before the date {when}: the last day cannot come first")
    if args.due and args.due < when:
        raise UsageError(f"--due {args.due} is before the date {when}: an objective is due after it is set")
    given = {"from": args.from_who, "with": args.with_who}
    needs = EXCHANGE_KINDS.get(args.kind)  # "from" for feedback, "with" for a discussion
    for option, value in given.items():
        if value is not None and option != needs:
            which = (
                f"--{needs} is the one for 'cpd new {args.kind}'" if needs else f"leave it out of 'cpd new {args.kind}'"
            )
            raise UsageError(
                f"--{option} says who gave feedback (--from) or took part in a discussion (--with): {which}"
            )
    who = (given.get(needs) or "").strip() if needs else ""
    if needs and not who:
        example = "my supervisor" if needs == "from" else "a registrant colleague"
        raise UsageError(
            f"'cpd new {args.kind}' needs --{needs} WHO, by role, not by name: "
            f'e.g. cpd new {args.kind} "{title}" --{needs} "{example}"'
        )
    root = _entries_dir(args)
    if args.kind == "profile" and (profile := existing_profile(root)) is not None:
        print(
            f"cpd new: {_nearby(profile)} is already the profile, and a portfolio has one: nothing was written. "
            "Edit that file instead.",
            file=sys.stderr,
        )
        return 1
    model = None
    if args.model is not None:
        if args.kind != "activity":
            raise UsageError(
                f"--model is for activities (it lays out the reflection): leave it out of 'cpd new {args.kind}'"
            )
        model = _model(root, args.model)
        if model is None:
            return 1
    path = new_entry_path(root, args.kind, title, when)
    if args.quick and args.kind != "activity":
        raise UsageError(f"--quick notes an activity to finish later: leave it out of 'cpd new {args.kind}'")
    text = render_new_entry(
        args.kind,
        title,
        when,
        activity_type=args.type,
        due=args.due,
        end=args.end,
        model=model,
        draft=args.quick,
        who=who or None,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # Exclusive create: two runs at once, or an existing entry, can never be overwritten.
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        print(f"cpd new: {path} already exists: nothing was written. Choose another title or date.", file=sys.stderr)
        return 1
    print(path)
    return 0


def _model(root: Path, name: str) -> ReflectionModel | None:
    """The reflection model `--model` names: a shipped one, or the user's root/_models/<id>.md. None (after saying
    why) when that file cannot be read as a model; an unknown model is a usage error that lists the ones there are."""
    model_id = name.strip().lower()
    models = load_models(root, _shown(root))
    model = models.get(model_id)
    if model is not None:
        return model
    problems = models.problems_of(model_id)
    if problems:
        listed = "".join(f"\n  {problem}" for problem in problems)
        print(
            f"cpd new: the reflection model {model_id} cannot be used, so nothing was written:{listed}", file=sys.stderr
        )
        return None
    close = difflib.get_close_matches(model_id, models.ids, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    yours = f", or write your own as {_shown(root / USER_MODELS)}/{model_id}.md" if is_model_id(model_id) else ""
    *others, last = models.ids
    raise UsageError(
        f"no reflection model '{name}'{hint}: choose one of {', '.join(others)} or {last}{yours} "
        "(see docs/reflection-models.md)"
    )


# --- cpd schema --------------------------------------------------------------------------------


def cmd_schema(args: argparse.Namespace) -> int:
    print(schema_path())
    return 0


# --- the parser --------------------------------------------------------------------------------

EXAMPLES = {
    "check": "examples:\n  cpd check\n  cpd check entries/2026/2026-03-01-journal-club.md\n  cpd check --format json --strict",
    "new": (
        'examples:\n  cpd new activity "Journal club: MR safety" --type work-based\n'
        '  cpd new activity "Treatment start held after a QA failure" --model gibbs\n'
        '  cpd new objective "Commission the MR-linac" --due 2027-06-30\n'
        '  cpd new break "Parental leave" --date 2026-01-05 --end 2026-09-30\n'
        '  cpd new profile "Dr Hannah Okafor"\n'
        '  cpd new feedback "Trainees on my QA teaching" --from "the trainees I taught"\n'
        '  cpd new discussion "Reflective discussion of my accounts" --with "a registrant colleague"'
    ),
    "schema": "example:\n  cpd schema\n  (point your editor's YAML/front matter schema setting at the printed path)",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cpd",
        description="Keep a CPD portfolio as Markdown files: check, create, analyse and export entries.",
        epilog="example:\n  cpd check\n\nRun 'cpd COMMAND --help' for a command's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version="cpd-portfolio 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=EXAMPLES.get(name),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    check = command("check", "Check every entry and list each problem with file:line:column.")
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="entry files or portfolio folders (default: the entries folder named in ./mkdocs.yml, else ./entries)",
    )
    check.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    check.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    check.add_argument(
        "--as-of",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the date 'the future' starts after (default: SOURCE_DATE_EPOCH, else today)",
    )
    check.set_defaults(func=cmd_check)

    new = command("new", "Create a new entry from a template that shows every field; never overwrites.")
    new.add_argument("kind", choices=NEW_KINDS, help="what to create")
    new.add_argument("title", nargs="*", metavar="TITLE", help="the entry's title (a profile's: your name, optional)")
    new.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="its date (default: today)")
    new.add_argument("--type", choices=ACTIVITY_TYPES, default="work-based", help="activity type (default: work-based)")
    new.add_argument(
        "--due", type=_date, metavar="YYYY-MM-DD", help="objective due date (default: a year after --date)"
    )
    new.add_argument("--end", type=_date, metavar="YYYY-MM-DD", help="last day of a break or a multi-day activity")
    new.add_argument(
        "--from", dest="from_who", metavar="WHO", help="who gave the feedback, by role, not by name (cpd new feedback)"
    )
    new.add_argument(
        "--with", dest="with_who", metavar="WHO", help="who the discussion was with, by role (cpd new discussion)"
    )
    new.add_argument(
        "--model",
        metavar="MODEL",
        help=f"lay out an activity's reflection with a model's headings and prompts: "
        f"{', '.join(m.id for m in SHIPPED)} (listed below; default: {DEFAULT_MODEL}), or your own, "
        f"{USER_MODELS}/MODEL.md in the entries folder",
    )
    new.add_argument(
        "--quick",
        action="store_true",
        help="note an activity now, finish it later: a draft (draft: true), dated today unless --date; 'cpd new --quick "
        "TITLE' needs no kind. A draft is listed by cpd check and the dashboard, never published or counted",
    )
    new.add_argument("--entries", metavar="DIR", help="the entries folder (default: from ./mkdocs.yml, else ./entries)")
    new.epilog = f"{EXAMPLES['new']}\n\nreflection models (--model):\n{models_help(SHIPPED)}"
    new.set_defaults(func=cmd_new)

    schema = command("schema", "Print the path of the entry JSON Schema, for editors and other tools.")
    schema.set_defaults(func=cmd_schema)

    analysis.register(command, _date)
    sharing.register(command, _date)
    starting.register(command, _date)
    importing.register(command, _date)
    pages.register(command, _date)
    calendar_cmd.register(command, _date)
    return parser


def _unknown_command(parser: argparse.ArgumentParser, argv: list[str]) -> str | None:
    """What to say when the command is not one (cpd chek): argparse's own message lists them all, suggests none."""
    commands = next(a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for arg in argv:
        if arg in ("-h", "--help", "--version", "--"):
            return None  # argparse answers these before any command
        if arg.startswith("-"):
            continue  # an option of cpd's own: argparse reports one it does not know
        if arg in commands:
            return None
        close = difflib.get_close_matches(arg, list(commands), n=1, cutoff=0.6)
        if close:
            return f"unknown command '{arg}' (did you mean '{close[0]}'?): 'cpd --help' lists the commands"
        return f"unknown command '{arg}': choose one of {', '.join(commands)} ('cpd --help' says what each does)"
    return None


def _quick_is_an_activity(argv: list[str]) -> list[str]:
    """`cpd new --quick TITLE`: the kind is an activity, so it may be left out."""
    if argv[:1] != ["new"] or "--quick" not in argv:
        return argv
    first = next((a for a in argv[1:] if not a.startswith("-")), None)
    if first in NEW_KINDS:
        return argv
    return ["new", "activity", *(a for a in argv[1:] if a != "--quick"), "--quick"]  # the title first, as argparse asks


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else argv
    unknown = _unknown_command(parser, argv)
    if unknown is not None:
        print(f"cpd: error: {unknown}", file=sys.stderr)
        return 2
    args = parser.parse_args(_quick_is_an_activity(argv))
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"cpd {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
