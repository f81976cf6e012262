"""Directed-network figures (density, reciprocity, in/out-degree) by hand and against R sna
on Krackhardt's managers (tests/data/krackhardt/sna_directed_figures.csv, recorded by
sna_brokerage.R); the diameter of the largest component by hand and against networkx."""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from netwerk.analysis import DIRECTED_KEYS, directed_summary, largest_component_diameter, to_igraph
from tests.unit.test_analysis_brokerage import krackhardt_digraph

KRACKHARDT = Path(__file__).resolve().parents[1] / "data" / "krackhardt"  # see SOURCE.md there


def sna_figures(network: str) -> dict:
    t = pd.read_csv(KRACKHARDT / "sna_directed_figures.csv")
    t = t[t["network"] == network]
    return dict(zip(t["measure"], t["value"], strict=True))


# --- directed summary ---------------------------------------------------------------------


def test_directed_summary_by_hand():
    # a <-> b, b -> c, c -> c (ignored), d alone: n = 4, m = 3, M = 1, A = 1, N = 6 - 2 = 4
    D = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("c", "c")])
    D.add_node("d")
    s = directed_summary(D)
    assert list(s) == list(DIRECTED_KEYS)
    assert (s["actors"], s["actors_with_ties"], s["ties"]) == (4, 3, 3)
    assert (s["mutual_dyads"], s["asymmetric_dyads"], s["null_dyads"]) == (1, 1, 4)
    assert s["density"] == pytest.approx(3 / 12)
    assert s["reciprocity_dyadic"] == pytest.approx(5 / 6)
    assert s["reciprocity_dyadic_nonnull"] == pytest.approx(1 / 2)
    assert s["reciprocity_edgewise"] == pytest.approx(2 / 3)
    assert s["mean_in_degree"] == s["mean_out_degree"] == pytest.approx(3 / 4)
    assert (s["max_in_degree"], s["max_out_degree"]) == (1, 2)


def test_directed_summary_undefined_values():
    s = directed_summary(nx.DiGraph())
    assert s["actors"] == s["ties"] == s["max_in_degree"] == 0
    for k in ("density", "reciprocity_dyadic", "reciprocity_dyadic_nonnull", "reciprocity_edgewise",
              "mean_in_degree"):
        assert math.isnan(s[k]), k
    with pytest.raises(ValueError, match="directed"):
        directed_summary(nx.Graph())


@pytest.mark.parametrize("network", ["advice", "friendship"])
def test_directed_summary_equals_sna_on_krackhardt(network):
    s = directed_summary(krackhardt_digraph(network))
    ref = sna_figures(network)
    assert s["actors"] == ref["actors"] == 21
    assert s["ties"] == ref["ties"]
    assert s["density"] == pytest.approx(ref["gden"], abs=1e-11)
    assert s["reciprocity_dyadic"] == pytest.approx(ref["grecip_dyadic"], abs=1e-11)
    assert s["reciprocity_dyadic_nonnull"] == pytest.approx(ref["grecip_dyadic_nonnull"], abs=1e-11)
    assert s["reciprocity_edgewise"] == pytest.approx(ref["grecip_edgewise"], abs=1e-11)
    assert s["mean_in_degree"] == pytest.approx(ref["mean_indegree"], abs=1e-10)
    assert s["mean_out_degree"] == pytest.approx(ref["mean_outdegree"], abs=1e-10)
    assert (s["max_in_degree"], s["max_out_degree"]) == (ref["max_indegree"], ref["max_outdegree"])


def test_krackhardt_advice_values_as_recorded():
    # sna 2.7-1: gden 0.4524, grecip dyadic 0.5238, dyadic.nonnull 0.3103, edgewise 0.4737
    s = directed_summary(krackhardt_digraph("advice"))
    assert (s["ties"], s["mutual_dyads"], s["asymmetric_dyads"]) == (190, 45, 100)
    assert s["reciprocity_edgewise"] == pytest.approx(90 / 190)
    assert s["reciprocity_dyadic"] == pytest.approx((45 + 65) / 210)
    # networkx's reciprocity is the edgewise one
    assert s["reciprocity_edgewise"] == pytest.approx(nx.reciprocity(krackhardt_digraph("advice")))


# --- diameter --------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["networkx", "igraph"])
def test_diameter_of_the_largest_component_by_hand(backend):
    G = nx.path_graph(["a", "b", "c", "d", "e"])  # diameter 4
    G.add_edges_from(nx.complete_graph(["x", "y", "z"]).edges())  # smaller component
    G.add_node("solo")
    d = largest_component_diameter(G, backend=backend)
    assert (d.diameter, d.component_persons, d.persons, d.exact) == (4, 5, 9, True)
    assert d.as_dict()["exact"] is True


@pytest.mark.parametrize("backend", ["networkx", "igraph"])
def test_diameter_ignores_weights_and_picks_the_larger_component(backend):
    G = nx.cycle_graph(4)  # diameter 2, 4 persons
    nx.set_edge_attributes(G, 5, "weight")
    G.add_edges_from([(10, 11), (11, 12)])  # path of 3, diameter 2
    G = nx.relabel_nodes(G, str)
    assert largest_component_diameter(G, backend=backend).component_persons == 4


@pytest.mark.parametrize("seed", range(4))
def test_diameter_equals_networkx_on_random_graphs(seed):
    G = nx.relabel_nodes(nx.connected_watts_strogatz_graph(300, 4, 0.05, seed=seed), str)
    ref = nx.diameter(G)
    assert largest_component_diameter(G, backend="networkx").diameter == ref
    assert largest_component_diameter(G, backend="igraph", view=to_igraph(G)).diameter == ref
    H = nx.relabel_nodes(nx.powerlaw_cluster_graph(400, 2, 0.3, seed=seed), str)
    assert largest_component_diameter(H).diameter == nx.diameter(H)


def test_diameter_gives_bounds_when_the_search_budget_runs_out():
    G = nx.relabel_nodes(nx.cycle_graph(40), str)  # diameter 20
    d = largest_component_diameter(G, max_sources=1)
    assert d.diameter is None and not d.exact and d.searches == 1
    assert d.lower_bound <= 20 <= d.upper_bound


def test_diameter_of_an_empty_graph():
    assert largest_component_diameter(nx.Graph()).diameter == 0
