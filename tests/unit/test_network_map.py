"""The map at scale (netwerk.services.network_map): aggregation with hand-computed sums,
a reproducible server-side layout, the views above the threshold, drill-down and privacy."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pandas as pd
import pytest

from dashboard import map_view
from dashboard.map_view import style_map, to_pixels
from netwerk.access import SYSTEM, PermissionDenied, Viewer
from netwerk.domain import ChangeSet, InputError, Person
from netwerk.services.network_map import (
    OTHER_GROUP,
    MapLimits,
    aggregate_network,
    map_layout,
    network_map,
)
from tests.dashboard.small_network import small_network

COORDINATOR = Viewer(user_id="c", role="coordinator")
PROFESSIONAL = Viewer(user_id="anna", role="professional", person_id="p-anna")
SMALL = MapLimits(persons=5)

# small_network(), by hand (see tests/dashboard/small_network.py): groups G = o-gem {anna, bram,
# bert}, W = o-wel {cem, dewi, fenna}, P = o-pol {eva, hostile}, R = residents r-1..r-4 (no
# organisation). Every activity has at most 6 participants, so every co-participation is a
# working tie; its strength is the Newman weight, 1/(n - 1) per shared activity: a1 (2 people)
# 1, a2 (4) 1/3, a3 (4) 1/3, a4 (6) 1/5, a5 (3) 1/2, a6 (5) 1/4; the reported bram-eva tie adds 1.
# Between groups: G-W anna-cem 1/3+1/5, bram-cem 1/3, anna-dewi 1/5, anna-fenna 1/5 -> 4 ties,
# 19/15; G-P anna-eva 1/3+1/5, bram-eva 1/3+1, anna-hostile 1/5 -> 3, 31/15; W-P cem-eva
# 1/3+1/5, cem-hostile 1/3+1/5, dewi-eva 1/5+1/2, dewi-hostile, eva-fenna, fenna-hostile 1/5
# each -> 6, 71/30; W-R cem-r1 1/3+1/4, cem-r2 1/3, cem-r3 1/4, cem-r4 1/4, dewi-r3 1/2,
# fenna-r1, fenna-r3, fenna-r4 1/4 each -> 8, 32/12 = 8/3; P-R hostile-r1 1/3, hostile-r2 1/3,
# eva-r3 1/2 -> 3, 7/6; G-R none. Within: G 2 ties (bert-anna 1, anna-bram 1/3) 4/3; W 3
# (cem-dewi 1/5, cem-fenna 1/5+1/4, dewi-fenna 1/5) 17/20; P 1 (eva-hostile 1/5); R 4 (r1-r2
# 1/3, r1-r3, r1-r4, r3-r4 1/4 each) 13/12. 34 ties.
ORG_EDGES = {
    ("o-wel", "~zonder:resident"): (8, 8 / 3),
    ("o-pol", "o-wel"): (6, 71 / 30),
    ("o-gem", "o-pol"): (3, 31 / 15),
    ("o-gem", "o-wel"): (4, 19 / 15),
    ("o-pol", "~zonder:resident"): (3, 7 / 6),
}
ORG_NODES = {"~zonder:resident": (4, 4, 13 / 12), "o-gem": (3, 2, 4 / 3), "o-wel": (3, 3, 17 / 20), "o-pol": (2, 1, 1 / 5)}


@pytest.fixture
def small(store):
    store.apply(small_network())
    return store


def test_aggregate_network_sums_by_hand() -> None:
    # a-b 2, a-c 1, b-c 3 inside X = {a, b, c}; c-d 4, b-d 1, d-e 5 to Y = {d, e}; f alone in Z.
    G = nx.Graph()
    G.add_weighted_edges_from([("a", "b", 2), ("a", "c", 1), ("b", "c", 3), ("c", "d", 4), ("b", "d", 1), ("d", "e", 5)])
    G.add_node("f")
    membership = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Y", "f": "Z"}
    nodes, edges = aggregate_network(G, membership)
    assert nodes.to_dict("records") == [
        {"group": "X", "members": 3, "internal_ties": 3, "internal_weight": 6},
        {"group": "Y", "members": 2, "internal_ties": 1, "internal_weight": 5},
        {"group": "Z", "members": 1, "internal_ties": 0, "internal_weight": 0},
    ]
    assert edges.to_dict("records") == [{"source": "X", "target": "Y", "ties": 2, "weight": 5}]


def test_aggregate_network_matches_networkx_quotient_graph() -> None:
    G = nx.les_miserables_graph()
    comms = nx.community.louvain_communities(G, weight="weight", seed=1)
    membership = {v: f"g{i}" for i, c in enumerate(comms) for v in c}
    _, edges = aggregate_network(G, membership)
    Q = nx.quotient_graph(G, [set(c) for c in comms], edge_data=lambda b, c: {
        "weight": sum(G[u][v]["weight"] for u in b for v in c if G.has_edge(u, v))}, relabel=True)
    expected = {tuple(sorted((f"g{u}", f"g{v}"))): d["weight"] for u, v, d in Q.edges(data=True)}
    assert {(r.source, r.target): r.weight for r in edges.itertuples()} == expected


def test_aggregate_network_refuses_nodes_without_group() -> None:
    G = nx.path_graph(3)
    with pytest.raises(ValueError, match="no group"):
        aggregate_network(G, {0: "a", 1: "a"})


def test_map_layout_is_reproducible_and_spread() -> None:
    edges = pd.DataFrame({"source": ["a", "b", "c"], "target": ["b", "c", "a"], "weight": [1, 2, 30]})
    first = map_layout(["a", "b", "c", "d"], edges)
    assert first == map_layout(["a", "b", "c", "d"], edges)
    xs, ys = to_pixels([p[0] for p in first.values()], [p[1] for p in first.values()])  # dashboard.map_view
    assert max(max(xs) - min(xs), max(ys) - min(ys)) == pytest.approx(400, abs=1)  # max(400, 60 * sqrt(4))
    assert map_layout([], edges) == {} and map_layout(["x"], edges) == {"x": (0.0, 0.0)}


def test_small_network_stays_a_person_map(small) -> None:
    nm = network_map(COORDINATOR, small)
    assert (nm.view, nm.level, nm.caption) == ("persons", "persons", "")
    md = style_map(nm)
    reference = map_view.network_map_data(COORDINATOR, small)
    assert set(md.nodes["id"]) == set(reference.nodes["id"]) and len(md.edges) == len(reference.edges) == 34
    assert md.nodes["x"].notna().all() and md.nodes["y"].notna().all()
    merged = md.nodes.merge(reference.nodes, on="id")
    assert (merged["label_x"] == merged["label_y"]).all() and (merged["size_x"] == merged["size_y"]).all()


def test_above_the_threshold_organisations_with_summed_weights(small) -> None:
    nm = network_map(COORDINATOR, small, view="auto", limits=SMALL)
    assert (nm.view, nm.level, nm.persons, nm.ties) == ("organisation", "groups", 12, 34)
    assert "te groot om per persoon te tonen" in nm.caption
    got = {r.id: (r.members, r.internal_ties, r.internal_weight) for r in nm.nodes.itertuples()}
    assert got.keys() == ORG_NODES.keys() and all(got[k] == pytest.approx(v) for k, v in ORG_NODES.items())
    pairs = {(r.source, r.target): (r.ties, r.weight) for r in nm.edges.itertuples()}
    assert pairs.keys() == ORG_EDGES.keys() and all(pairs[k] == pytest.approx(v) for k, v in ORG_EDGES.items())
    assert list(nm.edges["weight"]) == pytest.approx([8 / 3, 71 / 30, 31 / 15, 19 / 15, 7 / 6])  # strongest first
    assert [(g.key, g.members) for g in nm.groups] == [("~zonder:resident", 4), ("o-gem", 3), ("o-wel", 3), ("o-pol", 2)]
    md = style_map(nm, "sector")
    by_id = md.nodes.set_index("id")
    assert by_id.loc["o-wel", "label"] == "Stichting De Brug (fictief) (3)"
    assert by_id.loc["o-wel", "colour_key"] == "Welzijn" and by_id.loc["~zonder:resident", "colour_key"] == "Geen sector"
    assert by_id.loc["~zonder:resident", "size"] == 60.0  # the largest group; sqrt scale
    assert by_id.loc["o-pol", "size"] == pytest.approx(10 + 50 * (2 ** 0.5) / 2)
    assert "Personen: 4\n  bewoner: 4" in by_id.loc["~zonder:resident", "title"]
    assert md.edges["title"].iloc[0] == "8 werkrelaties, sterkte 2,67"  # W-R, 8/3


def test_persons_view_above_the_threshold_falls_back_to_organisations(small) -> None:
    nm = network_map(COORDINATOR, small, view="persons", limits=SMALL)
    assert nm.view == "organisation" and nm.level == "groups"


def test_drill_down_into_an_organisation(small) -> None:
    nm = network_map(COORDINATOR, small, view="organisation", focus="o-wel", limits=SMALL)
    assert nm.level == "persons" and nm.focus_label == "Stichting De Brug (fictief)"
    assert set(nm.nodes["person_id"]) == {"p-cem", "p-dewi", "p-fenna"}
    weights = {frozenset((r.source, r.target)): r.weight for r in nm.edges.itertuples()}
    # a4 has 6 people (1/5 per pair); cem and fenna also share a6 of 5 people (1/4).
    assert weights == pytest.approx({frozenset(("p-cem", "p-dewi")): 1 / 5, frozenset(("p-cem", "p-fenna")): 1 / 5 + 1 / 4,
                                     frozenset(("p-dewi", "p-fenna")): 1 / 5})
    assert len(nm.groups) == 4  # the organisations stay available to switch to
    with pytest.raises(InputError):
        network_map(COORDINATOR, small, view="organisation", focus="o-bestaat-niet", limits=SMALL)


def test_a_large_group_drills_down_to_its_top_k(small) -> None:
    limits = MapLimits(persons=2, top_k=2)
    nm = network_map(COORDINATOR, small, view="organisation", focus="~zonder:resident", limits=limits)
    # Within the residents: r-1 has 3 ties (r-2, r-3, r-4), r-3 has 2 (r-1, r-4), r-4 has 2, r-2 has 1.
    assert list(nm.nodes.sort_values("person_id")["person_id"]) == ["r-1", "r-3"]
    assert "De 2 personen met de meeste contacten" in nm.caption


def test_top_view_keeps_the_strongest_ties(small) -> None:
    limits = MapLimits(persons=5, top_k=4, edges=3)
    nm = network_map(COORDINATOR, small, view="top", limits=limits)
    # degree: cem 10, fenna 8 (anna, cem, dewi, eva, hostile, r-1, r-3, r-4), anna 7, eva 7 (anna,
    # bram, cem, dewi, fenna, hostile, r-3), hostile 7 (after anna and eva on the id)
    assert set(nm.nodes["person_id"]) == {"p-cem", "p-anna", "p-eva", "p-fenna"}
    assert len(nm.edges) == 3
    # Among them: anna-cem, anna-eva, cem-eva 1/3 (a2) + 1/5 (a4) = 8/15 each; cem-fenna
    # 1/5 + 1/4 = 9/20, anna-fenna and eva-fenna 1/5 are dropped.
    assert sorted(nm.edges["weight"], reverse=True) == pytest.approx([8 / 15] * 3)


def test_community_view_and_the_other_group(small) -> None:
    nm = network_map(COORDINATOR, small, view="community", limits=SMALL)
    assert nm.level == "groups" and nm.nodes["members"].sum() == 12
    assert set(nm.nodes["kind"]) <= {"community", "group"}
    capped = network_map(COORDINATOR, small, view="organisation", limits=MapLimits(persons=5, nodes=2))
    assert list(capped.nodes["id"]) == [OTHER_GROUP, "~zonder:resident"]  # largest first: 8 persons in 3 groups
    assert capped.nodes.set_index("id").loc[OTHER_GROUP, "members"] == 8
    assert capped.nodes.set_index("id").loc[OTHER_GROUP, "label"] == "Overige 3 kleine groepen"


def test_privacy_professional_sees_pseudonyms_and_groups_only_counts(small) -> None:
    small.apply(ChangeSet(persons=[Person(person_id="r-1", kind="resident", pseudonym="Bewoner 1",
                                          display_name="Karin Geheim", consent_named=True,
                                          consent_date=dt.date(2025, 1, 1))]))
    coordinator_top = network_map(COORDINATOR, small, view="top", limits=MapLimits(persons=5, top_k=12))
    assert "Karin Geheim" in set(coordinator_top.nodes["name"])
    top = style_map(network_map(PROFESSIONAL, small, view="top", limits=MapLimits(persons=5, top_k=12)))
    assert "Karin Geheim" not in " ".join(top.nodes["label"]) + " ".join(top.nodes["title"])
    assert "Bewoner 1" in set(top.nodes["label"])
    for view in ("organisation", "community"):
        for viewer in (COORDINATOR, PROFESSIONAL):
            md = style_map(network_map(viewer, small, view=view, limits=SMALL))
            text = " ".join(md.nodes["label"]) + " ".join(md.nodes["title"]) + " ".join(md.edges["title"])
            assert "Karin Geheim" not in text and "Bewoner 1" not in text and "Anna de Vries" not in text


def test_bestuurder_gets_no_map(small) -> None:
    with pytest.raises(PermissionDenied):
        network_map(Viewer(user_id="b", role="bestuurder"), small, limits=SMALL)


def test_unknown_view_is_refused(small) -> None:
    with pytest.raises(InputError, match="weergave"):
        network_map(SYSTEM, small, view="kaart")


def test_top_by_betweenness_follows_networkx(small) -> None:
    from netwerk import analysis as an

    G = an.person_network(small.snapshot())  # working ties, distance 1/Newman weight
    exact = nx.betweenness_centrality(G, weight="distance")
    expected = sorted(exact, key=lambda v: (-exact[v], v))[:3]
    nm = network_map(COORDINATOR, small, view="top", top_by="betweenness", limits=MapLimits(persons=5, top_k=3))
    assert set(nm.nodes["person_id"]) == set(expected)
    assert "makelaarspositie" in nm.caption
