"""Neighbourhood figures: CBS Kerncijfers per area beside the network measures of that area.

Areas (gemeente, wijk, buurt) are keyed by their CBS code; their CBS indicators come from
an area import (kind ``gebieden``; the demo seed loads Raalte's from
``seeds/cbs/gebieden.csv``, see ``seeds/cbs/SOURCE.md``). A name that is not CBS's own
(inferred or doubtful) is marked ``name_uncertain`` and labelled "(naam onzeker)".

Every role may see these aggregates. For a bestuurder, every network count between 1 and 4
is ``"<5"`` and every other count is rounded to a multiple of 5
(:func:`netwerk.access.suppress_small`, as CBS does); a rate or density computed from a
``"<5"`` count is withheld (None, ``"afgeschermd"``), the others are computed from the
rounded counts, since the exact ones would give the counts back.
CBS's own figures are published aggregates and are shown as published.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from netwerk.access import SUPPRESSED_DERIVED, Viewer, ratio, suppress_small, visible_snapshot
from netwerk.analysis.areas import AREA_MEASURE_COLUMNS, area_measures
from netwerk.domain import Area, SnapshotFilter
from netwerk.ingest.cbs import CBS_INDICATORS, parent_codes
from netwerk.store.base import Store
from netwerk.text import MISSING, fold

__all__ = [
    "AREA_COLUMNS",
    "COUNT_COLUMNS",
    "UNCERTAIN_MARK",
    "area_code",
    "area_label",
    "area_name",
    "area_names",
    "area_overview",
    "areas",
]

UNCERTAIN_MARK = "(naam onzeker)"
"""Appended to a name that is not CBS's own."""

AREA_COLUMNS: tuple[str, ...] = ("code", "name", "label", "level", "name_uncertain", "wijk", "gemeente")
"""The descriptive columns both :func:`areas` and :func:`area_overview` start with."""

COUNT_COLUMNS: tuple[str, ...] = (
    "activities", "residents", "professionals", "anonymous_participants", "organisations", "residents_living",
    "persons", "ties",
)
"""The network counts of :func:`area_overview` (for bestuurders ``"<5"`` below 5, else rounded to 5)."""


_LEVEL_ORDER = {"gemeente": 0, "wijk": 1, "buurt": 2}


def area_label(name: str | None, name_uncertain: bool) -> str:
    """The name as shown: ``"Heino (naam onzeker)"`` for an uncertain name, the name
    itself otherwise, ``"(geen gebiedsgegevens)"`` for a code without an Area record."""
    if not name:
        return "(geen gebiedsgegevens)"
    return f"{name} {UNCERTAIN_MARK}" if name_uncertain else name


def area_names(viewer: Viewer, store: Store) -> dict[str, str]:
    """Every area's name by its CBS code, for :func:`area_name`: ``{"BU01770104": "Schoolbuurt",
    "WK017701": "Raalte (kern)", ...}``. Areas without a name are left out.

    Parameters
    ----------
    viewer : Viewer
        Any role (area names are public).
    store : Store

    Raises
    ------
    StoreError
        If the store cannot be read.
    """
    del viewer  # every role may see the areas
    t = store.table("areas")
    return {str(c): str(n).strip() for c, n in zip(t["code"], t["name"], strict=True)
            if isinstance(n, str) and n.strip()}


def area_name(code: str | None, names: Mapping[str, str], *, with_code: bool = False) -> str:
    """The one display name of an area, for pickers, tables, titles and auto-titles.

    ``names`` is :func:`area_names`. A known code gives its name (``"Schoolbuurt"``), with
    ``with_code=True`` the CBS code after it as a secondary detail (``"Schoolbuurt (BU01770104)"``);
    a code without a name (or a buurt typed by hand) is shown as given; ``None`` or blank
    gives ``"–"``.
    """
    if code is None or not str(code).strip():
        return MISSING
    name = names.get(str(code))
    if not name:
        return str(code)
    return f"{name} ({code})" if with_code else name


def area_code(value: str | None, names: Mapping[str, str]) -> str | None:
    """The code a person means by ``value``: a known code as given; a name typed by hand that
    is the name of exactly one area in ``names`` (:func:`area_names`; accents and case ignored,
    buurten before wijken) becomes its code (``"schoolbuurt"`` -> ``"BU01770104"``); anything
    else as given (stripped); blank gives None."""
    text = (value or "").strip()
    if not text or text in names:
        return text or None
    matches = sorted((c for c, n in names.items() if fold(n) == fold(text)), key=lambda c: (not c.startswith("BU"), c))
    if len(matches) == 1 or (matches and sum(c.startswith("BU") for c in matches) == 1):
        return matches[0]
    return text


def areas(viewer: Viewer, store: Store) -> pd.DataFrame:
    """The areas in the store with their CBS indicators, one row per area.

    Parameters
    ----------
    viewer : Viewer
        Any role (these are public aggregates).
    store : Store

    Returns
    -------
    pandas.DataFrame
        Gemeente first, then wijken, then buurten (by code within each). Columns
        :data:`AREA_COLUMNS` — ``code`` (CBS code, the key),
        ``name``, ``label`` (:func:`area_label`), ``level`` (gemeente, wijk or buurt),
        ``name_uncertain`` (bool), ``wijk`` and ``gemeente`` (the codes the area lies in,
        None above its level) — then one column per CBS indicator that any area has, named
        by its CBS key (``AantalInwoners_5``, ...; units in
        :data:`netwerk.ingest.cbs.CBS_INDICATORS`), in CBS's order; a missing value is None.

    Raises
    ------
    StoreError
        If the store cannot be read.
    """
    del viewer  # every role may see the areas
    t = store.table("areas")
    rows = []
    for r in t.itertuples(index=False):
        indicators = r.indicators if isinstance(r.indicators, dict) else {}
        rows.append({**_describe(r.code, r.name, bool(r.name_uncertain), r.level), **indicators})
    keys = _indicator_keys(rows)
    # object columns keep CBS's integers as int when another area lacks the indicator.
    out = pd.DataFrame(rows, columns=[*AREA_COLUMNS, *keys], dtype=object)
    for k in keys:
        out[k] = out[k].where(out[k].notna(), None)
    return _in_order(out)


def area_overview(viewer: Viewer, store: Store, flt: SnapshotFilter | None = None) -> pd.DataFrame:
    """Every area with its network measures beside its CBS indicators.

    The areas are those in the store plus every code an activity or a person lies in
    (:func:`netwerk.ingest.cbs.parent_codes`: a buurt counts for its wijk and gemeente).

    Parameters
    ----------
    viewer : Viewer
        Any role. For a bestuurder every count in :data:`COUNT_COLUMNS` between 1 and 4 is
        ``"<5"`` and the others are rounded to a multiple of 5; ``residents_per_1000`` is
        None where ``residents`` is below 5 and computed from the rounded count otherwise;
        ``density`` is ``"afgeschermd"`` where ``persons`` or ``ties`` is below 5 and
        computed from the rounded counts otherwise.
    store : Store
    flt : SnapshotFilter, optional
        Period and filters for the network measures (CBS figures are not filtered).

    Returns
    -------
    pandas.DataFrame
        Ordered as :func:`areas` (codes without a level last). Columns :data:`AREA_COLUMNS`
        (see :func:`areas`), then
        ``activities``, ``residents``, ``professionals``, ``anonymous_participants``,
        ``organisations``, ``residents_living``, ``persons``, ``ties`` (counts: int, or
        ``"<5"`` or rounded for a bestuurder), ``density`` (float in [0, 1], NaN with fewer than two
        persons; see :func:`netwerk.analysis.areas.area_measures`),
        ``residents_per_1000`` (residents involved per 1,000 inhabitants,
        ``1000 * residents / AantalInwoners_5``; NaN or None without an inhabitant count), then
        the CBS indicator columns as in :func:`areas`.

    Raises
    ------
    StoreError
        If the store cannot be read.
    """
    known = areas(viewer, store)
    snap = visible_snapshot(viewer, store, flt)
    measures = area_measures(snap, known["code"].tolist())
    keys = [c for c in known.columns if c not in AREA_COLUMNS]
    by_code = known.set_index("code")
    rows = []
    for m in measures.to_dict("records"):
        code = m["code"]
        if code in by_code.index:
            a = by_code.loc[code]
            base = {"code": code, **{c: a[c] for c in AREA_COLUMNS[1:]}}
            cbs = {k: a[k] for k in keys}
        else:
            base = _describe(code, None, False, Area.level_for(code))
            cbs = dict.fromkeys(keys)
        inhabitants = cbs.get("AantalInwoners_5")
        rate = 1000 * m["residents"] / inhabitants if inhabitants else None
        rows.append({**base, **{c: m[c] for c in AREA_MEASURE_COLUMNS[1:]}, "residents_per_1000": rate, **cbs})
    out = pd.DataFrame(rows, columns=[*AREA_COLUMNS, *AREA_MEASURE_COLUMNS[1:], "residents_per_1000", *keys])
    for k in keys:  # keep CBS's whole numbers whole (a missing value would make the column float)
        out[k] = pd.Series([r[k] for r in rows], dtype=object)
    if viewer.role == "bestuurder":
        for c in COUNT_COLUMNS:
            out[c] = pd.Series([suppress_small(viewer, int(v)) for v in out[c]], dtype=object)
        out["residents_per_1000"] = [
            None if (r is None or math.isnan(r)) or isinstance(n, str) else 1000 * n / inhabitants
            for r, n, inhabitants in zip(out["residents_per_1000"], out["residents"], out["AantalInwoners_5"]
                                         if "AantalInwoners_5" in out else [None] * len(out), strict=True)
        ]
        out["density"] = pd.Series([
            SUPPRESSED_DERIVED if isinstance(p, str) or isinstance(t, str)
            else ratio(2 * t, p * (p - 1), upper=1.0) if p >= 2 else float("nan")
            for p, t in zip(out["persons"], out["ties"], strict=True)
        ], dtype=object)
    return _in_order(out)


def _in_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Gemeente first, then wijken, then buurten, then other codes; by code within each."""
    rank = frame["level"].map(_LEVEL_ORDER).fillna(len(_LEVEL_ORDER))
    return frame.assign(_rank=rank).sort_values(["_rank", "code"]).drop(columns="_rank").reset_index(drop=True)


def _describe(code: str, name: str | None, uncertain: bool, level: str | None) -> dict:
    parents = parent_codes(code)
    return {
        "code": code,
        "name": name,
        "label": area_label(name, uncertain),
        "level": level,
        "name_uncertain": uncertain,
        "wijk": next((c for c in parents[1:] if c.startswith("WK")), None),
        "gemeente": next((c for c in parents[1:] if c.startswith("GM")), None),
    }


def _indicator_keys(rows: list[dict]) -> list[str]:
    present = {k for r in rows for k in r if k not in AREA_COLUMNS}
    return [k for k in CBS_INDICATORS if k in present] + sorted(present - set(CBS_INDICATORS))
