"""The workbook's Finance sheet: spend and value by month as formulas over the Roadmap sheet's dates and the Use cases
sheet's costs, so a date or a cost edited in Excel recomputes, with a native line chart of the cumulative curves.

The formulas follow planner.domain.finance rule for rule (costs spread evenly by the day, run costs and value from
the production date, the value ramp, peak funding and payback read at month ends), and every formula cell carries
the planner's own figure as its cached value, so the sheet reads the same before Excel recalculates it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from openpyxl.chart import LineChart, Reference
from openpyxl.utils import get_column_letter

from planner.domain.analysis import Analysis
from planner.domain.finance import (
    DAYS_PER_YEAR,
    NET_VALUE_YEARS,
    NOT_LIVE_WORDS,
    Finance,
    UseCaseFinance,
    half_up,
    month_end,
)
from planner.domain.use_case_rows import COST_COLUMNS
from planner.domain.vocabulary import DAYS_PER_MONTH, GATE_LABELS, Gate, PhaseName
from planner.formats.sheet_layout import ROADMAP_SHEET, USE_CASES_SHEET, roadmap_sheet_rows, use_case_columns
from planner.formats.xlsx_writer import (
    HEADING_STYLE,
    LABEL_STYLE,
    LEFT_DATE_STYLE,
    MONEY_STYLE,
    NOTE_STYLE,
    SHARE_STYLE,
    CellStyle,
    CellValue,
    Formula,
    Sheet,
    header_row,
    section,
    sheet_ref,
)

MONTH_HEADERS = (
    "Month",
    "From",
    "To",
    "Pilots",
    "Scaling",
    "Running",
    "Value",
    "Spend",
    "Spent so far",
    "Value so far",
    "Funding gap",
    "Paid back on",
)
USE_CASE_HEADERS = (
    "Use case id",
    "Use case",
    "Pilot start",
    "Pilot end",
    "Scaling start",
    "Scaling end",
    "Production",
    "Pilot cost",
    "Scaling cost",
    "Run cost / yr",
    "Value / yr",
    "Investment",
    "Months to payback",
    "Pays back",
    "Net value 3 yr",
    "Pilot per day",
    "Scaling per day",
    "Run per day",
    "Ramp ends",
    "Value per day, ramp",
    "Value per day",
)
WIDTHS = (26, 34, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 16, 14, 12, 12, 12, 12, 14, 12)
# The assumptions block: (label, row) in column A, value in column B.
DEFAULT_PILOT, DEFAULT_SCALING, DEFAULT_RUN, RAMP_MONTHS, RAMP_SHARE, HORIZON_END = range(5, 11)
PEAK, PAYBACK, NET_VALUE, SPEND, VALUE = range(14, 19)
MONTHS_HEADER = 21


def _col(header: str, headers: tuple[str, ...]) -> str:
    return str(get_column_letter(headers.index(header) + 1))


def _u(header: str) -> str:
    return _col(header, USE_CASE_HEADERS)


def _m(header: str) -> str:
    return _col(header, MONTH_HEADERS)


@dataclass(frozen=True)
class _Layout:
    first_month: int
    last_month: int
    first_use_case: int
    last_use_case: int

    def use_cases(self, header: str) -> str:
        column = _u(header)
        return f"${column}${self.first_use_case}:${column}${self.last_use_case}"

    def months(self, header: str) -> str:
        column = _m(header)
        return f"{column}{self.first_month}:{column}{self.last_month}"


def _overlap(start: str, end: str, first: str, last: str) -> str:
    """Days of [start, end) inside [first, last), for arrays inside SUMPRODUCT: MIN and MAX would fold an array to
    one number, so they are written with ABS, which works element by element."""
    latest_start = f"(({start}+{first}+ABS({start}-{first}))/2)"
    earliest_end = f"(({end}+{last}-ABS({end}-{last}))/2)"
    days = f"({earliest_end}-{latest_start})"
    return f"(({days}+ABS({days}))/2)"


def _assumptions(sheet: Sheet, ex: Analysis) -> None:
    settings, finance = ex.workshop.finance, ex.finance
    row = section(sheet, 4, "Assumptions (edit these; the sheet recomputes)")
    defaults = settings.default_costs
    for label, value, style in (
        ("Pilot cost, when a use case has none", defaults.pilot, MONEY_STYLE),
        ("Scaling cost, when a use case has none", defaults.scaling, MONEY_STYLE),
        ("Run cost per year, when a use case has none", defaults.run_per_year, MONEY_STYLE),
        ("Ramp-up: months of production before the full value", settings.ramp_months, None),
        ("Share of the annual value during the ramp-up", settings.ramp_share, SHARE_STYLE),
        ("The plan's horizon ends", finance.horizon_end, LEFT_DATE_STYLE),
    ):
        sheet.put_row(row, (label, value), (LABEL_STYLE, style))
        row += 1


def _portfolio(sheet: Sheet, finance: Finance, layout: _Layout | None) -> None:
    row = section(sheet, PEAK - 1, "Portfolio")
    cached: tuple[tuple[str, CellValue, str, CellStyle], ...] = (
        ("Peak funding needed", finance.peak_funding, "MAX(0,MAX({gap}))", MONEY_STYLE),
        (
            "Portfolio pays back",
            finance.payback_date or "not within the horizon",
            'IF(COUNT({paid})=0,"not within the horizon",MIN({paid}))',
            LEFT_DATE_STYLE,
        ),
        ("3-year net value of the use cases", finance.net_value_3y, "SUM({net})", MONEY_STYLE),
        ("Spent within the horizon", finance.total_spend, "N({spent_last})", MONEY_STYLE),
        ("Value within the horizon", finance.total_value, "N({value_last})", MONEY_STYLE),
    )
    for label, value, text, style in cached:
        cell: CellValue = value
        if layout is not None:
            formula = text.format(
                gap=layout.months("Funding gap"),
                paid=layout.months("Paid back on"),
                net=layout.use_cases("Net value 3 yr"),
                spent_last=f"{_m('Spent so far')}{layout.last_month}",
                value_last=f"{_m('Value so far')}{layout.last_month}",
            )
            cell = Formula(formula, value if isinstance(value, date | float | int | str) else None)
        sheet.put_row(row, (label, cell), (LABEL_STYLE, style))
        row += 1


def _month_rows(sheet: Sheet, finance: Finance, layout: _Layout) -> None:
    header_row(sheet, MONTHS_HEADER, MONTH_HEADERS)
    horizon = f"$B${HORIZON_END}"
    months = finance.months
    paid_row = _paid_back_row(finance)
    for index, month in enumerate(months):
        row = layout.first_month + index
        first, last = f"$B{row}", f"$C{row}"
        pilot = _overlap(layout.use_cases("Pilot start"), layout.use_cases("Pilot end"), first, last)
        scaling = _overlap(layout.use_cases("Scaling start"), layout.use_cases("Scaling end"), first, last)
        running = _overlap(layout.use_cases("Production"), horizon, first, last)
        ramp = _overlap(layout.use_cases("Production"), layout.use_cases("Ramp ends"), first, last)
        full = _overlap(layout.use_cases("Ramp ends"), horizon, first, last)
        previous = f"N(K{row - 1})"
        values: list[CellValue] = [
            month.month,
            month.start,
            month_end(months, index, finance.horizon_end),
            Formula(f"SUMPRODUCT({layout.use_cases('Pilot per day')},{pilot})", month.pilot),
            Formula(f"SUMPRODUCT({layout.use_cases('Scaling per day')},{scaling})", month.scaling),
            Formula(f"SUMPRODUCT({layout.use_cases('Run per day')},{running})", month.run),
            Formula(
                f"SUMPRODUCT({layout.use_cases('Value per day, ramp')},{ramp})"
                f"+SUMPRODUCT({layout.use_cases('Value per day')},{full})",
                month.value,
            ),
            Formula(f"D{row}+E{row}+F{row}", month.spend),
            Formula(f"N(I{row - 1})+H{row}", month.cumulative_spend),
            Formula(f"N(J{row - 1})+G{row}", month.cumulative_value),
            Formula(f"I{row}-J{row}", month.cumulative_spend - month.cumulative_value),
            Formula(
                f'IF(AND(K{row}<=0,{previous}>0,COUNTIF(K{row}:K${layout.last_month},">0")=0),'
                f'B{row}+ROUND((C{row}-B{row})*{previous}/({previous}-K{row}),0),"")',
                finance.payback_date if index == paid_row else None,
            ),
        ]
        styles = [None, LEFT_DATE_STYLE, LEFT_DATE_STYLE, *([MONEY_STYLE] * 8), LEFT_DATE_STYLE]
        sheet.put_row(row, values, styles)


def _paid_back_row(finance: Finance) -> int | None:
    """The month the portfolio pays back in, by index (None: it does not within the horizon)."""
    if finance.payback_date is None:
        return None
    return max(i for i, m in enumerate(finance.months) if m.start <= finance.payback_date)


def _use_case_rows(sheet: Sheet, ex: Analysis, layout: _Layout) -> None:
    header_row(sheet, layout.first_use_case - 1, USE_CASE_HEADERS)
    columns = [field for field, _ in use_case_columns(ex.workshop.criteria)]
    ids = f"{sheet_ref(USE_CASES_SHEET)}!$A:$A"
    cost_columns = {
        cost: get_column_letter(columns.index(column) + 1) for column, cost in COST_COLUMNS.items() if column in columns
    }
    value_column = get_column_letter(columns.index("annual_value") + 1)
    defaults = {"pilot": DEFAULT_PILOT, "scaling": DEFAULT_SCALING, "run_per_year": DEFAULT_RUN}
    roadmap = sheet_ref(ROADMAP_SHEET)
    by_id = {u.use_case_id: u for u in ex.finance.use_cases}
    phases = {(p.use_case_id, p.phase): p for p in ex.roadmap.phases if p.use_case_id}
    roadmap_rows = roadmap_sheet_rows(ex.roadmap)

    def looked_up(column: str, row: int, default_row: int | None) -> str:
        cell = f"INDEX({sheet_ref(USE_CASES_SHEET)}!${column}:${column},MATCH($A{row},{ids},0))"
        fallback = f"$B${default_row}" if default_row else "0"
        return f'IFERROR(IF({cell}="",{fallback},{cell}),{fallback})'

    for offset, uc_id in enumerate(ex.roadmap.order):
        row = layout.first_use_case + offset
        figures = by_id[uc_id]
        values: list[CellValue] = [uc_id, figures.name]
        for phase, edge in (
            (PhaseName.PILOT, "start"),
            (PhaseName.PILOT, "end"),
            (PhaseName.SCALING, "start"),
            (PhaseName.SCALING, "end"),
            (PhaseName.OPTIMIZATION, "start"),
        ):
            placed = phases.get((uc_id, phase))
            at = roadmap_rows.get((uc_id, phase))
            column = "D" if edge == "start" else "E"
            values.append(
                None if placed is None or at is None else Formula(f"{roadmap}!{column}{at}", getattr(placed, edge))
            )
        costs = figures.costs
        values += [
            Formula(looked_up(cost_columns["pilot"], row, defaults["pilot"]), costs.pilot or 0.0),
            Formula(looked_up(cost_columns["scaling"], row, defaults["scaling"]), costs.scaling or 0.0),
            Formula(looked_up(cost_columns["run_per_year"], row, defaults["run_per_year"]), costs.run_per_year or 0.0),
            Formula(looked_up(value_column, row, None), figures.annual_value or 0.0),
        ]
        days = {
            phase: (placed.end - placed.start).days
            for phase in (PhaseName.PILOT, PhaseName.SCALING)
            if (placed := phases.get((uc_id, phase))) is not None
        }
        value_cell = f"INDEX({sheet_ref(USE_CASES_SHEET)}!${value_column}:${value_column},MATCH($A{row},{ids},0))"
        no_value = f'IFERROR({value_cell}="",TRUE)'  # an empty cell, not a value of 0: no value entered
        values += _use_case_formulas(row, figures, ex, days, no_value)
        styles: list[CellStyle | None] = [None, None, *([LEFT_DATE_STYLE] * 5), *([MONEY_STYLE] * 5)]
        styles += [CellStyle(number_format="0.0"), LEFT_DATE_STYLE, MONEY_STYLE]
        styles += [CellStyle(number_format="0.000")] * 3 + [LEFT_DATE_STYLE] + [CellStyle(number_format="0.000")] * 2
        sheet.put_row(row, values, styles)


def _use_case_formulas(
    row: int, figures: UseCaseFinance, ex: Analysis, days: Mapping[PhaseName, int], no_value: str
) -> list[CellValue]:
    """Investment, payback and net value, then the per-day rates the month rows add up."""
    settings = ex.workshop.finance
    ramp, share, horizon = f"$B${RAMP_MONTHS}", f"$B${RAMP_SHARE}", f"$B${HORIZON_END}"
    c = {header: f"{_u(header)}{row}" for header in USE_CASE_HEADERS}
    live = f"N({c['Production']})>0"
    ramp_rate = f"({c['Value / yr']}*{share}-{c['Run cost / yr']})/12"
    full_rate = f"({c['Value / yr']}-{c['Run cost / yr']})/12"
    invested = c["Investment"]
    # As planner.domain.finance.months_to_payback: nothing invested pays back at once unless running it costs more
    # than it brings; "" where there is no production date or no value entered.
    months = (
        f'IF(OR(NOT({live}),{no_value}),"",IF({invested}<=0,'
        f'IF(AND({full_rate}>=0,OR({ramp}=0,{ramp_rate}>=0)),0,"never"),'
        f"IF(AND({ramp}>0,{ramp_rate}>0,{invested}<={ramp_rate}*{ramp}),{invested}/({ramp_rate}),"
        f'IF({full_rate}<=0,"never",{ramp}+({invested}-{ramp_rate}*{ramp})/({full_rate})))))'
    )
    m = c["Months to payback"]
    day = f"(EDATE({c['Production']},INT({m}))+ROUND(MOD({m},1)*{DAYS_PER_MONTH},0))"
    not_live = NOT_LIVE_WORDS[figures.stopped]  # a gate decision, which the workbook cannot change: a constant
    pays_back = (
        f'IF(ISNUMBER({m}),IF({day}>{horizon},"after the horizon",{day}),'
        f'IF(NOT({live}),"{not_live}",IF({m}="never","never","no value entered")))'
    )
    years = 12 * NET_VALUE_YEARS
    net = (
        f"IF(NOT({live}),-{invested},{c['Value / yr']}*({share}*MIN({ramp},{years})+{years}-MIN({ramp},{years}))/12"
        f"-{NET_VALUE_YEARS}*{c['Run cost / yr']}-{invested})"
    )

    def per_day(cost: str, start: str, end: str) -> str:
        return f"IF(AND(N({start})>0,{end}>{start}),{cost}/({end}-{start}),0)"

    costs = figures.costs
    pilot_days, scaling_days = days.get(PhaseName.PILOT, 0), days.get(PhaseName.SCALING, 0)
    production = figures.production
    value = figures.annual_value or 0.0
    ramp_end = None
    if production is not None:
        ramp_end = production + timedelta(days=half_up(settings.ramp_months * DAYS_PER_MONTH))
    return [
        Formula(
            f"IF(N({c['Pilot start']})>0,{c['Pilot cost']},0)+IF(N({c['Scaling start']})>0,{c['Scaling cost']},0)",
            figures.investment,
        ),
        Formula(months, _cached_months(figures)),
        Formula(pays_back, figures.payback_date or figures.payback_words()),
        Formula(net, figures.net_value_3y),
        Formula(
            per_day(c["Pilot cost"], c["Pilot start"], c["Pilot end"]),
            (costs.pilot or 0.0) / pilot_days if pilot_days else 0.0,
        ),
        Formula(
            per_day(c["Scaling cost"], c["Scaling start"], c["Scaling end"]),
            (costs.scaling or 0.0) / scaling_days if scaling_days else 0.0,
        ),
        Formula(
            f"IF({live},{c['Run cost / yr']}/{DAYS_PER_YEAR},0)",
            (costs.run_per_year or 0.0) / DAYS_PER_YEAR if production else 0.0,
        ),
        Formula(f"IF({live},{c['Production']}+ROUND({ramp}*{DAYS_PER_MONTH},0),0)", ramp_end or 0.0),
        Formula(
            f"IF({live},{c['Value / yr']}/{DAYS_PER_YEAR}*{share},0)",
            value / DAYS_PER_YEAR * settings.ramp_share if production else 0.0,
        ),
        Formula(f"IF({live},{c['Value / yr']}/{DAYS_PER_YEAR},0)", value / DAYS_PER_YEAR if production else 0.0),
    ]


def _cached_months(figures: UseCaseFinance) -> float | str:
    """What the months-to-payback formula gives: a number, "never", or empty (no production or no value)."""
    if figures.months_to_payback is not None:
        return figures.months_to_payback
    return "" if figures.production is None or figures.annual_value is None else "never"


def _gate_rows(sheet: Sheet, ex: Analysis, layout: _Layout, row: int) -> None:
    """Each gate's date and the funding it releases, as formulas over its use case's row above: the pilot's end and
    the scaling cost for the go/no-go gate, the scaling's end and a year's run cost for production readiness."""
    row = section(sheet, row, "Funding each gate releases when it says go")
    row = header_row(sheet, row, ("Date", "Gate", "Use case", "Releases"))
    rows = {uc_id: layout.first_use_case + offset for offset, uc_id in enumerate(ex.roadmap.order)}
    for gate in ex.finance.gates:
        at = rows[gate.use_case_id]
        if gate.gate == Gate.GO_NO_GO:
            when, releases = f"{_u('Pilot end')}{at}", f"IF(N({_u('Scaling start')}{at})>0,{_u('Scaling cost')}{at},0)"
        else:
            when, releases = f"{_u('Scaling end')}{at}", f"IF(N({_u('Production')}{at})>0,{_u('Run cost / yr')}{at},0)"
        sheet.put_row(
            row,
            (Formula(when, gate.date), GATE_LABELS[gate.gate], gate.name, Formula(releases, gate.releases)),
            (LEFT_DATE_STYLE, None, None, MONEY_STYLE),
        )
        row += 1


def _chart(sheet: Sheet, layout: _Layout) -> None:
    chart = LineChart()
    chart.title = "Spent and brought in, so far (thousands)"
    chart.y_axis.title = "Thousands"
    chart.y_axis.numFmt = "#,##0"
    chart.height, chart.width = 9, 22
    for header in ("Spent so far", "Value so far"):
        column = MONTH_HEADERS.index(header) + 1
        data = Reference(sheet.ws, min_col=column, min_row=MONTHS_HEADER, max_row=layout.last_month)
        chart.add_data(data, titles_from_data=True)
    months = Reference(sheet.ws, min_col=1, min_row=layout.first_month, max_row=layout.last_month)
    chart.set_categories(months)
    sheet.ws.add_chart(chart, f"{get_column_letter(len(MONTH_HEADERS) + 2)}{MONTHS_HEADER}")


def finance_sheet(sheet: Sheet, ex: Analysis) -> None:
    """Write the Finance sheet."""
    finance = ex.finance
    sheet.widths(WIDTHS)
    sheet.put(1, 1, "Investment and value, in thousands", HEADING_STYLE)
    sheet.put(
        2,
        1,
        "Costs come from the Use cases sheet (an empty one takes the default below) and dates from the Roadmap "
        "sheet: change either and this sheet recomputes. Spend is spread evenly over each phase's days; running "
        "costs and value start on the production date.",
        NOTE_STYLE,
    )
    _assumptions(sheet, ex)
    if not ex.roadmap.order or not finance.months:
        _portfolio(sheet, finance, None)
        sheet.put(MONTHS_HEADER, 1, "No use case is on the roadmap yet, so there is nothing to cost.", NOTE_STYLE)
        return
    first_month = MONTHS_HEADER + 1
    last_month = first_month + len(finance.months) - 1
    first_use_case = last_month + 4
    layout = _Layout(first_month, last_month, first_use_case, first_use_case + len(ex.roadmap.order) - 1)
    _portfolio(sheet, finance, layout)
    _month_rows(sheet, finance, layout)
    section(sheet, first_use_case - 2, "By use case (the month rows above add these up)")
    _use_case_rows(sheet, ex, layout)
    _gate_rows(sheet, ex, layout, layout.last_use_case + 2)
    sheet.ws.freeze_panes = "B1"
    _chart(sheet, layout)
