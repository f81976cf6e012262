"""Uitwisselen: import networks from Gephi and Kumu (and the own import files), export
the network for Gephi, Kumu, R or UCINET, or everything as Excel. For coordinators.

The page only parses input, calls :mod:`netwerk.services.exchange` and shows the result:
a preview first, then one all-or-nothing import; exports are made when the download
button is pressed (so only real downloads reach the audit log).
"""

from __future__ import annotations

import streamlit as st

from dashboard import data, filters
from dashboard.safe import md
from dashboard.session import current_viewer
from netwerk.access import PermissionDenied
from netwerk.domain import ImportValidationError, NetwerkError
from netwerk.exchange.mapping import kind_of
from netwerk.ingest.limits import check_size, limits_text
from netwerk.services.exchange import EXPORT_FORMATS, apply_import, export_network, prepare_import
from netwerk.text import counted, fmt_date

st.title("Uitwisselen")
st.markdown(
    "Haal een netwerk binnen uit **Gephi** (GEXF, GraphML, GML) of **Kumu** (Excel of CSV met *Elements* en "
    "*Connections*), of gewone importbestanden zoals `personen.csv` en `deelname.csv`. U ziet eerst wat er verandert; "
    "pas na *Importeren* wordt alles in één keer opgeslagen (bij één fout niets). Exporteer het netwerk voor Gephi, "
    "Kumu, R of UCINET: bewoners staan er altijd onder pseudoniem in, e-mail en telefoon nooit."
)

viewer = current_viewer()
store = data.store()
_DONE = "uitwisselen_resultaat"

st.header("Importeren")
if _DONE in st.session_state:
    st.success(st.session_state.pop(_DONE))
uploads = st.file_uploader(
    "Bestand kiezen", type=["csv", "xlsx", "gexf", "graphml", "gml", "zip", "txt", "tsv"], accept_multiple_files=True,
    key="uitwisselen_bestanden",
    help="Meerdere bestanden tegelijk mag (bijv. personen.csv met deelname.csv, of knopen.csv met verbindingen.csv). "
         + limits_text(),
)
KINDS = {"": "Geen: meld het als fout", "professional": "Wijkprofessional", "resident": "Bewoner",
         "bestuurder": "Bestuurder", "volunteer": "Vrijwilliger", "organisation": "Organisatie"}
default_kind = st.selectbox(
    "Soort voor elementen zonder type", list(KINDS), format_func=KINDS.get, key="uitwisselen_soort",
    help="Voor Gephi- of Kumu-bestanden zonder kolom of kenmerk 'Type'.",
)
too_big = []
for u in uploads or []:
    try:
        check_size(u.name, u.size)  # before the bytes are copied out of the upload
    except ImportValidationError as e:
        too_big += e.errors
if too_big:
    st.error("Import geweigerd, er is niets opgeslagen.\n\n" + "\n".join(f"- {err}" for err in too_big))
elif uploads:
    files = [(u.name, u.getvalue()) for u in uploads]
    plan = None
    try:
        plan = prepare_import(viewer, store, files, default_kind=kind_of(default_kind) if default_kind else None)
    except ImportValidationError as e:
        st.error(f"Import geweigerd, er is niets opgeslagen. {counted(len(e.errors), 'fout', 'fouten')}:\n\n"
                 + "\n".join(f"- {md(err)}" for err in e.errors[:50]))
    except (PermissionDenied, NetwerkError) as e:
        st.error(md(str(e)))
    if plan is not None:
        st.subheader("Voorbeeld")
        st.caption("; ".join(f"{name}: {fmt}" for name, fmt in plan.files))
        st.dataframe(plan.counts.rename(columns={"soort": "Soort", "nieuw": "Nieuw", "gewijzigd": "Gewijzigd",
                                                 "ongewijzigd": "Ongewijzigd"}), hide_index=True)
        for notice in plan.notices:
            st.info(notice)
        for kind, rows in plan.samples.items():
            with st.expander(f"Eerste rijen: {kind}"):
                st.dataframe(rows, hide_index=True, placeholder="–")
        if st.button("Importeren", type="primary", key="uitwisselen_importeren"):
            try:
                result = apply_import(viewer, store, plan, [name for name, _ in files])
            except NetwerkError as e:
                st.error(f"Import mislukt, er is niets opgeslagen: {md(e)}")
            else:
                st.session_state[_DONE] = result.summary()
                st.rerun()

st.header("Exporteren")
flt = filters.current()
labels = {name: key for key, (name, _, _) in EXPORT_FORMATS.items()}
chosen = st.selectbox("Formaat", list(labels), key="uitwisselen_formaat",
                      help="GEXF opent in Gephi en Gephi Lite met tijdlijn; Kumu leest de Excel-werkmap; "
                           "de CSV-lijsten lezen Gephi, R en UCINET. De volledige werkmap bevat alle tabellen.")
fmt = labels[chosen]
if fmt == "xlsx":
    st.caption("Alle tabellen van de store, één werkblad per tabel (zonder namen van bewoners, e-mail en telefoon); "
               "terug te zetten met Importeren.")
else:
    period = (f"{fmt_date(flt.start)} t/m {fmt_date(flt.end)}" if flt.start and flt.end else "de hele periode")
    st.caption(f"Het personennetwerk van {period}, met de filters uit de zijbalk. Elke persoon en relatie heeft een "
               "begin- en einddatum (eerste en laatste activiteit), zodat de tijdlijn in Gephi werkt.")
_, file_name, mime = EXPORT_FORMATS[fmt]
st.download_button(
    "Downloaden",
    data=lambda fmt=fmt, flt=flt: export_network(viewer, store, fmt, flt).data,
    file_name=file_name,
    mime=mime,
    on_click="ignore",
    key="uitwisselen_downloaden",
)
