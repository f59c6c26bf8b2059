"""The site's charts: well-formed, accessible, escaped, offline, and drawn to scale."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cpd_portfolio.site.charts import (
    COLUMN_PAD,
    GAP,
    NARROW,
    WIDEST,
    WIDTHS,
    _text_width,
    bar_chart,
    column_chart,
    progress_bar,
)

SVG = "{http://www.w3.org/2000/svg}"
CSS = Path(__file__).resolve().parents[1] / "plugins" / "cpd_portfolio" / "site" / "assets" / "cpd.css"
SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
NUMERIC_ATTRIBUTES = ("x", "y", "x1", "y1", "x2", "y2", "width", "height", "rx")


def svg_of(fragment: str) -> ET.Element:
    """The fragment's one inline SVG, parsed as XML."""
    found = re.findall(r"<svg\b.*?</svg>", fragment, flags=re.DOTALL)
    assert len(found) == 1, fragment
    return ET.fromstring(found[0])


def has_class(element: ET.Element, name: str) -> bool:
    return name in element.get("class", "").split()


def bars(svg: ET.Element) -> list[ET.Element]:
    return [e for e in svg.iter(f"{SVG}rect") if has_class(e, "cpd-bar")]


def table_rows(fragment: str) -> list[list[str]]:
    """The table of figures as rows of cell texts (row heading first), read from the parsed fragment."""
    figure = ET.fromstring(fragment)
    table = figure.find("details/table")
    assert table is not None
    return [["".join(cell.itertext()) for cell in row] for row in table.iter("tr")]


def hours_chart(labels=("Courses", "Reading", "Conferences"), values=(12.5, 3, 0.25), **kwargs) -> str:
    return bar_chart(
        "Hours by type", "CPD hours by activity type", list(labels), list(values), chart_id="by-type", **kwargs
    )


def months_chart(series=None, labels=("Jan", "Feb", "Mar")) -> str:
    if series is None:
        series = {"Planned": [3.0, 0.0, 2.0], "Unplanned": [1.5, 0.0, 4.0]}
    return column_chart(
        "Hours by month", "Planned and unplanned hours per month", list(labels), series, chart_id="by-month"
    )


def number(value: str) -> float:
    """A coordinate or length: px, or a percentage of the chart's width ("12.5%")."""
    return float(value.removesuffix("%"))


def assert_finite_geometry(svg: ET.Element) -> None:
    for element in svg.iter():
        for name in NUMERIC_ATTRIBUTES:
            if name in element.attrib:
                assert math.isfinite(number(element.get(name))), (element.tag, name, element.get(name))
    if "viewBox" in svg.attrib:  # a progress bar's; a chart has none
        assert all(math.isfinite(float(n)) for n in svg.get("viewBox").split())


# ---------------------------------------------------------------- structure and accessibility


@pytest.mark.parametrize("make", [hours_chart, months_chart], ids=["bar", "column"])
def test_fragment_and_svg_are_well_formed_xml(make):
    fragment = make()
    figure = ET.fromstring(fragment)  # the whole fragment, not just the SVG
    assert figure.tag == "figure"
    assert has_class(figure, "cpd-chart")
    assert svg_of(fragment).tag == f"{SVG}svg"


@pytest.mark.parametrize("make", [hours_chart, months_chart], ids=["bar", "column"])
def test_svg_is_named_by_its_title_and_desc(make):
    svg = svg_of(make())
    assert svg.get("role") == "img"
    first, second = list(svg)[:2]
    assert first.tag == f"{SVG}title"
    assert second.tag == f"{SVG}desc"
    assert svg.get("aria-labelledby").split() == [first.get("id"), second.get("id")]
    assert first.get("id") == "by-" + ("type" if make is hours_chart else "month") + "-title"
    assert first.text in ("Hours by type", "Hours by month")
    assert second.text in ("CPD hours by activity type", "Planned and unplanned hours per month")


def test_figure_order_is_caption_svg_then_table_in_details():
    figure = ET.fromstring(hours_chart())
    assert [child.tag for child in figure] == ["figcaption", f"{SVG}svg", "details"]
    details = figure[2]
    assert details[0].tag == "summary"
    assert details[0].text == "Figures as a table"
    table = details.find("table")
    assert has_class(table, "cpd-chart-table")
    assert table.find("caption").text == "Hours by type"


def test_chart_id_is_sanitised():
    fragment = bar_chart("T", "D", ["a"], [1], chart_id='Hours by Type! <x>"')
    figure = ET.fromstring(fragment)
    assert figure.get("id") == "hours-by-type-x"
    assert svg_of(fragment).get("aria-labelledby") == "hours-by-type-x-title hours-by-type-x-desc"
    for element in figure.iter():
        if "id" in element.attrib:
            assert re.fullmatch(r"[a-z0-9-]+", element.get("id"))
    assert ET.fromstring(bar_chart("T", "D", ["a"], [1], chart_id="!!!")).get("id")


def test_text_is_drawn_in_current_colour_and_bars_are_classed():
    svg = svg_of(months_chart())
    texts = list(svg.iter(f"{SVG}text"))
    assert texts
    assert all(t.get("fill") == "currentColor" for t in texts)
    for rect in bars(svg):
        assert any(re.fullmatch(r"cpd-series-\d+", c) for c in rect.get("class").split())
    assert "#" not in "".join(e.get("fill", "") for e in svg.iter())  # no hard-coded colours


# ---------------------------------------------------------------- bars and scale


def test_one_bar_per_non_zero_value():
    svg = svg_of(hours_chart(labels=["a", "b", "c", "d"], values=[4, 0, 2.5, 0]))
    assert len(bars(svg)) == 2


def test_column_chart_draws_one_segment_per_non_zero_value():
    svg = svg_of(months_chart())  # Feb is zero in both series
    assert len(bars(svg)) == 4


def test_bar_widths_are_proportional_to_values():
    values = [3.0, 12.5, 6.25]
    widths = [number(r.get("width")) for r in bars(svg_of(hours_chart(values=values)))]
    assert max(widths) == 100  # percent: the longest bar spans the chart
    assert widths.index(max(widths)) == values.index(max(values))
    assert widths[2] / widths[1] == pytest.approx(values[2] / values[1], rel=0.01)
    assert widths[0] / widths[1] == pytest.approx(values[0] / values[1], rel=0.01)


def test_columns_stack_and_scale_with_totals():
    svg = svg_of(months_chart())
    columns = [g for g in svg.iter(f"{SVG}g") if has_class(g, "cpd-chart-column")]
    assert len(columns) == 3
    heights = [sum(float(r.get("height")) for r in bars(g)) for g in columns]
    assert heights[1] == 0
    assert heights[2] / heights[0] == pytest.approx(6.0 / 4.5, rel=0.01)
    lower, upper = bars(columns[0])
    assert has_class(lower, "cpd-series-0") and has_class(upper, "cpd-series-1")
    assert float(upper.get("y")) + float(upper.get("height")) == pytest.approx(float(lower.get("y")))


def test_values_are_labelled_on_the_chart():
    svg = svg_of(hours_chart())
    shown = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text") if has_class(t, "cpd-chart-value")]
    assert shown == ["12.5 h", "3 h", "0.25 h"]


def test_legend_only_with_more_than_one_series():
    multi = svg_of(months_chart())
    legend = [t.text for t in multi.iter(f"{SVG}text") if has_class(t, "cpd-legend-label")]
    assert legend == ["Planned", "Unplanned"]
    single = svg_of(months_chart(series={"Hours": [1, 2, 3]}))
    assert not [e for e in single.iter() if "cpd-legend" in e.get("class", "")]


# ---------------------------------------------------------------- readable at every width


@pytest.mark.parametrize("make", [hours_chart, months_chart], ids=["bar", "column"])
def test_the_svg_is_not_scaled_so_its_text_keeps_its_size(make):
    svg = svg_of(make())
    assert "viewBox" not in svg.attrib  # a viewBox would shrink the text with the drawing on a phone
    assert svg.get("width") == "100%"
    assert float(svg.get("height")) > 0
    assert float(svg.get("font-size")) >= 12


def test_a_bars_label_and_value_share_a_line_that_fits_the_narrowest_chart():
    long = "Continuing professional development through reflective practice with colleagues"
    svg = svg_of(hours_chart(labels=[long, "Short"], values=[1234.5, 2]))
    rows = [g for g in svg.iter(f"{SVG}g") if has_class(g, "cpd-chart-row")]
    assert len(rows) == 2
    for row in rows:
        label, value = row.iter(f"{SVG}text")
        assert label.get("y") == value.get("y")
        assert (label.get("x"), value.get("x"), value.get("text-anchor")) == ("0", "100%", "end")
        assert _text_width(label.text) + GAP + _text_width(value.text) <= NARROW
        (bar,) = bars(row)
        assert float(bar.get("y")) > float(label.get("y"))  # under its label, not beside it


def test_month_labels_thin_out_to_what_each_width_has_room_for():
    months = [f"{2024 + m // 12}-{m % 12 + 1:02}" for m in range(24)]
    svg = svg_of(months_chart(series={"Hours": [1.0] * 24}, labels=months))
    labels = [t for t in svg.iter(f"{SVG}text") if has_class(t, "cpd-chart-category")]
    assert [t.text for t in labels] == months  # every label is there, for the widths that show it
    counts = []
    for width in WIDTHS:
        shown = [i for i, t in enumerate(labels) if has_class(t, f"cpd-fit-{width}")]
        step = shown[1] - shown[0]
        assert shown == list(range(0, 24, step)), width  # evenly spaced from the first
        room = step * (width - 2 * COLUMN_PAD) / 24
        assert room >= max(_text_width(m) for m in months), width  # no two overlap
        counts.append(len(shown))
    assert counts == sorted(counts)  # a wider chart never shows fewer
    assert counts[0] < counts[-1]
    # Without the stylesheet the labels that fit the narrowest chart show, the rest are hidden.
    assert all((t.get("display") == "none") != has_class(t, f"cpd-fit-{NARROW}") for t in labels)


def test_a_years_months_all_show_on_a_wide_chart_with_their_totals():
    months = [f"2025-{m:02}" for m in range(1, 13)]
    svg = svg_of(months_chart(series={"Hours": [12.5] * 12}, labels=months))
    for cls in ("cpd-chart-category", "cpd-chart-total"):
        texts = [t for t in svg.iter(f"{SVG}text") if has_class(t, cls)]
        assert len(texts) == 12
        assert all(has_class(t, f"cpd-fit-{WIDEST}") for t in texts), cls


def test_stylesheet_has_a_step_for_each_width_the_labels_are_fitted_to():
    css = CSS.read_text(encoding="utf-8")
    for width in WIDTHS:
        assert f".cpd-column-chart .cpd-fit-{width}" in css
        if width != NARROW:
            assert f"@container (min-width: {width}px)" in css
    assert f"max-width: {WIDEST}px" in css
    assert "container-type: inline-size" in css


# ---------------------------------------------------------------- the table of figures


def test_bar_table_holds_every_label_and_value():
    rows = table_rows(hours_chart())
    assert rows == [["Item", "Hours"], ["Courses", "12.5 h"], ["Reading", "3 h"], ["Conferences", "0.25 h"]]


def test_column_table_holds_every_series_and_a_total():
    rows = table_rows(months_chart())
    assert rows[0] == ["Category", "Planned", "Unplanned", "Total"]
    assert rows[1:] == [["Jan", "3 h", "1.5 h", "4.5 h"], ["Feb", "0 h", "0 h", "0 h"], ["Mar", "2 h", "4 h", "6 h"]]


def test_counts_show_as_whole_numbers():
    fragment = bar_chart("Entries", "Entries by type", ["Courses", "Reading"], [3.0, 12.0], unit="", chart_id="n")
    assert table_rows(fragment)[1:] == [["Courses", "3"], ["Reading", "12"]]
    assert "3.0" not in fragment
    assert "12.0" not in fragment


# ---------------------------------------------------------------- awkward data


def test_long_labels_are_cut_in_the_svg_but_whole_in_the_tooltip_and_table():
    long = "Continuing professional development through reflective practice with colleagues"
    fragment = hours_chart(labels=[long, "Short"], values=[5, 2])
    svg = svg_of(fragment)
    label = next(t for t in svg.iter(f"{SVG}text") if has_class(t, "cpd-chart-label"))
    assert label.text.endswith("…")
    assert len(label.text) < len(long)
    assert long.startswith(label.text[:-1])
    row = next(g for g in svg.iter(f"{SVG}g") if has_class(g, "cpd-chart-row"))
    assert row.find(f"{SVG}title").text == f"{long}: 5 h"
    assert table_rows(fragment)[1][0] == long


def test_month_labels_fit_their_columns_and_long_categories_are_cut():
    months = [f"2024-{m:02}" for m in range(1, 13)]
    svg = svg_of(months_chart(series={"Hours": [1.0] * 12}, labels=months))
    shown = [t.text for t in svg.iter(f"{SVG}text") if has_class(t, "cpd-chart-category")]
    assert shown == months
    long = "Quarter one, including the induction programme"
    fragment = months_chart(series={"Hours": [1.0, 2.0]}, labels=[long, "Q2"])
    svg = svg_of(fragment)
    first = next(t for t in svg.iter(f"{SVG}text") if has_class(t, "cpd-chart-category"))
    assert first.text.endswith("…")
    assert long.startswith(first.text[:-1])
    column = next(g for g in svg.iter(f"{SVG}g") if has_class(g, "cpd-chart-column"))
    assert column.find(f"{SVG}title").text == f"{long}: 1 h"
    assert table_rows(fragment)[1] == [long, "1 h"]


@pytest.mark.parametrize(
    "make",
    [
        lambda: bar_chart("T", "D", ["a", "b"], [0, 0], chart_id="zeros"),
        lambda: column_chart("T", "D", ["a", "b"], {"x": [0, 0], "y": [0, 0]}, chart_id="zeros"),
        lambda: bar_chart("T", "D", ["a", "b"], [float("nan"), float("inf")], chart_id="odd"),
        lambda: column_chart("T", "D", ["a"], {"x": [float("-inf")]}, chart_id="odd"),
    ],
    ids=["bar-zeros", "column-zeros", "bar-non-finite", "column-non-finite"],
)
def test_zero_and_non_finite_data_draw_no_bars_and_no_nan(make):
    fragment = make()
    svg = svg_of(fragment)
    assert bars(svg) == []
    assert_finite_geometry(svg)
    assert "nan" not in fragment.lower()
    assert "inf" not in fragment.lower()


def test_a_non_finite_value_does_not_flatten_the_others():
    fragment = bar_chart("T", "D", ["odd", "four", "two"], [float("inf"), 4, 2], chart_id="odd")
    widths = [number(r.get("width")) for r in bars(svg_of(fragment))]
    assert len(widths) == 2
    assert widths[0] == pytest.approx(2 * widths[1])
    assert table_rows(fragment)[1] == ["odd", "–"]


def test_a_total_too_big_for_a_float_still_draws_finite_geometry():
    fragment = column_chart("T", "D", ["a"], {"x": [1e308], "y": [1e308]}, chart_id="huge")
    assert_finite_geometry(svg_of(fragment))
    assert "nan" not in fragment.lower()
    assert "inf" not in fragment.lower()


def test_all_zero_values_still_list_every_label():
    fragment = bar_chart("T", "D", ["a", "b"], [0, 0], chart_id="zeros")
    assert table_rows(fragment)[1:] == [["a", "0 h"], ["b", "0 h"]]


@pytest.mark.parametrize(
    "make",
    [
        lambda: bar_chart("Hours", "D", [], [], chart_id="empty"),
        lambda: column_chart("Hours", "D", [], {"Planned": []}, chart_id="empty"),
        lambda: column_chart("Hours", "D", ["Jan"], {}, chart_id="empty"),
    ],
    ids=["bar", "column-no-labels", "column-no-series"],
)
def test_empty_data_says_no_data_yet(make):
    fragment = make()
    assert "No data yet" in fragment
    assert "<svg" not in fragment
    assert "<table" not in fragment
    figure = ET.fromstring(fragment)
    assert has_class(figure, "cpd-chart")
    assert figure.find("figcaption").text == "Hours"


def test_mismatched_lengths_are_an_error():
    with pytest.raises(ValueError, match="2 labels but 1 values"):
        bar_chart("T", "D", ["a", "b"], [1], chart_id="x")
    with pytest.raises(ValueError, match="'Planned' has 1 values for 2 labels"):
        column_chart("T", "D", ["a", "b"], {"Planned": [1]}, chart_id="x")


def test_a_value_that_is_not_a_number_is_an_error():
    with pytest.raises(ValueError, match="must be a number"):
        bar_chart("T", "D", ["a"], ["lots"], chart_id="x")


def test_characters_xml_forbids_are_dropped():
    fragment = hours_chart(labels=["bell\x07 and\x00 null", "tab\there"], values=[1, 2])
    svg_of(fragment)  # fails to parse if they got through
    assert table_rows(fragment)[1:] == [["bell and null", "1 h"], ["tab here", "2 h"]]


# ---------------------------------------------------------------- escaping


def test_user_text_is_escaped_everywhere():
    fragment = bar_chart(SCRIPT, SCRIPT, [SCRIPT, 'say "hi" & <b>'], [1, 2], unit="<i>", chart_id="x")
    assert "<script" not in fragment
    assert "<b>" not in fragment
    assert "<i>" not in fragment
    assert ESCAPED_SCRIPT in fragment
    assert "say &quot;hi&quot; &amp; &lt;b&gt;" in fragment
    svg = svg_of(fragment)
    assert svg.find(f"{SVG}title").text == SCRIPT  # escaped in the markup, intact as text
    assert table_rows(fragment)[1][0] == SCRIPT


def test_series_names_and_categories_are_escaped():
    fragment = column_chart(SCRIPT, "D", [SCRIPT], {SCRIPT: [1], "ok": [2]}, chart_id="x")
    assert "<script" not in fragment
    assert fragment.count(ESCAPED_SCRIPT) >= 5  # title, caption, legend, category, table
    assert table_rows(fragment)[0] == ["Category", SCRIPT, "ok", "Total"]


# ---------------------------------------------------------------- offline


@pytest.mark.parametrize(
    "make",
    [
        hours_chart,
        months_chart,
        lambda: progress_bar("Hours", 12.5, 30),
        lambda: bar_chart("T", "D", [], [], chart_id="e"),
    ],
    ids=["bar", "column", "progress", "empty"],
)
def test_no_urls_but_the_svg_namespace_and_no_scripts(make):
    fragment = make()
    urls = re.findall(r"(?i)\b(?:https?:)?//[^\s\"'<>]*", fragment)
    assert set(urls) <= {"http://www.w3.org/2000/svg"}
    for forbidden in ("<script", "href", "src=", "url(", "style=", "<link", "<img"):
        assert forbidden not in fragment
    assert not re.search(r"\son\w+=", fragment)  # no event handlers


# ---------------------------------------------------------------- progress bars


def test_progress_bar_reports_value_against_target():
    fragment = progress_bar("Participatory hours", 12.5, 30)
    element = ET.fromstring(fragment)
    assert element.get("role") == "progressbar"
    assert element.get("aria-label") == "Participatory hours"
    assert (element.get("aria-valuemin"), element.get("aria-valuenow"), element.get("aria-valuemax")) == (
        "0",
        "12.5",
        "30",
    )
    assert element.get("aria-valuetext") == "12.5 h of 30 h (42%)"
    assert "12.5 h of 30 h" in "".join(element.itertext())
    svg = svg_of(fragment)
    assert svg.get("aria-hidden") == "true"
    fill = next(r for r in svg.iter(f"{SVG}rect") if has_class(r, "cpd-progress-fill"))
    assert float(fill.get("width")) == pytest.approx(12.5 / 30 * 100, abs=0.01)


def test_progress_bar_over_target_is_full_and_says_so():
    element = ET.fromstring(progress_bar("Entries", 35, 30, unit=""))
    assert has_class(element, "cpd-progress-met")
    assert element.get("aria-valuenow") == "30"  # within min..max; the real figure is in the text
    assert element.get("aria-valuetext") == "35 of 30 (117%, target met)"
    fill = next(r for r in element.iter(f"{SVG}rect") if has_class(r, "cpd-progress-fill"))
    assert fill.get("width") == "100"


def test_progress_bar_just_short_of_target_is_not_100_percent():
    element = ET.fromstring(progress_bar("Hours", 29.9, 30))
    assert not has_class(element, "cpd-progress-met")
    assert element.get("aria-valuetext").endswith("(99%)")


@pytest.mark.parametrize("target", [None, 0, -5, float("nan")])
def test_progress_bar_without_a_target_is_just_the_value(target):
    fragment = progress_bar("Hours so far", 12.5, target)
    element = ET.fromstring(fragment)
    assert "<svg" not in fragment
    assert "role=" not in fragment
    assert "".join(element.itertext()) == "Hours so far 12.5 h"


def test_progress_bar_escapes_its_label_and_survives_odd_values():
    fragment = progress_bar(SCRIPT, float("nan"), 30)
    assert "<script" not in fragment
    assert ESCAPED_SCRIPT in fragment
    element = ET.fromstring(fragment)
    assert "aria-valuenow" not in element.attrib  # unknown, so indeterminate
    assert "nan" not in fragment.lower()
    assert_finite_geometry(svg_of(fragment))


# ---------------------------------------------------------------- stylesheet


def test_stylesheet_colours_charts_from_material_variables():
    css = CSS.read_text(encoding="utf-8")
    assert css.startswith("/* cpd-portfolio site styles */")
    assert "/* charts */" in css
    for selector in (".cpd-bar", ".cpd-series-0", ".cpd-series-1", ".cpd-chart-table", ".cpd-progress-fill"):
        assert selector in css
    assert "var(--md-" in css
    print_rules = css[css.index("@media print") :]
    assert "print-color-adjust: exact" in print_rules
    assert "details-content" in print_rules
    assert "http" not in css
    assert "url(" not in css
    assert "@import" not in css
