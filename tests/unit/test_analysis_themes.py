"""Theme counts, trend, organisations per theme and the co-occurrence network on a
hand-built snapshot."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from netwerk.analysis import snapshot_from_frames
from netwerk.analysis.themes import theme_cooccurrence, theme_counts, theme_organisations, theme_trend
from netwerk.domain import AMSTERDAM


def _snapshot():
    """t1 (10 Jan, X): eenzaamheid + ouderen; t2 (10 Feb, X): eenzaamheid;
    t3 (10 Apr, Y): groen + eenzaamheid; t4 (1 Jul, Y): groen.
    p1 (O1) took part in t1 and t3, p2 (O2) in t1 and t4."""
    acts = pd.DataFrame({
        "activity_id": ["t1", "t2", "t3", "t4"],
        "kind": "straatgesprek",
        "date": [dt.datetime(2025, m, d, 11, tzinfo=AMSTERDAM) for m, d in ((1, 10), (2, 10), (4, 10), (7, 1))],
        "buurt_code": ["X", "X", "Y", "Y"],
    })
    themes = pd.DataFrame({"activity_id": ["t1", "t1", "t2", "t3", "t3", "t4"],
                           "theme": ["eenzaamheid", "ouderen", "eenzaamheid", "groen", "eenzaamheid", "groen"]})
    persons = pd.DataFrame({"person_id": ["p1", "p2"], "kind": "professional"})
    parts = pd.DataFrame({"activity_id": ["t1", "t3", "t1", "t4"], "person_id": ["p1", "p1", "p2", "p2"], "role": "participant"})
    works = pd.DataFrame({"person_id": ["p1", "p2"], "org_id": ["O1", "O2"]})
    orgs = pd.DataFrame({"org_id": ["O1", "O2"], "name": ["Gemeente", "Welzijn"], "sector": ["gemeente", "welzijn"]})
    return snapshot_from_frames(activities=acts, activity_themes=themes, persons=persons, participations=parts,
                                works_for=works, organisations=orgs)


def test_counts_per_quarter_with_zeros():
    df = theme_counts(_snapshot(), "quarter")
    got = {(p, t): n for p, t, n in zip(df["period"], df["theme"], df["activities"], strict=True)}
    assert got == {
        ("2025-K1", "eenzaamheid"): 2, ("2025-K1", "groen"): 0, ("2025-K1", "ouderen"): 1,
        ("2025-K2", "eenzaamheid"): 1, ("2025-K2", "groen"): 1, ("2025-K2", "ouderen"): 0,
        ("2025-K3", "eenzaamheid"): 0, ("2025-K3", "groen"): 1, ("2025-K3", "ouderen"): 0,
    }


def test_counts_per_buurt():
    df = theme_counts(_snapshot(), "quarter", by_buurt=True)
    assert df.values.tolist() == [
        ["2025-K1", "X", "eenzaamheid", 2], ["2025-K1", "X", "ouderen", 1],
        ["2025-K2", "Y", "eenzaamheid", 1], ["2025-K2", "Y", "groen", 1],
        ["2025-K3", "Y", "groen", 1],
    ]


def test_trend_is_the_least_squares_slope():
    trend = theme_trend(theme_counts(_snapshot(), "quarter"))
    # groen 0,1,1 -> slope 0.5; ouderen 1,0,0 -> -0.5; eenzaamheid 2,1,0 -> -1.
    assert trend["theme"].tolist() == ["groen", "ouderen", "eenzaamheid"]
    assert trend["slope"].tolist() == pytest.approx([0.5, -0.5, -1.0])
    assert trend[["total", "first", "last"]].values.tolist() == [[2, 0, 1], [1, 1, 0], [3, 2, 0]]


def test_organisations_per_theme():
    df = theme_organisations(_snapshot())
    assert df[["theme", "organisation", "activities", "persons"]].values.tolist() == [
        ["eenzaamheid", "Gemeente", 2, 1], ["eenzaamheid", "Welzijn", 1, 1],
        ["groen", "Gemeente", 1, 1], ["groen", "Welzijn", 1, 1],
        ["ouderen", "Gemeente", 1, 1], ["ouderen", "Welzijn", 1, 1],
    ]


def test_cooccurrence_network():
    G = theme_cooccurrence(_snapshot())
    assert dict(G.nodes(data="activities")) == {"eenzaamheid": 3, "groen": 2, "ouderen": 1}
    assert sorted((u, v, w) for u, v, w in G.edges(data="weight")) == [("eenzaamheid", "groen", 1),
                                                                       ("eenzaamheid", "ouderen", 1)]


def test_empty_snapshot():
    empty = snapshot_from_frames()
    assert theme_counts(empty).empty and theme_trend(theme_counts(empty)).empty
    assert theme_cooccurrence(empty).number_of_nodes() == 0
