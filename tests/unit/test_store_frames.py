"""The stores' column helpers (netwerk/store/snapshot.py): the vectorised conversions give
exactly what the per-row code gave (values, dtypes, the hour the clocks go back)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from netwerk.domain import AMSTERDAM
from netwerk.store.snapshot import amsterdam_times, none_for_missing

TEXTS = ["2024-10-27T02:30:00+02:00", "2024-10-27T02:30:00+01:00", None, "2024-10-27T00:30Z",
         "2024-03-31T03:15:00.123456+02:00", "2024-01-01T10:00+01:00"]


def per_row(texts: list[str | None]) -> pd.DataFrame:
    df = pd.DataFrame({"i": range(len(texts))})
    df["t"] = [datetime.fromisoformat(v).astimezone(AMSTERDAM) if v else None for v in texts]
    return df


def test_amsterdam_times_equal_the_per_row_column_with_both_0230s_on_the_day_the_clocks_go_back():
    old = per_row(TEXTS)
    new = pd.DataFrame({"i": range(len(TEXTS))})
    new["t"] = amsterdam_times(pd.Series(TEXTS, dtype=object))
    assert str(new["t"].dtype) == "datetime64[ns, Europe/Amsterdam]" and new["t"].dtype == old["t"].dtype
    assert new["t"].equals(old["t"])
    first, second = new["t"][0], new["t"][1]
    assert (first.hour, first.minute, first.utcoffset()) == (2, 30, timedelta(hours=2))
    assert (second.hour, second.minute, second.utcoffset()) == (2, 30, timedelta(hours=1))
    assert second - first == timedelta(hours=1)  # two instants an hour apart
    assert new["t"][3] == first  # 00:30 UTC is the first 02:30
    assert new["t"][4].microsecond == 123456 and pd.isna(new["t"][2])


def test_a_column_without_any_time_stays_what_pandas_made_of_nones():
    for texts in ([], [None, None]):
        old, new = per_row(texts), pd.DataFrame({"i": range(len(texts))})
        new["t"] = amsterdam_times(pd.Series(texts, dtype=object))
        assert new["t"].dtype == old["t"].dtype and list(new["t"]) == list(old["t"])


def test_none_for_missing_equals_astype_object_where_notna():
    df = pd.DataFrame({"s": ["a", None, "c"], "n": [1, None, 3], "k": [1, 2, 3], "f": [0.5, 1.5, None],
                       "e": [None, None, None]})
    old, new = df.astype(object).where(df.notna(), None), none_for_missing(df)
    assert list(new.dtypes) == list(old.dtypes) == [object] * 5
    assert new.to_dict("list") == old.to_dict("list") == {
        "s": ["a", None, "c"], "n": [1.0, None, 3.0], "k": [1, 2, 3], "f": [0.5, 1.5, None], "e": [None, None, None]}
    assert [type(v) for v in new["k"]] == [int, int, int]


def test_an_offset_with_seconds_and_a_year_beyond_pandas_are_converted_as_before():
    for texts in (["1935-06-27T12:00:00+01:19:32", "1936-01-01T09:00:00+00:19:32", None],
                  ["1500-01-01T12:00:00+00:00", "2024-01-01T10:00:00+01:00"]):
        old, new = per_row(texts), pd.DataFrame({"i": range(len(texts))})
        new["t"] = amsterdam_times(pd.Series(texts, dtype=object))
        assert new["t"].dtype == old["t"].dtype
        assert [str(v) for v in new["t"]] == [str(v) for v in old["t"]]
    amsterdam_1935 = amsterdam_times(pd.Series(["1935-06-27T12:00:00+01:19:32"], dtype=object))[0]
    assert amsterdam_1935.utcoffset() == timedelta(hours=1, minutes=19, seconds=32) and amsterdam_1935.hour == 12
