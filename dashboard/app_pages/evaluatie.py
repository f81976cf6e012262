"""Evaluatie (coordinators): the yearly evaluation sent from Buurtnetwerk. Create a survey
with personal links, download the links for a mail merge, follow the response, revoke a
link and close the survey into a round (:mod:`netwerk.services.survey`)."""

from __future__ import annotations

import datetime as dt

import plotly.express as px
import streamlit as st

from dashboard import data
from dashboard.figures import figure
from dashboard.safe import md
from dashboard.session import current_viewer
from netwerk.analysis.ratings import MIN_RESPONSE_RATE
from netwerk.domain import AMSTERDAM, NetwerkError
from netwerk.palette import SERIES
from netwerk.services import survey as sv
from netwerk.text import SEPARATORS, fmt_count, fmt_date, fmt_percent

st.title("Evaluatie")
st.markdown(
    "De jaarlijkse evaluatie onder iedereen die betrokken is: u kiest respondenten (professionals, bestuurders, "
    "vrijwilligers; nooit bewoners), de partners die zij beoordelen en de vragen (PARTNER-methode, "
    "Himmelman, contactfrequentie, open vragen). Iedere respondent krijgt een persoonlijke link; na het sluiten "
    "staan de antwoorden als ronde op de pagina's Vertrouwen en Verschil."
)
viewer = current_viewer()
store = data.store()
LINKS_KEY = "evaluatie_links"
links: dict[str, dict[str, str]] = st.session_state.setdefault(LINKS_KEY, {})


def _base_url() -> str:
    url = getattr(st.context, "url", None) or "http://localhost:8501"
    return str(url).split("?")[0].rstrip("/")


def new_survey_form() -> None:
    choices = sv.respondent_choices(viewer, store)
    resp, orgs, coll = (dict(choices[k]) for k in ("respondents", "organisations", "colleagues"))
    with st.form("evaluatie_nieuw"):
        c1, c2 = st.columns(2)
        today = dt.datetime.now(AMSTERDAM).date()  # the municipality's day, whatever the server's clock
        code = c1.text_input("Code", value=f"E{today.year}", help="Wordt de code van de ronde.")
        name = c2.text_input("Naam", value=f"Jaarevaluatie {today.year}")
        day = c1.date_input("Datum", value=today, format="DD-MM-YYYY")
        closes = c2.date_input("Sluitingsdatum", value=today + dt.timedelta(days=21), format="DD-MM-YYYY")
        who = st.multiselect("Respondenten", list(resp), format_func=resp.get, key="evaluatie_respondenten",
                             placeholder="Kies respondenten")
        rated = st.multiselect("Te beoordelen organisaties", list(orgs), default=list(orgs), format_func=orgs.get,
                               key="evaluatie_organisaties", placeholder="Kies organisaties")
        rated_p = st.multiselect("Te beoordelen collega's (optioneel)", list(coll), format_func=coll.get,
                                 key="evaluatie_collegas", placeholder="Geen")
        questions = st.multiselect("Vragen", list(sv.QUESTIONS), default=list(sv.QUESTIONS),
                                   format_func=lambda q: sv.QUESTIONS[q][1], key="evaluatie_vragen")
        show_lessons = st.checkbox("Laat respondenten eerst de lessen en besluiten van het afgelopen jaar lezen "
                                   "(pagina Wat we leerden; zonder namen)", key="evaluatie_lessen")
        base = st.text_input("Adres van het dashboard (voor de links)", value=_base_url())
        go = st.form_submit_button("Evaluatie aanmaken", type="primary")
    if go:
        try:
            tokens = sv.create_survey(viewer, store, code.strip(), name, day, closes, who, rated + rated_p, questions,
                                      show_lessons=show_lessons)
        except NetwerkError as e:
            st.error(md(str(e)))
            return
        links[code.strip()] = tokens
        st.session_state["evaluatie_basis"] = base
        st.success(f"Evaluatie aangemaakt met {fmt_count(len(tokens))} persoonlijke links. Download ze nu: "
                   "Buurtnetwerk bewaart alleen een vingerafdruk van elke link, niet de link zelf.")


def downloads(survey_id: str) -> None:
    tokens = links.get(survey_id)
    if not tokens:
        return
    base = st.session_state.get("evaluatie_basis", _base_url())
    c1, c2 = st.columns(2)
    for col, fmt, mime in ((c1, "csv", "text/csv"),
                           (c2, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")):
        files = st.session_state.setdefault("evaluatie_bestanden", {})
        cache_key = (survey_id, fmt, base, tuple(sorted(tokens.items())))
        if cache_key not in files:  # built (and logged as an export) once, not on every rerun
            files[cache_key] = sv.links_file(viewer, store, survey_id, tokens, base, fmt)
        col.download_button(f"Links downloaden ({fmt.upper()})", files[cache_key],
                            file_name=f"evaluatie-{survey_id}-links.{fmt}", mime=mime, key=f"dl_{survey_id}_{fmt}",
                            on_click="ignore")


def response_view(survey_id: str) -> None:
    r = sv.response(viewer, store, survey_id)
    o = r.overall
    cols = st.columns(4)
    cols[0].metric("Uitgenodigd", fmt_count(o["invited"]))
    cols[1].metric("Ingediend", fmt_count(o["submitted"]))
    cols[2].metric("Bezig (niet ingediend)", fmt_count(o["partial"]))
    cols[3].metric("Respons", fmt_percent(o["rate"]) if o["rate"] is not None else "–")
    st.markdown(f"**{fmt_count(o['submitted'])} van {fmt_count(o['invited'])} beantwoord.** Alleen ingediende "
                "antwoorden tellen; wie bezig is, staat apart.")
    if o["rate"] is not None and o["rate"] < MIN_RESPONSE_RATE:
        st.warning(f"De respons is lager dan {fmt_percent(MIN_RESPONSE_RATE)}: rondes met minder respons zijn niet goed "
                   "te vergelijken (Smith & Moody 2013; Borgatti e.a. 2006). Stuur een herinnering.")
    per = r.per_organisation
    if len(per):
        long = per.melt(id_vars="organisation", value_vars=["submitted", "partial", "not_started"],
                        var_name="status", value_name="aantal")
        long["status"] = long["status"].map({"submitted": "ingediend", "partial": "bezig", "not_started": "nog niet"})

        def fig():
            f = px.bar(long, y="organisation", x="aantal", color="status", orientation="h",
                       color_discrete_map=dict(zip(["ingediend", "bezig", "nog niet"], SERIES, strict=False)),
                       labels={"organisation": "Organisatie", "aantal": "Respondenten", "status": "Status"},
                       title="Respons per organisatie")
            f.update_layout(separators=SEPARATORS, height=140 + 40 * len(per), margin={"t": 50, "b": 10, "l": 10, "r": 10})
            f.update_xaxes(dtick=1)
            return f

        st.plotly_chart(figure("evaluatie_respons", fig, survey_id, tuple(map(tuple, long.values.tolist()))),
                        key="evaluatie_respons_chart")
        shown = per.assign(rate=[fmt_percent(v) if v is not None else "–" for v in per["rate"]]).rename(columns={
            "organisation": "Organisatie", "invited": "Uitgenodigd", "submitted": "Ingediend", "partial": "Bezig",
            "not_started": "Nog niet", "rate": "Respons"})
        st.dataframe(shown, hide_index=True)
    st.subheader("Herinneringslijst")
    rem = r.reminders
    if rem.empty:
        st.success("Iedereen heeft ingediend.")
    else:
        st.dataframe(rem.rename(columns={"person_id": "Code", "name": "Naam", "email": "E-mail", "status": "Status",
                                         "revoked": "Link ingetrokken"}), hide_index=True, placeholder="–")
    if r.status == "open":
        manage(survey_id, r)


def manage(survey_id: str, r: sv.Response) -> None:
    st.subheader("Link intrekken of opnieuw uitgeven")
    people = dict(zip(r.reminders["person_id"], r.reminders["name"], strict=True))
    if people:
        pid = st.selectbox("Respondent", list(people), format_func=lambda p: str(people[p] or p), key="evaluatie_wie")
        c1, c2 = st.columns(2)
        if c1.button("Link intrekken", key="evaluatie_intrekken"):
            sv.revoke_link(viewer, store, survey_id, pid)
            st.success("De link werkt niet meer.")
        if c2.button("Nieuwe link", key="evaluatie_nieuwe_link"):
            token = sv.reissue_link(viewer, store, survey_id, pid)
            links.setdefault(survey_id, {})[pid] = token
            st.code(f"{st.session_state.get('evaluatie_basis', _base_url())}/?token={token}", language=None)
    st.subheader("Sluiten")
    sure = st.checkbox("Ik wil de evaluatie sluiten: links werken dan niet meer en ingediende antwoorden worden een ronde.",
                       key="evaluatie_zeker")
    if st.button("Evaluatie sluiten", type="primary", disabled=not sure, key="evaluatie_sluiten"):
        try:
            round_id = sv.close_survey(viewer, store, survey_id)
        except NetwerkError as e:
            st.error(md(str(e)))
            return
        links.pop(survey_id, None)
        st.success(f"Gesloten. De antwoorden staan nu als ronde '{md(round_id)}' op Vertrouwen en Verschil.")


with st.expander("Nieuwe evaluatie", expanded=not len(sv.surveys(viewer, store))):
    new_survey_form()

table = sv.surveys(viewer, store)
if table.empty:
    st.info("Er zijn nog geen evaluaties.")
    st.stop()
st.subheader("Evaluaties")
labels = {s: f"{n} ({s}, {st_}, sluit {fmt_date(c)})" for s, n, st_, c in
          zip(table["survey_id"], table["name"], table["status"], table["closes_on"], strict=True)}
chosen = st.selectbox("Evaluatie", list(labels), format_func=labels.get, key="evaluatie_gekozen")
downloads(chosen)
response_view(chosen)
