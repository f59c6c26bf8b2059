"""The published sample site in a real headless Chromium: no outside request, no console error."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import ARTIFACTS, browser_page, require_chromium, serve
from support import build_sample

pytestmark = pytest.mark.browser

PAGES = {
    "dashboard": "",
    "plan": "plan/",
    "gaps": "gaps/",
    "timeline": "timeline/",
    "objective": "objectives/mr-linac-readiness/",
    "activity": "2025/2025-06-26-mr-linac-workshop/",
    "tags": "tags/",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    require_chromium()
    project = tmp_path_factory.mktemp("browser")
    return build_sample(project)


def test_pages_load_under_a_sub_path_with_no_outside_request(built: Path):
    ARTIFACTS.mkdir(exist_ok=True)
    with serve(built, "/cpd/") as base, browser_page(base) as (page, outside, errors):
        for name, path in PAGES.items():
            response = page.goto(base + path, wait_until="networkidle")
            assert response is not None and response.status == 200, f"{name}: {base + path}"
            assert page.locator("h1").first.is_visible(), name
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        # Follow links as a reader would: timeline -> activity -> objective.
        page.goto(base + "timeline/")
        page.locator("table.cpd-table a").first.click()
        page.wait_for_load_state("networkidle")
        assert page.locator("dl.cpd-fields").is_visible()
    assert outside == [], outside
    assert errors == [], errors


def test_charts_render_without_javascript(built: Path):
    with serve(built) as base:
        from browser import CHROMIUM, CHROMIUM_ARGS
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_context(java_script_enabled=False).new_page()
            page.goto(base + "plan/")
            charts = page.locator("figure.cpd-chart svg")
            assert charts.count() >= 3
            box = charts.first.bounding_box()
            assert box and box["width"] > 200 and box["height"] > 40
            bars = page.locator("figure.cpd-chart svg rect.cpd-bar")
            assert bars.count() > 0
            browser.close()


def test_search_finds_an_activity(built: Path):
    with serve(built) as base, browser_page(base) as (page, outside, errors):
        page.goto(base, wait_until="networkidle")
        page.keyboard.press("/")  # Material's shortcut to the search box
        page.locator(".md-search__input").press_sequentially("bunker", delay=30)
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        assert "bunker" in page.locator(".md-search-result").inner_text().lower()
    assert outside == []
    assert errors == []
