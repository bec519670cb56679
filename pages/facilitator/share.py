"""Share & export: every file is built from the current workshop when its button is clicked."""

from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from planner.domain.library import slugify
from planner.formats.excel import build_workbook, roadmap_csv
from planner.formats.workshop_json import dump_workshop
from planner.rendering.export import figure_to_html, figure_to_slide, image_export_problem
from planner.rendering.gantt import plan_gantt_figure
from ui.analysis import current_analysis
from ui.links import render_links

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

analysis = current_analysis()
w = analysis.workshop
stem = slugify(w.name)

st.title("Share & export")
st.write(
    "Send the plan to sponsors, or keep a copy to carry on later. Each file is made from the workshop as it is "
    "now, at the moment you click."
)


def _built(label: str, build: Callable[[], bytes | str]) -> Callable[[], bytes | str]:
    def run() -> bytes | str:
        with st.spinner(f"Building the {label}…"):
            return build()

    return run


GANTT_TITLE = f"{w.name}: roadmap"


def _gantt() -> go.Figure:
    return plan_gantt_figure(analysis.workshop, analysis.roadmap, today=analysis.today)


def _gantt_slide(image_format: str) -> Callable[[], bytes]:
    return lambda: figure_to_slide(_gantt(), title=GANTT_TITLE, image_format=image_format)


def _gantt_html() -> str:
    return figure_to_html(_gantt(), title=GANTT_TITLE)


DOWNLOADS = (
    (
        "Excel workbook",
        "Summary, use cases, priorities, roadmap, a Gantt whose bars follow the dates you edit, gates and KPIs. "
        "Opens without the app; bring it back on the Use cases page (Import) to pick up edits.",
        "Download Excel",
        _built("workbook", lambda: build_workbook(analysis)),
        f"{stem}.xlsx",
        XLSX,
        ":material/table_view:",
        "sx_xlsx",
    ),
    (
        "Interactive Gantt (HTML)",
        "One file that opens in any browser, offline: zoom, hover for dates, print.",
        "Download Gantt",
        _built("Gantt", _gantt_html),
        f"{stem}-gantt.html",
        "text/html",
        ":material/view_timeline:",
        "sx_html",
    ),
    (
        "Roadmap (CSV)",
        "One row per phase with start and end dates, for other planning tools.",
        "Download CSV",
        _built("CSV", lambda: roadmap_csv(analysis)),
        f"{stem}-roadmap.csv",
        "text/csv",
        ":material/csv:",
        "sx_csv",
    ),
    (
        "Workshop file (JSON)",
        "Everything in this workshop. Open it again on the Workshop page to carry on.",
        "Download JSON",
        lambda: dump_workshop(w),
        f"{stem}.json",
        "application/json",
        ":material/data_object:",
        "sx_json",
    ),
)

render_links()

st.subheader("Files")
columns = st.columns(2)
for index, (title, caption, label, data, file_name, mime, icon, key) in enumerate(DOWNLOADS):
    with columns[index % 2], st.container(border=True):
        st.markdown(f"**{title}**")
        st.caption(caption)
        st.download_button(
            label, data=data, file_name=file_name, mime=mime, icon=icon, key=key, on_click="ignore", type="primary"
        )

with columns[len(DOWNLOADS) % 2], st.container(border=True):
    st.markdown("**Gantt for slides (PNG or PDF)**")
    st.caption("16:9 with the workshop's name as its title, lettered to be read when projected.")
    problem = image_export_problem()
    if problem:
        st.caption(problem)
    else:
        for column, (kind, mime, icon) in zip(
            st.columns(2),
            (("PNG", "image/png", ":material/image:"), ("PDF", "application/pdf", ":material/picture_as_pdf:")),
            strict=True,
        ):
            column.download_button(
                f"Download {kind}",
                data=_built(kind, _gantt_slide(kind.lower())),
                file_name=f"{stem}-roadmap.{kind.lower()}",
                mime=mime,
                icon=icon,
                key=f"sx_{kind.lower()}",
                on_click="ignore",
                type="primary" if kind == "PNG" else "secondary",
            )
