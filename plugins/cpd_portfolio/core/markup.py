"""Markup in an entry's body that HTML parsers cannot take.

MkDocs looks for anchors in a page's Markdown with the standard library's HTML parser, which stops with an
exception on some markup declarations (`<![` not followed by a name), even inside a code span. Found here, such a
body is a finding on its entry, and the site shows that body as text rather than stopping the whole build.
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser

_SNIPPET = re.compile(r" at ('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")$")


def markup_problem(text: str) -> tuple[int, int, str] | None:
    """(line, column) in `text`, both 1-based, and what is wrong, or None if the HTML parser reads it all."""
    if "<!" not in text:  # only markup declarations have been seen to stop the parser
        return None
    parser = HTMLParser(convert_charrefs=True)
    try:
        parser.feed(text)
        parser.close()
    except Exception as exc:  # the parser's own AssertionError and whatever a later Python raises instead
        line, offset = parser.getpos()  # near where it stopped: the start of the line it had got to, at least
        index = sum(len(x) + 1 for x in text.split("\n")[: line - 1])
        snippet = _SNIPPET.search(str(exc))
        found = text.find(ast.literal_eval(snippet.group(1)), index) if snippet else -1
        index = found if found != -1 else index + offset  # the parser quotes the text where it stopped
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        shown = text[index : index + 12].split("\n", 1)[0]
        return line, column, f"{shown!r} is markup the site cannot read"
    return None


def as_text(text: str) -> str:
    """A body whose markup cannot be read, made safe to render: every '<' written as text."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def comment_spans(text: str) -> list[tuple[int, int]]:
    """Where each HTML comment of a text starts and ends (`<!--` to the first `-->` after it), found with str.find:
    linear time, where a lazy regex takes quadratic time over a body of many unclosed `<!--`."""
    found = []
    start = text.find("<!--")
    while start >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break  # no comment closes after this one, so none after it does either
        found.append((start, end + 3))
        start = text.find("<!--", end + 3)
    return found
