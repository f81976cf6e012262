"""The page "Wat we leerden" in a real headless Chromium on the demo data: a coordinator opens
it, sees the demo's lessons, decisions and plans, records a lesson through the form, and
sees it in the list at once; screenshots in artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest

from netwerk.bootstrap import open_store
from netwerk.services import seeding
from tests.browser.harness import RENDER_TIMEOUT_MS, Browser, add_coordinator, chromium_or_fail, serve

pytestmark = pytest.mark.browser

LESSON = "Een vaste koffietafel na het straatgesprek brengt buren bij elkaar"


def test_coordinator_reads_and_adds_a_lesson(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium_or_fail()
    url = f"sqlite:///{tmp_path / 'netwerk.sqlite'}"
    store = open_store(url)
    seeding.seed(store, "demo")
    add_coordinator(store)
    store.close()
    with serve(url, tmp_path / "streamlit.log") as base, sync_playwright() as pw:
        b = Browser(pw)
        try:
            b.sign_in(base)
            b.open_page("Wat we leerden", "Wat we leerden")
            page = b.page
            # the table draws on a canvas; its accessible cells are attached but hidden
            page.get_by_text("Elke maand een buurtmaaltijd in het wijkcentrum").first.wait_for(
                state="attached", timeout=RENDER_TIMEOUT_MS)
            b.screenshot("wat-we-leerden.png")
            page.get_by_role("textbox", name="Wat leerden we?").fill(LESSON)
            page.get_by_role("textbox", name="Wat leerden we?").press("Control+Enter")
            b.wait_idle()
            page.get_by_role("button", name="Les opslaan").click()
            page.get_by_text("Les opgeslagen.").wait_for(timeout=RENDER_TIMEOUT_MS)
            b.wait_idle()
            b.screenshot("wat-we-leerden-les-opgeslagen.png")
            b.assert_clean()
        finally:
            b.close()
    check = open_store(url)
    assert LESSON in list(check.table("lessons")["text"])
    assert len(check.table("lessons")) == 7
    check.close()
