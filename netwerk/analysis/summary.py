"""Whole-network figures: size, density, components, clustering, cross-organisation ties."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import networkx as nx

__all__ = ["SUMMARY_KEYS", "NetworkSummary", "network_summary"]


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

    def as_dict(self) -> dict[str, int | float]:
        """The figures as a plain dict (JSON-ready: ints and floats only)."""
        return asdict(self)


SUMMARY_KEYS: tuple[str, ...] = tuple(NetworkSummary.__dataclass_fields__)
"""The keys of :meth:`NetworkSummary.as_dict`, in order."""


def network_summary(G: nx.Graph, bipartite: nx.Graph | None = None) -> NetworkSummary:
    """Key figures of an undirected person network.

    Parameters
    ----------
    G : networkx.Graph
        The person network (:func:`~netwerk.analysis.social_graph`). Node attributes
        ``kind`` and ``org_id`` are used where present.
    bipartite : networkx.Graph, optional
        The person–activity graph (:func:`~netwerk.analysis.bipartite_graph`) of the
        same snapshot; gives ``activities`` and ``participations`` (0 without it).

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
          of different organisations: collaboration at uitvoeringsniveau.

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
    for u, v in G.edges():
        a, b = G.nodes[u], G.nodes[v]
        if (
            a.get("kind") == "professional"
            and b.get("kind") == "professional"
            and a.get("org_id") is not None
            and b.get("org_id") is not None
            and a["org_id"] != b["org_id"]
        ):
            cross += 1
    return NetworkSummary(
        persons=n,
        organisations=len(orgs),
        activities=activities,
        participations=participations,
        ties=m,
        density=float(nx.density(G)) if n > 1 else 0.0,
        components=nx.number_connected_components(G) if n else 0,
        average_degree=2.0 * m / n if n else 0.0,
        clustering=float(nx.average_clustering(G)) if n else 0.0,
        isolates=nx.number_of_isolates(G),
        cross_org_ties=cross,
    )
