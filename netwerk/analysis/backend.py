"""Fast backend: the slow networkx measures computed by python-igraph (C), same answers.

networkx stays the analysis API and the reference: every public measure
(:func:`~netwerk.analysis.actor_measures`, :func:`~netwerk.analysis.louvain_communities`,
:func:`~netwerk.analysis.bridges`, ...) takes a networkx graph, and the tests check that
the igraph path gives networkx's answer. This module holds the one conversion
(:func:`to_igraph`, nodes sorted as text) that a full analysis shares across measures,
and the choice of backend per measure (:func:`use_igraph`).

Measured on this project's 2-core machine (a clustered scale-free graph,
``nx.powerlaw_cluster_graph(20000, 5, 0.3)``, 100,000 ties weighted 1-3):
networkx's Louvain 4.5 s against igraph's 0.2 s, bridges 1.0 s against 0.04 s, weighted
eigenvector per component 21 s against 0.1 s, Burt's constraint and effective size
2.3 s (our own dict-based code) against 0.05 s for igraph's constraint, weighted
betweenness from one source 360 ms against 34 ms; the conversion takes 0.2 s. igraph is
faster even on a 30-person graph (conversion 0.07 ms), so ``"auto"`` uses it for every
measure with two exceptions (``python -m bench.analysis`` repeats these comparisons on
the generated networks): Louvain stays networkx's own up to
:data:`LOUVAIN_NETWORKX_MAX_TIES` ties (at most about 0.1 s per run; the best of
:data:`~netwerk.analysis.communities.LOUVAIN_RUNS` seeded runs is kept), because the two
implementations visit nodes in a different random order and so may return a different,
equally good partition; and betweenness stays networkx's up to
:data:`BETWEENNESS_NETWORKX_MAX_TIES` ties, because igraph treats path lengths equal
within 1e-10 as equal where networkx compares floats exactly. Small networks (a
neighbourhood) keep networkx's partition and values.
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

import networkx as nx
import numpy as np

try:  # a dependency; without it everything runs on networkx
    import igraph as ig
except ImportError:  # pragma: no cover - igraph is installed with the project
    ig = None

__all__ = [
    "BACKENDS",
    "BETWEENNESS_NETWORKX_MAX_TIES",
    "LOUVAIN_NETWORKX_MAX_TIES",
    "Backend",
    "IGraphView",
    "seeded_igraph_rng",
    "to_igraph",
    "use_igraph",
]

Backend = Literal["auto", "networkx", "igraph"]
BACKENDS: tuple[str, ...] = ("auto", "networkx", "igraph")

LOUVAIN_NETWORKX_MAX_TIES = 5000
"""With ``backend="auto"``, Louvain runs networkx's implementation up to this many ties
(about 0.1 s per run) and igraph's ``community_multilevel`` above it (10-20 times faster)."""

BETWEENNESS_NETWORKX_MAX_TIES = 5000
"""With ``backend="auto"``, betweenness runs networkx's implementation up to this many
ties (a neighbourhood: under a second) and igraph's above it (10-40 times faster). The two
differ only on ties between path lengths that floating point breaks (see
:func:`~netwerk.analysis.betweenness`), so small networks keep networkx's values."""

_RNG_LOCK = threading.Lock()
"""The one lock around python-igraph's process-wide random generator (see :func:`seeded_igraph_rng`)."""


@contextmanager
def seeded_igraph_rng(seed: int) -> Iterator[None]:
    """Run the ``with`` body with igraph drawing from ``random.Random(seed)``.

    python-igraph draws its random numbers (Louvain's order, layout jitter) from one
    process-wide generator. The dashboard runs sessions in threads, so every seeded igraph
    call in the project swaps it under this one lock (two locks would let a layout and a
    Louvain run reset each other's generator) and restores the module-level ``random`` after.
    """
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)


@dataclass(frozen=True)
class IGraphView:
    """An undirected networkx graph as an igraph graph, for the fast measures.

    Attributes
    ----------
    graph : igraph.Graph
        Vertex *i* is ``nodes[i]``; edge attributes ``weight`` (tie strength, missing
        = 1) and ``distance`` (1 / weight).
    nodes : tuple
        The networkx nodes, sorted as text (the order of :func:`sorted_graph`).
    index : dict
        Node -> vertex number.
    weight : str or None
        The networkx edge attribute read as ``weight`` (None: every tie weighs 1).
    has_loops : bool
        Whether the graph has self-loops (measures whose networkx and igraph definitions
        differ on loops then use networkx).
    """

    graph: ig.Graph
    nodes: tuple
    index: dict
    weight: str | None
    has_loops: bool

    def values(self, seq) -> dict:
        """A per-vertex sequence as a dict node -> value."""
        return dict(zip(self.nodes, seq, strict=True))


def to_igraph(G: nx.Graph, weight: str | None = "weight") -> IGraphView:
    """The igraph form of an undirected networkx graph, nodes sorted as text.

    Parameters
    ----------
    G : networkx.Graph
        Undirected simple graph.
    weight : str or None, default "weight"
        Edge attribute with tie strength (missing means 1); None for unweighted.

    Returns
    -------
    IGraphView

    Raises
    ------
    ValueError
        If ``G`` is directed or a multigraph, or a tie has a non-positive strength (it
        has no distance ``1 / w``).
    RuntimeError
        If python-igraph is not installed.
    """
    if ig is None:  # pragma: no cover
        raise RuntimeError("python-igraph is not installed")
    if G.is_directed() or G.is_multigraph():
        raise ValueError("to_igraph expects an undirected simple graph")
    nodes = tuple(sorted(G.nodes, key=str))
    index = {v: i for i, v in enumerate(nodes)}
    edges = []
    weights = []
    loops = False
    for u, v, d in G.edges(data=True):
        w = d.get(weight, 1) if weight else 1
        if w is None or not w > 0:
            raise ValueError(f"tie {u!r}-{v!r} has non-positive strength {w!r}")
        edges.append((index[u], index[v]))
        weights.append(float(w))
        loops = loops or u == v
    g = ig.Graph(n=len(nodes), edges=edges, directed=False)
    g.es["weight"] = weights
    g.es["distance"] = [1.0 / w for w in weights]
    return IGraphView(graph=g, nodes=nodes, index=index, weight=weight, has_loops=loops)


def use_igraph(backend: Backend, *, ties: int = 0, networkx_up_to: int = 0, louvain: bool = False) -> bool:
    """Whether a measure runs on igraph.

    Parameters
    ----------
    backend : {"auto", "networkx", "igraph"}
    ties : int
        Number of ties of the graph.
    networkx_up_to : int
        Under "auto", keep networkx for graphs with at most this many ties (measures
        whose igraph answer can differ from networkx's: Louvain, exact betweenness).
    louvain : bool
        Shorthand for ``networkx_up_to=LOUVAIN_NETWORKX_MAX_TIES``.

    Raises
    ------
    ValueError
        For an unknown backend.
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}: use auto, networkx or igraph")
    if backend == "networkx" or ig is None:
        return False
    if backend == "igraph":
        return True
    limit = max(networkx_up_to, LOUVAIN_NETWORKX_MAX_TIES if louvain else 0)
    return not limit or ties > limit


def view_for(G: nx.Graph, weight: str | None, view: IGraphView | None) -> IGraphView:
    """``view`` if it was made from ``G`` with the same weight, else a new conversion.

    Raises
    ------
    ValueError
        If ``view`` does not have ``G``'s nodes and ties, or reads another weight.
    """
    if view is None:
        return to_igraph(G, weight)
    if view.weight != weight or view.graph.vcount() != G.number_of_nodes() or view.graph.ecount() != G.number_of_edges():
        raise ValueError("the igraph view was not made from this graph with this weight")
    return view


# --- measures on a view (the public functions in centrality.py etc. call these) -------


def betweenness(view: IGraphView, strata: list[tuple[list, list]] | None = None, weighted: bool = True) -> list[float]:
    """Normalised betweenness, networkx's definition and scaling (``endpoints=False``).

    ``strata`` None: exact, :math:`2 b_{ig}(v) / ((n-1)(n-2))` with :math:`b_{ig}`
    igraph's unordered-pair sum. Otherwise a list of (pivots, members) node lists: the
    sampled estimate :func:`~netwerk.analysis.centrality.betweenness` documents. igraph's
    subset betweenness from sources *S* counts each (s, t) path once per source, half
    networkx's ordered count, hence the factor 2.
    """
    g = view.graph
    n = g.vcount()
    w = "distance" if weighted else None
    if n <= 2:
        return [0.0] * n
    if strata is None:
        raw = g.betweenness(directed=False, weights=w)
        scale = 2.0 / ((n - 1) * (n - 2))
        return [b * scale for b in raw]
    total = np.zeros(n)
    for pivots, members in strata:
        ids = [view.index[s] for s in pivots]
        raw = 2.0 * np.asarray(g.betweenness(directed=False, weights=w, sources=ids))
        total += raw * stratum_weights(n, [view.index[m] for m in members], ids)
    return (total / ((n - 1) * (n - 2))).tolist()


def stratum_weights(n: int, members: list[int], pivots: list[int]) -> np.ndarray:
    """Per-vertex weight of one stratum's pivot sums (see the Notes of
    :func:`~netwerk.analysis.centrality.betweenness`): :math:`n_h / k_h` outside the
    stratum, :math:`(n_h - 1) / k_h` for its other members and :math:`(n_h - 1) / (k_h - 1)`
    for a pivot (NaN when it is the only one of a stratum of two or more)."""
    nh, kh = len(members), len(pivots)
    out = np.full(n, nh / kh)
    out[members] = (nh - 1) / kh
    if kh > 1:
        out[pivots] = (nh - 1) / (kh - 1)
    else:
        out[pivots] = 0.0 if nh == 1 else math.nan
    return out


def eigenvector(view: IGraphView, weighted: bool = True) -> list[float]:
    """Eigenvector centrality per connected component, unit norm within the component,
    times :math:`\\sqrt{n_c / n}` (see :func:`~netwerk.analysis.eigenvector_by_component`);
    isolates 0. igraph's ARPACK result is rescaled from max = 1 to unit Euclidean norm."""
    g = view.graph
    n = g.vcount()
    out = [0.0] * n
    w = "weight" if weighted else None
    for comp in g.connected_components():
        if len(comp) < 2:
            continue
        vids = sorted(comp)
        sub = g.induced_subgraph(vids, implementation="create_from_scratch")
        x = sub.eigenvector_centrality(weights=w, scale=True)
        norm = math.sqrt(math.fsum(v * v for v in x))
        scale = math.sqrt(len(vids) / n) / norm
        for vid, v in zip(vids, x, strict=True):
            out[vid] = abs(v) * scale
    return out


def constraint(view: IGraphView, weighted: bool = True) -> list[float]:
    """Burt's constraint (igraph ``constraint``); NaN for isolates.

    igraph's documentation writes the sum over every contact *j* of *i*, networkx sums
    :math:`(p_{ij} + \\sum_q p_{iq} p_{qj})^2` over neighbours only; the results are
    the same (the tests check it on weighted graphs with two-step contacts, isolates and
    several components), so igraph's C code replaces the Python loop.
    """
    return view.graph.constraint(weights="weight" if weighted else None)


def effective_size(view: IGraphView, weighted: bool = True) -> list[float]:
    """Burt's effective size from igraph's triangle list, vectorised with numpy.

    :math:`e_i = \\sum_{j \\in N(i)} (1 - \\sum_q p_{iq} m_{jq}) = d_i - \\sum_{j, q}
    p_{iq} m_{jq}`, where only pairs *j*, *q* of *i*'s neighbours that are tied to each
    other contribute: each triangle (i, j, q) adds :math:`p_{iq} m_{jq} + p_{ij} m_{qj}`
    to *i*'s redundancy. NaN for isolates. Not for graphs with self-loops.
    """
    g = view.graph
    n = g.vcount()
    w = np.asarray(g.es["weight"], dtype=float) if weighted else np.ones(g.ecount())
    el = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    strength = np.bincount(el.ravel(), weights=np.repeat(w, 2), minlength=n)
    top = np.zeros(n)
    np.maximum.at(top, el[:, 0], w)
    np.maximum.at(top, el[:, 1], w)
    degree = np.bincount(el.ravel(), minlength=n).astype(float)
    red = np.zeros(n)
    tri = np.asarray(g.list_triangles(), dtype=np.int64).reshape(-1, 3)
    if len(tri):
        a, b, c = tri[:, 0], tri[:, 1], tri[:, 2]
        # Tie weights of the triangles' sides, looked up by the key min * n + max.
        keys = np.minimum(el[:, 0], el[:, 1]) * n + np.maximum(el[:, 0], el[:, 1])
        order = np.argsort(keys)
        sorted_keys = keys[order]

        def side(x, y):
            return w[order[np.searchsorted(sorted_keys, np.minimum(x, y) * n + np.maximum(x, y))]]

        wab, wac, wbc = side(a, b), side(a, c), side(b, c)
        # i = a: (q=b, j=c) and (q=c, j=b); likewise for b and c.
        np.add.at(red, a, wab / strength[a] * wbc / top[c] + wac / strength[a] * wbc / top[b])
        np.add.at(red, b, wab / strength[b] * wac / top[c] + wbc / strength[b] * wac / top[a])
        np.add.at(red, c, wac / strength[c] * wab / top[b] + wbc / strength[c] * wab / top[a])
    out = degree - red
    out[degree == 0] = math.nan
    return out.tolist()


def bridges(view: IGraphView) -> list[tuple]:
    """Bridges as (smaller, larger) node pairs (text order), sorted."""
    g = view.graph
    nodes = view.nodes
    out = []
    for e in g.bridges():
        a, b = g.es[e].tuple
        out.append((nodes[a], nodes[b]) if a <= b else (nodes[b], nodes[a]))
    return sorted(out, key=lambda t: (str(t[0]), str(t[1])))


def louvain(view: IGraphView, seed: int, resolution: float = 1.0, weighted: bool = True) -> list[int]:
    """igraph's multilevel (Louvain) membership, seeded through a private ``random.Random``.

    python-igraph draws its random numbers from a Python generator object; it is swapped
    for a ``random.Random(seed)`` for this call only (under a lock, since the dashboard
    runs pages in threads) and the previous module-level ``random`` restored after.
    """
    g = view.graph
    with seeded_igraph_rng(seed):
        cl = g.community_multilevel(weights="weight" if weighted else None, return_levels=False, resolution=resolution)
    return list(cl.membership)


def modularity(view: IGraphView, membership: list[int], resolution: float = 1.0, weighted: bool = True) -> float:
    """Newman's weighted modularity of a membership list (igraph ``modularity``)."""
    return float(view.graph.modularity(membership, weights="weight" if weighted else None, resolution=resolution,
                                       directed=False))


def average_clustering(view: IGraphView) -> float:
    """Mean local clustering, persons with fewer than 2 neighbours as 0 (unweighted;
    ``nx.average_clustering``)."""
    if view.graph.vcount() == 0:
        return 0.0
    return float(view.graph.transitivity_avglocal_undirected(mode="zero"))
