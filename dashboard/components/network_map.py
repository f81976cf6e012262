"""The network map: :class:`dashboard.map_view.MapData` drawn with pyvis/vis-network.

The HTML comes from ``pyvis.network.Network.generate_html()`` with our own template
(``templates/network_map.html``) and is shown in an iframe. Everything is inline: the
vis-network library and its CSS are copied from pyvis' bundled files into the page, so the
map works without internet access, and no temporary files or ``lib/`` folder are written.

Escaping: the template autoescapes every value placed in HTML; node and edge data go in
as JSON through Jinja's ``tojson`` (which escapes ``<``, ``>``, ``&`` and ``'``), and the
page turns tooltips into DOM elements filled with ``textContent``. Labels are drawn on the
canvas as text. A name such as ``<img src=x onerror=alert(1)>`` is therefore shown
literally everywhere and never parsed as markup.

Physics: a map whose nodes carry positions (``x``/``y``, laid out once on the server by
:func:`netwerk.services.network_map.map_layout`, in pixels by
:func:`dashboard.map_view.to_pixels`) is drawn with physics off from the start
and is interactive after its first draw. Without positions (the ego map) Barnes-Hut runs
before the first draw and is then switched off (``stabilizationIterationsDone`` ->
``setOptions({physics: false})``). Either way nothing keeps moving, and the page sets
``document.body.dataset.stabilised = "1"`` and ``window.mapReadyMs`` (milliseconds since
navigation start) once the map is drawn and still.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pyvis
import streamlit as st
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from pyvis.edge import Edge
from pyvis.network import Network

from dashboard.map_view import MapData
from netwerk.palette import EDGE_COLOUR, FADED_COLOUR, FOCUS_COLOUR, MISSING_COLOUR, PALE_TEXT_COLOUR, SECONDARY_TEXT_COLOUR
from netwerk.text import fmt_number

__all__ = ["MAP_OPTIONS", "SHAPES", "network_map_html", "render_ego_map", "render_map_html", "render_network_map"]

_TEMPLATES = Path(__file__).parent / "templates"
_PYVIS_TEMPLATES = Path(pyvis.__file__).parent / "templates"
_HEX = re.compile(r"^#[0-9a-fA-F]{3,8}$")
_FALLBACK_COLOUR = MISSING_COLOUR.lower()  # netwerk.palette

SHAPES: dict[str, tuple[str, str, str]] = {
    # kind -> (vis-network shape, legend symbol, Dutch label)
    "professional": ("dot", "●", "wijkprofessional"),
    "bestuurder": ("diamond", "◆", "bestuurder"),
    "resident": ("triangle", "▲", "bewoner"),
    "volunteer": ("square", "■", "vrijwilliger"),
}
"""Node shape per person kind, so kind stays visible whatever the colour means."""

MAP_OPTIONS: dict = {
    "nodes": {
        "font": {"size": 13, "face": "Source Sans Pro, Arial, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
        "borderWidth": 1,
    },
    "edges": {
        "color": {"color": EDGE_COLOUR, "opacity": 0.35, "highlight": FOCUS_COLOUR, "hover": FOCUS_COLOUR},
        "scaling": {"min": 0.5, "max": 6},
        "smooth": False,
    },
    "physics": {
        "enabled": True,
        "solver": "barnesHut",
        "barnesHut": {
            "gravitationalConstant": -14000,
            "centralGravity": 0.25,
            "springLength": 160,
            "springConstant": 0.02,
            "damping": 0.4,
            "avoidOverlap": 0.6,
        },
        "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 25, "fit": True},
        "minVelocity": 0.75,
    },
    "interaction": {
        "hover": True,
        "tooltipDelay": 150,
        "hideEdgesOnDrag": True,
        "navigationButtons": False,
        "keyboard": False,
        "multiselect": False,
    },
}
"""vis-network options (see the vis-network docs); physics is switched off in the page
once stabilisation is done."""

_EDGE_KIND = {
    "co-participation": "samen in activiteiten",
    "knows": "gemeld: kent elkaar",
    "both": "samen in activiteiten en gemeld",
}


def _colour(value: object) -> str:
    text = str(value) if value is not None else ""
    return text if _HEX.match(text) else _FALLBACK_COLOUR


def _node_colour(fill: str, broker: bool) -> dict:
    """vis-network's colour object: the fill, a black outline for a broker, and the same
    fill when selected or hovered (vis would otherwise paint a selected node light blue)."""
    border = FOCUS_COLOUR if broker else fill
    return {"background": fill, "border": border, "highlight": {"background": fill, "border": FOCUS_COLOUR},
            "hover": {"background": fill, "border": FOCUS_COLOUR}}


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def _edge_title(weight: float, kind: str) -> str:
    count = int(weight) if float(weight).is_integer() else round(float(weight), 2)
    return f"Sterkte {count} ({_EDGE_KIND.get(kind, kind)})"


def network_map_html(data: MapData, *, height_px: int = 650, legend_title: str = "Kleur", size_title: str = "") -> str:
    """The complete, self-contained HTML page of the map.

    Parameters
    ----------
    data : MapData
        Nodes (id, label, kind, colour_key, colour, size, title, measure), edges
        (source, target, weight, kind) and the legend (colour_key -> hex colour).
    height_px : int
        Height of the drawing area in CSS pixels.
    legend_title : str
        Heading above the colour legend (what the colour means).
    size_title : str
        What the node size means (shown with ``data.size_legend``).

    Returns
    -------
    str
        One HTML document with vis-network inline and no external resources. Its
        toolbar searches persons and saves the drawing as PNG (in the browser, from the
        canvas); clicking or searching a person fades everyone outside their ego network
        and shows their tooltip's facts beside the map, as ``data.focus`` does on load.
    """
    net = Network(height=f"{height_px}px", width="100%", cdn_resources="in_line", directed=False)
    node_ids: set[str] = set()
    node_list: list[dict[str, str]] = []
    laid_out = {"x", "y"} <= set(data.nodes.columns) and bool(len(data.nodes)) and bool(data.nodes["x"].notna().all())
    names = data.nodes["name"] if "name" in data.nodes.columns else data.nodes["label"]
    for row, name in zip(data.nodes.itertuples(index=False), names, strict=True):
        node_id = str(row.id)
        label, full = _text(row.label), _text(name)
        shape = SHAPES.get(_text(row.kind), ("dot", "", ""))[0]
        position = {"x": float(row.x), "y": float(row.y)} if laid_out else {}
        broker = node_id in data.brokers
        net.add_node(
            node_id,
            label=label,
            fullLabel=full,
            title=_text(row.title) or full,
            color=_node_colour(_colour(row.colour), broker),
            borderWidth=4 if broker else 1,
            size=float(row.size) if pd.notna(row.size) else 15.0,
            shape=shape,
            # Named persons in full size; quieter residents keep the professionals readable.
            font={"size": 12, "color": SECONDARY_TEXT_COLOUR} if row.kind == "resident" else {"size": 14},
            **position,
        )
        net.nodes[-1]["label"] = label  # pyvis puts the id where the label is empty: an unnamed node stays unnamed
        node_ids.add(node_id)
        node_list.append({"id": node_id, "label": full})
    has_titles = "title" in data.edges.columns
    for row in data.edges.itertuples(index=False):
        source, target = str(row.source), str(row.target)
        if source not in node_ids or target not in node_ids:
            continue
        kind = _text(row.kind)
        title = _text(row.title) if has_titles else _edge_title(row.weight, kind)
        # Appended directly: Network.add_edge scans all earlier edges (quadratic), and
        # MapData already holds each pair once.
        edge = Edge(source, target, directed=False, value=float(row.weight), title=title)
        if kind == "knows":
            edge.options["dashes"] = True
        net.edges.append(edge.options)
    options = dict(MAP_OPTIONS)
    if laid_out:
        # Positions come from the server: draw once, no simulation at all.
        options["physics"] = {"enabled": False}
        options["layout"] = {"randomSeed": 7, "improvedLayout": False}
    else:
        # A fixed seed gives the same picture on every rerun; vis' "improved layout" (Kamada-Kawai
        # per cluster) is slow on a few hundred nodes and only complains there.
        options["layout"] = {"randomSeed": 7, "improvedLayout": len(node_ids) <= 100}
    net.set_options(json.dumps(options))

    # Our template instead of pyvis' (which loads Bootstrap from a CDN); pyvis' template
    # folder stays on the search path for the inline vis-network files. generate_html()
    # renders with a fixed set of variables; ours travel as template globals.
    legend = [{"label": str(key), "colour": _colour(colour)} for key, colour in data.legend.items()]
    min_px = min((px for px, _ in data.size_legend), default=0.0)
    max_px = max((px for px, _ in data.size_legend), default=1.0)
    kinds_present = set(data.nodes["kind"].astype(str)) if len(data.nodes) else set()
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(_TEMPLATES), FileSystemLoader(_PYVIS_TEMPLATES)]),
        autoescape=select_autoescape(["html"]),
    )
    env.globals.update(
        node_list=sorted(node_list, key=lambda n: n["label"].casefold()),
        counts_text=f"{fmt_number(len(net.nodes))} {data.node_noun}, {fmt_number(len(net.edges))} {data.edge_noun}",
        search_label=data.search_label,
        laid_out=laid_out,
        legend=legend,
        legend_title=legend_title,
        notes=list(data.notes),
        # Legend dots from 8 px (smallest node) to 28 px (largest), in proportion.
        size_legend=[{"px": round(8 + 20 * (px - min_px) / max(max_px - min_px, 1e-9)), "text": text}
                     for px, text in data.size_legend],
        size_title=size_title,
        focus=data.focus,
        faded_colour=FADED_COLOUR,
        pale_colour=PALE_TEXT_COLOUR,
        focus_colour=FOCUS_COLOUR,
        shapes=[{"symbol": sym, "label": lab} for kind, (_, sym, lab) in SHAPES.items() if kind in kinds_present],
    )
    net.templateEnv = env
    net.path = "network_map.html"
    return net.generate_html()


def render_network_map(data: MapData, *, height_px: int = 650, legend_title: str = "Kleur") -> None:
    """Show the map in the page (an iframe holding :func:`network_map_html`)."""
    render_map_html(network_map_html(data, height_px=height_px, legend_title=legend_title), height_px=height_px)


def render_map_html(html: str, *, height_px: int = 650) -> None:
    """Show an HTML page made by :func:`network_map_html` (e.g. a cached one). The frame
    takes the page's own height (Streamlit measures it): the legend and notes under the
    drawing wrap to more lines in a narrow column or with many organisations, and a fixed
    height cut them off. ``height_px`` is only the fallback of an older Streamlit."""
    frame_height = height_px + 330  # toolbar, legends and notes below the drawing
    if hasattr(st, "iframe"):  # Streamlit >= 1.52; components.v1.html is deprecated there
        st.iframe(html, height="content")
    else:  # pragma: no cover - older Streamlit
        import streamlit.components.v1 as components

        components.html(html, height=frame_height, scrolling=False)


def render_ego_map(data: MapData, *, height_px: int = 450) -> None:
    """Show an ego network (:func:`netwerk.services.colleagues.ego_map`: coloured by person
    kind, the ego largest) with the same escaping and offline HTML as the network map."""
    render_network_map(data, height_px=height_px, legend_title="Soort persoon")
