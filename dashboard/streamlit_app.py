"""Buurtnetwerk dashboard: the entrypoint (``streamlit run dashboard/streamlit_app.py``).

Every page requires sign-in: until a viewer is in the session only the sign-in page
runs, or, with a personal evaluation link (``/?token=...``), the respondent's form. After
sign-in the pages the viewer's role may open (``dashboard.navigation``) are registered
with ``st.navigation``, the shared sidebar filters are drawn here so they persist across
pages, and opening a page is written to the audit log.

With Streamlit's OIDC configured (``[auth]`` in ``.streamlit/secrets.toml``) the identity
provider signs users in (``st.login``) and the role comes from a claim
(``NETWERK_OIDC_ROLE_CLAIM`` / ``NETWERK_OIDC_ROLE_MAP``); see docs/aanmelden.md.
"""

from __future__ import annotations

import streamlit as st

from dashboard import data, filters, session
from dashboard.navigation import pages_for
from dashboard.safe import md
from netwerk.access import ROLE_LABELS
from netwerk.services.users import record_sign_out
from netwerk.settings import Settings

SETTINGS = Settings()
# Tracebacks name files and code: only in development (NETWERK_DEVELOPMENT=1), however it is started.
st.set_option("client.showErrorDetails", "full" if SETTINGS.development else "none")

# No page icons: Streamlit fetches a ":material/..." icon used as favicon from Google's
# font CDN (the dashboard must work offline), and emoji need an emoji font on the machine.
st.set_page_config(page_title="Buurtnetwerk", layout="wide")
data.stale_slot(None)  # no slot of an earlier run (set above the page below)


def _oidc_viewer():
    """Sign in the identity provider's user, if any; stop with a message if they have no role."""
    from netwerk.services.users import viewer_from_claims
    from netwerk.settings import Settings

    if not st.user.is_logged_in:
        return None
    settings = Settings()
    viewer = viewer_from_claims(data.store(), st.user.to_dict(), settings.oidc_role_claim, settings.oidc_role_map)
    if viewer is None:
        st.error("U bent aangemeld, maar uw account heeft geen rol in Buurtnetwerk. Vraag de coördinator om toegang.")
        st.button("Afmelden", on_click=st.logout)
        st.stop()
    session.sign_in(viewer)
    return viewer


def _sign_out() -> None:
    oidc = session.oidc_configured() and st.user.is_logged_in
    session.sign_out()
    if oidc:
        st.logout()


# A personal evaluation link (/?token=...): the respondent's form, without an account and
# before the sign-in; it shows nothing else of the dashboard (netwerk.services.survey).
if "token" in st.query_params:
    with data.store_errors():
        st.navigation([st.Page("app_pages/formulier.py", title="Evaluatie", default=True)], position="hidden").run()
    st.stop()

if session.idle_expired(SETTINGS.idle_timeout_minutes):
    record_sign_out(session.signed_in_viewer(), data.store(), SETTINGS.idle_timeout_minutes)
    _sign_out()
    st.session_state[session.IDLE_KEY] = SETTINGS.idle_timeout_minutes
viewer = session.refresh(data.store())
if viewer is None and session.oidc_configured():
    viewer = _oidc_viewer()
if viewer is None:
    with data.store_errors():
        st.navigation([st.Page("app_pages/aanmelden.py", title="Aanmelden", default=True)], position="hidden").run()
    st.stop()

sections: dict[str, list] = {}
for spec in pages_for(viewer.role):
    sections.setdefault(spec.section, []).append(st.Page(spec.path, title=spec.title, default=spec.default))

# expanded=True: a coordinator has more than ten pages; none may hide under "View more".
page = st.navigation(sections, expanded=True)
with st.sidebar:
    st.caption(f"Aangemeld als **{md(viewer.user_id)}** ({ROLE_LABELS[viewer.role]})")
    st.button("Afmelden", key="afmelden", on_click=_sign_out)
st.sidebar.caption("Buurtnetwerk · buurtgerichte aanpak")
# Above the page: a note when some figures belong to an older data version (after a write, while the
# fresh ones are computed in the background); the page reruns itself when they are ready. The list is
# emptied before the sidebar's filter choices are read: they are such figures too.
st.session_state.pop(data.STALE_KEY, None)
stale_slot = st.empty()
data.stale_slot(stale_slot)
filters.sidebar()
with data.store_errors():
    data.log_page_view(page.title)
    page.run()
data.stale_note(stale_slot)
