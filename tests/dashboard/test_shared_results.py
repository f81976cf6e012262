"""Pages share results across sessions and never block on a recompute (issue 19)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.data import results_cache
from dashboard.session import VIEWER_KEY
from netwerk.access import Viewer
from netwerk.bootstrap import open_store
from netwerk.services import entry, network

from .test_pages import APP


def _overzicht(viewer: Viewer) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state[VIEWER_KEY] = viewer
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _metrics(at: AppTest) -> list[tuple[str, str]]:
    return [(m.label, m.value) for m in at.metric]

def _one_straatgesprek(url: str, professional: str = "p02", residents: tuple[str, ...] = ()) -> int:
    """Save one straatgesprek in the last complete quarter (within the default period); the new data version."""
    s = open_store(url)
    entry.record_straatgesprek(Viewer(user_id="coordinator", role="coordinator"), s, token=entry.new_token(),
                               day=dt.date(2025, 11, 20), buurt_code="BU01770100", professionals=[professional],
                               themes=["zwerfafval"], residents=list(residents))
    version = s.data_version()
    s.close()
    return version


def _slowed(monkeypatch: pytest.MonkeyPatch, module, name: str, seconds: float = 5) -> None:
    """Make a service ``seconds`` slower (its recompute after a write outlasts the page's wait)."""
    real = getattr(module, name)

    def slow(*args, **kwargs):
        time.sleep(seconds)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)



def test_a_second_coordinator_reads_the_first_ones_results(demo_private: str) -> None:
    cache = results_cache(demo_private)
    first = _overzicht(Viewer(user_id="anna", role="coordinator"))
    computed = cache.computations
    second = _overzicht(Viewer(user_id="bert", role="coordinator"))
    assert cache.computations == computed  # nothing computed again for another user of the same role
    assert _metrics(second) == _metrics(first)
    # Another role's view is its own result (a bestuurder sees rounded counts).
    _overzicht(Viewer(user_id="carla", role="bestuurder"))
    assert cache.computations > computed


def test_after_a_write_the_page_shows_the_last_figures_with_a_note_and_then_the_fresh_ones(
        demo_private: str, monkeypatch: pytest.MonkeyPatch) -> None:
    coordinator = Viewer(user_id="coordinator", role="coordinator")
    before = _metrics(_overzicht(coordinator))
    _one_straatgesprek(demo_private, residents=("048", "049", "050"))
    real = network.overview
    _slowed(monkeypatch, network, "overview", 5)
    monkeypatch.setenv("NETWERK_STALE_WAIT_SECONDS", "0.1")
    t0 = time.perf_counter()
    at = _overzicht(coordinator)
    assert time.perf_counter() - t0 < 4  # did not wait for the 5-second recompute
    notes = [i.value for i in at.info if "Nieuwe cijfers worden berekend" in i.value]
    assert len(notes) == 1 and notes[0].startswith("Bijgewerkt op ")
    stale = _metrics(at)
    assert results_cache(demo_private).wait_idle(60)
    at.run()  # what the page's own refresh does once the fresh figures are ready
    assert not [i for i in at.info if "Nieuwe cijfers worden berekend" in i.value]
    fresh = _metrics(at)
    # Each figure is the last consistent one or the fresh one (the store totals were quick, the
    # slowed overview was not), never anything else; some were still from before the write.
    assert len(stale) == len(fresh) == len(before)
    assert all(x in (b, f) for x, b, f in zip(stale, before, fresh, strict=True))
    assert stale != fresh and fresh != before
    monkeypatch.setattr(network, "overview", real)
    results_cache(demo_private).clear()
    assert _metrics(_overzicht(coordinator)) == fresh  # equal to a computation from scratch


def test_concurrent_sessions_compute_each_result_once(demo_private: str) -> None:
    """Four sessions open Overzicht at the same moment on a cold process (real threads, as
    Streamlit serves them): each result is computed once and all see the same figures."""
    import threading

    single = results_cache(demo_private)
    _overzicht(Viewer(user_id="solo", role="coordinator"))
    alone = single.computations
    single.clear()
    before = single.computations
    shown: list = []
    barrier = threading.Barrier(4)

    def session(i: int) -> None:
        barrier.wait(10)
        shown.append(_metrics(_overzicht(Viewer(user_id=f"coordinator{i}", role="coordinator"))))

    threads = [threading.Thread(target=session, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert len(shown) == 4 and all(m == shown[0] for m in shown)
    assert single.computations - before == alone  # not four times as many


def test_a_page_that_changes_a_result_in_place_changes_nobody_elses(demo_private: str) -> None:
    from dashboard.data import _actor_table
    from netwerk.domain import SnapshotFilter

    args = (demo_private, open_store(demo_private).data_version(), "coordinator", "coordinator", "",
            SnapshotFilter().model_dump_json())
    first = _actor_table(*args)
    first.iloc[:, :] = None  # a careless page
    again = _actor_table(*args)
    assert again.notna().any().any() and not again.equals(first)


def test_the_writer_sees_their_own_record_on_the_map_at_once_others_the_last_map(
        demo_private: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard.data import OWN_WRITE_KEY
    from netwerk.services import network_map

    coordinator = Viewer(user_id="coordinator", role="coordinator")

    def kaart(viewer: Viewer, own_write: int | None = None) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.session_state[VIEWER_KEY] = viewer
        if own_write is not None:
            at.session_state[OWN_WRITE_KEY] = own_write
        at.switch_page("app_pages/netwerkkaart.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    kaart(coordinator)
    version = _one_straatgesprek(demo_private)
    _slowed(monkeypatch, network_map, "network_map", 5)
    monkeypatch.setenv("NETWERK_STALE_WAIT_SECONDS", "2")  # the page's other, quick figures are fresh within it
    other = kaart(Viewer(user_id="ander", role="coordinator"))
    assert any("Nieuwe cijfers worden berekend" in i.value for i in other.info)
    writer = kaart(Viewer(user_id="coordinator", role="coordinator"), own_write=version)
    assert not any("Nieuwe cijfers worden berekend" in i.value for i in writer.info)


def test_stale_sidebar_filter_choices_get_the_note_too(demo_private: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Review of issue 19: the sidebar's filter choices (the only caller of filter_options)
    are computed before the page; when they are the last ones of an older version the page
    says so and refreshes itself, as for the page's own figures."""
    coordinator = Viewer(user_id="coordinator", role="coordinator")
    _overzicht(coordinator)
    _one_straatgesprek(demo_private)
    _slowed(monkeypatch, network, "filter_options", 5)
    monkeypatch.setenv("NETWERK_STALE_WAIT_SECONDS", "2")  # the page's own figures are fresh within it
    at = _overzicht(Viewer(user_id="ander", role="coordinator"))
    assert any("Nieuwe cijfers worden berekend" in i.value for i in at.info)
    assert results_cache(demo_private).wait_idle(60)


def test_a_page_that_stops_early_still_notes_its_stale_figures(demo_private: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Review of issue 19: "Wat we leerden" ends with ``st.stop()`` for a bestuurder; the
    note (written after the page) was never shown then, so old figures looked current."""
    from netwerk.services import learning

    bestuurder = Viewer(user_id="bestuurder", role="bestuurder")

    def leerden() -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.session_state[VIEWER_KEY] = bestuurder
        at.switch_page("app_pages/wat_we_leerden.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    leerden()
    _one_straatgesprek(demo_private)
    _slowed(monkeypatch, learning, "learning_overview", 5)
    monkeypatch.setenv("NETWERK_STALE_WAIT_SECONDS", "2")
    at = leerden()
    assert any("Nieuwe cijfers worden berekend" in i.value for i in at.info)
    assert results_cache(demo_private).wait_idle(60)


def test_the_writer_sees_their_own_record_even_after_someone_elses_later_write(
        demo_private: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Review of issue 19: the writer's wait held only while their own write was the last
    one; a colleague's save a moment later gave the writer the old map without their record."""
    from dashboard.data import OWN_WRITE_KEY
    from netwerk.services import network_map

    coordinator = Viewer(user_id="coordinator", role="coordinator")

    def kaart(own_write: int) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.session_state[VIEWER_KEY] = coordinator
        at.session_state[OWN_WRITE_KEY] = own_write
        at.switch_page("app_pages/netwerkkaart.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    kaart(-1)
    s = open_store(demo_private)
    entry.record_straatgesprek(coordinator, s, token=entry.new_token(), day=dt.date(2025, 11, 20),
                               buurt_code="BU01770100", professionals=["p02"], themes=["zwerfafval"])
    mine = s.data_version()
    entry.record_straatgesprek(Viewer(user_id="collega", role="coordinator"), s, token=entry.new_token(),
                               day=dt.date(2025, 11, 21), buurt_code="BU01770100", professionals=["p03"],
                               themes=["zwerfafval"])
    s.close()
    _slowed(monkeypatch, network_map, "network_map", 5)
    monkeypatch.setenv("NETWERK_STALE_WAIT_SECONDS", "2")
    writer = kaart(mine)
    assert not any("Nieuwe cijfers worden berekend" in i.value for i in writer.info)
    assert results_cache(demo_private).wait_idle(60)


def test_the_wait_for_fresh_figures_is_once_per_page_not_per_figure(
        demo_private: str, monkeypatch: pytest.MonkeyPatch) -> None:
    coordinator = Viewer(user_id="coordinator", role="coordinator")
    _overzicht(coordinator)
    _one_straatgesprek(demo_private)
    _slowed(monkeypatch, network, "overview", 8)  # Overzicht's two slow figures
    _slowed(monkeypatch, network, "directed_figures", 8)
    monkeypatch.setenv("NETWERK_STALE_WAIT_SECONDS", "1.5")
    t0 = time.perf_counter()
    at = _overzicht(Viewer(user_id="ander", role="coordinator"))
    assert time.perf_counter() - t0 < 2.8  # 1.5 s for the page (twice 1.5 s would be 3 s and more)
    assert any("Nieuwe cijfers worden berekend" in i.value for i in at.info)


def test_a_table_of_buurten_asks_the_store_once_per_page_run(demo_private: str) -> None:
    """Thema's names the buurt of every row of its table (thousands at city size): the names are
    read once per page run, not once per row (on Neo4j that was 11 s of a warm Thema's page)."""

    def page() -> None:
        import streamlit as st

        from dashboard import data
        from netwerk.store.sqlite import SQLiteStore

        calls = {"n": 0}
        real = SQLiteStore.data_version

        def counted(self):
            calls["n"] += 1
            return real(self)

        SQLiteStore.data_version = counted
        try:
            names = [data.area_name("BU01770100") for _ in range(500)]
        finally:
            SQLiteStore.data_version = real
        st.write(f"{calls['n']} {len(set(names))}")

    at = AppTest.from_function(page, default_timeout=120)
    at.session_state[VIEWER_KEY] = Viewer(user_id="coordinator", role="coordinator")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    asked, distinct = map(int, at.markdown[0].value.split())
    assert distinct == 1 and asked <= 2, asked  # not 500
