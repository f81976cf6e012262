"""The one colour registry: the colours the dashboard, the PDF report and the HTML report
share, as hex text (``#RRGGBB``). No Streamlit, no ReportLab: each renderer converts.

Who uses what: the Netwerkkaart and the ego map (:mod:`dashboard.map_view`) colour
persons and groups with :data:`PALETTE`, :data:`SECTOR_COLOURS`, :data:`KIND_COLOURS`
and :data:`MISSING_COLOUR`; Groei's organisation network colours by sector; the
bestuurders' report (HTML and PDF) draws its series in :data:`SERIES`.
"""

from __future__ import annotations

import graph_schema as gs

__all__ = ["KIND_COLOURS", "MISSING_COLOUR", "PALETTE", "SECTOR_COLOURS", "SERIES"]

PALETTE: tuple[str, ...] = (
    "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948",
    "#B07AA1", "#FF9DA7", "#9C755F", "#6B3FA0", "#D37295", "#499894",
)
"""Colours for organisations and communities, in order: Tableau 10 without its grey
(reserved for missing values), plus two; readable on the map's white background. Beyond
twelve values the palette repeats, so the legend is the reference."""

MISSING_COLOUR = "#9E9E9E"
"""Grey for persons without an organisation or sector (and anything without a colour)."""

SECTOR_COLOURS: dict[str, str] = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(gs.SECTORS)}
"""A fixed colour per sector, so a sector keeps its colour whatever the data holds."""

KIND_COLOURS: dict[str, str] = {
    "resident": "#59A14F",
    "professional": "#4E79A7",
    "bestuurder": "#E15759",
    "volunteer": "#F28E2B",
}
"""A fixed colour per person kind."""

SERIES: tuple[str, ...] = ("#4E79A7", "#F28E2B", "#59A14F", "#E15759")
"""The report charts' series colours, in order (first series blue, second orange...)."""
