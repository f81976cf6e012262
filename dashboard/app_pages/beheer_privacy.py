"""Privacy en rechten (coordinators): inzage, toestemming intrekken, wissen, bewaartermijn
and a check of titles for information about individuals. Every action asks for
confirmation and is written to the audit log by the services."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.safe import md
from dashboard.session import current_viewer
from netwerk.domain import NetwerkError
from netwerk.report.inzage import inzage_html
from netwerk.services import privacy
from netwerk.settings import Settings
from netwerk.text import counted, fmt_date, plural

st.title("Privacy en rechten")
st.markdown(
    "Rechten van bewoners en anderen onder de AVG: **inzage** in alles wat over iemand is vastgelegd, "
    "**toestemming intrekken** voor naamsvermelding, **wissen** en de **bewaartermijn**. "
    "Elke handeling komt in het auditlog."
)

viewer = current_viewer()
store = data.store()
choices = data.person_choices()

labels = dict(choices)
person_id = st.selectbox(
    "Persoon", [pid for pid, _ in choices], format_func=labels.get, index=None, key="privacy_persoon",
    placeholder="Kies een persoon (typ om te zoeken)",
)

if person_id:
    info = privacy.person_consent(viewer, store, person_id)
    st.subheader("Inzage")
    st.caption("Alles wat over deze persoon is vastgelegd, als JSON (machineleesbaar) en als leesbare pagina.")
    left, right = st.columns(2)
    left.download_button(
        "Download inzage (HTML)", data=lambda: inzage_html(privacy.export_person(viewer, store, person_id)),
        file_name=f"inzage-{person_id}.html", mime="text/html", on_click="ignore", key="inzage_html",
    )
    right.download_button(
        "Download inzage (JSON)", data=lambda: privacy.export_json(privacy.export_person(viewer, store, person_id)),
        file_name=f"inzage-{person_id}.json", mime="application/json", on_click="ignore", key="inzage_json",
    )

    if info["kind"] == "resident":
        st.subheader("Toestemming voor naamsvermelding")
        if info["consent_named"]:
            st.write(f"Toestemming gegeven op {fmt_date(info['consent_date'])}; reikwijdte: {md(info['consent_scope']) or '–'}.")
            sure = st.checkbox("De bewoner trekt de toestemming in; de naam moet direct verdwijnen.", key="intrekken_ok")
            if st.button("Toestemming intrekken", disabled=not sure, key="intrekken"):
                privacy.withdraw_consent(viewer, store, person_id)
                st.success("Toestemming ingetrokken: de bewoner staat er nu alleen onder een pseudoniem in.")
        else:
            st.write("Deze bewoner staat er onder een pseudoniem in (geen toestemming voor naamsvermelding).")

    st.subheader("Wissen")
    st.caption(
        "Verwijdert de persoon met relaties, lidmaatschappen, beoordelingen en bronnen. Activiteiten houden een anoniem "
        "aantal deelnemers, zodat de cijfers over eerdere perioden gelijk blijven. Dit kan niet ongedaan worden gemaakt."
    )
    typed = st.text_input(f"Typ ter bevestiging het id: {person_id}", key="wissen_bevestiging")
    if st.button("Definitief wissen", type="primary", disabled=typed.strip() != person_id, key="wissen"):
        try:
            privacy.erase_person(viewer, store, person_id)
        except NetwerkError as e:
            st.error(md(str(e)))
        else:
            st.success(f"Persoon {person_id} is gewist.")

st.subheader("Bewaartermijn")
months = st.number_input("Bewaartermijn (maanden)", min_value=1, max_value=240, value=Settings().retention_months,
                         key="bewaartermijn", help="Standaard NETWERK_RETENTION_MONTHS.")
plan = data.retention_plan(int(months))
st.write(f"Bewoners van wie het laatste contact vóór **{fmt_date(plan.cutoff)}** ligt: **{len(plan.to_erase)}**.")
if len(plan.to_erase):
    st.dataframe(
        plan.to_erase.assign(last_contact=[fmt_date(d) for d in plan.to_erase["last_contact"]]).rename(
            columns={"person_id": "Id", "label": "Pseudoniem", "last_contact": "Laatste contact"}),
        hide_index=True,
    )
    sure = st.checkbox(f"Ik wil {plural(len(plan.to_erase), 'deze bewoner', f'deze {len(plan.to_erase)} bewoners')} "
                       "definitief wissen.", key="opschonen_ok")
    if st.button("Opschonen", disabled=not sure, key="opschonen"):
        done = privacy.purge(viewer, store, int(months), dry_run=False)
        st.success(f"{counted(len(done.to_erase), 'bewoner', 'bewoners')} gewist.")
if len(plan.undated):
    st.caption(f"{counted(len(plan.undated), 'bewoner', 'bewoners')} zonder enig contactmoment "
               f"{plural(len(plan.undated), 'blijft', 'blijven')} staan: "
               + ", ".join(plan.undated["person_id"].astype(str)))



def _check(title: str, caption: str, found: pd.DataFrame, none: str, warning: str, columns: dict[str, str]) -> None:
    """One check: its heading and caption, then ``none`` when nothing was ``found``, else
    ``warning`` (with ``{n}`` the number found) and the findings with Dutch ``columns``."""
    st.subheader(title)
    st.caption(caption)
    if found.empty:
        st.write(none)
    else:
        st.warning(warning(len(found)))
        st.dataframe(found.rename(columns=columns), hide_index=True)


_check("Controle: persoonsgegevens in titels",
       "Titels van activiteiten en namen van groepen mogen niets over individuele personen zeggen.",
       data.privacy_scan(), "Geen titels gevonden die over personen lijken te gaan.",
       lambda n: f"{counted(n, 'titel lijkt', 'titels lijken')} iets over personen te zeggen. Pas "
                 f"{plural(n, 'hem', 'ze')} aan.",
       {"kind": "Soort", "id": "Id", "text": "Tekst", "warnings": "Waarschuwing"})
_check("Controle: pseudoniemen die op een naam lijken",
       "Een bewoner staat onder een pseudoniem in de database; een echte naam als pseudoniem ziet iedere professional.",
       data.pseudonym_scan(), "Geen pseudoniemen gevonden die op een echte naam lijken.",
       lambda n: f"{counted(n, 'pseudoniem lijkt', 'pseudoniemen lijken')} op een echte naam. Geef "
                 f"{plural(n, 'deze bewoner', 'deze bewoners')} een ander pseudoniem.",
       {"person_id": "Id", "pseudonym": "Pseudoniem", "warning": "Waarschuwing"})
