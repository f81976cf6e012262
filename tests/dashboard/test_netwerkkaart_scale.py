"""Netwerkkaart above its threshold under AppTest: the aggregated view with hand-computed
counts and summed weights (read from the map's own HTML), drill-down, the other views,
privacy for a professional, and reruns served from the cache.

The threshold is lowered with ``NETWERK_MAP_MAX_PERSONS=5`` instead of generating a big
store; the small network has 12 persons and 34 ties (see tests/unit/test_network_map.py
for the hand computation)."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.safe import md
from dashboard.session import VIEWER_KEY
from netwerk.access import Viewer
from netwerk.bootstrap import open_store
from netwerk.domain import ChangeSet, Person
from tests.dashboard.small_network import small_network
from tests.dashboard.test_pages import APP, TIMEOUT

PAGE = "app_pages/netwerkkaart.py"
COORDINATOR = Viewer(user_id="coordinator", role="coordinator")
PROFESSIONAL = Viewer(user_id="anna", role="professional", person_id="p-anna")


@pytest.fixture
def big_url(store_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    import datetime as dt

    s = open_store(store_url)
    s.apply(small_network())
    # A resident who consented to her name: coordinators may see it, professionals never.
    s.apply(ChangeSet(persons=[Person(person_id="r-1", kind="resident", pseudonym="Bewoner 1", display_name="Karin Geheim",
                                      consent_named=True, consent_date=dt.date(2025, 1, 1))]))
    s.close()
    monkeypatch.setenv("NETWERK_STORE_URL", store_url)
    monkeypatch.setenv("NETWERK_MAP_MAX_PERSONS", "5")
    return store_url


def open_map(viewer: Viewer = COORDINATOR) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[VIEWER_KEY] = viewer
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def map_html(at: AppTest) -> str:
    frames = at.get("iframe")
    assert len(frames) == 1
    return frames[0].proto.srcdoc


def map_rows(at: AppTest) -> tuple[list[dict], list[dict]]:
    html = map_html(at)
    nodes = json.loads(re.search(r"var nodeRows = (.*);\n", html).group(1))
    edges = json.loads(re.search(r"var edgeRows = (.*);\n", html).group(1))
    return nodes, edges


def captions(at: AppTest) -> str:
    return "\n".join([c.value for c in at.caption] + [i.value for i in at.info])


def test_aggregated_by_organisation_with_summed_weights(big_url: str) -> None:
    at = open_map()
    text = captions(at)
    assert md("Het netwerk is te groot om per persoon te tonen: 12 personen en 34 werkrelaties") in text  # via safe.md
    assert "4 organisaties en 5 verbindingen op de kaart (12 personen en 34 werkrelaties in het netwerk)" in text
    nodes, edges = map_rows(at)
    assert {n["id"]: n["label"] for n in nodes} == {
        "~zonder:resident": "Bewoners zonder organisatie (4)", "o-gem": "Gemeente Raalte (3)",
        "o-wel": "Stichting De Brug (fictief) (3)", "o-pol": "Politieteam Voorbeeld (fictief) (2)",
    }
    # Summed Newman weights by hand (tests/unit/test_network_map.py): W-R 8/3, W-P 71/30,
    # G-P 31/15, G-W 19/15, P-R 7/6.
    got = {frozenset((e["from"], e["to"])): e["value"] for e in edges}
    expected = {frozenset(("o-pol", "o-wel")): 71 / 30, frozenset(("o-wel", "~zonder:resident")): 8 / 3,
                frozenset(("o-gem", "o-pol")): 31 / 15, frozenset(("o-gem", "o-wel")): 19 / 15,
                frozenset(("o-pol", "~zonder:resident")): 7 / 6}
    assert got == pytest.approx(expected)
    # Laid out on the server: every node has a position and physics is off.
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes)
    assert '"physics": {"enabled": false}' in map_html(at)


def test_drill_down_shows_the_members_as_persons(big_url: str) -> None:
    at = open_map()
    at.selectbox(key="kaart_inzoom_auto").set_value("o-wel").run()
    assert not at.exception
    text = captions(at)
    assert md("Ingezoomd op Stichting De Brug (fictief): 3 personen en de 3 werkrelaties tussen hen") in text
    assert "3 personen en 3 werkrelaties op de kaart." in text
    nodes, edges = map_rows(at)
    assert {n["label"] for n in nodes} == {"Cem Yilmaz", "Dewi Pranoto", "Fenna Bos"}
    # cem-dewi 1/5, dewi-fenna 1/5 (a4, 6 people), cem-fenna 1/5 + 1/4 (a4 and a6, 5 people)
    assert sorted(e["value"] for e in edges) == pytest.approx([1 / 5, 1 / 5, 9 / 20])
    at.selectbox(key="kaart_inzoom_auto").set_value("").run()  # back to the whole network
    assert "4 organisaties en 5 verbindingen" in captions(at)


def test_other_views_community_and_top(big_url: str) -> None:
    at = open_map()
    at.selectbox(key="kaart_weergave").set_value("community").run()
    assert not at.exception
    nodes, _ = map_rows(at)
    assert sum(int(re.search(r"\((\d+)\)$", n["label"]).group(1)) for n in nodes) == 12  # every person in one cluster
    at.selectbox(key="kaart_weergave").set_value("top").run()
    assert not at.exception
    # top-k (500) is everyone here: all 12 persons and all 34 ties, ranked by degree.
    assert "12 personen en 34 werkrelaties op de kaart." in captions(at)
    at.selectbox(key="kaart_top").set_value("betweenness").run()
    assert not at.exception and "makelaarspositie" in captions(at)


def test_professional_sees_no_resident_name(big_url: str) -> None:
    at = open_map(PROFESSIONAL)
    assert "Karin Geheim" not in map_html(at)
    at.selectbox(key="kaart_weergave").set_value("top").run()
    html = map_html(at)
    assert "Karin Geheim" not in html and "Bewoner 1" in html
    coordinator = open_map(COORDINATOR)
    coordinator.selectbox(key="kaart_weergave").set_value("top").run()
    assert "Karin Geheim" in map_html(coordinator)  # consented: the coordinator sees her name


def test_second_showing_is_served_from_the_cache(big_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from netwerk.services import network_map as service

    at = open_map()
    calls = []
    real = service.network_map
    monkeypatch.setattr(service, "network_map", lambda *a, **k: calls.append(1) or real(*a, **k))
    at.selectbox(key="kaart_kleur").set_value("kind").run()  # restyling reuses the cached layout
    at.run()
    assert not at.exception and calls == []
    at.selectbox(key="kaart_weergave").set_value("community").run()
    assert calls == [1]
