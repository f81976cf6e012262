"""Store behaviour, written once and run against every store adapter.

The ``backend`` fixture (``tests/contract/conftest.py``) gives a fresh SQLite file or the
test session's Neo4j server, emptied and migrated, so every test here runs on both.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from netwerk.bootstrap import open_store
from netwerk.domain import (
    AMSTERDAM,
    Activity,
    ActivityTheme,
    ChangeSet,
    Knows,
    NotFoundError,
    Organisation,
    Participation,
    Person,
    Rating,
    SnapshotFilter,
    StoreError,
    SurveyRound,
    WorksFor,
)


def _network() -> ChangeSet:
    return ChangeSet(
        organisations=[
            Organisation(org_id="gem", name="Gemeente Raalte", sector="gemeente"),
            Organisation(org_id="wsv", name="Woonstichting De Vecht", sector="woningcorporatie"),
        ],
        persons=[
            Person(person_id="p1", kind="professional", display_name="Anna de Vries", role_title="opbouwwerker"),
            Person(person_id="p2", kind="professional", display_name="Bram Öztürk", role_title="woonconsulent"),
            Person(person_id="b1", kind="bestuurder", display_name="Carla Jansen"),
            Person(person_id="007", kind="resident", pseudonym="Bewoner 007", buurt_code="BU01770101"),
        ],
        works_for=[
            WorksFor(person_id="p1", org_id="gem"),
            WorksFor(person_id="b1", org_id="gem"),
            WorksFor(person_id="p2", org_id="wsv"),
        ],
        activities=[
            Activity(activity_id="a1", kind="bestuurdersoverleg", date=datetime(2025, 1, 15, 10, 0)),
            Activity(activity_id="a2", kind="straatgesprek", date=datetime(2025, 4, 2, 14, 0), buurt_code="BU01770101"),
            Activity(activity_id="a3", kind="professionalsoverleg", date=datetime(2025, 6, 30, 23, 30)),
        ],
        participations=[
            Participation(activity_id="a1", person_id="b1", role="organiser"),
            Participation(activity_id="a1", person_id="p1"),
            Participation(activity_id="a2", person_id="p1"),
            Participation(activity_id="a2", person_id="007"),
            Participation(activity_id="a3", person_id="p1"),
            Participation(activity_id="a3", person_id="p2"),
        ],
        activity_themes=[ActivityTheme(activity_id="a2", theme="groen")],
        knows=[Knows(from_id="p1", to_id="p2", source="gemeld", since=date(2025, 5, 1))],
        survey_rounds=[SurveyRound(round_id="r0", name="Nulmeting", date=date(2025, 2, 1))],
        ratings=[
            Rating(round_id="r0", rater_id="gem", rater_type="organisation", rated_id="wsv", rated_type="organisation",
                   reliability=3, mission=4, openness=2, himmelman_level=1),
        ],
    )


def test_migrations_are_recorded_and_idempotent(backend):
    from graph_schema.migrations import MIGRATIONS

    latest = max(m.version for m in MIGRATIONS)
    assert backend.schema_version() == latest
    assert backend.migrate() == []
    assert backend.schema_version() == latest


def test_apply_creates_then_reapply_changes_nothing(backend):
    first = backend.apply(_network())
    assert first.created["persons"] == 4
    assert first.created["participations"] == 6
    counts, version = backend.counts(), backend.data_version()
    before = backend.snapshot()
    again = backend.apply(_network())
    assert not again.changed
    assert backend.counts() == counts
    assert backend.data_version() == version
    after = backend.snapshot()
    assert after.persons.equals(before.persons)
    assert after.activities.equals(before.activities)


def test_update_changes_only_changed_rows(backend):
    backend.apply(_network())
    res = backend.apply(ChangeSet(persons=[Person(person_id="p1", kind="professional", display_name="Anna de Vries-Bos")]))
    assert res.created == {"persons": 0}
    assert res.updated == {"persons": 1}
    persons = backend.snapshot().persons.set_index("person_id")
    assert persons.loc["p1", "label"] == "Anna de Vries-Bos"


def test_failed_apply_writes_nothing(backend):
    backend.apply(_network())
    counts, version = backend.counts(), backend.data_version()
    bad = ChangeSet(
        persons=[Person(person_id="p9", kind="professional", display_name="Nieuw")],
        participations=[Participation(activity_id="bestaat-niet", person_id="p9")],
    )
    with pytest.raises(StoreError, match="niets opgeslagen"):
        backend.apply(bad)
    assert backend.counts() == counts
    assert backend.data_version() == version
    assert "p9" not in backend.existing_ids("persons")


@pytest.mark.parametrize("end", ["rater", "rated"])
def test_rating_of_an_unknown_person_is_refused_on_every_store(backend, end):
    backend.apply(_network())
    counts = backend.counts()
    ids = {"rater_id": "gem", "rated_id": "wsv", f"{end}_id": "onbekend"}
    types = {"rater_type": "organisation", "rated_type": "organisation", f"{end}_type": "person"}
    with pytest.raises(StoreError, match="niets opgeslagen"):
        backend.apply(ChangeSet(ratings=[Rating(round_id="r0", **ids, **types, reliability=2)]))
    assert backend.counts() == counts


def test_datetime_round_trips_exactly_across_dst(backend):
    # 02:30 on 26-10-2025 happens twice in Amsterdam; fold=1 is the second (CET, +01:00).
    second = datetime(2025, 10, 26, 2, 30, tzinfo=AMSTERDAM, fold=1)
    first = datetime(2025, 10, 26, 2, 30, tzinfo=AMSTERDAM, fold=0)
    backend.apply(ChangeSet(activities=[
        Activity(activity_id="x1", kind="overig", date=first),
        Activity(activity_id="x2", kind="overig", date=second),
    ]))
    acts = backend.snapshot().activities.set_index("activity_id")
    assert acts.loc["x1", "date"] == first
    assert acts.loc["x2", "date"] == second
    assert acts.loc["x2", "date"] - acts.loc["x1", "date"] == timedelta(hours=1)
    assert acts.loc["x1", "date"].utcoffset() == timedelta(hours=2)
    assert acts.loc["x2", "date"].utcoffset() == timedelta(hours=1)


def test_snapshot_period_is_inclusive_amsterdam_calendar_days(backend):
    backend.apply(_network())
    # a3 is 30-06-2025 23:30 Amsterdam = 21:30 UTC: inside a period ending 30-06.
    snap = backend.snapshot(SnapshotFilter(start=date(2025, 4, 1), end=date(2025, 6, 30)))
    assert sorted(snap.activities["activity_id"]) == ["a2", "a3"]
    assert sorted(snap.persons["person_id"]) == ["007", "p1", "p2"]
    assert len(snap.participations) == 4
    assert len(snap.knows) == 1
    assert snap.ratings.empty  # the round of 01-02-2025 lies outside the period
    q1 = backend.snapshot(SnapshotFilter(start=date(2025, 1, 1), end=date(2025, 3, 31)))
    assert list(q1.activities["activity_id"]) == ["a1"]
    assert sorted(q1.persons["person_id"]) == ["b1", "p1"]
    assert q1.knows.empty  # reported in May
    assert len(q1.ratings) == 1


@pytest.mark.parametrize(
    ("flt", "persons", "activities"),
    [
        (SnapshotFilter(person_kinds=("professional",)), ["p1", "p2"], ["a1", "a2", "a3"]),
        (SnapshotFilter(organisations=("wsv",)), ["p2"], ["a1", "a2", "a3"]),
        (SnapshotFilter(sectors=("gemeente",)), ["b1", "p1"], ["a1", "a2", "a3"]),
        (SnapshotFilter(activity_kinds=("straatgesprek",)), ["007", "p1"], ["a2"]),
        (SnapshotFilter(themes=("groen",)), ["007", "p1"], ["a2"]),
        (SnapshotFilter(buurten=("BU01770101",)), ["007", "p1"], ["a2"]),
    ],
)
def test_snapshot_filters(backend, flt, persons, activities):
    backend.apply(_network())
    snap = backend.snapshot(flt)
    assert sorted(snap.persons["person_id"]) == persons
    assert sorted(snap.activities["activity_id"]) == activities
    kept = set(snap.persons["person_id"])
    assert set(snap.participations["person_id"]) <= kept


def test_organisation_filter_keeps_people_working_for_it_beside_another_employer(backend):
    # p1 works for the gemeente (first employer by org_id) and also for the wsv.
    backend.apply(_network())
    backend.apply(ChangeSet(works_for=[WorksFor(person_id="p1", org_id="wsv")]))
    assert sorted(backend.snapshot(SnapshotFilter(organisations=("wsv",))).persons["person_id"]) == ["p1", "p2"]
    assert sorted(backend.snapshot(SnapshotFilter(sectors=("woningcorporatie",))).persons["person_id"]) == ["p1", "p2"]


def test_snapshot_persons_carry_organisation_and_pseudonym(backend):
    backend.apply(_network())
    p = backend.snapshot().persons.set_index("person_id")
    assert p.loc["p2", "org_id"] == "wsv"
    assert p.loc["p2", "sector"] == "woningcorporatie"
    assert p.loc["007", "label"] == "Bewoner 007"
    assert p.loc["007", "display_name"] is None
    assert p.loc["p2", "label"] == "Bram Öztürk"


def test_ids_with_leading_zeros_stay_text(backend):
    backend.apply(_network())
    assert "007" in backend.existing_ids("persons")


def test_erase_person_keeps_anonymous_count(backend):
    backend.apply(_network())
    backend.erase_person("p1")
    snap = backend.snapshot()
    assert "p1" not in set(snap.persons["person_id"])
    assert "p1" not in set(snap.participations["person_id"])
    assert snap.knows.empty
    acts = snap.activities.set_index("activity_id")
    assert acts.loc["a1", "anonymous_participants"] == 1
    assert acts.loc["a2", "anonymous_participants"] == 1
    with pytest.raises(NotFoundError):
        backend.erase_person("p1")


def test_table_returns_typed_rows_sorted_by_key(backend):
    backend.apply(_network())
    persons = backend.table("persons")
    assert list(persons["person_id"]) == ["007", "b1", "p1", "p2"]
    assert persons.set_index("person_id").loc["007", "display_name"] is None
    acts = backend.table("activities").set_index("activity_id")
    assert acts.loc["a3", "date"] == datetime(2025, 6, 30, 23, 30, tzinfo=AMSTERDAM)
    ratings = backend.table("ratings")
    assert (ratings.iloc[0]["reliability"], ratings.iloc[0]["mission"], ratings.iloc[0]["rater_type"]) == (3, 4, "organisation")
    assert list(backend.table("activity_themes").columns[:2]) == ["activity_id", "theme"]
    with pytest.raises(KeyError):
        backend.table("nonsense")


def test_rows_reads_only_the_rows_whose_column_is_in_values(backend):
    backend.apply(_network())
    table = backend.table("participations")
    parts = backend.rows("participations", "activity_id", ["a3", "a1", "nope"])
    # The same rows, columns, types and key order as table(), restricted.
    expected = table[table["activity_id"].isin(["a1", "a3"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(parts.reset_index(drop=True), expected)
    assert [tuple(r) for r in parts[["activity_id", "person_id"]].itertuples(index=False)] == [
        ("a1", "b1"), ("a1", "p1"), ("a3", "p1"), ("a3", "p2")]
    by_person = backend.rows("participations", "person_id", ["007"])
    assert list(zip(by_person["activity_id"], by_person["person_id"], strict=True)) == [("a2", "007")]
    persons = backend.rows("persons", "person_id", ["p2", "007"])
    assert list(persons["person_id"]) == ["007", "p2"]
    assert persons.iloc[0]["display_name"] is None and persons.iloc[1]["display_name"] == "Bram Öztürk"
    acts = backend.rows("activities", "activity_id", ["a3"])
    assert acts.iloc[0]["date"] == datetime(2025, 6, 30, 23, 30, tzinfo=AMSTERDAM)
    assert list(backend.rows("persons", "kind", ["professional"])["person_id"]) == ["p1", "p2"]
    assert list(backend.rows("knows", "source", ["gemeld"])["to_id"]) == ["p2"]
    # A rating's ends are persons or organisations: matched on either label's key.
    assert list(backend.rows("ratings", "rated_id", ["wsv"])["rater_id"]) == ["gem"]
    empty = backend.rows("participations", "activity_id", [])
    assert empty.empty and list(empty.columns) == list(table.columns)
    assert backend.rows("persons", "person_id", ["nobody"]).empty
    with pytest.raises(KeyError):
        backend.rows("nonsense", "x", ["a"])
    with pytest.raises(ValueError):
        backend.rows("activities", "date", ["2025-01-15"])


def test_rows_reads_more_values_than_one_sql_statement_takes(backend):
    many = [Person(person_id=f"r{i:04d}", kind="resident", pseudonym=f"Bewoner {i}") for i in range(1900)]
    backend.apply(ChangeSet(persons=many))
    wanted = [f"r{i:04d}" for i in range(1899, -1, -2)] + ["missing"]  # 950 ids, unsorted
    got = backend.rows("persons", "person_id", wanted)
    assert list(got["person_id"]) == sorted(wanted[:-1])
    assert list(got.index) == list(range(950))


def test_rows_inside_a_unit_of_work_sees_its_own_writes(backend):
    backend.apply(_network())
    with backend.unit_of_work():
        backend.apply(ChangeSet(participations=[Participation(activity_id="a3", person_id="007")]))
        assert list(backend.rows("participations", "activity_id", ["a3"])["person_id"]) == ["007", "p1", "p2"]


def test_delete_node_removes_its_relationships_and_ratings(backend):
    backend.apply(_network())
    v = backend.data_version()
    assert backend.delete("organisations", [("wsv",)]) == 1
    assert backend.data_version() > v
    assert "wsv" not in backend.existing_ids("organisations")
    assert backend.table("ratings").empty
    assert set(backend.table("works_for")["org_id"]) == {"gem"}
    assert backend.delete("participations", [("a3", "p2"), ("a3", "p1")]) == 2
    assert set(backend.table("participations")["activity_id"]) == {"a1", "a2"}


def test_apply_with_delete_is_one_transaction(backend):
    backend.apply(_network())
    v = backend.data_version()
    backend.apply(ChangeSet(participations=[Participation(activity_id="a3", person_id="b1")]),
                  delete={"participations": [("a3", "p2")], "activity_themes": [("a2", "groen")]})
    parts = backend.table("participations")
    assert sorted(parts[parts["activity_id"] == "a3"]["person_id"]) == ["b1", "p1"]
    assert backend.table("activity_themes").empty
    assert backend.data_version() > v
    # A missing key in delete: neither the upsert nor the other deletions are written.
    before, v = backend.counts(), backend.data_version()
    with pytest.raises(NotFoundError, match="zzz"):
        backend.apply(ChangeSet(participations=[Participation(activity_id="a1", person_id="p2")]),
                      delete={"participations": [("a3", "p1"), ("a3", "zzz")]})
    assert backend.counts() == before and backend.data_version() == v


def test_delete_unknown_key_deletes_nothing(backend):
    backend.apply(_network())
    before = backend.counts()
    with pytest.raises(NotFoundError, match="zzz"):
        backend.delete("persons", [("p1",), ("zzz",)])
    assert backend.counts() == before


def test_sqlite_file_has_foreign_keys_and_wal(tmp_path):
    path = tmp_path / "w.sqlite"
    open_store(f"sqlite:///{path}").close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT version, name FROM schema_migrations").fetchall()[0] == (1, "initial_schema")
    fks = conn.execute("PRAGMA foreign_key_list(participation)").fetchall()
    assert {r[2] for r in fks} == {"person", "activity"}


# --- accounts and audit log (issue 6) ---------------------------------------------------


def test_users_upsert_get_and_list(backend):
    from netwerk.store.records import USER_COLUMNS, UserAccount

    assert backend.upsert_user(UserAccount(user_id="anna", role="professional", display_name="Anna", person_id="p1",
                                           password_hash="$argon2id$x")) is True
    assert backend.upsert_user(UserAccount(user_id="carla", role="bestuurder")) is True
    version = backend.data_version()
    assert backend.upsert_user(UserAccount(user_id="anna", role="coordinator", display_name="Anna",
                                           password_hash="$argon2id$y", active=False)) is False
    assert backend.data_version() == version  # accounts are not network data
    anna = backend.get_user("anna")
    assert (anna.role, anna.person_id, anna.password_hash, anna.active) == ("coordinator", None, "$argon2id$y", False)
    assert backend.get_user("niemand") is None
    listing = backend.users()
    assert tuple(listing.columns) == USER_COLUMNS
    assert "password_hash" not in listing.columns
    assert list(listing["user_id"]) == ["anna", "carla"]
    assert list(listing["active"]) == [False, True]
    assert listing.loc[0, "created_at"].tzinfo is not None
    assert backend.snapshot().persons.empty  # accounts never show up in the network


def test_record_sign_in_counts_failures_and_resets(backend):
    from netwerk.store.records import UserAccount

    backend.upsert_user(UserAccount(user_id="anna", role="professional"))
    t1 = datetime(2025, 3, 1, 9, 0, tzinfo=AMSTERDAM)
    t2 = t1 + timedelta(seconds=5)
    assert backend.record_sign_in("anna", False, t1) == 1
    assert backend.record_sign_in("anna", False, t2) == 2
    anna = backend.get_user("anna")
    assert anna.failed_attempts == 2 and anna.last_failed_at == t2
    assert backend.record_sign_in("anna", True, t2) == 0
    assert backend.get_user("anna").last_failed_at is None
    with pytest.raises(NotFoundError):
        backend.record_sign_in("niemand", False, t1)


def test_audit_log_is_append_only_and_newest_first(backend):
    from netwerk.store.records import AUDIT_COLUMNS, AuditEvent

    t0 = datetime(2025, 3, 1, 9, 0, tzinfo=AMSTERDAM)
    version = backend.data_version()
    for i, action in enumerate(["sign_in", "view", "export"]):
        backend.append_audit(AuditEvent(event_id=f"e{i}", at=t0 + timedelta(minutes=i), user_id="anna",
                                        role="coordinator", action=action, target="p1" if action == "export" else None))
    assert backend.data_version() == version  # auditing never invalidates caches
    events = backend.audit_events()
    assert tuple(events.columns) == AUDIT_COLUMNS
    assert list(events["action"]) == ["export", "view", "sign_in"]
    assert events.loc[0, "at"] == t0 + timedelta(minutes=2)
    assert events.loc[0, "target"] == "p1" and events.loc[1, "target"] is None
    assert list(backend.audit_events(limit=2)["event_id"]) == ["e2", "e1"]
    assert list(backend.audit_events(since=t0 + timedelta(minutes=1))["event_id"]) == ["e2", "e1"]
    with pytest.raises(StoreError):
        backend.append_audit(AuditEvent(event_id="e0", user_id="x", action="view"))  # ids are never reused
    assert not hasattr(backend, "delete_audit") and not hasattr(backend, "update_audit")


def test_sqlite_audit_table_refuses_update_and_delete(tmp_path):
    from netwerk.store.records import AuditEvent

    path = tmp_path / "a.sqlite"
    s = open_store(f"sqlite:///{path}")
    s.append_audit(AuditEvent(event_id="e1", user_id="anna", action="view"))
    s.close()
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="auditlog"):
        conn.execute("UPDATE audit_log SET user_id = 'iemand anders'")
    with pytest.raises(sqlite3.DatabaseError, match="auditlog"):
        conn.execute("DELETE FROM audit_log")
    assert conn.execute("SELECT user_id FROM audit_log").fetchall() == [("anna",)]
