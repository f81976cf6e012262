"""python-igraph has one process-wide random generator; the dashboard runs sessions in
threads. The map layout and Louvain each swap in a seeded generator, under one shared lock
(:func:`netwerk.analysis.backend.seeded_igraph_rng`): run side by side in threads, both give
exactly what they give alone. (With a lock each, they could reset each other's generator.)"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import networkx as nx
import pandas as pd

from netwerk.analysis.backend import louvain, to_igraph
from netwerk.services.network_map import map_layout


def test_layout_and_louvain_in_threads_give_their_single_threaded_answers():
    G = nx.connected_caveman_graph(12, 6)
    nx.set_edge_attributes(G, 1.0, "weight")
    nodes = sorted(str(n) for n in G.nodes)
    edges = pd.DataFrame([(str(u), str(v)) for u, v in G.edges], columns=["source", "target"])
    view = to_igraph(G)
    layout_alone, louvain_alone = map_layout(nodes, edges, seed=3), louvain(view, seed=5)

    def job(i: int):
        return map_layout(nodes, edges, seed=3) if i % 2 else louvain(view, seed=5)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(job, range(40)))
    assert all(r == (layout_alone if i % 2 else louvain_alone) for i, r in enumerate(results))


def test_the_map_layout_waits_for_the_lock_louvain_holds():
    # The mechanism itself: while Louvain's generator swap holds the lock, a map layout in another
    # session's thread does not touch igraph's generator (it waited, before this fix it ran at once).
    import threading

    from netwerk.analysis import backend

    edges = pd.DataFrame([("a", "b"), ("b", "c")], columns=["source", "target"])
    done = threading.Event()
    with backend.seeded_igraph_rng(5):
        worker = threading.Thread(target=lambda: (map_layout(["a", "b", "c"], edges), done.set()))
        worker.start()
        assert not done.wait(0.3), "the layout ran while another seeded igraph call held the generator"
    worker.join(10)
    assert done.is_set()
