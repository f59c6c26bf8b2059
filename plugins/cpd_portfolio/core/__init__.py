"""The pure core: reading, checking and analysing a portfolio. Imports neither mkdocs nor a CLI library."""

from .entries import Activity, Break, Evidence, Objective, Profile, Registration
from .findings import ERROR, WARNING, Finding
from .portfolio import Portfolio, default_as_of, load_portfolio

__all__ = [
    "ERROR",
    "WARNING",
    "Activity",
    "Break",
    "Evidence",
    "Finding",
    "Objective",
    "Portfolio",
    "Profile",
    "Registration",
    "default_as_of",
    "load_portfolio",
]
