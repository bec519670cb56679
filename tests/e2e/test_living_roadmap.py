"""A programme team's month in the browser: baseline the example, record a pilot that began four weeks late and is
half done, then see the slip on the Gantt, on the status board, and on the exported workbook's Status sheet."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, expect

from planner.domain.analysis import analyse
from planner.formats.workshop_json import load_sample_workshop
from tests.e2e.conftest import GRID_ROW_PX, download, expect_no_exception, go_to, open_app, wait_for_app

pytestmark = pytest.mark.e2e

BASELINE = "Board approval"
PILOT = "Pilot & validation"
# The Actuals table's columns, left to right, as the user sees them.
ACTUAL_START_COLUMN, PERCENT_COLUMN = 2, 4
EDIT_ATTEMPTS, EDIT_TIMEOUT_MS = 3, 5_000


def _tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    expect(page.get_by_role("tab", name=name)).to_have_attribute("aria-selected", "true")


def _cell(grid: Locator, row: int, column: int) -> Locator:
    """A cell of the grid's accessible table, which it builds while the mouse is over it (row 0 is the header)."""
    grid.get_by_test_id("stDataFrameResizable").hover()
    return grid.locator("tr").nth(row + 1).locator("td").nth(column)


def _try_edit(page: Page, grid: Locator, *, row: int, column: int, value: str) -> None:
    table = grid.get_by_test_id("stDataFrameResizable")
    expect(table).to_be_in_viewport()
    box = table.bounding_box()
    assert box is not None, "the table is not on screen"
    page.mouse.click(box["x"] + 20, box["y"] + GRID_ROW_PX * (row + 1) + GRID_ROW_PX / 2)
    # Only once the grid has the focus do the arrow keys move through its cells: before, they would move
    # through the page's tabs, which keep the focus after a tab is clicked.
    # (The grid keeps its focus on its canvas, or on a cell of its accessible table once that is built.)
    expect(grid.locator(":focus")).to_have_count(1, timeout=EDIT_TIMEOUT_MS)
    for _ in range(column):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    editor = page.locator("#portal input")
    expect(editor).to_be_focused(timeout=EDIT_TIMEOUT_MS)
    if editor.get_attribute("type") == "date":
        editor.fill(value)
    else:
        editor.press_sequentially(value, delay=60)  # at a typist's pace: typed at once, the grid lost it
    expect(editor).to_have_value(value)
    editor.press("Enter")
    # The editor leaves the page once the value is in the cell; until then a second edit would find this one.
    expect(editor).to_have_count(0)
    expect(_cell(grid, row, column)).to_have_text(value, timeout=EDIT_TIMEOUT_MS)


def _edit_cell(page: Page, grid: Locator, *, row: int, column: int, value: str) -> None:
    """Select the row's first cell, move right to `column` with the arrow keys, open the cell's editor with Enter
    (a date picker for a date column) and type the value, as a keyboard user would; then check the table shows it.

    The grid draws on a canvas and may redraw under the click (a toast closing, the accessible table being
    rebuilt), and then the keys go nowhere; a user would simply try again, and so does this, up to three times."""
    for attempt in range(EDIT_ATTEMPTS):
        try:
            _try_edit(page, grid, row=row, column=column, value=value)
            return
        except AssertionError:
            if attempt == EDIT_ATTEMPTS - 1:
                raise
            page.keyboard.press("Escape")


def _gantt_traces(page: Page) -> list[dict[str, Any]]:
    plot = page.locator(".st-key-rm_gantt .js-plotly-plot")
    expect(plot.locator(".barlayer .point path").first).to_be_visible()
    traces: list[dict[str, Any]] = plot.evaluate(
        "el => el.data.map(t => ({name: t.name, base: t.base, y: t.y, customdata: t.customdata}))"
    )
    return traces


def test_a_late_pilot_shows_on_the_gantt_the_board_and_the_workbook(page: Page, tmp_path: Path) -> None:
    today = date.today()
    plan = analyse(load_sample_workshop(), today=today).roadmap
    first = plan.order[0]  # the Actuals table's first row is this use case's pilot
    pilot = next(p for p in plan.phases if p.use_case_id == first and p.phase == "pilot")
    began = pilot.start + timedelta(weeks=4)

    open_app(page)
    go_to(page, "Progress")
    expect(page.get_by_text("Take a baseline (Baselines tab)")).to_be_visible()
    _tab(page, "Baselines")
    page.locator(".st-key-pg_baseline_name input").fill(BASELINE)
    page.get_by_role("button", name="Take baseline").click()
    expect(page.get_by_test_id("stToast").filter(has_text=f"Baseline '{BASELINE}' taken")).to_be_visible()
    wait_for_app(page)

    _tab(page, "Actuals")
    grid = page.locator("[class*='st-key-pg_actuals_']")
    expect(grid).to_be_visible()
    _edit_cell(page, grid, row=0, column=ACTUAL_START_COLUMN, value=began.isoformat())
    _edit_cell(page, grid, row=0, column=PERCENT_COLUMN, value="50")
    page.get_by_role("button", name="Save actuals").click()
    expect(page.get_by_test_id("stToast").filter(has_text="Actuals saved")).to_be_visible()
    wait_for_app(page)
    expect_no_exception(page)

    # The status board lists the pilot as at risk, four weeks late, half done.
    _tab(page, "Status board")
    board = page.locator(".stDataFrame").filter(has=page.get_by_text("Slip (weeks)")).first
    expect(page.get_by_test_id("stMetric").filter(has_text="At risk").get_by_test_id("stMetricValue")).not_to_have_text(
        "0"
    )
    board.get_by_test_id("stDataFrameResizable").hover()  # the grid builds its accessible table on hover
    row = board.locator("tr").filter(has_text=pilot.use_case).filter(has_text=PILOT)
    expect(row).to_have_count(1)
    # The accessible table gives the raw values: dates in ISO form, numbers without their display format.
    ends, baseline_end = (pilot.end + timedelta(weeks=4)).isoformat(), pilot.end.isoformat()
    expect(row.locator("td")).to_have_text(["At risk", pilot.use_case, PILOT, ends, baseline_end, "4", "50"])

    # The Gantt draws the pilot four weeks after the baseline's bar for it.
    go_to(page, "Roadmap")
    expect(page.locator(".st-key-rm_show_baseline")).to_contain_text(BASELINE)
    traces = {t["name"]: t for t in _gantt_traces(page)}
    pilots = traces[PILOT]
    index = pilots["customdata"].index(first)
    now = pilots["base"][index]
    frozen = traces[f"Baseline: {BASELINE}"]
    starts = [b for b, y in zip(frozen["base"], frozen["y"], strict=True) if y == pilots["y"][index]]
    assert now[:10] == began.isoformat() and pilot.start.isoformat() in [s[:10] for s in starts]

    # The workbook's Status sheet says the same.
    go_to(page, "Share & export")
    saved = download(page, "sx_xlsx", tmp_path)
    sheet = load_workbook(saved)["Status"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[1][0].startswith(f"As of {today:%d %b %Y}. Against the baseline '{BASELINE}'")
    late_rows = [r for r in rows if r[1] == pilot.use_case and r[2] == PILOT]
    assert [(r[0], r[5], r[6]) for r in late_rows] == [("At risk", 4.0, 50)]
    expect_no_exception(page)
