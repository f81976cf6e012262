"""The Collega's, Thema's, Bronnen and Invoer pages under AppTest on the demo data, per
role; data entry's double submission and that a saved record shows at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import map_view
from dashboard.navigation import pages_for
from dashboard.session import VIEWER_KEY
from netwerk.access import Viewer
from netwerk.bootstrap import open_store
from netwerk.domain import SnapshotFilter
from netwerk.services import assets, colleagues
from netwerk.services.network_map import network_map
from netwerk.text import fmt_number

APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"
TIMEOUT = 120
COORD = Viewer("coord", "coordinator")
ERIK = Viewer("erik", "professional", "p16")  # Erik Haverkamp, wijkagent
BESTUURDER = Viewer("ans", "bestuurder", "b01")
PEOPLE_PAGES = ["app_pages/collegas.py", "app_pages/themas.py", "app_pages/bronnen.py", "app_pages/invoer.py"]



@pytest.fixture
def demo_url(demo_private: str) -> str:
    """A private copy of the demo store per test (the tests write to it)."""
    return demo_private


def run_page(page: str, viewer: Viewer) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[VIEWER_KEY] = viewer
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [s.value for s in at.success] + [e.value for e in at.error] + [h.value for h in at.header]
    parts += [s.value for s in at.subheader]
    return "\n".join(str(p) for p in parts)


def caption(at: AppTest, contains: str) -> str:
    found = [c.value for c in at.caption if contains in c.value]
    assert found, [c.value for c in at.caption]
    return found[0]


@pytest.mark.parametrize("viewer", [COORD, ERIK], ids=["coordinator", "professional"])
@pytest.mark.parametrize("page", PEOPLE_PAGES)
def test_pages_run_on_demo_data(demo_url: str, page: str, viewer: Viewer) -> None:
    at = run_page(page, viewer)
    assert at.title[0].value in {"Collega's", "Thema's", "Bronnen in de buurt (ABCD)", "Invoer"}
    assert "netwerk seed demo" not in texts(at)


def test_bestuurder_gets_no_people_pages_but_themes_and_public_assets(demo_url: str) -> None:
    paths = {p.path for p in pages_for("bestuurder")}
    assert "app_pages/collegas.py" not in paths and "app_pages/invoer.py" not in paths
    assert {"app_pages/themas.py", "app_pages/bronnen.py"} <= paths
    at = run_page("app_pages/bronnen.py", BESTUURDER)
    table = at.dataframe[0].value
    public = assets.asset_inventory(BESTUURDER, open_store(demo_url))
    assert len(table) == len(public) and set(table["Zichtbaar voor"]) == {"openbaar (iedereen die het dashboard gebruikt)"}
    assert "Verbinders" not in texts(at)
    assert set(table["Soort eigenaar"]) <= {"groep", "organisatie", None}  # never a person
    themes = run_page("app_pages/themas.py", BESTUURDER)
    assert "Themalijst beheren" not in texts(themes)


def test_collega_search_card_ego_network_and_suggestions(demo_url: str) -> None:
    at = run_page("app_pages/collegas.py", ERIK)
    at.text_input(key="collega_zoek").set_value("ozturk").run()
    assert not at.exception
    assert caption(at, "gevonden") == "1 collega gevonden."
    assert at.subheader[0].value == "Mehmet Öztürk"
    assert "m.ozturk@welzijnsallandnoord.example" in texts(at)
    store = open_store(demo_url)
    at.radio(key="collega_stappen").set_value(2).run()
    ego = colleagues.ego_map(ERIK, store, "p09", 2)
    nodes, edges = (f"{n:,}".replace(",", ".") for n in (len(ego.nodes), len(ego.edges)))  # Dutch: 1.007
    assert caption(at, "binnen 2 stappen") == f"{nodes} personen en {edges} relaties binnen 2 stappen."
    assert "U kent elkaar al" in texts(at)  # Erik and Mehmet met in street conversations
    shown = at.table[-1].value
    expected = colleagues.suggestions(ERIK, store)
    assert len(expected) > 0
    assert shown["Collega"].tolist() == expected["other_label"].tolist()
    assert shown["Waarom"].tolist() == expected["reason"].tolist()


def test_collega_filters_and_paths(demo_url: str) -> None:
    at = run_page("app_pages/collegas.py", ERIK)
    at.multiselect(key="collega_vaardigheid").set_value(["Turks"]).run()
    names = at.dataframe[0].value["Naam"].tolist()
    assert names == ["Aylin Demir", "Mehmet Öztürk"]
    at.selectbox(key="collega_kies").set_value("p23").run()
    assert at.subheader[0].value == "Aylin Demir"
    paths = colleagues.paths_to(ERIK, open_store(demo_url), "p23")
    if len(paths[0]) > 2:
        assert f"Kortste weg: **{len(paths[0]) - 1} stappen**." in texts(at)
    else:
        assert "U kent elkaar al" in texts(at)


def test_collega_paths_and_introducers_never_via_residents(demo_url: str) -> None:
    # Issue 13: Thijs (p02) was shown "Thijs → Bewoner 027 → Gert-Jan" and residents as introducers.
    thijs = Viewer("thijs", "professional", "p02")
    at = run_page("app_pages/collegas.py", thijs)
    at.selectbox(key="collega_kies").set_value("p20").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.subheader[0].value == "Gert-Jan Weustink"
    # Newman-weighted working ties (see tests/unit/test_services_colleagues.py): via Petra
    # 1/1.5574 + 1/4.2393 = 0.878 is shorter than via Marieke and Petra (1.138); the weak direct
    # tie (9 large meetings, 0.4952: distance 2.019) is not among the three shortest.
    assert "Kortste weg: **2 stappen**." in texts(at)
    routes = [t.value for t in at.text]
    assert routes[:2] == ["• Thijs van der Veen → Petra Schuurman → Gert-Jan Weustink",
                          "• Thijs van der Veen → Marieke Jansen → Petra Schuurman → Gert-Jan Weustink"]
    assert not any("Bewoner" in r for r in routes)
    table = at.dataframe[-1].value
    table = table.data if hasattr(table, "data") else table  # a Styler from dutch_table
    assert "Bewoner" not in " ".join(table["Naam"])
    assert table["Naam"].tolist()[:2] == ["Petra Schuurman", "Marieke Jansen"]
    assert table["Waarom"].str.startswith("Werkt met beiden: ").all()


def test_coordinator_sees_organisation_gaps(demo_url: str) -> None:
    at = run_page("app_pages/collegas.py", COORD)
    gaps = colleagues.organisation_gaps(COORD, open_store(demo_url))
    assert len(gaps) > 0
    assert at.dataframe[-1].value["Organisatie"].tolist() == gaps["name_a"].tolist()


def test_themas_figures_and_vocabulary_admin(demo_url: str) -> None:
    at = run_page("app_pages/themas.py", COORD)
    assert len(at.get("plotly_chart")) == 3
    trend = at.dataframe[0].value
    assert trend["Totaal"].sum() == len(open_store(demo_url).table("activity_themes"))
    at.text_input(key="thema_nieuw_naam").set_value("Hondenpoep")
    at.button[0].click().run()  # the form's submit button
    assert not at.exception
    assert "Thema 'hondenpoep' toegevoegd." in texts(at)
    assert "hondenpoep" in open_store(demo_url).existing_ids("themes")
    assert "hondenpoep" in set(at.dataframe[-1].value["Thema"])  # the list shown is the new one
    at.selectbox(key="thema_oud").set_value("zwerfafval").run()
    at.selectbox(key="thema_in").set_value("hondenpoep").run()
    assert at.button(key="thema_samenvoegen").disabled
    at.checkbox(key="thema_zeker").check().run()
    at.button(key="thema_samenvoegen").click().run()
    assert not at.exception
    assert "'zwerfafval' is samengevoegd in 'hondenpoep'" in texts(at)
    assert "zwerfafval" not in set(at.dataframe[-1].value["Thema"])
    assert not at.checkbox(key="thema_zeker").value  # a next merge asks again
    store = open_store(demo_url)
    assert "zwerfafval" not in store.existing_ids("themes")
    assert "zwerfafval" not in set(store.table("activity_themes")["theme"])
    prof = run_page("app_pages/themas.py", ERIK)
    assert "Themalijst beheren" not in texts(prof)


def test_straatgesprek_saved_once_and_shown_on_the_map_at_once(demo_url: str) -> None:
    store = open_store(demo_url)
    at = run_page("app_pages/netwerkkaart.py", COORD)
    before = map_view.network_map_data(COORD, store, SnapshotFilter(), "organisation", "degree")
    assert caption(at, "op de kaart").startswith(f"{len(before.nodes)} personen")
    acts_before = store.counts()["activities"]

    at.switch_page("app_pages/invoer.py").run()
    assert not at.exception
    at.date_input(key="sg_datum").set_value(dt.date(2025, 12, 12))
    at.selectbox(key="sg_buurt").set_value("BU01770103")
    at.multiselect(key="sg_professionals").set_value(["p16"])
    at.button(key="sg_nieuwe_bewoner").click().run()  # a resident met for the first time
    assert not at.exception
    new_resident = [p for p in at.multiselect(key="sg_bewoners").value]
    assert len(new_resident) == 1 and new_resident[0].startswith("bew-")
    at.button(key="sg_opslaan").click().run()
    assert any("minstens één thema" in e.value for e in at.error)  # validated, nothing saved
    assert store.counts()["activities"] == acts_before
    at.multiselect(key="sg_themas").set_value(["verkeersveiligheid", "overlast"]).run()
    at.button(key="sg_opslaan").click().run()
    assert not at.exception
    assert any("Straatgesprek opgeslagen" in s.value for s in at.success)
    at.button(key="sg_opslaan").click().run()  # clicked twice
    assert not at.exception
    assert store.counts()["activities"] == acts_before + 1

    at.switch_page("app_pages/netwerkkaart.py").run()
    assert not at.exception
    after = map_view.network_map_data(COORD, store, SnapshotFilter(), "organisation", "degree")
    assert len(after.nodes) == len(before.nodes) + 1
    drawn = network_map(COORD, store, SnapshotFilter(), tie_filter="small")  # the map's default lines
    assert caption(at, "op de kaart").startswith(f"{len(after.nodes)} personen en {fmt_number(len(drawn.edges))} werkrelaties")

    at.switch_page("app_pages/invoer.py").run()
    at.button(key="invoer_nieuw_straatgesprek").click().run()  # a new record gets a new token
    at.selectbox(key="sg_buurt").set_value("BU01770103")
    at.multiselect(key="sg_professionals").set_value(["p16"])
    at.multiselect(key="sg_themas").set_value(["overlast"])
    at.button(key="sg_opslaan").click().run()
    assert not at.error, [e.value for e in at.error]
    assert store.counts()["activities"] == acts_before + 2


def test_professional_meeting_with_attendance_picker(demo_url: str) -> None:
    store = open_store(demo_url)
    at = run_page("app_pages/invoer.py", ERIK)
    at.radio(key="invoer_soort").set_value("bijeenkomst").run()
    assert at.multiselect(key="bij_aanwezigen").value == ["p16"]  # the professional is in by default
    at.text_input(key="bij_titel").set_value("Buurtavond veilig verkeer")
    at.multiselect(key="bij_aanwezigen").set_value(["p16", "p09", "001"])
    at.button(key="bij_opslaan").click().run()
    assert not at.exception
    assert any("Bewonersbijeenkomst" in s.value or "Professionalsoverleg" in s.value for s in at.success)
    acts = store.table("activities")
    new = acts[acts["title"] == "Buurtavond veilig verkeer"]
    assert len(new) == 1
    parts = store.table("participations")
    assert sorted(parts.loc[parts["activity_id"] == new["activity_id"].iloc[0], "person_id"]) == ["001", "p09", "p16"]


def test_delete_with_confirmation(demo_url: str) -> None:
    store = open_store(demo_url)
    at = run_page("app_pages/invoer.py", ERIK)
    at.radio(key="invoer_soort").set_value("wijzigen").run()
    aid = at.selectbox(key="wijzig_activiteit").value
    assert aid in set(store.table("participations").query("person_id == 'p16'")["activity_id"])
    assert at.button(key="wijzig_verwijderen").disabled
    at.checkbox(key=f"wijzig_{aid}_zeker_verwijder").check().run()
    at.button(key="wijzig_verwijderen").click().run()
    assert not at.exception
    assert aid not in store.existing_ids("activities")
    assert any("is verwijderd" in s.value for s in at.success)


def test_collega_marks_an_introduction_and_sees_the_outcome(demo_url: str) -> None:
    at = run_page("app_pages/collegas.py", ERIK)
    assert "Er zijn nog geen kennismakingen vastgelegd." in texts(at)
    store = open_store(demo_url)
    first = colleagues.suggestions(ERIK, store).iloc[0]
    day = dt.date(2025, 6, 2)
    at.selectbox(key="collega_kennismaking_met").set_value(first["other_id"])
    at.date_input(key="collega_kennismaking_datum").set_value(day)
    at.button(key="collega_kennismaking_opslaan").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert f"Vastgelegd: kennismaking met {first['other_label']} op 02-06-2025." in texts(at)
    at.run()  # the next rerun reads the new data version
    made = at.dataframe[-2].value
    assert made["Datum"].tolist() == [day]
    assert set(made[["Collega", "en collega"]].iloc[0]) == {"Erik Haverkamp", first["other_label"]}
    outcome = at.dataframe[-1].value
    expected = colleagues.introduction_outcomes(ERIK, store)
    assert outcome["Kwartaal"].tolist() == expected["period"].tolist()
    assert outcome.loc[outcome["Kwartaal"] == "2025-K2", "Gemaakt"].tolist() == [1]
    audit = store.audit_events()
    assert ((audit["action"] == "edit") & (audit["detail"] == "kennismaking gemaakt") & (audit["user_id"] == "erik")).any()
