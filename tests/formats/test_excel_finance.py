"""The workbook's Finance sheet: formulas that recompute in Excel, cached with the planner's own figures."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import numpy as np
import pytest
from openpyxl import load_workbook
from openpyxl.chart import LineChart
from openpyxl.utils import column_index_from_string

from planner.domain.analysis import analyse
from planner.formats.excel import build_workbook
from planner.formats.excel_finance import MONTH_HEADERS, MONTHS_HEADER, USE_CASE_HEADERS
from planner.formats.sheet_layout import FINANCE_SHEET, ROADMAP_SHEET, USE_CASES_SHEET
from planner.formats.workshop_json import load_sample_workshop

TODAY = date(2026, 12, 6)
EPOCH = datetime(1899, 12, 30)
RANGE = re.compile(r"\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)")
CELL = re.compile(r"\$?([A-Z]+)\$?(\d+)")


@pytest.fixture(scope="module")
def books():
    data = build_workbook(analyse(load_sample_workshop(), today=TODAY))
    return load_workbook(io.BytesIO(data)), load_workbook(io.BytesIO(data), data_only=True)


def _number(value: object) -> float:
    if isinstance(value, datetime):
        return float((value - EPOCH).days)
    return float(value) if isinstance(value, int | float) else 0.0


def _evaluate(formula: str, cached) -> float:
    """Evaluate the month rows' arithmetic (SUMPRODUCT, ABS, + - * /) over the sheet's cached values, as Excel
    would: a range is an array, a cell a number, an empty cell 0."""

    def cells(match: re.Match[str]) -> str:
        first, last = int(match[2]), int(match[4])
        column = column_index_from_string(match[1])
        values = [_number(cached.cell(row, column).value) for row in range(first, last + 1)]
        return f"np.array({values!r})"

    def cell(match: re.Match[str]) -> str:
        return repr(_number(cached.cell(int(match[2]), column_index_from_string(match[1])).value))

    text = RANGE.sub(cells, formula.lstrip("="))
    text = re.sub(r"(?<![A-Za-z_.])([A-Z]+\$?\d+|\$[A-Z]+\$?\d+)", lambda m: CELL.sub(cell, m[0]), text)
    text = text.replace("SUMPRODUCT", "_sumproduct").replace("ABS", "np.abs")
    return float(eval(text, {"np": np, "_sumproduct": lambda *arrays: float(np.sum(np.prod(arrays, axis=0)))}))


def _rows(ws, header: str, first: int):
    column = MONTH_HEADERS.index(header) + 1
    row = first
    while ws.cell(row, 1).value:
        yield row, ws.cell(row, column)
        row += 1


def test_the_month_formulas_add_up_to_the_planners_figures(books):
    formulas, cached = books[0][FINANCE_SHEET], books[1][FINANCE_SHEET]
    finance = analyse(load_sample_workshop(), today=TODAY).finance
    assert [cached.cell(MONTHS_HEADER, c + 1).value for c in range(len(MONTH_HEADERS))] == list(MONTH_HEADERS)
    for header, attribute in (("Pilots", "pilot"), ("Scaling", "scaling"), ("Running", "run"), ("Value", "value")):
        column = MONTH_HEADERS.index(header) + 1
        for index, month in enumerate(finance.months):
            row = MONTHS_HEADER + 1 + index
            text = formulas.cell(row, column).value
            assert isinstance(text, str) and text.startswith("=SUMPRODUCT(")
            assert cached.cell(row, column).value == pytest.approx(getattr(month, attribute), abs=1e-6)
            # The formula itself, worked out over the sheet's cached helper columns, gives the same figure.
            assert _evaluate(text, cached) == pytest.approx(getattr(month, attribute), abs=1e-6), (header, row)


def test_the_portfolio_figures_are_formulas_cached_with_the_planners_figures(books):
    formulas, cached = books[0][FINANCE_SHEET], books[1][FINANCE_SHEET]
    finance = analyse(load_sample_workshop(), today=TODAY).finance
    figures = {
        cached.cell(row, 1).value: (formulas.cell(row, 2).value, cached.cell(row, 2).value) for row in range(13, 19)
    }
    peak_formula, peak = figures["Peak funding needed"]
    assert peak_formula.startswith("=MAX(0,MAX(K") and peak == pytest.approx(finance.peak_funding)
    payback_formula, payback = figures["Portfolio pays back"]
    assert payback_formula.startswith("=IF(COUNT(L") and payback.date() == finance.payback_date
    assert figures["3-year net value of the use cases"][1] == pytest.approx(finance.net_value_3y)
    # The month the portfolio pays back in says so, and no other month does.
    paid = [cell.value for _, cell in _rows(cached, "Paid back on", MONTHS_HEADER + 1) if cell.value]
    assert [value.date() for value in paid] == [finance.payback_date]


def test_each_use_case_reads_its_dates_from_the_roadmap_sheet_and_its_costs_from_the_use_cases_sheet(books):
    formulas, cached = books[0][FINANCE_SHEET], books[1][FINANCE_SHEET]
    roadmap, use_cases = books[1][ROADMAP_SHEET], books[1][USE_CASES_SHEET]
    headers = [cell.value for cell in use_cases[1]]
    first = next(r for r in range(1, 200) if cached.cell(r, 1).value == USE_CASE_HEADERS[0])
    row = first + 1
    uc_id = cached.cell(row, 1).value
    pilot_start = formulas.cell(row, USE_CASE_HEADERS.index("Pilot start") + 1).value
    sheet_row = int(re.search(r"!D(\d+)$", pilot_start)[1])  # type: ignore[index]
    assert (roadmap.cell(sheet_row, 1).value, roadmap.cell(sheet_row, 3).value) == (uc_id, "pilot")
    pilot_cost = formulas.cell(row, USE_CASE_HEADERS.index("Pilot cost") + 1).value
    column = headers.index("Pilot cost (k)") + 1
    letter = use_cases.cell(1, column).column_letter
    assert f"'{USE_CASES_SHEET}'!${letter}:${letter}" in pilot_cost
    uc_row = next(r for r in range(2, 50) if use_cases.cell(r, 1).value == uc_id)
    assert cached.cell(row, USE_CASE_HEADERS.index("Pilot cost") + 1).value == use_cases.cell(uc_row, column).value
    assert cached.cell(row, USE_CASE_HEADERS.index("Investment") + 1).value == pytest.approx(
        use_cases.cell(uc_row, column).value + use_cases.cell(uc_row, headers.index("Scaling cost (k)") + 1).value
    )


def test_a_native_line_chart_draws_the_cumulative_curves(books):
    charts = books[0][FINANCE_SHEET]._charts
    assert len(charts) == 1 and isinstance(charts[0], LineChart)
    refs = [series.val.numRef.f for series in charts[0].series]
    spent, value = (chr(ord("A") + MONTH_HEADERS.index(h)) for h in ("Spent so far", "Value so far"))
    assert [ref.split("!")[1].split(":")[0] for ref in refs] == [
        f"${spent}${MONTHS_HEADER + 1}",
        f"${value}${MONTHS_HEADER + 1}",
    ]


def test_a_workshop_with_nothing_on_the_roadmap_says_so():
    w = load_sample_workshop()
    w = w.model_copy(update={"use_cases": [uc.model_copy(update={"on_roadmap": False}) for uc in w.use_cases]})
    ws = load_workbook(io.BytesIO(build_workbook(analyse(w, today=TODAY))))[FINANCE_SHEET]
    assert "nothing to cost" in ws.cell(MONTHS_HEADER, 1).value


def test_the_summary_gives_a_sponsor_the_investment_headlines(books):
    summary = books[1]["Summary"]
    finance = analyse(load_sample_workshop(), today=TODAY).finance
    rows = {summary.cell(r, 1).value: summary.cell(r, 2).value for r in range(1, 120) if summary.cell(r, 1).value}
    assert rows["Peak funding needed"] == pytest.approx(finance.peak_funding)
    assert rows["Portfolio pays back"].date() == finance.payback_date
    assert rows["3-year net value"] == pytest.approx(finance.net_value_3y)
    assert "Finance" in rows  # the guide to the sheets names it


def test_gate_funding_reads_its_use_cases_dates_and_costs(books):
    formulas, cached = books[0][FINANCE_SHEET], books[1][FINANCE_SHEET]
    finance = analyse(load_sample_workshop(), today=TODAY).finance
    title = next(r for r in range(1, 200) if cached.cell(r, 1).value == "Funding each gate releases when it says go")
    first = title + 2
    shown = [
        (cached.cell(r, 1).value.date(), cached.cell(r, 4).value) for r in range(first, first + len(finance.gates))
    ]
    assert shown == [(g.date, g.releases) for g in finance.gates]
    ids = {cached.cell(r, 1).value: r for r in range(1, 200) if cached.cell(r, 1).value}
    gate = finance.gates[0]  # a go/no-go gate: the pilot's end, and the scaling cost
    at = ids[gate.use_case_id]
    assert formulas.cell(first, 1).value == f"=D{at}"
    assert formulas.cell(first, 4).value == f"=IF(N(E{at})>0,I{at},0)"
