"""Buurtnetwerk dashboard: the entrypoint (``streamlit run dashboard/streamlit_app.py``).

Pages live in ``app_pages/`` and are registered with ``st.navigation``; the shared
sidebar filters are drawn here so they persist across pages.
"""

from __future__ import annotations

import streamlit as st

from dashboard import filters

st.set_page_config(page_title="Buurtnetwerk", page_icon=":material/hub:", layout="wide")

PAGES = [
    st.Page("app_pages/overzicht.py", title="Overzicht", icon=":material/dashboard:", default=True),
    st.Page("app_pages/netwerkkaart.py", title="Netwerkkaart", icon=":material/hub:"),
    st.Page("app_pages/groei.py", title="Groei", icon=":material/trending_up:"),
    st.Page("app_pages/actoren.py", title="Actoren", icon=":material/groups:"),
]

page = st.navigation(PAGES)
st.sidebar.caption("Buurtnetwerk · buurtgerichte aanpak")
filters.sidebar()
page.run()
