"""The Gantt sheet of a large plan follows the app's grouping: a team's summary rows, its use cases folded below."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from openpyxl import load_workbook

from benchmarks.synthetic import realistic_portfolio
from planner.domain.analysis import analyse
from planner.domain.gantt_view import GANTT_MAX_ROWS, TeamRow, gantt_rows, team_spans
from planner.domain.models import Workshop
from planner.domain.results import Phase
from planner.domain.schedule import build_roadmap
from planner.domain.vocabulary import PHASE_LABELS, PhaseName
from planner.formats.excel import build_workbook
from planner.formats.roundtrip import read_own_workbook
from planner.formats.sheet_layout import GANTT_FIRST_ROW, GANTT_SHEET
from tests.builders import use_case, workshop

TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def portfolio() -> Workshop:
    return realistic_portfolio(120, departments=6)


@pytest.fixture(scope="module")
def exported(portfolio: Workshop) -> bytes:
    return build_workbook(analyse(portfolio, today=TODAY))


def _sheet_rows(data: bytes, *, formulas: bool) -> list[tuple[Any, ...]]:
    ws = load_workbook(io.BytesIO(data), data_only=not formulas)[GANTT_SHEET]
    return [tuple(r) for r in ws.iter_rows(min_row=GANTT_FIRST_ROW, max_col=4, values_only=True)]


def test_a_large_plan_has_one_summary_row_per_team_and_phase_above_its_use_cases(portfolio, exported):
    roadmap = build_roadmap(portfolio)
    assert len(roadmap.order) > GANTT_MAX_ROWS
    spans = team_spans(portfolio, roadmap)
    shown = _sheet_rows(exported, formulas=False)
    summaries = [row for row in shown if str(row[0]).endswith(("use case)", "use cases)"))]
    assert summaries[0][0] == f"{spans[0].team} ({spans[0].use_cases} use cases)"  # the best-ranked team first
    assert {str(row[0]).rsplit(" (", 1)[0] for row in summaries} == {span.team for span in spans}
    for span in spans:  # the cached dates are the team's first start and last end in each phase
        rows = {row[1]: (row[2].date(), row[3].date()) for row in summaries if str(row[0]).startswith(span.team + " (")}
        assert rows == {PHASE_LABELS[phase]: dates for phase, dates in span.spans.items()}
    phase_rows = [row for row in shown if row not in summaries]
    assert len(phase_rows) == len(roadmap.phases)  # every phase is still there, once


def test_a_teams_use_cases_are_folded_under_it_and_its_dates_are_formulas_over_them(exported):
    ws = load_workbook(io.BytesIO(exported))[GANTT_SHEET]
    assert ws.sheet_properties.outlinePr.summaryBelow is False
    row = GANTT_FIRST_ROW + 1  # after the assessment
    assert ws.row_dimensions[row].outlineLevel == 0
    start = ws.cell(row=row, column=3).value
    assert start.startswith("=_xlfn.MINIFS(C") and start.endswith(f'"{ws.cell(row=row, column=2).value}")')
    assert ws.cell(row=row, column=4).value.startswith("=_xlfn.MAXIFS(D")
    first = next(r for r in range(row, ws.max_row + 1) if ws.row_dimensions[r].outlineLevel == 1)
    assert ws.row_dimensions[first].hidden
    assert ws.cell(row=first, column=3).value.startswith("='Roadmap'!D")  # a use case's own row reads the Roadmap
    assert f"C{first}:" in start  # the summary spans its own use cases' rows


def test_a_small_plan_keeps_one_row_per_phase_without_groups():
    small = workshop(*(use_case(f"uc{k}", department=f"Team {k % 3}") for k in range(6)))
    rows = gantt_rows(small, build_roadmap(small))
    assert all(isinstance(row, Phase) for row in rows)
    ws = load_workbook(io.BytesIO(build_workbook(analyse(small, today=TODAY))))[GANTT_SHEET]
    assert all(ws.row_dimensions[r].outlineLevel == 0 for r in range(GANTT_FIRST_ROW, ws.max_row + 1))


def test_a_grouped_workbook_reads_back_unchanged_and_a_date_typed_on_a_folded_row_is_read(portfolio, exported):
    back, changes = read_own_workbook("large.xlsx", exported)
    assert changes == []  # the summary rows did not shift the rows read back
    assert back == portfolio

    roadmap = build_roadmap(portfolio)
    rows = gantt_rows(portfolio, roadmap)
    offset, pilot = next(
        (i, r)
        for i, r in enumerate(rows)
        if isinstance(r, Phase)
        and r.phase == PhaseName.PILOT
        and portfolio.use_case(r.use_case_id or "").overrides == {}
        and r.start > TODAY
    )
    wb = load_workbook(io.BytesIO(exported))
    sheet_row = GANTT_FIRST_ROW + offset
    wb[GANTT_SHEET][f"C{sheet_row}"] = pilot.start + timedelta(weeks=3)
    wb[GANTT_SHEET][f"D{sheet_row}"] = pilot.end + timedelta(weeks=3)
    summary = next(i for i, r in enumerate(rows) if isinstance(r, TeamRow))
    wb[GANTT_SHEET][f"C{GANTT_FIRST_ROW + summary}"] = date(2030, 1, 1)  # typed over a team's summary
    wb[GANTT_SHEET][f"D{GANTT_FIRST_ROW + summary}"] = date(2030, 6, 1)
    buffer = io.BytesIO()
    wb.save(buffer)
    back, changes = read_own_workbook("large.xlsx", buffer.getvalue())
    assert back.use_case(pilot.use_case_id or "").overrides[PhaseName.PILOT].start == pilot.start + timedelta(weeks=3)
    assert any("summary was given new dates" in c and f"row {GANTT_FIRST_ROW + summary}" in c for c in changes)
