"""Time what a user waits for in Chromium against `streamlit run`, for the 12-use-case example and for a realistic
inventory of 3,600 use cases (mostly under way, 40 departments, long names); prints the figures.

Run: python -m benchmarks.bench_browser   (needs /usr/bin/chromium; starts its own server on a free port)
Goals at 3,600 use cases: the import of a ~3 MB CSV from upload to table <= 3 s; every page switch <= 2 s; a table
edit <= 1 s; a weight change on Prioritise <= 1 s; the Excel export <= 3 s; an AppTest rerun of the Roadmap <= 1 s;
the server's memory after 10 edits no more than 50 MB above the loaded workshop.

Each browser figure is wall time from the user's action until the app is idle again (the script has finished and
no skeleton is left), the same wait the browser tests use. The import is timed in two parts that a user sees:
from choosing the file until the wizard shows its preview, and from Import until the table shows the use cases.
"""

from __future__ import annotations

import csv
import io
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Locator, Page, ViewportSize, expect, sync_playwright

from benchmarks.bench_pages import page_ms
from benchmarks.synthetic import realistic_portfolio
from planner.domain.models import Workshop
from planner.formats.workshop_json import load_sample_workshop
from tests.e2e.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FACILITATOR_PAGE_TITLES,
    GRID_ROW_PX,
    StreamlitServer,
    go_to,
    open_app,
    wait_for_app,
)

SIZE = 3_600
DEPARTMENTS = 40
EDITS = 10
VIEWPORT: ViewportSize = {"width": 1600, "height": 1000}
# How an inventory names its stages (the wizard maps these words to ours).
STAGE_WORDS = {
    "idea": "Initiated",
    "assessment": "Planned",
    "pilot": "Pilot",
    "scaling": "Implementation",
    "production": "Operation and Maintenance",
    "retired": "Retired",
}
HEADERS = ["Use Case Name", "Summary", "Bureau", "Development Stage", "Business value", "Topic Area", "Contact"]


IMPORTS = 3


def inventory_csv(workshop: Workshop, *, seed: int = 1) -> bytes:
    """The workshop's use cases as an agency inventory would list them: long summaries, its own stage words."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    summary = "The model reads incoming case files, drafts a first answer and flags what needs a person. " * 12
    for uc in workshop.use_cases:
        writer.writerow(
            [
                uc.name,
                summary[: rng.randint(300, 900)],
                uc.department,
                STAGE_WORDS[uc.stage.value],
                rng.randint(1, 5),
                "Mission-enabling",
                "portfolio.office@example.org",
            ]
        )
    return out.getvalue().encode()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _idle_after(page: Page, action: Callable[[], None]) -> float:
    """Seconds from `action` until the rerun it causes has finished and the app is idle."""
    page.evaluate(
        """() => {
            const app = document.querySelector('[data-testid=stApp]');
            window.__ran = false;
            window.__watch?.disconnect();
            window.__watch = new MutationObserver(() => {
                if (app.getAttribute('data-test-script-state') === 'running') window.__ran = true;
            });
            window.__watch.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
        }"""
    )
    start = time.perf_counter()
    action()
    page.wait_for_function(
        "() => window.__ran && document.querySelector('[data-testid=stApp]')"
        ".getAttribute('data-test-script-state') === 'notRunning'",
        timeout=60_000,
    )
    wait_for_app(page)
    return time.perf_counter() - start


def _import(page: Page, source: Path, size: int) -> tuple[float, float]:
    go_to(page, "Use cases")
    page.get_by_role("tab", name="Import").click()
    start = time.perf_counter()
    page.locator(".st-key-uc_import_file input[type=file]").set_input_files(source)
    go = page.locator(".st-key-uc_import_go button")
    expect(go).to_be_enabled(timeout=60_000)
    wait_for_app(page)
    preview = time.perf_counter() - start
    page.locator(".st-key-uc_import_mode").get_by_text("Replace them with these").click()
    wait_for_app(page)
    start = time.perf_counter()
    go.click()
    expect(page.get_by_test_id("stSidebar").get_by_text(f"{size} use cases")).to_be_visible(timeout=60_000)
    wait_for_app(page)
    page.get_by_role("tab", name="Table").click()
    wait_for_app(page)
    grid = page.locator(".st-key-uc_table").get_by_test_id("stDataFrameResizable")
    expect(grid).to_have_count(1)  # a rerun may briefly show the table it replaces beside it
    expect(grid.first).to_be_visible()
    return preview, time.perf_counter() - start


def _edit_weight(page: Page) -> float:
    slider = page.locator("[class*='st-key-pr_weight_'] input[type=range]").first
    slider.focus()
    return _idle_after(page, lambda: slider.press("ArrowRight"))


def _open_name_editor(page: Page, grid: Locator) -> Locator:
    """Select the first row's Id (the grid's columns: a 35 px row checkbox, Id, then Name), move right to its Name
    and open the cell's editor with Enter (the columns' widths follow their text, so clicking Name itself would
    depend on the data)."""
    table = grid.get_by_test_id("stDataFrameResizable")
    table.scroll_into_view_if_needed()
    expect(table).to_be_in_viewport()
    box = table.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 55, box["y"] + GRID_ROW_PX * 1.5)
    expect(grid.locator(":focus")).to_have_count(1)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    editor = page.locator("#portal input, #portal textarea")
    expect(editor).to_be_focused(timeout=3_000)
    return editor


def _edit_table(page: Page, value: str) -> float:
    """Change the first row's name in the use-case table as a keyboard user would; time from the Enter that commits
    it until the app is idle. The grid draws on a canvas and may redraw under the click, so try up to 3 times."""
    grid = page.locator(".st-key-uc_table")
    for attempt in range(3):
        try:
            editor = _open_name_editor(page, grid)
            break
        except AssertionError:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
    editor.fill(value)
    expect(editor).to_have_value(value)
    return _idle_after(page, lambda: editor.press("Enter"))


def _export(page: Page, folder: Path) -> tuple[float, int]:
    go_to(page, "Share & export")
    start = time.perf_counter()
    with page.expect_download(timeout=60_000) as started:
        page.locator(".st-key-sx_xlsx button").click()
    saved = folder / started.value.suggested_filename
    started.value.save_as(saved)
    return time.perf_counter() - start, saved.stat().st_size


def measure(page: Page, server: StreamlitServer, workshop: Workshop, folder: Path) -> dict[str, str]:
    figures: dict[str, str] = {}
    open_app(page)
    runs = []
    # Three imports, each replacing the last; each file is one row shorter, so the sidebar's count tells when it is in.
    for dropped in range(IMPORTS):
        size = len(workshop.use_cases) - dropped
        source = folder / f"inventory-{size}.csv"
        source.write_bytes(inventory_csv(workshop.model_copy(update={"use_cases": workshop.use_cases[:size]})))
        figures["CSV"] = f"{source.stat().st_size / 1e6:.2f} MB"
        runs.append(_import(page, source, size))
    preview, imported = (statistics.median(r[i] for r in runs) for i in (0, 1))
    total = [sum(r) for r in runs]
    figures[f"import: file to preview (median of {IMPORTS})"] = f"{preview:.2f} s"
    figures[f"import: Import to table (median of {IMPORTS})"] = f"{imported:.2f} s"
    figures[f"import: upload to table (median, max of {IMPORTS})"] = (
        f"{statistics.median(total):.2f} s, {max(total):.2f} s"
    )
    assert server.process is not None
    pid = server.process.pid
    switches = []
    for title in FACILITATOR_PAGE_TITLES:
        start = time.perf_counter()
        go_to(page, title)
        switches.append((title, time.perf_counter() - start))
    for title, seconds in switches:
        figures[f"switch to {title}"] = f"{seconds:.2f} s"
    figures["slowest page switch"] = f"{max(s for _, s in switches):.2f} s"
    go_to(page, "Prioritise")
    weights = [_edit_weight(page) for _ in range(3)]
    figures["weight change (median of 3)"] = f"{statistics.median(weights):.2f} s"
    go_to(page, "Use cases")  # the Table tab is open again, as the import left it
    wait_for_app(page)
    loaded = rss_mb(pid)
    edits = [_edit_table(page, f"Renamed in the benchmark {n}") for n in range(EDITS)]
    figures[f"table edit (median of {EDITS})"] = f"{statistics.median(edits):.2f} s"
    figures[f"server memory: loaded, after {EDITS} edits"] = f"{loaded:.0f} MB, {rss_mb(pid):.0f} MB"
    seconds, size = _export(page, folder)
    figures["Excel export"] = f"{seconds:.2f} s ({size / 1e6:.1f} MB)"
    figures["AppTest rerun of Roadmap"] = f"{page_ms('roadmap', workshop) / 1000:.2f} s"
    return figures


def main() -> None:
    workshops = {"example": load_sample_workshop(), f"{SIZE:,}": realistic_portfolio(SIZE, departments=DEPARTMENTS)}
    results: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        folder = Path(tmp)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for label, workshop in workshops.items():
            # A server per workshop, so each one's memory is its own.
            server = StreamlitServer(folder, folder / f"data-{len(workshop.use_cases)}")
            server.start()
            try:
                context = browser.new_context(base_url=server.base_url, viewport=VIEWPORT, accept_downloads=True)
                results[label] = measure(context.new_page(), server, workshop, folder)
                context.close()
            finally:
                server.stop()
        browser.close()
    labels = list(results)
    rows = list(results[labels[-1]])
    width = max(len(row) for row in rows)
    print(f"{'':<{width}}  " + "  ".join(f"{label:>18}" for label in labels))
    for row in rows:
        print(f"{row:<{width}}  " + "  ".join(f"{results[label].get(row, '-'):>18}" for label in labels))


if __name__ == "__main__":
    main()
