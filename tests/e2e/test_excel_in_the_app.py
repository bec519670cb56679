"""Excel out and back through the browser: export the workbook, import it through the wizard; a foreign CSV too."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    download,
    expect_no_exception,
    go_to,
    open_app,
    sidebar_title,
    upload_to_import,
    wait_for_app,
)

pytestmark = pytest.mark.e2e

EXAMPLE = "Tarnfield AI roadmap workshop"


def _import_tab(page: Page) -> None:
    go_to(page, "Use cases")
    page.get_by_role("tab", name="Import").click()


def test_exported_workbook_comes_back_through_the_wizard(page: Page, tmp_path: Path) -> None:
    open_app(page)
    go_to(page, "Share & export")
    saved = download(page, "sx_xlsx", tmp_path)
    assert saved.suffix == ".xlsx"
    workbook = load_workbook(saved)
    assert workbook.sheetnames[:6] == ["Summary", "Status", "Use cases", "Priorities", "Roadmap", "Gantt"]
    assert workbook["_meta"].sheet_state == "veryHidden"

    # Start blank, then bring the workbook back: the whole example returns.
    go_to(page, "Workshop")
    page.locator(".st-key-ws_start_blank button").click()
    expect(sidebar_title(page)).to_have_text("New workshop")
    wait_for_app(page)
    _import_tab(page)
    upload_to_import(page, saved)
    expect(page.get_by_text("was exported by Roadmap Planner")).to_be_visible()
    expect(page.get_by_text("No edits were made in Excel.")).to_be_visible()
    page.locator(".st-key-uc_import_open_own button").click()
    expect(sidebar_title(page)).to_have_text(EXAMPLE)
    expect(page.get_by_test_id("stSidebar").get_by_text("12 use cases")).to_be_visible()
    expect_no_exception(page)


def test_a_foreign_csv_is_mapped_previewed_and_appended(page: Page, tmp_path: Path) -> None:
    source = tmp_path / "inventory.csv"
    source.write_text(
        "Use Case Name;Bureau;Development Stage;Business value\n"
        "Grant fraud screening;Finance;Deployed;4\n"
        "Permit triage;Licensing;on hold;9\n",
        encoding="cp1252",
    )
    open_app(page)
    _import_tab(page)
    upload_to_import(page, source)
    expect(page.get_by_text("2 rows, 4 columns.")).to_be_visible()
    # The guessed mapping is shown for the facilitator to confirm.
    expect(page.locator(".st-key-uc_import_map_name input")).to_have_value("Use Case Name")
    expect(page.locator(".st-key-uc_import_map_department input")).to_have_value("Bureau")
    expect(page.get_by_text("2 of 2 rows ready to import; 2 with a default")).to_be_visible()
    go = page.locator(".st-key-uc_import_go button")
    expect(go).to_contain_text("Add 2 use cases")
    go.click()
    expect(page.get_by_test_id("stSidebar").get_by_text("14 use cases")).to_be_visible()
    expect(sidebar_title(page)).to_have_text(EXAMPLE)
    expect_no_exception(page)


def test_a_hostile_file_gets_a_clear_message_and_changes_nothing(page: Page, tmp_path: Path) -> None:
    fake = tmp_path / "report.xlsx"
    fake.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    open_app(page)
    _import_tab(page)
    upload_to_import(page, fake)
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text("old-style .xls workbook")
    expect(page.get_by_test_id("stSidebar").get_by_text("12 use cases")).to_be_visible()
    expect_no_exception(page)
