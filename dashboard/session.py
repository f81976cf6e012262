"""The signed-in viewer of this browser session.

Every page gets its viewer from :func:`current_viewer` and passes it to the services,
which enforce what the role may see. ``streamlit_app.py`` shows the sign-in page until
a viewer is in the session. Tests (AppTest) sign in by setting
``at.session_state[VIEWER_KEY] = Viewer(...)`` before ``at.run()``.
"""

from __future__ import annotations

import time

import streamlit as st

from netwerk.access import Viewer
from netwerk.services.users import refresh_viewer

__all__ = [
    "ACTIVITY_KEY",
    "IDLE_KEY",
    "VIEWER_KEY",
    "current_viewer",
    "idle_expired",
    "oidc_configured",
    "refresh",
    "sign_in",
    "sign_out",
    "signed_in_viewer",
]

VIEWER_KEY = "viewer"


def signed_in_viewer() -> Viewer | None:
    """The viewer signed in to this session, or None."""
    viewer = st.session_state.get(VIEWER_KEY)
    return viewer if isinstance(viewer, Viewer) else None


def current_viewer() -> Viewer:
    """The viewer signed in to this session; stops the page with a Dutch message when
    nobody is signed in (pages never run for an anonymous visitor)."""
    viewer = signed_in_viewer()
    if viewer is None:
        st.warning("U bent niet aangemeld. Vernieuw de pagina en meld u aan.")
        st.stop()
        raise RuntimeError("not reached: st.stop() ends the run")
    return viewer


SOURCE_KEY = "viewer_source"
ACTIVITY_KEY = "last_activity"
"""Session key: ``time.time()`` of the signed-in viewer's latest action (any rerun)."""
IDLE_KEY = "signed_out_idle"
"""Session key set after an idle sign-out, so the sign-in page can say why."""


def idle_expired(timeout_minutes: float, now: float | None = None) -> bool:
    """True when a viewer is signed in and their latest action is more than
    ``timeout_minutes`` ago (then the caller signs them out); otherwise record ``now`` as
    the latest action and return False. Every rerun (a click, a filter) is an action."""
    now = time.time() if now is None else now
    if signed_in_viewer() is None:
        return False
    last = st.session_state.get(ACTIVITY_KEY)
    if isinstance(last, int | float) and now - last > timeout_minutes * 60:
        return True
    st.session_state[ACTIVITY_KEY] = now
    return False


def sign_in(viewer: Viewer, source: str | None = None) -> None:
    """Remember ``viewer`` for this browser session; ``source`` ``"password"`` marks a
    local account, which :func:`refresh` re-checks on every run."""
    st.session_state[VIEWER_KEY] = viewer
    st.session_state[SOURCE_KEY] = source


def refresh(store) -> Viewer | None:
    """Re-read a password-signed-in viewer's account: a disabled or removed account is
    signed out at once, a changed role or person link applies at once. Returns the
    current viewer (None after sign-out). Viewers from the identity provider or tests
    are returned as they are."""
    viewer = signed_in_viewer()
    if viewer is None or st.session_state.get(SOURCE_KEY) != "password":
        return viewer
    current = refresh_viewer(store, viewer)  # the service re-reads the account
    if current is None:
        sign_out()
        return None
    if current is not viewer:  # role or linked person changed
        sign_in(current, "password")
    return current


def sign_out() -> None:
    """Forget this session's viewer and everything the session remembered (filters,
    cached choices), so the next person at this browser starts clean."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def oidc_configured() -> bool:
    """True when Streamlit's OIDC sign-in is configured (an ``[auth]`` section in
    ``.streamlit/secrets.toml``); then the identity provider replaces local passwords."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises its own error type
        return False
