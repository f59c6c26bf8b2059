"""Problems found in a portfolio, kept as data until a front end prints or logs them."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass
from operator import attrgetter

ERROR = "error"
WARNING = "warning"

# Characters that would not print as themselves: control characters (a newline would split a finding over two
# lines), format characters (bidirectional overrides), lone surrogates (an undecodable byte in a file name) and
# the line and paragraph separators.
_UNPRINTED = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _escape(ch: str) -> str:
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    code = ord(ch)
    if code > 0xFFFF:  # as JSON writes it: a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def shown_path(path: str) -> str:
    """A path as the text output shows it: as it is, or, when a character in it would not print as itself (a
    newline, a control or format character, an undecodable byte), in double quotes with JSON-style escapes, so
    that a finding stays on one line. A path that starts with a double quote is quoted too, so that a quoted
    path always means this. JSON output keeps the real path."""
    if path.isascii() and path.isprintable() and not path.startswith('"'):
        return path  # the usual case, decided without looking at each character
    if not path.startswith('"') and not any(unicodedata.category(ch) in _UNPRINTED for ch in path):
        return path
    quoted = (_escape(ch) if ch in '"\\' or unicodedata.category(ch) in _UNPRINTED else ch for ch in path)
    return '"' + "".join(quoted) + '"'


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
        return f"{shown_path(self.path)}:{self.line}:{self.column}: {self.severity}: {self.field}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.message)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Order findings by path, then line and column, as the checker prints them."""
    return sorted(findings, key=_SORT_KEY)


_SORT_KEY = attrgetter("path", "line", "column", "message")  # Finding.sort_key, without a call for each finding
