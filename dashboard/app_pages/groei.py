"""Groei: how the network develops, per month, quarter or year."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard import data, filters
from dashboard.labels import FREQS, SUMMARY

st.title("Groei")
st.markdown(
    "Hoe groeien vertrouwen en samenwerking? Elke periode laat het netwerk zien van de activiteiten "
    "in die periode: wie deed mee, hoeveel relaties ontstonden, en hoeveel daarvan organisaties verbinden."
)
data.require_data()

flt = filters.current()
freq = st.radio("Indeling", list(FREQS), format_func=FREQS.get, horizontal=True, key="groei_freq")
table = data.growth_table(flt, freq)

CHARTS: list[tuple[str, list[str], str]] = [
    ("Personen en relaties", ["persons", "ties"], "Aantal"),
    ("Relaties tussen organisaties", ["cross_org_ties"], "Aantal relaties"),
    ("Dichtheid", ["density"], "Dichtheid (0–1)"),
    ("Losse delen", ["components"], "Aantal losse delen"),
]


def _chart(frame: pd.DataFrame, title: str, keys: list[str], y_title: str):
    long = frame.melt(id_vars=["period"], value_vars=keys, var_name="maat", value_name="waarde")
    long["maat"] = long["maat"].map(lambda k: SUMMARY[k][0])
    fig = px.line(
        long,
        x="period",
        y="waarde",
        color="maat",
        markers=True,
        title=title,
        labels={"period": "Periode", "waarde": y_title, "maat": "Maat"},
    )
    fig.update_xaxes(type="category")
    fig.update_layout(separators=",.", margin={"t": 50, "b": 10, "l": 10, "r": 10}, legend_title_text="", height=340)
    if len(keys) == 1:
        fig.update_layout(showlegend=False)
    return fig


if table.empty:
    st.info("Binnen deze filters zijn er geen activiteiten om per periode te tellen.")
else:
    present = [(t, [k for k in keys if k in table.columns], y) for t, keys, y in CHARTS]
    present = [c for c in present if c[1]]
    for row_start in range(0, len(present), 2):
        for column, (title, keys, y_title) in zip(st.columns(2), present[row_start : row_start + 2], strict=False):
            column.plotly_chart(_chart(table, title, keys, y_title), key=f"groei_{keys[0]}")
    with st.expander("Tabel per periode"):
        shown = table.rename(columns={"period": "Periode", "period_start": "Begin", "period_end": "Eind"})
        shown = shown.rename(columns={k: label for k, (label, _) in SUMMARY.items()})
        st.dataframe(shown, hide_index=True)
