"""Ingest and snapshot at scale: ``python -m bench.ingest --sizes 1000,10000,50000 --repeat 3``.

Data: :func:`netwerk.services.generate.generate_changeset` with ``persons`` persons and
``2 * persons`` activities (seed 0), cached per run (:mod:`bench.scale`). Every step runs
in its own Python process, so its peak resident set size (RSS) is its own; times are
medians of ``--repeat`` runs inside that process. Ratios compare numbers measured in
the same run.

SQLite (files on disk, WAL, foreign keys on, default ``synchronous``):

- ours: ``Store.apply`` of the whole ChangeSet into an empty, migrated file (one
  transaction: upserts, ``updated_at`` kept for identical rows, counts of created rows);
- raw: the same rows, already converted to SQL values (conversion not timed), inserted
  with plain ``sqlite3.executemany`` into the same schema in one transaction — the floor;
  target ours >= 0.5x raw throughput;
- commit per row: ``--per-row`` participations inserted one ``INSERT`` + ``COMMIT`` at a
  time (persons and activities already there), rows per second extrapolated to all rows;
  target ours >= 100x;
- CSV import: the ChangeSet written as import files (persons, activities with themes,
  participations, ...; not timed), then ``import_files`` (read, parse, validate, check
  references, write) into an empty store; no target.

Neo4j (a server started for the run: heap ``--heap`` (2g), page cache ``--pagecache`` (1g;
the test server's 64m would make a 50,000-person store page to disk)):

- batched: ``Store.apply`` in transactions of 20,000 rows (``netwerk.services.generate.apply_in_chunks``,
  the path of ``netwerk generate``; each ``UNWIND $rows`` batch 5,000 rows), after an untimed
  warm-up with a 200-person network (query plans, JIT);
- per row: ``--per-row-neo4j`` participations, each ``session.execute_write`` of one
  ``MERGE`` (persons and activities already there); target batched >= 50x rows/s.

Snapshot: ``store.snapshot()`` + ``netwerk.analysis.social_graph`` from each store, in
records per second (rows of all snapshot tables), after one untimed warm-up run; and
one quarter (2024-Q2) with the period pushed into the query (SQL/Cypher) against reading
every table and filtering in pandas (``build_snapshot``, the code before); Neo4j with the driver's Rust extension
(``neo4j-rust-ext``, installed) and without it: the child sets ``sys.modules["neo4j._rust"]
= None`` before importing the driver, so ``neo4j._codec.packstream`` falls back to pure
Python (its ``try: from ...._rust.codec ... except ImportError``).

``--before REF`` (e.g. ``main``) also runs the snapshot step of that commit's code (``git
archive REF`` into a temporary folder, the child started with ``PYTHONSAFEPATH=1`` and
``PYTHONPATH`` set to it, so its ``bench`` and ``netwerk`` are imported, the same stores
and server) and prints each store's full and one-quarter snapshot times before and after,
and Neo4j's full snapshot against SQLite's (target <= 2x).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

__all__ = ["main", "run_cases", "write_import_files"]

MODULE = "bench.ingest"
CHUNK_ROWS = 20_000
_MERGE_ONE = ("MATCH (a:Person {person_id: $p}) MATCH (b:Activity {activity_id: $a}) "
              "MERGE (a)-[r:PARTICIPATED]->(b) SET r.role = $role")


# --- child steps (each in its own process) ---------------------------------------------------


def _rows(cs) -> int:
    return sum(cs.counts().values())


def _fresh_sqlite(tag: str):
    from bench.scale import cache_dir
    from netwerk.bootstrap import open_store

    path = cache_dir() / f"work-{tag}.sqlite"
    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    return open_store(f"sqlite:///{path}"), path


def _times(fn: Callable[[], float], repeat: int) -> list[float]:
    return [fn() for _ in range(repeat)]


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def step_sqlite_apply(size: int, repeat: int, **_) -> None:
    from bench.scale import changeset, result

    cs = changeset(size)

    def once() -> float:
        store, _path = _fresh_sqlite("apply")
        t0 = time.perf_counter()
        store.apply(cs)
        dt = time.perf_counter() - t0
        store.close()
        return dt

    result(seconds=_times(once, repeat), rows=_rows(cs))


def _sql_rows(cs) -> list[tuple[str, list[str], list[list]]]:
    import graph_schema as gs
    from graph_schema.sqlite_ddl import columns
    from netwerk.store.base import CHANGESET_SCHEMA
    from netwerk.store.sqlite import model_row, utc_now_text  # the adapter's own value conversion: the same values

    now = utc_now_text()
    out = []
    for fname, defn in CHANGESET_SCHEMA.items():
        models = getattr(cs, fname)
        if models:
            props = gs.table_props(defn)
            out.append((defn.table, columns(props), [model_row(m, props) + [now, now] for m in models]))
    return out


def _raw_insert(conn: sqlite3.Connection, tables, per_row_commit: bool = False) -> None:
    for table, cols, rows in tables:
        sql = f"INSERT INTO {table} ({', '.join(cols)}, created_at, updated_at) VALUES ({', '.join('?' * (len(cols) + 2))})"
        if per_row_commit:
            for row in rows:
                conn.execute("BEGIN")
                conn.execute(sql, row)
                conn.execute("COMMIT")
        else:
            conn.executemany(sql, rows)


def _raw_conn(path: Path) -> sqlite3.Connection:
    # The same settings as the SQLite store: WAL, foreign keys on, default synchronous.
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    return conn


def step_sqlite_raw(size: int, repeat: int, **_) -> None:
    from bench.scale import changeset, result

    cs = changeset(size)
    tables = _sql_rows(cs)
    themes = [t for t in tables if t[0] == "theme"]
    tables = [t for t in tables if t[0] != "theme"]  # the vocabulary themes exist after migrating

    def once() -> float:
        store, path = _fresh_sqlite("raw")
        store.close()
        conn = _raw_conn(path)
        conn.execute("DELETE FROM theme")  # then insert them like every other table
        t0 = time.perf_counter()
        conn.execute("BEGIN")
        _raw_insert(conn, themes + tables)
        conn.execute("COMMIT")
        dt = time.perf_counter() - t0
        conn.close()
        return dt

    result(seconds=_times(once, repeat), rows=_rows(cs))


def step_sqlite_per_row(size: int, repeat: int, per_row: int, **_) -> None:
    from bench.scale import changeset, result
    from netwerk.domain import ChangeSet

    cs = changeset(size)
    sub = ChangeSet(participations=cs.participations[:per_row])
    tables = _sql_rows(sub)

    def once() -> float:
        store, path = _fresh_sqlite("per-row")
        store.apply(ChangeSet(persons=cs.persons, activities=cs.activities))
        store.close()
        conn = _raw_conn(path)
        t0 = time.perf_counter()
        _raw_insert(conn, tables, per_row_commit=True)
        dt = time.perf_counter() - t0
        conn.close()
        return dt

    result(seconds=_times(once, repeat), rows=len(sub.participations))


def write_import_files(cs, folder: Path) -> list[Path]:
    """The ChangeSet ``cs`` as import files in the canonical format, written into the
    existing ``folder``; returns the paths of the ten CSV files (every kind, empty ones too).
    works_for/membership dates are not in the persons file, so those come back without
    ``since``."""
    from seeds import fmt_bool, fmt_date, fmt_datetime, fmt_list, write_csv

    orgs: dict[str, list[str]] = {}
    for w in cs.works_for:
        orgs.setdefault(w.person_id, []).append(w.org_id)
    groups: dict[str, list[str]] = {}
    for m in cs.memberships:
        groups.setdefault(m.person_id, []).append(m.group_id)
    themes: dict[str, list[str]] = {}
    for t in cs.activity_themes:
        themes.setdefault(t.activity_id, []).append(t.theme)
    files = {
        "organisations.csv": (("org_id", "name", "sector"), [(o.org_id, o.name, o.sector) for o in cs.organisations]),
        "areas.csv": (("code", "name", "level", "name_uncertain"),
                      [(a.code, a.name, a.level, fmt_bool(a.name_uncertain)) for a in cs.areas]),
        "groups.csv": (("group_id", "name", "kind"), [(g.group_id, g.name, g.kind) for g in cs.groups]),
        "persons.csv": (
            ("person_id", "kind", "display_name", "pseudonym", "role_title", "org_id", "buurt_code", "skills",
             "consent_named", "group_ids", "email"),
            [(p.person_id, p.kind, p.display_name, p.pseudonym, p.role_title, fmt_list(orgs.get(p.person_id, ())),
              p.buurt_code, fmt_list(p.skills), fmt_bool(p.consent_named), fmt_list(groups.get(p.person_id, ())), p.email)
             for p in cs.persons]),
        "activities.csv": (
            ("activity_id", "kind", "date", "buurt_code", "title", "methods", "anonymous_participants", "themes"),
            [(a.activity_id, a.kind, fmt_datetime(a.date), a.buurt_code, a.title, fmt_list(a.methods),
              a.anonymous_participants, fmt_list(themes.get(a.activity_id, ()))) for a in cs.activities]),
        "participations.csv": (("activity_id", "person_id", "role"),
                               [(p.activity_id, p.person_id, p.role) for p in cs.participations]),
        "knows.csv": (("from_id", "to_id", "source", "since", "weight"),
                      [(k.from_id, k.to_id, k.source, fmt_date(k.since), k.count) for k in cs.knows]),
        "survey_rounds.csv": (("round_id", "name", "date"), [(r.round_id, r.name, fmt_date(r.date)) for r in cs.survey_rounds]),
        "ratings.csv": (
            ("round_id", "rater_id", "rated_id", "reliability", "mission", "openness", "power", "involvement", "resources",
             "himmelman_level", "contact_frequency"),
            [(r.round_id, r.rater_id, r.rated_id, r.reliability, r.mission, r.openness, r.power, r.involvement, r.resources,
              r.himmelman_level, r.contact_frequency) for r in cs.ratings]),
        "commitments.csv": (("commitment_id", "org_id", "hours_per_month", "date", "description"),
                            [(c.commitment_id, c.org_id, str(c.hours_per_month).replace(".", ","), fmt_date(c.date),
                              c.description) for c in cs.commitments]),
    }
    paths = []
    for name, (header, rows) in files.items():
        write_csv(folder / name, header, rows)
        paths.append(folder / name)
    return paths


def step_csv_import(size: int, repeat: int, **_) -> None:
    from bench.scale import cache_dir, changeset, result
    from netwerk.services.importing import import_files

    folder = cache_dir() / f"csv-{size}"
    cs = changeset(size)
    files = write_import_files(cs, folder)
    rows = sum(sum(1 for _ in f.open(encoding="utf-8")) - 1 for f in files)
    del cs

    def once() -> float:
        store, _path = _fresh_sqlite("csv")
        t0 = time.perf_counter()
        import_files(store, files)
        dt = time.perf_counter() - t0
        store.close()
        return dt

    result(seconds=_times(once, repeat), rows=rows)


def _clear_neo4j(url: str) -> None:
    import neo4j

    with neo4j.GraphDatabase.driver(url, auth=None, notifications_min_severity="OFF") as d, d.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def step_neo4j_apply(size: int, repeat: int, neo4j_url: str, **_) -> None:
    from bench.scale import changeset, result
    from netwerk.access import SYSTEM
    from netwerk.bootstrap import open_store
    from netwerk.services.generate import apply_in_chunks, generate_changeset

    cs = changeset(size)
    # Warm-up, not timed: a small generated network compiles every upsert query and warms the JIT.
    _clear_neo4j(neo4j_url)
    store = open_store(neo4j_url)
    apply_in_chunks(SYSTEM, store, generate_changeset(200, 400, seed=99), chunk_rows=CHUNK_ROWS)
    store.close()

    def once() -> float:
        _clear_neo4j(neo4j_url)
        store = open_store(neo4j_url)
        t0 = time.perf_counter()
        apply_in_chunks(SYSTEM, store, cs, chunk_rows=CHUNK_ROWS)
        dt = time.perf_counter() - t0
        store.close()
        return dt

    # The last run's data stays for the snapshot steps.
    result(seconds=_times(once, repeat), rows=_rows(cs))


def step_neo4j_per_row(size: int, repeat: int, neo4j_url: str, per_row_neo4j: int, **_) -> None:
    import neo4j

    from bench.scale import changeset, result
    from netwerk.access import SYSTEM
    from netwerk.bootstrap import open_store
    from netwerk.domain import ChangeSet
    from netwerk.services.generate import apply_in_chunks

    cs = changeset(size)
    rows = [(p.person_id, p.activity_id, p.role) for p in cs.participations[:per_row_neo4j]]

    def one(tx, person, activity, role):
        tx.run(_MERGE_ONE, p=person, a=activity, role=role).consume()

    def once() -> float:
        _clear_neo4j(neo4j_url)
        store = open_store(neo4j_url)
        apply_in_chunks(SYSTEM, store, ChangeSet(persons=cs.persons, activities=cs.activities), chunk_rows=CHUNK_ROWS)
        store.close()
        with neo4j.GraphDatabase.driver(neo4j_url, auth=None, notifications_min_severity="OFF") as d, \
                d.session() as session:
            t0 = time.perf_counter()
            for row in rows:
                session.execute_write(one, *row)
            return time.perf_counter() - t0

    result(seconds=_times(once, repeat), rows=len(rows))


def step_snapshot(size: int, repeat: int, store_url: str, no_rust: bool = False, warmup: bool = True, quarter: bool = True,
                  **_) -> None:
    if no_rust:
        sys.modules["neo4j._rust"] = None  # the driver's packstream falls back to pure Python
    from bench.scale import result
    from netwerk import analysis as an
    from netwerk.bootstrap import open_store
    from netwerk.domain import SnapshotFilter
    from netwerk.store.snapshot import SNAPSHOT_TABLES, build_snapshot

    if store_url.startswith("neo4j") or store_url.startswith("bolt"):
        from neo4j._codec.packstream import v1

        rust = v1._rust_unpack is not None
    else:
        rust = None
    store = open_store(store_url)
    out: dict = {}

    def once() -> float:
        t0 = time.perf_counter()
        snap = store.snapshot()
        t1 = time.perf_counter()
        G = an.social_graph(snap)
        t2 = time.perf_counter()
        out.update(records=sum(len(getattr(snap, t)) for t in SNAPSHOT_TABLES), persons=len(snap.persons),
                   ties=G.number_of_edges(), snapshot_seconds=out.get("snapshot_seconds", []) + [t1 - t0],
                   graph_seconds=out.get("graph_seconds", []) + [t2 - t1])
        return t2 - t0

    if warmup:
        once()  # not timed: query plans, the server's page cache and the OS file cache
        out.clear()
    seconds = _times(once, repeat)
    extra = {}
    if quarter:
        # One quarter: the period pushed into the query against reading everything and filtering in pandas.
        q2 = SnapshotFilter(start=date(2024, 4, 1), end=date(2024, 6, 30))
        store.snapshot(q2)
        pushed = _times(lambda: _timed(lambda: store.snapshot(q2)), repeat)
        full = _times(lambda: _timed(lambda: build_snapshot({t: store.table(t) for t in SNAPSHOT_TABLES}, q2)), repeat)
        extra = {"quarter_pushed": statistics.median(pushed), "quarter_full": statistics.median(full)}
    store.close()
    if out["persons"] != size:
        raise SystemExit(f"store holds {out['persons']} persons, expected {size}")
    result(seconds=seconds, rows=out["records"], ties=out["ties"], rust=rust,
           snapshot_median=statistics.median(out["snapshot_seconds"]), graph_median=statistics.median(out["graph_seconds"]),
           **extra)


STEPS = {
    "sqlite-apply": step_sqlite_apply,
    "sqlite-raw": step_sqlite_raw,
    "sqlite-per-row": step_sqlite_per_row,
    "csv-import": step_csv_import,
    "neo4j-apply": step_neo4j_apply,
    "neo4j-per-row": step_neo4j_per_row,
    "snapshot": step_snapshot,
}


# --- the parent: cases, ratios, report ---------------------------------------------------------


def _dutch(n: float) -> str:
    return f"{n:,.0f}".replace(",", ".")


def _ratio_line(ratio: float, target: float, what: str) -> str:
    ok = "GEHAALD" if ratio >= target else "NIET GEHAALD"
    return f"ratio {what} {ratio:,.2f}x (doel >= {target:g}x: {ok})"


def _export(ref: str) -> Path:
    """The tree of git commit ``ref`` in a new temporary folder (removed at exit)."""
    import atexit
    import shutil
    import subprocess
    import tarfile
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="bench-before-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    tar = folder / "tree.tar"
    subprocess.run(["git", "archive", "--format=tar", "-o", str(tar), ref], check=True, cwd=Path(__file__).resolve().parents[1])
    with tarfile.open(tar) as t:
        t.extractall(folder, filter="data")
    tar.unlink()
    return folder


def _before_after(step, report, before: Path, ref: str, results: dict, urls: dict[str, str]) -> None:
    """Each store's snapshot with the code of commit ``ref`` (exported in ``before``) beside
    ``results`` (this code)."""
    env = {"PYTHONSAFEPATH": "1", "PYTHONPATH": str(before)}
    report(f"  snapshot voor/na (voor: de code van {ref}; mediaan, zelfde stores en server)")
    for label, url in urls.items():
        b, a = step("snapshot", "--store-url", url, env=env), results[label]
        report(f"  {label:44} volledig {b['snapshot_median']:.2f} -> {a['snapshot_median']:.2f} s "
               f"({b['snapshot_median'] / a['snapshot_median']:.1f}x sneller); kwartaal {b['quarter_pushed']:.2f} -> "
               f"{a['quarter_pushed']:.2f} s ({b['quarter_pushed'] / a['quarter_pushed']:.1f}x)")
        results[f"{label} (voor)"] = b
    sq, neo = (results[label] for label in urls)
    sqb, neob = (results[f"{label} (voor)"] for label in urls)
    ratio = neo["snapshot_median"] / sq["snapshot_median"]
    report(f"  {'':44} Neo4j/SQLite volledige snapshot: voor {neob['snapshot_median'] / sqb['snapshot_median']:.1f}x, "
           f"na {ratio:.1f}x (doel <= 2x: {'GEHAALD' if ratio <= 2 else 'NIET GEHAALD'}); kwartaal voor "
           f"{neob['quarter_pushed'] / sqb['quarter_pushed']:.1f}x, na {neo['quarter_pushed'] / sq['quarter_pushed']:.1f}x")


def run_cases(sizes: list[int], repeat: int, report, neo4j_url: str | None = None, heap: str = "2g", pagecache: str = "1g",  # noqa: C901
              per_row: int = 2000, per_row_neo4j: int = 1000, repeat_large: int | None = None,
              csv_max: int = 50_000, before: str | None = None) -> None:
    """Run every ingest and snapshot case for each size and print the lines through ``report``.

    ``repeat_large`` (default ``repeat``) is used for sizes of 50,000 persons and more;
    ``before`` (a git ref) adds the snapshot of that commit's code beside this code's.
    """
    from bench.scale import changeset, filled_sqlite, mib, run_step

    before_tree = _export(before) if before else None
    server = None
    if neo4j_url is None:
        import tempfile

        from netwerk.devtools import neo4j_server

        server = neo4j_server.start(Path(tempfile.mkdtemp(prefix="bench-neo4j-")),
                                    settings={"server.memory.heap.max_size": heap, "server.memory.heap.initial_size": heap,
                                              "server.memory.pagecache.size": pagecache})
        neo4j_url = server.url
    try:
        for size in sizes:
            rep = str(repeat_large if (repeat_large and size >= 50_000) else repeat)
            t0 = time.perf_counter()
            cs = changeset(size)
            counts = cs.counts()
            del cs
            gen = time.perf_counter() - t0
            filled = filled_sqlite(size)
            common = ("--size", str(size), "--repeat", rep)

            def step(name: str, *extra: str, common: tuple[str, ...] = common, env: dict[str, str] | None = None) -> dict:
                return run_step(MODULE, name, *common, *extra, env=env)

            def line(label: str, r: dict, extra: str = "") -> float:
                sec = statistics.median(r["seconds"])
                rate = r["rows"] / sec
                report(f"  {label:44} {sec:8.2f} s {_dutch(rate):>10} rijen/s  piek {mib(r['maxrss_kib']):>9}  {extra}".rstrip())
                return rate

            total = sum(counts.values())
            report(f"== {_dutch(size)} personen: {_dutch(counts['activities'])} activiteiten, "
                   f"{_dutch(counts['participations'])} deelnames, {_dutch(total)} rijen (genereren {gen:.1f} s); "
                   f"mediaan van {rep} ==")
            report("ingest SQLite")
            ours = line("ons Store.apply (1 transactie)", step("sqlite-apply"))
            raw = line("ruw sqlite3.executemany (1 transactie)", step("sqlite-raw"))
            report(f"  {'':44} {_ratio_line(ours / raw, 0.5, 'ons/ruw')}")
            pr = step("sqlite-per-row", "--per-row", str(per_row))
            per = line(f"commit per rij ({_dutch(pr['rows'])} deelnames, geëxtrapoleerd)", pr)
            report(f"  {'':44} {_ratio_line(ours / per, 100, 'ons/commit-per-rij')}; plafond ruw/commit-per-rij "
                   f"{raw / per:,.1f}x")
            if size <= csv_max:
                line("CSV-import (lezen+valideren+schrijven)", step("csv-import"), "(geen doel)")
            report("ingest Neo4j")
            # Per row first: the batched step's last run leaves the full network for the snapshots.
            nr = step("neo4j-per-row", "--neo4j-url", neo4j_url, "--per-row-neo4j", str(per_row_neo4j))
            batched = line(f"Store.apply in transacties van {_dutch(CHUNK_ROWS)}", step("neo4j-apply", "--neo4j-url", neo4j_url))
            per_neo = line(f"per rij execute_write MERGE ({_dutch(nr['rows'])} deelnames)", nr)
            report(f"  {'':44} {_ratio_line(batched / per_neo, 50, 'batched/per-rij')}")
            report("snapshot -> analysegraaf (store.snapshot() + social_graph)")
            results = {}
            # The second Neo4j step needs no warm-up (the server is warm; Rust only changes the client's decoding).
            for label, url, flags in (("SQLite", f"sqlite:///{filled}", ()),
                                      ("Neo4j met neo4j-rust-ext", neo4j_url, ()),
                                      ("Neo4j zonder Rust (pure Python)", neo4j_url, ("--no-rust", "--no-warmup",
                                                                                      "--no-quarter"))):
                r = step("snapshot", "--store-url", url, *flags)
                results[label] = r
                line(label, r, f"(snapshot {r['snapshot_median']:.2f} s + graaf {r['graph_median']:.2f} s; "
                               f"{_dutch(r['ties'])} banden)")
            for label, r in results.items():
                if "quarter_pushed" in r:
                    report(f"  {'':44} {label}, één kwartaal (2024-Q2): periode in de query {r['quarter_pushed']:.2f} s, "
                           f"alles lezen en in pandas filteren {r['quarter_full']:.2f} s "
                           f"({r['quarter_full'] / r['quarter_pushed']:.1f}x)")
            a, b = results["Neo4j met neo4j-rust-ext"], results["Neo4j zonder Rust (pure Python)"]
            if a.get("rust") is not True or b.get("rust") is not False:
                report(f"  LET OP: Rust-extensie niet zoals bedoeld (met: {a.get('rust')}, zonder: {b.get('rust')})")
            report(f"  {'':44} snapshot zonder/met Rust-extensie: {b['snapshot_median'] / a['snapshot_median']:.2f}x "
                   "(boven 1: met Rust sneller)")
            if before_tree is not None:
                _before_after(step, report, before_tree, str(before), results,
                              {"SQLite": f"sqlite:///{filled}", "Neo4j met neo4j-rust-ext": neo4j_url})
            report()
    finally:
        if server is not None:
            from netwerk.devtools import neo4j_server

            neo4j_server.stop(server.instance_dir)


def main(argv: list[str] | None = None) -> None:
    """Run the cases (or, with ``--step``, one step as a child process)."""
    from bench.scale import Report, sizes_arg

    ap = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=sizes_arg, default=sizes_arg("1000,10000"), help="persons per case, e.g. 1000,10000,50000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--repeat-large", type=int, help="runs for sizes >= 50,000 (default: --repeat)")
    ap.add_argument("--per-row", type=int, default=2000, help="participations in the SQLite commit-per-row baseline")
    ap.add_argument("--per-row-neo4j", type=int, default=1000, help="participations in the Neo4j per-row baseline")
    ap.add_argument("--neo4j-url", help="an existing server (EMPTIED!); default: start one with --heap")
    ap.add_argument("--heap", default="2g")
    ap.add_argument("--pagecache", default="1g")
    ap.add_argument("--before", metavar="REF", help="also time the snapshot with the code of this git commit (e.g. main)")
    # child side
    ap.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--store-url", help=argparse.SUPPRESS)
    ap.add_argument("--no-rust", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--no-warmup", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--no-quarter", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.step:
        STEPS[args.step](size=args.size, repeat=args.repeat, per_row=args.per_row, per_row_neo4j=args.per_row_neo4j,
                         neo4j_url=args.neo4j_url, store_url=args.store_url, no_rust=args.no_rust, warmup=not args.no_warmup,
                         quarter=not args.no_quarter)
        return
    report = Report()
    run_cases(args.sizes, args.repeat, report, neo4j_url=args.neo4j_url, heap=args.heap, pagecache=args.pagecache,
              per_row=args.per_row,
              per_row_neo4j=args.per_row_neo4j, repeat_large=args.repeat_large, before=args.before)


if __name__ == "__main__":
    main()
