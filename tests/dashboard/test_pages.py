"""Every dashboard page under Streamlit's AppTest: on an empty store, on a small network
and on the demo data; with real values checked against the services and the store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import map_view
from dashboard.components.network_map import network_map_html
from dashboard.session import VIEWER_KEY
from netwerk.access import SYSTEM, Viewer
from netwerk.bootstrap import open_store
from netwerk.domain import SnapshotFilter
from netwerk.services import network
from tests.dashboard.small_network import HOSTILE_NAME, small_network

APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"
PAGES = ["app_pages/overzicht.py", "app_pages/netwerkkaart.py", "app_pages/groei.py", "app_pages/actoren.py"]
TIMEOUT = 120


@pytest.fixture
def empty_url(store_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    open_store(store_url).close()
    monkeypatch.setenv("NETWERK_STORE_URL", store_url)
    return store_url


@pytest.fixture
def small_url(store_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    s = open_store(store_url)
    s.apply(small_network())
    s.close()
    monkeypatch.setenv("NETWERK_STORE_URL", store_url)
    return store_url



COORDINATOR = Viewer(user_id="coordinator", role="coordinator")


def run_page(page: str, viewer: Viewer = COORDINATOR) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[VIEWER_KEY] = viewer  # signed in (tests/dashboard/test_signin_and_roles.py tests the form)
    at.run()
    assert not at.exception, at.exception
    if page != PAGES[0]:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, label: str) -> str:
    matches = [m.value for m in at.metric if m.label == label]
    assert matches, f"no metric {label!r}; have {[m.label for m in at.metric]}"
    return matches[0]


def all_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_page_on_empty_store_tells_how_to_load_data(empty_url: str, page: str) -> None:
    at = run_page(page)
    assert "netwerk seed demo" in all_text(at)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_small_network(small_url: str, page: str) -> None:
    at = run_page(page)
    assert at.title[0].value in {"Overzicht", "Netwerkkaart", "Groei", "Actoren"}
    assert "netwerk seed demo" not in all_text(at)


def test_overzicht_shows_service_figures_and_store_totals(small_url: str) -> None:
    at = run_page(PAGES[0])
    store = open_store(small_url)
    ov = network.overview(SYSTEM, store, SnapshotFilter(), "quarter")
    assert metric(at, "Personen") == str(int(ov.current["persons"]))
    assert len(store.snapshot().persons) == 12
    # the totals row counts the whole store
    assert [m.value for m in at.metric if m.label == "Personen"][-1] == "12"
    assert metric(at, "Activiteiten") == str(int(ov.current["activities"]))
    assert ov.previous is not None  # two quarters of activities: a change is shown
    # K1 (a1-a3): Bert, Anna, Bram, Cem, Eva, the hostile name, r-1, r-2 = 8 persons;
    # K2 (a4-a6): Anna, Cem, Dewi, Eva, Fenna, the hostile name, r-1, r-3, r-4 = 9, plus Bram, whose
    # undated "kent" tie with Eva holds in every period (as the store's period filter keeps it) = 10.
    persons_metric = next(m for m in at.metric if m.label == "Personen")
    assert (persons_metric.value, persons_metric.delta) == ("10", "+2")


def test_overzicht_month_view(small_url: str) -> None:
    at = run_page(PAGES[0])
    at.radio(key="overzicht_freq").set_value("month").run()
    assert not at.exception
    ov = network.overview(SYSTEM, open_store(small_url), SnapshotFilter(), "month")
    assert at.subheader[0].value == f"{ov.period_label}, vergeleken met {ov.previous_label}"


def test_sidebar_filter_reaches_the_services(small_url: str) -> None:
    at = run_page(PAGES[3])
    all_rows = len(at.dataframe[0].value)
    at.multiselect(key="flt_soort").set_value(["professional"]).run()
    assert not at.exception
    only_pros = at.dataframe[0].value
    assert 0 < len(only_pros) < all_rows
    assert set(only_pros["Soort"]) <= {"professional", "wijkprofessional", "Wijkprofessional"}


def test_period_and_theme_filters_narrow_the_map(small_url: str) -> None:
    at = run_page(PAGES[1])
    everyone = next(c.value for c in at.caption if "op de kaart" in c.value)
    period = next(d for d in at.date_input if d.label == "Periode")
    period.set_value((dt.date(2025, 1, 20), dt.date(2025, 3, 31))).run()
    assert not at.exception
    first_quarter = map_view.network_map_data(SYSTEM, 
        open_store(small_url), SnapshotFilter(start=dt.date(2025, 1, 1), end=dt.date(2025, 3, 31)), "organisation", "degree"
    )
    expected = f"{len(first_quarter.nodes)} personen en {len(first_quarter.edges)} werkrelaties"
    assert any(expected in c.value for c in at.caption), [c.value for c in at.caption]
    assert expected not in everyone
    at.multiselect(key="flt_thema").set_value(["spelen"]).run()
    assert not at.exception  # no activity about "spelen" in Q1: an empty map is explained, not an error
    assert any("geen personen" in i.value for i in at.info)


def test_netwerkkaart_counts_and_options(small_url: str) -> None:
    at = run_page(PAGES[1])
    md = map_view.network_map_data(SYSTEM, open_store(small_url), SnapshotFilter(), "organisation", "degree")
    assert any(f"{len(md.nodes)} personen en {len(md.edges)} werkrelaties" in c.value for c in at.caption)
    for colour_by in ("sector", "community", "kind"):
        at.selectbox(key="kaart_kleur").set_value(colour_by).run()
        assert not at.exception
    for size_by in ("betweenness", "constraint", "effective_size"):
        at.selectbox(key="kaart_grootte").set_value(size_by).run()
        assert not at.exception


def test_actoren_table_has_dutch_headers_and_csv(small_url: str) -> None:
    at = run_page(PAGES[3])
    frame = at.dataframe[0].value
    assert {"Naam", "Organisatie", "Makelaarspositie", "Beperking (Burt)", "Effectieve omvang"} <= set(frame.columns)
    assert len(frame) == len(network.actor_table(SYSTEM, open_store(small_url), SnapshotFilter()))
    assert HOSTILE_NAME in set(frame["Naam"])  # shown as data, the grid renders text
    assert at.get("download_button"), "no CSV download button"


def test_groei_has_charts_per_period(small_url: str) -> None:
    at = run_page(PAGES[2])
    # six growth charts (persons and working ties, organisation pairs, cross-organisation working ties,
    # working ties per person, density, loose parts) plus the organisation network of the chosen period
    # (no survey rounds here)
    assert len(at.get("plotly_chart")) == 7
    at.radio(key="groei_freq").set_value("month").run()
    assert not at.exception


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_demo_data(demo_url: str, page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETWERK_STORE_URL", demo_url)
    at = run_page(page)
    assert "netwerk seed demo" not in all_text(at)
    if page == PAGES[0]:
        store = open_store(demo_url)
        ov = network.overview(SYSTEM, store, SnapshotFilter(), "quarter")
        assert metric(at, "Personen") == str(int(ov.current["persons"]))
        total = len(store.snapshot().persons)
        assert [m.value for m in at.metric if m.label == "Personen"][-1] == f"{total:,}".replace(",", ".")


def test_map_html_is_offline_and_escapes_names(small_url: str) -> None:
    md = map_view.network_map_data(SYSTEM, open_store(small_url), SnapshotFilter(), "organisation", "degree")
    html = network_map_html(md)
    assert "<script src" not in html and "<link" not in html  # nothing loaded from elsewhere
    assert "vis.Network" in html and "stabilizationIterationsDone" in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the search list shows it as text
