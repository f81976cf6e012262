"""Wat we leerden: the lessons of the year, the decisions of meetings (Deep Democracy:
the tally and what the minority needs, never who voted how) and the plans of resident
groups, filtered by theme, buurt and status; coordinators and professionals add them.
Bestuurders read the texts and the counts (below 5 as "<5"), never a person's name."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import data, people_data
from dashboard.safe import md
from dashboard.session import current_viewer
from graph_schema import PLAN_STATUSES
from netwerk.domain import NetwerkError
from netwerk.services import entry, learning, privacy
from netwerk.text import counted, fmt_date, fmt_number

st.title("Wat we leerden")
st.markdown(
    "Wat kwam er uit de bijeenkomsten? De lessen van dit jaar, de besluiten (met Deep Democracy: het voorstel, "
    "hoeveel mensen voor, tegen of neutraal waren en wat de minderheid nodig heeft om mee te gaan; nooit wie wat "
    "stemde) en de plannen van bewonersgroepen, zodat u kunt volgen wat er loopt."
)
data.require_data()
viewer = current_viewer()
store = data.store()
may_write = viewer.role in ("coordinator", "professional")

everything = people_data.learning_overview((), (), ())
c1, c2, c3 = st.columns(3)
all_themes = sorted({t for ts in [*everything.lessons["themes"], *everything.plans["themes"]] for t in ts})
themes = c1.multiselect("Thema", all_themes, key="leren_thema", placeholder="Alle thema's")
all_buurten = sorted({b for b in [*everything.lessons["buurt_code"], *everything.decisions["buurt_code"],
                                  *everything.plans["buurt_code"]] if isinstance(b, str) and b}, key=data.area_name)
buurten = c2.multiselect("Buurt", all_buurten, key="leren_buurt", format_func=lambda b: data.area_name(b, with_code=True),
                         placeholder="Alle buurten")
statuses = c3.multiselect("Status van plannen", list(PLAN_STATUSES), format_func=PLAN_STATUSES.get, key="leren_status",
                          placeholder="Alle statussen")
view = people_data.learning_overview(tuple(themes), tuple(buurten), tuple(statuses))

m = st.columns(4)
m[0].metric("Lessen", fmt_number(view.counts["lessons"]), border=True)
m[1].metric("Besluiten", fmt_number(view.counts["decisions"]), border=True)
m[2].metric("Plannen", fmt_number(view.counts["plans"]), border=True)
m[3].metric("Plannen die lopen", fmt_number(view.counts["lopend"]), border=True,
            help="Plannen met de status 'lopend'; gestart: " + fmt_number(view.counts["gestart"]) + ", idee: "
                 + fmt_number(view.counts["idee"]) + ", afgerond: " + fmt_number(view.counts["afgerond"]) + ".")
if viewer.role == "bestuurder":
    st.caption("Aantallen onder de 5 staan als <5, andere zijn afgerond op vijftallen (ook de stemmen bij besluiten). "
               "U ziet de teksten, nooit wie ze vastlegde.")


def _day(d) -> str:
    return fmt_date(d) if isinstance(d, dt.date) else "–"


def _buurt(b) -> str:
    return data.area_name(b) if isinstance(b, str) and b else "–"


st.header("Lessen")
if view.lessons.empty:
    st.info("Nog geen lessen binnen deze keuze.")
else:
    les = pd.DataFrame({"Les": view.lessons["text"], "Thema's": view.lessons["themes"].map(", ".join),
                        "Activiteit": view.lessons["activity"], "Datum": view.lessons["date"].map(_day),
                        "Buurt": view.lessons["buurt_code"].map(_buurt)})
    if viewer.role != "bestuurder":
        les["Vastgelegd door"] = view.lessons["author"]
    st.dataframe(les, hide_index=True, placeholder="–")

st.header("Besluiten")
if view.decisions.empty:
    st.info("Nog geen besluiten binnen deze keuze." + (" Besluiten hebben geen thema's." if themes else ""))
else:
    d = view.decisions
    st.dataframe(pd.DataFrame({
        "Voorstel": d["proposal"], "Voor": d["votes_for"].map(fmt_number), "Tegen": d["votes_against"].map(fmt_number),
        "Onthouding": d["votes_abstain"].map(fmt_number), "Wat de minderheid nodig heeft": d["minority_needs"],
        "Bijeenkomst": d["activity"], "Datum": d["date"].map(_day)}), hide_index=True, placeholder="–")

st.header("Plannen en initiatieven")
if view.plans.empty:
    st.info("Nog geen plannen binnen deze keuze.")
else:
    p = view.plans
    st.dataframe(pd.DataFrame({
        "Plan": p["title"], "Groep": p["group"], "Thema's": p["themes"].map(", ".join),
        "Buurt": p["buurt_code"].map(_buurt), "Status": p["status"].map(lambda s: PLAN_STATUSES.get(s, s)),
        "Start": p["start_date"].map(_day), "Eind": p["end_date"].map(_day)}), hide_index=True, placeholder="–")

if not may_write:
    st.stop()

st.header("Vastleggen")
opts = people_data.entry_options()
acts = opts.activities
act_label = {a: f"{fmt_date(d)} · {t if isinstance(t, str) and t else k}" for a, d, t, k in
             zip(acts["activity_id"], acts["date"], acts["title"], acts["kind"], strict=True)}


def _token(form: str) -> str:
    key = f"leren_token_{form}"
    if key not in st.session_state:
        st.session_state[key] = entry.new_token()
    return st.session_state[key]


def _saved(form: str, message: str) -> None:
    # The next form is a new record, with new (empty) fields: their keys carry the token.
    st.session_state[f"leren_token_{form}"] = entry.new_token()
    st.session_state["leren_saved"] = message
    st.rerun()


if st.session_state.get("leren_saved"):
    st.success(md(st.session_state.pop("leren_saved")))

soort = st.radio("Wat wilt u vastleggen?", ["les", "besluit", "plan"], horizontal=True, key="leren_soort",
                 format_func={"les": "Een les", "besluit": "Een besluit", "plan": "Een plan"}.get)
tk = _token(soort)  # in every field's key: a saved form starts again with empty fields
if soort in ("les", "besluit") and acts.empty:
    st.info("Er zijn geen activiteiten waarbij u dit kunt vastleggen" +
            (" (alleen bij activiteiten waaraan u deelnam)." if viewer.role == "professional" else "."))
elif soort == "les":
    activity = st.selectbox("Activiteit", list(act_label), format_func=act_label.get, key=f"les_activiteit_{tk}")
    text = st.text_area("Wat leerden we?", key=f"les_tekst_{tk}", max_chars=500,
                        help="Eén korte zin over wat werkte of niet. Nooit over een persoon.")
    for w in privacy.text_warnings(viewer, store, text):
        st.warning(md(w))
    les_themes = st.multiselect("Thema's", opts.themes, key=f"les_themas_{tk}", placeholder="Kies thema's")
    if st.button("Les opslaan", type="primary", key="les_opslaan"):
        try:
            learning.record_lesson(viewer, store, token=tk, activity_id=activity, text=text, themes=les_themes)
        except NetwerkError as e:
            st.error(md(str(e)))
        else:
            _saved("les", "Les opgeslagen.")
elif soort == "besluit":
    activity = st.selectbox("Bijeenkomst", list(act_label), format_func=act_label.get, key=f"besluit_activiteit_{tk}")
    proposal = st.text_area("Voorstel", key=f"besluit_voorstel_{tk}", max_chars=500)
    v1, v2, v3 = st.columns(3)
    votes = [c.number_input(label, min_value=0, max_value=10_000, value=0, step=1, key=f"besluit_{k}_{tk}")
             for c, label, k in ((v1, "Voor", "voor"), (v2, "Tegen", "tegen"), (v3, "Onthouding", "onthouding"))]
    minority = st.text_area("Wat heeft de minderheid nodig om mee te gaan?", key=f"besluit_minderheid_{tk}", max_chars=500)
    for w in privacy.text_warnings(viewer, store, f"{proposal}\n{minority}"):
        st.warning(md(w))
    if st.button("Besluit opslaan", type="primary", key="besluit_opslaan"):
        try:
            learning.record_decision(viewer, store, token=tk, activity_id=activity, proposal=proposal,
                                     votes_for=int(votes[0]), votes_against=int(votes[1]), votes_abstain=int(votes[2]),
                                     minority_needs=minority)
        except NetwerkError as e:
            st.error(md(str(e)))
        else:
            _saved("besluit", f"Besluit opgeslagen: {counted(int(votes[0]), 'stem', 'stemmen')} voor.")
else:
    title = st.text_input("Titel", key=f"plan_titel_{tk}", max_chars=200)
    for w in privacy.text_warnings(viewer, store, title):
        st.warning(md(w))
    groups = dict(people_data.plan_groups())
    g1, g2 = st.columns(2)
    group = g1.selectbox("Groep", [""] + list(groups), format_func=lambda g: groups.get(g, "(geen groep)"),
                         key=f"plan_groep_{tk}")
    buurt = g2.selectbox("Buurt", [""] + opts.buurten, key=f"plan_buurt_{tk}",
                         format_func=lambda b: data.area_name(b, with_code=True) if b else "(geen buurt)")
    plan_themes = st.multiselect("Thema's", opts.themes, key=f"plan_themas_{tk}", placeholder="Kies thema's")
    s1, s2, s3 = st.columns(3)
    status = s1.selectbox("Status", list(PLAN_STATUSES), format_func=PLAN_STATUSES.get, key=f"plan_status_{tk}")
    start = s2.date_input("Start", value=None, format="DD-MM-YYYY", key=f"plan_start_{tk}")
    end = s3.date_input("Eind", value=None, format="DD-MM-YYYY", key=f"plan_eind_{tk}")
    if st.button("Plan opslaan", type="primary", key="plan_opslaan"):
        try:
            learning.record_plan(viewer, store, token=tk, title=title, group_id=group or None,
                                 themes=plan_themes, buurt_code=buurt or None, status=status, start_date=start,
                                 end_date=end)
        except NetwerkError as e:
            st.error(md(str(e)))
        else:
            _saved("plan", "Plan opgeslagen.")
