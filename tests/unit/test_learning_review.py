"""Review of issue 18: a professional cannot take over another's lesson or decision by its id."""

from __future__ import annotations

import pytest

from netwerk.access import PermissionDenied
from netwerk.domain import ChangeSet, Participation
from netwerk.services import learning
from tests.unit.test_services_learning import COORD, OTHER_PRO, PRO, filled  # noqa: F401


def test_a_professional_cannot_overwrite_or_move_anothers_lesson(filled):  # noqa: F811
    lid = learning.record_lesson(PRO, filled, token="t1", activity_id="a1", text="Kleine groepen werken beter")
    with pytest.raises(PermissionDenied):  # p2 took part in a2 only: before, this moved and rewrote p1's lesson
        learning.record_lesson(OTHER_PRO, filled, token="x", activity_id="a2", text="Weg ermee", lesson_id=lid)
    filled.apply(ChangeSet(participations=[Participation(activity_id="a1", person_id="p2")]))
    with pytest.raises(PermissionDenied, match="eigen lessen"):  # same activity, but not the author
        learning.record_lesson(OTHER_PRO, filled, token="x", activity_id="a1", text="Weg ermee", lesson_id=lid)
    row = filled.table("lessons").set_index("lesson_id").loc[lid]
    assert (row["text"], row["activity_id"], row["author_id"]) == ("Kleine groepen werken beter", "a1", "p1")
    learning.record_lesson(PRO, filled, token="t1", activity_id="a1", text="Kleine groepen werken goed", lesson_id=lid)
    learning.record_lesson(COORD, filled, token="t1", activity_id="a2", text="Verplaatst", lesson_id=lid)


def test_a_professional_cannot_move_a_decision_of_another_activity(filled):  # noqa: F811
    did = learning.record_decision(PRO, filled, token="d1", activity_id="a1", proposal="Elke maand een buurtavond",
                                   votes_for=8, votes_against=1, votes_abstain=0)
    with pytest.raises(PermissionDenied):
        learning.record_decision(OTHER_PRO, filled, token="x", activity_id="a2", proposal="Niets", decision_id=did)
    assert filled.table("decisions").set_index("decision_id").at[did, "proposal"] == "Elke maand een buurtavond"
