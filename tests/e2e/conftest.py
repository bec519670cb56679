"""Browser tests: a real `streamlit run` per test module, the system Chromium, and waits that mean "the app is idle".

Tests here wait only with Playwright's `expect(...)`: never with sleeps or fixed timeouts.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, ViewportSize, expect

REPO_ROOT = Path(__file__).resolve().parents[2]
E2E_DIR = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT: ViewportSize = {"width": 1440, "height": 1000}  # a laptop
PROJECTOR: ViewportSize = {"width": 1280, "height": 720}
# Every facilitator page but the first, in the navigation's order, ending back on Workshop.
FACILITATOR_PAGE_TITLES = (
    "Readiness",
    "Use cases",
    "Prioritise",
    "Portfolio",
    "Roadmap",
    "Gates & risks",
    "Progress",
    "Share & export",
    "Workshop",
)
PHONE: ViewportSize = {"width": 390, "height": 844}
SERVER_START_SECONDS = 60
# Generous for a loaded CI runner; a healthy local run never comes close.
EXPECT_TIMEOUT_MS = 15_000

expect.set_options(timeout=EXPECT_TIMEOUT_MS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test in this folder is an e2e test, even if a module forgets its `pytestmark`."""
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session", autouse=True)
def _require_chromium() -> None:
    """No Chromium: skip locally, but fail in CI, where a skipped browser test would hide a broken pipeline."""
    if CHROMIUM.exists():
        return
    message = f"Chromium is not installed at {CHROMIUM}; the browser tests need it."
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} CI=true, so they must not be skipped: install chromium in the CI image.")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _is_healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return bool(response.status == 200 and response.read().strip() == b"ok")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


class StreamlitServer:
    """`streamlit run app.py` on a loopback port, with its own database folder; can be stopped and started again."""

    def __init__(self, log_dir: Path, data_dir: Path, port: int | None = None) -> None:
        self.port = port or _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_dir / "server.log"
        self.data_dir = data_dir
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ]
        env = {**os.environ, "ROADMAP_DATA_DIR": str(self.data_dir)}
        env.pop("DATABASE_URL", None)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        _wait_until_healthy(self.process, f"{self.base_url}/_stcore/health", self.log_path)

    def kill(self) -> None:
        """As `kill -9` would: no shutdown, no goodbye to the browsers."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start the app once per test module on a free loopback port; yield its base URL."""
    folder = tmp_path_factory.mktemp("streamlit")
    server = StreamlitServer(folder, folder / "data")
    server.start()
    try:
        yield server.base_url
    finally:
        server.stop()


def _wait_until_healthy(process: subprocess.Popen[bytes], health_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while not _is_healthy(health_url):
        if time.monotonic() > deadline:
            log = log_path.read_text()
            pytest.fail(f"streamlit did not answer {health_url} within {SERVER_START_SECONDS}s:\n{log}")
        # Waiting on the process paces the polling and notices at once if streamlit died on start-up.
        try:
            code = process.wait(timeout=0.25)
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"streamlit exited with code {code} before it was healthy:\n{log_path.read_text()}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="module")
def browser_context_args(browser_context_args: dict[str, Any], app_server: str) -> dict[str, Any]:
    """Each context talks to this module's server, so `page.goto("/roadmap")` works."""
    return {**browser_context_args, "base_url": app_server, "viewport": VIEWPORT, "accept_downloads": True}


# --- Helpers ------------------------------------------------------------------------------------------------------


def wait_for_app(page: Page) -> None:
    """Wait until the script has finished and every lazily loaded widget has replaced its skeleton.

    Right after a click the app may not have started its rerun yet, so first `expect` what the click
    should change, then call this.
    """
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED")
    expect(app).to_have_attribute("data-test-script-state", "notRunning")
    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden()
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)
    expect(main_title(page)).to_be_visible()


def expect_no_exception(page: Page) -> None:
    """Something that must never happen: a traceback box anywhere in the app."""
    expect(page.get_by_test_id("stException")).to_have_count(0)


def main_title(page: Page) -> Locator:
    return page.get_by_test_id("stMain").get_by_role("heading", level=1)


def sidebar_title(page: Page) -> Locator:
    """The open workshop's name, as the sidebar shows it."""
    return page.get_by_test_id("stSidebar").get_by_role("heading", level=3)


def undo_button(page: Page) -> Locator:
    return page.locator(".st-key-sidebar_undo button")


def open_app(page: Page, path: str = "/") -> None:
    """A fresh session (each page load is one) on `path`, idle and without an exception."""
    page.goto(path)
    wait_for_app(page)
    expect_no_exception(page)


def go_to(page: Page, title: str) -> None:
    """Switch pages through the sidebar, which keeps the session (`page.goto` would start a new one)."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    expect(main_title(page)).to_have_text(title)
    wait_for_app(page)
    expect_no_exception(page)


def pick_option(page: Page, selectbox: Locator, option: str) -> None:
    """Choose `option` in a st.selectbox (`selectbox` is its `.st-key-...` element) as a user would: one click on
    the field opens the menu, one on the option picks it.

    The selectbox closes its menu on any scroll of the page around it, and a scroll's `scroll` event arrives one
    frame later. A click on a field off the screen scrolls and presses in the same frame, so that late event
    closed the menu it had just opened (after an add, the new form's first row is above the screen). So bring the
    field on screen first and let that frame pass: `to_be_in_viewport` is answered by an IntersectionObserver,
    whose first report comes after the frame's scroll events. It asks for 90% of the field, not all of it: the
    field can sit a fraction of a pixel past the edge after the scroll (0.998 was seen), which is still on screen.
    """
    field = selectbox.locator("input")
    field.scroll_into_view_if_needed()
    expect(field).to_be_in_viewport(ratio=0.9)
    field.click()
    choice = page.get_by_role("option", name=option, exact=True)
    expect(choice).to_be_visible()
    choice.click()
    expect(field).to_have_value(option)


def tick_row(grid: Locator, row: int) -> None:
    """Tick a row's checkbox in a selectable data grid. The grid draws on a canvas and its accessibility table has
    no checkbox column, so click where the checkbox is drawn: the first column, `row` rows below the header."""
    box = grid.get_by_test_id("stDataFrameResizable").bounding_box()
    assert box is not None, "the data grid is not on screen"
    grid.page.mouse.click(box["x"] + 18, box["y"] + GRID_ROW_PX * (row + 1) + GRID_ROW_PX / 2)


GRID_ROW_PX = 35  # Streamlit's data grid: the header and every row are 35 px high


def library_grid(page: Page, query: str) -> Locator:
    """The library's table for one search: each search is its own table, keyed by it (the last one may linger,
    marked stale, while the new one draws)."""
    return page.locator(f"[class*='st-key-uc_library_table_'][class*='_All_{query}']")


def upload_to_import(page: Page, path: Path) -> None:
    """Give a file to the import wizard (Use cases → Import, already open) and wait until it has read it."""
    page.locator(".st-key-uc_import_file input[type=file]").set_input_files(path)
    wait_for_app(page)


def download(page: Page, button_key: str, folder: Path) -> Path:
    """Click a download button and keep the file it gives, under the name the app suggests."""
    with page.expect_download() as started:
        page.locator(f".st-key-{button_key} button").click()
    saved = folder / started.value.suggested_filename
    started.value.save_as(saved)
    return saved
