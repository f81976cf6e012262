"""Bounded busy waits on the SQLite store: a write that cannot get the database within
``busy_seconds`` raises :class:`StoreBusyError` with a Dutch message and writes nothing,
whether another thread of this process or another process holds it."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from netwerk.access import Viewer
from netwerk.domain import BUSY_MESSAGE, StoreBusyError
from netwerk.services.audit import log_event
from netwerk.store.sqlite import SQLiteStore

COORD = Viewer("coord", "coordinator")


def test_a_write_waits_a_bounded_time_for_another_session_then_says_so_in_dutch(store):
    busy = SQLiteStore(store.path, busy_seconds=0.5)
    inside, release = threading.Event(), threading.Event()

    def long_write() -> None:
        with store.unit_of_work():
            log_event(COORD, store, "view", target="lang")
            inside.set()
            release.wait(timeout=30)

    t = threading.Thread(target=long_write)
    t.start()
    assert inside.wait(timeout=30)
    t0 = time.monotonic()
    with pytest.raises(StoreBusyError) as e:
        log_event(COORD, busy, "view", target="wacht")
    waited = time.monotonic() - t0
    release.set()
    t.join(timeout=30)
    assert str(e.value) == BUSY_MESSAGE == "De database is bezig; probeer het over enkele seconden opnieuw."
    assert 0.4 < waited < 5
    assert store.audit_events()["target"].tolist() == ["lang"]
    busy.close()


def test_another_process_holding_the_file_gives_the_same_bounded_wait(store):
    busy = SQLiteStore(store.path, busy_seconds=0.5)
    other = sqlite3.connect(store.path, isolation_level=None)  # as another process would
    other.execute("BEGIN IMMEDIATE")
    try:
        t0 = time.monotonic()
        with pytest.raises(StoreBusyError, match="De database is bezig"):
            log_event(COORD, busy, "view", target="wacht")
        assert time.monotonic() - t0 < 5
    finally:
        other.execute("ROLLBACK")
        other.close()
    log_event(COORD, busy, "view", target="daarna")
    assert busy.audit_events()["target"].tolist() == ["daarna"]
    busy.close()
