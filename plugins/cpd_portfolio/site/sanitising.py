"""Entries' own Markdown, once rendered, through a maintained HTML sanitiser: no script runs from a reflection.

Reflections and action plans are the owner's Markdown, and Markdown lets raw HTML and attributes through
(`<img onerror=...>`, `[x](javascript:...)`, attr_list's `{: onclick=...}`). A site shared with an auditor or a
department must not run script by surprise, so their HTML goes through nh3 (a binding to Ammonia, a whitelist
sanitiser built on a browser-grade HTML parser) with a policy that keeps what Markdown and Material's extensions
make: headings with their anchors, tables with their alignment, admonitions, footnotes, highlighted code, task
lists, images and links to http, https, mailto or a relative address. Anything else (script, style, iframes,
forms, event handlers, other URL schemes, HTML comments) is removed.

The owner who wants raw HTML through sets the plugin's `allow_raw_html: true`, for a site nobody else reads.
"""

from __future__ import annotations

import nh3

_TAGS = nh3.ALLOWED_TAGS | {"input", "label"}  # task lists: a disabled checkbox in a label
_ATTRIBUTES = {
    # The generic attributes Markdown's extensions set: anchors (toc, footnotes), classes (admonitions, code
    # highlighting, tasks), a tooltip.
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"align", "colspan", "rowspan", "headers", "style"},
    "th": {"align", "colspan", "rowspan", "headers", "scope", "style"},
    "input": {"checked", "disabled", "name"},
    "label": {"for"},
    "details": {"open"},
    "time": {"datetime"},
    "ins": {"datetime", "cite"},
    "del": {"datetime", "cite"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "col": {"span"},
    "colgroup": {"span"},
    "bdo": {"dir"},
}
_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    attributes=_ATTRIBUTES,
    tag_attribute_values={"input": {"type": {"checkbox", "radio"}}},  # tasks and content tabs, never a text field
    filter_style_properties={"text-align"},  # table column alignment is all the style Markdown writes
    url_schemes={"http", "https", "mailto"},  # and relative addresses, which Ammonia keeps
    strip_comments=True,
)


def sanitise(html: str) -> str:
    """The HTML with everything outside the policy removed (text is kept, escaped)."""
    return _CLEANER.clean(html)
