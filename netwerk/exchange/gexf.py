"""GEXF 1.3 (Gephi, Gephi Lite): written with :mod:`xml.etree`, read with networkx.

The writer follows the GEXF 1.3 schema (http://gexf.net/1.3, ``gexf.xsd``): a dynamic
graph (``mode="dynamic"``, ``timeformat="date"``, ``timerepresentation="interval"``) whose
nodes and edges carry ``start``/``end`` dates, so Gephi's timeline shows the network
growing; node and edge attributes are declared once with one type each
(``<attributes class="node|edge">``) and a missing value is simply absent. networkx's own
writer is not used: it writes GEXF 1.2draft by default and its 1.3 variant declares a
wrong XML Schema instance namespace (``http://w3.org/2001/...``).

Reading uses :func:`networkx.read_gexf`, which accepts GEXF 1.1draft, 1.2draft and 1.3
(typed attributes, spells, missing edge ids, ``&`` and ``'t`` escaped as XML).
"""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET

import networkx as nx

from netwerk.exchange.model import ExchangeGraph, attribute_types

__all__ = ["GEXF_NS", "read_gexf", "write_gexf"]

GEXF_NS = "http://gexf.net/1.3"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
ET.register_namespace("", GEXF_NS)
ET.register_namespace("xsi", _XSI)


def _q(tag: str) -> str:
    return f"{{{GEXF_NS}}}{tag}"


def _text(v: object, kind: str) -> str:
    if kind == "boolean":
        return "true" if v else "false"
    if kind == "integer":
        return str(int(v))  # type: ignore[arg-type]
    if kind == "double":
        return repr(float(v))  # type: ignore[arg-type]
    return str(v)


def write_gexf(graph: ExchangeGraph, description: str = "", today: dt.date | None = None) -> bytes:
    """``graph`` as a GEXF 1.3 document (UTF-8 bytes).

    Node attribute ``type`` is written as the attribute ``kind`` if the node has none;
    edge ``weight`` as the GEXF edge weight (double). Attribute types: see
    :func:`netwerk.exchange.model.attribute_types` (``boolean``, ``integer``, ``double``,
    ``string``); list values arrive here already joined with ``|``.
    """
    root = ET.Element(_q("gexf"), {"version": "1.3", f"{{{_XSI}}}schemaLocation": f"{GEXF_NS} {GEXF_NS}/gexf.xsd"})
    meta = ET.SubElement(root, _q("meta"), {"lastmodifieddate": (today or dt.date.today()).isoformat()})
    ET.SubElement(meta, _q("creator")).text = "Buurtnetwerk"
    if description:
        ET.SubElement(meta, _q("description")).text = description
    timed = any(n.start or n.end for n in graph.nodes) or any(e.start or e.end for e in graph.edges)
    g_attrs = {"defaultedgetype": "directed" if graph.directed else "undirected", "mode": "dynamic" if timed else "static"}
    if timed:
        g_attrs |= {"timeformat": "date", "timerepresentation": "interval"}
    if graph.name:
        g_attrs["name"] = graph.name
    g = ET.SubElement(root, _q("graph"), g_attrs)
    node_types = attribute_types([n.attrs for n in graph.nodes])
    edge_types = attribute_types([e.attrs for e in graph.edges])
    for cls, types in (("node", node_types), ("edge", edge_types)):
        if types:
            attrs_el = ET.SubElement(g, _q("attributes"), {"class": cls, "mode": "static"})
            for key, kind in types.items():
                ET.SubElement(attrs_el, _q("attribute"), {"id": key, "title": key, "type": kind})
    nodes_el = ET.SubElement(g, _q("nodes"))
    for n in graph.nodes:
        el = ET.SubElement(nodes_el, _q("node"), {"id": n.id, "label": n.label or n.id, **_interval(n.start, n.end)})
        _attvalues(el, n.attrs, node_types)
    edges_el = ET.SubElement(g, _q("edges"))
    for i, e in enumerate(graph.edges):
        attrs = {"id": str(i), "source": e.source, "target": e.target, **_interval(e.start, e.end)}
        if e.weight is not None:
            attrs["weight"] = repr(float(e.weight))
        if e.type:
            attrs["label"] = e.type
        el = ET.SubElement(edges_el, _q("edge"), attrs)
        _attvalues(el, e.attrs, edge_types)
    ET.indent(root)
    buf = io.BytesIO()
    ET.ElementTree(root).write(buf, encoding="UTF-8", xml_declaration=True)
    return buf.getvalue()


def _interval(start: dt.date | None, end: dt.date | None) -> dict[str, str]:
    out = {}
    if start is not None:
        out["start"] = start.isoformat()
    if end is not None:
        out["end"] = end.isoformat()
    return out


def _attvalues(el: ET.Element, values: dict, types: dict[str, str]) -> None:
    present = [(k, v) for k, v in values.items() if v is not None]
    if not present:
        return
    av = ET.SubElement(el, _q("attvalues"))
    for k, v in present:
        ET.SubElement(av, _q("attvalue"), {"for": k, "value": _text(v, types[k])})


def read_gexf(data: bytes) -> nx.Graph:
    """A GEXF document (1.1draft, 1.2draft or 1.3) as a networkx graph (node ids as text).

    Raises
    ------
    ValueError
        With a Dutch message when the XML or the GEXF structure is invalid.
    """
    try:
        G = nx.read_gexf(io.BytesIO(data), node_type=str)
    except ET.ParseError as e:
        raise ValueError(f"het bestand is geen geldige XML: {e}") from e
    except (nx.NetworkXError, KeyError, TypeError, ValueError) as e:
        raise ValueError(f"het bestand is geen geldig GEXF-bestand: {e}") from e
    return G
