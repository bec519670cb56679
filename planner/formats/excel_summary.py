"""The workbook's Summary sheet: one page a sponsor can read without instructions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType

from openpyxl.styles import Font

from planner.domain.analysis import Analysis
from planner.domain.results import CriterionContribution, UseCaseScore
from planner.domain.risks import Risk
from planner.domain.scoring import normalised
from planner.domain.vocabulary import GUIDANCE_MONTHS, QUADRANT_LABELS, PhaseName
from planner.formats.sheet_layout import (
    FINANCE_SHEET,
    GANTT_SHEET,
    GATES_SHEET,
    PRIORITIES_SHEET,
    ROADMAP_SHEET,
    SUMMARY_SHEET,
    USE_CASES_SHEET,
)
from planner.formats.xlsx_writer import (
    DIMENSION_SCORE_STYLE,
    HEADING_STYLE,
    INDEX_STYLE,
    LABEL_STYLE,
    LEFT_DATE_STYLE,
    LEFT_MONEY_STYLE,
    LEFT_STYLE,
    NOTE_STYLE,
    WRAP,
    WRAP_DATE_STYLE,
    WRAP_STYLE,
    CellStyle,
    CellValue,
    Sheet,
    header_row,
    section,
    yes_no,
)

RISK_LEVEL_STYLES: Mapping[str, CellStyle] = MappingProxyType(
    {
        level: CellStyle(font=Font(bold=True, color=colour), alignment=WRAP)
        for level, colour in (("high", "B91C1C"), ("medium", "B45309"), ("low", "047857"))
    }
)

SUMMARY_WIDTHS = (40, 16, 22, 18, 80)
SUMMARY_MAX_USE_CASES = 30
SUMMARY_MAX_WARNINGS = 10
SUMMARY_TOP_RISKS = 5
SHEET_GUIDE: tuple[tuple[str, str], ...] = (
    (SUMMARY_SHEET, "This page: the workshop, readiness, key dates, the chosen use cases, top risks and warnings."),
    (USE_CASES_SHEET, "Every idea from the workshop with its scores (1 = low, 5 = high). Edit here and import back."),
    (PRIORITIES_SHEET, "All ideas ranked by priority, with their quadrant and how firmly they hold a top place."),
    (ROADMAP_SHEET, "Every phase of the plan with its dates, its length in months and its status today."),
    (GANTT_SHEET, "The plan as a timeline. The bars follow the Start and End dates: change a date and the bar moves."),
    (FINANCE_SHEET, "Spend and value by month, payback and gate funding, as formulas over the dates and the costs."),
    (GATES_SHEET, "Checklists for each phase, the gate decisions taken so far, and the KPIs with their status."),
)


def _why(score: UseCaseScore, higher_is_better: Mapping[str, bool]) -> str:
    """One line on why a use case ranks where it does: both sides, then its strongest and weakest criterion."""
    text = f"Impact {score.impact:.0f} and feasibility {score.feasibility:.0f} out of 100"
    rated = [
        (normalised(c.score, higher_is_better=higher_is_better.get(c.criterion_id, True)), c.weight, c)
        for c in score.contributions
        if c.score is not None
    ]
    if rated:
        best = max(rated, key=lambda r: (r[0], r[1]))
        worst = min(rated, key=lambda r: (r[0], -r[1]))
        if best[0] == worst[0]:
            text += "; even across the criteria"
        else:
            text += f"; strongest: {_rated(best[2], higher_is_better)}; weakest: {_rated(worst[2], higher_is_better)}"
    if score.missing:
        count = len(score.missing)
        text += f"; {count} {'criterion' if count == 1 else 'criteria'} not scored yet (counted as 3)"
    return text + "."


def _rated(contribution: CriterionContribution, higher_is_better: Mapping[str, bool]) -> str:
    low_is_good = "" if higher_is_better.get(contribution.criterion_id, True) else " (low is good)"
    return f"{contribution.label} {contribution.score}/5{low_is_good}"


def summary_sheet(sheet: Sheet, ex: Analysis) -> None:
    workshop, summary = ex.workshop, ex.roadmap.summary
    sheet.widths(SUMMARY_WIDTHS)
    sheet.put(1, 1, f"AI roadmap: {workshop.name}", HEADING_STYLE)
    sheet.put(
        2, 1, "From a list of AI ideas to a phased plan: assessment, pilots, scaling, then production.", NOTE_STYLE
    )

    row = section(sheet, 4, "About the workshop")
    for label, value in (
        ("Workshop", workshop.name),
        ("Organisation", workshop.organisation),
        ("Facilitator", workshop.facilitator),
        ("Workshop start date", workshop.start_date),
        ("Exported on", ex.today),
    ):
        sheet.put_row(row, (label, value), (LABEL_STYLE, LEFT_DATE_STYLE if isinstance(value, date) else LEFT_STYLE))
        row += 1

    row = section(sheet, row + 1, "Key dates")
    low, high = GUIDANCE_MONTHS
    first_note = "" if summary.months_to_first_production is None else f"{summary.months_to_first_production:g}"
    all_note = "" if summary.total_months is None else f"{summary.total_months:g}"
    key_dates: tuple[tuple[str, CellValue, str], ...] = (
        ("Assessment and planning ends", summary.assessment_end, "The first pilots can start from here."),
        (
            "First use case in production",
            summary.first_production or "Not scheduled",
            first_note and f"{first_note} months after the start",
        ),
        (
            "All chosen use cases in production",
            summary.all_in_production or "Not scheduled",
            all_note and f"{all_note} months after the start",
        ),
        (
            f"Within the usual {low}–{high} months?",
            "Not known yet" if summary.within_guidance is None else yes_no(summary.within_guidance),
            f"Most organisations take {low} to {high} months to bring their chosen use cases into production.",
        ),
        ("Use cases on the roadmap", summary.scheduled_use_cases, ""),
        ("Plan horizon ends", summary.horizon_end, "Live use cases keep being optimised until then."),
    )
    for label, shown, note in key_dates:
        value_style = LEFT_DATE_STYLE if isinstance(shown, date) else LEFT_STYLE
        sheet.put_row(row, (label, shown, note), (LABEL_STYLE, value_style, NOTE_STYLE))
        row += 1

    finance = ex.finance
    if finance.has_figures:
        row = section(sheet, row + 1, "Investment and value (thousands)")
        money: tuple[tuple[str, CellValue, str], ...] = (
            ("Invested within the horizon", finance.invested, "Pilots and scaling."),
            ("Peak funding needed", finance.peak_funding, "The most the spend runs ahead of the value."),
            (
                "Portfolio pays back",
                finance.payback_date or "Not within the horizon",
                "When the value brought in catches up with everything spent.",
            ),
            ("3-year net value", finance.net_value_3y, "Value less running costs over 3 years, less investment."),
        )
        for label, shown, note in money:
            value_style = LEFT_DATE_STYLE if isinstance(shown, date) else LEFT_MONEY_STYLE
            sheet.put_row(row, (label, shown, note), (LABEL_STYLE, value_style, NOTE_STYLE))
            row += 1

    row = section(sheet, row + 1, "Readiness of the organisation")
    readiness = ex.readiness
    index: CellValue = readiness.index if readiness.index is not None else "Not answered yet"
    note = "0 = nothing in place, 100 = fully ready; from the readiness questionnaire."
    sheet.put_row(row, ("Readiness index", index, note), (LABEL_STYLE, INDEX_STYLE, NOTE_STYLE))
    row += 1
    blockers = {b.dimension_id for b in readiness.blockers}
    for dim in readiness.dimensions:
        score: CellValue = dim.score if dim.score is not None else "Not answered yet"
        note = f"{dim.answered} of {dim.total} questions answered"
        if dim.id in blockers:
            note += "; weak: act on it during assessment"
        sheet.put_row(row, (dim.label, score, note), (None, DIMENSION_SCORE_STYLE, NOTE_STYLE))
        row += 1

    row = section(sheet, row + 1, "Use cases on the roadmap")
    row = _summary_use_cases(sheet, row, ex)
    row = section(sheet, row + 1, f"Top {SUMMARY_TOP_RISKS} risks")
    row = _summary_risks(sheet, row, ex.risks[:SUMMARY_TOP_RISKS])

    row = section(sheet, row + 1, "Warnings from the planner")
    warnings = ex.roadmap.warnings or ["None: the plan fits the capacity, the dependencies and the usual timescales."]
    for warning in warnings[:SUMMARY_MAX_WARNINGS]:
        row = _long_text_row(sheet, row, warning)
    if len(warnings) > SUMMARY_MAX_WARNINGS:
        more = len(warnings) - SUMMARY_MAX_WARNINGS
        sheet.put(row, 1, f"… and {more} more: open the workshop in Roadmap Planner to see them all.", NOTE_STYLE)
        row += 1

    row = section(sheet, row + 1, "What is in this workbook")
    for name, description in SHEET_GUIDE:
        sheet.put_row(row, (name, description), (LABEL_STYLE,))
        row += 1
    sheet.ws.sheet_view.showGridLines = False


def _long_text_row(sheet: Sheet, row: int, text: str) -> int:
    sheet.merge(row=row, first_column=1, last_column=len(SUMMARY_WIDTHS))
    sheet.put(row, 1, text, WRAP_STYLE)
    sheet.fit_height(row, [(text, sum(SUMMARY_WIDTHS))])
    return row + 1


def _summary_use_cases(sheet: Sheet, row: int, ex: Analysis) -> int:
    scheduled = set(ex.roadmap.order)
    chosen = [s for s in ex.ranking if s.use_case_id in scheduled]
    if not chosen:
        sheet.put(row, 1, "No use case is on the roadmap yet.", NOTE_STYLE)
        return row + 1
    production = {p.use_case_id: p.start for p in ex.roadmap.phases if p.phase == PhaseName.OPTIMIZATION}
    higher = {c.id: c.higher_is_better for c in ex.workshop.criteria}
    row = header_row(sheet, row, ("Use case", "Rank", "Quadrant", "In production from", "Why it ranks here"))
    styles = (WRAP_STYLE, LEFT_STYLE, WRAP_STYLE, WRAP_DATE_STYLE, WRAP_STYLE)
    for score in chosen[:SUMMARY_MAX_USE_CASES]:
        why = _why(ex.explained(score), higher)
        values = (score.name, score.rank, QUADRANT_LABELS[score.quadrant], production.get(score.use_case_id), why)
        sheet.put_row(row, values, styles)
        sheet.fit_height(row, [(score.name, SUMMARY_WIDTHS[0]), (why, SUMMARY_WIDTHS[4])])
        row += 1
    if len(chosen) > SUMMARY_MAX_USE_CASES:
        more = len(chosen) - SUMMARY_MAX_USE_CASES
        sheet.put(row, 1, f"… and {more} more: see the Priorities and Roadmap sheets.", NOTE_STYLE)
        row += 1
    return row


def _summary_risks(sheet: Sheet, row: int, risks: Sequence[Risk]) -> int:
    if not risks:
        sheet.put(row, 1, "No risk stands out from the readiness answers and the use cases.", NOTE_STYLE)
        return row + 1
    row = header_row(sheet, row, ("Risk", "Level", "Affects", "Severity", "What to do about it"))
    for risk in risks:
        values = (risk.title, risk.level.capitalize(), risk.use_case, f"{risk.severity} of 25", risk.mitigation)
        sheet.put_row(row, values, (WRAP_STYLE, RISK_LEVEL_STYLES[risk.level], WRAP_STYLE, WRAP_STYLE, WRAP_STYLE))
        texts = [(risk.title, SUMMARY_WIDTHS[0]), (risk.use_case, SUMMARY_WIDTHS[2]), (risk.mitigation, 80.0)]
        sheet.fit_height(row, texts)
        row += 1
    return row
