"""A graph read by networkx (GEXF, GraphML, GML) as an :class:`ExchangeGraph`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from netwerk.domain import RowError
from netwerk.exchange.model import ExchangeEdge, ExchangeGraph, ExchangeNode, clean_value
from netwerk.ingest.kinds import normalise_header
from netwerk.ingest.limits import limits, text_problem

__all__ = ["graph_from_networkx"]

_TYPE = ("type", "kind", "soort")
_WEIGHT = ("weight", "gewicht", "value")
_EDGE_TYPE = ("type", "soort", "label")


def graph_from_networkx(G: nx.Graph, file: str) -> tuple[ExchangeGraph, list[RowError]]:
    """Nodes and edges of ``G`` with their label, type, weight and interval.

    - label: the ``label`` attribute (else the node id); type: the ``type``, ``kind`` or
      ``soort`` attribute;
    - interval: ``start``/``end`` attributes or GEXF spells (earliest start, latest end),
      ISO dates (a time part is ignored);
    - edge weight: ``weight`` (GML: ``value``); edge type: ``type``, ``soort`` or the edge label;
    - the GEXF edge ``id`` is dropped (an edge is identified by its ends and type);
      every other attribute is kept as it is (Gephi's strings stay strings).

    Returns the graph and problems as :class:`~netwerk.domain.RowError` (file, no row,
    attribute): a date that is not a date or outside the allowed range, a weight that is
    not a number, a control character or too long a text, a whole number out of range,
    more nodes or edges than the row limit (:mod:`netwerk.ingest.limits`).
    """
    errors: list[RowError] = []
    out = ExchangeGraph(directed=G.is_directed(), name=str(G.graph.get("name", "")))
    lim = limits()
    for what, count in (("knopen", G.number_of_nodes()), ("verbindingen", G.number_of_edges())):
        if count > lim.max_rows:
            errors.append(RowError(file, None, None, f"het bestand heeft {count} {what}; de grens is {lim.max_rows}"))
    if errors:
        return out, errors
    for n, data in G.nodes(data=True):
        data = dict(data)
        nid = str(n)
        _check_values(nid, data, file, f"knoop '{nid[:80]}'", errors)
        label = clean_value(data.pop("label", None))
        ntype = _pop(data, _TYPE)
        start, end = _interval(data, file, f"knoop '{nid}'", errors)
        out.nodes.append(ExchangeNode(id=nid, label=str(label) if label is not None else nid,
                                      type=str(ntype) if ntype is not None else None,
                                      attrs=_attrs(data), start=start, end=end, file=file))
    edges = G.edges(data=True, keys=False) if G.is_multigraph() else G.edges(data=True)
    for u, v, data in edges:
        data = dict(data)
        data.pop("id", None)
        where = f"verbinding '{str(u)[:80]}' - '{str(v)[:80]}'"
        _check_values(None, data, file, where, errors)
        w = _pop(data, _WEIGHT)
        weight = None
        if w is not None:
            try:
                weight = float(str(w).replace(",", ".")) if not isinstance(w, int | float) else float(w)
            except ValueError:
                errors.append(RowError(file, None, "weight", f"{where}: gewicht '{w}' is geen getal"))
        etype = _pop(data, _EDGE_TYPE)
        start, end = _interval(data, file, where, errors)
        out.edges.append(ExchangeEdge(source=str(u), target=str(v), weight=weight,
                                      type=str(etype) if etype is not None else None,
                                      attrs=_attrs(data), start=start, end=end, file=file))
    return out, errors


def _check_values(nid: str | None, data: dict, file: str, where: str, errors: list[RowError]) -> None:
    """Refuse an id or attribute value with a control character or too many characters, and
    a whole number outside the integer range (:mod:`netwerk.ingest.limits`)."""
    lim = limits()
    items = ([("id", nid)] if nid is not None else []) + list(data.items())
    for key, v in items:
        for value in (v if isinstance(v, list) else [v]):
            value = value[0] if isinstance(value, tuple) and value else value
            if isinstance(value, str):
                problem = text_problem(value, lim)
                if problem:
                    errors.append(RowError(file, None, str(key), f"{where}: {problem}"))
            elif isinstance(value, int) and not isinstance(value, bool) and not lim.min_int <= value <= lim.max_int:
                errors.append(RowError(file, None, str(key), f"{where}: het getal {value} is te groot; toegestaan is "
                                                             f"{lim.min_int} t/m {lim.max_int}"))
            elif isinstance(value, float) and not abs(value) <= lim.max_abs_decimal:
                errors.append(RowError(file, None, str(key), f"{where}: het getal {value} is te groot (of geen getal)"))


def _pop(data: dict, names: tuple[str, ...]) -> Any:
    for k in list(data):
        if normalise_header(k) in names:
            v = clean_value(data.pop(k))
            if v is not None:
                return v
    return None


def _attrs(data: dict) -> dict[str, Any]:
    out = {}
    for k, v in data.items():
        if isinstance(v, dict):  # GEXF viz:, GML graphics: layout, reported by the importer
            out[str(k)] = "opmaak"
            continue
        if isinstance(v, list) and v and all(isinstance(x, tuple) for x in v):
            v = [x[0] for x in v]  # a GEXF dynamic attribute: (value, start, end) triples; the values are kept
        v = clean_value(v)
        if v is not None:
            out[str(k)] = v
    return out


def _interval(data: dict, file: str, where: str, errors: list[RowError]) -> tuple[dt.date | None, dt.date | None]:
    starts: list[tuple[str, object]] = []
    ends: list[tuple[str, object]] = []
    for key, bucket in (("start", starts), ("end", ends)):
        v = data.pop(key, None)
        if v is not None:
            bucket.append((key, v))
    for s, e in data.pop("spells", None) or []:
        if s is not None:
            starts.append(("spell", s))
        if e is not None:
            ends.append(("spell", e))
    days: dict[str, list[dt.date]] = {"start": [], "end": []}
    for which, values in (("start", starts), ("end", ends)):
        for key, v in values:
            try:
                day = dt.date.fromisoformat(str(v).strip()[:10])
            except ValueError:
                errors.append(RowError(file, None, key, f"{where}: '{v}' is geen datum (verwacht jjjj-mm-dd)"))
                continue
            if not limits().min_date <= day <= limits().max_date:
                errors.append(RowError(file, None, key, f"{where}: datum '{v}' ligt buiten het toegestane bereik "
                                                        f"{limits().date_range()}"))
                continue
            days[which].append(day)
    return (min(days["start"]) if days["start"] else None, max(days["end"]) if days["end"] else None)
