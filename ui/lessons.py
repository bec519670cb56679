"""The Progress page's lessons log: what the team learned, when, and at which use case and gate."""

import streamlit as st

from planner.domain.analysis import Analysis
from planner.domain.tracking_edits import add_lesson, remove_lesson
from planner.domain.vocabulary import GATE_LABELS, Gate
from ui.persistence import try_commit
from ui.session import flash
from ui.words import md, plural

LESSON_VERSION = "lesson_version_of_progress"  # not a widget: kept by forget_widgets
WHOLE_PROGRAMME = "Whole programme"


def render_lessons_tab(analysis: Analysis) -> None:
    w = analysis.workshop
    st.session_state.setdefault(LESSON_VERSION, 0)
    version = st.session_state[LESSON_VERSION]
    names = {uc.id: uc.name for uc in w.use_cases}
    with st.form(f"pg_lesson_form_{version}", border=True):
        st.markdown("**Log a lesson**: from a retrospective, a gate review or a pilot that surprised you.")
        text = st.text_area("What did the team learn?", max_chars=5000, key=f"pg_lesson_text_{version}")
        when, which, gate_pick = st.columns([2, 3, 2])
        on = when.date_input("Date", value=analysis.today, format="YYYY-MM-DD", key=f"pg_lesson_date_{version}")
        use_case_id = which.selectbox(
            "Use case",
            ["", *names],
            format_func=lambda key: names.get(key, WHOLE_PROGRAMME),
            key=f"pg_lesson_use_case_{version}",
        )
        gate = gate_pick.selectbox(
            "Gate",
            ["", *Gate],
            format_func=lambda key: GATE_LABELS[Gate(key)] if key else "None",
            key=f"pg_lesson_gate_{version}",
        )
        if st.form_submit_button("Add lesson", type="primary", icon=":material/lightbulb:") and try_commit(
            lambda: add_lesson(w, text=text, on=on, use_case_id=use_case_id or None, gate=gate or None),
            label="log a lesson",
        ):
            st.session_state[LESSON_VERSION] += 1
            flash("Lesson logged.")
            st.rerun()
    if not w.lessons:
        st.info("No lesson logged yet. The method asks for a retrospective at each gate.", icon=":material/lightbulb:")
        return
    lessons = sorted(w.lessons, key=lambda item: item.date, reverse=True)
    st.caption(plural(len(lessons), "lesson") + ", newest first.")
    for lesson in lessons:
        with st.container(border=True):
            where = [names[lesson.use_case_id]] if lesson.use_case_id in names else [WHOLE_PROGRAMME]
            if lesson.gate:
                where.append(GATE_LABELS[lesson.gate])
            st.caption(md(f"{lesson.date:%d %b %Y} · {' · '.join(where)}"))
            st.markdown(md(lesson.text))
    options = {item.id: f"{item.date:%d %b %Y}: {item.text[:60]}" for item in lessons}
    doomed = st.selectbox("Lesson", list(options), format_func=options.__getitem__, key="pg_remove_lesson_pick")
    if st.button("Remove this lesson", icon=":material/delete:", key="pg_remove_lesson") and try_commit(
        lambda: remove_lesson(w, doomed), label="remove a lesson"
    ):
        flash("Lesson removed. Undo in the sidebar brings it back.")
        st.rerun()
