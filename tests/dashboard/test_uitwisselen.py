"""The Uitwisselen page under AppTest: the labels the browser journeys use, the import
preview and the import of a Dutch Excel CSV, refusal with a Dutch error, the export
bytes (read with networkx), and who may open the page."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from dashboard.navigation import PAGES
from dashboard.safe import md
from dashboard.session import VIEWER_KEY
from netwerk.access import Viewer
from netwerk.bootstrap import open_store
from tests.dashboard.small_network import small_network

APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"
DATA = Path(__file__).resolve().parents[1] / "data" / "exchange"
PAGE = "app_pages/uitwisselen.py"
COORDINATOR = Viewer(user_id="coordinator", role="coordinator")
FORMATS = ["GEXF (Gephi)", "GraphML", "Kumu (Excel)", "CSV (knopen en verbindingen)", "Volledige Excel-werkmap"]


@pytest.fixture
def url(store_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    s = open_store(store_url)
    s.apply(small_network())
    s.close()
    monkeypatch.setenv("NETWERK_STORE_URL", store_url)
    return store_url


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> dict:
    """The callables behind deferred download buttons, by file id (AppTest cannot click a download)."""
    captured: dict = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, *args, **kwargs):
        file_id = original(self, data_callable, *args, **kwargs)
        captured[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return captured


def open_page(viewer: Viewer = COORDINATOR) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state[VIEWER_KEY] = viewer
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def test_page_spec_and_labels(url: str) -> None:
    spec = next(p for p in PAGES if p.path == PAGE)
    assert (spec.title, spec.roles) == ("Uitwisselen", ("coordinator",))
    at = open_page()
    assert at.title[0].value == "Uitwisselen"
    uploader = at.get("file_uploader")[0]
    assert uploader.label == "Bestand kiezen" and uploader.accept_multiple_files
    assert {"csv", "xlsx", "gexf", "graphml", "gml"} <= {t.lstrip(".") for t in uploader.allowed_type}
    fmt = next(s for s in at.selectbox if s.label == "Formaat")
    assert fmt.options == FORMATS
    assert at.get("download_button")[0].proto.label == "Downloaden"


def test_dutch_excel_csv_preview_then_import(url: str) -> None:
    at = open_page()
    personen = (DATA / "personen_excel.csv").read_bytes()
    deelname = b"activity_id;person_id\r\na6;X101\r\n"
    at.get("file_uploader")[0].set_value([("personen.csv", personen, "text/csv"), ("deelname.csv", deelname, "text/csv")])
    at.run()
    assert not at.exception and not at.error
    assert [s.value for s in at.subheader] == ["Voorbeeld"]
    counts = at.dataframe[0].value
    assert dict(zip(counts["Soort"], counts["Nieuw"], strict=True)) == {"personen": 3, "deelnames": 1}
    assert open_store(url).counts()["persons"] == 12  # a preview writes nothing
    at.button(key="uitwisselen_importeren").click().run()
    assert not at.exception
    assert at.success[0].value == "Geïmporteerd: 3 personen nieuw, 1 deelnames nieuw."
    store = open_store(url)
    persons = store.table("persons").set_index("person_id")
    assert persons.loc["X101", "display_name"] == "Renée Groß"
    parts = store.table("participations")
    assert ("a6", "X101") in set(zip(parts["activity_id"], parts["person_id"], strict=True))
    # after the rerun the same files show as unchanged: importing again would change nothing
    counts = at.dataframe[0].value
    assert set(counts["Nieuw"]) == {0} and set(counts["Gewijzigd"]) == {0}


def test_import_errors_are_dutch_and_nothing_is_written(url: str) -> None:
    at = open_page()
    bad = b"person_id;kind;geboortedatum\r\nX9;bewoner;01-01-1970\r\n"
    at.get("file_uploader")[0].set_value(("personen.csv", bad, "text/csv")).run()
    assert not at.exception
    # Shown through dashboard.safe.md (file content is data: never Markdown).
    assert md("personen.csv, rij 1, kolom 'geboortedatum': onbekende kolom voor personen") in at.error[0].value
    assert not at.subheader and not [b for b in at.button if b.key == "uitwisselen_importeren"]
    assert open_store(url).counts()["persons"] == 12


def test_gephi_file_import(url: str) -> None:
    at = open_page()
    at.get("file_uploader")[0].set_value(("kaart.gexf", (DATA / "gephi_buurt.gexf").read_bytes(), "application/xml")).run()
    assert any("Modularity Class" in i.value for i in at.info)
    at.button(key="uitwisselen_importeren").click().run()
    # "Gemeente Raalte" is already in the store (matched by name): two new organisations, not three
    assert at.success[0].value == ("Geïmporteerd: 2 organisaties nieuw, 3 personen nieuw, 3 dienstverbanden nieuw, "
                                   "2 kent-relaties nieuw.")
    assert "Bewoner 't Zand 7" in set(open_store(url).table("persons")["pseudonym"])


def test_export_bytes(url: str, deferred: dict) -> None:
    at = open_page()
    button = at.get("download_button")[0]
    data = deferred[button.proto.deferred_file_id]()
    G = nx.read_gexf(io.BytesIO(data))
    assert G.number_of_nodes() == 12 and G.nodes["r-1"]["label"] == "Bewoner 1"
    assert G.edges["p-anna", "p-cem"]["weight"] == 2.0  # a2 and a4
    store = open_store(url)
    assert store.audit_events().iloc[0]["target"] == "buurtnetwerk.gexf"

    at.selectbox(key="uitwisselen_formaat").set_value("Kumu (Excel)").run()
    data = deferred[at.get("download_button")[0].proto.deferred_file_id]()
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert list(sheets) == ["Elements", "Connections"] and len(sheets["Elements"]) == 12


@pytest.mark.parametrize("role", ["professional", "bestuurder"])
def test_other_roles_cannot_open_the_page(url: str, role: str) -> None:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state[VIEWER_KEY] = Viewer(user_id=role, role=role)
    at.run()
    with pytest.raises(ValueError):
        at.switch_page(PAGE)


def test_two_uploads_with_the_same_name_are_both_imported(url: str) -> None:
    at = open_page()
    first = b"org_id;naam;sector\r\nH1;Buurthuis De Linde;welzijn\r\n"
    second = b"org_id;naam;sector\r\nH2;Sportclub Raalte;vereniging\r\n"
    at.get("file_uploader")[0].set_value([("organisaties.csv", first, "text/csv"),
                                          ("organisaties.csv", second, "text/csv")]).run()
    assert not at.exception and not at.error
    assert ("Twee verschillende bestanden heten 'organisaties.csv'; beide zijn ingelezen, het tweede als "
            "'organisaties (2).csv'.") in [i.value for i in at.info]
    counts = at.dataframe[0].value
    assert dict(zip(counts["Soort"], counts["Nieuw"], strict=True)) == {"organisaties": 2}
    at.button(key="uitwisselen_importeren").click().run()
    assert at.success[0].value == "Geïmporteerd: 2 organisaties nieuw."
    assert {"H1", "H2"} <= open_store(url).existing_ids("organisations")


def test_hostile_upload_is_refused_in_dutch(url: str) -> None:
    at = open_page()
    xfd = (Path(__file__).resolve().parents[1] / "data" / "hostile" / "organisaties_xfd1048576.xlsx").read_bytes()
    at.get("file_uploader")[0].set_value(("organisaties.xlsx", xfd, "application/vnd.ms-excel")).run()
    assert not at.exception
    assert md("organisaties.xlsx, blad 'Sheet', rij 1048576, kolom 'XFD': er staat een waarde op rij 1.048.576; "
              "de grens is 100.001 rijen") in at.error[0].value
    assert open_store(url).counts()["organisations"] == len(small_network().organisations)


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETWERK_MAX_FILE_MB", "0.001")  # 1048 bytes
    at = open_page()
    at.get("file_uploader")[0].set_value(("personen.csv", b"person_id;kind\r\n" + b"X1;professional\r\n" * 100,
                                          "text/csv")).run()
    assert not at.exception
    assert at.error[0].value == ("Import geweigerd, er is niets opgeslagen.\n\n- personen.csv: het bestand is 1,7 kB; "
                                 "de grens is 1 kB. Splits het bestand of vraag de beheerder de grens "
                                 "(NETWERK_MAX_FILE_MB) te verhogen")
