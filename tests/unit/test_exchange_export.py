"""Exports of the person network: hand-computed nodes, ties, weights and intervals, read
back with networkx's own readers; privacy (pseudonyms, no contact details, roles) and the audit log."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
import zipfile

import networkx as nx
import pandas as pd
import pytest

from netwerk.access import PermissionDenied, Viewer
from netwerk.domain import SnapshotFilter
from netwerk.services.exchange import export_network
from tests.unit.exchange_network import REAL_NAME, SECRET_MAIL, exchange_network

COORD = Viewer("coord", "coordinator")
PRO = Viewer("pro", "professional")
BESTUURDER = Viewer("bes", "bestuurder")

TIES = {("p1", "p2"): 2.0, ("p1", "r7"): 1.0, ("p2", "r7"): 1.0, ("p2", "p4"): 2.0}


@pytest.fixture
def net(store):
    store.apply(exchange_network())
    return store


def _edges(G: nx.Graph) -> dict[tuple[str, str], float]:
    return {tuple(sorted((u, v))): d["weight"] for u, v, d in G.edges(data=True)}


def test_gexf_is_version_1_3_dynamic_and_read_by_networkx(net):
    data = export_network(COORD, net, "gexf").data
    root = ET.fromstring(data)
    assert root.tag == "{http://gexf.net/1.3}gexf" and root.get("version") == "1.3"
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation") == "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
    graph = root.find("{http://gexf.net/1.3}graph")
    assert (graph.get("mode"), graph.get("timeformat"), graph.get("defaultedgetype")) == ("dynamic", "date", "undirected")
    types = {a.get("title"): a.get("type") for a in root.iter("{http://gexf.net/1.3}attribute")}
    assert types == {"kind": "string", "role_title": "string", "org_id": "string", "organisation": "string",
                     "sector": "string", "buurt_code": "string", "skills": "string", "community": "integer"}

    G = nx.read_gexf(io.BytesIO(data))
    assert set(G.nodes) == {"p1", "p2", "r7", "p4", "p5"}
    assert _edges(G) == TIES
    anna = G.nodes["p1"]
    assert anna["label"] == "Anna de Vries"
    assert anna["org_id"] == "o1|o2" and anna["organisation"] == "Gemeente Raalte|Welzijn & Zorg 't Hoogeland"
    assert anna["sector"] == "gemeente|welzijn" and anna["skills"] == "abcd|deep democracy"
    assert (anna["start"], anna["end"]) == ("2025-01-10", "2025-03-05")
    assert (G.nodes["r7"]["start"], G.nodes["r7"]["end"]) == ("2025-01-10", "2025-06-01")  # 23:30 is still 1 June
    assert (G.nodes["p4"]["start"], G.nodes["p4"]["end"]) == ("2025-02-01", "2025-02-01")
    assert "start" not in G.nodes["p5"] and "org_id" not in G.nodes["p5"]  # missing values are left out
    assert all(isinstance(d["community"], int) for _, d in G.nodes(data=True))
    e = G.edges["p1", "p2"]
    assert (e["start"], e["end"]) == ("2025-01-10", "2025-03-05")
    knows = G.edges["p2", "p4"]
    assert knows["start"] == "2025-02-01" and "end" not in knows  # a reported tie without end stays open
    assert b"None" not in data and b"nan" not in data


def test_graphml_is_read_by_networkx_with_one_type_per_attribute(net):
    data = export_network(COORD, net, "graphml").data
    G = nx.read_graphml(io.BytesIO(data))
    assert _edges(G) == TIES
    assert G.nodes["p1"]["label"] == "Anna de Vries" and G.nodes["p1"]["end"] == "2025-03-05"
    keys = {(k.get("attr.name"), k.get("for")): k.get("attr.type") for k in ET.fromstring(data).iter(
        "{http://graphml.graphdrawing.org/xmlns}key")}
    names = [n for n, _ in keys]
    assert len(names) == len(set(keys))  # one declaration per (name, scope): no mixed types
    assert keys[("weight", "edge")] == "double" and keys[("community", "node")] in ("int", "long")
    assert keys[("kind", "node")] == "string"
    assert all(isinstance(w, float) for _, _, w in G.edges(data="weight"))


def test_period_filter_applies(net):
    data = export_network(COORD, net, "gexf", SnapshotFilter(start=dt.date(2025, 3, 1), end=dt.date(2025, 12, 31))).data
    G = nx.read_gexf(io.BytesIO(data))
    # a2 and a3 remain; Dirk stays through his reported tie; Eelco never took part.
    assert set(G.nodes) == {"p1", "p2", "r7", "p4"}
    assert _edges(G) == {("p1", "p2"): 1.0, ("p2", "p4"): 2.0}
    assert (G.nodes["r7"]["start"], G.nodes["r7"]["end"]) == ("2025-06-01", "2025-06-01")


def _kumu_sheets(data: bytes) -> dict[str, pd.DataFrame]:
    return pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=object)


def test_kumu_workbook_layout(net):
    sheets = _kumu_sheets(export_network(COORD, net, "kumu").data)
    assert list(sheets) == ["Elements", "Connections"]
    el, con = sheets["Elements"], sheets["Connections"]
    assert list(el.columns[:3]) == ["Label", "Type", "ID"] and list(con.columns[:2]) == ["From", "To"]
    row = el.set_index("ID").loc["p1"]
    assert row["Type"] == "Wijkprofessional" and row["organisation"] == "Gemeente Raalte|Welzijn & Zorg 't Hoogeland"
    assert el.set_index("ID").loc["r7", "Type"] == "Bewoner"
    assert el.set_index("ID").loc["p5", "Label"] == "'=SOM(A1)"  # formula injection defused
    got = {tuple(sorted((a, b))): w for a, b, w in zip(con["From"], con["To"], con["weight"], strict=True)}
    assert got == TIES


def test_csv_zip_has_two_lists(net):
    z = zipfile.ZipFile(io.BytesIO(export_network(COORD, net, "csv").data))
    assert sorted(z.namelist()) == ["knopen.csv", "verbindingen.csv"]
    nodes = pd.read_csv(z.open("knopen.csv"), dtype=str, keep_default_na=False)
    edges = pd.read_csv(z.open("verbindingen.csv"), dtype=str, keep_default_na=False)
    assert nodes.columns[0] == "Label" and list(edges.columns[:2]) == ["From", "To"]
    assert len(nodes) == 5 and len(edges) == 4
    assert "None" not in nodes.to_numpy() and "nan" not in nodes.to_numpy()
    assert nodes.set_index("ID").loc["p5", "start"] == ""


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "kumu", "csv", "xlsx"])
def test_no_resident_name_and_no_contact_details_in_any_export(net, fmt):
    data = export_network(COORD, net, fmt).data
    texts = [data.decode("utf-8", "replace")]
    if data[:2] == b"PK":
        texts = [zipfile.ZipFile(io.BytesIO(data)).read(n).decode("utf-8", "replace")
                 for n in zipfile.ZipFile(io.BytesIO(data)).namelist()]
    blob = "\n".join(texts)
    assert REAL_NAME not in blob and SECRET_MAIL not in blob and "0572 123 456" not in blob
    assert "Bewoner 7" in blob


def test_roles(net):
    with pytest.raises(PermissionDenied):
        export_network(BESTUURDER, net, "gexf")
    with pytest.raises(PermissionDenied):
        export_network(PRO, net, "xlsx")
    G = nx.read_gexf(io.BytesIO(export_network(PRO, net, "gexf").data))
    assert G.nodes["r7"]["label"] == "Bewoner 7" and G.nodes["p1"]["label"] == "Anna de Vries"


def test_every_export_is_audited(net):
    export_network(COORD, net, "gexf")
    export_network(COORD, net, "xlsx")
    events = net.audit_events()
    exports = events[events["action"] == "network_export"]
    assert list(exports["target"]) == ["buurtnetwerk-volledig.xlsx", "buurtnetwerk.gexf"]
    assert set(exports["user_id"]) == {"coord"}
    assert "5 personen, 4 verbindingen" in exports["detail"].iloc[1]
