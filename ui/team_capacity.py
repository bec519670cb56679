"""The Roadmap page's capacity per team: a default limit for every team (department), teams with limits of their
own, and the plan per team."""

import pandas as pd
import streamlit as st

from planner.domain.analysis import Analysis
from planner.domain.teams import plan_per_team, set_team_limits
from planner.domain.vocabulary import NO_TEAM
from ui.persistence import try_commit
from ui.session import flash, synced, workshop

TEAMS_VERSION = "teams_version_of_roadmap"  # not a widget: kept by forget_widgets


def _limit(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[call-overload]


def _save_defaults() -> None:
    current = workshop()
    teams = [
        {"team": name, "pilots": limit.max_parallel_pilots, "scaling": limit.max_parallel_scaling}
        for name, limit in current.plan.teams.items()
    ]
    pilots, scaling = (_limit(st.session_state.get(key)) for key in ("rm_team_pilots", "rm_team_scaling"))
    try_commit(lambda: set_team_limits(current, pilots=pilots, scaling=scaling, teams=teams), label="team limits")


def render_team_capacity(analysis: Analysis) -> None:
    w = analysis.workshop
    st.session_state.setdefault(TEAMS_VERSION, 0)
    version = st.session_state[TEAMS_VERSION]
    st.caption(
        "A team is a department. With a limit per team, a phase starts only when it fits both its team's limit "
        "and the organisation-wide one above; leave a limit empty for none."
    )
    left, right = st.columns(2)
    left.number_input(
        "Pilots at once, per team",
        min_value=1,
        max_value=50,
        placeholder="No limit",
        **synced("rm_team_pilots", w.plan.team_pilots),
        on_change=_save_defaults,
    )
    right.number_input(
        "Scaling at once, per team",
        min_value=1,
        max_value=50,
        placeholder="No limit",
        **synced("rm_team_scaling", w.plan.team_scaling),
        on_change=_save_defaults,
    )
    names = sorted({uc.team for uc in w.active_use_cases()} | set(w.plan.teams))
    rows = [
        {"team": name, "pilots": limit.max_parallel_pilots, "scaling": limit.max_parallel_scaling}
        for name, limit in w.plan.teams.items()
    ]
    with st.form(f"rm_teams_form_{version}", border=False):
        st.markdown("**Teams with limits of their own**")
        edited = st.data_editor(
            pd.DataFrame(rows, columns=["team", "pilots", "scaling"]),
            column_config={
                "team": st.column_config.SelectboxColumn("Team", options=names or [NO_TEAM], required=True),
                "pilots": st.column_config.NumberColumn("Pilots at once", min_value=1, max_value=50, step=1),
                "scaling": st.column_config.NumberColumn("Scaling at once", min_value=1, max_value=50, step=1),
            },
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            key=f"rm_teams_{version}",
        )
        if st.form_submit_button("Save team limits", icon=":material/save:"):
            teams = [
                {"team": row["team"], "pilots": _limit(row["pilots"]), "scaling": _limit(row["scaling"])}
                for row in edited.to_dict("records")
            ]
            if try_commit(
                lambda: set_team_limits(w, pilots=w.plan.team_pilots, scaling=w.plan.team_scaling, teams=teams),
                label="team limits",
            ):
                st.session_state[TEAMS_VERSION] += 1
                flash("Team limits saved. The roadmap is re-planned.")
                st.rerun()
    per_team = plan_per_team(w, analysis.roadmap)
    if per_team:
        st.markdown("**The plan per team**")
        st.dataframe(
            pd.DataFrame(
                {
                    "Team": [row.team for row in per_team],
                    "On the roadmap": [row.use_cases for row in per_team],
                    "Pilots at once": [row.pilot_limit for row in per_team],
                    "Scaling at once": [row.scaling_limit for row in per_team],
                    "First live": [row.first_live for row in per_team],
                    "All live": [row.all_live for row in per_team],
                }
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "First live": st.column_config.DateColumn(format="MMM YYYY"),
                "All live": st.column_config.DateColumn(format="MMM YYYY"),
            },
        )
