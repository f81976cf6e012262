"""Buurtnetwerk dashboard: the entrypoint (``streamlit run dashboard/streamlit_app.py``).

Pages live in ``app_pages/`` and are registered with ``st.navigation``; the shared
sidebar filters are drawn here so they persist across pages.
"""

from __future__ import annotations

import streamlit as st

from dashboard import filters
from dashboard.navigation import PAGES as PAGE_SPECS

# No page icons: Streamlit fetches a ":material/..." icon used as favicon from Google's
# font CDN (the dashboard must work offline), and emoji need an emoji font on the machine.
st.set_page_config(page_title="Buurtnetwerk", layout="wide")

sections: dict[str, list] = {}
for spec in PAGE_SPECS:
    sections.setdefault(spec.section, []).append(st.Page(spec.path, title=spec.title, default=spec.default))

page = st.navigation(sections)
st.sidebar.caption("Buurtnetwerk · buurtgerichte aanpak")
filters.sidebar()
page.run()
