"""Snapshots: the part of the network a filter selects, shared by every store adapter."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd

from netwerk.domain import AMSTERDAM, Snapshot, SnapshotFilter, person_label
from netwerk.store.base import CHANGESET_SCHEMA

__all__ = ["PERIOD_TABLES", "SNAPSHOT_TABLES", "SnapshotMemo", "amsterdam_times", "build_snapshot", "none_for_missing",
           "period_instants", "utc_text"]

SNAPSHOT_TABLES: tuple[str, ...] = tuple(n for n in CHANGESET_SCHEMA if n in Snapshot.__dataclass_fields__)
"""The tables :func:`build_snapshot` reads (every adapter's ``snapshot`` loads these): the
store tables that are fields of :class:`~netwerk.domain.Snapshot`, so a new type of the
registry is not read into snapshots until the Snapshot has a place for it."""


def utc_text(dt: datetime) -> str:
    """A tz-aware datetime as fixed-width UTC ISO text (sorts chronologically)."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def none_for_missing(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every column of dtype object and ``None`` for a missing value: what
    ``df.astype(object).where(df.notna(), None)`` gives, but only the columns pandas
    inferred as non-object (an int column with a gap is float with NaN) are checked for
    gaps; object columns (text) already hold ``None`` and are only copied, which saves
    ~0.5 s on 170,000 participations."""
    out = df.astype(object)
    for c, dtype in df.dtypes.items():
        if not pd.api.types.is_object_dtype(dtype):
            out[c] = out[c].where(df[c].notna(), None)
    return out


def amsterdam_times(texts: pd.Series) -> pd.Series | list[None]:
    """ISO texts with a UTC offset (``None`` for missing) as Europe/Amsterdam times, parsed
    at once (pandas, not a ``datetime`` per row): a column of dtype
    ``datetime64[ns, Europe/Amsterdam]`` with ``NaT`` for missing, on ``texts``' index.
    This is the column pandas makes from a list of Amsterdam ``datetime`` objects; as
    there, a column without any time (empty, or all missing) stays a list of ``None``, and
    texts pandas cannot parse are converted per row into such a list."""
    if not texts.notna().any():
        return [None] * len(texts)
    try:
        return pd.to_datetime(texts, utc=True, format="ISO8601").dt.tz_convert(AMSTERDAM)
    except ValueError:
        # pandas refuses an offset with seconds (Amsterdam before 1937: +00:19:32) and years
        # outside 1677-2262: then per row, as before (pandas infers the column from the list).
        return [datetime.fromisoformat(v).astimezone(AMSTERDAM) if v else None for v in texts]


PERIOD_TABLES: tuple[str, ...] = ("activities", "participations", "activity_themes")
"""Snapshot tables an adapter may read only for a filter's period (:func:`period_instants`,
on the activity's date): :func:`build_snapshot` drops every other row of them anyway."""


def period_instants(flt: SnapshotFilter) -> tuple[datetime | None, datetime | None]:
    """The filter's period as UTC instants ``[start, end)``: midnight Europe/Amsterdam at
    the start of ``flt.start`` and after ``flt.end`` (None where open). An activity is in
    the period if ``start <= date < end``, exactly as :func:`build_snapshot` decides, so an
    adapter may push this condition into its query (DST days are 23 or 25 hours long)."""
    start = end = None
    if flt.start is not None:
        start = datetime.combine(flt.start, datetime.min.time(), AMSTERDAM).astimezone(UTC)
    if flt.end is not None:
        end = datetime.combine(flt.end + timedelta(days=1), datetime.min.time(), AMSTERDAM).astimezone(UTC)
    return start, end


def build_snapshot(f: dict[str, pd.DataFrame], flt: SnapshotFilter) -> Snapshot:  # noqa: C901
    """Apply a :class:`SnapshotFilter` to full tables (shared by every adapter)."""
    orgs, persons, acts = f["organisations"], f["persons"], f["activities"]
    wf = f["works_for"]
    # Each person's first employer (by org_id) gives the person's organisation and sector.
    # (dicts, not Series.get per person: that was most of this function's time)
    employer = wf.sort_values(["person_id", "org_id"]).drop_duplicates("person_id").set_index("person_id")["org_id"].to_dict()
    sector_of = orgs.set_index("org_id")["sector"].to_dict()
    persons = persons.copy()
    persons["org_id"] = [employer.get(pid) for pid in persons["person_id"]]
    persons["sector"] = [sector_of.get(o) if o else None for o in persons["org_id"]]
    persons["label"] = [
        person_label(r.person_id, r.kind, r.display_name, r.pseudonym, r.consent_named) for r in persons.itertuples()
    ]
    # A resident's real name never leaves the store without consent.
    persons.loc[(persons["kind"] == "resident") & ~persons["consent_named"].astype(bool), "display_name"] = None

    if flt.organisations:
        orgs = orgs[orgs["org_id"].isin(flt.organisations)]
    if flt.sectors:
        orgs = orgs[orgs["sector"].isin(flt.sectors)]
    if flt.person_kinds:
        persons = persons[persons["kind"].isin(flt.person_kinds)]
    if flt.organisations or flt.sectors:
        # Anyone who works for a selected organisation, not only via their first employer.
        works_there = set(wf.loc[wf["org_id"].isin(orgs["org_id"]), "person_id"])
        persons = persons[persons["person_id"].isin(works_there)]

    start, end = period_instants(flt)
    if start is not None:
        acts = acts[[d >= start for d in acts["date"]]] if len(acts) else acts
    if end is not None:
        acts = acts[[d < end for d in acts["date"]]] if len(acts) else acts
    if flt.activity_kinds:
        acts = acts[acts["kind"].isin(flt.activity_kinds)]
    at = f["activity_themes"]
    if flt.themes:
        acts = acts[acts["activity_id"].isin(at.loc[at["theme"].isin(flt.themes), "activity_id"])]
    if flt.buurten:
        acts = acts[acts["buurt_code"].isin(flt.buurten)]

    parts = f["participations"]
    parts = parts[parts["activity_id"].isin(acts["activity_id"]) & parts["person_id"].isin(persons["person_id"])]
    knows = f["knows"]
    knows = knows[knows["from_id"].isin(persons["person_id"]) & knows["to_id"].isin(persons["person_id"])]
    if flt.end is not None:
        knows = knows[[s is None or s <= flt.end for s in knows["since"]]] if len(knows) else knows

    if any((flt.start, flt.end, flt.activity_kinds, flt.themes, flt.buurten)):
        # Only people active in the selection remain: participants of a kept activity and,
        # unless the filter is about kinds of activity, people with a reported tie.
        active = set(parts["person_id"])
        if not (flt.activity_kinds or flt.themes or flt.buurten):
            active |= set(knows["from_id"]) | set(knows["to_id"])
        persons = persons[persons["person_id"].isin(active)]
        knows = knows[knows["from_id"].isin(active) & knows["to_id"].isin(active)]

    rounds = f["survey_rounds"]
    if flt.start is not None:
        rounds = rounds[[d >= flt.start for d in rounds["date"]]] if len(rounds) else rounds
    if flt.end is not None:
        rounds = rounds[[d <= flt.end for d in rounds["date"]]] if len(rounds) else rounds
    ratings = f["ratings"]
    ends_ok = {"person": set(persons["person_id"]), "organisation": set(orgs["org_id"])}
    if len(ratings):
        keep = ratings["round_id"].isin(rounds["round_id"]).to_numpy() & np.array([
            r in ends_ok[rt] and d in ends_ok[dt]
            for r, rt, d, dt in zip(ratings["rater_id"], ratings["rater_type"], ratings["rated_id"], ratings["rated_type"],
                                    strict=True)
        ])
        ratings = ratings[keep]

    def reset(df: pd.DataFrame) -> pd.DataFrame:
        return df.reset_index(drop=True)

    return Snapshot(
        filter=flt,
        organisations=reset(orgs),
        persons=reset(persons),
        groups=reset(f["groups"]),
        activities=reset(acts),
        participations=reset(parts),
        activity_themes=reset(at[at["activity_id"].isin(acts["activity_id"])]),
        themes=reset(f["themes"]),
        works_for=reset(wf[wf["person_id"].isin(persons["person_id"])]),
        memberships=reset(f["memberships"][f["memberships"]["person_id"].isin(persons["person_id"])]),
        knows=reset(knows),
        ratings=reset(ratings),
        survey_rounds=reset(rounds),
    )


class SnapshotMemo:
    """The last few snapshots a store read, by (state id, filter), shared by all threads.

    The dashboard's pages and the services behind them read the same snapshot many times
    per data version (the issue counted 24 reads per pass over the pages, each parsing
    every date); after the first read the rest are a copy. The key is the store's
    :meth:`~netwerk.store.base.Store.state_id`, read in the same read transaction as the
    tables, so a snapshot is never handed out for another state. Each caller gets its own
    copy of every frame (``DataFrame.copy()``), so a service that changes a frame in place
    cannot change what another sees. At most ``size`` snapshots are kept (least recently
    used dropped): at 50,000 persons one is about 150 MB.
    """

    def __init__(self, size: int = 3) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[tuple[str, str], Snapshot] = OrderedDict()
        self.reads = 0
        """Snapshots read from the store (not from here): for tests and benchmarks."""

    def get(self, state: str, flt: SnapshotFilter, read: Callable[[], Snapshot]) -> Snapshot:
        """A copy of the snapshot of ``flt`` at ``state``; ``read()`` reads it when it is not here."""
        key = (state, flt.model_dump_json())
        with self._lock:
            snap = self._items.get(key)
            if snap is not None:
                self._items.move_to_end(key)
        if snap is None:
            snap = read()
            with self._lock:
                self.reads += 1
                self._items[key] = snap
                self._items.move_to_end(key)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return _copied(snap)


def _copied(snap: Snapshot) -> Snapshot:
    return replace(snap, **{f.name: getattr(snap, f.name).copy() for f in fields(snap)
                            if isinstance(getattr(snap, f.name), pd.DataFrame)})
