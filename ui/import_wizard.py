"""The import wizard on the Use cases page: upload -> mapping -> preview with problems -> replace or append."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Literal, TypeVar, cast

import pandas as pd
import streamlit as st

from planner.domain.errors import WorkshopInputError
from planner.domain.vocabulary import OBJECTIVE_LABELS, STAGE_LABELS, Objective, Stage
from planner.formats.header_mapping import guess_table_decimal, mappable_fields, suggest_mapping
from planner.formats.imports import apply_import, rows_to_use_cases
from planner.formats.numbers import DECIMAL_LABELS, Decimal
from planner.formats.roundtrip import import_summary, is_own_workbook, read_own_workbook
from planner.formats.spreadsheets import Table, read_table, sheet_names
from ui.persistence import replace, try_commit
from ui.session import flash, workshop
from ui.words import md, plural

NONE = "(not in the file)"
PREVIEW_ROWS = 20
CACHE_KEY = "import_read_cache"
FIELD_LABELS = {
    "id": "Id",
    "name": "Name",
    "description": "Description",
    "owner": "Owner",
    "department": "Department",
    "objective": "Objective",
    "stage": "Stage",
    "annual_value": "Value per year (k)",
    "on_roadmap": "On roadmap",
    "depends_on": "Depends on",
}


def _show_problems(lines: list[str]) -> None:
    st.error("\n".join(f"- {md(line)}" for line in lines), icon=":material/error:")


T = TypeVar("T")


def _once(digest: str, what: str, read: Callable[[], T]) -> T:
    """Read an upload once per file (keyed by its hash), not on every rerun of the wizard.

    Kept in this session only, for the file now in the uploader; a refused file's message is kept too.
    """
    cache: dict[str, object] = st.session_state.get(CACHE_KEY, {})
    if cache.get("digest") != digest:
        cache = {"digest": digest}
        st.session_state[CACHE_KEY] = cache
    if what not in cache:
        try:
            cache[what] = read()
        except WorkshopInputError as exc:
            cache[what] = exc
    found = cache[what]
    if isinstance(found, WorkshopInputError):
        raise found
    return cast(T, found)


def render_import_wizard() -> bool:
    """Draw the wizard; True when the workshop was changed and the page should rerun."""
    st.write(
        "Bring in a list of use cases from a spreadsheet (CSV or Excel), or reopen a workbook this app exported. "
        "Nothing changes until you press the import button."
    )
    # Files the app cannot read are let through the picker too, so that the app can say why in words.
    upload = st.file_uploader(
        "Spreadsheet",
        type=["csv", "tsv", "txt", "xlsx", "xls", "xlsm", "ods", "numbers", "json"],
        key="uc_import_file",
        help="A CSV (any separator; UTF-8, UTF-16 or Windows text) or an .xlsx workbook.",
    )
    if upload is None:
        return False
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    try:
        own = _once(digest, "own", lambda: is_own_workbook(upload.name, data))
    except WorkshopInputError as exc:
        _show_problems(exc.problems)
        return False

    if own:
        try:
            opened, changes = _once(digest, "read_own", lambda: read_own_workbook(upload.name, data))
        except WorkshopInputError as exc:
            _show_problems(exc.problems)
            return False
        st.success(
            f"**{md(upload.name)}** was exported by Roadmap Planner: {md(opened.name)}, "
            f"{len(opened.use_cases)} use cases.",
            icon=":material/task:",
        )
        if changes:
            st.markdown("**Edited in Excel** (these win over the stored copy):")
            st.markdown("\n".join(f"- {md(c)}" for c in changes))
        else:
            st.caption("No edits were made in Excel.")
        if st.button("Open this workbook", type="primary", icon=":material/file_open:", key="uc_import_open_own"):
            replace(opened, label=f"open {upload.name}")
            flash(f"Opened {upload.name}." + (f" {len(changes)} edits from Excel applied." if changes else ""))
            return True
        return False

    w = workshop()
    sheet = None
    try:
        sheets = _once(digest, "sheets", lambda: sheet_names(upload.name, data))
        if len(sheets) > 1:
            sheet = st.selectbox("Sheet", sheets, key="uc_import_sheet")
        table: Table = _once(digest, f"table:{sheet}", lambda: read_table(upload.name, data, sheet=sheet))
    except WorkshopInputError as exc:
        _show_problems(exc.problems)
        return False
    for note in table.notes:
        st.warning(md(note), icon=":material/info:")
    st.caption(f"{plural(len(table.rows), 'row')}, {plural(len(table.headers), 'column')}.")

    st.markdown("**1. Which column holds what?** The guesses come from the column names.")
    suggestion = suggest_mapping(table.headers, w.criteria)
    labels = {**FIELD_LABELS, **{c.id: f"{md(c.label)} (1–5)" for c in w.criteria}}
    mapping: dict[str, str | None] = {}
    fields = mappable_fields(w.criteria)
    columns = st.columns(3)
    for index, field in enumerate(fields):
        options = [NONE, *table.headers]
        guess = suggestion.get(field)
        choice = columns[index % 3].selectbox(
            labels[field],
            options,
            index=options.index(guess) if guess in options else 0,
            key=f"uc_import_map_{field}",
        )
        mapping[field] = None if choice == NONE else choice
    guessed = guess_table_decimal(table, mapping, w.criteria)
    decimals: list[Decimal] = [".", ","]
    left, middle, right = st.columns(3)
    decimal: Decimal = (
        left.radio(
            "Numbers in this file",
            decimals,
            index=decimals.index(guessed),
            format_func=DECIMAL_LABELS.__getitem__,
            key=f"uc_import_decimal_{guessed}",
            help="Guessed from the number columns. A value that does not fit the choice is listed under Problems, "
            "never misread.",
        )
        or guessed
    )
    default_stage = middle.selectbox(
        "Stage when the file's value is not recognised",
        list(Stage),
        format_func=STAGE_LABELS.__getitem__,
        key="uc_import_default_stage",
    )
    default_objective = right.selectbox(
        "Objective when the file's value is not recognised",
        list(Objective),
        index=list(Objective).index(Objective.OTHER),
        format_func=OBJECTIVE_LABELS.__getitem__,
        key="uc_import_default_objective",
    )

    st.markdown("**2. Preview**")
    mode = st.radio(
        "What happens to the use cases already here?",
        ["append", "replace"],
        format_func=lambda m: "Keep them and add these" if m == "append" else "Replace them with these",
        horizontal=True,
        key="uc_import_mode",
    )
    try:
        result = rows_to_use_cases(
            table,
            mapping,
            criteria=w.criteria,
            default_stage=default_stage or Stage.IDEA,
            default_objective=default_objective or Objective.OTHER,
            existing_ids=[uc.id for uc in w.use_cases] if mode == "append" else [],
            decimal=decimal,
        )
    except WorkshopInputError as exc:
        _show_problems(exc.problems)
        return False
    st.markdown(f"**{import_summary(result)}**")
    preview = pd.DataFrame(
        [
            {
                "Name": uc.name,
                "Department": uc.department,
                "Objective": OBJECTIVE_LABELS[uc.objective],
                "Stage": STAGE_LABELS[uc.stage],
                FIELD_LABELS["annual_value"]: uc.annual_value,
                **{c.label: uc.scores.get(c.id) for c in w.criteria},
            }
            for uc in result.use_cases[:PREVIEW_ROWS]
        ]
    )
    if not preview.empty:
        with st.container(key="uc_import_preview"):
            st.dataframe(preview, hide_index=True, width="stretch")
        if len(result.use_cases) > PREVIEW_ROWS:
            st.caption(f"Showing the first {PREVIEW_ROWS} of {len(result.use_cases):,}.")
    if result.problems:
        st.markdown(f"**Problems** ({len(result.problems)})")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Row": p.row,
                        "Column": p.column,
                        "Value": p.value[:80],
                        "Expected": p.expected,
                        "Result": "left out" if p.blocking else "default used",
                    }
                    for p in result.problems
                ]
            ),
            hide_index=True,
            width="stretch",
        )

    st.markdown("**3. Import**")
    verb = "Replace with" if mode == "replace" else "Add"
    if st.button(
        f"{verb} {len(result.use_cases)} use cases",
        type="primary",
        disabled=not result.use_cases,
        icon=":material/download_done:",
        key="uc_import_go",
    ):
        cases = result.use_cases
        how: Literal["replace", "append"] = "replace" if mode == "replace" else "append"
        if try_commit(lambda: apply_import(workshop(), cases, mode=how), label=f"import {upload.name}"):
            flash(f"Imported {len(cases)} use cases from {upload.name}. Undo in the sidebar takes them back out.")
            for key in [k for k in st.session_state if str(k).startswith("uc_import_")]:
                del st.session_state[key]
            return True
    return False
