"""Exchange formats: GEXF 1.3, GraphML, GML, Kumu workbooks, CSV node/edge lists and the
full Excel workbook, written from and read into the domain model.

- :mod:`~netwerk.exchange.model`: the neutral graph (nodes, edges, attributes, time);
- :mod:`~netwerk.exchange.network`: a snapshot's person network as that graph;
- :mod:`~netwerk.exchange.gexf`, :mod:`~netwerk.exchange.graphml`, :mod:`~netwerk.exchange.gml`,
  :mod:`~netwerk.exchange.tables` (Kumu and CSV), :mod:`~netwerk.exchange.workbook`: the formats;
- :mod:`~netwerk.exchange.convert`: graphs read by networkx as the neutral graph;
- :mod:`~netwerk.exchange.mapping`: the neutral graph onto persons, organisations, ties;
- :mod:`~netwerk.exchange.detect`: which format a file is.

The use cases (with permissions and the audit log) are in :mod:`netwerk.services.exchange`.
"""
