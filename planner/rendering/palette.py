"""The colours the charts and the Excel workbook share, so a pilot is the same blue on screen and on paper.

Plain values only (no plotly): the Excel export imports this module and nothing else of rendering.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from planner.domain.vocabulary import Gate, Objective, PhaseName

# Okabe-Ito hues: they stay distinct for the common colour-vision deficiencies and on a washed-out projector.
PHASE_COLOURS: Mapping[PhaseName, str] = MappingProxyType(
    {
        PhaseName.ASSESSMENT: "#64748B",
        PhaseName.PILOT: "#0072B2",
        PhaseName.SCALING: "#E69F00",
        PhaseName.OPTIMIZATION: "#009E73",
    }
)
OBJECTIVE_COLOURS: Mapping[Objective, str] = MappingProxyType(
    {
        Objective.COST_REDUCTION: "#0072B2",
        Objective.REVENUE_GROWTH: "#009E73",
        Objective.CUSTOMER_EXPERIENCE: "#CC79A7",
        Objective.OPERATIONAL_EFFICIENCY: "#E69F00",
        Objective.OTHER: "#7F7F7F",
    }
)
# Fill and outline differ, not just hue, so the two gates stay apart in greyscale and for colour-blind viewers.
GATE_COLOURS: Mapping[Gate | None, tuple[str, str]] = MappingProxyType(
    {
        None: ("#334155", "#FFFFFF"),
        Gate.GO_NO_GO: ("#111827", "#FFFFFF"),
        Gate.PRODUCTION_READINESS: ("#FFFFFF", "#111827"),
    }
)

TEXT_COLOUR = "#1F2937"
MUTED_COLOUR = "#6B7280"
TODAY_COLOUR = "#B91C1C"
