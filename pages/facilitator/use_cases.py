"""Use cases: an editable table, a form for one with its KPIs, and a library of common AI use cases."""

import pandas as pd
import streamlit as st

from planner.domain.edits import add_from_library, add_use_case, apply_table_edits, with_use_case
from planner.domain.library import functions, load_library, search_library
from planner.domain.models import UseCase
from planner.domain.use_case_rows import COST_COLUMNS, to_row
from planner.domain.vocabulary import OBJECTIVE_LABELS, STAGE_LABELS, Direction, Objective, Stage
from ui.analysis import current_analysis
from ui.filters import page_of, render_filter_bar, rows_key
from ui.finance_settings import default_cost_words, render_finance_defaults
from ui.import_wizard import render_import_wizard
from ui.persistence import commit, try_commit
from ui.session import flash, workshop
from ui.words import md

EDITOR_VERSION = "editor_version_of_use_cases"  # not a widget: kept by forget_widgets
PROBLEMS = "problems_of_use_cases"  # not a widget: kept by forget_widgets
LIBRARY_VERSION = "table_version_of_library"  # not a widget: kept by forget_widgets
FORM_VERSION = "form_version_of_use_cases"  # not a widget: kept by forget_widgets
JUST_ADDED = "use_case_just_added"  # the name of the use case the form added on the previous run
SHOWN = "rows_of_use_case_table"  # not a widget: (editor key, ids of its rows) of the table drawn last

w = workshop()
st.session_state.setdefault(EDITOR_VERSION, 0)


def bump_editor() -> None:
    """A new editor key: the table is rebuilt from the Workshop on the next run."""
    st.session_state[EDITOR_VERSION] = st.session_state.get(EDITOR_VERSION, 0) + 1


def editor_key(ids: list[str]) -> str:
    return rows_key("uc_editor", st.session_state[EDITOR_VERSION], ids)


# The editor's pending changes are applied to the Workshop first, then the editor is rebuilt under a new key
# from the Workshop: the Workshop stays the source of truth and an edit can never be applied twice. Its row
# numbers index the rows it showed, kept under SHOWN when it was drawn.
drawn = st.session_state.get(SHOWN)
pending = st.session_state.get(drawn[0]) if isinstance(drawn, tuple) else None
if (
    isinstance(drawn, tuple)
    and isinstance(pending, dict)
    and any(pending.get(k) for k in ("edited_rows", "added_rows", "deleted_rows"))
):
    new, problems = apply_table_edits(
        w,
        edited_rows=pending.get("edited_rows", {}),
        added_rows=pending.get("added_rows", []),
        deleted_rows=pending.get("deleted_rows", []),
        shown=drawn[1],
    )
    commit(new, label="edit the use case table")
    st.session_state[PROBLEMS] = problems
    bump_editor()
    w = workshop()

st.title("Use cases")
st.write(
    "Capture every idea the room raises. Tie each one to a business objective and an owner; score it on the "
    "criteria (1–5) now or later on the Prioritise page."
)

table_tab, form_tab, library_tab, kpi_tab, import_tab = st.tabs(
    [
        ":material/table: Table",
        ":material/add: Add one",
        ":material/menu_book: From the library",
        ":material/flag: KPIs",
        ":material/upload_file: Import",
    ]
)

with table_tab:
    for problem in st.session_state.pop(PROBLEMS, []):
        st.warning(md(problem), icon=":material/warning:")
    if not w.use_cases:
        st.info(
            "No use cases yet. Type into the empty row below, use **Add one**, or pick from the **library**.",
            icon=":material/lightbulb:",
        )
    matching = render_filter_bar(current_analysis())
    shown_ids = list(page_of(matching, name="use_cases"))
    if w.use_cases and not shown_ids:
        st.info("No use case matches the filter. Change it, or clear it.", icon=":material/filter_list_off:")
    columns = ["id", "name", "department", "owner", "objective", "stage"]
    columns += [c.id for c in w.criteria] + ["annual_value", *COST_COLUMNS, "on_roadmap", "depends_on"]
    by_id = w.use_cases_by_id()
    defaults = default_cost_words(w.finance.default_costs)
    frame = pd.DataFrame([to_row(by_id[uc_id], w.criteria) for uc_id in shown_ids], columns=columns)
    table_key = editor_key(shown_ids)
    st.session_state[SHOWN] = (table_key, shown_ids)
    column_config = {
        "id": st.column_config.TextColumn("Id", disabled=True, help="Made from the name; other use cases refer to it"),
        "name": st.column_config.TextColumn("Name", required=True, max_chars=200, width="large"),
        "department": st.column_config.TextColumn("Department", max_chars=200),
        "owner": st.column_config.TextColumn("Owner", max_chars=200),
        "objective": st.column_config.SelectboxColumn(
            "Objective",
            options=[o.value for o in Objective],
            required=True,
            default=Objective.OTHER.value,
            format_func=lambda value: OBJECTIVE_LABELS[Objective(str(value))],
        ),
        "stage": st.column_config.SelectboxColumn(
            "Stage",
            options=[s.value for s in Stage],
            required=True,
            default=Stage.IDEA.value,
            format_func=lambda value: STAGE_LABELS[Stage(str(value))],
        ),
        "annual_value": st.column_config.NumberColumn("Value / yr (k)", min_value=0, format="%.0f"),
        "pilot_cost": st.column_config.NumberColumn(
            "Pilot cost (k)", min_value=0, format="%.0f", help=f"The whole pilot. Empty: {defaults['pilot']}"
        ),
        "scaling_cost": st.column_config.NumberColumn(
            "Scaling cost (k)",
            min_value=0,
            format="%.0f",
            help=f"The whole scaling phase. Empty: {defaults['scaling']}",
        ),
        "run_cost": st.column_config.NumberColumn(
            "Run cost / yr (k)", min_value=0, format="%.0f", help=f"Per year in production. Empty: {defaults['run']}"
        ),
        "on_roadmap": st.column_config.CheckboxColumn("On roadmap", default=True),
        "depends_on": st.column_config.TextColumn("Depends on (ids)", help="Ids of prerequisites, comma-separated"),
    }
    for criterion in w.criteria:
        column_config[criterion.id] = st.column_config.NumberColumn(
            criterion.label, min_value=1, max_value=5, step=1, format="%d", help=md(criterion.help)
        )
    st.container(key="uc_table").data_editor(
        frame,
        key=table_key,
        num_rows="dynamic",
        hide_index=True,
        column_config=column_config,
        width="stretch",
    )
    st.caption(
        "Scores run 1–5; lower is better for complexity and integration effort. Money is in thousands; an empty "
        "cost uses the organisation default below. Add a row at the bottom of the table, or select rows and press "
        "Delete to remove them."
    )
    with st.expander("Organisation defaults for costs, and how fast value arrives", icon=":material/payments:"):
        render_finance_defaults(w)


def form_key(field: str) -> str:
    """A widget key of the Add form; a new form version after each add gives fresh, empty widgets."""
    return f"uc_form_{field}_{st.session_state.get(FORM_VERSION, 0)}"


# Not clear_on_submit, which empties the form even when the add fails: here a failed add keeps what was typed,
# and only a successful one replaces the form with a new, empty one.
with form_tab, st.form(f"uc_add_form_{st.session_state.get(FORM_VERSION, 0)}"):
    st.markdown("**A new use case**")
    left, right = st.columns(2)
    name = left.text_input("Name", max_chars=200, key=form_key("name"), placeholder="e.g. Invoice matching")
    objective = right.selectbox(
        "Business objective", list(Objective), format_func=OBJECTIVE_LABELS.__getitem__, key=form_key("objective")
    )
    description = st.text_area("What problem does it solve?", max_chars=5000, key=form_key("description"))
    owner = left.text_input("Owner", max_chars=200, key=form_key("owner"))
    department = right.text_input("Department", max_chars=200, key=form_key("department"))
    stage = left.selectbox("Current stage", list(Stage), format_func=STAGE_LABELS.__getitem__, key=form_key("stage"))
    annual_value = right.number_input(
        "Expected value per year (thousands)", min_value=0.0, step=10.0, key=form_key("value")
    )
    st.markdown("**Costs** (thousands; leave empty to use the organisation default)")
    c1, c2, c3 = st.columns(3)
    pilot_cost = c1.number_input("Pilot", min_value=0.0, value=None, step=10.0, key=form_key("pilot_cost"))
    scaling_cost = c2.number_input("Scaling", min_value=0.0, value=None, step=10.0, key=form_key("scaling_cost"))
    run_cost = c3.number_input("Running, per year", min_value=0.0, value=None, step=10.0, key=form_key("run_cost"))
    st.markdown("**Scores** (1 = low, 5 = high; leave a criterion unpicked to score it later)")
    score_cols = st.columns(3)
    picked = {
        c.id: score_cols[i % 3].segmented_control(
            md(c.label), [1, 2, 3, 4, 5], key=form_key(f"score_{c.id}"), help=md(c.help)
        )
        for i, c in enumerate(w.criteria)
    }
    scores = {criterion_id: value for criterion_id, value in picked.items() if value is not None}
    st.markdown("**First KPI** (define it before the pilot starts)")
    k1, k2, k3, k4, k5 = st.columns([3, 1, 1, 1, 1])
    metric = k1.text_input(
        "Metric", max_chars=200, key=form_key("kpi_metric"), placeholder="e.g. Invoices matched without help"
    )
    baseline = k2.number_input("Baseline", value=None, key=form_key("kpi_baseline"))
    target = k3.number_input("Target", value=None, key=form_key("kpi_target"))
    unit = k4.text_input("Unit", max_chars=200, key=form_key("kpi_unit"), placeholder="%")
    direction = k5.selectbox(
        "Better when", list(Direction), key=form_key("kpi_direction"), format_func=lambda d: d.value
    )
    if st.form_submit_button("Add use case", type="primary", icon=":material/add:"):
        fields = {
            "name": name,
            "description": description,
            "owner": owner,
            "department": department,
            "objective": objective,
            "stage": stage,
            "annual_value": annual_value or None,
            "costs": {"pilot": pilot_cost, "scaling": scaling_cost, "run_per_year": run_cost},
            "scores": scores,
            "kpis": [{"metric": metric, "baseline": baseline, "target": target, "unit": unit, "direction": direction}]
            if metric.strip()
            else [],
        }
        if try_commit(lambda: add_use_case(workshop(), fields), label=f"add '{name}'"):
            # Said under the new form, where the eye is after pressing Add; a toast would sit over the form's
            # right column (Business objective) for seconds.
            st.session_state[JUST_ADDED] = name
            bump_editor()
            st.session_state[FORM_VERSION] = st.session_state.get(FORM_VERSION, 0) + 1
            st.rerun()

if just_added := st.session_state.pop(JUST_ADDED, None):
    form_tab.success(
        md(f"Added {just_added}. The form above is empty for the next one."), icon=":material/check_circle:"
    )

with library_tab:
    library = load_library()
    search_col, function_col = st.columns([2, 1])
    query = search_col.text_input("Search", key="uc_library_query", placeholder="e.g. forecast, invoices, chat")
    function = function_col.selectbox("Business function", ["All", *functions(library)], key="uc_library_function")
    matches = search_library(library, query=query, function=None if function == "All" else function)
    if not matches:
        st.info("Nothing matches. Try a shorter word, or pick All functions.", icon=":material/search_off:")
    else:
        table = pd.DataFrame(
            [
                {
                    "Use case": e.name,
                    "Function": e.function,
                    "Objective": OBJECTIVE_LABELS[e.objective],
                    "Data typically needed": e.data_needed,
                    "What it does": e.description,
                }
                for e in matches
            ]
        )
        # Ticks belong to one list of matches: a new search, another function or an Add starts a new table,
        # so a tick can never point at a row of another list.
        library_key = f"uc_library_table_{st.session_state.get(LIBRARY_VERSION, 0)}_{function}_{query}"
        picked = st.dataframe(
            table,
            key=library_key,
            on_select="rerun",
            selection_mode="multi-row",
            hide_index=True,
            width="stretch",
        )
        rows = [row for row in (picked.selection.rows if picked is not None else []) if 0 <= row < len(matches)]
        if st.button(
            f"Add {len(rows)} selected" if rows else "Select rows to add",
            disabled=not rows,
            type="primary",
            icon=":material/playlist_add:",
            key="uc_library_add",
        ):
            chosen = [matches[row] for row in rows]
            if try_commit(lambda: add_from_library(workshop(), chosen), label=f"add {len(chosen)} from the library"):
                flash(f"Added {len(chosen)} use cases from the library. Score them on the Prioritise page.")
                bump_editor()
                st.session_state[LIBRARY_VERSION] = st.session_state.get(LIBRARY_VERSION, 0) + 1
                st.rerun()

with kpi_tab:
    if not w.use_cases:
        st.info("Add a use case first; its KPIs are edited here.", icon=":material/flag:")
    else:
        names = {uc.id: uc.name for uc in w.use_cases}
        chosen_id = st.selectbox("Use case", list(names), format_func=names.__getitem__, key="uc_kpi_use_case")
        kpi_case: UseCase = w.use_case(chosen_id)
        st.caption("Agree each metric, its baseline and its target before the pilot starts: they decide the go/no-go.")
        kpi_frame = pd.DataFrame(
            [k.model_dump(mode="json") for k in kpi_case.kpis],
            columns=["metric", "baseline", "target", "current", "unit", "direction"],
        )
        edited = st.data_editor(
            kpi_frame,
            key=f"uc_kpi_editor_{chosen_id}_{st.session_state[EDITOR_VERSION]}",
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_config={
                "metric": st.column_config.TextColumn("Metric", required=True, max_chars=200, width="large"),
                "baseline": st.column_config.NumberColumn("Baseline"),
                "target": st.column_config.NumberColumn("Target"),
                "current": st.column_config.NumberColumn("Latest value"),
                "unit": st.column_config.TextColumn("Unit", max_chars=200),
                "direction": st.column_config.SelectboxColumn(
                    "Better when", options=[d.value for d in Direction], default=Direction.INCREASE.value, required=True
                ),
            },
        )
        if st.button("Save KPIs", type="primary", icon=":material/save:", key="uc_kpi_save"):
            records = [
                {k: (None if pd.isna(v) else v) for k, v in row.items()}
                for row in edited.to_dict(orient="records")
                if isinstance(row.get("metric"), str) and row["metric"].strip()
            ]
            if try_commit(
                lambda: with_use_case(workshop(), UseCase.model_validate({**kpi_case.model_dump(), "kpis": records})),
                label=f"edit the KPIs of '{kpi_case.name}'",
            ):
                flash(f"Saved {len(records)} KPIs for {kpi_case.name}.")
                bump_editor()
                st.rerun()

with import_tab:
    if render_import_wizard():
        bump_editor()
        st.rerun()
