"""Groei: how the network develops, per month, quarter or year."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

import graph_schema as gs
from dashboard import data, filters, glossary, trust_data
from dashboard.labels import SUMMARY, decimals_for, dutch_table, pinned
from dashboard.safe import inert_figure, md
from dashboard.session import current_viewer
from netwerk.access import suppress_small
from netwerk.palette import BACKGROUND_COLOUR, EDGE_COLOUR, MISSING_COLOUR, NEW_COLOUR
from netwerk.services.report import record_download
from netwerk.text import SEPARATORS, fmt_count

st.title("Groei")
st.markdown(
    "Hoe groeien vertrouwen en samenwerking? Elke periode laat het netwerk zien van de activiteiten "
    "in die periode: wie deed mee, hoeveel werkrelaties er waren, en hoeveel organisaties daardoor verbonden zijn. "
    "Een werkrelatie is samen in een kleine activiteit, herhaald samen in grotere, of elkaar kennen (zie *Begrippen*)."
)
data.require_data()

flt = filters.current()
freq = filters.freq("Indeling", "groei_freq")
table = data.growth_table(flt, freq)

CHARTS: list[tuple[str, list[str], str]] = [
    ("Personen en werkrelaties", ["persons", "ties"], "Aantal"),
    ("Verbonden organisatieparen", ["organisation_ties"], "Aantal paren organisaties"),
    ("Werkrelaties tussen professionals van verschillende organisaties", ["cross_org_ties"], "Aantal werkrelaties"),
    ("Gemiddeld aantal werkrelaties per persoon", ["average_degree"], "Werkrelaties per persoon"),
    ("Dichtheid (werkrelaties)", ["density"], "Dichtheid (0–1)"),
    ("Losse delen", ["components"], "Aantal losse delen"),
]


def _chart(frame: pd.DataFrame, title: str, keys: list[str], y_title: str):
    long = frame.melt(id_vars=["period"], value_vars=keys, var_name="maat", value_name="waarde")
    long["waarde"] = pd.to_numeric(long["waarde"], errors="coerce")  # "<5" is not drawn
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
    fig.update_layout(separators=SEPARATORS, margin={"t": 50, "b": 10, "l": 10, "r": 10}, legend_title_text="", height=340)
    if len(keys) == 1:
        fig.update_layout(showlegend=False)
    if not {"density", "average_degree"} & set(keys):
        fig.update_yaxes(tickformat=",d")  # counts: 1.500 (thousands dot with the separators above)
    return fig


def _padded(values: pd.Series, share: float) -> list[float]:
    """An axis range around ``values`` with ``share`` of their span added on both sides (room for the labels)."""
    lo, hi = float(values.min()), float(values.max())
    pad = share * ((hi - lo) or 1.0)
    return [lo - pad, hi + pad]


if table.empty:
    st.info("Binnen deze filters zijn er geen activiteiten om per periode te tellen.")
else:
    present = [(t, [k for k in keys if k in table.columns], y) for t, keys, y in CHARTS]
    present = [c for c in present if c[1]]
    for row_start in range(0, len(present), 2):
        for column, (title, keys, y_title) in zip(st.columns(2), present[row_start : row_start + 2], strict=False):
            if not pd.to_numeric(table[keys].stack(), errors="coerce").notna().any():
                column.markdown(f"**{title}**")
                column.info("Alle aantallen zijn 1 tot 4 en staan daarom als \"<5\" in de tabel; er is niets te tekenen.")
                continue
            column.plotly_chart(_chart(table, title, keys, y_title), key=f"groei_{keys[0]}")
    if table.isin(["<5"]).any().any():
        st.caption("Aantallen van 1 tot 4 staan als \"<5\" in de tabel en zijn niet in de grafieken getekend; "
                   "andere aantallen zijn afgerond op vijftallen en verhoudingen berekend uit de afgeronde "
                   "aantallen (zoals het CBS doet).")
    with st.expander("Tabel per periode"):
        shown = table.rename(columns={"period": "Periode", "period_start": "Begin", "period_end": "Eind"})
        shown = shown.rename(columns={k: label for k, (label, _) in SUMMARY.items()})
        st.dataframe(dutch_table(shown, {SUMMARY[k][0]: decimals_for(k) for k in SUMMARY}), hide_index=True,
                     placeholder="–", column_config=pinned("Periode"))
glossary.show()


# --- organisations over time, trust between rounds and the bestuurders' report ---------------


def _line_trace(frame: pd.DataFrame, pos: dict, colour: str, width: float, name: str) -> go.Scatter:
    xs: list = []
    ys: list = []
    for r in frame.itertuples(index=False):
        xs += [pos[r.source][0], pos[r.target][0], None]
        ys += [pos[r.source][1], pos[r.target][1], None]
    return go.Scatter(x=xs, y=ys, mode="lines", line={"width": width, "color": colour}, hoverinfo="skip",
                      showlegend=False, name=name)


def org_network_figure(nodes: pd.DataFrame, edges: pd.DataFrame, chosen: str, colours: dict[str, str]) -> go.Figure:
    """One period of the organisation time-lapse: organisations at their fixed positions in
    their own colour (:func:`dashboard.data.organisation_colours`), old ties grey, new ties
    and newly connected organisations (``new``) in :data:`netwerk.palette.NEW_COLOUR`."""
    pos = {r.org_id: (r.x, r.y) for r in nodes.itertuples(index=False)}
    fig = go.Figure()
    fig.add_trace(_line_trace(edges[~edges["new"]], pos, EDGE_COLOUR, 1, "verbinding"))
    fig.add_trace(_line_trace(edges[edges["new"]], pos, NEW_COLOUR, 3.5, "nieuwe verbinding"))
    sectors = [gs.SECTORS.get(s, s) for s in nodes["sector"]]
    fig.add_trace(go.Scatter(
        x=nodes["x"], y=nodes["y"], mode="markers+text", text=nodes["organisation"], textposition="top center",
        customdata=nodes["org_id"],
        marker={"size": [12 + 3 * d for d in nodes["degree"]],
                "color": [colours.get(str(o), MISSING_COLOUR) for o in nodes["org_id"]],
                "line": {"color": [NEW_COLOUR if n else BACKGROUND_COLOUR for n in nodes["new"]],
                         "width": [4 if n else 1 for n in nodes["new"]]}},
        hovertext=[f"{o} ({s}): {d} verbonden organisaties{' (nieuw verbonden)' if n else ''}"
                   for o, s, d, n in zip(nodes["organisation"], sectors, nodes["degree"], nodes["new"], strict=True)],
        hoverinfo="text", showlegend=False, name="organisaties",
    ))
    fig.update_layout(title=f"Organisatienetwerk {chosen}", height=480, margin={"t": 50, "b": 10, "l": 10, "r": 10},
                      xaxis={"visible": False, "range": _padded(nodes["x"], 0.3)},
                      yaxis={"visible": False, "range": _padded(nodes["y"], 0.15)}, plot_bgcolor="white")
    return fig


def _count(n: int) -> str:
    """A count under the time-lapse as the viewer may see it: for a bestuurder rounded like the
    growth chart above (:func:`netwerk.access.suppress_small`: "<5", else to fives)."""
    shown = suppress_small(current_viewer(), n)
    return shown if isinstance(shown, str) else fmt_count(shown)


st.header("Samenwerking tussen organisaties")
st.caption("Twee organisaties zijn verbonden als minstens één werkrelatie in de periode loopt tussen iemand van de ene "
           "en iemand van de andere organisatie. Schuif door de perioden om het netwerk te zien groeien (zonder de "
           "filters van de zijbalk).")
frames = trust_data.org_network_by_period(freq)
if frames:
    period_labels = [f[0] for f in frames]
    chosen = st.select_slider("Periode", period_labels, value=period_labels[-1], key=f"groei_tijdreeks_{freq}")
    index = period_labels.index(chosen)
    nodes, edges = frames[index][1], frames[index][2]
    st.plotly_chart(inert_figure(org_network_figure(nodes, edges, chosen, data.organisation_colours())),
                    key="groei_organisatienetwerk")
    connected = int((nodes["degree"] > 0).sum())
    pairs, orgs = _count(len(edges)), _count(connected)
    st.caption(f"{chosen}: {pairs} {'verbonden organisatiepaar' if pairs == '1' else 'verbonden organisatieparen'}"
               f" tussen {orgs} {'organisatie' if orgs == '1' else 'organisaties'}.")
    if index == 0:
        st.caption("Dit is de eerste periode: er is geen vorige om mee te vergelijken.")
    else:
        new_orgs, new_ties = _count(int(nodes["new"].sum())), _count(int(edges["new"].sum()))
        st.caption(f"Nieuw ten opzichte van {period_labels[index - 1]}: {new_ties} "
                   f"{'verbinding' if new_ties == '1' else 'verbindingen'} (dikke oranjerode lijnen) en {new_orgs} "
                   f"{'organisatie' if new_orgs == '1' else 'organisaties'} die voor het eerst verbonden "
                   f"{'is' if new_orgs == '1' else 'zijn'} (oranjerode ring). Elke organisatie staat in elke periode op "
                   "dezelfde plek en houdt op elke pagina dezelfde kleur.")

rounds = trust_data.survey_rounds()
round_a = round_b = None
if len(rounds) >= 2:
    st.header("Vertrouwen tussen twee rondes")
    round_a, round_b = filters.round_pair(rounds, "Eerste ronde", "Tweede ronde", key="groei_ronde")
    rdiff = trust_data.compare_rounds(round_a, round_b)
    for line in rdiff.narrative:
        st.markdown(f"- {md(line)}")
    st.caption("Meer op de pagina's Vertrouwen, Verschil en Inzet.")

st.header("Rapport voor bestuurders")
st.caption("De eerste pagina zegt in gewone woorden wat groeide, wat niet, wat het betekent en wat u kunt besluiten; "
           "daarna volgen groei per kwartaal, vertrouwen per ronde, wat er veranderde en toezeggingen naast deelname, "
           "voor het gekozen paar rondes. Alleen cijfers per organisatie en sector (aantallen onder de 5 als <5, andere "
           "afgerond op vijftallen). De PDF is op A4 om te printen; Excel bevat dezelfde eerste pagina en de tabellen.")


def _log_download(fmt: str) -> None:
    record_download(current_viewer(), data.store(), fmt)


# Made when asked for (it takes a while at city size), then kept for this data version and offered at once.
if trust_data.report_ready(round_a, round_b) or st.button(
        "Rapport maken", key="groei_rapport_maken",
        help="Maakt de PDF en het Excel-bestand met de cijfers van nu; daarna kunt u ze downloaden."):
    report_pdf, report_xlsx = trust_data.report_files(round_a, round_b)
    d1, d2 = st.columns(2)
    d1.download_button("Rapport (PDF, A4)", report_pdf, file_name="bestuurdersrapport.pdf", mime="application/pdf",
                       key="groei_rapport_pdf", on_click=_log_download, args=("pdf",))
    d2.download_button("Tabellen (Excel)", report_xlsx, file_name="bestuurdersrapport.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="groei_rapport_xlsx", on_click=_log_download, args=("xlsx",))
