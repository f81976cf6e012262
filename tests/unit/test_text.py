"""netwerk.text: one Dutch notation for numbers, dates and plurals; folding and JSON-ready values."""

from __future__ import annotations

import datetime as dt
import math
import random

import numpy as np
import pandas as pd
import pytest

from netwerk.text import (
    fmt_compact,
    fmt_date,
    fmt_datetime,
    fmt_int,
    fmt_number,
    fmt_percent,
    fold,
    plain,
    plain_dict,
    plural,
    present,
)


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (1234.5, 1, "1.234,5"), (1234567, 0, "1.234.567"), (0.125, 3, "0,125"), (2.5, 0, "2"), (-0.05, 3, "-0,050"),
    (np.float64(1712.0), 0, "1.712"), (np.int64(12345), 0, "12.345"), (True, 0, "1"),
])
def test_numbers_in_dutch_notation(value, decimals, expected):
    assert fmt_number(value, decimals) == expected


def test_a_missing_value_is_a_dash():
    for missing in (None, math.nan, np.float32("nan"), pd.NA, pd.NaT):
        assert fmt_number(missing, 2) == "–"


def test_text_is_shown_as_given():
    assert fmt_number("<5", 2) == "<5"


def test_rounding_is_pythons_own():
    rng = random.Random(7)
    for _ in range(2000):
        x, d = rng.uniform(-1e6, 1e6), rng.randint(0, 3)
        assert fmt_number(x, d) == f"{x:,.{d}f}".translate(str.maketrans({",": ".", ".": ","}))


def test_signed_changes_compact_counts_and_percentages():
    assert [fmt_number(v, 0, sign=True) for v in (3, -2, 0)] == ["+3", "-2", "+0"]
    assert fmt_number(-0.05, 3, sign=True) == "-0,050"
    assert [fmt_compact(v) for v in (3.0, 1.5, 2 / 3, 12345)] == ["3", "1,5", "0,67", "12.345"]
    assert fmt_percent(0.123, 1) == "12,3%" and fmt_percent(0.5) == "50%" and fmt_percent(None) == "–"
    assert fmt_int(12345) == "12.345"


def test_dates_and_times():
    assert fmt_date(dt.date(2026, 12, 7)) == "07-12-2026"
    assert fmt_datetime(dt.datetime(2026, 12, 7, 16, 5, 9)) == "07-12-2026 16:05"
    assert fmt_datetime(dt.datetime(2026, 12, 7, 16, 5, 9), seconds=True) == "07-12-2026 16:05:09"


def test_plural():
    assert [f"{n} {plural(n, 'relatie', 'relaties')}" for n in (0, 1, 2)] == ["0 relaties", "1 relatie", "2 relaties"]


def test_fold_and_present():
    assert fold("Mehmet  Öztürk") == "mehmet ozturk"
    assert [present(v) for v in (None, math.nan, "", "  ", 0, "x")] == [False, False, False, False, True, True]


def test_plain_values_are_json_ready():
    assert plain(np.int64(3)) == 3 and type(plain(np.int64(3))) is int
    assert plain(math.inf) is None and plain(np.float64("nan")) is None
    assert plain(dt.date(2026, 1, 2)) == "2026-01-02"
    assert plain((np.int64(1), "a")) == [1, "a"]
    assert plain_dict({1: np.float64(0.5)}) == {"1": 0.5}


def test_fmt_count_shows_whole_values_without_decimals_and_strengths_with_two():
    import numpy as np

    from netwerk.text import fmt_count

    assert fmt_count(12345) == "12.345"
    assert fmt_count(3.0) == "3"
    assert fmt_count(np.float64(2.5)) == "2,50"
    assert fmt_count(np.int64(1712)) == "1.712"
    assert fmt_count(float("nan")) == "–"


def test_the_import_report_counts_in_singular_and_plural():
    # Found by review: "Nieuw: 1 organisaties, 1 toezeggingen."
    from netwerk.services.importing import ImportReport

    assert "Nieuw: 1 organisatie, 1 toezegging, 3 personen." in ImportReport(
        files=[], created={"organisations": 1, "commitments": 1, "persons": 3}).summary()

