"""Collega's: professionals find each other — search, card, ego network, paths from me,
who could introduce us, and suggested introductions."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import data, people_data
from dashboard.components.network_map import render_ego_map
from dashboard.labels import dutch_table, pinned
from dashboard.safe import md
from dashboard.session import current_viewer
from netwerk.domain import AMSTERDAM, InputError, NetwerkError, NotFoundError
from netwerk.services import colleagues
from netwerk.text import counted, fmt_date, fmt_number

st.title("Collega's")
st.markdown(
    "Zoek wijkprofessionals op naam, thema, vaardigheid, buurt, organisatie of groep. Hoofdletters en accenten "
    "maken niet uit: *ozturk* vindt *Öztürk*. Kies een collega voor het visitekaartje, het netwerk rond die persoon, "
    "de kortste weg van u naar hem of haar en wie u aan elkaar kan voorstellen. Een voorgestelde kennismaking die u "
    "maakte, legt u hier vast."
)
data.require_data()
viewer = current_viewer()
opts = people_data.search_options()

text = st.text_input("Zoeken", key="collega_zoek", placeholder="naam, functie, thema of vaardigheid")
c1, c2, c3 = st.columns(3)
themes = c1.multiselect("Thema", opts.themes, key="collega_thema", placeholder="Alle thema's")
skills = c2.multiselect("Vaardigheid", opts.skills, key="collega_vaardigheid", placeholder="Alle vaardigheden")
buurten = c3.multiselect("Buurt", opts.buurten, key="collega_buurt", placeholder="Alle buurten",
                         format_func=lambda b: data.area_name(b, with_code=True))
c4, c5 = st.columns(2)
orgs = c4.multiselect("Organisatie", opts.organisations, key="collega_organisatie", placeholder="Alle organisaties")
groups = c5.multiselect("Groep", opts.groups, key="collega_groep", placeholder="Alle groepen")

found = people_data.search_colleagues(text, tuple(themes), tuple(skills), tuple(buurten), tuple(orgs), tuple(groups))
st.caption(f"{counted(len(found), 'collega', 'collega' + chr(39) + 's')} gevonden.")
if found.empty:
    st.info("Geen collega's gevonden. Probeer een deel van een woord of minder filters.")
else:
    shown = found.assign(themes=found["themes"].map(lambda t: ", ".join(t[:5])),
                         skills=found["skills"].map(", ".join))
    st.dataframe(
        shown[["name", "role_title", "organisation", "themes", "skills"]].rename(columns={
            "name": "Naam", "role_title": "Functie", "organisation": "Organisatie", "themes": "Thema's (meest eerst)",
            "skills": "Vaardigheden"}),
        hide_index=True, placeholder="–", column_config=pinned("Naam"),
    )
    labels = dict(zip(found["person_id"], found["name"] + " · " + found["role_title"].fillna(""), strict=True))
    chosen = st.selectbox("Kies een collega", list(labels), format_func=labels.get, key="collega_kies")
    card = people_data.colleague_card(chosen)

    st.subheader(md(card.name))
    lines = [f"**Functie:** {md(card.role_title) or '–'}", f"**Organisatie:** {md(card.organisation) or '–'}"]
    if card.themes:
        lines.append(f"**Werkt aan:** {', '.join(md(t) for t in card.themes)}")
    if card.skills:
        lines.append(f"**Vaardigheden:** {', '.join(md(t) for t in card.skills)}")
    if card.groups:
        lines.append(f"**Groepen:** {', '.join(md(t) for t in card.groups)}")
    contact = " · ".join(md(x) for x in (card.email, card.phone) if x)
    lines.append(f"**Bereikbaar via:** {contact or 'geen contactgegevens vastgelegd'}")
    # Every value through md(): Markdown would render a link or an image (fetched from any host) in data.
    st.markdown("  \n".join(lines))
    if len(card.recent):
        st.markdown("**Recente activiteiten**")
        recent = card.recent.assign(buurt_code=card.recent["buurt_code"].map(lambda b: data.area_name(b) if b else None))
        st.dataframe(dutch_table(recent.rename(columns={"date": "Datum", "kind": "Soort", "title": "Titel",
                                                        "buurt_code": "Buurt"})), hide_index=True, placeholder="–")

    st.subheader("Netwerk rond deze collega")
    radius = st.radio("Stappen", [1, 2], horizontal=True, key="collega_stappen",
                      format_func=lambda r: "1 stap (directe contacten)" if r == 1 else "2 stappen (contacten van contacten)")
    ego = people_data.ego_map(chosen, radius)
    st.caption(f"{fmt_number(len(ego.nodes))} personen en {fmt_number(len(ego.edges))} relaties binnen {radius} "
               f"stap{'pen' if radius == 2 else ''}.")
    render_ego_map(ego)

    st.subheader("Van u naar deze collega")
    if not viewer.person_id:
        st.info("Uw account is niet gekoppeld aan een persoon in het netwerk, dus er zijn geen paden vanaf u.")
    elif viewer.person_id == chosen:
        st.info("Dit bent u zelf.")
    else:
        try:
            paths = people_data.paths_to(chosen)
            intro = people_data.introducers_for(chosen)
        except (InputError, NotFoundError) as e:
            st.info(str(e))
        else:
            st.caption("Alleen werkrelaties tellen: samen in een straatgesprek of klein overleg, herhaald samen in "
                       "grotere overleggen, of gemeld dat u elkaar kent (zie Begrippen). Eén keer samen in een groot "
                       "overleg telt niet. De weg loopt alleen via mensen die u kunt benaderen (professionals, "
                       "vrijwilligers, bestuurders), niet via bewoners. Kortste betekent de kleinste afstand: een "
                       "sterke relatie (vaak samengewerkt) is kort, een zwakke lang (afstand = 1 / sterkte), dus twee "
                       "sterke relaties kunnen korter zijn dan één zwakke directe.")
            direct = bool(paths) and len(paths[0]) == 2
            weak_direct = not direct and any(len(p) == 2 for p in paths)
            if not paths:
                st.info("Er is (nog) geen verbinding tussen u en deze collega via werkrelaties met professionals, "
                        "vrijwilligers of bestuurders.")
            elif direct:
                st.success("U kent elkaar al: u hebt een directe werkrelatie.")
            else:
                st.markdown(f"Kortste weg: **{counted(len(paths[0]) - 1, 'stap', 'stappen')}**.")
                for p in paths:
                    st.text("• " + " → ".join(label for _, label in p))  # names inert, not markdown
                if weak_direct:
                    st.caption("U hebt ook een directe werkrelatie met deze collega, maar een zwakke: de weg via "
                               "anderen is korter.")
            if len(intro) and not direct:
                st.markdown("**Wie kan u voorstellen?** Gemeenschappelijke contacten die u kunt benaderen, kortste "
                            "afstand eerst (1 / sterkte met u + 1 / sterkte met uw collega).")
                st.dataframe(
                    dutch_table(intro[["label", "reason", "weight_a", "weight_b", "distance"]].rename(columns={
                        "label": "Naam", "reason": "Waarom", "weight_a": "Sterkte met u",
                        "weight_b": "Sterkte met collega", "distance": "Afstand"}), {"Afstand": 2}),
                    hide_index=True, column_config={"Waarom": st.column_config.TextColumn(width="large")},
                )

st.header("Voorgestelde kennismakingen")
st.markdown(
    "Collega's die aan dezelfde thema's, in dezelfde buurten of in dezelfde groepen werken, maar nog geen "
    "werkrelatie hebben (samen in een straatgesprek of klein overleg, of gemeld dat ze elkaar kennen). "
    "Gerangschikt met de Adamic-Adar-score: een zeldzaam gedeeld thema telt zwaarder dan een thema waar iedereen aan werkt."
)
target = viewer.person_id
if viewer.role == "coordinator":
    everyone = people_data.search_colleagues("", (), (), (), (), ())
    names = dict(zip(everyone["person_id"], everyone["name"], strict=True))
    ids = list(names)
    index = ids.index(target) if target in ids else 0
    target = st.selectbox("Suggesties voor", ids, index=index, format_func=names.get, key="collega_suggesties_voor")
if not target:
    st.info("Uw account is niet gekoppeld aan een persoon in het netwerk; er zijn geen suggesties voor u.")
else:
    try:
        sugg = people_data.suggestions(target)
    except (InputError, NotFoundError) as e:
        st.info(str(e))
    else:
        if sugg.empty:
            st.info("Geen suggesties: u werkt al samen met iedereen die aan dezelfde thema's werkt.")
        else:
            # A static table wraps the reasons, so each can be read in full (at most ten rows).
            st.table(dutch_table(sugg[["other_label", "reason", "score"]].rename(columns={
                "other_label": "Collega", "reason": "Waarom", "score": "Score (Adamic-Adar)"})).hide(axis="index"))
            st.markdown("**Hebt u een kennismaking gemaakt?** Leg het vast: later ziet u of er een werkrelatie uit "
                        "ontstond.")
            k1, k2 = st.columns([2, 1])
            other_labels = dict(zip(sugg["other_id"], sugg["other_label"], strict=True))
            other = k1.selectbox("Kennismaking met", list(other_labels), format_func=other_labels.get,
                                 key="collega_kennismaking_met")
            today = dt.datetime.now(AMSTERDAM).date()
            day = k2.date_input("Datum", value=today, max_value=today, format="DD-MM-YYYY",
                                key="collega_kennismaking_datum")
            if st.button("Kennismaking gemaakt", key="collega_kennismaking_opslaan"):
                try:
                    colleagues.mark_introduction(viewer, data.store(), other, person_id=target, day=day)
                except NetwerkError as e:
                    st.error(md(str(e)))
                else:
                    st.success(f"Vastgelegd: kennismaking met {md(other_labels.get(other, other))} op {fmt_date(day)}.")

    made = people_data.introductions_made()
    if len(made):
        st.markdown("**Gemaakte kennismakingen**")
        st.dataframe(dutch_table(made[["date", "label_a", "label_b"]].rename(columns={
            "date": "Datum", "label_a": "Collega", "label_b": "en collega"})), hide_index=True)

st.header("Werkten de kennismakingen?")
st.markdown(
    "Per kwartaal: hoeveel gemaakte kennismakingen daarna een werkrelatie werden, naast de voorgestelde "
    "kennismakingen die niemand vastlegde en die vanzelf een werkrelatie werden. Een kennismaking telt vanaf de dag "
    "dat ze gemaakt is; een voorstel dat niet gemaakt is vanaf het begin van het kwartaal (de voorstellen zoals ze "
    "toen op deze pagina stonden, tien per collega). Beide tellen tot en met de laatst vastgelegde activiteit. Dit is "
    "een eenvoudige vergelijking van aantallen, geen bewijs dat de kennismaking het verschil maakte."
)
outcomes = people_data.introduction_outcomes()
if outcomes.empty:
    st.info("Er zijn nog geen kennismakingen vastgelegd.")
else:
    st.dataframe(dutch_table(outcomes.drop(columns=["period_start", "period_end"]).rename(columns={
        "period": "Kwartaal", "marked": "Gemaakt", "marked_tied_before": "Al een werkrelatie",
        "marked_new_tie": "Gemaakt → werkrelatie", "suggested_unmarked": "Voorgesteld, niet gemaakt",
        "unmarked_new_tie": "Vanzelf → werkrelatie"})), hide_index=True)

if viewer.role == "coordinator":
    st.header("Organisaties die elkaar nog niet vonden")
    st.markdown("Paren van organisaties waarvan de professionals aan dezelfde thema's werken, maar zonder één "
                "werkrelatie tussen hen.")
    gaps = people_data.organisation_gaps()
    if gaps.empty:
        st.info("Alle organisaties die aan dezelfde thema's werken, hebben al een werkrelatie.")
    else:
        st.dataframe(
            gaps.assign(shared_themes=gaps["shared_themes"].map(", ".join))[
                ["name_a", "name_b", "n_shared_themes", "shared_themes"]].rename(columns={
                "name_a": "Organisatie", "name_b": "en organisatie", "n_shared_themes": "Gedeelde thema's",
                "shared_themes": "Thema's"}),
            hide_index=True,
        )
