"""kill -9 of ``netwerk import``, ``netwerk privacy erase`` and ``netwerk privacy purge``
at many moments of their run, on a real SQLite file: afterwards the store holds either
nothing of the run or all of it, and all of it always with its audit entry;
``PRAGMA integrity_check`` is ok."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netwerk.bootstrap import open_store
from netwerk.domain import AMSTERDAM, Activity, ChangeSet, Participation, Person

NETWERK = [sys.executable, "-m", "netwerk.cli"]
RESIDENTS = 500
IMPORT_ORGS = 40_000
FRACTIONS = (0.35, 0.5, 0.65, 0.8, 0.9, 0.97)


def _env(db: Path) -> dict[str, str]:
    return {**os.environ, "NETWERK_STORE_URL": f"sqlite:///{db}", "NETWERK_USER": "tester"}


def _copy(src: Path, dst: Path) -> Path:
    shutil.copy(src, dst)
    return dst


def purge_base() -> ChangeSet:
    """RESIDENTS residents whose only contact was one straatgesprek in 2020 (all due for the purge)."""
    when = dt.datetime(2020, 3, 1, 10, 0, tzinfo=AMSTERDAM)
    return ChangeSet(
        persons=[Person(person_id=f"r{i:05d}", kind="resident", pseudonym=f"Bewoner {i}") for i in range(RESIDENTS)],
        activities=[Activity(activity_id="a1", kind="straatgesprek", date=when, buurt_code="BU1", title="Gesprek")],
        participations=[Participation(activity_id="a1", person_id=f"r{i:05d}", role="participant") for i in range(RESIDENTS)],
    )


def _base(tmp_path: Path) -> Path:
    """A store with RESIDENTS residents whose only contact was in 2020 (all due for the purge)."""
    db = tmp_path / "base.sqlite"
    s = open_store(f"sqlite:///{db}")
    s.apply(purge_base())
    s.close()
    with sqlite3.connect(db) as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


def _state(db: Path) -> dict:
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        audit = dict(c.execute("SELECT action, COUNT(*) FROM audit_log GROUP BY action").fetchall())
        persons = c.execute("SELECT COUNT(*) FROM person").fetchone()[0]
        orgs = c.execute("SELECT COUNT(*) FROM organisation").fetchone()[0]
        anonymous = c.execute("SELECT COALESCE(SUM(anonymous_participants), 0) FROM activity").fetchone()[0]
    return {"audit": audit, "persons": persons, "orgs": orgs, "anonymous": anonymous}


def _run(cmd: list[str], db: Path, kill_after: float | None) -> float:
    """Run ``cmd`` on ``db``; kill -9 it after ``kill_after`` seconds (None: let it finish).
    Returns the seconds it ran."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=_env(db), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if kill_after is None:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
    else:
        kill_after_seconds(p, kill_after)
    return time.monotonic() - t0


def kill_after_seconds(p: subprocess.Popen, seconds: float) -> None:
    """Let ``p`` run ``seconds`` seconds, then kill -9 it (if it has not finished by then)."""
    try:
        p.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.kill(p.pid, signal.SIGKILL)
        p.wait(timeout=30)


def _kill_at_moments(tmp_path: Path, base: Path, cmd: list[str], name: str) -> list[dict]:
    full = _run(cmd, _copy(base, tmp_path / f"{name}-full.sqlite"), None)
    states = [_state(tmp_path / f"{name}-full.sqlite")]
    for k, frac in enumerate(FRACTIONS):
        db = _copy(base, tmp_path / f"{name}-{k}.sqlite")
        _run(cmd, db, full * frac)
        states.append(_state(db))
    return states


@pytest.fixture
def base(tmp_path):
    return _base(tmp_path)


def test_import_killed_at_any_moment_is_all_or_nothing_with_its_audit_entry(tmp_path, base):
    csv = tmp_path / "organisaties.csv"
    csv.write_text("org_id;name;sector\n" + "".join(f"o{i:06d};Organisatie {i};overig\n" for i in range(IMPORT_ORGS)))
    states = _kill_at_moments(tmp_path, base, [*NETWERK, "import", str(csv)], "import")
    assert states[0]["orgs"] == IMPORT_ORGS and states[0]["audit"].get("import") == 1
    for s in states:
        assert (s["orgs"], s["audit"].get("import", 0)) in ((0, 0), (IMPORT_ORGS, 1)), s
    assert any(s["orgs"] == 0 for s in states), "geen enkele kill viel vóór de commit"


def test_purge_killed_at_any_moment_is_all_or_nothing_with_its_audit_entries(tmp_path, base):
    cmd = [*NETWERK, "privacy", "purge", "--older-than", "1", "--yes"]
    states = _kill_at_moments(tmp_path, base, cmd, "purge")
    assert states[0]["persons"] == 0 and states[0]["audit"] == {"erase": RESIDENTS, "purge": 1}
    for s in states:
        nothing = {"persons": RESIDENTS, "anonymous": 0, "audit": {}}
        everything = {"persons": 0, "anonymous": RESIDENTS, "audit": {"erase": RESIDENTS, "purge": 1}}
        assert {k: s[k] for k in nothing} in (nothing, everything), s
    assert any(s["persons"] == RESIDENTS for s in states), "geen enkele kill viel vóór de commit"


def test_erase_killed_at_any_moment_is_all_or_nothing_with_its_audit_entry(tmp_path, base):
    states = _kill_at_moments(tmp_path, base, [*NETWERK, "privacy", "erase", "r00007", "--yes"], "erase")
    assert states[0]["persons"] == RESIDENTS - 1 and states[0]["audit"] == {"erase": 1}
    for s in states:
        assert (s["persons"], s["anonymous"], s["audit"]) in (
            (RESIDENTS, 0, {}), (RESIDENTS - 1, 1, {"erase": 1})), s
