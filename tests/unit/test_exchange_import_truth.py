"""Import truth (issue 13, cases 4-7 and the small things): re-importing an export changes
nothing, the template's own headers win over format detection, Gephi 0.9+ GEXF is read,
tool measures are dropped, one --soort hint, organisations by name, DST gaps reported."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import networkx as nx
import pytest

from netwerk.access import Viewer
from netwerk.analysis.snapshot import social_graph
from netwerk.domain import ImportValidationError
from netwerk.exchange import mapping
from netwerk.exchange.detect import detect_format
from netwerk.exchange.gexf import read_gexf
from netwerk.services.exchange import apply_import, export_network, prepare_import
from netwerk.services.importing import import_files

DATA = Path(__file__).resolve().parents[1] / "data"
COORD = Viewer("coord", "coordinator")


def _import(store, files, default_kind=None):
    plan = prepare_import(COORD, store, files, default_kind=default_kind)
    apply_import(COORD, store, plan)
    return plan


def _knows(store):
    return sorted((r["from_id"], r["to_id"], r["source"], r["count"]) for r in store.table("knows").to_dict("records"))


# --- case 4: re-importing your own export ------------------------------------------------

# Nodes listed 2, 1: networkx then yields the edge as 2 -> 1, while our export writes 1 -> 2.
GML_2_1 = (b'graph [\n  node [ id 2 label "Bo Bakker" ]\n  node [ id 1 label "Ans Alberts" ]\n'
           b"  edge [ source 1 target 2 ]\n]\n")


def test_reimporting_own_gexf_export_keeps_the_tie_weight(store):
    _import(store, [("kaart.gml", GML_2_1)], default_kind="professional")
    assert _knows(store) == [("2", "1", "uitwisseling", 1)]
    gexf = export_network(COORD, store, "gexf").data
    assert b'weight="1.0"' in gexf

    plan = prepare_import(COORD, store, [("buurtnetwerk.gexf", gexf)])
    assert not plan.changes_anything
    apply_import(COORD, store, plan)
    assert _knows(store) == [("2", "1", "uitwisseling", 1)]  # the stored row, whatever its direction
    assert social_graph(store.snapshot()).edges["1", "2"]["weight"] == 1.0

    # the GML itself again, and the export again: still one tie of weight 1
    _import(store, [("kaart.gml", GML_2_1)], default_kind="professional")
    _import(store, [("buurtnetwerk.gexf", export_network(COORD, store, "gexf").data)])
    assert _knows(store) == [("2", "1", "uitwisseling", 1)]


def test_reimporting_own_graphml_and_csv_exports_keeps_the_tie_weight(store):
    _import(store, [("kaart.gml", GML_2_1)], default_kind="professional")
    for fmt, name in (("graphml", "buurtnetwerk.graphml"), ("csv", "buurtnetwerk-csv.zip"), ("kumu", "kumu.xlsx")):
        data = export_network(COORD, store, fmt).data
        plan = prepare_import(COORD, store, [(name, data)])
        assert not plan.changes_anything, fmt
        apply_import(COORD, store, plan)
        assert _knows(store) == [("2", "1", "uitwisseling", 1)], fmt


def test_undirected_file_sets_the_weight_on_the_stored_reverse_row(store):
    _import(store, [("kaart.gml", GML_2_1)], default_kind="professional")
    heavier = GML_2_1.replace(b"target 2 ]", b"target 2 value 3 ]")
    _import(store, [("kaart.gml", heavier)], default_kind="professional")
    assert _knows(store) == [("2", "1", "uitwisseling", 3)]  # updated, not a second row of 3 (which would give 4)
    assert social_graph(store.snapshot()).edges["1", "2"]["weight"] == 3.0


def test_directed_file_keeps_both_directions_apart(store):
    gexf = (b'<?xml version="1.0" encoding="UTF-8"?><gexf xmlns="http://gexf.net/1.3" version="1.3">'
            b'<graph defaultedgetype="directed"><nodes><node id="1" label="Ans"/><node id="2" label="Bo"/></nodes>'
            b'<edges><edge source="1" target="2"/><edge source="2" target="1" weight="2"/></edges></graph></gexf>')
    _import(store, [("advies.gexf", gexf)], default_kind="professional")
    assert _knows(store) == [("1", "2", "uitwisseling", 1), ("2", "1", "uitwisseling", 2)]
    again = prepare_import(COORD, store, [("advies.gexf", gexf)], default_kind="professional")
    assert not again.changes_anything


# --- case 5: a kent file with the template's own Dutch headers ---------------------------


def _krackhardt_files(tmp_path: Path) -> list[Path]:
    """personen.csv (21 managers) and two kent files with the template's headers
    ``van;naar;bron;gewicht`` (0 = no tie and self-pairs kept, as in the source)."""
    personen = tmp_path / "personen.csv"
    personen.write_text("persoon_id;soort;naam\n" + "".join(f"{i};wijkprofessional;Manager {i}\n" for i in range(1, 22)),
                        encoding="utf-8")
    out = [personen]
    for tie, source in (("advice", "advies"), ("friendship", "vriendschap")):
        with open(DATA / "krackhardt" / f"krackhardt_{tie}.csv", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        path = tmp_path / f"kent_{source}.csv"
        path.write_text("van;naar;bron;gewicht\n" + "".join(f"{r['ego']};{r['alter']};{source};{r[f'{tie}_tie']}\n"
                                                            for r in rows), encoding="utf-8")
        out.append(path)
    return out


def test_kent_template_headers_win_over_connection_list_detection(tmp_path):
    header = b"van;naar;bron;gewicht\n1;2;advies;1\n"
    assert detect_format("kent.csv", header) == "kinds"
    assert detect_format("kent.csv", b"van;naar\n1;2\n") == "kinds"  # also the template's own (required) columns
    assert detect_format("verbindingen.csv", b"From,To,Type,Weight\n1,2,advies,1\n") == "connections"
    assert detect_format("knopen.csv", b"Label,Type\nAns,professional\n") == "elements"


def test_krackhardt_as_kent_files_keeps_advice_and_friendship_apart(store, tmp_path):
    files = [(p.name, p.read_bytes()) for p in _krackhardt_files(tmp_path)]
    plan = prepare_import(COORD, store, files)
    assert dict(zip(plan.counts["soort"], plan.counts["nieuw"], strict=True)) == {"personen": 21, "kent-relaties": 292}
    apply_import(COORD, store, plan)
    knows = store.table("knows")
    assert len(knows) == 292
    assert knows["source"].value_counts().to_dict() == {"advies": 190, "vriendschap": 102}
    assert set(knows["count"]) == {1}
    advice = knows[knows["source"] == "advies"]
    assert int((advice["to_id"] == "2").sum()) == 18  # manager 2: 18 incoming advice ties (SOURCE.md)
    assert not prepare_import(COORD, store, files).changes_anything


def test_kent_file_alone_keeps_its_source(store, tmp_path):
    personen, advies, _ = _krackhardt_files(tmp_path)
    import_files(store, [personen])
    _import(store, [(advies.name, advies.read_bytes())])
    assert set(store.table("knows")["source"]) == {"advies"} and len(store.table("knows")) == 190


# --- case 6: GEXF from Gephi 0.9+ (www.gexf.net) and every GEXF version -------------------


def test_real_gephi_09_gexf_is_read(store):
    data = (DATA / "exchange" / "gephi09_lesmiserables.gexf").read_bytes()
    assert b'xmlns="http://www.gexf.net/1.3"' in data
    G = read_gexf(data)
    assert (G.number_of_nodes(), G.number_of_edges()) == (77, 254)
    plan = _import(store, [("lesmiserables.gexf", data)], default_kind="professional")
    assert any("Modularity Class" in n for n in plan.notices)
    persons = store.table("persons").set_index("person_id")
    assert persons.loc["11", "display_name"] == "Valjean" and not persons.loc["11", "attributes"]  # Modularity Class dropped
    knows = store.table("knows")
    assert len(knows) == 254 and int(knows["count"].sum()) == 820  # 157 weighted edges plus 97 of weight 1
    G = social_graph(store.snapshot())
    assert G.edges["11", "26"]["weight"] == 31.0 and G.edges["26", "55"]["weight"] == 21.0  # Valjean-Cosette, Cosette-Marius
    assert not prepare_import(COORD, store, [("lesmiserables.gexf", data)], default_kind="professional").changes_anything


def _gexf(ns: str, version: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><gexf xmlns="{ns}" xmlns:viz="{ns}/viz" version="{version}">'
            '<graph defaultedgetype="undirected"><attributes class="node">'
            '<attribute id="0" title="kind" type="string"/></attributes><nodes>'
            '<node id="a" label="Ans"><attvalues><attvalue for="0" value="professional"/></attvalues>'
            '<viz:size value="4.0"/></node>'
            '<node id="b" label="Bo"><attvalues><attvalue for="0" value="professional"/></attvalues></node>'
            '</nodes><edges><edge id="0" source="a" target="b" weight="2.0"/></edges></graph></gexf>').encode()


@pytest.mark.parametrize(("ns", "version"), [
    ("http://www.gexf.net/1.1draft", "1.1"), ("http://gexf.net/1.1draft", "1.1"),
    ("http://www.gexf.net/1.2draft", "1.2"), ("http://gexf.net/1.2draft", "1.2"), ("http://www.gexf.net/1.2", "1.2"),
    ("http://gexf.net/1.3", "1.3"), ("http://www.gexf.net/1.3", "1.3"), ("https://gexf.net/1.3", "1.3"),
    ("http://gexf.net/1.3draft", "1.3"),
])
def test_every_gexf_namespace_and_version_is_read(ns, version):
    G = read_gexf(_gexf(ns, version), "kaart.gexf")
    assert sorted(G.nodes) == ["a", "b"] and G.nodes["a"]["kind"] == "professional"
    assert G.edges["a", "b"]["weight"] == 2.0 and not G.is_directed()


@pytest.mark.parametrize(("data", "expected"), [
    (b'<?xml version="1.0"?><gexf xmlns="http://www.gexf.net/1.3" version="1.3"><meta/></gexf>',
     "kaart.gexf is geen geldig GEXF-bestand: er staat geen <graph> in"),
    (b'<?xml version="1.0"?><gexf xmlns="http://example.org/1.3"><graph/></gexf>',
     "kaart.gexf is geen geldig GEXF-bestand: onbekende GEXF-namespace 'http://example.org/1.3'"),
    (b'<?xml version="1.0"?><gexf><graph><nodes>', "kaart.gexf is geen geldige XML"),
])
def test_gexf_errors_are_dutch_and_name_the_file(data, expected):
    with pytest.raises(ValueError) as e:
        read_gexf(data, "kaart.gexf")
    assert str(e.value).startswith(expected), str(e.value)
    assert "No <graph>" not in str(e.value) and "element" not in str(e.value)


def test_pyproject_networkx_floor_reads_gexf_13():
    # networkx reads GEXF 1.3 (http://gexf.net/1.3) from 3.6 on; 3.4 and 3.5 know 1.1draft and 1.2draft only
    text = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"networkx>=3.6,<4"' in text
    assert "1.3" in nx.readwrite.gexf.GEXF.versions


# --- case 7: measure columns of Gephi, Kumu, Cytoscape and yEd are dropped -----------------

GEPHI_STATS = [  # (GEXF attribute id, title) as Gephi 0.10 writes them (StatisticsPlugin addColumn)
    ("degree", "Degree"), ("weighted degree", "Weighted Degree"), ("eccentricity", "Eccentricity"),
    ("closnesscentrality", "Closeness Centrality"), ("harmonicclosnesscentrality", "Harmonic Closeness Centrality"),
    ("betweenesscentrality", "Betweenness Centrality"), ("authority", "Authority"), ("hub", "Hub"),
    ("modularity_class", "Modularity Class"), ("pageranks", "PageRank"), ("componentnumber", "Component ID"),
    ("clustering", "Clustering Coefficient"), ("triangles", "Number of triangles"),
    ("eigencentrality", "Eigenvector Centrality"),
]


def _gephi_stats_gexf() -> bytes:
    decl = "".join(f'<attribute id="{i}" title="{t}" type="double"/>' for i, t in GEPHI_STATS)
    values = "".join(f'<attvalue for="{i}" value="0.5"/>' for i, _ in GEPHI_STATS)
    nodes = "".join(f'<node id="{n}" label="Bewoner {n}"><attvalues><attvalue for="type" value="bewoner"/>{values}'
                    f'</attvalues></node>' for n in (1, 2, 3))
    return ('<?xml version="1.0" encoding="UTF-8"?><gexf xmlns="http://gexf.net/1.3" version="1.3">'
            '<meta><creator>Gephi 0.10.1</creator></meta><graph defaultedgetype="directed">'
            f'<attributes class="node"><attribute id="type" title="type" type="string"/>{decl}</attributes>'
            f'<nodes>{nodes}</nodes><edges><edge source="1" target="2"/><edge source="2" target="3"/></edges>'
            '</graph></gexf>').encode()


def test_residents_with_gephi_statistics_import_and_the_measures_are_dropped(store):
    plan = _import(store, [("bewoners.gexf", _gephi_stats_gexf())])
    note = next(n for n in plan.notices if "maten" in n)
    assert note.startswith("bewoners.gexf: berekende maten niet opgeslagen (Buurtnetwerk berekent ze zelf): ")
    for _, title in GEPHI_STATS:
        assert title in note
    persons = store.table("persons")
    assert list(persons["kind"]) == ["resident"] * 3 and not any(persons["attributes"])
    assert len(store.table("knows")) == 2


def test_kept_professional_attributes_lose_the_measures_but_keep_the_rest(store):
    graphml = b"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="k0" for="node" attr.name="kind" attr.type="string"/>
  <key id="k1" for="node" attr.name="team" attr.type="string"/>
  <key id="k2" for="node" attr.name="BetweennessCentrality" attr.type="double"/>
  <key id="k3" for="node" attr.name="NeighborhoodConnectivity" attr.type="double"/>
  <key id="k4" for="node" attr.name="Stress" attr.type="long"/>
  <key id="k5" for="node" attr.name="IsSingleNode" attr.type="boolean"/>
  <key id="k6" for="edge" attr.name="EdgeBetweenness" attr.type="double"/>
  <graph edgedefault="undirected">
    <node id="n1"><data key="k0">professional</data><data key="k1">noord</data><data key="k2">0.0</data>
      <data key="k3">1.0</data><data key="k4">0</data><data key="k5">false</data></node>
    <node id="n2"><data key="k0">professional</data><data key="k1">zuid</data><data key="k2">0.0</data>
      <data key="k3">1.0</data><data key="k4">0</data><data key="k5">false</data></node>
    <edge source="n1" target="n2"><data key="k6">1.0</data></edge>
  </graph>
</graphml>"""
    plan = _import(store, [("cytoscape.graphml", graphml)])
    note = next(n for n in plan.notices if "maten" in n)
    assert "BetweennessCentrality, EdgeBetweenness, IsSingleNode, NeighborhoodConnectivity, Stress" in note
    persons = store.table("persons").set_index("person_id")
    assert persons.loc["n1", "attributes"] == {"team": "noord"}
    assert not store.table("knows").iloc[0]["attributes"]


@pytest.mark.parametrize("name", [
    "Betweenness Centrality", "betweenesscentrality", "BetweennessCentrality", "betweenness_centrality",
    "Harmonic Closeness Centrality", "HarmonicClosenessCentrality", "harmonicclosnesscentrality", "Numberoftriangles",
    "Number of triangles", "ComponentID", "Component ID", "componentnumber", "Strongly-Connected ID", "strongcompnum",
    "ClusteringCoefficient", "AUTHORITY", "hub", "Modularity Class", "modularity_class", "PageRank", "pageranks",
    "eigencentrality", "In-Degree", "Out-Degree", "Weighted In-Degree", "weighted outdegree", "AverageShortestPathLength",
    "PartnerOfMultiEdgedNodePairs", "TopologicalCoefficient", "Radiality", "SelfLoops", "NumberOfDirectedEdges",
    "NumberOfUndirectedEdges", "Reach", "Reach efficiency", "Eigenvector", "Community",
])
def test_measure_columns_are_recognised_in_any_spelling(name):
    assert mapping.is_measure_column(name)


@pytest.mark.parametrize("name", ["team", "functie", "buurt_code", "uren", "werkgroep", "Description", "Tags", "kind"])
def test_other_columns_are_not_measures(name):
    assert not mapping.is_measure_column(name)


def test_measure_list_names_the_tools():
    assert {"Gephi", "Kumu", "Cytoscape NetworkAnalyzer", "yEd"} <= set(mapping.MEASURE_COLUMNS)
    assert "Authority" in mapping.MEASURE_COLUMNS["Gephi"] and "Stress" in mapping.MEASURE_COLUMNS["Cytoscape NetworkAnalyzer"]


# --- small things ----------------------------------------------------------------------------


def test_a_file_without_types_gets_one_soort_hint(store):
    nodes = "".join(f'<node id="{i}" label="Persoon {i}"/>' for i in range(35))
    gexf = f'<?xml version="1.0"?><gexf xmlns="http://gexf.net/1.3" version="1.3"><graph><nodes>{nodes}</nodes></graph></gexf>'
    with pytest.raises(ImportValidationError) as e:
        prepare_import(COORD, store, [("kaart.gexf", gexf.encode())])
    assert len(e.value.errors) == 1
    msg = str(e.value.errors[0])
    assert "geen van de 35 elementen heeft een type" in msg and "--soort wijkprofessional" in msg


def _csv_zip(**members: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in members.items():
            z.writestr(name, text)
    return buf.getvalue()


def test_personen_organisatie_column_takes_an_organisation_name(store, tmp_path):
    orgs = tmp_path / "organisaties.csv"
    orgs.write_text("org_id;naam;sector\nORG01;Gemeente Raalte;gemeente\nORG02;Stichting De Brug;welzijn\n"
                    "ORG03;Buurthuis;welzijn\nORG04;Buurthuis;overig\n", encoding="utf-8")
    import_files(store, [orgs])
    personen = tmp_path / "personen.csv"
    personen.write_text("persoon_id;soort;naam;organisatie\nP1;wijkprofessional;Anna;gemeente raalte\n"
                        "P2;wijkprofessional;Bo;ORG02|Stichting De Brug\n", encoding="utf-8")
    import_files(store, [personen])
    assert sorted(zip(store.table("works_for")["person_id"], store.table("works_for")["org_id"], strict=True)) == [
        ("P1", "ORG01"), ("P2", "ORG02")]
    assert not import_files(store, [personen]).changed

    bad = tmp_path / "personen_fout.csv"
    bad.write_text("persoon_id;soort;naam;organisatie\nP3;wijkprofessional;Cem;Buurthuis\n", encoding="utf-8")
    with pytest.raises(ImportValidationError) as e:
        import_files(store, [bad])
    assert [str(x) for x in e.value.errors] == [
        "personen_fout.csv, rij 2, kolom 'organisatie': 'Buurthuis' is de naam van meer dan één organisatie "
        "(ORG03, ORG04); gebruik de org_id"]


def test_nonexistent_dst_time_is_reported_in_the_preview(store, tmp_path):
    act = tmp_path / "activiteiten.csv"
    act.write_text("activiteit_id;soort;datum;titel\nA1;straatgesprek;29-03-2026 02:30;Nacht\n"
                   "A2;straatgesprek;29-03-2026 03:30;Gewoon\n", encoding="utf-8")
    plan = prepare_import(COORD, store, [(act.name, act.read_bytes())])
    warnings = [n for n in plan.notices if "bestaat niet" in n]
    assert warnings == ["activiteiten.csv, rij 2, kolom 'datum': 29-03-2026 02:30 bestaat niet in Nederland (die nacht "
                        "ging de klok van 02:00 naar 03:00, zomertijd); opgeslagen als 29-03-2026 03:30. Controleer de tijd."]
    report = import_files(store, [act])
    assert "29-03-2026 02:30 bestaat niet" in report.summary()
