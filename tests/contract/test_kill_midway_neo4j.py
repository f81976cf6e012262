"""kill -9 of ``netwerk import``, ``netwerk privacy erase`` and ``netwerk privacy purge``
at a few moments of their run, on the real Neo4j test server (the Neo4j twin of
:mod:`tests.unit.test_kill_midway`).

The killed process leaves an open transaction on a dropped Bolt connection; the server
must roll it back. After each kill the test waits until the server lists no transaction
but its own, then checks that the database holds either nothing of the run or all of it
(all of it always with its audit entries), and that ``netwerk audit verify`` passes.
Three moments per operation (one of them: while its transaction is open on the server) keep
the runtime bounded; the uninterrupted run's duration
is printed (``-s``) so the size of the one big purge transaction is on record.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

from netwerk.bootstrap import open_store
from netwerk.store.neo4j import Neo4jStore, clear_database
from tests.unit.test_kill_midway import IMPORT_ORGS, NETWERK, RESIDENTS, kill_after_seconds, purge_base

OPEN = "open"
"""The kill moment 'as soon as the server runs a write query of the client': inside its
transaction, before the commit, whatever the machine's load."""
MOMENTS = (OPEN, 0.5, 0.85)
ROLLBACK_WAIT = 60.0


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "NETWERK_STORE_URL": url, "NETWERK_USER": "tester"}


def _reset(url: str) -> None:
    """Empty the database and load the base: RESIDENTS residents whose only contact was
    in 2020 (all due for the purge), no audit entries."""
    clear_database(url)
    s = open_store(url)
    s.apply(purge_base())
    s.close()


def _transactions(store: Neo4jStore, writing: bool = False) -> dict[str, float]:
    """The transactions open on the server other than the one asking, with the seconds
    each has been open; with ``writing`` only those running a write query now."""
    rows = store._read("SHOW TRANSACTIONS YIELD transactionId, currentQuery, elapsedTime "
                       "WHERE NOT currentQuery STARTS WITH 'SHOW TRANSACTIONS' "
                       "AND (NOT $writing OR currentQuery =~ '(?s).*(MERGE|CREATE|SET |DELETE).*') "
                       "RETURN transactionId, elapsedTime.milliseconds AS ms", writing=writing)
    return {r["transactionId"]: r["ms"] / 1000 for r in rows}


def _wait_rolled_back(url: str) -> float:
    """Wait until the server has no transaction open but this one (the killed client's
    transaction has been rolled back). Returns the seconds waited."""
    store = Neo4jStore(url)
    t0 = time.monotonic()
    while (left := list(_transactions(store))):
        assert time.monotonic() - t0 < ROLLBACK_WAIT, f"transactie van de gedode client na {ROLLBACK_WAIT}s nog open: {left}"
        time.sleep(0.1)
    return time.monotonic() - t0


def _state(url: str) -> dict:
    store = Neo4jStore(url)
    counts = store.counts()
    anonymous = store._read("MATCH (a:Activity) RETURN coalesce(sum(a.anonymous_participants), 0) AS n")[0]["n"]
    audit = dict(Counter(store.audit_events()["action"]))
    verify = subprocess.run([*NETWERK, "audit", "verify"], env=_env(url), capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0, verify.stderr
    return {"audit": audit, "persons": counts["persons"], "orgs": counts["organisations"], "anonymous": int(anonymous)}


def _longest_transaction(cmd: list[str], url: str) -> tuple[float, float]:
    """Run ``cmd`` to its end while watching the server. Returns the seconds it ran and the
    longest time (seconds) one of its transactions was seen open."""
    watcher = Neo4jStore(url)
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=_env(url), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    longest = 0.0
    while p.poll() is None:
        longest = max([longest, *_transactions(watcher).values()])
        time.sleep(0.05)
    assert p.returncode == 0, p.stderr.read().decode()
    return time.monotonic() - t0, longest


def _run(cmd: list[str], url: str, kill_after: float | str | None) -> float:
    """Run ``cmd`` on the server; kill -9 it after ``kill_after`` seconds, or with
    :data:`OPEN` as soon as the server runs one of its write queries (None: let it
    finish). Returns the seconds it ran."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=_env(url), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if kill_after is None:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err.decode()
    elif kill_after == OPEN:
        watcher = Neo4jStore(url)
        while p.poll() is None and not _transactions(watcher, writing=True):
            time.sleep(0.05)
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
        p.wait(timeout=30)
    else:
        kill_after_seconds(p, kill_after)
    return time.monotonic() - t0


def _kill_at_moments(url: str, cmd: list[str], name: str) -> list[dict]:
    _reset(url)
    _run(cmd, url, None)  # warm-up: the first run on a fresh server is much slower
    _reset(url)
    full, longest = _longest_transaction(cmd, url)
    print(f"\n{name}: ononderbroken run {full:.1f}s op Neo4j, langste transactie {longest:.1f}s")
    states = [_state(url)]
    for moment in MOMENTS:
        _reset(url)
        ran = _run(cmd, url, moment if moment == OPEN else full * moment)
        waited = _wait_rolled_back(url)
        states.append(_state(url))
        print(f"{name}: kill ({moment}) na {ran:.1f}s, server klaar na {waited:.1f}s: {states[-1]}")
    return states


def test_import_killed_on_neo4j_is_all_or_nothing_with_its_audit_entry(neo4j_url, tmp_path: Path):
    csv = tmp_path / "organisaties.csv"
    csv.write_text("org_id;name;sector\n" + "".join(f"o{i:06d};Organisatie {i};overig\n" for i in range(IMPORT_ORGS)))
    states = _kill_at_moments(neo4j_url, [*NETWERK, "import", str(csv)], "import")
    assert states[0]["orgs"] == IMPORT_ORGS and states[0]["audit"].get("import") == 1
    for s in states:
        assert (s["orgs"], s["audit"].get("import", 0)) in ((0, 0), (IMPORT_ORGS, 1)), s
    assert any(s["orgs"] == 0 for s in states), "geen enkele kill viel vóór de commit"


def test_purge_killed_on_neo4j_is_all_or_nothing_with_its_audit_entries(neo4j_url):
    cmd = [*NETWERK, "privacy", "purge", "--older-than", "1", "--yes"]
    states = _kill_at_moments(neo4j_url, cmd, "purge")
    assert states[0]["persons"] == 0 and states[0]["audit"] == {"erase": RESIDENTS, "purge": 1}
    nothing = {"persons": RESIDENTS, "anonymous": 0, "audit": {}}
    everything = {"persons": 0, "anonymous": RESIDENTS, "audit": {"erase": RESIDENTS, "purge": 1}}
    for s in states:
        assert {k: s[k] for k in nothing} in (nothing, everything), s
    assert any(s["persons"] == RESIDENTS for s in states), "geen enkele kill viel vóór de commit"


def test_erase_killed_on_neo4j_is_all_or_nothing_with_its_audit_entry(neo4j_url):
    states = _kill_at_moments(neo4j_url, [*NETWERK, "privacy", "erase", "r00007", "--yes"], "erase")
    assert states[0]["persons"] == RESIDENTS - 1 and states[0]["audit"] == {"erase": 1}
    for s in states:
        assert (s["persons"], s["anonymous"], s["audit"]) in (
            (RESIDENTS, 0, {}), (RESIDENTS - 1, 1, {"erase": 1})), s
