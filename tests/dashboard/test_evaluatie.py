"""The Evaluatie page (coordinators) and the respondent's form (a personal link, no
account) under Streamlit's AppTest: create a survey, fill in through the link in two
sittings, submit once, the response on the page, close into a round that Vertrouwen shows
with its response rate and the low-response warning."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.session import VIEWER_KEY
from netwerk.access import Viewer
from netwerk.bootstrap import open_store
from netwerk.domain import AMSTERDAM, ChangeSet, Organisation, Person, WorksFor
from netwerk.services import survey as sv

APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"
COORD = Viewer("coord", "coordinator")
TIMEOUT = 120


@pytest.fixture
def url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'e.sqlite'}"
    s = open_store(url)
    s.apply(ChangeSet(
        organisations=[Organisation(org_id="A", name="Gemeente", sector="gemeente"),
                       Organisation(org_id="B", name="Woon <b>stede</b>", sector="woningcorporatie")],
        persons=[Person(person_id="p1", kind="professional", display_name="Anna de Vries"),
                 Person(person_id="p2", kind="professional", display_name="Bram Bos"),
                 Person(person_id="p3", kind="volunteer", display_name="Vera Roodborst"),
                 Person(person_id="r1", kind="resident", display_name="Riet Hofman", pseudonym="Bewoner 1",
                        consent_named=True, consent_date=dt.date(2025, 1, 1))],
        works_for=[WorksFor(person_id="p1", org_id="A"), WorksFor(person_id="p2", org_id="B")]))
    s.close()
    monkeypatch.setenv("NETWERK_STORE_URL", url)
    sv.LIMITER.reset()
    return url



def _today() -> dt.date:
    """Today as the product counts days (Europe/Amsterdam): from 23:00 UTC on, the machine's
    date is yesterday's there, and a link closing "today" would already be closed."""
    return dt.datetime.now(AMSTERDAM).date()

def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error]
    parts += [w.value for w in at.warning] + [s.value for s in at.success] + [t.value for t in at.title]
    parts += [h.value for h in at.subheader]
    return "\n".join(map(str, parts))


def _form(token: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["token"] = token
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_form_through_link_in_two_sittings_then_submit_once(url):
    s = open_store(url)
    today = _today()
    links = sv.create_survey(COORD, s, "E1", "Jaarevaluatie", today, today + dt.timedelta(days=7), ["p1", "p2", "p3"],
                             ["A", "B"], ["reliability", "mission", "openness", "open_goed"])
    at = _form(links["p1"])
    text = _texts(at)
    assert "Evaluatie: Jaarevaluatie" in text and "Pagina 1 van 2" in str(at.get("progress")[0].proto.text)
    assert "Riet" not in text and "Bram" not in text and "Aanmelden" not in text  # no sign-in, no one else's data
    assert "Woon \\<b\\>stede\\</b\\>" in text or "Woon &lt;b&gt;" in text  # a partner's name inert
    at.radio(key="f_B:reliability").set_value(4)
    at.radio(key="f_B:mission").set_value(3)
    at.button[1].click().run()  # Opslaan en verder
    assert not at.exception
    assert sv.open_form(s, links["p1"]).answers == {"B:reliability": 4, "B:mission": 3}
    # second sitting: a new session through the same link continues on page 1 with the saved answers
    at2 = _form(links["p1"])
    assert at2.radio(key="f_B:reliability").value == 4
    at2.radio(key="f_B:openness").set_value(2)
    at2.button[1].click().run()
    at2.text_area(key="f_open_open_goed").set_value("Korte lijnen tussen de partners.")
    at2.button[2].click().run()  # Indienen
    assert "Dank u wel" in _texts(at2)
    assert sv.open_form(s, links["p1"]).status == "ingediend"
    replay = _form(links["p1"])
    assert sv.ALREADY_SUBMITTED in _texts(replay)
    wrong = _form("geraden-token")
    assert sv.LINK_INVALID in _texts(wrong) and "Anna" not in _texts(wrong)
    s.close()


def test_evaluatie_page_creates_tracks_and_closes(url):
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[VIEWER_KEY] = COORD
    at.run()
    at.switch_page("app_pages/evaluatie.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.text_input[0].set_value("E2")
    at.multiselect(key="evaluatie_respondenten").set_value(["p1", "p2", "p3"])
    assert "r1" not in at.multiselect(key="evaluatie_respondenten").options  # never residents
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "3 persoonlijke links" in _texts(at)
    assert [b.label for b in at.get("download_button")] == ["Links downloaden (CSV)", "Links downloaden (XLSX)"]
    s = open_store(url)
    assert len(s.table("survey_invites")) == 3
    assert "0 van 3 beantwoord" in _texts(at)
    at.checkbox(key="evaluatie_zeker").check().run()
    at.button(key="evaluatie_sluiten").click().run()
    assert "Gesloten" in _texts(at)
    assert s.table("survey_rounds")["round_id"].tolist() == ["E2"]
    exports = s.audit_events()
    assert (exports["target"] == "evaluatie E2").sum() == 2  # CSV and XLSX built once, not on every rerun
    at.switch_page("app_pages/vertrouwen.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert f"Respons Jaarevaluatie {_today().year}: 0 van 3 uitgenodigden (0%)" in _texts(at)
    assert "lager dan 70%" in _texts(at)
    s.close()


@pytest.mark.parametrize("role", ["professional", "bestuurder"])
def test_only_coordinators_see_the_page(url, role):
    from dashboard.navigation import pages_for

    assert "Evaluatie" not in {p.title for p in pages_for(role)}
    assert "Evaluatie" in {p.title for p in pages_for("coordinator")}


def test_verschil_shows_the_response_of_both_rounds_and_warns(url):
    from netwerk.domain import Rating, SurveyRound

    s = open_store(url)
    s.apply(ChangeSet(survey_rounds=[SurveyRound(round_id="R0", name="Nulmeting", date=dt.date(2025, 1, 10))],
                      ratings=[Rating(round_id="R0", rater_id="A", rater_type="organisation", rated_id="B",
                                      rated_type="organisation", reliability=3, mission=3, openness=3,
                                      himmelman_level=2)]))
    today = _today()
    links = sv.create_survey(COORD, s, "E1", "Jaarevaluatie", today, today, ["p1", "p2", "p3"], ["A", "B"],
                             ["reliability", "mission", "openness", "himmelman_level"])
    sv.submit(s, links["p1"], {"B:reliability": 4, "B:mission": 4, "B:openness": 4, "B:himmelman_level": 3})
    sv.close_survey(COORD, s, "E1")
    s.close()
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[VIEWER_KEY] = COORD
    at.run()
    at.switch_page("app_pages/verschil.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    text = _texts(at)
    assert "Respons Nulmeting: onbekend" in text
    assert "Respons Jaarevaluatie: 1 van 3 uitgenodigden (33%)" in text
    assert "De respons van Jaarevaluatie is lager dan 70%" in text


def test_form_first_shows_the_years_lessons_when_the_coordinator_chose_so(url):
    from netwerk.domain import AMSTERDAM, Activity, Lesson

    s = open_store(url)
    today = _today()
    s.apply(ChangeSet(
        activities=[Activity(activity_id="a1", kind="bewonersbijeenkomst",
                             date=dt.datetime.combine(today - dt.timedelta(days=30), dt.time(19), tzinfo=AMSTERDAM))],
        lessons=[Lesson(lesson_id="L1", activity_id="a1", text="Uitnodigen via de **buurman** werkt")]))
    links = sv.create_survey(COORD, s, "E1", "Jaarevaluatie", today, today + dt.timedelta(days=7), ["p1"], ["B"],
                             ["reliability"], show_lessons=True)
    at = _form(links["p1"])
    assert at.expander[0].label == "Wat we het afgelopen jaar leerden en besloten"
    assert any("Uitnodigen via de \\*\\*buurman\\*\\* werkt" in m.value for m in at.markdown)  # inert text
    plain = sv.create_survey(COORD, s, "E2", "Zonder", today, today + dt.timedelta(days=7), ["p2"], ["A"],
                             ["reliability"])
    assert not _form(plain["p2"]).expander
    s.close()
