"""The map at scale (netwerk.services.network_map): aggregation with hand-computed sums,
a reproducible server-side layout, the views above the threshold, drill-down and privacy."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pandas as pd
import pytest

from netwerk.access import SYSTEM, PermissionDenied, Viewer
from netwerk.domain import ChangeSet, InputError, Person
from netwerk.services import network
from netwerk.services.network_map import (
    OTHER_GROUP,
    MapLimits,
    aggregate_network,
    map_layout,
    network_map,
    style_map,
)
from tests.dashboard.small_network import small_network

COORDINATOR = Viewer(user_id="c", role="coordinator")
PROFESSIONAL = Viewer(user_id="anna", role="professional", person_id="p-anna")
SMALL = MapLimits(persons=5)

# small_network(), by hand (see tests/dashboard/small_network.py): groups G = o-gem {anna, bram,
# bert}, W = o-wel {cem, dewi, fenna}, P = o-pol {eva, hostile}, R = residents r-1..r-4 (no
# organisation). Ties are shared activities plus the reported bram-eva tie (2 in total).
# Between groups: G-W anna-cem 2, bram-cem 1, anna-dewi 1, anna-fenna 1 -> 4 ties, weight 5;
# G-P anna-eva 2, bram-eva 2, anna-hostile 1 -> 3, 5; W-P cem-eva 2, cem-hostile 2, dewi-eva 2,
# dewi-hostile 1, eva-fenna 1, fenna-hostile 1 -> 6, 9; W-R cem-r1 2, cem-r2, cem-r3, cem-r4,
# dewi-r3, fenna-r1, fenna-r3, fenna-r4 -> 8, 9; P-R hostile-r1, hostile-r2, eva-r3 -> 3, 3;
# G-R none. Within: G 2 ties (bert-anna, anna-bram) weight 2; W 3 (cem-dewi, cem-fenna 2,
# dewi-fenna) weight 4; P 1 (eva-hostile) 1; R 4 (r1-r2, r1-r3, r1-r4, r3-r4) 4. 34 ties.
ORG_EDGES = {
    ("o-pol", "o-wel"): (6, 9),
    ("o-wel", "~zonder:resident"): (8, 9),
    ("o-gem", "o-pol"): (3, 5),
    ("o-gem", "o-wel"): (4, 5),
    ("o-pol", "~zonder:resident"): (3, 3),
}
ORG_NODES = {"~zonder:resident": (4, 4, 4), "o-gem": (3, 2, 2), "o-wel": (3, 3, 4), "o-pol": (2, 1, 1)}


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
    xs = [p[0] for p in first.values()]
    ys = [p[1] for p in first.values()]
    assert max(max(xs) - min(xs), max(ys) - min(ys)) == pytest.approx(400, abs=1)  # max(400, 60 * sqrt(4))
    assert map_layout([], edges) == {} and map_layout(["x"], edges) == {"x": (0.0, 0.0)}


def test_small_network_stays_a_person_map(small) -> None:
    nm = network_map(COORDINATOR, small)
    assert (nm.view, nm.level, nm.caption) == ("persons", "persons", "")
    md = style_map(nm)
    reference = network.network_map_data(COORDINATOR, small)
    assert set(md.nodes["id"]) == set(reference.nodes["id"]) and len(md.edges) == len(reference.edges) == 34
    assert md.nodes["x"].notna().all() and md.nodes["y"].notna().all()
    merged = md.nodes.merge(reference.nodes, on="id")
    assert (merged["label_x"] == merged["label_y"]).all() and (merged["size_x"] == merged["size_y"]).all()


def test_above_the_threshold_organisations_with_summed_weights(small) -> None:
    nm = network_map(COORDINATOR, small, view="auto", limits=SMALL)
    assert (nm.view, nm.level, nm.persons, nm.ties) == ("organisation", "groups", 12, 34)
    assert "te groot om per persoon te tonen" in nm.caption
    got = {r.id: (r.members, r.internal_ties, r.internal_weight) for r in nm.nodes.itertuples()}
    assert got == ORG_NODES
    assert {(r.source, r.target): (r.ties, r.weight) for r in nm.edges.itertuples()} == ORG_EDGES
    assert list(nm.edges["weight"]) == [9, 9, 5, 5, 3]  # strongest first
    assert [(g.key, g.members) for g in nm.groups] == [("~zonder:resident", 4), ("o-gem", 3), ("o-wel", 3), ("o-pol", 2)]
    md = style_map(nm, "sector")
    by_id = md.nodes.set_index("id")
    assert by_id.loc["o-wel", "label"] == "Stichting De Brug (fictief) (3)"
    assert by_id.loc["o-wel", "colour_key"] == "Welzijn" and by_id.loc["~zonder:resident", "colour_key"] == "Geen sector"
    assert by_id.loc["~zonder:resident", "size"] == 60.0  # the largest group; sqrt scale
    assert by_id.loc["o-pol", "size"] == pytest.approx(10 + 50 * (2 ** 0.5) / 2)
    assert "Personen: 4\n  bewoner: 4" in by_id.loc["~zonder:resident", "title"]
    assert md.edges["title"].iloc[0] == "6 relaties, sterkte 9"


def test_persons_view_above_the_threshold_falls_back_to_organisations(small) -> None:
    nm = network_map(COORDINATOR, small, view="persons", limits=SMALL)
    assert nm.view == "organisation" and nm.level == "groups"


def test_drill_down_into_an_organisation(small) -> None:
    nm = network_map(COORDINATOR, small, view="organisation", focus="o-wel", limits=SMALL)
    assert nm.level == "persons" and nm.focus_label == "Stichting De Brug (fictief)"
    assert set(nm.nodes["person_id"]) == {"p-cem", "p-dewi", "p-fenna"}
    weights = {frozenset((r.source, r.target)): r.weight for r in nm.edges.itertuples()}
    assert weights == {frozenset(("p-cem", "p-dewi")): 1, frozenset(("p-cem", "p-fenna")): 2,
                       frozenset(("p-dewi", "p-fenna")): 1}
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
    # degree: cem 10, anna 7, eva 7 (anna, bram, cem, dewi, fenna, hostile, r-3), fenna 7
    assert set(nm.nodes["person_id"]) == {"p-cem", "p-anna", "p-eva", "p-fenna"}
    assert len(nm.edges) == 3
    assert sorted(nm.edges["weight"], reverse=True) == [2, 2, 2]  # anna-cem, anna-eva, cem-eva (each 2)


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

    G = an.social_graph(small.snapshot())
    exact = nx.betweenness_centrality(an.with_distance(G), weight="distance")
    expected = sorted(exact, key=lambda v: (-exact[v], v))[:3]
    nm = network_map(COORDINATOR, small, view="top", top_by="betweenness", limits=MapLimits(persons=5, top_k=3))
    assert set(nm.nodes["person_id"]) == set(expected)
    assert "makelaarspositie" in nm.caption
