"""Dashboard defects found at city scale (issue 7, ``python -m bench.dashboard``): the
privacy page's title scan served from the cache, tables too large for pandas' Styler shown
unstyled, and the trust pages with two organisations of the same name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import labels
from dashboard.session import VIEWER_KEY
from netwerk.access import Viewer
from netwerk.bootstrap import open_store
from netwerk.domain import AMSTERDAM, Activity, ChangeSet
from tests.dashboard.small_network import small_network
from tests.unit.test_same_name_organisations import twins_changeset

APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"
COORDINATOR = Viewer(user_id="coordinator", role="coordinator")
WHEN = dt.datetime(2025, 3, 3, 15, tzinfo=AMSTERDAM)


def _url(store_url: str, monkeypatch: pytest.MonkeyPatch, cs: ChangeSet) -> str:
    s = open_store(store_url)
    s.apply(cs)
    s.close()
    monkeypatch.setenv("NETWERK_STORE_URL", store_url)
    st.cache_data.clear()
    return store_url


def _page(page: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state[VIEWER_KEY] = COORDINATOR
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_privacy_scan_runs_once_per_data_version(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from netwerk.services import privacy

    cs = small_network()
    cs.activities.append(Activity(activity_id="a-naam", kind="straatgesprek", date=WHEN, title="Gesprek met Bert Mulder"))
    url = _url(store_url, monkeypatch, cs)
    calls = []
    real = privacy.scan_titles
    monkeypatch.setattr(privacy, "scan_titles", lambda *a, **k: calls.append(1) or real(*a, **k))
    at = _page("app_pages/beheer_privacy.py")
    flagged = at.dataframe[-1].value
    assert list(flagged["Id"]) == ["a-naam"] and "Bert Mulder" in flagged["Waarschuwing"].iloc[0]
    at.run()
    assert not at.exception and calls == [1]  # the rerun is served from the cache
    s = open_store(url)
    s.apply(ChangeSet(activities=[Activity(activity_id="a-naam", kind="straatgesprek", date=WHEN, title="Gesprek over groen")]))
    s.close()
    at.run()  # a new data version scans again, and the fixed title is gone
    assert calls == [1, 1]
    assert not any("titels lijken" in w.value for w in at.warning)


def test_dutch_table_leaves_a_large_table_unstyled(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = pd.DataFrame({"a": [1.23456, 2.5], "b": [3, 4], "c": ["x", "<5"]})
    assert not isinstance(labels.dutch_table(frame, {"a": 3}), pd.DataFrame)  # 6 cells: styled
    monkeypatch.setattr(labels, "STYLE_MAX_CELLS", 5)
    plain = labels.dutch_table(frame, {"a": 3})
    assert isinstance(plain, pd.DataFrame)
    assert plain["a"].tolist() == [1.235, 2.5] and plain["b"].tolist() == [3, 4] and plain["c"].tolist() == ["x", "<5"]


def test_actoren_beyond_the_styler_limit(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _url(store_url, monkeypatch, small_network())
    # Streamlit refuses a Styler with more cells than pandas' styler.render.max_elements (262,144 by default,
    # 50,000 persons x 16 columns at city scale); lowered here so the small network exceeds it.
    with pd.option_context("styler.render.max_elements", 20):
        at = _page("app_pages/actoren.py")
    table = at.dataframe[0].value
    assert len(table) == 12 and any("De tabel is groot" in c.value for c in at.caption)


@pytest.mark.parametrize("page", ["app_pages/vertrouwen.py", "app_pages/groei.py", "app_pages/verschil.py",
                                  "app_pages/inzet.py"])
def test_trust_pages_with_two_organisations_of_one_name(store_url: str, monkeypatch: pytest.MonkeyPatch,
                                                        page: str) -> None:
    _url(store_url, monkeypatch, twins_changeset())
    at = _page(page)
    if page.endswith("vertrouwen.py"):
        names = at.dataframe[0].value["Naam"].tolist()
        assert sorted(names) == ["Gemeente", "Welzijn (W1)", "Welzijn (W2)"]


def test_privacy_picker_and_retention_plan_are_computed_once_per_data_version(
        store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from netwerk.services import privacy

    url = _url(store_url, monkeypatch, small_network())
    calls: list[str] = []
    real_choices, real_plan = privacy.person_choices, privacy.retention_plan
    monkeypatch.setattr(privacy, "person_choices", lambda *a, **k: calls.append("choices") or real_choices(*a, **k))
    monkeypatch.setattr(privacy, "retention_plan", lambda *a, **k: calls.append("plan") or real_plan(*a, **k))
    at = _page("app_pages/beheer_privacy.py")
    n_people = len(open_store(url).table("persons"))
    assert len(at.selectbox(key="privacy_persoon").options) == n_people
    at.run()
    assert not at.exception and sorted(calls) == ["choices", "plan"]  # the rerun is served from the cache
    s = open_store(url)
    s.apply(ChangeSet(activities=[Activity(activity_id="a-nieuw", kind="straatgesprek", date=WHEN, title="Gesprek")]))
    s.close()
    at.run()  # a new data version computes both again
    assert sorted(calls) == ["choices", "choices", "plan", "plan"]
