"""The key journeys in a real headless Chromium (Debian's ``chromium``), each signed in
through the real sign-in form with the role it needs, on one dashboard server for the
module (the demo seed plus one account per role):

1. a coordinator imports a Dutch Excel CSV (``;``, Windows-1252, ``dd-mm-jjjj``) on
   *Uitwisselen* and sees the new people on the Netwerkkaart;
2. a coordinator exports GEXF on *Uitwisselen* and the file holds the store's network;
3. a bestuurder opens *Groei*, sees no person's name and downloads the PDF report;
4. a professional finds a colleague on *Collega's* and sees who can introduce them.

Expected values are computed from the store with the services the pages call, never
hard-coded. Each journey saves a full-page screenshot ``artifacts/journey-*.png`` and
fails on any browser console error, page error, failed request or dialog
(:meth:`tests.browser.harness.Browser.assert_clean`).
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from playwright.sync_api import Error as PlaywrightError

from dashboard import map_view
from netwerk.access import SYSTEM, Viewer, visible_snapshot
from netwerk.analysis.snapshot import social_graph
from netwerk.bootstrap import open_store
from netwerk.domain import SnapshotFilter
from netwerk.services import colleagues, network, report, seeding, users
from netwerk.services.network_map import network_map
from tests.browser.harness import (
    PASSWORD,
    RENDER_TIMEOUT_MS,
    USER,
    Browser,
    add_coordinator,
    chromium_or_fail,
    serve,
)

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[1] / "data" / "journeys"
PROFESSIONAL, PROFESSIONAL_PERSON = "professional", "p09"  # Mehmet Öztürk, opbouwwerker in the demo
BESTUURDER = "bestuurder"
OTHER_PASSWORD = "browser-test-wachtwoord-2"


@dataclass(frozen=True)
class Dashboard:
    """The running dashboard of this module and the store it serves."""

    base: str
    store_url: str

    def store(self):
        return open_store(self.store_url)


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    chromium_or_fail()
    tmp = tmp_path_factory.mktemp("journeys")
    url = f"sqlite:///{tmp / 'demo.sqlite'}"
    store = open_store(url)
    seeding.seed(store, "demo")
    add_coordinator(store)
    users.add_user(SYSTEM, store, PROFESSIONAL, "professional", OTHER_PASSWORD, person_id=PROFESSIONAL_PERSON)
    users.add_user(SYSTEM, store, BESTUURDER, "bestuurder", OTHER_PASSWORD)
    store.close()
    with serve(url, tmp / "streamlit.log") as base:
        yield Dashboard(base, url)


@pytest.fixture(scope="module")
def pw() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


def _sidebar_filter(store) -> SnapshotFilter:
    """The filter the sidebar applies until the user changes it: the period from the first to
    the last activity (:func:`dashboard.filters.sidebar`)."""
    opts = network.filter_options(Viewer(USER, "coordinator"), store)
    return SnapshotFilter(start=opts.first_date, end=opts.last_date)


def _download(b: Browser, button: str, target: Path) -> Path:
    """Click the download button ``button`` and save the file the browser receives."""
    with b.page.expect_download(timeout=RENDER_TIMEOUT_MS) as info:
        b.page.get_by_role("button", name=button, exact=True).click()
    download = info.value
    assert download.failure() is None, download.failure()
    path = target / download.suggested_filename
    download.save_as(path)
    b.wait_idle()  # the click also reruns the script (the audit log records the export)
    return path


def _wait_for_charts(b: Browser) -> None:
    """Wait until every Plotly chart on the page has drawn its SVG."""
    b.page.wait_for_function(
        "() => Array.from(document.querySelectorAll('[data-testid=stPlotlyChart]'))"
        ".every(c => c.querySelector('.main-svg'))",
        timeout=RENDER_TIMEOUT_MS,
    )


def _grid_rows(b: Browser, header: str) -> list[list[str]]:
    """The cells, row by row and header first, of the ``st.dataframe`` grid with a column
    ``header``. The grid draws on a canvas; its accessible table (filled once the grid has
    drawn) holds the same text."""
    find = ("(h) => Array.from(document.querySelectorAll('[data-testid=stDataFrame] table'))"
            ".find(t => Array.from(t.querySelectorAll('th')).some(c => c.innerText.trim() === h))")
    b.page.wait_for_function(f"(h) => !!({find})(h)", arg=header, timeout=RENDER_TIMEOUT_MS)
    return b.page.evaluate(
        f"(h) => Array.from(({find})(h).rows).map(r => Array.from(r.cells).map(c => c.innerText.trim()))", header
    )


# --- 1. coordinator imports a Dutch Excel CSV and sees the new people on the map ----------------


def _person_map(b: Browser, n_nodes: int):
    """The map's frame once it shows ``n_nodes`` persons and has stabilised. A rerun may
    replace the map's document, so the frames are polled until one holds that map."""
    deadline = time.monotonic() + RENDER_TIMEOUT_MS / 1000
    seen = None
    while time.monotonic() < deadline:
        for frame in b.page.frames[1:]:
            try:
                seen = frame.evaluate("() => window.network && document.body.dataset.stabilised === '1'"
                                      " ? network.body.data.nodes.length : null")
            except PlaywrightError:  # the frame navigated or went away during the rerun
                continue
            if seen == n_nodes:
                return frame
        b.page.wait_for_timeout(250)  # polling interval
    raise AssertionError(f"no stabilised map with {n_nodes} persons appeared (last seen: {seen})")


def test_coordinator_imports_dutch_excel_csv_and_sees_new_people_on_the_map(dashboard: Dashboard, pw) -> None:
    files = [DATA / "personen.csv", DATA / "deelname.csv"]
    new = pd.read_csv(files[0], sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    ties = pd.read_csv(files[1], sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    store = dashboard.store()
    assert not set(new["persoon_id"]) & store.existing_ids("persons"), "the fixture's people must be new"
    before = map_view.network_map_data(SYSTEM, store, _sidebar_filter(store), "organisation", "degree")
    store.close()
    with Browser(pw, "journey-1") as b:
        b.sign_in(dashboard.base, USER, PASSWORD)
        b.open_page("Uitwisselen")
        page = b.page
        uploader = page.locator("[data-testid=stFileUploader]").filter(has_text="Bestand kiezen")
        uploader.locator("input[type=file]").set_input_files([str(f) for f in files])
        page.get_by_role("heading", name="Voorbeeld").first.wait_for(timeout=RENDER_TIMEOUT_MS)
        b.wait_idle()
        preview = {r[0]: r[1:] for r in _grid_rows(b, "Nieuw")[1:]}
        assert preview["personen"][0] == str(len(new)), preview  # Soort | Nieuw | Gewijzigd | Ongewijzigd
        assert preview["deelnames"][0] == str(len(ties)), preview
        b.screenshot("journey-1-voorbeeld.png")
        page.get_by_role("button", name="Importeren", exact=True).click()
        page.get_by_text("Geïmporteerd:").first.wait_for(timeout=RENDER_TIMEOUT_MS)
        b.wait_idle()
        b.screenshot("journey-1-import-csv.png")

        store = dashboard.store()
        after = map_view.network_map_data(SYSTEM, store, _sidebar_filter(store), "organisation", "degree")
        store.close()
        labels = dict(zip(after.nodes["id"], after.nodes["label"], strict=True))
        assert set(new["persoon_id"]) <= set(labels), "the imported people are not in the network"
        assert len(after.nodes) == len(before.nodes) + len(new)

        b.open_page("Netwerkkaart")  # the demo is small enough to be drawn per person by default
        frame = _person_map(b, len(after.nodes))
        store = dashboard.store()
        drawn = network_map(SYSTEM, store, _sidebar_filter(store), tie_filter="small")  # the map's default lines
        store.close()
        assert frame.evaluate("network.body.data.edges.length") == len(drawn.edges)
        options = set(frame.evaluate("Array.from(document.querySelectorAll('#zoek option')).map(o => o.textContent)"))
        for pid in new["persoon_id"]:
            assert frame.evaluate(f"network.body.data.nodes.get({pid!r}).fullLabel") == labels[pid]
            assert labels[pid] in options
            # Each new person has ties: they took part in an existing demo activity.
            assert frame.evaluate(f"network.getConnectedNodes({pid!r}).length") > 0, pid
        # Windows-1252 é and ë arrived as those letters, not as mojibake; a resident who
        # consented is shown by name to the coordinator, one who did not by pseudonym.
        named = new[new["naam"] != ""]
        assert set("éë") <= set("".join(named["naam"]))
        for r in new.itertuples(index=False):
            assert labels[r.persoon_id] == (r.naam or r.pseudoniem)
        b.screenshot("journey-1-netwerkkaart.png")
    b.assert_clean()


# --- 2. coordinator exports GEXF ----------------------------------------------------------------


def test_coordinator_exports_gexf(dashboard: Dashboard, pw, tmp_path: Path) -> None:
    with Browser(pw, "journey-2") as b:
        b.sign_in(dashboard.base, USER, PASSWORD)
        b.open_page("Uitwisselen")
        page = b.page
        page.get_by_label("Formaat", exact=True).first.click()
        page.get_by_role("option", name="GEXF (Gephi)").click()
        b.wait_idle()
        path = _download(b, "Downloaden", tmp_path)
        b.screenshot("journey-2-export-gexf.png")
    b.assert_clean()
    assert path.name == "buurtnetwerk.gexf"
    G = nx.read_gexf(path)
    store = dashboard.store()
    # The page exports the person network with the sidebar's filters.
    expected = social_graph(visible_snapshot(Viewer(USER, "coordinator"), store, _sidebar_filter(store)))
    assert G.number_of_nodes() == expected.number_of_nodes()
    assert G.number_of_edges() == expected.number_of_edges()
    assert set(G.nodes) == set(expected.nodes)
    # Each tie's weight (shared activities plus KNOWS reports) is the social graph's.
    assert {frozenset((u, v)): w for u, v, w in G.edges(data="weight")} == {
        frozenset((u, v)): w for u, v, w in expected.edges(data="weight")}
    # Residents leave the dashboard under their pseudonym, also those the coordinator sees by name.
    persons = store.table("persons").set_index("person_id")
    residents = persons[persons["kind"] == "resident"]
    named = residents[residents["consent_named"].fillna(False).astype(bool) & residents["display_name"].notna()]
    assert len(named), "the demo has residents who consented to their name"
    for pid, r in named.iterrows():
        assert G.nodes[pid]["label"] == r["pseudonym"], pid
    text = path.read_text(encoding="utf-8")
    assert not [n for n in named["display_name"] if n in text]
    store.close()


# --- 3. bestuurder opens Groei and downloads the report -------------------------------------------


def test_bestuurder_opens_groei_and_downloads_the_report(dashboard: Dashboard, pw, tmp_path: Path) -> None:
    from pypdf import PdfReader

    store = dashboard.store()
    persons = store.table("persons")
    rep = report.build_report(Viewer(BESTUURDER, "bestuurder"), store)
    store.close()
    names = {str(v) for col in ("display_name", "pseudonym") for v in persons[col].dropna() if str(v).strip()}
    organisations = sorted(set(rep.rounds[-1].actors["name"]))
    assert names and organisations

    with Browser(pw, "journey-3") as b:
        b.sign_in(dashboard.base, BESTUURDER, OTHER_PASSWORD)
        b.open_page("Groei")
        page = b.page
        # The report is made when asked for (issue 19), with its steps shown, then offered for download.
        page.get_by_role("button", name="Rapport maken", exact=True).click()
        page.get_by_role("button", name="Rapport (PDF, A4)", exact=True).wait_for(timeout=RENDER_TIMEOUT_MS)
        _wait_for_charts(b)
        assert page.get_by_role("link", name="Netwerkkaart").count() == 0  # no map for a bestuurder
        text = page.evaluate("() => document.body.innerText + '\\n' + document.body.textContent")
        # The text read includes the charts' SVG labels: the organisation network names organisations.
        assert "Samenwerking tussen organisaties" in text and any(o in text for o in organisations)
        shown = sorted(n for n in names if n in text)
        assert not shown, f"person names on the Groei page of a bestuurder: {shown[:5]}"
        path = _download(b, "Rapport (PDF, A4)", tmp_path)
        b.screenshot("journey-3-groei-rapport.png")
    b.assert_clean()

    assert path.name == "bestuurdersrapport.pdf"
    pdf = PdfReader(io.BytesIO(path.read_bytes()))
    assert len(pdf.pages) > 0
    body = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    # The first page: the municipality and programme, the two comparisons under their own headings, in plain Dutch.
    first = " ".join((pdf.pages[0].extract_text() or "").split())
    assert f"{rep.gemeente} — {rep.programma}" in first
    for heading in (rep.summary.periods.heading, rep.summary.rounds.heading, "Wat betekent dit?", "Wat kunt u besluiten?"):
        assert heading in first, heading
    missing = [o for o in organisations if o not in body]
    assert not missing, f"organisations of round {rep.rounds[-1].name} missing from the PDF: {missing}"
    leaked = sorted(n for n in names if n in body)
    assert not leaked, f"person names in the bestuurders' report: {leaked[:5]}"


# --- 4. professional finds a colleague and sees who can introduce them ----------------------------


def _colleague_with_introducers(store, viewer: Viewer) -> tuple[str, str, int, pd.DataFrame]:
    """The first colleague (by name) the viewer has no direct working tie with, who has
    introducers with a unique closest one (distance 1/w): (person_id, name, steps on the
    shortest path, introducers)."""
    found = colleagues.search_colleagues(viewer, store, "", (), (), (), (), ()).sort_values("name")
    for pid, name in zip(found["person_id"], found["name"], strict=True):
        if pid == viewer.person_id:
            continue
        paths = colleagues.paths_to(viewer, store, pid)
        intro = colleagues.introducers_for(viewer, store, pid)
        if paths and len(paths[0]) > 2 and len(intro) >= 2 and intro["distance"].iloc[0] < intro["distance"].iloc[1] - 1e-9:
            return pid, name, len(paths[0]) - 1, intro
    raise AssertionError(f"the demo has no colleague of {viewer.person_id} with introducers")


def test_professional_finds_colleague_and_sees_who_can_introduce_them(dashboard: Dashboard, pw) -> None:
    viewer = Viewer(PROFESSIONAL, "professional", PROFESSIONAL_PERSON)
    store = dashboard.store()
    pid, name, steps, intro = _colleague_with_introducers(store, viewer)
    matches = colleagues.search_colleagues(viewer, store, colleagues.fold(name), (), (), (), (), ())
    store.close()
    assert list(matches["person_id"]) == [pid]

    with Browser(pw, "journey-4") as b:
        b.sign_in(dashboard.base, PROFESSIONAL, OTHER_PASSWORD)
        b.open_page("Collega's")
        page = b.page
        # Lower case without accents, as a user types it ("menard" finds "Ménard").
        page.get_by_label("Zoeken", exact=True).fill(colleagues.fold(name))
        page.keyboard.press("Enter")
        page.get_by_text("1 collega gevonden.", exact=True).wait_for(timeout=RENDER_TIMEOUT_MS)
        page.get_by_role("heading", name=name, exact=True).wait_for(timeout=RENDER_TIMEOUT_MS)
        page.get_by_text(f"Kortste weg: {steps} stappen").wait_for(timeout=RENDER_TIMEOUT_MS)
        page.get_by_text("Wie kan u voorstellen?").wait_for(timeout=RENDER_TIMEOUT_MS)
        b.wait_idle()
        rows = _grid_rows(b, "Afstand")
        b.screenshot("journey-4-collega-voorstellen.png")
    b.assert_clean()

    header, body = rows[0], rows[1:]
    assert header[-5:] == ["Naam", "Waarom", "Sterkte met u", "Sterkte met collega", "Afstand"]
    # Every introducer (the service returns at most ten, which the grid draws without
    # scrolling), the closest first, in the service's order; never a resident.
    assert [r[-5] for r in body] == list(intro["label"])
    assert body[0][-3] == str(intro["weight_a"].iloc[0])
    assert not any(r[-5].startswith("Bewoner") for r in body)
