"""Overzicht: key figures of the latest period, with the change against the period before."""

from __future__ import annotations

import streamlit as st

from dashboard import data, filters, glossary
from dashboard.labels import LOWER_IS_BETTER, SUMMARY, decimals_for, fmt_delta
from dashboard.session import current_viewer
from netwerk.services import network
from netwerk.text import fmt_number

st.title("Overzicht")
st.markdown(
    "Wie werkt met wie samen in de buurt? Deze pagina toont de kengetallen van het netwerk in de "
    "laatste afgesloten periode, en hoeveel ze veranderden ten opzichte van de periode daarvoor. "
    "Een relatie is hier een **werkrelatie**: samen in een kleine activiteit (hoogstens 8 deelnemers), "
    "herhaald samen in grotere, of een melding dat men elkaar kent. Zie *Begrippen* onderaan."
)
data.require_data()

flt = filters.current()
freq = filters.freq("Periode", "overzicht_freq")
choices = data.overview(flt, freq).choices
AUTO = "Laatste afgesloten periode"
picked = st.selectbox("Toon periode", [AUTO, *reversed(choices)], key=f"overzicht_periode_{freq}")
ov = data.overview(flt, freq, None if picked == AUTO else picked)

if not ov.current:
    st.info("Binnen deze filters zijn er geen activiteiten of relaties. Verruim de filters in de zijbalk.")
else:
    if ov.previous_label and ov.previous:
        st.subheader(f"{ov.period_label}, vergeleken met {ov.previous_label}")
    else:
        st.subheader(ov.period_label)
        st.caption("Er is geen eerdere periode om mee te vergelijken.")
    if ov.note:
        st.caption(ov.note)
    keys = [k for k in SUMMARY if k in ov.current]
    for row_start in range(0, len(keys), 4):  # one row of four at a time: a row's cards share their top edge
        for column, key in zip(st.columns(4), keys[row_start:row_start + 4], strict=False):
            label, explanation = SUMMARY[key]
            value = ov.current[key]
            previous = ov.previous.get(key) if ov.previous else None
            delta, colour, arrow = None, "off", "off"
            if previous is not None and (isinstance(value, str) or isinstance(previous, str)):
                # A withheld count ("<5", "afgeschermd") has no meaningful change; the line keeps the cards level.
                delta = "niet te vergelijken"
            elif previous is not None:
                delta = fmt_delta(value, previous, decimals_for(key))
                if delta.lstrip("+-").strip("0,.") != "":
                    colour, arrow = ("inverse" if key in LOWER_IS_BETTER else "normal"), "auto"
            with column:
                st.metric(label, fmt_number(value, decimals_for(key)),  # "<5" as given
                          delta=delta, delta_color=colour, delta_arrow=arrow, help=explanation, border=True)

with st.expander("Gerichte relaties: wie meldt wie (kent) en wie beoordeelt wie (enquête)"):
    st.caption("Een gerichte relatie loopt van de een naar de ander. Wederkerigheid: het deel dat ook terug loopt "
               "(per relatie, per paar met een relatie, of per paar). Ingraad: door hoeveel anderen iemand genoemd wordt; "
               "uitgraad: hoeveel anderen iemand noemt. Dezelfde cijfers als `netwerk analyse`.")
    directed = data.directed_figures(flt).rename(columns={"network": "Netwerk", **network.DIRECTED_LABELS})
    # One column per network with counts and ratios mixed: shown as Dutch text ("<5" stays as it is).
    shown = directed.set_index("Netwerk").T.map(
        lambda v: v if isinstance(v, str) else fmt_number(v, 0 if v is None or float(v).is_integer() else 3))
    st.dataframe(shown.reset_index(names="Maat"), hide_index=True)
glossary.show("Begrippen: wat betekenen deze getallen?")
st.caption("Groen betekent groei in de goede richting; bij *Losse delen* en *Zonder werkrelatie* is minder beter.")

counts = data.store_totals()
st.subheader("Alles wat is vastgelegd")
st.caption("Alle gegevens in de database, zonder filters."
           + (" Aantallen onder de 5 staan als <5, andere zijn afgerond op vijftallen."
              if current_viewer().role == "bestuurder" else ""))
totals = [
    ("Personen", counts.get("persons", 0)),
    ("Organisaties", counts.get("organisations", 0)),
    ("Activiteiten", counts.get("activities", 0)),
    ("Deelnames", counts.get("participations", 0)),
]
for column, (label, value) in zip(st.columns(4), totals, strict=True):
    column.metric(label, fmt_number(value))
