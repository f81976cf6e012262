"""Auditlog: who signed in, viewed, exported, imported, edited or erased what, and when.
For coordinators; read-only (the log cannot be changed by anyone)."""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.session import current_viewer
from netwerk.services.audit import audit_csv, audit_log
from netwerk.text import counted, fmt_datetime, fmt_int

st.title("Auditlog")
st.markdown(
    "Alles wat in Buurtnetwerk is gedaan: aanmelden, pagina's bekijken, inzage, importeren, bewerken en wissen. "
    "Het log kan door niemand worden gewijzigd of verwijderd. Personen staan erin met hun id, niet met hun naam."
)

viewer = current_viewer()
store = data.store()
limit = st.selectbox("Toon", [100, 1000, 10000], index=1, format_func=lambda n: f"laatste {fmt_int(n)}",
                     key="audit_limit")
events = data.guard(lambda: audit_log(viewer, store, limit=limit))

shown = events.assign(at=[fmt_datetime(t, seconds=True) for t in events["at"]])[
    ["at", "user_id", "role", "action_label", "target", "detail"]
].rename(columns={"at": "Tijdstip", "user_id": "Gebruiker", "role": "Rol", "action_label": "Actie", "target": "Doel",
                  "detail": "Toelichting"})
st.caption(f"{counted(len(shown), 'regel', 'regels')}, nieuwste eerst.")
st.dataframe(shown, hide_index=True, placeholder="–")
st.download_button(
    "Download het hele auditlog als CSV",
    data=lambda: audit_csv(viewer, store),
    file_name="buurtnetwerk-auditlog.csv",
    mime="text/csv",
    on_click="ignore",
)
