"""A page's raw HTML held back from Markdown behind placeholders, and put back once Markdown has run.

Markdown would copy raw HTML unchanged, but only after parsing it (MkDocs looks for anchors, Python-Markdown for
where each block ends): most of a generated page's render time. So each run of a page's `Html` parts stands in
the Markdown as one placeholder comment; afterwards only the text between placeholders, which is what Markdown made
of the entries' own text, is sanitised. Used by the plugin and by `cpd pages` alike; no mkdocs import.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from ..core.markup import as_text
from .pages.common import Furniture, Html


class HeldHtml:
    """One build's placeholders: a marker no entry's text can name."""

    def __init__(self) -> None:
        self.marker = f"cpd-html-{secrets.token_hex(8)}-"
        self.placeholder = re.compile(f"<!--{self.marker}(\\d+)-->")

    def hold(self, body: list, furniture: list[str] | None = None) -> tuple[str, list[str]]:
        """The page's Markdown with each run of HTML parts as one placeholder, and those runs (raw HTML blocks).

        With a `furniture` list, Furniture parts go into it and stand in their run as placeholders `f<n>`, to be put
        in after the page has been indexed for search; without one they are HTML like any other.
        """
        text, raw, run = [], [], []
        for part in [*body, ""]:  # an empty Markdown part at the end closes the last run of HTML
            if furniture is not None and isinstance(part, Furniture):
                if part:
                    run.append(f"<!--{self.marker}f{len(furniture)}-->")
                    furniture.append(part)
            elif isinstance(part, Html):
                run.append(part)
            else:
                block = "".join(run).rstrip("\n")  # as Markdown ends a raw block
                if block:
                    text.append(f"<!--{self.marker}{len(raw)}-->\n\n")
                    raw.append(block)
                run.clear()
                text.append(part)
        return "".join(text), raw

    def as_text(self, markdown: str) -> str:
        """Held Markdown with every '<' of the entries' text written as text, the placeholders kept."""
        parts = self.placeholder.split(markdown)  # text, index, text, index, ..., text
        return "".join(f"<!--{self.marker}{part}-->" if i % 2 else as_text(part) for i, part in enumerate(parts))

    def restore(self, output: str, raw: list[str], clean: Callable[[str], str] | None) -> str:
        """Markdown's output with the raw HTML blocks back, and what lies between them passed through `clean`."""
        if clean is None:
            return self.placeholder.sub(lambda m: raw[int(m[1])], output) if raw else output
        parts = self.placeholder.split(output)  # text, index, text, index, ..., text
        for i, part in enumerate(parts):
            if i % 2:
                parts[i] = raw[int(part)]
            elif not part.isspace():
                parts[i] = clean(part)
        return "".join(parts)
