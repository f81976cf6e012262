"""GraphML (Gephi, yEd, R's igraph, UCINET via conversion): written and read with networkx.

Every attribute is declared once (``<key attr.name=... attr.type=...>``) with one type
(:func:`netwerk.exchange.model.attribute_types`); a missing value is left out. Times are
the node/edge attributes ``start`` and ``end`` as ISO dates (``2025-01-13``); the node
label is the ``label`` attribute, as Gephi writes and reads it.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import networkx as nx

from netwerk.exchange.model import ExchangeGraph, attribute_types

__all__ = ["read_graphml", "to_networkx", "write_graphml"]

_CAST = {"boolean": bool, "integer": int, "double": float, "string": str}


def to_networkx(graph: ExchangeGraph) -> nx.Graph:
    """``graph`` as a networkx (Di)Graph: node attributes ``label``, ``kind`` (the type, if
    no ``kind`` attribute), the node's attributes, ``start``/``end`` (ISO date text); edge
    attributes ``weight`` (float), ``type``, the edge's attributes, ``start``/``end``.
    Each attribute has one Python type over all nodes (edges)."""
    G = nx.DiGraph() if graph.directed else nx.Graph()
    nrows = []
    for n in graph.nodes:
        row: dict[str, object] = {"label": n.label or n.id}
        if n.type and "kind" not in n.attrs:
            row["kind"] = n.type
        row |= n.attrs
        row |= {k: d.isoformat() for k, d in (("start", n.start), ("end", n.end)) if d is not None}
        nrows.append(row)
    erows = []
    for e in graph.edges:
        row = {"weight": float(e.weight)} if e.weight is not None else {}
        if e.type:
            row["type"] = e.type
        row |= e.attrs
        row |= {k: d.isoformat() for k, d in (("start", e.start), ("end", e.end)) if d is not None}
        erows.append(row)
    ntypes, etypes = attribute_types(nrows), attribute_types(erows)
    for n, row in zip(graph.nodes, nrows, strict=True):
        G.add_node(n.id, **{k: _CAST[ntypes[k]](v) for k, v in row.items() if v is not None})
    for e, row in zip(graph.edges, erows, strict=True):
        G.add_edge(e.source, e.target, **{k: _CAST[etypes[k]](v) for k, v in row.items() if v is not None})
    return G


def write_graphml(graph: ExchangeGraph) -> bytes:
    """``graph`` as a GraphML document (UTF-8 bytes); see :func:`to_networkx`."""
    buf = io.BytesIO()
    nx.write_graphml(to_networkx(graph), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def read_graphml(data: bytes) -> nx.Graph:
    """A GraphML document as a networkx graph (node ids as text).

    Raises
    ------
    ValueError
        With a Dutch message when the XML or the GraphML structure is invalid.
    """
    try:
        return nx.read_graphml(io.BytesIO(data), node_type=str)
    except ET.ParseError as e:
        raise ValueError(f"het bestand is geen geldige XML: {e}") from e
    except (nx.NetworkXError, KeyError, TypeError, ValueError) as e:
        raise ValueError(f"het bestand is geen geldig GraphML-bestand: {e}") from e
