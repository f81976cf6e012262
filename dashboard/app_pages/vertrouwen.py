"""Vertrouwen: trust and value per survey round (PARTNER tool), the organisation x
organisation matrix and the Himmelman levels of collaboration."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboard import data, trust_data
from dashboard.figures import figure
from dashboard.labels import dutch_table, pinned
from dashboard.safe import md
from dashboard.session import current_viewer
from netwerk.text import SEPARATORS, fmt_number

st.title("Vertrouwen")
st.markdown(
    "Hoe beoordelen partners elkaar? Per ronde (nulmeting, jaarevaluatie) scoort elke beoordelaar zijn relaties op "
    "**vertrouwen** (betrouwbaarheid, gedeelde missie, openheid) en **waarde** (invloed, betrokkenheid, middelen), "
    "elk van 1 (helemaal niet) tot 4 (in hoge mate), volgens de PARTNER-methode."
)
data.require_data()
viewer = current_viewer()

rounds = trust_data.survey_rounds()
if rounds.empty:
    st.info("Er zijn nog geen evaluatierondes. Importeer een bestand met rondes en beoordelingen "
            "(`netwerk template rondes`, `netwerk template beoordelingen`) of een enquête-export.")
    st.stop()

labels = dict(zip(rounds["round_id"], rounds["name"], strict=True))
ids = list(rounds["round_id"])
round_id = st.selectbox("Ronde", ids, index=len(ids) - 1, format_func=labels.get, key="vertrouwen_ronde")
level = "organisation"
if viewer.role != "bestuurder":
    level = st.radio("Niveau", ["organisation", "actor"], horizontal=True, key="vertrouwen_niveau",
                     format_func={"organisation": "Organisaties", "actor": "Personen en organisaties"}.get,
                     help="Bij 'Organisaties' tellen personen mee via hun organisatie.")
else:
    st.caption("U ziet alleen cijfers per organisatie en sector; aantallen onder de 5 staan als <5, andere zijn "
               "afgerond op vijftallen; cijfers die uit een aantal onder de 5 volgen zijn afgeschermd.")
rv = trust_data.round_view(round_id, level)
s = rv.summary

cols = st.columns(5)
cols[0].metric("Beoordelingen", s["ratings"])
cols[1].metric("Dichtheid", fmt_number(s["density"], 2), help="Deel van alle mogelijke gerichte beoordelingen dat er is.")
cols[2].metric("Wederkerigheid", fmt_number(s["reciprocity"], 2),
               help="Deel van de beoordelingen dat ook andersom gegeven is.")


def _score(mean, pct) -> str:
    """A mean score with its share of the maximum; a withheld one ("afgeschermd") as it is."""
    return mean if isinstance(mean, str) else f"{fmt_number(mean, 1)} ({fmt_number(pct, 0)}%)"


cols[3].metric("Vertrouwen", _score(s["mean_trust"], s["mean_trust_pct"]),
               help="Gemiddelde van betrouwbaarheid, gedeelde missie en openheid (1-4), en als % van het maximum.")
cols[4].metric("Waarde", _score(s["mean_value"], s["mean_value_pct"]),
               help="Gemiddelde van invloed, betrokkenheid en middelen (1-4), en als % van het maximum.")
lines, low_response = trust_data.response_notes([round_id], {round_id: rv.name})
st.caption(lines[0])
if low_response:
    st.warning(low_response)
if rv.incomplete_note:
    st.warning(md(rv.incomplete_note))

measure = st.radio("Matrix", ["trust", "value"], horizontal=True, key="vertrouwen_maat",
                   format_func={"trust": "Vertrouwen", "value": "Waarde"}.get)
M = rv.trust_matrix if measure == "trust" else rv.value_matrix


def matrix_figure():
    fig = px.imshow(M, zmin=1, zmax=4, color_continuous_scale="RdYlGn", aspect="auto", text_auto=".1f",
                    labels={"x": "Beoordeelde organisatie", "y": "Beoordelaar", "color": "Score (1-4)"},
                    title=f"{'Vertrouwen' if measure == 'trust' else 'Waarde'} tussen organisaties, {rv.name}")
    fig.update_layout(separators=SEPARATORS, height=520, margin={"t": 50, "b": 10, "l": 10, "r": 10})
    return fig


def himmelman_figure():
    hm = rv.himmelman
    fig = px.bar(hm, x="label", y="share", text=[str(c) for c in hm["count"]],
                 labels={"label": "Niveau van samenwerking (Himmelman)", "share": "Aandeel van de beoordelingen"},
                 title="Niveau van samenwerking")
    fig.update_layout(separators=SEPARATORS, yaxis_tickformat=".0%", height=340, margin={"t": 50, "b": 10, "l": 10, "r": 10})
    return fig


if len(M):
    st.plotly_chart(figure("vertrouwen_matrix", matrix_figure, round_id, level, measure), key="vertrouwen_matrix")
else:
    st.info("In deze ronde zijn er geen beoordelingen tussen organisaties.")
st.plotly_chart(figure("vertrouwen_himmelman", himmelman_figure, round_id, level), key="vertrouwen_himmelman")
st.caption("Niveau van samenwerking volgens Himmelman, zoals de organisaties het zelf opgeven: netwerken (informatie "
           "delen), coördineren (ook activiteiten afstemmen), samenwerken (ook middelen delen) en samen optrekken (ook "
           "elkaar sterker maken). Het getal op een staaf is het aantal beoordelingen; een staaf met <5 heeft geen "
           "aandeel, want dat zou het aantal verraden.")

st.subheader("Ontvangen en gegeven per " + ("organisatie" if level == "organisation" else "persoon of organisatie"))
st.dataframe(dutch_table(trust_data.dutch(rv.actors, drop=("actor_id",))), hide_index=True, placeholder="–",
             column_config=pinned("Naam"))
