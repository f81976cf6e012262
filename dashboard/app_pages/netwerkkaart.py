"""Netwerkkaart: who works with whom, as an interactive map.

Up to a size (``NETWERK_MAP_MAX_PERSONS``/``NETWERK_MAP_MAX_TIES``, after the filters)
every person is a shape; above it the map shows organisations, clusters or the most
central persons (:mod:`netwerk.services.network_map`), with a way to zoom in on one
organisation or cluster. The layout is computed once on the server and cached with the
data version, so the browser draws without a physics simulation.
"""

from __future__ import annotations

import streamlit as st

from dashboard import data, filters, glossary, safe
from dashboard.components.network_map import render_map_html
from dashboard.labels import COLOUR_BY, MEASURE_HELP, SIZE_BY
from netwerk.domain import InputError
from netwerk.services.network_map import MAP_VIEWS, TOP_BY
from netwerk.text import fmt_number

st.title("Netwerkkaart")
st.markdown(
    "Elke vorm is een persoon, elke lijn een werkrelatie: samen in een kleine activiteit of herhaald in grotere "
    "(doorgetrokken), of gemeld dat men elkaar kent (gestippeld). Eén keer samen in een grote bijeenkomst is "
    "geen werkrelatie (zie *Begrippen* onderaan). Dikkere lijnen zijn sterkere relaties. "
    "Beweeg over een persoon voor details, sleep om te verschuiven en scroll om te zoomen. "
    "Is het netwerk groot, dan toont de kaart groepen: organisaties, clusters of de belangrijkste personen."
)
data.require_data()

flt = filters.current()
VIEWS = {"auto": "Automatisch (naar grootte)", **MAP_VIEWS}
top_row = st.columns(3)
view = top_row[0].selectbox(
    "Weergave", list(VIEWS), format_func=VIEWS.get, key="kaart_weergave",
    help="Automatisch: per persoon zolang het netwerk klein genoeg is, anders per organisatie.",
)
top_by = "degree"
if view == "top":
    top_by = top_row[1].selectbox("Belangrijkste naar", list(TOP_BY), format_func=TOP_BY.get, key="kaart_top")
left, right = st.columns(2)
colour_by = left.selectbox("Kleur naar", list(COLOUR_BY), format_func=COLOUR_BY.get, key="kaart_kleur")
size_by = right.selectbox(
    "Grootte naar",
    list(SIZE_BY),
    format_func=SIZE_BY.get,
    key="kaart_grootte",
    help="Bij beperking (constraint) is een kleinere waarde juist een open positie tussen groepen. "
    "Op een kaart van groepen is de grootte het aantal personen.",
)

# The drill-down choice belongs to the view it was made in (an organisation is no cluster).
focus_key = f"kaart_inzoom_{view}"
focus = st.session_state.get(focus_key) or None
try:
    nm, md, html = data.network_map_page(flt, view, focus, top_by, colour_by, size_by, COLOUR_BY[colour_by])
except InputError:  # the group zoomed into is gone (other filters, new data): show the whole network again
    del st.session_state[focus_key]
    focus = None
    nm, md, html = data.network_map_page(flt, view, None, top_by, colour_by, size_by, COLOUR_BY[colour_by])

if nm.groups:
    labels = {g.key: f"{g.label} ({fmt_number(g.members)} personen)" for g in nm.groups}
    top_row[2].selectbox(
        "Inzoomen op", ["", *labels], format_func=lambda k: labels.get(k, "(het hele netwerk)"), key=focus_key,
        help="Toont de personen van één organisatie of cluster, of de belangrijkste als het er te veel zijn.",
    )
if nm.caption:
    st.info(safe.md(nm.caption))
n_nodes, n_edges = len(md.nodes), len(md.edges)
if nm.level == "persons":
    st.caption(f"{fmt_number(n_nodes)} personen en {fmt_number(n_edges)} werkrelaties op de kaart.")
else:
    st.caption(f"{fmt_number(n_nodes)} {md.node_noun} en {fmt_number(n_edges)} {md.edge_noun} op de kaart "
               f"({fmt_number(nm.persons)} personen en {fmt_number(nm.ties)} werkrelaties in het netwerk).")
if n_nodes == 0:
    st.info("Binnen deze filters staan er geen personen op de kaart. Verruim de filters in de zijbalk.")
else:
    render_map_html(html)
    if nm.level == "persons":
        st.caption(f"Grootte: {SIZE_BY[size_by]}. {MEASURE_HELP.get(size_by, '')}")
    else:
        st.caption("Grootte: aantal personen. Kleur: wat de meeste leden gemeen hebben (sector of soort persoon); "
                   "bij clusters het cluster zelf.")

glossary.show()
