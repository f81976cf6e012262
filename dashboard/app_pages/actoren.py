"""Actoren: network measures per person, sortable and downloadable."""

from __future__ import annotations

import streamlit as st

from dashboard import data, filters, glossary
from dashboard.labels import ACTOR_COLUMNS, MEASURE_HELP, dutch_table, is_styled
from graph_schema import PERSON_KINDS, SECTORS
from netwerk.spreadsheet import formula_safe
from netwerk.text import counted

st.title("Actoren")
st.markdown(
    "Wie verbindt, wie staat centraal, wie staat aan de rand? Klik op een kolomkop om te sorteren. "
    "De tabel begint met de sterkste makelaars (hoogste makelaarspositie)."
)
data.require_data()

flt = filters.current()
table = data.actor_table(flt)

if table.empty:
    st.info("Binnen deze filters zijn er geen personen. Verruim de filters in de zijbalk.")
else:
    shown = table.assign(
        kind=table["kind"].map(lambda k: PERSON_KINDS.get(k, k)),
        sector=table["sector"].map(lambda k: SECTORS.get(k, k)),
    ).rename(columns=ACTOR_COLUMNS)
    number = st.column_config.NumberColumn
    config = {
        ACTOR_COLUMNS["degree"]: number(help=MEASURE_HELP["degree"]),
        ACTOR_COLUMNS["weighted_degree"]: number(help=MEASURE_HELP["weighted_degree"]),
        ACTOR_COLUMNS["betweenness"]: number(help=MEASURE_HELP["betweenness"]),
        ACTOR_COLUMNS["eigenvector"]: number(help=MEASURE_HELP["eigenvector"]),
        ACTOR_COLUMNS["constraint"]: number(help=MEASURE_HELP["constraint"]),
        ACTOR_COLUMNS["effective_size"]: number(help=MEASURE_HELP["effective_size"]),
        ACTOR_COLUMNS["community"]: st.column_config.Column(help=MEASURE_HELP["community"]),
        ACTOR_COLUMNS["name"]: st.column_config.Column(pinned=True),  # the key column stays in view
    }
    st.caption(f"{counted(len(shown), 'persoon', 'personen')}.")
    if not is_styled(shown):
        st.caption("De tabel is groot: getallen staan in de notatie van uw browser (punt als decimaalteken). "
                   "De CSV-download hieronder gebruikt de Nederlandse notatie.")
    decimals = {ACTOR_COLUMNS[k]: d for k, d in (("weighted_degree", 1), ("betweenness", 3), ("eigenvector", 3),
                                                  ("constraint", 3), ("effective_size", 2))}
    st.dataframe(dutch_table(shown, decimals), hide_index=True, column_config=config, placeholder="–")
    # Dutch Excel opens this directly: semicolons, decimal comma, UTF-8 with BOM. Built only
    # when clicked (a callable), so a rerun of the page does not write the whole table again.
    st.download_button(
        "Download als CSV",
        lambda: formula_safe(shown).to_csv(sep=";", decimal=",", index=False).encode("utf-8-sig"),
        file_name="buurtnetwerk-actoren.csv",
        mime="text/csv",
        on_click="ignore",
    )

with st.expander("Wat betekenen de maten?", expanded=False):
    st.markdown(
        "\n".join(f"- **{ACTOR_COLUMNS[key]}**: {text}" for key, text in MEASURE_HELP.items())
        + "\n\nBronnen: Freeman (1977) voor betweenness; Burt (1992), *Structural Holes*, voor constraint en "
        "effectieve omvang; Blondel e.a. (2008) voor Louvain."
    )

glossary.show()
