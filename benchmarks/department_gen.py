"""Write a synthetic department: MEMBERS portfolios of ACTIVITIES activities each, department.yml and mkdocs.yml.

    python benchmarks/department_gen.py OUT_DIR --members 100 --activities 300 --seed 1

Each member's portfolio is benchmarks/portfolio_gen.py's (a seed of its own), its profile consenting to share
figures (even members) or titles (odd members). OUT_DIR gets members/m0001/entries/..., department.yml, and
mkdocs.yml (Material, search, the cpd plugin in department mode, as of 2026-11-29) with an empty docs_dir, pages/.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from portfolio_gen import generate

CONFIG = """site_name: Department benchmark
docs_dir: pages
theme: {name: material, font: false}
plugins:
  - search
  - cpd:
      department: department.yml
      as_of: 2026-11-29
      workers: WORKERS
"""


def write_department(out: Path, members: int, activities: int, seed: int = 1, workers: int = 0) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "pages").mkdir(exist_ok=True)
    lines = ["name: Synthetic department", "members:"]
    for n in range(1, members + 1):
        mid = f"m{n:04d}"
        entries = out / "members" / mid / "entries"
        if not (entries / "profile.md").exists():
            generate(entries, activities, seed=seed * 100_000 + n)
            profile = entries / "profile.md"
            text = profile.read_text(encoding="utf-8")
            share = "titles" if n % 2 else "figures"
            profile.write_text(text.replace("\n---\n", f"\nshare_with_department: {share}\n---\n", 1), encoding="utf-8")
        lines.append(f"  - {{name: Member {n:04d}, path: members/{mid}}}")
    (out / "department.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "mkdocs.yml").write_text(CONFIG.replace("WORKERS", str(workers)), encoding="utf-8")


def cold_build(out: Path, config: str) -> int:
    """A build with no member read before: the cache of what members share removed first."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    shutil.rmtree(out / ".cpd-department" / "cache", ignore_errors=True)
    build(load_config(config_file=str(out / config), site_dir=str(out / "site-cold")))
    return 0


def write_plain_pages(out: Path) -> int:
    """The department site's own pages as ordinary Markdown files (front matter title, the pages' HTML), in
    plain-docs/, with plain.yml: the baseline build of the same pages, without the plugin. Reads every member (which
    fills the cache a warm build reads). Returns the number of pages."""
    import datetime as dt

    from cpd_portfolio.core.department import load_department, read_members
    from cpd_portfolio.core.schemes import load_catalogue
    from cpd_portfolio.site.pages.department import department_pages
    from cpd_portfolio.site.pages.templating import Templates

    department = load_department(out / "department.yml")
    as_of = dt.date(2026, 11, 29)
    views = read_members(department, as_of, workers=os.cpu_count() or 1)
    docs = out / "plain-docs"
    if docs.exists():
        shutil.rmtree(docs)
    count = 0
    for src, parts, _in_nav in department_pages(department, views, as_of, Templates(), load_catalogue(None).frameworks):
        meta, *body = parts
        path = docs / src
        path.parent.mkdir(parents=True, exist_ok=True)
        title = json.dumps(html.unescape(meta["title"]))
        path.write_text(f"---\ntitle: {title}\n---\n\n" + "\n\n".join(str(p) for p in body) + "\n", encoding="utf-8")
        count += 1
    (out / "plain.yml").write_text(
        "site_name: Department benchmark\ndocs_dir: plain-docs\ntheme: {name: material, font: false}\n"
        "plugins: [search]\n",
        encoding="utf-8",
    )
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument("--activities", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=0, help="the plugin's workers option (0: automatic)")
    parser.add_argument("--plain", action="store_true", help="also write the same pages for a plain Material build")
    parser.add_argument(
        "--cold-build",
        metavar="CONFIG",
        help="instead: remove the department's cache, then build CONFIG (in OUT_DIR) in this process, as mkdocs build",
    )
    args = parser.parse_args(argv)
    if args.cold_build:
        return cold_build(args.out, args.cold_build)
    write_department(args.out, args.members, args.activities, args.seed, args.workers)
    if args.plain:
        print(f"{write_plain_pages(args.out)} pages written to {args.out / 'plain-docs'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
