"""Ego networks, shortest paths, introducers and Adamic-Adar suggestions on hand-built
networks with hand-computed answers."""

from __future__ import annotations

import datetime as dt
import math

import networkx as nx
import pandas as pd
import pytest

from netwerk.analysis import organisation_network, snapshot_from_frames, social_graph
from netwerk.analysis.introductions import (
    CONTACTABLE_KINDS,
    affiliation_graph,
    ego_network,
    introducers,
    organisation_pairs_without_ties,
    shortest_paths,
    suggest_introductions,
    suggestion_reason,
)
from netwerk.domain import AMSTERDAM


def _weighted() -> nx.Graph:
    # a and b have four common neighbours: f (3, 5), d (3, 3), c (2, 4), e (5, 1).
    G = nx.Graph()
    for u, v, w in [("a", "c", 2), ("c", "b", 4), ("a", "d", 3), ("d", "b", 3), ("a", "e", 5), ("e", "b", 1),
                    ("a", "f", 3), ("f", "b", 5), ("b", "g", 1)]:
        G.add_edge(u, v, weight=w)
    for n in G:
        G.nodes[n]["label"] = n.upper()
        G.nodes[n]["kind"] = "professional"
    return G


def test_introducers_ranked_by_weaker_tie_then_sum():
    df = introducers(_weighted(), "a", "b")
    # min: f 3, d 3, c 2, e 1; f before d on the sum (8 > 6).
    assert df["person_id"].tolist() == ["f", "d", "c", "e"]
    assert df["strength"].tolist() == [3, 3, 2, 1]
    assert df["total"].tolist() == [8, 6, 6, 6]
    assert df.loc[0, "label"] == "F"


def test_shortest_paths_limited_and_sorted():
    G = _weighted()
    assert shortest_paths(G, "a", "b", limit=3) == [["a", "c", "b"], ["a", "d", "b"], ["a", "e", "b"]]
    assert shortest_paths(G, "a", "g") == [["a", "c", "b", "g"], ["a", "d", "b", "g"], ["a", "e", "b", "g"],
                                           ["a", "f", "b", "g"]]
    G.add_node("z")
    assert shortest_paths(G, "a", "z") == []
    with pytest.raises(KeyError):
        shortest_paths(G, "a", "nobody")


def test_ego_network_radius_one_and_two():
    G = _weighted()
    one = ego_network(G, "g", 1)
    assert sorted(one) == ["b", "g"]
    two = ego_network(G, "g", 2)
    assert sorted(two) == ["b", "c", "d", "e", "f", "g"]
    assert two.number_of_edges() == 5  # b-c, b-d, b-e, b-f, b-g; a is three steps away
    assert two["b"]["f"]["weight"] == 5
    with pytest.raises(ValueError):
        ego_network(G, "g", 3)


def _when(month: int) -> dt.datetime:
    return dt.datetime(2025, month, 10, 10, tzinfo=AMSTERDAM)


def _snapshot():
    """Professionals A, B (org O1), C (O2), D (O3), E (O4); resident R.

    a1: A, C about eenzaamheid in X; a2: B, C about eenzaamheid in X; a3: D, R about groen
    in Y; a4: E, R about groen in Y. D and E are both in group g1. Ties: A-C, B-C, D-R, E-R.
    """
    persons = pd.DataFrame({
        "person_id": ["A", "B", "C", "D", "E", "R"],
        "kind": ["professional"] * 5 + ["resident"],
        "label": ["Anna", "Bram", "Cem", "Dewi", "Eva", "Bewoner 1"],
        "buurt_code": [None, None, None, None, None, "Y"],
        # First employer, as the store derives it from works_for (snapshot_from_frames does not).
        "org_id": ["O1", "O1", "O2", "O3", "O4", None],
    })
    acts = pd.DataFrame({"activity_id": ["a1", "a2", "a3", "a4"], "kind": ["straatgesprek"] * 4,
                         "date": [_when(m) for m in (1, 2, 3, 4)], "buurt_code": ["X", "X", "Y", "Y"]})
    parts = pd.DataFrame({"activity_id": ["a1", "a1", "a2", "a2", "a3", "a3", "a4", "a4"],
                          "person_id": ["A", "C", "B", "C", "D", "R", "E", "R"], "role": "participant"})
    themes = pd.DataFrame({"activity_id": ["a1", "a2", "a3", "a4"], "theme": ["eenzaamheid"] * 2 + ["groen"] * 2})
    works = pd.DataFrame({"person_id": ["A", "B", "C", "D", "E"], "org_id": ["O1", "O1", "O2", "O3", "O4"]})
    orgs = pd.DataFrame({"org_id": ["O1", "O2", "O3", "O4"], "name": ["Een", "Twee", "Drie", "Vier"], "sector": "zorg"})
    members = pd.DataFrame({"person_id": ["D", "E"], "group_id": ["g1", "g1"]})
    return snapshot_from_frames(persons=persons, activities=acts, participations=parts, activity_themes=themes,
                                works_for=works, organisations=orgs, memberships=members)


def test_affiliation_graph_links_professionals_to_themes_buurten_groups():
    H = affiliation_graph(_snapshot())
    assert "R" not in H  # residents are not among the kinds
    assert sorted(H["A"]) == ["buurt:X", "theme:eenzaamheid"]
    assert sorted(H["D"]) == ["buurt:Y", "group:g1", "theme:groen"]
    assert H.degree("theme:eenzaamheid") == 3


def test_adamic_adar_suggestions_hand_computed():
    snap = _snapshot()
    G = social_graph(snap)
    df = suggest_introductions(snap, G, top=None, buurt_names={"Y": "Raalte-Noord"}, group_names={"g1": "Groep Eén"})
    # D-E share groen, Y and g1, each linked to 2 people: 3 / ln 2. A-B share eenzaamheid
    # and X, each linked to 3 people (A, B, C): 2 / ln 3. A-C and B-C already have a tie.
    assert list(zip(df["person_id"], df["other_id"], strict=True)) == [("D", "E"), ("A", "B")]
    assert df["score"].tolist() == pytest.approx([3 / math.log(2), 2 / math.log(3)])
    assert df["common_contacts"].tolist() == [1, 1]  # R for D-E, C for A-B
    assert df.loc[0, "reason"] == "werkt ook aan groen in Raalte-Noord, zit ook in Groep Eén, 1 gemeenschappelijk contact"
    assert df.loc[1, "reason"] == "werkt ook aan eenzaamheid in X, 1 gemeenschappelijk contact"
    mine = suggest_introductions(snap, G, person_id="B")
    assert mine[["person_id", "other_id", "other_label"]].values.tolist() == [["B", "A", "Anna"]]
    with pytest.raises(KeyError):
        suggest_introductions(snap, G, person_id="R")  # a resident is not among the professionals


def test_reason_texts():
    assert suggestion_reason(("eenzaamheid",), ("BU1",), (), 2, {"BU1": "Raalte-Noord"}) == (
        "werkt ook aan eenzaamheid in Raalte-Noord, 2 gemeenschappelijke contacten")
    assert suggestion_reason((), ("BU1", "BU2"), (), 0) == "komt ook in BU1 en BU2, nog geen gemeenschappelijke contacten"
    assert suggestion_reason(("a", "b", "c", "d", "e"), (), ("g",), 1) == (
        "werkt ook aan a, b, c en 2 andere thema's, zit ook in g, 1 gemeenschappelijk contact")
    assert suggestion_reason(("a", "b", "c", "d"), ("x", "y", "z", "w"), (), 3) == (
        "werkt ook aan a, b, c en 1 ander thema in x, y, z en 1 andere buurt, 3 gemeenschappelijke contacten")


def test_organisation_pairs_without_ties():
    snap = _snapshot()
    orgs = organisation_network(snap)
    # a1 (A, C) and a2 (B, C) have 2 people each: Newman weight 1 >= 1/7, so A-C and B-C are
    # working ties and tie O1-O2 (weight 2). D-R and E-R are working ties too, but R has no
    # organisation, so O3 and O4 are not tied.
    assert sorted(orgs.edges(data="weight")) == [("O1", "O2", 2)]
    df = organisation_pairs_without_ties(snap, orgs)
    # O1-O2 share eenzaamheid but are tied; O3-O4 share groen and D, E have no tie.
    assert df[["org_a", "org_b", "name_a", "name_b", "n_shared_themes"]].values.tolist() == [["O3", "O4", "Drie", "Vier", 1]]
    assert df.loc[0, "shared_themes"] == ("groen",)


# Issue 13, cases 3 and 9: paths and introducers on distance 1/w, never via residents.

def _tie(G: nx.Graph, u: str, v: str, shared: float, knows: int = 0) -> None:
    """A tie as :func:`social_graph` makes it: weight = shared + knows, distance = 1/weight."""
    G.add_edge(u, v, shared=shared, knows=knows, weight=shared + knows, distance=1.0 / (shared + knows))


def _weak_direct() -> nx.Graph:
    """s-t weak (weight 0.1, distance 10); s-m and m-t strong (weight 2, distance 0.5 each)."""
    G = nx.Graph()
    _tie(G, "s", "t", 0.1)
    _tie(G, "s", "m", 2)
    _tie(G, "m", "t", 2)
    for n, label in (("s", "Thijs"), ("t", "Gert-Jan"), ("m", "Petra")):
        G.nodes[n].update(label=label, kind="professional")
    return G


def test_a_weak_direct_tie_loses_to_two_strong_ones():
    G = _weak_direct()
    # s-m-t: 0.5 + 0.5 = 1 < 10 (s-t): the strong detour is the shortest path, the weak direct tie second.
    assert shortest_paths(G, "s", "t") == [["s", "m", "t"], ["s", "t"]]
    assert shortest_paths(G, "s", "t", limit=1) == [["s", "m", "t"]]
    assert shortest_paths(G, "s", "t", weight=None) == [["s", "t"], ["s", "m", "t"]]  # steps: direct first


def test_shortest_paths_by_distance_on_the_weighted_graph():
    G = _weighted()
    for _, _, d in G.edges(data=True):
        d["distance"] = 1 / d["weight"]
    # a-x-b over x: f 1/3 + 1/5 = 8/15, d 1/3 + 1/3 = 2/3, c 1/2 + 1/4 = 3/4, e 1/5 + 1 = 6/5.
    assert shortest_paths(G, "a", "b", limit=3) == [["a", "f", "b"], ["a", "d", "b"], ["a", "c", "b"]]
    assert shortest_paths(G, "a", "g", limit=2) == [["a", "f", "b", "g"], ["a", "d", "b", "g"]]


def test_introducers_ranked_by_path_distance_with_a_dutch_reason():
    G = _weighted()
    for _, _, d in G.edges(data=True):
        d["distance"] = 1 / d["weight"]
    df = introducers(G, "a", "b")
    assert df["person_id"].tolist() == ["f", "d", "c", "e"]
    assert df["distance"].tolist() == pytest.approx([8 / 15, 2 / 3, 3 / 4, 6 / 5])
    # Without shared/knows attributes the reason names the strengths.
    assert df.loc[0, "reason"] == "Werkt met beiden: relatie met sterkte 3 met A, sterkte 5 met B"
    # Weak direct tie: the strong introducer m is on a path of distance 1.
    one = introducers(_weak_direct(), "s", "t")
    assert one[["person_id", "weight_a", "weight_b", "strength", "total"]].values.tolist() == [["m", 2, 2, 2, 4]]
    assert one.loc[0, "distance"] == pytest.approx(1.0)
    assert one.loc[0, "reason"] == "Werkt met beiden: 2 gedeelde activiteiten met Thijs, 2 met Gert-Jan"


def _with_resident() -> nx.Graph:
    """a, b professionals. Via resident r: 4 and 4 (distance 1/2); via volunteer v: 1 and 1
    (distance 2); via bestuurder x: 1 shared + 1 KNOWS with a (2), 1 with b (distance 3/2);
    via resident q only (a-q-c-b) to reach professional c."""
    G = nx.Graph()
    _tie(G, "a", "r", 4)
    _tie(G, "r", "b", 4)
    _tie(G, "a", "v", 1)
    _tie(G, "v", "b", 1)
    _tie(G, "a", "x", 1, knows=1)
    _tie(G, "x", "b", 1)
    _tie(G, "a", "q", 5)
    _tie(G, "q", "c", 5)
    kinds = {"a": "professional", "b": "professional", "c": "professional", "r": "resident", "q": "resident",
             "v": "volunteer", "x": "bestuurder"}
    for n, k in kinds.items():
        G.nodes[n].update(kind=k, label="Bewoner " + n if k == "resident" else n.upper())
    return G


def test_contactable_kinds_are_professionals_volunteers_and_bestuurders():
    assert CONTACTABLE_KINDS == ("professional", "volunteer", "bestuurder")


def test_paths_and_introducers_never_run_through_residents():
    G = _with_resident()
    assert shortest_paths(G, "a", "b")[0] == ["a", "r", "b"]  # any kind: the resident is shortest (1/2)
    # Contactable only: x (1/2 + 1 = 3/2) before v (1 + 1 = 2); r is left out.
    assert shortest_paths(G, "a", "b", via=CONTACTABLE_KINDS) == [["a", "x", "b"], ["a", "v", "b"]]
    assert shortest_paths(G, "a", "c", via=CONTACTABLE_KINDS) == []  # only a resident links them
    df = introducers(G, "a", "b", via=CONTACTABLE_KINDS)
    assert df["person_id"].tolist() == ["x", "v"]
    assert df["distance"].tolist() == pytest.approx([1.5, 2.0])
    assert df.loc[0, "reason"] == "Werkt met beiden: 1 gedeelde activiteit en gemeld contact met A, 1 gedeelde activiteit met B"
    assert introducers(G, "a", "b")["person_id"].tolist() == ["r", "x", "v"]  # unrestricted: r first (1/2)
    assert introducers(G, "a", "c", via=CONTACTABLE_KINDS).empty


def test_suggestions_count_only_contactable_common_contacts():
    snap = _snapshot()
    G = social_graph(snap)
    # D-E's only common contact is resident R (a3, a4); A-B's is professional C.
    df = suggest_introductions(snap, G, top=None, via=CONTACTABLE_KINDS)
    assert df["common_contacts"].tolist() == [0, 1]
    assert df.loc[0, "reason"] == "werkt ook aan groen in Y, zit ook in g1, nog geen gemeenschappelijke contacten"
    assert set(df["other_id"]) | set(df["person_id"]) <= {"A", "B", "C", "D", "E"}  # never a resident
