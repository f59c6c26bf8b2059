"""`cpd init`: start a new portfolio in a folder, never overwriting a file that is there."""

from __future__ import annotations

import argparse
import sys
from importlib import metadata
from pathlib import Path

from cpd_portfolio.core.portfolio import default_as_of
from cpd_portfolio.core.schemes import shipped_bodies
from cpd_portfolio.core.starter import NEXT_STEPS, starter_files

EXAMPLE = (
    "examples:\n"
    '  cpd init my-cpd --name "Dr Sam Patel" --body hcpc --body science-council\n'
    "  cpd init .          (in an empty folder, or a git repository of your own)\n\n"
    "It writes mkdocs.yml, entries/profile.md, one example objective, docs/about.md, .gitignore,\n"
    ".pre-commit-config.yaml, README.md, requirements.txt and publish recipes for GitLab and GitHub Pages.\n"
    "If any of them exists already, nothing is written."
)


def _bodies() -> list[str]:
    """The bodies whose schemes ship with cpd: a registration may name one (or a scheme of your own, or other)."""
    return shipped_bodies()


def _version() -> str:
    try:
        return metadata.version("cpd-portfolio")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return "0.1.0"


def cmd_init(args: argparse.Namespace) -> int:
    from .main import UsageError

    folder = Path(args.folder)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder: give a folder for the new portfolio")
    files = starter_files(name=args.name, bodies=args.body or [], today=default_as_of(), version=_version())
    clashes = [path for path in files if (folder / path).exists() or (folder / path).is_symlink()]
    if clashes:
        listed = "\n".join(f"  {folder / path}" for path in clashes)
        print(
            f"cpd init: these files exist already, so nothing was written:\n{listed}\n"
            "Move them away, or start the portfolio in another folder.",
            file=sys.stderr,
        )
        return 1
    written = []
    try:
        for path, text in files.items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "x", encoding="utf-8", newline="\n") as handle:  # exclusive: never overwrites
                handle.write(text)
            written.append(target)
    except OSError as exc:
        done = "".join(f"\n  {path}" for path in written) or " none"
        print(f"cpd init: cannot write {exc.filename}: {exc.strerror}. Written before it:{done}", file=sys.stderr)
        return 1
    print(f"A new CPD portfolio in {folder}:")
    for path in written:
        print(f"  {path}")
    print(NEXT_STEPS.format(folder=folder))
    return 0


def register(command, date_type) -> None:
    init = command("init", "Start a new portfolio in a folder: site settings, a profile, an example objective.")
    init.epilog = EXAMPLE
    init.add_argument("folder", metavar="DIR", help="the folder of the new portfolio (made if needed; may exist)")
    init.add_argument("--name", metavar="NAME", help="your name, for the profile and the site's title")
    init.add_argument(
        "--body",
        action="append",
        choices=_bodies(),
        metavar="BODY",
        help=f"a body you are registered with; repeat for each ({', '.join(_bodies())})",
    )
    init.set_defaults(func=cmd_init)
