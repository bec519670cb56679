"""Tests for the Excel and CSV export: the bytes are read back with openpyxl and inspected sheet by sheet."""

from __future__ import annotations

import csv
import io
import itertools
import re
import warnings
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from planner.domain.analysis import analyse
from planner.domain.models import KPI, SCHEMA_VERSION, Criterion, GateDecision, PlanSettings, UseCase, Workshop
from planner.domain.plan_state import ASSESSMENT_ROW
from planner.domain.schedule import build_roadmap
from planner.domain.vocabulary import PHASE_LABELS, Decision, Gate, Objective, PhaseName, Side, Stage
from planner.formats import excel_gantt, excel_summary, xlsx_writer
from planner.formats.excel import build_workbook, roadmap_csv
from planner.formats.sheet_layout import (
    FINANCE_SHEET,
    GANTT_FIRST_ROW,
    GANTT_SHEET,
    GATES_SHEET,
    LISTS_SHEET,
    MEASUREMENTS_SHEET,
    META_CHUNK,
    META_FIRST_ROW,
    META_SHEET,
    META_VERSION_CELL,
    PRIORITIES_SHEET,
    PRIORITIES_TABLE,
    ROADMAP_COLUMNS,
    ROADMAP_SHEET,
    ROADMAP_SHEET_COLUMNS,
    ROADMAP_TABLE,
    STATUS_SHEET,
    SUMMARY_SHEET,
    TEAMS_SHEET,
    USE_CASES_SHEET,
    USE_CASES_TABLE,
    use_case_columns,
)
from planner.formats.workshop_json import dump_workshop, load_sample_workshop
from planner.formats.xlsx_writer import safe_text
from planner.rendering.palette import PHASE_COLOURS
from tests.builders import use_case, workshop

TODAY = date(2027, 6, 1)
SHEETS = [
    SUMMARY_SHEET,
    STATUS_SHEET,
    USE_CASES_SHEET,
    PRIORITIES_SHEET,
    ROADMAP_SHEET,
    GANTT_SHEET,
    TEAMS_SHEET,
    FINANCE_SHEET,
    GATES_SHEET,
    MEASUREMENTS_SHEET,
    LISTS_SHEET,
    META_SHEET,
]
FORMULA_LIKE = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "=1+1"]
FIRST_GRID_COLUMN = excel_gantt.GANTT_FIRST_GRID_COLUMN


def load(data: bytes):
    # Any warning from openpyxl (a table without header names, an unreadable part) fails the test.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module")
def sample() -> Workshop:
    return load_sample_workshop()


@pytest.fixture(scope="module")
def book(sample):
    return load(build_workbook(analyse(sample, today=TODAY)))


def injected_workshop() -> Workshop:
    cases = [
        use_case(
            f"uc-{i}",
            name=text,
            owner=text,
            department=text,
            description=text,
            kpis=[KPI(metric=text, target=1, unit=text)],
            gate_decisions=[GateDecision(gate=Gate.GO_NO_GO, decision=Decision.GO, date=TODAY, note=text)],
        )
        for i, text in enumerate(FORMULA_LIKE)
    ]
    return workshop(*cases, name="=cmd|' /C calc'!A0", organisation="+SUM(1)", facilitator="@me")


def gantt_rules(ws) -> list[tuple[str, str]]:
    """(range, formula) of every conditional format on the Gantt sheet."""
    return [(str(cf.sqref), rule.formula[0]) for cf in ws.conditional_formatting for rule in cf.rules]


def table_rows(ws, ref: str) -> list[tuple[object, ...]]:
    return [tuple(c.value for c in row) for row in ws[ref]]


# Sheets, tables, names


def test_sheets_come_in_order_with_lists_hidden_and_meta_very_hidden(book):
    assert book.sheetnames == SHEETS
    states = {ws.title: ws.sheet_state for ws in book}
    assert states.pop(LISTS_SHEET) == "hidden"
    assert states.pop(META_SHEET) == "veryHidden"
    assert set(states.values()) == {"visible"}
    assert book.active.title == SUMMARY_SHEET


def test_each_table_has_its_layout_name_and_covers_header_and_rows(book, sample):
    roadmap = build_roadmap(sample)
    columns = len(use_case_columns(sample.criteria))
    expected = {
        USE_CASES_SHEET: (USE_CASES_TABLE, f"A1:{get_column_letter(columns)}{len(sample.use_cases) + 1}"),
        PRIORITIES_SHEET: (PRIORITIES_TABLE, f"A1:J{len(sample.use_cases) + 1}"),
        ROADMAP_SHEET: (ROADMAP_TABLE, f"A1:N{len(roadmap.phases) + 1}"),
    }
    for sheet, (name, ref) in expected.items():
        tables = book[sheet].tables
        assert list(tables) == [name]
        assert tables[name].ref == ref


def test_use_cases_sheet_has_the_layout_columns_and_one_typed_row_per_use_case(book, sample):
    ws = book[USE_CASES_SHEET]
    columns = use_case_columns(sample.criteria)
    header = [c.value for c in ws[1]]
    assert header == [label for _, label in columns]
    assert [col.name for col in ws.tables[USE_CASES_TABLE].tableColumns] == header
    fields = [field for field, _ in columns]
    for row, uc in enumerate(sample.use_cases, start=2):
        values = dict(zip(fields, (c.value for c in ws[row]), strict=True))
        assert values["id"] == uc.id
        assert values["name"] == uc.name
        assert values["objective"] == uc.objective.value
        assert values["stage"] == uc.stage.value
        assert values["on_roadmap"] is uc.on_roadmap
        assert values["depends_on"] == (", ".join(uc.depends_on) or None)
        for criterion in sample.criteria:
            assert values[criterion.id] == uc.scores.get(criterion.id)
            assert values[criterion.id] is None or type(values[criterion.id]) is int
    assert ws.freeze_panes in ("A2", "C2")


def test_missing_scores_and_values_are_empty_cells():
    bare = UseCase(id="a", name="A", scores={"business_value": 4})
    ws = load(build_workbook(analyse(workshop(bare), today=TODAY)))[USE_CASES_SHEET]
    values = dict(zip((f for f, _ in use_case_columns(workshop().criteria)), (c.value for c in ws[2]), strict=True))
    assert values["business_value"] == 4
    assert values["data_readiness"] is None
    assert values["annual_value"] is None
    assert values["owner"] is None


def test_repeated_criterion_labels_still_give_distinct_table_columns():
    criteria = [
        Criterion(id="value", label="Name", side=Side.IMPACT),
        Criterion(id="effort", label="name", side=Side.FEASIBILITY),
    ]
    book = load(build_workbook(analyse(workshop(UseCase(id="a", name="A"), criteria=criteria), today=TODAY)))
    names = [col.name.casefold() for col in book[USE_CASES_SHEET].tables[USE_CASES_TABLE].tableColumns]
    assert len(names) == len(set(names))


def test_table_column_names_match_their_header_cells_even_for_labels_with_line_breaks():
    criteria = [
        Criterion(id="value", label="Value\nto us", side=Side.IMPACT),
        Criterion(id="effort", label="=Effort", side=Side.FEASIBILITY),
    ]
    book = load(build_workbook(analyse(workshop(UseCase(id="a", name="A"), criteria=criteria), today=TODAY)))
    for ws in book:
        for table in ws.tables.values():
            header = [cell.value for cell in ws[table.ref][0]]
            assert [col.name for col in table.tableColumns] == header
    assert "Value to us" in [c.value for c in book[USE_CASES_SHEET][1]]


def test_drop_downs_read_the_hidden_lists_and_scores_must_be_whole_numbers_from_1_to_5(book, sample):
    ws = book[USE_CASES_SHEET]
    validations = ws.data_validations.dataValidation
    lists = {dv.formula1 for dv in validations if dv.type == "list"}
    assert lists == {"Lists!$A$2:$A$6", "Lists!$B$2:$B$7", "Lists!$C$2:$C$3"}
    scores = [dv for dv in validations if dv.type == "whole"]
    assert len(scores) == len(sample.criteria)
    for dv in scores:
        assert (dv.operator, dv.formula1, dv.formula2) == ("between", "1", "5")
        assert dv.showErrorMessage and "1" in dv.error and "5" in dv.error
    lists_sheet = book[LISTS_SHEET]
    assert [c.value for c in lists_sheet["A2:A6"] for c in c] == [o.value for o in Objective]
    assert [c.value for c in lists_sheet["B2:B7"] for c in c] == [s.value for s in Stage]
    assert [c.value for c in lists_sheet["C2:C3"] for c in c] == [True, False]


def test_lists_have_workbook_names(book):
    names = {name: dn.attr_text for name, dn in book.defined_names.items()}
    assert names["ObjectiveList"] == "Lists!$A$2:$A$6"
    assert names["StageList"] == "Lists!$B$2:$B$7"


def test_an_empty_workshop_still_gives_valid_tables_and_an_assessment_bar():
    book = load(build_workbook(analyse(workshop(), today=TODAY)))
    assert book[USE_CASES_SHEET].tables[USE_CASES_TABLE].ref.endswith("2")
    assert book[PRIORITIES_SHEET].tables[PRIORITIES_TABLE].ref == "A1:J2"
    gantt = book[GANTT_SHEET]
    assert gantt.cell(row=GANTT_FIRST_ROW, column=1).value == ASSESSMENT_ROW
    assert gantt.cell(row=GANTT_FIRST_ROW + 1, column=1).value is None


# Priorities and Roadmap


def test_priorities_follow_the_ranking_with_stability_and_a_percentage_share(book, sample):
    ws = book[PRIORITIES_SHEET]
    header = [c.value for c in ws[1]]
    assert header[:7] == ["Rank", "Use case id", "Use case", "Impact", "Feasibility", "Priority", "Quadrant"]
    assert header[8:] == ["Stability", "On roadmap"]
    rows = table_rows(ws, ws.tables[PRIORITIES_TABLE].ref)[1:]
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert {r[8] for r in rows} <= {"stable", "borderline", "fragile", "outside"}
    assert ws.cell(row=2, column=8).number_format == "0%"
    on_roadmap = {r[1] for r in rows if r[9] == "Yes"}
    assert on_roadmap == set(build_roadmap(sample).order)


def test_roadmap_sheet_has_one_row_per_phase_with_real_dates_and_months(book, sample):
    ws = book[ROADMAP_SHEET]
    rows = table_rows(ws, ws.tables[ROADMAP_TABLE].ref)
    assert rows[0] == ROADMAP_SHEET_COLUMNS
    assert rows[0][: len(ROADMAP_COLUMNS)] == ROADMAP_COLUMNS
    phases = build_roadmap(sample).phases
    assert len(rows) - 1 == len(phases)
    for row, phase in zip(rows[1:], phases, strict=True):
        uc_id, name, phase_name, start, end, months, _ = row[: len(ROADMAP_COLUMNS)]
        assert uc_id == phase.use_case_id
        assert name == phase.use_case
        assert phase_name == phase.phase.value
        assert isinstance(start, datetime) and start.date() == phase.start
        assert isinstance(end, datetime) and end.date() == phase.end
        assert months == round(phase.weeks * 12 / 52, 1)
    assert rows[1][:3] == (None, ASSESSMENT_ROW, "assessment")
    assert ws.cell(row=2, column=4).number_format == "yyyy-mm-dd"


def test_roadmap_status_compares_each_phase_with_today(sample):
    phases = build_roadmap(sample).phases
    first_pilot_end = min(p.end for p in phases if p.phase == PhaseName.PILOT)
    ws = load(build_workbook(analyse(sample, today=first_pilot_end)))[ROADMAP_SHEET]
    for row, phase in enumerate(phases, start=2):
        status = ws.cell(row=row, column=7).value
        if phase.phase == PhaseName.OPTIMIZATION:
            assert status == "ongoing"
        elif phase.end <= first_pilot_end:
            assert status == "done"
        elif phase.start <= first_pilot_end:
            assert status == "in progress"
        else:
            assert status == "planned"
    statuses = {ws.cell(row=r, column=7).value for r in range(2, len(phases) + 2)}
    assert statuses == {"done", "in progress", "planned", "ongoing"}


# Gantt


def test_gantt_rows_are_the_assessment_then_each_use_case_phase_in_roadmap_order(sample):
    ws = load_workbook(io.BytesIO(build_workbook(analyse(sample, today=TODAY))), data_only=True)[GANTT_SHEET]
    roadmap = build_roadmap(sample)
    expected = [(p.use_case, PHASE_LABELS[p.phase], p.start, p.end) for p in roadmap.phases]
    first = GANTT_FIRST_ROW
    rows = [  # the values the file shows before Excel recalculates anything
        (r[0], r[1], r[2].date(), r[3].date())
        for r in ws.iter_rows(min_row=first, max_row=first + len(expected) - 1, max_col=4, values_only=True)
    ]
    assert rows == expected
    assert ws.cell(row=first + len(expected), column=1).value is None
    names_in_order = list(dict.fromkeys(r[0] for r in rows[1:]))
    assert names_in_order == [sample.use_case(i).name for i in roadmap.order]


def test_gantt_dates_read_the_roadmap_sheet_so_a_date_is_edited_in_one_place(book, sample):
    gantt, roadmap_sheet = book[GANTT_SHEET], book[ROADMAP_SHEET]
    first = GANTT_FIRST_ROW
    for offset, phase in enumerate(build_roadmap(sample).phases):
        start, end = (gantt.cell(row=first + offset, column=c).value for c in (3, 4))
        assert start.startswith("='Roadmap'!D") and end.startswith("='Roadmap'!E")  # were fixed dates
        source = int(start.removeprefix("='Roadmap'!D"))
        assert end == f"='Roadmap'!E{source}"
        row = [roadmap_sheet.cell(row=source, column=c).value or "" for c in (1, 3)]
        assert row == [phase.use_case_id or "", phase.phase.value]


def test_gantt_draws_bars_with_one_rule_per_phase_that_follows_the_date_cells(book):
    ws = book[GANTT_SHEET]
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules]
    phase_rules = [r for r in rules if "$B" in r.formula[0]]
    assert len(phase_rules) == 4
    assert len(rules) == 6  # the four phases, the gate milestone and today
    row = GANTT_FIRST_ROW
    for phase in PhaseName:
        (rule,) = [r for r in phase_rules if f'"{PHASE_LABELS[phase]}"' in r.formula[0]]
        assert f"$C{row}" in rule.formula[0] and f"$D{row}" in rule.formula[0]
        assert rule.dxf.fill.bgColor.rgb[-6:] == PHASE_COLOURS[phase].lstrip("#").upper()
    (gate,) = [r for r in rules if "$E" in r.formula[0]]
    assert f"$D{row}" in gate.formula[0]
    (today,) = [r for r in rules if "TODAY()" in r.formula[0]]
    assert today.dxf.fill is not None


def test_gantt_rules_cover_the_whole_grid(book, sample):
    ws = book[GANTT_SHEET]
    last_row = GANTT_FIRST_ROW + len(build_roadmap(sample).phases) - 1
    first = get_column_letter(FIRST_GRID_COLUMN)
    last = get_column_letter(ws.max_column)
    ranges = {ref for ref, _ in gantt_rules(ws)}
    assert f"{first}{GANTT_FIRST_ROW}:{last}{last_row}" in ranges


def test_no_gantt_grid_cell_is_painted_one_by_one(book):
    ws = book[GANTT_SHEET]
    for row in ws.iter_rows(min_row=GANTT_FIRST_ROW, min_col=FIRST_GRID_COLUMN):
        for cell in row:
            assert cell.value is None
            assert cell.fill.fill_type is None


def test_gantt_has_one_week_column_per_week_with_dates_in_the_header(book, sample):
    ws = book[GANTT_SHEET]
    roadmap = build_roadmap(sample)
    header = [c.value for c in ws[excel_gantt.GANTT_HEADER_ROW]][FIRST_GRID_COLUMN - 1 :]
    assert header[0].date() == sample.start_date
    assert all((b - a).days == 7 for a, b in itertools.pairwise(header))
    assert header[-1].date() < max(p.end for p in roadmap.phases) <= header[-1].date() + (header[1] - header[0])
    assert ws.cell(row=excel_gantt.GANTT_HEADER_ROW, column=FIRST_GRID_COLUMN).number_format == "d"
    assert ws.cell(row=excel_gantt.GANTT_BAND_ROW, column=FIRST_GRID_COLUMN).value == "Jan 2027"


def test_a_long_plan_gets_one_column_per_month():
    long_plan = PlanSettings(horizon_months=60)
    ws = load(build_workbook(analyse(workshop(use_case("a"), plan=long_plan), today=TODAY)))[GANTT_SHEET]
    header = [c.value for c in ws[excel_gantt.GANTT_HEADER_ROW]][FIRST_GRID_COLUMN - 1 :]
    assert all(day.day == 1 for day in header)
    assert 60 <= len(header) <= 62
    assert any("MONTH(" in formula for _, formula in gantt_rules(ws))


def test_gantt_is_frozen_at_the_first_grid_cell_and_prints_landscape_one_page_wide(book):
    ws = book[GANTT_SHEET]
    assert ws.freeze_panes == f"{get_column_letter(FIRST_GRID_COLUMN)}{GANTT_FIRST_ROW}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows
    assert ws.column_dimensions[get_column_letter(FIRST_GRID_COLUMN)].width == pytest.approx(2.6)


def test_gantt_legend_shows_each_phase_in_its_colour(book):
    ws = book[GANTT_SHEET]
    legend = {
        cell.value: cell.fill.fgColor.rgb[-6:] for cell in ws[excel_gantt.GANTT_LEGEND_ROW] if cell.value is not None
    }
    for phase in PhaseName:
        assert legend[PHASE_LABELS[phase]] == PHASE_COLOURS[phase].lstrip("#").upper()


# Summary, Gates & KPIs


def cell_after(ws, label: str):
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == label:
                return ws.cell(row=cell.row, column=cell.column + 1).value
    raise AssertionError(f"no cell says {label!r}")


def test_summary_shows_the_headline_dates_and_readiness(book, sample):
    ws = book[SUMMARY_SHEET]
    summary = build_roadmap(sample).summary
    assert cell_after(ws, "Workshop") == sample.name
    assert cell_after(ws, "Assessment and planning ends").date() == summary.assessment_end
    assert cell_after(ws, "First use case in production").date() == summary.first_production
    assert cell_after(ws, "All chosen use cases in production").date() == summary.all_in_production
    assert cell_after(ws, "Within the usual 6–18 months?") == ("Yes" if summary.within_guidance else "No")
    assert cell_after(ws, "Exported on").date() == TODAY
    assert isinstance(cell_after(ws, "Readiness index"), float)


def test_summary_lists_the_chosen_use_cases_and_the_top_five_risks(book, sample):
    ws = book[SUMMARY_SHEET]
    texts = {cell.value for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)}
    roadmap = build_roadmap(sample)
    assert {sample.use_case(i).name for i in roadmap.order} <= texts
    not_chosen = {uc.name for uc in sample.use_cases if not uc.on_roadmap}
    assert not texts & not_chosen
    assert "Top 5 risks" in texts
    assert set(roadmap.warnings) <= texts


def test_summary_shows_the_first_warnings_and_says_how_many_more_there_are():
    late = workshop(*(use_case(f"uc-{i}") for i in range(20)), plan=PlanSettings(horizon_months=6))
    warnings_count = len(build_roadmap(late, today=TODAY).warnings)
    assert warnings_count > excel_summary.SUMMARY_MAX_WARNINGS
    ws = load(build_workbook(analyse(late, today=TODAY)))[SUMMARY_SHEET]
    texts = [cell.value for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert (
        sum(text in build_roadmap(late, today=TODAY).warnings for text in texts) == excel_summary.SUMMARY_MAX_WARNINGS
    )
    more = warnings_count - excel_summary.SUMMARY_MAX_WARNINGS
    assert any(text.startswith(f"… and {more} more") for text in texts)


def test_gates_sheet_marks_ticked_checklist_items_done(sample):
    pilot = sample.use_cases[0].model_copy(update={"checklist": ["pilot_scope", "pilot_end_users"]})
    ticked = sample.model_copy(
        update={"use_cases": [pilot, *sample.use_cases[1:]], "assessment_checklist": ["assessment_readiness"]}
    )
    ws = load(build_workbook(analyse(ticked, today=TODAY)))[GATES_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    assert "1 of 7 done" in {r[0] for r in rows}
    (pilot_row,) = [r for r in rows if r[0] == pilot.name and r[1] == "2 of 8"]
    assert pilot_row[2:4] == ("done", "done")
    assert set(pilot_row[4:10]) == {"open"}


def test_gates_sheet_lists_gate_decisions_and_kpis_with_their_status(sample):
    first = sample.use_cases[0]
    decided = first.model_copy(
        update={"gate_decisions": [GateDecision(gate=Gate.GO_NO_GO, decision=Decision.GO, date=TODAY, note="Ok")]}
    )
    ws = load(
        build_workbook(
            analyse(sample.model_copy(update={"use_cases": [decided, *sample.use_cases[1:]]}), today=date.today())
        )
    )[GATES_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    (decision,) = [r for r in rows if r[1] == "Go / no-go gate"]
    assert decision[0] == first.name and decision[2] == "Go" and decision[3].date() == TODAY and decision[4] == "Ok"
    kpi = first.kpis[0]
    (kpi_row,) = [r for r in rows if r[1] == kpi.metric]
    assert kpi_row[2:6] == (kpi.baseline, kpi.target, kpi.current, kpi.unit)
    assert kpi_row[7] in {"On track", "Off track", "Target reached", "Not measured yet", "No target set"}


# _meta


def test_meta_sheet_holds_the_schema_version_and_the_workshop_json(book, sample):
    ws = book[META_SHEET]
    assert ws["A1"].value == "schema_version"
    assert ws[META_VERSION_CELL].value == SCHEMA_VERSION
    assert ws.cell(row=META_FIRST_ROW, column=1).value == dump_workshop(sample)


def test_long_workshops_are_split_into_chunks_that_join_back_exactly():
    cases = [use_case(f"uc-{i}", description=f"{i} " + "x" * 4990 + " =end") for i in range(20)]
    big = workshop(*cases)
    ws = load(build_workbook(analyse(big, today=TODAY)))[META_SHEET]
    chunks = [c.value for c in ws["A"][META_FIRST_ROW - 1 :] if c.value is not None]
    text = dump_workshop(big)
    assert len(chunks) == -(-len(text) // META_CHUNK) > 1
    assert all(c.data_type == "s" for c in ws["A"][META_FIRST_ROW - 1 :] if c.value is not None)
    assert "".join(chunks) == text
    assert Workshop.model_validate_json("".join(chunks)) == big


def test_characters_xml_cannot_hold_never_reach_the_cells_and_the_json_matches():
    # The models drop control characters as text comes in, so the workbook never sees them.
    odd = workshop(use_case("a", name="bell\x07 and nul\x00", description="one\r\ntwo\tthree", owner="R&D <lab>"))
    book = load(build_workbook(analyse(odd, today=TODAY)))
    row = [c.value for c in book[USE_CASES_SHEET][2]]
    assert row[1] == "bell and nul"
    assert row[2] == "one\ntwo\tthree"
    assert row[3] == "R&D <lab>"
    assert book[META_SHEET].cell(row=META_FIRST_ROW, column=1).value == dump_workshop(odd)


# Formula injection


def test_formula_like_text_is_read_back_as_text_with_a_quote_prefix():
    data = build_workbook(analyse(injected_workshop(), today=TODAY))
    book = load(data)
    found: dict[str, int] = {}
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and ws.title == FINANCE_SHEET:
                    # The Finance sheet's own formulas: cell references and functions, never a user's text.
                    assert "HYPERLINK" not in cell.value and "http" not in cell.value, f"{ws.title}!{cell.coordinate}"
                    continue
                if cell.data_type == "f":  # otherwise only the Gantt's own links to the Roadmap sheet are formulas
                    assert ws.title == GANTT_SHEET and cell.column in (3, 4), f"{ws.title}!{cell.coordinate}"
                    assert re.fullmatch(r"='Roadmap'![DE]\d+", cell.value), f"{ws.title}!{cell.coordinate}"
                    continue
                if isinstance(cell.value, str) and cell.value.startswith(xlsx_writer.FORMULA_STARTS):
                    assert cell.data_type == "s"
                    assert cell.quotePrefix, f"{ws.title}!{cell.coordinate} has no quote prefix"
                    found[cell.value] = found.get(cell.value, 0) + 1
    for text in [*FORMULA_LIKE, "=cmd|' /C calc'!A0", "+SUM(1)", "@me"]:
        assert found.get(text), f"{text!r} is missing from the workbook"
    assert b"<f>" not in data


def test_every_user_text_column_on_the_use_cases_sheet_keeps_the_exact_text():
    book = load(build_workbook(analyse(injected_workshop(), today=TODAY)))
    ws = book[USE_CASES_SHEET]
    for row, text in enumerate(FORMULA_LIKE, start=2):
        for column in range(2, 6):  # name, description, owner, department
            cell = ws.cell(row=row, column=column)
            assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


def test_leading_tab_and_carriage_return_also_get_a_quote_prefix():
    # The models strip leading whitespace, so this goes through the sheet writer directly.
    wb = Workbook()
    styles = xlsx_writer.Styles(wb)
    sheet = xlsx_writer.Sheet(wb.active, styles)
    sheet.put(1, 1, "\tTab")
    sheet.put(2, 1, "\rReturn")
    sheet.put(3, 1, "plain")
    sheet.put(4, 1, "  padded  ")
    buffer = io.BytesIO()
    wb.save(buffer)
    ws = load(xlsx_writer.splice(buffer.getvalue(), [sheet])).active
    assert [(c.value, c.data_type, bool(c.quotePrefix)) for c in ws["A"]] == [
        ("\tTab", "s", True),
        ("\rReturn", "s", True),
        ("plain", "s", False),
        ("  padded  ", "s", False),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ("Plain text", "Plain text"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_safe_text_prefixes_only_text_that_starts_like_a_formula(text, expected):
    assert safe_text(text) == expected


# CSV


def test_roadmap_csv_starts_with_a_bom_and_quotes_every_field(sample):
    data = roadmap_csv(analyse(sample, today=TODAY))
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[-1] == ""
    for line in lines[:-1]:
        fields = line.split('","')
        assert line.startswith('"') and line.endswith('"')
        assert len(fields) == len(ROADMAP_COLUMNS)


def test_roadmap_csv_has_one_row_per_phase(sample):
    rows = list(csv.reader(io.StringIO(roadmap_csv(analyse(sample, today=TODAY)).decode("utf-8-sig"))))
    phases = build_roadmap(sample).phases
    assert rows[0] == list(ROADMAP_COLUMNS)
    assert len(rows) - 1 == len(phases)
    for row, phase in zip(rows[1:], phases, strict=True):
        assert row[:5] == [phase.use_case_id or "", phase.use_case, phase.phase.value, str(phase.start), str(phase.end)]


def test_roadmap_csv_defuses_formula_like_names():
    rows = list(csv.reader(io.StringIO(roadmap_csv(analyse(injected_workshop(), today=TODAY)).decode("utf-8-sig"))))
    names = {row[1] for row in rows[1:]}
    assert {"'" + text for text in FORMULA_LIKE} <= names
    assert not any(name.startswith(xlsx_writer.FORMULA_STARTS) for name in names)
