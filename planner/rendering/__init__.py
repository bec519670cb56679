"""The plotly figures: Gantt, readiness radar, impact-feasibility matrix, and their export."""
