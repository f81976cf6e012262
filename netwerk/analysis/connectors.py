"""Connectors (verbinders): people whose ties bridge residents and professionals.

Pure functions on the social graph (:func:`netwerk.analysis.snapshot.social_graph`).
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

__all__ = ["CONNECTOR_COLUMNS", "resident_professional_brokerage"]

CONNECTOR_COLUMNS = ["person_id", "label", "kind", "resident_ties", "professional_ties", "brokerage", "share"]


def resident_professional_brokerage(
    G: nx.Graph,
    residents: tuple[str, ...] = ("resident",),
    professionals: tuple[str, ...] = ("professional",),
    weight: str | None = None,
) -> pd.DataFrame:
    """Brokerage between residents and professionals: who lies on the paths between them.

    Parameters
    ----------
    G : networkx.Graph
        The social graph; node attribute ``kind`` says who is a resident or professional.
    residents, professionals : tuple of str
        The person kinds of the two sides.
    weight : str, optional
        Edge attribute used as a distance for shortest paths (e.g. ``"distance"``,
        1/strength); None counts steps.

    Returns
    -------
    pandas.DataFrame
        One row per person with brokerage > 0. Columns: person_id, label, kind,
        resident_ties and professional_ties (number of neighbours of each side),
        brokerage (see Notes), share (brokerage divided by the number of
        resident–professional pairs, 0-1). Sorted by brokerage (descending), then person_id.

    Notes
    -----
    Betweenness restricted to resident–professional pairs:

    .. math:: b(v) = \\sum_{s \\in R,\\, t \\in P,\\, v \\ne s,t} \\frac{\\sigma_{st}(v)}{\\sigma_{st}}

    with *R* the residents, *P* the professionals, :math:`\\sigma_{st}` the number of
    shortest s–t paths and :math:`\\sigma_{st}(v)` those through *v*
    (``nx.betweenness_centrality_subset``, un-normalised; networkx halves the sum on an
    undirected graph, which is undone here so that *b(v)* counts pairs). A person whom
    every shortest path between one resident and one professional passes scores 1 for
    that pair. This is the undirected counterpart of Gould & Fernandez's liaison and
    representative roles between two groups, weighted by how many pairs depend on them.

    References
    ----------
    .. [1] R. V. Gould and R. M. Fernandez, "Structures of mediation: a formal approach
       to brokerage in transaction networks", Sociological Methodology 19 (1989) 89-126.
    .. [2] U. Brandes, "On variants of shortest-path betweenness centrality and their
       generic computation", Social Networks 30(2) (2008) 136-145.
    """
    kind = nx.get_node_attributes(G, "kind")
    R = sorted((n for n in G if kind.get(n) in residents), key=str)
    P = sorted((n for n in G if kind.get(n) in professionals), key=str)
    if not R or not P:
        return pd.DataFrame(columns=CONNECTOR_COLUMNS)
    b = nx.betweenness_centrality_subset(G, R, P, normalized=False, weight=weight)
    factor = 1.0 if G.is_directed() else 2.0
    pairs = len(R) * len(P)
    rows = []
    for n, value in b.items():
        value *= factor
        if value <= 1e-12:
            continue
        nbrs = G[n]
        rows.append((
            n, G.nodes[n].get("label", n), kind.get(n),
            sum(kind.get(m) in residents for m in nbrs), sum(kind.get(m) in professionals for m in nbrs),
            float(value), float(value) / pairs,
        ))
    df = pd.DataFrame(rows, columns=CONNECTOR_COLUMNS)
    return df.sort_values(["brokerage", "person_id"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
