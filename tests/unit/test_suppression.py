"""Suppression that holds: for a bestuurder, a figure derived from a suppressed count is
withheld too, so "<5" cannot be recovered (average degree ÷ density + 1 = persons,
average degree × persons ÷ 2 = ties)."""

from __future__ import annotations

from datetime import date

import pytest

from netwerk.access import RATIO_DECIMALS, SUPPRESSED_DERIVED, SYSTEM, Viewer, suppress_derived
from netwerk.services.network import directed_figures, growth_table, overview
from tests.unit.test_services_network import network

BESTUURDER = Viewer(user_id="best", role="bestuurder")
TODAY = date(2025, 7, 15)


@pytest.fixture
def filled(store):
    store.apply(network())
    return store


def test_the_old_leak_the_ratios_gave_the_suppressed_count_back(filled):
    # What a coordinator sees shows the arithmetic a bestuurder could do before.
    full = overview(SYSTEM, filled, today=TODAY).current
    assert full["persons"] == 4 and full["ties"] == 3
    assert round(full["average_degree"] / full["density"] + 1) == 4
    assert round(full["average_degree"] * full["persons"] / 2) == 3


def test_overview_withholds_ratios_of_suppressed_counts(filled):
    ov = overview(BESTUURDER, filled, today=TODAY)
    cur, prev = ov.current, ov.previous
    assert (cur["persons"], cur["ties"], prev["persons"], prev["ties"]) == ("<5", "<5", "<5", "<5")
    for figures in (cur, prev):
        assert (figures["density"], figures["average_degree"], figures["clustering"]) == (SUPPRESSED_DERIVED,) * 3
    # Counts of 0 and ratios of shown counts are not touched (below).
    assert cur["components"] in ("<5", 0)


def test_growth_table_withholds_them_per_period(filled):
    table = growth_table(BESTUURDER, filled)
    for row in table.to_dict("records"):
        assert row["persons"] == "<5"
        assert (row["density"], row["average_degree"], row["clustering"]) == (SUPPRESSED_DERIVED,) * 3
    # A coordinator keeps the numbers.
    assert all(isinstance(v, float) for v in growth_table(SYSTEM, filled)["density"])


def test_directed_ratios_go_with_their_counts(filled):
    table = directed_figures(BESTUURDER, filled)
    kent = table.iloc[0].to_dict()
    # One reported tie among six persons; for a bestuurder six is rounded to 5 (CBS's vijftallen).
    assert kent["ties"] == "<5" and kent["actors"] == 5
    for key in ("density", "mean_in_degree", "mean_out_degree", "reciprocity_edgewise"):
        assert kent[key] == SUPPRESSED_DERIVED, key
    assert directed_figures(SYSTEM, filled).iloc[0]["ties"] == 1


def test_the_rule_itself():
    derived = {"density": ("persons", "ties"), "share": ("women",)}
    figures = {"persons": 120, "ties": "<5", "density": 0.0004, "women": 60, "share": 0.5}
    assert suppress_derived(BESTUURDER, figures, derived) == {**figures, "density": SUPPRESSED_DERIVED}
    assert suppress_derived(SYSTEM, figures, derived) is figures
    shown = {"persons": 120, "ties": 300, "density": 0.04}
    # Nothing suppressed, no formula given: the ratio is only rounded (RATIO_DECIMALS), so it
    # cannot give back the exact counts behind it.
    assert suppress_derived(BESTUURDER, shown, derived) == {**shown, "density": round(0.04, RATIO_DECIMALS)}


def test_bestuurder_pages_show_withheld_figures_as_such(filled, store_url, monkeypatch):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from dashboard.session import VIEWER_KEY

    monkeypatch.setenv("NETWERK_STORE_URL", store_url)
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"), default_timeout=120)
    at.session_state[VIEWER_KEY] = BESTUURDER
    at.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Werkrelaties"] == "<5"
    assert metrics["Dichtheid (werkrelaties)"] == metrics["Gem. werkrelaties per persoon"] == SUPPRESSED_DERIVED
    at.switch_page("app_pages/groei.py").run()
    assert not at.exception
