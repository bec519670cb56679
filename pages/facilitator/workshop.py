"""Workshop: start from the example or a blank sheet, set the basics, save and restore as JSON."""

from datetime import date

import streamlit as st

from planner.domain.edits import updated
from planner.domain.errors import WorkshopInputError
from planner.domain.library import slugify
from planner.domain.models import PlanSettings, Workshop
from planner.domain.vocabulary import new_id
from planner.formats.workshop_json import dump_workshop, load_sample_workshop, parse_workshop
from ui.persistence import replace, try_commit
from ui.saved_workshops import render_history, render_workshop_list
from ui.session import access, facilitator_address, flash, synced, workshop
from ui.words import md

w = workshop()

st.title("Workshop")
st.write(
    "Set up the session: who it is for, when the roadmap starts and how many pilots the team can run at once. "
    "Everything else builds on this."
)

start_col, example_col, blank_col = st.columns([3, 1, 1], vertical_alignment="bottom")
start_col.markdown(f"**Open now:** {md(w.name)}" + (f" · {md(w.organisation)}" if w.organisation else ""))
if example_col.button("Load example", icon=":material/auto_awesome:", key="ws_load_example", width="stretch"):
    # A fresh id: the example opens as a workshop of its own, never saved over the one that is open.
    if replace(load_sample_workshop().model_copy(update={"id": new_id()}), label="load the example"):
        flash("Example workshop loaded. Undo in the sidebar brings back what you had.")
    st.rerun()
if blank_col.button("Start blank", icon=":material/note_add:", key="ws_start_blank", width="stretch"):
    if replace(Workshop(name="New workshop", start_date=date.today()), label="start blank"):
        flash("Blank workshop started. Undo in the sidebar brings back what you had.")
    st.rerun()

st.subheader("Basics")
with st.form("ws_settings_form", border=True):
    left, right = st.columns(2)
    name = left.text_input("Workshop name", max_chars=200, **synced("ws_name", w.name))
    organisation = right.text_input("Organisation", max_chars=200, **synced("ws_organisation", w.organisation))
    facilitator = left.text_input("Facilitator", max_chars=200, **synced("ws_facilitator", w.facilitator))
    start_date = right.date_input(
        "Roadmap starts on", **synced("ws_start_date", w.start_date), help="Every date in the plan counts from here."
    )
    pilots_col, scaling_col, horizon_col = st.columns(3)
    pilots = pilots_col.number_input(
        "Pilots at once",
        min_value=1,
        max_value=50,
        **synced("ws_pilots", w.plan.max_parallel_pilots),
        help="How many pilots the team can run in parallel.",
    )
    scaling = scaling_col.number_input(
        "Scaling phases at once",
        min_value=1,
        max_value=50,
        **synced("ws_scaling", w.plan.max_parallel_scaling),
        help="How many use cases can move into production at the same time.",
    )
    horizon = horizon_col.number_input(
        "Horizon (months)", min_value=6, max_value=120, **synced("ws_horizon", w.plan.horizon_months)
    )
    if st.form_submit_button("Save settings", type="primary", icon=":material/save:"):
        plan = w.plan.model_copy(
            update={"max_parallel_pilots": pilots, "max_parallel_scaling": scaling, "horizon_months": horizon}
        )
        if try_commit(
            lambda: updated(
                w,
                name=name,
                organisation=organisation,
                facilitator=facilitator,
                start_date=start_date,
                plan=PlanSettings.model_validate(plan.model_dump()),
            ),
            label="edit the workshop settings",
        ):
            flash("Settings saved.")
            st.rerun()

st.subheader("Save and restore")
st.write(
    "Download the whole workshop as one JSON file to keep it or pass it on, and upload it again to carry on "
    "where you left off. The file holds everything: readiness, use cases, scores, the plan and gate decisions."
)
link = access()
if link is None:
    st.caption(
        "Every change is also saved to this app's database as soon as you make it, and from then on the address "
        "bar holds your facilitator link. The file is a copy you can keep or send anywhere."
    )
else:
    st.markdown(
        ":material/bookmark: **Your way back to this workshop** · this link opens it from any browser, on any "
        "page, after a refresh or a restart. Copy it or bookmark it, and keep it to yourself: it can change "
        "everything."
    )
    st.code(facilitator_address(link), language=None, wrap_lines=True)
save_col, load_col = st.columns(2)
save_col.download_button(
    "Download workshop (JSON)",
    data=dump_workshop(w),
    file_name=f"{slugify(w.name)}.json",
    mime="application/json",
    icon=":material/download:",
    key="ws_download_json",
    on_click="ignore",
)
# A new uploader key after each open, so an opened file is never opened again over later work.
upload_version = st.session_state.setdefault("workshop_upload_version", 0)
upload = load_col.file_uploader("Open a workshop file", type=["json"], key=f"ws_upload_json_{upload_version}")
if upload is not None:
    try:
        opened = parse_workshop(upload.getvalue())
    except WorkshopInputError as exc:
        st.error(
            f"**{md(upload.name)}** could not be opened, and your current workshop is unchanged:\n\n"
            + "\n".join(f"- {md(p)}" for p in exc.problems),
            icon=":material/error:",
        )
    else:
        st.session_state["workshop_upload_version"] = upload_version + 1
        if replace(opened, label=f"open {upload.name}"):
            flash(f"Opened {upload.name}: {len(opened.use_cases)} use cases.")
        st.rerun()

st.subheader("History")
render_history()
render_workshop_list()
