"""Text is text: a workshop whose every user-text field holds Markdown and HTML that would load a remote image or
make a link is shown literally, to the facilitator, a participant and a viewer, and nothing is ever fetched."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from playwright.sync_api import Browser, FilePayload, Page, ViewportSize, expect

from tests.e2e.conftest import (
    FACILITATOR_PAGE_TITLES,
    REPO_ROOT,
    StreamlitServer,
    expect_no_exception,
    go_to,
    sidebar_title,
    undo_button,
    wait_for_app,
)

pytestmark = pytest.mark.e2e

DESKTOP: ViewportSize = {"width": 1440, "height": 1000}
PHONE: ViewportSize = {"width": 390, "height": 844}
FACILITATOR_PAGES = FACILITATOR_PAGE_TITLES
VIEWER_PAGES = ("Roadmap", "Priorities", "Readiness")
SCORED = "warranty-claims-triage"


class _Bait(ThreadingHTTPServer):
    """Counts every request: a payload that reached the page as Markdown or HTML would make the browser call here."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _BaitHandler)
        self.requests: list[str] = []
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _BaitHandler(BaseHTTPRequestHandler):
    server: _Bait

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.requests.append(self.path)
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_POST = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def bait() -> Iterator[_Bait]:
    server = _Bait()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    folder = tmp_path_factory.mktemp("payloads")
    running = StreamlitServer(folder, folder / "data")
    running.start()
    yield running
    running.stop()


def _payload(base: str, tag: str) -> str:
    """Markdown image, Markdown link, raw HTML image and a colour directive, each pointing at the bait server."""
    return f'![x]({base}/img-{tag}.png) [link]({base}/link-{tag}) <img src="{base}/raw-{tag}.png"> :red[x]'


def _short(base: str, tag: str) -> str:
    """The same within a criterion label's 80 characters."""
    return f"![x]({base}/{tag}.png) :red[{tag}]"


def _as_typed(text: str) -> re.Pattern[str]:
    """`text` shown literally; an invisible word joiner (U+2060) between characters may keep an address from
    turning into a link."""
    return re.compile("\u2060?".join(re.escape(c) for c in text))


def _workshop_file(base: str) -> FilePayload:
    data = json.loads((REPO_ROOT / "data" / "sample_workshop.json").read_text())
    data["name"] = _payload(base, "name")
    data["organisation"] = _payload(base, "org")
    data["facilitator"] = _payload(base, "fac")
    for index, criterion in enumerate(data["criteria"]):
        criterion["label"] = _short(base, f"c{index}")
        criterion["help"] = _payload(base, f"help{index}")
    for index, use_case in enumerate(data["use_cases"]):
        use_case["name"] = _payload(base, f"uc{index}")
        use_case["description"] = _payload(base, f"desc{index}")
        use_case["owner"] = _payload(base, f"own{index}")
        use_case["department"] = _payload(base, f"dep{index}")
        for number, kpi in enumerate(use_case["kpis"]):
            kpi["metric"] = _payload(base, f"kpi{index}-{number}")
            kpi["unit"] = _short(base, f"unit{index}-{number}")
        use_case["gate_decisions"] = [
            {"gate": "go_no_go", "decision": "go", "date": "2027-03-01", "note": _payload(base, f"note{index}")}
        ]
    # A file name can hold no "/", but a browser reads "http:\\host\path" as "http://host/path".
    host = base.removeprefix("http://")
    return {
        "name": f"plan ![f](http:\\\\{host}\\\\file.png) :red[f].json",
        "mimeType": "application/json",
        "buffer": json.dumps(data).encode(),
    }


class _Findings:
    """Elements that load from or link to the bait server, each under the first place it was seen."""

    SCRIPT = "els => els.map(e => `<${e.tagName.toLowerCase()}> ${e.getAttribute('src') || e.getAttribute('href')}`)"

    def __init__(self, bait: _Bait) -> None:
        self.host = bait.base.removeprefix("http://")
        self.first_seen: dict[str, str] = {}

    def check(self, page: Page, where: str) -> None:
        """Called once the app is idle: the page as drawn, so a link (which fetches nothing) is caught too."""
        expect_no_exception(page)
        selector = f"[src*='{self.host}'], [href*='{self.host}'], [srcset*='{self.host}']"
        for element in page.locator(selector).evaluate_all(self.SCRIPT):
            self.first_seen.setdefault(element, where)

    def by_place(self) -> dict[str, list[str]]:
        places: dict[str, list[str]] = {}
        for element, where in self.first_seen.items():
            places.setdefault(where, []).append(element)
        return places


def _hover_help(page: Page, scope: str, findings: _Findings, where: str) -> None:
    """Widget help is Markdown drawn only on hover: open each tooltip in `scope` in turn."""
    icons = page.locator(scope).get_by_test_id("stTooltipIcon")
    expect(icons.first).to_be_visible()
    tooltip = page.get_by_test_id("stTooltipContent")
    for index in range(icons.count()):
        icons.nth(index).hover()
        expect(tooltip).to_be_visible()
        findings.check(page, f"{where}: help tooltip {index + 1}")
        page.mouse.move(0, 0)
        expect(tooltip).to_have_count(0)


def _share_links(page: Page) -> tuple[str, str]:
    # Opening the file saved the workshop, so it has its links already; the facilitator's is collapsed.
    page.get_by_text("Facilitator link").click()
    codes = page.get_by_test_id("stCode")
    expect(codes).to_have_count(3)
    wait_for_app(page)
    participant, viewer, _ = (text.strip() for text in codes.all_inner_texts())
    return participant, viewer


def test_user_text_never_loads_or_links_anything(browser: Browser, server: StreamlitServer, bait: _Bait) -> None:
    facilitator = browser.new_context(viewport=DESKTOP).new_page()
    facilitator.goto(server.base_url)
    wait_for_app(facilitator)
    upload = _workshop_file(bait.base)
    findings = _Findings(bait)
    facilitator.locator("[class*='st-key-ws_upload_json'] input[type=file]").set_input_files(upload)
    # Shown, not dropped: the name's Markdown is there as literal text.
    expect(sidebar_title(facilitator)).to_contain_text(_as_typed(f"![x]({bait.base}/img-name.png)"))
    # The file's name, in the sidebar's undo button (a widget label), as typed.
    expect(undo_button(facilitator)).to_contain_text("Undo: open plan ![f](http:")
    wait_for_app(facilitator)
    findings.check(facilitator, "Workshop, after opening the file")

    participant_link = viewer_link = ""
    for title in FACILITATOR_PAGES:
        go_to(facilitator, title)
        findings.check(facilitator, title)
        if title == "Use cases":
            for tab in ("Add one", "From the library", "KPIs", "Import", "Table"):
                facilitator.get_by_role("tab", name=tab).click()
                expect(facilitator.get_by_role("tab", name=tab)).to_have_attribute("aria-selected", "true")
                findings.check(facilitator, f"{title}, {tab}")
                if tab == "Add one":
                    expect(facilitator.locator("[class*='st-key-uc_form_score_business_value_']")).to_contain_text(
                        _as_typed(f"![x]({bait.base}/c0.png) :red[c0]")
                    )
                    _hover_help(facilitator, "[class*='st-key-uc_form_score_']", findings, f"{title}, {tab}")
                if tab == "Import":
                    csv = f"Name,Department,{_short(bait.base, 'h')},{_short(bait.base, 'h')}\n"
                    csv += f'"{_payload(bait.base, "row")}",{_short(bait.base, "d")},9,x\n'
                    facilitator.locator(".st-key-uc_import_file input[type=file]").set_input_files(
                        {"name": "list ![f](f.png).csv", "mimeType": "text/csv", "buffer": csv.encode()}
                    )
                    expect(facilitator.get_by_text("1 row, 4 columns.")).to_be_visible()
                    expect(facilitator.locator(".st-key-uc_import_map_business_value")).to_contain_text(
                        _as_typed(f"![x]({bait.base}/c0.png) :red[c0] (1–5)")
                    )
                    wait_for_app(facilitator)
                    findings.check(facilitator, f"{title}, {tab}, a CSV read")
        if title == "Prioritise":
            _hover_help(facilitator, "[class*='st-key-pr_weight_']", findings, title)
        if title == "Gates & risks":
            for tab in ("Decisions", "KPIs", "Risks", "Checklists"):
                facilitator.get_by_role("tab", name=tab).click()
                expect(facilitator.get_by_role("tab", name=tab)).to_have_attribute("aria-selected", "true")
                findings.check(facilitator, f"{title}, {tab}")
        if title == "Share & export":
            participant_link, viewer_link = _share_links(facilitator)
            findings.check(facilitator, f"{title}, with links")

    # A participant on a phone scores one use case; the toast names it as typed.
    phone = browser.new_context(viewport=PHONE, is_mobile=True).new_page()
    phone.goto(participant_link)
    wait_for_app(phone)
    card = phone.locator(f".st-key-jn_card_{SCORED}")
    expect(card).to_contain_text(_as_typed(f"![x]({bait.base}/img-uc0.png)"))
    findings.check(phone, "Join")
    _hover_help(phone, f".st-key-jn_card_{SCORED}", findings, "Join")
    phone.locator(".st-key-jn_name input").fill(_payload(bait.base, "voter")[:80])
    criteria = card.locator(f"[class*='st-key-jn_{SCORED}_']")
    expect(criteria).to_have_count(5)
    for index in range(5):
        criteria.nth(index).get_by_text("3", exact=True).click()
    card.get_by_role("button", name="Submit").click()
    expect(phone.get_by_test_id("stToast").filter(has_text="Counted: your score for ![x](")).to_be_visible()
    wait_for_app(phone)
    findings.check(phone, "Join, after scoring")

    # The facilitator's live view of the room, with the criteria as column names.
    go_to(facilitator, "Prioritise")
    facilitator.locator(".st-key-pr_source").get_by_text("The room (live)").click()
    expect(facilitator.get_by_text("1 participant · 1 score")).to_be_visible()
    expect(facilitator.locator(".st-key-pr_room_matrix")).to_be_visible()
    wait_for_app(facilitator)
    findings.check(facilitator, "Prioritise, the room")

    # A sponsor with the viewer link, on every page it opens.
    viewer = browser.new_context(viewport=DESKTOP).new_page()
    viewer.goto(viewer_link)
    wait_for_app(viewer)
    expect(sidebar_title(viewer)).to_contain_text("![x](")
    findings.check(viewer, "Viewer")
    for title in VIEWER_PAGES:
        go_to(viewer, title)
        findings.check(viewer, f"Viewer, {title}")

    # The local workshop list, unlocked with the admin key, and its delete confirmation.
    go_to(facilitator, "Workshop")
    key = os.environ.get("ROADMAP_ADMIN_KEY") or (server.data_dir / "admin_key").read_text().strip()
    facilitator.get_by_text("Workshops on this computer").click()
    facilitator.locator(".st-key-ws_admin_key input").fill(key)
    facilitator.get_by_role("button", name="Unlock").click()
    expect(facilitator.locator(".st-key-ws_list_pick")).to_be_visible()
    wait_for_app(facilitator)
    facilitator.get_by_role("button", name="Delete", exact=True).click()
    expect(facilitator.get_by_test_id("stPopoverBody")).to_contain_text(
        _as_typed(f"Delete ![x]({bait.base}/img-name.png)")
    )
    findings.check(facilitator, "Workshop, delete popover")

    with bait.lock:
        fetched = sorted(set(bait.requests))
    places = findings.by_place()
    assert (fetched, places) == ([], {}), f"user text loaded {fetched}; elements pointing at it: {places}"
