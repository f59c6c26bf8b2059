"""Build a project as `mkdocs serve` builds it (its serve URL, drafts shown), once, or again after each edit, in one
process: `python serve_build.py PROJECT SITE_DIR [--dirty]`. With --dirty, the first build is made, then a line
is read from stdin before each further build (the test edits the entries between), and "built" is printed after
each. Used by tests/test_rebuilds.py, whose reference builds must not share the plugin objects of the rebuilds."""

import sys

from mkdocs.commands.build import build
from mkdocs.config import load_config

URL = "http://127.0.0.1:8000/"


def main() -> None:
    project, site_dir, *flags = sys.argv[1:]
    dirty = "--dirty" in flags

    def config():
        loaded = load_config(config_file=f"{project}/mkdocs.yml", site_dir=site_dir)
        loaded.site_url = URL
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=dirty)
    build(first, serve_url=URL, dirty=dirty)
    print("built", flush=True)
    if not dirty:
        return
    for _line in sys.stdin:
        build(config(), serve_url=URL, dirty=True)
        print("built", flush=True)


if __name__ == "__main__":
    main()
