"""The organisation's default costs and value ramp, on the Use cases page: what a use case without its own costs
is counted at, and how much of its annual value it brings in its first months of production."""

from __future__ import annotations

import streamlit as st

from planner.domain.edits import updated
from planner.domain.models import Costs, FinanceSettings, Workshop
from planner.domain.vocabulary import thousands
from ui.persistence import try_commit
from ui.session import synced, workshop


def default_cost_words(defaults: Costs) -> dict[str, str]:
    """What an empty cost cell counts as, for the table's column help."""

    def words(amount: float | None) -> str:
        return "counted as 0 (no default set)" if amount is None else f"the default of {thousands(amount)}"

    return {"pilot": words(defaults.pilot), "scaling": words(defaults.scaling), "run": words(defaults.run_per_year)}


def render_finance_defaults(w: Workshop) -> None:
    settings = w.finance
    with st.form("uc_finance_defaults_form", border=False):
        st.caption("In thousands, like the value per year. A use case's own cost wins; empty here means no default.")
        defaults = settings.default_costs
        amounts = [
            column.number_input(
                label, min_value=0.0, step=10.0, **synced(f"uc_default_{field}", getattr(defaults, field))
            )
            for column, field, label in zip(
                st.columns(3),
                ("pilot", "scaling", "run_per_year"),
                ("Pilot cost", "Scaling cost", "Run cost per year"),
                strict=True,
            )
        ]
        r1, r2 = st.columns(2)
        ramp_months = r1.number_input(
            "Ramp-up (months of production)",
            min_value=0.0,
            max_value=36.0,
            step=1.0,
            help="0: the full annual value from the production date.",
            **synced("uc_ramp_months", float(settings.ramp_months)),
        )
        ramp_share = r2.slider(
            "Share of the annual value during the ramp-up",
            min_value=0,
            max_value=100,
            step=5,
            format="%d%%",
            **synced("uc_ramp_share", round(settings.ramp_share * 100)),
        )
        if st.form_submit_button("Save defaults", icon=":material/save:"):
            chosen = FinanceSettings(
                default_costs=Costs(pilot=amounts[0], scaling=amounts[1], run_per_year=amounts[2]),
                ramp_months=ramp_months or 0.0,
                ramp_share=ramp_share / 100,
            )
            if try_commit(lambda: updated(workshop(), finance=chosen), label="change the default costs"):
                st.rerun()
