"""An imported network (:class:`ExchangeGraph`) mapped onto the domain model.

Nodes become persons or organisations by their type, edges become reported ties
(KNOWS) or employment (WORKS_FOR). The rules (README, "Uitwisselen"):

- **Type** (node ``type``/``kind``/``soort``, Kumu ``Type``): Dutch or English, any case:
  bewoner/resident/inwoner, wijkprofessional/professional/medewerker,
  bestuurder/administrator/directeur, vrijwilliger/volunteer, organisatie/organisation/
  organization/partner. An unknown type is an error naming the element; a missing type
  takes ``default_kind`` when given (``netwerk import --soort``), else is an error.
- **Matching**: an element with an id matches the store's person/organisation with that
  id (its label must match too, so a foreign file's ``1`` never overwrites our person
  ``1``); without an id it matches by label and kind (organisations by name), else it is
  new with an id made from its label. Matched records keep what the file does not say.
- **Attributes**: ``org_id``/``organisation``/``sector`` (``|`` for several) give the
  person's employers (organisations are created when new; a missing sector is
  ``overig``, with a notice); ``buurt_code``, ``role_title``, ``skills``, ``email``,
  ``phone`` fill those fields; the measures tools compute (:data:`MEASURE_COLUMNS`: Gephi,
  Kumu, Cytoscape, yEd; ``community``) are recomputed by Buurtnetwerk and not stored, the
  layout (x, y, size, colour) neither (both reported); every other attribute is kept in the record's
  ``attributes``. Residents get no kept attributes (an error names them): no free data
  about residents. A resident's label is their pseudonym if it holds a digit ("Bewoner 017");
  otherwise it may be a real name and is not stored: the resident gets "Bewoner <id>".
- **Time**: an edge's start/end are the tie's ``since``/``until``; a node's start/end
  are kept (as ``start``/``end``) only where its ties do not already imply them.
- **Edges**: person–person -> KNOWS with ``source`` = the edge type (else
  ``uitwisseling``) and ``count`` = the weight (a whole number >= 1; empty = 1; 0 = no
  tie, skipped; repeated edges are summed); person–organisation -> WORKS_FOR;
  organisation–organisation cannot be stored (error); a self-loop is skipped.
- **Direction**: an edge of an undirected graph (GEXF/GraphML/GML ``undirected``, a Kumu or
  CSV connection whose ``Direction`` is ``undirected`` or ``mutual``) is one tie whatever
  its ends' order: it merges with the file's reverse edge and updates the store's KNOWS row
  of either direction (so importing your own export again changes nothing). A directed
  edge is the KNOWS row ``source -> target``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

import pandas as pd
from pydantic import ValidationError

import graph_schema as gs
from netwerk.access import resident_label
from netwerk.domain import ChangeSet, Knows, Organisation, Person, RowError, WorksFor, person_label
from netwerk.exchange.model import ExchangeGraph, ExchangeNode, clean_value
from netwerk.exchange.network import RESERVED_TIME
from netwerk.ingest.kinds import normalise_header
from netwerk.ingest.parse import parse_vocab
from netwerk.text import fold

__all__ = ["DEFAULT_SOURCE", "KIND_SYNONYMS", "MEASURE_COLUMNS", "MappingResult", "is_measure_column", "kind_of", "map_graph"]

DEFAULT_SOURCE = "uitwisseling"
"""KNOWS ``source`` of an imported edge without a type."""

KIND_SYNONYMS: dict[str, str] = {
    **{k: k for k in gs.PERSON_KINDS},
    **{normalise_header(v): k for k, v in gs.PERSON_KINDS.items()},
    "inwoner": "resident", "buurtbewoner": "resident", "bewoners": "resident",
    "medewerker": "professional", "professioneel": "professional", "wijk_professional": "professional",
    "professionals": "professional", "administrator": "bestuurder", "directeur": "bestuurder",
    "director": "bestuurder", "executive": "bestuurder", "vrijwilligers": "volunteer",
    "organisation": "organisation", "organization": "organisation", "organisatie": "organisation",
    "organisaties": "organisation", "org": "organisation", "partner": "organisation", "partnerorganisatie": "organisation",
}
"""Normalised type text -> person kind or ``organisation``."""

_ORG_ID = {"org_id", "organisatie_id", "organisation_id", "organization_id"}
_ORG = {"organisation", "organisatie", "organization", "werkgever", "employer"}
_SECTOR = {"sector"}
_BUURT = {"buurt_code", "buurt", "buurtcode"}
_ROLE = {"role_title", "functie", "role"}
_SKILLS = {"skills", "vaardigheden", "gaven"}
_EMAIL = {"email", "e_mail", "mail"}
_PHONE = {"phone", "telefoon", "telefoonnummer"}
MEASURE_COLUMNS: dict[str, tuple[str, ...]] = {
    "Gephi": (
        # Statistics panel (gephi/gephi StatisticsPlugin, column id and title of each addColumn);
        # GEXF, GraphML and CSV carry the title, GML the title without spaces (ClusteringCoefficient).
        "Degree", "In-Degree", "Out-Degree", "Weighted Degree", "Weighted In-Degree", "Weighted Out-Degree",
        "Eccentricity", "Closeness Centrality", "closnesscentrality", "Harmonic Closeness Centrality",
        "harmonicclosnesscentrality", "Betweenness Centrality", "betweenesscentrality", "Authority", "Hub",
        "Modularity Class", "Inferred Class", "stat_inf_class", "PageRank", "pageranks", "Component ID", "componentnumber",
        "Strongly-Connected ID", "strongcompnum", "Clustering Coefficient", "clustering", "Number of triangles",
        "Triangles", "Eigenvector Centrality", "eigencentrality", "timeset",
    ),
    "Kumu": (
        # Metrics > Social Network Analysis (docs.kumu.io/guides/metrics): one field per metric.
        "Degree", "Indegree", "Outdegree", "Closeness", "Betweenness", "Eigenvector", "Reach", "Reach efficiency",
        "Community",
    ),
    "Cytoscape NetworkAnalyzer": (
        "AverageShortestPathLength", "BetweennessCentrality", "ClosenessCentrality", "ClusteringCoefficient", "Degree",
        "Eccentricity", "IsSingleNode", "NeighborhoodConnectivity", "NumberOfDirectedEdges", "NumberOfUndirectedEdges",
        "PartnerOfMultiEdgedNodePairs", "Radiality", "SelfLoops", "Stress", "TopologicalCoefficient", "Indegree",
        "Outdegree", "EdgeBetweenness", "EdgeCount",
    ),
    "yEd": (
        # Analyze > Centrality writes its result as a node property of the measure's name.
        "Degree Centrality", "Closeness Centrality", "Betweenness Centrality", "Eigenvector Centrality",
        "Weight Centrality", "Graph Centrality",
    ),
    "Buurtnetwerk, R (igraph, sna) en networkx": (
        "community", "gemeenschap", "betweenness", "closeness", "eigenvector", "constraint", "effective_size",
        "pagerank", "harmonic_centrality", "hub_score", "authority_score", "coreness", "transitivity",
    ),
}
"""The measure columns network tools compute and write into their exports, by tool.

On import they are dropped (:func:`is_measure_column`), never kept as a person's or
tie's attributes: Buurtnetwerk computes its measures itself, a value copied from a file
is stale as soon as the network changes, and a resident may have no extra attributes.
The import preview names what was dropped. Names are compared case-insensitively and
without spaces, hyphens, dots or underscores, so Gephi's GEXF title ``Harmonic Closeness
Centrality``, its GML name ``HarmonicClosenessCentrality`` and its column id
``harmonicclosnesscentrality`` (Gephi's own spelling) are all recognised.

Layout columns (position, size, colour: Gephi ``viz``, GML ``graphics``, yEd ``x``/``y``/
``shape_type``, Cytoscape's ``selected``) are dropped too, as layout (:data:`_LAYOUT`).
"""


def _measure_key(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", normalise_header(name))


_MEASURES = frozenset(_measure_key(n) for names in MEASURE_COLUMNS.values() for n in names)


def is_measure_column(name: str) -> bool:
    """Whether ``name`` is a measure column of :data:`MEASURE_COLUMNS` (any case, spacing,
    hyphens or underscores; ``Modularity Class 2`` and other numbered copies too).

    Parameters
    ----------
    name : str
        A column or attribute name as written in the file.

    Returns
    -------
    bool
    """
    key = _measure_key(name)
    return key in _MEASURES or key.rstrip("0123456789") in _MEASURES or key.startswith("modularity")


_LAYOUT = {"viz", "graphics", "x", "y", "z", "size", "r", "g", "b", "color", "colour", "kleur", "width", "height",
           "shape_type", "selected", "suid", "shared_name"}


@dataclass
class MappingResult:
    """The ChangeSet an import would apply, every problem (nothing may be applied when
    there is one) and Dutch notices (what was skipped or assumed)."""

    changes: ChangeSet
    errors: list[RowError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def kind_of(text: str | None) -> str | None:
    """The person kind or ``organisation`` a type text names (Dutch/English synonyms,
    any case), or None."""
    if text is None:
        return None
    return KIND_SYNONYMS.get(normalise_header(text))


def map_graph(graph: ExchangeGraph, file: str, persons: pd.DataFrame, organisations: pd.DataFrame,
              works_for: pd.DataFrame, default_kind: str | None = None,
              other_weight: Callable[[str, str, str], float] | None = None,
              intervals: dict[str, tuple[dt.date, dt.date]] | None = None,
              stored_knows: dict[tuple[str, str, str], int] | None = None) -> MappingResult:
    """Map ``graph`` (read from ``file``) onto the domain model, matching the store's
    ``persons``, ``organisations`` and ``works_for`` tables (as from ``Store.table``).

    ``other_weight(a, b, source)`` is the strength the store already gives the tie a–b
    apart from its KNOWS rows ``a -> b``/``b -> a`` with this ``source`` (shared
    activities, other reports). An imported edge sets the tie's strength: its KNOWS
    ``count`` is the edge weight minus that (none when the store already explains the
    weight), so importing an export back into the same store adds nothing. ``intervals``
    are the store's person intervals (:func:`netwerk.exchange.network.person_intervals`):
    a node's start/end are kept only where neither the file's ties nor the store imply them.
    ``stored_knows`` maps the store's KNOWS rows ``(from_id, to_id, source)`` to their
    ``count``: an undirected edge updates the row of either direction (module docstring).

    Returns
    -------
    MappingResult
        ``changes`` holds persons, organisations, works_for and knows; ``errors`` name
        file, row (spreadsheets) and column/attribute, with the element in the message.
    """
    m = _Mapper(file, persons, organisations, works_for, default_kind, other_weight, intervals or {}, stored_knows or {})
    m.run(graph)
    changes = m.changes()
    return MappingResult(changes=changes, errors=m.errors, notices=m.notices())


def _new_id(label: str, salt: str) -> str:
    slug = normalise_header(label)[:40] or "element"
    return f"{slug}-{hashlib.sha1(f'{salt}|{label}'.encode()).hexdigest()[:6]}"


def _resident_id(label: str | None) -> str:
    """A new resident's id: derived from the file's label (so a second import finds the same
    id) but never spelling it, since a resident's label may be a real name."""
    digest = hashlib.sha1(("resident|" + (label or "")).encode()).hexdigest()
    return f"bewoner-{digest[:12]}"


_DIGIT = re.compile(r"\d")


def _pseudonymous(label: str | None) -> bool:
    """Whether a resident's label from a file may be kept as their pseudonym: only if it
    holds a digit ("Bewoner 017", "B-12", Buurtnetwerk's own exports). A person's name has
    none, so a real name drawn on a Kumu map or typed in Gephi is never stored."""
    return bool(label and _DIGIT.search(label))


def _generated_pseudonym(pid: str) -> str:
    """The pseudonym of a resident whose label was not kept: "Bewoner " + the id (its hash part)."""
    return "Bewoner " + (pid.removeprefix("bewoner-")[:6] if pid.startswith("bewoner-") else pid)


def _shown_ref(ref: str) -> str:
    """An edge end as the user wrote it (an element without ID is keyed ``#label:<label>``)."""
    return ref.removeprefix("#label:")


def _split(v: Any) -> list[str]:
    v = clean_value(v)
    if v is None:
        return []
    return [s.strip() for s in str(v).split("|")]


def _model_errors(e: ValidationError, file: str, row: int | None, what: str) -> list[RowError]:
    out = []
    for err in e.errors():
        col = ".".join(str(x) for x in err["loc"]) or None
        msg = str(err["msg"]).removeprefix("Value error, ")
        out.append(RowError(file, row, col, f"{what}: {msg}"))
    return out


class _Mapper:
    def __init__(self, file: str, persons: pd.DataFrame, orgs: pd.DataFrame, works_for: pd.DataFrame,
                 default_kind: str | None, other_weight: Callable[[str, str, str], float] | None,
                 intervals: dict[str, tuple[dt.date, dt.date]], stored_knows: dict[tuple[str, str, str], int]):
        self.file = file
        self.stored_knows = stored_knows
        self.undirected: set[tuple[str, str, str]] = set()  # knows keys of undirected edges
        self.directed = True
        self.intervals = intervals
        self.other_weight = other_weight
        self.explained = 0
        self.lower = 0
        self.default_kind = default_kind
        self.errors: list[RowError] = []
        self.persons_rows = {str(r["person_id"]): r for r in persons.to_dict("records")}
        self.person_by_label: dict[tuple[str, str], str] = {}
        for pid, r in self.persons_rows.items():
            label = person_label(pid, r["kind"], r.get("display_name"), r.get("pseudonym"), bool(r.get("consent_named")))
            for text in {label, r.get("pseudonym"), r.get("display_name")} - {None}:
                self.person_by_label.setdefault((fold(text), r["kind"]), pid)
        self.org_rows = {str(r["org_id"]): r for r in orgs.to_dict("records")}
        self.org_by_name = {fold(r["name"]): oid for oid, r in self.org_rows.items()}
        self.wf_rows = {(str(r["person_id"]), str(r["org_id"])): r for r in works_for.to_dict("records")}
        self.persons: dict[str, dict] = {}
        self.orgs: dict[str, dict] = {}
        self.works_for: dict[tuple[str, str], dict] = {}
        self.knows: dict[tuple[str, str, str], dict] = {}
        self.node_of: dict[str, tuple[str, str]] = {}  # file node id -> ("person"|"organisation", our id)
        self.failed: set[str] = set()  # file node ids whose element had an error
        self.skipped_derived: set[str] = set()
        self.skipped_layout: set[str] = set()
        self.default_sector: list[str] = []
        self.zero_weight = 0
        self.hidden_labels = 0
        self.self_loops = 0
        self.merged = 0

    # --- nodes -------------------------------------------------------------------------

    def _err(self, row: int | None, col: str | None, msg: str, file: str | None = None) -> None:
        self.errors.append(RowError(file or self.file, row, col, msg))

    def run(self, graph: ExchangeGraph) -> None:  # noqa: C901
        implied = self._implied_intervals(graph)
        self.directed = graph.directed
        allowed = "bewoner, wijkprofessional, bestuurder, vrijwilliger of organisatie"
        untyped = self.default_kind is None and len(graph.nodes) > 1 and all(n.type is None for n in graph.nodes)
        if untyped:
            # One hint for the file, not one error per element.
            files = sorted({n.file or self.file for n in graph.nodes})
            self._err(None, "Type", f"geen van de {len(graph.nodes)} elementen heeft een type; geef een kolom/kenmerk "
                                    f"'Type' ({allowed}) of kies een standaardsoort voor alle elementen: "
                                    "netwerk import ... --soort wijkprofessional, of bij Uitwisselen "
                                    "'Soort voor elementen zonder type'", files[0])
        for n in graph.nodes:
            what = f"element '{n.label}'" if n.row is not None else f"knoop '{n.id}' ('{n.label}')"
            kind = kind_of(n.type) if n.type is not None else self.default_kind
            self.failed.add(n.id)  # until mapped
            if kind is None and untyped:
                continue
            if kind is None:
                msg = (f"{what}: onbekend type '{n.type}'; gebruik {allowed}" if n.type is not None else
                       f"{what}: geen type; geef een kolom/kenmerk 'Type' ({allowed}) of kies een standaardsoort")
                self._err(n.row, "Type", msg, n.file)
                continue
            if kind == "organisation":
                self._organisation_node(n, what)
            else:
                self._person_node(n, kind, what, implied.get(n.id, (None, None)))
            if n.id in self.node_of:
                self.failed.discard(n.id)
        for e in graph.edges:
            what = f"verbinding '{_shown_ref(e.source)}' - '{_shown_ref(e.target)}'"
            ends = []
            for ref in (e.source, e.target):
                end = self.node_of.get(ref)
                if end is None and ref in self.persons_rows and ref not in self.failed:
                    end = ("person", ref)  # a connections list alone may name the store's persons
                ends.append(end)
            first, second = ends
            if first is None or second is None:
                missing = [ref for ref, x in zip((e.source, e.target), ends, strict=True) if x is None]
                if not set(missing) <= self.failed:  # a failed element has its own error already
                    self._err(e.row, None, f"{what}: '{missing[0]}' is geen element van dit bestand en "
                                           "geen persoon in de store", e.file)
                continue
            (ka, a), (kb, b) = first, second
            if a == b and ka == kb:
                self.self_loops += 1
                continue
            if ka == "organisation" and kb == "organisation":
                self._err(e.row, None, f"{what}: een verbinding tussen twee organisaties kan niet worden opgeslagen "
                                       "(alleen tussen personen, of van een persoon naar een organisatie)", e.file)
                continue
            if "organisation" in (ka, kb):
                pid, oid = (a, b) if ka == "person" else (b, a)
                self._employ(pid, oid, e.start, e.end)
                continue
            self._tie(a, b, e, what)

    def _implied_intervals(self, graph: ExchangeGraph) -> dict[str, tuple[dt.date | None, dt.date | None]]:
        days: dict[str, list[dt.date]] = {}
        for e in graph.edges:
            for end in (e.source, e.target):
                days.setdefault(end, []).extend(d for d in (e.start, e.end) if d is not None)
        return {k: (min(v), max(v)) for k, v in days.items() if v}

    def _split_attrs(self, n_attrs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """(known fields by canonical name, kept attributes); derived and layout are dropped and noted."""
        known: dict[str, Any] = {}
        kept: dict[str, Any] = {}
        for k, v in n_attrs.items():
            key = normalise_header(k)
            for canon, names in (("org_id", _ORG_ID), ("organisation", _ORG), ("sector", _SECTOR),
                                 ("buurt_code", _BUURT), ("role_title", _ROLE), ("skills", _SKILLS),
                                 ("email", _EMAIL), ("phone", _PHONE)):
                if key in names:
                    known[canon] = v
                    break
            else:
                if is_measure_column(k):
                    self.skipped_derived.add(k)
                elif key in _LAYOUT:
                    self.skipped_layout.add(k)
                elif key in RESERVED_TIME:
                    continue
                else:
                    kept[str(k)] = v
        return known, kept

    def _person_node(self, n: ExchangeNode, kind: str, what: str, implied: tuple) -> None:  # noqa: C901
        known, kept = self._split_attrs(n.attrs)
        pid = n.id if n.row is None or not n.id.startswith("#label:") else ""
        existing = None
        if pid and pid in self.persons_rows:
            existing = self.persons_rows[pid]
            labels = {fold(x) for x in (existing.get("display_name"), existing.get("pseudonym"),
                                          person_label(pid, existing["kind"], existing.get("display_name"),
                                                       existing.get("pseudonym"), bool(existing.get("consent_named"))))
                      if x}
            hidden_match = (existing["kind"] == "resident" and not _pseudonymous(n.label)
                            and existing.get("pseudonym") == _generated_pseudonym(pid))
            if fold(n.label) not in labels and not hidden_match:
                shown = existing.get("display_name") or existing.get("pseudonym") or pid
                if existing["kind"] == "resident":
                    shown = existing.get("pseudonym") or f"Bewoner {pid}"
                self._err(n.row, "ID", f"{what}: id '{pid}' hoort in de store bij '{shown}', niet bij '{n.label}'; "
                                       "pas het label of de id aan", n.file)
                return
        elif not pid:
            pid = self.person_by_label.get((fold(n.label), kind)) or (
                _resident_id(n.label) if kind == "resident" else _new_id(n.label or "persoon", kind))
            existing = self.persons_rows.get(pid)
        if pid in self.persons:
            self._err(n.row, "ID", f"{what}: dit element staat twee keer in het bestand (id '{pid}')", n.file)
            return
        base = {k: v for k, v in (existing or {}).items() if k in Person.model_fields}
        if kind == "resident":
            if kept:
                for k in kept:
                    self._err(n.row, k, f"{what}: van een bewoner worden geen extra kenmerken vastgelegd "
                                        f"(kenmerk '{k}'); laat het leeg of verwijder de kolom", n.file)
                return
            if not _pseudonymous(n.label):
                self.hidden_labels += 1
                if not existing or not existing.get("pseudonym"):
                    base["pseudonym"] = _generated_pseudonym(pid)
            elif not existing or fold(n.label) != fold(resident_label(pid, existing.get("pseudonym"))):
                base["pseudonym"] = n.label
        elif not existing or fold(n.label) != fold(person_label(pid, kind, existing.get("display_name"),
                                                                   existing.get("pseudonym"), False)):
            base["display_name"] = n.label
        base.update(person_id=pid, kind=kind)
        if "role_title" in known:
            base["role_title"] = clean_value(known["role_title"])
        if "buurt_code" in known:
            base["buurt_code"] = clean_value(known["buurt_code"])
        if "skills" in known:
            base["skills"] = tuple(_split(known["skills"]))
        for f in ("email", "phone"):
            if f in known:
                base[f] = clean_value(known[f])
        attrs = dict(base.get("attributes") or {})
        attrs.update(kept)
        held = self.intervals.get(pid) if existing else None
        if held:
            implied = (min(d for d in (implied[0], held[0]) if d), max(d for d in (implied[1], held[1]) if d))
        for key, day, imp in (("start", n.start, implied[0]), ("end", n.end, implied[1])):
            if day is not None and day != imp:
                attrs[key] = day.isoformat()
        base["attributes"] = attrs or None
        try:
            person = Person(**base)
        except ValidationError as e:
            self.errors.extend(_model_errors(e, n.file or self.file, n.row, what))
            return
        self.persons[pid] = person.model_dump()
        self.node_of[n.id] = ("person", pid)
        self._employers(pid, known, n, what)

    def _employers(self, pid: str, known: dict, n: ExchangeNode, what: str) -> None:
        ids, names, sectors = (_split(known.get(k)) for k in ("org_id", "organisation", "sector"))
        for oid, name, sector in zip_longest(ids, names, sectors):
            if not (oid or name):
                continue
            found = oid if oid in self.org_rows or oid in self.orgs else None
            if found is None and name:
                found = self.org_by_name.get(fold(name)) or next(
                    (k for k, o in self.orgs.items() if fold(o["name"]) == fold(name)), None)
            if found is None:
                found = oid or _new_id(name, "organisation")
                self._org(found, name or oid, sector, {}, n, what, new=True)
            self._employ(pid, found, None, None)

    def _org(self, oid: str, name: str, sector: Any, kept: dict, n: ExchangeNode, what: str, new: bool) -> None:
        existing = self.orgs.get(oid) or self.org_rows.get(oid)
        base = {k: v for k, v in (existing or {}).items() if k in Organisation.model_fields}
        base.update(org_id=oid, name=name or base.get("name") or oid)
        sector = clean_value(sector)
        if sector is not None:
            try:
                base["sector"] = parse_vocab(str(sector), gs.SECTORS, "sector")
            except ValueError as e:
                self._err(n.row, "sector", f"{what}: {e}", n.file)
                return
        elif not base.get("sector"):
            base["sector"] = "overig"
            self.default_sector.append(base["name"])
        attrs = dict(base.get("attributes") or {})
        attrs.update(kept)
        base["attributes"] = attrs or None
        try:
            self.orgs[oid] = Organisation(**base).model_dump()
        except ValidationError as e:
            self.errors.extend(_model_errors(e, n.file or self.file, n.row, what))

    def _organisation_node(self, n: ExchangeNode, what: str) -> None:
        known, kept = self._split_attrs(n.attrs)
        oid = n.id if not n.id.startswith("#label:") else ""
        if oid and oid in self.org_rows and fold(self.org_rows[oid]["name"]) != fold(n.label):
            self._err(n.row, "ID", f"{what}: id '{oid}' hoort in de store bij '{self.org_rows[oid]['name']}', "
                                   f"niet bij '{n.label}'", n.file)
            return
        if not oid:
            oid = self.org_by_name.get(fold(n.label)) or _new_id(n.label or "", "organisation")
        self._org(oid, n.label or "", known.get("sector"), kept, n, what, new=oid not in self.org_rows)
        self.node_of[n.id] = ("organisation", oid)

    # --- edges -------------------------------------------------------------------------

    def _employ(self, pid: str, oid: str, since: dt.date | None, until: dt.date | None) -> None:
        base = dict(self.works_for.get((pid, oid)) or self.wf_rows.get((pid, oid)) or {})
        base = {k: v for k, v in base.items() if k in WorksFor.model_fields}
        base.update(person_id=pid, org_id=oid)
        if since is not None:
            base["since"] = since
        if until is not None:
            base["until"] = until
        self.works_for[(pid, oid)] = WorksFor(**base).model_dump()

    def _tie(self, a: str, b: str, e, what: str) -> None:
        w = e.weight
        if w is not None and w == 0:
            self.zero_weight += 1
            return
        if w is not None and (w < 0 or w != int(w)):
            self._err(e.row, e.weight_column, f"{what}: gewicht {w:g} kan niet worden opgeslagen; gebruik een geheel getal "
                                       "van 1 of meer (het aantal keren dat de relatie is gemeld)", e.file)
            return
        source = (e.type or DEFAULT_SOURCE).strip()
        known, kept = self._split_attrs(e.attrs)
        kept |= {k: v for k, v in known.items()}  # an edge has no such fields: keep them as attributes
        key = (a, b, source)
        directed = e.directed if e.directed is not None else self.directed
        if not directed:
            key = self._undirected_key(a, b, source)
            self.undirected.add(key)
        count = int(w) if w is not None else 1
        prev = self.knows.get(key)
        if prev is not None:
            self.merged += 1
            count += prev["count"]
            since = min((d for d in (prev["since"], e.start) if d is not None), default=None)
            until = max((d for d in (prev["until"], e.end) if d is not None), default=None)
            kept = {**(prev["attributes"] or {}), **kept}
        else:
            since, until = e.start, e.end
        try:
            self.knows[key] = Knows(from_id=key[0], to_id=key[1], source=source, since=since, until=until, count=count,
                                    attributes=kept or None).model_dump()
        except ValidationError as err:
            self.errors.extend(_model_errors(err, e.file or self.file, e.row, what))

    def _undirected_key(self, a: str, b: str, source: str) -> tuple[str, str, str]:
        """The KNOWS row an undirected edge a–b writes: the file's earlier edge of either
        direction, else the store's row of either direction, else ``a -> b``."""
        forward, reverse = (a, b, source), (b, a, source)
        for rows in (self.knows, self.stored_knows):
            if forward in rows:
                return forward
            if reverse in rows:
                return reverse
        return forward

    # --- results -----------------------------------------------------------------------

    def _counted(self) -> list[Knows]:
        out = []
        for (a, b, source), r in sorted(self.knows.items()):
            other = self.other_weight(a, b, source) if self.other_weight else 0
            if (a, b, source) in self.undirected:
                # The tie's strength is set once for the pair: the store's reverse row keeps its count.
                other += self.stored_knows.get((b, a, source), 0)
            count = r["count"] - int(round(other))
            if count <= 0:
                self.explained += 1
                self.lower += count < 0
                continue
            out.append(Knows(**(r | {"count": count})))
        return out

    def changes(self) -> ChangeSet:
        knows = self._counted()
        return ChangeSet(
            organisations=[Organisation(**r) for _, r in sorted(self.orgs.items())],
            persons=[Person(**r) for _, r in sorted(self.persons.items())],
            works_for=[WorksFor(**r) for _, r in sorted(self.works_for.items())],
            knows=knows,
        )

    def notices(self) -> list[str]:
        out = []
        if self.skipped_derived:
            out.append(f"{self.file}: berekende maten niet opgeslagen (Buurtnetwerk berekent ze zelf): "
                       f"{', '.join(sorted(self.skipped_derived))}.")
        if self.skipped_layout:
            shown = ", ".join(sorted(self.skipped_layout))
            out.append(f"{self.file}: opmaak (positie, grootte, kleur) niet overgenomen: {shown}.")
        if self.default_sector:
            names = sorted(set(self.default_sector))
            out.append(f"{self.file}: {len(names)} organisatie(s) zonder sector kregen sector 'overig': "
                       f"{', '.join(names[:10])}.")
        if self.hidden_labels:
            out.append(f"{self.file}: {self.hidden_labels} bewoner(s) zonder cijfer in het label (dat kan een naam zijn): "
                       "het label is niet opgeslagen, zij kregen een pseudoniem 'Bewoner …'.")
        if self.zero_weight:
            out.append(f"{self.file}: {self.zero_weight} verbinding(en) met gewicht 0 overgeslagen (geen relatie).")
        if self.self_loops:
            out.append(f"{self.file}: {self.self_loops} verbinding(en) van een element met zichzelf overgeslagen.")
        if self.explained:
            out.append(f"{self.file}: {self.explained} verbinding(en) stonden al met dit gewicht in Buurtnetwerk "
                       "(gedeelde activiteiten of eerdere meldingen); er is niets voor toegevoegd.")
        if self.lower:
            out.append(f"{self.file}: bij {self.lower} verbinding(en) is het gewicht lager dan in Buurtnetwerk; "
                       "gedeelde activiteiten worden niet verlaagd.")
        if self.merged:
            out.append(f"{self.file}: {self.merged} herhaalde verbinding(en) samengevoegd (gewichten opgeteld).")
        return out

