"""The living roadmap in the workbook: the Status sheet, actual and baseline columns, baseline bars on the Gantt,
the KPI measurements sheet, and what a programme team types there coming back on import."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from openpyxl import Workbook, load_workbook

from planner.domain.analysis import analyse
from planner.domain.errors import WorkshopInputError
from planner.domain.models import Workshop
from planner.domain.tracking_edits import add_baseline, add_lesson, add_measurement, record_actuals
from planner.domain.vocabulary import PhaseName
from planner.formats.excel import build_workbook
from planner.formats.roundtrip import read_own_workbook
from planner.formats.sheet_layout import (
    GANTT_FIRST_ROW,
    GANTT_SHEET,
    MEASUREMENT_COLUMNS,
    MEASUREMENTS_SHEET,
    ROADMAP_SHEET,
    ROADMAP_SHEET_COLUMNS,
    STATUS_SHEET,
)
from planner.formats.workshop_json import dump_workshop, load_sample_workshop, parse_workshop

TAKEN = date(2027, 1, 11)
UC = "product-recommendations"


def _pilot(w: Workshop, *, today: date) -> tuple[date, date]:
    phase = next(p for p in analyse(w, today=today).roadmap.phases if p.use_case_id == UC and p.phase == "pilot")
    return phase.start, phase.end


@pytest.fixture(scope="module")
def tracked() -> tuple[Workshop, date, date]:
    """The example, baselined on its start date, with its first pilot begun four weeks late and half done."""
    sample = load_sample_workshop()
    w = add_baseline(sample, analyse(sample, today=TAKEN).roadmap, name="Board approval", taken=TAKEN)
    start, end = _pilot(w, today=TAKEN)
    began = start + timedelta(weeks=4)
    w = record_actuals(
        w, [{"use_case_id": UC, "phase": "pilot", "start": began, "end": None, "percent_complete": 50, "note": ""}]
    )
    halfway = began + (end - start) / 2
    return w, began, halfway


def _book(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def _export(w: Workshop, today: date) -> bytes:
    return build_workbook(analyse(w, today=today))


def _roadmap_row(ws, uc_id: str, phase: str) -> int:
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, 1).value == uc_id and ws.cell(row, 3).value == phase:
            return row
    raise AssertionError(f"no row for {uc_id} {phase}")


def _column(name: str) -> int:
    return ROADMAP_SHEET_COLUMNS.index(name) + 1


def test_the_status_sheet_lists_the_late_pilot_as_at_risk_with_its_slip(tracked):
    w, _, halfway = tracked
    ws = _book(_export(w, halfway))[STATUS_SHEET]
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    assert cells[1][0].startswith(f"As of {halfway:%d %b %Y}. Against the baseline 'Board approval'")
    assert cells[3][:4] == ["Late", "At risk", "Gates in 30 days", "KPIs off track"]
    assert cells[4][1] >= 1
    header = cells.index(["Status", "Use case", "Phase", "Ends (or goes live)", "Baseline", "Slip (weeks)", "% done"])
    rows = {(row[1], row[2]): row for row in cells[header + 1 :] if row[0] in ("Late", "At risk")}
    pilot = rows[("Personalised product recommendations", "Pilot & validation")]
    assert (pilot[0], pilot[5], pilot[6]) == ("At risk", 4.0, 50)
    assert any(row[0] == "Personalised product recommendations: pilot & validation ends 4 weeks later" for row in cells)


def test_the_status_sheet_names_phases_due_to_have_begun_with_no_actual_start(tracked):
    w, _, halfway = tracked
    ws = _book(_export(w, halfway))[STATUS_SHEET]
    note = ws["A8"].value
    assert note.endswith("Record the actual start in the Actual start column of the Roadmap sheet if they did begin.")
    assert "Demand forecasting by store and SKU (pilot & validation)" in note
    assert "Personalised product recommendations (pilot" not in note  # its start is recorded


def test_an_untracked_workshop_gets_a_status_sheet_that_says_how_to_start(tracked):
    sample = load_sample_workshop()
    ws = _book(_export(sample, TAKEN))[STATUS_SHEET]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "No baseline taken yet" in ws["A2"].value
    assert "Take a baseline to see what slips against it." in texts


def test_the_roadmap_sheet_carries_actuals_baseline_slip_and_status(tracked):
    w, began, halfway = tracked
    ws = _book(_export(w, halfway))[ROADMAP_SHEET]
    assert [c.value for c in ws[1]] == list(ROADMAP_SHEET_COLUMNS)
    row = _roadmap_row(ws, UC, "pilot")
    baseline_start, baseline_end = _pilot(load_sample_workshop(), today=TAKEN)
    values = {name: ws.cell(row, _column(name)).value for name in ROADMAP_SHEET_COLUMNS}
    assert values["Actual start"].date() == began and values["Actual end"] is None and values["% done"] == 50
    assert (values["Baseline start"].date(), values["Baseline end"].date()) == (baseline_start, baseline_end)
    assert (values["Slip (weeks)"], values["Against baseline"]) == (4.0, "At risk")
    # The cells a team fills in are marked and checked; the assessment row's are not marked.
    assert ws.cell(row, _column("Actual start")).fill.fgColor.rgb.endswith("FEF9C3")
    assert ws.cell(2, _column("Actual start")).fill.fgColor.rgb in (None, "00000000")
    validated = {str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert f"H2:H{ws.max_row}" in validated and f"J2:J{ws.max_row}" in validated


def test_the_gantt_sheet_draws_the_baseline_from_the_roadmap_sheets_columns(tracked):
    w, _, halfway = tracked
    book = _book(_export(w, halfway))
    ws = book[GANTT_SHEET]
    source = _roadmap_row(book[ROADMAP_SHEET], UC, "pilot")
    header = [c.value for c in ws[GANTT_FIRST_ROW - 1]]
    assert header[:7] == ["Use case", "Phase", "Start", "End", "Milestone at end", "Baseline start", "Baseline end"]
    row = next(
        r
        for r in range(GANTT_FIRST_ROW, ws.max_row + 1)
        if ws.cell(r, 1).value == "Personalised product recommendations" and ws.cell(r, 2).value == "Pilot & validation"
    )
    assert ws.cell(row, 6).value == f"=IF('Roadmap'!K{source}=\"\",\"\",'Roadmap'!K{source})"
    assert ws.cell(row, 7).value == f"=IF('Roadmap'!L{source}=\"\",\"\",'Roadmap'!L{source})"
    formulas = [rule.formula[0] for rules in ws.conditional_formatting for rule in rules.rules]
    assert any(f.startswith('AND($F6<>"",$F6<') for f in formulas)
    assert ws.freeze_panes == f"H{GANTT_FIRST_ROW}"


def test_without_a_baseline_the_gantt_keeps_its_columns():
    ws = _book(_export(load_sample_workshop(), TAKEN))[GANTT_SHEET]
    assert ws.cell(GANTT_FIRST_ROW - 1, 6).value != "Baseline start"
    assert ws.freeze_panes == f"F{GANTT_FIRST_ROW}"


def test_a_tracked_workbook_reads_back_unchanged_with_no_changes_listed(tracked):
    w, _, halfway = tracked
    w = add_lesson(w, text="Agree data access before the pilot starts", on=halfway, use_case_id=UC)
    metric = w.use_case(UC).kpis[0].metric
    w = add_measurement(w, UC, metric, on=halfway, value=12.5, note="first month")
    opened, changes = read_own_workbook("plan.xlsx", _export(w, halfway))
    assert changes == []
    assert dump_workshop(opened) == dump_workshop(w)


def _edited(data: bytes, edit) -> bytes:
    book = _book(data)
    edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_actuals_typed_on_the_roadmap_sheet_come_back_and_are_listed(tracked):
    w, began, halfway = tracked

    def edit(book):
        ws = book[ROADMAP_SHEET]
        row = _roadmap_row(ws, UC, "pilot")
        ws.cell(row, _column("% done")).value = 80
        ws.cell(row, _column("Actual end")).value = halfway

    opened, changes = read_own_workbook("plan.xlsx", _edited(_export(w, halfway), edit))
    actual = opened.use_case(UC).actuals[PhaseName.PILOT]
    assert (actual.start, actual.end, actual.percent_complete) == (began, halfway, 80)
    assert changes == [
        f"Personalised product recommendations, pilot & validation: began {began:%d %b %Y}, ended "
        f"{halfway:%d %b %Y}, 80% done (was began {began:%d %b %Y}, 50% done), from the Roadmap sheet."
    ]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("Actual start", "next week", "column Actual start: 'next week' is not a date"),
        ("% done", "half", "column % done: 'half' is not a number"),
        ("% done", 150, "percent_complete"),
        ("Actual end", date(2020, 1, 1), "is before the actual start"),
    ],
)
def test_bad_actuals_name_the_sheet_row_and_column(tracked, column, value, message):
    w, _, halfway = tracked
    row_number = 0

    def edit(book):
        nonlocal row_number
        ws = book[ROADMAP_SHEET]
        row_number = _roadmap_row(ws, UC, "pilot")
        ws.cell(row_number, _column(column)).value = value

    with pytest.raises(WorkshopInputError) as caught:
        read_own_workbook("plan.xlsx", _edited(_export(w, halfway), edit))
    (problem,) = caught.value.problems
    assert problem.startswith("Roadmap sheet") and message in problem
    if column in ("Actual start", "% done") and not isinstance(value, int):
        assert f"row {row_number}" in problem


def test_actuals_on_an_assessment_row_are_not_applied_and_the_wizard_is_told(tracked):
    w, _, halfway = tracked

    def edit(book):
        book[ROADMAP_SHEET].cell(2, _column("Actual start")).value = halfway

    opened, changes = read_own_workbook("plan.xlsx", _edited(_export(w, halfway), edit))
    assert changes == [
        "Roadmap sheet, row 2: actuals are recorded for pilot and scaling phases only; this row's were not applied."
    ]
    assert dump_workshop(opened) == dump_workshop(w)


def test_measurements_added_in_excel_come_back_with_decimal_commas(tracked):
    w, _, halfway = tracked
    kpi = w.use_case(UC).kpis[0]

    def edit(book):
        ws = book[MEASUREMENTS_SHEET]
        assert [c.value for c in ws[1]] == list(MEASUREMENT_COLUMNS)
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == UC)
        assert ws.cell(row, 6).value is None  # an empty row to fill in for a KPI not measured yet
        ws.cell(row, 6).value = halfway
        ws.cell(row, 7).value = "42,5"
        ws.append(["", "Personalised product recommendations", kpi.metric, "", "", halfway.isoformat(), 44, "late"])

    opened, changes = read_own_workbook("plan.xlsx", _edited(_export(w, halfway), edit))
    readings = opened.use_case(UC).kpis[0].measurements
    assert [(m.date, m.value) for m in readings] == [(halfway, 42.5), (halfway, 44.0)]
    assert changes == [
        f"Personalised product recommendations, KPI '{kpi.metric}': added 42.5 on {halfway:%d %b %Y}; "
        f"added 44 on {halfway:%d %b %Y}."
    ]


def test_a_measurement_for_an_unknown_metric_names_its_row_and_column(tracked):
    w, _, halfway = tracked

    def edit(book):
        book[MEASUREMENTS_SHEET].append([UC, "", "Happiness", "", "", halfway, 3, ""])

    with pytest.raises(WorkshopInputError) as caught:
        read_own_workbook("plan.xlsx", _edited(_export(w, halfway), edit))
    (problem,) = caught.value.problems
    assert problem.startswith("KPI measurements sheet, row ") and ", column Metric: " in problem
    assert "has no KPI called 'Happiness'" in problem


def test_a_measurement_without_a_value_says_which_column_is_missing(tracked):
    w, _, halfway = tracked
    metric = w.use_case(UC).kpis[0].metric

    def edit(book):
        book[MEASUREMENTS_SHEET].append([UC, "", metric, "", "", halfway, None, ""])

    with pytest.raises(WorkshopInputError) as caught:
        read_own_workbook("plan.xlsx", _edited(_export(w, halfway), edit))
    assert caught.value.problems[0].endswith("column Value: a measurement needs both a date and a value")


def test_the_new_fields_survive_json(tracked):
    w, _, halfway = tracked
    w = add_lesson(w, text="Pilots need a named data owner", on=halfway, use_case_id=UC, gate="go_no_go")
    w = add_measurement(w, UC, w.use_case(UC).kpis[0].metric, on=halfway, value=3.25)
    again = parse_workshop(dump_workshop(w))
    assert again == w
    assert again.baselines[0].name == "Board approval" and again.lessons[0].gate == "go_no_go"
    assert again.use_case(UC).actuals[PhaseName.PILOT].percent_complete == 50


def test_the_teams_sheet_gives_the_plan_per_team_and_is_left_out_for_a_single_team():
    from planner.domain.teams import plan_per_team, set_team_limits
    from planner.formats.sheet_layout import TEAMS_SHEET

    sample = set_team_limits(load_sample_workshop(), pilots=1, scaling=None)
    book = _book(_export(sample, TAKEN))
    assert book.sheetnames.index(TEAMS_SHEET) == book.sheetnames.index(GANTT_SHEET) + 1
    rows = [[c.value for c in row] for row in book[TEAMS_SHEET].iter_rows()]
    assert rows[0] == ["Team", "On the roadmap", "Pilots at once", "Scaling at once", "First live", "All live"]
    expected = plan_per_team(sample, analyse(sample, today=TAKEN).roadmap)
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [(t.team, t.use_cases, 1) for t in expected]
    one_team = sample.model_copy(
        update={
            "use_cases": [uc.model_copy(update={"department": "IT"}) for uc in sample.use_cases],
            "plan": sample.plan.model_copy(update={"team_pilots": None}),
        }
    )
    assert TEAMS_SHEET not in _book(_export(one_team, TAKEN)).sheetnames
