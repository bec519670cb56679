"""The rough edges a facilitator hit in a scripted run (issue 9), each shown gone in the browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    go_to,
    library_grid,
    main_title,
    open_app,
    sidebar_title,
    tick_row,
    undo_button,
    wait_for_app,
)

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
    grid = library_grid(page, "forecast")
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
    grid = library_grid(page, "maintenance")
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


def test_a_typed_start_date_applies_on_enter_and_a_sidebar_click_right_after_typing_is_not_lost(page: Page) -> None:
    open_app(page)
    go_to(page, "Roadmap")
    start = page.locator(".st-key-rm_start")
    month = start.get_by_role("spinbutton", name=re.compile("^month"))
    expect(undo_button(page)).to_have_accessible_name(re.compile("Nothing to undo"))

    month.click()
    page.keyboard.type("03")
    page.keyboard.press("Enter")  # did nothing: the date applied only when the field lost focus
    expect(undo_button(page)).to_have_accessible_name(re.compile("Undo: move the start date"))
    wait_for_app(page)

    # Typed, then straight to another page: both the date and the page switch happen.
    month.click()
    page.keyboard.type("05")
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Workshop", exact=True).click()
    expect(main_title(page)).to_have_text("Workshop")
    wait_for_app(page)
    expect(page.locator(".st-key-ws_start_date").get_by_role("spinbutton", name=re.compile("^month"))).to_have_text(
        "05"
    )

    # A number typed and left by a sidebar click is kept too.
    go_to(page, "Roadmap")
    page.locator(".st-key-rm_max_parallel_pilots input").fill("4")
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Gates & risks", exact=True).click()
    expect(main_title(page)).to_have_text("Gates & risks")
    expect(undo_button(page)).to_have_accessible_name(re.compile("Undo: change max parallel pilots"))


def test_a_whole_quadrant_in_one_click_and_a_criterion_added_and_removed(page: Page) -> None:
    open_app(page)
    go_to(page, "Prioritise")
    page.locator("[class*='st-key-pr_quadrant_']").get_by_text(re.compile(r"^Quick win \(4\)$")).click()
    expect(page.get_by_text("4 selected")).to_be_visible()
    page.locator(".st-key-pr_pick_only button").click()
    expect(page.get_by_test_id("stMetric").filter(has_text="On the roadmap")).to_contain_text("4 of 12")
    wait_for_app(page)

    page.get_by_text("Criteria · add, rename or remove").click()
    page.locator(".st-key-pr_new_criterion_label input").fill("Regulatory risk")
    page.locator(".st-key-pr_new_low input").fill("No rules apply")
    page.get_by_role("button", name="Add criterion").click()
    expect(page.get_by_test_id("stToast").filter(has_text="Added the criterion Regulatory risk")).to_be_visible()
    expect(page.locator(".st-key-pr_weight_regulatory_risk")).to_contain_text("Regulatory risk")
    wait_for_app(page)

    remove = page.locator(".st-key-pr_remove_criterion input")
    remove.click()
    remove.fill("Regulatory")
    remove.press("Enter")
    expect(remove).to_have_value("Regulatory risk")
    page.get_by_role("button", name="Remove…").click()
    expect(page.get_by_text("Its scores on 0 use cases are deleted with it")).to_be_visible()
    page.locator(".st-key-pr_remove_criterion_confirm button").click()
    expect(page.get_by_test_id("stToast").filter(has_text="Removed the criterion Regulatory risk")).to_be_visible()
    expect(page.locator(".st-key-pr_weight_regulatory_risk")).to_have_count(0)
    expect(undo_button(page)).to_have_accessible_name("Undo: remove the criterion 'Regulatory risk'")
