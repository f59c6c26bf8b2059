"""The progress bar of the long commands (cpd check, cpd import): tqdm, on standard error.

tqdm rather than rich: it is one small package with no dependencies of its own, draws on standard error so that
the output stays clean to pipe, and switches itself off when standard error is not a terminal (disable=None), so
scripts, CI logs and the tests see nothing of it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], what: str, unit: str = "entry") -> Iterator[T]:
    from tqdm import tqdm

    return iter(tqdm(items, desc=what, unit=unit, file=sys.stderr, disable=None, leave=False))
