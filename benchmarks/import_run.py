"""One timed `cpd import` for benchmarks/run.py: into a fresh folder each time (import never writes over a file, and
a second import of the same file skips every row), so every run writes every entry."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from cpd_cli.main import main

if __name__ == "__main__":
    source, target = sys.argv[1], Path(sys.argv[2])
    shutil.rmtree(target, ignore_errors=True)
    sys.exit(main(["import", source, "--into", str(target)]))
