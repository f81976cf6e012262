"""A bestuurder's pages (Overzicht, Inzet, Verschil, Groei) on the demo data: suppressed
counts ("<5") never turn a numeric column into text (Streamlit's Arrow conversion logs
``ArrowInvalid``/``ArrowTypeError`` on the server otherwise), the Overzicht grid stays
aligned, and no suppressed count can be recovered from the other figures on screen."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from dashboard.session import VIEWER_KEY
from netwerk.access import Viewer
from netwerk.bootstrap import open_store

APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"
BESTUURDER = Viewer("best", "bestuurder")
TIMEOUT = 120
PAGES = ["app_pages/overzicht.py", "app_pages/inzet.py", "app_pages/verschil.py", "app_pages/groei.py",
         "app_pages/vertrouwen.py", "app_pages/bronnen.py", "app_pages/themas.py", "app_pages/buurt.py"]




def run_page(page: str, viewer: Viewer = BESTUURDER) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[VIEWER_KEY] = viewer
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def displayed(frame) -> pd.DataFrame:
    """The texts a table shows (its Styler's display values; the values themselves without one)."""
    styler = frame.proto.arrow_data.styler
    if not styler.display_values:
        return frame.value.astype(str)
    return dataframe_util.convert_arrow_bytes_to_pandas_df(styler.display_values)


ARROW_ERRORS = ("ArrowInvalid", "ArrowTypeError", "Could not convert", "Conversion failed")


@pytest.mark.parametrize("page", PAGES)
def test_no_arrow_errors_for_a_bestuurder(demo: str, page: str, capfd: pytest.CaptureFixture[str]) -> None:
    at = run_page(page)
    if page == "app_pages/verschil.py":
        at.radio(key="verschil_soort").set_value("periods").run()
        assert not at.exception
    if page == "app_pages/inzet.py":
        at.radio(key="inzet_freq").set_value("month").run()
        assert not at.exception
    out, err = capfd.readouterr()
    logged = [line for line in (out + err).splitlines() if any(e in line for e in ARROW_ERRORS)]
    assert not logged, logged[:5]


def test_withheld_cells_keep_their_column_numeric(demo: str) -> None:
    """Inzet's table per period: "<5" is shown in its cell, the column stays numbers (sortable)."""
    at = run_page("app_pages/inzet.py")
    at.radio(key="inzet_freq").set_value("month").run()
    table = at.dataframe[-1]
    shown = displayed(table)
    assert (shown["Deelnames"] == "<5").any()
    assert table.value["Deelnames"].dtype.kind == "f"
    numbers = [int(v.replace(".", "")) for v in shown["Deelnames"] if v not in ("<5", "–")]
    assert numbers and all(n == 0 or n % 5 == 0 for n in numbers)
    withheld = table.value["Deelnames"][shown["Deelnames"] == "<5"]
    assert withheld.isna().all()  # the number behind a "<5" is not sent to the browser


def test_overzicht_grid_stays_aligned_with_withheld_cells(demo: str) -> None:
    """December 2025 has fewer than 5 activities: "<5" gets a line where the others show their
    change, and every card sits in its own row of four (one metric per column)."""
    at = run_page("app_pages/overzicht.py")
    at.radio(key="overzicht_freq").set_value("month").run()
    at.selectbox(key="overzicht_periode_month").set_value("2025-12").run()
    assert not at.exception
    cards = {m.label: m for m in at.metric[:12]}
    assert cards["Activiteiten"].value == "<5"
    assert all(m.proto.delta for m in cards.values()), [m.label for m in cards.values() if not m.proto.delta]
    assert cards["Activiteiten"].proto.delta == "niet te vergelijken"
    assert all(len(column.get("metric")) <= 1 for column in at.columns)


def test_store_totals_are_rounded_for_a_bestuurder(demo: str) -> None:
    """Overzicht's "Alles wat is vastgelegd": 186 persons and 1.452 participations in the demo,
    a bestuurder sees 185 and 1.450 (rounded to fives, as every count they see)."""
    at = run_page("app_pages/overzicht.py")
    totals = {m.label: m.value for m in at.metric[12:]}
    assert totals == {"Personen": "185", "Organisaties": "10", "Activiteiten": "200", "Deelnames": "1.450"}
    coordinator = run_page("app_pages/overzicht.py", Viewer("c", "coordinator"))
    assert {m.label: m.value for m in coordinator.metric[12:]}["Personen"] == "186"


def test_bronnen_counts_do_not_say_zero_where_contributions_are_internal(demo: str) -> None:
    """The demo's residents' contributions are internal: a bestuurder's list holds none of
    them, but the card counts them (rounded), never "0"; 4 culture assets show as "<5"."""
    store = open_store(demo)
    assets = store.table("assets")
    contributions = assets[assets["category"] == "contribution"]
    assert len(contributions) >= 5 and (contributions["visibility"] != "openbaar").all()
    at = run_page("app_pages/bronnen.py")
    cards = {m.label: m.value for m in at.metric}
    assert cards["Bijdragen van bewoners"] not in ("0", "<5")
    assert int(cards["Bijdragen van bewoners"]) % 5 == 0
    culture = int((assets["category"] == "culture").sum())
    assert 0 < culture < 5 and cards["Verhalen en cultuur"] == "<5"


def test_groei_time_lapse_caption_rounds_like_the_growth_chart(demo: str) -> None:
    """The demo's last quarter (2025-K4) has 44 organisation pairs among 11 organisations, and
    15 new pairs against 2025-K3. A bestuurder's growth chart and report show 45 pairs and 10
    organisations; the time-lapse's caption under it said "44 ... tussen 11" and so gave the
    exact counts back. It shows them as every count a bestuurder sees (rounded to fives)."""
    captions = " ".join(c.value for c in run_page("app_pages/groei.py").caption)
    assert "2025-K4: 45 verbonden organisatieparen tussen 10 organisaties." in captions, captions
    assert "Nieuw ten opzichte van 2025-K3: 15 verbindingen" in captions
    assert "44 verbonden" not in captions and "tussen 11 " not in captions
    coordinator = " ".join(c.value for c in run_page("app_pages/groei.py", Viewer("c", "coordinator")).caption)
    assert "2025-K4: 44 verbonden organisatieparen tussen 11 organisaties." in coordinator, coordinator
