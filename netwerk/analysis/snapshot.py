"""Graphs from a :class:`netwerk.domain.Snapshot`.

Every graph is built in sorted node and edge order (node ids compared as text), so an
analysis never depends on the order of the snapshot's rows: a seeded algorithm such as
Louvain then gives the same answer for the same network however it was imported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from netwerk.domain import Snapshot, SnapshotFilter

__all__ = [
    "ACTIVITY_PREFIX",
    "SNAPSHOT_COLUMNS",
    "bipartite_graph",
    "coparticipation_graph",
    "knows_counts",
    "knows_digraph",
    "pair_weights",
    "person_nodes",
    "snapshot_from_frames",
    "social_edges",
    "social_graph",
    "social_pairs",
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
    persons = person_nodes(snapshot)
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
    part in (``nx.bipartite.weighted_projected_graph``; computed with numpy, one array
    of person pairs per activity size, which gives the same graph about ten times
    faster: 10,000 persons with 168,000 participations in under a second).

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
    persons, edges = _coparticipation_edges(snapshot, newman)
    P = nx.Graph()
    P.add_nodes_from(persons)
    P.add_edges_from((u, v, {"weight": w}) for u, v, w in edges)
    return P


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
    persons, edges = social_edges(snapshot, newman)
    G = nx.Graph()
    G.add_nodes_from(persons)
    G.add_edges_from(
        (u, v, {"shared": shared, "knows": k, "weight": shared + k, "distance": 1.0 / (shared + k),
                "kind": "both" if shared and k else ("co-participation" if shared else "knows")})
        for u, v, shared, k in edges
    )
    return G


def social_edges(snapshot: Snapshot, newman: bool = False) -> tuple[list[tuple[str, dict]], list[tuple]]:
    """The persons and ties of :func:`social_graph` as plain lists, without a graph.

    Returns
    -------
    (list, list)
        Persons ``(person_id, attributes)`` sorted as text, and ties
        ``(u, v, shared, knows)`` with ``u < v`` as text, sorted; ``shared + knows`` is
        the tie strength. For measures that need no networkx graph (growth per period).
    """
    persons, edges = _coparticipation_edges(snapshot, newman)
    present = {pid for pid, _ in persons}
    knows = knows_counts(snapshot, directed=False, nodes=present)
    out = [(u, v, w, knows.pop((u, v), 0)) for u, v, w in edges]
    if knows:  # pairs with only reported ties
        out.extend((u, v, 0, k) for (u, v), k in knows.items())
        out.sort(key=lambda e: (e[0], e[1]))
    return persons, out


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
    D.add_nodes_from((pid, attrs) for pid, attrs in person_nodes(snapshot))
    for (u, v), c in sorted(knows_counts(snapshot, directed=True, nodes=D, sources=sources).items()):
        D.add_edge(u, v, weight=c)
    return D


# --- building blocks (also used by netwerk.analysis.ties) ---


def _value(v: Any) -> Any:
    """``None`` for missing values (None, NaN, NaT), else the value."""
    if v is None:
        return None
    if type(v) is str:  # the common case, without pandas' checks
        return v
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):  # tuples, lists
        pass
    return v


def person_nodes(snapshot: Snapshot) -> list[tuple[str, dict[str, Any]]]:
    """The persons of a snapshot as graph nodes: ``(person_id, attributes)`` sorted by
    id as text, attributes label (the id when missing), kind, org_id and sector."""
    persons = snapshot.persons
    if not len(persons):
        return []
    ids = persons["person_id"].astype(str).tolist()
    cols = [persons[a].tolist() if a in persons.columns else [None] * len(ids) for a in _PERSON_ATTRS]
    out: dict[str, dict[str, Any]] = {}
    for i, pid in enumerate(ids):
        attrs = {a: _value(c[i]) for a, c in zip(_PERSON_ATTRS, cols, strict=True)}
        if attrs["label"] is None:
            attrs["label"] = pid
        out[pid] = attrs
    return sorted(out.items())


def _coparticipation_edges(snapshot: Snapshot, newman: bool) -> tuple[list[tuple[str, dict]], list[tuple[str, str, Any]]]:
    """Persons (sorted, with attributes) and co-participation ties (u < v as text, sorted)."""
    persons = person_nodes(snapshot)
    ids = [pid for pid, _ in persons]
    pairs, counts, newman_weights = pair_weights(snapshot, ids)
    us, vs = np.divmod(pairs, max(len(ids), 1))
    weights = newman_weights.tolist() if newman else counts.tolist()
    return persons, [(ids[u], ids[v], w) for u, v, w in zip(us.tolist(), vs.tolist(), weights, strict=True)]


def social_pairs(snapshot: Snapshot) -> tuple[list[tuple[str, dict]], np.ndarray, np.ndarray]:
    """The persons of :func:`social_graph` and its ties as vertex numbers (u < v, sorted,
    count weights; weights are not returned): for unweighted figures at scale.

    Returns ``(persons, us, vs)``: ``persons`` the ``(person_id, attributes)`` list of
    :func:`person_nodes` (vertex ``i`` is ``persons[i]``), ``us``/``vs`` int64 arrays of
    equal length, one entry per tie, ``us < vs``."""
    persons = person_nodes(snapshot)
    ids = [pid for pid, _ in persons]
    n = max(len(ids), 1)
    pairs, _ = _count_pairs(snapshot, ids)
    knows = knows_counts(snapshot, directed=False, nodes=set(ids))
    if knows:
        code = {pid: i for i, pid in enumerate(ids)}
        pairs = np.union1d(pairs, np.array([code[u] * n + code[v] for u, v in knows], dtype=np.int64))
    us, vs = np.divmod(pairs, n)
    return persons, us, vs


def _count_pairs(snapshot: Snapshot, ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Co-participation pairs of persons ``ids`` (sorted as text) as codes ``u * n + v``
    (u < v, sorted) and the number of activities each pair shared.

    Raises
    ------
    ValueError
        If a person id equals an activity's key in the bipartite graph.
    """
    codes, counts, _ = pair_weights(snapshot, ids)
    return codes, counts


def pair_weights(snapshot: Snapshot, ids: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Co-participation pairs with both of their weights, vectorised.

    Parameters
    ----------
    snapshot : Snapshot
    ids : list of str
        The persons, sorted as text; a pair's code is ``i * len(ids) + j`` for the
        positions ``i < j`` of its two persons in ``ids``.

    Returns
    -------
    (codes, counts, newman) : three numpy arrays of equal length
        Pair codes (sorted, int64), the number of activities each pair shared (int64),
        and Newman's collaboration weight :math:`\\sum_a 1/(n_a - 1)` over those
        activities (float64, rounded to 12 decimals so that the row order of the
        snapshot cannot change the last bit).

    Raises
    ------
    ValueError
        If a person id equals an activity's key in the bipartite graph.
    """
    empty = np.zeros(0, dtype=np.int64)
    nothing = (empty, empty, np.zeros(0, dtype=np.float64))
    acts = snapshot.activities
    act_ids = {str(a) for a in acts["activity_id"]} if len(acts) else set()
    for pid in ids:
        if pid.startswith(ACTIVITY_PREFIX) and pid[len(ACTIVITY_PREFIX):] in act_ids:
            raise ValueError(f"person id {pid!r} collides with the key of activity {pid[len(ACTIVITY_PREFIX):]!r}")
    parts = snapshot.participations
    if not len(parts) or not act_ids:
        return nothing
    code = {pid: i for i, pid in enumerate(ids)}  # codes follow the text order of ids
    a = parts["activity_id"].astype(str)
    p = parts["person_id"].astype(str).map(code)
    keep = a.isin(act_ids) & p.notna()
    pa = pd.DataFrame({"a": pd.factorize(a[keep])[0], "p": p[keep].astype(np.int64)}).drop_duplicates()
    order = np.lexsort((pa["p"].to_numpy(), pa["a"].to_numpy()))
    acode = pa["a"].to_numpy()[order]
    pcode = pa["p"].to_numpy()[order]
    if len(acode) < 2:
        return nothing
    starts = np.flatnonzero(np.r_[True, acode[1:] != acode[:-1]])
    sizes = np.diff(np.r_[starts, len(acode)])
    n = len(ids)
    keys, weights = [], []
    for size in np.unique(sizes):
        if size < 2:
            continue
        members = pcode[starts[sizes == size][:, None] + np.arange(size)]  # one row per activity, ascending
        iu, ju = np.triu_indices(size, 1)
        k = (members[:, iu] * n + members[:, ju]).ravel()
        keys.append(k)
        weights.append(np.full(len(k), 1.0 / (size - 1)))
    if not keys:
        return nothing
    codes, inverse, counts = np.unique(np.concatenate(keys), return_inverse=True, return_counts=True)
    newman = np.round(np.bincount(inverse, weights=np.concatenate(weights), minlength=len(codes)), 12)
    return codes, counts, newman


def _pair(u: str, v: str) -> tuple[str, str]:
    return (u, v) if str(u) <= str(v) else (v, u)


def knows_counts(
    snapshot: Snapshot, directed: bool, nodes: nx.Graph | set, sources: set[str] | None = None
) -> dict[tuple[str, str], int]:
    """Reported KNOWS ties between ``nodes``: ``(from, to)`` (directed) or ``(u, v)`` with
    ``u < v`` as text (undirected) -> the summed ``count`` of their rows (missing = 1).
    Self-ties, persons outside ``nodes`` and, with ``sources``, other sources are left out."""
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
