"""Script-free, accessible charts for the portfolio site: horizontal bars, stacked columns and progress bars.

Each chart is an HTML fragment: a ``<figure class="cpd-chart">`` holding an inline SVG (``role="img"``, named by
its own ``<title>`` and ``<desc>``), then the same figures as a table inside ``<details>`` so screen readers, print
and anyone who can't make out the bars get the numbers. Text is drawn in ``currentColor`` and bars are coloured by
CSS classes (``cpd-bar``, ``cpd-series-N``; see ``assets/cpd.css``), so the charts follow Material's light and dark
schemes. Nothing here loads scripts or makes requests; the only URL in the output is the SVG namespace.

The SVG has no viewBox: it is as wide as the page's column (``width="100%"``, up to ``WIDEST`` px in the
stylesheet) and as high as its rows, so its text is drawn at ``FONT_SIZE`` px on a phone and on a wide screen alike
instead of being scaled down with the drawing. Horizontal positions are percentages of the width, heights are px.
Text is fitted to the narrowest width a chart is drawn at (``NARROW``). A column chart's category labels and totals
carry ``cpd-fit-<width>`` classes for each of ``WIDTHS`` at which they have room, and the stylesheet shows, by a
container query on the figure, those for the widest of ``WIDTHS`` the figure reaches: of 15 months, a phone labels
every fourth, a wide screen every second; of 12, a wide screen labels every month and gives each its total.
Without the stylesheet the labels that fit ``NARROW`` show.

The fragments have no blank lines and no indentation, so they survive being dropped into Markdown, and they are
well-formed XML. Standard library only.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["ENGLISH", "Words", "bar_chart", "column_chart", "progress_bar"]

SVG_NS = "http://www.w3.org/2000/svg"


@dataclass(frozen=True)
class Words:
    """The charts' own words, in English unless the pages give them translated (pages/overview.py chart_words)."""

    no_data: str = "No data yet"
    table: str = "Figures as a table"
    item: str = "Item"
    category: str = "Category"
    total: str = "Total"
    hours: str = "Hours"
    count: str = "Count"
    of: str = "%(value)s of %(target)s"
    met: str = "target met"


ENGLISH = Words()
NO_DATA, TABLE_SUMMARY = ENGLISH.no_data, ENGLISH.table
SERIES_COLOURS = 6  # cpd.css defines .cpd-series-0 … .cpd-series-5; further series reuse them in turn

FONT_SIZE = 14  # px: the SVG is never scaled, so this is the size a reader sees (and above the 12 px minimum)
CHAR_WIDTH = 7.8  # a generous average advance at FONT_SIZE, for fitting text without measuring it
GAP = 8
ELLIPSIS = "…"

# The widths a chart is drawn at: from a 320 px phone less the page's margins to the stylesheet's max-width.
NARROW = 288
WIDEST = 800
WIDTHS = (288, 340, 480, 640, 800)  # the container-query steps in cpd.css (.cpd-fit-288 … .cpd-fit-800)

# Horizontal bar chart: each row is its label and value on one line, the bar under them.
BAR_LINE = FONT_SIZE + 6  # the label's line
BAR_THICKNESS = 12
BAR_ROW = BAR_LINE + BAR_THICKNESS + 12
BAR_LABEL_MAX = NARROW

# Column chart.
COLUMN_PAD = 30  # px the stylesheet pads the plot with on each side, room for the first and last labels
COLUMN_SLOT_MAX = 120  # a category label is cut to this
COLUMN_MAX_THICKNESS = 56
COLUMN_PLOT_HEIGHT = 200
COLUMN_STEPS = (1, 2, 3, 4, 6, 12)  # label every n-th category (months: every quarter, half-year, year)
LEGEND_ROW = 22
LEGEND_SWATCH = 12
LEGEND_LABEL_MAX = NARROW - 2 * COLUMN_PAD - LEGEND_SWATCH - GAP

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")


# ---------------------------------------------------------------- text and numbers


def _clean(text: object) -> str:
    """Text fit for XML and for one line: characters XML forbids dropped, runs of whitespace made one space."""
    return _SPACES.sub(" ", _NOT_XML.sub("", str(text))).strip()


def _esc(text: object) -> str:
    return html.escape(_clean(text), quote=True)


def _sanitise_id(chart_id: str) -> str:
    cleaned = re.sub(r"[^a-z0-9-]+", "-", str(chart_id).lower())
    cleaned = re.sub(r"-{2,}", "-", cleaned).strip("-")
    return cleaned or "cpd-chart"


def _coord(x: float) -> str:
    """A coordinate for an SVG attribute: at most two decimals, never NaN or infinite."""
    if not math.isfinite(x):
        x = 0.0
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _percent(x: float) -> str:
    """A horizontal position or length as a percentage of the SVG's width."""
    text = _coord(x)
    return text if text == "0" else text + "%"


def _plain(value: float, *, whole: bool = False) -> str:
    """12.5, 3, 0.25 (at most two decimals), or a whole number. Non-finite values show as a dash."""
    if not math.isfinite(value):
        return "–"
    text = f"{value:.0f}" if whole else f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _number(value: float, unit: str) -> str:
    """A value as shown in a chart: counts (unit "") as whole numbers, anything else compactly."""
    return _plain(value, whole=unit == "")


def _quantity(value: float, unit: str) -> str:
    number = _number(value, unit)
    return f"{number} {_clean(unit)}" if unit and math.isfinite(value) else number


def _heading(unit: str, words: Words = ENGLISH) -> str:
    return {"h": words.hours, "": words.count}.get(unit, f"{words.item} ({_clean(unit)})")


def _to_float(value: object, what: str) -> float:
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number, not {value!r}")
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a number, not {value!r}") from None


def _drawable(value: float) -> float:
    """What a bar is drawn for: bars start at zero, so negative and non-finite values draw nothing."""
    return value if math.isfinite(value) and value > 0 else 0.0


def _char_width(char: str) -> float:
    if unicodedata.combining(char):
        return 0.0
    return 2 * CHAR_WIDTH if unicodedata.east_asian_width(char) in "WF" else CHAR_WIDTH


def _text_width(text: str) -> float:
    return sum(_char_width(c) for c in text)


def _fit(text: str, width: float) -> str:
    """The text, cut short with an ellipsis if it would be wider than ``width`` (estimated, not measured)."""
    if _text_width(text) <= width:
        return text
    room = width - CHAR_WIDTH
    kept, used = [], 0.0
    for char in text:
        used += _char_width(char)
        if used > room:
            break
        kept.append(char)
    return "".join(kept).rstrip() + ELLIPSIS


def _baseline(middle: float) -> float:
    """The y of a text baseline that centres FONT_SIZE text on ``middle`` (dominant-baseline is not everywhere)."""
    return middle + FONT_SIZE * 0.35


# ---------------------------------------------------------------- shared HTML


def _empty_figure(title: str, chart_id: str, words: Words = ENGLISH) -> str:
    return "\n".join(
        [
            f'<figure class="cpd-chart cpd-chart-empty" id="{chart_id}">',
            f'<figcaption class="cpd-chart-caption">{_esc(title)}</figcaption>',
            f'<p class="cpd-chart-empty-note">{_esc(words.no_data)}</p>',
            "</figure>",
        ]
    )


def _svg_open(chart_id: str, title: str, description: str, height: float) -> list[str]:
    return [
        f'<svg xmlns="{SVG_NS}" class="cpd-chart-svg" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'width="100%" height="{_coord(height)}" font-size="{FONT_SIZE}">',
        f'<title id="{chart_id}-title">{_esc(title)}</title>',
        f'<desc id="{chart_id}-desc">{_esc(description)}</desc>',
    ]


def _table(
    title: str, headings: Sequence[str], rows: Iterable[tuple[str, Sequence[str]]], words: Words = ENGLISH
) -> list[str]:
    """The figures as a table in a <details>; ``rows`` are (row heading, cells), all plain text."""
    lines = [
        '<details class="cpd-chart-data">',
        f"<summary>{_esc(words.table)}</summary>",
        '<table class="cpd-chart-table">',
        f"<caption>{_esc(title)}</caption>",
        "<thead><tr>" + "".join(f'<th scope="col">{_esc(h)}</th>' for h in headings) + "</tr></thead>",
        "<tbody>",
    ]
    for heading, cells in rows:
        lines.append(
            f'<tr><th scope="row">{_esc(heading)}</th>' + "".join(f"<td>{_esc(c)}</td>" for c in cells) + "</tr>"
        )
    lines += ["</tbody>", "</table>", "</details>"]
    return lines


def _series_class(index: int) -> str:
    return f"cpd-series-{index % SERIES_COLOURS}"


# ---------------------------------------------------------------- charts


def bar_chart(
    title: str,
    description: str,
    labels: list[str],
    values: list[float],
    *,
    unit: str = "h",
    chart_id: str,
    words: Words = ENGLISH,
) -> str:
    """A horizontal bar chart, one row per label, each bar labelled with its value.

    Zero, negative and non-finite values get a row and a value label but no bar. Long labels are cut short in
    the SVG (the full text is in the row's tooltip and in the table). No labels at all gives a "No data yet"
    figure. Raises ValueError if labels and values differ in length or a value isn't a number.
    """
    chart_id = _sanitise_id(chart_id)
    if len(labels) != len(values):
        raise ValueError(f"bar_chart {chart_id!r}: {len(labels)} labels but {len(values)} values")
    if not labels:
        return _empty_figure(title, chart_id, words)

    names = [_clean(label) for label in labels]
    numbers = [_to_float(v, f"bar_chart {chart_id!r}: the value for {n!r}") for n, v in zip(names, values, strict=True)]
    shown = [_quantity(v, unit) for v in numbers]
    largest = max(_drawable(v) for v in numbers)

    # The label on the left and the value on the right of one line, so both must fit the narrowest chart.
    value_width = max(_text_width(s) for s in shown)
    label_room = min(NARROW - value_width - 2 * GAP, BAR_LABEL_MAX)
    height = len(names) * BAR_ROW - (BAR_ROW - BAR_LINE - BAR_THICKNESS) + 2

    lines = [f'<figure class="cpd-chart cpd-bar-chart" id="{chart_id}">']
    lines.append(f'<figcaption class="cpd-chart-caption">{_esc(title)}</figcaption>')
    lines += _svg_open(chart_id, title, description, height)
    for row, (name, value, text) in enumerate(zip(names, numbers, shown, strict=True)):
        top = row * BAR_ROW
        baseline = top + FONT_SIZE
        length = _drawable(value) / largest * 100 if largest > 0 else 0.0
        if length > 0:
            length = max(length, 0.5)  # the smallest positive value still shows
        lines.append('<g class="cpd-chart-row">')
        lines.append(f"<title>{_esc(name)}: {_esc(text)}</title>")
        lines.append(
            f'<text class="cpd-chart-label" x="0" y="{_coord(baseline)}" '
            f'fill="currentColor">{_esc(_fit(name, label_room))}</text>'
        )
        lines.append(
            f'<text class="cpd-chart-value" x="100%" y="{_coord(baseline)}" text-anchor="end" '
            f'fill="currentColor">{_esc(text)}</text>'
        )
        if length > 0:
            lines.append(
                f'<rect class="cpd-bar {_series_class(0)}" x="0" y="{_coord(top + BAR_LINE)}" '
                f'width="{_percent(length)}" height="{_coord(BAR_THICKNESS)}" rx="2" fill="currentColor"/>'
            )
        lines.append("</g>")
    lines.append("</svg>")
    rows = ((n, [s]) for n, s in zip(names, shown, strict=True))
    lines += _table(title, [words.item, _heading(unit, words)], rows, words)
    lines.append("</figure>")
    return "\n".join(lines)


def column_chart(
    title: str,
    description: str,
    labels: list[str],
    series: dict[str, list[float]],
    *,
    unit: str = "h",
    chart_id: str,
    words: Words = ENGLISH,
    notes: Sequence[str] | None = None,
) -> str:
    """Vertical columns over categories (e.g. months), the series stacked in each, with a total on top.

    `notes`, one per category (or ""), say what a column of nothing means: shown in place of its zero total, and in
    every column's tooltip.

    More than one series adds a legend above the columns and a Total column to the table. Each segment's tooltip
    names its category, series and value. No categories or no series gives a "No data yet" figure. Raises
    ValueError if a series' length differs from the number of labels or a value isn't a number.
    """
    chart_id = _sanitise_id(chart_id)
    for name, values in series.items():
        if len(values) != len(labels):
            raise ValueError(
                f"column_chart {chart_id!r}: series {name!r} has {len(values)} values for {len(labels)} labels"
            )
    if not labels or not series:
        return _empty_figure(title, chart_id, words)

    categories = [_clean(label) for label in labels]
    names = [_clean(name) for name in series]
    grid = [
        [
            _to_float(v, f"column_chart {chart_id!r}: the {name!r} value for {c!r}")
            for c, v in zip(categories, values, strict=True)
        ]
        for name, values in zip(names, series.values(), strict=True)
    ]  # grid[series][category]
    totals = [sum(_drawable(column[i]) for column in grid) for i in range(len(categories))]
    largest = max(totals)
    multi = len(names) > 1

    # Labels are cut to COLUMN_SLOT_MAX; at each of WIDTHS, every n-th is shown (n the first step that leaves room
    # for the widest), and the totals only if every one has room over its column.
    shown_categories = [_fit(c, COLUMN_SLOT_MAX - GAP) for c in categories]
    total_texts = [_quantity(t, unit) for t in totals]
    # A note stands in for a total of nothing ("break", "2 activities", not "0 h") and joins every column's tooltip.
    notes = [_clean(n) for n in notes] if notes else [""] * len(categories)
    if len(notes) != len(categories):
        raise ValueError(f"column_chart {chart_id!r}: {len(notes)} notes for {len(categories)} labels")
    total_texts = [n if n and t <= 0 else text for n, t, text in zip(notes, totals, total_texts, strict=True)]
    widest_label = max(_text_width(c) for c in shown_categories)
    widest_total = max(_text_width(t) for t in total_texts)
    count = len(categories)

    def slot_at(width: float) -> float:
        return (width - 2 * COLUMN_PAD) / count

    def step_at(width: float) -> int:
        room = slot_at(width)
        for step in COLUMN_STEPS:
            if step * room >= widest_label + GAP / 2:
                return step
        return math.ceil((widest_label + GAP / 2) / room / 12) * 12

    steps = {width: step_at(width) for width in WIDTHS}
    totals_at = [width for width in WIDTHS if slot_at(width) >= widest_total + GAP / 2]
    slot = 100 / count  # percent
    thickness = min(slot * 0.6, COLUMN_MAX_THICKNESS / (WIDEST - 2 * COLUMN_PAD) * 100)

    def fitting(widths: Iterable[int]) -> str:
        """The classes saying at which widths a label is shown, and display="none" if not at the narrowest."""
        widths = list(widths)
        classes = "".join(f" cpd-fit-{width}" for width in widths)
        return f'{classes}"' + ("" if NARROW in widths else ' display="none"')

    # The legend: swatch and name per series, wrapped onto as many rows as the narrowest chart needs.
    legend: list[str] = []
    legend_height = 0.0
    if multi:
        room = NARROW - 2 * COLUMN_PAD
        x, row = 0.0, 0
        for index, name in enumerate(names):
            shown = _fit(name, LEGEND_LABEL_MAX)
            item = LEGEND_SWATCH + GAP / 2 + _text_width(shown) + 2 * GAP
            if x > 0 and x + item > room:
                x, row = 0.0, row + 1
            middle = row * LEGEND_ROW + LEGEND_ROW / 2
            legend += [
                '<g class="cpd-legend-item">',
                f"<title>{_esc(name)}</title>",
                f'<rect class="cpd-legend-swatch {_series_class(index)}" x="{_coord(x)}" '
                f'y="{_coord(middle - LEGEND_SWATCH / 2)}" width="{LEGEND_SWATCH}" height="{LEGEND_SWATCH}" '
                f'rx="2" fill="currentColor"/>',
                f'<text class="cpd-legend-label" x="{_coord(x + LEGEND_SWATCH + GAP / 2)}" '
                f'y="{_coord(_baseline(middle))}" fill="currentColor">{_esc(shown)}</text>',
                "</g>",
            ]
            x += item
        legend_height = (row + 1) * LEGEND_ROW + GAP

    plot_top = legend_height + FONT_SIZE + GAP  # room for the totals above the tallest column
    base = plot_top + COLUMN_PLOT_HEIGHT
    height = base + GAP + FONT_SIZE + 4

    lines = [f'<figure class="cpd-chart cpd-column-chart" id="{chart_id}">']
    lines.append(f'<figcaption class="cpd-chart-caption">{_esc(title)}</figcaption>')
    lines += _svg_open(chart_id, title, description, height)
    if legend:
        lines.append('<g class="cpd-legend">')
        lines += legend
        lines.append("</g>")
    lines.append(
        f'<line class="cpd-chart-axis" x1="0" y1="{_coord(base)}" x2="100%" '
        f'y2="{_coord(base)}" stroke="currentColor" stroke-opacity="0.3"/>'
    )
    for i, category in enumerate(categories):
        centre = slot * i + slot / 2
        left = centre - thickness / 2
        total_text = total_texts[i]
        parts = ", ".join(f"{n} {_quantity(column[i], unit)}" for n, column in zip(names, grid, strict=True))
        lines.append('<g class="cpd-chart-column">')
        note = f"; {notes[i]}" if notes[i] and notes[i] != total_text else ""
        lines.append(
            f"<title>{_esc(category)}: {_esc(total_text)}"
            + (f" ({_esc(parts)})" if multi else "")
            + f"{_esc(note)}</title>"
        )
        stacked = 0.0
        for index, (name, column) in enumerate(zip(names, grid, strict=True)):
            value = _drawable(column[i])
            if value <= 0 or largest <= 0:
                continue
            tall = max(value / largest * COLUMN_PLOT_HEIGHT, 1.0)
            lines.append(
                f'<rect class="cpd-bar {_series_class(index)}" x="{_percent(left)}" '
                f'y="{_coord(base - stacked - tall)}" width="{_percent(thickness)}" height="{_coord(tall)}" '
                f'fill="currentColor"><title>{_esc(category)}, {_esc(name)}: {_esc(_quantity(column[i], unit))}'
                "</title></rect>"
            )
            stacked += tall
        lines.append(
            f'<text class="cpd-chart-total{fitting(totals_at)} x="{_percent(centre)}" '
            f'y="{_coord(base - stacked - GAP / 2)}" text-anchor="middle" fill="currentColor">{_esc(total_text)}</text>'
        )
        lines.append(
            f'<text class="cpd-chart-category{fitting(w for w in WIDTHS if i % steps[w] == 0)} '
            f'x="{_percent(centre)}" y="{_coord(base + GAP + FONT_SIZE * 0.8)}" '
            f'text-anchor="middle" fill="currentColor">{_esc(shown_categories[i])}</text>'
        )
        lines.append("</g>")
    lines.append("</svg>")

    headings = [words.category, *names, words.total] if multi else [words.category, names[0]]
    rows = []
    for i, category in enumerate(categories):
        cells = [_quantity(column[i], unit) for column in grid]
        rows.append((category, [*cells, _quantity(totals[i], unit)] if multi else cells))
    lines += _table(title, headings, rows, words)
    lines.append("</figure>")
    return "\n".join(lines)


def progress_bar(label: str, value: float, target: float | None, *, unit: str = "h", words: Words = ENGLISH) -> str:
    """A small inline bar showing ``value`` against ``target``, e.g. hours done against hours required.

    The whole is a ``role="progressbar"`` span with aria-valuenow/min/max and a valuetext such as
    "12.5 h of 30 h (42%)"; the drawn bar is hidden from assistive technology. Over target, the bar is full,
    the text tells the real figure and the span gets ``cpd-progress-met``. With no target (None, zero, negative
    or not finite) it is just the label and the value.
    """
    value = _to_float(value, f"progress_bar {label!r}: the value")
    name, done = _esc(label), _esc(_quantity(value, unit))
    if target is not None:
        target = _to_float(target, f"progress_bar {label!r}: the target")
    if target is None or not math.isfinite(target) or target <= 0:
        return (
            f'<span class="cpd-progress cpd-progress-no-target"><span class="cpd-progress-label">{name}</span> '
            f'<span class="cpd-progress-value">{done}</span></span>'
        )

    drawn = _drawable(value)
    share = min(drawn / target, 1.0)
    met = math.isfinite(value) and value >= target
    percent = round(drawn / target * 100)
    if not met:
        percent = min(percent, 99)  # 29.9 of 30 is not 100%
    of_target = words.of % {"value": _quantity(value, unit), "target": _quantity(target, unit)}
    valuetext = f"{of_target} ({percent}%" + (f", {words.met})" if met else ")")
    now = f' aria-valuenow="{_plain(min(drawn, target))}"' if math.isfinite(value) else ""
    classes = "cpd-progress cpd-progress-met" if met else "cpd-progress"
    return (
        f'<span class="{classes}" role="progressbar" aria-label="{name}" aria-valuemin="0" '
        f'aria-valuemax="{_plain(target)}"{now} aria-valuetext="{_esc(valuetext)}">'
        f'<span class="cpd-progress-label">{name}</span> '
        f'<svg xmlns="{SVG_NS}" class="cpd-progress-bar" viewBox="0 0 100 8" width="100" height="8" '
        f'preserveAspectRatio="none" aria-hidden="true" focusable="false">'
        f'<rect class="cpd-progress-track" width="100" height="8" rx="2" fill="currentColor" fill-opacity="0.15"/>'
        f'<rect class="cpd-progress-fill" width="{_coord(share * 100)}" height="8" rx="2" fill="currentColor"/>'
        f"</svg> "
        f'<span class="cpd-progress-value">{_esc(of_target)}</span></span>'
    )
