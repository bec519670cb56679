"""Readiness: a short questionnaire per dimension, the radar, the overall index and what blocks progress."""

from functools import partial

import streamlit as st

from planner.domain.edits import updated
from planner.domain.readiness_questions import DIMENSIONS, Question
from planner.domain.readiness_questions import question as find_question
from planner.rendering.radar import build_radar_figure
from ui.analysis import current_analysis
from ui.persistence import try_commit
from ui.session import bound, workshop
from ui.summary import render_blockers

w = workshop()
result = current_analysis().readiness

st.title("Readiness")
st.write(
    "Rate where the organisation stands today, from 1 (not started) to 5 (fully in place). Weak spots lengthen the "
    "assessment phase and show up as risks on the pilots that depend on them."
)


def _save_answer(question_id: str, widget_key: str) -> None:
    level = st.session_state[widget_key]
    answers = dict(workshop().readiness)
    if level is None:
        answers.pop(question_id, None)
    else:
        answers[question_id] = int(level)
    text = find_question(question_id).text
    short = text if len(text) <= 40 else text[:39] + "…"
    try_commit(lambda: updated(workshop(), readiness=answers), label=f"answer '{short}'")


def _level_label(question: Question, level: int) -> str:
    return f"{level} · {question.levels[level - 1]}"


questions_col, summary_col = st.columns([1, 1], gap="large")
with questions_col:
    # Tab labels never change with the answers: a label that changed made a new set of tabs, which jumped back
    # to the first one. Each dimension's score is shown inside its tab instead.
    tabs = st.tabs([d.label.split(" & ")[0] for d in DIMENSIONS], key="rd_dimension_tabs")
    for tab, dimension in zip(tabs, DIMENSIONS, strict=True):
        with tab:
            score = result.score(dimension.id)
            shown = "not answered yet" if score is None else f"{score:.1f} of 5"
            st.caption(f"{dimension.description} Score now: {shown}.")
            for question in dimension.questions:
                key = f"rd_{question.id}"
                current = w.readiness.get(question.id)
                st.radio(
                    question.text,
                    options=[1, 2, 3, 4, 5],
                    index=None if current is None else current - 1,
                    format_func=partial(_level_label, question),
                    key=bound(key, current),
                    help=question.help,
                    on_change=_save_answer,
                    args=(question.id, key),
                )

with summary_col:
    index_col, answered_col = st.columns(2)
    index_col.metric(
        "Readiness index",
        "–" if result.index is None else f"{result.index:.0f} / 100",
        help="The average of the dimension scores, mapped onto 0–100.",
    )
    answered_col.metric("Answered", f"{result.answered} of {result.total}")
    if result.answered == 0:
        st.info("Answer a few questions and the radar fills in here.", icon=":material/info:")
    else:
        st.plotly_chart(build_radar_figure(result), key="rd_radar", config={"displayModeBar": False}, theme=None)
    st.subheader("Blockers")
    if not result.blockers and result.answered:
        st.success("No dimension scores 2 or below.", icon=":material/check_circle:")
    render_blockers(result)
