"""What will it cost, when, and when does it pay back: a facilitator enters costs, reads the investment view, and a
sponsor opens the workbook's Finance sheet."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e.conftest import download, expect_no_exception, go_to, open_app, sidebar_title, wait_for_app

pytestmark = pytest.mark.e2e


def _metric(page: Page, label: str):
    return page.get_by_test_id("stMetric").filter(has_text=label)


def test_costs_entered_show_as_curves_with_a_payback_and_come_out_in_the_finance_sheet(page: Page, tmp_path: Path):
    open_app(page)
    go_to(page, "Workshop")
    page.locator(".st-key-ws_start_blank button").click()
    expect(sidebar_title(page)).to_have_text("New workshop")
    wait_for_app(page)

    # The hand-worked example: pilot 120, scaling 240, run 60 a year, value 600 a year.
    go_to(page, "Use cases")
    page.get_by_role("tab", name="Add one").click()
    for key, text in (
        ("uc_form_name_0", "Claims triage"),
        ("uc_form_value_0", "600"),
        ("uc_form_pilot_cost_0", "120"),
        ("uc_form_scaling_cost_0", "240"),
        ("uc_form_run_cost_0", "60"),
    ):
        page.locator(f".st-key-{key} input").fill(text)
    page.get_by_role("button", name="Add use case").click()
    expect(page.get_by_text("Added Claims triage.")).to_be_visible()

    go_to(page, "Roadmap")
    page.get_by_role("tab", name="Investment and value").click()
    wait_for_app(page)
    expect(_metric(page, "Invested within the horizon")).to_contain_text("360k")
    expect(_metric(page, "3-year net value")).to_contain_text("1,260k")
    payback = _metric(page, "Portfolio pays back")
    expect(payback).not_to_contain_text("Not in the horizon")
    shown_payback = payback.get_by_test_id("stMetricValue").inner_text()  # such as "Nov 2028"
    curves = page.locator(".st-key-rm_fin_cumulative")
    expect(curves.get_by_text("Pays back", exact=False)).to_be_visible()
    expect(curves.get_by_text("Spent so far")).to_be_visible()
    expect_no_exception(page)

    go_to(page, "Share & export")
    saved = download(page, "sx_xlsx", tmp_path)
    finance = load_workbook(saved, data_only=True)["Finance"]
    figures = {finance.cell(row, 1).value: finance.cell(row, 2).value for row in range(1, 20)}
    assert figures["3-year net value of the use cases"] == pytest.approx(1260)
    paid = figures["Portfolio pays back"]
    assert isinstance(paid, datetime) and f"{paid:%b %Y}" == shown_payback
    header = next(r for r in range(1, 80) if finance.cell(r, 1).value == "Use case id")
    assert finance.cell(header + 1, 2).value == "Claims triage"
    assert finance.cell(header + 1, 12).value == pytest.approx(360)  # Investment
    formulas = load_workbook(saved)["Finance"]
    assert str(formulas.cell(header + 1, 8).value).startswith("=IFERROR(IF(INDEX('Use cases'!")
    assert len(formulas._charts) == 1
