"""The one colour registry: the colours the dashboard, the PDF report and the HTML report
share, as hex text (``#RRGGBB``). No Streamlit, no ReportLab: each renderer converts.

One organisation, sector or person kind has one colour on every page, chart, map and in
the PDF. Organisations take their colour from :func:`organisation_colours`, which every
caller gives *all* organisations of the store (:func:`netwerk.services.colours.organisation_colours`
does that), never only those in view: filtering the map or choosing other organisations on
Inzet does not recolour anyone.

Who uses what: the Netwerkkaart and the ego map (:mod:`dashboard.map_view`) colour
persons and groups by organisation, :data:`SECTOR_COLOURS`, :data:`KIND_COLOURS` or
community (:data:`PALETTE`); Groei's organisation time-lapse and Inzet's charts colour
organisations with :func:`organisation_colours`; the bestuurders' report (HTML and PDF)
draws its series in :data:`SERIES` and marks organisations with their colour.

Sources: Okabe & Ito, "Color Universal Design" (2008), and Paul Tol's "muted" scheme
(https://personal.sron.nl/~pault/), both chosen to stay distinct for the common forms
of colour blindness. No categorical scheme stays distinct beyond about twelve colours;
past :data:`PALETTE` the legend (and the name in every tooltip) is the reference.
"""

from __future__ import annotations

import colorsys
import hashlib
from collections.abc import Iterable

import graph_schema as gs

__all__ = [
    "BACKGROUND_COLOUR",
    "EDGE_COLOUR",
    "FADED_COLOUR",
    "FOCUS_COLOUR",
    "KIND_COLOURS",
    "MISSING_COLOUR",
    "NEW_COLOUR",
    "PALE_TEXT_COLOUR",
    "SECONDARY_TEXT_COLOUR",
    "PALETTE",
    "SECTOR_COLOURS",
    "SERIES",
    "fallback_colour",
    "organisation_colours",
]

OKABE_ITO: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
"""Okabe-Ito without black: blue, orange, bluish green, reddish purple, sky blue, vermillion, yellow."""

TOL_MUTED: tuple[str, ...] = ("#332288", "#882255", "#117733", "#999933", "#AA4499", "#44AA99", "#DDCC77", "#CC6677",
                              "#88CCEE")
"""Paul Tol's muted scheme: indigo, wine, green, olive, purple, teal, sand, rose, cyan."""

PALETTE: tuple[str, ...] = OKABE_ITO + TOL_MUTED[:5]
"""The categorical colours in order (twelve): Okabe-Ito, then the five darkest of Tol's
muted scheme. Organisations (in :func:`organisation_colours` order), sectors (in
:data:`graph_schema.SECTORS` order) and communities (largest first) take them in turn."""

MISSING_COLOUR = "#9E9E9E"
"""Grey for persons without an organisation or sector (and anything without a colour)."""

BACKGROUND_COLOUR = "#FFFFFF"
"""The background of maps and charts (and the outline that separates touching nodes)."""

EDGE_COLOUR = "#8C8C8C"
"""Lines between nodes (ties) on the maps."""

FADED_COLOUR = "#E4E4E4"
"""Persons outside the focused person's ego network on the Netwerkkaart."""

PALE_TEXT_COLOUR = "#B0B0B0"
"""Names of faded persons (outside the focused ego network)."""

SECONDARY_TEXT_COLOUR = "#555555"
"""Quieter names (residents) on the maps."""

FOCUS_COLOUR = "#000000"
"""Outline of the focused person and of brokers on the Netwerkkaart."""

NEW_COLOUR = "#D55E00"
"""New nodes and ties against the previous period (Groei's time-lapse): Okabe-Ito vermillion."""

SECTOR_COLOURS: dict[str, str] = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(gs.SECTORS)}
"""A fixed colour per sector code, so a sector keeps its colour whatever the data holds."""

KIND_COLOURS: dict[str, str] = {
    "resident": "#009E73",
    "professional": "#0072B2",
    "bestuurder": "#D55E00",
    "volunteer": "#E69F00",
}
"""A fixed colour per person kind (Okabe-Ito)."""

SERIES: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#D55E00")
"""The report charts' series colours, in order (first series blue, second orange...)."""


def fallback_colour(key: str) -> str:
    """A deterministic colour for ``key`` beyond :data:`PALETTE`: the hue from the first
    two bytes of its BLAKE2b hash, saturation 0.55, lightness 0.45 (dark enough for white
    text strokes and a white background).

    Returns
    -------
    str
        ``#rrggbb`` (lower case); the same key always gives the same colour.
    """
    digest = hashlib.blake2b(str(key).encode("utf-8"), digest_size=4).digest()
    hue = int.from_bytes(digest[:2], "big") / 65536.0
    r, g, b = colorsys.hls_to_rgb(hue, 0.45, 0.55)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def organisation_colours(org_ids: Iterable[str]) -> dict[str, str]:
    """Organisation id -> colour for *every* organisation of the store.

    The ids are sorted as text; the first ``len(PALETTE)`` (12) take :data:`PALETTE` in
    that order, the rest :func:`fallback_colour` of their id. Pass all organisations, not
    only those in view: the colour of an organisation then depends on its id and the
    store's organisations only, the same on every page, map and report.

    Parameters
    ----------
    org_ids : iterable of str
        Organisation ids (duplicates are ignored).

    Returns
    -------
    dict
        id (text) -> ``#RRGGBB``, in sorted id order.
    """
    ids = sorted({str(o) for o in org_ids})
    return {o: PALETTE[i] if i < len(PALETTE) else fallback_colour(o) for i, o in enumerate(ids)}
