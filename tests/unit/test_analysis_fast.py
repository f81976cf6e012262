"""The igraph backend gives networkx's answers (networkx is the reference).

Every dispatched measure is computed twice, ``backend="igraph"`` and
``backend="networkx"``, on small hand-made graphs (weighted, with isolates, several
components, two-step contacts) and on the seeds (Krackhardt's managers, Davis's Southern
Women, the demo neighbourhood), and compared with ``pytest.approx``.
"""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from netwerk.analysis import (
    actor_measures,
    betweenness,
    bipartite_graph,
    bridges,
    eigenvector_by_component,
    louvain_communities,
    network_summary,
    period_snapshot,
    person_network,
    social_graph,
    sorted_graph,
    structural_holes,
    summary_per_period,
    to_igraph,
)
from netwerk.analysis.backend import BETWEENNESS_NETWORKX_MAX_TIES, LOUVAIN_NETWORKX_MAX_TIES, use_igraph
from netwerk.analysis.centrality import betweenness_pivots, betweenness_sample_size, betweenness_strata
from netwerk.bootstrap import open_store
from netwerk.services.seeding import seed

from .test_analysis_real_data import davis_snapshot, krackhardt_snapshot

APPROX = {"rel": 1e-7, "abs": 1e-9}


# --- graphs -----------------------------------------------------------------------------


def two_cliques_and_more() -> nx.Graph:
    """Two weighted 4-cliques joined by one bridge, a separate path of three, an isolate."""
    G = nx.Graph()
    for c in ("a", "b"):
        for i in range(4):
            for j in range(i + 1, 4):
                G.add_edge(f"{c}{i}", f"{c}{j}", weight=1 + (i + j) % 3)
    G.add_edge("a0", "b0", weight=1)
    G.add_edge("p1", "p2", weight=2)
    G.add_edge("p2", "p3", weight=4)
    G.add_node("z")
    return G


def random_weighted(n: int, p: float, seed: int, weights=(1, 2, 4)) -> nx.Graph:
    """G(n, p) with weights from ``weights`` (1, 2, 4: distances 1, 1/2, 1/4 add up exactly
    in floating point, so networkx and igraph see the same ties between path lengths),
    plus an isolate."""
    G = nx.gnp_random_graph(n, p, seed=seed)
    rng = random.Random(seed)
    for _, _, d in G.edges(data=True):
        d["weight"] = rng.choice(weights)
    G = nx.relabel_nodes(G, {v: f"v{v}" for v in G})
    G.add_node("isolate")
    return G


@pytest.fixture(scope="module")
def seed_graphs(tmp_path_factory) -> dict[str, nx.Graph]:
    """The person networks of the three seeds, from real SQLite stores."""
    graphs = {}
    for name in ("demo", "davis", "krackhardt"):
        s = open_store(f"sqlite:///{tmp_path_factory.mktemp(name) / 'netwerk.sqlite'}")
        seed(s, name)
        graphs[name] = social_graph(s.snapshot())
        s.close()
    graphs["davis_frames"] = social_graph(davis_snapshot())
    graphs["krackhardt_frames"] = social_graph(krackhardt_snapshot())
    return graphs


@pytest.fixture(scope="module")
def seed_exact_betweenness(seed_graphs) -> dict[str, dict]:
    """networkx's exact betweenness of the seed graphs, in exact arithmetic (not the demo:
    about 20 s with fractions; its sampled betweenness is compared below)."""
    out = {}
    for name, G in seed_graphs.items():
        if name == "demo":
            continue
        ref = nx.betweenness_centrality(sorted_graph(G), weight=_exact(G))
        out[name] = {v: float(x) for v, x in ref.items()}
    return out


def _exact(G: nx.Graph):
    """Distances 1/w as exact fractions: networkx's betweenness in exact arithmetic."""
    return lambda u, v, d: Fraction(1) / Fraction(d.get("weight", 1))


def _approx_dict(got: dict, ref: dict) -> None:
    assert set(got) == set(ref)
    for v in ref:
        if isinstance(ref[v], float) and ref[v] != ref[v]:  # NaN
            assert got[v] != got[v], v
        else:
            assert got[v] == pytest.approx(ref[v], **APPROX), v


SMALL = [two_cliques_and_more, lambda: random_weighted(40, 0.12, 1), lambda: random_weighted(60, 0.08, 2)]


# --- conversion ------------------------------------------------------------------------


def test_to_igraph_sorts_nodes_and_keeps_weights():
    G = nx.Graph()
    G.add_edge("b", "a", weight=2)
    G.add_edge("c", "a")
    G.add_node("d")
    V = to_igraph(G)
    assert V.nodes == ("a", "b", "c", "d")
    assert V.index == {"a": 0, "b": 1, "c": 2, "d": 3}
    pairs = {tuple(sorted(e.tuple)): (e["weight"], e["distance"]) for e in V.graph.es}
    assert pairs == {(0, 1): (2.0, 0.5), (0, 2): (1.0, 1.0)}
    assert not V.has_loops


def test_to_igraph_refuses_what_has_no_distance():
    G = nx.Graph()
    G.add_edge("a", "b", weight=0)
    with pytest.raises(ValueError, match="non-positive"):
        to_igraph(G)
    with pytest.raises(ValueError):
        to_igraph(nx.DiGraph([("a", "b")]))


def test_a_view_of_another_graph_is_refused():
    G = two_cliques_and_more()
    V = to_igraph(nx.path_graph(3))
    with pytest.raises(ValueError, match="view"):
        actor_measures(G, view=V)
    with pytest.raises(ValueError, match="view"):
        bridges(G, view=V)


def test_backend_choice():
    assert use_igraph("auto") and use_igraph("igraph") and not use_igraph("networkx")
    assert not use_igraph("auto", ties=LOUVAIN_NETWORKX_MAX_TIES, louvain=True)
    assert use_igraph("auto", ties=LOUVAIN_NETWORKX_MAX_TIES + 1, louvain=True)
    assert not use_igraph("auto", ties=10, networkx_up_to=10) and use_igraph("auto", ties=11, networkx_up_to=10)
    assert use_igraph("igraph", ties=10, networkx_up_to=10)


def test_small_networks_keep_networkx_betweenness(seed_graphs):
    G = seed_graphs["davis"]
    assert G.number_of_edges() <= BETWEENNESS_NETWORKX_MAX_TIES
    assert betweenness(G) == betweenness(G, backend="networkx")
    assert betweenness(G) != pytest.approx(betweenness(G, backend="igraph"))  # ties broken by floating point
    with pytest.raises(ValueError, match="backend"):
        use_igraph("networkit")


# --- betweenness ------------------------------------------------------------------------


@pytest.mark.parametrize("make", SMALL)
def test_exact_betweenness_equals_networkx(make):
    G = make()
    _approx_dict(betweenness(G, backend="igraph"), betweenness(G, backend="networkx"))
    _approx_dict(betweenness(G, weight=None, backend="igraph"), nx.betweenness_centrality(G))


def test_exact_betweenness_on_the_seeds_equals_networkx_in_exact_arithmetic(seed_graphs, seed_exact_betweenness):
    assert len(seed_exact_betweenness) == 4
    for name, ref in seed_exact_betweenness.items():
        _approx_dict(betweenness(seed_graphs[name], backend="igraph"), ref)


def test_equal_path_lengths_count_as_equal():
    # s-a-t has length 1/2 + 1/12, s-b-t 1/3 + 1/4: both 7/12, but not in floating point,
    # so networkx (exact float comparison) sees one shortest path and igraph two.
    assert 1 / 2 + 1 / 12 != 1 / 3 + 1 / 4
    G = nx.Graph()
    G.add_edge("s", "a", weight=2)
    G.add_edge("a", "t", weight=12)
    G.add_edge("s", "b", weight=3)
    G.add_edge("b", "t", weight=4)
    b = betweenness(G, backend="igraph")
    # a and b each carry half of the s-t paths: (1/2) / ((n-1)(n-2)/2) = 1/6
    assert b["a"] == pytest.approx(1 / 6) and b["b"] == pytest.approx(1 / 6)
    exact = nx.betweenness_centrality(G, weight=_exact(G))
    assert b == pytest.approx({v: float(x) for v, x in exact.items()})


@pytest.mark.parametrize("make", SMALL)
@pytest.mark.parametrize("k", [1, 5, 11])
def test_sampled_betweenness_equals_networkx_with_the_same_pivots(make, k):
    G = make()
    got = betweenness(G, k=k, seed=7, backend="igraph")
    ref = nx.betweenness_centrality(with_sorted_distance(G), k=k, seed=7, weight="distance")
    _approx_dict(got, ref)
    assert betweenness(G, k=k, seed=7, backend="networkx") == pytest.approx(ref, nan_ok=True)


def with_sorted_distance(G: nx.Graph) -> nx.Graph:
    H = sorted_graph(G)
    for _, _, d in H.edges(data=True):
        d["distance"] = 1.0 / d.get("weight", 1)
    return H


def test_pivots_are_networkx_pivots():
    G = random_weighted(50, 0.1, 3)
    nodes = list(sorted_graph(G))
    assert betweenness_pivots(G, 10, 5) == random.Random(5).sample(nodes, 10)


def test_sampled_betweenness_on_the_seeds_uses_networkx_estimator(seed_graphs):
    G = seed_graphs["demo"]
    got = betweenness(G, k=40, seed=3, backend="igraph")
    ref = nx.betweenness_centrality(sorted_graph(G), k=40, seed=3, weight=_exact(G))
    _approx_dict(got, {v: float(x) for v, x in ref.items()})


def test_actor_measures_records_the_sample():
    G = random_weighted(60, 0.08, 2)
    df = actor_measures(G, betweenness_k=20, seed=11)
    assert df.attrs == {"betweenness_k": 20, "seed": 11}
    strata = louvain_communities(G, seed=11).membership
    ref = betweenness(G, k=20, seed=11, strata=strata, backend="networkx")
    assert df["betweenness"].tolist() == pytest.approx([ref[v] for v in df["person_id"]], **APPROX)


@pytest.mark.parametrize("make", SMALL)
def test_stratified_betweenness_equals_networkx(make):
    G = make()
    strata = louvain_communities(G, seed=1).membership
    _approx_dict(betweenness(G, k=9, seed=4, strata=strata, backend="igraph"),
                 betweenness(G, k=9, seed=4, strata=strata, backend="networkx"))


def test_strata_allocate_pivots_in_proportion():
    G = nx.Graph()
    for prefix, size in (("a", 60), ("b", 30), ("c", 6), ("d", 2)):
        nx.add_path(G, [f"{prefix}{i:02d}" for i in range(size)])
    G.add_edge("e0", "a00")
    G.add_node("z")  # without ties: never a pivot, in no stratum
    strata = {v: v[0] for v in G}
    plan = betweenness_strata(G, 20, 1, strata)
    # shares of 20 over the 99 persons with ties: a 12.12, b 6.06, c 1.21, d 0.40, e 0.20
    # -> 12, 6, 1, 0, 0 and the one left to the largest remainder (d); c, d and e get fewer
    # than 2 and are pooled (2 pivots).
    assert [len(p) for p, _ in plan] == [12, 6, 2]
    assert [len(m) for _, m in plan] == [60, 30, 9]
    for pivots, members in plan:
        assert set(pivots) <= set(members) and "z" not in members
    assert betweenness_strata(G, 20, 1, strata) == plan
    assert betweenness_strata(G, 20, 1) == [(betweenness_pivots(G, 20, 1), sorted(G))]
    assert betweenness_strata(G, 99, 1, strata) == [(sorted(set(G) - {"z"}), sorted(set(G) - {"z"}))]


def test_stratified_betweenness_with_all_persons_as_pivots_is_exact():
    G = two_cliques_and_more()
    strata = louvain_communities(G).membership
    _approx_dict(betweenness(G, k=11, strata=strata), betweenness(G, backend="networkx"))


def test_one_stratum_is_the_uniform_sample_over_persons_with_ties():
    G = random_weighted(60, 0.08, 2)
    G.remove_nodes_from([v for v in list(G) if G.degree(v) == 0])
    one = dict.fromkeys(G, 0)
    _approx_dict(betweenness(G, k=15, seed=3, strata=one), betweenness(G, k=15, seed=3))


def test_sampled_brokers_agree_with_exact_betweenness():
    """The accuracy criteria of the scale issue (Spearman >= 0.88, top-30 overlap >= 0.9)
    with the default sample (betweenness_sample_size: 500 pivots for 2,500 persons),
    stratified by Louvain community, on a clustered scale-free network."""
    n = 2500
    G = nx.powerlaw_cluster_graph(n, 3, 0.3, seed=4)
    rng = random.Random(4)
    for _, _, d in G.edges(data=True):
        d["weight"] = rng.choice((1, 1, 2, 3))
    V = to_igraph(G)
    k = betweenness_sample_size(n)
    assert k == 500
    df = actor_measures(G, view=V, communities=False).set_index("person_id")
    assert df.attrs["betweenness_k"] == k
    exact = pd.Series(betweenness(G, view=V))
    approx = df["betweenness"]
    assert exact.rank().corr(approx.rank()) >= 0.88
    top = set(exact.nlargest(30).index)
    assert len(top & set(approx.nlargest(30).index)) / 30 >= 0.9


def test_sample_size_rule():
    assert betweenness_sample_size(2000) is None
    assert betweenness_sample_size(2001) == 500
    assert betweenness_sample_size(10_000) == 700
    assert betweenness_sample_size(50_000) == 1000


def test_persons_without_ties_do_not_count_for_the_sample():
    G = nx.path_graph(2100)
    G.add_nodes_from(range(2100, 2500))
    assert actor_measures(G, communities=False).attrs["betweenness_k"] == 500
    G.remove_nodes_from(range(1900, 2100))
    assert actor_measures(G, communities=False).attrs["betweenness_k"] is None


# --- eigenvector, structural holes, bridges, clustering ---------------------------------


@pytest.mark.parametrize("make", SMALL)
def test_eigenvector_equals_networkx(make):
    G = make()
    _approx_dict(eigenvector_by_component(G, backend="igraph"), eigenvector_by_component(G, backend="networkx"))
    _approx_dict(eigenvector_by_component(G, weight=None, backend="igraph"),
                 eigenvector_by_component(G, weight=None, backend="networkx"))


def test_eigenvector_of_a_connected_graph_is_networkx_eigenvector_centrality():
    G = random_weighted(30, 0.3, 5)
    G.remove_node("isolate")
    assert nx.is_connected(G)
    ref = nx.eigenvector_centrality(G, weight="weight", tol=1e-12, max_iter=5000)
    _approx_dict(eigenvector_by_component(G, backend="igraph"), ref)


def test_eigenvector_with_a_self_loop_uses_networkx():
    G = two_cliques_and_more()
    G.add_edge("a1", "a1", weight=3)
    assert to_igraph(G).has_loops
    _approx_dict(eigenvector_by_component(G, backend="igraph"), eigenvector_by_component(G, backend="networkx"))


@pytest.mark.parametrize("make", SMALL)
def test_structural_holes_equal_networkx(make):
    G = make()
    con, eff = structural_holes(G, backend="igraph")
    ref_con, ref_eff = structural_holes(G, backend="networkx")
    _approx_dict(con, ref_con)
    _approx_dict(eff, ref_eff)
    # and networkx's own functions (weighted), isolates NaN
    _approx_dict(con, nx.constraint(G, weight="weight"))
    _approx_dict(eff, nx.effective_size(G, weight="weight"))
    uc, _ = structural_holes(G, weight=None, backend="igraph")
    _approx_dict(uc, nx.constraint(G))


def test_two_step_contacts_do_not_add_to_constraint():
    # a's contacts b, c; d is only reachable through b (a two-step contact).
    G = nx.Graph([("a", "b"), ("a", "c"), ("b", "c"), ("b", "d")])
    con, _ = structural_holes(G, weight=None, backend="igraph")
    # p_ab = p_ac = 1/2, p_bc = 1/3, p_cb = 1/2: c_a = 2 * (1/2 + 1/2 * 1/2)^2 ... by hand:
    # j=b: (1/2 + p_ac p_cb)^2 = (1/2 + 1/4)^2; j=c: (1/2 + p_ab p_bc)^2 = (1/2 + 1/6)^2
    assert con["a"] == pytest.approx((3 / 4) ** 2 + (2 / 3) ** 2)
    assert con == pytest.approx(nx.constraint(G))


def test_structural_holes_on_the_seeds(seed_graphs):
    for G in seed_graphs.values():
        con, eff = structural_holes(G, backend="igraph")
        ref_con, ref_eff = structural_holes(G, backend="networkx")
        _approx_dict(con, ref_con)
        _approx_dict(eff, ref_eff)


@pytest.mark.parametrize("make", SMALL)
def test_bridges_equal_networkx(make):
    G = make()
    ref = sorted(tuple(sorted(e)) for e in nx.bridges(G))
    assert bridges(G, backend="igraph") == ref
    assert bridges(G, backend="networkx") == ref


def test_bridges_by_hand():
    assert bridges(two_cliques_and_more()) == [("a0", "b0"), ("p1", "p2"), ("p2", "p3")]
    assert bridges(nx.Graph()) == []
    assert bridges(nx.cycle_graph(4)) == []


def test_bridges_on_the_seeds(seed_graphs):
    for G in seed_graphs.values():
        assert bridges(G, backend="igraph") == bridges(G, backend="networkx")


def test_network_summary_equals_networkx(seed_graphs):
    graphs = [*seed_graphs.values(), two_cliques_and_more(), random_weighted(60, 0.08, 2), nx.Graph()]
    for G in graphs:
        for n in G:
            G.nodes[n].setdefault("kind", None)
        got = network_summary(G, backend="igraph").as_dict()
        ref = network_summary(G, backend="networkx").as_dict()
        assert got == pytest.approx(ref, **APPROX)


# --- communities ------------------------------------------------------------------------


def ring_of_cliques(k: int = 6, size: int = 5) -> nx.Graph:
    G = nx.ring_of_cliques(k, size)
    return nx.relabel_nodes(G, {v: f"n{v:02d}" for v in G})


@pytest.mark.parametrize("make", [two_cliques_and_more, ring_of_cliques])
def test_louvain_finds_the_same_clear_partition(make):
    G = make()
    got = louvain_communities(G, backend="igraph")
    ref = louvain_communities(G, backend="networkx")
    assert got.groups == ref.groups
    assert got.membership == ref.membership
    assert got.modularity == pytest.approx(ref.modularity, abs=1e-9)


def test_louvain_by_hand_on_igraph():
    c = louvain_communities(ring_of_cliques(6, 5), backend="igraph", weight=None)
    assert c.groups == [[f"n{i:02d}" for i in range(j, j + 5)] for j in range(0, 30, 5)]
    # six cliques of 10 ties each, joined in a ring by 6 ties: m = 66
    assert c.modularity == pytest.approx(6 * (10 / 66 - (22 / 132) ** 2))


def test_louvain_on_igraph_is_seeded_and_order_free():
    G = random_weighted(200, 0.03, 9)
    H = nx.Graph()
    H.add_nodes_from(reversed(list(G.nodes)))
    H.add_edges_from(reversed(list(G.edges(data=True))))
    a = louvain_communities(G, seed=3, backend="igraph")
    b = louvain_communities(H, seed=3, backend="igraph")
    assert a.groups == b.groups and a.modularity == b.modularity
    assert louvain_communities(G, seed=3, backend="igraph").groups == a.groups
    assert ["isolate"] in a.groups


def test_louvain_modularity_on_the_seeds_is_as_good(seed_graphs):
    for name, G in seed_graphs.items():
        got = louvain_communities(G, backend="igraph")
        ref = louvain_communities(G, backend="networkx")
        assert got.modularity == pytest.approx(ref.modularity, abs=0.02), name
        # the reported modularity is networkx's modularity of igraph's partition
        q = nx.community.modularity(G, got.groups, weight="weight")
        assert got.modularity == pytest.approx(q, abs=1e-9)


def test_louvain_on_a_larger_generated_network_is_as_good():
    G = nx.powerlaw_cluster_graph(2000, 4, 0.4, seed=2)
    got = louvain_communities(G, weight=None, backend="igraph")
    ref = louvain_communities(G, weight=None, backend="networkx")
    assert got.modularity == pytest.approx(ref.modularity, abs=0.02)


# --- a full run ---------------------------------------------------------------------------


def test_actor_measures_equal_networkx_on_the_seeds(seed_graphs, seed_exact_betweenness):
    for name, G in seed_graphs.items():
        got = actor_measures(G, communities=False, backend="igraph", view=to_igraph(G))
        ref = actor_measures(G, communities=False, backend="networkx")
        assert got["person_id"].tolist() == ref["person_id"].tolist(), name
        assert got["degree"].tolist() == ref["degree"].tolist()
        for col in ("weighted_degree", "eigenvector", "constraint", "effective_size"):
            assert got[col].tolist() == pytest.approx(ref[col].tolist(), nan_ok=True, **APPROX), (name, col)
        if name == "demo":
            continue
        exact = seed_exact_betweenness[name]
        assert got["betweenness"].tolist() == pytest.approx([exact[v] for v in got["person_id"]], **APPROX)


def test_actor_measures_on_a_small_graph_equal_networkx_everywhere():
    G = two_cliques_and_more()
    got = actor_measures(G)
    ref = actor_measures(G, backend="networkx")
    pd.testing.assert_frame_equal(got, ref, check_exact=False, rtol=1e-9, atol=1e-12)


# --- graphs and growth without networkx ----------------------------------------------------


@pytest.fixture(scope="module")
def demo_snapshot(tmp_path_factory):
    s = open_store(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'netwerk.sqlite'}")
    seed(s, "demo")
    snap = s.snapshot()
    s.close()
    return snap


def test_coparticipation_ties_equal_networkx_projection(demo_snapshot):
    for snap in (demo_snapshot, davis_snapshot()):
        G = social_graph(snap)
        B = bipartite_graph(snap)
        P = nx.bipartite.weighted_projected_graph(B, [n for n, b in B.nodes(data="bipartite") if b == 0])
        shared = {(u, v): d["shared"] for u, v, d in G.edges(data=True) if d["shared"]}
        assert shared == {(min(u, v), max(u, v)): d["weight"] for u, v, d in P.edges(data=True)}


def test_growth_per_quarter_equals_networkx_summary_per_period(demo_snapshot):
    table = summary_per_period(demo_snapshot, "quarter")
    assert len(table) >= 4
    for r in table.itertuples(index=False):
        part = period_snapshot(demo_snapshot, r.period_start, r.period_end)
        ref = network_summary(person_network(part), bipartite_graph(part), backend="networkx").as_dict()
        assert {k: getattr(r, k) for k in ref} == pytest.approx(ref, **APPROX), r.period


def test_growth_of_every_tie_equals_networkx_summary(demo_snapshot):
    table = summary_per_period(demo_snapshot, "year", working=False)
    for r in table.itertuples(index=False):
        part = period_snapshot(demo_snapshot, r.period_start, r.period_end)
        ref = network_summary(social_graph(part), bipartite_graph(part), backend="networkx").as_dict()
        assert {k: getattr(r, k) for k in ref} == pytest.approx(ref, **APPROX)


def test_growth_of_a_snapshot_without_ties(tmp_path: Path):
    from netwerk.analysis import snapshot_from_frames

    snap = snapshot_from_frames(
        persons=pd.DataFrame({"person_id": ["a", "b"], "kind": "resident"}),
        activities=pd.DataFrame({"activity_id": ["x"], "kind": "straatgesprek", "date": [pd.Timestamp("2025-02-01")]}),
        participations=pd.DataFrame({"activity_id": ["x"], "person_id": ["a"]}),
    )
    t = summary_per_period(snap, "quarter")
    assert t[["persons", "activities", "participations", "ties", "components", "isolates"]].iloc[0].tolist() == [
        1, 1, 1, 0, 1, 1]


def test_actor_measures_take_given_communities():
    G = random_weighted(60, 0.08, 2)
    V = to_igraph(G)
    comms = louvain_communities(G, seed=5, view=V)
    df = actor_measures(G, seed=5, betweenness_k=20, communities=comms, view=V)
    assert df["community"].tolist() == [comms.membership[v] for v in df["person_id"]]
    pd.testing.assert_frame_equal(df, actor_measures(G, seed=5, betweenness_k=20, view=V))
    assert (actor_measures(G, communities=False)["community"] == -1).all()
