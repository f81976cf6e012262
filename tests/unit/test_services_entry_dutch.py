"""Invoer as a person expects it (issue 16): buurt names instead of CBS codes, pseudonyms in
the one "Bewoner <n>" series (also with two sessions at once), and deleting an activity
offers to remove the residents it leaves without any activity."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from netwerk.access import PermissionDenied, Viewer
from netwerk.bootstrap import open_store
from netwerk.domain import Area, ChangeSet, InputError
from netwerk.services import areas, entry
from tests.unit.people_network import people_network

COORD = Viewer("coord", "coordinator")
MEHMET = Viewer("mehmet", "professional", "p-mo")
CEM = Viewer("cem", "professional", "p-ce")
BESTUURDER = Viewer("bert", "bestuurder", "b1")
DAY = dt.date(2025, 9, 15)
BUURT = "BU01770104"


@pytest.fixture
def net(store):
    changes = people_network()
    changes.areas.append(Area(code=BUURT, name="Schoolbuurt", level="buurt", name_uncertain=True))
    changes.areas.append(Area(code="WK017701", name="Raalte (kern)", level="wijk"))
    store.apply(changes)
    return store


def test_area_name_is_the_name_with_the_code_as_detail(net):
    names = areas.area_names(BESTUURDER, net)
    assert names == {BUURT: "Schoolbuurt", "WK017701": "Raalte (kern)"}
    assert areas.area_name(BUURT, names) == "Schoolbuurt"
    assert areas.area_name(BUURT, names, with_code=True) == "Schoolbuurt (BU01770104)"
    assert areas.area_name("Bij de kerk", names, with_code=True) == "Bij de kerk"  # typed by hand: as given
    assert areas.area_name(None, names) == "–"


def test_straatgesprek_auto_title_names_the_buurt(net):
    # Before: "Straatgesprek BU01770104".
    aid = entry.record_straatgesprek(MEHMET, net, token="t", day=DAY, buurt_code=BUURT, professionals=["p-mo"],
                                     themes=["groen"])
    assert net.table("activities").set_index("activity_id").loc[aid, "title"] == "Straatgesprek Schoolbuurt"
    other = entry.record_straatgesprek(MEHMET, net, token="t2", day=DAY, buurt_code="BU1", professionals=["p-mo"],
                                       themes=["groen"])
    assert net.table("activities").set_index("activity_id").loc[other, "title"] == "Straatgesprek BU1"


def test_entry_options_offer_every_named_buurt(net):
    opts = entry.entry_options(MEHMET, net)
    assert opts.buurten == ["BU1", "BU2", BUURT]  # by display name: BU1, BU2, Schoolbuurt
    assert opts.area_names[BUURT] == "Schoolbuurt"
    assert [areas.area_name(b, opts.area_names, with_code=True) for b in opts.buurten] == [
        "BU1", "BU2", "Schoolbuurt (BU01770104)"]


def test_new_resident_continues_the_bewoner_numbering(net):
    # people_network holds Bewoner 1 and Bewoner 2; before, the new one was "Bewoner 358d86".
    pid = entry.new_resident(MEHMET, net, token="a")
    assert net.table("persons").set_index("person_id").loc[pid, "pseudonym"] == "Bewoner 3"
    assert entry.new_resident(MEHMET, net, token="a") == pid  # the same form twice: the same resident
    pid2 = entry.new_resident(COORD, net, token="b")
    assert net.table("persons").set_index("person_id").loc[pid2, "pseudonym"] == "Bewoner 4"
    own = entry.new_resident(COORD, net, token="c", pseudonym="Buurvrouw Lindelaan")
    assert net.table("persons").set_index("person_id").loc[own, "pseudonym"] == "Buurvrouw Lindelaan"


def test_two_sessions_adding_a_resident_at_once_get_two_numbers(net, store_url):
    net.apply(ChangeSet())
    stores = [open_store(store_url) for _ in range(2)]  # two processes' worth of connections to one file
    barrier = threading.Barrier(4)
    made: list[str] = []
    errors: list[BaseException] = []

    def add(i: int) -> None:
        try:
            barrier.wait()
            made.append(entry.new_resident(COORD, stores[i % 2], token=f"tok-{i}"))
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=add, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in stores:
        s.close()
    assert not errors
    pseudonyms = net.table("persons").set_index("person_id").loc[made, "pseudonym"]
    assert sorted(pseudonyms) == ["Bewoner 3", "Bewoner 4", "Bewoner 5", "Bewoner 6"]


def _with_lone_resident(store) -> tuple[str, str]:
    pid = entry.new_resident(MEHMET, store, token="n")
    aid = entry.record_meeting(MEHMET, store, token="m", kind="bewonersbijeenkomst", day=DAY, title="Buurtavond",
                               attendees=["p-mo", "r1", pid])
    return aid, pid


def test_lone_residents_are_those_without_another_activity(net):
    aid, pid = _with_lone_resident(net)
    # r1 also took part in other activities; the new resident only in this one.
    assert entry.lone_residents(MEHMET, net, aid) == [(pid, "Bewoner 3")]
    with pytest.raises(PermissionDenied):
        entry.lone_residents(CEM, net, aid)
    with pytest.raises(PermissionDenied):
        entry.lone_residents(BESTUURDER, net, aid)


def test_delete_activity_removes_the_chosen_lone_residents_in_one_go(net):
    aid, pid = _with_lone_resident(net)
    with pytest.raises(InputError, match="r1 is geen bewoner die alleen aan deze activiteit deelnam"):
        entry.delete_activity(MEHMET, net, aid, confirm=True, remove_residents=[pid, "r1"])
    assert aid in net.existing_ids("activities") and pid in net.existing_ids("persons")  # nothing deleted
    entry.delete_activity(MEHMET, net, aid, confirm=True, remove_residents=[pid])
    assert aid not in net.existing_ids("activities")
    assert pid not in net.existing_ids("persons")
    assert "r1" in net.existing_ids("persons")
    log = net.audit_events()
    assert log[["user_id", "target"]].values.tolist()[-2:] == [["mehmet", aid], ["mehmet", pid]]


def test_delete_activity_keeps_residents_unless_asked(net):
    aid, pid = _with_lone_resident(net)
    entry.delete_activity(COORD, net, aid, confirm=True)
    assert aid not in net.existing_ids("activities") and pid in net.existing_ids("persons")


def test_a_number_taken_meanwhile_is_given_up(net, monkeypatch):
    """Neo4j does not lock a read: a concurrent session can take the number this one read.
    Simulated by a stale first read ("Bewoner 1", held by r1): the new resident renumbers."""
    real = entry._next_resident_pseudonym
    reads = iter(["Bewoner 1"])
    monkeypatch.setattr(entry, "_next_resident_pseudonym", lambda store: next(reads, None) or real(store))
    pid = entry.new_resident(COORD, net, token="stale")
    persons = net.table("persons").set_index("person_id")
    assert persons.loc[pid, "pseudonym"] == "Bewoner 3" and persons.loc["r1", "pseudonym"] == "Bewoner 1"


def test_a_typed_buurt_name_is_stored_as_its_code(net):
    names = areas.area_names(COORD, net)
    assert areas.area_code(" schoolbuurt ", names) == BUURT and areas.area_code(BUURT, names) == BUURT
    assert areas.area_code("Bij de kerk", names) == "Bij de kerk" and areas.area_code(" ", names) is None
    aid = entry.record_straatgesprek(MEHMET, net, token="typed", day=DAY, buurt_code="Schoolbuurt",
                                     professionals=["p-mo"], themes=["groen"])
    row = net.table("activities").set_index("activity_id").loc[aid]
    assert (row["buurt_code"], row["title"]) == (BUURT, "Straatgesprek Schoolbuurt")
