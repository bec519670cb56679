"""The plan's warnings: the first few as alerts, every one in a table below them when there are more.

A portfolio of thousands gives hundreds of warnings; as one alert each they filled screens and took the browser
a second and more to draw.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from ui.words import md

SHOWN_AS_ALERTS = 5
WARNINGS_TABLE_HEIGHT = 420  # about 11 rows: opened in an expander, the table's own default came out 2 rows tall


def render_plan_warnings(warnings: Sequence[str]) -> None:
    for warning in warnings[:SHOWN_AS_ALERTS]:
        st.warning(md(warning), icon=":material/warning:")
    rest = len(warnings) - SHOWN_AS_ALERTS
    if rest <= 0:
        return
    with st.expander(f"All {len(warnings):,} warnings ({rest:,} more)", icon=":material/warning:"):
        # A table shows text as text, never as Markdown, and its search box finds a use case among hundreds.
        st.dataframe(
            pd.DataFrame({"Warning": list(warnings)}),
            hide_index=True,
            width="stretch",
            height=WARNINGS_TABLE_HEIGHT,
            column_config={"Warning": st.column_config.TextColumn("Warning", width="large")},
        )
