"""Inzet: what organisations committed at the bestuurdersoverleg beside what their
professionals did, per period."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboard import data, filters, trust_data
from dashboard.figures import figure
from dashboard.labels import dutch_table
from netwerk.palette import MISSING_COLOUR
from netwerk.text import SEPARATORS

st.title("Inzet")
st.markdown(
    "Wat zegden organisaties toe in het bestuurdersoverleg (uren per maand), en hoe vaak deden hun professionals "
    "mee aan activiteiten? Activiteiten hebben geen duur, dus deelname wordt **geteld**, niet in uren gemeten: "
    "vergelijk de trend, niet de getallen."
)
data.require_data()

commitments = trust_data.commitments_table()
if commitments.empty:
    st.info("Er zijn nog geen toezeggingen vastgelegd. Importeer een bestand 'toezeggingen' "
            "(`netwerk template toezeggingen`: organisatie, uren per maand, datum, omschrijving).")
else:
    st.subheader("Toezeggingen")
    st.dataframe(dutch_table(trust_data.dutch(commitments, drop=("commitment_id",)), 1), hide_index=True, placeholder="–")

freq = filters.freq("Indeling", "inzet_freq")
table = trust_data.commitments_vs_participation(freq)
if table.empty:
    st.info("Er zijn geen activiteiten om deelname per periode te tellen.")
    st.stop()

orgs = list(dict.fromkeys(table["organisation"]))
chosen = st.multiselect("Organisaties", orgs, default=orgs[: min(6, len(orgs))], key="inzet_organisaties",
                        placeholder="Kies organisaties")
shown = table[table["organisation"].isin(chosen)] if chosen else table
c1, c2 = st.columns(2)
# One colour per organisation, the same as on the Netwerkkaart, Groei and in the report (netwerk.palette).
by_id = data.organisation_colours()
org_colours = {name: by_id.get(str(o), MISSING_COLOUR) for o, name in zip(table["org_id"], table["organisation"],
                                                                          strict=True)}


def hours_figure():
    fig = px.line(shown, x="period", y="committed_hours_per_month", color="organisation", markers=True,
                  color_discrete_map=org_colours,
                  title="Toegezegde uren per maand",
                  labels={"period": "Periode", "committed_hours_per_month": "Uren per maand", "organisation": "Organisatie"})
    fig.update_xaxes(type="category")
    fig.update_layout(separators=SEPARATORS, height=360, margin={"t": 50, "b": 10, "l": 10, "r": 10})
    return fig


def participation_figure():
    counts = shown.assign(deelnames=[None if isinstance(v, str) else v for v in shown["participations"]])
    fig = px.bar(counts, x="period", y="deelnames", color="organisation", barmode="group",
                 color_discrete_map=org_colours,
                 title="Deelnames van professionals",
                 labels={"period": "Periode", "deelnames": "Deelnames", "organisation": "Organisatie"})
    fig.update_xaxes(type="category")
    fig.update_layout(separators=SEPARATORS, height=360, margin={"t": 50, "b": 10, "l": 10, "r": 10})
    return fig


c1.plotly_chart(figure("inzet_uren", hours_figure, freq, tuple(chosen)), key="inzet_uren")
c2.plotly_chart(figure("inzet_deelname", participation_figure, freq, tuple(chosen)), key="inzet_deelname")
if any(isinstance(v, str) for v in shown["participations"]):
    st.caption("Aantallen onder de 5 staan in de tabel als <5 en ontbreken in de grafiek; andere aantallen zijn "
               "afgerond op vijftallen.")
with st.expander("Tabel per periode"):
    st.dataframe(dutch_table(trust_data.dutch(shown, drop=("org_id", "period_start", "period_end")), 1), hide_index=True,
                 placeholder="–")
