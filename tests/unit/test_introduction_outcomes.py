"""Did our introductions work? Marks (who marked, the pair, the day) and the counts per
period, on a hand-built network with hand-computed answers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from netwerk.access import PermissionDenied, Viewer
from netwerk.analysis.introductions import OUTCOME_COLUMNS, introduction_outcomes, suggestion_pairs
from netwerk.domain import AMSTERDAM, Activity, ActivityTheme, ChangeSet, InputError, Participation, Person
from netwerk.services import colleagues as c

COORD = Viewer("coord", "coordinator")
ANNA = Viewer("anna", "professional", "A")
BERT = Viewer("bert", "bestuurder", "X")

PROS = ("A", "B", "C", "D", "E")
# Jan: each professional talks with a resident about groen in buurt X (no tie between
# professionals, but all five share groen and X). Later: two-person conversations make
# working ties A-E (1 Mar), A-B (10 Apr), B-E (1 May), D-E (15 May).
ACTIVITIES = [
    ("a1", dt.date(2025, 1, 10), ("A", "R1"), "groen"),
    ("a2", dt.date(2025, 1, 11), ("B", "R1"), "groen"),
    ("a3", dt.date(2025, 1, 12), ("C", "R2"), "groen"),
    ("a4", dt.date(2025, 1, 13), ("D", "R2"), "groen"),
    ("a5", dt.date(2025, 1, 14), ("E", "R3"), "groen"),
    ("a8", dt.date(2025, 3, 1), ("A", "E"), None),
    ("a6", dt.date(2025, 4, 10), ("A", "B"), None),
    ("a7", dt.date(2025, 5, 1), ("B", "E"), None),
    ("a9", dt.date(2025, 5, 15), ("D", "E"), None),
]
MARKS = [("A", "E", dt.date(2025, 2, 1)), ("A", "B", dt.date(2025, 4, 5)), ("C", "D", dt.date(2025, 4, 20)),
         ("D", "E", dt.date(2025, 6, 1))]


def network() -> ChangeSet:
    persons = [Person(person_id=p, kind="professional", display_name=f"Prof {p}") for p in PROS]
    persons += [Person(person_id=r, kind="resident", pseudonym=f"Bewoner {r}") for r in ("R1", "R2", "R3")]
    acts, parts, themes = [], [], []
    for aid, day, who, theme in ACTIVITIES:
        acts.append(Activity(activity_id=aid, kind="straatgesprek", buurt_code="X",
                             date=dt.datetime.combine(day, dt.time(10), AMSTERDAM)))
        parts += [Participation(activity_id=aid, person_id=p) for p in who]
        if theme:
            themes.append(ActivityTheme(activity_id=aid, theme=theme))
    return ChangeSet(persons=persons, activities=acts, participations=parts, activity_themes=themes)


@pytest.fixture
def net(store):
    store.apply(network())
    return store


def _marks() -> pd.DataFrame:
    return pd.DataFrame(MARKS, columns=["person_a", "person_b", "date"])


def test_outcomes_per_quarter_hand_computed(net):
    df = introduction_outcomes(net.snapshot(), _marks(), "quarter")
    assert list(df.columns) == OUTCOME_COLUMNS
    # K1: A-E marked 1 Feb, no tie before, tie on 1 Mar: 1 new. Nothing before 1 Jan, so
    # no suggestions at the start of K1.
    # K2: A-B, C-D and D-E marked; D-E already tied (15 May) before its mark (1 Jun); A-B
    # tied after (10 Apr); C-D never. Suggestions on 1 Apr: all 10 pairs share groen and X,
    # minus A-E (tied) = 9, minus the marked A-B, C-D, D-E = 6 (A-C, A-D, B-C, B-D, B-E,
    # C-E); of these only B-E got a tie (1 May) by itself.
    assert df[OUTCOME_COLUMNS[0:1] + OUTCOME_COLUMNS[3:]].values.tolist() == [
        ["2025-K1", 1, 0, 1, 0, 0],
        ["2025-K2", 3, 1, 1, 6, 1],
    ]
    assert df["period_start"].tolist() == [dt.date(2025, 1, 1), dt.date(2025, 4, 1)]


def test_suggestion_pairs_are_each_persons_top_list_and_never_residents(net):
    from netwerk.analysis.growth import period_snapshot

    snap = period_snapshot(net.snapshot(), dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    everyone = suggestion_pairs(snap)
    assert len(everyone) == 9 and ("A", "E") not in everyone
    assert not any(p.startswith("R") for pair in everyone for p in pair)
    # With one suggestion each (equal scores: the lowest id first): A-B, B-A, C-A, D-A, E-B.
    assert suggestion_pairs(snap, top=1) == {("A", "B"), ("A", "C"), ("A", "D"), ("B", "E")}


def test_no_marks_no_rows(net):
    assert introduction_outcomes(net.snapshot(), pd.DataFrame(columns=["person_a", "person_b", "date"])).empty


def test_mark_is_stored_with_audit_and_checked(net):
    assert c.mark_introduction(ANNA, net, "E", day=dt.date(2025, 2, 1)) == ("A", "E")
    assert c.mark_introduction(COORD, net, "A", person_id="B", day=dt.date(2025, 4, 5)) == ("A", "B")
    stored = net.table("introductions")
    assert stored[["person_a", "person_b", "date", "marked_by"]].values.tolist() == [
        ["A", "B", dt.date(2025, 4, 5), "coord"], ["A", "E", dt.date(2025, 2, 1), "anna"]]
    audit = net.audit_events()
    assert set(zip(audit["action"], audit["target"], audit["detail"], strict=True)) >= {
        ("edit", "A/E", "kennismaking gemaakt"), ("edit", "A/B", "kennismaking gemaakt")}
    mine = c.introductions_made(ANNA, net)
    assert mine[["label_a", "label_b"]].values.tolist() == [["Prof A", "Prof B"], ["Prof A", "Prof E"]]
    with pytest.raises(InputError):  # residents are never suggested, so never marked
        c.mark_introduction(ANNA, net, "R1")
    with pytest.raises(InputError):
        c.mark_introduction(ANNA, net, "A")
    with pytest.raises(InputError):
        c.mark_introduction(ANNA, net, "B", day=dt.datetime.now(AMSTERDAM).date() + dt.timedelta(days=2))
    with pytest.raises(PermissionDenied):
        c.mark_introduction(ANNA, net, "C", person_id="B")
    with pytest.raises(PermissionDenied):
        c.mark_introduction(BERT, net, "C", person_id="B")
    with pytest.raises(PermissionDenied):
        c.introductions_made(BERT, net)
    assert len(net.table("introductions")) == 2  # nothing written by the refused calls


def test_outcomes_service_for_each_role(net):
    for a, b, day in MARKS:
        c.mark_introduction(COORD, net, b, person_id=a, day=day)
    coord = c.introduction_outcomes(COORD, net)
    assert coord["marked"].tolist() == [1, 3] and coord["unmarked_new_tie"].tolist() == [0, 1]
    bert = c.introduction_outcomes(BERT, net)
    assert bert["marked"].tolist() == ["<5", "<5"] and bert["suggested_unmarked"].tolist() == [0, 5]


def test_marks_are_in_the_inzage_and_go_with_an_erased_person(net):
    from netwerk.report.inzage import inzage_html
    from netwerk.services import privacy

    c.mark_introduction(COORD, net, "E", person_id="A", day=dt.date(2025, 2, 1))
    data = privacy.export_person(COORD, net, "E")
    assert [(t["person_a"], t["person_b"], t["other_person"], t["marked_by"]) for t in data["introductions"]] == [
        ("A", "E", "Prof A", "coord")]
    assert "Kennismakingen die zijn gemaakt" in inzage_html(data)
    privacy.erase_person(COORD, net, "E")
    assert net.table("introductions").empty
