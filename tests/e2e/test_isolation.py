"""Two facilitators on one server: each browser session has its own workshop, and edits never cross over."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from pytest_playwright.pytest_playwright import CreateContextCallback

from tests.e2e.conftest import expect_no_exception, go_to, open_app, sidebar_title, wait_for_app

pytestmark = pytest.mark.e2e

EXAMPLE = "Tarnfield AI roadmap workshop"


def test_one_facilitators_edits_never_reach_another_session(new_context: CreateContextCallback) -> None:
    page_a = new_context().new_page()
    page_b = new_context().new_page()
    open_app(page_a)
    open_app(page_b)
    expect(sidebar_title(page_a)).to_have_text(EXAMPLE)
    expect(sidebar_title(page_b)).to_have_text(EXAMPLE)

    # A starts blank and names the new workshop.
    page_a.locator(".st-key-ws_start_blank button").click()
    expect(sidebar_title(page_a)).to_have_text("New workshop")
    wait_for_app(page_a)
    page_a.locator(".st-key-ws_name input").fill("Facilitator A's workshop")
    page_a.get_by_role("button", name="Save settings").click()
    expect(page_a.get_by_text("Settings saved.")).to_be_visible()
    wait_for_app(page_a)
    # Another page draws the sidebar from the saved workshop.
    go_to(page_a, "Roadmap")
    expect(sidebar_title(page_a)).to_have_text("Facilitator A's workshop")

    # B, open the whole time and then reloaded, still has the example with its full roadmap.
    expect(sidebar_title(page_b)).to_have_text(EXAMPLE)
    page_b.reload()
    wait_for_app(page_b)
    expect(sidebar_title(page_b)).to_have_text(EXAMPLE)
    expect(page_b.get_by_text("Facilitator A's workshop")).to_have_count(0)
    go_to(page_b, "Roadmap")
    expect(page_b.locator(".st-key-rm_gantt").get_by_text("Warranty claim triage", exact=True)).to_be_visible()

    # And B's visit changed nothing for A.
    go_to(page_a, "Workshop")
    expect(sidebar_title(page_a)).to_have_text("Facilitator A's workshop")
    expect(page_a.locator(".st-key-ws_name input")).to_have_value("Facilitator A's workshop")
    for page in (page_a, page_b):
        expect_no_exception(page)
