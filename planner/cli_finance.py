"""`python -m planner finance`: what the roadmap costs, when, and when it pays back, as text or as JSON."""

from __future__ import annotations

from datetime import date
from typing import Any, TextIO

from planner.cli_shapes import FinanceOut
from planner.domain.finance import Finance
from planner.domain.vocabulary import GATE_LABELS, thousands


def _money(amount: float) -> float:
    return round(amount, 3)


def finance_json(finance: Finance) -> dict[str, Any]:
    """The stable shape other tools read (README "Investment and value"), checked against FinanceOut."""
    shape = {
        "months": [
            {
                "month": m.month,
                "spend": _money(m.spend),
                "value": _money(m.value),
                "cumulative_spend": _money(m.cumulative_spend),
                "cumulative_value": _money(m.cumulative_value),
                "investment": _money(m.investment),
                "run": _money(m.run),
            }
            for m in finance.months
        ],
        "use_cases": [
            {
                "use_case_id": u.use_case_id,
                "investment": _money(u.investment),
                "annual_value": u.annual_value,
                "payback_date": u.payback_date,
                "net_value_3y": _money(u.net_value_3y),
            }
            for u in finance.use_cases
        ],
        "gates": [
            {"use_case_id": g.use_case_id, "gate": g.gate, "date": g.date, "releases": _money(g.releases)}
            for g in finance.gates
        ],
        "portfolio": {
            "peak_funding": _money(finance.peak_funding),
            "payback_date": finance.payback_date,
            "net_value_3y": _money(finance.net_value_3y),
        },
    }
    return FinanceOut.model_validate(shape).model_dump(mode="json")


def _day(day: date | None, empty: str = "not within the horizon") -> str:
    return day.strftime("%d %b %Y") if day else empty


def print_finance(finance: Finance, out: TextIO, table: Any) -> None:
    """The portfolio's figures, each use case's, and the funding each gate releases, as text."""
    out.write(
        f"Spend within the horizon (to {_day(finance.horizon_end)}): {thousands(finance.total_spend)}; "
        f"value: {thousands(finance.total_value)}\n"
        f"Peak funding needed: {thousands(finance.peak_funding)}"
        + (f" (on {_day(finance.peak_date)})" if finance.peak_date else "")
        + f"\nPortfolio pays back: {_day(finance.payback_date)}\n"
        f"3-year net value of the use cases: {thousands(finance.net_value_3y)}\n"
    )
    if finance.budget_per_quarter is not None:
        out.write(f"Budget per quarter (pilots and scaling): {thousands(finance.budget_per_quarter)}\n")
    if finance.without_costs:
        out.write(f"No costs entered for {len(finance.without_costs)} use cases: they count as 0.\n")
    out.write("\n")
    rows = [
        [
            u.name,
            thousands(u.investment),
            "–" if u.annual_value is None else thousands(u.annual_value),
            _day(u.production, "stopped"),
            u.payback_words(),
            thousands(u.net_value_3y),
        ]
        for u in finance.use_cases
    ]
    table(rows, ["Use case", "Investment", "Value / yr", "Production", "Pays back", "Net value 3 yr"], out)
    out.write("\n")
    gates = [[_day(g.date), GATE_LABELS[g.gate], g.name, thousands(g.releases)] for g in finance.gates]
    table(gates, ["Date", "Gate", "Use case", "Releases"], out)
