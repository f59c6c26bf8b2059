"""Every kind of page of the sample site read on a phone (390 px) and a wide screen (1280 px) in headless Chromium:
nothing wider than the window, no word broken across lines, no text under 12 px, no date wrapped; tables read as
cards on the phone; the same on paper; and the HCPC audit profile prints on a few pages, not one item per page.

Each failure names the elements to fix. Screenshots of every page at both widths go to test-artifacts/layout/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import (
    ARTIFACTS,
    DESKTOP,
    PHONE,
    browser_page,
    measure_layout,
    page_kinds,
    pdf_pages,
    pdf_text,
    require_chromium,
    serve,
)
from support import build_sample

pytestmark = pytest.mark.browser

# The page kinds the sample site must have (page_kinds finds their paths in the built site).
KINDS = [
    "dashboard",
    "plan",
    "gaps",
    "timeline",
    "objectives",
    "objective",
    "activity",
    "tags",
    "audit",
    "audit-profile",
    "audit-standards",
    "audit-summary",
]
SMALLEST = 12.0  # px
PAPER = 680  # px: the width printed on A4 within audit.css's @page margins (210 mm less 30 mm)
SHOTS = ARTIFACTS / "layout"
SHOWN = 12  # offenders listed per kind of problem in a failure message


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    require_chromium()
    return build_sample(tmp_path_factory.mktemp("layout"))


@pytest.fixture(scope="module")
def kinds(site: Path) -> dict[str, str]:
    return page_kinds(site)


@pytest.fixture(scope="module")
def browser(site: Path):
    """One server and one Chromium for the whole module; at the end, no request may have left the site."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    with serve(site) as base, browser_page(base) as (page, outside, errors):
        yield base, page
        assert outside == [], outside
        assert errors == [], errors


def problems(found: dict, width: int) -> list[str]:
    """What measure_layout found, as lines that name the offending elements and words."""

    def listed(items: list[str]) -> str:
        more = f"\n      … and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
        return "".join(f"\n      {item}" for item in items[:SHOWN]) + more

    lines = []
    if found["overflow"] > 0:
        lines.append(
            f"the page is {found['overflow']} px wider than the {width} px window; sticking out:"
            + listed(found["sticking"])
        )
    if found["broken"]:
        lines.append(f"{len(found['broken'])} words broken across lines:" + listed(found["broken"]))
    if found["small"]:
        lines.append(f"text under {SMALLEST:g} px:" + listed(found["small"]))
    if found["wrappedDates"]:
        lines.append(f"{len(found['wrappedDates'])} dates wrapped across lines:" + listed(found["wrappedDates"]))
    return lines


def test_the_sample_has_every_kind_of_page(kinds: dict[str, str]):
    assert sorted(kinds) == sorted(KINDS), "a kind of page is missing, or a new one needs adding to KINDS"


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("kind", KINDS)
def test_page_reads_well(browser, kinds: dict[str, str], kind: str, width: int):
    base, page = browser
    if kind not in kinds:
        pytest.fail(f"the sample site has no {kind} page")
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(base + kinds[kind], wait_until="load")
    assert response is not None and response.status == 200, kinds[kind]
    page.screenshot(path=str(SHOTS / f"{kind}-{width}.png"), full_page=True)
    found = measure_layout(page, "body", SMALLEST)
    assert found["least"] is not None, f"no text seen on {kinds[kind]}"
    lines = problems(found, width)
    assert not lines, f"{kind} (/{kinds[kind]}) at {width} px:\n  " + "\n  ".join(lines)


def test_tables_are_cards_on_a_phone(browser, kinds: dict[str, str]):
    """On a phone a table's rows stack (each a block, each cell a line), not a grid that scrolls sideways."""
    base, page = browser
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": PHONE, "height": 900})
    page.goto(base + kinds["timeline"], wait_until="load")
    shape = page.evaluate(
        """() => {
          const row = document.querySelector("table.cpd-table tbody tr");
          const cells = [...row.children].filter((c) => getComputedStyle(c).display !== "none");
          const head = document.querySelector("table.cpd-table thead").getBoundingClientRect();
          return {
            row: getComputedStyle(row).display,
            cells: cells.map((c) => getComputedStyle(c).display),
            lefts: cells.map((c) => Math.round(c.getBoundingClientRect().left)),
            tops: cells.map((c) => Math.round(c.getBoundingClientRect().top)),
            head: head.width * head.height,
          };
        }"""
    )
    assert shape["row"] == "block"
    assert set(shape["cells"]) == {"block"}
    assert len(set(shape["lefts"])) == 1, shape  # one above the other, not side by side
    assert shape["tops"] == sorted(set(shape["tops"])), shape
    assert shape["head"] <= 1, "the header row is for screen readers only on a phone"
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    assert page.evaluate("getComputedStyle(document.querySelector('table.cpd-table tbody tr')).display") == (
        "table-row"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_page_reads_well_on_paper(browser, kinds: dict[str, str], kind: str):
    """Laid out for print at the width of an A4 page: charts and text stay readable, nothing is cut off."""
    base, page = browser
    page.emulate_media(media="print")
    try:
        page.set_viewport_size({"width": PAPER, "height": 900})
        page.goto(base + kinds[kind], wait_until="load")
        lines = problems(measure_layout(page, "body", SMALLEST), PAPER)
    finally:
        page.emulate_media(media="screen")
    assert not lines, f"{kind} (/{kinds[kind]}) printed:\n  " + "\n  ".join(lines)


def test_hcpc_profile_prints_compactly(browser, kinds: dict[str, str]):
    """It printed on 11 A4 pages, one statement item a page and page 1 mostly blank: now at most 5, and page 1
    holds the profile's title and the personal details."""
    base, page = browser
    pdf = SHOTS / "audit-profile.pdf"
    page.emulate_media(media="print")
    try:
        page.goto(base + kinds["audit-profile"], wait_until="load")
        page.pdf(path=str(pdf), format="A4")
    finally:
        page.emulate_media(media="screen")
    pages = pdf_pages(pdf)
    assert pages <= 5, f"the HCPC profile prints on {pages} pages"
    first = " ".join(pdf_text(pdf, 1).split())
    assert "CPD profile: Health and Care Professions Council (HCPC)" in first
    assert "1. Personal details" in first
    assert "Dr Hannah Okafor" in first
    assert "CS48217" in first  # the registration number, the last of the details
    whole = " ".join(pdf_text(pdf).split())
    assert "6. Standards checklist" in whole  # nothing lost at the end
