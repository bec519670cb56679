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
from planner.formats.imports import ImportResult, apply_import, import_report, rows_to_use_cases
from planner.formats.numbers import DECIMAL_LABELS, Decimal
from planner.formats.roundtrip import import_summary, is_own_workbook, read_own_workbook
from planner.formats.spreadsheets import Table, read_table, sheet_names
from ui.persistence import replace, try_commit
from ui.session import flash, workshop
from ui.words import md, plural

NONE = "(not in the file)"
PREVIEW_ROWS = 20
CACHE_KEY = "import_read_cache"
REPORT_KEY = "import_report"  # not a widget: (file name, lines) of the last import, shown until the next file
FIELD_LABELS = {
    "id": "Id",
    "name": "Name",
    "description": "Description",
    "owner": "Owner",
    "department": "Department",
    "objective": "Objective",
    "stage": "Stage",
    "annual_value": "Value per year (k)",
    "pilot_cost": "Pilot cost (k)",
    "scaling_cost": "Scaling cost (k)",
    "run_cost": "Run cost per year (k)",
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


def _latest(digest: str, signature: tuple[object, ...], convert: Callable[[], ImportResult]) -> ImportResult:
    """The rows converted with these choices, kept for the file now in the uploader: a rerun that changes
    nothing in the mapping (a click elsewhere on the page) does not convert thousands of rows again. Only the
    latest conversion is kept."""
    cache: dict[str, object] = st.session_state.get(CACHE_KEY, {})
    kept = cache.get("rows")
    if cache.get("digest") == digest and isinstance(kept, tuple) and kept[0] == signature:
        return cast(ImportResult, kept[1])
    result = convert()
    if cache.get("digest") == digest:
        cache["rows"] = (signature, result)
    return result


def _show_report() -> None:
    report = st.session_state.get(REPORT_KEY)
    if isinstance(report, tuple):
        name, lines = report
        # The lines after "N rows left out:" (they start in lower case) are its reasons, one level in.
        items = [f"{'    ' if line[:1].islower() else ''}- {md(line)}" for line in lines]
        st.success(f"**Imported {md(name)}**\n\n" + "\n".join(items), icon=":material/task_alt:")


def render_import_wizard() -> bool:
    """Draw the wizard; True when the workshop was changed and the page should rerun."""
    st.write(
        "Bring in a list of use cases from a spreadsheet (CSV or Excel), or reopen a workbook this app exported. "
        "Nothing changes until you press the import button."
    )
    _show_report()
    # Files the app cannot read are let through the picker too, so that the app can say why in words.
    upload = st.file_uploader(
        "Spreadsheet",
        type=["csv", "tsv", "txt", "xlsx", "xls", "xlsm", "ods", "numbers", "json"],
        key="uc_import_file",
        help="A CSV (any separator; UTF-8, UTF-16 or Windows text) or an .xlsx workbook.",
    )
    if upload is None:
        return False
    st.session_state.pop(REPORT_KEY, None)
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    try:
        with st.spinner(f"Reading {upload.name} ({len(data) / 1e6:.1f} MB)…", show_time=True):
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
        with st.spinner(f"Reading the rows of {upload.name}…", show_time=True):
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
    existing = [uc.id for uc in w.use_cases] if mode == "append" else []
    signature = (sheet, tuple(mapping.items()), decimal, default_stage, default_objective, tuple(existing))
    try:
        with st.spinner(f"Checking {len(table.rows):,} rows…", show_time=True):
            result = _latest(
                digest,
                signature,
                lambda: rows_to_use_cases(
                    table,
                    mapping,
                    criteria=w.criteria,
                    default_stage=default_stage or Stage.IDEA,
                    default_objective=default_objective or Objective.OTHER,
                    existing_ids=existing,
                    decimal=decimal,
                ),
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
                FIELD_LABELS["pilot_cost"]: uc.costs.pilot,
                FIELD_LABELS["scaling_cost"]: uc.costs.scaling,
                FIELD_LABELS["run_cost"]: uc.costs.run_per_year,
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
        with st.spinner(f"Importing {len(cases):,} use cases…", show_time=True):
            done = try_commit(lambda: apply_import(workshop(), cases, mode=how), label=f"import {upload.name}")
        if done:
            report = import_report(result, mode=how, before=len(w.use_cases))
            st.session_state[REPORT_KEY] = (upload.name, report)
            st.session_state.pop(CACHE_KEY, None)
            flash(f"Imported {len(cases):,} use cases from {upload.name}. Undo in the sidebar takes them back out.")
            for key in [k for k in st.session_state if str(k).startswith("uc_import_")]:
                del st.session_state[key]
            return True
    return False
