"""Graphs from a :class:`netwerk.domain.Snapshot`.

Every graph is built in sorted node and edge order (node ids compared as text), so an
analysis never depends on the order of the snapshot's rows: a seeded algorithm such as
Louvain then gives the same answer for the same network however it was imported.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx
import pandas as pd

from netwerk.domain import Snapshot, SnapshotFilter

__all__ = [
    "ACTIVITY_PREFIX",
    "SNAPSHOT_COLUMNS",
    "bipartite_graph",
    "coparticipation_graph",
    "knows_digraph",
    "snapshot_from_frames",
    "social_graph",
    "sorted_graph",
]

ACTIVITY_PREFIX = "activity:"
"""Activity nodes of the bipartite graph are keyed ``activity:<activity_id>`` so that an
activity id can never collide with a person id (importers choose both freely)."""

SNAPSHOT_COLUMNS: dict[str, tuple[str, ...]] = {
    "organisations": ("org_id", "name", "sector"),
    "persons": (
        "person_id", "kind", "label", "display_name", "pseudonym", "role_title", "buurt_code", "skills",
        "consent_named", "org_id", "sector",
    ),
    "groups": ("group_id", "name", "kind"),
    "activities": ("activity_id", "kind", "date", "buurt_code", "title", "methods", "anonymous_participants"),
    "participations": ("activity_id", "person_id", "role"),
    "activity_themes": ("activity_id", "theme"),
    "themes": ("name", "category"),
    "works_for": ("person_id", "org_id", "since", "until"),
    "memberships": ("person_id", "group_id", "since", "until"),
    "knows": ("from_id", "to_id", "source", "since", "count"),
    "ratings": (
        "round_id", "rater_id", "rater_type", "rated_id", "rated_type", "reliability", "mission", "openness",
        "power", "involvement", "resources", "himmelman_level", "contact_frequency",
    ),
    "survey_rounds": ("round_id", "name", "date"),
}
"""The columns :class:`netwerk.domain.Snapshot` documents for each table."""

_PERSON_ATTRS = ("label", "kind", "org_id", "sector")


def snapshot_from_frames(flt: SnapshotFilter | None = None, **frames: pd.DataFrame) -> Snapshot:
    """A :class:`~netwerk.domain.Snapshot` from DataFrames (tests, seeds, other sources).

    Parameters
    ----------
    flt : SnapshotFilter, optional
        Recorded as the snapshot's filter; nothing is filtered here.
    **frames : pandas.DataFrame
        Any of the snapshot's tables (``persons=...``, ``knows=...``). Missing tables are
        empty; missing documented columns are added as ``None`` (``label`` defaults to
        ``person_id``, ``count`` of a KNOWS tie to 1).

    Returns
    -------
    Snapshot

    Raises
    ------
    ValueError
        For a table name the snapshot does not have.
    """
    unknown = set(frames) - set(SNAPSHOT_COLUMNS)
    if unknown:
        raise ValueError(f"unknown snapshot tables: {sorted(unknown)}")
    tables: dict[str, pd.DataFrame] = {}
    for name, cols in SNAPSHOT_COLUMNS.items():
        df = frames.get(name)
        df = pd.DataFrame(columns=list(cols)) if df is None else df.copy().reset_index(drop=True)
        for col in cols:
            if col not in df.columns:
                if name == "persons" and col == "label" and "person_id" in df.columns:
                    df[col] = df["person_id"].astype(str)
                elif name == "knows" and col == "count":
                    df[col] = 1
                elif col == "consent_named":
                    df[col] = False
                else:
                    df[col] = None
        tables[name] = df
    return Snapshot(filter=flt or SnapshotFilter(), **tables)


def sorted_graph(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` with nodes and edges inserted in sorted order.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Any simple graph. Node ids are compared as text (``str``).

    Returns
    -------
    networkx.Graph or networkx.DiGraph
        Same class, same graph/node/edge attributes; nodes in sorted order, each
        undirected edge stored as (smaller, larger) and edges in sorted order.

    Notes
    -----
    networkx iterates nodes and neighbours in insertion order. Seeded algorithms
    (Louvain), power iterations and floating-point sums therefore depend on it; a
    sorted rebuild makes them depend on the network only.
    """
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, G.nodes[n]) for n in sorted(G.nodes, key=str))
    if G.is_directed():
        edges = sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1])))
    else:
        edges = sorted(
            ((u, v, d) if str(u) <= str(v) else (v, u, d) for u, v, d in G.edges(data=True)),
            key=lambda e: (str(e[0]), str(e[1])),
        )
    H.add_edges_from(edges)
    return H


def bipartite_graph(snapshot: Snapshot) -> nx.Graph:
    """The person–activity bipartite graph (two-mode network) of a snapshot.

    Parameters
    ----------
    snapshot : Snapshot

    Returns
    -------
    networkx.Graph
        Person nodes keyed by ``person_id`` with ``bipartite=0`` and the attributes
        label, kind, org_id and sector; activity nodes keyed ``activity:<activity_id>``
        (see :data:`ACTIVITY_PREFIX`) with ``bipartite=1`` and the attributes
        activity_id, kind, date and title. One edge per participation (attribute
        ``role``). Every person and activity of the snapshot is a node, those without
        participations included. Persons first, then activities, each in sorted order.

    Raises
    ------
    ValueError
        If a person id equals a prefixed activity key.

    Notes
    -----
    Participations whose person or activity is not in the snapshot are ignored (a
    store's snapshot never has them).
    """
    B = nx.Graph()
    persons = _persons(snapshot)
    B.add_nodes_from((pid, {"bipartite": 0, **attrs}) for pid, attrs in persons)
    acts = snapshot.activities
    act_rows = sorted(
        ((str(r.activity_id), r) for r in acts.itertuples(index=False)), key=lambda t: t[0]
    ) if len(acts) else []
    for aid, r in act_rows:
        key = ACTIVITY_PREFIX + aid
        if key in B:
            raise ValueError(f"person id {key!r} collides with the key of activity {aid!r}")
        B.add_node(key, bipartite=1, activity_id=aid, kind=_value(r.kind), date=_value(r.date), title=_value(r.title))
    parts = snapshot.participations
    edges = sorted(
        {
            (str(p), ACTIVITY_PREFIX + str(a), _value(role) or "participant")
            for a, p, role in zip(parts["activity_id"], parts["person_id"], parts["role"], strict=True)
        }
    ) if len(parts) else []
    B.add_edges_from((p, a, {"role": role}) for p, a, role in edges if p in B and a in B and B.nodes[p]["bipartite"] == 0)
    return B


def coparticipation_graph(snapshot: Snapshot, newman: bool = False) -> nx.Graph:
    """The weighted one-mode projection of the person–activity graph on persons.

    Parameters
    ----------
    snapshot : Snapshot
    newman : bool, default False
        Weight ties with Newman's collaboration weight instead of the count of shared
        activities.

    Returns
    -------
    networkx.Graph
        Every person of the snapshot as a node (isolates included, attributes as in
        :func:`bipartite_graph`); an edge between two persons who took part in at least
        one common activity, with ``weight``. Sorted node and edge order.

    Notes
    -----
    Count weight: :math:`w_{ij} = |A_i \\cap A_j|`, the number of activities both took
    part in (``nx.bipartite.weighted_projected_graph``).

    Newman weight: :math:`w_{ij} = \\sum_{a \\in A_i \\cap A_j} 1 / (n_a - 1)` with
    :math:`n_a` the number of participants of activity *a*: a meeting of 30 makes weaker
    ties than a conversation of 3 (``nx.bipartite.collaboration_weighted_projected_graph``).
    Newman weights are summed with ``math.fsum`` (correctly rounded, so independent of
    the order in which networkx visits shared activities).

    References
    ----------
    .. [1] M. E. J. Newman, "Scientific collaboration networks. II. Shortest paths,
       weighted networks, and centrality", Phys. Rev. E 64, 016132 (2001).
    .. [2] S. P. Borgatti and M. G. Everett, "Network analysis of 2-mode data",
       Social Networks 19 (1997) 243-269.
    """
    B = bipartite_graph(snapshot)
    persons = [n for n, b in B.nodes(data="bipartite") if b == 0]
    if len(persons) == len(B):
        # networkx refuses to project a graph without activity nodes; there are no ties.
        P = nx.Graph()
        P.add_nodes_from((n, B.nodes[n]) for n in persons)
    elif newman:
        P = nx.bipartite.collaboration_weighted_projected_graph(B, persons)
        for u, v, d in P.edges(data=True):
            # networkx sums over a set, whose order varies between Python processes (str
            # hashing), so the last bit could differ; math.fsum is exact and order-free.
            d["weight"] = math.fsum(1.0 / (B.degree(a) - 1) for a in sorted(set(B[u]) & set(B[v])) if B.degree(a) > 1)
    else:
        P = nx.bipartite.weighted_projected_graph(B, persons)
    for n in P:
        P.nodes[n].pop("bipartite", None)
    return sorted_graph(P)


def social_graph(snapshot: Snapshot, newman: bool = False) -> nx.Graph:
    """The person network: co-participation ties plus reported KNOWS ties, undirected.

    Parameters
    ----------
    snapshot : Snapshot
    newman : bool, default False
        Use Newman's collaboration weight for the co-participation part (see
        :func:`coparticipation_graph`).

    Returns
    -------
    networkx.Graph
        Every person of the snapshot as a node (isolates included) with the attributes
        label, kind, org_id and sector. Edge attributes:

        - ``shared``: co-participation weight (0 if none),
        - ``knows``: number of KNOWS reports between the two, both directions and all
          sources summed (each row's ``count``),
        - ``weight``: ``shared + knows`` (tie strength),
        - ``distance``: ``1 / weight``, for shortest-path measures,
        - ``kind``: ``co-participation``, ``knows`` or ``both``.

        Sorted node and edge order.

    Notes
    -----
    KNOWS self-ties and ties to persons outside the snapshot are ignored.
    """
    P = coparticipation_graph(snapshot, newman=newman)
    knows = _knows_counts(snapshot, directed=False, nodes=P)
    G = nx.Graph()
    G.add_nodes_from(P.nodes(data=True))
    pairs: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0])
    for u, v, w in P.edges(data="weight"):
        pairs[_pair(u, v)][0] = w
    for (u, v), c in knows.items():
        pairs[(u, v)][1] += c
    for (u, v), (shared, k) in sorted(pairs.items()):
        kind = "both" if shared and k else ("co-participation" if shared else "knows")
        weight = shared + k
        G.add_edge(u, v, shared=shared, knows=k, weight=weight, distance=1.0 / weight, kind=kind)
    return G


def knows_digraph(snapshot: Snapshot, source: str | Iterable[str] | None = None) -> nx.DiGraph:
    """The directed network of reported KNOWS ties (e.g. Krackhardt's advice ties).

    Parameters
    ----------
    snapshot : Snapshot
    source : str or iterable of str, optional
        Keep only KNOWS rows with this ``source`` (or one of these), e.g. ``"advies"``.

    Returns
    -------
    networkx.DiGraph
        Every person of the snapshot as a node (attributes as in :func:`social_graph`);
        an edge ``from_id -> to_id`` per reported pair with ``weight`` = the summed
        ``count`` of its rows. Self-ties dropped. Sorted node and edge order.
    """
    sources = None if source is None else ({source} if isinstance(source, str) else set(source))
    D = nx.DiGraph()
    D.add_nodes_from((pid, attrs) for pid, attrs in _persons(snapshot))
    for (u, v), c in sorted(_knows_counts(snapshot, directed=True, nodes=D, sources=sources).items()):
        D.add_edge(u, v, weight=c)
    return D


# --- helpers --------------------------------------------------------------------------


def _value(v: Any) -> Any:
    """``None`` for missing values (None, NaN, NaT), else the value."""
    if v is None:
        return None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):  # tuples, lists
        pass
    return v


def _persons(snapshot: Snapshot) -> list[tuple[str, dict[str, Any]]]:
    persons = snapshot.persons
    if not len(persons):
        return []
    out: dict[str, dict[str, Any]] = {}
    for r in persons.to_dict("records"):
        pid = str(r["person_id"])
        attrs = {a: _value(r.get(a)) for a in _PERSON_ATTRS}
        if attrs["label"] is None:
            attrs["label"] = pid
        out[pid] = attrs
    return sorted(out.items())


def _pair(u: str, v: str) -> tuple[str, str]:
    return (u, v) if str(u) <= str(v) else (v, u)


def _knows_counts(
    snapshot: Snapshot, directed: bool, nodes: nx.Graph, sources: set[str] | None = None
) -> dict[tuple[str, str], int]:
    k = snapshot.knows
    counts: dict[tuple[str, str], int] = defaultdict(int)
    if not len(k):
        return counts
    cnt = k["count"] if "count" in k.columns else pd.Series(1, index=k.index)
    for u, v, src, c in zip(k["from_id"], k["to_id"], k["source"], cnt, strict=True):
        u, v = str(u), str(v)
        if u == v or u not in nodes or v not in nodes:
            continue
        if sources is not None and src not in sources:
            continue
        c = _value(c)
        counts[(u, v) if directed else _pair(u, v)] += int(c) if c is not None else 1
    return counts
