"""The yearly evaluation in a real headless Chromium.

A coordinator creates an evaluation for three respondents on the Evaluatie page and
downloads the personal links (CSV). Two respondents open their link without an account
and fill in the form (one in two sittings, in two browser sessions); the coordinator sees
2 of 3 answered, closes the evaluation, and Vertrouwen shows the new round with its
response rate. Screenshots: artifacts/evaluatie-formulier.png (open questions),
artifacts/evaluatie-formulier-partner.png (a partner page), artifacts/evaluatie-respons.png.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from netwerk.bootstrap import open_store
from netwerk.domain import ChangeSet, Organisation, Person, WorksFor
from tests.browser.harness import RENDER_TIMEOUT_MS, Browser, add_coordinator, chromium_or_fail, serve

pytestmark = pytest.mark.browser

RESPONDENTS = {"p1": "Anna de Vries", "p2": "Bram Bos", "p3": "Cees Kok"}


def _network() -> ChangeSet:
    return ChangeSet(
        organisations=[Organisation(org_id="A", name="Gemeente", sector="gemeente"),
                       Organisation(org_id="B", name="Woonstede", sector="woningcorporatie"),
                       Organisation(org_id="C", name="Zorgpunt", sector="zorg")],
        persons=[Person(person_id=p, kind="professional", display_name=n) for p, n in RESPONDENTS.items()],
        works_for=[WorksFor(person_id="p1", org_id="A"), WorksFor(person_id="p2", org_id="B"),
                   WorksFor(person_id="p3", org_id="C")])


def _choose(page, label: str, text: str) -> None:
    box = page.get_by_label(label, exact=True).first
    box.click()
    page.keyboard.type(text)
    page.get_by_role("option").first.wait_for(timeout=10_000)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)


def _answer_page(b: Browser, score: str, number: int) -> None:
    """On page ``number`` (of 3), answer the first question (betrouwbaarheid) and save."""
    page = b.page
    page.get_by_text(f"Pagina {number} van 3").wait_for(timeout=RENDER_TIMEOUT_MS)
    b.wait_idle()
    page.get_by_text(score, exact=True).first.click()
    page.get_by_role("button", name="Opslaan en verder").click()
    page.wait_for_timeout(300)
    b.wait_idle()


def _open_link(b: Browser, link: str) -> None:
    b.page.goto(link, wait_until="domcontentloaded")
    b.page.get_by_role("heading", name="Evaluatie: Jaarevaluatie 2026").wait_for(timeout=RENDER_TIMEOUT_MS)
    b.wait_idle()


def test_evaluation_journey(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium_or_fail()
    url = f"sqlite:///{tmp_path / 'netwerk.sqlite'}"
    store = open_store(url)
    store.apply(_network())
    add_coordinator(store)
    store.close()
    with serve(url, tmp_path / "streamlit.log") as base, sync_playwright() as pw:
        with Browser(pw, name="evaluatie-coordinator") as coord:
            coord.sign_in(base)
            coord.open_page("Evaluatie")
            page = coord.page
            page.get_by_label("Code", exact=True).fill("E2026")
            page.get_by_label("Naam", exact=True).fill("Jaarevaluatie 2026")
            for name in RESPONDENTS.values():
                _choose(page, "Respondenten", name)
            page.get_by_role("button", name="Evaluatie aanmaken").click()
            page.get_by_text("3 persoonlijke links").wait_for(timeout=RENDER_TIMEOUT_MS)
            coord.wait_idle()
            with page.expect_download() as dl:
                page.get_by_role("button", name="Links downloaden (CSV)").click()
            rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text("utf-8-sig")), delimiter=";"))
            links = {r["naam"]: f"{base}/?token={parse_qs(urlparse(r['link']).query)['token'][0]}" for r in rows}
            assert set(links) == set(RESPONDENTS.values())
            coord.assert_clean()

            # Anna, first sitting: one page, then she closes the browser.
            with Browser(pw, name="evaluatie-anna-1") as anna:
                _open_link(anna, links["Anna de Vries"])
                assert "Pagina 1 van 3" in anna.page.content()
                assert "Bram Bos" not in anna.page.content()  # nobody else's data
                anna.screenshot("evaluatie-formulier-partner.png")
                _answer_page(anna, "4 · in hoge mate", 1)
                anna.page.get_by_text("Pagina 2 van 3").wait_for(timeout=RENDER_TIMEOUT_MS)
                anna.assert_clean()
            # Anna, second sitting in a new browser session: her saved answer is there; she finishes.
            with Browser(pw, name="evaluatie-anna-2") as anna:
                _open_link(anna, links["Anna de Vries"])
                assert anna.page.get_by_role("radio", name="4 · in hoge mate").first.is_checked()
                _answer_page(anna, "4 · in hoge mate", 1)
                _answer_page(anna, "3 · redelijk", 2)
                anna.page.get_by_text("Pagina 3 van 3").wait_for(timeout=RENDER_TIMEOUT_MS)
                anna.wait_idle()
                anna.page.get_by_label("Wat gaat goed in de samenwerking in de buurtaanpak?").fill("Korte lijnen.")
                anna.screenshot("evaluatie-formulier.png")
                anna.page.get_by_role("button", name="Indienen").click()
                anna.page.get_by_text("Dank u wel").wait_for(timeout=RENDER_TIMEOUT_MS)
                anna.assert_clean()
            # Bram, one sitting.
            with Browser(pw, name="evaluatie-bram") as bram:
                _open_link(bram, links["Bram Bos"])
                _answer_page(bram, "2 · een beetje", 1)
                _answer_page(bram, "3 · redelijk", 2)
                bram.page.get_by_text("Pagina 3 van 3").wait_for(timeout=RENDER_TIMEOUT_MS)
                bram.wait_idle()
                bram.page.get_by_role("button", name="Indienen").click()
                bram.page.get_by_text("Dank u wel").wait_for(timeout=RENDER_TIMEOUT_MS)
                bram.assert_clean()

            # The coordinator sees 2 of 3 answered, closes, and Vertrouwen shows the round.
            coord.open_page("Overzicht")
            coord.open_page("Evaluatie")
            page.get_by_text("2 van 3 beantwoord").wait_for(timeout=RENDER_TIMEOUT_MS)
            coord.wait_idle()
            coord.screenshot("evaluatie-respons.png")
            page.get_by_text("Ik wil de evaluatie sluiten").click()
            coord.wait_idle()
            page.get_by_role("button", name="Evaluatie sluiten").click()
            page.get_by_text("Gesloten.").wait_for(timeout=RENDER_TIMEOUT_MS)
            coord.wait_idle()
            coord.open_page("Vertrouwen")
            page.get_by_text("Respons Jaarevaluatie 2026: 2 van 3 uitgenodigden (67%)").wait_for(timeout=RENDER_TIMEOUT_MS)
            assert "Jaarevaluatie 2026" in page.content()
            assert "lager dan 70%" in page.content()
            coord.assert_clean()
    store = open_store(url)
    ratings = store.table("ratings")
    assert sorted(set(ratings["rater_id"])) == ["p1", "p2"]
    assert len(ratings) == 4  # Anna: Woonstede and Zorgpunt; Bram: Gemeente and Zorgpunt
    store.close()
