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
from netwerk import palette
from netwerk.access import SYSTEM
from netwerk.bootstrap import open_store
from netwerk.domain import SnapshotFilter
from netwerk.services import seeding
from netwerk.services.network_map import network_map
from tests.browser.harness import Browser, add_coordinator, chromium_or_fail, hover_node, map_frame, serve
from tests.dashboard.small_network import HOSTILE_ID, HOSTILE_NAME, small_network

pytestmark = pytest.mark.browser


def test_netwerkkaart_renders_and_hostile_label_stays_text(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium_or_fail()
    url = f"sqlite:///{tmp_path / 'netwerk.sqlite'}"
    store = open_store(url)
    store.apply(small_network())
    add_coordinator(store)
    expected = network_map(SYSTEM, store, SnapshotFilter(), tie_filter="small")
    store.close()
    with serve(url, tmp_path / "streamlit.log") as base, sync_playwright() as pw:
        b = Browser(pw)
        try:
            frame = b.open_map(base)
            # The hostile name is data and text, never markup.
            assert frame.evaluate(f"network.body.data.nodes.get({HOSTILE_ID!r}).fullLabel") == HOSTILE_NAME
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
    expected = network_map(SYSTEM, store, SnapshotFilter(), tie_filter="small")
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


def _click_node(page, frame, node_id: str) -> None:
    """Click a node of the map with the mouse, at its drawn position."""
    pos = frame.evaluate(
        "(id) => { const p = network.canvasToDOM(network.getPositions([id])[id]);"
        " const r = document.getElementById('mynetwork').getBoundingClientRect();"
        " return {x: p.x + r.left, y: p.y + r.top}; }", node_id)
    box = frame.frame_element().bounding_box()
    assert box
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])


def _labels_shown(frame) -> set[str]:
    return set(frame.evaluate("network.body.data.nodes.get().filter(n => n.label).map(n => n.label)"))


def _groei_org_trace(page) -> dict:
    """The organisation markers of Groei's time-lapse as plotted: org id -> (colour, x, y, ring width)."""
    return page.evaluate(
        """() => { for (const el of document.querySelectorAll('.js-plotly-plot')) {
             const t = (el.data || []).find(d => d.name === 'organisaties');
             if (t) { const out = {}; t.customdata.forEach((o, i) => {
                 out[o] = [t.marker.color[i], t.x[i], t.y[i], t.marker.line.width[i]]; }); return out; } }
           return null; }""")


def test_demo_journey_readable_map_focus_and_one_colour_per_organisation(tmp_path: Path) -> None:
    """A coordinator on the demo (186 persons): the map names only the 15 persons with the
    most working ties and says how many ties it hides; choosing a person fades the rest,
    names their direct ties and shows their facts beside the map; the PNG downloads; and
    Gemeente Raalte has one colour on Netwerkkaart and on Groei's time-lapse, where the
    organisations keep their places from one period to the next."""
    from playwright.sync_api import sync_playwright

    chromium_or_fail()
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    store = open_store(url)
    seeding.seed(store, "demo")
    add_coordinator(store)
    nm = network_map(SYSTEM, store, SnapshotFilter(), tie_filter="small")
    every = network_map(SYSTEM, store, SnapshotFilter(), tie_filter="all")
    store.close()
    names = dict(zip(nm.nodes["person_id"].astype(str), nm.nodes["name"], strict=True))
    degree = dict(zip(nm.nodes["person_id"].astype(str), nm.nodes["degree"], strict=True))
    top15 = {names[p] for p in map_view.label_selection(degree, 15)}
    # The person with the most working ties, and the colour of their organisation.
    star = max(degree, key=lambda p: (degree[p], p))
    star_org = nm.nodes.set_index(nm.nodes["person_id"].astype(str)).loc[star, "organisation"]
    with serve(url, tmp_path / "streamlit.log") as base, sync_playwright() as pw, Browser(pw, "netwerkkaart-demo") as b:
        frame = b.open_map(base)
        # Default view: 15 names, the ties from large meetings only hidden, and the page says how many.
        assert _labels_shown(frame) == top15
        assert frame.evaluate("network.body.data.edges.length") == len(nm.edges) < len(every.edges)
        hidden = len(every.edges) - len(nm.edges)
        b.page.get_by_text(f"({hidden} niet getekend, zie Lijnen)").first.wait_for()
        assert frame.locator("#size-legend").count() == 1
        b.screenshot("netwerkkaart-demo-standaard.png")
        org_colour = frame.evaluate(f"network.body.data.nodes.get({star!r}).color.background")

        # The PNG of the current view downloads from the map itself.
        with b.page.expect_download() as dl:
            frame.locator("#png").click()
        png = Path(dl.value.path()).read_bytes()
        assert dl.value.suggested_filename == "netwerkkaart.png" and png[:8] == b"\x89PNG\r\n\x1a\n"

        # Focus on the most connected person: their direct ties named, the rest faded, facts beside the map.
        box = b.page.get_by_label("Zoek persoon", exact=True).first
        box.click()
        b.page.keyboard.type(names[star])
        b.page.get_by_role("option", name=names[star], exact=True).first.click()
        b.wait_idle()
        b.page.get_by_role("heading", name="Persoon in focus").wait_for()
        facts = b.page.locator("[data-testid='stText']").first.inner_text()
        assert names[star] in facts and f"Organisatie: {star_org}" in facts
        assert f"Werkrelaties: {degree[star]}" in facts
        frame = map_frame(b.page)
        frame.wait_for_function(f"window.focusedId === {star!r}")
        alters = set(frame.evaluate(f"network.getConnectedNodes({star!r})"))
        assert _labels_shown(frame) == top15 | {names[star]} | {names[a] for a in alters}
        faded = frame.evaluate("network.body.data.nodes.get().filter(n => n.color.background === "
                               f"{palette.FADED_COLOUR!r}).length")
        assert faded == len(names) - 1 - len(alters)
        b.screenshot("netwerkkaart-demo-focus.png")
        # Clicking another person in the map focuses on them, with their facts over the map.
        # (The topmost node under the pointer gets the click: an overlapping neighbour may take it.)
        other = max(alters, key=lambda a: (degree[a], a))
        _click_node(b.page, frame, other)
        frame.wait_for_function(f"window.focusedId && window.focusedId !== {star!r}")
        clicked = frame.evaluate("window.focusedId")
        assert frame.locator("#facts").inner_text().startswith(names[clicked])

        # Groei: the same organisation in the same colour; positions fixed across periods; new ties marked.
        b.open_page("Groei")
        slider = b.page.get_by_role("slider").first
        slider.focus()
        b.page.keyboard.press("Home")
        b.wait_idle()
        first = _groei_org_trace(b.page)
        b.page.get_by_text("Dit is de eerste periode").first.wait_for()
        b.page.get_by_text("Organisatienetwerk").first.scroll_into_view_if_needed()
        b.screenshot("groei-tijdlijn-periode1.png")
        b.page.get_by_role("slider").first.focus()
        b.page.keyboard.press("ArrowRight")
        b.wait_idle()
        b.page.get_by_text("Nieuw ten opzichte van").first.wait_for()
        second = _groei_org_trace(b.page)
        b.screenshot("groei-tijdlijn-periode2.png")
        org_id = {"Gemeente Raalte": "org01"}[star_org] if star_org == "Gemeente Raalte" else None
        assert org_id is None or first[org_id][0] == org_colour
        by_name = {o: v for o, v in second.items()}
        assert all(first[o][1:3] == by_name[o][1:3] for o in first)  # nobody moved
        assert any(v[3] == 4 for v in second.values())  # a newly connected organisation is ringed
    b.assert_clean()


def test_map_frame_shows_its_legend_and_notes_in_full_beside_the_focus_panel(tmp_path: Path) -> None:
    """With a person in focus the map stands in a narrower column, so its legend (eleven
    demo organisations) and notes wrap to more lines; the frame had a fixed height and cut
    the last note off (988 px of content in a 980 px frame). The frame fits its content."""
    from playwright.sync_api import sync_playwright

    chromium_or_fail()
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    store = open_store(url)
    seeding.seed(store, "demo")
    add_coordinator(store)
    store.close()
    fits = "document.documentElement.scrollHeight <= window.innerHeight"
    with serve(url, tmp_path / "streamlit.log") as base, sync_playwright() as pw:
        b = Browser(pw, name="kaart-past")
        try:
            frame = b.open_map(base)
            assert frame.evaluate(fits), frame.evaluate("[document.documentElement.scrollHeight, window.innerHeight]")
            b.page.get_by_label("Zoek persoon", exact=True).first.click()
            b.page.keyboard.type("Lotte Brouwer")
            b.page.get_by_role("option", name="Lotte Brouwer", exact=True).click()
            b.page.get_by_role("heading", name="Persoon in focus").wait_for()
            b.wait_idle()
            frame = map_frame(b.page)
            assert frame.evaluate("window.focusedId") == "p10"  # Lotte Brouwer
            assert frame.evaluate(fits), frame.evaluate("[document.documentElement.scrollHeight, window.innerHeight]")
            last_note = frame.locator(".note").last
            assert last_note.is_visible() and "niet getekend" in (last_note.text_content() or "")
            b.screenshot("netwerkkaart-focus-past.png")
        finally:
            b.browser.close()
        b.assert_clean()
