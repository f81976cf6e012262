"""Network measures per area (gemeente, wijk, buurt), from the ``buurt_code`` of
activities and persons.

An area holds every code that lies in it (:func:`netwerk.ingest.cbs.parent_codes`): an
activity in buurt ``BU01770101`` counts for that buurt, for wijk ``WK017701`` and for
gemeente ``GM0177``. A ``buurt_code`` that is no CBS code (a name typed by hand) is an
area of its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

import numpy as np
import pandas as pd

from netwerk.analysis.snapshot import pair_weights
from netwerk.domain import Snapshot
from netwerk.ingest.cbs import parent_codes

__all__ = ["AREA_MEASURE_COLUMNS", "area_measures"]

AREA_MEASURE_COLUMNS: tuple[str, ...] = (
    "code", "activities", "residents", "professionals", "anonymous_participants", "organisations",
    "residents_living", "persons", "ties", "density",
)
"""The columns :func:`area_measures` returns, in order."""


def area_measures(snapshot: Snapshot, codes: Iterable[str] = ()) -> pd.DataFrame:
    """Counts and co-participation density of the network per area.

    Parameters
    ----------
    snapshot : Snapshot
        The network (its period and filters already applied).
    codes : iterable of str, optional
        Areas to report even when nothing happened there (e.g. every Area in the store).
        Every code that the snapshot's activities or persons lie in is reported as well.

    Returns
    -------
    pandas.DataFrame
        One row per area code, sorted by code, with the columns
        :data:`AREA_MEASURE_COLUMNS`:

        - ``code``: the area code;
        - ``activities``: activities whose ``buurt_code`` lies in the area (int);
        - ``residents`` / ``professionals``: distinct persons of kind ``resident`` /
          ``professional`` who took part in one of those activities (int);
        - ``anonymous_participants``: sum of those activities' anonymous participants (int);
        - ``organisations``: distinct organisations that a participant works for
          (``works_for``), i.e. organisations active in the area (int);
        - ``residents_living``: recorded residents whose own ``buurt_code`` lies in the
          area (int);
        - ``persons``: distinct participants of any kind (int), the nodes of the area's
          co-participation network;
        - ``ties``: edges of that network (int);
        - ``density``: its density (float in [0, 1]); NaN with fewer than two persons.

    Notes
    -----
    The area's co-participation network is the one-mode projection on persons of the
    person–activity graph restricted to the area's activities
    (:func:`netwerk.analysis.snapshot.coparticipation_graph`; Borgatti & Everett 1997);
    density is :math:`2m / (n(n-1))` (``networkx.density``; Wasserman & Faust 1994, §4.2).
    """
    acts = snapshot.activities
    aid = acts["activity_id"].astype(str)
    parents: dict[str, list[str]] = {}  # parent_codes once per distinct code
    act_area: dict[str, list[str]] = {}
    for a, code in zip(aid, acts["buurt_code"], strict=True):
        if isinstance(code, str) and code.strip():
            act_area[a] = parents[code] if code in parents else parents.setdefault(code, parent_codes(code))
    persons = snapshot.persons
    living_codes, residents_living = _where_persons_live(persons)
    all_codes = set(codes) | {c for cs in act_area.values() for c in cs} | living_codes
    kinds = dict(zip(persons["person_id"].astype(str), persons["kind"], strict=True))
    employers: dict[str, set[str]] = defaultdict(set)
    for pid, oid in zip(snapshot.works_for["person_id"], snapshot.works_for["org_id"], strict=True):
        employers[str(pid)].add(str(oid))

    area_acts: dict[str, set[str]] = defaultdict(set)
    for a, cs in act_area.items():
        for c in cs:
            area_acts[c].add(a)
    # Row positions per activity id, found once: each area then takes its rows by group
    # instead of scanning every activity and participation again.
    act_rows = aid.groupby(aid, sort=False).indices
    parts_all = snapshot.participations
    part_aid = parts_all["activity_id"].astype(str)
    part_rows = part_aid.groupby(part_aid, sort=False).indices
    anonymous_all = pd.to_numeric(acts["anonymous_participants"], errors="coerce").fillna(0).to_numpy()
    empty = np.zeros(0, dtype=np.int64)

    rows = []
    for code in sorted(all_codes):
        ids = area_acts.get(code, set())
        a_pos = np.sort(np.concatenate([act_rows[a] for a in ids])) if ids else empty
        p_pos = [part_rows[a] for a in ids if a in part_rows]
        parts = parts_all.iloc[np.sort(np.concatenate(p_pos))] if p_pos else parts_all.iloc[0:0]
        people = sorted(set(parts["person_id"].astype(str)))
        n, m = _area_network(snapshot, acts.iloc[a_pos], parts, [p for p in people if p in kinds])
        rows.append({
            "code": code,
            "activities": len(ids),
            "residents": sum(1 for p in people if kinds.get(p) == "resident"),
            "professionals": sum(1 for p in people if kinds.get(p) == "professional"),
            "anonymous_participants": int(anonymous_all[a_pos].sum()),
            "organisations": len(set().union(*(employers.get(p, set()) for p in people))) if people else 0,
            "residents_living": residents_living.get(code, 0),
            "persons": n,
            "ties": m,
            "density": _density(n, m) if n >= 2 else float("nan"),
        })
    return pd.DataFrame(rows, columns=list(AREA_MEASURE_COLUMNS))


def _where_persons_live(persons: pd.DataFrame) -> tuple[set[str], dict[str, int]]:
    """The area codes (each with its parent areas) that ``persons`` (columns kind,
    buurt_code) live in, and per code the number of residents living there."""
    codes: set[str] = set()
    residents_living: dict[str, int] = defaultdict(int)
    for kind, code in zip(persons["kind"], persons["buurt_code"], strict=True):
        if isinstance(code, str) and code.strip():
            for c in parent_codes(code):
                codes.add(c)
                if kind == "resident":
                    residents_living[c] += 1
    return codes, residents_living


def _area_network(snapshot: Snapshot, acts: pd.DataFrame, parts: pd.DataFrame, people: list[str]) -> tuple[int, int]:
    """Persons and ties of the area's co-participation network (the nodes and edges of
    :func:`netwerk.analysis.snapshot.coparticipation_graph` of the area's activities,
    participations and participants), counted from its pair codes without building the graph."""
    codes, _, _ = pair_weights(replace(snapshot, activities=acts, participations=parts), people)
    return len(people), len(codes)


def _density(n: int, m: int) -> float:
    """``networkx.density`` of an undirected graph with ``n`` nodes and ``m`` edges."""
    if m == 0 or n <= 1:
        return 0
    return m / (n * (n - 1)) * 2
