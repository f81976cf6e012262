"""Decisions, lessons and plans (issue 18, "wat we leerden"): recording with role checks and
audit, the privacy check on a lesson, the overview filters, the year overview, the counts
as a bestuurder sees them, inzage and erasure of a lesson's author."""

from __future__ import annotations

import datetime as dt

import pytest

from netwerk.access import PermissionDenied, Viewer
from netwerk.domain import (
    AMSTERDAM,
    Activity,
    ActivityTheme,
    ChangeSet,
    Group,
    InputError,
    NotFoundError,
    Participation,
    Person,
    Plan,
)
from netwerk.services import learning, privacy

COORD = Viewer("coord", "coordinator")
PRO = Viewer("pim", "professional", person_id="p1")
OTHER_PRO = Viewer("ida", "professional", person_id="p2")
BEST = Viewer("bas", "bestuurder")
BUURT = "BU01770100"


@pytest.fixture
def filled(store):
    def act(aid, month, buurt=None, title=None):
        return Activity(activity_id=aid, kind="bewonersbijeenkomst", date=dt.datetime(2025, month, 10, 19, tzinfo=AMSTERDAM),
                        buurt_code=buurt, title=title)

    store.apply(ChangeSet(
        persons=[Person(person_id="p1", kind="professional", display_name="Pim Zwaluw"),
                 Person(person_id="p2", kind="professional", display_name="Ida Vogel"),
                 Person(person_id="r1", kind="resident", pseudonym="Bewoner Merel", display_name="Merel Jansen",
                        consent_named=True, consent_date=dt.date(2025, 1, 1))],
        groups=[Group(group_id="g1", name="Bewonersgroep Oost", kind="bewonersgroep"),
                Group(group_id="g2", name="Kernteam", kind="kernteam")],
        activities=[act("a1", 3, BUURT, "Buurtavond"), act("a2", 9), act("a0", 11)],
        participations=[Participation(activity_id="a1", person_id="p1"), Participation(activity_id="a2", person_id="p2")],
    ))
    store.apply(ChangeSet(activities=[Activity(activity_id="old", kind="overig",
                                               date=dt.datetime(2024, 6, 1, 10, tzinfo=AMSTERDAM))],
                          activity_themes=[ActivityTheme(activity_id="a1", theme="groen")]))
    return store


def _audit(store, target):
    log = store.audit_events()
    return log[log["target"] == target][["user_id", "action"]].values.tolist()


def test_a_decision_records_the_tally_and_no_person(filled):
    did = learning.record_decision(PRO, filled, token="t1", activity_id="a1", proposal="Elke maand een buurtmaaltijd",
                                   votes_for=9, votes_against=2, votes_abstain=1, minority_needs="Een proefperiode")
    row = filled.table("decisions").set_index("decision_id").loc[did]
    assert (row["votes_for"], row["votes_against"], row["votes_abstain"]) == (9, 2, 1)
    assert set(filled.table("decisions").columns) >= {"proposal", "minority_needs"}
    assert not any("person" in c or "author" in c for c in filled.table("decisions").columns)  # never who voted how
    assert _audit(filled, did) == [["pim", "edit"]]
    # the same form sent twice changes the same decision
    assert learning.record_decision(PRO, filled, token="t1", activity_id="a1", proposal="Elke maand",
                                    votes_for=10) == did
    assert len(filled.table("decisions")) == 1


def test_who_may_record_what(filled):
    with pytest.raises(PermissionDenied):
        learning.record_lesson(BEST, filled, token="x", activity_id="a1", text="Iets")
    with pytest.raises(PermissionDenied):  # p2 did not take part in a1
        learning.record_decision(OTHER_PRO, filled, token="x", activity_id="a1", proposal="Iets")
    with pytest.raises(NotFoundError):
        learning.record_lesson(COORD, filled, token="x", activity_id="nope", text="Iets")
    with pytest.raises(InputError):
        learning.record_decision(COORD, filled, token="x", activity_id="a1", proposal="Iets", votes_against=-1)
    with pytest.raises(InputError):
        learning.record_plan(COORD, filled, token="x", title="Iets", status="bezig")
    with pytest.raises(InputError):
        learning.record_plan(COORD, filled, token="x", title="Iets", start_date=dt.date(2025, 5, 1),
                             end_date=dt.date(2025, 4, 1))
    assert filled.table("lessons").empty and filled.table("decisions").empty and filled.table("plans").empty


def test_a_lesson_naming_a_person_is_refused(filled):
    for text in ("Merel Jansen wil niet meer komen", "Bewoner Merel kwam te laat", "Bel Pim Zwaluw op 06-12345678"):
        with pytest.raises(InputError, match="Niet opgeslagen. De tekst"):
            learning.record_lesson(COORD, filled, token=text, activity_id="a1", text=text)
    assert filled.table("lessons").empty
    # a sensitive word that is also a theme is no remark about a person
    lid = learning.record_lesson(PRO, filled, token="ok", activity_id="a1", text="Over schulden praten lukt in kleine groepen",
                                 themes=["Schulden", "groen"])
    row = filled.table("lessons").set_index("lesson_id").loc[lid]
    assert (row["author_id"], tuple(row["themes"])) == ("p1", ("schulden", "groen"))
    assert _audit(filled, lid) == [["pim", "edit"]]


def test_overview_filters_and_counts(filled):
    learning.record_lesson(PRO, filled, token="l1", activity_id="a1", text="Buren nodigen buren uit", themes=["groen"])
    learning.record_lesson(OTHER_PRO, filled, token="l2", activity_id="a2", text="Korte avonden werken", themes=["ouderen"])
    learning.record_decision(COORD, filled, token="d1", activity_id="a1", proposal="Moestuin", votes_for=7,
                             votes_against=3, votes_abstain=0)
    filled.apply(ChangeSet(plans=[
        Plan(plan_id="pl1", title="Moestuin", group_id="g1", themes=("groen",), buurt_code=BUURT, status="lopend",
             start_date=dt.date(2025, 4, 1)),
        Plan(plan_id="pl2", title="Speeltuin", group_id="g1", themes=("spelen",), status="idee"),
        Plan(plan_id="pl3", title="Straatfeest", status="afgerond", start_date=dt.date(2024, 5, 1),
             end_date=dt.date(2024, 6, 1)),
    ]))
    all_ = learning.learning_overview(COORD, filled)
    assert list(all_.lessons["lesson_id"]) == [learning.record_id("lesson", "l2"), learning.record_id("lesson", "l1")]
    assert list(all_.lessons["author"]) == ["Ida Vogel", "Pim Zwaluw"]
    assert all_.counts == {"lessons": 2, "decisions": 1, "plans": 3, "idee": 1, "gestart": 0, "lopend": 1, "afgerond": 1}
    assert all_.plans.set_index("plan_id").loc["pl1", "group"] == "Bewonersgroep Oost"
    groen = learning.learning_overview(COORD, filled, themes=["groen"])
    assert (len(groen.lessons), len(groen.decisions), list(groen.plans["plan_id"])) == (1, 0, ["pl1"])
    buurt = learning.learning_overview(COORD, filled, buurten=[BUURT])
    assert (len(buurt.lessons), len(buurt.decisions), list(buurt.plans["plan_id"])) == (1, 1, ["pl1"])
    assert list(learning.learning_overview(COORD, filled, statuses=["idee", "afgerond"]).plans["plan_id"]) == ["pl3", "pl2"]
    y2025 = learning.learning_overview(COORD, filled, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    assert sorted(y2025.plans["plan_id"]) == ["pl1", "pl2"]  # pl3 ended in 2024; pl2 has no dates (open)
    best = learning.learning_overview(BEST, filled)
    # a bestuurder: the texts, no names; every count below 5 as "<5"
    assert list(best.lessons["author"]) == ["", ""] and "author_id" not in best.lessons.columns
    assert best.counts == {"lessons": "<5", "decisions": "<5", "plans": "<5", "idee": "<5", "gestart": 0, "lopend": "<5",
                           "afgerond": "<5"}
    assert best.decisions.iloc[0][["votes_for", "votes_against", "votes_abstain"]].tolist() == [5, "<5", 0]


def test_year_overview_lists_the_period_and_names_nobody(filled):
    learning.record_lesson(PRO, filled, token="l1", activity_id="a1", text="Buren nodigen buren uit")
    learning.record_lesson(COORD, filled, token="l0", activity_id="old", text="Vorig jaar geleerd")
    learning.record_decision(COORD, filled, token="d1", activity_id="a2", proposal="Vaker samen", votes_for=4)
    y = learning.year_overview(COORD, filled, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert list(y.lessons["text"]) == ["Buren nodigen buren uit"] and list(y.lessons["author"]) == [""]
    assert y.lessons.iloc[0]["date"] == dt.date(2025, 3, 10) and y.lessons.iloc[0]["activity"] == "Buurtavond"
    assert y.decisions.iloc[0][["proposal", "votes_for", "activity"]].tolist() == ["Vaker samen", 4, "Bewonersbijeenkomst"]
    with pytest.raises(InputError):
        learning.year_overview(COORD, filled, dt.date(2025, 2, 1), dt.date(2025, 1, 1))


def test_a_lessons_author_in_inzage_and_erasure(filled):
    lid = learning.record_lesson(PRO, filled, token="l1", activity_id="a1", text="Buren nodigen buren uit")
    data = privacy.export_person(COORD, filled, "p1")
    assert [(x["lesson_id"], x["text"]) for x in data["lessons"]] == [(lid, "Buren nodigen buren uit")]
    assert privacy.export_person(COORD, filled, "p2")["lessons"] == []
    privacy.erase_person(COORD, filled, "p1")
    row = filled.table("lessons").set_index("lesson_id").loc[lid]
    assert row["author_id"] is None and row["text"] == "Buren nodigen buren uit"  # the lesson stays, its author goes


def test_plan_status_changes_and_scan(filled):
    pid = learning.record_plan(PRO, filled, token="p1", title="Moestuin", group_id="g1", themes=["groen"],
                               buurt_code=BUURT, start_date=dt.date(2025, 4, 1))
    assert filled.table("plans").set_index("plan_id").loc[pid, "status"] == "idee"
    learning.record_plan(PRO, filled, token="p1", plan_id=pid, title="Moestuin", group_id="g1", status="lopend")
    assert filled.table("plans").set_index("plan_id").loc[pid, "status"] == "lopend"
    assert _audit(filled, pid) == [["pim", "edit"], ["pim", "edit"]]
    assert learning.plan_groups(COORD, filled) == [("g1", "Bewonersgroep Oost"), ("g2", "Kernteam")]
    with pytest.raises(InputError):  # a plan's title names nobody either
        learning.record_plan(COORD, filled, token="p2", title="Feest bij Merel Jansen")
    filled.apply(ChangeSet(plans=[Plan(plan_id="pl9", title="Hulp voor Merel Jansen")]))  # imported, not through the form
    flagged = privacy.scan_titles(COORD, filled).set_index("id")
    assert flagged.loc["pl9", "kind"] == "plan"


def test_merged_themes_follow_into_lessons_and_plans(filled):
    from netwerk.services import themes

    lid = learning.record_lesson(PRO, filled, token="l1", activity_id="a1", text="Samen tuinieren", themes=["spelen", "groen"])
    pid = learning.record_plan(COORD, filled, token="p1", title="Speeltuin", themes=["spelen"])
    themes.merge_themes(COORD, filled, "spelen", "groen")
    assert tuple(filled.table("lessons").set_index("lesson_id").loc[lid, "themes"]) == ("groen",)
    assert tuple(filled.table("plans").set_index("plan_id").loc[pid, "themes"]) == ("groen",)
    with pytest.raises(ValueError, match="einddatum ligt voor de startdatum"):  # the model refuses it on import too
        Plan(plan_id="x", title="X", start_date=dt.date(2025, 5, 1), end_date=dt.date(2025, 4, 1))
