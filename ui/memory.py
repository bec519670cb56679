"""Keep the garbage collector off what lives as long as the server: the modules, classes and functions imported.

Python's full collections walk every tracked object. After the first run the server holds about 180,000 of them
that are never garbage (Streamlit, pandas, plotly, pydantic's schemas); with a 3,600-use-case workshop open, a
rerun's full collections walked them again and took 0.1–0.2 s of each weight change or table edit. `gc.freeze()`
moves what exists after the first run out of the collector's sight. Frozen objects are still freed when nothing
refers to them (reference counting does not look at generations); only garbage cycles that already exist then stay.

Before freezing, one empty figure of each kind the app draws is built: plotly sets up its validators the first time
a trace type is used (0.2 s for the radar), which otherwise fell on the first page switch to a chart.
"""

from __future__ import annotations

import gc

import plotly.graph_objects as go
import streamlit as st


@st.cache_resource(show_spinner=False)
def freeze_what_startup_made() -> int:
    """Once per server process, after the first run has imported the pages: how many objects were frozen."""
    _warm_chart_types()
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def _warm_chart_types() -> None:
    """Build and serialise one empty figure of each trace type the pages draw (no user data)."""
    for trace in (go.Bar(), go.Scatter(), go.Scatterpolar(), go.Funnel()):
        go.Figure(trace).update_layout(template="plotly_white").to_json()
