"""Benchmarks: ``python -m bench`` (or ``python -m bench --repeat 7``).

Each case runs our code and a baseline side by side in the same process, repeats both,
and prints medians and the ratio ours/baseline (below 1 = ours is faster). These
machines are noisy: only compare numbers from one run, and quote medians.

Cases (all on the bundled demo neighbourhood, 186 persons, 1,452 participations):
- ingest: ``netwerk.services.importing.import_files`` of the demo seed into a new
  SQLite file, against raw ``sqlite3.executemany`` of the same participation rows in
  one transaction (the floor for any importer that validates nothing).
- snapshot: ``SQLiteStore.snapshot()`` against ``pandas.read_sql_query`` of the same
  tables (the floor for reading everything).
- burt: ``netwerk.analysis.structural_holes`` (constraint and effective size together)
  against ``networkx.constraint`` + ``networkx.effective_size`` on the same weighted
  graph. networkx takes tens of seconds on the full demo graph, so this case uses the
  ego network of professionals (``--burt-persons`` nodes, default 60).
- actor measures: ``netwerk.analysis.actor_measures`` on the full demo graph against
  ``networkx.betweenness_centrality`` alone (the most expensive single measure).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pandas as pd

from netwerk import analysis as an
from netwerk.bootstrap import open_store
from netwerk.services.importing import import_files
from netwerk.services.seeding import seed, seed_files


def _median_seconds(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _row(case: str, ours: float, base: float, baseline: str) -> None:
    print(f"{case:16} ours {ours * 1000:10.1f} ms   {baseline:38} {base * 1000:10.1f} ms   ratio {ours / base:8.3g}")


def bench_ingest(tmp: Path, repeat: int) -> None:
    files = [Path(str(f)) for f in seed_files("demo")]
    n = iter(range(10**6))

    def ours():
        s = open_store(f"sqlite:///{tmp / f'ingest{next(n)}.sqlite'}")
        import_files(s, files)
        s.close()

    parts = pd.read_csv(next(f for f in files if f.name.startswith("participations")), sep=";", dtype=str)
    rows = list(parts[["activity_id", "person_id", "role"]].itertuples(index=False, name=None))

    def raw():
        conn = sqlite3.connect(tmp / f"raw{next(n)}.sqlite")
        conn.execute("CREATE TABLE p (activity_id TEXT, person_id TEXT, role TEXT, UNIQUE(activity_id, person_id))")
        with conn:
            conn.executemany("INSERT INTO p VALUES (?, ?, ?)", rows)
        conn.close()

    _row("ingest", _median_seconds(ours, repeat), _median_seconds(raw, repeat), "raw executemany (participations only)")


def bench_snapshot(store, repeat: int) -> None:
    conn = sqlite3.connect(store.path)
    tables = ["organisation", "person", "grp", "activity", "participation", "activity_theme", "theme",
              "works_for", "member_of", "knows", "rating", "survey_round"]

    def raw():
        for t in tables:
            pd.read_sql_query(f"SELECT * FROM {t}", conn)

    _row("snapshot", _median_seconds(store.snapshot, repeat), _median_seconds(raw, repeat), "pandas.read_sql_query, all tables")


def bench_burt(G: nx.Graph, persons: int, repeat: int) -> None:
    pros = sorted(G, key=lambda v: (-G.degree(v), v))[:persons]
    H = G.subgraph(pros).copy()

    def ours():
        an.structural_holes(H, "weight")

    def networkx():
        nx.constraint(H, weight="weight")
        nx.effective_size(H, weight="weight")

    base_repeat = max(1, min(repeat, 3))  # networkx is slow: fewer repeats, still a median
    label = f"networkx ({H.number_of_nodes()} nodes, {H.number_of_edges()} ties)"
    _row("burt", _median_seconds(ours, repeat), _median_seconds(networkx, base_repeat), label)


def bench_actors(G: nx.Graph, repeat: int) -> None:
    D = an.with_distance(G)

    def ours():
        an.actor_measures(G)

    def betweenness():
        nx.betweenness_centrality(D, weight="distance")

    _row("actor measures", _median_seconds(ours, repeat), _median_seconds(betweenness, repeat), "networkx betweenness alone")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per case (median reported)")
    parser.add_argument("--burt-persons", type=int, default=60, help="nodes in the Burt comparison graph")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        store = open_store(f"sqlite:///{tmp / 'demo.sqlite'}")
        seed(store, "demo")
        G = an.social_graph(store.snapshot())
        print(f"demo: {G.number_of_nodes()} persons, {G.number_of_edges()} ties; medians of {args.repeat} runs\n")
        bench_ingest(tmp, args.repeat)
        bench_snapshot(store, args.repeat)
        bench_actors(G, args.repeat)
        bench_burt(G, args.burt_persons, args.repeat)
        store.close()


if __name__ == "__main__":
    main()
