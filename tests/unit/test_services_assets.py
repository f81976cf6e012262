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
