"""Problems found in a portfolio, kept as data until a front end prints or logs them."""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: where (path, line, column), which field, what is wrong and what to do."""

    path: str
    line: int
    column: int
    severity: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.field}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.message)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Order findings by path, then line and column, as the checker prints them."""
    return sorted(findings, key=lambda f: f.sort_key)
