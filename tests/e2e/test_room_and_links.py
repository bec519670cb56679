"""Links with roles and live scoring in real browsers: the room scores from phones, the facilitator adopts,
viewers only read, tampered links are refused, and the links survive a server restart."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PHONE, VIEWPORT, StreamlitServer, expect_no_exception, go_to, sidebar_title, wait_for_app
from tests.e2e.test_screenshots import save_screenshot

pytestmark = pytest.mark.e2e

CRITERIA = ("business_value", "strategic_importance", "data_readiness", "technical_complexity", "integration_effort")
USE_CASE = "warranty-claims-triage"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    folder = tmp_path_factory.mktemp("room")
    running = StreamlitServer(folder, folder / "data")
    running.start()
    yield running
    running.stop()


def _facilitator_links(browser: Browser, base_url: str) -> tuple[Page, list[str]]:
    page = browser.new_context(viewport=VIEWPORT).new_page()
    page.goto(base_url + "/share")
    wait_for_app(page)
    page.locator(".st-key-sx_make_links button").click()
    page.get_by_text("Facilitator link").click()  # collapsed: the Share page is what the projector shows
    codes = page.get_by_test_id("stCode")
    expect(codes).to_have_count(3)
    expect(codes.nth(2)).to_be_visible()
    wait_for_app(page)
    participant, viewer, facilitator = (text.strip() for text in codes.all_inner_texts())
    expect(page.get_by_test_id("stImage")).to_be_visible()  # the QR code
    return page, [participant, viewer, facilitator]


def _score(page: Page, value: int) -> None:
    card = page.locator(f".st-key-jn_card_{USE_CASE}")
    for criterion in CRITERIA:
        card.locator(f".st-key-jn_{USE_CASE}_{criterion}").get_by_text(str(value), exact=True).click()
    card.get_by_role("button", name="Submit").click()


def test_three_phones_score_and_the_facilitator_adopts_the_room(browser: Browser, server: StreamlitServer) -> None:
    facilitator, (participant_link, _, _) = _facilitator_links(browser, server.base_url)
    phones = [browser.new_context(viewport=PHONE, is_mobile=True).new_page() for _ in range(3)]
    for value, phone in zip((2, 4, 4), phones, strict=True):
        phone.goto(participant_link)
        wait_for_app(phone)
        expect(phone.get_by_role("heading", name="Score the use cases")).to_be_visible()
        # A participant sees only the Join page: no navigation to the facilitator's pages.
        expect(phone.get_by_test_id("stSidebarNav")).to_have_count(0)
        _score(phone, value)
        expect(phone.get_by_text("1 of 12 scored")).to_be_visible()
        expect(phone.locator(f".st-key-jn_card_{USE_CASE}").get_by_text("Scored")).to_be_visible()
        expect_no_exception(phone)
    save_screenshot(phones[1], "join-phone")
    # A refresh keeps the participant's ballots (their id travels in the link).
    phones[0].reload()
    wait_for_app(phones[0])
    expect(phones[0].get_by_text("1 of 12 scored")).to_be_visible()

    go_to(facilitator, "Prioritise")
    facilitator.locator(".st-key-pr_source").get_by_text("The room (live)").click()
    expect(facilitator.get_by_text("3 participants · 3 scores")).to_be_visible()
    expect(facilitator.locator(".st-key-pr_room_matrix")).to_be_visible()
    save_screenshot(facilitator, "room")
    facilitator.get_by_role("button", name="Adopt the room's scores").click()
    expect(
        facilitator.get_by_test_id("stSidebar").get_by_role("button", name="Undo: adopt the room's scores")
    ).to_be_visible()
    expect_no_exception(facilitator)


def test_a_tap_made_while_another_card_is_being_counted_is_kept(browser: Browser, server: StreamlitServer) -> None:
    _, (participant_link, _, _) = _facilitator_links(browser, server.base_url)
    phone = browser.new_context(viewport=PHONE, is_mobile=True).new_page()
    phone.goto(participant_link)
    wait_for_app(phone)
    first, second = (phone.locator(f".st-key-jn_card_{uc}") for uc in (USE_CASE, "demand-forecast"))
    for criterion in CRITERIA:
        first.locator(f".st-key-jn_{USE_CASE}_{criterion}").get_by_text("4", exact=True).click()
    for criterion in CRITERIA[:-1]:
        second.locator(f".st-key-jn_demand-forecast_{criterion}").get_by_text("2", exact=True).click()
    first.get_by_role("button", name="Submit").click()
    # Straight away, while the first card is being counted: the last tap of the second card.
    second.locator(f".st-key-jn_demand-forecast_{CRITERIA[-1]}").get_by_text("2", exact=True).click()
    expect(first.get_by_text("Scored")).to_be_visible()
    second.get_by_role("button", name="Submit").click()
    expect(second.get_by_text("Scored")).to_be_visible()  # was "Pick a score for: Integration effort"
    expect(second.get_by_text("Pick a score")).to_have_count(0)
    expect(phone.get_by_text("2 of 12 scored")).to_be_visible()
    # What 1 and 5 mean is on the phone, under each criterion.
    expect(first.get_by_text("1 = Little or no measurable gain · 5 = A large, measurable gain")).to_be_visible()
    expect_no_exception(phone)


def test_a_split_vote_is_shown_and_discussed_before_it_is_adopted(browser: Browser, server: StreamlitServer) -> None:
    facilitator, (participant_link, _, _) = _facilitator_links(browser, server.base_url)
    for value in (1, 1, 5, 5):
        phone = browser.new_context(viewport=PHONE, is_mobile=True).new_page()
        phone.goto(participant_link)
        wait_for_app(phone)
        _score(phone, value)
        expect(phone.locator(f".st-key-jn_card_{USE_CASE}").get_by_text("Scored")).to_be_visible()
        phone.context.close()
    go_to(facilitator, "Prioritise")
    facilitator.locator(".st-key-pr_source").get_by_text("The room (live)").click()
    expect(facilitator.get_by_text("4 participants · 4 scores")).to_be_visible()
    facilitator.get_by_role("button", name="Adopt the room's scores").click()
    confirm = facilitator.locator(".st-key-pr_room_split_confirm")
    expect(confirm).to_contain_text("The room is split on 5 scores")
    save_screenshot(facilitator, "room-split")
    confirm.get_by_role("button", name="Adopt, but not the split votes").click()
    toast = facilitator.get_by_test_id("stToast").filter(has_text="Split votes keep the workshop's own scores")
    expect(toast).to_be_visible()
    expect_no_exception(facilitator)


def test_the_viewer_only_reads_and_a_tampered_link_is_refused(browser: Browser, server: StreamlitServer) -> None:
    _, (_, viewer_link, _) = _facilitator_links(browser, server.base_url)
    viewer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    viewer.goto(viewer_link)
    wait_for_app(viewer)
    nav = viewer.get_by_test_id("stSidebarNav")
    expect(nav.get_by_role("link")).to_have_count(4)
    for title in ("Roadmap", "Priorities", "Readiness", "Status"):
        expect(nav.get_by_role("link", name=title)).to_be_visible()
    expect(viewer.get_by_text("View only: this link cannot change the plan.")).to_be_visible()
    expect(viewer.get_by_role("button", name="Start blank")).to_have_count(0)
    expect(viewer.locator(".st-key-vw_gantt")).to_be_visible()
    expect_no_exception(viewer)
    nav.get_by_role("link", name="Status").click()
    expect(viewer.get_by_role("heading", name="Status", level=1)).to_be_visible()
    expect(viewer.get_by_text("The programme team has not taken a baseline yet")).to_be_visible()
    expect(viewer.get_by_test_id("stMain").get_by_test_id("stMetric")).to_have_count(4)
    expect(viewer.get_by_role("button", name="Take baseline")).to_have_count(0)
    expect_no_exception(viewer)

    # On a phone the same dates read as a list, one card per use case.
    phone = browser.new_context(viewport=PHONE, is_mobile=True).new_page()
    phone.goto(viewer_link)
    wait_for_app(phone)
    phone.get_by_role("tab", name=re.compile("By use case")).click()
    cards = phone.get_by_role("tabpanel", name=re.compile("By use case"))
    expect(cards.get_by_text("Organisation-wide assessment", exact=True)).to_be_visible()
    expect(cards.get_by_text(re.compile(r"^Pilot & validation: \d+ \w{3} \d{4} – ")).first).to_be_visible()
    save_screenshot(phone, "viewer-phone")
    expect_no_exception(phone)

    tampered = viewer_link[:-4] + ("AAAA" if not viewer_link.endswith("AAAA") else "BBBB")
    stranger = browser.new_context().new_page()
    stranger.goto(tampered)
    wait_for_app(stranger)
    expect(stranger.get_by_role("heading", name="This link does not open a workshop")).to_be_visible()
    expect(stranger.get_by_text("Tarnfield")).to_have_count(0)
    expect_no_exception(stranger)


def test_links_still_work_after_the_server_restarts(browser: Browser, server: StreamlitServer, tmp_path: Path) -> None:
    facilitator, (participant_link, _, facilitator_link) = _facilitator_links(browser, server.base_url)
    go_to(facilitator, "Workshop")
    facilitator.locator(".st-key-ws_name input").fill("Restart-proof plan")
    facilitator.get_by_role("button", name="Save settings").click()
    expect(sidebar_title(facilitator)).to_have_text("Restart-proof plan")
    phone = browser.new_context(viewport=PHONE, is_mobile=True).new_page()
    phone.goto(participant_link)
    wait_for_app(phone)
    _score(phone, 3)
    expect(phone.get_by_text("1 of 12 scored")).to_be_visible()

    server.stop()
    server.start()

    reopened = browser.new_context(viewport=VIEWPORT).new_page()
    reopened.goto(facilitator_link)
    wait_for_app(reopened)
    expect(sidebar_title(reopened)).to_have_text("Restart-proof plan")
    # The phone's own address carries its participant id, so reloading it finds its score again.
    phone.reload()
    wait_for_app(phone)
    expect(phone.get_by_text("1 of 12 scored")).to_be_visible()
    expect_no_exception(reopened)
    expect_no_exception(phone)
