"""Growth: the summary per Amsterdam calendar period."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest

from netwerk.analysis import GROWTH_COLUMNS, growth, period_bounds, period_label, snapshot_from_frames, summary_per_period
from netwerk.analysis.growth import local_date
from netwerk.domain import AMSTERDAM


def ams(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=AMSTERDAM)


def growth_snapshot():
    persons = pd.DataFrame({"person_id": ["p1", "p2", "p3", "p4"], "kind": "professional", "org_id": ["o1", "o2", "o1", "o2"]})
    activities = pd.DataFrame(
        {
            "activity_id": ["jan", "mar", "apr", "jul"],
            "kind": "professionalsoverleg",
            # "mar" is 31 March 23:30 in Amsterdam, "apr" 1 April 00:30 Amsterdam but given in UTC
            # (31 March 22:30Z): the Amsterdam calendar decides.
            "date": [ams(2025, 1, 15, 10), ams(2025, 3, 31, 23, 30), dt.datetime(2025, 3, 31, 22, 30, tzinfo=dt.UTC),
                     ams(2025, 7, 2, 9)],
        }
    )
    parts = pd.DataFrame(
        [("jan", "p1"), ("jan", "p2"), ("mar", "p1"), ("mar", "p3"), ("apr", "p2"), ("apr", "p3"), ("apr", "p4"), ("jul", "p1")],
        columns=["activity_id", "person_id"],
    ).assign(role="participant")
    knows = pd.DataFrame(
        [("p2", "p4", "gemeld", dt.date(2025, 2, 10), 1), ("p1", "p4", "gemeld", None, 1)],
        columns=["from_id", "to_id", "source", "since", "count"],
    )
    return snapshot_from_frames(persons=persons, activities=activities, participations=parts, knows=knows)


def test_quarters_follow_the_amsterdam_calendar_and_include_empty_periods():
    t = summary_per_period(growth_snapshot(), "quarter")
    assert list(t.columns) == list(GROWTH_COLUMNS)
    assert t["period"].tolist() == ["2025-K1", "2025-K2", "2025-K3"]
    assert t["period_start"].tolist() == [dt.date(2025, 1, 1), dt.date(2025, 4, 1), dt.date(2025, 7, 1)]
    assert t["period_end"].tolist() == [dt.date(2025, 3, 31), dt.date(2025, 6, 30), dt.date(2025, 9, 30)]
    k1, k2, k3 = (r for _, r in t.iterrows())
    # K1: jan (p1, p2), mar (p1, p3), KNOWS p2-p4 since February and the undated p1-p4 (a reported
    # tie holds from its date on, an undated one always: the store's period filter does the same).
    assert (k1["activities"], k1["participations"], k1["persons"], k1["ties"]) == (2, 4, 4, 4)
    assert k1["cross_org_ties"] == 2  # p1(o1)-p2(o2) and p1(o1)-p4(o2); p1-p3 both o1, p2-p4 both o2
    assert k1["organisation_ties"] == 1  # o1-o2
    # K2: apr (p2, p3, p4; 3 people, 1/2 per pair) is a triangle; the reported p2-p4 (since
    # February) and undated p1-p4 still hold, so p1 is active with one tie, to p4. Local
    # clustering: p1 0 (one tie), p2 1, p3 1, p4 1/3 (of p1-p2, p1-p3, p2-p3 only p2-p3): 7/12.
    assert (k2["activities"], k2["persons"], k2["ties"]) == (1, 4, 4)
    assert k2["clustering"] == pytest.approx(7 / 12)
    # K3: a single participant (p1 in jul); the two reported ties still hold: p1-p4, p2-p4
    # among p1, p2, p4 (2 of 3 possible ties, no isolate).
    assert (k3["activities"], k3["persons"], k3["ties"], k3["isolates"]) == (1, 3, 2, 0)
    assert k3["density"] == pytest.approx(2 / 3)


def test_months_and_years():
    months = summary_per_period(growth_snapshot(), "month")
    assert months["period"].tolist() == [f"2025-{m:02d}" for m in range(1, 8)]
    may = months.set_index("period").loc["2025-05"]
    # No activity in May: only the two reported ties (p2-p4 since February, p1-p4 undated) remain.
    assert (may["activities"], may["participations"], may["persons"], may["ties"]) == (0, 0, 3, 2)
    assert months.set_index("period").loc["2025-04", "activities"] == 1
    years = summary_per_period(growth_snapshot(), "year")
    assert years["period"].tolist() == ["2025"]
    assert years.loc[0, "activities"] == 4 and years.loc[0, "persons"] == 4


def test_no_dated_activity_gives_no_rows():
    t = summary_per_period(snapshot_from_frames(), "month")
    assert t.empty and list(t.columns) == list(GROWTH_COLUMNS)


def test_unknown_frequency_is_refused():
    with pytest.raises(ValueError, match="unknown period"):
        summary_per_period(growth_snapshot(), "week")


@pytest.mark.parametrize(
    ("day", "freq", "label", "bounds"),
    [
        (dt.date(2025, 3, 31), "quarter", "2025-K1", (dt.date(2025, 1, 1), dt.date(2025, 3, 31))),
        (dt.date(2024, 12, 5), "quarter", "2024-K4", (dt.date(2024, 10, 1), dt.date(2024, 12, 31))),
        (dt.date(2024, 2, 10), "month", "2024-02", (dt.date(2024, 2, 1), dt.date(2024, 2, 29))),
        (dt.date(2025, 12, 31), "month", "2025-12", (dt.date(2025, 12, 1), dt.date(2025, 12, 31))),
        (dt.date(2025, 6, 1), "year", "2025", (dt.date(2025, 1, 1), dt.date(2025, 12, 31))),
    ],
)
def test_period_labels_and_bounds(day, freq, label, bounds):
    assert period_label(day, freq) == label
    assert period_bounds(day, freq) == bounds


def test_local_date():
    assert local_date(dt.datetime(2025, 6, 30, 22, 30, tzinfo=dt.UTC)) == dt.date(2025, 7, 1)  # CEST
    assert local_date(pd.Timestamp("2025-12-31T23:30:00Z")) == dt.date(2026, 1, 1)  # CET
    assert local_date(dt.date(2025, 1, 2)) == dt.date(2025, 1, 2)
    assert local_date(None) is None and local_date(pd.NaT) is None


def test_knows_ties_before_the_first_activity_do_not_add_periods():
    snap = growth_snapshot()
    old = pd.DataFrame([("p1", "p3", "gemeld", dt.date(2019, 5, 1), 1)], columns=list(snap.knows.columns))
    snap.knows = pd.concat([snap.knows, old], ignore_index=True)
    t = summary_per_period(snap, "year")
    assert t["period"].tolist() == ["2025"]
    assert summary_per_period(snapshot_from_frames(knows=old, persons=snap.persons), "year").empty


def test_local_days_gives_local_date_of_every_value():
    values = [ams(2025, 3, 31, 23, 30), dt.datetime(2025, 3, 31, 22, 30, tzinfo=dt.UTC), dt.datetime(2025, 6, 1, 23, 59),
              dt.date(2024, 2, 29), None, pd.NaT, float("nan")]
    got = growth.local_days(values)
    assert [d.date() if not pd.isna(d) else None for d in got] == [
        dt.date(2025, 3, 31), dt.date(2025, 4, 1), dt.date(2025, 6, 1), dt.date(2024, 2, 29), None, None, None]
    assert [growth.local_date(v) for v in values][:4] == [d.date() for d in got[:4]]
    # A tz-aware column (as the stores give it) takes the vectorised path: 22:30Z on 31 March is 1 April here.
    col = pd.Series(pd.to_datetime([dt.datetime(2025, 3, 31, 22, 30, tzinfo=dt.UTC)]).tz_convert(AMSTERDAM))
    assert growth.local_days(col).iloc[0] == pd.Timestamp(2025, 4, 1)


def test_period_parts_are_the_period_snapshots():
    snap = growth_snapshot()
    for label, start, end, part in growth.period_parts(snap, "month"):
        whole = growth.period_snapshot(snap, start, end)
        for name in ("persons", "activities", "participations", "activity_themes", "knows", "works_for"):
            pd.testing.assert_frame_equal(getattr(part, name), getattr(whole, name), obj=f"{label} {name}")


def _counting(monkeypatch) -> list:
    calls: list = []
    real = growth._summary

    def counted(part, working):
        calls.append(tuple(part.activities["activity_id"]))
        return real(part, working)

    monkeypatch.setattr(growth, "_summary", counted)
    return calls


def test_memo_gives_the_same_table_and_recomputes_only_the_changed_quarter(monkeypatch):
    snap = growth_snapshot()
    fresh = summary_per_period(snap, "quarter")
    memo: dict = {}
    calls = _counting(monkeypatch)
    pd.testing.assert_frame_equal(summary_per_period(snap, "quarter", memo=memo), fresh)
    assert len(calls) == 3 and len(memo) == 3
    # The key holds freq, working and part_fingerprint of each quarter's part.
    assert set(memo) == {("summary_per_period", "quarter", True, growth.part_fingerprint(part))
                         for *_, part in growth.period_parts(snap, "quarter")}
    calls.clear()
    pd.testing.assert_frame_equal(summary_per_period(snap, "quarter", memo=memo), fresh)
    assert calls == []  # nothing changed: every quarter from the memo
    # p1 also took part in "apr" (K2): only K2's part changes, so only K2 is computed again.
    edited = replace(snap, participations=pd.concat(
        [snap.participations, pd.DataFrame([("apr", "p1", "participant")], columns=["activity_id", "person_id", "role"])],
        ignore_index=True))
    got = summary_per_period(edited, "quarter", memo=memo)
    assert calls == [("apr",)]
    monkeypatch.undo()
    scratch = summary_per_period(edited, "quarter")
    pd.testing.assert_frame_equal(got, scratch)
    # K2 now: p1-p2, p1-p3 join the triangle p2-p3-p4 and the tie p1-p4: 6 ties among 4 people.
    assert scratch.loc[1, "ties"] == 6 and fresh.loc[1, "ties"] == 4
    pd.testing.assert_frame_equal(scratch.drop(index=1), fresh.drop(index=1))
    # Working and all ties are kept apart in the memo (the key holds freq and working).
    pd.testing.assert_frame_equal(summary_per_period(edited, "quarter", working=False, memo=memo),
                                  summary_per_period(edited, "quarter", working=False))


def test_part_fingerprint_changes_with_any_row_and_with_the_extras():
    snap = growth_snapshot()
    base = growth.part_fingerprint(snap, "quarter", True)
    assert growth.part_fingerprint(snap, "quarter", True) == base
    assert growth.part_fingerprint(snap, "quarter", False) != base
    moved = snap.activities.copy()
    moved.loc[0, "date"] = ams(2025, 1, 16, 10)
    assert growth.part_fingerprint(replace(snap, activities=moved), "quarter", True) != base
