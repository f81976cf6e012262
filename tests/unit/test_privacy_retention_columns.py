"""The retention plan's latest contact per resident, computed in columns since issue 19 (a
city of 50,000 persons has 847,000 participations; the Python loop took 16 s of the
Privacy page). The reference is the loop it had before, copied here unchanged as
``_old_plan``: the plan must be the same on the demo, a generated city and hand-made edge
cases (activities at the edges of the Amsterdam day, around the DST change, without a
date, participations of unknown activities, naive and text-typed dates)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from netwerk.access import SYSTEM, resident_label
from netwerk.analysis.growth import local_date
from netwerk.domain import AMSTERDAM, Activity, ChangeSet, Knows, Participation, Person
from netwerk.services import privacy
from netwerk.services.generate import generate_changeset
from netwerk.services.seeding import seed

# --- the reference: retention_plan's contact loop before issue 19, copied unchanged ---------


def _old_plan(store, cutoff: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    persons = store.table("persons")
    residents = persons[persons["kind"] == "resident"]
    last: dict[str, dt.date] = {}

    def seen(pid, day) -> None:
        if day is not None and (pid not in last or day > last[pid]):
            last[pid] = day

    acts = store.table("activities")
    act_day = {a: local_date(d) for a, d in zip(acts["activity_id"], acts["date"], strict=True)}
    parts = store.table("participations")
    for a, pid in zip(parts["activity_id"], parts["person_id"], strict=True):
        seen(pid, act_day.get(a))
    knows = store.table("knows")
    for f, t, since in zip(knows["from_id"], knows["to_id"], knows["since"], strict=True):
        seen(f, since)
        seen(t, since)
    for pid, consent in zip(residents["person_id"], residents["consent_date"], strict=True):
        seen(pid, consent)
    to_erase, undated = [], []
    for r in residents.itertuples(index=False):
        label = resident_label(r.person_id, r.pseudonym)
        if r.person_id not in last:
            undated.append((r.person_id, label))
        elif last[r.person_id] < cutoff:
            to_erase.append((r.person_id, label, last[r.person_id]))
    return (pd.DataFrame(to_erase, columns=["person_id", "label", "last_contact"]),
            pd.DataFrame(undated, columns=["person_id", "label"]))


def _assert_same(store, today: dt.date, months: int) -> privacy.PurgePlan:
    plan = privacy.retention_plan(SYSTEM, store, months, today=today)
    to_erase, undated = _old_plan(store, plan.cutoff)
    pd.testing.assert_frame_equal(plan.to_erase, to_erase)
    pd.testing.assert_frame_equal(plan.undated, undated)
    return plan


def test_demo_plan_matches_the_old_loop(store) -> None:
    seed(store, "demo")
    for today, months in ((dt.date(2026, 12, 7), 24), (dt.date(2026, 12, 7), 1), (dt.date(2025, 3, 31), 6),
                          (dt.date(2030, 1, 1), 12)):
        _assert_same(store, today, months)


def test_generated_city_plan_matches_the_old_loop(store) -> None:
    store.apply(generate_changeset(400, 800, seed=3))
    plans = [_assert_same(store, dt.date(2026, 12, 7), m) for m in (1, 6, 12, 24, 60)]
    assert [len(p.to_erase) for p in plans] != [0] * 5 and len(plans[0].undated) > 0  # not all empty


def test_edges_of_the_amsterdam_day_match_the_old_loop(store) -> None:
    utc = dt.UTC

    def act(aid: str, when: dt.datetime | None) -> Activity:
        return Activity(activity_id=aid, kind="straatgesprek", date=when, title=aid)

    store.apply(ChangeSet(
        persons=[Person(person_id=f"r{i}", kind="resident", pseudonym=f"Bewoner {i}") for i in range(1, 8)]
        + [Person(person_id="r8", kind="resident", consent_date=dt.date(2024, 5, 1))],
        activities=[
            act("winter-late", dt.datetime(2024, 1, 31, 23, 30, tzinfo=utc)),  # 1 February in Amsterdam
            act("summer-late", dt.datetime(2024, 6, 30, 22, 30, tzinfo=utc)),  # 1 July in Amsterdam
            act("dst", dt.datetime(2024, 3, 31, 0, 59, tzinfo=utc)),  # 31 March, just before the change
            act("local", dt.datetime(2024, 2, 29, 0, 0, tzinfo=AMSTERDAM)),
        ],
        participations=[Participation(activity_id="winter-late", person_id="r1"),
                        Participation(activity_id="summer-late", person_id="r2"),
                        Participation(activity_id="dst", person_id="r3"),
                        Participation(activity_id="local", person_id="r4"),
                        Participation(activity_id="winter-late", person_id="r4")],
        knows=[Knows(from_id="r5", to_id="r1", since=dt.date(2024, 2, 2))],
    ))
    for today in (dt.date(2024, 3, 1), dt.date(2024, 3, 2), dt.date(2024, 4, 30), dt.date(2024, 8, 1)):
        _assert_same(store, today, 1)
    plan = privacy.retention_plan(SYSTEM, store, 1, today=dt.date(2024, 8, 1))
    last = dict(zip(plan.to_erase["person_id"], plan.to_erase["last_contact"], strict=True))
    # r2's 23:30 UTC on 30 June is 1 July in Amsterdam: the cutoff day itself, so kept
    assert last == {"r1": dt.date(2024, 2, 2), "r3": dt.date(2024, 3, 31), "r4": dt.date(2024, 2, 29),
                    "r5": dt.date(2024, 2, 2), "r8": dt.date(2024, 5, 1)}
    assert plan.cutoff == dt.date(2024, 7, 1) and list(plan.undated["person_id"]) == ["r6", "r7"]


DATES = {
    "aware": lambda: pd.Series(pd.to_datetime(["2024-01-31 23:30", "2024-06-30 22:30", None], utc=True)),
    "naive": lambda: pd.Series(pd.to_datetime(["2024-01-31 23:30", "2024-03-31 02:30", None])),  # Amsterdam wall clock
    "objects": lambda: pd.Series([dt.datetime(2024, 1, 31, 23, 30, tzinfo=dt.UTC), dt.date(2024, 2, 3), None],
                                 dtype=object),
}


@pytest.mark.parametrize("kind", sorted(DATES))
def test_local_days_are_local_date(kind: str) -> None:
    dates = DATES[kind]()
    days = privacy._local_days(dates)
    assert [None if pd.isna(d) else d.date() for d in days] == [local_date(d) for d in dates]
