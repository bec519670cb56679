"""The portfolio filter bar, shown above the use-case table, the matrix, the Gantt and the portfolio charts.

One filter for the session: set on one page, it applies on the others too. It is kept under FILTER_KEY (not a
widget), and each page's widgets are set from it before they are drawn, so they always show the filter in force.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import streamlit as st

from planner.domain.analysis import Analysis
from planner.domain.filters import NO_FILTER, PortfolioFilter, departments, describe, filtered_ids, within
from planner.domain.vocabulary import OBJECTIVE_LABELS, QUADRANT_LABELS, STAGE_LABELS, Objective, Quadrant, Stage
from ui.words import md

FILTER_KEY = "portfolio_filter"  # not a widget
ON, OFF = "on", "off"
FIELDS = ("departments", "stages", "objectives", "quadrants")
TABLE_PAGE_ROWS = 250  # a page of a table of use cases; a filter narrows it further
T = TypeVar("T")


def _key(field: str) -> str:
    return f"flt_{field}"


def current_filter() -> PortfolioFilter:
    chosen = st.session_state.get(FILTER_KEY, NO_FILTER)
    return chosen if isinstance(chosen, PortfolioFilter) else NO_FILTER


def _from_widgets() -> None:
    roadmap = st.session_state.get(_key("roadmap"))
    st.session_state[FILTER_KEY] = PortfolioFilter(
        departments=tuple(st.session_state.get(_key("departments"), ())),
        stages=tuple(st.session_state.get(_key("stages"), ())),
        objectives=tuple(st.session_state.get(_key("objectives"), ())),
        quadrants=tuple(st.session_state.get(_key("quadrants"), ())),
        on_roadmap=None if roadmap is None else roadmap == ON,
    )


def _clear() -> None:
    st.session_state[FILTER_KEY] = NO_FILTER


def _show(chosen: PortfolioFilter) -> None:
    """Put the filter in force into the widgets before they are drawn (it may have been set on another page)."""
    values: dict[str, Any] = {field: list(getattr(chosen, field)) for field in FIELDS}
    values["roadmap"] = None if chosen.on_roadmap is None else (ON if chosen.on_roadmap else OFF)
    for field, value in values.items():
        # Always set: a widget of the same key on another page keeps no value for this page's widget.
        st.session_state[_key(field)] = value


def render_filter_bar(analysis: Analysis) -> list[str]:
    """Draw the filter button and what it shows; return the ids of the use cases that match, in workshop order."""
    w = analysis.workshop
    chosen = within(current_filter(), w)
    st.session_state[FILTER_KEY] = chosen
    _show(chosen)
    ids = filtered_ids(w, analysis.ranking, chosen)
    count = sum(bool(getattr(chosen, f)) for f in FIELDS) + (chosen.on_roadmap is not None)
    button, words = st.columns([1, 5], vertical_alignment="center")
    with button.popover(f"Filter ({count})" if count else "Filter", icon=":material/filter_list:", width="stretch"):
        st.caption("Applies to the use-case table, the matrix, the ranking, the Gantt and the portfolio charts.")
        choices: list[tuple[str, str, list[Any], Callable[[Any], str]]] = [
            ("departments", "Department", departments(w), str),
            ("stages", "Stage", list(Stage), STAGE_LABELS.__getitem__),
            ("objectives", "Objective", list(Objective), OBJECTIVE_LABELS.__getitem__),
            ("quadrants", "Quadrant", list(Quadrant), QUADRANT_LABELS.__getitem__),
        ]
        for field, label, options, label_of in choices:
            st.multiselect(label, options, format_func=label_of, key=_key(field), on_change=_from_widgets)
        st.segmented_control(
            "On the roadmap",
            [ON, OFF],
            format_func=lambda v: "On the roadmap" if v == ON else "Not on it",
            key=_key("roadmap"),
            on_change=_from_widgets,
            help="Pick neither for both.",
        )
    if chosen.active:
        words.caption(md(f"Showing {len(ids):,} of {len(w.use_cases):,} use cases · {describe(chosen)}"))
        words.button("Clear the filter", icon=":material/filter_list_off:", key="flt_clear", on_click=_clear)
    return ids


def rows_key(prefix: str, version: int, ids: list[str]) -> str:
    """The key of a table that shows these use cases: a new filter or page is a new table, whose row numbers are
    never read against another's rows."""
    return f"{prefix}_{version}_{hashlib.sha256(chr(10).join(ids).encode()).hexdigest()[:12]}"


def page_of(rows: Sequence[T], *, name: str, rows_per_page: int = TABLE_PAGE_ROWS) -> Sequence[T]:
    """The page of rows to show: all of them when they fit on one page, else a "Rows" picker chooses which."""
    pages = max(1, math.ceil(len(rows) / rows_per_page))
    if pages == 1:
        return rows
    page = st.selectbox(
        "Rows",
        range(pages),
        format_func=lambda i: f"{i * rows_per_page + 1:,}–{min((i + 1) * rows_per_page, len(rows)):,} of {len(rows):,}",
        # One key per number of pages: a page picked for a longer list never points past the end of a shorter one.
        key=f"flt_page_{name}_{pages}",
        help=f"The table shows {rows_per_page} at a time; the filter narrows them down.",
    )
    return rows[page * rows_per_page : (page + 1) * rows_per_page]
