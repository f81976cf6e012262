"""Round trips: export, import into an empty store, export again: the same graph (nodes,
labels, kinds, attributes, ties, weights, first and last dates) for every format; the full
workbook gives back every table; importing the same file twice changes nothing."""

from __future__ import annotations

import pytest

from netwerk.access import Viewer, visible_snapshot
from netwerk.bootstrap import open_store
from netwerk.exchange.network import person_network
from netwerk.services import seeding
from netwerk.services.exchange import apply_import, export_network, prepare_import
from netwerk.store.base import CHANGESET_SCHEMA
from tests.unit.exchange_network import exchange_network

COORD = Viewer("coord", "coordinator")


def _graph(store):
    g = person_network(visible_snapshot(COORD, store))
    nodes = {n.id: (n.label, n.type, n.attrs, n.start, n.end) for n in g.nodes}
    edges = {(e.source, e.target): (e.weight, e.attrs, e.start, e.end) for e in g.edges}
    return nodes, edges


@pytest.fixture
def source(store):
    store.apply(exchange_network())
    return store


@pytest.fixture
def target(tmp_path):
    s = open_store(f"sqlite:///{tmp_path / 'doel.sqlite'}")
    yield s
    s.close()


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "kumu", "csv"])
def test_round_trip_gives_the_same_graph(source, target, fmt):
    f = export_network(COORD, source, fmt)
    plan = prepare_import(COORD, target, [(f.filename, f.data)])
    assert dict(zip(plan.counts["soort"], plan.counts["nieuw"], strict=True)) == {
        "organisaties": 2, "personen": 5, "dienstverbanden": 3, "kent-relaties": 4}
    apply_import(COORD, target, plan)
    assert _graph(target) == _graph(source)
    # exported again: the same bytes for the XML formats (nothing depends on import order or ids)
    if fmt in ("gexf", "graphml"):
        assert export_network(COORD, target, fmt).data == f.data
    # r7's last date (a street conversation alone) is kept; her real name never left the source
    r7 = target.table("persons").set_index("person_id").loc["r7"]
    assert r7["pseudonym"] == "Bewoner 7" and r7["display_name"] is None and r7["attributes"] == {"end": "2025-06-01"}
    assert target.table("persons").set_index("person_id").loc["p5", "display_name"] == "=SOM(A1)"
    version = target.data_version()
    again = prepare_import(COORD, target, [(f.filename, f.data)])
    assert not again.changes_anything
    assert dict(zip(again.counts["soort"], again.counts["ongewijzigd"], strict=True)) == {
        "personen": 5, "dienstverbanden": 3, "kent-relaties": 4}
    apply_import(COORD, target, again)
    assert target.data_version() == version  # idempotent: nothing written


def test_round_trip_into_the_same_store_changes_nothing(source):
    for fmt in ("gexf", "kumu"):
        f = export_network(COORD, source, fmt)
        version = source.data_version()
        plan = prepare_import(COORD, source, [(f.filename, f.data)])
        # persons match by id and label (the resident by pseudonym); every tie's weight is already explained
        # by shared activities and reports, so no KNOWS row is added and nothing changes.
        assert not plan.changes_anything
        assert "kent-relaties" not in set(plan.counts["soort"])
        assert any("4 verbinding(en) stonden al met dit gewicht" in n for n in plan.notices)
        apply_import(COORD, source, plan)
        assert source.data_version() == version


def test_full_workbook_round_trip(tmp_path):
    src = open_store(f"sqlite:///{tmp_path / 'demo.sqlite'}")
    seeding.seed(src, "demo")
    dst = open_store(f"sqlite:///{tmp_path / 'leeg.sqlite'}")
    f = export_network(COORD, src, "xlsx")
    apply_import(COORD, dst, prepare_import(COORD, dst, [(f.filename, f.data)]))
    for fname in CHANGESET_SCHEMA:
        a, b = src.table(fname), dst.table(fname)
        if fname == "persons":  # never exported: residents' names, e-mail, phone
            a, b = (t.drop(columns=["display_name", "email", "phone"]) for t in (a, b))
        assert a.equals(b), fname
    # back into the source: every record is unchanged, and names and contact details are kept
    plan = prepare_import(COORD, src, [(f.filename, f.data)])
    assert not plan.changes_anything
    src.close()
    dst.close()


def test_full_workbook_refuses_more_rows_than_excel_holds(source, monkeypatch):
    from netwerk.domain import InputError
    from netwerk.services import exchange

    monkeypatch.setattr(exchange, "EXCEL_MAX_ROWS", 5)  # a header and 4 rows: 5 persons, 14 themes, 7 participations do not fit
    with pytest.raises(InputError, match=r"Excel-werkblad \(personen, thema's, deelnames; Excel toont er hoogstens 4\)"):
        exchange.export_file(COORD, source)
