"""A full-page screenshot of every page on the example workshop, for review, and for the docs on request.

Screenshots go to test-results/screenshots/ (git-ignored). With UPDATE_DOCS_SCREENSHOTS=1 the ones the docs
show are also copied to docs/screenshots/, which is committed.
"""

from __future__ import annotations

import os
import shutil
from typing import NamedTuple

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import REPO_ROOT, VIEWPORT, expect_no_exception, main_title, open_app, wait_for_app

pytestmark = pytest.mark.e2e

SCREENSHOT_DIR = REPO_ROOT / "test-results" / "screenshots"
DOCS_SCREENSHOT_DIR = REPO_ROOT / "docs" / "screenshots"
UPDATE_DOCS = os.environ.get("UPDATE_DOCS_SCREENSHOTS") == "1"


def save_screenshot(page: Page, name: str) -> None:
    """What the screen shows now, for review in test-results/; in the docs too with UPDATE_DOCS_SCREENSHOTS=1."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOT_DIR / f"{name}.png", animations="disabled", caret="hide")
    if UPDATE_DOCS:
        DOCS_SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SCREENSHOT_DIR / f"{name}.png", DOCS_SCREENSHOT_DIR / f"{name}.png")


class AppPage(NamedTuple):
    slug: str
    path: str
    title: str
    main_element: str | None  # key of the element that must have drawn before the shot
    in_docs: bool


PAGES = [
    AppPage("workshop", "/", "Workshop", None, in_docs=False),
    AppPage("readiness", "/readiness", "Readiness", "rd_radar", in_docs=True),
    AppPage("use-cases", "/use_cases", "Use cases", "uc_table", in_docs=True),
    AppPage("prioritise", "/prioritise", "Prioritise", "pr_matrix", in_docs=True),
    AppPage("roadmap", "/roadmap", "Roadmap", "rm_gantt", in_docs=True),
    AppPage("gates", "/gates", "Gates & risks", None, in_docs=True),
    AppPage("share", "/share", "Share & export", None, in_docs=False),
]


def _expect_drawn(page: Page, key: str) -> None:
    element = page.locator(f".st-key-{key}")
    expect(element).to_be_visible()
    # Plotly charts draw into SVG, data grids into a canvas: either way something has to be inside.
    expect(element.locator(".main-svg, canvas").first).to_be_visible()


def _grow_to_fit_content(page: Page) -> None:
    """Streamlit scrolls inside <main>, not the document, so a full-page shot needs a window as tall as <main>."""
    height = page.get_by_test_id("stMain").evaluate("main => main.scrollHeight")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": max(VIEWPORT["height"], int(height))})


@pytest.mark.parametrize("app_page", PAGES, ids=[p.slug for p in PAGES])
def test_screenshot_of_every_page(page: Page, app_page: AppPage) -> None:
    open_app(page, app_page.path)
    expect(main_title(page)).to_have_text(app_page.title)
    if app_page.main_element:
        _expect_drawn(page, app_page.main_element)
    # The example workshop is valid everywhere: no page may greet it with an error.
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    expect_no_exception(page)

    _grow_to_fit_content(page)
    wait_for_app(page)
    if app_page.main_element:
        _expect_drawn(page, app_page.main_element)

    _full_page_shot(page, app_page.slug, in_docs=app_page.in_docs)


def _full_page_shot(page: Page, slug: str, *, in_docs: bool) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOT_DIR / f"{slug}.png"
    page.screenshot(path=shot, full_page=True, animations="disabled", caret="hide")
    assert shot.stat().st_size > 0
    if UPDATE_DOCS and in_docs:
        DOCS_SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, DOCS_SCREENSHOT_DIR / shot.name)


def test_screenshot_of_the_investment_view(page: Page) -> None:
    open_app(page, "/roadmap")
    expect(main_title(page)).to_have_text("Roadmap")
    page.get_by_role("tab", name="Investment and value").click()
    wait_for_app(page)
    _expect_drawn(page, "rm_fin_cumulative")
    expect(page.get_by_test_id("stMetric").filter(has_text="Portfolio pays back")).not_to_contain_text("Not in")
    expect_no_exception(page)
    _grow_to_fit_content(page)
    wait_for_app(page)
    _expect_drawn(page, "rm_fin_monthly")
    _full_page_shot(page, "roadmap-investment", in_docs=True)
