"""The Buurt page under AppTest, per role: CBS figures as published, network measures as
the service computes them, uncertain names marked, counts below 5 as "<5" for bestuurders."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.session import VIEWER_KEY
from netwerk.access import Viewer
from netwerk.bootstrap import open_store
from netwerk.services import areas
from tests.unit.test_services_areas import tiny

APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"
PAGE = "app_pages/buurt.py"
TIMEOUT = 120
ROLES = ("coordinator", "professional", "bestuurder")



@pytest.fixture
def tiny_url(store_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    s = open_store(store_url)
    s.apply(tiny())
    s.close()
    monkeypatch.setenv("NETWERK_STORE_URL", store_url)
    return store_url


def open_page(role: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[VIEWER_KEY] = Viewer(user_id=f"test-{role}", role=role)
    at.run()
    assert not at.exception, at.exception
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_cbs_figures_beside_the_network_on_the_demo(demo_url: str, role: str,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETWERK_STORE_URL", demo_url)
    at = open_page(role)
    assert at.radio(key="buurt_niveau").value == "wijk"
    assert at.selectbox(key="buurt_gebied").value == "WK017701"
    m = metrics(at)
    # CBS's published figures for WK017701 (85984NED), in Dutch notation.
    assert m["Inwoners (CBS)"] == "19.995" and m["Woningvoorraad (CBS)"] == "8.905"
    s = open_store(demo_url)
    row = areas.area_overview(Viewer(user_id="x", role=role), s).set_index("code").loc["WK017701"]
    s.close()
    assert m["Activiteiten"] == str(row["activities"])
    assert m["Bewoners betrokken"] == str(row["residents"])
    assert m["Professionals betrokken"] == str(row["professionals"])
    assert m["Organisaties actief"] == str(row["organisations"])
    assert m["Dichtheid samenwerkingsnetwerk"] == f"{row['density']:.2f}".replace(".", ",")
    assert "Raalte (kern) (naam onzeker) (WK017701)" in [h.value for h in at.subheader]  # the name first
    assert any("niet van CBS" in w.value for w in at.warning)
    table = at.dataframe[-1].value
    assert list(table["Code"]) == [f"WK0177{i:02d}" for i in range(1, 10)]
    assert table.set_index("Code").loc["WK017707", "Aantal inwoners (CBS)"] == 7240
    assert "CC BY 4.0" in "\n".join(c.value for c in at.caption)


def test_gemeente_level_shows_the_gemeente_figures(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETWERK_STORE_URL", demo_url)
    at = open_page("coordinator")
    at.radio(key="buurt_niveau").set_value("gemeente").run()
    assert not at.exception
    assert at.selectbox(key="buurt_gebied").value == "GM0177"
    assert metrics(at)["Inwoners (CBS)"] == "38.364"
    assert not at.warning  # "Raalte" is CBS's own name


@pytest.mark.parametrize(("role", "expected"), [
    ("coordinator", {"Activiteiten": "1", "Bewoners betrokken": "2", "Professionals betrokken": "1",
                     "Organisaties actief": "1", "Dichtheid samenwerkingsnetwerk": "1,00"}),
    # The density is derived from counts below 5, so a bestuurder does not see it either.
    ("bestuurder", {"Activiteiten": "<5", "Bewoners betrokken": "<5", "Professionals betrokken": "<5",
                    "Organisaties actief": "<5", "Dichtheid samenwerkingsnetwerk": "afgeschermd"}),
])
def test_buurt_counts_and_their_suppression_for_bestuurders(tiny_url: str, role: str, expected: dict) -> None:
    at = open_page(role)
    at.radio(key="buurt_niveau").set_value("buurt").run()
    at.selectbox(key="buurt_gebied").set_value("BU01770101").run()
    assert not at.exception
    m = metrics(at)
    assert {k: m[k] for k in expected} == expected
    assert "BU01770101 (geen gebiedsgegevens)" in [h.value for h in at.subheader]
    captions = "\n".join(c.value for c in at.caption)
    assert ("<5" in captions) == (role == "bestuurder")


def test_empty_store_tells_how_to_load_data(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    open_store(store_url).close()
    monkeypatch.setenv("NETWERK_STORE_URL", store_url)
    at = open_page("coordinator")
    assert any("netwerk seed demo" in i.value for i in at.info)


def test_store_without_areas_says_how_to_add_them(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from netwerk.domain import ChangeSet, Person

    s = open_store(store_url)
    s.apply(ChangeSet(persons=[Person(person_id="p1", kind="professional", display_name="Anna")]))
    s.close()
    monkeypatch.setenv("NETWERK_STORE_URL", store_url)
    at = open_page("professional")
    assert any("netwerk template gebieden" in i.value for i in at.info)
