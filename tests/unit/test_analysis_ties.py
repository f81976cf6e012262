"""The tie model (netwerk.analysis.ties) on tiny hand-computed networks."""

from __future__ import annotations

import pandas as pd
import pytest

from netwerk.analysis import organisation_network, person_network, snapshot_from_frames
from netwerk.analysis.ties import FIGURES, TIE_KINDS, WORKING_TIE_MIN_STRENGTH, glossary, is_working_tie, tie_edges


def _snapshot(groups: dict[str, list[str]], knows: list[tuple[str, str]] = (), orgs: dict[str, str] | None = None):
    people = sorted({p for members in groups.values() for p in members} | {p for k in knows for p in k})
    orgs = orgs or {}
    return snapshot_from_frames(
        organisations=pd.DataFrame({"org_id": sorted(set(orgs.values())), "name": sorted(set(orgs.values())),
                                    "sector": "overig"}),
        persons=pd.DataFrame({"person_id": people, "kind": "professional", "org_id": [orgs.get(p) for p in people]}),
        activities=pd.DataFrame({"activity_id": list(groups), "kind": "overig"}),
        participations=pd.DataFrame([(a, p) for a, members in groups.items() for p in members],
                                    columns=["activity_id", "person_id"]).assign(role="participant"),
        knows=pd.DataFrame([(u, v, "gemeld", None, 1) for u, v in knows],
                           columns=["from_id", "to_id", "source", "since", "count"]),
    )


def test_one_activity_of_eight_makes_working_ties_one_of_nine_does_not():
    eight = [f"p{i}" for i in range(8)]
    nine = [f"q{i}" for i in range(9)]
    persons, edges = tie_edges(_snapshot({"a": eight, "b": nine}))
    # 8 people: 28 pairs of strength 1/7 (working); 9 people: 36 pairs of 1/8 (not working).
    assert len(edges) == 28 and all(e[0].startswith("p") for e in edges)
    assert edges[0][2:] == (1, pytest.approx(1 / 7), 0)
    assert len(tie_edges(_snapshot({"a": eight, "b": nine}), working=False)[1]) == 28 + 36


def test_repeated_large_meetings_and_kent_reports_make_working_ties():
    fifteen = [f"m{i:02d}" for i in range(15)]
    # Two meetings of 15: each pair 2 x 1/14 = 1/7, a working tie; one meeting of 15 alone is not.
    once = tie_edges(_snapshot({"x": fifteen}))[1]
    twice = tie_edges(_snapshot({"x": fifteen, "y": fifteen}))[1]
    assert once == [] and len(twice) == 105
    # A kent report alone is a working tie of strength 1.
    G = person_network(_snapshot({"x": fifteen}, knows=[("m00", "m01")]))
    assert list(G.edges(data=True)) == [("m00", "m01", {"activities": 1, "met": pytest.approx(1 / 14), "knows": 1,
                                                        "weight": pytest.approx(1 + 1 / 14),
                                                        "distance": pytest.approx(1 / (1 + 1 / 14)), "kind": "both"})]
    assert is_working_tie(WORKING_TIE_MIN_STRENGTH) and not is_working_tie(0.14) and is_working_tie(0.0, knows=1)


def test_organisation_ties_count_working_ties_between_their_people():
    orgs = {"a1": "A", "a2": "A", "b1": "B", "c1": "C"}
    snap = _snapshot({"s": ["a1", "b1"], "t": ["a2", "b1"], "big": ["a1", "c1", *[f"r{i}" for i in range(8)]]},
                     orgs=orgs)
    O = organisation_network(snap)  # noqa: E741 - the field's letter for an organisation graph
    # a1-b1 and a2-b1 (conversations of two: strength 1 each) tie A-B twice; a1-c1 only met in a
    # meeting of 10 (1/9 < 1/7): A and C are not tied.
    assert sorted(O.nodes) == ["A", "B", "C"]
    assert list(O.edges(data=True)) == [("A", "B", {"weight": 2, "strength": 2.0})]


def test_glossary_names_every_figure_and_every_tie_kind_once():
    terms = [t for t, _ in glossary()]
    assert len(terms) == len(set(terms)) == len(TIE_KINDS) + len(FIGURES)
    assert all(f.tie in TIE_KINDS or f.tie == "" for f in FIGURES.values())
