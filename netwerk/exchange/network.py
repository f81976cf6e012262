"""The person network of a snapshot as an :class:`~netwerk.exchange.model.ExchangeGraph`.

Nodes are the snapshot's persons; edges are their ties (co-participation in activities
plus reported KNOWS ties, :func:`netwerk.analysis.snapshot.social_graph`). Every node and
edge carries its time interval, so Gephi's timeline can replay how the network grew.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import combinations
from typing import Any

import networkx as nx
import pandas as pd

from netwerk.access import resident_label
from netwerk.analysis.communities import louvain_communities
from netwerk.analysis.snapshot import social_graph
from netwerk.domain import AMSTERDAM, Snapshot
from netwerk.exchange.model import ExchangeEdge, ExchangeGraph, ExchangeNode, clean_value

__all__ = ["NODE_ATTRIBUTES", "RESERVED_TIME", "person_intervals", "person_network"]

NODE_ATTRIBUTES: tuple[str, ...] = (
    "kind", "role_title", "org_id", "organisation", "sector", "buurt_code", "skills", "community",
)
"""The node attributes Buurtnetwerk writes for a person, in this order (kept attributes follow)."""

RESERVED_TIME = ("start", "end")
"""Kept node attributes that widen a node's interval instead of being written as attributes."""


def person_network(snapshot: Snapshot) -> ExchangeGraph:
    """The person network of ``snapshot`` for exchange.

    Parameters
    ----------
    snapshot : Snapshot
        Already redacted for the viewer (:func:`netwerk.access.visible_snapshot`).

    Returns
    -------
    ExchangeGraph
        Undirected. One node per person (isolates included), id ``person_id``, label the
        name, but always the pseudonym for residents (``Bewoner <id>`` without one), type
        the person kind, attributes :data:`NODE_ATTRIBUTES` (``org_id``, ``organisation``
        and ``sector`` list every employer, sorted by org_id, joined with ``|``; ``role_title``
        never for residents; ``community`` the seeded Louvain community number of
        :func:`netwerk.analysis.communities.louvain_communities`) followed by the person's
        kept attributes. E-mail and phone are never written.

        One edge per tie with ``weight`` = shared activities + KNOWS reports (as
        :func:`~netwerk.analysis.snapshot.social_graph`) and the KNOWS rows' kept
        attributes. Intervals (inclusive dates, Europe/Amsterdam): an edge runs from its
        first to its last shared activity, widened by the KNOWS ties' ``since``/``until``
        (a KNOWS-only tie without ``until`` stays open); a node from its first to its last
        activity or tie date, widened by kept ``start``/``end`` attributes.
    """
    G = social_graph(snapshot)
    persons = snapshot.persons
    communities = louvain_communities(G).membership if G.number_of_nodes() else {}

    edge_days, open_end, edge_attrs = _tie_days(snapshot, G)

    intervals = person_intervals(snapshot)
    employers = _employers(snapshot)
    nodes: list[ExchangeNode] = []
    rows = {str(r["person_id"]): r for r in persons.to_dict("records")}
    for pid in G.nodes:
        r = rows[pid]
        kind = r["kind"]
        kept = dict(r.get("attributes") or {}) if isinstance(r.get("attributes"), dict) else {}
        label = resident_label(pid, clean_value(r.get("pseudonym"))) if kind == "resident" else (
            clean_value(r.get("label")) or pid)
        orgs = employers.get(pid, [])
        attrs = {
            "kind": kind,
            "role_title": None if kind == "resident" else clean_value(r.get("role_title")),
            "org_id": clean_value([o for o, _, _ in orgs]),
            "organisation": clean_value([n for _, n, _ in orgs]),
            "sector": clean_value([s for _, _, s in orgs]),
            "buurt_code": clean_value(r.get("buurt_code")),
            "skills": clean_value(r.get("skills")),
            "community": communities.get(pid),
        }
        for key in RESERVED_TIME:
            kept.pop(key, None)
        attrs.update({k: clean_value(v) for k, v in sorted(kept.items()) if k not in attrs})
        start, end = intervals.get(pid, (None, None))
        nodes.append(ExchangeNode(
            id=pid, label=label, type=kind, attrs={k: v for k, v in attrs.items() if v is not None}, start=start, end=end,
        ))
    edges: list[ExchangeEdge] = []
    for u, v, w in G.edges(data="weight"):
        pair = (u, v) if u <= v else (v, u)
        days = edge_days.get(pair, [])
        # A tie only reported (KNOWS) without an end date is still there: its interval stays open.
        still_open = pair in open_end and not G.edges[u, v].get("shared")
        end = None if still_open or not days else max(days)
        edges.append(ExchangeEdge(
            source=pair[0], target=pair[1], weight=float(w),
            attrs={k: clean_value(x) for k, x in edge_attrs.get(pair, {}).items()},
            start=min(days) if days else None, end=end,
        ))
    return ExchangeGraph(nodes=nodes, edges=edges, directed=False, name="Buurtnetwerk: personen")


def _tie_days(snapshot: Snapshot, G: nx.Graph) -> tuple[dict[tuple[str, str], list[dt.date]], set[tuple[str, str]],
                                                   dict[tuple[str, str], dict[str, Any]]]:
    """Per tie (u, v sorted) of ``G``: the dates that bound it (shared activities, KNOWS
    since/until), whether a KNOWS row leaves it open (no until), and the KNOWS rows' kept
    attributes."""
    act_day = {str(a): d.astimezone(AMSTERDAM).date() for a, d in zip(snapshot.activities["activity_id"],
                                                                        snapshot.activities["date"], strict=True)}
    by_activity: dict[str, list[str]] = defaultdict(list)
    for a, p in zip(snapshot.participations["activity_id"], snapshot.participations["person_id"], strict=True):
        if str(a) in act_day and str(p) in G:
            by_activity[str(a)].append(str(p))
    edge_days: dict[tuple[str, str], list[dt.date]] = defaultdict(list)
    for a, members in by_activity.items():
        for u, v in combinations(sorted(set(members)), 2):
            edge_days[(u, v)].append(act_day[a])
    open_end: set[tuple[str, str]] = set()
    edge_attrs: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    knows = snapshot.knows.sort_values(["from_id", "to_id", "source"]) if len(snapshot.knows) else snapshot.knows
    for r in knows.to_dict("records"):
        u, v = sorted((str(r["from_id"]), str(r["to_id"])))
        if u == v or u not in G or v not in G:
            continue
        since, until = _date(r.get("since")), _date(r.get("until"))
        edge_days[(u, v)].extend(day for day in (since, until) if day is not None)
        if until is None:
            open_end.add((u, v))
        edge_attrs[(u, v)].update({k: x for k, x in (r.get("attributes") or {}).items() if clean_value(x) is not None})
    return edge_days, open_end, edge_attrs


def person_intervals(snapshot: Snapshot) -> dict[str, tuple[dt.date, dt.date]]:
    """Each person's first and last date (inclusive, Europe/Amsterdam): their activities,
    the ``since``/``until`` of their KNOWS ties and kept ``start``/``end`` attributes.
    Persons without any date are absent."""
    days: dict[str, list[dt.date]] = defaultdict(list)
    act_day = {str(a): _date(d) for a, d in zip(snapshot.activities["activity_id"], snapshot.activities["date"], strict=True)}
    for a, p in zip(snapshot.participations["activity_id"], snapshot.participations["person_id"], strict=True):
        if (day := act_day.get(str(a))) is not None:
            days[str(p)].append(day)
    for r in snapshot.knows.to_dict("records"):
        if str(r["from_id"]) == str(r["to_id"]):
            continue
        for day in (_date(r.get("since")), _date(r.get("until"))):
            if day is not None:
                days[str(r["from_id"])].append(day)
                days[str(r["to_id"])].append(day)
    if "attributes" in snapshot.persons:
        for pid, kept in zip(snapshot.persons["person_id"], snapshot.persons["attributes"], strict=True):
            if isinstance(kept, dict):
                days[str(pid)] += [d for d in (_date(kept.get(k)) for k in RESERVED_TIME) if d is not None]
    return {pid: (min(d), max(d)) for pid, d in days.items() if d}


def _employers(snapshot: Snapshot) -> dict[str, list[tuple[str, str, str]]]:
    orgs = {str(r["org_id"]): r for r in snapshot.organisations.to_dict("records")}
    out: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    wf = snapshot.works_for
    if not len(wf):
        return out
    for pid, oid in sorted(zip(wf["person_id"].astype(str), wf["org_id"].astype(str), strict=True)):
        o = orgs.get(oid)
        if o is not None:
            out[pid].append((oid, str(o["name"]), str(o["sector"])))
    return out


def _date(v: Any) -> dt.date | None:
    if v is None or (isinstance(v, float) and v != v) or v is pd.NaT:
        return None
    if isinstance(v, dt.datetime):
        return v.astimezone(AMSTERDAM).date() if v.tzinfo else v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str) and v.strip():
        try:
            return dt.date.fromisoformat(v.strip()[:10])
        except ValueError:
            return None
    return None

