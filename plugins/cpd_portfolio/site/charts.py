"""Script-free, accessible charts for the portfolio site: horizontal bars, stacked columns and progress bars.

Each chart is an HTML fragment: a ``<figure class="cpd-chart">`` holding an inline SVG (``role="img"``, named by
its own ``<title>`` and ``<desc>``), then the same figures as a table inside ``<details>`` so screen readers, print
and anyone who can't make out the bars get the numbers. Text is drawn in ``currentColor`` and bars are coloured by
CSS classes (``cpd-bar``, ``cpd-series-N``; see ``assets/cpd.css``), so the charts follow Material's light and dark
schemes. Nothing here loads scripts or makes requests; the only URL in the output is the SVG namespace.

The fragments have no blank lines and no indentation, so they survive being dropped into Markdown, and they are
well-formed XML. Standard library only.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence

__all__ = ["bar_chart", "column_chart", "progress_bar"]

SVG_NS = "http://www.w3.org/2000/svg"
NO_DATA = "No data yet"
TABLE_SUMMARY = "Figures as a table"
SERIES_COLOURS = 6  # cpd.css defines .cpd-series-0 … .cpd-series-5; further series reuse them in turn

FONT_SIZE = 13
CHAR_WIDTH = 7.2  # a generous average advance at FONT_SIZE, for fitting text without measuring it
GAP = 8
ELLIPSIS = "…"

# Horizontal bar chart.
BAR_WIDTH = 640
BAR_ROW = 28
BAR_THICKNESS = 18
BAR_LABEL_MIN, BAR_LABEL_MAX = 48, 220

# Column chart.
COLUMN_MIN_WIDTH = 640
COLUMN_SLOT_MIN = 44
COLUMN_SLOT_MAX = 120
COLUMN_MAX_THICKNESS = 56
COLUMN_PLOT_HEIGHT = 200
LEGEND_ROW = 22
LEGEND_SWATCH = 12
LEGEND_LABEL_MAX = 220

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


def _heading(unit: str) -> str:
    return {"h": "Hours", "": "Count"}.get(unit, f"Value ({_clean(unit)})")


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


def _empty_figure(title: str, chart_id: str) -> str:
    return "\n".join(
        [
            f'<figure class="cpd-chart cpd-chart-empty" id="{chart_id}">',
            f'<figcaption class="cpd-chart-caption">{_esc(title)}</figcaption>',
            f'<p class="cpd-chart-empty-note">{NO_DATA}</p>',
            "</figure>",
        ]
    )


def _svg_open(chart_id: str, title: str, description: str, width: float, height: float) -> list[str]:
    return [
        f'<svg xmlns="{SVG_NS}" class="cpd-chart-svg" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {_coord(width)} {_coord(height)}" font-size="{FONT_SIZE}">',
        f'<title id="{chart_id}-title">{_esc(title)}</title>',
        f'<desc id="{chart_id}-desc">{_esc(description)}</desc>',
    ]


def _table(title: str, headings: Sequence[str], rows: Iterable[tuple[str, Sequence[str]]]) -> list[str]:
    """The figures as a table in a <details>; ``rows`` are (row heading, cells), all plain text."""
    lines = [
        '<details class="cpd-chart-data">',
        f"<summary>{TABLE_SUMMARY}</summary>",
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
        return _empty_figure(title, chart_id)

    names = [_clean(label) for label in labels]
    numbers = [_to_float(v, f"bar_chart {chart_id!r}: the value for {n!r}") for n, v in zip(names, values, strict=True)]
    shown = [_quantity(v, unit) for v in numbers]
    largest = max(_drawable(v) for v in numbers)

    label_width = min(max(max(_text_width(n) for n in names) + GAP, BAR_LABEL_MIN), BAR_LABEL_MAX)
    value_width = max(_text_width(s) for s in shown) + 2 * GAP
    bar_x = label_width + GAP
    room = max(BAR_WIDTH - bar_x - value_width, 1.0)
    height = len(names) * BAR_ROW + GAP

    lines = [f'<figure class="cpd-chart cpd-bar-chart" id="{chart_id}">']
    lines.append(f'<figcaption class="cpd-chart-caption">{_esc(title)}</figcaption>')
    lines += _svg_open(chart_id, title, description, BAR_WIDTH, height)
    for row, (name, value, text) in enumerate(zip(names, numbers, shown, strict=True)):
        top = GAP / 2 + row * BAR_ROW
        middle = top + BAR_ROW / 2
        length = _drawable(value) / largest * room if largest > 0 else 0.0
        if length > 0:
            length = max(length, 1.0)  # the smallest positive value still shows
        lines.append('<g class="cpd-chart-row">')
        lines.append(f"<title>{_esc(name)}: {_esc(text)}</title>")
        lines.append(
            f'<text class="cpd-chart-label" x="{_coord(label_width)}" y="{_coord(_baseline(middle))}" '
            f'text-anchor="end" fill="currentColor">{_esc(_fit(name, label_width - GAP))}</text>'
        )
        if length > 0:
            lines.append(
                f'<rect class="cpd-bar {_series_class(0)}" x="{_coord(bar_x)}" '
                f'y="{_coord(middle - BAR_THICKNESS / 2)}" width="{_coord(length)}" '
                f'height="{_coord(BAR_THICKNESS)}" rx="2" fill="currentColor"/>'
            )
        lines.append(
            f'<text class="cpd-chart-value" x="{_coord(bar_x + length + GAP / 2)}" y="{_coord(_baseline(middle))}" '
            f'fill="currentColor">{_esc(text)}</text>'
        )
        lines.append("</g>")
    lines.append("</svg>")
    lines += _table(title, ["Item", _heading(unit)], ((n, [s]) for n, s in zip(names, shown, strict=True)))
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
) -> str:
    """Vertical columns over categories (e.g. months), the series stacked in each, with a total on top.

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
        return _empty_figure(title, chart_id)

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

    # Each category gets a slot wide enough for its label and total (up to a limit; longer labels are cut short).
    widest = max(_text_width(t) for t in [*categories, *(_quantity(t, unit) for t in totals)])
    slot = max(COLUMN_SLOT_MIN, min(widest + GAP, COLUMN_SLOT_MAX), (COLUMN_MIN_WIDTH - GAP) / len(categories))
    width = GAP + slot * len(categories)
    thickness = min(slot * 0.6, COLUMN_MAX_THICKNESS)

    # The legend: swatch and name per series, wrapped onto as many rows as it needs.
    legend: list[str] = []
    legend_height = 0.0
    if multi:
        x, row = GAP, 0
        for index, name in enumerate(names):
            shown = _fit(name, LEGEND_LABEL_MAX)
            item = LEGEND_SWATCH + GAP / 2 + _text_width(shown) + 2 * GAP
            if x > GAP and x + item > width:
                x, row = GAP, row + 1
            middle = GAP + row * LEGEND_ROW + LEGEND_ROW / 2
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
        legend_height = GAP + (row + 1) * LEGEND_ROW

    plot_top = legend_height + GAP + FONT_SIZE + GAP  # room for the totals above the tallest column
    base = plot_top + COLUMN_PLOT_HEIGHT
    height = base + GAP + FONT_SIZE + GAP

    lines = [f'<figure class="cpd-chart cpd-column-chart" id="{chart_id}">']
    lines.append(f'<figcaption class="cpd-chart-caption">{_esc(title)}</figcaption>')
    lines += _svg_open(chart_id, title, description, width, height)
    if legend:
        lines.append('<g class="cpd-legend">')
        lines += legend
        lines.append("</g>")
    lines.append(
        f'<line class="cpd-chart-axis" x1="{_coord(GAP / 2)}" y1="{_coord(base)}" x2="{_coord(width - GAP / 2)}" '
        f'y2="{_coord(base)}" stroke="currentColor" stroke-opacity="0.3"/>'
    )
    for i, category in enumerate(categories):
        centre = GAP + slot * i + slot / 2
        left = centre - thickness / 2
        total_text = _quantity(totals[i], unit)
        parts = ", ".join(f"{n} {_quantity(column[i], unit)}" for n, column in zip(names, grid, strict=True))
        lines.append('<g class="cpd-chart-column">')
        lines.append(
            f"<title>{_esc(category)}: {_esc(total_text)}" + (f" ({_esc(parts)})" if multi else "") + "</title>"
        )
        stacked = 0.0
        for index, (name, column) in enumerate(zip(names, grid, strict=True)):
            value = _drawable(column[i])
            if value <= 0 or largest <= 0:
                continue
            tall = max(value / largest * COLUMN_PLOT_HEIGHT, 1.0)
            lines.append(
                f'<rect class="cpd-bar {_series_class(index)}" x="{_coord(left)}" '
                f'y="{_coord(base - stacked - tall)}" width="{_coord(thickness)}" height="{_coord(tall)}" '
                f'fill="currentColor"><title>{_esc(category)}, {_esc(name)}: {_esc(_quantity(column[i], unit))}'
                "</title></rect>"
            )
            stacked += tall
        lines.append(
            f'<text class="cpd-chart-total" x="{_coord(centre)}" y="{_coord(base - stacked - GAP / 2)}" '
            f'text-anchor="middle" fill="currentColor">{_esc(_fit(total_text, slot - GAP))}</text>'
        )
        lines.append(
            f'<text class="cpd-chart-category" x="{_coord(centre)}" y="{_coord(base + GAP + FONT_SIZE * 0.8)}" '
            f'text-anchor="middle" fill="currentColor">{_esc(_fit(category, slot - GAP))}</text>'
        )
        lines.append("</g>")
    lines.append("</svg>")

    headings = ["Category", *names, "Total"] if multi else ["Category", names[0]]
    rows = []
    for i, category in enumerate(categories):
        cells = [_quantity(column[i], unit) for column in grid]
        rows.append((category, [*cells, _quantity(totals[i], unit)] if multi else cells))
    lines += _table(title, headings, rows)
    lines.append("</figure>")
    return "\n".join(lines)


def progress_bar(label: str, value: float, target: float | None, *, unit: str = "h") -> str:
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
    of_target = f"{_quantity(value, unit)} of {_quantity(target, unit)}"
    valuetext = f"{of_target} ({percent}%" + (", target met)" if met else ")")
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
