"""Logging a straatgesprek in a real headless Chromium and seeing it on the map.

A coordinator signs in, opens Invoer, fills in the straatgesprek form like a user
(buurt, a professional, a new pseudonymous resident met on the spot, themes), saves,
and opens Netwerkkaart: the new resident is a node of the map at once.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest

from dashboard import map_view
from netwerk.access import SYSTEM
from netwerk.bootstrap import open_store
from netwerk.domain import Area, SnapshotFilter
from tests.browser.harness import (
    RENDER_TIMEOUT_MS,
    Browser,
    add_coordinator,
    chromium_or_fail,
    frames_with_map,
    serve,
)
from tests.dashboard.small_network import small_network

pytestmark = pytest.mark.browser


def _choose(page, label: str, text: str, multi: bool = True) -> None:
    """Type into a Streamlit select box or multiselect and pick the first match."""
    box = page.get_by_label(label, exact=True).first
    box.click()
    page.keyboard.type(text)
    page.get_by_role("option").first.wait_for(timeout=10_000)
    page.keyboard.press("Enter")
    if multi:
        page.keyboard.press("Escape")
    page.wait_for_timeout(500)  # let the rerun that the choice triggers start


def test_log_straatgesprek_and_see_it_on_the_map(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium_or_fail()
    url = f"sqlite:///{tmp_path / 'netwerk.sqlite'}"
    store = open_store(url)
    network = small_network()
    network.areas.append(Area(code="BU01770100", name="Centrum", level="buurt", name_uncertain=True))
    store.apply(network)
    add_coordinator(store)
    before = map_view.network_map_data(SYSTEM, store, SnapshotFilter(), "organisation", "degree")
    acts_before = store.counts()["activities"]
    store.close()
    with serve(url, tmp_path / "streamlit.log") as base, sync_playwright() as pw:
        b = Browser(pw)
        try:
            b.sign_in(base)
            page = b.page
            page.get_by_role("link", name="Invoer").click()
            page.get_by_role("heading", name="Straatgesprek").wait_for(timeout=RENDER_TIMEOUT_MS)
            started = time.monotonic()
            box = page.get_by_label("Buurt", exact=True).first  # the picker shows "Centrum (BU01770100)"
            box.click()
            page.keyboard.type("Centrum")
            page.get_by_role("option", name="Centrum (BU01770100)").click()
            page.wait_for_timeout(500)
            _choose(page, "Professionals", "Cem")
            page.get_by_role("button", name="+ Nieuwe bewoner toevoegen (pseudoniem)").click()
            page.get_by_text("Nieuwe bewoner toegevoegd").wait_for(timeout=RENDER_TIMEOUT_MS)
            _choose(page, "Thema's", "groen")
            page.get_by_role("button", name="Opslaan").click()
            try:
                page.get_by_text("Straatgesprek opgeslagen").wait_for(timeout=30_000)
            finally:
                b.screenshot("invoer-straatgesprek.png")
            seconds = time.monotonic() - started

            page.get_by_role("link", name="Netwerkkaart").click()
            page.wait_for_selector("iframe", timeout=RENDER_TIMEOUT_MS)
            frame = next(frames_with_map(page))
            frame.wait_for_function("document.body.dataset.stabilised === '1'", timeout=RENDER_TIMEOUT_MS)
            store = open_store(url)
            after = map_view.network_map_data(SYSTEM, store, SnapshotFilter(), "organisation", "degree")
            assert store.counts()["activities"] == acts_before + 1
            acts = store.table("activities")
            new = acts[acts["title"] == "Straatgesprek Centrum"]  # the auto-title names the buurt, not its code
            assert new["buurt_code"].tolist() == ["BU01770100"]
            assert len(after.nodes) == len(before.nodes) + 1  # the new resident
            # The page may rerun once more while other figures refresh after the save (the writer's own map
            # is fresh: dashboard.data.FRESH_FOR_WRITER); the map then shows in a new frame.
            want = (len(after.nodes), len(after.edges))
            deadline = time.monotonic() + 60
            shown = None
            while time.monotonic() < deadline:
                frame = next(frames_with_map(page))
                with contextlib.suppress(Exception):  # a frame replaced while it is read
                    shown = (frame.evaluate("network.body.data.nodes.length"),
                             frame.evaluate("network.body.data.edges.length"))
                if shown == want:
                    break
                page.wait_for_timeout(500)
            assert shown == want
            assert seconds < 60, f"logging took {seconds:.0f} s"
        finally:
            b.browser.close()
        b.assert_clean()
