"""The SQLite store at rest: owner-only files (also -wal and -shm), and an erased name is
overwritten in the file (secure_delete), also while another connection holds it open."""

from __future__ import annotations

import datetime as dt
import os
import stat

from netwerk.access import SYSTEM
from netwerk.bootstrap import open_store
from netwerk.domain import ChangeSet, Person
from netwerk.services.privacy import erase_person

NAME = "Wilhelmina Zeldzaamnaam"


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_store_files_are_created_owner_only_whatever_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "netwerk.sqlite"
        s = open_store(f"sqlite:///{path}")
        s.apply(ChangeSet(persons=[Person(person_id="r1", kind="resident", pseudonym="Bewoner 1")]))
        for f in (path, tmp_path / "netwerk.sqlite-wal", tmp_path / "netwerk.sqlite-shm"):
            assert f.exists() and _mode(f) == 0o600, (f.name, oct(_mode(f)))
        s.close()
    finally:
        os.umask(old)


def test_an_older_world_readable_store_is_tightened_when_opened(tmp_path):
    path = tmp_path / "oud.sqlite"
    open_store(f"sqlite:///{path}").close()
    path.chmod(0o644)
    open_store(f"sqlite:///{path}").close()
    assert _mode(path) == 0o600


def test_an_erased_name_leaves_no_trace_in_the_file_while_another_process_reads_it(tmp_path):
    path = tmp_path / "netwerk.sqlite"
    url = f"sqlite:///{path}"
    s = open_store(url)
    with s._connection() as conn:  # every pooled connection is set up alike
        assert conn.execute("PRAGMA secure_delete").fetchone() == (1,)
    s.apply(ChangeSet(persons=[
        Person(person_id="r1", kind="resident", pseudonym="Bewoner 1", display_name=NAME, consent_named=True,
               consent_date=dt.date(2025, 1, 1)),
        Person(person_id="r2", kind="resident", pseudonym="Bewoner 2"),
    ]))
    reader = open_store(url)  # a second dashboard keeps the file open (no checkpoint can finish early)
    assert "r1" in reader.existing_ids("persons")
    erase_person(SYSTEM, s, "r1")
    with s._connection() as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = b"".join(f.read_bytes() for f in tmp_path.iterdir() if f.name.startswith("netwerk.sqlite"))
    assert NAME.encode() not in data
    reader.close()
    s.close()
