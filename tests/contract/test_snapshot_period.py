"""A snapshot's period is pushed into each store's query (SQL, Cypher): the result must be
exactly what filtering the full tables gives, at day boundaries around DST too."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from netwerk.domain import AMSTERDAM, Activity, ChangeSet, Participation, Person, SnapshotFilter
from netwerk.services.generate import generate_changeset
from netwerk.store.snapshot import SNAPSHOT_TABLES, build_snapshot


def _at(y, m, d, hh, mm, fold=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=AMSTERDAM, fold=fold)


# activity id -> wall-clock time in Europe/Amsterdam
MOMENTS = {
    "a-0329-2359": _at(2025, 3, 29, 23, 59),
    "a-0330-0000": _at(2025, 3, 30, 0, 0),     # the day the clocks go forward (23 hours)
    "a-0330-2359": _at(2025, 3, 30, 23, 59),
    "a-0331-0000": _at(2025, 3, 31, 0, 0),
    "a-1026-0230a": _at(2025, 10, 26, 2, 30),  # the day the clocks go back (25 hours): 02:30 twice
    "a-1026-0230b": _at(2025, 10, 26, 2, 30, fold=1),
    "a-1026-2359": _at(2025, 10, 26, 23, 59),
    "a-1027-0000": _at(2025, 10, 27, 0, 0),
    "a-1025-2359": _at(2025, 10, 25, 23, 59),
}


@pytest.mark.parametrize(("start", "end", "kept"), [
    (dt.date(2025, 3, 30), dt.date(2025, 3, 30), ["a-0330-0000", "a-0330-2359"]),
    (dt.date(2025, 10, 26), dt.date(2025, 10, 26), ["a-1026-0230a", "a-1026-0230b", "a-1026-2359"]),
    (dt.date(2025, 10, 26), None, ["a-1026-0230a", "a-1026-0230b", "a-1026-2359", "a-1027-0000"]),
    (None, dt.date(2025, 3, 30), ["a-0329-2359", "a-0330-0000", "a-0330-2359"]),
])
def test_period_boundaries_are_amsterdam_midnights(backend, start, end, kept):
    backend.apply(ChangeSet(
        persons=[Person(person_id="p1", kind="professional", display_name="Anna de Vries"),
                 Person(person_id="p2", kind="resident", pseudonym="Bewoner 2")],
        activities=[Activity(activity_id=a, kind="straatgesprek", date=d) for a, d in MOMENTS.items()],
        participations=[Participation(activity_id=a, person_id=p) for a in MOMENTS for p in ("p1", "p2")],
    ))
    snap = backend.snapshot(SnapshotFilter(start=start, end=end))
    assert sorted(snap.activities["activity_id"]) == sorted(kept)
    assert sorted(set(snap.participations["activity_id"])) == sorted(kept)
    assert len(snap.participations) == 2 * len(kept)


@pytest.fixture(scope="module")
def generated() -> ChangeSet:
    return generate_changeset(120, 400, seed=11)


@pytest.mark.parametrize("flt", [
    SnapshotFilter(start=dt.date(2023, 1, 1), end=dt.date(2023, 3, 31)),
    SnapshotFilter(start=dt.date(2024, 10, 27)),
    SnapshotFilter(end=dt.date(2022, 6, 30)),
    SnapshotFilter(start=dt.date(2022, 1, 1), end=dt.date(2025, 12, 31), activity_kinds=("straatgesprek",)),
    SnapshotFilter(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31), themes=("groen", "wonen"),
                   person_kinds=("resident", "professional")),
    SnapshotFilter(start=dt.date(2030, 1, 1)),
])
def test_pushed_down_period_equals_filtering_the_full_tables(backend, generated, flt):
    backend.apply(generated)
    pushed = backend.snapshot(flt)
    reference = build_snapshot({name: backend.table(name) for name in SNAPSHOT_TABLES}, flt)
    for name in SNAPSHOT_TABLES:
        pd.testing.assert_frame_equal(getattr(pushed, name), getattr(reference, name), check_dtype=False, obj=name)
    # The filter keeps something real (except the empty future period), so the comparison can fail.
    assert (len(pushed.participations) > 0) == (flt.start != dt.date(2030, 1, 1))
