"""The page "Wat we leerden" under AppTest on the demo data (6 lessons, 4 decisions, 6 plans:
seeds/demo/generator.py): each role sees the lists, bestuurders without names and with
rounded counts; a professional adds a lesson; a lesson naming a person is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.session import VIEWER_KEY
from netwerk.access import Viewer

APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"
PAGE = "app_pages/wat_we_leerden.py"
TIMEOUT = 120
COORD = Viewer("coord", "coordinator")
ERIK = Viewer("erik", "professional", "p16")  # Erik Haverkamp, wijkagent
BESTUURDER = Viewer("ans", "bestuurder", "b01")


@pytest.fixture
def demo_url(demo_private: str) -> str:
    """A private copy of the demo store per test (the tests write to it)."""
    return demo_private


def run_page(viewer: Viewer) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[VIEWER_KEY] = viewer
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _field(widgets, label: str):
    """The form's field with this label (its key carries the form's token)."""
    return next(w for w in widgets if w.label == label)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_coordinator_sees_lessons_decisions_and_plans(demo_url: str) -> None:
    at = run_page(COORD)
    assert at.title[0].value == "Wat we leerden"
    assert metrics(at) == {"Lessen": "6", "Besluiten": "4", "Plannen": "6", "Plannen die lopen": "2"}
    lessons, decisions, plans = (df.value for df in at.dataframe)
    assert "Vastgelegd door" in lessons.columns and len(lessons) == 6
    row = decisions[decisions["Voorstel"] == "Elke maand een buurtmaaltijd in het wijkcentrum"].iloc[0]
    assert (row["Voor"], row["Tegen"], row["Onthouding"], row["Datum"]) == ("9", "0", "1", "17-06-2025")
    assert plans.set_index("Plan").loc["Snelheidsdisplay in de buurt", "Eind"] == "31-10-2025"
    at.multiselect(key="leren_status").set_value(["idee"]).run()
    assert list(at.dataframe[2].value["Plan"]) == ["Jongerenruimte in het oude clubhuis",
                                                   "Spreekuur rondkomen in de bibliotheek"]


def test_bestuurder_reads_texts_and_rounded_counts_without_names(demo_url: str) -> None:
    at = run_page(BESTUURDER)
    assert metrics(at) == {"Lessen": "5", "Besluiten": "<5", "Plannen": "5", "Plannen die lopen": "<5"}
    lessons, decisions, _plans = (df.value for df in at.dataframe)
    assert "Vastgelegd door" not in lessons.columns and len(lessons) == 6
    assert decisions.set_index("Voorstel").loc["Elke maand een buurtmaaltijd in het wijkcentrum", "Voor"] == "10"
    assert [b.key for b in at.button] == ["afmelden"]  # no forms, only signing out
    assert "Vastleggen" not in [h.value for h in at.header]


def test_professional_adds_a_lesson_and_a_named_person_is_refused(demo_url: str) -> None:
    at = run_page(ERIK)
    _field(at.text_area, "Wat leerden we?").set_value("Samen koffie drinken na het straatgesprek werkt").run()
    _field(at.multiselect, "Thema's").set_value(["ontmoeting"]).run()
    at.button(key="les_opslaan").click().run()
    assert not at.exception
    assert "Les opgeslagen." in [s.value for s in at.success]
    assert metrics(at)["Lessen"] == "7"
    assert "Samen koffie drinken na het straatgesprek werkt" in list(at.dataframe[0].value["Les"])
    assert _field(at.text_area, "Wat leerden we?").value == ""  # the form starts empty again

    _field(at.text_area, "Wat leerden we?").set_value("Erik Haverkamp kwam te laat").run()
    assert any("noemt een persoon" in w.value for w in at.warning)  # warned while typing
    at.button(key="les_opslaan").click().run()
    assert any("Niet opgeslagen" in e.value for e in at.error)
    assert metrics(at)["Lessen"] == "7"
