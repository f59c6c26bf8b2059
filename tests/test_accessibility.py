"""axe-core on every page kind of the sample site, in the light and the dark scheme, on a wide screen and a phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import DESKTOP, PHONE, browser_page, page_kinds, require_chromium, serve
from support import build_sample

pytestmark = pytest.mark.browser

PAGES = [
    "",
    "plan/",
    "gaps/",
    "timeline/",
    "objectives/",
    "objectives/mr-linac-readiness/",
    "2025/2025-06-26-mr-linac-workshop/",
    "audit/",
    "audit/hcpc/",
    "tags/",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    require_chromium()
    project = tmp_path_factory.mktemp("a11y")
    return build_sample(project)


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_or_critical_violation(built: Path, scheme: str, width: int):
    """At 390 px the tables are cards and the navigation a drawer: axe checks that layout too."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    # The listed pages, and one of every kind the site has (an audit profile of each layout among them).
    pages = list(dict.fromkeys([*PAGES, *page_kinds(built).values()]))
    with serve(built) as base, browser_page(base) as (page, outside, _errors):
        page.emulate_media(color_scheme=scheme)
        page.set_viewport_size({"width": width, "height": 900})
        for path in pages:
            page.goto(base + path, wait_until="networkidle")
            response = axe.run(page).response
            assert response["passes"], f"axe checked nothing on {path}"
            violations = response["violations"]
            serious = [
                (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
                for v in violations
                if v["impact"] in ("serious", "critical")
            ]
            if serious:
                found[path or "/"] = serious
    assert outside == []
    assert found == {}, found
