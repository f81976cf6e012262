"""The audit log is a hash chain on both stores: appends link up (also in parallel),
``netwerk audit verify`` finds every change made around the application, and SQLite
refuses INSERT OR REPLACE."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import neo4j
import pytest
from typer.testing import CliRunner

from netwerk.access import SYSTEM
from netwerk.bootstrap import open_store
from netwerk.cli import app
from netwerk.domain import AMSTERDAM, StoreError
from netwerk.services.audit import verify_chain
from netwerk.store.records import AUDIT_CHAIN_COLUMNS, GENESIS_HASH, AuditEvent

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=AMSTERDAM)


def _fill(store, n: int = 4) -> None:
    for i in range(n):
        store.append_audit(AuditEvent(event_id=f"e{i}", at=T0 + timedelta(minutes=i), user_id="anna",
                                      role="coordinator", action="view", target=f"pagina-{i}"))


def test_each_entry_is_sha256_of_previous_hash_and_canonical_entry(backend):
    _fill(backend, 3)
    chain = backend.audit_chain()
    assert tuple(chain.columns) == AUDIT_CHAIN_COLUMNS
    assert list(chain["seq"]) == [1, 2, 3]
    assert chain.loc[0, "prev_hash"] == GENESIS_HASH
    assert list(chain["prev_hash"][1:]) == list(chain["hash"][:-1])
    # Recomputed here by hand, independent of chain_hash.
    canonical = json.dumps({"event_id": "e0", "at": "2025-03-01T08:00:00.000000Z", "user_id": "anna",
                            "role": "coordinator", "action": "view", "target": "pagina-0", "detail": None},
                           sort_keys=True, separators=(",", ":"))
    assert chain.loc[0, "hash"] == hashlib.sha256(f"{GENESIS_HASH}\n{canonical}".encode()).hexdigest()
    report = verify_chain(SYSTEM, backend)
    assert report.ok and report.entries == 3 and report.unchecked == 0
    assert report.head == chain.loc[2, "hash"]


def test_parallel_appends_make_one_unbroken_chain(backend):
    def append(i: int) -> None:
        s = open_store(backend.url)
        try:
            for j in range(5):
                s.append_audit(AuditEvent(user_id=f"w{i}", action="view", target=str(j)))
        finally:
            s.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(append, range(4)))
    chain = backend.audit_chain()
    assert list(chain["seq"]) == list(range(1, 21))
    report = verify_chain(SYSTEM, backend)
    assert report.ok, report.problems
    assert report.entries == 20


def test_verify_finds_a_changed_and_a_removed_entry_on_neo4j(neo4j_url):
    s = open_store(neo4j_url)
    _fill(s, 4)
    with neo4j.GraphDatabase.driver(neo4j_url, auth=None) as d:
        d.execute_query("MATCH (e:AuditEvent {event_id: 'e1'}) SET e.user_id = 'iemand anders'")
        report = verify_chain(SYSTEM, s)
        assert report.problems == ["Regel 2 (01-03-2025 09:01:00) is gewijzigd: de inhoud past niet bij de hash."]
        d.execute_query("MATCH (e:AuditEvent {event_id: 'e2'}) DELETE e")
    report = verify_chain(SYSTEM, s)
    assert report.problems == [
        "Regel 2 (01-03-2025 09:01:00) is gewijzigd: de inhoud past niet bij de hash.",
        "Regel 3 ontbreekt of staat niet op zijn plaats (gevonden: regel 4).",
        "Regel 4 (01-03-2025 09:03:00) sluit niet aan op de regel ervoor.",
    ]


def _tampered_sqlite(tmp_path, sql: str):
    path = tmp_path / "a.sqlite"
    s = open_store(f"sqlite:///{path}")
    _fill(s, 4)
    s.close()
    conn = sqlite3.connect(path)
    for trigger in ("audit_log_no_update", "audit_log_no_delete", "audit_log_append_only"):
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute(sql)
    conn.commit()
    conn.close()
    return path


def test_sqlite_refuses_insert_or_replace_and_out_of_chain_inserts(tmp_path):
    path = tmp_path / "a.sqlite"
    s = open_store(f"sqlite:///{path}")
    _fill(s, 2)
    row = s.audit_chain().iloc[1]
    s.close()
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="auditlog kan alleen worden aangevuld"):
        conn.execute(
            "INSERT OR REPLACE INTO audit_log (event_id, at, at_utc, user_id, role, action, target, detail, seq, "
            "prev_hash, hash) VALUES ('e1', ?, ?, 'iemand anders', 'coordinator', 'view', NULL, NULL, 2, ?, ?)",
            (row["at"].isoformat(), "2025-03-01T08:01:00.000000Z", row["prev_hash"], row["hash"]),
        )
    with pytest.raises(sqlite3.DatabaseError, match="auditlog kan alleen worden aangevuld"):
        conn.execute("REPLACE INTO audit_log (event_id, at, at_utc, user_id, action) VALUES ('e0', 'x', 'x', 'x', 'x')")
    with pytest.raises(sqlite3.DatabaseError, match="auditlog kan alleen worden aangevuld"):  # a link that does not fit
        conn.execute("INSERT INTO audit_log (event_id, at, at_utc, user_id, action, seq, prev_hash, hash) "
                     f"VALUES ('e9', 'x', 'x', 'x', 'x', 3, '{GENESIS_HASH}', '{'1' * 64}')")
    assert conn.execute("SELECT event_id, user_id FROM audit_log ORDER BY seq").fetchall() == [("e0", "anna"), ("e1", "anna")]
    conn.close()
    with pytest.raises(StoreError):  # and through the adapter: an event_id is never reused
        open_store(f"sqlite:///{path}").append_audit(AuditEvent(event_id="e0", user_id="x", action="view"))


@pytest.mark.parametrize(("sql", "problems"), [
    ("UPDATE audit_log SET detail = 'niets gezien' WHERE event_id = 'e1'",
     ["Regel 2 (01-03-2025 09:01:00) is gewijzigd: de inhoud past niet bij de hash."]),
    ("DELETE FROM audit_log WHERE event_id = 'e3'", []),  # the newest entry: only the noted head shows it
    ("DELETE FROM audit_log WHERE event_id = 'e1'",
     ["Regel 2 ontbreekt of staat niet op zijn plaats (gevonden: regel 3).",
      "Regel 3 (01-03-2025 09:02:00) sluit niet aan op de regel ervoor.",
      "Regel 3 ontbreekt of staat niet op zijn plaats (gevonden: regel 4)."]),
    ("INSERT OR REPLACE INTO audit_log (event_id, at, at_utc, user_id, role, action, target, detail, seq, prev_hash, hash) "
     "SELECT event_id, at, at_utc, 'iemand anders', role, action, target, detail, seq, prev_hash, hash "
     "FROM audit_log WHERE event_id = 'e2'",
     ["Regel 3 (01-03-2025 09:02:00) is gewijzigd: de inhoud past niet bij de hash."]),
    ("INSERT INTO audit_log (event_id, at, at_utc, user_id, action) "
     "VALUES ('x', '2025-03-01T10:00:00+01:00', '2025-03-01T09:00:00.000000Z', 'inbreker', 'view')",
     ["Regel x (01-03-2025 10:00:00) staat buiten de keten."]),
])
def test_verify_finds_tampering_around_the_triggers(tmp_path, sql, problems):
    path = _tampered_sqlite(tmp_path, sql)
    report = verify_chain(SYSTEM, open_store(f"sqlite:///{path}"))
    assert report.problems == problems


def test_netwerk_audit_verify_says_so_in_dutch_and_exits_1_on_a_broken_chain(tmp_path):
    runner = CliRunner()
    good = tmp_path / "goed.sqlite"
    _fill(open_store(f"sqlite:///{good}"), 3)
    result = runner.invoke(app, ["--store", f"sqlite:///{good}", "audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "Het auditlog klopt: 3 regels gecontroleerd." in result.output

    bad = _tampered_sqlite(tmp_path, "UPDATE audit_log SET user_id = 'iemand anders' WHERE event_id = 'e0'")
    result = runner.invoke(app, ["--store", f"sqlite:///{bad}", "audit", "verify"])
    assert result.exit_code == 1
    assert "Het auditlog is aangetast: 1 fout in 4 regels." in result.output
    assert "Regel 1 (01-03-2025 09:00:00) is gewijzigd" in result.output


def test_netwerk_audit_verify_on_neo4j(neo4j_url):
    s = open_store(neo4j_url)
    _fill(s, 2)
    result = CliRunner().invoke(app, ["--store", neo4j_url, "audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "Het auditlog klopt: 2 regels gecontroleerd." in result.output
