"""The diff between two moments, on tiny graphs computed by hand."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

from netwerk.analysis import diff
from netwerk.analysis.snapshot import snapshot_from_frames
from netwerk.domain import AMSTERDAM


@pytest.fixture
def moments() -> tuple[nx.Graph, nx.Graph]:
    before = nx.Graph()
    before.add_nodes_from("ABCD")
    before.add_edge("A", "B", weight=1)
    before.add_edge("B", "C", weight=2)
    after = nx.Graph()
    after.add_nodes_from("ABCD")
    after.add_edge("A", "B", weight=3)
    after.add_edge("A", "C", weight=1)
    after.add_edge("C", "D", weight=1)
    return before, after


def test_tie_changes(moments) -> None:
    t = diff.tie_changes(*moments)
    got = {(r.source, r.target): (r.weight_before, r.weight_after, r.change) for r in t.itertuples()}
    assert got == {
        ("A", "B"): (1.0, 3.0, "stronger"),
        ("A", "C"): (0.0, 1.0, "new"),
        ("B", "C"): (2.0, 0.0, "lost"),
        ("C", "D"): (0.0, 1.0, "new"),
    }
    weaker = diff.tie_changes(moments[1], moments[0])
    assert weaker.set_index(["source", "target"]).loc[("A", "B"), "change"] == "weaker"


def test_newly_connected(moments) -> None:
    assert diff.newly_connected(*moments) == ["D"]
    assert diff.newly_connected(moments[1], moments[0]) == []


def test_brokerage_change_by_hand(moments) -> None:
    b = diff.brokerage_change(*moments).set_index("node")
    # Before: the path A-B-C; B lies on the one A-C geodesic of 3 pairs among B's others: 1/3.
    assert b.loc["B", "betweenness_before"] == pytest.approx(1 / 3)
    # After: the path B-A-C-D; A lies between B and C, B and D; C between A and D, B and D: 2/3 each.
    assert b.loc["A", "betweenness_after"] == pytest.approx(2 / 3)
    assert b.loc["C", "betweenness_after"] == pytest.approx(2 / 3)
    assert b.loc["B", "betweenness_after"] == pytest.approx(0.0)
    assert b["direction"].to_dict() == {"A": "rose", "B": "fell", "C": "rose", "D": "same"}
    # Burt's constraint of A: one tie before (1.0); after p_AB = 3/4, p_AC = 1/4, B and C unlinked: 9/16 + 1/16.
    assert b.loc["A", "constraint_before"] == pytest.approx(1.0)
    assert b.loc["A", "constraint_after"] == pytest.approx(0.625)
    assert math.isnan(b.loc["D", "constraint_before"])


def test_pair_change_and_network_diff_counts(moments) -> None:
    before = pd.DataFrame({"rater_id": ["A", "A"], "rated_id": ["B", "C"], "trust": [2.0, 3.0], "value": [2.0, None],
                           "himmelman_level": [1.0, 2.0]})
    after = pd.DataFrame({"rater_id": ["A", "B"], "rated_id": ["B", "A"], "trust": [3.5, 2.0], "value": [2.5, 2.0],
                          "himmelman_level": [3.0, 2.0]})
    p = diff.pair_change(before, after).set_index(["rater_id", "rated_id"])
    assert p.loc[("A", "B"), "trust_change"] == pytest.approx(1.5)
    assert p.loc[("A", "B"), "value_change"] == pytest.approx(0.5)
    assert p.loc[("A", "B"), "himmelman_change"] == pytest.approx(2.0)
    assert math.isnan(p.loc[("A", "C"), "trust_change"]) and math.isnan(p.loc[("B", "A"), "trust_before"])
    d = diff.network_diff(*moments, before, after)
    assert {k: d.counts[k] for k in ("new", "lost", "stronger", "weaker", "same", "newly_connected")} == {
        "new": 2, "lost": 1, "stronger": 1, "weaker": 0, "same": 0, "newly_connected": 1}
    assert (d.counts["brokerage_rose"], d.counts["brokerage_fell"]) == (2, 1)
    assert (d.counts["trust_up"], d.counts["trust_down"]) == (1, 0)
    assert (d.counts["ties_before"], d.counts["ties_after"]) == (2, 3)


def test_rating_organisation_graph() -> None:
    pairs = pd.DataFrame({
        "rater_id": ["A", "B", "A", "C"], "rated_id": ["B", "A", "C", "B"],
        "trust": [3.0, 2.0, 4.0, None], "value": [2.0, 2.0, 1.0, 3.0], "himmelman_level": [2.0, 3.0, 0.0, None],
    })
    G = diff.rating_organisation_graph(pairs, nodes=["A", "B", "C", "D"])
    assert sorted(G.edges) == [("A", "B"), ("B", "C")]  # A-C rated "geen" (level 0) is no tie
    assert G.edges["A", "B"]["weight"] == pytest.approx(2.5)
    assert G.edges["A", "B"]["trust"] == pytest.approx(2.5)
    assert G.edges["B", "C"]["weight"] == 1.0 and G.edges["B", "C"]["trust"] is None
    assert "D" in G and G.degree("D") == 0


def test_organisation_graph_counts_person_pairs_across_organisations() -> None:
    import datetime as dt

    snap = snapshot_from_frames(
        organisations=pd.DataFrame({"org_id": ["A", "B", "C"], "name": ["Gemeente", "Woon", "Zorg"],
                                    "sector": ["gemeente", "woningcorporatie", "zorg"]}),
        persons=pd.DataFrame({"person_id": ["p1", "p2", "p3", "p4"], "kind": ["professional"] * 3 + ["resident"],
                              "org_id": ["A", "B", "B", None]}),
        activities=pd.DataFrame({"activity_id": ["a1", "a2"], "kind": ["professionalsoverleg", "straatgesprek"],
                                 "date": [dt.datetime(2025, 3, 1, 10, tzinfo=AMSTERDAM)] * 2}),
        participations=pd.DataFrame({"activity_id": ["a1", "a1", "a1", "a2", "a2"],
                                     "person_id": ["p1", "p2", "p3", "p1", "p2"], "role": ["participant"] * 5}),
    )
    G = diff.organisation_graph(snap)
    assert sorted(G.nodes) == ["A", "B", "C"] and G.nodes["A"]["name"] == "Gemeente"
    assert list(G.edges) == [("A", "B")]
    # Working ties p1-p2 (a1 of 3 people: 1/2, a2 of 2: 1; strength 1.5) and p1-p3 (a1: 1/2):
    # two working ties, summed Newman strength 2.0.
    assert G.edges["A", "B"]["weight"] == 2 and G.edges["A", "B"]["strength"] == pytest.approx(2.0)
