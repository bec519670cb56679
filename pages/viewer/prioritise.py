"""Read-only priorities: the impact–feasibility matrix and the ranking with its reasons."""

import pandas as pd
import streamlit as st

from planner.domain.scoring import explain, sensitivity_label
from planner.domain.vocabulary import QUADRANT_LABELS
from planner.rendering.matrix import build_matrix_figure
from ui.analysis import current_analysis
from ui.session import end_page, workshop

w = workshop()
analysis = current_analysis()
ranking = analysis.ranking
on_roadmap = {uc.id for uc in w.use_cases if uc.on_roadmap}

st.title("Priorities")
if not ranking:
    st.info("No use cases yet.", icon=":material/lightbulb:")
    end_page()
st.plotly_chart(build_matrix_figure(ranking, w.use_cases, w.scoring, selected=on_roadmap), key="vw_matrix", theme=None)
st.dataframe(
    pd.DataFrame(
        [
            {
                "#": s.rank,
                "Use case": s.name,
                "On roadmap": s.use_case_id in on_roadmap,
                "Quadrant": QUADRANT_LABELS[s.quadrant],
                "Impact": round(s.impact),
                "Feasibility": round(s.feasibility),
                f"In top {w.scoring.top_n}": sensitivity_label(s.top_n_share),
                "Why": explain(analysis.explained(s)),
            }
            for s in ranking
        ]
    ),
    hide_index=True,
    width="stretch",
)
