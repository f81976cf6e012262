"""Invoer as a person expects it (issue 16), under AppTest on the demo data: buurt names in
the pickers and auto-titles, the form shows what was saved after an edit, deleting an
activity offers its lone residents, new residents continue the "Bewoner <n>" series."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.session import VIEWER_KEY
from netwerk.access import Viewer
from netwerk.bootstrap import open_store
from netwerk.services import seeding

APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"
TIMEOUT = 120
ERIK = Viewer("erik", "professional", "p16")  # Erik Haverkamp, wijkagent
STRAATGESPREK = "a188"  # one of Erik's straatgesprekken in the demo


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    s = open_store(f"sqlite:///{path}")
    seeding.seed(s, "demo")
    s.close()
    return path


@pytest.fixture
def demo_url(demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("NETWERK_STORE_URL", url)
    return url


def invoer(viewer: Viewer, form: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[VIEWER_KEY] = viewer
    at.run()
    at.switch_page("app_pages/invoer.py").run()
    at.radio(key="invoer_soort").set_value(form).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_buurt_picker_and_auto_title_show_names(demo_url: str) -> None:
    store = open_store(demo_url)
    at = invoer(ERIK, "straatgesprek")
    picker = at.selectbox(key="sg_buurt")
    assert "Schoolbuurt (BU01770104)" in picker.options  # before: "BU01770104"
    assert not [o for o in picker.options if o.startswith("BU")]
    at.date_input(key="sg_datum").set_value(dt.date(2025, 12, 12))
    picker.set_value("BU01770104")
    at.multiselect(key="sg_professionals").set_value(["p16"])
    at.multiselect(key="sg_themas").set_value(["overlast"])
    at.button(key="sg_opslaan").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    titles = store.table("activities")["title"].tolist()
    assert "Straatgesprek Schoolbuurt" in titles and "Straatgesprek BU01770104" not in titles


def test_after_an_edit_the_form_shows_the_saved_state(demo_url: str) -> None:
    store = open_store(demo_url)
    at = invoer(ERIK, "wijzigen")
    at.selectbox(key="wijzig_activiteit").set_value(STRAATGESPREK).run()
    k = f"wijzig_{STRAATGESPREK}"
    buurt = at.selectbox(key=f"{k}_buurt")
    assert buurt.value.startswith("BU") and buurt.format_func(buurt.value).endswith(f"({buurt.value})")
    name = buurt.format_func(buurt.value).rsplit(" (", 1)[0]
    people = at.multiselect(key=f"{k}_deelnemers").value
    at.text_input(key=f"{k}_titel").set_value("")  # blank: the automatic title is saved
    typed = [p for p in people if not p.startswith("p")] + [p for p in reversed(people) if p.startswith("p")]
    at.multiselect(key=f"{k}_deelnemers").set_value(typed)  # a resident first
    at.multiselect(key=f"{k}_themas").set_value(["groen"])
    at.checkbox(key=f"{k}_zeker_wijzig").check().run()
    at.button(key="wijzig_opslaan").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("Wijzigingen opgeslagen" in s.value for s in at.success)
    saved = store.table("activities").set_index("activity_id").loc[STRAATGESPREK, "title"]
    assert saved == f"Straatgesprek {name}"
    # Read the widgets right after saving: they hold the saved record, not what was typed.
    assert at.text_input(key=f"{k}_titel").value == saved  # before: ""
    shown = at.multiselect(key=f"{k}_deelnemers").value
    organiser = next(p for p in typed if p.startswith("p"))  # the first professional entered
    assert sorted(shown) == sorted(people) and shown[0] == organiser and shown != typed
    assert at.multiselect(key=f"{k}_themas").value == ["groen"]
    assert at.selectbox(key="wijzig_activiteit").format_func(STRAATGESPREK).endswith(f"· {saved}")
    at.run()
    assert at.text_input(key=f"{k}_titel").value == saved


def test_delete_offers_the_residents_left_without_activity(demo_url: str) -> None:
    store = open_store(demo_url)
    at = invoer(ERIK, "bijeenkomst")
    at.text_input(key="bij_titel").set_value("Buurtavond groen")
    at.button(key="bij_nieuwe_bewoner").click().run()
    new = [p for p in at.multiselect(key="bij_aanwezigen").value if p != "p16"]
    assert len(new) == 1
    # The demo's residents are Bewoner 1..150: the new one continues the series (before: "Bewoner 358d86").
    assert store.table("persons").set_index("person_id").loc[new[0], "pseudonym"] == "Bewoner 151"
    assert any("Nieuwe bewoner toegevoegd als Bewoner 151" in i.value for i in at.info)
    at.button(key="bij_opslaan").click().run()
    assert not at.error, [e.value for e in at.error]
    assert any("met 2 aanwezigen" in s.value for s in at.success)
    aid = store.table("activities").query("title == 'Buurtavond groen'")["activity_id"].iloc[0]

    at.radio(key="invoer_soort").set_value("wijzigen").run()
    at.selectbox(key="wijzig_activiteit").set_value(aid).run()
    offer = at.multiselect(key=f"wijzig_{aid}_ook_bewoners")
    assert offer.label == ("Ook verwijderen (optioneel): de bewoner die daarna aan geen enkele activiteit meer "
                           "deelneemt")
    assert offer.options == ["Bewoner 151"] and offer.value == []
    offer.set_value(new)
    at.checkbox(key=f"wijzig_{aid}_zeker_verwijder").check().run()
    at.button(key="wijzig_verwijderen").click().run()
    assert not at.exception and not at.error
    assert any("en 1 bewoner zijn verwijderd" in s.value for s in at.success)
    assert aid not in store.existing_ids("activities") and new[0] not in store.existing_ids("persons")
