"""Netwerkkaart: who works with whom, as an interactive map."""

from __future__ import annotations

import streamlit as st

from dashboard import data, filters
from dashboard.components.network_map import render_network_map
from dashboard.labels import COLOUR_BY, MEASURE_HELP, SIZE_BY, fmt_number

st.title("Netwerkkaart")
st.markdown(
    "Elke vorm is een persoon, elke lijn een relatie: samen aan activiteiten deelgenomen (doorgetrokken) "
    "of gemeld dat men elkaar kent (gestippeld). Dikkere lijnen zijn sterkere relaties. "
    "Beweeg over een persoon voor details, sleep om te verschuiven en scroll om te zoomen."
)
data.require_data()

flt = filters.current()
left, right = st.columns(2)
colour_by = left.selectbox("Kleur naar", list(COLOUR_BY), format_func=COLOUR_BY.get, key="kaart_kleur")
size_by = right.selectbox(
    "Grootte naar",
    list(SIZE_BY),
    format_func=SIZE_BY.get,
    key="kaart_grootte",
    help="Bij beperking (constraint) is een kleinere waarde juist een open positie tussen groepen.",
)

md = data.map_data(flt, colour_by, size_by)
n_nodes, n_edges = len(md.nodes), len(md.edges)
st.caption(f"{fmt_number(n_nodes)} personen en {fmt_number(n_edges)} relaties op de kaart.")
if n_nodes == 0:
    st.info("Binnen deze filters staan er geen personen op de kaart. Verruim de filters in de zijbalk.")
else:
    render_network_map(md, legend_title=COLOUR_BY[colour_by])
    st.caption(f"Grootte: {SIZE_BY[size_by]}. {MEASURE_HELP.get(size_by, '')}")
