"""Figures leaving the app: a self-contained HTML page, and a slide-sized PNG or PDF drawn by kaleido."""

from __future__ import annotations

import html
from types import MappingProxyType

import plotly.graph_objects as go

from planner.rendering.charts import CHART_FONT_FAMILY, chart_text
from planner.rendering.palette import (
    TEXT_COLOUR,
)

HTML_CONFIG = MappingProxyType({"displaylogo": False, "responsive": True})


def figure_to_html(fig: go.Figure, *, title: str) -> str:
    """A self-contained interactive HTML page (plotly.js inlined) that opens offline in any browser."""
    document: str = fig.to_html(include_plotlyjs=True, full_html=True, config=dict(HTML_CONFIG))
    safe_title = html.escape(title)
    head = f'<head>\n    <title>{safe_title}</title>\n    <meta name="viewport" content="width=device-width" />'
    heading = (
        f'<body>\n    <h1 style="font-family: {html.escape(CHART_FONT_FAMILY)}; font-size: 22px; '
        f'color: {TEXT_COLOUR}; margin: 16px;">{safe_title}</h1>'
    )
    return document.replace("<head>", head, 1).replace("<body>", heading, 1)


SLIDE_WIDTH, SLIDE_HEIGHT = 1600, 900  # 16:9, a slide's shape; text drawn at this size reads when projected
SLIDE_FONT_SIZE = 20
SLIDE_FORMATS = ("png", "pdf")
SLIDE_NEEDS = (
    "A picture of the chart is drawn by Chrome or Chromium through the kaleido package: install Chromium "
    "(on Debian or Ubuntu: apt-get install chromium) or Google Chrome. The HTML export works without it."
)


class ImageExportUnavailable(RuntimeError):
    """No browser to draw the picture with; the message says what to install."""


SLIDE_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def image_export_problem() -> str | None:
    """Why a slide picture cannot be made on this machine, or None when it can (kaleido and a browser found)."""
    import importlib.util
    import os
    import shutil

    if importlib.util.find_spec("kaleido") is None:
        return f"The kaleido package is missing. {SLIDE_NEEDS}"
    if os.environ.get("BROWSER_PATH") or any(shutil.which(name) for name in SLIDE_BROWSERS):
        return None
    return f"No Chrome or Chromium was found. {SLIDE_NEEDS}"


def figure_to_slide(fig: go.Figure, *, title: str, image_format: str) -> bytes:
    """The chart as a 16:9 PNG or PDF with a title, sized and lettered to be read on a projected slide."""
    if image_format not in SLIDE_FORMATS:
        raise ValueError(f"image_format must be one of {SLIDE_FORMATS}")
    slide = go.Figure(fig)
    rows = len({y for trace in slide.data for y in (getattr(trace, "y", None) or ())})
    slide.update_layout(
        title={
            "text": chart_text(title),
            "x": 0.01,
            "xanchor": "left",
            "yref": "container",
            "y": 1 - 24 / SLIDE_HEIGHT,
            "yanchor": "top",
            "font": {"size": SLIDE_FONT_SIZE + 10},
        },
        width=SLIDE_WIDTH,
        height=max(SLIDE_HEIGHT, 200 + rows * 34),
        font={"size": SLIDE_FONT_SIZE},
        # The legend goes under the title, not over it.
        legend={"font": {"size": SLIDE_FONT_SIZE - 2}, "y": 1 - 84 / SLIDE_HEIGHT, "yanchor": "top"},
        margin={"t": 190},
    )
    try:
        import kaleido  # noqa: F401  (plotly uses it to draw static images)

        image: bytes = slide.to_image(format=image_format, width=SLIDE_WIDTH, height=slide.layout.height, scale=1)
    except ImportError as exc:
        raise ImageExportUnavailable(f"The kaleido package is missing. {SLIDE_NEEDS}") from exc
    except Exception as exc:  # kaleido raises its own errors when no browser can be started
        raise ImageExportUnavailable(f"The picture could not be drawn ({type(exc).__name__}). {SLIDE_NEEDS}") from exc
    return image
