"""What every figure shares: the font, the template, safe text and the base layout.

The figures themselves are in gantt.py, radar.py and matrix.py, and export.py takes them out of the app.
Builders are pure: they take planner data and return a `go.Figure`; only the Streamlit pages draw them.
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from planner.rendering.palette import (
    TEXT_COLOUR,
)

CHART_FONT_SIZE = 16
CHART_FONT_FAMILY = "Inter, 'Segoe UI', 'Helvetica Neue', Arial, sans-serif"
CHART_TEMPLATE = "plotly_white"


def chart_text(text: str) -> str:
    """Text for plotly, which reads a little HTML (<b>, <br>, <a href>) and a few entities: `<`, `>` and `&` are
    escaped, quotes are not (plotly shows "&quot;" as it is)."""
    return html.escape(text, quote=False)


def truncate(text: str, limit: int) -> str:
    """Shorten `text` to at most `limit` characters, ending in an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(1, limit - 1)].rstrip() + "…"


def day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def base_layout(**extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "template": CHART_TEMPLATE,
        "font": {"size": CHART_FONT_SIZE, "family": CHART_FONT_FAMILY, "color": TEXT_COLOUR},
        "hoverlabel": {"font": {"size": CHART_FONT_SIZE}},
        "legend": {
            "orientation": "h",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "xref": "container",
            # Entries sized by their own text pack more to a row than plotly's equal-width columns.
            "entrywidth": 0,
            "entrywidthmode": "pixels",
            "x": 0,
            "xanchor": "left",
            "font": {"size": CHART_FONT_SIZE},
        },
    }
    layout.update(extra)
    return layout
