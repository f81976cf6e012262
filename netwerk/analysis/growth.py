"""Growth: the network summary per calendar period (Europe/Amsterdam)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import replace
from typing import Literal

import numpy as np
import pandas as pd

from netwerk.analysis.snapshot import social_pairs
from netwerk.analysis.summary import SUMMARY_KEYS, summary_from_codes, summary_from_edges
from netwerk.analysis.ties import tie_edges
from netwerk.domain import AMSTERDAM, Snapshot

__all__ = ["GROWTH_COLUMNS", "day_span", "local_date", "local_days", "part_fingerprint", "period_bounds", "period_label",
           "period_parts", "period_snapshot", "periods", "summary_per_period", "two_mode_counts"]

Freq = Literal["month", "quarter", "year"]

GROWTH_COLUMNS: tuple[str, ...] = ("period", "period_start", "period_end", *SUMMARY_KEYS)


def local_date(value) -> dt.date | None:
    """The Europe/Amsterdam calendar date of a datetime (naive = Amsterdam wall-clock
    time) or date; None for a missing value (None, NaN, NaT).

    Raises
    ------
    TypeError
        For a value that is neither a date nor missing.
    """
    if value is None or value is pd.NaT or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.date()
        return value.astimezone(AMSTERDAM).date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"not a date: {value!r}")


def period_bounds(day: dt.date, freq: Freq) -> tuple[dt.date, dt.date]:
    """First and last calendar day (inclusive) of the ``freq`` period containing ``day``.

    Raises
    ------
    ValueError
        For an unknown ``freq``.
    """
    if freq == "month":
        start = day.replace(day=1)
        nxt = (start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1))
    elif freq == "quarter":
        start = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        nxt = dt.date(start.year + 1, 1, 1) if start.month == 10 else dt.date(start.year, start.month + 3, 1)
    elif freq == "year":
        start = dt.date(day.year, 1, 1)
        nxt = dt.date(day.year + 1, 1, 1)
    else:
        raise ValueError(f"unknown period {freq!r}: use month, quarter or year")
    return start, nxt - dt.timedelta(days=1)


def period_label(day: dt.date, freq: Freq) -> str:
    """The label of the period containing ``day``: ``2025-03`` (month), ``2025-K1``
    (quarter, Dutch *kwartaal*) or ``2025`` (year).

    Raises
    ------
    ValueError
        For an unknown ``freq``.
    """
    if freq == "month":
        return f"{day.year}-{day.month:02d}"
    if freq == "quarter":
        return f"{day.year}-K{(day.month - 1) // 3 + 1}"
    if freq == "year":
        return str(day.year)
    raise ValueError(f"unknown period {freq!r}: use month, quarter or year")


def periods(first: dt.date, last: dt.date, freq: Freq) -> list[tuple[str, dt.date, dt.date]]:
    """Every period from the one containing ``first`` to the one containing ``last``:
    (label, start, end) tuples, consecutive, empty periods included (end inclusive).

    Raises
    ------
    ValueError
        For an unknown ``freq``.
    """
    out = []
    start, end = period_bounds(first, freq)
    while start <= last:
        out.append((period_label(start, freq), start, end))
        start, end = period_bounds(end + dt.timedelta(days=1), freq)
    return out


def local_days(values: Iterable | pd.Series) -> pd.Series:
    """:func:`local_date` of many values at once, vectorised.

    Parameters
    ----------
    values : Series or iterable
        tz-aware datetimes (any zone), naive datetimes (Amsterdam wall-clock time),
        dates, or missing values (None, NaN, NaT).

    Returns
    -------
    pandas.Series
        ``datetime64[ns]``, one per value in order (index 0..n-1): midnight of the
        Europe/Amsterdam calendar day, NaT for a missing value. ``.dt.date`` gives the
        dates :func:`local_date` gives.

    Raises
    ------
    TypeError
        For a value that is neither a date nor missing.
    """
    s = values.reset_index(drop=True) if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        return s.dt.tz_convert(AMSTERDAM).dt.tz_localize(None).dt.normalize().astype("datetime64[ns]")
    if pd.api.types.is_datetime64_dtype(s.dtype):
        return s.dt.normalize().astype("datetime64[ns]")
    days = [local_date(v) for v in s]  # mixed objects: one at a time, as local_date
    return pd.Series(pd.to_datetime(pd.Series(days, dtype=object)), dtype="datetime64[ns]")


def day_span(values: Iterable | pd.Series) -> tuple[dt.date, dt.date] | None:
    """The first and last Amsterdam calendar day of ``values`` (as :func:`local_days`),
    e.g. of a snapshot's activity dates for :func:`periods`; None when none is dated."""
    days = local_days(values)
    if not days.notna().any():
        return None
    return days.min().date(), days.max().date()


_PERIOD_CODE = {"month": "M", "quarter": "Q", "year": "Y"}


def _period_starts(days: pd.Series, freq: Freq) -> pd.Series:
    """The first day of each day's ``freq`` period (NaT stays NaT)."""
    return days.dt.to_period(_PERIOD_CODE[freq]).dt.start_time.astype("datetime64[ns]")


def period_snapshot(snapshot: Snapshot, start: dt.date, end: dt.date) -> Snapshot:
    """The part of a snapshot that happened from ``start`` to ``end`` (inclusive,
    Amsterdam calendar days).

    Parameters
    ----------
    snapshot : Snapshot
    start, end : datetime.date

    Returns
    -------
    Snapshot
        Activities dated in the period with their participations and themes; KNOWS ties
        reported by the end of the period (``since`` on or before ``end``, or undated);
        the persons taking part in these (other tables filtered to those persons;
        organisations and themes kept).

    Notes
    -----
    The same selection as the store's period filter
    (:func:`netwerk.store.snapshot.build_snapshot` with ``SnapshotFilter(start, end)``),
    so a period on Groei and Overzicht shows the same figures as the dashboard filtered
    to that period and ``netwerk analyse --from --to``: a reported tie holds from the
    day it was reported on.
    """
    act_days = local_days(snapshot.activities["date"])
    in_period = ((act_days >= pd.Timestamp(start)) & (act_days <= pd.Timestamp(end))).to_numpy()
    ids = snapshot.activities["activity_id"][in_period]
    return _part(snapshot, _PersonCodes(snapshot), np.flatnonzero(in_period),
                 np.flatnonzero(snapshot.participations["activity_id"].isin(ids).to_numpy()),
                 np.flatnonzero(snapshot.activity_themes["activity_id"].isin(ids).to_numpy()),
                 _knows_by(local_days(snapshot.knows["since"]), end))


def _knows_by(knows_days: pd.Series, end: dt.date) -> np.ndarray:
    # As the store's period filter (netwerk.store.snapshot.build_snapshot): a reported
    # tie holds from its ``since`` on; an undated one always.
    return (knows_days.isna() | (knows_days <= pd.Timestamp(end))).to_numpy()


class _PersonCodes:
    """Every person column of a snapshot as integer codes into its persons' ids, found
    once, so each period selects persons with array indexing instead of hashing ids
    again. ``unknown`` (= number of distinct ids) codes an id that is no person."""

    def __init__(self, snapshot: Snapshot):
        codes, uniques = pd.factorize(snapshot.persons["person_id"])
        self.unknown = len(uniques)
        index = pd.Index(uniques)

        def of(col: pd.Series) -> np.ndarray:
            c = index.get_indexer(col) if len(col) else np.zeros(0, dtype=np.intp)
            return np.where(c < 0, self.unknown, c)

        self.persons = codes
        self.participations = of(snapshot.participations["person_id"])
        self.works_for = of(snapshot.works_for["person_id"])
        self.memberships = of(snapshot.memberships["person_id"])
        self.knows_from = of(snapshot.knows["from_id"])
        self.knows_to = of(snapshot.knows["to_id"])


_PART_TABLES = ("persons", "activities", "participations", "activity_themes", "memberships", "works_for", "knows")
"""The tables a period's part selects rows of (ratings are left out: a period has none)."""


def _select(codes: _PersonCodes, acts: np.ndarray, parts: np.ndarray, themes: np.ndarray,
            knows: np.ndarray) -> dict[str, np.ndarray]:
    """The period's rows, per table of :data:`_PART_TABLES` (positions or a mask), from the
    row positions of its activities, their participations and themes and the mask of the
    KNOWS ties that hold: the persons in them (persons of the snapshot only), and what
    belongs to those persons."""
    active = np.zeros(codes.unknown + 1, dtype=bool)
    active[codes.participations[parts]] = True
    active[codes.knows_from[knows]] = True
    active[codes.knows_to[knows]] = True
    active[codes.unknown] = False  # an id that is no person selects nothing
    return {
        "persons": active[codes.persons],
        "activities": acts,
        "participations": parts[active[codes.participations[parts]]],
        "activity_themes": themes,
        "memberships": active[codes.memberships],
        "works_for": active[codes.works_for],
        "knows": knows & active[codes.knows_from],
    }


def _part(snapshot: Snapshot, codes: _PersonCodes, acts: np.ndarray, parts: np.ndarray, themes: np.ndarray,
          knows: np.ndarray) -> Snapshot:
    """The period's part (:func:`_select`) as a Snapshot."""
    return _build(snapshot, _select(codes, acts, parts, themes, knows))


def _build(snapshot: Snapshot, rows: dict[str, np.ndarray]) -> Snapshot:
    frames = {name: getattr(snapshot, name) for name in _PART_TABLES}
    taken = {name: (df[rows[name]] if rows[name].dtype == bool else df.iloc[rows[name]]).reset_index(drop=True)
             for name, df in frames.items()}
    return replace(snapshot, **taken, ratings=snapshot.ratings.iloc[0:0])


def _selections(snapshot: Snapshot, freq: Freq) -> Iterator[tuple[str, dt.date, dt.date, dict[str, np.ndarray]]]:
    """:func:`period_parts` as row selections (:func:`_select`), before any frame is built."""
    if freq not in _PERIOD_CODE:
        raise ValueError(f"unknown period {freq!r}: use month, quarter or year")
    acts = snapshot.activities
    act_days = local_days(acts["date"])
    if not act_days.notna().any():
        return
    act_period = _period_starts(act_days, freq)
    of_activity = pd.Series(act_period.to_numpy(), index=acts["activity_id"].to_numpy())
    of_activity = of_activity[~of_activity.index.duplicated()]
    by_act = _groups(act_period)
    by_part = _groups(snapshot.participations["activity_id"].map(of_activity))
    by_theme = _groups(snapshot.activity_themes["activity_id"].map(of_activity))
    knows_days = local_days(snapshot.knows["since"])
    codes = _PersonCodes(snapshot)
    none = np.zeros(0, dtype=np.intp)
    for label, start, end in periods(act_days.min().date(), act_days.max().date(), freq):
        key = pd.Timestamp(start)
        yield label, start, end, _select(codes, by_act.get(key, none), by_part.get(key, none), by_theme.get(key, none),
                                         _knows_by(knows_days, end))


def period_parts(snapshot: Snapshot, freq: Freq = "quarter") -> Iterator[tuple[str, dt.date, dt.date, Snapshot]]:
    """Every ``freq`` period of the snapshot with its part, oldest first: (label, start,
    end, :func:`period_snapshot` of that period), from the period of the earliest activity
    to that of the latest, empty periods included; nothing without dated activities.

    Each activity's (and KNOWS tie's) Amsterdam day and period are computed once,
    vectorised, each person column is coded once, and each period takes its activities,
    participations and themes by group, so the whole pass is linear in the snapshot
    rather than periods x rows of Python work.

    Raises
    ------
    ValueError
        For an unknown ``freq``.
    """
    for label, start, end, rows in _selections(snapshot, freq):
        yield label, start, end, _build(snapshot, rows)


def _groups(keys: pd.Series) -> dict:
    """Period start -> row positions (ascending), rows without a period left out."""
    keys = pd.Series(keys.to_numpy(), dtype="datetime64[ns]")
    return {pd.Timestamp(k): v for k, v in keys.groupby(keys, sort=False).indices.items() if not pd.isna(k)}


def part_fingerprint(part: Snapshot, *extra: object) -> str:
    """A content fingerprint of a period's part: the BLAKE2b digest of
    :func:`pandas.util.hash_pandas_object` over every row of the part's persons,
    activities, participations, themes, memberships, employments and KNOWS ties (with
    their column names and dtypes), and of ``extra`` (e.g. freq and working). Two parts
    with the same fingerprint hold the same rows, so anything computed from the part
    alone is the same for both."""
    return _fingerprint({name: _row_hashes(getattr(part, name)) for name in _PART_TABLES},
                        {name: getattr(part, name) for name in _PART_TABLES}, None, extra)


def _row_hashes(df: pd.DataFrame) -> np.ndarray:
    """One uint64 per row (``hash_pandas_object``, index left out): a row's hash depends on
    its values only, so the hashes of a table's rows are those of the same rows in a part."""
    return pd.util.hash_pandas_object(df, index=False).to_numpy() if len(df) else np.zeros(0, dtype=np.uint64)


def _fingerprint(hashes: dict[str, np.ndarray], frames: dict[str, pd.DataFrame], rows: dict[str, np.ndarray] | None,
                 extra: tuple) -> str:
    h = hashlib.blake2b(repr(extra).encode(), digest_size=20)
    for name in _PART_TABLES:
        df, mine = frames[name], hashes[name] if rows is None else hashes[name][rows[name]]
        h.update(f"|{name}:{len(mine)}:{list(df.columns)}:{[str(t) for t in df.dtypes]}".encode())
        h.update(mine.tobytes())
    return h.hexdigest()


def summary_per_period(snapshot: Snapshot, freq: Freq = "quarter", working: bool = True,
                       memo: MutableMapping[tuple, dict] | None = None) -> pd.DataFrame:
    """The network summary of each calendar period, for growth charts.

    Parameters
    ----------
    snapshot : Snapshot
    freq : {"month", "quarter", "year"}, default "quarter"
        Europe/Amsterdam calendar periods.
    working : bool, default True
        Count working ties, the product's "relatie" (:mod:`netwerk.analysis.ties`);
        False counts every ontmoeting and kent tie (the network of
        :func:`~netwerk.analysis.social_graph`).
    memo : mutable mapping, optional
        Per-period results kept by the caller between calls (a dict, or any mapping whose
        single get and set are thread-safe when pages share it; a dict is, under the GIL).
        Key: ``("summary_per_period", freq, working, fingerprint)`` where fingerprint is
        :func:`part_fingerprint` of the period's part, value: that period's summary
        (the dict of :class:`~netwerk.analysis.NetworkSummary` keys). Safe because a
        period's summary is a function of its part alone and the fingerprint hashes every
        row of every table the summary reads: after an edit, a period whose part did not
        change finds its entry, one whose part changed misses and is computed anew. Keys
        never name a data version, so entries of periods that changed stay unused; the
        caller bounds the mapping's size (e.g. an LRU) or drops it. None: no memo.

    Returns
    -------
    pandas.DataFrame
        One row per period, from the period of the earliest activity to that of the
        latest, empty periods included (zeros). Columns: period (label ``2025-03``,
        ``2025-K1`` or ``2025``), period_start, period_end (inclusive dates) and the
        keys of :class:`~netwerk.analysis.NetworkSummary`. No activities: no rows.
        The same with and without ``memo``.

    Raises
    ------
    ValueError
        For an unknown ``freq``.

    Notes
    -----
    Each row is the network of that period (:func:`period_snapshot`, the same selection
    as the store's period filter): the period's activities and the persons in them,
    plus the KNOWS ties reported by the period's end. Co-participation ties do not
    carry over to later periods; a reported tie holds from the day it was reported.
    Each row equals ``network_summary(person_network(part), bipartite_graph(part))`` of
    the period's part (``social_graph`` when not ``working``), computed from plain tie
    lists without building networkx graphs (several times faster on large networks).
    Activities set the range: KNOWS ties dated before the first activity add no
    periods, so they do not stretch a growth chart back over years without work.
    """
    out = []
    frames = {name: getattr(snapshot, name) for name in _PART_TABLES}
    # Every row hashed once; a period's fingerprint gathers its rows' hashes (equal to
    # part_fingerprint of the part), and its part is built only when it must be computed.
    hashes = {name: _row_hashes(df) for name, df in frames.items()} if memo is not None else {}
    for label, start, end, rows in _selections(snapshot, freq):
        if memo is None:
            summary = _summary(_build(snapshot, rows), working)
        else:
            key = ("summary_per_period", freq, working, _fingerprint(hashes, frames, rows, ()))
            kept = memo.get(key)
            summary = kept if kept is not None else _summary(_build(snapshot, rows), working)
            memo[key] = summary
        out.append({"period": label, "period_start": start, "period_end": end, **summary})
    return pd.DataFrame(out, columns=list(GROWTH_COLUMNS))


def _summary(part: Snapshot, working: bool) -> dict:
    """One period's summary (:func:`summary_per_period`) as a dict."""
    if working:
        persons, edges = tie_edges(part, working=True)
        return summary_from_edges(persons, edges, *two_mode_counts(part)).as_dict()
    return summary_from_codes(*social_pairs(part), *two_mode_counts(part)).as_dict()


def two_mode_counts(snapshot: Snapshot) -> tuple[int, int]:
    """Activities and participations as :func:`bipartite_graph` counts them: distinct
    activity ids, and distinct (person, activity) pairs of persons and activities in the
    snapshot.

    Returns ``(activities, participations)``, both ``>= 0``; ``(0, 0)`` for a snapshot
    without activities. Raises ``KeyError`` if the snapshot's frames lack the id columns."""
    acts = snapshot.activities
    if not len(acts):
        return 0, 0
    act_ids = set(acts["activity_id"].astype(str))
    parts = snapshot.participations
    if not len(parts):
        return len(act_ids), 0
    pids = set(snapshot.persons["person_id"].astype(str))
    pairs = pd.DataFrame({"a": parts["activity_id"].astype(str), "p": parts["person_id"].astype(str)})
    pairs = pairs[pairs["a"].isin(act_ids) & pairs["p"].isin(pids)].drop_duplicates()
    return len(act_ids), len(pairs)
