"""The evaluation with personal links on both stores (the ``backend`` fixture): the survey,
its invites (hash only), partial and submitted answers, revoking, and closing into ratings
that Vertrouwen reads exactly as imported ones."""

from __future__ import annotations

import datetime as dt

import pytest

from netwerk.access import Viewer
from netwerk.domain import AMSTERDAM, ChangeSet, Organisation, Person, WorksFor
from netwerk.services import survey as sv
from netwerk.services import trust

COORD = Viewer("c", "coordinator")
DURING = dt.datetime(2026, 11, 10, 12, 0, tzinfo=AMSTERDAM)


def test_survey_round_trip(backend):
    sv.LIMITER.reset()
    backend.apply(ChangeSet(
        organisations=[Organisation(org_id="A", name="Gemeente", sector="gemeente"),
                       Organisation(org_id="B", name="Woonstede", sector="woningcorporatie")],
        persons=[Person(person_id="p1", kind="professional", display_name="Anna"),
                 Person(person_id="p2", kind="professional", display_name="Bram")],
        works_for=[WorksFor(person_id="p1", org_id="A"), WorksFor(person_id="p2", org_id="B")]))
    links = sv.create_survey(COORD, backend, "E1", "Evaluatie", dt.date(2026, 11, 1), dt.date(2026, 11, 30),
                             ["p1", "p2"], ["A", "B"], ["reliability", "mission", "openness", "open_goed"])
    inv = backend.table("survey_invites")
    assert sorted(inv["token_hash"]) == sorted(sv.hash_token(t) for t in links.values())
    sv.save_answers(backend, links["p1"], {"B:reliability": 4, "B:mission": 3}, now=DURING)
    sv.submit(backend, links["p1"], {"B:openness": 2, "open:open_goed": "Korte lijnen"}, now=DURING)
    sv.save_answers(backend, links["p2"], {"A:reliability": 1}, now=DURING)
    assert sv.open_form(backend, links["p1"], now=DURING).answers == {
        "B:reliability": 4, "B:mission": 3, "B:openness": 2, "open:open_goed": "Korte lijnen"}
    sv.revoke_link(COORD, backend, "E1", "p2")
    with pytest.raises(sv.LinkInvalid):
        sv.open_form(backend, links["p2"], now=DURING)
    r = sv.response(COORD, backend, "E1")
    assert (r.overall["submitted"], r.overall["partial"]) == (1, 1)
    sv.close_survey(COORD, backend, "E1")
    view = trust.round_view(COORD, backend, "E1")
    assert view.summary["mean_trust"] == pytest.approx(3.0)  # (4 + 3 + 2) / 3
    assert view.summary["ratings"] == 1
    assert sv.surveys(COORD, backend).loc[0, "status"] == "gesloten"
