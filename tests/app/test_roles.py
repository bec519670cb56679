"""Links decide what a session can see: facilitator, participant (Join only), viewer (read-only), or nothing."""

import os

from streamlit.testing.v1 import AppTest

from planner.storage.store import Access, Role, Store, database_url
from tests.app.conftest import APP


def _open(links: dict[str, str], role: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["w"] = links["w"]
    at.query_params["k"] = links[role]
    return at.run()


def test_participant_link_opens_only_the_join_page(links):
    at = _open(links, "participant")
    assert not at.exception
    assert at.title[0].value == "Score the use cases"
    assert not at.sidebar.button  # no undo, no facilitator controls
    assert len(at.form) == 12  # one card per use case


def test_viewer_link_opens_read_only_pages(links):
    at = _open(links, "viewer")
    assert not at.exception
    assert at.title[0].value == "Roadmap"
    assert not at.button and not at.text_input and not at.number_input
    at.switch_page("pages/viewer/prioritise.py").run()
    assert not at.exception and at.title[0].value == "Priorities"


def test_facilitator_link_opens_the_workshop(links):
    at = _open(links, "facilitator")
    assert not at.exception
    assert at.session_state["access"] == Access(
        workshop_id=links["w"], role=Role.FACILITATOR, token=links["facilitator"]
    )
    assert at.text_input(key="ws_name").value == "Tarnfield AI roadmap workshop"


def test_a_tampered_token_shows_no_workshop_data(links):
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["w"] = links["w"]
    at.query_params["k"] = links["viewer"][:-2] + "xx"
    at.run()
    assert not at.exception
    assert at.title[0].value == "This link does not open a workshop"
    page_text = " ".join(str(e.value) for e in [*at.markdown, *at.error, *at.title])
    assert "Tarnfield" not in page_text
    assert "workshop" not in at.session_state


def test_a_participant_submits_a_score_and_sees_it_counted(links):
    at = _open(links, "participant")
    for criterion in (
        "business_value",
        "strategic_importance",
        "data_readiness",
        "technical_complexity",
        "integration_effort",
    ):
        at.button_group(key=f"jn_warranty-claims-triage_{criterion}").set_value(4)
    at.button(key="FormSubmitter:jn_form_warranty-claims-triage-Submit").click().run()
    assert not at.exception
    store = Store(database_url(environ=os.environ))
    facilitator = Access(workshop_id=links["w"], role=Role.FACILITATOR, token=links["facilitator"])
    (ballot,) = store.ballots(facilitator)
    assert ballot.use_case_id == "warranty-claims-triage" and set(ballot.scores.values()) == {4}
    store.dispose()


def test_rotating_the_links_stops_a_tab_that_is_already_open(links):
    at = _open(links, "viewer")
    assert at.title[0].value == "Roadmap"
    store = Store(database_url(environ=os.environ))
    store.rotate(Access(workshop_id=links["w"], role=Role.FACILITATOR, token=links["facilitator"]))
    store.dispose()
    at.run()
    assert not at.exception
    assert at.title[0].value == "This link does not open a workshop"


def test_a_facilitators_change_reaches_an_open_participant_tab(links):
    at = _open(links, "participant")
    assert len(at.form) == 12
    store = Store(database_url(environ=os.environ))
    facilitator = Access(workshop_id=links["w"], role=Role.FACILITATOR, token=links["facilitator"])
    w = store.load(facilitator)
    store.save(
        facilitator,
        w.model_copy(update={"use_cases": w.use_cases[:5]}),
        label="trim",
        base_revision=store.revision(facilitator),
    )
    store.dispose()
    at.run()
    assert len(at.form) == 5


def test_the_viewer_status_board_shows_what_slips_against_the_baseline(links):
    from datetime import date, timedelta

    from planner.domain.analysis import analyse
    from planner.domain.tracking_edits import add_baseline, record_actuals

    store = Store(database_url(environ=os.environ))
    facilitator = Access(workshop_id=links["w"], role=Role.FACILITATOR, token=links["facilitator"])
    w = store.load(facilitator)
    taken = date.today()
    w = w.model_copy(update={"start_date": taken})
    w = add_baseline(w, analyse(w, today=taken).roadmap, name="Board approval", taken=taken)
    pilot = next(p for p in w.baselines[0].phases if p.phase == "pilot")
    began = pilot.start + timedelta(weeks=4)
    record = {"use_case_id": pilot.use_case_id, "phase": "pilot", "start": began, "percent_complete": 50}
    w = record_actuals(w, [record])
    store.save(facilitator, w, label="track", base_revision=store.revision(facilitator))
    store.dispose()

    at = _open(links, "viewer")
    at.switch_page("pages/viewer/status.py").run()
    assert not at.exception and at.title[0].value == "Status"
    assert "against the baseline Board approval" in at.caption[0].value
    board = next(frame.value for frame in at.dataframe if "Slip (weeks)" in frame.value.columns)
    row = board[(board["Use case"] == pilot.use_case) & (board["Phase"] == "Pilot & validation")].iloc[0]
    assert row["Status"] == "At risk" and row["Slip (weeks)"] >= 4 and row["% done"] == 50
    assert not at.button and not at.text_input and not at.number_input  # read-only
