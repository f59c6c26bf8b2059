"""One timed `cpd import` for benchmarks/run.py, into a folder of its own each time: import never writes over a file,
and a second import of the same file skips every row, so each run must start empty. The last run's folder is moved
aside (a rename, not a deletion of thousands of files, which would be timed too); the scenario's prepare step
empties the place it was moved to."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

from cpd_cli.main import main

if __name__ == "__main__":
    source, target = sys.argv[1], Path(sys.argv[2])
    if target.exists():
        trash = target.parent / "import-trash"
        trash.mkdir(exist_ok=True)
        os.rename(target, trash / uuid.uuid4().hex)
    sys.exit(main(["import", source, "--into", str(target)]))
