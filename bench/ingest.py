"""Ingest benchmark on both stores: ``python -m bench.ingest`` (one command).

The demo neighbourhood (seeds/demo) is scaled to at least ``--participations`` rows
(default 100,000) by copying it with suffixed ids (``p01~7``), so every node and
relationship kind grows alike. Measured in one run, on one machine:

- batched writes: ``Store.apply`` of the whole scaled ChangeSet into an empty store
  (SQLite: ``executemany`` upserts; Neo4j: ``UNWIND $rows`` batches of 5,000 in one
  managed transaction), in rows per second;
- the per-row baselines on Neo4j: one ``MERGE`` statement per participation row, all in
  one transaction, and each in a transaction of its own (what naive code does), on
  ``--baseline-rows`` participations, against the batched adapter on exactly those rows;
- snapshot reads: ``Store.snapshot()`` of everything, in records per second.

Prints medians of ``--repeat`` runs and the ratios. A Neo4j server is started (and
stopped) for the run with a 2 GB heap (``--heap``): ``apply`` writes everything in one
transaction, and 177,000 rows need more than the 512 MB test server's transaction memory
(``dbms.memory.transaction.total.max``). ``--neo4j-url`` uses an existing server instead
(its database is emptied).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path

from netwerk.access import SYSTEM
from netwerk.bootstrap import open_store
from netwerk.domain import ChangeSet
from netwerk.services.copying import read_changeset
from netwerk.services.seeding import seed
from netwerk.store.base import CHANGESET_SCHEMA

__all__ = ["main", "scaled_demo"]

# Columns holding ids of other entities, per field (renamed with the same suffix).
_ID_COLUMNS = {"person_id", "org_id", "group_id", "activity_id", "round_id", "asset_id", "commitment_id",
               "from_id", "to_id", "rater_id", "rated_id", "owner_id"}


def scaled_demo(min_participations: int, tmp: Path) -> ChangeSet:
    """The demo ChangeSet copied ``k`` times (ids suffixed ``~i``) to reach ``min_participations``.

    Themes and areas (shared vocabularies) are not copied.
    """
    s = open_store(f"sqlite:///{tmp / 'demo.sqlite'}")
    seed(s, "demo")
    base = read_changeset(SYSTEM, s)
    s.close()
    copies = -(-min_participations // len(base.participations))
    out = ChangeSet()
    for f in fields(ChangeSet):
        rows = getattr(base, f.name)
        if f.name in ("themes", "areas") or not rows:
            setattr(out, f.name, list(rows))
            continue
        scaled = []
        for i in range(copies):
            for m in rows:
                upd = {c: f"{getattr(m, c)}~{i}" for c in _ID_COLUMNS if c in type(m).model_fields and getattr(m, c)}
                scaled.append(m.model_copy(update=upd))
        setattr(out, f.name, scaled)
    return out


def _rows(cs: ChangeSet) -> int:
    return sum(len(getattr(cs, f)) for f in CHANGESET_SCHEMA)


def _median(fn: Callable[[], float], repeat: int) -> float:
    return statistics.median(fn() for _ in range(repeat))


def _clear_neo4j(url: str) -> None:
    import neo4j

    with neo4j.GraphDatabase.driver(url, auth=None, notifications_min_severity="OFF") as d, d.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def _timed_apply(open_empty: Callable[[], object], cs: ChangeSet) -> float:
    store = open_empty()
    t0 = time.perf_counter()
    store.apply(cs)
    dt = time.perf_counter() - t0
    store.close()
    return dt


def _timed_snapshot(store) -> float:
    t0 = time.perf_counter()
    store.snapshot()
    return time.perf_counter() - t0


_MERGE_ONE = ("MATCH (a:Person {person_id: $p}) MATCH (b:Activity {activity_id: $a}) "
              "MERGE (a)-[r:PARTICIPATED]->(b) SET r.role = $role")


def _per_row_merge(url: str, cs: ChangeSet, tx_per_row: bool = False) -> float:
    """Per-row baseline: one MERGE statement per participation (nodes already there), all in
    one transaction, or (``tx_per_row``) each in a transaction of its own as naive code does."""
    import neo4j

    rows = [(p.person_id, p.activity_id, p.role) for p in cs.participations]
    with neo4j.GraphDatabase.driver(url, auth=None, notifications_min_severity="OFF") as d, d.session() as session:
        def one(tx, person, activity, role):
            tx.run(_MERGE_ONE, p=person, a=activity, role=role).consume()

        def all_rows(tx):
            for row in rows:
                one(tx, *row)

        t0 = time.perf_counter()
        if tx_per_row:
            for row in rows:
                session.execute_write(one, *row)
        else:
            session.execute_write(all_rows)
        return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print medians, rates and ratios."""
    ap = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__.split("\n\n")[0])
    ap.add_argument("--participations", type=int, default=100_000)
    ap.add_argument("--baseline-rows", type=int, default=5_000, help="participations in the per-row MERGE baseline")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--neo4j-url", help="an existing server (emptied!); default: start one with --heap")
    ap.add_argument("--heap", default="2g", help="heap of the server started for the run (one transaction holds all rows)")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        cs = scaled_demo(args.participations, tmp)
        n = _rows(cs)
        print(f"Geschaalde demo: {len(cs.participations):,} deelnames, {len(cs.persons):,} personen, {n:,} rijen in totaal.")
        server = None
        url = args.neo4j_url
        if not url:
            from netwerk import neo4j_server

            server = neo4j_server.start(tmp / "neo4j", settings={"server.memory.heap.max_size": args.heap,
                                                                 "server.memory.heap.initial_size": args.heap})
            url = server.url
        try:
            counter = iter(range(10**6))

            def sqlite_empty():
                return open_store(f"sqlite:///{tmp / f'bench{next(counter)}.sqlite'}")

            def neo4j_empty():
                _clear_neo4j(url)
                return open_store(url)

            results = {}
            for name, open_empty in (("sqlite", sqlite_empty), ("neo4j", neo4j_empty)):
                write = _median(lambda open_empty=open_empty: _timed_apply(open_empty, cs), args.repeat)
                store = open_empty()  # and fill it once more for the reads
                store.apply(cs)
                snap = store.snapshot()
                records = sum(len(getattr(snap, f)) for f in ("organisations", "persons", "groups", "activities",
                                                               "participations", "activity_themes", "themes", "works_for",
                                                               "memberships", "knows", "ratings", "survey_rounds"))
                read = _median(lambda store=store: _timed_snapshot(store), args.repeat)
                store.close()
                results[name] = (write, read, records)
                print(f"{name:7} batched apply {write:8.2f} s  {n / write:10,.0f} rows/s   "
                      f"snapshot {read:6.2f} s  {records / read:10,.0f} records/s")

            # Like for like on Neo4j: the same participations, per-row MERGE against UNWIND batches.
            sub = replace(ChangeSet(), participations=cs.participations[: args.baseline_rows])
            nodes = replace(ChangeSet(), persons=cs.persons, activities=cs.activities)

            def prepared():
                _clear_neo4j(url)
                s = open_store(url)
                s.apply(nodes)
                return s

            def per_row(tx_per_row: bool = False):
                prepared().close()
                return _per_row_merge(url, sub, tx_per_row)

            base = _median(per_row, args.repeat)
            naive = _median(lambda: per_row(True), args.repeat)
            batched = _median(lambda: _timed_apply(prepared, sub), args.repeat)
            k = len(sub.participations)
            print(f"neo4j   {k:,} deelnames: UNWIND-batches {batched:6.2f} s ({k / batched:8,.0f} rows/s)")
            print(f"        per-row MERGE, één transactie  {base:6.2f} s ({k / base:8,.0f} rows/s)   "
                  f"ratio batched/per-row {base / batched:5.1f}x")
            print(f"        per-row MERGE, transactie per rij {naive:6.2f} s ({k / naive:8,.0f} rows/s)   "
                  f"ratio batched/per-row {naive / batched:5.1f}x")
            sw, nw = results["sqlite"][0], results["neo4j"][0]
            nr, sr = results["neo4j"][1], results["sqlite"][1]
            print(f"ratio   neo4j/sqlite: schrijven {nw / sw:5.2f}x de tijd, lezen {nr / sr:5.2f}x de tijd")
            _clear_neo4j(url)
        finally:
            if server is not None:
                from netwerk import neo4j_server

                neo4j_server.stop(server.instance_dir)


if __name__ == "__main__":
    main()
