"""ABCD assets: the inventory per role, import of a 'bronnen' file, and connectors
(brokerage between residents and professionals) on hand-computed graphs."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from netwerk.access import PermissionDenied, Viewer
from netwerk.analysis.connectors import resident_professional_brokerage
from netwerk.domain import ImportValidationError
from netwerk.services import assets as svc
from netwerk.services.importing import import_files
from tests.unit.people_network import people_network

COORD = Viewer("coord", "coordinator")
PRO = Viewer("mehmet", "professional", "p-mo")
BESTUURDER = Viewer("bert", "bestuurder", "b1")


@pytest.fixture
def net(store):
    store.apply(people_network())
    return store


def _graph(edges, kinds) -> nx.Graph:
    G = nx.Graph(edges)
    for n, k in kinds.items():
        G.nodes[n]["kind"] = k
        G.nodes[n]["label"] = n
    return G


def test_connector_brokerage_hand_computed():
    # Residents r1, r2; professionals p1, a; volunteer v.
    # (r1, p1): two shortest paths r1-v-p1 and r1-a-p1 -> v 1/2, a 1/2.
    # (r1, a): direct. (r2, p1): r2-v-p1 -> v 1.
    # (r2, a): r2-v-r1-a and r2-v-p1-a -> v 1, r1 1/2, p1 1/2.
    G = _graph([("r1", "v"), ("v", "p1"), ("r2", "v"), ("r1", "a"), ("a", "p1")],
               {"r1": "resident", "r2": "resident", "p1": "professional", "a": "professional", "v": "volunteer"})
    df = resident_professional_brokerage(G)
    got = dict(zip(df["person_id"], df["brokerage"], strict=True))
    assert got == pytest.approx({"v": 2.5, "a": 0.5, "p1": 0.5, "r1": 0.5})
    assert df["person_id"].tolist() == ["v", "a", "p1", "r1"]
    v = df.iloc[0]
    assert (v["resident_ties"], v["professional_ties"], v["share"]) == (2, 1, pytest.approx(2.5 / 4))


def test_connector_on_a_path_scores_one_per_pair():
    G = _graph([("r", "v"), ("v", "p")], {"r": "resident", "v": "volunteer", "p": "professional"})
    assert resident_professional_brokerage(G)[["person_id", "brokerage"]].values.tolist() == [["v", 1.0]]
    assert resident_professional_brokerage(_graph([("r", "x")], {"r": "resident", "x": "volunteer"})).empty


def _weak_direct_connector() -> nx.Graph:
    """Residents r, r2; professional p; volunteer v. r-p weak (weight 0.1, distance 10);
    r-v and v-p strong (weight 2, distance 1/2); r2-v weight 1 (distance 1)."""
    G = _graph([], {})
    for u, v, w in (("r", "p", 0.1), ("r", "v", 2), ("v", "p", 2), ("r2", "v", 1)):
        G.add_edge(u, v, weight=w, distance=1 / w)
    for n, k in {"r": "resident", "r2": "resident", "p": "professional", "v": "volunteer"}.items():
        G.nodes[n].update(kind=k, label=n)
    return G


@pytest.mark.parametrize("backend", ["networkx", "igraph"])
def test_connector_brokerage_on_distance_a_weak_direct_tie_loses(backend):
    G = _weak_direct_connector()
    # (r, p): r-v-p has distance 1/2 + 1/2 = 1 < 10 (r-p) -> v 1. (r2, p): r2-v-p (1.5;
    # r2-v-r-p is 11.5) -> v 1. So v brokers both pairs: 2, share 2 / (2 x 1) = 1.
    df = resident_professional_brokerage(G, backend=backend)
    assert df[["person_id", "brokerage", "share"]].values.tolist() == [["v", 2.0, 1.0]]
    # Counting steps instead, r-p is direct and v brokers only (r2, p).
    steps = resident_professional_brokerage(G, weight=None, backend=backend)
    assert steps[["person_id", "brokerage"]].values.tolist() == [["v", 1.0]]


def test_connectors_service_uses_distance(net, monkeypatch):
    seen = {}
    real = svc.resident_professional_brokerage

    def spy(G, *args, **kwargs):
        seen["weight"] = kwargs.get("weight", "default")
        seen["distances"] = sorted({d.get("distance") for _, _, d in G.edges(data=True)})
        return real(G, *args, **kwargs)

    monkeypatch.setattr(svc, "resident_professional_brokerage", spy)
    svc.connectors(PRO, net)
    assert seen["weight"] == "distance"
    # s1 has 3 people (Newman 1/2 per pair: distance 2); s2, s3, s4 have 2 (1: distance 1).
    assert seen["distances"] == [1.0, 2.0]


def test_connectors_service(net):
    df = svc.connectors(PRO, net, top=None)
    # Residents r1, r2; professionals p-mo, p-an, p-ce, p-de. Every path from r2 runs via
    # p-mo or r1; p-mo lies on all paths to p-an and p-de from both residents.
    got = dict(zip(df["person_id"], df["brokerage"], strict=True))
    assert got["p-mo"] == pytest.approx(4.0)  # (r1|r2) x (p-an, p-de)
    assert got["p-an"] == pytest.approx(2.0)  # (r1|r2) x p-de
    assert got["r1"] == pytest.approx(1.0)  # r2 -> p-ce
    assert df["person_id"].tolist()[0] == "p-mo"
    labels = dict(zip(df["person_id"], df["label"], strict=True))
    assert "Riet Hofman" not in labels.values()
    with pytest.raises(PermissionDenied):
        svc.connectors(BESTUURDER, net)


def test_inventory_per_role(net):
    coord = svc.asset_inventory(COORD, net)
    assert coord["asset_id"].tolist() == ["bron-2", "bron-3", "bron-1"]  # ABCD order: contribution, association, place
    owners = dict(zip(coord["asset_id"], coord["owner"], strict=True))
    assert owners == {"bron-1": "Gemeente Raalte", "bron-2": "Riet Hofman", "bron-3": "Kernteam"}
    pro = svc.asset_inventory(PRO, net)
    assert dict(zip(pro["asset_id"], pro["owner"], strict=True))["bron-2"] == "Bewoner 2"
    best = svc.asset_inventory(BESTUURDER, net)
    assert best["asset_id"].tolist() == ["bron-3", "bron-1"]  # intern assets hidden
    assert set(best["owner_type"]) == {"groep", "organisatie"}


def test_inventory_filters(net):
    assert svc.asset_inventory(COORD, net, categories=("place",))["asset_id"].tolist() == ["bron-1"]
    assert svc.asset_inventory(COORD, net, buurten=("BU2",))["asset_id"].tolist() == ["bron-3"]
    assert svc.asset_inventory(COORD, net, themes=("eenzaamheid",))["asset_id"].tolist() == ["bron-2", "bron-3"]


def test_bronnen_file_imports_and_is_checked(net, tmp_path: Path):
    good = tmp_path / "bronnen.csv"
    good.write_text("bron_id;categorie;naam;eigenaar;buurt;zichtbaarheid;themas\n"
                    "B9;Plekken;Bankje bij de vijver;o2;BU1;openbaar;Groen|ontmoeting\n", encoding="utf-8")
    report = import_files(net, [good])
    assert report.created == {"assets": 1}
    row = net.table("assets").set_index("asset_id").loc["B9"]
    assert (row["category"], row["themes"], row["visibility"]) == ("place", ("groen", "ontmoeting"), "openbaar")
    assert import_files(net, [good]).changed is False
    bad = tmp_path / "bronnen_fout.csv"
    bad.write_text("asset_id;category;name;owner_id;themes;visibility\n"
                   "B10;plek;X;niemand;groen;geheim\n"
                   "B11;place;Y;o9;grn;openbaar\n", encoding="utf-8")
    with pytest.raises(ImportValidationError) as e:
        import_files(net, [bad])
    text = str(e.value)
    assert "rij 2, kolom 'category': onbekende ABCD-categorie 'plek'" in text
    assert "kolom 'visibility'" in text
    assert "rij 3, kolom 'owner_id': onbekende eigenaar 'o9'" in text
    assert "rij 3, kolom 'themes': onbekend thema 'grn'" in text
    assert "B10" not in net.existing_ids("assets")
