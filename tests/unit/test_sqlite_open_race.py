"""Several sessions open a new SQLite store at the same moment: each migration is applied
once, by whichever gets there first, and every opening succeeds."""

from __future__ import annotations

import threading

from graph_schema.migrations import MIGRATIONS
from netwerk.bootstrap import open_store


def test_stores_opened_at_once_on_a_new_file_all_succeed(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    start, errors, stores = threading.Barrier(6), [], []

    def opener():
        start.wait()
        try:
            stores.append(open_store(url))
        except Exception as e:  # collected and shown below
            errors.append(repr(e))

    threads = [threading.Thread(target=opener) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert len(stores) == 6 and {s.schema_version() for s in stores} == {MIGRATIONS[-1].version}
    assert stores[0].table("themes").shape[0] > 0  # the seed rows of migration 1, once
    for s in stores:
        s.close()
