"""Bronnen (ABCD): what the neighbourhood already has, in the six categories of
Asset-Based Community Development, and the verbinders between residents and professionals."""

from __future__ import annotations

import streamlit as st

from dashboard import data, filters, people_data
from dashboard.labels import dutch_table, pinned
from dashboard.session import current_viewer
from graph_schema import ASSET_CATEGORIES, ASSET_VISIBILITY, PERSON_KINDS
from netwerk.text import counted, fmt_number

st.title("Bronnen in de buurt (ABCD)")
st.markdown(
    "Wat is er al? Asset-Based Community Development (Kretzmann & McKnight, 1993) begint bij wat een buurt heeft: "
    "gaven en vaardigheden van bewoners, verenigingen, instellingen, plekken, lokale economie en verhalen."
)
data.require_data()
viewer = current_viewer()

everything = people_data.asset_inventory((), (), ())
c1, c2, c3 = st.columns(3)
cats = c1.multiselect("Categorie", list(ASSET_CATEGORIES), format_func=ASSET_CATEGORIES.get, key="bronnen_categorie",
                      placeholder="Alle categorieën")
buurten = c2.multiselect("Buurt", sorted({b for b in everything["buurt_code"] if b}, key=data.area_name),
                         key="bronnen_buurt", format_func=lambda b: data.area_name(b, with_code=True),
                         placeholder="Alle buurten")
themes = c3.multiselect("Thema", sorted({t for ts in everything["themes"] for t in ts}), key="bronnen_thema",
                        placeholder="Alle thema's")
table = people_data.asset_inventory(tuple(cats), tuple(buurten), tuple(themes))

counts = people_data.asset_counts(tuple(cats), tuple(buurten), tuple(themes))
items = list(ASSET_CATEGORIES.items())
for row_start in range(0, len(items), 3):  # two rows of three: the labels fit on one line, the cards stay level
    for col, (cat, label) in zip(st.columns(3), items[row_start:row_start + 3], strict=True):
        col.metric(label.split(" (")[0], fmt_number(counts[cat]), help=label, border=True)

if viewer.role == "bestuurder":
    st.caption("De aantallen tellen alle bronnen, ook de interne (zoals bijdragen van bewoners); aantallen onder de 5 "
               "staan als <5, andere zijn afgerond op vijftallen. De lijst toont alleen de openbare bronnen.")
else:
    st.caption(f"{counted(len(table), 'bron', 'bronnen')}.")
if table.empty:
    st.info("Geen bronnen binnen deze keuze. Leg een bron vast op de pagina Invoer of importeer een bestand 'bronnen'.")
else:
    st.dataframe(
        table.assign(themes=table["themes"].map(", ".join), buurt=table["buurt_code"].map(
                         lambda b: data.area_name(b) if b else None),
                     visibility=table["visibility"].map(lambda v: ASSET_VISIBILITY.get(v, v) if v else None))[
            ["name", "category_label", "owner", "owner_type", "buurt", "themes", "visibility", "buurt_code"]].rename(
            columns={"category_label": "Categorie", "name": "Bron", "owner": "Eigenaar", "owner_type": "Soort eigenaar",
                     "buurt": "Buurt", "themes": "Thema's", "visibility": "Zichtbaar voor", "buurt_code": "Buurtcode"}),
        hide_index=True, placeholder="–", column_config=pinned("Bron"),
    )

if viewer.role in ("coordinator", "professional"):
    st.header("Verbinders")
    st.markdown(
        "Wie verbindt bewoners en professionals? Gemeten als tussenpositie (betweenness) alleen over de kortste "
        "paden tussen een bewoner en een professional: hoeveel van zulke paren via deze persoon lopen "
        "(Gould & Fernandez, 1989; Brandes, 2008). Kortste betekent hier: de kleinste afstand, niet de minste "
        "stappen. Een sterke relatie (vaak samen in een activiteit) is kort, een zwakke lang (afstand = 1 / sterkte): "
        "twee sterke relaties kunnen dus een kortere weg zijn dan één zwakke directe."
    )
    conn = people_data.connectors(filters.current())
    if conn.empty:
        st.info("Binnen deze filters zijn er geen paden tussen bewoners en professionals.")
    else:
        st.dataframe(
            dutch_table(conn.assign(kind=conn["kind"].map(lambda k: PERSON_KINDS.get(k, k)))[
                ["label", "kind", "resident_ties", "professional_ties", "brokerage", "share"]].rename(columns={
                "label": "Naam", "kind": "Soort", "resident_ties": "Contacten met bewoners",
                "professional_ties": "Contacten met professionals", "brokerage": "Verbindende paren",
                "share": "Aandeel van alle paren"}), {"Verbindende paren": 1, "Aandeel van alle paren": 3}),
            hide_index=True,
        )
