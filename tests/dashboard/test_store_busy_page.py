"""A page whose store stays busy beyond the bounded wait shows the Dutch message as an
error on the page (AppTest), never an exception or traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.session import VIEWER_KEY
from netwerk.access import Viewer
from netwerk.bootstrap import open_store
from netwerk.domain import BUSY_MESSAGE

APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"


def test_a_busy_store_shows_the_dutch_message_not_a_traceback(store_url, monkeypatch: pytest.MonkeyPatch):
    open_store(store_url).close()
    monkeypatch.setenv("NETWERK_STORE_URL", store_url)
    monkeypatch.setenv("NETWERK_BUSY_SECONDS", "0.5")
    other = sqlite3.connect(store_url.removeprefix("sqlite:///"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process writing for a long time
    try:
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.session_state[VIEWER_KEY] = Viewer(user_id="coord", role="coordinator")
        at.run()  # the page view's audit entry cannot be written
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [BUSY_MESSAGE]
