"""Dutch a person expects (issue 16), under AppTest on the demo data: buurt names in the
pickers, tables and auto-titles; on Invoer the form shows what was saved after an edit,
deleting an activity offers its lone residents, new residents continue the "Bewoner <n>"
series; Inzet preselects the busiest organisations; wide tables pin their key column;
singular and plural right."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.session import VIEWER_KEY
from netwerk.access import Viewer
from netwerk.bootstrap import open_store
from netwerk.domain import ChangeSet, Person

APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"
TIMEOUT = 120
COORD = Viewer("coord", "coordinator")
ERIK = Viewer("erik", "professional", "p16")  # Erik Haverkamp, wijkagent
STRAATGESPREK = "a188"  # one of Erik's straatgesprekken in the demo



@pytest.fixture
def demo_url(demo_private: str) -> str:
    """A private copy of the demo store per test (the tests write to it)."""
    return demo_private


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


def run_page(page: str, viewer: Viewer) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[VIEWER_KEY] = viewer
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _column_config(at: AppTest, i: int) -> dict:
    return json.loads(at.dataframe[i].proto.columns or "{}")


def test_inzet_preselects_the_organisations_that_committed_most(demo_url: str) -> None:
    # seeds/demo/commitments.csv, hours per month: Welzijn Salland Noord 40 + 8, Gemeente Raalte 32,
    # Woonstichting Heuvelrand 16, Thuiszorg De Linde 12, Basisteam Politie Sallandrug 8,
    # Stichting Jeugdkracht Salland 8, Kindcentrum De Vlonder 4. Before: the first six alphabetically
    # (Basisteam, Bewonersvereniging, Gemeente, Kindcentrum, Ondernemerskring, Sportvereniging).
    at = run_page("app_pages/inzet.py", COORD)
    chosen = at.multiselect(key="inzet_organisaties").value
    assert chosen[:4] == ["Welzijn Salland Noord", "Gemeente Raalte", "Woonstichting Heuvelrand", "Thuiszorg De Linde"]
    assert set(chosen[4:]) == {"Basisteam Politie Sallandrug", "Stichting Jeugdkracht Salland"}


def test_busiest_organisations_by_hours_then_participation() -> None:
    from dashboard.trust_data import busiest_organisations

    table = pd.DataFrame({
        "organisation": ["B", "B", "A", "A", "C", "C", "D"],
        "committed_hours_per_month": [8.0, 8.0, 0.0, 8.0, 0.0, 0.0, 0.0],  # commitments add up: the latest counts
        "participations": [1, 2, 20, 30, "<5", 9, 3],
    })
    assert busiest_organisations(table) == ["A", "B", "C", "D"]  # A: 8 h and 50; B: 8 h and 3; C: 9 ("<5" as 0)
    assert busiest_organisations(table, 2) == ["A", "B"]
    assert busiest_organisations(table.iloc[0:0]) == []


def test_bronnen_and_buurt_show_buurt_names(demo_url: str) -> None:
    at = run_page("app_pages/bronnen.py", COORD)
    picker = at.multiselect(key="bronnen_buurt")
    assert picker.options and all(re.fullmatch(r".+ \(BU\d{8}\)", o) for o in picker.options), picker.options
    table = at.dataframe[0].value
    assert list(table.columns[:1]) == ["Bron"] and "Buurtcode" in table.columns
    named = table.dropna(subset=["Buurt"])
    assert len(named) and not named["Buurt"].str.startswith("BU").any()
    assert _column_config(at, 0)["Bron"]["pinned"] is True  # the key column stays in view

    at = run_page("app_pages/buurt.py", COORD)
    area = at.selectbox(key="buurt_gebied")
    assert area.options[0].startswith("Raalte (kern)") and area.options[0].endswith("(WK017701)"), area.options[:2]


def test_actoren_pins_the_name_column(demo_url: str) -> None:
    at = run_page("app_pages/actoren.py", COORD)
    assert _column_config(at, 0)["Naam"]["pinned"] is True
    assert any(c.value == "186 personen." for c in at.caption)


def test_one_suspicious_pseudonym_is_singular(demo_url: str) -> None:
    store = open_store(demo_url)
    store.apply(ChangeSet(persons=[Person(person_id="r-x", kind="resident", pseudonym="Jan de Vries")]))
    at = run_page("app_pages/beheer_privacy.py", COORD)
    warnings = [w.value for w in at.warning]
    # Before: "1 pseudoniemen lijken op een echte naam. Geef deze bewoners een ander pseudoniem."
    assert "1 pseudoniem lijkt op een echte naam. Geef deze bewoner een ander pseudoniem." in warnings, warnings


def test_themas_per_buurt_names_the_buurten(demo_url: str) -> None:
    at = run_page("app_pages/themas.py", COORD)
    heatmaps = [d for c in at.get("plotly_chart") for d in json.loads(c.proto.spec)["data"] if d.get("type") == "heatmap"]
    # seeds/demo/areas.csv: the demo's eight buurten BU01770100..07 by name (before: their codes).
    assert sorted(heatmaps[0]["y"]) == ["Bolksbeek", "Centrum", "Heidepark", "Noordkamp", "Oranjewijk", "Raalte-Noord",
                                        "Schoolbuurt", "Veldhoek"]
