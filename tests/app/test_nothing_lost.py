"""Nothing lost, nothing broken: the link stays, two tabs never overwrite each other, failures are messages."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from planner.formats.spreadsheets import Table, read_table
from planner.formats.workshop_json import SAMPLE_WORKSHOP_PATH
from planner.storage.store import Access, Role, Store, database_url
from planner.storage.tables import workshops_table
from tests.app.conftest import APP


def _store() -> Store:
    return Store(database_url(environ=os.environ))


def _facilitator(links: dict[str, str]) -> Access:
    return Access(workshop_id=links["w"], role=Role.FACILITATOR, token=links["facilitator"])


def _tab(links: dict[str, str], role: str = "facilitator") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["w"] = links["w"]
    at.query_params["k"] = links[role]
    return at.run()


def _errors(at: AppTest) -> list[str]:
    return [e.value.replace("\\", "") for e in at.error]


def _toasts(at: AppTest) -> list[str]:
    return [t.value.replace("\\", "") for t in at.toast]  # messages are shown with Markdown escaped


# --- The link stays -----------------------------------------------------------------------------------------


def test_the_link_is_put_back_in_the_address_bar_after_a_page_switch(links):
    at = _tab(links)
    for page in ("pages/facilitator/roadmap.py", "pages/facilitator/use_cases.py", "pages/facilitator/workshop.py"):
        at.query_params.clear()  # what a click on a sidebar page does to the address bar
        at.switch_page(page).run()
        assert not at.exception
        assert (at.query_params["w"], at.query_params["k"]) == (links["w"], links["facilitator"])


def test_a_workshops_first_save_puts_its_link_in_the_address_bar(app: AppTest):
    app.run()
    assert "w" not in app.query_params
    app.text_input(key="ws_organisation").set_value("Acme")
    app.button(key="FormSubmitter:ws_settings_form-Save settings").click().run()
    link: Access = app.session_state["access"]
    assert (app.query_params["w"], app.query_params["k"]) == (link.workshop_id, link.token)
    assert "Settings saved." in _toasts(app)


def test_the_workshop_page_shows_the_facilitator_link_as_the_way_back(links):
    at = _tab(links)
    code = [c.value for c in at.code]
    assert any(f"w={links['w']}" in c and f"k={links['facilitator']}" in c for c in code)
    assert any("Your way back to this workshop" in m.value for m in at.markdown)


# --- Two tabs -----------------------------------------------------------------------------------------------


def _save_settings(at: AppTest, **values: str) -> AppTest:
    for key, value in values.items():
        at.text_input(key=key).set_value(value)
    return at.button(key="FormSubmitter:ws_settings_form-Save settings").click().run()


def test_two_tabs_changing_different_fields_keep_both_changes(links):
    first, second = _tab(links), _tab(links)
    _save_settings(first, ws_name="Named in the first tab")
    _save_settings(second, ws_organisation="Organised in the second tab")  # this tab still shows the old name
    stored = _store().load(_facilitator(links))
    assert (stored.name, stored.organisation) == ("Named in the first tab", "Organised in the second tab")
    assert "Settings saved." in _toasts(second) and not _errors(second)
    assert second.session_state["workshop"] == stored


def test_two_tabs_changing_the_same_field_say_which_value_won_and_undo_brings_back_the_other(links):
    first, second = _tab(links), _tab(links)
    _save_settings(first, ws_organisation="First plc")
    _save_settings(second, ws_organisation="Second Ltd")
    assert _store().load(_facilitator(links)).organisation == "Second Ltd"
    (message,) = _errors(second)
    assert "at the same time: for the organisation, yours (Second Ltd) was kept over First plc" in message
    assert "Undo brings back the other tab's version" in message
    second.sidebar.button(key="sidebar_undo").click().run()
    assert _store().load(_facilitator(links)).organisation == "First plc"


def test_revisions_stay_unique_when_tabs_race(links):
    tabs = [_tab(links) for _ in range(3)]
    for i, tab in enumerate(tabs):
        _save_settings(tab, ws_facilitator=f"Person {i}")
    store = _store()
    revisions = [v.revision for v in store.versions(_facilitator(links))]
    assert len(revisions) == len(set(revisions)) == 4
    assert store.load(_facilitator(links)).facilitator == "Person 2"


def test_a_tab_picks_up_a_change_saved_elsewhere(links):
    at = _tab(links)
    store = _store()
    w, revision = store.load_with_revision(_facilitator(links))
    store.save(
        _facilitator(links), w.model_copy(update={"name": "Renamed elsewhere"}), label="x", base_revision=revision
    )
    at.run()  # the change watcher notices, and reloads the tab
    assert at.session_state["workshop"].name == "Renamed elsewhere"
    assert at.text_input(key="ws_name").value == "Renamed elsewhere"


# --- Failures are messages ----------------------------------------------------------------------------------


def test_a_database_that_goes_away_keeps_the_change_in_the_tab_and_saves_it_when_it_is_back(links):
    at = _tab(links)
    folder = Path(os.environ["ROADMAP_DATA_DIR"])
    away = folder.with_name("away")
    shutil.move(folder, away)
    _save_settings(at, ws_name="Made while the database was away")
    assert not at.exception
    assert "Settings saved." not in _toasts(at)
    assert any("Not saved:" in e and "was removed" in e for e in _errors(at))
    assert any("Not saved yet: edit the workshop settings" in w.value for w in at.warning)
    assert at.session_state["workshop"].name == "Made while the database was away"
    shutil.move(away, folder)
    at.run()
    assert "The database is back: saved 1 change kept in this tab." in _toasts(at)
    assert not at.warning
    assert _store().load(_facilitator(links)).name == "Made while the database was away"


def test_a_stored_workshop_that_no_longer_opens_offers_a_restore(links):
    store = _store()
    access = _facilitator(links)
    good = store.load(access)
    store.save(access, good.model_copy(update={"name": "Second version"}), label="rename", base_revision=1)
    broken = store.load(access).model_dump_json().replace('"start_date":"2027-01-11"', '"start_date":"9999-12-01"')
    with store.engine.begin() as conn:
        conn.execute(update(workshops_table).where(workshops_table.c.id == access.workshop_id).values(data=broken))
    at = _tab(links)
    assert not at.exception
    assert at.title[0].value == "This workshop needs a repair"
    assert any("start_date: must be at most 2100-12-31" in e.replace("\\", "") for e in _errors(at))
    at.selectbox(key="ws_repair_version").select_index(1)  # revision 1, the first save
    at.button(key="ws_repair_restore").click().run()
    assert not at.exception
    assert at.title[0].value == "Workshop"
    assert store.load(access).name == good.name


# --- Who the owner is ---------------------------------------------------------------------------------------


def test_the_workshop_list_needs_the_admin_key(links):
    at = _tab(links)
    assert not any(s.value == "Workshops on this computer" for s in at.subheader)
    key = (Path(os.environ["ROADMAP_DATA_DIR"]) / "admin_key").read_text().strip()
    at.text_input(key="ws_admin_key").set_value("wrong")
    at.button(key="FormSubmitter:ws_admin_form-Unlock").click().run()
    assert not any(s.value == "Workshops on this computer" for s in at.subheader)
    at.text_input(key="ws_admin_key").set_value(key)
    at.button(key="FormSubmitter:ws_admin_form-Unlock").click().run()
    assert any(s.value == "Workshops on this computer" for s in at.subheader)


def test_the_admin_key_in_the_address_unlocks_the_list_and_leaves_the_address_bar(links):
    at = AppTest.from_file(APP, default_timeout=30).run()
    key = (Path(os.environ["ROADMAP_DATA_DIR"]) / "admin_key").read_text().strip()
    at.query_params["admin"] = key
    at.run()
    assert "admin" not in at.query_params
    assert any(s.value == "Workshops on this computer" for s in at.subheader)


def test_hosted_mode_limits_new_workshops_per_visitor(monkeypatch: pytest.MonkeyPatch, app: AppTest):
    monkeypatch.setenv("ROADMAP_HOSTED", "1")
    monkeypatch.setenv("ROADMAP_CREATES_PER_CLIENT", "2")
    app.run()
    seen: list[str] = []
    for i in range(3):
        app.button(key="ws_start_blank").click().run()
        seen += _errors(app)
        _save_settings(app, ws_name=f"Workshop {i}")
        seen += _errors(app)
    assert not app.exception
    assert len(_store().list_workshops()) == 2
    assert any("as many new workshops as it allows for now (2 per visitor and 100 in all per hour)" in e for e in seen)
    assert any("Not saved yet" in w.value for w in app.warning)  # what was refused stays in the tab


# --- Participants -------------------------------------------------------------------------------------------


def test_an_edited_participant_id_cannot_vote(links):
    at = _tab(links, "participant")
    ticket = at.query_params["p"]
    assert "." in ticket
    forged = AppTest.from_file(APP, default_timeout=30)
    forged.query_params.update({"w": links["w"], "k": links["participant"], "p": "p" + ticket[1:-1] + "x"})
    forged.run()
    assert not forged.exception
    assert not forged.form
    assert any("This link was changed after it was shared" in e for e in _errors(forged))


# --- Small files that cost a lot --------------------------------------------------------------------------------


def test_the_import_wizard_reads_an_upload_once_per_file(app: AppTest, monkeypatch: pytest.MonkeyPatch):
    import ui.import_wizard as wizard

    reads: list[str] = []
    real = read_table

    def counting(name: str, data: bytes, *, sheet: str | None = None) -> Table:
        reads.append(name)
        return real(name, data, sheet=sheet)

    monkeypatch.setattr(wizard, "read_table", counting)
    app.run()
    app.switch_page("pages/facilitator/use_cases.py").run()
    uploader = app.file_uploader[0]
    uploader.upload("ideas.csv", b"Name;Owner\nInvoice matching;Ana\nChurn alerts;Bo\n", "text/csv").run()
    assert not app.exception
    for _ in range(3):  # reruns of the wizard: choose a column, change the mode, ...
        app.run()
    assert reads == ["ideas.csv"]
    app.file_uploader[0].upload("other.csv", b"Name\nSomething else\n", "text/csv").run()
    assert reads == ["ideas.csv", "other.csv"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"start_date": "9999-12-01"}, "start_date: must be at most 2100-12-31"),
        (
            {"criteria": [{"id": f"c{i}", "label": f"C{i}", "side": "impact"} for i in range(2000)], "use_cases": []},
            "criteria: has too many entries (at most 20)",
        ),
    ],
)
def test_an_extreme_workshop_file_is_refused_in_the_app_and_the_open_workshop_is_kept(
    app: AppTest, change: dict[str, Any], expected: str
):
    sample = json.loads(SAMPLE_WORKSHOP_PATH.read_text())
    app.run()
    app.file_uploader[0].upload("extreme.json", json.dumps({**sample, **change}).encode(), "application/json")
    app.run()
    assert not app.exception
    assert any(
        "could not be opened, and your current workshop is unchanged" in e and expected in e for e in _errors(app)
    )
    assert app.session_state["workshop"].start_date.year < 2100
    for page in ("pages/facilitator/roadmap.py", "pages/facilitator/prioritise.py", "pages/facilitator/share.py"):
        app.switch_page(page).run()
        assert not app.exception and not app.error


def test_two_tabs_moving_different_weight_sliders_keep_both_weights(links):
    first, second = _tab(links), _tab(links)
    for tab in (first, second):
        tab.switch_page("pages/facilitator/prioritise.py").run()
    first.slider(key="pr_weight_business_value").set_value(9.5).run()
    second.slider(key="pr_weight_data_readiness").set_value(0.5).run()  # this tab has not seen the first change
    weights = {c.id: c.weight for c in _store().load(_facilitator(links)).criteria}
    assert (weights["business_value"], weights["data_readiness"]) == (9.5, 0.5)
    assert not _errors(second)


# --- Found in review: undo, switching and retries never drop what another tab or this tab saved ----------------


def _away(folder: Path) -> Path:
    away = folder.with_name("away")
    shutil.move(folder, away)
    return away


def test_undo_after_loading_the_example_keeps_what_another_tab_saved_meanwhile(links):
    first, second = _tab(links), _tab(links)
    first.button(key="ws_load_example").click().run()
    assert first.session_state["access"].workshop_id != links["w"]
    _save_settings(second, ws_organisation="Saved in the second tab")
    first.sidebar.button(key="sidebar_undo").click().run()
    assert _store().load(_facilitator(links)).organisation == "Saved in the second tab"
    assert first.session_state["access"].workshop_id == links["w"]
    assert first.text_input(key="ws_organisation").value == "Saved in the second tab"


def test_undo_takes_back_this_tabs_change_only(links):
    first, second = _tab(links), _tab(links)
    original = _store().load(_facilitator(links)).name
    _save_settings(first, ws_name="Renamed in the first tab")
    _save_settings(second, ws_organisation="Saved in the second tab")
    first.run()  # the watcher reloads the first tab with the second tab's change
    first.sidebar.button(key="sidebar_undo").click().run()
    stored = _store().load(_facilitator(links))
    assert (stored.name, stored.organisation) == (original, "Saved in the second tab")


def test_a_viewer_of_a_workshop_that_needs_repair_is_told_to_wait_not_sent_round_in_circles(links):
    store = _store()
    access = _facilitator(links)
    broken = store.load(access).model_dump_json().replace('"start_date":"2027-01-11"', '"start_date":"9999-12-01"')
    with store.engine.begin() as conn:
        conn.execute(update(workshops_table).where(workshops_table.c.id == access.workshop_id).values(data=broken))
    for role in ("viewer", "participant"):
        at = _tab(links, role)
        assert not at.exception
        assert at.title[0].value == "This workshop needs a repair"
        assert any("The facilitator can restore an earlier version" in i.value for i in at.info)
        assert "link_error" not in at.session_state


def test_start_blank_waits_while_changes_are_not_saved_and_they_are_saved_later(links):
    at = _tab(links)
    folder = Path(os.environ["ROADMAP_DATA_DIR"])
    away = _away(folder)
    _save_settings(at, ws_name="Typed while the database was away")
    at.button(key="ws_start_blank").click().run()
    assert any("Not done (start blank): that would leave 1 unsaved change behind" in e for e in _errors(at))
    assert not any("Blank workshop started" in t for t in _toasts(at))
    assert at.session_state["workshop"].name == "Typed while the database was away"
    shutil.move(away, folder)
    at.run()
    assert _store().load(_facilitator(links)).name == "Typed while the database was away"


def test_a_new_workshop_whose_first_save_failed_is_created_when_the_database_is_back(app: AppTest):
    app.run()
    folder = Path(os.environ["ROADMAP_DATA_DIR"])
    away = _away(folder)
    folder.write_text("a file where the data folder should be")  # the folder cannot be made
    _save_settings(app, ws_name="First save failed")
    assert "access" not in app.session_state
    assert any("Not saved:" in e for e in _errors(app))
    folder.unlink()
    shutil.move(away, folder)
    app.run()
    link: Access = app.session_state["access"]
    assert _store().load(link).name == "First save failed"
    assert app.query_params["w"] == link.workshop_id


def _save_that_waits(links: dict[str, str], name: str) -> tuple[AppTest, Store]:
    """A tab saves a new name while the data folder is gone: the change waits in the tab. Then the folder is back."""
    at = _tab(links)
    folder = Path(os.environ["ROADMAP_DATA_DIR"])
    away = _away(folder)
    _save_settings(at, ws_name=name)
    shutil.move(away, folder)
    return at, _store()


def _change_waiting_in_a_tab_while_another_saves(links: dict[str, str]) -> tuple[AppTest, Store]:
    """A tab's change waits (see above); meanwhile another tab saves the organisation."""
    at, store = _save_that_waits(links, "Waiting in the tab")
    w, revision = store.load_with_revision(_facilitator(links))
    store.save(
        _facilitator(links), w.model_copy(update={"organisation": "Saved meanwhile"}), label="x", base_revision=revision
    )
    return at, store


def test_changes_waiting_in_a_tab_merge_with_changes_saved_meanwhile_and_the_form_shows_both(links):
    at, store = _change_waiting_in_a_tab_while_another_saves(links)
    at.run()
    stored = store.load(_facilitator(links))
    assert (stored.name, stored.organisation) == ("Waiting in the tab", "Saved meanwhile")
    assert at.text_input(key="ws_organisation").value == "Saved meanwhile"
    _save_settings(at, ws_facilitator="Someone")  # a later save from the form keeps the other tab's change
    assert store.load(_facilitator(links)).organisation == "Saved meanwhile"


def test_waiting_changes_that_cannot_be_combined_are_kept_as_a_copy(links, monkeypatch: pytest.MonkeyPatch):
    import ui.persistence

    at, store = _change_waiting_in_a_tab_while_another_saves(links)
    monkeypatch.setattr(
        ui.persistence, "merge_workshops", lambda base, mine, theirs: None
    )  # the two cannot be combined
    at.run()
    assert not at.exception
    copy_link: Access = at.session_state["access"]
    assert copy_link.workshop_id != links["w"]
    assert store.load(copy_link).name == "Waiting in the tab (copy)"
    assert store.load(_facilitator(links)).organisation == "Saved meanwhile"
    (message,) = _errors(at)
    assert "clash with changes saved elsewhere meanwhile, so they are kept as a copy" in message
    assert f"w={links['w']}" in message


def test_a_workshop_deleted_in_another_tab_stays_in_this_tab_as_a_new_one(links):
    at = _tab(links)
    _store().delete(_facilitator(links))
    at.run()
    assert not at.exception
    assert "link_error" not in at.session_state
    assert any("This workshop was deleted in another tab" in e for e in _errors(at))
    _save_settings(at, ws_organisation="Kept")
    link: Access = at.session_state["access"]
    assert link.workshop_id != links["w"]
    assert _store().load(link).organisation == "Kept"


def test_unsaved_changes_of_a_rotated_link_can_still_be_downloaded(links):
    at, store = _save_that_waits(links, "Typed before the rotation")
    store.rotate(_facilitator(links))
    at.run()
    assert at.title[0].value == "This link does not open a workshop"
    assert any(
        "This tab had changes that were not saved yet: edit the workshop settings" in w.value.replace("\\", "")
        for w in at.warning
    )
    (button,) = at.download_button
    assert button.proto.label == "Download the unsaved workshop"


def test_a_page_that_ends_early_still_shows_the_messages(links):
    at = _tab(links)
    _save_settings(at, ws_name="Something to undo")
    at.switch_page("pages/facilitator/prioritise.py").run()
    at.segmented_control(key="pr_source").set_value("room").run()
    at.sidebar.button(key="sidebar_undo").click().run()
    assert "Undid: edit the workshop settings" in _toasts(at)
