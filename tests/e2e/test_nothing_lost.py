"""Nothing lost in a real browser: the link survives page switches and refreshes, two tabs racing keep both
edits, and a page served under a foreign host name (DNS rebinding) is turned away."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserType, Page, expect

from tests.e2e.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWPORT,
    StreamlitServer,
    go_to,
    main_title,
    open_app,
    sidebar_title,
    wait_for_app,
)

pytestmark = pytest.mark.e2e

LINK = re.compile(r"[?&]w=[a-z0-9_-]+&k=[A-Za-z0-9_-]+")


def _save_settings(page: Page, **fields: str) -> None:
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    wait_for_app(page)


def test_the_link_survives_page_switches_a_refresh_and_a_new_tab(page: Page) -> None:
    open_app(page)
    _save_settings(page, **{"Workshop name": "Harbour board roadmap", "Organisation": "Harbour Ltd"})
    expect(page).to_have_url(LINK)
    link = page.url
    for title in ("Roadmap", "Use cases", "Share & export", "Readiness"):
        go_to(page, title)
        expect(page).to_have_url(LINK)
        assert page.url.split("?")[1] == link.split("?")[1]
    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Readiness")
    expect(sidebar_title(page)).to_have_text("Harbour board roadmap")
    second = page.context.new_page()
    second.goto(page.url.replace("/readiness", "/"))
    wait_for_app(second)
    expect(second.get_by_label("Organisation", exact=True)).to_have_value("Harbour Ltd")


def test_two_tabs_racing_on_one_workshop_keep_both_edits(browser: Browser, app_server: str) -> None:
    first = browser.new_context(base_url=app_server, viewport=VIEWPORT).new_page()
    open_app(first)
    _save_settings(first, **{"Workshop name": "Shared plan"})
    link = first.url
    second = browser.new_context(base_url=app_server, viewport=VIEWPORT).new_page()
    second.goto(link)
    wait_for_app(second)
    # Both tabs show the same workshop; each changes a different field without seeing the other's change.
    first.get_by_label("Facilitator", exact=True).fill("Ada Lovelace")
    second.get_by_label("Organisation", exact=True).fill("Analytical Engines")
    first.get_by_role("button", name="Save settings").click()
    second.get_by_role("button", name="Save settings").click()
    for tab in (first, second):
        expect(tab.get_by_text("Settings saved.")).to_be_visible()
        wait_for_app(tab)
    # The other tab's change reaches each tab without a click (the change watcher), and nothing was lost.
    for tab in (first, second):
        expect(tab.get_by_label("Facilitator", exact=True)).to_have_value("Ada Lovelace")
        expect(tab.get_by_label("Organisation", exact=True)).to_have_value("Analytical Engines")
    third = browser.new_context(base_url=app_server, viewport=VIEWPORT).new_page()
    third.goto(link)
    wait_for_app(third)
    expect(third.get_by_label("Facilitator", exact=True)).to_have_value("Ada Lovelace")
    expect(third.get_by_label("Organisation", exact=True)).to_have_value("Analytical Engines")


@pytest.fixture
def rebinding_browser(browser_type: BrowserType, browser_type_launch_args: dict[str, Any]) -> Any:
    """A browser that resolves a foreign domain to this machine, as a DNS-rebinding attack makes it do."""
    args = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP rebind.example 127.0.0.1"]
    launched = browser_type.launch(executable_path=str(CHROMIUM), args=args)
    yield launched
    launched.close()


def test_a_foreign_host_name_is_turned_away(rebinding_browser: Browser, app_server: str) -> None:
    port = app_server.rsplit(":", 1)[1]
    page = rebinding_browser.new_page(viewport=VIEWPORT)
    page.goto(f"http://rebind.example:{port}/")
    expect(page.get_by_text("This address is not one this Roadmap Planner serves")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)
    expect(page.get_by_text("Tarnfield")).to_have_count(0)
    # The same server by its own address works.
    page.goto(app_server + "/")
    wait_for_app(page)


@pytest.fixture
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    folder = tmp_path_factory.mktemp("crash")
    running = StreamlitServer(folder, folder / "data")
    running.start()
    yield running
    running.stop()


def test_after_a_crash_the_tab_reconnects_and_loses_nothing(browser: Browser, own_server: StreamlitServer) -> None:
    page = browser.new_context(base_url=own_server.base_url, viewport=VIEWPORT).new_page()
    open_app(page)
    _save_settings(page, **{"Workshop name": "Saved before the crash"})
    page.get_by_label("Organisation", exact=True).fill("Typed during the crash")
    own_server.kill()
    own_server.start()
    # The tab reconnects to the new server by itself; what was typed is still there, and saving it works.
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    wait_for_app(page)
    expect(sidebar_title(page)).to_have_text("Saved before the crash")
    expect(page).to_have_url(LINK)
    fresh = browser.new_context(viewport=VIEWPORT).new_page()
    fresh.goto(page.url)
    wait_for_app(fresh)
    expect(fresh.get_by_label("Organisation", exact=True)).to_have_value("Typed during the crash")
    expect(fresh.get_by_label("Workshop name", exact=True)).to_have_value("Saved before the crash")


def test_the_first_deep_link_after_a_server_start_opens_its_page_cleanly(
    browser: Browser, own_server: StreamlitServer
) -> None:
    """With a pages/ folder, Streamlit wraps the first run of a new server in its old page discovery, which does
    not know /roadmap: "Page not found" sat over the right page until the tab reloads itself once."""
    page = browser.new_context(base_url=own_server.base_url, viewport=VIEWPORT).new_page()
    open_app(page)
    _save_settings(page, **{"Workshop name": "Bookmarked plan"})
    link = page.url.split("?", 1)[1]
    page.context.close()  # else this tab reconnects first, and its run is the one wrapped
    own_server.stop()
    own_server.start()
    fresh = browser.new_context(base_url=own_server.base_url, viewport=VIEWPORT).new_page()
    fresh.goto(f"/roadmap?{link}")
    wait_for_app(fresh)
    expect(main_title(fresh)).to_have_text("Roadmap")
    expect(fresh.get_by_text("Page not found")).to_have_count(0)
    expect(sidebar_title(fresh)).to_have_text("Bookmarked plan")
    expect(fresh).to_have_url(re.compile(r"/roadmap\?w="))


def test_start_blank_and_undo_show_the_workshops_own_values_in_the_form(page: Page) -> None:
    """Widgets whose state was only deleted kept the example's values on screen, and saved them again."""
    open_app(page)
    expect(page.get_by_label("Facilitator", exact=True)).to_have_value("Marta Okafor")
    page.get_by_role("button", name="Start blank").click()
    expect(sidebar_title(page)).to_have_text("New workshop")
    wait_for_app(page)
    expect(page.get_by_label("Facilitator", exact=True)).to_have_value("")
    expect(page.get_by_label("Pilots at once", exact=True)).to_have_value("2")
    _save_settings(page, **{"Workshop name": "Blank start", "Organisation": "Fresh Co"})
    go_to(page, "Share & export")
    go_to(page, "Workshop")
    expect(page.get_by_label("Facilitator", exact=True)).to_have_value("")
    page.locator(".st-key-sidebar_undo button").click()
    expect(sidebar_title(page)).to_have_text("New workshop")
    wait_for_app(page)
    expect(page.get_by_label("Organisation", exact=True)).to_have_value("")
