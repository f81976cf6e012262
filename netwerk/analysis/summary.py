"""Whole-network figures: size, density, components, clustering, cross-organisation ties."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

import networkx as nx
import numpy as np
import pandas as pd

from netwerk.analysis import backend as fast
from netwerk.analysis.backend import Backend, IGraphView, use_igraph, view_for

__all__ = ["SUMMARY_KEYS", "NetworkSummary", "network_summary", "summary_from_codes", "summary_from_edges"]


@dataclass(frozen=True)
class NetworkSummary:
    """Key figures of a person network (see :func:`network_summary`)."""

    persons: int
    organisations: int
    activities: int
    participations: int
    ties: int
    density: float
    components: int
    average_degree: float
    clustering: float
    isolates: int
    cross_org_ties: int
    organisation_ties: int

    def as_dict(self) -> dict[str, int | float]:
        """The figures as a plain dict (JSON-ready: ints and floats only)."""
        return asdict(self)


SUMMARY_KEYS: tuple[str, ...] = tuple(NetworkSummary.__dataclass_fields__)
"""The keys of :meth:`NetworkSummary.as_dict`, in order."""


def network_summary(
    G: nx.Graph,
    bipartite: nx.Graph | None = None,
    *,
    backend: Backend = "auto",
    view: IGraphView | None = None,
) -> NetworkSummary:
    """Key figures of an undirected person network.

    Parameters
    ----------
    G : networkx.Graph
        The person network (:func:`~netwerk.analysis.social_graph`). Node attributes
        ``kind`` and ``org_id`` are used where present.
    bipartite : networkx.Graph, optional
        The person–activity graph (:func:`~netwerk.analysis.bipartite_graph`) of the
        same snapshot; gives ``activities`` and ``participations`` (0 without it).
    backend : {"auto", "networkx", "igraph"}, default "auto"
        Clustering and components by igraph under "auto" (same values, see
        :mod:`netwerk.analysis.backend`), except for a graph with self-loops.
    view : IGraphView, optional
        ``to_igraph(G)``, shared with other measures (any weight).

    Returns
    -------
    NetworkSummary
        - persons: nodes of ``G``;
        - organisations: distinct ``org_id`` among those persons (organisations
          represented in the network);
        - activities: nodes with ``bipartite=1``; participations: edges of ``bipartite``;
        - ties: edges of ``G`` (person pairs with any tie);
        - density: :math:`2m / (n(n-1))`, unweighted, 0 for fewer than 2 persons;
        - components: connected components, an isolate counting as one;
        - average_degree: :math:`2m / n`;
        - clustering: average local clustering coefficient, unweighted, persons with
          fewer than 2 neighbours counting as 0 (Watts & Strogatz 1998);
        - isolates: persons without any tie;
        - cross_org_ties: ties between two professionals (``kind == "professional"``)
          of different organisations: collaboration at uitvoeringsniveau;
        - organisation_ties: organisation pairs joined by at least one tie between
          their people (persons of any kind with an ``org_id``).

        Which tie ``G`` holds is the caller's choice; the product passes working ties
        (:mod:`netwerk.analysis.ties`), whose Dutch names are in
        :data:`netwerk.analysis.ties.FIGURES`.

        An empty graph gives zeros.

    Raises
    ------
    ValueError
        If ``G`` is directed.

    Notes
    -----
    Clustering is unweighted on purpose: the weighted variants (Onnela et al. 2005)
    divide by the network's single largest weight, so one very frequent pair would
    change every person's value.

    References
    ----------
    .. [1] D. J. Watts and S. H. Strogatz, "Collective dynamics of 'small-world'
       networks", Nature 393 (1998) 440-442.
    .. [2] S. Wasserman and K. Faust, *Social Network Analysis* (1994), ch. 4.
    """
    if G.is_directed():
        raise ValueError("network_summary expects an undirected person network")
    n = G.number_of_nodes()
    m = G.number_of_edges()
    orgs = {o for _, o in G.nodes(data="org_id") if o is not None}
    if bipartite is not None:
        activities = sum(1 for _, b in bipartite.nodes(data="bipartite") if b == 1)
        participations = bipartite.number_of_edges()
    else:
        activities = participations = 0
    cross = 0
    org_pairs = set()
    for u, v in G.edges():
        a, b = G.nodes[u], G.nodes[v]
        oa, ob = a.get("org_id"), b.get("org_id")
        if oa is not None and ob is not None and oa != ob:
            org_pairs.add((oa, ob) if str(oa) <= str(ob) else (ob, oa))
        if (
            a.get("kind") == "professional"
            and b.get("kind") == "professional"
            and a.get("org_id") is not None
            and b.get("org_id") is not None
            and a["org_id"] != b["org_id"]
        ):
            cross += 1
    if n and m and use_igraph(backend):
        V = view if view is not None else view_for(G, None, None)
        if V.graph.vcount() != n or V.graph.ecount() != m:
            raise ValueError("the igraph view was not made from this graph")
        if not V.has_loops:
            components = len(V.graph.connected_components())
            clustering = fast.average_clustering(V)
        else:
            components, clustering = nx.number_connected_components(G), float(nx.average_clustering(G))
    else:
        components = nx.number_connected_components(G) if n else 0
        clustering = float(nx.average_clustering(G)) if n else 0.0
    return NetworkSummary(
        persons=n,
        organisations=len(orgs),
        activities=activities,
        participations=participations,
        ties=m,
        density=float(nx.density(G)) if n > 1 else 0.0,
        components=components,
        average_degree=2.0 * m / n if n else 0.0,
        clustering=clustering,
        isolates=nx.number_of_isolates(G),
        cross_org_ties=cross,
        organisation_ties=len(org_pairs),
    )


def summary_from_edges(
    persons: list[tuple[str, dict]], edges: list[tuple], activities: int = 0, participations: int = 0
) -> NetworkSummary:
    """:func:`network_summary` of a person network given as plain lists, without networkx.

    Parameters
    ----------
    persons : list of (person_id, attributes)
        As returned by :func:`~netwerk.analysis.snapshot.social_edges` (attributes
        ``kind`` and ``org_id`` used).
    edges : list of tuple
        Ties ``(u, v, ...)`` between listed persons, each pair once, no self-loops.
    activities, participations : int
        Counts of the two-mode network (see :func:`network_summary`).

    Returns
    -------
    NetworkSummary
        The same figures as ``network_summary(G, B)`` for the graph ``G`` with these
        nodes and ties (components and clustering by igraph, equal to networkx's; the
        tests compare both).
    """
    index = {pid: i for i, (pid, _) in enumerate(persons)}
    us = np.array([index[e[0]] for e in edges], dtype=np.int64)
    vs = np.array([index[e[1]] for e in edges], dtype=np.int64)
    return summary_from_codes(persons, us, vs, activities, participations)


def summary_from_codes(
    persons: list[tuple[str, dict]], us: np.ndarray, vs: np.ndarray, activities: int = 0, participations: int = 0
) -> NetworkSummary:
    """:func:`summary_from_edges` with ties given as vertex numbers: tie *i* joins
    ``persons[us[i]]`` and ``persons[vs[i]]`` (each pair once, no self-loops)."""
    n = len(persons)
    m = len(us)
    if not m or not fast.ig:
        G = nx.Graph()
        G.add_nodes_from(persons)
        G.add_edges_from((persons[u][0], persons[v][0]) for u, v in zip(us.tolist(), vs.tolist(), strict=True))
        return replace(network_summary(G, backend="networkx"), activities=activities, participations=participations)
    kinds = np.array([a.get("kind") == "professional" for _, a in persons], dtype=bool)
    org_codes, org_uniques = pd.factorize(pd.Series([a.get("org_id") for _, a in persons], dtype=object))
    cross = int(np.count_nonzero(kinds[us] & kinds[vs] & (org_codes[us] >= 0) & (org_codes[vs] >= 0)
                                 & (org_codes[us] != org_codes[vs])))
    ou, ov = org_codes[us], org_codes[vs]
    both = (ou >= 0) & (ov >= 0) & (ou != ov)
    k = max(len(org_uniques), 1)
    org_pairs = len(np.unique(np.minimum(ou[both], ov[both]) * k + np.maximum(ou[both], ov[both])))
    g = fast.ig.Graph(n=n, edges=np.column_stack([us, vs]), directed=False)
    density = m / (n * (n - 1)) * 2 if n > 1 else 0.0  # nx.density's arithmetic
    return NetworkSummary(
        persons=n,
        organisations=len(org_uniques),
        activities=activities,
        participations=participations,
        ties=m,
        density=float(density),
        components=len(g.connected_components()),
        average_degree=2.0 * m / n,
        clustering=float(g.transitivity_avglocal_undirected(mode="zero")),
        isolates=int(np.count_nonzero(np.asarray(g.degree()) == 0)),
        cross_org_ties=cross,
        organisation_ties=int(org_pairs),
    )
