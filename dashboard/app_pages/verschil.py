"""Verschil: what changed between two moments, two survey rounds or two periods, by
organisation: new, lost, stronger and weaker ties, newly connected organisations,
brokerage and trust per pair."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard import data, filters, glossary, trust_data
from dashboard.figures import figure
from dashboard.labels import dutch_table
from dashboard.safe import md
from dashboard.session import current_viewer
from netwerk.services import growth_change
from netwerk.text import SEPARATORS, counted, fmt_number

st.title("Verschil")
st.markdown(
    "Wat veranderde er tussen twee momenten, en is dat meer dan toeval? Kies twee evaluatierondes of twee perioden. "
    "Alles staat per organisatie: een relatie tussen twee organisaties bestaat als hun mensen samenwerkten "
    "(perioden) of als ze elkaar een samenwerkingsniveau van 1 of hoger gaven (rondes)."
)
data.require_data()

kind = st.radio("Vergelijk", ["rounds", "periods"], horizontal=True, key="verschil_soort",
                format_func={"rounds": "Twee rondes", "periods": "Twee perioden"}.get)
diff = None
if kind == "rounds":
    rounds = trust_data.survey_rounds()
    if len(rounds) < 2:
        st.info("Er zijn minder dan twee evaluatierondes om te vergelijken.")
        st.stop()
    a, b = filters.round_pair(rounds, "Eerste moment", "Tweede moment", key="verschil_ronde")
    diff = trust_data.compare_rounds(a, b)
    moment = ("rounds", a, b)
else:
    freq = filters.freq("Indeling", "verschil_freq")
    choices = trust_data.period_choices(freq)
    if len(choices) < 2:
        st.info("Er zijn minder dan twee perioden met activiteiten om te vergelijken.")
        st.stop()
    labels = [c[0] for c in choices]
    c1, c2 = st.columns(2)
    a = c1.selectbox("Eerste periode", labels, index=0, key=f"verschil_periode_a_{freq}")
    b = c2.selectbox("Tweede periode", labels, index=len(labels) - 1, key=f"verschil_periode_b_{freq}")
    pa, pb = (next(c for c in choices if c[0] == x) for x in (a, b))
    diff = trust_data.compare_periods((pa[1], pa[2]), (pb[1], pb[2]))
    moment = ("periods", pa[1], pa[2], pb[1], pb[2])


st.subheader("Is de groei meer dan toeval?")
levels = ["organisation", "sector"]
if current_viewer().role != "bestuurder" and kind == "periods":
    levels.append("person")  # bestuurders see organisations and sectors only; rounds rate organisations
level = st.radio("Niveau", levels, horizontal=True, key=f"verschil_niveau_{kind}",
                 format_func={"organisation": "Organisaties", "sector": "Sectoren",
                              "person": "Personen (werkrelaties)"}.get)
change = trust_data.growth_change(*((a, b) if kind == "rounds" else (pa[0], pb[0])), level)
st.markdown(f"**{md(change.headline)}**")
st.caption(md(" ".join(growth_change.describe(change))) + f" Geteld: {md(change.tie_label.lower())}.")


def shown(v, decimals: int = 2) -> str:
    """A figure as text: "<5" and "afgeschermd" as given, counts (int) without decimals, others with ``decimals``."""
    if isinstance(v, str):
        return v
    return fmt_number(v) if isinstance(v, int) else fmt_number(v, decimals)


# A static table wraps the verdicts, so each is read in full beside its numbers.
st.table(pd.DataFrame({
    "Cijfer": [f.label for f in change.figures],
    diff.before_label: [shown(f.before) for f in change.figures],
    diff.after_label: [shown(f.after) for f in change.figures],
    "Verschil": [shown(f.difference) for f in change.figures],
    "95%-interval van het verschil": [f.interval() for f in change.figures],
    "p-waarde": ["< 0,001" if f.p_value is not None and f.p_value < 0.001 else shown(f.p_value, 3)
                 for f in change.figures],
    "Oordeel": [f.verdict for f in change.figures],
}).style.hide(axis="index"))
st.caption(f"Een 95%-interval dat 0 niet bevat, betekent dat het verschil groter is dan toeval waarschijnlijk maakt. "
           f"Berekend met {fmt_number(change.n_samples)} steekproeven (seed {change.seed}).")

st.subheader("Wat er veranderde")
c = diff.counts
st.caption(f"Geteld: {diff.tie_label.lower()} (zie Begrippen onderaan). Nu {fmt_number(c['ties_after'])}, eerst "
           f"{fmt_number(c['ties_before'])}.")
cols = st.columns(5)
cols[0].metric("Nieuw verbonden paren", c["new"])
cols[1].metric("Verdwenen", c["lost"])
cols[2].metric("Sterker", c["stronger"])
cols[3].metric("Zwakker", c["weaker"])
cols[4].metric("Voor het eerst verbonden", c["newly_connected"])
for line in diff.narrative:
    st.markdown(f"- {md(line)}")



def before_after_figure():
    before_after = pd.DataFrame({
        "moment": [diff.before_label, diff.after_label],
        # A bestuurder's "<5" is no bar (None); the caption above shows it.
        diff.tie_label: [None if isinstance(v, str) else v for v in (c["ties_before"], c["ties_after"])],
    })
    if diff.means:
        before_after["Vertrouwen (1-4)"] = [diff.means["trust_before"], diff.means["trust_after"]]
        before_after["Waarde (1-4)"] = [diff.means["value_before"], diff.means["value_after"]]
    long = before_after.melt(id_vars="moment", var_name="maat", value_name="waarde")
    fig = px.bar(long, x="moment", y="waarde", color="moment", facet_col="maat", title="Voor en na",
                 labels={"waarde": "", "moment": ""})
    fig.update_layout(separators=SEPARATORS, height=340, margin={"t": 70, "b": 10, "l": 10, "r": 10}, showlegend=False)
    fig.update_yaxes(matches=None, showticklabels=True)
    fig.for_each_annotation(lambda a: a.update(text=a.text.split("=")[-1]))
    return fig


def pairs_figure():
    p = diff.pairs.dropna(subset=["trust_change"]).sort_values("trust_change", kind="mergesort")
    if not len(p):
        return None
    p = p.assign(paar=[f"{r} → {d}" for r, d in zip(p["rater"], p["rated"], strict=True)])
    fig = px.bar(p, x="trust_change", y="paar", orientation="h", title="Verandering in vertrouwen per paar",
                 labels={"trust_change": "Verschil in vertrouwen (schaal 1-4)", "paar": ""},
                 color="trust_change", color_continuous_scale="RdYlGn", range_color=(-1.5, 1.5))
    fig.update_layout(separators=SEPARATORS, height=max(340, 18 * len(p)), margin={"t": 50, "b": 10, "l": 10, "r": 10},
                      coloraxis_showscale=False)
    return fig


st.plotly_chart(figure("verschil_voor_na", before_after_figure, *moment), key="verschil_voor_na")
if len(diff.pairs):
    fig = figure("verschil_paren", pairs_figure, *moment)
    if fig is not None:
        st.plotly_chart(fig, key="verschil_paren")

st.subheader("Relaties die veranderden")
changed = diff.ties[diff.ties["change"] != "gelijk"]
st.dataframe(dutch_table(trust_data.dutch(changed)), hide_index=True, placeholder="–")
if diff.newly_connected:
    st.markdown("**Voor het eerst verbonden:** " + ", ".join(md(n) for n in diff.newly_connected))
st.subheader("Makelaarspositie per organisatie")
st.caption("Makelaarspositie (betweenness): hoe vaak een organisatie op de kortste weg tussen andere ligt. Beperking "
           "(Burt): hoe minder, hoe meer de organisatie losse groepen verbindt. Richting: volgens de makelaarspositie, "
           "bij een gelijke stand volgens de beperking. "
           f"{counted(c['brokerage_rose'], 'steeg', 'stegen')}, {counted(c['brokerage_fell'], 'daalde', 'daalden')}.")
st.dataframe(dutch_table(trust_data.dutch(diff.brokerage), 3), hide_index=True, placeholder="–")
if len(diff.pairs):
    st.subheader("Vertrouwen en waarde per paar organisaties")
    st.dataframe(dutch_table(trust_data.dutch(diff.pairs)), hide_index=True, placeholder="–")
st.caption(f"Vergeleken: {md(diff.before_label)} en {md(diff.after_label)}. Scores op een schaal van 1 tot 4; "
           f"een verschil van {fmt_number(0.5, 1)} is {fmt_number(12.5, 1)} procentpunt van het maximum.")

glossary.show()
