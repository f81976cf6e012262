"""Actor measures: degree, strength, betweenness, eigenvector, Burt's structural holes."""

from __future__ import annotations

import math
import random

import networkx as nx
import numpy as np
import pandas as pd

from netwerk.analysis import backend as fast
from netwerk.analysis.backend import Backend, IGraphView, use_igraph, view_for
from netwerk.analysis.communities import Communities, louvain_communities
from netwerk.analysis.snapshot import sorted_graph

__all__ = [
    "ACTOR_COLUMNS",
    "BETWEENNESS_SAMPLE",
    "BETWEENNESS_SAMPLE_MIN",
    "BETWEENNESS_SAMPLE_SHARE",
    "EXACT_BETWEENNESS_LIMIT",
    "actor_measures",
    "betweenness",
    "betweenness_pivots",
    "betweenness_pivot_count",
    "betweenness_sample_size",
    "betweenness_strata",
    "eigenvector_by_component",
    "structural_holes",
    "with_distance",
]

ACTOR_COLUMNS: tuple[str, ...] = (
    "person_id", "degree", "weighted_degree", "betweenness", "eigenvector", "constraint", "effective_size", "community",
)

EXACT_BETWEENNESS_LIMIT = 2000
"""Up to this many persons with ties betweenness is exact; above it, sampled (see actor_measures)."""

BETWEENNESS_SAMPLE_SHARE = 0.07
"""Above :data:`EXACT_BETWEENNESS_LIMIT` persons with ties, this share of them are pivots ..."""

BETWEENNESS_SAMPLE_MIN = 500
"""... but at least this many ..."""

BETWEENNESS_SAMPLE = 1000
"""... and at most this many (see :func:`betweenness_sample_size`)."""


def with_distance(G: nx.Graph, weight: str = "weight") -> nx.Graph:
    """A sorted copy of ``G`` whose edges carry ``distance = 1 / weight``.

    Parameters
    ----------
    G : networkx.Graph
    weight : str, default "weight"
        Edge attribute holding tie strength; a missing value counts as 1.

    Returns
    -------
    networkx.Graph
        A copy (sorted node and edge order) with edge attributes ``weight`` and
        ``distance``.

    Raises
    ------
    ValueError
        If a weight is not positive (a strength of 0 or less has no distance).

    Notes
    -----
    Strength (shared activities, trust, reports) means *closer*, while shortest-path
    algorithms add lengths; the conventional conversion is :math:`d_{ij} = 1 / w_{ij}`
    (Newman 2001; Brandes 2001; Opsahl et al. 2010 with alpha = 1).
    """
    H = sorted_graph(G)
    for u, v, d in H.edges(data=True):
        w = d.get(weight, 1)
        if w is None or not w > 0:
            raise ValueError(f"tie {u!r}-{v!r} has non-positive strength {w!r}")
        d["weight"] = w
        d["distance"] = 1.0 / w
    return H


def betweenness_sample_size(n: int) -> int | None:
    """The number of pivots :func:`actor_measures` samples for ``n`` persons with ties.

    Returns
    -------
    int or None
        None (exact) up to :data:`EXACT_BETWEENNESS_LIMIT`; above it
        :data:`BETWEENNESS_SAMPLE_SHARE` of ``n``, at least :data:`BETWEENNESS_SAMPLE_MIN`
        and at most :data:`BETWEENNESS_SAMPLE`.

    Notes
    -----
    Chosen by measurement (``python -m bench.analysis``) on generated networks. For a
    10,000-person network (6,400 persons with ties, 62,000 ties) 500 pivots stratified
    by community give Spearman 0.99 and top-30 overlap 0.93-0.97 against exact
    betweenness in under 0.1 of its time; the same number of uniform pivots gives
    0.87-0.93. The cap keeps a 50,000-person network (32,000 persons with ties, 316,000
    ties) at about 40 s on a 2-core machine; each pivot costs one weighted Dijkstra.
    """
    if n <= EXACT_BETWEENNESS_LIMIT:
        return None
    return min(max(round(BETWEENNESS_SAMPLE_SHARE * n), BETWEENNESS_SAMPLE_MIN), BETWEENNESS_SAMPLE, n)


def betweenness_pivot_count(G: nx.Graph, betweenness_k: int | None = None) -> int | None:
    """How many pivots :func:`actor_measures` samples betweenness from on ``G``: None for
    exact betweenness. ``betweenness_k`` when given, else
    :func:`betweenness_sample_size` of the persons with ties; None when that is not
    fewer than the persons of ``G``."""
    k = betweenness_sample_size(sum(1 for _, d in G.degree() if d > 0)) if betweenness_k is None else betweenness_k
    return None if k is not None and k >= G.number_of_nodes() else k


def betweenness_pivots(G: nx.Graph, k: int, seed: int) -> list:
    """The ``k`` uniformly sampled pivot sources of ``G`` for ``seed``.

    Returns
    -------
    list
        ``random.Random(seed).sample(nodes, k)`` over the nodes sorted as text: the
        same pivots ``nx.betweenness_centrality(sorted_graph(G), k=k, seed=seed)`` draws.

    Raises
    ------
    ValueError
        If ``k`` exceeds the number of nodes.
    """
    return random.Random(seed).sample(sorted(G.nodes, key=str), k)


def betweenness_strata(G: nx.Graph, k: int, seed: int, strata: dict | None = None) -> list[tuple[list, list]]:
    """Pivots for sampled betweenness, drawn per stratum (e.g. Louvain community).

    Parameters
    ----------
    G : networkx.Graph
    k : int
        Pivots in total (1 <= k <= number of nodes).
    seed : int
    strata : dict, optional
        Node -> stratum label. None: one stratum, the uniform sample of
        :func:`betweenness_pivots` over all nodes. With strata, persons without ties are
        left out (as sources they add exactly nothing, so no pivot is spent on them).

    Returns
    -------
    list of (pivots, members)
        Node lists, strata largest first (ties by smallest member as text). Stratum *h*
        of :math:`n_h` members (of *n* persons with ties) gets :math:`k n_h / n` pivots (largest remainder
        rounding); strata that would get fewer than 2 are pooled into one last stratum
        with at least 2 (so the total can exceed *k* by one or two). Pivots of each
        stratum are ``random.Random(seed).sample(members, k_h)`` in this order. If *k*
        reaches the number of persons with ties, all are pivots (exact).

    Raises
    ------
    ValueError
        If ``k`` is not between 1 and the number of nodes.
    """
    nodes = sorted(G.nodes, key=str)
    n = len(nodes)
    if not 1 <= k <= n:
        raise ValueError(f"k={k} pivots for {n} nodes")
    if strata is None:
        return [(betweenness_pivots(G, k, seed), nodes)]
    nodes = [v for v in nodes if G.degree(v) > 0]  # as sources, persons without ties add exactly 0
    n = len(nodes)
    if k >= n:
        return [(nodes, nodes)] if nodes else []
    groups: dict = {}
    for v in nodes:
        groups.setdefault(strata[v], []).append(v)
    ordered = sorted(groups.values(), key=lambda m: (-len(m), str(m[0])))
    share = [k * len(m) / n for m in ordered]
    alloc = [math.floor(x) for x in share]
    for i in sorted(range(len(ordered)), key=lambda i: (alloc[i] - share[i], i))[: k - sum(alloc)]:
        alloc[i] += 1
    rng = random.Random(seed)
    out: list[tuple[list, list]] = []
    pool: list = []
    pool_k = 0
    for members, kh in zip(ordered, alloc, strict=True):
        if kh >= 2:
            out.append((rng.sample(members, kh), members))
        else:
            pool.extend(members)
            pool_k += kh
    if pool:
        pool.sort(key=str)
        out.append((rng.sample(pool, min(max(pool_k, 2), len(pool))), pool))
    return out


def betweenness(
    G: nx.Graph,
    weight: str | None = "weight",
    k: int | None = None,
    seed: int = 42,
    *,
    strata: dict | None = None,
    backend: Backend = "auto",
    view: IGraphView | None = None,
) -> dict:
    r"""Normalised betweenness on distances :math:`1/w`, exact or sampled with k pivots.

    Parameters
    ----------
    G : networkx.Graph
        Undirected network; ``weight`` is tie strength (missing means 1).
    weight : str or None, default "weight"
        None: every tie has length 1.
    k : int, optional
        Sample this many pivot sources (:func:`betweenness_strata`); None (or k >= n)
        for exact betweenness.
    seed : int, default 42
        Seed of the pivot sample (unused when exact).
    strata : dict, optional
        Node -> stratum label (e.g. Louvain community) to sample pivots per stratum;
        None for uniform pivots.
    backend : {"auto", "networkx", "igraph"}, default "auto"
        See :mod:`netwerk.analysis.backend`; under "auto" networkx up to
        :data:`~netwerk.analysis.backend.BETWEENNESS_NETWORKX_MAX_TIES` ties, igraph above.
    view : IGraphView, optional
        ``to_igraph(G, weight)`` made once and shared by several measures.

    Returns
    -------
    dict
        Node -> betweenness. Exact, or uniform pivots, give the values of
        ``nx.betweenness_centrality(sorted_graph(G), k=k, normalized=True,
        weight=<1/w>, seed=seed)``.

    Raises
    ------
    ValueError
        If ``G`` is directed or a tie has a non-positive strength.

    Notes
    -----
    Exact (Freeman 1977; Brandes 2001): :math:`c_B(v) = \sum_{s \ne v \ne t}
    \sigma_{st}(v) / \sigma_{st}` over ordered pairs, divided by :math:`(n-1)(n-2)`.

    Sampled (Brandes & Pich 2007): Brandes's single-source dependencies
    :math:`\delta_{s\bullet}(v) = \sum_t \sigma_{st}(v) / \sigma_{st}` are computed for
    pivot sources only and extrapolated to all sources. With pivots drawn uniformly
    without replacement, :math:`\hat c_B(v) = \frac{n-1}{k} \sum_{s \in S}
    \delta_{s\bullet}(v) / ((n-1)(n-2))`, with :math:`(n-1)/(k-1)` for a pivot *v*
    itself (networkx 3.6's scaling; unbiased given whether *v* was drawn). With strata
    (stratified sampling; Cochran 1977, ch. 5) stratum *h* of :math:`n_h` persons
    gets :math:`k_h \approx k n_h / n` pivots and its sum is extrapolated with
    :math:`n_h / k_h` (:math:`(n_h-1)/k_h` for its other members, :math:`(n_h-1)/(k_h-1)`
    for its pivots); with one stratum this is the uniform estimate. Stratifying by
    community removes the between-community part of the sampling variance: a broker's
    betweenness comes from the communities it joins, and each is sampled in proportion.
    Both are unbiased; the error falls as :math:`1/\sqrt{k}`.

    Both backends compute the same sums. They can differ only where two shortest paths
    have mathematically equal lengths whose floating-point sums differ in the last bit
    (e.g. 1/2 + 1/12 against 1/3 + 1/4): networkx compares lengths exactly and so counts
    one path, igraph compares with a relative tolerance of 1e-10 and counts both, which
    is the exact answer (the tests compare igraph with networkx run on exact fractions).

    References
    ----------
    .. [1] L. C. Freeman, "A set of measures of centrality based on betweenness",
       Sociometry 40 (1977) 35-41.
    .. [2] U. Brandes, "A faster algorithm for betweenness centrality",
       J. Math. Sociology 25 (2001) 163-177.
    .. [3] U. Brandes and C. Pich, "Centrality estimation in large networks",
       Int. J. Bifurcation and Chaos 17 (2007) 2303-2318.
    .. [4] W. G. Cochran, *Sampling Techniques*, 3rd ed., Wiley (1977).
    """
    if G.is_directed():
        raise ValueError("betweenness expects an undirected graph")
    n = G.number_of_nodes()
    if k is not None and k >= n:
        k = None
    plan = None if k is None else betweenness_strata(G, k, seed, strata)
    if use_igraph(backend, ties=G.number_of_edges(), networkx_up_to=fast.BETWEENNESS_NETWORKX_MAX_TIES):
        V = view_for(G, weight, view)
        return V.values(fast.betweenness(V, plan, weighted=weight is not None))
    H = with_distance(G, weight=weight) if weight else sorted_graph(G)
    dist = "distance" if weight else None
    if plan is None or strata is None:
        return nx.betweenness_centrality(H, k=k, normalized=True, weight=dist, seed=seed if k else None)
    nodes = list(H)
    index = {v: i for i, v in enumerate(nodes)}
    total = np.zeros(n)
    for pivots, members in plan:
        # networkx halves the subset sum on an undirected graph; 2x gives the ordered count.
        raw = nx.betweenness_centrality_subset(H, pivots, nodes, normalized=False, weight=dist)
        w = fast.stratum_weights(n, [index[m] for m in members], [index[s] for s in pivots])
        total += 2.0 * np.array([raw[v] for v in nodes]) * w
    return dict(zip(nodes, (total / ((n - 1) * (n - 2))).tolist(), strict=True))


def eigenvector_by_component(
    G: nx.Graph, weight: str | None = "weight", *, backend: Backend = "auto", view: IGraphView | None = None
) -> dict:
    """Weighted eigenvector centrality, computed per connected component.

    Parameters
    ----------
    G : networkx.Graph
    weight : str or None, default "weight"
    backend : {"auto", "networkx", "igraph"}, default "auto"
        igraph (ARPACK) under "auto", except for a graph with self-loops (igraph counts
        a loop twice on the diagonal, networkx once).
    view : IGraphView, optional
        ``to_igraph(G, weight)``, shared with other measures.

    Returns
    -------
    dict
        Node -> centrality (>= 0). Isolates get 0.0; an empty graph gives ``{}``.

    Raises
    ------
    ValueError
        On the igraph path, if a tie has a non-positive strength.

    Notes
    -----
    Eigenvector centrality :math:`x_i = \\lambda^{-1} \\sum_j w_{ij} x_j` (Bonacich
    1972) is only meaningful within a connected component: for a disconnected graph the
    leading eigenvector of the whole matrix is zero outside the component with the
    largest eigenvalue, which would hide every other group (and power iteration may not
    converge when two components have similar eigenvalues). Each component with two or
    more persons therefore gets ``nx.eigenvector_centrality`` (unit Euclidean norm within
    the component), multiplied by :math:`\\sqrt{n_c / n}` so that the whole vector has
    unit norm again; for a connected graph the result equals networkx's. If power
    iteration does not converge in 1000 steps, the leading eigenvector of the
    component's weighted adjacency matrix is taken with ``numpy.linalg.eigh`` instead.
    The igraph path computes the same leading eigenvector per component with ARPACK
    (about 200 times faster on 100,000 ties; equal to networkx's within 1e-8).

    References
    ----------
    .. [1] P. Bonacich, "Factoring and weighting approaches to status scores and clique
       identification", J. Math. Sociology 2 (1972) 113-120.
    """
    if use_igraph(backend):
        V = view_for(G, weight, view)
        if not V.has_loops:
            return V.values(fast.eigenvector(V, weighted=weight is not None))
    n = G.number_of_nodes()
    out = {v: 0.0 for v in G}
    for comp in sorted((sorted(c, key=str) for c in nx.connected_components(G)), key=lambda c: str(c[0])):
        if len(comp) < 2:
            continue
        H = sorted_graph(G.subgraph(comp))
        try:
            ev = nx.eigenvector_centrality(H, max_iter=1000, tol=1e-10, weight=weight)
        except nx.PowerIterationFailedConvergence:
            A = nx.to_numpy_array(H, nodelist=comp, weight=weight)
            _, vecs = np.linalg.eigh(A)
            vec = np.abs(vecs[:, -1])
            vec = vec / np.linalg.norm(vec)
            ev = dict(zip(comp, vec.tolist(), strict=True))
        scale = math.sqrt(len(comp) / n)
        for v, x in ev.items():
            out[v] = float(x) * scale
    return out


def structural_holes(
    G: nx.Graph, weight: str | None = "weight", *, backend: Backend = "auto", view: IGraphView | None = None
) -> tuple[dict, dict]:
    """Burt's constraint and effective size of every node of an undirected graph.

    Parameters
    ----------
    G : networkx.Graph
        Undirected; self-loops are ignored.
    weight : str or None, default "weight"
        Edge attribute with tie strength (missing means 1); None for unweighted.
    backend : {"auto", "networkx", "igraph"}, default "auto"
        Under "auto" (except with self-loops) constraint by igraph's ``constraint`` and
        effective size from igraph's triangle list with numpy
        (:func:`netwerk.analysis.backend.effective_size`); "networkx" runs the loop below.
    view : IGraphView, optional
        ``to_igraph(G, weight)``, shared with other measures.

    Returns
    -------
    (dict, dict)
        Node -> constraint and node -> effective size; NaN for a node without ties.

    Raises
    ------
    ValueError
        If ``G`` is directed (or, on the igraph path, a tie has a non-positive strength).

    Notes
    -----
    With :math:`p_{ij} = w_{ij} / \\sum_k w_{ik}` (share of *i*'s tie strength
    invested in *j*) and :math:`m_{jq} = w_{jq} / \\max_k w_{jk}`:

    - constraint :math:`c_i = \\sum_{j \\in N(i)} (p_{ij} + \\sum_{q \\ne i,j}
      p_{iq} p_{qj})^2`,
    - effective size :math:`e_i = \\sum_{j \\in N(i)} (1 - \\sum_{q} p_{iq} m_{jq})`.

    The same definitions and results as ``nx.constraint`` and ``nx.effective_size``
    with ``weight`` (a test pins the equality), but each :math:`p` and :math:`m` is
    computed once: networkx recomputes the normalising sum inside every term, which
    takes more than 30 seconds per measure on a 186-person neighbourhood network with
    average degree 31 and milliseconds here. Iteration follows ``G``'s adjacency order
    (no sets), so results are reproducible. The igraph path gives the same values about
    50 times faster still (tests compare the two).

    References
    ----------
    .. [1] R. S. Burt, *Structural Holes: The Social Structure of Competition*,
       Harvard University Press (1992).
    .. [2] S. P. Borgatti, "Structural holes: unpacking Burt's redundancy measures",
       Connections 20 (1997) 35-38.
    """
    if G.is_directed():
        raise ValueError("structural_holes expects an undirected graph")
    if use_igraph(backend):
        V = view_for(G, weight, view)
        if not V.has_loops:
            con = V.values(fast.constraint(V, weighted=weight is not None))
            eff = V.values(fast.effective_size(V, weighted=weight is not None))
            return {u: math.nan if math.isnan(eff[u]) else con[u] for u in G}, {u: eff[u] for u in G}
    p: dict = {}
    m: dict = {}
    for u in G:
        ws = {v: float(d.get(weight, 1)) if weight else 1.0 for v, d in G[u].items() if v != u}
        total = sum(ws.values())
        top = max(ws.values(), default=0.0)
        p[u] = {v: w / total for v, w in ws.items()} if total else {}
        m[u] = {v: w / top for v, w in ws.items()} if top else {}
    constraint: dict = {}
    effective: dict = {}
    for u in G:
        pu = p[u]
        if not pu:
            constraint[u] = effective[u] = math.nan
            continue
        c = e = 0.0
        for v, puv in pu.items():
            mv = m[v]
            indirect = sum(puq * p[q].get(v, 0.0) for q, puq in pu.items() if q != v)
            c += (puv + indirect) ** 2
            e += 1.0 - sum(puq * mv.get(q, 0.0) for q, puq in pu.items())
        constraint[u] = c
        effective[u] = e
    return constraint, effective


def actor_measures(
    G: nx.Graph,
    weight: str = "weight",
    seed: int = 42,
    betweenness_k: int | None = None,
    communities: bool | Communities = True,
    *,
    backend: Backend = "auto",
    view: IGraphView | None = None,
) -> pd.DataFrame:
    """Centrality and brokerage measures for every person of an undirected network.

    Parameters
    ----------
    G : networkx.Graph
        Person network; ``weight`` is tie strength (missing means 1).
    weight : str, default "weight"
    seed : int, default 42
        Seed for sampled betweenness and for Louvain.
    betweenness_k : int, optional
        Sample this many pivot sources for betweenness, stratified by Louvain community.
        By default betweenness is exact up to :data:`EXACT_BETWEENNESS_LIMIT` persons
        with ties and sampled with :func:`betweenness_sample_size` pivots above it.
    communities : bool or Communities, default True
        Add the Louvain community (:func:`louvain_communities`, same seed), or the
        communities given (e.g. computed once for a report; also used as the strata of
        sampled betweenness). False: column -1 (Louvain still runs when betweenness is
        sampled, for its strata).
    backend : {"auto", "networkx", "igraph"}, default "auto"
        Where the measures run (:mod:`netwerk.analysis.backend`): "auto" converts ``G``
        to igraph once and computes betweenness, eigenvector, constraint (and Louvain on
        large graphs) there; "networkx" is the reference.
    view : IGraphView, optional
        ``to_igraph(G, weight)`` made by the caller and shared with other measures.

    Returns
    -------
    pandas.DataFrame
        One row per person, sorted by person_id (as text). Columns:

        - person_id
        - degree (int): number of ties
        - weighted_degree (float): strength, the sum of tie weights
        - betweenness (float): normalised, on distances :math:`1/w` (:func:`betweenness`)
        - eigenvector (float): weighted, per component (:func:`eigenvector_by_component`)
        - constraint (float): Burt's constraint, weighted; NaN for isolates
        - effective_size (float): Burt's effective size, weighted; NaN for isolates
        - community (int): Louvain community number (0 = largest); -1 if not computed

        ``DataFrame.attrs`` records ``betweenness_k`` (None = exact) and ``seed``.
        Float measures are rounded to 12 decimals, so results are identical across
        Python processes (networkx sums over hash-ordered sets in places).

    Raises
    ------
    ValueError
        If ``G`` is directed or a tie has a non-positive weight.

    Notes
    -----
    Betweenness (Freeman 1977; Brandes 2001):
    :math:`c_B(v) = \\sum_{s \\ne v \\ne t} \\sigma_{st}(v) / \\sigma_{st}`, over
    shortest paths by distance :math:`d = 1/w` (strong ties are short), divided by
    :math:`(n-1)(n-2)/2`. Above :data:`EXACT_BETWEENNESS_LIMIT` persons with ties it is the
    Brandes-Pich estimate from ``k`` pivots sampled per Louvain community
    (:func:`betweenness`, :func:`betweenness_strata`); the pivots follow from ``seed``
    and the network, both recorded in ``attrs`` with ``k``.

    Constraint (Burt 1992): :math:`c_i = \\sum_{j \\ne i} (p_{ij} + \\sum_{q \\ne i,j}
    p_{iq} p_{qj})^2` with :math:`p_{ij}` the share of *i*'s tie strength invested in
    *j*; effective size: :math:`\\sum_j (1 - \\sum_q p_{iq} m_{jq})`, with
    :math:`m_{jq}` *j*'s tie to *q* divided by *j*'s strongest tie. Both are undefined
    for a person without ties: NaN, as in networkx. Computed by :func:`structural_holes`.

    References
    ----------
    .. [1] L. C. Freeman, "A set of measures of centrality based on betweenness",
       Sociometry 40 (1977) 35-41.
    .. [2] U. Brandes, "A faster algorithm for betweenness centrality",
       J. Math. Sociology 25 (2001) 163-177.
    .. [3] R. S. Burt, *Structural Holes: The Social Structure of Competition*,
       Harvard University Press (1992).
    .. [4] P. Bonacich (1972), see :func:`eigenvector_by_component`.
    .. [5] U. Brandes and C. Pich (2007), see :func:`betweenness`.
    """
    if G.is_directed():
        raise ValueError("actor_measures expects an undirected person network")
    n = G.number_of_nodes()
    if n == 0:
        df = pd.DataFrame({c: pd.Series(dtype=object if c == "person_id" else float) for c in ACTOR_COLUMNS})
        df.attrs.update(betweenness_k=None, seed=seed)
        return df
    k = betweenness_pivot_count(G, betweenness_k)
    if use_igraph(backend):
        V = view_for(G, weight, view)
        H = G
        nodes = list(V.nodes)
        degree = V.graph.degree()
        strength = V.graph.strength(weights="weight")
    else:
        V = None
        H = with_distance(G, weight=weight)
        nodes = list(H.nodes)
        degree = [H.degree(v) for v in nodes]
        strength = [H.degree(v, weight="weight") for v in nodes]
    if isinstance(communities, Communities):
        membership = communities.membership
    elif communities or k is not None:
        membership = louvain_communities(H, seed=seed, weight=weight, backend=backend, view=V).membership
    else:
        membership = {}
    btw = betweenness(H, weight, k=k, seed=seed, strata=membership if k is not None else None, backend=backend, view=V)
    eig = eigenvector_by_component(H, weight=weight, backend=backend, view=V)
    con, eff = structural_holes(H, weight=weight, backend=backend, view=V)
    df = pd.DataFrame(
        {
            "person_id": nodes,
            "degree": degree,
            "weighted_degree": [_r(x) for x in strength],
            "betweenness": [_r(btw[v]) for v in nodes],
            "eigenvector": [_r(eig[v]) for v in nodes],
            "constraint": [_r(con[v]) for v in nodes],
            "effective_size": [_r(eff[v]) for v in nodes],
            "community": [membership.get(v, -1) for v in nodes] if communities is not False else [-1] * n,
        }
    )
    df.attrs.update(betweenness_k=k, seed=seed)
    return df


def _r(x: float) -> float:
    # networkx sums over sets in places (structural holes, modularity), whose order
    # depends on Python's per-process str hashing; 12 decimals remove that last-bit noise.
    return round(float(x), 12)
