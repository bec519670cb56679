"""The facilitator's whole run from issue 9, end to end on a projector-sized screen: a blank workshop, readiness,
ten use cases from the form, the library and a semicolon CSV with decimal commas, eight phones scoring, adopting
the room's scores, choosing the roadmap by dragging a box on the matrix, the Gantt, a gate decision, the exports
and the workbook coming back. Each step checks the data the facilitator sees.

Screenshots at 1280x720 (and the phone at 390x844) go to test-results/screenshots/, and to docs/screenshots/
with UPDATE_DOCS_SCREENSHOTS=1.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import (
    PHONE,
    PROJECTOR,
    StreamlitServer,
    download,
    expect_no_exception,
    go_to,
    library_grid,
    main_title,
    sidebar_title,
    tick_row,
    undo_button,
    upload_to_import,
    wait_for_app,
)
from tests.e2e.test_screenshots import save_screenshot

pytestmark = pytest.mark.e2e

CRITERIA = ("business_value", "strategic_importance", "data_readiness", "technical_complexity", "integration_effort")
CSV = (
    "Title;Department;Status;Value (k EUR);Data readiness\n"
    "Rechnungsabgleich;Finanzen;Pilot;45,5;4\n"
    "Lieferantenrisiko;Einkauf;Idee;1.200;3\n"
    "Schichtplanung;Produktion;Idee;1.234,5;2\n"
    "Wartungsprognose;Produktion;Idee;310;3\n"
    "Angebotsassistent;Vertrieb;Idee;88,25;4\n"
    "Dokumentensuche;IT;Idee;12;5\n"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    folder = tmp_path_factory.mktemp("journey")
    running = StreamlitServer(folder, folder / "data")
    running.start()
    yield running
    running.stop()


def _sidebar(page: Page, text: str) -> None:
    expect(page.get_by_test_id("stSidebar")).to_contain_text(text)


def _add_with_form(page: Page, name: str, department: str) -> None:
    page.locator("[class*='st-key-uc_form_name_'] input").fill(name)
    page.locator("[class*='st-key-uc_form_department_'] input").fill(department)
    page.get_by_role("button", name="Add use case").click()
    expect(page.get_by_test_id("stAlert").filter(has_text=f"Added {name}.")).to_be_visible()
    wait_for_app(page)


def test_a_facilitator_runs_the_whole_workshop_on_a_projector(
    browser: Browser, server: StreamlitServer, tmp_path: Path
) -> None:
    page = browser.new_context(viewport=PROJECTOR, accept_downloads=True).new_page()
    page.goto(server.base_url + "/")
    wait_for_app(page)

    # 1. A blank workshop with the room's own name: nothing of the example is left.
    page.locator(".st-key-ws_start_blank button").click()
    expect(sidebar_title(page)).to_have_text("New workshop")
    wait_for_app(page)
    page.locator(".st-key-ws_name input").fill("Werk Süd AI roadmap")
    page.locator(".st-key-ws_organisation input").fill("Werk Süd GmbH")
    page.get_by_role("button", name="Save settings").click()
    expect(sidebar_title(page)).to_have_text("Werk Süd AI roadmap")
    expect(page.locator(".st-key-ws_facilitator input")).to_have_value("")  # not the example's facilitator
    _sidebar(page, "0 use cases")

    # 2. Readiness: two answers on the Data tab; the tab stays open and the score moves.
    go_to(page, "Readiness")
    data_tab = page.get_by_role("tab", name="Data")
    data_tab.click()
    for question, level in (("data_inventory", 2), ("data_quality", 4)):
        page.locator(f".st-key-rd_{question}").get_by_test_id("stRadioOption").filter(
            has_text=re.compile(rf"^{level} · ")
        ).click()
        wait_for_app(page)
        expect(data_tab).to_have_attribute("aria-selected", "true")
    _sidebar(page, "2 of 22 answered")
    expect(page.get_by_role("tabpanel").get_by_text(re.compile("Score now: 3.0 of 5"))).to_be_visible()
    save_screenshot(page, "journey-readiness")

    # 3. Ten use cases: two from the form, two from the library, six from a semicolon CSV with decimal commas.
    go_to(page, "Use cases")
    page.get_by_role("tab", name=re.compile("Add one")).click()
    _add_with_form(page, "Contract clause finder", "Legal")
    _add_with_form(page, "Quality photo check", "Production")
    _sidebar(page, "2 use cases")
    page.get_by_role("tab", name=re.compile("From the library")).click()
    search = page.get_by_role("textbox", name="Search")
    search.fill("forecast")
    search.press("Enter")
    grid = library_grid(page, "forecast")
    expect(grid).to_contain_text("Sales forecasting")
    wait_for_app(page)
    add = page.locator(".st-key-uc_library_add button")
    tick_row(grid, 0)
    expect(add).to_have_text(re.compile("Add 1 selected"))
    tick_row(grid, 1)
    expect(add).to_have_text(re.compile("Add 2 selected"))
    add.click()
    _sidebar(page, "4 use cases")
    wait_for_app(page)

    source = tmp_path / "inventar.csv"
    source.write_bytes(CSV.encode("cp1252"))
    page.get_by_role("tab", name=re.compile("Import")).click()
    upload_to_import(page, source)
    expect(page.get_by_text("6 rows, 5 columns.")).to_be_visible()
    expect(page.locator(".st-key-uc_import_map_annual_value input")).to_have_value("Value (k EUR)")
    # The decimal comma is guessed from the column (45,5 and 1.234,5 prove it) and shown to confirm.
    decimal = page.locator("[class*='st-key-uc_import_decimal_']")
    expect(decimal.get_by_role("radio", name="Decimal comma: 1.234,5")).to_be_checked()
    expect(page.get_by_text("6 of 6 rows ready to import")).to_be_visible()
    preview = page.locator(".st-key-uc_import_preview")
    preview.get_by_test_id("stDataFrameResizable").hover()  # the grid builds its accessible table on hover
    for value in ("45.5", "1200", "1234.5"):  # were 455, 1.2 and 12345
        expect(preview.locator("td", has_text=re.compile(rf"^{re.escape(value)}$"))).to_have_count(1)
    page.locator(".st-key-uc_import_go button").click()
    _sidebar(page, "10 use cases")
    wait_for_app(page)
    page.get_by_role("tab", name=re.compile("Table")).click()
    save_screenshot(page, "journey-use-cases")

    # 4. Links for the room.
    go_to(page, "Share & export")  # the workshop was saved at the first edit, so its links exist already
    codes = page.get_by_test_id("stCode")
    expect(codes.first).to_be_visible()
    participant_link = codes.first.inner_text().strip()
    assert "p=" not in participant_link and "k=" in participant_link

    # 5. Eight phones score the first use case on their list, with names, and the facilitator sees each one.
    phones = [browser.new_context(viewport=PHONE, is_mobile=True).new_page() for _ in range(8)]
    for number, phone in enumerate(phones):
        phone.goto(participant_link)
        wait_for_app(phone)
        phone.locator(".st-key-jn_name input").fill(f"Person {number + 1}")
        phone.locator(".st-key-jn_name input").press("Enter")
        wait_for_app(phone)
        card = phone.locator("[class*='st-key-jn_card_']").first
        for criterion in CRITERIA:
            card.locator(f"[class*='_{criterion}']").get_by_text(str(3 + number % 2), exact=True).click()
        card.get_by_role("button", name="Submit").click()
        expect(card.get_by_text("Scored")).to_be_visible()
        expect(phone.get_by_text("1 of 10 scored")).to_be_visible()
    save_screenshot(phones[0], "journey-phone")

    go_to(page, "Prioritise")
    page.locator(".st-key-pr_source").get_by_text("The room (live)").click()
    expect(page.get_by_text("8 participants · 8 scores")).to_be_visible()
    # Who has not finished, by name.
    expect(page.get_by_text(re.compile(r"0 of 8 finished\. Still scoring: Person 1 \(1 of 10\)"))).to_be_visible()
    save_screenshot(page, "journey-room")
    page.get_by_role("button", name="Adopt the room's scores").click()
    expect(undo_button(page)).to_have_accessible_name("Undo: adopt the room's scores")
    for phone in phones:
        phone.context.close()

    # 6. Choose the roadmap by dragging a box over the whole matrix.
    page.locator(".st-key-pr_source").get_by_text("The workshop's scores").click()
    matrix = page.locator(".st-key-pr_matrix")
    expect(matrix).to_be_visible()
    wait_for_app(page)
    box = matrix.locator(".nsewdrag").first.bounding_box()
    assert box is not None and box["y"] < PROJECTOR["height"], "the matrix starts on the first screen"
    page.mouse.move(box["x"] + 4, box["y"] + 4)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 4, box["y"] + box["height"] - 4, steps=8)
    page.mouse.up()
    expect(page.get_by_text("10 selected")).to_be_visible()
    page.locator(".st-key-pr_pick_only button").click()
    expect(page.get_by_test_id("stMetric").filter(has_text="On the roadmap")).to_contain_text("10 of 10")
    wait_for_app(page)
    save_screenshot(page, "journey-prioritise")

    # 7. The Gantt starts on the first screen, with a row per use case.
    go_to(page, "Roadmap")
    gantt = page.locator(".st-key-rm_gantt")
    expect(gantt.locator(".barlayer .point path").first).to_be_visible()
    gantt_box = gantt.bounding_box()
    assert gantt_box is not None and gantt_box["y"] < PROJECTOR["height"]
    expect(gantt.get_by_text("Rechnungsabgleich", exact=True)).to_be_visible()
    save_screenshot(page, "journey-roadmap")

    # 8. A gate decision, next to the planned gate dates.
    go_to(page, "Gates & risks")
    page.get_by_role("tab", name=re.compile("Decisions")).click()
    expect(page.locator(".st-key-gr_gate_calendar")).to_be_visible()
    page.get_by_role("textbox", name="Why").fill("Pilot met its target")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_test_id("stToast").filter(has_text="Recorded: Go for")).to_be_visible()
    wait_for_app(page)

    # 9. Exports: the workbook's Gantt reads the Roadmap sheet; the HTML opens; the workbook comes back.
    go_to(page, "Share & export")
    workbook_path = download(page, "sx_xlsx", tmp_path)
    book = load_workbook(workbook_path)
    assert str(book["Gantt"]["C6"].value).startswith("='Roadmap'!D")
    summary = " ".join(str(c.value) for row in book["Summary"].iter_rows() for c in row if c.value)
    assert "Werk Süd GmbH" in summary and "Marta Okafor" not in summary
    assert download(page, "sx_html", tmp_path).suffix == ".html"

    go_to(page, "Use cases")
    page.get_by_role("tab", name=re.compile("Import")).click()
    upload_to_import(page, workbook_path)
    expect(page.get_by_text("No edits were made in Excel.")).to_be_visible()
    page.locator(".st-key-uc_import_open_own button").click()
    expect(sidebar_title(page)).to_have_text("Werk Süd AI roadmap")
    _sidebar(page, "10 use cases")
    expect(main_title(page)).to_have_text("Use cases")
    expect_no_exception(page)
