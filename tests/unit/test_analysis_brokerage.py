"""Gould-Fernandez brokerage roles: tiny graphs by hand, a brute-force check, and R sna's
``brokerage()`` on Krackhardt's managers (recorded by tests/data/krackhardt/sna_brokerage.R)."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from netwerk.analysis import BROKERAGE_COLUMNS, BROKERAGE_ROLES, gould_fernandez_brokerage, knows_digraph, snapshot_from_frames

KRACKHARDT = Path(__file__).resolve().parents[1] / "data" / "krackhardt"  # see SOURCE.md there
SNA_ROLES = {"w_I": "coordinator", "w_O": "itinerant", "b_IO": "representative", "b_OI": "gatekeeper",
             "b_O": "liaison", "t": "total"}


def krackhardt_digraph(network: str) -> nx.DiGraph:
    """Krackhardt's advice or friendship digraph through the product's path (KNOWS rows ->
    knows_digraph), each manager's department as org_id."""
    attrs = pd.read_csv(KRACKHARDT / "krackhardt_attributes.csv", dtype={"ids": str})
    persons = pd.DataFrame({"person_id": attrs["ids"], "kind": "professional",
                            "org_id": "dept" + attrs["DEPT"].astype(str)})
    df = pd.read_csv(KRACKHARDT / f"krackhardt_{network}.csv", dtype={"ego": str, "alter": str})
    ties = df[df[f"{network}_tie"] == 1]
    knows = pd.DataFrame({"from_id": ties["ego"], "to_id": ties["alter"], "source": network, "count": 1})
    return knows_digraph(snapshot_from_frames(persons=persons, knows=knows))


def sna_table(name: str) -> pd.DataFrame:
    t = pd.read_csv(KRACKHARDT / f"sna_brokerage_{name}.csv", dtype={"person_id": str})
    return t.rename(columns=SNA_ROLES).set_index("person_id").sort_index()


def brute_force(D: nx.DiGraph, attribute: str) -> dict:
    g = dict(D.nodes(data=attribute))
    out = {v: dict.fromkeys(BROKERAGE_ROLES, 0) for v in D}
    for i, j, k in itertools.permutations(D.nodes, 3):
        if D.has_edge(i, j) and D.has_edge(j, k) and not D.has_edge(i, k):
            if None in (g[i], g[j], g[k]):
                continue
            if g[i] == g[j] == g[k]:
                role = "coordinator"
            elif g[i] == g[j]:
                role = "representative"
            elif g[j] == g[k]:
                role = "gatekeeper"
            elif g[i] == g[k]:
                role = "itinerant"
            else:
                role = "liaison"
            out[j][role] += 1
    return out


# --- by hand ---------------------------------------------------------------------------


def test_each_role_on_a_two_path():
    cases = {  # groups of (i, j, k) on i -> j -> k
        ("A", "A", "A"): "coordinator",
        ("A", "B", "A"): "itinerant",
        ("A", "A", "B"): "representative",
        ("A", "B", "B"): "gatekeeper",
        ("A", "B", "C"): "liaison",
    }
    for (gi, gj, gk), role in cases.items():
        D = nx.DiGraph([("i", "j"), ("j", "k")])
        nx.set_node_attributes(D, {"i": gi, "j": gj, "k": gk}, "org")
        t = gould_fernandez_brokerage(D, "org").set_index("person_id")
        assert t.loc["j", role] == 1 and t.loc["j", "total"] == 1, role
        assert t.loc[["i", "k"], "total"].tolist() == [0, 0]
        # a direct tie i -> k means j brokers nothing; k -> i does not matter
        D.add_edge("k", "i")
        assert gould_fernandez_brokerage(D, "org").set_index("person_id").loc["j", role] == 1
        D.add_edge("i", "k")
        assert gould_fernandez_brokerage(D, "org").set_index("person_id").loc["j", "total"] == 0


def test_a_star_by_hand():
    # c receives from a1, a2 (group A) and sends to a1, b1 (groups A, B); a1 -> b1 is a tie.
    D = nx.DiGraph([("a1", "c"), ("a2", "c"), ("c", "a1"), ("c", "b1"), ("a1", "b1")])
    nx.set_node_attributes(D, {"a1": "A", "a2": "A", "c": "A", "b1": "B"}, "org")
    t = gould_fernandez_brokerage(D, "org")
    assert list(t.columns) == list(BROKERAGE_COLUMNS)
    row = t.set_index("person_id").loc["c"]
    # pairs (i, k): (a1, a1) same node, (a1, b1) tied, (a2, a1) coordinator, (a2, b1) representative
    assert (row["coordinator"], row["representative"], row["total"]) == (1, 1, 2)
    assert row["group"] == "A"


def test_missing_group_is_not_classified():
    D = nx.DiGraph([("i", "j"), ("j", "k"), ("x", "j")])
    nx.set_node_attributes(D, {"i": "A", "j": "B", "k": "A", "x": None}, "org")
    t = gould_fernandez_brokerage(D, "org").set_index("person_id")
    assert t.loc["j", "itinerant"] == 1 and t.loc["j", "total"] == 1  # x -> j -> k left out
    D.nodes["j"]["org"] = float("nan")
    t = gould_fernandez_brokerage(D, "org").set_index("person_id")
    assert t.loc["j", "total"] == 0 and t.loc["j", "group"] is None


def test_undirected_ties_count_both_ways():
    G = nx.Graph([("i", "j"), ("j", "k")])
    nx.set_node_attributes(G, {"i": "A", "j": "A", "k": "B"}, "org")
    row = gould_fernandez_brokerage(G, "org").set_index("person_id").loc["j"]
    # i -> j -> k (representative) and k -> j -> i (gatekeeper)
    assert (row["representative"], row["gatekeeper"], row["total"]) == (1, 1, 2)


def test_empty_graph():
    t = gould_fernandez_brokerage(nx.DiGraph(), "org")
    assert list(t.columns) == list(BROKERAGE_COLUMNS) and t.empty


@pytest.mark.parametrize("seed", range(5))
def test_matches_brute_force_on_random_digraphs(seed):
    rng = random.Random(seed)
    D = nx.gnp_random_graph(25, 0.2, seed=seed, directed=True)
    D.add_edge(3, 3)  # self-loops are ignored
    nx.set_node_attributes(D, {v: rng.choice(["A", "B", "C", None]) for v in D}, "org")
    got = gould_fernandez_brokerage(D, "org").set_index("person_id")
    for v, roles in brute_force(D, "org").items():
        assert got.loc[v, list(BROKERAGE_ROLES)].to_dict() == roles


# --- R sna on Krackhardt's managers -------------------------------------------------------


@pytest.mark.parametrize("network", ["advice", "friendship"])
def test_raw_counts_equal_sna_on_krackhardt(network):
    got = gould_fernandez_brokerage(krackhardt_digraph(network), "org_id").set_index("person_id").sort_index()
    ref = sna_table(network)
    assert got.index.tolist() == ref.index.tolist()
    assert (got["group"] == "dept" + ref["dept"].astype(str)).all()
    for col in (*BROKERAGE_ROLES, "total"):
        assert got[col].tolist() == ref[col].astype(int).tolist(), col


@pytest.mark.parametrize("network", ["advice", "friendship"])
def test_undirected_raw_counts_equal_sna_on_symmetrised_krackhardt(network):
    G = krackhardt_digraph(network).to_undirected(reciprocal=False)
    got = gould_fernandez_brokerage(G, "org_id").set_index("person_id").sort_index()
    ref = sna_table(f"{network}_undirected")
    for col in (*BROKERAGE_ROLES, "total"):
        assert got[col].tolist() == ref[col].astype(int).tolist(), col
    assert (got["representative"] == got["gatekeeper"]).all()


def test_krackhardt_advice_figures():
    # Manager 18 (department 3) is the network's main broker: 121 brokered pairs, 74 as liaison.
    t = gould_fernandez_brokerage(krackhardt_digraph("advice"), "org_id").set_index("person_id")
    assert t.loc["18", ["liaison", "itinerant", "total"]].tolist() == [74, 32, 121]
    assert t["total"].sum() == 500
