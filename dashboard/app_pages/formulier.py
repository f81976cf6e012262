"""The respondent's evaluation form, opened through a personal link (``/?token=...``)
without an account (``streamlit_app.py`` runs it before the sign-in). The respondent sees
only their own survey and answers; partner names are organisations and professionals,
never residents. Saved per page; submitted once (:mod:`netwerk.services.survey`)."""

from __future__ import annotations

import secrets

import streamlit as st

import graph_schema as gs
from dashboard import data
from dashboard.safe import md
from netwerk.domain import InputError
from netwerk.services import survey as sv
from netwerk.text import fmt_date

token = str(st.query_params.get("token", ""))
client = st.session_state.setdefault("evaluatie_client", secrets.token_hex(8))
store = data.store()

try:
    form = sv.open_form(store, token, client=client)
except InputError as e:
    st.title("Evaluatie")
    st.error(md(str(e)))
    st.stop()
    raise  # not reached

st.title(f"Evaluatie: {md(form.name)}")
if form.status == "ingediend":
    st.success(sv.ALREADY_SUBMITTED)
    st.stop()

st.markdown(
    f"Welkom{', ' + md(form.respondent) if form.respondent else ''}. Deze vragenlijst gaat over de samenwerking "
    "tussen partners in de buurtaanpak. U beoordeelt organisaties (en eventueel collega's), nooit bewoners. "
    f"Uw antwoorden worden per pagina bewaard; u kunt ze wijzigen tot u indient, uiterlijk op "
    f"{fmt_date(form.closes_on)}. Alleen de coördinator ziet wie geantwoord heeft."
)
if form.year is not None and (len(form.year.lessons) or len(form.year.decisions)):
    with st.expander("Wat we het afgelopen jaar leerden en besloten", expanded=True):
        st.caption("Lees dit eerst: het helpt om de samenwerking van het hele jaar te beoordelen.")
        for r in form.year.lessons.itertuples():
            # No activity title: a respondent has no account, and a title may name a resident.
            st.markdown(f"- {md(r.text)} ({fmt_date(r.date)})")
        for r in form.year.decisions.itertuples():
            st.markdown(f"- Besluit: {md(r.proposal)} ({fmt_date(r.date)})")
pages = sv.form_pages(form)
if not pages:
    st.info("Er zijn geen vragen voor u in deze evaluatie.")
    st.stop()
i = min(st.session_state.get("evaluatie_pagina", 0), len(pages) - 1)
title, rated_id = pages[i]
st.progress((i + 1) / len(pages), text=f"Pagina {i + 1} van {len(pages)}")
answers = form.answers


def _index(options: list, value) -> int | None:
    return options.index(value) if value in options else None


def partner_questions(rid: str) -> dict:
    out = {}
    for q in form.questions:
        kind, text = sv.QUESTIONS[q]
        key, value = f"{rid}:{q}", answers.get(f"{rid}:{q}")
        if kind == "score":
            opts = list(sv.SCORE_LABELS)
            out[key] = st.radio(text, opts, index=_index(opts, value), horizontal=True, key=f"f_{key}",
                                format_func=lambda v: f"{v} · {sv.SCORE_LABELS[v]}")
        elif kind == "himmelman":
            opts = list(sv.HIMMELMAN_EXPLANATIONS)
            out[key] = st.radio(text, opts, index=_index(opts, value), key=f"f_{key}",
                                format_func=lambda v: f"{v} · {sv.HIMMELMAN_EXPLANATIONS[v]}")
        elif kind == "frequency":
            opts = list(gs.CONTACT_FREQUENCIES)
            out[key] = st.radio(text, opts, index=_index(opts, value), horizontal=True, key=f"f_{key}",
                                format_func=gs.CONTACT_FREQUENCIES.get)
    return out


def open_questions() -> dict:
    st.caption("Schrijf over de samenwerking, niet over personen: noem geen namen of persoonlijke omstandigheden.")
    return {f"open:{q}": st.text_area(sv.QUESTIONS[q][1], value=str(answers.get(f"open:{q}", "")),
                                      max_chars=sv.OPEN_MAX_CHARS, key=f"f_open_{q}")
            for q in form.questions if sv.QUESTIONS[q][0] == "open"}


with st.form(f"evaluatie_{i}"):
    if rated_id is None:
        st.subheader("Open vragen")
        given = open_questions()
    else:
        st.subheader(md(title))
        given = partner_questions(rated_id)
    last = i == len(pages) - 1
    c1, c2, c3 = st.columns(3)
    back = c1.form_submit_button("Vorige", disabled=i == 0)
    save = c2.form_submit_button("Opslaan" if last else "Opslaan en verder", type="secondary" if last else "primary")
    send = c3.form_submit_button("Indienen", type="primary", disabled=not last)

if back or save or send:
    try:
        warnings = (sv.submit if send else sv.save_answers)(store, token, given, client=client)
    except InputError as e:
        st.error(md(str(e)))
        st.stop()
    for w in warnings:
        st.warning(md(w))
    if send:
        st.session_state.pop("evaluatie_pagina", None)
        st.success("Dank u wel! Uw antwoorden zijn ingediend.")
        st.stop()
    st.session_state["evaluatie_pagina"] = max(0, i - 1) if back else min(i + 1, len(pages) - 1)
    if not warnings:
        st.rerun()
