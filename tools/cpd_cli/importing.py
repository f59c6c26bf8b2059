"""`cpd import`: a spreadsheet, a Word table or cpd's own export, as one entry per row; never over a file."""

from __future__ import annotations

import argparse
from pathlib import Path

from cpd_portfolio.core import load_portfolio
from cpd_portfolio.core.entries import ACTIVITY_TYPES
from cpd_portfolio.core.findings import ERROR, sort_findings
from cpd_portfolio.core.importing import (
    ImportProblem,
    check_written,
    parse_pairs,
    plan_import,
    read_table,
    write_plan,
)
from cpd_portfolio.core.importvalues import FIELDS
from cpd_portfolio.core.portfolio import default_as_of

from .progress import progress

EXAMPLES = (
    "examples:\n"
    "  cpd import cpd-log.xlsx --dry-run\n"
    "  cpd import records.csv --map 'Key learning=outcomes' --type-map 'Huddle=work-based'\n"
    "  cpd import profile.docx --into entries\n"
    "  cpd import cpd.csv          (a file written by cpd export: every field comes back)"
)


def _usage(message: str) -> Exception:
    from .main import UsageError

    return UsageError(message)


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows)


def cmd_import(args) -> int:
    from .main import _entries_dir

    root = Path(args.into) if args.into else _entries_dir(args)
    if root.exists() and not root.is_dir():
        raise _usage(f"{root} is not a folder: give --into the entries folder")
    try:
        mapping = parse_pairs(args.map or [], "map", FIELDS)
        type_map = parse_pairs(args.type_map or [], "type-map", ACTIVITY_TYPES)
        table = read_table(Path(args.file), sheet=args.sheet, mapping=mapping)
    except (ValueError, ImportProblem) as exc:
        raise _usage(str(exc)) from None
    source = Path(args.file).resolve()
    if root.is_dir() and source.is_relative_to(root.resolve()):
        raise _usage(f"{args.file} is inside the entries folder: keep the file to import outside it")
    before = load_portfolio(root, as_of=args.as_of) if root.is_dir() else None
    objectives = {o.id for o in before.objectives} if before else set()
    plan = plan_import(table, root=root, type_map=type_map, objectives=objectives)
    for note in table.notes:
        print(f"{table.source}: note: {note}")
    if args.dry_run or plan.planned:
        rows = [["row", "date", "type", "hours", "title", "file"]]
        for item in plan.planned:
            front = item.front
            when = front["date"].isoformat() + (f" to {front['end'].isoformat()}" if front.get("end") else "")
            hours = "" if front.get("hours") is None else f"{front['hours']:g}"
            rows.append(
                [str(item.row), when, str(front["type"]), hours, str(front["title"])[:50], item.path.as_posix()]
            )
        if len(rows) > 1:
            print(_table(rows))
    for item in plan.planned:
        for warning in item.warnings:
            print(f"{table.source}: row {item.row}: warning: {warning}")
    for number, why in plan.refused:
        print(f"{table.source}: row {number}: error: {why}")
    for number, why in plan.skipped:
        print(f"{table.source}: row {number}: skipped: {why}")
    counts = (
        f"{len(plan.planned)} {'entry' if len(plan.planned) == 1 else 'entries'}, "
        f"{len(plan.refused)} {'row' if len(plan.refused) == 1 else 'rows'} not read, {len(plan.skipped)} skipped"
    )
    if args.dry_run:
        print(f"dry run: {counts}; nothing written")
        return 1 if plan.refused else 0
    write_plan(plan, root, progress(plan.planned, "writing"))
    from .main import _shown

    findings = sort_findings(check_written(plan, root, as_of=args.as_of or default_as_of(), shown_root=_shown(root)))
    for finding in findings:
        print(finding)
    errors = sum(f.severity == ERROR for f in findings)
    print(
        f"{counts}; written into {root}: {errors} {'error' if errors == 1 else 'errors'}, "
        f"{len(findings) - errors} {'warning' if len(findings) - errors == 1 else 'warnings'} (cpd check)"
    )
    return 1 if plan.refused or errors else 0


def register(command, date_type) -> None:
    p = command(
        "import",
        "Import a record kept elsewhere (.csv, .xlsx, a .docx table, or cpd export's CSV or JSON): one entry per row, "
        "never over a file; a second import of the same file skips the rows it wrote.",
    )
    p.epilog = EXAMPLES
    p.add_argument("file", metavar="FILE", help="the file to import")
    p.add_argument("--sheet", metavar="NAME", help="the sheet of an .xlsx to read (default: the first with a table)")
    p.add_argument(
        "--map",
        action="append",
        metavar="HEADING=FIELD",
        help=f"read the column HEADING as FIELD (repeatable); fields: {', '.join(FIELDS)}",
    )
    p.add_argument(
        "--type-map",
        action="append",
        metavar="WORD=TYPE",
        help=f"read the type WORD as TYPE (repeatable); types: {', '.join(ACTIVITY_TYPES)}",
    )
    p.add_argument("--dry-run", action="store_true", help="show what would be written and every row not read")
    p.add_argument(
        "--into", metavar="DIR", help="the entries folder to write into (default: from ./mkdocs.yml, else ./entries)"
    )
    p.add_argument("--entries", metavar="DIR", help=argparse.SUPPRESS)  # --into's name in the other commands
    p.add_argument("--as-of", type=date_type, default=None, metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_import)
