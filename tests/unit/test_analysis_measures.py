"""Every measure on tiny graphs with hand-computed answers."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from netwerk.analysis import (
    ACTOR_COLUMNS,
    SUMMARY_KEYS,
    actor_measures,
    bipartite_graph,
    ei_index,
    eigenvector_by_component,
    louvain_communities,
    network_summary,
    social_graph,
    structural_holes,
)
from tests.unit.test_analysis_graphs import tiny_snapshot


def by_person(df):
    return df.set_index("person_id")


# --- network summary ---------------------------------------------------------------


def test_network_summary_hand_computed():
    # Ties: P1-P2 (both), P1-P3, P2-P3 (co-participation), P3-P4 (knows); P5 isolate.
    snap = tiny_snapshot(knows=[("P3", "P4", "gemeld", None, 1), ("P1", "P2", "gemeld", None, 1)])
    s = network_summary(social_graph(snap), bipartite_graph(snap))
    assert s.persons == 5
    assert s.organisations == 2  # o1, o2 (P5 works for o2 too)
    assert (s.activities, s.participations) == (2, 5)
    assert s.ties == 4
    assert s.density == pytest.approx(4 / 10)
    assert s.components == 2
    assert s.average_degree == pytest.approx(8 / 5)
    # local clustering P1 = P2 = 1, P3 = 1/3 (one of three neighbour pairs), P4 = P5 = 0
    assert s.clustering == pytest.approx((1 + 1 + 1 / 3) / 5)
    assert s.isolates == 1
    assert s.cross_org_ties == 2  # P1(o1)-P2(o2), P2(o2)-P3(o1); P1-P3 same org; P4 is a resident
    assert tuple(s.as_dict()) == SUMMARY_KEYS


def test_network_summary_of_empty_and_single_node_graphs():
    zero = network_summary(nx.Graph())
    assert all(v == 0 for v in zero.as_dict().values())
    G = nx.Graph()
    G.add_node("x")
    one = network_summary(G)
    assert (one.persons, one.ties, one.density, one.components, one.isolates, one.clustering) == (1, 0, 0.0, 1, 1, 0.0)


def test_network_summary_refuses_a_directed_graph():
    with pytest.raises(ValueError):
        network_summary(nx.DiGraph())


# --- actor measures ----------------------------------------------------------------


def weighted_square():
    """A-B and B-C strong (10), A-D and D-C weak (1)."""
    G = nx.Graph()
    G.add_edge("A", "B", weight=10)
    G.add_edge("B", "C", weight=10)
    G.add_edge("A", "D", weight=1)
    G.add_edge("D", "C", weight=1)
    return G


def test_strong_ties_make_the_broker():
    m = by_person(actor_measures(weighted_square()))
    # Distances 1/w: A-B-C = 0.2 < A-D-C = 2, so the A-C geodesic runs through B (1 pair).
    # D-B: D-A-B = D-C-B = 1.1, two geodesics, A and C each get 1/2. B-D and A-C aside,
    # every other pair is adjacent. Normalised by (n-1)(n-2)/2 = 3.
    assert m.loc["B", "betweenness"] == pytest.approx(1 / 3)
    assert m.loc["A", "betweenness"] == pytest.approx(1 / 6)
    assert m.loc["C", "betweenness"] == pytest.approx(1 / 6)
    assert m.loc["D", "betweenness"] == pytest.approx(0.0)
    assert m.loc["B", "betweenness"] > m.loc["D", "betweenness"]
    # Unweighted, B and D would be interchangeable:
    u = by_person(actor_measures(nx.Graph(weighted_square().edges())))
    assert u.loc["B", "betweenness"] == pytest.approx(u.loc["D", "betweenness"])


def test_weighted_degree_eigenvector_and_burt_on_the_weighted_square():
    m = by_person(actor_measures(weighted_square()))
    assert m["degree"].tolist() == [2, 2, 2, 2]
    assert m["weighted_degree"].to_dict() == {"A": 11, "B": 20, "C": 11, "D": 2}
    # x_A = x_C = a, x_B = 20a/l, x_D = 2a/l with l^2 = 202; unit norm gives a = 1/2.
    assert m.loc["A", "eigenvector"] == pytest.approx(0.5)
    assert m.loc["B", "eigenvector"] == pytest.approx(10 / math.sqrt(202))
    assert m.loc["D", "eigenvector"] == pytest.approx(1 / math.sqrt(202))
    # Constraint: no triangles, so c_A = p_AB^2 + p_AD^2 = (10/11)^2 + (1/11)^2.
    assert m.loc["A", "constraint"] == pytest.approx(101 / 121)
    assert m.loc["B", "constraint"] == pytest.approx(0.5)
    # Effective size without redundancy = number of contacts.
    assert m["effective_size"].tolist() == pytest.approx([2, 2, 2, 2])


def test_path_of_three():
    m = by_person(actor_measures(nx.path_graph(["a", "b", "c"])))
    assert m.loc["b", "betweenness"] == pytest.approx(1.0)
    assert m.loc["a", "betweenness"] == pytest.approx(0.0)
    # leading eigenvector of a path of 3: (1, sqrt 2, 1) / 2
    assert m.loc["b", "eigenvector"] == pytest.approx(math.sqrt(2) / 2)
    assert m.loc["a", "eigenvector"] == pytest.approx(0.5)
    assert m.loc["b", "constraint"] == pytest.approx(0.5)
    assert m.loc["a", "constraint"] == pytest.approx(1.0)


def test_star():
    G = nx.star_graph(["hub", "x", "y", "z"])
    m = by_person(actor_measures(G))
    assert m.loc["hub", "betweenness"] == pytest.approx(1.0)
    assert m.loc["hub", "eigenvector"] == pytest.approx(1 / math.sqrt(2))
    assert m.loc["x", "eigenvector"] == pytest.approx(1 / math.sqrt(6))
    assert m.loc["hub", "constraint"] == pytest.approx(1 / 3)
    assert m.loc["hub", "effective_size"] == pytest.approx(3.0)
    assert m.loc["x", "effective_size"] == pytest.approx(1.0)


def test_triangle_with_pendant():
    G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    m = by_person(actor_measures(G))
    # c lies on the geodesics a-d and b-d: 2 / 3.
    assert m.loc["c", "betweenness"] == pytest.approx(2 / 3)
    assert m.loc["a", "betweenness"] == pytest.approx(0.0)
    # Burt: c_a = (1/2 + 1/2*1/3)^2 + (1/2 + 1/2*1/2)^2 = 4/9 + 9/16
    assert m.loc["a", "constraint"] == pytest.approx(4 / 9 + 9 / 16)
    # c_c = 2 * (1/3 + 1/3*1/2)^2 + (1/3)^2
    assert m.loc["c", "constraint"] == pytest.approx(11 / 18)
    # effective size (Borgatti): n - 2t/n = 3 - 2/3 for c; a's two contacts are tied: 2 - 1
    assert m.loc["c", "effective_size"] == pytest.approx(7 / 3)
    assert m.loc["a", "effective_size"] == pytest.approx(1.0)
    # eigenvector: x_a = x_b = y/(l-1), x_d = y/l, with l the largest root of l^3 - l^2 - 3l + 1
    lam = max(np.roots([1, -1, -3, 1]).real)
    y = 1 / math.sqrt(2 / (lam - 1) ** 2 + 1 + 1 / lam**2)
    assert m.loc["c", "eigenvector"] == pytest.approx(y)
    assert m.loc["a", "eigenvector"] == pytest.approx(y / (lam - 1))
    assert m.loc["d", "eigenvector"] == pytest.approx(y / lam)


def test_isolates_and_single_node_components_give_answers():
    G = nx.Graph()
    G.add_nodes_from(["x", "y"])
    G.add_edge("a", "b")
    m = by_person(actor_measures(G))
    assert list(m.columns) == list(ACTOR_COLUMNS[1:])
    assert m.loc["x", "degree"] == 0 and m.loc["x", "betweenness"] == 0.0 and m.loc["x", "eigenvector"] == 0.0
    assert math.isnan(m.loc["x", "constraint"]) and math.isnan(m.loc["x", "effective_size"])
    assert m.loc["a", "constraint"] == pytest.approx(1.0)
    assert sorted(m["community"]) == [0, 0, 1, 2]


def test_empty_graph_gives_an_empty_table():
    df = actor_measures(nx.Graph())
    assert df.empty and list(df.columns) == list(ACTOR_COLUMNS)


def test_actor_measures_refuses_non_positive_strength():
    G = nx.Graph()
    G.add_edge("a", "b", weight=0)
    with pytest.raises(ValueError, match="non-positive"):
        actor_measures(G)


def test_sampled_betweenness_records_k_and_seed():
    G = nx.path_graph(10)
    exact = actor_measures(G)
    assert exact.attrs == {"betweenness_k": None, "seed": 42}
    sampled = actor_measures(G, betweenness_k=5, seed=7)
    assert sampled.attrs == {"betweenness_k": 5, "seed": 7}
    assert actor_measures(G, betweenness_k=5, seed=7)["betweenness"].tolist() == sampled["betweenness"].tolist()


# --- eigenvector on disconnected graphs ----------------------------------------------


def disconnected():
    G = nx.Graph([("a", "b"), ("c", "d"), ("c", "e")])
    G.add_node("f")
    return G


def test_eigenvector_per_component_scaled_by_component_size():
    ev = eigenvector_by_component(disconnected())
    # K2: 1/sqrt2 each, scaled by sqrt(2/6); path d-c-e: (1/2, 1/sqrt2, 1/2) scaled by sqrt(3/6)
    assert ev["a"] == pytest.approx(1 / math.sqrt(2) * math.sqrt(2 / 6))
    assert ev["c"] == pytest.approx(1 / math.sqrt(2) * math.sqrt(3 / 6))
    assert ev["d"] == pytest.approx(0.5 * math.sqrt(3 / 6))
    assert ev["f"] == 0.0
    assert eigenvector_by_component(nx.Graph()) == {}


def test_eigenvector_equals_networkx_on_a_connected_graph():
    G = nx.karate_club_graph()
    ours = eigenvector_by_component(G)
    ref = nx.eigenvector_centrality(G, max_iter=1000, tol=1e-10, weight="weight")
    assert ours == pytest.approx(ref)


def test_eigenvector_falls_back_to_numpy_when_power_iteration_fails(monkeypatch):
    expected = eigenvector_by_component(disconnected())

    def fail(*args, **kwargs):
        raise nx.PowerIterationFailedConvergence(0)

    monkeypatch.setattr(nx, "eigenvector_centrality", fail)
    assert eigenvector_by_component(disconnected()) == pytest.approx(expected)


# --- communities ---------------------------------------------------------------------


def two_cliques():
    G = nx.Graph()
    G.add_edges_from(nx.complete_graph(["e", "f", "g", "h"]).edges())
    G.add_edges_from(nx.complete_graph(["a", "b", "c", "d"]).edges())
    G.add_edge("d", "e")
    return G


def test_louvain_finds_two_cliques_numbered_deterministically():
    c = louvain_communities(two_cliques())
    assert c.groups == [["a", "b", "c", "d"], ["e", "f", "g", "h"]]
    assert c.membership["a"] == 0 and c.membership["h"] == 1
    # Q = sum_c L_c/m - (d_c/2m)^2 with m = 13, L_c = 6, d_c = 13
    assert c.modularity == pytest.approx(2 * (6 / 13 - (13 / 26) ** 2))
    assert len(c) == 2


def test_louvain_numbers_largest_first_and_keeps_isolates():
    G = nx.complete_graph(["x", "y", "z"])
    G.add_edge("a", "b")
    G.add_node("0")
    c = louvain_communities(G)
    assert c.groups == [["x", "y", "z"], ["a", "b"], ["0"]]


def test_louvain_on_graphs_without_ties():
    assert louvain_communities(nx.Graph()).groups == []
    assert louvain_communities(nx.Graph()).modularity == 0.0
    G = nx.Graph()
    G.add_nodes_from(["b", "a"])
    c = louvain_communities(G)
    assert c.groups == [["a"], ["b"]] and c.modularity == 0.0


def test_louvain_does_not_depend_on_insertion_order():
    G = two_cliques()
    H = nx.Graph()
    H.add_edges_from(reversed(list(G.edges())))
    assert louvain_communities(G, seed=1).groups == louvain_communities(H, seed=1).groups


# --- E-I index -----------------------------------------------------------------------


def test_ei_index_by_organisation_and_sector():
    G = social_graph(tiny_snapshot(knows=[("P3", "P4", "gemeld", None, 1)]))
    # With an organisation: P1(o1), P2(o2), P3(o1), P5(o2, isolate); P4 (resident) left out.
    # P1-P2 external, P2-P3 external, P1-P3 internal: (2 - 1) / 3.
    by_org = ei_index(G, "org_id")
    assert (by_org.external, by_org.internal) == (2, 1)
    assert by_org.ei_index == pytest.approx(1 / 3)
    groups = by_org.groups.set_index("group")
    assert groups.loc["o1"].tolist() == pytest.approx([1, 2, 1 / 3])
    assert groups.loc["o2"].tolist() == pytest.approx([0, 2, 1.0])
    by_sector = ei_index(G, "sector")
    assert by_sector.ei_index == pytest.approx(1 / 3)
    assert list(by_sector.groups.columns) == ["group", "internal", "external", "ei_index"]


def test_ei_index_extremes_and_no_ties():
    G = nx.Graph([("a", "b"), ("c", "d")])
    nx.set_node_attributes(G, {"a": "x", "b": "x", "c": "y", "d": "y"}, "org")
    assert ei_index(G, "org").ei_index == -1.0
    nx.set_node_attributes(G, {"a": "x", "b": "y", "c": "x", "d": "y"}, "org")
    assert ei_index(G, "org").ei_index == 1.0
    G.add_node("e", org="z")
    assert math.isnan(ei_index(G, "org").groups.set_index("group").loc["z", "ei_index"])
    empty = ei_index(nx.Graph(), "org")
    assert math.isnan(empty.ei_index) and empty.groups.empty


def test_ei_index_weighted():
    G = nx.Graph()
    G.add_edge("a", "b", weight=3)  # internal
    G.add_edge("a", "c", weight=1)  # external
    nx.set_node_attributes(G, {"a": "x", "b": "x", "c": "y"}, "org")
    assert ei_index(G, "org", weight="weight").ei_index == pytest.approx((1 - 3) / 4)
    assert ei_index(G, "org").ei_index == pytest.approx(0.0)


# --- structural holes equal networkx's ----------------------------------------------


@pytest.mark.parametrize("weighted", [False, True])
def test_structural_holes_equal_networkx(weighted):
    G = nx.karate_club_graph()  # has integer "weight" attributes
    G.add_node("alone")
    w = "weight" if weighted else None
    con, eff = structural_holes(G, weight=w)
    ref_con = nx.constraint(G, weight=w)
    ref_eff = nx.effective_size(G, weight=w)
    for v in G:
        if v == "alone":
            assert math.isnan(con[v]) and math.isnan(ref_con[v]) and math.isnan(eff[v]) and math.isnan(ref_eff[v])
        else:
            assert con[v] == pytest.approx(ref_con[v], rel=1e-12)
            assert eff[v] == pytest.approx(ref_eff[v], rel=1e-12)


def test_structural_holes_refuses_directed_graphs():
    with pytest.raises(ValueError):
        structural_holes(nx.DiGraph())
