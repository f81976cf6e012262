"""Graphs from a snapshot: bipartite graph, projections, social graph, KNOWS digraph."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pandas as pd
import pytest

from netwerk.analysis import (
    bipartite_graph,
    coparticipation_graph,
    knows_digraph,
    snapshot_from_frames,
    social_graph,
    sorted_graph,
)
from netwerk.domain import AMSTERDAM


def tiny_snapshot(knows: list[tuple] | None = None):
    """P1, P2, P3 at a1; P1, P2 at a2; P4 only reported ties; P5 nothing (isolate)."""
    persons = pd.DataFrame(
        {
            "person_id": ["P1", "P2", "P3", "P4", "P5"],
            "kind": ["professional", "professional", "professional", "resident", "bestuurder"],
            "label": ["Ann", "Bob", "Cor", "Bewoner 4", "Eva"],
            "org_id": ["o1", "o2", "o1", None, "o2"],
            "sector": ["welzijn", "politie", "welzijn", None, "politie"],
        }
    )
    activities = pd.DataFrame(
        {
            "activity_id": ["a1", "a2"],
            "kind": ["professionalsoverleg", "straatgesprek"],
            "date": [dt.datetime(2025, 2, 3, 10, tzinfo=AMSTERDAM), dt.datetime(2025, 5, 6, 14, tzinfo=AMSTERDAM)],
        }
    )
    parts = pd.DataFrame(
        {"activity_id": ["a1", "a1", "a1", "a2", "a2"], "person_id": ["P1", "P2", "P3", "P1", "P2"], "role": "participant"}
    )
    k = pd.DataFrame(knows or [], columns=["from_id", "to_id", "source", "since", "count"])
    return snapshot_from_frames(persons=persons, activities=activities, participations=parts, knows=k)


def test_bipartite_graph_has_both_modes_and_every_node():
    B = bipartite_graph(tiny_snapshot())
    persons = [n for n, b in B.nodes(data="bipartite") if b == 0]
    acts = [n for n, b in B.nodes(data="bipartite") if b == 1]
    assert persons == ["P1", "P2", "P3", "P4", "P5"]  # sorted, isolates included
    assert acts == ["activity:a1", "activity:a2"]
    assert B.number_of_edges() == 5
    assert nx.is_bipartite(B)
    assert B.nodes["P1"]["org_id"] == "o1" and B.nodes["activity:a1"]["activity_id"] == "a1"
    assert B.nodes["P4"]["org_id"] is None  # missing stays None, never NaN


def test_bipartite_graph_keeps_person_and_activity_with_the_same_id_apart():
    snap = snapshot_from_frames(
        persons=pd.DataFrame({"person_id": ["1"], "kind": ["volunteer"]}),
        activities=pd.DataFrame({"activity_id": ["1"], "kind": ["overig"], "date": [dt.datetime(2025, 1, 1, tzinfo=AMSTERDAM)]}),
        participations=pd.DataFrame({"activity_id": ["1"], "person_id": ["1"], "role": ["participant"]}),
    )
    B = bipartite_graph(snap)
    assert set(B.edges) == {("1", "activity:1")}


def test_coparticipation_counts_shared_activities():
    P = coparticipation_graph(tiny_snapshot())
    assert sorted(P.nodes) == ["P1", "P2", "P3", "P4", "P5"]
    assert {(u, v): w for u, v, w in P.edges(data="weight")} == {("P1", "P2"): 2, ("P1", "P3"): 1, ("P2", "P3"): 1}


def test_coparticipation_newman_weight():
    # a1 has 3 participants: 1/(3-1) per pair; a2 has 2: 1/(2-1).
    P = coparticipation_graph(tiny_snapshot(), newman=True)
    assert P["P1"]["P2"]["weight"] == pytest.approx(0.5 + 1.0)
    assert P["P1"]["P3"]["weight"] == pytest.approx(0.5)
    assert P["P2"]["P3"]["weight"] == pytest.approx(0.5)


def test_newman_weights_equal_networkx_collaboration_projection_on_davis():
    """The vectorised Newman weights behind the tie model (``pair_weights``) against
    networkx's own ``collaboration_weighted_projected_graph`` on Davis's Southern Women."""
    B = nx.davis_southern_women_graph()
    women = sorted(n for n, b in B.nodes(data="bipartite") if b == 0)
    ref = nx.bipartite.collaboration_weighted_projected_graph(B, women)
    frames = {"persons": pd.DataFrame({"person_id": women, "kind": "resident"})}
    events = sorted(n for n, b in B.nodes(data="bipartite") if b == 1)
    frames["activities"] = pd.DataFrame({"activity_id": events, "kind": "overig"})
    frames["participations"] = pd.DataFrame([(e, w) for w, e in B.edges() if w in ref] +
                                            [(w, e) for e, w in B.edges() if w in ref],
                                            columns=["activity_id", "person_id"]).assign(role="participant")
    P = coparticipation_graph(snapshot_from_frames(**frames), newman=True)
    assert P.number_of_edges() == ref.number_of_edges() == 139
    for u, v, w in ref.edges(data="weight"):
        assert P[u][v]["weight"] == pytest.approx(w, abs=1e-12)


def test_social_graph_adds_knows_ties_and_marks_their_kind():
    snap = tiny_snapshot(
        knows=[("P1", "P2", "gemeld", None, 1), ("P3", "P4", "gemeld", None, 2), ("P4", "P3", "advies", None, 1),
               ("P5", "P5", "gemeld", None, 1)]
    )
    G = social_graph(snap)
    assert list(G.nodes) == ["P1", "P2", "P3", "P4", "P5"]
    assert G.nodes["P2"] == {"label": "Bob", "kind": "professional", "org_id": "o2", "sector": "politie"}
    e12, e34, e13 = G["P1"]["P2"], G["P3"]["P4"], G["P1"]["P3"]
    assert (e12["kind"], e12["shared"], e12["knows"], e12["weight"]) == ("both", 2, 1, 3)
    assert (e34["kind"], e34["shared"], e34["knows"], e34["weight"]) == ("knows", 0, 3, 3)
    assert (e13["kind"], e13["weight"]) == ("co-participation", 1)
    assert e12["distance"] == pytest.approx(1 / 3)
    assert not nx.number_of_selfloops(G)
    assert nx.is_isolate(G, "P5")


def test_knows_digraph_is_directed_and_filters_on_source():
    snap = tiny_snapshot(
        knows=[("P1", "P2", "advies", None, 1), ("P2", "P1", "vriendschap", None, 1), ("P1", "P2", "gemeld", None, 2)]
    )
    D = knows_digraph(snap)
    assert D.is_directed() and D.number_of_nodes() == 5
    assert D["P1"]["P2"]["weight"] == 3 and D["P2"]["P1"]["weight"] == 1
    A = knows_digraph(snap, source="advies")
    assert list(A.edges) == [("P1", "P2")]
    assert knows_digraph(snap, source=["advies", "vriendschap"]).number_of_edges() == 2


def test_graphs_do_not_depend_on_row_order():
    snap = tiny_snapshot(knows=[("P3", "P4", "gemeld", None, 1)])
    shuffled = snapshot_from_frames(
        persons=snap.persons.sample(frac=1, random_state=3),
        activities=snap.activities.sample(frac=1, random_state=4),
        participations=snap.participations.sample(frac=1, random_state=5),
        knows=snap.knows,
    )
    for build in (bipartite_graph, social_graph):
        a, b = build(snap), build(shuffled)
        assert list(a.nodes(data=True)) == list(b.nodes(data=True))
        assert list(a.edges(data=True)) == list(b.edges(data=True))


def test_sorted_graph_orders_nodes_and_edges():
    G = nx.Graph([("c", "a"), ("b", "a")])
    H = sorted_graph(G)
    assert list(H.nodes) == ["a", "b", "c"] and list(H.edges) == [("a", "b"), ("a", "c")]


def test_empty_snapshot_gives_empty_graphs():
    snap = snapshot_from_frames()
    for G in (bipartite_graph(snap), coparticipation_graph(snap), social_graph(snap), knows_digraph(snap)):
        assert G.number_of_nodes() == 0


def test_snapshot_from_frames_rejects_unknown_tables():
    with pytest.raises(ValueError, match="unknown snapshot tables"):
        snapshot_from_frames(people=pd.DataFrame())
