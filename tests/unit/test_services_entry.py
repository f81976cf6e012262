"""Everyday data entry: validation as in the importer, no duplicates on double
submission, edit and delete with confirmation, per role."""

from __future__ import annotations

import datetime as dt

import pytest

from netwerk.access import PermissionDenied, Viewer, visible_snapshot
from netwerk.domain import AMSTERDAM, ChangeSet, InputError, NotFoundError, Person
from netwerk.services import entry
from tests.unit.people_network import people_network

COORD = Viewer("coord", "coordinator")
MEHMET = Viewer("mehmet", "professional", "p-mo")
CEM = Viewer("cem", "professional", "p-ce")
BESTUURDER = Viewer("bert", "bestuurder", "b1")
DAY = dt.date(2025, 9, 15)


@pytest.fixture
def net(store):
    store.apply(people_network())
    return store


def _street(viewer, store, token, **kw):
    args = dict(day=DAY, time=dt.time(10, 30), buurt_code="BU1", professionals=["p-mo", "p-ce"], residents=["r1"],
                anonymous_residents=2, themes=["eenzaamheid", "Ouderen"])
    args.update(kw)
    return entry.record_straatgesprek(viewer, store, token=token, **args)


def test_record_id_is_deterministic_per_form_and_token():
    assert entry.record_id("straatgesprek", "t1") == entry.record_id("straatgesprek", "t1")
    assert entry.record_id("straatgesprek", "t1") != entry.record_id("straatgesprek", "t2")
    assert entry.record_id("meeting", "t1") != entry.record_id("straatgesprek", "t1")
    assert entry.record_id("straatgesprek", "t1").startswith("sg-")
    with pytest.raises(InputError):
        entry.record_id("straatgesprek", "")


def test_straatgesprek_is_stored_with_participants_and_themes(net):
    aid = _street(MEHMET, net, "tok")
    acts = net.table("activities").set_index("activity_id")
    a = acts.loc[aid]
    assert (a["kind"], a["buurt_code"], a["anonymous_participants"]) == ("straatgesprek", "BU1", 2)
    assert a["date"] == dt.datetime(2025, 9, 15, 10, 30, tzinfo=AMSTERDAM)
    parts = net.table("participations")
    mine = parts[parts["activity_id"] == aid]
    assert sorted(zip(mine["person_id"], mine["role"], strict=True)) == [
        ("p-ce", "participant"), ("p-mo", "organiser"), ("r1", "participant")]
    links = net.table("activity_themes")
    assert sorted(links.loc[links["activity_id"] == aid, "theme"]) == ["eenzaamheid", "ouderen"]
    # it counts at once: the snapshot has the new tie p-mo - p-ce
    snap = net.snapshot()
    assert aid in set(snap.activities["activity_id"])
    log = net.audit_events()
    assert log[["user_id", "action", "target"]].values.tolist()[-1] == ["mehmet", "edit", aid]


def test_double_submission_creates_one_record(net):
    before = net.counts()
    first = _street(MEHMET, net, "same-token")
    version = net.data_version()
    second = _street(MEHMET, net, "same-token")
    assert first == second
    after = net.counts()
    assert after["activities"] == before["activities"] + 1
    assert after["participations"] == before["participations"] + 3
    assert net.data_version() == version  # identical second write changes nothing
    third = _street(MEHMET, net, "new-token")
    assert third != first and net.counts()["activities"] == before["activities"] + 2


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"professionals": []}, "minstens één professional"),
    ({"buurt_code": " "}, "vul de buurt in"),
    ({"themes": []}, "minstens één thema"),
    ({"themes": ["eenzaamheid", "hondenpoep"]}, "Onbekend thema: hondenpoep"),
    ({"residents": ["p-an"]}, "'p-an' is geen bewoner"),
    ({"professionals": ["p-mo", "r1"]}, "'r1' is geen wijkprofessional of vrijwilliger"),
    ({"residents": ["r99"]}, "onbekende persoon 'r99'"),
    ({"anonymous_residents": -1}, "aantal anonieme deelnemers: moet minstens 0 zijn"),
])
def test_invalid_straatgesprek_is_refused_and_nothing_written(net, kwargs, message):
    before = net.counts()
    with pytest.raises(InputError, match=message):
        _street(MEHMET, net, "tok", **kwargs)
    assert net.counts() == before


def test_professional_records_only_own_conversations(net):
    with pytest.raises(PermissionDenied):
        _street(Viewer("anna", "professional", "p-an"), net, "tok")  # Anna is not among the professionals
    with pytest.raises(PermissionDenied):
        _street(BESTUURDER, net, "tok")
    assert _street(COORD, net, "tok").startswith("sg-")


def test_meeting_with_a_new_resident_on_the_spot(net):
    pid = entry.new_resident(MEHMET, net, token="r-tok", buurt_code="BU2")
    person = net.table("persons").set_index("person_id").loc[pid]
    assert (person["kind"], person["display_name"], person["buurt_code"]) == ("resident", None, "BU2")
    assert person["pseudonym"].startswith("Bewoner ")
    assert entry.new_resident(MEHMET, net, token="r-tok") == pid  # same token, same resident
    aid = entry.record_meeting(MEHMET, net, token="m", kind="bewonersbijeenkomst", day=DAY, title="Buurtavond",
                               attendees=["p-mo", "r1", pid], themes=["groen"], buurt_code="BU2")
    parts = net.table("participations")
    assert sorted(parts.loc[parts["activity_id"] == aid, "person_id"]) == sorted(["p-mo", "r1", pid])
    with pytest.raises(InputError, match="titel"):
        entry.record_meeting(MEHMET, net, token="m2", kind="bewonersbijeenkomst", day=DAY, title=" ", attendees=["p-mo"])
    with pytest.raises(InputError, match="onbekende soort"):
        entry.record_meeting(MEHMET, net, token="m2", kind="straatgesprek", day=DAY, title="x", attendees=["p-mo"])
    with pytest.raises(PermissionDenied):
        entry.new_resident(BESTUURDER, net, token="x")


def test_asset_and_knows(net):
    aid = entry.record_asset(MEHMET, net, token="a", category="place", name="Bankje bij de vijver", owner_id="o2",
                             buurt_code="BU1", visibility="openbaar", themes=["Groen"])
    assert entry.record_asset(MEHMET, net, token="a", category="place", name="Bankje bij de vijver", owner_id="o2",
                              buurt_code="BU1", visibility="openbaar", themes=["Groen"]) == aid
    row = net.table("assets").set_index("asset_id").loc[aid]
    assert (row["category"], row["themes"]) == ("place", ("groen",))
    with pytest.raises(InputError, match="Bron, categorie: onbekende ABCD-categorie 'plek'"):
        entry.record_asset(MEHMET, net, token="b", category="plek", name="x")
    with pytest.raises(InputError, match="onbekende eigenaar"):
        entry.record_asset(MEHMET, net, token="b", category="place", name="x", owner_id="nobody")
    key = entry.record_knows(MEHMET, net, from_id="p-mo", to_id="p-de", since=dt.date(2025, 1, 1))
    assert key == ("p-mo", "p-de", "gemeld")
    entry.record_knows(MEHMET, net, from_id="p-mo", to_id="p-de", since=dt.date(2025, 1, 1))
    assert len(net.table("knows")) == 1
    with pytest.raises(InputError, match="zichzelf"):
        entry.record_knows(COORD, net, from_id="p-mo", to_id="p-mo")
    with pytest.raises(PermissionDenied):
        entry.record_knows(CEM, net, from_id="p-mo", to_id="p-de")


def test_edit_replaces_participants_and_themes(net):
    aid = _street(MEHMET, net, "tok")
    entry.record_straatgesprek(MEHMET, net, token="ignored", activity_id=aid, day=DAY, buurt_code="BU2",
                               professionals=["p-mo"], residents=["r2"], themes=["groen"])
    d = entry.activity_detail(MEHMET, net, aid)
    assert (d.organiser, d.participants, d.themes, d.buurt_code) == ("p-mo", ["r2"], ["groen"], "BU2")
    assert net.counts()["activities"] == 5
    with pytest.raises(PermissionDenied):
        entry.activity_detail(Viewer("anna", "professional", "p-an"), net, aid)  # Anna took no part in it


def test_delete_needs_confirmation_and_permission(net):
    aid = _street(MEHMET, net, "tok")
    with pytest.raises(InputError, match="Bevestig"):
        entry.delete_activity(MEHMET, net, aid, confirm=False)
    with pytest.raises(PermissionDenied):
        entry.delete_activity(Viewer("anna", "professional", "p-an"), net, aid, confirm=True)
    entry.delete_activity(MEHMET, net, aid, confirm=True)
    assert aid not in net.existing_ids("activities")
    assert aid not in set(net.table("participations")["activity_id"])
    with pytest.raises(NotFoundError):
        entry.delete_activity(COORD, net, aid, confirm=True)
    with pytest.raises(PermissionDenied):
        entry.delete_asset(MEHMET, net, "bron-1", confirm=True)
    entry.delete_asset(COORD, net, "bron-1", confirm=True)
    assert "bron-1" not in net.existing_ids("assets")


def test_entry_options_per_role(net):
    mine = entry.entry_options(CEM, net)
    assert mine.activities["activity_id"].tolist() == ["s2"]
    labels = dict(zip(mine.persons["person_id"], mine.persons["label"], strict=True))
    assert labels["r2"] == "Bewoner 2"
    assert mine.buurten == ["BU1", "BU2"]
    assert len(entry.entry_options(COORD, net).activities) == 4
    with pytest.raises(PermissionDenied):
        entry.entry_options(BESTUURDER, net)


_NETWORK_TABLES = {"persons", "activities", "participations", "activity_themes", "knows", "works_for", "memberships"}


def test_an_edit_reads_only_the_records_it_touches(net, monkeypatch):
    """Saving, changing and deleting a straatgesprek reads its own rows (Store.rows), never a
    whole network table nor a snapshot: an edit costs what it touches."""
    read: list[str] = []
    real_table, real_snapshot = net.table, net.snapshot
    monkeypatch.setattr(net, "table", lambda fname: read.append(fname) or real_table(fname))
    monkeypatch.setattr(net, "snapshot", lambda flt=None: read.append("snapshot") or real_snapshot(flt))
    aid = _street(MEHMET, net, "tok")
    entry.record_straatgesprek(MEHMET, net, token="tok", activity_id=aid, day=DAY, buurt_code="BU2",
                               professionals=["p-mo"], residents=["r2"], themes=["groen"])
    entry.activity_detail(MEHMET, net, aid)
    assert entry.lone_residents(COORD, net, aid) == entry.lone_residents(MEHMET, net, aid)
    entry.delete_activity(COORD, net, aid, confirm=True)
    assert not set(read) & (_NETWORK_TABLES | {"snapshot"}), read
    monkeypatch.undo()
    assert aid not in net.existing_ids("activities")


def test_lone_residents_are_labelled_as_the_viewer_sees_them(net):
    net.apply(ChangeSet(persons=[
        Person(person_id="r-new", kind="resident", pseudonym="Bewoner 77"),
        Person(person_id="r-named", kind="resident", display_name="Fatima El Idrissi", pseudonym="Bewoner 78",
               consent_named=True, consent_date=dt.date(2025, 1, 6), consent_scope="intern")]))
    aid = _street(MEHMET, net, "tok", residents=["r1", "r-new", "r-named"])
    snap = net.snapshot()
    others = set(snap.participations.loc[snap.participations["activity_id"] != aid, "person_id"])
    lone = [p for p in ("r1", "r-new", "r-named") if p not in others]
    assert lone == ["r-new", "r-named"]
    for viewer in (COORD, MEHMET):
        persons = visible_snapshot(viewer, net).persons.set_index("person_id")
        expected = sorted(((p, str(persons.loc[p, "label"])) for p in lone), key=lambda t: (t[1].casefold(), t[0]))
        assert entry.lone_residents(viewer, net, aid) == expected
    # The coordinator sees the consented name, a professional the pseudonym only.
    assert entry.lone_residents(COORD, net, aid) == [("r-new", "Bewoner 77"), ("r-named", "Fatima El Idrissi")]
    assert entry.lone_residents(MEHMET, net, aid) == [("r-new", "Bewoner 77"), ("r-named", "Bewoner 78")]
