"""Buurtnetwerk dashboard: the entrypoint (``streamlit run dashboard/streamlit_app.py``).

Pages live in ``app_pages/`` and are registered with ``st.navigation``; the shared
sidebar filters are drawn here so they persist across pages.
"""

from __future__ import annotations

import streamlit as st

from dashboard import filters

# No page icons: Streamlit fetches a ":material/..." icon used as favicon from Google's
# font CDN (the dashboard must work offline), and emoji need an emoji font on the machine.
st.set_page_config(page_title="Buurtnetwerk", layout="wide")

PAGES = [
    st.Page("app_pages/overzicht.py", title="Overzicht", default=True),
    st.Page("app_pages/netwerkkaart.py", title="Netwerkkaart"),
    st.Page("app_pages/groei.py", title="Groei"),
    st.Page("app_pages/actoren.py", title="Actoren"),
]

page = st.navigation(PAGES)
st.sidebar.caption("Buurtnetwerk · buurtgerichte aanpak")
filters.sidebar()
page.run()
