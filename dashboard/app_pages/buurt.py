"""Buurt: CBS Kerncijfers per gebied beside the network measures of that gebied.

Codes are the key; a name that is not CBS's own is shown with "(naam onzeker)". For
bestuurders the service returns network counts below 5 as "<5"."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard import data, filters
from dashboard.labels import dutch_table, pinned
from dashboard.safe import inert_figure, md
from dashboard.session import current_viewer
from netwerk.ingest.cbs import CBS_TABLE, indicator_label
from netwerk.services import areas as area_service
from netwerk.text import fmt_number

LEVELS = {"wijk": "Wijken", "buurt": "Buurten", "gemeente": "Gemeente", "alle": "Alle gebieden"}
NETWORK_LABELS = {
    "activities": "Activiteiten",
    "residents": "Bewoners betrokken",
    "professionals": "Professionals betrokken",
    "anonymous_participants": "Anonieme deelnemers",
    "organisations": "Organisaties actief",
    "residents_living": "Bewoners vastgelegd (woont hier)",
    "persons": "Deelnemers",
    "ties": "Samenwerkingsrelaties",
    "density": "Dichtheid samenwerkingsnetwerk",
    "residents_per_1000": "Betrokken bewoners per 1.000 inwoners",
}


SOURCE = (f"Bron kerncijfers: CBS, Kerncijfers wijken en buurten 2024 (StatLine-tabel {CBS_TABLE}), licentie CC BY 4.0. "
          "Namen met “(naam onzeker)” komen niet van CBS maar zijn afgeleid: controleer ze; de code is de sleutel.")


st.title("Buurt")
st.markdown(
    "De kerncijfers van CBS per gemeente, wijk en buurt naast wat er in het netwerk gebeurt: activiteiten, "
    "betrokken bewoners en professionals, actieve organisaties en hoe dicht het samenwerkingsnetwerk is."
)
viewer = current_viewer()
table = data.area_overview(filters.current())

if table.empty:
    if data.is_empty():
        st.info(data.EMPTY_STORE_MESSAGE)
    else:
        st.info("Er zijn nog geen gebieden: importeer de CBS-kerncijfers als gebiedenbestand (leeg sjabloon: "
                "`netwerk template gebieden`) of leg bij activiteiten en personen een buurtcode vast.")
    st.stop()

if viewer.role == "bestuurder":
    st.caption("Aantallen van 1 tot en met 4 staan als “<5”, andere aantallen zijn afgerond op vijftallen en "
               "verhoudingen berekend uit de afgeronde aantallen, zoals CBS dat ook doet.")

indicator_keys = [c for c in table.columns if c not in area_service.AREA_COLUMNS and c not in NETWORK_LABELS
                  and c not in area_service.COUNT_COLUMNS]

present = [lv for lv in ("wijk", "buurt", "gemeente") if (table["level"] == lv).any()]
level = st.radio("Niveau", [*present, "alle"], horizontal=True, key="buurt_niveau", format_func=LEVELS.get)
shown = table if level == "alle" else table[table["level"] == level]

# --- one area in detail -----------------------------------------------------------------
options = shown["code"].tolist()
# The name first, the CBS code as detail: "Raalte (kern) (naam onzeker) (WK017701)"; a code without
# area data: "BU01770101 (geen gebiedsgegevens)".
titles = {c: f"{lab} ({c})" if isinstance(name, str) and name else f"{c} {lab}"
          for c, name, lab in zip(table["code"], table["name"], table["label"], strict=True)}
code = st.selectbox("Gebied", options, key="buurt_gebied", format_func=titles.get)
row = table[table["code"] == code].iloc[0]
st.subheader(md(titles[code]))
if row["name_uncertain"]:
    st.warning("De naam van dit gebied komt niet van CBS maar is afgeleid en kan onjuist zijn. De code is de sleutel.")
cols = st.columns(4)
cols[0].metric("Activiteiten", fmt_number(row["activities"]))
cols[1].metric("Bewoners betrokken", fmt_number(row["residents"]))
cols[2].metric("Professionals betrokken", fmt_number(row["professionals"]))
cols[3].metric("Organisaties actief", fmt_number(row["organisations"]))
cols = st.columns(4)
cols[0].metric("Dichtheid samenwerkingsnetwerk", fmt_number(row["density"], 2))
cols[1].metric("Inwoners (CBS)", fmt_number(row.get("AantalInwoners_5")))
cols[2].metric("Woningvoorraad (CBS)", fmt_number(row.get("Woningvoorraad_35")))
cols[3].metric("Bewoners per 1.000 inwoners", fmt_number(row["residents_per_1000"], 1))
cbs = [(indicator_label(k), fmt_number(row[k])) for k in indicator_keys if row[k] is not None and not pd.isna(row[k])]
if cbs:
    st.dataframe(pd.DataFrame(cbs, columns=["Kerncijfer (CBS)", "Waarde"]), hide_index=True)
else:
    st.info("Voor dit gebied zijn geen CBS-kerncijfers geladen (importeer een gebiedenbestand, soort 'gebieden').")

# --- all areas side by side ---------------------------------------------------------------
st.subheader(f"{LEVELS[level]} naast elkaar")
network_cols = ["activities", "residents", "professionals", "organisations", "density", "residents_per_1000"]
side = shown[["label", "code", *network_cols, *indicator_keys]].rename(
    columns={"code": "Code", "label": "Gebied", **NETWORK_LABELS, **{k: f"{indicator_label(k)} (CBS)" for k in indicator_keys}}
)
st.dataframe(dutch_table(side, {NETWORK_LABELS["density"]: 2, NETWORK_LABELS["residents_per_1000"]: 1}), hide_index=True,
             placeholder="–", column_config=pinned("Gebied"))

chart = shown.assign(**{c: pd.to_numeric(shown[c], errors="coerce") for c in ("residents", "professionals")})
chart = chart[(chart["residents"].fillna(0) + chart["professionals"].fillna(0)) > 0]
if not chart.empty:
    long = chart.melt(id_vars=["label"], value_vars=["residents", "professionals"], var_name="wie", value_name="aantal")
    long["wie"] = long["wie"].map({"residents": "Bewoners", "professionals": "Professionals"})
    fig = px.bar(long, x="label", y="aantal", color="wie", barmode="group",
                 labels={"label": "Gebied", "aantal": "Betrokken", "wie": ""})
    st.plotly_chart(inert_figure(fig), key="buurt_betrokken")
    if viewer.role == "bestuurder":
        st.caption("Gebieden met minder dan 5 betrokkenen staan niet in de grafiek.")

st.caption(SOURCE)
with st.expander("Hoe worden de netwerkcijfers berekend?"):
    st.markdown(
        "- Een activiteit telt mee voor haar buurt, en daarmee ook voor de wijk en de gemeente waarin die buurt ligt "
        "(volgens de CBS-code: BU01770101 ligt in WK017701, dat in GM0177 ligt).\n"
        "- *Bewoners* en *professionals betrokken*: verschillende personen die aan een activiteit in het gebied "
        "deelnamen. *Organisaties actief*: organisaties waarvoor een deelnemer werkt.\n"
        "- *Dichtheid*: het deel van alle mogelijke paren deelnemers dat samen aan minstens één activiteit in het "
        "gebied deelnam (0 = niemand, 1 = iedereen met iedereen).\n"
        "- De periode en filters in de zijbalk gelden voor de netwerkcijfers, niet voor de CBS-cijfers."
    )
