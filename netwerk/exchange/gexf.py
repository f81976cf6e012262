"""GEXF 1.3 (Gephi, Gephi Lite): written with :mod:`xml.etree`, read with networkx.

The writer follows the GEXF 1.3 schema (http://gexf.net/1.3, ``gexf.xsd``): a dynamic
graph (``mode="dynamic"``, ``timeformat="date"``, ``timerepresentation="interval"``) whose
nodes and edges carry ``start``/``end`` dates, so Gephi's timeline shows the network
growing; node and edge attributes are declared once with one type each
(``<attributes class="node|edge">``) and a missing value is simply absent. networkx's own
writer is not used: it writes GEXF 1.2draft by default and its 1.3 variant declares a
wrong XML Schema instance namespace (``http://w3.org/2001/...``).

Reading accepts GEXF 1.1, 1.2 and 1.3 under every namespace the tools write: Gephi 0.9
and later write ``http://www.gexf.net/1.3``, Gephi Lite and networkx ``http://gexf.net/1.3``,
older Gephi ``http://www.gexf.net/1.2draft`` (:data:`GEXF_NAMESPACE`). The namespace is
mapped onto the one networkx knows for that version and the document is then read with
:func:`networkx.read_gexf` (typed attributes, spells, missing edge ids, ``&`` and ``'t``
escaped as XML); networkx reads GEXF 1.3 from version 3.6 on.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

import networkx as nx

from netwerk.exchange.model import ExchangeEdge, ExchangeGraph, attribute_types

__all__ = ["GEXF_NAMESPACE", "GEXF_NS", "read_gexf", "write_gexf"]

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
        return str(int(v))  # type: ignore[call-overload]  # an integer attribute holds an int
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
        el = ET.SubElement(edges_el, _q("edge"), _edge_attributes(str(i), e))
        _attvalues(el, e.attrs, edge_types)
    ET.indent(root)
    buf = io.BytesIO()
    ET.ElementTree(root).write(buf, encoding="UTF-8", xml_declaration=True)
    return buf.getvalue()


def _edge_attributes(edge_id: str, e: ExchangeEdge) -> dict[str, str]:
    """The XML attributes of a GEXF ``<edge>``: id, ends, interval, weight, label (its type)."""
    attrs = {"id": edge_id, "source": e.source, "target": e.target, **_interval(e.start, e.end)}
    if e.weight is not None:
        attrs["weight"] = repr(float(e.weight))
    if e.type:
        attrs["label"] = e.type
    return attrs


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


GEXF_NAMESPACE = re.compile(r"^https?://(?:www\.)?gexf\.net/(1\.[123])(?:draft)?/?$")
"""A GEXF namespace as the tools write it: ``http`` or ``https``, with or without ``www.``,
version 1.1, 1.2 or 1.3, with or without ``draft`` (group 1: the version)."""

_NX_VERSION = {"1.1": "1.1draft", "1.2": "1.2draft", "1.3": "1.3"}


def read_gexf(data: bytes, name: str | None = None) -> nx.Graph:
    """A GEXF document (1.1, 1.2 or 1.3, any namespace of :data:`GEXF_NAMESPACE`) as a
    networkx graph (node ids as text).

    Parameters
    ----------
    data : bytes
        The document.
    name : str, optional
        The file name, to start error messages with (else "het bestand").

    Raises
    ------
    ValueError
        With a Dutch message naming the file when the XML, the namespace or the GEXF
        structure is invalid.
    """
    what = name or "het bestand"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        line, column = getattr(e, "position", (None, None))
        where = f" (regel {line}, kolom {column})" if line else ""
        raise ValueError(f"{what} is geen geldige XML{where}: controleer of het bestand volledig is en niet is "
                         "aangepast in een teksteditor") from e
    ns, _, local = root.tag[1:].partition("}") if root.tag.startswith("{") else ("", "", root.tag)
    if local != "gexf":
        raise ValueError(f"{what} is geen geldig GEXF-bestand: het begint met <{local}> in plaats van <gexf>")
    version = _version(ns, root.get("version"))
    if version is None:
        raise ValueError(f"{what} is geen geldig GEXF-bestand: onbekende GEXF-namespace '{ns}'; verwacht "
                         "http://gexf.net/1.3 of http://www.gexf.net/1.3 (ook 1.1 en 1.2)")
    target = nx.readwrite.gexf.GEXF.versions[_NX_VERSION[version]]
    _rename(root, ns, target["NS_GEXF"], target["NS_VIZ"])
    if root.find(f"{{{target['NS_GEXF']}}}graph") is None:
        raise ValueError(f"{what} is geen geldig GEXF-bestand: er staat geen <graph> in (alleen de kop of metagegevens)")
    renamed = ET.tostring(root)
    del root, data  # only the renamed text is parsed again: one tree at a time in memory
    try:
        return nx.read_gexf(io.BytesIO(renamed), node_type=str, version=_NX_VERSION[version])
    except KeyError as e:
        raise ValueError(f"{what} is geen geldig GEXF-bestand: een knoop of verbinding mist het verplichte kenmerk "
                         f"{e} of verwijst naar een niet-gedeclareerd kenmerk") from e
    except (TypeError, ValueError) as e:
        raise ValueError(f"{what} is geen geldig GEXF-bestand: een waarde past niet bij het gedeclareerde type van "
                         "haar kenmerk") from e
    except nx.NetworkXError as e:
        raise ValueError(f"{what} is geen geldig GEXF-bestand: de inhoud volgt het GEXF-schema niet") from e


def _version(ns: str, declared: str | None) -> str | None:
    """The GEXF version (1.1, 1.2, 1.3) of a root namespace; without one, the ``version`` attribute."""
    if not ns:
        m = re.match(r"^(1\.[123])", (declared or "").strip())
        return m.group(1) if m else None
    m = GEXF_NAMESPACE.match(ns)
    return m.group(1) if m else None


def _rename(root: ET.Element, source: str, gexf_ns: str, viz_ns: str) -> None:
    """Move every element in ``source`` (or in no namespace, when ``source`` is empty) and in
    any GEXF ``viz`` namespace into the namespaces networkx expects."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue  # comments and processing instructions
        if el.tag.startswith("{"):
            ns, _, local = el.tag[1:].partition("}")
            if ns == source:
                el.tag = f"{{{gexf_ns}}}{local}"
            elif ns.endswith("/viz") and GEXF_NAMESPACE.match(ns.removesuffix("/viz")):
                el.tag = f"{{{viz_ns}}}{local}"
        elif not source:
            el.tag = f"{{{gexf_ns}}}{el.tag}"
