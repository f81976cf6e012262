"""The signed-in viewer of this browser session.

Every page gets its viewer from :func:`current_viewer` and passes it to the services,
which enforce what the role may see. Tests (AppTest) sign in by setting
``at.session_state[VIEWER_KEY] = Viewer(...)`` before ``at.run()``.
"""

from __future__ import annotations

import streamlit as st

from netwerk.access import SYSTEM, Viewer

__all__ = ["VIEWER_KEY", "current_viewer"]

VIEWER_KEY = "viewer"


def current_viewer() -> Viewer:
    """The viewer signed in to this session.

    Until sign-in exists this is the coordinator :data:`netwerk.access.SYSTEM`.
    """
    viewer = st.session_state.get(VIEWER_KEY)
    return viewer if isinstance(viewer, Viewer) else SYSTEM
