"""The Verschil page in a real headless Chromium on the demo data: the verdicts with their
95% intervals for two survey rounds and for two quarters, with screenshots
(``artifacts/verschil-rondes.png``, ``artifacts/verschil-perioden.png``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from netwerk.access import SYSTEM
from netwerk.bootstrap import open_store
from netwerk.services import growth_change as gc
from netwerk.services import trust
from netwerk.services.seeding import seed
from tests.browser.harness import RENDER_TIMEOUT_MS, Browser, add_coordinator, chromium_or_fail, serve

pytestmark = pytest.mark.browser


def test_verschil_shows_verdicts_with_intervals(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium_or_fail()
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    store = open_store(url)
    seed(store, "demo")
    add_coordinator(store)
    rounds = gc.growth_change(SYSTEM, store, "nulmeting-2025", "jaarevaluatie-2025")
    quarters = trust.period_choices(SYSTEM, store, "quarter")
    periods = gc.growth_change(SYSTEM, store, quarters[0][0], quarters[-1][0])
    store.close()
    with serve(url, tmp_path / "streamlit.log") as base, sync_playwright() as pw, Browser(pw, "verschil") as b:
        b.sign_in(base)
        b.open_page("Verschil")
        page = b.page
        page.get_by_text(rounds.headline).first.wait_for(timeout=RENDER_TIMEOUT_MS)
        assert "95%-interval van de toename" in rounds.headline
        page.get_by_text("Berekend met 1.000 steekproeven (seed 17).", exact=False).first.wait_for()
        b.screenshot("verschil-rondes.png")
        page.get_by_text("Twee perioden", exact=True).click()
        page.get_by_text(periods.headline).first.wait_for(timeout=RENDER_TIMEOUT_MS)
        b.wait_idle()
        assert "95%-interval" in periods.headline
        b.screenshot("verschil-perioden.png")
        b.assert_clean()
