"""The rough edges a facilitator hit in a scripted run (issue 9), each shown gone in the browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import go_to, open_app, sidebar_title, tick_row, wait_for_app

pytestmark = pytest.mark.e2e


def _expect_use_cases(page: Page, count: int) -> None:
    expect(page.get_by_test_id("stSidebar")).to_contain_text(f"Use cases · {count} use cases")


def test_library_ticks_belong_to_one_search(page: Page) -> None:
    open_app(page)
    go_to(page, "Use cases")
    _expect_use_cases(page, 12)
    page.get_by_role("tab", name=re.compile("From the library")).click()
    search = page.get_by_role("textbox", name="Search")
    add = page.locator(".st-key-uc_library_add button")
    search.fill("forecast")
    search.press("Enter")
    grid = page.locator("[class*='st-key-uc_library_table']")
    expect(grid).to_contain_text("Sales forecasting")
    wait_for_app(page)
    tick_row(grid, 0)
    expect(add).to_have_text(re.compile("Add 1 selected"))
    tick_row(grid, 1)
    expect(add).to_have_text(re.compile("Add 2 selected"))
    add.click()
    expect(page.get_by_test_id("stToast").filter(has_text="Added 2 use cases")).to_be_visible()
    _expect_use_cases(page, 14)
    wait_for_app(page)

    # A new search starts with no ticks: the two old ones do not count, and cannot point into the new list.
    search.fill("maintenance")
    search.press("Enter")
    expect(add).to_have_text(re.compile("Select rows to add"))
    grid = page.locator("[class*='st-key-uc_library_table']")
    expect(grid).not_to_contain_text("Sales forecasting")
    wait_for_app(page)
    tick_row(grid, 0)
    expect(add).to_have_text(re.compile("Add 1 selected"))  # was "Add 3 selected", then IndexError
    add.click()
    expect(page.get_by_test_id("stToast").filter(has_text="Added 1 use cases")).to_be_visible()
    _expect_use_cases(page, 15)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_answering_readiness_keeps_the_tab_open(page: Page) -> None:
    open_app(page)
    expect(sidebar_title(page)).to_be_visible()
    go_to(page, "Readiness")
    tab = page.get_by_role("tab", name=re.compile("^People"))
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    panel = page.get_by_role("tabpanel").filter(has=page.locator(".st-key-rd_people_skills"))
    # Answer every question on the tab with 5, so the tab's score surely changes.
    for question in panel.get_by_test_id("stRadio").all():
        question.get_by_test_id("stRadioOption").filter(has_text=re.compile(r"^5 · ")).click()
        wait_for_app(page)
        expect(tab).to_have_attribute("aria-selected", "true")  # it jumped back to the first tab
    expect(panel.get_by_text(re.compile(r"Score now: "))).to_contain_text("5.0 of 5")
