"""Money on the Prioritise page: optional investment and payback columns in the ranking, and value for money as a
criterion scored from each use case's costs and value."""

from __future__ import annotations

from typing import Any

import streamlit as st

from planner.domain.edits import score_value_for_money, stale_value_for_money
from planner.domain.finance import ROI_BANDS, VALUE_FOR_MONEY_ID, UseCaseFinance
from planner.domain.models import FinanceSettings, UseCase, Workshop
from ui.persistence import try_commit
from ui.session import flash, workshop

MONEY_COLUMNS = {
    "investment": st.column_config.NumberColumn(
        "Investment (k)", format="localized", help="Pilot and scaling costs (organisation defaults where empty)"
    ),
    "annual_value": st.column_config.NumberColumn("Value / yr (k)", format="localized"),
    "payback": st.column_config.TextColumn("Pays back", help="On the roadmap's dates; empty when not on it"),
    "net_value_3y": st.column_config.NumberColumn(
        "Net value 3 yr (k)", format="localized", help="Value less running costs over 3 years, less the investment"
    ),
}


def money_columns(use_case: UseCase, figures: UseCaseFinance | None, settings: FinanceSettings) -> dict[str, Any]:
    """The money columns of one ranking row: the roadmap's figures when it is on it, its own costs when not."""
    investment = figures.investment if figures else use_case.costs.over(settings.default_costs).investment
    return {
        "investment": round(investment),
        "annual_value": None if use_case.annual_value is None else round(use_case.annual_value),
        "payback": figures.payback_words() if figures else "not on the roadmap",
        "net_value_3y": round(figures.net_value_3y) if figures else None,
    }


def render_value_for_money(w: Workshop) -> None:
    has_it = any(c.id == VALUE_FOR_MONEY_ID for c in w.criteria)
    stale = stale_value_for_money(w)
    label = "Value for money as a criterion" + (f" ({stale} to update)" if stale else " (on)" if has_it else "")
    with st.expander(label, icon=":material/savings:"):
        low, *_, high = ROI_BANDS
        st.caption(
            "Scores each use case 1–5 from its costs and value per year: its 3-year net value for each unit "
            f"invested, from below {low:g} (scores 1) to {high:g} or more (scores 5). Use cases without a value "
            "or any cost stay unscored (counted as 3). It is an impact criterion; weigh it above like the others, "
            "or remove it in the criteria editor."
        )
        if stale:
            st.warning(
                f"{stale} use case{'s' if stale != 1 else ''} changed costs or value since they were scored.",
                icon=":material/update:",
            )
        if st.button(
            "Update the scores from the costs" if has_it else "Add value for money",
            icon=":material/savings:",
            key="pr_value_for_money",
        ):
            result: list[int] = []

            def change() -> Workshop:
                changed, scored = score_value_for_money(workshop())
                result.append(scored)
                return changed

            if try_commit(change, label="score value for money"):
                flash(f"Value for money scored for {result[0]} use cases.")
                st.rerun()
