"""`cpd summary` and `cpd gaps`: plan versus achieved and gaps, printed as tables or JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from cpd_portfolio.core import load_portfolio
from cpd_portfolio.core.analysis import Analysis, analyse
from cpd_portfolio.core.entries import TYPE_LABELS
from cpd_portfolio.core.periods import PeriodError
from cpd_portfolio.core.schemes import COMMON, SchemeError, load_catalogue, shipped_bodies


def _analysis(args, entries: Path) -> Analysis:
    from .main import UsageError

    if not entries.is_dir():
        raise UsageError(f"no entries folder at {entries}: run in your portfolio's folder or give --entries")
    portfolio = load_portfolio(entries, as_of=args.as_of)
    if args.include_private is False:
        portfolio = portfolio.public()
    try:
        return analyse(portfolio, load_catalogue(entries), period=args.period, bodies=args.body or None)
    except (PeriodError, SchemeError) as exc:
        raise UsageError(str(exc)) from None


def table(headers: list[str], rows: list[list[object]]) -> str:
    """A plain text table, numbers right-aligned."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    numeric = [
        all(isinstance(row[i], (int, float)) or row[i] in ("", None) for row in rows) for i in range(len(headers))
    ]

    def line(values: list[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out.extend(line(r) for r in cells)
    return "\n".join(out)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _errors_note(analysis: Analysis) -> None:
    errors = len(analysis.portfolio.errors)
    if errors:
        print(
            f"note: {errors} {'problem leaves' if errors == 1 else 'problems leave'} entries out of these figures: run 'cpd check'",
            file=sys.stderr,
        )


def cmd_summary(args) -> int:
    from .main import _entries_dir

    analysis = _analysis(args, _entries_dir(args))
    s = analysis.summary
    if args.format == "json":
        json.dump(s.as_dict(), sys.stdout, indent=2)
        print()
        _errors_note(analysis)
        return 0
    print(f"Plan versus achieved, {s.period.label} ({s.period.start} to {s.period.end}), as of {s.as_of}")
    print()
    print(
        table(
            ["", "activities", "hours"],
            [
                ["All", s.total.count, s.total.hours],
                ["Planned", s.planned.count, s.planned.hours],
                ["Unplanned", s.unplanned.count, s.unplanned.hours],
            ],
        )
    )
    if s.without_hours:
        print(f"({s.without_hours} {'activity has' if s.without_hours == 1 else 'activities have'} no hours recorded)")
    print()
    print(table(["Type", "activities", "hours"], [[TYPE_LABELS[t], v.count, v.hours] for t, v in s.by_type.items()]))
    print()
    print(table(["Year", "activities", "hours"], [[y, v.count, v.hours] for y, v in s.by_year.items()]))
    print()
    print(table(["Month", "activities", "hours"], [[m, v.count, v.hours] for m, v in s.by_month.items()]))
    print()
    print(f"Objectives: {s.objectives_set} set and {s.objectives_achieved} achieved in the period")
    print()
    rows = [
        [
            p.objective.id,
            p.status,
            p.objective.due.isoformat(),
            len(p.activities),
            p.hours,
            p.objective.target_hours,
            f"{p.progress:.0%}" if p.progress is not None else "",
            p.last.isoformat() if p.last else "",
        ]
        for p in s.objectives
    ]
    print(table(["Objective", "status", "due", "activities", "hours", "target", "progress", "last"], rows))
    _errors_note(analysis)
    return 0


def cmd_gaps(args) -> int:
    from .main import _entries_dir

    analysis = _analysis(args, _entries_dir(args))
    gaps = analysis.gaps
    if args.format == "json":
        json.dump(
            {
                "as_of": analysis.portfolio.as_of.isoformat(),
                "bodies": analysis.bodies,
                "gaps": [g.as_dict() for g in gaps],
            },
            sys.stdout,
            indent=2,
        )
        print()
    else:
        print(f"Gaps as of {analysis.portfolio.as_of}, against: {', '.join(s.name for s in analysis.schemes)}")
        for number, gap in enumerate(gaps, 1):
            print()
            print(f"{number}. {gap.title}  [{gap.body_name}: {gap.rule.id}]")
            if gap.detail:
                print(f"   {gap.detail}")
            print(f"   Why: {gap.rule.why}")
            advice = " (good practice, not a requirement)" if gap.rule.good_practice else ""
            print(f"   Rule: {gap.rule.source.title}{advice}")
            print(f"   Next: {gap.rule.action}")
            for source in gap.entries:
                print(f"   See: {analysis.portfolio.files.get(source, source)}")
        for scheme in analysis.schemes:
            if scheme.not_checked:
                print()
                print(f"Not checked for {scheme.short}:")
                for item in scheme.not_checked:
                    print(f"   - {item}")
        print()
        print(f"{len(gaps)} {'gap' if len(gaps) == 1 else 'gaps'} (advice, not errors)")
    _errors_note(analysis)
    return 1 if gaps and args.fail_on_gaps else 0


def _scheme_data(scheme) -> dict:
    cycle = scheme.cycle
    return {
        "id": scheme.id,
        "name": scheme.name,
        "short": scheme.short,
        "files": list(scheme.files),
        "registers": list(scheme.registers),
        "cycle": {
            "years": cycle.years,
            "anchor": cycle.anchor,
            "default_renewal": cycle.default_renewal.isoformat() if cycle.default_renewal else None,
            "renewal_window": [cycle.window_opens, cycle.window_closes],
            "declaration_due": cycle.declaration_due,
            "note": cycle.note,
        },
        "audit": {"layout": scheme.audit.layout, "sampled": scheme.audit.sampled, "submitted": scheme.audit.submitted},
        "standards": [
            {
                "version": v.version,
                "effective": v.effective.isoformat(),
                "items": [{"id": s.id, "title": s.title, "rules": list(s.rules)} for s in v.items],
            }
            for v in scheme.standards
        ],
        "rules": [
            {
                "id": r.id,
                "check": r.check,
                "params": r.params,
                "good_practice": r.good_practice,
                "source": r.source.title,
                "url": r.source.url,
            }
            for r in scheme.rules
        ],
        "not_checked": list(scheme.not_checked),
    }


def cmd_schemes(args) -> int:
    from .main import UsageError, _entries_dir

    entries = _entries_dir(args)
    catalogue = load_catalogue(entries if entries.is_dir() else None)
    try:
        catalogue.require()
        chosen = (
            [catalogue.scheme(b) for b in args.body]
            if args.body
            else [catalogue.schemes[b] for b in [COMMON, *catalogue.bodies]]
        )
    except SchemeError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "json":
        json.dump([_scheme_data(s) for s in chosen], sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    for scheme in chosen:
        data = _scheme_data(scheme)
        print(f"{scheme.id}: {scheme.name}  [{' + '.join(scheme.files)}]")
        cycle = scheme.cycle
        if cycle.years:
            anchor = {"renewal": "the renewal date", "registration": "the renewal date, else 31 December"}.get(
                cycle.anchor, "31 December"
            )
            print(f"  cycle: {cycle.years} year(s), ending on {anchor}" + (f"; {cycle.note}" if cycle.note else ""))
        for version in data["standards"][:1]:
            print(f"  standards: {version['version']} (from {version['effective']})")
            for item in version["items"]:
                print(f"    {item['id']}. {item['title']}  [{', '.join(item['rules'])}]")
        print("  rules:")
        for rule in scheme.rules:
            params = ", ".join(f"{k} {v}" for k, v in rule.params.items())
            advice = " (good practice)" if rule.good_practice else ""
            print(f"    {rule.id}: {rule.check}{f' ({params})' if params else ''}{advice}: {rule.source.title}")
        if scheme.not_checked:
            print("  not checked:")
            for item in scheme.not_checked:
                print(f"    - {item}")
        print()
    return 0


EXAMPLES = {
    "schemes": "examples:\n  cpd schemes\n  cpd schemes --body hcpc --format json",
    "summary": "examples:\n  cpd summary\n  cpd summary --period 2025\n  cpd summary --period cycle:hcpc --format json",
    "gaps": "examples:\n  cpd gaps\n  cpd gaps --body science-council --period 2024\n  cpd gaps --fail-on-gaps",
}


def register(command, date_type) -> None:
    """Add the analysis commands to the `cpd` parser."""
    schemes = command(
        "schemes",
        "List the registration schemes checked against (shipped, and yours in entries/_rules/): cycle, standards, "
        "rules with their thresholds and sources, and what is not checked.",
    )
    schemes.epilog = EXAMPLES["schemes"]
    schemes.add_argument("--body", action="append", metavar="BODY", help="show this body's scheme only (repeatable)")
    schemes.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    schemes.add_argument(
        "--entries", metavar="DIR", help="the entries folder (default: from ./mkdocs.yml, else ./entries)"
    )
    schemes.set_defaults(func=cmd_schemes)
    for name, help_text, func in (
        ("summary", "Plan versus achieved: objectives' progress and the period's figures.", cmd_summary),
        ("gaps", "Gaps against each registration body's rules, with why and what to do.", cmd_gaps),
    ):
        p = command(name, help_text)
        p.epilog = EXAMPLES[name]
        p.add_argument(
            "--as-of",
            type=date_type,
            default=None,
            metavar="YYYY-MM-DD",
            help="compute as of this date (default: SOURCE_DATE_EPOCH, else today)",
        )
        p.add_argument(
            "--period",
            default=None,
            metavar="PERIOD",
            help="all, a year (2025), cycle, cycle:BODY or START..END (default: the current cycle"
            + (" of the first registration)" if name == "summary" else " of each body)"),
        )
        p.add_argument(
            "--body",
            action="append",
            metavar="BODY",
            help="check against this body's rules (repeatable; default: the profile's registrations). "
            f"Shipped: {', '.join(shipped_bodies())}; or your own in entries/_rules/",
        )
        p.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
        p.add_argument(
            "--include-private",
            action="store_true",
            help="count private activities too (default: left out, as in the published site)",
        )
        p.add_argument(
            "--entries", metavar="DIR", help="the entries folder (default: from ./mkdocs.yml, else ./entries)"
        )
        if name == "gaps":
            p.add_argument("--fail-on-gaps", action="store_true", help="exit 1 when there is any gap")
        p.set_defaults(func=func)
