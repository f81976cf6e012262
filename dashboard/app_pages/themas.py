"""Thema's: what residents raise in straatgesprekken and meetings — per period and buurt,
the trend, which organisations work on each theme, which themes go together; and (for
coordinators) the theme list itself."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboard import data, filters, people_data
from dashboard.figures import figure
from dashboard.labels import dutch_table, pinned
from dashboard.safe import md
from dashboard.session import current_viewer
from netwerk.domain import NetwerkError
from netwerk.services import themes as theme_service

st.title("Thema's")
st.markdown(
    "Welke thema's brengen bewoners in, in straatgesprekken en bijeenkomsten? Per periode en per buurt, "
    "welke thema's in opkomst zijn, welke organisaties eraan werken en welke thema's samen opkomen."
)
data.require_data()
viewer = current_viewer()
flt = filters.current()

freq = st.radio("Per", ["month", "quarter", "year"], index=1, horizontal=True, key="themas_freq",
                format_func={"month": "Maand", "quarter": "Kwartaal", "year": "Jaar"}.get)
ov = people_data.theme_overview(flt, freq)

if ov.counts.empty:
    st.info("Binnen deze filters is geen activiteit met thema's. Verruim de filters in de zijbalk.")
else:
    st.subheader("Thema's per periode")
    top = ov.trend.sort_values("total", ascending=False)["theme"].head(8).tolist()
    chosen = st.multiselect("Thema's in de grafiek", sorted(ov.trend["theme"]), default=sorted(top), key="themas_grafiek")
    shown = ov.counts[ov.counts["theme"].isin(chosen)]
    choice = (flt.model_dump_json(), freq)  # with the store's data and the viewer, all the figures below depend on
    fig = figure("themas_lijn", lambda: px.line(shown, x="period", y="activities", color="theme", markers=True,
                                                labels={"period": "Periode", "activities": "Activiteiten", "theme": "Thema"}),
                 *choice, tuple(chosen))
    st.plotly_chart(fig, key="themas_lijn")

    st.subheader("Trend")
    st.caption("Helling: hoeveel activiteiten per periode er gemiddeld bij komen (kleinste-kwadratenlijn door de aantallen).")
    st.dataframe(
        dutch_table(ov.trend.rename(columns={"theme": "Thema", "total": "Totaal", "first": "In eerste periode",
                                             "last": "In laatste periode", "slope": "Helling per periode"})),
        hide_index=True, column_config=pinned("Thema"),
    )

    st.subheader("Per buurt")
    per_buurt = ov.by_buurt.dropna(subset=["buurt_code"])
    if per_buurt.empty:
        st.info("Geen activiteiten met een buurt binnen deze filters.")
    else:

        def buurt_figure():
            named = per_buurt.assign(buurt=per_buurt["buurt_code"].map(data.area_name))
            grid = named.pivot_table(index="buurt", columns="theme", values="activities", aggfunc="sum", fill_value=0)
            return px.imshow(grid, text_auto=True, aspect="auto", color_continuous_scale="Blues",
                             labels={"x": "Thema", "y": "Buurt", "color": "Activiteiten"})

        st.plotly_chart(figure("themas_buurt", buurt_figure, *choice), key="themas_buurt")

    st.subheader("Organisaties per thema")
    theme = st.selectbox("Thema", sorted(ov.trend["theme"]), key="themas_organisaties")
    orgs = ov.organisations[ov.organisations["theme"] == theme]
    if orgs.empty:
        st.info("Geen organisatie werkte binnen deze filters aan dit thema.")
    else:
        st.dataframe(orgs[["organisation", "activities", "persons"]].rename(columns={
            "organisation": "Organisatie", "activities": "Activiteiten", "persons": "Mensen"}), hide_index=True)

    st.subheader("Thema's die samen opkomen")
    st.caption("Twee thema's zijn verbonden als ze in dezelfde activiteit aan bod kwamen; het getal is het aantal "
               "activiteiten waarin dat gebeurde.")
    if ov.cooccurrence.empty:
        st.info("Binnen deze filters kwamen geen twee thema's samen op.")
    else:
        co = ov.cooccurrence

        def together_figure():
            names = sorted(ov.theme_activities)
            matrix = (co.pivot_table(index="source", columns="target", values="weight", fill_value=0)
                      .reindex(index=names, columns=names, fill_value=0))
            matrix = matrix + matrix.T
            return px.imshow(matrix, text_auto=True, aspect="auto", color_continuous_scale="Oranges",
                             labels={"x": "Thema", "y": "Thema", "color": "Samen"})

        st.plotly_chart(figure("themas_samen", together_figure, *choice), key="themas_samen")
        st.dataframe(co.head(15).rename(columns={"source": "Thema", "target": "en thema", "weight": "Samen in activiteiten"}),
                     hide_index=True)

if viewer.role == "coordinator":
    st.header("Themalijst beheren")
    if "thema_melding" in st.session_state:  # set before the rerun that shows the changed list
        st.success(md(st.session_state.pop("thema_melding")))
    vocab = people_data.theme_vocabulary()
    st.dataframe(vocab.rename(columns={"name": "Thema", "category": "Categorie", "activities": "Activiteiten",
                                       "assets": "Bronnen"}), hide_index=True, placeholder="–")
    with st.form("thema_toevoegen", clear_on_submit=True):
        st.markdown("**Thema toevoegen**")
        name = st.text_input("Naam", key="thema_nieuw_naam")
        category = st.text_input("Categorie (optioneel)", key="thema_nieuw_categorie")
        if st.form_submit_button("Toevoegen"):
            try:
                added = theme_service.add_theme(viewer, data.store(), name, category or None)
            except NetwerkError as e:
                st.error(md(str(e)))
            else:
                st.session_state["thema_melding"] = f"Thema '{added}' toegevoegd."
                st.rerun()
    st.markdown("**Twee thema's samenvoegen**")
    st.caption("Alle activiteiten en bronnen over het eerste thema gaan over het tweede; het eerste verdwijnt uit de lijst.")
    names = vocab["name"].tolist()
    m1, m2 = st.columns(2)
    old = m1.selectbox("Samenvoegen", names, key="thema_oud")
    into = m2.selectbox("in", [n for n in names if n != old], key="thema_in")
    sure = st.checkbox(f"Ja, voeg '{md(old)}' samen in '{md(into)}'. Dit is niet terug te draaien.", key="thema_zeker")
    if st.button("Samenvoegen", key="thema_samenvoegen", disabled=not sure):
        try:
            n = theme_service.merge_themes(viewer, data.store(), old, into)
        except NetwerkError as e:
            st.error(md(str(e)))
        else:
            for k in ("thema_zeker", "thema_oud", "thema_in"):
                st.session_state.pop(k, None)
            st.session_state["thema_melding"] = (
                f"'{old}' is samengevoegd in '{into}' ({n} activiteit{'en' if n != 1 else ''} omgezet).")
            st.rerun()
