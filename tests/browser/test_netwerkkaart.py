"""Netwerkkaart in a real headless Chromium (Debian's ``chromium`` package, driven by
Playwright through its executable path; never a browser downloaded by a test tool).

Starts ``streamlit run dashboard/streamlit_app.py`` on a small network with a person
named ``<img src=x onerror=alert(1)>`` and checks that the vis-network canvas renders,
the map stabilises, the hostile name stays text (node data, search list and tooltip),
no ``<img src=x>`` appears, no dialog fires and the browser logs no error.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dashboard import map_view
from netwerk.access import SYSTEM
from netwerk.bootstrap import open_store
from netwerk.domain import SnapshotFilter
from netwerk.services import seeding
from tests.browser.harness import Browser, add_coordinator, chromium_or_fail, hover_node, serve
from tests.dashboard.small_network import HOSTILE_ID, HOSTILE_NAME, small_network

pytestmark = pytest.mark.browser


def test_netwerkkaart_renders_and_hostile_label_stays_text(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium_or_fail()
    url = f"sqlite:///{tmp_path / 'netwerk.sqlite'}"
    store = open_store(url)
    store.apply(small_network())
    add_coordinator(store)
    expected = map_view.network_map_data(SYSTEM, store, SnapshotFilter(), "organisation", "degree")
    store.close()
    with serve(url, tmp_path / "streamlit.log") as base, sync_playwright() as pw:
        b = Browser(pw)
        try:
            frame = b.open_map(base)
            # The hostile name is data and text, never markup.
            assert frame.evaluate(f"network.body.data.nodes.get({HOSTILE_ID!r}).label") == HOSTILE_NAME
            options = frame.evaluate("Array.from(document.querySelectorAll('#zoek option')).map(o => o.textContent)")
            assert HOSTILE_NAME in options
            tooltip = hover_node(b.page, frame, HOSTILE_ID)
            assert HOSTILE_NAME in tooltip
            assert frame.locator("img").count() == 0
            assert b.page.locator("img[src='x']").count() == 0
            status = frame.locator("#status").text_content() or ""
            assert status == f"{len(expected.nodes)} personen, {len(expected.edges)} werkrelaties", status
            b.screenshot("netwerkkaart.png")
        finally:
            b.browser.close()
        b.assert_clean()


def test_netwerkkaart_demo_data_stabilises_and_stays_still(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium_or_fail()
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    store = open_store(url)
    seeding.seed(store, "demo")
    add_coordinator(store)
    expected = map_view.network_map_data(SYSTEM, store, SnapshotFilter(), "organisation", "degree")
    store.close()
    with serve(url, tmp_path / "streamlit.log") as base, sync_playwright() as pw:
        b = Browser(pw)
        try:
            started = time.monotonic()
            frame = b.open_map(base)
            seconds = time.monotonic() - started
            assert frame.evaluate("network.body.data.nodes.length") == len(expected.nodes)
            assert frame.evaluate("network.body.data.edges.length") == len(expected.edges)
            assert seconds < 60, f"the demo map took {seconds:.0f} s to settle"
            # Still means still: positions do not change once physics is off.
            before = frame.evaluate("JSON.stringify(network.getPositions())")
            b.page.wait_for_timeout(1000)
            assert frame.evaluate("JSON.stringify(network.getPositions())") == before
            b.screenshot("netwerkkaart-demo.png")
        finally:
            b.browser.close()
        b.assert_clean()


def test_aggregated_map_renders_laid_out_with_physics_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the threshold (lowered to 5 persons) the map shows organisations, drawn at the
    server's positions with physics off from the start, and the browser logs no error."""
    from playwright.sync_api import sync_playwright

    chromium_or_fail()
    monkeypatch.setenv("NETWERK_MAP_MAX_PERSONS", "5")
    url = f"sqlite:///{tmp_path / 'netwerk.sqlite'}"
    store = open_store(url)
    store.apply(small_network())
    add_coordinator(store)
    store.close()
    with serve(url, tmp_path / "streamlit.log") as base, sync_playwright() as pw:
        b = Browser(pw)
        try:
            frame = b.open_map(base)
            assert frame.evaluate("network.body.data.nodes.length") == 4  # 3 organisations + residents without one
            assert frame.evaluate("network.body.data.edges.length") == 5
            assert frame.evaluate("network.physics.options.enabled") is False
            assert frame.evaluate("typeof window.mapReadyMs") == "number"
            # Drawn where the server put them (vis keeps given x/y when physics is off).
            placed = frame.evaluate("network.body.data.nodes.get('o-wel')")
            drawn = frame.evaluate("network.getPositions(['o-wel'])['o-wel']")
            assert abs(drawn["x"] - placed["x"]) <= 1 and abs(drawn["y"] - placed["y"]) <= 1  # getPositions rounds
            status = frame.locator("#status").text_content() or ""
            assert status == "4 organisaties, 5 verbindingen", status
            tooltip = hover_node(b.page, frame, "~zonder:resident")
            assert "Personen: 4" in tooltip and "bewoner: 4" in tooltip
            b.screenshot("netwerkkaart-geaggregeerd.png")
        finally:
            b.browser.close()
        b.assert_clean()
