"""Netwerkkaart: who works with whom, as an interactive map.

Up to a size (``NETWERK_MAP_MAX_PERSONS``/``NETWERK_MAP_MAX_TIES``, after the filters)
every person is a shape; above it the map shows organisations, clusters or the most
central persons (:mod:`netwerk.services.network_map`), with a way to zoom in on one
organisation or cluster. The layout is computed once on the server and cached with the
data version, so the browser draws without a physics simulation.

A person map is made readable (:func:`dashboard.map_view.readable_map`): only the persons
who matter under the chosen measure are named, ties that only come from large meetings
are hidden by default (the page says how many), a searched person is shown with their
ego network and their facts beside the map, and "Toon makelaars" outlines the brokers.
The current view downloads as PNG (in the map) and its data as CSV (audited).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import graph_schema as gs
from dashboard import data, filters, glossary, safe
from dashboard.components.network_map import render_map_html
from dashboard.labels import COLOUR_BY, MEASURE_HELP, SIZE_BY
from dashboard.map_view import focus_persons, view_csv
from netwerk.domain import InputError
from netwerk.services.network_map import MAP_VIEWS, TIE_FILTERS, TOP_BY, NetworkMap
from netwerk.text import fmt_number

st.title("Netwerkkaart")
st.markdown(
    "Elke vorm is een persoon, elke lijn een werkrelatie: samen in een kleine activiteit of herhaald in grotere "
    "(doorgetrokken), of gemeld dat men elkaar kent (gestippeld). Dikkere lijnen zijn sterkere relaties. "
    "Alleen de belangrijkste personen staan met naam op de kaart; beweeg over een persoon voor details. "
    "Klik op een persoon of kies hieronder iemand om diens directe werkrelaties te zien. "
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
left, middle, right = st.columns(3)
colour_by = left.selectbox("Kleur naar", list(COLOUR_BY), format_func=COLOUR_BY.get, key="kaart_kleur")
size_by = middle.selectbox(
    "Grootte en namen naar",
    list(SIZE_BY),
    format_func=SIZE_BY.get,
    key="kaart_grootte",
    help="De personen die hierop het hoogst scoren staan met naam op de kaart. Bij beperking (constraint) is een "
    "kleinere waarde juist een open positie tussen groepen. Op een kaart van groepen is de grootte het aantal personen.",
)
tie_filter = right.selectbox(
    "Lijnen", list(TIE_FILTERS), format_func=TIE_FILTERS.get, key="kaart_lijnen",
    help="Welke werkrelaties de kaart tekent. De maten (grootte, namen, makelaars) tellen altijd alle werkrelaties.",
)

# The drill-down choice belongs to the view it was made in (an organisation is no cluster).
focus_key = f"kaart_inzoom_{view}"
focus = st.session_state.get(focus_key) or None
try:
    base = data.network_map(flt, view, focus, top_by, tie_filter)
except InputError:  # the group zoomed into is gone (other filters, new data): show the whole network again
    del st.session_state[focus_key]
    focus = None
    base = data.network_map(flt, view, None, top_by, tie_filter)

person = None
show_brokers = False
if base.level == "persons" and len(base.nodes):
    names = dict(zip(base.nodes["person_id"].astype(str), base.nodes["name"].astype(str), strict=True))
    order = sorted(names, key=lambda p: (names[p].casefold(), p))
    pick, toggle = st.columns([2, 1])
    person = pick.selectbox(
        "Zoek persoon", [None, *order], format_func=lambda p: "(niemand in focus)" if p is None else names[p],
        key="kaart_persoon", help="Toont de gekozen persoon met diens directe werkrelaties; de rest wordt vaag.",
    )
    show_brokers = toggle.toggle("Toon makelaars", key="kaart_makelaars",
                                 help="Omrandt en benoemt de tien personen met de hoogste makelaarspositie "
                                      "(betweenness, zoals op Actoren): zij verbinden groepen die elkaar anders "
                                      "niet bereiken.")

nm, md, html = data.network_map_page(flt, view, focus, top_by, colour_by, size_by, COLOUR_BY[colour_by], tie_filter,
                                     person, show_brokers)

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
    hidden = f" ({fmt_number(nm.hidden_ties)} niet getekend, zie Lijnen)" if nm.hidden_ties else ""
    st.caption(f"{fmt_number(n_nodes)} personen en {fmt_number(n_edges)} werkrelaties op de kaart{hidden}.")
else:
    st.caption(f"{fmt_number(n_nodes)} {md.node_noun} en {fmt_number(n_edges)} {md.edge_noun} op de kaart "
               f"({fmt_number(nm.persons)} personen en {fmt_number(nm.ties)} werkrelaties in het netwerk).")


def _person_rows(nm: NetworkMap, ids: list[str]) -> pd.DataFrame:
    """The facts of ``ids`` as a table (names and organisations are data: st.dataframe shows them as text)."""
    t = nm.nodes.assign(person_id=nm.nodes["person_id"].astype(str)).set_index("person_id")
    t = t.loc[[i for i in ids if i in t.index]]
    return pd.DataFrame({
        "Naam": t["name"].astype(str),
        "Soort": [gs.PERSON_KINDS.get(k, k) for k in t["kind"]],
        "Organisatie": t["organisation"].fillna(""),
        "Werkrelaties": t["degree"].astype(int),
        "Makelaarspositie": t["betweenness"].astype(float).round(3),
    })


def _facts(nm: NetworkMap, person: str | None, brokers: frozenset[str]) -> None:
    """Beside the map: the focused person's tooltip facts and direct ties, or the brokers."""
    if person is not None:
        row = md.nodes[md.nodes["id"].astype(str) == person]
        st.subheader("Persoon in focus")
        if len(row):
            st.text(str(row["title"].iloc[0]))  # plain text: never Markdown or HTML
        alters = sorted(focus_persons(md.edges, person))
        st.caption(f"Directe werkrelaties op de kaart: {fmt_number(len(alters))}.")
        if alters:
            st.dataframe(_person_rows(nm, alters).sort_values("Naam"), hide_index=True, height=260)
    if brokers:
        st.subheader("Makelaars")
        table = _person_rows(nm, list(brokers)).sort_values("Makelaarspositie", ascending=False)
        st.dataframe(table, hide_index=True)


if n_nodes == 0:
    st.info("Binnen deze filters staan er geen personen op de kaart. Verruim de filters in de zijbalk.")
else:
    if nm.level == "persons" and (person is not None or md.brokers):
        map_col, facts_col = st.columns([3, 1])
        with map_col:
            render_map_html(html)
        with facts_col:
            _facts(nm, md.focus, md.brokers)
    else:
        render_map_html(html)
    if nm.level == "persons":
        st.caption(f"Grootte: {SIZE_BY[size_by]}. {MEASURE_HELP.get(size_by, '')}")
    else:
        st.caption("Grootte: aantal personen. Kleur: wat de meeste leden gemeen hebben (sector of soort persoon); "
                   "bij clusters het cluster zelf.")

    # The data behind the current view (what is drawn), as CSV for Excel (semicolons, decimal commas).
    nodes_csv, edges_csv = view_csv(md, COLOUR_BY[colour_by])
    d1, d2 = st.columns(2)
    d1.download_button(
        f"Gegevens van de kaart: {md.node_noun} (CSV)",
        nodes_csv,
        file_name=f"netwerkkaart-{md.node_noun}.csv", mime="text/csv", key="kaart_csv_knopen",
        on_click=data.record_map_export, args=(f"{md.node_noun}.csv",),
    )
    d2.download_button(
        f"Gegevens van de kaart: {md.edge_noun} (CSV)",
        edges_csv,
        file_name=f"netwerkkaart-{md.edge_noun}.csv", mime="text/csv", key="kaart_csv_lijnen",
        on_click=data.record_map_export, args=(f"{md.edge_noun}.csv",),
    )
    st.caption("De afbeelding van de kaart zoals u die nu ziet bewaart u met ‘Download als PNG’ boven de kaart.")

glossary.show()
