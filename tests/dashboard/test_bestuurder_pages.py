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
from netwerk.services import seeding

APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"
BESTUURDER = Viewer("best", "bestuurder")
TIMEOUT = 120
PAGES = ["app_pages/overzicht.py", "app_pages/inzet.py", "app_pages/verschil.py", "app_pages/groei.py"]


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('bestdemo') / 'demo.sqlite'}"
    s = open_store(url)
    seeding.seed(s, "demo")
    s.close()
    return url


@pytest.fixture
def demo(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("NETWERK_STORE_URL", demo_url)
    return demo_url


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
