"""Invoer: everyday data entry — a straatgesprek, a meeting with attendance, an ABCD
bron, a "kent" relation; change or delete a record with confirmation.

Every form has a token in the session (``invoer_token_<form>``) that fixes the id of
the record it writes, so clicking Opslaan twice saves one record; "Nog een ..." starts
a new record with a new token. Saved records show on every page at the next rerun
(caches are keyed on the store's data_version).
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import data, people_data
from dashboard.safe import md
from dashboard.session import current_viewer
from graph_schema import ACTIVITY_KINDS, ASSET_CATEGORIES, ASSET_VISIBILITY, PERSON_KINDS
from netwerk.domain import AMSTERDAM, NetwerkError
from netwerk.services import entry, privacy
from netwerk.services.areas import area_name
from netwerk.text import fmt_date, plural

FORMS = {
    "straatgesprek": "Straatgesprek",
    "bijeenkomst": "Bijeenkomst met aanwezigen",
    "bron": "Bron (ABCD)",
    "kent": "Wie kent wie",
    "wijzigen": "Wijzigen of verwijderen",
}


def title_warnings(text: str | None) -> None:
    """Warn (before saving) when a title looks like information about an individual."""
    for w in privacy.text_warnings(viewer, store, text):
        st.warning(md(w))


st.title("Invoer")
st.markdown(
    "Leg vast wat er in de buurt gebeurde. Bewoners staan er alleen onder hun pseudoniem in; noteer nooit namen of "
    "persoonlijke details van bewoners in een titel. Wat u opslaat, staat meteen op de kaart en in de cijfers."
)
data.require_data()
viewer = current_viewer()
opts = people_data.entry_options()
store = data.store()

persons = opts.persons
label_of = {pid: f"{lab} ({PERSON_KINDS.get(k, k)})" for pid, lab, k in
            zip(persons["person_id"], persons["label"], persons["kind"], strict=True)}
pro_ids = persons.loc[persons["kind"].isin(["professional", "volunteer"]), "person_id"].tolist()
resident_ids = persons.loc[persons["kind"] == "resident", "person_id"].tolist()
all_ids = persons["person_id"].tolist()
me = [viewer.person_id] if viewer.person_id in label_of else []


def buurt_label(code: str) -> str:
    """A buurt in a picker: its name with the CBS code as detail ("Schoolbuurt (BU01770104)")."""
    return area_name(code, opts.area_names, with_code=True)


def token(form: str) -> str:
    key = f"invoer_token_{form}"
    if key not in st.session_state:
        st.session_state[key] = entry.new_token()
    return st.session_state[key]


def saved_banner(form: str, again: str) -> bool:
    """Show the last save of ``form``; True when a record was saved with the current token."""
    message = st.session_state.get(f"invoer_saved_{form}")
    if not message:
        return False
    st.success(md(message))
    if st.button(again, key=f"invoer_nieuw_{form}"):
        st.session_state[f"invoer_token_{form}"] = entry.new_token()
        st.session_state.pop(f"invoer_saved_{form}", None)
        st.rerun()
    return True


def add_resident(widget_key: str, buurt_key: str) -> None:
    """Callback: a new pseudonymous resident, added to the attendance picker ``widget_key``."""
    try:
        pid = entry.new_resident(viewer, store, token=entry.new_token(), buurt_code=st.session_state.get(buurt_key) or None)
    except NetwerkError as e:
        st.session_state["invoer_fout"] = str(e)
        return
    st.session_state[widget_key] = [*st.session_state.get(widget_key, []), pid]
    data.note_own_write()  # this session's own record shows on the map at once
    st.session_state["invoer_nieuwe_bewoner"] = pid


def show_callback_messages() -> None:
    if "invoer_fout" in st.session_state:
        st.error(md(st.session_state.pop("invoer_fout")))
    if "invoer_nieuwe_bewoner" in st.session_state:
        pid = st.session_state.pop("invoer_nieuwe_bewoner")
        st.info(f"Nieuwe bewoner toegevoegd als {md(label_of.get(pid, pid))} en aangevinkt bij de aanwezigen.")


form = st.radio("Wat wilt u vastleggen?", list(FORMS), format_func=FORMS.get, horizontal=True, key="invoer_soort")
show_callback_messages()

if form == "straatgesprek":
    st.subheader("Straatgesprek")
    saved_banner("straatgesprek", "Nog een straatgesprek vastleggen")
    c1, c2 = st.columns(2)
    day = c1.date_input("Datum", value=dt.datetime.now(AMSTERDAM).date(), format="DD-MM-YYYY", key="sg_datum")
    time = c2.time_input("Tijd", value=dt.time(12, 0), key="sg_tijd")
    buurt = st.selectbox("Buurt", opts.buurten, index=None, accept_new_options=True, key="sg_buurt",
                         format_func=buurt_label, placeholder="Kies een buurt of typ een naam")
    pros = st.multiselect("Professionals", pro_ids, default=[p for p in me if p in pro_ids], format_func=label_of.get,
                          key="sg_professionals", placeholder="Typ om te zoeken")
    residents = st.multiselect("Bewoners (pseudoniem)", resident_ids, format_func=label_of.get, key="sg_bewoners",
                               placeholder="Typ om te zoeken; of alleen een aantal hieronder")
    st.button("+ Nieuwe bewoner toevoegen (pseudoniem)", key="sg_nieuwe_bewoner", on_click=add_resident,
              args=("sg_bewoners", "sg_buurt"))
    anonymous = st.number_input("Aantal bewoners zonder registratie", min_value=0, max_value=200, value=0, step=1,
                                key="sg_anoniem")
    themes = st.multiselect("Thema's", opts.themes, key="sg_themas", placeholder="Welke thema's kwamen aan bod?")
    if st.button("Opslaan", type="primary", key="sg_opslaan"):
        try:
            aid = entry.record_straatgesprek(
                viewer, store, token=token("straatgesprek"), day=day, time=time, buurt_code=buurt or "",
                professionals=pros, residents=residents, anonymous_residents=int(anonymous), themes=themes,
            )
        except NetwerkError as e:
            st.error(md(str(e)))
        else:
            n_res = len(residents) + int(anonymous)
            data.note_own_write()  # this session's own record shows on the map at once
            st.session_state["invoer_saved_straatgesprek"] = (
                f"Straatgesprek opgeslagen ({aid}): {len(pros)} {'professional' if len(pros) == 1 else 'professionals'}, "
                f"{n_res} {'bewoner' if n_res == 1 else 'bewoners'}, thema's: {', '.join(themes) or 'geen'}. "
                "Het telt meteen mee in de kaart en de cijfers."
            )
            st.rerun()

elif form == "bijeenkomst":
    st.subheader("Bijeenkomst met aanwezigen")
    saved_banner("bijeenkomst", "Nog een bijeenkomst vastleggen")
    kind = st.selectbox("Soort", list(entry.MEETING_KINDS), format_func=ACTIVITY_KINDS.get, key="bij_soort")
    title = st.text_input("Titel", key="bij_titel", placeholder="bijv. Professionalsoverleg: gedeelde droom")
    title_warnings(title)
    c1, c2 = st.columns(2)
    day = c1.date_input("Datum", value=dt.datetime.now(AMSTERDAM).date(), format="DD-MM-YYYY", key="bij_datum")
    time = c2.time_input("Tijd", value=dt.time(19, 30), key="bij_tijd")
    buurt = st.selectbox("Buurt (optioneel)", opts.buurten, index=None, accept_new_options=True, key="bij_buurt",
                         format_func=buurt_label)
    attendees = st.multiselect("Aanwezigen", all_ids, default=me, format_func=label_of.get, key="bij_aanwezigen",
                               placeholder="Typ een naam of pseudoniem om te zoeken",
                               help="De eerste aanwezige staat als organisator geregistreerd.")
    st.button("+ Nieuwe bewoner toevoegen (pseudoniem)", key="bij_nieuwe_bewoner", on_click=add_resident,
              args=("bij_aanwezigen", "bij_buurt"))
    anonymous = st.number_input("Aantal aanwezigen zonder registratie", min_value=0, max_value=500, value=0, step=1,
                                key="bij_anoniem")
    themes = st.multiselect("Thema's (optioneel)", opts.themes, key="bij_themas")
    if st.button("Opslaan", type="primary", key="bij_opslaan"):
        try:
            aid = entry.record_meeting(
                viewer, store, token=token("bijeenkomst"), kind=kind, day=day, time=time, title=title,
                buurt_code=buurt or None, attendees=attendees, themes=themes, anonymous_participants=int(anonymous),
            )
        except NetwerkError as e:
            st.error(md(str(e)))
        else:
            data.note_own_write()  # this session's own record shows on the map at once
            st.session_state["invoer_saved_bijeenkomst"] = (
                f"{ACTIVITY_KINDS[kind]} opgeslagen ({aid}) met {len(attendees)} "
                f"{plural(len(attendees), 'aanwezige', 'aanwezigen')}."
            )
            st.rerun()

elif form == "bron":
    st.subheader("Bron (ABCD)")
    saved_banner("bron", "Nog een bron vastleggen")
    category = st.selectbox("Categorie", list(ASSET_CATEGORIES), format_func=ASSET_CATEGORIES.get, key="bron_categorie")
    name = st.text_input("Naam of korte omschrijving", key="bron_naam", placeholder="bijv. Buurttuin achter de flat")
    owners = dict(opts.owners)
    owner = st.selectbox("Eigenaar (optioneel)", list(owners), index=None, format_func=owners.get, key="bron_eigenaar")
    buurt = st.selectbox("Buurt (optioneel)", opts.buurten, index=None, accept_new_options=True, key="bron_buurt",
                         format_func=buurt_label)
    visibility = st.radio("Zichtbaar voor", list(ASSET_VISIBILITY), format_func=ASSET_VISIBILITY.get, index=1,
                          key="bron_zichtbaar")
    themes = st.multiselect("Thema's (optioneel)", opts.themes, key="bron_themas")
    if st.button("Opslaan", type="primary", key="bron_opslaan"):
        try:
            aid = entry.record_asset(viewer, store, token=token("bron"), category=category, name=name, owner_id=owner,
                                     buurt_code=buurt or None, visibility=visibility, themes=themes)
        except NetwerkError as e:
            st.error(md(str(e)))
        else:
            data.note_own_write()  # this session's own record shows on the map at once
            st.session_state["invoer_saved_bron"] = f"Bron opgeslagen ({aid}): {name}."
            st.rerun()

elif form == "kent":
    st.subheader("Wie kent wie")
    st.caption("Een relatie die buiten de vastgelegde activiteiten om bestaat, bijvoorbeeld gemeld in een gesprek.")
    c1, c2 = st.columns(2)
    a = c1.selectbox("Wie", all_ids, index=all_ids.index(me[0]) if me else None, format_func=label_of.get, key="kent_van")
    b = c2.selectbox("kent", all_ids, index=None, format_func=label_of.get, key="kent_naar")
    since = st.date_input("Sinds (optioneel)", value=None, format="DD-MM-YYYY", key="kent_sinds")
    if st.button("Opslaan", type="primary", key="kent_opslaan"):
        try:
            entry.record_knows(viewer, store, from_id=a or "", to_id=b or "", since=since)
        except NetwerkError as e:
            st.error(md(str(e)))
        else:
            data.note_own_write()  # this session's own record shows on the map at once
            st.success(f"Opgeslagen: {md(label_of.get(a, a))} kent {md(label_of.get(b, b))}.")

else:
    st.subheader("Wijzigen of verwijderen")
    acts = opts.activities
    if acts.empty:
        st.info("Er zijn geen activiteiten die u kunt wijzigen.")
    else:
        act_label = {r.activity_id: f"{fmt_date(r.date)} · {ACTIVITY_KINDS.get(r.kind, r.kind)} · {r.title or ''}"
                     for r in acts.itertuples(index=False)}
        aid = st.selectbox("Activiteit", list(act_label), format_func=act_label.get, key="wijzig_activiteit")
        try:
            d = entry.activity_detail(viewer, store, aid)
        except NetwerkError as e:
            st.error(md(str(e)))
            st.stop()
        k = f"wijzig_{aid}"  # widget keys per activity, so choosing another one shows its own values
        when = d.when
        c1, c2 = st.columns(2)
        day = c1.date_input("Datum", value=when.date(), format="DD-MM-YYYY", key=f"{k}_datum")
        time = c2.time_input("Tijd", value=when.time().replace(tzinfo=None), key=f"{k}_tijd")
        title = st.text_input("Titel", value=d.title or "", key=f"{k}_titel")
        title_warnings(title)
        buurten = opts.buurten + ([d.buurt_code] if d.buurt_code and d.buurt_code not in opts.buurten else [])
        buurt = st.selectbox("Buurt", buurten, index=buurten.index(d.buurt_code) if d.buurt_code else None,
                             accept_new_options=True, key=f"{k}_buurt", format_func=buurt_label)
        people = [p for p in [d.organiser, *d.participants] if p]
        chosen = st.multiselect("Deelnemers (de eerste is organisator)", all_ids, default=[p for p in people if p in label_of],
                                format_func=label_of.get, key=f"{k}_deelnemers")
        anonymous = st.number_input("Aantal zonder registratie", min_value=0, max_value=500, value=d.anonymous_participants,
                                    step=1, key=f"{k}_anoniem")
        themes = st.multiselect("Thema's", opts.themes, default=[t for t in d.themes if t in opts.themes], key=f"{k}_themas")
        sure_edit = st.checkbox("Ik wil deze wijzigingen opslaan", key=f"{k}_zeker_wijzig")
        if st.button("Wijzigingen opslaan", key="wijzig_opslaan", disabled=not sure_edit):
            try:
                if d.kind == "straatgesprek":
                    kinds = dict(zip(persons["person_id"], persons["kind"], strict=True))
                    entry.record_straatgesprek(
                        viewer, store, token="edit", activity_id=aid, day=day, time=time, title=title, buurt_code=buurt or "",
                        professionals=[p for p in chosen if kinds.get(p) in ("professional", "volunteer")],
                        residents=[p for p in chosen if kinds.get(p) == "resident"], anonymous_residents=int(anonymous),
                        themes=themes)
                else:
                    entry.record_meeting(viewer, store, token="edit", activity_id=aid, kind=d.kind, day=day, time=time,
                                         title=title, buurt_code=buurt or None, attendees=chosen, themes=themes,
                                         anonymous_participants=int(anonymous))
            except NetwerkError as e:
                st.error(md(str(e)))
            else:
                # Forget what was typed: the next run fills the form from the saved record (a blank title
                # becomes its automatic title, the organiser comes first).
                for widget in [w for w in st.session_state if str(w).startswith(f"{k}_")]:
                    del st.session_state[widget]
                data.note_own_write()  # this session's own record shows on the map at once
                st.session_state["invoer_gewijzigd"] = "Wijzigingen opgeslagen. Het formulier toont nu wat is opgeslagen."
                st.rerun()
        if "invoer_gewijzigd" in st.session_state:
            st.success(st.session_state.pop("invoer_gewijzigd"))
        st.divider()
        sure_delete = st.checkbox("Ja, verwijder deze activiteit met haar deelnames en thema's", key=f"{k}_zeker_verwijder")
        lone = dict(entry.lone_residents(viewer, store, aid))
        remove: list[str] = []
        if lone:
            remove = st.multiselect(
                "Ook verwijderen (optioneel): " + plural(
                    len(lone), "de bewoner die daarna aan geen enkele activiteit meer deelneemt",
                    f"de {len(lone)} bewoners die daarna aan geen enkele activiteit meer deelnemen"),
                list(lone), format_func=lone.get, key=f"{k}_ook_bewoners", placeholder="Kies wie u ook verwijdert",
                help="Deze bewoners namen alleen aan deze activiteit deel. Zonder activiteit staan ze los in het "
                     "netwerk; verwijder ze als ze er niet meer in horen.")
        if st.button("Verwijderen", key="wijzig_verwijderen", disabled=not sure_delete):
            try:
                entry.delete_activity(viewer, store, aid, confirm=sure_delete, remove_residents=remove)
            except NetwerkError as e:
                st.error(md(str(e)))
            else:
                gone = f" en {len(remove)} {plural(len(remove), 'bewoner', 'bewoners')} zijn" if remove else " is"
                data.note_own_write()  # this session's own record shows on the map at once
                st.session_state["invoer_verwijderd"] = f"Activiteit '{act_label[aid]}'{gone} verwijderd."
                st.rerun()
    if "invoer_verwijderd" in st.session_state:
        st.success(md(st.session_state.pop("invoer_verwijderd")))
