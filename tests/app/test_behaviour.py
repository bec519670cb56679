"""Behaviour of the pages, driven through AppTest: widgets by key, data_editor through session state."""

from streamlit.testing.v1 import AppTest

from planner.domain.models import Workshop
from planner.domain.schedule import build_roadmap
from planner.domain.scoring import rank_use_cases
from planner.domain.vocabulary import PhaseName
from tests.app.conftest import APP
from tests.builders import use_case, workshop
from ui.words import md


def _open(app: AppTest, page: str, w: Workshop | None = None) -> AppTest:
    if w is not None:
        app.session_state["workshop"] = w
    app.run()
    app.switch_page(page).run()
    assert not app.exception
    return app


def _current(app: AppTest) -> Workshop:
    current = app.session_state["workshop"]
    assert isinstance(current, Workshop)
    return current


def _ranking(at: AppTest):
    """The ranked table on the Prioritise page (the criteria editor is a table too)."""
    return next(frame.value for frame in at.dataframe if "name" in frame.value.columns)


def test_weight_change_reorders_the_ranking(app: AppTest):
    w = workshop(
        use_case("valuable", scores={"business_value": 5, "data_readiness": 1}),
        use_case("easy", scores={"business_value": 1, "data_readiness": 5}),
    )
    at = _open(app, "pages/facilitator/prioritise.py", w)
    at.slider(key="pr_weight_business_value").set_value(0.5).run()
    at.slider(key="pr_weight_data_readiness").set_value(10.0).run()
    assert rank_use_cases(_current(at))[0].use_case_id == "easy"
    assert list(_ranking(at)["name"]) == ["Easy", "Valuable"]
    at.slider(key="pr_weight_business_value").set_value(10.0).run()
    at.slider(key="pr_weight_data_readiness").set_value(0.5).run()
    assert not at.exception
    assert rank_use_cases(_current(at))[0].use_case_id == "valuable"
    assert list(_ranking(at)["name"]) == ["Valuable", "Easy"]


def test_row_added_through_the_editor_reaches_the_roadmap(app: AppTest):
    at = _open(app, "pages/facilitator/use_cases.py", workshop(use_case("first")))
    key = at.session_state["rows_of_use_case_table"][0]
    at.session_state[key] = {
        "edited_rows": {},
        "added_rows": [{"name": "Contract clause finder", "objective": "cost_reduction", "business_value": 4}],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    w = _current(at)
    added = next(uc for uc in w.use_cases if uc.name == "Contract clause finder")
    assert added.id == "contract-clause-finder" and added.on_roadmap and added.scores["business_value"] == 4
    assert "contract-clause-finder" in build_roadmap(w).order
    at.switch_page("pages/facilitator/roadmap.py").run()
    assert not at.exception


def test_capacity_change_moves_the_end_date(app: AppTest):
    cases = [use_case(f"u{i}") for i in range(6)]
    at = _open(app, "pages/facilitator/roadmap.py", workshop(*cases, pilots=1, scaling=1))
    before = build_roadmap(_current(at)).summary.all_in_production
    at.number_input(key="rm_max_parallel_pilots").set_value(3).run()
    at.number_input(key="rm_max_parallel_scaling").set_value(3).run()
    assert not at.exception
    after = build_roadmap(_current(at)).summary.all_in_production
    assert before is not None and after is not None and after < before
    shown = [m.value for m in at.metric if m.label == "All in production"]
    assert shown == [after.strftime("%b %Y")]


def test_invalid_score_shows_an_error_and_keeps_the_previous_value(app: AppTest):
    at = _open(app, "pages/facilitator/use_cases.py", workshop(use_case("a", scores={"data_readiness": 2})))
    key = at.session_state["rows_of_use_case_table"][0]
    at.session_state[key] = {"edited_rows": {0: {"data_readiness": 7}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    assert _current(at).use_cases[0].scores["data_readiness"] == 2
    # Markdown characters in messages are escaped with backslashes; the reader sees them without.
    messages = [w.value.replace("\\", "") for w in at.warning]
    assert any("Row 1" in m and "data_readiness" in m and "must be 1–5, got 7" in m for m in messages), messages


def test_deleting_a_prerequisite_explains_the_dependency_change(app: AppTest):
    w = workshop(use_case("base"), use_case("top", depends_on=["base"]))
    at = _open(app, "pages/facilitator/use_cases.py", w)
    key = at.session_state["rows_of_use_case_table"][0]
    at.session_state[key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [0]}
    at.run()
    assert [uc.id for uc in _current(at).use_cases] == ["top"]
    assert _current(at).use_cases[0].depends_on == []
    assert any("no longer depends on base" in m.value.replace("\\", "") for m in at.warning)


def test_answering_readiness_updates_the_index(app: AppTest):
    at = _open(app, "pages/facilitator/readiness.py", workshop(readiness={}))
    at.radio(key="rd_data_quality").set_value(1).run()
    assert _current(at).readiness == {"data_quality": 1}
    assert [m.value for m in at.metric if m.label == "Answered"] == ["1 of 22"]


def test_undo_in_the_sidebar_brings_back_the_previous_workshop(app: AppTest):
    at = app.run()
    assert at.button(key="sidebar_undo").disabled
    at.button(key="ws_start_blank").click().run()
    assert _current(at).use_cases == []
    assert at.session_state["history"][-1][0] == "start blank"
    # AppTest keeps the sidebar only from a session's first run, so reopen with this session's state.
    reopened = AppTest.from_file(APP, default_timeout=30)
    for key in ("workshop", "history"):
        reopened.session_state[key] = at.session_state[key]
    at = reopened.run()
    assert at.button(key="sidebar_undo").label == "Undo: start blank"
    at.button(key="sidebar_undo").click().run()
    assert not at.exception
    assert len(_current(at).use_cases) == 12
    assert at.text_input(key="ws_name").value == "Tarnfield AI roadmap workshop"


def test_start_blank_and_load_example(app: AppTest):
    at = _open(app, "pages/facilitator/workshop.py")
    assert _current(at).name == "Tarnfield AI roadmap workshop"
    at.button(key="ws_start_blank").click().run()
    assert _current(at).use_cases == [] and _current(at).name == "New workshop"
    at.button(key="ws_load_example").click().run()
    assert len(_current(at).use_cases) == 12


def test_settings_form_rejects_nothing_valid_and_saves(app: AppTest):
    at = _open(app, "pages/facilitator/workshop.py")
    at.text_input(key="ws_organisation").input("Acme Ltd")
    at.number_input(key="ws_pilots").set_value(4)
    at.button(key="FormSubmitter:ws_settings_form-Save settings").click().run()
    assert not at.exception
    assert _current(at).organisation == "Acme Ltd" and _current(at).plan.max_parallel_pilots == 4


def test_roadmap_tick_in_ranking_table_takes_a_use_case_off(app: AppTest):
    w = workshop(use_case("a", scores={"business_value": 5}), use_case("b", scores={"business_value": 1}))
    at = _open(app, "pages/facilitator/prioritise.py", w)
    key = at.session_state["rows_of_ranking_table"][0]
    at.session_state[key] = {"edited_rows": {0: {"on_roadmap": False}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    assert {uc.id: uc.on_roadmap for uc in _current(at).use_cases} == {"a": False, "b": True}


def test_override_outside_the_range_is_applied_and_warned(app: AppTest):
    at = _open(app, "pages/facilitator/roadmap.py", workshop(use_case("a", name="Churn model")))
    at.number_input(key="rm_a_pilot_months").set_value(9.0)
    at.button(key="FormSubmitter:rm_override_form_a-Apply").click().run()
    assert not at.exception
    assert _current(at).use_cases[0].overrides[PhaseName.PILOT].months == 9.0
    assert any("Churn model" in w.value and "3–6 months" in w.value.replace("\\", "") for w in at.warning)


def test_gate_checklist_ticks_are_stored_in_the_workshop(app: AppTest):
    at = _open(app, "pages/facilitator/gates.py", workshop(use_case("a")))
    at.checkbox(key="gr_tick___assessment___assessment_kpis").check().run()
    assert not at.exception
    assert "assessment_kpis" in _current(at).assessment_checklist


def test_the_add_form_keeps_what_was_typed_when_the_add_fails_and_empties_after_it_succeeds(app: AppTest):
    at = _open(app, "pages/facilitator/use_cases.py", workshop(use_case("first")))
    at.text_input(key="uc_form_owner_0").input("Priya Shah")
    at.text_input(key="uc_form_department_0").input("Legal")
    at.button(key="FormSubmitter:uc_add_form_0-Add use case").click().run()  # no name: the add fails
    assert at.error, "the missing name is explained"
    assert at.text_input(key="uc_form_owner_0").value == "Priya Shah"  # was emptied by clear_on_submit
    assert at.text_input(key="uc_form_department_0").value == "Legal"
    at.text_input(key="uc_form_name_0").input("Clause finder")
    at.button(key="FormSubmitter:uc_add_form_0-Add use case").click().run()
    assert [uc.name for uc in _current(at).use_cases] == ["First", "Clause finder"]
    assert _current(at).use_cases[1].owner == "Priya Shah"
    assert at.text_input(key="uc_form_name_1").value == "" and at.text_input(key="uc_form_owner_1").value == ""
    # The add is confirmed once, under the form (a toast would cover the form's Objective field).
    confirmations = [s.value.replace("\\", "") for s in at.success]
    assert confirmations == ["Added Clause finder. The form above is empty for the next one."]
    assert not at.toast
    at.run()  # the next run, whatever the user does, no longer says it
    assert not at.success


def test_the_criteria_editor_renames_adds_and_removes_with_scores_kept_consistent(app: AppTest):
    from planner.formats.workshop_json import load_sample_workshop

    sample = load_sample_workshop()
    at = _open(app, "pages/facilitator/prioritise.py", sample)
    at.session_state["pr_criteria_0"] = {  # the table's first version: nothing was edited yet
        "edited_rows": {0: {"label": "Money", "low_label": "None"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    money = _current(at).criteria[0]
    assert (money.id, money.label, money.low_label) == ("business_value", "Money", "None")
    assert [uc.scores for uc in _current(at).use_cases] == [uc.scores for uc in sample.use_cases]
    assert at.slider(key="pr_weight_business_value").label == "Money"

    at.text_input(key="pr_new_criterion_label").input("Regulatory risk")
    at.button(key="FormSubmitter:pr_add_criterion-Add criterion").click().run()
    assert not at.exception
    assert _current(at).criteria[-1].id == "regulatory_risk"

    at.selectbox(key="pr_remove_criterion").set_value("integration_effort").run()
    at.button(key="pr_remove_criterion_confirm").click().run()
    assert not at.exception
    w = _current(at)
    assert "integration_effort" not in {c.id for c in w.criteria}
    assert all("integration_effort" not in uc.scores for uc in w.use_cases)
    at.button(key="sidebar_undo").click().run()  # Undo brings the criterion and its scores back
    assert [uc.scores for uc in _current(at).use_cases] == [uc.scores for uc in sample.use_cases]


def test_the_roadmap_offers_the_baseline_toggle_only_once_a_baseline_is_taken(app: AppTest):
    from planner.domain.tracking import take_baseline

    plain = workshop(use_case("a"))
    at = _open(app, "pages/facilitator/roadmap.py", plain)
    assert not [t for t in at.toggle if t.key == "rm_show_baseline"]
    tracked = plain.model_copy(
        update={"baselines": [take_baseline(build_roadmap(plain), name="Board approval", taken=plain.start_date)]}
    )
    at.session_state["workshop"] = tracked
    at.run()
    toggle = at.toggle(key="rm_show_baseline")
    assert toggle.value is True and "Board approval" in toggle.label
    toggle.set_value(False).run()
    assert not at.exception and at.toggle(key="rm_show_baseline").value is False


def test_progress_takes_a_baseline_records_a_late_pilot_and_the_board_lists_it_at_risk(app: AppTest):
    from datetime import date, timedelta

    w = workshop(use_case("a", name="Churn alerts"), use_case("b", name="Invoice matching"), start_date=date.today())
    at = _open(app, "pages/facilitator/progress.py", w)
    assert any("Take a baseline" in i.value for i in at.info)  # the board says what to do first
    at.text_input(key="pg_baseline_name").input("Board approval")
    at.button(key="FormSubmitter:pg_baseline_form-Take baseline").click().run()
    assert not at.exception and [b.name for b in _current(at).baselines] == ["Board approval"]

    pilot = next(p for p in _current(at).baselines[0].phases if p.use_case_id == "a" and p.phase == "pilot")
    began = pilot.start + timedelta(weeks=4)
    at.session_state["pg_actuals_0"] = {
        "edited_rows": {0: {"start": began.isoformat(), "percent_complete": 10}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="FormSubmitter:pg_actuals_form_0-Save actuals").click().run()
    assert not at.exception
    recorded = _current(at).use_case("a").actuals
    assert recorded[PhaseName.PILOT].start == began and recorded[PhaseName.PILOT].percent_complete == 10
    # The pilot began four weeks after its baseline start, so it ends at least four weeks late.
    board = next(frame.value for frame in at.dataframe if "Slip (weeks)" in frame.value.columns)
    row = board[(board["Use case"] == "Churn alerts") & (board["Phase"] == "Pilot & validation")].iloc[0]
    assert row["Status"] == "At risk" and row["Slip (weeks)"] >= 4


def _with_kpi() -> Workshop:
    from planner.domain.models import KPI

    kpi = KPI(metric="Churn rate", baseline=8.0, target=5.0, unit="%", direction="decrease")
    return workshop(use_case("a", name="Churn alerts", kpis=[kpi]))


def test_progress_records_a_kpi_measurement_and_charts_it(app: AppTest):
    from datetime import date

    at = _open(app, "pages/facilitator/progress.py", _with_kpi())
    assert at.selectbox(key="pg_kpi_use_case").value == "a"
    at.date_input(key="pg_measure_date_0").set_value(date(2027, 3, 1))
    at.number_input(key="pg_measure_value_0").set_value(6.5)
    at.button(key="FormSubmitter:pg_measure_form_0-Add measurement").click().run()
    assert not at.exception
    (reading,) = _current(at).use_case("a").kpis[0].measurements
    assert (reading.date, reading.value) == (date(2027, 3, 1), 6.5)
    assert md("On track: latest 6.5 %.") in [c.value for c in at.caption]
    # The edit table lists it; removing the row removes the measurement.
    editor = next(frame.value for frame in at.dataframe if "KPI" in frame.value.columns)
    assert list(editor["Value"]) == [6.5]
    at.session_state["pg_measures_1"] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [0]}
    at.button(key="FormSubmitter:pg_measures_form_1-Save measurements").click().run()
    assert not at.exception and _current(at).use_case("a").kpis[0].measurements == []


def test_a_measurement_without_a_value_is_refused_and_the_form_keeps_its_date(app: AppTest):
    from datetime import date

    at = _open(app, "pages/facilitator/progress.py", _with_kpi())
    at.date_input(key="pg_measure_date_0").set_value(date(2027, 3, 1))
    at.button(key="FormSubmitter:pg_measure_form_0-Add measurement").click().run()
    assert not at.exception
    assert any(md("value: give the measured value") in e.value for e in at.error)
    assert at.date_input(key="pg_measure_date_0").value == date(2027, 3, 1)
    assert _current(at).use_case("a").kpis[0].measurements == []


def test_progress_logs_a_lesson_tied_to_a_use_case_and_gate(app: AppTest):
    at = _open(app, "pages/facilitator/progress.py", _with_kpi())
    assert any("No lesson logged yet" in i.value for i in at.info)
    at.button(key="FormSubmitter:pg_lesson_form_0-Add lesson").click().run()
    assert any(md("lesson: write what the team learned") in e.value for e in at.error)
    at.text_area(key="pg_lesson_text_0").input("Name a data owner before the pilot starts")
    at.selectbox(key="pg_lesson_use_case_0").set_value("a")
    at.selectbox(key="pg_lesson_gate_0").set_value("go_no_go")
    at.button(key="FormSubmitter:pg_lesson_form_0-Add lesson").click().run()
    assert not at.exception
    (lesson,) = _current(at).lessons
    assert lesson.text == "Name a data owner before the pilot starts"
    assert (lesson.use_case_id, lesson.gate) == ("a", "go_no_go")
    assert any(md("Churn alerts · Go / no-go gate") in c.value for c in at.caption)


def test_phases_due_to_have_begun_with_no_actual_start_are_pointed_out(app: AppTest):
    from datetime import date, timedelta

    from planner.domain.analysis import analyse
    from planner.domain.tracking_edits import add_baseline

    months_ago = date.today() - timedelta(weeks=30)
    w = workshop(use_case("a", name="Churn alerts"), start_date=months_ago)
    w = add_baseline(w, analyse(w, today=months_ago).roadmap, name="Board approval", taken=months_ago)
    at = _open(app, "pages/facilitator/progress.py", w)
    (warning,) = at.warning
    assert warning.value.startswith(md("2 phases were due to begin by"))
    assert md("Churn alerts (pilot & validation)") in warning.value
    assert any(md("Churn alerts (pilot & validation)") in i.value for i in at.info)  # on the Actuals tab too


def test_the_import_wizard_lists_actuals_typed_in_excel_and_opens_them(app: AppTest):
    import io
    from datetime import date, timedelta

    from openpyxl import load_workbook

    from planner.domain.analysis import analyse
    from planner.domain.tracking_edits import add_baseline
    from planner.formats.excel import build_workbook

    today = date.today()
    w = workshop(use_case("a", name="Churn alerts"), start_date=today)
    w = add_baseline(w, analyse(w, today=today).roadmap, name="Board approval", taken=today)
    book = load_workbook(io.BytesIO(build_workbook(analyse(w, today=today))))
    sheet = book["Roadmap"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 3).value == "pilot")
    began = today + timedelta(weeks=10)
    sheet.cell(row, 8).value, sheet.cell(row, 10).value = began, 25
    edited = io.BytesIO()
    book.save(edited)

    at = _open(app, "pages/facilitator/use_cases.py", w)
    at.file_uploader(key="uc_import_file").upload("plan.xlsx", edited.getvalue(), "application/vnd.ms-excel").run()
    assert not at.exception
    listed = " ".join(m.value for m in at.markdown)
    assert md(f"Churn alerts, pilot & validation: began {began:%d %b %Y}, 25% done (was nothing recorded)") in listed
    at.button(key="uc_import_open_own").click().run()
    actual = _current(at).use_case("a").actuals[PhaseName.PILOT]
    assert (actual.start, actual.percent_complete) == (began, 25)


def test_prioritise_counts_the_roadmap_among_the_ranked_use_cases_only(app: AppTest):
    from planner.domain.vocabulary import Stage

    w = workshop(use_case("a"), use_case("b", on_roadmap=False), use_case("gone", stage=Stage.RETIRED))
    at = _open(app, "pages/facilitator/prioritise.py", w)
    metric = next(m for m in at.metric if m.label == "On the roadmap")
    assert metric.value == "1 of 2"  # it said "2 of 2": the retired use case counted on one side only


def test_a_limit_per_team_staggers_that_teams_pilots_and_shows_the_plan_per_team(app: AppTest):
    w = workshop(
        use_case("s1", department="Sales"),
        use_case("s2", department="Sales"),
        use_case("o1", department="Operations"),
        pilots=5,
    )
    at = _open(app, "pages/facilitator/roadmap.py", w)
    at.number_input(key="rm_team_pilots").set_value(1).run()
    assert not at.exception and _current(at).plan.team_pilots == 1
    pilots = {p.use_case_id: p for p in build_roadmap(_current(at)).phases if p.phase == PhaseName.PILOT}
    assert pilots["s2"].start >= pilots["s1"].end or pilots["s1"].start >= pilots["s2"].end
    per_team = next(frame.value for frame in at.dataframe if "Team" in frame.value.columns)
    assert list(per_team["Team"]) == ["Sales", "Operations"] and list(per_team["Pilots at once"]) == [1, 1]
    at.session_state["rm_teams_0"] = {
        "edited_rows": {},
        "added_rows": [{"team": "Sales", "pilots": 2}],
        "deleted_rows": [],
    }
    at.button(key="FormSubmitter:rm_teams_form_0-Save team limits").click().run()
    assert not at.exception and _current(at).plan.teams["Sales"].max_parallel_pilots == 2


def test_a_large_roadmap_is_drawn_one_row_per_team_and_a_team_opens_to_its_use_cases(app: AppTest):
    from benchmarks.synthetic import realistic_portfolio

    w = realistic_portfolio(120, departments=6)
    at = _open(app, "pages/facilitator/roadmap.py", w)
    picker = at.selectbox(key="rm_gantt_team")
    assert picker.value == "" and len(picker.options) == 7  # all teams, then each team
    figure = at.get("plotly_chart")[0].proto.spec
    assert figure.count('"orientation":"h"') >= 1
    team = picker.options[1].split(" (")[0]
    picker.set_value(team).run()
    assert not at.exception
    members = [uc.name for uc in w.use_cases if uc.department == team and uc.on_roadmap]
    spec = at.get("plotly_chart")[0].proto.spec
    assert all(name[:20] in spec for name in members[:5])


def test_the_portfolio_page_counts_stages_and_breaks_them_down(app: AppTest):
    from planner.domain.vocabulary import Stage

    w = workshop(
        use_case("a", stage=Stage.PILOT, department="Sales"),
        use_case("b", stage=Stage.PILOT, department="Sales"),
        use_case("c", stage=Stage.PRODUCTION, department="Service"),
    )
    at = _open(app, "pages/facilitator/portfolio.py", w)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Use cases"] == "3" and metrics["In production"] == "1"
    assert metrics["Pilots per use case in production"] == "2"
    at.segmented_control(key="pf_by").set_value("objective").run()
    assert not at.exception


def test_undo_history_keeps_large_workshops_packed_and_each_version_once(app: AppTest):
    from benchmarks.synthetic import realistic_portfolio
    from planner.formats.workshop_json import dump_workshop

    w = realistic_portfolio(1_000)
    at = _open(app, "pages/facilitator/roadmap.py", w)
    for pilots in (10, 11, 12):
        at.number_input(key="rm_max_parallel_pilots").set_value(pilots).run()
    history = at.session_state["history"]
    assert [entry[0] for entry in history[-3:]] == ["change max parallel pilots"] * 3
    assert all(isinstance(part, bytes) for entry in history for part in entry[1:])
    assert history[-1][1] is history[-2][2]  # the version between two changes is kept once
    kept = sum(len(part) for entry in history[-3:] for part in {id(p): p for p in entry[1:]}.values())
    # The four versions three changes span cost less than a third of one copy of the JSON (they were 6 copies).
    assert kept * 3 < len(dump_workshop(w))
    at.sidebar.button(key="sidebar_undo").click().run()
    assert not at.exception and _current(at).plan.max_parallel_pilots == 11
