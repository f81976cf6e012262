"""Directed networks (reported "kent" ties, survey ratings): density, reciprocity, in- and
out-degree, with R sna's definitions."""

from __future__ import annotations

import math

import networkx as nx

__all__ = ["DIRECTED_KEYS", "directed_summary"]

DIRECTED_KEYS: tuple[str, ...] = (
    "actors", "actors_with_ties", "ties", "density", "mutual_dyads", "asymmetric_dyads", "null_dyads",
    "reciprocity_dyadic", "reciprocity_dyadic_nonnull", "reciprocity_edgewise",
    "mean_in_degree", "mean_out_degree", "max_in_degree", "max_out_degree",
)
"""Keys of :func:`directed_summary`, in order."""


def directed_summary(D: nx.DiGraph) -> dict:
    """Size, density, reciprocity and in/out-degree of a directed network.

    Parameters
    ----------
    D : networkx.DiGraph
        Directed ties, e.g. :func:`~netwerk.analysis.knows_digraph` ("kent") or a round's
        :func:`~netwerk.analysis.ratings.rating_digraph`. A tie is there or not (weights
        are ignored); self-loops are ignored.

    Returns
    -------
    dict
        Plain ints and floats, keys :data:`DIRECTED_KEYS` (NaN where undefined):

        - actors: nodes *n*; actors_with_ties: nodes with at least one tie in or out;
        - ties: directed ties *m* (ordered pairs);
        - density: :math:`m / (n(n-1))` (sna ``gden``; NaN for *n* < 2);
        - mutual_dyads *M*, asymmetric_dyads *A*, null_dyads *N*: the dyad census,
          :math:`M + A + N = n(n-1)/2`;
        - reciprocity_dyadic: :math:`(M + N) / (M + A + N)`, the share of dyads that are
          symmetric, null dyads included (sna ``grecip(g, measure="dyadic")``);
        - reciprocity_dyadic_nonnull: :math:`M / (M + A)`, the share of tied dyads that
          are mutual (sna ``"dyadic.nonnull"``);
        - reciprocity_edgewise: :math:`2M / (2M + A) = 2M / m`, the share of ties that
          are returned (sna ``"edgewise"``; networkx's ``nx.reciprocity``);
        - mean_in_degree, mean_out_degree: both :math:`m / n` (NaN for *n* = 0);
        - max_in_degree, max_out_degree (0 for an empty graph).

    Raises
    ------
    ValueError
        If ``D`` is not directed.

    Notes
    -----
    Definitions as in R's sna (Butts), whose ``gden``, ``grecip`` and ``degree`` give
    the same numbers on Krackhardt's managers (checked against recorded sna 2.7-1 output
    in the tests). The dyadic measure counts null dyads as symmetric, so on a sparse
    network it is close to 1 whatever the ties do; the edgewise measure is the usual
    "reciprocity" of a network (Wasserman and Faust 1994, 13.2).

    References
    ----------
    .. [1] S. Wasserman and K. Faust, *Social Network Analysis: Methods and
       Applications*, Cambridge University Press (1994), 4.2 and 13.2.
    .. [2] C. T. Butts, sna: Tools for Social Network Analysis, R package, ``gden``,
       ``grecip``.
    """
    if not D.is_directed():
        raise ValueError("directed_summary expects a directed graph")
    n = D.number_of_nodes()
    ties = {(u, v) for u, v in D.edges() if u != v}
    m = len(ties)
    mutual = sum(1 for u, v in ties if (v, u) in ties) // 2
    asym = m - 2 * mutual
    dyads = n * (n - 1) // 2
    null = dyads - mutual - asym
    indeg: dict = dict.fromkeys(D, 0)
    outdeg: dict = dict.fromkeys(D, 0)
    for u, v in ties:
        outdeg[u] += 1
        indeg[v] += 1
    return {
        "actors": n,
        "actors_with_ties": sum(1 for v in D if indeg[v] or outdeg[v]),
        "ties": m,
        "density": m / (n * (n - 1)) if n > 1 else math.nan,
        "mutual_dyads": mutual,
        "asymmetric_dyads": asym,
        "null_dyads": null,
        "reciprocity_dyadic": (mutual + null) / dyads if dyads else math.nan,
        "reciprocity_dyadic_nonnull": mutual / (mutual + asym) if mutual + asym else math.nan,
        "reciprocity_edgewise": 2 * mutual / m if m else math.nan,
        "mean_in_degree": m / n if n else math.nan,
        "mean_out_degree": m / n if n else math.nan,
        "max_in_degree": max(indeg.values(), default=0),
        "max_out_degree": max(outdeg.values(), default=0),
    }
