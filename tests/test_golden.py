"""Golden tests: `cpd check entries` run in each folder under tests/golden must print expected.txt exactly.

tests/golden/valid/            a portfolio of valid entries covering every kind and format point
tests/golden/warning/<case>/   valid entries that draw warnings (exit 0)
tests/golden/invalid/<case>/   one folder per kind of error (exit 1)

Regenerate with UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py, then read every changed expected.txt.
Cases marked xfail below hold a hand-written expected.txt (what the checker should say) and are never
overwritten: they document bugs in the core.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import GOLDEN, run_cli

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

# case -> why its expected.txt (hand-written, correct) differs from what the checker prints today
KNOWN_BUGS: dict[str, str] = {}


def _cases() -> list:
    params = [pytest.param(GOLDEN / "valid", 0, id="valid")]
    for group, code in (("warning", 0), ("invalid", 1)):
        for folder in sorted((GOLDEN / group).iterdir()):
            if not folder.is_dir():
                continue
            name = f"{group}/{folder.name}"
            marks = [pytest.mark.xfail(reason=KNOWN_BUGS[name], strict=True)] if name in KNOWN_BUGS else []
            params.append(pytest.param(folder, code, id=name, marks=marks))
    return params


CASES = _cases()


def test_there_are_enough_cases():
    names = [p.id for p in CASES]
    assert sum(n.startswith("invalid/") for n in names) >= 30
    assert sum(n.startswith("warning/") for n in names) >= 7


@pytest.mark.parametrize(("folder", "code"), CASES)
def test_golden(folder: Path, code: int, request):
    expected_file = folder / "expected.txt"
    result = run_cli("check", "entries", cwd=folder)
    assert "Traceback" not in result.stderr
    assert result.stderr == ""
    if UPDATE and request.node.get_closest_marker("xfail") is None:
        expected_file.write_text(result.stdout, encoding="utf-8", newline="\n")
    expected = expected_file.read_text(encoding="utf-8")
    assert result.stdout.splitlines() == expected.splitlines()
    assert result.code == code
