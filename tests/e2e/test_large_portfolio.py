"""A portfolio office opens an inventory of 3,000 use cases, most of them under way, and visits every page: each one
renders without an exception, and the Roadmap's Gantt stays on one screen (one row per team)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from benchmarks.synthetic import realistic_portfolio
from planner.domain.gantt_view import GANTT_MAX_ROWS
from planner.formats.workshop_json import dump_workshop
from tests.e2e.conftest import (
    FACILITATOR_PAGE_TITLES,
    expect_no_exception,
    go_to,
    open_app,
    sidebar_title,
    wait_for_app,
)

pytestmark = pytest.mark.e2e

SIZE = 3_000
TEAMS = 40
PAGES = FACILITATOR_PAGE_TITLES


def test_a_3000_use_case_portfolio_opens_and_every_page_renders(page: Page, tmp_path: Path) -> None:
    source = tmp_path / "inventory.json"
    source.write_text(dump_workshop(realistic_portfolio(SIZE, departments=TEAMS)), encoding="utf-8")
    open_app(page)
    page.locator("[class*='st-key-ws_upload_json_'] input[type=file]").set_input_files(source)
    expect(sidebar_title(page)).to_have_text(f"Portfolio {SIZE}")
    expect(page.get_by_test_id("stSidebar").get_by_text(f"{SIZE:,} use cases".replace(",", ""))).to_be_visible()
    wait_for_app(page)

    for title in PAGES:
        go_to(page, title)  # waits for the page's title and for the script to finish, and checks for exceptions
        if title == "Roadmap":
            picker = page.locator(".st-key-rm_gantt_team input")
            expect(picker).to_have_value(f"All {TEAMS} teams, one row each")
            rows = page.locator(".st-key-rm_gantt .yaxislayer-above .ytick")
            expect(rows).to_have_count(TEAMS)
            assert TEAMS <= GANTT_MAX_ROWS
            expect(page.get_by_text("The chart stops at the horizon")).to_be_visible()
    wait_for_app(page)
    expect_no_exception(page)
