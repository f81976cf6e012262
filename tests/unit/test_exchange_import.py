"""Imports of Gephi (GEXF, GraphML, GML) and Kumu files and CSV lists: mapping onto persons,
organisations and ties, the preview, Dutch errors naming file/row/column, all or nothing."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from netwerk.access import PermissionDenied, Viewer
from netwerk.domain import ImportValidationError, InputError
from netwerk.exchange.detect import detect_format
from netwerk.services.exchange import apply_import, prepare_import
from tests.dashboard.small_network import small_network

DATA = Path(__file__).resolve().parents[1] / "data" / "exchange"
COORD = Viewer("coord", "coordinator")


def _file(name: str) -> tuple[str, bytes]:
    return name, (DATA / name).read_bytes()


def _by(df, key):
    return {r[key]: r for r in df.to_dict("records")}


def test_gephi_gexf_with_particles_and_ampersands(store):
    plan = prepare_import(COORD, store, [_file("gephi_buurt.gexf")])
    assert dict(zip(plan.counts["soort"], plan.counts["nieuw"], strict=True)) == {
        "organisaties": 3, "personen": 3, "dienstverbanden": 3, "kent-relaties": 2}
    assert any("Modularity Class" in n for n in plan.notices) and any("viz" in n for n in plan.notices)
    assert "Geïmporteerd: 3 organisaties nieuw, 3 personen nieuw" in apply_import(COORD, store, plan).summary()

    persons = _by(store.table("persons"), "person_id")
    assert persons["0"]["display_name"] == "Anna de Vries" and persons["0"]["kind"] == "professional"
    assert persons["0"]["buurt_code"] == "BU01770100"
    assert persons["0"]["attributes"] == {"werkgroep": "3"}  # an unknown attribute is kept, as Gephi typed it
    assert persons["2"]["display_name"] == "Jan van 't Veld"
    resident = persons["3"]
    assert (resident["kind"], resident["pseudonym"], resident["display_name"]) == ("resident", "Bewoner 't Zand 7", None)
    orgs = _by(store.table("organisations"), "name")
    assert orgs["Welzijn & Zorg 't Hoogeland"]["sector"] == "welzijn"
    assert orgs["Bakkerij 't Hoekje & Zn"]["sector"] == "ondernemer" and orgs["Bakkerij 't Hoekje & Zn"]["org_id"] == "1"
    assert orgs["Gemeente Raalte"]["sector"] == "gemeente"
    employers = {(r["person_id"], r["org_id"]) for r in store.table("works_for").to_dict("records")}
    welzijn = orgs["Welzijn & Zorg 't Hoogeland"]["org_id"]
    assert employers == {("0", welzijn), ("0", "1"), ("2", orgs["Gemeente Raalte"]["org_id"])}
    knows = {(r["from_id"], r["to_id"]): r for r in store.table("knows").to_dict("records")}
    assert knows[("0", "2")]["count"] == 3 and knows[("0", "2")]["attributes"] == {"sinds": "2024"}
    assert knows[("2", "3")]["count"] == 2 and knows[("2", "3")]["source"] == "uitwisseling"

    version = store.data_version()
    again = prepare_import(COORD, store, [_file("gephi_buurt.gexf")])
    assert not again.changes_anything
    apply_import(COORD, store, again)
    assert store.data_version() == version


def test_gephi_graphml_and_gml(store):
    plan = prepare_import(COORD, store, [_file("gephi_buurt.graphml")])
    assert any(n.endswith("b, g, r, size, x, y.") for n in plan.notices)  # layout, not stored
    apply_import(COORD, store, plan)
    persons = _by(store.table("persons"), "person_id")
    assert persons["0"]["attributes"] == {"uren": "16"}  # Gephi stored it as a string: it stays one
    assert {r["count"] for r in store.table("knows").to_dict("records")} == {3}

    # the same network from GML matches the same persons (id and label) and organisations (by name)
    plan = prepare_import(COORD, store, [_file("gephi_buurt.gml")])
    counts = dict(zip(plan.counts["soort"], zip(plan.counts["nieuw"], plan.counts["gewijzigd"], strict=True), strict=True))
    assert counts["personen"] == (0, 0)  # Anna keeps her "uren" (the GML has no such attribute): nothing changes
    assert "organisaties" not in counts  # found by name, nothing new
    assert any("graphics" in n for n in plan.notices)


def test_gml_label_with_ampersand(store):
    apply_import(COORD, store, prepare_import(COORD, store, [_file("gephi_buurt.gml")]))
    assert "Welzijn & Zorg 't Hoogeland" in set(store.table("organisations")["name"])


def _kumu(elements: list[list], connections: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Elements"
    for row in elements:
        ws.append(row)
    ws2 = wb.create_sheet("Connections")
    for row in connections:
        ws2.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_kumu_matches_by_label_and_type_and_keeps_unknown_columns(store):
    store.apply(small_network())
    data = _kumu(
        [["Label", "Type", "Description", "Tags"],
         ["Anna de Vries", "Wijkprofessional", "coördineert de aanpak", "abcd|kernteam"],
         ["Nieuwe Collega", "professional", None, "jeugd"],
         ["Bewoner 1", "bewoner", None, None],
         ["Stichting De Brug (fictief)", "Organisatie", None, None]],
        [["From", "To", "Type", "Strength"],
         ["Anna de Vries", "Nieuwe Collega", "advies", 2],
         ["Nieuwe Collega", "Stichting De Brug (fictief)", None, None],
         ["Nieuwe Collega", "Bewoner 1", None, 0]],
    )
    plan = prepare_import(COORD, store, [("kaart.xlsx", data)])
    counts = dict(zip(plan.counts["soort"], zip(plan.counts["nieuw"], plan.counts["gewijzigd"], strict=True), strict=True))
    assert counts["personen"] == (1, 1)  # Anna (matched by label and kind) gets her description; one new colleague
    assert any("gewicht 0 overgeslagen" in n for n in plan.notices)
    apply_import(COORD, store, plan)
    persons = store.table("persons")
    anna = persons.set_index("person_id").loc["p-anna"]
    assert anna["attributes"] == {"Description": "coördineert de aanpak", "Tags": "abcd|kernteam"}
    new = persons[persons["display_name"] == "Nieuwe Collega"].iloc[0]
    assert new["person_id"].startswith("nieuwe_collega-") and new["attributes"] == {"Tags": "jeugd"}
    assert len(persons) == 13  # 12 + 1: nobody doubled
    assert (new["person_id"], "o-wel") in {(r["person_id"], r["org_id"]) for r in store.table("works_for").to_dict("records")}
    k = store.table("knows")
    k = k[k["source"] != "gemeld"]  # the small network's own report
    got = list(zip(k["from_id"], k["to_id"], k["source"], k["count"], strict=True))
    assert got == [("p-anna", new["person_id"], "advies", 2)]


@pytest.mark.parametrize(
    ("elements", "connections", "expected"),
    [
        ([["Naam", "Type"], ["Anna", "professional"]], [["From", "To"]],
         "kaart.xlsx, blad Elements, rij 1, kolom 'Naam': kolom A moet 'Label' heten"),
        ([["Label", "Type"], ["Anna", "Alien"]], [["From", "To"]],
         "kaart.xlsx, blad Elements, rij 2, kolom 'Type': element 'Anna': onbekend type 'Alien'"),
        ([["Label", "Type", "Notitie"], ["Bewoner 9", "bewoner", "woont alleen"]], [["From", "To"]],
         "kaart.xlsx, blad Elements, rij 2, kolom 'Notitie': element 'Bewoner 9': van een bewoner worden geen extra kenmerken"),
        ([["Label", "Type"], ["Anna", "professional"], ["Bo", "professional"]], [["From", "To", "Weight"], ["Anna", "Bo", 1.5]],
         "kaart.xlsx, blad Connections, rij 2, kolom 'Weight': verbinding 'Anna' - 'Bo': gewicht 1.5"),
        ([["Label", "Type"], ["Anna", "professional"], ["Bo", "professional"]],
         [["From", "To", "Sterkte"], ["Anna", "Bo", "1,5"]],
         "kaart.xlsx, blad Connections, rij 2, kolom 'Sterkte': verbinding 'Anna' - 'Bo': gewicht 1.5"),
        ([["Label", "Type"], ["A", "organisatie"], ["B", "organisation"]], [["From", "To"], ["A", "B"]],
         "tussen twee organisaties kan niet worden opgeslagen"),
        ([["Label", "Type"], ["Anna", "professional"]], [["From", "To"], ["Anna", "Onbekend"]],
         "kaart.xlsx, blad Connections, rij 2, kolom 'To': 'Onbekend' is geen element"),
        ([["Label", "Type"], ["Anna", "professional"]], [["Van wie", "To"], ["Anna", "Anna"]],
         "kolommen A en B moeten 'From' en 'To' heten"),
    ],
)
def test_kumu_errors_name_file_row_and_column_and_nothing_is_written(store, elements, connections, expected):
    store.apply(small_network())
    before = store.counts()
    with pytest.raises(ImportValidationError) as e:
        prepare_import(COORD, store, [("kaart.xlsx", _kumu(elements, connections))])
    assert any(expected in str(err) for err in e.value.errors), [str(err) for err in e.value.errors]
    assert store.counts() == before


def test_new_resident_id_does_not_spell_the_label_and_stays_the_same(store):
    data = _kumu([["Label", "Type"], ["Anna Bakker", "bewoner"], ["Jan Smit", "professional"]],
                 [["From", "To"], ["Jan Smit", "Anna Bakker"]])
    apply_import(COORD, store, prepare_import(COORD, store, [("kaart.xlsx", data)]))
    persons = store.table("persons").set_index("kind")
    rid = persons.loc["resident", "person_id"]
    assert rid.startswith("bewoner-") and len(rid) == len("bewoner-") + 12 and "anna" not in rid.lower()
    assert persons.loc["professional", "person_id"].startswith("jan_smit-")  # professionals keep a readable id
    again = prepare_import(COORD, store, [("kaart.xlsx", data)])
    assert not again.changes_anything
    assert len(store.table("persons")) == 2


def test_existing_id_with_another_label_is_refused(store):
    store.apply(small_network())
    data = _kumu([["Label", "Type", "ID"], ["Iemand Anders", "professional", "p-anna"]], [["From", "To"]])
    with pytest.raises(ImportValidationError, match="id 'p-anna' hoort in de store bij 'Anna de Vries'"):
        prepare_import(COORD, store, [("kaart.xlsx", data)])


def test_element_without_type_needs_a_default(store):
    csv = b"Label,afdeling\nAnna,noord\nBo,zuid\n"
    with pytest.raises(ImportValidationError, match="geen van de 2 elementen heeft een type"):
        prepare_import(COORD, store, [("knopen.csv", csv)])
    edges = b"From,To,Weight,start\nAnna,Bo,2,2025-03-01\n"
    plan = prepare_import(COORD, store, [("knopen.csv", csv), ("verbindingen.csv", edges)], default_kind="professional")
    apply_import(COORD, store, plan)
    k = store.table("knows").iloc[0]
    assert (k["count"], k["since"]) == (2, dt.date(2025, 3, 1))
    assert set(store.table("persons")["display_name"]) == {"Anna", "Bo"}


def test_dutch_excel_personen_csv_goes_through_the_own_importer(store):
    plan = prepare_import(COORD, store, [_file("personen_excel.csv")])
    assert plan.files == [("personen_excel.csv", "importbestand van Buurtnetwerk (personen)")]
    assert dict(zip(plan.counts["soort"], plan.counts["nieuw"], strict=True)) == {"personen": 3}
    assert "Geïmporteerd: 3 personen nieuw." == apply_import(COORD, store, plan).summary()
    persons = _by(store.table("persons"), "person_id")
    assert persons["X101"]["display_name"] == "Renée Groß"
    assert persons["X103"]["consent_date"] == dt.date(2025, 3, 1) and persons["X103"]["display_name"] == "Frédérique van 't Hof"
    events = store.audit_events()
    assert events.iloc[0]["action"] == "import" and events.iloc[0]["target"] == "personen_excel.csv"


def test_own_files_and_network_files_are_not_mixed(store):
    with pytest.raises(InputError, match="apart"):
        prepare_import(COORD, store, [_file("personen_excel.csv"), _file("gephi_buurt.gexf")])


def test_only_coordinators_import(store):
    for role in ("professional", "bestuurder"):
        with pytest.raises(PermissionDenied):
            prepare_import(Viewer("x", role), store, [_file("gephi_buurt.gexf")])


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("netwerk.xml", (DATA / "gephi_buurt.gexf").read_bytes(), "gexf"),
        ("export.txt", (DATA / "gephi_buurt.gml").read_bytes(), "gml"),
        ("g.graphml", b"", "graphml"),
        ("elementen.csv", b"\xef\xbb\xbfLabel;Type\nA;bewoner\n", "elements"),
        ("edges.csv", b"Source,Target,Weight\n1,2,1\n", "connections"),
        ("nodes.csv", b"Id,Label\n1,A\n", "elements"),
        ("personen.csv", b"person_id;kind\nP1;bewoner\n", "kinds"),
    ],
)
def test_detect_format(name, content, fmt):
    assert detect_format(name, content) == fmt


def test_detect_format_refuses_unknown_types():
    with pytest.raises(ValueError, match="onbekend bestandstype '.pdf'"):
        detect_format("rapport.pdf", b"%PDF-1.4")


def test_a_resident_label_without_a_digit_is_not_stored_as_pseudonym(store):
    """A name drawn on a Kumu map ("Anna Bakker") may be a real name: it is neither the
    pseudonym nor the display name; the resident becomes "Bewoner <id>", professionals'
    exports never show the name, and a second import still changes nothing."""
    data = _kumu([["Label", "Type"], ["Anna Bakker", "bewoner"], ["Bewoner 17", "bewoner"], ["Jan Smit", "professional"]],
                 [["From", "To"], ["Jan Smit", "Anna Bakker"], ["Jan Smit", "Bewoner 17"]])
    plan = prepare_import(COORD, store, [("kaart.xlsx", data)])
    assert any("1 bewoner(s) zonder cijfer" in n for n in plan.notices), plan.notices
    apply_import(COORD, store, plan)
    residents = store.table("persons").query("kind == 'resident'").set_index("person_id")
    hidden = residents.index[residents.index.str.startswith("bewoner-")]
    assert len(hidden) == 2
    pseudonyms = sorted(residents["pseudonym"])
    anna = next(p for p in pseudonyms if p != "Bewoner 17")
    assert anna.startswith("Bewoner ") and "anna" not in anna.lower()
    assert residents["display_name"].isna().all()
    assert not prepare_import(COORD, store, [("kaart.xlsx", data)]).changes_anything
    assert len(store.table("knows")) == 2
